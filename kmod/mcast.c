// SPDX-License-Identifier: GPL-2.0
/*
 * A PAN's underlay IP multicast group (seed 000, FIG. 6 and claim 13):
 * the PAN's mcast mode, broadcast carried as one IP multicast to the
 * hosts of the PAN. This file holds the group's configuration: an RCU
 * pointer of the PAN, replaced whole under RTNL, its checks, and how it
 * is reported (the PAN's PSW_A_MCAST, and the PAN's mcast entry in entry
 * dumps, FIG. 7A's "broadcast -> IP multicast encapsulate -> group").
 *
 * While the PAN has a group, the switch's local address of the group's
 * family is in use (sw->nremote), as for an encap entry: the copies to
 * the group are sent from it.
 *
 * Membership on demand (psw_mcast_sync()): a PAN holds its switch's
 * membership of its group (struct psw_mgroup) exactly while it has a
 * group and a port to deliver to: a vm port, or a trunk port that
 * carries it by the tenant map (psw_pan_has_port()). Memberships are counted per switch and group, in
 * sw->mgroups, and each has a socket of its own: bound to the group and
 * the VXLAN port, it holds the one IGMP/MLD membership (the per-socket
 * limits igmp_max_memberships and mld_max_msf never bound a switch's
 * groups; a socket costs about 1.5 KiB, accounted to whoever configures),
 * takes the group's VXLAN arrivals, and the group's copies are sent
 * through it, its multicast loop off, so that a switch never receives its
 * own. It is joined on the device the route from the switch's underlay
 * address to the group uses (the device the copies leave by). RTNL for
 * all of it; the packet path reads pan->mgroup under RCU, and a
 * membership's socket is closed only after a grace period.
 *
 * Each change of a PAN's membership is announced on the notify group
 * (PSW_CMD_MCAST_JOIN, PSW_CMD_MCAST_LEAVE: psw_mcast_changed()), from
 * where it happens: process context under RTNL, so with GFP_KERNEL, built
 * only while someone listens, as every configuration notification; and
 * its time is the PAN's PSW_A_MCAST_SINCE.
 */
#include <linux/igmp.h>
#include <net/ip6_route.h>
#include <net/ipv6.h>
#include <net/ipv6_stubs.h>
#include <net/netlink.h>
#include <net/route.h>
#include <net/udp_tunnel.h>

#include "decap.h"
#include "nl_core.h"

/* The PAN's group, under RTNL or RCU (NULL: none). */
const struct psw_mcast *psw_mcast_get(const struct psw_pan *pan)
{
	return rcu_dereference_rtnl(pan->mcast);
}

/*
 * Is @ip a group the PAN may use? Multicast, and of a scope wider than
 * the link: the underlay is routed (a router joins the segments of
 * FIG. 6), and 224.0.0.0/24 or ff02::/16 never leave one segment.
 */
static int psw_mcast_check_group(u8 family, const union psw_ip *ip,
				 struct netlink_ext_ack *extack,
				 const struct nlattr *attr)
{
	if (family == AF_INET) {
		if (!ipv4_is_multicast(ip->ip4)) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "the group must be an IPv4 multicast address (224.0.0.0/4)");
			return -EINVAL;
		}
		if (ipv4_is_local_multicast(ip->ip4)) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "the group is link-local (224.0.0.0/24): routers never forward it");
			return -EINVAL;
		}
		return 0;
	}
	if (!ipv6_addr_is_multicast(&ip->ip6)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "the group must be an IPv6 multicast address (ff00::/8)");
		return -EINVAL;
	}
	if (IPV6_ADDR_MC_SCOPE(&ip->ip6) <= IPV6_ADDR_SCOPE_LINKLOCAL) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "the group's scope is the interface or the link (ff00::/16, ff01::/16, ff02::/16): routers never forward it");
		return -EINVAL;
	}
	return 0;
}

/*
 * The group that a non-empty PSW_A_MCAST nest names, checked, not
 * published: *@mc, NULL for an empty nest (no group). RTNL.
 */
int psw_mcast_parse(struct psw_pan *pan, const struct nlattr *nest,
		    struct psw_mcast **mc, struct netlink_ext_ack *extack)
{
	const struct psw_underlay *u = rtnl_dereference(pan->sw->underlay);
	struct nlattr *tb[PSW_A_MAX + 1];
	struct psw_mcast *m;
	const struct nlattr *ga;
	union psw_ip ip = {};
	u8 family, encap = PSW_ENCAP_VXLAN, ttl = PSW_MCAST_TTL_DEFAULT;
	bool has_local;
	int err;

