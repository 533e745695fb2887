// SPDX-License-Identifier: GPL-2.0
/*
 * The tenant map (seed 001): per switch, {OUI, VLAN id} -> PAN, either
 * part optional, classifying the frames of the switch's trunk ports by
 * their source MAC's OUI and/or their 802.1Q tag. One rhashtable read
 * under RCU by the packet path (psw_trunk_classify()) and a list for
 * dumps, both changed under RTNL only (DOC: Locking in psw.h); at most
 * PSW_TENANT_MAX entries per switch, charged to the requester (PSW_GFP).
 *
 * A PAN named by an entry cannot be deleted (pan.c refuses), so an
 * entry's PAN pointer is always valid; all of a PAN's entries carry the
 * same VLAN or none (pan->tenant_vid), the tag its frames get toward a
 * VLAN-classifying trunk. The VLANs of the map are in the VLAN filter of
 * every trunk port that classifies by VLAN.
 */
#include <linux/if_vlan.h>
#include <net/netlink.h>

#include "psw.h"

static const struct rhashtable_params psw_tenant_params = {
	.key_len = sizeof(struct psw_tenant_key),
	.key_offset = offsetof(struct psw_tenant, key),
	.head_offset = offsetof(struct psw_tenant, node),
	.automatic_shrinking = true,
};

int psw_tenant_init(struct psw_switch *sw)
{
	INIT_LIST_HEAD(&sw->tenant_list);
	INIT_LIST_HEAD(&sw->trunks);
	return rhashtable_init(&sw->tenants, &psw_tenant_params);
}

void psw_tenant_destroy(struct psw_switch *sw)
{
	/* psw_switch_flush_tenants() emptied it. */
	WARN_ON_ONCE(atomic_read(&sw->tenants.nelems));
	rhashtable_destroy(&sw->tenants);
}

/* The key of @oui (NULL: none) and @vid (0: none). */
void psw_tenant_key(struct psw_tenant_key *key, const u32 *oui, u16 vid)
{
	memset(key, 0, sizeof(*key));
	if (oui)
		key->oui = PSW_TENANT_HAS_OUI | (*oui & 0xffffff);
	key->vid = vid;
}

/* Configuration's lookup. RTNL. */
struct psw_tenant *psw_tenant_find(const struct psw_switch *sw,
				   const struct psw_tenant_key *key)
{
	return rhashtable_lookup_fast((struct rhashtable *)&sw->tenants, key,
				      psw_tenant_params);
}

/* The packet path's lookup. RCU read lock held. */
static struct psw_tenant *psw_tenant_lookup(const struct psw_switch *sw,
					    u32 oui, u16 vid)
{
	struct psw_tenant_key key = { .oui = oui, .vid = vid };

	return rhashtable_lookup((struct rhashtable *)&sw->tenants, &key,
				 psw_tenant_params);
}

/* Add (@add) or remove @vid to or from @dev's VLAN filter. */
static int psw_trunk_vid_op(struct net_device *dev, u16 vid, bool add)
{
	if (add)
		return vlan_vid_add(dev, htons(ETH_P_8021Q), vid);
	vlan_vid_del(dev, htons(ETH_P_8021Q), vid);
	return 0;
}

/*
 * Put @vid in (or take it out of) the VLAN filter of every trunk of @sw
 * that classifies by VLAN. On failure nothing is left added. RTNL.
 */
static int psw_tenant_vid_sync(struct psw_switch *sw, u16 vid, bool add)
{
	struct psw_port *t;
	int err;

	list_for_each_entry(t, &sw->trunks, trunk_node) {
		if (t->classify == PSW_CLASSIFY_OUI)
			continue;
		err = psw_trunk_vid_op(t->dev, vid, add);
		if (err)
			goto unwind;
	}
	return 0;
unwind:
	list_for_each_entry_continue_reverse(t, &sw->trunks, trunk_node)
		if (t->classify != PSW_CLASSIFY_OUI)
			psw_trunk_vid_op(t->dev, vid, false);
	return err;
}

/**
 * psw_trunk_vlans_sync() - a trunk's VLAN filter and the tenant map
 * @trunk: a trunk port being attached (@add) or detached
 * @add: add the map's VLANs to its device's filter, else remove them
 *
 * A trunk that classifies by VLAN receives every VLAN of the map, even
 * from a device that filters VLANs. On failure nothing is left added.
 *
 * Context: RTNL.
 * Return: 0 or a negative errno.
 */
int psw_trunk_vlans_sync(struct psw_port *trunk, bool add)
{
	struct psw_switch *sw = trunk->sw;
	struct psw_tenant *t;
	int err;

	ASSERT_RTNL();
	if (trunk->classify == PSW_CLASSIFY_OUI)
		return 0;
	list_for_each_entry(t, &sw->tenant_list, sw_node) {
		if (!t->key.vid)
			continue;
		err = psw_trunk_vid_op(trunk->dev, t->key.vid, add);
		if (err)
			goto unwind;
	}
	return 0;
unwind:
	list_for_each_entry_continue_reverse(t, &sw->tenant_list, sw_node)
		if (t->key.vid)
			psw_trunk_vid_op(trunk->dev, t->key.vid, false);
	return err;
}

