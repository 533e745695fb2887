// SPDX-License-Identifier: GPL-2.0
/*
 * A PAN's hold queue, for miss notify (seed 003's policy cache miss) and
 * hold entries (a VM arriving by live migration, seed 000 FIG. 8): a
 * unicast frame from a vm port to a MAC with no entry, or any unicast
 * frame to a MAC whose entry is a hold entry, waits here per destination
 * MAC, while a controller is asked (miss.c sends the PSW_CMD_MISS event;
 * a hold entry asks nobody: its VM's port is on its way). When an entry
 * for that MAC is installed, any origin, its frames go out through it in
 * the order they came: a vm port's from its port's context
 * (psw_vm_resume()), an arrival's (uplink or tunnel) to a local entry
 * only (psw_arrival_resume()), never back out. A frame held longer than
 * the PAN's hold-time is dropped (hold_timeout), one that does not fit is
 * not held (hold_overflow).
 *
 * Bounds, per PAN: hold-frames frames per destination, hold-dests
 * destinations, and hold-frames x hold-dests x PSW_HOLD_FRAME_BYTES bytes
 * of skb truesize (16 MB at the defaults); the destinations' own memory
 * (GFP_ATOMIC, allocated in softirq, so charged to nobody) is bounded by
 * hold-dests. A VM cannot make the host hold more, however many
 * destinations it sends to.
 *
 * Locking (DOC: Locking in psw.h): everything but the settings is under
 * pan->hold.lock, taken on a miss of a PAN with miss notify only, never
 * on the hit path; by the packet path (softirq), the timer (softirq),
 * configuration (process context, RTNL, spin_lock_bh()) and the learner
 * (learn.c, softirq, after it dropped sw->lock). Frames are sent on or
 * freed outside the lock.
 */
#include <linux/hash.h>
#include <linux/timer.h>

#include "psw.h"

/* The frames held for one destination MAC. */
struct psw_hold_dest {
	struct hlist_node hnode;	/* in psw_hold.hash */
	struct list_head node;		/* in psw_hold.dests, oldest first */
	u8 mac[ETH_ALEN];
	bool notified;			/* its miss event went */
	unsigned long expires;		/* jiffies: its frames time out */
	struct sk_buff_head frames;	/* its own lock unused: hold.lock */
};

/*
 * What a held frame remembers, in its skb->cb: the vm port it came from,
 * or NULL for an arrival from the uplink or a tunnel.
 */
struct psw_hold_cb {
	const struct psw_port *in;
};

static struct psw_hold_cb *psw_hold_cb(struct sk_buff *skb)
{
	BUILD_BUG_ON(sizeof(struct psw_hold_cb) > sizeof(skb->cb));
	return (struct psw_hold_cb *)skb->cb;
}

static struct hlist_head *psw_hold_bucket(struct psw_hold *h, const u8 *mac)
{
	u32 key = get_unaligned((const u32 *)(mac + 2));

	return &h->hash[hash_32(key, ilog2(PSW_HOLD_BUCKETS))];
}

static struct psw_hold_dest *psw_hold_find(struct psw_hold *h, const u8 *mac)
{
	struct psw_hold_dest *d;

	hlist_for_each_entry(d, psw_hold_bucket(h, mac), hnode)
		if (ether_addr_equal(d->mac, mac))
			return d;
	return NULL;
}

/* Take @skb off @d's queue and out of the counts. Lock held. */
static void psw_hold_unqueue(struct psw_hold *h, struct psw_hold_dest *d,
			     struct sk_buff *skb)
{
	__skb_unlink(skb, &d->frames);
	h->nbytes -= skb->truesize;
	WRITE_ONCE(h->nframes, h->nframes - 1);
}

