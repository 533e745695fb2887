// SPDX-License-Identifier: GPL-2.0
/*
 * The agent's adapter to libpanswitch: the only file of the agent (and
 * of tools/controller) that calls the library. Everything here converts
 * between the controller's types (ctl.h) and the library's.
 */
#include <errno.h>
#include <net/if.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include "apply.h"
#include "libpanswitch.h"

struct kapi {
	struct pswc_handle *h;
	char err[PSWC_ERRMSG_LEN + 64];
};

static void to_psw_addr(const struct ctl_addr *a, struct pswc_addr *p)
{
	memset(p, 0, sizeof(*p));
	p->family = a->family;
	memcpy(p->a, a->a, sizeof(p->a));
}

static void from_psw_addr(const struct pswc_addr *p, struct ctl_addr *a)
{
	memset(a, 0, sizeof(*a));
	a->family = p->family;
	if (p->family)
		memcpy(a->a, p->a, sizeof(a->a));
}

static enum ctl_encap from_psw_encap(unsigned int e)
{
	switch (e) {
	case PSW_ENCAP_VXLAN: return CTL_ENCAP_VXLAN;
	case PSW_ENCAP_NVGRE: return CTL_ENCAP_NVGRE;
	case PSW_ENCAP_ETHERIP: return CTL_ENCAP_ETHERIP;
	}
	return CTL_ENCAP_NONE;
}

static uint8_t to_psw_encap(enum ctl_encap e)
{
	switch (e) {
	case CTL_ENCAP_VXLAN: return PSW_ENCAP_VXLAN;
	case CTL_ENCAP_NVGRE: return PSW_ENCAP_NVGRE;
	case CTL_ENCAP_ETHERIP: return PSW_ENCAP_ETHERIP;
	default: return 0;
	}
}

/* Record the library's error; returns rc */
static int kerr(struct kapi *k, int rc, const char *what)
{
	char msg[PSWC_ERRMSG_LEN + 32];

	if (rc >= 0)
		return rc;
	pswc_error_format(pswc_last_error(k->h), msg, sizeof(msg));
	snprintf(k->err, sizeof(k->err), "%s: %s", what, msg);
	return rc;
}

struct kapi *kapi_open(char *err, size_t errlen)
{
	struct pswc_error e = { 0 };
	struct kapi *k = calloc(1, sizeof(*k));

	if (!k) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	k->h = pswc_open(&e);
	if (!k->h) {
		pswc_error_format(&e, err, errlen);
		free(k);
		return NULL;
	}
	return k;
}

void kapi_close(struct kapi *k)
{
	if (!k)
		return;
	pswc_close(k->h);
	free(k);
}

const char *kapi_error(struct kapi *k)
{
	return k->err;
}

/* IFF_UP of a device (SIOCGIFFLAGS), or -errno */
static int dev_flags(const char *dev, short *flags, bool set_up)
{
	struct ifreq ifr;
	int fd = socket(AF_INET, SOCK_DGRAM | SOCK_CLOEXEC, 0), rc = 0;

	if (fd < 0)
		return -errno;
	memset(&ifr, 0, sizeof(ifr));
	snprintf(ifr.ifr_name, sizeof(ifr.ifr_name), "%s", dev);
	if (ioctl(fd, SIOCGIFFLAGS, &ifr))
		rc = -errno;
	else if (set_up && !(ifr.ifr_flags & IFF_UP)) {
		ifr.ifr_flags |= IFF_UP;
		if (ioctl(fd, SIOCSIFFLAGS, &ifr))
			rc = -errno;
	}
	*flags = ifr.ifr_flags;
	close(fd);
	return rc;
}

int kapi_switch_up(struct kapi *k, const char *sw)
{
	short flags;
	int rc = dev_flags(sw, &flags, true);

	if (rc)
		snprintf(k->err, sizeof(k->err), "bringing %s up: %s", sw,
			 strerror(-rc));
	return rc;
}

bool kapi_dev_exists(struct kapi *k, const char *dev)
{
	(void)k;
	return if_nametoindex(dev) != 0;
}

