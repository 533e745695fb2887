// SPDX-License-Identifier: GPL-2.0
/*
 * The "panswitch" generic netlink family: policy, requests, replies, dumps
 * and change notifications. See include/uapi/linux/panswitch.h.
 *
 * Every handler runs under RTNL (see DOC: Locking in psw.h). One
 * fill function per object builds GET replies, dump messages and
 * notifications alike, so the three never disagree.
 */
#include <linux/if.h>
#include <linux/if_vlan.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/netlink.h>
#include <net/rtnetlink.h>
#include <net/sock.h>

#include "compat.h"
#include "psw.h"

static struct genl_family psw_genl_family;

static struct netlink_range_validation psw_pan_range = {
	.min = PSW_PAN_ID_MIN,
	.max = PSW_PAN_ID_MAX,
};

static struct netlink_range_validation psw_max_pans_range = {
	.min = 1,
	.max = PSW_PAN_ID_MAX,
};

static struct netlink_range_validation psw_max_entries_range = {
	.min = 1,
	.max = PSW_ENTRIES_MAX,
};

static const struct nla_policy psw_mac_list_policy[PSW_A_MAX + 1] = {
	[PSW_A_MAC]		= NLA_POLICY_ETH_ADDR,
};

static const struct nla_policy psw_policy[PSW_A_MAX + 1] = {
	[PSW_A_IFINDEX]		= NLA_POLICY_MIN(NLA_U32, 1),
	[PSW_A_IFNAME]		= { .type = NLA_NUL_STRING,
				    .len = IFNAMSIZ - 1 },
	[PSW_A_PORT_IFINDEX]	= NLA_POLICY_MIN(NLA_U32, 1),
	[PSW_A_PORT_IFNAME]	= { .type = NLA_NUL_STRING,
				    .len = IFNAMSIZ - 1 },
	[PSW_A_PORT_ROLE]	= NLA_POLICY_MAX(NLA_U8, PSW_PORT_ROLE_MAX),
	[PSW_A_PAN_ID]		= NLA_POLICY_FULL_RANGE(NLA_U32,
							&psw_pan_range),
	[PSW_A_MAC]		= NLA_POLICY_ETH_ADDR,
	[PSW_A_MACS]		= NLA_POLICY_NESTED(psw_mac_list_policy),
	[PSW_A_MODE]		= NLA_POLICY_RANGE(NLA_U8, PSW_MODE_LOCAL,
						   PSW_MODE_MAX),
	[PSW_A_ORIGIN]		= { .type = NLA_REJECT,
				    .reject_message = "read-only attribute" },
	[PSW_A_PAN_COUNT]	= { .type = NLA_REJECT,
				    .reject_message = "read-only attribute" },
	[PSW_A_PORT_COUNT]	= { .type = NLA_REJECT,
				    .reject_message = "read-only attribute" },
	[PSW_A_ENTRY_COUNT]	= { .type = NLA_REJECT,
				    .reject_message = "read-only attribute" },
	[PSW_A_STATS]		= { .type = NLA_REJECT,
				    .reject_message = "read-only attribute" },
	[PSW_A_PAD]		= { .type = NLA_REJECT },
	[PSW_A_REPLACE]		= { .type = NLA_FLAG },
	[PSW_A_EXT_MAC]		= NLA_POLICY_ETH_ADDR,
	[PSW_A_ENCAP]		= NLA_POLICY_RANGE(NLA_U8, PSW_ENCAP_VXLAN,
						   PSW_ENCAP_MAX),
	[PSW_A_REMOTE4]		= NLA_POLICY_EXACT_LEN(sizeof(struct in_addr)),
	[PSW_A_REMOTE6]		= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[PSW_A_LOCAL4]		= NLA_POLICY_EXACT_LEN(sizeof(struct in_addr)),
	[PSW_A_LOCAL6]		= NLA_POLICY_EXACT_LEN(sizeof(struct in6_addr)),
	[PSW_A_VXLAN_PORT]	= NLA_POLICY_MIN(NLA_U16, 1),
	[PSW_A_UPLINK]		= { .type = NLA_FLAG },
	[PSW_A_FLOOD]		= { .type = NLA_REJECT,
				    .reject_message = "read-only attribute" },
	[PSW_A_FLOOD_MEMBER]	= { .type = NLA_REJECT,
				    .reject_message = "read-only attribute" },
	[PSW_A_ACCEPT]		= NLA_POLICY_MAX(NLA_U8, PSW_ACCEPT_MAX),
	[PSW_A_MAX_PANS]	= NLA_POLICY_FULL_RANGE(NLA_U32,
							&psw_max_pans_range),
	[PSW_A_MAX_ENTRIES]	= NLA_POLICY_FULL_RANGE(NLA_U32,
							&psw_max_entries_range),
	[PSW_A_PAN_LIMIT_HITS]	= { .type = NLA_REJECT,
				    .reject_message = "read-only attribute" },
	[PSW_A_ENTRY_LIMIT_HITS] = { .type = NLA_REJECT,
				     .reject_message = "read-only attribute" },
	[PSW_A_SECURITY]	= NLA_POLICY_MAX(NLA_U8, 1),
	[PSW_A_LLDP]		= NLA_POLICY_MAX(NLA_U8, 1),
	[PSW_A_VLAN]		= NLA_POLICY_RANGE(NLA_U16, 1, VLAN_N_VID - 2),
	[PSW_A_EXT_PREFIX]	= NLA_POLICY_ETH_ADDR,
	[PSW_A_EXT_PREFIX_LEN]	= NLA_POLICY_MAX(NLA_U8, 48),
};

#define PSW_REQUIRE(info, type, msg) ({					\
	bool __present = !!(info)->attrs[type];				\
	if (!__present) {						\
		NL_SET_ERR_MSG((info)->extack, msg);			\
		NL_SET_ERR_ATTR_MISS((info)->extack, NULL, type);	\
	}								\
	__present;							\
})

/* --- Looking objects up ------------------------------------------------ */

/*
 * The device of @net named by attrs[@index] or, without it, attrs[@name].
 * *@attr is the attribute that named it, NULL when neither is present (the
 * caller says what was missing).
 */
static struct net_device *psw_nl_lookup(struct net *net, struct nlattr **attrs,
					int index, int name,
					struct nlattr **attr)
{
	*attr = attrs[index];
	if (*attr)
		return __dev_get_by_index(net, nla_get_u32(*attr));
	*attr = attrs[name];
	if (*attr)
		return __dev_get_by_name(net, nla_data(*attr));
	return NULL;
}

static struct psw_switch *psw_nl_switch(struct net *net, struct nlattr **attrs,
					struct netlink_ext_ack *extack)
{
	struct net_device *dev;
	struct nlattr *attr;

	dev = psw_nl_lookup(net, attrs, PSW_A_IFINDEX, PSW_A_IFNAME, &attr);
	if (!attr) {
		NL_SET_ERR_MSG(extack, "switch missing (ifindex or name)");
		NL_SET_ERR_ATTR_MISS(extack, NULL, PSW_A_IFNAME);
		return ERR_PTR(-EINVAL);
	}
	if (!dev) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "no such switch");
		return ERR_PTR(-ENODEV);
	}
	if (!psw_is_switch(dev)) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "device is not a switch");
		return ERR_PTR(-EINVAL);
	}
	return netdev_priv(dev);
}

