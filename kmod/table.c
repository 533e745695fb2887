// SPDX-License-Identifier: GPL-2.0
/*
 * The addressing table: one rhashtable per switch keyed by {PAN, MAC}, and
 * the reverse table: a second rhashtable over the same entries keyed by
 * external MAC, holding every entry that has one (xlate entries, and local
 * entries of ports with an external MAC). Because both index the same
 * objects, the reverse table cannot disagree with the table.
 * Readers (the packet path) use RCU; writers hold sw->lock, and RTNL when
 * they configure (DOC: Locking in psw.h). Learned entries are also
 * inserted, moved (replaced) and aged out without RTNL (learn.c), so
 * configuration reaches them only under the RCU read lock or sw->lock.
 */
#include "psw.h"

/*
 * The entries are charged to the memory cgroup of whoever added them
 * (PSW_GFP). The tables' bucket arrays are not: lib/rhashtable allocates
 * them itself (GFP_KERNEL, mostly in its own worker) and neither 6.1 nor
 * 6.12 lets its user pass a gfp mask or a cgroup. They are bounded by the
 * switch's max-entries instead: a table doubles when it is 75% full, so it
 * has at most 8/3 pointers (about 22 bytes) per entry, twice that while it
 * is being resized.
 */
static struct kmem_cache *psw_entry_cache __read_mostly;

/*
 * The entries' own cache: objects of their exact size (no kmalloc size
 * class rounds 120 up to 128), charged like kmalloc's by the gfp mask of
 * each allocation (PSW_GFP, or GFP_ATOMIC for a learned entry). Freed
 * with call_rcu(), which psw_exit()'s rcu_barrier() waits for before the
 * cache goes.
 */
int psw_entry_cache_init(void)
{
	/* Keep it so: 76_limits and Documentation/performance.md count on it. */
	BUILD_BUG_ON(IS_ENABLED(CONFIG_64BIT) && sizeof(struct psw_entry) > 120);
	psw_entry_cache = kmem_cache_create("psw_entry",
					    sizeof(struct psw_entry), 0, 0,
					    NULL);
	return psw_entry_cache ? 0 : -ENOMEM;
}

void psw_entry_cache_exit(void)
{
	kmem_cache_destroy(psw_entry_cache);
}

struct psw_entry *psw_entry_alloc(gfp_t gfp)
{
	return kmem_cache_zalloc(psw_entry_cache, gfp);
}

/* Free @e, which no reader can have seen. */
void psw_entry_free(struct psw_entry *e)
{
	kmem_cache_free(psw_entry_cache, e);
}

static void psw_entry_free_cb(struct rcu_head *head)
{
	kmem_cache_free(psw_entry_cache,
			container_of(head, struct psw_entry, rcu));
}

/* Free @e after a grace period; it is out of the table (DOC in psw.h). */
static void psw_entry_free_rcu(struct psw_entry *e)
{
	call_rcu(&e->rcu, psw_entry_free_cb);
}

static const struct rhashtable_params psw_entry_params = {
	.key_len = sizeof(struct psw_entry_key),
	.key_offset = offsetof(struct psw_entry, key),
	.head_offset = offsetof(struct psw_entry, node),
	.automatic_shrinking = true,
};

static const struct rhashtable_params psw_rev_params = {
	.key_len = ETH_ALEN,
	.key_offset = offsetof(struct psw_entry, ext),
	.head_offset = offsetof(struct psw_entry, rnode),
	.automatic_shrinking = true,
};

int psw_table_init(struct psw_switch *sw)
{
	int err;

	err = rhashtable_init(&sw->entries, &psw_entry_params);
	if (err)
		return err;
	err = rhashtable_init(&sw->rev, &psw_rev_params);
	if (err)
		rhashtable_destroy(&sw->entries);
	return err;
}

void psw_table_destroy(struct psw_switch *sw)
{
	/* Every PAN, and so every entry, is gone by now. */
	WARN_ON_ONCE(atomic_read(&sw->entries.nelems));
	WARN_ON_ONCE(atomic_read(&sw->rev.nelems));
	rhashtable_destroy(&sw->rev);
	rhashtable_destroy(&sw->entries);
}

