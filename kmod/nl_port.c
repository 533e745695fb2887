// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink requests on ports: port-new, port-del, port-get (and its dump),
 * port-set; the port's message.
 */
#include <net/genetlink.h>

#include "compat.h"
#include "nl_core.h"

/*
 * Under RTNL or RCU: the policy is an RCU pointer, the rest of what is put
 * is fixed for the port's life.
 */
int psw_fill_port(struct sk_buff *skb, const struct psw_port *port,
		  const struct psw_msg *m)
{
	const struct psw_port_policy *p = rcu_dereference_rtnl(port->policy);
	const struct psw_pan *pan = psw_port_pan(port);
	void *hdr = psw_msg_start(skb, m);
	struct nlattr *macs;
	unsigned int i;

	if (!hdr)
		return -EMSGSIZE;
	if (psw_put_switch_id(skb, port->sw) || psw_put_port_id(skb, port) ||
	    nla_put_u8(skb, PSW_A_PORT_ROLE, port->role))
		goto cancel;
	if (pan) {
		if (nla_put_u32(skb, PSW_A_PAN_ID, pan->id))
			goto cancel;
		macs = nla_nest_start(skb, PSW_A_MACS);
		if (!macs)
			goto cancel;
		for (i = 0; i < port->nmacs; i++)
			if (nla_put(skb, PSW_A_MAC, ETH_ALEN, port->macs[i]))
				goto cancel;
		nla_nest_end(skb, macs);
		if (!is_zero_ether_addr(port->ext) &&
		    nla_put(skb, PSW_A_EXT_MAC, ETH_ALEN, port->ext))
			goto cancel;
		if (nla_put_u8(skb, PSW_A_SECURITY, p->security) ||
		    nla_put_u8(skb, PSW_A_LLDP, p->lldp) ||
		    psw_port_allow_fill(skb, p) ||
		    psw_isolate_fill(skb, port))
			goto cancel;
	}
	if (port->vid && nla_put_u16(skb, PSW_A_VLAN, port->vid))
		goto cancel;
	if (port->role == PSW_PORT_ROLE_TRUNK &&
	    nla_put_u8(skb, PSW_A_CLASSIFY, port->classify))
		goto cancel;
	if (port->role == PSW_PORT_ROLE_TEP &&
	    nla_put_u16(skb, PSW_A_TPID, port->tpid))
		goto cancel;
	if (psw_stats_fill(skb, port->stats))
		goto cancel;
	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

static int psw_dump_ports(struct sk_buff *skb, struct netlink_callback *cb,
			  struct psw_switch *sw, struct psw_msg *m)
{
	struct psw_port *port;
	long idx = 0;
	int err;

	list_for_each_entry(port, &sw->ports, sw_node) {
		if (idx++ < cb->args[1])
			continue;
		err = psw_fill_port(skb, port, m);
		if (err)
			return err;
		cb->args[1] = idx;
	}
	return 0;
}

int psw_nl_port_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return psw_dump(skb, cb, psw_dump_ports, PSW_CMD_PORT_GET);
}

/* --- Port ---------------------------------------------------------------- */

/* Announce a new @port, then each entry attaching it installed. */
static void psw_notify_port_new(struct psw_port *port)
{
	unsigned int i;

	psw_notify_port(port, PSW_CMD_PORT_NEW, GFP_KERNEL);
	if (port->role != PSW_PORT_ROLE_VM)
		return;
	for (i = 0; i < port->nmacs; i++)
		psw_notify_entry(psw_entry_find(port->sw, psw_port_pan(port)->id,
						port->macs[i]),
				 PSW_CMD_ENTRY_NEW, GFP_KERNEL);
}

static int psw_parse_macs(struct genl_info *info, u8 (*macs)[ETH_ALEN],
			  unsigned int *nmacs)
{
	struct nlattr *list = info->attrs[PSW_A_MACS];
	struct nlattr *nla;
	int rem;

	*nmacs = 0;
	if (!list)
		return 0;
	nla_for_each_nested(nla, list, rem) {
		if (*nmacs == PSW_PORT_MAX_MACS) {
			NL_SET_ERR_MSG_ATTR(info->extack, nla,
					    "too many MACs for a port");
			return -E2BIG;
		}
		memcpy(macs[(*nmacs)++], nla_data(nla), ETH_ALEN);
	}
	if (!*nmacs) {
		NL_SET_ERR_MSG_ATTR(info->extack, list, "MAC list is empty");
		return -EINVAL;
	}
	return 0;
}

