// SPDX-License-Identifier: GPL-2.0
/*
 * A PAN's underlay IP multicast group (seed 000, FIG. 6 and claim 13):
 * the PAN's mcast mode, broadcast carried as one IP multicast to the
 * hosts of the PAN. This file holds the group's configuration: an RCU
 * pointer of the PAN, replaced whole under RTNL, its checks, and how it
 * is reported (the PAN's PSW_A_MCAST, and the PAN's mcast entry in entry
 * dumps, FIG. 7A's "broadcast -> IP multicast encapsulate -> group").
 *
 * While the PAN has a group, the switch's local address of the group's
 * family is in use (sw->nremote), as for an encap entry: the copies to
 * the group are sent from it.
 */
#include <net/ipv6.h>
#include <net/netlink.h>

#include "nl_core.h"

/* The PAN's group, under RTNL or RCU (NULL: none). */
const struct psw_mcast *psw_mcast_get(const struct psw_pan *pan)
{
	return rcu_dereference_rtnl(pan->mcast);
}

/*
 * Is @ip a group the PAN may use? Multicast, and of a scope wider than
 * the link: the underlay is routed (a router joins the segments of
 * FIG. 6), and 224.0.0.0/24 or ff02::/16 never leave one segment.
 */
static int psw_mcast_check_group(u8 family, const union psw_ip *ip,
				 struct netlink_ext_ack *extack,
				 const struct nlattr *attr)
{
	if (family == AF_INET) {
		if (!ipv4_is_multicast(ip->ip4)) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "the group must be an IPv4 multicast address (224.0.0.0/4)");
			return -EINVAL;
		}
		if (ipv4_is_local_multicast(ip->ip4)) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "the group is link-local (224.0.0.0/24): routers never forward it");
			return -EINVAL;
		}
		return 0;
	}
	if (!ipv6_addr_is_multicast(&ip->ip6)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "the group must be an IPv6 multicast address (ff00::/8)");
		return -EINVAL;
	}
	if (IPV6_ADDR_MC_SCOPE(&ip->ip6) <= IPV6_ADDR_SCOPE_LINKLOCAL) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "the group's scope is the interface or the link (ff00::/16, ff01::/16, ff02::/16): routers never forward it");
		return -EINVAL;
	}
	return 0;
}

/*
 * The group that a non-empty PSW_A_MCAST nest names, checked, not
 * published: *@mc, NULL for an empty nest (no group). RTNL.
 */
int psw_mcast_parse(struct psw_pan *pan, const struct nlattr *nest,
		    struct psw_mcast **mc, struct netlink_ext_ack *extack)
{
	const struct psw_underlay *u = rtnl_dereference(pan->sw->underlay);
	struct nlattr *tb[PSW_A_MAX + 1];
	struct psw_mcast *m;
	const struct nlattr *ga;
	union psw_ip ip = {};
	u8 family, encap = PSW_ENCAP_VXLAN, ttl = PSW_MCAST_TTL_DEFAULT;
	bool has_local;
	int err;

