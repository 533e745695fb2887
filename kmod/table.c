// SPDX-License-Identifier: GPL-2.0
/*
 * The addressing table: one rhashtable per switch keyed by {PAN, MAC}.
 * Readers (the packet path) use RCU; writers hold RTNL.
 */
#include "panswitch.h"

static const struct rhashtable_params psw_entry_params = {
	.key_len = sizeof(struct psw_entry_key),
	.key_offset = offsetof(struct psw_entry, key),
	.head_offset = offsetof(struct psw_entry, node),
	.automatic_shrinking = true,
};

int psw_table_init(struct psw_switch *sw)
{
	return rhashtable_init(&sw->entries, &psw_entry_params);
}

void psw_table_destroy(struct psw_switch *sw)
{
	/* Every PAN, and so every entry, is gone by now. */
	WARN_ON_ONCE(atomic_read(&sw->entries.nelems));
	rhashtable_destroy(&sw->entries);
}

static void psw_entry_key(struct psw_entry_key *key, u32 pan, const u8 *mac)
{
	key->pan = pan;
	ether_addr_copy(key->mac, mac);
	key->zero = 0;
}

/* The packet path: caller holds the RCU read lock. */
struct psw_entry *psw_entry_lookup(const struct psw_switch *sw, u32 pan,
				   const u8 *mac)
{
	struct psw_entry_key key;

	psw_entry_key(&key, pan, mac);
	return rhashtable_lookup((struct rhashtable *)&sw->entries, &key,
				 psw_entry_params);
}

/* Configuration: caller holds RTNL, which keeps the entry alive. */
struct psw_entry *psw_entry_find(const struct psw_switch *sw, u32 pan,
				 const u8 *mac)
{
	struct psw_entry_key key;

	ASSERT_RTNL();
	psw_entry_key(&key, pan, mac);
	return rhashtable_lookup_fast((struct rhashtable *)&sw->entries, &key,
				      psw_entry_params);
}

static void psw_entry_unlink(struct psw_entry *e)
{
	struct psw_pan *pan = e->pan;

	list_del(&e->pan_node);
	pan->nentries--;
	pan->sw->nentries--;
	kfree_rcu(e, rcu);
}

/*
 * Add an entry to @pan. With @replace, an existing user entry is swapped
 * for the new one in a single step, so readers see either the old or the
 * new entry and never neither.
 */
int psw_entry_add(struct psw_pan *pan, const u8 *mac, u8 mode,
		  struct psw_port *port, u8 origin, bool replace,
		  struct netlink_ext_ack *extack)
{
	struct psw_switch *sw = pan->sw;
	struct psw_entry *e, *old;
	int err;

	ASSERT_RTNL();

	old = psw_entry_find(sw, pan->id, mac);
	if (old && !replace) {
		NL_SET_ERR_MSG(extack, "entry exists");
		return -EEXIST;
	}
	if (old && old->origin != PSW_ORIGIN_USER) {
		NL_SET_ERR_MSG(extack,
			       "entry belongs to a port; remove the port instead");
		return -EBUSY;
	}

	e = kzalloc(sizeof(*e), GFP_KERNEL);
	if (!e)
		return -ENOMEM;
	psw_entry_key(&e->key, pan->id, mac);
	e->mode = mode;
	e->origin = origin;
	e->port = port;
	e->pan = pan;

	if (old) {
		err = rhashtable_replace_fast(&sw->entries, &old->node,
					      &e->node, psw_entry_params);
		if (err)
			goto free;
		list_replace(&old->pan_node, &e->pan_node);
		kfree_rcu(old, rcu);
	} else {
		err = rhashtable_lookup_insert_fast(&sw->entries, &e->node,
						    psw_entry_params);
		if (err)
			goto free;
		list_add_tail(&e->pan_node, &pan->entries);
		pan->nentries++;
		sw->nentries++;
	}
	psw_changed(sw);
	return 0;

free:
	kfree(e);
	NL_SET_ERR_MSG(extack, "cannot insert the entry into the table");
	return err;
}

void psw_entry_del(struct psw_entry *e)
{
	struct psw_switch *sw = e->pan->sw;

	ASSERT_RTNL();
	rhashtable_remove_fast(&sw->entries, &e->node, psw_entry_params);
	psw_entry_unlink(e);
	psw_changed(sw);
}

void psw_pan_flush_entries(struct psw_pan *pan)
{
	struct psw_entry *e, *tmp;

	list_for_each_entry_safe(e, tmp, &pan->entries, pan_node)
		psw_entry_del(e);
}

/* Remove the entries that deliver to @port: its own and user ones. */
void psw_port_flush_entries(struct psw_port *port)
{
	struct psw_entry *e, *tmp;

	if (!port->pan)
		return;
	list_for_each_entry_safe(e, tmp, &port->pan->entries, pan_node)
		if (e->port == port)
			psw_entry_del(e);
}
