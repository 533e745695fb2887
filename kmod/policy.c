// SPDX-License-Identifier: GPL-2.0
/*
 * What may enter the switch. One place decides whether a frame from a vm
 * port may be sent (psw_port_admit(): VLAN tags, port security with its
 * OUI, source MAC, ARP and ND checks, IEEE link-local control frames),
 * another what a frame from another host may
 * carry (psw_arrival_admit()), and the uplink's VLAN and the switch's
 * external MAC range tell tenant frames on the physical network from the
 * host's own traffic.
 *
 * A vm port's settings are one immutable struct psw_port_policy behind an
 * RCU pointer, replaced whole under RTNL; the packet path reads it once
 * per frame. The external MAC range is one packed u64 (psw_ext_prefix_*),
 * written whole under RTNL and read with READ_ONCE().
 */
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <net/ipv6.h>
#include <net/ndisc.h>

#include "psw.h"

/* LLDP's nearest-bridge group address (IEEE 802.1AB), ethertype 0x88cc. */
static const u8 psw_lldp_addr[ETH_ALEN] __aligned(2) = {
	0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e
};

/* Is @mac one of @port's own MACs (the ones its entries were made for)? */
static bool psw_port_has_mac(const struct psw_port *port, const u8 *mac)
{
	unsigned int i;

	for (i = 0; i < port->nmacs; i++)
		if (ether_addr_equal(mac, port->macs[i]))
			return true;
	return false;
}

/* An 802.1Q tag with VID 0 carries only a priority: the frame is untagged. */
static bool psw_tag_is_priority(const struct sk_buff *skb)
{
	return skb->vlan_proto == htons(ETH_P_8021Q) &&
	       !skb_vlan_tag_get_id(skb);
}

/* Is @mac one of @p's allow list's MACs? */
static bool psw_allow_has_mac(const struct psw_port_policy *p, const u8 *mac)
{
	unsigned int i;

	for (i = 0; i < p->nallow; i++)
		if (ether_addr_equal(mac, p->allow[i].mac))
			return true;
	return false;
}

/* Is {@mac, @ip} (@family AF_INET: @ip a __be32) an entry of @p's list? */
static bool psw_allow_has_pair(const struct psw_port_policy *p, u8 family,
			       const u8 *mac, const void *ip)
{
	const struct psw_port_allow *a;
	unsigned int i;

	for (i = 0; i < p->nallow; i++) {
		a = &p->allow[i];
		if (a->family != family || !ether_addr_equal(mac, a->mac))
			continue;
		if (family == AF_INET ?
		    a->ip.s6_addr32[0] == *(const __be32 *)ip :
		    ipv6_addr_equal(&a->ip, ip))
			return true;
	}
	return false;
}

/*
 * Port security's ARP check, for a port with IPv4 pairs in its allow
 * list: the sender hardware address is the frame's source, and the
 * sender pair {SHA, SPA} an entry of the list (SPA 0.0.0.0, a probe,
 * claims nothing). ARP for other hardware or protocols is no Ethernet
 * host's business (a receiver drops it); a truncated message cannot be
 * checked and is refused. @skb->data at the ARP header; read with
 * skb_header_pointer(), nothing pulled or written.
 */
static bool psw_arp_ok(const struct psw_port_policy *p,
		       const struct sk_buff *skb)
{
	const struct psw_arp *arp;
	struct psw_arp buf;

	arp = skb_header_pointer(skb, 0, sizeof(buf), &buf);
	if (!arp)
		return false;
	if (!psw_arp_eth_ip4(&arp->hdr))
		return true;
	if (!ether_addr_equal(arp->sha, eth_hdr(skb)->h_source))
		return false;
	if (ipv4_is_zeronet(arp->sip))
		return true;
	return psw_allow_has_pair(p, AF_INET, arp->sha, &arp->sip);
}

