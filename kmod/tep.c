// SPDX-License-Identifier: GPL-2.0
/*
 * The VNID tag toward a tunnel end point (seed 002). A tep port carries
 * every PAN of its switch; each frame on it has a 6-byte tag after its
 * source MAC, laid out as IEEE 802.1ah lays out its I-TAG:
 *
 *   offset  0..5   destination MAC
 *           6..11  source MAC
 *          12..13  TPID (port->tpid; PSW_TEP_TPID_DEFAULT, 0x88b5)
 *          14      PCP (bits 7..5), DEI (4), UCA (3), reserved (2..0):
 *                  sent 0, ignored on receipt
 *          15..17  VNID, 24 bits, big endian: the PAN id
 *          18..19  the inner frame's EtherType
 *
 * Frames from a tep port get their PAN from the VNID (psw_tep_classify(),
 * called where a trunk's frame is classified by the tenant map, so that
 * the rest of the walk is the one a trunk's frame takes); frames out of
 * it get the tag of their PAN (psw_tep_push(), from psw_xmit()). Both run
 * on the packet path under the RCU read lock and take no lock: the PAN is
 * looked up in sw->pans (an xarray, RCU readers), the TPID is fixed for
 * the port's life.
 */
#include <linux/if_ether.h>
#include <linux/if_vlan.h>
#include <net/netlink.h>

#include "psw.h"

/* Offset of the tag's TPID in a tagged frame. */
#define PSW_TEP_TAG_OFF		(2 * ETH_ALEN)

/*
 * EtherTypes that the stack, a NIC or a bridge on the way reads as a
 * protocol of its own: a tag with one of them would be taken for that
 * protocol (a VLAN tag stripped by the NIC, an IP header, a slow or
 * link-local protocol consumed).
 */
static const struct {
	u16 tpid;
	const char *msg;
} psw_tep_refused[] = {
	{ ETH_P_IP, "tpid 0x0800 is IPv4's EtherType" },
	{ ETH_P_ARP, "tpid 0x0806 is ARP's EtherType" },
	{ ETH_P_RARP, "tpid 0x8035 is RARP's EtherType" },
	{ ETH_P_IPV6, "tpid 0x86dd is IPv6's EtherType" },
	{ ETH_P_8021Q, "tpid 0x8100 is an 802.1Q VLAN tag's: NICs take it off" },
	{ ETH_P_8021AD, "tpid 0x88a8 is an 802.1ad VLAN tag's: NICs take it off" },
	{ ETH_P_QINQ1, "tpid 0x9100 is a QinQ VLAN tag's" },
	{ ETH_P_SLOW, "tpid 0x8809 is the slow protocols' (LACP)" },
	{ ETH_P_PAE, "tpid 0x888e is EAPOL's (802.1X)" },
	{ ETH_P_LLDP, "tpid 0x88cc is LLDP's" },
	{ ETH_P_MPLS_UC, "tpid 0x8847 is MPLS's" },
	{ ETH_P_MPLS_MC, "tpid 0x8848 is MPLS's" },
};

/**
 * psw_tep_tpid_check() - may @tpid be a tep port's tag TPID?
 * @tpid: the TPID asked for (the policy refused values below 0x0600)
 * @extack: where a refusal says why
 * @attr: the request's attribute, for the extack
 *
 * Refused: an EtherType that the stack or a NIC on the link reads as a
 * protocol of its own (psw_tep_refused[]): IPv4, ARP, RARP, IPv6,
 * 802.1Q, 802.1ad, 0x9100 (pre-standard QinQ), slow protocols (LACP),
 * EAPOL, LLDP, MPLS.
 *
 * Context: any.
 * Return: 0, or -EINVAL with @extack set.
 */
int psw_tep_tpid_check(u16 tpid, struct netlink_ext_ack *extack,
		       const struct nlattr *attr)
{
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(psw_tep_refused); i++) {
		if (psw_tep_refused[i].tpid != tpid)
			continue;
		/* NL_SET_ERR_MSG() takes a literal only: a table's string. */
		if (extack)
			extack->_msg = psw_tep_refused[i].msg;
		NL_SET_BAD_ATTR(extack, attr);
		return -EINVAL;
	}
	return 0;
}