/**
 * psw_tenant_add() - add a tenant map entry naming @pan
 * @pan: the PAN its frames go to
 * @key: the key (psw_tenant_key()), an OUI and/or a VLAN id
 * @extack: where a refusal says why
 * @oui_attr: the request's OUI attribute, for the extack (or NULL)
 *
 * Refused: no key; an OUI with its I/G bit set (no source MAC has it); a
 * key in the map already; a full map (PSW_TENANT_MAX); a VLAN (or none)
 * other than the one the PAN's other entries carry. A refusal changes
 * nothing. Not announced: the caller does.
 *
 * Context: RTNL.
 * Return: the new entry, or an ERR_PTR() with @extack set.
 */
struct psw_tenant *psw_tenant_add(struct psw_pan *pan,
				  const struct psw_tenant_key *key,
				  struct netlink_ext_ack *extack,
				  const struct nlattr *oui_attr)
{
	struct psw_switch *sw = pan->sw;
	struct psw_tenant *t;
	int err;

	ASSERT_RTNL();
	if (!key->oui && !key->vid) {
		NL_SET_ERR_MSG(extack,
			       "tenant map key missing (oui and/or vlan)");
		NL_SET_ERR_ATTR_MISS(extack, NULL, PSW_A_OUI);
		return ERR_PTR(-EINVAL);
	}
	if (key->oui & PSW_OUI_IG) {
		NL_SET_ERR_MSG_ATTR(extack, oui_attr,
				    "OUI has the I/G (group) bit set: no source MAC has it");
		return ERR_PTR(-EINVAL);
	}
	if (psw_tenant_find(sw, key)) {
		NL_SET_ERR_MSG(extack, "tenant map entry exists for this key");
		return ERR_PTR(-EEXIST);
	}
	if (sw->ntenants >= PSW_TENANT_MAX) {
		NL_SET_ERR_MSG(extack,
			       "the switch's tenant map is full (PSW_TENANT_MAX entries)");
		return ERR_PTR(-ENOSPC);
	}
	if (pan->ntenants && pan->tenant_vid != key->vid) {
		if (pan->tenant_vid)
			NL_SET_ERR_MSG(extack,
				       "the PAN's tenant map entries carry another VLAN: all of a PAN's entries carry the same VLAN, or none");
		else
			NL_SET_ERR_MSG(extack,
				       "the PAN's tenant map entries carry no VLAN: all of a PAN's entries carry the same VLAN, or none");
		return ERR_PTR(-EINVAL);
	}
	t = kzalloc(sizeof(*t), PSW_GFP);
	if (!t) {
		NL_SET_ERR_MSG(extack, "out of memory for the tenant map entry");
		return ERR_PTR(-ENOMEM);
	}
	t->key = *key;
	t->pan = pan;
	if (key->vid) {
		err = psw_tenant_vid_sync(sw, key->vid, true);
		if (err) {
			NL_SET_ERR_MSG(extack,
				       "cannot add the VLAN to a trunk port's VLAN filter");
			goto err_free;
		}
	}
	err = rhashtable_lookup_insert_fast(&sw->tenants, &t->node,
					    psw_tenant_params);
	if (err) {
		NL_SET_ERR_MSG(extack, "cannot insert the tenant map entry");
		if (key->vid)
			psw_tenant_vid_sync(sw, key->vid, false);
		goto err_free;
	}
	list_add_tail(&t->sw_node, &sw->tenant_list);
	sw->ntenants++;
	WRITE_ONCE(pan->tenant_vid, key->vid);
	if (!key->oui)
		WRITE_ONCE(pan->ntenant_vlan, pan->ntenant_vlan + 1);
	WRITE_ONCE(pan->ntenants, pan->ntenants + 1);
	/* a trunk may carry the PAN now: it joins its group */
	psw_mcast_sync(pan);
	psw_changed(sw);
	return t;

err_free:
	kfree(t);
	return ERR_PTR(err);
}

/*
 * Remove @t; with @notify, announce it first. Frames that classified by
 * it finish in its PAN (they hold the RCU read lock); the PAN outlives
 * them, since it cannot be deleted while @t names it. RTNL.
 */
void psw_tenant_del(struct psw_tenant *t, bool notify)
{
	struct psw_pan *pan = t->pan;
	struct psw_switch *sw = pan->sw;

	ASSERT_RTNL();
	if (notify)
		psw_notify_tenant(t, PSW_CMD_TENANT_DEL, GFP_KERNEL);
	rhashtable_remove_fast(&sw->tenants, &t->node, psw_tenant_params);
	list_del(&t->sw_node);
	sw->ntenants--;
	if (!t->key.oui)
		WRITE_ONCE(pan->ntenant_vlan, pan->ntenant_vlan - 1);
	WRITE_ONCE(pan->ntenants, pan->ntenants - 1);
	if (!pan->ntenants)
		WRITE_ONCE(pan->tenant_vid, 0);
	if (t->key.vid)
		psw_tenant_vid_sync(sw, t->key.vid, false);
	/* no trunk may carry the PAN any more: it leaves its group */
	psw_mcast_sync(pan);
	psw_changed(sw);
	kfree_rcu(t, rcu);
}

