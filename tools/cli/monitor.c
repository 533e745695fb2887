// SPDX-License-Identifier: GPL-2.0
/*
 * panswitch monitor: one line (or one JSON object) per notification.
 * panswitch monitor miss: one per miss event (the "events" group).
 * panswitch monitor move: one per MOVE event of a learned MAC (the same
 * group).
 */
#include <errno.h>
#include <string.h>

#include "cli.h"

void monitor_usage(FILE *f)
{
	fputs("Usage: panswitch monitor [miss | move]\n"
	      "Prints every change as \"[new] OBJECT ...\", "
	      "\"[set] OBJECT ...\" or\n"
	      "\"[del] OBJECT ...\" until killed, and a PAN's membership of its "
	      "multicast\ngroup as \"[join] mcast SWITCH pan PAN group ADDR dev "
	      "DEV\" or \"[leave] ...\";\nwith \"miss\", every miss "
	      "event of a PAN\n"
	      "with miss notify as \"[miss] SWITCH pan PAN port DEV src MAC "
	      "dst MAC [ip ADDR]\"\n"
	      "instead, with \"move\" the MOVE events of learned MACs as "
	      "\"[move] ...\"\n"
	      "(needs CAP_NET_ADMIN).\n", f);
}

static const char *const object_names[] = {
	[PSWC_OBJ_SWITCH]	= "switch",
	[PSWC_OBJ_PORT]		= "port",
	[PSWC_OBJ_PAN]		= "pan",
	[PSWC_OBJ_ENTRY]		= "entry",
	[PSWC_OBJ_LOST]		= NULL,
	[PSWC_OBJ_NEIGH]		= "neigh",
	[PSWC_OBJ_MOVE]		= "move",
	[PSWC_OBJ_TENANT]		= "tenant",
	[PSWC_OBJ_MCAST]		= "mcast",
};

/* One notification, one line (cli.h: the unit test prints with it too) */
int monitor_print_event(const struct pswc_event *ev, void *arg)
{
	const char *event = ev->is_set ? "set" : ev->is_new ? "new" : "del";

	if (ev->obj == PSWC_OBJ_MOVE)
		event = "move";
	else if (ev->obj == PSWC_OBJ_MCAST)
		event = ev->is_new ? "join" : "leave";

	if (ev->obj == PSWC_OBJ_LOST) {
		fflush(stdout);
		fprintf(stderr, "panswitch: monitor: notifications were lost (receive buffer overrun)\n");
		return 0;
	}
	(void)arg;
	open_json_object(NULL);
	print_string(PRINT_JSON, "event", NULL, event);
	print_string(PRINT_FP, NULL, "[%s]", event);
	print_string(PRINT_ANY, "object", "%s", object_names[ev->obj]);
	switch (ev->obj) {
	case PSWC_OBJ_SWITCH:
		print_switch_fields(&ev->u.sw);
		break;
	case PSWC_OBJ_PORT:
		print_port_fields(&ev->u.port);
		break;
	case PSWC_OBJ_PAN:
		print_pan_fields(&ev->u.pan);
		break;
	case PSWC_OBJ_ENTRY:
		print_entry_fields(&ev->u.entry);
		break;
	case PSWC_OBJ_NEIGH:
		print_neigh_fields(&ev->u.neigh);
		break;
	case PSWC_OBJ_MOVE:
		print_move_fields(&ev->u.move);
		break;
	case PSWC_OBJ_TENANT:
		print_tenant_fields(&ev->u.tenant);
		break;
	case PSWC_OBJ_MCAST:
		print_mcast_member_fields(&ev->u.mcast);
		break;
	default:
		break;
	}
	close_json_object();
	print_nl();
	/* a reader on a pipe sees every event as it happens */
	if (fflush(stdout) == EOF || ferror(stdout))
		return -EPIPE;
	return 0;
}

static int print_miss(const struct pswc_miss_event *ev, void *arg)
{
	char mac[PSWC_MAC_STRLEN], addr[PSWC_ADDR_STRLEN];

	(void)arg;
	if (ev->lost) {
		fflush(stdout);
		fprintf(stderr, "panswitch: monitor: miss events were lost (receive buffer overrun)\n");
		return 0;
	}
	open_json_object(NULL);
	print_string(PRINT_JSON, "event", NULL, "miss");
	print_fp("[miss]");
	print_string(PRINT_ANY, "switch", "%s", ev->sw_ifname);
	print_uint(PRINT_ANY, "pan", "pan %u", ev->pan);
	print_string(PRINT_ANY, "port", "port %s", ev->port_ifname);
	print_string(PRINT_ANY, "src", "src %s",
		     pswc_mac_format(ev->src_mac, mac));
	print_string(PRINT_ANY, "dst", "dst %s",
		     pswc_mac_format(ev->dst_mac, mac));
	if (ev->dst_ip.family)
		print_string(PRINT_ANY, "ip", "ip %s",
			     pswc_addr_format(&ev->dst_ip, addr));
	close_json_object();
	print_nl();
	if (fflush(stdout) == EOF || ferror(stdout))
		return -EPIPE;
	return 0;
}

int do_monitor(struct ctx *c, int argc, char **argv)
{
	struct args a = { argc, argv };
	bool miss = false, move = false;
	int rc;

	if (arg_peek(&a) && !strcmp(arg_peek(&a), "help")) {
		monitor_usage(stdout);
		return EXIT_OK;
	}
	if (arg_peek(&a) && !strcmp(arg_peek(&a), "miss")) {
		arg_next(&a);
		miss = true;
	} else if (arg_peek(&a) && !strcmp(arg_peek(&a), "move")) {
		arg_next(&a);
		move = true;
	}
	if (arg_end(c, &a))
		return EXIT_USAGE;
	if (!get_handle(c))
		return EXIT_KERNEL;

	/* one event, one line: never pretty-print across lines here */
	print_setup(is_json(), false);
	show_stats = false;
	if (miss) {
		rc = pswc_miss_monitor(c->h, print_miss, NULL);
	} else if (move) {
		rc = pswc_events_start(c->h);
		while (!rc)
			rc = pswc_monitor_recv(c->h, monitor_print_event, NULL);
	} else {
		rc = pswc_monitor(c->h, monitor_print_event, NULL);
	}
	if (rc == -EPIPE)
		return sys_error(c, "writing events: %s", strerror(EPIPE));
	return lib_error(c);
}
