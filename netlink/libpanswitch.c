// SPDX-License-Identifier: GPL-2.0
/*
 * libpanswitch - userspace client of the panswitch generic netlink family.
 * See libpanswitch.h for the contract of every function.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <netlink/netlink.h>
#include <netlink/genl/genl.h>

#include "libpanswitch.h"
#include "pswc_spec.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a) (sizeof(a) / sizeof((a)[0]))
#endif

#ifndef SOL_NETLINK
#define SOL_NETLINK		270
#endif

#define PSWC_RCVBUF_MSG		32768	/* >= any message the kernel sends */
#define PSWC_REQ_SIZE		1024	/* > the largest request (port-new) */
#define PSWC_MONITOR_RCVBUF	(16 << 20)
/*
 * <linux/if_tunnel.h>, which defines it, clashes with <net/if.h>; its
 * value is ABI (enum of IFLA_GRE_* in that header).
 */
#define PSWC_IFLA_GRE_COLLECT_METADATA	18

typedef int (*reply_fn)(struct pswc_handle *h, struct nlmsghdr *nlh,
			void *arg);

struct pswc_handle {
	struct nl_sock *sk;
	struct nl_cb *cb;
	int family;
	uint32_t version;
	uint32_t mcgrp;			/* 0: group not found */
	uint32_t ev_mcgrp;		/* the events group; 0: not found */
	bool monitoring;

	/* the request in flight */
	struct nl_msg *req;
	uint32_t seq;
	int reply_type;			/* nlmsg_type of replies */
	reply_fn reply;
	void *reply_arg;
	unsigned int nreplies;
	bool done;
	bool intr;			/* NLM_F_DUMP_INTR seen */
	int rc;
	bool inconsistent;		/* last dump delivered interrupted */

	/* monitor */
	pswc_event_cb ev_cb;
	pswc_miss_cb miss_cb;		/* set: miss events, not notifications */
	void *ev_arg;
	int ev_rc;

	/* rtnetlink, for the NVGRE device the kernel cannot create */
	int rtnl_fd;			/* -1: none */
	uint32_t rtnl_seq;

	struct pswc_error err;
};

/* ------------------------------------------------------------------ */
/* Names: enum values, drop reasons and the reply policies are the      */
/* generated tables of pswc_spec.c (netlink/gen.py, from the spec).     */

/*
 * An attribute as error messages name it ("(attribute ext)"): the CLI
 * keyword a user typed where it differs from the spec's name, else the
 * spec's name (pswc_main_names). local4 and local6 keep the spec's names
 * (also the JSON keys): they are the switch's underlay (CLI "underlay",
 * "underlay6") or a PAN's own address ("pan-addr"), by command.
 */
static const char *const attr_keywords[PSW_A_MAX + 1] = {
	[PSW_A_IFINDEX]		= "switch",
	[PSW_A_IFNAME]		= "switch",
	[PSW_A_PORT_IFINDEX]	= "dev",
	[PSW_A_PORT_IFNAME]	= "dev",
	[PSW_A_PORT_ROLE]	= "role",
	[PSW_A_PAN_ID]		= "pan",
	[PSW_A_EXT_MAC]		= "ext",
	[PSW_A_REMOTE4]		= "remote",
	[PSW_A_REMOTE6]		= "remote",
	[PSW_A_FLOOD_MEMBER]	= "flood",
	[PSW_A_NEIGH_IP4]	= "ip",
	[PSW_A_NEIGH_IP6]	= "ip",
};

const char *pswc_version(void)
{
	return PSWC_VERSION;
}

const char *pswc_attr_name(unsigned int type)
{
	if (type > PSW_A_MAX)
		return NULL;
	return attr_keywords[type] ? attr_keywords[type] : pswc_main_names[type];
}

const char *pswc_miss_name(unsigned int miss)
{
	return miss < ARRAY_SIZE(pswc_miss_names) ? pswc_miss_names[miss] : NULL;
}

const char *pswc_drop_reason_name(unsigned int reason)
{
	return reason <= PSW_DROP_MAX ? pswc_drops_names[reason] : NULL;
}

const char *pswc_role_name(unsigned int role)
{
	return role < ARRAY_SIZE(pswc_port_role_names) ?
	       pswc_port_role_names[role] : NULL;
}

const char *pswc_mode_name(unsigned int mode)
{
	return mode < ARRAY_SIZE(pswc_mode_names) ?
	       pswc_mode_names[mode] : NULL;
}

const char *pswc_encap_name(unsigned int encap)
{
	return encap < ARRAY_SIZE(pswc_encap_names) ?
	       pswc_encap_names[encap] : NULL;
}

const char *pswc_origin_name(unsigned int origin)
{
	return origin < ARRAY_SIZE(pswc_origin_names) ?
	       pswc_origin_names[origin] : NULL;
}

const char *pswc_etherip_name(unsigned int form)
{
	return form < ARRAY_SIZE(pswc_etherip_names) ?
	       pswc_etherip_names[form] : NULL;
}

const char *pswc_accept_name(unsigned int accept)
{
	return accept < ARRAY_SIZE(pswc_accept_names) ?
	       pswc_accept_names[accept] : NULL;
}

static int hexval(char c)
{
	if (c >= '0' && c <= '9')
		return c - '0';
	if (c >= 'a' && c <= 'f')
		return c - 'a' + 10;
	if (c >= 'A' && c <= 'F')
		return c - 'A' + 10;
	return -1;
}

int pswc_mac_parse(const char *s, uint8_t mac[PSWC_ETH_ALEN])
{
	int i, hi, lo;

	for (i = 0; i < PSWC_ETH_ALEN; i++, s += 3) {
		hi = hexval(s[0]);
		lo = hi < 0 ? -1 : hexval(s[1]);
		if (lo < 0)
			return -EINVAL;
		if (s[2] != (i == PSWC_ETH_ALEN - 1 ? '\0' : ':'))
			return -EINVAL;
		mac[i] = hi << 4 | lo;
	}
	return 0;
}

char *pswc_mac_format(const uint8_t mac[PSWC_ETH_ALEN],
		      char buf[PSWC_MAC_STRLEN])
{
	snprintf(buf, PSWC_MAC_STRLEN, "%02x:%02x:%02x:%02x:%02x:%02x",
		 mac[0], mac[1], mac[2], mac[3], mac[4], mac[5]);
	return buf;
}

static size_t addr_len(unsigned int family)
{
	return family == AF_INET ? 4 : family == AF_INET6 ? 16 : 0;
}

int pswc_addr_parse(const char *s, struct pswc_addr *out)
{
	memset(out, 0, sizeof(*out));
	if (inet_pton(AF_INET, s, out->a) == 1)
		out->family = AF_INET;
	else if (inet_pton(AF_INET6, s, out->a) == 1)
		out->family = AF_INET6;
	else
		return -EINVAL;
	return 0;
}

char *pswc_addr_format(const struct pswc_addr *a, char buf[PSWC_ADDR_STRLEN])
{
	if (!addr_len(a->family) ||
	    !inet_ntop(a->family, a->a, buf, PSWC_ADDR_STRLEN))
		snprintf(buf, PSWC_ADDR_STRLEN, "none");
	return buf;
}

bool pswc_addr_is_zero(const struct pswc_addr *a)
{
	size_t i;

	for (i = 0; i < addr_len(a->family); i++)
		if (a->a[i])
			return false;
	return true;
}

/* ------------------------------------------------------------------ */
/* Errors                                                             */

static void clear_err(struct pswc_handle *h)
{
	memset(&h->err, 0, sizeof(h->err));
}

static int local_err(struct pswc_handle *h, int errnum, const char *fmt, ...)
{
	va_list ap;

	clear_err(h);
	h->err.errnum = errnum;
	va_start(ap, fmt);
	vsnprintf(h->err.msg, sizeof(h->err.msg), fmt, ap);
	va_end(ap);
	return -errnum;
}

static int nlerr_to_errno(int nlerr)
{
	switch (nlerr < 0 ? -nlerr : nlerr) {
	case NLE_NOMEM:		return ENOMEM;
	case NLE_PERM:		return EPERM;
	case NLE_NOACCESS:	return EACCES;
	case NLE_OBJ_NOTFOUND:	return ENOENT;
	case NLE_AGAIN:		return EAGAIN;
	case NLE_INTR:		return EINTR;
	case NLE_BAD_SOCK:	return EBADF;
	case NLE_MSG_TRUNC:	return EMSGSIZE;
	case NLE_MSGSIZE:	return EMSGSIZE;
	case NLE_INVAL:		return EINVAL;
	case NLE_RANGE:		return ERANGE;
	case NLE_PROTO_MISMATCH: return EPROTONOSUPPORT;
	case NLE_NOADDR:	return EADDRNOTAVAIL;
	case NLE_OPNOTSUPP:	return EOPNOTSUPP;
	}
	return EIO;
}

static int libnl_err(struct pswc_handle *h, int nlerr, const char *what)
{
	return local_err(h, nlerr_to_errno(nlerr), "%s: %s", what,
			 nl_geterror(nlerr));
}

const struct pswc_error *pswc_last_error(const struct pswc_handle *h)
{
	return &h->err;
}

int pswc_error_format(const struct pswc_error *e, char *buf, size_t len)
{
	const char *text = e->msg[0] ? e->msg : strerror(e->errnum);

	if (e->from_kernel && e->msg[0])
		return snprintf(buf, len, "kernel reports: %s%s%s%s", text,
				e->attr[0] ? " (attribute " : "", e->attr,
				e->attr[0] ? ")" : "");
	return snprintf(buf, len, "%s%s%s%s", text,
			e->attr[0] ? " (attribute " : "", e->attr,
			e->attr[0] ? ")" : "");
}

/* Which attribute of our request starts at byte offset off? */
static unsigned int attr_at(const struct nlmsghdr *nlh, struct nlattr *head,
			    int len, uint32_t off)
{
	struct nlattr *a;
	unsigned int inner;
	uint32_t start;
	int rem;

	nla_for_each_attr(a, head, len, rem) {
		start = (const char *)a - (const char *)nlh;
		if (off == start)
			return nla_type(a);
		if (off > start && off < start + a->nla_len) {
			inner = 0;
			if (a->nla_type & NLA_F_NESTED)
				inner = attr_at(nlh, nla_data(a), nla_len(a),
						off);
			return inner ? inner : (unsigned int)nla_type(a);
		}
	}
	return 0;
}

static unsigned int req_attr_at(struct pswc_handle *h, uint32_t off)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *gnlh;

	if (!h->req)
		return 0;
	nlh = nlmsg_hdr(h->req);
	gnlh = nlmsg_data(nlh);
	if (off >= nlh->nlmsg_len)
		return 0;
	return attr_at(nlh, genlmsg_attrdata(gnlh, 0),
		       genlmsg_attrlen(gnlh, 0), off);
}

/*
 * Record a kernel refusal. tlv is where the extended ack TLVs start in
 * nlh's payload (NLM_F_ACK_TLVS tells whether there are any).
 */
static void kernel_err(struct pswc_handle *h, int errnum,
		       struct nlmsghdr *nlh, size_t tlv)
{
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1] = { NULL };
	unsigned int type = 0;
	int len;

	clear_err(h);
	h->err.errnum = errnum;
	h->err.from_kernel = true;
	h->rc = -errnum;

	len = (int)nlmsg_datalen(nlh) - (int)tlv;
	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS) || len <= 0)
		return;
	if (nla_parse(tb, NLMSGERR_ATTR_MAX,
		      (struct nlattr *)((char *)nlmsg_data(nlh) + tlv), len,
		      NULL) < 0)
		return;

	if (tb[NLMSGERR_ATTR_MSG])
		nla_strlcpy(h->err.msg, tb[NLMSGERR_ATTR_MSG],
			    sizeof(h->err.msg));
	if (tb[NLMSGERR_ATTR_OFFS] && nla_len(tb[NLMSGERR_ATTR_OFFS]) >= 4)
		type = req_attr_at(h, nla_get_u32(tb[NLMSGERR_ATTR_OFFS]));
	if (!type && tb[NLMSGERR_ATTR_MISS_TYPE] &&
	    nla_len(tb[NLMSGERR_ATTR_MISS_TYPE]) >= 4) {
		type = nla_get_u32(tb[NLMSGERR_ATTR_MISS_TYPE]);
		if (!h->err.msg[0])
			snprintf(h->err.msg, sizeof(h->err.msg),
				 "required attribute missing");
	}
	if (type) {
		h->err.attr_type = type;
		if (pswc_attr_name(type))
			snprintf(h->err.attr, sizeof(h->err.attr), "%s",
				 pswc_attr_name(type));
		else
			snprintf(h->err.attr, sizeof(h->err.attr), "%u", type);
	}
}

/* ------------------------------------------------------------------ */
/* libnl callbacks: one set per handle, driven by the request state   */

static int monitor_msg(struct pswc_handle *h, struct nlmsghdr *nlh);

static int cb_seq(struct nl_msg *msg, void *arg)
{
	struct pswc_handle *h = arg;

	if (h->monitoring)
		return NL_OK;
	/* a late answer to an earlier, abandoned request */
	return nlmsg_hdr(msg)->nlmsg_seq == h->seq ? NL_OK : NL_SKIP;
}

static int cb_valid(struct nl_msg *msg, void *arg)
{
	struct pswc_handle *h = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	int rc;

	if (h->monitoring)
		return monitor_msg(h, nlh);
	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		h->intr = true;
	if (h->done || h->rc || nlh->nlmsg_type != h->reply_type)
		return NL_SKIP;		/* keep draining to the ack */
	h->nreplies++;
	if (h->reply) {
		rc = h->reply(h, nlh, h->reply_arg);
		if (rc) {
			if (rc == -EBADMSG)
				local_err(h, EBADMSG,
					  "malformed reply from the kernel");
			else
				local_err(h, -rc, "%s", strerror(-rc));
			h->rc = rc;
		}
	}
	return NL_OK;
}

static int cb_finish(struct nl_msg *msg, void *arg)
{
	struct pswc_handle *h = arg;
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	int e = 0;

	if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
		h->intr = true;
	if (nlmsg_datalen(nlh) >= (int)sizeof(e))
		memcpy(&e, nlmsg_data(nlh), sizeof(e));
	if (e < 0 && !h->rc)
		kernel_err(h, -e, nlh, NLMSG_ALIGN(sizeof(e)));
	h->done = true;
	return NL_STOP;
}

static int cb_ack(struct nl_msg *msg, void *arg)
{
	struct pswc_handle *h = arg;

	(void)msg;
	h->done = true;
	return NL_STOP;
}

static int cb_intr(struct nl_msg *msg, void *arg)
{
	struct pswc_handle *h = arg;

	(void)msg;
	h->intr = true;
	return NL_OK;
}

static int cb_err(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct pswc_handle *h = arg;
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	size_t tlv = sizeof(*e);

	(void)nla;
	if (h->monitoring)
		return NL_SKIP;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED))
		tlv += e->msg.nlmsg_len - NLMSG_HDRLEN;
	kernel_err(h, e->error < 0 ? -e->error : e->error, nlh,
		   NLMSG_ALIGN(tlv));
	h->done = true;
	return NL_STOP;
}

static int setup_callbacks(struct pswc_handle *h)
{
	h->cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!h->cb)
		return -ENOMEM;
	nl_cb_set(h->cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, cb_seq, h);
	nl_cb_set(h->cb, NL_CB_VALID, NL_CB_CUSTOM, cb_valid, h);
	nl_cb_set(h->cb, NL_CB_FINISH, NL_CB_CUSTOM, cb_finish, h);
	nl_cb_set(h->cb, NL_CB_ACK, NL_CB_CUSTOM, cb_ack, h);
	nl_cb_set(h->cb, NL_CB_DUMP_INTR, NL_CB_CUSTOM, cb_intr, h);
	nl_cb_err(h->cb, NL_CB_CUSTOM, cb_err, h);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Requests                                                           */

/* Send msg and read until its ack, its DONE, or its error. */
static int transact(struct pswc_handle *h, struct nl_msg *msg, int type,
		    reply_fn reply, void *arg)
{
	int rc;

	clear_err(h);
	h->req = msg;
	h->reply_type = type;
	h->reply = reply;
	h->reply_arg = arg;
	h->nreplies = 0;
	h->done = false;
	h->intr = false;
	h->rc = 0;

	rc = nl_send_auto(h->sk, msg);
	if (rc < 0) {
		h->req = NULL;
		return libnl_err(h, rc, "sending request");
	}
	h->seq = nlmsg_hdr(msg)->nlmsg_seq;

	while (!h->done) {
		rc = nl_recvmsgs(h->sk, h->cb);
		if (rc < 0 && !h->done) {
			h->req = NULL;
			return libnl_err(h, rc, "reading reply");
		}
	}
	h->req = NULL;
	return h->rc;
}

/* A request of room bytes beyond the fixed ones (for lists) */
static struct nl_msg *msg_new_room(struct pswc_handle *h, uint8_t cmd,
				   int flags, size_t room)
{
	struct nl_msg *msg = nlmsg_alloc_size(PSWC_REQ_SIZE + room);

	if (msg && !genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, h->family,
				0, flags, cmd, PSW_GENL_VERSION)) {
		nlmsg_free(msg);
		msg = NULL;
	}
	return msg;
}

static struct nl_msg *msg_new(struct pswc_handle *h, uint8_t cmd, int flags)
{
	return msg_new_room(h, cmd, flags, 0);
}

/* Send a request built by the caller; nla_put failures arrive as put < 0 */
static int run(struct pswc_handle *h, struct nl_msg *msg, int put,
	       reply_fn reply, void *arg)
{
	int rc;

	if (!msg)
		return local_err(h, ENOMEM, "out of memory");
	if (put < 0) {
		nlmsg_free(msg);
		return local_err(h, EMSGSIZE, "request too large");
	}
	rc = transact(h, msg, h->family, reply, arg);
	if (!rc && reply && !h->nreplies)
		rc = local_err(h, EBADMSG, "no reply from the kernel");
	nlmsg_free(msg);
	return rc;
}

