// SPDX-License-Identifier: GPL-2.0
/*
 * Netlink requests on entries: entry-new, entry-del, entry-get (and its
 * dump); the entry's message.
 */
#include <net/genetlink.h>

#include "compat.h"
#include "nl_core.h"

/*
 * An entry's fields are fixed for its life (a replace makes a new one),
 * but a learned entry's age. Under RTNL for a static entry, RCU for a
 * learned one (learn.c may move or age it).
 */
int psw_fill_entry(struct sk_buff *skb, const struct psw_entry *e,
		   const struct psw_msg *m)
{
	void *hdr = psw_msg_start(skb, m);

	if (!hdr)
		return -EMSGSIZE;
	if (psw_put_switch_id(skb, e->pan->sw) ||
	    nla_put_u32(skb, PSW_A_PAN_ID, e->key.pan) ||
	    nla_put(skb, PSW_A_MAC, ETH_ALEN, e->key.mac) ||
	    nla_put_u8(skb, PSW_A_MODE, e->mode) ||
	    nla_put_u8(skb, PSW_A_ORIGIN, e->origin))
		goto cancel;
	if (e->mode == PSW_MODE_LOCAL && psw_put_port_id(skb, e->port))
		goto cancel;
	if (!is_zero_ether_addr(e->ext) &&
	    nla_put(skb, PSW_A_EXT_MAC, ETH_ALEN, e->ext))
		goto cancel;
	if (e->mode == PSW_MODE_ENCAP && psw_put_remote(skb, &e->remote))
		goto cancel;
	if (psw_learn_fill_entry(skb, e))
		goto cancel;
	genlmsg_end(skb, hdr);
	return 0;
cancel:
	genlmsg_cancel(skb, hdr);
	return -EMSGSIZE;
}

/*
 * An entry dump resumes after the last entry it sent, found again by its
 * MAC (cb->args[3] and [4]) in O(1), so a dump of n entries costs O(n)
 * rather than O(n^2) of re-walking the PAN's list. If that entry is gone,
 * the dump is flagged inconsistent anyway and resumes by position
 * (cb->args[2] entries of the PAN sent so far).
 */
static void psw_cursor_set_mac(struct netlink_callback *cb, const u8 *mac)
{
	cb->args[3] = (long)get_unaligned_be32(mac);
	cb->args[4] = (long)get_unaligned_be16(mac + 4) | BIT(16);
}

static struct psw_entry *psw_cursor_resume(struct psw_pan *pan,
					   struct netlink_callback *cb)
{
	long skip = cb->args[2];
	struct psw_entry *e;
	u8 mac[ETH_ALEN];

	if (cb->args[4]) {
		put_unaligned_be32((u32)cb->args[3], mac);
		put_unaligned_be16((u16)cb->args[4], mac + 4);
		e = psw_entry_find(pan->sw, pan->id, mac);
		if (e)
			return list_next_entry(e, pan_node);
	}
	list_for_each_entry(e, &pan->entries, pan_node)
		if (skip-- <= 0)
			return e;
	return list_entry(&pan->entries, struct psw_entry, pan_node);
}

static int psw_dump_entries(struct sk_buff *skb, struct netlink_callback *cb,
			    struct psw_switch *sw, struct psw_msg *m)
{
	u32 only = psw_dump_pan_id(cb);
	const struct psw_mcast *mc;
	struct psw_entry *e;
	struct psw_pan *pan;
	unsigned long id;
	int err = 0;

	/* RCU: learned entries may be moved or aged during the walk. */
	rcu_read_lock();
	xa_for_each_start(&sw->pans, id, pan, cb->args[1]) {
		if (only && id != only)
			continue;
		if (id != cb->args[1]) {
			cb->args[2] = 0;
			cb->args[3] = 0;
			cb->args[4] = 0;
			cb->args[5] = 0;
		}
		cb->args[1] = id;
		e = psw_cursor_resume(pan, cb);
		list_for_each_entry_from_rcu(e, &pan->entries, pan_node) {
			err = psw_fill_entry(skb, e, m);
			if (err)
				goto out;
			cb->args[2]++;
			psw_cursor_set_mac(cb, e->key.mac);
		}
		/* then the PAN's mcast entry, once (cb->args[5]) */
		mc = psw_mcast_get(pan);
		if (mc && !cb->args[5]) {
			err = psw_mcast_fill_entry(skb, pan, mc, m);
			if (err)
				goto out;
			cb->args[5] = 1;
		}
	}
out:
	rcu_read_unlock();
	return err;
}

