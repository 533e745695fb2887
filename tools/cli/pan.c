// SPDX-License-Identifier: GPL-2.0
/*
 * panswitch pan add SWITCH PAN | del SWITCH PAN | show [SWITCH [PAN]]
 * panswitch pan set SWITCH PAN [pan-addr ADDR|none [pan-addr ADDR]]
 *	[accept any|remotes]
 * ("local" is a deprecated alias of pan-addr, "ipip" of etherip.)
 * panswitch pan set SWITCH PAN flood add|del remote ADDR encap ENCAP
 * panswitch pan set SWITCH PAN flood add|del uplink
 * panswitch pan set SWITCH PAN miss ... | anycast-mac ... | hold ... (miss.c)
 * panswitch pan set SWITCH PAN proxy on|off
 * panswitch pan set SWITCH PAN group ... | group6 ... (mcast.c)
 * panswitch pan set SWITCH PAN oui OUI (a tenant map entry, tenant.c)
 * panswitch pan set SWITCH PAN etherip ... | mcast-share ... (etherip.c)
 */
#include <string.h>
#include <sys/socket.h>

#include "cli.h"

void pan_usage(FILE *f)
{
	fputs("Usage: panswitch pan add SWITCH PAN\n"
	      "       panswitch pan del SWITCH PAN\n"
	      "       panswitch pan set SWITCH PAN [pan-addr { ADDR | none } "
	      "[pan-addr ADDR]]\n"
	      "                                    [accept { remotes | any }]\n"
	      "       panswitch pan set SWITCH PAN flood { add | del } "
	      "remote ADDR encap ENCAP\n"
	      "       panswitch pan set SWITCH PAN flood { add | del } "
	      "uplink\n", f);
	fputs(pan_miss_usage, f);
	fputs("       panswitch pan set SWITCH PAN proxy { on | off }\n", f);
	fputs("       panswitch pan set SWITCH PAN oui OUI\n", f);
	fputs(pan_learn_usage, f);
	fputs(pan_mcast_usage, f);
	fputs(pan_etherip_usage, f);
	fputs("       panswitch pan show [SWITCH [PAN]]\n"
	      CLI_PAN_RANGE "   ADDR := IPv4 or IPv6 address\n"
	      "ENCAP := vxlan | nvgre | etherip   TTL := 1..255 (default "
	      CLI_STR(PSW_MCAST_TTL_DEFAULT) ")\n"
	      "OUI := aa:bb:cc\n"
	      "Deprecated aliases: local (pan-addr), ipip (etherip)\n", f);
}

/* pan show: the flood members whose encap auto chose (remote.c) */
static bool flood_autos[PSW_FLOOD_MAX];
static size_t nflood_autos;

static void print_flood_member(const struct pswc_flood_member *m, bool aut)
{
	const char *encap = pswc_encap_name(m->encap);
	char addr[PSWC_ADDR_STRLEN];

	open_json_object(NULL);
	print_fp("flood");
	if (m->uplink) {
		print_bool(PRINT_ANY, "uplink", "uplink", true);
	} else {
		print_string(PRINT_ANY, "remote", "remote %s",
			     pswc_addr_format(&m->remote, addr));
		if (aut)
			print_fp("encap auto");
		if (aut && encap)
			print_string(PRINT_ANY, "encap", "(%s)", encap);
		else if (encap)
			print_string(PRINT_ANY, "encap", "encap %s", encap);
		else
			print_uint(PRINT_ANY, "encap", "encap %u", m->encap);
		if (aut)
			print_bool(PRINT_JSON, "encap_auto", NULL, true);
	}
	close_json_object();
}

