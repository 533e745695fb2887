// SPDX-License-Identifier: GPL-2.0
/*
 * panswitch switch add NAME | del NAME | show [NAME]
 * panswitch switch set NAME [underlay ADDR4|none] [underlay6 ADDR6|none]
 *	[vxlan-port PORT] [max-pans N] [max-entries N]
 *	[ext-prefix MAC/LEN|none]
 * panswitch switch set NAME vlan-pool FIRST-LAST|none
 * panswitch switch set NAME encaps ENCAP[,ENCAP...]
 * ("local" and "local6" are deprecated aliases of underlay and underlay6.)
 */
#include <inttypes.h>
#include <string.h>
#include <sys/socket.h>

#include "cli.h"

void switch_usage(FILE *f)
{
	fputs("Usage: panswitch switch add NAME\n"
	      "       panswitch switch del NAME\n"
	      "       panswitch switch set NAME [underlay { ADDR4 | none }]\n"
	      "                                 [underlay6 { ADDR6 | none }] "
	      "[vxlan-port PORT]\n"
	      "                                 [max-pans N] [max-entries N]\n"
	      "                                 [ext-prefix { MAC/LEN | none }]\n"
	      "       panswitch switch set NAME vlan-pool { FIRST-LAST | none }\n"
	      "       panswitch switch set NAME encaps ENCAP[,ENCAP...]\n"
	      "       panswitch [-s] [-d] switch show [NAME]\n"
	      "PORT := 1..65535 (default " CLI_STR(PSW_VXLAN_PORT)
	      ")   LEN := 8..48\n"
	      "max-pans: 1.." CLI_STR(PSW_PAN_ID_MAX) " (default "
	      CLI_STR(PSW_MAX_PANS_DEFAULT) "); max-entries: 1.."
	      CLI_STR(PSW_ENTRIES_MAX) " (default "
	      CLI_STR(PSW_MAX_ENTRIES_DEFAULT) ")\n"
	      "vlan-pool: 1 <= FIRST <= LAST <= 4094, the VLANs of isolated "
	      "ports\n"
	      "Deprecated aliases: local (underlay), local6 (underlay6)\n", f);
}

void print_switch_fields(const struct pswc_switch *sw)
{
	char addr[PSWC_ADDR_STRLEN], mac[PSWC_MAC_STRLEN];
	char prefix[PSWC_MAC_STRLEN + 4];

	print_string(PRINT_ANY, "ifname", "%s", sw->ifname);
	print_uint(PRINT_ANY, "ifindex", "ifindex %u", sw->ifindex);
	print_uint(PRINT_ANY, "pans", "pans %u", sw->pan_count);
	print_uint(PRINT_ANY, "ports", "ports %u", sw->port_count);
	print_uint(PRINT_ANY, "entries", "entries %u", sw->entry_count);
	if (sw->local4.family)
		print_string(PRINT_ANY, "local4", "underlay %s",
			     pswc_addr_format(&sw->local4, addr));
	if (sw->local6.family)
		print_string(PRINT_ANY, "local6", "underlay6 %s",
			     pswc_addr_format(&sw->local6, addr));
	if (sw->vxlan_port)
		print_uint(PRINT_ANY, "vxlan_port", "vxlan-port %u",
			   sw->vxlan_port);
	if (sw->max_pans)
		print_uint(PRINT_ANY, "max_pans", "max-pans %u", sw->max_pans);
	if (sw->max_entries)
		print_uint(PRINT_ANY, "max_entries", "max-entries %u",
			   sw->max_entries);
	if (sw->ext_prefix_len) {
		snprintf(prefix, sizeof(prefix), "%s/%u",
			 pswc_mac_format(sw->ext_prefix, mac),
			 sw->ext_prefix_len);
		print_string(PRINT_ANY, "ext_prefix", "ext-prefix %s", prefix);
	}
	if (!show_stats || !sw->stats.present)
		return;
	/* text: the counters on lines of their own, indented */
	print_nl();
	print_fp("   ");
	open_json_object("stats");
	print_counters(&sw->stats);
	close_json_object();
	/* requests the limits refused, since the switch was created */
	print_nl();
	print_fp("    limit hits:");
	open_json_object("limit_hits");
	print_u64(PRINT_ANY, "pans", "pans %" PRIu64, sw->pan_limit_hits);
	print_u64(PRINT_ANY, "entries", "entries %" PRIu64,
		  sw->entry_limit_hits);
	close_json_object();
}

/*
 * -d: the device's link details as rtnetlink has them (IFLA_INFO_DATA),
 * what "ip -d link show" prints with panswitch's iproute2 plugin
 * (tools/iproute2).
 */