/* The port's net_device named by PSW_A_PORT_IFINDEX or PSW_A_PORT_IFNAME. */
static struct net_device *psw_nl_dev(struct net *net, struct nlattr **attrs,
				     struct netlink_ext_ack *extack)
{
	struct net_device *dev;
	struct nlattr *attr;

	dev = psw_nl_lookup(net, attrs, PSW_A_PORT_IFINDEX, PSW_A_PORT_IFNAME,
			    &attr);
	if (!attr) {
		NL_SET_ERR_MSG(extack, "port device missing (ifindex or name)");
		NL_SET_ERR_ATTR_MISS(extack, NULL, PSW_A_PORT_IFNAME);
		return ERR_PTR(-EINVAL);
	}
	if (!dev) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "no such device");
		return ERR_PTR(-ENODEV);
	}
	return dev;
}

static struct psw_port *psw_nl_port(struct psw_switch *sw,
				    struct nlattr **attrs,
				    struct netlink_ext_ack *extack)
{
	struct net_device *dev = psw_nl_dev(dev_net(sw->dev), attrs, extack);
	struct psw_port *port;

	if (IS_ERR(dev))
		return ERR_CAST(dev);
	port = psw_port_of(dev);
	if (!port || port->sw != sw) {
		NL_SET_ERR_MSG(extack, "device is not a port of this switch");
		return ERR_PTR(-ENOENT);
	}
	return port;
}

static struct psw_pan *psw_nl_pan(struct psw_switch *sw, struct nlattr **attrs,
				  struct netlink_ext_ack *extack)
{
	struct psw_pan *pan;

	if (!attrs[PSW_A_PAN_ID]) {
		NL_SET_ERR_MSG(extack, "PAN missing");
		NL_SET_ERR_ATTR_MISS(extack, NULL, PSW_A_PAN_ID);
		return ERR_PTR(-EINVAL);
	}
	pan = psw_pan_find(sw, nla_get_u32(attrs[PSW_A_PAN_ID]));
	if (!pan) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[PSW_A_PAN_ID],
				    "PAN does not exist");
		return ERR_PTR(-ENOENT);
	}
	return pan;
}

/*
 * The remote named by PSW_A_ENCAP and PSW_A_REMOTE4 or PSW_A_REMOTE6: a
 * unicast address of a family the switch has a local address of.
 */
static int psw_nl_remote(struct psw_switch *sw, struct nlattr **attrs,
			 struct psw_remote *r, struct netlink_ext_ack *extack)
{
	const struct psw_underlay *u = rtnl_dereference(sw->underlay);
	struct nlattr *attr;

	memset(r, 0, sizeof(*r));
	if (!attrs[PSW_A_ENCAP]) {
		NL_SET_ERR_MSG(extack,
			       "encapsulation missing (vxlan, nvgre or ipip)");
		NL_SET_ERR_ATTR_MISS(extack, NULL, PSW_A_ENCAP);
		return -EINVAL;
	}
	r->encap = nla_get_u8(attrs[PSW_A_ENCAP]);
	if (attrs[PSW_A_REMOTE4] && attrs[PSW_A_REMOTE6]) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[PSW_A_REMOTE6],
				    "give one remote address, IPv4 or IPv6");
		return -EINVAL;
	}
	if (attrs[PSW_A_REMOTE4]) {
		attr = attrs[PSW_A_REMOTE4];
		r->family = AF_INET;
		r->ip.ip4 = nla_get_in_addr(attr);
		if (!u->local4) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "the switch has no IPv4 local address (switch set ... local)");
			return -EAFNOSUPPORT;
		}
	} else if (attrs[PSW_A_REMOTE6]) {
		attr = attrs[PSW_A_REMOTE6];
		r->family = AF_INET6;
		r->ip.ip6 = nla_get_in6_addr(attr);
		if (ipv6_addr_any(&u->local6)) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "the switch has no IPv6 local address (switch set ... local6)");
			return -EAFNOSUPPORT;
		}
	} else {
		NL_SET_ERR_MSG(extack, "remote address missing");
		NL_SET_ERR_ATTR_MISS(extack, NULL, PSW_A_REMOTE4);
		return -EINVAL;
	}
	if (!psw_ip_valid(r->family, &r->ip, extack, attr))
		return -EINVAL;
	if (r->family == AF_INET ? r->ip.ip4 == u->local4 :
				   ipv6_addr_equal(&r->ip.ip6, &u->local6)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "the remote is the switch's own underlay address");
		return -EINVAL;
	}
	return 0;
}

/* Attributes a request must not carry, with the reason. */
#define psw_nl_reject(info, type, msg) ({				\
	struct nlattr *__a = (info)->attrs[type];			\
									\
	if (__a)							\
		NL_SET_ERR_MSG_ATTR((info)->extack, __a, msg);		\
	__a ? -EINVAL : 0;						\
})

/* --- Building messages ------------------------------------------------- */

struct psw_msg {
	u32 portid;
	u32 seq;
	int flags;
	u8 cmd;
	struct netlink_callback *cb;	/* set in dumps */
};

static void *psw_msg_start(struct sk_buff *skb, const struct psw_msg *m)
{
	void *hdr = genlmsg_put(skb, m->portid, m->seq, &psw_genl_family,
				m->flags, m->cmd);

	if (hdr && m->cb)
		genl_dump_check_consistent(m->cb, hdr);
	return hdr;
}

static int psw_put_switch_id(struct sk_buff *skb, const struct psw_switch *sw)
{
	if (nla_put_u32(skb, PSW_A_IFINDEX, sw->dev->ifindex) ||
	    nla_put_string(skb, PSW_A_IFNAME, sw->dev->name))
		return -EMSGSIZE;
	return 0;
}

static int psw_put_port_id(struct sk_buff *skb, const struct psw_port *port)
{
	if (nla_put_u32(skb, PSW_A_PORT_IFINDEX, port->dev->ifindex) ||
	    nla_put_string(skb, PSW_A_PORT_IFNAME, port->dev->name))
		return -EMSGSIZE;
	return 0;
}

