/* SPDX-License-Identifier: GPL-2.0 */
/*
 * libpanswitch - userspace client of the panswitch generic netlink family.
 *
 * Build and link: pkg-config --cflags --libs panswitch (libpanswitch.so.1,
 * or libpanswitch.a with --static). Every public name starts with pswc_ or
 * PSWC_; the PSW_* and enum psw_* names come from <linux/panswitch.h>, the
 * kernel's uapi, which this header includes.
 *
 * ABI. The soname's major version (libpanswitch.so.PSWC_VERSION_MAJOR)
 * changes whenever a function's signature, a public struct's layout or a
 * documented behaviour changes incompatibly; within one major version
 * functions are only added (the minor version) and exported under the
 * symbol version PSWC_1, or PSWC_1.N for those minor version N added
 * (PSWC_1.1: a PAN's miss handling; PSWC_1.2: the ARP/ND proxy and its
 * neighbour tables; PSWC_1.3: miss notify, its hold queue and miss
 * events; PSWC_1.4: learning, entry ages and MOVE events; PSWC_1.5: a
 * switch's link details; PSWC_1.6: a PAN's multicast group; PSWC_1.7:
 * the tenant map and trunk ports; PSWC_1.8: a port's policy (port
 * security, LLDP, the allow list) and its extended details; PSWC_1.9: when a PAN's membership of
 * its group last changed, and PSWC_OBJ_MCAST notifications; PSWC_1.10:
 * tep ports, the VNID tag toward a tunnel end point, isolated ports and
 * the VLAN pool, EtherIP's OUI form and inter-tenant multicast rules,
 * encapsulation negotiation, remote objects and probes). Structs are
 * allocated by the caller
 * (get functions fill the caller's struct), so their layout is fixed
 * within a major version. No list in a public struct has a fixed size: a port's
 * MACs, a PAN's flood list, the drop counters and the negotiation's
 * encapsulation lists and probe results are pointers with a count,
 * allocated by the library, so the kernel's limits (PSW_FLOOD_MAX,
 * PSW_PORT_MAX_MACS), new drop reasons and new encapsulations never
 * change this ABI. The only fixed-size members are strings: interface
 * names (IF_NAMESIZE, the kernel's) and the error text (PSWC_ERRMSG_LEN,
 * truncated).
 * Unknown values from a newer kernel (enum values, drop reasons,
 * notification commands) are passed through or skipped, never refused;
 * pswc_*_name() returns NULL for them.
 *
 * Memory. Objects handed to a callback (dumps, notifications) belong to
 * the library and are valid until the callback returns: copy what you
 * keep, lists included. An object a get function fills in (pswc_switch_get,
 * pswc_port_get, pswc_pan_get, pswc_entry_get) holds lists the library
 * allocated; release them with the object's clear function
 * (pswc_switch_clear() ...), which frees them and zeroes the struct. A
 * failed get leaves the struct zeroed (clearing it is harmless). Never
 * clear a struct whose lists you set yourself (a request's pswc_port):
 * in a request, lists are the caller's and only read. Strings returned by
 * pswc_*_name() and pswc_version() are static.
 *
 * Errors. Every call that fails returns a negative errno and leaves the
 * details in pswc_last_error(): the errno, the kernel's extended ack
 * message and the attribute it pointed at. pswc_open() fills the caller's
 * struct pswc_error instead, having no handle to keep it in.
 *
 * Threads. One handle is one netlink socket with the family resolved.
 * Calls block until the kernel has answered. A handle is not thread safe:
 * use one handle per thread, or serialise every call on a handle
 * (pswc_last_error() included). Different handles are independent; the
 * library has no global state. A handle that runs pswc_monitor_start() is
 * used for nothing else; open a second handle for requests.
 *
 * Switches and ports are named by their interface names, looked up in the
 * network namespace the handle's socket was opened in.
 *
 * Dumps are read completely before the callback sees any object, and
 * restarted when the kernel flags them as interrupted by a concurrent
 * change (NLM_F_DUMP_INTR). If every one of PSWC_DUMP_TRIES tries was
 * interrupted (the table keeps changing), the last one is delivered and
 * pswc_dump_inconsistent() returns true until the next dump. Callbacks
 * return 0 to go on; any other value stops the walk and is returned by
 * the dump call.
 */
#ifndef _LIBPANSWITCH_H
#define _LIBPANSWITCH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <net/if.h>
#include <linux/panswitch.h>

/* The version of this header; pswc_version() is the library's. */
#define PSWC_VERSION_MAJOR	1
#define PSWC_VERSION_MINOR	10
#define PSWC_VERSION_PATCH	0
#define PSWC_VERSION		"1.10.0"

#define PSWC_ETH_ALEN		6
#define PSWC_MAC_STRLEN		18	/* "aa:bb:cc:dd:ee:ff" + NUL */
#define PSWC_ADDR_STRLEN		46	/* INET6_ADDRSTRLEN */
#define PSWC_ERRMSG_LEN		256
#define PSWC_DUMP_TRIES		4

struct pswc_handle;

struct pswc_error {
	int errnum;		/* positive errno, 0 when there is no error */
	bool from_kernel;	/* the kernel refused the request */
	/* the extack message, or the library's own text when !from_kernel */
	char msg[PSWC_ERRMSG_LEN];	/* "" if none */
	int attr_type;		/* PSW_A_* the kernel pointed at, 0 if none */
	char attr[16];		/* its name: "switch", "dev", "pan", "mac"... */
};

/*
 * An IPv4 or IPv6 address (network order). family 0: no address. In a
 * request, an address of the right family that is all zeroes clears.
 */
struct pswc_addr {
	uint8_t family;			/* AF_INET, AF_INET6 or 0 */
	uint8_t a[16];			/* 4 bytes used for AF_INET */
};

struct pswc_stats {
	bool present;
	uint64_t rx_packets;
	uint64_t rx_bytes;
	uint64_t tx_packets;
	uint64_t tx_bytes;
	uint64_t flooded;
	uint64_t xlate_tx;		/* PANs: per mode */
	uint64_t xlate_rx;
	uint64_t encap_tx;
	uint64_t encap_rx;
	/*
	 * Drops by enum psw_drop_reason: drops[r] for r < ndrops, including
	 * reasons newer than this library (pswc_drop_reason_name() returns
	 * NULL for them). pswc_stats_drop() reads one safely.
	 */
	unsigned int ndrops;
	uint64_t *drops;
};

