// SPDX-License-Identifier: GPL-2.0
/*
 * Ports: net_devices attached to a switch with an rx_handler and an upper
 * device link. A vm port belongs to one PAN and owns a static local entry
 * for each of its MACs (carrying the port's external MAC, if it has one,
 * which puts it in the reverse table); an uplink belongs to no PAN, and a
 * switch has at most one, published in sw->uplink. A trunk port belongs
 * to no PAN either: its frames get theirs from the tenant map (tenant.c);
 * the switch's trunks are an RCU list, sw->trunks, for flooding. A tep
 * port (tep.c) carries every PAN, its frames VNID-tagged; the tep ports
 * are an RCU list, sw->teps, and local entries of any PAN may name one.
 */
#include <linux/if_arp.h>
#include <linux/if_vlan.h>

#include "psw.h"

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
	const struct psw_entry *e;
	unsigned int i, j;
	bool taken;

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
		/*
		 * A learned entry gives way (a VM moved here), and so does
		 * the hold entry that waited for this port.
		 */
		rcu_read_lock();
		e = psw_entry_find(pan->sw, pan->id, macs[i]);
		taken = e && e->origin != PSW_ORIGIN_LEARNED &&
			e->mode != PSW_MODE_HOLD;
		rcu_read_unlock();
		if (taken) {
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
	kfree(rcu_dereference_protected(port->policy, true));
	free_percpu(port->stats);
	kfree(port);
}

/*
 * May @ext be an external MAC on @sw (a vm port's, or an xlate entry's)?
 * Unicast, not zero, not the uplink's own address, and inside the
 * switch's external MAC range if it has one. Uniqueness is the reverse
 * table's to check. RTNL.
 */
int psw_check_ext(struct psw_switch *sw, const u8 *ext,
		  struct netlink_ext_ack *extack)
{
	const struct psw_port *uplink = rtnl_dereference(sw->uplink);

	if (!is_valid_ether_addr(ext)) {
		NL_SET_ERR_MSG(extack,
			       "external MAC must be unicast and not zero");
		return -EINVAL;
	}
	if (uplink && ether_addr_equal(ext, uplink->dev->dev_addr)) {
		NL_SET_ERR_MSG(extack,
			       "external MAC is the uplink's own address");
		return -EADDRINUSE;
	}
	if (sw->ext_prefix && !psw_ext_in_prefix(sw->ext_prefix, ext)) {
		NL_SET_ERR_MSG(extack,
			       "external MAC lies outside the switch's external MAC range (switch set ... ext-prefix)");
		return -EINVAL;
	}
	return 0;
}

/*
 * May @addr be the address of @sw's uplink? Not an external MAC in use, and
 * not inside the external MAC range: stations would take the uplink's own
 * traffic for a VM's. RTNL.
 */
static int psw_check_uplink_addr(struct psw_switch *sw, const u8 *addr,
				 struct netlink_ext_ack *extack)
{
	if (psw_rev_find(sw, addr)) {
		NL_SET_ERR_MSG(extack,
			       "the uplink's address is an external MAC in use on the switch");
		return -EADDRINUSE;
	}
	if (psw_ext_in_prefix(sw->ext_prefix, addr)) {
		NL_SET_ERR_MSG(extack,
			       "the uplink's address lies in the switch's external MAC range");
		return -EADDRINUSE;
	}
	return 0;
}

/* Does @dev have a VLAN device for 802.1Q @vid (which would take its frames)? */
static bool psw_has_vlan_dev(struct net_device *dev, u16 vid)
{
	bool found;

	rcu_read_lock();
	found = !!__vlan_find_dev_deep_rcu(dev, htons(ETH_P_8021Q), vid);
	rcu_read_unlock();
	return found;
}

/*
 * The uplink's receive filter holds the external MAC of every vm port of
 * its switch (dev_uc_add()): the uplink is not promiscuous. On failure
 * nothing is left added.
 */
static int psw_uplink_sync_exts(struct psw_port *uplink,
				struct netlink_ext_ack *extack)
{
	struct psw_port *port;
	int err;