static int put_sw(struct nl_msg *msg, const char *sw)
{
	return sw ? nla_put_string(msg, PSW_A_IFNAME, sw) : 0;
}

static int put_dev(struct nl_msg *msg, const char *dev)
{
	return dev ? nla_put_string(msg, PSW_A_PORT_IFNAME, dev) : 0;
}

static int put_pan(struct nl_msg *msg, uint32_t pan)
{
	return nla_put_u32(msg, PSW_A_PAN_ID, pan);
}

static int put_mac(struct nl_msg *msg, const uint8_t *mac)
{
	return nla_put(msg, PSW_A_MAC, PSWC_ETH_ALEN, mac);
}

/* a: NULL or family 0: nothing; else type4 or type6 by its family */
static int put_addr(struct nl_msg *msg, int type4, int type6,
		    const struct pswc_addr *a)
{
	if (!a || !a->family)
		return 0;
	return nla_put(msg, a->family == AF_INET ? type4 : type6,
		       addr_len(a->family), a->a);
}

/* The library's own check of an address argument: 0 or -EINVAL */
static int check_addr(struct pswc_handle *h, const struct pswc_addr *a,
		      unsigned int family, const char *what)
{
	if (!a)
		return 0;
	if (family ? a->family != family : !addr_len(a->family))
		return local_err(h, EINVAL, "%s: not an %s address", what,
				 family == AF_INET ? "IPv4" :
				 family == AF_INET6 ? "IPv6" :
				 "IPv4 or IPv6");
	return 0;
}

/* ------------------------------------------------------------------ */
/* Parsing replies                                                    */

static int parse_attrs(struct nlmsghdr *nlh, struct nlattr **tb)
{
	return genlmsg_parse(nlh, 0, tb, PSW_A_MAX, pswc_main_policy) < 0 ?
	       -EBADMSG : 0;
}

static uint32_t get_u32(struct nlattr **tb, int type)
{
	return tb[type] ? nla_get_u32(tb[type]) : 0;
}

static uint8_t get_u8(struct nlattr **tb, int type)
{
	return tb[type] ? nla_get_u8(tb[type]) : 0;
}

static void get_str(struct nlattr **tb, int type, char *buf, size_t len)
{
	buf[0] = '\0';
	if (tb[type])
		nla_strlcpy(buf, tb[type], len);
}

static uint64_t get_u64(struct nlattr **tb, int type)
{
	return tb[type] ? nla_get_u64(tb[type]) : 0;
}

/* The address in tb[type], if any, as family */
static void get_addr(struct nlattr **tb, int type, unsigned int family,
		     struct pswc_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (!tb[type])
		return;
	a->family = family;
	memcpy(a->a, nla_data(tb[type]), addr_len(family));
}

/* PSW_A_LOCAL4 and PSW_A_LOCAL6: all zeroes (unset) as family 0 */
static void get_locals(struct nlattr **tb, struct pswc_addr *local4,
		       struct pswc_addr *local6)
{
	get_addr(tb, PSW_A_LOCAL4, AF_INET, local4);
	if (pswc_addr_is_zero(local4))
		local4->family = 0;
	get_addr(tb, PSW_A_LOCAL6, AF_INET6, local6);
	if (pswc_addr_is_zero(local6))
		local6->family = 0;
}

/* PSW_A_REMOTE4 or PSW_A_REMOTE6 */
static void get_remote(struct nlattr **tb, struct pswc_addr *a)
{
	if (tb[PSW_A_REMOTE4])
		get_addr(tb, PSW_A_REMOTE4, AF_INET, a);
	else
		get_addr(tb, PSW_A_REMOTE6, AF_INET6, a);
}

static void stats_clear(struct pswc_stats *s)
{
	free(s->drops);
	memset(s, 0, sizeof(*s));
}

uint64_t pswc_stats_drop(const struct pswc_stats *s, unsigned int reason)
{
	return reason < s->ndrops ? s->drops[reason] : 0;
}

static int parse_stats(struct nlattr *nest, struct pswc_stats *s)
{
	struct nlattr *tb[PSW_STATS_MAX + 1];
	struct nlattr *a;
	int rem, t, max = 0;

	memset(s, 0, sizeof(*s));
	if (!nest)
		return 0;
	if (nla_parse_nested(tb, PSW_STATS_MAX, nest, pswc_stats_policy) < 0)
		return -EBADMSG;
	s->present = true;
	s->rx_packets = get_u64(tb, PSW_STATS_RX_PACKETS);
	s->rx_bytes = get_u64(tb, PSW_STATS_RX_BYTES);
	s->tx_packets = get_u64(tb, PSW_STATS_TX_PACKETS);
	s->tx_bytes = get_u64(tb, PSW_STATS_TX_BYTES);
	s->flooded = get_u64(tb, PSW_STATS_FLOODED);
	s->xlate_tx = get_u64(tb, PSW_STATS_XLATE_TX);
	s->xlate_rx = get_u64(tb, PSW_STATS_XLATE_RX);
	s->encap_tx = get_u64(tb, PSW_STATS_ENCAP_TX);
	s->encap_rx = get_u64(tb, PSW_STATS_ENCAP_RX);
	if (!tb[PSW_STATS_DROPS])
		return 0;
	/*
	 * Reasons newer than this library are kept (nla_type < 2^14);
	 * PSW_DROP_UNSPEC is the padding nla_put_u64_64bit() may add.
	 */
	nla_for_each_nested(a, tb[PSW_STATS_DROPS], rem)
		if (nla_type(a) > max && nla_len(a) >= 8)
			max = nla_type(a);
	if (!max)
		return 0;
	s->drops = calloc(max + 1, sizeof(*s->drops));
	if (!s->drops)
		return -ENOMEM;
	s->ndrops = max + 1;
	nla_for_each_nested(a, tb[PSW_STATS_DROPS], rem) {
		t = nla_type(a);
		if (t > 0 && nla_len(a) >= 8)
			s->drops[t] = nla_get_u64(a);
	}
	return 0;
}

static int parse_switch(struct nlattr **tb, struct pswc_switch *sw)
{
	memset(sw, 0, sizeof(*sw));
	sw->ifindex = get_u32(tb, PSW_A_IFINDEX);
	get_str(tb, PSW_A_IFNAME, sw->ifname, sizeof(sw->ifname));
	sw->pan_count = get_u32(tb, PSW_A_PAN_COUNT);
	sw->port_count = get_u32(tb, PSW_A_PORT_COUNT);
	sw->entry_count = get_u32(tb, PSW_A_ENTRY_COUNT);
	sw->vxlan_port = tb[PSW_A_VXLAN_PORT] ?
			 nla_get_u16(tb[PSW_A_VXLAN_PORT]) : 0;
	sw->max_pans = get_u32(tb, PSW_A_MAX_PANS);
	sw->max_entries = get_u32(tb, PSW_A_MAX_ENTRIES);
	sw->pan_limit_hits = get_u64(tb, PSW_A_PAN_LIMIT_HITS);
	sw->entry_limit_hits = get_u64(tb, PSW_A_ENTRY_LIMIT_HITS);
	get_locals(tb, &sw->local4, &sw->local6);
	if (tb[PSW_A_EXT_PREFIX] && get_u8(tb, PSW_A_EXT_PREFIX_LEN)) {
		sw->ext_prefix_len = get_u8(tb, PSW_A_EXT_PREFIX_LEN);
		memcpy(sw->ext_prefix, nla_data(tb[PSW_A_EXT_PREFIX]),
		       PSWC_ETH_ALEN);
	}
	return parse_stats(tb[PSW_A_STATS], &sw->stats);
}

static void get_ext_mac(struct nlattr **tb, bool *has, uint8_t *mac)
{
	*has = tb[PSW_A_EXT_MAC] != NULL;
	if (*has)
		memcpy(mac, nla_data(tb[PSW_A_EXT_MAC]), PSWC_ETH_ALEN);
}

static int parse_port(struct nlattr **tb, struct pswc_port *p)
{
	unsigned int n;
	struct nlattr *a;
	int rem;

	memset(p, 0, sizeof(*p));
	p->sw_ifindex = get_u32(tb, PSW_A_IFINDEX);
	get_str(tb, PSW_A_IFNAME, p->sw_ifname, sizeof(p->sw_ifname));
	p->ifindex = get_u32(tb, PSW_A_PORT_IFINDEX);
	get_str(tb, PSW_A_PORT_IFNAME, p->ifname, sizeof(p->ifname));
	p->role = get_u8(tb, PSW_A_PORT_ROLE);
	p->pan = get_u32(tb, PSW_A_PAN_ID);
	if (tb[PSW_A_MACS]) {
		n = 0;
		nla_for_each_nested(a, tb[PSW_A_MACS], rem) {
			if (nla_type(a) != PSW_A_MAC ||
			    nla_len(a) < PSWC_ETH_ALEN)
				return -EBADMSG;
			n++;
		}
		p->macs = calloc(n ? n : 1, sizeof(*p->macs));
		if (!p->macs)
			return -ENOMEM;
		nla_for_each_nested(a, tb[PSW_A_MACS], rem)
			memcpy(p->macs[p->nmacs++], nla_data(a),
			       PSWC_ETH_ALEN);
	}
	get_ext_mac(tb, &p->has_ext_mac, p->ext_mac);
	p->has_policy = tb[PSW_A_SECURITY] && tb[PSW_A_LLDP];
	p->security = get_u8(tb, PSW_A_SECURITY);
	p->lldp = get_u8(tb, PSW_A_LLDP);
	p->vlan = tb[PSW_A_VLAN] ? nla_get_u16(tb[PSW_A_VLAN]) : 0;
	return parse_stats(tb[PSW_A_STATS], &p->stats);
}

/*
 * PSW_A_FLOOD: a nest of PSW_A_FLOOD_MEMBER nests. Members of a kind this
 * library does not know (neither the uplink nor a remote) are skipped.
 */
static int parse_flood(struct nlattr *nest, struct pswc_pan *pan)
{
	struct nlattr *tb[PSW_A_MAX + 1];
	struct pswc_flood_member *m;
	unsigned int n = 0;
	struct nlattr *a;
	int rem;

	if (!nest)
		return 0;
	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) != PSW_A_FLOOD_MEMBER)
			return -EBADMSG;
		n++;
	}
	pan->flood = calloc(n ? n : 1, sizeof(*pan->flood));
	if (!pan->flood)
		return -ENOMEM;
	nla_for_each_nested(a, nest, rem) {
		if (nla_parse_nested(tb, PSW_A_MAX, a, pswc_main_policy) < 0)
			return -EBADMSG;
		m = &pan->flood[pan->nflood];
		memset(m, 0, sizeof(*m));
		m->uplink = tb[PSW_A_UPLINK] != NULL;
		if (!m->uplink) {
			m->encap = get_u8(tb, PSW_A_ENCAP);
			get_remote(tb, &m->remote);
			if (!m->remote.family)
				continue;
		}
		pan->nflood++;
	}
	return 0;
}

static int parse_pan(struct nlattr **tb, struct pswc_pan *pan)
{
	int rc;

	memset(pan, 0, sizeof(*pan));
	pan->sw_ifindex = get_u32(tb, PSW_A_IFINDEX);
	get_str(tb, PSW_A_IFNAME, pan->sw_ifname, sizeof(pan->sw_ifname));
	pan->pan = get_u32(tb, PSW_A_PAN_ID);
	pan->port_count = get_u32(tb, PSW_A_PORT_COUNT);
	pan->entry_count = get_u32(tb, PSW_A_ENTRY_COUNT);
	get_locals(tb, &pan->local4, &pan->local6);
	pan->accept = get_u8(tb, PSW_A_ACCEPT);	/* absent: remotes */
	rc = parse_flood(tb[PSW_A_FLOOD], pan);
	return rc ? rc : parse_stats(tb[PSW_A_STATS], &pan->stats);
}

/* PSW_A_MISS, PSW_A_MISS_STATS and PSW_A_ANYCAST */
static int parse_pan_miss(struct nlattr **tb, struct pswc_pan_miss *m)
{
	struct nlattr *st[PSW_MISS_STATS_MAX + 1];

	memset(m, 0, sizeof(*m));
	m->present = tb[PSW_A_MISS] != NULL;
	m->miss = get_u8(tb, PSW_A_MISS);	/* absent: flood */
	if (tb[PSW_A_ANYCAST]) {
		struct nlattr *gw[PSW_A_MAX + 1];

		if (nla_parse_nested(gw, PSW_A_MAX, tb[PSW_A_ANYCAST],
				     pswc_main_policy) < 0 || !gw[PSW_A_MAC])
			return -EBADMSG;
		m->has_anycast = true;
		memcpy(m->anycast_mac, nla_data(gw[PSW_A_MAC]), PSWC_ETH_ALEN);
		m->anycast_via.uplink = gw[PSW_A_UPLINK] != NULL;
		m->anycast_via.encap = get_u8(gw, PSW_A_ENCAP);
		get_remote(gw, &m->anycast_via.remote);
	}
	if (!tb[PSW_A_MISS_STATS])
		return 0;
	if (nla_parse_nested(st, PSW_MISS_STATS_MAX, tb[PSW_A_MISS_STATS],
			     pswc_miss_stats_policy) < 0)
		return -EBADMSG;
	m->flood = get_u64(st, PSW_MISS_STATS_FLOOD);
	m->drop = get_u64(st, PSW_MISS_STATS_DROP);
	m->anycast = get_u64(st, PSW_MISS_STATS_ANYCAST);
	return 0;
}

/* PSW_A_PROXY, PSW_A_NEIGH_COUNT, PSW_A_NEIGH_LIMIT_HITS, PSW_A_PROXY_STATS */
static int parse_pan_proxy(struct nlattr **tb, struct pswc_pan_proxy *p)
{
	struct nlattr *st[PSW_PROXY_STATS_MAX + 1];

	memset(p, 0, sizeof(*p));
	p->present = tb[PSW_A_PROXY] != NULL;
	p->proxy = get_u8(tb, PSW_A_PROXY);
	p->neigh_count = get_u32(tb, PSW_A_NEIGH_COUNT);
	p->neigh_limit_hits = get_u64(tb, PSW_A_NEIGH_LIMIT_HITS);
	if (!tb[PSW_A_PROXY_STATS])
		return 0;
	if (nla_parse_nested(st, PSW_PROXY_STATS_MAX, tb[PSW_A_PROXY_STATS],
			     pswc_proxy_stats_policy) < 0)
		return -EBADMSG;
	p->reply = get_u64(st, PSW_PROXY_STATS_REPLY);
	p->miss = get_u64(st, PSW_PROXY_STATS_MISS);
	return 0;
}

static int parse_neigh(struct nlattr **tb, struct pswc_neigh *n)
{
	memset(n, 0, sizeof(*n));
	n->sw_ifindex = get_u32(tb, PSW_A_IFINDEX);
	get_str(tb, PSW_A_IFNAME, n->sw_ifname, sizeof(n->sw_ifname));
	n->pan = get_u32(tb, PSW_A_PAN_ID);
	if (tb[PSW_A_NEIGH_IP4])
		get_addr(tb, PSW_A_NEIGH_IP4, AF_INET, &n->addr);
	else if (tb[PSW_A_NEIGH_IP6])
		get_addr(tb, PSW_A_NEIGH_IP6, AF_INET6, &n->addr);
	if (tb[PSW_A_MAC])
		memcpy(n->mac, nla_data(tb[PSW_A_MAC]), PSWC_ETH_ALEN);
	return 0;
}

static int parse_tenant(struct nlattr **tb, struct pswc_tenant *t)
{
	memset(t, 0, sizeof(*t));
	t->sw_ifindex = get_u32(tb, PSW_A_IFINDEX);
	get_str(tb, PSW_A_IFNAME, t->sw_ifname, sizeof(t->sw_ifname));
	t->has_oui = tb[PSW_A_OUI] != NULL;
	t->oui = get_u32(tb, PSW_A_OUI);
	if (tb[PSW_A_VLAN])
		t->vlan = nla_get_u16(tb[PSW_A_VLAN]);
	t->pan = get_u32(tb, PSW_A_PAN_ID);
	return 0;
}

/* PSW_A_HOLD_* and what PSW_A_MISS_STATS says of miss notify */
static int parse_pan_hold(struct nlattr **tb, struct pswc_pan_hold *x)
{
	struct nlattr *st[PSW_MISS_STATS_MAX + 1];

	memset(x, 0, sizeof(*x));
	x->present = tb[PSW_A_HOLD_FRAMES] != NULL;
	x->frames = get_u32(tb, PSW_A_HOLD_FRAMES);
	x->dests = get_u32(tb, PSW_A_HOLD_DESTS);
	x->time_ms = get_u32(tb, PSW_A_HOLD_TIME);
	if (!tb[PSW_A_MISS_STATS])
		return 0;
	if (nla_parse_nested(st, PSW_MISS_STATS_MAX, tb[PSW_A_MISS_STATS],
			     pswc_miss_stats_policy) < 0)
		return -EBADMSG;
	x->notify = get_u64(st, PSW_MISS_STATS_NOTIFY);
	x->events = get_u64(st, PSW_MISS_STATS_EVENTS);
	x->lost = get_u64(st, PSW_MISS_STATS_LOST);
	x->released = get_u64(st, PSW_MISS_STATS_HOLD_RELEASED);
	x->timeout = get_u64(st, PSW_MISS_STATS_HOLD_TIMEOUT);
	x->overflow = get_u64(st, PSW_MISS_STATS_HOLD_OVERFLOW);
	x->held = get_u64(st, PSW_MISS_STATS_HELD);
	return 0;
}

