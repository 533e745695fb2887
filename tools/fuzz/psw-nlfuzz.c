// SPDX-License-Identifier: GPL-2.0
/*
 * psw-nlfuzz - send random, mutated and hostile generic netlink messages to
 * the "panswitch" family and count the replies by errno.
 *
 * usage: psw-nlfuzz [-n COUNT] [-s SEED] [-u] [-m] [-q] [-C LIST]
 *                   [-S SWITCH]... [-P DEV]... [-N PREFIX] [-A ADDR]...
 *        psw-nlfuzz -x [-C LIST]
 *
 *   -n COUNT   messages to send (default 10000)
 *   -s SEED    random seed (default: time and pid); printed, so that a run
 *              can be reproduced
 *   -u         drop to uid/gid 65534 with no capabilities first, and check
 *              that every well-formed state-changing request is refused
 *              with EPERM (exit status 1 otherwise)
 *   -m         mix in valid requests (create and delete switches named
 *              PREFIX0..PREFIX3, PANs, ports on the -P devices (uplinks
 *              with and without a VLAN), entries of every mode, underlay
 *              addresses and VXLAN ports, PAN and entry limits, external
 *              MAC ranges, PAN local addresses and accept modes, flood list
 *              members, port security and LLDP settings) so that the
 *              handlers' deeper paths are reached
 *   -S SWITCH  an existing switch to name in requests (repeatable)
 *   -P DEV     a device that may be attached as a port (repeatable)
 *   -N PREFIX  name prefix of the switches -m creates (default "fz")
 *   -A ADDR    an IPv4 or IPv6 address configured in the namespace, which
 *              valid PSW_CMD_SWITCH_SET requests use as a local address
 *              (repeatable; without it they name addresses that may not
 *              exist, and are refused)
 *   -C LIST    only these commands (comma-separated numbers, enum psw_cmd)
 *   -q         print only the summary
 *   -x         instead of fuzzing, check that every command's policy
 *              refuses each attribute the command does not take (the
 *              spec's request lists, spec.h): EINVAL, the extended ack
 *              pointing at the attribute, a message; one KTAP-like line
 *              per check, exit status 1 if one failed
 *
 * Three sorts of messages:
 *   fuzzed   random headers, flags, attributes of every type with random
 *            or interesting values, deep nests, lying lengths, truncation;
 *   valid    well-formed requests with plausible random values (-m);
 *   hostile  well-formed requests with one bad value: addresses of the
 *            wrong length, multicast, zero, loopback, link-local and
 *            v4-mapped addresses, encapsulations out of range, VXLAN port
 *            0, limits of 0 or out of range, the read-only limit hit
 *            counters and PSW_A_FLOOD / PSW_A_FLOOD_MEMBER, the uplink
 *            flag together with a remote, xlate entries without an
 *            external MAC, encap entries without a remote, a PSW_A_ACCEPT
 *            or PSW_A_MISS out of range, the read-only
 *            PSW_A_MISS_STATS, a neighbour with a bad address or MAC,
 *            hold queue bounds (PSW_A_HOLD_FRAMES, _DESTS, _TIME) of 0 or
 *            beyond their maximum, an ageing time or learn-max of 0 or
 *            out of range, the read-only learning counters, age and move
 *            attributes, multicast groups that are unicast, link-local or
 *            interface-local, of both families, with EtherIP, TTL 0 or a
 *            membership (read only), the read-only multicast counters, a
 *            remote that is a local address, VLANs 0 and
 *            4095 or on a vm port, port security set at attach time or
 *            to 2, a port set with nothing to set or a VLAN, external MAC
 *            ranges of length 1..7 or 49, multicast or with bits beyond
 *            their length, a tenant OUI with the I/G bit set, a tenant
 *            VLAN 0 or beyond 4094 or no key, a trunk port with a PAN or
 *            no classification, and so on.
 * A hostile request that the uapi header says must be refused, and that
 * the kernel accepts, is reported on stderr and makes the exit status 1
 * ("hostile accepted" in the summary).
 *
 * Nothing here blocks: every reply is read with MSG_DONTWAIT (the kernel
 * handles a request, and queues its replies, inside sendmsg(); a dump's
 * next part is queued inside the recvmsg() that drains the previous one).
 *
 * Exit status: 0, 1 when a check failed (-u: a change not refused with
 * EPERM; a hostile request accepted), 2 on a usage or setup error.
 */
#define _GNU_SOURCE
#include <arpa/inet.h>
#include <errno.h>
#include <grp.h>
#include <inttypes.h>
#include <net/if.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <time.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <linux/panswitch.h>
#include "spec.h"	/* generated from netlink/panswitch.yaml */

#include "args.h"
#include "rand.h"

#define MSG_MAX		16384
#define MAX_NAMES	16
#define N_ERRNO		256
#define MAX_ADDRS	16
#ifndef MAX_REPORTS
#define MAX_REPORTS	20	/* hostile acceptances printed */
#endif
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

struct ipaddr {
	uint8_t family;		/* 4 or 6; 0: none */
	uint8_t a[16];		/* network order */
};

struct msg {
	unsigned char buf[MSG_MAX];
	size_t len;		/* bytes written so far */
	size_t send_len;	/* bytes to send (may differ after mutation) */
	bool overflow;
};

static struct {
	int fd, mc_fd;
	uint16_t family;
	uint32_t mcgrp;
	uint32_t seq;
	bool unpriv, mix, quiet;
	bool cmd_on[PSW_CMD_MAX + 1];
	const char *sw_names[MAX_NAMES];
	int n_sw;
	const char *dev_names[MAX_NAMES];
	int n_dev;
	const char *prefix;
	struct ipaddr locals[MAX_ADDRS];
	int n_locals;
	/* counters */
	uint64_t sent, send_err[N_ERRNO], reply_err[N_ERRNO];
	uint64_t acks, data, done, other, valid_sent, hostile_sent;
	uint64_t notifications;
	uint64_t perm_checked, perm_violations;
	uint64_t must_refuse, hostile_accepted;
	/* well-formed (valid and hostile) requests per command, and acks */
	uint64_t cmd_sent[PSW_CMD_MAX + 1], cmd_ok[PSW_CMD_MAX + 1];
} g = { .fd = -1, .mc_fd = -1, .prefix = "fz" };

/* A command's name, from the spec (fz_cmds, spec.h). */
static const char *cmd_name(unsigned int cmd)
{
	return cmd <= PSW_CMD_MAX && fz_cmds[cmd].name ? fz_cmds[cmd].name :
	       "?";
}

static bool cmd_changes(uint8_t cmd)
{
	switch (cmd) {
	case PSW_CMD_SWITCH_NEW: case PSW_CMD_SWITCH_DEL:
	case PSW_CMD_PORT_NEW: case PSW_CMD_PORT_DEL:
	case PSW_CMD_PAN_NEW: case PSW_CMD_PAN_DEL:
	case PSW_CMD_ENTRY_NEW: case PSW_CMD_ENTRY_DEL:
	case PSW_CMD_SWITCH_SET: case PSW_CMD_PAN_SET:
	case PSW_CMD_FLOOD_NEW: case PSW_CMD_FLOOD_DEL:
	case PSW_CMD_PORT_SET:
	case PSW_CMD_NEIGH_NEW: case PSW_CMD_NEIGH_DEL:
	case PSW_CMD_TENANT_NEW: case PSW_CMD_TENANT_DEL:
		return true;
	}
	return false;
}

/*
 * Creating and deleting switches and ports waits for RCU grace periods
 * under RTNL, and so does replacing a switch's VXLAN sockets and NVGRE
 * hooks (tens of ms under emulation): these are picked a quarter as often.
 */
static bool cmd_slow(uint8_t cmd)
{
	return cmd == PSW_CMD_SWITCH_NEW || cmd == PSW_CMD_SWITCH_DEL ||
	       cmd == PSW_CMD_PORT_NEW || cmd == PSW_CMD_PORT_DEL ||
	       cmd == PSW_CMD_SWITCH_SET;
}

/* --- building messages -------------------------------------------------- */

static void *msg_reserve(struct msg *m, size_t len)
{
	void *p;

	if (m->len + NLA_ALIGN(len) > sizeof(m->buf)) {
		m->overflow = true;
		return NULL;
	}
	p = m->buf + m->len;
	memset(p, 0, NLA_ALIGN(len));
	m->len += NLA_ALIGN(len);
	return p;
}

static void msg_init(struct msg *m, uint16_t type, uint16_t flags,
		     uint8_t cmd, uint8_t version)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *gh;

	m->len = 0;
	m->overflow = false;
	nlh = msg_reserve(m, NLMSG_HDRLEN);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = ++g.seq;
	gh = msg_reserve(m, GENL_HDRLEN);
	gh->cmd = cmd;
	gh->version = version;
}

static void msg_finish(struct msg *m)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)m->buf;

	nlh->nlmsg_len = m->len;
	m->send_len = m->len;
}

/* put an attribute whose nla_len is exactly NLA_HDRLEN + len */
static struct nlattr *put_attr(struct msg *m, uint16_t type, const void *data,
			       size_t len)
{
	struct nlattr *nla;

	if (len > 0xffff - NLA_HDRLEN)
		len = 0xffff - NLA_HDRLEN;
	nla = msg_reserve(m, NLA_HDRLEN + len);
	if (!nla)
		return NULL;
	nla->nla_type = type;
	nla->nla_len = NLA_HDRLEN + len;
	if (len && data)
		memcpy((char *)nla + NLA_HDRLEN, data, len);
	return nla;
}

static void put_u8(struct msg *m, uint16_t type, uint8_t v)
{
	put_attr(m, type, &v, 1);
}

static void put_u32(struct msg *m, uint16_t type, uint32_t v)
{
	put_attr(m, type, &v, 4);
}

static void put_u64(struct msg *m, uint16_t type, uint64_t v)
{
	put_attr(m, type, &v, 8);
}

static void put_u16(struct msg *m, uint16_t type, uint16_t v)
{
	put_attr(m, type, &v, 2);
}

static void put_flag(struct msg *m, uint16_t type)
{
	put_attr(m, type, NULL, 0);
}

static void put_str(struct msg *m, uint16_t type, const char *s)
{
	put_attr(m, type, s, strlen(s) + 1);
}

static size_t nest_start(struct msg *m, uint16_t type)
{
	size_t off = m->len;

	if (!put_attr(m, type | (rnd_chance(4) ? 0 : NLA_F_NESTED), NULL, 0))
		return (size_t)-1;
	return off;
}

static void nest_end(struct msg *m, size_t off)
{
	struct nlattr *nla;

	if (off == (size_t)-1)
		return;
	nla = (struct nlattr *)(m->buf + off);
	nla->nla_len = m->len - off > 0xffff ? 0xffff : m->len - off;
}

/* --- value sources ------------------------------------------------------ */

/*
 * if_nametoindex() asks with SIOCGIFINDEX, which for an unknown name and a
 * caller with CAP_NET_ADMIN runs modprobe "netdev-NAME" (~100 ms under
 * emulation). Look names up in a list from if_nameindex() (RTM_GETLINK)
 * instead, refreshed every few requests as switches come and go.
 */
static struct if_nameindex *ifs;
static unsigned int ifs_age;

static unsigned int name_index(const char *name)
{
	struct if_nameindex *i;

	if (!ifs || ++ifs_age >= 32) {
		if (ifs)
			if_freenameindex(ifs);
		ifs = if_nameindex();
		ifs_age = 0;
	}
	for (i = ifs; i && i->if_index; i++)
		if (!strcmp(i->if_name, name))
			return i->if_index;
	return 0;
}

static unsigned int switch_ifindex(void)
{
	char name[IFNAMSIZ];

	if (g.n_sw && rnd_chance(2))
		return name_index(g.sw_names[rnd_below(g.n_sw)]);
	snprintf(name, sizeof(name), "%s%u", g.prefix, rnd_below(4));
	return name_index(name);
}

static const char *switch_name(char *buf, size_t len)
{
	if (g.n_sw && rnd_chance(2))
		return g.sw_names[rnd_below(g.n_sw)];
	snprintf(buf, len, "%s%u", g.prefix, rnd_below(4));
	return buf;
}

static const char *dev_name(void)
{
	static const char *fallback[] = { "lo", "eth0", "nosuchdev" };

	if (g.n_dev && !rnd_chance(8))
		return g.dev_names[rnd_below(g.n_dev)];
	return fallback[rnd_below(3)];
}

static uint32_t pan_id(void)
{
	static const uint32_t ids[] = { 1, 2, 3, 100, 200, PSW_PAN_ID_MAX };

	return ids[rnd_below(sizeof(ids) / sizeof(ids[0]))];
}

static void rnd_mac(uint8_t *mac, bool unicast)
{
	static const uint8_t pool[][6] = {
		{ 0x02, 0, 0, 0, 0, 0x01 }, { 0x02, 0, 0, 0, 0, 0x02 },
		{ 0x02, 0, 0, 0, 0, 0x03 }, { 0x02, 0xfa, 0, 0, 0, 0x01 },
	};

	if (rnd_chance(2)) {
		memcpy(mac, pool[rnd_below(4)], 6);
		return;
	}
	rnd_bytes(mac, 6);
	if (unicast) {
		mac[0] &= ~1;
		mac[0] |= 2;
	}
}

/* A plausible value of the limit @type (PSW_A_MAX_PANS or _ENTRIES). */
static uint32_t limit(uint16_t type)
{
	uint32_t big = type == PSW_A_MAX_PANS ? PSW_MAX_PANS_DEFAULT :
			PSW_MAX_ENTRIES_DEFAULT;

	return rnd_chance(4) ? 1 + rnd_below(64) : big + rnd_below(big);
}

static uint32_t interesting_u32(void)
{
	static const uint32_t v[] = {
		0, 1, 2, 0x7f, 0x80, 0xff, 0x100, 0xffff, 0x10000,
		PSW_PAN_ID_MAX, PSW_PAN_ID_MAX + 1, 0xffffff, 0x1000000,
		0x7fffffff, 0x80000000, 0xfffffffe, 0xffffffff,
	};

	if (rnd_chance(4))
		return rnd32();
	return v[rnd_below(sizeof(v) / sizeof(v[0]))];
}

