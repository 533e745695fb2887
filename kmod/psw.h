/* SPDX-License-Identifier: GPL-2.0 */
/*
 * panswitch internal objects: the kernel's own header, included by every
 * file of the module (the API is include/uapi/linux/panswitch.h).
 */

/**
 * DOC: Locking
 *
 * This is the one statement of the rule; Documentation/architecture.md
 * points here. It covers per-frame PAN classification (vm ports, trunk
 * ports by the tenant map, the uplink, tunnels), learning and misses.
 *
 * Packet path. Frames are handled without any lock: psw_handle_frame()
 * runs under the RCU read lock that __netif_receive_skb_core() holds
 * around rx handlers, and tunnel arrivals (decap_*.c: the VXLAN sockets'
 * encap_rcv, the NVGRE devices' rx handler, the EtherIP protocol
 * handlers) run under it too. Every object a frame touches is published
 * with rcu_assign_pointer(), an RCU list or an rhashtable and freed after
 * a grace period (kfree_rcu(), call_rcu()); counters are per-CPU
 * (u64_stats), and a frame of a vm port is counted on the port only: its
 * PAN's counters add its vm ports' when they are read (stats.c). No
 * spinlock, refcount or atomic is taken per frame.
 *
 * Per-frame classification. A frame's PAN is a per-frame result, not a
 * property of the port it came in on. Found once per frame, at the start
 * of its walk, and passed along (struct psw_ctx in forward.c); nothing on
 * the packet path looks it up twice or assumes it is the PAN of the next
 * frame. Where it comes from:
 *   - a vm port: port->pan, an RCU pointer (set when the port is attached,
 *     NULL for the uplink and trunks), read once with rcu_dereference();
 *   - a trunk port: the switch's tenant map (tenant.c), looked up by the
 *     frame's source OUI and/or 802.1Q VID (psw_trunk_classify());
 *   - a tep port: the VNID of the frame's tag, looked up in sw->pans
 *     (psw_tep_classify(), tep.c), then the frame goes the trunk's way;
 *   - the uplink: the reverse table's entry; a tunnel arrival: the VNI,
 *     the NVGRE key or the EtherIP PAN address, or for an EtherIP arrival
 *     at a switch's underlay address the tenant map by the inner source
 *     OUI (a PAN in OUI form, etherip_oui.c: the same RCU lookup as a
 *     trunk's).
 * How long the PAN pointer is valid: a frame's walk runs inside one RCU
 * read-side section (the rx handler's, or a tunnel handler's), and a PAN
 * is freed with call_rcu() after it is unpublished (xa_erase(), its map
 * entries and ports gone), so the PAN a frame found stays valid until
 * the frame is sent, dropped or queued. Only one queue keeps a frame
 * beyond that section: the PAN's own hold queue, which is emptied
 * (hold_flush) before the PAN is freed. A PAN with vm ports cannot be
 * deleted, nor one that a tenant map entry names (PAN_DEL is refused
 * with a message: delete the entries first), so no published port
 * pointer or map entry ever names a freed PAN. A vm port's frame is
 * counted on the port, and its PAN's counters add its vm ports' when read
 * (stats.c); a trunk's frames spread over many PANs, so they are counted
 * on the trunk and on their PAN's own counters, as the uplink's and
 * arrivals' are (psw_ctx.pan_stats in forward.c).
 *
 * The tenant map (tenant.c). Per switch: sw->tenants, an rhashtable of
 * struct psw_tenant keyed by {OUI or none, VID or none}, read under RCU
 * by the trunk ports' rx handler, one lookup (at most two) per frame, no
 * lock; and sw->tenant_list, the same entries in insertion order for
 * dumps and teardown. Both are changed under RTNL only (tenant-new,
 * tenant-del, pan-set's oui, switch teardown): nothing on the packet path
 * writes them. An entry is immutable once published (there is no
 * replace): added with rhashtable_lookup_insert_fast(), removed with
 * rhashtable_remove_fast() and freed with kfree_rcu(), so a frame that
 * found an entry just before its removal finishes in the entry's PAN,
 * and every later frame finds none (no_tenant). What the packet path
 * reads of a PAN for a trunk (pan->ntenants, pan->ntenant_vlan, whether a
 * trunk carries the PAN; pan->tenant_vid, the tag its frames get toward a
 * VLAN trunk) are written under RTNL with WRITE_ONCE() and read with
 * READ_ONCE(), once per copy sent. The switch's trunk ports are an RCU
 * list, sw->trunks, that floods walk after pan->ports; port->classify is
 * fixed for the port's life. The tep ports are another RCU list,
 * sw->teps, walked after sw->trunks: a tep port carries every PAN (the
 * TEP is trusted as the uplink is), its TPID is fixed for its life, and
 * local entries of any PAN may name it (removed before it is
 * unpublished, psw_port_flush_entries()).
 * With a multicast group (mcast.c): a trunk's frame, once classified,
 * floods as a vm port's of its PAN, so its PAN's group gets the one copy
 * (psw_flood_group()); a group arrival for a PAN is flooded to its vm
 * ports and the trunks that carry it. Whether a PAN has such a port
 * (psw_pan_has_port(): pan->ports, then sw->trunks with
 * psw_trunk_carries()) is read under RCU by the group's arrivals and
 * under RTNL by psw_mcast_sync(), which every change of it calls (vm or
 * trunk port added or deleted, a tenant map entry of the PAN added or
 * deleted), so the membership follows it. Each change of a PAN's
 * membership is announced from there (PSW_CMD_MCAST_JOIN/LEAVE on
 * PSW_MCGRP_NOTIFY, psw_notify_mcast()): RTNL, process context,
 * GFP_KERNEL, as any configuration notification; none while the switch
 * is being deleted (sw->del_announced).
 *
 * The locks, all of them (the paragraphs below give each its detail):
 *   - RTNL serialises configuration: every netlink request (GETs and
 *     dump callbacks included), netdev notifier and teardown.
 *   - sw->lock (per switch, spin_lock_bh()) guards the addressing table
 *     (both rhashtables, pan->entries, the counts and limit hits), the
 *     PANs' learned-entry counts and learn-max, and the accepted
 *     remotes' rows and counts. Holders: configuration (with RTNL), the
 *     learner in softirq (learn.c) and the ageing work (no RTNL).
 *   - pan->hold.lock (per PAN, spin_lock() in softirq, spin_lock_bh()
 *     elsewhere) guards that PAN's hold queue and miss event token
 *     bucket. Holders: the packet path on a miss of a PAN with miss
 *     notify only (never on the hit path), the hold timer, configuration
 *     (with RTNL) and the learner, which release held frames when an
 *     entry comes.
 *   - The two spinlocks are never held together: whoever installs an
 *     entry (psw_entry_add() under RTNL, psw_learn() in softirq) drops
 *     sw->lock before it releases the entry's held frames
 *     (psw_hold_release()), and under hold.lock the table is only looked
 *     up under RCU. No frame is forwarded under either lock.
 *   - Everything else the packet path reads is published under RCU or
 *     read with READ_ONCE(): no lock per frame on the hit path.
 * So RTNL alone no longer keeps every object alive: a learned entry may
 * be moved or aged out under a configuration request (see "The
 * addressing table"), and held frames come and go from softirq.
 *
 * Isolated ports and the VLAN pool (isolate.c). sw->vlan_pool, an RCU
 * pointer to one array of VLAN_N_VID slots, allocated when a pool is set
 * and freed with kvfree_rcu() when it is removed (refused while a port
 * holds one of its VLANs); its bounds are written under RTNL with
 * WRITE_ONCE(). A slot holds two RCU pointers, the port that holds the
 * VLAN and the port a migration moved off it, written under RTNL only
 * (rcu_assign_pointer()) and read by the uplink's rx handler: one load
 * per frame, no lock. A port's own VLAN (port->iso_vid), its old one and
 * its grace deadline are written under RTNL with WRITE_ONCE() and read
 * once per frame with READ_ONCE(); the order in which a migration
 * publishes them (the moved port's new slot, then its grace, then its
 * VLAN, then the old slot's new holder) is in isolate.c. A detached
 * port leaves its slots before it is unpublished (psw_port_del()), so a
 * slot never points to a freed port: ports are freed with call_rcu().
 *
 * Configuration. Every change made by a netlink request, a netdev
 * notifier or a teardown holds RTNL, and so do GET requests and dump
 * callbacks; learned entries and hold queues are the exceptions above,
 * changed from softirq and by the ageing work and hold timer as well.
 * Each change bumps the switch's and the namespace's generation
 * (psw_changed()), so a dump spanning callbacks flags NLM_F_DUMP_INTR.
 * Writers unpublish an object (rhashtable_remove_fast(), list_del_rcu(),
 * netdev_rx_handler_unregister()) and free it after a grace period. An
 * entry that points to a port is removed before the port is unpublished,
 * and a port holds its net_device until its RCU callback has run, so a
 * reader that found an entry may use entry->port->dev. A switch detaches
 * its ports before its device is unregistered, leaves the namespace's RCU
 * list of switches, then psw_decap_stop() waits for tunnel readers.
 *
 * The addressing table. Entries are the first objects that change from
 * softirq: learning inserts, refreshes and moves them from the packet
 * path.
 * So the table (both rhashtables, pan->entries, the entry counts and the
 * limit hits) is changed under the per-switch spinlock sw->lock, taken
 * with spin_lock_bh(), by configuration (which holds RTNL as well) and by
 * a softirq inserter alike. Under the lock an inserter re-checks that the
 * entry is not there, that the PAN and the port are not going (pan->dead,
 * port->dead, set under the lock before their entries are flushed) and
 * that the switch's count is below max-entries: the count is bounded
 * atomically with the insertion, and max-entries itself is changed under
 * the lock (psw_table_set_max()). A refresh changes a learned entry in
 * place only in fields that readers read with READ_ONCE() (its age, say);
 * anything else (its port, its mode) changes by a replace, which swaps the
 * entry in both tables as configuration does. Memory taken under the lock
 * or in softirq is GFP_ATOMIC (rhashtable grows its buckets so itself);
 * configuration allocates an entry with PSW_GFP before taking the lock.
 * Static entries (user, port) are removed only by RTNL holders (requests,
 * teardown), under the lock as well. Learned entries (learn.c) are also
 * moved (replaced) from softirq and removed by the switch's ageing work,
 * which does not take RTNL (so that teardown, under RTNL, can cancel it
 * synchronously), under sw->lock; neither touches a PAN once pan->dead
 * is set. So RTNL keeps a static entry alive but not a learned one:
 * configuration reaches learned entries only under the RCU read lock (a
 * GET, a dump, the walks of pan->entries: they step over entries that
 * may go) or under sw->lock, where a remover checks that the entry it
 * found is still the table's (psw_entry_del()), and a flush of a PAN sets
 * pan->dead before it walks. Appends are RCU list operations. Learned
 * changes do not bump the generation (psw_changed() is RTNL's): a dump
 * resumes by MAC and may miss or repeat a learned entry.
 * The accepted remotes (trust.c): a row's insertion, removal and counts
 * are under sw->lock, since a learned entry takes and gives back its use
 * of its remote from softirq or the ageing work; only configuration
 * creates rows (a learned entry's remote must be configured) and
 * allocates them before it takes the lock. sw->nremote counts configured
 * users only, under RTNL.
 *
 * The neighbour tables (neigh.c, the ARP/ND proxy's): one switch-wide
 * rhashtable keyed by {PAN, family, address}, read under RCU by the
 * packet path (proxy.c), and pan->neighs, the PAN's list of them. Both
 * change under RTNL only (requests and teardown); nothing on the packet
 * path writes them. A neighbour is immutable once published: a replace
 * (a new MAC) swaps a new object in, in the table and the list, and frees
 * the old one after a grace period, so a reader copies a consistent MAC.
 * pan->proxy is one byte (WRITE_ONCE() and READ_ONCE()); the proxy's
 * counters are per-CPU.
 *
 * Notifications. Fill functions read under RCU or RTNL
 * (rcu_dereference_rtnl()), never assuming RTNL, so a message can be built
 * from the packet path. Configuration announces its changes from process
 * context (GFP_KERNEL) on the configuration group, PSW_MCGRP_NOTIFY.
 * Events that come at packet rate (misses, MAC moves) are sent from
 * atomic context with GFP_ATOMIC, are rate limited, and go on a multicast
 * group of their own, PSW_MCGRP_EVENTS (CAP_NET_ADMIN to join), so a
 * listener of configuration changes is never flooded by them and a burst
 * of them never crowds configuration out.
 *
 * Events go out through event.c (psw_event_has_listeners(),
 * psw_event_new(), psw_event_send()), the one sender on
 * PSW_MCGRP_EVENTS, for misses (miss.c, hold.c) and MAC moves (learn.c,
 * also rate limited per switch); a sender checks for listeners before it
 * builds anything, and counts what it could not send where it has a
 * counter for it (miss_lost; a lost move shows as a gap in its
 * sequence).
 *
 * The hold queue (miss notify and hold entries, hold.c). A PAN's held
 * frames, their destinations, counts and its miss event token bucket are
 * under the per-PAN spinlock pan->hold.lock. The packet path takes it
 * only for a unicast frame of a PAN whose miss policy is notify and whose
 * destination has no entry (a miss), or whose destination's entry is a
 * hold entry (a VM arriving by migration; a vm port's frame or an
 * arrival from the uplink or a tunnel), never for a frame that has
 * another entry or policy: the hit path stays lock-free. Writers: the packet
 * path (softirq, spin_lock()), the hold timer (softirq, drops what timed
 * out), configuration (process context under RTNL, spin_lock_bh(): an
 * entry installed, any origin, releases its destination's frames after
 * it is published; a PAN leaving miss notify releases all; a port
 * deleted drops its frames), and the learner (softirq, spin_lock_bh():
 * a learned entry made or moved releases its MAC's frames after it is
 * published and sw->lock is dropped, so they go to the new place). Held frames are sent on or freed outside
 * the lock: a release detaches them under it, then forwards them with
 * BH disabled under the RCU read lock (psw_vm_resume()). Under the lock
 * a frame looks up its entry and the PAN's policy again, so a frame
 * that raced with an entry's insertion or a policy change is either
 * released by it or sent on at once, never left held. A held arrival
 * points to no port and is released to a local entry only
 * (psw_arrival_resume()). A held vm port's frame
 * points to its ingress port (skb->cb): the port is alive while the
 * frame is held, because a port is deleted only after its rx handler
 * was unregistered (no frame of it in flight) and it then drops its
 * held frames, counted on it (hold_flush) before its PAN takes its
 * counters. A PAN being freed has no vm port, so only arrivals can be
 * held: it marks its queue dead under the lock (nothing more is held),
 * drops them (hold_flush) and stops the timer with del_timer_sync() (the
 * timer re-arms only while not dead).
 * Memory held is bounded per PAN (hold-frames x hold-dests frames, and
 * as many times PSW_HOLD_FRAME_BYTES of truesize; hold-dests
 * destinations of GFP_ATOMIC memory, charged to nobody).
 *
 * Other objects read by the packet path: sw->uplink and sw->underlay (RCU
 * pointers replaced whole), sw->ext_prefix (one word, WRITE_ONCE() and
 * READ_ONCE()), port->policy (an RCU pointer replaced whole),
 * port->macs, port->ext, port->vid and port->classify (fixed for the
 * port's life), sw->tenants and sw->trunks (above),
 * pan->ports and pan->flood (RCU lists), pan->addr[] and the namespace's
 * table of PAN addresses, the switch's accepted remotes (an rhashtable),
 * pan->accept, pan->miss and the hold queue's bounds (READ_ONCE()),
 * pan->etherip and sw->netherip_oui (etherip_oui.c, READ_ONCE()),
 * pan->mshare (an RCU pointer replaced whole; its target PANs are looked
 * up by id in sw->pans under RCU, mcast_share.c),
 * pan->anycast and pan->mcast (RCU pointers replaced whole), pan->mgroup
 * (an RCU pointer to the switch's membership of the group, whose socket
 * the packet path sends through: the last user closes it only after a
 * grace period; the list sw->mgroups is RTNL's). The underlay is never
 * changed in place:
 * a change updates the receive side first (if that fails nothing
 * changes), then publishes a new copy and frees the old one with
 * kfree_rcu(). An entry is in the reverse table exactly when it has an
 * external MAC; adding or replacing one touches the reverse table first
 * (the step that can be refused), and a replace swaps the entry in place
 * in both tables, so a reader finds the old entry or the new one.
 *
 * Tunnel arrivals find their switch through the socket's private pointer,
 * cleared before the sockets are released, in the namespace's RCU list of
 * switches (NVGRE, by the outer destination) or, for EtherIP, their PAN
 * in the namespace's table of PAN addresses; PAN addresses leave that
 * table before their PAN is freed, and the EtherIP handler checks that the
 * switch is up before it reads the switch's tables. The namespace's NVGRE
 * devices are taken over (rx handler registered) by the first switch with
 * a local address of their family and let go, which waits for readers,
 * with the last. The accepted remotes follow the entries and flood
 * members: a use is taken before the entry or member is published (it may
 * fail: allocation) and given back after it is unpublished
 * (psw_trust_get(), psw_trust_put()); a replace takes the new use before
 * it gives back the old, so an address both use stays accepted.
 *
 * Route caches. An accepted-remote row also caches the route to its
 * remote, one struct dst_cache per encapsulation its users send with
 * (trust.c), and each encap entry and remote flood member points to its
 * own (psw_remote.route). The packet path takes the route from this
 * CPU's slot of it (dst_cache_get_ip4/ip6(): no lock; a reference on the
 * dst, as a FIB lookup takes one) and keeps it only if it was looked up
 * from the source address the frame is sent from; the kernel validates
 * the dst (dst->obsolete and ->check(): route generation, IPv6 fib6
 * serial number), so a route replaced or deleted, an address or a device
 * gone, or a PMTU exception is looked up again on the next frame. The
 * remote is the row's key: an entry or member that changes its remote
 * changes its row. When the underlay changes (addresses, VXLAN port) the
 * writer waits a grace period after publishing it, so that no frame
 * routes by the old one any more, then resets every cache of the switch
 * (psw_trust_reset_routes(); dst_cache_reset() is lazy and safe against
 * readers). A cache is allocated with its row's first user of its
 * encapsulation, before that user is published, and destroyed (routes
 * released, per-CPU memory freed) in the row's RCU callback, after the
 * last user is gone: in process context with PSW_GFP, charged to the
 * requester. An encap entry learned in softirq must not charge the task
 * it interrupted: it uses an existing row (its remote is configured) and
 * allocates that row's cache for its encapsulation, if it has none, with
 * GFP_ATOMIC, uncharged and bounded by the PAN's learn-max; if the cache
 * cannot be had it goes without one (dst_cache_get() and
 * dst_cache_set_*() do nothing on a cache never allocated: a FIB lookup
 * per frame), never failing the insertion for it.
 */