	*mc = NULL;
	/* Validated by the request's policy (psw_mcast_nl_policy). */
	err = nla_parse_nested(tb, PSW_A_MAX, nest, NULL, extack);
	if (err)
		return err;
	if (!tb[PSW_A_REMOTE4] && !tb[PSW_A_REMOTE6]) {
		if (!tb[PSW_A_ENCAP] && !tb[PSW_A_TTL] &&
		    !tb[PSW_A_MCAST_JOINED] && !tb[PSW_A_MCAST_SINCE])
			return 0;	/* empty: no group */
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "the multicast group needs its address (group or group6)");
		NL_SET_ERR_ATTR_MISS(extack, nest, PSW_A_REMOTE4);
		return -EINVAL;
	}
	if (tb[PSW_A_REMOTE4] && tb[PSW_A_REMOTE6]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[PSW_A_REMOTE6],
				    "a PAN has one multicast group: IPv4 or IPv6, not both");
		return -EINVAL;
	}
	if (tb[PSW_A_REMOTE4]) {
		family = AF_INET;
		ga = tb[PSW_A_REMOTE4];
		ip.ip4 = nla_get_in_addr(ga);
		has_local = u->local4;
	} else {
		family = AF_INET6;
		ga = tb[PSW_A_REMOTE6];
		ip.ip6 = nla_get_in6_addr(ga);
		has_local = !ipv6_addr_any(&u->local6);
	}
	err = psw_mcast_check_group(family, &ip, extack, ga);
	if (err)
		return err;
	if (!has_local) {
		if (family == AF_INET)
			NL_SET_ERR_MSG_ATTR(extack, ga,
					    "the switch has no IPv4 underlay address to send to an IPv4 group from");
		else
			NL_SET_ERR_MSG_ATTR(extack, ga,
					    "the switch has no IPv6 underlay address to send to an IPv6 group from");
		return -EADDRNOTAVAIL;
	}
	if (tb[PSW_A_ENCAP])
		encap = nla_get_u8(tb[PSW_A_ENCAP]);
	if (encap == PSW_ENCAP_AUTO) {
		NL_SET_ERR_MSG_ATTR(extack, tb[PSW_A_ENCAP],
				    "a group has no remote object to negotiate with: give vxlan or nvgre");
		return -EINVAL;
	}
	if (encap == PSW_ENCAP_ETHERIP) {
		NL_SET_ERR_MSG_ATTR(extack, tb[PSW_A_ENCAP],
				    "EtherIP carries no PAN id: a group shared by PANs could not tell them apart (use vxlan or nvgre)");
		return -EINVAL;
	}
	if (tb[PSW_A_TTL])
		ttl = nla_get_u8(tb[PSW_A_TTL]);	/* >= 1 by the policy */
	if (tb[PSW_A_MCAST_JOINED] || tb[PSW_A_MCAST_SINCE]) {
		NL_SET_ERR_MSG_ATTR(extack, tb[PSW_A_MCAST_JOINED] ?:
					    tb[PSW_A_MCAST_SINCE],
				    "the membership is read only: it follows the PAN's vm and trunk ports");
		return -EINVAL;
	}

	m = kzalloc(sizeof(*m), PSW_GFP);
	if (!m) {
		NL_SET_ERR_MSG(extack, "out of memory for the multicast group");
		return -ENOMEM;
	}
	m->group = ip;
	m->family = family;
	m->encap = encap;
	m->ttl = ttl;
	*mc = m;
	return 0;
}

/* A parsed group that will not be published. RTNL. */
void psw_mcast_abort(struct psw_mcast *mc)
{
	kfree(mc);
}

/*
 * Make @mc (NULL: none) @pan's group; the old one goes, after a grace
 * period. RTNL.
 */
