/* SPDX-License-Identifier: GPL-2.0 */
/*
 * What the tunnel receive files share: decap.c (who may send an arrival,
 * the common end of the three paths, the switch's receive state) and one
 * file per tunnel, decap_vxlan.c, decap_nvgre.c and decap_etherip.c. The
 * rest of the module sees only the decap.c section of psw.h. The small
 * helpers of the packet path are inline here, as they were when the
 * receive side was a single file.
 */
#ifndef _PSW_DECAP_H
#define _PSW_DECAP_H

#include <net/ip.h>
#include <net/ipv6.h>

#include "psw.h"

/* Why pskb_may_pull(skb, len) failed: too short, or no memory. */
static inline enum psw_drop_reason psw_pull_failed(const struct sk_buff *skb,
						   unsigned int len)
{
	return skb->len < len ? PSW_DROP_BAD_TUNNEL : PSW_DROP_NOMEM;
}

/* A drop once the PAN is known: counted on the switch and the PAN. */
static inline void psw_decap_drop(struct psw_pan *pan, struct sk_buff *skb,
				  enum psw_drop_reason reason)
{
	psw_stats_drop(pan->stats, reason);
	psw_tunnel_drop(pan->sw, skb, reason);
}

/* May @src send to @pan? Its remotes may, or anyone if it accepts any. */
static inline bool psw_remote_ok(const struct psw_pan *pan, u8 family,
				 const union psw_ip *src)
{
	return READ_ONCE(pan->accept) == PSW_ACCEPT_ANY ||
	       psw_trust_lookup(pan->sw, pan->id, family, src);
}

/* The outer source address of a packet whose network header is outer. */
static inline void psw_outer_src(const struct sk_buff *skb, u8 family,
				 union psw_ip *src)
{
	memset(src, 0, sizeof(*src));
	if (family == AF_INET)
		src->ip4 = ip_hdr(skb)->saddr;
	else
		src->ip6 = ipv6_hdr(skb)->saddr;
}

/*
 * The outer destination address of a packet whose network header is
 * outer, in *@dst; whether it is a multicast group.
 */
static inline bool psw_outer_dst(const struct sk_buff *skb, u8 family,
				 union psw_ip *dst)
{
	memset(dst, 0, sizeof(*dst));
	if (family == AF_INET) {
		dst->ip4 = ip_hdr(skb)->daddr;
		return ipv4_is_multicast(dst->ip4);
	}
	dst->ip6 = ipv6_hdr(skb)->daddr;
	return ipv6_addr_is_multicast(&dst->ip6);
}

/*
 * An arrival on a multicast group (@dst) for @pan: its group's? Then it
 * is counted as delivered; else dropped (counted). Returns whether it
 * may go on.
 */
static inline bool psw_decap_mcast(struct psw_pan *pan, struct sk_buff *skb,
				   u8 family, const union psw_ip *dst,
				   u8 encap)
{
	enum psw_drop_reason reason = psw_mcast_rx(pan, family, dst, encap);

	if (unlikely(reason)) {
		psw_decap_drop(pan, skb, reason);
		return false;
	}
	return true;
}

/* decap.c: the common part of every arrival. BH, RCU read lock held. */
enum psw_drop_reason psw_check_sender(const struct sk_buff *skb,
				      const struct net_device *dev,
				      struct net *net, u8 family,
				      const union psw_ip *src);
void psw_decap_deliver(struct psw_pan *pan, struct sk_buff *skb, u8 outer,
		       const struct psw_remote *from);

/* The sender of an arrival from @family address @src by @encap. */
static inline void psw_sender(struct psw_remote *r, u8 family,
			      const union psw_ip *src, u8 encap)
{
	r->ip = *src;
	r->family = family;
	r->encap = encap;
	r->route = NULL;
}

/* decap_vxlan.c: the switch's VXLAN sockets. RTNL. */
struct socket *psw_vxlan_open(struct psw_switch *sw, u8 family,
			      const union psw_ip *local, u16 port, bool group,
			      struct netlink_ext_ack *extack);

/* decap_nvgre.c: the namespace's NVGRE devices. RTNL. */
int psw_nvgre_get(struct net *net, int idx, bool new_user,
		  struct netlink_ext_ack *extack);
void psw_nvgre_put(struct net *net, int idx, struct list_head *kill);

#endif /* _PSW_DECAP_H */