static bool psw_entry_has_ext(const struct psw_entry *e)
{
	return !is_zero_ether_addr(e->ext);
}

/* A hold entry's external MAC is in the uplink's unicast filter. */
static bool psw_entry_in_filter(const struct psw_entry *e)
{
	return e->mode == PSW_MODE_HOLD && psw_entry_has_ext(e);
}

/*
 * Remove the external MACs of @sw's hold entries from the unicast filter
 * of @dev, stopping at @stop (NULL: all of them). RCU read lock held.
 */
static void psw_table_unsync_holds(struct psw_switch *sw,
				   struct net_device *dev,
				   const struct psw_entry *stop)
{
	struct psw_entry *e;
	struct psw_pan *pan;
	unsigned long id;

	xa_for_each(&sw->pans, id, pan) {
		list_for_each_entry_rcu(e, &pan->entries, pan_node) {
			if (e == stop)
				return;
			if (psw_entry_in_filter(e))
				dev_uc_del(dev, e->ext);
		}
	}
}

/*
 * Add (@add) the external MACs of @sw's hold entries to the unicast filter
 * of @dev, the uplink that comes, or remove them from the one that goes.
 * An add that fails is undone: the MACs added before it are removed, and
 * only those (another user of @dev may hold the others). RTNL.
 */
int psw_table_sync_holds(struct psw_switch *sw, struct net_device *dev,
			 bool add)
{
	struct psw_entry *e;
	struct psw_pan *pan;
	unsigned long id;
	int err;

	ASSERT_RTNL();
	if (!sw->nholds)
		return 0;
	rcu_read_lock();	/* learned entries come and go meanwhile */
	if (!add) {
		psw_table_unsync_holds(sw, dev, NULL);
		rcu_read_unlock();
		return 0;
	}
	xa_for_each(&sw->pans, id, pan) {
		list_for_each_entry_rcu(e, &pan->entries, pan_node) {
			if (!psw_entry_in_filter(e))
				continue;
			err = dev_uc_add(dev, e->ext);
			if (err) {
				psw_table_unsync_holds(sw, dev, e);
				rcu_read_unlock();
				return err;
			}
		}
	}
	rcu_read_unlock();
	return 0;
}

/*
 * Put @e's external MAC into the uplink's filter (@add) or take it out,
 * if @e is a hold entry with one. RTNL.
 */
static int psw_entry_filter(struct psw_switch *sw, struct psw_entry *e,
			    bool add, struct netlink_ext_ack *extack)
{
	struct psw_port *uplink = rtnl_dereference(sw->uplink);
	int err = 0;

	if (!psw_entry_in_filter(e))
		return 0;
	if (!add) {
		sw->nholds--;
		if (uplink)
			dev_uc_del(uplink->dev, e->ext);
		return 0;
	}
	if (uplink)
		err = dev_uc_add(uplink->dev, e->ext);
	if (err) {
		NL_SET_ERR_MSG(extack,
			       "cannot add the external MAC to the uplink's address filter");
		return err;
	}
	sw->nholds++;
	return 0;
}

/* The packet path: the entry whose external MAC is @ext. RCU. */
struct psw_entry *psw_rev_lookup(const struct psw_switch *sw, const u8 *ext)
{
	return rhashtable_lookup((struct rhashtable *)&sw->rev, ext,
				 psw_rev_params);
}

/* Configuration: the entry whose external MAC is @ext. RTNL. */
struct psw_entry *psw_rev_find(const struct psw_switch *sw, const u8 *ext)
{
	ASSERT_RTNL();
	return rhashtable_lookup_fast((struct rhashtable *)&sw->rev, ext,
				      psw_rev_params);
}

/*
 * What a MAC of PAN @pan becomes on the way to (@to_ext) or from the
 * physical network, or NULL if it stays as it is. The packet path. RCU.
 */
