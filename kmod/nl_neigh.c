// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink requests on the PANs' neighbour tables (the ARP/ND proxy's):
 * neigh-new, neigh-del, neigh-get (and its dump); the neighbour's message.
 */
#include <net/genetlink.h>

#include "compat.h"
#include "nl_core.h"

/* A neighbour is immutable (a replace makes a new one). */
int psw_fill_neigh(struct sk_buff *skb, const struct psw_neigh *n,
		   const struct psw_msg *m)
{
	void *hdr = psw_msg_start(skb, m);
	int err;

	if (!hdr)
		return -EMSGSIZE;
	if (psw_put_switch_id(skb, n->pan->sw) ||
	    nla_put_u32(skb, PSW_A_PAN_ID, n->key.pan))
		goto cancel;
	if (n->key.family == AF_INET)
		err = nla_put_in_addr(skb, PSW_A_NEIGH_IP4,
				      n->key.ip.s6_addr32[0]);
	else
		err = nla_put_in6_addr(skb, PSW_A_NEIGH_IP6, &n->key.ip);
	if (err || nla_put(skb, PSW_A_MAC, ETH_ALEN, n->mac))
		goto cancel;
	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/*
 * Dump cursor: cb->args[1] the PAN, cb->args[2] the neighbours of it sent
 * so far. A change between callbacks flags the dump inconsistent (the
 * reader restarts it), so resuming by position is enough.
 */
static int psw_dump_neighs(struct sk_buff *skb, struct netlink_callback *cb,
			   struct psw_switch *sw, struct psw_msg *m)
{
	u32 only = psw_dump_pan_id(cb);
	struct psw_neigh *n;
	struct psw_pan *pan;
	unsigned long id;
	long skip;
	int err;

	xa_for_each_start(&sw->pans, id, pan, cb->args[1]) {
		if (only && id != only)
			continue;
		if (id != cb->args[1])
			cb->args[2] = 0;
		cb->args[1] = id;
		skip = cb->args[2];
		list_for_each_entry(n, &pan->neighs, pan_node) {
			if (skip-- > 0)
				continue;
			err = psw_fill_neigh(skb, n, m);
			if (err)
				return err;
			cb->args[2]++;
		}
	}
	return 0;
}

int psw_nl_neigh_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return psw_dump(skb, cb, psw_dump_neighs, PSW_CMD_NEIGH_GET);
}

/*
 * The PAN and address every neighbour request names: *@family and @ip
 * (16 bytes of room), and the address's attribute.
 */
static int psw_nl_neigh_key(struct genl_info *info, struct psw_pan **pan,
			    u8 *family, void *ip, struct nlattr **attr)
{
	struct nlattr **attrs = info->attrs;

	*pan = psw_nl_pan(info->user_ptr[0], attrs, info->extack);
	if (IS_ERR(*pan))
		return PTR_ERR(*pan);
	if (attrs[PSW_A_NEIGH_IP4] && attrs[PSW_A_NEIGH_IP6]) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[PSW_A_NEIGH_IP6],
				    "give one neighbour address, IPv4 or IPv6");
		return -EINVAL;
	}
	if (attrs[PSW_A_NEIGH_IP4]) {
		*attr = attrs[PSW_A_NEIGH_IP4];
		*family = AF_INET;
	} else if (attrs[PSW_A_NEIGH_IP6]) {
		*attr = attrs[PSW_A_NEIGH_IP6];
		*family = AF_INET6;
	} else {
		NL_SET_ERR_MSG(info->extack, "neighbour address missing");
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, PSW_A_NEIGH_IP4);
		return -EINVAL;
	}
	memcpy(ip, nla_data(*attr), nla_len(*attr));
	return 0;
}

int psw_nl_neigh_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	bool replace = nla_get_flag(attrs[PSW_A_REPLACE]);
	struct in6_addr ip = {};
	struct nlattr *attr;
	struct psw_pan *pan;
	u8 family;
	int err;

	err = psw_nl_neigh_key(info, &pan, &family, &ip, &attr);
	if (err)
		return err;
	if (!psw_neigh_ip_ok(family, &ip, info->extack, attr))
		return -EINVAL;
	if (!PSW_REQUIRE(info, PSW_A_MAC, "MAC missing"))
		return -EINVAL;
	err = psw_neigh_add(pan, family, &ip, nla_data(attrs[PSW_A_MAC]),
			    replace, info->extack);
	if (err) {
		if (err == -EINVAL)
			NL_SET_BAD_ATTR(info->extack, attrs[PSW_A_MAC]);
		else if (err == -EEXIST)
			NL_SET_BAD_ATTR(info->extack, attr);
		return err;
	}
	psw_notify_neigh(psw_neigh_find(pan->sw, pan->id, family, &ip),
			 PSW_CMD_NEIGH_NEW, GFP_KERNEL);
	return 0;
}

static struct psw_neigh *psw_nl_neigh(struct genl_info *info)
{
	struct in6_addr ip = {};
	struct psw_neigh *n;
	struct nlattr *attr;
	struct psw_pan *pan;
	u8 family;
	int err;

	err = psw_nl_neigh_key(info, &pan, &family, &ip, &attr);
	if (err)
		return ERR_PTR(err);
	n = psw_neigh_find(pan->sw, pan->id, family, &ip);
	if (!n) {
		NL_SET_ERR_MSG_ATTR(info->extack, attr, "no such neighbour");
		return ERR_PTR(-ENOENT);
	}
	return n;
}

int psw_nl_neigh_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct psw_neigh *n = psw_nl_neigh(info);

	if (IS_ERR(n))
		return PTR_ERR(n);
	psw_notify_neigh(n, PSW_CMD_NEIGH_DEL, GFP_KERNEL);
	psw_neigh_del(n);
	return 0;
}

int psw_nl_neigh_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct psw_neigh *n = psw_nl_neigh(info);

	if (IS_ERR(n))
		return PTR_ERR(n);
	return psw_reply(info, PSW_OBJ_NEIGH, n);
}
