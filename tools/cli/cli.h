/* SPDX-License-Identifier: GPL-2.0 */
/*
 * panswitch(8): what the per-object files share.
 *
 * Every command parses all its arguments first and asks for the netlink
 * handle (get_handle()) only afterwards, so a usage error never reaches
 * the kernel and works without the module loaded.
 */
#ifndef _PANSWITCH_CLI_H
#define _PANSWITCH_CLI_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "libpanswitch.h"
#include "print.h"

/*
 * panswitch's version: the library's, the tree's one version (the
 * packages and dkms.conf follow it: debian/changelog, make deb).
 */
#define PANSWITCH_VERSION	PSWC_VERSION

#define ARRAY_SIZE(a)		(sizeof(a) / sizeof((a)[0]))

/* A numeric constant of the uapi header as a string, for usage texts */
#define CLI_STR_(x)		#x
#define CLI_STR(x)		CLI_STR_(x)
/* "PAN := 1..16777214": the range of PAN ids, from the uapi header */
#define CLI_PAN_RANGE \
	"PAN := " CLI_STR(PSW_PAN_ID_MIN) ".." CLI_STR(PSW_PAN_ID_MAX)

/* exit status */
#define EXIT_OK		0
#define EXIT_KERNEL	1	/* refused, or could not talk to the kernel */
#define EXIT_USAGE	2

struct ctx {
	const char *netns;	/* -n NETNS */
	bool in_netns;
	struct pswc_handle *h;	/* opened on first use, then kept */
	const char *batch;	/* -b FILE, NULL outside a batch */
	unsigned long line;	/* current batch line */
};

/* Arguments of one command, consumed left to right */
struct args {
	int argc;
	char **argv;
};

const char *arg_next(struct args *a);
const char *arg_peek(const struct args *a);
int arg_value(struct ctx *c, struct args *a, const char *kw,
	      const char **val);
int arg_end(struct ctx *c, const struct args *a);

int parse_pan(struct ctx *c, const char *s, uint32_t *pan);
int parse_mac(struct ctx *c, const char *s, uint8_t mac[PSWC_ETH_ALEN]);
int parse_ifname(struct ctx *c, const char *s, const char *what);
int parse_addr(struct ctx *c, const char *s, struct pswc_addr *a);
int parse_encap(struct ctx *c, const char *s, uint8_t *encap);

int usage_error(struct ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int sys_error(struct ctx *c, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));
int lib_error(struct ctx *c);
int unknown_verb(struct ctx *c, const char *object, const char *verb);
void dump_check(struct ctx *c);
int report_error(struct ctx *c, const struct pswc_error *e);
struct pswc_handle *get_handle(struct ctx *c);

/*
 * A show prints one JSON array of objects (-j), or one text line per
 * object. The array opens with the first object, so a show that fails
 * before printing anything leaves stdout empty.
 */
void show_item_begin(void);
void show_item_end(void);
void show_done(void);		/* success: close (or print an empty) array */
void show_abort(void);		/* failure: close the array if open */
int show_finish(struct ctx *c, int rc);	/* either, by rc; exit status */

/* -s: show commands print the object's counters too */
extern bool show_stats;
/* -d: switch show prints the device's link details (rtnetlink) too */
extern bool show_details;

/* Object fields, shared by show and monitor */
void print_switch_fields(const struct pswc_switch *sw);
void print_switch_link(const struct pswc_switch_link *l);
void print_port_fields(const struct pswc_port *p);
void print_pan_fields(const struct pswc_pan *pan);
void print_entry_fields(const struct pswc_entry *e);
void print_counters(const struct pswc_stats *s);

/* A PAN's miss handling (miss.c) */
struct pan_miss_req {
	struct pswc_miss_conf conf;
	uint8_t mac[PSWC_ETH_ALEN];		/* conf.anycast_mac */
	struct pswc_flood_member via;		/* conf.anycast_via */
	struct pswc_hold_conf hold;		/* "hold ...", on its own */
	bool hold_given;
};

extern const char pan_miss_usage[];
void pan_miss_init(struct pan_miss_req *m);
bool pan_miss_given(const struct pan_miss_req *m);
bool pan_miss_keyword(const char *kw);
int parse_pan_miss(struct ctx *c, struct args *a, const char *kw,
		   struct pan_miss_req *m);
int pan_miss_check(struct ctx *c, const struct pan_miss_req *m);
int pan_miss_set(struct ctx *c, const char *sw, uint32_t pan,
		 const struct pan_miss_req *m);
void print_pan_miss(const struct pswc_pan_miss *m);
void print_pan_hold(const struct pswc_pan_miss *m,
		    const struct pswc_pan_hold *h);
