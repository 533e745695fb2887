// SPDX-License-Identifier: GPL-2.0
/*
 * Unit check of the print layer: text spacing, compact and pretty JSON,
 * and JSON string escaping; and of the object printers (print_*_fields,
 * print_counters) on hand-built structs, text and JSON from the same
 * calls. Prints "ok"/"not ok" lines; exit 1 on failure.
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include "cli.h"

static int failed, checks;

/* Run fn with stdout captured; compare with want. */
static void check(const char *name, void (*fn)(void), const char *want)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem, *saved = stdout;

	mem = open_memstream(&buf, &len);
	if (!mem)
		exit(2);
	stdout = mem;
	fn();
	fflush(mem);
	stdout = saved;
	fclose(mem);
	checks++;
	if (strcmp(buf, want)) {
		printf("not ok %s\n#   got: %s\n#  want: %s\n", name, buf, want);
		failed = 1;
	} else {
		printf("ok %s\n", name);
	}
	free(buf);
}

static void fields(void)
{
	open_json_array(PRINT_JSON, NULL);
	open_json_object(NULL);
	print_string(PRINT_ANY, "switch", "%s", "psw0");
	print_string(PRINT_ANY, "dev", "dev %s", "vm1");
	print_uint(PRINT_JSON, "ifindex", NULL, 7);
	print_string(PRINT_ANY, "role", "%s", "vm");
	print_uint(PRINT_ANY, "pan", "pan %u", 100);
	open_json_array(PRINT_JSON, "macs");
	print_string(PRINT_ANY, NULL, "mac %s", "02:00:00:00:00:01");
	print_string(PRINT_ANY, NULL, "mac %s", "02:00:00:00:00:02");
	close_json_array(PRINT_JSON);
	open_json_object("drops");
	print_nl();
	print_fp("    drops:");
	print_string(PRINT_FP, NULL, "%s", "hairpin");
	print_u64(PRINT_ANY, "hairpin", "%" PRIu64, UINT64_MAX);
	close_json_object();
	close_json_object();
	print_nl();
	close_json_array(PRINT_JSON);
}

static void text(void)
{
	print_setup(false, false);
	fields();
}

static void json(void)
{
	print_setup(true, false);
	fields();
}

static void pretty(void)
{
	print_setup(true, true);
	fields();
}

static void empty(void)
{
	print_setup(true, true);
	open_json_array(PRINT_JSON, NULL);
	close_json_array(PRINT_JSON);
}

