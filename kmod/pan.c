// SPDX-License-Identifier: GPL-2.0
/*
 * PANs: private allocated networks, kept per switch in an xarray by id;
 * their flood lists, and their own local addresses, which a per-namespace
 * rhashtable maps back to the PAN for EtherIP arrivals.
 */
#include <net/ipv6.h>

#include "panswitch.h"

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

static int psw_family_idx(u8 family)
{
	return family == AF_INET6;
}

static void psw_pan_addr_del(struct psw_pan *pan, int idx)
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
			       "address is already the local address of another PAN");
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

/* Which arrivals @pan takes (enum psw_accept). RTNL. */
void psw_pan_set_accept(struct psw_pan *pan, u8 accept)
{
	ASSERT_RTNL();
	if (pan->accept == accept)
		return;
	WRITE_ONCE(pan->accept, accept);
	psw_changed(pan->sw);
}

/* Is @ip the local address of some PAN of @net? RTNL. */
bool psw_is_pan_addr(const struct net *net, u8 family, const union psw_ip *ip)
{
	return psw_pan_by_addr(net, family, ip);
}

static bool psw_flood_equal(const struct psw_flood *f, bool uplink,
			    const struct psw_remote *r)
{
	if (f->uplink || uplink)
		return f->uplink == uplink;
	if (f->remote.family != r->family || f->remote.encap != r->encap)
		return false;
	if (r->family == AF_INET)
		return f->remote.ip.ip4 == r->ip.ip4;
	return ipv6_addr_equal(&f->remote.ip.ip6, &r->ip.ip6);
}

struct psw_flood *psw_flood_find(struct psw_pan *pan, bool uplink,
				 const struct psw_remote *r)
{
	struct psw_flood *f;

	list_for_each_entry(f, &pan->flood, node)
		if (psw_flood_equal(f, uplink, r))
			return f;
	return NULL;
}

/* Add the uplink (@uplink) or the remote @r to @pan's flood list. RTNL. */
int psw_flood_add(struct psw_pan *pan, bool uplink, const struct psw_remote *r,
		  struct netlink_ext_ack *extack)
{
	struct psw_flood *f;
	int err;

	ASSERT_RTNL();
	if (psw_flood_find(pan, uplink, r)) {
		NL_SET_ERR_MSG(extack, "already a member of the flood list");
		return -EEXIST;
	}
	if (pan->nflood >= PSW_FLOOD_MAX) {
		NL_SET_ERR_MSG(extack, "flood list is full");
		return -ENOSPC;
	}
	f = kzalloc(sizeof(*f), PSW_GFP);
	if (!f) {
		NL_SET_ERR_MSG(extack, "out of memory for the flood list member");
		return -ENOMEM;
	}
	f->uplink = uplink;
	if (!uplink) {
		/* Its arrivals are accepted from the moment it is a member. */
		err = psw_trust_get(pan->sw, pan->id, r, extack);
		if (err) {
			kfree(f);
			return err;
		}
		f->remote = *r;
		pan->sw->nremote[psw_family_idx(r->family)]++;
	}
	list_add_tail_rcu(&f->node, &pan->flood);
	pan->nflood++;
	psw_changed(pan->sw);
	return 0;
}

void psw_flood_del(struct psw_pan *pan, struct psw_flood *f)
{
	ASSERT_RTNL();
	list_del_rcu(&f->node);
	pan->nflood--;
	if (!f->uplink) {
		pan->sw->nremote[psw_family_idx(f->remote.family)]--;
		psw_trust_put(pan->sw, pan->id, &f->remote);
	}
	psw_changed(pan->sw);
	kfree_rcu(f, rcu);
}

static void psw_pan_flush_flood(struct psw_pan *pan)
{
	struct psw_flood *f, *tmp;

	list_for_each_entry_safe(f, tmp, &pan->flood, node)
		psw_flood_del(pan, f);
}

struct psw_pan *psw_pan_find(const struct psw_switch *sw, u32 id)
{
	return xa_load((struct xarray *)&sw->pans, id);
}

static void psw_pan_free_rcu(struct rcu_head *head)
{
	struct psw_pan *pan = container_of(head, struct psw_pan, rcu);

	free_percpu(pan->stats);
	kfree(pan);
}

int psw_pan_add(struct psw_switch *sw, u32 id, struct netlink_ext_ack *extack)
{
	struct psw_pan *pan;
	int err;

	ASSERT_RTNL();

	if (psw_pan_find(sw, id)) {
		NL_SET_ERR_MSG(extack, "PAN exists");
		return -EEXIST;
	}
	if (sw->npans >= sw->max_pans) {
		NL_SET_ERR_MSG(extack,
			       "the switch's PAN limit (max-pans) is reached");
		sw->pan_limit_hits++;
		return -ENOSPC;
	}
	pan = kzalloc(sizeof(*pan), PSW_GFP);
	if (!pan)
		goto nomem;
	pan->stats = psw_stats_alloc();
	if (!pan->stats) {
		kfree(pan);
		goto nomem;
	}
	pan->id = id;
	pan->sw = sw;
	INIT_LIST_HEAD(&pan->ports);
	INIT_LIST_HEAD(&pan->entries);
	INIT_LIST_HEAD(&pan->flood);

	err = xa_insert(&sw->pans, id, pan, PSW_GFP);
	if (err) {
		free_percpu(pan->stats);
		kfree(pan);
		/* -EBUSY (the id is taken) was ruled out above */
		NL_SET_ERR_MSG(extack, "out of memory for the switch's PAN index");
		return err;
	}
	sw->npans++;
	psw_changed(sw);
	return 0;

nomem:
	NL_SET_ERR_MSG(extack, "out of memory for the PAN");
	return -ENOMEM;
}

/*
 * Remove @pan with everything in it. With @notify, its entries are
 * announced one by one, then the PAN as it is without them (its flood
 * list and addresses, which go with it, included).
 */
static void psw_pan_free(struct psw_pan *pan, bool notify)
{
	struct psw_switch *sw = pan->sw;

	psw_pan_flush_entries(pan, notify);
	if (notify)
		psw_notify_pan(pan, PSW_CMD_PAN_DEL, GFP_KERNEL);
	psw_pan_flush_flood(pan);
	psw_pan_addr_del(pan, 0);
	psw_pan_addr_del(pan, 1);
	xa_erase(&sw->pans, pan->id);
	sw->npans--;
	psw_changed(sw);
	call_rcu(&pan->rcu, psw_pan_free_rcu);
}

int psw_pan_del(struct psw_pan *pan, struct netlink_ext_ack *extack)
{
	ASSERT_RTNL();

	if (pan->nports) {
		NL_SET_ERR_MSG(extack,
			       "PAN still has ports; delete them first");
		return -EBUSY;
	}
	psw_pan_free(pan, true);
	return 0;
}

/*
 * Switch teardown: every port is already detached. Nothing is announced:
 * the switch's own PSW_CMD_SWITCH_DEL implies its contents.
 */
void psw_switch_del_pans(struct psw_switch *sw)
{
	struct psw_pan *pan;
	unsigned long id;

	xa_for_each(&sw->pans, id, pan) {
		WARN_ON_ONCE(pan->nports);
		psw_pan_free(pan, false);
	}
}