static int psw_fill_switch(struct sk_buff *skb, const struct psw_switch *sw,
			   const struct psw_msg *m)
{
	const struct psw_underlay *u = rcu_dereference_rtnl(sw->underlay);
	void *hdr = psw_msg_start(skb, m);
	u8 prefix[ETH_ALEN], len;

	if (!hdr)
		return -EMSGSIZE;
	if (psw_put_switch_id(skb, sw) ||
	    nla_put_u32(skb, PSW_A_PAN_COUNT, sw->npans) ||
	    nla_put_u32(skb, PSW_A_PORT_COUNT, sw->nports) ||
	    nla_put_u32(skb, PSW_A_ENTRY_COUNT, sw->nentries) ||
	    nla_put_u16(skb, PSW_A_VXLAN_PORT, u->vxlan_port) ||
	    nla_put_u32(skb, PSW_A_MAX_PANS, sw->max_pans) ||
	    nla_put_u32(skb, PSW_A_MAX_ENTRIES, sw->max_entries) ||
	    nla_put_u64_64bit(skb, PSW_A_PAN_LIMIT_HITS, sw->pan_limit_hits,
			      PSW_A_PAD) ||
	    nla_put_u64_64bit(skb, PSW_A_ENTRY_LIMIT_HITS,
			      sw->entry_limit_hits, PSW_A_PAD))
		goto cancel;
	if (u->local4 && nla_put_in_addr(skb, PSW_A_LOCAL4, u->local4))
		goto cancel;
	if (!ipv6_addr_any(&u->local6) &&
	    nla_put_in6_addr(skb, PSW_A_LOCAL6, &u->local6))
		goto cancel;
	if (sw->ext_prefix) {
		psw_ext_prefix_unpack(sw->ext_prefix, prefix, &len);
		if (nla_put(skb, PSW_A_EXT_PREFIX, ETH_ALEN, prefix) ||
		    nla_put_u8(skb, PSW_A_EXT_PREFIX_LEN, len))
			goto cancel;
	}
	if (psw_stats_fill(skb, sw->stats))
		goto cancel;
	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int psw_fill_port(struct sk_buff *skb, const struct psw_port *port,
			 const struct psw_msg *m)
{
	const struct psw_port_policy *p = rcu_dereference_rtnl(port->policy);
	const struct psw_pan *pan = psw_port_pan(port);
	void *hdr = psw_msg_start(skb, m);
	struct nlattr *macs;
	unsigned int i;

	if (!hdr)
		return -EMSGSIZE;
	if (psw_put_switch_id(skb, port->sw) || psw_put_port_id(skb, port) ||
	    nla_put_u8(skb, PSW_A_PORT_ROLE, port->role))
		goto cancel;
	if (pan) {
		if (nla_put_u32(skb, PSW_A_PAN_ID, pan->id))
			goto cancel;
		macs = nla_nest_start(skb, PSW_A_MACS);
		if (!macs)
			goto cancel;
		for (i = 0; i < port->nmacs; i++)
			if (nla_put(skb, PSW_A_MAC, ETH_ALEN, port->macs[i]))
				goto cancel;
		nla_nest_end(skb, macs);
		if (!is_zero_ether_addr(port->ext) &&
		    nla_put(skb, PSW_A_EXT_MAC, ETH_ALEN, port->ext))
			goto cancel;
		if (nla_put_u8(skb, PSW_A_SECURITY, p->security) ||
		    nla_put_u8(skb, PSW_A_LLDP, p->lldp))
			goto cancel;
	}
	if (port->vid && nla_put_u16(skb, PSW_A_VLAN, port->vid))
		goto cancel;
	if (psw_stats_fill(skb, port->stats))
		goto cancel;
	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int psw_put_remote(struct sk_buff *skb, const struct psw_remote *r)
{
	if (nla_put_u8(skb, PSW_A_ENCAP, r->encap))
		return -EMSGSIZE;
	if (r->family == AF_INET)
		return nla_put_in_addr(skb, PSW_A_REMOTE4, r->ip.ip4);
	return nla_put_in6_addr(skb, PSW_A_REMOTE6, &r->ip.ip6);
}

static int psw_put_flood(struct sk_buff *skb, const struct psw_pan *pan)
{
	const struct psw_flood *f;
	struct nlattr *list, *member;

	list = nla_nest_start(skb, PSW_A_FLOOD);
	if (!list)
		return -EMSGSIZE;
	list_for_each_entry_rcu(f, &pan->flood, node, lockdep_rtnl_is_held()) {
		member = nla_nest_start(skb, PSW_A_FLOOD_MEMBER);
		if (!member)
			return -EMSGSIZE;
		if (f->uplink ? nla_put_flag(skb, PSW_A_UPLINK) :
				psw_put_remote(skb, &f->remote))
			return -EMSGSIZE;
		nla_nest_end(skb, member);
	}
	nla_nest_end(skb, list);
	return 0;
}

static int psw_fill_pan(struct sk_buff *skb, const struct psw_pan *pan,
			const struct psw_msg *m)
{
	const struct psw_pan_addr *a4, *a6;
	void *hdr = psw_msg_start(skb, m);

	if (!hdr)
		return -EMSGSIZE;
	if (psw_put_switch_id(skb, pan->sw) ||
	    nla_put_u32(skb, PSW_A_PAN_ID, pan->id) ||
	    nla_put_u32(skb, PSW_A_PORT_COUNT, pan->nports) ||
	    nla_put_u32(skb, PSW_A_ENTRY_COUNT, pan->nentries))
		goto cancel;
	a4 = rcu_dereference_rtnl(pan->addr[0]);
	a6 = rcu_dereference_rtnl(pan->addr[1]);
	if (a4 && nla_put_in_addr(skb, PSW_A_LOCAL4, a4->key.ip.ip4))
		goto cancel;
	if (a6 && nla_put_in6_addr(skb, PSW_A_LOCAL6, &a6->key.ip.ip6))
		goto cancel;
	if (nla_put_u8(skb, PSW_A_ACCEPT, pan->accept))
		goto cancel;
	if (psw_put_flood(skb, pan) || psw_stats_fill(skb, pan->stats))
		goto cancel;
	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int psw_fill_entry(struct sk_buff *skb, const struct psw_entry *e,
			  const struct psw_msg *m)
{
	void *hdr = psw_msg_start(skb, m);

	if (!hdr)
		return -EMSGSIZE;
	if (psw_put_switch_id(skb, e->pan->sw) ||
	    nla_put_u32(skb, PSW_A_PAN_ID, e->key.pan) ||
	    nla_put(skb, PSW_A_MAC, ETH_ALEN, e->key.mac) ||
	    nla_put_u8(skb, PSW_A_MODE, e->mode) ||
	    nla_put_u8(skb, PSW_A_ORIGIN, e->origin))
		goto cancel;
	if (e->mode == PSW_MODE_LOCAL && psw_put_port_id(skb, e->port))
		goto cancel;
	if (!is_zero_ether_addr(e->ext) &&
	    nla_put(skb, PSW_A_EXT_MAC, ETH_ALEN, e->ext))
		goto cancel;
	if (e->mode == PSW_MODE_ENCAP && psw_put_remote(skb, &e->remote))
		goto cancel;
	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/* --- Replies and notifications ----------------------------------------- */

enum psw_obj {
	PSW_OBJ_SWITCH,
	PSW_OBJ_PORT,
	PSW_OBJ_PAN,
	PSW_OBJ_ENTRY,
};

static int psw_fill(struct sk_buff *skb, enum psw_obj type, const void *obj,
		    const struct psw_msg *m)
{
	switch (type) {
	case PSW_OBJ_SWITCH:
		return psw_fill_switch(skb, obj, m);
	case PSW_OBJ_PORT:
		return psw_fill_port(skb, obj, m);
	case PSW_OBJ_PAN:
		return psw_fill_pan(skb, obj, m);
	case PSW_OBJ_ENTRY:
		return psw_fill_entry(skb, obj, m);
	}
	return -EINVAL;
}

static int psw_reply(struct genl_info *info, enum psw_obj type,
		     const void *obj)
{
	struct psw_msg m = {
		.portid = info->snd_portid,
		.seq = info->snd_seq,
		.cmd = info->genlhdr->cmd,
	};
	struct sk_buff *skb;
	int err;

	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb) {
		NL_SET_ERR_MSG(info->extack, "out of memory for the reply");
		return -ENOMEM;
	}
	err = psw_fill(skb, type, obj, &m);
	if (err) {
		nlmsg_free(skb);
		NL_SET_ERR_MSG(info->extack, "the reply does not fit a message");
		return err;
	}
	return genlmsg_reply(skb, info);
}

/*
 * The most an entry's message takes: switch, PAN, MAC, mode, origin, port,
 * external MAC, encapsulation and an IPv6 remote. Flushing the entries of
 * a PAN announces each one: they get messages of their size, not pages.
 */
static size_t psw_entry_msg_size(void)
{
	return 2 * nla_total_size(sizeof(u32)) +	/* ifindexes */
	       2 * nla_total_size(IFNAMSIZ) +		/* ifnames */
	       nla_total_size(sizeof(u32)) +		/* PAN */
	       2 * nla_total_size(ETH_ALEN) +		/* MAC, ext MAC */
	       3 * nla_total_size(sizeof(u8)) +	/* mode, origin, encap */
	       nla_total_size(sizeof(struct in6_addr));	/* remote */
}

/* Is anyone listening to @sw's announcements? RTNL. */
bool psw_notify_listening(const struct psw_switch *sw)
{
	return genl_has_listeners(&psw_genl_family, dev_net(sw->dev), 0);
}

/* Announce @obj on the notify group of @net, as a GET reply with @cmd. */
static void psw_notify(struct net *net, enum psw_obj type, const void *obj,
		       u8 cmd)
{
	struct psw_msg m = { .cmd = cmd };
	struct sk_buff *skb;

	if (!genl_has_listeners(&psw_genl_family, net, 0))
		return;
	skb = genlmsg_new(type == PSW_OBJ_ENTRY ? psw_entry_msg_size() :
			  NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return;
	if (psw_fill(skb, type, obj, &m)) {
		nlmsg_free(skb);
		return;
	}
	genlmsg_multicast_netns(&psw_genl_family, net, skb, 0, 0, GFP_KERNEL);
}

void psw_notify_switch(struct psw_switch *sw, u8 cmd)
{
	psw_notify(dev_net(sw->dev), PSW_OBJ_SWITCH, sw, cmd);
}

void psw_notify_port(struct psw_port *port, u8 cmd)
{
	psw_notify(dev_net(port->sw->dev), PSW_OBJ_PORT, port, cmd);
}

void psw_notify_pan(struct psw_pan *pan, u8 cmd)
{
	psw_notify(dev_net(pan->sw->dev), PSW_OBJ_PAN, pan, cmd);
}

void psw_notify_entry(struct psw_entry *e, u8 cmd)
{
	psw_notify(dev_net(e->pan->sw->dev), PSW_OBJ_ENTRY, e, cmd);
}

/* --- Dumps --------------------------------------------------------------- */

/*
 * Dump cursor: cb->args[0] is the index of the switch being dumped,
 * cb->args[1] to cb->args[4] the position inside it.
 */
typedef int (*psw_dump_fn)(struct sk_buff *skb, struct netlink_callback *cb,
			   struct psw_switch *sw, struct psw_msg *m);

static int psw_dump(struct sk_buff *skb, struct netlink_callback *cb,
		    psw_dump_fn dump_one, u8 cmd)
{
	struct nlattr **attrs = psw_dump_attrs(cb);
	struct net *net = sock_net(skb->sk);
	struct psw_switch *sw, *only = NULL;
	struct psw_msg m = {
		.portid = NETLINK_CB(cb->skb).portid,
		.seq = cb->nlh->nlmsg_seq,
		.flags = NLM_F_MULTI,
		.cmd = cmd,
		.cb = cb,
	};
	struct psw_net *pn;
	long idx = 0;
	int err = 0;

	rtnl_lock();
	pn = psw_net(net);
	cb->seq = pn->gen;
	if (attrs[PSW_A_IFINDEX] || attrs[PSW_A_IFNAME]) {
		only = psw_nl_switch(net, attrs, cb->extack);
		if (IS_ERR(only)) {
			err = PTR_ERR(only);
			goto out;
		}
		cb->seq = only->gen;
	}
	list_for_each_entry(sw, &pn->switches, node) {
		if (idx < cb->args[0] || (only && sw != only)) {
			idx++;
			continue;
		}
		err = dump_one(skb, cb, sw, &m);
		if (err)
			break;
		cb->args[0] = ++idx;
		memset(&cb->args[1], 0, 4 * sizeof(cb->args[1]));
	}
out:
	rtnl_unlock();
	if (err && err != -EMSGSIZE)
		return err;
	return skb->len;
}

static int psw_dump_switch(struct sk_buff *skb, struct netlink_callback *cb,
			   struct psw_switch *sw, struct psw_msg *m)
{
	return psw_fill_switch(skb, sw, m);
}

static int psw_dump_ports(struct sk_buff *skb, struct netlink_callback *cb,
			  struct psw_switch *sw, struct psw_msg *m)
{
	struct psw_port *port;
	long idx = 0;
	int err;

	list_for_each_entry(port, &sw->ports, sw_node) {
		if (idx++ < cb->args[1])
			continue;
		err = psw_fill_port(skb, port, m);
		if (err)
			return err;
		cb->args[1] = idx;
	}
	return 0;
}

static int psw_dump_pans(struct sk_buff *skb, struct netlink_callback *cb,
			 struct psw_switch *sw, struct psw_msg *m)
{
	struct psw_pan *pan;
	unsigned long id;
	int err;

	xa_for_each_start(&sw->pans, id, pan, cb->args[1]) {
		err = psw_fill_pan(skb, pan, m);
		if (err)
			return err;
		cb->args[1] = id + 1;
	}
	return 0;
}

/*
 * An entry dump resumes after the last entry it sent, found again by its
 * MAC (cb->args[3] and [4]) in O(1), so a dump of n entries costs O(n)
 * rather than O(n^2) of re-walking the PAN's list. If that entry is gone,
 * the dump is flagged inconsistent anyway and resumes by position
 * (cb->args[2] entries of the PAN sent so far).
 */
static void psw_cursor_set_mac(struct netlink_callback *cb, const u8 *mac)
{
	cb->args[3] = (long)get_unaligned_be32(mac);
	cb->args[4] = (long)get_unaligned_be16(mac + 4) | BIT(16);
}

static struct psw_entry *psw_cursor_resume(struct psw_pan *pan,
					   struct netlink_callback *cb)
{
	long skip = cb->args[2];
	struct psw_entry *e;
	u8 mac[ETH_ALEN];

	if (cb->args[4]) {
		put_unaligned_be32((u32)cb->args[3], mac);
		put_unaligned_be16((u16)cb->args[4], mac + 4);
		e = psw_entry_find(pan->sw, pan->id, mac);
		if (e)
			return list_next_entry(e, pan_node);
	}
	list_for_each_entry(e, &pan->entries, pan_node)
		if (skip-- <= 0)
			return e;
	return list_entry(&pan->entries, struct psw_entry, pan_node);
}

static int psw_dump_entries(struct sk_buff *skb, struct netlink_callback *cb,
			    struct psw_switch *sw, struct psw_msg *m)
{
	struct nlattr **attrs = psw_dump_attrs(cb);
	u32 only = attrs[PSW_A_PAN_ID] ? nla_get_u32(attrs[PSW_A_PAN_ID]) : 0;
	struct psw_entry *e;
	struct psw_pan *pan;
	unsigned long id;
	int err;

	xa_for_each_start(&sw->pans, id, pan, cb->args[1]) {
		if (only && id != only)
			continue;
		if (id != cb->args[1]) {
			cb->args[2] = 0;
			cb->args[3] = 0;
			cb->args[4] = 0;
		}
		cb->args[1] = id;
		e = psw_cursor_resume(pan, cb);
		list_for_each_entry_from(e, &pan->entries, pan_node) {
			err = psw_fill_entry(skb, e, m);
			if (err)
				return err;
			cb->args[2]++;
			psw_cursor_set_mac(cb, e->key.mac);
		}
	}
	return 0;
}

static int psw_switch_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return psw_dump(skb, cb, psw_dump_switch, PSW_CMD_SWITCH_GET);
}

static int psw_port_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return psw_dump(skb, cb, psw_dump_ports, PSW_CMD_PORT_GET);
}

static int psw_pan_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return psw_dump(skb, cb, psw_dump_pans, PSW_CMD_PAN_GET);
}

static int psw_entry_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return psw_dump(skb, cb, psw_dump_entries, PSW_CMD_ENTRY_GET);
}

