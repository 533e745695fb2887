// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink requests on switches: switch-new, switch-del, switch-get (and
 * its dump), switch-set; the switch's message.
 */
#include <net/genetlink.h>
#include <net/ipv6.h>

#include "compat.h"
#include "nl_core.h"
#include "remote.h"

/*
 * The switch's counters and limits are read once each (READ_ONCE), so that
 * the message can be built under RCU while a writer holds RTNL.
 */
int psw_fill_switch(struct sk_buff *skb, const struct psw_switch *sw,
		    const struct psw_msg *m)
{
	const struct psw_underlay *u = rcu_dereference_rtnl(sw->underlay);
	u64 ext_prefix = READ_ONCE(sw->ext_prefix);
	void *hdr = psw_msg_start(skb, m);
	u8 prefix[ETH_ALEN], len;

	if (!hdr)
		return -EMSGSIZE;
	if (psw_put_switch_id(skb, sw) ||
	    nla_put_u32(skb, PSW_A_PAN_COUNT, READ_ONCE(sw->npans)) ||
	    nla_put_u32(skb, PSW_A_PORT_COUNT, READ_ONCE(sw->nports)) ||
	    nla_put_u32(skb, PSW_A_ENTRY_COUNT, READ_ONCE(sw->nentries)) ||
	    nla_put_u16(skb, PSW_A_VXLAN_PORT, u->vxlan_port) ||
	    nla_put_u32(skb, PSW_A_MAX_PANS, READ_ONCE(sw->max_pans)) ||
	    nla_put_u32(skb, PSW_A_MAX_ENTRIES, READ_ONCE(sw->max_entries)) ||
	    nla_put_u64_64bit(skb, PSW_A_PAN_LIMIT_HITS,
			      READ_ONCE(sw->pan_limit_hits), PSW_A_PAD) ||
	    nla_put_u64_64bit(skb, PSW_A_ENTRY_LIMIT_HITS,
			      READ_ONCE(sw->entry_limit_hits), PSW_A_PAD))
		goto cancel;
	if (u->local4 && nla_put_in_addr(skb, PSW_A_LOCAL4, u->local4))
		goto cancel;
	if (!ipv6_addr_any(&u->local6) &&
	    nla_put_in6_addr(skb, PSW_A_LOCAL6, &u->local6))
		goto cancel;
	if (ext_prefix) {
		psw_ext_prefix_unpack(ext_prefix, prefix, &len);
		if (nla_put(skb, PSW_A_EXT_PREFIX, ETH_ALEN, prefix) ||
		    nla_put_u8(skb, PSW_A_EXT_PREFIX_LEN, len))
			goto cancel;
	}
	if (psw_vlan_pool_fill(skb, sw) || psw_stats_fill(skb, sw->stats) ||
	    psw_nego_fill_switch(skb, sw))
		goto cancel;
	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int psw_dump_switch(struct sk_buff *skb, struct netlink_callback *cb,
			   struct psw_switch *sw, struct psw_msg *m)
{
	return psw_fill_switch(skb, sw, m);
}

int psw_nl_switch_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return psw_dump(skb, cb, psw_dump_switch, PSW_CMD_SWITCH_GET);
}

/* --- Switch -------------------------------------------------------------- */

int psw_nl_switch_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct psw_switch *sw;

	if (!PSW_REQUIRE(info, PSW_A_IFNAME, "switch name missing"))
		return -EINVAL;
	sw = psw_switch_create(genl_info_net(info),
			       nla_data(info->attrs[PSW_A_IFNAME]),
			       info->extack);
	return PTR_ERR_OR_ZERO(sw);
}

int psw_nl_switch_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	psw_switch_delete(info->user_ptr[0]);
	return 0;
}

int psw_nl_switch_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	return psw_reply(info, PSW_OBJ_SWITCH, info->user_ptr[0]);
}

/* --- Underlay, PAN addresses and flood lists ----------------------------- */

/*
 * The limit in attrs[@type], or @cur if it is not given. A limit may not
 * go below @count, what the switch holds already.
 */
static int psw_nl_limit(struct genl_info *info, int type, unsigned int count,
			unsigned int cur, unsigned int *limit)
{
	struct nlattr *attr = info->attrs[type];

	*limit = attr ? nla_get_u32(attr) : cur;
	if (*limit >= count)
		return 0;
	if (type == PSW_A_MAX_PANS)
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "max-pans is below the number of PANs the switch has");
	else
		NL_SET_ERR_MSG_ATTR(info->extack, attr,
				    "max-entries is below the number of entries the switch has");
	return -ERANGE;
}

