// SPDX-License-Identifier: GPL-2.0
/*
 * Tunnel arrivals: the receive side of VXLAN, NVGRE and EtherIP.
 *
 * VXLAN (RFC 7348) arrives on a UDP tunnel socket per address family the
 * switch has a local address of, bound to the wildcard address and the
 * underlay's VXLAN port (the IPv6 one v6only). The UDP layer verifies the
 * checksum and hands each datagram to psw_vxlan_rcv() (encap_rcv); before
 * that, GRO merges the datagrams of one inner flow and one VNI, as the
 * vxlan driver does. The VNI is the PAN id. ICMP errors about VXLAN
 * packets we sent (to a remote using the same port) find the socket
 * through psw_vxlan_err_lookup(), so that the path MTU they report is
 * learnt; EtherIP's error handlers do the same for EtherIP.
 *
 * NVGRE (RFC 7637) is GRE, IP protocol 47, and the stack has no slot left
 * for it: over IPv4 gre_demux owns the protocol and dispatches on the GRE
 * version, and version 0 belongs to ip_gre; over IPv6 ip6_gre registers
 * IPPROTO_GRE itself. So NVGRE is taken before the stack's GRE handling,
 * by a netfilter hook per family at LOCAL_IN, first priority. A packet is
 * ours if it is sent to the switch's local address of its family, its
 * protocol is GRE (IPv6: the next header right after the fixed header),
 * and its GRE header is version 0 with exactly the key flag and protocol
 * 0x6558 (transparent Ethernet bridging). Everything else is accepted and
 * goes on untouched, so ip_gre/ip6_gre tunnels on other addresses, and
 * other kinds of GRE to ours, keep working. The VSID, the key's upper 24
 * bits, is the PAN id. Limits of taking NVGRE there:
 *   - IPv4 is reassembled before LOCAL_IN, IPv6 only after it (in
 *     ip6_input_finish(), unless conntrack's nf_defrag_ipv6 reassembles in
 *     PRE_ROUTING): outer IPv6 fragments are not recognised and go on to
 *     the stack (ip6_gre or an ICMPv6 parameter problem); hop-by-hop and
 *     destination options before GRE are skipped;
 *   - at first priority, arrivals are not seen by INPUT-chain rules of
 *     iptables/nftables (PRE_ROUTING rules do see them); the IPsec input
 *     policy is checked here, as the stack would before ip_gre;
 *   - a gretap device with a key on the switch's address never gets a
 *     frame: NVGRE to that address is the switch's;
 *   - ICMP errors about NVGRE packets we sent are left to the stack's GRE
 *     handling: without ip_gre/ip6_gre loaded, their path MTU is not learnt.
 *
 * EtherIP (RFC 3378), IP protocol 97, has no other user in the kernel:
 * inet and inet6 protocol handlers are registered when the module loads.
 * The header carries no PAN id: the PAN is the one whose own local address
 * (PSW_CMD_PAN_SET) the packet was sent to, in the namespace it arrived
 * in. A packet for no PAN is treated as the stack treats a protocol it has
 * no handler for: ICMP protocol unreachable, ICMPv6 parameter problem.
 *
 * Malformed arrivals (bad or truncated tunnel header, inner frame shorter
 * than an Ethernet header) and arrivals for an unknown PAN are counted on
 * the switch; a failure after the PAN is known on the switch and the PAN.
 * Then psw_tunnel_rx() gets the frame: skb->data at the inner Ethernet
 * header, outer headers pulled by iptunnel_pull_header() (which scrubs the
 * skb: no dst, no conntrack, PACKET_HOST, tunnel GSO bits cleared), and
 * the outer ECN marks carried into the inner IP header (RFC 6040).
 *
 * Lifetime: everything runs under the RCU read lock, in BH. The sockets
 * and hooks are opened and closed under RTNL by psw_decap_update() and
 * psw_decap_stop(), which find the switch through the socket's
 * sk_user_data and the hook's priv; psw_decap_stop() returns only after a
 * grace period, when no arrival can still hold the switch (see there).
 * EtherIP finds PANs through the namespace's address table, whose entries
 * go away, with a grace period, before their PAN and its switch.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/netfilter_ipv4.h>
#include <linux/netfilter_ipv6.h>
#include <net/dsfield.h>
#include <net/gre.h>
#include <net/gro.h>
#include <net/icmp.h>
#include <net/inet_ecn.h>
#include <net/ip.h>
#include <net/ip6_fib.h>
#include <net/ip6_route.h>
#include <net/ip_tunnels.h>
#include <net/ipv6.h>
#include <net/protocol.h>
#include <net/route.h>
#include <net/udp.h>
#include <net/udp_tunnel.h>
#include <net/vxlan.h>
#include <net/xfrm.h>

#include "panswitch.h"

/* GRE base header and key: no checksum, no sequence number. */
#define PSW_NVGRE_HLEN		(sizeof(struct gre_base_hdr) + sizeof(__be32))

