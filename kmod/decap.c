// SPDX-License-Identifier: GPL-2.0
/*
 * Tunnel arrivals: what the receive side of VXLAN, NVGRE and EtherIP has
 * in common, and the switch's receive state. Each tunnel's own path is in
 * a file of its own: decap_vxlan.c (the switch's UDP sockets),
 * decap_nvgre.c (the namespace's GRE devices) and decap_etherip.c (the
 * protocol handlers); decap.h is what they share.
 *
 * Who may send (see Documentation/trust.md): nothing this host sent itself
 * (a source address of the host's in the switch's namespace, or an arrival
 * on a loopback device: local_source), no unicast packet that came in an
 * Ethernet broadcast or multicast frame (unicast_in_l2_mcast), and, unless
 * the PAN accepts any source, only a remote configured for the PAN: the
 * outer source address must be in the PAN's accepted remotes (trust.c),
 * else unknown_remote. The GRE devices do not pass on the ingress device
 * or the outer frame's packet type, so NVGRE gets the source address
 * check only.
 *
 * Malformed arrivals (bad or truncated tunnel header, inner frame shorter
 * than an Ethernet header), arrivals from this host or in a broadcast
 * frame, and arrivals for an unknown PAN are counted on the switch; a
 * drop after the PAN is known on the switch and the PAN. Then
 * psw_tunnel_rx() gets the frame: skb->data at the inner Ethernet header,
 * outer headers pulled (iptunnel_pull_header(), which scrubs the skb: no
 * dst, no conntrack, PACKET_HOST, tunnel GSO bits cleared; the GRE devices
 * do the same), and the outer ECN marks carried into the inner IP header
 * (RFC 6040; the GRE devices do that themselves).
 *
 * Lifetime: everything runs under the RCU read lock, in BH. The sockets
 * are opened and closed under RTNL by psw_decap_update() and
 * psw_decap_stop() and find the switch through sk_user_data. The NVGRE
 * devices find it in the namespace's RCU list of switches, which the
 * switch leaves before psw_decap_stop(), and psw_decap_stop() returns only
 * after a grace period, when no arrival can still hold the switch (see
 * there). EtherIP finds PANs through the namespace's address table, whose
 * entries go away, with a grace period, before their PAN and its switch,
 * and checks that the switch is up (unregistering closes it and waits a
 * grace period before ndo_uninit) before it touches the switch's tables.
 */
#include <linux/hash.h>
#include <linux/inetdevice.h>
#include <linux/rtnetlink.h>
#include <net/addrconf.h>
#include <net/dsfield.h>
#include <net/inet_ecn.h>
#include <net/udp_tunnel.h>

#include "decap.h"

/*
 * Is a sender's address one of this host's? The answer of
 * __ip_dev_find() (the namespace's address hash, then its local routing
 * table) or ipv6_chk_addr() (its non-tentative addresses) costs a hash
 * walk and, for IPv4 addresses that are not local, which is every remote,
 * a FIB lookup: per frame, that was the most expensive thing the receive
 * path did that vxlan does not. It is cached per CPU, in a small table
 * indexed by a hash of the address, with the generations of what the
 * answer depends on, and asked again when one of them has moved:
 *   - IPv4: net->ipv4.dev_addr_genid, bumped by fib_inetaddr_event() on
 *     every address added (NETDEV_UP) and removed (NETDEV_DOWN, also as a
 *     device is unregistered), after the address hash changed; and the
 *     routing generation (rt_genid_ipv4()), bumped by rt_cache_flush() on
 *     every route inserted into the local table and on the deletion of
 *     one that a lookup has used, which is how a local route of ours
 *     would have answered;
 *   - IPv6: net->ipv6.dev_addr_genid, bumped by __ipv6_ifa_notify() on
 *     every RTM_NEWADDR (an address added, or done with DAD) and
 *     RTM_DELADDR, after the address hash or flags changed. An address
 *     kept on a device that goes down turns tentative without a bump:
 *     until the next one it is still refused, the safe side.
 * (6.1 and 6.12 alike.) The generations are read before the lookup, so an
 * answer cached with the new generation saw the change: the first frame
 * after `ip address add` returns is refused. The key has the namespace's
 * cookie, unique for the boot, so a slot never answers for another or a
 * later namespace at the same address. A slot is only touched by its CPU
 * in BH: no lock, no atomic. A miss costs what the lookup did before.
 * The address is compared as an IPv6 one (two words): an IPv4 address is
 * zero beyond ip4 (psw_outer_src()).
 */
