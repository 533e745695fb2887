// SPDX-License-Identifier: GPL-2.0
/*
 * The packet path. Runs as the rx_handler of every port and from the
 * tunnel receive handlers (decap.c), under the RCU read lock, and takes no
 * lock (see psw.h).
 *
 * A frame from a vm port enters only if psw_port_admit() (policy.c) lets
 * it: untagged, from one of the port's MACs (port security), to no IEEE
 * link-local address (LLDP may be allowed, to the PAN's vm ports only).
 * A frame from a trunk port gets its PAN from the tenant map (OUI and/or
 * VLAN, tenant.c), one from a tep port from its VNID tag (tep.c); both
 * are counted on that PAN too. A frame from an isolated vm port goes
 * out of the uplink alone, tagged with the port's VLAN of the pool
 * (isolate.c), whatever its destination. Otherwise it is looked up by
 * {frame's PAN, destination MAC}:
 *   local entry    -> transmitted unchanged on the entry's port;
 *   xlate entry    -> MACs translated to external ones, sent on the uplink;
 *   encap entry    -> encapsulated toward the entry's remote (encap.c);
 *   drop entry     -> dropped;
 *   broadcast/multicast destination -> flooded to the PAN's other vm
 *                     ports, the trunk ports that carry it, the PAN's
 *                     flood list and, if it has one, as one copy to its
 *                     multicast group (mcast.c);
 *   no entry       -> the PAN's miss policy (miss.c): flooded like a
 *                     broadcast (the default), dropped, held until its
 *                     entry comes (hold.c, with a miss event), or sent to
 *                     the PAN's anycast gateway with the anycast MAC as
 *                     its destination (anycast.c).
 * Before that, with the PAN's ARP/ND proxy on, an ARP request or IPv6
 * neighbour solicitation for an address in the PAN's neighbour table is
 * answered by the switch (proxy.c) and goes no further; one for an
 * address not in it follows the miss policy as far as a broadcast can
 * (psw_vm_neigh_miss()).
 * A frame from the uplink, on the uplink's VLAN, is the switch's only if
 * its destination is a local VM's external MAC, or it is
 * broadcast/multicast from a remote VM's external MAC; it is translated
 * back and delivered or flooded to the PAN's vm ports (and the trunk
 * ports that carry it). A frame from the
 * switch's external MAC range that is not the switch's is dropped: no
 * tenant frame reaches the host stack. Everything else on the uplink goes
 * up to the host stack.
 * A frame on the uplink tagged with a VLAN of the isolated ports' pool
 * goes, untagged, to the isolated port holding that VLAN and nowhere else.
 * A frame from a tunnel (a PAN's multicast group's included) goes to its
 * local entry, or is flooded to the PAN's vm ports and the trunk ports
 * that carry it. Arrivals are never sent on to the flood list or a
 * multicast group (split horizon).
 * Frames never leave their PAN: the only ports considered are the PAN's.
 */
#include <linux/if_vlan.h>

#include "psw.h"

/*
 * Where a frame is accounted: its ingress port (NULL for a tunnel arrival,
 * which counts on the switch) and its PAN (NULL while unknown). A frame
 * of a vm port is counted once, on the port: its PAN's counters include
 * its vm ports' (psw_pan_stats_read()), so @pan_stats, the PAN's own
 * counters, is NULL for it; for a frame of a trunk port (whose frames
 * belong to many PANs) or an arrival on the uplink or a tunnel it is its
 * PAN's, once known.
 */
struct psw_ctx {
	struct psw_switch *sw;
	const struct psw_port *in;
	struct psw_pan *pan;
	struct psw_pcpu_stats __percpu *pan_stats;
	u16 iso_vid;		/* from an isolated port: its VLAN */
	bool iso_rx;		/* from the uplink on a pool VLAN */
};

static struct psw_pcpu_stats __percpu *psw_in_stats(const struct psw_ctx *c)
{
	return c->in ? c->in->stats : c->sw->stats;
}

/* Count a dropped frame on its ingress port (or switch) and its PAN. */
static void psw_count_drop(const struct psw_ctx *c,
			   enum psw_drop_reason reason)
{
	psw_stats_drop(psw_in_stats(c), reason);
	if (c->pan_stats)
		psw_stats_drop(c->pan_stats, reason);
}

static void psw_drop(const struct psw_ctx *c, struct sk_buff *skb,
		     enum psw_drop_reason reason)
{
	psw_count_drop(c, reason);
	psw_kfree_skb(skb, reason);
}

/*
 * Is @port up with its carrier (netif_running() && netif_carrier_ok())?
 * One read of the device's state word for both bits: this runs for every
 * frame, before dev_queue_xmit(), so that a frame to a port that is down
 * is dropped port_down rather than tx_error.
 */
static bool psw_port_can_tx(const struct psw_port *port)
{
	unsigned long state = READ_ONCE(port->dev->state);

	return (state & (BIT(__LINK_STATE_START) |
			 BIT(__LINK_STATE_NOCARRIER))) ==
	       BIT(__LINK_STATE_START);
}