/* Take @d out of the queue, its frames with it. Lock held. */
static void psw_hold_unlink(struct psw_hold *h, struct psw_hold_dest *d)
{
	struct sk_buff *skb;

	hlist_del(&d->hnode);
	list_del(&d->node);
	h->ndests--;
	skb_queue_walk(&d->frames, skb)
		h->nbytes -= skb->truesize;
	WRITE_ONCE(h->nframes, h->nframes - skb_queue_len(&d->frames));
}

/* Free frames dropped under @reason (counted already), outside the lock. */
static void psw_hold_purge(struct sk_buff_head *drop,
			   enum psw_drop_reason reason)
{
	struct sk_buff *skb;

	while ((skb = __skb_dequeue(drop)))
		psw_kfree_skb(skb, reason);
}

/*
 * Count a held frame dropped under @reason: on its vm or trunk port @in
 * (alive while its frames are held: psw_hold_flush_port()), a trunk's on
 * the PAN too, or for an arrival on the switch and the PAN, as forward.c
 * counts them.
 */
static void psw_hold_count_drop(struct psw_pan *pan,
				const struct psw_port *in,
				enum psw_drop_reason reason)
{
	if (in) {
		psw_stats_drop(in->stats, reason);
		if (in->role != PSW_PORT_ROLE_VM)
			psw_stats_drop(pan->stats, reason);
		return;
	}
	psw_stats_drop(pan->sw->stats, reason);
	psw_stats_drop(pan->stats, reason);
}

/* Count @d's frames dropped under @reason and move them to @drop. Lock held. */
static void psw_hold_drop_dest(struct psw_pan *pan, struct psw_hold_dest *d,
			       enum psw_drop_reason reason,
			       struct sk_buff_head *drop)
{
	struct sk_buff *skb;

	skb_queue_walk(&d->frames, skb) {
		psw_hold_count_drop(pan, psw_hold_cb(skb)->in, reason);
		if (reason == PSW_DROP_HOLD_TIMEOUT)
			psw_miss_inc(pan, timeout);
	}
	skb_queue_splice_tail_init(&d->frames, drop);
}

/* Drop what timed out; the timer follows the oldest destination left. */
static void psw_hold_expire(struct timer_list *t)
{
	struct psw_hold *h = from_timer(h, t, timer);
	struct psw_pan *pan = container_of(h, struct psw_pan, hold);
	struct psw_hold_dest *d, *tmp;
	unsigned long now = jiffies, next = 0;
	struct sk_buff_head drop;
	LIST_HEAD(gone);
	bool more = false;

	__skb_queue_head_init(&drop);
	spin_lock_bh(&h->lock);
	list_for_each_entry_safe(d, tmp, &h->dests, node) {
		if (time_before(now, d->expires)) {
			if (!more || time_before(d->expires, next))
				next = d->expires;
			more = true;
			continue;
		}
		psw_hold_unlink(h, d);
		psw_hold_drop_dest(pan, d, PSW_DROP_HOLD_TIMEOUT, &drop);
		list_add(&d->node, &gone);
	}
	if (more && !h->dead)
		mod_timer(&h->timer, next);
	spin_unlock_bh(&h->lock);

	list_for_each_entry_safe(d, tmp, &gone, node)
		kfree(d);
	psw_hold_purge(&drop, PSW_DROP_HOLD_TIMEOUT);
}

/* A PAN's empty queue, with the default bounds. RTNL, before publishing. */
void psw_hold_init(struct psw_pan *pan)
{
	struct psw_hold *h = &pan->hold;

	spin_lock_init(&h->lock);
	INIT_LIST_HEAD(&h->dests);
	timer_setup(&h->timer, psw_hold_expire, 0);
	h->tb_last = jiffies;
	h->tb_tokens = PSW_MISS_EVENT_BURST;
	h->max_frames = PSW_HOLD_FRAMES_DEFAULT;
	h->max_dests = PSW_HOLD_DESTS_DEFAULT;
	h->time_ms = PSW_HOLD_TIME_DEFAULT;
}