#define PSW_LOCAL_BITS	4

struct psw_local_slot {
	u64 net;		/* net->net_cookie; 0: empty */
	union psw_ip ip;
	u32 gen, rtgen;		/* the generations of the answer */
	u8 family;
	bool local;
};

static DEFINE_PER_CPU(struct psw_local_slot [1 << PSW_LOCAL_BITS],
		      psw_local_cache);

static bool psw_local_addr(struct net *net, u8 family,
			   const union psw_ip *src)
{
	struct psw_local_slot *slot;
	u32 gen, rtgen, h;
	bool local;

	if (family == AF_INET) {
		gen = atomic_read(&net->ipv4.dev_addr_genid);
		rtgen = rt_genid_ipv4(net);
		h = (__force u32)src->ip4;
	} else {
		gen = atomic_read(&net->ipv6.dev_addr_genid);
		rtgen = 0;
		h = ipv6_addr_hash(&src->ip6);
	}
	slot = this_cpu_ptr(&psw_local_cache[hash_32(h, PSW_LOCAL_BITS)]);
	if (likely(slot->net == net->net_cookie && slot->family == family &&
		   slot->gen == gen && slot->rtgen == rtgen &&
		   ipv6_addr_equal(&slot->ip.ip6, &src->ip6)))
		return slot->local;
	/* The generations before the addresses (see above). */
	smp_rmb();
	if (family == AF_INET)
		local = !!__ip_dev_find(net, src->ip4, false);
	else
		local = ipv6_chk_addr(net, &src->ip6, NULL, 0);
	slot->net = net->net_cookie;
	slot->ip = *src;
	slot->gen = gen;
	slot->rtgen = rtgen;
	slot->family = family;
	slot->local = local;
	return local;
}

/**
 * psw_check_sender() - may this host's neighbour have sent an arrival?
 * @skb: the arrival, its network header the outer one
 * @dev: the device it came in on, or NULL if the path does not know it
 *       (the GRE devices do not pass it on)
 * @net: the namespace it arrived in
 * @family: the outer header's address family
 * @src: the outer source address
 *
 * Who sent an arrival, before its tunnel header is looked at: not this
 * host (a source address of its own in @net, or, when the ingress device
 * @dev is known, a loopback device), and no unicast packet (an outer
 * destination that is one of the switch's unicast addresses, not a
 * multicast group) that came in an Ethernet broadcast or multicast frame.
 * Counted on the switch only.
 *
 * Context: BH, RCU read lock held; takes no lock.
 * Return: PSW_DROP_UNSPEC if the sender may be a remote, else why not.
 */
enum psw_drop_reason psw_check_sender(const struct sk_buff *skb,
				      const struct net_device *dev,
				      struct net *net, u8 family,
				      const union psw_ip *src)
{
	union psw_ip dst;

	if (dev) {
		if (unlikely(dev->flags & IFF_LOOPBACK))
			return PSW_DROP_LOCAL_SOURCE;
		/* A group's arrivals come in multicast frames (mcast.c). */
		if (unlikely((skb->pkt_type == PACKET_BROADCAST ||
			      skb->pkt_type == PACKET_MULTICAST) &&
			     !psw_outer_dst(skb, family, &dst)))
			return PSW_DROP_UNICAST_IN_L2_MCAST;
	}
	if (unlikely(psw_local_addr(net, family, src)))
		return PSW_DROP_LOCAL_SOURCE;
	return PSW_DROP_UNSPEC;
}

/*
 * RFC 6040: an outer CE or ECT(1) mark is carried into an ECN-capable
 * inner IP header (network header set). The header is written, so it is
 * made private first; an inner packet whose header cannot be goes on
 * unchanged, and so does CE over a Not-ECT inner packet, which RFC 6040
 * would have us drop: there is no drop reason for it.
 */
