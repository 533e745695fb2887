// SPDX-License-Identifier: GPL-2.0
/*
 * Misses: what a PAN does with a unicast frame from a vm port whose
 * destination has no entry (its miss policy, PSW_A_MISS), and the PAN's
 * per-CPU miss counters. forward.c calls psw_miss() at its no-entry point
 * and acts on the answer; nothing here runs on a frame that has an entry.
 */
#include <net/netlink.h>

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
	} else if (miss != PSW_MISS_DROP) {
		miss = PSW_MISS_FLOOD;
	}
	u64_stats_update_begin(&s->syncp);
	if (miss == PSW_MISS_DROP)
		u64_stats_inc(&s->drop);
	else if (miss == PSW_MISS_ANYCAST)
		u64_stats_inc(&s->anycast);
	else
		u64_stats_inc(&s->flood);
	u64_stats_update_end(&s->syncp);
	return miss;
}

/* The miss policies this version implements; extack says why not. */
int psw_miss_check(u8 miss, struct netlink_ext_ack *extack,
		   const struct nlattr *attr)
{
	if (miss != PSW_MISS_NOTIFY)
		return 0;
	NL_SET_ERR_MSG_ATTR(extack, attr,
			    "this miss policy is not implemented (flood, drop or anycast)");
	return -EOPNOTSUPP;
}

/* @pan's miss policy, checked by psw_miss_check(). RTNL. */
void psw_pan_set_miss(struct psw_pan *pan, u8 miss)
{
	ASSERT_RTNL();
	if (pan->miss == miss)
		return;
	WRITE_ONCE(pan->miss, miss);
	psw_changed(pan->sw);
}

struct psw_miss_sum {
	u64 flood;
	u64 drop;
	u64 anycast;
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
		} while (u64_stats_fetch_retry(&s->syncp, start));
		sum->flood += snap.flood;
		sum->drop += snap.drop;
		sum->anycast += snap.anycast;
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
			      PSW_MISS_STATS_PAD)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return psw_anycast_fill(skb, pan);
}