	list_for_each_entry(port, &uplink->sw->ports, sw_node) {
		if (is_zero_ether_addr(port->ext))
			continue;
		err = dev_uc_add(uplink->dev, port->ext);
		if (err) {
			NL_SET_ERR_MSG(extack,
				       "cannot add the VMs' external MACs to the uplink's address filter");
			goto unwind;
		}
	}
	return 0;

unwind:
	list_for_each_entry_continue_reverse(port, &uplink->sw->ports, sw_node)
		if (!is_zero_ether_addr(port->ext))
			dev_uc_del(uplink->dev, port->ext);
	return err;
}

static void psw_uplink_unsync_exts(struct psw_port *uplink)
{
	struct psw_port *port;

	list_for_each_entry(port, &uplink->sw->ports, sw_node)
		if (!is_zero_ether_addr(port->ext))
			dev_uc_del(uplink->dev, port->ext);
}

/* The ports' and the hold entries' external MACs, for a new uplink. */
static int psw_uplink_sync_all(struct psw_port *uplink,
			       struct netlink_ext_ack *extack)
{
	int err;

	err = psw_uplink_sync_exts(uplink, extack);
	if (err)
		return err;
	err = psw_table_sync_holds(uplink->sw, uplink->dev, true);
	if (err) {
		NL_SET_ERR_MSG(extack,
			       "cannot add the hold entries' external MACs to the uplink's address filter");
		psw_uplink_unsync_exts(uplink);
	}
	return err;
}

/*
 * What a port needs to receive, and to be forwarded from.
 *   - LRO off, as for a bridge port (br_add_if()): merged frames cannot be
 *     forwarded.
 *   - A vm port receives the frames its VMs send, addressed to any MAC:
 *     other VMs of the PAN, remote VMs, unknown destinations that are
 *     flooded, groups. That set is open, so a vm port is promiscuous,
 *     as a bridge keeps every port whose ingress is not statically known
 *     (br_manage_promisc()). For a tap or veth this costs nothing; a
 *     device that filters would otherwise drop its VMs' frames.
 *   - The uplink receives frames for the host (its own address) and for
 *     this host's VMs: their external MACs, which go into its unicast
 *     filter (dev_uc_add(), psw_uplink_sync_exts()), and broadcasts and
 *     multicasts of remote VMs, to groups the host does not know (IPv6
 *     solicited-node groups of tenant addresses): all-multicast mode. It
 *     is not promiscuous: frames for other stations are not received. A
 *     device without unicast filtering is put in promiscuous mode by the
 *     core itself while it has extra unicast addresses. With a VLAN, that
 *     VLAN is added to the device's VLAN filter.
 */
static int psw_port_rx_setup(struct psw_port *port,
			     struct netlink_ext_ack *extack)
{
	struct net_device *dev = port->dev;
	struct psw_port *uplink;
	int err;

	dev_disable_lro(dev);
	if (port->role == PSW_PORT_ROLE_TEP) {
		/* Every frame of the TEP is the switch's, as a trunk's. */
		err = dev_set_promiscuity(dev, 1);
		if (err)
			NL_SET_ERR_MSG(extack,
				       "cannot put the device in promiscuous mode");
		return err;
	}
	if (port->role == PSW_PORT_ROLE_TRUNK) {
		err = dev_set_promiscuity(dev, 1);
		if (err) {
			NL_SET_ERR_MSG(extack,
				       "cannot put the device in promiscuous mode");
			return err;
		}
		err = psw_trunk_vlans_sync(port, true);
		if (err) {
			NL_SET_ERR_MSG(extack,
				       "cannot add the tenant map's VLANs to the device's VLAN filter");
			dev_set_promiscuity(dev, -1);
		}
		return err;
	}
	if (port->role == PSW_PORT_ROLE_VM) {
		err = dev_set_promiscuity(dev, 1);
		if (err) {
			NL_SET_ERR_MSG(extack,
				       "cannot put the device in promiscuous mode");
			return err;
		}
		uplink = rtnl_dereference(port->sw->uplink);
		if (!uplink || is_zero_ether_addr(port->ext))
			return 0;
		err = dev_uc_add(uplink->dev, port->ext);
		if (err) {
			NL_SET_ERR_MSG(extack,
				       "cannot add the external MAC to the uplink's address filter");
			dev_set_promiscuity(dev, -1);
		}
		return err;
	}

