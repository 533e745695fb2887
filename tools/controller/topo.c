// SPDX-License-Identifier: GPL-2.0
/*
 * The topology file (YAML, or JSON, which YAML reads as well), its
 * checks, the external MAC pool, and the per-host rule of seed 000
 * (FIG. 7A-7B, claims 14-19): for each PAN with a VM on the host, the
 * host's VMs are local ports, VMs on hosts of the same L2 segment are
 * reached by MAC translation (xlate), every other VM by encapsulation.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "topo.h"
#include "ytree.h"

struct tctx {
	const char *file;
	char *err;
	size_t errlen;
};

static int terr(struct tctx *c, unsigned int line, unsigned int col,
		const char *field, const char *fmt, ...)
	__attribute__((format(printf, 5, 6)));

static int terr(struct tctx *c, unsigned int line, unsigned int col,
		const char *field, const char *fmt, ...)
{
	int n;
	va_list ap;

	if (line)
		n = snprintf(c->err, c->errlen, "%s:%u:%u: %s: ", c->file,
			     line, col, field);
	else
		n = snprintf(c->err, c->errlen, "%s: %s: ", c->file, field);
	if (n >= 0 && (size_t)n < c->errlen) {
		va_start(ap, fmt);
		vsnprintf(c->err + n, c->errlen - n, fmt, ap);
		va_end(ap);
	}
	return -EINVAL;
}

#define NERR(c, node, field, ...) \
	terr(c, (node)->line, (node)->col, field, __VA_ARGS__)

/* ---- lookups ---- */

struct topo_host *topo_host_find(const struct topo *t, const char *name)
{
	uint64_t h = hmap_str_hash(name);
	size_t pos = 0;
	long i;

	while ((i = hmap_next(&t->host_by_name, h, &pos)) >= 0)
		if (!strcmp(t->hosts[i].name, name))
			return &t->hosts[i];
	return NULL;
}

struct topo_vm *topo_vm_find(const struct topo *t, const char *name)
{
	uint64_t h = hmap_str_hash(name);
	size_t pos = 0;
	long i;

	while ((i = hmap_next(&t->vm_by_name, h, &pos)) >= 0)
		if (!strcmp(t->vms[i].name, name))
			return &t->vms[i];
	return NULL;
}

struct topo_pan *topo_pan_find(const struct topo *t, uint32_t id)
{
	size_t pos = 0;
	long i;

	while ((i = hmap_next(&t->pan_by_id, id, &pos)) >= 0)
		if (t->pans[i].id == id)
			return &t->pans[i];
	return NULL;
}

/* ---- field readers ---- */

static int want_type(struct tctx *c, const struct ynode *n,
		     enum ynode_type t, const char *field)
{
	static const char *const names[] = {
		[Y_SCALAR] = "a value", [Y_MAP] = "a mapping",
		[Y_SEQ] = "a list",
	};

	if (n->type != t)
		return NERR(c, n, field, "expected %s, found %s", names[t],
			    names[n->type]);
	return 0;
}

/* Refuse keys of map m not in the NULL-terminated list */
static int known_keys(struct tctx *c, const struct ynode *m,
		      const char *path, const char *const *keys)
{
	char field[128];
	size_t i;
	int k;

	for (i = 0; i < m->n; i++) {
		for (k = 0; keys[k]; k++)
			if (!strcmp(m->keys[i]->str, keys[k]))
				break;
		if (keys[k])
			continue;
		snprintf(field, sizeof(field), "%s%s%s", path, *path ? "." : "",
			 m->keys[i]->str);
		return NERR(c, m->keys[i], field, "unknown field");
	}
	return 0;
}

static int get_name(struct tctx *c, const struct ynode *n, const char *field,
		    char *out, bool ifname)
{
	if (want_type(c, n, Y_SCALAR, field))
		return -EINVAL;
	if (ifname ? !ctl_ifname_ok(n->str) : !ctl_name_ok(n->str))
		return NERR(c, n, field,
			    ifname ? "\"%s\" is not a valid interface name (1-15 bytes, no '/', ':' or blank)" :
			    "\"%s\" is not a valid name (1-63 letters, digits, '.', '_', '-')",
			    n->str);
	strcpy(out, n->str);
	return 0;
}

static int get_u64(struct tctx *c, const struct ynode *n, const char *field,
		   uint64_t min, uint64_t max, uint64_t *v)
{
	if (want_type(c, n, Y_SCALAR, field))
		return -EINVAL;
	if (ctl_u64_parse(n->str, v))
		return NERR(c, n, field, "\"%s\" is not a whole number",
			    n->str);
	if (*v < min || *v > max)
		return NERR(c, n, field, "%s is out of range %llu..%llu",
			    n->str, (unsigned long long)min,
			    (unsigned long long)max);
	return 0;
}

static int get_mac(struct tctx *c, const struct ynode *n, const char *field,
		   uint8_t mac[CTL_ALEN])
{
	if (want_type(c, n, Y_SCALAR, field))
		return -EINVAL;
	if (ctl_mac_parse(n->str, mac))
		return NERR(c, n, field, "\"%s\" is not a MAC address",
			    n->str);
	if (!ctl_mac_unicast(mac))
		return NERR(c, n, field, "%s is not a unicast MAC address",
			    n->str);
	return 0;
}

static int get_addr(struct tctx *c, const struct ynode *n, const char *field,
		    int family, struct ctl_addr *a)
{
	if (want_type(c, n, Y_SCALAR, field))
		return -EINVAL;
	if (ctl_addr_parse(n->str, a) || (family && a->family != family))
		return NERR(c, n, field, "\"%s\" is not an %s address", n->str,
			    family == AF_INET ? "IPv4" :
			    family == AF_INET6 ? "IPv6" : "IP");
	return 0;
}

/* ---- the file ---- */

