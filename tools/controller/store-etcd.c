// SPDX-License-Identifier: GPL-2.0
/*
 * The etcd v3 back end, through etcd's JSON gateway (/v3/kv/range,
 * /v3/kv/txn, /v3/watch, /v3/lease/...: keys and values in base64,
 * 64-bit numbers as strings) with libcurl. Documentation/controller.md
 * says why this path and not gRPC.
 *
 * Keys are ETCD_PREFIX + the store's keys (store.h). A host's desired
 * state is written in one transaction (or, past etcd's 128 operations
 * per transaction, several, puts first and deletes after), the last one
 * rewriting hosts/HOST/desired/generation: its mod_revision is the
 * generation. An agent watches that one key and reads its host's prefix
 * at exactly that revision, so it never sees half a generation. A watch
 * that ends (etcd restarted, compaction, network) reports STORE_EV_LOST:
 * the agent re-reads (with backoff) and watches again from the revision
 * it read.
 */
#define _GNU_SOURCE
#include <curl/curl.h>
#include <errno.h>
#include <inttypes.h>
#include <poll.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "etcd.h"
#include "store.h"

#define TXN_MAX_OPS 120		/* etcd's --max-txn-ops is 128 */
#define RANGE_PAGE 2000

struct setcd {
	char base[256];
	CURL *easy;
	struct ctl_buf resp;
	/* watch */
	CURLM *multi;
	CURL *watch;
	struct ctl_buf wbuf;
	struct curl_slist *hdrs;
	char *wbody;
	bool changed, lost;
	uint64_t read_rev;		/* revision of the last read */
	uint64_t want_rev;		/* generation seen by the watch */
	char host[CTL_NAME_MAX + 1];
	/* liveness */
	int64_t lease;
};

#define SE(s) ((struct setcd *)(s)->priv)

/* ---- base64 and JSON bits ---- */

static const char b64[] =
	"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

void b64_enc(struct ctl_buf *b, const void *data, size_t len)
{
	const unsigned char *p = data;
	size_t i;

	for (i = 0; i + 2 < len; i += 3)
		buf_printf(b, "%c%c%c%c", b64[p[i] >> 2],
			   b64[(p[i] & 3) << 4 | p[i + 1] >> 4],
			   b64[(p[i + 1] & 15) << 2 | p[i + 2] >> 6],
			   b64[p[i + 2] & 63]);
	if (len - i == 1)
		buf_printf(b, "%c%c==", b64[p[i] >> 2], b64[(p[i] & 3) << 4]);
	else if (len - i == 2)
		buf_printf(b, "%c%c%c=", b64[p[i] >> 2],
			   b64[(p[i] & 3) << 4 | p[i + 1] >> 4],
			   b64[(p[i + 1] & 15) << 2]);
}

char *b64_dec(const char *s, size_t *olen)
{
	size_t n = strlen(s), i, o = 0;
	unsigned int acc = 0, bits = 0;
	char *out;

	if (n % 4)
		return NULL;
	out = malloc(n / 4 * 3 + 1);
	if (!out)
		return NULL;
	for (i = 0; i < n; i++) {
		const char *c;

		if (s[i] == '=') {
			if (i < n - 2)
				goto bad;
			break;
		}
		c = strchr(b64, s[i]);
		if (!c || !s[i])
			goto bad;
		acc = acc << 6 | (c - b64);
		bits += 6;
		if (bits >= 8) {
			bits -= 8;
			out[o++] = acc >> bits;
			acc &= (1u << bits) - 1;
		}
	}
	out[o] = '\0';
	if (olen)
		*olen = o;
	return out;
bad:
	free(out);
	return NULL;
}

void etcd_key(struct ctl_buf *b, const char *field, const char *key,
	      bool prefix_end)
{
	size_t n = strlen(ETCD_PREFIX) + strlen(key);
	char *k = malloc(n + 1);

	if (!k) {
		b->oom = true;
		return;
	}
	snprintf(k, n + 1, "%s%s", ETCD_PREFIX, key);
	/* a prefix's end: its last byte plus one */
	if (prefix_end)
		k[n - 1]++;
	buf_printf(b, "\"%s\":\"", field);
	b64_enc(b, k, n);
	buf_printf(b, "\"");
	free(k);
}

