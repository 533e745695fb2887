// SPDX-License-Identifier: GPL-2.0
/*
 * A PAN's anycast gateway (seed 004): the MAC that a router shared by
 * every host of the PAN answers to, and the way to it, the uplink or a
 * remote. With the PAN's miss policy anycast, a unicast frame from a vm
 * port to a MAC with no entry (a VM's stale ARP entry for a VM that moved
 * away) gets the anycast MAC as its destination and goes to the gateway,
 * which routes it to where its IP destination is now (forward.c).
 *
 * The gateway is an RCU pointer of the PAN, replaced whole under RTNL.
 * Its remote is one of the PAN's remotes: its arrivals are accepted
 * (trust.c) and the switch's local address of its family cannot be
 * cleared (sw->nremote) while it is the gateway.
 */
#include <net/netlink.h>

#include "nl_core.h"

/* The PAN's gateway, under RTNL or RCU (NULL: none). */
const struct psw_anycast *psw_anycast_get(const struct psw_pan *pan)
{
	return rcu_dereference_rtnl(pan->anycast);
}

static void psw_anycast_release(struct psw_pan *pan, struct psw_anycast *gw)
{
	if (!gw)
		return;
	if (!gw->uplink) {
		pan->sw->nremote[psw_family_idx(gw->remote.family)]--;
		psw_trust_put(pan->sw, pan->id, &gw->remote);
	}
	kfree_rcu(gw, rcu);
}

/**
 * psw_anycast_prepare() - a new gateway for @pan, not yet published
 * @pan: the PAN
 * @mac: the anycast MAC, checked by the caller (psw_anycast_check())
 * @r: the remote toward it, or NULL for the uplink
 * @extack: why not
 *
 * Takes the remote's use (its arrivals are accepted from now on).
 * Context: RTNL.
 * Return: the gateway for psw_anycast_publish() or psw_anycast_abort(),
 * or an ERR_PTR (allocation).
 */
struct psw_anycast *psw_anycast_prepare(struct psw_pan *pan, const u8 *mac,
					const struct psw_remote *r,
					struct netlink_ext_ack *extack)
{
	struct psw_anycast *gw;
	int err;

	ASSERT_RTNL();
	gw = kzalloc(sizeof(*gw), PSW_GFP);
	if (!gw) {
		NL_SET_ERR_MSG(extack, "out of memory for the anycast gateway");
		return ERR_PTR(-ENOMEM);
	}
	ether_addr_copy(gw->mac, mac);
	gw->uplink = !r;
	if (r) {
		/* its own copy: psw_trust_get() sets the copy's route cache */
		gw->remote = *r;
		err = psw_trust_get(pan->sw, pan->id, &gw->remote, extack);
		if (err) {
			kfree(gw);
			return ERR_PTR(err);
		}
		pan->sw->nremote[psw_family_idx(r->family)]++;
	}
	return gw;
}

/* A prepared gateway that will not be published. RTNL. */
void psw_anycast_abort(struct psw_pan *pan, struct psw_anycast *gw)
{
	ASSERT_RTNL();
	psw_anycast_release(pan, gw);
}

/* Make @gw (NULL: none) @pan's gateway; the old one goes. RTNL. */
void psw_anycast_publish(struct psw_pan *pan, struct psw_anycast *gw)
{
	struct psw_anycast *old = rtnl_dereference(pan->anycast);

	rcu_assign_pointer(pan->anycast, gw);
	psw_anycast_release(pan, old);
	psw_changed(pan->sw);
}

/*
 * May @mac be @pan's anycast MAC? A unicast address that no entry of the
 * PAN delivers to a local port: frames to a local VM are that VM's, and a
 * VM must never receive what was meant for the gateway. RTNL.
 */
int psw_anycast_check(struct psw_pan *pan, const u8 *mac,
		      struct netlink_ext_ack *extack,
		      const struct nlattr *attr)
{
	const struct psw_entry *e;
	bool local;

	if (!is_valid_ether_addr(mac)) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "the anycast MAC must be unicast and not zero");
		return -EINVAL;
	}
	rcu_read_lock();	/* a learned entry may go meanwhile */
	e = psw_entry_find(pan->sw, pan->id, mac);
	local = e && e->mode == PSW_MODE_LOCAL;
	rcu_read_unlock();
	if (local) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "the anycast MAC is a local VM's MAC in this PAN");
		return -EINVAL;
	}
	return 0;
}

/* PSW_A_ANYCAST of @pan, if it has a gateway. Under RTNL or RCU. */
int psw_anycast_fill(struct sk_buff *skb, const struct psw_pan *pan)
{
	const struct psw_anycast *gw = psw_anycast_get(pan);
	struct nlattr *nest;

	if (!gw)
		return 0;
	nest = nla_nest_start(skb, PSW_A_ANYCAST);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put(skb, PSW_A_MAC, ETH_ALEN, gw->mac))
		goto cancel;
	if (gw->uplink ? nla_put_flag(skb, PSW_A_UPLINK) :
			 psw_put_remote(skb, &gw->remote))
		goto cancel;
	nla_nest_end(skb, nest);
	return 0;
cancel:
	nla_nest_cancel(skb, nest);
	return -EMSGSIZE;
}
