// SPDX-License-Identifier: GPL-2.0
/*
 * panswitch entry add|replace SWITCH pan PAN mac MAC local dev DEV
 * panswitch entry add|replace SWITCH pan PAN mac MAC xlate ext EXTMAC
 * panswitch entry add|replace SWITCH pan PAN mac MAC
 *	encap vxlan|nvgre|etherip remote ADDR	("ipip": deprecated alias)
 * panswitch entry add|replace SWITCH pan PAN mac MAC drop
 * panswitch entry add|replace SWITCH pan PAN mac MAC hold [ext EXTMAC]
 * panswitch entry del SWITCH pan PAN mac MAC
 * panswitch entry show [SWITCH [pan PAN [mac MAC]]]
 * (a PAN's mcast entry, its group, is set with pan set ... group)
 */
#include <inttypes.h>
#include <string.h>

#include "cli.h"

void entry_usage(FILE *f)
{
	fputs("Usage: panswitch entry { add | replace } SWITCH pan PAN "
	      "mac MAC MODE\n"
	      "       panswitch entry del SWITCH pan PAN mac MAC\n"
	      "       panswitch entry show [SWITCH [pan PAN [mac MAC]]]\n"
	      "MODE := local dev DEV | xlate ext MAC | "
	      "encap ENCAP remote ADDR | drop |\n"
	      "        hold [ext MAC]\n"
	      "ENCAP := vxlan | nvgre | etherip   ADDR := IPv4 or IPv6 address\n"
	      CLI_PAN_RANGE "   MAC := aa:bb:cc:dd:ee:ff\n"
	      "Deprecated alias: ipip (etherip)\n", f);
}

static void entry_fields(const struct pswc_entry *e, bool aut);

void print_entry_fields(const struct pswc_entry *e)
{
	entry_fields(e, false);
}

/* aut: encap auto chose the encapsulation, "encap auto (vxlan)" */
static void entry_fields(const struct pswc_entry *e, bool aut)
{
	const char *mode = pswc_mode_name(e->mode);
	const char *origin = pswc_origin_name(e->origin);
	const char *encap = pswc_encap_name(e->encap);
	char mac[PSWC_MAC_STRLEN], addr[PSWC_ADDR_STRLEN];

	print_string(PRINT_ANY, "switch", "%s", e->sw_ifname);
	print_uint(PRINT_ANY, "pan", "pan %u", e->pan);
	print_string(PRINT_ANY, "mac", "mac %s", pswc_mac_format(e->mac, mac));
	if (mode)
		print_string(PRINT_ANY, "mode", "%s", mode);
	else
		print_uint(PRINT_ANY, "mode", "mode %u", e->mode);
	switch (e->mode) {
	case PSW_MODE_LOCAL:
		print_string(PRINT_ANY, "dev", "dev %s", e->port_ifname);
		/* the port's external MAC, if it has one */
		if (e->has_ext_mac)
			print_string(PRINT_ANY, "ext", "ext %s",
				     pswc_mac_format(e->ext_mac, mac));
		break;
	case PSW_MODE_XLATE:
	case PSW_MODE_HOLD:
		if (e->has_ext_mac)
			print_string(PRINT_ANY, "ext", "ext %s",
				     pswc_mac_format(e->ext_mac, mac));
		break;
	case PSW_MODE_ENCAP:
	case PSW_MODE_MCAST:	/* the PAN's group, in encap and remote */
		if (aut)
			print_fp("auto");
		if (encap)
			print_string(PRINT_ANY, "encap", aut ? "(%s)" : "%s",
				     encap);
		else
			print_uint(PRINT_ANY, "encap", "%u", e->encap);
		if (aut)
			print_bool(PRINT_JSON, "encap_auto", NULL, true);
		if (e->remote.family)
			print_string(PRINT_ANY,
				     e->mode == PSW_MODE_MCAST ? "group" :
								 "remote",
				     e->mode == PSW_MODE_MCAST ? "group %s" :
								 "remote %s",
				     pswc_addr_format(&e->remote, addr));
		break;
	default:
		break;
	}
	if (origin)
		print_string(PRINT_ANY, "origin", "origin %s", origin);
	else
		print_uint(PRINT_ANY, "origin", "origin %u", e->origin);
}

/* An entry and, for a learned one, its age (seconds since its last arrival) */
static int show_one_age(const struct pswc_entry *e, int64_t age, bool aut,
			void *arg)
{
	(void)arg;
	show_item_begin();
	entry_fields(e, aut);
	if (age >= 0)
		print_u64(PRINT_ANY, "age", "age %" PRIu64, (uint64_t)age);
	show_item_end();
	return 0;
}

struct entry_req {
	struct pswc_entry e;	/* key, mode (0: not given) and arguments */
	const char *sw;
	bool has_pan;
	bool has_mac;
	const char *dev;
	bool has_remote;
};