void psw_mcast_publish(struct psw_pan *pan, struct psw_mcast *mc)
{
	struct psw_mcast *old = rtnl_dereference(pan->mcast);
	struct psw_switch *sw = pan->sw;

	ASSERT_RTNL();
	if (!old && !mc)
		return;
	if (mc)
		sw->nremote[psw_family_idx(mc->family)]++;
	/* PSW_A_MCAST_SINCE: since a new group was set (a join resets it) */
	if (mc && (!old || old->family != mc->family ||
		   memcmp(&old->group, &mc->group, sizeof(mc->group))))
		WRITE_ONCE(pan->mcast_since, get_jiffies_64());
	rcu_assign_pointer(pan->mcast, mc);
	psw_mcast_sync(pan);
	if (old) {
		sw->nremote[psw_family_idx(old->family)]--;
		kfree_rcu(old, rcu);
	}
	psw_changed(sw);
}

struct psw_mcast_pcpu __percpu *psw_mcast_stats_alloc(void)
{
	return __netdev_alloc_pcpu_stats(struct psw_mcast_pcpu, PSW_GFP);
}

static bool psw_mgroup_is(const struct psw_mgroup *g, u8 family,
			  const union psw_ip *ip)
{
	if (g->family != family)
		return false;
	return family == AF_INET ? g->group.ip4 == ip->ip4 :
				   ipv6_addr_equal(&g->group.ip6, &ip->ip6);
}

/*
 * The device the copies to @g leave by: the route from the switch's
 * underlay address @u of the group's family to the group. RTNL.
 */
static int psw_mgroup_ifindex(struct net *net, const struct psw_underlay *u,
			      const struct psw_mgroup *g)
{
	int ifindex;

	if (g->family == AF_INET) {
		struct flowi4 fl4 = {
			.daddr = g->group.ip4,
			.saddr = u->local4,
			.flowi4_proto = IPPROTO_UDP,
		};
		struct rtable *rt = ip_route_output_key(net, &fl4);

		if (IS_ERR(rt))
			return PTR_ERR(rt);
		ifindex = rt->dst.dev->ifindex;
		ip_rt_put(rt);
	} else {
		struct flowi6 fl6 = {
			.daddr = g->group.ip6,
			.saddr = u->local6,
			.flowi6_proto = IPPROTO_UDP,
		};
		struct dst_entry *dst;

		dst = ipv6_stub->ipv6_dst_lookup_flow(net, NULL, &fl6, NULL);
		if (IS_ERR(dst))
			return PTR_ERR(dst);
		ifindex = dst->dev->ifindex;
		dst_release(dst);
	}
	return ifindex;
}

/*
 * Close a group's socket: no arrival is handed to the switch any more,
 * and once the grace period has passed no sender uses it. Its membership
 * is gone already (releasing one with memberships takes RTNL). RTNL;
 * sleeps, expedited (synchronize_net() under RTNL).
 */
static void psw_mgroup_close(struct socket *sock)
{
	rcu_assign_sk_user_data(sock->sk, NULL);
	synchronize_net();
	kernel_sock_shutdown(sock, SHUT_RDWR);
	sock_release(sock);
}

/* Join or leave @g on its socket. RTNL. */
static int psw_mgroup_member(struct psw_mgroup *g, bool join)
{
	struct sock *sk = g->sock->sk;
	int err;

	lock_sock(sk);
	if (g->family == AF_INET) {
		struct ip_mreqn mreq = {
			.imr_multiaddr.s_addr = g->group.ip4,
			.imr_ifindex = g->ifindex,
		};

		err = join ? ip_mc_join_group(sk, &mreq) :
			     ip_mc_leave_group(sk, &mreq);
	} else if (join) {
		err = ipv6_stub->ipv6_sock_mc_join(sk, g->ifindex,
						   &g->group.ip6);
	} else {
		err = ipv6_stub->ipv6_sock_mc_drop(sk, g->ifindex,
						   &g->group.ip6);
	}
	release_sock(sk);
	return err;
}

/*
 * The switch's membership of @mc's group, with one more user: found, or
 * opened and joined. NULL if that fails (no underlay address, no route
 * to the group, the address in use, no memory): the PAN is then not a
 * member, and psw_mcast_sync() tries again at its next change. RTNL.
 */
