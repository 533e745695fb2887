// SPDX-License-Identifier: GPL-2.0
/*
 * Sending through a tunnel: an Ethernet frame of a PAN is wrapped for a
 * remote and routed by the switch's network namespace.
 *
 *   VXLAN   RFC 7348: outer IP, UDP to the underlay's VXLAN port, 8-byte
 *           VXLAN header with the I flag and VNI = PAN id.
 *   NVGRE   RFC 7637: outer IP, GRE with only the K flag, protocol 0x6558
 *           and key = PAN id << 8 (VSID, FlowID 0).
 *   EtherIP RFC 3378: outer IP with protocol 97, 2-byte header (version 3).
 *           It carries no PAN id: the remote is the receiving PAN's own
 *           address and the source is the sending PAN's, if it has one;
 *           or, for a PAN in OUI form, the remote's and this switch's
 *           underlay addresses, the inner source OUI naming the PAN
 *           (checked, and a multicast destination rewritten, by
 *           etherip_oui.c).
 *
 * VXLAN and NVGRE keep GSO and checksum offload (the outer device or the
 * stack's software GSO segments after encapsulation). Linux has no GSO for
 * EtherIP, so those frames are segmented and checksummed here first; so is
 * a frame that already carries a tunnel with offload state of its own.
 *
 * A frame too big for the path gets an ICMP "fragmentation needed" or
 * ICMPv6 "packet too big" back on the port it came from when
 * skb_tunnel_check_pmtu() can build one (inner IPv4 with DF, or IPv6);
 * otherwise it is sent and the outer IP layer fragments it.
 */
#include <linux/if_vlan.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <net/dst.h>
#include <net/dst_cache.h>
#include <net/inet_ecn.h>
#include <net/ip.h>
#include <net/ip6_tunnel.h>
#include <net/ip_tunnels.h>
#include <net/ipv6.h>
#include <net/ipv6_stubs.h>
#include <net/route.h>
#include <net/udp.h>
#include <net/udp_tunnel.h>
#include <net/vxlan.h>

#include "compat.h"
#include "psw.h"

/* GRE header with the key present and nothing else (RFC 7637). */
struct psw_grehdr {
	__be16 flags;
	__be16 protocol;
	__be32 key;
};

/* One transmission: what psw_encap_xmit() works out once per frame. */
struct psw_tx {
	struct dst_entry *dst;		/* the route; a reference is held */
	struct net_device *dev;		/* tunnel stats, or NULL */
	union psw_ip saddr;
	union psw_ip daddr;
	__be32 key;			/* VNI or VSID field */
	__be16 sport;			/* VXLAN only */
	__be16 dport;			/* VXLAN only */
	unsigned int iphlen;		/* outer IP header */
	unsigned int hlen;		/* tunnel header, UDP included */
	unsigned int headroom;		/* needed in front of the frame */
	int gso_type;			/* SKB_GSO_* of the tunnel */
	u8 family;
	u8 encap;
	u8 proto;			/* outer IP protocol */
	u8 tos;
	u8 ttl;
	bool sw;			/* resolve GSO and checksums here */
	bool df;			/* DF set, never fragmented (probes) */
	struct sock *sk;		/* a group's socket (its multicast
					 * loop off), or NULL
					 */
};

