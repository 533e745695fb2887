// SPDX-License-Identifier: GPL-2.0
/*
 * EtherIP arrivals (RFC 3378). IP protocol 97 has no other user in the
 * kernel: inet and inet6 protocol handlers are registered when the module
 * loads (psw_decap_init()) and removed when it goes (psw_decap_exit()).
 * The header carries no PAN id: the PAN is the one whose own local address
 * (PSW_CMD_PAN_SET, pan_addr.c) the packet was sent to, in the namespace
 * it arrived in, or, for a packet to the underlay address of a switch
 * with PANs in OUI form, the PAN its inner source OUI names
 * (etherip_oui.c). A packet for neither is treated as the stack treats
 * a protocol it has no handler for: ICMP protocol unreachable, ICMPv6
 * parameter problem. ICMP errors about EtherIP packets we sent are
 * applied (path MTU, redirect) by the error handlers. Who may send, what
 * is counted where and why a PAN found here is safe to use are in decap.c.
 */
#define pr_fmt(fmt) KBUILD_MODNAME ": " fmt

#include <linux/icmp.h>
#include <linux/icmpv6.h>
#include <net/icmp.h>
#include <net/ip6_fib.h>
#include <net/ip6_route.h>
#include <net/ip_tunnels.h>
#include <net/protocol.h>
#include <net/route.h>
#include <net/xfrm.h>

#include "decap.h"
#include "remote.h"

/*
 * An EtherIP packet for @pan (by its address) or, @pan NULL, for @sw's
 * PANs in OUI form: skb->data at the EtherIP header, the network header
 * the outer one. The switch is checked to be up before its tables are
 * used: nothing unpublishes the PAN's address from readers between the
 * switch's close and its teardown but that check (see Lifetime in
 * decap.c).
 */