#ifndef _PSW_PSW_H
#define _PSW_PSW_H

#include <linux/etherdevice.h>
#include <linux/if_arp.h>
#include <linux/if_vlan.h>
#include <linux/netdevice.h>
#include <linux/rhashtable.h>
#include <linux/rtnetlink.h>
#include <linux/u64_stats_sync.h>
#include <linux/in6.h>
#include <linux/ratelimit.h>
#include <linux/workqueue.h>
#include <net/ipv6.h>
#include <linux/xarray.h>
#include <net/dst_cache.h>
#include <net/genetlink.h>

#include "../include/uapi/linux/panswitch.h"

/*
 * Memory a request creates is charged to the requester's memory cgroup;
 * at the cgroup's limit the request fails with -ENOMEM instead of waking
 * the cgroup's OOM killer, whose victim could be any process of the
 * tenant (a VM, say). The core allocates net_devices the same way.
 */
#define PSW_GFP		(GFP_KERNEL_ACCOUNT | __GFP_RETRY_MAYFAIL)

/* Per-CPU counters of a port or a PAN. */
struct psw_pcpu_stats {
	u64_stats_t rx_packets;
	u64_stats_t rx_bytes;
	u64_stats_t tx_packets;
	u64_stats_t tx_bytes;
	u64_stats_t flooded;
	u64_stats_t xlate_tx;
	u64_stats_t xlate_rx;
	u64_stats_t encap_tx;
	u64_stats_t encap_rx;
	u64_stats_t drops[__PSW_DROP_MAX];
	struct u64_stats_sync syncp;
};