/* Is @ip the link-local address modified EUI-64 makes from @mac? */
static bool psw_ll_of_mac(const struct in6_addr *ip, const u8 *mac)
{
	const u8 *b = ip->s6_addr;

	return ip->s6_addr32[0] == htonl(0xfe800000) && !ip->s6_addr32[1] &&
	       b[8] == (mac[0] ^ 2) && b[9] == mac[1] && b[10] == mac[2] &&
	       b[11] == 0xff && b[12] == 0xfe && b[13] == mac[3] &&
	       b[14] == mac[4] && b[15] == mac[5];
}

/*
 * May the port claim {@mac, @ip} in ND? @mac is the frame's source, an
 * allowed MAC already: the link-local address it makes is allowed too.
 */
static bool psw_nd_pair_ok(const struct psw_port_policy *p, const u8 *mac,
			   const struct in6_addr *ip)
{
	return psw_ll_of_mac(ip, mac) ||
	       psw_allow_has_pair(p, AF_INET6, mac, ip);
}

/*
 * Port security's ND check, for a port with IPv6 pairs in its allow
 * list. A neighbour solicitation claims its IPv6 source (unless ::, DAD)
 * with its source link-layer address option, an advertisement its target
 * with its target link-layer address option, each with the frame's source
 * MAC when the option is absent; every such option must be the frame's
 * source MAC, and the pair claimed must be allowed. Other ICMPv6 and
 * other IPv6 packets pass. An NS/NA too short or with malformed options
 * cannot be checked and is refused. @skb->data at the IPv6 header; read
 * with skb_header_pointer() only.
 */
static bool psw_nd_ok(const struct psw_port_policy *p,
		      const struct sk_buff *skb)
{
	const u8 *src = eth_hdr(skb)->h_source;
	const u8 *opt, *lla;
	unsigned int off, end, olen;
	const struct ipv6hdr *ip6;
	const struct nd_msg *nd;
	struct ipv6hdr ip6buf;
	struct nd_msg ndbuf;
	u8 obuf[2], lbuf[ETH_ALEN], want, nexthdr;
	__be16 frag_off;
	int start;

	ip6 = skb_header_pointer(skb, 0, sizeof(ip6buf), &ip6buf);
	if (!ip6 || ip6->version != 6)
		return true;
	nexthdr = ip6->nexthdr;
	start = ipv6_skip_exthdr(skb, sizeof(*ip6), &nexthdr, &frag_off);
	if (start < 0 || nexthdr != IPPROTO_ICMPV6 || frag_off)
		return true;
	opt = skb_header_pointer(skb, start, 1, obuf);
	if (!opt)
		return true;	/* no ICMPv6 message: nothing claimed */
	if (*opt == NDISC_NEIGHBOUR_SOLICITATION)
		want = ND_OPT_SOURCE_LL_ADDR;
	else if (*opt == NDISC_NEIGHBOUR_ADVERTISEMENT)
		want = ND_OPT_TARGET_LL_ADDR;
	else
		return true;
	nd = skb_header_pointer(skb, start, sizeof(ndbuf), &ndbuf);
	if (!nd)
		return false;	/* an NS/NA without its target */
	end = min_t(unsigned int, skb->len,
		    sizeof(*ip6) + ntohs(ip6->payload_len));
	for (off = start + sizeof(*nd); off < end; off += olen) {
		if (off + sizeof(obuf) > end)
			return false;
		opt = skb_header_pointer(skb, off, sizeof(obuf), obuf);
		if (!opt)
			return false;
		olen = opt[1] * 8;
		if (!olen || off + olen > end)
			return false;
		if (opt[0] != want)
			continue;
		lla = skb_header_pointer(skb, off + 2, ETH_ALEN, lbuf);
		if (!lla || olen < 2 + ETH_ALEN || !ether_addr_equal(lla, src))
			return false;
	}
	/* Every link-layer address option given is @src. */
	if (want == ND_OPT_TARGET_LL_ADDR)
		return psw_nd_pair_ok(p, src, &nd->target);
	if (ipv6_addr_any(&ip6->saddr))
		return true;	/* DAD: claims nothing yet */
	return psw_nd_pair_ok(p, src, &ip6->saddr);
}

