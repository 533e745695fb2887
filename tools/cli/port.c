// SPDX-License-Identifier: GPL-2.0
/*
 * panswitch port add SWITCH dev DEV [vm] pan PAN [mac MAC ...] [ext MAC]
 * panswitch port add SWITCH dev DEV uplink
 * panswitch port del SWITCH dev DEV | show [SWITCH [dev DEV]]
 */
#include <string.h>

#include "panswitch.h"

void port_usage(FILE *f)
{
	fputs("Usage: panswitch port add SWITCH dev DEV [vm] pan PAN "
	      "[mac MAC ...] [ext MAC]\n"
	      "       panswitch port add SWITCH dev DEV uplink\n"
	      "       panswitch port del SWITCH dev DEV\n"
	      "       panswitch port show [SWITCH [dev DEV]]\n"
	      "PAN := 1..16777214   MAC := aa:bb:cc:dd:ee:ff (at most 32)\n",
	      f);
}

void print_port_fields(const struct psw_port *p)
{
	const char *role = psw_role_name(p->role);
	char mac[PSW_MAC_STRLEN];
	unsigned int i;

	print_string(PRINT_ANY, "switch", "%s", p->sw_ifname);
	print_string(PRINT_ANY, "dev", "dev %s", p->ifname);
	print_uint(PRINT_JSON, "ifindex", NULL, p->ifindex);
	if (role)
		print_string(PRINT_ANY, "role", "%s", role);
	else
		print_uint(PRINT_ANY, "role", "role %u", p->role);
	if (p->role != PSW_PORT_ROLE_VM)
		return;
	print_uint(PRINT_ANY, "pan", "pan %u", p->pan);
	open_json_array(PRINT_JSON, "macs");
	for (i = 0; i < p->nmacs; i++)
		print_string(PRINT_ANY, NULL, "mac %s",
			     psw_mac_format(p->macs[i], mac));
	close_json_array(PRINT_JSON);
	if (p->has_ext_mac)
		print_string(PRINT_ANY, "ext", "ext %s",
			     psw_mac_format(p->ext_mac, mac));
}

static int show_one(const struct psw_port *p, void *arg)
{
	(void)arg;
	show_item_begin();
	print_port_fields(p);
	show_item_end();
	return 0;
}

/* "dev DEV", the only selector after SWITCH in del and show */
static int parse_dev(struct ctx *c, struct args *a, const char **dev)
{
	const char *kw = arg_next(a);

	if (!kw)
		return usage_error(c, "missing \"dev DEV\"");
	if (strcmp(kw, "dev"))
		return usage_error(c, "unknown keyword \"%s\"", kw);
	if (arg_value(c, a, kw, dev) || parse_ifname(c, *dev, "device"))
		return EXIT_USAGE;
	return arg_end(c, a);
}

static int port_show(struct ctx *c, struct args *a)
{
	const char *sw = arg_next(a), *dev = NULL;
	struct psw_port p;
	int rc;

	if (sw && parse_ifname(c, sw, "switch"))
		return EXIT_USAGE;
	if (sw && arg_peek(a) && parse_dev(c, a, &dev))
		return EXIT_USAGE;
	if (!get_handle(c))
		return EXIT_KERNEL;

	if (dev) {
		rc = psw_port_get(c->h, sw, dev, &p);
		if (!rc)
			show_one(&p, NULL);
	} else {
		rc = psw_port_dump(c->h, sw, show_one, NULL);
		if (!rc)
			dump_check(c);
	}
	return show_finish(c, rc);
}

struct port_req {
	const char *sw;
	const char *dev;
	int role;		/* -1: not given */
	bool has_pan;
	uint32_t pan;
	unsigned int nmacs;
	uint8_t macs[PSW_PORT_MAX_MACS][PSW_ETH_ALEN];
	bool has_ext_mac;
	uint8_t ext_mac[PSW_ETH_ALEN];
};

static int set_role(struct ctx *c, struct port_req *r, int role)
{
	if (r->role >= 0)
		return usage_error(c, "port role given twice");
	r->role = role;
	return 0;
}