/* Why pskb_may_pull(skb, len) failed: too short, or no memory. */
static enum psw_drop_reason psw_pull_failed(const struct sk_buff *skb,
					    unsigned int len)
{
	return skb->len < len ? PSW_DROP_BAD_TUNNEL : PSW_DROP_NOMEM;
}

/* A drop once the PAN is known: counted on the switch and the PAN. */
static void psw_decap_drop(struct psw_pan *pan, struct sk_buff *skb,
			   enum psw_drop_reason reason)
{
	psw_stats_drop(pan->stats, reason);
	psw_tunnel_drop(pan->sw, skb, reason);
}

/* The outer header's DS field; the network header is the outer one. */
static u8 psw_outer_dsfield(const struct sk_buff *skb)
{
	if (skb->protocol == htons(ETH_P_IP))
		return ip_hdr(skb)->tos;
	return ipv6_get_dsfield(ipv6_hdr(skb));
}

/*
 * RFC 6040: an outer CE or ECT(1) mark is carried into an ECN-capable
 * inner IP header (network header set). The header is written, so it is
 * made private first; an inner packet whose header cannot be goes on
 * unchanged, and so does CE over a Not-ECT inner packet, which RFC 6040
 * would have us drop: there is no drop reason for it.
 */
static void psw_decap_ecn(struct sk_buff *skb, u8 outer)
{
	unsigned int len;
	u8 inner;

	if (likely(!(outer & INET_ECN_ECT_1)))	/* Not-ECT or ECT(0) */
		return;
	if (skb->protocol == htons(ETH_P_IP))
		len = sizeof(struct iphdr);
	else if (skb->protocol == htons(ETH_P_IPV6))
		len = sizeof(struct ipv6hdr);
	else
		return;
	if (skb_ensure_writable(skb, ETH_HLEN + len))
		return;
	if (skb->protocol == htons(ETH_P_IP))
		inner = ip_hdr(skb)->tos;
	else
		inner = ipv6_get_dsfield(ipv6_hdr(skb));
	INET_ECN_decapsulate(skb, outer, inner);
}

/*
 * Hand a decapsulated frame to the switch: skb->data at the inner Ethernet
 * header, of which ETH_HLEN bytes are linear. @outer: the outer DS field.
 */
static void psw_decap_deliver(struct psw_pan *pan, struct sk_buff *skb,
			      u8 outer)
{
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, ETH_HLEN);
	skb_reset_mac_len(skb);
	/* GRO aggregates: the transport header is where the checksum starts */
	if (skb->ip_summed == CHECKSUM_PARTIAL)
		skb_set_transport_header(skb, skb_checksum_start_offset(skb));
	psw_decap_ecn(skb, outer);
	psw_tunnel_rx(pan, skb);
}

/*
 * VXLAN
 */

static u32 psw_vxlan_vni(const struct vxlanhdr *vh)
{
	return be32_to_cpu(vh->vx_vni) >> 8;
}

