// SPDX-License-Identifier: GPL-2.0
/*
 * The agent's diff: the desired state of the switch against what the
 * kernel has (read back every time), applied in two phases.
 *
 *   1. load:  the switch, its underlay addresses, the uplink, new PANs
 *             and their addresses, ports, entries (added, or replaced
 *             atomically), flood members;
 *   2. prune: flood members, entries, ports and PANs nobody wants any
 *             more, then addresses and the uplink.
 *
 * A restarted agent finds everything in place and changes nothing. An
 * entry whose MAC is that of a desired port whose device does not exist
 * yet (a VM migrating here) is kept until the device appears: until then
 * it still leads to where the VM is. A hold entry for a port's MAC (a
 * migration the controller prepared, Documentation/controller.md) holds
 * the VM's frames until the port attaches, which waits for its device to
 * be up with its carrier (the frames go to it then), and the port's own
 * entry replaces it: the agent never deletes it first.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "sync.h"

/* ports the load phase detached (" dev dev "), so prune skips them */
static char gone[4096];
/* ports the load phase attached (" dev dev ") */
static char attached_now[4096];

static void list_add(char *list, size_t size, const char *dev)
{
	size_t n = strlen(list);

	snprintf(list + n, size - n, "%s ", dev);
}

static bool list_has(const char *list, const char *dev)
{
	char w[CTL_IFNAMSIZ + 2];

	snprintf(w, sizeof(w), " %s ", dev);
	return strstr(list, w) != NULL;
}

static void detached(const char *dev)
{
	list_add(gone, sizeof(gone), dev);
}

static bool was_detached(const char *dev)
{
	return list_has(gone, dev);
}

static void res_err(struct sync_result *r, struct kapi *k)
{
	if (!r->errors++)
		snprintf(r->first_error, sizeof(r->first_error), "%s",
			 kapi_error(k));
}

/* rc of a change request: counted either way */
static bool did(struct sync_result *r, struct kapi *k, int rc)
{
	if (rc) {
		res_err(r, k);
		return false;
	}
	r->changes++;
	return true;
}

static const struct ctl_port *find_port(const struct ctl_pan *p,
					const char *dev)
{
	size_t i;

	for (i = 0; p && i < p->nports; i++)
		if (!strcmp(p->ports[i].dev, dev))
			return &p->ports[i];
	return NULL;
}

/* The port named dev in any PAN of st, and its PAN */
static const struct ctl_port *find_port_any(const struct ctl_host_state *st,
					    const char *dev,
					    const struct ctl_pan **pan)
{
	const struct ctl_port *pt;
	size_t i;

	for (i = 0; i < st->npans; i++) {
		pt = find_port(&st->pans[i], dev);
		if (pt) {
			*pan = &st->pans[i];
			return pt;
		}
	}
	return NULL;
}

static int mac_cmp(const void *a, const void *b)
{
	return memcmp(a, b, CTL_ALEN);
}

/* qsort and bsearch: entries by MAC (the key of a bsearch is a MAC) */
static int entry_mac_cmp(const void *a, const void *b)
{
	return memcmp(((const struct ctl_entry *)a)->mac,
		      ((const struct ctl_entry *)b)->mac, CTL_ALEN);
}

static int mac_entry_cmp(const void *mac, const void *e)
{
	return memcmp(mac, ((const struct ctl_entry *)e)->mac, CTL_ALEN);
}

/*
 * The entry for mac in a PAN of the kernel's state, whose entries
 * sync_switch() sorts by MAC: a table of 100,000 entries is compared in
 * O(n log n), not O(n^2).
 */
static const struct ctl_entry *find_entry(const struct ctl_pan *p,
					  const uint8_t mac[CTL_ALEN])
{
	if (!p || !p->nentries)
		return NULL;
	return bsearch(mac, p->entries, p->nentries, sizeof(*p->entries),
		       mac_entry_cmp);
}