const u8 *psw_xlate_mac(const struct psw_switch *sw, u32 pan, const u8 *mac,
			bool to_ext)
{
	const struct psw_entry *e;

	if (to_ext) {
		e = psw_entry_lookup(sw, pan, mac);
		return e && psw_entry_has_ext(e) ? e->ext : NULL;
	}
	e = psw_rev_lookup(sw, mac);
	return e && e->key.pan == pan ? e->key.mac : NULL;
}

static int psw_remote_idx(const struct psw_remote *r)
{
	return r->family == AF_INET6;
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

/*
 * Configuration: caller holds RTNL, which keeps a static entry alive; a
 * learned one only while the caller also holds the RCU read lock.
 */
struct psw_entry *psw_entry_find(const struct psw_switch *sw, u32 pan,
				 const u8 *mac)
{
	struct psw_entry_key key;

	ASSERT_RTNL();
	psw_entry_key(&key, pan, mac);
	return rhashtable_lookup_fast((struct rhashtable *)&sw->entries, &key,
				      psw_entry_params);
}

/*
 * Account for what @e uses (+1) or used (-1) besides its table slot. Its
 * use of its remote as an accepted source was taken by psw_entry_add()
 * before it was published, and is given back here once it is gone. RTNL.
 */
static void psw_entry_account(struct psw_entry *e, int delta)
{
	/* A learned entry's use is taken and given back under sw->lock. */
	if (e->mode != PSW_MODE_ENCAP || e->origin == PSW_ORIGIN_LEARNED)
		return;
	e->pan->sw->nremote[psw_remote_idx(&e->remote)] += delta;
	if (delta < 0)
		psw_trust_put(e->pan->sw, e->key.pan, &e->remote);
}

/*
 * Put @e into the reverse table in place of @old (which may be NULL or
 * have no external MAC). An external MAC is unique per switch.
 */
static int psw_rev_insert(struct psw_switch *sw, struct psw_entry *e,
			  struct psw_entry *old,
			  struct netlink_ext_ack *extack)
{
	struct psw_entry *other;
	int err;

	if (!psw_entry_has_ext(e))
		return 0;
	other = psw_rev_find(sw, e->ext);
	if (other && other != old) {
		NL_SET_ERR_MSG(extack,
			       "external MAC is already in use on this switch");
		return -EADDRINUSE;
	}
	if (other)
		err = rhashtable_replace_fast(&sw->rev, &old->rnode, &e->rnode,
					      psw_rev_params);
	else
		err = rhashtable_lookup_insert_fast(&sw->rev, &e->rnode,
						    psw_rev_params);
	if (err)
		NL_SET_ERR_MSG(extack,
			       "cannot insert the entry into the reverse table");
	return err;
}

/* Remove @e from the reverse table, unless @e's slot went to @new. */
static void psw_rev_remove(struct psw_switch *sw, struct psw_entry *e,
			   const struct psw_entry *new)
{
	if (!psw_entry_has_ext(e))
		return;
	if (new && psw_entry_has_ext(new) && ether_addr_equal(e->ext, new->ext))
		return;
	rhashtable_remove_fast(&sw->rev, &e->rnode, psw_rev_params);
}

/*
 * May an entry for @mac go into @pan, given the entry @old it has now (or
 * NULL)? Configuration asks once before it allocates, under RTNL, and
 * again under sw->lock, where the answer holds until the insertion.
 */
static int psw_entry_check(struct psw_pan *pan, const struct psw_port *port,
			   const struct psw_entry *old, bool replace,
			   struct netlink_ext_ack *extack)
{
	struct psw_switch *sw = pan->sw;

	/*
	 * A static entry always replaces a learned one; a vm port's own
	 * entry replaces the hold entry that waited for it.
	 */
	if (old && (old->origin == PSW_ORIGIN_LEARNED ||
		    (port && old->mode == PSW_MODE_HOLD)))
		replace = true;
	if (old && !replace) {
		NL_SET_ERR_MSG(extack, "entry exists");
		return -EEXIST;
	}
	if (old && old->origin == PSW_ORIGIN_PORT) {
		NL_SET_ERR_MSG(extack,
			       "entry belongs to a port; remove the port instead");
		return -EBUSY;
	}
	if (!old && sw->nentries >= sw->max_entries) {
		NL_SET_ERR_MSG(extack,
			       "the switch's entry limit (max-entries) is reached");
		return -ENOSPC;
	}
	if (pan->dead || (port && port->dead)) {
		NL_SET_ERR_MSG(extack, "the entry's PAN or port is being removed");
		return -ENOENT;
	}
	return 0;
}

/*
 * Publish @e (not yet in any table) in place of @old (or as a new entry).
 * sw->lock. On failure nothing is published, but readers may have seen
 * @e in the reverse table: it must be freed after a grace period.
 */
static int psw_entry_publish(struct psw_switch *sw, struct psw_entry *e,
			     struct psw_entry *old,
			     struct netlink_ext_ack *extack)
{
	int err;

	lockdep_assert_held(&sw->lock);
	/* The reverse table first: it is the step that can be refused. */
	err = psw_rev_insert(sw, e, old, extack);
	if (err)
		return err;
	if (old)
		err = rhashtable_replace_fast(&sw->entries, &old->node,
					      &e->node, psw_entry_params);
	else
		err = rhashtable_lookup_insert_fast(&sw->entries, &e->node,
						    psw_entry_params);
	if (err) {
		NL_SET_ERR_MSG(extack, "cannot insert the entry into the table");
		if (psw_entry_has_ext(e)) {
			if (old && psw_entry_has_ext(old) &&
			    ether_addr_equal(old->ext, e->ext))
				rhashtable_replace_fast(&sw->rev, &e->rnode,
							&old->rnode,
							psw_rev_params);
			else
				rhashtable_remove_fast(&sw->rev, &e->rnode,
						       psw_rev_params);
		}
		return err;
	}
	if (old) {
		psw_rev_remove(sw, old, e);
		list_replace_rcu(&old->pan_node, &e->pan_node);
	} else {
		list_add_tail_rcu(&e->pan_node, &e->pan->entries);
		e->pan->nentries++;
		sw->nentries++;
	}
	return 0;
}

/**
 * psw_entry_add() - add or replace an entry of the addressing table
 * @pan: the PAN of the entry
 * @mac: its MAC address, the key with @pan's id
 * @a: what the entry is (mode, origin, port, external MAC, remote)
 * @replace: replace an existing user entry instead of refusing
 * @extack: where a refusal says why
 *
 * The entry is allocated (PSW_GFP) and, for an encap entry, its remote
 * made an accepted source before it is published; the checks and the
 * insertion then happen in one hold of sw->lock, so the switch's
 * max-entries bound cannot be passed by a concurrent inserter. A replace
 * swaps the entries in place, so readers see the old or the new entry and
 * never neither. A refusal changes nothing.
 *
 * Context: process context, RTNL held (configuration). Takes sw->lock.
 * Return: 0, or -EEXIST, -EBUSY, -ENOSPC, -ENOENT, -EADDRINUSE, -ENOMEM.
 */
int psw_entry_add(struct psw_pan *pan, const u8 *mac,
		  const struct psw_entry_args *a, bool replace,
		  struct netlink_ext_ack *extack)
{
	struct psw_switch *sw = pan->sw;
	struct psw_entry *e, *old;
	int err;

	ASSERT_RTNL();

	rcu_read_lock();	/* a learned @old may go meanwhile */
	old = psw_entry_find(sw, pan->id, mac);
	err = psw_entry_check(pan, a->port, old, replace, extack);
	rcu_read_unlock();
	if (err)
		goto refused;

	e = psw_entry_alloc(PSW_GFP);
	if (!e) {
		NL_SET_ERR_MSG(extack, "out of memory for the entry");
		return -ENOMEM;
	}
	psw_entry_key(&e->key, pan->id, mac);
	e->mode = a->mode;
	e->origin = a->origin;
	e->port = a->port;
	e->pan = pan;
	if (a->ext)
		ether_addr_copy(e->ext, a->ext);
	if (a->remote)
		e->remote = *a->remote;
	/* Arrivals from its remote are accepted from the moment it is in. */
	if (e->mode == PSW_MODE_ENCAP) {
		err = psw_trust_get(sw, pan->id, &e->remote, extack);
		if (err) {
			psw_entry_free(e);
			return err;
		}
	}
	/* And a hold entry's frames from the uplink. */
	err = psw_entry_filter(sw, e, true, extack);
	if (err) {
		psw_entry_free(e);
		return err;
	}

	spin_lock_bh(&sw->lock);
	old = psw_entry_find(sw, pan->id, mac);
	err = psw_entry_check(pan, a->port, old, replace, extack) ?:
	      psw_entry_publish(sw, e, old, extack);
	if (err == -ENOSPC)
		sw->entry_limit_hits++;
	if (!err && old && old->origin == PSW_ORIGIN_LEARNED)
		psw_entry_learned_gone(sw, old);
	spin_unlock_bh(&sw->lock);

	if (err) {
		if (e->mode == PSW_MODE_ENCAP)
			psw_trust_put(sw, pan->id, &e->remote);
		psw_entry_filter(sw, e, false, NULL);
		/* Readers may have found @e in the reverse table. */
		psw_entry_free_rcu(e);
		return err;
	}
	if (old) {
		psw_entry_account(old, -1);
		psw_entry_filter(sw, old, false, NULL);
		psw_entry_free_rcu(old);
	}
	psw_entry_account(e, 1);
	psw_changed(sw);
	/* Frames held for it (miss notify, hold) go out through it now. */
	psw_hold_release(pan, mac);
	/* A VM arriving with its external MAC: the physical network learns. */
	if (e->mode == PSW_MODE_HOLD && psw_entry_has_ext(e))
		psw_xlate_announce(sw, e->ext);
	return 0;

refused:
	if (err == -ENOSPC) {
		spin_lock_bh(&sw->lock);
		sw->entry_limit_hits++;
		spin_unlock_bh(&sw->lock);
	}
	return err;
}

/*
 * Apply the switch's max-entries, checked by the caller against the
 * current count. Inserters read it under the same lock. RTNL.
 */
void psw_table_set_max(struct psw_switch *sw, unsigned int max)
{
	ASSERT_RTNL();
	spin_lock_bh(&sw->lock);
	sw->max_entries = max;
	spin_unlock_bh(&sw->lock);
}

/*
 * What a learned entry held, given back when it leaves the table (moved,
 * aged, replaced by a static one, deleted): its PAN's count and its use of
 * its remote. sw->lock.
 */
void psw_entry_learned_gone(struct psw_switch *sw, struct psw_entry *e)
{
	lockdep_assert_held(&sw->lock);
	e->pan->nlearned--;
	psw_trust_learn_put(sw, e->key.pan, &e->remote);
}

/* Unpublish @e. sw->lock. */
static void psw_entry_unpublish(struct psw_switch *sw, struct psw_entry *e)
{
	lockdep_assert_held(&sw->lock);
	rhashtable_remove_fast(&sw->entries, &e->node, psw_entry_params);
	psw_rev_remove(sw, e, NULL);
	list_del_rcu(&e->pan_node);
	e->pan->nentries--;
	sw->nentries--;
	if (e->origin == PSW_ORIGIN_LEARNED)
		psw_entry_learned_gone(sw, e);
}

/* Is @e (found under RCU) still in the table? sw->lock. */
static bool psw_entry_published(struct psw_switch *sw, struct psw_entry *e)
{
	return rhashtable_lookup_fast(&sw->entries, &e->key,
				      psw_entry_params) == e;
}

/*
 * Unpublish @e and free it after a grace period. A learned entry may have
 * been moved or aged out since the caller found it (under the RCU read
 * lock, which it still holds): then nothing is done and false returned.
 * RTNL; takes sw->lock.
 */
bool psw_entry_del(struct psw_entry *e)
{
	struct psw_switch *sw = e->pan->sw;

	ASSERT_RTNL();
	spin_lock_bh(&sw->lock);
	if (e->origin == PSW_ORIGIN_LEARNED && !psw_entry_published(sw, e)) {
		spin_unlock_bh(&sw->lock);
		return false;
	}
	psw_entry_unpublish(sw, e);
	spin_unlock_bh(&sw->lock);
	psw_entry_account(e, -1);
	psw_entry_filter(sw, e, false, NULL);
	/* What a hold entry held goes on as if it came now. */
	if (e->mode == PSW_MODE_HOLD && !e->pan->dead)
		psw_hold_release(e->pan, e->key.mac);
	psw_entry_free_rcu(e);
	psw_changed(sw);
	return true;
}

/**
 * psw_entry_learn() - learn, refresh or move the entry of a source MAC
 * @pan: the arrival's PAN
 * @mac: its inner source MAC (unicast, not zero)
 * @from: its sender: outer source address and encapsulation
 * @e: a zeroed entry allocated by the caller (GFP_ATOMIC), published on
 *     PSW_LEARN_NEW and PSW_LEARN_MOVED, else the caller frees it
 * @moved: on PSW_LEARN_MOVED, the entry's old place and the move's
 *     sequence number
 *
 * The checks and the change happen in one hold of sw->lock: the PAN's
 * learn-max and the switch's max-entries cannot be passed by a concurrent
 * learner or request. A static entry (user, port) is never touched. A
 * learned entry from @from's place is refreshed in place (its age); from
 * another place it moves there by a replace, unless it has moved
 * PSW_MOVE_DAMP_MOVES times in the damping window already (frozen).
 *
 * Context: BH, RCU read lock held (the packet path). Takes sw->lock.
 * Return: what was done (enum psw_learn_res).
 */
enum psw_learn_res psw_entry_learn(struct psw_pan *pan, const u8 *mac,
				   const struct psw_remote *from,
				   struct psw_entry *e,
				   struct psw_learn_move *moved)
{
	struct psw_switch *sw = pan->sw;
	unsigned long now = jiffies;
	enum psw_learn_res res;
	struct psw_entry *old;

	psw_entry_key(&e->key, pan->id, mac);
	e->mode = PSW_MODE_ENCAP;
	e->origin = PSW_ORIGIN_LEARNED;
	e->pan = pan;
	e->remote = *from;
	e->remote.route = NULL;
	e->used = now;
	e->damp_start = now;

	spin_lock(&sw->lock);
	old = rhashtable_lookup_fast(&sw->entries, &e->key, psw_entry_params);
	if (pan->dead) {
		res = PSW_LEARN_NONE;
	} else if (old && old->origin != PSW_ORIGIN_LEARNED) {
		res = old->mode == PSW_MODE_ENCAP &&
		      psw_remote_equal(&old->remote, from) ?
		      PSW_LEARN_SAME : PSW_LEARN_STATIC;
	} else if (old && psw_remote_equal(&old->remote, from)) {
		WRITE_ONCE(old->used, now);	/* refreshed by another CPU */
		res = PSW_LEARN_SAME;
	} else if (old) {
		if (time_before(now, old->damp_start +
				PSW_MOVE_DAMP_SECS * HZ)) {
			e->damp_start = old->damp_start;
			e->nmoves = old->nmoves;
		}
		res = PSW_LEARN_FROZEN;
		if (e->nmoves >= PSW_MOVE_DAMP_MOVES)
			goto out;
		e->nmoves++;
		res = PSW_LEARN_NONE;
		if (psw_trust_learn_get(sw, pan->id, &e->remote))
			goto out;
		if (psw_entry_publish(sw, e, old, NULL)) {
			psw_trust_learn_put(sw, pan->id, &e->remote);
			goto out;
		}
		moved->from = old->remote;
		moved->seq = ++pan->move_seq;
		pan->nlearned++;	/* e's; old's goes below */
		psw_entry_learned_gone(sw, old);
		psw_entry_free_rcu(old);
		res = PSW_LEARN_MOVED;
	} else if (pan->nlearned >= pan->learn_max ||
		   sw->nentries >= sw->max_entries) {
		res = PSW_LEARN_LIMIT;
	} else {
		res = PSW_LEARN_NONE;
		if (psw_trust_learn_get(sw, pan->id, &e->remote))
			goto out;
		if (psw_entry_publish(sw, e, NULL, NULL)) {
			psw_trust_learn_put(sw, pan->id, &e->remote);
			goto out;
		}
		pan->nlearned++;
		res = PSW_LEARN_NEW;
	}
out:
	spin_unlock(&sw->lock);
	return res;
}

/*
 * The ageing work: remove learned entry @e (found under the RCU read lock,
 * still held) if it is still in the table, its PAN not going, and idle
 * longer than its PAN's ageing time. Takes sw->lock.
 */
bool psw_entry_age(struct psw_entry *e)
{
	struct psw_switch *sw = e->pan->sw;
	unsigned long age = READ_ONCE(e->pan->ageing) * HZ;
	bool gone = false;

	spin_lock_bh(&sw->lock);
	if (!e->pan->dead && psw_entry_published(sw, e) &&
	    time_after(jiffies, READ_ONCE(e->used) + age)) {
		psw_entry_unpublish(sw, e);
		gone = true;
	}
	spin_unlock_bh(&sw->lock);
	if (gone)
		psw_entry_free_rcu(e);
	return gone;
}

/*
 * Remove @e as a side effect of removing its PAN or port; with @notify,
 * announce it first. A PAN may hold a million entries: let others run.
 */
static void psw_entry_flush(struct psw_entry *e, bool notify)
{
	if (notify)
		psw_notify_entry(e, PSW_CMD_ENTRY_DEL, GFP_KERNEL);
	psw_entry_del(e);
	cond_resched();
}

/*
 * Remove every entry of @pan, in the order they were added. The PAN is
 * going: no entry is added to it any more.
 */
void psw_pan_flush_entries(struct psw_pan *pan, bool notify)
{
	struct psw_entry *e, *tmp;

	spin_lock_bh(&pan->sw->lock);
	pan->dead = true;
	spin_unlock_bh(&pan->sw->lock);
	notify = notify && psw_notify_listening(pan->sw);
	list_for_each_entry_safe(e, tmp, &pan->entries, pan_node)
		psw_entry_flush(e, notify);
}

/*
 * The next entry of @pan after @e (NULL: from the start) that delivers to
 * @port. Such entries are static: only RTNL removes them, so the caller
 * may keep the answer; the learned entries in between may be moved or
 * aged meanwhile, so they are stepped over under the RCU read lock.
 */
static struct psw_entry *psw_port_next_entry(struct psw_pan *pan,
					     struct psw_entry *e,
					     const struct psw_port *port)
{
	struct psw_entry *found = NULL;

	rcu_read_lock();
	e = e ? e : list_entry(&pan->entries, struct psw_entry, pan_node);
	list_for_each_entry_continue_rcu(e, &pan->entries, pan_node) {
		if (e->mode == PSW_MODE_LOCAL && e->port == port) {
			found = e;
			break;
		}
	}
	rcu_read_unlock();
	return found;
}

/* Remove @pan's entries that deliver to @port, oldest first. */
static void psw_port_flush_pan(struct psw_pan *pan, struct psw_port *port,
			       bool notify)
{
	struct psw_entry *e, *next;

	for (e = psw_port_next_entry(pan, NULL, port); e; e = next) {
		next = psw_port_next_entry(pan, e, port);
		psw_entry_flush(e, notify);
	}
}

/*
 * Remove the entries that deliver to @port, its own and user ones, in the
 * order they were added to its PAN (a tep port's: to each PAN). The port
 * is going: no entry is added for it any more.
 */
void psw_port_flush_entries(struct psw_port *port, bool notify)
{
	struct psw_pan *pan = psw_port_pan(port);

	unsigned long id;

	spin_lock_bh(&port->sw->lock);
	port->dead = true;
	spin_unlock_bh(&port->sw->lock);
	notify = notify && psw_notify_listening(port->sw);
	if (port->role == PSW_PORT_ROLE_TEP) {
		/* Local entries of any PAN may name a tep port. */
		xa_for_each(&port->sw->pans, id, pan)
			psw_port_flush_pan(pan, port, notify);
		return;
	}
	if (pan)
		psw_port_flush_pan(pan, port, notify);
}
