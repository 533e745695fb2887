// SPDX-License-Identifier: GPL-2.0
/*
 * VXLAN arrivals (RFC 7348), on a UDP tunnel socket per address family the
 * switch has a local address of, bound to that address (IP_FREEBIND: it
 * may be assigned later) and the underlay's VXLAN port (the IPv6 one
 * v6only). psw_decap_update() (decap.c) opens and closes them through
 * psw_vxlan_open(). The UDP layer verifies the checksum and hands each
 * datagram to psw_vxlan_rcv() (encap_rcv); before that, GRO merges the
 * datagrams of one inner flow and one VNI, as the vxlan driver does. The
 * VNI is the PAN id. ICMP errors about VXLAN packets we sent (to a remote
 * using the same port) find the socket through psw_vxlan_err_lookup(), so
 * that the path MTU they report is learnt. Who may send, what is counted
 * where and how the sockets' readers end are in decap.c.
 */
#include <linux/etherdevice.h>
#include <net/dsfield.h>
#include <net/gro.h>
#include <net/ip_tunnels.h>
#include <net/udp.h>
#include <net/udp_tunnel.h>
#include <net/vxlan.h>

#include "compat.h"
#include "decap.h"
#include "remote.h"

/* The outer header's DS field; the network header is the outer one. */
static u8 psw_outer_dsfield(const struct sk_buff *skb)
{
	if (skb->protocol == htons(ETH_P_IP))
		return ip_hdr(skb)->tos;
	return ipv6_get_dsfield(ipv6_hdr(skb));
}

static u32 psw_vxlan_vni(const struct vxlanhdr *vh)
{
	return be32_to_cpu(vh->vx_vni) >> 8;
}

/**
 * psw_vxlan_rcv() - a VXLAN datagram for the switch (encap_rcv)
 * @sk: the switch's socket that received it
 * @skb: the datagram, skb->data at the UDP header, checksum verified
 *
 * Context: BH, RCU read lock held; takes no lock.
 * Return: 0: the datagram is consumed (delivered or dropped).
 */
static int psw_vxlan_rcv(struct sock *sk, struct sk_buff *skb)
{
	struct psw_switch *sw = rcu_dereference_sk_user_data(sk);
	enum psw_drop_reason reason;
	const struct vxlanhdr *vh;
	struct psw_pan *pan;
	struct psw_remote from;
	union psw_ip src, dst;
	bool group;
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
	if (unlikely(psw_vxlan_vni(vh) == PSW_PROBE_ID)) {
		psw_probe_rcv(sw, skb, family, &src, PSW_ENCAP_VXLAN,
			      VXLAN_HLEN);
		return 0;
	}
	pan = psw_pan_find(sw, psw_vxlan_vni(vh));
	if (unlikely(!pan)) {
		psw_tunnel_drop(sw, skb, PSW_DROP_UNKNOWN_PAN);
		return 0;
	}
	/* On a multicast group (a group's socket): the PAN's group only */
	group = psw_outer_dst(skb, family, &dst);
	if (unlikely(group) &&
	    !psw_decap_mcast(pan, skb, family, &dst, PSW_ENCAP_VXLAN))
		return 0;
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
	psw_sender(&from, family, &src, PSW_ENCAP_VXLAN);
	if (unlikely(group))
		psw_mcast_rx_count(pan);
	psw_decap_deliver(pan, skb, outer, &from);
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
 * freebind, hence our own. With @reuse (a multicast group's socket) the
 * address may be bound by another switch of the namespace too: each of
 * them gets every arrival on the group.
 */
static int psw_udp_sock(struct net *net, u8 family, const union psw_ip *local,
			u16 port, bool reuse, struct socket **sockp)
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
	if (reuse)
		sock->sk->sk_reuse = SK_CAN_REUSE;
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

/**
 * psw_vxlan_open() - open a VXLAN socket of the switch
 * @sw: the switch, which the socket's arrivals go to
 * @family: AF_INET or AF_INET6
 * @local: the switch's local address of @family, or a multicast group, to
 *         bind to
 * @port: the underlay's VXLAN port, host order
 * @group: @local is a group (mcast.c): the address may be shared with
 *         another switch, and the socket's multicast loop is off
 * @extack: where a failure is explained
 *
 * For psw_decap_update() and mcast.c: a UDP tunnel socket whose
 * encap_rcv, GRO and ICMP error callbacks are the ones above, its
 * sk_user_data @sw.
 *
 * Context: RTNL.
 * Return: the socket (udp_tunnel_sock_release() closes it), or an
 * ERR_PTR() with @extack set.
 */
struct socket *psw_vxlan_open(struct psw_switch *sw, u8 family,
			      const union psw_ip *local, u16 port, bool group,
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

	err = psw_udp_sock(net, family, local, port, group, &sock);
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
	setup_udp_tunnel_sock(net, sock, &cfg);	/* IPv4 multicast loop off */
	if (group && family == AF_INET6) {
		int off = 0;

		err = sock->ops->setsockopt(sock, SOL_IPV6,
					    IPV6_MULTICAST_LOOP,
					    KERNEL_SOCKPTR(&off), sizeof(off));
		if (err) {
			NL_SET_ERR_MSG(extack,
				       "cannot turn the group socket's multicast loop off");
			udp_tunnel_sock_release(sock);
			return ERR_PTR(err);
		}
	}
	return sock;
}
