// SPDX-License-Identifier: GPL-2.0
/*
 * Encapsulation negotiation (seed 002: hosts that support different
 * encapsulations pick a common one). Each switch has remote objects, the
 * encapsulations the switch at an underlay address supports, and its own
 * preference list. PSW_ENCAP_AUTO in an encap entry, a flood list member
 * or an anycast gateway is resolved when the request is made, in the
 * control path, to the first encapsulation of the switch's list that the
 * remote's list has too: the packet path sees a concrete encapsulation
 * and is unchanged. A later change of either list that would change what
 * such an entry, member or gateway chose, or leave it with none, is
 * refused (-EBUSY) naming how many depend on it: the operator removes or
 * re-adds them (which resolves again), so an entry never changes under
 * traffic without a request that names it.
 */
#include <linux/jhash.h>
#include <net/genetlink.h>
#include <net/ipv6.h>

#include "compat.h"
#include "nl_core.h"
#include "remote.h"

static const char *const psw_encap_names[] = {
	[PSW_ENCAP_VXLAN] = "vxlan",
	[PSW_ENCAP_NVGRE] = "nvgre",
	[PSW_ENCAP_ETHERIP] = "etherip",
};

struct psw_nego *psw_nego_alloc(void)
{
	struct psw_nego *ng = kzalloc(sizeof(*ng), PSW_GFP);
	int i;

	if (!ng)
		return NULL;
	ng->stats = alloc_percpu_gfp(struct psw_probe_pcpu, PSW_GFP);
	if (!ng->stats) {
		kfree(ng);
		return NULL;
	}
	ng->nencaps = PSW_NENCAPS;
	ng->encaps[0] = PSW_ENCAP_VXLAN;
	ng->encaps[1] = PSW_ENCAP_NVGRE;
	ng->encaps[2] = PSW_ENCAP_ETHERIP;
	INIT_LIST_HEAD(&ng->list);
	for (i = 0; i < ARRAY_SIZE(ng->hash); i++)
		INIT_HLIST_HEAD(&ng->hash[i]);
	/* Answers: a burst of 64 (three probe runs), 64 a second. */
	ratelimit_state_init(&ng->answer_rs, HZ, 64);
	ratelimit_set_flags(&ng->answer_rs, RATELIMIT_MSG_ON_RELEASE);
	return ng;
}

/* After the last reader (the device's destructor). */
void psw_nego_free(struct psw_nego *ng)
{
	if (!ng)
		return;
	free_percpu(ng->stats);
	kfree(ng);
}

/* The switch is going: its remote objects go, readers may still look. */
void psw_nego_flush(struct psw_switch *sw)
{
	struct psw_nego *ng = sw->nego;
	struct psw_rmt *r, *tmp;

	list_for_each_entry_safe(r, tmp, &ng->list, node) {
		hlist_del_rcu(&r->hnode);
		list_del(&r->node);
		kfree_rcu(r, rcu);
	}
	ng->nremotes = 0;
}

static u32 psw_rmt_hash(u8 family, const union psw_ip *ip)
{
	if (family == AF_INET)
		return hash_32((__force u32)ip->ip4, PSW_REMOTE_HASH_BITS);
	return hash_32(jhash(&ip->ip6, sizeof(ip->ip6), 0),
		       PSW_REMOTE_HASH_BITS);
}

static bool psw_ip_eq(u8 family, const union psw_ip *a, const union psw_ip *b)
{
	return family == AF_INET ? a->ip4 == b->ip4 :
				   ipv6_addr_equal(&a->ip6, &b->ip6);
}

/* RTNL or RCU. */
struct psw_rmt *psw_rmt_find(struct psw_switch *sw, u8 family,
			     const union psw_ip *ip)
{
	struct psw_rmt *r;

	hlist_for_each_entry_rcu(r, &sw->nego->hash[psw_rmt_hash(family, ip)],
				 hnode, lockdep_rtnl_is_held())
		if (r->family == family && psw_ip_eq(family, &r->ip, ip))
			return r;
	return NULL;
}

/* "vxlan,nvgre" */
void psw_nego_list_str(char *buf, size_t len, const u8 *encaps, u8 n)
{
	size_t off = 0;
	int i;

	buf[0] = 0;
	for (i = 0; i < n && off < len; i++)
		off += scnprintf(buf + off, len - off, "%s%s", i ? "," : "",
				 psw_encap_names[encaps[i]]);
}

