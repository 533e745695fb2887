// SPDX-License-Identifier: GPL-2.0
/*
 * The ARP/ND proxy (seed 003's address handler): with a PAN's proxy on,
 * an ARP request or an IPv6 neighbour solicitation from one of its vm
 * ports for an address in the PAN's neighbour table (neigh.c) is answered
 * here, with a reply built in the kernel carrying the table's MAC; the
 * caller (forward.c) sends the reply back to the asking port and consumes
 * the request, which so never leaves the host.
 *
 * What is answered, like the bridge's neigh_suppress (br_arp_nd_proxy.c):
 *   ARP: Ethernet/IPv4, opcode request, sender address not 0.0.0.0 (an
 *        RFC 5227 probe) and not the target (gratuitous ARP);
 *   ND:  a neighbour solicitation (ICMPv6 type 135, code 0, hop limit
 *        255, a valid checksum) not from :: (duplicate address
 *        detection), whose options all have a nonzero length inside the
 *        message.
 * Everything else, replies and advertisements included, is not ours and
 * passes on untouched (PSW_PROXY_PASS); so does a frame whose headers do
 * not validate, which the switch then forwards as it would without the
 * proxy: a VM's hostile frame costs it nothing, and is never read beyond
 * what pskb_may_pull() made linear. A valid request for an address not in
 * the table counts proxy_miss and follows the PAN's miss policy
 * (PSW_PROXY_MISS; forward.c's psw_vm_neigh_miss()).
 *
 * Context: the packet path, BH, RCU read lock held; no lock taken.
 */
#include <linux/if_arp.h>
#include <net/arp.h>
#include <net/ip6_checksum.h>
#include <net/ipv6.h>
#include <net/ndisc.h>
#include <net/netlink.h>

#include "psw.h"

/* The target link-layer address option of an Ethernet NA: 8 bytes. */
#define PSW_ND_OPT_LEN	8

/* Charged to the requester's memory cgroup, like the PAN it belongs to. */
struct psw_proxy_pcpu __percpu *psw_proxy_stats_alloc(void)
{
	return __netdev_alloc_pcpu_stats(struct psw_proxy_pcpu, PSW_GFP);
}

static void psw_proxy_count(struct psw_pan *pan, bool reply)
{
	struct psw_proxy_pcpu *s = this_cpu_ptr(pan->proxy_stats);

	u64_stats_update_begin(&s->syncp);
	if (reply)
		u64_stats_inc(&s->reply);
	else
		u64_stats_inc(&s->miss);
	u64_stats_update_end(&s->syncp);
}

/* The neighbour of @pan for an address the request asks, or NULL. */
static const struct psw_neigh *psw_proxy_lookup(struct psw_pan *pan,
						u8 family, const void *ip)
{
	struct psw_neigh_key key;

	psw_neigh_key(&key, pan->id, family, ip);
	return psw_neigh_lookup(pan->sw, &key);
}

/* ARP: @skb->data at the Ethernet header. */
static enum psw_proxy_verdict psw_proxy_arp(struct psw_pan *pan,
					    struct net_device *dev,
					    struct sk_buff *skb,
					    struct sk_buff **reply)
{
	const struct psw_neigh *n;
	const struct psw_arp *arp;
	u8 src[ETH_ALEN], sha[ETH_ALEN];
	__be32 sip, tip;

	if (!pskb_may_pull(skb, ETH_HLEN + sizeof(*arp)))
		return PSW_PROXY_PASS;
	arp = (const struct psw_arp *)(skb->data + ETH_HLEN);
	if (!psw_arp_eth_ip4(&arp->hdr) ||
	    arp->hdr.ar_op != htons(ARPOP_REQUEST))
		return PSW_PROXY_PASS;
	sip = arp->sip;
	tip = arp->tip;
	/* Probes and gratuitous ARP announce; they ask nothing. */
	if (ipv4_is_zeronet(sip) || sip == tip)
		return PSW_PROXY_PASS;
	if (ipv4_is_multicast(sip) || ipv4_is_lbcast(sip) ||
	    ipv4_is_loopback(sip) || !is_valid_ether_addr(arp->sha))
		return PSW_PROXY_PASS;
	/* An address no neighbour can have is not asked for. */
	if (ipv4_is_zeronet(tip) || ipv4_is_multicast(tip) ||
	    ipv4_is_lbcast(tip) || ipv4_is_loopback(tip))
		return PSW_PROXY_PASS;
	ether_addr_copy(sha, arp->sha);
	ether_addr_copy(src, eth_hdr(skb)->h_source);

