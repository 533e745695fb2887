// SPDX-License-Identifier: GPL-2.0
/*
 * Misses: what a PAN does with a unicast frame from a vm port whose
 * destination has no entry (its miss policy, PSW_A_MISS), and the PAN's
 * per-CPU miss counters. forward.c calls psw_miss() at its no-entry point
 * and acts on the answer; nothing here runs on a frame that has an entry.
 * With miss notify, hold.c holds the frame and asks for the event here
 * (psw_miss_event()), sent on the events group (event.c).
 */
#include <linux/if_arp.h>
#include <linux/ip.h>
#include <net/ipv6.h>
#include <net/ndisc.h>
#include <net/netlink.h>

#include "nl_core.h"

#include "psw.h"

/* Charged to the requester's memory cgroup, like the PAN they belong to. */
struct psw_miss_pcpu __percpu *psw_miss_stats_alloc(void)
{
	return __netdev_alloc_pcpu_stats(struct psw_miss_pcpu, PSW_GFP);
}

/**
 * psw_miss() - the miss policy of @pan for one frame, counted
 * @pan: the frame's PAN
 * @gw: set to the PAN's anycast gateway when the answer is anycast
 *
 * Context: BH, RCU read lock held (the packet path); takes no lock.
 * Return: the enum psw_miss the caller applies to the frame.
 */
u8 psw_miss(struct psw_pan *pan, const struct psw_anycast **gw)
{
	struct psw_miss_pcpu *s = this_cpu_ptr(pan->miss_stats);
	u8 miss = READ_ONCE(pan->miss);

	if (miss == PSW_MISS_ANYCAST) {
		/* Never NULL with this policy (pan-set), but read once. */
		*gw = rcu_dereference(pan->anycast);
		if (unlikely(!*gw))
			miss = PSW_MISS_FLOOD;
	} else if (miss != PSW_MISS_DROP && miss != PSW_MISS_NOTIFY) {
		miss = PSW_MISS_FLOOD;
	}
	u64_stats_update_begin(&s->syncp);
	if (miss == PSW_MISS_DROP)
		u64_stats_inc(&s->drop);
	else if (miss == PSW_MISS_ANYCAST)
		u64_stats_inc(&s->anycast);
	else if (miss == PSW_MISS_NOTIFY)
		u64_stats_inc(&s->notify);
	else
		u64_stats_inc(&s->flood);
	u64_stats_update_end(&s->syncp);
	return miss;
}

/*
 * Count one more in @field (an offset in struct psw_miss_pcpu) of @pan.
 * BH or a spinlock taken with it: this CPU's counters.
 */
