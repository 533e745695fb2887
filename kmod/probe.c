// SPDX-License-Identifier: GPL-2.0
/*
 * Data-plane probes (remote-probe): does each encapsulation common to the
 * switch and a remote get through, and how large a packet?
 *
 * A probe is an inner Ethernet frame to PSW_PROBE_MAC, ethertype
 * PSW_PROBE_ETHERTYPE, carrying struct psw_probe_hdr and zero padding,
 * sent with DF set (IPv6: never fragmented) in each encapsulation and at
 * each of psw_probe_sizes[] (the outer IP packet's length):
 *   VXLAN and NVGRE with VNI / VSID PSW_PROBE_ID, which no PAN has (a
 *   PAN id is at most 2^24 - 2), so no tenant frame is ever one;
 *   EtherIP to the remote's underlay address, which is never a PAN's
 *   address (an EtherIP tenant frame goes to a PAN's own address).
 * A tenant cannot forge a probe nor an answer: its frames always carry
 * its PAN's id or go to its PAN's address, and a frame that looks like a
 * probe inside a PAN is an ordinary frame of that PAN.
 * The far switch answers a probe only from an address it has a remote
 * object for, in the same encapsulation, if its own list has it, at most
 * 64 answers a second (a burst of 64), with a frame no larger than the
 * probe's header: no reflection to strangers, no amplification. An answer
 * counts only if it comes from the probed address, in time, with the
 * probe's random cookie.
 */
#include <linux/etherdevice.h>
#include <linux/if_ether.h>
#include <linux/random.h>
#include <net/ip.h>
#include <net/ipv6.h>

#include "compat.h"
#include "nl_core.h"
#include "remote.h"

#define PSW_PROBE_ETHERTYPE	0x88b5	/* IEEE 802 local experimental 1 */
#define PSW_PROBE_MAGIC		0x50535750	/* "PSWP" */
#define PSW_PROBE_VERSION	1
#define PSW_PROBE_REQUEST	1
#define PSW_PROBE_REPLY		2

/* 02:50:53:57:50:52, locally administered unicast. */
static const u8 psw_probe_mac[ETH_ALEN] = { 0x02, 0x50, 0x53, 0x57,
					     0x50, 0x52 };

struct psw_probe_hdr {
	__be32 magic;
	u8 version;
	u8 type;
	u8 encap;
	u8 rsvd;
	__be32 cookie;
	__be16 size;		/* the probe's outer IP packet length */
	__be16 len;		/* the probe's inner frame length */
} __packed;

/* Outer IP packet lengths tried, smallest first. */
static const u16 psw_probe_sizes[PSW_PROBE_SIZES] = {
	576, 1280, 1400, 1450, 1500, 4000, 9000
};

void psw_probe_count(struct psw_switch *sw, int which)
{
	struct psw_probe_pcpu *p = this_cpu_ptr(sw->nego->stats);
	unsigned long flags;

	flags = u64_stats_update_begin_irqsave(&p->syncp);
	p->v[which]++;
	u64_stats_update_end_irqrestore(&p->syncp, flags);
}

int psw_probe_fill_stats(struct sk_buff *skb, const struct psw_switch *sw)
{
	u64 sum[__PSW_PROBE_STATS_MAX] = {};
	const struct psw_probe_pcpu *p;
	struct nlattr *nest;
	unsigned int start;
	u64 v[__PSW_PROBE_STATS_MAX];
	int cpu, i;

	for_each_possible_cpu(cpu) {
		p = per_cpu_ptr(sw->nego->stats, cpu);
		do {
			start = u64_stats_fetch_begin(&p->syncp);
			memcpy(v, p->v, sizeof(v));
		} while (u64_stats_fetch_retry(&p->syncp, start));
		for (i = 0; i < __PSW_PROBE_STATS_MAX; i++)
			sum[i] += v[i];
	}
	nest = nla_nest_start(skb, PSW_A_PROBE_STATS);
	if (!nest)
		return -EMSGSIZE;
	for (i = PSW_PROBE_STATS_SENT; i < __PSW_PROBE_STATS_MAX; i++)
		if (nla_put_u64_64bit(skb, i, sum[i], PSW_PROBE_STATS_PAD))
			return -EMSGSIZE;
	nla_nest_end(skb, nest);
	return 0;
}

/* Outer IP and tunnel headers of @encap over @family. */
static unsigned int psw_probe_overhead(u8 family, u8 encap)
{
	unsigned int l3 = family == AF_INET ? sizeof(struct iphdr) :
					      sizeof(struct ipv6hdr);

	switch (encap) {
	case PSW_ENCAP_VXLAN:
		return l3 + 16;		/* UDP + VXLAN */
	case PSW_ENCAP_NVGRE:
		return l3 + 8;		/* GRE with key */
	default:
		return l3 + PSW_ETHERIP_HLEN;
	}
}