/*
 * Switch teardown, after the ports are detached and before the PANs go.
 * Nothing is announced: the switch's PSW_CMD_SWITCH_DEL implies it.
 */
void psw_switch_flush_tenants(struct psw_switch *sw)
{
	struct psw_tenant *t, *tmp;

	list_for_each_entry_safe(t, tmp, &sw->tenant_list, sw_node)
		psw_tenant_del(t, false);
}

/* The OUI of @mac as a tenant map key's. */
static u32 psw_mac_oui(const u8 *mac)
{
	return PSW_TENANT_HAS_OUI | mac[0] << 16 | mac[1] << 8 | mac[2];
}

/**
 * psw_trunk_classify() - the PAN of a frame from a trunk port
 * @in: the trunk port
 * @skb: the frame, not shared, data after its Ethernet header
 * @pan: set to the frame's PAN when it has one
 *
 * The tag (802.1Q only; VID 0 is a priority and means untagged) is taken
 * off, then the frame is looked up in the tenant map by the port's
 * classification: an OUI trunk by {OUI, no VLAN} (a tagged frame is
 * dropped), a VLAN trunk by {no OUI, VID} (an untagged frame has no
 * tenant), an OUI+VLAN trunk by {OUI, VID} then {no OUI, VID} if tagged,
 * by {OUI, no VLAN} if not. The PAN found is valid until the caller
 * leaves its RCU read-side section (DOC: Locking). A classified frame to
 * an IEEE link-local address is refused, as from a vm port.
 *
 * Context: BH, RCU read lock held; takes no lock.
 * Return: 0 with *@pan set, or the reason to drop the frame.
 */
enum psw_drop_reason psw_trunk_classify(const struct psw_port *in,
					struct sk_buff *skb,
					struct psw_pan **pan)
{
	const struct psw_tenant *t = NULL;
	u16 vid = 0;
	u32 oui;

	if (skb_vlan_tag_present(skb)) {
		if (skb->vlan_proto != htons(ETH_P_8021Q))
			return PSW_DROP_VLAN_TAGGED;
		vid = skb_vlan_tag_get_id(skb);
		__vlan_hwaccel_clear_tag(skb);
	}
	if (eth_type_vlan(skb->protocol))
		return PSW_DROP_VLAN_TAGGED;
	oui = psw_mac_oui(eth_hdr(skb)->h_source);
	switch (in->classify) {
	case PSW_CLASSIFY_OUI:
		if (vid)
			return PSW_DROP_VLAN_TAGGED;
		t = psw_tenant_lookup(in->sw, oui, 0);
		break;
	case PSW_CLASSIFY_VLAN:
		if (vid)
			t = psw_tenant_lookup(in->sw, 0, vid);
		break;
	default:
		if (!vid) {
			t = psw_tenant_lookup(in->sw, oui, 0);
			break;
		}
		t = psw_tenant_lookup(in->sw, oui, vid);
		if (!t)
			t = psw_tenant_lookup(in->sw, 0, vid);
		break;
	}
	if (!t)
		return PSW_DROP_NO_TENANT;
	*pan = t->pan;
	if (unlikely(is_link_local_ether_addr(eth_hdr(skb)->h_dest)))
		return PSW_DROP_LINK_LOCAL;
	return 0;
}

/**
 * psw_oui_foreign() - is a vm port's source MAC another tenant's?
 * @sw: the switch
 * @pan: the PAN of the vm port the frame came from
 * @mac: the frame's source MAC
 *
 * Port security's OUI check (policy.c): true when the tenant map has an
 * entry {OUI of @mac, no VLAN} naming a PAN other than @pan. An empty map
 * costs one read.
 *
 * Context: BH, RCU read lock held; takes no lock.
 */
bool psw_oui_foreign(const struct psw_switch *sw, const struct psw_pan *pan,
		     const u8 *mac)
{
	const struct psw_tenant *t;

	if (!atomic_read(&sw->tenants.nelems))
		return false;
	t = psw_tenant_lookup(sw, psw_mac_oui(mac), 0);
	return t && t->pan != pan;
}

/**
 * psw_tenant_oui_pan() - the PAN the tenant map gives an OUI alone
 * @sw: the switch
 * @oui: the OUI, the first three bytes of a MAC as a number (I/G clear)
 *
 * The entry {@oui, no VLAN}'s PAN: the tenant of an EtherIP arrival by
 * its inner source MAC, and of a tenant's group MAC (etherip_oui.c).
 * The PAN is valid until the caller leaves its RCU read-side section.
 *
 * Context: BH, RCU read lock held (or RTNL); takes no lock.
 * Return: the PAN, or NULL.
 */
struct psw_pan *psw_tenant_oui_pan(const struct psw_switch *sw, u32 oui)
{
	const struct psw_tenant *t;

	if (!atomic_read(&sw->tenants.nelems))
		return NULL;
	t = psw_tenant_lookup(sw, PSW_TENANT_HAS_OUI | (oui & 0xffffff), 0);
	return t ? t->pan : NULL;
}
