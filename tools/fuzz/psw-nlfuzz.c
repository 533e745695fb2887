// SPDX-License-Identifier: GPL-2.0
/*
 * psw-nlfuzz - send random and mutated generic netlink messages to the
 * "panswitch" family and count the replies by errno.
 *
 * usage: psw-nlfuzz [-n COUNT] [-s SEED] [-u] [-m] [-q] [-C LIST]
 *                   [-S SWITCH]... [-P DEV]... [-N PREFIX]
 *
 *   -n COUNT   messages to send (default 10000)
 *   -s SEED    random seed (default: time and pid); printed, so that a run
 *              can be reproduced
 *   -u         drop to uid/gid 65534 with no capabilities first, and check
 *              that every well-formed state-changing request is refused
 *              with EPERM (exit status 1 otherwise)
 *   -m         mix in valid requests (create and delete switches named
 *              PREFIX0..PREFIX3, PANs, ports on the -P devices, entries)
 *              so that the handlers' deeper paths are reached
 *   -S SWITCH  an existing switch to name in requests (repeatable)
 *   -P DEV     a device that may be attached as a port (repeatable)
 *   -N PREFIX  name prefix of the switches -m creates (default "fz")
 *   -C LIST    only these commands (comma-separated numbers, enum psw_cmd)
 *   -q         print only the summary
 *
 * Nothing here blocks: every reply is read with MSG_DONTWAIT (the kernel
 * handles a request, and queues its replies, inside sendmsg(); a dump's
 * next part is queued inside the recvmsg() that drains the previous one).
 */
#define _GNU_SOURCE
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
#include <time.h>
#include <unistd.h>
#include <linux/capability.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>

#include <linux/panswitch.h>

#include "rand.h"

#define MSG_MAX		16384
#define MAX_NAMES	16
#define N_ERRNO		256

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
	/* counters */
	uint64_t sent, send_err[N_ERRNO], reply_err[N_ERRNO];
	uint64_t acks, data, done, other, valid_sent, notifications;
	uint64_t perm_checked, perm_violations;
} g = { .fd = -1, .mc_fd = -1, .prefix = "fz" };

static bool cmd_changes(uint8_t cmd)
{
	switch (cmd) {
	case PSW_CMD_SWITCH_NEW: case PSW_CMD_SWITCH_DEL:
	case PSW_CMD_PORT_NEW: case PSW_CMD_PORT_DEL:
	case PSW_CMD_PAN_NEW: case PSW_CMD_PAN_DEL:
	case PSW_CMD_ENTRY_NEW: case PSW_CMD_ENTRY_DEL:
		return true;
	}
	return false;
}

