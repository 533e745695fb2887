// SPDX-License-Identifier: GPL-2.0
/*
 * Learning: a PAN with learning on (PSW_A_LEARNING) makes the inner source
 * MAC of each tunnel arrival an encap entry toward the arrival's sender
 * (origin PSW_ORIGIN_LEARNED), with the arrival's encapsulation. The
 * model is the bridge's br_fdb_update() and vxlan's vxlan_snoop(), with
 * these differences:
 *   - only a remote configured for the PAN (an encap entry's, a flood
 *     member's or the anycast gateway's: trust.c) teaches. An arrival a
 *     PAN accepts because it accepts any source does not: "accept any"
 *     lets frames in, it does not let their senders claim addresses;
 *   - a static entry (user, port) is never changed by an arrival; a MAC
 *     that has one elsewhere is counted (PSW_LEARN_STATS_STATIC). So a
 *     remote can neither take a local VM's MAC (its port entry) nor one
 *     the controller placed;
 *   - frames from vm ports and the uplink teach nothing: a local VM's
 *     MACs are its port's, installed when it is attached, and an uplink
 *     frame's source is an external MAC, from which the tenant's own
 *     (internal) MAC that an xlate entry needs cannot be known.
 * A learned entry's age is refreshed in place by its arrivals (a
 * READ_ONCE() field, DOC: Locking); a MAC arriving from another remote
 * moves its entry there (a replace) and emits PSW_CMD_MOVE on
 * PSW_MCGRP_EVENTS, unless it has moved PSW_MOVE_DAMP_MOVES times within
 * PSW_MOVE_DAMP_SECS (FRR's duplicate address detection defaults): then
 * it stays where it is until the window passes (PSW_LEARN_STATS_FROZEN).
 * A per-switch delayed work removes learned entries idle longer than
 * their PAN's ageing time and announces each removal (PSW_CMD_ENTRY_DEL
 * on the notify group). Learned entries are bounded per PAN by
 * PSW_A_LEARN_MAX (the bridge's fdb_max_learned) and by the switch's
 * max-entries; a MAC not learned for it counts in PSW_LEARN_STATS_LIMIT.
 */
#include <linux/ratelimit.h>

#include "nl_core.h"

/* Events: at most this many per second per switch. */
#define PSW_EVENT_BURST		100

/* Not charged to the requester: the PAN's own counters, like its stats. */
struct psw_learn_pcpu __percpu *psw_learn_stats_alloc(void)
{
	return __netdev_alloc_pcpu_stats(struct psw_learn_pcpu, PSW_GFP);
}

#define psw_learn_count(pan, field) do {				\
	struct psw_learn_pcpu *__s = this_cpu_ptr((pan)->learn_stats);	\
									\
	u64_stats_update_begin(&__s->syncp);				\
	u64_stats_inc(&__s->field);					\
	u64_stats_update_end(&__s->syncp);				\
} while (0)

