/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Helpers of the etcd back end (store-etcd.c) that the etcd benchmark
 * uses too: base64, and reading the JSON gateway's answers.
 */
#ifndef _CTL_ETCD_H
#define _CTL_ETCD_H

#include <stddef.h>
#include <stdint.h>

#include "ctl.h"
#include "ytree.h"

#define ETCD_PREFIX "/panswitch/v1/"

/* base64 of len bytes into b (NUL-terminated) */
void b64_enc(struct ctl_buf *b, const void *data, size_t len);
/* decode s into a malloc'd NUL-terminated string; NULL if invalid */
char *b64_dec(const char *s, size_t *len);
/*
 * "field":"base64 of ETCD_PREFIX + key"; with prefix_end, of the end of
 * the range of keys that start with it (its last byte plus one).
 */
void etcd_key(struct ctl_buf *b, const char *field, const char *key,
	      bool prefix_end);
/* a numeric field sent as a string ("revision": "12") */
uint64_t etcd_num(const struct ynode *m, const char *field);
/* {"error": ...} or {"result": {"error"...}}: the message, or NULL */
const char *etcd_error(const struct ynode *root);

#endif
