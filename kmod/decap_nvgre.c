// SPDX-License-Identifier: GPL-2.0
/*
 * NVGRE arrivals (RFC 7637). NVGRE is GRE, IP protocol 47, which the
 * stack's ip_gre and ip6_gre own (gre_demux gives GRE version 0 to ip_gre;
 * ip6_gre registers IPPROTO_GRE itself). So NVGRE is taken where Open
 * vSwitch takes it: from the namespace's collect-metadata ("external")
 * gretap and ip6gretap devices, one per family, shared by the namespace's
 * switches, whose rx_handler is ours (psw_nvgre_frame()). The stack's
 * tunnel lookup (ip_tunnel_lookup(), ip6gre_tunnel_lookup()) prefers every
 * configured tunnel to the collect-metadata device, so an operator's own
 * gretap tunnels keep their packets; and packets reach the device only
 * after the stack's INPUT hooks, IPsec policy, reassembly and extension
 * headers (a routing header with segments left is forwarded, not
 * delivered). The outer destination says which switch a packet is for;
 * the VSID, the key's upper 24 bits, is the PAN. The kernel creates the
 * gretap device (gretap_fb_dev_create(), PSW_NVGRE4_IFNAME); ip6_gre
 * exports no such function, so the ip6gretap one (PSW_NVGRE6_IFNAME) is
 * created over rtnetlink by the client and adopted here. A device exists
 * while a switch of the namespace has a local address of its family, and
 * is deleted with the last one: psw_decap_update() and
 * psw_decap_release() (decap.c) count the switches that use it through
 * psw_nvgre_get() and psw_nvgre_put(). Who may send, what is counted
 * where and how the devices' readers end are in decap.c.
 */
#include <linux/etherdevice.h>
#include <net/dst_metadata.h>
#include <net/gre.h>
#include <net/ip6_tunnel.h>
#include <net/ip_tunnels.h>
#include <net/rtnetlink.h>

#include "decap.h"
#include "remote.h"

/* GRE base header and key: no checksum, no sequence number. */
#define PSW_NVGRE_HLEN		(sizeof(struct gre_base_hdr) + sizeof(__be32))

static bool psw_dev_kind(const struct net_device *dev, const char *kind)
{
	return dev->rtnl_link_ops && !strcmp(dev->rtnl_link_ops->kind, kind);
}

/*
 * The first switch of @net with PAN @id, for NVGRE to a multicast group
 * (mcast.c says whether it is the PAN's), or NULL. The packet path (RCU).
 */
static struct psw_switch *psw_switch_by_pan(struct net *net, u32 id)
{
	struct psw_switch *sw;