/* PSW_A_LEARNING, PSW_A_AGEING, PSW_A_LEARN_MAX, PSW_A_LEARN_STATS */
static int parse_pan_learn(struct nlattr **tb, struct pswc_pan_learn *l)
{
	struct nlattr *st[PSW_LEARN_STATS_MAX + 1];

	memset(l, 0, sizeof(*l));
	l->present = tb[PSW_A_LEARNING] != NULL;
	l->learning = get_u8(tb, PSW_A_LEARNING);
	l->ageing = get_u32(tb, PSW_A_AGEING);
	l->learn_max = get_u32(tb, PSW_A_LEARN_MAX);
	if (!tb[PSW_A_LEARN_STATS])
		return 0;
	if (nla_parse_nested(st, PSW_LEARN_STATS_MAX, tb[PSW_A_LEARN_STATS],
			     pswc_learn_stats_policy) < 0)
		return -EBADMSG;
	l->count = get_u64(st, PSW_LEARN_STATS_COUNT);
	l->learned = get_u64(st, PSW_LEARN_STATS_LEARNED);
	l->limit = get_u64(st, PSW_LEARN_STATS_LIMIT);
	l->stat = get_u64(st, PSW_LEARN_STATS_STATIC);
	l->moves = get_u64(st, PSW_LEARN_STATS_MOVES);
	l->frozen = get_u64(st, PSW_LEARN_STATS_FROZEN);
	l->aged = get_u64(st, PSW_LEARN_STATS_AGED);
	return 0;
}

/* A place nest: PSW_A_ENCAP and PSW_A_REMOTE4|6 */
static int parse_place(struct nlattr *nest, struct pswc_place *p)
{
	struct nlattr *tb[PSW_A_MAX + 1];

	memset(p, 0, sizeof(*p));
	if (!nest)
		return -EBADMSG;
	if (nla_parse_nested(tb, PSW_A_MAX, nest, pswc_main_policy) < 0)
		return -EBADMSG;
	p->encap = get_u8(tb, PSW_A_ENCAP);
	get_remote(tb, &p->remote);
	return 0;
}

/* PSW_A_MCAST */
static int parse_pan_mcast(struct nlattr **tb, struct pswc_pan_mcast *m)
{
	struct nlattr *st[PSW_MCAST_STATS_MAX + 1];
	struct nlattr *g[PSW_A_MAX + 1];

	memset(m, 0, sizeof(*m));
	if (tb[PSW_A_MCAST_STATS]) {
		if (nla_parse_nested(st, PSW_MCAST_STATS_MAX,
				     tb[PSW_A_MCAST_STATS],
				     pswc_mcast_stats_policy) < 0)
			return -EBADMSG;
		m->has_stats = true;
		m->tx = get_u64(st, PSW_MCAST_STATS_TX);
		m->rx = get_u64(st, PSW_MCAST_STATS_RX);
	}
	if (!tb[PSW_A_MCAST])
		return 0;
	if (nla_parse_nested(g, PSW_A_MAX, tb[PSW_A_MCAST],
			     pswc_main_policy) < 0 ||
	    (!g[PSW_A_REMOTE4] && !g[PSW_A_REMOTE6]))
		return -EBADMSG;
	m->has_group = true;
	get_remote(g, &m->group);
	m->encap = get_u8(g, PSW_A_ENCAP);
	m->ttl = get_u8(g, PSW_A_TTL);
	m->joined = get_u8(g, PSW_A_MCAST_JOINED);
	return 0;
}

/* PSW_A_MCAST_SINCE in PSW_A_MCAST: ms, or -1 */
static int64_t parse_mcast_since(struct nlattr **tb)
{
	struct nlattr *g[PSW_A_MAX + 1];

	if (!tb[PSW_A_MCAST] ||
	    nla_parse_nested(g, PSW_A_MAX, tb[PSW_A_MCAST],
			     pswc_main_policy) < 0 ||
	    !g[PSW_A_MCAST_SINCE])
		return -1;
	return (int64_t)(nla_get_u64(g[PSW_A_MCAST_SINCE]) & INT64_MAX);
}

/* PSW_CMD_MCAST_JOIN, PSW_CMD_MCAST_LEAVE */
static int parse_mcast_member(struct nlattr **tb, struct pswc_mcast_member *m)
{
	memset(m, 0, sizeof(*m));
	if (!tb[PSW_A_REMOTE4] && !tb[PSW_A_REMOTE6])
		return -EBADMSG;
	m->sw_ifindex = get_u32(tb, PSW_A_IFINDEX);
	get_str(tb, PSW_A_IFNAME, m->sw_ifname, sizeof(m->sw_ifname));
	m->pan = get_u32(tb, PSW_A_PAN_ID);
	get_remote(tb, &m->group);
	m->dev_ifindex = get_u32(tb, PSW_A_MCAST_IFINDEX);
	get_str(tb, PSW_A_MCAST_IFNAME, m->dev_ifname, sizeof(m->dev_ifname));
	return 0;
}

static int parse_move(struct nlattr **tb, struct pswc_move *m)
{
	memset(m, 0, sizeof(*m));
	m->sw_ifindex = get_u32(tb, PSW_A_IFINDEX);
	get_str(tb, PSW_A_IFNAME, m->sw_ifname, sizeof(m->sw_ifname));
	m->pan = get_u32(tb, PSW_A_PAN_ID);
	if (!tb[PSW_A_MAC])
		return -EBADMSG;
	memcpy(m->mac, nla_data(tb[PSW_A_MAC]), PSWC_ETH_ALEN);
	m->seq = get_u64(tb, PSW_A_MOVE_SEQ);
	if (parse_place(tb[PSW_A_MOVE_FROM], &m->from) ||
	    parse_place(tb[PSW_A_MOVE_TO], &m->to))
		return -EBADMSG;
	return 0;
}

static int parse_entry(struct nlattr **tb, struct pswc_entry *e)
{
	memset(e, 0, sizeof(*e));
	e->sw_ifindex = get_u32(tb, PSW_A_IFINDEX);
	get_str(tb, PSW_A_IFNAME, e->sw_ifname, sizeof(e->sw_ifname));
	e->pan = get_u32(tb, PSW_A_PAN_ID);
	if (tb[PSW_A_MAC])
		memcpy(e->mac, nla_data(tb[PSW_A_MAC]), PSWC_ETH_ALEN);
	e->mode = get_u8(tb, PSW_A_MODE);
	e->origin = get_u8(tb, PSW_A_ORIGIN);
	e->port_ifindex = get_u32(tb, PSW_A_PORT_IFINDEX);
	get_str(tb, PSW_A_PORT_IFNAME, e->port_ifname, sizeof(e->port_ifname));
	get_ext_mac(tb, &e->has_ext_mac, e->ext_mac);
	e->encap = get_u8(tb, PSW_A_ENCAP);
	get_remote(tb, &e->remote);
	return 0;
}

void pswc_switch_clear(struct pswc_switch *sw)
{
	stats_clear(&sw->stats);
	memset(sw, 0, sizeof(*sw));
}

void pswc_port_clear(struct pswc_port *p)
{
	free(p->macs);
	stats_clear(&p->stats);
	memset(p, 0, sizeof(*p));
}

void pswc_pan_clear(struct pswc_pan *pan)
{
	free(pan->flood);
	stats_clear(&pan->stats);
	memset(pan, 0, sizeof(*pan));
}

void pswc_entry_clear(struct pswc_entry *e)
{
	memset(e, 0, sizeof(*e));
}

/* The four object kinds, for code shared by get, dump and monitor */
struct kind {
	size_t size;
	/* on failure, what was allocated stays for clear() to free */
	int (*parse)(struct nlattr **tb, void *out);
	void (*clear)(void *obj);
	/* does obj belong to switch sw (and PAN pan, when nonzero)? */
	bool (*match)(const void *obj, const char *sw, uint32_t pan);
};

static int parse_switch_v(struct nlattr **tb, void *o)
{
	return parse_switch(tb, o);
}

static int parse_port_v(struct nlattr **tb, void *o)
{
	return parse_port(tb, o);
}

static int parse_pan_v(struct nlattr **tb, void *o)
{
	return parse_pan(tb, o);
}

static int parse_entry_v(struct nlattr **tb, void *o)
{
	return parse_entry(tb, o);
}

static void clear_switch_v(void *o)
{
	pswc_switch_clear(o);
}

static void clear_port_v(void *o)
{
	pswc_port_clear(o);
}

static void clear_pan_v(void *o)
{
	pswc_pan_clear(o);
}

static void clear_entry_v(void *o)
{
	pswc_entry_clear(o);
}

static bool match_sw(const char *have, const char *sw)
{
	return !sw || !have[0] || !strcmp(have, sw);
}

static bool match_switch(const void *o, const char *sw, uint32_t pan)
{
	(void)pan;
	return match_sw(((const struct pswc_switch *)o)->ifname, sw);
}

static bool match_port(const void *o, const char *sw, uint32_t pan)
{
	(void)pan;
	return match_sw(((const struct pswc_port *)o)->sw_ifname, sw);
}

static bool match_pan(const void *o, const char *sw, uint32_t pan)
{
	const struct pswc_pan *p = o;

	return match_sw(p->sw_ifname, sw) && (!pan || p->pan == pan);
}

static bool match_entry(const void *o, const char *sw, uint32_t pan)
{
	const struct pswc_entry *e = o;

	return match_sw(e->sw_ifname, sw) && (!pan || e->pan == pan);
}

static const struct kind kind_switch = {
	sizeof(struct pswc_switch), parse_switch_v, clear_switch_v, match_switch
};
static const struct kind kind_port = {
	sizeof(struct pswc_port), parse_port_v, clear_port_v, match_port
};
static const struct kind kind_pan = {
	sizeof(struct pswc_pan), parse_pan_v, clear_pan_v, match_pan
};
/*
 * A PAN with its miss handling, proxy, hold queue, learning and group,
 * for pswc_pan_miss_get(), pswc_pan_proxy_get(), pswc_pan_hold_get(),
 * pswc_pan_learn_get(), pswc_pan_mcast_get() and their dumps: one
 * message, several views
 */
struct pan_x {
	struct pswc_pan pan;
	struct pswc_pan_miss miss;
	struct pswc_pan_proxy proxy;
	struct pswc_pan_hold hold;
	struct pswc_pan_learn learn;
	struct pswc_pan_mcast mcast;
	int64_t mcast_since;
	struct pswc_pan_etherip etherip;
};

/* PSW_A_ETHERIP and PSW_A_MCAST_SHARE; the list is allocated */
static int parse_pan_etherip(struct nlattr **tb, struct pswc_pan_etherip *eo)
{
	struct nlattr *r[PSW_A_MAX + 1], *a;
	unsigned int n = 0;
	int rem;

	memset(eo, 0, sizeof(*eo));
	eo->form = get_u8(tb, PSW_A_ETHERIP);
	if (!tb[PSW_A_MCAST_SHARE])
		return 0;
	nla_for_each_nested(a, tb[PSW_A_MCAST_SHARE], rem)
		n++;
	if (!n)
		return 0;
	eo->share = calloc(n, sizeof(*eo->share));
	if (!eo->share)
		return -ENOMEM;
	nla_for_each_nested(a, tb[PSW_A_MCAST_SHARE], rem) {
		struct pswc_mcast_share *s = &eo->share[eo->nshare];

		if (nla_type(a) != PSW_A_MCAST_SHARE_RULE)
			continue;
		if (nla_parse_nested(r, PSW_A_MAX, a, pswc_main_policy) < 0 ||
		    (!r[PSW_A_REMOTE4] && !r[PSW_A_REMOTE6]))
			return -EBADMSG;
		get_remote(r, &s->group);
		s->target = get_u32(r, PSW_A_PAN_ID);
		s->copies = get_u64(r, PSW_A_MCAST_SHARE_COPIES);
		eo->nshare++;
	}
	return 0;
}

void pswc_pan_etherip_clear(struct pswc_pan_etherip *eo)
{
	if (!eo)
		return;
	free(eo->share);
	memset(eo, 0, sizeof(*eo));
}

static int parse_pan_x(struct nlattr **tb, void *o)
{
	struct pan_x *x = o;
	int rc;

	rc = parse_pan(tb, &x->pan);
	rc = rc ? rc : parse_pan_miss(tb, &x->miss);
	rc = rc ? rc : parse_pan_proxy(tb, &x->proxy);
	rc = rc ? rc : parse_pan_hold(tb, &x->hold);
	rc = rc ? rc : parse_pan_learn(tb, &x->learn);
	x->mcast_since = parse_mcast_since(tb);
	rc = rc ? rc : parse_pan_etherip(tb, &x->etherip);
	return rc ? rc : parse_pan_mcast(tb, &x->mcast);
}

static void clear_pan_x(void *o)
{
	struct pan_x *x = o;

	pswc_pan_clear(&x->pan);
	memset(&x->miss, 0, sizeof(x->miss));
	memset(&x->proxy, 0, sizeof(x->proxy));
	memset(&x->hold, 0, sizeof(x->hold));
	memset(&x->learn, 0, sizeof(x->learn));
	memset(&x->mcast, 0, sizeof(x->mcast));
	pswc_pan_etherip_clear(&x->etherip);
	x->mcast_since = -1;
}

static bool match_pan_x(const void *o, const char *sw, uint32_t pan)
{
	return match_pan(&((const struct pan_x *)o)->pan, sw, pan);
}

/* An entry with its age, for pswc_entry_age_get() and _dump() */
struct entry_a {
	struct pswc_entry entry;
	int64_t age;
};

static int parse_entry_a(struct nlattr **tb, void *o)
{
	struct entry_a *x = o;

	x->age = tb[PSW_A_AGE] ? (int64_t)nla_get_u32(tb[PSW_A_AGE]) : -1;
	return parse_entry(tb, &x->entry);
}

static void clear_entry_a(void *o)
{
	struct entry_a *x = o;

	pswc_entry_clear(&x->entry);
	x->age = -1;
}

static bool match_entry_a(const void *o, const char *sw, uint32_t pan)
{
	return match_entry(&((const struct entry_a *)o)->entry, sw, pan);
}

static const struct kind kind_entry_a = {
	sizeof(struct entry_a), parse_entry_a, clear_entry_a, match_entry_a
};

static const struct kind kind_pan_x = {
	sizeof(struct pan_x), parse_pan_x, clear_pan_x, match_pan_x
};
static const struct kind kind_entry = {
	sizeof(struct pswc_entry), parse_entry_v, clear_entry_v, match_entry
};

static int parse_neigh_v(struct nlattr **tb, void *o)
{
	return parse_neigh(tb, o);
}

static void clear_neigh_v(void *o)
{
	memset(o, 0, sizeof(struct pswc_neigh));
}

static bool match_neigh(const void *o, const char *sw, uint32_t pan)
{
	const struct pswc_neigh *n = o;

	return match_sw(n->sw_ifname, sw) && (!pan || n->pan == pan);
}

static const struct kind kind_neigh = {
	sizeof(struct pswc_neigh), parse_neigh_v, clear_neigh_v, match_neigh
};

static int parse_tenant_v(struct nlattr **tb, void *o)
{
	return parse_tenant(tb, o);
}

static void clear_tenant_v(void *o)
{
	memset(o, 0, sizeof(struct pswc_tenant));
}

static bool match_tenant(const void *o, const char *sw, uint32_t pan)
{
	const struct pswc_tenant *t = o;

	return match_sw(t->sw_ifname, sw) && (!pan || t->pan == pan);
}

static const struct kind kind_tenant = {
	sizeof(struct pswc_tenant), parse_tenant_v, clear_tenant_v,
	match_tenant
};

/*
 * A port with its classification and allow list, for pswc_port_ext_get()
 * and _dump()
 */
struct port_e {
	struct pswc_port port;
	struct pswc_port_ext ext;
	uint16_t tpid;			/* tep ports, else 0 */
};

/* PSW_A_ALLOW: a nest of PSW_A_ALLOW_ENTRY nests (others are skipped) */
static int parse_allow(struct nlattr *nest, struct pswc_port_ext *ext)
{
	struct nlattr *tb[PSW_A_MAX + 1];
	struct pswc_port_allow *e;
	unsigned int n = 0;
	struct nlattr *a;
	int rem;

	ext->has_allow = nest != NULL;
	if (!nest)
		return 0;
	nla_for_each_nested(a, nest, rem)
		n += nla_type(a) == PSW_A_ALLOW_ENTRY;
	ext->allow = calloc(n ? n : 1, sizeof(*ext->allow));
	if (!ext->allow)
		return -ENOMEM;
	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) != PSW_A_ALLOW_ENTRY)
			continue;
		if (nla_parse_nested(tb, PSW_A_MAX, a, NULL) < 0 ||
		    !tb[PSW_A_MAC] || nla_len(tb[PSW_A_MAC]) < PSWC_ETH_ALEN)
			return -EBADMSG;
		e = &ext->allow[ext->nallow++];
		memcpy(e->mac, nla_data(tb[PSW_A_MAC]), PSWC_ETH_ALEN);
		if (tb[PSW_A_NEIGH_IP4] && nla_len(tb[PSW_A_NEIGH_IP4]) >= 4) {
			e->addr.family = AF_INET;
			memcpy(e->addr.a, nla_data(tb[PSW_A_NEIGH_IP4]), 4);
		} else if (tb[PSW_A_NEIGH_IP6] &&
			   nla_len(tb[PSW_A_NEIGH_IP6]) >= 16) {
			e->addr.family = AF_INET6;
			memcpy(e->addr.a, nla_data(tb[PSW_A_NEIGH_IP6]), 16);
		}
	}
	return 0;
}

void pswc_port_ext_clear(struct pswc_port_ext *ext)
{
	free(ext->allow);
	memset(ext, 0, sizeof(*ext));
}

static int parse_port_e(struct nlattr **tb, void *o)
{
	struct port_e *x = o;
	int rc;

	memset(&x->ext, 0, sizeof(x->ext));
	x->ext.classify = tb[PSW_A_CLASSIFY] ?
			  nla_get_u8(tb[PSW_A_CLASSIFY]) : 0;
	x->tpid = tb[PSW_A_TPID] ? nla_get_u16(tb[PSW_A_TPID]) : 0;
	rc = parse_port(tb, &x->port);
	if (!rc)
		rc = parse_allow(tb[PSW_A_ALLOW], &x->ext);
	return rc;
}

static void clear_port_e(void *o)
{
	struct port_e *x = o;

	pswc_port_clear(&x->port);
	pswc_port_ext_clear(&x->ext);
}

