// SPDX-License-Identifier: GPL-2.0
/*
 * The "panswitch" generic netlink family, its core: registration, looking
 * up the objects a request names, replies, notifications and the dump
 * walk. The per-command policies and the ops table are generated from
 * netlink/panswitch.yaml into nl_gen.c; each object's handlers and fill
 * function are in nl_<object>.c. See include/uapi/linux/panswitch.h.
 *
 * Every handler runs under RTNL (see DOC: Locking in psw.h). One
 * fill function per object builds GET replies, dump messages and
 * notifications alike, so the three never disagree; the fill functions
 * read under RCU or RTNL, so that a notification can be built from any
 * context that holds either.
 */
#include <linux/if.h>
#include <net/genetlink.h>
#include <net/ipv6.h>
#include <net/netlink.h>
#include <net/rtnetlink.h>
#include <net/sock.h>

#include "compat.h"
#include "nl_core.h"
#include "remote.h"

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

struct psw_switch *psw_nl_switch(struct net *net, struct nlattr **attrs,
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
struct net_device *psw_nl_dev(struct net *net, struct nlattr **attrs,
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

struct psw_port *psw_nl_port(struct psw_switch *sw, struct nlattr **attrs,
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

struct psw_pan *psw_nl_pan(struct psw_switch *sw, struct nlattr **attrs,
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
int psw_nl_remote(struct psw_switch *sw, struct nlattr **attrs,
		  struct psw_remote *r, struct netlink_ext_ack *extack)
{
	const struct psw_underlay *u = rtnl_dereference(sw->underlay);
	struct nlattr *attr;

	memset(r, 0, sizeof(*r));
	if (!attrs[PSW_A_ENCAP]) {
		NL_SET_ERR_MSG(extack,
			       "encapsulation missing (vxlan, nvgre or etherip)");
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
					    "the switch has no IPv4 underlay address (switch set ... underlay)");
			return -EAFNOSUPPORT;
		}
	} else if (attrs[PSW_A_REMOTE6]) {
		attr = attrs[PSW_A_REMOTE6];
		r->family = AF_INET6;
		r->ip.ip6 = nla_get_in6_addr(attr);
		if (ipv6_addr_any(&u->local6)) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "the switch has no IPv6 underlay address (switch set ... underlay6)");
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
	/* encap auto: negotiated now, with the remote's object (remote.c) */
	if (r->encap == PSW_ENCAP_AUTO)
		return psw_nego_resolve(sw, r, extack);
	return 0;
}

/* --- Building messages ------------------------------------------------- */

void *psw_msg_start(struct sk_buff *skb, const struct psw_msg *m)
{
	void *hdr = genlmsg_put(skb, m->portid, m->seq, &psw_genl_family,
				m->flags, m->cmd);

	if (hdr && m->cb)
		genl_dump_check_consistent(m->cb, hdr);
	return hdr;
}

int psw_put_switch_id(struct sk_buff *skb, const struct psw_switch *sw)
{
	if (nla_put_u32(skb, PSW_A_IFINDEX, sw->dev->ifindex) ||
	    nla_put_string(skb, PSW_A_IFNAME, sw->dev->name))
		return -EMSGSIZE;
	return 0;
}

int psw_put_port_id(struct sk_buff *skb, const struct psw_port *port)
{
	if (nla_put_u32(skb, PSW_A_PORT_IFINDEX, port->dev->ifindex) ||
	    nla_put_string(skb, PSW_A_PORT_IFNAME, port->dev->name))
		return -EMSGSIZE;
	return 0;
}

int psw_put_remote(struct sk_buff *skb, const struct psw_remote *r)
{
	if (nla_put_u8(skb, PSW_A_ENCAP, r->encap))
		return -EMSGSIZE;
	if (r->auto_encap && nla_put_u8(skb, PSW_A_ENCAP_AUTO, 1))
		return -EMSGSIZE;
	if (r->family == AF_INET)
		return nla_put_in_addr(skb, PSW_A_REMOTE4, r->ip.ip4);
	return nla_put_in6_addr(skb, PSW_A_REMOTE6, &r->ip.ip6);
}

/* --- Replies and notifications ----------------------------------------- */

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
	case PSW_OBJ_NEIGH:
		return psw_fill_neigh(skb, obj, m);
	case PSW_OBJ_TENANT:
		return psw_fill_tenant(skb, obj, m);
	case PSW_OBJ_MCAST:
		return psw_mcast_fill_member(skb, obj, m);
	}
	return -EINVAL;
}

int psw_reply(struct genl_info *info, enum psw_obj type, const void *obj)
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

/* Is anyone listening to @sw's announcements? Any context. */
bool psw_notify_listening(const struct psw_switch *sw)
{
	return genl_has_listeners(&psw_genl_family, dev_net(sw->dev),
				  PSW_NL_MCGRP_NOTIFY);
}

/*
 * Announce @obj on the notify group of @net, as a GET reply with @cmd.
 * The caller holds RTNL or the RCU read lock (what the fill functions
 * need) and says with @gfp what it may sleep for: GFP_ATOMIC in softirq.
 * A notification that cannot be built is lost, as netlink multicast is.
 */
