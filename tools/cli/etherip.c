// SPDX-License-Identifier: GPL-2.0
/*
 * A PAN's EtherIP form and inter-tenant multicast rules in the CLI, kept
 * apart from pan.c:
 * panswitch pan set SWITCH PAN etherip oui|addr
 * panswitch pan set SWITCH PAN mcast-share [del] GROUP pan PAN
 * and what pan show prints of them.
 */
#include <errno.h>
#include <inttypes.h>
#include <string.h>
#include <sys/socket.h>

#include "cli.h"

const char pan_etherip_usage[] =
	"       panswitch pan set SWITCH PAN etherip { addr | oui }\n"
	"       panswitch pan set SWITCH PAN mcast-share [del] GROUP pan PAN\n";

void pan_etherip_init(struct pan_etherip_req *e)
{
	memset(e, 0, sizeof(*e));
	e->form = -1;
}

bool pan_etherip_given(const struct pan_etherip_req *e)
{
	return e->form >= 0 || e->share;
}

bool pan_etherip_keyword(const char *kw)
{
	return !strcmp(kw, "etherip") || !strcmp(kw, "mcast-share");
}

/* "etherip addr|oui", "mcast-share [del] GROUP pan PAN"; kw just consumed */
int parse_pan_etherip(struct ctx *c, struct args *a, const char *kw,
		      struct pan_etherip_req *e)
{
	const char *val;
	unsigned int i;

	if (pan_etherip_given(e))
		return usage_error(c, "\"etherip\" and \"mcast-share\" are set on their own, once");
	if (!strcmp(kw, "etherip")) {
		if (arg_value(c, a, kw, &val))
			return EXIT_USAGE;
		for (i = 0; i <= PSW_ETHERIP_MAX; i++) {
			if (pswc_etherip_name(i) &&
			    !strcmp(val, pswc_etherip_name(i))) {
				e->form = i;
				return 0;
			}
		}
		return usage_error(c, "\"etherip\" takes \"addr\" or \"oui\", not \"%s\"",
				   val);
	}
	e->share = true;
	val = arg_peek(a);
	if (val && !strcmp(val, "del")) {
		arg_next(a);
		e->del = true;
	}
	if (arg_value(c, a, kw, &val) || parse_addr(c, val, &e->group))
		return EXIT_USAGE;
	val = arg_next(a);
	if (!val || strcmp(val, "pan"))
		return usage_error(c, "\"mcast-share GROUP\" needs \"pan PAN\" (the target PAN)");
	if (arg_value(c, a, "pan", &val) || parse_pan(c, val, &e->target))
		return EXIT_USAGE;
	return 0;
}

/* PSW_CMD_PAN_SET of what was parsed */
int pan_etherip_set(struct ctx *c, const char *sw, uint32_t pan,
		    const struct pan_etherip_req *e)
{
	int rc;

	if (e->share)
		rc = pswc_pan_mcast_share(c->h, sw, pan, &e->group, e->target,
					  e->del);
	else
		rc = pswc_pan_set_etherip(c->h, sw, pan, e->form);
	return rc ? lib_error(c) : EXIT_OK;
}

/*
 * After the PAN's other fields (pan show): "etherip oui" (or addr), and
 * each rule "mcast-share GROUP pan PAN copies N"; asked for with its own
 * request as show_pan_mcast() does
 */
int show_pan_etherip(struct ctx *c, const struct pswc_pan *pan)
{
	char addr[PSWC_ADDR_STRLEN];
	struct pswc_pan_etherip eo;
	const char *name;
	struct pswc_pan p;
	unsigned int i;
	int rc;

	rc = pswc_pan_etherip_get(c->h, pan->sw_ifname, pan->pan, &p, &eo);
	pswc_pan_clear(&p);
	if (rc == -ENOENT)
		return 0;	/* gone since the dump: shown as it was */
	if (rc)
		return rc;
	name = pswc_etherip_name(eo.form);
	if (name)
		print_string(PRINT_ANY, "etherip", "etherip %s", name);
	else
		print_uint(PRINT_ANY, "etherip", "etherip %u", eo.form);
	open_json_array(PRINT_JSON, "mcast_share");
	for (i = 0; i < eo.nshare; i++) {
		const struct pswc_mcast_share *s = &eo.share[i];

		open_json_object(NULL);
		print_string(PRINT_ANY, "group", "mcast-share %s",
			     pswc_addr_format(&s->group, addr));
		print_uint(PRINT_ANY, "pan", "pan %u", s->target);
		print_u64(PRINT_ANY, "copies", "copies %" PRIu64, s->copies);
		close_json_object();
	}
	close_json_array(PRINT_JSON);
	pswc_pan_etherip_clear(&eo);
	return 0;
}
