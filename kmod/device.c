// SPDX-License-Identifier: GPL-2.0
/*
 * The switch device: "ip link add psw0 type panswitch", or PSW_CMD_SWITCH_NEW.
 * The device is the switch's handle. It carries no PAN traffic itself: a
 * host that wants to join a PAN attaches one end of a veth as a vm port.
 */
#include <net/rtnetlink.h>

#include "compat.h"
#include "panswitch.h"

static int psw_dev_init(struct net_device *dev)
{
	struct psw_switch *sw = netdev_priv(dev);
	struct psw_net *pn = psw_net(dev_net(dev));
	int err;

	sw->dev = dev;
	INIT_LIST_HEAD(&sw->ports);
	xa_init(&sw->pans);
	err = psw_table_init(sw);
	if (err)
		return err;
	list_add_tail(&sw->node, &pn->switches);
	psw_changed(sw);
	return 0;
}

/* Last step of unregistering the device; ports are detached by now. */
static void psw_dev_uninit(struct net_device *dev)
{
	struct psw_switch *sw = netdev_priv(dev);

	psw_switch_del_ports(sw);
	psw_switch_del_pans(sw);
	psw_table_destroy(sw);
	xa_destroy(&sw->pans);
	psw_changed(sw);
	list_del(&sw->node);
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
	dev->priv_flags |= IFF_NO_QUEUE;
	dev->flags |= IFF_NOARP;
	dev->min_mtu = ETH_MIN_MTU;
	dev->max_mtu = ETH_MAX_MTU;
	psw_set_netns_local(dev);
	eth_hw_addr_random(dev);
}

static void psw_dellink(struct net_device *dev, struct list_head *head)
{
	struct psw_switch *sw = netdev_priv(dev);

	/* Detach ports now, while their devices are surely registered. */
	psw_switch_del_ports(sw);
	unregister_netdevice_queue(dev, head);
}

struct rtnl_link_ops psw_link_ops __read_mostly = {
	.kind		= PSW_GENL_NAME,
	.priv_size	= sizeof(struct psw_switch),
	.setup		= psw_dev_setup,
	.dellink	= psw_dellink,
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
	dev = alloc_netdev(sizeof(struct psw_switch), name, NET_NAME_USER,
			   psw_dev_setup);
	if (!dev)
		return ERR_PTR(-ENOMEM);
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