/* Per-CPU ARP/ND proxy counters of a PAN (proxy.c). */
struct psw_proxy_pcpu {
	u64_stats_t reply;
	u64_stats_t miss;
	struct u64_stats_sync syncp;
};

/* A sum of the per-CPU counters, as reported. */
struct psw_stats {
	u64 rx_packets;
	u64 rx_bytes;
	u64 tx_packets;
	u64 tx_bytes;
	u64 flooded;
	u64 xlate_tx;
	u64 xlate_rx;
	u64 encap_tx;
	u64 encap_rx;
	u64 drops[__PSW_DROP_MAX];
};

/* Per-CPU miss counters of a PAN (miss.c). */
struct psw_miss_pcpu {
	u64_stats_t flood;
	u64_stats_t drop;
	u64_stats_t anycast;
	u64_stats_t notify;
	u64_stats_t events;
	u64_stats_t lost;
	u64_stats_t released;
	u64_stats_t timeout;
	u64_stats_t overflow;
	struct u64_stats_sync syncp;
};

#define PSW_HOLD_BUCKETS	64

/*
 * A PAN's hold queue for miss notify (hold.c): frames from vm ports to
 * MACs with no entry, per destination, until an entry comes or they time
 * out. Everything but the settings is under @lock (DOC: Locking).
 */
struct psw_hold {
	spinlock_t lock;
	struct hlist_head hash[PSW_HOLD_BUCKETS]; /* struct psw_hold_dest */
	struct list_head dests;		/* the same, oldest first */
	unsigned int ndests;
	unsigned int nframes;		/* READ_ONCE for the gauge */
	unsigned int nbytes;		/* their skb truesize */
	bool dead;			/* the PAN is going: hold nothing */
	struct timer_list timer;	/* the oldest destination's timeout */
	unsigned long tb_last;		/* miss event token bucket: jiffies */
	unsigned int tb_tokens;		/* of the last refill, tokens left */
	/* Settings: RTNL writers, READ_ONCE readers. */
	u32 max_frames;			/* per destination */
	u32 max_dests;
	u32 time_ms;
};

/* Per-CPU learning counters of a PAN (learn.c). */
struct psw_learn_pcpu {
	u64_stats_t learned;
	u64_stats_t limit;
	u64_stats_t stat;		/* PSW_LEARN_STATS_STATIC */
	u64_stats_t moves;
	u64_stats_t frozen;
	u64_stats_t aged;
	struct u64_stats_sync syncp;
};

/* An IPv4 or IPv6 address; which one is kept next to it. */
union psw_ip {
	__be32 ip4;
	struct in6_addr ip6;
};

/* EtherIP (RFC 3378): IP protocol 97, a 2-byte header: version 3. */
#define PSW_IPPROTO_ETHERIP	97
#define PSW_ETHERIP_HLEN	2
#define PSW_ETHERIP_VERSION	0x3000

/*
 * Where an encap entry or a flood list member sends frames. @route is
 * the route cache its accepted-remote row keeps for its encapsulation
 * (trust.c): set by psw_trust_get() when the entry or member is made,
 * NULL in a request's parsed copy. It lives as long as the row, which
 * outlives every user of it by a grace period.
 */
struct psw_remote {
	union psw_ip ip;
	u8 family;			/* AF_INET or AF_INET6 */
	u8 encap;			/* enum psw_encap */
	u8 auto_encap;			/* 1: @encap chosen by encap auto
					 * (remote.c); never changes after
					 */
	struct dst_cache *route;	/* per-CPU cached route, or NULL */
};

/*
 * The switch's underlay: tunnel source addresses (zero: none) and VXLAN
 * port. Replaced as a whole under RTNL, read under RCU.
 */
struct psw_underlay {
	__be32 local4;
	struct in6_addr local6;
	u16 vxlan_port;			/* host order */
	struct rcu_head rcu;
};

/* Receive side of the tunnels, owned by decap.c. RTNL. */
struct psw_decap {
	struct socket *vxlan4;		/* VXLAN UDP sockets, or NULL */
	struct socket *vxlan6;
	__be32 vxlan_local4;		/* the addresses they are bound to */
	struct in6_addr vxlan_local6;
	u16 vxlan_port;			/* and the port */
	bool nvgre4;			/* uses the namespace's NVGRE device */
	bool nvgre6;			/* of IPv4, of IPv6 */
};

/*
 * A namespace's collect-metadata GRE device of one family, through which
 * its switches receive NVGRE (decap_nvgre.c). RTNL.
 */
struct psw_nvgre {
	struct net_device *dev;		/* taken over (our rx_handler), or NULL */
	netdevice_tracker tracker;
	unsigned int users;		/* switches with a local address of the
					 * family (psw_decap.nvgre4/6)
					 */
};

/*
 * A PAN's anycast gateway (anycast.c): the anycast MAC and the way to it.
 * Immutable once published; replaced whole under RTNL.
 */
struct psw_anycast {
	u8 mac[ETH_ALEN];
	bool uplink;			/* via the uplink, else @remote */
	struct psw_remote remote;
	struct rcu_head rcu;
};

/*
 * A PAN's underlay IP multicast group (mcast.c): the group, its
 * encapsulation and TTL. Immutable once published; replaced whole under
 * RTNL.
 */
struct psw_mcast {
	union psw_ip group;
	u8 family;			/* AF_INET or AF_INET6 */
	u8 encap;			/* PSW_ENCAP_VXLAN or PSW_ENCAP_NVGRE */
	u8 ttl;				/* 1..255 */
	struct rcu_head rcu;
};

/*
 * A switch's membership of one multicast group (mcast.c), held by the
 * PANs that have the group and a vm port on the switch. Its socket, bound
 * to the group and the VXLAN port, holds the one IGMP/MLD membership and
 * takes the group's VXLAN arrivals (sk_user_data: the switch); its
 * multicast loop is off, and the group's copies are sent through it.
 * Created and freed under RTNL; PANs point to it under RCU.
 */