void print_switch_link(const struct pswc_switch_link *l)
{
	char addr[PSWC_ADDR_STRLEN];

	print_nl();
	print_fp("    link:");
	open_json_object("link");
	print_string(PRINT_ANY, "kind", "kind %s", PSW_GENL_NAME);
	if (l->underlay4.family)
		print_string(PRINT_ANY, "local4", "underlay %s",
			     pswc_addr_format(&l->underlay4, addr));
	if (l->underlay6.family)
		print_string(PRINT_ANY, "local6", "underlay6 %s",
			     pswc_addr_format(&l->underlay6, addr));
	if (l->vxlan_port)
		print_uint(PRINT_ANY, "vxlan_port", "vxlan-port %u",
			   l->vxlan_port);
	if (l->has_counts) {
		print_uint(PRINT_ANY, "pans", "pans %u", l->pans);
		print_uint(PRINT_ANY, "ports", "ports %u", l->ports);
	}
	close_json_object();
}

/* The VLAN pool: "vlan-pool FIRST-LAST used N", JSON "vlan_pool" {} */
static void print_vlan_pool(const struct pswc_vlan_pool *pool)
{
	char range[16];

	if (!pool->first)
		return;
	snprintf(range, sizeof(range), "%u-%u", pool->first, pool->last);
	print_string(PRINT_FP, NULL, "vlan-pool %s", range);
	print_uint(PRINT_FP, NULL, "used %u", pool->used);
	open_json_object("vlan_pool");
	print_uint(PRINT_JSON, "first", NULL, pool->first);
	print_uint(PRINT_JSON, "last", NULL, pool->last);
	print_uint(PRINT_JSON, "used", NULL, pool->used);
	close_json_object();
}

/* The preference list, remote objects and (-s) the probe counters */
static void print_switch_nego(const struct pswc_switch_nego *x)
{
	print_nl();
	print_fp("    encaps");
	print_encaps("encaps", x->encaps, x->nencaps);
	print_uint(PRINT_ANY, "remotes", "remotes %u", x->remote_count);
	if (!show_stats)
		return;
	print_nl();
	print_fp("    probes:");
	open_json_object("probes");
	print_u64(PRINT_ANY, "sent", "sent %" PRIu64, x->probe_sent);
	print_u64(PRINT_ANY, "replies", "replies %" PRIu64, x->probe_replies);
	print_u64(PRINT_ANY, "requests", "requests %" PRIu64,
		  x->probe_requests);
	print_u64(PRINT_ANY, "answered", "answered %" PRIu64,
		  x->probe_answered);
	print_u64(PRINT_ANY, "dropped", "dropped %" PRIu64, x->probe_dropped);
	print_u64(PRINT_ANY, "remote_limit_hits", "remote limit hits %" PRIu64,
		  x->remote_limit_hits);
	close_json_object();
}

static int show_one(const struct pswc_switch *sw,
		    const struct pswc_vlan_pool *pool, void *arg)
{
	struct ctx *c = arg;
	struct pswc_switch_link l;
	struct pswc_switch_nego x;

	/* Before anything is printed, so that a failure prints nothing. */
	if (show_details && pswc_switch_link_get(c->h, sw->ifname, &l))
		return -1;
	if (pswc_switch_nego_get(c->h, sw->ifname, &x)) {
		pswc_switch_nego_clear(&x);
		return -1;
	}
	show_item_begin();
	print_switch_fields(sw);
	print_vlan_pool(pool);
	print_switch_nego(&x);
	if (show_details)
		print_switch_link(&l);
	show_item_end();
	pswc_switch_nego_clear(&x);
	return 0;
}

static int switch_show(struct ctx *c, struct args *a)
{
	const char *name = arg_next(a);
	struct pswc_vlan_pool pool;
	struct pswc_switch sw;
	int rc;

	if ((name && parse_ifname(c, name, "switch")) || arg_end(c, a))
		return EXIT_USAGE;
	if (!get_handle(c))
		return EXIT_KERNEL;

	if (name) {
		rc = pswc_switch_pool_get(c->h, name, &sw, &pool);
		if (!rc)
			rc = show_one(&sw, &pool, c);
		pswc_switch_clear(&sw);
	} else {
		rc = pswc_switch_pool_dump(c->h, show_one, c);
		if (!rc)
			dump_check(c);
	}
	return show_finish(c, rc);
}

/*
 * "underlay ADDR4|none" or "underlay6 ADDR6|none" (kw just consumed, or
 * its deprecated alias "local" or "local6"): an address of family, "none"
 * being all zeroes (the kernel clears).
 */
