// SPDX-License-Identifier: GPL-2.0
/*
 * The desired state of one host's switch as text documents, and back.
 *
 *   switch:     switch NAME | local4 ADDR | local6 ADDR | vxlan-port N |
 *               uplink DEV
 *   pans/<id>:  pan ID | local4 ADDR | local6 ADDR |
 *               hold frames N time MS |
 *               port DEV vm NAME mac MAC [mac MAC]... [ext MAC] |
 *               entry MAC xlate ext MAC vm NAME |
 *               entry MAC encap ENCAP remote ADDR vm NAME |
 *               entry MAC hold [ext MAC] vm NAME |
 *               flood uplink | flood remote ADDR encap ENCAP
 *
 * One item per line, words separated by blanks, '#' starts a comment.
 * The parser refuses anything else, naming the document and line.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ctl.h"

void state_render_switch(const struct ctl_switch *sw, struct ctl_buf *b)
{
	char a[CTL_ADDRSTR];

	buf_printf(b, "switch %s\n", sw->name);
	if (sw->local4.family)
		buf_printf(b, "local4 %s\n", ctl_addr_format(&sw->local4, a));
	if (sw->local6.family)
		buf_printf(b, "local6 %s\n", ctl_addr_format(&sw->local6, a));
	buf_printf(b, "vxlan-port %u\n", sw->vxlan_port);
	if (sw->uplink[0])
		buf_printf(b, "uplink %s\n", sw->uplink);
}

void state_render_pan(const struct ctl_pan *p, struct ctl_buf *b)
{
	char m[CTL_MACSTR], x[CTL_MACSTR], a[CTL_ADDRSTR];
	size_t i;
	unsigned int j;

	buf_printf(b, "pan %u\n", p->id);
	if (p->local4.family)
		buf_printf(b, "local4 %s\n", ctl_addr_format(&p->local4, a));
	if (p->local6.family)
		buf_printf(b, "local6 %s\n", ctl_addr_format(&p->local6, a));
	if (p->hold_frames || p->hold_time_ms)
		buf_printf(b, "hold frames %u time %u\n",
			   p->hold_frames ? p->hold_frames :
			   PSW_HOLD_FRAMES_DEFAULT,
			   p->hold_time_ms ? p->hold_time_ms :
			   PSW_HOLD_TIME_DEFAULT);
	for (i = 0; i < p->nports; i++) {
		const struct ctl_port *pt = &p->ports[i];

		buf_printf(b, "port %s vm %s", pt->dev, pt->vm);
		for (j = 0; j < pt->nmacs; j++)
			buf_printf(b, " mac %s", ctl_mac_format(pt->macs[j], m));
		if (pt->has_ext)
			buf_printf(b, " ext %s", ctl_mac_format(pt->ext, x));
		buf_printf(b, "\n");
	}
	for (i = 0; i < p->nentries; i++) {
		const struct ctl_entry *e = &p->entries[i];

		if (e->mode == CTL_MODE_XLATE)
			buf_printf(b, "entry %s xlate ext %s vm %s\n",
				   ctl_mac_format(e->mac, m),
				   ctl_mac_format(e->ext, x), e->vm);
		else if (e->mode == CTL_MODE_HOLD && !ctl_mac_zero(e->ext))
			buf_printf(b, "entry %s hold ext %s vm %s\n",
				   ctl_mac_format(e->mac, m),
				   ctl_mac_format(e->ext, x), e->vm);
		else if (e->mode == CTL_MODE_HOLD)
			buf_printf(b, "entry %s hold vm %s\n",
				   ctl_mac_format(e->mac, m), e->vm);
		else
			buf_printf(b, "entry %s encap %s remote %s vm %s\n",
				   ctl_mac_format(e->mac, m),
				   ctl_encap_name(e->encap),
				   ctl_addr_format(&e->remote, a), e->vm);
	}
	for (i = 0; i < p->nflood; i++) {
		const struct ctl_flood *f = &p->flood[i];

		if (f->uplink)
			buf_printf(b, "flood uplink\n");
		else
			buf_printf(b, "flood remote %s encap %s\n",
				   ctl_addr_format(&f->remote, a),
				   ctl_encap_name(f->encap));
	}
}

int state_render(const struct ctl_host_state *st, struct ctl_docs *out)
{
	struct ctl_buf b = { 0 };
	char key[32];
	size_t i;

	memset(out, 0, sizeof(*out));
	out->generation = st->generation;
	if (st->has_switch) {
		state_render_switch(&st->sw, &b);
		if (b.oom || docs_add(out, CTL_DOC_SWITCH, b.s))
			goto oom;
	}
	for (i = 0; i < st->npans; i++) {
		b.len = 0;
		state_render_pan(&st->pans[i], &b);
		snprintf(key, sizeof(key), CTL_DOC_PANS "%u", st->pans[i].id);
		if (b.oom || docs_add(out, key, b.s))
			goto oom;
	}
	buf_free(&b);
	return 0;
oom:
	buf_free(&b);
	docs_free(out);
	return -ENOMEM;
}

void state_free(struct ctl_host_state *st)
{
	size_t i;

	for (i = 0; i < st->npans; i++) {
		free(st->pans[i].ports);
		free(st->pans[i].entries);
		free(st->pans[i].flood);
	}
	free(st->pans);
	memset(st, 0, sizeof(*st));
}

const struct ctl_pan *state_pan(const struct ctl_host_state *st, uint32_t id)
{
	size_t lo = 0, hi = st->npans;

	while (lo < hi) {
		size_t mid = (lo + hi) / 2;

		if (st->pans[mid].id == id)
			return &st->pans[mid];
		if (st->pans[mid].id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return NULL;
}

/* ---- parsing ---- */