uint64_t etcd_num(const struct ynode *m, const char *field)
{
	const struct ynode *v = ytree_get(m, field);
	uint64_t x;

	if (!v || v->type != Y_SCALAR || ctl_u64_parse(v->str, &x))
		return 0;
	return x;
}

const char *etcd_error(const struct ynode *root)
{
	const struct ynode *e = ytree_get(root, "error");

	if (!e)
		e = ytree_get(ytree_get(root, "result"), "error");
	if (e && e->type == Y_SCALAR)
		return e->str;
	if (e && e->type == Y_MAP) {
		e = ytree_get(e, "message");
		if (e && e->type == Y_SCALAR)
			return e->str;
		return "error";
	}
	return NULL;
}

/* ---- requests ---- */

static size_t on_data(char *p, size_t sz, size_t n, void *arg)
{
	struct ctl_buf *b = arg;

	buf_printf(b, "%.*s", (int)(sz * n), p);
	return b->oom ? 0 : sz * n;
}

static curl_socket_t open_sock(void *arg, curlsocktype purpose,
			       struct curl_sockaddr *a)
{
	(void)arg;
	(void)purpose;
	return store_socket(a->family, a->socktype, a->protocol);
}

static void setup_easy(CURL *e, struct setcd *d)
{
	curl_easy_setopt(e, CURLOPT_NOSIGNAL, 1L);
	curl_easy_setopt(e, CURLOPT_CONNECTTIMEOUT_MS, 1000L);
	curl_easy_setopt(e, CURLOPT_OPENSOCKETFUNCTION, open_sock);
	curl_easy_setopt(e, CURLOPT_HTTPHEADER, d->hdrs);
	curl_easy_setopt(e, CURLOPT_PROXY, "");
	curl_easy_setopt(e, CURLOPT_TCP_NODELAY, 1L);
}

/* POST body to path; *root is the parsed answer */
static int post(struct store *s, const char *path, const char *body,
		struct ynode **root)
{
	struct setcd *d = SE(s);
	char url[512], yerr[256];
	long code = 0;
	CURLcode cc;
	const char *msg;

	*root = NULL;
	snprintf(url, sizeof(url), "%s%s", d->base, path);
	d->resp.len = 0;
	d->resp.oom = false;
	curl_easy_setopt(d->easy, CURLOPT_URL, url);
	curl_easy_setopt(d->easy, CURLOPT_POSTFIELDS, body);
	cc = curl_easy_perform(d->easy);
	if (cc != CURLE_OK)
		return store_seterr(s, -EHOSTUNREACH, "etcd %s: %s", d->base,
				    curl_easy_strerror(cc));
	if (d->resp.oom)
		return store_seterr(s, -ENOMEM, "out of memory");
	curl_easy_getinfo(d->easy, CURLINFO_RESPONSE_CODE, &code);
	if (ytree_parse(d->resp.s ? d->resp.s : "", d->resp.len, root, yerr,
			sizeof(yerr)) || !*root || (*root)->type != Y_MAP) {
		ytree_free(*root);
		*root = NULL;
		return store_seterr(s, -EPROTO, "etcd %s%s: HTTP %ld, unreadable answer (%s)",
				    d->base, path, code, yerr);
	}
	msg = etcd_error(*root);
	if (msg || code != 200) {
		store_seterr(s, -EIO, "etcd %s%s: HTTP %ld: %s", d->base, path,
			     code, msg ? msg : "error");
		ytree_free(*root);
		*root = NULL;
		return -EIO;
	}
	return 0;
}