void psw_miss_count(struct psw_pan *pan, size_t field)
{
	struct psw_miss_pcpu *s = this_cpu_ptr(pan->miss_stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc((u64_stats_t *)((char *)s + field));
	u64_stats_update_end(&s->syncp);
}

/*
 * @pan's miss policy (in range by the request's policy). A PAN leaving miss
 * notify sends its held frames on through the new policy. RTNL.
 */
void psw_pan_set_miss(struct psw_pan *pan, u8 miss)
{
	u8 old = pan->miss;

	ASSERT_RTNL();
	if (old == miss)
		return;
	WRITE_ONCE(pan->miss, miss);
	if (old == PSW_MISS_NOTIFY)
		psw_hold_release_all(pan);
	psw_changed(pan->sw);
}

/*
 * The addresses a miss event names, from the frame (Ethernet header at
 * skb->data): its MACs, and the IP address it is for when it says one:
 * an ARP packet's target, an IPv6 neighbour solicitation's target, else
 * an IPv4 or IPv6 packet's destination. BH.
 */
void psw_miss_info_get(const struct sk_buff *skb, struct psw_miss_info *info)
{
	const struct ethhdr *eth = eth_hdr(skb);
	unsigned int off = ETH_HLEN;
	u8 buf[sizeof(struct ipv6hdr)];

	memset(info, 0, sizeof(*info));
	ether_addr_copy(info->src, eth->h_source);
	ether_addr_copy(info->dst, eth->h_dest);
	switch (eth->h_proto) {
	case htons(ETH_P_ARP): {
		const struct arphdr *arp;

		/* Ethernet/IPv4 ARP: SHA, SPA, THA, then the TPA */
		arp = skb_header_pointer(skb, off, sizeof(*arp), buf);
		if (!arp || !psw_arp_eth_ip4(arp) ||
		    skb_copy_bits(skb, off + offsetof(struct psw_arp, tip),
				  &info->ip.ip4, 4))
			return;
		info->family = AF_INET;
		return;
	}
	case htons(ETH_P_IP): {
		const struct iphdr *iph;

		iph = skb_header_pointer(skb, off, sizeof(*iph), buf);
		if (!iph || iph->version != 4)
			return;
		info->ip.ip4 = iph->daddr;
		info->family = AF_INET;
		return;
	}
	case htons(ETH_P_IPV6): {
		const struct ipv6hdr *ip6;
		struct icmp6hdr icmp;

		ip6 = skb_header_pointer(skb, off, sizeof(*ip6), buf);
		if (!ip6 || ip6->version != 6)
			return;
		info->ip.ip6 = ip6->daddr;
		info->family = AF_INET6;
		off += sizeof(*ip6);
		/* a neighbour solicitation asks for its target */
		if (ip6->nexthdr == IPPROTO_ICMPV6 &&
		    !skb_copy_bits(skb, off, &icmp, sizeof(icmp)) &&
		    icmp.icmp6_type == NDISC_NEIGHBOUR_SOLICITATION)
			skb_copy_bits(skb, off + sizeof(icmp), &info->ip.ip6,
				      sizeof(info->ip.ip6));
		return;
	}
	default:
		return;
	}
}

/* The size of a PSW_CMD_MISS event's attributes. */
static size_t psw_miss_event_size(void)
{
	return 3 * nla_total_size(sizeof(u32)) +	/* ifindexes, PAN */
	       2 * nla_total_size(IFNAMSIZ) +		/* ifnames */
	       2 * nla_total_size(ETH_ALEN) +		/* MACs */
	       nla_total_size(sizeof(struct in6_addr));	/* address */
}

/**
 * psw_miss_event() - tell the events group of a miss
 * @pan: the frame's PAN
 * @in: the vm port it came from
 * @info: what psw_miss_info_get() read of it
 *
 * Context: BH, RCU read lock held; allocates with GFP_ATOMIC.
 * Return: 0, or a negative errno when the event was lost (no memory, or
 * a listener's socket full); the caller counts it.
 */
int psw_miss_event(struct psw_pan *pan, const struct psw_port *in,
		   const struct psw_miss_info *info)
{
	struct sk_buff *skb;
	void *hdr;
	int err;

	skb = psw_event_new(psw_miss_event_size(), PSW_CMD_MISS, &hdr);
	if (!skb)
		return -ENOMEM;
	if (psw_put_switch_id(skb, pan->sw) ||
	    nla_put_u32(skb, PSW_A_PAN_ID, pan->id) ||
	    psw_put_port_id(skb, in) ||
	    nla_put(skb, PSW_A_SRC_MAC, ETH_ALEN, info->src) ||
	    nla_put(skb, PSW_A_MAC, ETH_ALEN, info->dst) ||
	    (info->family == AF_INET &&
	     nla_put_in_addr(skb, PSW_A_DST4, info->ip.ip4)) ||
	    (info->family == AF_INET6 &&
	     nla_put_in6_addr(skb, PSW_A_DST6, &info->ip.ip6))) {
		nlmsg_free(skb);
		return -EMSGSIZE;
	}
	err = psw_event_send(dev_net(pan->sw->dev), skb, hdr);
	if (!err)
		psw_miss_inc(pan, events);
	return err;
}

struct psw_miss_sum {
	u64 flood;
	u64 drop;
	u64 anycast;
	u64 notify;
	u64 events;
	u64 lost;
	u64 released;
	u64 timeout;
	u64 overflow;
};

static void psw_miss_read(struct psw_miss_pcpu __percpu *pcpu,
			  struct psw_miss_sum *sum)
{
	int cpu;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct psw_miss_pcpu *s = per_cpu_ptr(pcpu, cpu);
		struct psw_miss_sum snap;
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			snap.flood = u64_stats_read(&s->flood);
			snap.drop = u64_stats_read(&s->drop);
			snap.anycast = u64_stats_read(&s->anycast);
			snap.notify = u64_stats_read(&s->notify);
			snap.events = u64_stats_read(&s->events);
			snap.lost = u64_stats_read(&s->lost);
			snap.released = u64_stats_read(&s->released);
			snap.timeout = u64_stats_read(&s->timeout);
			snap.overflow = u64_stats_read(&s->overflow);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		sum->flood += snap.flood;
		sum->drop += snap.drop;
		sum->anycast += snap.anycast;
		sum->notify += snap.notify;
		sum->events += snap.events;
		sum->lost += snap.lost;
		sum->released += snap.released;
		sum->timeout += snap.timeout;
		sum->overflow += snap.overflow;
	}
}

/* PSW_A_MISS and PSW_A_MISS_STATS of @pan. Under RTNL or RCU. */
int psw_miss_fill(struct sk_buff *skb, const struct psw_pan *pan)
{
	struct psw_miss_sum sum;
	struct nlattr *nest;

	if (nla_put_u8(skb, PSW_A_MISS, READ_ONCE(pan->miss)))
		return -EMSGSIZE;
	psw_miss_read(pan->miss_stats, &sum);
	nest = nla_nest_start(skb, PSW_A_MISS_STATS);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, PSW_MISS_STATS_FLOOD, sum.flood,
			      PSW_MISS_STATS_PAD) ||
	    nla_put_u64_64bit(skb, PSW_MISS_STATS_DROP, sum.drop,
			      PSW_MISS_STATS_PAD) ||
	    nla_put_u64_64bit(skb, PSW_MISS_STATS_ANYCAST, sum.anycast,
			      PSW_MISS_STATS_PAD) ||
	    nla_put_u64_64bit(skb, PSW_MISS_STATS_NOTIFY, sum.notify,
			      PSW_MISS_STATS_PAD) ||
	    nla_put_u64_64bit(skb, PSW_MISS_STATS_EVENTS, sum.events,
			      PSW_MISS_STATS_PAD) ||
	    nla_put_u64_64bit(skb, PSW_MISS_STATS_LOST, sum.lost,
			      PSW_MISS_STATS_PAD) ||
	    nla_put_u64_64bit(skb, PSW_MISS_STATS_HOLD_RELEASED, sum.released,
			      PSW_MISS_STATS_PAD) ||
	    nla_put_u64_64bit(skb, PSW_MISS_STATS_HOLD_TIMEOUT, sum.timeout,
			      PSW_MISS_STATS_PAD) ||
	    nla_put_u64_64bit(skb, PSW_MISS_STATS_HOLD_OVERFLOW, sum.overflow,
			      PSW_MISS_STATS_PAD) ||
	    nla_put_u64_64bit(skb, PSW_MISS_STATS_HELD,
			      READ_ONCE(pan->hold.nframes),
			      PSW_MISS_STATS_PAD)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return psw_hold_fill(skb, pan) ?: psw_anycast_fill(skb, pan);
}