/* An inner frame of @len bytes (at least the header) to @dst. */
static struct sk_buff *psw_probe_frame(struct psw_switch *sw, const u8 *dst,
				       unsigned int len, u8 type, u8 encap,
				       u32 cookie, u16 size, u16 plen,
				       gfp_t gfp)
{
	struct psw_probe_hdr *ph;
	struct sk_buff *skb;
	struct ethhdr *eth;

	skb = alloc_skb(LL_MAX_HEADER + 128 + len, gfp);
	if (!skb)
		return NULL;
	skb_reserve(skb, LL_MAX_HEADER + 128);
	eth = skb_put_zero(skb, len);
	ether_addr_copy(eth->h_dest, dst);
	ether_addr_copy(eth->h_source, sw->dev->dev_addr);
	eth->h_proto = htons(PSW_PROBE_ETHERTYPE);
	ph = (struct psw_probe_hdr *)(eth + 1);
	ph->magic = htonl(PSW_PROBE_MAGIC);
	ph->version = PSW_PROBE_VERSION;
	ph->type = type;
	ph->encap = encap;
	ph->cookie = htonl(cookie);
	ph->size = htons(size);
	ph->len = htons(plen);
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, ETH_HLEN);
	skb->protocol = htons(PSW_PROBE_ETHERTYPE);
	return skb;
}

/* remote-probe: send every probe, results in the remote object. RTNL. */
int psw_probe_start(struct psw_switch *sw, struct psw_rmt *r, u32 timeout_ms,
		    struct netlink_ext_ack *extack)
{
	const struct psw_nego *ng = sw->nego;
	u8 common[PSW_NENCAPS], n, encap;
	struct sk_buff *skb;
	unsigned int len, sent = 0;
	u32 cookie;
	int i, j;

	n = psw_nego_common(ng->encaps, ng->nencaps, r->encaps, r->nencaps,
			    common);
	if (!n) {
		char a[32], b[32];

		psw_nego_list_str(a, sizeof(a), ng->encaps, ng->nencaps);
		psw_nego_list_str(b, sizeof(b), r->encaps, r->nencaps);
		NL_SET_ERR_MSG_FMT(extack,
				   "no common encapsulation to probe: switch %s; remote %s",
				   a, b);
		return -EPROTONOSUPPORT;
	}
	if (!(sw->dev->flags & IFF_UP)) {
		NL_SET_ERR_MSG(extack, "the switch is down");
		return -ENETDOWN;
	}
	cookie = get_random_u32() | 1;
	/* A new run: late answers of the last one no longer count. */
	WRITE_ONCE(r->cookie, 0);
	for (i = 0; i <= PSW_ENCAP_ETHERIP; i++)
		WRITE_ONCE(r->size[i], 0);
	for (i = 0; i < n; i++)
		WRITE_ONCE(r->probed[i], common[i]);
	WRITE_ONCE(r->started, jiffies);
	WRITE_ONCE(r->deadline, jiffies + msecs_to_jiffies(timeout_ms));
	WRITE_ONCE(r->nprobed, n);
	WRITE_ONCE(r->cookie, cookie);

	for (i = 0; i < n; i++) {
		encap = common[i];
		for (j = 0; j < PSW_PROBE_SIZES; j++) {
			len = psw_probe_sizes[j] -
			      psw_probe_overhead(r->family, encap);
			skb = psw_probe_frame(sw, psw_probe_mac, len,
					      PSW_PROBE_REQUEST, encap, cookie,
					      psw_probe_sizes[j], len,
					      GFP_KERNEL);
			if (!skb)
				break;
			local_bh_disable();
			rcu_read_lock();
			if (!psw_encap_xmit_probe(sw, r->family, &r->ip, encap,
						  skb))
				sent++;
			rcu_read_unlock();
			local_bh_enable();
			psw_probe_count(sw, PSW_PROBE_STATS_SENT);
		}
	}
	return 0;
}

static void psw_probe_drop(struct psw_switch *sw, struct sk_buff *skb,
			   enum psw_drop_reason reason)
{
	psw_probe_count(sw, PSW_PROBE_STATS_DROPPED);
	psw_tunnel_drop(sw, skb, reason);
}

static bool psw_probe_lists(const u8 *encaps, u8 n, u8 encap)
{
	int i;

	for (i = 0; i < n; i++)
		if (encaps[i] == encap)
			return true;
	return false;
}