/* What a trunk port takes: its classification, and nothing else. */
static int psw_port_new_trunk(struct genl_info *info, struct psw_port_args *a)
{
	struct nlattr **attrs = info->attrs;

	if (attrs[PSW_A_PAN_ID]) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[PSW_A_PAN_ID],
				    "a trunk port has no PAN: its frames get theirs from the tenant map");
		return -EINVAL;
	}
	if (attrs[PSW_A_MACS]) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[PSW_A_MACS],
				    "a trunk port has no MACs");
		return -EINVAL;
	}
	if (attrs[PSW_A_EXT_MAC]) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[PSW_A_EXT_MAC],
				    "a trunk port has no external MAC");
		return -EINVAL;
	}
	if (attrs[PSW_A_VLAN]) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[PSW_A_VLAN],
				    "a trunk port has no VLAN of its own: the tenant map's VLANs are its");
		return -EINVAL;
	}
	if (!PSW_REQUIRE(info, PSW_A_CLASSIFY,
			 "a trunk port needs its classification (oui, vlan or oui+vlan)"))
		return -EINVAL;
	a->classify = nla_get_u8(attrs[PSW_A_CLASSIFY]);
	return 0;
}

/* What a tep port takes: its tag's TPID (tep.c), and nothing else. */
static int psw_port_new_tep(struct genl_info *info, struct psw_port_args *a)
{
	static const int none[] = { PSW_A_PAN_ID, PSW_A_MACS, PSW_A_EXT_MAC,
				    PSW_A_VLAN };
	struct nlattr **attrs = info->attrs;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(none); i++) {
		if (attrs[none[i]]) {
			NL_SET_ERR_MSG_ATTR(info->extack, attrs[none[i]],
					    "a tep port has no PAN, MACs, external MAC or VLAN: its frames' VNID tag names their PAN");
			return -EINVAL;
		}
	}
	a->tpid = PSW_TEP_TPID_DEFAULT;
	if (!attrs[PSW_A_TPID])
		return 0;
	a->tpid = nla_get_u16(attrs[PSW_A_TPID]);
	return psw_tep_tpid_check(a->tpid, info->extack, attrs[PSW_A_TPID]);
}

static int psw_port_new_macs(struct genl_info *info, u8 (*macs)[ETH_ALEN])
{
	struct nlattr **attrs = info->attrs;
	struct psw_switch *sw = info->user_ptr[0];
	struct psw_port_args a = { .role = PSW_PORT_ROLE_VM };
	struct net_device *dev;
	int err;

	dev = psw_nl_dev(genl_info_net(info), attrs, info->extack);
	if (IS_ERR(dev))
		return PTR_ERR(dev);
	if (attrs[PSW_A_PORT_ROLE])
		a.role = nla_get_u8(attrs[PSW_A_PORT_ROLE]);
	/* PSW_A_SECURITY and PSW_A_LLDP: refused by the policy. */
	if (a.role != PSW_PORT_ROLE_TRUNK && attrs[PSW_A_CLASSIFY]) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[PSW_A_CLASSIFY],
				    "only a trunk port classifies its frames");
		return -EINVAL;
	}
	if (a.role != PSW_PORT_ROLE_TEP && attrs[PSW_A_TPID]) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[PSW_A_TPID],
				    "only a tep port has a tag TPID");
		return -EINVAL;
	}
	if (a.role == PSW_PORT_ROLE_TRUNK) {
		err = psw_port_new_trunk(info, &a);
		if (err)
			return err;
	} else if (a.role == PSW_PORT_ROLE_TEP) {
		err = psw_port_new_tep(info, &a);
		if (err)
			return err;
	} else if (a.role == PSW_PORT_ROLE_UPLINK) {
		if (attrs[PSW_A_PAN_ID]) {
			NL_SET_ERR_MSG_ATTR(info->extack, attrs[PSW_A_PAN_ID],
					    "an uplink belongs to no PAN");
			return -EINVAL;
		}
		if (attrs[PSW_A_MACS]) {
			NL_SET_ERR_MSG_ATTR(info->extack, attrs[PSW_A_MACS],
					    "an uplink has no MACs");
			return -EINVAL;
		}
		if (attrs[PSW_A_EXT_MAC]) {
			NL_SET_ERR_MSG_ATTR(info->extack, attrs[PSW_A_EXT_MAC],
					    "an uplink has no external MAC");
			return -EINVAL;
		}
		if (attrs[PSW_A_VLAN])
			a.vid = nla_get_u16(attrs[PSW_A_VLAN]);
	} else {
		if (attrs[PSW_A_VLAN]) {
			NL_SET_ERR_MSG_ATTR(info->extack, attrs[PSW_A_VLAN],
					    "only an uplink has a VLAN; a vm port carries untagged frames");
			return -EINVAL;
		}
		if (!PSW_REQUIRE(info, PSW_A_PAN_ID, "a vm port needs a PAN"))
			return -EINVAL;
		a.pan = psw_nl_pan(sw, attrs, info->extack);
		if (IS_ERR(a.pan))
			return PTR_ERR(a.pan);
	}
	err = psw_parse_macs(info, macs, &a.nmacs);
	if (err)
		return err;
	a.macs = (const u8 (*)[ETH_ALEN])macs;
	a.ext = attrs[PSW_A_EXT_MAC] ? nla_data(attrs[PSW_A_EXT_MAC]) : NULL;
	err = psw_port_add(sw, dev, &a, info->extack);
	if (err) {
		if (err == -EADDRINUSE && a.ext)
			NL_SET_BAD_ATTR(info->extack, attrs[PSW_A_EXT_MAC]);
		return err;
	}
	psw_notify_port_new(psw_port_of(dev));
	return 0;
}

