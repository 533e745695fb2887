// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink requests on remote objects: remote-new, remote-del, remote-get
 * (and its dump), remote-set, remote-probe; the remote's message and the
 * switch's negotiation attributes (switch-get).
 */
#include <net/genetlink.h>
#include <net/ipv6.h>

#include "compat.h"
#include "nl_core.h"
#include "remote.h"

static int psw_put_probe(struct sk_buff *skb, const struct psw_rmt *r)
{
	unsigned long deadline = READ_ONCE(r->deadline);
	struct nlattr *nest, *res;
	u8 state, encap;
	u32 size;
	int i;

	if (!READ_ONCE(r->nprobed))
		return 0;
	if (nla_put_u32(skb, PSW_A_PROBE_AGE,
			jiffies_to_msecs(jiffies - READ_ONCE(r->started))))
		return -EMSGSIZE;
	nest = nla_nest_start(skb, PSW_A_PROBE_RESULTS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < READ_ONCE(r->nprobed); i++) {
		encap = READ_ONCE(r->probed[i]);
		size = READ_ONCE(r->size[encap]);
		if (size)
			state = PSW_PROBE_OK;
		else if (time_before(jiffies, deadline))
			state = PSW_PROBE_PENDING;
		else
			state = PSW_PROBE_NO_ANSWER;
		res = nla_nest_start(skb, PSW_A_PROBE_RESULT);
		if (!res || nla_put_u8(skb, PSW_A_ENCAP, encap) ||
		    nla_put_u8(skb, PSW_A_PROBE_STATE, state) ||
		    (size && nla_put_u32(skb, PSW_A_PROBE_SIZE, size)))
			return -EMSGSIZE;
		nla_nest_end(skb, res);
	}
	nla_nest_end(skb, nest);
	return 0;
}

/* RTNL or RCU; the object outlives the call (kfree_rcu). */
static int psw_fill_remote(struct sk_buff *skb, const struct psw_rmt *r,
			   const struct psw_switch *sw, const struct psw_msg *m)
{
	void *hdr = psw_msg_start(skb, m);

	if (!hdr)
		return -EMSGSIZE;
	if (psw_put_switch_id(skb, sw))
		goto cancel;
	if (r->family == AF_INET ?
	    nla_put_in_addr(skb, PSW_A_REMOTE4, r->ip.ip4) :
	    nla_put_in6_addr(skb, PSW_A_REMOTE6, &r->ip.ip6))
		goto cancel;
	if (nla_put(skb, PSW_A_ENCAPS, r->nencaps, r->encaps) ||
	    psw_put_probe(skb, r))
		goto cancel;
	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/* switch-get's encaps, remote-count, remote-limit-hits, probe-stats */
int psw_nego_fill_switch(struct sk_buff *skb, const struct psw_switch *sw)
{
	const struct psw_nego *ng = sw->nego;

	if (nla_put(skb, PSW_A_ENCAPS, READ_ONCE(ng->nencaps), ng->encaps) ||
	    nla_put_u32(skb, PSW_A_REMOTE_COUNT, READ_ONCE(ng->nremotes)) ||
	    nla_put_u64_64bit(skb, PSW_A_REMOTE_LIMIT_HITS,
			      READ_ONCE(ng->limit_hits), PSW_A_PAD))
		return -EMSGSIZE;
	return psw_probe_fill_stats(skb, sw);
}

static void psw_notify_remote(struct psw_switch *sw, const struct psw_rmt *r,
			      u8 cmd)
{
	struct psw_msg m = { .cmd = cmd };
	struct sk_buff *skb;

	if (!psw_notify_listening(sw))
		return;
	skb = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!skb)
		return;
	if (psw_fill_remote(skb, r, sw, &m)) {
		nlmsg_free(skb);
		return;
	}
	genlmsg_multicast_netns(&psw_genl_family, dev_net(sw->dev), skb, 0,
				PSW_NL_MCGRP_NOTIFY, GFP_KERNEL);
}

static int psw_dump_remotes(struct sk_buff *skb, struct netlink_callback *cb,
			    struct psw_switch *sw, struct psw_msg *m)
{
	struct psw_rmt *r;
	long idx = 0;
	int err;

	list_for_each_entry(r, &sw->nego->list, node) {
		if (idx++ < cb->args[1])
			continue;
		err = psw_fill_remote(skb, r, sw, m);
		if (err)
			return err;
		cb->args[1] = idx;
	}
	return 0;
}

int psw_nl_remote_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return psw_dump(skb, cb, psw_dump_remotes, PSW_CMD_REMOTE_GET);
}