/* encap_rcv: skb->data at the UDP header, checksum verified. */
static int psw_vxlan_rcv(struct sock *sk, struct sk_buff *skb)
{
	struct psw_switch *sw = rcu_dereference_sk_user_data(sk);
	const struct vxlanhdr *vh;
	struct psw_pan *pan;
	u8 outer;

	if (unlikely(!sw)) {		/* the socket is being released */
		kfree_skb(skb);
		return 0;
	}
	if (unlikely(!pskb_may_pull(skb, VXLAN_HLEN))) {
		psw_tunnel_drop(sw, skb, psw_pull_failed(skb, VXLAN_HLEN));
		return 0;
	}
	vh = (const struct vxlanhdr *)(skb->data + sizeof(struct udphdr));
	/* Only the I flag is required; reserved bits are ignored (RFC 7348) */
	if (unlikely(!(vh->vx_flags & VXLAN_HF_VNI))) {
		psw_tunnel_drop(sw, skb, PSW_DROP_BAD_TUNNEL);
		return 0;
	}
	pan = psw_pan_find(sw, psw_vxlan_vni(vh));
	if (unlikely(!pan)) {
		psw_tunnel_drop(sw, skb, PSW_DROP_UNKNOWN_PAN);
		return 0;
	}
	if (unlikely(skb->len < VXLAN_HLEN + ETH_HLEN)) {
		psw_decap_drop(pan, skb, PSW_DROP_BAD_FRAME);
		return 0;
	}
	outer = psw_outer_dsfield(skb);
	if (unlikely(iptunnel_pull_header(skb, VXLAN_HLEN, htons(ETH_P_TEB),
					  !net_eq(sock_net(sk),
						  dev_net(sw->dev))))) {
		psw_decap_drop(pan, skb, PSW_DROP_NOMEM);
		return 0;
	}
	psw_decap_deliver(pan, skb, outer);
	return 0;
}

/*
 * An ICMP error quotes a VXLAN packet sent to the remote's port: 0 if it
 * is ours, so that the UDP layer applies it (path MTU, redirect) without
 * reporting it to anyone. The transport header is the quoted UDP header.
 */
static int psw_vxlan_err_lookup(struct sock *sk, struct sk_buff *skb)
{
	const struct psw_switch *sw = rcu_dereference_sk_user_data(sk);
	const struct vxlanhdr *vh;

	if (!sw)
		return -ENOENT;
	if (!pskb_may_pull(skb, skb_transport_offset(skb) + VXLAN_HLEN))
		return -EINVAL;
	vh = (const struct vxlanhdr *)(skb_transport_header(skb) +
				       sizeof(struct udphdr));
	if (!(vh->vx_flags & VXLAN_HF_VNI))
		return -EINVAL;
	return psw_pan_find(sw, psw_vxlan_vni(vh)) ? 0 : -ENOENT;
}

/*
 * GRO: merge datagrams of one VNI (and the same flags) whose inner frames
 * eth_gro_receive() finds mergeable. Datagrams without the I flag are not
 * merged; psw_vxlan_rcv() drops them.
 */
static struct sk_buff *psw_vxlan_gro_receive(struct sock *sk,
					     struct list_head *head,
					     struct sk_buff *skb)
{
	const struct vxlanhdr *vh, *vh2;
	struct sk_buff *pp = NULL;
	unsigned int hlen, off;
	struct sk_buff *p;
	int flush = 1;

	if (!rcu_dereference_sk_user_data(sk))
		goto out;
	off = skb_gro_offset(skb);
	hlen = off + sizeof(*vh);
	vh = skb_gro_header(skb, hlen, off);
	if (unlikely(!vh) || !(vh->vx_flags & VXLAN_HF_VNI))
		goto out;
	skb_gro_postpull_rcsum(skb, vh, sizeof(*vh));
	skb_gro_pull(skb, sizeof(*vh));

	list_for_each_entry(p, head, list) {
		if (!NAPI_GRO_CB(p)->same_flow)
			continue;
		vh2 = (const struct vxlanhdr *)(p->data + off);
		if (vh->vx_flags != vh2->vx_flags ||
		    vh->vx_vni != vh2->vx_vni)
			NAPI_GRO_CB(p)->same_flow = 0;
	}

	pp = call_gro_receive(eth_gro_receive, head, skb);
	flush = 0;
out:
	skb_gro_flush_final(skb, pp, flush);
	return pp;
}

static int psw_vxlan_gro_complete(struct sock *sk, struct sk_buff *skb,
				  int nhoff)
{
	/* skb->encapsulation is set: the inner MAC header gets recorded. */
	return eth_gro_complete(skb, nhoff + sizeof(struct vxlanhdr));
}