int psw_nl_switch_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct psw_switch *sw = info->user_ptr[0];
	unsigned int max_pans, max_entries;
	struct psw_vlan_pool *pool = NULL;
	u16 pool_first = 0, pool_last = 0;
	struct in6_addr local6;
	u8 encaps[3], nencaps = 0;
	u64 prefix = 0;
	__be32 local4;
	u16 port = 0;
	int err;

	if (!attrs[PSW_A_LOCAL4] && !attrs[PSW_A_LOCAL6] &&
	    !attrs[PSW_A_VXLAN_PORT] && !attrs[PSW_A_MAX_PANS] &&
	    !attrs[PSW_A_MAX_ENTRIES] && !attrs[PSW_A_EXT_PREFIX_LEN] &&
	    !attrs[PSW_A_VLAN_POOL_FIRST] && !attrs[PSW_A_VLAN_POOL_LAST] &&
	    !attrs[PSW_A_ENCAPS]) {
		NL_SET_ERR_MSG(info->extack,
			       "nothing to set (underlay, underlay6, VXLAN port, max-pans, max-entries, external MAC prefix, VLAN pool or encaps)");
		return -EINVAL;
	}
	/* The range is checked first: the underlay change cannot be undone. */
	if (attrs[PSW_A_EXT_PREFIX_LEN]) {
		if (nla_get_u8(attrs[PSW_A_EXT_PREFIX_LEN]) &&
		    !PSW_REQUIRE(info, PSW_A_EXT_PREFIX,
				 "external MAC prefix missing"))
			return -EINVAL;
		err = psw_ext_prefix_check(sw, attrs[PSW_A_EXT_PREFIX] ?
					   nla_data(attrs[PSW_A_EXT_PREFIX]) :
					   NULL,
					   nla_get_u8(attrs[PSW_A_EXT_PREFIX_LEN]),
					   &prefix, info->extack);
		if (err) {
			NL_SET_BAD_ATTR(info->extack, attrs[PSW_A_EXT_PREFIX]);
			return err;
		}
	} else if (attrs[PSW_A_EXT_PREFIX]) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[PSW_A_EXT_PREFIX],
				    "external MAC prefix without its length");
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, PSW_A_EXT_PREFIX_LEN);
		return -EINVAL;
	}
	/* The limits are checked first and applied last: they cannot fail. */
	err = psw_nl_limit(info, PSW_A_MAX_PANS, sw->npans, sw->max_pans,
			   &max_pans) ?:
	      psw_nl_limit(info, PSW_A_MAX_ENTRIES, sw->nentries,
			   sw->max_entries, &max_entries);
	if (err)
		return err;
	/* The preference too: checked first, applied last. */
	if (attrs[PSW_A_ENCAPS]) {
		err = psw_nego_check_switch(sw, attrs[PSW_A_ENCAPS], encaps,
					    &nencaps, info->extack);
		if (err)
			return err;
	}
	/* The pool too: checked (and allocated) first, applied last. */
	if (attrs[PSW_A_VLAN_POOL_FIRST] || attrs[PSW_A_VLAN_POOL_LAST]) {
		if (!PSW_REQUIRE(info, PSW_A_VLAN_POOL_FIRST,
				 "the VLAN pool's first VLAN is missing") ||
		    !PSW_REQUIRE(info, PSW_A_VLAN_POOL_LAST,
				 "the VLAN pool's last VLAN is missing"))
			return -EINVAL;
		pool_first = nla_get_u16(attrs[PSW_A_VLAN_POOL_FIRST]);
		pool_last = nla_get_u16(attrs[PSW_A_VLAN_POOL_LAST]);
		err = psw_vlan_pool_check(sw, pool_first, pool_last, &pool,
					  info->extack);
		if (err) {
			NL_SET_BAD_ATTR(info->extack,
					attrs[PSW_A_VLAN_POOL_FIRST]);
			return err;
		}
	}
	if (attrs[PSW_A_LOCAL4])
		local4 = nla_get_in_addr(attrs[PSW_A_LOCAL4]);
	if (attrs[PSW_A_LOCAL6])
		local6 = nla_get_in6_addr(attrs[PSW_A_LOCAL6]);
	if (attrs[PSW_A_VXLAN_PORT])
		port = nla_get_u16(attrs[PSW_A_VXLAN_PORT]);

	if (attrs[PSW_A_LOCAL4] || attrs[PSW_A_LOCAL6] || port) {
		err = psw_switch_set_underlay(sw,
					      attrs[PSW_A_LOCAL4] ? &local4 : NULL,
					      attrs[PSW_A_LOCAL6] ? &local6 : NULL,
					      port, info->extack);
		if (err) {
			kvfree(pool);
			return err;
		}
	}
	if (attrs[PSW_A_EXT_PREFIX_LEN])
		psw_ext_prefix_set(sw, prefix);
	if (attrs[PSW_A_VLAN_POOL_FIRST])
		psw_vlan_pool_apply(sw, pool_first, pool_last, pool);
	sw->max_pans = max_pans;
	psw_table_set_max(sw, max_entries);
	if (nencaps)
		psw_nego_apply_switch(sw, encaps, nencaps);
	psw_changed(sw);
	psw_notify_switch(sw, PSW_CMD_SWITCH_SET, GFP_KERNEL);
	return 0;
}
