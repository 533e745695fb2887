/* SPDX-License-Identifier: GPL-2.0 */
/*
 * panswitch internal objects and the locking rule.
 *
 * Locking rule
 * ------------
 * Every change to a switch, its ports, PANs and entries is made under
 * RTNL; so are GET requests and dump callbacks, which therefore see a
 * stable state within one callback. Each change bumps the switch's and the
 * namespace's generation counters, so that a dump spanning several
 * callbacks can flag NLM_F_DUMP_INTR: a dump of one switch watches that
 * switch's counter, a dump of every switch the namespace's.
 *
 * The packet path takes no lock. It runs under the RCU read lock that
 * __netif_receive_skb_core() holds around rx handlers and reads:
 *   - the ingress port, from the device's rx_handler_data;
 *   - port->pan and port->sw, which never change while the port exists;
 *   - the entry table (an rhashtable) and entry->port;
 *   - pan->ports, an RCU list.
 * Writers unpublish an object (rhashtable_remove_fast, list_del_rcu,
 * netdev_rx_handler_unregister) and free it after a grace period
 * (call_rcu). An entry that points to a port is removed before the port is
 * unpublished, and a port holds a reference on its net_device until its
 * RCU callback has run, so a reader that found an entry may use
 * entry->port->dev until it leaves its read-side section.
 *
 * A PAN cannot be deleted while it has vm ports, so port->pan is stable.
 * A switch detaches all its ports before its device is unregistered.
 */
#ifndef _PSW_PANSWITCH_H
#define _PSW_PANSWITCH_H

#include <linux/etherdevice.h>
#include <linux/netdevice.h>
#include <linux/rhashtable.h>
#include <linux/rtnetlink.h>
#include <linux/u64_stats_sync.h>
#include <linux/xarray.h>
#include <net/genetlink.h>

#include "../include/uapi/linux/panswitch.h"

/* Per-CPU counters of a port or a PAN. */
struct psw_pcpu_stats {
	u64_stats_t rx_packets;
	u64_stats_t rx_bytes;
	u64_stats_t tx_packets;
	u64_stats_t tx_bytes;
	u64_stats_t flooded;
	u64_stats_t drops[__PSW_DROP_MAX];
	struct u64_stats_sync syncp;
};

/* A sum of the per-CPU counters, as reported. */
struct psw_stats {
	u64 rx_packets;
	u64 rx_bytes;
	u64 tx_packets;
	u64 tx_bytes;
	u64 flooded;
	u64 drops[__PSW_DROP_MAX];
};

/* Per network namespace state. */
struct psw_net {
	struct list_head switches;	/* struct psw_switch, RTNL */
	unsigned int gen;		/* bumped on every change, RTNL */
};

struct psw_switch {
	struct net_device *dev;
	struct list_head node;		/* in psw_net.switches */
	struct list_head ports;		/* struct psw_port, RTNL */
	struct xarray pans;		/* PAN id -> struct psw_pan */
	struct rhashtable entries;	/* struct psw_entry by {PAN, MAC} */
	unsigned int nports;
	unsigned int npans;
	unsigned int nentries;
	unsigned int gen;		/* bumped on every change, RTNL */
};

struct psw_pan {
	u32 id;
	struct psw_switch *sw;
	struct list_head ports;		/* vm ports; RCU readers */
	struct list_head entries;	/* struct psw_entry, RTNL */
	unsigned int nports;
	unsigned int nentries;
	struct psw_pcpu_stats __percpu *stats;
	struct rcu_head rcu;
};

struct psw_port {
	struct net_device *dev;
	netdevice_tracker dev_tracker;
	struct psw_switch *sw;
	struct psw_pan *pan;		/* NULL for an uplink */
	enum psw_port_role role;
	struct list_head sw_node;	/* in psw_switch.ports */
	struct list_head pan_node;	/* in psw_pan.ports */
	unsigned int nmacs;
	u8 macs[PSW_PORT_MAX_MACS][ETH_ALEN];
	struct psw_pcpu_stats __percpu *stats;
	struct rcu_head rcu;
};

struct psw_entry_key {
	u32 pan;
	u8 mac[ETH_ALEN];
	u16 zero;			/* padding, always 0 */
};