/* --- addresses ----------------------------------------------------------- */

/*
 * A pool entry: an address, and whether the uapi header says a request
 * must be refused when it names it as an encap entry's remote
 * ("unicast, not zero, loopback or link-local") or as a switch's local
 * address ("unicast; all zeroes clears it").
 */
struct pool_addr {
	const char *text;
	bool bad_remote, bad_local;
	struct ipaddr ip;
};

/* RFC 5737 / RFC 3849 documentation addresses only */
static struct pool_addr remote_pool[] = {
	{ .text = "203.0.113.2" }, { .text = "203.0.113.9" }, { .text = "198.51.100.7" },
	{ .text = "192.0.2.1" }, { .text = "2001:db8:ff::2" }, { .text = "2001:db8:ff::9" },
	{ .text = "2001:db8:1::7" },
};

/* candidates for a PAN's own local address (EtherIP) */
static struct pool_addr pan_pool[] = {
	{ .text = "203.0.113.30" }, { .text = "203.0.113.31" }, { .text = "203.0.113.10" },
	{ .text = "192.0.2.30" }, { .text = "2001:db8:ff::30" }, { .text = "2001:db8:ff::31" },
	{ .text = "2001:db8:ff::10" },
};

/* local addresses when -A gave none: likely not configured, refused */
static struct pool_addr local_pool[] = {
	{ .text = "203.0.113.1" }, { .text = "192.0.2.99" }, { .text = "2001:db8:ff::1" },
	{ .text = "2001:db8:99::1" },
};

static struct pool_addr hostile_pool[] = {
	{ .text = "0.0.0.0", .bad_remote = true },	/* zero: clears a local */
	{ .text = "127.0.0.1", .bad_remote = true },
	{ .text = "127.1.2.3", .bad_remote = true },
	{ .text = "224.0.0.1", .bad_remote = true, .bad_local = true },
	{ .text = "239.255.255.250", .bad_remote = true, .bad_local = true },
	{ .text = "255.255.255.255", .bad_remote = true, .bad_local = true },
	{ .text = "169.254.1.1", .bad_remote = true },	/* IPv4 link-local */
	{ .text = "169.254.255.254", .bad_remote = true },
	{ .text = "0.1.2.3" },	/* "this network" */
	{ .text = "240.0.0.1" },	/* reserved */
	{ .text = "198.51.100.255" },	/* a subnet broadcast */
	{ .text = "::", .bad_remote = true },
	{ .text = "::1", .bad_remote = true },
	{ .text = "ff02::1", .bad_remote = true, .bad_local = true },
	{ .text = "ff05::1:3", .bad_remote = true, .bad_local = true },
	{ .text = "ff0e::42", .bad_remote = true, .bad_local = true },
	{ .text = "fe80::1", .bad_remote = true },
	{ .text = "febf:ffff::1", .bad_remote = true },	/* still fe80::/10 */
	{ .text = "::ffff:203.0.113.2" },	/* v4-mapped */
	{ .text = "::ffff:127.0.0.1" },
	{ .text = "::203.0.113.2" },	/* v4-compatible */
	{ .text = "fec0::1" },	/* site-local */
	{ .text = "64:ff9b::cb00:7102" },	/* NAT64 */
};

static void parse_addr(const char *text, struct ipaddr *ip)
{
	memset(ip, 0, sizeof(*ip));
	if (inet_pton(AF_INET, text, ip->a) == 1)
		ip->family = 4;
	else if (inet_pton(AF_INET6, text, ip->a) == 1)
		ip->family = 6;
}

static void init_pool(struct pool_addr *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		parse_addr(p[i].text, &p[i].ip);
		if (!p[i].ip.family) {
			fprintf(stderr, "psw-nlfuzz: bad pool address %s\n",
				p[i].text);
			exit(2);
		}
	}
}

static void init_pools(void)
{
	init_pool(remote_pool, ARRAY_SIZE(remote_pool));
	init_pool(pan_pool, ARRAY_SIZE(pan_pool));
	init_pool(local_pool, ARRAY_SIZE(local_pool));
	init_pool(hostile_pool, ARRAY_SIZE(hostile_pool));
}

/* An entry of @p of family @family (4, 6; 0: either). */
static const struct pool_addr *pool_pick(const struct pool_addr *p, size_t n,
					 uint8_t family)
{
	size_t i, k = 0, pick;

	for (i = 0; i < n; i++)
		k += !family || p[i].ip.family == family;
	if (!k)
		return NULL;
	pick = rnd_below(k);
	for (i = 0; i < n; i++)
		if ((!family || p[i].ip.family == family) && !pick--)
			return &p[i];
	return NULL;
}

/* A local address of @family for a valid PSW_CMD_SWITCH_SET. */
static struct ipaddr local_addr(uint8_t family)
{
	int i, k = 0, pick;

	for (i = 0; i < g.n_locals; i++)
		k += g.locals[i].family == family;
	if (k && !rnd_chance(8)) {
		pick = rnd_below(k);
		for (i = 0; i < g.n_locals; i++)
			if (g.locals[i].family == family && !pick--)
				return g.locals[i];
	}
	return pool_pick(local_pool, ARRAY_SIZE(local_pool), family)->ip;
}

/* PSW_A_REMOTE4/6 or PSW_A_LOCAL4/6 with @ip. */
static void put_ip(struct msg *m, uint16_t type4, const struct ipaddr *ip)
{
	/* REMOTE6 follows REMOTE4, LOCAL6 follows LOCAL4 */
	if (ip->family == 4)
		put_attr(m, type4, ip->a, 4);
	else
		put_attr(m, type4 + 1, ip->a, 16);
}

/* PSW_A_NEIGH_IP4 or PSW_A_NEIGH_IP6 with @ip. */
static void put_neigh_ip(struct msg *m, const struct ipaddr *ip)
{
	if (ip->family == 4)
		put_attr(m, PSW_A_NEIGH_IP4, ip->a, 4);
	else
		put_attr(m, PSW_A_NEIGH_IP6, ip->a, 16);
}

static void put_zero_ip(struct msg *m, uint16_t type4, uint8_t family)
{
	struct ipaddr ip = { .family = family };

	put_ip(m, type4, &ip);
}

/* An address attribute of the wrong length (never 4 for v4, 16 for v6). */
static void put_bad_len_ip(struct msg *m, uint16_t type)
{
	static const unsigned int len4[] = { 0, 1, 2, 3, 5, 6, 8, 16, 20 };
	static const unsigned int len6[] = { 0, 1, 4, 8, 12, 15, 17, 20, 32 };
	bool v6 = type == PSW_A_REMOTE6 || type == PSW_A_LOCAL6;
	unsigned char data[32];
	unsigned int len;

	len = v6 ? len6[rnd_below(ARRAY_SIZE(len6))] :
		   len4[rnd_below(ARRAY_SIZE(len4))];
	rnd_bytes(data, sizeof(data));
	if (rnd_chance(2))	/* a well-known prefix, cut or stretched */
		memcpy(data, pool_pick(remote_pool, ARRAY_SIZE(remote_pool),
				       v6 ? 6 : 4)->ip.a, v6 ? 16 : 4);
	put_attr(m, type, data, len);
}

static uint8_t valid_encap(void)
{
	return PSW_ENCAP_VXLAN + rnd_below(PSW_ENCAP_MAX);
}

static uint8_t bad_encap(void)
{
	static const uint8_t v[] = { PSW_ENCAP_UNSPEC, PSW_ENCAP_MAX + 1,
				     PSW_ENCAP_MAX + 2, 0x7f, 0x80, 0xff };

	return v[rnd_below(ARRAY_SIZE(v))];
}

/* VLAN ids, mostly valid (1..4094). */
static uint16_t vlan_id(void)
{
	static const uint16_t v[] = { 1, 10, 100, 4094, 0, 4095, 65535 };

	return v[rnd_below(ARRAY_SIZE(v) - (rnd_chance(4) ? 0 : 3))];
}

/* External MAC prefix lengths, mostly valid (0 clears, 8..48). */
static uint8_t prefix_len(void)
{
	static const uint8_t v[] = { 0, 8, 24, 40, 48, 1, 7, 49, 255 };

	return v[rnd_below(ARRAY_SIZE(v) - (rnd_chance(4) ? 0 : 4))];
}

static uint16_t vxlan_port(void)
{
	static const uint16_t v[] = { PSW_VXLAN_PORT, 4790, 8472, 6081, 1,
				      65535 };

	return rnd_chance(4) ? 1 + rnd_below(65535) : v[rnd_below(ARRAY_SIZE(v))];
}

/* --- random attributes -------------------------------------------------- */

static void put_random_payload(struct msg *m, uint16_t type, size_t maxlen)
{
	unsigned char data[4096];
	size_t len;

	switch (rnd_below(4)) {
	case 0: len = rnd_below(9); break;		/* short */
	case 1: len = rnd_below(64); break;
	case 2: len = rnd_below(maxlen + 1); break;	/* oversized */
	default: len = 1u << rnd_below(13); break;
	}
	if (len > sizeof(data))
		len = sizeof(data);
	rnd_bytes(data, len);
	put_attr(m, type, data, len);
}

static void put_deep_nest(struct msg *m, uint16_t type, int depth)
{
	size_t offs[64];
	int i;

	if (depth > 64)
		depth = 64;
	for (i = 0; i < depth; i++)
		offs[i] = nest_start(m, i ? rnd_below(PSW_A_MAX + 3) : type);
	if (rnd_chance(2))
		put_random_payload(m, rnd_below(PSW_A_MAX + 3), 64);
	for (i = depth - 1; i >= 0; i--)
		nest_end(m, offs[i]);
}

static void put_macs(struct msg *m, bool valid)
{
	size_t off = nest_start(m, PSW_A_MACS);
	unsigned int i, n;
	uint8_t mac[6];

	n = valid ? 1 + rnd_below(3) : rnd_below(2 * PSW_PORT_MAX_MACS + 2);
	for (i = 0; i < n; i++) {
		rnd_mac(mac, valid || rnd_chance(2));
		if (valid || rnd_chance(2))
			put_attr(m, PSW_A_MAC, mac, 6);
		else
			put_random_payload(m, rnd_below(PSW_A_MAX + 3), 16);
	}
	nest_end(m, off);
}

/*
 * PSW_A_ANYCAST: a MAC (unicast or not, or none) and a way, the uplink
 * or a remote (or both, or neither), or an empty nest.
 */
static void put_anycast_nest(struct msg *m, uint8_t *mac)
{
	size_t off = nest_start(m, PSW_A_ANYCAST);

	if (!rnd_chance(4)) {
		rnd_mac(mac, rnd_chance(3));
		if (rnd_chance(8))
			memset(mac, 0, 6);
		if (!rnd_chance(8))
			put_attr(m, PSW_A_MAC, mac, 6);
		if (rnd_chance(2))
			put_flag(m, PSW_A_UPLINK);
		if (rnd_chance(2)) {
			put_u8(m, PSW_A_ENCAP, rnd_chance(4) ? bad_encap() :
			       PSW_ENCAP_VXLAN + rnd_below(PSW_ENCAP_MAX));
			put_ip(m, PSW_A_REMOTE4,
			       &pool_pick(remote_pool, ARRAY_SIZE(remote_pool),
					  4)->ip);
		}
	}
	nest_end(m, off);
}

/*
 * A multicast group of @family (4 or 6): routable (239.x.y.z, ff0e::x),
 * or with @odd one that must be refused: unicast, link-local
 * (224.0.0.x, ff02::x) or interface-local (ff01::x), scope 0 (ff00::x).
 */
static struct ipaddr mcast_group(uint8_t family, bool odd)
{
	struct ipaddr ip = { .family = family };

	if (family == 4) {
		ip.a[0] = 239;
		ip.a[1] = rnd_below(256);
		ip.a[2] = rnd_below(256);
		ip.a[3] = rnd_below(256);
		if (odd && rnd_chance(2)) {
			ip.a[0] = 224;	/* 224.0.0.0/24 */
			ip.a[1] = 0;
			ip.a[2] = 0;
		} else if (odd) {
			ip.a[0] = 10;	/* unicast */
		}
		return ip;
	}
	ip.a[0] = 0xff;
	ip.a[1] = 0x0e;
	ip.a[15] = 1 + rnd_below(255);
	if (odd) {
		static const uint8_t bad[] = { 0x00, 0x01, 0x02, 0x12, 0x31 };

		ip.a[1] = bad[rnd_below(ARRAY_SIZE(bad))];
		if (rnd_chance(3))
			ip.a[0] = 0x20;	/* unicast */
	}
	return ip;
}

/*
 * PSW_A_MCAST: a group (routable or not, of either family, or both, or
 * none) with an encapsulation and a TTL (valid or not), or an empty nest.
 */
static void put_mcast_nest(struct msg *m)
{
	size_t off = nest_start(m, PSW_A_MCAST);
	struct ipaddr ip;

	if (!rnd_chance(4)) {
		ip = mcast_group(rnd_chance(2) ? 4 : 6, rnd_chance(4));
		if (!rnd_chance(8))
			put_ip(m, PSW_A_REMOTE4, &ip);
		if (rnd_chance(8)) {
			ip = mcast_group(ip.family == 4 ? 6 : 4, false);
			put_ip(m, PSW_A_REMOTE4, &ip);
		}
		if (rnd_chance(2))
			put_u8(m, PSW_A_ENCAP, rnd_chance(4) ? bad_encap() :
			       valid_encap());
		if (rnd_chance(2))
			put_u8(m, PSW_A_TTL, rnd_chance(4) ? 0 : rnd32());
		if (rnd_chance(8))	/* read only */
			put_u8(m, PSW_A_MCAST_JOINED, rnd_below(2));
	}
	nest_end(m, off);
}

