// SPDX-License-Identifier: GPL-2.0
/*
 * The switch device: "ip link add psw0 type panswitch", or PSW_CMD_SWITCH_NEW.
 * The device is the switch's handle. It carries no PAN traffic itself: a
 * host that wants to join a PAN attaches one end of a veth as a vm port.
 */
#include <net/rtnetlink.h>

#include "compat.h"
#include "psw.h"
#include "remote.h"

static int psw_dev_init(struct net_device *dev)
{
	struct psw_switch *sw = netdev_priv(dev);
	struct psw_net *pn = psw_net(dev_net(dev));
	struct psw_underlay *u;
	int err;

	sw->dev = dev;
	spin_lock_init(&sw->lock);
	psw_learn_init_switch(sw);
	INIT_LIST_HEAD(&sw->ports);
	INIT_LIST_HEAD(&sw->mgroups);
	INIT_LIST_HEAD(&sw->teps);
	xa_init(&sw->pans);
	sw->max_pans = PSW_MAX_PANS_DEFAULT;
	sw->max_entries = PSW_MAX_ENTRIES_DEFAULT;
	u = kzalloc(sizeof(*u), PSW_GFP);
	sw->stats = psw_stats_alloc();
	sw->nego = psw_nego_alloc();
	err = psw_alloc_tstats(dev);
	if (!u || !sw->stats || !sw->nego || err)
		goto err_free;
	u->vxlan_port = PSW_VXLAN_PORT;
	RCU_INIT_POINTER(sw->underlay, u);
	err = psw_table_init(sw);
	if (err)
		goto err_free;
	err = psw_trust_init(sw);
	if (err) {
		psw_table_destroy(sw);
		goto err_free;
	}
	err = psw_neigh_init(sw);
	if (err) {
		psw_trust_destroy(sw);
		psw_table_destroy(sw);
		goto err_free;
	}
	err = psw_tenant_init(sw);
	if (err) {
		psw_neigh_destroy(sw);
		psw_trust_destroy(sw);
		psw_table_destroy(sw);
		goto err_free;
	}
	list_add_tail_rcu(&sw->node, &pn->switches);
	psw_changed(sw);
	return 0;

err_free:
	RCU_INIT_POINTER(sw->underlay, NULL);
	psw_free_tstats(dev);
	free_percpu(sw->stats);
	sw->stats = NULL;
	psw_nego_free(sw->nego);
	sw->nego = NULL;
	kfree(u);
	return err ?: -ENOMEM;
}

/* After the last reader is gone: what tunnel arrivals may still touch. */
static void psw_dev_destructor(struct net_device *dev)
{
	struct psw_switch *sw = netdev_priv(dev);

	kfree(rcu_dereference_protected(sw->underlay, true));
	free_percpu(sw->stats);
	psw_nego_free(sw->nego);
	psw_free_tstats(dev);
}

/*
 * Last step of unregistering the device; ports are detached by now. The
 * switch leaves the namespace's list (where NVGRE arrivals find it) before
 * psw_decap_stop() waits for the readers.
 */
static void psw_dev_uninit(struct net_device *dev)
{
	struct psw_switch *sw = netdev_priv(dev);

	list_del_rcu(&sw->node);
	psw_decap_stop(sw);
	psw_learn_stop(sw);
	psw_switch_del_ports(sw);
	psw_vlan_pool_destroy(sw);
	psw_switch_flush_tenants(sw);
	psw_switch_del_pans(sw);
	psw_nego_flush(sw);
	psw_tenant_destroy(sw);
	psw_neigh_destroy(sw);
	psw_trust_destroy(sw);
	psw_table_destroy(sw);
	xa_destroy(&sw->pans);
	psw_changed(sw);
}

static netdev_tx_t psw_dev_xmit(struct sk_buff *skb, struct net_device *dev)
{
	/* The host reaches PANs through vm ports, not through the switch. */
	DEV_STATS_INC(dev, tx_dropped);
	kfree_skb(skb);
	return NETDEV_TX_OK;
}