	n = psw_proxy_lookup(pan, AF_INET, &tip);
	if (!n) {
		psw_proxy_count(pan, false);
		return PSW_PROXY_MISS;
	}
	/* To the asking port's MAC; the target hardware address its SHA. */
	*reply = arp_create(ARPOP_REPLY, ETH_P_ARP, sip, dev, tip, src, n->mac,
			    sha);
	if (!*reply)
		return PSW_PROXY_NOMEM;
	psw_proxy_count(pan, true);
	return PSW_PROXY_REPLY;
}

/*
 * Do the options of an ND message (@len bytes at @opt) all lie inside it,
 * each with a nonzero length (RFC 4861 4.6: a receiver drops it else)?
 */
static bool psw_nd_opts_ok(const u8 *opt, unsigned int len)
{
	unsigned int l;

	while (len) {
		if (len < 2)
			return false;
		l = opt[1] * 8;
		if (!l || l > len)
			return false;
		opt += l;
		len -= l;
	}
	return true;
}

/* A neighbour advertisement from @target (MAC @mac) to @daddr at @dst. */
static struct sk_buff *psw_nd_na(struct net_device *dev, const u8 *dst,
				 const u8 *mac, const struct in6_addr *target,
				 const struct in6_addr *daddr)
{
	unsigned int plen = sizeof(struct nd_msg) + PSW_ND_OPT_LEN;
	struct sk_buff *skb;
	struct ipv6hdr *ip6;
	struct nd_msg *na;
	struct ethhdr *eth;

	skb = alloc_skb(NET_IP_ALIGN + ETH_HLEN + sizeof(*ip6) + plen,
			GFP_ATOMIC);
	if (!skb)
		return NULL;
	skb_reserve(skb, NET_IP_ALIGN + ETH_HLEN);
	skb->protocol = htons(ETH_P_IPV6);
	skb->dev = dev;

	skb_reset_network_header(skb);
	ip6 = skb_put(skb, sizeof(*ip6));
	ip6_flow_hdr(ip6, 0, 0);
	ip6->payload_len = htons(plen);
	ip6->nexthdr = IPPROTO_ICMPV6;
	ip6->hop_limit = 255;
	ip6->saddr = *target;
	ip6->daddr = *daddr;

	skb_set_transport_header(skb, sizeof(*ip6));
	na = skb_put_zero(skb, plen);
	na->icmph.icmp6_type = NDISC_NEIGHBOUR_ADVERTISEMENT;
	na->icmph.icmp6_solicited = 1;
	na->icmph.icmp6_override = 1;
	na->target = *target;
	na->opt[0] = ND_OPT_TARGET_LL_ADDR;
	na->opt[1] = PSW_ND_OPT_LEN / 8;
	ether_addr_copy(&na->opt[2], mac);
	na->icmph.icmp6_cksum = csum_ipv6_magic(&ip6->saddr, &ip6->daddr, plen,
						IPPROTO_ICMPV6,
						csum_partial(na, plen, 0));

	eth = skb_push(skb, ETH_HLEN);
	skb_reset_mac_header(skb);
	ether_addr_copy(eth->h_dest, dst);
	ether_addr_copy(eth->h_source, mac);
	eth->h_proto = htons(ETH_P_IPV6);
	return skb;
}

/* IPv6 neighbour solicitation: @skb->data at the Ethernet header. */
static enum psw_proxy_verdict psw_proxy_ns(struct psw_pan *pan,
					   struct net_device *dev,
					   struct sk_buff *skb,
					   struct sk_buff **reply)
{
	struct in6_addr saddr, target;
	const struct ipv6hdr *ip6;
	const struct psw_neigh *n;
	const struct nd_msg *ns;
	u8 src[ETH_ALEN];
	unsigned int plen;