static const char *const root_keys[] = {
	"version", "ext-mac-pool", "hosts", "pans", "vms", NULL
};
static const char *const host_keys[] = {
	"name", "segment", "ip4", "ip6", "uplink", "switch", "vxlan-port",
	NULL
};
static const char *const pan_keys[] = {
	"id", "encap", "family", "pan-addrs", "locals", "miss", NULL
};
static const char *const vm_keys[] = {
	"name", "pan", "host", "mac", "macs", "ip", "ips", "dev", "ext", NULL
};

static int parse_pool(struct tctx *c, struct topo *t, const struct ynode *n)
{
	const struct ynode *v;
	uint64_t size;
	uint32_t low;

	if (want_type(c, n, Y_MAP, "ext-mac-pool") ||
	    known_keys(c, n, "ext-mac-pool",
		       (const char *const[]){ "base", "size", NULL }))
		return -EINVAL;
	v = ytree_get(n, "base");
	if (!v)
		return NERR(c, n, "ext-mac-pool.base", "missing");
	if (get_mac(c, v, "ext-mac-pool.base", t->pool_base))
		return -EINVAL;
	v = ytree_get(n, "size");
	if (!v)
		return NERR(c, n, "ext-mac-pool.size", "missing");
	if (get_u64(c, v, "ext-mac-pool.size", 1, 1 << 24, &size))
		return -EINVAL;
	low = t->pool_base[3] << 16 | t->pool_base[4] << 8 | t->pool_base[5];
	if (low + size > 1 << 24)
		return NERR(c, v, "ext-mac-pool.size",
			    "the pool must stay within the base's last three bytes (at most %u from this base)",
			    (1 << 24) - low);
	t->pool_size = size;
	t->pool_line = n->line;
	return 0;
}

static int seg_index(struct topo *t, const char *name, size_t *idx)
{
	size_t i;
	struct topo_seg *ns;

	for (i = 0; i < t->nsegs; i++)
		if (!strcmp(t->segs[i].name, name)) {
			*idx = i;
			return 0;
		}
	ns = realloc(t->segs, (t->nsegs + 1) * sizeof(*ns));
	if (!ns)
		return -ENOMEM;
	t->segs = ns;
	memset(&ns[t->nsegs], 0, sizeof(*ns));
	strcpy(ns[t->nsegs].name, name);
	*idx = t->nsegs++;
	return 0;
}

static int parse_host(struct tctx *c, struct topo *t, size_t i,
		      const struct ynode *n)
{
	struct topo_host *h = &t->hosts[i];
	const struct ynode *v;
	char f[64];
	uint64_t port;
	size_t j;

	snprintf(f, sizeof(f), "hosts[%zu]", i);
	if (want_type(c, n, Y_MAP, f) || known_keys(c, n, f, host_keys))
		return -EINVAL;
	h->line = n->line;
	snprintf(f, sizeof(f), "hosts[%zu].name", i);
	v = ytree_get(n, "name");
	if (!v)
		return NERR(c, n, f, "missing");
	if (get_name(c, v, f, h->name, false))
		return -EINVAL;
	if (topo_host_find(t, h->name))
		return NERR(c, v, f, "host \"%s\" is defined twice (first at line %u)",
			    h->name, topo_host_find(t, h->name)->line);
	snprintf(f, sizeof(f), "hosts[%zu].segment", i);
	v = ytree_get(n, "segment");
	if (!v)
		return NERR(c, n, f, "missing: the L2 segment (physical network) the host is on");
	if (get_name(c, v, f, h->segment, false))
		return -EINVAL;
	if (seg_index(t, h->segment, &h->seg))
		return -ENOMEM;
	t->segs[h->seg].nhosts++;
	if ((v = ytree_get(n, "ip4"))) {
		snprintf(f, sizeof(f), "hosts[%zu].ip4", i);
		if (get_addr(c, v, f, AF_INET, &h->ip4))
			return -EINVAL;
	}
	if ((v = ytree_get(n, "ip6"))) {
		snprintf(f, sizeof(f), "hosts[%zu].ip6", i);
		if (get_addr(c, v, f, AF_INET6, &h->ip6))
			return -EINVAL;
	}
	if (!h->ip4.family && !h->ip6.family)
		return NERR(c, n, "hosts[].ip4", "host \"%s\" (hosts[%zu]) needs an underlay address: ip4, ip6 or both",
			    h->name, i);
	for (j = 0; j < i; j++) {
		const struct topo_host *o = &t->hosts[j];

		if ((h->ip4.family && ctl_addr_eq(&h->ip4, &o->ip4)) ||
		    (h->ip6.family && ctl_addr_eq(&h->ip6, &o->ip6)))
			return NERR(c, n, f, "host \"%s\" has the underlay address of host \"%s\" (line %u)",
				    h->name, o->name, o->line);
	}
	strcpy(h->sw, "psw0");
	if ((v = ytree_get(n, "switch"))) {
		snprintf(f, sizeof(f), "hosts[%zu].switch", i);
		if (get_name(c, v, f, h->sw, true))
			return -EINVAL;
	}
	if ((v = ytree_get(n, "uplink"))) {
		snprintf(f, sizeof(f), "hosts[%zu].uplink", i);
		if (get_name(c, v, f, h->uplink, true))
			return -EINVAL;
	}
	h->vxlan_port = PSW_VXLAN_PORT;
	if ((v = ytree_get(n, "vxlan-port"))) {
		snprintf(f, sizeof(f), "hosts[%zu].vxlan-port", i);
		if (get_u64(c, v, f, 1, 65535, &port))
			return -EINVAL;
		h->vxlan_port = port;
	}
	return hmap_put(&t->host_by_name, hmap_str_hash(h->name), i) ?
		-ENOMEM : 0;
}