static struct socket *psw_vxlan_open(struct psw_switch *sw, u8 family,
				     u16 port, struct netlink_ext_ack *extack)
{
	struct udp_tunnel_sock_cfg cfg = {
		.sk_user_data	= sw,
		.encap_type	= 1,
		.encap_rcv	= psw_vxlan_rcv,
		.encap_err_lookup = psw_vxlan_err_lookup,
		.gro_receive	= psw_vxlan_gro_receive,
		.gro_complete	= psw_vxlan_gro_complete,
	};
	struct net *net = dev_net(sw->dev);
	struct udp_port_cfg conf = {
		.family		= family,
		.local_udp_port	= htons(port),
		.use_udp_checksums = 1,
	};
	struct socket *sock;
	int err;

	if (family == AF_INET6) {
		conf.ipv6_v6only = 1;
		conf.use_udp6_tx_checksums = 1;
		conf.use_udp6_rx_checksums = 1;	/* no zero checksums */
	}
	err = udp_sock_create(net, &conf, &sock);
	if (err < 0) {
		if (err == -EADDRINUSE)
			NL_SET_ERR_MSG(extack, "VXLAN UDP port is in use");
		else if (family == AF_INET6 && (err == -EAFNOSUPPORT ||
						err == -EPFNOSUPPORT))
			NL_SET_ERR_MSG(extack,
				       "IPv6 is disabled: no VXLAN over IPv6");
		else
			NL_SET_ERR_MSG(extack,
				       "cannot open the VXLAN UDP socket");
		return ERR_PTR(err);
	}
	/*
	 * Take tunnel GRO aggregates whole, inner UDP ones included; the UDP
	 * layer still segments GSO datagrams without the tunnel GSO bits.
	 */
	udp_allow_gso(sock->sk);
	setup_udp_tunnel_sock(net, sock, &cfg);
	return sock;
}

/*
 * NVGRE
 */

/*
 * A GRE packet to the switch's local address; @off: the length of the
 * outer IP header (skb->data is at it, in LOCAL_IN), @outer: its DS field.
 */
static unsigned int psw_nvgre_rcv(struct psw_switch *sw, struct sk_buff *skb,
				  u8 family, unsigned int off, u8 outer,
				  const struct nf_hook_state *state)
{
	const unsigned int hlen = off + PSW_NVGRE_HLEN;
	const struct gre_base_hdr *greh;
	struct psw_pan *pan;
	bool policy_ok;
	u32 vsid;

	if (unlikely(!pskb_may_pull(skb, off + sizeof(*greh)))) {
		psw_tunnel_drop(sw, skb,
				psw_pull_failed(skb, off + sizeof(*greh)));
		return NF_STOLEN;
	}
	greh = (const struct gre_base_hdr *)(skb->data + off);
	/* Version 0, key only: no checksum, routing or sequence number. */
	if (greh->flags != GRE_KEY || greh->protocol != htons(ETH_P_TEB))
		return NF_ACCEPT;

	/* Ours: what ip_local_deliver_finish() would check before ip_gre. */
	if (family == AF_INET)
		policy_ok = xfrm4_policy_check(NULL, XFRM_POLICY_IN, skb);
	else
		policy_ok = xfrm6_policy_check(NULL, XFRM_POLICY_IN, skb);
	if (!policy_ok)
		return NF_DROP;

	if (unlikely(!pskb_may_pull(skb, hlen))) {
		psw_tunnel_drop(sw, skb, psw_pull_failed(skb, hlen));
		return NF_STOLEN;
	}
	vsid = be32_to_cpu(*(const __be32 *)(skb->data + off +
					     sizeof(*greh))) >> 8;
	pan = psw_pan_find(sw, vsid);
	if (unlikely(!pan)) {
		psw_tunnel_drop(sw, skb, PSW_DROP_UNKNOWN_PAN);
		return NF_STOLEN;
	}
	if (unlikely(skb->len < hlen + ETH_HLEN)) {
		psw_decap_drop(pan, skb, PSW_DROP_BAD_FRAME);
		return NF_STOLEN;
	}
	if (unlikely(iptunnel_pull_header(skb, hlen, htons(ETH_P_TEB),
					  !net_eq(state->net,
						  dev_net(sw->dev))))) {
		psw_decap_drop(pan, skb, PSW_DROP_NOMEM);
		return NF_STOLEN;
	}
	psw_decap_deliver(pan, skb, outer);
	return NF_STOLEN;
}