/* A place: encap and remote, as a nest of type @type. */
static int psw_put_place(struct sk_buff *skb, int type,
			 const struct psw_remote *r)
{
	struct nlattr *nest = nla_nest_start(skb, type);

	if (!nest || psw_put_remote(skb, r))
		return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* The size of a PSW_CMD_MOVE event's attributes. */
static size_t psw_learn_move_size(void)
{
	size_t place = nla_total_size(sizeof(u8)) +		/* encap */
		       nla_total_size(sizeof(struct in6_addr));	/* remote */

	return 2 * nla_total_size(sizeof(u32)) +	/* ifindex, PAN */
	       nla_total_size(IFNAMSIZ) +		/* ifname */
	       nla_total_size(ETH_ALEN) +		/* MAC */
	       2 * nla_total_size(place) +		/* from, to */
	       nla_total_size_64bit(sizeof(u64));	/* sequence */
}

/*
 * PSW_CMD_MOVE on the events group (event.c): {switch, PAN, MAC, old
 * place, new place, sequence}. Only while someone listens, rate limited
 * per switch, from softirq. An event that cannot be sent is lost, as
 * netlink multicast is; the sequence number shows the gap.
 */
static void psw_learn_event_move(struct psw_pan *pan, const u8 *mac,
				 const struct psw_learn_move *moved,
				 const struct psw_remote *to)
{
	struct psw_switch *sw = pan->sw;
	struct net *net = dev_net(sw->dev);
	struct sk_buff *skb;
	void *hdr;

	if (!psw_event_has_listeners(net) || !__ratelimit(&sw->event_rs))
		return;
	skb = psw_event_new(psw_learn_move_size(), PSW_CMD_MOVE, &hdr);
	if (!skb)
		return;
	if (psw_put_switch_id(skb, sw) ||
	    nla_put_u32(skb, PSW_A_PAN_ID, pan->id) ||
	    nla_put(skb, PSW_A_MAC, ETH_ALEN, mac) ||
	    psw_put_place(skb, PSW_A_MOVE_FROM, &moved->from) ||
	    psw_put_place(skb, PSW_A_MOVE_TO, to) ||
	    nla_put_u64_64bit(skb, PSW_A_MOVE_SEQ, moved->seq, PSW_A_PAD)) {
		nlmsg_free(skb);
		return;
	}
	psw_event_send(net, skb, hdr);
}

/**
 * psw_learn() - learn from a tunnel arrival
 * @pan: the arrival's PAN
 * @mac: the inner frame's source MAC
 * @from: the sender: outer source address, family and encapsulation
 *
 * The common case, a MAC already learned from this sender (or a static
 * entry that sends to it), costs a table lookup and at most one write of
 * the entry's age; everything else takes sw->lock (psw_entry_learn()).
 *
 * Context: BH, RCU read lock held (the packet path).
 */
void psw_learn(struct psw_pan *pan, const u8 *mac,
	       const struct psw_remote *from)
{
	struct psw_switch *sw = pan->sw;
	struct psw_learn_move moved;
	enum psw_learn_res res;
	struct psw_entry *old, *e;
	unsigned long now;

	if (!READ_ONCE(pan->learning) || !is_valid_ether_addr(mac))
		return;
	old = psw_entry_lookup(sw, pan->id, mac);
	if (old && old->mode == PSW_MODE_ENCAP &&
	    psw_remote_equal(&old->remote, from)) {
		now = jiffies;
		if (old->origin == PSW_ORIGIN_LEARNED &&
		    READ_ONCE(old->used) != now)
			WRITE_ONCE(old->used, now);
		return;
	}
	if (old && old->origin != PSW_ORIGIN_LEARNED) {
		psw_learn_count(pan, stat);
		return;
	}
	if (!psw_trust_lookup(sw, pan->id, from->family, &from->ip))
		return;
	/* At the limit, a flood of new MACs costs no allocation or lock. */
	if (!old && READ_ONCE(pan->nlearned) >= READ_ONCE(pan->learn_max)) {
		psw_learn_count(pan, limit);
		return;
	}
	e = psw_entry_alloc(GFP_ATOMIC);
	if (!e)
		return;
	res = psw_entry_learn(pan, mac, from, e, &moved);
	switch (res) {
	case PSW_LEARN_NEW:
		psw_learn_count(pan, learned);
		if (!delayed_work_pending(&sw->ageing))
			queue_delayed_work(system_power_efficient_wq,
					   &sw->ageing,
					   READ_ONCE(pan->ageing) * HZ + 1);
		/* Frames held for @mac (miss notify) go out through it. */
		psw_hold_release(pan, mac);
		return;
	case PSW_LEARN_MOVED:
		psw_learn_count(pan, moves);
		/* One step: held frames go to the new place, then the event. */
		psw_hold_release(pan, mac);
		psw_learn_event_move(pan, mac, &moved, from);
		return;
	case PSW_LEARN_STATIC:
		psw_learn_count(pan, stat);
		break;
	case PSW_LEARN_LIMIT:
		psw_learn_count(pan, limit);
		break;
	case PSW_LEARN_FROZEN:
		psw_learn_count(pan, frozen);
		break;
	case PSW_LEARN_NONE:
	case PSW_LEARN_SAME:
		break;
	}
	psw_entry_free(e);	/* never published */
}

/*
 * Age the learned entries of @pan; returns whether some are left, and
 * the earliest time one of them may expire in *@next.
 */
static bool psw_ageing_pan(struct psw_pan *pan, unsigned long *next)
{
	unsigned long age = READ_ONCE(pan->ageing) * HZ;
	struct psw_entry *e;
	unsigned long until;
	bool left = false;

	list_for_each_entry_rcu(e, &pan->entries, pan_node) {
		if (e->origin != PSW_ORIGIN_LEARNED)
			continue;
		until = READ_ONCE(e->used) + age;
		if (time_after(jiffies, until) && psw_entry_age(e)) {
			local_bh_disable();
			psw_learn_count(pan, aged);
			local_bh_enable();
			psw_notify_entry(e, PSW_CMD_ENTRY_DEL, GFP_ATOMIC);
			continue;
		}
		if (!left || time_before(until, *next))
			*next = until;
		left = true;
	}
	return left;
}

/*
 * The ageing work of a switch: runs while it has learned entries, next
 * when the first of them may expire. It does not take RTNL: it removes
 * learned entries only, under sw->lock (DOC: Locking).
 */
static void psw_ageing_work(struct work_struct *work)
{
	struct psw_switch *sw = container_of(to_delayed_work(work),
					     struct psw_switch, ageing);
	unsigned long next = 0, first = 0;
	struct psw_pan *pan;
	unsigned long id;
	bool left = false;

	rcu_read_lock();
	xa_for_each(&sw->pans, id, pan) {
		if (!READ_ONCE(pan->nlearned) || !psw_ageing_pan(pan, &next))
			continue;
		if (!left || time_before(next, first))
			first = next;
		left = true;
	}
	rcu_read_unlock();
	if (left)
		queue_delayed_work(system_power_efficient_wq, &sw->ageing,
				   time_after(first, jiffies) ?
				   first - jiffies + 1 : 1);
}

void psw_learn_init_switch(struct psw_switch *sw)
{
	INIT_DELAYED_WORK(&sw->ageing, psw_ageing_work);
	ratelimit_state_init(&sw->event_rs, HZ, PSW_EVENT_BURST);
	ratelimit_set_flags(&sw->event_rs, RATELIMIT_MSG_ON_RELEASE);
}

/*
 * The switch is going and no arrival can learn any more (its receive side
 * is closed): stop the ageing work. Its PANs flush what is left. RTNL.
 */
void psw_learn_stop(struct psw_switch *sw)
{
	cancel_delayed_work_sync(&sw->ageing);
}

/*
 * May @pan's learn-max become @max? Not below what it holds. Changes
 * nothing. RTNL.
 */
int psw_learn_check_max(struct psw_pan *pan, u32 max,
			struct netlink_ext_ack *extack,
			const struct nlattr *attr)
{
	if (max >= READ_ONCE(pan->nlearned))
		return 0;
	NL_SET_ERR_MSG_ATTR(extack, attr,
			    "learn-max is below the PAN's learned entries");
	return -ERANGE;
}

/*
 * Apply what pan-set asked (checked already; NULL: unchanged). Turning
 * learning off keeps the learned entries until they age; a shorter
 * ageing time applies at once. RTNL.
 */
void psw_learn_set(struct psw_pan *pan, const u8 *learning,
		   const u32 *ageing, const u32 *learn_max)
{
	struct psw_switch *sw = pan->sw;

	ASSERT_RTNL();
	if (learning)
		WRITE_ONCE(pan->learning, *learning);
	if (learn_max) {
		spin_lock_bh(&sw->lock);
		pan->learn_max = *learn_max;
		spin_unlock_bh(&sw->lock);
	}
	if (ageing) {
		WRITE_ONCE(pan->ageing, *ageing);
		if (READ_ONCE(pan->nlearned))
			mod_delayed_work(system_power_efficient_wq,
					 &sw->ageing, 0);
	}
	psw_changed(sw);
}

struct psw_learn_sum {
	u64 learned, limit, stat, moves, frozen, aged;
};

static void psw_learn_read(struct psw_learn_pcpu __percpu *pcpu,
			   struct psw_learn_sum *sum)
{
	int cpu;

	memset(sum, 0, sizeof(*sum));
	for_each_possible_cpu(cpu) {
		const struct psw_learn_pcpu *s = per_cpu_ptr(pcpu, cpu);
		struct psw_learn_sum snap;
		unsigned int start;

		do {
			start = u64_stats_fetch_begin(&s->syncp);
			snap.learned = u64_stats_read(&s->learned);
			snap.limit = u64_stats_read(&s->limit);
			snap.stat = u64_stats_read(&s->stat);
			snap.moves = u64_stats_read(&s->moves);
			snap.frozen = u64_stats_read(&s->frozen);
			snap.aged = u64_stats_read(&s->aged);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		sum->learned += snap.learned;
		sum->limit += snap.limit;
		sum->stat += snap.stat;
		sum->moves += snap.moves;
		sum->frozen += snap.frozen;
		sum->aged += snap.aged;
	}
}

/* A PAN's learning settings and counters. Under RTNL or RCU. */
int psw_learn_fill(struct sk_buff *skb, const struct psw_pan *pan)
{
	struct psw_learn_sum sum;
	struct nlattr *nest;

	if (nla_put_u8(skb, PSW_A_LEARNING, READ_ONCE(pan->learning)) ||
	    nla_put_u32(skb, PSW_A_AGEING, READ_ONCE(pan->ageing)) ||
	    nla_put_u32(skb, PSW_A_LEARN_MAX, READ_ONCE(pan->learn_max)))
		return -EMSGSIZE;
	psw_learn_read(pan->learn_stats, &sum);
	nest = nla_nest_start(skb, PSW_A_LEARN_STATS);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, PSW_LEARN_STATS_COUNT,
			      READ_ONCE(pan->nlearned), PSW_LEARN_STATS_PAD) ||
	    nla_put_u64_64bit(skb, PSW_LEARN_STATS_LEARNED, sum.learned,
			      PSW_LEARN_STATS_PAD) ||
	    nla_put_u64_64bit(skb, PSW_LEARN_STATS_LIMIT, sum.limit,
			      PSW_LEARN_STATS_PAD) ||
	    nla_put_u64_64bit(skb, PSW_LEARN_STATS_STATIC, sum.stat,
			      PSW_LEARN_STATS_PAD) ||
	    nla_put_u64_64bit(skb, PSW_LEARN_STATS_MOVES, sum.moves,
			      PSW_LEARN_STATS_PAD) ||
	    nla_put_u64_64bit(skb, PSW_LEARN_STATS_FROZEN, sum.frozen,
			      PSW_LEARN_STATS_PAD) ||
	    nla_put_u64_64bit(skb, PSW_LEARN_STATS_AGED, sum.aged,
			      PSW_LEARN_STATS_PAD)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* A learned entry's age in seconds (PSW_A_AGE). Under RTNL or RCU. */
int psw_learn_fill_entry(struct sk_buff *skb, const struct psw_entry *e)
{
	unsigned long idle = jiffies - READ_ONCE(e->used);

	if (e->origin != PSW_ORIGIN_LEARNED)
		return 0;
	return nla_put_u32(skb, PSW_A_AGE, idle / HZ);
}