static const struct net_device_ops psw_netdev_ops = {
	.ndo_init		= psw_dev_init,
	.ndo_uninit		= psw_dev_uninit,
	.ndo_start_xmit		= psw_dev_xmit,
	.ndo_get_stats64	= dev_get_tstats64,
	.ndo_set_mac_address	= eth_mac_addr,
	.ndo_validate_addr	= eth_validate_addr,
};

bool psw_is_switch(const struct net_device *dev)
{
	return dev->netdev_ops == &psw_netdev_ops;
}

static void psw_dev_setup(struct net_device *dev)
{
	ether_setup(dev);
	dev->netdev_ops = &psw_netdev_ops;
	dev->needs_free_netdev = true;
	dev->priv_destructor = psw_dev_destructor;
	psw_set_tstats_type(dev);
	dev->priv_flags |= IFF_NO_QUEUE;
	dev->flags |= IFF_NOARP;
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = ETH_MAX_MTU;
	psw_set_netns_local(dev);
	eth_hw_addr_random(dev);
}

/*
 * Every deletion of a switch comes here (ip link del, PSW_CMD_SWITCH_DEL,
 * the namespace going, rtnl_link_unregister at rmmod).
 */
static void psw_dellink(struct net_device *dev, struct list_head *head)
{
	struct psw_switch *sw = netdev_priv(dev);

	/*
	 * One PSW_CMD_SWITCH_DEL, with the switch as it is: it implies every
	 * port, PAN and entry, which go unannounced.
	 */
	psw_notify_switch(sw, PSW_CMD_SWITCH_DEL, GFP_KERNEL);
	sw->del_announced = true;
	/* Detach ports now, while their devices are surely registered. */
	psw_switch_del_ports(sw);
	/* An NVGRE device the switch was the last user of goes with it. */
	psw_decap_release(sw, head);
	unregister_netdevice_queue(dev, head);
}

/*
 * The details of "ip -d link show" (IFLA_INFO_DATA, printed by the
 * iproute2 plugin in tools/iproute2): read only, set through the generic
 * netlink family. psw_link_validate() refuses a request that carries
 * them instead of ignoring it.
 */
static const struct nla_policy psw_link_policy[IFLA_PANSWITCH_MAX + 1] = {
	[IFLA_PANSWITCH_UNDERLAY4]	= { .type = NLA_U32 },
	[IFLA_PANSWITCH_UNDERLAY6]	= NLA_POLICY_EXACT_LEN(16),
	[IFLA_PANSWITCH_VXLAN_PORT]	= { .type = NLA_U16 },
	[IFLA_PANSWITCH_PANS]		= { .type = NLA_U32 },
	[IFLA_PANSWITCH_PORTS]		= { .type = NLA_U32 },
};

/*
 * Every RTM_NEWLINK that names the kind comes here first: "ip link add
 * NAME type panswitch" and, on an existing switch, a change (RTM_NEWLINK
 * or RTM_SETLINK with IFLA_LINKINFO). A request with IFLA_INFO_DATA, even
 * an empty one or one with attributes this module does not know, is
 * refused before anything is created or changed (the core would refuse a
 * change for the lack of changelink, but without a message).
 */
static int psw_link_validate(struct nlattr *tb[], struct nlattr *data[],
			     struct netlink_ext_ack *extack)
{
	int i;

	if (!data)
		return 0;
	for (i = 1; i <= IFLA_PANSWITCH_MAX; i++) {
		if (data[i]) {
			NL_SET_ERR_MSG_ATTR(extack, data[i],
					    "panswitch link attributes are read only: configure the switch with the panswitch family");
			return -EOPNOTSUPP;
		}
	}
	NL_SET_ERR_MSG(extack,
		       "panswitch takes no link attributes (IFLA_INFO_DATA): configure the switch with the panswitch family");
	return -EOPNOTSUPP;
}

/* ip link add NAME type panswitch: what the core does, with a message. */
static int psw_newlink(struct net *src_net, struct net_device *dev,
		       struct nlattr *tb[], struct nlattr *data[],
		       struct netlink_ext_ack *extack)
{
	int err = register_netdevice(dev);