void print_pan_fields(const struct pswc_pan *pan)
{
	char addr[PSWC_ADDR_STRLEN];
	unsigned int i;

	print_string(PRINT_ANY, "switch", "%s", pan->sw_ifname);
	print_uint(PRINT_ANY, "pan", "pan %u", pan->pan);
	print_uint(PRINT_ANY, "ports", "ports %u", pan->port_count);
	print_uint(PRINT_ANY, "entries", "entries %u", pan->entry_count);
	if (pan->local4.family)
		print_string(PRINT_ANY, "local4", "pan-addr %s",
			     pswc_addr_format(&pan->local4, addr));
	if (pan->local6.family)
		print_string(PRINT_ANY, "local6", "pan-addr %s",
			     pswc_addr_format(&pan->local6, addr));
	if (pswc_accept_name(pan->accept))
		print_string(PRINT_ANY, "accept", "accept %s",
			     pswc_accept_name(pan->accept));
	else
		print_uint(PRINT_ANY, "accept", "accept %u", pan->accept);
	open_json_array(PRINT_JSON, "flood");
	for (i = 0; i < pan->nflood; i++)
		print_flood_member(&pan->flood[i],
				   i < nflood_autos && flood_autos[i]);
	close_json_array(PRINT_JSON);
}

/* The tenant map of the switches shown, for their PANs' entries */
static struct tenant_keys *show_tenants;

static int show_one(const struct pswc_pan *pan,
		    const struct pswc_pan_miss *miss,
		    const struct pswc_pan_proxy *proxy,
		    const struct pswc_pan_hold *hold, void *arg)
{
	struct ctx *c = arg;
	int rc;

	nflood_autos = 0;
	if (pan->nflood &&
	    pswc_pan_flood_auto(c->h, pan->sw_ifname, pan->pan, flood_autos,
				PSW_FLOOD_MAX, &nflood_autos))
		nflood_autos = 0;
	show_item_begin();
	print_pan_fields(pan);
	nflood_autos = 0;
	print_pan_tenants(show_tenants, pan);
	print_pan_miss(miss);
	print_pan_hold(miss, hold);
	print_pan_proxy(proxy);
	rc = show_pan_mcast(c, pan);
	rc = rc ? rc : show_pan_learn(c, pan);
	rc = rc ? rc : show_pan_etherip(c, pan);
	if (!rc && show_stats && pan->stats.present) {
		/* text: the counters on lines of their own, indented */
		print_nl();
		print_fp("   ");
		open_json_object("stats");
		print_counters(&pan->stats);
		print_miss_counters(miss);
		print_hold_counters(hold);
		print_proxy_counters(proxy);
		close_json_object();
	}
	show_item_end();
	return rc;
}

static int pan_show(struct ctx *c, struct args *a)
{
	const char *sw = arg_next(a), *id = arg_next(a);
	struct pswc_pan_proxy proxy;
	struct pswc_pan_miss miss;
	struct pswc_pan_hold hold;
	struct pswc_pan pan;
	uint32_t n = 0;
	int rc;

	if (sw && parse_ifname(c, sw, "switch"))
		return EXIT_USAGE;
	if ((id && parse_pan(c, id, &n)) || arg_end(c, a))
		return EXIT_USAGE;
	if (!get_handle(c))
		return EXIT_KERNEL;
	/* A kernel without the tenant map: PANs are shown without it. */
	show_tenants = tenant_keys_get(c, sw);

	if (id) {
		rc = pswc_pan_hold_get(c->h, sw, n, &pan, &miss, &proxy,
				       &hold);
		if (!rc)
			rc = show_one(&pan, &miss, &proxy, &hold, c);
		pswc_pan_clear(&pan);
	} else {
		rc = pswc_pan_hold_dump(c->h, sw, show_one, c);
		if (!rc)
			dump_check(c);
	}
	tenant_keys_free(show_tenants);
	show_tenants = NULL;
	return show_finish(c, rc);
}

struct pan_set_req {
	struct pswc_addr local4;		/* family 0: not given */
	struct pswc_addr local6;
	bool local_none;		/* "pan-addr none": both zeroes */
	int accept;			/* enum psw_accept, -1: not given */
	const char *flood;		/* "add", "del", NULL: not given */
	struct pswc_flood_member m;
	bool has_encap;
	struct pan_miss_req miss;	/* miss.c */
	int proxy;			/* 1 on, 0 off, -1: not given */
	struct pswc_learn_conf learn;	/* learn.c */
	struct pan_mcast_req mcast;	/* mcast.c */
	bool has_oui;			/* a tenant map entry, tenant.c */
	uint32_t oui;
	struct pan_etherip_req etherip;	/* etherip.c */
};

