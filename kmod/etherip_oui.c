// SPDX-License-Identifier: GPL-2.0
/*
 * EtherIP with OUI tenancy (seed 001): MAC-in-IP with no tenant field,
 * the tenant carried by the inner source MAC's OUI.
 *
 * A PAN names itself to EtherIP arrivals in one of two forms, chosen per
 * PAN (PSW_A_ETHERIP, pan->etherip): by its own local address (pan-addr,
 * the default, pan_addr.c), or by OUI: an arrival to a switch's underlay
 * address is the PAN's whose tenant map entry {OUI, no VLAN} has the
 * inner source MAC's OUI. The forms exclude each other: a PAN in OUI form
 * has no pan-addr, and an arrival to a PAN address is never looked at by
 * OUI. A switch with no PAN in OUI form (sw->netherip_oui 0) leaves
 * EtherIP to its underlay address to the stack's answer for a protocol
 * nobody handles, as before; one with such a PAN takes it, and drops an
 * arrival whose OUI names no PAN in OUI form (etherip_no_tenant).
 *
 * Sending: a frame of a PAN in OUI form goes to the remote's underlay
 * address (the entry's or flood member's remote) from the switch's. Its
 * source OUI IS its tenant on the wire, so it must be the PAN's own in
 * the tenant map, whatever port security says (etherip_foreign_oui).
 * An IP multicast frame's destination (01:00:5e + 23 bits of an IPv4
 * group, 33:33 + 32 bits of an IPv6 group) is rewritten to the source's
 * OUI with the I/G bit set and the group's low 23 (IPv4) or 24 (IPv6)
 * bits, and mapped back by the receiving switch, which checks it against
 * the inner IP group (etherip_bad_group): Documentation/transport.md,
 * "EtherIP tenancy".
 *
 * Locking: the tenant map is read under RCU as a trunk's frames read it
 * (tenant.c); pan->etherip and sw->netherip_oui are written under RTNL
 * and read with READ_ONCE(). The switch of an underlay address is found
 * in the namespace's RCU list of switches, as NVGRE's is
 * (psw_switch_by_underlay(); decap.c, Lifetime), and the EtherIP handler
 * (decap_etherip.c) takes it only if it has a PAN in OUI form.
 */
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <net/addrconf.h>
#include <net/if_inet6.h>
#include <net/ip.h>

#include "psw.h"

/**
 * psw_etherip_check() - may @pan take EtherIP form @form?
 * @pan: the PAN
 * @form: enum psw_etherip it would have after the request
 * @has_addr: whether it would have a pan-addr after the request
 * @extack: where a refusal says why
 * @attr: the attribute at fault
 *
 * The two forms exclude each other: a PAN in OUI form has no pan-addr.
 *
 * Context: RTNL.
 * Return: 0 or -EBUSY with @extack set.
 */
int psw_etherip_check(struct psw_pan *pan, u8 form, bool has_addr,
		      struct netlink_ext_ack *extack,
		      const struct nlattr *attr)
{
	ASSERT_RTNL();
	if (form != PSW_ETHERIP_OUI || !has_addr)
		return 0;
	NL_SET_ERR_MSG_ATTR(extack, attr,
			    "a PAN in EtherIP oui form has no pan-addr: clear its pan-addr, or keep etherip addr");
	return -EBUSY;
}

/* Give @pan EtherIP form @form (checked). RTNL. */
void psw_pan_set_etherip(struct psw_pan *pan, u8 form)
{
	struct psw_switch *sw = pan->sw;

	ASSERT_RTNL();
	if (pan->etherip == form)
		return;
	if (form == PSW_ETHERIP_OUI)
		WRITE_ONCE(sw->netherip_oui, sw->netherip_oui + 1);
	else
		WRITE_ONCE(sw->netherip_oui, sw->netherip_oui - 1);
	WRITE_ONCE(pan->etherip, form);
	psw_changed(sw);
}

/* @pan is being freed: it no longer counts as a PAN in OUI form. RTNL. */
void psw_etherip_pan_gone(struct psw_pan *pan)
{
	if (pan->etherip == PSW_ETHERIP_OUI)
		psw_pan_set_etherip(pan, PSW_ETHERIP_ADDR);
}

static u32 psw_mac_oui(const u8 *mac)
{
	return mac[0] << 16 | mac[1] << 8 | mac[2];
}

/**
 * psw_etherip_oui_pan() - the PAN of an EtherIP arrival at @sw's underlay
 * @sw: the switch whose underlay address the arrival is to, with PANs in
 *	OUI form (psw_switch_by_underlay(), sw->netherip_oui)
 * @skb: the arrival, skb->data at its (checked) EtherIP header
 * @pan: set to its PAN
 *
 * Context: BH, RCU read lock held; takes no lock.
 * Return: 0 with *@pan set (valid until the caller's RCU read-side
 * section ends), or the reason to drop the arrival (on the switch).
 */
enum psw_drop_reason psw_etherip_oui_pan(struct psw_switch *sw,
					 struct sk_buff *skb,
					 struct psw_pan **pan)
{
	const unsigned int len = PSW_ETHERIP_HLEN + ETH_HLEN;
	const struct ethhdr *eth;
	struct psw_pan *p;

	if (unlikely(!pskb_may_pull(skb, len)))
		return skb->len < len ? PSW_DROP_BAD_FRAME : PSW_DROP_NOMEM;
	eth = (const struct ethhdr *)(skb->data + PSW_ETHERIP_HLEN);
	if (unlikely(is_multicast_ether_addr(eth->h_source)))
		return PSW_DROP_BAD_SRC_MAC;
	p = psw_tenant_oui_pan(sw, psw_mac_oui(eth->h_source));
	if (!p || READ_ONCE(p->etherip) != PSW_ETHERIP_OUI)
		return PSW_DROP_ETHERIP_NO_TENANT;
	*pan = p;
	return PSW_DROP_UNSPEC;
}

