// SPDX-License-Identifier: GPL-2.0
/*
 * panswitch port add SWITCH dev DEV [vm] pan PAN [mac MAC ...] [ext MAC]
 * panswitch port add SWITCH dev DEV uplink [vlan VID]
 * panswitch port add SWITCH dev DEV trunk classify oui|vlan|oui+vlan
 * panswitch port add SWITCH dev DEV tep [tpid TPID]
 * panswitch port set SWITCH dev DEV [security on|off] [lldp on|off]
 *                    [allow none|MAC[/IP]...]
 * panswitch port set SWITCH dev DEV isolated on [vlan VID] | isolated off
 * panswitch port del SWITCH dev DEV | show [SWITCH [dev DEV]]
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

void port_usage(FILE *f)
{
	fputs("Usage: panswitch port add SWITCH dev DEV [vm] pan PAN "
	      "[mac MAC ...] [ext MAC]\n"
	      "       panswitch port add SWITCH dev DEV uplink [vlan VID]\n"
	      "       panswitch port add SWITCH dev DEV trunk classify "
	      "{ oui | vlan | oui+vlan }\n"
	      "       panswitch port add SWITCH dev DEV tep [tpid TPID]\n"
	      "       panswitch port set SWITCH dev DEV [security { on | off }] "
	      "[lldp { on | off }]\n"
	      "                                [allow { none | MAC[/IP] ... }]\n"
	      "       panswitch port set SWITCH dev DEV isolated { on [vlan VID] | off }\n"
	      "       panswitch port del SWITCH dev DEV\n"
	      "       panswitch port show [SWITCH [dev DEV]]\n"
	      CLI_PAN_RANGE "   MAC := aa:bb:cc:dd:ee:ff (at most "
	      CLI_STR(PSW_PORT_MAX_MACS) ")   "
	      "VID := 1..4094   TPID := 0x0600..0xffff (default 0x88b5)\n"
	      "   allow: at most " CLI_STR(PSW_PORT_ALLOW_MAX) " MAC or "
	      "MAC/IP (IPv4 or IPv6) entries\n",
	      f);
}

void print_port_fields(const struct pswc_port *p)
{
	const char *role = pswc_role_name(p->role);
	char mac[PSWC_MAC_STRLEN];
	unsigned int i;

	print_string(PRINT_ANY, "switch", "%s", p->sw_ifname);
	print_string(PRINT_ANY, "dev", "dev %s", p->ifname);
	print_uint(PRINT_JSON, "ifindex", NULL, p->ifindex);
	if (role)
		print_string(PRINT_ANY, "role", "%s", role);
	else
		print_uint(PRINT_ANY, "role", "role %u", p->role);
	if (p->vlan && p->role != PSW_PORT_ROLE_VM)
		print_uint(PRINT_ANY, "vlan", "vlan %u", p->vlan);
	if (p->role != PSW_PORT_ROLE_VM)
		return;
	print_uint(PRINT_ANY, "pan", "pan %u", p->pan);
	open_json_array(PRINT_JSON, "macs");
	for (i = 0; i < p->nmacs; i++)
		print_string(PRINT_ANY, NULL, "mac %s",
			     pswc_mac_format(p->macs[i], mac));
	close_json_array(PRINT_JSON);
	if (p->has_ext_mac)
		print_string(PRINT_ANY, "ext", "ext %s",
			     pswc_mac_format(p->ext_mac, mac));
	if (!p->has_policy)
		return;
	print_bool(PRINT_JSON, "security", NULL, p->security);
	print_string(PRINT_FP, NULL, "security %s", p->security ? "on" : "off");
	print_bool(PRINT_JSON, "lldp", NULL, p->lldp);
	print_string(PRINT_FP, NULL, "lldp %s", p->lldp ? "on" : "off");
	/* an isolated vm port's VLAN of the pool (the kernel sends it then) */
	if (p->vlan) {
		print_bool(PRINT_JSON, "isolated", NULL, true);
		print_fp("isolated on");
		print_uint(PRINT_ANY, "vlan", "vlan %u", p->vlan);
	}
}

static const char *const classify_names[] = {
	[PSW_CLASSIFY_OUI] = "oui",
	[PSW_CLASSIFY_VLAN] = "vlan",
	[PSW_CLASSIFY_OUI_VLAN] = "oui+vlan",
};