static void psw_decap_ecn(struct sk_buff *skb, u8 outer)
{
	unsigned int len;
	u8 inner;

	if (likely(!(outer & INET_ECN_ECT_1)))	/* Not-ECT or ECT(0) */
		return;
	if (skb->protocol == htons(ETH_P_IP))
		len = sizeof(struct iphdr);
	else if (skb->protocol == htons(ETH_P_IPV6))
		len = sizeof(struct ipv6hdr);
	else
		return;
	if (skb_ensure_writable(skb, ETH_HLEN + len))
		return;
	if (skb->protocol == htons(ETH_P_IP))
		inner = ip_hdr(skb)->tos;
	else
		inner = ipv6_get_dsfield(ipv6_hdr(skb));
	INET_ECN_decapsulate(skb, outer, inner);
}

/**
 * psw_decap_deliver() - hand a decapsulated frame to its PAN
 * @pan: the PAN the outer header named, its sender already accepted
 *       (psw_remote_ok())
 * @skb: the inner frame, skb->data at its Ethernet header, of which
 *       ETH_HLEN bytes are linear
 * @outer: the outer header's DS field, for ECN
 * @from: the sender (outer source address) and the encapsulation, which
 *        a PAN with learning on learns the inner source MAC toward
 *
 * The common end of the three receive paths (VXLAN encap_rcv, the NVGRE
 * devices' rx handler, the EtherIP protocol handlers): sets the inner
 * headers, decapsulates ECN and passes the frame to psw_tunnel_rx().
 *
 * Context: BH, RCU read lock held; takes no lock. Consumes @skb.
 */
void psw_decap_deliver(struct psw_pan *pan, struct sk_buff *skb, u8 outer,
		       const struct psw_remote *from)
{
	skb_reset_mac_header(skb);
	skb_set_network_header(skb, ETH_HLEN);
	skb_reset_mac_len(skb);
	/* GRO aggregates: the transport header is where the checksum starts */
	if (skb->ip_summed == CHECKSUM_PARTIAL)
		skb_set_transport_header(skb, skb_checksum_start_offset(skb));
	psw_decap_ecn(skb, outer);
	psw_tunnel_rx(pan, skb, from);
}

/**
 * psw_decap_update() - open and close the switch's receive side
 * @sw: the switch
 * @u: the underlay about to be published
 * @extack: where a refusal is explained
 *
 * Make the receive side match @u, the underlay about to be published: for
 * each family @u has a local address of, a VXLAN socket bound to it and a
 * use of the namespace's NVGRE device. What is needed is opened first (on
 * a port or address change, sockets on the new ones), then what is no
 * longer needed is closed; if opening fails, what this call opened is
 * closed again and nothing has changed.
 *
 * Context: RTNL.
 * Return: 0, or a negative errno with @extack set and nothing changed.
 */
int psw_decap_update(struct psw_switch *sw, const struct psw_underlay *u,
		     struct netlink_ext_ack *extack)
{
	struct psw_decap *d = &sw->decap;
	struct net *net = dev_net(sw->dev);
	bool want4 = u->local4 != 0;
	bool want6 = !ipv6_addr_any(&u->local6);
	bool new_port = d->vxlan_port != u->vxlan_port;
	struct socket *sock4 = NULL, *sock6 = NULL, *old;
	bool got4 = false, got6 = false;
	union psw_ip ip;
	LIST_HEAD(kill);
	int err;

	ASSERT_RTNL();

	if ((want4 || want6) && !u->vxlan_port) {
		NL_SET_ERR_MSG(extack, "VXLAN UDP port 0 is not valid");
		return -EINVAL;
	}

	if (want4 && (!d->vxlan4 || new_port || d->vxlan_local4 != u->local4)) {
		memset(&ip, 0, sizeof(ip));
		ip.ip4 = u->local4;
		sock4 = psw_vxlan_open(sw, AF_INET, &ip, u->vxlan_port, false,
				       extack);
		if (IS_ERR(sock4)) {
			err = PTR_ERR(sock4);
			sock4 = NULL;
			goto undo;
		}
	}
	if (want6 && (!d->vxlan6 || new_port ||
		      !ipv6_addr_equal(&d->vxlan_local6, &u->local6))) {
		ip.ip6 = u->local6;
		sock6 = psw_vxlan_open(sw, AF_INET6, &ip, u->vxlan_port,
				       false, extack);
		if (IS_ERR(sock6)) {
			err = PTR_ERR(sock6);
			sock6 = NULL;
			goto undo;
		}
	}
	if (want4) {
		err = psw_nvgre_get(net, 0, !d->nvgre4, extack);
		if (err)
			goto undo;
		got4 = !d->nvgre4;
	}
	if (want6) {
		err = psw_nvgre_get(net, 1, !d->nvgre6, extack);
		if (err)
			goto undo;
		got6 = !d->nvgre6;
	}

