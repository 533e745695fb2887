// SPDX-License-Identifier: GPL-2.0
/*
 * The tenant map in the CLI:
 * panswitch tenant add SWITCH [oui OUI] [vlan VID] pan PAN
 * panswitch tenant del SWITCH [oui OUI] [vlan VID]
 * panswitch tenant show [SWITCH [pan PAN | oui OUI [vlan VID] | vlan VID]]
 * and what pan show prints of a PAN's map entries (pan set SWITCH PAN
 * oui OUI is parsed in pan.c).
 */
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void tenant_usage(FILE *f)
{
	fputs("Usage: panswitch tenant add SWITCH [oui OUI] [vlan VID] pan PAN\n"
	      "       panswitch tenant del SWITCH [oui OUI] [vlan VID]\n"
	      "       panswitch tenant show [SWITCH [pan PAN | [oui OUI] "
	      "[vlan VID]]]\n"
	      CLI_PAN_RANGE "   OUI := aa:bb:cc (I/G bit clear)   "
	      "VID := 1..4094 (oui and/or vlan)\n", f);
}

/* "aa:bb:cc" (or aa-bb-cc): any 24-bit value; the kernel checks the rest */
int parse_oui(struct ctx *c, const char *s, uint32_t *oui)
{
	uint8_t b[3];
	unsigned int i;
	char *end;
	long v;

	for (i = 0; i < 3; i++) {
		if (!((s[0] >= '0' && s[0] <= '9') ||
		      (s[0] >= 'a' && s[0] <= 'f') ||
		      (s[0] >= 'A' && s[0] <= 'F')))
			goto bad;
		v = strtol(s, &end, 16);
		if (end - s > 2 || v < 0 || v > 0xff)
			goto bad;
		b[i] = v;
		s = end;
		if (i < 2) {
			if (*s != ':' && *s != '-')
				goto bad;
			s++;
		}
	}
	if (*s)
		goto bad;
	*oui = (uint32_t)b[0] << 16 | b[1] << 8 | b[2];
	return 0;
bad:
	return usage_error(c, "invalid OUI (aa:bb:cc)");
}

/*
 * A VLAN id as given: any 16-bit number goes to the kernel, which refuses
 * 0 and 4095 and above with its own message.
 */
static int parse_tenant_vlan(struct ctx *c, const char *s, int *vid)
{
	unsigned long v = 0;
	const char *p;

	for (p = s; *p >= '0' && *p <= '9' && v <= 65535; p++)
		v = v * 10 + (*p - '0');
	if (!*s || *p || v > 65535)
		return usage_error(c, "invalid VLAN \"%s\" (1..4094)", s);
	*vid = v;
	return 0;
}

void print_tenant_key(bool has_oui, uint32_t oui, uint16_t vlan)
{
	char buf[9];

	if (has_oui) {
		snprintf(buf, sizeof(buf), "%02x:%02x:%02x", oui >> 16 & 0xff,
			 oui >> 8 & 0xff, oui & 0xff);
		print_string(PRINT_ANY, "oui", "oui %s", buf);
	}
	if (vlan)
		print_uint(PRINT_ANY, "vlan", "vlan %u", vlan);
}

void print_tenant_fields(const struct pswc_tenant *t)
{
	print_string(PRINT_ANY, "switch", "%s", t->sw_ifname);
	print_tenant_key(t->has_oui, t->oui, t->vlan);
	print_uint(PRINT_ANY, "pan", "pan %u", t->pan);
}

static int show_one(const struct pswc_tenant *t, void *arg)
{
	(void)arg;
	show_item_begin();
	print_tenant_fields(t);
	show_item_end();
	return 0;
}

/* pan show: a PAN's keys, collected by one tenant dump of its switch */
struct tenant_keys {
	size_t n;
	struct pswc_tenant *t;
};

static int collect_one(const struct pswc_tenant *t, void *arg)
{
	struct tenant_keys *k = arg;
	struct pswc_tenant *p;

	p = realloc(k->t, (k->n + 1) * sizeof(*p));
	if (!p)
		return -1;
	p[k->n++] = *t;
	k->t = p;
	return 0;
}

/* The map entries of every switch (sw NULL) or one; NULL on failure */
struct tenant_keys *tenant_keys_get(struct ctx *c, const char *sw)
{
	struct tenant_keys *k = calloc(1, sizeof(*k));

	if (k && pswc_tenant_dump(c->h, sw, 0, collect_one, k)) {
		tenant_keys_free(k);
		return NULL;
	}
	return k;
}

void tenant_keys_free(struct tenant_keys *k)
{
	if (k)
		free(k->t);
	free(k);
}