/* A trunk's classification, after its fields; nothing for other ports */
static void print_port_classify(uint8_t classify)
{
	if (!classify)
		return;
	if (classify < ARRAY_SIZE(classify_names) && classify_names[classify])
		print_string(PRINT_ANY, "classify", "classify %s",
			     classify_names[classify]);
	else
		print_uint(PRINT_ANY, "classify", "classify %u", classify);
}

/*
 * A vm port's allow list: text "allow MAC[/IP] ..." (nothing when empty),
 * JSON "allow": [{"mac": MAC[, "ip": IP]}, ...] (empty: [])
 */
static void print_port_allow(const struct pswc_port_ext *ext)
{
	char mac[PSWC_MAC_STRLEN], ip[PSWC_ADDR_STRLEN];
	char text[PSWC_MAC_STRLEN + PSWC_ADDR_STRLEN + 1];
	const struct pswc_port_allow *e;
	unsigned int i;

	if (!ext->has_allow)
		return;
	if (ext->nallow)
		print_fp("allow");
	open_json_array(PRINT_JSON, "allow");
	for (i = 0; i < ext->nallow; i++) {
		e = &ext->allow[i];
		pswc_mac_format(e->mac, mac);
		open_json_object(NULL);
		print_string(PRINT_JSON, "mac", NULL, mac);
		if (e->addr.family) {
			pswc_addr_format(&e->addr, ip);
			print_string(PRINT_JSON, "ip", NULL, ip);
			snprintf(text, sizeof(text), "%s/%s", mac, ip);
		} else {
			snprintf(text, sizeof(text), "%s", mac);
		}
		print_string(PRINT_FP, NULL, "%s", text);
		close_json_object();
	}
	close_json_array(PRINT_JSON);
}

static int show_one(const struct pswc_port *p, const struct pswc_port_ext *ext,
		    uint16_t tpid, void *arg)
{
	char hex[7];

	(void)arg;
	show_item_begin();
	print_port_fields(p);
	print_port_classify(ext->classify);
	if (tpid) {
		snprintf(hex, sizeof(hex), "0x%04x", tpid);
		print_string(PRINT_ANY, "tpid", "tpid %s", hex);
	}
	print_port_allow(ext);
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
	struct pswc_port_ext ext;
	struct pswc_port p;
	uint16_t tpid;
	int rc;

	if (sw && parse_ifname(c, sw, "switch"))
		return EXIT_USAGE;
	if (sw && arg_peek(a) && parse_dev(c, a, &dev))
		return EXIT_USAGE;
	if (!get_handle(c))
		return EXIT_KERNEL;

	if (dev) {
		rc = pswc_port_tep_get(c->h, sw, dev, &p, &ext, &tpid);
		if (!rc)
			show_one(&p, &ext, tpid, NULL);
		pswc_port_clear(&p);
		pswc_port_ext_clear(&ext);
	} else {
		rc = pswc_port_tep_dump(c->h, sw, show_one, NULL);
		if (!rc)
			dump_check(c);
	}
	return show_finish(c, rc);
}

struct port_req {
	int role;		/* -1: not given */
	bool has_pan;
	bool has_vlan;
	int classify;		/* trunk: enum psw_classify, -1: not given */
	int tpid;		/* tep: its tag's TPID, -1: not given */
	struct pswc_port p;	/* what pswc_port_add() sends */
	uint8_t macs[PSW_PORT_MAX_MACS][PSWC_ETH_ALEN];	/* p.macs */
};

static int set_role(struct ctx *c, struct port_req *r, int role)
{
	if (r->role >= 0)
		return usage_error(c, "port role given twice");
	r->role = role;
	return 0;
}

/* "dev DEV" (kw just consumed) into *dev, given once */
static int take_dev(struct ctx *c, struct args *a, const char *kw,
		    const char **dev)
{
	if (*dev)
		return usage_error(c, "\"dev\" given twice");
	if (arg_value(c, a, kw, dev) || parse_ifname(c, *dev, "device"))
		return EXIT_USAGE;
	return 0;
}

static int parse_vlan(struct ctx *c, const char *s, uint16_t *vid)
{
	unsigned int v = 0;
	const char *p;

	for (p = s; *p >= '0' && *p <= '9' && v <= 4094; p++)
		v = v * 10 + (*p - '0');
	if (!*s || *p || !v || v > 4094)
		return usage_error(c, "invalid VLAN \"%s\" (1..4094)", s);
	*vid = v;
	return 0;
}