/* Transmit @skb (Ethernet header pushed) on @out. Consumes @skb. */
static void psw_xmit(const struct psw_ctx *c, const struct psw_port *out,
		     struct sk_buff *skb)
{
	bool trunk = out->role == PSW_PORT_ROLE_TRUNK ||
		     out->role == PSW_PORT_ROLE_TEP;
	unsigned int len = skb->len;
	u16 vid = out->vid;
	int rc;

	if (unlikely(!is_skb_forwardable(out->dev, skb))) {
		psw_drop(c, skb, PSW_DROP_TOO_BIG);
		return;
	}
	/*
	 * A VM never gets a tag; the uplink exactly its own (or none); a
	 * trunk the VLAN of the frame's PAN in the tenant map (or none).
	 */
	if (unlikely(out->role == PSW_PORT_ROLE_TRUNK))
		vid = psw_trunk_vid(out, c->pan);
	else if (unlikely(c->iso_vid))
		vid = c->iso_vid;	/* an isolated port's, to the uplink */
	if (vid)
		__vlan_hwaccel_put_tag(skb, htons(ETH_P_8021Q), vid);
	else
		__vlan_hwaccel_clear_tag(skb);
	/* A tep port: the PAN's VNID tag (tep.c). */
	if (out->role == PSW_PORT_ROLE_TEP &&
	    unlikely(psw_tep_push(out, c->pan, skb))) {
		psw_drop(c, skb, PSW_DROP_NOMEM);
		return;
	}
	skb_forward_csum(skb);
	skb->dev = out->dev;
	/* net_xmit_eval() evaluates its argument twice: never pass a call. */
	rc = dev_queue_xmit(skb);
	if (unlikely(net_xmit_eval(rc))) {
		psw_count_drop(c, PSW_DROP_TX_ERROR);
		return;
	}
	/*
	 * A PAN's tx_packets are its vm ports' (psw_pan_stats_read()) and,
	 * for a trunk's frames, its own.
	 */
	psw_stats_tx(out->stats, len);
	if (unlikely(trunk))
		psw_stats_tx(c->pan->stats, len);
}

static void psw_deliver(const struct psw_ctx *c, const struct psw_port *out,
			struct sk_buff *skb)
{
	if (unlikely(out == c->in)) {
		psw_drop(c, skb, PSW_DROP_HAIRPIN);
		return;
	}
	/* An isolated port takes frames from the uplink on its VLAN only. */
	if (unlikely(READ_ONCE(out->iso_vid) && !c->iso_rx)) {
		psw_drop(c, skb, PSW_DROP_ISOLATED);
		return;
	}
	if (unlikely(!psw_port_can_tx(out))) {
		psw_drop(c, skb, PSW_DROP_PORT_DOWN);
		return;
	}
	psw_xmit(c, out, skb);
}

/*
 * A frame of an isolated port (isolate.c): never switched locally, it
 * leaves through the uplink unchanged, tagged with the port's VLAN
 * (psw_xmit(), c->iso_vid), for the edge to switch. The PAN's entries,
 * proxy and miss policy are not consulted.
 */
static void psw_isolated_out(const struct psw_ctx *c, struct sk_buff *skb)
{
	const struct psw_port *uplink = rcu_dereference(c->sw->uplink);

	if (unlikely(!uplink || !psw_port_can_tx(uplink))) {
		psw_drop(c, skb, PSW_DROP_ISOLATED_NO_UPLINK);
		return;
	}
	psw_xmit(c, uplink, skb);
}

/*
 * Frames from vm and trunk ports only: counted on the port, so in its PAN,
 * and a trunk's on its PAN too.
 */
static void psw_count_mode_tx(const struct psw_ctx *c, bool xlate)
{
	if (xlate) {
		psw_stats_mode(c->in->stats, xlate_tx);
		if (c->pan_stats)
			psw_stats_mode(c->pan_stats, xlate_tx);
	} else {
		psw_stats_mode(c->in->stats, encap_tx);
		if (c->pan_stats)
			psw_stats_mode(c->pan_stats, encap_tx);
	}
}

/*
 * Send a frame of a vm port out of the uplink, translated: destination to
 * @dst_ext (NULL: a broadcast or multicast destination, kept), source to
 * the sending port's external MAC, and the MACs in ARP and ND payloads.
 * The source is the port's own external MAC, never one looked up by the
 * frame's source: a VM cannot send as another VM's external MAC, even
 * with port security off.
 */
static void psw_xlate_out(const struct psw_ctx *c, const u8 *dst_ext,
			  struct sk_buff *skb)
{
	const struct psw_port *uplink = rcu_dereference(c->sw->uplink);
	const u8 *src_ext = c->in->ext;
	struct ethhdr *eth;
	int err;