/* The tunnel's parameters and its addresses; no route yet. */
static enum psw_drop_reason psw_tx_init(struct psw_tx *tx,
					const struct psw_pan *pan,
					const struct psw_remote *r)
{
	const struct psw_underlay *u = rcu_dereference(pan->sw->underlay);
	const struct psw_pan_addr *pa = NULL;

	memset(tx, 0, sizeof(*tx));
	tx->family = r->family;
	tx->encap = r->encap;
	tx->key = htonl(pan->id << 8);

	switch (r->encap) {
	case PSW_ENCAP_VXLAN:
		tx->proto = IPPROTO_UDP;
		tx->hlen = VXLAN_HLEN;
		/* IPv4: zero UDP checksum; IPv6: a real one. */
		tx->gso_type = r->family == AF_INET6 ?
			       SKB_GSO_UDP_TUNNEL_CSUM : SKB_GSO_UDP_TUNNEL;
		if (u)
			tx->dport = htons(u->vxlan_port);
		break;
	case PSW_ENCAP_NVGRE:
		tx->proto = IPPROTO_GRE;
		tx->hlen = sizeof(struct psw_grehdr);
		tx->gso_type = SKB_GSO_GRE;
		break;
	case PSW_ENCAP_IPIP:
		tx->proto = PSW_IPPROTO_ETHERIP;
		tx->hlen = PSW_ETHERIP_HLEN;
		tx->sw = true;
		break;
	default:
		return PSW_DROP_TX_ERROR;
	}

	switch (r->family) {
	case AF_INET:
		tx->iphlen = sizeof(struct iphdr);
		tx->daddr.ip4 = r->ip.ip4;
		if (r->encap == PSW_ENCAP_IPIP)
			pa = rcu_dereference(pan->addr[0]);
		if (pa)
			tx->saddr.ip4 = pa->key.ip.ip4;
		else if (u)
			tx->saddr.ip4 = u->local4;
		if (!tx->saddr.ip4)
			return PSW_DROP_NO_LOCAL;
		break;
	case AF_INET6:
		tx->iphlen = sizeof(struct ipv6hdr);
		tx->daddr.ip6 = r->ip.ip6;
		if (r->encap == PSW_ENCAP_IPIP)
			pa = rcu_dereference(pan->addr[1]);
		if (pa)
			tx->saddr.ip6 = pa->key.ip.ip6;
		else if (u)
			tx->saddr.ip6 = u->local6;
		if (ipv6_addr_any(&tx->saddr.ip6))
			return PSW_DROP_NO_LOCAL;
		break;
	default:
		return PSW_DROP_TX_ERROR;
	}
	return PSW_DROP_UNSPEC;
}

/*
 * Make the inner IPv4 or IPv6 header linear: its ECN bits are copied out
 * and skb_tunnel_check_pmtu() reads it to build an ICMP error. Returns 1
 * if the frame carries one, 0 if it does not (or is too short to), or
 * -ENOMEM.
 */
static int psw_inner_pull(struct sk_buff *skb)
{
	unsigned int len;

	switch (skb->protocol) {
	case htons(ETH_P_IP):
		len = sizeof(struct iphdr);
		break;
	case htons(ETH_P_IPV6):
		len = sizeof(struct ipv6hdr);
		break;
	default:
		return 0;
	}
	if (skb->len < skb_network_offset(skb) + len)
		return 0;
	return pskb_network_may_pull(skb, len) ? 1 : -ENOMEM;
}

/*
 * Does the namespace hash multipath routes of @family by L4 ports
 * (fib_multipath_hash_policy 1, or 3 with fields that may include them)?
 * Then each VXLAN flow's source port may pick another next hop.
 */
static bool psw_multipath_l4(const struct net *net, u8 family)
{
	int policy;

	if (family == AF_INET6) {
		policy = ip6_multipath_hash_policy(net);
	} else {
#ifdef CONFIG_IP_ROUTE_MULTIPATH
		policy = READ_ONCE(net->ipv4.sysctl_fib_multipath_hash_policy);
#else
		policy = 0;
#endif
	}
	return policy == 1 || policy == 3;
}

/*
 * May this frame take its route from the remote's cache (struct
 * psw_remote.route)? The cache holds the route of a flow with no mark
 * and, for VXLAN, whatever source port filled it. So not with a mark
 * (policy routing may route it elsewhere; vxlan does the same), nor for
 * VXLAN where multipath routes are hashed by L4 ports: a route per flow
 * keeps the flows spread over the next hops (vxlan pins them all to the
 * next hop of the flow that filled its cache).
 */
static bool psw_route_cached(const struct net *net, const struct sk_buff *skb,
			     const struct psw_tx *tx)
{
	if (skb->mark)
		return false;
	return tx->encap != PSW_ENCAP_VXLAN ||
	       !psw_multipath_l4(net, tx->family);
}

/*
 * The route to the remote: from @route, the remote's per-CPU cache, if it
 * has one that is still valid (dst_cache checks dst->obsolete and the
 * route's ->check(), so a replaced or deleted route, a device gone down
 * or a PMTU exception is looked up again) and was looked up from the same
 * source address; else from the FIB, and then cached.
 */
