/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Encapsulation negotiation (remote.c, nl_remote.c) and data-plane probes
 * (probe.c): a switch's remote objects, its preference list, encap auto.
 *
 * Locking: remote objects are added, changed and removed under RTNL; the
 * probe path finds them under RCU in a small hash by address. A remote's
 * encapsulation list is read by the control path only (RTNL); its probe
 * state is written by probe.c with WRITE_ONCE/cmpxchg and read by fill
 * functions under RTNL or RCU.
 */
#ifndef _PSW_REMOTE_H
#define _PSW_REMOTE_H

#include <linux/ratelimit.h>
#include <linux/u64_stats_sync.h>

#include "psw.h"

#define PSW_NENCAPS		3	/* vxlan, nvgre, etherip */
#define PSW_REMOTE_HASH_BITS	6
#define PSW_PROBE_SIZES		7

/* One remote object: what the switch at an underlay address supports. */
struct psw_rmt {
	struct hlist_node hnode;	/* in psw_nego.hash; RCU readers */
	struct list_head node;		/* in psw_nego.list, oldest first */
	union psw_ip ip;
	u8 family;
	u8 nencaps;
	u8 encaps[PSW_NENCAPS];		/* enum psw_encap, in order */
	/* The last probe (probe.c). */
	u8 nprobed;
	u8 probed[PSW_NENCAPS];		/* the encapsulations probed */
	u32 cookie;			/* of the probe in flight; 0: none */
	unsigned long started;		/* jiffies */
	unsigned long deadline;		/* jiffies: answers after it are late */
	u32 size[PSW_ENCAP_ETHERIP + 1];	/* per encap: largest answered */
	struct rcu_head rcu;
};

struct psw_probe_pcpu {
	u64 v[__PSW_PROBE_STATS_MAX];
	struct u64_stats_sync syncp;
};

/* A switch's negotiation state: sw->nego, freed with the device. */
struct psw_nego {
	u8 nencaps;			/* the switch's preference; RTNL */
	u8 encaps[PSW_NENCAPS];
	struct list_head list;		/* struct psw_rmt; RTNL */
	struct hlist_head hash[1 << PSW_REMOTE_HASH_BITS];
	unsigned int nremotes;		/* RTNL */
	u64 limit_hits;			/* RTNL */
	struct ratelimit_state answer_rs;	/* probes answered */
	struct psw_probe_pcpu __percpu *stats;
};

struct psw_nego *psw_nego_alloc(void);
void psw_nego_free(struct psw_nego *ng);
void psw_nego_flush(struct psw_switch *sw);

struct psw_rmt *psw_rmt_find(struct psw_switch *sw, u8 family,
			     const union psw_ip *ip);
int psw_rmt_add(struct psw_switch *sw, u8 family, const union psw_ip *ip,
		const u8 *encaps, u8 n, struct netlink_ext_ack *extack);
int psw_rmt_set(struct psw_switch *sw, struct psw_rmt *r, const u8 *encaps,
		u8 n, struct netlink_ext_ack *extack);
int psw_rmt_del(struct psw_switch *sw, struct psw_rmt *r,
		struct netlink_ext_ack *extack);
int psw_nego_check_switch(struct psw_switch *sw, const struct nlattr *attr,
			  u8 *encaps, u8 *n, struct netlink_ext_ack *extack);
void psw_nego_apply_switch(struct psw_switch *sw, const u8 *encaps, u8 n);
int psw_nego_resolve(struct psw_switch *sw, struct psw_remote *r,
		     struct netlink_ext_ack *extack);
int psw_nego_fill_switch(struct sk_buff *skb, const struct psw_switch *sw);
int psw_nego_parse(const struct nlattr *attr, u8 *encaps, u8 *n,
		   struct netlink_ext_ack *extack);
int psw_nego_common(const u8 *a, u8 na, const u8 *b, u8 nb, u8 *out);
void psw_nego_list_str(char *buf, size_t len, const u8 *encaps, u8 n);

/* probe.c */
void psw_probe_count(struct psw_switch *sw, int which);
int psw_probe_start(struct psw_switch *sw, struct psw_rmt *r, u32 timeout_ms,
		    struct netlink_ext_ack *extack);
void psw_probe_rcv(struct psw_switch *sw, struct sk_buff *skb, u8 family,
		   const union psw_ip *src, u8 encap, unsigned int off);
bool psw_probe_is(const struct sk_buff *skb, unsigned int off);
int psw_probe_fill_stats(struct sk_buff *skb, const struct psw_switch *sw);

#endif /* _PSW_REMOTE_H */
