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

void psw_stats_read(struct psw_pcpu_stats __percpu *pcpu,
		    struct psw_stats *sum)
{
	int cpu, i;

	memset(sum, 0, sizeof(*sum));
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

int psw_stats_fill(struct sk_buff *skb, struct psw_pcpu_stats __percpu *pcpu)
{
	struct nlattr *nest, *drops;
	struct psw_stats sum;
	int i;

	psw_stats_read(pcpu, &sum);

	nest = nla_nest_start(skb, PSW_A_STATS);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, PSW_STATS_RX_PACKETS, sum.rx_packets,
			      PSW_STATS_PAD) ||
	    nla_put_u64_64bit(skb, PSW_STATS_RX_BYTES, sum.rx_bytes,
			      PSW_STATS_PAD) ||
	    nla_put_u64_64bit(skb, PSW_STATS_TX_PACKETS, sum.tx_packets,
			      PSW_STATS_PAD) ||
	    nla_put_u64_64bit(skb, PSW_STATS_TX_BYTES, sum.tx_bytes,
			      PSW_STATS_PAD) ||
	    nla_put_u64_64bit(skb, PSW_STATS_FLOODED, sum.flooded,
			      PSW_STATS_PAD) ||
	    nla_put_u64_64bit(skb, PSW_STATS_XLATE_TX, sum.xlate_tx,
			      PSW_STATS_PAD) ||
	    nla_put_u64_64bit(skb, PSW_STATS_XLATE_RX, sum.xlate_rx,
			      PSW_STATS_PAD) ||
	    nla_put_u64_64bit(skb, PSW_STATS_ENCAP_TX, sum.encap_tx,
			      PSW_STATS_PAD) ||
	    nla_put_u64_64bit(skb, PSW_STATS_ENCAP_RX, sum.encap_rx,
			      PSW_STATS_PAD))
		goto cancel;

	drops = nla_nest_start(skb, PSW_STATS_DROPS);
	if (!drops)
		goto cancel;
	for (i = PSW_DROP_UNSPEC + 1; i < __PSW_DROP_MAX; i++)
		if (nla_put_u64_64bit(skb, i, sum.drops[i], PSW_DROP_UNSPEC))
			goto cancel;
	nla_nest_end(skb, drops);
	nla_nest_end(skb, nest);
	return 0;

cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}