static void psw_notify(struct net *net, enum psw_obj type, const void *obj,
		       u8 cmd, gfp_t gfp)
{
	struct psw_msg m = { .cmd = cmd };
	struct sk_buff *skb;

	if (!genl_has_listeners(&psw_genl_family, net, PSW_NL_MCGRP_NOTIFY))
		return;
	/*
	 * Entries and neighbours, flushed by the thousand, get their size;
	 * so do memberships (a thousand PANs may join at once), which take
	 * less: two names, two ifindexes, the PAN and an IPv6 group.
	 */
	skb = genlmsg_new(type == PSW_OBJ_ENTRY || type == PSW_OBJ_NEIGH ||
			  type == PSW_OBJ_TENANT || type == PSW_OBJ_MCAST ?
			  psw_entry_msg_size() : NLMSG_GOODSIZE, gfp);
	if (!skb)
		return;
	if (psw_fill(skb, type, obj, &m)) {
		nlmsg_free(skb);
		return;
	}
	genlmsg_multicast_netns(&psw_genl_family, net, skb, 0,
				PSW_NL_MCGRP_NOTIFY, gfp);
}

void psw_notify_switch(struct psw_switch *sw, u8 cmd, gfp_t gfp)
{
	psw_notify(dev_net(sw->dev), PSW_OBJ_SWITCH, sw, cmd, gfp);
}

void psw_notify_port(struct psw_port *port, u8 cmd, gfp_t gfp)
{
	psw_notify(dev_net(port->sw->dev), PSW_OBJ_PORT, port, cmd, gfp);
}

void psw_notify_pan(struct psw_pan *pan, u8 cmd, gfp_t gfp)
{
	psw_notify(dev_net(pan->sw->dev), PSW_OBJ_PAN, pan, cmd, gfp);
}

void psw_notify_entry(struct psw_entry *e, u8 cmd, gfp_t gfp)
{
	psw_notify(dev_net(e->pan->sw->dev), PSW_OBJ_ENTRY, e, cmd, gfp);
}

void psw_notify_neigh(struct psw_neigh *n, u8 cmd, gfp_t gfp)
{
	psw_notify(dev_net(n->pan->sw->dev), PSW_OBJ_NEIGH, n, cmd, gfp);
}

void psw_notify_tenant(struct psw_tenant *t, u8 cmd, gfp_t gfp)
{
	psw_notify(dev_net(t->pan->sw->dev), PSW_OBJ_TENANT, t, cmd, gfp);
}

/*
 * A change of @pan's membership of its group @g: @cmd PSW_CMD_MCAST_JOIN
 * or PSW_CMD_MCAST_LEAVE. Sent under RTNL in process context, where every
 * membership change happens (mcast.c); not while the switch is being
 * deleted, whose PSW_CMD_SWITCH_DEL implies its memberships' end.
 */
void psw_notify_mcast(struct psw_pan *pan, const struct psw_mgroup *g,
		      u8 cmd)
{
	struct psw_mcast_member mm = { .pan = pan, .g = g };

	ASSERT_RTNL();
	if (pan->sw->del_announced)
		return;
	psw_notify(dev_net(pan->sw->dev), PSW_OBJ_MCAST, &mm, cmd,
		   GFP_KERNEL);
}

/* --- Dumps --------------------------------------------------------------- */

/*
 * A dump request shares its command's policy, which also admits what the
 * do request takes: refuse the attributes the dump does not.
 */
static int psw_dump_check(struct nlattr **attrs, u8 cmd,
			  struct netlink_ext_ack *extack)
{
	int type;

	for (type = 1; type <= PSW_A_MAX; type++) {
		if (attrs[type] && !psw_nl_dump_attr_ok(cmd, type)) {
			NL_SET_ERR_MSG_ATTR(extack, attrs[type],
					    "attribute not taken by a dump");
			return -EINVAL;
		}
	}
	return 0;
}

/* The PAN a dump request is narrowed to (PSW_A_PAN_ID), or 0: every PAN. */
u32 psw_dump_pan_id(struct netlink_callback *cb)
{
	struct nlattr **attrs = psw_dump_attrs(cb);

	return attrs[PSW_A_PAN_ID] ? nla_get_u32(attrs[PSW_A_PAN_ID]) : 0;
}

/*
 * Dump cursor: cb->args[0] is the index of the switch being dumped,
 * cb->args[1] to cb->args[5] the position inside it.
 */
int psw_dump(struct sk_buff *skb, struct netlink_callback *cb,
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
	int err;

	err = psw_dump_check(attrs, cmd, cb->extack);
	if (err)
		return err;
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
		memset(&cb->args[1], 0, 5 * sizeof(cb->args[1]));
	}
out:
	rtnl_unlock();
	if (err && err != -EMSGSIZE)
		return err;
	return skb->len;
}

/*
 * Every doit runs under RTNL, taken by psw_pre_doit(), which also resolves
 * the switch for the operations flagged PSW_NL_PRE_SWITCH (the spec's
 * "pre: psw-nl-pre-switch") into user_ptr[0].
 */
static int psw_pre_doit(const struct psw_genl_op *ops, struct sk_buff *skb,
			struct genl_info *info)
{
	struct psw_switch *sw;

	rtnl_lock();
	if (ops->internal_flags & PSW_NL_PRE_SWITCH) {
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

/* --- Family -------------------------------------------------------------- */

/* Not static: event.c sends on its events group. */
struct genl_family psw_genl_family __ro_after_init = {
	.name		= PSW_GENL_NAME,
	.version	= PSW_GENL_VERSION,
	.netnsok	= true,
	.parallel_ops	= true,
	.pre_doit	= psw_pre_doit,
	.post_doit	= psw_post_doit,
	.module		= THIS_MODULE,
	.ops		= psw_nl_ops,
	.n_ops		= ARRAY_SIZE(psw_nl_ops),
	.mcgrps		= psw_nl_mcgrps,
	.n_mcgrps	= ARRAY_SIZE(psw_nl_mcgrps),
};

int __init psw_genl_init(void)
{
	return genl_register_family(&psw_genl_family);
}

void psw_genl_exit(void)
{
	genl_unregister_family(&psw_genl_family);
}
