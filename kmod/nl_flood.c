// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink requests on flood lists: flood-new, flood-del; the flood list
 * in a PAN's message.
 */
#include <net/genetlink.h>

#include "compat.h"
#include "nl_core.h"

/* The PAN's flood list, an RCU list: under RTNL or RCU. */
int psw_put_flood(struct sk_buff *skb, const struct psw_pan *pan)
{
	const struct psw_flood *f;
	struct nlattr *list, *member;

	list = nla_nest_start(skb, PSW_A_FLOOD);
	if (!list)
		return -EMSGSIZE;
	list_for_each_entry_rcu(f, &pan->flood, node, lockdep_rtnl_is_held()) {
		member = nla_nest_start(skb, PSW_A_FLOOD_MEMBER);
		if (!member)
			return -EMSGSIZE;
		if (f->uplink ? nla_put_flag(skb, PSW_A_UPLINK) :
				psw_put_remote(skb, &f->remote))
			return -EMSGSIZE;
		nla_nest_end(skb, member);
	}
	nla_nest_end(skb, list);
	return 0;
}

/* The flood list member a FLOOD_NEW or FLOOD_DEL request names. */
static int psw_nl_flood(struct genl_info *info, struct psw_pan **pan,
			bool *uplink, struct psw_remote *r)
{
	struct nlattr **attrs = info->attrs;
	struct psw_switch *sw = info->user_ptr[0];

	*pan = psw_nl_pan(sw, attrs, info->extack);
	if (IS_ERR(*pan))
		return PTR_ERR(*pan);
	*uplink = nla_get_flag(attrs[PSW_A_UPLINK]);
	memset(r, 0, sizeof(*r));
	if (!*uplink)
		return psw_nl_remote(sw, attrs, r, info->extack);
	if (attrs[PSW_A_ENCAP] || attrs[PSW_A_REMOTE4] ||
	    attrs[PSW_A_REMOTE6]) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[PSW_A_UPLINK],
				    "a flood member is the uplink or a remote, not both");
		return -EINVAL;
	}
	return 0;
}

int psw_nl_flood_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct psw_remote r;
	struct psw_pan *pan;
	bool uplink;
	int err;

	err = psw_nl_flood(info, &pan, &uplink, &r);
	if (err)
		return err;
	if (uplink && !rtnl_dereference(pan->sw->uplink)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[PSW_A_UPLINK],
				    "the switch has no uplink port");
		return -ENOLINK;
	}
	err = psw_flood_add(pan, uplink, &r, info->extack);
	if (err)
		return err;
	psw_notify_pan(pan, PSW_CMD_FLOOD_NEW, GFP_KERNEL);
	return 0;
}

int psw_nl_flood_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct psw_flood *f;
	struct psw_remote r;
	struct psw_pan *pan;
	bool uplink;
	int err;

	err = psw_nl_flood(info, &pan, &uplink, &r);
	if (err == -EAFNOSUPPORT)
		err = 0;	/* deleting needs no local address */
	if (err)
		return err;
	f = psw_flood_find(pan, uplink, &r);
	if (!f) {
		NL_SET_ERR_MSG(info->extack, "not a member of the flood list");
		return -ENOENT;
	}
	psw_flood_del(pan, f);
	psw_notify_pan(pan, PSW_CMD_FLOOD_DEL, GFP_KERNEL);
	return 0;
}