struct pswc_switch {
	uint32_t ifindex;
	char ifname[IF_NAMESIZE];
	uint32_t pan_count;
	uint32_t port_count;
	uint32_t entry_count;
	uint16_t vxlan_port;		/* 0 if the kernel sent none */
	struct pswc_addr local4;	/* underlay; family 0 when unset */
	struct pswc_addr local6;
	uint32_t max_pans;		/* limits; 0 if the kernel sent none */
	uint32_t max_entries;
	uint64_t pan_limit_hits;	/* requests refused by them */
	uint64_t entry_limit_hits;
	uint8_t ext_prefix_len;		/* external MAC range; 0: none */
	uint8_t ext_prefix[PSWC_ETH_ALEN];
	struct pswc_stats stats;		/* tunnel arrivals */
};

struct pswc_port {
	uint32_t sw_ifindex;
	char sw_ifname[IF_NAMESIZE];
	uint32_t ifindex;
	char ifname[IF_NAMESIZE];
	uint8_t role;			/* enum psw_port_role */
	uint32_t pan;			/* vm ports; 0 for uplinks */
	unsigned int nmacs;
	uint8_t (*macs)[PSWC_ETH_ALEN];	/* nmacs addresses */
	bool has_ext_mac;
	uint8_t ext_mac[PSWC_ETH_ALEN];	/* vm ports with an external MAC */
	bool has_policy;		/* vm ports: the kernel sent the two */
	bool security;			/* port security */
	bool lldp;			/* LLDP forwarded to the PAN's ports */
	uint16_t vlan;			/* uplinks: the VLAN, 0: untagged;
					 * vm ports: the VLAN it holds, 0:
					 * not isolated
					 */
	struct pswc_stats stats;
};

/* One member of a PAN's flood list: the uplink, or a remote */
struct pswc_flood_member {
	bool uplink;
	uint8_t encap;			/* enum psw_encap (remotes) */
	struct pswc_addr remote;	/* remotes; family 0 for the uplink */
};

struct pswc_pan {
	uint32_t sw_ifindex;
	char sw_ifname[IF_NAMESIZE];
	uint32_t pan;
	uint32_t port_count;
	uint32_t entry_count;
	struct pswc_addr local4;	/* the PAN's own; family 0 when unset */
	struct pswc_addr local6;
	uint8_t accept;			/* enum psw_accept */
	unsigned int nflood;
	struct pswc_flood_member *flood;	/* nflood members */
	struct pswc_stats stats;
};

/*
 * An entry as the kernel reports it, and as pswc_entry_add() sends it
 * (which uses sw_ifname, pan, mac, mode and the mode's arguments).
 */
struct pswc_entry {
	uint32_t sw_ifindex;
	char sw_ifname[IF_NAMESIZE];
	uint32_t pan;
	uint8_t mac[PSWC_ETH_ALEN];
	uint8_t mode;			/* enum psw_mode */
	uint8_t origin;			/* enum psw_origin */
	uint32_t port_ifindex;		/* PSW_MODE_LOCAL only, else 0 */
	char port_ifname[IF_NAMESIZE];	/* PSW_MODE_LOCAL */
	bool has_ext_mac;		/* xlate; local: the port has one */
	uint8_t ext_mac[PSWC_ETH_ALEN];
	uint8_t encap;			/* PSW_MODE_ENCAP: enum psw_encap */
	struct pswc_addr remote;		/* PSW_MODE_ENCAP */
};

/*
 * A neighbour of a PAN's table (the ARP/ND proxy's, since 1.2): addr
 * (AF_INET or AF_INET6) answers to mac.
 */
struct pswc_neigh {
	uint32_t sw_ifindex;
	char sw_ifname[IF_NAMESIZE];
	uint32_t pan;
	struct pswc_addr addr;
	uint8_t mac[PSWC_ETH_ALEN];
};

enum pswc_object {
	PSWC_OBJ_SWITCH,
	PSWC_OBJ_PORT,
	PSWC_OBJ_PAN,
	PSWC_OBJ_ENTRY,
	PSWC_OBJ_LOST,	/* not an object: notifications were lost (overrun) */
	PSWC_OBJ_NEIGH,	/* since 1.2 */
	PSWC_OBJ_MOVE,	/* an event: a learned MAC moved (since 1.4) */
	PSWC_OBJ_TENANT,	/* since 1.7 */
	PSWC_OBJ_MCAST,	/* a PAN joined or left its group (since 1.9) */
};

/*
 * A tenant map entry (since 1.7): {oui (if has_oui), vlan (if not 0)} ->
 * pan. The OUI is the first three bytes of a MAC as a number.
 */
struct pswc_tenant {
	uint32_t sw_ifindex;
	char sw_ifname[IF_NAMESIZE];
	bool has_oui;
	uint32_t oui;
	uint16_t vlan;			/* 1..4094; 0: none */
	uint32_t pan;
};

/* A place a learned MAC is sent to: encapsulation and remote. */
struct pswc_place {
	uint8_t encap;			/* enum psw_encap */
	struct pswc_addr remote;
};

/* PSW_CMD_MOVE, on the events group (pswc_events_start()). */
struct pswc_move {
	uint32_t sw_ifindex;
	char sw_ifname[IF_NAMESIZE];
	uint32_t pan;
	uint8_t mac[PSWC_ETH_ALEN];
	struct pswc_place from;
	struct pswc_place to;
	uint64_t seq;			/* per PAN, one more per move */
};

/*
 * PSW_CMD_MCAST_JOIN or PSW_CMD_MCAST_LEAVE (since 1.9): a PAN of a switch
 * became, or stopped being, a member of its multicast group, joined on
 * the underlay device dev_ifindex (dev_ifname "" if it is gone).
 */
struct pswc_mcast_member {
	uint32_t sw_ifindex;
	char sw_ifname[IF_NAMESIZE];
	uint32_t pan;
	struct pswc_addr group;		/* IPv4 or IPv6 */
	uint32_t dev_ifindex;
	char dev_ifname[IF_NAMESIZE];
};

/*
 * A notification. is_new: a NEW command (and PSW_CMD_MCAST_JOIN); is_set: a change to an object
 * that stays (PSW_CMD_SWITCH_SET, PSW_CMD_PORT_SET, PSW_CMD_PAN_SET,
 * PSW_CMD_FLOOD_NEW and PSW_CMD_FLOOD_DEL, the last three carrying the
 * PAN); neither: a DEL. Entries a port installs follow its NEW; entries
 * removed with a port or a PAN come before its DEL; a switch's DEL stands
 * for everything in it (the uapi header's "Notifications").
 */
