// SPDX-License-Identifier: GPL-2.0
/*
 * The remotes a PAN accepts tunnel arrivals from.
 *
 * One rhashtable per switch, keyed by {PAN, family, address}, holds every
 * address a PAN is configured to exchange tunnel packets with: the remote
 * of each of its encap entries and each remote member of its flood list.
 * An address used several times (two entries, an entry and a flood
 * member, a member per encapsulation) has one row with a count of its
 * uses; the row goes when the last use does. The anycast gateway's
 * remote (anycast.c) takes and drops a use the same way; a PAN's
 * multicast group adds none: what arrives on the group passes the same
 * check of its outer source (decap_*.c). The encapsulation is not part
 * of the key: a remote is a host, and a host the PAN trusts may reach it
 * by any of the three.
 *
 * Configuration holds RTNL: psw_trust_get() before the use is published
 * (it may fail: allocation), psw_trust_put() once it is gone. Learned
 * entries (learn.c) take and give back uses from softirq and from the
 * ageing work, so a row's counts and its insertion and removal are under
 * sw->lock (DOC: Locking). A learned use is counted apart (learned): it
 * keeps the row and its route caches, but it does not make the remote
 * accepted: only configuration does (uses), so removing the last
 * configured use of a remote stops its arrivals however many entries
 * were learned from it, and learning never starts from a remote that is
 * not configured. The packet path reads with psw_trust_lookup() under
 * RCU and takes no lock.
 *
 * A row is also where the route to its remote is cached, for the sending
 * side (encap.c): one struct dst_cache per encapsulation that its users
 * send with, allocated when the first of them comes and destroyed with
 * the row. Every encap entry and remote flood member points to its own
 * (psw_remote.route). The route does not depend on the entry: it is a
 * function of the remote, the source address (the switch's underlay
 * address, or for EtherIP the PAN's own), the encapsulation (the IP
 * protocol, and VXLAN's port) and the frame's mark, and the row is per
 * PAN and remote, so all its users of one encapsulation share one cache.
 * vxlan keeps one per fdb entry's remote (struct vxlan_rdst); sharing it
 * per remote keeps an encap entry at the size of any other entry (a
 * cache is 40 bytes per possible CPU of per-CPU memory, see
 * Documentation/transport.md, "Route cache").
 */
#include <net/ipv6.h>

#include "psw.h"

struct psw_trust_key {
	u32 pan;
	u32 family;
	union psw_ip ip;		/* IPv4: ip4, the rest zero */
};

struct psw_trust {
	struct rhash_head node;
	struct psw_trust_key key;
	unsigned int uses;		/* configured: sw->lock, READ_ONCE */
	unsigned int learned;		/* learned entries: sw->lock */
	/*
	 * The route per encapsulation (index: enum psw_encap - 1), installed
	 * (.cache) under sw->lock before the first user of its encapsulation
	 * is published, which alone read it; destroyed by
	 * psw_trust_free_rcu().
	 */
	struct dst_cache route[PSW_ENCAP_MAX];
	struct rcu_head rcu;
};

static const struct rhashtable_params psw_trust_params = {
	.key_len = sizeof(struct psw_trust_key),
	.key_offset = offsetof(struct psw_trust, key),
	.head_offset = offsetof(struct psw_trust, node),
	.automatic_shrinking = true,
};

int psw_trust_init(struct psw_switch *sw)
{
	return rhashtable_init(&sw->trust, &psw_trust_params);
}

void psw_trust_destroy(struct psw_switch *sw)
{
	/* Every PAN, and so every entry and flood member, is gone by now. */
	WARN_ON_ONCE(atomic_read(&sw->trust.nelems));
	rhashtable_destroy(&sw->trust);
}

static void psw_trust_key(struct psw_trust_key *key, u32 pan, u8 family,
			  const union psw_ip *ip)
{
	memset(key, 0, sizeof(*key));
	key->pan = pan;
	key->family = family;
	if (family == AF_INET)
		key->ip.ip4 = ip->ip4;
	else
		key->ip.ip6 = ip->ip6;
}