static struct psw_mgroup *psw_mgroup_get(struct psw_switch *sw,
					 const struct psw_mcast *mc)
{
	const struct psw_underlay *u = rtnl_dereference(sw->underlay);
	struct net *net = dev_net(sw->dev);
	struct psw_mgroup *g;
	struct socket *sock;
	int err;

	list_for_each_entry(g, &sw->mgroups, node) {
		if (psw_mgroup_is(g, mc->family, &mc->group)) {
			g->users++;
			return g;
		}
	}
	if (!u || !u->vxlan_port)
		return NULL;
	g = kzalloc(sizeof(*g), PSW_GFP);
	if (!g)
		return NULL;
	g->group = mc->group;
	g->family = mc->family;
	err = psw_mgroup_ifindex(net, u, g);
	if (err < 0)
		goto free;
	g->ifindex = err;
	sock = psw_vxlan_open(sw, g->family, &g->group, u->vxlan_port, true,
			      NULL);
	if (IS_ERR(sock))
		goto free;
	g->sock = sock;
	err = psw_mgroup_member(g, true);
	if (err) {
		psw_mgroup_close(sock);
		goto free;
	}
	g->users = 1;
	list_add_tail(&g->node, &sw->mgroups);
	sw->nmgroups++;
	return g;
free:
	kfree(g);
	return NULL;
}

/*
 * One user less of @g; the last leaves the group and closes its socket,
 * after a grace period: the packet path may still be sending through it.
 * RTNL; sleeps.
 */
static void psw_mgroup_put(struct psw_switch *sw, struct psw_mgroup *g)
{
	struct socket *sock = g->sock;

	ASSERT_RTNL();
	if (--g->users)
		return;
	list_del(&g->node);
	sw->nmgroups--;
	/* The socket's memberships must go before it: release takes RTNL. */
	psw_mgroup_member(g, false);
	psw_mgroup_close(sock);			/* waits for readers */
	kfree_rcu(g, rcu);
}

/*
 * @pan's membership changed: @old (or NULL) was left, @g (or NULL) joined,
 * in that order; @old is still valid (put after). Announced, and timed
 * for PSW_A_MCAST_SINCE. RTNL.
 */
static void psw_mcast_changed(struct psw_pan *pan,
			      const struct psw_mgroup *old,
			      const struct psw_mgroup *g)
{
	WRITE_ONCE(pan->mcast_since, get_jiffies_64());
	if (old)
		psw_notify_mcast(pan, old, PSW_CMD_MCAST_LEAVE);
	if (g)
		psw_notify_mcast(pan, g, PSW_CMD_MCAST_JOIN);
}

/*
 * Make @pan's membership what it should be: its group's, while it has a
 * group and a port on its switch to deliver to (psw_pan_has_port()); none
 * otherwise. Called on every change of either: the group (mcast.c), vm
 * and trunk ports (port.c), the tenant map entries naming the PAN
 * (tenant.c). RTNL; may sleep.
 */
void psw_mcast_sync(struct psw_pan *pan)
{
	const struct psw_mcast *mc = rtnl_dereference(pan->mcast);
	struct psw_mgroup *old = rtnl_dereference(pan->mgroup);
	struct psw_mgroup *g = NULL;

	ASSERT_RTNL();
	if (mc && psw_pan_has_port(pan)) {
		if (old && psw_mgroup_is(old, mc->family, &mc->group))
			return;
		g = psw_mgroup_get(pan->sw, mc);
	}
	if (g == old)
		return;
	rcu_assign_pointer(pan->mgroup, g);
	psw_mcast_changed(pan, old, g);
	if (old)
		psw_mgroup_put(pan->sw, old);
	psw_changed(pan->sw);
}

/*
 * A trunk port of @sw came or went: which PANs it carries changed, so
 * each PAN's membership follows (psw_mcast_sync()). RTNL; may sleep.
 */
void psw_mcast_sync_switch(struct psw_switch *sw)
{
	struct psw_pan *pan;
	unsigned long id;

	ASSERT_RTNL();
	xa_for_each(&sw->pans, id, pan)
		psw_mcast_sync(pan);
}

/*
 * The switch's underlay changed (its addresses or VXLAN port): every
 * membership is made again, bound and routed by the new one. RTNL.
 */
void psw_mcast_rejoin(struct psw_switch *sw)
{
	struct psw_mgroup *old;
	struct psw_pan *pan;
	unsigned long id;

	ASSERT_RTNL();
	if (!sw->nmgroups)
		return;
	xa_for_each(&sw->pans, id, pan) {
		old = rtnl_dereference(pan->mgroup);
		if (!old)
			continue;
		RCU_INIT_POINTER(pan->mgroup, NULL);
		psw_mcast_changed(pan, old, NULL);
		psw_mgroup_put(sw, old);
	}
	xa_for_each(&sw->pans, id, pan)
		psw_mcast_sync(pan);
}

