// SPDX-License-Identifier: GPL-2.0
/*
 * Per-CPU counters of ports, PANs and switches: allocation, summing,
 * netlink.
 */
#include <net/netlink.h>

#include "psw.h"

/* Charged to the requester's memory cgroup, like the object they count. */
struct psw_pcpu_stats __percpu *psw_stats_alloc(void)
{
	return __netdev_alloc_pcpu_stats(struct psw_pcpu_stats, PSW_GFP);
}

/* Add the per-CPU counters @pcpu to @sum. */
static void psw_stats_add(struct psw_pcpu_stats __percpu *pcpu,
			  struct psw_stats *sum)
{
	int cpu, i;

	for_each_possible_cpu(cpu) {
		const struct psw_pcpu_stats *s = per_cpu_ptr(pcpu, cpu);
		struct psw_stats snap;
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			snap.rx_packets = u64_stats_read(&s->rx_packets);
			snap.rx_bytes = u64_stats_read(&s->rx_bytes);
			snap.tx_packets = u64_stats_read(&s->tx_packets);
			snap.tx_bytes = u64_stats_read(&s->tx_bytes);
			snap.flooded = u64_stats_read(&s->flooded);
			snap.xlate_tx = u64_stats_read(&s->xlate_tx);
			snap.xlate_rx = u64_stats_read(&s->xlate_rx);
			snap.encap_tx = u64_stats_read(&s->encap_tx);
			snap.encap_rx = u64_stats_read(&s->encap_rx);
			for (i = 0; i < __PSW_DROP_MAX; i++)
				snap.drops[i] = u64_stats_read(&s->drops[i]);
		} while (u64_stats_fetch_retry(&s->syncp, start));

		sum->rx_packets += snap.rx_packets;
		sum->rx_bytes += snap.rx_bytes;
		sum->tx_packets += snap.tx_packets;
		sum->tx_bytes += snap.tx_bytes;
		sum->flooded += snap.flooded;
		sum->xlate_tx += snap.xlate_tx;
		sum->xlate_rx += snap.xlate_rx;
		sum->encap_tx += snap.encap_tx;
		sum->encap_rx += snap.encap_rx;
		for (i = 0; i < __PSW_DROP_MAX; i++)
			sum->drops[i] += snap.drops[i];
	}
}

void psw_stats_read(struct psw_pcpu_stats __percpu *pcpu,
		    struct psw_stats *sum)
{
	memset(sum, 0, sizeof(*sum));
	psw_stats_add(pcpu, sum);
}

/*
 * A PAN's counters: its own (frames that arrived on the uplink or through
 * a tunnel) and those of its vm ports, where the packet path counts their
 * frames only once (forward.c). Under RTNL, or RCU (a port leaving at that
 * moment may then be missing from the sum, see psw_pan_port_gone()).
 */
void psw_pan_stats_read(const struct psw_pan *pan, struct psw_stats *sum)
{
	const struct psw_port *port;

	psw_stats_read(pan->stats, sum);
	list_for_each_entry_rcu(port, &pan->ports, pan_node,
				lockdep_rtnl_is_held())
		psw_stats_add(port->stats, sum);
}

/*
 * Vm port @port has left @pan (unpublished, and every reader that could
 * still count on it gone: a grace period after). Its counters go into the
 * PAN's own, so that the PAN's never go back. RTNL.
 */
void psw_pan_port_gone(struct psw_pan *pan, const struct psw_port *port)
{
	struct psw_pcpu_stats *s;
	struct psw_stats sum;
	int i;

	ASSERT_RTNL();
	psw_stats_read(port->stats, &sum);
	/* This CPU's counters, which the packet path updates in BH. */
	local_bh_disable();
	s = this_cpu_ptr(pan->stats);
	u64_stats_update_begin(&s->syncp);
	u64_stats_add(&s->rx_packets, sum.rx_packets);
	u64_stats_add(&s->rx_bytes, sum.rx_bytes);
	u64_stats_add(&s->tx_packets, sum.tx_packets);
	u64_stats_add(&s->tx_bytes, sum.tx_bytes);
	u64_stats_add(&s->flooded, sum.flooded);
	u64_stats_add(&s->xlate_tx, sum.xlate_tx);
	u64_stats_add(&s->xlate_rx, sum.xlate_rx);
	u64_stats_add(&s->encap_tx, sum.encap_tx);
	u64_stats_add(&s->encap_rx, sum.encap_rx);
	for (i = 0; i < __PSW_DROP_MAX; i++)
		u64_stats_add(&s->drops[i], sum.drops[i]);
	u64_stats_update_end(&s->syncp);
	local_bh_enable();
}