/*
 * The PAN is going: its vm ports are gone and took their frames with
 * them (psw_hold_flush_port()), so only arrivals for its hold entries and
 * frames of trunk ports (attached still, so counted on them) can be left:
 * drop them (hold_flush), hold nothing more and stop the timer. RTNL.
 */
void psw_hold_destroy(struct psw_pan *pan)
{
	struct psw_hold *h = &pan->hold;
	struct psw_hold_dest *d, *tmp;
	const struct psw_port *in;
	struct sk_buff_head drop;
	struct sk_buff *skb;
	LIST_HEAD(gone);

	__skb_queue_head_init(&drop);
	spin_lock_bh(&h->lock);
	h->dead = true;
	list_for_each_entry_safe(d, tmp, &h->dests, node) {
		psw_hold_unlink(h, d);
		skb_queue_walk(&d->frames, skb) {
			in = psw_hold_cb(skb)->in;
			if (!WARN_ON_ONCE(in && in->role == PSW_PORT_ROLE_VM))
				psw_hold_count_drop(pan, in,
						    PSW_DROP_HOLD_FLUSH);
		}
		skb_queue_splice_tail_init(&d->frames, &drop);
		list_add(&d->node, &gone);
	}
	spin_unlock_bh(&h->lock);
	del_timer_sync(&h->timer);

	list_for_each_entry_safe(d, tmp, &gone, node)
		kfree(d);
	psw_hold_purge(&drop, PSW_DROP_HOLD_FLUSH);
}

/* Drop @port's frames held in @pan's queue, counted on @port. RTNL. */
static void psw_hold_flush_in(struct psw_pan *pan, struct psw_port *port)
{
	struct psw_hold_dest *d, *tmp;
	struct sk_buff *skb, *next;
	struct sk_buff_head drop;
	struct psw_hold *h;
	LIST_HEAD(gone);

	h = &pan->hold;
	__skb_queue_head_init(&drop);
	spin_lock_bh(&h->lock);
	list_for_each_entry_safe(d, tmp, &h->dests, node) {
		skb_queue_walk_safe(&d->frames, skb, next) {
			if (psw_hold_cb(skb)->in != port)
				continue;
			psw_hold_unqueue(h, d, skb);
			psw_hold_count_drop(pan, port, PSW_DROP_HOLD_FLUSH);
			__skb_queue_tail(&drop, skb);
		}
		if (skb_queue_empty(&d->frames)) {
			psw_hold_unlink(h, d);
			list_add(&d->node, &gone);
		}
	}
	spin_unlock_bh(&h->lock);

	list_for_each_entry_safe(d, tmp, &gone, node)
		kfree(d);
	psw_hold_purge(&drop, PSW_DROP_HOLD_FLUSH);
}

/*
 * Port @port is going, after its rx handler was unregistered (no frame of
 * it is in flight any more): drop its held frames, counted on it before
 * its PAN takes its counters (psw_pan_port_gone()); a trunk's, from every
 * PAN's queue. RTNL.
 */
void psw_hold_flush_port(struct psw_port *port)
{
	struct psw_pan *pan = psw_port_pan(port);
	unsigned long id;

	if (pan) {
		psw_hold_flush_in(pan, port);
		return;
	}
	if (port->role != PSW_PORT_ROLE_TRUNK &&
	    port->role != PSW_PORT_ROLE_TEP)
		return;
	xa_for_each(&port->sw->pans, id, pan)
		psw_hold_flush_in(pan, port);
}

/*
 * Send @q's frames on, in order, each through the forwarding path of its
 * port as if it arrived now. The caller holds RTNL, or is in softirq
 * under the RCU read lock: either keeps the frames' ports alive.
 */
static void psw_hold_send(struct psw_pan *pan, struct sk_buff_head *q)
{
	const struct psw_port *in;
	struct sk_buff *skb;

	local_bh_disable();
	rcu_read_lock();
	while ((skb = __skb_dequeue(q))) {
		in = psw_hold_cb(skb)->in;
		memset(skb->cb, 0, sizeof(struct psw_hold_cb));
		psw_miss_inc(pan, released);
		if (in)
			psw_vm_resume(in, pan, skb);
		else
			psw_arrival_resume(pan, skb);
	}
	rcu_read_unlock();
	local_bh_enable();
}

