// SPDX-License-Identifier: GPL-2.0
/*
 * Ports: net_devices attached to a switch with an rx_handler and an upper
 * device link. A vm port belongs to one PAN and owns a static local entry
 * for each of its MACs (carrying the port's external MAC, if it has one,
 * which puts it in the reverse table); an uplink belongs to no PAN, and a
 * switch has at most one, published in sw->uplink.
 */
#include <linux/if_arp.h>

#include "panswitch.h"

/* The port of @dev, or NULL if @dev is not a panswitch port. RTNL. */
struct psw_port *psw_port_of(const struct net_device *dev)
{
	if (rcu_access_pointer(dev->rx_handler) != psw_handle_frame)
		return NULL;
	return rtnl_dereference(dev->rx_handler_data);
}

static int psw_port_check_dev(struct psw_switch *sw, struct net_device *dev,
			      struct netlink_ext_ack *extack)
{
	struct net_device *master;

	if (dev->flags & IFF_LOOPBACK) {
		NL_SET_ERR_MSG(extack, "a loopback device cannot be a port");
		return -EINVAL;
	}
	if (psw_is_switch(dev)) {
		NL_SET_ERR_MSG(extack, "a switch cannot be a port");
		return -ELOOP;
	}
	if (dev->type != ARPHRD_ETHER || dev->addr_len != ETH_ALEN ||
	    !is_valid_ether_addr(dev->dev_addr)) {
		NL_SET_ERR_MSG(extack, "device is not an Ethernet device");
		return -EINVAL;
	}
	if (!net_eq(dev_net(dev), dev_net(sw->dev))) {
		NL_SET_ERR_MSG(extack,
			       "device is in another network namespace");
		return -EXDEV;
	}
	if (psw_port_of(dev)) {
		NL_SET_ERR_MSG(extack, "device is already a port of a switch");
		return -EBUSY;
	}
	master = netdev_master_upper_dev_get(dev);
	if (master) {
		NL_SET_ERR_MSG(extack,
			       "device already has a master (bridge, bond or another switch)");
		return -EBUSY;
	}
	if (netdev_is_rx_handler_busy(dev)) {
		NL_SET_ERR_MSG(extack,
			       "device is already in use by another rx handler");
		return -EBUSY;
	}
	return 0;
}

static int psw_port_check_macs(struct psw_pan *pan,
			       const u8 (*macs)[ETH_ALEN], unsigned int nmacs,
			       struct netlink_ext_ack *extack)
{
	unsigned int i, j;

	for (i = 0; i < nmacs; i++) {
		if (!is_valid_ether_addr(macs[i])) {
			NL_SET_ERR_MSG(extack,
				       "port MAC must be unicast and not zero");
			return -EINVAL;
		}
		for (j = 0; j < i; j++) {
			if (ether_addr_equal(macs[i], macs[j])) {
				NL_SET_ERR_MSG(extack,
					       "port MAC listed twice");
				return -EINVAL;
			}
		}
		if (psw_entry_find(pan->sw, pan->id, macs[i])) {
			NL_SET_ERR_MSG(extack,
				       "port MAC already has an entry in the PAN");
			return -EEXIST;
		}
	}
	return 0;
}

static void psw_port_free_rcu(struct rcu_head *head)
{
	struct psw_port *port = container_of(head, struct psw_port, rcu);

	netdev_put(port->dev, &port->dev_tracker);
	free_percpu(port->stats);
	kfree(port);
}

int psw_port_add(struct psw_switch *sw, struct net_device *dev,
		 enum psw_port_role role, struct psw_pan *pan,
		 const u8 (*macs)[ETH_ALEN], unsigned int nmacs, const u8 *ext,
		 struct netlink_ext_ack *extack)
{
	struct psw_entry_args args = {
		.mode = PSW_MODE_LOCAL,
		.origin = PSW_ORIGIN_PORT,
	};
	struct psw_port *port;
	unsigned int i;
	int err;

	ASSERT_RTNL();

	err = psw_port_check_dev(sw, dev, extack);
	if (err)
		return err;
	if (role == PSW_PORT_ROLE_UPLINK && rtnl_dereference(sw->uplink)) {
		NL_SET_ERR_MSG(extack, "the switch already has an uplink");
		return -EBUSY;
	}
	if (ext && !is_valid_ether_addr(ext)) {
		NL_SET_ERR_MSG(extack,
			       "external MAC must be unicast and not zero");
		return -EINVAL;
	}
	if (ext && nmacs > 1) {
		NL_SET_ERR_MSG(extack,
			       "a port with an external MAC has exactly one MAC");
		return -EINVAL;
	}
	if (role == PSW_PORT_ROLE_VM) {
		if (!nmacs) {
			macs = (const u8 (*)[ETH_ALEN])dev->dev_addr;
			nmacs = 1;
		}
		err = psw_port_check_macs(pan, macs, nmacs, extack);
		if (err)
			return err;
	}