static enum psw_drop_reason psw_route4(struct net *net,
				       const struct net_device *swdev,
				       const struct sk_buff *skb,
				       struct psw_tx *tx,
				       struct dst_cache *route)
{
	struct flowi4 fl4 = {
		.daddr = tx->daddr.ip4,
		.saddr = tx->saddr.ip4,
		.flowi4_proto = tx->proto,
		.flowi4_mark = skb->mark,
	};
	bool cached = route && psw_route_cached(net, skb, tx);
	struct rtable *rt;
	__be32 saddr;

	if (cached) {
		rt = dst_cache_get_ip4(route, &saddr);
		if (likely(rt && saddr == tx->saddr.ip4))
			goto found;
		if (rt)
			ip_rt_put(rt);
	}
	if (tx->encap == PSW_ENCAP_VXLAN) {
		fl4.fl4_sport = tx->sport;
		fl4.fl4_dport = tx->dport;
	}
	rt = ip_route_output_key(net, &fl4);
	if (IS_ERR(rt))
		return PSW_DROP_NO_ROUTE;
	if (unlikely(rt->dst.dev == swdev)) {
		ip_rt_put(rt);
		return PSW_DROP_NO_ROUTE;
	}
	if (cached)
		dst_cache_set_ip4(route, &rt->dst, tx->saddr.ip4);
found:
	tx->dst = &rt->dst;
	tx->ttl = ip4_dst_hoplimit(&rt->dst);
	return PSW_DROP_UNSPEC;
}

static enum psw_drop_reason psw_route6(struct net *net,
				       const struct net_device *swdev,
				       const struct sk_buff *skb,
				       struct psw_tx *tx,
				       struct dst_cache *route)
{
	struct flowi6 fl6 = {
		.daddr = tx->daddr.ip6,
		.saddr = tx->saddr.ip6,
		.flowi6_proto = tx->proto,
		.flowi6_mark = skb->mark,
	};
	bool cached = route && psw_route_cached(net, skb, tx);
	struct dst_entry *dst;
	struct in6_addr saddr;

	if (cached) {
		dst = dst_cache_get_ip6(route, &saddr);
		if (likely(dst && ipv6_addr_equal(&saddr, &tx->saddr.ip6)))
			goto found;
		dst_release(dst);
	}
	if (tx->encap == PSW_ENCAP_VXLAN) {
		fl6.fl6_sport = tx->sport;
		fl6.fl6_dport = tx->dport;
	}
	dst = ipv6_stub->ipv6_dst_lookup_flow(net, NULL, &fl6, NULL);
	if (IS_ERR(dst))
		return PSW_DROP_NO_ROUTE;
	if (unlikely(dst->dev == swdev)) {
		dst_release(dst);
		return PSW_DROP_NO_ROUTE;
	}
	if (cached)
		dst_cache_set_ip6(route, dst, &tx->saddr.ip6);
found:
	tx->dst = dst;
	tx->ttl = ip6_dst_hoplimit(dst);
	return PSW_DROP_UNSPEC;
}

/*
 * skb_tunnel_check_pmtu() turned the frame into an ICMP error addressed
 * to its sender, Ethernet header included: send it back where the frame
 * came from.
 */
static void psw_pmtu_reply(const struct psw_port *in,
			   const struct psw_pan *pan, struct sk_buff *skb)
{
	u16 vid;

	if (!in) {
		psw_kfree_skb(skb, PSW_DROP_FRAG_NEEDED);
		return;
	}
	/* Back to a trunk: tagged as its PAN's frames are (tenant.c). */
	vid = in->role == PSW_PORT_ROLE_TRUNK ? psw_trunk_vid(in, pan) : 0;
	if (vid)
		__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q), vid);
	else
		__vlan_hwaccel_clear_tag(skb);
	/* Older kernels leave the GSO state of the original frame. */
	if (skb_is_gso(skb))
		skb_gso_reset(skb);
	/* Back to a tep port: with its PAN's VNID tag (tep.c). */
	if (in->role == PSW_PORT_ROLE_TEP && psw_tep_push(in, pan, skb)) {
		psw_kfree_skb(skb, PSW_DROP_NOMEM);
		return;
	}
	skb->dev = in->dev;
	dev_queue_xmit(skb);
}