/* An IPv4 (01:00:5e, bit 23 clear) or IPv6 (33:33) group's MAC? */
static bool psw_ip_group_mac(const u8 *d)
{
	return (d[0] == 0x01 && d[1] == 0x00 && d[2] == 0x5e &&
		!(d[3] & 0x80)) || (d[0] == 0x33 && d[1] == 0x33);
}

/**
 * psw_etherip_oui_tx() - a frame of @pan in OUI form about to go by EtherIP
 * @pan: its PAN
 * @skb: the frame, data at its Ethernet header; not shared
 *
 * Its source OUI must be @pan's in the tenant map: on the wire the OUI
 * is the tenant, so no other PAN's frame (port security off, a trunk, a
 * hold queue release) may carry it. An IP multicast destination is
 * rewritten to the source OUI with the I/G bit and the group's low bits:
 * 01:00:5e:XX:YY:ZZ -> O1|01:O2:O3:XX:YY:ZZ (XX's top bit clear: 23
 * bits), 33:33:WW:XX:YY:ZZ -> O1|01:O2:O3:XX:YY:ZZ (24 bits).
 *
 * Context: BH, RCU read lock held; takes no lock.
 * Return: 0, or the reason to drop it (the caller counts it).
 */
enum psw_drop_reason psw_etherip_oui_tx(struct psw_pan *pan,
					struct sk_buff *skb)
{
	struct ethhdr *eth = (struct ethhdr *)skb->data;

	if (psw_tenant_oui_pan(pan->sw, psw_mac_oui(eth->h_source)) != pan)
		return PSW_DROP_ETHERIP_FOREIGN_OUI;
	if (!psw_ip_group_mac(eth->h_dest))
		return PSW_DROP_UNSPEC;
	if (unlikely(skb_ensure_writable(skb, ETH_HLEN)))
		return PSW_DROP_NOMEM;
	eth = (struct ethhdr *)skb->data;
	eth->h_dest[0] = eth->h_source[0] | 0x01;
	eth->h_dest[1] = eth->h_source[1];
	eth->h_dest[2] = eth->h_source[2];
	return PSW_DROP_UNSPEC;
}

/*
 * The standard MAC of the inner IP packet's group in *@mac, and whether
 * the group's low bits are those of @d (a tenant's group MAC).
 */
static bool psw_group_of(struct sk_buff *skb, const u8 *d, u8 *mac)
{
	const struct ethhdr *eth = (const struct ethhdr *)skb->data;
	struct in6_addr a6;
	__be32 a4;

	switch (eth->h_proto) {
	case htons(ETH_P_IP):
		if (!pskb_may_pull(skb, ETH_HLEN + sizeof(struct iphdr)))
			return false;
		a4 = ((const struct iphdr *)(skb->data + ETH_HLEN))->daddr;
		if (!ipv4_is_multicast(a4))
			return false;
		ip_eth_mc_map(a4, mac);
		break;
	case htons(ETH_P_IPV6):
		if (!pskb_may_pull(skb, ETH_HLEN + sizeof(struct ipv6hdr)))
			return false;
		a6 = ((const struct ipv6hdr *)(skb->data + ETH_HLEN))->daddr;
		if (!ipv6_addr_is_multicast(&a6))
			return false;
		ipv6_eth_mc_map(&a6, mac);
		break;
	default:
		return false;
	}
	return mac[3] == d[3] && mac[4] == d[4] && mac[5] == d[5];
}

/**
 * psw_etherip_oui_rx() - an EtherIP arrival for @pan in OUI form
 * @pan: its PAN (by the inner source OUI)
 * @skb: the inner frame, skb->data at its Ethernet header (ETH_HLEN
 *       bytes there); not shared
 *
 * A destination that is a tenant's group MAC (the OUI, I/G cleared, has
 * a tenant map entry) must be @pan's and the rewrite of the inner IP
 * packet's group (psw_etherip_oui_tx()); it is mapped back to the
 * group's standard MAC (RFC 1112, RFC 2464). Any other destination is
 * left alone.
 *
 * Context: BH, RCU read lock held; takes no lock.
 * Return: 0, or the reason to drop it (on the switch and @pan).
 */
enum psw_drop_reason psw_etherip_oui_rx(struct psw_pan *pan,
					struct sk_buff *skb)
{
	u8 d[ETH_ALEN], mac[ETH_ALEN];
	struct psw_pan *owner;

	ether_addr_copy(d, ((const struct ethhdr *)skb->data)->h_dest);
	if (!is_multicast_ether_addr(d) || is_broadcast_ether_addr(d) ||
	    psw_ip_group_mac(d))
		return PSW_DROP_UNSPEC;
	owner = psw_tenant_oui_pan(pan->sw, psw_mac_oui(d) & ~PSW_OUI_IG);
	if (!owner)
		return PSW_DROP_UNSPEC;	/* no tenant's group address */
	if (owner != pan || !psw_group_of(skb, d, mac))
		return PSW_DROP_ETHERIP_BAD_GROUP;
	if (unlikely(skb_ensure_writable(skb, ETH_HLEN)))
		return PSW_DROP_NOMEM;
	ether_addr_copy(((struct ethhdr *)skb->data)->h_dest, mac);
	return PSW_DROP_UNSPEC;
}