/*
 * Every doit runs under RTNL, taken by psw_pre_doit(), which also resolves
 * the switch for the operations flagged PSW_NEEDS_SWITCH into user_ptr[0].
 */
#define PSW_NEEDS_SWITCH	BIT(0)

static int psw_pre_doit(const struct psw_genl_op *ops, struct sk_buff *skb,
			struct genl_info *info)
{
	struct psw_switch *sw;

	rtnl_lock();
	if (ops->internal_flags & PSW_NEEDS_SWITCH) {
		sw = psw_nl_switch(genl_info_net(info), info->attrs,
				   info->extack);
		if (IS_ERR(sw)) {
			rtnl_unlock();
			return PTR_ERR(sw);
		}
		info->user_ptr[0] = sw;
	}
	return 0;
}

static void psw_post_doit(const struct psw_genl_op *ops, struct sk_buff *skb,
			  struct genl_info *info)
{
	rtnl_unlock();
}

/* --- Switch -------------------------------------------------------------- */

static int psw_switch_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct psw_switch *sw;

	if (!PSW_REQUIRE(info, PSW_A_IFNAME, "switch name missing"))
		return -EINVAL;
	sw = psw_switch_create(genl_info_net(info),
			       nla_data(info->attrs[PSW_A_IFNAME]),
			       info->extack);
	return PTR_ERR_OR_ZERO(sw);
}

