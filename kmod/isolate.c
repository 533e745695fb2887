// SPDX-License-Identifier: GPL-2.0
/*
 * Isolated ports and the switch's VLAN pool (seed 001).
 *
 * A switch may have a pool of VLANs (switch-set vlan-pool first..last); an
 * isolated vm port holds one of them. Its frames are never switched
 * locally: they leave through the uplink tagged with its VLAN, for the
 * edge to switch, and frames on that VLAN coming back on the uplink go to
 * it and to no other port (forward.c).
 *
 * The pool (struct psw_vlan_pool) is allocated when it is set, charged to
 * the requester (PSW_GFP), one slot per VLAN id: slot[vid].holder, the
 * port holding vid, and slot[vid].moved, a port moved off vid by a
 * migration (below). Slots are RCU pointers, written under RTNL and read
 * by the uplink's rx handler: one array load per frame, no lock. A port's
 * own VLAN (port->iso_vid) is written under RTNL with WRITE_ONCE() and
 * read once per frame with READ_ONCE().
 *
 * Migration: a VM that arrives keeps its VLAN. If a local isolated port P
 * holds it, P is moved to the lowest free VLAN, published in this order:
 *   1. slot[new].holder = P: P takes frames on its new VLAN;
 *   2. P->iso_old_vid, P->iso_grace_until, then slot[old].moved = P: P
 *      still takes its own unicast frames on the old VLAN for
 *      PSW_VLAN_GRACE_MS;
 *   3. P->iso_vid = new: P's frames leave on the new VLAN;
 *   4. slot[old].holder = the arriving port, then its iso_vid.
 * At every point a frame on P's old or new VLAN for P reaches P: until 4
 * as the old VLAN's holder, after it through the moved slot while the
 * edge, told by P's announcement, still sends on the old VLAN.
 */
#include <linux/jiffies.h>
#include <net/genetlink.h>

#include "compat.h"
#include "psw.h"

/*
 * 6.1 has no formatted extack messages; there the message is generic and
 * port-get names the holder.
 */