static bool has_miss(const struct pan_set_req *r)
{
	return pan_miss_given(&r->miss);
}

static bool has_local(const struct pan_set_req *r)
{
	return r->local4.family || r->local6.family || r->local_none;
}

/* "accept remotes|any", kw just consumed */
static int parse_accept(struct ctx *c, struct args *a, const char *kw,
			struct pan_set_req *r)
{
	const char *val;
	unsigned int i;

	if (r->flood)
		return usage_error(c, "\"accept\" cannot be combined with \"flood\"");
	if (r->accept >= 0)
		return usage_error(c, "\"accept\" given twice");
	if (arg_value(c, a, kw, &val))
		return EXIT_USAGE;
	for (i = 0; i <= PSW_ACCEPT_MAX; i++) {
		if (!strcmp(val, pswc_accept_name(i))) {
			r->accept = i;
			return 0;
		}
	}
	return usage_error(c, "\"accept\" takes \"remotes\" or \"any\", not \"%s\"",
			   val);
}

/* "pan-addr ADDR|none" (or its deprecated alias "local"), kw just consumed */
static int parse_pan_addr(struct ctx *c, struct args *a, const char *kw,
			   struct pan_set_req *r)
{
	struct pswc_addr addr, *slot;
	const char *val;

	if (r->flood)
		return usage_error(c, "\"pan-addr\" cannot be combined with \"flood\"");
	if (arg_value(c, a, kw, &val))
		return EXIT_USAGE;
	if (!strcmp(val, "none")) {
		if (has_local(r))
			return usage_error(c, "\"pan-addr none\" clears both addresses and cannot be combined with another \"pan-addr\"");
		r->local_none = true;
		return 0;
	}
	if (parse_addr(c, val, &addr))
		return EXIT_USAGE;
	if (r->local_none)
		return usage_error(c, "\"pan-addr none\" clears both addresses and cannot be combined with another \"pan-addr\"");
	slot = addr.family == AF_INET ? &r->local4 : &r->local6;
	if (slot->family)
		return usage_error(c, "\"pan-addr\" given twice for %s",
				   addr.family == AF_INET ? "IPv4" : "IPv6");
	*slot = addr;
	return 0;
}

