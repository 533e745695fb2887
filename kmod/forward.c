// SPDX-License-Identifier: GPL-2.0
/*
 * The packet path. Runs as the rx_handler of every port, under the RCU read
 * lock of __netif_receive_skb_core(), and takes no lock (see panswitch.h).
 *
 * A frame from a vm port is looked up by {port's PAN, destination MAC}:
 *   local entry    -> transmitted unchanged on the entry's port;
 *   drop entry     -> dropped;
 *   no entry, or a broadcast/multicast destination -> flooded to the PAN's
 *                     other vm ports.
 * Frames never leave their PAN: the only ports considered are the PAN's.
 */
#include "panswitch.h"

/* Count a dropped frame on its ingress port and the port's PAN. */
static void psw_count_drop(const struct psw_port *in,
			   enum psw_drop_reason reason)
{
	psw_stats_drop(in->stats, reason);
	if (in->pan)
		psw_stats_drop(in->pan->stats, reason);
}

static void psw_drop(const struct psw_port *in, struct sk_buff *skb,
		     enum psw_drop_reason reason)
{
	psw_count_drop(in, reason);
	kfree_skb(skb);
}

static bool psw_port_can_tx(const struct psw_port *port)
{
	return netif_running(port->dev) && netif_carrier_ok(port->dev);
}

/* Transmit @skb (Ethernet header pushed) on @out. Consumes @skb. */
static void psw_xmit(const struct psw_port *in, const struct psw_port *out,
		     struct sk_buff *skb)
{
	unsigned int len = skb->len;
	int rc;

	if (unlikely(!is_skb_forwardable(out->dev, skb))) {
		psw_drop(in, skb, PSW_DROP_TOO_BIG);
		return;
	}
	skb_forward_csum(skb);
	skb->dev = out->dev;
	/* net_xmit_eval() evaluates its argument twice: never pass a call. */
	rc = dev_queue_xmit(skb);
	if (unlikely(net_xmit_eval(rc))) {
		psw_count_drop(in, PSW_DROP_TX_ERROR);
		return;
	}
	psw_stats_tx(out->stats, len);
	if (out->pan)
		psw_stats_tx(out->pan->stats, len);
}

static void psw_deliver(const struct psw_port *in, const struct psw_port *out,
			struct sk_buff *skb)
{
	if (unlikely(out == in)) {
		psw_drop(in, skb, PSW_DROP_HAIRPIN);
		return;
	}
	if (unlikely(!psw_port_can_tx(out))) {
		psw_drop(in, skb, PSW_DROP_PORT_DOWN);
		return;
	}
	psw_xmit(in, out, skb);
}

/* One copy to each other port of the PAN that is up; the last gets @skb. */
static void psw_flood(const struct psw_port *in, struct sk_buff *skb)
{
	const struct psw_pan *pan = in->pan;
	const struct psw_port *port, *prev = NULL;
	struct sk_buff *copy;

	psw_stats_flood(in->stats);
	psw_stats_flood(pan->stats);

	list_for_each_entry_rcu(port, &pan->ports, pan_node) {
		if (port == in || !psw_port_can_tx(port))
			continue;
		if (prev) {
			copy = skb_clone(skb, GFP_ATOMIC);
			if (copy)
				psw_xmit(in, prev, copy);
			else
				psw_count_drop(in, PSW_DROP_NOMEM);
		}
		prev = port;
	}
	if (prev)
		psw_xmit(in, prev, skb);
	else
		psw_drop(in, skb, PSW_DROP_NO_DEST);
}

static void psw_vm_rx(const struct psw_port *in, struct sk_buff *skb)
{
	const struct psw_switch *sw = in->sw;
	const struct psw_entry *e;
	const struct ethhdr *eth;

	if (unlikely(!(sw->dev->flags & IFF_UP))) {
		psw_drop(in, skb, PSW_DROP_SWITCH_DOWN);
		return;
	}
	if (unlikely(skb_mac_header_len(skb) < ETH_HLEN)) {
		psw_drop(in, skb, PSW_DROP_BAD_FRAME);
		return;
	}
	eth = eth_hdr(skb);
	if (unlikely(!is_valid_ether_addr(eth->h_source))) {
		psw_drop(in, skb, PSW_DROP_BAD_SRC_MAC);
		return;
	}

	skb_push(skb, ETH_HLEN);
	psw_stats_rx(in->stats, skb->len);
	psw_stats_rx(in->pan->stats, skb->len);

	if (is_multicast_ether_addr(eth->h_dest)) {
		psw_flood(in, skb);
		return;
	}
	e = psw_entry_lookup(sw, in->pan->id, eth->h_dest);
	if (!e) {
		psw_flood(in, skb);
		return;
	}
	switch (e->mode) {
	case PSW_MODE_LOCAL:
		psw_deliver(in, e->port, skb);
		return;
	case PSW_MODE_DROP:
	default:
		psw_drop(in, skb, PSW_DROP_ENTRY_DROP);
		return;
	}
}

rx_handler_result_t psw_handle_frame(struct sk_buff **pskb)
{
	struct sk_buff *skb = *pskb;
	const struct psw_port *port;

	if (unlikely(skb->pkt_type == PACKET_LOOPBACK))
		return RX_HANDLER_PASS;

	port = rcu_dereference(skb->dev->rx_handler_data);

	/* Frames on an uplink belong to the host stack in this version. */
	if (port->role == PSW_PORT_ROLE_UPLINK)
		return RX_HANDLER_PASS;

	skb = skb_share_check(skb, GFP_ATOMIC);
	if (unlikely(!skb)) {
		psw_count_drop(port, PSW_DROP_NOMEM);
		return RX_HANDLER_CONSUMED;
	}
	psw_vm_rx(port, skb);
	return RX_HANDLER_CONSUMED;
}