static int parse_pan(struct tctx *c, struct topo *t, size_t i,
		     const struct ynode *n)
{
	struct topo_pan *p = &t->pans[i];
	const struct ynode *v;
	struct topo_host *h;
	char f[64];
	uint64_t id, fam;
	size_t j, k;

	snprintf(f, sizeof(f), "pans[%zu]", i);
	if (want_type(c, n, Y_MAP, f) || known_keys(c, n, f, pan_keys))
		return -EINVAL;
	p->line = n->line;
	snprintf(f, sizeof(f), "pans[%zu].id", i);
	v = ytree_get(n, "id");
	if (!v)
		return NERR(c, n, f, "missing");
	if (get_u64(c, v, f, CTL_PAN_MIN, CTL_PAN_MAX, &id))
		return -EINVAL;
	p->id = id;
	if (topo_pan_find(t, p->id))
		return NERR(c, v, f, "PAN %u is defined twice (first at line %u)",
			    p->id, topo_pan_find(t, p->id)->line);
	p->encap = CTL_ENCAP_VXLAN;
	if ((v = ytree_get(n, "encap"))) {
		snprintf(f, sizeof(f), "pans[%zu].encap", i);
		if (want_type(c, v, Y_SCALAR, f))
			return -EINVAL;
		if (ctl_encap_parse(v->str, &p->encap))
			return NERR(c, v, f, "\"%s\" is not one of vxlan, nvgre, etherip",
				    v->str);
	}
	p->family = 4;
	if ((v = ytree_get(n, "family"))) {
		snprintf(f, sizeof(f), "pans[%zu].family", i);
		if (get_u64(c, v, f, 4, 6, &fam) || fam == 5)
			return NERR(c, v, f, "must be 4 or 6");
		p->family = fam;
	}
	if ((v = ytree_get(n, "miss"))) {
		snprintf(f, sizeof(f), "pans[%zu].miss", i);
		if (want_type(c, v, Y_SCALAR, f))
			return -EINVAL;
		if (strcmp(v->str, "flood"))
			return NERR(c, v, f, "miss policy \"%s\" is not available: this kernel API floods unknown destinations (the only policy: flood)",
				    v->str);
	}
	/* "locals": the old name of pan-addrs, accepted for one release */
	p->locals_key = "pan-addrs";
	v = ytree_get(n, "pan-addrs");
	if (ytree_get(n, "locals")) {
		snprintf(f, sizeof(f), "pans[%zu].locals", i);
		if (v)
			return NERR(c, ytree_get(n, "locals"), f,
				    "\"locals\" is the old name of \"pan-addrs\": give one of them");
		v = ytree_get(n, "locals");
		p->locals_key = "locals";
	}
	snprintf(f, sizeof(f), "pans[%zu].%s", i, p->locals_key);
	if (v && p->encap != CTL_ENCAP_ETHERIP)
		return NERR(c, v, f, "only an etherip PAN has PAN addresses");
	if (!v && p->encap == CTL_ENCAP_ETHERIP)
		return NERR(c, n, f, "missing: an etherip PAN needs its own address on each of its hosts (HOST: ADDRESS)");
	if (v) {
		if (want_type(c, v, Y_MAP, f))
			return -EINVAL;
		p->locals = calloc(v->n ? v->n : 1, sizeof(*p->locals));
		if (!p->locals)
			return -ENOMEM;
		for (j = 0; j < v->n; j++) {
			struct topo_local *l = &p->locals[j];

			snprintf(f, sizeof(f), "pans[%zu].%s.%s", i,
				 p->locals_key, v->keys[j]->str);
			h = topo_host_find(t, v->keys[j]->str);
			if (!h)
				return NERR(c, v->keys[j], f, "unknown host \"%s\"",
					    v->keys[j]->str);
			l->host = h - t->hosts;
			l->line = v->items[j]->line;
			l->col = v->items[j]->col;
			if (get_addr(c, v->items[j], f,
				     p->family == 6 ? AF_INET6 : AF_INET,
				     &l->addr))
				return -EINVAL;
			/* unique among PANs' addresses and hosts' */
			for (k = 0; k < t->nhosts; k++)
				if (ctl_addr_eq(&l->addr, &t->hosts[k].ip4) ||
				    ctl_addr_eq(&l->addr, &t->hosts[k].ip6))
					return NERR(c, v->items[j], f, "%s is host \"%s\"'s underlay address",
						    v->items[j]->str,
						    t->hosts[k].name);
			for (k = 0; k <= i; k++) {
				const struct topo_pan *o = &t->pans[k];
				size_t m, end = k == i ? j : o->nlocals;

				for (m = 0; m < end; m++)
					if (ctl_addr_eq(&l->addr,
							&o->locals[m].addr))
						return NERR(c, v->items[j], f, "%s is already PAN %u's address on host \"%s\" (line %u)",
							    v->items[j]->str, o->id,
							    t->hosts[o->locals[m].host].name,
							    o->locals[m].line);
			}
			p->nlocals++;
		}
	}
	return hmap_put(&t->pan_by_id, p->id, i) ? -ENOMEM : 0;
}

/* MACs of one VM: "mac: M" or "macs: [M, ...]" */
static int parse_vm_macs(struct tctx *c, struct topo_vm *vm, size_t i,
			 const struct ynode *n)
{
	const struct ynode *one = ytree_get(n, "mac"), *many =
		ytree_get(n, "macs");
	char f[64];
	size_t j;

	if (one && many)
		return NERR(c, many, "vms[].macs", "give either mac or macs, not both (vms[%zu])",
			    i);
	if (one) {
		snprintf(f, sizeof(f), "vms[%zu].mac", i);
		vm->nmacs = 1;
		vm->mac_line[0] = one->line;
		vm->mac_col[0] = one->col;
		return get_mac(c, one, f, vm->macs[0]);
	}
	snprintf(f, sizeof(f), "vms[%zu].mac", i);
	if (!many)
		return NERR(c, n, f, "missing: the VM's internal MAC (mac: M, or macs: [M, ...])");
	snprintf(f, sizeof(f), "vms[%zu].macs", i);
	if (want_type(c, many, Y_SEQ, f))
		return -EINVAL;
	if (!many->n || many->n > CTL_MAX_MACS)
		return NERR(c, many, f, "a VM has 1 to %d MACs", CTL_MAX_MACS);
	for (j = 0; j < many->n; j++) {
		snprintf(f, sizeof(f), "vms[%zu].macs[%zu]", i, j);
		if (get_mac(c, many->items[j], f, vm->macs[j]))
			return -EINVAL;
		vm->mac_line[j] = many->items[j]->line;
		vm->mac_col[j] = many->items[j]->col;
		for (size_t k = 0; k < j; k++)
			if (!memcmp(vm->macs[k], vm->macs[j], CTL_ALEN))
				return NERR(c, many->items[j], f, "listed twice");
	}
	vm->nmacs = many->n;
	return 0;
}

