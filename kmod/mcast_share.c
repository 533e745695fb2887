// SPDX-License-Identifier: GPL-2.0
/*
 * Inter-tenant multicast (seed 001): a PAN's rules, each copying the
 * PAN's frames to one IP multicast group into another PAN of the switch,
 * at most PSW_MCAST_SHARE_MAX per PAN. Opt-in and one way: only the
 * source PAN's rules share its frames, the target gets the listed
 * groups only, and a unicast frame or another group never crosses.
 *
 * Where: whenever a frame of the PAN to a multicast MAC is flooded on
 * this switch (psw_flood(): from its vm and trunk ports, and arrivals
 * from the uplink and tunnels, an EtherIP arrival in OUI form after its
 * group MAC is mapped back), each rule whose group is the inner IPv4 or
 * IPv6 destination gives one copy to the target PAN's vm ports and the
 * trunks that carry it, never to its flood list, group or tunnels, and
 * a copy is never shared again: each switch replicates for its own
 * ports, one copy per target tenant (seed 001's replication at the
 * tunnel egress).
 *
 * Locking: the rule set is immutable once published (an RCU pointer,
 * pan->mshare), replaced whole under RTNL and freed after a grace period
 * with its per-CPU counters; the target is looked up by id (xa_load()
 * under RCU), so a rule holds no reference. A PAN named by another's
 * rule cannot be deleted (pan-del refuses).
 */
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <net/genetlink.h>
#include <net/ipv6.h>

#include "nl_core.h"

static void psw_mshare_free_rcu(struct rcu_head *head)
{
	struct psw_mshare *ms = container_of(head, struct psw_mshare, rcu);

	free_percpu(ms->stats);
	kfree(ms);
}

/* A rule set never published. */
void psw_mshare_abort(struct psw_mshare *ms)
{
	if (!ms)
		return;
	free_percpu(ms->stats);
	kfree(ms);
}

static bool psw_mshare_same(const struct psw_mshare_rule *a,
			    const struct psw_mshare_rule *b)
{
	if (a->family != b->family || a->target != b->target)
		return false;
	return a->family == AF_INET ? a->group.ip4 == b->group.ip4 :
		ipv6_addr_equal(&a->group.ip6, &b->group.ip6);
}

/**
 * psw_mshare_parse() - the rule a pan-set nest names
 * @pan: the PAN it is (or would be) a rule of
 * @nest: PSW_A_MCAST_SHARE_ADD or PSW_A_MCAST_SHARE_DEL
 * @r: the rule
 * @extack: where a refusal says why
 *
 * Refused: no group or two, a group that is not multicast, no target, a
 * target that is @pan or no PAN of the switch.
 *
 * Context: RTNL.
 * Return: 0 or a negative errno with @extack set.
 */
int psw_mshare_parse(struct psw_pan *pan, const struct nlattr *nest,
		     struct psw_mshare_rule *r, struct netlink_ext_ack *extack)
{
	struct nlattr *tb[PSW_A_MAX + 1];
	u32 target;
	int err;

	memset(r, 0, sizeof(*r));
	/* Validated by the request's policy (psw_mcast_share_req_nl_policy). */
	err = nla_parse_nested(tb, PSW_A_MAX, nest, NULL, extack);
	if (err)
		return err;
	if (!!tb[PSW_A_REMOTE4] == !!tb[PSW_A_REMOTE6]) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "an inter-tenant multicast rule needs one group: remote4 or remote6");
		NL_SET_ERR_ATTR_MISS(extack, nest, PSW_A_REMOTE4);
		return -EINVAL;
	}
	if (tb[PSW_A_REMOTE4]) {
		r->family = AF_INET;
		r->group.ip4 = nla_get_in_addr(tb[PSW_A_REMOTE4]);
		if (!ipv4_is_multicast(r->group.ip4)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[PSW_A_REMOTE4],
					    "the rule's group is not a multicast address");
			return -EINVAL;
		}
	} else {
		r->family = AF_INET6;
		r->group.ip6 = nla_get_in6_addr(tb[PSW_A_REMOTE6]);
		if (!ipv6_addr_is_multicast(&r->group.ip6)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[PSW_A_REMOTE6],
					    "the rule's group is not a multicast address");
			return -EINVAL;
		}
	}
	if (!tb[PSW_A_PAN_ID]) {
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "an inter-tenant multicast rule needs its target PAN (pan-id)");
		NL_SET_ERR_ATTR_MISS(extack, nest, PSW_A_PAN_ID);
		return -EINVAL;
	}
	target = nla_get_u32(tb[PSW_A_PAN_ID]);
	if (target == pan->id) {
		NL_SET_ERR_MSG_ATTR(extack, tb[PSW_A_PAN_ID],
				    "a PAN shares its multicast with another PAN, not with itself");
		return -EINVAL;
	}
	if (!psw_pan_find(pan->sw, target)) {
		NL_SET_ERR_MSG_ATTR(extack, tb[PSW_A_PAN_ID],
				    "the rule's target PAN does not exist");
		return -ENOENT;
	}
	r->target = target;
	return 0;
}