static bool port_has_mac(const struct ctl_port *pt, const uint8_t *mac)
{
	unsigned int i;

	for (i = 0; i < pt->nmacs; i++)
		if (!memcmp(pt->macs[i], mac, CTL_ALEN))
			return true;
	return false;
}

/* A port of p (other than skip) that has mac */
static const struct ctl_port *port_with_mac(const struct ctl_pan *p,
					    const uint8_t *mac)
{
	size_t i;

	for (i = 0; p && i < p->nports; i++)
		if (port_has_mac(&p->ports[i], mac))
			return &p->ports[i];
	return NULL;
}

static bool flood_eq(const struct ctl_flood *a, const struct ctl_flood *b)
{
	if (a->uplink || b->uplink)
		return a->uplink == b->uplink;
	return a->encap == b->encap && ctl_addr_eq(&a->remote, &b->remote);
}

static bool has_flood(const struct ctl_pan *p, const struct ctl_flood *f)
{
	size_t i;

	for (i = 0; p && i < p->nflood; i++)
		if (flood_eq(&p->flood[i], f))
			return true;
	return false;
}

static bool port_eq(const struct ctl_port *a, const struct ctl_port *b)
{
	if (a->nmacs != b->nmacs || a->has_ext != b->has_ext)
		return false;
	if (a->has_ext && memcmp(a->ext, b->ext, CTL_ALEN))
		return false;
	/* the same set of MACs, in any order */
	for (unsigned int i = 0; i < a->nmacs; i++)
		if (!port_has_mac(b, a->macs[i]))
			return false;
	return true;
}

static bool entry_eq(const struct ctl_entry *a, const struct ctl_entry *b)
{
	if (a->mode != b->mode)
		return false;
	if (a->mode == CTL_MODE_XLATE || a->mode == CTL_MODE_HOLD)
		return !memcmp(a->ext, b->ext, CTL_ALEN);
	return a->encap == b->encap && ctl_addr_eq(&a->remote, &b->remote);
}

static void pending_add(struct sync_result *r, const char *dev)
{
	size_t len = strlen(r->pending);

	r->npending++;
	snprintf(r->pending + len, sizeof(r->pending) - len, " %s", dev);
}

/* A hold entry for one of pt's MACs in the desired PAN p (a scan) */
static bool port_held(const struct ctl_pan *p, const struct ctl_port *pt)
{
	const struct ctl_entry *e;
	unsigned int m;
	size_t i;

	for (m = 0; m < pt->nmacs; m++)
		for (i = 0; i < p->nentries; i++) {
			e = &p->entries[i];
			if (e->mode == CTL_MODE_HOLD &&
			    !memcmp(e->mac, pt->macs[m], CTL_ALEN))
				return true;
		}
	return false;
}

/* ... in the kernel's PAN have (sorted: bisection) */
static bool port_held_now(const struct ctl_pan *have,
			  const struct ctl_port *pt)
{
	const struct ctl_entry *e;
	unsigned int m;

	for (m = 0; m < pt->nmacs; m++) {
		e = find_entry(have, pt->macs[m]);
		if (e && e->mode == CTL_MODE_HOLD)
			return true;
	}
	return false;
}

static void load_pan(struct kapi *k, const char *sw,
		     const struct ctl_pan *want, const struct ctl_host_state *cur,
		     struct sync_result *r)
{
	const struct ctl_pan *have = state_pan(cur, want->id), *opan;
	const struct ctl_port *op;
	const struct ctl_entry *oe;
	size_t i;
	unsigned int m;