void print_miss_counters(const struct pswc_pan_miss *m);
void print_hold_counters(const struct pswc_pan_hold *h);

/* A PAN's ARP/ND proxy and the neighbour tables (neigh.c) */
int parse_proxy(struct ctx *c, struct args *a, const char *kw, int *on);
void print_pan_proxy(const struct pswc_pan_proxy *p);
void print_proxy_counters(const struct pswc_pan_proxy *p);
void print_neigh_fields(const struct pswc_neigh *n);

/* A PAN's learning and MOVE events (learn.c) */
extern const char pan_learn_usage[];
void pan_learn_init(struct pswc_learn_conf *l);
bool pan_learn_given(const struct pswc_learn_conf *l);
bool pan_learn_keyword(const char *kw);
int parse_pan_learn(struct ctx *c, struct args *a, const char *kw,
		    struct pswc_learn_conf *l);
int pan_learn_set(struct ctx *c, const char *sw, uint32_t pan,
		  const struct pswc_learn_conf *l);
void print_pan_learn(const struct pswc_pan_learn *l);
int show_pan_learn(struct ctx *c, const struct pswc_pan *pan);
void print_move_fields(const struct pswc_move *m);

/* A PAN's multicast group (mcast.c) */
struct pan_mcast_req {
	struct pswc_mcast_conf conf;
	struct pswc_addr group;			/* conf.group */
};

extern const char pan_mcast_usage[];
void pan_mcast_init(struct pan_mcast_req *m);
bool pan_mcast_given(const struct pan_mcast_req *m);
bool pan_mcast_keyword(const char *kw);
int parse_pan_mcast(struct ctx *c, struct args *a, const char *kw,
		    struct pan_mcast_req *m);
int pan_mcast_set(struct ctx *c, const char *sw, uint32_t pan,
		  const struct pan_mcast_req *m);
void print_pan_mcast(const struct pswc_pan_mcast *m, int64_t since_ms);
void print_mcast_member_fields(const struct pswc_mcast_member *mm);
int monitor_print_event(const struct pswc_event *ev, void *arg);
int show_pan_mcast(struct ctx *c, const struct pswc_pan *pan);
/* A PAN's EtherIP form and inter-tenant multicast rules (etherip.c) */
struct pan_etherip_req {
	int form;			/* enum psw_etherip, -1: not given */
	bool share;			/* mcast-share [del] GROUP pan PAN */
	bool del;
	struct pswc_addr group;
	uint32_t target;
};

extern const char pan_etherip_usage[];
void pan_etherip_init(struct pan_etherip_req *e);
bool pan_etherip_given(const struct pan_etherip_req *e);
bool pan_etherip_keyword(const char *kw);
int parse_pan_etherip(struct ctx *c, struct args *a, const char *kw,
		      struct pan_etherip_req *e);
int pan_etherip_set(struct ctx *c, const char *sw, uint32_t pan,
		    const struct pan_etherip_req *e);
int show_pan_etherip(struct ctx *c, const struct pswc_pan *pan);
/* The tenant map (tenant.c) */
struct tenant_keys;
int parse_oui(struct ctx *c, const char *s, uint32_t *oui);
void print_tenant_key(bool has_oui, uint32_t oui, uint16_t vlan);
void print_tenant_fields(const struct pswc_tenant *t);
struct tenant_keys *tenant_keys_get(struct ctx *c, const char *sw);
void tenant_keys_free(struct tenant_keys *k);
void print_pan_tenants(const struct tenant_keys *k, const struct pswc_pan *pan);

/* Objects: argv starts after the object keyword */
int do_switch(struct ctx *c, int argc, char **argv);
int do_port(struct ctx *c, int argc, char **argv);
int do_pan(struct ctx *c, int argc, char **argv);
int do_entry(struct ctx *c, int argc, char **argv);
int do_neigh(struct ctx *c, int argc, char **argv);
int do_tenant(struct ctx *c, int argc, char **argv);
int do_remote(struct ctx *c, int argc, char **argv);
/* The CLI's own bound on a list given on the command line */
#define CLI_ENCAPS_MAX 8
int parse_encaps(struct ctx *c, const char *s, uint8_t *encaps, size_t max,
		 size_t *n);
void print_encaps(const char *key, const uint8_t *encaps, size_t n);
int do_stats(struct ctx *c, int argc, char **argv);
int do_monitor(struct ctx *c, int argc, char **argv);

void switch_usage(FILE *f);
void port_usage(FILE *f);
void pan_usage(FILE *f);
void entry_usage(FILE *f);
void neigh_usage(FILE *f);
void tenant_usage(FILE *f);
void remote_usage(FILE *f);
void stats_usage(FILE *f);
void monitor_usage(FILE *f);

#endif /* _PANSWITCH_CLI_H */
