// SPDX-License-Identifier: GPL-2.0
/*
 * store: pick a back end by the spec's prefix.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "store.h"

static int store_netns = -1;

void store_set_netns(int fd)
{
	store_netns = fd;
}

/* A socket made in the store's namespace (setns there and back) */
int store_socket(int domain, int type, int protocol)
{
	int here, fd, err;

	if (store_netns < 0)
		return socket(domain, type, protocol);
	here = open("/proc/thread-self/ns/net", O_RDONLY | O_CLOEXEC);
	if (here < 0)
		return -1;
	if (setns(store_netns, CLONE_NEWNET)) {
		close(here);
		return -1;
	}
	fd = socket(domain, type, protocol);
	err = errno;
	if (setns(here, CLONE_NEWNET)) {
		/* cannot go back: the switch would be the wrong one */
		abort();
	}
	close(here);
	errno = err;
	return fd;
}

int store_seterr(struct store *s, int rc, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(s->err, sizeof(s->err), fmt, ap);
	va_end(ap);
	return rc;
}

const char *store_error(const struct store *s)
{
	return s->err;
}

struct store *store_open(const char *spec, char *err, size_t errlen)
{
	static const struct store_ops *const all[] = {
		&store_dir_ops, &store_etcd_ops,
	};
	struct store *s;
	size_t i, n;

	for (i = 0; i < sizeof(all) / sizeof(all[0]); i++) {
		n = strlen(all[i]->name);
		if (!strncmp(spec, all[i]->name, n) && spec[n] == ':')
			break;
	}
	if (i == sizeof(all) / sizeof(all[0])) {
		snprintf(err, errlen, "unknown store \"%s\": use dir:PATH or etcd:http://HOST:PORT",
			 spec);
		return NULL;
	}
	s = calloc(1, sizeof(*s));
	if (!s) {
		snprintf(err, errlen, "out of memory");
		return NULL;
	}
	s->ops = all[i];
	if (s->ops->open(s, spec + n + 1)) {
		snprintf(err, errlen, "%s", s->err);
		free(s);
		return NULL;
	}
	return s;
}

void store_close(struct store *s)
{
	if (!s)
		return;
	s->ops->close(s);
	free(s);
}

void store_hosts_free(struct store_host *h, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++)
		docs_free(&h[i].docs);
	free(h);
}