bool kapi_dev_ready(struct kapi *k, const char *dev)
{
	short flags = 0;

	(void)k;
	return dev_flags(dev, &flags, false) == 0 && (flags & IFF_UP) &&
	       (flags & IFF_RUNNING);
}

struct rd {
	struct ctl_host_state *st;
	int rc;
};

static struct ctl_pan *pan_of(struct ctl_host_state *st, uint32_t id)
{
	return (struct ctl_pan *)state_pan(st, id);
}

static int rd_pan(const struct pswc_pan *p, const struct pswc_pan_miss *miss,
		  const struct pswc_pan_proxy *proxy,
		  const struct pswc_pan_hold *hold, void *arg)
{
	struct rd *r = arg;
	struct ctl_host_state *st = r->st;
	struct ctl_pan *np = realloc(st->pans, (st->npans + 1) * sizeof(*np));
	unsigned int i;

	if (!np)
		return r->rc = -ENOMEM;
	st->pans = np;
	np = &st->pans[st->npans];
	memset(np, 0, sizeof(*np));
	np->id = p->pan;
	from_psw_addr(&p->local4, &np->local4);
	from_psw_addr(&p->local6, &np->local6);
	(void)miss;
	(void)proxy;
	/* the kernel's defaults read as 0, as the desired state says them */
	if (hold->present) {
		if (hold->frames != PSW_HOLD_FRAMES_DEFAULT)
			np->hold_frames = hold->frames;
		if (hold->time_ms != PSW_HOLD_TIME_DEFAULT)
			np->hold_time_ms = hold->time_ms;
	}
	np->flood = calloc(p->nflood + 1, sizeof(*np->flood));
	if (!np->flood)
		return r->rc = -ENOMEM;
	for (i = 0; i < p->nflood; i++) {
		np->flood[i].uplink = p->flood[i].uplink;
		np->flood[i].encap = from_psw_encap(p->flood[i].encap);
		from_psw_addr(&p->flood[i].remote, &np->flood[i].remote);
	}
	np->nflood = p->nflood;
	st->npans++;
	return 0;
}

static int pan_cmp(const void *a, const void *b)
{
	uint32_t x = ((const struct ctl_pan *)a)->id;
	uint32_t y = ((const struct ctl_pan *)b)->id;

	return x < y ? -1 : x > y;
}

static int rd_port(const struct pswc_port *p, void *arg)
{
	struct rd *r = arg;
	struct ctl_pan *pan;
	struct ctl_port *np;

	if (p->role == PSW_PORT_ROLE_UPLINK) {
		snprintf(r->st->sw.uplink, sizeof(r->st->sw.uplink), "%s",
			 p->ifname);
		return 0;
	}
	pan = pan_of(r->st, p->pan);
	if (!pan)
		return 0;	/* changed under us: the next read sees it */
	np = realloc(pan->ports, (pan->nports + 1) * sizeof(*np));
	if (!np)
		return r->rc = -ENOMEM;
	pan->ports = np;
	np = &pan->ports[pan->nports++];
	memset(np, 0, sizeof(*np));
	snprintf(np->dev, sizeof(np->dev), "%s", p->ifname);
	np->nmacs = p->nmacs < CTL_MAX_MACS ? p->nmacs : CTL_MAX_MACS;
	memcpy(np->macs, p->macs, np->nmacs * CTL_ALEN);
	np->has_ext = p->has_ext_mac;
	if (p->has_ext_mac)
		memcpy(np->ext, p->ext_mac, CTL_ALEN);
	return 0;
}