static int se_open(struct store *s, const char *arg)
{
	static bool inited;
	struct setcd *d;

	if (strncmp(arg, "http://", 7) || strlen(arg) > 200)
		return store_seterr(s, -EINVAL, "etcd: needs http://HOST:PORT");
	if (!inited) {
		curl_global_init(CURL_GLOBAL_NOTHING);
		inited = true;
	}
	d = calloc(1, sizeof(*d));
	if (!d)
		return store_seterr(s, -ENOMEM, "out of memory");
	snprintf(d->base, sizeof(d->base), "%s", arg);
	if (d->base[strlen(d->base) - 1] == '/')
		d->base[strlen(d->base) - 1] = '\0';
	d->hdrs = curl_slist_append(NULL, "Content-Type: application/json");
	d->easy = curl_easy_init();
	d->multi = curl_multi_init();
	if (!d->easy || !d->multi || !d->hdrs) {
		curl_easy_cleanup(d->easy);
		curl_multi_cleanup(d->multi);
		curl_slist_free_all(d->hdrs);
		free(d);
		return store_seterr(s, -ENOMEM, "out of memory");
	}
	setup_easy(d->easy, d);
	curl_easy_setopt(d->easy, CURLOPT_TIMEOUT_MS, 30000L);
	curl_easy_setopt(d->easy, CURLOPT_WRITEFUNCTION, on_data);
	curl_easy_setopt(d->easy, CURLOPT_WRITEDATA, &d->resp);
	s->priv = d;
	return 0;
}

static void watch_stop(struct setcd *d)
{
	if (!d->watch)
		return;
	curl_multi_remove_handle(d->multi, d->watch);
	curl_easy_cleanup(d->watch);
	d->watch = NULL;
	free(d->wbody);
	d->wbody = NULL;
	d->wbuf.len = 0;
}

static void se_close(struct store *s)
{
	struct setcd *d = SE(s);

	watch_stop(d);
	curl_easy_cleanup(d->easy);
	curl_multi_cleanup(d->multi);
	curl_slist_free_all(d->hdrs);
	buf_free(&d->resp);
	buf_free(&d->wbuf);
	free(d);
}

/*
 * Range over the keys under prefix, paged; cb gets each key (without
 * ETCD_PREFIX), value and mod_revision. *rev: the revision read.
 */
static int range(struct store *s, const char *prefix, uint64_t at,
		 int (*cb)(void *arg, const char *key, const char *val,
			   uint64_t mod), void *arg, uint64_t *rev)
{
	struct ctl_buf b = { 0 };
	struct ynode *root;
	char *from = strdup(prefix);
	size_t plen = strlen(ETCD_PREFIX);
	int rc = 0;
	bool more = true;

	if (!from)
		return store_seterr(s, -ENOMEM, "out of memory");
	*rev = at;
	while (more && !rc) {
		const struct ynode *kvs, *m;
		size_t i;

		b.len = 0;
		buf_printf(&b, "{");
		etcd_key(&b, "key", from, false);
		buf_printf(&b, ",");
		etcd_key(&b, "range_end", prefix, true);
		buf_printf(&b, ",\"limit\":%d", RANGE_PAGE);
		if (*rev)
			buf_printf(&b, ",\"revision\":\"%" PRIu64 "\"", *rev);
		buf_printf(&b, "}");
		if (b.oom) {
			rc = store_seterr(s, -ENOMEM, "out of memory");
			break;
		}
		rc = post(s, "/v3/kv/range", b.s, &root);
		if (rc)
			break;
		if (!*rev)
			*rev = etcd_num(ytree_get(root, "header"), "revision");
		m = ytree_get(root, "more");
		more = m && m->type == Y_SCALAR && !strcmp(m->str, "true");
		kvs = ytree_get(root, "kvs");
		if (!kvs || kvs->type != Y_SEQ)
			kvs = NULL;
		for (i = 0; kvs && i < kvs->n && !rc; i++) {
			const struct ynode *kv = kvs->items[i];
			const struct ynode *k = ytree_get(kv, "key");
			const struct ynode *v = ytree_get(kv, "value");
			char *key, *val;

			if (!k || k->type != Y_SCALAR)
				continue;
			key = b64_dec(k->str, NULL);
			val = v && v->type == Y_SCALAR ? b64_dec(v->str, NULL) :
			      strdup("");
			if (key && val && strlen(key) > plen &&
			    !strncmp(key, ETCD_PREFIX, plen)) {
				rc = cb(arg, key + plen, val,
					etcd_num(kv, "mod_revision"));
				/*
				 * The next page starts at the last key (the
				 * callbacks skip a key seen twice): "key\0"
				 * cannot be sent as a C string.
				 */
				if (more && i + 1 == kvs->n) {
					free(from);
					from = strdup(key + plen);
				}
			}
			free(key);
			free(val);
		}
		ytree_free(root);
		if (!from) {
			rc = store_seterr(s, -ENOMEM, "out of memory");
			break;
		}
		if (more && (!kvs || kvs->n <= 1))
			rc = store_seterr(s, -EIO, "etcd: range paging makes no progress");
	}
	buf_free(&b);
	free(from);
	return rc;
}

