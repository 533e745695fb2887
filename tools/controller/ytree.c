// SPDX-License-Identifier: GPL-2.0
/*
 * ytree: libyaml events to a tree of nodes with positions.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <yaml.h>

#include "ytree.h"

#define YTREE_MAX_DEPTH 64

struct yparse {
	yaml_parser_t p;
	char *err;
	size_t errlen;
};

static void yerr(struct yparse *y, const yaml_mark_t *m, const char *msg,
		 const char *ctx)
{
	snprintf(y->err, y->errlen, "%zu:%zu: %s%s%s", m->line + 1,
		 m->column + 1, msg, ctx ? " " : "", ctx ? ctx : "");
}

static int next_event(struct yparse *y, yaml_event_t *ev)
{
	if (yaml_parser_parse(&y->p, ev))
		return 0;
	if (y->p.context)
		snprintf(y->err, y->errlen, "%zu:%zu: %s (%s at line %zu)",
			 y->p.problem_mark.line + 1,
			 y->p.problem_mark.column + 1,
			 y->p.problem ? y->p.problem : "syntax error",
			 y->p.context, y->p.context_mark.line + 1);
	else
		snprintf(y->err, y->errlen, "%zu:%zu: %s",
			 y->p.problem_mark.line + 1,
			 y->p.problem_mark.column + 1,
			 y->p.problem ? y->p.problem : "syntax error");
	return -1;
}

static struct ynode *node_new(enum ynode_type t, const yaml_event_t *ev)
{
	struct ynode *n = calloc(1, sizeof(*n));

	if (!n)
		return NULL;
	n->type = t;
	n->line = ev->start_mark.line + 1;
	n->col = ev->start_mark.column + 1;
	n->start = ev->start_mark.index;
	n->end = ev->end_mark.index;
	return n;
}

static int node_push(struct ynode *parent, struct ynode *key,
		     struct ynode *item)
{
	size_t cap = parent->n;
	struct ynode **ni, **nk;

	/* grow in powers of two */
	if ((cap & (cap - 1)) == 0) {
		size_t ncap = cap ? cap * 2 : 4;

		ni = realloc(parent->items, ncap * sizeof(*ni));
		if (!ni)
			return -1;
		parent->items = ni;
		if (parent->type == Y_MAP) {
			nk = realloc(parent->keys, ncap * sizeof(*nk));
			if (!nk)
				return -1;
			parent->keys = nk;
		}
	}
	if (parent->type == Y_MAP)
		parent->keys[parent->n] = key;
	parent->items[parent->n++] = item;
	return 0;
}

void ytree_free(struct ynode *n)
{
	size_t i;

	if (!n)
		return;
	for (i = 0; i < n->n; i++) {
		if (n->type == Y_MAP)
			ytree_free(n->keys[i]);
		ytree_free(n->items[i]);
	}
	free(n->keys);
	free(n->items);
	free(n->str);
	free(n);
}

static struct ynode *parse_node(struct yparse *y, yaml_event_t *ev,
				int depth);

/* Parse the children of a collection until its end event */
static int parse_children(struct yparse *y, struct ynode *n, int depth)
{
	yaml_event_t ev;
	yaml_event_type_t end = n->type == Y_MAP ? YAML_MAPPING_END_EVENT :
						   YAML_SEQUENCE_END_EVENT;
	struct ynode *key, *val;
	size_t i;

	for (;;) {
		if (next_event(y, &ev))
			return -1;
		if (ev.type == end) {
			n->end = ev.end_mark.index;
			yaml_event_delete(&ev);
			return 0;
		}
		key = NULL;
		if (n->type == Y_MAP) {
			if (ev.type != YAML_SCALAR_EVENT) {
				yerr(y, &ev.start_mark,
				     "a key must be a plain name", NULL);
				yaml_event_delete(&ev);
				return -1;
			}
			key = parse_node(y, &ev, depth + 1);
			if (!key)
				return -1;
			for (i = 0; i < n->n; i++) {
				if (strcmp(n->keys[i]->str, key->str))
					continue;
				snprintf(y->err, y->errlen,
					 "%u:%u: duplicate key \"%s\" (first at line %u)",
					 key->line, key->col, key->str,
					 n->keys[i]->line);
				ytree_free(key);
				return -1;
			}
			if (next_event(y, &ev)) {
				ytree_free(key);
				return -1;
			}
		}
		val = parse_node(y, &ev, depth + 1);
		if (!val || node_push(n, key, val)) {
			if (val)
				snprintf(y->err, y->errlen, "out of memory");
			ytree_free(key);
			ytree_free(val);
			return -1;
		}
	}
}

