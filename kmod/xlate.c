// SPDX-License-Identifier: GPL-2.0
/*
 * MAC translation inside payloads. A frame between a PAN and the physical
 * network has its Ethernet header translated by the caller; this file
 * translates the MACs that ARP, RARP and IPv6 neighbour discovery carry in
 * their payloads (sender and target hardware addresses; source and target
 * link-layer address options), and fixes the ICMPv6 checksum.
 *
 * Every MAC rewritten lies at an even offset from the network header (ARP
 * at 8 and 18, ND options start on 8-byte boundaries of the ICMPv6
 * message), so checksum differences of the six bytes can be added to a
 * checksum of the packet as they are.
 */
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/icmpv6.h>
#include <linux/ipv6.h>
#include <net/arp.h>
#include <net/checksum.h>
#include <net/ndisc.h>

#include "psw.h"

/* ARP for Ethernet and IPv4: header, then sha, sip, tha, tip. */
#define PSW_ARP_SHA	sizeof(struct arphdr)
#define PSW_ARP_THA	(PSW_ARP_SHA + ETH_ALEN + 4)
#define PSW_ARP_LEN	(PSW_ARP_THA + ETH_ALEN + 4)

/*
 * Translate the MAC at offset @off of @skb, if psw_xlate_mac() has another
 * one for it, making the first @off + ETH_ALEN bytes writable (and linear)
 * first. Adds the checksum difference to @diff. Returns 1 if the MAC was
 * changed, 0 if not, or -ENOMEM.
 */
static int psw_xlate_at(struct sk_buff *skb, const struct psw_switch *sw,
			u32 pan, bool to_ext, unsigned int off, __wsum *diff)
{
	u8 buf[ETH_ALEN] __aligned(2);
	const u8 *mac, *to;

	mac = skb_header_pointer(skb, off, ETH_ALEN, buf);
	if (unlikely(!mac))
		return -EINVAL;	/* callers checked the length */
	if (is_zero_ether_addr(mac) || is_multicast_ether_addr(mac))
		return 0;
	to = psw_xlate_mac(sw, pan, mac, to_ext);
	if (!to || ether_addr_equal(to, mac))
		return 0;

	/* @to is table memory, stable under RCU; @mac may go stale below. */
	*diff = csum_add(*diff, csum_sub(csum_partial(to, ETH_ALEN, 0),
					 csum_partial(mac, ETH_ALEN, 0)));
	if (skb_ensure_writable(skb, off + ETH_ALEN))
		return -ENOMEM;
	memcpy(skb->data + off, to, ETH_ALEN);
	return 1;
}

static int psw_xlate_arp(struct sk_buff *skb, const struct psw_switch *sw,
			 u32 pan, bool to_ext)
{
	unsigned int nh = skb_network_offset(skb);
	const struct arphdr *arp;
	struct arphdr _arp;
	__wsum diff = 0;
	int a, b;

	arp = skb_header_pointer(skb, nh, sizeof(_arp), &_arp);
	if (!arp)
		return -EINVAL;
	if (arp->ar_hrd != htons(ARPHRD_ETHER) ||
	    arp->ar_pro != htons(ETH_P_IP) ||
	    arp->ar_hln != ETH_ALEN || arp->ar_pln != 4)
		return 0;
	if (skb->len < nh + PSW_ARP_LEN)
		return -EINVAL;

	a = psw_xlate_at(skb, sw, pan, to_ext, nh + PSW_ARP_SHA, &diff);
	if (a < 0)
		return a;
	b = psw_xlate_at(skb, sw, pan, to_ext, nh + PSW_ARP_THA, &diff);
	if (b < 0)
		return b;

	/* No checksum in ARP; keep a complete checksum of the frame valid. */
	if ((a || b) && skb->ip_summed == CHECKSUM_COMPLETE)
		skb->csum = csum_add(skb->csum, diff);
	return 0;
}

/* Size of the fixed part of an ND message, ICMPv6 header included. */
static unsigned int psw_nd_fixed(u8 type)
{
	switch (type) {
	case NDISC_ROUTER_SOLICITATION:
		return 8;
	case NDISC_ROUTER_ADVERTISEMENT:
		return 16;
	case NDISC_NEIGHBOUR_SOLICITATION:
	case NDISC_NEIGHBOUR_ADVERTISEMENT:
		return 24;
	case NDISC_REDIRECT:
		return 40;
	default:
		return 0;
	}
}