static int parse_vm_ips(struct tctx *c, size_t i, const struct ynode *n)
{
	const struct ynode *one = ytree_get(n, "ip"), *many =
		ytree_get(n, "ips");
	struct ctl_addr a;
	char f[64];
	size_t j;

	if (one && many)
		return NERR(c, many, "vms[].ips", "give either ip or ips, not both (vms[%zu])",
			    i);
	if (one) {
		snprintf(f, sizeof(f), "vms[%zu].ip", i);
		return get_addr(c, one, f, 0, &a);
	}
	if (!many)
		return 0;
	snprintf(f, sizeof(f), "vms[%zu].ips", i);
	if (want_type(c, many, Y_SEQ, f))
		return -EINVAL;
	for (j = 0; j < many->n; j++) {
		snprintf(f, sizeof(f), "vms[%zu].ips[%zu]", i, j);
		if (get_addr(c, many->items[j], f, 0, &a))
			return -EINVAL;
	}
	return 0;
}

static int parse_vm(struct tctx *c, struct topo *t, size_t i,
		    const struct ynode *n)
{
	struct topo_vm *vm = &t->vms[i];
	const struct ynode *v;
	struct topo_host *h;
	struct topo_pan *p;
	uint64_t id;
	char f[64];

	snprintf(f, sizeof(f), "vms[%zu]", i);
	if (want_type(c, n, Y_MAP, f) || known_keys(c, n, f, vm_keys))
		return -EINVAL;
	vm->line = n->line;
	vm->col = n->col;
	snprintf(f, sizeof(f), "vms[%zu].name", i);
	v = ytree_get(n, "name");
	if (!v)
		return NERR(c, n, f, "missing");
	if (get_name(c, v, f, vm->name, false))
		return -EINVAL;
	if (topo_vm_find(t, vm->name))
		return NERR(c, v, f, "VM \"%s\" is defined twice (first at line %u)",
			    vm->name, topo_vm_find(t, vm->name)->line);
	snprintf(f, sizeof(f), "vms[%zu].pan", i);
	v = ytree_get(n, "pan");
	if (!v)
		return NERR(c, n, f, "missing");
	if (get_u64(c, v, f, CTL_PAN_MIN, CTL_PAN_MAX, &id))
		return -EINVAL;
	p = topo_pan_find(t, id);
	if (!p)
		return NERR(c, v, f, "unknown PAN %llu (not in pans)",
			    (unsigned long long)id);
	vm->pan = p - t->pans;
	snprintf(f, sizeof(f), "vms[%zu].host", i);
	v = ytree_get(n, "host");
	if (!v)
		return NERR(c, n, f, "missing");
	if (want_type(c, v, Y_SCALAR, f))
		return -EINVAL;
	h = topo_host_find(t, v->str);
	if (!h)
		return NERR(c, v, f, "unknown host \"%s\" (not in hosts)",
			    v->str);
	vm->host = h - t->hosts;
	vm->host_start = v->start;
	vm->host_end = v->end;
	vm->host_line = v->line;
	vm->host_col = v->col;
	if (parse_vm_macs(c, vm, i, n) || parse_vm_ips(c, i, n))
		return -EINVAL;
	vm->dev_line = vm->line;
	vm->dev_col = vm->col;
	if ((v = ytree_get(n, "dev"))) {
		snprintf(f, sizeof(f), "vms[%zu].dev", i);
		if (get_name(c, v, f, vm->dev, true))
			return -EINVAL;
		vm->dev_line = v->line;
		vm->dev_col = v->col;
	} else if (ctl_ifname_ok(vm->name)) {
		strcpy(vm->dev, vm->name);
	} else {
		return NERR(c, n, "vms[].dev", "VM name \"%s\" (vms[%zu]) is not a valid interface name: give dev",
			    vm->name, i);
	}
	if ((v = ytree_get(n, "ext"))) {
		snprintf(f, sizeof(f), "vms[%zu].ext", i);
		if (get_mac(c, v, f, vm->ext))
			return -EINVAL;
		vm->ext_line = v->line;
		vm->ext_col = v->col;
		if (vm->nmacs != 1)
			return NERR(c, v, f, "only a VM with one MAC has an external MAC");
		vm->ext_pinned = vm->has_ext = true;
	}
	return hmap_put(&t->vm_by_name, hmap_str_hash(vm->name), i) ?
		-ENOMEM : 0;
}

