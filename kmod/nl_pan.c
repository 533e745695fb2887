// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink requests on PANs: pan-new, pan-del, pan-get (and its dump),
 * pan-set (the PAN's addresses, accept mode, miss policy, anycast
 * gateway, ARP/ND proxy, learning, multicast group, a tenant map OUI,
 * its EtherIP form and inter-tenant multicast rules); the PAN's
 * message.
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
	u16 vid;

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
	if (nla_put_u8(skb, PSW_A_ACCEPT, READ_ONCE(pan->accept)) ||
	    nla_put_u32(skb, PSW_A_TENANT_COUNT, READ_ONCE(pan->ntenants)))
		goto cancel;
	vid = READ_ONCE(pan->tenant_vid);
	if (vid && nla_put_u16(skb, PSW_A_VLAN, vid))
		goto cancel;
	if (nla_put_u8(skb, PSW_A_ETHERIP, READ_ONCE(pan->etherip)) ||
	    psw_mshare_fill(skb, pan))
		goto cancel;
	psw_pan_stats_read(pan, &sum);
	if (psw_put_flood(skb, pan) || psw_stats_fill_sum(skb, &sum) ||
	    psw_miss_fill(skb, pan) || psw_proxy_fill(skb, pan) ||
	    psw_learn_fill(skb, pan) || psw_mcast_fill(skb, pan))
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

/*
 * The anycast gateway PSW_A_ANYCAST names, checked and prepared (its
 * remote's use taken), not published: *@gw, NULL for an empty nest (no
 * gateway). RTNL.
 */
static int psw_nl_anycast(struct psw_pan *pan, const struct nlattr *nest,
			  struct psw_anycast **gw,
			  struct netlink_ext_ack *extack)
{
	struct psw_switch *sw = pan->sw;
	struct nlattr *tb[PSW_A_MAX + 1];
	bool remote;
	struct psw_remote r;
	const u8 *mac;
	int err;

	*gw = NULL;
	/* Validated by the request's policy (psw_anycast_nl_policy). */
	err = nla_parse_nested(tb, PSW_A_MAX, nest, NULL, extack);
	if (err)
		return err;
	remote = tb[PSW_A_ENCAP] || tb[PSW_A_REMOTE4] || tb[PSW_A_REMOTE6];
	if (!tb[PSW_A_MAC]) {
		if (!tb[PSW_A_UPLINK] && !remote)
			return 0;	/* empty: no gateway */
		NL_SET_ERR_MSG_ATTR(extack, nest,
				    "the anycast gateway needs its MAC");
		NL_SET_ERR_ATTR_MISS(extack, nest, PSW_A_MAC);
		return -EINVAL;
	}
	mac = nla_data(tb[PSW_A_MAC]);
	err = psw_anycast_check(pan, mac, extack, tb[PSW_A_MAC]);
	if (err)
		return err;
	if (tb[PSW_A_UPLINK] && remote) {
		NL_SET_ERR_MSG_ATTR(extack, tb[PSW_A_UPLINK],
				    "the anycast gateway is via the uplink or via a remote, not both");
		return -EINVAL;
	}
	if (tb[PSW_A_UPLINK]) {
		if (!rtnl_dereference(sw->uplink)) {
			NL_SET_ERR_MSG_ATTR(extack, tb[PSW_A_UPLINK],
					    "the switch has no uplink");
			return -ENODEV;
		}
		*gw = psw_anycast_prepare(pan, mac, NULL, extack);
	} else {
		if (!remote) {
			NL_SET_ERR_MSG_ATTR(extack, nest,
					    "the anycast gateway needs a way: the uplink, or encap and a remote");
			NL_SET_ERR_ATTR_MISS(extack, nest, PSW_A_UPLINK);
			return -EINVAL;
		}
		err = psw_nl_remote(sw, tb, &r, extack);
		if (err)
			return err;
		*gw = psw_anycast_prepare(pan, mac, &r, extack);
	}
	if (IS_ERR(*gw)) {
		err = PTR_ERR(*gw);
		*gw = NULL;
		return err;
	}
	return 0;
}