static int parse_add(struct ctx *c, struct args *a, struct port_req *r)
{
	const char *kw, *val;

	while ((kw = arg_next(a))) {
		if (!strcmp(kw, "vm")) {
			if (set_role(c, r, PSW_PORT_ROLE_VM))
				return EXIT_USAGE;
		} else if (!strcmp(kw, "uplink")) {
			if (set_role(c, r, PSW_PORT_ROLE_UPLINK))
				return EXIT_USAGE;
		} else if (!strcmp(kw, "dev")) {
			if (r->dev)
				return usage_error(c, "\"dev\" given twice");
			if (arg_value(c, a, kw, &r->dev) ||
			    parse_ifname(c, r->dev, "device"))
				return EXIT_USAGE;
		} else if (!strcmp(kw, "pan")) {
			if (r->has_pan)
				return usage_error(c, "\"pan\" given twice");
			if (arg_value(c, a, kw, &val) ||
			    parse_pan(c, val, &r->pan))
				return EXIT_USAGE;
			r->has_pan = true;
		} else if (!strcmp(kw, "mac")) {
			if (arg_value(c, a, kw, &val))
				return EXIT_USAGE;
			if (r->nmacs == PSW_PORT_MAX_MACS)
				return usage_error(c, "too many MAC addresses (at most %d)",
						   PSW_PORT_MAX_MACS);
			if (parse_mac(c, val, r->macs[r->nmacs]))
				return EXIT_USAGE;
			r->nmacs++;
		} else if (!strcmp(kw, "ext")) {
			if (r->has_ext_mac)
				return usage_error(c, "\"ext\" given twice");
			if (arg_value(c, a, kw, &val) ||
			    parse_mac(c, val, r->ext_mac))
				return EXIT_USAGE;
			r->has_ext_mac = true;
		} else {
			return usage_error(c, "unknown keyword \"%s\"", kw);
		}
	}
	if (!r->dev)
		return usage_error(c, "missing \"dev DEV\"");
	if (r->role < 0)
		r->role = PSW_PORT_ROLE_VM;
	if (r->role == PSW_PORT_ROLE_VM && !r->has_pan)
		return usage_error(c, "missing \"pan PAN\"");
	if (r->role == PSW_PORT_ROLE_UPLINK && (r->has_pan || r->nmacs))
		return usage_error(c, "\"pan\" and \"mac\" are not allowed with \"uplink\"");
	if (r->role == PSW_PORT_ROLE_UPLINK && r->has_ext_mac)
		return usage_error(c, "\"ext\" is not allowed with \"uplink\"");
	/* the external MAC stands for the port's one MAC */
	if (r->has_ext_mac && r->nmacs > 1)
		return usage_error(c, "\"ext\" needs a port with exactly one MAC (%u given)",
				   r->nmacs);
	return 0;
}

int do_port(struct ctx *c, int argc, char **argv)
{
	struct args a = { argc, argv };
	const char *verb = arg_next(&a);
	struct port_req r = { .role = -1 };
	bool add;
	int rc;

	if (!verb || !strcmp(verb, "show"))
		return port_show(c, &a);
	if (!strcmp(verb, "help")) {
		port_usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(verb, "add") && strcmp(verb, "del"))
		return unknown_verb(c, "port", verb);
	add = !strcmp(verb, "add");

	r.sw = arg_next(&a);
	if (!r.sw)
		return usage_error(c, "missing switch name");
	if (parse_ifname(c, r.sw, "switch"))
		return EXIT_USAGE;
	rc = add ? parse_add(c, &a, &r) : parse_dev(c, &a, &r.dev);
	if (rc)
		return EXIT_USAGE;
	if (!get_handle(c))
		return EXIT_KERNEL;

	if (add)
		rc = psw_port_new(c->h, r.sw, r.dev, r.role, r.pan,
				  (const uint8_t (*)[PSW_ETH_ALEN])r.macs,
				  r.nmacs, r.has_ext_mac ? r.ext_mac : NULL);
	else
		rc = psw_port_del(c->h, r.sw, r.dev);
	return rc ? lib_error(c) : EXIT_OK;
}