static int rd_entry(const struct pswc_entry *e, void *arg)
{
	struct rd *r = arg;
	struct ctl_pan *pan;
	struct ctl_entry *ne;

	if (e->origin != PSW_ORIGIN_USER)
		return 0;	/* a port's own, or later origins */
	pan = pan_of(r->st, e->pan);
	if (!pan)
		return 0;
	ne = realloc(pan->entries, (pan->nentries + 1) * sizeof(*ne));
	if (!ne)
		return r->rc = -ENOMEM;
	pan->entries = ne;
	ne = &pan->entries[pan->nentries++];
	memset(ne, 0, sizeof(*ne));
	memcpy(ne->mac, e->mac, CTL_ALEN);
	switch (e->mode) {
	case PSW_MODE_XLATE:
		ne->mode = CTL_MODE_XLATE;
		memcpy(ne->ext, e->ext_mac, CTL_ALEN);
		break;
	case PSW_MODE_ENCAP:
		ne->mode = CTL_MODE_ENCAP;
		ne->encap = from_psw_encap(e->encap);
		from_psw_addr(&e->remote, &ne->remote);
		break;
	case PSW_MODE_HOLD:
		ne->mode = CTL_MODE_HOLD;
		if (e->has_ext_mac)
			memcpy(ne->ext, e->ext_mac, CTL_ALEN);
		break;
	default:
		ne->mode = KAPI_MODE_OTHER;
		break;
	}
	return 0;
}

int kapi_read(struct kapi *k, const char *sw, struct ctl_host_state *cur,
	      bool *exists)
{
	struct pswc_switch s;
	struct rd r = { .st = cur };
	int rc;

	memset(cur, 0, sizeof(*cur));
	*exists = false;
	rc = pswc_switch_get(k->h, sw, &s);
	if (rc == -ENODEV)
		return 0;
	if (rc)
		return kerr(k, rc, "reading the switch");
	*exists = true;
	cur->has_switch = true;
	{
		short flags = 0;

		cur->sw.down = dev_flags(sw, &flags, false) == 0 &&
			       !(flags & IFF_UP);
	}
	snprintf(cur->sw.name, sizeof(cur->sw.name), "%s", sw);
	from_psw_addr(&s.local4, &cur->sw.local4);
	from_psw_addr(&s.local6, &cur->sw.local6);
	cur->sw.vxlan_port = s.vxlan_port;
	pswc_switch_clear(&s);
	rc = pswc_pan_hold_dump(k->h, sw, rd_pan, &r);
	if (!rc && !r.rc) {
		qsort(cur->pans, cur->npans, sizeof(*cur->pans), pan_cmp);
		rc = pswc_port_dump(k->h, sw, rd_port, &r);
	}
	if (!rc && !r.rc)
		rc = pswc_entry_dump(k->h, sw, 0, rd_entry, &r);
	if (r.rc) {
		snprintf(k->err, sizeof(k->err), "reading the switch: %s",
			 strerror(-r.rc));
		rc = r.rc;
	} else if (rc) {
		kerr(k, rc, "reading the switch");
	}
	if (rc)
		state_free(cur);
	return rc;
}

int kapi_switch_add(struct kapi *k, const char *sw)
{
	return kerr(k, pswc_switch_new(k->h, sw), "creating the switch");
}

int kapi_switch_set(struct kapi *k, const char *sw,
		    const struct ctl_addr *local4,
		    const struct ctl_addr *local6, uint16_t vxlan_port)
{
	struct pswc_addr a4, a6;

	if (local4) {
		to_psw_addr(local4, &a4);
		a4.family = AF_INET;	/* all zeroes: clear */
	}
	if (local6) {
		to_psw_addr(local6, &a6);
		a6.family = AF_INET6;
	}
	return kerr(k, pswc_switch_set(k->h, sw, local4 ? &a4 : NULL,
				       local6 ? &a6 : NULL, vxlan_port),
		    "setting the underlay");
}

int kapi_uplink_add(struct kapi *k, const char *sw, const char *dev)
{
	return kerr(k, pswc_port_new(k->h, sw, dev, PSW_PORT_ROLE_UPLINK, 0,
				     NULL, 0, NULL), "attaching the uplink");
}

int kapi_port_add(struct kapi *k, const char *sw, uint32_t pan,
		  const struct ctl_port *p)
{
	uint8_t macs[CTL_MAX_MACS][PSWC_ETH_ALEN];

	memcpy(macs, p->macs, sizeof(macs));
	return kerr(k, pswc_port_new(k->h, sw, p->dev, PSW_PORT_ROLE_VM, pan,
				     (const uint8_t (*)[PSWC_ETH_ALEN])macs,
				     p->nmacs, p->has_ext ? p->ext : NULL),
		    "attaching a port");
}

