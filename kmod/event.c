// SPDX-License-Identifier: GPL-2.0
/*
 * The events group, PSW_MCGRP_EVENTS: what the packet path reports
 * (misses from miss.c; learned entries and MAC moves when they come). The
 * helpers here are the one way to send on it, from any context: an event
 * is allocated with GFP_ATOMIC, built only while someone listens, and its
 * sender counts what it could not send (see "Events" in the uapi header
 * and DOC: Locking in psw.h).
 */
#include <net/genetlink.h>

#include "nl_core.h"

/* Does a socket of @net listen on the events group? Any context. */
bool psw_event_has_listeners(const struct net *net)
{
	return genl_has_listeners(&psw_genl_family, (struct net *)net,
				  PSW_NL_MCGRP_EVENTS);
}

/**
 * psw_event_new() - start an event
 * @payload: the attributes' size (nla_total_size() of each)
 * @cmd: the event's command
 * @hdr: set to its generic netlink header, for psw_event_send()
 *
 * Context: any; allocates with GFP_ATOMIC.
 * Return: the message, or NULL (no memory: the caller counts it lost).
 */
struct sk_buff *psw_event_new(size_t payload, u8 cmd, void **hdr)
{
	struct sk_buff *skb = genlmsg_new(payload, GFP_ATOMIC);

	if (!skb)
		return NULL;
	*hdr = genlmsg_put(skb, 0, 0, &psw_genl_family, 0, cmd);
	if (!*hdr) {
		nlmsg_free(skb);
		return NULL;
	}
	return skb;
}

/**
 * psw_event_send() - send an event built after psw_event_new()
 * @net: the namespace whose listeners get it
 * @skb: the message; consumed
 * @hdr: its header, from psw_event_new()
 *
 * Context: any.
 * Return: 0 when it was delivered or nobody listens any more, else a
 * negative errno (-ENOBUFS: a listener's socket was full); the caller
 * counts that event lost.
 */
int psw_event_send(struct net *net, struct sk_buff *skb, void *hdr)
{
	int err;

	genlmsg_end(skb, hdr);
	err = genlmsg_multicast_netns(&psw_genl_family, net, skb, 0,
				      PSW_NL_MCGRP_EVENTS, GFP_ATOMIC);
	return err == -ESRCH ? 0 : err;
}
