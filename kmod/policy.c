// SPDX-License-Identifier: GPL-2.0
/*
 * What may enter the switch. One place decides whether a frame from a vm
 * port may be sent (psw_port_admit(): VLAN tags, port security, IEEE
 * link-local control frames), another what a frame from another host may
 * carry (psw_arrival_admit()), and the uplink's VLAN and the switch's
 * external MAC range tell tenant frames on the physical network from the
 * host's own traffic.
 *
 * A vm port's settings are one immutable struct psw_port_policy behind an
 * RCU pointer, replaced whole under RTNL; the packet path reads it once
 * per frame. The external MAC range is one packed u64 (psw_ext_prefix_*),
 * written whole under RTNL and read with READ_ONCE().
 */
#include <linux/if_vlan.h>

#include "psw.h"

/* LLDP's nearest-bridge group address (IEEE 802.1AB), ethertype 0x88cc. */
static const u8 psw_lldp_addr[ETH_ALEN] __aligned(2) = {
	0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e
};

/* Is @mac one of @port's own MACs (the ones its entries were made for)? */
static bool psw_port_has_mac(const struct psw_port *port, const u8 *mac)
{
	unsigned int i;

	for (i = 0; i < port->nmacs; i++)
		if (ether_addr_equal(mac, port->macs[i]))
			return true;
	return false;
}

/* An 802.1Q tag with VID 0 carries only a priority: the frame is untagged. */
static bool psw_tag_is_priority(const struct sk_buff *skb)
{
	return skb->vlan_proto == htons(ETH_P_8021Q) &&
	       !skb_vlan_tag_get_id(skb);
}

/*
 * May @in, a vm port, send @skb into its PAN? 0 if so, else the reason to
 * drop it. skb->data is at the network header, the MAC header is set, and
 * @skb is not shared (a priority-only tag is removed here). The packet
 * path, under RCU: the one function that decides, so that later port
 * security settings are checked here and nowhere else.
 *   - VLAN: a vm port carries one untagged tenant. A frame with a tag the
 *     core moved out (skb->vlan_tci), or with an 802.1Q/802.1ad ethertype
 *     left in the frame, is dropped; a tag with VID 0 only carries a
 *     priority and is removed. (Trunk ports, which carry tagged tenants,
 *     come with tenant maps and will be a policy setting checked here.)
 *   - Port security (on by default): the source MAC must be one of the
 *     port's MACs, so that no VM sends as another one.
 *   - IEEE 802.1 link-local destinations (01:80:c2:00:00:00-0f: STP,
 *     PAUSE, LACP, EAPOL, LLDP, ...) are for the link, not for a network:
 *     a bridge never forwards them. With the port's lldp setting, LLDP
 *     (01:80:c2:00:00:0e, ethertype 0x88cc) is admitted; the caller floods
 *     it to the PAN's other vm ports only.
 */
enum psw_drop_reason psw_port_admit(const struct psw_port *in,
				    struct sk_buff *skb)
{
	const struct psw_port_policy *p = rcu_dereference(in->policy);
	const struct ethhdr *eth = eth_hdr(skb);

	if (skb_vlan_tag_present(skb)) {
		if (!psw_tag_is_priority(skb))
			return PSW_DROP_VLAN_TAGGED;
		__vlan_hwaccel_clear_tag(skb);
	}
	if (eth_type_vlan(skb->protocol))
		return PSW_DROP_VLAN_TAGGED;
	if (p->security && !psw_port_has_mac(in, eth->h_source))
		return PSW_DROP_SPOOFED_SRC;
	if (unlikely(is_link_local_ether_addr(eth->h_dest)) &&
	    !(p->lldp && ether_addr_equal(eth->h_dest, psw_lldp_addr) &&
	      skb->protocol == htons(ETH_P_LLDP)))
		return PSW_DROP_LINK_LOCAL;
	return 0;
}

/*
 * May a frame from another host (the uplink, after its VLAN tag was
 * taken off, or a tunnel) enter a PAN? skb->data at the Ethernet header.
 * No host sends a VLAN-tagged or link-local frame of a VM (they never
 * pass psw_port_admit()), so such an arrival is forged; refusing it here
 * also keeps every frame delivered to a vm port untagged.
 */
enum psw_drop_reason psw_arrival_admit(const struct sk_buff *skb)
{
	if (skb_vlan_tag_present(skb) || eth_type_vlan(skb->protocol))
		return PSW_DROP_VLAN_TAGGED;
	if (unlikely(is_link_local_ether_addr(eth_hdr(skb)->h_dest)))
		return PSW_DROP_LINK_LOCAL;
	return 0;
}

/*
 * Is a frame on @uplink on the switch's VLAN: untagged (or priority-tagged)
 * if the uplink has none, else tagged 802.1Q with its VID? Frames on other
 * VLANs are the host's (its own VLAN devices) and not the switch's
 * business. The packet path.
 */