/**
 * psw_tep_push() - tag a frame for a tep port
 * @out: the tep port
 * @pan: the frame's PAN, whose id is the VNID
 * @skb: the frame, data at its Ethernet header
 *
 * Inserts the 6-byte tag after the source MAC (the layout at the top of
 * this file). The network header and skb->protocol stay the inner
 * frame's, and mac_len grows by the tag, so a GSO frame is segmented
 * by the core with the tag copied to each segment; a frame with a
 * partial checksum and no GSO gets its checksum completed here, since a
 * NIC's checksum offload cannot parse past an unknown EtherType.
 *
 * Context: BH, RCU read lock held; takes no lock.
 * Return: 0, or -ENOMEM (the caller drops and counts the frame).
 */
int psw_tep_push(const struct psw_port *out, const struct psw_pan *pan,
		 struct sk_buff *skb)
{
	u8 *tag;

	if (skb->ip_summed == CHECKSUM_PARTIAL && !skb_is_gso(skb) &&
	    skb_checksum_help(skb))
		return -ENOMEM;
	if (skb_cow_head(skb, PSW_TEP_HLEN))
		return -ENOMEM;
	__skb_push(skb, PSW_TEP_HLEN);
	memmove(skb->data, skb->data + PSW_TEP_HLEN, 2 * ETH_ALEN);
	skb_reset_mac_header(skb);
	skb_reset_mac_len(skb);
	tag = skb->data + PSW_TEP_TAG_OFF;
	put_unaligned_be16(out->tpid, tag);
	tag[2] = 0;				/* PCP 0, DEI 0, UCA 0 */
	tag[3] = pan->id >> 16;
	tag[4] = pan->id >> 8;
	tag[5] = pan->id;
	return 0;
}

/**
 * psw_tep_classify() - the PAN of a frame from a tep port
 * @in: the tep port
 * @skb: the frame, not shared, data after its Ethernet header (whose
 *       EtherType field is the tag's TPID)
 * @pan: set to the frame's PAN when it has one
 *
 * A frame without the port's tag (untagged, another TPID, or a VLAN tag
 * the device took off) is dropped no_tep_tag; a tag whose VNID is no PAN
 * of the switch, unknown_vnid. The tag is taken off (data after the new
 * Ethernet header, skb->protocol the inner EtherType), then the frame is
 * admitted as a trunk's: an inner VLAN tag is dropped vlan_tagged, an
 * IEEE link-local destination link_local. The PAN found is valid until
 * the caller leaves its RCU read-side section (DOC: Locking).
 *
 * Context: BH, RCU read lock held; takes no lock.
 * Return: 0 with *@pan set, or the reason to drop the frame (*@pan set
 * once known).
 */
enum psw_drop_reason psw_tep_classify(const struct psw_port *in,
				      struct sk_buff *skb,
				      struct psw_pan **pan)
{
	struct psw_pan *p;
	const u8 *tag;
	__be16 proto;
	u32 vnid;

	if (unlikely(skb_vlan_tag_present(skb) ||
		     skb->protocol != htons(in->tpid)))
		return PSW_DROP_NO_TEP_TAG;
	/* PCP/DEI, the VNID and the inner EtherType follow the TPID. */
	if (unlikely(!pskb_may_pull(skb, PSW_TEP_HLEN)))
		return PSW_DROP_BAD_FRAME;
	tag = skb->data - 2;		/* at the TPID */
	vnid = tag[3] << 16 | tag[4] << 8 | tag[5];
	p = vnid ? psw_pan_find(in->sw, vnid) : NULL;
	if (!p)
		return PSW_DROP_UNKNOWN_VNID;
	*pan = p;

	proto = get_unaligned((__be16 *)(tag + PSW_TEP_HLEN));
	skb_push(skb, ETH_HLEN);
	if (unlikely(skb_ensure_writable(skb, ETH_HLEN + PSW_TEP_HLEN)))
		return PSW_DROP_NOMEM;
	/* A device's sum started after the TPID: no longer of this frame. */
	if (skb->ip_summed == CHECKSUM_COMPLETE)
		skb->ip_summed = CHECKSUM_NONE;
	memmove(skb->data + PSW_TEP_HLEN, skb->data, 2 * ETH_ALEN);
	__skb_pull(skb, PSW_TEP_HLEN);
	skb_reset_mac_header(skb);
	__skb_pull(skb, ETH_HLEN);
	skb_reset_network_header(skb);
	skb_reset_mac_len(skb);
	skb->protocol = proto;

	if (eth_type_vlan(proto))
		return PSW_DROP_VLAN_TAGGED;
	if (unlikely(is_link_local_ether_addr(eth_hdr(skb)->h_dest)))
		return PSW_DROP_LINK_LOCAL;
	return 0;
}