struct psw_mgroup {
	struct list_head node;		/* in psw_switch.mgroups, RTNL */
	union psw_ip group;
	u8 family;
	unsigned int users;		/* PANs holding it, RTNL */
	int ifindex;			/* the device it is joined on */
	struct socket *sock;
	struct rcu_head rcu;
};

/* Per-CPU multicast group counters of a PAN (mcast.c). */
struct psw_mcast_pcpu {
	u64_stats_t tx;
	u64_stats_t rx;
	struct u64_stats_sync syncp;
};

/* A PAN's own local address, by which EtherIP arrivals name it. */
struct psw_pan_addr {
	struct rhash_head node;		/* in psw_net.pan_addrs */
	struct {
		union psw_ip ip;
		u32 family;
	} key;
	struct psw_pan *pan;
	struct rcu_head rcu;
};

/* Per network namespace state. */
struct psw_net {
	struct list_head switches;	/* struct psw_switch; RTNL, RCU readers */
	unsigned int gen;		/* bumped on every change, RTNL */
	struct rhashtable pan_addrs;	/* struct psw_pan_addr by address */
	struct psw_nvgre nvgre[2];	/* IPv4 [0], IPv6 [1] */
};

struct psw_switch {
	struct net_device *dev;
	spinlock_t lock;		/* the table: entries, their lists and
					 * counts (DOC: Locking); with RTNL
					 * for configuration
					 */
	struct list_head node;		/* in psw_net.switches */
	struct list_head ports;		/* struct psw_port, RTNL */
	struct xarray pans;		/* PAN id -> struct psw_pan */
	struct rhashtable entries;	/* struct psw_entry by {PAN, MAC} */
	struct rhashtable rev;		/* reverse table: entries by ext MAC */
	struct rhashtable trust;	/* remotes of each PAN (trust.c) */
	struct rhashtable neighs;	/* struct psw_neigh by {PAN, address}:
					 * the ARP/ND proxy's tables; RTNL
					 */
	struct psw_port __rcu *uplink;	/* or NULL */
	struct psw_underlay __rcu *underlay; /* never NULL once registered */
	struct psw_decap decap;
	struct psw_pcpu_stats __percpu *stats;	/* tunnel arrivals */
	unsigned int nremote[2];	/* encap entries and flood members
					 * with an IPv4 [0], IPv6 [1] remote
					 */
	u64 ext_prefix;			/* the external MAC range, packed by
					 * psw_ext_prefix_pack(); 0: none
					 */
	unsigned int nports;
	unsigned int npans;
	unsigned int nentries;		/* sw->lock */
	unsigned int nholds;		/* hold entries with an external
					 * MAC (in the uplink's filter), RTNL
					 */
	unsigned int max_pans;		/* limits, RTNL */
	unsigned int max_entries;	/* and sw->lock */
	u64 pan_limit_hits;		/* requests refused by them, RTNL */
	u64 entry_limit_hits;		/* sw->lock */
	bool del_announced;		/* SWITCH_DEL sent by dellink */
	unsigned int gen;		/* bumped on every change, RTNL */
	struct delayed_work ageing;	/* removes idle learned entries */
	struct list_head mgroups;	/* struct psw_mgroup, RTNL */
	unsigned int nmgroups;		/* RTNL */
	struct ratelimit_state event_rs;	/* events (learn.c) */
	struct rhashtable tenants;	/* the tenant map: struct psw_tenant
					 * by key; RTNL, RCU readers
					 */
	struct list_head tenant_list;	/* the same, oldest first; RTNL */
	unsigned int ntenants;		/* RTNL */
	struct list_head trunks;	/* trunk ports; RTNL, RCU readers */
	struct list_head teps;		/* tep ports; RTNL, RCU readers */
	struct psw_vlan_pool __rcu *vlan_pool;	/* or NULL; isolate.c */
	unsigned int netherip_oui;	/* PANs in EtherIP OUI form
					 * (etherip_oui.c); RTNL, READ_ONCE
					 */
	struct psw_nego *nego;		/* remote objects, encapsulation
					 * preference, probes (remote.h)
					 */
};

struct psw_pan {
	u32 id;
	struct psw_switch *sw;
	struct list_head ports;		/* vm ports; RCU readers */
	struct list_head entries;	/* struct psw_entry; sw->lock, RCU
					 * appends, removed under RTNL too
					 */
	struct list_head flood;		/* struct psw_flood; RCU readers */
	struct psw_pan_addr __rcu *addr[2]; /* own IPv4 [0], IPv6 [1] address */
	unsigned int nports;
	unsigned int nentries;		/* sw->lock */
	bool dead;			/* going: no new entry; sw->lock */
	unsigned int nflood;
	u8 accept;			/* enum psw_accept; RTNL, READ_ONCE */
	u8 miss;			/* enum psw_miss; RTNL, READ_ONCE */
	struct psw_anycast __rcu *anycast;	/* or NULL; anycast.c */
	struct psw_mcast __rcu *mcast;		/* or NULL; mcast.c */
	struct psw_mgroup __rcu *mgroup;	/* the membership it holds,
						 * or NULL; mcast.c
						 */
	u64 mcast_since;		/* get_jiffies_64() at its last join
					 * or leave, or when its group was
					 * set; RTNL, READ_ONCE
					 */
	struct psw_mcast_pcpu __percpu *mcast_stats;	/* mcast.c */
	struct psw_pcpu_stats __percpu *stats;	/* its own: arrivals on the
						 * uplink and tunnels, and
						 * its vm ports' gone ones;
						 * psw_pan_stats_read()
						 */
	struct psw_miss_pcpu __percpu *miss_stats;	/* miss.c */
	struct list_head neighs;	/* struct psw_neigh; RTNL */
	unsigned int nneighs;		/* RTNL */
	u64 neigh_limit_hits;		/* NEIGH_NEW refused by
					 * PSW_PAN_NEIGH_MAX; RTNL
					 */
	u8 proxy;			/* ARP/ND proxy on; RTNL, READ_ONCE */
	struct psw_proxy_pcpu __percpu *proxy_stats;	/* proxy.c */
	struct psw_hold hold;		/* miss notify: hold.c */
	u8 learning;			/* 0 or 1; RTNL, READ_ONCE */
	unsigned int ageing;		/* seconds; RTNL, READ_ONCE */
	unsigned int learn_max;		/* learned entries; sw->lock */
	unsigned int nlearned;		/* sw->lock */
	u64 move_seq;			/* last MOVE sent; sw->lock */
	struct psw_learn_pcpu __percpu *learn_stats;	/* learn.c */
	/* Tenant map entries naming the PAN (tenant.c): RTNL, READ_ONCE */
	unsigned int ntenants;
	unsigned int ntenant_vlan;	/* of them, {no OUI, VID} ones */
	u16 tenant_vid;			/* the VLAN they carry, 0: none */
	u8 etherip;			/* enum psw_etherip: how EtherIP
					 * arrivals name it; RTNL, READ_ONCE
					 */
	struct psw_mshare __rcu *mshare;	/* inter-tenant multicast
						 * rules, or NULL;
						 * mcast_share.c
						 */
	struct rcu_head rcu;
};

/*
 * A PAN's inter-tenant multicast rules (mcast_share.c): each copies the
 * PAN's frames to one IP group into another PAN of the switch (seed 001).
 * Immutable once published, replaced whole under RTNL; its counters are
 * per CPU, one per rule.
 */
struct psw_mshare_rule {
	union psw_ip group;
	u8 family;			/* AF_INET or AF_INET6 */
	u32 target;			/* the PAN that gets a copy */
};

struct psw_mshare_pcpu {
	u64_stats_t copies[PSW_MCAST_SHARE_MAX];
	struct u64_stats_sync syncp;
};

struct psw_mshare {
	unsigned int n;
	struct psw_mshare_pcpu __percpu *stats;
	struct rcu_head rcu;
	struct psw_mshare_rule rule[];
};

/*
 * A tenant map key: an OUI and/or a VLAN id. @oui is PSW_TENANT_HAS_OUI
 * with the OUI in its low 24 bits, or 0 for none; @vid 0 for none.
 */
#define PSW_TENANT_HAS_OUI	0x1000000
struct psw_tenant_key {
	u32 oui;
	u16 vid;
	u16 zero;			/* padding, always 0 */
};

/*
 * One tenant map entry (tenant.c): frames of a trunk port whose key is
 * @key belong to @pan. Immutable once published; RTNL writers, RCU
 * readers (DOC: Locking).
 */
struct psw_tenant {
	struct rhash_head node;		/* in psw_switch.tenants */
	struct psw_tenant_key key;
	struct psw_pan *pan;
	struct list_head sw_node;	/* in psw_switch.tenant_list */
	struct rcu_head rcu;
};

/*
 * A neighbour of a PAN (neigh.c): an IPv4 or IPv6 address and the MAC the
 * ARP/ND proxy answers with. The address is kept in an in6_addr, IPv4 in
 * its first word, the rest zero. Immutable once published (DOC: Locking).
 */