struct psw_entry {
	struct rhash_head node;
	struct psw_entry_key key;
	u8 mode;			/* enum psw_mode */
	u8 origin;			/* enum psw_origin */
	struct psw_port *port;		/* PSW_MODE_LOCAL: where to deliver */
	struct psw_pan *pan;
	struct list_head pan_node;	/* in psw_pan.entries */
	struct rcu_head rcu;
};

/* main.c */
extern unsigned int psw_net_id;
struct psw_net *psw_net(const struct net *net);
void psw_changed(struct psw_switch *sw);

/* device.c */
extern struct rtnl_link_ops psw_link_ops;
bool psw_is_switch(const struct net_device *dev);
struct psw_switch *psw_switch_create(struct net *net, const char *name,
				     struct netlink_ext_ack *extack);
void psw_switch_delete(struct psw_switch *sw);

/* port.c */
struct psw_port *psw_port_of(const struct net_device *dev);
int psw_port_add(struct psw_switch *sw, struct net_device *dev,
		 enum psw_port_role role, struct psw_pan *pan,
		 const u8 (*macs)[ETH_ALEN], unsigned int nmacs,
		 struct netlink_ext_ack *extack);
void psw_port_del(struct psw_port *port);
void psw_switch_del_ports(struct psw_switch *sw);
int psw_port_notifier(struct net_device *dev, unsigned long event);

/* pan.c */
struct psw_pan *psw_pan_find(const struct psw_switch *sw, u32 id);
int psw_pan_add(struct psw_switch *sw, u32 id, struct netlink_ext_ack *extack);
int psw_pan_del(struct psw_pan *pan, struct netlink_ext_ack *extack);
void psw_switch_del_pans(struct psw_switch *sw);

/* table.c */
int psw_table_init(struct psw_switch *sw);
void psw_table_destroy(struct psw_switch *sw);
struct psw_entry *psw_entry_lookup(const struct psw_switch *sw, u32 pan,
				   const u8 *mac);
struct psw_entry *psw_entry_find(const struct psw_switch *sw, u32 pan,
				 const u8 *mac);
int psw_entry_add(struct psw_pan *pan, const u8 *mac, u8 mode,
		  struct psw_port *port, u8 origin, bool replace,
		  struct netlink_ext_ack *extack);
void psw_entry_del(struct psw_entry *e);
void psw_pan_flush_entries(struct psw_pan *pan);
void psw_port_flush_entries(struct psw_port *port);

/* forward.c */
rx_handler_result_t psw_handle_frame(struct sk_buff **pskb);

/* stats.c */
struct psw_pcpu_stats __percpu *psw_stats_alloc(void);
void psw_stats_read(struct psw_pcpu_stats __percpu *pcpu,
		    struct psw_stats *sum);
int psw_stats_fill(struct sk_buff *skb, struct psw_pcpu_stats __percpu *pcpu);

/* netlink.c */
int psw_genl_init(void);
void psw_genl_exit(void);
void psw_notify_switch(struct psw_switch *sw, u8 cmd);
void psw_notify_port(struct psw_port *port, u8 cmd);

/* Counting, on the packet path (BH context, this CPU's counters). */
static inline void psw_stats_rx(struct psw_pcpu_stats __percpu *pcpu,
				unsigned int len)
{
	struct psw_pcpu_stats *s = this_cpu_ptr(pcpu);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->rx_packets);
	u64_stats_add(&s->rx_bytes, len);
	u64_stats_update_end(&s->syncp);
}

static inline void psw_stats_tx(struct psw_pcpu_stats __percpu *pcpu,
				unsigned int len)
{
	struct psw_pcpu_stats *s = this_cpu_ptr(pcpu);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->tx_packets);
	u64_stats_add(&s->tx_bytes, len);
	u64_stats_update_end(&s->syncp);
}

static inline void psw_stats_flood(struct psw_pcpu_stats __percpu *pcpu)
{
	struct psw_pcpu_stats *s = this_cpu_ptr(pcpu);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->flooded);
	u64_stats_update_end(&s->syncp);
}

static inline void psw_stats_drop(struct psw_pcpu_stats __percpu *pcpu,
				  enum psw_drop_reason reason)
{
	struct psw_pcpu_stats *s = this_cpu_ptr(pcpu);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->drops[reason]);
	u64_stats_update_end(&s->syncp);
}

#endif /* _PSW_PANSWITCH_H */