	if (!pskb_may_pull(skb, ETH_HLEN + sizeof(*ip6)))
		return PSW_PROXY_PASS;
	ip6 = (const struct ipv6hdr *)(skb->data + ETH_HLEN);
	if (ip6->version != 6 || ip6->nexthdr != IPPROTO_ICMPV6 ||
	    ip6->hop_limit != 255)
		return PSW_PROXY_PASS;
	plen = ntohs(ip6->payload_len);
	if (plen < sizeof(*ns) ||
	    ETH_HLEN + sizeof(*ip6) + plen > skb->len ||
	    !pskb_may_pull(skb, ETH_HLEN + sizeof(*ip6) + plen))
		return PSW_PROXY_PASS;
	ip6 = (const struct ipv6hdr *)(skb->data + ETH_HLEN);
	ns = (const struct nd_msg *)(ip6 + 1);
	if (ns->icmph.icmp6_type != NDISC_NEIGHBOUR_SOLICITATION ||
	    ns->icmph.icmp6_code)
		return PSW_PROXY_PASS;
	/* Duplicate address detection asks nobody to answer but the owner. */
	if (ipv6_addr_any(&ip6->saddr) || ipv6_addr_is_multicast(&ip6->saddr))
		return PSW_PROXY_PASS;
	if (ipv6_addr_any(&ns->target) ||
	    ipv6_addr_is_multicast(&ns->target) ||
	    ipv6_addr_loopback(&ns->target))
		return PSW_PROXY_PASS;
	if (!psw_nd_opts_ok(ns->opt, plen - sizeof(*ns)))
		return PSW_PROXY_PASS;
	if (csum_ipv6_magic(&ip6->saddr, &ip6->daddr, plen, IPPROTO_ICMPV6,
			    csum_partial(ns, plen, 0)))
		return PSW_PROXY_PASS;
	saddr = ip6->saddr;
	target = ns->target;
	ether_addr_copy(src, eth_hdr(skb)->h_source);

	n = psw_proxy_lookup(pan, AF_INET6, &target);
	if (!n) {
		psw_proxy_count(pan, false);
		return PSW_PROXY_MISS;
	}
	*reply = psw_nd_na(dev, src, n->mac, &target, &saddr);
	if (!*reply)
		return PSW_PROXY_NOMEM;
	psw_proxy_count(pan, true);
	return PSW_PROXY_REPLY;
}

/**
 * psw_proxy_rx() - answer a vm port's ARP request or NS from the table
 * @pan: the frame's PAN, whose proxy is on
 * @dev: the asking vm port's device
 * @skb: the frame, data at its Ethernet header, untagged (admitted)
 * @reply: set to the reply, Ethernet header pushed, with PSW_PROXY_REPLY
 *
 * May pull headers into @skb's linear part, which moves them: the caller
 * reads eth_hdr(skb) again afterwards.
 *
 * Context: BH, RCU read lock held; takes no lock.
 * Return: what the caller does with @skb (enum psw_proxy_verdict).
 */
enum psw_proxy_verdict psw_proxy_rx(struct psw_pan *pan,
				    struct net_device *dev,
				    struct sk_buff *skb,
				    struct sk_buff **reply)
{
	switch (eth_hdr(skb)->h_proto) {
	case htons(ETH_P_ARP):
		return psw_proxy_arp(pan, dev, skb, reply);
	case htons(ETH_P_IPV6):
		return psw_proxy_ns(pan, dev, skb, reply);
	default:
		return PSW_PROXY_PASS;
	}
}

/* Turn @pan's proxy on or off. RTNL. */
void psw_pan_set_proxy(struct psw_pan *pan, bool on)
{
	ASSERT_RTNL();
	if (pan->proxy == on)
		return;
	WRITE_ONCE(pan->proxy, on);
	psw_changed(pan->sw);
}

/*
 * PSW_A_PROXY, PSW_A_NEIGH_COUNT, PSW_A_NEIGH_LIMIT_HITS and
 * PSW_A_PROXY_STATS of @pan. Under RTNL or RCU.
 */
int psw_proxy_fill(struct sk_buff *skb, const struct psw_pan *pan)
{
	u64 reply = 0, miss = 0;
	struct nlattr *nest;
	int cpu;

	for_each_possible_cpu(cpu) {
		const struct psw_proxy_pcpu *s;
		unsigned int start;
		u64 r, m;

		s = per_cpu_ptr(pan->proxy_stats, cpu);
		do {
			start = u64_stats_fetch_begin(&s->syncp);
			r = u64_stats_read(&s->reply);
			m = u64_stats_read(&s->miss);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		reply += r;
		miss += m;
	}
	if (nla_put_u8(skb, PSW_A_PROXY, READ_ONCE(pan->proxy)) ||
	    nla_put_u32(skb, PSW_A_NEIGH_COUNT, READ_ONCE(pan->nneighs)) ||
	    nla_put_u64_64bit(skb, PSW_A_NEIGH_LIMIT_HITS,
			      READ_ONCE(pan->neigh_limit_hits), PSW_A_PAD))
		return -EMSGSIZE;
	nest = nla_nest_start(skb, PSW_A_PROXY_STATS);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, PSW_PROXY_STATS_REPLY, reply,
			      PSW_PROXY_STATS_PAD) ||
	    nla_put_u64_64bit(skb, PSW_PROXY_STATS_MISS, miss,
			      PSW_PROXY_STATS_PAD)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}