/* IPv4 LOCAL_IN: reassembled, skb->data at the IP header. */
static unsigned int psw_nvgre4_hook(void *priv, struct sk_buff *skb,
				    const struct nf_hook_state *state)
{
	struct psw_switch *sw = priv;
	const struct psw_underlay *u;
	const struct iphdr *iph = ip_hdr(skb);

	if (iph->protocol != IPPROTO_GRE)
		return NF_ACCEPT;
	u = rcu_dereference(sw->underlay);
	if (!u || !u->local4 || iph->daddr != u->local4)
		return NF_ACCEPT;
	return psw_nvgre_rcv(sw, skb, AF_INET,
			     skb_network_offset(skb) + ip_hdrlen(skb),
			     iph->tos, state);
}

/*
 * IPv6 LOCAL_IN: skb->data at the IPv6 header. GRE may follow hop-by-hop
 * or destination options (Linux's ip6gretap adds a tunnel encapsulation
 * limit option by default); a fragment is left to the stack.
 */
static unsigned int psw_nvgre6_hook(void *priv, struct sk_buff *skb,
				    const struct nf_hook_state *state)
{
	struct psw_switch *sw = priv;
	const struct psw_underlay *u;
	const struct ipv6hdr *ip6h = ipv6_hdr(skb);
	unsigned int off = skb_network_offset(skb) + sizeof(*ip6h);
	u8 nexthdr = ip6h->nexthdr;
	__be16 frag_off;
	int hoff;

	if (nexthdr == NEXTHDR_DEST || nexthdr == NEXTHDR_HOP) {
		hoff = ipv6_skip_exthdr(skb, off, &nexthdr, &frag_off);
		if (hoff < 0 || frag_off)
			return NF_ACCEPT;
		off = hoff;
	}
	if (nexthdr != IPPROTO_GRE)
		return NF_ACCEPT;
	u = rcu_dereference(sw->underlay);
	if (!u || ipv6_addr_any(&u->local6) ||
	    !ipv6_addr_equal(&ip6h->daddr, &u->local6))
		return NF_ACCEPT;
	return psw_nvgre_rcv(sw, skb, AF_INET6, off, ipv6_get_dsfield(ip6h),
			     state);
}

/* Register the NVGRE hook of @pf (NFPROTO_IPV4 or NFPROTO_IPV6). */
static int psw_nvgre_open(struct psw_switch *sw, u8 pf,
			  struct netlink_ext_ack *extack)
{
	struct nf_hook_ops *ops = &sw->decap.nvgre_ops[pf == NFPROTO_IPV6];
	int err;

	memset(ops, 0, sizeof(*ops));
	ops->priv = sw;
	ops->pf = pf;
	ops->hooknum = NF_INET_LOCAL_IN;
	if (pf == NFPROTO_IPV4) {
		ops->hook = psw_nvgre4_hook;
		ops->priority = NF_IP_PRI_FIRST;
	} else {
		ops->hook = psw_nvgre6_hook;
		ops->priority = NF_IP6_PRI_FIRST;
	}
	err = nf_register_net_hook(dev_net(sw->dev), ops);
	if (err)
		NL_SET_ERR_MSG(extack, "cannot register the NVGRE receive hook");
	return err;
}

/* Does not wait for the hook's running calls; see psw_decap_stop(). */
static void psw_nvgre_close(struct psw_switch *sw, u8 pf)
{
	nf_unregister_net_hook(dev_net(sw->dev),
			       &sw->decap.nvgre_ops[pf == NFPROTO_IPV6]);
}

/*
 * EtherIP
 */