/* A PSW_A_ENCAPS list: vxlan, nvgre, etherip, each at most once. */
int psw_nego_parse(const struct nlattr *attr, u8 *encaps, u8 *n,
		   struct netlink_ext_ack *extack)
{
	const u8 *p = nla_data(attr);
	int len = nla_len(attr), i, j;

	if (len < 1 || len > PSW_NENCAPS) {
		NL_SET_ERR_MSG_ATTR(extack, attr,
				    "an encapsulation list has 1 to 3 of vxlan, nvgre, etherip");
		return -EINVAL;
	}
	for (i = 0; i < len; i++) {
		if (p[i] < PSW_ENCAP_VXLAN || p[i] > PSW_ENCAP_ETHERIP) {
			NL_SET_ERR_MSG_ATTR(extack, attr,
					    "an encapsulation list holds vxlan, nvgre and etherip only");
			return -EINVAL;
		}
		for (j = 0; j < i; j++)
			if (p[j] == p[i]) {
				NL_SET_ERR_MSG_ATTR(extack, attr,
						    "an encapsulation is listed twice");
				return -EINVAL;
			}
		encaps[i] = p[i];
	}
	*n = len;
	return 0;
}

/* The first of @a (the switch's order) that @b has too, or 0. */
int psw_nego_common(const u8 *a, u8 na, const u8 *b, u8 nb, u8 *out)
{
	int i, j, n = 0;

	for (i = 0; i < na; i++)
		for (j = 0; j < nb; j++)
			if (a[i] == b[j])
				out[n++] = a[i];
	return n;
}

static u8 psw_nego_first(const u8 *a, u8 na, const u8 *b, u8 nb)
{
	u8 common[PSW_NENCAPS];

	return psw_nego_common(a, na, b, nb, common) ? common[0] : 0;
}

/*
 * psw_nl_remote()'s PSW_ENCAP_AUTO: the remote's encapsulation, resolved.
 * RTNL.
 */
int psw_nego_resolve(struct psw_switch *sw, struct psw_remote *r,
		     struct netlink_ext_ack *extack)
{
	struct psw_nego *ng = sw->nego;
	char a[32], b[32], ip[48];
	struct psw_rmt *rm;
	u8 encap;

	if (r->family == AF_INET)
		snprintf(ip, sizeof(ip), "%pI4", &r->ip.ip4);
	else
		snprintf(ip, sizeof(ip), "%pI6c", &r->ip.ip6);
	rm = psw_rmt_find(sw, r->family, &r->ip);
	if (!rm) {
		NL_SET_ERR_MSG_FMT(extack,
				   "encap auto: %s has no remote object (remote add)",
				   ip);
		return -ENOENT;
	}
	encap = psw_nego_first(ng->encaps, ng->nencaps, rm->encaps,
			       rm->nencaps);
	if (!encap) {
		psw_nego_list_str(a, sizeof(a), ng->encaps, ng->nencaps);
		psw_nego_list_str(b, sizeof(b), rm->encaps, rm->nencaps);
		NL_SET_ERR_MSG_FMT(extack,
				   "no common encapsulation: switch %s; remote %s %s",
				   a, ip, b);
		return -EPROTONOSUPPORT;
	}
	r->encap = encap;
	r->auto_encap = 1;
	return 0;
}

/*
 * Does this change alter what auto remote @rr chose? @rm: a change of
 * that remote object only, to @rencaps (NULL: deleted); else a change of
 * the switch's list to @sencaps. Returns 1 if it does, else 0.
 */
static unsigned int psw_nego_changes(struct psw_switch *sw,
				     const struct psw_rmt *rm,
				     const struct psw_remote *rr,
				     const u8 *sencaps, u8 sn,
				     const u8 *rencaps, u8 rn)
{
	const struct psw_rmt *o;
	u8 encap;

	if (!rr->auto_encap)
		return 0;
	if (rm) {
		if (rr->family != rm->family ||
		    !psw_ip_eq(rr->family, &rr->ip, &rm->ip))
			return 0;
		encap = rencaps ? psw_nego_first(sencaps, sn, rencaps, rn) : 0;
	} else {
		o = psw_rmt_find(sw, rr->family, &rr->ip);
		encap = o ? psw_nego_first(sencaps, sn, o->encaps,
					   o->nencaps) : 0;
	}
	return encap != rr->encap;
}

