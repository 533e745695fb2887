// SPDX-License-Identifier: GPL-2.0
/*
 * The ARP/ND proxy in the CLI:
 * panswitch neigh add|replace SWITCH pan PAN ip ADDR mac MAC
 * panswitch neigh del SWITCH pan PAN ip ADDR
 * panswitch neigh show [SWITCH [pan PAN [ip ADDR]]]
 * and what pan show and stats show print of a PAN's proxy
 * (pan set SWITCH PAN proxy on|off is parsed in pan.c).
 */
#include <inttypes.h>
#include <string.h>

#include "cli.h"

void neigh_usage(FILE *f)
{
	fputs("Usage: panswitch neigh { add | replace } SWITCH pan PAN "
	      "ip ADDR mac MAC\n"
	      "       panswitch neigh del SWITCH pan PAN ip ADDR\n"
	      "       panswitch neigh show [SWITCH [pan PAN [ip ADDR]]]\n"
	      CLI_PAN_RANGE "   ADDR := IPv4 or IPv6 address   "
	      "MAC := aa:bb:cc:dd:ee:ff\n", f);
}

void print_neigh_fields(const struct pswc_neigh *n)
{
	char mac[PSWC_MAC_STRLEN], addr[PSWC_ADDR_STRLEN];

	print_string(PRINT_ANY, "switch", "%s", n->sw_ifname);
	print_uint(PRINT_ANY, "pan", "pan %u", n->pan);
	print_string(PRINT_ANY, "ip", "ip %s", pswc_addr_format(&n->addr, addr));
	print_string(PRINT_ANY, "mac", "mac %s", pswc_mac_format(n->mac, mac));
}

/* The proxy setting and table size, after the PAN's fields (pan show) */
void print_pan_proxy(const struct pswc_pan_proxy *p)
{
	if (!p->present)
		return;
	print_string(PRINT_ANY, "proxy", "proxy %s", p->proxy ? "on" : "off");
	print_uint(PRINT_ANY, "neighbours", "neighbours %u", p->neigh_count);
	if (is_json() || p->neigh_limit_hits)
		print_u64(PRINT_ANY, "neigh_limit_hits",
			  "neigh-limit-hits %" PRIu64, p->neigh_limit_hits);
}

/* The proxy counters, after the PAN's other counters (stats show) */
void print_proxy_counters(const struct pswc_pan_proxy *p)
{
	if (!p->present)
		return;
	print_nl();
	print_fp("    proxy:");
	print_u64(PRINT_ANY, "proxy_reply", "reply %" PRIu64, p->reply);
	print_u64(PRINT_ANY, "proxy_miss", "miss %" PRIu64, p->miss);
}

/* "proxy on|off", kw just consumed; *on is -1 until given */
int parse_proxy(struct ctx *c, struct args *a, const char *kw, int *on)
{
	const char *val;

	if (*on >= 0)
		return usage_error(c, "\"proxy\" given twice");
	if (arg_value(c, a, kw, &val))
		return EXIT_USAGE;
	if (!strcmp(val, "on"))
		*on = 1;
	else if (!strcmp(val, "off"))
		*on = 0;
	else
		return usage_error(c, "\"proxy\" takes \"on\" or \"off\", not \"%s\"",
				   val);
	return 0;
}

static int show_one(const struct pswc_neigh *n, void *arg)
{
	(void)arg;
	show_item_begin();
	print_neigh_fields(n);
	show_item_end();
	return 0;
}

struct neigh_req {
	uint32_t pan;
	bool has_pan;
	struct pswc_addr addr;		/* family 0: not given */
	uint8_t mac[PSWC_ETH_ALEN];
	bool has_mac;
};

static int parse_keys(struct ctx *c, struct args *a, struct neigh_req *r,
		      bool want_mac)
{
	const char *kw, *val;

	while ((kw = arg_next(a))) {
		if (!strcmp(kw, "pan")) {
			if (r->has_pan)
				return usage_error(c, "\"pan\" given twice");
			if (arg_value(c, a, kw, &val) ||
			    parse_pan(c, val, &r->pan))
				return EXIT_USAGE;
			r->has_pan = true;
		} else if (!strcmp(kw, "ip")) {
			if (r->addr.family)
				return usage_error(c, "\"ip\" given twice");
			if (arg_value(c, a, kw, &val) ||
			    parse_addr(c, val, &r->addr))
				return EXIT_USAGE;
		} else if (want_mac && !strcmp(kw, "mac")) {
			if (r->has_mac)
				return usage_error(c, "\"mac\" given twice");
			if (arg_value(c, a, kw, &val) ||
			    parse_mac(c, val, r->mac))
				return EXIT_USAGE;
			r->has_mac = true;
		} else {
			return usage_error(c, "unknown keyword \"%s\"", kw);
		}
	}
	return 0;
}

static int neigh_show(struct ctx *c, struct args *a)
{
	const char *sw = arg_next(a);
	struct neigh_req r;
	struct pswc_neigh n;
	int rc;

	memset(&r, 0, sizeof(r));
	if (sw && parse_ifname(c, sw, "switch"))
		return EXIT_USAGE;
	if (parse_keys(c, a, &r, false))
		return EXIT_USAGE;
	if (r.addr.family && !r.has_pan)
		return usage_error(c, "\"ip\" needs \"pan PAN\"");
	if (!get_handle(c))
		return EXIT_KERNEL;
	if (r.addr.family) {
		rc = pswc_neigh_get(c->h, sw, r.pan, &r.addr, &n);
		if (!rc)
			show_one(&n, NULL);
	} else {
		rc = pswc_neigh_dump(c->h, sw, r.pan, show_one, NULL);
		if (!rc)
			dump_check(c);
	}
	return show_finish(c, rc);
}

int do_neigh(struct ctx *c, int argc, char **argv)
{
	struct args a = { argc, argv };
	const char *verb = arg_next(&a);
	bool add, replace;
	struct neigh_req r;
	const char *sw;
	int rc;

	if (!verb || !strcmp(verb, "show"))
		return neigh_show(c, &a);
	if (!strcmp(verb, "help")) {
		neigh_usage(stdout);
		return EXIT_OK;
	}
	replace = !strcmp(verb, "replace");
	add = replace || !strcmp(verb, "add");
	if (!add && strcmp(verb, "del"))
		return unknown_verb(c, "neigh", verb);
	sw = arg_next(&a);
	if (!sw)
		return usage_error(c, "missing switch name");
	if (parse_ifname(c, sw, "switch"))
		return EXIT_USAGE;
	memset(&r, 0, sizeof(r));
	if (parse_keys(c, &a, &r, add))
		return EXIT_USAGE;
	if (!r.has_pan)
		return usage_error(c, "missing \"pan PAN\"");
	if (!r.addr.family)
		return usage_error(c, "missing \"ip ADDR\"");
	if (add && !r.has_mac)
		return usage_error(c, "missing \"mac MAC\"");
	if (!get_handle(c))
		return EXIT_KERNEL;
	if (add)
		rc = pswc_neigh_add(c->h, sw, r.pan, &r.addr, r.mac, replace);
	else
		rc = pswc_neigh_del(c->h, sw, r.pan, &r.addr);
	return rc ? lib_error(c) : EXIT_OK;
}
