// SPDX-License-Identifier: GPL-2.0
/*
 * The remotes a PAN accepts tunnel arrivals from.
 *
 * One rhashtable per switch, keyed by {PAN, family, address}, holds every
 * address a PAN is configured to exchange tunnel packets with: the remote
 * of each of its encap entries and each remote member of its flood list.
 * An address used several times (two entries, an entry and a flood
 * member, a member per encapsulation) has one row with a count of its
 * uses; the row goes when the last use does. Later sources of remotes
 * (a PAN's multicast group, learned remotes) take and drop uses the same
 * way. The encapsulation is not part of the key: a remote is a host, and
 * a host the PAN trusts may reach it by any of the three.
 *
 * Writers hold RTNL: psw_trust_get() before the use is published (it may
 * fail: allocation), psw_trust_put() once it is gone. The packet path
 * reads with psw_trust_lookup() under RCU and takes no lock.
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
	unsigned int uses;		/* RTNL */
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

/* One more use of @r by PAN @pan. RTNL. */
int psw_trust_get(struct psw_switch *sw, u32 pan, const struct psw_remote *r,
		  struct netlink_ext_ack *extack)
{
	struct psw_trust *t;
	int err;

	ASSERT_RTNL();
	t = psw_trust_find(sw, pan, r);
	if (t) {
		t->uses++;
		return 0;
	}
	t = kzalloc(sizeof(*t), PSW_GFP);
	if (!t)
		return -ENOMEM;
	psw_trust_key(&t->key, pan, r->family, &r->ip);
	t->uses = 1;
	err = rhashtable_lookup_insert_fast(&sw->trust, &t->node,
					    psw_trust_params);
	if (err) {
		kfree(t);
		NL_SET_ERR_MSG(extack,
			       "cannot insert the remote into the PAN's accepted remotes");
	}
	return err;
}

/* One use of @r by PAN @pan less. RTNL. */
void psw_trust_put(struct psw_switch *sw, u32 pan, const struct psw_remote *r)
{
	struct psw_trust *t;

	ASSERT_RTNL();
	t = psw_trust_find(sw, pan, r);
	if (WARN_ON_ONCE(!t) || --t->uses)
		return;
	rhashtable_remove_fast(&sw->trust, &t->node, psw_trust_params);
	kfree_rcu(t, rcu);
}

/* The packet path: is @ip a remote of PAN @pan? RCU. */
bool psw_trust_lookup(const struct psw_switch *sw, u32 pan, u8 family,
		      const union psw_ip *ip)
{
	struct psw_trust_key key;

	psw_trust_key(&key, pan, family, ip);
	return rhashtable_lookup((struct rhashtable *)&sw->trust, &key,
				 psw_trust_params);
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
			!memcmp(&t->key.ip, &key.ip, sizeof(key.ip));
	}
	rhashtable_walk_stop(&iter);
	rhashtable_walk_exit(&iter);
	return found;
}