int psw_nl_entry_get_dumpit(struct sk_buff *skb, struct netlink_callback *cb)
{
	return psw_dump(skb, cb, psw_dump_entries, PSW_CMD_ENTRY_GET);
}

/* --- Entry --------------------------------------------------------------- */

/* The PAN and MAC every entry request names. */
static int psw_nl_entry_key(struct genl_info *info, struct psw_pan **pan,
			    const u8 **mac)
{
	*pan = psw_nl_pan(info->user_ptr[0], info->attrs, info->extack);
	if (IS_ERR(*pan))
		return PTR_ERR(*pan);
	if (!PSW_REQUIRE(info, PSW_A_MAC, "MAC missing"))
		return -EINVAL;
	*mac = nla_data(info->attrs[PSW_A_MAC]);
	return 0;
}

static bool psw_nl_has_port(struct nlattr **attrs)
{
	return attrs[PSW_A_PORT_IFINDEX] || attrs[PSW_A_PORT_IFNAME];
}

/* Check and collect the arguments of a new entry's mode. */
static int psw_nl_entry_args(struct genl_info *info, struct psw_pan *pan,
			     struct psw_entry_args *args,
			     struct psw_remote *remote)
{
	struct netlink_ext_ack *extack = info->extack;
	struct nlattr **attrs = info->attrs;
	struct psw_switch *sw = pan->sw;
	bool has_remote;
	int err;

	has_remote = attrs[PSW_A_ENCAP] || attrs[PSW_A_REMOTE4] ||
		     attrs[PSW_A_REMOTE6];
	if (args->mode != PSW_MODE_LOCAL && psw_nl_has_port(attrs)) {
		NL_SET_ERR_MSG(extack, "only a local entry takes a port");
		return -EINVAL;
	}
	if (args->mode != PSW_MODE_XLATE && args->mode != PSW_MODE_HOLD &&
	    attrs[PSW_A_EXT_MAC]) {
		NL_SET_ERR_MSG_ATTR(extack, attrs[PSW_A_EXT_MAC],
				    "only an xlate or hold entry takes an external MAC");
		return -EINVAL;
	}
	if (args->mode != PSW_MODE_ENCAP && has_remote) {
		NL_SET_ERR_MSG(extack,
			       "only an encap entry takes an encapsulation and a remote");
		return -EINVAL;
	}

	switch (args->mode) {
	case PSW_MODE_LOCAL:
		args->port = psw_nl_port(sw, attrs, extack);
		if (IS_ERR(args->port))
			return PTR_ERR(args->port);
		/* A tep port carries every PAN (tep.c). */
		if (args->port->role != PSW_PORT_ROLE_TEP &&
		    psw_port_pan(args->port) != pan) {
			NL_SET_ERR_MSG(extack,
				       "a local entry's port must be a vm port of the same PAN, or a tep port");
			return -EINVAL;
		}
		/* The port's external MAC belongs to its own entries only. */
		return 0;
	case PSW_MODE_HOLD:
		if (!attrs[PSW_A_EXT_MAC])
			return 0;
		fallthrough;
	case PSW_MODE_XLATE:
		if (!PSW_REQUIRE(info, PSW_A_EXT_MAC,
				 "an xlate entry needs an external MAC"))
			return -EINVAL;
		args->ext = nla_data(attrs[PSW_A_EXT_MAC]);
		err = psw_check_ext(sw, args->ext, extack);
		if (err) {
			NL_SET_BAD_ATTR(extack, attrs[PSW_A_EXT_MAC]);
			return err;
		}
		if (!rtnl_dereference(sw->uplink)) {
			NL_SET_ERR_MSG(extack,
				       "an external MAC needs an uplink port on the switch");
			return -ENOLINK;
		}
		return 0;
	case PSW_MODE_ENCAP:
		err = psw_nl_remote(sw, attrs, remote, extack);
		if (err)
			return err;
		args->remote = remote;
		return 0;
	case PSW_MODE_DROP:
		return 0;
	case PSW_MODE_MCAST:
		NL_SET_ERR_MSG_ATTR(extack, attrs[PSW_A_MODE],
				    "the mcast entry is the PAN's multicast group: set it with pan-set (mcast)");
		return -EINVAL;
	}
	NL_SET_ERR_MSG_ATTR(extack, attrs[PSW_A_MODE],
			    "mode not supported by this version");
	return -EOPNOTSUPP;
}

