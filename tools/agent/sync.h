/* SPDX-License-Identifier: GPL-2.0 */
#ifndef _AGENT_SYNC_H
#define _AGENT_SYNC_H

#include "apply.h"

struct sync_result {
	unsigned int changes;		/* kernel requests that changed state */
	unsigned int errors;
	char first_error[512];
	char pending[1024];		/* " dev dev": desired ports whose
					 * device does not exist (yet) */
	unsigned int npending;
	unsigned int ports, entries, pans;	/* desired, now in place */
};

/*
 * Make the switch what want says, in place: everything new is loaded
 * first, what is stale is removed after (an entry is replaced atomically,
 * never deleted and re-added), and nothing already right is touched. A
 * failed request is reported and the rest goes on; the next sync retries.
 */
void sync_switch(struct kapi *k, const struct ctl_host_state *want,
		 struct sync_result *res);

#endif
