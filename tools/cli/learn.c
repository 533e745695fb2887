// SPDX-License-Identifier: GPL-2.0
/*
 * A PAN's learning in the CLI, kept apart from pan.c:
 * panswitch pan set SWITCH PAN [learning on|off] [ageing SECONDS]
 *	[learn-max N]
 * what pan show prints of it, and the MOVE events of panswitch monitor
 * move.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>

#include "cli.h"

const char pan_learn_usage[] =
	"       panswitch pan set SWITCH PAN [learning { on | off }] [ageing SECONDS]\n"
	"                 [learn-max N]\n";

void pan_learn_init(struct pswc_learn_conf *l)
{
	l->learning = -1;
	l->ageing = -1;
	l->learn_max = -1;
}

bool pan_learn_given(const struct pswc_learn_conf *l)
{
	return l->learning >= 0 || l->ageing >= 0 || l->learn_max >= 0;
}

bool pan_learn_keyword(const char *kw)
{
	return !strcmp(kw, "learning") || !strcmp(kw, "ageing") ||
	       !strcmp(kw, "learn-max");
}

/*
 * A number 0..UINT32_MAX: the kernel, not the CLI, says which of them it
 * takes (ageing PSW_AGEING_MIN..PSW_AGEING_MAX, learn-max 1..), so that
 * its refusal and message are the one answer.
 */
static int parse_u32(struct ctx *c, const char *kw, const char *s,
		     int64_t *out)
{
	unsigned long long v = 0;
	const char *p;

	for (p = s; *p >= '0' && *p <= '9' && v <= UINT32_MAX; p++)
		v = v * 10 + (*p - '0');
	if (!*s || *p || v > UINT32_MAX)
		return usage_error(c, "invalid %s \"%s\" (a number)", kw, s);
	*out = v;
	return 0;
}

/* "learning on|off", "ageing SECONDS" or "learn-max N", kw just consumed */
int parse_pan_learn(struct ctx *c, struct args *a, const char *kw,
		    struct pswc_learn_conf *l)
{
	const char *val;

	if (arg_value(c, a, kw, &val))
		return EXIT_USAGE;
	if (!strcmp(kw, "learning")) {
		if (l->learning >= 0)
			return usage_error(c, "\"learning\" given twice");
		if (!strcmp(val, "on"))
			l->learning = 1;
		else if (!strcmp(val, "off"))
			l->learning = 0;
		else
			return usage_error(c, "\"learning\" takes \"on\" or \"off\", not \"%s\"",
					   val);
		return 0;
	}
	if (!strcmp(kw, "ageing")) {
		if (l->ageing >= 0)
			return usage_error(c, "\"ageing\" given twice");
		return parse_u32(c, kw, val, &l->ageing);
	}
	if (l->learn_max >= 0)
		return usage_error(c, "\"learn-max\" given twice");
	return parse_u32(c, kw, val, &l->learn_max);
}

int pan_learn_set(struct ctx *c, const char *sw, uint32_t pan,
		  const struct pswc_learn_conf *l)
{
	return pswc_pan_set_learn(c->h, sw, pan, l) ? lib_error(c) : EXIT_OK;
}

/* The learning setting and counters, after the PAN's other fields */
void print_pan_learn(const struct pswc_pan_learn *l)
{
	if (!l->present)
		return;
	print_string(PRINT_ANY, "learning", "learning %s",
		     l->learning ? "on" : "off");
	print_uint(PRINT_ANY, "ageing", "ageing %u", l->ageing);
	print_uint(PRINT_ANY, "learn_max", "learn-max %u", l->learn_max);
	open_json_object("learn");
	print_u64(PRINT_ANY, "count", "learned-now %" PRIu64, l->count);
	print_u64(PRINT_ANY, "learned", "learned %" PRIu64, l->learned);
	print_u64(PRINT_ANY, "learn_limit", "learn_limit %" PRIu64, l->limit);
	print_u64(PRINT_ANY, "learn_static", "learn_static %" PRIu64,
		  l->stat);
	print_u64(PRINT_ANY, "moves", "moves %" PRIu64, l->moves);
	print_u64(PRINT_ANY, "move_frozen", "move_frozen %" PRIu64,
		  l->frozen);
	print_u64(PRINT_ANY, "aged", "aged %" PRIu64, l->aged);
	close_json_object();
}

/* pan show: the learning of each PAN shown, one more request each */
int show_pan_learn(struct ctx *c, const struct pswc_pan *pan)
{
	struct pswc_pan_learn l;
	struct pswc_pan p;
	int rc;

	rc = pswc_pan_learn_get(c->h, pan->sw_ifname, pan->pan, &p, &l);
	pswc_pan_clear(&p);
	if (rc == -ENOENT)
		return 0;	/* gone since the dump: shown as it was */
	if (rc)
		return rc;
	print_pan_learn(&l);
	return 0;
}

static void print_place(const char *key, const char *label,
			const struct pswc_place *p)
{
	const char *encap = pswc_encap_name(p->encap);
	char addr[PSWC_ADDR_STRLEN];

	open_json_object(key);
	print_fp(label);
	print_string(PRINT_ANY, "remote", "remote %s",
		     pswc_addr_format(&p->remote, addr));
	if (encap)
		print_string(PRINT_ANY, "encap", "encap %s", encap);
	else
		print_uint(PRINT_ANY, "encap", "encap %u", p->encap);
	close_json_object();
}

/* A MOVE event's fields (panswitch monitor move) */
void print_move_fields(const struct pswc_move *m)
{
	char mac[PSWC_MAC_STRLEN];

	print_string(PRINT_ANY, "switch", "%s", m->sw_ifname);
	print_uint(PRINT_ANY, "pan", "pan %u", m->pan);
	print_string(PRINT_ANY, "mac", "mac %s", pswc_mac_format(m->mac, mac));
	print_place("from", "from", &m->from);
	print_place("to", "to", &m->to);
	print_u64(PRINT_ANY, "seq", "seq %" PRIu64, m->seq);
}