/* An EtherIP packet for @pan: skb->data at the EtherIP header. */
static void psw_etherip_rcv(struct psw_pan *pan, struct sk_buff *skb,
			    const struct net *net, u8 outer)
{
	struct psw_switch *sw = pan->sw;

	if (unlikely(!pskb_may_pull(skb, PSW_ETHERIP_HLEN))) {
		psw_tunnel_drop(sw, skb,
				psw_pull_failed(skb, PSW_ETHERIP_HLEN));
		return;
	}
	if (unlikely(*(const __be16 *)skb->data !=
		     htons(PSW_ETHERIP_VERSION))) {
		psw_tunnel_drop(sw, skb, PSW_DROP_BAD_TUNNEL);
		return;
	}
	if (unlikely(skb->len < PSW_ETHERIP_HLEN + ETH_HLEN)) {
		psw_decap_drop(pan, skb, PSW_DROP_BAD_FRAME);
		return;
	}
	if (unlikely(iptunnel_pull_header(skb, PSW_ETHERIP_HLEN,
					  htons(ETH_P_TEB),
					  !net_eq(net, dev_net(sw->dev))))) {
		psw_decap_drop(pan, skb, PSW_DROP_NOMEM);
		return;
	}
	psw_decap_deliver(pan, skb, outer);
}

/*
 * The IPsec input policy is checked here (no_policy), as the stack would
 * before calling us; an arrival for no PAN then gets what
 * ip_protocol_deliver_rcu() gives a protocol with no handler (which also
 * counts the packet as delivered, since we return 0: a negative value
 * would mean "resubmit as that protocol").
 */
static int psw_etherip4_rcv(struct sk_buff *skb)
{
	struct net *net = dev_net(skb->dev);
	const struct iphdr *iph;
	struct psw_pan *pan;
	union psw_ip dst;

	if (!xfrm4_policy_check(NULL, XFRM_POLICY_IN, skb)) {
		kfree_skb_reason(skb, SKB_DROP_REASON_XFRM_POLICY);
		return 0;
	}
	iph = ip_hdr(skb);	/* after the check, which may pull */
	memset(&dst, 0, sizeof(dst));
	dst.ip4 = iph->daddr;
	pan = psw_pan_by_addr(net, AF_INET, &dst);
	if (!pan) {
		__IP_INC_STATS(net, IPSTATS_MIB_INUNKNOWNPROTOS);
		icmp_send(skb, ICMP_DEST_UNREACH, ICMP_PROT_UNREACH, 0);
		kfree_skb_reason(skb, SKB_DROP_REASON_IP_NOPROTO);
		return 0;
	}
	psw_etherip_rcv(pan, skb, net, iph->tos);
	return 0;
}

/* ICMP errors quoting an EtherIP packet we sent: skb->data at the quote. */
static int psw_etherip4_err(struct sk_buff *skb, u32 info)
{
	const struct iphdr *iph = (const struct iphdr *)skb->data;
	struct net *net = dev_net(skb->dev);

	switch (icmp_hdr(skb)->type) {
	case ICMP_DEST_UNREACH:
		if (icmp_hdr(skb)->code == ICMP_FRAG_NEEDED)
			ipv4_update_pmtu(skb, net, info, 0, iph->protocol);
		break;
	case ICMP_REDIRECT:
		ipv4_redirect(skb, net, 0, iph->protocol);
		break;
	}
	return 0;
}

static const struct net_protocol psw_etherip4_protocol = {
	.handler	= psw_etherip4_rcv,
	.err_handler	= psw_etherip4_err,
	.no_policy	= 1,
};

#if IS_ENABLED(CONFIG_IPV6)
/*
 * As for IPv4, with what ip6_protocol_deliver_rcu() does for a next header
 * it has no handler for. A negative return means "consumed" without the
 * packet counted as delivered; a positive one would be resubmitted.
 */
