// SPDX-License-Identifier: GPL-2.0
/*
 * psw-framefuzz - send malformed frames on one interface through an
 * AF_PACKET raw socket, aimed at one kind of switch port.
 *
 * usage: psw-framefuzz -i IFNAME [-K vm|uplink|tunnel] [-n COUNT] [-s SEED]
 *                      [-d MAC]... [-S MAC] [-k KINDS] [-q]
 *                      [-E MAC]... [-R MAC]... [-X MAC/LEN]          (uplink)
 *                      -D MAC [-4 ADDR] [-6 ADDR] [-p PORT] [-P PAN]...
 *                      [-a PAN=ADDR]... [-r ADDR]... [-x PAN]... [-c CLASS]
 *                                                                    (tunnel)
 *                      [-L FILE]
 *
 *   -i IFNAME  the interface to send on
 *   -K TARGET  what the frames are aimed at (default vm):
 *                vm      a vm port (IFNAME is the VM's interface, or the
 *                        peer of the port)
 *                uplink  the uplink (IFNAME is the physical network's side)
 *                tunnel  the switch's tunnel receive path: encapsulated
 *                        frames to the underlay (IFNAME is the physical
 *                        network's side of the device the underlay
 *                        addresses are on, -D its MAC)
 *   -n COUNT   frames to send (default 10000)
 *   -s SEED    random seed (default: time and pid), printed
 *   -d MAC     a destination to use besides broadcast, multicast and
 *              random ones (repeatable; e.g. the other VMs' MACs). uplink:
 *              of the frames for the host (e.g. the uplink's own MAC).
 *              tunnel: of the inner frames
 *   -S MAC     the source MAC of the frames that should have a valid one
 *              (default: random locally administered unicast). vm: the
 *              port's MAC; another unicast source is spoofed. tunnel: the
 *              outer source MAC
 *   -k KINDS   only these kinds, comma separated (see below)
 *   -q         print only the summary
 *   -L FILE    write every frame made to FILE, one line each: its number in
 *              the run, kind, (tunnel) class, protocol and outer family,
 *              twist, class without the twist and the PAN it names, then
 *              "len N" and its bytes in hex; with -c, also the frames
 *              skipped. To find which frame of a run a count misses.
 * uplink:
 *   -E MAC     an external MAC of a local VM (repeatable): unicast frames
 *              to it are the switch's
 *   -R MAC     the external MAC of a remote VM, an xlate entry
 *              (repeatable): broadcast and multicast frames from it are the
 *              switch's
 *   -X MAC/LEN the switch's external MAC range (switch set ... ext-prefix):
 *              every other frame from it is the switch's too (dropped);
 *              some host frames come from it
 * tunnel:
 *   -D MAC     the underlay device's MAC, the outer destination (required)
 *   -4 ADDR    the switch's IPv4 local address (VXLAN, NVGRE)
 *   -6 ADDR    the switch's IPv6 local address
 *   -p PORT    the switch's VXLAN UDP port (default 4789)
 *   -P PAN     a PAN the switch has (repeatable): half the VNIs and VSIDs
 *              name one, the others are unknown or invalid
 *   -a PAN=ADDR  a PAN's own local address (repeatable): EtherIP goes there
 *   -r ADDR    an outer source address (repeatable; at least one of each
 *              family used): a remote host, on the underlay's subnet so
 *              that reverse path filtering lets it in
 *   -x PAN     never name this PAN (repeatable; e.g. one whose isolation
 *              is being checked)
 *   -c CLASS   send only the frames of this class (sure, maybe or none,
 *              see below); the others are made and skipped, so the frames
 *              sent are a subset of those of the run without -c
 * Long forms: --kind, --ext, --remote-ext, --ext-prefix, --underlay-mac,
 * --local, --local6, --vxlan-port, --pan, --pan-local, --remote,
 * --avoid-pan, --class, --log.
 *
 * Kinds: vm: runt vlan arp nd vxlan nvgre etherip badcsum oversize random
 *        (frames from a VM: bad sources, cut VLAN tags, truncated ARP/ND,
 *        VXLAN/NVGRE/EtherIP look-alikes, bad checksums, oversize).
 *   uplink: arp nd ip vlan runt host. All but host are addressed so that
 *        most are the switch's business (to a local VM's external MAC,
 *        mostly from a remote one's, or broadcast/multicast from a remote
 *        VM's external MAC) with lying or truncated ARP and ND payloads;
 *        host frames are not (they go up to the host stack).
 *   tunnel: vxlan nvgre etherip outer. Correct outer Ethernet, IPv4/IPv6
 *        headers and checksums (UDP too), so that the stack hands them on,
 *        carrying truncated or lying VXLAN headers (flags, reserved bits,
 *        VNIs of known, unknown and invalid PANs), GRE with lying
 *        flags/version/key/protocol, EtherIP with bad versions, and cut or
 *        malformed inner frames; one in eight with an outer twist; outer:
 *        every frame has a broken or misdirected outer header.
 *
 * Summary: "psw-framefuzz: sent N bad_src N core_drop N owned N sure N
 * maybe N none N tagged N spoofed N link_local N", then the frames sent
 * per kind.
 *   core_drop  frames the receive path frees before any rx_handler (a
 *              VLAN tag cut short)
 *   bad_src    vm: of the others, those with a multicast or all-zero
 *              source MAC, which a switch must drop as bad_src_mac
 *   tagged, spoofed, link_local
 *              vm: of the rest, in this order, those a vm port's policy
 *              drops (LLDP off): with a VLAN tag (VID 0 with no second
 *              tag is a priority, not counted), with a source other than
 *              -S (only with -S), to 01:80:c2:00:00:0X
 *   owned      uplink: frames that are the switch's (untagged or
 *              priority-tagged, and to an -E MAC, or broadcast/multicast
 *              from an -R MAC, or from the -X range), not freed before
 *   sure       tunnel: frames the stack must hand to the switch's tunnel
 *              receive path (addressed right, outer headers valid)
 *   maybe      tunnel: frames it may or may not (bad UDP checksum, zero
 *              UDP6 checksum, fragments, IP options, L2 broadcast, martian
 *              or tagged, GRE that is not NVGRE-shaped or whose inner
 *              frame is shorter than an Ethernet header or, VLAN-tagged,
 *              than its tag and the two bytes after it, has its IP header
 *              cut, or is not ECN-capable under an outer CE mark: ip_gre
 *              drops those),
 *              EtherIP or VXLAN to an address that is not the protocol's)
 *   none       tunnel: frames the stack drops before (bad IPv4 header
 *              checksum or version, lying IP lengths, not a local address,
 *              another host's MAC, a closed UDP port)
 * and for tunnel, per PAN of -P and -a, "psw-framefuzz: pan PAN N": the
 * sure and maybe frames that name it.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <time.h>
#include <unistd.h>
#include <linux/if_ether.h>
#include <linux/if_packet.h>

#include "args.h"
#include "rand.h"

#define FRAME_MAX	(65536)
#define N_ERRNO		256
#define MAX_DST		16
#define MAX_MACS	16
#define MAX_PANS	16
#define MAX_ADDRS	16
#define VLAN_HLEN	4
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define PAN_ID_MAX	16777214	/* PSW_PAN_ID_MAX */

enum target { T_VM = 1, T_UPLINK = 2, T_TUNNEL = 4 };

/* tunnel: what the stack does with a frame (see the summary above) */
enum cls { C_NONE, C_MAYBE, C_SURE };
static const char *const cls_names[] = { "none", "maybe", "sure" };

struct frame {
	unsigned char b[FRAME_MAX];
	size_t len;
	enum cls cls;		/* tunnel */
	uint32_t pan;		/* tunnel: the PAN id it names, 0: none */
	const char *what;	/* tunnel, -L: protocol, family, twist, base */
};

struct ipaddr {
	uint8_t family;		/* 4 or 6; 0: none */
	uint8_t a[16];		/* network order */
};

struct pan_addr {
	uint32_t pan;
	struct ipaddr ip;
};

static struct {
	int fd, ifindex;
	unsigned int mtu;
	enum target target;
	uint8_t dst[MAX_DST][6];
	int n_dst;
	uint8_t src[6];
	bool have_src, quiet;
	/* uplink */
	uint8_t ext[MAX_MACS][6], rext[MAX_MACS][6];
	int n_ext, n_rext;
	uint8_t xprefix[6];	/* -X: the external MAC range */
	unsigned int xprefix_len;
	/* tunnel */
	uint8_t underlay[6];
	bool have_underlay;
	struct ipaddr local4, local6, notlocal4, notlocal6;
	uint16_t vxport;
	uint32_t pans[MAX_PANS], avoid[MAX_PANS];
	int n_pans, n_avoid;
	struct pan_addr pan_addrs[MAX_PANS];
	int n_pan_addrs;
	struct ipaddr srcs[MAX_ADDRS];
	int n_srcs;
	int only_cls;		/* -c: enum cls, or -1 */
	FILE *log;		/* -L */
	/* counters */
	uint64_t sent, bad_src, core_drop, owned, cls[3], send_err[N_ERRNO];
	uint64_t tagged, spoofed, link_local;
	uint32_t hit_pan[2 * MAX_PANS];
	uint64_t hits[2 * MAX_PANS];
	int n_hit;
} g = { .target = T_VM, .vxport = 4789, .only_cls = -1 };

/* --- helpers ------------------------------------------------------------ */

static void put16(struct frame *f, size_t off, uint16_t v)
{
	if (off + 2 <= FRAME_MAX) {
		f->b[off] = v >> 8;
		f->b[off + 1] = v;
	}
}