static int parse_underlay(struct ctx *c, struct args *a, const char *kw,
			  unsigned int family, struct pswc_addr *out)
{
	bool v4 = family == AF_INET;
	const char *val;

	if (out->family)
		return usage_error(c, "\"%s\" given twice",
				   v4 ? "underlay" : "underlay6");
	if (arg_value(c, a, kw, &val))
		return EXIT_USAGE;
	if (!strcmp(val, "none")) {
		memset(out, 0, sizeof(*out));
		out->family = family;
		return 0;
	}
	if (pswc_addr_parse(val, out))
		return usage_error(c, "\"%s\" is not an %s address", val,
				   v4 ? "IPv4" : "IPv6");
	if (out->family != family) {
		out->family = 0;
		return usage_error(c, "\"%s\" is not an %s address (\"%s\" takes %s)",
				   val, v4 ? "IPv4" : "IPv6",
				   v4 ? "underlay6" : "underlay",
				   v4 ? "IPv6" : "IPv4");
	}
	return 0;
}

static int parse_udp_port(struct ctx *c, const char *s, uint16_t *port)
{
	unsigned int v = 0;
	const char *p;

	for (p = s; *p && v <= 65535; p++) {
		if (*p < '0' || *p > '9')
			break;
		v = v * 10 + (*p - '0');
	}
	if (!*s || *p || !v || v > 65535)
		return usage_error(c, "invalid UDP port \"%s\" (1..65535)", s);
	*port = v;
	return 0;
}

/* "max-pans N" or "max-entries N" (kw just consumed): N in 1..max, once */
static int parse_limit(struct ctx *c, struct args *a, const char *kw,
		       uint32_t max, uint32_t *limit)
{
	unsigned long long v = 0;
	const char *s, *p;

	if (*limit)
		return usage_error(c, "\"%s\" given twice", kw);
	if (arg_value(c, a, kw, &s))
		return EXIT_USAGE;
	for (p = s; *p >= '0' && *p <= '9' && v <= max; p++)
		v = v * 10 + (*p - '0');
	if (!*s || *p || !v || v > max)
		return usage_error(c, "invalid %s \"%s\" (1..%" PRIu32 ")",
				   kw, s, max);
	*limit = v;
	return 0;
}

/* "MAC/LEN" (LEN 8..48) or "none" into c->ext_prefix[_len] */
static int parse_ext_prefix(struct ctx *c, const char *s,
			    struct pswc_switch_conf *ch)
{
	char mac[PSWC_MAC_STRLEN];
	const char *slash = strchr(s, '/'), *p;
	unsigned int len = 0;

	ch->set_ext_prefix = true;
	if (!strcmp(s, "none"))
		return 0;
	if (!slash || slash == s || slash - s >= (long)sizeof(mac))
		return usage_error(c, "invalid external MAC prefix \"%s\" (MAC/LEN or none)",
				   s);
	memcpy(mac, s, slash - s);
	mac[slash - s] = '\0';
	for (p = slash + 1; *p >= '0' && *p <= '9' && len <= 48; p++)
		len = len * 10 + (*p - '0');
	if (!slash[1] || *p || len < 8 || len > 48)
		return usage_error(c, "invalid prefix length in \"%s\" (8..48)", s);
	if (parse_mac(c, mac, ch->ext_prefix))
		return EXIT_USAGE;
	ch->ext_prefix_len = len;
	return 0;
}

/* "FIRST-LAST" (1 <= FIRST <= LAST <= 4094) or "none" (0-0) */
static int parse_vlan_pool(struct ctx *c, const char *s, int *first,
			   int *last)
{
	unsigned int f = 0, l = 0;
	const char *p = s;

	if (!strcmp(s, "none")) {
		*first = *last = 0;
		return 0;
	}
	for (; *p >= '0' && *p <= '9' && f <= 4094; p++)
		f = f * 10 + (*p - '0');
	if (p == s || *p != '-')
		goto bad;
	s = ++p;
	for (; *p >= '0' && *p <= '9' && l <= 4094; p++)
		l = l * 10 + (*p - '0');
	if (p == s || *p || !f || f > l || l > 4094)
		goto bad;
	*first = f;
	*last = l;
	return 0;
bad:
	return usage_error(c, "invalid VLAN pool (FIRST-LAST, 1 <= FIRST <= LAST <= 4094, or none)");
}

/* "switch set NAME vlan-pool FIRST-LAST|none": a request of its own */
static int switch_set_pool(struct ctx *c, struct args *a, const char *name)
{
	int first = 0, last = 0;
	const char *val;

	if (arg_value(c, a, "vlan-pool", &val) ||
	    parse_vlan_pool(c, val, &first, &last))
		return EXIT_USAGE;
	if (arg_next(a))
		return usage_error(c, "\"vlan-pool\" is set alone");
	if (!get_handle(c))
		return EXIT_KERNEL;
	if (pswc_switch_set_vlan_pool(c->h, name, first, last))
		return lib_error(c);
	return EXIT_OK;
}

