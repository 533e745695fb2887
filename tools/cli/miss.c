// SPDX-License-Identifier: GPL-2.0
/*
 * A PAN's miss handling in the CLI, kept apart from pan.c:
 * panswitch pan set SWITCH PAN [miss flood|drop|anycast]
 *	[anycast-mac MAC [via uplink | via remote ADDR encap ENCAP] | none]
 * and what pan show and stats show print of it.
 */
#include <inttypes.h>
#include <string.h>

#include "cli.h"

const char pan_miss_usage[] =
	"       panswitch pan set SWITCH PAN [miss { flood | drop | anycast }]\n"
	"                 [anycast-mac { MAC [via { uplink | remote ADDR encap ENCAP }] | none }]\n";

void pan_miss_init(struct pan_miss_req *m)
{
	memset(m, 0, sizeof(*m));
	m->conf.miss = -1;
}

bool pan_miss_given(const struct pan_miss_req *m)
{
	return m->conf.miss >= 0 || m->conf.anycast_mac ||
	       m->conf.anycast_clear;
}

bool pan_miss_keyword(const char *kw)
{
	return !strcmp(kw, "miss") || !strcmp(kw, "anycast-mac");
}

/* "via uplink" or "via remote ADDR encap ENCAP", after the anycast MAC */
static int parse_via(struct ctx *c, struct args *a, struct pan_miss_req *m)
{
	const char *kw = arg_next(a), *val;

	if (kw && !strcmp(kw, "uplink")) {
		m->via.uplink = true;
		return 0;
	}
	if (!kw || strcmp(kw, "remote"))
		return usage_error(c, "\"via\" takes \"uplink\" or \"remote ADDR encap ENCAP\"");
	if (arg_value(c, a, kw, &val) || parse_addr(c, val, &m->via.remote))
		return EXIT_USAGE;
	kw = arg_next(a);
	if (!kw || strcmp(kw, "encap"))
		return usage_error(c, "\"via remote ADDR\" needs \"encap ENCAP\"");
	if (arg_value(c, a, kw, &val) || parse_encap(c, val, &m->via.encap))
		return EXIT_USAGE;
	return 0;
}

/* "anycast-mac MAC [via ...]" or "anycast-mac none", kw just consumed */
static int parse_anycast(struct ctx *c, struct args *a, const char *kw,
			 struct pan_miss_req *m)
{
	const char *val, *next;

	if (m->conf.anycast_mac || m->conf.anycast_clear)
		return usage_error(c, "\"anycast-mac\" given twice");
	if (arg_value(c, a, kw, &val))
		return EXIT_USAGE;
	if (!strcmp(val, "none")) {
		m->conf.anycast_clear = true;
		return 0;
	}
	if (parse_mac(c, val, m->mac))
		return EXIT_USAGE;
	m->conf.anycast_mac = m->mac;
	m->conf.anycast_via = &m->via;
	next = arg_peek(a);
	if (!next || strcmp(next, "via")) {
		m->via.uplink = true;	/* the default way */
		return 0;
	}
	arg_next(a);
	return parse_via(c, a, m);
}

/* "miss POLICY" or "anycast-mac ...", kw just consumed */
int parse_pan_miss(struct ctx *c, struct args *a, const char *kw,
		   struct pan_miss_req *m)
{
	const char *val;
	unsigned int i;

	if (!strcmp(kw, "anycast-mac"))
		return parse_anycast(c, a, kw, m);
	if (m->conf.miss >= 0)
		return usage_error(c, "\"miss\" given twice");
	if (arg_value(c, a, kw, &val))
		return EXIT_USAGE;
	for (i = 0; i <= PSW_MISS_MAX; i++) {
		/* notify is reserved: the kernel refuses it */
		if (i != PSW_MISS_NOTIFY && pswc_miss_name(i) &&
		    !strcmp(val, pswc_miss_name(i))) {
			m->conf.miss = i;
			return 0;
		}
	}
	return usage_error(c, "\"miss\" takes \"flood\", \"drop\" or \"anycast\", not \"%s\"",
			   val);
}

/* PSW_CMD_PAN_SET of what was parsed */
int pan_miss_set(struct ctx *c, const char *sw, uint32_t pan,
		 const struct pan_miss_req *m)
{
	return pswc_pan_set_miss(c->h, sw, pan, &m->conf) ? lib_error(c) :
								EXIT_OK;
}

static void print_anycast(const struct pswc_pan_miss *m)
{
	const struct pswc_flood_member *via = &m->anycast_via;
	const char *encap = pswc_encap_name(via->encap);
	char buf[PSWC_MAC_STRLEN], addr[PSWC_ADDR_STRLEN];

	open_json_object("anycast");
	print_string(PRINT_ANY, "mac", "anycast-mac %s",
		     pswc_mac_format(m->anycast_mac, buf));
	if (via->uplink) {
		print_bool(PRINT_JSON, "uplink", NULL, true);
		print_fp("via uplink");
	} else {
		print_string(PRINT_ANY, "remote", "via remote %s",
			     pswc_addr_format(&via->remote, addr));
		if (encap)
			print_string(PRINT_ANY, "encap", "encap %s", encap);
		else
			print_uint(PRINT_ANY, "encap", "encap %u", via->encap);
	}
	close_json_object();
}

/* The miss policy and gateway, after the PAN's other fields (pan show) */
void print_pan_miss(const struct pswc_pan_miss *m)
{
	if (!m->present)
		return;
	if (pswc_miss_name(m->miss))
		print_string(PRINT_ANY, "miss", "miss %s",
			     pswc_miss_name(m->miss));
	else
		print_uint(PRINT_ANY, "miss", "miss %u", m->miss);
	if (m->has_anycast)
		print_anycast(m);
}

/* The miss counters, after the PAN's other counters (stats show) */
void print_miss_counters(const struct pswc_pan_miss *m)
{
	if (!m->present)
		return;
	print_nl();
	print_fp("    misses:");
	print_u64(PRINT_ANY, "miss_flood", "flood %" PRIu64, m->flood);
	print_u64(PRINT_ANY, "miss_drop", "drop %" PRIu64, m->drop);
	print_u64(PRINT_ANY, "miss_anycast", "anycast %" PRIu64, m->anycast);
}