struct pswc_event {
	uint8_t cmd;			/* the PSW_CMD_* that made the change */
	bool is_new;
	bool is_set;
	enum pswc_object obj;
	union {
		struct pswc_switch sw;
		struct pswc_port port;
		struct pswc_pan pan;
		struct pswc_entry entry;
		struct pswc_neigh neigh;	/* since 1.2 */
		struct pswc_move move;		/* PSWC_OBJ_MOVE, since 1.4 */
		struct pswc_tenant tenant;	/* since 1.7 */
		struct pswc_mcast_member mcast;	/* PSWC_OBJ_MCAST, since 1.9 */
	} u;
};

typedef int (*pswc_switch_cb)(const struct pswc_switch *sw, void *arg);
typedef int (*pswc_port_cb)(const struct pswc_port *port, void *arg);
typedef int (*pswc_pan_cb)(const struct pswc_pan *pan, void *arg);
typedef int (*pswc_entry_cb)(const struct pswc_entry *entry, void *arg);
typedef int (*pswc_event_cb)(const struct pswc_event *ev, void *arg);

/* The library's version, "MAJOR.MINOR.PATCH" (PSWC_VERSION when built) */
const char *pswc_version(void);

/* Handle */
struct pswc_handle *pswc_open(struct pswc_error *err);
void pswc_close(struct pswc_handle *h);
int pswc_fd(const struct pswc_handle *h);
uint32_t pswc_family_version(const struct pswc_handle *h);
bool pswc_dump_inconsistent(const struct pswc_handle *h);
const struct pswc_error *pswc_last_error(const struct pswc_handle *h);
int pswc_error_format(const struct pswc_error *e, char *buf, size_t len);

/* Switches */
int pswc_switch_new(struct pswc_handle *h, const char *name);
int pswc_switch_del(struct pswc_handle *h, const char *name);
int pswc_switch_get(struct pswc_handle *h, const char *name,
		    struct pswc_switch *out);
int pswc_switch_dump(struct pswc_handle *h, pswc_switch_cb cb, void *arg);
/* Free the lists a get function allocated in sw and zero it */
void pswc_switch_clear(struct pswc_switch *sw);
/*
 * A switch device's link details, read over rtnetlink (RTM_GETLINK of
 * device name; IFLA_INFO_KIND and the IFLA_PANSWITCH_* attributes of
 * IFLA_INFO_DATA, see "Link details" in the uapi header): what
 * "ip -d link show" prints with panswitch's iproute2 plugin
 * (tools/iproute2).
 * Fails with ENODEV if there is no such device and EINVAL if it is no
 * panswitch device.
 */
struct pswc_switch_link {
	uint32_t ifindex;
	struct pswc_addr underlay4;	/* family 0 when unset */
	struct pswc_addr underlay6;
	uint16_t vxlan_port;		/* 0 if the kernel sent none */
	bool has_counts;		/* the kernel sent the two */
	uint32_t pans;
	uint32_t ports;
};
int pswc_switch_link_get(struct pswc_handle *h, const char *name,
			 struct pswc_switch_link *out);
/*
 * The underlay and the limits, in one request (PSW_CMD_SWITCH_SET): the
 * kernel applies all of it or nothing. NULL / 0: left as it is. local4
 * must be AF_INET and local6 AF_INET6; all zeroes clears the address.
 * Setting a local6 address first creates the namespace's collect-metadata
 * ip6gretap device PSW_NVGRE6_IFNAME over rtnetlink (the kernel adopts it
 * for NVGRE over IPv6 and cannot create it itself); it is deleted again if
 * the kernel refuses the request. An existing one is left alone.
 */
struct pswc_switch_conf {
	const struct pswc_addr *local4;
	const struct pswc_addr *local6;
	uint16_t vxlan_port;
	uint32_t max_pans;		/* 1..PSW_PAN_ID_MAX */
	uint32_t max_entries;		/* 1..PSW_ENTRIES_MAX */
	/*
	 * set_ext_prefix: the external MAC range becomes
	 * ext_prefix/ext_prefix_len (8..48), or none if ext_prefix_len is 0.
	 */
	bool set_ext_prefix;
	uint8_t ext_prefix[PSWC_ETH_ALEN];
	uint8_t ext_prefix_len;
};

int pswc_switch_configure(struct pswc_handle *h, const char *name,
			  const struct pswc_switch_conf *conf);
/* The underlay only: pswc_switch_configure() without limits. */
int pswc_switch_set(struct pswc_handle *h, const char *name,
		    const struct pswc_addr *local4,
		    const struct pswc_addr *local6, uint16_t vxlan_port);

/*
 * Ports. pswc_port_add() sends p's sw_ifname, ifname, role and: vm, pan,
 * macs (nmacs 0: the device's own address is used) and ext_mac if
 * has_ext_mac; uplink, vlan if not 0. pswc_port_new() is the same with
 * arguments: macs may be NULL (nmacs 0), ext_mac NULL for none.
 */
int pswc_port_add(struct pswc_handle *h, const struct pswc_port *p);
int pswc_port_new(struct pswc_handle *h, const char *sw, const char *dev,
		  enum psw_port_role role, uint32_t pan,
		  const uint8_t (*macs)[PSWC_ETH_ALEN], unsigned int nmacs,
		  const uint8_t *ext_mac);
/*
 * A vm port's policy (PSW_CMD_PORT_SET): security and lldp are 1 (on),
 * 0 (off) or -1 (left as it is); at least one of them is not -1.
 */
int pswc_port_set(struct pswc_handle *h, const char *sw, const char *dev,
		  int security, int lldp);
int pswc_port_del(struct pswc_handle *h, const char *sw, const char *dev);
int pswc_port_get(struct pswc_handle *h, const char *sw, const char *dev,
		  struct pswc_port *out);
int pswc_port_dump(struct pswc_handle *h, const char *sw /* NULL: all */,
		   pswc_port_cb cb, void *arg);
void pswc_port_clear(struct pswc_port *p);	/* after pswc_port_get() */

/* PANs */
int pswc_pan_new(struct pswc_handle *h, const char *sw, uint32_t pan);
int pswc_pan_del(struct pswc_handle *h, const char *sw, uint32_t pan);
int pswc_pan_get(struct pswc_handle *h, const char *sw, uint32_t pan,
		 struct pswc_pan *out);