/* After a PAN's fields: the keys of the map entries naming it */
void print_pan_tenants(const struct tenant_keys *k, const struct pswc_pan *pan)
{
	size_t i;

	if (!k)
		return;
	open_json_array(PRINT_JSON, "tenants");
	for (i = 0; i < k->n; i++) {
		if (k->t[i].pan != pan->pan ||
		    strcmp(k->t[i].sw_ifname, pan->sw_ifname))
			continue;
		open_json_object(NULL);
		print_fp("tenant");
		print_tenant_key(k->t[i].has_oui, k->t[i].oui, k->t[i].vlan);
		close_json_object();
	}
	close_json_array(PRINT_JSON);
}

struct tenant_req {
	uint32_t oui;
	bool has_oui;
	int vlan;		/* -1: not given */
	uint32_t pan;
	bool has_pan;
};

static int parse_keys(struct ctx *c, struct args *a, struct tenant_req *r,
		      bool want_pan)
{
	const char *kw, *val;

	while ((kw = arg_next(a))) {
		if (!strcmp(kw, "oui")) {
			if (r->has_oui)
				return usage_error(c, "\"oui\" given twice");
			if (arg_value(c, a, kw, &val) ||
			    parse_oui(c, val, &r->oui))
				return EXIT_USAGE;
			r->has_oui = true;
		} else if (!strcmp(kw, "vlan")) {
			if (r->vlan >= 0)
				return usage_error(c, "\"vlan\" given twice");
			if (arg_value(c, a, kw, &val) ||
			    parse_tenant_vlan(c, val, &r->vlan))
				return EXIT_USAGE;
		} else if (want_pan && !strcmp(kw, "pan")) {
			if (r->has_pan)
				return usage_error(c, "\"pan\" given twice");
			if (arg_value(c, a, kw, &val) ||
			    parse_pan(c, val, &r->pan))
				return EXIT_USAGE;
			r->has_pan = true;
		} else {
			return usage_error(c, "unknown keyword \"%s\"", kw);
		}
	}
	return 0;
}

static int tenant_show(struct ctx *c, struct args *a)
{
	struct tenant_req r = { .vlan = -1 };
	const char *sw = arg_next(a);
	struct pswc_tenant t;
	int rc;

	if (sw && parse_ifname(c, sw, "switch"))
		return EXIT_USAGE;
	if (parse_keys(c, a, &r, true))
		return EXIT_USAGE;
	if (r.has_pan && (r.has_oui || r.vlan >= 0))
		return usage_error(c, "give \"pan PAN\" or a key, not both");
	if (!get_handle(c))
		return EXIT_KERNEL;
	if (r.has_oui || r.vlan >= 0) {
		rc = pswc_tenant_get(c->h, sw, r.has_oui ? &r.oui : NULL,
				     r.vlan, &t);
		if (!rc)
			show_one(&t, NULL);
	} else {
		rc = pswc_tenant_dump(c->h, sw, r.pan, show_one, NULL);
		if (!rc)
			dump_check(c);
	}
	return show_finish(c, rc);
}

int do_tenant(struct ctx *c, int argc, char **argv)
{
	struct tenant_req r = { .vlan = -1 };
	struct args a = { argc, argv };
	const char *verb = arg_next(&a);
	const char *sw;
	bool add;
	int rc;

	if (!verb || !strcmp(verb, "show"))
		return tenant_show(c, &a);
	if (!strcmp(verb, "help")) {
		tenant_usage(stdout);
		return EXIT_OK;
	}
	add = !strcmp(verb, "add");
	if (!add && strcmp(verb, "del"))
		return unknown_verb(c, "tenant", verb);
	sw = arg_next(&a);
	if (!sw)
		return usage_error(c, "missing switch name");
	if (parse_ifname(c, sw, "switch"))
		return EXIT_USAGE;
	if (parse_keys(c, &a, &r, add))
		return EXIT_USAGE;
	if (!r.has_oui && r.vlan < 0)
		return usage_error(c, "missing \"oui OUI\" and/or \"vlan VID\"");
	if (add && !r.has_pan)
		return usage_error(c, "missing \"pan PAN\"");
	if (!get_handle(c))
		return EXIT_KERNEL;
	if (add)
		rc = pswc_tenant_add(c->h, sw, r.has_oui ? &r.oui : NULL,
				     r.vlan, r.pan);
	else
		rc = pswc_tenant_del(c->h, sw, r.has_oui ? &r.oui : NULL,
				     r.vlan);
	return rc ? lib_error(c) : EXIT_OK;
}
