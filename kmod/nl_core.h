/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the netlink files share: nl_core.c (the family, lookups, replies,
 * notifications, the dump walk) and the per-object handler files
 * nl_switch.c, nl_port.c, nl_pan.c, nl_entry.c, nl_flood.c,
 * nl_neigh.c, nl_remote.c and nl_tenant.c. The handlers' prototypes,
 * the per-command policies and the ops table are generated from
 * netlink/panswitch.yaml (nl_gen.h, nl_gen.c).
 */
#ifndef _PSW_NL_CORE_H
#define _PSW_NL_CORE_H

#include <net/genetlink.h>

#include "psw.h"
#include "nl_gen.h"

/* Is attribute @type present? If not, say so with @msg, naming it. */
#define PSW_REQUIRE(info, type, msg) ({					\
	bool __present = !!(info)->attrs[type];				\
	if (!__present) {						\
		NL_SET_ERR_MSG((info)->extack, msg);			\
		NL_SET_ERR_ATTR_MISS((info)->extack, NULL, type);	\
	}								\
	__present;							\
})

extern struct genl_family psw_genl_family;

/* The objects a request names (nl_core.c); RTNL. */
struct psw_switch *psw_nl_switch(struct net *net, struct nlattr **attrs,
				 struct netlink_ext_ack *extack);
struct net_device *psw_nl_dev(struct net *net, struct nlattr **attrs,
			      struct netlink_ext_ack *extack);
struct psw_port *psw_nl_port(struct psw_switch *sw, struct nlattr **attrs,
			     struct netlink_ext_ack *extack);
struct psw_pan *psw_nl_pan(struct psw_switch *sw, struct nlattr **attrs,
			   struct netlink_ext_ack *extack);
int psw_nl_remote(struct psw_switch *sw, struct nlattr **attrs,
		  struct psw_remote *r, struct netlink_ext_ack *extack);

/* The header of a message being built. */
struct psw_msg {
	u32 portid;
	u32 seq;
	int flags;
	u8 cmd;
	struct netlink_callback *cb;	/* set in dumps */
};

void *psw_msg_start(struct sk_buff *skb, const struct psw_msg *m);
int psw_put_switch_id(struct sk_buff *skb, const struct psw_switch *sw);
int psw_put_port_id(struct sk_buff *skb, const struct psw_port *port);
int psw_put_remote(struct sk_buff *skb, const struct psw_remote *r);

/*
 * One message per object, for replies, dumps and notifications alike.
 * Under RTNL or the RCU read lock.
 */
int psw_fill_switch(struct sk_buff *skb, const struct psw_switch *sw,
		    const struct psw_msg *m);
int psw_fill_port(struct sk_buff *skb, const struct psw_port *port,
		  const struct psw_msg *m);
int psw_fill_pan(struct sk_buff *skb, const struct psw_pan *pan,
		 const struct psw_msg *m);
int psw_fill_entry(struct sk_buff *skb, const struct psw_entry *e,
		   const struct psw_msg *m);
int psw_put_flood(struct sk_buff *skb, const struct psw_pan *pan);
int psw_fill_neigh(struct sk_buff *skb, const struct psw_neigh *n,
		   const struct psw_msg *m);
int psw_mcast_fill_entry(struct sk_buff *skb, const struct psw_pan *pan,
			 const struct psw_mcast *mc, const struct psw_msg *m);
int psw_fill_tenant(struct sk_buff *skb, const struct psw_tenant *t,
		    const struct psw_msg *m);

/* A PAN's membership of its group that changed (PSW_CMD_MCAST_JOIN/LEAVE) */
struct psw_mcast_member {
	const struct psw_pan *pan;
	const struct psw_mgroup *g;
};

int psw_mcast_fill_member(struct sk_buff *skb,
			  const struct psw_mcast_member *mm,
			  const struct psw_msg *m);
int psw_nl_pan_oui(struct psw_pan *pan, struct nlattr **attrs,
		   struct psw_tenant **added, struct netlink_ext_ack *extack);

enum psw_obj {
	PSW_OBJ_SWITCH,
	PSW_OBJ_PORT,
	PSW_OBJ_PAN,
	PSW_OBJ_ENTRY,
	PSW_OBJ_NEIGH,
	PSW_OBJ_TENANT,
	PSW_OBJ_MCAST,		/* struct psw_mcast_member */
};

/* Reply to a do request with @obj. */
int psw_reply(struct genl_info *info, enum psw_obj type, const void *obj);

/*
 * A dump: psw_dump() walks the switches of the namespace (or the one the
 * request names) under RTNL and calls @dump_one for each.
 */
typedef int (*psw_dump_fn)(struct sk_buff *skb, struct netlink_callback *cb,
			   struct psw_switch *sw, struct psw_msg *m);

int psw_dump(struct sk_buff *skb, struct netlink_callback *cb,
	     psw_dump_fn dump_one, u8 cmd);
u32 psw_dump_pan_id(struct netlink_callback *cb);

#endif /* _PSW_NL_CORE_H */