int pswc_pan_dump(struct pswc_handle *h, const char *sw /* NULL: all */,
		  pswc_pan_cb cb, void *arg);
void pswc_pan_clear(struct pswc_pan *pan);	/* after pswc_pan_get() */
/*
 * PSW_CMD_PAN_SET: the PAN's own local addresses, like pswc_switch_set(),
 * and which tunnel arrivals it accepts (enum psw_accept; -1: left as it
 * is); at least one of local4, local6, accept.
 */
int pswc_pan_set(struct pswc_handle *h, const char *sw, uint32_t pan,
		 const struct pswc_addr *local4, const struct pswc_addr *local6,
		 int accept);
/*
 * A PAN's miss handling: what it does with a unicast frame from a vm port
 * to a MAC with no entry (PSW_A_MISS) and its miss counters
 * (PSW_A_MISS_STATS). struct pswc_pan, fixed within ABI 1, does not hold
 * them: pswc_pan_miss_get() and pswc_pan_miss_dump() return each PAN with
 * its struct pswc_pan_miss, from the same message (since 1.1).
 */
struct pswc_pan_miss {
	bool present;			/* the kernel sent the miss policy */
	uint8_t miss;			/* enum psw_miss */
	bool has_anycast;		/* the PAN has an anycast gateway: */
	uint8_t anycast_mac[PSWC_ETH_ALEN];	/* its MAC */
	struct pswc_flood_member anycast_via;	/* the uplink, or a remote */
	uint64_t flood;			/* misses flooded */
	uint64_t drop;			/* misses dropped */
	uint64_t anycast;		/* misses sent to the anycast gateway */
};

typedef int (*pswc_pan_miss_cb)(const struct pswc_pan *pan,
				const struct pswc_pan_miss *miss, void *arg);

/* pswc_pan_get() with the miss handling; pswc_pan_clear(out) after it */
int pswc_pan_miss_get(struct pswc_handle *h, const char *sw, uint32_t pan,
		      struct pswc_pan *out, struct pswc_pan_miss *miss);
int pswc_pan_miss_dump(struct pswc_handle *h, const char *sw /* NULL: all */,
		       pswc_pan_miss_cb cb, void *arg);

/*
 * What pswc_pan_set_miss() changes, in one request: -1, NULL or false
 * leaves it as it is. The anycast gateway is anycast_mac with
 * anycast_via (both, or neither), or removed with anycast_clear.
 */
struct pswc_miss_conf {
	int miss;			/* enum psw_miss, or -1 */
	const uint8_t *anycast_mac;	/* PSWC_ETH_ALEN bytes */
	const struct pswc_flood_member *anycast_via;
	bool anycast_clear;
};

/* PSW_CMD_PAN_SET of the miss handling; at least one thing to set */
int pswc_pan_set_miss(struct pswc_handle *h, const char *sw, uint32_t pan,
		      const struct pswc_miss_conf *conf);

/*
 * A PAN's ARP/ND proxy (since 1.2): whether it is on (PSW_A_PROXY), its
 * neighbour table's size and limit hits, and its counters. Like the miss
 * handling, not in struct pswc_pan: pswc_pan_proxy_get() and
 * pswc_pan_proxy_dump() return each PAN with its miss handling and its
 * proxy, from the same message.
 */
struct pswc_pan_proxy {
	bool present;			/* the kernel sent PSW_A_PROXY */
	bool proxy;			/* on */
	uint32_t neigh_count;		/* neighbours in the PAN's table */
	uint64_t neigh_limit_hits;	/* neigh-new refused by the limit */
	uint64_t reply;			/* requests answered */
	uint64_t miss;			/* requests for unknown addresses */
};

typedef int (*pswc_pan_proxy_cb)(const struct pswc_pan *pan,
				 const struct pswc_pan_miss *miss,
				 const struct pswc_pan_proxy *proxy,
				 void *arg);

/* pswc_pan_miss_get() with the proxy; pswc_pan_clear(out) after it */
int pswc_pan_proxy_get(struct pswc_handle *h, const char *sw, uint32_t pan,
		       struct pswc_pan *out, struct pswc_pan_miss *miss,
		       struct pswc_pan_proxy *proxy);
int pswc_pan_proxy_dump(struct pswc_handle *h, const char *sw /* NULL: all */,
			pswc_pan_proxy_cb cb, void *arg);
/* PSW_CMD_PAN_SET of PSW_A_PROXY: the PAN's proxy on or off */
int pswc_pan_set_proxy(struct pswc_handle *h, const char *sw, uint32_t pan,
		       bool on);

/*
 * Neighbours (PSW_CMD_NEIGH_*, since 1.2): addr is AF_INET or AF_INET6.
 * pswc_neigh_add() with replace changes the MAC of one that exists.
 */
typedef int (*pswc_neigh_cb)(const struct pswc_neigh *n, void *arg);

int pswc_neigh_add(struct pswc_handle *h, const char *sw, uint32_t pan,
		   const struct pswc_addr *addr,
		   const uint8_t mac[PSWC_ETH_ALEN], bool replace);
int pswc_neigh_del(struct pswc_handle *h, const char *sw, uint32_t pan,
		   const struct pswc_addr *addr);
int pswc_neigh_get(struct pswc_handle *h, const char *sw, uint32_t pan,
		   const struct pswc_addr *addr, struct pswc_neigh *out);
int pswc_neigh_dump(struct pswc_handle *h, const char *sw /* NULL: all */,
		    uint32_t pan /* 0: all */, pswc_neigh_cb cb, void *arg);

/*
 * Miss notify (since 1.3): a PAN's hold queue, its bounds
 * (PSW_A_HOLD_FRAMES, PSW_A_HOLD_DESTS, PSW_A_HOLD_TIME) and the counters
 * of PSW_A_MISS_STATS that struct pswc_pan_miss (fixed in 1.1) does not
 * hold. pswc_pan_hold_get() and pswc_pan_hold_dump() return each PAN with
 * its miss handling, its proxy (as pswc_pan_proxy_get() does) and its hold
 * queue, from the same message.
 */
struct pswc_pan_hold {
	bool present;			/* the kernel sent the bounds */
	uint32_t frames;		/* held per destination at most */
	uint32_t dests;			/* destinations held at most */
	uint32_t time_ms;		/* how long a frame is held at most */
	uint64_t notify;		/* misses under miss notify */
	uint64_t events;		/* miss events sent */
	uint64_t lost;			/* miss events lost */
	uint64_t released;		/* held frames sent on */
	uint64_t timeout;		/* held frames dropped at time_ms */
	uint64_t overflow;		/* frames not held: the queue was full */
	uint64_t held;			/* frames held now */
};