static int parse_set(struct ctx *c, struct args *a, struct pan_set_req *r)
{
	const char *kw, *val;

	while ((kw = arg_next(a))) {
		if (!strcmp(kw, "pan-addr") || !strcmp(kw, "local")) {
			if (parse_pan_addr(c, a, kw, r))
				return EXIT_USAGE;
		} else if (!strcmp(kw, "accept")) {
			if (parse_accept(c, a, kw, r))
				return EXIT_USAGE;
		} else if (!strcmp(kw, "flood")) {
			if (r->flood)
				return usage_error(c, "\"flood\" given twice");
			if (has_local(r))
				return usage_error(c, "\"flood\" cannot be combined with \"pan-addr\"");
			if (r->accept >= 0)
				return usage_error(c, "\"flood\" cannot be combined with \"accept\"");
			r->flood = arg_next(a);
			if (!r->flood || (strcmp(r->flood, "add") &&
					  strcmp(r->flood, "del")))
				return usage_error(c, "\"flood\" needs \"add\" or \"del\"");
		} else if (!strcmp(kw, "uplink")) {
			if (r->m.uplink)
				return usage_error(c, "\"uplink\" given twice");
			r->m.uplink = true;
		} else if (!strcmp(kw, "remote")) {
			if (r->m.remote.family)
				return usage_error(c, "\"remote\" given twice");
			if (arg_value(c, a, kw, &val) ||
			    parse_addr(c, val, &r->m.remote))
				return EXIT_USAGE;
		} else if (!strcmp(kw, "encap")) {
			if (r->has_encap)
				return usage_error(c, "\"encap\" given twice");
			if (arg_value(c, a, kw, &val) ||
			    parse_encap(c, val, &r->m.encap))
				return EXIT_USAGE;
			r->has_encap = true;
		} else if (!strcmp(kw, "proxy")) {
			if (parse_proxy(c, a, kw, &r->proxy))
				return EXIT_USAGE;
		} else if (!strcmp(kw, "oui")) {
			if (r->has_oui)
				return usage_error(c, "\"oui\" given twice");
			if (arg_value(c, a, kw, &val) ||
			    parse_oui(c, val, &r->oui))
				return EXIT_USAGE;
			r->has_oui = true;
		} else if (pan_miss_keyword(kw)) {
			if (parse_pan_miss(c, a, kw, &r->miss))
				return EXIT_USAGE;
		} else if (pan_learn_keyword(kw)) {
			if (parse_pan_learn(c, a, kw, &r->learn))
				return EXIT_USAGE;
		} else if (pan_mcast_keyword(kw)) {
			if (parse_pan_mcast(c, a, kw, &r->mcast))
				return EXIT_USAGE;
		} else if (pan_etherip_keyword(kw)) {
			if (parse_pan_etherip(c, a, kw, &r->etherip))
				return EXIT_USAGE;
		} else {
			return usage_error(c, "unknown keyword \"%s\"", kw);
		}
	}
	if (pan_etherip_given(&r->etherip)) {
		if (r->has_oui || r->proxy >= 0 || has_miss(r) || r->flood ||
		    has_local(r) || r->accept >= 0 || r->m.uplink ||
		    r->m.remote.family || r->has_encap ||
		    pan_learn_given(&r->learn) || pan_mcast_given(&r->mcast))
			return usage_error(c, "\"etherip\" and \"mcast-share\" are set on their own");
		return 0;
	}
	if (r->has_oui) {
		if (r->proxy >= 0 || has_miss(r) || r->flood ||
		    has_local(r) || r->accept >= 0 || r->m.uplink ||
		    r->m.remote.family || r->has_encap ||
		    pan_learn_given(&r->learn) || pan_mcast_given(&r->mcast))
			return usage_error(c, "\"oui\" is set on its own");
		return 0;
	}
	if (r->proxy >= 0) {
		if (has_miss(r) || r->flood || has_local(r) ||
		    r->accept >= 0 || r->m.uplink || r->m.remote.family ||
		    r->has_encap || pan_learn_given(&r->learn) ||
		    pan_mcast_given(&r->mcast))
			return usage_error(c, "\"proxy\" is set on its own");
		return 0;
	}
	if (pan_learn_given(&r->learn)) {
		if (has_miss(r) || r->flood || has_local(r) ||
		    r->accept >= 0 || r->m.uplink || r->m.remote.family ||
		    r->has_encap || pan_mcast_given(&r->mcast))
			return usage_error(c, "\"learning\", \"ageing\" and \"learn-max\" are set on their own");
		return 0;
	}
	if (pan_mcast_given(&r->mcast)) {
		if (has_miss(r) || r->flood || has_local(r) ||
		    r->accept >= 0 || r->m.uplink || r->m.remote.family ||
		    r->has_encap)
			return usage_error(c, "\"group\" is set on its own, with its \"encap\" and \"ttl\" after it");
		return 0;
	}
	if (has_miss(r)) {
		if (pan_miss_check(c, &r->miss))
			return EXIT_USAGE;
		if (r->flood || has_local(r) || r->accept >= 0 ||
		    r->m.uplink || r->m.remote.family || r->has_encap)
			return usage_error(c, "\"miss\" and \"anycast-mac\" are set on their own, not with \"pan-addr\", \"accept\" or \"flood\"");
		return 0;
	}
	if (!r->flood) {
		if (r->m.uplink || r->m.remote.family || r->has_encap)
			return usage_error(c, "\"%s\" is only allowed with \"flood add\" or \"flood del\"",
					   r->m.uplink ? "uplink" :
					   r->m.remote.family ? "remote" :
					   "encap");
		if (!has_local(r) && r->accept < 0)
			return usage_error(c, "nothing to set (give \"pan-addr ADDR|none\", \"accept remotes|any\", \"miss POLICY\", \"group ADDR|none\" or \"flood add|del ...\")");
		return 0;
	}
	if (r->m.uplink && (r->m.remote.family || r->has_encap))
		return usage_error(c, "\"uplink\" cannot be combined with \"remote\" or \"encap\"");
	if (!r->m.uplink && !r->m.remote.family && !r->has_encap)
		return usage_error(c, "missing flood member (\"uplink\" or \"remote ADDR encap ENCAP\")");
	if (r->m.remote.family && !r->has_encap)
		return usage_error(c, "\"remote\" needs \"encap ENCAP\"");
	if (r->has_encap && !r->m.remote.family)
		return usage_error(c, "\"encap\" needs \"remote ADDR\"");
	return 0;
}

