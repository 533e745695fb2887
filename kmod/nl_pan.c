// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink requests on PANs: pan-new, pan-del, pan-get (and its dump),
 * pan-set (the PAN's addresses and accept mode); the PAN's message.
 */
#include <net/genetlink.h>
#include <net/ipv6.h>

#include "compat.h"
#include "nl_core.h"

/* Under RTNL or RCU: the counts are read once, the addresses by RCU. */
int psw_fill_pan(struct sk_buff *skb, const struct psw_pan *pan,
		 const struct psw_msg *m)
{
	const struct psw_pan_addr *a4, *a6;
	void *hdr = psw_msg_start(skb, m);
	struct psw_stats sum;

	if (!hdr)
		return -EMSGSIZE;
	if (psw_put_switch_id(skb, pan->sw) ||
	    nla_put_u32(skb, PSW_A_PAN_ID, pan->id) ||
	    nla_put_u32(skb, PSW_A_PORT_COUNT, READ_ONCE(pan->nports)) ||
	    nla_put_u32(skb, PSW_A_ENTRY_COUNT, READ_ONCE(pan->nentries)))
		goto cancel;
	a4 = rcu_dereference_rtnl(pan->addr[0]);
	a6 = rcu_dereference_rtnl(pan->addr[1]);
	if (a4 && nla_put_in_addr(skb, PSW_A_LOCAL4, a4->key.ip.ip4))
		goto cancel;
	if (a6 && nla_put_in6_addr(skb, PSW_A_LOCAL6, &a6->key.ip.ip6))
		goto cancel;
	if (nla_put_u8(skb, PSW_A_ACCEPT, READ_ONCE(pan->accept)))
		goto cancel;
	psw_pan_stats_read(pan, &sum);
	if (psw_put_flood(skb, pan) || psw_stats_fill_sum(skb, &sum))
		goto cancel;
	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int psw_dump_pans(struct sk_buff *skb, struct netlink_callback *cb,
			 struct psw_switch *sw, struct psw_msg *m)
{
	struct psw_pan *pan;
	unsigned long id;
	int err;

	xa_for_each_start(&sw->pans, id, pan, cb->args[1]) {
		err = psw_fill_pan(skb, pan, m);
		if (err)
			return err;
		cb->args[1] = id + 1;
	}
	return 0;
}

int psw_nl_pan_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return psw_dump(skb, cb, psw_dump_pans, PSW_CMD_PAN_GET);
}

/* --- PAN ----------------------------------------------------------------- */

int psw_nl_pan_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct psw_switch *sw = info->user_ptr[0];
	u32 id;
	int err;

	if (!PSW_REQUIRE(info, PSW_A_PAN_ID, "PAN missing"))
		return -EINVAL;
	id = nla_get_u32(info->attrs[PSW_A_PAN_ID]);
	err = psw_pan_add(sw, id, info->extack);
	if (err) {
		if (err == -EEXIST)
			NL_SET_BAD_ATTR(info->extack, info->attrs[PSW_A_PAN_ID]);
		return err;
	}
	psw_notify_pan(psw_pan_find(sw, id), PSW_CMD_PAN_NEW, GFP_KERNEL);
	return 0;
}

int psw_nl_pan_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct psw_pan *pan;
	int err;

	pan = psw_nl_pan(info->user_ptr[0], info->attrs, info->extack);
	if (IS_ERR(pan))
		return PTR_ERR(pan);
	err = psw_pan_del(pan, info->extack);
	if (err)
		NL_SET_BAD_ATTR(info->extack, info->attrs[PSW_A_PAN_ID]);
	return err;
}

int psw_nl_pan_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct psw_pan *pan;

	pan = psw_nl_pan(info->user_ptr[0], info->attrs, info->extack);
	if (IS_ERR(pan))
		return PTR_ERR(pan);
	return psw_reply(info, PSW_OBJ_PAN, pan);
}

/* May @ip (not yet applied) become a local address of a PAN? */
static int psw_nl_pan_addr_check(struct genl_info *info, struct psw_pan *pan,
				 u8 family, const union psw_ip *ip,
				 struct nlattr *attr)
{
	int err;

	if (family == AF_INET ? !ip->ip4 : ipv6_addr_any(&ip->ip6))
		return 0;	/* clearing */
	if (!psw_ip_valid(family, ip, info->extack, attr))
		return -EINVAL;
	err = psw_pan_check_addr(pan, family, ip, info->extack);
	if (err)
		NL_SET_BAD_ATTR(info->extack, attr);
	return err;
}

int psw_nl_pan_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct psw_pan *pan;
	union psw_ip ip4 = {}, ip6 = {}, old4 = {};
	const struct psw_pan_addr *a4;
	int err;

	pan = psw_nl_pan(info->user_ptr[0], attrs, info->extack);
	if (IS_ERR(pan))
		return PTR_ERR(pan);
	if (!attrs[PSW_A_LOCAL4] && !attrs[PSW_A_LOCAL6] &&
	    !attrs[PSW_A_ACCEPT]) {
		NL_SET_ERR_MSG(info->extack,
			       "nothing to set (the PAN's addresses, pan-addr, or which arrivals it accepts)");
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, PSW_A_LOCAL4);
		return -EINVAL;
	}
	if (attrs[PSW_A_LOCAL4]) {
		ip4.ip4 = nla_get_in_addr(attrs[PSW_A_LOCAL4]);
		err = psw_nl_pan_addr_check(info, pan, AF_INET, &ip4,
					    attrs[PSW_A_LOCAL4]);
		if (err)
			return err;
	}
	if (attrs[PSW_A_LOCAL6]) {
		ip6.ip6 = nla_get_in6_addr(attrs[PSW_A_LOCAL6]);
		err = psw_nl_pan_addr_check(info, pan, AF_INET6, &ip6,
					    attrs[PSW_A_LOCAL6]);
		if (err)
			return err;
	}
	/*
	 * Both are checked above, so what can still fail is an allocation:
	 * if the IPv6 one does, the IPv4 change is undone.
	 */
	a4 = rtnl_dereference(pan->addr[0]);
	if (a4)
		old4.ip4 = a4->key.ip.ip4;
	if (attrs[PSW_A_LOCAL4]) {
		err = psw_pan_set_addr(pan, AF_INET, &ip4, info->extack);
		if (err)
			return err;
	}
	if (attrs[PSW_A_LOCAL6]) {
		err = psw_pan_set_addr(pan, AF_INET6, &ip6, info->extack);
		if (err) {
			if (attrs[PSW_A_LOCAL4])
				psw_pan_set_addr(pan, AF_INET, &old4, NULL);
			return err;
		}
	}
	/* Cannot fail: last, so that a refusal above changed nothing. */
	if (attrs[PSW_A_ACCEPT])
		psw_pan_set_accept(pan, nla_get_u8(attrs[PSW_A_ACCEPT]));
	psw_notify_pan(pan, PSW_CMD_PAN_SET, GFP_KERNEL);
	return 0;
}
