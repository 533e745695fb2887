/* SPDX-License-Identifier: GPL-2.0 */
/* hmap - open addressing hash map from a string or u64 key to an index */
#ifndef _CTL_HMAP_H
#define _CTL_HMAP_H

#include <stddef.h>
#include <stdint.h>

struct hmap {
	size_t cap, n;
	uint64_t *hash;		/* 0: empty slot */
	size_t *val;
};

/* For string keys the caller compares: get returns candidates in turn. */
void hmap_free(struct hmap *m);
uint64_t hmap_str_hash(const char *s);
int hmap_put(struct hmap *m, uint64_t hash, size_t val);
/* Iterate the values stored under hash: *pos starts at 0; -1 at the end */
long hmap_next(const struct hmap *m, uint64_t hash, size_t *pos);

#endif