static struct psw_trust *psw_trust_find(struct psw_switch *sw, u32 pan,
					const struct psw_remote *r)
{
	struct psw_trust_key key;

	psw_trust_key(&key, pan, r->family, &r->ip);
	return rhashtable_lookup_fast(&sw->trust, &key, psw_trust_params);
}

/* The row's route cache for @encap, a valid enum psw_encap. */
static struct dst_cache *psw_trust_route(struct psw_trust *t, u8 encap)
{
	return &t->route[encap - 1];
}

static void psw_trust_free_rcu(struct rcu_head *head)
{
	struct psw_trust *t = container_of(head, struct psw_trust, rcu);
	int i;

	/* Releases the cached routes; a cache never allocated is skipped. */
	for (i = 0; i < PSW_ENCAP_MAX; i++)
		dst_cache_destroy(&t->route[i]);
	kfree(t);
}

/*
 * One more use of @r by PAN @pan; sets r->route to the row's route cache
 * for r->encap. What may be needed (a row, a route cache) is allocated
 * before sw->lock is taken, in process context and charged to the
 * requester (PSW_GFP); what is not used is freed. A row may go between
 * the two holds of the lock (its last learned use aged out): then the
 * search starts again. A refusal changes nothing. RTNL.
 */
int psw_trust_get(struct psw_switch *sw, u32 pan, struct psw_remote *r,
		  struct netlink_ext_ack *extack)
{
	struct psw_trust *t, *row = NULL;
	struct dst_cache cache = {};
	struct dst_cache *route;
	bool need_row, need_cache;
	int err = 0;

	ASSERT_RTNL();
	if (WARN_ON_ONCE(r->encap < 1 || r->encap > PSW_ENCAP_MAX))
		return -EINVAL;
again:
	spin_lock_bh(&sw->lock);
	t = psw_trust_find(sw, pan, r);
	need_row = !t && !row;
	need_cache = (!t || !psw_trust_route(t, r->encap)->cache) &&
		     !cache.cache;
	spin_unlock_bh(&sw->lock);
	if (need_row) {
		row = kzalloc(sizeof(*row), PSW_GFP);
		if (!row)
			goto nomem;
		psw_trust_key(&row->key, pan, r->family, &r->ip);
	}
	if (need_cache && dst_cache_init(&cache, PSW_GFP))
		goto nomem;

	spin_lock_bh(&sw->lock);
	t = psw_trust_find(sw, pan, r);
	if (!t && !row) {
		spin_unlock_bh(&sw->lock);
		goto again;
	}
	if (!t) {
		err = rhashtable_lookup_insert_fast(&sw->trust, &row->node,
						    psw_trust_params);
		if (err) {
			spin_unlock_bh(&sw->lock);
			NL_SET_ERR_MSG(extack,
				       "cannot insert the remote into the PAN's accepted remotes");
			goto out;
		}
		t = row;
		row = NULL;
	}
	route = psw_trust_route(t, r->encap);
	if (!route->cache) {
		if (!cache.cache) {
			spin_unlock_bh(&sw->lock);
			goto again;
		}
		*route = cache;
		cache.cache = NULL;
	}
	WRITE_ONCE(t->uses, t->uses + 1);
	r->route = route;
	spin_unlock_bh(&sw->lock);
out:
	/* Never published: nobody has read them. */
	if (row)
		psw_trust_free_rcu(&row->rcu);
	dst_cache_destroy(&cache);
	return err;
nomem:
	NL_SET_ERR_MSG(extack, "out of memory for the remote's route cache");
	err = -ENOMEM;
	goto out;
}

/* The row goes with its last use, after a grace period. sw->lock. */
static void psw_trust_unuse(struct psw_switch *sw, struct psw_trust *t)
{
	lockdep_assert_held(&sw->lock);
	if (t->uses || t->learned)
		return;
	rhashtable_remove_fast(&sw->trust, &t->node, psw_trust_params);
	/* Readers may still hold r->route: destroyed after a grace period. */
	call_rcu(&t->rcu, psw_trust_free_rcu);
}