/*
 * May @in, a vm port of @pan, send @skb into its PAN? 0 if so, else the
 * reason to drop it. skb->data is at the network header, the MAC header
 * is set, and @skb is not shared (a priority-only tag is removed here).
 * The packet path, under RCU: the one function that decides, so that
 * later port security settings are checked here and nowhere else.
 *   - VLAN: a vm port carries one untagged tenant. A frame with a tag the
 *     core moved out (skb->vlan_tci), or with an 802.1Q/802.1ad ethertype
 *     left in the frame, is dropped, port security on or off: a tag a VM
 *     chose never reaches the physical network. A tag with VID 0 only
 *     carries a priority and is removed. (Trunk ports carry tagged
 *     tenants: tenant.c classifies them.)
 *   - Port security (on by default), in this order: the source MAC's
 *     OUI is not another PAN's in the tenant map (foreign_oui); the
 *     source MAC is one of the port's MACs or of its allow list
 *     (spoofed_src); with IPv4 pairs in the allow list, an ARP claims an
 *     allowed pair (arp_spoof); with IPv6 pairs, an NS/NA does
 *     (nd_spoof).
 *   - IEEE 802.1 link-local destinations (01:80:c2:00:00:00-0f: STP,
 *     PAUSE, LACP, EAPOL, LLDP, ...) are for the link, not for a network:
 *     a bridge never forwards them. With the port's lldp setting, LLDP
 *     (01:80:c2:00:00:0e, ethertype 0x88cc) is admitted; the caller floods
 *     it to the PAN's other vm ports only.
 */
enum psw_drop_reason psw_port_admit(const struct psw_port *in,
				    const struct psw_pan *pan,
				    struct sk_buff *skb)
{
	const struct psw_port_policy *p = rcu_dereference(in->policy);
	const struct ethhdr *eth = eth_hdr(skb);

	if (skb_vlan_tag_present(skb)) {
		if (!psw_tag_is_priority(skb))
			return PSW_DROP_VLAN_TAGGED;
		__vlan_hwaccel_clear_tag(skb);
	}
	if (eth_type_vlan(skb->protocol))
		return PSW_DROP_VLAN_TAGGED;
	if (p->security) {
		if (psw_oui_foreign(in->sw, pan, eth->h_source))
			return PSW_DROP_FOREIGN_OUI;
		if (!psw_port_has_mac(in, eth->h_source) &&
		    !psw_allow_has_mac(p, eth->h_source))
			return PSW_DROP_SPOOFED_SRC;
		if (p->nallow4 && skb->protocol == htons(ETH_P_ARP) &&
		    !psw_arp_ok(p, skb))
			return PSW_DROP_ARP_SPOOF;
		if (p->nallow6 && skb->protocol == htons(ETH_P_IPV6) &&
		    !psw_nd_ok(p, skb))
			return PSW_DROP_ND_SPOOF;
	}
	if (unlikely(is_link_local_ether_addr(eth->h_dest)) &&
	    !(p->lldp && ether_addr_equal(eth->h_dest, psw_lldp_addr) &&
	      skb->protocol == htons(ETH_P_LLDP)))
		return PSW_DROP_LINK_LOCAL;
	return 0;
}

/*
 * May a frame from another host (the uplink, after its VLAN tag was
 * taken off, or a tunnel) enter a PAN? skb->data at the Ethernet header.
 * No host sends a VLAN-tagged or link-local frame of a VM (they never
 * pass psw_port_admit()), so such an arrival is forged; refusing it here
 * also keeps every frame delivered to a vm port untagged.
 */
