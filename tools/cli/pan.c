// SPDX-License-Identifier: GPL-2.0
/*
 * panswitch pan add SWITCH PAN | del SWITCH PAN | show [SWITCH [PAN]]
 */
#include <string.h>

#include "panswitch.h"

void pan_usage(FILE *f)
{
	fputs("Usage: panswitch pan add SWITCH PAN\n"
	      "       panswitch pan del SWITCH PAN\n"
	      "       panswitch pan show [SWITCH [PAN]]\n"
	      "PAN := 1..16777214\n", f);
}

void print_pan_fields(const struct psw_pan *pan)
{
	print_string(PRINT_ANY, "switch", "%s", pan->sw_ifname);
	print_uint(PRINT_ANY, "pan", "pan %u", pan->pan);
	print_uint(PRINT_ANY, "ports", "ports %u", pan->port_count);
	print_uint(PRINT_ANY, "entries", "entries %u", pan->entry_count);
}

static int show_one(const struct psw_pan *pan, void *arg)
{
	(void)arg;
	show_item_begin();
	print_pan_fields(pan);
	show_item_end();
	return 0;
}

static int pan_show(struct ctx *c, struct args *a)
{
	const char *sw = arg_next(a), *id = arg_next(a);
	struct psw_pan pan;
	uint32_t n = 0;
	int rc;

	if (sw && parse_ifname(c, sw, "switch"))
		return EXIT_USAGE;
	if ((id && parse_pan(c, id, &n)) || arg_end(c, a))
		return EXIT_USAGE;
	if (!get_handle(c))
		return EXIT_KERNEL;

	if (id) {
		rc = psw_pan_get(c->h, sw, n, &pan);
		if (!rc)
			show_one(&pan, NULL);
	} else {
		rc = psw_pan_dump(c->h, sw, show_one, NULL);
		if (!rc)
			dump_check(c);
	}
	return show_finish(c, rc);
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
	if (strcmp(verb, "add") && strcmp(verb, "del"))
		return unknown_verb(c, "pan", verb);

	sw = arg_next(&a);
	if (!sw)
		return usage_error(c, "missing switch name");
	if (parse_ifname(c, sw, "switch"))
		return EXIT_USAGE;
	id = arg_next(&a);
	if (!id)
		return usage_error(c, "missing PAN id");
	if (parse_pan(c, id, &pan) || arg_end(c, &a))
		return EXIT_USAGE;
	if (!get_handle(c))
		return EXIT_KERNEL;

	if (!strcmp(verb, "add"))
		rc = psw_pan_new(c->h, sw, pan);
	else
		rc = psw_pan_del(c->h, sw, pan);
	return rc ? lib_error(c) : EXIT_OK;
}