	if (unlikely(!uplink || !psw_port_can_tx(uplink))) {
		psw_drop(c, skb, PSW_DROP_NO_UPLINK);
		return;
	}
	if (unlikely(is_zero_ether_addr(src_ext))) {
		psw_drop(c, skb, PSW_DROP_NO_EXT_MAC);
		return;
	}
	if (unlikely(skb_ensure_writable(skb, ETH_HLEN))) {
		psw_drop(c, skb, PSW_DROP_NOMEM);
		return;
	}
	eth = eth_hdr(skb);
	ether_addr_copy(eth->h_source, src_ext);
	if (dst_ext)
		ether_addr_copy(eth->h_dest, dst_ext);
	if (unlikely(psw_xlate_has_payload(skb))) {
		err = psw_xlate_payload(skb, c->sw, c->pan->id, true);
		if (unlikely(err)) {
			psw_drop(c, skb, err == -ENOMEM ? PSW_DROP_NOMEM :
						       PSW_DROP_BAD_PAYLOAD);
			return;
		}
	}
	psw_count_mode_tx(c, true);
	psw_xmit(c, uplink, skb);
}

static void psw_encap(const struct psw_ctx *c, const struct psw_remote *r,
		      struct sk_buff *skb)
{
	enum psw_drop_reason reason;

	reason = psw_encap_xmit(c->in, c->pan, r, skb);
	if (unlikely(reason)) {
		psw_count_drop(c, reason);
		return;
	}
	psw_count_mode_tx(c, false);
}

/*
 * One copy to each member of the PAN's flood list (frames from vm ports
 * only). The uplink gets broadcast and multicast frames only: an unknown
 * unicast destination is an internal MAC, which never goes on the
 * physical network. Returns whether any copy went.
 */
static bool psw_flood_remote(const struct psw_ctx *c, struct sk_buff *skb)
{
	bool mcast = is_multicast_ether_addr(eth_hdr(skb)->h_dest);
	const struct psw_flood *f;
	struct sk_buff *copy;
	bool sent = false;

	list_for_each_entry_rcu(f, &c->pan->flood, node) {
		if (f->uplink && !mcast)
			continue;
		/*
		 * The VXLAN source port hashes the inner flow: dissect it
		 * once on the original, and every clone inherits the hash,
		 * instead of once per copy.
		 */
		if (!f->uplink && f->remote.encap == PSW_ENCAP_VXLAN)
			skb_get_hash(skb);
		copy = skb_clone(skb, GFP_ATOMIC);
		if (unlikely(!copy)) {
			psw_count_drop(c, PSW_DROP_NOMEM);
			continue;
		}
		if (f->uplink)
			psw_xlate_out(c, NULL, copy);
		else
			psw_encap(c, &f->remote, copy);
		sent = true;
	}
	return sent;
}

/*
 * The one copy of a flooded frame to the PAN's multicast group, if it has
 * one (seed 000 FIG. 6; mcast.c). Frames from vm and trunk ports only. The
 * flood list's members get theirs too (see psw_flood_remote()). Returns
 * whether it went.
 */
static bool psw_flood_group(const struct psw_ctx *c, struct sk_buff *skb)
{
	enum psw_drop_reason reason;
	struct sk_buff *copy;

	if (!rcu_access_pointer(c->pan->mcast))
		return false;
	copy = skb_clone(skb, GFP_ATOMIC);
	if (unlikely(!copy)) {
		psw_count_drop(c, PSW_DROP_NOMEM);
		return false;
	}
	reason = psw_mcast_xmit(c->pan, c->in, copy);
	if (unlikely(reason)) {
		psw_count_drop(c, reason);
		return false;
	}
	psw_count_mode_tx(c, false);
	return true;
}

/*
 * A flood's next port @port: the previous one, *@prev, gets a copy, and
 * @port becomes the previous one (the last gets the original).
 */
static void psw_flood_to(const struct psw_ctx *c, const struct psw_port *port,
			 const struct psw_port **prev, struct sk_buff *skb)
{
	struct sk_buff *copy;

	if (port == c->in || !psw_port_can_tx(port) ||
	    READ_ONCE(port->iso_vid))
		return;
	if (*prev) {
		copy = skb_clone(skb, GFP_ATOMIC);
		if (copy)
			psw_xmit(c, *prev, copy);
		else
			psw_count_drop(c, PSW_DROP_NOMEM);
	}
	*prev = port;
}

/*
 * Inter-tenant multicast (mcast_share.c): one copy of a frame of the PAN
 * to a group its rules share into each target PAN's vm ports and the
 * trunks that carry it; never further (its flood list, group, tunnels)
 * and never shared again.
 */
static void psw_flood_shared(const struct psw_ctx *c, struct sk_buff *skb)
{
	struct psw_pan *targets[PSW_MCAST_SHARE_MAX];
	const struct psw_port *port, *prev;
	unsigned int i, n;
	struct sk_buff *copy;

	n = psw_mshare_match(c->pan, skb, targets);
	for (i = 0; i < n; i++) {
		struct psw_ctx t = { .sw = c->sw, .in = c->in,
				     .pan = targets[i] };

		copy = skb_clone(skb, GFP_ATOMIC);
		if (unlikely(!copy)) {
			psw_count_drop(c, PSW_DROP_NOMEM);
			continue;
		}
		prev = NULL;
		list_for_each_entry_rcu(port, &t.pan->ports, pan_node)
			psw_flood_to(&t, port, &prev, copy);
		list_for_each_entry_rcu(port, &c->sw->trunks, trunk_node)
			if (psw_trunk_carries(port, t.pan))
				psw_flood_to(&t, port, &prev, copy);
		if (prev)
			psw_xmit(&t, prev, copy);
		else
			consume_skb(copy);
	}
}