enum psw_drop_reason psw_arrival_admit(const struct sk_buff *skb)
{
	if (skb_vlan_tag_present(skb) || eth_type_vlan(skb->protocol))
		return PSW_DROP_VLAN_TAGGED;
	if (unlikely(is_link_local_ether_addr(eth_hdr(skb)->h_dest)))
		return PSW_DROP_LINK_LOCAL;
	return 0;
}

/*
 * Is a frame on @uplink on the switch's VLAN: untagged (or priority-tagged)
 * if the uplink has none, else tagged 802.1Q with its VID? Frames on other
 * VLANs are the host's (its own VLAN devices) and not the switch's
 * business. The packet path.
 */
bool psw_uplink_vlan_ok(const struct psw_port *uplink,
			const struct sk_buff *skb)
{
	if (!skb_vlan_tag_present(skb))
		return !uplink->vid;
	return skb->vlan_proto == htons(ETH_P_8021Q) &&
	       skb_vlan_tag_get_id(skb) == uplink->vid;
}

/* --- Port settings (RTNL) ------------------------------------------------ */

/* Could a host have @a's address? */
static bool psw_allow_ip_ok(const struct psw_port_allow *a)
{
	__be32 ip4 = a->ip.s6_addr32[0];

	if (a->family == AF_INET)
		return !ipv4_is_zeronet(ip4) && !ipv4_is_multicast(ip4) &&
		       !ipv4_is_lbcast(ip4) && !ipv4_is_loopback(ip4);
	return !ipv6_addr_any(&a->ip) && !ipv6_addr_is_multicast(&a->ip) &&
	       !ipv6_addr_loopback(&a->ip);
}

/**
 * psw_port_allow_parse() - a PSW_A_ALLOW nest as an allow list
 * @nest: the request's PSW_A_ALLOW (validated by the policy)
 * @allow: PSW_PORT_ALLOW_MAX entries to fill
 * @extack: where a refusal says why (and names the attribute)
 *
 * Refused: more than PSW_PORT_ALLOW_MAX entries; an entry without a MAC,
 * with a multicast or zero MAC, with two addresses, with an address no
 * host has (psw_neigh_ip_ok()); an entry twice.
 *
 * Context: RTNL.
 * Return: the number of entries (0: an empty list), or a negative errno.
 */
int psw_port_allow_parse(const struct nlattr *nest,
			 struct psw_port_allow *allow,
			 struct netlink_ext_ack *extack)
{
	struct nlattr *tb[PSW_A_MAX + 1];
	struct psw_port_allow *a;
	const struct nlattr *e;
	int rem, n = 0, i, err;

	nla_for_each_nested(e, nest, rem) {
		if (nla_type(e) != PSW_A_ALLOW_ENTRY)
			continue;	/* refused by the policy */
		if (n == PSW_PORT_ALLOW_MAX) {
			NL_SET_ERR_MSG_ATTR(extack, e,
					    "too many allow list entries (PSW_PORT_ALLOW_MAX)");
			return -ENOSPC;
		}
		err = nla_parse_nested(tb, PSW_A_MAX, e, NULL, extack);
		if (err)
			return err;
		a = &allow[n];
		memset(a, 0, sizeof(*a));
		if (!tb[PSW_A_MAC]) {
			NL_SET_ERR_MSG_ATTR(extack, e,
					    "an allow list entry needs a MAC");
			return -EINVAL;
		}
		memcpy(a->mac, nla_data(tb[PSW_A_MAC]), ETH_ALEN);
		if (!is_valid_ether_addr(a->mac)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[PSW_A_MAC],
					    "an allowed MAC must be unicast and not zero (a multicast MAC is no source)");
			return -EINVAL;
		}
		if (tb[PSW_A_NEIGH_IP4] && tb[PSW_A_NEIGH_IP6]) {
			NL_SET_ERR_MSG_ATTR(extack, tb[PSW_A_NEIGH_IP6],
					    "an allow list entry has one address, IPv4 or IPv6");
			return -EINVAL;
		}
		if (tb[PSW_A_NEIGH_IP4]) {
			a->family = AF_INET;
			memcpy(&a->ip, nla_data(tb[PSW_A_NEIGH_IP4]), 4);
		} else if (tb[PSW_A_NEIGH_IP6]) {
			a->family = AF_INET6;
			memcpy(&a->ip, nla_data(tb[PSW_A_NEIGH_IP6]), 16);
		}
		if (a->family && !psw_allow_ip_ok(a)) {
			NL_SET_ERR_MSG_ATTR(extack,
					    tb[PSW_A_NEIGH_IP4] ?: tb[PSW_A_NEIGH_IP6],
					    "an allowed address must be unicast, not zero, broadcast or loopback");
			return -EINVAL;
		}
		for (i = 0; i < n; i++)
			if (!memcmp(&allow[i], a, sizeof(*a))) {
				NL_SET_ERR_MSG_ATTR(extack, e,
						    "allow list entry given twice");
				return -EEXIST;
			}
		n++;
	}
	return n;
}

