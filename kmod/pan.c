// SPDX-License-Identifier: GPL-2.0
/*
 * PANs: private allocated networks, kept per switch in an xarray by id.
 */
#include "panswitch.h"

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

	pan = kzalloc(sizeof(*pan), GFP_KERNEL);
	if (!pan)
		return -ENOMEM;
	pan->stats = psw_stats_alloc();
	if (!pan->stats) {
		kfree(pan);
		return -ENOMEM;
	}
	pan->id = id;
	pan->sw = sw;
	INIT_LIST_HEAD(&pan->ports);
	INIT_LIST_HEAD(&pan->entries);

	err = xa_insert(&sw->pans, id, pan, GFP_KERNEL);
	if (err) {
		free_percpu(pan->stats);
		kfree(pan);
		if (err == -EBUSY) {
			NL_SET_ERR_MSG(extack, "PAN exists");
			return -EEXIST;
		}
		return err;
	}
	sw->npans++;
	psw_changed(sw);
	return 0;
}

static void psw_pan_free(struct psw_pan *pan)
{
	struct psw_switch *sw = pan->sw;

	psw_pan_flush_entries(pan);
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
	psw_pan_free(pan);
	return 0;
}

/* Switch teardown: every port is already detached. */
void psw_switch_del_pans(struct psw_switch *sw)
{
	struct psw_pan *pan;
	unsigned long id;

	xa_for_each(&sw->pans, id, pan) {
		WARN_ON_ONCE(pan->nports);
		psw_pan_free(pan);
	}
}
