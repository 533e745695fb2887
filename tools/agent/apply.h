/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kapi: what the agent does to the kernel, in the controller's own types
 * (tools/controller/ctl.h). tools/agent/apply.c implements it with
 * libpanswitch and is the only file of the agent that calls the library:
 * a change of the library's API changes that file alone. test-sync.c
 * implements it with a model of the kernel, for the host-side tests.
 */
#ifndef _AGENT_APPLY_H
#define _AGENT_APPLY_H

#include "ctl.h"

struct kapi;

/* A user entry whose mode the desired state never has (drop) */
#define KAPI_MODE_OTHER 100

/*
 * Open the kernel side in the current network namespace. Reads the
 * switch sw into *cur: its underlay and uplink, its PANs with their
 * local addresses, vm ports, user entries (xlate, encap, others) and
 * flood lists. *exists false: no such switch (cur empty).
 */
struct kapi *kapi_open(char *err, size_t errlen);
void kapi_close(struct kapi *k);
const char *kapi_error(struct kapi *k);
int kapi_read(struct kapi *k, const char *sw, struct ctl_host_state *cur,
	      bool *exists);
/* The device exists in the namespace */
bool kapi_dev_exists(struct kapi *k, const char *dev);
/* ... and is up with its carrier (IFF_UP, IFF_RUNNING): it can receive */
bool kapi_dev_ready(struct kapi *k, const char *dev);

int kapi_switch_add(struct kapi *k, const char *sw);
/* Bring the switch's device up (it forwards only while up) */
int kapi_switch_up(struct kapi *k, const char *sw);
/* NULL: leave as is; family 0: clear (family given by which pointer) */
int kapi_switch_set(struct kapi *k, const char *sw,
		    const struct ctl_addr *local4,
		    const struct ctl_addr *local6, uint16_t vxlan_port);
int kapi_uplink_add(struct kapi *k, const char *sw, const char *dev);
int kapi_port_add(struct kapi *k, const char *sw, uint32_t pan,
		  const struct ctl_port *p);
int kapi_port_del(struct kapi *k, const char *sw, const char *dev);
int kapi_pan_add(struct kapi *k, const char *sw, uint32_t pan);
int kapi_pan_del(struct kapi *k, const char *sw, uint32_t pan);
int kapi_pan_set(struct kapi *k, const char *sw, uint32_t pan,
		 const struct ctl_addr *local4,
		 const struct ctl_addr *local6);
/* The hold queue's bounds; 0: the kernel's default */
int kapi_pan_set_hold(struct kapi *k, const char *sw, uint32_t pan,
		      uint32_t frames, uint32_t time_ms);
/* xlate, encap or hold (ext zero: none) */
int kapi_entry_put(struct kapi *k, const char *sw, uint32_t pan,
		   const struct ctl_entry *e, bool replace);
int kapi_entry_del(struct kapi *k, const char *sw, uint32_t pan,
		   const uint8_t mac[CTL_ALEN]);
int kapi_flood_add(struct kapi *k, const char *sw, uint32_t pan,
		   const struct ctl_flood *f);
int kapi_flood_del(struct kapi *k, const char *sw, uint32_t pan,
		   const struct ctl_flood *f);

#endif