	port = kzalloc(sizeof(*port), PSW_GFP);
	if (port)
		port->stats = psw_stats_alloc();
	if (!port || !port->stats) {
		kfree(port);
		NL_SET_ERR_MSG(extack, "out of memory for the port");
		return -ENOMEM;
	}
	port->dev = dev;
	port->sw = sw;
	port->role = role;
	port->pan = role == PSW_PORT_ROLE_VM ? pan : NULL;
	port->nmacs = role == PSW_PORT_ROLE_VM ? nmacs : 0;
	memcpy(port->macs, macs, port->nmacs * ETH_ALEN);
	if (ext)
		ether_addr_copy(port->ext, ext);
	INIT_LIST_HEAD(&port->pan_node);
	netdev_hold(dev, &port->dev_tracker, GFP_KERNEL);

	args.port = port;
	args.ext = ext;
	for (i = 0; i < port->nmacs; i++) {
		err = psw_entry_add(pan, port->macs[i], &args, false, extack);
		if (err)
			goto err_entries;
	}

	/*
	 * A vm port receives frames for its VMs' MACs, not its own; an uplink
	 * for its VMs' external MACs besides the host's own.
	 */
	err = dev_set_promiscuity(dev, 1);
	if (err)
		goto err_entries;
	err = netdev_rx_handler_register(dev, psw_handle_frame, port);
	if (err) {
		NL_SET_ERR_MSG(extack, "cannot register the rx handler");
		goto err_promisc;
	}
	err = netdev_master_upper_dev_link(dev, sw->dev, NULL, NULL, extack);
	if (err) {
		/* The core says why only when a notifier refused. */
		if (extack && !extack->_msg)
			NL_SET_ERR_MSG(extack,
				       "cannot link the device below the switch");
		goto err_rx_handler;
	}

	list_add_tail(&port->sw_node, &sw->ports);
	sw->nports++;
	if (port->pan) {
		list_add_tail_rcu(&port->pan_node, &pan->ports);
		pan->nports++;
	} else {
		rcu_assign_pointer(sw->uplink, port);
	}
	psw_changed(sw);
	return 0;

err_rx_handler:
	netdev_rx_handler_unregister(dev);
err_promisc:
	dev_set_promiscuity(dev, -1);
err_entries:
	/*
	 * Readers may have found the entries: free after a grace period.
	 * They were never announced.
	 */
	psw_port_flush_entries(port, false);
	call_rcu(&port->rcu, psw_port_free_rcu);
	return err;
}

/*
 * Detach @port. With @notify, the entries removed with it are announced,
 * then the port.
 */
void psw_port_del(struct psw_port *port, bool notify)
{
	struct psw_switch *sw = port->sw;
	struct net_device *dev = port->dev;

	ASSERT_RTNL();

	/* Unpublish every path to the port before the port itself. */
	psw_port_flush_entries(port, notify);
	if (notify)
		psw_notify_port(port, PSW_CMD_PORT_DEL);
	if (port->pan) {
		list_del_rcu(&port->pan_node);
		port->pan->nports--;
	} else {
		RCU_INIT_POINTER(sw->uplink, NULL);
	}
	list_del(&port->sw_node);
	sw->nports--;

	netdev_upper_dev_unlink(dev, sw->dev);
	netdev_rx_handler_unregister(dev);	/* waits for readers */
	dev_set_promiscuity(dev, -1);
	psw_changed(sw);
	call_rcu(&port->rcu, psw_port_free_rcu);
}

/*
 * Switch teardown. Nothing is announced: the switch's own
 * PSW_CMD_SWITCH_DEL implies its ports and their entries.
 */
void psw_switch_del_ports(struct psw_switch *sw)
{
	struct psw_port *port, *tmp;

	list_for_each_entry_safe(port, tmp, &sw->ports, sw_node)
		psw_port_del(port, false);
}

/* Netdev events of a device that may be a port. RTNL. */
int psw_port_notifier(struct net_device *dev, unsigned long event,
		      struct netlink_ext_ack *extack)
{
	struct psw_port *port = psw_port_of(dev);

	if (!port)
		return NOTIFY_DONE;

	switch (event) {
	case NETDEV_UNREGISTER:
		/* Device deleted, or moving to another namespace. */
		psw_port_del(port, true);
		return NOTIFY_OK;
	case NETDEV_PRE_TYPE_CHANGE:
		/* A port must stay Ethernet. */
		NL_SET_ERR_MSG(extack,
			       "device is a panswitch port and must stay Ethernet");
		return NOTIFY_BAD;
	}
	return NOTIFY_DONE;
}