/*
 * Change @port's policy: each of @security and @lldp is applied when not
 * NULL, and the allow list becomes @allow (@nallow entries, checked by
 * psw_port_allow_parse()) when @nallow is not negative. The new policy
 * replaces the old one whole; a refusal changes nothing.
 */
int psw_port_set_policy(struct psw_port *port, const bool *security,
			const bool *lldp, const struct psw_port_allow *allow,
			int nallow, struct netlink_ext_ack *extack)
{
	struct psw_port_policy *old, *p;
	unsigned int i;

	ASSERT_RTNL();
	if (port->role != PSW_PORT_ROLE_VM) {
		if (port->role == PSW_PORT_ROLE_TRUNK)
			NL_SET_ERR_MSG(extack,
				       "a trunk port has no port security, allow list or LLDP setting");
		else if (port->role == PSW_PORT_ROLE_TEP)
			NL_SET_ERR_MSG(extack,
				       "a tep port has no port security, allow list or LLDP setting");
		else
			NL_SET_ERR_MSG(extack,
				       "an uplink has no port security, allow list or LLDP setting");
		return -EOPNOTSUPP;
	}
	old = rtnl_dereference(port->policy);
	if (nallow < 0) {
		nallow = old->nallow;
		allow = old->allow;
	}
	p = kzalloc(struct_size(p, allow, nallow), PSW_GFP);
	if (!p) {
		NL_SET_ERR_MSG(extack, "out of memory for the port's policy");
		return -ENOMEM;
	}
	p->security = security ? *security : old->security;
	p->lldp = lldp ? *lldp : old->lldp;
	p->nallow = nallow;
	for (i = 0; i < nallow; i++) {
		p->allow[i] = allow[i];
		if (allow[i].family == AF_INET)
			p->nallow4++;
		else if (allow[i].family == AF_INET6)
			p->nallow6++;
	}
	rcu_assign_pointer(port->policy, p);
	kfree_rcu(old, rcu);
	psw_changed(port->sw);
	return 0;
}

/*
 * Put @p's allow list as PSW_A_ALLOW (an empty nest when it has none).
 * Under RTNL or RCU.
 */
int psw_port_allow_fill(struct sk_buff *skb, const struct psw_port_policy *p)
{
	const struct psw_port_allow *a;
	struct nlattr *list, *e;
	unsigned int i;

	list = nla_nest_start(skb, PSW_A_ALLOW);
	if (!list)
		return -EMSGSIZE;
	for (i = 0; i < p->nallow; i++) {
		a = &p->allow[i];
		e = nla_nest_start(skb, PSW_A_ALLOW_ENTRY);
		if (!e || nla_put(skb, PSW_A_MAC, ETH_ALEN, a->mac))
			return -EMSGSIZE;
		if (a->family == AF_INET &&
		    nla_put_in_addr(skb, PSW_A_NEIGH_IP4, a->ip.s6_addr32[0]))
			return -EMSGSIZE;
		if (a->family == AF_INET6 &&
		    nla_put_in6_addr(skb, PSW_A_NEIGH_IP6, &a->ip))
			return -EMSGSIZE;
		nla_nest_end(skb, e);
	}
	nla_nest_end(skb, list);
	return 0;
}