/* list: group hosts/H/desired/... by host */
struct lst {
	struct store_host *v;
	size_t n;
	const char *last;
};

static int lst_cb(void *arg, const char *key, const char *val, uint64_t mod)
{
	struct lst *l = arg;
	const char *h, *slash, *doc;
	char host[CTL_NAME_MAX + 1];
	struct store_host *sh;
	size_t hl;

	if (strncmp(key, "hosts/", 6))
		return 0;
	h = key + 6;
	slash = strchr(h, '/');
	if (!slash || strncmp(slash, "/desired/", 9))
		return 0;
	hl = slash - h;
	if (hl > CTL_NAME_MAX)
		return 0;
	memcpy(host, h, hl);
	host[hl] = '\0';
	doc = slash + 9;
	if (!l->n || strcmp(l->v[l->n - 1].host, host)) {
		sh = realloc(l->v, (l->n + 1) * sizeof(*sh));
		if (!sh)
			return -ENOMEM;
		l->v = sh;
		memset(&sh[l->n], 0, sizeof(*sh));
		strcpy(sh[l->n].host, host);
		l->n++;
	}
	sh = &l->v[l->n - 1];
	if (!strcmp(doc, "generation")) {
		sh->docs.generation = mod;
		return 0;
	}
	/* the page boundary repeats one key: keep the first */
	if (docs_find(&sh->docs, doc))
		return 0;
	return docs_add(&sh->docs, doc, val) ? -ENOMEM : 0;
}

static int se_list(struct store *s, struct store_host **out, size_t *n)
{
	struct lst l = { 0 };
	uint64_t rev;
	int rc = range(s, "hosts/", 0, lst_cb, &l, &rev);

	if (rc == -ENOMEM)
		store_seterr(s, rc, "out of memory");
	if (rc) {
		store_hosts_free(l.v, l.n);
		return rc;
	}
	*out = l.v;
	*n = l.n;
	return 0;
}

static int txn(struct store *s, struct ctl_buf *ops, uint64_t *rev)
{
	struct ctl_buf b = { 0 };
	struct ynode *root;
	int rc;

	buf_printf(&b, "{\"success\":[%s]}", ops->s ? ops->s : "");
	if (b.oom)
		return store_seterr(s, -ENOMEM, "out of memory");
	rc = post(s, "/v3/kv/txn", b.s, &root);
	buf_free(&b);
	if (rc)
		return rc;
	if (rev)
		*rev = etcd_num(ytree_get(root, "header"), "revision");
	ytree_free(root);
	return 0;
}

static void op_put(struct ctl_buf *b, const char *key, const char *val,
		   int64_t lease)
{
	buf_printf(b, "%s{\"request_put\":{", b->len ? "," : "");
	etcd_key(b, "key", key, false);
	buf_printf(b, ",\"value\":\"");
	b64_enc(b, val, strlen(val));
	buf_printf(b, "\"");
	if (lease)
		buf_printf(b, ",\"lease\":\"%" PRId64 "\"", lease);
	buf_printf(b, "}}");
}

static void op_del(struct ctl_buf *b, const char *key)
{
	buf_printf(b, "%s{\"request_delete_range\":{", b->len ? "," : "");
	etcd_key(b, "key", key, false);
	buf_printf(b, "}}");
}