	if (!have && !did(r, k, kapi_pan_add(k, sw, want->id)))
		return;
	if ((have ? have->hold_frames : 0) != want->hold_frames ||
	    (have ? have->hold_time_ms : 0) != want->hold_time_ms)
		did(r, k, kapi_pan_set_hold(k, sw, want->id, want->hold_frames,
					    want->hold_time_ms));
	if (!have ? (want->local4.family || want->local6.family) :
	    (!ctl_addr_eq(&have->local4, &want->local4) ||
	     !ctl_addr_eq(&have->local6, &want->local6)))
		did(r, k, kapi_pan_set(k, sw, want->id, &want->local4,
				       &want->local6));
	for (i = 0; i < want->nports; i++) {
		const struct ctl_port *pt = &want->ports[i];

		op = find_port_any(cur, pt->dev, &opan);
		if (op && opan->id == want->id && port_eq(op, pt)) {
			r->ports++;
			continue;
		}
		if (!kapi_dev_exists(k, pt->dev)) {
			pending_add(r, pt->dev);
			continue;
		}
		/*
		 * Its frames are held here: the port attaches (and they go
		 * to it) once its device can take them, up with its carrier.
		 */
		if ((port_held(want, pt) || port_held_now(have, pt)) &&
		    !kapi_dev_ready(k, pt->dev)) {
			pending_add(r, pt->dev);
			continue;
		}
		/* attached differently: detach first (the VM's own port) */
		if (op) {
			if (!did(r, k, kapi_port_del(k, sw, pt->dev)))
				continue;
			detached(pt->dev);
		}
		/*
		 * its MACs may still be entries (the VM was elsewhere); a
		 * hold entry stays: the port's own replaces it and takes its
		 * frames
		 */
		for (m = 0; m < pt->nmacs; m++) {
			oe = find_entry(have, pt->macs[m]);
			if (oe && oe->mode != CTL_MODE_HOLD)
				did(r, k, kapi_entry_del(k, sw, want->id,
							 pt->macs[m]));
		}
		if (did(r, k, kapi_port_add(k, sw, want->id, pt))) {
			r->ports++;
			list_add(attached_now, sizeof(attached_now), pt->dev);
		}
	}
	for (i = 0; i < want->nentries; i++) {
		const struct ctl_entry *e = &want->entries[i];

		oe = find_entry(have, e->mac);
		if (oe && entry_eq(oe, e)) {
			r->entries++;
			continue;
		}
		/* a hold entry whose port is attached: its entry replaced it */
		if (e->mode == CTL_MODE_HOLD) {
			const struct ctl_port *wp = port_with_mac(want, e->mac);

			op = port_with_mac(have, e->mac);
			if (wp && ((op && !strcmp(op->dev, wp->dev) &&
				    !was_detached(op->dev)) ||
				   list_has(attached_now, wp->dev))) {
				r->entries++;
				continue;
			}
		}
		/* a port of ours has the MAC still: the VM left this host */
		op = port_with_mac(have, e->mac);
		if (op && !find_port(want, op->dev) &&
		    !was_detached(op->dev)) {
			if (!did(r, k, kapi_port_del(k, sw, op->dev)))
				continue;
			detached(op->dev);
		}
		if (did(r, k, kapi_entry_put(k, sw, want->id, e, oe != NULL)))
			r->entries++;
	}
	for (i = 0; i < want->nflood; i++)
		if (!has_flood(have, &want->flood[i]))
			did(r, k, kapi_flood_add(k, sw, want->id,
						 &want->flood[i]));
}

static void prune_pan(struct kapi *k, const char *sw,
		      const struct ctl_pan *have,
		      const struct ctl_host_state *want_st,
		      struct sync_result *r)
{
	const struct ctl_pan *want = state_pan(want_st, have->id);
	uint8_t (*macs)[CTL_ALEN] = NULL;	/* want's MACs, sorted */
	size_t i;