int psw_stats_fill_sum(struct sk_buff *skb, const struct psw_stats *s)
{
	struct nlattr *nest, *drops;
	int i;

	nest = nla_nest_start(skb, PSW_A_STATS);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, PSW_STATS_RX_PACKETS, s->rx_packets,
			      PSW_STATS_PAD) ||
	    nla_put_u64_64bit(skb, PSW_STATS_RX_BYTES, s->rx_bytes,
			      PSW_STATS_PAD) ||
	    nla_put_u64_64bit(skb, PSW_STATS_TX_PACKETS, s->tx_packets,
			      PSW_STATS_PAD) ||
	    nla_put_u64_64bit(skb, PSW_STATS_TX_BYTES, s->tx_bytes,
			      PSW_STATS_PAD) ||
	    nla_put_u64_64bit(skb, PSW_STATS_FLOODED, s->flooded,
			      PSW_STATS_PAD) ||
	    nla_put_u64_64bit(skb, PSW_STATS_XLATE_TX, s->xlate_tx,
			      PSW_STATS_PAD) ||
	    nla_put_u64_64bit(skb, PSW_STATS_XLATE_RX, s->xlate_rx,
			      PSW_STATS_PAD) ||
	    nla_put_u64_64bit(skb, PSW_STATS_ENCAP_TX, s->encap_tx,
			      PSW_STATS_PAD) ||
	    nla_put_u64_64bit(skb, PSW_STATS_ENCAP_RX, s->encap_rx,
			      PSW_STATS_PAD))
		goto cancel;

	drops = nla_nest_start(skb, PSW_STATS_DROPS);
	if (!drops)
		goto cancel;
	for (i = PSW_DROP_UNSPEC + 1; i < __PSW_DROP_MAX; i++)
		if (nla_put_u64_64bit(skb, i, s->drops[i], PSW_DROP_UNSPEC))
			goto cancel;
	nla_nest_end(skb, drops);
	nla_nest_end(skb, nest);
	return 0;

cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}

int psw_stats_fill(struct sk_buff *skb, struct psw_pcpu_stats __percpu *pcpu)
{
	struct psw_stats sum;

	psw_stats_read(pcpu, &sum);
	return psw_stats_fill_sum(skb, &sum);
}

/*
 * The kernel's drop reason closest to each of panswitch's, among those
 * both supported kernels have (6.1's enum skb_drop_reason is the smaller),
 * so that the skb:kfree_skb tracepoint (perf, dropwatch) shows what kind
 * of drop it was; panswitch's own reason is in its counters. The one
 * table: Documentation/transport.md ("Drops in the kernel's tools")
 * lists it. A reason
 * without a row (appended later) is NOT_SPECIFIED.
 */
