// SPDX-License-Identifier: GPL-2.0
/*
 * link_panswitch.so: iproute2's link-type plugin for panswitch switches.
 *
 * "ip -d link show" prints a link kind's details (IFLA_INFO_DATA) only
 * through a struct link_util: built into ip, or dlopen()ed from
 * LIBDIR/ip/link_KIND.so (IP_LIB_DIR overrides the directory), where ip
 * looks up the symbol KIND_link_util (ip/iplink.c, get_link_kind()). This
 * is that plugin for the kind "panswitch": it prints the read-only
 * IFLA_PANSWITCH_* attributes (include/uapi/linux/panswitch.h, "Link
 * details") with iproute2's own print_* helpers, so text and -j JSON come
 * from one print path, under the names "panswitch -d -j switch show" uses
 * in its "link" object (local4, local6, vxlan_port, pans, ports).
 *
 * The plugin calls into the ip binary (print_color_*, exported with
 * -Wl,-export-dynamic) and ip calls it through struct link_util, whose
 * layout is iproute2's internal one: it is built against the headers of
 * the iproute2 release it is for (iproute2-VERSION/, copied unchanged
 * from that release; tools/iproute2/README) and the Debian package that
 * ships it depends on exactly the iproute2 it was built against.
 *
 * Switches take no link arguments: "ip link add NAME type panswitch"
 * creates one (ip sends no IFLA_INFO_DATA without arguments), the
 * panswitch command configures it. Any argument is refused here, before
 * a request is sent; the kernel refuses IFLA_INFO_DATA too.
 */
#include <stdio.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/panswitch.h>

#include "utils.h"
#include "ip_common.h"

static void panswitch_print_help(struct link_util *lu, int argc, char **argv,
				 FILE *f)
{
	fprintf(f,
		"Usage: ip link add NAME type panswitch\n"
		"\n"
		"A panswitch switch takes no \"ip link\" arguments: configure it with\n"
		"the panswitch command (panswitch switch set NAME [underlay ADDR4]\n"
		"[underlay6 ADDR6] [vxlan-port PORT] ..., see panswitch-switch(8)).\n"
		"\"ip -d link show\" prints its details: underlay, underlay6,\n"
		"vxlan-port, pans, ports.\n");
}

static int panswitch_parse_opt(struct link_util *lu, int argc, char **argv,
			       struct nlmsghdr *n)
{
	if (argc > 0 && !strcmp(*argv, "help")) {
		panswitch_print_help(lu, argc, argv, stderr);
		return -1;
	}
	fprintf(stderr,
		"Error: panswitch takes no \"ip link\" arguments (\"%s\" given): create the switch with \"ip link add NAME type panswitch\" or \"panswitch switch add NAME\" and configure it with the panswitch command (\"panswitch switch set NAME ...\", panswitch-switch(8)).\n",
		argc > 0 ? *argv : "");
	return -1;
}

/*
 * tb[type] when its payload is len bytes, else NULL; a payload of another
 * size (not what this plugin was built for) is reported, not read.
 */
static const struct rtattr *panswitch_attr(struct rtattr *tb[], int type,
					   const char *name, unsigned int len)
{
	if (!tb[type])
		return NULL;
	if (RTA_PAYLOAD(tb[type]) != len) {
		fprintf(stderr,
			"panswitch: IFLA_PANSWITCH_%s has %u bytes, not %u: not shown\n",
			name, (unsigned int)RTA_PAYLOAD(tb[type]), len);
		return NULL;
	}
	return tb[type];
}

static void panswitch_print_addr(struct rtattr *tb[], int type,
				 const char *name, int family,
				 const char *key, const char *fmt)
{
	unsigned int len = family == AF_INET ? 4 : 16;
	const struct rtattr *a = panswitch_attr(tb, type, name, len);
	char buf[INET6_ADDRSTRLEN];

	if (a && inet_ntop(family, RTA_DATA(a), buf, sizeof(buf)))
		print_string(PRINT_ANY, key, fmt, buf);
}

static void panswitch_print_opt(struct link_util *lu, FILE *f,
				struct rtattr *tb[])
{
	const struct rtattr *a;

	if (!tb)
		return;
	panswitch_print_addr(tb, IFLA_PANSWITCH_UNDERLAY4, "UNDERLAY4",
			     AF_INET, "local4", "underlay %s ");
	panswitch_print_addr(tb, IFLA_PANSWITCH_UNDERLAY6, "UNDERLAY6",
			     AF_INET6, "local6", "underlay6 %s ");
	a = panswitch_attr(tb, IFLA_PANSWITCH_VXLAN_PORT, "VXLAN_PORT",
			   sizeof(__u16));
	if (a)
		print_uint(PRINT_ANY, "vxlan_port", "vxlan-port %u ",
			   rta_getattr_u16(a));
	a = panswitch_attr(tb, IFLA_PANSWITCH_PANS, "PANS", sizeof(__u32));
	if (a)
		print_uint(PRINT_ANY, "pans", "pans %u ", rta_getattr_u32(a));
	a = panswitch_attr(tb, IFLA_PANSWITCH_PORTS, "PORTS", sizeof(__u32));
	if (a)
		print_uint(PRINT_ANY, "ports", "ports %u ", rta_getattr_u32(a));
}

/* ip looks this up by name: "<kind>_link_util" */
struct link_util panswitch_link_util = {
	.id		= "panswitch",
	.maxattr	= IFLA_PANSWITCH_MAX,
	.parse_opt	= panswitch_parse_opt,
	.print_opt	= panswitch_print_opt,
	.print_help	= panswitch_print_help,
};
