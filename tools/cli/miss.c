// SPDX-License-Identifier: GPL-2.0
/*
 * A PAN's miss handling in the CLI, kept apart from pan.c:
 * panswitch pan set SWITCH PAN [miss flood|drop|notify|anycast]
 *	[anycast-mac MAC [via uplink | via remote ADDR encap ENCAP] | none]
 * panswitch pan set SWITCH PAN hold [frames N] [dests N] [time MS]
 * and what pan show and stats show print of it.
 */
#include <errno.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

const char pan_miss_usage[] =
	"       panswitch pan set SWITCH PAN [miss { flood | drop | notify | anycast }]\n"
	"                 [anycast-mac { MAC [via { uplink | remote ADDR encap ENCAP }] | none }]\n"
	"       panswitch pan set SWITCH PAN hold [frames N] [dests N] [time MS]\n";

void pan_miss_init(struct pan_miss_req *m)
{
	memset(m, 0, sizeof(*m));
	m->conf.miss = -1;
	m->hold.frames = -1;
	m->hold.dests = -1;
	m->hold.time_ms = -1;
}

bool pan_miss_given(const struct pan_miss_req *m)
{
	return m->conf.miss >= 0 || m->conf.anycast_mac ||
	       m->conf.anycast_clear || m->hold_given;
}

bool pan_miss_keyword(const char *kw)
{
	return !strcmp(kw, "miss") || !strcmp(kw, "anycast-mac") ||
	       !strcmp(kw, "hold");
}

/*
 * "hold [frames N] [dests N] [time MS]", kw just consumed. The bounds'
 * range is the kernel's to check (it says why it refuses one).
 */
static int parse_hold(struct ctx *c, struct args *a, struct pan_miss_req *m)
{
	static const char *const words[] = { "frames", "dests", "time" };
	int64_t *vals[] = { &m->hold.frames, &m->hold.dests,
			    &m->hold.time_ms };
	const char *kw, *val;
	unsigned long long v;
	unsigned int i;
	char *end;

	if (m->hold_given)
		return usage_error(c, "\"hold\" given twice");
	m->hold_given = true;
	while ((kw = arg_peek(a))) {
		for (i = 0; i < 3 && strcmp(kw, words[i]); i++)
			;
		if (i == 3)
			break;
		arg_next(a);
		if (*vals[i] >= 0)
			return usage_error(c, "\"%s\" given twice", kw);
		if (arg_value(c, a, kw, &val))
			return EXIT_USAGE;
		errno = 0;
		v = strtoull(val, &end, 10);
		if (!*val || *end || *val == '-' || errno || v > UINT32_MAX)
			return usage_error(c, "\"%s\" takes a number, not \"%s\"",
					   kw, val);
		*vals[i] = (int64_t)v;
	}
	if (m->hold.frames < 0 && m->hold.dests < 0 && m->hold.time_ms < 0)
		return usage_error(c, "\"hold\" needs \"frames N\", \"dests N\" or \"time MS\"");
	return 0;
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
	if (!strcmp(kw, "hold"))
		return parse_hold(c, a, m);
	if (m->conf.miss >= 0)
		return usage_error(c, "\"miss\" given twice");
	if (arg_value(c, a, kw, &val))
		return EXIT_USAGE;
	for (i = 0; i <= PSW_MISS_MAX; i++) {
		if (pswc_miss_name(i) && !strcmp(val, pswc_miss_name(i))) {
			m->conf.miss = i;
			return 0;
		}
	}
	return usage_error(c, "\"miss\" takes \"flood\", \"drop\", \"notify\" or \"anycast\", not \"%s\"",
			   val);
}

/* "hold" is set on its own: one request, so a refusal changes nothing */
int pan_miss_check(struct ctx *c, const struct pan_miss_req *m)
{
	if (m->hold_given && (m->conf.miss >= 0 || m->conf.anycast_mac ||
			      m->conf.anycast_clear))
		return usage_error(c, "\"hold\" is set on its own, not with \"miss\" or \"anycast-mac\"");
	return 0;
}

/* PSW_CMD_PAN_SET of what was parsed */
int pan_miss_set(struct ctx *c, const char *sw, uint32_t pan,
		 const struct pan_miss_req *m)
{
	int rc;

	if (m->hold_given)
		rc = pswc_pan_set_hold(c->h, sw, pan, &m->hold);
	else
		rc = pswc_pan_set_miss(c->h, sw, pan, &m->conf);
	return rc ? lib_error(c) : EXIT_OK;
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

/*
 * The hold queue's bounds, after the miss policy (pan show): with miss
 * notify, or when they are not the defaults.
 */
void print_pan_hold(const struct pswc_pan_miss *m,
		    const struct pswc_pan_hold *h)
{
	if (!h->present ||
	    (m->miss != PSW_MISS_NOTIFY &&
	     h->frames == PSW_HOLD_FRAMES_DEFAULT &&
	     h->dests == PSW_HOLD_DESTS_DEFAULT &&
	     h->time_ms == PSW_HOLD_TIME_DEFAULT))
		return;
	open_json_object("hold");
	print_fp("hold");
	print_uint(PRINT_ANY, "frames", "frames %u", h->frames);
	print_uint(PRINT_ANY, "dests", "dests %u", h->dests);
	print_uint(PRINT_ANY, "time_ms", "time %u", h->time_ms);
	close_json_object();
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

/* The miss notify counters, after the other miss counters (stats show) */
void print_hold_counters(const struct pswc_pan_hold *h)
{
	if (!h->present)
		return;
	print_u64(PRINT_ANY, "miss_notify", "notify %" PRIu64, h->notify);
	print_u64(PRINT_ANY, "miss_events", "events %" PRIu64, h->events);
	print_u64(PRINT_ANY, "miss_lost", "lost %" PRIu64, h->lost);
	print_nl();
	print_fp("    hold:");
	print_u64(PRINT_ANY, "hold_released", "released %" PRIu64,
		  h->released);
	print_u64(PRINT_ANY, "hold_timeout", "timeout %" PRIu64, h->timeout);
	print_u64(PRINT_ANY, "hold_overflow", "overflow %" PRIu64,
		  h->overflow);
	print_u64(PRINT_ANY, "held", "held %" PRIu64, h->held);
}