	err = dev_set_allmulti(dev, 1);
	if (err) {
		NL_SET_ERR_MSG(extack,
			       "cannot put the uplink in all-multicast mode");
		return err;
	}
	if (port->vid) {
		err = vlan_vid_add(dev, htons(ETH_P_8021Q), port->vid);
		if (err) {
			NL_SET_ERR_MSG(extack,
				       "cannot add the VLAN to the uplink's VLAN filter");
			goto err_allmulti;
		}
	}
	err = psw_uplink_sync_all(port, extack);
	if (err)
		goto err_vid;
	err = psw_isolate_uplink_sync(port, true);
	if (err) {
		NL_SET_ERR_MSG(extack,
			       "cannot add the isolated ports' VLANs to the uplink's VLAN filter");
		psw_uplink_unsync_exts(port);
		psw_table_sync_holds(port->sw, dev, false);
		goto err_vid;
	}
	return 0;

err_vid:
	if (port->vid)
		vlan_vid_del(dev, htons(ETH_P_8021Q), port->vid);
err_allmulti:
	dev_set_allmulti(dev, -1);
	return err;
}

/* Undo psw_port_rx_setup(). */
static void psw_port_rx_teardown(struct psw_port *port)
{
	struct net_device *dev = port->dev;
	struct psw_port *uplink;

	if (port->role == PSW_PORT_ROLE_TEP) {
		dev_set_promiscuity(dev, -1);
		return;
	}
	if (port->role == PSW_PORT_ROLE_TRUNK) {
		psw_trunk_vlans_sync(port, false);
		dev_set_promiscuity(dev, -1);
		return;
	}
	if (port->role == PSW_PORT_ROLE_VM) {
		uplink = rtnl_dereference(port->sw->uplink);
		if (uplink && !is_zero_ether_addr(port->ext))
			dev_uc_del(uplink->dev, port->ext);
		dev_set_promiscuity(dev, -1);
		return;
	}
	psw_isolate_uplink_sync(port, false);
	psw_uplink_unsync_exts(port);
	psw_table_sync_holds(port->sw, dev, false);
	if (port->vid)
		vlan_vid_del(dev, htons(ETH_P_8021Q), port->vid);
	dev_set_allmulti(dev, -1);
}

/* Checks of a new port that depend on its role. */
static int psw_port_check_role(struct psw_switch *sw, struct net_device *dev,
			       const struct psw_port_args *a,
			       struct netlink_ext_ack *extack)
{
	int err;

	if (a->role == PSW_PORT_ROLE_UPLINK) {
		if (rtnl_dereference(sw->uplink)) {
			NL_SET_ERR_MSG(extack, "the switch already has an uplink");
			return -EBUSY;
		}
		if (a->vid && psw_vlan_pool_holds(sw, a->vid)) {
			NL_SET_ERR_MSG(extack,
				       "the uplink's VLAN is in the switch's VLAN pool");
			return -EBUSY;
		}
		if (a->vid && psw_has_vlan_dev(dev, a->vid)) {
			NL_SET_ERR_MSG(extack,
				       "the device has a VLAN device for this VLAN, which would take its frames");
			return -EBUSY;
		}
		return psw_check_uplink_addr(sw, dev->dev_addr, extack);
	}
	if (a->role == PSW_PORT_ROLE_TRUNK || a->role == PSW_PORT_ROLE_TEP)
		return 0;
	if (a->ext) {
		err = psw_check_ext(sw, a->ext, extack);
		if (err)
			return err;
		if (a->nmacs > 1) {
			NL_SET_ERR_MSG(extack,
				       "a port with an external MAC has exactly one MAC");
			return -EINVAL;
		}
	}
	return psw_port_check_macs(a->pan, a->macs, a->nmacs, extack);
}