/**
 * psw_hold_release() - an entry for @mac was installed in @pan
 * @pan: the entry's PAN
 * @mac: its MAC
 *
 * The frames held for @mac go out through the new entry, in order. Called
 * after the entry is published, so a frame that misses concurrently
 * either is seen here or finds the entry (psw_hold_frame() looks again
 * under the lock).
 *
 * Context: process context with RTNL, or softirq; takes pan->hold.lock.
 */
void psw_hold_release(struct psw_pan *pan, const u8 *mac)
{
	struct psw_hold *h = &pan->hold;
	struct psw_hold_dest *d;

	spin_lock_bh(&h->lock);
	d = psw_hold_find(h, mac);
	if (d)
		psw_hold_unlink(h, d);
	spin_unlock_bh(&h->lock);
	if (!d)
		return;
	psw_hold_send(pan, &d->frames);
	kfree(d);
}

/*
 * @pan left miss notify (its policy is already the new one): every held
 * frame goes on through the new policy, destinations in the order they
 * came. RTNL.
 */
void psw_hold_release_all(struct psw_pan *pan)
{
	struct psw_hold *h = &pan->hold;
	struct psw_hold_dest *d, *tmp;
	LIST_HEAD(all);

	spin_lock_bh(&h->lock);
	list_for_each_entry_safe(d, tmp, &h->dests, node) {
		psw_hold_unlink(h, d);
		list_add_tail(&d->node, &all);
	}
	spin_unlock_bh(&h->lock);

	list_for_each_entry_safe(d, tmp, &all, node) {
		psw_hold_send(pan, &d->frames);
		kfree(d);
	}
}

/* A miss event token of @h's bucket, if one is left. Lock held. */
static bool psw_hold_token(struct psw_hold *h)
{
	unsigned long now = jiffies;
	unsigned long add = (now - h->tb_last) * PSW_MISS_EVENT_RATE / HZ;

	if (add) {
		h->tb_tokens = min_t(unsigned long, PSW_MISS_EVENT_BURST,
				     h->tb_tokens + add);
		h->tb_last = now;
	}
	if (!h->tb_tokens)
		return false;
	h->tb_tokens--;
	return true;
}

/* Not notified after all (the event was lost): the next frame tries. */
static void psw_hold_unnotify(struct psw_hold *h, const u8 *mac)
{
	struct psw_hold_dest *d;

	spin_lock(&h->lock);
	d = psw_hold_find(h, mac);
	if (d)
		d->notified = false;
	spin_unlock(&h->lock);
}

/**
 * psw_hold_event() - a miss event for a frame that is not held
 * @pan: the frame's PAN, whose miss policy is notify
 * @in: the vm port it came from
 * @skb: the frame, Ethernet header at skb->data; not consumed
 *
 * For an ARP request or neighbour solicitation the PAN's proxy could not
 * answer (forward.c's psw_vm_neigh_miss()): a broadcast is never held, so
 * the controller is only asked, for the address the request names, with
 * a token of the PAN's bucket; nothing is coalesced (a VM asks again
 * about once a second). An event rate limited or not sent counts lost.
 *
 * Context: BH, RCU read lock held (the packet path); takes
 * pan->hold.lock.
 */
void psw_hold_event(struct psw_pan *pan, const struct psw_port *in,
		    const struct sk_buff *skb)
{
	struct psw_hold *h = &pan->hold;
	struct psw_miss_info info;
	bool dead, token;

	if (!psw_event_has_listeners(dev_net(pan->sw->dev)))
		return;
	spin_lock(&h->lock);
	dead = h->dead;
	token = !dead && psw_hold_token(h);
	spin_unlock(&h->lock);
	if (dead)
		return;
	if (token) {
		psw_miss_info_get(skb, &info);
		if (!psw_miss_event(pan, in, &info))
			return;
	}
	psw_miss_inc(pan, lost);
}