struct psw_neigh_key {
	u32 pan;
	u32 family;			/* AF_INET or AF_INET6 */
	struct in6_addr ip;
};

struct psw_neigh {
	struct rhash_head node;		/* in psw_switch.neighs */
	struct psw_neigh_key key;
	u8 mac[ETH_ALEN];
	struct psw_pan *pan;
	struct list_head pan_node;	/* in psw_pan.neighs */
	struct rcu_head rcu;
};

/* A member of a PAN's flood list. */
struct psw_flood {
	struct list_head node;		/* in psw_pan.flood */
	bool uplink;			/* the uplink, else @remote */
	struct psw_remote remote;
	struct rcu_head rcu;
};

/*
 * One entry of a vm port's allow list: a MAC the port may send from, alone
 * (@family 0) or with an address its ARP (AF_INET, @ip's first word) or
 * ND (AF_INET6) may claim for it.
 */
struct psw_port_allow {
	u8 mac[ETH_ALEN];
	u8 family;			/* 0, AF_INET or AF_INET6 */
	struct in6_addr ip;		/* IPv4 in its first word, rest 0 */
};

/*
 * What a vm port may send: every per-port setting that psw_port_admit()
 * (policy.c), the one function deciding whether a frame from a vm port
 * enters the switch, consults. Immutable once published: PSW_CMD_PORT_SET
 * replaces it whole under RTNL (rcu_assign_pointer, kfree_rcu), so the
 * packet path reads one consistent set, its allow list included (at most
 * PSW_PORT_ALLOW_MAX entries, allocated with it, PSW_GFP). Later settings
 * (isolated ports) are added here and checked there.
 */
struct psw_port_policy {
	bool security;			/* source MAC must be one of the port's */
	bool lldp;			/* LLDP goes to the PAN's other vm ports */
	u8 nallow;			/* entries of @allow */
	u8 nallow4;			/* of them with an IPv4 address: ARP
					 * is checked
					 */
	u8 nallow6;			/* with an IPv6 address: ND is checked */
	struct rcu_head rcu;
	struct psw_port_allow allow[];
};

struct psw_port {
	struct net_device *dev;
	netdevice_tracker dev_tracker;
	struct psw_switch *sw;
	struct psw_pan __rcu *pan;	/* NULL for an uplink; per frame */
	enum psw_port_role role;
	bool dead;			/* going: no new entry; sw->lock */
	struct list_head sw_node;	/* in psw_switch.ports */
	struct list_head pan_node;	/* in psw_pan.ports */
	unsigned int nmacs;
	u8 macs[PSW_PORT_MAX_MACS][ETH_ALEN];
	u8 ext[ETH_ALEN];		/* external MAC, or zero */
	u16 vid;			/* uplink: its VLAN, 0: untagged */
	u8 classify;			/* trunk: enum psw_classify */
	u16 tpid;			/* tep: its tag's TPID */
	struct list_head trunk_node;	/* trunk: in psw_switch.trunks;
					 * tep: in psw_switch.teps
					 */
	struct psw_port_policy __rcu *policy;	/* vm ports, never NULL */
	/* Isolated vm ports (isolate.c): RTNL, READ_ONCE on the packet path */
	u16 iso_vid;			/* its VLAN of the pool, 0: not isolated */
	u16 iso_old_vid;		/* the VLAN it was moved off, or 0 */
	unsigned long iso_grace_until;	/* jiffies: takes iso_old_vid until */
	struct psw_pcpu_stats __percpu *stats;
	struct rcu_head rcu;
};

struct psw_entry_key {
	u32 pan;
	u8 mac[ETH_ALEN];
	u16 zero;			/* padding, always 0 */
};

/*
 * An entry: 120 bytes on 64-bit, from its own slab cache (table.c), so that
 * a million of them take 120 MB and no kmalloc size class rounds them up
 * (the rhashtable's buckets add 8 bytes per slot, 1.33 to 2.67 slots per
 * entry as it grows). Laid out for the packet path: the chain, the key, the mode and
 * the port or the start of the remote in the first 40 bytes.
 * @port and @remote share their place: only a local entry has a port (read
 * for no other mode, except that xlate and hold entries, which have
 * neither, read NULL there) and only an encap entry a remote.
 * @damp_start and @nmoves are read and written under sw->lock while the
 * entry is in the table only; @rcu takes @damp_start's place once it is
 * out of it (psw_entry_free_rcu()).
 */
struct psw_entry {
	struct rhash_head node;		/* in psw_switch.entries */
	struct psw_entry_key key;
	u8 mode;			/* enum psw_mode */
	u8 origin;			/* enum psw_origin */
	u8 ext[ETH_ALEN];		/* xlate: the VM's external MAC; local:
					 * the port's, if it has one; else 0
					 */
	unsigned int nmoves;		/* learned: moves in the damping
					 * window; sw->lock
					 */
	union {
		struct psw_port *port;	/* PSW_MODE_LOCAL: where to deliver */
		struct psw_remote remote; /* PSW_MODE_ENCAP: where to send */
	};
	struct psw_pan *pan;
	struct rhash_head rnode;	/* in psw_switch.rev, if ext is set */
	struct list_head pan_node;	/* in psw_pan.entries */
	/* Learned entries only (learn.c): */
	unsigned long used;		/* jiffies of its last arrival;
					 * READ_ONCE, WRITE_ONCE
					 */
	union {
		unsigned long damp_start; /* the moves' window; sw->lock */
		struct rcu_head rcu;	/* out of the table */
	};
};

/* Do @a and @b send to the same place (family, address, encap)? */
static inline bool psw_remote_equal(const struct psw_remote *a,
				    const struct psw_remote *b)
{
	if (a->family != b->family || a->encap != b->encap)
		return false;
	return a->family == AF_INET ? a->ip.ip4 == b->ip.ip4 :
				      ipv6_addr_equal(&a->ip.ip6, &b->ip.ip6);
}

/* Index of @family in per-family arrays: IPv4 [0], IPv6 [1]. */
static inline int psw_family_idx(u8 family)
{
	return family == AF_INET6;
}

/*
 * The PAN of vm port @port (NULL: the uplink), for configuration and fill
 * functions: under RTNL or the RCU read lock. The packet path reads
 * port->pan once per frame with rcu_dereference() (DOC: Locking).
 */
static inline struct psw_pan *psw_port_pan(const struct psw_port *port)
{
	return rcu_dereference_rtnl(port->pan);
}

/* main.c */
extern unsigned int psw_net_id;
struct psw_net *psw_net(const struct net *net);
void psw_changed(struct psw_switch *sw);

/* device.c */
extern struct rtnl_link_ops psw_link_ops;
bool psw_is_switch(const struct net_device *dev);
struct psw_switch *psw_switch_create(struct net *net, const char *name,
				     struct netlink_ext_ack *extack);
void psw_switch_delete(struct psw_switch *sw);

/* underlay.c: the switch's tunnel source addresses and VXLAN port */
bool psw_ip_valid(u8 family, const union psw_ip *ip,
		  struct netlink_ext_ack *extack, const struct nlattr *attr);
int psw_switch_set_underlay(struct psw_switch *sw, const __be32 *local4,
			    const struct in6_addr *local6, u16 port,
			    struct netlink_ext_ack *extack);
struct psw_switch *psw_switch_by_underlay(struct net *net, u8 family,
					  const union psw_ip *ip);

/* port.c */
struct psw_port *psw_port_of(const struct net_device *dev);
/* What a new port is made of, besides its switch and device. */
struct psw_port_args {
	enum psw_port_role role;
	struct psw_pan *pan;		/* vm */
	const u8 (*macs)[ETH_ALEN];	/* vm; nmacs 0: the device's address */
	unsigned int nmacs;
	const u8 *ext;			/* vm: external MAC, or NULL */
	u16 vid;			/* uplink: VLAN, or 0 */
	u8 classify;			/* trunk: enum psw_classify */
	u16 tpid;			/* tep: the tag's TPID */
};

int psw_port_add(struct psw_switch *sw, struct net_device *dev,
		 const struct psw_port_args *a, struct netlink_ext_ack *extack);
void psw_port_del(struct psw_port *port, bool notify);
void psw_switch_del_ports(struct psw_switch *sw);
int psw_port_notifier(struct net_device *dev, unsigned long event, void *ptr);
int psw_check_ext(struct psw_switch *sw, const u8 *ext,
		  struct netlink_ext_ack *extack);

/* policy.c: what may enter the switch, and the external MAC range */
int psw_port_set_policy(struct psw_port *port, const bool *security,
			const bool *lldp, const struct psw_port_allow *allow,
			int nallow, struct netlink_ext_ack *extack);
int psw_port_allow_parse(const struct nlattr *nest,
			 struct psw_port_allow *allow,
			 struct netlink_ext_ack *extack);
int psw_port_allow_fill(struct sk_buff *skb, const struct psw_port_policy *p);
enum psw_drop_reason psw_port_admit(const struct psw_port *in,
				    const struct psw_pan *pan,
				    struct sk_buff *skb);