bool psw_uplink_vlan_ok(const struct psw_port *uplink,
			const struct sk_buff *skb)
{
	if (!skb_vlan_tag_present(skb))
		return !uplink->vid;
	return skb->vlan_proto == htons(ETH_P_8021Q) &&
	       skb_vlan_tag_get_id(skb) == uplink->vid;
}

/* --- Port settings (RTNL) ------------------------------------------------ */

/*
 * Change @port's policy: each of @security and @lldp is applied when not
 * NULL. The new policy replaces the old one whole.
 */
int psw_port_set_policy(struct psw_port *port, const bool *security,
			const bool *lldp, struct netlink_ext_ack *extack)
{
	struct psw_port_policy *old, *p;

	ASSERT_RTNL();
	if (port->role != PSW_PORT_ROLE_VM) {
		if (port->role == PSW_PORT_ROLE_TRUNK)
			NL_SET_ERR_MSG(extack,
				       "a trunk port has no port security or LLDP setting");
		else
			NL_SET_ERR_MSG(extack,
				       "an uplink has no port security or LLDP setting");
		return -EOPNOTSUPP;
	}
	old = rtnl_dereference(port->policy);
	p = kmemdup(old, sizeof(*p), PSW_GFP);
	if (!p)
		return -ENOMEM;
	if (security)
		p->security = *security;
	if (lldp)
		p->lldp = *lldp;
	rcu_assign_pointer(port->policy, p);
	kfree_rcu(old, rcu);
	psw_changed(port->sw);
	return 0;
}

/* --- The external MAC range ---------------------------------------------- */

/* @mac/@len as one word: the MAC in bits 8..55, the length in 0..7. */
u64 psw_ext_prefix_pack(const u8 *mac, u8 len)
{
	return len ? ether_addr_to_u64(mac) << 8 | len : 0;
}

void psw_ext_prefix_unpack(u64 packed, u8 *mac, u8 *len)
{
	*len = packed & 0xff;
	u64_to_ether_addr(packed >> 8, mac);
}

/* Does @mac lie in the range @packed (false when there is none)? */
bool psw_ext_in_prefix(u64 packed, const u8 *mac)
{
	u8 len = packed & 0xff;

	if (!len)
		return false;
	return !((ether_addr_to_u64(mac) ^ (packed >> 8)) >> (48 - len));
}

/* Does every external MAC of @sw's entries lie in @packed? */
static bool psw_exts_in_prefix(struct psw_switch *sw, u64 packed)
{
	const struct psw_entry *e;
	struct psw_pan *pan;
	unsigned long id;
	bool in = true;

	/* RCU: learned entries (never with an external MAC) may go. */
	rcu_read_lock();
	xa_for_each(&sw->pans, id, pan)
		list_for_each_entry_rcu(e, &pan->entries, pan_node)
			if (!is_zero_ether_addr(e->ext) &&
			    !psw_ext_in_prefix(packed, e->ext))
				in = false;
	rcu_read_unlock();
	return in;
}

/*
 * May @mac/@len (8..48; 0: none) become the range every external MAC of
 * @sw must lie in? Refused when an external MAC in use lies outside it or
 * the uplink's own address inside it. On success *@packed is the range as
 * psw_ext_prefix_set() takes it. Changes nothing. RTNL.
 */
int psw_ext_prefix_check(struct psw_switch *sw, const u8 *mac, u8 len,
			 u64 *packed, struct netlink_ext_ack *extack)
{
	const struct psw_port *uplink = rtnl_dereference(sw->uplink);

	ASSERT_RTNL();
	*packed = 0;
	if (!len)
		return 0;
	if (len < 8 || len > 48) {
		NL_SET_ERR_MSG(extack,
			       "external MAC prefix length must be 8..48 (0 clears)");
		return -EINVAL;
	}
	if (is_multicast_ether_addr(mac)) {
		NL_SET_ERR_MSG(extack, "external MAC prefix must be unicast");
		return -EINVAL;
	}
	if (ether_addr_to_u64(mac) & (BIT_ULL(48 - len) - 1)) {
		NL_SET_ERR_MSG(extack,
			       "external MAC prefix has bits set beyond its length");
		return -EINVAL;
	}
	*packed = psw_ext_prefix_pack(mac, len);
	if (uplink && psw_ext_in_prefix(*packed, uplink->dev->dev_addr)) {
		NL_SET_ERR_MSG(extack,
			       "the uplink's own address lies in the external MAC range");
		return -EADDRINUSE;
	}
	if (!psw_exts_in_prefix(sw, *packed)) {
		NL_SET_ERR_MSG(extack,
			       "an external MAC in use lies outside the range");
		return -EINVAL;
	}
	return 0;
}

/* Publish a range psw_ext_prefix_check() accepted. RTNL. */
void psw_ext_prefix_set(struct psw_switch *sw, u64 packed)
{
	ASSERT_RTNL();
	WRITE_ONCE(sw->ext_prefix, packed);
	psw_changed(sw);
}