/* Checks across VMs that need the whole list */
static int check_vms(struct tctx *c, struct topo *t)
{
	struct hmap macs = { 0 }, exts = { 0 }, devs = { 0 };
	char f[64], m[CTL_MACSTR];
	size_t i, pos;
	unsigned int j;
	long o;
	int rc = 0;

	for (i = 0; i < t->nvms && !rc; i++) {
		const struct topo_vm *vm = &t->vms[i];

		/* internal MACs: unique within the PAN */
		for (j = 0; j < vm->nmacs && !rc; j++) {
			uint64_t k = 0;

			memcpy(&k, vm->macs[j], CTL_ALEN);
			k = k * 1000003 ^ t->pans[vm->pan].id;
			for (pos = 0; (o = hmap_next(&macs, k, &pos)) >= 0;) {
				const struct topo_vm *ov = &t->vms[o];
				unsigned int x;

				if (ov->pan != vm->pan)
					continue;
				for (x = 0; x < ov->nmacs; x++)
					if (!memcmp(ov->macs[x], vm->macs[j],
						    CTL_ALEN))
						break;
				if (x == ov->nmacs)
					continue;
				snprintf(f, sizeof(f), vm->nmacs > 1 ?
					 "vms[%zu].macs[%u]" : "vms[%zu].mac",
					 i, j);
				rc = terr(c, vm->mac_line[j], vm->mac_col[j],
					  f, "duplicate MAC %s in PAN %u: VM \"%s\" (line %u) has it already",
					  ctl_mac_format(vm->macs[j], m),
					  t->pans[vm->pan].id, ov->name,
					  ov->line);
				break;
			}
			if (!rc && hmap_put(&macs, k, i))
				rc = -ENOMEM;
		}
		/* pinned external MACs: unique everywhere */
		if (!rc && vm->ext_pinned) {
			uint64_t k = 0;

			memcpy(&k, vm->ext, CTL_ALEN);
			for (pos = 0; (o = hmap_next(&exts, k, &pos)) >= 0;) {
				if (memcmp(t->vms[o].ext, vm->ext, CTL_ALEN))
					continue;
				snprintf(f, sizeof(f), "vms[%zu].ext", i);
				rc = terr(c, vm->ext_line, vm->ext_col, f,
					  "external MAC %s is VM \"%s\"'s already (line %u)",
					  ctl_mac_format(vm->ext, m),
					  t->vms[o].name, t->vms[o].line);
				break;
			}
			if (!rc && hmap_put(&exts, k, i))
				rc = -ENOMEM;
		}
	}
	/* devices: unique per host, and not the uplink */
	for (i = 0; i < t->nvms && !rc; i++) {
		const struct topo_vm *vm = &t->vms[i];
		uint64_t k = hmap_str_hash(vm->dev) * 31 + vm->host;
		const struct topo_host *h = &t->hosts[vm->host];

		if (!strcmp(vm->dev, h->uplink)) {
			snprintf(f, sizeof(f), "vms[%zu].dev", i);
			rc = terr(c, vm->dev_line, vm->dev_col, f,
				  "\"%s\" is host \"%s\"'s uplink",
				  vm->dev, h->name);
			break;
		}
		for (pos = 0; (o = hmap_next(&devs, k, &pos)) >= 0;) {
			const struct topo_vm *ov = &t->vms[o];

			if (ov->host != vm->host || strcmp(ov->dev, vm->dev))
				continue;
			snprintf(f, sizeof(f), "vms[%zu].dev", i);
			rc = terr(c, vm->dev_line, vm->dev_col, f,
				  "device \"%s\" on host \"%s\" is VM \"%s\"'s already (line %u)",
				  vm->dev, h->name, ov->name, ov->line);
			break;
		}
		if (!rc && hmap_put(&devs, k, i))
			rc = -ENOMEM;
	}
	hmap_free(&macs);
	hmap_free(&exts);
	hmap_free(&devs);
	return rc;
}

static const struct topo_local *pan_local(const struct topo_pan *p, size_t h)
{
	size_t i;

	for (i = 0; i < p->nlocals; i++)
		if (p->locals[i].host == h)
			return &p->locals[i];
	return NULL;
}

/* Checks that depend on where the VMs are (again after a move) */
static int check_placement(struct tctx *c, const struct topo *t)
{
	char f[64];
	size_t i;

	for (i = 0; i < t->nvms; i++) {
		const struct topo_vm *vm = &t->vms[i];
		const struct topo_pan *p = &t->pans[vm->pan];

		if (p->encap == CTL_ENCAP_ETHERIP && !pan_local(p, vm->host)) {
			snprintf(f, sizeof(f), "vms[%zu].host", i);
			return terr(c, vm->host_line, vm->host_col, f,
				    "PAN %u is etherip and has no PAN address on host \"%s\" (add it to pans[%zu].%s, line %u)",
				    p->id, t->hosts[vm->host].name,
				    (size_t)(p - t->pans), p->locals_key, p->line);
		}
	}
	return 0;
}

/* Per PAN, its VMs (file order) */
static int index_vms(struct topo *t)
{
	size_t i, *cnt = calloc(t->npans ? t->npans : 1, sizeof(*cnt));

	if (!cnt)
		return -ENOMEM;
	for (i = 0; i < t->nvms; i++)
		cnt[t->vms[i].pan]++;
	for (i = 0; i < t->npans; i++) {
		free(t->pans[i].vms);
		t->pans[i].vms = calloc(cnt[i] ? cnt[i] : 1, sizeof(size_t));
		t->pans[i].nvms = 0;
		if (!t->pans[i].vms) {
			free(cnt);
			return -ENOMEM;
		}
	}
	for (i = 0; i < t->nvms; i++) {
		struct topo_pan *p = &t->pans[t->vms[i].pan];

		p->vms[p->nvms++] = i;
	}
	free(cnt);
	return 0;
}

static const struct topo *pan_sort_topo;

static int pan_idx_cmp(const void *a, const void *b)
{
	uint32_t x = pan_sort_topo->pans[*(const size_t *)a].id;
	uint32_t y = pan_sort_topo->pans[*(const size_t *)b].id;

	return x < y ? -1 : x > y;
}

int topo_parse(const char *file, const char *text, size_t len,
	       struct topo **out, char *err, size_t errlen)
{
	struct tctx c = { .file = file, .err = err, .errlen = errlen };
	struct ynode *root = NULL;
	const struct ynode *v, *hosts, *pans, *vms;
	struct topo *t;
	char yerr[512];
	uint64_t ver;
	size_t i;
	int rc = -EINVAL;