static int set_mode(struct ctx *c, struct entry_req *r, int mode)
{
	if (r->e.mode)
		return usage_error(c, "entry mode given twice");
	r->e.mode = mode;
	return 0;
}

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
			    parse_pan(c, val, &r->e.pan))
				return EXIT_USAGE;
			r->has_pan = true;
		} else if (!strcmp(kw, "mac")) {
			if (r->has_mac)
				return usage_error(c, "\"mac\" given twice");
			if (arg_value(c, a, kw, &val) ||
			    parse_mac(c, val, r->e.mac))
				return EXIT_USAGE;
			r->has_mac = true;
		} else if (modes && !strcmp(kw, "local")) {
			if (set_mode(c, r, PSW_MODE_LOCAL))
				return EXIT_USAGE;
		} else if (modes && !strcmp(kw, "drop")) {
			if (set_mode(c, r, PSW_MODE_DROP))
				return EXIT_USAGE;
		} else if (modes && !strcmp(kw, "hold")) {
			if (set_mode(c, r, PSW_MODE_HOLD))
				return EXIT_USAGE;
		} else if (modes && !strcmp(kw, "xlate")) {
			if (set_mode(c, r, PSW_MODE_XLATE))
				return EXIT_USAGE;
		} else if (modes && !strcmp(kw, "encap")) {
			if (set_mode(c, r, PSW_MODE_ENCAP) ||
			    arg_value(c, a, kw, &val) ||
			    parse_encap(c, val, &r->e.encap))
				return EXIT_USAGE;
		} else if (modes && !strcmp(kw, "dev")) {
			if (r->dev)
				return usage_error(c, "\"dev\" given twice");
			if (arg_value(c, a, kw, &r->dev) ||
			    parse_ifname(c, r->dev, "device"))
				return EXIT_USAGE;
		} else if (modes && !strcmp(kw, "ext")) {
			if (r->e.has_ext_mac)
				return usage_error(c, "\"ext\" given twice");
			if (arg_value(c, a, kw, &val) ||
			    parse_mac(c, val, r->e.ext_mac))
				return EXIT_USAGE;
			r->e.has_ext_mac = true;
		} else if (modes && !strcmp(kw, "remote")) {
			if (r->has_remote)
				return usage_error(c, "\"remote\" given twice");
			if (arg_value(c, a, kw, &val) ||
			    parse_addr(c, val, &r->e.remote))
				return EXIT_USAGE;
			r->has_remote = true;
		} else {
			return usage_error(c, "unknown keyword \"%s\"", kw);
		}
	}
	return 0;
}

static int entry_show(struct ctx *c, struct args *a)
{
	struct entry_req r = { .sw = arg_next(a) };
	struct pswc_entry e;
	int64_t age;
	bool aut;
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
		rc = pswc_entry_auto_get(c->h, r.sw, r.e.pan, r.e.mac, &e,
					 &age, &aut);
		if (!rc)
			show_one_age(&e, age, aut, NULL);
		pswc_entry_clear(&e);
	} else {
		rc = pswc_entry_auto_dump(c->h, r.sw, r.has_pan ? r.e.pan : 0,
					  show_one_age, NULL);
		if (!rc)
			dump_check(c);
	}
	return show_finish(c, rc);
}

/* Each mode's arguments, and only those */
static int check_new(struct ctx *c, const struct entry_req *r)
{
	int mode = r->e.mode;

	if (!mode)
		return usage_error(c, "missing entry mode (\"local dev DEV\", \"xlate ext MAC\", \"encap ENCAP remote ADDR\", \"drop\" or \"hold [ext MAC]\")");
	if (mode == PSW_MODE_LOCAL && !r->dev)
		return usage_error(c, "\"local\" needs \"dev DEV\"");
	if (mode == PSW_MODE_XLATE && !r->e.has_ext_mac)
		return usage_error(c, "\"xlate\" needs \"ext MAC\"");
	if (mode == PSW_MODE_ENCAP && !r->has_remote)
		return usage_error(c, "\"encap\" needs \"remote ADDR\"");
	if (mode != PSW_MODE_LOCAL && r->dev)
		return usage_error(c, "\"dev\" is only allowed with \"local\"");
	if (mode != PSW_MODE_XLATE && mode != PSW_MODE_HOLD &&
	    r->e.has_ext_mac)
		return usage_error(c, "\"ext\" is only allowed with \"xlate\" and \"hold\"");
	if (mode != PSW_MODE_ENCAP && r->has_remote)
		return usage_error(c, "\"remote\" is only allowed with \"encap\"");
	return 0;
}

int do_entry(struct ctx *c, int argc, char **argv)
{
	struct args a = { argc, argv };
	const char *verb = arg_next(&a);
	struct entry_req r;
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

	memset(&r, 0, sizeof(r));
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

	if (del) {
		rc = pswc_entry_del(c->h, r.sw, r.e.pan, r.e.mac);
	} else {
		/* both names were checked to fit IF_NAMESIZE */
		snprintf(r.e.sw_ifname, sizeof(r.e.sw_ifname), "%s", r.sw);
		if (r.dev)
			snprintf(r.e.port_ifname, sizeof(r.e.port_ifname),
				 "%s", r.dev);
		rc = pswc_entry_add(c->h, &r.e, !strcmp(verb, "replace"));
	}
	return rc ? lib_error(c) : EXIT_OK;
}