typedef int (*pswc_pan_hold_cb)(const struct pswc_pan *pan,
				const struct pswc_pan_miss *miss,
				const struct pswc_pan_proxy *proxy,
				const struct pswc_pan_hold *hold, void *arg);

/*
 * pswc_pan_proxy_get() with the hold queue; pswc_pan_clear(out) after
 * it
 */
int pswc_pan_hold_get(struct pswc_handle *h, const char *sw, uint32_t pan,
		      struct pswc_pan *out, struct pswc_pan_miss *miss,
		      struct pswc_pan_proxy *proxy,
		      struct pswc_pan_hold *hold);
int pswc_pan_hold_dump(struct pswc_handle *h, const char *sw /* NULL: all */,
		       pswc_pan_hold_cb cb, void *arg);

/* What pswc_pan_set_hold() changes; -1 leaves a bound as it is */
struct pswc_hold_conf {
	int64_t frames;			/* 1..PSW_HOLD_FRAMES_MAX */
	int64_t dests;			/* 1..PSW_HOLD_DESTS_MAX */
	int64_t time_ms;		/* 1..PSW_HOLD_TIME_MAX */
};

/* PSW_CMD_PAN_SET of the hold queue's bounds; at least one */
int pswc_pan_set_hold(struct pswc_handle *h, const char *sw, uint32_t pan,
		      const struct pswc_hold_conf *conf);

/*
 * A miss event (PSW_CMD_MISS on the "events" group, since 1.3): a frame
 * of a PAN with miss notify from a vm port to a MAC with no entry. lost:
 * not an event, events were lost (the socket's receive buffer overran).
 */
struct pswc_miss_event {
	bool lost;
	uint32_t sw_ifindex;
	char sw_ifname[IF_NAMESIZE];
	uint32_t pan;
	uint32_t port_ifindex;
	char port_ifname[IF_NAMESIZE];
	uint8_t src_mac[PSWC_ETH_ALEN];
	uint8_t dst_mac[PSWC_ETH_ALEN];
	struct pswc_addr dst_ip;	/* ARP/NS target or IP destination;
					 * family 0: none
					 */
};

typedef int (*pswc_miss_cb)(const struct pswc_miss_event *ev, void *arg);

/*
 * Miss events, like pswc_monitor(): pswc_miss_monitor() joins the
 * "events" group (the kernel requires CAP_NET_ADMIN) and calls cb for
 * every miss until cb returns nonzero or an error occurs; or
 * pswc_miss_monitor_start() once, then pswc_miss_monitor_recv() whenever
 * pswc_fd() is readable. A handle used for them is used for nothing else.
 */
int pswc_miss_monitor_start(struct pswc_handle *h);
int pswc_miss_monitor_recv(struct pswc_handle *h, pswc_miss_cb cb, void *arg);
int pswc_miss_monitor(struct pswc_handle *h, pswc_miss_cb cb, void *arg);

/*
 * A PAN's learning (since 1.4): whether it learns encap entries from its
 * tunnel arrivals (PSW_A_LEARNING), their ageing time and limit, and its
 * learning counters (PSW_A_LEARN_STATS). Like the miss handling, outside
 * struct pswc_pan: pswc_pan_learn_get() and _dump() return each PAN with
 * its struct pswc_pan_learn, from the same message.
 */
struct pswc_pan_learn {
	bool present;			/* the kernel sent the learning setting */
	bool learning;
	uint32_t ageing;		/* seconds */
	uint32_t learn_max;
	uint64_t count;			/* learned entries now */
	uint64_t learned;		/* entries learned */
	uint64_t limit;			/* not learned: learn-max reached */
	uint64_t stat;			/* not learned: a static entry */
	uint64_t moves;			/* learned entries moved */
	uint64_t frozen;		/* moves refused by damping */
	uint64_t aged;			/* learned entries aged out */
};

typedef int (*pswc_pan_learn_cb)(const struct pswc_pan *pan,
				 const struct pswc_pan_learn *learn, void *arg);

/* pswc_pan_get() with the learning; pswc_pan_clear(out) after it */
int pswc_pan_learn_get(struct pswc_handle *h, const char *sw, uint32_t pan,
		       struct pswc_pan *out, struct pswc_pan_learn *learn);
int pswc_pan_learn_dump(struct pswc_handle *h, const char *sw /* NULL: all */,
			pswc_pan_learn_cb cb, void *arg);

/* What pswc_pan_set_learn() changes: -1 leaves it as it is */
struct pswc_learn_conf {
	int learning;			/* 0, 1 or -1 */
	int64_t ageing;			/* seconds, or -1 */
	int64_t learn_max;		/* or -1 */
};

/* PSW_CMD_PAN_SET of the learning; at least one thing to set */
int pswc_pan_set_learn(struct pswc_handle *h, const char *sw, uint32_t pan,
		       const struct pswc_learn_conf *conf);

/*
 * An entry with its age (since 1.4): age is the seconds since a learned
 * entry's last arrival, -1 for other entries.
 */
typedef int (*pswc_entry_age_cb)(const struct pswc_entry *entry, int64_t age,
				 void *arg);
int pswc_entry_age_get(struct pswc_handle *h, const char *sw, uint32_t pan,
		       const uint8_t mac[PSWC_ETH_ALEN], struct pswc_entry *out,
		       int64_t *age);
int pswc_entry_age_dump(struct pswc_handle *h, const char *sw /* NULL: all */,
			uint32_t pan /* 0: all */, pswc_entry_age_cb cb,
			void *arg);

/*
 * A PAN's underlay IP multicast group (PSW_A_MCAST, since 1.6), which
 * entry dumps also show as the PAN's mcast entry (mode PSW_MODE_MCAST,
 * origin PSW_ORIGIN_PAN, MAC ff:ff:ff:ff:ff:ff, encap and remote the
 * group's). Like the miss handling, outside struct pswc_pan:
 * pswc_pan_mcast_get() and pswc_pan_mcast_dump() return each PAN with its
 * group, from the same message.
 */