/**
 * psw_mcast_xmit() - the one copy of a flooded frame to @pan's group
 * @pan: the frame's PAN, which has a group
 * @in: the vm or trunk port it came from
 * @skb: the copy; consumed
 *
 * Encapsulated as the group says (VXLAN or NVGRE, VNI/VSID the PAN id,
 * outer TTL the group's), from the switch's underlay address, through the
 * membership's socket when the switch is a member.
 *
 * Context: BH, RCU read lock held; takes no lock.
 * Return: PSW_DROP_UNSPEC if sent (counted in the PAN's mcast tx), else
 * why not; the caller counts the drop.
 */
enum psw_drop_reason psw_mcast_xmit(struct psw_pan *pan,
				    const struct psw_port *in,
				    struct sk_buff *skb)
{
	const struct psw_mcast *mc = rcu_dereference(pan->mcast);
	const struct psw_mgroup *g = rcu_dereference(pan->mgroup);
	struct psw_mcast_pcpu *s;
	enum psw_drop_reason reason;
	struct psw_remote r = {};

	if (unlikely(!mc)) {
		psw_kfree_skb(skb, PSW_DROP_NO_DEST);
		return PSW_DROP_NO_DEST;
	}
	r.ip = mc->group;
	r.family = mc->family;
	r.encap = mc->encap;
	if (g && !psw_mgroup_is(g, mc->family, &mc->group))
		g = NULL;
	reason = psw_encap_xmit_ttl(in, pan, &r, mc->ttl,
				    g ? g->sock->sk : NULL, skb);
	if (reason)
		return reason;
	s = this_cpu_ptr(pan->mcast_stats);
	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->tx);
	u64_stats_update_end(&s->syncp);
	return PSW_DROP_UNSPEC;
}

/**
 * psw_mcast_rx() - may an arrival on a multicast group go to @pan?
 * @pan: the PAN its VNI or VSID names
 * @family: the outer header's family
 * @dst: the outer destination, a multicast group
 * @encap: how it came, PSW_ENCAP_VXLAN or PSW_ENCAP_NVGRE
 *
 * Only if it is the PAN's group, by the PAN's encapsulation (a group
 * shared by PANs never carries one PAN's frames into another), and the
 * PAN has a port here to deliver to (a vm port, or a trunk port that
 * carries it: psw_pan_has_port()). psw_mcast_rx_count() counts it
 * once it is delivered.
 *
 * Context: BH, RCU read lock held; takes no lock.
 * Return: PSW_DROP_UNSPEC, or why not.
 */
enum psw_drop_reason psw_mcast_rx(struct psw_pan *pan, u8 family,
				  const union psw_ip *dst, u8 encap)
{
	const struct psw_mcast *mc = rcu_dereference(pan->mcast);

	if (!mc || mc->family != family || mc->encap != encap ||
	    (family == AF_INET ? mc->group.ip4 != dst->ip4 :
				 !ipv6_addr_equal(&mc->group.ip6, &dst->ip6)))
		return PSW_DROP_MCAST_FOREIGN;
	if (!psw_pan_has_port(pan))
		return PSW_DROP_MCAST_NO_PORT;
	return PSW_DROP_UNSPEC;
}

/* An arrival on @pan's group goes to the PAN. BH, RCU read lock held. */
void psw_mcast_rx_count(struct psw_pan *pan)
{
	struct psw_mcast_pcpu *s = this_cpu_ptr(pan->mcast_stats);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->rx);
	u64_stats_update_end(&s->syncp);
}

static int psw_mcast_put_group(struct sk_buff *skb, const struct psw_mcast *mc)
{
	if (nla_put_u8(skb, PSW_A_ENCAP, mc->encap))
		return -EMSGSIZE;
	if (mc->family == AF_INET)
		return nla_put_in_addr(skb, PSW_A_REMOTE4, mc->group.ip4);
	return nla_put_in6_addr(skb, PSW_A_REMOTE6, &mc->group.ip6);
}