/*
 * Flood @skb in its PAN: one copy to each other vm port that is up, to
 * each other trunk port that carries the PAN (psw_trunk_carries()) and,
 * with @remote (a frame from a vm or trunk port that may leave the host),
 * to the flood list and the PAN's multicast group. Consumes @skb.
 */
static void psw_flood(const struct psw_ctx *c, struct sk_buff *skb,
		      bool remote)
{
	const struct psw_port *port, *prev = NULL;
	bool sent = false;

	psw_stats_flood(psw_in_stats(c));
	if (c->pan_stats)
		psw_stats_flood(c->pan_stats);

	if (remote) {
		sent = psw_flood_remote(c, skb);
		sent |= psw_flood_group(c, skb);
	}
	if (unlikely(rcu_access_pointer(c->pan->mshare)))
		psw_flood_shared(c, skb);

	list_for_each_entry_rcu(port, &c->pan->ports, pan_node)
		psw_flood_to(c, port, &prev, skb);
	list_for_each_entry_rcu(port, &c->sw->trunks, trunk_node)
		if (psw_trunk_carries(port, c->pan))
			psw_flood_to(c, port, &prev, skb);
	list_for_each_entry_rcu(port, &c->sw->teps, trunk_node)
		psw_flood_to(c, port, &prev, skb);
	if (prev)
		psw_xmit(c, prev, skb);
	else if (sent)
		consume_skb(skb);
	else
		psw_drop(c, skb, PSW_DROP_NO_DEST);
}

/*
 * The PAN of a frame from vm or trunk port @c->in, found once per frame
 * (DOC: Locking in psw.h), and whether the frame may enter it: a vm
 * port's frame is of the port's PAN and admitted by the port's policy
 * (psw_port_admit()); a trunk's is classified by the tenant map
 * (psw_trunk_classify()) and counted on its PAN as well. RCU. Returns 0,
 * or the reason to drop the frame (c->pan set once known).
 */
static enum psw_drop_reason psw_vm_classify(struct psw_ctx *c,
					    struct sk_buff *skb)
{
	enum psw_drop_reason reason;

	if (c->in->role == PSW_PORT_ROLE_VM) {
		c->pan = rcu_dereference(c->in->pan);
		return psw_port_admit(c->in, c->pan, skb);
	}
	if (c->in->role == PSW_PORT_ROLE_TEP)
		reason = psw_tep_classify(c->in, skb, &c->pan);
	else
		reason = psw_trunk_classify(c->in, skb, &c->pan);
	if (c->pan)
		c->pan_stats = c->pan->stats;
	return reason;
}

/*
 * Seed 004: a miss goes to the PAN's anycast gateway with the anycast MAC
 * as its destination: out of the uplink, translated like an xlate frame
 * (the source becomes the sender's external MAC), or encapsulated to the
 * gateway's remote. Only unicast frames come here.
 */
static void psw_anycast_out(const struct psw_ctx *c,
			    const struct psw_anycast *gw, struct sk_buff *skb)
{
	if (gw->uplink) {
		psw_xlate_out(c, gw->mac, skb);
		return;
	}
	if (unlikely(skb_ensure_writable(skb, ETH_HLEN))) {
		psw_drop(c, skb, PSW_DROP_NOMEM);
		return;
	}
	ether_addr_copy(eth_hdr(skb)->h_dest, gw->mac);
	psw_encap(c, &gw->remote, skb);
}

/*
 * A unicast frame from a vm port to a MAC with no entry: its PAN's miss
 * policy says what to do (miss.c counts it).
 */
static void psw_vm_miss(const struct psw_ctx *c, struct sk_buff *skb)
{
	const struct psw_anycast *gw;

	switch (psw_miss(c->pan, &gw)) {
	case PSW_MISS_DROP:
		psw_drop(c, skb, PSW_DROP_MISS);
		return;
	case PSW_MISS_ANYCAST:
		psw_anycast_out(c, gw, skb);
		return;
	case PSW_MISS_NOTIFY:
		psw_hold_frame(c->pan, c->in, skb);
		return;
	default:
		psw_flood(c, skb, true);
		return;
	}
}