/* "KW on|off" (KW just consumed) into *val (1 or 0); -1 means not given */
static int parse_on_off(struct ctx *c, struct args *a, const char *kw,
			int *val)
{
	const char *s;

	if (*val >= 0)
		return usage_error(c, "\"%s\" given twice", kw);
	if (arg_value(c, a, kw, &s))
		return EXIT_USAGE;
	if (strcmp(s, "on") && strcmp(s, "off"))
		return usage_error(c, "\"%s\" takes on or off, not \"%s\"", kw, s);
	*val = !strcmp(s, "on");
	return 0;
}

static int parse_classify(struct ctx *c, const char *s, int *classify)
{
	unsigned int i;

	for (i = 1; i < ARRAY_SIZE(classify_names); i++) {
		if (classify_names[i] && !strcmp(s, classify_names[i])) {
			*classify = i;
			return 0;
		}
	}
	return usage_error(c, "\"classify\" takes oui, vlan or oui+vlan, not \"%s\"",
			   s);
}

/* A TPID, 0x0001..0xffff, hex (0x...) or decimal; the kernel judges it */
static int parse_tpid(struct ctx *c, const char *s, int *tpid)
{
	unsigned long v;
	char *end;

	errno = 0;
	v = strtoul(s, &end, 0);
	if (!*s || *end || errno || !v || v > 0xffff || *s == '-')
		return usage_error(c, "invalid TPID \"%s\" (0x0600..0xffff)", s);
	*tpid = v;
	return 0;
}

static int parse_add(struct ctx *c, struct args *a, struct port_req *r)
{
	struct pswc_port *p = &r->p;
	const char *kw, *val, *dev = NULL;

	while ((kw = arg_next(a))) {
		if (!strcmp(kw, "vm")) {
			if (set_role(c, r, PSW_PORT_ROLE_VM))
				return EXIT_USAGE;
		} else if (!strcmp(kw, "uplink")) {
			if (set_role(c, r, PSW_PORT_ROLE_UPLINK))
				return EXIT_USAGE;
		} else if (!strcmp(kw, "trunk")) {
			if (set_role(c, r, PSW_PORT_ROLE_TRUNK))
				return EXIT_USAGE;
		} else if (!strcmp(kw, "tep")) {
			if (set_role(c, r, PSW_PORT_ROLE_TEP))
				return EXIT_USAGE;
		} else if (!strcmp(kw, "tpid")) {
			if (r->tpid >= 0)
				return usage_error(c, "\"tpid\" given twice");
			if (arg_value(c, a, kw, &val) ||
			    parse_tpid(c, val, &r->tpid))
				return EXIT_USAGE;
		} else if (!strcmp(kw, "classify")) {
			if (r->classify >= 0)
				return usage_error(c, "\"classify\" given twice");
			if (arg_value(c, a, kw, &val) ||
			    parse_classify(c, val, &r->classify))
				return EXIT_USAGE;
		} else if (!strcmp(kw, "dev")) {
			if (take_dev(c, a, kw, &dev))
				return EXIT_USAGE;
			snprintf(p->ifname, sizeof(p->ifname), "%s", dev);
		} else if (!strcmp(kw, "pan")) {
			if (r->has_pan)
				return usage_error(c, "\"pan\" given twice");
			if (arg_value(c, a, kw, &val) ||
			    parse_pan(c, val, &p->pan))
				return EXIT_USAGE;
			r->has_pan = true;
		} else if (!strcmp(kw, "mac")) {
			if (arg_value(c, a, kw, &val))
				return EXIT_USAGE;
			if (p->nmacs == PSW_PORT_MAX_MACS)
				return usage_error(c, "too many MAC addresses (at most %d)",
						   PSW_PORT_MAX_MACS);
			p->macs = r->macs;
			if (parse_mac(c, val, r->macs[p->nmacs]))
				return EXIT_USAGE;
			p->nmacs++;
		} else if (!strcmp(kw, "ext")) {
			if (p->has_ext_mac)
				return usage_error(c, "\"ext\" given twice");
			if (arg_value(c, a, kw, &val) ||
			    parse_mac(c, val, p->ext_mac))
				return EXIT_USAGE;
			p->has_ext_mac = true;
		} else if (!strcmp(kw, "vlan")) {
			if (r->has_vlan)
				return usage_error(c, "\"vlan\" given twice");
			if (arg_value(c, a, kw, &val) ||
			    parse_vlan(c, val, &p->vlan))
				return EXIT_USAGE;
			r->has_vlan = true;
		} else {
			return usage_error(c, "unknown keyword \"%s\"", kw);
		}
	}
	if (!dev)
		return usage_error(c, "missing \"dev DEV\"");
	if (r->role < 0)
		r->role = PSW_PORT_ROLE_VM;
	p->role = r->role;
	if (r->tpid >= 0 && r->role != PSW_PORT_ROLE_TEP)
		return usage_error(c, "\"tpid\" is only allowed with \"tep\"");
	if (r->role == PSW_PORT_ROLE_VM && !r->has_pan)
		return usage_error(c, "missing \"pan PAN\"");
	if (r->role == PSW_PORT_ROLE_UPLINK && (r->has_pan || p->nmacs))
		return usage_error(c, "\"pan\" and \"mac\" are not allowed with \"uplink\"");
	if (r->role == PSW_PORT_ROLE_UPLINK && p->has_ext_mac)
		return usage_error(c, "\"ext\" is not allowed with \"uplink\"");
	if (r->role == PSW_PORT_ROLE_TRUNK) {
		if (r->has_pan || p->nmacs || p->has_ext_mac || r->has_vlan)
			return usage_error(c, "\"pan\", \"mac\", \"ext\" and \"vlan\" are not allowed with \"trunk\" (the tenant map says)");
		if (r->classify < 0)
			return usage_error(c, "missing \"classify oui|vlan|oui+vlan\"");
		return 0;
	}
	if (r->classify >= 0)
		return usage_error(c, "\"classify\" is only allowed with \"trunk\"");
	if (r->role == PSW_PORT_ROLE_TEP) {
		if (r->has_pan || p->nmacs || p->has_ext_mac || r->has_vlan)
			return usage_error(c, "\"pan\", \"mac\", \"ext\" and \"vlan\" are not allowed with \"tep\" (the VNID tag says)");
		return 0;
	}
	if (r->role == PSW_PORT_ROLE_VM && r->has_vlan)
		return usage_error(c, "\"vlan\" is only allowed with \"uplink\" (a vm port carries untagged frames)");
	/* the external MAC stands for the port's one MAC */
	if (p->has_ext_mac && p->nmacs > 1)
		return usage_error(c, "\"ext\" needs a port with exactly one MAC (%u given)",
				   p->nmacs);
	return 0;
}