static int se_write_host(struct store *s, const char *host,
			 const struct ctl_docs *put, char *const *del,
			 size_t ndel, uint64_t *gen)
{
	struct ctl_buf ops = { 0 };
	char key[256];
	size_t i, nops = 0;
	int rc = 0;

	if (!ctl_name_ok(host))
		return store_seterr(s, -EINVAL, "invalid host name \"%s\"",
				    host);
	for (i = 0; i < put->n + ndel && !rc; i++) {
		if (i < put->n) {
			snprintf(key, sizeof(key), "hosts/%s/desired/%s", host,
				 put->v[i].key);
			op_put(&ops, key, put->v[i].val, 0);
		} else {
			snprintf(key, sizeof(key), "hosts/%s/desired/%s", host,
				 del[i - put->n]);
			op_del(&ops, key);
		}
		if (++nops == TXN_MAX_OPS) {
			rc = ops.oom ? -ENOMEM : txn(s, &ops, NULL);
			ops.len = 0;
			nops = 0;
		}
	}
	if (!rc) {
		snprintf(key, sizeof(key), "hosts/%s/desired/generation", host);
		op_put(&ops, key, "", 0);
		rc = ops.oom ? store_seterr(s, -ENOMEM, "out of memory") :
		     txn(s, &ops, gen);
	}
	buf_free(&ops);
	return rc;
}

static int se_get(struct store *s, const char *key, char **val,
		  uint64_t *rev)
{
	struct ctl_buf b = { 0 };
	struct ynode *root;
	const struct ynode *kvs;
	struct {
		char *val;
		uint64_t mod;
	} o = { 0 };
	int rc;

	*val = NULL;
	buf_printf(&b, "{");
	etcd_key(&b, "key", key, false);
	buf_printf(&b, "}");
	if (b.oom)
		return store_seterr(s, -ENOMEM, "out of memory");
	rc = post(s, "/v3/kv/range", b.s, &root);
	buf_free(&b);
	if (rc)
		return rc;
	kvs = ytree_get(root, "kvs");
	if (kvs && kvs->type == Y_SEQ && kvs->n) {
		const struct ynode *v = ytree_get(kvs->items[0], "value");

		o.val = v && v->type == Y_SCALAR ? b64_dec(v->str, NULL) :
			strdup("");
		o.mod = etcd_num(kvs->items[0], "mod_revision");
	}
	ytree_free(root);
	*val = o.val;
	if (rev)
		*rev = o.mod;
	return 0;
}

static int se_put(struct store *s, const char *key, const char *val)
{
	struct ctl_buf ops = { 0 };
	int rc;

	op_put(&ops, key, val, 0);
	rc = ops.oom ? store_seterr(s, -ENOMEM, "out of memory") :
	     txn(s, &ops, NULL);
	buf_free(&ops);
	return rc;
}

struct rh {
	struct ctl_docs *out;
	size_t skip;
};

static int rh_cb(void *arg, const char *key, const char *val, uint64_t mod)
{
	struct rh *r = arg;
	const char *doc = key + r->skip;

	if (!strcmp(doc, "generation")) {
		r->out->generation = mod;
		return 0;
	}
	if (docs_find(r->out, doc))
		return 0;
	return docs_add(r->out, doc, val) ? -ENOMEM : 0;
}

static int se_read_host(struct store *s, const char *host,
			struct ctl_docs *out)
{
	struct setcd *d = SE(s);
	char prefix[128];
	struct rh r = { .out = out };
	uint64_t rev;
	int rc;

	memset(out, 0, sizeof(*out));
	if (!ctl_name_ok(host))
		return store_seterr(s, -EINVAL, "invalid host name \"%s\"",
				    host);
	snprintf(prefix, sizeof(prefix), "hosts/%s/desired/", host);
	r.skip = strlen(prefix);
	/* at the generation the watch saw, if etcd still has it */
	rc = range(s, prefix, d->want_rev, rh_cb, &r, &rev);
	if (rc && d->want_rev && strstr(s->err, "compacted")) {
		docs_free(out);
		d->want_rev = 0;
		rc = range(s, prefix, 0, rh_cb, &r, &rev);
	}
	if (rc) {
		docs_free(out);
		if (rc == -ENOMEM)
			store_seterr(s, rc, "out of memory");
		return rc;
	}
	/* the watch goes on from the newest revision we know of */
	if (rev > d->read_rev)
		d->read_rev = rev;
	d->want_rev = 0;
	docs_sort(out);
	return 0;
}