/*
 * PSW_A_FLOOD as a GET reply has it (a nest of PSW_A_FLOOD_MEMBER nests),
 * or one PSW_A_FLOOD_MEMBER; both are read-only in requests.
 */
static void put_flood_nest(struct msg *m, bool member_only)
{
	unsigned int i, n = member_only ? 1 : rnd_below(6);
	size_t outer = (size_t)-1, inner;

	if (!member_only)
		outer = nest_start(m, PSW_A_FLOOD);
	for (i = 0; i < n; i++) {
		inner = nest_start(m, PSW_A_FLOOD_MEMBER);
		if (rnd_chance(3)) {
			put_flag(m, PSW_A_UPLINK);
		} else {
			put_u8(m, PSW_A_ENCAP, rnd_chance(4) ? bad_encap() :
			       valid_encap());
			put_ip(m, PSW_A_REMOTE4,
			       &pool_pick(remote_pool, ARRAY_SIZE(remote_pool), 0)->ip);
		}
		nest_end(m, inner);
	}
	nest_end(m, outer);
}

/* One attribute of @type, well-formed or not. */
/* A tenant map OUI from a small pool (so adds and dels meet), I/G clear */
static uint32_t tenant_oui(void)
{
	return 0x020000 | rnd_below(8) << 8;
}

static void put_fuzzed_attr(struct msg *m, uint16_t type)
{
	char name[64];
	uint8_t mac[12];	/* lengths up to 11 are tried */
	int i;

	if (rnd_chance(3)) {
		put_random_payload(m, type, 300);
		return;
	}
	rnd_bytes(mac, sizeof(mac));
	switch (type) {
	case PSW_A_IFINDEX:
	case PSW_A_PORT_IFINDEX:
		put_u32(m, type, rnd_chance(2) ? interesting_u32() :
			(type == PSW_A_IFINDEX ? switch_ifindex() :
			 name_index(dev_name())));
		break;
	case PSW_A_IFNAME:
	case PSW_A_PORT_IFNAME:
		switch (rnd_below(5)) {
		case 0:	/* no terminating NUL */
			put_attr(m, type, "psw0", 4);
			break;
		case 1:	/* too long */
			memset(name, 'a', sizeof(name));
			put_attr(m, type, name, IFNAMSIZ + rnd_below(40));
			break;
		case 2:	/* exactly IFNAMSIZ - 1 characters */
			memset(name, 'b', IFNAMSIZ - 1);
			name[IFNAMSIZ - 1] = 0;
			put_str(m, type, name);
			break;
		case 3: /* embedded NUL, empty */
			put_attr(m, type, "\0x", rnd_chance(2) ? 2 : 1);
			break;
		default:
			put_str(m, type, type == PSW_A_IFNAME ?
				switch_name(name, sizeof(name)) : dev_name());
		}
		break;
	case PSW_A_PORT_ROLE:
	case PSW_A_MODE:
	case PSW_A_ORIGIN:
		put_u8(m, type, rnd_chance(2) ? rnd_below(8) : rnd32());
		break;
	case PSW_A_PAN_ID:
		put_u32(m, type, rnd_chance(2) ? pan_id() : interesting_u32());
		break;
	case PSW_A_MAX_PANS:
	case PSW_A_MAX_ENTRIES:
		if (rnd_chance(4))
			put_attr(m, type, "\xff\xff\xff\xff\xff", rnd_below(6));
		else
			put_u32(m, type, rnd_chance(2) ? limit(type) :
				interesting_u32());
		break;
	case PSW_A_MAC:
		rnd_mac(mac, rnd_chance(2));
		put_attr(m, type, mac, rnd_chance(4) ? rnd_below(12) : 6);
		break;
	case PSW_A_MACS:
		if (rnd_chance(3))
			put_deep_nest(m, type, 1 + rnd_below(40));
		else
			put_macs(m, rnd_chance(2));
		break;
	case PSW_A_STATS:
		put_deep_nest(m, type, rnd_below(8));
		break;
	case PSW_A_REPLACE:
	case PSW_A_UPLINK:
		put_attr(m, type, "xxxx", rnd_chance(2) ? 0 : rnd_below(5));
		break;
	case PSW_A_EXT_MAC:
		rnd_mac(mac, rnd_chance(2));
		if (rnd_chance(8))
			memset(mac, rnd_chance(2) ? 0 : 0xff, 6);
		put_attr(m, type, mac, rnd_chance(4) ? rnd_below(12) : 6);
		break;
	case PSW_A_ENCAP:
		put_u8(m, type, rnd_chance(2) ? rnd_below(8) : rnd32());
		break;
	case PSW_A_REMOTE4:
	case PSW_A_REMOTE6:
	case PSW_A_LOCAL4:
	case PSW_A_LOCAL6: {
		bool v6 = type == PSW_A_REMOTE6 || type == PSW_A_LOCAL6;
		const struct pool_addr *pa;

		if (rnd_chance(4)) {
			put_bad_len_ip(m, type);
			break;
		}
		if (rnd_chance(2))
			pa = pool_pick(hostile_pool, ARRAY_SIZE(hostile_pool),
				       v6 ? 6 : 4);
		else if (rnd_chance(2))
			pa = pool_pick(pan_pool, ARRAY_SIZE(pan_pool),
				       v6 ? 6 : 4);
		else
			pa = pool_pick(remote_pool, ARRAY_SIZE(remote_pool),
				       v6 ? 6 : 4);
		put_attr(m, type, pa->ip.a, v6 ? 16 : 4);
		break;
	}
	case PSW_A_VXLAN_PORT:
		if (rnd_chance(4))
			put_attr(m, type, "\x12\xb5\0\0", rnd_below(5));
		else
			put_u16(m, type, rnd_chance(2) ? vxlan_port() :
				interesting_u32());
		break;
	case PSW_A_FLOOD:
	case PSW_A_FLOOD_MEMBER:
		if (rnd_chance(3))
			put_deep_nest(m, type, 1 + rnd_below(16));
		else
			put_flood_nest(m, type == PSW_A_FLOOD_MEMBER);
		break;
	case PSW_A_ACCEPT:
		if (rnd_chance(4))
			put_attr(m, type, "\x01\0\0\0", rnd_below(5));
		else
			put_u8(m, type, rnd_chance(2) ? rnd_below(4) : rnd32());
		break;
	case PSW_A_SECURITY:
	case PSW_A_LLDP:
		put_u8(m, type, rnd_chance(2) ? rnd_below(3) : rnd32());
		break;
	case PSW_A_MISS:
		put_u8(m, type, rnd_chance(2) ? rnd_below(PSW_MISS_MAX + 3) :
			rnd32());
		break;
	case PSW_A_MISS_STATS:
	case PSW_A_PROXY_STATS:
	case PSW_A_LEARN_STATS:
	case PSW_A_MCAST_STATS:
	case PSW_A_MOVE_FROM:
	case PSW_A_MOVE_TO:
		put_deep_nest(m, type, rnd_below(8));
		break;
	case PSW_A_MCAST_JOINED:
		put_u8(m, type, rnd_chance(2) ? rnd_below(3) : rnd32());
		break;
	case PSW_A_PROXY:
		put_u8(m, type, rnd_chance(2) ? rnd_below(3) : rnd32());
		break;
	case PSW_A_NEIGH_IP4:
	case PSW_A_NEIGH_IP6: {
		bool v6 = type == PSW_A_NEIGH_IP6;
		const struct pool_addr *pa;

		if (rnd_chance(4)) {
			put_bad_len_ip(m, type);
			break;
		}
		pa = rnd_chance(2) ?
		     pool_pick(hostile_pool, ARRAY_SIZE(hostile_pool),
			       v6 ? 6 : 4) :
		     pool_pick(pan_pool, ARRAY_SIZE(pan_pool), v6 ? 6 : 4);
		put_attr(m, type, pa->ip.a, v6 ? 16 : 4);
		break;
	}
	case PSW_A_HOLD_FRAMES:
	case PSW_A_HOLD_DESTS:
	case PSW_A_HOLD_TIME:
		if (rnd_chance(4))
			put_attr(m, type, "\x04\0\0\0", rnd_below(5));
		else
			put_u32(m, type, rnd_chance(2) ? rnd_below(70000) :
				interesting_u32());
		break;
	case PSW_A_SRC_MAC:
	case PSW_A_DST4:
	case PSW_A_DST6:
		/* read only (miss events): refused in every request */
		put_attr(m, type, mac, rnd_below(17));
		break;
	case PSW_A_LEARNING:
		put_u8(m, type, rnd_chance(2) ? rnd_below(3) : rnd32());
		break;
	case PSW_A_AGEING:
	case PSW_A_LEARN_MAX:
	case PSW_A_AGE:
		put_u32(m, type, rnd_chance(2) ? rnd_below(PSW_AGEING_MAX + 2) :
			interesting_u32());
		break;
	case PSW_A_MOVE_SEQ:
		put_u64(m, type, rnd32());
		break;
	case PSW_A_ANYCAST:
		if (rnd_chance(3))
			put_deep_nest(m, type, 1 + rnd_below(16));
		else
			put_anycast_nest(m, mac);
		break;
	case PSW_A_MCAST:
		if (rnd_chance(3))
			put_deep_nest(m, type, 1 + rnd_below(16));
		else
			put_mcast_nest(m);
		break;
	case PSW_A_TTL:
		if (rnd_chance(4))
			put_attr(m, type, "\x10\0\0\0", rnd_below(5));
		else
			put_u8(m, type, rnd_chance(4) ? 0 : rnd32());
		break;
	case PSW_A_VLAN:
		if (rnd_chance(4))
			put_attr(m, type, "\x0a\0\0\0", rnd_below(5));
		else
			put_u16(m, type, rnd_chance(2) ? vlan_id() :
				interesting_u32());
		break;
	case PSW_A_EXT_PREFIX:
		rnd_mac(mac, rnd_chance(2));
		put_attr(m, type, mac, rnd_chance(4) ? rnd_below(12) : 6);
		break;
	case PSW_A_EXT_PREFIX_LEN:
		put_u8(m, type, rnd_chance(2) ? prefix_len() : rnd32());
		break;
	case PSW_A_OUI:
		if (rnd_chance(4))
			put_attr(m, type, "\x02\0\0\0", rnd_below(5));
		else
			put_u32(m, type, rnd_chance(2) ? tenant_oui() :
				interesting_u32());
		break;
	case PSW_A_CLASSIFY:
		put_u8(m, type, rnd_chance(2) ?
		       rnd_below(PSW_CLASSIFY_MAX + 2) : rnd32());
		break;
	default:
		/* unknown, counts, pad, and types with flag bits */
		i = rnd_below(3);
		put_random_payload(m, i == 0 ? type :
				   i == 1 ? (type | NLA_F_NET_BYTEORDER) :
				   (uint16_t)rnd32(), 64);
	}
}

/* --- valid requests ----------------------------------------------------- */

/* A tenant map key: an OUI and/or a VLAN id, at least one */
static void put_tenant_key(struct msg *m)
{
	unsigned int k = rnd_below(3);

	if (k != 1)
		put_u32(m, PSW_A_OUI, tenant_oui());
	if (k != 0)
		put_u16(m, PSW_A_VLAN, 1 + rnd_below(8));
}

static void put_switch(struct msg *m)
{
	char name[IFNAMSIZ];

	if (rnd_chance(3))
		put_u32(m, PSW_A_IFINDEX, switch_ifindex());
	else
		put_str(m, PSW_A_IFNAME, switch_name(name, sizeof(name)));
}

static void put_port(struct msg *m)
{
	const char *dev = dev_name();

	if (rnd_chance(3))
		put_u32(m, PSW_A_PORT_IFINDEX, name_index(dev));
	else
		put_str(m, PSW_A_PORT_IFNAME, dev);
}

/* External MACs: a small pool, so that some are already in use. */
static void ext_mac(uint8_t *mac)
{
	if (rnd_chance(4)) {
		rnd_mac(mac, true);
		return;
	}
	memcpy(mac, "\x02\xe0\x00\x00\x00", 5);
	mac[5] = 1 + rnd_below(4);
}

static void put_remote(struct msg *m, uint8_t family)
{
	put_ip(m, PSW_A_REMOTE4,
	       &pool_pick(remote_pool, ARRAY_SIZE(remote_pool), family)->ip);
}

/* A PSW_A_MACS nest with exactly @n valid MACs. */
static void put_macs_n(struct msg *m, unsigned int n)
{
	size_t off = nest_start(m, PSW_A_MACS);
	uint8_t mac[6];

	while (n--) {
		rnd_mac(mac, true);
		put_attr(m, PSW_A_MAC, mac, 6);
	}
	nest_end(m, off);
}