/* Is s a keyword of port set (so no allow list entry)? */
static bool port_set_kw(const char *s)
{
	return !strcmp(s, "dev") || !strcmp(s, "security") ||
	       !strcmp(s, "lldp") || !strcmp(s, "allow");
}

/* One allow list entry, MAC or MAC/IP. The kernel judges the values. */
static int parse_allow_entry(struct ctx *c, const char *s,
			     struct pswc_port_allow *e)
{
	char buf[PSWC_MAC_STRLEN + PSWC_ADDR_STRLEN + 1];
	char *ip;

	if (strlen(s) >= sizeof(buf))
		return usage_error(c, "invalid allow list entry \"%s\" (MAC or MAC/IP)",
				   s);
	snprintf(buf, sizeof(buf), "%s", s);
	memset(e, 0, sizeof(*e));
	ip = strchr(buf, '/');
	if (ip)
		*ip++ = '\0';
	if (parse_mac(c, buf, e->mac) || (ip && parse_addr(c, ip, &e->addr)))
		return EXIT_USAGE;
	return 0;
}

/* "allow none | MAC[/IP]..." (kw just consumed) into allow[*nallow] */
static int parse_allow(struct ctx *c, struct args *a, const char *kw,
		       struct pswc_port_allow *allow, int *nallow)
{
	const char *s;

	if (*nallow >= 0)
		return usage_error(c, "\"%s\" given twice", kw);
	if (arg_value(c, a, kw, &s))
		return EXIT_USAGE;
	*nallow = 0;
	if (!strcmp(s, "none"))
		return 0;
	for (;;) {
		if (*nallow == PSW_PORT_ALLOW_MAX)
			return usage_error(c, "too many allow list entries (at most %d)",
					   PSW_PORT_ALLOW_MAX);
		if (parse_allow_entry(c, s, &allow[(*nallow)++]))
			return EXIT_USAGE;
		s = arg_peek(a);
		if (!s || port_set_kw(s))
			return 0;
		arg_next(a);
	}
}

/*
 * port set SWITCH dev DEV [security on|off] [lldp on|off]
 *                         [allow none|MAC[/IP]...]
 */
