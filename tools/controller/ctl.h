/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Shared by panswitch-controller and panswitchd: addresses, MACs, the
 * desired state of one host's switch, and its text form.
 *
 * Nothing here calls libpanswitch: the agent's tools/agent/apply.c is the
 * one file that does.
 */
#ifndef _CTL_H
#define _CTL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "linux/panswitch.h"	/* the kernel's limits, the one home */

#define CTL_ALEN	6
#define CTL_IFNAMSIZ	16	/* IFNAMSIZ */
#define CTL_NAME_MAX	63	/* host and VM names */
#define CTL_MAX_MACS	8	/* a VM's MACs: the topology's own limit */
#define CTL_FLOOD_MAX	PSW_FLOOD_MAX
#define CTL_PAN_MIN	PSW_PAN_ID_MIN
#define CTL_PAN_MAX	PSW_PAN_ID_MAX
_Static_assert(CTL_MAX_MACS <= PSW_PORT_MAX_MACS,
	       "a VM's MACs must fit one vm port");
#define CTL_MACSTR	18
#define CTL_ADDRSTR	46

struct ctl_addr {
	uint8_t family;		/* AF_INET, AF_INET6, 0: none */
	uint8_t a[16];
};

enum ctl_encap { CTL_ENCAP_NONE, CTL_ENCAP_VXLAN, CTL_ENCAP_NVGRE,
		 CTL_ENCAP_ETHERIP };
/*
 * CTL_MODE_HOLD: a VM migrating to this host (Documentation/controller.md,
 * "Migration"): frames to it wait in the PAN's hold queue until its port
 * attaches; with ext (not zero) the uplink's frames to that MAC too.
 */
enum ctl_mode { CTL_MODE_XLATE = 1, CTL_MODE_ENCAP, CTL_MODE_HOLD };

/* A vm port: the VM's device on this host */
struct ctl_port {
	char dev[CTL_IFNAMSIZ];
	char vm[CTL_NAME_MAX + 1];
	unsigned int nmacs;
	uint8_t macs[CTL_MAX_MACS][CTL_ALEN];
	bool has_ext;
	uint8_t ext[CTL_ALEN];
};

/* An entry toward a VM on another host */
struct ctl_entry {
	uint8_t mac[CTL_ALEN];
	enum ctl_mode mode;
	uint8_t ext[CTL_ALEN];		/* xlate; hold: zero for none */
	enum ctl_encap encap;		/* encap */
	struct ctl_addr remote;		/* encap */
	char vm[CTL_NAME_MAX + 1];	/* informational */
};

struct ctl_flood {
	bool uplink;
	enum ctl_encap encap;
	struct ctl_addr remote;
};

struct ctl_pan {
	uint32_t id;
	struct ctl_addr local4, local6;	/* the PAN's own (EtherIP) */
	/* the hold queue's bounds; 0: the kernel's default (a migration) */
	uint32_t hold_frames, hold_time_ms;
	size_t nports, nentries, nflood;
	struct ctl_port *ports;
	struct ctl_entry *entries;
	struct ctl_flood *flood;
};

struct ctl_switch {
	char name[CTL_IFNAMSIZ];
	struct ctl_addr local4, local6;
	uint16_t vxlan_port;
	char uplink[CTL_IFNAMSIZ];	/* "" for none */
	bool down;			/* read from the kernel: not up */
};

/* The desired state of one host's switch */
struct ctl_host_state {
	char host[CTL_NAME_MAX + 1];
	uint64_t generation;
	bool has_switch;
	struct ctl_switch sw;
	size_t npans;
	struct ctl_pan *pans;		/* sorted by id */
};

/* A growable string */
struct ctl_buf {
	char *s;
	size_t len, cap;
	bool oom;
};

void buf_printf(struct ctl_buf *b, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
void buf_free(struct ctl_buf *b);

int ctl_mac_parse(const char *s, uint8_t mac[CTL_ALEN]);
char *ctl_mac_format(const uint8_t mac[CTL_ALEN], char buf[CTL_MACSTR]);
bool ctl_mac_unicast(const uint8_t mac[CTL_ALEN]);
bool ctl_mac_zero(const uint8_t mac[CTL_ALEN]);
int ctl_addr_parse(const char *s, struct ctl_addr *a);
char *ctl_addr_format(const struct ctl_addr *a, char buf[CTL_ADDRSTR]);
bool ctl_addr_eq(const struct ctl_addr *a, const struct ctl_addr *b);
const char *ctl_encap_name(enum ctl_encap e);
int ctl_encap_parse(const char *s, enum ctl_encap *e);
bool ctl_ifname_ok(const char *s);
bool ctl_name_ok(const char *s);
/* decimal u64 with no sign, no leading junk; -1 if not */
int ctl_u64_parse(const char *s, uint64_t *v);

/*
 * The text of a host's desired state is a set of documents, each one a
 * key of the store: "switch" and "pans/<id>". See
 * Documentation/controller.md for the format.
 */
#define CTL_DOC_SWITCH	"switch"
#define CTL_DOC_PANS	"pans/"

struct ctl_doc {
	char *key;
	char *val;
};

struct ctl_docs {
	size_t n;
	struct ctl_doc *v;
	uint64_t generation;
};

int docs_add(struct ctl_docs *d, const char *key, const char *val);
void docs_free(struct ctl_docs *d);
const struct ctl_doc *docs_find(const struct ctl_docs *d, const char *key);
void docs_sort(struct ctl_docs *d);

/* state -> documents */
int state_render(const struct ctl_host_state *st, struct ctl_docs *out);
void state_render_switch(const struct ctl_switch *sw, struct ctl_buf *b);
void state_render_pan(const struct ctl_pan *p, struct ctl_buf *b);
/* documents -> state; on error "KEY:LINE: message" in err */
int state_parse(const struct ctl_docs *d, struct ctl_host_state *st,
		char *err, size_t errlen);
void state_free(struct ctl_host_state *st);
const struct ctl_pan *state_pan(const struct ctl_host_state *st,
				uint32_t id);

#endif