/**
 * psw_mshare_change() - @pan's rule set with @add added and @del removed
 * @pan: the PAN
 * @add: a rule to add, or NULL
 * @del: a rule to remove, or NULL
 * @out: the new set, NULL for none (to publish or abort)
 * @extack: where a refusal says why
 *
 * Nothing is published. Refused: @add there already (-EEXIST), a full
 * set (-ENOSPC, PSW_MCAST_SHARE_MAX), @del not there (-ENOENT).
 *
 * Context: RTNL.
 * Return: 0 or a negative errno with @extack set.
 */
int psw_mshare_change(struct psw_pan *pan, const struct psw_mshare_rule *add,
		      const struct psw_mshare_rule *del,
		      struct psw_mshare **out, struct netlink_ext_ack *extack)
{
	const struct psw_mshare *old = rtnl_dereference(pan->mshare);
	unsigned int i, n = 0, had = old ? old->n : 0;
	struct psw_mshare_rule rules[PSW_MCAST_SHARE_MAX + 1];
	bool found = false;
	struct psw_mshare *ms;
	int cpu;

	*out = NULL;
	for (i = 0; i < had; i++) {
		if (del && psw_mshare_same(&old->rule[i], del)) {
			found = true;
			continue;
		}
		if (add && psw_mshare_same(&old->rule[i], add)) {
			NL_SET_ERR_MSG(extack,
				       "the PAN has this inter-tenant multicast rule already");
			return -EEXIST;
		}
		rules[n++] = old->rule[i];
	}
	if (del && !found) {
		NL_SET_ERR_MSG(extack,
			       "the PAN has no such inter-tenant multicast rule");
		return -ENOENT;
	}
	if (add) {
		if (n >= PSW_MCAST_SHARE_MAX) {
			NL_SET_ERR_MSG(extack,
				       "the PAN has PSW_MCAST_SHARE_MAX inter-tenant multicast rules");
			return -ENOSPC;
		}
		rules[n++] = *add;
	}
	if (!n)
		return 0;
	ms = kzalloc(struct_size(ms, rule, n), PSW_GFP);
	if (ms)
		ms->stats = alloc_percpu_gfp(struct psw_mshare_pcpu, PSW_GFP);
	if (!ms || !ms->stats) {
		psw_mshare_abort(ms);
		NL_SET_ERR_MSG(extack,
			       "out of memory for the PAN's inter-tenant multicast rules");
		return -ENOMEM;
	}
	for_each_possible_cpu(cpu)
		u64_stats_init(&per_cpu_ptr(ms->stats, cpu)->syncp);
	memcpy(ms->rule, rules, n * sizeof(rules[0]));
	ms->n = n;
	*out = ms;
	return 0;
}

/* Publish @ms (NULL: no rules) as @pan's rule set. RTNL. */
void psw_mshare_publish(struct psw_pan *pan, struct psw_mshare *ms)
{
	struct psw_mshare *old = rtnl_dereference(pan->mshare);

	if (!old && !ms)
		return;
	rcu_assign_pointer(pan->mshare, ms);
	if (old)
		call_rcu(&old->rcu, psw_mshare_free_rcu);
	psw_changed(pan->sw);
}

/* Does another PAN of @pan's switch have a rule naming @pan? RTNL. */
bool psw_mshare_targeted(const struct psw_pan *pan)
{
	const struct psw_mshare *ms;
	struct psw_pan *p;
	unsigned long id;
	unsigned int i;

	xa_for_each(&pan->sw->pans, id, p) {
		ms = rtnl_dereference(p->mshare);
		for (i = 0; ms && i < ms->n; i++)
			if (ms->rule[i].target == pan->id)
				return true;
	}
	return false;
}

