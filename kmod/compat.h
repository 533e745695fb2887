/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels panswitch builds against (Debian
 * bookworm's 6.1 and bookworm-backports' 6.12). Everything that depends on
 * LINUX_VERSION_CODE lives here and nowhere else (with the header probes
 * of kmod/Kbuild, for what stable kernels backport).
 */
#ifndef _PSW_COMPAT_H
#define _PSW_COMPAT_H

#include <linux/version.h>
#include <linux/netdevice.h>
#include <net/genetlink.h>

/*
 * 6.12 turned NETIF_F_NETNS_LOCAL into a bit field of its own, netns_local;
 * 6.13 renamed it netns_immutable, and 6.12.114 took the rename too
 * (Debian's 6.12.118 has it). Other stable series may follow, so Kbuild
 * probes the headers for it (PSW_HAVE_NETNS_IMMUTABLE).
 */
static inline void psw_set_netns_local(struct net_device *dev)
{
#if defined(PSW_HAVE_NETNS_IMMUTABLE)
	dev->netns_immutable = true;
#elif LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 0)
	dev->netns_local = true;
#else
	dev->features |= NETIF_F_NETNS_LOCAL;
#endif
}

/* Since 6.4 a dump's parsed attributes live in a struct genl_info. */
static inline struct nlattr **psw_dump_attrs(struct netlink_callback *cb)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 4, 0)
	return genl_info_dump(cb)->attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

/* Since 6.2 genetlink's pre_doit and post_doit take split ops. */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
#define psw_genl_op genl_split_ops
#else
#define psw_genl_op genl_ops
#endif

/*
 * The switch device counts encapsulated packets in dev->tstats, which the
 * tunnel transmit helpers update through skb->dev. Since 6.6 the core
 * allocates them when asked to by pcpu_stat_type (with GFP_KERNEL, so not
 * charged to a memory cgroup: 32 bytes per possible CPU and switch); before
 * that the driver does, and panswitch charges them (PSW_GFP).
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 6, 0)
static inline void psw_set_tstats_type(struct net_device *dev)
{
	dev->pcpu_stat_type = NETDEV_PCPU_STAT_TSTATS;
}

static inline int psw_alloc_tstats(struct net_device *dev)
{
	return 0;
}

static inline void psw_free_tstats(struct net_device *dev)
{
}
#else
static inline void psw_set_tstats_type(struct net_device *dev)
{
}

static inline int psw_alloc_tstats(struct net_device *dev)
{
	dev->tstats = __netdev_alloc_pcpu_stats(struct pcpu_sw_netstats,
						GFP_KERNEL_ACCOUNT |
						__GFP_RETRY_MAYFAIL);
	return dev->tstats ? 0 : -ENOMEM;
}

static inline void psw_free_tstats(struct net_device *dev)
{
	free_percpu(dev->tstats);
	dev->tstats = NULL;
}
#endif

/*
 * decap_vxlan.c, VXLAN GRO. Before 6.9, GRO's complete callbacks find the IP
 * headers through skb->network_header, which the receive pass leaves at
 * the innermost one: udp_gro_complete() then looks the tunnel socket up
 * by the inner addresses, which finds a socket bound to the wildcard
 * address but not ours, bound to the switch's address, and the aggregate
 * completes as plain UDP. (6.9 keeps the offsets in napi_gro_cb instead.)
 * So there the receive pass gives the outer header back after the inner
 * layers are done (psw_gro_outer_nh()), and the complete pass sets the
 * inner one before the inner layers complete (psw_gro_inner_nh(), @off:
 * the inner Ethernet header), as eth_gro_complete() and
 * vlan_gro_complete() will find it.
 */
#if LINUX_VERSION_CODE < KERNEL_VERSION(6, 9, 0)
#include <linux/if_vlan.h>

static inline void psw_gro_outer_nh(struct sk_buff *skb, int outer)
{
	skb_set_network_header(skb, outer);
}

static inline void psw_gro_inner_nh(struct sk_buff *skb, int off)
{
	__be16 type = ((const struct ethhdr *)(skb->data + off))->h_proto;

	off += ETH_HLEN;
	while (eth_type_vlan(type)) {
		type = ((const struct vlan_hdr *)(skb->data + off))->
			h_vlan_encapsulated_proto;
		off += VLAN_HLEN;
	}
	skb_set_network_header(skb, off);
}
#else
static inline void psw_gro_outer_nh(struct sk_buff *skb, int outer)
{
}

static inline void psw_gro_inner_nh(struct sk_buff *skb, int off)
{
}
#endif

/*
 * encap.c: since 6.5 skb_gso_segment() and the other GSO helpers are
 * declared in <net/gso.h>, no longer in <linux/netdevice.h>.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
#include <net/gso.h>
#endif

/*
 * remote.c: NL_SET_ERR_MSG_FMT() came in 6.2 (the extack's own buffer).
 * Before, each call site formats into a static buffer of its own, written
 * under RTNL: a concurrent request may garble the text, never overrun it
 * (its last byte stays NUL).
 */
#include <linux/netlink.h>
#ifndef NL_SET_ERR_MSG_FMT
#define NL_SET_ERR_MSG_FMT(extack, fmt, args...) do {			\
	static char __psw_msg[160];					\
	struct netlink_ext_ack *__psw_ext = (extack);			\
	scnprintf(__psw_msg, sizeof(__psw_msg) - 1, fmt, ##args);	\
	if (__psw_ext)							\
		__psw_ext->_msg = __psw_msg;				\
} while (0)
#endif

#endif /* _PSW_COMPAT_H */
