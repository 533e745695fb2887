// SPDX-License-Identifier: GPL-2.0
/*
 * The PANs' neighbour tables: {PAN, IPv4 or IPv6 address} -> the MAC the
 * ARP/ND proxy (proxy.c) answers with, fed by a controller (seed 003's
 * address handler). One switch-wide rhashtable, read under RCU by the
 * packet path; each PAN lists its own for dumps and flushes. Changed under
 * RTNL only (DOC: Locking in psw.h), bounded per PAN by PSW_PAN_NEIGH_MAX
 * and charged to the requester (PSW_GFP).
 */
#include <net/ipv6.h>
#include <net/netlink.h>

#include "psw.h"

static const struct rhashtable_params psw_neigh_params = {
	.key_len = sizeof(struct psw_neigh_key),
	.key_offset = offsetof(struct psw_neigh, key),
	.head_offset = offsetof(struct psw_neigh, node),
	.automatic_shrinking = true,
};

int psw_neigh_init(struct psw_switch *sw)
{
	return rhashtable_init(&sw->neighs, &psw_neigh_params);
}

void psw_neigh_destroy(struct psw_switch *sw)
{
	/* Every PAN, and so every neighbour, is gone by now. */
	WARN_ON_ONCE(atomic_read(&sw->neighs.nelems));
	rhashtable_destroy(&sw->neighs);
}

/* The key of @ip (4 or 16 bytes, network order, by @family) in PAN @pan. */
void psw_neigh_key(struct psw_neigh_key *key, u32 pan, u8 family,
		   const void *ip)
{
	memset(key, 0, sizeof(*key));
	key->pan = pan;
	key->family = family;
	memcpy(&key->ip, ip, family == AF_INET ? 4 : 16);
}

/* The packet path's lookup. RCU read lock held. */
struct psw_neigh *psw_neigh_lookup(const struct psw_switch *sw,
				   const struct psw_neigh_key *key)
{
	return rhashtable_lookup((struct rhashtable *)&sw->neighs, key,
				 psw_neigh_params);
}

/* Configuration's lookup. RTNL. */
struct psw_neigh *psw_neigh_find(const struct psw_switch *sw, u32 pan,
				 u8 family, const void *ip)
{
	struct psw_neigh_key key;

	psw_neigh_key(&key, pan, family, ip);
	return rhashtable_lookup_fast((struct rhashtable *)&sw->neighs, &key,
				      psw_neigh_params);
}

/*
 * May @ip be a neighbour's address? A unicast address a VM can ask for:
 * not unspecified, multicast, broadcast or loopback.
 */
bool psw_neigh_ip_ok(u8 family, const void *ip, struct netlink_ext_ack *extack,
		     const struct nlattr *attr)
{
	if (family == AF_INET) {
		__be32 a;

		memcpy(&a, ip, sizeof(a));
		if (ipv4_is_zeronet(a) || ipv4_is_multicast(a) ||
		    ipv4_is_lbcast(a) || ipv4_is_loopback(a)) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "a neighbour's address must be unicast, not zero, broadcast or loopback");
			return false;
		}
		return true;
	}
	if (ipv6_addr_any(ip) || ipv6_addr_is_multicast(ip) ||
	    ipv6_addr_loopback(ip)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "a neighbour's address must be unicast, not unspecified or loopback");
		return false;
	}
	return true;
}

/*
 * Is @mac a MAC of a vm port of another PAN of the switch? A neighbour
 * answers with a MAC of its own PAN's VMs, never another tenant's (seed
 * 003; issue 15 item 7). RTNL.
 */
static bool psw_neigh_mac_foreign(const struct psw_pan *pan, const u8 *mac)
{
	const struct psw_port *port;
	unsigned int i;

	list_for_each_entry(port, &pan->sw->ports, sw_node) {
		if (port->role != PSW_PORT_ROLE_VM || psw_port_pan(port) == pan)
			continue;
		for (i = 0; i < port->nmacs; i++)
			if (ether_addr_equal(port->macs[i], mac))
				return true;
	}
	return false;
}

