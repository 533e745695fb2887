// SPDX-License-Identifier: GPL-2.0
/*
 * Small helpers shared by the controller and the agent.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "ctl.h"

void buf_printf(struct ctl_buf *b, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (b->oom)
		return;
	for (;;) {
		size_t room = b->cap - b->len;

		va_start(ap, fmt);
		n = vsnprintf(b->s ? b->s + b->len : NULL, room, fmt, ap);
		va_end(ap);
		if (n < 0) {
			b->oom = true;
			return;
		}
		if ((size_t)n < room) {
			b->len += n;
			return;
		}
		size_t ncap = b->cap ? b->cap : 256;
		char *ns;

		while (ncap - b->len <= (size_t)n)
			ncap *= 2;
		ns = realloc(b->s, ncap);
		if (!ns) {
			b->oom = true;
			return;
		}
		b->s = ns;
		b->cap = ncap;
	}
}

void buf_free(struct ctl_buf *b)
{
	free(b->s);
	memset(b, 0, sizeof(*b));
}

int ctl_mac_parse(const char *s, uint8_t mac[CTL_ALEN])
{
	unsigned int i, v;

	for (i = 0; i < CTL_ALEN; i++) {
		if (!isxdigit((unsigned char)s[0]) ||
		    !isxdigit((unsigned char)s[1]))
			return -1;
		sscanf(s, "%2x", &v);
		mac[i] = v;
		s += 2;
		if (i < CTL_ALEN - 1 && *s++ != ':')
			return -1;
	}
	return *s ? -1 : 0;
}

char *ctl_mac_format(const uint8_t m[CTL_ALEN], char buf[CTL_MACSTR])
{
	snprintf(buf, CTL_MACSTR, "%02x:%02x:%02x:%02x:%02x:%02x",
		 m[0], m[1], m[2], m[3], m[4], m[5]);
	return buf;
}

bool ctl_mac_zero(const uint8_t m[CTL_ALEN])
{
	return !(m[0] | m[1] | m[2] | m[3] | m[4] | m[5]);
}

bool ctl_mac_unicast(const uint8_t m[CTL_ALEN])
{
	return !(m[0] & 1) && !ctl_mac_zero(m);
}

int ctl_addr_parse(const char *s, struct ctl_addr *a)
{
	memset(a, 0, sizeof(*a));
	if (inet_pton(AF_INET, s, a->a) == 1) {
		a->family = AF_INET;
		return 0;
	}
	if (inet_pton(AF_INET6, s, a->a) == 1) {
		a->family = AF_INET6;
		return 0;
	}
	return -1;
}

char *ctl_addr_format(const struct ctl_addr *a, char buf[CTL_ADDRSTR])
{
	if (!a->family || !inet_ntop(a->family, a->a, buf, CTL_ADDRSTR))
		snprintf(buf, CTL_ADDRSTR, "none");
	return buf;
}

bool ctl_addr_eq(const struct ctl_addr *a, const struct ctl_addr *b)
{
	if (a->family != b->family)
		return false;
	if (!a->family)
		return true;
	return !memcmp(a->a, b->a, a->family == AF_INET ? 4 : 16);
}

static const char *const encap_names[] = {
	[CTL_ENCAP_VXLAN] = "vxlan",
	[CTL_ENCAP_NVGRE] = "nvgre",
	[CTL_ENCAP_ETHERIP] = "etherip",
};

const char *ctl_encap_name(enum ctl_encap e)
{
	if (e > CTL_ENCAP_NONE && e <= CTL_ENCAP_ETHERIP)
		return encap_names[e];
	return "?";
}

/*
 * "ipip", EtherIP's name before "etherip", is accepted for one release,
 * in topology files and in the desired state alike.
 */
int ctl_encap_parse(const char *s, enum ctl_encap *e)
{
	unsigned int i;

	if (!strcmp(s, "ipip")) {
		*e = CTL_ENCAP_ETHERIP;
		return 0;
	}

	for (i = CTL_ENCAP_VXLAN; i <= CTL_ENCAP_ETHERIP; i++)
		if (!strcmp(s, encap_names[i])) {
			*e = i;
			return 0;
		}
	return -1;
}

/* What the kernel's dev_valid_name() accepts */
bool ctl_ifname_ok(const char *s)
{
	size_t n = strlen(s);

	if (!n || n >= CTL_IFNAMSIZ || !strcmp(s, ".") || !strcmp(s, ".."))
		return false;
	for (; *s; s++)
		if (*s == '/' || *s == ':' || isspace((unsigned char)*s))
			return false;
	return true;
}

/* Host and VM names: they become store keys and file names */
bool ctl_name_ok(const char *s)
{
	size_t n = strlen(s);

	if (!n || n > CTL_NAME_MAX || s[0] == '.' || s[0] == '-')
		return false;
	for (; *s; s++)
		if (!isalnum((unsigned char)*s) && !strchr("._-", *s))
			return false;
	return true;
}

int ctl_u64_parse(const char *s, uint64_t *v)
{
	uint64_t x = 0;

	if (!*s)
		return -1;
	for (; *s; s++) {
		if (*s < '0' || *s > '9')
			return -1;
		if (x > (UINT64_MAX - 9) / 10)
			return -1;
		x = x * 10 + (*s - '0');
	}
	*v = x;
	return 0;
}

int docs_add(struct ctl_docs *d, const char *key, const char *val)
{
	struct ctl_doc *nv = realloc(d->v, (d->n + 1) * sizeof(*nv));

	if (!nv)
		return -1;
	d->v = nv;
	nv[d->n].key = strdup(key);
	nv[d->n].val = strdup(val);
	if (!nv[d->n].key || !nv[d->n].val) {
		free(nv[d->n].key);
		free(nv[d->n].val);
		return -1;
	}
	d->n++;
	return 0;
}

void docs_free(struct ctl_docs *d)
{
	size_t i;

	for (i = 0; i < d->n; i++) {
		free(d->v[i].key);
		free(d->v[i].val);
	}
	free(d->v);
	memset(d, 0, sizeof(*d));
}

const struct ctl_doc *docs_find(const struct ctl_docs *d, const char *key)
{
	size_t i;

	for (i = 0; i < d->n; i++)
		if (!strcmp(d->v[i].key, key))
			return &d->v[i];
	return NULL;
}

static int doc_cmp(const void *a, const void *b)
{
	return strcmp(((const struct ctl_doc *)a)->key,
		      ((const struct ctl_doc *)b)->key);
}

void docs_sort(struct ctl_docs *d)
{
	if (d->n)
		qsort(d->v, d->n, sizeof(*d->v), doc_cmp);
}