static int switch_set(struct ctx *c, struct args *a)
{
	struct pswc_addr local4 = { 0 }, local6 = { 0 };
	const char *name = arg_next(a), *kw, *val;
	struct pswc_switch_conf conf = { 0 };
	uint8_t encaps[CLI_ENCAPS_MAX];
	size_t nencaps = 0;
	uint16_t port = 0;

	if (!name)
		return usage_error(c, "missing switch name");
	if (parse_ifname(c, name, "switch"))
		return EXIT_USAGE;
	while ((kw = arg_next(a))) {
		if (!strcmp(kw, "vlan-pool")) {
			if (local4.family || local6.family || port ||
			    conf.max_pans || conf.max_entries ||
			    conf.set_ext_prefix)
				return usage_error(c, "\"vlan-pool\" is set alone");
			return switch_set_pool(c, a, name);
		}
		if (!strcmp(kw, "underlay") || !strcmp(kw, "local")) {
			if (parse_underlay(c, a, kw, AF_INET, &local4))
				return EXIT_USAGE;
		} else if (!strcmp(kw, "underlay6") || !strcmp(kw, "local6")) {
			if (parse_underlay(c, a, kw, AF_INET6, &local6))
				return EXIT_USAGE;
		} else if (!strcmp(kw, "vxlan-port")) {
			if (port)
				return usage_error(c, "\"vxlan-port\" given twice");
			if (arg_value(c, a, kw, &val) ||
			    parse_udp_port(c, val, &port))
				return EXIT_USAGE;
		} else if (!strcmp(kw, "max-pans")) {
			if (parse_limit(c, a, kw, PSW_PAN_ID_MAX,
					&conf.max_pans))
				return EXIT_USAGE;
		} else if (!strcmp(kw, "max-entries")) {
			if (parse_limit(c, a, kw, PSW_ENTRIES_MAX,
					&conf.max_entries))
				return EXIT_USAGE;
		} else if (!strcmp(kw, "ext-prefix")) {
			if (conf.set_ext_prefix)
				return usage_error(c, "\"ext-prefix\" given twice");
			if (arg_value(c, a, kw, &val) ||
			    parse_ext_prefix(c, val, &conf))
				return EXIT_USAGE;
		} else if (!strcmp(kw, "encaps")) {
			if (nencaps)
				return usage_error(c, "\"encaps\" given twice");
			if (arg_value(c, a, kw, &val) ||
			    parse_encaps(c, val, encaps, CLI_ENCAPS_MAX,
					 &nencaps))
				return EXIT_USAGE;
		} else {
			return usage_error(c, "unknown keyword \"%s\"", kw);
		}
	}
	if (nencaps) {
		if (local4.family || local6.family || port || conf.max_pans ||
		    conf.max_entries || conf.set_ext_prefix)
			return usage_error(c, "\"encaps\" is set on its own");
		if (!get_handle(c))
			return EXIT_KERNEL;
		if (pswc_switch_set_encaps(c->h, name, encaps, nencaps))
			return lib_error(c);
		return EXIT_OK;
	}
	if (!local4.family && !local6.family && !port && !conf.max_pans &&
	    !conf.max_entries && !conf.set_ext_prefix)
		return usage_error(c, "nothing to set (give \"underlay\", \"underlay6\", \"vxlan-port\", \"max-pans\", \"max-entries\", \"ext-prefix\" or \"vlan-pool\")");
	if (!get_handle(c))
		return EXIT_KERNEL;
	conf.local4 = local4.family ? &local4 : NULL;
	conf.local6 = local6.family ? &local6 : NULL;
	conf.vxlan_port = port;
	if (pswc_switch_configure(c->h, name, &conf))
		return lib_error(c);
	return EXIT_OK;
}

int do_switch(struct ctx *c, int argc, char **argv)
{
	struct args a = { argc, argv };
	const char *verb = arg_next(&a);
	const char *name;
	bool add;

	if (!verb || !strcmp(verb, "show"))
		return switch_show(c, &a);
	if (!strcmp(verb, "help")) {
		switch_usage(stdout);
		return EXIT_OK;
	}
	if (!strcmp(verb, "set"))
		return switch_set(c, &a);
	if (strcmp(verb, "add") && strcmp(verb, "del"))
		return unknown_verb(c, "switch", verb);
	add = !strcmp(verb, "add");

	name = arg_next(&a);
	if (!name)
		return usage_error(c, "missing switch name");
	if (parse_ifname(c, name, "switch") || arg_end(c, &a))
		return EXIT_USAGE;
	if (!get_handle(c))
		return EXIT_KERNEL;
	if (add ? pswc_switch_new(c->h, name) : pswc_switch_del(c->h, name))
		return lib_error(c);
	return EXIT_OK;
}