static int psw_switch_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	psw_switch_delete(info->user_ptr[0]);
	return 0;
}

static int psw_switch_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	return psw_reply(info, PSW_OBJ_SWITCH, info->user_ptr[0]);
}

/* --- Port ---------------------------------------------------------------- */

/* Announce a new @port, then each entry attaching it installed. */
static void psw_notify_port_new(struct psw_port *port)
{
	unsigned int i;

	psw_notify_port(port, PSW_CMD_PORT_NEW);
	for (i = 0; i < port->nmacs; i++)
		psw_notify_entry(psw_entry_find(port->sw,
						psw_port_pan(port)->id,
						port->macs[i]),
				 PSW_CMD_ENTRY_NEW);
}

static int psw_parse_macs(struct genl_info *info, u8 (*macs)[ETH_ALEN],
			  unsigned int *nmacs)
{
	struct nlattr *list = info->attrs[PSW_A_MACS];
	struct nlattr *nla;
	int rem;

	*nmacs = 0;
	if (!list)
		return 0;
	nla_for_each_nested(nla, list, rem) {
		if (*nmacs == PSW_PORT_MAX_MACS) {
			NL_SET_ERR_MSG_ATTR(info->extack, nla,
					    "too many MACs for a port");
			return -E2BIG;
		}
		memcpy(macs[(*nmacs)++], nla_data(nla), ETH_ALEN);
	}
	if (!*nmacs) {
		NL_SET_ERR_MSG_ATTR(info->extack, list, "MAC list is empty");
		return -EINVAL;
	}
	return 0;
}

static int psw_port_new_macs(struct genl_info *info, u8 (*macs)[ETH_ALEN])
{
	struct nlattr **attrs = info->attrs;
	struct psw_switch *sw = info->user_ptr[0];
	struct psw_port_args a = { .role = PSW_PORT_ROLE_VM };
	struct net_device *dev;
	int err;

	dev = psw_nl_dev(genl_info_net(info), attrs, info->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	if (attrs[PSW_A_PORT_ROLE])
		a.role = nla_get_u8(attrs[PSW_A_PORT_ROLE]);
	err = psw_nl_reject(info, PSW_A_SECURITY,
			    "port security is set with PSW_CMD_PORT_SET");
	if (!err)
		err = psw_nl_reject(info, PSW_A_LLDP,
				    "LLDP forwarding is set with PSW_CMD_PORT_SET");
	if (err)
		return err;

	if (a.role == PSW_PORT_ROLE_UPLINK) {
		if (attrs[PSW_A_PAN_ID]) {
			NL_SET_ERR_MSG_ATTR(info->extack, attrs[PSW_A_PAN_ID],
					    "an uplink belongs to no PAN");
			return -EINVAL;
		}
		if (attrs[PSW_A_MACS]) {
			NL_SET_ERR_MSG_ATTR(info->extack, attrs[PSW_A_MACS],
					    "an uplink has no MACs");
			return -EINVAL;
		}
		err = psw_nl_reject(info, PSW_A_EXT_MAC,
				    "an uplink has no external MAC");
		if (err)
			return err;
		if (attrs[PSW_A_VLAN])
			a.vid = nla_get_u16(attrs[PSW_A_VLAN]);
	} else {
		err = psw_nl_reject(info, PSW_A_VLAN,
				    "only an uplink has a VLAN; a vm port carries untagged frames");
		if (err)
			return err;
		if (!PSW_REQUIRE(info, PSW_A_PAN_ID, "a vm port needs a PAN"))
			return -EINVAL;
		a.pan = psw_nl_pan(sw, attrs, info->extack);
		if (IS_ERR(a.pan))
			return PTR_ERR(a.pan);
	}
	err = psw_parse_macs(info, macs, &a.nmacs);
	if (err)
		return err;
	a.macs = (const u8 (*)[ETH_ALEN])macs;
	a.ext = attrs[PSW_A_EXT_MAC] ? nla_data(attrs[PSW_A_EXT_MAC]) : NULL;
	err = psw_port_add(sw, dev, &a, info->extack);
	if (err) {
		if (err == -EADDRINUSE && a.ext)
			NL_SET_BAD_ATTR(info->extack, attrs[PSW_A_EXT_MAC]);
		return err;
	}
	psw_notify_port_new(psw_port_of(dev));
	return 0;
}

static int psw_port_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	u8 (*macs)[ETH_ALEN];
	int err;

	macs = kcalloc(PSW_PORT_MAX_MACS, ETH_ALEN, GFP_KERNEL);
	if (!macs) {
		NL_SET_ERR_MSG(info->extack, "out of memory for the request");
		return -ENOMEM;
	}
	err = psw_port_new_macs(info, macs);
	kfree(macs);
	return err;
}

static int psw_port_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct psw_port *port;

	port = psw_nl_port(info->user_ptr[0], info->attrs, info->extack);
	if (IS_ERR(port))
		return PTR_ERR(port);
	psw_port_del(port, true);
	return 0;
}

static int psw_port_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct psw_port *port;

	port = psw_nl_port(info->user_ptr[0], info->attrs, info->extack);
	if (IS_ERR(port))
		return PTR_ERR(port);
	return psw_reply(info, PSW_OBJ_PORT, port);
}