/* One line of the watch stream */
static void watch_line(struct store *s, const char *line)
{
	struct setcd *d = SE(s);
	struct ynode *root;
	const struct ynode *res, *ev, *c;
	char yerr[128];
	size_t i;

	if (ytree_parse(line, strlen(line), &root, yerr, sizeof(yerr)) || !root)
		return;
	res = ytree_get(root, "result");
	if (etcd_error(root)) {
		d->lost = true;
	} else if (res) {
		c = ytree_get(res, "canceled");
		if ((c && c->type == Y_SCALAR && !strcmp(c->str, "true")) ||
		    ytree_get(res, "compact_revision")) {
			/* compacted past us, or cancelled: re-list */
			d->lost = true;
			d->read_rev = 0;
		}
		ev = ytree_get(res, "events");
		for (i = 0; ev && ev->type == Y_SEQ && i < ev->n; i++) {
			uint64_t mod = etcd_num(ytree_get(ev->items[i], "kv"),
						"mod_revision");

			d->changed = true;
			if (mod > d->want_rev)
				d->want_rev = mod;
		}
	}
	ytree_free(root);
}

static size_t on_watch(char *p, size_t sz, size_t n, void *arg)
{
	struct store *s = arg;
	struct setcd *d = SE(s);
	char *nl;

	buf_printf(&d->wbuf, "%.*s", (int)(sz * n), p);
	if (d->wbuf.oom)
		return 0;
	while (d->wbuf.len && (nl = memchr(d->wbuf.s, '\n', d->wbuf.len))) {
		*nl = '\0';
		watch_line(s, d->wbuf.s);
		d->wbuf.len -= nl + 1 - d->wbuf.s;
		memmove(d->wbuf.s, nl + 1, d->wbuf.len);
		d->wbuf.s[d->wbuf.len] = '\0';
	}
	return sz * n;
}

static int se_watch(struct store *s, const char *host)
{
	struct setcd *d = SE(s);
	struct ctl_buf b = { 0 };
	char key[128], url[300];

	watch_stop(d);
	if (!ctl_name_ok(host))
		return store_seterr(s, -EINVAL, "invalid host name \"%s\"",
				    host);
	if (!d->read_rev)
		return store_seterr(s, -EAGAIN, "etcd: read the host's state before watching it");
	snprintf(d->host, sizeof(d->host), "%s", host);
	snprintf(key, sizeof(key), "hosts/%s/desired/generation", host);
	buf_printf(&b, "{\"create_request\":{");
	etcd_key(&b, "key", key, false);
	buf_printf(&b, ",\"start_revision\":\"%" PRIu64 "\"}}", d->read_rev + 1);
	if (b.oom)
		return store_seterr(s, -ENOMEM, "out of memory");
	d->wbody = b.s;
	d->watch = curl_easy_init();
	if (!d->watch) {
		buf_free(&b);
		d->wbody = NULL;
		return store_seterr(s, -ENOMEM, "out of memory");
	}
	snprintf(url, sizeof(url), "%s/v3/watch", d->base);
	setup_easy(d->watch, d);
	curl_easy_setopt(d->watch, CURLOPT_URL, url);
	curl_easy_setopt(d->watch, CURLOPT_POSTFIELDS, d->wbody);
	curl_easy_setopt(d->watch, CURLOPT_WRITEFUNCTION, on_watch);
	curl_easy_setopt(d->watch, CURLOPT_WRITEDATA, s);
	/* a silent stream is fine; a dead peer shows as a closed socket */
	curl_easy_setopt(d->watch, CURLOPT_TCP_KEEPALIVE, 1L);
	curl_easy_setopt(d->watch, CURLOPT_TCP_KEEPIDLE, 5L);
	curl_easy_setopt(d->watch, CURLOPT_TCP_KEEPINTVL, 2L);
	curl_multi_add_handle(d->multi, d->watch);
	d->lost = false;
	d->changed = false;
	return 0;
}