#ifdef NL_SET_ERR_MSG_FMT
#define PSW_ISO_MSG(extack, msg, fmt, ...) \
	NL_SET_ERR_MSG_FMT(extack, fmt, ##__VA_ARGS__)
#else
#define PSW_ISO_MSG(extack, msg, fmt, ...) NL_SET_ERR_MSG(extack, msg)
#endif

/* --- Packet path (RCU) --------------------------------------------------- */

/*
 * Is this uplink frame on a VLAN of the pool, and so the switch's? The
 * uplink's own VLAN never is (the pool may not hold it).
 */
bool psw_vlan_pool_takes(const struct psw_port *uplink,
			 const struct sk_buff *skb)
{
	const struct psw_vlan_pool *pool;
	u16 vid;

	if (!skb_vlan_tag_present(skb) ||
	    skb->vlan_proto != htons(ETH_P_8021Q))
		return false;
	pool = rcu_dereference(uplink->sw->vlan_pool);
	if (!pool)
		return false;
	vid = skb_vlan_tag_get_id(skb);
	return vid != uplink->vid && vid >= READ_ONCE(pool->first) &&
	       vid <= READ_ONCE(pool->last);
}

static bool psw_port_has_mac(const struct psw_port *port, const u8 *mac)
{
	unsigned int i;

	for (i = 0; i < port->nmacs; i++)
		if (ether_addr_equal(port->macs[i], mac))
			return true;
	return false;
}

/**
 * psw_vlan_port() - the isolated port a frame on a pool VLAN goes to
 * @sw: the switch
 * @vid: the frame's VLAN, inside the pool
 * @dst: its destination MAC
 *
 * The port moved off @vid, in its grace period, for a unicast frame to
 * one of its MACs; else the port that holds @vid; else NULL.
 *
 * Context: RCU read lock held.
 */
struct psw_port *psw_vlan_port(const struct psw_switch *sw, u16 vid,
			       const u8 *dst)
{
	const struct psw_vlan_pool *pool = rcu_dereference(sw->vlan_pool);
	struct psw_port *moved;

	if (!pool)
		return NULL;
	moved = rcu_dereference(pool->slot[vid].moved);
	if (moved && !is_multicast_ether_addr(dst) &&
	    READ_ONCE(moved->iso_old_vid) == vid &&
	    time_before(jiffies, READ_ONCE(moved->iso_grace_until)) &&
	    psw_port_has_mac(moved, dst))
		return moved;
	return rcu_dereference(pool->slot[vid].holder);
}

/* --- The pool (RTNL) ----------------------------------------------------- */

/* The first isolated port of @sw whose VLAN is outside first..last. */
static struct psw_port *psw_vlan_pool_outside(struct psw_switch *sw,
					      u16 first, u16 last)
{
	struct psw_port *port;

	list_for_each_entry(port, &sw->ports, sw_node)
		if (port->iso_vid &&
		    (port->iso_vid < first || port->iso_vid > last))
			return port;
	return NULL;
}

/**
 * psw_vlan_pool_check() - may @sw's VLAN pool become first..last?
 * @sw: the switch
 * @first: the pool's first VLAN, 0 with @last 0 for no pool
 * @last: its last VLAN
 * @alloc: set to a new, unpublished pool when @sw has none yet
 * @extack: where a refusal says why
 *
 * Refused: a range that is not 1 <= first <= last <= 4094, one that holds
 * the uplink's VLAN, one that leaves out a VLAN an isolated port holds.
 * Changes nothing; psw_vlan_pool_apply() does, and cannot fail.
 *
 * Context: RTNL. Return: 0 or a negative errno with @extack set.
 */
int psw_vlan_pool_check(struct psw_switch *sw, u16 first, u16 last,
			struct psw_vlan_pool **alloc,
			struct netlink_ext_ack *extack)
{
	const struct psw_port *uplink = rtnl_dereference(sw->uplink);
	struct psw_port *port;

	ASSERT_RTNL();
	*alloc = NULL;
	if (!first && !last) {
		port = psw_vlan_pool_outside(sw, 1, 0);
		if (port) {
			PSW_ISO_MSG(extack,
				    "isolated ports hold VLANs of the pool (port show names them)",
				    "port %s holds VLAN %u of the pool",
				    port->dev->name, port->iso_vid);
			return -EBUSY;
		}
		return 0;
	}
	if (!first || first > last || last >= VLAN_N_VID - 1) {
		NL_SET_ERR_MSG(extack,
			       "a VLAN pool is first-last with 1 <= first <= last <= 4094");
		return -EINVAL;
	}
	if (uplink && uplink->vid >= first && uplink->vid <= last) {
		NL_SET_ERR_MSG(extack, "the VLAN pool holds the uplink's own VLAN");
		return -EBUSY;
	}
	port = psw_vlan_pool_outside(sw, first, last);
	if (port) {
		PSW_ISO_MSG(extack,
			    "the new pool leaves out a VLAN an isolated port holds (port show names it)",
			    "the new pool leaves out VLAN %u, held by port %s",
			    port->iso_vid, port->dev->name);
		return -EBUSY;
	}
	if (rtnl_dereference(sw->vlan_pool))
		return 0;
	*alloc = kvzalloc(sizeof(**alloc), PSW_GFP);
	if (!*alloc) {
		NL_SET_ERR_MSG(extack, "out of memory for the VLAN pool");
		return -ENOMEM;
	}
	return 0;
}

/* Make @sw's pool first..last (psw_vlan_pool_check() allowed it). RTNL. */
void psw_vlan_pool_apply(struct psw_switch *sw, u16 first, u16 last,
			 struct psw_vlan_pool *alloc)
{
	struct psw_vlan_pool *pool = rtnl_dereference(sw->vlan_pool);

	ASSERT_RTNL();
	if (!first && !last) {
		kvfree(alloc);
		if (!pool)
			return;
		/* No port holds a VLAN of it, so none is moved off one. */
		RCU_INIT_POINTER(sw->vlan_pool, NULL);
		kvfree_rcu(pool, rcu);
		return;
	}
	if (!pool) {
		pool = alloc;
		pool->first = first;
		pool->last = last;
		rcu_assign_pointer(sw->vlan_pool, pool);
		return;
	}
	kvfree(alloc);
	WRITE_ONCE(pool->first, first);
	WRITE_ONCE(pool->last, last);
}

/* Switch teardown, after its ports are gone. RTNL. */
void psw_vlan_pool_destroy(struct psw_switch *sw)
{
	struct psw_vlan_pool *pool = rtnl_dereference(sw->vlan_pool);

	if (!pool)
		return;
	RCU_INIT_POINTER(sw->vlan_pool, NULL);
	kvfree_rcu(pool, rcu);
}

/* Is @vid in @sw's VLAN pool? RTNL. */
bool psw_vlan_pool_holds(const struct psw_switch *sw, u16 vid)
{
	const struct psw_vlan_pool *pool = rtnl_dereference(sw->vlan_pool);

	return pool && vid >= pool->first && vid <= pool->last;
}

/* PSW_A_VLAN_POOL_FIRST, _LAST and _USED, when @sw has a pool. */
int psw_vlan_pool_fill(struct sk_buff *skb, const struct psw_switch *sw)
{
	const struct psw_vlan_pool *pool = rcu_dereference_rtnl(sw->vlan_pool);

	if (!pool)
		return 0;
	if (nla_put_u16(skb, PSW_A_VLAN_POOL_FIRST, READ_ONCE(pool->first)) ||
	    nla_put_u16(skb, PSW_A_VLAN_POOL_LAST, READ_ONCE(pool->last)) ||
	    nla_put_u32(skb, PSW_A_VLAN_POOL_USED, READ_ONCE(pool->used)))
		return -EMSGSIZE;
	return 0;
}

/* --- Isolated ports (RTNL) ----------------------------------------------- */

/* The lowest VLAN of @pool that no port holds, other than @except; or 0. */
static u16 psw_vlan_pool_free(const struct psw_vlan_pool *pool, u16 except)
{
	u16 vid;

	for (vid = pool->first; vid <= pool->last; vid++)
		if (vid != except && !rtnl_dereference(pool->slot[vid].holder))
			return vid;
	return 0;
}

/*
 * The uplink's VLAN filter holds every VLAN a port holds (a NIC that
 * filters would drop the edge's frames otherwise).
 */
static int psw_isolate_filter_add(struct psw_isolate_plan *plan, u16 vid,
				  struct netlink_ext_ack *extack)
{
	struct psw_port *uplink = rtnl_dereference(plan->port->sw->uplink);
	int err;

	if (!uplink)
		return 0;
	err = vlan_vid_add(uplink->dev, htons(ETH_P_8021Q), vid);
	if (err) {
		NL_SET_ERR_MSG(extack,
			       "cannot add the VLAN to the uplink's VLAN filter");
		return err;
	}
	plan->added[plan->nadded++] = vid;
	return 0;
}

static void psw_isolate_filter_del(struct psw_switch *sw, u16 vid)
{
	struct psw_port *uplink = rtnl_dereference(sw->uplink);

	if (uplink)
		vlan_vid_del(uplink->dev, htons(ETH_P_8021Q), vid);
}

/**
 * psw_isolate_prepare() - check an isolation change and plan it
 * @port: a vm port
 * @on: isolated or not
 * @want: with @on, the VLAN asked for (0: any free one)
 * @plan: filled with what psw_isolate_commit() will do
 * @extack: where a refusal says why
 *
 * Refused: a port that is not a vm port; @want without @on; no pool; no
 * free VLAN; @want outside the pool, or held by a port that has no free
 * VLAN to move to. Nothing changes but the uplink's VLAN filter, which
 * psw_isolate_abort() undoes.
 *
 * Context: RTNL. Return: 0 or a negative errno with @extack set.
 */
int psw_isolate_prepare(struct psw_port *port, bool on, u16 want,
			struct psw_isolate_plan *plan,
			struct netlink_ext_ack *extack)
{
	struct psw_vlan_pool *pool = rtnl_dereference(port->sw->vlan_pool);
	struct psw_port *holder;
	int err;

	ASSERT_RTNL();
	memset(plan, 0, sizeof(*plan));
	plan->port = port;
	plan->on = on;
	if (port->role != PSW_PORT_ROLE_VM) {
		NL_SET_ERR_MSG(extack, "only a vm port can be isolated");
		return -EOPNOTSUPP;
	}
	if (!on) {
		if (want) {
			NL_SET_ERR_MSG(extack,
				       "a VLAN is asked for only with isolated on");
			return -EINVAL;
		}
		return 0;
	}
	if (!pool) {
		NL_SET_ERR_MSG(extack,
			       "the switch has no VLAN pool (switch set SW vlan-pool FIRST-LAST)");
		return -ENOENT;
	}
	if (!want) {
		plan->vid = port->iso_vid ?: psw_vlan_pool_free(pool, 0);
		if (!plan->vid) {
			PSW_ISO_MSG(extack, "no free VLAN in the switch's VLAN pool",
				    "no free VLAN in the switch's VLAN pool %u-%u",
				    pool->first, pool->last);
			return -ENOSPC;
		}
		if (plan->vid == port->iso_vid)
			return 0;
		return psw_isolate_filter_add(plan, plan->vid, extack);
	}
	if (want < pool->first || want > pool->last) {
		PSW_ISO_MSG(extack, "the VLAN is outside the switch's VLAN pool",
			    "VLAN %u is outside the switch's VLAN pool %u-%u",
			    want, pool->first, pool->last);
		return -ERANGE;
	}
	plan->vid = want;
	if (want == port->iso_vid)
		return 0;
	holder = rtnl_dereference(pool->slot[want].holder);
	if (!holder)
		return psw_isolate_filter_add(plan, want, extack);
	/* Migration: the holder moves aside; the port's old VLAN is freed. */
	plan->moved = holder;
	plan->moved_to = port->iso_vid ?: psw_vlan_pool_free(pool, want);
	if (!plan->moved_to) {
		PSW_ISO_MSG(extack,
			    "the VLAN is held by a port, and the pool has no free VLAN to move it to",
			    "VLAN %u is held by port %s, and the pool has no free VLAN to move it to",
			    want, holder->dev->name);
		return -ENOSPC;
	}
	if (plan->moved_to == port->iso_vid)
		return 0;
	err = psw_isolate_filter_add(plan, plan->moved_to, extack);
	return err;
}

/* Undo what psw_isolate_prepare() did. RTNL. */
void psw_isolate_abort(struct psw_isolate_plan *plan)
{
	while (plan->nadded)
		psw_isolate_filter_del(plan->port->sw,
				       plan->added[--plan->nadded]);
}

/* Forget that @port was moved off a VLAN. RTNL. */
static void psw_isolate_end_grace(struct psw_vlan_pool *pool,
				  struct psw_port *port)
{
	u16 old = port->iso_old_vid;

	if (!old)
		return;
	if (rtnl_dereference(pool->slot[old].moved) == port)
		RCU_INIT_POINTER(pool->slot[old].moved, NULL);
	WRITE_ONCE(port->iso_old_vid, 0);
}

/* @port stops holding its VLAN. RTNL. */
static void psw_isolate_release(struct psw_vlan_pool *pool,
				struct psw_port *port)
{
	u16 vid = port->iso_vid;

	psw_isolate_end_grace(pool, port);
	if (!vid)
		return;
	WRITE_ONCE(port->iso_vid, 0);
	if (rtnl_dereference(pool->slot[vid].holder) == port) {
		RCU_INIT_POINTER(pool->slot[vid].holder, NULL);
		pool->used--;
		psw_isolate_filter_del(port->sw, vid);
	}
}

/*
 * Move isolated @p from its VLAN to @to, which it is given first; it
 * takes its own frames on the old VLAN for PSW_VLAN_GRACE_MS (see the
 * order at the top). The old VLAN's holder is set by the caller.
 */
static void psw_isolate_move(struct psw_vlan_pool *pool, struct psw_port *p,
			     u16 to)
{
	u16 old = p->iso_vid;

	rcu_assign_pointer(pool->slot[to].holder, p);
	pool->used++;
	psw_isolate_end_grace(pool, p);
	WRITE_ONCE(p->iso_grace_until,
		   jiffies + msecs_to_jiffies(PSW_VLAN_GRACE_MS));
	WRITE_ONCE(p->iso_old_vid, old);
	rcu_assign_pointer(pool->slot[old].moved, p);
	WRITE_ONCE(p->iso_vid, to);
	/* slot[old].holder: the caller's next store, counted already. */
}

/**
 * psw_isolate_commit() - publish what psw_isolate_prepare() planned
 * @plan: the plan
 *
 * Cannot fail. The caller announces @plan->moved (if any) before the
 * port.
 *
 * Context: RTNL.
 */
void psw_isolate_commit(struct psw_isolate_plan *plan)
{
	struct psw_port *port = plan->port;
	struct psw_vlan_pool *pool = rtnl_dereference(port->sw->vlan_pool);
	u16 old = port->iso_vid;

	ASSERT_RTNL();
	if (!plan->on) {
		if (pool)
			psw_isolate_release(pool, port);
		psw_changed(port->sw);
		return;
	}
	if (plan->vid == old)
		return;
	psw_isolate_end_grace(pool, port);
	if (plan->moved && plan->moved_to == old) {
		/*
		 * Two isolated ports swap VLANs: the moved one takes the
		 * port's, which stays held (and counted) throughout.
		 */
		psw_isolate_move(pool, plan->moved, old);
		pool->used--;
		rcu_assign_pointer(pool->slot[plan->vid].holder, port);
		WRITE_ONCE(port->iso_vid, plan->vid);
		plan->nadded = 0;
		psw_changed(port->sw);
		return;
	}
	if (plan->moved)
		psw_isolate_move(pool, plan->moved, plan->moved_to);
	else
		pool->used++;
	rcu_assign_pointer(pool->slot[plan->vid].holder, port);
	WRITE_ONCE(port->iso_vid, plan->vid);
	if (old) {
		/* The port itself moved to another VLAN: free its old one. */
		RCU_INIT_POINTER(pool->slot[old].holder, NULL);
		pool->used--;
		psw_isolate_filter_del(port->sw, old);
	}
	plan->nadded = 0;
	psw_changed(port->sw);
}

/*
 * @port is being detached: its VLAN returns to the pool. Its own
 * port->iso_vid stays, so that a frame it sends until its rx handler is
 * gone still leaves through the uplink, never locally, and its PORT_DEL
 * shows the port as it was. RTNL.
 */
void psw_isolate_port_gone(struct psw_port *port)
{
	struct psw_vlan_pool *pool = rtnl_dereference(port->sw->vlan_pool);
	u16 vid = port->iso_vid;

	if (!pool || port->role != PSW_PORT_ROLE_VM)
		return;
	psw_isolate_end_grace(pool, port);
	if (vid && rtnl_dereference(pool->slot[vid].holder) == port) {
		RCU_INIT_POINTER(pool->slot[vid].holder, NULL);
		pool->used--;
		psw_isolate_filter_del(port->sw, vid);
	}
}

/*
 * A new uplink (@add) takes every VLAN held by a port into its VLAN
 * filter; a leaving one drops them. RTNL.
 */
int psw_isolate_uplink_sync(struct psw_port *uplink, bool add)
{
	struct psw_port *port;
	int err;

	list_for_each_entry(port, &uplink->sw->ports, sw_node) {
		if (!port->iso_vid)
			continue;
		if (!add) {
			vlan_vid_del(uplink->dev, htons(ETH_P_8021Q),
				     port->iso_vid);
			continue;
		}
		err = vlan_vid_add(uplink->dev, htons(ETH_P_8021Q),
				   port->iso_vid);
		if (err)
			goto undo;
	}
	return 0;
undo:
	list_for_each_entry_continue_reverse(port, &uplink->sw->ports, sw_node)
		if (port->iso_vid)
			vlan_vid_del(uplink->dev, htons(ETH_P_8021Q),
				     port->iso_vid);
	return err;
}

/*
 * A vm port's PSW_A_ISOLATED, and when isolated its PSW_A_VLAN and, in its
 * grace period, PSW_A_VLAN_GRACE. Under RTNL or RCU.
 */
int psw_isolate_fill(struct sk_buff *skb, const struct psw_port *port)
{
	u16 vid = READ_ONCE(port->iso_vid), old = READ_ONCE(port->iso_old_vid);

	if (nla_put_u8(skb, PSW_A_ISOLATED, !!vid))
		return -EMSGSIZE;
	if (vid && nla_put_u16(skb, PSW_A_VLAN, vid))
		return -EMSGSIZE;
	if (vid && old &&
	    time_before(jiffies, READ_ONCE(port->iso_grace_until)) &&
	    nla_put_u16(skb, PSW_A_VLAN_GRACE, old))
		return -EMSGSIZE;
	return 0;
}