static int psw_port_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	bool security, lldp;
	struct psw_port *port;
	int err;

	port = psw_nl_port(info->user_ptr[0], attrs, info->extack);
	if (IS_ERR(port))
		return PTR_ERR(port);
	err = psw_nl_reject(info, PSW_A_VLAN,
			    "the uplink's VLAN is set when it is attached");
	if (err)
		return err;
	if (!attrs[PSW_A_SECURITY] && !attrs[PSW_A_LLDP]) {
		NL_SET_ERR_MSG(info->extack,
			       "nothing to set (port security or LLDP)");
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, PSW_A_SECURITY);
		return -EINVAL;
	}
	if (attrs[PSW_A_SECURITY])
		security = nla_get_u8(attrs[PSW_A_SECURITY]);
	if (attrs[PSW_A_LLDP])
		lldp = nla_get_u8(attrs[PSW_A_LLDP]);
	err = psw_port_set_policy(port,
				  attrs[PSW_A_SECURITY] ? &security : NULL,
				  attrs[PSW_A_LLDP] ? &lldp : NULL,
				  info->extack);
	if (err)
		return err;
	psw_notify_port(port, PSW_CMD_PORT_SET);
	return 0;
}

/* --- PAN ----------------------------------------------------------------- */

static int psw_pan_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct psw_switch *sw = info->user_ptr[0];
	u32 id;
	int err;

	if (!PSW_REQUIRE(info, PSW_A_PAN_ID, "PAN missing"))
		return -EINVAL;
	id = nla_get_u32(info->attrs[PSW_A_PAN_ID]);
	err = psw_pan_add(sw, id, info->extack);
	if (err) {
		if (err == -EEXIST)
			NL_SET_BAD_ATTR(info->extack, info->attrs[PSW_A_PAN_ID]);
		return err;
	}
	psw_notify_pan(psw_pan_find(sw, id), PSW_CMD_PAN_NEW);
	return 0;
}

static int psw_pan_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct psw_pan *pan;
	int err;

	pan = psw_nl_pan(info->user_ptr[0], info->attrs, info->extack);
	if (IS_ERR(pan))
		return PTR_ERR(pan);
	err = psw_pan_del(pan, info->extack);
	if (err)
		NL_SET_BAD_ATTR(info->extack, info->attrs[PSW_A_PAN_ID]);
	return err;
}

static int psw_pan_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct psw_pan *pan;

	pan = psw_nl_pan(info->user_ptr[0], info->attrs, info->extack);
	if (IS_ERR(pan))
		return PTR_ERR(pan);
	return psw_reply(info, PSW_OBJ_PAN, pan);
}

/* --- Entry --------------------------------------------------------------- */

/* The PAN and MAC every entry request names. */
static int psw_nl_entry_key(struct genl_info *info, struct psw_pan **pan,
			    const u8 **mac)
{
	*pan = psw_nl_pan(info->user_ptr[0], info->attrs, info->extack);
	if (IS_ERR(*pan))
		return PTR_ERR(*pan);
	if (!PSW_REQUIRE(info, PSW_A_MAC, "MAC missing"))
		return -EINVAL;
	*mac = nla_data(info->attrs[PSW_A_MAC]);
	return 0;
}

static bool psw_nl_has_port(struct nlattr **attrs)
{
	return attrs[PSW_A_PORT_IFINDEX] || attrs[PSW_A_PORT_IFNAME];
}

/* Check and collect the arguments of a new entry's mode. */
static int psw_nl_entry_args(struct genl_info *info, struct psw_pan *pan,
			     struct psw_entry_args *args,
			     struct psw_remote *remote)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr **attrs = info->attrs;
	struct psw_switch *sw = pan->sw;
	bool has_remote;
	int err;

	has_remote = attrs[PSW_A_ENCAP] || attrs[PSW_A_REMOTE4] ||
		     attrs[PSW_A_REMOTE6];
	if (args->mode != PSW_MODE_LOCAL && psw_nl_has_port(attrs)) {
		NL_SET_ERR_MSG(extack, "only a local entry takes a port");
		return -EINVAL;
	}
	if (args->mode != PSW_MODE_XLATE) {
		err = psw_nl_reject(info, PSW_A_EXT_MAC,
				    "only an xlate entry takes an external MAC");
		if (err)
			return err;
	}
	if (args->mode != PSW_MODE_ENCAP && has_remote) {
		NL_SET_ERR_MSG(extack,
			       "only an encap entry takes an encapsulation and a remote");
		return -EINVAL;
	}

	switch (args->mode) {
	case PSW_MODE_LOCAL:
		args->port = psw_nl_port(sw, attrs, extack);
		if (IS_ERR(args->port))
			return PTR_ERR(args->port);
		if (psw_port_pan(args->port) != pan) {
			NL_SET_ERR_MSG(extack,
				       "a local entry's port must be a vm port of the same PAN");
			return -EINVAL;
		}
		/* The port's external MAC belongs to its own entries only. */
		return 0;
	case PSW_MODE_XLATE:
		if (!PSW_REQUIRE(info, PSW_A_EXT_MAC,
				 "an xlate entry needs an external MAC"))
			return -EINVAL;
		args->ext = nla_data(attrs[PSW_A_EXT_MAC]);
		err = psw_check_ext(sw, args->ext, extack);
		if (err) {
			NL_SET_BAD_ATTR(extack, attrs[PSW_A_EXT_MAC]);
			return err;
		}
		if (!rtnl_dereference(sw->uplink)) {
			NL_SET_ERR_MSG(extack,
				       "xlate needs an uplink port on the switch");
			return -ENOLINK;
		}
		return 0;
	case PSW_MODE_ENCAP:
		err = psw_nl_remote(sw, attrs, remote, extack);
		if (err)
			return err;
		args->remote = remote;
		return 0;
	case PSW_MODE_DROP:
		return 0;
	}
	NL_SET_ERR_MSG_ATTR(extack, attrs[PSW_A_MODE],
			    "mode not supported by this version");
	return -EOPNOTSUPP;
}

static int psw_entry_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	bool replace = nla_get_flag(attrs[PSW_A_REPLACE]);
	struct psw_switch *sw = info->user_ptr[0];
	struct psw_entry_args args = { .origin = PSW_ORIGIN_USER };
	struct psw_remote remote;
	struct psw_pan *pan;
	const u8 *mac;
	int err;

	err = psw_nl_entry_key(info, &pan, &mac);
	if (err)
		return err;
	if (!is_valid_ether_addr(mac)) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[PSW_A_MAC],
				    "entry MAC must be unicast and not zero");
		return -EINVAL;
	}
	if (!PSW_REQUIRE(info, PSW_A_MODE, "mode missing"))
		return -EINVAL;
	args.mode = nla_get_u8(attrs[PSW_A_MODE]);
	err = psw_nl_entry_args(info, pan, &args, &remote);
	if (err)
		return err;

	err = psw_entry_add(pan, mac, &args, replace, info->extack);
	if (err) {
		if (err == -EADDRINUSE)
			NL_SET_BAD_ATTR(info->extack, attrs[PSW_A_EXT_MAC]);
		else if (err == -EEXIST || err == -EBUSY)
			NL_SET_BAD_ATTR(info->extack, attrs[PSW_A_MAC]);
		return err;
	}
	psw_notify_entry(psw_entry_find(sw, pan->id, mac), PSW_CMD_ENTRY_NEW);
	return 0;
}

