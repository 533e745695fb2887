// SPDX-License-Identifier: GPL-2.0
/*
 * PAN addresses: a PAN's own local IPv4 and IPv6 address, by which EtherIP
 * arrivals name their PAN. A per-namespace rhashtable maps each address
 * back to its PAN; an address belongs to one PAN of the namespace and is
 * no switch's underlay address.
 */
#include <net/ipv6.h>

#include "psw.h"

static const struct rhashtable_params psw_pan_addr_params = {
	.key_len = sizeof_field(struct psw_pan_addr, key),
	.key_offset = offsetof(struct psw_pan_addr, key),
	.head_offset = offsetof(struct psw_pan_addr, node),
	.automatic_shrinking = true,
};

int psw_pan_addrs_init(struct psw_net *pn)
{
	return rhashtable_init(&pn->pan_addrs, &psw_pan_addr_params);
}

void psw_pan_addrs_destroy(struct psw_net *pn)
{
	WARN_ON_ONCE(atomic_read(&pn->pan_addrs.nelems));
	rhashtable_destroy(&pn->pan_addrs);
}

static void psw_pan_addr_key(struct psw_pan_addr *a, u8 family,
			     const union psw_ip *ip)
{
	memset(&a->key, 0, sizeof(a->key));
	a->key.family = family;
	if (family == AF_INET)
		a->key.ip.ip4 = ip->ip4;
	else
		a->key.ip.ip6 = ip->ip6;
}

/*
 * The PAN whose own local address is @ip. The packet path (RCU) and
 * configuration (RTNL, which keeps the PAN alive) alike.
 */
struct psw_pan *psw_pan_by_addr(const struct net *net, u8 family,
				const union psw_ip *ip)
{
	struct psw_net *pn = psw_net(net);
	struct psw_pan_addr key, *a;

	psw_pan_addr_key(&key, family, ip);
	a = rhashtable_lookup_fast(&pn->pan_addrs, &key.key,
				   psw_pan_addr_params);
	return a ? a->pan : NULL;
}

/* Take @pan's address of family index @idx (0: IPv4, 1: IPv6) away. RTNL. */
void psw_pan_addr_del(struct psw_pan *pan, int idx)
{
	struct psw_net *pn = psw_net(dev_net(pan->sw->dev));
	struct psw_pan_addr *a = rtnl_dereference(pan->addr[idx]);

	if (!a)
		return;
	rhashtable_remove_fast(&pn->pan_addrs, &a->node, psw_pan_addr_params);
	RCU_INIT_POINTER(pan->addr[idx], NULL);
	kfree_rcu(a, rcu);
}

/*
 * Give @pan the local address @ip of @family, or take its address of that
 * family away if @ip is all zeroes. An address belongs to one PAN of the
 * namespace and is not any switch's underlay address.
 */
int psw_pan_check_addr(struct psw_pan *pan, u8 family, const union psw_ip *ip,
		       struct netlink_ext_ack *extack)
{
	struct psw_net *pn = psw_net(dev_net(pan->sw->dev));
	struct psw_pan *other;
	struct psw_switch *sw;

	ASSERT_RTNL();
	if (family == AF_INET ? !ip->ip4 : ipv6_addr_any(&ip->ip6))
		return 0;
	other = psw_pan_by_addr(dev_net(pan->sw->dev), family, ip);
	if (other && other != pan) {
		NL_SET_ERR_MSG(extack,
			       "address is already an address of another PAN");
		return -EADDRINUSE;
	}
	list_for_each_entry(sw, &pn->switches, node) {
		const struct psw_underlay *u = rtnl_dereference(sw->underlay);

		if (u && (family == AF_INET ? u->local4 == ip->ip4 :
			  ipv6_addr_equal(&u->local6, &ip->ip6))) {
			NL_SET_ERR_MSG(extack,
				       "address is a switch's underlay address");
			return -EADDRINUSE;
		}
	}
	return 0;
}

/* Set (or clear, with zeroes) @pan's address of @family. RTNL. */
int psw_pan_set_addr(struct psw_pan *pan, u8 family, const union psw_ip *ip,
		     struct netlink_ext_ack *extack)
{
	struct psw_net *pn = psw_net(dev_net(pan->sw->dev));
	int idx = psw_family_idx(family);
	struct psw_pan_addr *a, *old = rtnl_dereference(pan->addr[idx]);
	int err;

	err = psw_pan_check_addr(pan, family, ip, extack);
	if (err)
		return err;
	if (family == AF_INET ? !ip->ip4 : ipv6_addr_any(&ip->ip6)) {
		psw_pan_addr_del(pan, idx);
		psw_changed(pan->sw);
		return 0;
	}
	if (old && psw_pan_by_addr(dev_net(pan->sw->dev), family, ip) == pan)
		return 0;

	a = kzalloc(sizeof(*a), PSW_GFP);
	if (!a) {
		NL_SET_ERR_MSG(extack, "out of memory for the PAN's address");
		return -ENOMEM;
	}
	psw_pan_addr_key(a, family, ip);
	a->pan = pan;
	err = rhashtable_lookup_insert_fast(&pn->pan_addrs, &a->node,
					    psw_pan_addr_params);
	if (err) {
		kfree(a);
		NL_SET_ERR_MSG(extack,
			       "cannot insert the address into the namespace's table of PAN addresses");
		return err;
	}
	if (old)
		psw_pan_addr_del(pan, idx);
	rcu_assign_pointer(pan->addr[idx], a);
	psw_changed(pan->sw);
	return 0;
}

/* Is @ip the local address of some PAN of @net? RTNL. */
bool psw_is_pan_addr(const struct net *net, u8 family, const union psw_ip *ip)
{
	return psw_pan_by_addr(net, family, ip);
}