/* A unicast frame of a vm port: by its entry, or the miss policy. */
static void psw_vm_unicast(const struct psw_ctx *c, struct sk_buff *skb)
{
	const struct psw_entry *e;

	e = psw_entry_lookup(c->sw, c->pan->id, eth_hdr(skb)->h_dest);
	if (!e) {
		psw_vm_miss(c, skb);
		return;
	}
	switch (e->mode) {
	case PSW_MODE_LOCAL:
		psw_deliver(c, e->port, skb);
		return;
	case PSW_MODE_XLATE:
		psw_xlate_out(c, e->ext, skb);
		return;
	case PSW_MODE_ENCAP:
		psw_encap(c, &e->remote, skb);
		return;
	case PSW_MODE_HOLD:
		psw_hold_frame(c->pan, c->in, skb);
		return;
	case PSW_MODE_DROP:
	default:
		psw_drop(c, skb, PSW_DROP_ENTRY_DROP);
		return;
	}
}

/*
 * A frame of a vm port, admitted and counted, by its destination: flooded
 * if broadcast or multicast, else by its entry, else by the PAN's miss
 * policy. Data at the Ethernet header. Consumes @skb.
 */
static void psw_vm_forward(const struct psw_ctx *c, struct sk_buff *skb)
{
	const struct ethhdr *eth = eth_hdr(skb);

	if (is_multicast_ether_addr(eth->h_dest)) {
		/* Admitted link-local frames (LLDP) never leave the host. */
		psw_flood(c, skb, !is_link_local_ether_addr(eth->h_dest));
		return;
	}
	psw_vm_unicast(c, skb);
}

/*
 * An ARP request or neighbour solicitation from a vm port for an address
 * its PAN's neighbour table does not have (proxy.c counted it proxy_miss):
 * the one place that decides what becomes of such a request. A unicast
 * one (a VM re-checking a cached address) goes by its entry or the miss
 * policy like any unicast frame. A broadcast or multicast one follows the
 * PAN's miss policy as far as a broadcast can, never held or rewritten:
 * drop drops it (miss_drop, PSW_DROP_MISS); notify asks the controller
 * for the address with a miss event naming it (psw_hold_event(); the
 * controller answers with a neighbour, and the table answers the VM's
 * next request), then floods it as flood and anycast do.
 */
static void psw_vm_neigh_miss(const struct psw_ctx *c, struct sk_buff *skb)
{
	if (!is_multicast_ether_addr(eth_hdr(skb)->h_dest)) {
		psw_vm_unicast(c, skb);
		return;
	}
	switch (READ_ONCE(c->pan->miss)) {
	case PSW_MISS_DROP:
		psw_miss_inc(c->pan, drop);
		psw_drop(c, skb, PSW_DROP_MISS);
		return;
	case PSW_MISS_NOTIFY:
		psw_miss_inc(c->pan, notify);
		psw_hold_event(c->pan, c->in, skb);
		break;
	default:
		break;
	}
	psw_flood(c, skb, true);
}

/*
 * The PAN's ARP/ND proxy is on: answer the frame from the neighbour table
 * if it is a request for a known address (proxy.c); the reply goes back
 * to the asking port only and the request goes nowhere. Returns whether
 * @skb was consumed.
 */
static bool psw_vm_proxy(const struct psw_ctx *c, struct sk_buff *skb)
{
	struct sk_buff *reply;

	switch (psw_proxy_rx(c->pan, c->in->dev, skb, &reply)) {
	case PSW_PROXY_REPLY:
		consume_skb(skb);
		psw_xmit(c, c->in, reply);
		return true;
	case PSW_PROXY_NOMEM:
		psw_drop(c, skb, PSW_DROP_NOMEM);
		return true;
	case PSW_PROXY_MISS:
		psw_vm_neigh_miss(c, skb);
		return true;
	case PSW_PROXY_PASS:
	default:
		return false;
	}
}

/**
 * psw_vm_resume() - forward a frame the hold queue held
 * @in: the vm port it came from
 * @pan: its PAN
 * @skb: the frame, Ethernet header pushed, already counted received
 *
 * The frame goes where a unicast frame of @in to its destination goes
 * now: through the entry that came (hold.c), or the PAN's miss policy.
 *
 * Context: BH, RCU read lock held. Consumes @skb.
 */
void psw_vm_resume(const struct psw_port *in, struct psw_pan *pan,
		   struct sk_buff *skb)
{
	struct psw_ctx c = { .sw = in->sw, .in = in, .pan = pan };

	if (in->role != PSW_PORT_ROLE_VM)
		c.pan_stats = pan->stats;

	if (unlikely(!(c.sw->dev->flags & IFF_UP))) {
		psw_drop(&c, skb, PSW_DROP_SWITCH_DOWN);
		return;
	}
	psw_vm_unicast(&c, skb);
}

/**
 * psw_vm_rx() - the forward decision for a frame from a vm or trunk port
 * @in: the vm or trunk port the frame arrived on
 * @skb: the frame, not shared, data after its Ethernet header
 *
 * Classifies the frame into its PAN and admits it (psw_vm_classify(): the
 * port's PAN and policy, or for a trunk the tenant map), then looks up {PAN, destination MAC}
 * in the addressing table and acts on the entry's mode: deliver on a local
 * port, translate and send on the uplink, encapsulate toward a remote, or
 * drop. A broadcast or multicast destination is flooded to the PAN's
 * other vm ports and its flood list; an unknown one follows the PAN's
 * miss policy (psw_vm_miss()). With the PAN's proxy on, ARP requests and
 * neighbour solicitations for known addresses are answered first
 * (psw_vm_proxy()). Every drop is counted on the
 * port and the PAN under its enum psw_drop_reason.
 *
 * Context: BH, RCU read lock held; takes no lock. Consumes @skb.
 */