static int pan_set(struct ctx *c, const char *sw, uint32_t pan,
		   struct args *a)
{
	struct pan_set_req r;
	int rc;

	memset(&r, 0, sizeof(r));
	r.accept = -1;
	r.proxy = -1;
	pan_miss_init(&r.miss);
	pan_learn_init(&r.learn);
	pan_mcast_init(&r.mcast);
	pan_etherip_init(&r.etherip);
	if (parse_set(c, a, &r))
		return EXIT_USAGE;
	if (!get_handle(c))
		return EXIT_KERNEL;

	if (pan_etherip_given(&r.etherip))
		return pan_etherip_set(c, sw, pan, &r.etherip);
	if (r.has_oui)
		return pswc_pan_set_oui(c->h, sw, pan, r.oui) ?
		       lib_error(c) : EXIT_OK;
	if (r.proxy >= 0)
		return pswc_pan_set_proxy(c->h, sw, pan, r.proxy) ?
		       lib_error(c) : EXIT_OK;
	if (pan_learn_given(&r.learn))
		return pan_learn_set(c, sw, pan, &r.learn);
	if (pan_mcast_given(&r.mcast))
		return pan_mcast_set(c, sw, pan, &r.mcast);
	if (has_miss(&r))
		return pan_miss_set(c, sw, pan, &r.miss);
	if (r.flood && !strcmp(r.flood, "add")) {
		rc = pswc_flood_new(c->h, sw, pan, &r.m);
	} else if (r.flood) {
		rc = pswc_flood_del(c->h, sw, pan, &r.m);
	} else {
		if (r.local_none) {
			r.local4.family = AF_INET;	/* all zeroes: clear */
			r.local6.family = AF_INET6;
		}
		rc = pswc_pan_set(c->h, sw, pan,
				  r.local4.family ? &r.local4 : NULL,
				  r.local6.family ? &r.local6 : NULL, r.accept);
	}
	return rc ? lib_error(c) : EXIT_OK;
}

int do_pan(struct ctx *c, int argc, char **argv)
{
	struct args a = { argc, argv };
	const char *verb = arg_next(&a);
	const char *sw, *id;
	uint32_t pan;
	int rc;

	if (!verb || !strcmp(verb, "show"))
		return pan_show(c, &a);
	if (!strcmp(verb, "help")) {
		pan_usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(verb, "add") && strcmp(verb, "del") && strcmp(verb, "set"))
		return unknown_verb(c, "pan", verb);

	sw = arg_next(&a);
	if (!sw)
		return usage_error(c, "missing switch name");
	if (parse_ifname(c, sw, "switch"))
		return EXIT_USAGE;
	id = arg_next(&a);
	if (!id)
		return usage_error(c, "missing PAN id");
	if (parse_pan(c, id, &pan))
		return EXIT_USAGE;
	if (!strcmp(verb, "set"))
		return pan_set(c, sw, pan, &a);
	if (arg_end(c, &a))
		return EXIT_USAGE;
	if (!get_handle(c))
		return EXIT_KERNEL;

	if (!strcmp(verb, "add"))
		rc = pswc_pan_new(c->h, sw, pan);
	else
		rc = pswc_pan_del(c->h, sw, pan);
	return rc ? lib_error(c) : EXIT_OK;
}