int psw_nl_port_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	u8 (*macs)[ETH_ALEN];
	int err;

	macs = kcalloc(PSW_PORT_MAX_MACS, ETH_ALEN, GFP_KERNEL);
	if (!macs) {
		NL_SET_ERR_MSG(info->extack, "out of memory for the request");
		return -ENOMEM;
	}
	err = psw_port_new_macs(info, macs);
	kfree(macs);
	return err;
}

int psw_nl_port_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct psw_port *port;

	port = psw_nl_port(info->user_ptr[0], info->attrs, info->extack);
	if (IS_ERR(port))
		return PTR_ERR(port);
	psw_port_del(port, true);
	return 0;
}

int psw_nl_port_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct psw_port *port;

	port = psw_nl_port(info->user_ptr[0], info->attrs, info->extack);
	if (IS_ERR(port))
		return PTR_ERR(port);
	return psw_reply(info, PSW_OBJ_PORT, port);
}

/*
 * PSW_A_ISOLATED (and the VLAN asked for) is checked and planned first,
 * committed after the policy, so that a refusal of either changes
 * nothing. A port moved off the VLAN the request takes is announced
 * before the port (isolate.c).
 */
static int psw_port_set(struct genl_info *info, struct psw_port *port,
			struct psw_port_allow *allow)
{
	struct nlattr **attrs = info->attrs;
	struct psw_isolate_plan plan;
	bool security, lldp;
	int nallow = -1;
	int err;

	if (attrs[PSW_A_ALLOW]) {
		nallow = psw_port_allow_parse(attrs[PSW_A_ALLOW], allow,
					      info->extack);
		if (nallow < 0)
			return nallow;
	}
	if (attrs[PSW_A_VLAN] && !(attrs[PSW_A_ISOLATED] &&
				   nla_get_u8(attrs[PSW_A_ISOLATED]))) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[PSW_A_VLAN],
				    "a vm port's VLAN is asked for with isolated on; an uplink's is set when it is attached");
		return -EINVAL;
	}
	if (attrs[PSW_A_ISOLATED]) {
		err = psw_isolate_prepare(port,
					  nla_get_u8(attrs[PSW_A_ISOLATED]),
					  attrs[PSW_A_VLAN] ?
					  nla_get_u16(attrs[PSW_A_VLAN]) : 0,
					  &plan, info->extack);
		if (err) {
			NL_SET_BAD_ATTR(info->extack, attrs[PSW_A_VLAN] ?:
					attrs[PSW_A_ISOLATED]);
			return err;
		}
	}
	if (attrs[PSW_A_SECURITY])
		security = nla_get_u8(attrs[PSW_A_SECURITY]);
	if (attrs[PSW_A_LLDP])
		lldp = nla_get_u8(attrs[PSW_A_LLDP]);
	if (attrs[PSW_A_SECURITY] || attrs[PSW_A_LLDP] || attrs[PSW_A_ALLOW]) {
		err = psw_port_set_policy(port,
					  attrs[PSW_A_SECURITY] ? &security : NULL,
					  attrs[PSW_A_LLDP] ? &lldp : NULL,
					  allow, nallow, info->extack);
		if (err) {
			if (attrs[PSW_A_ISOLATED])
				psw_isolate_abort(&plan);
			return err;
		}
	}
	if (attrs[PSW_A_ISOLATED]) {
		psw_isolate_commit(&plan);
		if (plan.moved)
			psw_notify_port(plan.moved, PSW_CMD_PORT_SET,
					GFP_KERNEL);
	}
	psw_notify_port(port, PSW_CMD_PORT_SET, GFP_KERNEL);
	return 0;
}

int psw_nl_port_set_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	struct psw_port_allow *allow;
	struct psw_port *port;
	int err;

	port = psw_nl_port(info->user_ptr[0], attrs, info->extack);
	if (IS_ERR(port))
		return PTR_ERR(port);
	if (!attrs[PSW_A_SECURITY] && !attrs[PSW_A_LLDP] &&
	    !attrs[PSW_A_ALLOW] && !attrs[PSW_A_ISOLATED]) {
		NL_SET_ERR_MSG(info->extack,
			       "nothing to set (port security, allow list, LLDP or isolated)");
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, PSW_A_SECURITY);
		return -EINVAL;
	}
	allow = kcalloc(PSW_PORT_ALLOW_MAX, sizeof(*allow), GFP_KERNEL);
	if (!allow) {
		NL_SET_ERR_MSG(info->extack, "out of memory for the request");
		return -ENOMEM;
	}
	err = psw_port_set(info, port, allow);
	kfree(allow);
	return err;
}
