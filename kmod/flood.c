// SPDX-License-Identifier: GPL-2.0
/*
 * Flood lists: per PAN, the uplink and the remotes that get a copy of a
 * frame with no entry (and of broadcast and multicast frames) from a vm
 * port. An RCU list of struct psw_flood, read by psw_flood() (forward.c),
 * changed under RTNL. A remote member's arrivals are accepted (trust.c)
 * from the moment it is a member.
 */
#include <net/ipv6.h>

#include "psw.h"

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
		/*
		 * Its arrivals are accepted from the moment it is a member, and
		 * its copies routed through its remote's route cache.
		 */
		f->remote = *r;
		err = psw_trust_get(pan->sw, pan->id, &f->remote, extack);
		if (err) {
			kfree(f);
			return err;
		}
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

/* Empty @pan's flood list (the PAN is going). RTNL. */
void psw_flood_flush(struct psw_pan *pan)
{
	struct psw_flood *f, *tmp;

	list_for_each_entry_safe(f, tmp, &pan->flood, node)
		psw_flood_del(pan, f);
}