#define MAX_WORDS 40

struct lp {
	const char *key;
	unsigned int line;
	char *err;
	size_t errlen;
};

static int perr(struct lp *lp, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static int perr(struct lp *lp, const char *fmt, ...)
{
	int n;
	va_list ap;

	n = snprintf(lp->err, lp->errlen, "%s:%u: ", lp->key, lp->line);
	if (n < 0 || (size_t)n >= lp->errlen)
		return -EINVAL;
	va_start(ap, fmt);
	vsnprintf(lp->err + n, lp->errlen - n, fmt, ap);
	va_end(ap);
	return -EINVAL;
}

static int p_addr(struct lp *lp, const char *s, int family,
		  struct ctl_addr *a)
{
	if (!s)
		return perr(lp, "missing address");
	if (ctl_addr_parse(s, a) || (family && a->family != family))
		return perr(lp, "invalid %saddress \"%s\"",
			    family == AF_INET ? "IPv4 " :
			    family == AF_INET6 ? "IPv6 " : "", s);
	return 0;
}

static int p_mac(struct lp *lp, const char *s, uint8_t mac[CTL_ALEN])
{
	if (!s)
		return perr(lp, "missing MAC address");
	if (ctl_mac_parse(s, mac) || !ctl_mac_unicast(mac))
		return perr(lp, "invalid unicast MAC address \"%s\"", s);
	return 0;
}

static int p_name(struct lp *lp, const char *s, char *out, bool ifname)
{
	if (!s)
		return perr(lp, "missing name");
	if (ifname ? !ctl_ifname_ok(s) : !ctl_name_ok(s))
		return perr(lp, "invalid %s \"%s\"",
			    ifname ? "interface name" : "name", s);
	strcpy(out, s);
	return 0;
}

static int p_encap(struct lp *lp, const char *s, enum ctl_encap *e)
{
	if (!s || ctl_encap_parse(s, e))
		return perr(lp, "invalid encapsulation \"%s\"", s ? s : "");
	return 0;
}

/* Split line into words in place; -1 if too many */
static int split(char *line, char **w)
{
	int n = 0;
	char *p = line, *hash = strchr(line, '#');

	if (hash)
		*hash = '\0';
	for (;;) {
		while (*p == ' ' || *p == '\t' || *p == '\r')
			p++;
		if (!*p)
			break;
		if (n == MAX_WORDS)
			return -1;
		w[n++] = p;
		while (*p && *p != ' ' && *p != '\t' && *p != '\r')
			p++;
		if (*p)
			*p++ = '\0';
	}
	w[n] = NULL;
	return n;
}

/* The next line of *pos, NUL-terminated in place; NULL at the end */
static char *next_line(char **pos)
{
	char *s = *pos, *nl;

	if (!s || !*s)
		return NULL;
	nl = strchr(s, '\n');
	if (nl) {
		*nl = '\0';
		*pos = nl + 1;
	} else {
		*pos = NULL;
	}
	return s;
}

static int parse_switch(struct lp *lp, char *text, struct ctl_switch *sw)
{
	char *line, *pos = text, *w[MAX_WORDS + 1];
	bool seen = false;
	int n, rc;

	memset(sw, 0, sizeof(*sw));
	sw->vxlan_port = PSW_VXLAN_PORT;
	while ((line = next_line(&pos))) {
		lp->line++;
		n = split(line, w);
		if (n < 0)
			return perr(lp, "too many words");
		if (n == 0)
			continue;
		if (n != 2)
			return perr(lp, "\"%s\" takes one argument", w[0]);
		if (!strcmp(w[0], "switch")) {
			rc = p_name(lp, w[1], sw->name, true);
			seen = true;
		} else if (!strcmp(w[0], "local4")) {
			rc = p_addr(lp, w[1], AF_INET, &sw->local4);
		} else if (!strcmp(w[0], "local6")) {
			rc = p_addr(lp, w[1], AF_INET6, &sw->local6);
		} else if (!strcmp(w[0], "uplink")) {
			rc = p_name(lp, w[1], sw->uplink, true);
		} else if (!strcmp(w[0], "vxlan-port")) {
			uint64_t v;

			rc = 0;
			if (ctl_u64_parse(w[1], &v) || !v || v > 65535)
				rc = perr(lp, "invalid port \"%s\"", w[1]);
			sw->vxlan_port = v;
		} else {
			rc = perr(lp, "unknown keyword \"%s\"", w[0]);
		}
		if (rc)
			return rc;
	}
	if (!seen)
		return perr(lp, "no \"switch NAME\" line");
	return 0;
}

#define GROW(arr, n, what)						\
	({								\
		typeof(arr) _na = realloc(arr, ((n) + 1) * sizeof(*(arr))); \
		if (_na) {						\
			arr = _na;					\
			memset(&(arr)[n], 0, sizeof(*(arr)));		\
		}							\
		_na ? &(arr)[(n)++] : NULL;				\
	})

static int parse_port(struct lp *lp, char **w, int n, struct ctl_port *pt)
{
	int i, rc;

	rc = p_name(lp, w[1], pt->dev, true);
	for (i = 2; !rc && i < n; i += 2) {
		const char *v = i + 1 < n ? w[i + 1] : NULL;

		if (!v)
			return perr(lp, "missing value after \"%s\"", w[i]);
		if (!strcmp(w[i], "vm")) {
			rc = p_name(lp, v, pt->vm, false);
		} else if (!strcmp(w[i], "mac")) {
			if (pt->nmacs == CTL_MAX_MACS)
				return perr(lp, "more than %d MACs",
					    CTL_MAX_MACS);
			rc = p_mac(lp, v, pt->macs[pt->nmacs++]);
		} else if (!strcmp(w[i], "ext")) {
			rc = p_mac(lp, v, pt->ext);
			pt->has_ext = true;
		} else {
			rc = perr(lp, "unknown keyword \"%s\"", w[i]);
		}
	}
	if (!rc && !pt->nmacs)
		rc = perr(lp, "port %s has no MAC", pt->dev);
	return rc;
}

static int parse_entry(struct lp *lp, char **w, int n, struct ctl_entry *e)
{
	int i, rc;

	rc = p_mac(lp, w[1], e->mac);
	if (rc)
		return rc;
	if (n < 3)
		return perr(lp, "missing mode");
	if (!strcmp(w[2], "xlate")) {
		e->mode = CTL_MODE_XLATE;
		i = 3;
	} else if (!strcmp(w[2], "encap")) {
		e->mode = CTL_MODE_ENCAP;
		if (n < 4)
			return perr(lp, "missing encapsulation");
		rc = p_encap(lp, w[3], &e->encap);
		i = 4;
	} else if (!strcmp(w[2], "hold")) {
		e->mode = CTL_MODE_HOLD;
		i = 3;
	} else {
		return perr(lp, "unknown mode \"%s\"", w[2]);
	}
	bool has_ext = false;

	for (; !rc && i < n; i += 2) {
		const char *v = i + 1 < n ? w[i + 1] : NULL;

		if (!v)
			return perr(lp, "missing value after \"%s\"", w[i]);
		if (!strcmp(w[i], "vm")) {
			rc = p_name(lp, v, e->vm, false);
		} else if (e->mode != CTL_MODE_ENCAP && !strcmp(w[i], "ext")) {
			rc = p_mac(lp, v, e->ext);
			has_ext = true;
		} else if (e->mode == CTL_MODE_ENCAP &&
			   !strcmp(w[i], "remote")) {
			rc = p_addr(lp, v, 0, &e->remote);
		} else {
			rc = perr(lp, "unknown keyword \"%s\"", w[i]);
		}
	}
	if (rc)
		return rc;
	if (e->mode == CTL_MODE_XLATE && !has_ext)
		return perr(lp, "xlate without \"ext MAC\"");
	if (e->mode == CTL_MODE_ENCAP && !e->remote.family)
		return perr(lp, "encap without \"remote ADDR\"");
	return 0;
}

static int parse_flood(struct lp *lp, char **w, int n, struct ctl_flood *f)
{
	if (n == 2 && !strcmp(w[1], "uplink")) {
		f->uplink = true;
		return 0;
	}
	if (n == 5 && !strcmp(w[1], "remote") && !strcmp(w[3], "encap")) {
		if (p_addr(lp, w[2], 0, &f->remote))
			return -EINVAL;
		return p_encap(lp, w[4], &f->encap);
	}
	return perr(lp, "expected \"flood uplink\" or \"flood remote ADDR encap ENCAP\"");
}

static int parse_pan(struct lp *lp, char *text, uint32_t want,
		     struct ctl_pan *p)
{
	char *line, *pos = text, *w[MAX_WORDS + 1];
	bool seen = false;
	int n, rc;

	while ((line = next_line(&pos))) {
		lp->line++;
		n = split(line, w);
		if (n < 0)
			return perr(lp, "too many words");
		if (n == 0)
			continue;
		if (!strcmp(w[0], "pan")) {
			uint64_t v;

			if (n != 2 || ctl_u64_parse(w[1], &v) || v != want)
				return perr(lp, "expected \"pan %u\"", want);
			p->id = v;
			seen = true;
			continue;
		}
		if (!strcmp(w[0], "hold")) {
			uint64_t f, t;

			if (n != 5 || strcmp(w[1], "frames") ||
			    strcmp(w[3], "time") || ctl_u64_parse(w[2], &f) ||
			    ctl_u64_parse(w[4], &t) || !f ||
			    f > PSW_HOLD_FRAMES_MAX || !t ||
			    t > PSW_HOLD_TIME_MAX)
				return perr(lp, "expected \"hold frames 1..%d time 1..%d\"",
					    PSW_HOLD_FRAMES_MAX,
					    PSW_HOLD_TIME_MAX);
			p->hold_frames = f;
			p->hold_time_ms = t;
			continue;
		}
		if (!strcmp(w[0], "local4") || !strcmp(w[0], "local6")) {
			bool v4 = w[0][5] == '4';

			if (n != 2)
				return perr(lp, "\"%s\" takes one argument",
					    w[0]);
			rc = p_addr(lp, w[1], v4 ? AF_INET : AF_INET6,
				    v4 ? &p->local4 : &p->local6);
		} else if (!strcmp(w[0], "port") && n >= 2) {
			struct ctl_port *pt = GROW(p->ports, p->nports, port);

			rc = pt ? parse_port(lp, w, n, pt) : -ENOMEM;
		} else if (!strcmp(w[0], "entry") && n >= 2) {
			struct ctl_entry *e = GROW(p->entries, p->nentries,
						   entry);

			rc = e ? parse_entry(lp, w, n, e) : -ENOMEM;
		} else if (!strcmp(w[0], "flood")) {
			struct ctl_flood *f = GROW(p->flood, p->nflood, flood);

			if (f && p->nflood > CTL_FLOOD_MAX)
				return perr(lp, "more than %d flood members",
					    CTL_FLOOD_MAX);
			rc = f ? parse_flood(lp, w, n, f) : -ENOMEM;
		} else {
			rc = perr(lp, "unknown keyword \"%s\"", w[0]);
		}
		if (rc)
			return rc;
	}
	if (!seen)
		return perr(lp, "no \"pan %u\" line", want);
	return 0;
}

static int pan_cmp(const void *a, const void *b)
{
	uint32_t x = ((const struct ctl_pan *)a)->id;
	uint32_t y = ((const struct ctl_pan *)b)->id;

	return x < y ? -1 : x > y;
}

int state_parse(const struct ctl_docs *d, struct ctl_host_state *st,
		char *err, size_t errlen)
{
	struct lp lp = { .err = err, .errlen = errlen };
	size_t i;
	int rc = 0;

	memset(st, 0, sizeof(*st));
	st->generation = d->generation;
	for (i = 0; i < d->n && !rc; i++) {
		const char *key = d->v[i].key;
		char *text = strdup(d->v[i].val);
		uint64_t id;

		if (!text) {
			rc = -ENOMEM;
			snprintf(err, errlen, "out of memory");
			break;
		}
		lp.key = key;
		lp.line = 0;
		if (!strcmp(key, CTL_DOC_SWITCH)) {
			rc = parse_switch(&lp, text, &st->sw);
			st->has_switch = !rc;
		} else if (!strncmp(key, CTL_DOC_PANS, strlen(CTL_DOC_PANS)) &&
			   !ctl_u64_parse(key + strlen(CTL_DOC_PANS), &id) &&
			   id >= CTL_PAN_MIN && id <= CTL_PAN_MAX) {
			struct ctl_pan *p = GROW(st->pans, st->npans, pan);

			rc = p ? parse_pan(&lp, text, id, p) : -ENOMEM;
		} else {
			rc = perr(&lp, "unknown document");
		}
		free(text);
	}
	if (!rc && !st->has_switch && st->npans) {
		snprintf(err, errlen, "PANs but no \"switch\" document");
		rc = -EINVAL;
	}
	if (rc) {
		state_free(st);
		return rc;
	}
	qsort(st->pans, st->npans, sizeof(*st->pans), pan_cmp);
	for (i = 1; i < st->npans; i++)
		if (st->pans[i].id == st->pans[i - 1].id) {
			snprintf(err, errlen, "PAN %u twice", st->pans[i].id);
			state_free(st);
			return -EINVAL;
		}
	return 0;
}