/*
 * Hold @skb (from vm port @in, NULL: an arrival) for @dst in @d's queue,
 * or a new one if @d is NULL. Lock held. Returns @dst's queue, or NULL
 * with *@reason set when the frame is not held.
 */
static struct psw_hold_dest *psw_hold_add(struct psw_pan *pan,
					  struct psw_hold_dest *d,
					  const struct psw_port *in,
					  const u8 *dst, struct sk_buff *skb,
					  enum psw_drop_reason *reason)
{
	u32 max_frames = READ_ONCE(pan->hold.max_frames);
	u32 max_dests = READ_ONCE(pan->hold.max_dests);
	struct psw_hold *h = &pan->hold;

	if (d ? skb_queue_len(&d->frames) >= max_frames :
		h->ndests >= max_dests) {
		*reason = PSW_DROP_HOLD_OVERFLOW;
		return NULL;
	}
	if (h->nbytes + skb->truesize >
	    (u64)max_frames * max_dests * PSW_HOLD_FRAME_BYTES) {
		*reason = PSW_DROP_HOLD_OVERFLOW;
		return NULL;
	}
	if (!d) {
		d = kzalloc(sizeof(*d), GFP_ATOMIC);
		if (unlikely(!d)) {
			*reason = PSW_DROP_NOMEM;
			return NULL;
		}
		ether_addr_copy(d->mac, dst);
		__skb_queue_head_init(&d->frames);
		d->expires = jiffies + msecs_to_jiffies(READ_ONCE(h->time_ms));
		hlist_add_head(&d->hnode, psw_hold_bucket(h, d->mac));
		list_add_tail(&d->node, &h->dests);
		h->ndests++;
		timer_reduce(&h->timer, d->expires);
	}
	psw_hold_cb(skb)->in = in;
	__skb_queue_tail(&d->frames, skb);
	h->nbytes += skb->truesize;
	WRITE_ONCE(h->nframes, h->nframes + 1);
	return d;
}

/* A frame that was not held after all: count and free it. */
static void psw_hold_refuse(struct psw_pan *pan, const struct psw_port *in,
			    struct sk_buff *skb, enum psw_drop_reason reason)
{
	psw_hold_count_drop(pan, in, reason);
	if (reason == PSW_DROP_HOLD_OVERFLOW)
		psw_miss_inc(pan, overflow);
	psw_kfree_skb(skb, reason);
}

/**
 * psw_hold_frame() - hold a vm port's frame: a miss, or for a hold entry
 * @pan: the frame's PAN
 * @in: the vm port it came from
 * @skb: the frame, Ethernet header pushed; consumed
 *
 * Holds @skb for its destination, or drops it (hold_overflow) when the
 * queue is full. For a miss (the PAN's policy is notify) it sends the
 * miss event if its destination has not had one yet and a token is left;
 * a hold entry asks nobody. An entry installed meanwhile, or a policy
 * changed, sends it on at once.
 *
 * Context: BH, RCU read lock held (the packet path); takes
 * pan->hold.lock.
 */
void psw_hold_frame(struct psw_pan *pan, const struct psw_port *in,
		    struct sk_buff *skb)
{
	struct net *net = dev_net(pan->sw->dev);
	enum psw_drop_reason reason = 0;
	struct psw_hold *h = &pan->hold;
	const struct psw_entry *e;
	bool event, resume = false;
	struct psw_miss_info info;
	struct psw_hold_dest *d;

	/* What the event says, read while the frame is still ours. */
	event = psw_event_has_listeners(net);
	if (event)
		psw_miss_info_get(skb, &info);
	else
		ether_addr_copy(info.dst, eth_hdr(skb)->h_dest);