/**
 * psw_neigh_add() - add a neighbour to @pan's table, or replace its MAC
 * @pan: the PAN
 * @family: AF_INET or AF_INET6
 * @ip: the address, 4 or 16 bytes, network order, checked by
 *      psw_neigh_ip_ok()
 * @mac: the MAC the proxy answers with
 * @replace: an existing neighbour gets @mac instead of being refused
 * @extack: why not
 *
 * Context: RTNL. A refusal changes nothing.
 * Return: 0, -EINVAL (a bad or foreign MAC), -EEXIST, -ENOSPC (the PAN
 * has PSW_PAN_NEIGH_MAX neighbours, counted) or -ENOMEM.
 */
int psw_neigh_add(struct psw_pan *pan, u8 family, const void *ip,
		  const u8 *mac, bool replace, struct netlink_ext_ack *extack)
{
	struct psw_switch *sw = pan->sw;
	struct psw_neigh *n, *old;
	int err;

	ASSERT_RTNL();
	if (!is_valid_ether_addr(mac)) {
		NL_SET_ERR_MSG(extack,
			       "a neighbour's MAC must be unicast and not zero");
		return -EINVAL;
	}
	if (psw_neigh_mac_foreign(pan, mac)) {
		NL_SET_ERR_MSG(extack,
			       "the MAC is a vm port's of another PAN of the switch");
		return -EINVAL;
	}
	old = psw_neigh_find(sw, pan->id, family, ip);
	if (old && !replace) {
		NL_SET_ERR_MSG(extack, "the neighbour exists (replace changes it)");
		return -EEXIST;
	}
	if (!old && pan->nneighs >= PSW_PAN_NEIGH_MAX) {
		NL_SET_ERR_MSG(extack,
			       "the PAN's neighbour limit (PSW_PAN_NEIGH_MAX) is reached");
		pan->neigh_limit_hits++;
		return -ENOSPC;
	}
	n = kzalloc(sizeof(*n), PSW_GFP);
	if (!n) {
		NL_SET_ERR_MSG(extack, "out of memory for the neighbour");
		return -ENOMEM;
	}
	psw_neigh_key(&n->key, pan->id, family, ip);
	ether_addr_copy(n->mac, mac);
	n->pan = pan;

	if (old) {
		/* Same key: cannot fail; readers see the old one or the new. */
		err = rhashtable_replace_fast(&sw->neighs, &old->node,
					      &n->node, psw_neigh_params);
		if (WARN_ON_ONCE(err)) {
			kfree(n);
			return err;
		}
		list_replace_rcu(&old->pan_node, &n->pan_node);
		kfree_rcu(old, rcu);
	} else {
		err = rhashtable_insert_fast(&sw->neighs, &n->node,
					     psw_neigh_params);
		if (err) {
			kfree(n);
			NL_SET_ERR_MSG(extack,
				       "out of memory for the neighbour table");
			return err;
		}
		list_add_tail_rcu(&n->pan_node, &pan->neighs);
		pan->nneighs++;
	}
	psw_changed(sw);
	return 0;
}

/* Unpublish @n and free it after a grace period. RTNL. */
void psw_neigh_del(struct psw_neigh *n)
{
	struct psw_pan *pan = n->pan;

	ASSERT_RTNL();
	WARN_ON_ONCE(rhashtable_remove_fast(&pan->sw->neighs, &n->node,
					    psw_neigh_params));
	list_del_rcu(&n->pan_node);
	pan->nneighs--;
	psw_changed(pan->sw);
	kfree_rcu(n, rcu);
}

/* Remove every neighbour of @pan, announcing each with @notify. RTNL. */
void psw_pan_flush_neighs(struct psw_pan *pan, bool notify)
{
	struct psw_neigh *n, *tmp;

	list_for_each_entry_safe(n, tmp, &pan->neighs, pan_node) {
		if (notify)
			psw_notify_neigh(n, PSW_CMD_NEIGH_DEL, GFP_KERNEL);
		psw_neigh_del(n);
	}
}