enum psw_drop_reason psw_arrival_admit(const struct sk_buff *skb);
bool psw_uplink_vlan_ok(const struct psw_port *uplink,
			const struct sk_buff *skb);
u64 psw_ext_prefix_pack(const u8 *mac, u8 len);
void psw_ext_prefix_unpack(u64 packed, u8 *mac, u8 *len);
bool psw_ext_in_prefix(u64 packed, const u8 *mac);
int psw_ext_prefix_check(struct psw_switch *sw, const u8 *mac, u8 len,
			 u64 *packed, struct netlink_ext_ack *extack);
void psw_ext_prefix_set(struct psw_switch *sw, u64 packed);

/*
 * isolate.c: the switch's VLAN pool and its isolated ports (seed 001).
 * slot[vid].holder is the isolated port that holds vid; slot[vid].moved
 * the port moved off vid, which still takes its own unicast frames on it
 * until its iso_grace_until. RTNL writers, RCU readers.
 */
struct psw_vlan_slot {
	struct psw_port __rcu *holder;
	struct psw_port __rcu *moved;
};

struct psw_vlan_pool {
	u16 first, last;		/* RTNL, READ_ONCE */
	unsigned int used;		/* VLANs held; RTNL */
	struct rcu_head rcu;
	struct psw_vlan_slot slot[VLAN_N_VID];
};

/* What an isolation change will do (psw_isolate_prepare()). */
struct psw_isolate_plan {
	struct psw_port *port;
	bool on;
	u16 vid;			/* the port's VLAN after the change */
	struct psw_port *moved;		/* the holder of vid, moved aside */
	u16 moved_to;			/* its new VLAN */
	u8 nadded;			/* VLANs added to the uplink's filter */
	u16 added[2];
};

int psw_vlan_pool_check(struct psw_switch *sw, u16 first, u16 last,
			struct psw_vlan_pool **alloc,
			struct netlink_ext_ack *extack);
void psw_vlan_pool_apply(struct psw_switch *sw, u16 first, u16 last,
			 struct psw_vlan_pool *alloc);
void psw_vlan_pool_destroy(struct psw_switch *sw);
bool psw_vlan_pool_holds(const struct psw_switch *sw, u16 vid);
int psw_vlan_pool_fill(struct sk_buff *skb, const struct psw_switch *sw);
int psw_isolate_prepare(struct psw_port *port, bool on, u16 want,
			struct psw_isolate_plan *plan,
			struct netlink_ext_ack *extack);
void psw_isolate_abort(struct psw_isolate_plan *plan);
void psw_isolate_commit(struct psw_isolate_plan *plan);
void psw_isolate_port_gone(struct psw_port *port);
int psw_isolate_uplink_sync(struct psw_port *uplink, bool add);
int psw_isolate_fill(struct sk_buff *skb, const struct psw_port *port);
bool psw_vlan_pool_takes(const struct psw_port *uplink,
			 const struct sk_buff *skb);
struct psw_port *psw_vlan_port(const struct psw_switch *sw, u16 vid,
			       const u8 *dst);

/* tenant.c: the tenant map, and classifying a trunk port's frames */
int psw_tenant_init(struct psw_switch *sw);
void psw_tenant_destroy(struct psw_switch *sw);
void psw_tenant_key(struct psw_tenant_key *key, const u32 *oui, u16 vid);
struct psw_tenant *psw_tenant_find(const struct psw_switch *sw,
				   const struct psw_tenant_key *key);
struct psw_tenant *psw_tenant_add(struct psw_pan *pan,
				  const struct psw_tenant_key *key,
				  struct netlink_ext_ack *extack,
				  const struct nlattr *oui_attr);
void psw_tenant_del(struct psw_tenant *t, bool notify);
void psw_switch_flush_tenants(struct psw_switch *sw);
int psw_trunk_vlans_sync(struct psw_port *trunk, bool add);
enum psw_drop_reason psw_trunk_classify(const struct psw_port *in,
					struct sk_buff *skb,
					struct psw_pan **pan);
bool psw_oui_foreign(const struct psw_switch *sw, const struct psw_pan *pan,
		     const u8 *mac);
struct psw_pan *psw_tenant_oui_pan(const struct psw_switch *sw, u32 oui);

/* etherip_oui.c: EtherIP arrivals named by their inner source OUI */
int psw_etherip_check(struct psw_pan *pan, u8 form, bool has_addr,
		      struct netlink_ext_ack *extack,
		      const struct nlattr *attr);
void psw_pan_set_etherip(struct psw_pan *pan, u8 form);
void psw_etherip_pan_gone(struct psw_pan *pan);
enum psw_drop_reason psw_etherip_oui_pan(struct psw_switch *sw,
					 struct sk_buff *skb,
					 struct psw_pan **pan);
enum psw_drop_reason psw_etherip_oui_tx(struct psw_pan *pan,
					struct sk_buff *skb);
enum psw_drop_reason psw_etherip_oui_rx(struct psw_pan *pan,
					struct sk_buff *skb);

/* mcast_share.c: a PAN's inter-tenant multicast rules */
int psw_mshare_parse(struct psw_pan *pan, const struct nlattr *nest,
		     struct psw_mshare_rule *r, struct netlink_ext_ack *extack);
int psw_mshare_change(struct psw_pan *pan, const struct psw_mshare_rule *add,
		      const struct psw_mshare_rule *del,
		      struct psw_mshare **out, struct netlink_ext_ack *extack);
void psw_mshare_publish(struct psw_pan *pan, struct psw_mshare *ms);
void psw_mshare_abort(struct psw_mshare *ms);
bool psw_mshare_targeted(const struct psw_pan *pan);
int psw_mshare_fill(struct sk_buff *skb, const struct psw_pan *pan);
unsigned int psw_mshare_match(struct psw_pan *pan, const struct sk_buff *skb,
			      struct psw_pan **targets);

/*
 * Does trunk port @t carry @pan's frames, i.e. could it classify frames
 * into @pan? And the VLAN they leave it with (0: untagged). The packet
 * path: the PAN's counts are read with READ_ONCE().
 */
static inline bool psw_trunk_carries(const struct psw_port *t,
				     const struct psw_pan *pan)
{
	switch (t->classify) {
	case PSW_CLASSIFY_OUI:
		return READ_ONCE(pan->ntenants) && !READ_ONCE(pan->tenant_vid);
	case PSW_CLASSIFY_VLAN:
		return READ_ONCE(pan->ntenant_vlan);
	default:
		return READ_ONCE(pan->ntenants);
	}
}

/*
 * Has @pan a port on its switch to deliver its frames to: a vm port, or a
 * trunk port that carries it? Its multicast group's membership and
 * arrivals follow this (mcast.c). RCU or RTNL.
 */
static inline bool psw_pan_has_port(const struct psw_pan *pan)
{
	const struct psw_port *t;

	if (!list_empty(&pan->ports) || !list_empty(&pan->sw->teps))
		return true;
	list_for_each_entry_rcu(t, &pan->sw->trunks, trunk_node,
				lockdep_rtnl_is_held())
		if (psw_trunk_carries(t, pan))
			return true;
	return false;
}

static inline u16 psw_trunk_vid(const struct psw_port *t,
				const struct psw_pan *pan)
{
	return t->classify == PSW_CLASSIFY_OUI ? 0 : READ_ONCE(pan->tenant_vid);
}

/* tep.c: the VNID tag toward a tunnel end point (seed 002) */
int psw_tep_tpid_check(u16 tpid, struct netlink_ext_ack *extack,
		       const struct nlattr *attr);
int psw_tep_push(const struct psw_port *out, const struct psw_pan *pan,
		 struct sk_buff *skb);
enum psw_drop_reason psw_tep_classify(const struct psw_port *in,
				      struct sk_buff *skb,
				      struct psw_pan **pan);

/* pan.c: PANs */
struct psw_pan *psw_pan_find(const struct psw_switch *sw, u32 id);
int psw_pan_add(struct psw_switch *sw, u32 id, struct netlink_ext_ack *extack);
int psw_pan_del(struct psw_pan *pan, struct netlink_ext_ack *extack);
void psw_switch_del_pans(struct psw_switch *sw);
void psw_pan_set_accept(struct psw_pan *pan, u8 accept);

/* miss.c: what a PAN does with a frame to a MAC with no entry */
struct psw_miss_pcpu __percpu *psw_miss_stats_alloc(void);
u8 psw_miss(struct psw_pan *pan, const struct psw_anycast **gw);
void psw_pan_set_miss(struct psw_pan *pan, u8 miss);
int psw_miss_fill(struct sk_buff *skb, const struct psw_pan *pan);
void psw_miss_count(struct psw_pan *pan, size_t field);
#define psw_miss_inc(pan, field) \
	psw_miss_count(pan, offsetof(struct psw_miss_pcpu, field))