static uint16_t csum(const unsigned char *p, size_t len)
{
	uint32_t s = 0;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		s += (p[i] << 8) | p[i + 1];
	if (len & 1)
		s += p[len - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return ~s;
}

static void pick_dst(uint8_t *mac)
{
	static const uint8_t special[][6] = {
		{ 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
		{ 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 },
		{ 0x33, 0x33, 0x00, 0x00, 0x00, 0x01 },
		{ 0x33, 0x33, 0xff, 0x00, 0x00, 0x02 },
		{ 0x01, 0x80, 0xc2, 0x00, 0x00, 0x00 },	/* STP */
		{ 0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e },	/* LLDP */
		{ 0, 0, 0, 0, 0, 0 },
	};

	if (g.n_dst && rnd_chance(3)) {
		memcpy(mac, g.dst[rnd_below(g.n_dst)], 6);
	} else if (rnd_chance(2)) {
		memcpy(mac, special[rnd_below(sizeof(special) / 6)], 6);
	} else {
		rnd_bytes(mac, 6);
		if (rnd_chance(2))
			mac[0] &= ~1;
	}
}

static void pick_src(uint8_t *mac)
{
	switch (rnd_below(8)) {
	case 0:	/* multicast */
		rnd_bytes(mac, 6);
		mac[0] |= 1;
		break;
	case 1:	/* all zero */
		memset(mac, 0, 6);
		break;
	case 2:
		memset(mac, 0xff, 6);
		break;
	default:
		if (g.have_src) {
			memcpy(mac, g.src, 6);
		} else {
			rnd_bytes(mac, 6);
			mac[0] = (mac[0] & ~1) | 2;
		}
	}
}

/* Ethernet header (+ @ntags VLAN tags), then @type; returns the offset. */
static size_t eth(struct frame *f, unsigned int ntags, uint16_t type)
{
	size_t off = 12;
	unsigned int i;

	pick_dst(f->b);
	pick_src(f->b + 6);
	for (i = 0; i < ntags; i++) {
		put16(f, off, rnd_chance(2) ? 0x8100 : rnd_chance(2) ? 0x88a8 : 0x9100);
		put16(f, off + 2, rnd32());
		off += 4;
	}
	put16(f, off, type);
	return off + 2;
}

/* IPv4 header at @off for @proto with @plen payload bytes. */
static size_t ipv4(struct frame *f, size_t off, uint8_t proto, size_t plen)
{
	unsigned char *ip = f->b + off;
	uint16_t tot = 20 + plen;

	memset(ip, 0, 20);
	ip[0] = 0x45;
	if (rnd_chance(8))
		ip[0] = rnd32();	/* version / ihl lies */
	if (rnd_chance(8))
		tot = rnd32();		/* total length lies */
	put16(f, off + 2, tot);
	ip[8] = 64;
	ip[9] = proto;
	if (rnd_chance(8))
		put16(f, off + 6, 0x2000 | rnd_below(0x2000));	/* fragment */
	ip[12] = 198; ip[13] = 51; ip[14] = 100; ip[15] = 1 + rnd_below(4);
	ip[16] = 198; ip[17] = 51; ip[18] = 100; ip[19] = 1 + rnd_below(4);
	put16(f, off + 10, rnd_chance(3) ? (uint16_t)rnd32() : csum(ip, 20));
	return off + 20;
}

static size_t ipv6(struct frame *f, size_t off, uint8_t nh, size_t plen)
{
	unsigned char *ip = f->b + off;

	memset(ip, 0, 40);
	ip[0] = rnd_chance(8) ? rnd32() : 0x60;
	put16(f, off + 4, rnd_chance(8) ? (uint16_t)rnd32() : plen);
	ip[6] = nh;
	ip[7] = 255;
	ip[8] = 0xfe; ip[9] = 0x80; ip[23] = 1;
	if (rnd_chance(2)) {	/* solicited-node multicast */
		ip[24] = 0xff; ip[25] = 0x02; ip[35] = 1; ip[36] = 0xff;
		ip[39] = 2;
	} else {
		ip[24] = 0xfe; ip[25] = 0x80; ip[39] = 2;
	}
	return off + 40;
}

/* --- frame kinds --------------------------------------------------------- */

static void k_runt(struct frame *f)
{
	f->len = 1 + rnd_below(59);
	rnd_bytes(f->b, f->len);
	if (rnd_chance(2) && f->len >= 12)
		eth(f, 0, rnd32());
}

static void k_vlan(struct frame *f)
{
	unsigned int ntags = rnd_below(9);
	size_t off = eth(f, ntags, rnd_chance(2) ? 0x0800 : rnd32());

	f->len = off + rnd_below(64);
	rnd_bytes(f->b + off, f->len - off);
	if (rnd_chance(3))	/* cut inside a tag */
		f->len = 12 + rnd_below(4 * ntags + 3);
}

static void k_arp(struct frame *f)
{
	size_t off = eth(f, rnd_chance(4), ETH_P_ARP);
	unsigned char *a = f->b + off;

	put16(f, off, rnd_chance(4) ? (uint16_t)rnd32() : 1);	/* htype */
	put16(f, off + 2, rnd_chance(4) ? (uint16_t)rnd32() : 0x0800);
	a[4] = rnd_chance(4) ? rnd32() : 6;			/* hlen lies */
	a[5] = rnd_chance(4) ? rnd32() : 4;
	put16(f, off + 6, 1 + rnd_below(2));
	rnd_bytes(a + 8, 20);
	f->len = off + rnd_below(29);				/* truncated */
}

static void k_nd(struct frame *f)
{
	size_t plen = rnd_below(64);
	size_t off = ipv6(f, eth(f, rnd_chance(4), ETH_P_IPV6), 58, plen);
	unsigned char *icmp = f->b + off;

	icmp[0] = 133 + rnd_below(5);	/* RS, RA, NS, NA, redirect */
	icmp[1] = rnd_chance(4) ? rnd32() : 0;
	rnd_bytes(icmp + 2, plen > 2 ? plen - 2 : 0);
	if (plen > 26 && rnd_chance(2)) {
		icmp[24] = 1 + rnd_below(2);	/* option with length 0 or lying */
		icmp[25] = rnd_below(3);
	}
	f->len = off + plen;
	if (rnd_chance(3))
		f->len = 14 + rnd_below(off + plen - 14);	/* truncated */
}

static void inner_eth(struct frame *f, size_t off, size_t *end)
{
	size_t n = rnd_chance(3) ? rnd_below(14) : 14 + rnd_below(64);

	rnd_bytes(f->b + off, n);
	*end = off + n;
}

static void k_vxlan(struct frame *f)
{
	bool v6 = rnd_chance(3);
	size_t end, off = eth(f, rnd_chance(8), v6 ? ETH_P_IPV6 : ETH_P_IP);
	size_t udp;
	unsigned char *vx;

	off = v6 ? ipv6(f, off, 17, 8 + 8 + 64) : ipv4(f, off, 17, 8 + 8 + 64);
	udp = off;
	put16(f, udp, rnd32());
	put16(f, udp + 2, rnd_chance(4) ? (uint16_t)rnd32() : 4789);
	put16(f, udp + 4, rnd_chance(3) ? (uint16_t)rnd32() : 8 + 8 + 64);
	put16(f, udp + 6, rnd_chance(2) ? 0 : (uint16_t)rnd32());	/* csum */
	vx = f->b + udp + 8;
	memset(vx, 0, 8);
	vx[0] = rnd_chance(3) ? rnd32() : 0x08;	/* I flag, or lies */
	vx[4] = rnd32(); vx[5] = rnd32(); vx[6] = rnd32();
	inner_eth(f, udp + 16, &end);
	f->len = rnd_chance(3) ? 14 + rnd_below(end - 14) : end;
}

static void k_nvgre(struct frame *f)
{
	bool v6 = rnd_chance(3);
	size_t end, off = eth(f, 0, v6 ? ETH_P_IPV6 : ETH_P_IP);
	unsigned char *gre;

	off = v6 ? ipv6(f, off, 47, 8 + 64) : ipv4(f, off, 47, 8 + 64);
	gre = f->b + off;
	gre[0] = rnd_chance(3) ? rnd32() : 0x20;	/* K bit, or lies */
	gre[1] = rnd_chance(4) ? rnd32() : 0;
	put16(f, off + 2, rnd_chance(4) ? (uint16_t)rnd32() : 0x6558);
	rnd_bytes(gre + 4, 4);				/* VSID, flow id */
	inner_eth(f, off + 8, &end);
	f->len = rnd_chance(3) ? 14 + rnd_below(end - 14) : end;
}

static void k_etherip(struct frame *f)
{
	bool v6 = rnd_chance(3);
	size_t end, off = eth(f, 0, v6 ? ETH_P_IPV6 : ETH_P_IP);

	off = v6 ? ipv6(f, off, 97, 2 + 64) : ipv4(f, off, 97, 2 + 64);
	f->b[off] = rnd_chance(3) ? rnd32() : 0x30;	/* version 3, or lies */
	f->b[off + 1] = rnd_chance(4) ? rnd32() : 0;
	inner_eth(f, off + 2, &end);
	f->len = rnd_chance(3) ? 14 + rnd_below(end - 14) : end;
}

static void k_badcsum(struct frame *f)
{
	size_t off = eth(f, 0, ETH_P_IP), l4;
	uint8_t proto = rnd_chance(2) ? 17 : rnd_chance(2) ? 6 : 1;
	size_t plen = 20 + rnd_below(100);

	l4 = ipv4(f, off, proto, plen);
	rnd_bytes(f->b + l4, plen);
	if (proto == 17) {
		put16(f, l4 + 4, plen);
		put16(f, l4 + 2, 7);
	}
	/* a correct-looking IPv4 header with a wrong checksum */
	put16(f, off + 10, (uint16_t)~csum(f->b + off, 20));
	f->len = l4 + plen;
}

static void k_oversize(struct frame *f)
{
	size_t max = g.mtu + ETH_HLEN + 4;

	f->len = max - 8 + rnd_below(16 + (rnd_chance(8) ? 9000 : 0));
	if (f->len > FRAME_MAX)
		f->len = FRAME_MAX;
	rnd_bytes(f->b, f->len);
	eth(f, rnd_chance(2), rnd_chance(2) ? ETH_P_IP : rnd32());
}

static void k_random(struct frame *f)
{
	f->len = 14 + rnd_below(rnd_chance(4) ? 1500 : 200);
	rnd_bytes(f->b, f->len);
}

/* --- payloads shared by the uplink and tunnel kinds ---------------------- */

static uint32_t sum_add(uint32_t s, const unsigned char *p, size_t len)
{
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		s += (p[i] << 8) | p[i + 1];
	if (len & 1)
		s += p[len - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return s;
}

static uint16_t sum_fold(uint32_t s)
{
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return ~s;
}

/* An UDP, ICMPv6 or GRE checksum with the IP pseudo-header of @src, @dst. */
static uint16_t l4_csum(bool v6, const uint8_t *src, const uint8_t *dst,
			uint8_t proto, const unsigned char *l4, size_t len)
{
	uint32_t s = 0;

	s = sum_add(s, src, v6 ? 16 : 4);
	s = sum_add(s, dst, v6 ? 16 : 4);
	s += proto;
	s += (len >> 16) + (len & 0xffff);
	s = sum_add(s, l4, len);
	return sum_fold(s);
}

static bool mac_in(const uint8_t (*set)[6], int n, const uint8_t *mac)
{
	int i;

	for (i = 0; i < n; i++)
		if (!memcmp(set[i], mac, 6))
			return true;
	return false;
}

static void rnd_unicast(uint8_t *mac)
{
	rnd_bytes(mac, 6);
	mac[0] = (mac[0] & ~1) | 2;
}

/* Is @mac in the -X range? */
static bool in_xprefix(const uint8_t *mac)
{
	unsigned int i, bits;

	if (!g.xprefix_len)
		return false;
	for (i = 0; i < 6; i++) {
		bits = g.xprefix_len > 8 * i ? g.xprefix_len - 8 * i : 0;
		if (bits > 8)
			bits = 8;
		if ((mac[i] ^ g.xprefix[i]) & (0xff00 >> bits) & 0xff)
			return false;
	}
	return true;
}

/* A random MAC of the -X range. */
static void rnd_in_xprefix(uint8_t *mac)
{
	unsigned int i, bits;
	uint8_t r[6];

	rnd_bytes(r, 6);
	for (i = 0; i < 6; i++) {
		bits = g.xprefix_len > 8 * i ? g.xprefix_len - 8 * i : 0;
		if (bits > 8)
			bits = 8;
		mac[i] = (g.xprefix[i] & (0xff00 >> bits)) |
			 (r[i] & ~(0xff00 >> bits));
	}
}

/* A MAC to put inside an ARP or ND payload. */
static void payload_mac(uint8_t *mac, const uint8_t *hint)
{
	switch (rnd_below(6)) {
	case 0:
	case 1:
		memcpy(mac, hint, 6);
		break;
	case 2:
		if (g.n_ext) {
			memcpy(mac, g.ext[rnd_below(g.n_ext)], 6);
			break;
		}
		/* fall through */
	case 3:
		if (g.n_rext) {
			memcpy(mac, g.rext[rnd_below(g.n_rext)], 6);
			break;
		}
		/* fall through */
	case 4:
		rnd_unicast(mac);
		break;
	default:
		rnd_bytes(mac, 6);
	}
}

/*
 * An ARP (or RARP-looking) payload at @off, its sender hardware address
 * mostly @hint; lying lengths, types and operations, sometimes cut short.
 * Returns the end.
 */
static size_t arp_payload(struct frame *f, size_t off, size_t room,
			  const uint8_t *hint)
{
	unsigned char *a = f->b + off;
	size_t len = 28;

	if (room < len)
		len = room;
	put16(f, off, rnd_chance(6) ? (uint16_t)rnd32() : 1);	/* htype */
	put16(f, off + 2, rnd_chance(6) ? (rnd_chance(2) ? 0x86dd :
						(uint16_t)rnd32()) : 0x0800);
	a[4] = rnd_chance(6) ? rnd32() : 6;		/* hlen lies */
	a[5] = rnd_chance(6) ? rnd32() : 4;		/* plen lies */
	put16(f, off + 6, rnd_chance(6) ? (uint16_t)rnd32() :
	      1 + rnd_below(4));			/* ARP and RARP ops */
	payload_mac(a + 8, hint);			/* sha */
	a[14] = 198; a[15] = 51; a[16] = 100; a[17] = rnd32();
	if (rnd_chance(3))
		memset(a + 18, 0, 6);			/* tha */
	else
		payload_mac(a + 18, hint);
	a[24] = 198; a[25] = 51; a[26] = 100; a[27] = rnd32();
	if (rnd_chance(3))				/* truncated */
		len = rnd_below(len + 1);
	else if (rnd_chance(4) && room >= 46)		/* padded, or more */
		len = 28 + rnd_below(19);
	return off + len;
}

/*
 * An IPv6 packet with an ICMPv6 neighbour discovery message at @off:
 * RS, RA, NS, NA or redirect, with 0..3 link-layer address options (the
 * MAC mostly @hint), option lengths 0 or past the end, a correct ICMPv6
 * checksum three times in four; sometimes cut short anywhere. Returns the
 * end.
 */
static size_t nd_payload(struct frame *f, size_t off, size_t room,
			 const uint8_t *hint)
{
	static const unsigned int fixed[] = { 4, 12, 20, 20, 36 };
	unsigned char *ip = f->b + off, *icmp = ip + 40, *o;
	unsigned int type = rnd_below(5), nopt = rnd_below(4), i;
	size_t plen, end;

	if (room < 48)
		return off + rnd_below(room + 1);
	memset(ip, 0, 40);
	ip[0] = rnd_chance(12) ? rnd32() : 0x60;
	ip[6] = 58;
	ip[7] = rnd_chance(6) ? rnd32() : 255;		/* must be 255 */
	ip[8] = 0xfe; ip[9] = 0x80; rnd_bytes(ip + 16, 8);
	switch (rnd_below(3)) {
	case 0:	/* all nodes */
		ip[24] = 0xff; ip[25] = 0x02; ip[39] = 1;
		break;
	case 1:	/* solicited-node */
		ip[24] = 0xff; ip[25] = 0x02; ip[35] = 1; ip[36] = 0xff;
		rnd_bytes(ip + 37, 3);
		break;
	default:
		ip[24] = 0xfe; ip[25] = 0x80; rnd_bytes(ip + 32, 8);
	}
	icmp[0] = 133 + type;
	icmp[1] = rnd_chance(8) ? rnd32() : 0;
	icmp[2] = icmp[3] = 0;
	rnd_bytes(icmp + 4, fixed[type]);
	if (type >= 2) {	/* NS, NA, redirect: a target address */
		icmp[8] = 0x20; icmp[9] = 0x01; icmp[10] = 0x0d; icmp[11] = 0xb8;
	}
	plen = 4 + fixed[type];
	for (i = 0; i < nopt && 40 + plen + 8 <= room; i++) {
		o = icmp + plen;
		o[0] = rnd_chance(6) ? rnd32() : 1 + rnd_below(2); /* SLLA/TLLA */
		o[1] = 1;
		if (rnd_chance(6))
			o[1] = rnd_chance(2) ? 0 : 2 + rnd_below(8); /* lies */
		payload_mac(o + 2, hint);
		plen += 8;
	}
	if (rnd_chance(8) && 40 + plen + 16 <= room) {	/* trailing bytes */
		size_t n = 1 + rnd_below(15);

		rnd_bytes(icmp + plen, n);
		plen += n;
	}
	put16(f, off + 4, rnd_chance(10) ? (uint16_t)rnd32() : plen);
	if (!rnd_chance(4))
		put16(f, off + 40 + 2,
		      l4_csum(true, ip + 8, ip + 24, 58, icmp, plen));
	else
		put16(f, off + 40 + 2, rnd32());
	end = off + 40 + plen;
	if (rnd_chance(4))
		end = off + rnd_below(40 + plen);	/* truncated */
	return end;
}

/* A small IPv4 datagram (ICMP, UDP, TCP or other) at @off. */
static size_t ip4_payload(struct frame *f, size_t off, size_t room)
{
	size_t plen = rnd_below(rnd_chance(8) ? 1400 : 64);
	static const uint8_t protos[] = { 1, 6, 17, 47, 97, 58, 132 };
	size_t l4;

	if (room < 20)
		return off + rnd_below(room + 1);
	if (20 + plen > room)
		plen = room - 20;
	l4 = ipv4(f, off, protos[rnd_below(ARRAY_SIZE(protos))], plen);
	rnd_bytes(f->b + l4, plen);
	return l4 + plen;
}

/* Ethernet header at @off (@ntags VLAN tags, then @type). */
static size_t eth_at(struct frame *f, size_t off, const uint8_t *dst,
		     const uint8_t *src, unsigned int ntags, uint16_t type)
{
	unsigned int i;

	memcpy(f->b + off, dst, 6);
	memcpy(f->b + off + 6, src, 6);
	off += 12;
	for (i = 0; i < ntags; i++) {
		put16(f, off, rnd_chance(2) ? 0x8100 : rnd_chance(2) ? 0x88a8 : 0x9100);
		put16(f, off + 2, rnd32());
		off += 4;
	}
	put16(f, off, type);
	return off + 2;
}

static const uint8_t bcast_macs[][6] = {
	{ 0xff, 0xff, 0xff, 0xff, 0xff, 0xff },
	{ 0x01, 0x00, 0x5e, 0x00, 0x00, 0x01 },
	{ 0x01, 0x00, 0x5e, 0x7f, 0xff, 0xfa },
	{ 0x33, 0x33, 0x00, 0x00, 0x00, 0x01 },
	{ 0x33, 0x33, 0xff, 0x00, 0x00, 0x02 },
	{ 0x01, 0x80, 0xc2, 0x00, 0x00, 0x00 },	/* STP */
	{ 0x01, 0x80, 0xc2, 0x00, 0x00, 0x0e },	/* LLDP */
};

static void pick_bcast(uint8_t *mac)
{
	memcpy(mac, bcast_macs[rnd_below(ARRAY_SIZE(bcast_macs))], 6);
	if (mac[0] == 0x33 && mac[2] == 0xff && rnd_chance(2))
		rnd_bytes(mac + 3, 3);	/* another solicited-node group */
}

/* A bad source MAC: multicast, all zero or all ones. */
static void bad_src_mac(uint8_t *mac)
{
	switch (rnd_below(3)) {
	case 0:
		rnd_bytes(mac, 6);
		mac[0] |= 1;
		break;
	case 1:
		memset(mac, 0, 6);
		break;
	default:
		memset(mac, 0xff, 6);
	}
}

/* --- uplink kinds --------------------------------------------------------- */

/*
 * The addresses of a frame on the uplink. @host: one that is not the
 * switch's business. Otherwise mostly: unicast to a local VM's external
 * MAC from a remote VM's (an xlate entry: translated and delivered; from
 * another source: unknown_src), or broadcast/multicast from a remote VM's
 * external MAC (translated and flooded). Whether the frame ends up the
 * switch's is decided from the frame as sent (uplink_owned()).
 */
static void up_addrs(uint8_t *dst, uint8_t *src, bool host)
{
	unsigned int r = rnd_below(10);

	if (host || (!g.n_ext && !g.n_rext)) {
		if (g.xprefix_len && rnd_chance(6)) {
			/* a tenant's frame this switch does not take */
			rnd_in_xprefix(src);
			if (g.n_rext && rnd_chance(2))
				memcpy(src, g.rext[rnd_below(g.n_rext)], 6);
			if (g.n_dst && rnd_chance(2))
				memcpy(dst, g.dst[rnd_below(g.n_dst)], 6);
			else
				rnd_unicast(dst);
			return;
		}
		switch (rnd_below(5)) {
		case 0:	/* to a remote VM's external MAC: not local */
			if (g.n_rext) {
				memcpy(dst, g.rext[rnd_below(g.n_rext)], 6);
				rnd_unicast(src);
				return;
			}
			/* fall through */
		case 1:
			if (g.n_dst) {
				memcpy(dst, g.dst[rnd_below(g.n_dst)], 6);
				rnd_unicast(src);
				return;
			}
			/* fall through */
		case 2:	/* broadcast from a local VM's external MAC */
			pick_bcast(dst);
			if (g.n_ext && rnd_chance(2))
				memcpy(src, g.ext[rnd_below(g.n_ext)], 6);
			else if (g.have_src)
				memcpy(src, g.src, 6);
			else
				rnd_unicast(src);
			return;
		default:
			rnd_unicast(dst);
			if (rnd_chance(4))
				dst[0] |= 1;
			rnd_unicast(src);
			return;
		}
	}
	if ((r < 6 && g.n_ext) || !g.n_rext) {
		memcpy(dst, g.ext[rnd_below(g.n_ext)], 6);
		r = rnd_below(20);
		if (r < 14 && g.n_rext)
			memcpy(src, g.rext[rnd_below(g.n_rext)], 6);
		else if (r < 16)
			rnd_unicast(src);
		else if (r < 17)
			memcpy(src, g.ext[rnd_below(g.n_ext)], 6);
		else if (r < 18 && g.have_src)
			memcpy(src, g.src, 6);
		else
			bad_src_mac(src);
		return;
	}
	pick_bcast(dst);
	if (!rnd_chance(8))
		memcpy(src, g.rext[rnd_below(g.n_rext)], 6);
	else
		rnd_unicast(src);
}

/* Ethernet header of an uplink frame; returns the payload's offset. */
static size_t up_eth(struct frame *f, unsigned int ntags, uint16_t type,
		     bool host)
{
	uint8_t dst[6], src[6];

	up_addrs(dst, src, host);
	return eth_at(f, 0, dst, src, ntags, type);
}

static size_t up_room(size_t off)
{
	size_t max = g.mtu + ETH_HLEN;

	return off < max ? max - off : 0;
}

static void k_up_arp(struct frame *f)
{
	size_t off = up_eth(f, rnd_chance(8), rnd_chance(10) ? 0x8035 :
			    ETH_P_ARP, false);

	f->len = arp_payload(f, off, up_room(off), f->b + 6);
}

static void k_up_nd(struct frame *f)
{
	size_t off = up_eth(f, rnd_chance(8), ETH_P_IPV6, false);

	f->len = nd_payload(f, off, up_room(off), f->b + 6);
}

static void k_up_ip(struct frame *f)
{
	size_t off = up_eth(f, rnd_chance(8), rnd_chance(8) ? (uint16_t)rnd32() :
			    ETH_P_IP, false);

	f->len = ip4_payload(f, off, up_room(off));
}

static void k_up_vlan(struct frame *f)
{
	unsigned int ntags = 1 + rnd_below(4);
	bool arp = rnd_chance(2);
	size_t off = up_eth(f, ntags, arp ? ETH_P_ARP : ETH_P_IPV6, false);

	if (arp)
		f->len = arp_payload(f, off, up_room(off), f->b + 6);
	else
		f->len = nd_payload(f, off, up_room(off), f->b + 6);
	if (rnd_chance(3))	/* cut inside a tag */
		f->len = 12 + rnd_below(4 * ntags + 3);
}

static void k_up_runt(struct frame *f)
{
	f->len = 14 + rnd_below(46);
	rnd_bytes(f->b + 12, f->len - 12);
	up_eth(f, 0, rnd_chance(2) ? (uint16_t)rnd32() :
	       rnd_chance(2) ? ETH_P_ARP : ETH_P_IPV6, false);
}

static void k_up_host(struct frame *f)
{
	size_t off;

	switch (rnd_below(3)) {
	case 0:
		off = up_eth(f, 0, ETH_P_ARP, true);
		f->len = arp_payload(f, off, up_room(off), f->b + 6);
		break;
	case 1:
		off = up_eth(f, 0, ETH_P_IPV6, true);
		f->len = nd_payload(f, off, up_room(off), f->b + 6);
		break;
	default:
		off = up_eth(f, rnd_chance(8), ETH_P_IP, true);
		f->len = ip4_payload(f, off, up_room(off));
	}
}

/*
 * Is the frame, as sent, the switch's business on an (untagged) uplink:
 * untagged or priority-tagged, and one of its entries', or from its
 * external MAC range?
 */
static bool uplink_owned(const struct frame *f)
{
	unsigned int type;

	if (f->len < ETH_HLEN)
		return false;
	type = (f->b[12] << 8) | f->b[13];
	if ((type == ETH_P_8021Q || type == ETH_P_8021AD) &&
	    f->len < ETH_HLEN + VLAN_HLEN + 2)
		return false;	/* freed before the rx_handler */
	if (type == ETH_P_8021AD ||
	    (type == ETH_P_8021Q && ((f->b[14] << 8 | f->b[15]) & 0xfff)))
		return false;	/* on another VLAN: the host's */
	if (!(f->b[0] & 1) ? mac_in(g.ext, g.n_ext, f->b) :
			     mac_in(g.rext, g.n_rext, f->b + 6))
		return true;
	return in_xprefix(f->b + 6);
}

/*
 * What a vm port's policy does with a frame whose source is valid: 1 for
 * a VLAN tag, 2 for a forged source (with -S), 3 for a link-local
 * destination, 0 if it passes (psw_port_admit() with LLDP off).
 */
static int vm_policy(const struct frame *f)
{
	unsigned int type = (f->b[12] << 8) | f->b[13], inner;

	if (type == ETH_P_8021AD)
		return 1;
	if (type == ETH_P_8021Q) {
		inner = f->len >= 18 ? (f->b[16] << 8) | f->b[17] : 0;
		if (((f->b[14] << 8 | f->b[15]) & 0xfff) ||
		    inner == ETH_P_8021Q || inner == ETH_P_8021AD)
			return 1;
	}
	if (g.have_src && memcmp(f->b + 6, g.src, 6))
		return 2;
	if (!memcmp(f->b, "\x01\x80\xc2\x00\x00", 5) && !(f->b[5] & 0xf0))
		return 3;
	return 0;
}

/* --- tunnel kinds --------------------------------------------------------- */

/*
 * What may be wrong with an encapsulated frame's outer headers, and what
 * the stack then does with it (enum cls).
 */
enum twist {
	TW_NONE,
	TW_IP_CSUM,	/* IPv4 header checksum wrong			none */
	TW_IP_VERSION,	/* IP version not the ethertype's		none */
	TW_IHL_SHORT,	/* IPv4 IHL below 5				none */
	TW_LEN_LONG,	/* IP length past the frame's end		none */
	TW_LEN_SHORT,	/* IPv4 total length below the header's		none */
	TW_NOT_LOCAL,	/* destination is no local address		none */
	TW_OTHER_MAC,	/* Ethernet destination another host's		none */
	TW_UDP_PORT,	/* a closed UDP port				none */
	TW_UDP_LONG,	/* UDP length past the datagram, or below 8	none */
	TW_FRAG,	/* an IPv4 fragment				maybe */
	TW_OPTIONS,	/* IPv4 options, IPv6 hop-by-hop options	maybe */
	TW_BCAST_MAC,	/* Ethernet broadcast				maybe */
	TW_UDP_CSUM,	/* UDP checksum wrong, or zero over IPv6	maybe */
	TW_UDP_SHORT,	/* UDP length below the datagram's		maybe */
	TW_MARTIAN,	/* source multicast, loopback, zero or local	maybe */
	TW_VLAN,	/* a VLAN tag					maybe */
	N_TWISTS
};
#define TW_FIRST_MAYBE	TW_FRAG

static const char *const twist_names[N_TWISTS] = {
	"-", "ip_csum", "ip_version", "ihl_short", "len_long", "len_short",
	"not_local", "other_mac", "udp_port", "udp_long", "frag", "options",
	"bcast_mac", "udp_csum", "udp_short", "martian", "vlan",
};

enum tproto { TP_VXLAN, TP_NVGRE, TP_ETHERIP };

struct tun {
	bool v6;
	enum twist tw;
	uint8_t src[16], dst[16];	/* outer addresses */
	enum cls base;			/* the class without twists */
	uint32_t pan;			/* the PAN id the frame names */
	size_t inner, inner_len;	/* NVGRE: the inner frame in f->b */
};

static bool twist_ok(enum twist tw, bool v6, bool udp)
{
	switch (tw) {
	case TW_NONE:
	case N_TWISTS:
		return false;
	case TW_IP_CSUM:
	case TW_IHL_SHORT:
	case TW_LEN_SHORT:
	case TW_FRAG:
		return !v6;
	case TW_UDP_PORT:
	case TW_UDP_LONG:
	case TW_UDP_CSUM:
	case TW_UDP_SHORT:
		return udp;
	default:
		return true;
	}
}

static enum twist pick_twist(bool v6, bool udp)
{
	enum twist tw;

	do
		tw = 1 + rnd_below(N_TWISTS - 1);
	while (!twist_ok(tw, v6, udp));
	return tw;
}

static const struct ipaddr *local_of(uint8_t fam)
{
	const struct ipaddr *a = fam == 4 ? &g.local4 : &g.local6;

	return a->family ? a : NULL;
}

static int count_srcs(uint8_t fam)
{
	int i, n = 0;

	for (i = 0; i < g.n_srcs; i++)
		n += g.srcs[i].family == fam;
	return n;
}

static const struct ipaddr *pick_src_addr(uint8_t fam)
{
	int i, k = rnd_below(count_srcs(fam));

	for (i = 0; i < g.n_srcs; i++)
		if (g.srcs[i].family == fam && !k--)
			return &g.srcs[i];
	return NULL;
}

static const struct pan_addr *pick_pan_addr(uint8_t fam)
{
	int i, n = 0, k;

	for (i = 0; i < g.n_pan_addrs; i++)
		n += g.pan_addrs[i].ip.family == fam;
	if (!n)
		return NULL;
	k = rnd_below(n);
	for (i = 0; i < g.n_pan_addrs; i++)
		if (g.pan_addrs[i].ip.family == fam && !k--)
			return &g.pan_addrs[i];
	return NULL;
}

/* Can @p be sent over @fam? */
static bool tproto_ok(enum tproto p, uint8_t fam)
{
	if (!count_srcs(fam))
		return false;
	if (p == TP_ETHERIP)
		return pick_pan_addr(fam) != NULL;
	return local_of(fam) != NULL;
}

static bool tproto_any(enum tproto p)
{
	return tproto_ok(p, 4) || tproto_ok(p, 6);
}

static bool avoided(uint32_t id)
{
	int i;

	for (i = 0; i < g.n_avoid; i++)
		if (g.avoid[i] == id)
			return true;
	return false;
}

/* A VNI or VSID: a known PAN half the time, else unknown or invalid. */
static uint32_t pick_pan(void)
{
	static const uint32_t odd[] = {
		0, 1, 2, 0xff, 0xff00, 0x800000, PAN_ID_MAX, PAN_ID_MAX + 1,
	};
	uint32_t id;

	do {
		if (g.n_pans && rnd_chance(2))
			id = g.pans[rnd_below(g.n_pans)];
		else if (rnd_chance(3))
			id = odd[rnd_below(ARRAY_SIZE(odd))];
		else
			id = rnd32() & 0xffffff;
	} while (avoided(id));
	return id;
}

/*
 * An inner Ethernet frame at @off, at most @room bytes: cut short (below
 * an Ethernet header), or to a -d MAC, broadcast/multicast or random, from
 * a random unicast, a -d (local VM's) or a bad source MAC, carrying
 * ARP, ND, IPv4, VLAN tags, large frames (too big for a port) or random
 * bytes. Returns its length.
 */
static size_t inner_frame(struct frame *f, size_t off, size_t room)
{
	uint8_t dst[6], src[6];
	size_t n, l3, left;
	unsigned int r;

	if (room < ETH_HLEN || rnd_chance(10)) {
		n = rnd_below((room < ETH_HLEN ? room : ETH_HLEN - 1) + 1);
		rnd_bytes(f->b + off, n);
		return n;
	}
	r = rnd_below(10);
	if (r < 4 && g.n_dst) {
		memcpy(dst, g.dst[rnd_below(g.n_dst)], 6);
	} else if (r < 7) {
		pick_bcast(dst);
	} else {
		rnd_unicast(dst);
		if (rnd_chance(4))
			rnd_bytes(dst, 6);
	}
	r = rnd_below(20);
	if (r < 16)
		rnd_unicast(src);
	else if (r < 18 && g.n_dst)
		memcpy(src, g.dst[rnd_below(g.n_dst)], 6);
	else
		bad_src_mac(src);

	switch (rnd_below(8)) {
	case 0:
	case 1:
		l3 = eth_at(f, off, dst, src, 0, ETH_P_ARP);
		return arp_payload(f, l3, room - ETH_HLEN, src) - off;
	case 2:
		l3 = eth_at(f, off, dst, src, 0, ETH_P_IPV6);
		return nd_payload(f, l3, room - ETH_HLEN, src) - off;
	case 3:
	case 4:
		l3 = eth_at(f, off, dst, src, rnd_chance(8), ETH_P_IP);
		left = room - (l3 - off);
		return ip4_payload(f, l3, left) - off;
	case 5:	/* large: too big for a port with a smaller MTU */
		l3 = eth_at(f, off, dst, src, 0, ETH_P_IP);
		left = room - ETH_HLEN;
		n = left > 200 ? left - rnd_below(200) : left;
		rnd_bytes(f->b + l3, n);
		return ETH_HLEN + n;
	case 6:
		l3 = eth_at(f, off, dst, src, 1 + rnd_below(3),
			    rnd_chance(2) ? ETH_P_ARP : ETH_P_IP);
		left = room - (l3 - off);
		n = rnd_below((left < 64 ? left : 64) + 1);
		rnd_bytes(f->b + l3, n);
		return l3 + n - off;
	default:
		l3 = eth_at(f, off, dst, src, 0, rnd32());
		left = room - ETH_HLEN;
		n = rnd_below((left < 200 ? left : 200) + 1);
		rnd_bytes(f->b + l3, n);
		return ETH_HLEN + n;
	}
}

/* UDP (8) and VXLAN (8) headers and the inner frame at @off. */
static size_t pl_vxlan(struct frame *f, size_t off, size_t room, struct tun *t)
{
	static const uint8_t lies[] = { 0x00, 0x0c, 0x88, 0x80, 0x48, 0x0a,
					0xff };
	unsigned char *vx = f->b + off + 8;
	uint32_t vni = pick_pan();

	put16(f, off, rnd_chance(8) ? (uint16_t)rnd32() :
	      49152 + rnd_below(16384));		/* source port */
	put16(f, off + 2, g.vxport);
	memset(vx, 0, 8);
	vx[0] = rnd_chance(4) ? (rnd_chance(4) ? (uint8_t)rnd32() :
				 lies[rnd_below(ARRAY_SIZE(lies))]) : 0x08;
	if (rnd_chance(8))
		rnd_bytes(vx + 1, 3);			/* reserved */
	vx[4] = vni >> 16;
	vx[5] = vni >> 8;
	vx[6] = vni;
	if (rnd_chance(8))
		vx[7] = rnd32();			/* reserved */
	t->pan = vni;
	if (rnd_chance(10))				/* header cut short */
		return 8 + rnd_below(8);
	return 16 + inner_frame(f, off + 16, room - 16);
}

/* GRE header (lying flags, version, protocol) and the inner frame. */
static size_t pl_nvgre(struct frame *f, size_t off, size_t room, struct tun *t)
{
	static const uint16_t lies[] = { 0x0000, 0xa000, 0x3000, 0xb000,
					 0x2001, 0x2007, 0x6000, 0x2100,
					 0x8000, 0x1000, 0x2078 };
	static const uint16_t protos[] = { 0x0800, 0x86dd, 0x88be, 0x894f,
					   0x0000, 0x6559, 0x8100 };
	uint16_t word = 0x2000, proto = 0x6558;
	uint32_t vsid = pick_pan();
	size_t hl = 4, ck = 0, n;

	if (rnd_chance(6))
		word = rnd_chance(8) ? (uint16_t)rnd32() :
		       lies[rnd_below(ARRAY_SIZE(lies))];
	if (rnd_chance(8))
		proto = rnd_chance(4) ? (uint16_t)rnd32() :
			protos[rnd_below(ARRAY_SIZE(protos))];
	put16(f, off, word);
	put16(f, off + 2, proto);
	if (word & 0x8000) {		/* checksum present */
		ck = off + hl;
		put16(f, ck, 0);
		put16(f, ck + 2, rnd_chance(4) ? (uint16_t)rnd32() : 0);
		hl += 4;
	}
	t->pan = 0;
	if (word & 0x2000) {		/* key: VSID << 8 | flow id */
		f->b[off + hl] = vsid >> 16;
		f->b[off + hl + 1] = vsid >> 8;
		f->b[off + hl + 2] = vsid;
		f->b[off + hl + 3] = rnd32();
		t->pan = vsid;
		hl += 4;
	}
	if (word & 0x1000) {		/* sequence number */
		rnd_bytes(f->b + off + hl, 4);
		hl += 4;
	}
	/* only a complete K-only header with protocol 0x6558 is NVGRE */
	if (word != 0x2000 || proto != 0x6558)
		t->base = C_MAYBE;
	if (rnd_chance(10)) {		/* header cut short */
		t->base = C_MAYBE;
		return rnd_below(hl);
	}
	n = inner_frame(f, off + hl, room - hl);
	/* ip_gre / ip6_gre drop an inner frame too short for Ethernet */
	if (n < ETH_HLEN)
		t->base = C_MAYBE;
	t->inner = off + hl;
	t->inner_len = n;
	if (ck)
		put16(f, ck, rnd_chance(2) ? csum(f->b + off, hl + n) :
		      (uint16_t)rnd32());
	return hl + n;
}

/* EtherIP header (version 3, or lies) and the inner frame. */
static size_t pl_etherip(struct frame *f, size_t off, size_t room,
			 struct tun *t)
{
	static const uint16_t lies[] = { 0x0000, 0x4000, 0xf000, 0x3fff,
					 0x3001, 0x2000, 0x3100, 0x0300 };

	(void)t;
	put16(f, off, rnd_chance(4) ? (rnd_chance(6) ? (uint16_t)rnd32() :
		      lies[rnd_below(ARRAY_SIZE(lies))]) : 0x3000);
	if (rnd_chance(10))		/* header cut short */
		return rnd_below(2);
	return 2 + inner_frame(f, off + 2, room - 2);
}

/* A source address the stack refuses as martian, or may. */
static void martian(uint8_t *a, bool v6, const uint8_t *dst)
{
	static const uint8_t m4[][4] = {
		{ 0, 0, 0, 0 }, { 127, 0, 0, 1 }, { 224, 0, 0, 5 },
		{ 255, 255, 255, 255 }, { 0, 1, 2, 3 },
	};
	static const uint8_t m6[][16] = {
		{ 0 },
		{ [15] = 1 },
		{ 0xff, 0x02, [15] = 1 },
	};

	if (rnd_chance(4)) {		/* the destination itself */
		memcpy(a, dst, 16);
		return;
	}
	if (v6)
		memcpy(a, m6[rnd_below(ARRAY_SIZE(m6))], 16);
	else
		memcpy(a, m4[rnd_below(ARRAY_SIZE(m4))], 4);
}

/* UDP length and checksum, with the UDP twists. */
static void udp_finish(struct frame *f, size_t l4, size_t plen, struct tun *t)
{
	unsigned int ulen = plen;
	uint16_t c;

	if (t->tw == TW_UDP_PORT) {	/* a closed port (traceroute's) */
		do
			put16(f, l4 + 2, 33434 + rnd_below(100));
		while (((f->b[l4 + 2] << 8) | f->b[l4 + 3]) == g.vxport);
	}
	if (t->tw == TW_UDP_LONG)
		ulen = rnd_chance(2) ? plen + 1 + rnd_below(100) : rnd_below(8);
	if (t->tw == TW_UDP_SHORT) {
		if (plen > 8)
			ulen = 8 + rnd_below(plen - 8);
		else
			t->tw = TW_NONE;
	}
	put16(f, l4 + 4, ulen);
	put16(f, l4 + 6, 0);
	/* over the datagram as UDP will see it (cut to a shorter length) */
	c = l4_csum(t->v6, t->src, t->dst, 17, f->b + l4,
		    ulen < plen ? ulen : plen);
	if (!c)
		c = 0xffff;
	if (!t->v6 && t->tw == TW_NONE && rnd_chance(8))
		c = 0;		/* no checksum: valid over IPv4 */
	if (t->tw == TW_UDP_CSUM)
		c = t->v6 && rnd_chance(2) ? 0 : c ^ (1 + rnd_below(0xfffe));
	put16(f, l4 + 6, c);
}

/*
 * Would the stack's GRE drop this NVGRE frame before the switch sees it?
 * The collect-metadata device (ip_tunnel_rcv(), __ip6_tnl_rcv()) wants an
 * inner IPv4 or IPv6 header whole, and drops a CE-marked packet whose
 * inner IP packet is not ECN-capable (RFC 6040). The inner frame then
 * goes through the device's receive path, which frees a VLAN-tagged one
 * too short for its tag and the two bytes after it (skb_vlan_untag() in
 * __netif_receive_skb_core(), before the rx_handler; the core_drop of
 * the other targets). Under a CE mark, a VLAN-tagged inner frame may go
 * either way: the ECN decapsulation (IP_ECN_decapsulate(),
 * IP6_ECN_decapsulate()) looks through the tags for the inner protocol
 * (vlan_get_protocol(), from an offset that depends on the skb's mac_len)
 * but reads the ECN field right after the Ethernet header, in a tag. @ip:
 * the outer header.
 */
static bool nvgre_stack_drops(const struct frame *f, const struct tun *t,
			      const unsigned char *ip)
{
	const unsigned char *in = f->b + t->inner;
	unsigned int type, ecn, ihl;

	if (t->inner_len < ETH_HLEN)
		return true;
	type = in[12] << 8 | in[13];
	if ((type == ETH_P_8021Q || type == ETH_P_8021AD) &&
	    t->inner_len < ETH_HLEN + VLAN_HLEN + 2)
		return true;
	ecn = t->v6 ? (ip[1] >> 4) & 3 : ip[1] & 3;
	if (ecn == 3 && (type == ETH_P_8021Q || type == ETH_P_8021AD))
		return true;
	if (type != ETH_P_IP && type != ETH_P_IPV6)
		return false;
	ihl = type == ETH_P_IP ? 20 : 40;
	if (t->inner_len < ETH_HLEN + ihl)
		return true;
	if (ecn != 3)
		return false;
	if (type == ETH_P_IP)
		return !(in[ETH_HLEN + 1] & 3);
	return !((in[ETH_HLEN + 1] >> 4) & 3);
}

/*
 * An encapsulated frame of protocol @p to the switch (or a PAN): correct
 * outer headers unless a twist says otherwise (always with @force).
 */
static void tunnel_frame(struct frame *f, enum tproto p, bool force)
{
	struct tun t;
	const struct pan_addr *pa;
	const struct ipaddr *la;
	uint8_t dmac[6], smac[6], fam, proto;
	size_t l3, l4, hl, plen, room, n;
	unsigned char *ip;
	bool pad = rnd_chance(8);

	memset(&t, 0, sizeof(t));
	if (tproto_ok(p, 4) && tproto_ok(p, 6))
		fam = rnd_chance(3) ? 6 : 4;
	else
		fam = tproto_ok(p, 4) ? 4 : 6;
	t.v6 = fam == 6;
	proto = p == TP_VXLAN ? 17 : p == TP_NVGRE ? 47 : 97;
	t.tw = force || rnd_chance(8) ? pick_twist(t.v6, p == TP_VXLAN) :
					TW_NONE;
	t.base = C_SURE;

	/*
	 * The destination: VXLAN and NVGRE go to the switch's local address,
	 * EtherIP to a PAN's. Sometimes the other one, which is not the
	 * protocol's: the stack and the switch may pass it or not.
	 */
	la = local_of(fam);
	if (p == TP_ETHERIP) {
		pa = pick_pan_addr(fam);
		if (la && rnd_chance(7)) {
			memcpy(t.dst, la->a, 16);
			t.base = C_MAYBE;
		} else {
			memcpy(t.dst, pa->ip.a, 16);
		}
	} else {
		pa = rnd_chance(10) ? pick_pan_addr(fam) : NULL;
		if (pa) {
			memcpy(t.dst, pa->ip.a, 16);
			t.base = C_MAYBE;
		} else {
			memcpy(t.dst, la->a, 16);
		}
	}
	if (t.tw == TW_NOT_LOCAL)
		memcpy(t.dst, (fam == 4 ? &g.notlocal4 : &g.notlocal6)->a, 16);
	memcpy(t.src, pick_src_addr(fam)->a, 16);
	if (t.tw == TW_MARTIAN)
		martian(t.src, t.v6, t.dst);

	memcpy(dmac, g.underlay, 6);
	if (t.tw == TW_OTHER_MAC) {
		rnd_unicast(dmac);
		if (!memcmp(dmac, g.underlay, 6))
			dmac[5] ^= 1;
	} else if (t.tw == TW_BCAST_MAC) {
		memset(dmac, 0xff, 6);
	}
	if (g.have_src)
		memcpy(smac, g.src, 6);
	else
		rnd_unicast(smac);
	l3 = eth_at(f, 0, dmac, smac, t.tw == TW_VLAN,
		    t.v6 ? ETH_P_IPV6 : ETH_P_IP);
	if (t.tw == TW_VLAN && rnd_chance(2))
		put16(f, 12, ETH_P_8021Q);

	hl = t.v6 ? 40 : 20;
	if (t.tw == TW_OPTIONS)
		hl += t.v6 ? 8 : 4 + 4 * rnd_below(10);
	l4 = l3 + hl;
	room = g.mtu + ETH_HLEN - l4 - (pad ? 24 : 0);

	switch (p) {
	case TP_VXLAN:
		plen = pl_vxlan(f, l4, room, &t);
		break;
	case TP_NVGRE:
		plen = pl_nvgre(f, l4, room, &t);
		break;
	default:
		plen = pl_etherip(f, l4, room, &t);
		for (n = 0; n < (size_t)g.n_pan_addrs; n++)
			if (g.pan_addrs[n].ip.family == fam &&
			    !memcmp(g.pan_addrs[n].ip.a, t.dst, fam == 4 ? 4 : 16))
				t.pan = g.pan_addrs[n].pan;
	}

	ip = f->b + l3;
	memset(ip, 0, hl);
	if (!t.v6) {
		ip[0] = 0x40 | hl / 4;
		ip[1] = rnd_chance(4) ? rnd32() : 0;		/* DSCP, ECN */
		put16(f, l3 + 2, hl + plen);
		put16(f, l3 + 4, rnd32());
		put16(f, l3 + 6, rnd_chance(2) ? 0x4000 : 0);	/* DF */
		if (t.tw == TW_FRAG)
			put16(f, l3 + 6, rnd_chance(2) ? 0x2000 | rnd_below(0x2000) :
			      1 + rnd_below(0x1fff));
		ip[8] = 1 + rnd_below(255);
		ip[9] = proto;
		memcpy(ip + 12, t.src, 4);
		memcpy(ip + 16, t.dst, 4);
		if (hl > 20) {		/* options: padding, or random ones */
			if (rnd_chance(2))
				memset(ip + 20, 1, hl - 20);	/* NOPs */
			else
				rnd_bytes(ip + 20, hl - 20);
		}
	} else {
		ip[0] = 0x60 | rnd_below(16);			/* traffic class */
		rnd_bytes(ip + 1, 3);				/* and flow label */
		put16(f, l3 + 4, hl - 40 + plen);
		ip[6] = hl > 40 ? 0 : proto;			/* hop-by-hop */
		ip[7] = 1 + rnd_below(255);
		memcpy(ip + 8, t.src, 16);
		memcpy(ip + 24, t.dst, 16);
		if (hl > 40) {
			ip[40] = proto;
			ip[41] = 0;
			if (rnd_chance(2)) {	/* PadN */
				ip[42] = 1;
				ip[43] = 4;
			} else {
				rnd_bytes(ip + 42, 6);
			}
		}
	}
	if (p == TP_VXLAN)
		udp_finish(f, l4, plen, &t);
	if (p == TP_NVGRE && t.base == C_SURE && nvgre_stack_drops(f, &t, ip))
		t.base = C_MAYBE;

	switch (t.tw) {
	case TW_IP_VERSION:
		n = rnd_below(16);
		if (n == (t.v6 ? 6u : 4u))
			n ^= 8;
		ip[0] = (ip[0] & 0x0f) | n << 4;
		break;
	case TW_IHL_SHORT:
		ip[0] = 0x40 | rnd_below(5);
		break;
	case TW_LEN_LONG:
		if (t.v6)
			put16(f, l3 + 4, hl - 40 + plen + 1 + rnd_below(200));
		else
			put16(f, l3 + 2, hl + plen + 1 + rnd_below(200));
		pad = false;
		break;
	case TW_LEN_SHORT:
		put16(f, l3 + 2, rnd_below(hl));
		break;
	default:
		break;
	}
	if (!t.v6) {
		uint16_t c;

		put16(f, l3 + 10, 0);
		c = csum(ip, hl);
		if (t.tw == TW_IP_CSUM)
			c ^= 1 + rnd_below(0xfffe);
		put16(f, l3 + 10, c);
	}
	f->len = l4 + plen;
	if (pad) {		/* bytes past the IP datagram: trimmed */
		n = 1 + rnd_below(24);
		rnd_bytes(f->b + f->len, n);
		f->len += n;
	}
	if (t.tw == TW_NONE)
		f->cls = t.base;
	else if (t.tw < TW_FIRST_MAYBE)
		f->cls = C_NONE;
	else
		f->cls = C_MAYBE;
	f->pan = t.pan;
	if (g.log) {
		static char what[64];

		snprintf(what, sizeof(what), "%s%s %s base %s",
			 p == TP_VXLAN ? "vxlan" : p == TP_NVGRE ? "nvgre" :
			 "etherip", t.v6 ? "6" : "4", twist_names[t.tw],
			 cls_names[t.base]);
		f->what = what;
	}
}

static void k_tvxlan(struct frame *f)
{
	tunnel_frame(f, TP_VXLAN, false);
}

static void k_tnvgre(struct frame *f)
{
	tunnel_frame(f, TP_NVGRE, false);
}

static void k_tetherip(struct frame *f)
{
	tunnel_frame(f, TP_ETHERIP, false);
}

static void k_touter(struct frame *f)
{
	enum tproto p;

	do
		p = rnd_below(3);
	while (!tproto_any(p));
	tunnel_frame(f, p, true);
}

static struct kind {
	const char *name;
	void (*make)(struct frame *f);
	unsigned int targets;
	bool on;
	uint64_t sent;
} kinds[] = {
	{ .name = "runt",	.make = k_runt,		.targets = T_VM },
	{ .name = "vlan",	.make = k_vlan,		.targets = T_VM },
	{ .name = "arp",	.make = k_arp,		.targets = T_VM },
	{ .name = "nd",		.make = k_nd,		.targets = T_VM },
	{ .name = "vxlan",	.make = k_vxlan,	.targets = T_VM },
	{ .name = "nvgre",	.make = k_nvgre,	.targets = T_VM },
	{ .name = "etherip",	.make = k_etherip,	.targets = T_VM },
	{ .name = "badcsum",	.make = k_badcsum,	.targets = T_VM },
	{ .name = "oversize",	.make = k_oversize,	.targets = T_VM },
	{ .name = "random",	.make = k_random,	.targets = T_VM },
	{ .name = "arp",	.make = k_up_arp,	.targets = T_UPLINK },
	{ .name = "nd",		.make = k_up_nd,	.targets = T_UPLINK },
	{ .name = "ip",		.make = k_up_ip,	.targets = T_UPLINK },
	{ .name = "vlan",	.make = k_up_vlan,	.targets = T_UPLINK },
	{ .name = "runt",	.make = k_up_runt,	.targets = T_UPLINK },
	{ .name = "host",	.make = k_up_host,	.targets = T_UPLINK },
	{ .name = "vxlan",	.make = k_tvxlan,	.targets = T_TUNNEL },
	{ .name = "nvgre",	.make = k_tnvgre,	.targets = T_TUNNEL },
	{ .name = "etherip",	.make = k_tetherip,	.targets = T_TUNNEL },
	{ .name = "outer",	.make = k_touter,	.targets = T_TUNNEL },
};

#define N_KINDS ARRAY_SIZE(kinds)

static int parse_mac(const char *s, uint8_t *mac)
{
	unsigned int v[6], i;
	char c;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x%c", &v[0], &v[1], &v[2], &v[3],
		   &v[4], &v[5], &c) != 6)
		return -1;
	for (i = 0; i < 6; i++) {
		if (v[i] > 0xff)
			return -1;
		mac[i] = v[i];
	}
	return 0;
}

static int parse_ip(const char *s, struct ipaddr *ip)
{
	memset(ip, 0, sizeof(*ip));
	if (inet_pton(AF_INET, s, ip->a) == 1)
		ip->family = 4;
	else if (inet_pton(AF_INET6, s, ip->a) == 1)
		ip->family = 6;
	return ip->family ? 0 : -1;
}

static int parse_pan(const char *s, uint32_t *pan)
{
	uint64_t v;

	if (!arg_u64(s, 0xffffff, &v))
		return -1;
	*pan = v;
	return 0;
}

static bool ip_eq(const struct ipaddr *a, const struct ipaddr *b)
{
	return a->family == b->family && !memcmp(a->a, b->a, 16);
}

static bool ip_known(const struct ipaddr *a)
{
	int i;

	if (ip_eq(a, &g.local4) || ip_eq(a, &g.local6))
		return true;
	for (i = 0; i < g.n_pan_addrs; i++)
		if (ip_eq(a, &g.pan_addrs[i].ip))
			return true;
	for (i = 0; i < g.n_srcs; i++)
		if (ip_eq(a, &g.srcs[i]))
			return true;
	return false;
}

/*
 * An address of @fam on the underlay's subnet that is no one's: the same
 * prefix as the local address (or a PAN's, or a source), ending .254 or
 * ::fffe (or just below, while that is one of the given addresses).
 */
static void derive_notlocal(uint8_t fam, struct ipaddr *out)
{
	const struct ipaddr *base = local_of(fam);
	int i;

	for (i = 0; !base && i < g.n_pan_addrs; i++)
		if (g.pan_addrs[i].ip.family == fam)
			base = &g.pan_addrs[i].ip;
	for (i = 0; !base && i < g.n_srcs; i++)
		if (g.srcs[i].family == fam)
			base = &g.srcs[i];
	memset(out, 0, sizeof(*out));
	if (!base)
		return;
	*out = *base;
	if (fam == 4) {
		out->a[3] = 254;
		while (ip_known(out))
			out->a[3]--;
	} else {
		out->a[14] = 0xff;
		out->a[15] = 0xfe;
		while (ip_known(out))
			out->a[15]--;
	}
}

static void add_hit_pan(uint32_t pan)
{
	int i;

	for (i = 0; i < g.n_hit; i++)
		if (g.hit_pan[i] == pan)
			return;
	if (g.n_hit < (int)ARRAY_SIZE(g.hit_pan))
		g.hit_pan[g.n_hit++] = pan;
}

static void count_pan(uint32_t pan)
{
	int i;

	for (i = 0; i < g.n_hit; i++)
		if (g.hit_pan[i] == pan)
			g.hits[i]++;
}

/*
 * -L: one line per frame made, sent or skipped by -c: its number, kind,
 * class (tunnel), what it is, the PAN it names, its length and bytes.
 */
static void log_frame(uint64_t i, const char *kind, const struct frame *f)
{
	size_t k;

	fprintf(g.log, "%" PRIu64 " %s", i, kind);
	if (g.target == T_TUNNEL)
		fprintf(g.log, " %s %s pan %" PRIu32, cls_names[f->cls],
			f->what ?: "-", f->pan);
	fprintf(g.log, " len %zu ", f->len);
	for (k = 0; k < f->len; k++)
		fprintf(g.log, "%02x", f->b[k]);
	fputc('\n', g.log);
}

static void usage(void)
{
	fprintf(stderr,
		"usage: psw-framefuzz -i IFNAME [-K vm|uplink|tunnel] [-n COUNT] [-s SEED] [-d MAC]...\n"
		"                     [-S MAC] [-k KINDS] [-q]\n"
		"  uplink: [-E MAC]... [-R MAC]... [-X MAC/LEN]\n"
		"  tunnel: -D MAC [-4 ADDR] [-6 ADDR] [-p PORT] [-P PAN]... [-a PAN=ADDR]...\n"
		"          [-r ADDR]... [-x PAN]... [-c sure|maybe|none]\n"
		"  [-L FILE]\n");
	exit(2);
}

/* Option arguments that add a MAC or a PAN to a list of at most @max. */
static void add_mac(uint8_t (*list)[6], int *n, int max, const char *s)
{
	if (*n >= max || parse_mac(s, list[*n]))
		usage();
	(*n)++;
}

static void add_pan(uint32_t *list, int *n, int max, const char *s)
{
	if (*n >= max || parse_pan(s, &list[*n]))
		usage();
	(*n)++;
}

static const char *target_name(enum target t)
{
	return t == T_UPLINK ? "uplink" : t == T_TUNNEL ? "tunnel" : "vm";
}

/* Which kinds run: the target's, filtered by -k, that can be built. */
static unsigned int select_kinds(const char *only)
{
	unsigned int k, n_on = 0;
	const char *p;
	size_t l;

	for (k = 0; k < N_KINDS; k++) {
		struct kind *kd = &kinds[k];

		kd->on = kd->targets & g.target;
		if (kd->on && only) {
			p = only;
			l = strlen(kd->name);
			kd->on = false;
			while ((p = strstr(p, kd->name))) {
				if ((p == only || p[-1] == ',') &&
				    (p[l] == ',' || !p[l])) {
					kd->on = true;
					break;
				}
				p += l;
			}
		}
		if (kd->on && g.target == T_TUNNEL) {
			if ((kd->make == k_tvxlan && !tproto_any(TP_VXLAN)) ||
			    (kd->make == k_tnvgre && !tproto_any(TP_NVGRE)) ||
			    (kd->make == k_tetherip && !tproto_any(TP_ETHERIP)) ||
			    (kd->make == k_touter && !tproto_any(TP_VXLAN) &&
			     !tproto_any(TP_NVGRE) && !tproto_any(TP_ETHERIP))) {
				if (!g.quiet)
					fprintf(stderr, "psw-framefuzz: kind %s off: no addresses for it\n",
						kd->name);
				kd->on = false;
			}
		}
		n_on += kd->on;
	}
	return n_on;
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "kind",		required_argument, NULL, 'K' },
		{ "ext",		required_argument, NULL, 'E' },
		{ "remote-ext",		required_argument, NULL, 'R' },
		{ "ext-prefix",		required_argument, NULL, 'X' },
		{ "underlay-mac",	required_argument, NULL, 'D' },
		{ "local",		required_argument, NULL, '4' },
		{ "local6",		required_argument, NULL, '6' },
		{ "vxlan-port",		required_argument, NULL, 'p' },
		{ "pan",		required_argument, NULL, 'P' },
		{ "pan-local",		required_argument, NULL, 'a' },
		{ "remote",		required_argument, NULL, 'r' },
		{ "avoid-pan",		required_argument, NULL, 'x' },
		{ "class",		required_argument, NULL, 'c' },
		{ "log",		required_argument, NULL, 'L' },
		{ NULL, 0, NULL, 0 },
	};
	uint64_t count = 10000, i, seed;
	const char *ifname = NULL, *only = NULL;
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	static struct frame f;
	struct ifreq ifr;
	struct ipaddr ip;
	unsigned int k;
	uint64_t v;
	char *end;
	int opt, e;

	seed = (uint64_t)time(NULL) * 1000003u ^ (uint64_t)getpid();
	while ((opt = getopt_long(argc, argv,
				  "i:n:s:d:S:k:qhK:E:R:X:D:4:6:p:P:a:r:x:c:L:",
				  longopts, NULL)) != -1) {
		switch (opt) {
		case 'i': ifname = optarg; break;
		case 'n': count = arg_num(optarg, UINT64_MAX, usage); break;
		case 's': seed = arg_num(optarg, UINT64_MAX, usage); break;
		case 'd': add_mac(g.dst, &g.n_dst, MAX_DST, optarg); break;
		case 'S':
			if (parse_mac(optarg, g.src))
				usage();
			g.have_src = true;
			break;
		case 'k': only = optarg; break;
		case 'q': g.quiet = true; break;
		case 'K':
			if (!strcmp(optarg, "vm"))
				g.target = T_VM;
			else if (!strcmp(optarg, "uplink"))
				g.target = T_UPLINK;
			else if (!strcmp(optarg, "tunnel"))
				g.target = T_TUNNEL;
			else
				usage();
			break;
		case 'E': add_mac(g.ext, &g.n_ext, MAX_MACS, optarg); break;
		case 'R': add_mac(g.rext, &g.n_rext, MAX_MACS, optarg); break;
		case 'X':
			end = strchr(optarg, '/');
			if (!end)
				usage();
			*end = 0;
			if (parse_mac(optarg, g.xprefix) ||
			    !arg_u64(end + 1, 48, &v) || v < 8)
				usage();
			g.xprefix_len = v;
			break;
		case 'D':
			if (parse_mac(optarg, g.underlay))
				usage();
			g.have_underlay = true;
			break;
		case '4':
			if (parse_ip(optarg, &g.local4) || g.local4.family != 4)
				usage();
			break;
		case '6':
			if (parse_ip(optarg, &g.local6) || g.local6.family != 6)
				usage();
			break;
		case 'p':
			if (!arg_u64(optarg, 65535, &v) || !v)
				usage();
			g.vxport = v;
			break;
		case 'P': add_pan(g.pans, &g.n_pans, MAX_PANS, optarg); break;
		case 'a':
			end = strchr(optarg, '=');
			if (!end || g.n_pan_addrs >= MAX_PANS)
				usage();
			*end = 0;
			if (parse_pan(optarg, &g.pan_addrs[g.n_pan_addrs].pan) ||
			    parse_ip(end + 1, &g.pan_addrs[g.n_pan_addrs].ip))
				usage();
			g.n_pan_addrs++;
			break;
		case 'r':
			if (g.n_srcs >= MAX_ADDRS || parse_ip(optarg, &ip))
				usage();
			g.srcs[g.n_srcs++] = ip;
			break;
		case 'x': add_pan(g.avoid, &g.n_avoid, MAX_PANS, optarg); break;
		case 'c':
			if (!strcmp(optarg, "sure"))
				g.only_cls = C_SURE;
			else if (!strcmp(optarg, "maybe"))
				g.only_cls = C_MAYBE;
			else if (!strcmp(optarg, "none"))
				g.only_cls = C_NONE;
			else
				usage();
			break;
		case 'L':
			g.log = fopen(optarg, "w");
			if (!g.log) {
				perror(optarg);
				return 2;
			}
			break;
		default: usage();
		}
	}
	if (!ifname || optind != argc)
		usage();
	if (g.target == T_TUNNEL && !g.have_underlay) {
		fprintf(stderr, "psw-framefuzz: -K tunnel needs -D (the underlay device's MAC)\n");
		usage();
	}
	for (e = 0; e < g.n_avoid; e++)
		for (k = 0; k < (unsigned int)g.n_pans; k++)
			if (g.pans[k] == g.avoid[e])
				usage();
	if (!select_kinds(only)) {
		fprintf(stderr, "psw-framefuzz: no kind of frame to send for -K %s\n",
			target_name(g.target));
		usage();
	}
	derive_notlocal(4, &g.notlocal4);
	derive_notlocal(6, &g.notlocal6);
	for (e = 0; e < g.n_pans; e++)
		add_hit_pan(g.pans[e]);
	for (e = 0; e < g.n_pan_addrs; e++)
		add_hit_pan(g.pan_addrs[e].pan);

	printf("psw-framefuzz: seed %" PRIu64 " count %" PRIu64 " on %s kind %s\n",
	       seed, count, ifname, target_name(g.target));
	fflush(stdout);
	rnd_seed(seed);

	g.fd = socket(AF_PACKET, SOCK_RAW | SOCK_CLOEXEC, 0);
	if (g.fd < 0) {
		perror("psw-framefuzz: socket(AF_PACKET)");
		return 2;
	}
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", ifname);
	if (ioctl(g.fd, SIOCGIFINDEX, &ifr)) {
		perror("psw-framefuzz: SIOCGIFINDEX");
		return 2;
	}
	g.ifindex = ifr.ifr_ifindex;
	g.mtu = 1500;
	if (!ioctl(g.fd, SIOCGIFMTU, &ifr))
		g.mtu = ifr.ifr_mtu;
	if (g.target == T_TUNNEL && g.mtu < 576) {
		fprintf(stderr, "psw-framefuzz: MTU %u of %s is too small for -K tunnel\n",
			g.mtu, ifname);
		return 2;
	}
	sll.sll_ifindex = g.ifindex;
	sll.sll_protocol = htons(ETH_P_ALL);
	sll.sll_halen = 6;

	for (i = 0; i < count; i++) {
		struct kind *kd;
		unsigned char src[6] = { 0 };
		unsigned int type;
		ssize_t rc;

		do
			kd = &kinds[rnd_below(N_KINDS)];
		while (!kd->on);
		memset(f.b, 0, 2048);
		f.len = 0;
		f.cls = C_NONE;
		f.pan = 0;
		f.what = NULL;
		kd->make(&f);
		if (f.len > FRAME_MAX)
			f.len = FRAME_MAX;
		if (!f.len)
			f.len = 1;
		if (g.log)
			log_frame(i, kd->name, &f);
		if (g.target == T_TUNNEL && g.only_cls >= 0 &&
		    (int)f.cls != g.only_cls)
			continue;
		rc = sendto(g.fd, f.b, f.len, 0, (struct sockaddr *)&sll,
			    sizeof(sll));
		if (rc < 0) {
			e = errno;
			g.send_err[e < N_ERRNO ? e : 0]++;
			if (e == ENOBUFS || e == EAGAIN)
				usleep(1000);
			continue;
		}
		g.sent++;
		kd->sent++;
		/*
		 * A VLAN-tagged frame too short for its tag is freed by the
		 * receive path (skb_vlan_untag()) before any rx_handler.
		 */
		type = f.len >= 14 ? (f.b[12] << 8) | f.b[13] : 0;
		if ((type == ETH_P_8021Q || type == ETH_P_8021AD) &&
		    f.len < ETH_HLEN + VLAN_HLEN + 2) {
			g.core_drop++;
		} else if (g.target == T_VM) {
			/* the source MAC as it leaves */
			if (f.len > 6)
				memcpy(src, f.b + 6, f.len >= 12 ? 6 : f.len - 6);
			if ((src[0] & 1) || !(src[0] | src[1] | src[2] |
					      src[3] | src[4] | src[5])) {
				g.bad_src++;
			} else {
				switch (vm_policy(&f)) {
				case 1: g.tagged++; break;
				case 2: g.spoofed++; break;
				case 3: g.link_local++; break;
				}
			}
		}
		if (g.target == T_UPLINK && uplink_owned(&f))
			g.owned++;
		if (g.target == T_TUNNEL) {
			g.cls[f.cls]++;
			if (f.cls != C_NONE && f.pan)
				count_pan(f.pan);
		}
		if (!g.quiet && count >= 10 && (i + 1) % (count / 10) == 0) {
			printf("psw-framefuzz: %" PRIu64 " done\n", i + 1);
			fflush(stdout);
		}
	}

	printf("psw-framefuzz: sent %" PRIu64 " bad_src %" PRIu64
	       " core_drop %" PRIu64 " owned %" PRIu64 " sure %" PRIu64
	       " maybe %" PRIu64 " none %" PRIu64 " tagged %" PRIu64
	       " spoofed %" PRIu64 " link_local %" PRIu64 "\n", g.sent,
	       g.bad_src, g.core_drop, g.owned, g.cls[C_SURE], g.cls[C_MAYBE],
	       g.cls[C_NONE], g.tagged, g.spoofed, g.link_local);
	for (k = 0; k < N_KINDS; k++)
		if (kinds[k].on)
			printf("psw-framefuzz: kind %-9s %" PRIu64 "\n",
			       kinds[k].name, kinds[k].sent);
	if (g.target == T_TUNNEL)
		for (e = 0; e < g.n_hit; e++)
			printf("psw-framefuzz: pan %" PRIu32 " %" PRIu64 "\n",
			       g.hit_pan[e], g.hits[e]);
	for (e = 0; e < N_ERRNO; e++)
		if (g.send_err[e])
			printf("psw-framefuzz: send  %-14s %" PRIu64 "\n",
			       strerrorname_np(e) ?: "?", g.send_err[e]);
	return g.sent ? 0 : 1;
}