	list_for_each_entry_rcu(sw, &psw_net(net)->switches, node)
		if (psw_pan_find(sw, id))
			return sw;
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

/**
 * psw_nvgre_frame() - rx_handler of the namespace's NVGRE devices
 * @pskb: the frame; replaced if it was shared
 *
 * rx_handler of the namespace's collect-metadata gretap / ip6gretap
 * device: an Ethernet frame that arrived in GRE which no configured
 * tunnel took, skb->data after its Ethernet header, the outer addresses
 * and the key in the skb's tunnel metadata (a metadata dst).
 *
 * Context: BH, RCU read lock held; takes no lock.
 * Return: RX_HANDLER_CONSUMED: the frame is delivered or dropped.
 */
static rx_handler_result_t psw_nvgre_frame(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	const struct ip_tunnel_info *info = skb_tunnel_info(skb);
	struct net *net = dev_net(skb->dev);
	enum psw_drop_reason reason;
	struct psw_remote from;
	union psw_ip src, dst;
	struct psw_switch *sw;
	struct psw_pan *pan;
	bool group;
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
	/*
	 * GRE to an address of no switch: no tunnel of the host's took it.
	 * To a multicast group: the first switch with the PAN, whose group
	 * it must be (mcast.c).
	 */
	group = family == AF_INET ? ipv4_is_multicast(dst.ip4) :
				    ipv6_addr_is_multicast(&dst.ip6);
	if (group)
		sw = psw_switch_by_pan(net, be32_to_cpu(key) >> 8);
	else
		sw = psw_switch_by_underlay(net, family, &dst);
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
	if (unlikely(be32_to_cpu(key) >> 8 == PSW_PROBE_ID && !group)) {
		skb_dst_drop(skb);
		skb_push(skb, skb->data - skb_mac_header(skb));
		psw_probe_rcv(sw, skb, family, &src, PSW_ENCAP_NVGRE, 0);
		return RX_HANDLER_CONSUMED;
	}
	pan = psw_pan_find(sw, be32_to_cpu(key) >> 8);
	if (unlikely(!pan)) {
		psw_tunnel_drop(sw, skb, PSW_DROP_UNKNOWN_PAN);
		return RX_HANDLER_CONSUMED;
	}
	if (unlikely(group) &&
	    !psw_decap_mcast(pan, skb, family, &dst, PSW_ENCAP_NVGRE))
		return RX_HANDLER_CONSUMED;
	if (unlikely(!psw_remote_ok(pan, family, &src))) {
		psw_decap_drop(pan, skb, PSW_DROP_UNKNOWN_REMOTE);
		return RX_HANDLER_CONSUMED;
	}
	/* The metadata dst is the GRE device's business, not the PAN's. */
	skb_dst_drop(skb);
	skb_push(skb, skb->data - skb_mac_header(skb));
	/* ECN: the GRE device decapsulated it (RFC 6040) already. */
	psw_sender(&from, family, &src, PSW_ENCAP_NVGRE);
	if (unlikely(group))
		psw_mcast_rx_count(pan);
	psw_decap_deliver(pan, skb, 0, &from);
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

/**
 * psw_nvgre_get() - a switch uses the namespace's NVGRE device
 * @net: the switch's namespace
 * @idx: the family: 0 IPv4 (gretap), 1 IPv6 (ip6gretap)
 * @new_user: the switch did not use it yet, and becomes a user
 * @extack: where a failure is explained
 *
 * A switch starts (@new_user) or goes on using the namespace's NVGRE
 * device of family @idx: take it over, creating or adopting it if the
 * namespace's switches have none (the first user, or after someone
 * deleted it).
 *
 * Context: RTNL.
 * Return: 0, or a negative errno with @extack set and the users unchanged.
 */
int psw_nvgre_get(struct net *net, int idx, bool new_user,
		  struct netlink_ext_ack *extack)
{
	int err = psw_nvgre_take(net, idx, extack);

	if (!err && new_user)
		psw_net(net)->nvgre[idx].users++;
	return err;
}

/**
 * psw_nvgre_put() - a switch stops using the namespace's NVGRE device
 * @net: the switch's namespace
 * @idx: the family: 0 IPv4, 1 IPv6
 * @kill: where the device is put if it is deleted, or NULL
 *
 * A switch stops using it; the last one lets it go and deletes it: on
 * @kill to be unregistered by the caller, or not at all if @kill is NULL.
 *
 * Context: RTNL.
 */
void psw_nvgre_put(struct net *net, int idx, struct list_head *kill)
{
	struct psw_nvgre *n = &psw_net(net)->nvgre[idx];
	struct net_device *dev = n->dev;

	if (WARN_ON_ONCE(!n->users) || --n->users || !dev)
		return;
	psw_nvgre_drop_dev(n);
	if (kill)
		dev->rtnl_link_ops->dellink(dev, kill);
}

/**
 * psw_nvgre_notifier() - netdev events of the namespace's NVGRE devices
 * @dev: the device of the event
 * @event: the event (NETDEV_*)
 *
 * One of the namespace's NVGRE devices goes away: it is let go of.
 *
 * Context: RTNL.
 */
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