int kapi_port_del(struct kapi *k, const char *sw, const char *dev)
{
	return kerr(k, pswc_port_del(k->h, sw, dev), "detaching a port");
}

int kapi_pan_add(struct kapi *k, const char *sw, uint32_t pan)
{
	return kerr(k, pswc_pan_new(k->h, sw, pan), "adding a PAN");
}

int kapi_pan_del(struct kapi *k, const char *sw, uint32_t pan)
{
	return kerr(k, pswc_pan_del(k->h, sw, pan), "deleting a PAN");
}

int kapi_pan_set(struct kapi *k, const char *sw, uint32_t pan,
		 const struct ctl_addr *local4, const struct ctl_addr *local6)
{
	struct pswc_addr a4, a6;

	to_psw_addr(local4, &a4);
	a4.family = AF_INET;
	to_psw_addr(local6, &a6);
	a6.family = AF_INET6;
	return kerr(k, pswc_pan_set(k->h, sw, pan, &a4, &a6, -1),
		    "setting a PAN's addresses");
}

int kapi_pan_set_hold(struct kapi *k, const char *sw, uint32_t pan,
		      uint32_t frames, uint32_t time_ms)
{
	struct pswc_hold_conf c = {
		.frames = frames ? frames : PSW_HOLD_FRAMES_DEFAULT,
		.dests = -1,
		.time_ms = time_ms ? time_ms : PSW_HOLD_TIME_DEFAULT,
	};

	return kerr(k, pswc_pan_set_hold(k->h, sw, pan, &c),
		    "setting a PAN's hold queue");
}

int kapi_entry_put(struct kapi *k, const char *sw, uint32_t pan,
		   const struct ctl_entry *e, bool replace)
{
	struct pswc_entry pe;

	memset(&pe, 0, sizeof(pe));
	snprintf(pe.sw_ifname, sizeof(pe.sw_ifname), "%s", sw);
	pe.pan = pan;
	memcpy(pe.mac, e->mac, CTL_ALEN);
	if (e->mode == CTL_MODE_XLATE) {
		pe.mode = PSW_MODE_XLATE;
		pe.has_ext_mac = true;
		memcpy(pe.ext_mac, e->ext, CTL_ALEN);
	} else if (e->mode == CTL_MODE_HOLD) {
		pe.mode = PSW_MODE_HOLD;
		pe.has_ext_mac = !ctl_mac_zero(e->ext);
		memcpy(pe.ext_mac, e->ext, CTL_ALEN);
	} else {
		pe.mode = PSW_MODE_ENCAP;
		pe.encap = to_psw_encap(e->encap);
		to_psw_addr(&e->remote, &pe.remote);
	}
	return kerr(k, pswc_entry_add(k->h, &pe, replace), "adding an entry");
}

int kapi_entry_del(struct kapi *k, const char *sw, uint32_t pan,
		   const uint8_t mac[CTL_ALEN])
{
	return kerr(k, pswc_entry_del(k->h, sw, pan, mac), "deleting an entry");
}

static void to_member(const struct ctl_flood *f, struct pswc_flood_member *m)
{
	memset(m, 0, sizeof(*m));
	m->uplink = f->uplink;
	if (!f->uplink) {
		m->encap = to_psw_encap(f->encap);
		to_psw_addr(&f->remote, &m->remote);
	}
}

int kapi_flood_add(struct kapi *k, const char *sw, uint32_t pan,
		   const struct ctl_flood *f)
{
	struct pswc_flood_member m;

	to_member(f, &m);
	return kerr(k, pswc_flood_new(k->h, sw, pan, &m),
		    "adding a flood member");
}

int kapi_flood_del(struct kapi *k, const char *sw, uint32_t pan,
		   const struct ctl_flood *f)
{
	struct pswc_flood_member m;

	to_member(f, &m);
	return kerr(k, pswc_flood_del(k->h, sw, pan, &m),
		    "removing a flood member");
}