/* "vlan VID" after "isolated on": 1..4094 */
static int parse_iso_vlan(struct ctx *c, struct args *a, int *vlan)
{
	unsigned int v = 0;
	const char *s, *p;

	if (*vlan)
		return usage_error(c, "\"vlan\" given twice");
	if (arg_value(c, a, "vlan", &s))
		return EXIT_USAGE;
	for (p = s; *p >= '0' && *p <= '9' && v <= 4094; p++)
		v = v * 10 + (*p - '0');
	if (!*s || *p || !v || v > 4094)
		return usage_error(c, "invalid VLAN \"%s\" (1..4094)", s);
	*vlan = v;
	return 0;
}

static int port_set(struct ctx *c, struct args *a, const char *sw)
{
	struct pswc_port_allow allow[PSW_PORT_ALLOW_MAX];
	int security = -1, lldp = -1, nallow = -1;
	int isolated = -1, vlan = 0;
	const char *kw, *dev = NULL;

	while ((kw = arg_next(a))) {
		if (!strcmp(kw, "dev")) {
			if (take_dev(c, a, kw, &dev))
				return EXIT_USAGE;
		} else if (!strcmp(kw, "security")) {
			if (parse_on_off(c, a, kw, &security))
				return EXIT_USAGE;
		} else if (!strcmp(kw, "lldp")) {
			if (parse_on_off(c, a, kw, &lldp))
				return EXIT_USAGE;
		} else if (!strcmp(kw, "allow")) {
			if (parse_allow(c, a, kw, allow, &nallow))
				return EXIT_USAGE;
		} else if (!strcmp(kw, "isolated")) {
			if (parse_on_off(c, a, kw, &isolated))
				return EXIT_USAGE;
		} else if (!strcmp(kw, "vlan")) {
			if (isolated != 1)
				return usage_error(c, "\"vlan\" follows \"isolated on\"");
			if (parse_iso_vlan(c, a, &vlan))
				return EXIT_USAGE;
		} else {
			return usage_error(c, "unknown keyword \"%s\"", kw);
		}
	}
	if (!dev)
		return usage_error(c, "missing \"dev DEV\"");
	if (isolated >= 0) {
		/* a request of its own (pswc_port_set_isolated()) */
		if (security >= 0 || lldp >= 0 || nallow >= 0)
			return usage_error(c, "\"isolated\" is set alone");
		if (!get_handle(c))
			return EXIT_KERNEL;
		if (pswc_port_set_isolated(c->h, sw, dev, isolated, vlan))
			return lib_error(c);
		return EXIT_OK;
	}
	if (security < 0 && lldp < 0 && nallow < 0)
		return usage_error(c, "nothing to set (give \"security\", \"lldp\", \"allow\" or \"isolated\")");
	if (!get_handle(c))
		return EXIT_KERNEL;
	if (pswc_port_set_policy(c->h, sw, dev, security, lldp, allow, nallow))
		return lib_error(c);
	return EXIT_OK;
}

int do_port(struct ctx *c, int argc, char **argv)
{
	struct args a = { argc, argv };
	const char *verb = arg_next(&a);
	struct port_req r = { .role = -1, .classify = -1, .tpid = -1 };
	const char *sw, *dev = NULL;
	bool add;
	int rc;

	if (!verb || !strcmp(verb, "show"))
		return port_show(c, &a);
	if (!strcmp(verb, "help")) {
		port_usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(verb, "add") && strcmp(verb, "del") && strcmp(verb, "set"))
		return unknown_verb(c, "port", verb);
	add = !strcmp(verb, "add");

	sw = arg_next(&a);
	if (!sw)
		return usage_error(c, "missing switch name");
	if (parse_ifname(c, sw, "switch"))
		return EXIT_USAGE;
	if (!strcmp(verb, "set"))
		return port_set(c, &a, sw);
	memset(&r.p, 0, sizeof(r.p));
	snprintf(r.p.sw_ifname, sizeof(r.p.sw_ifname), "%s", sw);
	rc = add ? parse_add(c, &a, &r) : parse_dev(c, &a, &dev);
	if (rc)
		return EXIT_USAGE;
	if (!get_handle(c))
		return EXIT_KERNEL;

	if (add && r.role == PSW_PORT_ROLE_TRUNK)
		rc = pswc_port_trunk_new(c->h, sw, r.p.ifname, r.classify);
	else if (add && r.role == PSW_PORT_ROLE_TEP)
		rc = pswc_port_tep_new(c->h, sw, r.p.ifname,
				       r.tpid < 0 ? 0 : r.tpid);
	else if (add)
		rc = pswc_port_add(c->h, &r.p);
	else
		rc = pswc_port_del(c->h, sw, dev);
	return rc ? lib_error(c) : EXIT_OK;
}