/* --- The external MAC range ---------------------------------------------- */

/* @mac/@len as one word: the MAC in bits 8..55, the length in 0..7. */
u64 psw_ext_prefix_pack(const u8 *mac, u8 len)
{
	return len ? ether_addr_to_u64(mac) << 8 | len : 0;
}

void psw_ext_prefix_unpack(u64 packed, u8 *mac, u8 *len)
{
	*len = packed & 0xff;
	u64_to_ether_addr(packed >> 8, mac);
}

/* Does @mac lie in the range @packed (false when there is none)? */
bool psw_ext_in_prefix(u64 packed, const u8 *mac)
{
	u8 len = packed & 0xff;

	if (!len)
		return false;
	return !((ether_addr_to_u64(mac) ^ (packed >> 8)) >> (48 - len));
}

/* Does every external MAC of @sw's entries lie in @packed? */
static bool psw_exts_in_prefix(struct psw_switch *sw, u64 packed)
{
	const struct psw_entry *e;
	struct psw_pan *pan;
	unsigned long id;
	bool in = true;

	/* RCU: learned entries (never with an external MAC) may go. */
	rcu_read_lock();
	xa_for_each(&sw->pans, id, pan)
		list_for_each_entry_rcu(e, &pan->entries, pan_node)
			if (!is_zero_ether_addr(e->ext) &&
			    !psw_ext_in_prefix(packed, e->ext))
				in = false;
	rcu_read_unlock();
	return in;
}

/*
 * May @mac/@len (8..48; 0: none) become the range every external MAC of
 * @sw must lie in? Refused when an external MAC in use lies outside it or
 * the uplink's own address inside it. On success *@packed is the range as
 * psw_ext_prefix_set() takes it. Changes nothing. RTNL.
 */
int psw_ext_prefix_check(struct psw_switch *sw, const u8 *mac, u8 len,
			 u64 *packed, struct netlink_ext_ack *extack)
{
	const struct psw_port *uplink = rtnl_dereference(sw->uplink);

	ASSERT_RTNL();
	*packed = 0;
	if (!len)
		return 0;
	if (len < 8 || len > 48) {
		NL_SET_ERR_MSG(extack,
			       "external MAC prefix length must be 8..48 (0 clears)");
		return -EINVAL;
	}
	if (is_multicast_ether_addr(mac)) {
		NL_SET_ERR_MSG(extack, "external MAC prefix must be unicast");
		return -EINVAL;
	}
	if (ether_addr_to_u64(mac) & (BIT_ULL(48 - len) - 1)) {
		NL_SET_ERR_MSG(extack,
			       "external MAC prefix has bits set beyond its length");
		return -EINVAL;
	}
	*packed = psw_ext_prefix_pack(mac, len);
	if (uplink && psw_ext_in_prefix(*packed, uplink->dev->dev_addr)) {
		NL_SET_ERR_MSG(extack,
			       "the uplink's own address lies in the external MAC range");
		return -EADDRINUSE;
	}
	if (!psw_exts_in_prefix(sw, *packed)) {
		NL_SET_ERR_MSG(extack,
			       "an external MAC in use lies outside the range");
		return -EINVAL;
	}
	return 0;
}

/* Publish a range psw_ext_prefix_check() accepted. RTNL. */
void psw_ext_prefix_set(struct psw_switch *sw, u64 packed)
{
	ASSERT_RTNL();
	WRITE_ONCE(sw->ext_prefix, packed);
	psw_changed(sw);
}