static void psw_vm_rx(const struct psw_port *in, struct sk_buff *skb)
{
	struct psw_ctx c = { .sw = in->sw, .in = in };
	enum psw_drop_reason reason;
	const struct ethhdr *eth;

	if (unlikely(!(c.sw->dev->flags & IFF_UP))) {
		psw_drop(&c, skb, PSW_DROP_SWITCH_DOWN);
		return;
	}
	if (unlikely(skb_mac_header_len(skb) < ETH_HLEN)) {
		psw_drop(&c, skb, PSW_DROP_BAD_FRAME);
		return;
	}
	eth = eth_hdr(skb);
	if (unlikely(!is_valid_ether_addr(eth->h_source))) {
		psw_drop(&c, skb, PSW_DROP_BAD_SRC_MAC);
		return;
	}
	reason = psw_vm_classify(&c, skb);
	if (unlikely(reason)) {
		psw_drop(&c, skb, reason);
		return;
	}

	skb_push(skb, ETH_HLEN);
	psw_stats_rx(in->stats, skb->len);
	if (c.pan_stats)
		psw_stats_rx(c.pan_stats, skb->len);

	if (in->role == PSW_PORT_ROLE_VM) {
		c.iso_vid = READ_ONCE(in->iso_vid);
		if (c.iso_vid) {
			psw_isolated_out(&c, skb);
			return;
		}
	}
	if (READ_ONCE(c.pan->proxy) && psw_vm_proxy(&c, skb))
		return;
	psw_vm_forward(&c, skb);
}

/*
 * A frame on the uplink tagged with a VLAN of the pool
 * (psw_vlan_pool_takes()): untagged, it goes to the isolated port that
 * holds the VLAN (or, in its grace period, the port moved off it, for
 * its own unicast frames: psw_vlan_port()) and to no other port.
 * Counted on the uplink, and on the port's PAN once known.
 */
static void psw_isolated_rx(const struct psw_port *uplink,
			    struct sk_buff *skb)
{
	struct psw_ctx c = { .sw = uplink->sw, .in = uplink, .iso_rx = true };
	u16 vid = skb_vlan_tag_get_id(skb);
	enum psw_drop_reason reason;
	const struct psw_port *out;

	__vlan_hwaccel_clear_tag(skb);
	skb_push(skb, ETH_HLEN);
	psw_stats_rx(uplink->stats, skb->len);
	out = psw_vlan_port(c.sw, vid, eth_hdr(skb)->h_dest);
	if (!out) {
		psw_drop(&c, skb, PSW_DROP_VLAN_NO_PORT);
		return;
	}
	c.pan = rcu_dereference(out->pan);
	c.pan_stats = c.pan->stats;
	psw_stats_rx(c.pan_stats, skb->len);
	reason = psw_arrival_admit(skb);
	if (unlikely(reason)) {
		psw_drop(&c, skb, reason);
		return;
	}
	psw_deliver(&c, out, skb);
}

/*
 * Is this uplink frame the switch's? Its entry: for a unicast frame the
 * local or hold entry whose external MAC is the destination, for a broadcast or
 * multicast frame the xlate entry whose external MAC is the source.
 */
static const struct psw_entry *psw_uplink_owner(const struct psw_switch *sw,
						const struct ethhdr *eth)
{
	const struct psw_entry *e;

	if (is_multicast_ether_addr(eth->h_dest)) {
		e = psw_rev_lookup(sw, eth->h_source);
		return e && e->mode == PSW_MODE_XLATE ? e : NULL;
	}
	e = psw_rev_lookup(sw, eth->h_dest);
	return e && (e->mode == PSW_MODE_LOCAL || e->mode == PSW_MODE_HOLD) ?
	       e : NULL;
}