	*mc = NULL;
	/* Validated by the request's policy (psw_mcast_nl_policy). */
	err = nla_parse_nested(tb, PSW_A_MAX, nest, NULL, extack);
	if (err)
		return err;
	if (!tb[PSW_A_REMOTE4] && !tb[PSW_A_REMOTE6]) {
		if (!tb[PSW_A_ENCAP] && !tb[PSW_A_TTL])
			return 0;	/* empty: no group */
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "the multicast group needs its address (group or group6)");
		NL_SET_ERR_ATTR_MISS(extack, nest, PSW_A_REMOTE4);
		return -EINVAL;
	}
	if (tb[PSW_A_REMOTE4] && tb[PSW_A_REMOTE6]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[PSW_A_REMOTE6],
				    "a PAN has one multicast group: IPv4 or IPv6, not both");
		return -EINVAL;
	}
	if (tb[PSW_A_REMOTE4]) {
		family = AF_INET;
		ga = tb[PSW_A_REMOTE4];
		ip.ip4 = nla_get_in_addr(ga);
		has_local = u->local4;
	} else {
		family = AF_INET6;
		ga = tb[PSW_A_REMOTE6];
		ip.ip6 = nla_get_in6_addr(ga);
		has_local = !ipv6_addr_any(&u->local6);
	}
	err = psw_mcast_check_group(family, &ip, extack, ga);
	if (err)
		return err;
	if (!has_local) {
		if (family == AF_INET)
			NL_SET_ERR_MSG_ATTR(extack, ga,
					    "the switch has no IPv4 underlay address to send to an IPv4 group from");
		else
			NL_SET_ERR_MSG_ATTR(extack, ga,
					    "the switch has no IPv6 underlay address to send to an IPv6 group from");
		return -EADDRNOTAVAIL;
	}
	if (tb[PSW_A_ENCAP])
		encap = nla_get_u8(tb[PSW_A_ENCAP]);
	if (encap == PSW_ENCAP_ETHERIP) {
		NL_SET_ERR_MSG_ATTR(extack, tb[PSW_A_ENCAP],
				    "EtherIP carries no PAN id: a group shared by PANs could not tell them apart (use vxlan or nvgre)");
		return -EINVAL;
	}
	if (tb[PSW_A_TTL])
		ttl = nla_get_u8(tb[PSW_A_TTL]);	/* >= 1 by the policy */

	m = kzalloc(sizeof(*m), PSW_GFP);
	if (!m) {
		NL_SET_ERR_MSG(extack, "out of memory for the multicast group");
		return -ENOMEM;
	}
	m->group = ip;
	m->family = family;
	m->encap = encap;
	m->ttl = ttl;
	*mc = m;
	return 0;
}

/* A parsed group that will not be published. RTNL. */
void psw_mcast_abort(struct psw_mcast *mc)
{
	kfree(mc);
}

/*
 * Make @mc (NULL: none) @pan's group; the old one goes, after a grace
 * period. RTNL.
 */
void psw_mcast_publish(struct psw_pan *pan, struct psw_mcast *mc)
{
	struct psw_mcast *old = rtnl_dereference(pan->mcast);
	struct psw_switch *sw = pan->sw;

	ASSERT_RTNL();
	if (!old && !mc)
		return;
	if (mc)
		sw->nremote[psw_family_idx(mc->family)]++;
	rcu_assign_pointer(pan->mcast, mc);
	if (old) {
		sw->nremote[psw_family_idx(old->family)]--;
		kfree_rcu(old, rcu);
	}
	psw_changed(sw);
}

static int psw_mcast_put_group(struct sk_buff *skb, const struct psw_mcast *mc)
{
	if (nla_put_u8(skb, PSW_A_ENCAP, mc->encap))
		return -EMSGSIZE;
	if (mc->family == AF_INET)
		return nla_put_in_addr(skb, PSW_A_REMOTE4, mc->group.ip4);
	return nla_put_in6_addr(skb, PSW_A_REMOTE6, &mc->group.ip6);
}

/* PSW_A_MCAST of @pan, if it has a group. Under RTNL or RCU. */
int psw_mcast_fill(struct sk_buff *skb, const struct psw_pan *pan)
{
	const struct psw_mcast *mc = psw_mcast_get(pan);
	struct nlattr *nest;

	if (!mc)
		return 0;
	nest = nla_nest_start(skb, PSW_A_MCAST);
	if (!nest)
		return -EMSGSIZE;
	if (psw_mcast_put_group(skb, mc) ||
	    nla_put_u8(skb, PSW_A_TTL, mc->ttl)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * The PAN's mcast entry (PSW_MODE_MCAST, origin PSW_ORIGIN_PAN) as an
 * entry message: {PAN, ff:ff:ff:ff:ff:ff} -> the group. @mc is the
 * PAN's group. Under RTNL or RCU.
 */
int psw_mcast_fill_entry(struct sk_buff *skb, const struct psw_pan *pan,
			 const struct psw_mcast *mc, const struct psw_msg *m)
{
	static const u8 bcast[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	void *hdr = psw_msg_start(skb, m);

	if (!hdr)
		return -EMSGSIZE;
	if (psw_put_switch_id(skb, pan->sw) ||
	    nla_put_u32(skb, PSW_A_PAN_ID, pan->id) ||
	    nla_put(skb, PSW_A_MAC, ETH_ALEN, bcast) ||
	    nla_put_u8(skb, PSW_A_MODE, PSW_MODE_MCAST) ||
	    nla_put_u8(skb, PSW_A_ORIGIN, PSW_ORIGIN_PAN) ||
	    psw_mcast_put_group(skb, mc)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}
