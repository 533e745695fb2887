/* SPDX-License-Identifier: GPL-2.0 */
/*
 * ytree - a YAML (and so JSON) document read into a tree with the line
 * and column of every node, so that every refusal can name where the
 * offending value is. Built on libyaml's event parser; anchors, aliases
 * and tags are refused (a topology needs none of them).
 */
#ifndef _CTL_YTREE_H
#define _CTL_YTREE_H

#include <stdbool.h>
#include <stddef.h>

enum ynode_type { Y_SCALAR, Y_MAP, Y_SEQ };

struct ynode {
	enum ynode_type type;
	unsigned int line, col;		/* 1-based, where the node starts */
	size_t start, end;		/* byte offsets in the input */
	bool quoted;			/* scalars: written in quotes */
	char *str;			/* scalars */
	size_t n;			/* maps: pairs; sequences: items */
	struct ynode **keys;		/* maps: scalar keys */
	struct ynode **items;		/* maps: values; sequences: items */
};

/*
 * Parse text (len bytes) into *out (NULL for an empty document). On error
 * returns -1 with "LINE:COL: message" in err.
 */
int ytree_parse(const char *text, size_t len, struct ynode **out,
		char *err, size_t errlen);
void ytree_free(struct ynode *n);
/* The value of key in map m, or NULL */
struct ynode *ytree_get(const struct ynode *m, const char *key);

#endif
