// SPDX-License-Identifier: GPL-2.0
/*
 * psw-framefuzz - send malformed Ethernet frames on one interface through
 * an AF_PACKET raw socket.
 *
 * usage: psw-framefuzz -i IFNAME [-n COUNT] [-s SEED] [-d MAC]...
 *                      [-S MAC] [-k KINDS] [-q]
 *
 *   -i IFNAME  the interface to send on
 *   -n COUNT   frames to send (default 10000)
 *   -s SEED    random seed (default: time and pid), printed
 *   -d MAC     a destination to use besides broadcast, multicast and
 *              random ones (repeatable; e.g. the other VMs' MACs)
 *   -S MAC     the source MAC of the frames that should have a valid one
 *              (default: random locally administered unicast)
 *   -k KINDS   only these kinds, comma separated (see the table below)
 *   -q         print only the summary
 *
 * The summary counts frames sent, refused by the kernel (by errno), per
 * kind; "core_drop": frames the receive path frees before a switch sees
 * them (a VLAN tag cut short); "bad_src": of the others, those with a
 * multicast or all-zero source MAC, which a switch must drop as
 * bad_src_mac.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
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

#include "rand.h"

#define FRAME_MAX	(65536)
#define N_ERRNO		256
#define MAX_DST		16
#define VLAN_HLEN	4

struct frame {
	unsigned char b[FRAME_MAX];
	size_t len;
};

static struct {
	int fd, ifindex;
	unsigned int mtu;
	uint8_t dst[MAX_DST][6];
	int n_dst;
	uint8_t src[6];
	bool have_src, quiet;
	uint64_t sent, bad_src, core_drop, send_err[N_ERRNO];
} g;

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

static const struct kind {
	const char *name;
	void (*make)(struct frame *f);
	bool on;
	uint64_t sent;
} kinds_init[] = {
	{ .name = "runt", .make = k_runt },
	{ .name = "vlan", .make = k_vlan },
	{ .name = "arp", .make = k_arp },
	{ .name = "nd", .make = k_nd },
	{ .name = "vxlan", .make = k_vxlan },
	{ .name = "nvgre", .make = k_nvgre },
	{ .name = "etherip", .make = k_etherip },
	{ .name = "badcsum", .make = k_badcsum },
	{ .name = "oversize", .make = k_oversize },
	{ .name = "random", .make = k_random },
};

#define N_KINDS (sizeof(kinds_init) / sizeof(kinds_init[0]))
static struct kind kinds[N_KINDS];

static int parse_mac(const char *s, uint8_t *mac)
{
	unsigned int v[6], i;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &v[0], &v[1], &v[2], &v[3], &v[4],
		   &v[5]) != 6)
		return -1;
	for (i = 0; i < 6; i++)
		mac[i] = v[i];
	return 0;
}

static void usage(void)
{
	fprintf(stderr,
		"usage: psw-framefuzz -i IFNAME [-n COUNT] [-s SEED] [-d MAC]... [-S MAC] [-k KINDS] [-q]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	uint64_t count = 10000, i, seed;
	const char *ifname = NULL, *only = NULL;
	struct sockaddr_ll sll = { .sll_family = AF_PACKET };
	static struct frame f;
	struct ifreq ifr;
	unsigned int k, n_on = 0;
	int opt, e;

	memcpy(kinds, kinds_init, sizeof(kinds));
	seed = (uint64_t)time(NULL) * 1000003u ^ (uint64_t)getpid();
	while ((opt = getopt(argc, argv, "i:n:s:d:S:k:qh")) != -1) {
		switch (opt) {
		case 'i': ifname = optarg; break;
		case 'n': count = strtoull(optarg, NULL, 0); break;
		case 's': seed = strtoull(optarg, NULL, 0); break;
		case 'd':
			if (g.n_dst >= MAX_DST || parse_mac(optarg, g.dst[g.n_dst]))
				usage();
			g.n_dst++;
			break;
		case 'S':
			if (parse_mac(optarg, g.src))
				usage();
			g.have_src = true;
			break;
		case 'k': only = optarg; break;
		case 'q': g.quiet = true; break;
		default: usage();
		}
	}
	if (!ifname || optind != argc)
		usage();
	for (k = 0; k < N_KINDS; k++) {
		if (only) {
			const char *p = strstr(only, kinds[k].name);
			size_t l = strlen(kinds[k].name);

			kinds[k].on = p && (p == only || p[-1] == ',') &&
				      (p[l] == ',' || !p[l]);
		} else {
			kinds[k].on = true;
		}
		n_on += kinds[k].on;
	}
	if (!n_on)
		usage();

	printf("psw-framefuzz: seed %" PRIu64 " count %" PRIu64 " on %s\n",
	       seed, count, ifname);
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
		kd->make(&f);
		if (f.len > FRAME_MAX)
			f.len = FRAME_MAX;
		if (!f.len)
			f.len = 1;
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
		} else {
			/* the source MAC as it leaves */
			if (f.len > 6)
				memcpy(src, f.b + 6, f.len >= 12 ? 6 : f.len - 6);
			if ((src[0] & 1) || !(src[0] | src[1] | src[2] |
					      src[3] | src[4] | src[5]))
				g.bad_src++;
		}
		if (!g.quiet && count >= 10 && (i + 1) % (count / 10) == 0) {
			printf("psw-framefuzz: %" PRIu64 " done\n", i + 1);
			fflush(stdout);
		}
	}

	printf("psw-framefuzz: sent %" PRIu64 " bad_src %" PRIu64
	       " core_drop %" PRIu64 "\n", g.sent, g.bad_src, g.core_drop);
	for (k = 0; k < N_KINDS; k++)
		if (kinds[k].on)
			printf("psw-framefuzz: kind %-9s %" PRIu64 "\n",
			       kinds[k].name, kinds[k].sent);
	for (e = 0; e < N_ERRNO; e++)
		if (g.send_err[e])
			printf("psw-framefuzz: send  %-14s %" PRIu64 "\n",
			       strerrorname_np(e) ?: "?", g.send_err[e]);
	return g.sent ? 0 : 1;
}