/* The attributes of a request that is well-formed for @cmd. */
static void valid_body(struct msg *m, uint8_t cmd, bool dump)
{
	char name[IFNAMSIZ];
	uint8_t mac[6];
	bool any;

	switch (cmd) {
	case PSW_CMD_SWITCH_NEW:
		snprintf(name, sizeof(name), "%s%u", g.prefix, rnd_below(4));
		put_str(m, PSW_A_IFNAME, name);
		break;
	case PSW_CMD_SWITCH_DEL:
		put_switch(m);
		break;
	case PSW_CMD_SWITCH_GET:
		if (!dump || rnd_chance(2))
			put_switch(m);
		break;
	case PSW_CMD_PORT_NEW:
		put_switch(m);
		put_port(m);
		if (rnd_chance(8)) {
			put_u8(m, PSW_A_PORT_ROLE, PSW_PORT_ROLE_TRUNK);
			put_u8(m, PSW_A_CLASSIFY, 1 + rnd_below(PSW_CLASSIFY_MAX));
			break;
		}
		if (rnd_chance(4)) {
			put_u8(m, PSW_A_PORT_ROLE, PSW_PORT_ROLE_UPLINK);
			if (rnd_chance(2))
				put_u16(m, PSW_A_VLAN, 1 + rnd_below(4094));
			break;
		}
		if (rnd_chance(2))
			put_u8(m, PSW_A_PORT_ROLE, PSW_PORT_ROLE_VM);
		put_u32(m, PSW_A_PAN_ID, pan_id());
		if (rnd_chance(3)) {
			/* an external MAC, for the one MAC the port has */
			if (rnd_chance(2))
				put_macs_n(m, 1);
			ext_mac(mac);
			put_attr(m, PSW_A_EXT_MAC, mac, 6);
		} else if (rnd_chance(2)) {
			put_macs(m, true);
		}
		break;
	case PSW_CMD_PORT_DEL:
	case PSW_CMD_PORT_GET:
		put_switch(m);
		if (!dump)	/* a dump takes the switch only */
			put_port(m);
		break;
	case PSW_CMD_PORT_SET:
		put_switch(m);
		put_port(m);
		do {
			any = false;
			if (rnd_chance(2)) {
				put_u8(m, PSW_A_SECURITY, rnd_below(2));
				any = true;
			}
			if (rnd_chance(2)) {
				put_u8(m, PSW_A_LLDP, rnd_below(2));
				any = true;
			}
		} while (!any);
		break;
	case PSW_CMD_PAN_NEW:
	case PSW_CMD_PAN_DEL:
	case PSW_CMD_PAN_GET:
		put_switch(m);
		if (!dump)	/* a dump takes the switch only */
			put_u32(m, PSW_A_PAN_ID, pan_id());
		break;
	case PSW_CMD_ENTRY_NEW:
		put_switch(m);
		put_u32(m, PSW_A_PAN_ID, pan_id());
		rnd_mac(mac, true);
		put_attr(m, PSW_A_MAC, mac, 6);
		switch (rnd_below(10)) {
		case 0: case 1: case 2:
			put_u8(m, PSW_A_MODE, PSW_MODE_LOCAL);
			put_port(m);
			break;
		case 3: case 4:
			put_u8(m, PSW_A_MODE, PSW_MODE_DROP);
			break;
		case 5: case 6:
			put_u8(m, PSW_A_MODE, PSW_MODE_XLATE);
			ext_mac(mac);
			put_attr(m, PSW_A_EXT_MAC, mac, 6);
			break;
		default:
			put_u8(m, PSW_A_MODE, PSW_MODE_ENCAP);
			put_u8(m, PSW_A_ENCAP, valid_encap());
			put_remote(m, 0);
		}
		if (rnd_chance(3))
			put_flag(m, PSW_A_REPLACE);
		break;
	case PSW_CMD_ENTRY_DEL:
	case PSW_CMD_ENTRY_GET:
		if (!dump || rnd_chance(2))
			put_switch(m);
		if (!dump || rnd_chance(2))
			put_u32(m, PSW_A_PAN_ID, pan_id());
		if (!dump) {
			rnd_mac(mac, true);
			put_attr(m, PSW_A_MAC, mac, 6);
		}
		break;
	case PSW_CMD_NEIGH_NEW:
	case PSW_CMD_NEIGH_DEL:
	case PSW_CMD_NEIGH_GET:
		if (!dump || rnd_chance(2))
			put_switch(m);
		if (!dump || rnd_chance(2))
			put_u32(m, PSW_A_PAN_ID, pan_id());
		if (dump)
			break;
		put_neigh_ip(m, &pool_pick(pan_pool, ARRAY_SIZE(pan_pool),
					   0)->ip);
		if (cmd != PSW_CMD_NEIGH_NEW)
			break;
		rnd_mac(mac, true);
		put_attr(m, PSW_A_MAC, mac, 6);
		if (rnd_chance(3))
			put_flag(m, PSW_A_REPLACE);
		break;
	case PSW_CMD_SWITCH_SET: {
		/* set or clear each local address, move the VXLAN port */
		struct ipaddr ip;

		put_switch(m);
		do {
			any = false;
			if (rnd_chance(2)) {
				if (rnd_chance(3)) {
					put_zero_ip(m, PSW_A_LOCAL4, 4);
				} else {
					ip = local_addr(4);
					put_ip(m, PSW_A_LOCAL4, &ip);
				}
				any = true;
			}
			if (rnd_chance(2)) {
				if (rnd_chance(3)) {
					put_zero_ip(m, PSW_A_LOCAL6, 6);
				} else {
					ip = local_addr(6);
					put_ip(m, PSW_A_LOCAL6, &ip);
				}
				any = true;
			}
			if (rnd_chance(3)) {
				put_u16(m, PSW_A_VXLAN_PORT, vxlan_port());
				any = true;
			}
			/* limits: below what the switch holds is refused */
			if (rnd_chance(4)) {
				put_u32(m, PSW_A_MAX_PANS, limit(PSW_A_MAX_PANS));
				any = true;
			}
			if (rnd_chance(4)) {
				put_u32(m, PSW_A_MAX_ENTRIES,
					limit(PSW_A_MAX_ENTRIES));
				any = true;
			}
			if (rnd_chance(4)) {
				/* the range ext_mac() draws from, or none */
				if (rnd_chance(3)) {
					put_u8(m, PSW_A_EXT_PREFIX_LEN, 0);
				} else {
					put_attr(m, PSW_A_EXT_PREFIX,
						 "\x02\xe0\0\0\0\0", 6);
					put_u8(m, PSW_A_EXT_PREFIX_LEN, 40);
				}
				any = true;
			}
		} while (!any);
		break;
	}
	case PSW_CMD_PAN_SET:
		put_switch(m);
		put_u32(m, PSW_A_PAN_ID, pan_id());
		do {
			any = false;
			if (rnd_chance(2)) {
				if (rnd_chance(4))
					put_zero_ip(m, PSW_A_LOCAL4, 4);
				else
					put_ip(m, PSW_A_LOCAL4,
					       &pool_pick(pan_pool, ARRAY_SIZE(pan_pool), 4)->ip);
				any = true;
			}
			if (rnd_chance(2)) {
				if (rnd_chance(4))
					put_zero_ip(m, PSW_A_LOCAL6, 6);
				else
					put_ip(m, PSW_A_LOCAL4,
					       &pool_pick(pan_pool, ARRAY_SIZE(pan_pool), 6)->ip);
				any = true;
			}
			if (rnd_chance(3)) {
				put_u8(m, PSW_A_ACCEPT,
				       rnd_below(PSW_ACCEPT_MAX + 1));
				any = true;
			}
			if (rnd_chance(3)) {
				put_u8(m, PSW_A_MISS,
				       rnd_chance(2) ? PSW_MISS_FLOOD :
				       rnd_chance(2) ? PSW_MISS_NOTIFY :
				       PSW_MISS_DROP);
				any = true;
			}
			if (rnd_chance(3)) {
				put_u8(m, PSW_A_PROXY, rnd_below(2));
				any = true;
			}
			if (rnd_chance(4)) {
				put_u32(m, PSW_A_HOLD_FRAMES,
					1 + rnd_below(PSW_HOLD_FRAMES_MAX));
				put_u32(m, PSW_A_HOLD_TIME,
					1 + rnd_below(PSW_HOLD_TIME_MAX));
				any = true;
			}
			if (rnd_chance(3)) {
				put_u8(m, PSW_A_LEARNING, rnd_below(2));
				put_u32(m, PSW_A_AGEING, PSW_AGEING_MIN +
					rnd_below(PSW_AGEING_DEFAULT));
				any = true;
			}
			if (rnd_chance(4)) {
				put_u32(m, PSW_A_LEARN_MAX,
					PSW_LEARN_MAX_DEFAULT +
					rnd_below(PSW_LEARN_MAX_DEFAULT));
				any = true;
			}
			if (rnd_chance(4)) {
				size_t off = nest_start(m, PSW_A_MCAST);
				struct ipaddr ip;

				if (rnd_chance(4)) {	/* else: none */
					ip = mcast_group(rnd_chance(2) ? 4 : 6,
							 false);
					put_ip(m, PSW_A_REMOTE4, &ip);
					if (rnd_chance(2))
						put_u8(m, PSW_A_ENCAP,
						       rnd_chance(2) ?
						       PSW_ENCAP_VXLAN :
						       PSW_ENCAP_NVGRE);
					if (rnd_chance(2))
						put_u8(m, PSW_A_TTL,
						       1 + rnd_below(255));
				}
				nest_end(m, off);
				any = true;
			}
		} while (!any);
		break;
	case PSW_CMD_FLOOD_NEW:
	case PSW_CMD_FLOOD_DEL:
		put_switch(m);
		put_u32(m, PSW_A_PAN_ID, pan_id());
		if (rnd_chance(3)) {
			put_flag(m, PSW_A_UPLINK);
		} else {
			put_u8(m, PSW_A_ENCAP, valid_encap());
			put_remote(m, 0);
		}
		break;
	case PSW_CMD_TENANT_NEW:
	case PSW_CMD_TENANT_DEL:
	case PSW_CMD_TENANT_GET:
		if (!dump || rnd_chance(2))
			put_switch(m);
		if (dump) {
			if (rnd_chance(2))
				put_u32(m, PSW_A_PAN_ID, pan_id());
			break;
		}
		put_tenant_key(m);
		if (cmd == PSW_CMD_TENANT_NEW)
			put_u32(m, PSW_A_PAN_ID, pan_id());
		break;
	}
}

/* A request that is well-formed for @cmd (it may still be refused). */
static void build_valid(struct msg *m, uint8_t cmd, bool dump)
{
	msg_init(m, g.family, NLM_F_REQUEST | NLM_F_ACK |
		 (dump ? NLM_F_DUMP : 0), cmd, PSW_GENL_VERSION);
	valid_body(m, cmd, dump);
	msg_finish(m);
}

/* --- hostile requests --------------------------------------------------- */

/* What the last build_hostile() did, for the report of an acceptance. */
static const char *hostile_why;

/* Does @cmd's request take attribute @type (spec.h)? */
static bool cmd_takes(uint8_t cmd, uint16_t type)
{
	const uint16_t *a;

	if (cmd > PSW_CMD_MAX || !fz_cmds[cmd].attrs)
		return false;
	for (a = fz_cmds[cmd].attrs; *a; a++)
		if (*a == type)
			return true;
	return false;
}

/* A well-formed attribute @t of the kind the spec gives it (spec.h). */
static void put_well_formed(struct msg *m, uint16_t t)
{
	static const uint8_t zero[16];

	switch (fz_attrs[t].kind) {
	case FZ_FLAG:
		put_attr(m, t, NULL, 0);
		break;
	case FZ_U8:
		put_u8(m, t, 1);
		break;
	case FZ_U16:
		put_u16(m, t, 1);
		break;
	case FZ_U32:
		put_u32(m, t, 1);
		break;
	case FZ_U64:
		put_attr(m, t, zero, 8);
		break;
	case FZ_STRING:
		put_str(m, t, "psw0");
		break;
	case FZ_BINARY:
		put_attr(m, t, zero, fz_attrs[t].len);
		break;
	case FZ_NEST:
	case FZ_NONE:
		put_attr(m, t | NLA_F_NESTED, NULL, 0);
		break;
	}
}

/*
 * A well-formed attribute that @cmd's request does not take (nor any
 * request, for a read-only one): its policy refuses it. False if the
 * command takes every attribute there is.
 */
static bool put_stray_attr(struct msg *m, uint8_t cmd)
{
	uint16_t cand[PSW_A_MAX + 1], t;
	unsigned int n = 0;

	for (t = 1; t <= PSW_A_MAX; t++)
		if (fz_attrs[t].kind != FZ_NONE && !cmd_takes(cmd, t))
			cand[n++] = t;
	if (!n)
		return false;
	put_well_formed(m, cand[rnd_below(n)]);
	return true;
}

/*
 * An attribute the command's policy refuses: one it does not take (a
 * read-only one, or one of another command), an address of the wrong
 * length, an encapsulation out of range, VXLAN port 0.
 */
static void put_policy_violation(struct msg *m, uint8_t cmd)
{
	if (rnd_chance(3) && put_stray_attr(m, cmd)) {
		hostile_why = "an attribute the command does not take";
		return;
	}
	switch (rnd_below(5)) {
	case 0:
		hostile_why = "read-only PSW_A_FLOOD";
		put_flood_nest(m, false);
		break;
	case 1:
		hostile_why = "read-only PSW_A_FLOOD_MEMBER";
		put_flood_nest(m, true);
		break;
	case 2:
		hostile_why = "address attribute of the wrong length";
		put_bad_len_ip(m, PSW_A_REMOTE4 + rnd_below(4));
		break;
	case 3:
		hostile_why = "encapsulation out of range";
		put_u8(m, PSW_A_ENCAP, bad_encap());
		break;
	default:
		hostile_why = "VXLAN port 0";
		put_u16(m, PSW_A_VXLAN_PORT, 0);
	}
}

/* An address of @family from the hostile pool. */
static const struct pool_addr *hostile_addr(uint8_t family)
{
	return pool_pick(hostile_pool, ARRAY_SIZE(hostile_pool), family);
}