	*err = '\0';
	t = calloc(1, sizeof(*t));
	if (!t)
		return -ENOMEM;
	t->file = strdup(file);
	t->text = malloc(len + 1);
	if (!t->file || !t->text) {
		rc = -ENOMEM;
		goto out;
	}
	memcpy(t->text, text, len);
	t->text[len] = '\0';
	t->textlen = len;
	if (ytree_parse(text, len, &root, yerr, sizeof(yerr))) {
		snprintf(err, errlen, "%s:%s", file, yerr);
		goto out;
	}
	if (!root) {
		terr(&c, 0, 0, "topology", "the file is empty");
		goto out;
	}
	if (want_type(&c, root, Y_MAP, "topology") ||
	    known_keys(&c, root, "", root_keys))
		goto out;
	if ((v = ytree_get(root, "version")) &&
	    get_u64(&c, v, "version", 1, 1, &ver))
		goto out;
	if ((v = ytree_get(root, "ext-mac-pool")) && parse_pool(&c, t, v))
		goto out;
	hosts = ytree_get(root, "hosts");
	pans = ytree_get(root, "pans");
	vms = ytree_get(root, "vms");
	if (!hosts) {
		NERR(&c, root, "hosts", "missing");
		goto out;
	}
	if (want_type(&c, hosts, Y_SEQ, "hosts") ||
	    (pans && want_type(&c, pans, Y_SEQ, "pans")) ||
	    (vms && want_type(&c, vms, Y_SEQ, "vms")))
		goto out;
	t->hosts = calloc(hosts->n + 1, sizeof(*t->hosts));
	t->pans = calloc((pans ? pans->n : 0) + 1, sizeof(*t->pans));
	t->vms = calloc((vms ? vms->n : 0) + 1, sizeof(*t->vms));
	if (!t->hosts || !t->pans || !t->vms) {
		rc = -ENOMEM;
		goto out;
	}
	for (i = 0; i < hosts->n; i++, t->nhosts++)
		if ((rc = parse_host(&c, t, i, hosts->items[i])))
			goto out;
	for (i = 0; pans && i < pans->n; i++, t->npans++)
		if ((rc = parse_pan(&c, t, i, pans->items[i])))
			goto out;
	for (i = 0; vms && i < vms->n; i++, t->nvms++)
		if ((rc = parse_vm(&c, t, i, vms->items[i])))
			goto out;
	rc = check_vms(&c, t);
	if (!rc)
		rc = check_placement(&c, t);
	if (!rc)
		rc = index_vms(t);
out:
	ytree_free(root);
	if (rc == -ENOMEM && !*err)
		snprintf(err, errlen, "%s: out of memory", file);
	if (rc || *err) {
		topo_free(t);
		return rc ? rc : -EINVAL;
	}
	*out = t;
	return 0;
}

int topo_load(const char *file, struct topo **out, char *err, size_t errlen)
{
	FILE *f = fopen(file, "r");
	char *text = NULL;
	size_t len = 0, cap = 0, n;
	int rc;

	if (!f) {
		snprintf(err, errlen, "%s: %s", file, strerror(errno));
		return -errno;
	}
	for (;;) {
		if (cap - len < 65536) {
			char *nt = realloc(text, cap = cap * 2 + 65536);

			if (!nt) {
				free(text);
				fclose(f);
				snprintf(err, errlen, "%s: out of memory", file);
				return -ENOMEM;
			}
			text = nt;
		}
		n = fread(text + len, 1, cap - len, f);
		len += n;
		if (n == 0)
			break;
	}
	if (ferror(f)) {
		snprintf(err, errlen, "%s: read error", file);
		free(text);
		fclose(f);
		return -EIO;
	}
	fclose(f);
	rc = topo_parse(file, text, len, out, err, errlen);
	free(text);
	return rc;
}

void topo_free(struct topo *t)
{
	size_t i;

	if (!t)
		return;
	for (i = 0; i < t->npans; i++) {
		free(t->pans[i].locals);
		free(t->pans[i].vms);
	}
	/* a PAN that failed half-parsed */
	if (t->pans && t->pans[t->npans].locals)
		free(t->pans[t->npans].locals);
	free(t->hosts);
	free(t->pans);
	free(t->vms);
	free(t->segs);
	free(t->file);
	free(t->text);
	hmap_free(&t->host_by_name);
	hmap_free(&t->vm_by_name);
	hmap_free(&t->pan_by_id);
	free(t);
}

int topo_move(struct topo *t, struct topo_vm *vm, size_t h, char *err,
	      size_t errlen)
{
	struct tctx c = { .file = t->file, .err = err, .errlen = errlen };
	size_t old = vm->host;
	int rc;

	vm->host = h;
	rc = check_placement(&c, t);
	if (rc)
		vm->host = old;
	return rc;
}

bool topo_pan_on_host(const struct topo *t, size_t p, size_t h)
{
	const struct topo_pan *pan = &t->pans[p];
	size_t i;

	for (i = 0; i < pan->nvms; i++)
		if (t->vms[pan->vms[i]].host == h)
			return true;
	return false;
}

/* ---- external MACs ---- */

static bool needs_ext(const struct topo *t, const struct topo_vm *vm)
{
	return vm->nmacs == 1 && t->segs[t->hosts[vm->host].seg].nhosts > 1;
}

static uint32_t pool_index(const struct topo *t, const uint8_t m[CTL_ALEN],
			   bool *in)
{
	uint32_t base = t->pool_base[3] << 16 | t->pool_base[4] << 8 |
			t->pool_base[5];
	uint32_t x = m[3] << 16 | m[4] << 8 | m[5];

	*in = t->pool_size && !memcmp(m, t->pool_base, 3) && x >= base &&
	      x - base < t->pool_size;
	return x - base;
}