static bool match_port_e(const void *o, const char *sw, uint32_t pan)
{
	return match_port(&((const struct port_e *)o)->port, sw, pan);
}

static const struct kind kind_port_e = {
	sizeof(struct port_e), parse_port_e, clear_port_e, match_port_e
};

/* get: the one reply is parsed into arg */
struct get_ctx {
	const struct kind *kind;
	void *out;
};

static int get_reply(struct pswc_handle *h, struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[PSW_A_MAX + 1];
	struct get_ctx *g = arg;

	(void)h;
	if (parse_attrs(nlh, tb))
		return -EBADMSG;
	g->kind->clear(g->out);		/* one reply; never two objects */
	return g->kind->parse(tb, g->out);
}

static int get(struct pswc_handle *h, struct nl_msg *msg, int put,
	       const struct kind *kind, void *out)
{
	struct get_ctx g = { kind, out };
	int rc;

	memset(out, 0, kind->size);
	rc = run(h, msg, put, get_reply, &g);
	if (rc)
		kind->clear(out);
	return rc;
}

/* dump: replies are collected, and handed out once the dump is whole */
struct dump_ctx {
	const struct kind *kind;
	const char *sw;
	uint32_t pan;
	char *objs;
	size_t n;
	size_t cap;
};

static void *dump_obj(struct dump_ctx *d, size_t i)
{
	return d->objs + i * d->kind->size;
}

static int dump_reply(struct pswc_handle *h, struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[PSW_A_MAX + 1];
	struct dump_ctx *d = arg;
	size_t cap;
	char *p;
	int rc;

	(void)h;
	if (parse_attrs(nlh, tb))
		return -EBADMSG;
	if (d->n == d->cap) {
		cap = d->cap ? d->cap * 2 : 64;
		p = realloc(d->objs, cap * d->kind->size);
		if (!p)
			return -ENOMEM;
		d->objs = p;
		d->cap = cap;
	}
	rc = d->kind->parse(tb, dump_obj(d, d->n));
	/* the kernel filters too; this only guards against stray objects */
	if (!rc && d->kind->match(dump_obj(d, d->n), d->sw, d->pan)) {
		d->n++;
		return 0;
	}
	d->kind->clear(dump_obj(d, d->n));
	return rc;
}

/* Free the lists of the objects collected so far */
static void dump_clear(struct dump_ctx *d)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		d->kind->clear(dump_obj(d, i));
	d->n = 0;
}

static int dump(struct pswc_handle *h, uint8_t cmd, struct dump_ctx *d)
{
	struct nl_msg *msg;
	int tries, put, rc;

	h->inconsistent = false;
	for (tries = 1; ; tries++) {
		dump_clear(d);
		msg = msg_new(h, cmd, NLM_F_DUMP);
		if (!msg)
			return local_err(h, ENOMEM, "out of memory");
		put = put_sw(msg, d->sw);
		if (!put && d->pan)
			put = put_pan(msg, d->pan);
		if (put < 0) {
			nlmsg_free(msg);
			return local_err(h, EMSGSIZE, "request too large");
		}
		rc = transact(h, msg, h->family, dump_reply, d);
		nlmsg_free(msg);
		if (rc || !h->intr)
			return rc;
		/* under constant change no dump is whole: deliver the last */
		if (tries == PSWC_DUMP_TRIES) {
			h->inconsistent = true;
			return 0;
		}
	}
}

static void dump_free(struct dump_ctx *d)
{
	dump_clear(d);
	free(d->objs);
	d->objs = NULL;
	d->n = d->cap = 0;
}

/* ------------------------------------------------------------------ */
/* Handle                                                             */

struct ctrl_ctx {
	bool found;
};

static int ctrl_reply(struct pswc_handle *h, struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1];
	struct nlattr *grp[CTRL_ATTR_MCAST_GRP_MAX + 1];
	struct ctrl_ctx *c = arg;
	struct nlattr *a;
	int rem;

	if (genlmsg_parse(nlh, 0, tb, CTRL_ATTR_MAX, NULL) < 0 ||
	    !tb[CTRL_ATTR_FAMILY_ID])
		return -EBADMSG;
	h->family = nla_get_u16(tb[CTRL_ATTR_FAMILY_ID]);
	if (tb[CTRL_ATTR_VERSION])
		h->version = nla_get_u32(tb[CTRL_ATTR_VERSION]);
	c->found = true;
	if (!tb[CTRL_ATTR_MCAST_GROUPS])
		return 0;
	nla_for_each_nested(a, tb[CTRL_ATTR_MCAST_GROUPS], rem) {
		if (nla_parse_nested(grp, CTRL_ATTR_MCAST_GRP_MAX, a, NULL) < 0)
			continue;
		if (!grp[CTRL_ATTR_MCAST_GRP_NAME] ||
		    !grp[CTRL_ATTR_MCAST_GRP_ID])
			continue;
		if (!strcmp(nla_get_string(grp[CTRL_ATTR_MCAST_GRP_NAME]),
			    PSW_MCGRP_NOTIFY))
			h->mcgrp = nla_get_u32(grp[CTRL_ATTR_MCAST_GRP_ID]);
		if (!strcmp(nla_get_string(grp[CTRL_ATTR_MCAST_GRP_NAME]),
			    PSW_MCGRP_EVENTS))
			h->ev_mcgrp = nla_get_u32(grp[CTRL_ATTR_MCAST_GRP_ID]);
	}
	return 0;
}

static int resolve_family(struct pswc_handle *h)
{
	struct ctrl_ctx c = { false };
	struct nl_msg *msg;
	int rc;

	msg = nlmsg_alloc();
	if (!msg)
		return local_err(h, ENOMEM, "out of memory");
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, GENL_ID_CTRL, 0, 0,
			 CTRL_CMD_GETFAMILY, 1) ||
	    nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, PSW_GENL_NAME) < 0) {
		nlmsg_free(msg);
		return local_err(h, ENOMEM, "out of memory");
	}
	rc = transact(h, msg, GENL_ID_CTRL, ctrl_reply, &c);
	nlmsg_free(msg);
	if (rc == -ENOENT || (!rc && !c.found))
		return local_err(h, ENOENT,
				 "generic netlink family %s not found (is the module loaded?)",
				 PSW_GENL_NAME);
	return rc;
}

struct pswc_handle *pswc_open(struct pswc_error *err)
{
	struct pswc_handle *h;
	int one = 1, rc;

	h = calloc(1, sizeof(*h));
	if (!h) {
		memset(err, 0, sizeof(*err));
		err->errnum = ENOMEM;
		snprintf(err->msg, sizeof(err->msg), "out of memory");
		return NULL;
	}
	/* in the same network namespace as the genetlink socket; optional */
	h->rtnl_fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_ROUTE);
	h->sk = nl_socket_alloc();
	if (!h->sk || setup_callbacks(h)) {
		local_err(h, ENOMEM, "out of memory");
		goto fail;
	}
	rc = nl_connect(h->sk, NETLINK_GENERIC);
	if (rc < 0) {
		libnl_err(h, rc, "opening generic netlink socket");
		goto fail;
	}
	/* no MSG_PEEK round trip per read; the kernel never sends more */
	nl_socket_set_msg_buf_size(h->sk, PSWC_RCVBUF_MSG);
	nl_socket_disable_msg_peek(h->sk);
	/* best effort: older kernels lack these and still work */
	setsockopt(nl_socket_get_fd(h->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(h->sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));
	if (resolve_family(h))
		goto fail;
	clear_err(h);
	return h;
fail:
	*err = h->err;
	pswc_close(h);
	return NULL;
}

void pswc_close(struct pswc_handle *h)
{
	if (!h)
		return;
	if (h->cb)
		nl_cb_put(h->cb);
	if (h->sk)
		nl_socket_free(h->sk);
	if (h->rtnl_fd >= 0)
		close(h->rtnl_fd);
	free(h);
}

int pswc_fd(const struct pswc_handle *h)
{
	return nl_socket_get_fd(h->sk);
}

uint32_t pswc_family_version(const struct pswc_handle *h)
{
	return h->version;
}

bool pswc_dump_inconsistent(const struct pswc_handle *h)
{
	return h->inconsistent;
}

/* ------------------------------------------------------------------ */
/* Switches                                                           */

int pswc_switch_new(struct pswc_handle *h, const char *name)
{
	struct nl_msg *msg = msg_new(h, PSW_CMD_SWITCH_NEW, 0);

	return run(h, msg, msg ? put_sw(msg, name) : 0, NULL, NULL);
}

int pswc_switch_del(struct pswc_handle *h, const char *name)
{
	struct nl_msg *msg = msg_new(h, PSW_CMD_SWITCH_DEL, 0);

	return run(h, msg, msg ? put_sw(msg, name) : 0, NULL, NULL);
}

int pswc_switch_get(struct pswc_handle *h, const char *name,
		    struct pswc_switch *out)
{
	struct nl_msg *msg = msg_new(h, PSW_CMD_SWITCH_GET, 0);

	return get(h, msg, msg ? put_sw(msg, name) : 0, &kind_switch, out);
}

int pswc_switch_dump(struct pswc_handle *h, pswc_switch_cb cb, void *arg)
{
	struct dump_ctx d = { .kind = &kind_switch };
	size_t i;
	int rc;

	rc = dump(h, PSW_CMD_SWITCH_GET, &d);
	for (i = 0; !rc && i < d.n; i++)
		rc = cb(dump_obj(&d, i), arg);
	dump_free(&d);
	return rc;
}

/*
 * The namespace's collect-metadata ip6gretap device for NVGRE over IPv6
 * (PSW_NVGRE6_IFNAME), over rtnetlink: RTM_NEWLINK (create, fails with
 * -EEXIST if there is one) or RTM_DELLINK. Returns 0 or a negative errno;
 * h->err is left alone: the kernel's answer to the genetlink request that
 * follows is what the caller reports.
 */
static int nvgre6_link(struct pswc_handle *h, int type)
{
	union {
		char buf[4096];
		struct nlmsghdr nlh;
	} u;
	struct nlmsghdr *nlh = &u.nlh;
	struct ifinfomsg *ifi;
	struct nlattr *info, *data;
	struct nlmsgerr *e;
	struct nl_msg *msg;
	uint32_t seq;
	ssize_t len;
	int rc;

	if (h->rtnl_fd < 0)
		return -EBADF;
	seq = ++h->rtnl_seq;
	msg = nlmsg_alloc_simple(type, NLM_F_REQUEST | NLM_F_ACK |
				 (type == RTM_NEWLINK ?
				  NLM_F_CREATE | NLM_F_EXCL : 0));
	if (!msg)
		return -ENOMEM;
	nlmsg_hdr(msg)->nlmsg_seq = seq;
	ifi = nlmsg_reserve(msg, sizeof(*ifi), NLMSG_ALIGNTO);
	rc = ifi ? 0 : -1;
	if (ifi)
		memset(ifi, 0, sizeof(*ifi));
	rc |= nla_put_string(msg, IFLA_IFNAME, PSW_NVGRE6_IFNAME);
	if (type == RTM_NEWLINK) {
		info = nla_nest_start(msg, IFLA_LINKINFO);
		rc |= info ? 0 : -1;
		rc |= nla_put_string(msg, IFLA_INFO_KIND, "ip6gretap");
		data = nla_nest_start(msg, IFLA_INFO_DATA);
		rc |= data ? 0 : -1;
		rc |= nla_put_flag(msg, PSWC_IFLA_GRE_COLLECT_METADATA);
		if (data)
			nla_nest_end(msg, data);
		if (info)
			nla_nest_end(msg, info);
	}
	if (rc) {
		nlmsg_free(msg);
		return -EMSGSIZE;
	}
	len = send(h->rtnl_fd, nlmsg_hdr(msg), nlmsg_hdr(msg)->nlmsg_len, 0);
	nlmsg_free(msg);
	if (len < 0)
		return -errno;
	for (;;) {
		len = recv(h->rtnl_fd, u.buf, sizeof(u.buf), 0);
		if (len < 0) {
			if (errno == EINTR)
				continue;
			return -errno;
		}
		if ((size_t)len < sizeof(*nlh) + sizeof(*e) ||
		    nlh->nlmsg_type != NLMSG_ERROR || nlh->nlmsg_seq != seq)
			continue;	/* not our answer */
		e = NLMSG_DATA(nlh);
		return e->error;
	}
}

/* IFLA_INFO_DATA of a "panswitch" link, as the kernel sends it */
static struct nla_policy link_data_policy[IFLA_PANSWITCH_MAX + 1] = {
	[IFLA_PANSWITCH_UNDERLAY4]	= { .type = NLA_U32 },
	[IFLA_PANSWITCH_UNDERLAY6]	= { .minlen = 16 },
	[IFLA_PANSWITCH_VXLAN_PORT]	= { .type = NLA_U16 },
	[IFLA_PANSWITCH_PANS]		= { .type = NLA_U32 },
	[IFLA_PANSWITCH_PORTS]		= { .type = NLA_U32 },
};

/* The RTM_NEWLINK answer to pswc_switch_link_get(), into out. */
static int parse_switch_link(struct pswc_handle *h, const char *name,
			     struct nlmsghdr *nlh,
			     struct pswc_switch_link *out)
{
	struct nlattr *tb[IFLA_MAX + 1], *info[IFLA_INFO_MAX + 1];
	struct nlattr *data[IFLA_PANSWITCH_MAX + 1];
	const struct ifinfomsg *ifi = nlmsg_data(nlh);
	char kind[IF_NAMESIZE];

	if (nlmsg_parse(nlh, sizeof(*ifi), tb, IFLA_MAX, NULL) < 0)
		return local_err(h, EBADMSG, "bad RTM_NEWLINK message");
	out->ifindex = ifi->ifi_index;
	kind[0] = '\0';
	if (tb[IFLA_LINKINFO] &&
	    nla_parse_nested(info, IFLA_INFO_MAX, tb[IFLA_LINKINFO],
			     NULL) == 0)
		get_str(info, IFLA_INFO_KIND, kind, sizeof(kind));
	else
		info[IFLA_INFO_DATA] = NULL;
	if (strcmp(kind, PSW_GENL_NAME))
		return local_err(h, EINVAL, "%s is not a panswitch device",
				 name);
	if (!info[IFLA_INFO_DATA])
		return 0;
	if (nla_parse_nested(data, IFLA_PANSWITCH_MAX, info[IFLA_INFO_DATA],
			     link_data_policy) < 0)
		return local_err(h, EBADMSG, "bad IFLA_INFO_DATA of %s", name);
	get_addr(data, IFLA_PANSWITCH_UNDERLAY4, AF_INET, &out->underlay4);
	get_addr(data, IFLA_PANSWITCH_UNDERLAY6, AF_INET6, &out->underlay6);
	if (data[IFLA_PANSWITCH_VXLAN_PORT])
		out->vxlan_port = nla_get_u16(data[IFLA_PANSWITCH_VXLAN_PORT]);
	out->has_counts = data[IFLA_PANSWITCH_PANS] &&
			  data[IFLA_PANSWITCH_PORTS];
	out->pans = get_u32(data, IFLA_PANSWITCH_PANS);
	out->ports = get_u32(data, IFLA_PANSWITCH_PORTS);
	return 0;
}

int pswc_switch_link_get(struct pswc_handle *h, const char *name,
			 struct pswc_switch_link *out)
{
	union {
		char buf[32768];
		struct nlmsghdr nlh;
	} u;
	struct nlmsghdr *nlh = &u.nlh;
	struct ifinfomsg *ifi;
	struct nl_msg *msg;
	struct nlmsgerr *e;
	uint32_t seq;
	ssize_t len;

	memset(out, 0, sizeof(*out));
	if (h->rtnl_fd < 0)
		return local_err(h, EBADF, "no rtnetlink socket");
	seq = ++h->rtnl_seq;
	msg = nlmsg_alloc_simple(RTM_GETLINK, NLM_F_REQUEST);
	if (!msg)
		return local_err(h, ENOMEM, "out of memory");
	nlmsg_hdr(msg)->nlmsg_seq = seq;
	ifi = nlmsg_reserve(msg, sizeof(*ifi), NLMSG_ALIGNTO);
	if (!ifi || nla_put_string(msg, IFLA_IFNAME, name)) {
		nlmsg_free(msg);
		return local_err(h, EMSGSIZE, "device name too long");
	}
	memset(ifi, 0, sizeof(*ifi));
	len = send(h->rtnl_fd, nlmsg_hdr(msg), nlmsg_hdr(msg)->nlmsg_len, 0);
	nlmsg_free(msg);
	if (len < 0)
		return local_err(h, errno, "rtnetlink: %s", strerror(errno));
	for (;;) {
		len = recv(h->rtnl_fd, u.buf, sizeof(u.buf), MSG_TRUNC);
		if (len < 0) {
			if (errno == EINTR)
				continue;
			return local_err(h, errno, "rtnetlink: %s",
					 strerror(errno));
		}
		if ((size_t)len > sizeof(u.buf))
			return local_err(h, EMSGSIZE,
					 "rtnetlink: answer too long");
		if (!nlmsg_ok(nlh, (int)len) || nlh->nlmsg_seq != seq)
			continue;	/* not our answer */
		if (nlh->nlmsg_type == NLMSG_ERROR) {
			if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*e)))
				continue;
			e = NLMSG_DATA(nlh);
			if (e->error == -ENODEV)
				return local_err(h, ENODEV, "no device %s",
						 name);
			return local_err(h, -e->error, "RTM_GETLINK %s: %s",
					 name, strerror(-e->error));
		}
		if (nlh->nlmsg_type != RTM_NEWLINK ||
		    !nlmsg_valid_hdr(nlh, sizeof(*ifi)))
			continue;
		return parse_switch_link(h, name, nlh, out);
	}
}