static bool hostile_switch_set(struct msg *m)
{
	const struct pool_addr *pa;
	struct ipaddr ip;
	bool must = true;
	uint8_t fam = rnd_chance(2) ? 4 : 6;

	put_switch(m);
	/* sometimes a good change next to the bad one: it must not apply */
	if (rnd_chance(2))
		put_u16(m, PSW_A_VXLAN_PORT, vxlan_port());
	switch (rnd_below(11)) {
	case 7:
		/* a limit of 0, or above its range */
		if (rnd_chance(2)) {
			hostile_why = "max-pans 0 or above PSW_PAN_ID_MAX";
			put_u32(m, PSW_A_MAX_PANS, rnd_chance(2) ? 0 :
				PSW_PAN_ID_MAX + 1 + rnd_below(16));
		} else {
			hostile_why = "max-entries 0 or above PSW_ENTRIES_MAX";
			put_u32(m, PSW_A_MAX_ENTRIES, rnd_chance(2) ? 0 :
				(uint32_t)PSW_ENTRIES_MAX + 1 + rnd_below(16));
		}
		break;
	case 8:
		hostile_why = "read-only limit hit counter";
		put_attr(m, rnd_chance(2) ? PSW_A_PAN_LIMIT_HITS :
			 PSW_A_ENTRY_LIMIT_HITS, "\0\0\0\0\0\0\0\0", 8);
		break;
	case 9:
		hostile_why = "external MAC prefix: bad length, multicast, bits beyond the length";
		switch (rnd_below(4)) {
		case 0:
			put_attr(m, PSW_A_EXT_PREFIX, "\x02\xe0\0\0\0\0", 6);
			put_u8(m, PSW_A_EXT_PREFIX_LEN, 1 + rnd_below(7));
			break;
		case 1:
			put_attr(m, PSW_A_EXT_PREFIX, "\x02\xe0\0\0\0\0", 6);
			put_u8(m, PSW_A_EXT_PREFIX_LEN, 49 + rnd_below(200));
			break;
		case 2:
			put_attr(m, PSW_A_EXT_PREFIX, "\x03\xe0\0\0\0\0", 6);
			put_u8(m, PSW_A_EXT_PREFIX_LEN, 40);
			break;
		default:
			put_attr(m, PSW_A_EXT_PREFIX, "\x02\xe0\0\0\0\x01", 6);
			put_u8(m, PSW_A_EXT_PREFIX_LEN, 8 + rnd_below(40));
		}
		break;
	case 10:
		hostile_why = "external MAC prefix without its length, or a length without it";
		if (rnd_chance(2)) {
			put_attr(m, PSW_A_EXT_PREFIX, "\x02\xe0\0\0\0\0", 6);
		} else {
			put_u8(m, PSW_A_EXT_PREFIX_LEN, 40);
		}
		break;
	case 0:
		hostile_why = "local address of the wrong length";
		put_bad_len_ip(m, fam == 4 ? PSW_A_LOCAL4 : PSW_A_LOCAL6);
		break;
	case 1:
	case 2:
		pa = hostile_addr(fam);
		hostile_why = pa->bad_local ? "multicast local address" :
			      "odd local address (zero, loopback, link-local, mapped)";
		must = pa->bad_local;
		put_ip(m, PSW_A_LOCAL4, &pa->ip);
		break;
	case 3:
		hostile_why = "VXLAN port 0";
		ip = local_addr(fam);
		put_ip(m, PSW_A_LOCAL4, &ip);
		put_u16(m, PSW_A_VXLAN_PORT, 0);
		break;
	case 4:
		hostile_why = "read-only flood list";
		put_flood_nest(m, rnd_chance(2));
		break;
	case 5:
		/* attributes SWITCH_SET does not take (may be ignored) */
		hostile_why = "uplink flag and a remote on the switch";
		must = false;
		put_flag(m, PSW_A_UPLINK);
		put_remote(m, fam);
		break;
	default:
		/* a PAN's address as the underlay's (refused if in use) */
		hostile_why = "a PAN address as local address";
		must = false;
		put_ip(m, PSW_A_LOCAL4,
		       &pool_pick(pan_pool, ARRAY_SIZE(pan_pool), fam)->ip);
	}
	return must;
}

static bool hostile_pan_set(struct msg *m)
{
	const struct pool_addr *pa;
	struct ipaddr ip;
	bool must = true;
	uint8_t fam = rnd_chance(2) ? 4 : 6;

	put_switch(m);
	switch (rnd_below(21)) {
	case 12: {
		static const uint16_t bounds[3][2] = {
			{ PSW_A_HOLD_FRAMES, PSW_HOLD_FRAMES_MAX },
			{ PSW_A_HOLD_DESTS, PSW_HOLD_DESTS_MAX },
			{ PSW_A_HOLD_TIME, PSW_HOLD_TIME_MAX },
		};
		unsigned int i = rnd_below(3);

		hostile_why = "a hold queue bound of 0 or beyond its maximum";
		put_u32(m, PSW_A_PAN_ID, pan_id());
		put_u32(m, bounds[i][0], rnd_chance(2) ? 0 :
			bounds[i][1] + 1 + rnd_below(1000));
		break;
	}
	case 16:
		hostile_why = "a multicast group that is unicast, link-local or interface-local";
		put_u32(m, PSW_A_PAN_ID, pan_id());
		{
			size_t off = nest_start(m, PSW_A_MCAST);

			ip = mcast_group(fam, true);
			put_ip(m, PSW_A_REMOTE4, &ip);
			nest_end(m, off);
		}
		break;
	case 17:
		hostile_why = "a multicast group with TTL 0";
		put_u32(m, PSW_A_PAN_ID, pan_id());
		{
			size_t off = nest_start(m, PSW_A_MCAST);

			ip = mcast_group(fam, false);
			put_ip(m, PSW_A_REMOTE4, &ip);
			put_u8(m, PSW_A_TTL, 0);
			nest_end(m, off);
		}
		break;
	case 18:
		hostile_why = "a multicast group over EtherIP";
		put_u32(m, PSW_A_PAN_ID, pan_id());
		{
			size_t off = nest_start(m, PSW_A_MCAST);

			ip = mcast_group(fam, false);
			put_ip(m, PSW_A_REMOTE4, &ip);
			put_u8(m, PSW_A_ENCAP, PSW_ENCAP_ETHERIP);
			nest_end(m, off);
		}
		break;
	case 20:
		hostile_why = "a read-only group membership or multicast counters";
		put_u32(m, PSW_A_PAN_ID, pan_id());
		if (rnd_chance(2)) {
			size_t off = nest_start(m, PSW_A_MCAST);

			ip = mcast_group(fam, false);
			put_ip(m, PSW_A_REMOTE4, &ip);
			put_u8(m, PSW_A_MCAST_JOINED, rnd_below(2));
			nest_end(m, off);
		} else {
			put_u8(m, PSW_A_LEARNING, 0);
			put_deep_nest(m, PSW_A_MCAST_STATS, 1 + rnd_below(3));
		}
		break;
	case 19:
		hostile_why = "a multicast group of both families, or a TTL without a group";
		put_u32(m, PSW_A_PAN_ID, pan_id());
		{
			size_t off = nest_start(m, PSW_A_MCAST);

			if (rnd_chance(2)) {
				ip = mcast_group(4, false);
				put_ip(m, PSW_A_REMOTE4, &ip);
				ip = mcast_group(6, false);
				put_ip(m, PSW_A_REMOTE4, &ip);
			} else {
				put_u8(m, PSW_A_TTL, 1 + rnd_below(255));
			}
			nest_end(m, off);
		}
		break;
	case 10:
		hostile_why = "a multicast or zero anycast MAC";
		put_u32(m, PSW_A_PAN_ID, pan_id());
		{
			size_t off = nest_start(m, PSW_A_ANYCAST);
			uint8_t mac[6] = { 0 };

			if (rnd_chance(2))
				rnd_mac(mac, false);
			mac[0] |= rnd_chance(2) ? 1 : 0;
			if (!(mac[0] & 1))
				memset(mac, 0, 6);
			put_attr(m, PSW_A_MAC, mac, 6);
			put_flag(m, PSW_A_UPLINK);
			nest_end(m, off);
		}
		break;
	case 11:
		hostile_why = "an anycast gateway via the uplink and a remote";
		put_u32(m, PSW_A_PAN_ID, pan_id());
		{
			size_t off = nest_start(m, PSW_A_ANYCAST);
			uint8_t mac[6] = { 0x02, 0, 0xde, 0xad, 0xbe, 0xef };

			put_attr(m, PSW_A_MAC, mac, 6);
			put_flag(m, PSW_A_UPLINK);
			put_u8(m, PSW_A_ENCAP, PSW_ENCAP_VXLAN);
			put_ip(m, PSW_A_REMOTE4,
			       &pool_pick(remote_pool, ARRAY_SIZE(remote_pool),
					  4)->ip);
			nest_end(m, off);
		}
		break;
	case 8:
		hostile_why = "miss policy out of range";
		put_u32(m, PSW_A_PAN_ID, pan_id());
		if (rnd_chance(2))
			put_u8(m, PSW_A_ACCEPT, PSW_ACCEPT_ANY);
		put_u8(m, PSW_A_MISS, PSW_MISS_MAX + 1 +
		       rnd_below(255 - PSW_MISS_MAX));
		break;
	case 13:
		hostile_why = "an ageing time of 0 or beyond PSW_AGEING_MAX";
		put_u32(m, PSW_A_PAN_ID, pan_id());
		put_u8(m, PSW_A_LEARNING, 1);
		put_u32(m, PSW_A_AGEING, rnd_chance(2) ? 0 :
			PSW_AGEING_MAX + 1 + rnd_below(1000));
		break;
	case 14:
		hostile_why = "learn-max 0 or beyond PSW_ENTRIES_MAX, or learning 2";
		put_u32(m, PSW_A_PAN_ID, pan_id());
		if (rnd_chance(3))
			put_u8(m, PSW_A_LEARNING, 2 + rnd_below(254));
		else
			put_u32(m, PSW_A_LEARN_MAX, rnd_chance(2) ? 0 :
				(uint32_t)PSW_ENTRIES_MAX + 1 +
				rnd_below(1000));
		break;
	case 15:
		hostile_why = "read-only learning counters, age or move";
		put_u32(m, PSW_A_PAN_ID, pan_id());
		put_u8(m, PSW_A_LEARNING, 0);
		switch (rnd_below(3)) {
		case 0:
			put_deep_nest(m, PSW_A_LEARN_STATS, 1 + rnd_below(3));
			break;
		case 1:
			put_u32(m, PSW_A_AGE, rnd32());
			break;
		default:
			put_u64(m, PSW_A_MOVE_SEQ, rnd32());
			break;
		}
		break;
	case 9:
		hostile_why = "read-only miss counters";
		put_u32(m, PSW_A_PAN_ID, pan_id());
		put_u8(m, PSW_A_MISS, PSW_MISS_DROP);
		put_deep_nest(m, PSW_A_MISS_STATS, 1 + rnd_below(3));
		break;
	case 0:
		hostile_why = "neither a local address, accept nor miss";
		put_u32(m, PSW_A_PAN_ID, pan_id());
		break;
	case 7:
		/* with a good address next to it: that must not apply */
		hostile_why = "accept out of range";
		put_u32(m, PSW_A_PAN_ID, pan_id());
		if (rnd_chance(2))
			put_ip(m, PSW_A_LOCAL4,
			       &pool_pick(pan_pool, ARRAY_SIZE(pan_pool), fam)->ip);
		put_u8(m, PSW_A_ACCEPT, PSW_ACCEPT_MAX + 1 +
		       rnd_below(255 - PSW_ACCEPT_MAX));
		break;
	case 1:
		hostile_why = "local address of the wrong length";
		put_u32(m, PSW_A_PAN_ID, pan_id());
		put_bad_len_ip(m, fam == 4 ? PSW_A_LOCAL4 : PSW_A_LOCAL6);
		break;
	case 2:
		hostile_why = "odd PAN address (multicast, loopback, link-local, mapped)";
		must = false;
		put_u32(m, PSW_A_PAN_ID, pan_id());
		pa = hostile_addr(fam);
		put_ip(m, PSW_A_LOCAL4, &pa->ip);
		break;
	case 3:
		hostile_why = "read-only flood list";
		put_u32(m, PSW_A_PAN_ID, pan_id());
		put_ip(m, PSW_A_LOCAL4,
		       &pool_pick(pan_pool, ARRAY_SIZE(pan_pool), fam)->ip);
		put_flood_nest(m, rnd_chance(2));
		break;
	case 4:
		hostile_why = "a switch's underlay address as PAN address";
		must = false;
		put_u32(m, PSW_A_PAN_ID, pan_id());
		ip = local_addr(fam);
		put_ip(m, PSW_A_LOCAL4, &ip);
		break;
	case 5:
		hostile_why = "PAN id out of range";
		put_u32(m, PSW_A_PAN_ID, rnd_chance(2) ? 0 : PSW_PAN_ID_MAX + 1 +
			rnd_below(8));
		put_ip(m, PSW_A_LOCAL4,
		       &pool_pick(pan_pool, ARRAY_SIZE(pan_pool), fam)->ip);
		break;
	default:
		hostile_why = "both addresses cleared";
		must = false;
		put_u32(m, PSW_A_PAN_ID, pan_id());
		put_zero_ip(m, PSW_A_LOCAL4, 4);
		put_zero_ip(m, PSW_A_LOCAL6, 6);
	}
	return must;
}

/* FLOOD_NEW and FLOOD_DEL take the same attributes. */
static bool hostile_flood(struct msg *m)
{
	const struct pool_addr *pa;
	bool must = true;
	uint8_t fam = rnd_chance(2) ? 4 : 6;

	put_switch(m);
	put_u32(m, PSW_A_PAN_ID, pan_id());
	switch (rnd_below(11)) {
	case 0:
		hostile_why = "uplink flag and an encap remote";
		put_flag(m, PSW_A_UPLINK);
		put_u8(m, PSW_A_ENCAP, valid_encap());
		put_remote(m, fam);
		break;
	case 1:
		hostile_why = "uplink flag and a remote";
		put_flag(m, PSW_A_UPLINK);
		put_remote(m, fam);
		break;
	case 2:
		hostile_why = "encapsulation without a remote";
		put_u8(m, PSW_A_ENCAP, valid_encap());
		break;
	case 3:
		hostile_why = "remote without an encapsulation";
		put_remote(m, fam);
		break;
	case 4:
		hostile_why = "neither the uplink nor a remote";
		break;
	case 5:
		hostile_why = "encapsulation out of range";
		put_u8(m, PSW_A_ENCAP, bad_encap());
		put_remote(m, fam);
		break;
	case 6:
		hostile_why = "remote of the wrong length";
		put_u8(m, PSW_A_ENCAP, valid_encap());
		put_bad_len_ip(m, fam == 4 ? PSW_A_REMOTE4 : PSW_A_REMOTE6);
		break;
	case 7:
		hostile_why = "odd flood remote (zero, multicast, loopback, link-local, mapped)";
		must = false;
		put_u8(m, PSW_A_ENCAP, valid_encap());
		pa = hostile_addr(fam);
		put_ip(m, PSW_A_REMOTE4, &pa->ip);
		break;
	case 8:
		hostile_why = "both an IPv4 and an IPv6 remote";
		must = false;
		put_u8(m, PSW_A_ENCAP, valid_encap());
		put_remote(m, 4);
		put_remote(m, 6);
		break;
	case 10: {
		/* refused if it is this switch's own (the -A addresses) */
		struct ipaddr ip = local_addr(fam);

		hostile_why = "a local address as flood remote";
		must = false;
		put_u8(m, PSW_A_ENCAP, valid_encap());
		put_ip(m, PSW_A_REMOTE4, &ip);
		break;
	}
	default:
		hostile_why = "read-only PSW_A_FLOOD_MEMBER echoed back";
		put_flood_nest(m, true);
	}
	return must;
}