struct pswc_pan_mcast {
	bool has_group;			/* the PAN has a group: */
	struct pswc_addr group;		/* IPv4 or IPv6 */
	uint8_t encap;			/* enum psw_encap */
	uint8_t ttl;			/* 1..255 */
	bool joined;			/* the switch is a member of it */
	bool has_stats;			/* the kernel sent the counters: */
	uint64_t tx;			/* copies sent to the group */
	uint64_t rx;			/* arrivals on it delivered */
};

typedef int (*pswc_pan_mcast_cb)(const struct pswc_pan *pan,
				 const struct pswc_pan_mcast *mcast, void *arg);

/* pswc_pan_get() with the group; pswc_pan_clear(out) after it */
int pswc_pan_mcast_get(struct pswc_handle *h, const char *sw, uint32_t pan,
		       struct pswc_pan *out, struct pswc_pan_mcast *mcast);
int pswc_pan_mcast_dump(struct pswc_handle *h, const char *sw /* NULL: all */,
			pswc_pan_mcast_cb cb, void *arg);

/*
 * What pswc_pan_set_mcast() sets: the group (encap -1: the kernel's
 * default, vxlan; ttl -1: PSW_MCAST_TTL_DEFAULT), or, with clear, no group.
 */
struct pswc_mcast_conf {
	const struct pswc_addr *group;
	int encap;			/* enum psw_encap, or -1 */
	int ttl;			/* 0..255 (0 is the kernel's to refuse), or -1 */
	bool clear;
};

/*
 * Since 1.9: the same with the milliseconds since the PAN last joined or
 * left its group, or since the group was set (PSW_A_MCAST_SINCE); -1 when
 * the PAN has no group or the kernel did not say.
 */
typedef int (*pswc_pan_mcast_since_cb)(const struct pswc_pan *pan,
				       const struct pswc_pan_mcast *mcast,
				       int64_t since_ms, void *arg);
int pswc_pan_mcast_since_get(struct pswc_handle *h, const char *sw,
			     uint32_t pan, struct pswc_pan *out,
			     struct pswc_pan_mcast *mcast, int64_t *since_ms);
int pswc_pan_mcast_since_dump(struct pswc_handle *h,
			      const char *sw /* NULL: all */,
			      pswc_pan_mcast_since_cb cb, void *arg);

/* PSW_CMD_PAN_SET of the multicast group */
int pswc_pan_set_mcast(struct pswc_handle *h, const char *sw, uint32_t pan,
		       const struct pswc_mcast_conf *conf);

/*
 * EtherIP tenancy and inter-tenant multicast (since 1.10): how EtherIP
 * arrivals name a PAN (form: enum psw_etherip, PSW_ETHERIP_ADDR by its
 * pan-addr or PSW_ETHERIP_OUI by the inner source OUI), and the PAN's
 * rules copying its frames to a group into another PAN. The list is
 * the library's: pswc_pan_etherip_clear() after a get.
 */
struct pswc_mcast_share {
	struct pswc_addr group;		/* IPv4 or IPv6 multicast */
	uint32_t target;		/* the PAN that gets a copy */
	uint64_t copies;		/* since the PAN's rules last changed */
};

struct pswc_pan_etherip {
	uint8_t form;			/* enum psw_etherip */
	unsigned int nshare;
	struct pswc_mcast_share *share;	/* nshare rules */
};

/* pswc_pan_get() with both; pswc_pan_clear(out), then the clear below */
int pswc_pan_etherip_get(struct pswc_handle *h, const char *sw, uint32_t pan,
			 struct pswc_pan *out, struct pswc_pan_etherip *eo);
void pswc_pan_etherip_clear(struct pswc_pan_etherip *eo);
/* PSW_CMD_PAN_SET of PSW_A_ETHERIP */
int pswc_pan_set_etherip(struct pswc_handle *h, const char *sw, uint32_t pan,
			 uint8_t form);
/* PSW_CMD_PAN_SET adding (or with del, removing) a rule */
int pswc_pan_mcast_share(struct pswc_handle *h, const char *sw, uint32_t pan,
			 const struct pswc_addr *group, uint32_t target,
			 bool del);

/* Add or remove a flood list member (PSW_CMD_FLOOD_NEW / _DEL) */
int pswc_flood_new(struct pswc_handle *h, const char *sw, uint32_t pan,
		   const struct pswc_flood_member *m);
int pswc_flood_del(struct pswc_handle *h, const char *sw, uint32_t pan,
		   const struct pswc_flood_member *m);

/*
 * Entries. pswc_entry_add() sends e's key (sw_ifname, pan, mac) and
 * e->mode with the mode's arguments: local e->port_ifname (or, if that is
 * empty, e->port_ifindex), xlate e->ext_mac if e->has_ext_mac, encap
 * e->encap and e->remote (AF_INET: PSW_A_REMOTE4, AF_INET6: PSW_A_REMOTE6).
 * pswc_entry_new() is the same for local (dev) and drop entries.
 */
int pswc_entry_add(struct pswc_handle *h, const struct pswc_entry *e,
		   bool replace);
int pswc_entry_new(struct pswc_handle *h, const char *sw, uint32_t pan,
		   const uint8_t mac[PSWC_ETH_ALEN], enum psw_mode mode,
		   const char *dev, bool replace);
int pswc_entry_del(struct pswc_handle *h, const char *sw, uint32_t pan,
		   const uint8_t mac[PSWC_ETH_ALEN]);
int pswc_entry_get(struct pswc_handle *h, const char *sw, uint32_t pan,
		   const uint8_t mac[PSWC_ETH_ALEN], struct pswc_entry *out);
int pswc_entry_dump(struct pswc_handle *h, const char *sw /* NULL: all */,
		    uint32_t pan /* 0: all */, pswc_entry_cb cb, void *arg);
void pswc_entry_clear(struct pswc_entry *e);	/* after pswc_entry_get() */

/*
 * Notifications. pswc_monitor() joins the "notify" group and calls cb for
 * every event until cb returns nonzero (returned) or an error occurs.
 * For event loops: pswc_monitor_start() once, then pswc_monitor_recv()
 * whenever pswc_fd() is readable (it blocks until one read is processed).
 */
int pswc_monitor_start(struct pswc_handle *h);
int pswc_monitor_recv(struct pswc_handle *h, pswc_event_cb cb, void *arg);
int pswc_monitor(struct pswc_handle *h, pswc_event_cb cb, void *arg);
/*
 * Join the "events" group too (CAP_NET_ADMIN): pswc_monitor_recv() then
 * also delivers PSWC_OBJ_MOVE events (since 1.4).
 */
int pswc_events_start(struct pswc_handle *h);