static int psw_etherip6_rcv(struct sk_buff *skb)
{
	struct net *net = dev_net(skb->dev);
	const struct ipv6hdr *ip6h;
	struct inet6_dev *idev;
	struct psw_pan *pan;
	union psw_ip dst;

	if (!xfrm6_policy_check(NULL, XFRM_POLICY_IN, skb)) {
		kfree_skb_reason(skb, SKB_DROP_REASON_XFRM_POLICY);
		return -EPERM;
	}
	ip6h = ipv6_hdr(skb);	/* after the check, which may pull */
	memset(&dst, 0, sizeof(dst));
	dst.ip6 = ip6h->daddr;
	pan = psw_pan_by_addr(net, AF_INET6, &dst);
	if (!pan) {
		idev = skb_dst(skb) ? ip6_dst_idev(skb_dst(skb)) : NULL;
		__IP6_INC_STATS(net, idev, IPSTATS_MIB_INUNKNOWNPROTOS);
		icmpv6_send(skb, ICMPV6_PARAMPROB, ICMPV6_UNK_NEXTHDR,
			    IP6CB(skb)->nhoff);
		kfree_skb_reason(skb, SKB_DROP_REASON_IP_NOPROTO);
		return -EPROTONOSUPPORT;
	}
	psw_etherip_rcv(pan, skb, net, ipv6_get_dsfield(ip6h));
	return 0;
}

static int psw_etherip6_err(struct sk_buff *skb, struct inet6_skb_parm *opt,
			    u8 type, u8 code, int offset, __be32 info)
{
	struct net *net = dev_net(skb->dev);

	if (type == ICMPV6_PKT_TOOBIG)
		ip6_update_pmtu(skb, net, info, 0, 0, sock_net_uid(net, NULL));
	else if (type == NDISC_REDIRECT)
		ip6_redirect(skb, net, skb->dev->ifindex, 0,
			     sock_net_uid(net, NULL));
	return 0;
}

static const struct inet6_protocol psw_etherip6_protocol = {
	.handler	= psw_etherip6_rcv,
	.err_handler	= psw_etherip6_err,
	.flags		= INET6_PROTO_NOPOLICY | INET6_PROTO_FINAL,
};

static int psw_etherip6_add(void)
{
	return inet6_add_protocol(&psw_etherip6_protocol,
				  PSW_IPPROTO_ETHERIP);
}

static void psw_etherip6_del(void)
{
	inet6_del_protocol(&psw_etherip6_protocol, PSW_IPPROTO_ETHERIP);
}
#else
static int psw_etherip6_add(void)
{
	return 0;
}

static void psw_etherip6_del(void)
{
}
#endif

/*
 * Module and switch entry points
 */

int psw_decap_init(void)
{
	if (inet_add_protocol(&psw_etherip4_protocol, PSW_IPPROTO_ETHERIP)) {
		pr_err("IP protocol %d (EtherIP) is taken\n",
		       PSW_IPPROTO_ETHERIP);
		return -EBUSY;
	}
	if (psw_etherip6_add()) {
		pr_err("IPv6 next header %d (EtherIP) is taken\n",
		       PSW_IPPROTO_ETHERIP);
		inet_del_protocol(&psw_etherip4_protocol, PSW_IPPROTO_ETHERIP);
		return -EBUSY;
	}
	return 0;
}

/*
 * inet_del_protocol() and inet6_del_protocol() each wait for a grace
 * period (synchronize_net()): once they return, no handler is running and
 * the module's text may go.
 */
void psw_decap_exit(void)
{
	psw_etherip6_del();
	inet_del_protocol(&psw_etherip4_protocol, PSW_IPPROTO_ETHERIP);
}

/*
 * Make the receive side match @u, the underlay about to be published: a
 * VXLAN socket and an NVGRE hook for each family @u has a local address
 * of. What is needed is opened first (on a port change, sockets on the new
 * port), then what is no longer needed is closed; if opening fails, what
 * this call opened is closed again and nothing has changed. RTNL.
 */
int psw_decap_update(struct psw_switch *sw, const struct psw_underlay *u,
		     struct netlink_ext_ack *extack)
{
	struct psw_decap *d = &sw->decap;
	bool want4 = u->local4 != 0;
	bool want6 = !ipv6_addr_any(&u->local6);
	bool new_port = d->vxlan_port != u->vxlan_port;
	struct socket *sock4 = NULL, *sock6 = NULL, *old;
	bool hook4 = false, hook6 = false;
	int err;

	ASSERT_RTNL();

	if ((want4 || want6) && !u->vxlan_port) {
		NL_SET_ERR_MSG(extack, "VXLAN UDP port 0 is not valid");
		return -EINVAL;
	}