static void psw_etherip_rcv(struct psw_switch *sw, struct psw_pan *pan,
			    struct sk_buff *skb, struct net *net, u8 family,
			    u8 outer)
{
	enum psw_drop_reason reason;
	struct psw_remote from;
	union psw_ip src;

	if (unlikely(!(sw->dev->flags & IFF_UP))) {
		if (pan)
			psw_decap_drop(pan, skb, PSW_DROP_SWITCH_DOWN);
		else
			psw_tunnel_drop(sw, skb, PSW_DROP_SWITCH_DOWN);
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
	if (!pan) {
		reason = psw_etherip_oui_pan(sw, skb, &pan);
		if (unlikely(reason)) {
			psw_tunnel_drop(sw, skb, reason);
			return;
		}
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
	if (READ_ONCE(pan->etherip) == PSW_ETHERIP_OUI) {
		reason = psw_etherip_oui_rx(pan, skb);
		if (unlikely(reason)) {
			psw_decap_drop(pan, skb, reason);
			return;
		}
	}
	psw_sender(&from, family, &src, PSW_ENCAP_ETHERIP);
	psw_decap_deliver(pan, skb, outer, &from);
}

/*
 * EtherIP to @sw's underlay address, which is never a PAN's: a probe or a
 * probe's answer (probe.c), by its inner ethertype and magic; any other
 * frame is left to the OUI form (etherip_oui.c) or, for a switch with no
 * PAN in that form, to protocol unreachable. Returns whether it took the
 * packet.
 */
static bool psw_etherip_probe(struct psw_switch *sw, struct sk_buff *skb,
			      struct net *net, u8 family)
{
	enum psw_drop_reason reason;
	union psw_ip src;

	if (!psw_probe_is(skb, PSW_ETHERIP_HLEN))
		return false;
	psw_outer_src(skb, family, &src);
	reason = psw_check_sender(skb, skb->dev, net, family, &src);
	if (unlikely(reason)) {
		psw_tunnel_drop(sw, skb, reason);
		return true;
	}
	if (unlikely(!pskb_may_pull(skb, PSW_ETHERIP_HLEN)) ||
	    *(const __be16 *)skb->data != htons(PSW_ETHERIP_VERSION)) {
		psw_tunnel_drop(sw, skb, PSW_DROP_BAD_TUNNEL);
		return true;
	}
	psw_probe_rcv(sw, skb, family, &src, PSW_ENCAP_ETHERIP,
		      PSW_ETHERIP_HLEN);
	return true;
}

/**
 * psw_etherip4_rcv() - the inet protocol handler of EtherIP
 * @skb: the packet, skb->data at the EtherIP header
 *
 * The IPsec input policy is checked here (no_policy), as the stack would
 * before calling us; an arrival for no PAN then gets what
 * ip_protocol_deliver_rcu() gives a protocol with no handler (which also
 * counts the packet as delivered, since we return 0: a negative value
 * would mean "resubmit as that protocol").
 *
 * Context: BH, RCU read lock held; takes no lock.
 * Return: 0: the packet is consumed.
 */
static int psw_etherip4_rcv(struct sk_buff *skb)
{
	struct net *net = dev_net(skb->dev);
	struct psw_switch *sw = NULL;
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
	if (!pan)
		sw = psw_switch_by_underlay(net, AF_INET, &dst);
	if (sw && psw_etherip_probe(sw, skb, net, AF_INET))
		return 0;
	if (sw && !READ_ONCE(sw->netherip_oui))
		sw = NULL;	/* no PAN in OUI form: as to no switch */
	if (!pan && !sw) {
		__IP_INC_STATS(net, IPSTATS_MIB_INUNKNOWNPROTOS);
		icmp_send(skb, ICMP_DEST_UNREACH, ICMP_PROT_UNREACH, 0);
		kfree_skb_reason(skb, SKB_DROP_REASON_IP_NOPROTO);
		return 0;
	}
	psw_etherip_rcv(pan ? pan->sw : sw, pan, skb, net, AF_INET, iph->tos);
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
/**
 * psw_etherip6_rcv() - the inet6 protocol handler of EtherIP
 * @skb: the packet, skb->data at the EtherIP header
 *
 * As for IPv4, with what ip6_protocol_deliver_rcu() does for a next header
 * it has no handler for. A negative return means "consumed" without the
 * packet counted as delivered; a positive one would be resubmitted.
 *
 * Context: BH, RCU read lock held; takes no lock.
 * Return: 0 if delivered to a PAN, else a negative errno (consumed).
 */
static int psw_etherip6_rcv(struct sk_buff *skb)
{
	struct net *net = dev_net(skb->dev);
	struct psw_switch *sw = NULL;
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
	if (!pan)
		sw = psw_switch_by_underlay(net, AF_INET6, &dst);
	if (sw && psw_etherip_probe(sw, skb, net, AF_INET6))
		return 0;
	if (sw && !READ_ONCE(sw->netherip_oui))
		sw = NULL;	/* no PAN in OUI form: as to no switch */
	if (!pan && !sw) {
		idev = skb_dst(skb) ? ip6_dst_idev(skb_dst(skb)) : NULL;
		__IP6_INC_STATS(net, idev, IPSTATS_MIB_INUNKNOWNPROTOS);
		icmpv6_send(skb, ICMPV6_PARAMPROB, ICMPV6_UNK_NEXTHDR,
			    IP6CB(skb)->nhoff);
		kfree_skb_reason(skb, SKB_DROP_REASON_IP_NOPROTO);
		return -EPROTONOSUPPORT;
	}
	psw_etherip_rcv(pan ? pan->sw : sw, pan, skb, net, AF_INET6,
			ipv6_get_dsfield(ip6h));
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

/**
 * psw_decap_init() - register the EtherIP protocol handlers
 *
 * Description: the receive side's part of module load, which is
 * EtherIP's alone: VXLAN sockets and NVGRE devices are opened per switch
 * (decap.c).
 *
 * Context: process, module init.
 * Return: 0, or -EBUSY if another module has IP protocol 97.
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

/**
 * psw_decap_exit() - remove the EtherIP protocol handlers
 *
 * Description: inet_del_protocol() and inet6_del_protocol() each wait
 * for a grace period (synchronize_net()): once they return, no handler is
 * running and the module's text may go.
 *
 * Context: process, module exit; sleeps.
 */
void psw_decap_exit(void)
{
	psw_etherip6_del();
	inet_del_protocol(&psw_etherip4_protocol, PSW_IPPROTO_ETHERIP);
}
