// SPDX-License-Identifier: GPL-2.0
/*
 * PANs: private allocated networks, kept per switch in an xarray by id.
 * A PAN owns its entries (table.c), its flood list (flood.c), its anycast
 * gateway (anycast.c), its multicast group (mcast.c), its hold queue
 * (hold.c), its own addresses (pan_addr.c) and its neighbour table
 * (neigh.c), which go with it.
 */
#include "psw.h"

struct psw_pan *psw_pan_find(const struct psw_switch *sw, u32 id)
{
	return xa_load((struct xarray *)&sw->pans, id);
}

/* @pan's memory: its counters (any of them may be NULL) and itself. */
static void psw_pan_free_mem(struct psw_pan *pan)
{
	free_percpu(pan->mcast_stats);
	free_percpu(pan->learn_stats);
	free_percpu(pan->proxy_stats);
	free_percpu(pan->miss_stats);
	free_percpu(pan->stats);
	kfree(pan);
}

static void psw_pan_free_rcu(struct rcu_head *head)
{
	psw_pan_free_mem(container_of(head, struct psw_pan, rcu));
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
	pan->miss_stats = psw_miss_stats_alloc();
	pan->proxy_stats = psw_proxy_stats_alloc();
	pan->learn_stats = psw_learn_stats_alloc();
	pan->mcast_stats = psw_mcast_stats_alloc();
	if (!pan->stats || !pan->miss_stats || !pan->proxy_stats ||
	    !pan->learn_stats || !pan->mcast_stats) {
		psw_pan_free_mem(pan);
		goto nomem;
	}
	pan->id = id;
	pan->sw = sw;
	INIT_LIST_HEAD(&pan->ports);
	INIT_LIST_HEAD(&pan->entries);
	INIT_LIST_HEAD(&pan->flood);
	INIT_LIST_HEAD(&pan->neighs);
	psw_hold_init(pan);
	pan->ageing = PSW_AGEING_DEFAULT;
	pan->learn_max = PSW_LEARN_MAX_DEFAULT;

	err = xa_insert(&sw->pans, id, pan, PSW_GFP);
	if (err) {
		psw_pan_free_mem(pan);
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
	psw_pan_flush_neighs(pan, notify);
	if (notify)
		psw_notify_pan(pan, PSW_CMD_PAN_DEL, GFP_KERNEL);
	psw_flood_flush(pan);
	psw_anycast_publish(pan, NULL);
	psw_mcast_publish(pan, NULL);
	psw_mshare_publish(pan, NULL);
	psw_etherip_pan_gone(pan);
	psw_pan_addr_del(pan, 0);
	psw_pan_addr_del(pan, 1);
	psw_hold_destroy(pan);
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
	if (pan->ntenants) {
		NL_SET_ERR_MSG(extack,
			       "PAN is named by tenant map entries; delete them first (tenant del)");
		return -EBUSY;
	}
	if (psw_mshare_targeted(pan)) {
		NL_SET_ERR_MSG(extack,
			       "PAN is the target of another PAN's inter-tenant multicast rule; delete the rule first (mcast-share del)");
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
		WARN_ON_ONCE(pan->nports || pan->ntenants);
		psw_pan_free(pan, false);
	}
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