static struct psw_entry *psw_nl_entry(struct genl_info *info)
{
	struct psw_entry *e;
	struct psw_pan *pan;
	const u8 *mac;
	int err;

	err = psw_nl_entry_key(info, &pan, &mac);
	if (err)
		return ERR_PTR(err);
	e = psw_entry_find(pan->sw, pan->id, mac);
	if (!e) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[PSW_A_MAC],
				    "no such entry");
		return ERR_PTR(-ENOENT);
	}
	return e;
}

static int psw_entry_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct psw_entry *e = psw_nl_entry(info);

	if (IS_ERR(e))
		return PTR_ERR(e);
	if (e->origin != PSW_ORIGIN_USER) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[PSW_A_MAC],
				    "entry belongs to a port; remove the port instead");
		return -EBUSY;
	}
	psw_notify_entry(e, PSW_CMD_ENTRY_DEL);
	psw_entry_del(e);
	return 0;
}

static int psw_entry_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct psw_entry *e = psw_nl_entry(info);

	if (IS_ERR(e))
		return PTR_ERR(e);
	return psw_reply(info, PSW_OBJ_ENTRY, e);
}

/* --- Underlay, PAN addresses and flood lists ----------------------------- */

/*
 * The limit in attrs[@type], or @cur if it is not given. A limit may not
 * go below @count, what the switch holds already.
 */
static int psw_nl_limit(struct genl_info *info, int type, unsigned int count,
			unsigned int cur, unsigned int *limit)
{
	struct nlattr *attr = info->attrs[type];

	*limit = attr ? nla_get_u32(attr) : cur;
	if (*limit >= count)
		return 0;
	if (type == PSW_A_MAX_PANS)
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "max-pans is below the number of PANs the switch has");
	else
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "max-entries is below the number of entries the switch has");
	return -ERANGE;
}

static int psw_switch_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct psw_switch *sw = info->user_ptr[0];
	unsigned int max_pans, max_entries;
	struct in6_addr local6;
	u64 prefix = 0;
	__be32 local4;
	u16 port = 0;
	int err;

	if (!attrs[PSW_A_LOCAL4] && !attrs[PSW_A_LOCAL6] &&
	    !attrs[PSW_A_VXLAN_PORT] && !attrs[PSW_A_MAX_PANS] &&
	    !attrs[PSW_A_MAX_ENTRIES] && !attrs[PSW_A_EXT_PREFIX_LEN]) {
		NL_SET_ERR_MSG(info->extack,
			       "nothing to set (local address, IPv6 local address, VXLAN port, max-pans, max-entries or external MAC prefix)");
		return -EINVAL;
	}
	/* The range is checked first: the underlay change cannot be undone. */
	if (attrs[PSW_A_EXT_PREFIX_LEN]) {
		if (nla_get_u8(attrs[PSW_A_EXT_PREFIX_LEN]) &&
		    !PSW_REQUIRE(info, PSW_A_EXT_PREFIX,
				 "external MAC prefix missing"))
			return -EINVAL;
		err = psw_ext_prefix_check(sw, attrs[PSW_A_EXT_PREFIX] ?
					   nla_data(attrs[PSW_A_EXT_PREFIX]) :
					   NULL,
					   nla_get_u8(attrs[PSW_A_EXT_PREFIX_LEN]),
					   &prefix, info->extack);
		if (err) {
			NL_SET_BAD_ATTR(info->extack, attrs[PSW_A_EXT_PREFIX]);
			return err;
		}
	} else if (attrs[PSW_A_EXT_PREFIX]) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[PSW_A_EXT_PREFIX],
				    "external MAC prefix without its length");
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, PSW_A_EXT_PREFIX_LEN);
		return -EINVAL;
	}
	/* The limits are checked first and applied last: they cannot fail. */
	err = psw_nl_limit(info, PSW_A_MAX_PANS, sw->npans, sw->max_pans,
			   &max_pans) ?:
	      psw_nl_limit(info, PSW_A_MAX_ENTRIES, sw->nentries,
			   sw->max_entries, &max_entries);
	if (err)
		return err;
	if (attrs[PSW_A_LOCAL4])
		local4 = nla_get_in_addr(attrs[PSW_A_LOCAL4]);
	if (attrs[PSW_A_LOCAL6])
		local6 = nla_get_in6_addr(attrs[PSW_A_LOCAL6]);
	if (attrs[PSW_A_VXLAN_PORT])
		port = nla_get_u16(attrs[PSW_A_VXLAN_PORT]);

	if (attrs[PSW_A_LOCAL4] || attrs[PSW_A_LOCAL6] || port) {
		err = psw_switch_set_underlay(sw,
					      attrs[PSW_A_LOCAL4] ? &local4 : NULL,
					      attrs[PSW_A_LOCAL6] ? &local6 : NULL,
					      port, info->extack);
		if (err)
			return err;
	}
	if (attrs[PSW_A_EXT_PREFIX_LEN])
		psw_ext_prefix_set(sw, prefix);
	sw->max_pans = max_pans;
	psw_table_set_max(sw, max_entries);
	psw_changed(sw);
	psw_notify_switch(sw, PSW_CMD_SWITCH_SET);
	return 0;
}

/* May @ip (not yet applied) become a local address of a PAN? */
static int psw_nl_pan_addr_check(struct genl_info *info, struct psw_pan *pan,
				 u8 family, const union psw_ip *ip,
				 struct nlattr *attr)
{
	int err;

	if (family == AF_INET ? !ip->ip4 : ipv6_addr_any(&ip->ip6))
		return 0;	/* clearing */
	if (!psw_ip_valid(family, ip, info->extack, attr))
		return -EINVAL;
	err = psw_pan_check_addr(pan, family, ip, info->extack);
	if (err)
		NL_SET_BAD_ATTR(info->extack, attr);
	return err;
}

static int psw_pan_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct psw_pan *pan;
	union psw_ip ip4 = {}, ip6 = {}, old4 = {};
	const struct psw_pan_addr *a4;
	int err;

	pan = psw_nl_pan(info->user_ptr[0], attrs, info->extack);
	if (IS_ERR(pan))
		return PTR_ERR(pan);
	if (!attrs[PSW_A_LOCAL4] && !attrs[PSW_A_LOCAL6] &&
	    !attrs[PSW_A_ACCEPT]) {
		NL_SET_ERR_MSG(info->extack,
			       "nothing to set (the PAN's local address, or which arrivals it accepts)");
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, PSW_A_LOCAL4);
		return -EINVAL;
	}
	if (attrs[PSW_A_LOCAL4]) {
		ip4.ip4 = nla_get_in_addr(attrs[PSW_A_LOCAL4]);
		err = psw_nl_pan_addr_check(info, pan, AF_INET, &ip4,
					    attrs[PSW_A_LOCAL4]);
		if (err)
			return err;
	}
	if (attrs[PSW_A_LOCAL6]) {
		ip6.ip6 = nla_get_in6_addr(attrs[PSW_A_LOCAL6]);
		err = psw_nl_pan_addr_check(info, pan, AF_INET6, &ip6,
					    attrs[PSW_A_LOCAL6]);
		if (err)
			return err;
	}
	/*
	 * Both are checked above, so what can still fail is an allocation:
	 * if the IPv6 one does, the IPv4 change is undone.
	 */
	a4 = rtnl_dereference(pan->addr[0]);
	if (a4)
		old4.ip4 = a4->key.ip.ip4;
	if (attrs[PSW_A_LOCAL4]) {
		err = psw_pan_set_addr(pan, AF_INET, &ip4, info->extack);
		if (err)
			return err;
	}
	if (attrs[PSW_A_LOCAL6]) {
		err = psw_pan_set_addr(pan, AF_INET6, &ip6, info->extack);
		if (err) {
			if (attrs[PSW_A_LOCAL4])
				psw_pan_set_addr(pan, AF_INET, &old4, NULL);
			return err;
		}
	}
	/* Cannot fail: last, so that a refusal above changed nothing. */
	if (attrs[PSW_A_ACCEPT])
		psw_pan_set_accept(pan, nla_get_u8(attrs[PSW_A_ACCEPT]));
	psw_notify_pan(pan, PSW_CMD_PAN_SET);
	return 0;
}

