// SPDX-License-Identifier: GPL-2.0
/*
 * The switch's underlay: its tunnel source addresses (IPv4, IPv6) and VXLAN
 * port, checked here and published whole (struct psw_underlay, an RCU
 * pointer), the check every tunnel endpoint address passes, and the
 * switch a tunnel packet to an underlay address is for.
 */
#include <net/ipv6.h>

#include "psw.h"

static bool psw_ip_is_zero(u8 family, const union psw_ip *ip)
{
	return family == AF_INET ? !ip->ip4 : ipv6_addr_any(&ip->ip6);
}

/*
 * Is @ip usable as a tunnel endpoint address (local or remote)? If not,
 * says why in @extack, pointing at @attr.
 */
bool psw_ip_valid(u8 family, const union psw_ip *ip,
		  struct netlink_ext_ack *extack, const struct nlattr *attr)
{
	if (family == AF_INET) {
		if (ipv4_is_multicast(ip->ip4) || ipv4_is_lbcast(ip->ip4)) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "address must be unicast");
			return false;
		}
		if (ipv4_is_zeronet(ip->ip4) || ipv4_is_loopback(ip->ip4)) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "address must not be zero or loopback");
			return false;
		}
		if (ipv4_is_linklocal_169(ip->ip4)) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "link-local addresses are not supported");
			return false;
		}
		return true;
	}
	if (ipv6_addr_is_multicast(&ip->ip6)) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "address must be unicast");
		return false;
	}
	if (ipv6_addr_any(&ip->ip6) || ipv6_addr_loopback(&ip->ip6)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "address must not be zero or loopback");
		return false;
	}
	if (ipv6_addr_type(&ip->ip6) & IPV6_ADDR_LINKLOCAL) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "link-local addresses are not supported");
		return false;
	}
	if (ipv6_addr_v4mapped(&ip->ip6)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "use the IPv4 address, not an IPv4-mapped one");
		return false;
	}
	return true;
}

static bool psw_ip_equal(u8 family, const union psw_ip *a,
			 const union psw_ip *b)
{
	return family == AF_INET ? a->ip4 == b->ip4 :
				   ipv6_addr_equal(&a->ip6, &b->ip6);
}

/**
 * psw_switch_by_underlay() - the switch whose underlay address @ip is
 * @net: the namespace a tunnel packet arrived in
 * @family: AF_INET or AF_INET6, the family of @ip
 * @ip: the packet's outer destination
 *
 * The one walk of a namespace's switches by underlay address, for the
 * receive paths that know no PAN yet: NVGRE (decap_nvgre.c), and EtherIP
 * to an underlay address (decap_etherip.c), a probe (probe.c) or else an
 * arrival for the switch's PANs in OUI form (etherip_oui.c), which that
 * caller checks the switch has (sw->netherip_oui). Switches are few per
 * namespace, so it is a walk of the namespace's RCU list. Zero is no
 * address: a zero @ip is no switch's. A non-zero underlay address is one
 * switch's in its namespace (psw_check_local(), under RTNL), so at most
 * one switch matches; only while an address moves from one switch to
 * another may a reader see both, and then the first in the list wins.
 *
 * Context: BH, RCU read lock held; takes no lock.
 * Return: the switch, valid until the caller's RCU read-side section
 * ends, or NULL.
 */
struct psw_switch *psw_switch_by_underlay(struct net *net, u8 family,
					  const union psw_ip *ip)
{
	const struct psw_underlay *u;
	struct psw_switch *sw;

	if (psw_ip_is_zero(family, ip))
		return NULL;
	list_for_each_entry_rcu(sw, &psw_net(net)->switches, node) {
		u = rcu_dereference(sw->underlay);
		if (u && (family == AF_INET ? u->local4 == ip->ip4 :
			  ipv6_addr_equal(&u->local6, &ip->ip6)))
			return sw;
	}
	return NULL;
}

/* Check a new local address of @family for @sw; zero means clearing it. */
static int psw_check_local(struct psw_switch *sw, u8 family,
			   const union psw_ip *ip, struct netlink_ext_ack *extack)
{
	struct psw_net *pn = psw_net(dev_net(sw->dev));
	const struct psw_underlay *u;
	struct psw_switch *other;
	union psw_ip cur;

	if (psw_ip_is_zero(family, ip)) {
		if (sw->nremote[family == AF_INET6]) {
			NL_SET_ERR_MSG(extack,
				       "encap entries, flood members, anycast gateways or multicast groups use this underlay address");
			return -EBUSY;
		}
		return 0;
	}
	if (!psw_ip_valid(family, ip, extack, NULL))
		return -EINVAL;
	if (psw_is_pan_addr(dev_net(sw->dev), family, ip)) {
		NL_SET_ERR_MSG(extack, "address is a PAN's address (pan-addr)");
		return -EADDRINUSE;
	}
	list_for_each_entry(other, &pn->switches, node) {
		u = rtnl_dereference(other->underlay);
		memset(&cur, 0, sizeof(cur));
		if (family == AF_INET)
			cur.ip4 = u->local4;
		else
			cur.ip6 = u->local6;
		if (other != sw && psw_ip_equal(family, &cur, ip)) {
			NL_SET_ERR_MSG(extack,
				       "address is another switch's underlay address in this namespace");
			return -EADDRINUSE;
		}
	}
	if (psw_trust_has_addr(sw, family, ip)) {
		NL_SET_ERR_MSG(extack,
			       "address is the remote of encap entries or flood members of this switch");
		return -EADDRINUSE;
	}
	return 0;
}

/*
 * Change the underlay: each of @local4, @local6 and @port is applied when
 * not NULL / not zero. The receive side is updated first; if that fails,
 * nothing changes. RTNL.
 */
int psw_switch_set_underlay(struct psw_switch *sw, const __be32 *local4,
			    const struct in6_addr *local6, u16 port,
			    struct netlink_ext_ack *extack)
{
	struct psw_underlay *old = rtnl_dereference(sw->underlay);
	struct psw_underlay *u;
	union psw_ip ip;
	int err;

	ASSERT_RTNL();
	if (local4) {
		ip.ip4 = *local4;
		err = psw_check_local(sw, AF_INET, &ip, extack);
		if (err)
			return err;
	}
	if (local6) {
		ip.ip6 = *local6;
		err = psw_check_local(sw, AF_INET6, &ip, extack);
		if (err)
			return err;
	}

	u = kmemdup(old, sizeof(*u), PSW_GFP);
	if (!u) {
		NL_SET_ERR_MSG(extack, "out of memory for the underlay");
		return -ENOMEM;
	}
	if (local4)
		u->local4 = *local4;
	if (local6)
		u->local6 = *local6;
	if (port)
		u->vxlan_port = port;

	err = psw_decap_update(sw, u, extack);
	if (err) {
		kfree(u);
		return err;
	}
	rcu_assign_pointer(sw->underlay, u);
	/* Group memberships are bound and routed by the underlay. */
	psw_mcast_rejoin(sw);
	/*
	 * Cached routes were looked up from the old source addresses and
	 * VXLAN port: once no frame routes by the old underlay any more,
	 * forget them (DOC: Locking, route caches).
	 */
	if (sw->nremote[0] || sw->nremote[1]) {
		synchronize_net();
		psw_trust_reset_routes(sw);
	}
	kfree_rcu(old, rcu);
	psw_changed(sw);
	return 0;
}