/* Names and addresses (NULL for values this library does not know) */
const char *pswc_role_name(unsigned int role);
const char *pswc_mode_name(unsigned int mode);
/* "vxlan", "nvgre", "etherip" */
const char *pswc_encap_name(unsigned int encap);
const char *pswc_origin_name(unsigned int origin);
const char *pswc_accept_name(unsigned int accept);	/* "remotes", "any" */
const char *pswc_etherip_name(unsigned int form);	/* "addr", "oui" */
/* "flood", "drop", "notify", "anycast" (since 1.1) */
const char *pswc_miss_name(unsigned int miss);
const char *pswc_drop_reason_name(unsigned int reason);
/* s->drops[reason], 0 beyond what the kernel sent */
uint64_t pswc_stats_drop(const struct pswc_stats *s, unsigned int reason);
const char *pswc_attr_name(unsigned int type);
int pswc_mac_parse(const char *s, uint8_t mac[PSWC_ETH_ALEN]);
char *pswc_mac_format(const uint8_t mac[PSWC_ETH_ALEN],
		      char buf[PSWC_MAC_STRLEN]);
/* IPv4 or IPv6 (inet_pton); -EINVAL if s is neither */
int pswc_addr_parse(const char *s, struct pswc_addr *out);
char *pswc_addr_format(const struct pswc_addr *a, char buf[PSWC_ADDR_STRLEN]);
bool pswc_addr_is_zero(const struct pswc_addr *a);

/*
 * The tenant map and trunk ports (since 1.7). A key is an OUI (oui not
 * NULL) and/or a VLAN id (vlan 1..4094; -1: none; other values are sent
 * as they are, for the kernel to refuse). pswc_pan_set_oui() is
 * PSW_CMD_PAN_SET with PSW_A_OUI: the entry {oui, no VLAN} -> pan.
 * struct pswc_port, fixed within ABI 1, has no classification:
 * pswc_port_trunk_get() and pswc_port_trunk_dump() return each port with
 * it (enum psw_classify; 0 for a port that is no trunk).
 */
typedef int (*pswc_tenant_cb)(const struct pswc_tenant *t, void *arg);
typedef int (*pswc_port_trunk_cb)(const struct pswc_port *port,
				  uint8_t classify, void *arg);

int pswc_tenant_add(struct pswc_handle *h, const char *sw,
		    const uint32_t *oui, int vlan, uint32_t pan);
int pswc_tenant_del(struct pswc_handle *h, const char *sw,
		    const uint32_t *oui, int vlan);
int pswc_tenant_get(struct pswc_handle *h, const char *sw,
		    const uint32_t *oui, int vlan,
		    struct pswc_tenant *out);
int pswc_tenant_dump(struct pswc_handle *h, const char *sw /* NULL: all */,
		     uint32_t pan /* 0: all */, pswc_tenant_cb cb, void *arg);
int pswc_pan_set_oui(struct pswc_handle *h, const char *sw, uint32_t pan,
		     uint32_t oui);
int pswc_port_trunk_new(struct pswc_handle *h, const char *sw,
			const char *dev, uint8_t classify);
int pswc_port_trunk_get(struct pswc_handle *h, const char *sw,
			const char *dev, struct pswc_port *out,
			uint8_t *classify);
int pswc_port_trunk_dump(struct pswc_handle *h, const char *sw,
			 pswc_port_trunk_cb cb, void *arg);

/*
 * Port security's allow list (since 1.8). A vm port may send from its own
 * MACs and its allow list's; with port security on, an entry's address
 * (addr.family AF_INET or AF_INET6; 0: the MAC alone) is a pair the
 * port's ARP (IPv4) or ND (IPv6) may claim. At most PSW_PORT_ALLOW_MAX
 * entries. struct pswc_port, fixed within ABI 1, has no list:
 * pswc_port_ext_get() and pswc_port_ext_dump() return each port with a
 * struct pswc_port_ext (its allow list, allocated: pswc_port_ext_clear()
 * after a get; a dump's are freed after its callback returns).
 *
 * pswc_port_set_policy() is PSW_CMD_PORT_SET: security and lldp 1, 0 or
 * -1 (left as they are); nallow -1 leaves the list as it is, 0 clears it
 * (allow may be NULL), N > 0 replaces it with allow[0..N-1]. At least one
 * of the three is given.
 */
struct pswc_port_allow {
	uint8_t mac[PSWC_ETH_ALEN];
	struct pswc_addr addr;		/* family 0: the MAC alone */
};

struct pswc_port_ext {
	uint8_t classify;		/* trunk ports (enum psw_classify); 0 */
	bool has_allow;			/* vm ports: the kernel sent the list */
	unsigned int nallow;
	struct pswc_port_allow *allow;	/* nallow entries, or NULL */
};

typedef int (*pswc_port_ext_cb)(const struct pswc_port *port,
				const struct pswc_port_ext *ext, void *arg);

int pswc_port_set_policy(struct pswc_handle *h, const char *sw,
			 const char *dev, int security, int lldp,
			 const struct pswc_port_allow *allow, int nallow);
int pswc_port_ext_get(struct pswc_handle *h, const char *sw, const char *dev,
		      struct pswc_port *out, struct pswc_port_ext *ext);
int pswc_port_ext_dump(struct pswc_handle *h, const char *sw /* NULL: all */,
		       pswc_port_ext_cb cb, void *arg);
void pswc_port_ext_clear(struct pswc_port_ext *ext);

/*
 * Tep ports (the VNID tag toward a tunnel end point). pswc_port_tep_new()
 * attaches dev as a tep port whose tag has TPID tpid (0: the kernel's
 * default, PSW_TEP_TPID_DEFAULT). struct pswc_port and struct
 * pswc_port_ext, fixed within ABI 1, have no TPID: pswc_port_tep_get()
 * and pswc_port_tep_dump() return each port with its struct
 * pswc_port_ext (as pswc_port_ext_get() does: pswc_port_ext_clear()
 * after a get) and its TPID (0 for a port that is no tep port).
 */
typedef int (*pswc_port_tep_cb)(const struct pswc_port *port,
				const struct pswc_port_ext *ext,
				uint16_t tpid, void *arg);

int pswc_port_tep_new(struct pswc_handle *h, const char *sw,
		      const char *dev, uint16_t tpid);
int pswc_port_tep_get(struct pswc_handle *h, const char *sw, const char *dev,
		      struct pswc_port *out, struct pswc_port_ext *ext,
		      uint16_t *tpid);