/* Translate a frame of @e's PAN from the physical network, and forward it. */
static void psw_uplink_rx(const struct psw_port *uplink,
			  const struct psw_entry *e, struct sk_buff *skb)
{
	struct psw_ctx c = { .sw = uplink->sw, .in = uplink, .pan = e->pan,
			     .pan_stats = e->pan->stats };
	enum psw_drop_reason reason;
	const struct psw_entry *src;
	struct ethhdr *eth;
	bool mcast;
	int err;

	/* On the uplink's VLAN (psw_uplink_vlan_ok()): the tag is done with. */
	__vlan_hwaccel_clear_tag(skb);
	skb_push(skb, ETH_HLEN);
	psw_stats_rx(uplink->stats, skb->len);
	psw_stats_rx(c.pan_stats, skb->len);

	eth = eth_hdr(skb);
	mcast = is_multicast_ether_addr(eth->h_dest);
	src = mcast ? e : psw_rev_lookup(c.sw, eth->h_source);
	if (!src || src->mode != PSW_MODE_XLATE || src->pan != c.pan) {
		psw_drop(&c, skb, PSW_DROP_UNKNOWN_SRC);
		return;
	}
	reason = psw_arrival_admit(skb);
	if (unlikely(reason)) {
		psw_drop(&c, skb, reason);
		return;
	}
	if (unlikely(skb_ensure_writable(skb, ETH_HLEN))) {
		psw_drop(&c, skb, PSW_DROP_NOMEM);
		return;
	}
	eth = eth_hdr(skb);
	ether_addr_copy(eth->h_source, src->key.mac);
	if (!mcast)
		ether_addr_copy(eth->h_dest, e->key.mac);
	if (unlikely(psw_xlate_has_payload(skb))) {
		err = psw_xlate_payload(skb, c.sw, c.pan->id, false);
		if (unlikely(err)) {
			psw_drop(&c, skb, err == -ENOMEM ? PSW_DROP_NOMEM :
							PSW_DROP_BAD_PAYLOAD);
			return;
		}
	}
	psw_stats_mode(uplink->stats, xlate_rx);
	psw_stats_mode(c.pan_stats, xlate_rx);
	if (mcast)
		psw_flood(&c, skb, false);
	else if (e->mode == PSW_MODE_HOLD)
		psw_hold_arrival(c.pan, skb);
	else
		psw_deliver(&c, e->port, skb);
}

/*
 * A frame on the uplink's VLAN from the switch's external MAC range that
 * is not the switch's (psw_uplink_owner() found no entry): a tenant's
 * frame that no entry of this switch takes, which must not reach the
 * host stack. Dropped unknown_src if its source is no xlate entry (a PAN
 * this host does not serve, or a forged source), else no_entry (a VM of
 * a PAN this host serves, to a MAC that is no VM of this host's).
 */
static void psw_uplink_stray(const struct psw_port *uplink,
			     struct sk_buff *skb)
{
	struct psw_ctx c = { .sw = uplink->sw, .in = uplink };
	const struct psw_entry *src;

	skb_push(skb, ETH_HLEN);
	psw_stats_rx(uplink->stats, skb->len);
	src = psw_rev_lookup(c.sw, eth_hdr(skb)->h_source);
	if (!src || src->mode != PSW_MODE_XLATE) {
		psw_drop(&c, skb, PSW_DROP_UNKNOWN_SRC);
		return;
	}
	c.pan = src->pan;
	c.pan_stats = c.pan->stats;
	psw_stats_rx(c.pan_stats, skb->len);
	psw_drop(&c, skb, PSW_DROP_NO_ENTRY);
}

/**
 * psw_tunnel_rx() - forward a frame that arrived through a tunnel
 * @pan: the PAN the arrival named (VNI, NVGRE key or PAN address), whose
 *       remotes decap.c has already checked
 * @skb: the inner frame, skb->data at its Ethernet header
 * @from: its sender and encapsulation
 *
 * The arrival goes to the local entry of its destination, or is flooded to
 * the PAN's vm ports if broadcast or multicast; it is never sent on to the
 * flood list or to another tunnel. Counted on the switch and the PAN. An
 * admitted arrival teaches a PAN with learning on its source (learn.c).
 *
 * Context: BH, RCU read lock held (decap.c); takes no lock. Consumes @skb.
 */
void psw_tunnel_rx(struct psw_pan *pan, struct sk_buff *skb,
		   const struct psw_remote *from)
{
	struct psw_ctx c = { .sw = pan->sw, .pan = pan,
			     .pan_stats = pan->stats };
	enum psw_drop_reason reason;
	const struct psw_entry *e;
	const struct ethhdr *eth;

	if (unlikely(!(c.sw->dev->flags & IFF_UP))) {
		psw_drop(&c, skb, PSW_DROP_SWITCH_DOWN);
		return;
	}
	if (unlikely(!pskb_may_pull(skb, ETH_HLEN))) {
		psw_drop(&c, skb, PSW_DROP_BAD_FRAME);
		return;
	}
	skb->protocol = eth_type_trans(skb, c.sw->dev);
	skb_reset_network_header(skb);
	skb_push(skb, ETH_HLEN);
	eth = eth_hdr(skb);
	if (unlikely(!is_valid_ether_addr(eth->h_source))) {
		psw_drop(&c, skb, PSW_DROP_BAD_SRC_MAC);
		return;
	}

	psw_stats_rx(c.sw->stats, skb->len);
	psw_stats_rx(pan->stats, skb->len);
	psw_stats_mode(c.sw->stats, encap_rx);
	psw_stats_mode(pan->stats, encap_rx);

	reason = psw_arrival_admit(skb);
	if (unlikely(reason)) {
		psw_drop(&c, skb, reason);
		return;
	}
	psw_learn(pan, eth->h_source, from);
	if (is_multicast_ether_addr(eth->h_dest)) {
		psw_flood(&c, skb, false);
		return;
	}
	e = psw_entry_lookup(c.sw, pan->id, eth->h_dest);
	if (e && e->mode == PSW_MODE_HOLD) {
		psw_hold_arrival(pan, skb);
		return;
	}
	if (!e || e->mode != PSW_MODE_LOCAL) {
		psw_drop(&c, skb, PSW_DROP_NO_ENTRY);
		return;
	}
	psw_deliver(&c, e->port, skb);
}