/* Push the tunnel header (UDP comes later, from the UDP tunnel helpers). */
static void psw_push_tunnel_hdr(struct sk_buff *skb, const struct psw_tx *tx)
{
	struct vxlanhdr *vxh;
	struct psw_grehdr *greh;
	__be16 *eiph;

	switch (tx->encap) {
	case PSW_ENCAP_VXLAN:
		vxh = __skb_push(skb, sizeof(*vxh));
		vxh->vx_flags = VXLAN_HF_VNI;
		vxh->vx_vni = tx->key;
		break;
	case PSW_ENCAP_NVGRE:
		greh = __skb_push(skb, sizeof(*greh));
		greh->flags = GRE_KEY;
		greh->protocol = htons(ETH_P_TEB);
		greh->key = tx->key;
		/* GRE GSO finds the GRE header here. */
		skb_reset_transport_header(skb);
		break;
	case PSW_ENCAP_IPIP:
		eiph = __skb_push(skb, PSW_ETHERIP_HLEN);
		*eiph = htons(PSW_ETHERIP_VERSION);
		skb_reset_transport_header(skb);
		break;
	}
}

/* Outer IPv6 header for NVGRE and EtherIP. Consumes tx->dst. */
static void psw_ip6_xmit(struct sk_buff *skb, const struct psw_tx *tx)
{
	struct ipv6hdr *ip6h;
	unsigned int len;

	skb_dst_set(skb, tx->dst);
	len = skb->len;
	__skb_push(skb, sizeof(*ip6h));
	skb_reset_network_header(skb);
	ip6h = ipv6_hdr(skb);
	ip6_flow_hdr(ip6h, tx->tos, 0);
	ip6h->payload_len = htons(len <= IPV6_MAXPLEN ? len : 0);
	ip6h->nexthdr = tx->proto;
	ip6h->hop_limit = tx->ttl;
	ip6h->saddr = tx->saddr.ip6;
	ip6h->daddr = tx->daddr.ip6;
	ip6tunnel_xmit(tx->sk, skb, tx->dev);
}

/*
 * Encapsulate one frame and hand it to the IP output path. Consumes @skb
 * and one reference on tx->dst.
 */
static enum psw_drop_reason psw_xmit_one(struct sk_buff *skb,
					 struct psw_tx *tx)
{
	if (tx->sw) {
		if (skb->ip_summed == CHECKSUM_PARTIAL &&
		    skb_checksum_help(skb))
			goto nomem;
		skb->encapsulation = 0;
	}
	if (skb_cow_head(skb, tx->headroom))
		goto nomem;
	skb_reset_mac_header(skb);
	if (iptunnel_handle_offloads(skb, tx->gso_type))
		goto nomem;
	skb_set_inner_protocol(skb, htons(ETH_P_TEB));
	psw_push_tunnel_hdr(skb, tx);

	/*
	 * The tunnel helpers count on skb->dev's tstats: the switch device,
	 * never the ingress port (whose per-CPU stats are of another type).
	 */
	skb->dev = tx->dev;

	if (tx->family == AF_INET) {
		struct rtable *rt = container_of(tx->dst, struct rtable, dst);

		if (tx->encap == PSW_ENCAP_VXLAN)
			udp_tunnel_xmit_skb(rt, tx->sk, skb, tx->saddr.ip4,
					    tx->daddr.ip4, tx->tos, tx->ttl,
					    tx->df ? htons(IP_DF) : 0,
					    tx->sport, tx->dport, false, true);
		else
			iptunnel_xmit(tx->sk, rt, skb, tx->saddr.ip4,
				      tx->daddr.ip4, tx->proto, tx->tos,
				      tx->ttl, tx->df ? htons(IP_DF) : 0,
				      false);
		return PSW_DROP_UNSPEC;
	}

	skb_scrub_packet(skb, false);
	/* Like IPv4 with DF clear: what could not be refused is fragmented. */
	skb->ignore_df = !tx->df;
	if (tx->encap == PSW_ENCAP_VXLAN)
		udp_tunnel6_xmit_skb(tx->dst, tx->sk, skb, tx->dev,
				     &tx->saddr.ip6, &tx->daddr.ip6, tx->tos,
				     tx->ttl, 0, tx->sport, tx->dport, false);
	else
		psw_ip6_xmit(skb, tx);
	return PSW_DROP_UNSPEC;

nomem:
	dst_release(tx->dst);
	psw_kfree_skb(skb, PSW_DROP_NOMEM);
	return PSW_DROP_NOMEM;
}

/*
 * Segment a GSO frame in software and send each segment. Consumes @skb;
 * the caller keeps its reference on tx->dst. Succeeds if any segment went.
 */