static u64 psw_mshare_copies(const struct psw_mshare *ms, unsigned int i)
{
	const struct psw_mshare_pcpu *s;
	unsigned int start;
	u64 sum = 0, v;
	int cpu;

	for_each_possible_cpu(cpu) {
		s = per_cpu_ptr(ms->stats, cpu);
		do {
			start = u64_stats_fetch_begin(&s->syncp);
			v = u64_stats_read(&s->copies[i]);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		sum += v;
	}
	return sum;
}

/* PSW_A_MCAST_SHARE, if @pan has rules. RTNL or RCU. */
int psw_mshare_fill(struct sk_buff *skb, const struct psw_pan *pan)
{
	const struct psw_mshare *ms = rcu_dereference_rtnl(pan->mshare);
	struct nlattr *list, *rule;
	unsigned int i;
	int err;

	if (!ms)
		return 0;
	list = nla_nest_start(skb, PSW_A_MCAST_SHARE);
	if (!list)
		return -EMSGSIZE;
	for (i = 0; i < ms->n; i++) {
		const struct psw_mshare_rule *r = &ms->rule[i];

		rule = nla_nest_start(skb, PSW_A_MCAST_SHARE_RULE);
		if (!rule)
			goto cancel;
		err = r->family == AF_INET ?
		      nla_put_in_addr(skb, PSW_A_REMOTE4, r->group.ip4) :
		      nla_put_in6_addr(skb, PSW_A_REMOTE6, &r->group.ip6);
		err = err ?: nla_put_u32(skb, PSW_A_PAN_ID, r->target);
		err = err ?: nla_put_u64_64bit(skb, PSW_A_MCAST_SHARE_COPIES,
					       psw_mshare_copies(ms, i),
					       PSW_A_PAD);
		if (err)
			goto cancel;
		nla_nest_end(skb, rule);
	}
	nla_nest_end(skb, list);
	return 0;
cancel:
	nla_nest_cancel(skb, list);
	return -EMSGSIZE;
}

/**
 * psw_mshare_match() - the PANs a flooded frame of @pan is shared with
 * @pan: the frame's PAN
 * @skb: the frame, data at its Ethernet header
 * @targets: set to the target PANs, at most PSW_MCAST_SHARE_MAX
 *
 * A frame to a multicast MAC whose inner IPv4 or IPv6 destination is the
 * group of one of @pan's rules: each such rule's target PAN, if it
 * exists, counted in the rule's copies. Reads the header without
 * changing the frame.
 *
 * Context: BH, RCU read lock held; takes no lock.
 * Return: the number of targets.
 */
unsigned int psw_mshare_match(struct psw_pan *pan, const struct sk_buff *skb,
			      struct psw_pan **targets)
{
	const struct psw_mshare *ms = rcu_dereference(pan->mshare);
	const struct ethhdr *eth = (const struct ethhdr *)skb->data;
	struct psw_mshare_pcpu *s;
	struct in6_addr b6;
	const void *g;
	unsigned int i, n = 0;
	struct psw_pan *t;
	__be32 b4;
	u8 family;

	if (!ms || !is_multicast_ether_addr(eth->h_dest))
		return 0;
	if (eth->h_proto == htons(ETH_P_IP)) {
		g = skb_header_pointer(skb, ETH_HLEN +
				       offsetof(struct iphdr, daddr),
				       sizeof(b4), &b4);
		if (!g || !ipv4_is_multicast(*(const __be32 *)g))
			return 0;
		family = AF_INET;
	} else if (eth->h_proto == htons(ETH_P_IPV6)) {
		g = skb_header_pointer(skb, ETH_HLEN +
				       offsetof(struct ipv6hdr, daddr),
				       sizeof(b6), &b6);
		if (!g || !ipv6_addr_is_multicast(g))
			return 0;
		family = AF_INET6;
	} else {
		return 0;
	}
	s = this_cpu_ptr(ms->stats);
	for (i = 0; i < ms->n; i++) {
		const struct psw_mshare_rule *r = &ms->rule[i];

		if (r->family != family ||
		    (family == AF_INET ? r->group.ip4 != *(const __be32 *)g :
		     !ipv6_addr_equal(&r->group.ip6, g)))
			continue;
		t = psw_pan_find(pan->sw, r->target);
		if (!t)
			continue;
		targets[n++] = t;
		u64_stats_update_begin(&s->syncp);
		u64_stats_inc(&s->copies[i]);
		u64_stats_update_end(&s->syncp);
	}
	return n;
}
