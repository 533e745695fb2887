// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the topology parser and the per-host rule, host side (no
 * kernel): the tables seed 000 prints for host 2 (FIG. 7A, FIG. 7B) from
 * its FIG. 3 topology, xlate vs encap by segment, the external MAC pool,
 * and every kind of invalid input refused with its line and field.
 *
 * usage: test-topo FIG3.yaml
 */
#define _GNU_SOURCE
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "topo.h"

static int pass, fail;

static void ok(bool cond, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void ok(bool cond, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", cond ? "" : "not ", pass + fail + 1);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	if (cond)
		pass++;
	else
		fail++;
}

static void diag_text(const char *what, const char *s)
{
	const char *p = s, *nl;

	printf("# %s:\n", what);
	while (p && *p) {
		nl = strchr(p, '\n');
		printf("#   | %.*s\n", (int)(nl ? nl - p : (long)strlen(p)), p);
		p = nl ? nl + 1 : NULL;
	}
}

/* Compute every host; the docs of host name go to out */
static int compute_host(struct topo *t, const char *name,
			struct ctl_docs *out, char *err, size_t errlen)
{
	struct ctl_host_state st;
	struct topo_host *h = topo_host_find(t, name);
	int rc;

	if (!h) {
		snprintf(err, errlen, "no host %s", name);
		return -1;
	}
	rc = topo_compute(t, h - t->hosts, &st, err, errlen);
	if (rc)
		return rc;
	rc = state_render(&st, out);
	state_free(&st);
	return rc;
}

static const char *doc(const struct ctl_docs *d, const char *key)
{
	const struct ctl_doc *x = docs_find(d, key);

	return x ? x->val : "(no such document)";
}

static void expect_doc(const struct ctl_docs *d, const char *key,
		       const char *want, const char *what)
{
	const char *got = doc(d, key);

	ok(!strcmp(got, want), "%s", what);
	if (strcmp(got, want)) {
		diag_text("expected", want);
		diag_text("computed", got);
	}
}

/* The line of key's document in d that names VM vm ("" if none) */
static void vm_line(const struct ctl_docs *d, const char *key,
		    const char *vm, char *out, size_t len)
{
	const char *s = doc(d, key), *p;
	char pat[80];

	snprintf(pat, sizeof(pat), " vm %s", vm);
	*out = '\0';
	for (p = s; p && *p;) {
		const char *nl = strchr(p, '\n');
		size_t n = nl ? (size_t)(nl - p) : strlen(p);
		const char *hit = strstr(p, pat);

		if (hit && hit < p + n && (hit[strlen(pat)] == ' ' ||
					   hit[strlen(pat)] == '\n' ||
					   !hit[strlen(pat)])) {
			snprintf(out, len, "%.*s", (int)n, p);
			return;
		}
		p = nl ? nl + 1 : NULL;
	}
}

static struct topo *load(const char *file)
{
	char err[TOPO_ERRLEN];
	struct topo *t;

	if (topo_load(file, &t, err, sizeof(err))) {
		printf("# %s\n", err);
		return NULL;
	}
	if (topo_alloc_ext(t, NULL, NULL, err, sizeof(err))) {
		printf("# %s\n", err);
		topo_free(t);
		return NULL;
	}
	return t;
}

static void test_fig7(const char *file)
{
	struct topo *t = load(file);
	struct ctl_docs d2 = { 0 }, d1 = { 0 }, d4 = { 0 }, d3 = { 0 };
	char err[TOPO_ERRLEN], l1[256], l2[256], l4[256];

	ok(t != NULL, "FIG. 3 topology (%s) parses", file);
	if (!t)
		return;
	ok(!compute_host(t, "host2", &d2, err, sizeof(err)) &&
	   !compute_host(t, "host1", &d1, err, sizeof(err)) &&
	   !compute_host(t, "host3", &d3, err, sizeof(err)) &&
	   !compute_host(t, "host4", &d4, err, sizeof(err)),
	   "hosts 1-4 computed");
	/*
	 * FIG. 7A, PAN N5 in host 2: C and D no modification (local), F and
	 * G translated to F' and G'. The broadcast row (IP multicast) is
	 * the flood list here: the uplink, one translated copy.
	 */
	expect_doc(&d2, "pans/5",
		   "pan 5\n"
		   "port C vm C mac 02:00:00:00:00:01 ext 0a:00:00:00:00:03\n"
		   "port D vm D mac 02:00:00:00:00:02 ext 0a:00:00:00:00:04\n"
		   "entry 02:00:00:00:00:03 xlate ext 0a:00:00:00:00:06 vm F\n"
		   "entry 02:00:00:00:00:04 xlate ext 0a:00:00:00:00:07 vm G\n"
		   "flood uplink\n",
		   "FIG. 7A: host 2's table for N5: C, D local; F, G xlate to F', G'");
	/*
	 * FIG. 7B, PAN N2 in host 2: A, B local, E translated to E', J
	 * encapsulated to host 1's address on PN2.
	 */
	expect_doc(&d2, "pans/2",
		   "pan 2\n"
		   "port A vm A mac 02:00:00:00:00:01 ext 0a:00:00:00:00:01\n"
		   "port B vm B mac 02:00:00:00:00:02 ext 0a:00:00:00:00:02\n"
		   "entry 02:00:00:00:00:03 xlate ext 0a:00:00:00:00:05 vm E\n"
		   "entry 02:00:00:00:00:04 encap vxlan remote 192.0.2.129 vm J\n"
		   "flood uplink\n"
		   "flood remote 192.0.2.129 encap vxlan\n",
		   "FIG. 7B: host 2's table for N2: A, B local; E xlate to E'; J encap to host 1");
	expect_doc(&d2, "switch",
		   "switch psw0\nlocal4 192.0.2.2\nvxlan-port 4789\nuplink up0\n",
		   "host 2's switch: underlay address and uplink");
	/* claim 14: a table for each PAN with a VM on the host, no other */
	ok(d2.n == 3 && docs_find(&d2, "pans/2") && docs_find(&d2, "pans/5"),
	   "host 2 gets the tables of N2 and N5 only (claim 14)");
	ok(d3.n == 3 && docs_find(&d3, "pans/1") && docs_find(&d3, "pans/3"),
	   "host 3 gets the tables of N1 and N3 only");
	ok(d4.n == 4 && docs_find(&d4, "pans/2") && docs_find(&d4, "pans/5") &&
	   docs_find(&d4, "pans/6"), "host 4 gets N2, N5, N6");
	/* claims 17-19: E is local on 4, xlate from 2, encap from 1 */
	vm_line(&d4, "pans/2", "E", l4, sizeof(l4));
	vm_line(&d2, "pans/2", "E", l2, sizeof(l2));
	vm_line(&d1, "pans/2", "E", l1, sizeof(l1));
	ok(!strncmp(l4, "port E ", 7) && strstr(l2, " xlate ext 0a:00:00:00:00:05") &&
	   strstr(l1, " encap vxlan remote 192.0.2.4"),
	   "VM E: local on host 4, xlate from host 2 (same network), encap from host 1 (behind the router)");
	if (!(strstr(l2, "xlate") && strstr(l1, "encap")))
		printf("# host4: %s\n# host2: %s\n# host1: %s\n", l4, l2, l1);
	/* FIG. 3 (N3): every VM of N3 on host 3: no entry, no flood */
	expect_doc(&d3, "pans/3",
		   "pan 3\n"
		   "port N vm N mac 02:00:00:00:00:01 ext 0a:00:00:00:00:0e\n"
		   "port O vm O mac 02:00:00:00:00:02 ext 0a:00:00:00:00:0f\n",
		   "N3 lives on host 3 alone: two ports, no entry, empty flood list");
	/* N1 on host 1: M (host 3), P, Q (host 5), all on PN2 */
	expect_doc(&d1, "pans/1",
		   "pan 1\n"
		   "port H vm H mac 02:00:00:00:00:01 ext 0a:00:00:00:00:08\n"
		   "port I vm I mac 02:00:00:00:00:02 ext 0a:00:00:00:00:09\n"
		   "entry 02:00:00:00:00:03 xlate ext 0a:00:00:00:00:0d vm M\n"
		   "entry 02:00:00:00:00:04 xlate ext 0a:00:00:00:00:10 vm P\n"
		   "entry 02:00:00:00:00:05 xlate ext 0a:00:00:00:00:11 vm Q\n"
		   "flood uplink\n",
		   "N1 on host 1 (FIG. 4, 6): M, P, Q translated on PN2");
	docs_free(&d1);
	docs_free(&d2);
	docs_free(&d3);
	docs_free(&d4);
	topo_free(t);
}

static struct topo *parse(const char *text, char *err, size_t errlen)
{
	struct topo *t = NULL;

	if (topo_parse("t.yaml", text, strlen(text), &t, err, errlen))
		return NULL;
	if (topo_alloc_ext(t, NULL, NULL, err, errlen)) {
		topo_free(t);
		return NULL;
	}
	return t;
}

#define HOSTS3 \
	"hosts:\n" \
	"  - {name: a, segment: s1, ip4: 192.0.2.1, ip6: \"2001:db8::1\", uplink: up0}\n" \
	"  - {name: b, segment: s1, ip4: 192.0.2.2, ip6: \"2001:db8::2\", uplink: up0}\n" \
	"  - {name: c, segment: s2, ip4: 192.0.2.130, ip6: \"2001:db8::3\", uplink: up0}\n"

static void test_segments(void)
{
	char err[TOPO_ERRLEN], l[256];
	struct ctl_docs da = { 0 };
	struct topo *t;

	t = parse("ext-mac-pool: {base: \"0a:00:00:00:00:00\", size: 16}\n"
		  HOSTS3
		  "pans: [{id: 7, encap: nvgre, family: 6}]\n"
		  "vms:\n"
		  "  - {name: v1, pan: 7, host: a, mac: \"02:00:00:00:00:01\"}\n"
		  "  - {name: v2, pan: 7, host: b, mac: \"02:00:00:00:00:02\"}\n"
		  "  - {name: v3, pan: 7, host: c, mac: \"02:00:00:00:00:03\"}\n"
		  "  - {name: v4, pan: 7, host: b, macs: [\"02:00:00:00:00:04\", \"02:00:00:00:00:05\"]}\n",
		  err, sizeof(err));
	ok(t != NULL, "three hosts on two segments parse");
	if (!t) {
		printf("# %s\n", err);
		return;
	}
	ok(!compute_host(t, "a", &da, err, sizeof(err)), "host a computed");
	vm_line(&da, "pans/7", "v2", l, sizeof(l));
	ok(strstr(l, "xlate ext 0a:00:00:00:00:01") != NULL,
	   "same segment: xlate to the VM's external MAC (%s)", l);
	vm_line(&da, "pans/7", "v3", l, sizeof(l));
	ok(strstr(l, "encap nvgre remote 2001:db8::3") != NULL,
	   "other segment: encap with the PAN's encapsulation and family (%s)",
	   l);
	ok(strstr(doc(&da, "pans/7"),
		  "entry 02:00:00:00:00:04 encap nvgre remote 2001:db8::2 vm v4\n"
		  "entry 02:00:00:00:00:05 encap nvgre remote 2001:db8::2 vm v4\n") &&
	   !strstr(doc(&da, "pans/7"), "ext 0a:00:00:00:00:03"),
	   "a VM with two MACs has no external MAC: its own segment reaches it by encap");
	ok(strstr(doc(&da, "pans/7"), "flood uplink\n"
		  "flood remote 2001:db8::2 encap nvgre\n"
		  "flood remote 2001:db8::3 encap nvgre\n") != NULL,
	   "flood list: the uplink and one remote per encap host");
	docs_free(&da);
	/* host b has the two-MAC VM v4: it cannot send translated frames */
	ok(!compute_host(t, "b", &da, err, sizeof(err)), "host b computed");
	vm_line(&da, "pans/7", "v1", l, sizeof(l));
	ok(strstr(l, "encap nvgre") != NULL,
	   "a host with a two-MAC VM of the PAN uses encap on its own segment too (%s)",
	   l);
	docs_free(&da);
	topo_free(t);
}

/*
 * The old spellings "encap: ipip" and "locals:" (one release) give the
 * same tables as "encap: etherip" and "pan-addrs:".
 */
static void test_old_names(void)
{
	static const char *const fmt =
		"ext-mac-pool: {base: \"0a:00:00:00:00:00\", size: 16}\n" HOSTS3
		"pans:\n  - {id: 5, encap: %s, %s: {a: 192.0.2.101, c: 192.0.2.103}}\n"
		"vms:\n"
		"  - {name: v1, pan: 5, host: a, mac: \"02:00:00:00:00:01\"}\n"
		"  - {name: v3, pan: 5, host: c, mac: \"02:00:00:00:00:03\"}\n";
	struct ctl_docs dn = { 0 }, dold = { 0 };
	char err[TOPO_ERRLEN], text[1024];
	struct topo *tn, *told;

	snprintf(text, sizeof(text), fmt, "etherip", "pan-addrs");
	tn = parse(text, err, sizeof(err));
	ok(tn != NULL, "etherip PAN with pan-addrs parses");
	if (!tn)
		printf("# %s\n", err);
	snprintf(text, sizeof(text), fmt, "ipip", "locals");
	told = parse(text, err, sizeof(err));
	ok(told != NULL, "ipip PAN with locals parses");
	if (!told)
		printf("# %s\n", err);
	if (!tn || !told)
		goto out;
	ok(!compute_host(tn, "a", &dn, err, sizeof(err)) &&
	   !compute_host(told, "a", &dold, err, sizeof(err)),
	   "host a computed from both");
	ok(strstr(doc(&dn, "pans/5"), "encap etherip remote 192.0.2.103 vm v3") &&
	   !strcmp(doc(&dn, "pans/5"), doc(&dold, "pans/5")),
	   "the old names give the new names' table");
	diag_text("table", doc(&dold, "pans/5"));
out:
	docs_free(&dn);
	docs_free(&dold);
	topo_free(tn);
	topo_free(told);
}

/*
 * The controller's flood limit is the kernel's (PSW_FLOOD_MAX): a PAN
 * whose VMs are on PSW_FLOOD_MAX other segments fits host h0's flood
 * list, one segment more is refused by the controller rather than by
 * the kernel when h0's agent applies it.
 */
static void test_flood_limit(void)
{
	char err[TOPO_ERRLEN], *text;
	struct ctl_docs d = { 0 };
	unsigned int others, i;
	struct topo *t;
	size_t len;
	FILE *f;
	int rc;

	for (others = PSW_FLOOD_MAX; others <= PSW_FLOOD_MAX + 1; others++) {
		f = open_memstream(&text, &len);
		if (!f)
			return;
		fprintf(f, "hosts:\n");
		for (i = 0; i <= others; i++)
			fprintf(f, "  - {name: h%u, segment: s%u, ip4: 10.0.%u.%u}\n",
				i, i, i / 250, i % 250 + 1);
		fprintf(f, "pans: [{id: 7}]\nvms:\n");
		for (i = 0; i <= others; i++)
			fprintf(f, "  - {name: v%u, pan: 7, host: h%u, mac: \"02:00:00:00:%02x:%02x\"}\n",
				i, i, i / 256, i % 256 + 1);
		fclose(f);
		t = parse(text, err, sizeof(err));
		free(text);
		if (!t) {
			ok(false, "%u other segments: parses (%s)", others, err);
			continue;
		}
		rc = compute_host(t, "h0", &d, err, sizeof(err));
		if (others == PSW_FLOOD_MAX)
			ok(!rc, "PSW_FLOOD_MAX (%u) remotes fit a flood list", others);
		else
			ok(rc && strstr(err, "flood members on host \"h0\", more than") != NULL,
			   "PSW_FLOOD_MAX + 1 remotes are refused (%s)", rc ? err : "accepted");
		docs_free(&d);
		memset(&d, 0, sizeof(d));
		topo_free(t);
	}
}

static void test_pool(void)
{
	char err[TOPO_ERRLEN];
	struct ctl_buf alloc = { 0 };
	struct topo *t;
	int rc;
	static const char *const base =
		HOSTS3
		"pans: [{id: 7}]\n"
		"vms:\n"
		"  - {name: v1, pan: 7, host: a, mac: \"02:00:00:00:00:01\"}\n"
		"  - {name: v2, pan: 7, host: b, mac: \"02:00:00:00:00:02\"}\n"
		"  - {name: v3, pan: 7, host: a, mac: \"02:00:00:00:00:03\"}\n"
		"  - {name: v4, pan: 7, host: c, mac: \"02:00:00:00:00:04\"}\n";
	char text[2048];

	snprintf(text, sizeof(text),
		 "ext-mac-pool: {base: \"0a:00:00:00:00:00\", size: 2}\n%s",
		 base);
	ok(topo_parse("t.yaml", text, strlen(text), &t, err,
		      sizeof(err)) == 0, "pool of 2 parses");
	rc = topo_alloc_ext(t, NULL, NULL, err, sizeof(err));
	ok(rc != 0 && strstr(err, "t.yaml:1:1: ext-mac-pool: exhausted: 2 external MACs, and VM \"v3\" (line 10) needs one more"),
	   "three VMs of segment s1 need external MACs from a pool of 2: refused, naming the pool and the VM");
	printf("# %s\n", err);
	topo_free(t);

	snprintf(text, sizeof(text),
		 "ext-mac-pool: {base: \"0a:00:00:00:00:00\", size: 3}\n%s",
		 base);
	topo_parse("t.yaml", text, strlen(text), &t, err, sizeof(err));
	/* v1 had :02 before: it keeps it; v2 and v3 take :00 and :01 */
	rc = topo_alloc_ext(t, "v1 0a:00:00:00:00:02\nv9 0a:00:00:00:00:00\n",
			    &alloc, err, sizeof(err));
	ok(!rc && alloc.s && !strcmp(alloc.s, "v1 0a:00:00:00:00:02\n"
				   "v2 0a:00:00:00:00:00\n"
				   "v3 0a:00:00:00:00:01\n"),
	   "an earlier allocation is kept, a deleted VM's MAC is reused, a VM alone on its segment gets none");
	if (alloc.s)
		diag_text("allocation", alloc.s);
	buf_free(&alloc);
	topo_free(t);

	snprintf(text, sizeof(text), "%s", base);
	ok(topo_parse("t.yaml", text, strlen(text), &t, err, sizeof(err)) == 0 &&
	   topo_alloc_ext(t, NULL, NULL, err, sizeof(err)) != 0 &&
	   strstr(err, "t.yaml:7:5: vms[0].ext: VM \"v1\" needs an external MAC (segment \"s1\" has 2 hosts) and there is no ext-mac-pool"),
	   "no pool and a segment with two hosts: refused, naming the VM");
	printf("# %s\n", err);
	topo_free(t);
}

/* Each bad topology is refused with exactly this message prefix */
static const struct {
	const char *what, *text, *want;
} bad[] = {
	{ "duplicate MAC in a PAN",
	  HOSTS3 "pans: [{id: 7}]\n"
	  "vms:\n"
	  "  - {name: v1, pan: 7, host: a, mac: \"02:00:00:00:00:01\"}\n"
	  "  - {name: v2, pan: 7, host: b, mac: \"02:00:00:00:00:01\"}\n",
	  "t.yaml:8:38: vms[1].mac: duplicate MAC 02:00:00:00:00:01 in PAN 7: VM \"v1\" (line 7) has it already" },
	{ "duplicate MAC among a VM's macs",
	  HOSTS3 "pans: [{id: 7}]\n"
	  "vms:\n"
	  "  - {name: v1, pan: 7, host: a, mac: \"02:00:00:00:00:01\"}\n"
	  "  - {name: v2, pan: 7, host: c, macs: [\"02:00:00:00:00:02\", \"02:00:00:00:00:01\"]}\n",
	  "t.yaml:8:61: vms[1].macs[1]: duplicate MAC 02:00:00:00:00:01 in PAN 7: VM \"v1\" (line 7)" },
	{ "VM on an unknown host",
	  HOSTS3 "pans: [{id: 7}]\n"
	  "vms:\n"
	  "  - {name: v1, pan: 7, host: zz, mac: \"02:00:00:00:00:01\"}\n",
	  "t.yaml:7:30: vms[0].host: unknown host \"zz\" (not in hosts)" },
	{ "VM in an unknown PAN",
	  HOSTS3 "pans: [{id: 7}]\n"
	  "vms:\n"
	  "  - {name: v1, pan: 8, host: a, mac: \"02:00:00:00:00:01\"}\n",
	  "t.yaml:7:21: vms[0].pan: unknown PAN 8 (not in pans)" },
	{ "PAN id 0",
	  HOSTS3 "pans:\n  - id: 0\n",
	  "t.yaml:6:9: pans[0].id: 0 is out of range 1..16777214" },
	{ "PAN id above 24 bits",
	  HOSTS3 "pans:\n  - id: 16777215\n",
	  "t.yaml:6:9: pans[0].id: 16777215 is out of range 1..16777214" },
	{ "PAN id not a number",
	  HOSTS3 "pans:\n  - id: -3\n",
	  "t.yaml:6:9: pans[0].id: \"-3\" is not a whole number" },
	{ "PAN defined twice",
	  HOSTS3 "pans:\n  - id: 5\n  - id: 5\n",
	  "t.yaml:7:9: pans[1].id: PAN 5 is defined twice (first at line 6)" },
	{ "malformed YAML",
	  "hosts:\n  - {name: a, segment: s1\n  - b\n",
	  "t.yaml:4:1: did not find expected ',' or '}' (while parsing a flow mapping at line 2)" },
	{ "malformed JSON",
	  "{\"hosts\": [{\"name\": \"a\", \"segment\": \"s1\", \"ip4\": \"192.0.2.1\"},]\n",
	  "t.yaml:2:1: did not find expected ',' or '}'" },
	{ "JSON with a bad value",
	  "{\"hosts\": [{\"name\": \"a\", \"segment\": \"s1\",\n"
	  "  \"ip4\": \"192.0.2.300\"}]}\n",
	  "t.yaml:2:10: hosts[0].ip4: \"192.0.2.300\" is not an IPv4 address" },
	{ "unknown field",
	  HOSTS3 "pans:\n  - {id: 5, group: 239.1.1.1}\n",
	  "t.yaml:6:13: pans[0].group: unknown field" },
	{ "duplicate key",
	  "hosts:\n  - {name: a, name: b}\n",
	  "t.yaml:2:15: duplicate key \"name\" (first at line 2)" },
	{ "host defined twice",
	  "hosts:\n  - {name: a, segment: s, ip4: 192.0.2.1}\n"
	  "  - {name: a, segment: s, ip4: 192.0.2.2}\n",
	  "t.yaml:3:12: hosts[1].name: host \"a\" is defined twice (first at line 2)" },
	{ "host without address",
	  "hosts:\n  - {name: a, segment: s}\n",
	  "t.yaml:2:5: hosts[].ip4: host \"a\" (hosts[0]) needs an underlay address" },
	{ "multicast MAC",
	  HOSTS3 "pans: [{id: 7}]\n"
	  "vms:\n"
	  "  - {name: v1, pan: 7, host: a, mac: \"01:00:5e:00:00:01\"}\n",
	  "t.yaml:7:38: vms[0].mac: 01:00:5e:00:00:01 is not a unicast MAC address" },
	{ "VM missing its MAC",
	  HOSTS3 "pans: [{id: 7}]\nvms:\n  - {name: v1, pan: 7, host: a}\n",
	  "t.yaml:7:5: vms[0].mac: missing: the VM's internal MAC" },
	{ "miss policy not implemented",
	  HOSTS3 "pans:\n  - {id: 5, miss: notify}\n",
	  "t.yaml:6:19: pans[0].miss: miss policy \"notify\" is not available" },
	{ "etherip PAN without pan-addrs",
	  HOSTS3 "pans:\n  - {id: 5, encap: etherip}\n",
	  "t.yaml:6:5: pans[0].pan-addrs: missing" },
	{ "etherip PAN without an address on a VM's host",
	  HOSTS3 "pans:\n  - {id: 5, encap: etherip, pan-addrs: {a: 192.0.2.101}}\n"
	  "vms:\n  - {name: v1, pan: 5, host: b, mac: \"02:00:00:00:00:01\"}\n",
	  "t.yaml:8:30: vms[0].host: PAN 5 is etherip and has no PAN address on host \"b\" (add it to pans[0].pan-addrs, line 6)" },
	{ "the old names ipip and locals: errors name the key the file uses",
	  HOSTS3 "pans:\n  - {id: 5, encap: ipip, locals: {a: 192.0.2.101}}\n"
	  "vms:\n  - {name: v1, pan: 5, host: b, mac: \"02:00:00:00:00:01\"}\n",
	  "t.yaml:8:30: vms[0].host: PAN 5 is etherip and has no PAN address on host \"b\" (add it to pans[0].locals, line 6)" },
	{ "pan-addrs and its old name locals together",
	  HOSTS3 "pans:\n  - {id: 5, encap: etherip, pan-addrs: {a: 192.0.2.101}, locals: {a: 192.0.2.101}}\n",
	  "t.yaml:6:66: pans[0].locals: \"locals\" is the old name of \"pan-addrs\": give one of them" },
	{ "locals on a vxlan PAN",
	  HOSTS3 "pans:\n  - {id: 5, locals: {a: 192.0.2.101}}\n",
	  "t.yaml:6:21: pans[0].locals: only an etherip PAN has PAN addresses" },
	{ "encapsulation: IP-in-IP is not EtherIP's name",
	  HOSTS3 "pans:\n  - {id: 5, encap: IPIP}\n",
	  "t.yaml:6:20: pans[0].encap: \"IPIP\" is not one of vxlan, nvgre, etherip" },
	{ "VM device twice on a host",
	  HOSTS3 "pans: [{id: 7}, {id: 8}]\n"
	  "vms:\n"
	  "  - {name: v1, pan: 7, host: a, mac: \"02:00:00:00:00:01\", dev: tap0}\n"
	  "  - {name: v2, pan: 8, host: a, mac: \"02:00:00:00:00:01\", dev: tap0}\n",
	  "t.yaml:8:64: vms[1].dev: device \"tap0\" on host \"a\" is VM \"v1\"'s already (line 7)" },
	{ "a document that is not a mapping",
	  "- a\n- b\n", "t.yaml:1:1: topology: expected a mapping, found a list" },
	{ "an empty file", "", "t.yaml: topology: the file is empty" },
	{ "version 2", "version: 2\nhosts: []\n",
	  "t.yaml:1:10: version: 2 is out of range 1..1" },
	{ "an alias",
	  "hosts:\n  - &h {name: a, segment: s, ip4: 192.0.2.1}\n  - *h\n",
	  "t.yaml:2:5: anchors are not accepted" },
};

static void test_invalid(void)
{
	char err[TOPO_ERRLEN];
	struct topo *t;
	size_t i;
	int rc;

	for (i = 0; i < sizeof(bad) / sizeof(bad[0]); i++) {
		t = (struct topo *)1;
		strcpy(err, "(none)");
		rc = topo_parse("t.yaml", bad[i].text, strlen(bad[i].text),
				&t, err, sizeof(err));
		ok(rc != 0 && t == (struct topo *)1 &&
		   !strncmp(err, bad[i].want, strlen(bad[i].want)),
		   "refused: %s", bad[i].what);
		if (rc == 0 || strncmp(err, bad[i].want, strlen(bad[i].want)))
			printf("# want: %s\n#  got: %s\n", bad[i].want,
			       rc ? err : "(accepted)");
		if (rc == 0)
			topo_free(t);
	}
}

static void test_state_roundtrip(const char *file)
{
	struct topo *t = load(file);
	struct ctl_host_state st, back;
	struct ctl_docs d = { 0 }, d2 = { 0 };
	char err[TOPO_ERRLEN];
	size_t i;
	bool same = true;

	if (!t)
		return;
	topo_compute(t, 1, &st, err, sizeof(err));
	state_render(&st, &d);
	ok(!state_parse(&d, &back, err, sizeof(err)), "a computed state parses back");
	state_render(&back, &d2);
	for (i = 0; i < d.n; i++)
		same &= i < d2.n && !strcmp(d.v[i].key, d2.v[i].key) &&
			!strcmp(d.v[i].val, d2.v[i].val);
	ok(same && d.n == d2.n, "and renders to the same documents");
	state_free(&st);
	state_free(&back);
	docs_free(&d);
	docs_free(&d2);
	topo_free(t);

	/* the agent refuses a bad document with its key and line */
	{
		struct ctl_docs b = { 0 };
		int rc;

		docs_add(&b, "switch", "switch psw0\nlocal4 192.0.2.1\n");
		docs_add(&b, "pans/9", "pan 9\n\nentry 02:00:00:00:00:01 xlate vm x\n");
		rc = state_parse(&b, &back, err, sizeof(err));
		ok(rc && !strcmp(err, "pans/9:3: xlate without \"ext MAC\""),
		   "a bad desired state is refused naming its document and line (%s)",
		   err);
		docs_free(&b);
		docs_add(&b, "pans/9", "pan 8\n");
		docs_add(&b, "switch", "switch psw0\n");
		rc = state_parse(&b, &back, err, sizeof(err));
		ok(rc && !strcmp(err, "pans/9:1: expected \"pan 9\""),
		   "a document whose PAN is not its key's is refused (%s)", err);
		docs_free(&b);
	}
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: %s FIG3.yaml\n", argv[0]);
		return 2;
	}
	test_fig7(argv[1]);
	test_segments();
	test_old_names();
	test_flood_limit();
	test_pool();
	test_invalid();
	test_state_roundtrip(argv[1]);
	printf("1..%d\n# %d passed, %d failed\n", pass + fail, pass, fail);
	return fail ? 1 : 0;
}
