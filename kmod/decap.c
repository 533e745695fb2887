// SPDX-License-Identifier: GPL-2.0
/*
 * Tunnel arrivals: the receive side of VXLAN, NVGRE and EtherIP.
 *
 * VXLAN (RFC 7348) arrives on a UDP tunnel socket per address family the
 * switch has a local address of, bound to that address (IP_FREEBIND: it
 * may be assigned later) and the underlay's VXLAN port (the IPv6 one
 * v6only). The UDP layer verifies the checksum and hands each datagram to
 * psw_vxlan_rcv() (encap_rcv); before that, GRO merges the datagrams of
 * one inner flow and one VNI, as the vxlan driver does. The VNI is the
 * PAN id. ICMP errors about VXLAN packets we sent (to a remote using the
 * same port) find the socket through psw_vxlan_err_lookup(), so that the
 * path MTU they report is learnt; EtherIP's error handlers do the same.
 *
 * NVGRE (RFC 7637) is GRE, IP protocol 47, which the stack's ip_gre and
 * ip6_gre own (gre_demux gives GRE version 0 to ip_gre; ip6_gre registers
 * IPPROTO_GRE itself). So NVGRE is taken where Open vSwitch takes it: from
 * the namespace's collect-metadata ("external") gretap and ip6gretap
 * devices, one per family, shared by the namespace's switches, whose
 * rx_handler is ours (psw_nvgre_frame()). The stack's tunnel lookup
 * (ip_tunnel_lookup(), ip6gre_tunnel_lookup()) prefers every configured
 * tunnel to the collect-metadata device, so an operator's own gretap
 * tunnels keep their packets; and packets reach the device only after the
 * stack's INPUT hooks, IPsec policy, reassembly and extension headers
 * (a routing header with segments left is forwarded, not delivered). The
 * outer destination says which switch a packet is for; the VSID, the
 * key's upper 24 bits, is the PAN. The kernel creates the gretap device
 * (gretap_fb_dev_create(), PSW_NVGRE4_IFNAME); ip6_gre exports no such
 * function, so the ip6gretap one (PSW_NVGRE6_IFNAME) is created over
 * rtnetlink by the client and adopted here. A device exists while a switch
 * of the namespace has a local address of its family, and is deleted with
 * the last one.
 *
 * EtherIP (RFC 3378), IP protocol 97, has no other user in the kernel:
 * inet and inet6 protocol handlers are registered when the module loads.
 * The header carries no PAN id: the PAN is the one whose own local address
 * (PSW_CMD_PAN_SET) the packet was sent to, in the namespace it arrived
 * in. A packet for no PAN is treated as the stack treats a protocol it has
 * no handler for: ICMP protocol unreachable, ICMPv6 parameter problem.
 *
 * Who may send (see Documentation/trust.md): nothing this host sent itself
 * (a source address of the host's in the switch's namespace, or an arrival
 * on a loopback device: local_source), no unicast packet that came in an
 * Ethernet broadcast or multicast frame (unicast_in_l2_mcast), and, unless
 * the PAN accepts any source, only a remote configured for the PAN: the
 * outer source address must be in the PAN's accepted remotes (trust.c),
 * else unknown_remote. The GRE devices do not pass on the ingress device
 * or the outer frame's packet type, so NVGRE gets the source address
 * check only.
 *
 * Malformed arrivals (bad or truncated tunnel header, inner frame shorter
 * than an Ethernet header), arrivals from this host or in a broadcast
 * frame, and arrivals for an unknown PAN are counted on the switch; a
 * drop after the PAN is known on the switch and the PAN. Then
 * psw_tunnel_rx() gets the frame: skb->data at the inner Ethernet header,
 * outer headers pulled (iptunnel_pull_header(), which scrubs the skb: no
 * dst, no conntrack, PACKET_HOST, tunnel GSO bits cleared; the GRE devices
 * do the same), and the outer ECN marks carried into the inner IP header
 * (RFC 6040; the GRE devices do that themselves).
 *
 * Lifetime: everything runs under the RCU read lock, in BH. The sockets
 * are opened and closed under RTNL by psw_decap_update() and
 * psw_decap_stop() and find the switch through sk_user_data. The NVGRE
 * devices find it in the namespace's RCU list of switches, which the
 * switch leaves before psw_decap_stop(), and psw_decap_stop() returns only
 * after a grace period, when no arrival can still hold the switch (see
 * there). EtherIP finds PANs through the namespace's address table, whose
 * entries go away, with a grace period, before their PAN and its switch,
 * and checks that the switch is up (unregistering closes it and waits a
 * grace period before ndo_uninit) before it touches the switch's tables.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/etherdevice.h>
#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <linux/inetdevice.h>
#include <net/addrconf.h>
#include <net/dsfield.h>
#include <net/dst_metadata.h>
#include <net/gre.h>
#include <net/gro.h>
#include <net/icmp.h>
#include <net/inet_ecn.h>
#include <net/ip.h>
#include <net/ip6_fib.h>
#include <net/ip6_route.h>
#include <net/ip6_tunnel.h>
#include <net/ip_tunnels.h>
#include <net/ipv6.h>
#include <net/protocol.h>
#include <net/route.h>
#include <net/rtnetlink.h>
#include <net/udp.h>
#include <net/udp_tunnel.h>
#include <net/vxlan.h>
#include <net/xfrm.h>

#include "compat.h"
#include "psw.h"

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

/*
 * Who sent an arrival, before its tunnel header is looked at: not this
 * host (a source address of its own in @net, or, when the ingress device
 * @dev is known, a loopback device), and no unicast packet (every outer
 * destination here is one of the switch's unicast addresses) that came in
 * an Ethernet broadcast or multicast frame. Counted on the switch only.
 */