int pswc_switch_configure(struct pswc_handle *h, const char *name,
			  const struct pswc_switch_conf *conf)
{
	bool created = false;
	struct nl_msg *msg;
	int put = 0, rc;

	if (check_addr(h, conf->local4, AF_INET, "local4") ||
	    check_addr(h, conf->local6, AF_INET6, "local6"))
		return -EINVAL;
	/* Whatever goes wrong here, the kernel's refusal will say it. */
	if (conf->local6 && !pswc_addr_is_zero(conf->local6))
		created = nvgre6_link(h, RTM_NEWLINK) == 0;
	msg = msg_new(h, PSW_CMD_SWITCH_SET, 0);
	if (msg) {
		put |= put_sw(msg, name);
		put |= put_addr(msg, PSW_A_LOCAL4, PSW_A_LOCAL6, conf->local4);
		put |= put_addr(msg, PSW_A_LOCAL4, PSW_A_LOCAL6, conf->local6);
		if (conf->vxlan_port)
			put |= nla_put_u16(msg, PSW_A_VXLAN_PORT,
					   conf->vxlan_port);
		if (conf->max_pans)
			put |= nla_put_u32(msg, PSW_A_MAX_PANS, conf->max_pans);
		if (conf->max_entries)
			put |= nla_put_u32(msg, PSW_A_MAX_ENTRIES,
					   conf->max_entries);
		if (conf->set_ext_prefix && conf->ext_prefix_len)
			put |= nla_put(msg, PSW_A_EXT_PREFIX, PSWC_ETH_ALEN,
				       conf->ext_prefix);
		if (conf->set_ext_prefix)
			put |= nla_put_u8(msg, PSW_A_EXT_PREFIX_LEN,
					  conf->ext_prefix_len);
	}
	rc = run(h, msg, put, NULL, NULL);
	if (rc && created)
		nvgre6_link(h, RTM_DELLINK);
	return rc;
}

int pswc_switch_set(struct pswc_handle *h, const char *name,
		    const struct pswc_addr *local4,
		    const struct pswc_addr *local6, uint16_t vxlan_port)
{
	struct pswc_switch_conf conf = {
		.local4 = local4,
		.local6 = local6,
		.vxlan_port = vxlan_port,
	};

	return pswc_switch_configure(h, name, &conf);
}

/* ------------------------------------------------------------------ */
/* Ports                                                              */

/* PSW_A_MAC attributes that fit in one PSW_A_MACS nest (nla_len: u16) */
#define PSWC_NEST_MACS	((UINT16_MAX - NLA_HDRLEN) / \
			 NLA_ALIGN(NLA_HDRLEN + PSWC_ETH_ALEN))

int pswc_port_add(struct pswc_handle *h, const struct pswc_port *p)
{
	struct nl_msg *msg;
	struct nlattr *nest;
	unsigned int i;
	int put = 0;

	/* the kernel's limit is PSW_PORT_MAX_MACS; this is netlink's */
	if (p->nmacs > PSWC_NEST_MACS)
		return local_err(h, E2BIG, "%u MACs do not fit in one request",
				 p->nmacs);
	msg = msg_new_room(h, PSW_CMD_PORT_NEW, 0, NLA_HDRLEN + p->nmacs *
			   NLA_ALIGN(NLA_HDRLEN + PSWC_ETH_ALEN));
	if (!msg)
		return run(h, msg, 0, NULL, NULL);
	put |= put_sw(msg, p->sw_ifname[0] ? p->sw_ifname : NULL);
	put |= put_dev(msg, p->ifname[0] ? p->ifname : NULL);
	put |= nla_put_u8(msg, PSW_A_PORT_ROLE, p->role);
	if (p->role == PSW_PORT_ROLE_VM)
		put |= put_pan(msg, p->pan);
	if (p->nmacs) {
		nest = nla_nest_start(msg, PSW_A_MACS | NLA_F_NESTED);
		if (!nest)
			put = -1;
		for (i = 0; nest && i < p->nmacs; i++)
			put |= put_mac(msg, p->macs[i]);
		if (nest)
			nla_nest_end(msg, nest);
	}
	if (p->has_ext_mac)
		put |= nla_put(msg, PSW_A_EXT_MAC, PSWC_ETH_ALEN, p->ext_mac);
	if (p->role == PSW_PORT_ROLE_UPLINK && p->vlan)
		put |= nla_put_u16(msg, PSW_A_VLAN, p->vlan);
	return run(h, msg, put, NULL, NULL);
}

int pswc_port_new(struct pswc_handle *h, const char *sw, const char *dev,
		  enum psw_port_role role, uint32_t pan,
		  const uint8_t (*macs)[PSWC_ETH_ALEN], unsigned int nmacs,
		  const uint8_t *ext_mac)
{
	struct pswc_port p;

	memset(&p, 0, sizeof(p));
	if (sw)
		snprintf(p.sw_ifname, sizeof(p.sw_ifname), "%s", sw);
	if (dev)
		snprintf(p.ifname, sizeof(p.ifname), "%s", dev);
	p.role = role;
	p.pan = pan;
	p.nmacs = macs ? nmacs : 0;
	/* only read: pswc_port_add() takes a const port */
	p.macs = (uint8_t (*)[PSWC_ETH_ALEN])macs;
	p.has_ext_mac = ext_mac != NULL;
	if (ext_mac)
		memcpy(p.ext_mac, ext_mac, PSWC_ETH_ALEN);
	return pswc_port_add(h, &p);
}

int pswc_port_set(struct pswc_handle *h, const char *sw, const char *dev,
		  int security, int lldp)
{
	struct nl_msg *msg;
	int put = 0;

	if (security < -1 || security > 1 || lldp < -1 || lldp > 1)
		return local_err(h, EINVAL, "security and lldp are 0, 1 or -1");
	if (security < 0 && lldp < 0)
		return local_err(h, EINVAL, "nothing to set (security or lldp)");
	msg = msg_new(h, PSW_CMD_PORT_SET, 0);
	if (msg) {
		put |= put_sw(msg, sw) | put_dev(msg, dev);
		if (security >= 0)
			put |= nla_put_u8(msg, PSW_A_SECURITY, security);
		if (lldp >= 0)
			put |= nla_put_u8(msg, PSW_A_LLDP, lldp);
	}
	return run(h, msg, put, NULL, NULL);
}

int pswc_port_del(struct pswc_handle *h, const char *sw, const char *dev)
{
	struct nl_msg *msg = msg_new(h, PSW_CMD_PORT_DEL, 0);

	return run(h, msg, msg ? put_sw(msg, sw) | put_dev(msg, dev) : 0,
		   NULL, NULL);
}

int pswc_port_get(struct pswc_handle *h, const char *sw, const char *dev,
		  struct pswc_port *out)
{
	struct nl_msg *msg = msg_new(h, PSW_CMD_PORT_GET, 0);

	return get(h, msg, msg ? put_sw(msg, sw) | put_dev(msg, dev) : 0,
		   &kind_port, out);
}

int pswc_port_dump(struct pswc_handle *h, const char *sw, pswc_port_cb cb,
		   void *arg)
{
	struct dump_ctx d = { .kind = &kind_port, .sw = sw };
	size_t i;
	int rc;

	rc = dump(h, PSW_CMD_PORT_GET, &d);
	for (i = 0; !rc && i < d.n; i++)
		rc = cb(dump_obj(&d, i), arg);
	dump_free(&d);
	return rc;
}

/* ------------------------------------------------------------------ */
/* PANs                                                               */

int pswc_pan_new(struct pswc_handle *h, const char *sw, uint32_t pan)
{
	struct nl_msg *msg = msg_new(h, PSW_CMD_PAN_NEW, 0);

	return run(h, msg, msg ? put_sw(msg, sw) | put_pan(msg, pan) : 0,
		   NULL, NULL);
}

int pswc_pan_del(struct pswc_handle *h, const char *sw, uint32_t pan)
{
	struct nl_msg *msg = msg_new(h, PSW_CMD_PAN_DEL, 0);

	return run(h, msg, msg ? put_sw(msg, sw) | put_pan(msg, pan) : 0,
		   NULL, NULL);
}

int pswc_pan_get(struct pswc_handle *h, const char *sw, uint32_t pan,
		 struct pswc_pan *out)
{
	struct nl_msg *msg = msg_new(h, PSW_CMD_PAN_GET, 0);

	return get(h, msg, msg ? put_sw(msg, sw) | put_pan(msg, pan) : 0,
		   &kind_pan, out);
}

int pswc_pan_dump(struct pswc_handle *h, const char *sw, pswc_pan_cb cb,
		  void *arg)
{
	struct dump_ctx d = { .kind = &kind_pan, .sw = sw };
	size_t i;
	int rc;

	rc = dump(h, PSW_CMD_PAN_GET, &d);
	for (i = 0; !rc && i < d.n; i++)
		rc = cb(dump_obj(&d, i), arg);
	dump_free(&d);
	return rc;
}

int pswc_pan_set(struct pswc_handle *h, const char *sw, uint32_t pan,
		 const struct pswc_addr *local4, const struct pswc_addr *local6,
		 int accept)
{
	struct nl_msg *msg;
	int put = 0;

	if (check_addr(h, local4, AF_INET, "local4") ||
	    check_addr(h, local6, AF_INET6, "local6"))
		return -EINVAL;
	if (accept > PSW_ACCEPT_MAX)
		return local_err(h, EINVAL, "accept: unknown value %d", accept);
	msg = msg_new(h, PSW_CMD_PAN_SET, 0);
	if (msg) {
		put |= put_sw(msg, sw);
		put |= put_pan(msg, pan);
		put |= put_addr(msg, PSW_A_LOCAL4, PSW_A_LOCAL6, local4);
		put |= put_addr(msg, PSW_A_LOCAL4, PSW_A_LOCAL6, local6);
		if (accept >= 0)
			put |= nla_put_u8(msg, PSW_A_ACCEPT, accept);
	}
	return run(h, msg, put, NULL, NULL);
}

/* The callback of a pswc_pan_*_dump(): exactly one is set */
struct pan_x_cb {
	pswc_pan_miss_cb miss;
	pswc_pan_proxy_cb proxy;
	pswc_pan_hold_cb hold;
	pswc_pan_learn_cb learn;
	pswc_pan_mcast_cb mcast;
	pswc_pan_mcast_since_cb mcast_since;
	void *arg;
};

/* One PAN with all of them */
static int pan_x_get(struct pswc_handle *h, const char *sw, uint32_t pan,
		     struct pan_x *x)
{
	struct nl_msg *msg = msg_new(h, PSW_CMD_PAN_GET, 0);

	return get(h, msg, msg ? put_sw(msg, sw) | put_pan(msg, pan) : 0,
		   &kind_pan_x, x);
}

/* Every PAN with them, to the callback given */
static int pan_x_dump(struct pswc_handle *h, const char *sw,
		      const struct pan_x_cb *cb)
{
	struct dump_ctx d = { .kind = &kind_pan_x, .sw = sw };
	struct pan_x *x;
	size_t i;
	int rc;

	rc = dump(h, PSW_CMD_PAN_GET, &d);
	for (i = 0; !rc && i < d.n; i++) {
		x = dump_obj(&d, i);
		if (cb->miss)
			rc = cb->miss(&x->pan, &x->miss, cb->arg);
		else if (cb->proxy)
			rc = cb->proxy(&x->pan, &x->miss, &x->proxy, cb->arg);
		else if (cb->learn)
			rc = cb->learn(&x->pan, &x->learn, cb->arg);
		else if (cb->mcast)
			rc = cb->mcast(&x->pan, &x->mcast, cb->arg);
		else if (cb->mcast_since)
			rc = cb->mcast_since(&x->pan, &x->mcast,
					     x->mcast_since, cb->arg);
		else
			rc = cb->hold(&x->pan, &x->miss, &x->proxy, &x->hold,
				      cb->arg);
	}
	dump_free(&d);
	return rc;
}

/* The same message as pswc_pan_hold_get(), the proxy and hold left out */
int pswc_pan_miss_get(struct pswc_handle *h, const char *sw, uint32_t pan,
		      struct pswc_pan *out, struct pswc_pan_miss *miss)
{
	struct pswc_pan_proxy proxy;
	struct pswc_pan_hold hold;

	return pswc_pan_hold_get(h, sw, pan, out, miss, &proxy, &hold);
}

int pswc_pan_miss_dump(struct pswc_handle *h, const char *sw,
		       pswc_pan_miss_cb cb, void *arg)
{
	struct pan_x_cb c = { .miss = cb, .arg = arg };

	return pan_x_dump(h, sw, &c);
}

int pswc_pan_hold_get(struct pswc_handle *h, const char *sw, uint32_t pan,
		      struct pswc_pan *out, struct pswc_pan_miss *miss,
		      struct pswc_pan_proxy *proxy,
		      struct pswc_pan_hold *hold)
{
	struct pan_x x;
	int rc;

	rc = pan_x_get(h, sw, pan, &x);
	*out = x.pan;		/* zeroed on failure; its lists are the caller's */
	*miss = x.miss;
	*proxy = x.proxy;
	*hold = x.hold;
	return rc;
}

int pswc_pan_hold_dump(struct pswc_handle *h, const char *sw,
		       pswc_pan_hold_cb cb, void *arg)
{
	struct pan_x_cb c = { .hold = cb, .arg = arg };

	return pan_x_dump(h, sw, &c);
}

int pswc_pan_set_hold(struct pswc_handle *h, const char *sw, uint32_t pan,
		      const struct pswc_hold_conf *conf)
{
	static const int types[3] = {
		PSW_A_HOLD_FRAMES, PSW_A_HOLD_DESTS, PSW_A_HOLD_TIME
	};
	struct nl_msg *msg;
	int64_t v[3];
	int put = 0, i;

	clear_err(h);
	if (!conf || (conf->frames < 0 && conf->dests < 0 &&
		      conf->time_ms < 0))
		return local_err(h, EINVAL, "nothing to set");
	v[0] = conf->frames;
	v[1] = conf->dests;
	v[2] = conf->time_ms;
	for (i = 0; i < 3; i++)
		if (v[i] > UINT32_MAX)
			return local_err(h, ERANGE, "%s: %" PRId64 " is too large",
					 pswc_attr_name(types[i]), v[i]);
	msg = msg_new(h, PSW_CMD_PAN_SET, 0);
	if (msg) {
		put |= put_sw(msg, sw);
		put |= put_pan(msg, pan);
		/* 0 goes to the kernel, which says why it refuses it */
		for (i = 0; i < 3; i++)
			if (v[i] >= 0)
				put |= nla_put_u32(msg, types[i], v[i]);
	}
	return run(h, msg, put, NULL, NULL);
}

int pswc_pan_set_miss(struct pswc_handle *h, const char *sw, uint32_t pan,
		      const struct pswc_miss_conf *conf)
{
	struct nl_msg *msg;
	int put = 0;

	const struct pswc_flood_member *via;
	struct nlattr *nest;

	if (!conf || (conf->miss < 0 && !conf->anycast_mac &&
		      !conf->anycast_via && !conf->anycast_clear))
		return local_err(h, EINVAL, "nothing to set");
	if (conf->miss > PSW_MISS_MAX)
		return local_err(h, EINVAL, "miss: unknown value %d",
				 conf->miss);
	via = conf->anycast_via;
	if (conf->anycast_clear && (conf->anycast_mac || via))
		return local_err(h, EINVAL, "anycast gateway: removed and set at once");
	if (!conf->anycast_mac != !via)
		return local_err(h, EINVAL, "anycast gateway: its MAC and its way go together");
	if (via && !via->uplink &&
	    check_addr(h, &via->remote, 0, "remote"))
		return -EINVAL;
	msg = msg_new(h, PSW_CMD_PAN_SET, 0);
	if (msg) {
		put |= put_sw(msg, sw);
		put |= put_pan(msg, pan);
		if (conf->miss >= 0)
			put |= nla_put_u8(msg, PSW_A_MISS, conf->miss);
		if (via || conf->anycast_clear) {
			nest = nla_nest_start(msg, PSW_A_ANYCAST | NLA_F_NESTED);
			put |= nest ? 0 : -NLE_NOMEM;
			if (nest && via) {
				put |= put_mac(msg, conf->anycast_mac);
				if (via->uplink) {
					put |= nla_put_flag(msg, PSW_A_UPLINK);
				} else {
					put |= nla_put_u8(msg, PSW_A_ENCAP,
							  via->encap);
					put |= put_addr(msg, PSW_A_REMOTE4,
							PSW_A_REMOTE6,
							&via->remote);
				}
			}
			/* an empty nest removes the gateway: keep it */
			if (nest)
				nla_nest_end_keep_empty(msg, nest);
		}
	}
	return run(h, msg, put, NULL, NULL);
}

int pswc_pan_proxy_get(struct pswc_handle *h, const char *sw, uint32_t pan,
		       struct pswc_pan *out, struct pswc_pan_miss *miss,
		       struct pswc_pan_proxy *proxy)
{
	struct pswc_pan_hold hold;

	return pswc_pan_hold_get(h, sw, pan, out, miss, proxy, &hold);
}

int pswc_pan_proxy_dump(struct pswc_handle *h, const char *sw,
			pswc_pan_proxy_cb cb, void *arg)
{
	struct pan_x_cb c = { .proxy = cb, .arg = arg };

	return pan_x_dump(h, sw, &c);
}

int pswc_pan_set_proxy(struct pswc_handle *h, const char *sw, uint32_t pan,
		       bool on)
{
	struct nl_msg *msg = msg_new(h, PSW_CMD_PAN_SET, 0);
	int put = 0;

	if (msg)
		put = put_sw(msg, sw) | put_pan(msg, pan) |
		      nla_put_u8(msg, PSW_A_PROXY, on);
	return run(h, msg, put, NULL, NULL);
}

/* ------------------------------------------------------------------ */
/* Neighbours                                                         */

/* A request naming a neighbour: switch, PAN and address */
static struct nl_msg *neigh_msg(struct pswc_handle *h, uint8_t cmd, int flags,
				const char *sw, uint32_t pan,
				const struct pswc_addr *addr, int *put)
{
	struct nl_msg *msg;

	if (check_addr(h, addr, 0, "ip"))
		return NULL;
	if (!addr || !addr->family) {
		local_err(h, EINVAL, "ip: missing");
		return NULL;
	}
	msg = msg_new(h, cmd, flags);
	if (msg)
		*put = put_sw(msg, sw) | put_pan(msg, pan) |
		       put_addr(msg, PSW_A_NEIGH_IP4, PSW_A_NEIGH_IP6, addr);
	else
		local_err(h, ENOMEM, "out of memory");
	return msg;
}

