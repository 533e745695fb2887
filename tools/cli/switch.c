// SPDX-License-Identifier: GPL-2.0
/*
 * panswitch switch add NAME | del NAME | show [NAME]
 */
#include <string.h>

#include "panswitch.h"

void switch_usage(FILE *f)
{
	fputs("Usage: panswitch switch add NAME\n"
	      "       panswitch switch del NAME\n"
	      "       panswitch switch show [NAME]\n", f);
}

void print_switch_fields(const struct psw_switch *sw)
{
	print_string(PRINT_ANY, "ifname", "%s", sw->ifname);
	print_uint(PRINT_ANY, "ifindex", "ifindex %u", sw->ifindex);
	print_uint(PRINT_ANY, "pans", "pans %u", sw->pan_count);
	print_uint(PRINT_ANY, "ports", "ports %u", sw->port_count);
	print_uint(PRINT_ANY, "entries", "entries %u", sw->entry_count);
}

static int show_one(const struct psw_switch *sw, void *arg)
{
	(void)arg;
	show_item_begin();
	print_switch_fields(sw);
	show_item_end();
	return 0;
}

static int switch_show(struct ctx *c, struct args *a)
{
	const char *name = arg_next(a);
	struct psw_switch sw;
	int rc;

	if ((name && parse_ifname(c, name, "switch")) || arg_end(c, a))
		return EXIT_USAGE;
	if (!get_handle(c))
		return EXIT_KERNEL;

	if (name) {
		rc = psw_switch_get(c->h, name, &sw);
		if (!rc)
			show_one(&sw, NULL);
	} else {
		rc = psw_switch_dump(c->h, show_one, NULL);
		if (!rc)
			dump_check(c);
	}
	return show_finish(c, rc);
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
	if (add ? psw_switch_new(c->h, name) : psw_switch_del(c->h, name))
		return lib_error(c);
	return EXIT_OK;
}
