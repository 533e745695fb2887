// SPDX-License-Identifier: GPL-2.0
/*
 * hmap: hashes with linear probing. Keys are not stored: a lookup yields
 * every value whose key hashed the same and the caller compares keys.
 */
#include <stdlib.h>

#include "hmap.h"

uint64_t hmap_str_hash(const char *s)
{
	uint64_t h = 1469598103934665603ULL;	/* FNV-1a */

	while (*s) {
		h ^= (unsigned char)*s++;
		h *= 1099511628211ULL;
	}
	return h ? h : 1;
}

/* spread any key over the table (splitmix64's finalizer) */
static uint64_t mix(uint64_t x)
{
	x ^= x >> 30;
	x *= 0xbf58476d1ce4e5b9ULL;
	x ^= x >> 27;
	x *= 0x94d049bb133111ebULL;
	x ^= x >> 31;
	return x;
}

void hmap_free(struct hmap *m)
{
	free(m->hash);
	free(m->val);
	m->hash = NULL;
	m->val = NULL;
	m->cap = m->n = 0;
}

static int hmap_grow(struct hmap *m)
{
	size_t ncap = m->cap ? m->cap * 2 : 64, i, j;
	uint64_t *nh = calloc(ncap, sizeof(*nh));
	size_t *nv = calloc(ncap, sizeof(*nv));

	if (!nh || !nv) {
		free(nh);
		free(nv);
		return -1;
	}
	for (i = 0; i < m->cap; i++) {
		if (!m->hash[i])
			continue;
		for (j = mix(m->hash[i]) & (ncap - 1); nh[j];
		     j = (j + 1) & (ncap - 1))
			;
		nh[j] = m->hash[i];
		nv[j] = m->val[i];
	}
	free(m->hash);
	free(m->val);
	m->hash = nh;
	m->val = nv;
	m->cap = ncap;
	return 0;
}

int hmap_put(struct hmap *m, uint64_t hash, size_t val)
{
	size_t j;

	if (!hash)
		hash = 1;
	if ((m->n + 1) * 2 > m->cap && hmap_grow(m))
		return -1;
	for (j = mix(hash) & (m->cap - 1); m->hash[j];
	     j = (j + 1) & (m->cap - 1))
		;
	m->hash[j] = hash;
	m->val[j] = val;
	m->n++;
	return 0;
}

long hmap_next(const struct hmap *m, uint64_t hash, size_t *pos)
{
	size_t j;

	if (!m->cap)
		return -1;
	if (!hash)
		hash = 1;
	/* *pos counts probes from the home slot */
	for (; *pos < m->cap; (*pos)++) {
		j = (mix(hash) + *pos) & (m->cap - 1);
		if (!m->hash[j])
			return -1;
		if (m->hash[j] == hash) {
			(*pos)++;
			return (long)m->val[j];
		}
	}
	return -1;
}