int pswc_port_tep_dump(struct pswc_handle *h, const char *sw /* NULL: all */,
		       pswc_port_tep_cb cb, void *arg);

/*
 * Isolated ports and the switch's VLAN pool (since 1.10; seed 001). A
 * switch's pool is first..last (1..4094; first 0: the switch has none),
 * used of its VLANs held by isolated vm ports. struct pswc_switch, fixed
 * within ABI 1, has no pool: pswc_switch_pool_get() and
 * pswc_switch_pool_dump() return each switch with it. An isolated vm
 * port's VLAN is struct pswc_port's vlan (0: the vm port is not
 * isolated).
 *
 * pswc_switch_set_vlan_pool() is PSW_CMD_SWITCH_SET with the pool (0, 0
 * removes it). pswc_port_set_isolated() is PSW_CMD_PORT_SET with
 * PSW_A_ISOLATED on (1) or off (0) and, with on, the VLAN asked for
 * (vlan 1..4094; 0: the pool's lowest free one). A local port holding
 * that VLAN is moved to a free one (a migration keeps the arriving VM's
 * VLAN), and announced before the port.
 */
struct pswc_vlan_pool {
	uint16_t first;			/* 0: no pool */
	uint16_t last;
	uint32_t used;			/* VLANs held by isolated ports */
};

typedef int (*pswc_switch_pool_cb)(const struct pswc_switch *sw,
				   const struct pswc_vlan_pool *pool,
				   void *arg);

int pswc_switch_pool_get(struct pswc_handle *h, const char *name,
			 struct pswc_switch *out, struct pswc_vlan_pool *pool);
int pswc_switch_pool_dump(struct pswc_handle *h, pswc_switch_pool_cb cb,
			  void *arg);
int pswc_switch_set_vlan_pool(struct pswc_handle *h, const char *sw,
			      int first, int last);
int pswc_port_set_isolated(struct pswc_handle *h, const char *sw,
			   const char *dev, int on, int vlan);

/*
 * Encapsulation negotiation and probes (since 1.10). A remote object is
 * what the switch at an underlay address supports (encaps, in no
 * particular order); the switch's own list (pswc_switch_set_encaps(),
 * default vxlan, nvgre, etherip) is its preference. PSW_ENCAP_AUTO as an
 * entry's (pswc_entry_add()) or flood member's encap picks the first of
 * the switch's list that the remote's has; pswc_entry_auto_get() and
 * _dump() and pswc_pan_flood_auto() say which were chosen so.
 * pswc_remote_probe() starts a probe (timeout_ms 0: the kernel's
 * default) and returns at once; pswc_remote_get() gives the results
 * (PSW_PROBE_PENDING until the timeout has passed).
 *
 * The lists (a remote's encaps and probe results, a switch's encaps) are
 * the library's, as long as the kernel sends them, never truncated:
 * pswc_remote_clear() after pswc_remote_get(), pswc_switch_nego_clear()
 * after pswc_switch_nego_get() (on failure too: harmless). A remote
 * handed to a pswc_remote_dump() callback is the library's and valid
 * until the callback returns. Requests (pswc_remote_add(), _set(),
 * pswc_switch_set_encaps()) only read the caller's list of n (at least
 * 1) entries; the kernel refuses a list it does not take.
 */
struct pswc_probe_result {
	uint8_t encap;			/* enum psw_encap */
	uint8_t state;			/* enum psw_probe_state */
	uint32_t size;			/* the largest outer packet answered */
};

struct pswc_remote {
	uint32_t sw_ifindex;
	char sw_ifname[IF_NAMESIZE];
	struct pswc_addr addr;
	unsigned int nencaps;
	uint8_t *encaps;		/* nencaps, enum psw_encap */
	int64_t probe_age;		/* ms since the last probe, -1: never */
	unsigned int nprobe;
	struct pswc_probe_result *probe;	/* nprobe results */
};

struct pswc_switch_nego {
	char sw_ifname[IF_NAMESIZE];
	unsigned int nencaps;
	uint8_t *encaps;		/* nencaps: the switch's preference */
	uint32_t remote_count;
	uint64_t remote_limit_hits;
	uint64_t probe_sent;		/* enum psw_probe_stats_attr */
	uint64_t probe_replies;
	uint64_t probe_requests;
	uint64_t probe_answered;
	uint64_t probe_dropped;
};

typedef int (*pswc_remote_cb)(const struct pswc_remote *r, void *arg);
typedef int (*pswc_entry_auto_cb)(const struct pswc_entry *entry,
				  int64_t age, bool encap_auto, void *arg);

int pswc_remote_add(struct pswc_handle *h, const char *sw,
		    const struct pswc_addr *addr, const uint8_t *encaps,
		    size_t n);
int pswc_remote_set(struct pswc_handle *h, const char *sw,
		    const struct pswc_addr *addr, const uint8_t *encaps,
		    size_t n);
int pswc_remote_del(struct pswc_handle *h, const char *sw,
		    const struct pswc_addr *addr);
int pswc_remote_get(struct pswc_handle *h, const char *sw,
		    const struct pswc_addr *addr, struct pswc_remote *out);
void pswc_remote_clear(struct pswc_remote *r);	/* after pswc_remote_get() */
int pswc_remote_dump(struct pswc_handle *h, const char *sw /* NULL: all */,
		     pswc_remote_cb cb, void *arg);
int pswc_remote_probe(struct pswc_handle *h, const char *sw,
		      const struct pswc_addr *addr, uint32_t timeout_ms);
int pswc_switch_set_encaps(struct pswc_handle *h, const char *sw,
			   const uint8_t *encaps, size_t n);
int pswc_switch_nego_get(struct pswc_handle *h, const char *sw,
			 struct pswc_switch_nego *out);
/* after pswc_switch_nego_get() */
void pswc_switch_nego_clear(struct pswc_switch_nego *x);
int pswc_entry_auto_get(struct pswc_handle *h, const char *sw, uint32_t pan,
			const uint8_t mac[PSWC_ETH_ALEN],
			struct pswc_entry *out, int64_t *age,
			bool *encap_auto);
int pswc_entry_auto_dump(struct pswc_handle *h, const char *sw, uint32_t pan,
			 pswc_entry_auto_cb cb, void *arg);
int pswc_pan_flood_auto(struct pswc_handle *h, const char *sw, uint32_t pan,
			bool *autos, size_t max, size_t *n);

#endif /* _LIBPANSWITCH_H */