int pswc_neigh_add(struct pswc_handle *h, const char *sw, uint32_t pan,
		   const struct pswc_addr *addr,
		   const uint8_t mac[PSWC_ETH_ALEN], bool replace)
{
	struct nl_msg *msg;
	int put = 0;

	clear_err(h);
	msg = neigh_msg(h, PSW_CMD_NEIGH_NEW, 0, sw, pan, addr, &put);
	if (!msg)
		return -h->err.errnum;
	put |= put_mac(msg, mac);
	if (replace)
		put |= nla_put_flag(msg, PSW_A_REPLACE);
	return run(h, msg, put, NULL, NULL);
}

int pswc_neigh_del(struct pswc_handle *h, const char *sw, uint32_t pan,
		   const struct pswc_addr *addr)
{
	struct nl_msg *msg;
	int put = 0;

	clear_err(h);
	msg = neigh_msg(h, PSW_CMD_NEIGH_DEL, 0, sw, pan, addr, &put);
	if (!msg)
		return -h->err.errnum;
	return run(h, msg, put, NULL, NULL);
}

int pswc_neigh_get(struct pswc_handle *h, const char *sw, uint32_t pan,
		   const struct pswc_addr *addr, struct pswc_neigh *out)
{
	struct nl_msg *msg;
	int put = 0;

	clear_err(h);
	memset(out, 0, sizeof(*out));
	msg = neigh_msg(h, PSW_CMD_NEIGH_GET, 0, sw, pan, addr, &put);
	if (!msg)
		return -h->err.errnum;
	return get(h, msg, put, &kind_neigh, out);
}

int pswc_neigh_dump(struct pswc_handle *h, const char *sw, uint32_t pan,
		    pswc_neigh_cb cb, void *arg)
{
	struct dump_ctx d = { .kind = &kind_neigh, .sw = sw, .pan = pan };
	size_t i;
	int rc;

	rc = dump(h, PSW_CMD_NEIGH_GET, &d);
	for (i = 0; !rc && i < d.n; i++)
		rc = cb(dump_obj(&d, i), arg);
	dump_free(&d);
	return rc;
}

/* ------------------------------------------------------------------ */
/* The tenant map and trunk ports (1.7)                               */

/* A request naming a tenant map key: switch, OUI and/or VLAN */
static struct nl_msg *tenant_msg(struct pswc_handle *h, uint8_t cmd,
				 const char *sw, const uint32_t *oui,
				 int vlan, int *put)
{
	struct nl_msg *msg;

	if (!oui && vlan < 0) {
		local_err(h, EINVAL, "tenant: oui and/or vlan missing");
		return NULL;
	}
	if (vlan > UINT16_MAX) {
		local_err(h, ERANGE, "vlan: %d is out of range", vlan);
		return NULL;
	}
	msg = msg_new(h, cmd, 0);
	if (!msg) {
		local_err(h, ENOMEM, "out of memory");
		return NULL;
	}
	*put = put_sw(msg, sw);
	if (oui)
		*put |= nla_put_u32(msg, PSW_A_OUI, *oui);
	if (vlan >= 0)
		*put |= nla_put_u16(msg, PSW_A_VLAN, vlan);
	return msg;
}

int pswc_tenant_add(struct pswc_handle *h, const char *sw,
		    const uint32_t *oui, int vlan, uint32_t pan)
{
	struct nl_msg *msg;
	int put = 0;

	clear_err(h);
	msg = tenant_msg(h, PSW_CMD_TENANT_NEW, sw, oui, vlan, &put);
	if (!msg)
		return -h->err.errnum;
	put |= put_pan(msg, pan);
	return run(h, msg, put, NULL, NULL);
}

int pswc_tenant_del(struct pswc_handle *h, const char *sw,
		    const uint32_t *oui, int vlan)
{
	struct nl_msg *msg;
	int put = 0;

	clear_err(h);
	msg = tenant_msg(h, PSW_CMD_TENANT_DEL, sw, oui, vlan, &put);
	if (!msg)
		return -h->err.errnum;
	return run(h, msg, put, NULL, NULL);
}

int pswc_tenant_get(struct pswc_handle *h, const char *sw,
		    const uint32_t *oui, int vlan,
		    struct pswc_tenant *out)
{
	struct nl_msg *msg;
	int put = 0;

	clear_err(h);
	memset(out, 0, sizeof(*out));
	msg = tenant_msg(h, PSW_CMD_TENANT_GET, sw, oui, vlan, &put);
	if (!msg)
		return -h->err.errnum;
	return get(h, msg, put, &kind_tenant, out);
}

int pswc_tenant_dump(struct pswc_handle *h, const char *sw, uint32_t pan,
		     pswc_tenant_cb cb, void *arg)
{
	struct dump_ctx d = { .kind = &kind_tenant, .sw = sw, .pan = pan };
	size_t i;
	int rc;

	rc = dump(h, PSW_CMD_TENANT_GET, &d);
	for (i = 0; !rc && i < d.n; i++)
		rc = cb(dump_obj(&d, i), arg);
	dump_free(&d);
	return rc;
}

int pswc_pan_set_oui(struct pswc_handle *h, const char *sw, uint32_t pan,
		     uint32_t oui)
{
	struct nl_msg *msg = msg_new(h, PSW_CMD_PAN_SET, 0);
	int put = 0;

	if (msg)
		put = put_sw(msg, sw) | put_pan(msg, pan) |
		      nla_put_u32(msg, PSW_A_OUI, oui);
	return run(h, msg, put, NULL, NULL);
}

int pswc_port_trunk_new(struct pswc_handle *h, const char *sw,
			const char *dev, uint8_t classify)
{
	struct nl_msg *msg = msg_new(h, PSW_CMD_PORT_NEW, 0);
	int put = 0;

	if (msg)
		put = put_sw(msg, sw) | put_dev(msg, dev) |
		      nla_put_u8(msg, PSW_A_PORT_ROLE, PSW_PORT_ROLE_TRUNK) |
		      nla_put_u8(msg, PSW_A_CLASSIFY, classify);
	return run(h, msg, put, NULL, NULL);
}

int pswc_port_trunk_get(struct pswc_handle *h, const char *sw,
			const char *dev, struct pswc_port *out,
			uint8_t *classify)
{
	struct pswc_port_ext ext;
	int rc;

	rc = pswc_port_ext_get(h, sw, dev, out, &ext);
	*classify = ext.classify;	/* zeroed on failure */
	pswc_port_ext_clear(&ext);
	return rc;
}

/* pswc_port_trunk_dump()'s callback and its argument, over the ext dump */
struct trunk_cb {
	pswc_port_trunk_cb cb;
	void *arg;
};

static int trunk_from_ext(const struct pswc_port *port,
			  const struct pswc_port_ext *ext, void *arg)
{
	const struct trunk_cb *t = arg;

	return t->cb(port, ext->classify, t->arg);
}

int pswc_port_trunk_dump(struct pswc_handle *h, const char *sw,
			 pswc_port_trunk_cb cb, void *arg)
{
	struct trunk_cb t = { cb, arg };

	return pswc_port_ext_dump(h, sw, trunk_from_ext, &t);
}

int pswc_pan_learn_get(struct pswc_handle *h, const char *sw, uint32_t pan,
		       struct pswc_pan *out, struct pswc_pan_learn *learn)
{
	struct pan_x x;
	int rc;

	rc = pan_x_get(h, sw, pan, &x);
	*out = x.pan;		/* zeroed on failure; its lists are the caller's */
	*learn = x.learn;
	return rc;
}

int pswc_pan_learn_dump(struct pswc_handle *h, const char *sw,
			pswc_pan_learn_cb cb, void *arg)
{
	struct pan_x_cb c = { .learn = cb, .arg = arg };

	return pan_x_dump(h, sw, &c);
}

int pswc_pan_set_learn(struct pswc_handle *h, const char *sw, uint32_t pan,
		       const struct pswc_learn_conf *conf)
{
	struct nl_msg *msg;
	int put = 0;

	if (!conf || (conf->learning < 0 && conf->ageing < 0 &&
		      conf->learn_max < 0))
		return local_err(h, EINVAL, "nothing to set");
	if (conf->learning > 1)
		return local_err(h, EINVAL, "learning: 0 or 1, not %d",
				 conf->learning);
	if (conf->ageing > UINT32_MAX || conf->learn_max > UINT32_MAX)
		return local_err(h, ERANGE, "ageing or learn-max out of range");
	msg = msg_new(h, PSW_CMD_PAN_SET, 0);
	if (msg) {
		put |= put_sw(msg, sw);
		put |= put_pan(msg, pan);
		if (conf->learning >= 0)
			put |= nla_put_u8(msg, PSW_A_LEARNING, conf->learning);
		if (conf->ageing >= 0)
			put |= nla_put_u32(msg, PSW_A_AGEING, conf->ageing);
		if (conf->learn_max >= 0)
			put |= nla_put_u32(msg, PSW_A_LEARN_MAX,
					   conf->learn_max);
	}
	return run(h, msg, put, NULL, NULL);
}


int pswc_pan_mcast_dump(struct pswc_handle *h, const char *sw,
			pswc_pan_mcast_cb cb, void *arg)
{
	struct pan_x_cb c = { .mcast = cb, .arg = arg };

	return pan_x_dump(h, sw, &c);
}

int pswc_pan_mcast_since_get(struct pswc_handle *h, const char *sw,
			     uint32_t pan, struct pswc_pan *out,
			     struct pswc_pan_mcast *mcast, int64_t *since_ms)
{
	struct pan_x x;
	int rc;

	rc = pan_x_get(h, sw, pan, &x);
	*out = x.pan;		/* zeroed on failure; its lists are the caller's */
	*mcast = x.mcast;
	*since_ms = rc ? -1 : x.mcast_since;
	return rc;
}

int pswc_pan_mcast_get(struct pswc_handle *h, const char *sw, uint32_t pan,
		       struct pswc_pan *out, struct pswc_pan_mcast *mcast)
{
	int64_t since;

	return pswc_pan_mcast_since_get(h, sw, pan, out, mcast, &since);
}

int pswc_pan_etherip_get(struct pswc_handle *h, const char *sw, uint32_t pan,
			 struct pswc_pan *out, struct pswc_pan_etherip *eo)
{
	struct pan_x x;
	int rc;

	rc = pan_x_get(h, sw, pan, &x);
	*out = x.pan;		/* zeroed on failure; its lists are the caller's */
	*eo = x.etherip;	/* and so is this one */
	return rc;
}

int pswc_pan_set_etherip(struct pswc_handle *h, const char *sw, uint32_t pan,
			 uint8_t form)
{
	struct nl_msg *msg = msg_new(h, PSW_CMD_PAN_SET, 0);
	int put = 0;

	if (msg)
		put = put_sw(msg, sw) | put_pan(msg, pan) |
		      nla_put_u8(msg, PSW_A_ETHERIP, form);
	return run(h, msg, put, NULL, NULL);
}

int pswc_pan_mcast_share(struct pswc_handle *h, const char *sw, uint32_t pan,
			 const struct pswc_addr *group, uint32_t target,
			 bool del)
{
	struct nlattr *nest;
	struct nl_msg *msg;
	int put = 0;

	if (!group)
		return local_err(h, EINVAL, "mcast-share: no group");
	if (check_addr(h, group, 0, "group"))
		return -EINVAL;
	msg = msg_new(h, PSW_CMD_PAN_SET, 0);
	if (msg) {
		put |= put_sw(msg, sw);
		put |= put_pan(msg, pan);
		nest = nla_nest_start(msg, (del ? PSW_A_MCAST_SHARE_DEL :
					    PSW_A_MCAST_SHARE_ADD) |
					   NLA_F_NESTED);
		put |= nest ? 0 : -NLE_NOMEM;
		if (nest) {
			put |= put_addr(msg, PSW_A_REMOTE4, PSW_A_REMOTE6,
					group);
			put |= nla_put_u32(msg, PSW_A_PAN_ID, target);
			nla_nest_end(msg, nest);
		}
	}
	return run(h, msg, put, NULL, NULL);
}

int pswc_pan_mcast_since_dump(struct pswc_handle *h, const char *sw,
			      pswc_pan_mcast_since_cb cb, void *arg)
{
	struct pan_x_cb c = { .mcast_since = cb, .arg = arg };

	return pan_x_dump(h, sw, &c);
}

int pswc_pan_set_mcast(struct pswc_handle *h, const char *sw, uint32_t pan,
		       const struct pswc_mcast_conf *conf)
{
	struct nlattr *nest;
	struct nl_msg *msg;
	int put = 0;

	if (!conf || (!conf->group && !conf->clear))
		return local_err(h, EINVAL, "nothing to set");
	if (conf->group && conf->clear)
		return local_err(h, EINVAL, "multicast group: removed and set at once");
	if (conf->clear && (conf->encap >= 0 || conf->ttl >= 0))
		return local_err(h, EINVAL, "multicast group: encap and ttl go with a group");
	if (conf->encap > PSW_ENCAP_MAX)
		return local_err(h, EINVAL, "encap: unknown value %d",
				 conf->encap);
	if (conf->ttl > 255)
		return local_err(h, EINVAL, "ttl: %d is more than 255",
				 conf->ttl);
	if (check_addr(h, conf->group, 0, "group"))
		return -EINVAL;
	msg = msg_new(h, PSW_CMD_PAN_SET, 0);
	if (msg) {
		put |= put_sw(msg, sw);
		put |= put_pan(msg, pan);
		nest = nla_nest_start(msg, PSW_A_MCAST | NLA_F_NESTED);
		put |= nest ? 0 : -NLE_NOMEM;
		if (nest && conf->group) {
			put |= put_addr(msg, PSW_A_REMOTE4, PSW_A_REMOTE6,
					conf->group);
			if (conf->encap >= 0)
				put |= nla_put_u8(msg, PSW_A_ENCAP, conf->encap);
			if (conf->ttl >= 0)
				put |= nla_put_u8(msg, PSW_A_TTL, conf->ttl);
		}
		/* an empty nest removes the group: keep it */
		if (nest)
			nla_nest_end_keep_empty(msg, nest);
	}
	return run(h, msg, put, NULL, NULL);
}

int pswc_entry_age_get(struct pswc_handle *h, const char *sw, uint32_t pan,
		       const uint8_t mac[PSWC_ETH_ALEN], struct pswc_entry *out,
		       int64_t *age)
{
	struct nl_msg *msg = msg_new(h, PSW_CMD_ENTRY_GET, 0);
	struct entry_a x;
	int rc;

	rc = get(h, msg, msg ? put_sw(msg, sw) | put_pan(msg, pan) |
		 put_mac(msg, mac) : 0, &kind_entry_a, &x);
	*out = x.entry;
	*age = rc ? -1 : x.age;
	return rc;
}

int pswc_entry_age_dump(struct pswc_handle *h, const char *sw, uint32_t pan,
			pswc_entry_age_cb cb, void *arg)
{
	struct dump_ctx d = { .kind = &kind_entry_a, .sw = sw, .pan = pan };
	struct entry_a *x;
	size_t i;
	int rc;

	rc = dump(h, PSW_CMD_ENTRY_GET, &d);
	for (i = 0; !rc && i < d.n; i++) {
		x = dump_obj(&d, i);
		rc = cb(&x->entry, x->age, arg);
	}
	dump_free(&d);
	return rc;
}

static int flood_req(struct pswc_handle *h, uint8_t cmd, const char *sw,
		     uint32_t pan, const struct pswc_flood_member *m)
{
	struct nl_msg *msg;
	int put = 0;

	if (!m->uplink && check_addr(h, &m->remote, 0, "remote"))
		return -EINVAL;
	msg = msg_new(h, cmd, 0);
	if (msg) {
		put |= put_sw(msg, sw);
		put |= put_pan(msg, pan);
		if (m->uplink) {
			put |= nla_put_flag(msg, PSW_A_UPLINK);
		} else {
			put |= nla_put_u8(msg, PSW_A_ENCAP, m->encap);
			put |= put_addr(msg, PSW_A_REMOTE4, PSW_A_REMOTE6,
					&m->remote);
		}
	}
	return run(h, msg, put, NULL, NULL);
}

int pswc_flood_new(struct pswc_handle *h, const char *sw, uint32_t pan,
		   const struct pswc_flood_member *m)
{
	return flood_req(h, PSW_CMD_FLOOD_NEW, sw, pan, m);
}

int pswc_flood_del(struct pswc_handle *h, const char *sw, uint32_t pan,
		   const struct pswc_flood_member *m)
{
	return flood_req(h, PSW_CMD_FLOOD_DEL, sw, pan, m);
}

/* ------------------------------------------------------------------ */
/* Entries                                                            */

int pswc_entry_add(struct pswc_handle *h, const struct pswc_entry *e,
		   bool replace)
{
	/* Genetlink refuses NLM_F_REPLACE: replacing is an attribute. */
	struct nl_msg *msg;
	int put = 0;

	if (e->mode == PSW_MODE_ENCAP &&
	    check_addr(h, &e->remote, 0, "remote"))
		return -EINVAL;
	msg = msg_new(h, PSW_CMD_ENTRY_NEW, 0);
	if (!msg)
		return run(h, msg, 0, NULL, NULL);
	put |= put_sw(msg, e->sw_ifname[0] ? e->sw_ifname : NULL);
	put |= put_pan(msg, e->pan);
	put |= put_mac(msg, e->mac);
	put |= nla_put_u8(msg, PSW_A_MODE, e->mode);
	switch (e->mode) {
	case PSW_MODE_LOCAL:
		if (e->port_ifname[0])
			put |= put_dev(msg, e->port_ifname);
		else if (e->port_ifindex)
			put |= nla_put_u32(msg, PSW_A_PORT_IFINDEX,
					   e->port_ifindex);
		break;
	case PSW_MODE_XLATE:
	case PSW_MODE_HOLD:
		if (e->has_ext_mac)
			put |= nla_put(msg, PSW_A_EXT_MAC, PSWC_ETH_ALEN,
				       e->ext_mac);
		break;
	case PSW_MODE_ENCAP:
		put |= nla_put_u8(msg, PSW_A_ENCAP, e->encap);
		put |= put_addr(msg, PSW_A_REMOTE4, PSW_A_REMOTE6, &e->remote);
		break;
	default:
		break;
	}
	if (replace)
		put |= nla_put_flag(msg, PSW_A_REPLACE);
	return run(h, msg, put, NULL, NULL);
}

