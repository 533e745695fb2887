// SPDX-License-Identifier: GPL-2.0
/*
 * Host-side tests of the agent's diff (sync.c) against a model of the
 * kernel that enforces the rules sync depends on (an entry exists:
 * EEXIST unless replaced; a port's MAC must have no entry; a PAN with
 * ports cannot be deleted; one uplink). Every request is logged, so the
 * tests check what is sent and in which order: a restart sends nothing,
 * a new generation is loaded before the stale one is removed.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "sync.h"

/* ---- the model ---- */

struct kapi {
	bool exists;
	struct ctl_host_state k;	/* what the "kernel" has */
	char devs[32][CTL_IFNAMSIZ];	/* devices that exist */
	int ndevs;
	char down[32][CTL_IFNAMSIZ];	/* of those, not up (no carrier) */
	int ndown;
	char log[8192];
	char err[128];
	const char *fail_op;		/* this op fails (EIO) */
};

static int pass, fail;

static void ok(bool c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void ok(bool c, const char *fmt, ...)
{
	va_list ap;

	printf("%sok %d - ", c ? "" : "not ", pass + fail + 1);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	c ? pass++ : fail++;
}

static void lg(struct kapi *k, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void lg(struct kapi *k, const char *fmt, ...)
{
	size_t n = strlen(k->log);
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(k->log + n, sizeof(k->log) - n, fmt, ap);
	va_end(ap);
	n = strlen(k->log);
	snprintf(k->log + n, sizeof(k->log) - n, "\n");
}

static int refuse(struct kapi *k, int rc, const char *why)
{
	snprintf(k->err, sizeof(k->err), "%s", why);
	lg(k, "REFUSED %s", why);
	return rc;
}

static bool failing(struct kapi *k, const char *op)
{
	return k->fail_op && !strcmp(k->fail_op, op);
}

const char *kapi_error(struct kapi *k)
{
	return k->err;
}

bool kapi_dev_exists(struct kapi *k, const char *dev)
{
	for (int i = 0; i < k->ndevs; i++)
		if (!strcmp(k->devs[i], dev))
			return true;
	return false;
}

bool kapi_dev_ready(struct kapi *k, const char *dev)
{
	if (!kapi_dev_exists(k, dev))
		return false;
	for (int i = 0; i < k->ndown; i++)
		if (!strcmp(k->down[i], dev))
			return false;
	return true;
}

static void copy_pan(struct ctl_pan *d, const struct ctl_pan *s)
{
	*d = *s;
	d->ports = calloc(s->nports + 1, sizeof(*d->ports));
	d->entries = calloc(s->nentries + 1, sizeof(*d->entries));
	d->flood = calloc(s->nflood + 1, sizeof(*d->flood));
	memcpy(d->ports, s->ports, s->nports * sizeof(*d->ports));
	memcpy(d->entries, s->entries, s->nentries * sizeof(*d->entries));
	memcpy(d->flood, s->flood, s->nflood * sizeof(*d->flood));
}

int kapi_read(struct kapi *k, const char *sw, struct ctl_host_state *cur,
	      bool *exists)
{
	(void)sw;
	memset(cur, 0, sizeof(*cur));
	*exists = k->exists;
	if (!k->exists)
		return 0;
	*cur = k->k;
	cur->pans = calloc(k->k.npans + 1, sizeof(*cur->pans));
	for (size_t i = 0; i < k->k.npans; i++)
		copy_pan(&cur->pans[i], &k->k.pans[i]);
	return 0;
}

static struct ctl_pan *kpan(struct kapi *k, uint32_t id)
{
	return (struct ctl_pan *)state_pan(&k->k, id);
}

int kapi_switch_add(struct kapi *k, const char *sw)
{
	lg(k, "switch add %s", sw);
	k->exists = true;
	k->k.has_switch = true;
	snprintf(k->k.sw.name, sizeof(k->k.sw.name), "%s", sw);
	k->k.sw.vxlan_port = 4789;
	k->k.sw.down = true;
	return 0;
}

int kapi_switch_up(struct kapi *k, const char *sw)
{
	lg(k, "switch up %s", sw);
	k->k.sw.down = false;
	return 0;
}

int kapi_switch_set(struct kapi *k, const char *sw,
		    const struct ctl_addr *l4, const struct ctl_addr *l6,
		    uint16_t port)
{
	char a[CTL_ADDRSTR], b[CTL_ADDRSTR];

	(void)sw;
	lg(k, "switch set local4 %s local6 %s port %u",
	   l4 ? ctl_addr_format(l4, a) : "-", l6 ? ctl_addr_format(l6, b) : "-",
	   port);
	if (l4)
		k->k.sw.local4 = *l4;
	if (l6)
		k->k.sw.local6 = *l6;
	if (port)
		k->k.sw.vxlan_port = port;
	return 0;
}

int kapi_uplink_add(struct kapi *k, const char *sw, const char *dev)
{
	(void)sw;
	if (k->k.sw.uplink[0])
		return refuse(k, -EEXIST, "second uplink");
	lg(k, "uplink add %s", dev);
	snprintf(k->k.sw.uplink, sizeof(k->k.sw.uplink), "%s", dev);
	return 0;
}

int kapi_port_add(struct kapi *k, const char *sw, uint32_t pan,
		  const struct ctl_port *p)
{
	struct ctl_pan *kp = kpan(k, pan);

	(void)sw;
	if (failing(k, "port add"))
		return refuse(k, -EIO, "injected failure");
	if (!kp)
		return refuse(k, -ENOENT, "no PAN");
	for (unsigned int m = 0; m < p->nmacs; m++)
		for (size_t i = 0; i < kp->nentries; i++)
			if (!memcmp(kp->entries[i].mac, p->macs[m], CTL_ALEN) &&
			    kp->entries[i].mode != CTL_MODE_HOLD)
				return refuse(k, -EEXIST, "port MAC has an entry");
	lg(k, "port add %u %s", pan, p->dev);
	/* the kernel's: the port's own entry replaces a hold entry */
	for (unsigned int m = 0; m < p->nmacs; m++)
		for (size_t i = 0; i < kp->nentries; i++)
			if (!memcmp(kp->entries[i].mac, p->macs[m], CTL_ALEN)) {
				char mm[CTL_MACSTR];

				lg(k, "held frames of %s go to %s",
				   ctl_mac_format(p->macs[m], mm), p->dev);
				kp->entries[i] = kp->entries[--kp->nentries];
				break;
			}
	kp->ports = realloc(kp->ports, (kp->nports + 1) * sizeof(*kp->ports));
	kp->ports[kp->nports++] = *p;
	return 0;
}

int kapi_port_del(struct kapi *k, const char *sw, const char *dev)
{
	(void)sw;
	if (!strcmp(k->k.sw.uplink, dev)) {
		lg(k, "uplink del %s", dev);
		k->k.sw.uplink[0] = '\0';
		return 0;
	}
	for (size_t i = 0; i < k->k.npans; i++) {
		struct ctl_pan *p = &k->k.pans[i];

		for (size_t j = 0; j < p->nports; j++)
			if (!strcmp(p->ports[j].dev, dev)) {
				lg(k, "port del %u %s", p->id, dev);
				p->ports[j] = p->ports[--p->nports];
				return 0;
			}
	}
	return refuse(k, -ENODEV, "no port");
}

int kapi_pan_add(struct kapi *k, const char *sw, uint32_t pan)
{
	struct ctl_pan *np;
	size_t i;

	(void)sw;
	lg(k, "pan add %u", pan);
	k->k.pans = realloc(k->k.pans, (k->k.npans + 1) * sizeof(*np));
	for (i = k->k.npans; i > 0 && k->k.pans[i - 1].id > pan; i--)
		k->k.pans[i] = k->k.pans[i - 1];
	np = &k->k.pans[i];
	memset(np, 0, sizeof(*np));
	np->id = pan;
	k->k.npans++;
	return 0;
}

int kapi_pan_del(struct kapi *k, const char *sw, uint32_t pan)
{
	struct ctl_pan *p = kpan(k, pan);
	size_t i;

	(void)sw;
	if (p->nports)
		return refuse(k, -EBUSY, "PAN has ports");
	lg(k, "pan del %u", pan);
	i = p - k->k.pans;
	free(p->ports);
	free(p->entries);
	free(p->flood);
	memmove(p, p + 1, (k->k.npans - i - 1) * sizeof(*p));
	k->k.npans--;
	return 0;
}

int kapi_pan_set(struct kapi *k, const char *sw, uint32_t pan,
		 const struct ctl_addr *l4, const struct ctl_addr *l6)
{
	(void)sw;
	lg(k, "pan set %u", pan);
	kpan(k, pan)->local4 = *l4;
	kpan(k, pan)->local6 = *l6;
	return 0;
}

int kapi_pan_set_hold(struct kapi *k, const char *sw, uint32_t pan,
		      uint32_t frames, uint32_t time_ms)
{
	(void)sw;
	lg(k, "pan set %u hold frames %u time %u", pan, frames, time_ms);
	kpan(k, pan)->hold_frames = frames;
	kpan(k, pan)->hold_time_ms = time_ms;
	return 0;
}

int kapi_entry_put(struct kapi *k, const char *sw, uint32_t pan,
		   const struct ctl_entry *e, bool replace)
{
	struct ctl_pan *p = kpan(k, pan);
	char m[CTL_MACSTR];
	size_t i;

	(void)sw;
	for (i = 0; i < p->nports; i++)
		for (unsigned int j = 0; j < p->ports[i].nmacs; j++)
			if (!memcmp(p->ports[i].macs[j], e->mac, CTL_ALEN))
				return refuse(k, -EEXIST, "MAC is a port's");
	for (i = 0; i < p->nentries; i++)
		if (!memcmp(p->entries[i].mac, e->mac, CTL_ALEN))
			break;
	if (i < p->nentries && !replace)
		return refuse(k, -EEXIST, "entry exists");
	lg(k, "entry %s %u %s %s", replace ? "replace" : "add", pan,
	   ctl_mac_format(e->mac, m),
	   e->mode == CTL_MODE_XLATE ? "xlate" :
	   e->mode == CTL_MODE_HOLD ? "hold" : "encap");
	if (i == p->nentries) {
		p->entries = realloc(p->entries,
				     (p->nentries + 1) * sizeof(*e));
		p->nentries++;
	}
	p->entries[i] = *e;
	return 0;
}

int kapi_entry_del(struct kapi *k, const char *sw, uint32_t pan,
		   const uint8_t mac[CTL_ALEN])
{
	struct ctl_pan *p = kpan(k, pan);
	char m[CTL_MACSTR];

	(void)sw;
	for (size_t i = 0; i < p->nentries; i++)
		if (!memcmp(p->entries[i].mac, mac, CTL_ALEN)) {
			lg(k, "entry del %u %s", pan, ctl_mac_format(mac, m));
			p->entries[i] = p->entries[--p->nentries];
			return 0;
		}
	return refuse(k, -ENOENT, "no entry");
}

int kapi_flood_add(struct kapi *k, const char *sw, uint32_t pan,
		   const struct ctl_flood *f)
{
	struct ctl_pan *p = kpan(k, pan);
	char a[CTL_ADDRSTR];

	(void)sw;
	lg(k, "flood add %u %s", pan,
	   f->uplink ? "uplink" : ctl_addr_format(&f->remote, a));
	p->flood = realloc(p->flood, (p->nflood + 1) * sizeof(*f));
	p->flood[p->nflood++] = *f;
	return 0;
}

int kapi_flood_del(struct kapi *k, const char *sw, uint32_t pan,
		   const struct ctl_flood *f)
{
	struct ctl_pan *p = kpan(k, pan);
	char a[CTL_ADDRSTR];

	(void)sw;
	for (size_t i = 0; i < p->nflood; i++)
		if (p->flood[i].uplink == f->uplink &&
		    ctl_addr_eq(&p->flood[i].remote, &f->remote)) {
			lg(k, "flood del %u %s", pan,
			   f->uplink ? "uplink" : ctl_addr_format(&f->remote, a));
			p->flood[i] = p->flood[--p->nflood];
			return 0;
		}
	return refuse(k, -ENOENT, "no flood member");
}

/* ---- tests ---- */

static void want_from(struct ctl_host_state *st, const char *sw_doc,
		      const char *pans[][2], uint64_t gen)
{
	struct ctl_docs d = { 0 };
	char err[256];

	docs_add(&d, "switch", sw_doc);
	for (int i = 0; pans[i][0]; i++)
		docs_add(&d, pans[i][0], pans[i][1]);
	d.generation = gen;
	if (state_parse(&d, st, err, sizeof(err)))
		printf("# bad test state: %s\n", err);
	docs_free(&d);
}

static void dev_add(struct kapi *k, const char *d)
{
	snprintf(k->devs[k->ndevs++], CTL_IFNAMSIZ, "%s", d);
}

static void show_log(struct kapi *k)
{
	char *p = k->log, *nl;

	while (*p && (nl = strchr(p, '\n'))) {
		printf("#   %.*s\n", (int)(nl - p), p);
		p = nl + 1;
	}
}

static const char *SW =
	"switch psw0\nlocal4 192.0.2.1\nvxlan-port 4789\nuplink up0\n";

/* position of s in the log, or -1 */
static long at(struct kapi *k, const char *s)
{
	char *p = strstr(k->log, s);

	return p ? p - k->log : -1;
}

int main(void)
{
	static struct kapi k;
	struct ctl_host_state w1, w2, w3, w4;
	struct sync_result r;
	const char *g1[][2] = {
		{ "pans/100",
		  "pan 100\n"
		  "port a1 vm a1 mac 02:00:00:00:00:01 ext 0a:00:00:00:00:01\n"
		  "entry 02:00:00:00:00:02 xlate ext 0a:00:00:00:00:02 vm a2\n"
		  "entry 02:00:00:00:00:03 encap vxlan remote 192.0.2.129 vm a3\n"
		  "flood uplink\nflood remote 192.0.2.129 encap vxlan\n" },
		{ "pans/200",
		  "pan 200\n"
		  "port b1 vm b1 mac 02:00:00:00:00:01 ext 0a:00:00:00:00:11\n" },
		{ NULL, NULL } };
	/* a3 moved next door (xlate), a2 moved here (device not yet),
	 * PAN 200 gone, PAN 300 new */
	const char *g2[][2] = {
		{ "pans/100",
		  "pan 100\n"
		  "port a1 vm a1 mac 02:00:00:00:00:01 ext 0a:00:00:00:00:01\n"
		  "port a2 vm a2 mac 02:00:00:00:00:02 ext 0a:00:00:00:00:02\n"
		  "entry 02:00:00:00:00:03 xlate ext 0a:00:00:00:00:03 vm a3\n"
		  "flood uplink\n" },
		{ "pans/300",
		  "pan 300\n"
		  "port c1 vm c1 mac 02:00:00:00:00:01 ext 0a:00:00:00:00:21\n" },
		{ NULL, NULL } };
	/* a1 leaves: an entry to it replaces its port */
	const char *g3[][2] = {
		{ "pans/100",
		  "pan 100\n"
		  "port a2 vm a2 mac 02:00:00:00:00:02 ext 0a:00:00:00:00:02\n"
		  "entry 02:00:00:00:00:01 encap vxlan remote 192.0.2.129 vm a1\n"
		  "entry 02:00:00:00:00:03 xlate ext 0a:00:00:00:00:03 vm a3\n"
		  "flood uplink\nflood remote 192.0.2.129 encap vxlan\n" },
		{ "pans/300",
		  "pan 300\n"
		  "port c1 vm c1 mac 02:00:00:00:00:01 ext 0a:00:00:00:00:21\n" },
		{ NULL, NULL } };
	const char *none[][2] = { { NULL, NULL } };

	dev_add(&k, "up0");
	dev_add(&k, "a1");
	dev_add(&k, "b1");
	dev_add(&k, "c1");
	want_from(&w1, SW, g1, 1);
	want_from(&w2, SW, g2, 2);
	want_from(&w3, SW, g3, 3);
	want_from(&w4, "switch psw0\nlocal6 2001:db8::1\nvxlan-port 4789\n",
		  none, 4);

	sync_switch(&k, &w1, &r);
	ok(r.errors == 0 && r.ports == 2 && r.entries == 2 && !r.npending,
	   "first generation on an empty kernel: 2 ports, 2 entries");
	ok(at(&k, "switch add psw0") == 0 && at(&k, "switch up psw0") > 0 &&
	   at(&k, "uplink add up0") > 0 &&
	   at(&k, "flood add 100 192.0.2.129") > 0,
	   "switch created and brought up, uplink, flood list");
	if (r.errors)
		show_log(&k);

	/* restart: the same state read again changes nothing */
	k.log[0] = '\0';
	sync_switch(&k, &w1, &r);
	ok(r.changes == 0 && k.log[0] == '\0' && r.ports == 2 && r.entries == 2,
	   "a restarted agent finds everything in place and sends nothing (%u changes)",
	   r.changes);
	show_log(&k);

	/* a new generation: load first, then prune */
	k.log[0] = '\0';
	sync_switch(&k, &w2, &r);
	ok(r.errors == 0, "generation 2 applied without a refusal");
	show_log(&k);
	ok(at(&k, "entry replace 100 02:00:00:00:00:03 xlate") >= 0 &&
	   at(&k, "entry del 100 02:00:00:00:00:03") < 0,
	   "a3's entry is replaced atomically (encap -> xlate), never deleted");
	ok(at(&k, "pan add 300") >= 0 && at(&k, "port add 300 c1") >= 0 &&
	   at(&k, "pan del 200") > at(&k, "port add 300 c1") &&
	   at(&k, "port del 200 b1") < at(&k, "pan del 200") &&
	   at(&k, "flood del 100 192.0.2.129") > at(&k, "pan add 300"),
	   "new PAN and port loaded before the stale PAN, its port and flood member are removed");
	ok(r.npending == 1 && !strcmp(r.pending, " a2") &&
	   at(&k, "entry del 100 02:00:00:00:00:02") < 0,
	   "a2 migrating here, its device not there yet: port pending, its old entry kept");

	/* the device appears: the entry goes, the port comes */
	dev_add(&k, "a2");
	k.log[0] = '\0';
	sync_switch(&k, &w2, &r);
	show_log(&k);
	ok(r.errors == 0 && !r.npending &&
	   at(&k, "entry del 100 02:00:00:00:00:02") >= 0 &&
	   at(&k, "port add 100 a2") > at(&k, "entry del 100 02:00:00:00:00:02") &&
	   r.changes == 2, "a2's device appears: its entry is deleted, then its port attached (2 changes)");

	/* a1 leaves this host while its device still exists */
	k.log[0] = '\0';
	sync_switch(&k, &w3, &r);
	show_log(&k);
	ok(r.errors == 0 && at(&k, "port del 100 a1") >= 0 &&
	   at(&k, "entry add 100 02:00:00:00:00:01 encap") > at(&k, "port del 100 a1"),
	   "a1 left: its port is detached, then the entry toward its new host added");

	/* an injected refusal is reported; the rest is applied */
	k.log[0] = '\0';
	k.fail_op = "port add";
	dev_add(&k, "zz");
	{
		const char *g5[][2] = {
			{ "pans/100", "pan 100\n"
			  "port a2 vm a2 mac 02:00:00:00:00:02 ext 0a:00:00:00:00:02\n"
			  "port zz vm zz mac 02:00:00:00:00:09\n"
			  "entry 02:00:00:00:00:01 encap vxlan remote 192.0.2.129 vm a1\n"
			  "entry 02:00:00:00:00:03 xlate ext 0a:00:00:00:00:03 vm a3\n"
			  "entry 02:00:00:00:00:07 xlate ext 0a:00:00:00:00:07 vm a7\n"
			  "flood uplink\nflood remote 192.0.2.129 encap vxlan\n" },
			{ NULL, NULL } };
		struct ctl_host_state w5;

		want_from(&w5, SW, g5, 5);
		sync_switch(&k, &w5, &r);
		ok(r.errors == 1 && strstr(r.first_error, "injected") &&
		   at(&k, "entry add 100 02:00:00:00:00:07") >= 0 &&
		   at(&k, "pan del 300") >= 0,
		   "a refused request is reported, the rest of the generation is applied");
		state_free(&w5);
	}
	k.fail_op = NULL;

	/* everything but the switch goes; the underlay changes family */
	k.log[0] = '\0';
	sync_switch(&k, &w4, &r);
	show_log(&k);
	ok(r.errors == 0 && k.k.npans == 0 && !k.k.sw.uplink[0] &&
	   k.k.sw.local6.family == AF_INET6 && !k.k.sw.local4.family &&
	   at(&k, "switch set local4 - local6 2001:db8::1") <
	   at(&k, "switch set local4 none local6 -"),
	   "an emptied state: PANs and uplink removed, the new address set before the old is cleared");

	/*
	 * A PAN of 3,000 entries, desired in descending MAC order (the
	 * kernel lists its entries in any order): the next generation,
	 * with one entry removed, one changed and one new, sends exactly
	 * those three requests.
	 */
	{
		const size_t n = 3000, cap = 3000 * 80 + 64;
		char *d1 = malloc(cap), *d2 = malloc(cap);
		const char *p1[][2] = { { "pans/500", d1 }, { NULL, NULL } };
		const char *p2[][2] = { { "pans/500", d2 }, { NULL, NULL } };
		struct ctl_host_state b1, b2;
		size_t l1, l2;

		l1 = snprintf(d1, cap, "pan 500\n");
		l2 = snprintf(d2, cap, "pan 500\n");
#define BIG_ENTRY "entry 02:00:00:00:%02zx:%02zx encap vxlan remote 192.0.2.%d\n"
		for (size_t i = n; i-- > 0;) {
			l1 += snprintf(d1 + l1, cap - l1, BIG_ENTRY,
				       i / 256, i % 256, 9);
			if (i != 5)
				l2 += snprintf(d2 + l2, cap - l2, BIG_ENTRY,
					       i / 256, i % 256, i == 10 ? 10 : 9);
		}
		snprintf(d2 + l2, cap - l2,
			 "entry 02:00:00:00:ff:ff encap vxlan remote 192.0.2.9\n");
		want_from(&b1, SW, p1, 6);
		want_from(&b2, SW, p2, 7);
		sync_switch(&k, &b1, &r);
		ok(r.errors == 0 && r.entries == n,
		   "a PAN of %zu entries loaded (%u)", n, r.entries);
		k.log[0] = '\0';
		sync_switch(&k, &b2, &r);
		show_log(&k);
		ok(r.errors == 0 && r.changes == 3 && r.entries == n &&
		   at(&k, "entry del 500 02:00:00:00:00:05") >= 0 &&
		   at(&k, "entry replace 500 02:00:00:00:00:0a") >= 0 &&
		   at(&k, "entry add 500 02:00:00:00:ff:ff") >= 0,
		   "of 3,000 entries in another order, only the removed, changed and new one are sent (%u changes)",
		   r.changes);
		state_free(&b1);
		state_free(&b2);
		free(d1);
		free(d2);
	}
	/*
	 * A migration the controller prepared (Documentation/controller.md):
	 * m2's frames are held here until its port attaches, which waits for
	 * its device to be up; the port's own entry replaces the hold entry
	 * (never deleted first: its frames would not reach m2).
	 */
	{
		const char *pa[][2] = { { "pans/600", "pan 600\n"
			"port m1 vm m1 mac 02:00:00:00:60:01 ext 0a:00:00:00:60:01\n"
			"entry 02:00:00:00:60:02 encap vxlan remote 192.0.2.129 vm m2\n"
			"flood uplink\n" }, { NULL, NULL } };
		const char *pb[][2] = { { "pans/600", "pan 600\n"
			"hold frames 1024 time 30000\n"
			"port m1 vm m1 mac 02:00:00:00:60:01 ext 0a:00:00:00:60:01\n"
			"port m2 vm m2 mac 02:00:00:00:60:02 ext 0a:00:00:00:60:02\n"
			"entry 02:00:00:00:60:02 hold ext 0a:00:00:00:60:02 vm m2\n"
			"flood uplink\n" }, { NULL, NULL } };
		const char *pc[][2] = { { "pans/600", "pan 600\n"
			"port m1 vm m1 mac 02:00:00:00:60:01 ext 0a:00:00:00:60:01\n"
			"port m2 vm m2 mac 02:00:00:00:60:02 ext 0a:00:00:00:60:02\n"
			"flood uplink\n" }, { NULL, NULL } };
		struct ctl_host_state ma, mb, mc;

		dev_add(&k, "m1");
		want_from(&ma, SW, pa, 8);
		want_from(&mb, SW, pb, 9);
		want_from(&mc, SW, pc, 10);
		sync_switch(&k, &ma, &r);
		k.log[0] = '\0';
		sync_switch(&k, &mb, &r);
		show_log(&k);
		ok(r.errors == 0 && !strcmp(r.pending, " m2") &&
		   at(&k, "pan set 600 hold frames 1024 time 30000") >= 0 &&
		   at(&k, "entry replace 600 02:00:00:00:60:02 hold") >
		   at(&k, "pan set 600 hold frames 1024 time 30000"),
		   "migration prepared: the hold queue's bounds, then m2's entry replaced by a hold entry; its port pending");
		/* its device appears, not up yet */
		dev_add(&k, "m2");
		snprintf(k.down[k.ndown++], CTL_IFNAMSIZ, "m2");
		k.log[0] = '\0';
		sync_switch(&k, &mb, &r);
		show_log(&k);
		ok(r.errors == 0 && r.changes == 0 && !strcmp(r.pending, " m2"),
		   "m2's device exists but is not up: still pending, the hold entry kept (%u changes)",
		   r.changes);
		k.ndown = 0;
		k.log[0] = '\0';
		sync_switch(&k, &mb, &r);
		show_log(&k);
		ok(r.errors == 0 && !r.npending && r.changes == 1 &&
		   at(&k, "port add 600 m2") >= 0 &&
		   at(&k, "held frames of 02:00:00:00:60:02 go to m2") >= 0 &&
		   at(&k, "entry del 600 02:00:00:00:60:02") < 0,
		   "m2's device up: its port replaces the hold entry, which is never deleted (%u changes)",
		   r.changes);
		k.log[0] = '\0';
		sync_switch(&k, &mb, &r);
		ok(r.errors == 0 && r.changes == 0,
		   "the prepared generation again: the attached port stands for the hold entry (%u changes)",
		   r.changes);
		show_log(&k);
		k.log[0] = '\0';
		sync_switch(&k, &mc, &r);
		show_log(&k);
		ok(r.errors == 0 && r.changes == 1 &&
		   at(&k, "pan set 600 hold frames 0 time 0") >= 0,
		   "the final generation: the hold queue's bounds back to the kernel's defaults, nothing else (%u changes)",
		   r.changes);
		state_free(&ma);
		state_free(&mb);
		state_free(&mc);
	}
	state_free(&w1);
	state_free(&w2);
	state_free(&w3);
	state_free(&w4);
	state_free(&k.k);
	printf("1..%d\n# %d passed, %d failed\n", pass + fail, pass, fail);
	return fail ? 1 : 0;
}