static enum psw_drop_reason psw_check_sender(const struct sk_buff *skb,
					     const struct net_device *dev,
					     struct net *net, u8 family,
					     const union psw_ip *src)
{
	if (dev) {
		if (unlikely(dev->flags & IFF_LOOPBACK))
			return PSW_DROP_LOCAL_SOURCE;
		if (unlikely(skb->pkt_type == PACKET_BROADCAST ||
			     skb->pkt_type == PACKET_MULTICAST))
			return PSW_DROP_UNICAST_IN_L2_MCAST;
	}
	if (family == AF_INET ? !!__ip_dev_find(net, src->ip4, false) :
				ipv6_chk_addr(net, &src->ip6, NULL, 0))
		return PSW_DROP_LOCAL_SOURCE;
	return PSW_DROP_UNSPEC;
}

/* May @src send to @pan? Its remotes may, or anyone if it accepts any. */
static bool psw_remote_ok(const struct psw_pan *pan, u8 family,
			  const union psw_ip *src)
{
	return READ_ONCE(pan->accept) == PSW_ACCEPT_ANY ||
	       psw_trust_lookup(pan->sw, pan->id, family, src);
}

/* The outer source address of a packet whose network header is outer. */
static void psw_outer_src(const struct sk_buff *skb, u8 family,
			  union psw_ip *src)
{
	memset(src, 0, sizeof(*src));
	if (family == AF_INET)
		src->ip4 = ip_hdr(skb)->saddr;
	else
		src->ip6 = ipv6_hdr(skb)->saddr;
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

/**
 * psw_decap_deliver() - hand a decapsulated frame to its PAN
 * @pan: the PAN the outer header named, its sender already accepted
 *       (psw_remote_ok())
 * @skb: the inner frame, skb->data at its Ethernet header, of which
 *       ETH_HLEN bytes are linear
 * @outer: the outer header's DS field, for ECN
 *
 * The common end of the three receive paths (VXLAN encap_rcv, the NVGRE
 * devices' rx handler, the EtherIP protocol handlers): sets the inner
 * headers, decapsulates ECN and passes the frame to psw_tunnel_rx().
 *
 * Context: BH, RCU read lock held; takes no lock. Consumes @skb.
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
	enum psw_drop_reason reason;
	const struct vxlanhdr *vh;
	struct psw_pan *pan;
	union psw_ip src;
	u8 family, outer;

	if (unlikely(!sw)) {		/* the socket is being released */
		kfree_skb(skb);
		return 0;
	}
	family = sk->sk_family;
	psw_outer_src(skb, family, &src);
	reason = psw_check_sender(skb, skb->dev, sock_net(sk), family, &src);
	if (unlikely(reason)) {
		psw_tunnel_drop(sw, skb, reason);
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
	if (unlikely(!psw_remote_ok(pan, family, &src))) {
		psw_decap_drop(pan, skb, PSW_DROP_UNKNOWN_REMOTE);
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
	int outer = skb_network_offset(skb);	/* the outer IP header */
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
	psw_gro_outer_nh(skb, outer);
	flush = 0;
out:
	skb_gro_flush_final(skb, pp, flush);
	return pp;
}

static int psw_vxlan_gro_complete(struct sock *sk, struct sk_buff *skb,
				  int nhoff)
{
	psw_gro_inner_nh(skb, nhoff + sizeof(struct vxlanhdr));
	/* skb->encapsulation is set: the inner MAC header gets recorded. */
	return eth_gro_complete(skb, nhoff + sizeof(struct vxlanhdr));
}

/*
 * A kernel UDP socket of @family bound to @local (IP_FREEBIND: the address
 * need not be assigned yet) and @port, with UDP checksums (IPv6: sent,
 * and required on receive), the IPv6 one v6only. udp_sock_create() has no
 * freebind, hence our own.
 */
static int psw_udp_sock(struct net *net, u8 family, const union psw_ip *local,
			u16 port, struct socket **sockp)
{
	struct sockaddr_storage ss = {};
	struct sockaddr_in6 *sin6 = (struct sockaddr_in6 *)&ss;
	struct sockaddr_in *sin = (struct sockaddr_in *)&ss;
	struct socket *sock;
	int len, err;

	err = sock_create_kern(net, family, SOCK_DGRAM, 0, &sock);
	if (err < 0)
		return err;
	ip_sock_set_freebind(sock->sk);
	if (family == AF_INET6) {
		err = ip6_sock_set_v6only(sock->sk);
		if (err < 0)
			goto fail;
		sin6->sin6_family = AF_INET6;
		sin6->sin6_addr = local->ip6;
		sin6->sin6_port = htons(port);
		len = sizeof(*sin6);
	} else {
		sin->sin_family = AF_INET;
		sin->sin_addr.s_addr = local->ip4;
		sin->sin_port = htons(port);
		len = sizeof(*sin);
	}
	err = kernel_bind(sock, (struct sockaddr *)&ss, len);
	if (err < 0)
		goto fail;
	if (family == AF_INET6) {
		udp_set_no_check6_tx(sock->sk, false);
		udp_set_no_check6_rx(sock->sk, false);	/* no zero checksums */
	} else {
		sock->sk->sk_no_check_tx = 0;
	}
	*sockp = sock;
	return 0;
fail:
	kernel_sock_shutdown(sock, SHUT_RDWR);
	sock_release(sock);
	return err;
}

static struct socket *psw_vxlan_open(struct psw_switch *sw, u8 family,
				     const union psw_ip *local, u16 port,
				     struct netlink_ext_ack *extack)
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
	struct socket *sock;
	int err;

	err = psw_udp_sock(net, family, local, port, &sock);
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

static bool psw_dev_kind(const struct net_device *dev, const char *kind)
{
	return dev->rtnl_link_ops && !strcmp(dev->rtnl_link_ops->kind, kind);
}

/*
 * The switch of @net whose local address of @family is @ip, or NULL. The
 * packet path (RCU): switches are few per namespace, so a walk.
 */
static struct psw_switch *psw_switch_by_local(struct net *net, u8 family,
					      const union psw_ip *ip)
{
	const struct psw_underlay *u;
	struct psw_switch *sw;

	list_for_each_entry_rcu(sw, &psw_net(net)->switches, node) {
		u = rcu_dereference(sw->underlay);
		if (!u)
			continue;
		if (family == AF_INET ? u->local4 == ip->ip4 :
					ipv6_addr_equal(&u->local6, &ip->ip6))
			return sw;
	}
	return NULL;
}

/*
 * Was the GRE header just taken off exactly K, protocol 0x6558 and @key?
 * ip_gre hands on the key (and drops checksummed GRE: the device's
 * i_flags have no checksum) but not the sequence flag, and ip6_gre gives
 * the ip6gretap device every GRE protocol but ERSPAN; the header itself
 * says. ip_gre and ip6_gre pull it right before the inner frame, and
 * whatever reallocates an skb head on the way (pskb_expand_head()) keeps
 * the headroom, so it is the 8 bytes before the inner Ethernet header.
 */
static bool psw_nvgre_hdr_ok(const struct sk_buff *skb, __be32 key)
{
	const u8 *p = skb_mac_header(skb) - PSW_NVGRE_HLEN;
	const struct gre_base_hdr *greh = (const struct gre_base_hdr *)p;

	if (!skb_mac_header_was_set(skb) ||
	    skb_mac_header(skb) - skb->head < PSW_NVGRE_HLEN)
		return false;
	return greh->flags == GRE_KEY && greh->protocol == htons(ETH_P_TEB) &&
	       get_unaligned((const __be32 *)(p + sizeof(*greh))) == key;
}

/* What the GRE device cannot pass on: the arrival is dropped uncounted. */
static rx_handler_result_t psw_nvgre_discard(struct sk_buff *skb)
{
	dev_core_stats_rx_dropped_inc(skb->dev);
	kfree_skb(skb);
	return RX_HANDLER_CONSUMED;
}

/*
 * rx_handler of the namespace's collect-metadata gretap / ip6gretap
 * device: an Ethernet frame that arrived in GRE which no configured
 * tunnel took, skb->data after its Ethernet header, the outer addresses
 * and the key in the skb's tunnel metadata (a metadata dst).
 */
static rx_handler_result_t psw_nvgre_frame(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	const struct ip_tunnel_info *info = skb_tunnel_info(skb);
	struct net *net = dev_net(skb->dev);
	enum psw_drop_reason reason;
	union psw_ip src, dst;
	struct psw_switch *sw;
	struct psw_pan *pan;
	__be32 key;
	u8 family;

	if (unlikely(!info || (info->mode & IP_TUNNEL_INFO_TX)))
		return psw_nvgre_discard(skb);
	family = ip_tunnel_info_af(info);
	memset(&src, 0, sizeof(src));
	memset(&dst, 0, sizeof(dst));
	if (family == AF_INET) {
		src.ip4 = info->key.u.ipv4.src;
		dst.ip4 = info->key.u.ipv4.dst;
	} else {
		src.ip6 = info->key.u.ipv6.src;
		dst.ip6 = info->key.u.ipv6.dst;
	}
	key = tunnel_id_to_key32(info->key.tun_id);
	/* GRE to an address of no switch: no tunnel of the host's took it. */
	sw = psw_switch_by_local(net, family, &dst);
	if (!sw)
		return psw_nvgre_discard(skb);

	skb = skb_share_check(skb, GFP_ATOMIC);
	if (unlikely(!skb)) {
		psw_stats_drop(sw->stats, PSW_DROP_NOMEM);
		return RX_HANDLER_CONSUMED;
	}
	*pskb = skb;
	reason = psw_check_sender(skb, NULL, net, family, &src);
	if (unlikely(reason)) {
		psw_tunnel_drop(sw, skb, reason);
		return RX_HANDLER_CONSUMED;
	}
	if (unlikely(!psw_nvgre_hdr_ok(skb, key))) {
		psw_tunnel_drop(sw, skb, PSW_DROP_BAD_TUNNEL);
		return RX_HANDLER_CONSUMED;
	}
	pan = psw_pan_find(sw, be32_to_cpu(key) >> 8);
	if (unlikely(!pan)) {
		psw_tunnel_drop(sw, skb, PSW_DROP_UNKNOWN_PAN);
		return RX_HANDLER_CONSUMED;
	}
	if (unlikely(!psw_remote_ok(pan, family, &src))) {
		psw_decap_drop(pan, skb, PSW_DROP_UNKNOWN_REMOTE);
		return RX_HANDLER_CONSUMED;
	}
	/* The metadata dst is the GRE device's business, not the PAN's. */
	skb_dst_drop(skb);
	skb_push(skb, skb->data - skb_mac_header(skb));
	/* ECN: the GRE device decapsulated it (RFC 6040) already. */
	psw_decap_deliver(pan, skb, 0);
	return RX_HANDLER_CONSUMED;
}

/*
 * The namespace's collect-metadata device that NVGRE of family @idx (0:
 * IPv4 gretap, 1: IPv6 ip6gretap) arrives on, if it has one. The stack
 * allows one per namespace and kind; ip6gre and ip6gretap share theirs.
 */
static struct net_device *psw_nvgre_find(struct net *net, int idx)
{
	struct net_device *dev;

	for_each_netdev(net, dev) {
		if (!idx && psw_dev_kind(dev, "gretap") &&
		    ((struct ip_tunnel *)netdev_priv(dev))->collect_md)
			return dev;
		if (idx && (psw_dev_kind(dev, "ip6gretap") ||
			    psw_dev_kind(dev, "ip6gre")) &&
		    ((struct ip6_tnl *)netdev_priv(dev))->parms.collect_md)
			return dev;
	}
	return NULL;
}

/*
 * The device to take over for NVGRE of family @idx: the namespace's
 * collect-metadata one if it is named as panswitch names it and nobody
 * uses it (*@created false), else for IPv4 a new one (*@created true).
 */
static struct net_device *psw_nvgre_claim(struct net *net, int idx,
					  bool *created,
					  struct netlink_ext_ack *extack)
{
	const char *name = idx ? PSW_NVGRE6_IFNAME : PSW_NVGRE4_IFNAME;
	struct net_device *dev = psw_nvgre_find(net, idx);

	*created = false;
	if (dev) {
		if (idx && psw_dev_kind(dev, "ip6gre")) {
			NL_SET_ERR_MSG(extack,
				       "the namespace has a collect-metadata ip6gre device, which takes the IPv6 GRE that NVGRE over IPv6 needs");
			return ERR_PTR(-EBUSY);
		}
		if (strcmp(dev->name, name) || netdev_is_rx_handler_busy(dev) ||
		    netdev_master_upper_dev_get(dev)) {
			if (idx)
				NL_SET_ERR_MSG(extack,
					       "the namespace already has a collect-metadata ip6gretap device that is not panswitch's (NVGRE over IPv6 needs the namespace's only one)");
			else
				NL_SET_ERR_MSG(extack,
					       "the namespace already has a collect-metadata gretap device that is not panswitch's (NVGRE over IPv4 needs the namespace's only one)");
			return ERR_PTR(-EBUSY);
		}
		return dev;
	}
	if (idx) {
		NL_SET_ERR_MSG(extack,
			       "no collect-metadata ip6gretap device " PSW_NVGRE6_IFNAME " for NVGRE over IPv6 (libpanswitch creates it: ip link add " PSW_NVGRE6_IFNAME " type ip6gretap external)");
		return ERR_PTR(-ENODEV);
	}
	dev = gretap_fb_dev_create(net, name, NET_NAME_USER);
	if (IS_ERR(dev)) {
		if (PTR_ERR(dev) == -EEXIST)
			NL_SET_ERR_MSG(extack,
				       "a device named " PSW_NVGRE4_IFNAME " exists: it cannot be created for NVGRE over IPv4");
		else
			NL_SET_ERR_MSG(extack,
				       "cannot create the NVGRE device " PSW_NVGRE4_IFNAME);
		return dev;
	}
	*created = true;
	return dev;
}

static void psw_nvgre_delete(struct net_device *dev, struct list_head *kill)
{
	LIST_HEAD(list);

	dev->rtnl_link_ops->dellink(dev, kill ?: &list);
	unregister_netdevice_many(&list);	/* if @kill was NULL */
}

/* Make sure the namespace's NVGRE device of family @idx is ours. RTNL. */
static int psw_nvgre_take(struct net *net, int idx,
			  struct netlink_ext_ack *extack)
{
	struct psw_nvgre *n = &psw_net(net)->nvgre[idx];
	struct net_device *dev;
	bool created;
	int err;

	/* Someone may have set it down: it gets nothing then. */
	if (n->dev)
		return n->dev->flags & IFF_UP ? 0 :
		       dev_change_flags(n->dev, n->dev->flags | IFF_UP, extack);
	dev = psw_nvgre_claim(net, idx, &created, extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	/* Only an up device gets packets (ip_tunnel_lookup()). */
	err = dev_change_flags(dev, dev->flags | IFF_UP, extack);
	if (!err) {
		err = netdev_rx_handler_register(dev, psw_nvgre_frame, NULL);
		if (err)
			NL_SET_ERR_MSG(extack,
				       "cannot register the rx handler of the NVGRE device");
	}
	if (err) {
		if (created)
			psw_nvgre_delete(dev, NULL);
		return err;
	}
	netdev_hold(dev, &n->tracker, GFP_KERNEL);
	n->dev = dev;
	return 0;
}

/* Let go of the device (it stays registered). RTNL. */
static void psw_nvgre_drop_dev(struct psw_nvgre *n)
{
	netdev_rx_handler_unregister(n->dev);	/* waits for readers */
	netdev_put(n->dev, &n->tracker);
	n->dev = NULL;
}

/*
 * A switch starts (@new_user) or goes on using the namespace's NVGRE
 * device of family @idx: take it over, creating or adopting it if the
 * namespace's switches have none (the first user, or after someone
 * deleted it). RTNL.
 */
static int psw_nvgre_get(struct net *net, int idx, bool new_user,
			 struct netlink_ext_ack *extack)
{
	int err = psw_nvgre_take(net, idx, extack);

	if (!err && new_user)
		psw_net(net)->nvgre[idx].users++;
	return err;
}

/*
 * A switch stops using it; the last one lets it go and deletes it: on
 * @kill to be unregistered by the caller, or not at all if @kill is NULL.
 * RTNL.
 */
static void psw_nvgre_put(struct net *net, int idx, struct list_head *kill)
{
	struct psw_nvgre *n = &psw_net(net)->nvgre[idx];
	struct net_device *dev = n->dev;

	if (WARN_ON_ONCE(!n->users) || --n->users || !dev)
		return;
	psw_nvgre_drop_dev(n);
	if (kill)
		dev->rtnl_link_ops->dellink(dev, kill);
}

/* Netdev events: one of the namespace's NVGRE devices goes away. RTNL. */
void psw_nvgre_notifier(struct net_device *dev, unsigned long event)
{
	struct psw_nvgre *n;
	int idx;

	if (event != NETDEV_UNREGISTER ||
	    rcu_access_pointer(dev->rx_handler) != psw_nvgre_frame)
		return;
	/* Deleted, or moving to another namespace: NVGRE stops there. */
	for (idx = 0; idx < 2; idx++) {
		n = &psw_net(dev_net(dev))->nvgre[idx];
		if (n->dev == dev)
			psw_nvgre_drop_dev(n);
	}
}

/*
 * EtherIP
 */

/*
 * An EtherIP packet for @pan: skb->data at the EtherIP header, the network
 * header the outer one. The switch is checked to be up before its tables
 * are used: nothing unpublishes the PAN's address from readers between
 * the switch's close and its teardown but that check (see the top).
 */
static void psw_etherip_rcv(struct psw_pan *pan, struct sk_buff *skb,
			    struct net *net, u8 family, u8 outer)
{
	struct psw_switch *sw = pan->sw;
	enum psw_drop_reason reason;
	union psw_ip src;

	if (unlikely(!(sw->dev->flags & IFF_UP))) {
		psw_decap_drop(pan, skb, PSW_DROP_SWITCH_DOWN);
		return;
	}
	psw_outer_src(skb, family, &src);
	reason = psw_check_sender(skb, skb->dev, net, family, &src);
	if (unlikely(reason)) {
		psw_tunnel_drop(sw, skb, reason);
		return;
	}
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
	if (unlikely(!psw_remote_ok(pan, family, &src))) {
		psw_decap_drop(pan, skb, PSW_DROP_UNKNOWN_REMOTE);
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
	psw_etherip_rcv(pan, skb, net, AF_INET, iph->tos);
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
	psw_etherip_rcv(pan, skb, net, AF_INET6, ipv6_get_dsfield(ip6h));
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
 * Make the receive side match @u, the underlay about to be published: for
 * each family @u has a local address of, a VXLAN socket bound to it and a
 * use of the namespace's NVGRE device. What is needed is opened first (on
 * a port or address change, sockets on the new ones), then what is no
 * longer needed is closed; if opening fails, what this call opened is
 * closed again and nothing has changed. RTNL.
 */
int psw_decap_update(struct psw_switch *sw, const struct psw_underlay *u,
		     struct netlink_ext_ack *extack)
{
	struct psw_decap *d = &sw->decap;
	struct net *net = dev_net(sw->dev);
	bool want4 = u->local4 != 0;
	bool want6 = !ipv6_addr_any(&u->local6);
	bool new_port = d->vxlan_port != u->vxlan_port;
	struct socket *sock4 = NULL, *sock6 = NULL, *old;
	bool got4 = false, got6 = false;
	union psw_ip ip;
	LIST_HEAD(kill);
	int err;

	ASSERT_RTNL();

	if ((want4 || want6) && !u->vxlan_port) {
		NL_SET_ERR_MSG(extack, "VXLAN UDP port 0 is not valid");
		return -EINVAL;
	}

	if (want4 && (!d->vxlan4 || new_port || d->vxlan_local4 != u->local4)) {
		memset(&ip, 0, sizeof(ip));
		ip.ip4 = u->local4;
		sock4 = psw_vxlan_open(sw, AF_INET, &ip, u->vxlan_port, extack);
		if (IS_ERR(sock4)) {
			err = PTR_ERR(sock4);
			sock4 = NULL;
			goto undo;
		}
	}
	if (want6 && (!d->vxlan6 || new_port ||
		      !ipv6_addr_equal(&d->vxlan_local6, &u->local6))) {
		ip.ip6 = u->local6;
		sock6 = psw_vxlan_open(sw, AF_INET6, &ip, u->vxlan_port,
				       extack);
		if (IS_ERR(sock6)) {
			err = PTR_ERR(sock6);
			sock6 = NULL;
			goto undo;
		}
	}
	if (want4) {
		err = psw_nvgre_get(net, 0, !d->nvgre4, extack);
		if (err)
			goto undo;
		got4 = !d->nvgre4;
	}
	if (want6) {
		err = psw_nvgre_get(net, 1, !d->nvgre6, extack);
		if (err)
			goto undo;
		got6 = !d->nvgre6;
	}

	/* Everything needed is open: switch over, close the rest. */
	if (got4) {
		d->nvgre4 = true;
	} else if (!want4 && d->nvgre4) {
		psw_nvgre_put(net, 0, &kill);
		d->nvgre4 = false;
	}
	if (got6) {
		d->nvgre6 = true;
	} else if (!want6 && d->nvgre6) {
		psw_nvgre_put(net, 1, &kill);
		d->nvgre6 = false;
	}
	if (sock4 || !want4) {
		old = d->vxlan4;
		d->vxlan4 = sock4;
		d->vxlan_local4 = u->local4;
		if (old)
			udp_tunnel_sock_release(old);
	}
	if (sock6 || !want6) {
		old = d->vxlan6;
		d->vxlan6 = sock6;
		d->vxlan_local6 = u->local6;
		if (old)
			udp_tunnel_sock_release(old);
	}
	d->vxlan_port = d->vxlan4 || d->vxlan6 ? u->vxlan_port : 0;
	unregister_netdevice_many(&kill);
	return 0;

undo:
	if (got6)
		psw_nvgre_put(net, 1, &kill);
	if (got4)
		psw_nvgre_put(net, 0, &kill);
	if (sock6)
		udp_tunnel_sock_release(sock6);
	if (sock4)
		udp_tunnel_sock_release(sock4);
	unregister_netdevice_many(&kill);
	return err;
}

/*
 * The switch is being deleted (dellink): its uses of the namespace's
 * NVGRE devices end; a device that loses its last user is put on @kill,
 * to be unregistered with the switch. RTNL.
 */
void psw_decap_release(struct psw_switch *sw, struct list_head *kill)
{
	struct psw_decap *d = &sw->decap;
	struct net *net = dev_net(sw->dev);

	ASSERT_RTNL();
	if (d->nvgre4) {
		psw_nvgre_put(net, 0, kill);
		d->nvgre4 = false;
	}
	if (d->nvgre6) {
		psw_nvgre_put(net, 1, kill);
		d->nvgre6 = false;
	}
}

/*
 * Close everything: the switch is going away (ndo_uninit), and has left
 * the namespace's list of switches. RTNL.
 *
 * Why no arrival can hold the switch once this returns, so that the caller
 * may tear down PANs, tables and counters right away:
 *   - udp_tunnel_sock_release() clears sk_user_data, then waits for a
 *     grace period before closing the socket. encap_rcv, gro_receive and
 *     encap_err_lookup run under the RCU read lock and load sk_user_data
 *     once: a reader that got the switch has finished when the wait ends,
 *     and later ones find NULL and let the packet go (gro_complete does
 *     not use the switch);
 *   - the NVGRE devices' rx_handler finds the switch in the namespace's
 *     RCU list of switches, which it has left: a grace period after that
 *     (a socket release's, or synchronize_net() here) covers those
 *     readers. psw_decap_release() ended the switch's uses of the devices
 *     already (dellink runs first).
 * The switch's memory itself lives on until after the synchronize_net()
 * that unregister_netdevice_many() does after ndo_uninit.
 */
void psw_decap_stop(struct psw_switch *sw)
{
	struct psw_decap *d = &sw->decap;
	bool wait = true;

	ASSERT_RTNL();

	/* Only a switch that failed to register gets here without dellink. */
	if (WARN_ON_ONCE(d->nvgre4 || d->nvgre6))
		psw_decap_release(sw, NULL);
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