int pswc_entry_new(struct pswc_handle *h, const char *sw, uint32_t pan,
		   const uint8_t mac[PSWC_ETH_ALEN], enum psw_mode mode,
		   const char *dev, bool replace)
{
	struct pswc_entry e;

	memset(&e, 0, sizeof(e));
	if (sw)
		snprintf(e.sw_ifname, sizeof(e.sw_ifname), "%s", sw);
	e.pan = pan;
	memcpy(e.mac, mac, PSWC_ETH_ALEN);
	e.mode = mode;
	if (dev)
		snprintf(e.port_ifname, sizeof(e.port_ifname), "%s", dev);
	return pswc_entry_add(h, &e, replace);
}

int pswc_entry_del(struct pswc_handle *h, const char *sw, uint32_t pan,
		   const uint8_t mac[PSWC_ETH_ALEN])
{
	struct nl_msg *msg = msg_new(h, PSW_CMD_ENTRY_DEL, 0);
	int put = 0;

	if (msg)
		put = put_sw(msg, sw) | put_pan(msg, pan) | put_mac(msg, mac);
	return run(h, msg, put, NULL, NULL);
}

int pswc_entry_get(struct pswc_handle *h, const char *sw, uint32_t pan,
		   const uint8_t mac[PSWC_ETH_ALEN], struct pswc_entry *out)
{
	struct nl_msg *msg = msg_new(h, PSW_CMD_ENTRY_GET, 0);
	int put = 0;

	if (msg)
		put = put_sw(msg, sw) | put_pan(msg, pan) | put_mac(msg, mac);
	return get(h, msg, put, &kind_entry, out);
}