/**
 * psw_port_add() - attach a device to a switch as a vm port or its uplink
 * @sw: the switch
 * @dev: the device, an Ethernet device of the switch's namespace that has
 *       no master and no rx handler
 * @a: the port's role, and for a vm port its PAN, MACs and external MAC,
 *     for an uplink its VLAN
 * @extack: where a refusal says why
 *
 * A vm port gets a static local entry for each of its MACs (psw_entry_add())
 * before it is published; then its receive filters are set, the rx handler
 * (psw_handle_frame()) registered with the port as its data, and the device
 * linked below the switch. The port is reachable from the packet path from
 * the moment the rx handler is registered. A refusal changes nothing.
 *
 * Context: process context, RTNL held.
 * Return: 0, or a negative errno with @extack set.
 */
int psw_port_add(struct psw_switch *sw, struct net_device *dev,
		 const struct psw_port_args *a, struct netlink_ext_ack *extack)
{
	struct psw_entry_args args = {
		.mode = PSW_MODE_LOCAL,
		.origin = PSW_ORIGIN_PORT,
	};
	struct psw_port_args pa = *a;
	struct psw_port_policy *policy = NULL;
	bool vm = a->role == PSW_PORT_ROLE_VM;
	struct psw_port *port;
	unsigned int i;
	int err;

	ASSERT_RTNL();

	err = psw_port_check_dev(sw, dev, extack);
	if (err)
		return err;
	if (vm && !pa.nmacs) {
		pa.macs = (const u8 (*)[ETH_ALEN])dev->dev_addr;
		pa.nmacs = 1;
	}
	err = psw_port_check_role(sw, dev, &pa, extack);
	if (err)
		return err;

	port = kzalloc(sizeof(*port), PSW_GFP);
	if (port)
		port->stats = psw_stats_alloc();
	if (port && vm) {
		/* Port security on, no link-local frame forwarded. */
		policy = kzalloc(sizeof(*policy), PSW_GFP);
		if (policy)
			policy->security = true;
	}
	if (!port || !port->stats || (vm && !policy)) {
		if (port)
			free_percpu(port->stats);
		kfree(policy);
		kfree(port);
		NL_SET_ERR_MSG(extack, "out of memory for the port");
		return -ENOMEM;
	}
	RCU_INIT_POINTER(port->policy, policy);
	port->dev = dev;
	port->sw = sw;
	port->role = pa.role;
	/* Not yet reachable: the rx handler below publishes the port. */
	rcu_assign_pointer(port->pan, vm ? pa.pan : NULL);
	port->nmacs = vm ? pa.nmacs : 0;
	memcpy(port->macs, pa.macs, port->nmacs * ETH_ALEN);
	if (vm && pa.ext)
		ether_addr_copy(port->ext, pa.ext);
	port->vid = a->role == PSW_PORT_ROLE_UPLINK ? pa.vid : 0;
	port->classify = a->role == PSW_PORT_ROLE_TRUNK ? pa.classify : 0;
	port->tpid = a->role == PSW_PORT_ROLE_TEP ? pa.tpid : 0;
	INIT_LIST_HEAD(&port->pan_node);
	INIT_LIST_HEAD(&port->trunk_node);
	netdev_hold(dev, &port->dev_tracker, GFP_KERNEL);

	args.port = port;
	args.ext = vm ? pa.ext : NULL;
	for (i = 0; i < port->nmacs; i++) {
		err = psw_entry_add(pa.pan, port->macs[i], &args, false, extack);
		if (err)
			goto err_entries;
	}

	err = psw_port_rx_setup(port, extack);
	if (err)
		goto err_entries;
	err = netdev_rx_handler_register(dev, psw_handle_frame, port);
	if (err) {
		NL_SET_ERR_MSG(extack, "cannot register the rx handler");
		goto err_rx_setup;
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
	if (vm) {
		list_add_tail_rcu(&port->pan_node, &pa.pan->ports);
		pa.pan->nports++;
		/* its first port: the switch joins the PAN's group */
		psw_mcast_sync(pa.pan);
	} else if (a->role == PSW_PORT_ROLE_TRUNK) {
		list_add_tail_rcu(&port->trunk_node, &sw->trunks);
		/* the PANs it carries join their groups */
		psw_mcast_sync_switch(sw);
	} else if (a->role == PSW_PORT_ROLE_TEP) {
		list_add_tail_rcu(&port->trunk_node, &sw->teps);
		/* it carries every PAN: they join their groups */
		psw_mcast_sync_switch(sw);
	} else {
		rcu_assign_pointer(sw->uplink, port);
	}
	psw_changed(sw);
	return 0;

err_rx_handler:
	netdev_rx_handler_unregister(dev);
err_rx_setup:
	psw_port_rx_teardown(port);
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
	struct psw_pan *pan = psw_port_pan(port);
	struct psw_switch *sw = port->sw;
	struct net_device *dev = port->dev;

	ASSERT_RTNL();

	/* Unpublish every path to the port before the port itself. */
	psw_isolate_port_gone(port);
	psw_port_flush_entries(port, notify);
	if (notify)
		psw_notify_port(port, PSW_CMD_PORT_DEL, GFP_KERNEL);
	psw_port_rx_teardown(port);
	if (pan) {
		list_del_rcu(&port->pan_node);
		pan->nports--;
		/* its last port: the switch leaves the PAN's group */
		psw_mcast_sync(pan);
	} else if (port->role == PSW_PORT_ROLE_TRUNK ||
		   port->role == PSW_PORT_ROLE_TEP) {
		list_del_rcu(&port->trunk_node);
		/* the PANs only it carried leave their groups */
		psw_mcast_sync_switch(sw);
	} else {
		RCU_INIT_POINTER(sw->uplink, NULL);
	}
	list_del(&port->sw_node);
	sw->nports--;

	netdev_upper_dev_unlink(dev, sw->dev);
	netdev_rx_handler_unregister(dev);	/* waits for readers */
	/* Its held frames are dropped, counted on it before its PAN takes */
	psw_hold_flush_port(port);
	/* No reader counts on the port any more: its PAN keeps its counts. */
	if (pan)
		psw_pan_port_gone(pan, port);
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

/*
 * The uplink's address may not become an external MAC in use or one in the
 * external MAC range; no VLAN device may take the uplink's VLAN.
 */
static int psw_uplink_notifier(struct psw_port *uplink, unsigned long event,
			       void *ptr)
{
	struct netdev_notifier_changeupper_info *cu = ptr;
	struct netdev_notifier_pre_changeaddr_info *ca = ptr;
	struct netlink_ext_ack *extack;

	extack = netdev_notifier_info_to_extack(ptr);
	switch (event) {
	case NETDEV_PRE_CHANGEADDR:
		return notifier_from_errno(psw_check_uplink_addr(uplink->sw,
								  ca->dev_addr,
								  extack));
	case NETDEV_PRECHANGEUPPER:
		if (uplink->vid && cu->linking && is_vlan_dev(cu->upper_dev) &&
		    vlan_dev_vlan_proto(cu->upper_dev) == htons(ETH_P_8021Q) &&
		    vlan_dev_vlan_id(cu->upper_dev) == uplink->vid) {
			NL_SET_ERR_MSG(extack,
				       "the device is a panswitch uplink on this VLAN");
			return notifier_from_errno(-EBUSY);
		}
		return NOTIFY_DONE;
	}
	return NOTIFY_DONE;
}

/* Netdev events of a device that may be a port. RTNL. */
int psw_port_notifier(struct net_device *dev, unsigned long event, void *ptr)
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
		NL_SET_ERR_MSG(netdev_notifier_info_to_extack(ptr),
			       "device is a panswitch port and must stay Ethernet");
		return NOTIFY_BAD;
	}
	if (port->role == PSW_PORT_ROLE_UPLINK)
		return psw_uplink_notifier(port, event, ptr);
	return NOTIFY_DONE;
}