	/* Everything needed is open: switch over, close the rest. */
	if (got4) {
		d->nvgre4 = true;
	} else if (!want4 && d->nvgre4) {
		psw_nvgre_put(net, 0, &kill);
		d->nvgre4 = false;
	}
	if (got6) {
		d->nvgre6 = true;
	} else if (!want6 && d->nvgre6) {
		psw_nvgre_put(net, 1, &kill);
		d->nvgre6 = false;
	}
	if (sock4 || !want4) {
		old = d->vxlan4;
		d->vxlan4 = sock4;
		d->vxlan_local4 = u->local4;
		if (old)
			udp_tunnel_sock_release(old);
	}
	if (sock6 || !want6) {
		old = d->vxlan6;
		d->vxlan6 = sock6;
		d->vxlan_local6 = u->local6;
		if (old)
			udp_tunnel_sock_release(old);
	}
	d->vxlan_port = d->vxlan4 || d->vxlan6 ? u->vxlan_port : 0;
	unregister_netdevice_many(&kill);
	return 0;

undo:
	if (got6)
		psw_nvgre_put(net, 1, &kill);
	if (got4)
		psw_nvgre_put(net, 0, &kill);
	if (sock6)
		udp_tunnel_sock_release(sock6);
	if (sock4)
		udp_tunnel_sock_release(sock4);
	unregister_netdevice_many(&kill);
	return err;
}

/**
 * psw_decap_release() - end the switch's uses of the NVGRE devices
 * @sw: the switch
 * @kill: where a device that loses its last user is put, or NULL
 *
 * The switch is being deleted (dellink): its uses of the namespace's
 * NVGRE devices end; a device that loses its last user is put on @kill,
 * to be unregistered with the switch.
 *
 * Context: RTNL.
 */
void psw_decap_release(struct psw_switch *sw, struct list_head *kill)
{
	struct psw_decap *d = &sw->decap;
	struct net *net = dev_net(sw->dev);

	ASSERT_RTNL();
	if (d->nvgre4) {
		psw_nvgre_put(net, 0, kill);
		d->nvgre4 = false;
	}
	if (d->nvgre6) {
		psw_nvgre_put(net, 1, kill);
		d->nvgre6 = false;
	}
}

/**
 * psw_decap_stop() - close the switch's receive side and wait for readers
 * @sw: the switch
 *
 * Close everything: the switch is going away (ndo_uninit), and has left
 * the namespace's list of switches.
 *
 * Why no arrival can hold the switch once this returns, so that the caller
 * may tear down PANs, tables and counters right away:
 *   - udp_tunnel_sock_release() clears sk_user_data, then waits for a
 *     grace period before closing the socket. encap_rcv, gro_receive and
 *     encap_err_lookup run under the RCU read lock and load sk_user_data
 *     once: a reader that got the switch has finished when the wait ends,
 *     and later ones find NULL and let the packet go (gro_complete does
 *     not use the switch);
 *   - the NVGRE devices' rx_handler finds the switch in the namespace's
 *     RCU list of switches, which it has left: a grace period after that
 *     (a socket release's, or synchronize_net() here) covers those
 *     readers. psw_decap_release() ended the switch's uses of the devices
 *     already (dellink runs first).
 * The switch's memory itself lives on until after the synchronize_net()
 * that unregister_netdevice_many() does after ndo_uninit.
 *
 * Context: RTNL; sleeps (a grace period).
 */
void psw_decap_stop(struct psw_switch *sw)
{
	struct psw_decap *d = &sw->decap;
	bool wait = true;

	ASSERT_RTNL();

	/* Only a switch that failed to register gets here without dellink. */
	if (WARN_ON_ONCE(d->nvgre4 || d->nvgre6))
		psw_decap_release(sw, NULL);
	if (d->vxlan4) {
		udp_tunnel_sock_release(d->vxlan4);	/* waits */
		d->vxlan4 = NULL;
		wait = false;
	}
	if (d->vxlan6) {
		udp_tunnel_sock_release(d->vxlan6);	/* waits */
		d->vxlan6 = NULL;
		wait = false;
	}
	d->vxlan_port = 0;
	if (wait)
		synchronize_net();
}