/* One use of @r by PAN @pan less. RTNL; takes sw->lock. */
void psw_trust_put(struct psw_switch *sw, u32 pan, const struct psw_remote *r)
{
	struct psw_trust *t;

	ASSERT_RTNL();
	spin_lock_bh(&sw->lock);
	t = psw_trust_find(sw, pan, r);
	if (!WARN_ON_ONCE(!t || !t->uses)) {
		WRITE_ONCE(t->uses, t->uses - 1);
		psw_trust_unuse(sw, t);
	}
	spin_unlock_bh(&sw->lock);
}

/**
 * psw_trust_learn_get() - a learned entry's use of its remote
 * @sw: the switch
 * @pan: the PAN's id
 * @r: the remote the entry sends to; r->route is set
 *
 * Only a configured remote of the PAN is learned from: the row must exist
 * with a configured use. Its route cache for r->encap is allocated here
 * if it has none (GFP_ATOMIC, charged to nobody: the entry is bounded by
 * the PAN's learn-max); if that fails the entry goes without one.
 *
 * Context: sw->lock held (softirq or the ageing work).
 * Return: 0, or -ENOENT if @r is no configured remote of @pan.
 */
int psw_trust_learn_get(struct psw_switch *sw, u32 pan, struct psw_remote *r)
{
	struct dst_cache *route;
	struct psw_trust *t;

	lockdep_assert_held(&sw->lock);
	t = psw_trust_find(sw, pan, r);
	if (!t || !t->uses)
		return -ENOENT;
	route = psw_trust_route(t, r->encap);
	if (!route->cache && dst_cache_init(route, GFP_ATOMIC))
		route->cache = NULL;	/* a FIB lookup per frame */
	t->learned++;
	r->route = route;
	return 0;
}

/* A learned entry's use of @r given back. sw->lock held. */
void psw_trust_learn_put(struct psw_switch *sw, u32 pan,
			 const struct psw_remote *r)
{
	struct psw_trust *t;

	lockdep_assert_held(&sw->lock);
	t = psw_trust_find(sw, pan, r);
	if (WARN_ON_ONCE(!t || !t->learned))
		return;
	t->learned--;
	psw_trust_unuse(sw, t);
}

/*
 * Forget every cached route of @sw: its underlay changed (a source
 * address, the VXLAN port). The caller has waited for a grace period
 * since it published the new underlay, so no frame still routes by the
 * old one and fills a cache with its route after this. dst_cache_reset()
 * is lazy and safe against readers: each CPU's route is dropped the next
 * time that CPU looks. RTNL.
 */
void psw_trust_reset_routes(struct psw_switch *sw)
{
	struct rhashtable_iter iter;
	struct psw_trust *t;
	int i;

	ASSERT_RTNL();
	rhashtable_walk_enter(&sw->trust, &iter);
	rhashtable_walk_start(&iter);
	while ((t = rhashtable_walk_next(&iter))) {
		if (IS_ERR(t))
			continue;	/* -EAGAIN: a resize; go on */
		for (i = 0; i < PSW_ENCAP_MAX; i++)
			dst_cache_reset(&t->route[i]);
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
}

/* The packet path: is @ip a configured remote of PAN @pan? RCU. */
bool psw_trust_lookup(const struct psw_switch *sw, u32 pan, u8 family,
		      const union psw_ip *ip)
{
	struct psw_trust_key key;
	struct psw_trust *t;

	psw_trust_key(&key, pan, family, ip);
	t = rhashtable_lookup((struct rhashtable *)&sw->trust, &key,
			      psw_trust_params);
	return t && READ_ONCE(t->uses);
}

/* Is @ip a remote of any PAN of @sw? RTNL (a walk: configuration only). */
bool psw_trust_has_addr(struct psw_switch *sw, u8 family,
			const union psw_ip *ip)
{
	struct psw_trust_key key;
	struct rhashtable_iter iter;
	struct psw_trust *t;
	bool found = false;

	ASSERT_RTNL();
	psw_trust_key(&key, 0, family, ip);
	rhashtable_walk_enter(&sw->trust, &iter);
	rhashtable_walk_start(&iter);
	while (!found && (t = rhashtable_walk_next(&iter))) {
		if (IS_ERR(t))
			continue;	/* -EAGAIN: a resize; go on */
		found = t->key.family == key.family &&
			!memcmp(&t->key.ip, &key.ip, sizeof(key.ip)) &&
			READ_ONCE(t->uses);
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
	return found;
}