int topo_alloc_ext(struct topo *t, const char *prev, struct ctl_buf *out,
		   char *err, size_t errlen)
{
	struct tctx c = { .file = t->file, .err = err, .errlen = errlen };
	uint8_t *used = NULL;
	char *copy = NULL, *line, *save = NULL, m[CTL_MACSTR];
	uint32_t next = 0, idx;
	size_t i;
	bool in;
	int rc = 0;

	if (t->pool_size) {
		used = calloc((t->pool_size + 7) / 8, 1);
		if (!used)
			return -ENOMEM;
	}
	for (i = 0; i < t->nvms; i++) {
		struct topo_vm *vm = &t->vms[i];

		if (!vm->ext_pinned)
			vm->has_ext = false;
		if (vm->ext_pinned) {
			idx = pool_index(t, vm->ext, &in);
			if (in)
				used[idx / 8] |= 1 << (idx % 8);
		}
	}
	/* earlier allocations: "VM MAC" per line */
	if (prev && (copy = strdup(prev))) {
		for (line = strtok_r(copy, "\n", &save); line;
		     line = strtok_r(NULL, "\n", &save)) {
			char name[CTL_NAME_MAX + 2], mac[32];
			uint8_t e[CTL_ALEN];
			struct topo_vm *vm;

			if (sscanf(line, "%64s %31s", name, mac) != 2 ||
			    ctl_mac_parse(mac, e))
				continue;
			vm = topo_vm_find(t, name);
			if (!vm || vm->ext_pinned || vm->has_ext ||
			    vm->nmacs != 1)
				continue;
			idx = pool_index(t, e, &in);
			if (!in || (used[idx / 8] & (1 << (idx % 8))))
				continue;
			used[idx / 8] |= 1 << (idx % 8);
			memcpy(vm->ext, e, CTL_ALEN);
			vm->has_ext = true;
		}
	}
	free(copy);
	for (i = 0; i < t->nvms; i++) {
		struct topo_vm *vm = &t->vms[i];
		char f[64];

		if (vm->has_ext || !needs_ext(t, vm))
			continue;
		snprintf(f, sizeof(f), "vms[%zu].ext", i);
		if (!t->pool_size) {
			rc = terr(&c, vm->line, vm->col, f, "VM \"%s\" needs an external MAC (segment \"%s\" has %zu hosts) and there is no ext-mac-pool",
				  vm->name, t->hosts[vm->host].segment,
				  t->segs[t->hosts[vm->host].seg].nhosts);
			break;
		}
		while (next < t->pool_size &&
		       (used[next / 8] & (1 << (next % 8))))
			next++;
		if (next == t->pool_size) {
			rc = terr(&c, t->pool_line, 1, "ext-mac-pool",
				  "exhausted: %u external MACs, and VM \"%s\" (line %u) needs one more",
				  t->pool_size, vm->name, vm->line);
			break;
		}
		used[next / 8] |= 1 << (next % 8);
		{
			uint32_t x = (t->pool_base[3] << 16 |
				      t->pool_base[4] << 8 |
				      t->pool_base[5]) + next;

			memcpy(vm->ext, t->pool_base, 3);
			vm->ext[3] = x >> 16;
			vm->ext[4] = x >> 8;
			vm->ext[5] = x;
		}
		vm->has_ext = true;
	}
	free(used);
	if (rc)
		return rc;
	for (i = 0; out && i < t->nvms; i++)
		if (t->vms[i].has_ext && !t->vms[i].ext_pinned)
			buf_printf(out, "%s %s\n", t->vms[i].name,
				   ctl_mac_format(t->vms[i].ext, m));
	return out && out->oom ? -ENOMEM : 0;
}

/* ---- the rule ---- */

static int port_cmp(const void *a, const void *b)
{
	return strcmp(((const struct ctl_port *)a)->dev,
		      ((const struct ctl_port *)b)->dev);
}

static int entry_cmp(const void *a, const void *b)
{
	return memcmp(((const struct ctl_entry *)a)->mac,
		      ((const struct ctl_entry *)b)->mac, CTL_ALEN);
}

static int flood_cmp(const void *a, const void *b)
{
	const struct ctl_flood *x = a, *y = b;

	if (x->uplink != y->uplink)
		return x->uplink ? -1 : 1;
	if (x->remote.family != y->remote.family)
		return x->remote.family < y->remote.family ? -1 : 1;
	return memcmp(x->remote.a, y->remote.a, 16);
}

static const struct ctl_addr *host_addr(const struct topo_host *h, int fam)
{
	const struct ctl_addr *a = fam == 6 ? &h->ip6 : &h->ip4;

	return a->family ? a : NULL;
}