/*
 * neigh-new with one bad value the uapi header says is refused: an
 * address that is zero, multicast, broadcast or loopback, a MAC that is
 * multicast or zero, two addresses, or none.
 */
static bool hostile_neigh_new(struct msg *m)
{
	static const char *const bad4[] = {
		"0.0.0.0", "127.0.0.1", "224.0.0.1", "255.255.255.255",
	};
	static const char *const bad6[] = { "::", "::1", "ff02::1" };
	struct ipaddr ip;
	uint8_t mac[6];

	put_switch(m);
	put_u32(m, PSW_A_PAN_ID, pan_id());
	rnd_mac(mac, true);
	switch (rnd_below(4)) {
	case 0:
		hostile_why = "neighbour with a zero, multicast, broadcast or loopback IPv4 address";
		memset(&ip, 0, sizeof(ip));
		ip.family = 4;
		inet_pton(AF_INET, bad4[rnd_below(ARRAY_SIZE(bad4))], ip.a);
		put_neigh_ip(m, &ip);
		break;
	case 1:
		hostile_why = "neighbour with an unspecified, loopback or multicast IPv6 address";
		memset(&ip, 0, sizeof(ip));
		ip.family = 6;
		inet_pton(AF_INET6, bad6[rnd_below(ARRAY_SIZE(bad6))], ip.a);
		put_neigh_ip(m, &ip);
		break;
	case 2:
		hostile_why = "neighbour with a multicast or zero MAC";
		put_neigh_ip(m, &pool_pick(pan_pool, ARRAY_SIZE(pan_pool),
					   0)->ip);
		if (rnd_chance(2))
			memset(mac, 0, 6);
		else
			mac[0] |= 1;
		break;
	default:
		hostile_why = "neighbour with no address, or two";
		if (rnd_chance(2)) {
			put_neigh_ip(m, &pool_pick(pan_pool,
						   ARRAY_SIZE(pan_pool),
						   4)->ip);
			put_neigh_ip(m, &pool_pick(pan_pool,
						   ARRAY_SIZE(pan_pool),
						   6)->ip);
		}
		break;
	}
	put_attr(m, PSW_A_MAC, mac, 6);
	if (rnd_chance(3))
		put_flag(m, PSW_A_REPLACE);
	return true;
}

static bool hostile_entry_new(struct msg *m)
{
	const struct pool_addr *pa;
	uint8_t mac[6], fam = rnd_chance(2) ? 4 : 6;
	bool must = true;

	put_switch(m);
	put_u32(m, PSW_A_PAN_ID, pan_id());
	rnd_mac(mac, true);
	put_attr(m, PSW_A_MAC, mac, 6);
	if (rnd_chance(3))
		put_flag(m, PSW_A_REPLACE);
	switch (rnd_below(13)) {
	case 0:
		hostile_why = "xlate entry without an external MAC";
		put_u8(m, PSW_A_MODE, PSW_MODE_XLATE);
		break;
	case 1:
		hostile_why = "xlate entry with a multicast or zero external MAC";
		put_u8(m, PSW_A_MODE, PSW_MODE_XLATE);
		rnd_mac(mac, false);
		if (rnd_chance(2))
			memset(mac, 0, 6);
		else
			mac[0] |= 1;
		put_attr(m, PSW_A_EXT_MAC, mac, 6);
		break;
	case 2:
		hostile_why = "encap entry without a remote";
		put_u8(m, PSW_A_MODE, PSW_MODE_ENCAP);
		put_u8(m, PSW_A_ENCAP, valid_encap());
		break;
	case 3:
		hostile_why = "encap entry without an encapsulation";
		put_u8(m, PSW_A_MODE, PSW_MODE_ENCAP);
		put_remote(m, fam);
		break;
	case 4:
	case 5:
		pa = hostile_addr(fam);
		hostile_why = pa->bad_remote ?
			      "encap remote zero, loopback, multicast or link-local" :
			      "encap remote v4-mapped, v4-compatible or reserved";
		must = pa->bad_remote;
		put_u8(m, PSW_A_MODE, PSW_MODE_ENCAP);
		put_u8(m, PSW_A_ENCAP, valid_encap());
		put_ip(m, PSW_A_REMOTE4, &pa->ip);
		break;
	case 6:
		hostile_why = "encapsulation out of range";
		put_u8(m, PSW_A_MODE, PSW_MODE_ENCAP);
		put_u8(m, PSW_A_ENCAP, bad_encap());
		put_remote(m, fam);
		break;
	case 7:
		hostile_why = "encap remote of the wrong length";
		put_u8(m, PSW_A_MODE, PSW_MODE_ENCAP);
		put_u8(m, PSW_A_ENCAP, valid_encap());
		put_bad_len_ip(m, fam == 4 ? PSW_A_REMOTE4 : PSW_A_REMOTE6);
		break;
	case 8:
		hostile_why = "drop entry with an external MAC or a remote";
		put_u8(m, PSW_A_MODE, PSW_MODE_DROP);
		if (rnd_chance(2)) {
			ext_mac(mac);
			put_attr(m, PSW_A_EXT_MAC, mac, 6);
		} else {
			put_u8(m, PSW_A_ENCAP, valid_encap());
			put_remote(m, fam);
		}
		break;
	case 9:
		hostile_why = "an mcast entry (the PAN's group, never added)";
		put_u8(m, PSW_A_MODE, PSW_MODE_MCAST);
		if (rnd_chance(2))
			put_remote(m, fam);
		break;
	case 10:
		hostile_why = "encap entry with an IPv4 and an IPv6 remote";
		must = false;
		put_u8(m, PSW_A_MODE, PSW_MODE_ENCAP);
		put_u8(m, PSW_A_ENCAP, valid_encap());
		put_remote(m, 4);
		put_remote(m, 6);
		break;
	case 11:
		hostile_why = "local entry with an external MAC";
		must = false;
		put_u8(m, PSW_A_MODE, PSW_MODE_LOCAL);
		put_port(m);
		ext_mac(mac);
		put_attr(m, PSW_A_EXT_MAC, mac, 6);
		break;
	default:
		hostile_why = "xlate entry with a remote as well";
		must = false;
		put_u8(m, PSW_A_MODE, PSW_MODE_XLATE);
		ext_mac(mac);
		put_attr(m, PSW_A_EXT_MAC, mac, 6);
		put_u8(m, PSW_A_ENCAP, valid_encap());
		put_remote(m, fam);
	}
	return must;
}

static bool hostile_port_new(struct msg *m)
{
	uint8_t mac[6];
	bool must = true;

	put_switch(m);
	put_port(m);
	switch (rnd_below(8)) {
	case 5:
		hostile_why = "a VLAN on a vm port";
		put_u32(m, PSW_A_PAN_ID, pan_id());
		put_u16(m, PSW_A_VLAN, 1 + rnd_below(4094));
		break;
	case 6:
		hostile_why = "uplink VLAN 0 or beyond 4094";
		put_u8(m, PSW_A_PORT_ROLE, PSW_PORT_ROLE_UPLINK);
		put_u16(m, PSW_A_VLAN, rnd_chance(2) ? 0 : 4095 + rnd_below(60000));
		break;
	case 7:
		hostile_why = "port security or LLDP given when attaching";
		put_u32(m, PSW_A_PAN_ID, pan_id());
		put_u8(m, rnd_chance(2) ? PSW_A_SECURITY : PSW_A_LLDP,
		       rnd_below(2));
		break;
	case 0:
	case 1:
		hostile_why = "external MAC on a port with several MACs";
		put_u32(m, PSW_A_PAN_ID, pan_id());
		put_macs_n(m, 2 + rnd_below(3));
		ext_mac(mac);
		put_attr(m, PSW_A_EXT_MAC, mac, 6);
		break;
	case 2:
		hostile_why = "multicast or zero external MAC";
		must = false;
		put_u32(m, PSW_A_PAN_ID, pan_id());
		memset(mac, 0, 6);
		if (rnd_chance(2))
			memcpy(mac, "\x01\x00\x5e\x00\x00\x01", 6);
		put_attr(m, PSW_A_EXT_MAC, mac, 6);
		break;
	case 4:
		if (rnd_chance(2))
			goto role_range;
		hostile_why = "trunk with a PAN, or without its classification";
		put_u8(m, PSW_A_PORT_ROLE, PSW_PORT_ROLE_TRUNK);
		if (rnd_chance(2))
			put_u32(m, PSW_A_PAN_ID, pan_id());
		break;
	case 3:
		hostile_why = "uplink with an external MAC or a PAN";
		must = false;
		put_u8(m, PSW_A_PORT_ROLE, PSW_PORT_ROLE_UPLINK);
		if (rnd_chance(2)) {
			ext_mac(mac);
			put_attr(m, PSW_A_EXT_MAC, mac, 6);
		} else {
			put_u32(m, PSW_A_PAN_ID, pan_id());
		}
		break;
	default:
role_range:
		hostile_why = "port role out of range";
		put_u8(m, PSW_A_PORT_ROLE, PSW_PORT_ROLE_MAX + 1 + rnd_below(200));
		put_u32(m, PSW_A_PAN_ID, pan_id());
	}
	return must;
}

/*
 * tenant-new with one value the uapi header says is refused: an OUI with
 * its I/G bit set, a VLAN 0 or beyond 4094, no key at all.
 */
static bool hostile_tenant_new(struct msg *m)
{
	put_switch(m);
	put_u32(m, PSW_A_PAN_ID, pan_id());
	switch (rnd_below(3)) {
	case 0:
		hostile_why = "tenant OUI with the I/G bit set";
		put_u32(m, PSW_A_OUI, tenant_oui() | PSW_OUI_IG);
		break;
	case 1:
		hostile_why = "tenant VLAN 0 or beyond 4094";
		put_u16(m, PSW_A_VLAN, rnd_chance(2) ? 0 : 4095 + rnd_below(60000));
		break;
	default:
		hostile_why = "tenant map entry without a key";
	}
	return true;
}

static bool hostile_port_set(struct msg *m)
{
	unsigned int c = rnd_below(4);

	put_switch(m);
	if (c != 3)
		put_port(m);
	switch (c) {
	case 0:
		hostile_why = "port set with nothing to set";
		break;
	case 1:
		hostile_why = "port security or LLDP beyond 1";
		put_u8(m, rnd_chance(2) ? PSW_A_SECURITY : PSW_A_LLDP,
		       2 + rnd_below(254));
		break;
	case 2:
		hostile_why = "port set with a VLAN";
		put_u8(m, PSW_A_SECURITY, rnd_below(2));
		put_u16(m, PSW_A_VLAN, 1 + rnd_below(4094));
		break;
	default:
		hostile_why = "port set without a port";
		put_u8(m, PSW_A_LLDP, rnd_below(2));
	}
	return true;
}

/*
 * A well-formed request for @cmd with one hostile value. Returns whether
 * the uapi header says it must be refused (hostile_why says why).
 */
static bool build_hostile(struct msg *m, uint8_t cmd)
{
	bool must;

	msg_init(m, g.family, NLM_F_REQUEST | NLM_F_ACK, cmd,
		 PSW_GENL_VERSION);
	switch (cmd) {
	case PSW_CMD_SWITCH_SET:
		must = hostile_switch_set(m);
		break;
	case PSW_CMD_PAN_SET:
		must = hostile_pan_set(m);
		break;
	case PSW_CMD_FLOOD_NEW:
	case PSW_CMD_FLOOD_DEL:
		must = hostile_flood(m);
		break;
	case PSW_CMD_ENTRY_NEW:
		must = hostile_entry_new(m);
		break;
	case PSW_CMD_NEIGH_NEW:
		must = hostile_neigh_new(m);
		break;
	case PSW_CMD_PORT_SET:
		must = hostile_port_set(m);
		break;
	case PSW_CMD_TENANT_NEW:
		must = hostile_tenant_new(m);
		break;
	case PSW_CMD_PORT_NEW:
		if (rnd_chance(2)) {
			must = hostile_port_new(m);
			break;
		}
		/* fall through */
	default:
		/* the command's valid request plus what policy refuses */
		valid_body(m, cmd, false);
		put_policy_violation(m, cmd);
		must = true;
	}
	msg_finish(m);
	if (m->overflow)
		must = false;
	return must;
}

/* --- fuzzed requests ---------------------------------------------------- */

static uint16_t fuzz_flags(void)
{
	static const uint16_t f[] = {
		NLM_F_REQUEST | NLM_F_ACK,
		NLM_F_REQUEST | NLM_F_ACK | NLM_F_DUMP,
		NLM_F_REQUEST,
		NLM_F_REQUEST | NLM_F_DUMP,
		NLM_F_REQUEST | NLM_F_ACK | NLM_F_ROOT,
		NLM_F_REQUEST | NLM_F_ACK | NLM_F_MATCH | NLM_F_ATOMIC,
		NLM_F_REQUEST | NLM_F_ACK | NLM_F_CREATE | NLM_F_EXCL |
			NLM_F_REPLACE,
		NLM_F_ACK,
		NLM_F_REQUEST | NLM_F_ACK | NLM_F_ECHO,
		NLM_F_REQUEST | NLM_F_ACK | NLM_F_MULTI,
	};

	if (rnd_chance(8))
		return rnd32();
	return f[rnd_below(sizeof(f) / sizeof(f[0]))];
}

