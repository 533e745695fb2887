/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Differences between the kernels panswitch builds against (Debian
 * bookworm's 6.1 and bookworm-backports' 6.12). Everything that depends on
 * LINUX_VERSION_CODE lives here and nowhere else.
 */
#ifndef _PSW_COMPAT_H
#define _PSW_COMPAT_H

#include <linux/version.h>
#include <linux/netdevice.h>
#include <net/genetlink.h>

/*
 * 6.12 turned NETIF_F_NETNS_LOCAL into a bit field of its own,
 * netns_local, which 6.15 renamed netns_immutable; the rename reached the
 * 6.12 stable series in 6.12.114 (Debian's 6.12.115-1).
 */
static inline void psw_set_netns_local(struct net_device *dev)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 15, 0) || \
	(LINUX_VERSION_CODE >= KERNEL_VERSION(6, 12, 114) && \
	 LINUX_VERSION_CODE < KERNEL_VERSION(6, 13, 0))
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
 * allocates them when asked to by pcpu_stat_type.
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
	dev->tstats = netdev_alloc_pcpu_stats(struct pcpu_sw_netstats);
	return dev->tstats ? 0 : -ENOMEM;
}

static inline void psw_free_tstats(struct net_device *dev)
{
	free_percpu(dev->tstats);
	dev->tstats = NULL;
}
#endif

/*
 * encap.c: since 6.5 skb_gso_segment() and the other GSO helpers are
 * declared in <net/gso.h>, no longer in <linux/netdevice.h>.
 */
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 5, 0)
#include <net/gso.h>
#endif

#endif /* _PSW_COMPAT_H */
