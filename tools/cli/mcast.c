// SPDX-License-Identifier: GPL-2.0
/*
 * A PAN's underlay multicast group in the CLI, kept apart from pan.c:
 * panswitch pan set SWITCH PAN group ADDR [encap ENCAP] [ttl N]
 * panswitch pan set SWITCH PAN group6 ADDR6 [encap ENCAP] [ttl N]
 * panswitch pan set SWITCH PAN group none
 * and what pan show and monitor print of it.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <sys/socket.h>

#include "cli.h"

const char pan_mcast_usage[] =
	"       panswitch pan set SWITCH PAN { group ADDR4 | group6 ADDR6 } "
	"[encap ENCAP] [ttl TTL]\n"
	"       panswitch pan set SWITCH PAN group none\n";

void pan_mcast_init(struct pan_mcast_req *m)
{
	memset(m, 0, sizeof(*m));
	m->conf.encap = -1;
	m->conf.ttl = -1;
}

bool pan_mcast_given(const struct pan_mcast_req *m)
{
	return m->conf.group || m->conf.clear;
}

bool pan_mcast_keyword(const char *kw)
{
	return !strcmp(kw, "group") || !strcmp(kw, "group6");
}

/* "ttl N" (kw just consumed): 0..255, the kernel refuses 0 */
static int parse_ttl(struct ctx *c, struct args *a, const char *kw,
		     struct pan_mcast_req *m)
{
	unsigned int v = 0;
	const char *s, *p;

	if (m->conf.ttl >= 0)
		return usage_error(c, "\"ttl\" given twice");
	if (arg_value(c, a, kw, &s))
		return EXIT_USAGE;
	for (p = s; *p >= '0' && *p <= '9' && v <= 255; p++)
		v = v * 10 + (*p - '0');
	if (!*s || *p || v > 255)
		return usage_error(c, "invalid ttl \"%s\" (1..255)", s);
	m->conf.ttl = v;
	return 0;
}

/*
 * "group ADDR4 | group6 ADDR6 | group none" and the group's own "encap"
 * and "ttl" that follow it; kw just consumed
 */
int parse_pan_mcast(struct ctx *c, struct args *a, const char *kw,
		    struct pan_mcast_req *m)
{
	bool six = !strcmp(kw, "group6");
	const char *val, *next;
	uint8_t encap;

	if (pan_mcast_given(m))
		return usage_error(c, "\"group\" given twice");
	if (arg_value(c, a, kw, &val))
		return EXIT_USAGE;
	if (!strcmp(val, "none")) {
		m->conf.clear = true;
		return 0;
	}
	if (parse_addr(c, val, &m->group))
		return EXIT_USAGE;
	if (m->group.family != (six ? AF_INET6 : AF_INET))
		return usage_error(c, "\"%s\" takes an %s address, not \"%s\"",
				   kw, six ? "IPv6" : "IPv4", val);
	m->conf.group = &m->group;
	while ((next = arg_peek(a))) {
		if (!strcmp(next, "encap")) {
			arg_next(a);
			if (m->conf.encap >= 0)
				return usage_error(c, "\"encap\" given twice");
			if (arg_value(c, a, next, &val) ||
			    parse_encap(c, val, &encap))
				return EXIT_USAGE;
			m->conf.encap = encap;
		} else if (!strcmp(next, "ttl")) {
			arg_next(a);
			if (parse_ttl(c, a, next, m))
				return EXIT_USAGE;
		} else {
			break;
		}
	}
	return 0;
}

/* PSW_CMD_PAN_SET of what was parsed */
int pan_mcast_set(struct ctx *c, const char *sw, uint32_t pan,
		  const struct pan_mcast_req *m)
{
	return pswc_pan_set_mcast(c->h, sw, pan, &m->conf) ? lib_error(c) :
								 EXIT_OK;
}

/*
 * The group, after the PAN's other fields (pan show), asked for with its
 * own request as show_pan_learn() does
 */
int show_pan_mcast(struct ctx *c, const struct pswc_pan *pan)
{
	struct pswc_pan_mcast m;
	struct pswc_pan p;
	int64_t since;
	int rc;

	rc = pswc_pan_mcast_since_get(c->h, pan->sw_ifname, pan->pan, &p, &m,
				      &since);
	pswc_pan_clear(&p);
	if (rc == -ENOENT)
		return 0;	/* gone since the dump: shown as it was */
	if (rc)
		return rc;
	print_pan_mcast(&m, since);
	return 0;
}

/*
 * The group, after the PAN's other fields (pan show); @since_ms: since
 * the last join or leave (or the group was set), -1 if not known
 */
void print_pan_mcast(const struct pswc_pan_mcast *m, int64_t since_ms)
{
	const char *encap = pswc_encap_name(m->encap);
	char addr[PSWC_ADDR_STRLEN];

	if (!m->has_group)
		return;
	open_json_object("mcast");
	print_string(PRINT_ANY, "group",
		     m->group.family == AF_INET6 ? "group6 %s" : "group %s",
		     pswc_addr_format(&m->group, addr));
	if (encap)
		print_string(PRINT_ANY, "encap", "encap %s", encap);
	else
		print_uint(PRINT_ANY, "encap", "encap %u", m->encap);
	print_uint(PRINT_ANY, "ttl", "ttl %u", m->ttl);
	print_string(PRINT_FP, NULL, "joined %s", m->joined ? "yes" : "no");
	print_bool(PRINT_JSON, "joined", NULL, m->joined);
	if (since_ms >= 0) {
		print_u64(PRINT_FP, NULL, "for %" PRIu64 "s",
			  (uint64_t)since_ms / 1000);
		print_u64(PRINT_JSON, "since_ms", NULL, (uint64_t)since_ms);
	}
	if (m->has_stats) {
		print_u64(PRINT_ANY, "tx", "mcast_tx %" PRIu64, m->tx);
		print_u64(PRINT_ANY, "rx", "mcast_rx %" PRIu64, m->rx);
	}
	close_json_object();
}

/*
 * A PAN's membership change (monitor): "psw0 pan 200 group 239.1.1.1 dev
 * eth0", group6 for an IPv6 group, the device's ifindex if it is gone
 */
void print_mcast_member_fields(const struct pswc_mcast_member *mm)
{
	char addr[PSWC_ADDR_STRLEN];

	print_string(PRINT_ANY, "switch", "%s", mm->sw_ifname);
	print_uint(PRINT_ANY, "pan", "pan %u", mm->pan);
	print_string(PRINT_ANY, "group",
		     mm->group.family == AF_INET6 ? "group6 %s" : "group %s",
		     pswc_addr_format(&mm->group, addr));
	if (mm->dev_ifname[0])
		print_string(PRINT_ANY, "dev", "dev %s", mm->dev_ifname);
	print_uint(mm->dev_ifname[0] ? PRINT_JSON : PRINT_ANY, "ifindex",
		   "ifindex %u", mm->dev_ifindex);
}