static void mutate_bytes(struct msg *m)
{
	unsigned int i, n = 1 + rnd_below(8);

	if (m->send_len <= NLMSG_HDRLEN)
		return;
	for (i = 0; i < n; i++) {
		size_t pos = NLMSG_HDRLEN + rnd_below(m->send_len - NLMSG_HDRLEN);

		switch (rnd_below(3)) {
		case 0: m->buf[pos] ^= 1u << rnd_below(8); break;
		case 1: m->buf[pos] = rnd32(); break;
		default: m->buf[pos] = rnd_chance(2) ? 0 : 0xff;
		}
	}
}

/* Make one attribute's nla_len lie (past the end, below NLA_HDRLEN, odd). */
static void mutate_nla_len(struct msg *m)
{
	size_t off = NLMSG_HDRLEN + GENL_HDRLEN;
	struct nlattr *nla;
	unsigned int skip = rnd_below(4);

	while (off + NLA_HDRLEN <= m->send_len) {
		nla = (struct nlattr *)(m->buf + off);
		if (!skip-- || nla->nla_len < NLA_HDRLEN) {
			switch (rnd_below(4)) {
			case 0: nla->nla_len = rnd_below(NLA_HDRLEN); break;
			case 1: nla->nla_len += 1 + rnd_below(64); break;
			case 2: nla->nla_len = 0xffff; break;
			default: nla->nla_len = rnd32();
			}
			return;
		}
		off += NLA_ALIGN(nla->nla_len);
	}
}

/* A random attribute of @cmd's request (spec.h), 0 if it takes none. */
static uint16_t cmd_attr(uint8_t cmd)
{
	unsigned int n = 0;

	if (cmd > PSW_CMD_MAX || !fz_cmds[cmd].attrs)
		return 0;
	while (fz_cmds[cmd].attrs[n])
		n++;
	return n ? fz_cmds[cmd].attrs[rnd_below(n)] : 0;
}

static void build_fuzzed(struct msg *m, uint8_t cmd)
{
	uint8_t version = rnd_chance(8) ? rnd32() : PSW_GENL_VERSION;
	uint16_t type = g.family;
	unsigned int i, n;
	struct nlmsghdr *nlh;

	if (rnd_chance(32)) {
		static const uint16_t types[] = {
			NLMSG_NOOP, NLMSG_ERROR, NLMSG_DONE, NLMSG_OVERRUN,
			GENL_ID_CTRL, 0xffff,
		};
		type = types[rnd_below(sizeof(types) / sizeof(types[0]))];
	}
	if (rnd_chance(32))
		cmd = rnd_chance(2) ? rnd32() : PSW_CMD_MAX + 1;
	msg_init(m, type, fuzz_flags(), cmd, version);

	n = rnd_below(10);
	for (i = 0; i < n && !m->overflow; i++) {
		uint16_t t;

		switch (rnd_below(8)) {
		case 0:	/* unknown attribute */
			t = PSW_A_MAX + 1 + rnd_below(32);
			break;
		case 1:
			t = rnd32() & NLA_TYPE_MASK;
			break;
		case 2:
		case 3:
		case 4:	/* one the command takes, to get past its policy */
			t = cmd_attr(cmd);
			if (t)
				break;
			/* fall through */
		default:
			t = 1 + rnd_below(PSW_A_MAX);
		}
		if (rnd_chance(16))
			put_deep_nest(m, t, rnd_below(48));
		else
			put_fuzzed_attr(m, t);
		/* sometimes a correct switch, so that pre_doit passes */
		if (i == 0 && rnd_chance(2))
			put_switch(m);
	}
	msg_finish(m);

	nlh = (struct nlmsghdr *)m->buf;
	switch (rnd_below(16)) {
	case 0:	/* truncated: fewer bytes than nlmsg_len */
		m->send_len = rnd_below(m->len + 1);
		break;
	case 1:	/* lying nlmsg_len */
		nlh->nlmsg_len = rnd_chance(2) ? rnd_below(m->len + 64) : rnd32();
		break;
	case 2:	/* no or short genl header */
		nlh->nlmsg_len = NLMSG_HDRLEN + rnd_below(GENL_HDRLEN);
		m->send_len = nlh->nlmsg_len;
		break;
	case 3:
	case 4:
		mutate_bytes(m);
		break;
	case 5:
	case 6:
		mutate_nla_len(m);
		break;
	case 7:	/* trailing garbage after the message */
		if (m->len + 64 < sizeof(m->buf)) {
			rnd_bytes(m->buf + m->len, 64);
			m->send_len = m->len + rnd_below(64);
		}
		break;
	}
}

/* --- talking to the kernel --------------------------------------------- */

static int nl_open(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	int fd, one = 1, size = 4 << 20;

	fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (fd < 0) {
		perror("psw-nlfuzz: socket(NETLINK_GENERIC)");
		exit(2);
	}
	setsockopt(fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof(size));
	setsockopt(fd, SOL_NETLINK, NETLINK_EXT_ACK, &one, sizeof(one));
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa)) < 0) {
		perror("psw-nlfuzz: bind");
		exit(2);
	}
	return fd;
}

static int nl_send(int fd, const void *buf, size_t len)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	if (sendto(fd, buf, len, 0, (struct sockaddr *)&sa, sizeof(sa)) < 0)
		return -errno;
	return 0;
}

/*
 * Read everything queued on @fd. For the reply to @seq, store the error of
 * its NLMSG_ERROR in *@err (1 if there was none). Returns the number of
 * messages read.
 */
static unsigned int nl_drain(int fd, uint32_t seq, int *err, bool count)
{
	static unsigned char buf[1 << 16];
	unsigned int nmsgs = 0;
	ssize_t n;
	int rounds = 0;

	if (err)
		*err = 1;
	while (rounds++ < 100000) {
		struct nlmsghdr *nlh;
		int len;

		n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EINTR)
				continue;
			if (errno == EAGAIN)
				break;
			/* ENOBUFS: replies were lost; count and go on */
			if (count && errno < N_ERRNO)
				g.reply_err[errno]++;
			continue;
		}
		if (n == 0)
			break;
		len = n;
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, (unsigned int)len);
		     nlh = NLMSG_NEXT(nlh, len)) {
			nmsgs++;
			if (!count)
				continue;
			if (nlh->nlmsg_type == NLMSG_ERROR &&
			    nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(struct nlmsgerr))) {
				struct nlmsgerr *e = NLMSG_DATA(nlh);
				int ev = -e->error;

				if (ev == 0)
					g.acks++;
				else if (ev > 0 && ev < N_ERRNO)
					g.reply_err[ev]++;
				else
					g.other++;
				if (err && nlh->nlmsg_seq == seq)
					*err = e->error;
			} else if (nlh->nlmsg_type == NLMSG_DONE) {
				g.done++;
			} else if (nlh->nlmsg_type == g.family) {
				g.data++;
			} else {
				g.other++;
			}
		}
	}
	return nmsgs;
}

/* Find the family's id and notify group with CTRL_CMD_GETFAMILY. */
static int resolve_family(int fd)
{
	static unsigned char buf[8192];
	struct msg m;
	struct nlmsghdr *nlh;
	struct nlattr *nla, *grp, *ga;
	int len, rem, grem, garem, tries;
	ssize_t n;

	msg_init(&m, GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_ACK,
		 CTRL_CMD_GETFAMILY, 1);
	put_str(&m, CTRL_ATTR_FAMILY_NAME, PSW_GENL_NAME);
	msg_finish(&m);
	if (nl_send(fd, m.buf, m.send_len))
		return -1;
	for (tries = 0; tries < 4; tries++) {
		n = recv(fd, buf, sizeof(buf), MSG_DONTWAIT);
		if (n <= 0)
			return -1;
		len = n;
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, (unsigned int)len);
		     nlh = NLMSG_NEXT(nlh, len)) {
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(nlh);

				if (e->error)
					return -1;
				return g.family ? 0 : -1;
			}
			if (nlh->nlmsg_type != GENL_ID_CTRL)
				continue;
			rem = nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
			nla = (struct nlattr *)((char *)NLMSG_DATA(nlh) + GENL_HDRLEN);
			for (; rem >= (int)NLA_HDRLEN && nla->nla_len >= NLA_HDRLEN &&
			     nla->nla_len <= rem;
			     rem -= NLA_ALIGN(nla->nla_len),
			     nla = (struct nlattr *)((char *)nla + NLA_ALIGN(nla->nla_len))) {
				int t = nla->nla_type & NLA_TYPE_MASK;

				if (t == CTRL_ATTR_FAMILY_ID)
					g.family = *(uint16_t *)((char *)nla + NLA_HDRLEN);
				if (t != CTRL_ATTR_MCAST_GROUPS)
					continue;
				grem = nla->nla_len - NLA_HDRLEN;
				grp = (struct nlattr *)((char *)nla + NLA_HDRLEN);
				for (; grem >= (int)NLA_HDRLEN && grp->nla_len >= NLA_HDRLEN &&
				     grp->nla_len <= grem;
				     grem -= NLA_ALIGN(grp->nla_len),
				     grp = (struct nlattr *)((char *)grp + NLA_ALIGN(grp->nla_len))) {
					garem = grp->nla_len - NLA_HDRLEN;
					ga = (struct nlattr *)((char *)grp + NLA_HDRLEN);
					for (; garem >= (int)NLA_HDRLEN && ga->nla_len >= NLA_HDRLEN &&
					     ga->nla_len <= garem;
					     garem -= NLA_ALIGN(ga->nla_len),
					     ga = (struct nlattr *)((char *)ga + NLA_ALIGN(ga->nla_len)))
						if ((ga->nla_type & NLA_TYPE_MASK) == CTRL_ATTR_MCAST_GRP_ID)
							g.mcgrp = *(uint32_t *)((char *)ga + NLA_HDRLEN);
				}
			}
		}
	}
	return g.family ? 0 : -1;
}

static void drop_privileges(void)
{
	struct __user_cap_header_struct hdr = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct data[2];

	if (setgroups(0, NULL) || setresgid(65534, 65534, 65534) ||
	    setresuid(65534, 65534, 65534)) {
		perror("psw-nlfuzz: dropping to uid 65534");
		exit(2);
	}
	prctl(PR_SET_NO_NEW_PRIVS, 1, 0, 0, 0);
	memset(data, 0, sizeof(data));
	if (syscall(SYS_capget, &hdr, data) ||
	    data[0].effective || data[1].effective ||
	    data[0].permitted || data[1].permitted) {
		fprintf(stderr, "psw-nlfuzz: capabilities left after the drop\n");
		exit(2);
	}
}

/*
 * Is @m, as it will be sent, a request for a changing command that
 * genetlink's header checks let through to the permission check? Those
 * come first: nlmsg_len, genlmsghdr.reserved 0, no nlmsg_flags but
 * REQUEST, ACK, ECHO (and DUMP, which 6.12 refuses with EOPNOTSUPP for a
 * command without a dumpit, before the permission check).
 */
static bool expect_eperm(const struct msg *m)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)m->buf;
	const struct genlmsghdr *gh = NLMSG_DATA(nlh);

	return m->send_len >= NLMSG_LENGTH(GENL_HDRLEN) &&
	       nlh->nlmsg_len >= NLMSG_LENGTH(GENL_HDRLEN) &&
	       nlh->nlmsg_len <= m->send_len &&
	       nlh->nlmsg_type == g.family &&
	       (nlh->nlmsg_flags & NLM_F_REQUEST) &&
	       !(nlh->nlmsg_flags & ~(NLM_F_REQUEST | NLM_F_ACK | NLM_F_ECHO)) &&
	       !gh->reserved && cmd_changes(gh->cmd);
}

enum sort { FUZZED, VALID, HOSTILE, COMBINED };

/*
 * Send @m (built for @cmd as @sort) and read the replies. @must_refuse:
 * the request must not succeed.
 */
static void send_one(struct msg *m, uint8_t cmd, enum sort sort,
		     bool must_refuse)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)m->buf;
	bool check = g.unpriv && expect_eperm(m);
	int rc, err;

	rc = nl_send(g.fd, m->buf, m->send_len);
	g.sent++;
	if (sort == VALID)
		g.valid_sent++;
	if (sort == HOSTILE)
		g.hostile_sent++;
	if ((sort == VALID || sort == HOSTILE) && cmd <= PSW_CMD_MAX)
		g.cmd_sent[cmd]++;
	if (rc) {
		if (-rc < N_ERRNO)
			g.send_err[-rc]++;
		return;
	}
	nl_drain(g.fd, nlh->nlmsg_seq, &err, true);
	if (g.mc_fd >= 0)
		g.notifications += nl_drain(g.mc_fd, 0, NULL, false);
	if ((sort == VALID || sort == HOSTILE) && cmd <= PSW_CMD_MAX && !err)
		g.cmd_ok[cmd]++;
	if (must_refuse) {
		g.must_refuse++;
		if (!err) {
			if (++g.hostile_accepted <= MAX_REPORTS)
				fprintf(stderr, "psw-nlfuzz: hostile %s seq %u accepted, must be refused: %s\n",
					cmd_name(cmd), nlh->nlmsg_seq,
					hostile_why);
		}
	}
	if (!check)
		return;
	g.perm_checked++;
	/*
	 * genetlink checks GENL_UNS_ADMIN_PERM before it looks at anything
	 * but the headers, and always answers an error (ACK flag or not).
	 */
	if (err != -EPERM) {
		g.perm_violations++;
		fprintf(stderr, "psw-nlfuzz: unprivileged cmd %u seq %u flags 0x%x len %u/%zu: %s, expected EPERM\n",
			((const struct genlmsghdr *)NLMSG_DATA(nlh))->cmd,
			nlh->nlmsg_seq, nlh->nlmsg_flags, nlh->nlmsg_len,
			m->send_len, err == 1 ? "no error reply" :
			err == 0 ? "success" : strerror(-err));
	}
}