static int se_wait(struct store *s, struct pollfd *fds, unsigned int nfds,
		   int timeout_ms)
{
	struct setcd *d = SE(s);
	struct curl_waitfd wf[16];
	unsigned int i;
	int running = 0, ev = 0, nmsg, any;
	CURLMsg *m;
	double end;
	struct timespec ts;

	if (nfds > 16)
		return store_seterr(s, -EINVAL, "too many fds");
	if (!d->watch) {
		/* not watching (the store is away): the caller's fds only */
		int rc = poll(fds, nfds, timeout_ms);

		if (rc < 0)
			return errno == EINTR ? 0 :
			       store_seterr(s, -errno, "poll: %s",
					    strerror(errno));
		return rc > 0 ? STORE_EV_FDS : 0;
	}
	clock_gettime(CLOCK_MONOTONIC, &ts);
	end = ts.tv_sec + ts.tv_nsec / 1e9 + timeout_ms / 1000.0;
	for (;;) {
		for (i = 0; i < nfds; i++) {
			wf[i].fd = fds[i].fd;
			wf[i].events = CURL_WAIT_POLLIN;
			wf[i].revents = 0;
		}
		curl_multi_poll(d->multi, wf, nfds, timeout_ms, &any);
		curl_multi_perform(d->multi, &running);
		while ((m = curl_multi_info_read(d->multi, &nmsg)))
			if (m->msg == CURLMSG_DONE && m->easy_handle == d->watch)
				d->lost = true;	/* the stream ended */
		for (i = 0; i < nfds; i++) {
			fds[i].revents = wf[i].revents ? POLLIN : 0;
			if (fds[i].revents)
				ev |= STORE_EV_FDS;
		}
		if (d->changed) {
			d->changed = false;
			ev |= STORE_EV_CHANGED;
		}
		if (d->lost) {
			watch_stop(d);
			ev |= STORE_EV_LOST;
		}
		if (ev)
			return ev;
		clock_gettime(CLOCK_MONOTONIC, &ts);
		timeout_ms = (int)((end - ts.tv_sec - ts.tv_nsec / 1e9) * 1000);
		if (timeout_ms <= 0)
			return 0;
	}
}

static int se_alive(struct store *s, const char *host, int ttl)
{
	struct setcd *d = SE(s);
	struct ctl_buf b = { 0 };
	struct ynode *root;
	char key[128], val[64];
	int rc;

	if (d->lease) {
		buf_printf(&b, "{\"ID\":\"%" PRId64 "\"}", d->lease);
		rc = post(s, "/v3/lease/keepalive", b.s, &root);
		buf_free(&b);
		if (rc) {
			d->lease = 0;
			return rc;
		}
		if (etcd_num(ytree_get(root, "result"), "TTL") == 0)
			d->lease = 0;	/* expired: grant a new one */
		ytree_free(root);
		if (d->lease)
			return 0;
	}
	buf_printf(&b, "{\"TTL\":%d}", ttl);
	rc = post(s, "/v3/lease/grant", b.s, &root);
	buf_free(&b);
	if (rc)
		return rc;
	d->lease = (int64_t)etcd_num(root, "ID");
	ytree_free(root);
	if (!d->lease)
		return store_seterr(s, -EPROTO, "etcd: lease grant without an ID");
	snprintf(key, sizeof(key), "hosts/%s/alive", host);
	snprintf(val, sizeof(val), "pid %d\n", (int)getpid());
	op_put(&b, key, val, d->lease);
	rc = b.oom ? -ENOMEM : txn(s, &b, NULL);
	buf_free(&b);
	return rc;
}

const struct store_ops store_etcd_ops = {
	.name = "etcd",
	.open = se_open,
	.close = se_close,
	.list = se_list,
	.write_host = se_write_host,
	.get = se_get,
	.put = se_put,
	.read_host = se_read_host,
	.watch = se_watch,
	.wait = se_wait,
	.alive = se_alive,
};