	if (err)
		NL_SET_ERR_MSG(extack, "cannot register the switch device");
	return err;
}

static size_t psw_link_get_size(const struct net_device *dev)
{
	return nla_total_size(sizeof(__be32)) +		/* UNDERLAY4 */
	       nla_total_size(sizeof(struct in6_addr)) + /* UNDERLAY6 */
	       nla_total_size(sizeof(u16)) +		/* VXLAN_PORT */
	       nla_total_size(sizeof(u32)) +		/* PANS */
	       nla_total_size(sizeof(u32));		/* PORTS */
}

/*
 * Called with RTNL held (or, on kernels that dump links under RCU, the
 * RCU read lock): the underlay is read under RCU and the counts once each,
 * as psw_fill_switch() does.
 */
static int psw_link_fill_info(struct sk_buff *skb,
			      const struct net_device *dev)
{
	const struct psw_switch *sw = netdev_priv(dev);
	const struct psw_underlay *u;
	int err = 0;

	rcu_read_lock();
	u = rcu_dereference_rtnl(sw->underlay);
	if (!u)			/* only while the device is being set up */
		goto out;
	err = -EMSGSIZE;
	if (u->local4 &&
	    nla_put_in_addr(skb, IFLA_PANSWITCH_UNDERLAY4, u->local4))
		goto out;
	if (!ipv6_addr_any(&u->local6) &&
	    nla_put_in6_addr(skb, IFLA_PANSWITCH_UNDERLAY6, &u->local6))
		goto out;
	if (nla_put_u16(skb, IFLA_PANSWITCH_VXLAN_PORT, u->vxlan_port) ||
	    nla_put_u32(skb, IFLA_PANSWITCH_PANS, READ_ONCE(sw->npans)) ||
	    nla_put_u32(skb, IFLA_PANSWITCH_PORTS, READ_ONCE(sw->nports)))
		goto out;
	err = 0;
out:
	rcu_read_unlock();
	return err;
}

struct rtnl_link_ops psw_link_ops __read_mostly = {
	.kind		= PSW_GENL_NAME,
	.priv_size	= sizeof(struct psw_switch),
	.maxtype	= IFLA_PANSWITCH_MAX,
	.policy		= psw_link_policy,
	.validate	= psw_link_validate,
	.setup		= psw_dev_setup,
	.newlink	= psw_newlink,
	.dellink	= psw_dellink,
	.get_size	= psw_link_get_size,
	.fill_info	= psw_link_fill_info,
};

struct psw_switch *psw_switch_create(struct net *net, const char *name,
				     struct netlink_ext_ack *extack)
{
	struct net_device *dev;
	int err;

	ASSERT_RTNL();

	if (__dev_get_by_name(net, name)) {
		NL_SET_ERR_MSG(extack, "a device with this name exists");
		return ERR_PTR(-EEXIST);
	}
	if (!dev_valid_name(name)) {
		NL_SET_ERR_MSG(extack, "invalid device name");
		return ERR_PTR(-EINVAL);
	}
	/* The core charges the device, private area included, to memcg. */
	dev = alloc_netdev(sizeof(struct psw_switch), name, NET_NAME_USER,
			   psw_dev_setup);
	if (!dev) {
		NL_SET_ERR_MSG(extack, "out of memory for the switch device");
		return ERR_PTR(-ENOMEM);
	}
	dev_net_set(dev, net);
	dev->rtnl_link_ops = &psw_link_ops;

	err = register_netdevice(dev);
	if (err) {
		free_netdev(dev);
		NL_SET_ERR_MSG(extack, "cannot register the switch device");
		return ERR_PTR(err);
	}
	return netdev_priv(dev);
}

void psw_switch_delete(struct psw_switch *sw)
{
	LIST_HEAD(list_kill);

	ASSERT_RTNL();
	psw_dellink(sw->dev, &list_kill);
	unregister_netdevice_many(&list_kill);
}