/* What a miss event says of its frame, read before the frame is held. */
struct psw_miss_info {
	u8 src[ETH_ALEN];
	u8 dst[ETH_ALEN];
	u8 family;			/* of @ip; 0: none */
	union psw_ip ip;
};

void psw_miss_info_get(const struct sk_buff *skb, struct psw_miss_info *info);
int psw_miss_event(struct psw_pan *pan, const struct psw_port *in,
		   const struct psw_miss_info *info);

/* hold.c: a PAN's hold queue (miss notify) */
void psw_hold_init(struct psw_pan *pan);
void psw_hold_destroy(struct psw_pan *pan);
void psw_hold_frame(struct psw_pan *pan, const struct psw_port *in,
		    struct sk_buff *skb);
void psw_hold_arrival(struct psw_pan *pan, struct sk_buff *skb);
void psw_hold_event(struct psw_pan *pan, const struct psw_port *in,
		    const struct sk_buff *skb);
void psw_hold_release(struct psw_pan *pan, const u8 *mac);
void psw_hold_release_all(struct psw_pan *pan);
void psw_hold_flush_port(struct psw_port *port);
void psw_hold_set(struct psw_pan *pan, const u32 *frames, const u32 *dests,
		  const u32 *time_ms);
int psw_hold_fill(struct sk_buff *skb, const struct psw_pan *pan);

/* event.c: the events group (PSW_MCGRP_EVENTS), for misses and moves */
bool psw_event_has_listeners(const struct net *net);
struct sk_buff *psw_event_new(size_t payload, u8 cmd, void **hdr);
int psw_event_send(struct net *net, struct sk_buff *skb, void *hdr);

/* neigh.c: the PANs' neighbour tables (ARP/ND proxy) */
int psw_neigh_init(struct psw_switch *sw);
void psw_neigh_destroy(struct psw_switch *sw);
void psw_neigh_key(struct psw_neigh_key *key, u32 pan, u8 family,
		   const void *ip);
struct psw_neigh *psw_neigh_lookup(const struct psw_switch *sw,
				   const struct psw_neigh_key *key);
struct psw_neigh *psw_neigh_find(const struct psw_switch *sw, u32 pan,
				 u8 family, const void *ip);
bool psw_neigh_ip_ok(u8 family, const void *ip, struct netlink_ext_ack *extack,
		     const struct nlattr *attr);
int psw_neigh_add(struct psw_pan *pan, u8 family, const void *ip,
		  const u8 *mac, bool replace, struct netlink_ext_ack *extack);
void psw_neigh_del(struct psw_neigh *n);
void psw_pan_flush_neighs(struct psw_pan *pan, bool notify);

/*
 * An ARP message for Ethernet and IPv4, as on the wire: what port
 * security checks (policy.c) and the proxy answers (proxy.c).
 */
struct psw_arp {
	struct arphdr hdr;
	u8 sha[ETH_ALEN];
	__be32 sip;
	u8 tha[ETH_ALEN];
	__be32 tip;
} __packed;

/* Is @h the header of an ARP message for Ethernet and IPv4? */
static inline bool psw_arp_eth_ip4(const struct arphdr *h)
{
	return h->ar_hrd == htons(ARPHRD_ETHER) &&
	       h->ar_pro == htons(ETH_P_IP) &&
	       h->ar_hln == ETH_ALEN && h->ar_pln == 4;
}

/* proxy.c: the ARP/ND proxy, answering from the neighbour table */
enum psw_proxy_verdict {
	PSW_PROXY_PASS,		/* not a request it answers: forward as usual */
	PSW_PROXY_REPLY,	/* answered: send the reply, consume the request */
	PSW_PROXY_MISS,		/* a request for an unknown address (counted) */
	PSW_PROXY_NOMEM,	/* answerable, but no memory for the reply */
};

struct psw_proxy_pcpu __percpu *psw_proxy_stats_alloc(void);
enum psw_proxy_verdict psw_proxy_rx(struct psw_pan *pan,
				    struct net_device *dev,
				    struct sk_buff *skb,
				    struct sk_buff **reply);
void psw_pan_set_proxy(struct psw_pan *pan, bool on);
int psw_proxy_fill(struct sk_buff *skb, const struct psw_pan *pan);

/* learn.c: learned entries, their ageing and moves */
struct psw_learn_pcpu __percpu *psw_learn_stats_alloc(void);
void psw_learn_init_switch(struct psw_switch *sw);
void psw_learn_stop(struct psw_switch *sw);
void psw_learn(struct psw_pan *pan, const u8 *mac,
	       const struct psw_remote *from);
void psw_learn_set(struct psw_pan *pan, const u8 *learning,
		   const u32 *ageing, const u32 *learn_max);
int psw_learn_check_max(struct psw_pan *pan, u32 max,
			struct netlink_ext_ack *extack,
			const struct nlattr *attr);
int psw_learn_fill(struct sk_buff *skb, const struct psw_pan *pan);
int psw_learn_fill_entry(struct sk_buff *skb, const struct psw_entry *e);

/* anycast.c: a PAN's anycast gateway */
const struct psw_anycast *psw_anycast_get(const struct psw_pan *pan);
struct psw_anycast *psw_anycast_prepare(struct psw_pan *pan, const u8 *mac,
					const struct psw_remote *r,
					struct netlink_ext_ack *extack);
void psw_anycast_abort(struct psw_pan *pan, struct psw_anycast *gw);
void psw_anycast_publish(struct psw_pan *pan, struct psw_anycast *gw);
int psw_anycast_check(struct psw_pan *pan, const u8 *mac,
		      struct netlink_ext_ack *extack,
		      const struct nlattr *attr);
int psw_anycast_fill(struct sk_buff *skb, const struct psw_pan *pan);

/* mcast.c: a PAN's underlay IP multicast group */
const struct psw_mcast *psw_mcast_get(const struct psw_pan *pan);
int psw_mcast_parse(struct psw_pan *pan, const struct nlattr *nest,
		    struct psw_mcast **mc, struct netlink_ext_ack *extack);
void psw_mcast_abort(struct psw_mcast *mc);
void psw_mcast_publish(struct psw_pan *pan, struct psw_mcast *mc);
int psw_mcast_fill(struct sk_buff *skb, const struct psw_pan *pan);
struct psw_mcast_pcpu __percpu *psw_mcast_stats_alloc(void);
void psw_mcast_sync(struct psw_pan *pan);
void psw_mcast_sync_switch(struct psw_switch *sw);
void psw_mcast_rejoin(struct psw_switch *sw);
enum psw_drop_reason psw_mcast_xmit(struct psw_pan *pan,
				    const struct psw_port *in,
				    struct sk_buff *skb);
enum psw_drop_reason psw_mcast_rx(struct psw_pan *pan, u8 family,
				  const union psw_ip *dst, u8 encap);
void psw_mcast_rx_count(struct psw_pan *pan);

/* pan_addr.c: a PAN's own addresses, per namespace */
struct psw_pan *psw_pan_by_addr(const struct net *net, u8 family,
				const union psw_ip *ip);
int psw_pan_addrs_init(struct psw_net *pn);
void psw_pan_addrs_destroy(struct psw_net *pn);
int psw_pan_check_addr(struct psw_pan *pan, u8 family, const union psw_ip *ip,
		       struct netlink_ext_ack *extack);
int psw_pan_set_addr(struct psw_pan *pan, u8 family, const union psw_ip *ip,
		     struct netlink_ext_ack *extack);
bool psw_is_pan_addr(const struct net *net, u8 family, const union psw_ip *ip);
void psw_pan_addr_del(struct psw_pan *pan, int idx);

/* flood.c: flood lists */
struct psw_flood *psw_flood_find(struct psw_pan *pan, bool uplink,
				 const struct psw_remote *r);
int psw_flood_add(struct psw_pan *pan, bool uplink, const struct psw_remote *r,
		  struct netlink_ext_ack *extack);
void psw_flood_del(struct psw_pan *pan, struct psw_flood *f);
void psw_flood_flush(struct psw_pan *pan);

/* table.c */
int psw_table_init(struct psw_switch *sw);
void psw_table_destroy(struct psw_switch *sw);
int psw_entry_cache_init(void);
void psw_entry_cache_exit(void);
struct psw_entry *psw_entry_alloc(gfp_t gfp);
void psw_entry_free(struct psw_entry *e);
struct psw_entry *psw_entry_lookup(const struct psw_switch *sw, u32 pan,
				   const u8 *mac);
struct psw_entry *psw_entry_find(const struct psw_switch *sw, u32 pan,
				 const u8 *mac);
/* What an entry is made of, besides its key. */
struct psw_entry_args {
	u8 mode;			/* enum psw_mode */
	u8 origin;			/* enum psw_origin */
	struct psw_port *port;		/* local */
	const u8 *ext;			/* xlate, or local with one; or NULL */
	const struct psw_remote *remote; /* encap, else NULL */
};