static const u16 psw_skb_drop_reasons[__PSW_DROP_MAX] = {
	[PSW_DROP_UNSPEC]		= SKB_DROP_REASON_NOT_SPECIFIED,
	[PSW_DROP_SWITCH_DOWN]		= SKB_DROP_REASON_DEV_READY,
	[PSW_DROP_BAD_FRAME]		= SKB_DROP_REASON_PKT_TOO_SMALL,
	[PSW_DROP_BAD_SRC_MAC]		= SKB_DROP_REASON_INVALID_PROTO,
	[PSW_DROP_NOMEM]		= SKB_DROP_REASON_NOMEM,
	[PSW_DROP_ENTRY_DROP]		= SKB_DROP_REASON_NOT_SPECIFIED,
	[PSW_DROP_HAIRPIN]		= SKB_DROP_REASON_NOT_SPECIFIED,
	[PSW_DROP_PORT_DOWN]		= SKB_DROP_REASON_DEV_READY,
	[PSW_DROP_TOO_BIG]		= SKB_DROP_REASON_PKT_TOO_BIG,
	[PSW_DROP_NO_DEST]		= SKB_DROP_REASON_NOT_SPECIFIED,
	[PSW_DROP_TX_ERROR]		= SKB_DROP_REASON_NOT_SPECIFIED,
	[PSW_DROP_NO_UPLINK]		= SKB_DROP_REASON_DEV_READY,
	[PSW_DROP_NO_EXT_MAC]		= SKB_DROP_REASON_NOT_SPECIFIED,
	[PSW_DROP_BAD_PAYLOAD]		= SKB_DROP_REASON_HDR_TRUNC,
	[PSW_DROP_NO_LOCAL]		= SKB_DROP_REASON_IP_OUTNOROUTES,
	[PSW_DROP_NO_ROUTE]		= SKB_DROP_REASON_IP_OUTNOROUTES,
	[PSW_DROP_FRAG_NEEDED]		= SKB_DROP_REASON_PKT_TOO_BIG,
	[PSW_DROP_BAD_TUNNEL]		= SKB_DROP_REASON_HDR_TRUNC,
	[PSW_DROP_UNKNOWN_PAN]		= SKB_DROP_REASON_NOT_SPECIFIED,
	[PSW_DROP_NO_ENTRY]		= SKB_DROP_REASON_OTHERHOST,
	[PSW_DROP_UNKNOWN_SRC]		= SKB_DROP_REASON_NOT_SPECIFIED,
	[PSW_DROP_UNKNOWN_REMOTE]	= SKB_DROP_REASON_NOT_SPECIFIED,
	[PSW_DROP_LOCAL_SOURCE]		= SKB_DROP_REASON_NOT_SPECIFIED,
	[PSW_DROP_UNICAST_IN_L2_MCAST]	= SKB_DROP_REASON_UNICAST_IN_L2_MULTICAST,
	[PSW_DROP_LINK_LOCAL]		= SKB_DROP_REASON_NOT_SPECIFIED,
	[PSW_DROP_VLAN_TAGGED]		= SKB_DROP_REASON_UNHANDLED_PROTO,
	[PSW_DROP_SPOOFED_SRC]		= SKB_DROP_REASON_NOT_SPECIFIED,
	[PSW_DROP_MISS]			= SKB_DROP_REASON_NOT_SPECIFIED,
	[PSW_DROP_HOLD_TIMEOUT]		= SKB_DROP_REASON_NEIGH_FAILED,
	[PSW_DROP_HOLD_OVERFLOW]	= SKB_DROP_REASON_NEIGH_QUEUEFULL,
	[PSW_DROP_HOLD_FLUSH]		= SKB_DROP_REASON_NEIGH_DEAD,
	[PSW_DROP_MCAST_NO_PORT]	= SKB_DROP_REASON_NOT_SPECIFIED,
	[PSW_DROP_MCAST_FOREIGN]	= SKB_DROP_REASON_NOT_SPECIFIED,
	[PSW_DROP_NO_TENANT]		= SKB_DROP_REASON_NOT_SPECIFIED,
	[PSW_DROP_PROBE_UNKNOWN]	= SKB_DROP_REASON_NOT_SPECIFIED,
	[PSW_DROP_PROBE_RATE]		= SKB_DROP_REASON_NOT_SPECIFIED,
	[PSW_DROP_PROBE_BAD]		= SKB_DROP_REASON_NOT_SPECIFIED,
	[PSW_DROP_FOREIGN_OUI]		= SKB_DROP_REASON_NOT_SPECIFIED,
	[PSW_DROP_ARP_SPOOF]		= SKB_DROP_REASON_NOT_SPECIFIED,
	[PSW_DROP_ND_SPOOF]		= SKB_DROP_REASON_NOT_SPECIFIED,
	[PSW_DROP_NO_TEP_TAG]		= SKB_DROP_REASON_UNHANDLED_PROTO,
	[PSW_DROP_UNKNOWN_VNID]		= SKB_DROP_REASON_NOT_SPECIFIED,
	[PSW_DROP_ISOLATED_NO_UPLINK]	= SKB_DROP_REASON_NOT_SPECIFIED,
	[PSW_DROP_VLAN_NO_PORT]		= SKB_DROP_REASON_NOT_SPECIFIED,
	[PSW_DROP_ISOLATED]		= SKB_DROP_REASON_NOT_SPECIFIED,
};

enum skb_drop_reason psw_skb_drop_reason(enum psw_drop_reason reason)
{
	if ((unsigned int)reason >= ARRAY_SIZE(psw_skb_drop_reasons) ||
	    !psw_skb_drop_reasons[reason])
		return SKB_DROP_REASON_NOT_SPECIFIED;
	return psw_skb_drop_reasons[reason];
}
