// SPDX-License-Identifier: GPL-2.0
/*
 * Remote objects and encapsulation negotiation in the CLI:
 * panswitch remote add|set SWITCH ADDR encaps ENCAP[,ENCAP...]
 * panswitch remote del SWITCH ADDR
 * panswitch remote show [SWITCH [ADDR]]
 * panswitch remote probe SWITCH ADDR [timeout MS]
 * and the encapsulation lists of switch set/show (parse_encaps()).
 */
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

void remote_usage(FILE *f)
{
	fputs("Usage: panswitch remote add SWITCH ADDR encaps ENCAPS\n"
	      "       panswitch remote set SWITCH ADDR encaps ENCAPS\n"
	      "       panswitch remote del SWITCH ADDR\n"
	      "       panswitch remote show [SWITCH [ADDR]]\n"
	      "       panswitch remote probe SWITCH ADDR [timeout MS]\n"
	      "ENCAPS := ENCAP[,ENCAP...]   ENCAP := vxlan | nvgre | etherip"
	      "   MS := 10..10000\n", f);
}

/* "vxlan,nvgre,etherip" ("ipip": etherip) into encaps[], at most max */
int parse_encaps(struct ctx *c, const char *s, uint8_t *encaps, size_t max,
		 size_t *n)
{
	char *dup = strdup(s), *tok, *save = NULL;
	uint8_t e;
	int rc = 0;

	*n = 0;
	if (!dup)
		return usage_error(c, "out of memory");
	for (tok = strtok_r(dup, ",", &save); tok;
	     tok = strtok_r(NULL, ",", &save)) {
		if (parse_encap(c, tok, &e)) {
			rc = EXIT_USAGE;
			break;
		}
		if (e == PSW_ENCAP_AUTO || *n >= max) {
			rc = usage_error(c, "an encapsulation list holds vxlan, nvgre and etherip");
			break;
		}
		encaps[(*n)++] = e;
	}
	free(dup);
	if (!rc && !*n)
		rc = usage_error(c, "empty encapsulation list");
	return rc;
}

/* "vxlan,nvgre" in text, an array in JSON */
void print_encaps(const char *key, const uint8_t *encaps, size_t n)
{
	char buf[64] = "";
	const char *name;
	size_t i, off = 0;

	open_json_array(PRINT_JSON, key);
	for (i = 0; i < n; i++) {
		name = pswc_encap_name(encaps[i]);
		print_string(PRINT_JSON, NULL, "%s", name ? name : "?");
		off += snprintf(buf + off, sizeof(buf) - off, "%s%s",
				i ? "," : "", name ? name : "?");
		if (off >= sizeof(buf))
			break;
	}
	close_json_array(PRINT_JSON);
	print_string(PRINT_FP, NULL, "%s", buf);
}

static const char *probe_state_name(uint8_t s)
{
	switch (s) {
	case PSW_PROBE_PENDING:
		return "pending";
	case PSW_PROBE_OK:
		return "ok";
	case PSW_PROBE_NO_ANSWER:
		return "no-answer";
	default:
		return "none";
	}
}

static int show_one(const struct pswc_remote *r, void *arg)
{
	char addr[PSWC_ADDR_STRLEN];
	const char *name;
	unsigned int i;

	(void)arg;
	show_item_begin();
	print_string(PRINT_ANY, "switch", "%s", r->sw_ifname);
	print_string(PRINT_ANY, "remote", "remote %s",
		     pswc_addr_format(&r->addr, addr));
	print_fp("encaps");
	print_encaps("encaps", r->encaps, r->nencaps);
	if (r->probe_age >= 0) {
		print_u64(PRINT_ANY, "probe_age_ms", "probed %" PRIu64 " ms ago",
			  (uint64_t)r->probe_age);
		open_json_array(PRINT_JSON, "probe");
		for (i = 0; i < r->nprobe; i++) {
			name = pswc_encap_name(r->probe[i].encap);
			open_json_object(NULL);
			print_string(PRINT_ANY, "encap", "%s", name ? name : "?");
			print_string(PRINT_ANY, "state", "%s",
				     probe_state_name(r->probe[i].state));
			if (r->probe[i].state == PSW_PROBE_OK)
				print_uint(PRINT_ANY, "size", "size %u",
					   r->probe[i].size);
			close_json_object();
		}
		close_json_array(PRINT_JSON);
	}
	show_item_end();
	return 0;
}