	if (want4 && (!d->vxlan4 || new_port)) {
		sock4 = psw_vxlan_open(sw, AF_INET, u->vxlan_port, extack);
		if (IS_ERR(sock4)) {
			err = PTR_ERR(sock4);
			sock4 = NULL;
			goto undo;
		}
	}
	if (want6 && (!d->vxlan6 || new_port)) {
		sock6 = psw_vxlan_open(sw, AF_INET6, u->vxlan_port, extack);
		if (IS_ERR(sock6)) {
			err = PTR_ERR(sock6);
			sock6 = NULL;
			goto undo;
		}
	}
	if (want4 && !d->nvgre4) {
		err = psw_nvgre_open(sw, NFPROTO_IPV4, extack);
		if (err)
			goto undo;
		hook4 = true;
	}
	if (want6 && !d->nvgre6) {
		err = psw_nvgre_open(sw, NFPROTO_IPV6, extack);
		if (err)
			goto undo;
		hook6 = true;
	}

	/* Everything needed is open: switch over, close the rest. */
	if (hook4) {
		d->nvgre4 = true;
	} else if (!want4 && d->nvgre4) {
		psw_nvgre_close(sw, NFPROTO_IPV4);
		d->nvgre4 = false;
	}
	if (hook6) {
		d->nvgre6 = true;
	} else if (!want6 && d->nvgre6) {
		psw_nvgre_close(sw, NFPROTO_IPV6);
		d->nvgre6 = false;
	}
	if (sock4 || !want4) {
		old = d->vxlan4;
		d->vxlan4 = sock4;
		if (old)
			udp_tunnel_sock_release(old);
	}
	if (sock6 || !want6) {
		old = d->vxlan6;
		d->vxlan6 = sock6;
		if (old)
			udp_tunnel_sock_release(old);
	}
	d->vxlan_port = d->vxlan4 || d->vxlan6 ? u->vxlan_port : 0;
	return 0;

undo:
	if (hook6)
		psw_nvgre_close(sw, NFPROTO_IPV6);
	if (hook4)
		psw_nvgre_close(sw, NFPROTO_IPV4);
	if (sock6)
		udp_tunnel_sock_release(sock6);
	if (sock4)
		udp_tunnel_sock_release(sock4);
	return err;
}

/*
 * Close everything: the switch is going away (ndo_uninit). RTNL.
 *
 * Why no arrival can hold the switch once this returns, so that the caller
 * may tear down PANs, tables and counters right away:
 *   - udp_tunnel_sock_release() clears sk_user_data, then waits for a
 *     grace period before closing the socket. encap_rcv, gro_receive and
 *     encap_err_lookup run under the RCU read lock and load sk_user_data
 *     once: a reader that got the switch has finished when the wait ends,
 *     and later ones find NULL and let the packet go (gro_complete does
 *     not use the switch);
 *   - nf_unregister_net_hook() unpublishes the hook but does not wait for
 *     the calls in progress, which run under the RCU read lock (nf_hook())
 *     with priv, the switch. The hooks go first, so the grace period of a
 *     socket release after them covers them too; with no socket to
 *     release, synchronize_net() waits for them.
 * The switch's memory itself lives on until after the synchronize_net()
 * that unregister_netdevice_many() does after ndo_uninit.
 */
void psw_decap_stop(struct psw_switch *sw)
{
	struct psw_decap *d = &sw->decap;
	bool wait = false;

	ASSERT_RTNL();

	if (d->nvgre4) {
		psw_nvgre_close(sw, NFPROTO_IPV4);
		d->nvgre4 = false;
		wait = true;
	}
	if (d->nvgre6) {
		psw_nvgre_close(sw, NFPROTO_IPV6);
		d->nvgre6 = false;
		wait = true;
	}
	if (d->vxlan4) {
		udp_tunnel_sock_release(d->vxlan4);	/* waits */
		d->vxlan4 = NULL;
		wait = false;
	}
	if (d->vxlan6) {
		udp_tunnel_sock_release(d->vxlan6);	/* waits */
		d->vxlan6 = NULL;
		wait = false;
	}
	d->vxlan_port = 0;
	if (wait)
		synchronize_net();
}