static void usage(void)
{
	fprintf(stderr,
		"usage: psw-nlfuzz [-n COUNT] [-s SEED] [-u] [-m] [-q] [-C LIST] [-S SWITCH]... [-P DEV]... [-N PREFIX] [-A ADDR]...\n"
		"       psw-nlfuzz -x [-C LIST]\n");
	exit(2);
}

/* --- -x: stray attributes ---------------------------------------------- */

/* A switch name no switch has: the base of every -x request. */
#define STRAY_SWITCH "psw-stray-none"

struct ack {
	int error;		/* 0: none seen */
	int32_t offs;		/* NLMSGERR_ATTR_OFFS, -1: none */
	char msg[128];		/* NLMSGERR_ATTR_MSG */
};

/* The TLVs of an ack or of a dump's NLMSG_DONE, from @p to @end. */
static void ack_tlvs(struct ack *a, const unsigned char *p,
		     const unsigned char *end)
{
	const struct nlattr *nla;

	while (p + NLA_HDRLEN <= end) {
		nla = (const struct nlattr *)p;
		if (nla->nla_len < NLA_HDRLEN || p + nla->nla_len > end)
			break;
		if (nla->nla_type == NLMSGERR_ATTR_OFFS &&
		    nla->nla_len >= NLA_HDRLEN + 4)
			memcpy(&a->offs, p + NLA_HDRLEN, 4);
		else if (nla->nla_type == NLMSGERR_ATTR_MSG)
			snprintf(a->msg, sizeof(a->msg), "%.*s",
				 (int)(nla->nla_len - NLA_HDRLEN),
				 (const char *)p + NLA_HDRLEN);
		p += NLA_ALIGN(nla->nla_len);
	}
}

/* Send @m on @fd (NETLINK_CAP_ACK) and read its ack or its dump's end. */
static void stray_send(int fd, struct msg *m, struct ack *a)
{
	static unsigned char buf[1 << 16];
	uint32_t seq = ((struct nlmsghdr *)m->buf)->nlmsg_seq;
	struct nlmsghdr *nlh;
	const unsigned char *p;
	int len, tries;
	ssize_t n;

	memset(a, 0, sizeof(*a));
	a->offs = -1;
	if (nl_send(fd, m->buf, m->send_len)) {
		a->error = -errno;
		return;
	}
	for (tries = 0; tries < 1000; tries++) {
		n = recv(fd, buf, sizeof(buf), 0);
		if (n <= 0)
			return;
		len = n;
		for (nlh = (struct nlmsghdr *)buf; NLMSG_OK(nlh, (unsigned int)len);
		     nlh = NLMSG_NEXT(nlh, len)) {
			if (nlh->nlmsg_seq != seq)
				continue;
			p = NLMSG_DATA(nlh);
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(nlh);

				a->error = e->error;
				ack_tlvs(a, p + sizeof(*e),
					 (const unsigned char *)nlh +
					 nlh->nlmsg_len);
				return;
			}
			if (nlh->nlmsg_type == NLMSG_DONE) {
				if (nlh->nlmsg_len >= NLMSG_LENGTH(4))
					memcpy(&a->error, p, 4);
				ack_tlvs(a, p + 4, (const unsigned char *)nlh +
					 nlh->nlmsg_len);
				return;
			}
		}
	}
}

/* The base of a -x request: the switch, for the commands that take it. */
static void stray_base(struct msg *m, uint8_t cmd, bool dump)
{
	msg_init(m, g.family, NLM_F_REQUEST | NLM_F_ACK |
		 (dump ? NLM_F_DUMP : 0), cmd, PSW_GENL_VERSION);
	if (cmd != PSW_CMD_SWITCH_NEW)
		put_str(m, PSW_A_IFNAME, STRAY_SWITCH);
}

static bool in_list(const uint16_t *l, uint16_t t)
{
	for (; l && *l; l++)
		if (*l == t)
			return true;
	return false;
}

/*
 * -x: for every command, the request that names a switch that does not
 * exist (switch-new: no name) is the control: it passes the command's
 * policy and is refused by the handler, naming no attribute but the
 * switch. The same request plus one well-formed attribute the command
 * does not take, for each such attribute, must be refused with EINVAL by
 * the policy, the extended ack pointing at that attribute, with a
 * message. A dump request of a GET command plus an attribute only its do
 * request takes is refused with EINVAL and a message. One line per check
 * ("ok" or "not ok"); returns the number of failures, or -1 if no check
 * ran.
 */
static int stray_check(void)
{
	int fd = nl_open(), one = 1, fails = 0, checks = 0;
	static struct msg m;
	struct ack a;
	uint16_t t;
	uint8_t cmd;
	struct timeval tv = { .tv_sec = 30 };
	int32_t off;

	setsockopt(fd, SOL_NETLINK, NETLINK_CAP_ACK, &one, sizeof(one));
	/* a kernel that never answers fails the check instead of hanging */
	setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
	for (cmd = 1; cmd <= PSW_CMD_MAX; cmd++) {
		if (!g.cmd_on[cmd] || !fz_cmds[cmd].attrs ||
		    (!fz_cmds[cmd].do_ && !fz_cmds[cmd].dump))
			continue;
		stray_base(&m, cmd, false);
		msg_finish(&m);
		stray_send(fd, &m, &a);
		checks++;
		if (!a.error || (a.offs != -1 && a.offs != NLMSG_HDRLEN +
				 GENL_HDRLEN)) {
			fails++;
			printf("not ok %d - %s control: error %d offset %d (%s)\n",
			       checks, cmd_name(cmd), a.error, a.offs, a.msg);
		} else {
			printf("ok %d - %s control: refused by the handler (%s)\n",
			       checks, cmd_name(cmd), a.msg);
		}
		for (t = 1; t <= PSW_A_MAX; t++) {
			if (fz_attrs[t].kind == FZ_NONE ||
			    in_list(fz_cmds[cmd].attrs, t))
				continue;
			stray_base(&m, cmd, false);
			off = m.len;
			put_well_formed(&m, t);
			msg_finish(&m);
			stray_send(fd, &m, &a);
			checks++;
			if (a.error != -EINVAL || a.offs != off || !a.msg[0]) {
				fails++;
				printf("not ok %d - %s with stray attribute %u: error %d offset %d (want %d) \"%s\"\n",
				       checks, cmd_name(cmd), t, a.error,
				       a.offs, off, a.msg);
			} else {
				printf("ok %d - %s with stray attribute %u: refused, named, \"%s\"\n",
				       checks, cmd_name(cmd), t, a.msg);
			}
		}
		if (!fz_cmds[cmd].dump_attrs)
			continue;
		for (t = 1; t <= PSW_A_MAX; t++) {
			if (!in_list(fz_cmds[cmd].attrs, t) ||
			    in_list(fz_cmds[cmd].dump_attrs, t))
				continue;
			stray_base(&m, cmd, true);
			put_well_formed(&m, t);
			msg_finish(&m);
			stray_send(fd, &m, &a);
			checks++;
			if (a.error != -EINVAL || !a.msg[0]) {
				fails++;
				printf("not ok %d - %s dump with attribute %u: error %d \"%s\"\n",
				       checks, cmd_name(cmd), t, a.error, a.msg);
			} else {
				printf("ok %d - %s dump with attribute %u: refused, \"%s\"\n",
				       checks, cmd_name(cmd), t, a.msg);
			}
		}
	}
	close(fd);
	printf("psw-nlfuzz: stray checks %d, failed %d\n", checks, fails);
	return checks ? fails : -1;
}

int main(int argc, char **argv)
{
	uint64_t count = 10000, i, seed;
	static struct msg m;
	bool stray = false;
	int opt, e;

	seed = (uint64_t)time(NULL) * 1000003u ^ (uint64_t)getpid();
	/* every command but the events (PSW_CMD_MISS, PSW_CMD_MOVE): no
	 * request
	 */
	for (opt = 1; opt <= PSW_CMD_MAX; opt++)
		g.cmd_on[opt] = fz_cmds[opt].attrs != NULL;
	init_pools();
	while ((opt = getopt(argc, argv, "n:s:umqxC:S:P:N:A:h")) != -1) {
		switch (opt) {
		case 'C': {
			char *p = optarg, *end;
			unsigned long c;

			memset(g.cmd_on, 0, sizeof(g.cmd_on));
			while (*p) {
				c = strtoul(p, &end, 0);
				if (end == p || c < 1 || c > PSW_CMD_MAX)
					usage();
				g.cmd_on[c] = true;
				p = *end == ',' ? end + 1 : end;
				if (*end && *end != ',')
					usage();
			}
			break;
		}
		case 'n': count = arg_num(optarg, UINT64_MAX, usage); break;
		case 's': seed = arg_num(optarg, UINT64_MAX, usage); break;
		case 'u': g.unpriv = true; break;
		case 'm': g.mix = true; break;
		case 'q': g.quiet = true; break;
		case 'x': stray = true; break;
		case 'S':
			if (g.n_sw >= MAX_NAMES)
				usage();
			g.sw_names[g.n_sw++] = optarg;
			break;
		case 'P':
			if (g.n_dev >= MAX_NAMES)
				usage();
			g.dev_names[g.n_dev++] = optarg;
			break;
		case 'N': g.prefix = optarg; break;
		case 'A':
			if (g.n_locals >= MAX_ADDRS)
				usage();
			parse_addr(optarg, &g.locals[g.n_locals]);
			if (!g.locals[g.n_locals].family)
				usage();
			g.n_locals++;
			break;
		default: usage();
		}
	}
	if (optind != argc)
		usage();
	printf("psw-nlfuzz: seed %" PRIu64 " count %" PRIu64 "%s%s\n", seed,
	       count, g.unpriv ? " unprivileged" : "", g.mix ? " mixed" : "");
	fflush(stdout);
	rnd_seed(seed);

	if (g.unpriv)
		drop_privileges();
	g.fd = nl_open();
	if (resolve_family(g.fd)) {
		fprintf(stderr, "psw-nlfuzz: family \"%s\" not found (module not loaded?)\n",
			PSW_GENL_NAME);
		return 2;
	}
	if (stray) {
		e = stray_check();
		return e ? 1 : 0;
	}
	if (g.mcgrp) {
		g.mc_fd = nl_open();
		if (setsockopt(g.mc_fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
			       &g.mcgrp, sizeof(g.mcgrp))) {
			close(g.mc_fd);
			g.mc_fd = -1;
		}
	}

	for (i = 0; i < count; i++) {
		uint8_t cmd = 1 + rnd_below(PSW_CMD_MAX);
		enum sort sort = FUZZED;
		bool must = false;

		/*
		 * Weights: every command alike, but the slow ones (see
		 * cmd_slow()) a quarter as often.
		 */
		while (!g.cmd_on[cmd] || (cmd_slow(cmd) && !rnd_chance(4)))
			cmd = 1 + rnd_below(PSW_CMD_MAX);

		/*
		 * With -m: one in two valid, one in six hostile, the rest
		 * fuzzed. Without: one in three hostile.
		 */
		if (g.mix && rnd_chance(2))
			sort = VALID;
		else if (rnd_chance(3))
			sort = HOSTILE;

		/* GET commands: one in two a dump */
		if (sort == VALID)
			build_valid(&m, cmd, !cmd_changes(cmd) && rnd_chance(2));
		else if (sort == HOSTILE)
			must = build_hostile(&m, cmd);
		else
			build_fuzzed(&m, cmd);
		send_one(&m, cmd, sort, must);
		/* every so often, several requests in one datagram */
		if (!g.unpriv && rnd_chance(64) && i + 1 < count) {
			static struct msg m2;

			build_valid(&m2, 1 + rnd_below(PSW_CMD_MAX), false);
			if (m.send_len + m2.send_len <= sizeof(m.buf)) {
				memcpy(m.buf + NLMSG_ALIGN(m.send_len), m2.buf,
				       m2.send_len);
				m.send_len = NLMSG_ALIGN(m.send_len) + m2.send_len;
				send_one(&m, cmd, COMBINED, false);
				i++;
			}
		}
		if (!g.quiet && count >= 10 && (i + 1) % (count / 10) == 0) {
			printf("psw-nlfuzz: %" PRIu64 " sent\n", i + 1);
			fflush(stdout);
		}
	}

	printf("psw-nlfuzz: sent %" PRIu64 " (valid %" PRIu64 " hostile %"
	       PRIu64 ") acks %" PRIu64 " data %" PRIu64 " done %" PRIu64
	       " other %" PRIu64 " notifications %" PRIu64 "\n", g.sent,
	       g.valid_sent, g.hostile_sent, g.acks, g.data, g.done, g.other,
	       g.notifications);
	printf("psw-nlfuzz: hostile requests that must be refused %" PRIu64
	       ", accepted %" PRIu64 "\n", g.must_refuse, g.hostile_accepted);
	for (e = 1; e <= PSW_CMD_MAX; e++)
		if (g.cmd_on[e])
			printf("psw-nlfuzz: cmd %-10s well-formed %" PRIu64
			       " ok %" PRIu64 "\n", cmd_name(e),
			       g.cmd_sent[e], g.cmd_ok[e]);
	for (e = 1; e < N_ERRNO; e++)
		if (g.reply_err[e])
			printf("psw-nlfuzz: reply %-14s %" PRIu64 "\n",
			       strerrorname_np(e) ?: "?", g.reply_err[e]);
	for (e = 1; e < N_ERRNO; e++)
		if (g.send_err[e])
			printf("psw-nlfuzz: send  %-14s %" PRIu64 "\n",
			       strerrorname_np(e) ?: "?", g.send_err[e]);
	if (g.unpriv) {
		printf("psw-nlfuzz: unprivileged changes checked %" PRIu64
		       ", not refused with EPERM %" PRIu64 "\n",
		       g.perm_checked, g.perm_violations);
		if (g.perm_violations || !g.perm_checked)
			return 1;
	}
	return g.hostile_accepted ? 1 : 0;
}