static enum psw_drop_reason psw_xmit_segs(struct sk_buff *skb,
					  struct psw_tx *tx)
{
	enum psw_drop_reason reason = PSW_DROP_TX_ERROR, ret;
	struct sk_buff *segs, *seg, *next;
	bool sent = false;

	segs = skb_gso_segment(skb, NETIF_F_SG);
	if (IS_ERR_OR_NULL(segs)) {
		if (PTR_ERR(segs) == -ENOMEM)
			reason = PSW_DROP_NOMEM;
		psw_kfree_skb(skb, reason);
		return reason;
	}
	consume_skb(skb);

	skb_list_walk_safe(segs, seg, next) {
		skb_mark_not_on_list(seg);
		dst_hold(tx->dst);
		ret = psw_xmit_one(seg, tx);
		if (ret)
			reason = ret;
		else
			sent = true;
	}
	return sent ? PSW_DROP_UNSPEC : reason;
}

/**
 * psw_encap_xmit_ttl() - encapsulate a frame of @pan toward @r and send it
 * @in:  the vm or trunk port the frame came from, for an ICMP error; may
 *       be NULL
 * @pan: the frame's PAN
 * @r:   the remote, or a multicast group
 * @ttl: the outer TTL or hop limit; 0: the route's
 * @sk:  the socket to send through (a group's: its multicast loop off),
 *       or NULL
 * @skb: the frame, data at its Ethernet header, network header at its L3
 *       header; not shared, may be a clone
 *
 * Context: BH, RCU read lock held (which keeps @sk). Always consumes
 * @skb.
 *
 * Return: 0 (PSW_DROP_UNSPEC) if the frame was handed to the IP output
 * path, else why it was dropped; the caller counts it.
 */
enum psw_drop_reason psw_encap_xmit_ttl(const struct psw_port *in,
					struct psw_pan *pan,
					const struct psw_remote *r, u8 ttl,
					struct sock *sk, struct sk_buff *skb)
{
	struct net_device *swdev = pan->sw->dev;
	struct net *net = dev_net(swdev);
	enum psw_drop_reason reason;
	unsigned int overhead;
	struct psw_tx tx;
	int inner, err;

	reason = psw_tx_init(&tx, pan, r);
	if (reason)
		goto drop;
	/* EtherIP in OUI form: the source OUI is the tenant (etherip_oui.c) */
	if (tx.encap == PSW_ENCAP_ETHERIP &&
	    READ_ONCE(pan->etherip) == PSW_ETHERIP_OUI) {
		reason = psw_etherip_oui_tx(pan, skb);
		if (reason)
			goto drop;
	}

	inner = psw_inner_pull(skb);
	if (unlikely(inner < 0)) {
		reason = PSW_DROP_NOMEM;
		goto drop;
	}
	if (inner)
		tx.tos = ip_tunnel_ecn_encap(0, ip_hdr(skb), skb);
	if (tx.encap == PSW_ENCAP_VXLAN)
		tx.sport = udp_flow_src_port(net, skb, 0, 0, true);
	/* A tunnel in the frame: Linux offloads one level only. */
	if (skb->encapsulation)
		tx.sw = true;

	if (tx.family == AF_INET)
		reason = psw_route4(net, swdev, skb, &tx, r->route);
	else
		reason = psw_route6(net, swdev, skb, &tx, r->route);
	if (reason)
		goto drop;
	if (ttl)
		tx.ttl = ttl;
	tx.sk = sk;

	/*
	 * Everything in front of the inner L3 header, a VLAN tag still to be
	 * pushed inside, outer IP and tunnel headers.
	 */
	overhead = skb_network_offset(skb) + tx.iphlen + tx.hlen;
	if (skb_vlan_tag_present(skb))
		overhead += VLAN_HLEN;
	/*
	 * Some kernels build no ICMP error for a PACKET_HOST frame; one
	 * addressed to the ingress port's own MAC is forwarded all the same.
	 */
	if (skb->pkt_type == PACKET_HOST)
		skb->pkt_type = PACKET_OTHERHOST;
	err = skb_tunnel_check_pmtu(skb, tx.dst, overhead, inner > 0);
	if (unlikely(err)) {
		dst_release(tx.dst);
		if (err > 0) {
			psw_pmtu_reply(in, pan, skb);
			return PSW_DROP_FRAG_NEEDED;
		}
		reason = err == -ENOMEM ? PSW_DROP_NOMEM : PSW_DROP_TX_ERROR;
		goto drop;
	}

