// SPDX-License-Identifier: GPL-2.0
/*
 * panswitch entry add|replace SWITCH pan PAN mac MAC local dev DEV
 * panswitch entry add|replace SWITCH pan PAN mac MAC drop
 * panswitch entry del SWITCH pan PAN mac MAC
 * panswitch entry show [SWITCH [pan PAN [mac MAC]]]
 */
#include <string.h>

#include "panswitch.h"

void entry_usage(FILE *f)
{
	fputs("Usage: panswitch entry { add | replace } SWITCH pan PAN "
	      "mac MAC local dev DEV\n"
	      "       panswitch entry { add | replace } SWITCH pan PAN "
	      "mac MAC drop\n"
	      "       panswitch entry del SWITCH pan PAN mac MAC\n"
	      "       panswitch entry show [SWITCH [pan PAN [mac MAC]]]\n"
	      "PAN := 1..16777214   MAC := aa:bb:cc:dd:ee:ff\n", f);
}

void print_entry_fields(const struct psw_entry *e)
{
	const char *mode = psw_mode_name(e->mode);
	const char *origin = psw_origin_name(e->origin);
	char mac[PSW_MAC_STRLEN];

	print_string(PRINT_ANY, "switch", "%s", e->sw_ifname);
	print_uint(PRINT_ANY, "pan", "pan %u", e->pan);
	print_string(PRINT_ANY, "mac", "mac %s", psw_mac_format(e->mac, mac));
	if (mode)
		print_string(PRINT_ANY, "mode", "%s", mode);
	else
		print_uint(PRINT_ANY, "mode", "mode %u", e->mode);
	if (e->mode == PSW_MODE_LOCAL)
		print_string(PRINT_ANY, "dev", "dev %s", e->port_ifname);
	if (origin)
		print_string(PRINT_ANY, "origin", "origin %s", origin);
	else
		print_uint(PRINT_ANY, "origin", "origin %u", e->origin);
}

static int show_one(const struct psw_entry *e, void *arg)
{
	(void)arg;
	show_item_begin();
	print_entry_fields(e);
	show_item_end();
	return 0;
}

struct entry_req {
	const char *sw;
	bool has_pan;
	uint32_t pan;
	bool has_mac;
	uint8_t mac[PSW_ETH_ALEN];
	int mode;		/* 0: not given */
	const char *dev;
};

/* Keywords after SWITCH; the verb decides which are allowed */
static int parse_keys(struct ctx *c, struct args *a, struct entry_req *r,
		      bool modes)
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
		} else if (!strcmp(kw, "mac")) {
			if (r->has_mac)
				return usage_error(c, "\"mac\" given twice");
			if (arg_value(c, a, kw, &val) ||
			    parse_mac(c, val, r->mac))
				return EXIT_USAGE;
			r->has_mac = true;
		} else if (modes && (!strcmp(kw, "local") ||
				     !strcmp(kw, "drop"))) {
			if (r->mode)
				return usage_error(c, "entry mode given twice");
			r->mode = !strcmp(kw, "local") ? PSW_MODE_LOCAL :
							 PSW_MODE_DROP;
		} else if (modes && !strcmp(kw, "dev")) {
			if (r->dev)
				return usage_error(c, "\"dev\" given twice");
			if (arg_value(c, a, kw, &r->dev) ||
			    parse_ifname(c, r->dev, "device"))
				return EXIT_USAGE;
		} else {
			return usage_error(c, "unknown keyword \"%s\"", kw);
		}
	}
	return 0;
}

static int entry_show(struct ctx *c, struct args *a)
{
	struct entry_req r = { .sw = arg_next(a) };
	struct psw_entry e;
	int rc;

	if (r.sw && parse_ifname(c, r.sw, "switch"))
		return EXIT_USAGE;
	if (parse_keys(c, a, &r, false))
		return EXIT_USAGE;
	if (r.has_mac && !r.has_pan)
		return usage_error(c, "\"mac\" needs \"pan PAN\"");
	if (!get_handle(c))
		return EXIT_KERNEL;

	if (r.has_mac) {
		rc = psw_entry_get(c->h, r.sw, r.pan, r.mac, &e);
		if (!rc)
			show_one(&e, NULL);
	} else {
		rc = psw_entry_dump(c->h, r.sw, r.has_pan ? r.pan : 0,
				    show_one, NULL);
		if (!rc)
			dump_check(c);
	}
	return show_finish(c, rc);
}

static int check_new(struct ctx *c, const struct entry_req *r)
{
	if (!r->mode)
		return usage_error(c, "missing entry mode (\"local dev DEV\" or \"drop\")");
	if (r->mode == PSW_MODE_LOCAL && !r->dev)
		return usage_error(c, "\"local\" needs \"dev DEV\"");
	if (r->mode != PSW_MODE_LOCAL && r->dev)
		return usage_error(c, "\"dev\" is only allowed with \"local\"");
	return 0;
}

int do_entry(struct ctx *c, int argc, char **argv)
{
	struct args a = { argc, argv };
	const char *verb = arg_next(&a);
	struct entry_req r = { 0 };
	bool del;
	int rc;

	if (!verb || !strcmp(verb, "show"))
		return entry_show(c, &a);
	if (!strcmp(verb, "help")) {
		entry_usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(verb, "add") && strcmp(verb, "replace") &&
	    strcmp(verb, "del"))
		return unknown_verb(c, "entry", verb);
	del = !strcmp(verb, "del");

	r.sw = arg_next(&a);
	if (!r.sw)
		return usage_error(c, "missing switch name");
	if (parse_ifname(c, r.sw, "switch") || parse_keys(c, &a, &r, !del))
		return EXIT_USAGE;
	if (!r.has_pan)
		return usage_error(c, "missing \"pan PAN\"");
	if (!r.has_mac)
		return usage_error(c, "missing \"mac MAC\"");
	if (!del && check_new(c, &r))
		return EXIT_USAGE;
	if (!get_handle(c))
		return EXIT_KERNEL;

	if (del)
		rc = psw_entry_del(c->h, r.sw, r.pan, r.mac);
	else
		rc = psw_entry_new(c->h, r.sw, r.pan, r.mac, r.mode, r.dev,
				   !strcmp(verb, "replace"));
	return rc ? lib_error(c) : EXIT_OK;
}