/**
 * psw_arrival_resume() - deliver an arrival the hold queue held
 * @pan: its PAN
 * @skb: the frame, Ethernet header pushed, already counted received
 *
 * The entry that replaced the hold entry takes it if it is local (the
 * VM's port attached); anything else drops it (no_entry): an arrival is
 * never sent back out, by the uplink or a tunnel.
 *
 * Context: BH, RCU read lock held. Consumes @skb.
 */
void psw_arrival_resume(struct psw_pan *pan, struct sk_buff *skb)
{
	struct psw_ctx c = { .sw = pan->sw, .pan = pan,
			     .pan_stats = pan->stats };
	const struct psw_entry *e;

	if (unlikely(!(c.sw->dev->flags & IFF_UP))) {
		psw_drop(&c, skb, PSW_DROP_SWITCH_DOWN);
		return;
	}
	e = psw_entry_lookup(c.sw, pan->id, eth_hdr(skb)->h_dest);
	if (!e || e->mode != PSW_MODE_LOCAL) {
		psw_drop(&c, skb, PSW_DROP_NO_ENTRY);
		return;
	}
	psw_deliver(&c, e->port, skb);
}

/* A tunnel arrival refused before its PAN was known. Consumes @skb. */
void psw_tunnel_drop(struct psw_switch *sw, struct sk_buff *skb,
		     enum psw_drop_reason reason)
{
	struct psw_ctx c = { .sw = sw };

	psw_drop(&c, skb, reason);
}

/**
 * psw_handle_frame() - the rx handler of every port of a switch
 * @pskb: the received frame; data after its Ethernet header
 *
 * Entry point of the packet path. The port is the device's
 * rx_handler_data. A frame from a vm or trunk port is always the
 * switch's (psw_vm_rx()). On the uplink only frames on the uplink's VLAN that
 * belong to an entry (by external MAC), or come from the switch's
 * external MAC range, are taken; everything else passes to the host stack.
 *
 * Context: BH, under the RCU read lock of __netif_receive_skb_core();
 * takes no lock (DOC: Locking in psw.h).
 * Return: RX_HANDLER_CONSUMED for a frame the switch took (forwarded or
 * dropped and counted), RX_HANDLER_PASS otherwise.
 */
rx_handler_result_t psw_handle_frame(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	const struct psw_entry *e = NULL;
	const struct psw_port *port;
	bool iso = false;

	if (unlikely(skb->pkt_type == PACKET_LOOPBACK))
		return RX_HANDLER_PASS;

	port = rcu_dereference(skb->dev->rx_handler_data);

	/*
	 * A frame from any port but an uplink (vm, trunk, tep) is always the
	 * switch's: straight to psw_vm_rx(), which tells the roles apart.
	 * skb_share_check() clones only a shared skb (pktgen's, a tap on the
	 * port), as the bridge's br_handle_frame() does.
	 */
	if (likely(port->role != PSW_PORT_ROLE_UPLINK)) {
		skb = skb_share_check(skb, GFP_ATOMIC);
		if (unlikely(!skb)) {
			psw_stats_drop(port->stats, PSW_DROP_NOMEM);
			return RX_HANDLER_CONSUMED;
		}
		psw_vm_rx(port, skb);
		return RX_HANDLER_CONSUMED;
	}

	/*
	 * On an uplink, only some frames on its VLAN are the switch's
	 * business: those of its entries, and (dropped) those from its
	 * external MAC range that no entry takes.
	 */
	if (!(port->sw->dev->flags & IFF_UP) ||
	    skb_mac_header_len(skb) < ETH_HLEN)
		return RX_HANDLER_PASS;
	iso = psw_vlan_pool_takes(port, skb);
	if (!iso && !psw_uplink_vlan_ok(port, skb))
		return RX_HANDLER_PASS;
	if (!iso)
		e = psw_uplink_owner(port->sw, eth_hdr(skb));
	if (!iso && !e &&
	    !psw_ext_in_prefix(READ_ONCE(port->sw->ext_prefix),
			       eth_hdr(skb)->h_source))
		return RX_HANDLER_PASS;

	skb = skb_share_check(skb, GFP_ATOMIC);
	if (unlikely(!skb)) {
		psw_stats_drop(port->stats, PSW_DROP_NOMEM);
		return RX_HANDLER_CONSUMED;
	}
	if (iso)
		psw_isolated_rx(port, skb);
	else if (e)
		psw_uplink_rx(port, e, skb);
	else
		psw_uplink_stray(port, skb);
	return RX_HANDLER_CONSUMED;
}