	spin_lock(&h->lock);
	if (unlikely(h->dead)) {
		reason = PSW_DROP_HOLD_FLUSH;
		event = false;
		goto unlock;
	}
	e = psw_entry_lookup(pan->sw, pan->id, info.dst);
	if (e ? e->mode != PSW_MODE_HOLD :
		READ_ONCE(pan->miss) != PSW_MISS_NOTIFY) {
		resume = true;
		event = false;
		goto unlock;
	}
	d = psw_hold_find(h, info.dst);
	event = event && !e && !(d && d->notified);
	d = psw_hold_add(pan, d, in, info.dst, skb, &reason) ?: d;
	if (event) {
		if (psw_hold_token(h)) {
			if (d)
				d->notified = true;
		} else {
			event = false;
			psw_miss_inc(pan, lost);
		}
	}
unlock:
	spin_unlock(&h->lock);

	if (resume) {
		psw_vm_resume(in, pan, skb);
		return;
	}
	if (reason)
		psw_hold_refuse(pan, in, skb, reason);
	/* @skb may be on its way already: the event uses @info only. */
	if (event && psw_miss_event(pan, in, &info)) {
		psw_miss_inc(pan, lost);
		psw_hold_unnotify(h, info.dst);
	}
}

/**
 * psw_hold_arrival() - hold an arrival for a hold entry
 * @pan: the arrival's PAN
 * @skb: the frame from the uplink (translated) or a tunnel (decapsulated),
 *       Ethernet header pushed, counted received; consumed
 *
 * The destination's entry was a hold entry when the caller looked: the
 * frame waits for the VM's port like a vm port's frame does, or is
 * dropped (hold_overflow) when the queue is full. An entry that replaced
 * the hold entry meanwhile takes it at once.
 *
 * Context: BH, RCU read lock held (the packet path); takes
 * pan->hold.lock.
 */
void psw_hold_arrival(struct psw_pan *pan, struct sk_buff *skb)
{
	const u8 *dst = eth_hdr(skb)->h_dest;
	enum psw_drop_reason reason = 0;
	struct psw_hold *h = &pan->hold;
	const struct psw_entry *e;
	bool resume = false;

	spin_lock(&h->lock);
	if (unlikely(h->dead)) {
		reason = PSW_DROP_HOLD_FLUSH;
		goto unlock;
	}
	e = psw_entry_lookup(pan->sw, pan->id, dst);
	if (!e || e->mode != PSW_MODE_HOLD) {
		resume = true;
		goto unlock;
	}
	psw_hold_add(pan, psw_hold_find(h, dst), NULL, dst, skb, &reason);
unlock:
	spin_unlock(&h->lock);

	if (resume)
		psw_arrival_resume(pan, skb);
	else if (reason)
		psw_hold_refuse(pan, NULL, skb, reason);
}

/* New bounds, checked by the request's policy; NULL: unchanged. RTNL. */
void psw_hold_set(struct psw_pan *pan, const u32 *frames, const u32 *dests,
		  const u32 *time_ms)
{
	ASSERT_RTNL();
	if (frames)
		WRITE_ONCE(pan->hold.max_frames, *frames);
	if (dests)
		WRITE_ONCE(pan->hold.max_dests, *dests);
	if (time_ms)
		WRITE_ONCE(pan->hold.time_ms, *time_ms);
	psw_changed(pan->sw);
}

/* The bounds, for pan-get; RTNL or RCU. */
int psw_hold_fill(struct sk_buff *skb, const struct psw_pan *pan)
{
	if (nla_put_u32(skb, PSW_A_HOLD_FRAMES,
			READ_ONCE(pan->hold.max_frames)) ||
	    nla_put_u32(skb, PSW_A_HOLD_DESTS,
			READ_ONCE(pan->hold.max_dests)) ||
	    nla_put_u32(skb, PSW_A_HOLD_TIME, READ_ONCE(pan->hold.time_ms)))
		return -EMSGSIZE;
	return 0;
}
