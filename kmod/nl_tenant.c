// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink requests on the tenant map: tenant-new, tenant-del, tenant-get
 * (and its dump); the entry's message; pan-set's oui (psw_nl_pan_oui()).
 */
#include <net/genetlink.h>

#include "compat.h"
#include "nl_core.h"

/* An entry is immutable; its PAN outlives it. RTNL or RCU. */
int psw_fill_tenant(struct sk_buff *skb, const struct psw_tenant *t,
		    const struct psw_msg *m)
{
	void *hdr = psw_msg_start(skb, m);

	if (!hdr)
		return -EMSGSIZE;
	if (psw_put_switch_id(skb, t->pan->sw))
		goto cancel;
	if (t->key.oui &&
	    nla_put_u32(skb, PSW_A_OUI, t->key.oui & 0xffffff))
		goto cancel;
	if (t->key.vid && nla_put_u16(skb, PSW_A_VLAN, t->key.vid))
		goto cancel;
	if (nla_put_u32(skb, PSW_A_PAN_ID, t->pan->id))
		goto cancel;
	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/*
 * Dump cursor: cb->args[1] the entries of the switch walked so far. A
 * change between callbacks flags the dump inconsistent (the reader
 * restarts it), so resuming by position is enough.
 */
static int psw_dump_tenants(struct sk_buff *skb, struct netlink_callback *cb,
			    struct psw_switch *sw, struct psw_msg *m)
{
	u32 only = psw_dump_pan_id(cb);
	struct psw_tenant *t;
	long idx = 0;
	int err;

	list_for_each_entry(t, &sw->tenant_list, sw_node) {
		if (idx++ < cb->args[1])
			continue;
		if (!only || t->pan->id == only) {
			err = psw_fill_tenant(skb, t, m);
			if (err)
				return err;
		}
		cb->args[1] = idx;
	}
	return 0;
}

int psw_nl_tenant_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return psw_dump(skb, cb, psw_dump_tenants, PSW_CMD_TENANT_GET);
}

/* The key a request names (PSW_A_OUI and/or PSW_A_VLAN). */
static void psw_nl_tenant_key(struct nlattr **attrs,
			      struct psw_tenant_key *key)
{
	u32 oui;

	if (attrs[PSW_A_OUI])
		oui = nla_get_u32(attrs[PSW_A_OUI]);
	psw_tenant_key(key, attrs[PSW_A_OUI] ? &oui : NULL,
		       attrs[PSW_A_VLAN] ? nla_get_u16(attrs[PSW_A_VLAN]) : 0);
}

/* The entry a request's key names. */
static struct psw_tenant *psw_nl_tenant(struct psw_switch *sw,
					struct genl_info *info)
{
	struct psw_tenant_key key;
	struct psw_tenant *t;

	if (!info->attrs[PSW_A_OUI] && !info->attrs[PSW_A_VLAN]) {
		NL_SET_ERR_MSG(info->extack,
			       "tenant map key missing (oui and/or vlan)");
		NL_SET_ERR_ATTR_MISS(info->extack, NULL, PSW_A_OUI);
		return ERR_PTR(-EINVAL);
	}
	psw_nl_tenant_key(info->attrs, &key);
	t = psw_tenant_find(sw, &key);
	if (!t) {
		NL_SET_ERR_MSG(info->extack, "no tenant map entry for this key");
		return ERR_PTR(-ENOENT);
	}
	return t;
}

/* Add the entry {@attrs' OUI, @attrs' VLAN} -> @pan and announce it. */
static int psw_nl_tenant_add(struct psw_pan *pan, struct nlattr **attrs,
			     struct netlink_ext_ack *extack)
{
	struct psw_tenant_key key;
	struct psw_tenant *t;

	psw_nl_tenant_key(attrs, &key);
	t = psw_tenant_add(pan, &key, extack, attrs[PSW_A_OUI]);
	if (IS_ERR(t))
		return PTR_ERR(t);
	psw_notify_tenant(t, PSW_CMD_TENANT_NEW, GFP_KERNEL);
	return 0;
}

int psw_nl_tenant_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct psw_pan *pan;

	if (!PSW_REQUIRE(info, PSW_A_PAN_ID, "PAN missing"))
		return -EINVAL;
	pan = psw_nl_pan(info->user_ptr[0], info->attrs, info->extack);
	if (IS_ERR(pan))
		return PTR_ERR(pan);
	return psw_nl_tenant_add(pan, info->attrs, info->extack);
}

int psw_nl_tenant_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct psw_tenant *t = psw_nl_tenant(info->user_ptr[0], info);

	if (IS_ERR(t))
		return PTR_ERR(t);
	psw_tenant_del(t, true);
	return 0;
}

int psw_nl_tenant_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct psw_tenant *t = psw_nl_tenant(info->user_ptr[0], info);

	if (IS_ERR(t))
		return PTR_ERR(t);
	return psw_reply(info, PSW_OBJ_TENANT, t);
}

/*
 * pan-set's PSW_A_OUI: the entry {OUI, no VLAN} -> @pan, added and
 * announced (before the PAN's own announcement). *@added is the entry,
 * for the caller to take back if a later step of its request fails.
 */
int psw_nl_pan_oui(struct psw_pan *pan, struct nlattr **attrs,
		   struct psw_tenant **added, struct netlink_ext_ack *extack)
{
	struct psw_tenant_key key;
	u32 oui = nla_get_u32(attrs[PSW_A_OUI]);
	struct psw_tenant *t;

	psw_tenant_key(&key, &oui, 0);
	t = psw_tenant_add(pan, &key, extack, attrs[PSW_A_OUI]);
	if (IS_ERR(t))
		return PTR_ERR(t);
	*added = t;
	return 0;
}