/* The address a request names: PSW_A_REMOTE4 or PSW_A_REMOTE6, unicast. */
static int psw_nl_rmt_addr(struct psw_switch *sw, struct genl_info *info,
			   u8 *family, union psw_ip *ip)
{
	const struct psw_underlay *u = rtnl_dereference(sw->underlay);
	struct nlattr **attrs = info->attrs;
	struct nlattr *attr;

	memset(ip, 0, sizeof(*ip));
	if (attrs[PSW_A_REMOTE4] && attrs[PSW_A_REMOTE6]) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[PSW_A_REMOTE6],
				    "give one remote address, IPv4 or IPv6");
		return -EINVAL;
	}
	if (attrs[PSW_A_REMOTE4]) {
		attr = attrs[PSW_A_REMOTE4];
		*family = AF_INET;
		ip->ip4 = nla_get_in_addr(attr);
	} else if (attrs[PSW_A_REMOTE6]) {
		attr = attrs[PSW_A_REMOTE6];
		*family = AF_INET6;
		ip->ip6 = nla_get_in6_addr(attr);
	} else {
		NL_SET_ERR_MSG(info->extack, "remote address missing");
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, PSW_A_REMOTE4);
		return -EINVAL;
	}
	if (!psw_ip_valid(*family, ip, info->extack, attr))
		return -EINVAL;
	if (*family == AF_INET ? ip->ip4 == u->local4 :
				 ipv6_addr_equal(&ip->ip6, &u->local6)) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "the remote is the switch's own underlay address");
		return -EINVAL;
	}
	return 0;
}

static struct psw_rmt *psw_nl_rmt(struct psw_switch *sw,
				  struct genl_info *info)
{
	union psw_ip ip;
	struct psw_rmt *r;
	u8 family;
	int err;

	err = psw_nl_rmt_addr(sw, info, &family, &ip);
	if (err)
		return ERR_PTR(err);
	r = psw_rmt_find(sw, family, &ip);
	if (!r) {
		NL_SET_ERR_MSG(info->extack, "no remote object for this address");
		return ERR_PTR(-ENOENT);
	}
	return r;
}

int psw_nl_remote_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct psw_switch *sw = info->user_ptr[0];
	u8 encaps[PSW_NENCAPS], n, family;
	union psw_ip ip;
	int err;

	if (!PSW_REQUIRE(info, PSW_A_ENCAPS,
			 "encapsulations missing (encaps vxlan,nvgre,etherip)"))
		return -EINVAL;
	err = psw_nl_rmt_addr(sw, info, &family, &ip) ?:
	      psw_nego_parse(info->attrs[PSW_A_ENCAPS], encaps, &n,
			     info->extack) ?:
	      psw_rmt_add(sw, family, &ip, encaps, n, info->extack);
	if (err)
		return err;
	psw_notify_remote(sw, psw_rmt_find(sw, family, &ip),
			  PSW_CMD_REMOTE_NEW);
	return 0;
}

int psw_nl_remote_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct psw_switch *sw = info->user_ptr[0];
	u8 encaps[PSW_NENCAPS], n;
	struct psw_rmt *r;
	int err;

	if (!PSW_REQUIRE(info, PSW_A_ENCAPS,
			 "encapsulations missing (encaps vxlan,nvgre,etherip)"))
		return -EINVAL;
	r = psw_nl_rmt(sw, info);
	if (IS_ERR(r))
		return PTR_ERR(r);
	err = psw_nego_parse(info->attrs[PSW_A_ENCAPS], encaps, &n,
			     info->extack) ?:
	      psw_rmt_set(sw, r, encaps, n, info->extack);
	if (err)
		return err;
	psw_notify_remote(sw, r, PSW_CMD_REMOTE_SET);
	return 0;
}

int psw_nl_remote_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct psw_switch *sw = info->user_ptr[0];
	struct psw_rmt *r = psw_nl_rmt(sw, info);
	int err;

	if (IS_ERR(r))
		return PTR_ERR(r);
	err = psw_rmt_del(sw, r, info->extack);
	if (err)
		return err;
	/* Unlinked, not yet freed: announced as it was. */
	psw_notify_remote(sw, r, PSW_CMD_REMOTE_DEL);
	kfree_rcu(r, rcu);
	return 0;
}

int psw_nl_remote_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct psw_switch *sw = info->user_ptr[0];
	struct psw_rmt *r = psw_nl_rmt(sw, info);
	struct sk_buff *msg;
	struct psw_msg m = {
		.portid = info->snd_portid, .seq = info->snd_seq,
		.cmd = PSW_CMD_REMOTE_GET,
	};
	int err;

	if (IS_ERR(r))
		return PTR_ERR(r);
	msg = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!msg)
		return -ENOMEM;
	err = psw_fill_remote(msg, r, sw, &m);
	if (err) {
		nlmsg_free(msg);
		return err;
	}
	return genlmsg_reply(msg, info);
}

int psw_nl_remote_probe_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct psw_switch *sw = info->user_ptr[0];
	struct psw_rmt *r = psw_nl_rmt(sw, info);
	u32 timeout = PSW_PROBE_TIMEOUT_DEFAULT;

	if (IS_ERR(r))
		return PTR_ERR(r);
	if (info->attrs[PSW_A_PROBE_TIMEOUT])
		timeout = nla_get_u32(info->attrs[PSW_A_PROBE_TIMEOUT]);
	return psw_probe_start(sw, r, timeout, info->extack);
}