static void escapes(void)
{
	print_setup(true, false);
	open_json_array(PRINT_JSON, NULL);
	print_string(PRINT_ANY, NULL, NULL, "q\"b\\s/");
	print_string(PRINT_ANY, NULL, NULL, "\b\f\n\r\t\x01\x1f\x7f");
	print_string(PRINT_ANY, NULL, NULL, "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
	print_string(PRINT_ANY, NULL, NULL, "bad\xff\xc3(\xe2\x82\xed\xa0\x80");
	print_string(PRINT_ANY, NULL, NULL, "\xc0\xaf");
	print_string(PRINT_ANY, NULL, NULL, NULL);
	close_json_array(PRINT_JSON);
}

/* ------------------------------------------------------------------ */
/* Objects, built by hand as the library would parse them             */

static void mac_set(uint8_t *mac, const char *s)
{
	if (pswc_mac_parse(s, mac))
		exit(2);
}

static struct pswc_addr addr(const char *s)
{
	struct pswc_addr a;

	if (pswc_addr_parse(s, &a))
		exit(2);
	return a;
}

static void entry_base(struct pswc_entry *e, const char *mac, int mode)
{
	memset(e, 0, sizeof(*e));
	strcpy(e->sw_ifname, "psw0");
	e->pan = 100;
	mac_set(e->mac, mac);
	e->mode = mode;
	e->origin = PSW_ORIGIN_USER;
}

static void print_entries(void)
{
	struct pswc_entry e;

	entry_base(&e, "02:00:00:00:00:01", PSW_MODE_LOCAL);	/* port's */
	e.origin = PSW_ORIGIN_PORT;
	strcpy(e.port_ifname, "vm1");
	e.port_ifindex = 7;
	e.has_ext_mac = true;
	mac_set(e.ext_mac, "52:54:00:00:00:01");
	show_item_begin(); print_entry_fields(&e); show_item_end();

	entry_base(&e, "02:00:00:00:00:02", PSW_MODE_LOCAL);	/* no ext */
	strcpy(e.port_ifname, "vm2");
	show_item_begin(); print_entry_fields(&e); show_item_end();

	entry_base(&e, "02:00:00:00:00:03", PSW_MODE_XLATE);
	e.has_ext_mac = true;
	mac_set(e.ext_mac, "52:54:00:00:00:03");
	show_item_begin(); print_entry_fields(&e); show_item_end();

	entry_base(&e, "02:00:00:00:00:04", PSW_MODE_ENCAP);
	e.encap = PSW_ENCAP_VXLAN;
	e.remote = addr("192.0.2.2");
	show_item_begin(); print_entry_fields(&e); show_item_end();

	entry_base(&e, "02:00:00:00:00:05", PSW_MODE_ENCAP);
	e.encap = PSW_ENCAP_NVGRE;
	e.remote = addr("2001:db8::2");
	show_item_begin(); print_entry_fields(&e); show_item_end();

	entry_base(&e, "02:00:00:00:00:06", PSW_MODE_ENCAP);
	e.encap = PSW_ENCAP_ETHERIP;
	e.remote = addr("198.51.100.7");
	show_item_begin(); print_entry_fields(&e); show_item_end();

	entry_base(&e, "02:00:00:00:00:07", PSW_MODE_ENCAP);	/* newer */
	e.encap = 9;
	e.remote = addr("192.0.2.9");
	show_item_begin(); print_entry_fields(&e); show_item_end();

	entry_base(&e, "02:00:00:00:00:99", PSW_MODE_DROP);
	show_item_begin(); print_entry_fields(&e); show_item_end();

	entry_base(&e, "ff:ff:ff:ff:ff:ff", PSW_MODE_MCAST);	/* group */
	e.origin = PSW_ORIGIN_PAN;
	e.encap = PSW_ENCAP_VXLAN;
	e.remote = addr("239.1.1.100");
	show_item_begin(); print_entry_fields(&e); show_item_end();

	show_done();
}

static void entries_text(void)
{
	print_setup(false, false);
	print_entries();
}

static void entries_json(void)
{
	print_setup(true, false);
	print_entries();
}

static void print_ports(void)
{
	uint8_t macs[1][PSWC_ETH_ALEN];
	struct pswc_port p;

	memset(&p, 0, sizeof(p));
	strcpy(p.sw_ifname, "psw0");
	strcpy(p.ifname, "vm1");
	p.ifindex = 7;
	p.role = PSW_PORT_ROLE_VM;
	p.pan = 100;
	p.nmacs = 1;
	p.macs = macs;
	mac_set(p.macs[0], "02:00:00:00:00:01");
	p.has_ext_mac = true;
	mac_set(p.ext_mac, "52:54:00:00:00:01");
	p.has_policy = true;
	p.security = true;
	show_item_begin(); print_port_fields(&p); show_item_end();

	p.has_ext_mac = false;
	strcpy(p.ifname, "vm2");
	p.ifindex = 8;
	mac_set(p.macs[0], "02:00:00:00:00:02");
	p.security = false;
	p.lldp = true;
	show_item_begin(); print_port_fields(&p); show_item_end();

	memset(&p, 0, sizeof(p));
	strcpy(p.sw_ifname, "psw0");
	strcpy(p.ifname, "eth0");
	p.ifindex = 2;
	p.role = PSW_PORT_ROLE_UPLINK;
	show_item_begin(); print_port_fields(&p); show_item_end();

	strcpy(p.ifname, "eth1");
	p.ifindex = 3;
	p.vlan = 4094;
	show_item_begin(); print_port_fields(&p); show_item_end();
	show_done();
}

static void ports_text(void)
{
	print_setup(false, false);
	print_ports();
}

static void ports_json(void)
{
	print_setup(true, false);
	print_ports();
}

static void print_pans(void)
{
	static struct pswc_flood_member flood[3];
	static struct pswc_pan pan;
	struct pswc_pan_miss miss = {
		.present = true, .miss = PSW_MISS_ANYCAST, .has_anycast = true,
		.anycast_mac = { 0, 0, 0xde, 0xad, 0xbe, 0xef },
		.anycast_via = { .encap = PSW_ENCAP_VXLAN },
	};

	memset(&pan, 0, sizeof(pan));
	strcpy(pan.sw_ifname, "psw0");
	pan.pan = 100;
	pan.port_count = 2;
	pan.entry_count = 5;
	pan.local4 = addr("203.0.113.100");
	pan.local6 = addr("2001:db8:100::1");
	pan.accept = PSW_ACCEPT_ANY;
	pan.nflood = 3;
	pan.flood = flood;
	pan.flood[0].uplink = true;
	pan.flood[1].encap = PSW_ENCAP_VXLAN;
	pan.flood[1].remote = addr("192.0.2.2");
	pan.flood[2].encap = PSW_ENCAP_ETHERIP;
	pan.flood[2].remote = addr("2001:db8::3");
	miss.anycast_via.remote = addr("192.0.2.9");
	show_item_begin(); print_pan_fields(&pan); print_pan_miss(&miss);
	show_item_end();

	memset(&pan, 0, sizeof(pan));
	strcpy(pan.sw_ifname, "psw0");
	pan.pan = 200;
	pan.port_count = 1;
	pan.entry_count = 1;
	show_item_begin(); print_pan_fields(&pan);
	print_pan_mcast(&(struct pswc_pan_mcast){
		.has_group = true, .group = addr("ff0e::1:200"),
		.encap = PSW_ENCAP_NVGRE, .ttl = 16, .joined = true,
		.has_stats = true, .tx = 7, .rx = 5 }, 12999);
	show_item_end();
	show_done();
}

static void pans_text(void)
{
	print_setup(false, false);
	print_pans();
}

static void pans_json(void)
{
	print_setup(true, false);
	print_pans();
}

static void pans_pretty(void)
{
	print_setup(true, true);
	print_pans();
}

static void print_switches(void)
{
	uint64_t drops[PSW_DROP_MAX + 1] = { 0 };
	struct pswc_switch sw;

	memset(&sw, 0, sizeof(sw));
	strcpy(sw.ifname, "psw0");
	sw.ifindex = 5;
	sw.pan_count = 2;
	sw.port_count = 4;
	sw.entry_count = 5;
	sw.vxlan_port = 4789;
	sw.local4 = addr("192.0.2.1");
	sw.local6 = addr("2001:db8::1");
	sw.max_pans = 4096;
	sw.max_entries = 262144;
	sw.pan_limit_hits = 1;
	sw.entry_limit_hits = 7;
	sw.stats.present = true;
	sw.stats.rx_packets = 3;
	sw.stats.rx_bytes = 294;
	sw.stats.encap_rx = 3;
	sw.stats.drops = drops;
	sw.stats.ndrops = PSW_DROP_MAX + 1;
	sw.stats.drops[PSW_DROP_BAD_TUNNEL] = 1;
	sw.stats.drops[PSW_DROP_UNKNOWN_PAN] = 2;
	show_item_begin(); print_switch_fields(&sw); show_item_end();

	memset(&sw, 0, sizeof(sw));
	strcpy(sw.ifname, "psw1");
	sw.ifindex = 6;
	sw.vxlan_port = 8472;
	sw.ext_prefix_len = 40;
	mac_set(sw.ext_prefix, "02:ee:00:00:01:00");
	sw.stats.present = true;
	show_item_begin(); print_switch_fields(&sw); show_item_end();
	show_done();
}

static void switches_text(void)
{
	print_setup(false, false);
	show_stats = false;
	print_switches();
}

static void switches_json(void)
{
	print_setup(true, false);
	show_stats = false;
	print_switches();
}

static void switches_stats_text(void)
{
	print_setup(false, false);
	show_stats = true;
	print_switches();
	show_stats = false;
}

static void switches_stats_json(void)
{
	print_setup(true, false);
	show_stats = true;
	print_switches();
	show_stats = false;
}

/* switch show -d: the link details after the fields */
static void print_switch_links(void)
{
	struct pswc_switch_link l = { .vxlan_port = 4789, .has_counts = true,
				      .pans = 2, .ports = 3 };
	struct pswc_switch sw = { .ifindex = 5, .pan_count = 2,
				  .port_count = 3 };

	strcpy(sw.ifname, "psw0");
	pswc_addr_parse("192.0.2.1", &l.underlay4);
	pswc_addr_parse("2001:db8::1", &l.underlay6);
	show_item_begin(); print_switch_fields(&sw); print_switch_link(&l);
	show_item_end();
	memset(&l, 0, sizeof(l));
	show_item_begin(); print_switch_fields(&sw); print_switch_link(&l);
	show_item_end();
	show_done();
}

static void switch_link_text(void)
{
	print_setup(false, false);
	print_switch_links();
}

static void switch_link_json(void)
{
	print_setup(true, false);
	print_switch_links();
}

/* PSW_CMD_MCAST_JOIN and _LEAVE as panswitch monitor prints them */
static void print_mcast_events(void)
{
	struct pswc_event ev = { .cmd = PSW_CMD_MCAST_JOIN, .is_new = true,
				 .obj = PSWC_OBJ_MCAST };
	struct pswc_mcast_member *mm = &ev.u.mcast;

	mm->sw_ifindex = 5;
	strcpy(mm->sw_ifname, "psw0");
	mm->pan = 200;
	pswc_addr_parse("239.1.1.1", &mm->group);
	mm->dev_ifindex = 2;
	strcpy(mm->dev_ifname, "eth0");
	monitor_print_event(&ev, NULL);
	ev.cmd = PSW_CMD_MCAST_LEAVE;
	ev.is_new = false;
	pswc_addr_parse("ff0e::1:200", &mm->group);
	mm->dev_ifname[0] = 0;
	monitor_print_event(&ev, NULL);
}

static void mcast_events_text(void)
{
	print_setup(false, false);
	print_mcast_events();
}

static void mcast_events_json(void)
{
	print_setup(true, false);
	print_mcast_events();
}

/* A PAN's counters with every new field, through print_counters */
static void print_pan_counters(void)
{
	uint64_t drops[PSW_DROP_MAX + 1] = { 0 };
	struct pswc_pan_miss miss = {
		.present = true, .miss = PSW_MISS_DROP, .flood = 5, .drop = 6,
		.anycast = 7,
	};
	struct pswc_stats s;
	int r;

	memset(&s, 0, sizeof(s));
	s.present = true;
	s.rx_packets = 10;
	s.rx_bytes = 840;
	s.tx_packets = 9;
	s.tx_bytes = 756;
	s.flooded = 2;
	s.xlate_tx = 4;
	s.xlate_rx = 3;
	s.encap_tx = 2;
	s.encap_rx = 1;
	s.drops = drops;
	s.ndrops = PSW_DROP_MAX + 1;
	for (r = PSW_DROP_NO_UPLINK; r <= PSW_DROP_SPOOFED_SRC; r++)
		s.drops[r] = r;
	open_json_array(PRINT_JSON, NULL);
	open_json_object(NULL);
	print_string(PRINT_ANY, "switch", "%s", "psw0");
	print_uint(PRINT_ANY, "pan", "pan %u", 100);
	print_counters(&s);
	print_miss_counters(&miss);
	close_json_object();
	print_nl();
	close_json_array(PRINT_JSON);
}

static void counters_text(void)
{
	print_setup(false, false);
	print_pan_counters();
}

static void counters_json(void)
{
	print_setup(true, false);
	print_pan_counters();
}

static void drop_names(void)
{
	int r;

	print_setup(false, false);
	for (r = 0; r <= PSW_DROP_MAX + 1; r++)
		printf("%d %s\n", r, pswc_drop_reason_name(r) ?
		       pswc_drop_reason_name(r) : "-");
}

static void names(void)
{
	unsigned int i;
	struct pswc_addr a;
	char buf[PSWC_ADDR_STRLEN];

	print_setup(false, false);
	for (i = 0; i <= PSW_MODE_MAX + 1; i++)
		printf("mode %u %s\n", i, pswc_mode_name(i) ? pswc_mode_name(i) : "-");
	for (i = 0; i <= PSW_ENCAP_MAX + 1; i++)
		printf("encap %u %s\n", i,
		       pswc_encap_name(i) ? pswc_encap_name(i) : "-");
	for (i = PSW_A_EXT_MAC; i <= PSW_A_MAX + 1; i++)
		printf("attr %s\n", pswc_attr_name(i) ? pswc_attr_name(i) : "-");
	for (i = 0; i <= PSW_ACCEPT_MAX + 1; i++)
		printf("accept %u %s\n", i,
		       pswc_accept_name(i) ? pswc_accept_name(i) : "-");
	a = addr("192.0.2.1");
	printf("%u %s\n", a.family == AF_INET, pswc_addr_format(&a, buf));
	a = addr("2001:DB8:0:0::1");
	printf("%u %s\n", a.family == AF_INET6, pswc_addr_format(&a, buf));
	a = addr("::ffff:192.0.2.1");
	printf("%u %s\n", a.family == AF_INET6, pswc_addr_format(&a, buf));
	printf("%d %d %d %d\n", pswc_addr_parse("192.0.2", &a),
	       pswc_addr_parse("1.2.3.4/24", &a), pswc_addr_parse("", &a),
	       pswc_addr_parse("fe80::1%eth0", &a));
	memset(&a, 0, sizeof(a));
	a.family = AF_INET;
	printf("%d %s\n", pswc_addr_is_zero(&a), pswc_addr_format(&a, buf));
	a.family = 0;
	printf("%s\n", pswc_addr_format(&a, buf));
}

int main(void)
{
	check("text", text,
	      "psw0 dev vm1 vm pan 100 mac 02:00:00:00:00:01 "
	      "mac 02:00:00:00:00:02\n"
	      "    drops: hairpin 18446744073709551615\n");
	check("json", json,
	      "[{\"switch\":\"psw0\",\"dev\":\"vm1\",\"ifindex\":7,"
	      "\"role\":\"vm\",\"pan\":100,\"macs\":[\"02:00:00:00:00:01\","
	      "\"02:00:00:00:00:02\"],\"drops\":{\"hairpin\":"
	      "18446744073709551615}}]\n");
	check("pretty", pretty,
	      "[\n"
	      "    {\n"
	      "        \"switch\": \"psw0\",\n"
	      "        \"dev\": \"vm1\",\n"
	      "        \"ifindex\": 7,\n"
	      "        \"role\": \"vm\",\n"
	      "        \"pan\": 100,\n"
	      "        \"macs\": [\n"
	      "            \"02:00:00:00:00:01\",\n"
	      "            \"02:00:00:00:00:02\"\n"
	      "        ],\n"
	      "        \"drops\": {\n"
	      "            \"hairpin\": 18446744073709551615\n"
	      "        }\n"
	      "    }\n"
	      "]\n");
	check("empty", empty, "[]\n");
	check("escapes", escapes,
	      "[\"q\\\"b\\\\s/\","
	      "\"\\b\\f\\n\\r\\t\\u0001\\u001f\\u007f\","
	      "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\","
	      "\"bad\\u00ff\\u00c3(\\u00e2\\u0082\\u00ed\\u00a0\\u0080\","
	      "\"\\u00c0\\u00af\",null]\n");

	check("entry text", entries_text,
	      "psw0 pan 100 mac 02:00:00:00:00:01 local dev vm1 "
	      "ext 52:54:00:00:00:01 origin port\n"
	      "psw0 pan 100 mac 02:00:00:00:00:02 local dev vm2 origin user\n"
	      "psw0 pan 100 mac 02:00:00:00:00:03 xlate "
	      "ext 52:54:00:00:00:03 origin user\n"
	      "psw0 pan 100 mac 02:00:00:00:00:04 encap vxlan "
	      "remote 192.0.2.2 origin user\n"
	      "psw0 pan 100 mac 02:00:00:00:00:05 encap nvgre "
	      "remote 2001:db8::2 origin user\n"
	      "psw0 pan 100 mac 02:00:00:00:00:06 encap etherip "
	      "remote 198.51.100.7 origin user\n"
	      "psw0 pan 100 mac 02:00:00:00:00:07 encap 9 "
	      "remote 192.0.2.9 origin user\n"
	      "psw0 pan 100 mac 02:00:00:00:00:99 drop origin user\n"
	      "psw0 pan 100 mac ff:ff:ff:ff:ff:ff mcast vxlan "
	      "group 239.1.1.100 origin pan\n");
	check("entry json", entries_json,
	      "[{\"switch\":\"psw0\",\"pan\":100,\"mac\":\"02:00:00:00:00:01\","
	      "\"mode\":\"local\",\"dev\":\"vm1\",\"ext\":\"52:54:00:00:00:01\","
	      "\"origin\":\"port\"},"
	      "{\"switch\":\"psw0\",\"pan\":100,\"mac\":\"02:00:00:00:00:02\","
	      "\"mode\":\"local\",\"dev\":\"vm2\",\"origin\":\"user\"},"
	      "{\"switch\":\"psw0\",\"pan\":100,\"mac\":\"02:00:00:00:00:03\","
	      "\"mode\":\"xlate\",\"ext\":\"52:54:00:00:00:03\","
	      "\"origin\":\"user\"},"
	      "{\"switch\":\"psw0\",\"pan\":100,\"mac\":\"02:00:00:00:00:04\","
	      "\"mode\":\"encap\",\"encap\":\"vxlan\",\"remote\":\"192.0.2.2\","
	      "\"origin\":\"user\"},"
	      "{\"switch\":\"psw0\",\"pan\":100,\"mac\":\"02:00:00:00:00:05\","
	      "\"mode\":\"encap\",\"encap\":\"nvgre\",\"remote\":\"2001:db8::2\","
	      "\"origin\":\"user\"},"
	      "{\"switch\":\"psw0\",\"pan\":100,\"mac\":\"02:00:00:00:00:06\","
	      "\"mode\":\"encap\",\"encap\":\"etherip\","
	      "\"remote\":\"198.51.100.7\",\"origin\":\"user\"},"
	      "{\"switch\":\"psw0\",\"pan\":100,\"mac\":\"02:00:00:00:00:07\","
	      "\"mode\":\"encap\",\"encap\":9,\"remote\":\"192.0.2.9\","
	      "\"origin\":\"user\"},"
	      "{\"switch\":\"psw0\",\"pan\":100,\"mac\":\"02:00:00:00:00:99\","
	      "\"mode\":\"drop\",\"origin\":\"user\"},"
	      "{\"switch\":\"psw0\",\"pan\":100,\"mac\":\"ff:ff:ff:ff:ff:ff\","
	      "\"mode\":\"mcast\",\"encap\":\"vxlan\",\"group\":\"239.1.1.100\","
	      "\"origin\":\"pan\"}]\n");
	check("port text", ports_text,
	      "psw0 dev vm1 vm pan 100 mac 02:00:00:00:00:01 "
	      "ext 52:54:00:00:00:01 security on lldp off\n"
	      "psw0 dev vm2 vm pan 100 mac 02:00:00:00:00:02 "
	      "security off lldp on\n"
	      "psw0 dev eth0 uplink\n"
	      "psw0 dev eth1 uplink vlan 4094\n");
	check("port json", ports_json,
	      "[{\"switch\":\"psw0\",\"dev\":\"vm1\",\"ifindex\":7,"
	      "\"role\":\"vm\",\"pan\":100,\"macs\":[\"02:00:00:00:00:01\"],"
	      "\"ext\":\"52:54:00:00:00:01\",\"security\":true,"
	      "\"lldp\":false},"
	      "{\"switch\":\"psw0\",\"dev\":\"vm2\",\"ifindex\":8,"
	      "\"role\":\"vm\",\"pan\":100,\"macs\":[\"02:00:00:00:00:02\"],"
	      "\"security\":false,\"lldp\":true},"
	      "{\"switch\":\"psw0\",\"dev\":\"eth0\",\"ifindex\":2,"
	      "\"role\":\"uplink\"},"
	      "{\"switch\":\"psw0\",\"dev\":\"eth1\",\"ifindex\":3,"
	      "\"role\":\"uplink\",\"vlan\":4094}]\n");
	check("pan text", pans_text,
	      "psw0 pan 100 ports 2 entries 5 pan-addr 203.0.113.100 "
	      "pan-addr 2001:db8:100::1 accept any flood uplink "
	      "flood remote 192.0.2.2 encap vxlan "
	      "flood remote 2001:db8::3 encap etherip miss anycast "
	      "anycast-mac 00:00:de:ad:be:ef via remote 192.0.2.9 encap vxlan\n"
	      "psw0 pan 200 ports 1 entries 1 accept remotes "
	      "group6 ff0e::1:200 encap nvgre ttl 16 joined yes for 12s "
	      "mcast_tx 7 mcast_rx 5\n");
	check("pan json", pans_json,
	      "[{\"switch\":\"psw0\",\"pan\":100,\"ports\":2,\"entries\":5,"
	      "\"local4\":\"203.0.113.100\",\"local6\":\"2001:db8:100::1\","
	      "\"accept\":\"any\","
	      "\"flood\":[{\"uplink\":true},"
	      "{\"remote\":\"192.0.2.2\",\"encap\":\"vxlan\"},"
	      "{\"remote\":\"2001:db8::3\",\"encap\":\"etherip\"}],"
	      "\"miss\":\"anycast\",\"anycast\":{\"mac\":\"00:00:de:ad:be:ef\","
	      "\"remote\":\"192.0.2.9\",\"encap\":\"vxlan\"}},"
	      "{\"switch\":\"psw0\",\"pan\":200,\"ports\":1,\"entries\":1,"
	      "\"accept\":\"remotes\",\"flood\":[],\"mcast\":{"
	      "\"group\":\"ff0e::1:200\",\"encap\":\"nvgre\",\"ttl\":16,"
	      "\"joined\":true,\"since_ms\":12999,\"tx\":7,\"rx\":5}}]\n");
	check("pan pretty", pans_pretty,
	      "[\n"
	      "    {\n"
	      "        \"switch\": \"psw0\",\n"
	      "        \"pan\": 100,\n"
	      "        \"ports\": 2,\n"
	      "        \"entries\": 5,\n"
	      "        \"local4\": \"203.0.113.100\",\n"
	      "        \"local6\": \"2001:db8:100::1\",\n"
	      "        \"accept\": \"any\",\n"
	      "        \"flood\": [\n"
	      "            {\n"
	      "                \"uplink\": true\n"
	      "            },\n"
	      "            {\n"
	      "                \"remote\": \"192.0.2.2\",\n"
	      "                \"encap\": \"vxlan\"\n"
	      "            },\n"
	      "            {\n"
	      "                \"remote\": \"2001:db8::3\",\n"
	      "                \"encap\": \"etherip\"\n"
	      "            }\n"
	      "        ],\n"
	      "        \"miss\": \"anycast\",\n"
	      "        \"anycast\": {\n"
	      "            \"mac\": \"00:00:de:ad:be:ef\",\n"
	      "            \"remote\": \"192.0.2.9\",\n"
	      "            \"encap\": \"vxlan\"\n"
	      "        }\n"
	      "    },\n"
	      "    {\n"
	      "        \"switch\": \"psw0\",\n"
	      "        \"pan\": 200,\n"
	      "        \"ports\": 1,\n"
	      "        \"entries\": 1,\n"
	      "        \"accept\": \"remotes\",\n"
	      "        \"flood\": [],\n"
	      "        \"mcast\": {\n"
	      "            \"group\": \"ff0e::1:200\",\n"
	      "            \"encap\": \"nvgre\",\n"
	      "            \"ttl\": 16,\n"
	      "            \"joined\": true,\n"
	      "            \"since_ms\": 12999,\n"
	      "            \"tx\": 7,\n"
	      "            \"rx\": 5\n"
	      "        }\n"
	      "    }\n"
	      "]\n");
	check("switch text", switches_text,
	      "psw0 ifindex 5 pans 2 ports 4 entries 5 underlay 192.0.2.1 "
	      "underlay6 2001:db8::1 vxlan-port 4789 max-pans 4096 "
	      "max-entries 262144\n"
	      "psw1 ifindex 6 pans 0 ports 0 entries 0 vxlan-port 8472 "
	      "ext-prefix 02:ee:00:00:01:00/40\n");
	check("switch json", switches_json,
	      "[{\"ifname\":\"psw0\",\"ifindex\":5,\"pans\":2,\"ports\":4,"
	      "\"entries\":5,\"local4\":\"192.0.2.1\","
	      "\"local6\":\"2001:db8::1\",\"vxlan_port\":4789,"
	      "\"max_pans\":4096,\"max_entries\":262144},"
	      "{\"ifname\":\"psw1\",\"ifindex\":6,\"pans\":0,\"ports\":0,"
	      "\"entries\":0,\"vxlan_port\":8472,"
	      "\"ext_prefix\":\"02:ee:00:00:01:00/40\"}]\n");
	check("switch -s text", switches_stats_text,
	      "psw0 ifindex 5 pans 2 ports 4 entries 5 underlay 192.0.2.1 "
	      "underlay6 2001:db8::1 vxlan-port 4789 max-pans 4096 "
	      "max-entries 262144\n"
	      "    rx 3 packets 294 bytes tx 0 packets 0 bytes flooded 0\n"
	      "    xlate tx 0 rx 0 encap tx 0 rx 3\n"
	      "    drops: bad_tunnel 1 unknown_pan 2\n"
	      "    limit hits: pans 1 entries 7\n"
	      "psw1 ifindex 6 pans 0 ports 0 entries 0 vxlan-port 8472 "
	      "ext-prefix 02:ee:00:00:01:00/40\n"
	      "    rx 0 packets 0 bytes tx 0 packets 0 bytes flooded 0\n"
	      "    limit hits: pans 0 entries 0\n");
	check("switch -d text", switch_link_text,
	      "psw0 ifindex 5 pans 2 ports 3 entries 0\n"
	      "    link: kind panswitch underlay 192.0.2.1 "
	      "underlay6 2001:db8::1 vxlan-port 4789 pans 2 ports 3\n"
	      "psw0 ifindex 5 pans 2 ports 3 entries 0\n"
	      "    link: kind panswitch\n");
	check("switch -d json", switch_link_json,
	      "[{\"ifname\":\"psw0\",\"ifindex\":5,\"pans\":2,\"ports\":3,"
	      "\"entries\":0,\"link\":{\"kind\":\"panswitch\","
	      "\"local4\":\"192.0.2.1\",\"local6\":\"2001:db8::1\","
	      "\"vxlan_port\":4789,\"pans\":2,\"ports\":3}},"
	      "{\"ifname\":\"psw0\",\"ifindex\":5,\"pans\":2,\"ports\":3,"
	      "\"entries\":0,\"link\":{\"kind\":\"panswitch\"}}]\n");
	check("switch -s json", switches_stats_json,
	      "[{\"ifname\":\"psw0\",\"ifindex\":5,\"pans\":2,\"ports\":4,"
	      "\"entries\":5,\"local4\":\"192.0.2.1\","
	      "\"local6\":\"2001:db8::1\",\"vxlan_port\":4789,"
	      "\"max_pans\":4096,\"max_entries\":262144,"
	      "\"stats\":{\"rx_packets\":3,\"rx_bytes\":294,\"tx_packets\":0,"
	      "\"tx_bytes\":0,\"flooded\":0,\"xlate_tx\":0,\"xlate_rx\":0,"
	      "\"encap_tx\":0,\"encap_rx\":3,\"drops\":{\"switch_down\":0,"
	      "\"bad_frame\":0,\"bad_src_mac\":0,\"nomem\":0,"
	      "\"entry_drop\":0,\"hairpin\":0,\"port_down\":0,"
	      "\"too_big\":0,\"no_dest\":0,\"tx_error\":0,"
	      "\"no_uplink\":0,\"no_ext_mac\":0,\"bad_payload\":0,"
	      "\"no_local\":0,\"no_route\":0,\"frag_needed\":0,"
	      "\"bad_tunnel\":1,\"unknown_pan\":2,\"no_entry\":0,"
	      "\"unknown_src\":0,"
	      "\"unknown_remote\":0,\"local_source\":0,"
	      "\"unicast_in_l2_mcast\":0,\"link_local\":0,"
	      "\"vlan_tagged\":0,\"spoofed_src\":0,\"miss\":0,"
	      "\"hold_timeout\":0,\"hold_overflow\":0,\"hold_flush\":0,"
	      "\"mcast_no_port\":0,\"mcast_foreign\":0,\"no_tenant\":0,"
	      "\"foreign_oui\":0,\"arp_spoof\":0,\"nd_spoof\":0,"
	      "\"no_tep_tag\":0,\"unknown_vnid\":0,"
	      "\"isolated_no_uplink\":0,\"vlan_no_port\":0,\"isolated\":0,"
	      "\"etherip_no_tenant\":0,\"etherip_foreign_oui\":0,"
	      "\"etherip_bad_group\":0,\"probe_unknown\":0,"
	      "\"probe_rate\":0,\"probe_bad\":0}},"
	      "\"limit_hits\":{\"pans\":1,\"entries\":7}},"
	      "{\"ifname\":\"psw1\",\"ifindex\":6,\"pans\":0,\"ports\":0,"
	      "\"entries\":0,\"vxlan_port\":8472,"
	      "\"ext_prefix\":\"02:ee:00:00:01:00/40\","
	      "\"stats\":{\"rx_packets\":0,\"rx_bytes\":0,\"tx_packets\":0,"
	      "\"tx_bytes\":0,\"flooded\":0,\"xlate_tx\":0,\"xlate_rx\":0,"
	      "\"encap_tx\":0,\"encap_rx\":0,\"drops\":{\"switch_down\":0,"
	      "\"bad_frame\":0,\"bad_src_mac\":0,\"nomem\":0,"
	      "\"entry_drop\":0,\"hairpin\":0,\"port_down\":0,"
	      "\"too_big\":0,\"no_dest\":0,\"tx_error\":0,"
	      "\"no_uplink\":0,\"no_ext_mac\":0,\"bad_payload\":0,"
	      "\"no_local\":0,\"no_route\":0,\"frag_needed\":0,"
	      "\"bad_tunnel\":0,\"unknown_pan\":0,\"no_entry\":0,"
	      "\"unknown_src\":0,"
	      "\"unknown_remote\":0,\"local_source\":0,"
	      "\"unicast_in_l2_mcast\":0,\"link_local\":0,"
	      "\"vlan_tagged\":0,\"spoofed_src\":0,\"miss\":0,"
	      "\"hold_timeout\":0,\"hold_overflow\":0,\"hold_flush\":0,"
	      "\"mcast_no_port\":0,\"mcast_foreign\":0,\"no_tenant\":0,"
	      "\"foreign_oui\":0,\"arp_spoof\":0,\"nd_spoof\":0,"
	      "\"no_tep_tag\":0,\"unknown_vnid\":0,"
	      "\"isolated_no_uplink\":0,\"vlan_no_port\":0,\"isolated\":0,"
	      "\"etherip_no_tenant\":0,\"etherip_foreign_oui\":0,"
	      "\"etherip_bad_group\":0,\"probe_unknown\":0,"
	      "\"probe_rate\":0,\"probe_bad\":0}},"
	      "\"limit_hits\":{\"pans\":0,\"entries\":0}}]\n");
	check("counters text", counters_text,
	      "psw0 pan 100 rx 10 packets 840 bytes tx 9 packets 756 bytes "
	      "flooded 2\n"
	      "    xlate tx 4 rx 3 encap tx 2 rx 1\n"
	      "    drops: no_uplink 11 no_ext_mac 12 bad_payload 13 "
	      "no_local 14 no_route 15 frag_needed 16 bad_tunnel 17 "
	      "unknown_pan 18 no_entry 19 unknown_src 20 unknown_remote 21 "
	      "local_source 22 unicast_in_l2_mcast 23 link_local 24 "
	      "vlan_tagged 25 spoofed_src 26\n"
	      "    misses: flood 5 drop 6 anycast 7\n");
	check("counters json", counters_json,
	      "[{\"switch\":\"psw0\",\"pan\":100,\"rx_packets\":10,"
	      "\"rx_bytes\":840,\"tx_packets\":9,\"tx_bytes\":756,"
	      "\"flooded\":2,\"xlate_tx\":4,\"xlate_rx\":3,\"encap_tx\":2,"
	      "\"encap_rx\":1,\"drops\":{\"switch_down\":0,\"bad_frame\":0,"
	      "\"bad_src_mac\":0,\"nomem\":0,\"entry_drop\":0,"
	      "\"hairpin\":0,\"port_down\":0,\"too_big\":0,\"no_dest\":0,"
	      "\"tx_error\":0,\"no_uplink\":11,\"no_ext_mac\":12,"
	      "\"bad_payload\":13,\"no_local\":14,\"no_route\":15,"
	      "\"frag_needed\":16,\"bad_tunnel\":17,\"unknown_pan\":18,"
	      "\"no_entry\":19,\"unknown_src\":20,\"unknown_remote\":21,"
	      "\"local_source\":22,\"unicast_in_l2_mcast\":23,"
	      "\"link_local\":24,\"vlan_tagged\":25,\"spoofed_src\":26,"
	      "\"miss\":0,\"hold_timeout\":0,\"hold_overflow\":0,"
	      "\"hold_flush\":0,\"mcast_no_port\":0,\"mcast_foreign\":0,"
	      "\"no_tenant\":0,\"foreign_oui\":0,\"arp_spoof\":0,"
	      "\"nd_spoof\":0,\"no_tep_tag\":0,\"unknown_vnid\":0,"
	      "\"isolated_no_uplink\":0,\"vlan_no_port\":0,\"isolated\":0,"
	      "\"etherip_no_tenant\":0,"
	      "\"etherip_foreign_oui\":0,\"etherip_bad_group\":0,"
	      "\"probe_unknown\":0,\"probe_rate\":0,\"probe_bad\":0},"
	      "\"miss_flood\":5,\"miss_drop\":6,"
	      "\"miss_anycast\":7}]\n");
	check("monitor join/leave text", mcast_events_text,
	      "[join] mcast psw0 pan 200 group 239.1.1.1 dev eth0\n"
	      "[leave] mcast psw0 pan 200 group6 ff0e::1:200 ifindex 2\n");
	check("monitor join/leave json", mcast_events_json,
	      "{\"event\":\"join\",\"object\":\"mcast\",\"switch\":\"psw0\","
	      "\"pan\":200,\"group\":\"239.1.1.1\",\"dev\":\"eth0\","
	      "\"ifindex\":2}\n"
	      "{\"event\":\"leave\",\"object\":\"mcast\",\"switch\":\"psw0\","
	      "\"pan\":200,\"group\":\"ff0e::1:200\",\"ifindex\":2}\n");
	check("drop reason names", drop_names,
	      "0 -\n1 switch_down\n2 bad_frame\n3 bad_src_mac\n4 nomem\n"
	      "5 entry_drop\n6 hairpin\n7 port_down\n8 too_big\n"
	      "9 no_dest\n10 tx_error\n11 no_uplink\n12 no_ext_mac\n"
	      "13 bad_payload\n14 no_local\n15 no_route\n16 frag_needed\n"
	      "17 bad_tunnel\n18 unknown_pan\n19 no_entry\n20 unknown_src\n"
	      "21 unknown_remote\n22 local_source\n23 unicast_in_l2_mcast\n"
	      "24 link_local\n25 vlan_tagged\n26 spoofed_src\n27 miss\n"
	      "28 hold_timeout\n29 hold_overflow\n30 hold_flush\n"
	      "31 mcast_no_port\n32 mcast_foreign\n33 no_tenant\n"
	      "34 foreign_oui\n35 arp_spoof\n36 nd_spoof\n"
	      "37 no_tep_tag\n38 unknown_vnid\n"
	      "39 isolated_no_uplink\n40 vlan_no_port\n41 isolated\n"
	      "42 etherip_no_tenant\n43 etherip_foreign_oui\n"
	      "44 etherip_bad_group\n45 probe_unknown\n46 probe_rate\n"
	      "47 probe_bad\n48 -\n");
	check("names and addresses", names,
	      "mode 0 -\nmode 1 local\nmode 2 xlate\nmode 3 encap\n"
	      "mode 4 mcast\nmode 5 drop\nmode 6 hold\nmode 7 -\n"
	      "encap 0 -\nencap 1 vxlan\nencap 2 nvgre\nencap 3 etherip\n"
	      "encap 4 auto\nencap 5 -\n"
	      "attr ext\nattr encap\nattr remote\nattr remote\n"
	      "attr local4\nattr local6\nattr vxlan-port\n"
	      "attr uplink\nattr flood\nattr flood\nattr accept\n"
	      "attr max-pans\nattr max-entries\nattr pan-limit-hits\n"
	      "attr entry-limit-hits\nattr security\nattr lldp\nattr vlan\n"
	      "attr ext-prefix\nattr ext-prefix-len\nattr miss\n"
	      "attr miss-stats\nattr anycast\nattr proxy\nattr ip\n"
	      "attr ip\nattr neigh-count\nattr neigh-limit-hits\n"
	      "attr proxy-stats\nattr hold-frames\n"
	      "attr hold-dests\nattr hold-time\nattr src-mac\nattr dst4\n"
	      "attr dst6\nattr learning\nattr ageing\n"
	      "attr learn-max\nattr learn-stats\nattr age\nattr move-from\n"
	      "attr move-to\nattr move-seq\nattr mcast\nattr ttl\n"
	      "attr mcast-joined\nattr mcast-stats\nattr oui\nattr classify\n"
	      "attr tenant-count\nattr mcast-ifindex\nattr mcast-ifname\n"
	      "attr mcast-since\nattr allow\nattr allow-entry\nattr tpid\n"
	      "attr vlan-pool-first\nattr vlan-pool-last\nattr vlan-pool-used\n"
	      "attr isolated\nattr vlan-grace\n"
	      "attr etherip\nattr mcast-share\nattr mcast-share-rule\n"
	      "attr mcast-share-add\nattr mcast-share-del\n"
	      "attr mcast-share-copies\nattr encaps\n"
	      "attr encap-auto\nattr remote-count\nattr remote-limit-hits\n"
	      "attr probe-timeout\nattr probe-results\nattr probe-result\n"
	      "attr probe-state\nattr probe-size\nattr probe-age\n"
	      "attr probe-stats\nattr -\n"
	      "accept 0 remotes\naccept 1 any\naccept 2 -\n"
	      "1 192.0.2.1\n1 2001:db8::1\n1 ::ffff:192.0.2.1\n"
	      "-22 -22 -22 -22\n1 0.0.0.0\nnone\n");
	printf("# %d checks, %s\n", checks, failed ? "FAILED" : "all passed");
	return failed;
}
