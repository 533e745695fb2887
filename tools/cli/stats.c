// SPDX-License-Identifier: GPL-2.0
/*
 * panswitch stats [show] SWITCH [port DEV | pan PAN]
 */
#include <inttypes.h>
#include <string.h>

#include "cli.h"

void stats_usage(FILE *f)
{
	fputs("Usage: panswitch stats [show] SWITCH [port DEV | pan PAN]\n"
	      "Without port or pan: every port, then every PAN.\n", f);
}

/*
 * Counters. Text shows the per-mode counters only when one is not zero,
 * and only the drop reasons that are not zero.
 */
void print_counters(const struct pswc_stats *s)
{
	const char *name;
	bool any = false;
	int r;

	print_u64(PRINT_ANY, "rx_packets", "rx %" PRIu64 " packets",
		  s->rx_packets);
	print_u64(PRINT_ANY, "rx_bytes", "%" PRIu64 " bytes", s->rx_bytes);
	print_u64(PRINT_ANY, "tx_packets", "tx %" PRIu64 " packets",
		  s->tx_packets);
	print_u64(PRINT_ANY, "tx_bytes", "%" PRIu64 " bytes", s->tx_bytes);
	print_u64(PRINT_ANY, "flooded", "flooded %" PRIu64, s->flooded);

	if (!is_json() && (s->xlate_tx || s->xlate_rx || s->encap_tx ||
			   s->encap_rx)) {
		print_nl();
		print_fp("   ");
	}
	if (is_json() || s->xlate_tx || s->xlate_rx || s->encap_tx ||
	    s->encap_rx) {
		print_u64(PRINT_ANY, "xlate_tx", "xlate tx %" PRIu64,
			  s->xlate_tx);
		print_u64(PRINT_ANY, "xlate_rx", "rx %" PRIu64, s->xlate_rx);
		print_u64(PRINT_ANY, "encap_tx", "encap tx %" PRIu64,
			  s->encap_tx);
		print_u64(PRINT_ANY, "encap_rx", "rx %" PRIu64, s->encap_rx);
	}

	open_json_object("drops");
	for (r = 1; r <= PSW_DROP_MAX; r++) {
		name = pswc_drop_reason_name(r);
		if (!is_json() && !pswc_stats_drop(s, r))
			continue;
		if (!any) {
			print_nl();
			print_fp("    drops:");
			any = true;
		}
		print_string(PRINT_FP, NULL, "%s", name);
		print_u64(PRINT_ANY, name, "%" PRIu64, pswc_stats_drop(s, r));
	}
	close_json_object();
}

static int show_port(const struct pswc_port *p, void *arg)
{
	(void)arg;
	show_item_begin();
	print_string(PRINT_ANY, "switch", "%s", p->sw_ifname);
	print_string(PRINT_ANY, "port", "port %s", p->ifname);
	print_counters(&p->stats);
	show_item_end();
	return 0;
}

static int show_pan(const struct pswc_pan *pan,
		    const struct pswc_pan_miss *miss,
		    const struct pswc_pan_proxy *proxy,
		    const struct pswc_pan_hold *hold, void *arg)
{
	(void)arg;
	show_item_begin();
	print_string(PRINT_ANY, "switch", "%s", pan->sw_ifname);
	print_uint(PRINT_ANY, "pan", "pan %u", pan->pan);
	print_counters(&pan->stats);
	print_miss_counters(miss);
	print_hold_counters(hold);
	print_proxy_counters(proxy);
	show_item_end();
	return 0;
}

int do_stats(struct ctx *c, int argc, char **argv)
{
	struct args a = { argc, argv };
	const char *sw, *kw, *dev = NULL, *val;
	bool has_pan = false;
	struct pswc_port port;
	struct pswc_pan_proxy proxy;
	struct pswc_pan_miss miss;
	struct pswc_pan_hold hold;
	struct pswc_pan pan;
	uint32_t id;
	int rc;

	if (arg_peek(&a) && !strcmp(arg_peek(&a), "help")) {
		stats_usage(stdout);
		return EXIT_OK;
	}
	if (arg_peek(&a) && !strcmp(arg_peek(&a), "show"))
		arg_next(&a);
	sw = arg_next(&a);
	if (!sw)
		return usage_error(c, "missing switch name");
	if (parse_ifname(c, sw, "switch"))
		return EXIT_USAGE;
	kw = arg_next(&a);
	if (kw && !strcmp(kw, "port")) {
		if (arg_value(c, &a, kw, &dev) ||
		    parse_ifname(c, dev, "device"))
			return EXIT_USAGE;
	} else if (kw && !strcmp(kw, "pan")) {
		if (arg_value(c, &a, kw, &val) || parse_pan(c, val, &id))
			return EXIT_USAGE;
		has_pan = true;
	} else if (kw) {
		return usage_error(c, "unknown keyword \"%s\"", kw);
	}
	if (arg_end(c, &a))
		return EXIT_USAGE;
	if (!get_handle(c))
		return EXIT_KERNEL;

	if (dev) {
		rc = pswc_port_get(c->h, sw, dev, &port);
		if (!rc)
			show_port(&port, NULL);
		pswc_port_clear(&port);
	} else if (has_pan) {
		rc = pswc_pan_hold_get(c->h, sw, id, &pan, &miss, &proxy,
				       &hold);
		if (!rc)
			show_pan(&pan, &miss, &proxy, &hold, NULL);
		pswc_pan_clear(&pan);
	} else {
		rc = pswc_port_dump(c->h, sw, show_port, NULL);
		if (!rc) {
			dump_check(c);
			rc = pswc_pan_hold_dump(c->h, sw, show_pan, NULL);
		}
		if (!rc)
			dump_check(c);
	}
	return show_finish(c, rc);
}