int psw_nl_pan_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct psw_anycast *gw = NULL;
	struct psw_mcast *mc = NULL;
	struct psw_tenant *oui = NULL;
	struct psw_mshare *ms = NULL;
	struct psw_mshare_rule add, del;
	struct psw_pan *pan;
	bool has_addr;
	u8 form;
	union psw_ip ip4 = {}, ip6 = {}, old4 = {};
	u32 ageing, learn_max;
	u8 miss, learning;
	const struct psw_pan_addr *a4;
	int err;

	pan = psw_nl_pan(info->user_ptr[0], attrs, info->extack);
	if (IS_ERR(pan))
		return PTR_ERR(pan);
	if (!attrs[PSW_A_LOCAL4] && !attrs[PSW_A_LOCAL6] &&
	    !attrs[PSW_A_ACCEPT] && !attrs[PSW_A_MISS] &&
	    !attrs[PSW_A_ANYCAST] && !attrs[PSW_A_PROXY] &&
	    !attrs[PSW_A_HOLD_FRAMES] && !attrs[PSW_A_HOLD_DESTS] &&
	    !attrs[PSW_A_HOLD_TIME] && !attrs[PSW_A_LEARNING] &&
	    !attrs[PSW_A_AGEING] && !attrs[PSW_A_LEARN_MAX] &&
	    !attrs[PSW_A_MCAST] && !attrs[PSW_A_OUI] &&
	    !attrs[PSW_A_ETHERIP] && !attrs[PSW_A_MCAST_SHARE_ADD] &&
	    !attrs[PSW_A_MCAST_SHARE_DEL]) {
		NL_SET_ERR_MSG(info->extack,
			       "nothing to set (the PAN's addresses, pan-addr, which arrivals it accepts, its miss policy, hold queue, anycast gateway, proxy, learning, multicast group, tenant OUI, EtherIP form or inter-tenant multicast rules)");
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, PSW_A_LOCAL4);
		return -EINVAL;
	}
	/* The hold queue's bounds: in range by the request's policy. */
	miss = READ_ONCE(pan->miss);
	if (attrs[PSW_A_MISS])
		miss = nla_get_u8(attrs[PSW_A_MISS]);
	/* learning and ageing: their policy's range is all there is. */
	if (attrs[PSW_A_LEARN_MAX]) {
		learn_max = nla_get_u32(attrs[PSW_A_LEARN_MAX]);
		err = psw_learn_check_max(pan, learn_max, info->extack,
					  attrs[PSW_A_LEARN_MAX]);
		if (err)
			return err;
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
	/* EtherIP form: a PAN in OUI form has no pan-addr (etherip_oui.c) */
	form = attrs[PSW_A_ETHERIP] ? nla_get_u8(attrs[PSW_A_ETHERIP]) :
				      pan->etherip;
	has_addr = (attrs[PSW_A_LOCAL4] ? !!ip4.ip4 :
		    !!rtnl_dereference(pan->addr[0])) ||
		   (attrs[PSW_A_LOCAL6] ? !ipv6_addr_any(&ip6.ip6) :
		    !!rtnl_dereference(pan->addr[1]));
	err = psw_etherip_check(pan, form, has_addr, info->extack,
				attrs[PSW_A_ETHERIP] ?: attrs[PSW_A_LOCAL4] ?:
				attrs[PSW_A_LOCAL6]);
	if (err)
		return err;
	if (attrs[PSW_A_MCAST_SHARE_ADD]) {
		err = psw_mshare_parse(pan, attrs[PSW_A_MCAST_SHARE_ADD], &add,
				       info->extack);
		if (err)
			return err;
	}
	if (attrs[PSW_A_MCAST_SHARE_DEL]) {
		err = psw_mshare_parse(pan, attrs[PSW_A_MCAST_SHARE_DEL], &del,
				       info->extack);
		if (err)
			return err;
	}
	if (attrs[PSW_A_MCAST_SHARE_ADD] || attrs[PSW_A_MCAST_SHARE_DEL]) {
		err = psw_mshare_change(pan, attrs[PSW_A_MCAST_SHARE_ADD] ?
					&add : NULL,
					attrs[PSW_A_MCAST_SHARE_DEL] ?
					&del : NULL, &ms, info->extack);
		if (err)
			return err;
	}
	if (attrs[PSW_A_MCAST]) {
		err = psw_mcast_parse(pan, attrs[PSW_A_MCAST], &mc,
				      info->extack);
		if (err)
			goto abort;
	}
	if (attrs[PSW_A_ANYCAST]) {
		err = psw_nl_anycast(pan, attrs[PSW_A_ANYCAST], &gw,
				     info->extack);
		if (err)
			goto abort;
	}
	if (miss == PSW_MISS_ANYCAST &&
	    !(attrs[PSW_A_ANYCAST] ? gw : psw_anycast_get(pan))) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[PSW_A_MISS] ?:
				    attrs[PSW_A_ANYCAST],
				    "miss anycast needs the PAN's anycast gateway (anycast-mac)");
		err = -EINVAL;
		goto abort;
	}
	/* Taken back below if what follows fails. */
	if (attrs[PSW_A_OUI]) {
		err = psw_nl_pan_oui(pan, attrs, &oui, info->extack);
		if (err)
			goto abort;
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
			goto abort;
	}
	if (attrs[PSW_A_LOCAL6]) {
		err = psw_pan_set_addr(pan, AF_INET6, &ip6, info->extack);
		if (err) {
			if (attrs[PSW_A_LOCAL4])
				psw_pan_set_addr(pan, AF_INET, &old4, NULL);
			goto abort;
		}
	}
	/* Cannot fail: last, so that a refusal above changed nothing. */
	if (attrs[PSW_A_ACCEPT])
		psw_pan_set_accept(pan, nla_get_u8(attrs[PSW_A_ACCEPT]));
	if (attrs[PSW_A_ANYCAST])
		psw_anycast_publish(pan, gw);
	if (attrs[PSW_A_HOLD_FRAMES] || attrs[PSW_A_HOLD_DESTS] ||
	    attrs[PSW_A_HOLD_TIME]) {
		u32 v[3], *p[3] = {};
		int i, types[3] = { PSW_A_HOLD_FRAMES, PSW_A_HOLD_DESTS,
				    PSW_A_HOLD_TIME };

		for (i = 0; i < 3; i++) {
			if (!attrs[types[i]])
				continue;
			v[i] = nla_get_u32(attrs[types[i]]);
			p[i] = &v[i];
		}
		psw_hold_set(pan, p[0], p[1], p[2]);
	}
	if (attrs[PSW_A_MISS])
		psw_pan_set_miss(pan, miss);
	if (attrs[PSW_A_PROXY])
		psw_pan_set_proxy(pan, nla_get_u8(attrs[PSW_A_PROXY]));
	if (attrs[PSW_A_LEARNING] || attrs[PSW_A_AGEING] ||
	    attrs[PSW_A_LEARN_MAX]) {
		if (attrs[PSW_A_LEARNING])
			learning = nla_get_u8(attrs[PSW_A_LEARNING]);
		if (attrs[PSW_A_AGEING])
			ageing = nla_get_u32(attrs[PSW_A_AGEING]);
		psw_learn_set(pan, attrs[PSW_A_LEARNING] ? &learning : NULL,
			      attrs[PSW_A_AGEING] ? &ageing : NULL,
			      attrs[PSW_A_LEARN_MAX] ? &learn_max : NULL);
	}
	if (attrs[PSW_A_MCAST])
		psw_mcast_publish(pan, mc);
	if (attrs[PSW_A_ETHERIP])
		psw_pan_set_etherip(pan, form);
	if (attrs[PSW_A_MCAST_SHARE_ADD] || attrs[PSW_A_MCAST_SHARE_DEL])
		psw_mshare_publish(pan, ms);
	if (oui)
		psw_notify_tenant(oui, PSW_CMD_TENANT_NEW, GFP_KERNEL);
	psw_notify_pan(pan, PSW_CMD_PAN_SET, GFP_KERNEL);
	return 0;

abort:
	if (oui)
		psw_tenant_del(oui, false);
	if (gw)
		psw_anycast_abort(pan, gw);
	psw_mcast_abort(mc);
	psw_mshare_abort(ms);
	return err;
}