/* How many auto entries, flood members and gateways the change changes. */
static unsigned int psw_nego_users(struct psw_switch *sw,
				   const struct psw_rmt *rm,
				   const u8 *sencaps, u8 sn,
				   const u8 *rencaps, u8 rn)
{
	struct psw_anycast *gw;
	struct psw_entry *e;
	struct psw_flood *f;
	struct psw_pan *pan;
	unsigned long id;
	unsigned int n = 0;

	rcu_read_lock();
	xa_for_each(&sw->pans, id, pan) {
		list_for_each_entry_rcu(e, &pan->entries, pan_node)
			if (e->mode == PSW_MODE_ENCAP)
				n += psw_nego_changes(sw, rm, &e->remote,
						      sencaps, sn, rencaps,
						      rn);
		list_for_each_entry_rcu(f, &pan->flood, node)
			if (!f->uplink)
				n += psw_nego_changes(sw, rm, &f->remote,
						      sencaps, sn, rencaps,
						      rn);
		gw = rcu_dereference(pan->anycast);
		if (gw && !gw->uplink)
			n += psw_nego_changes(sw, rm, &gw->remote, sencaps, sn,
					      rencaps, rn);
	}
	rcu_read_unlock();
	return n;
}

int psw_rmt_add(struct psw_switch *sw, u8 family, const union psw_ip *ip,
		const u8 *encaps, u8 n, struct netlink_ext_ack *extack)
{
	struct psw_nego *ng = sw->nego;
	struct psw_rmt *r;

	if (psw_rmt_find(sw, family, ip)) {
		NL_SET_ERR_MSG(extack,
			       "the address has a remote object already (remote set changes it)");
		return -EEXIST;
	}
	if (ng->nremotes >= PSW_REMOTE_MAX) {
		ng->limit_hits++;
		NL_SET_ERR_MSG_FMT(extack,
				   "the switch has %u remote objects, the most it may (PSW_REMOTE_MAX)",
				   PSW_REMOTE_MAX);
		return -ENOSPC;
	}
	r = kzalloc(sizeof(*r), PSW_GFP);
	if (!r)
		return -ENOMEM;
	r->family = family;
	r->ip = *ip;
	memcpy(r->encaps, encaps, n);
	r->nencaps = n;
	list_add_tail(&r->node, &ng->list);
	hlist_add_head_rcu(&r->hnode, &ng->hash[psw_rmt_hash(family, ip)]);
	ng->nremotes++;
	psw_changed(sw);
	return 0;
}

static int psw_nego_busy(unsigned int users, const char *what,
			 struct netlink_ext_ack *extack)
{
	NL_SET_ERR_MSG_FMT(extack, "%u encap auto users %s (delete them first)",
			   users, what);
	return -EBUSY;
}

int psw_rmt_set(struct psw_switch *sw, struct psw_rmt *r, const u8 *encaps,
		u8 n, struct netlink_ext_ack *extack)
{
	struct psw_nego *ng = sw->nego;
	unsigned int users;

	users = psw_nego_users(sw, r, ng->encaps, ng->nencaps, encaps, n);
	if (users)
		return psw_nego_busy(users,
				     "would change",
				     extack);
	/* Only the control path reads the list: RTNL is enough. */
	memcpy(r->encaps, encaps, n);
	r->nencaps = n;
	psw_changed(sw);
	return 0;
}

/* Unlinks @r; the caller announces it and frees it with kfree_rcu(). */
int psw_rmt_del(struct psw_switch *sw, struct psw_rmt *r,
		struct netlink_ext_ack *extack)
{
	struct psw_nego *ng = sw->nego;
	unsigned int users;

	users = psw_nego_users(sw, r, ng->encaps, ng->nencaps, NULL, 0);
	if (users)
		return psw_nego_busy(users, "send to it", extack);
	hlist_del_rcu(&r->hnode);
	list_del(&r->node);
	ng->nremotes--;
	psw_changed(sw);
	return 0;
}

/*
 * switch-set's PSW_A_ENCAPS, checked: refused if it would change what an
 * auto entry, member or gateway chose. psw_nego_apply_switch() sets it.
 */
int psw_nego_check_switch(struct psw_switch *sw, const struct nlattr *attr,
			  u8 *encaps, u8 *n, struct netlink_ext_ack *extack)
{
	unsigned int users;
	int err;

	err = psw_nego_parse(attr, encaps, n, extack);
	if (err)
		return err;
	users = psw_nego_users(sw, NULL, encaps, *n, NULL, 0);
	if (users)
		return psw_nego_busy(users,
				     "would change",
				     extack);
	return 0;
}

void psw_nego_apply_switch(struct psw_switch *sw, const u8 *encaps, u8 n)
{
	memcpy(sw->nego->encaps, encaps, n);
	sw->nego->nencaps = n;
}