int psw_entry_add(struct psw_pan *pan, const u8 *mac,
		  const struct psw_entry_args *a, bool replace,
		  struct netlink_ext_ack *extack);
bool psw_entry_del(struct psw_entry *e);
/* What psw_entry_learn() did with an arrival's source MAC. */
enum psw_learn_res {
	PSW_LEARN_NONE,		/* nothing (PAN going, remote not configured,
				 * no memory)
				 */
	PSW_LEARN_NEW,		/* a new learned entry */
	PSW_LEARN_SAME,		/* already there (refreshed if learned) */
	PSW_LEARN_MOVED,	/* its learned entry moved to the sender */
	PSW_LEARN_STATIC,	/* a static entry elsewhere: left alone */
	PSW_LEARN_LIMIT,	/* learn-max or max-entries reached */
	PSW_LEARN_FROZEN,	/* a move refused by damping */
};

/* Where a moved entry was, and the move's number. */
struct psw_learn_move {
	struct psw_remote from;
	u64 seq;
};

enum psw_learn_res psw_entry_learn(struct psw_pan *pan, const u8 *mac,
				   const struct psw_remote *from,
				   struct psw_entry *e,
				   struct psw_learn_move *moved);
bool psw_entry_age(struct psw_entry *e);
void psw_entry_learned_gone(struct psw_switch *sw, struct psw_entry *e);
void psw_table_set_max(struct psw_switch *sw, unsigned int max);
void psw_pan_flush_entries(struct psw_pan *pan, bool notify);
void psw_port_flush_entries(struct psw_port *port, bool notify);
int psw_table_sync_holds(struct psw_switch *sw, struct net_device *dev,
			 bool add);
struct psw_entry *psw_rev_lookup(const struct psw_switch *sw, const u8 *ext);
struct psw_entry *psw_rev_find(const struct psw_switch *sw, const u8 *ext);
const u8 *psw_xlate_mac(const struct psw_switch *sw, u32 pan, const u8 *mac,
			bool to_ext);

/* trust.c: the remotes each PAN accepts arrivals from */
int psw_trust_init(struct psw_switch *sw);
void psw_trust_destroy(struct psw_switch *sw);
int psw_trust_get(struct psw_switch *sw, u32 pan, struct psw_remote *r,
		  struct netlink_ext_ack *extack);
void psw_trust_put(struct psw_switch *sw, u32 pan, const struct psw_remote *r);
int psw_trust_learn_get(struct psw_switch *sw, u32 pan, struct psw_remote *r);
void psw_trust_learn_put(struct psw_switch *sw, u32 pan,
			 const struct psw_remote *r);
void psw_trust_reset_routes(struct psw_switch *sw);
bool psw_trust_lookup(const struct psw_switch *sw, u32 pan, u8 family,
		      const union psw_ip *ip);
bool psw_trust_has_addr(struct psw_switch *sw, u8 family,
			const union psw_ip *ip);

/* forward.c */
rx_handler_result_t psw_handle_frame(struct sk_buff **pskb);
void psw_vm_resume(const struct psw_port *in, struct psw_pan *pan,
		   struct sk_buff *skb);
void psw_arrival_resume(struct psw_pan *pan, struct sk_buff *skb);
void psw_tunnel_rx(struct psw_pan *pan, struct sk_buff *skb,
		   const struct psw_remote *from);
void psw_tunnel_drop(struct psw_switch *sw, struct sk_buff *skb,
		     enum psw_drop_reason reason);

/* xlate.c: MACs carried in ARP, RARP and IPv6 ND payloads */
static inline bool psw_xlate_has_payload(const struct sk_buff *skb)
{
	return skb->protocol == htons(ETH_P_ARP) ||
	       skb->protocol == htons(ETH_P_RARP) ||
	       skb->protocol == htons(ETH_P_IPV6);
}

int psw_xlate_payload(struct sk_buff *skb, const struct psw_switch *sw,
		      u32 pan, bool to_ext);
void psw_xlate_announce(struct psw_switch *sw, const u8 *ext);

/* encap.c: sending through a tunnel */
enum psw_drop_reason psw_encap_xmit_probe(struct psw_switch *sw, u8 family,
					  const union psw_ip *dst, u8 encap,
					  struct sk_buff *skb);
enum psw_drop_reason psw_encap_xmit(const struct psw_port *in,
				    struct psw_pan *pan,
				    const struct psw_remote *r,
				    struct sk_buff *skb);
enum psw_drop_reason psw_encap_xmit_ttl(const struct psw_port *in,
					struct psw_pan *pan,
					const struct psw_remote *r, u8 ttl,
					struct sock *sk, struct sk_buff *skb);

/* decap.c, decap_{vxlan,nvgre,etherip}.c: receiving from a tunnel */
int psw_decap_init(void);
void psw_decap_exit(void);
int psw_decap_update(struct psw_switch *sw, const struct psw_underlay *u,
		     struct netlink_ext_ack *extack);
void psw_decap_release(struct psw_switch *sw, struct list_head *kill);
void psw_decap_stop(struct psw_switch *sw);
void psw_nvgre_notifier(struct net_device *dev, unsigned long event);

/* stats.c */
struct psw_pcpu_stats __percpu *psw_stats_alloc(void);
void psw_stats_read(struct psw_pcpu_stats __percpu *pcpu,
		    struct psw_stats *sum);
void psw_pan_stats_read(const struct psw_pan *pan, struct psw_stats *sum);
void psw_pan_port_gone(struct psw_pan *pan, const struct psw_port *port);
int psw_stats_fill_sum(struct sk_buff *skb, const struct psw_stats *sum);
int psw_stats_fill(struct sk_buff *skb, struct psw_pcpu_stats __percpu *pcpu);
enum skb_drop_reason psw_skb_drop_reason(enum psw_drop_reason reason);

/*
 * Free a frame panswitch drops under @reason (counted by the caller), with
 * the kernel's closest drop reason: the skb:kfree_skb tracepoint, perf and
 * dropwatch then show the caller as the location. Inline so that the
 * location is the dropping function, not this helper.
 */
static inline void psw_kfree_skb(struct sk_buff *skb,
				 enum psw_drop_reason reason)
{
	kfree_skb_reason(skb, psw_skb_drop_reason(reason));
}

/*
 * nl_core.c. A notification is built under RTNL or the RCU read lock, and
 * allocated with @gfp (GFP_ATOMIC from softirq).
 */
int psw_genl_init(void);
void psw_genl_exit(void);
bool psw_notify_listening(const struct psw_switch *sw);
void psw_notify_switch(struct psw_switch *sw, u8 cmd, gfp_t gfp);
void psw_notify_port(struct psw_port *port, u8 cmd, gfp_t gfp);
void psw_notify_pan(struct psw_pan *pan, u8 cmd, gfp_t gfp);
void psw_notify_entry(struct psw_entry *e, u8 cmd, gfp_t gfp);
void psw_notify_neigh(struct psw_neigh *n, u8 cmd, gfp_t gfp);
void psw_notify_tenant(struct psw_tenant *t, u8 cmd, gfp_t gfp);
void psw_notify_mcast(struct psw_pan *pan, const struct psw_mgroup *g,
		      u8 cmd);

/* Counting, on the packet path (BH context, this CPU's counters). */
static inline void psw_stats_rx(struct psw_pcpu_stats __percpu *pcpu,
				unsigned int len)
{
	struct psw_pcpu_stats *s = this_cpu_ptr(pcpu);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->rx_packets);
	u64_stats_add(&s->rx_bytes, len);
	u64_stats_update_end(&s->syncp);
}

static inline void psw_stats_tx(struct psw_pcpu_stats __percpu *pcpu,
				unsigned int len)
{
	struct psw_pcpu_stats *s = this_cpu_ptr(pcpu);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->tx_packets);
	u64_stats_add(&s->tx_bytes, len);
	u64_stats_update_end(&s->syncp);
}

static inline void psw_stats_flood(struct psw_pcpu_stats __percpu *pcpu)
{
	struct psw_pcpu_stats *s = this_cpu_ptr(pcpu);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->flooded);
	u64_stats_update_end(&s->syncp);
}

/* Counters of one mode; @field is xlate_tx, xlate_rx, encap_tx or encap_rx. */
#define psw_stats_mode(pcpu, field) do {				\
	struct psw_pcpu_stats *__s = this_cpu_ptr(pcpu);		\
									\
	u64_stats_update_begin(&__s->syncp);				\
	u64_stats_inc(&__s->field);					\
	u64_stats_update_end(&__s->syncp);				\
} while (0)

static inline void psw_stats_drop(struct psw_pcpu_stats __percpu *pcpu,
				  enum psw_drop_reason reason)
{
	struct psw_pcpu_stats *s = this_cpu_ptr(pcpu);

	u64_stats_update_begin(&s->syncp);
	u64_stats_inc(&s->drops[reason]);
	u64_stats_update_end(&s->syncp);
}

#endif /* _PSW_PSW_H */
