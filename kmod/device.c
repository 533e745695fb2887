// SPDX-License-Identifier: GPL-2.0
/*
 * The switch device: "ip link add psw0 type panswitch", or PSW_CMD_SWITCH_NEW.
 * The device is the switch's handle. It carries no PAN traffic itself: a
 * host that wants to join a PAN attaches one end of a veth as a vm port.
 */
#include <net/ipv6.h>
#include <net/rtnetlink.h>

#include "compat.h"
#include "panswitch.h"

static int psw_dev_init(struct net_device *dev)
{
	struct psw_switch *sw = netdev_priv(dev);
	struct psw_net *pn = psw_net(dev_net(dev));
	struct psw_underlay *u;
	int err;

	sw->dev = dev;
	INIT_LIST_HEAD(&sw->ports);
	xa_init(&sw->pans);
	sw->max_pans = PSW_MAX_PANS_DEFAULT;
	sw->max_entries = PSW_MAX_ENTRIES_DEFAULT;
	u = kzalloc(sizeof(*u), PSW_GFP);
	sw->stats = psw_stats_alloc();
	err = psw_alloc_tstats(dev);
	if (!u || !sw->stats || err)
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
	list_add_tail_rcu(&sw->node, &pn->switches);
	psw_changed(sw);
	return 0;

err_free:
	RCU_INIT_POINTER(sw->underlay, NULL);
	psw_free_tstats(dev);
	free_percpu(sw->stats);
	sw->stats = NULL;
	kfree(u);
	return err ?: -ENOMEM;
}

/* After the last reader is gone: what tunnel arrivals may still touch. */
static void psw_dev_destructor(struct net_device *dev)
{
	struct psw_switch *sw = netdev_priv(dev);

	kfree(rcu_dereference_protected(sw->underlay, true));
	free_percpu(sw->stats);
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
	psw_switch_del_ports(sw);
	psw_switch_del_pans(sw);
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

struct rtnl_link_ops psw_link_ops __read_mostly = {
	.kind		= PSW_GENL_NAME,
	.priv_size	= sizeof(struct psw_switch),
	.setup		= psw_dev_setup,
	.newlink	= psw_newlink,
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

static bool psw_ip_is_zero(u8 family, const union psw_ip *ip)
{
	return family == AF_INET ? !ip->ip4 : ipv6_addr_any(&ip->ip6);
}

/*
 * Is @ip usable as a tunnel endpoint address (local or remote)? If not,
 * says why in @extack, pointing at @attr.
 */
bool psw_ip_valid(u8 family, const union psw_ip *ip,
		  struct netlink_ext_ack *extack, const struct nlattr *attr)
{
	if (family == AF_INET) {
		if (ipv4_is_multicast(ip->ip4) || ipv4_is_lbcast(ip->ip4)) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "address must be unicast");
			return false;
		}
		if (ipv4_is_zeronet(ip->ip4) || ipv4_is_loopback(ip->ip4)) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "address must not be zero or loopback");
			return false;
		}
		if (ipv4_is_linklocal_169(ip->ip4)) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "link-local addresses are not supported");
			return false;
		}
		return true;
	}
	if (ipv6_addr_is_multicast(&ip->ip6)) {
		NL_SET_ERR_MSG_ATTR(extack, attr, "address must be unicast");
		return false;
	}
	if (ipv6_addr_any(&ip->ip6) || ipv6_addr_loopback(&ip->ip6)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "address must not be zero or loopback");
		return false;
	}
	if (ipv6_addr_type(&ip->ip6) & IPV6_ADDR_LINKLOCAL) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "link-local addresses are not supported");
		return false;
	}
	if (ipv6_addr_v4mapped(&ip->ip6)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "use the IPv4 address, not an IPv4-mapped one");
		return false;
	}
	return true;
}

static bool psw_ip_equal(u8 family, const union psw_ip *a,
			 const union psw_ip *b)
{
	return family == AF_INET ? a->ip4 == b->ip4 :
				   ipv6_addr_equal(&a->ip6, &b->ip6);
}

/* Check a new local address of @family for @sw; zero means clearing it. */
static int psw_check_local(struct psw_switch *sw, u8 family,
			   const union psw_ip *ip, struct netlink_ext_ack *extack)
{
	struct psw_net *pn = psw_net(dev_net(sw->dev));
	const struct psw_underlay *u;
	struct psw_switch *other;
	union psw_ip cur;

	if (psw_ip_is_zero(family, ip)) {
		if (sw->nremote[family == AF_INET6]) {
			NL_SET_ERR_MSG(extack,
				       "encap entries or flood members use this local address");
			return -EBUSY;
		}
		return 0;
	}
	if (!psw_ip_valid(family, ip, extack, NULL))
		return -EINVAL;
	if (psw_is_pan_addr(dev_net(sw->dev), family, ip)) {
		NL_SET_ERR_MSG(extack, "address is a PAN's local address");
		return -EADDRINUSE;
	}
	list_for_each_entry(other, &pn->switches, node) {
		u = rtnl_dereference(other->underlay);
		memset(&cur, 0, sizeof(cur));
		if (family == AF_INET)
			cur.ip4 = u->local4;
		else
			cur.ip6 = u->local6;
		if (other != sw && psw_ip_equal(family, &cur, ip)) {
			NL_SET_ERR_MSG(extack,
				       "address is another switch's underlay address in this namespace");
			return -EADDRINUSE;
		}
	}
	if (psw_trust_has_addr(sw, family, ip)) {
		NL_SET_ERR_MSG(extack,
			       "address is the remote of encap entries or flood members of this switch");
		return -EADDRINUSE;
	}
	return 0;
}

/*
 * Change the underlay: each of @local4, @local6 and @port is applied when
 * not NULL / not zero. The receive side is updated first; if that fails,
 * nothing changes. RTNL.
 */
int psw_switch_set_underlay(struct psw_switch *sw, const __be32 *local4,
			    const struct in6_addr *local6, u16 port,
			    struct netlink_ext_ack *extack)
{
	struct psw_underlay *old = rtnl_dereference(sw->underlay);
	struct psw_underlay *u;
	union psw_ip ip;
	int err;

	ASSERT_RTNL();
	if (local4) {
		ip.ip4 = *local4;
		err = psw_check_local(sw, AF_INET, &ip, extack);
		if (err)
			return err;
	}
	if (local6) {
		ip.ip6 = *local6;
		err = psw_check_local(sw, AF_INET6, &ip, extack);
		if (err)
			return err;
	}

	u = kmemdup(old, sizeof(*u), PSW_GFP);
	if (!u) {
		NL_SET_ERR_MSG(extack, "out of memory for the underlay");
		return -ENOMEM;
	}
	if (local4)
		u->local4 = *local4;
	if (local6)
		u->local6 = *local6;
	if (port)
		u->vxlan_port = port;

	err = psw_decap_update(sw, u, extack);
	if (err) {
		kfree(u);
		return err;
	}
	rcu_assign_pointer(sw->underlay, u);
	kfree_rcu(old, rcu);
	psw_changed(sw);
	return 0;
}