	if (!want) {
		/* its entries and flood list go with it; ports first */
		for (i = 0; i < have->nports; i++)
			if (!was_detached(have->ports[i].dev))
				did(r, k, kapi_port_del(k, sw,
							have->ports[i].dev));
		did(r, k, kapi_pan_del(k, sw, have->id));
		return;
	}
	for (i = 0; i < have->nflood; i++)
		if (!has_flood(want, &have->flood[i]))
			did(r, k, kapi_flood_del(k, sw, have->id,
						 &have->flood[i]));
	if (have->nentries && want->nentries) {
		macs = malloc(want->nentries * sizeof(*macs));
		if (!macs) {	/* the next sync retries */
			if (!r->errors++)
				snprintf(r->first_error, sizeof(r->first_error),
					 "out of memory");
			return;
		}
		for (i = 0; i < want->nentries; i++)
			memcpy(macs[i], want->entries[i].mac, CTL_ALEN);
		qsort(macs, want->nentries, sizeof(*macs), mac_cmp);
	}
	for (i = 0; i < have->nentries; i++) {
		const struct ctl_entry *e = &have->entries[i];

		/* a desired port's MAC: load removed it, or it is pending */
		if ((macs && bsearch(e->mac, macs, want->nentries,
				     sizeof(*macs), mac_cmp)) ||
		    port_with_mac(want, e->mac))
			continue;
		did(r, k, kapi_entry_del(k, sw, have->id, e->mac));
	}
	free(macs);
	for (i = 0; i < have->nports; i++) {
		const struct ctl_pan *wp;

		if (find_port_any(want_st, have->ports[i].dev, &wp) ||
		    was_detached(have->ports[i].dev))
			continue;
		did(r, k, kapi_port_del(k, sw, have->ports[i].dev));
	}
}

void sync_switch(struct kapi *k, const struct ctl_host_state *want,
		 struct sync_result *r)
{
	struct ctl_host_state cur;
	const char *sw = want->sw.name;
	bool exists;
	size_t i;

	memset(r, 0, sizeof(*r));
	snprintf(gone, sizeof(gone), " ");
	snprintf(attached_now, sizeof(attached_now), " ");
	if (kapi_read(k, sw, &cur, &exists)) {
		res_err(r, k);
		return;
	}
	for (i = 0; i < cur.npans; i++)
		if (cur.pans[i].nentries)
			qsort(cur.pans[i].entries, cur.pans[i].nentries,
			      sizeof(*cur.pans[i].entries), entry_mac_cmp);
	if (!exists) {
		if (!did(r, k, kapi_switch_add(k, sw)))
			return;
		cur.has_switch = true;
		cur.sw.vxlan_port = PSW_VXLAN_PORT;
		cur.sw.down = true;
	}
	if (cur.sw.down)
		did(r, k, kapi_switch_up(k, sw));
	/* 1. load: addresses being set, never cleared, here */
	{
		const struct ctl_switch *w = &want->sw, *c = &cur.sw;
		bool s4 = w->local4.family && !ctl_addr_eq(&w->local4, &c->local4);
		bool s6 = w->local6.family && !ctl_addr_eq(&w->local6, &c->local6);
		bool sp = w->vxlan_port != c->vxlan_port;

		if (s4 || s6 || sp)
			did(r, k, kapi_switch_set(k, sw, s4 ? &w->local4 : NULL,
						  s6 ? &w->local6 : NULL,
						  sp ? w->vxlan_port : 0));
	}
	if (want->sw.uplink[0] && strcmp(want->sw.uplink, cur.sw.uplink)) {
		if (!kapi_dev_exists(k, want->sw.uplink))
			pending_add(r, want->sw.uplink);
		else if (!cur.sw.uplink[0] ||
			 did(r, k, kapi_port_del(k, sw, cur.sw.uplink)))
			did(r, k, kapi_uplink_add(k, sw, want->sw.uplink));
	}
	for (i = 0; i < want->npans; i++)
		load_pan(k, sw, &want->pans[i], &cur, r);
	/* 2. prune */
	for (i = 0; i < cur.npans; i++)
		prune_pan(k, sw, &cur.pans[i], want, r);
	{
		const struct ctl_switch *w = &want->sw, *c = &cur.sw;
		static const struct ctl_addr none;
		bool c4 = !w->local4.family && c->local4.family;
		bool c6 = !w->local6.family && c->local6.family;

		if (c4 || c6)
			did(r, k, kapi_switch_set(k, sw, c4 ? &none : NULL,
						  c6 ? &none : NULL, 0));
	}
	if (!want->sw.uplink[0] && cur.sw.uplink[0])
		did(r, k, kapi_port_del(k, sw, cur.sw.uplink));
	r->pans = want->npans;
	state_free(&cur);
}