int psw_nl_entry_new_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **attrs = info->attrs;
	bool replace = nla_get_flag(attrs[PSW_A_REPLACE]);
	struct psw_switch *sw = info->user_ptr[0];
	struct psw_entry_args args = { .origin = PSW_ORIGIN_USER };
	struct psw_remote remote;
	struct psw_pan *pan;
	const u8 *mac;
	int err;

	err = psw_nl_entry_key(info, &pan, &mac);
	if (err)
		return err;
	if (!is_valid_ether_addr(mac)) {
		NL_SET_ERR_MSG_ATTR(info->extack, attrs[PSW_A_MAC],
				    "entry MAC must be unicast and not zero");
		return -EINVAL;
	}
	if (!PSW_REQUIRE(info, PSW_A_MODE, "mode missing"))
		return -EINVAL;
	args.mode = nla_get_u8(attrs[PSW_A_MODE]);
	err = psw_nl_entry_args(info, pan, &args, &remote);
	if (err)
		return err;

	err = psw_entry_add(pan, mac, &args, replace, info->extack);
	if (err) {
		if (err == -EADDRINUSE)
			NL_SET_BAD_ATTR(info->extack, attrs[PSW_A_EXT_MAC]);
		else if (err == -EEXIST || err == -EBUSY)
			NL_SET_BAD_ATTR(info->extack, attrs[PSW_A_MAC]);
		return err;
	}
	psw_notify_entry(psw_entry_find(sw, pan->id, mac), PSW_CMD_ENTRY_NEW,
			 GFP_KERNEL);
	return 0;
}

/*
 * The entry a request names. The caller holds the RCU read lock, which
 * keeps a learned entry alive (RTNL keeps the others). {PAN,
 * ff:ff:ff:ff:ff:ff} of a PAN with a multicast group is its mcast entry,
 * which is no struct psw_entry: then *@mcast is the PAN and the return
 * value NULL.
 */
static struct psw_entry *psw_nl_entry(struct genl_info *info,
				      struct psw_pan **mcast)
{
	struct psw_entry *e;
	struct psw_pan *pan;
	const u8 *mac;
	int err;

	*mcast = NULL;
	err = psw_nl_entry_key(info, &pan, &mac);
	if (err)
		return ERR_PTR(err);
	if (is_broadcast_ether_addr(mac) && psw_mcast_get(pan)) {
		*mcast = pan;
		return NULL;
	}
	e = psw_entry_find(pan->sw, pan->id, mac);
	if (!e) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[PSW_A_MAC],
				    "no such entry");
		return ERR_PTR(-ENOENT);
	}
	return e;
}

/*
 * A user or learned entry. A learned one that moved or aged since it was
 * found is reported gone, as if the request had come a moment later.
 */
int psw_nl_entry_del_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct psw_pan *mcast;
	struct psw_entry *e;
	int err = 0;

	rcu_read_lock();
	e = psw_nl_entry(info, &mcast);
	if (IS_ERR(e)) {
		err = PTR_ERR(e);
	} else if (mcast) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[PSW_A_MAC],
				    "the mcast entry is the PAN's multicast group: remove it with pan-set (mcast none)");
		err = -EBUSY;
	} else if (e->origin == PSW_ORIGIN_PORT) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[PSW_A_MAC],
				    "entry belongs to a port; remove the port instead");
		err = -EBUSY;
	} else if (!psw_entry_del(e)) {
		NL_SET_ERR_MSG_ATTR(info->extack, info->attrs[PSW_A_MAC],
				    "no such entry");
		err = -ENOENT;
	} else {
		/* Unpublished, freed after the grace period we are in. */
		psw_notify_entry(e, PSW_CMD_ENTRY_DEL, GFP_ATOMIC);
	}
	rcu_read_unlock();
	return err;
}

int psw_nl_entry_get_doit(struct sk_buff *skb, struct genl_info *info)
{
	struct psw_msg m = {
		.portid = info->snd_portid,
		.seq = info->snd_seq,
		.cmd = info->genlhdr->cmd,
	};
	struct psw_pan *mcast;
	struct sk_buff *reply;
	struct psw_entry *e;
	int err;

	reply = genlmsg_new(NLMSG_GOODSIZE, GFP_KERNEL);
	if (!reply) {
		NL_SET_ERR_MSG(info->extack, "out of memory for the reply");
		return -ENOMEM;
	}
	rcu_read_lock();
	e = psw_nl_entry(info, &mcast);
	if (IS_ERR(e))
		err = PTR_ERR(e);
	else if (mcast)
		err = psw_mcast_fill_entry(reply, mcast, psw_mcast_get(mcast),
					   &m);
	else
		err = psw_fill_entry(reply, e, &m);
	rcu_read_unlock();
	if (err) {
		nlmsg_free(reply);
		return err;
	}
	return genlmsg_reply(reply, info);
}