/* Consumes ev. */
static struct ynode *parse_node(struct yparse *y, yaml_event_t *ev,
				int depth)
{
	struct ynode *n = NULL;

	if (depth > YTREE_MAX_DEPTH) {
		yerr(y, &ev->start_mark, "nested too deeply", NULL);
		goto out;
	}
	switch (ev->type) {
	case YAML_SCALAR_EVENT:
		if (ev->data.scalar.anchor || (ev->data.scalar.tag &&
		    !ev->data.scalar.plain_implicit &&
		    !ev->data.scalar.quoted_implicit)) {
			yerr(y, &ev->start_mark,
			     "anchors and tags are not accepted", NULL);
			goto out;
		}
		n = node_new(Y_SCALAR, ev);
		if (!n)
			goto oom;
		n->str = strndup((const char *)ev->data.scalar.value,
				 ev->data.scalar.length);
		if (!n->str)
			goto oom;
		if (strlen(n->str) != ev->data.scalar.length) {
			yerr(y, &ev->start_mark, "NUL byte in a value", NULL);
			ytree_free(n);
			n = NULL;
			goto out;
		}
		n->quoted = ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE;
		break;
	case YAML_MAPPING_START_EVENT:
	case YAML_SEQUENCE_START_EVENT:
		if (ev->type == YAML_MAPPING_START_EVENT ?
		    ev->data.mapping_start.anchor != NULL :
		    ev->data.sequence_start.anchor != NULL) {
			yerr(y, &ev->start_mark,
			     "anchors are not accepted", NULL);
			goto out;
		}
		n = node_new(ev->type == YAML_MAPPING_START_EVENT ? Y_MAP :
			     Y_SEQ, ev);
		if (!n)
			goto oom;
		yaml_event_delete(ev);
		if (parse_children(y, n, depth)) {
			ytree_free(n);
			return NULL;
		}
		return n;
	case YAML_ALIAS_EVENT:
		yerr(y, &ev->start_mark, "aliases are not accepted", NULL);
		goto out;
	default:
		yerr(y, &ev->start_mark, "unexpected YAML event", NULL);
		goto out;
	}
out:
	yaml_event_delete(ev);
	return n;
oom:
	snprintf(y->err, y->errlen, "out of memory");
	ytree_free(n);
	yaml_event_delete(ev);
	return NULL;
}

int ytree_parse(const char *text, size_t len, struct ynode **out,
		char *err, size_t errlen)
{
	struct yparse y = { .err = err, .errlen = errlen };
	yaml_event_t ev;
	struct ynode *root = NULL;
	int rc = -1;

	*out = NULL;
	snprintf(err, errlen, "1:1: syntax error");
	if (memchr(text, '\0', len)) {
		snprintf(err, errlen, "NUL byte in the input");
		return -1;
	}
	if (!yaml_parser_initialize(&y.p)) {
		snprintf(err, errlen, "out of memory");
		return -1;
	}
	yaml_parser_set_input_string(&y.p, (const unsigned char *)text, len);
	yaml_parser_set_encoding(&y.p, YAML_UTF8_ENCODING);
	/* STREAM-START, then DOCUMENT-START or STREAM-END */
	if (next_event(&y, &ev))
		goto out;
	yaml_event_delete(&ev);
	if (next_event(&y, &ev))
		goto out;
	if (ev.type == YAML_STREAM_END_EVENT) {
		yaml_event_delete(&ev);
		rc = 0;
		goto out;
	}
	yaml_event_delete(&ev);
	if (next_event(&y, &ev))
		goto out;
	root = parse_node(&y, &ev, 0);
	if (!root)
		goto out;
	/* DOCUMENT-END, then STREAM-END: one document only */
	if (next_event(&y, &ev))
		goto out;
	yaml_event_delete(&ev);
	if (next_event(&y, &ev))
		goto out;
	if (ev.type != YAML_STREAM_END_EVENT) {
		yerr(&y, &ev.start_mark, "more than one document", NULL);
		yaml_event_delete(&ev);
		goto out;
	}
	yaml_event_delete(&ev);
	*out = root;
	root = NULL;
	rc = 0;
out:
	ytree_free(root);
	yaml_parser_delete(&y.p);
	return rc;
}

struct ynode *ytree_get(const struct ynode *m, const char *key)
{
	size_t i;

	if (!m || m->type != Y_MAP)
		return NULL;
	for (i = 0; i < m->n; i++)
		if (!strcmp(m->keys[i]->str, key))
			return m->items[i];
	return NULL;
}