int pswc_entry_dump(struct pswc_handle *h, const char *sw, uint32_t pan,
		    pswc_entry_cb cb, void *arg)
{
	struct dump_ctx d = { .kind = &kind_entry, .sw = sw, .pan = pan };
	size_t i;
	int rc;

	rc = dump(h, PSW_CMD_ENTRY_GET, &d);
	for (i = 0; !rc && i < d.n; i++)
		rc = cb(dump_obj(&d, i), arg);
	dump_free(&d);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Notifications                                                      */

/* A PSW_CMD_MISS event, for pswc_miss_monitor_recv()'s callback */
static int miss_msg(struct pswc_handle *h, struct nlmsghdr *nlh)
{
	struct genlmsghdr *gnlh = nlmsg_data(nlh);
	struct nlattr *tb[PSW_A_MAX + 1];
	struct pswc_miss_event ev;

	if (gnlh->cmd != PSW_CMD_MISS || parse_attrs(nlh, tb) ||
	    !tb[PSW_A_MAC])
		return NL_SKIP;		/* an event this library predates */
	memset(&ev, 0, sizeof(ev));
	ev.sw_ifindex = get_u32(tb, PSW_A_IFINDEX);
	get_str(tb, PSW_A_IFNAME, ev.sw_ifname, sizeof(ev.sw_ifname));
	ev.pan = get_u32(tb, PSW_A_PAN_ID);
	ev.port_ifindex = get_u32(tb, PSW_A_PORT_IFINDEX);
	get_str(tb, PSW_A_PORT_IFNAME, ev.port_ifname,
		sizeof(ev.port_ifname));
	if (tb[PSW_A_SRC_MAC])
		memcpy(ev.src_mac, nla_data(tb[PSW_A_SRC_MAC]), PSWC_ETH_ALEN);
	memcpy(ev.dst_mac, nla_data(tb[PSW_A_MAC]), PSWC_ETH_ALEN);
	if (tb[PSW_A_DST4])
		get_addr(tb, PSW_A_DST4, AF_INET, &ev.dst_ip);
	else if (tb[PSW_A_DST6])
		get_addr(tb, PSW_A_DST6, AF_INET6, &ev.dst_ip);
	h->ev_rc = h->miss_cb(&ev, h->ev_arg);
	return h->ev_rc ? NL_STOP : NL_OK;
}

static int monitor_msg(struct pswc_handle *h, struct nlmsghdr *nlh)
{
	struct nlattr *tb[PSW_A_MAX + 1];
	struct genlmsghdr *gnlh;
	struct pswc_event ev;
	const struct kind *kind;

	if (nlh->nlmsg_type != h->family ||
	    nlmsg_datalen(nlh) < (int)GENL_HDRLEN)
		return NL_SKIP;
	if (h->miss_cb)
		return miss_msg(h, nlh);
	gnlh = nlmsg_data(nlh);
	memset(&ev, 0, sizeof(ev));
	ev.cmd = gnlh->cmd;
	switch (gnlh->cmd) {
	case PSW_CMD_SWITCH_NEW:
	case PSW_CMD_SWITCH_DEL:
	case PSW_CMD_SWITCH_SET:
		ev.obj = PSWC_OBJ_SWITCH;
		kind = &kind_switch;
		break;
	case PSW_CMD_PORT_NEW:
	case PSW_CMD_PORT_DEL:
	case PSW_CMD_PORT_SET:
		ev.obj = PSWC_OBJ_PORT;
		kind = &kind_port;
		break;
	case PSW_CMD_PAN_NEW:
	case PSW_CMD_PAN_DEL:
	case PSW_CMD_PAN_SET:
	case PSW_CMD_FLOOD_NEW:
	case PSW_CMD_FLOOD_DEL:
		ev.obj = PSWC_OBJ_PAN;
		kind = &kind_pan;
		break;
	case PSW_CMD_ENTRY_NEW:
	case PSW_CMD_ENTRY_DEL:
		ev.obj = PSWC_OBJ_ENTRY;
		kind = &kind_entry;
		break;
	case PSW_CMD_NEIGH_NEW:
	case PSW_CMD_NEIGH_DEL:
		ev.obj = PSWC_OBJ_NEIGH;
		kind = &kind_neigh;
		break;
	case PSW_CMD_TENANT_NEW:
	case PSW_CMD_TENANT_DEL:
		ev.obj = PSWC_OBJ_TENANT;
		kind = &kind_tenant;
		break;
	case PSW_CMD_MOVE:
		ev.obj = PSWC_OBJ_MOVE;
		if (parse_attrs(nlh, tb) || parse_move(tb, &ev.u.move))
			return NL_SKIP;
		h->ev_rc = h->ev_cb(&ev, h->ev_arg);
		return h->ev_rc ? NL_STOP : NL_OK;
	case PSW_CMD_MCAST_JOIN:
	case PSW_CMD_MCAST_LEAVE:
		ev.obj = PSWC_OBJ_MCAST;
		ev.is_new = gnlh->cmd == PSW_CMD_MCAST_JOIN;
		if (parse_attrs(nlh, tb) ||
		    parse_mcast_member(tb, &ev.u.mcast))
			return NL_SKIP;
		h->ev_rc = h->ev_cb(&ev, h->ev_arg);
		return h->ev_rc ? NL_STOP : NL_OK;
	default:
		return NL_SKIP;		/* a command this library predates */
	}
	ev.is_new = gnlh->cmd == PSW_CMD_SWITCH_NEW ||
		    gnlh->cmd == PSW_CMD_PORT_NEW ||
		    gnlh->cmd == PSW_CMD_PAN_NEW ||
		    gnlh->cmd == PSW_CMD_ENTRY_NEW ||
		    gnlh->cmd == PSW_CMD_NEIGH_NEW ||
		    gnlh->cmd == PSW_CMD_TENANT_NEW;
	ev.is_set = gnlh->cmd == PSW_CMD_SWITCH_SET ||
		    gnlh->cmd == PSW_CMD_PORT_SET ||
		    gnlh->cmd == PSW_CMD_PAN_SET ||
		    gnlh->cmd == PSW_CMD_FLOOD_NEW ||
		    gnlh->cmd == PSW_CMD_FLOOD_DEL;
	if (parse_attrs(nlh, tb) || kind->parse(tb, &ev.u)) {
		kind->clear(&ev.u);
		return NL_SKIP;
	}
	h->ev_rc = h->ev_cb(&ev, h->ev_arg);
	kind->clear(&ev.u);
	return h->ev_rc ? NL_STOP : NL_OK;
}

/* Join group @grp (@name; 0: the kernel has none) for good. */
static int monitor_join(struct pswc_handle *h, uint32_t grp, const char *name)
{
	int size = PSWC_MONITOR_RCVBUF, rc;

	clear_err(h);
	if (!grp)
		return local_err(h, ENOENT, "multicast group \"%s\" of %s not found",
				 name, PSW_GENL_NAME);
	/* room for bursts (batches); beyond rmem_max only with CAP_NET_ADMIN */
	if (setsockopt(pswc_fd(h), SOL_SOCKET, SO_RCVBUFFORCE, &size,
		       sizeof(size)) < 0)
		setsockopt(pswc_fd(h), SOL_SOCKET, SO_RCVBUF, &size,
			   sizeof(size));
	/* "events" lets only CAP_NET_ADMIN in: EPERM otherwise */
	rc = nl_socket_add_membership(h->sk, grp);
	if (rc < 0)
		return libnl_err(h, rc, "joining multicast group");
	h->monitoring = true;
	return 0;
}

int pswc_events_start(struct pswc_handle *h)
{
	return monitor_join(h, h->ev_mcgrp, PSW_MCGRP_EVENTS);
}

/*
 * One read of what the joined group sent, each message to the callback
 * set in h; *lost: the receive buffer overran (ENOBUFS).
 */
static int monitor_read(struct pswc_handle *h, void *arg, bool *lost)
{
	int rc;

	clear_err(h);
	h->ev_arg = arg;
	h->ev_rc = 0;
	*lost = false;
	rc = nl_recvmsgs(h->sk, h->cb);
	if (h->ev_rc)
		return h->ev_rc;
	/* libnl reports ENOBUFS (receive queue overrun) as NLE_NOMEM */
	if (rc == -NLE_NOMEM) {
		*lost = true;
		return 0;
	}
	if (rc < 0)
		return libnl_err(h, rc, "reading notifications");
	return 0;
}

int pswc_monitor_start(struct pswc_handle *h)
{
	return monitor_join(h, h->mcgrp, PSW_MCGRP_NOTIFY);
}

int pswc_monitor_recv(struct pswc_handle *h, pswc_event_cb cb, void *arg)
{
	struct pswc_event lost_ev = { .obj = PSWC_OBJ_LOST };
	bool lost;
	int rc;

	h->ev_cb = cb;
	h->miss_cb = NULL;
	rc = monitor_read(h, arg, &lost);
	return !rc && lost ? cb(&lost_ev, arg) : rc;
}

int pswc_monitor(struct pswc_handle *h, pswc_event_cb cb, void *arg)
{
	int rc;

	rc = pswc_monitor_start(h);
	while (!rc)
		rc = pswc_monitor_recv(h, cb, arg);
	return rc;
}

int pswc_miss_monitor_start(struct pswc_handle *h)
{
	return monitor_join(h, h->ev_mcgrp, PSW_MCGRP_EVENTS);
}

int pswc_miss_monitor_recv(struct pswc_handle *h, pswc_miss_cb cb, void *arg)
{
	struct pswc_miss_event lost_ev = { .lost = true };
	bool lost;
	int rc;

	h->miss_cb = cb;
	rc = monitor_read(h, arg, &lost);
	return !rc && lost ? cb(&lost_ev, arg) : rc;
}

int pswc_miss_monitor(struct pswc_handle *h, pswc_miss_cb cb, void *arg)
{
	int rc;

	rc = pswc_miss_monitor_start(h);
	while (!rc)
		rc = pswc_miss_monitor_recv(h, cb, arg);
	return rc;
}

int pswc_port_set_policy(struct pswc_handle *h, const char *sw,
			 const char *dev, int security, int lldp,
			 const struct pswc_port_allow *allow, int nallow)
{
	struct nlattr *list, *e;
	struct nl_msg *msg;
	int put = 0, i;

	if (security < -1 || security > 1 || lldp < -1 || lldp > 1)
		return local_err(h, EINVAL, "security and lldp are 0, 1 or -1");
	if (nallow < -1 || (nallow > 0 && !allow))
		return local_err(h, EINVAL, "allow list: -1, 0 or N entries");
	if (nallow > PSW_PORT_ALLOW_MAX)
		return local_err(h, ENOSPC, "too many allow list entries (at most %d)",
				 PSW_PORT_ALLOW_MAX);
	if (security < 0 && lldp < 0 && nallow < 0)
		return local_err(h, EINVAL,
				 "nothing to set (security, lldp or allow list)");
	for (i = 0; i < nallow; i++)
		if (allow[i].addr.family && allow[i].addr.family != AF_INET &&
		    allow[i].addr.family != AF_INET6)
			return local_err(h, EAFNOSUPPORT,
					 "allow list entry %d: address family %u",
					 i, allow[i].addr.family);
	msg = msg_new(h, PSW_CMD_PORT_SET, 0);
	if (msg) {
		put |= put_sw(msg, sw) | put_dev(msg, dev);
		if (security >= 0)
			put |= nla_put_u8(msg, PSW_A_SECURITY, security);
		if (lldp >= 0)
			put |= nla_put_u8(msg, PSW_A_LLDP, lldp);
		if (nallow >= 0) {
			list = nla_nest_start(msg, PSW_A_ALLOW);
			if (!list)
				put = -1;
			for (i = 0; list && i < nallow; i++) {
				e = nla_nest_start(msg, PSW_A_ALLOW_ENTRY);
				if (!e) {
					put = -1;
					break;
				}
				put |= nla_put(msg, PSW_A_MAC, PSWC_ETH_ALEN,
					       allow[i].mac);
				if (allow[i].addr.family == AF_INET)
					put |= nla_put(msg, PSW_A_NEIGH_IP4, 4,
						       allow[i].addr.a);
				else if (allow[i].addr.family == AF_INET6)
					put |= nla_put(msg, PSW_A_NEIGH_IP6, 16,
						       allow[i].addr.a);
				nla_nest_end(msg, e);
			}
			/* an empty nest clears the list: keep it */
			if (list)
				nla_nest_end_keep_empty(msg, list);
		}
	}
	return run(h, msg, put, NULL, NULL);
}

int pswc_port_ext_get(struct pswc_handle *h, const char *sw, const char *dev,
		      struct pswc_port *out, struct pswc_port_ext *ext)
{
	struct nl_msg *msg = msg_new(h, PSW_CMD_PORT_GET, 0);
	struct port_e x;
	int rc;

	rc = get(h, msg, msg ? put_sw(msg, sw) | put_dev(msg, dev) : 0,
		 &kind_port_e, &x);
	*out = x.port;			/* zeroed on failure */
	*ext = x.ext;
	return rc;
}

int pswc_port_tep_new(struct pswc_handle *h, const char *sw,
		      const char *dev, uint16_t tpid)
{
	struct nl_msg *msg = msg_new(h, PSW_CMD_PORT_NEW, 0);
	int put = 0;

	if (msg) {
		put = put_sw(msg, sw) | put_dev(msg, dev) |
		      nla_put_u8(msg, PSW_A_PORT_ROLE, PSW_PORT_ROLE_TEP);
		if (tpid)
			put |= nla_put_u16(msg, PSW_A_TPID, tpid);
	}
	return run(h, msg, put, NULL, NULL);
}

int pswc_port_tep_get(struct pswc_handle *h, const char *sw, const char *dev,
		      struct pswc_port *out, struct pswc_port_ext *ext,
		      uint16_t *tpid)
{
	struct nl_msg *msg = msg_new(h, PSW_CMD_PORT_GET, 0);
	struct port_e x;
	int rc;

	rc = get(h, msg, msg ? put_sw(msg, sw) | put_dev(msg, dev) : 0,
		 &kind_port_e, &x);
	*out = x.port;			/* zeroed on failure */
	*ext = x.ext;
	*tpid = x.tpid;
	return rc;
}

int pswc_port_tep_dump(struct pswc_handle *h, const char *sw,
		       pswc_port_tep_cb cb, void *arg)
{
	struct dump_ctx d = { .kind = &kind_port_e, .sw = sw };
	const struct port_e *x;
	size_t i;
	int rc;

	rc = dump(h, PSW_CMD_PORT_GET, &d);
	for (i = 0; !rc && i < d.n; i++) {
		x = dump_obj(&d, i);
		rc = cb(&x->port, &x->ext, x->tpid, arg);
	}
	dump_free(&d);
	return rc;
}

int pswc_port_ext_dump(struct pswc_handle *h, const char *sw,
		       pswc_port_ext_cb cb, void *arg)
{
	struct dump_ctx d = { .kind = &kind_port_e, .sw = sw };
	const struct port_e *x;
	size_t i;
	int rc;

	rc = dump(h, PSW_CMD_PORT_GET, &d);
	for (i = 0; !rc && i < d.n; i++) {
		x = dump_obj(&d, i);
		rc = cb(&x->port, &x->ext, arg);
	}
	dump_free(&d);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Isolated ports and the switch's VLAN pool (since 1.10)             */

/* A switch with its VLAN pool, for pswc_switch_pool_get() and _dump() */
struct switch_p {
	struct pswc_switch sw;
	struct pswc_vlan_pool pool;
};

static int parse_switch_p(struct nlattr **tb, void *o)
{
	struct switch_p *x = o;

	memset(&x->pool, 0, sizeof(x->pool));
	if (tb[PSW_A_VLAN_POOL_FIRST] && tb[PSW_A_VLAN_POOL_LAST]) {
		x->pool.first = nla_get_u16(tb[PSW_A_VLAN_POOL_FIRST]);
		x->pool.last = nla_get_u16(tb[PSW_A_VLAN_POOL_LAST]);
		x->pool.used = get_u32(tb, PSW_A_VLAN_POOL_USED);
	}
	return parse_switch(tb, &x->sw);
}

static void clear_switch_p(void *o)
{
	pswc_switch_clear(&((struct switch_p *)o)->sw);
}

static bool match_switch_p(const void *o, const char *sw, uint32_t pan)
{
	return match_switch(&((const struct switch_p *)o)->sw, sw, pan);
}

static const struct kind kind_switch_p = {
	sizeof(struct switch_p), parse_switch_p, clear_switch_p, match_switch_p
};

int pswc_switch_pool_get(struct pswc_handle *h, const char *name,
			 struct pswc_switch *out, struct pswc_vlan_pool *pool)
{
	struct nl_msg *msg = msg_new(h, PSW_CMD_SWITCH_GET, 0);
	struct switch_p x;
	int rc;

	rc = get(h, msg, msg ? put_sw(msg, name) : 0, &kind_switch_p, &x);
	*out = x.sw;			/* zeroed on failure */
	*pool = x.pool;
	return rc;
}

int pswc_switch_pool_dump(struct pswc_handle *h, pswc_switch_pool_cb cb,
			  void *arg)
{
	struct dump_ctx d = { .kind = &kind_switch_p };
	const struct switch_p *x;
	size_t i;
	int rc;

	rc = dump(h, PSW_CMD_SWITCH_GET, &d);
	for (i = 0; !rc && i < d.n; i++) {
		x = dump_obj(&d, i);
		rc = cb(&x->sw, &x->pool, arg);
	}
	dump_free(&d);
	return rc;
}

int pswc_switch_set_vlan_pool(struct pswc_handle *h, const char *sw,
			      int first, int last)
{
	struct nl_msg *msg;
	int put = 0;

	if (first < 0 || last < 0 || first > 4094 || last > 4094)
		return local_err(h, ERANGE,
				 "a VLAN pool is FIRST-LAST within 1..4094 (0-0: none)");
	msg = msg_new(h, PSW_CMD_SWITCH_SET, 0);
	if (msg) {
		put |= put_sw(msg, sw);
		put |= nla_put_u16(msg, PSW_A_VLAN_POOL_FIRST, first);
		put |= nla_put_u16(msg, PSW_A_VLAN_POOL_LAST, last);
	}
	return run(h, msg, put, NULL, NULL);
}

int pswc_port_set_isolated(struct pswc_handle *h, const char *sw,
			   const char *dev, int on, int vlan)
{
	struct nl_msg *msg;
	int put = 0;

	if (on < 0 || on > 1)
		return local_err(h, EINVAL, "isolated is 0 or 1, not %d", on);
	if (vlan < 0 || vlan > 4094)
		return local_err(h, ERANGE, "VLAN %d: 1..4094, or 0 for any",
				 vlan);
	msg = msg_new(h, PSW_CMD_PORT_SET, 0);
	if (msg) {
		put |= put_sw(msg, sw) | put_dev(msg, dev);
		put |= nla_put_u8(msg, PSW_A_ISOLATED, on);
		if (vlan)
			put |= nla_put_u16(msg, PSW_A_VLAN, vlan);
	}
	return run(h, msg, put, NULL, NULL);
}

/* ------------------------------------------------------------------ */
/* Encapsulation negotiation and probes (1.10)                        */

/* PSW_A_ENCAPS: one byte each, as many as the kernel sent */
static int parse_encaps(struct nlattr **tb, uint8_t **encaps,
			unsigned int *n)
{
	size_t len;

	if (!tb[PSW_A_ENCAPS])
		return 0;
	len = nla_len(tb[PSW_A_ENCAPS]);
	*encaps = malloc(len ? len : 1);
	if (!*encaps)
		return -ENOMEM;
	memcpy(*encaps, nla_data(tb[PSW_A_ENCAPS]), len);
	*n = len;
	return 0;
}

/*
 * PSW_A_PROBE_RESULTS: a nest of PSW_A_PROBE_RESULT nests; other
 * attributes (from a newer kernel) are skipped.
 */
static int parse_probe_results(struct nlattr *nest, struct pswc_remote *r)
{
	struct nlattr *ptb[PSW_A_MAX + 1];
	struct pswc_probe_result *p;
	unsigned int n = 0;
	struct nlattr *a;
	int rem;

	if (!nest)
		return 0;
	nla_for_each_nested(a, nest, rem)
		if (nla_type(a) == PSW_A_PROBE_RESULT)
			n++;
	r->probe = calloc(n ? n : 1, sizeof(*r->probe));
	if (!r->probe)
		return -ENOMEM;
	nla_for_each_nested(a, nest, rem) {
		if (nla_type(a) != PSW_A_PROBE_RESULT)
			continue;
		if (nla_parse_nested(ptb, PSW_A_MAX, a, pswc_main_policy) < 0)
			return -EBADMSG;
		p = &r->probe[r->nprobe++];
		p->encap = get_u8(ptb, PSW_A_ENCAP);
		p->state = get_u8(ptb, PSW_A_PROBE_STATE);
		p->size = get_u32(ptb, PSW_A_PROBE_SIZE);
	}
	return 0;
}

static int parse_remote(struct nlattr **tb, void *o)
{
	struct pswc_remote *r = o;
	int rc;

	memset(r, 0, sizeof(*r));
	r->sw_ifindex = get_u32(tb, PSW_A_IFINDEX);
	get_str(tb, PSW_A_IFNAME, r->sw_ifname, sizeof(r->sw_ifname));
	get_remote(tb, &r->addr);
	r->probe_age = tb[PSW_A_PROBE_AGE] ?
		       (int64_t)nla_get_u32(tb[PSW_A_PROBE_AGE]) : -1;
	rc = parse_encaps(tb, &r->encaps, &r->nencaps);
	return rc ? rc : parse_probe_results(tb[PSW_A_PROBE_RESULTS], r);
}

void pswc_remote_clear(struct pswc_remote *r)
{
	if (!r)
		return;
	free(r->encaps);
	free(r->probe);
	memset(r, 0, sizeof(*r));
}

static void clear_remote(void *o)
{
	pswc_remote_clear(o);
}

static bool match_remote(const void *o, const char *sw, uint32_t pan)
{
	(void)pan;
	return match_sw(((const struct pswc_remote *)o)->sw_ifname, sw);
}

static const struct kind kind_remote = {
	sizeof(struct pswc_remote), parse_remote, clear_remote, match_remote
};

static int put_encaps(struct nl_msg *msg, const uint8_t *encaps, size_t n)
{
	return nla_put(msg, PSW_A_ENCAPS, n, encaps);
}

static struct nl_msg *remote_msg(struct pswc_handle *h, uint8_t cmd,
				 const char *sw, const struct pswc_addr *addr,
				 int *put)
{
	struct nl_msg *msg;

	if (check_addr(h, addr, 0, "remote"))
		return NULL;
	msg = msg_new(h, cmd, 0);
	if (!msg) {
		local_err(h, ENOMEM, "out of memory");
		return NULL;
	}
	*put = put_sw(msg, sw) |
	       put_addr(msg, PSW_A_REMOTE4, PSW_A_REMOTE6, addr);
	return msg;
}

static int remote_encaps_req(struct pswc_handle *h, uint8_t cmd,
			     const char *sw, const struct pswc_addr *addr,
			     const uint8_t *encaps, size_t n)
{
	struct nl_msg *msg;
	int put = 0;

	clear_err(h);
	if (!encaps || !n)
		return local_err(h, EINVAL, "encaps: at least one encapsulation");
	msg = remote_msg(h, cmd, sw, addr, &put);
	if (!msg)
		return -h->err.errnum;
	put |= put_encaps(msg, encaps, n);
	return run(h, msg, put, NULL, NULL);
}

int pswc_remote_add(struct pswc_handle *h, const char *sw,
		    const struct pswc_addr *addr, const uint8_t *encaps,
		    size_t n)
{
	return remote_encaps_req(h, PSW_CMD_REMOTE_NEW, sw, addr, encaps, n);
}

int pswc_remote_set(struct pswc_handle *h, const char *sw,
		    const struct pswc_addr *addr, const uint8_t *encaps,
		    size_t n)
{
	return remote_encaps_req(h, PSW_CMD_REMOTE_SET, sw, addr, encaps, n);
}

int pswc_remote_del(struct pswc_handle *h, const char *sw,
		    const struct pswc_addr *addr)
{
	struct nl_msg *msg;
	int put = 0;

	clear_err(h);
	msg = remote_msg(h, PSW_CMD_REMOTE_DEL, sw, addr, &put);
	if (!msg)
		return -h->err.errnum;
	return run(h, msg, put, NULL, NULL);
}

int pswc_remote_probe(struct pswc_handle *h, const char *sw,
		      const struct pswc_addr *addr, uint32_t timeout_ms)
{
	struct nl_msg *msg;
	int put = 0;

	clear_err(h);
	msg = remote_msg(h, PSW_CMD_REMOTE_PROBE, sw, addr, &put);
	if (!msg)
		return -h->err.errnum;
	if (timeout_ms)
		put |= nla_put_u32(msg, PSW_A_PROBE_TIMEOUT, timeout_ms);
	return run(h, msg, put, NULL, NULL);
}

int pswc_remote_get(struct pswc_handle *h, const char *sw,
		    const struct pswc_addr *addr, struct pswc_remote *out)
{
	struct nl_msg *msg;
	int put = 0;

	clear_err(h);
	memset(out, 0, sizeof(*out));
	msg = remote_msg(h, PSW_CMD_REMOTE_GET, sw, addr, &put);
	if (!msg)
		return -h->err.errnum;
	return get(h, msg, put, &kind_remote, out);
}

int pswc_remote_dump(struct pswc_handle *h, const char *sw,
		     pswc_remote_cb cb, void *arg)
{
	struct dump_ctx d = { .kind = &kind_remote, .sw = sw };
	size_t i;
	int rc;

	rc = dump(h, PSW_CMD_REMOTE_GET, &d);
	for (i = 0; !rc && i < d.n; i++)
		rc = cb(dump_obj(&d, i), arg);
	dump_free(&d);
	return rc;
}

int pswc_switch_set_encaps(struct pswc_handle *h, const char *sw,
			   const uint8_t *encaps, size_t n)
{
	struct nl_msg *msg;
	int put;

	clear_err(h);
	if (!encaps || !n)
		return local_err(h, EINVAL, "encaps: at least one encapsulation");
	msg = msg_new(h, PSW_CMD_SWITCH_SET, 0);
	if (!msg)
		return local_err(h, ENOMEM, "out of memory");
	put = put_sw(msg, sw) | put_encaps(msg, encaps, n);
	return run(h, msg, put, NULL, NULL);
}

static int parse_switch_nego(struct nlattr **tb, void *o)
{
	struct pswc_switch_nego *x = o;
	struct nlattr *st[PSW_PROBE_STATS_MAX + 1];

	memset(x, 0, sizeof(*x));
	get_str(tb, PSW_A_IFNAME, x->sw_ifname, sizeof(x->sw_ifname));
	x->remote_count = get_u32(tb, PSW_A_REMOTE_COUNT);
	x->remote_limit_hits = get_u64(tb, PSW_A_REMOTE_LIMIT_HITS);
	if (tb[PSW_A_PROBE_STATS] &&
	    !nla_parse_nested(st, PSW_PROBE_STATS_MAX, tb[PSW_A_PROBE_STATS],
			      NULL)) {
		x->probe_sent = get_u64(st, PSW_PROBE_STATS_SENT);
		x->probe_replies = get_u64(st, PSW_PROBE_STATS_REPLIES);
		x->probe_requests = get_u64(st, PSW_PROBE_STATS_REQUESTS);
		x->probe_answered = get_u64(st, PSW_PROBE_STATS_ANSWERED);
		x->probe_dropped = get_u64(st, PSW_PROBE_STATS_DROPPED);
	}
	return parse_encaps(tb, &x->encaps, &x->nencaps);
}

void pswc_switch_nego_clear(struct pswc_switch_nego *x)
{
	if (!x)
		return;
	free(x->encaps);
	memset(x, 0, sizeof(*x));
}

static void clear_switch_nego(void *o)
{
	pswc_switch_nego_clear(o);
}

static bool match_switch_nego(const void *o, const char *sw, uint32_t pan)
{
	(void)pan;
	return match_sw(((const struct pswc_switch_nego *)o)->sw_ifname, sw);
}

static const struct kind kind_switch_nego = {
	sizeof(struct pswc_switch_nego), parse_switch_nego, clear_switch_nego,
	match_switch_nego
};

int pswc_switch_nego_get(struct pswc_handle *h, const char *sw,
			 struct pswc_switch_nego *out)
{
	struct nl_msg *msg;

	clear_err(h);
	memset(out, 0, sizeof(*out));
	msg = msg_new(h, PSW_CMD_SWITCH_GET, 0);
	return get(h, msg, msg ? put_sw(msg, sw) : 0, &kind_switch_nego, out);
}

/* An entry with its age and whether encap auto chose its encapsulation */
struct entry_auto {
	struct pswc_entry entry;
	int64_t age;
	bool encap_auto;
};

static int parse_entry_auto(struct nlattr **tb, void *o)
{
	struct entry_auto *x = o;

	x->age = tb[PSW_A_AGE] ? (int64_t)nla_get_u32(tb[PSW_A_AGE]) : -1;
	x->encap_auto = get_u8(tb, PSW_A_ENCAP_AUTO) != 0;
	return parse_entry(tb, &x->entry);
}

static void clear_entry_auto(void *o)
{
	struct entry_auto *x = o;

	pswc_entry_clear(&x->entry);
	x->age = -1;
	x->encap_auto = false;
}

static bool match_entry_auto(const void *o, const char *sw, uint32_t pan)
{
	return match_entry(&((const struct entry_auto *)o)->entry, sw, pan);
}

static const struct kind kind_entry_auto = {
	sizeof(struct entry_auto), parse_entry_auto, clear_entry_auto,
	match_entry_auto
};

int pswc_entry_auto_get(struct pswc_handle *h, const char *sw, uint32_t pan,
			const uint8_t mac[PSWC_ETH_ALEN],
			struct pswc_entry *out, int64_t *age,
			bool *encap_auto)
{
	struct nl_msg *msg = msg_new(h, PSW_CMD_ENTRY_GET, 0);
	struct entry_auto x;
	int rc;

	rc = get(h, msg, msg ? put_sw(msg, sw) | put_pan(msg, pan) |
		 put_mac(msg, mac) : 0, &kind_entry_auto, &x);
	*out = x.entry;
	*age = rc ? -1 : x.age;
	*encap_auto = !rc && x.encap_auto;
	return rc;
}

int pswc_entry_auto_dump(struct pswc_handle *h, const char *sw, uint32_t pan,
			 pswc_entry_auto_cb cb, void *arg)
{
	struct dump_ctx d = { .kind = &kind_entry_auto, .sw = sw, .pan = pan };
	struct entry_auto *x;
	size_t i;
	int rc;

	rc = dump(h, PSW_CMD_ENTRY_GET, &d);
	for (i = 0; !rc && i < d.n; i++) {
		x = dump_obj(&d, i);
		rc = cb(&x->entry, x->age, x->encap_auto, arg);
	}
	dump_free(&d);
	return rc;
}

/* The PAN's flood members' encap-auto flags, in pswc_pan's order */
struct flood_auto {
	char sw_ifname[IF_NAMESIZE];
	uint32_t pan;
	size_t n;
	bool autos[PSW_FLOOD_MAX];
};

static int parse_flood_auto(struct nlattr **tb, void *o)
{
	struct flood_auto *x = o;
	struct nlattr *mtb[PSW_A_MAX + 1];
	struct nlattr *a;
	int rem;

	memset(x, 0, sizeof(*x));
	get_str(tb, PSW_A_IFNAME, x->sw_ifname, sizeof(x->sw_ifname));
	x->pan = get_u32(tb, PSW_A_PAN_ID);
	if (!tb[PSW_A_FLOOD])
		return 0;
	nla_for_each_nested(a, tb[PSW_A_FLOOD], rem) {
		if (nla_parse_nested(mtb, PSW_A_MAX, a, pswc_main_policy) < 0)
			return -EBADMSG;
		/* the members parse_flood() keeps */
		if (!mtb[PSW_A_UPLINK] && !mtb[PSW_A_REMOTE4] &&
		    !mtb[PSW_A_REMOTE6])
			continue;
		if (x->n < PSW_FLOOD_MAX)
			x->autos[x->n++] = get_u8(mtb, PSW_A_ENCAP_AUTO) != 0;
	}
	return 0;
}

static void clear_flood_auto(void *o)
{
	memset(o, 0, sizeof(struct flood_auto));
}

static bool match_flood_auto(const void *o, const char *sw, uint32_t pan)
{
	const struct flood_auto *x = o;

	return match_sw(x->sw_ifname, sw) && (!pan || x->pan == pan);
}

static const struct kind kind_flood_auto = {
	sizeof(struct flood_auto), parse_flood_auto, clear_flood_auto,
	match_flood_auto
};

int pswc_pan_flood_auto(struct pswc_handle *h, const char *sw, uint32_t pan,
			bool *autos, size_t max, size_t *n)
{
	struct nl_msg *msg = msg_new(h, PSW_CMD_PAN_GET, 0);
	struct flood_auto *x = calloc(1, sizeof(*x));
	int rc;

	*n = 0;
	if (!x) {
		nlmsg_free(msg);
		return local_err(h, ENOMEM, "out of memory");
	}
	rc = get(h, msg, msg ? put_sw(msg, sw) | put_pan(msg, pan) : 0,
		 &kind_flood_auto, x);
	if (!rc) {
		*n = x->n < max ? x->n : max;
		memcpy(autos, x->autos, *n * sizeof(bool));
	}
	free(x);
	return rc;
}