/**
 * psw_probe_rcv() - a tunnel arrival with the probe id (or, EtherIP, to
 * the switch's underlay address)
 * @sw: the switch it is for
 * @skb: the packet; consumed
 * @family: the outer family
 * @src: the outer source
 * @encap: how it came
 * @off: where the inner Ethernet header starts, from skb->data
 *
 * Context: BH, RCU read lock held.
 */
void psw_probe_rcv(struct psw_switch *sw, struct sk_buff *skb, u8 family,
		   const union psw_ip *src, u8 encap, unsigned int off)
{
	const struct psw_nego *ng = sw->nego;
	struct psw_probe_hdr ph;
	struct sk_buff *reply;
	struct psw_rmt *r;
	u8 smac[ETH_ALEN];
	const struct ethhdr *eth;
	u32 size, old;

	if (!pskb_may_pull(skb, off + ETH_HLEN + sizeof(ph))) {
		psw_probe_drop(sw, skb, PSW_DROP_PROBE_BAD);
		return;
	}
	eth = (const struct ethhdr *)(skb->data + off);
	memcpy(&ph, eth + 1, sizeof(ph));
	ether_addr_copy(smac, eth->h_source);
	if (eth->h_proto != htons(PSW_PROBE_ETHERTYPE) ||
	    ntohl(ph.magic) != PSW_PROBE_MAGIC ||
	    ph.version != PSW_PROBE_VERSION || ph.encap != encap ||
	    !is_valid_ether_addr(smac)) {
		psw_probe_drop(sw, skb, PSW_DROP_PROBE_BAD);
		return;
	}
	if (ph.type == PSW_PROBE_REQUEST)
		psw_probe_count(sw, PSW_PROBE_STATS_REQUESTS);
	r = psw_rmt_find(sw, family, src);
	if (ph.type == PSW_PROBE_REPLY) {
		if (!r || !ph.cookie || ntohl(ph.cookie) != READ_ONCE(r->cookie) ||
		    time_after(jiffies, READ_ONCE(r->deadline))) {
			psw_probe_drop(sw, skb, PSW_DROP_PROBE_UNKNOWN);
			return;
		}
		size = ntohs(ph.size);
		old = READ_ONCE(r->size[encap]);
		while (size > old) {
			u32 seen = cmpxchg(&r->size[encap], old, size);

			if (seen == old)
				break;
			old = seen;
		}
		psw_probe_count(sw, PSW_PROBE_STATS_REPLIES);
		consume_skb(skb);
		return;
	}
	if (ph.type != PSW_PROBE_REQUEST ||
	    !ether_addr_equal(eth->h_dest, psw_probe_mac) ||
	    skb->len - off != ntohs(ph.len)) {
		psw_probe_drop(sw, skb, PSW_DROP_PROBE_BAD);
		return;
	}
	/* Only configured remotes, in an encapsulation this switch uses. */
	if (!r || !psw_probe_lists(ng->encaps, READ_ONCE(ng->nencaps),
				   encap)) {
		psw_probe_drop(sw, skb, PSW_DROP_PROBE_UNKNOWN);
		return;
	}
	if (!__ratelimit(&sw->nego->answer_rs)) {
		psw_probe_drop(sw, skb, PSW_DROP_PROBE_RATE);
		return;
	}
	consume_skb(skb);
	reply = psw_probe_frame(sw, smac, ETH_HLEN + sizeof(ph),
				PSW_PROBE_REPLY, encap, ntohl(ph.cookie),
				ntohs(ph.size), ETH_HLEN + sizeof(ph),
				GFP_ATOMIC);
	if (!reply)
		return;
	if (!psw_encap_xmit_probe(sw, family, src, encap, reply))
		psw_probe_count(sw, PSW_PROBE_STATS_ANSWERED);
}

/**
 * psw_probe_is() - whether a tunnel's inner frame is a probe or an answer
 * @skb: the packet
 * @off: where the inner Ethernet header starts
 *
 * EtherIP probes go to the switch's underlay address, where EtherIP in
 * OUI form (etherip_oui.c) also arrives: only a frame with the probe
 * ethertype and magic is a probe's. Reads through skb_header_pointer(),
 * so the caller's header pointers stay valid.
 *
 * Context: any.
 * Return: true if the inner frame has the probe ethertype and magic.
 */
bool psw_probe_is(const struct sk_buff *skb, unsigned int off)
{
	struct {
		struct ethhdr eth;
		struct psw_probe_hdr ph;
	} __packed buf;
	const typeof(buf) *p;

	p = skb_header_pointer(skb, off, sizeof(buf), &buf);
	return p && p->eth.h_proto == htons(PSW_PROBE_ETHERTYPE) &&
	       ntohl(p->ph.magic) == PSW_PROBE_MAGIC;
}