static bool cmd_slow(uint8_t cmd)
{
	return cmd == PSW_CMD_SWITCH_NEW || cmd == PSW_CMD_SWITCH_DEL ||
	       cmd == PSW_CMD_PORT_NEW || cmd == PSW_CMD_PORT_DEL;
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

/* One attribute of @type, well-formed or not. */
static void put_fuzzed_attr(struct msg *m, uint16_t type)
{
	char name[64];
	uint8_t mac[6];
	int i;

	if (rnd_chance(3)) {
		put_random_payload(m, type, 300);
		return;
	}
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
			put_attr(m, type, rnd_chance(2) ? "\0x" : "", rnd_chance(2) ? 2 : 1);
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
		put_attr(m, type, "xxxx", rnd_chance(2) ? 0 : rnd_below(5));
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

/* A request that is well-formed for @cmd (it may still be refused). */
static void build_valid(struct msg *m, uint8_t cmd, bool dump)
{
	char name[IFNAMSIZ];
	uint8_t mac[6];

	msg_init(m, g.family, NLM_F_REQUEST | NLM_F_ACK |
		 (dump ? NLM_F_DUMP : 0), cmd, PSW_GENL_VERSION);
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
		if (rnd_chance(4)) {
			put_u8(m, PSW_A_PORT_ROLE, PSW_PORT_ROLE_UPLINK);
			break;
		}
		if (rnd_chance(2))
			put_u8(m, PSW_A_PORT_ROLE, PSW_PORT_ROLE_VM);
		put_u32(m, PSW_A_PAN_ID, pan_id());
		if (rnd_chance(2))
			put_macs(m, true);
		break;
	case PSW_CMD_PORT_DEL:
	case PSW_CMD_PORT_GET:
		put_switch(m);
		if (!dump || rnd_chance(2))
			put_port(m);
		break;
	case PSW_CMD_PAN_NEW:
	case PSW_CMD_PAN_DEL:
	case PSW_CMD_PAN_GET:
		put_switch(m);
		if (!dump || rnd_chance(2))
			put_u32(m, PSW_A_PAN_ID, pan_id());
		break;
	case PSW_CMD_ENTRY_NEW:
		put_switch(m);
		put_u32(m, PSW_A_PAN_ID, pan_id());
		rnd_mac(mac, true);
		put_attr(m, PSW_A_MAC, mac, 6);
		if (rnd_chance(2)) {
			put_u8(m, PSW_A_MODE, PSW_MODE_LOCAL);
			put_port(m);
		} else {
			put_u8(m, PSW_A_MODE, PSW_MODE_DROP);
		}
		if (rnd_chance(3))
			put_attr(m, PSW_A_REPLACE, NULL, 0);
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
	}
	msg_finish(m);
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

static void send_one(struct msg *m, bool valid)
{
	const struct nlmsghdr *nlh = (const struct nlmsghdr *)m->buf;
	bool check = g.unpriv && expect_eperm(m);
	int rc, err;

	rc = nl_send(g.fd, m->buf, m->send_len);
	g.sent++;
	if (valid)
		g.valid_sent++;
	if (rc) {
		if (-rc < N_ERRNO)
			g.send_err[-rc]++;
		return;
	}
	nl_drain(g.fd, nlh->nlmsg_seq, &err, true);
	if (g.mc_fd >= 0)
		g.notifications += nl_drain(g.mc_fd, 0, NULL, false);
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
		"usage: psw-nlfuzz [-n COUNT] [-s SEED] [-u] [-m] [-q] [-C LIST] [-S SWITCH]... [-P DEV]... [-N PREFIX]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	uint64_t count = 10000, i, seed;
	static struct msg m;
	int opt, e;

	seed = (uint64_t)time(NULL) * 1000003u ^ (uint64_t)getpid();
	for (opt = 1; opt <= PSW_CMD_MAX; opt++)
		g.cmd_on[opt] = true;
	while ((opt = getopt(argc, argv, "n:s:umqC:S:P:N:h")) != -1) {
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
		case 'n': count = strtoull(optarg, NULL, 0); break;
		case 's': seed = strtoull(optarg, NULL, 0); break;
		case 'u': g.unpriv = true; break;
		case 'm': g.mix = true; break;
		case 'q': g.quiet = true; break;
		case 'S':
			if (g.n_sw < MAX_NAMES)
				g.sw_names[g.n_sw++] = optarg;
			break;
		case 'P':
			if (g.n_dev < MAX_NAMES)
				g.dev_names[g.n_dev++] = optarg;
			break;
		case 'N': g.prefix = optarg; break;
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
		bool valid = g.mix && rnd_chance(2);

		/*
		 * Creating and deleting switches and ports waits for RCU
		 * grace periods under RTNL (tens of ms under emulation):
		 * pick those commands a quarter as often.
		 */
		while (!g.cmd_on[cmd] || (cmd_slow(cmd) && !rnd_chance(4)))
			cmd = 1 + rnd_below(PSW_CMD_MAX);

		/* GET commands: one in two a dump */
		if (valid)
			build_valid(&m, cmd, !cmd_changes(cmd) && rnd_chance(2));
		else
			build_fuzzed(&m, cmd);
		send_one(&m, valid);
		/* every so often, several requests in one datagram */
		if (!g.unpriv && rnd_chance(64) && i + 1 < count) {
			static struct msg m2;

			build_valid(&m2, 1 + rnd_below(PSW_CMD_MAX), false);
			if (m.send_len + m2.send_len <= sizeof(m.buf)) {
				memcpy(m.buf + NLMSG_ALIGN(m.send_len), m2.buf,
				       m2.send_len);
				m.send_len = NLMSG_ALIGN(m.send_len) + m2.send_len;
				send_one(&m, false);
				i++;
			}
		}
		if (!g.quiet && count >= 10 && (i + 1) % (count / 10) == 0) {
			printf("psw-nlfuzz: %" PRIu64 " sent\n", i + 1);
			fflush(stdout);
		}
	}

	printf("psw-nlfuzz: sent %" PRIu64 " (valid %" PRIu64 ") acks %" PRIu64
	       " data %" PRIu64 " done %" PRIu64 " other %" PRIu64
	       " notifications %" PRIu64 "\n", g.sent, g.valid_sent, g.acks,
	       g.data, g.done, g.other, g.notifications);
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
	return 0;
}
