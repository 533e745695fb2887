/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The topology a controller is fed (Documentation/controller.md): hosts
 * on L2 segments, PANs, VMs placed on hosts; and the pure function that
 * turns it into the desired state of each host's switch.
 */
#ifndef _CTL_TOPO_H
#define _CTL_TOPO_H

#include "ctl.h"
#include "hmap.h"

#define TOPO_ERRLEN	1024

struct topo_host {
	char name[CTL_NAME_MAX + 1];
	char segment[CTL_NAME_MAX + 1];
	struct ctl_addr ip4, ip6;
	char sw[CTL_IFNAMSIZ];
	char uplink[CTL_IFNAMSIZ];
	uint16_t vxlan_port;
	unsigned int line;
	size_t seg;		/* index of its segment */
};

struct topo_local {
	size_t host;
	struct ctl_addr addr;
	unsigned int line, col;
};

struct topo_pan {
	uint32_t id;
	enum ctl_encap encap;
	int family;		/* 4 or 6: the underlay addresses encap uses */
	size_t nlocals;
	struct topo_local *locals;	/* etherip: the PAN's address per host */
	const char *locals_key;	/* "pan-addrs", or its old name "locals" */
	unsigned int line;
	size_t nvms;
	size_t *vms;		/* indices into topo.vms, in file order */
};

struct topo_vm {
	char name[CTL_NAME_MAX + 1];
	char dev[CTL_IFNAMSIZ];
	size_t pan;		/* index into topo.pans */
	size_t host;		/* index into topo.hosts */
	unsigned int nmacs;
	uint8_t macs[CTL_MAX_MACS][CTL_ALEN];
	bool ext_pinned;	/* "ext" given in the file */
	bool has_ext;		/* after allocation */
	uint8_t ext[CTL_ALEN];
	unsigned int line, col;
	/* where values are, for messages */
	unsigned int mac_line[CTL_MAX_MACS], mac_col[CTL_MAX_MACS];
	unsigned int ext_line, ext_col, dev_line, dev_col;
	/* where its "host" value is, so that migrate can rewrite it */
	size_t host_start, host_end;
	unsigned int host_line, host_col;
};

struct topo_seg {
	char name[CTL_NAME_MAX + 1];
	size_t nhosts;
};

struct topo {
	char *file;		/* for messages */
	char *text;		/* the file's bytes */
	size_t textlen;
	size_t nhosts, npans, nvms, nsegs;
	struct topo_host *hosts;
	struct topo_pan *pans;
	struct topo_vm *vms;
	struct topo_seg *segs;
	uint8_t pool_base[CTL_ALEN];
	uint32_t pool_size;		/* 0: no pool */
	unsigned int pool_line;
	struct hmap host_by_name, vm_by_name, pan_by_id;
};

/*
 * Parse and check a topology. On any error returns -1 with
 * "FILE:LINE:COL: FIELD: message" in err and *out untouched.
 */
int topo_parse(const char *file, const char *text, size_t len,
	       struct topo **out, char *err, size_t errlen);
int topo_load(const char *file, struct topo **out, char *err,
	      size_t errlen);
void topo_free(struct topo *t);
struct topo_host *topo_host_find(const struct topo *t, const char *name);
struct topo_vm *topo_vm_find(const struct topo *t, const char *name);
struct topo_pan *topo_pan_find(const struct topo *t, uint32_t id);
/*
 * Move VM vm to host h (index), keeping everything else, then check what
 * depends on placement (e.g. an etherip PAN's address on the new host).
 */
int topo_move(struct topo *t, struct topo_vm *vm, size_t h, char *err,
	      size_t errlen);

/*
 * External MACs. prev: "VM MAC" lines of an earlier allocation (NULL for
 * none), kept where they still fit. A VM gets one when it has a single
 * MAC and its host's segment has another host; pinned ones ("ext" in the
 * file) are kept as they are. Fails, naming the pool, when it is
 * exhausted. out (may be NULL) gets the new allocation in the same form.
 */
int topo_alloc_ext(struct topo *t, const char *prev, struct ctl_buf *out,
		   char *err, size_t errlen);

/*
 * The desired state of host h's switch. Call topo_alloc_ext() first.
 * Fails (naming the fields) when the topology cannot be served, e.g. a
 * PAN's encap needs an address family a host does not have.
 */
int topo_compute(const struct topo *t, size_t h, struct ctl_host_state *st,
		 char *err, size_t errlen);
/* hosts with at least one VM of the PAN at index p: h's bit set */
bool topo_pan_on_host(const struct topo *t, size_t p, size_t h);

#endif