/* PSW_A_MCAST_STATS of @pan. */
static int psw_mcast_fill_stats(struct sk_buff *skb,
				const struct psw_pan *pan)
{
	u64 tx = 0, rx = 0;
	struct nlattr *nest;
	int cpu;

	for_each_possible_cpu(cpu) {
		const struct psw_mcast_pcpu *s;
		unsigned int start;
		u64 t, r;

		s = per_cpu_ptr(pan->mcast_stats, cpu);
		do {
			start = u64_stats_fetch_begin(&s->syncp);
			t = u64_stats_read(&s->tx);
			r = u64_stats_read(&s->rx);
		} while (u64_stats_fetch_retry(&s->syncp, start));
		tx += t;
		rx += r;
	}
	nest = nla_nest_start(skb, PSW_A_MCAST_STATS);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(skb, PSW_MCAST_STATS_TX, tx,
			      PSW_MCAST_STATS_PAD) ||
	    nla_put_u64_64bit(skb, PSW_MCAST_STATS_RX, rx,
			      PSW_MCAST_STATS_PAD)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * PSW_A_MCAST of @pan, if it has a group, and PSW_A_MCAST_STATS. Under
 * RTNL or RCU.
 */
int psw_mcast_fill(struct sk_buff *skb, const struct psw_pan *pan)
{
	const struct psw_mcast *mc = psw_mcast_get(pan);
	struct nlattr *nest;
	u64 since;

	if (psw_mcast_fill_stats(skb, pan))
		return -EMSGSIZE;
	if (!mc)
		return 0;
	nest = nla_nest_start(skb, PSW_A_MCAST);
	if (!nest)
		return -EMSGSIZE;
	since = get_jiffies_64() - READ_ONCE(pan->mcast_since);
	if (psw_mcast_put_group(skb, mc) ||
	    nla_put_u8(skb, PSW_A_TTL, mc->ttl) ||
	    nla_put_u8(skb, PSW_A_MCAST_JOINED,
		       !!rcu_dereference_rtnl(pan->mgroup)) ||
	    nla_put_u64_64bit(skb, PSW_A_MCAST_SINCE,
			      jiffies64_to_msecs(since), PSW_A_PAD)) {
		nla_nest_cancel(skb, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(skb, nest);
	return 0;
}

/*
 * The PAN's mcast entry (PSW_MODE_MCAST, origin PSW_ORIGIN_PAN) as an
 * entry message: {PAN, ff:ff:ff:ff:ff:ff} -> the group. @mc is the
 * PAN's group. Under RTNL or RCU.
 */
int psw_mcast_fill_entry(struct sk_buff *skb, const struct psw_pan *pan,
			 const struct psw_mcast *mc, const struct psw_msg *m)
{
	static const u8 bcast[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
	void *hdr = psw_msg_start(skb, m);

	if (!hdr)
		return -EMSGSIZE;
	if (psw_put_switch_id(skb, pan->sw) ||
	    nla_put_u32(skb, PSW_A_PAN_ID, pan->id) ||
	    nla_put(skb, PSW_A_MAC, ETH_ALEN, bcast) ||
	    nla_put_u8(skb, PSW_A_MODE, PSW_MODE_MCAST) ||
	    nla_put_u8(skb, PSW_A_ORIGIN, PSW_ORIGIN_PAN) ||
	    psw_mcast_put_group(skb, mc)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/*
 * A PAN's membership change as a PSW_CMD_MCAST_JOIN or _LEAVE message:
 * the switch, the PAN, the group and the device it is joined on (its name
 * while it exists). Under RTNL or RCU.
 */
int psw_mcast_fill_member(struct sk_buff *skb,
			  const struct psw_mcast_member *mm,
			  const struct psw_msg *m)
{
	const struct psw_mgroup *g = mm->g;
	const struct psw_pan *pan = mm->pan;
	struct net_device *dev;
	void *hdr = psw_msg_start(skb, m);
	int err;

	if (!hdr)
		return -EMSGSIZE;
	if (psw_put_switch_id(skb, pan->sw) ||
	    nla_put_u32(skb, PSW_A_PAN_ID, pan->id) ||
	    (g->family == AF_INET ?
	     nla_put_in_addr(skb, PSW_A_REMOTE4, g->group.ip4) :
	     nla_put_in6_addr(skb, PSW_A_REMOTE6, &g->group.ip6)) ||
	    nla_put_u32(skb, PSW_A_MCAST_IFINDEX, g->ifindex))
		goto cancel;
	rcu_read_lock();
	dev = dev_get_by_index_rcu(dev_net(pan->sw->dev), g->ifindex);
	err = dev ? nla_put_string(skb, PSW_A_MCAST_IFNAME, dev->name) : 0;
	rcu_read_unlock();
	if (err)
		goto cancel;
	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}