static int remote_show(struct ctx *c, struct args *a)
{
	const char *sw = arg_next(a), *ip = NULL;
	struct pswc_remote r;
	struct pswc_addr addr;
	int rc;

	if (sw && parse_ifname(c, sw, "switch"))
		return EXIT_USAGE;
	if (sw)
		ip = arg_next(a);
	if (ip && parse_addr(c, ip, &addr))
		return EXIT_USAGE;
	if (arg_next(a))
		return usage_error(c, "too many arguments");
	if (!get_handle(c))
		return EXIT_KERNEL;
	if (ip) {
		rc = pswc_remote_get(c->h, sw, &addr, &r);
		if (!rc)
			show_one(&r, NULL);
		pswc_remote_clear(&r);
	} else {
		rc = pswc_remote_dump(c->h, sw, show_one, NULL);
		if (!rc)
			dump_check(c);
	}
	return show_finish(c, rc);
}

/* Start a probe, wait out its timeout, print the results. */
static int remote_probe(struct ctx *c, const char *sw,
			const struct pswc_addr *addr, unsigned long timeout)
{
	struct pswc_remote r;
	int rc;

	if (pswc_remote_probe(c->h, sw, addr, timeout))
		return lib_error(c);
	usleep((timeout ? timeout : PSW_PROBE_TIMEOUT_DEFAULT) * 1000 +
	       50000);
	rc = pswc_remote_get(c->h, sw, addr, &r);
	if (!rc)
		show_one(&r, NULL);
	pswc_remote_clear(&r);
	return show_finish(c, rc);
}

int do_remote(struct ctx *c, int argc, char **argv)
{
	struct args a = { argc, argv };
	const char *verb = arg_next(&a), *sw, *ip, *kw, *val;
	uint8_t encaps[CLI_ENCAPS_MAX];
	unsigned long timeout = 0;
	struct pswc_addr addr;
	size_t n = 0;
	char *end;
	int rc;

	if (!verb || !strcmp(verb, "show"))
		return remote_show(c, &a);
	if (!strcmp(verb, "help")) {
		remote_usage(stdout);
		return EXIT_OK;
	}
	if (strcmp(verb, "add") && strcmp(verb, "set") &&
	    strcmp(verb, "del") && strcmp(verb, "probe"))
		return unknown_verb(c, "remote", verb);
	sw = arg_next(&a);
	if (!sw)
		return usage_error(c, "missing switch name");
	if (parse_ifname(c, sw, "switch"))
		return EXIT_USAGE;
	ip = arg_next(&a);
	if (!ip)
		return usage_error(c, "missing remote address");
	if (parse_addr(c, ip, &addr))
		return EXIT_USAGE;
	while ((kw = arg_next(&a))) {
		if (!strcmp(kw, "encaps") && (!strcmp(verb, "add") ||
					      !strcmp(verb, "set"))) {
			if (n)
				return usage_error(c, "\"encaps\" given twice");
			if (arg_value(c, &a, kw, &val) ||
			    parse_encaps(c, val, encaps, CLI_ENCAPS_MAX, &n))
				return EXIT_USAGE;
		} else if (!strcmp(kw, "timeout") && !strcmp(verb, "probe")) {
			if (arg_value(c, &a, kw, &val))
				return EXIT_USAGE;
			timeout = strtoul(val, &end, 10);
			if (!*val || *end || timeout < 10 ||
			    timeout > PSW_PROBE_TIMEOUT_MAX)
				return usage_error(c, "invalid timeout \"%s\" (10..10000 ms)",
						   val);
		} else {
			return usage_error(c, "unknown keyword \"%s\"", kw);
		}
	}
	if ((!strcmp(verb, "add") || !strcmp(verb, "set")) && !n)
		return usage_error(c, "missing \"encaps ENCAP[,ENCAP...]\"");
	if (!get_handle(c))
		return EXIT_KERNEL;
	if (!strcmp(verb, "probe"))
		return remote_probe(c, sw, &addr, timeout);
	if (!strcmp(verb, "add"))
		rc = pswc_remote_add(c->h, sw, &addr, encaps, n);
	else if (!strcmp(verb, "set"))
		rc = pswc_remote_set(c->h, sw, &addr, encaps, n);
	else
		rc = pswc_remote_del(c->h, sw, &addr);
	return rc ? lib_error(c) : EXIT_OK;
}