/* The flood list member a FLOOD_NEW or FLOOD_DEL request names. */
static int psw_nl_flood(struct genl_info *info, struct psw_pan **pan,
			bool *uplink, struct psw_remote *r)
{
	struct nlattr **attrs = info->attrs;
	struct psw_switch *sw = info->user_ptr[0];

	*pan = psw_nl_pan(sw, attrs, info->extack);
	if (IS_ERR(*pan))
		return PTR_ERR(*pan);
	*uplink = nla_get_flag(attrs[PSW_A_UPLINK]);
	memset(r, 0, sizeof(*r));
	if (!*uplink)
		return psw_nl_remote(sw, attrs, r, info->extack);
	if (attrs[PSW_A_ENCAP] || attrs[PSW_A_REMOTE4] ||
	    attrs[PSW_A_REMOTE6]) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[PSW_A_UPLINK],
				    "a flood member is the uplink or a remote, not both");
		return -EINVAL;
	}
	return 0;
}

static int psw_flood_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct psw_remote r;
	struct psw_pan *pan;
	bool uplink;
	int err;

	err = psw_nl_flood(info, &pan, &uplink, &r);
	if (err)
		return err;
	if (uplink && !rtnl_dereference(pan->sw->uplink)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[PSW_A_UPLINK],
				    "the switch has no uplink port");
		return -ENOLINK;
	}
	err = psw_flood_add(pan, uplink, &r, info->extack);
	if (err)
		return err;
	psw_notify_pan(pan, PSW_CMD_FLOOD_NEW);
	return 0;
}

static int psw_flood_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct psw_flood *f;
	struct psw_remote r;
	struct psw_pan *pan;
	bool uplink;
	int err;

	err = psw_nl_flood(info, &pan, &uplink, &r);
	if (err == -EAFNOSUPPORT)
		err = 0;	/* deleting needs no local address */
	if (err)
		return err;
	f = psw_flood_find(pan, uplink, &r);
	if (!f) {
		NL_SET_ERR_MSG(info->extack, "not a member of the flood list");
		return -ENOENT;
	}
	psw_flood_del(pan, f);
	psw_notify_pan(pan, PSW_CMD_FLOOD_DEL);
	return 0;
}

/* --- Family -------------------------------------------------------------- */

static const struct genl_ops psw_genl_ops[] = {
	{
		.cmd	= PSW_CMD_SWITCH_NEW,
		.doit	= psw_switch_new_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
	}, {
		.cmd	= PSW_CMD_SWITCH_DEL,
		.doit	= psw_switch_del_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
		.internal_flags	= PSW_NEEDS_SWITCH,
	}, {
		.cmd	= PSW_CMD_SWITCH_GET,
		.doit	= psw_switch_get_doit,
		.dumpit	= psw_switch_dumpit,
		.internal_flags	= PSW_NEEDS_SWITCH,
	}, {
		.cmd	= PSW_CMD_PORT_NEW,
		.doit	= psw_port_new_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
		.internal_flags	= PSW_NEEDS_SWITCH,
	}, {
		.cmd	= PSW_CMD_PORT_DEL,
		.doit	= psw_port_del_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
		.internal_flags	= PSW_NEEDS_SWITCH,
	}, {
		.cmd	= PSW_CMD_PORT_GET,
		.doit	= psw_port_get_doit,
		.dumpit	= psw_port_dumpit,
		.internal_flags	= PSW_NEEDS_SWITCH,
	}, {
		.cmd	= PSW_CMD_PAN_NEW,
		.doit	= psw_pan_new_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
		.internal_flags	= PSW_NEEDS_SWITCH,
	}, {
		.cmd	= PSW_CMD_PAN_DEL,
		.doit	= psw_pan_del_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
		.internal_flags	= PSW_NEEDS_SWITCH,
	}, {
		.cmd	= PSW_CMD_PAN_GET,
		.doit	= psw_pan_get_doit,
		.dumpit	= psw_pan_dumpit,
		.internal_flags	= PSW_NEEDS_SWITCH,
	}, {
		.cmd	= PSW_CMD_ENTRY_NEW,
		.doit	= psw_entry_new_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
		.internal_flags	= PSW_NEEDS_SWITCH,
	}, {
		.cmd	= PSW_CMD_ENTRY_DEL,
		.doit	= psw_entry_del_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
		.internal_flags	= PSW_NEEDS_SWITCH,
	}, {
		.cmd	= PSW_CMD_ENTRY_GET,
		.doit	= psw_entry_get_doit,
		.dumpit	= psw_entry_dumpit,
		.internal_flags	= PSW_NEEDS_SWITCH,
	}, {
		.cmd	= PSW_CMD_SWITCH_SET,
		.doit	= psw_switch_set_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
		.internal_flags	= PSW_NEEDS_SWITCH,
	}, {
		.cmd	= PSW_CMD_PAN_SET,
		.doit	= psw_pan_set_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
		.internal_flags	= PSW_NEEDS_SWITCH,
	}, {
		.cmd	= PSW_CMD_FLOOD_NEW,
		.doit	= psw_flood_new_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
		.internal_flags	= PSW_NEEDS_SWITCH,
	}, {
		.cmd	= PSW_CMD_FLOOD_DEL,
		.doit	= psw_flood_del_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
		.internal_flags	= PSW_NEEDS_SWITCH,
	}, {
		.cmd	= PSW_CMD_PORT_SET,
		.doit	= psw_port_set_doit,
		.flags	= GENL_UNS_ADMIN_PERM,
		.internal_flags	= PSW_NEEDS_SWITCH,
	},
};

static const struct genl_multicast_group psw_mcgrps[] = {
	{ .name = PSW_MCGRP_NOTIFY },
};

static struct genl_family psw_genl_family __ro_after_init = {
	.name		= PSW_GENL_NAME,
	.version	= PSW_GENL_VERSION,
	.maxattr	= PSW_A_MAX,
	.policy		= psw_policy,
	.netnsok	= true,
	.parallel_ops	= true,
	.pre_doit	= psw_pre_doit,
	.post_doit	= psw_post_doit,
	.module		= THIS_MODULE,
	.ops		= psw_genl_ops,
	.n_ops		= ARRAY_SIZE(psw_genl_ops),
	.mcgrps		= psw_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(psw_mcgrps),
};

int __init psw_genl_init(void)
{
	return genl_register_family(&psw_genl_family);
}

void psw_genl_exit(void)
{
	genl_unregister_family(&psw_genl_family);
}