static int psw_xlate_nd(struct sk_buff *skb, const struct psw_switch *sw,
			u32 pan, bool to_ext)
{
	unsigned int nh = skb_network_offset(skb);
	unsigned int icmp = nh + sizeof(struct ipv6hdr);
	unsigned int end, off, olen, fixed;
	const struct ipv6hdr *ip6;
	struct icmp6hdr *icmp6;
	struct ipv6hdr _ip6;
	bool changed = false;
	__wsum diff = 0;
	const u8 *p;
	u8 _opt[2];
	int err;

	ip6 = skb_header_pointer(skb, nh, sizeof(_ip6), &_ip6);
	if (!ip6 || ip6->version != 6 || ip6->nexthdr != IPPROTO_ICMPV6)
		return 0;
	end = icmp + ntohs(ip6->payload_len);
	if (end <= icmp)
		return 0;
	p = skb_header_pointer(skb, icmp, 1, _opt);
	if (!p)
		return 0;	/* truncated, but not known to be ND */
	fixed = psw_nd_fixed(*p);
	if (!fixed)
		return 0;
	if (end > skb->len || end - icmp < fixed)
		return -EINVAL;

	for (off = icmp + fixed; off < end; off += olen) {
		if (end - off < sizeof(struct nd_opt_hdr))
			return -EINVAL;
		p = skb_header_pointer(skb, off, sizeof(_opt), _opt);
		if (unlikely(!p))
			return -EINVAL;
		olen = p[1] << 3;
		if (!olen || olen > end - off)
			return -EINVAL;
		if (p[1] != 1 || (p[0] != ND_OPT_SOURCE_LL_ADDR &&
				  p[0] != ND_OPT_TARGET_LL_ADDR))
			continue;
		err = psw_xlate_at(skb, sw, pan, to_ext,
				   off + sizeof(struct nd_opt_hdr), &diff);
		if (err < 0)
			return err;
		if (err)
			changed = true;
	}
	if (!changed)
		return 0;

	/*
	 * The first change made the bytes up to it, the ICMPv6 header among
	 * them, writable and linear. CHECKSUM_PARTIAL: the field holds the
	 * pseudo-header sum and the data is summed at transmit, nothing to
	 * do. Otherwise update the field by the difference; for
	 * CHECKSUM_COMPLETE that leaves skb->csum valid as it is, since the
	 * field moves by exactly the opposite of the data it covers.
	 */
	if (skb->ip_summed == CHECKSUM_PARTIAL)
		return 0;
	icmp6 = (struct icmp6hdr *)(skb->data + icmp);
	csum_replace_by_diff(&icmp6->icmp6_cksum, diff);
	return 0;
}

/*
 * Translate the MACs in the ARP, RARP or IPv6 ND payload of @skb, a frame
 * of PAN @pan with skb->data at its Ethernet header, toward the physical
 * network (@to_ext) or from it. Other frames, and frames with an in-band
 * VLAN tag, are left alone. Returns 0, -ENOMEM if the frame could not be
 * made writable or -EINVAL if it is a malformed ARP or ND packet; the frame
 * may have been partly rewritten on error. The packet path, RCU, which
 * calls it only for the frames psw_xlate_has_payload() names.
 */
int psw_xlate_payload(struct sk_buff *skb, const struct psw_switch *sw,
		      u32 pan, bool to_ext)
{
	switch (skb->protocol) {
	case htons(ETH_P_ARP):
	case htons(ETH_P_RARP):
		return psw_xlate_arp(skb, sw, pan, to_ext);
	case htons(ETH_P_IPV6):
		return psw_xlate_nd(skb, sw, pan, to_ext);
	default:
		return 0;
	}
}

/**
 * psw_xlate_announce() - announce an external MAC on the uplink
 * @sw: the switch
 * @ext: the external MAC of a VM arriving on this host (a hold entry)
 *
 * One RARP request from @ext, as QEMU's self-announce and hypervisors'
 * migration notices send, so the physical network's bridges learn that
 * @ext is now behind this host's uplink and send its frames here, where
 * the hold entry keeps them until the VM's port attaches. No uplink, or
 * no memory: nothing is sent (the VM's own announcement follows anyway).
 *
 * Context: process context, RTNL held.
 */
void psw_xlate_announce(struct psw_switch *sw, const u8 *ext)
{
	struct psw_port *uplink = rtnl_dereference(sw->uplink);
	struct sk_buff *skb;
	unsigned int len;
	int rc;

	if (!uplink)
		return;
	/* QEMU's: sender and target hardware addresses @ext, no IPs. */
	skb = arp_create(ARPOP_RREQUEST, ETH_P_RARP, 0, uplink->dev, 0, NULL,
			 ext, ext);
	if (!skb)
		return;
	if (uplink->vid)
		__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q), uplink->vid);
	len = skb->len;
	/* net_xmit_eval() evaluates its argument twice: never pass a call. */
	rc = dev_queue_xmit(skb);
	if (!net_xmit_eval(rc))
		psw_stats_tx(uplink->stats, len);
}