/* host h's table for PAN p */
static int compute_pan(struct tctx *c, const struct topo *t, size_t h,
		       size_t p, struct ctl_pan *out)
{
	const struct topo_pan *pan = &t->pans[p];
	const struct topo_host *me = &t->hosts[h];
	const struct topo_local *loc;
	bool capable = true, uplink = false;
	size_t i, j, nent = 0;
	unsigned int k;
	char f[64];

	memset(out, 0, sizeof(*out));
	out->id = pan->id;
	loc = pan_local(pan, h);
	if (loc) {
		if (loc->addr.family == AF_INET)
			out->local4 = loc->addr;
		else
			out->local6 = loc->addr;
	}
	for (i = 0; i < pan->nvms; i++) {
		const struct topo_vm *vm = &t->vms[pan->vms[i]];

		if (vm->host == h) {
			out->nports++;
			capable &= vm->has_ext;
		} else {
			nent += vm->nmacs;
		}
	}
	out->ports = calloc(out->nports + 1, sizeof(*out->ports));
	out->entries = calloc(nent + 1, sizeof(*out->entries));
	out->flood = calloc(nent + 2, sizeof(*out->flood));
	if (!out->ports || !out->entries || !out->flood)
		return -ENOMEM;
	out->nports = 0;
	for (i = 0; i < pan->nvms; i++) {
		size_t vi = pan->vms[i];
		const struct topo_vm *vm = &t->vms[vi];
		const struct topo_host *there = &t->hosts[vm->host];

		if (vm->host == h) {
			struct ctl_port *pt = &out->ports[out->nports++];

			strcpy(pt->dev, vm->dev);
			strcpy(pt->vm, vm->name);
			pt->nmacs = vm->nmacs;
			memcpy(pt->macs, vm->macs, sizeof(pt->macs));
			pt->has_ext = vm->has_ext;
			memcpy(pt->ext, vm->ext, CTL_ALEN);
			continue;
		}
		if (there->seg == me->seg && vm->has_ext && capable) {
			struct ctl_entry *e = &out->entries[out->nentries++];

			if (!me->uplink[0]) {
				snprintf(f, sizeof(f), "hosts[%zu].uplink", h);
				return terr(c, me->line, 1, f, "host \"%s\" reaches VM \"%s\" on host \"%s\" of its segment by MAC translation and needs an uplink",
					    me->name, vm->name, there->name);
			}
			memcpy(e->mac, vm->macs[0], CTL_ALEN);
			e->mode = CTL_MODE_XLATE;
			memcpy(e->ext, vm->ext, CTL_ALEN);
			strcpy(e->vm, vm->name);
			uplink = true;
			continue;
		}
		/* encap: to the PAN's address there (etherip), else the host's */
		struct ctl_addr remote;
		int fam;

		if (pan->encap == CTL_ENCAP_ETHERIP) {
			loc = pan_local(pan, vm->host);
			remote = loc->addr;
			fam = remote.family == AF_INET6 ? 6 : 4;
		} else {
			fam = pan->family;
			if (!host_addr(there, fam)) {
				snprintf(f, sizeof(f), "hosts[%zu].ip%d",
					 (size_t)(there - t->hosts), fam);
				return terr(c, there->line, 1, f, "host \"%s\" has no IPv%d address, which PAN %u (%s over IPv%d, line %u) needs to reach VM \"%s\" from host \"%s\"",
					    there->name, fam, pan->id,
					    ctl_encap_name(pan->encap), fam,
					    pan->line, vm->name, me->name);
			}
			remote = *host_addr(there, fam);
		}
		if (!host_addr(me, fam)) {
			snprintf(f, sizeof(f), "hosts[%zu].ip%d", h, fam);
			return terr(c, me->line, 1, f, "host \"%s\" has no IPv%d address to send PAN %u's %s from (line %u)",
				    me->name, fam, pan->id,
				    ctl_encap_name(pan->encap), pan->line);
		}
		for (k = 0; k < vm->nmacs; k++) {
			struct ctl_entry *e = &out->entries[out->nentries++];

			memcpy(e->mac, vm->macs[k], CTL_ALEN);
			e->mode = CTL_MODE_ENCAP;
			e->encap = pan->encap;
			e->remote = remote;
			strcpy(e->vm, vm->name);
		}
		for (j = 0; j < out->nflood; j++)
			if (!out->flood[j].uplink &&
			    ctl_addr_eq(&out->flood[j].remote, &remote))
				break;
		if (j == out->nflood) {
			out->flood[out->nflood].encap = pan->encap;
			out->flood[out->nflood++].remote = remote;
		}
	}
	if (uplink)
		out->flood[out->nflood++].uplink = true;
	if (out->nflood > CTL_FLOOD_MAX)
		return terr(c, pan->line, 1, "pans[].id", "PAN %u would need %zu flood members on host \"%s\", more than %d",
			    pan->id, out->nflood, me->name, CTL_FLOOD_MAX);
	qsort(out->ports, out->nports, sizeof(*out->ports), port_cmp);
	qsort(out->entries, out->nentries, sizeof(*out->entries), entry_cmp);
	qsort(out->flood, out->nflood, sizeof(*out->flood), flood_cmp);
	return 0;
}

int topo_compute(const struct topo *t, size_t h, struct ctl_host_state *st,
		 char *err, size_t errlen)
{
	struct tctx c = { .file = t->file, .err = err, .errlen = errlen };
	const struct topo_host *me = &t->hosts[h];
	size_t *pans = NULL, n = 0, i;
	unsigned char *seen;
	int rc = 0;

	memset(st, 0, sizeof(*st));
	strcpy(st->host, me->name);
	st->has_switch = true;
	strcpy(st->sw.name, me->sw);
	st->sw.local4 = me->ip4;
	st->sw.local6 = me->ip6;
	st->sw.vxlan_port = me->vxlan_port;
	strcpy(st->sw.uplink, me->uplink);
	/* each PAN once: a host may have more VMs than there are PANs */
	pans = calloc(t->npans + 1, sizeof(*pans));
	seen = calloc(t->npans + 1, 1);
	if (!pans || !seen) {
		free(pans);
		free(seen);
		return -ENOMEM;
	}
	for (i = 0; i < t->nvms; i++)
		if (t->vms[i].host == h && !seen[t->vms[i].pan]) {
			seen[t->vms[i].pan] = 1;
			pans[n++] = t->vms[i].pan;
		}
	free(seen);
	pan_sort_topo = t;
	qsort(pans, n, sizeof(*pans), pan_idx_cmp);
	st->pans = calloc(n + 1, sizeof(*st->pans));
	if (!st->pans) {
		free(pans);
		return -ENOMEM;
	}
	for (i = 0; i < n && !rc; i++) {
		if (i && pans[i] == pans[i - 1])
			continue;
		rc = compute_pan(&c, t, h, pans[i], &st->pans[st->npans++]);
	}
	free(pans);
	if (rc == -ENOMEM)
		snprintf(err, errlen, "out of memory");
	if (rc)
		state_free(st);
	return rc;
}
