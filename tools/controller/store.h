/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Distribution of the hosts' desired states: one interface, two back
 * ends (Documentation/controller.md).
 *
 *   dir:PATH           embedded: files under PATH, agents woken by
 *                      inotify; no server (one host, or a lab on one
 *                      machine)
 *   etcd:http://H:P    etcd v3 through its JSON gateway (libcurl)
 *
 * Per host, keys under one prefix:
 *   hosts/HOST/desired/switch, hosts/HOST/desired/pans/ID
 *                      the desired state (ctl.h), written by the
 *                      controller
 *   hosts/HOST/desired/generation
 *                      rewritten with every change of the host's state:
 *                      its revision is the state's generation
 *   hosts/HOST/status  written by the host's agent (what it applied)
 *   hosts/HOST/alive   the agent's liveness (etcd: under a lease)
 *   controller/NAME    the controller's own records (external MACs)
 */
#ifndef _CTL_STORE_H
#define _CTL_STORE_H

#include <poll.h>

#include "ctl.h"

#define STORE_ERRLEN 512

struct store;

struct store_host {
	char host[CTL_NAME_MAX + 1];
	struct ctl_docs docs;		/* generation in docs.generation */
};

struct store_ops {
	const char *name;
	int (*open)(struct store *s, const char *arg);
	void (*close)(struct store *s);
	/* controller */
	int (*list)(struct store *s, struct store_host **out, size_t *n);
	int (*write_host)(struct store *s, const char *host,
			  const struct ctl_docs *put, char *const *del,
			  size_t ndel, uint64_t *gen);
	int (*get)(struct store *s, const char *key, char **val,
		   uint64_t *rev);
	int (*put)(struct store *s, const char *key, const char *val);
	/* agent */
	int (*read_host)(struct store *s, const char *host,
			 struct ctl_docs *out);
	int (*watch)(struct store *s, const char *host);
	int (*wait)(struct store *s, struct pollfd *fds, unsigned int nfds,
		    int timeout_ms);
	int (*alive)(struct store *s, const char *host, int ttl);
};

struct store {
	const struct store_ops *ops;
	void *priv;
	char err[STORE_ERRLEN];
};

/* wait(): what happened (a bit set), or a negative errno */
#define STORE_EV_CHANGED	1	/* the watched host's state changed */
#define STORE_EV_FDS		2	/* one of the caller's fds is ready */
#define STORE_EV_LOST		4	/* the store went away: re-read when
					 * it is back (wait() keeps trying) */

struct store *store_open(const char *spec, char *err, size_t errlen);
void store_close(struct store *s);
const char *store_error(const struct store *s);
void store_hosts_free(struct store_host *h, size_t n);

static inline int store_list(struct store *s, struct store_host **out,
			     size_t *n)
{
	return s->ops->list(s, out, n);
}

static inline int store_write_host(struct store *s, const char *host,
				   const struct ctl_docs *put,
				   char *const *del, size_t ndel,
				   uint64_t *gen)
{
	return s->ops->write_host(s, host, put, del, ndel, gen);
}

/* key relative to the store's root ("controller/extmacs"); *val NULL if
 * absent */
static inline int store_get(struct store *s, const char *key, char **val,
			    uint64_t *rev)
{
	return s->ops->get(s, key, val, rev);
}

static inline int store_put(struct store *s, const char *key,
			    const char *val)
{
	return s->ops->put(s, key, val);
}

static inline int store_read_host(struct store *s, const char *host,
				  struct ctl_docs *out)
{
	return s->ops->read_host(s, host, out);
}

static inline int store_watch(struct store *s, const char *host)
{
	return s->ops->watch(s, host);
}

static inline int store_wait(struct store *s, struct pollfd *fds,
			     unsigned int nfds, int timeout_ms)
{
	return s->ops->wait(s, fds, nfds, timeout_ms);
}

static inline int store_alive(struct store *s, const char *host, int ttl)
{
	return s->ops->alive(s, host, ttl);
}

/*
 * The network namespace (an open fd) from which the store's sockets are
 * made, for an agent that runs in a host's namespace and reaches the
 * store from another one. -1 (default): the current one.
 */
void store_set_netns(int fd);
int store_socket(int domain, int type, int protocol);

int store_seterr(struct store *s, int rc, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

extern const struct store_ops store_dir_ops;
extern const struct store_ops store_etcd_ops;

#endif