	if (skb_vlan_tag_present(skb)) {
		skb = __vlan_hwaccel_push_inside(skb);
		if (unlikely(!skb)) {
			dst_release(tx.dst);
			return PSW_DROP_NOMEM;
		}
	}

	tx.headroom = LL_RESERVED_SPACE(tx.dst->dev) + tx.dst->header_len +
		      tx.iphlen + tx.hlen;
	tx.dev = swdev->tstats ? swdev : NULL;

	if (tx.sw && skb_is_gso(skb)) {
		reason = psw_xmit_segs(skb, &tx);
		dst_release(tx.dst);
		return reason;
	}
	return psw_xmit_one(skb, &tx);

drop:
	psw_kfree_skb(skb, reason);
	return reason;
}

/* psw_encap_xmit_ttl() with the route's TTL and no socket. */
enum psw_drop_reason psw_encap_xmit(const struct psw_port *in,
				    struct psw_pan *pan,
				    const struct psw_remote *r,
				    struct sk_buff *skb)
{
	return psw_encap_xmit_ttl(in, pan, r, 0, NULL, skb);
}

/**
 * psw_encap_xmit_probe() - send a probe or its answer (probe.c)
 * @sw:    the switch
 * @family: the remote's family
 * @dst:   the remote's underlay address
 * @encap: the encapsulation: VXLAN and NVGRE with id PSW_PROBE_ID, EtherIP
 *         from the switch's underlay address to the remote's
 * @skb:   the inner frame, linear, no offload state
 *
 * DF set (IPv6: not fragmented): a probe that does not fit the path is
 * dropped, not fragmented. Context: BH, RCU read lock held. Consumes @skb.
 *
 * Return: 0 if it was handed to the IP output path, else why not.
 */
enum psw_drop_reason psw_encap_xmit_probe(struct psw_switch *sw, u8 family,
					  const union psw_ip *dst, u8 encap,
					  struct sk_buff *skb)
{
	const struct psw_underlay *u = rcu_dereference(sw->underlay);
	struct net *net = dev_net(sw->dev);
	enum psw_drop_reason reason = PSW_DROP_NO_LOCAL;
	struct psw_tx tx;

	memset(&tx, 0, sizeof(tx));
	tx.family = family;
	tx.encap = encap;
	tx.key = htonl(PSW_PROBE_ID << 8);
	tx.sw = true;
	tx.df = true;
	switch (encap) {
	case PSW_ENCAP_VXLAN:
		tx.proto = IPPROTO_UDP;
		tx.hlen = VXLAN_HLEN;
		tx.gso_type = family == AF_INET6 ? SKB_GSO_UDP_TUNNEL_CSUM :
						   SKB_GSO_UDP_TUNNEL;
		tx.dport = htons(u->vxlan_port);
		tx.sport = htons(u->vxlan_port);
		break;
	case PSW_ENCAP_NVGRE:
		tx.proto = IPPROTO_GRE;
		tx.hlen = sizeof(struct psw_grehdr);
		tx.gso_type = SKB_GSO_GRE;
		break;
	default:
		tx.proto = PSW_IPPROTO_ETHERIP;
		tx.hlen = PSW_ETHERIP_HLEN;
		break;
	}
	if (family == AF_INET) {
		tx.iphlen = sizeof(struct iphdr);
		tx.daddr.ip4 = dst->ip4;
		tx.saddr.ip4 = u->local4;
		if (!tx.saddr.ip4)
			goto drop;
		reason = psw_route4(net, sw->dev, skb, &tx, NULL);
	} else {
		tx.iphlen = sizeof(struct ipv6hdr);
		tx.daddr.ip6 = dst->ip6;
		tx.saddr.ip6 = u->local6;
		if (ipv6_addr_any(&tx.saddr.ip6))
			goto drop;
		reason = psw_route6(net, sw->dev, skb, &tx, NULL);
	}
	if (reason)
		goto drop;
	tx.headroom = LL_RESERVED_SPACE(tx.dst->dev) + tx.dst->header_len +
		      tx.iphlen + tx.hlen;
	tx.dev = sw->dev->tstats ? sw->dev : NULL;
	return psw_xmit_one(skb, &tx);
drop:
	kfree_skb(skb);
	return reason;
}
