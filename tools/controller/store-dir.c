// SPDX-License-Identifier: GPL-2.0
/*
 * The embedded store: the keys are files under a directory, so a lab on
 * one machine needs no server.
 *
 *   PATH/hosts/HOST/desired/switch, .../desired/pans/ID, .../generation
 *   PATH/hosts/HOST/status, PATH/controller/NAME
 *
 * Every file is replaced whole (written aside, then renamed). A host's
 * desired state is written under an exclusive flock of
 * PATH/hosts/HOST/lock, generation last, and read under a shared one, so
 * an agent never reads half a generation. Agents watch their host's
 * directory with inotify: the rename of "generation" wakes them.
 */
#define _GNU_SOURCE
#include <ctype.h>
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <limits.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/inotify.h>
#include <sys/stat.h>
#include <unistd.h>

#include "store.h"

struct sdir {
	char root[1024];
	int ino;		/* inotify, agents */
	int wd;
};

#define SD(s) ((struct sdir *)(s)->priv)

static int mkdir_p(char *path)
{
	char *p;

	for (p = path + 1; *p; p++) {
		if (*p != '/')
			continue;
		*p = '\0';
		if (mkdir(path, 0755) && errno != EEXIST) {
			*p = '/';
			return -errno;
		}
		*p = '/';
	}
	if (mkdir(path, 0755) && errno != EEXIST)
		return -errno;
	return 0;
}

static int read_file(const char *path, char **out)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	size_t len = 0, cap = 4096;
	char *buf;
	ssize_t n;

	*out = NULL;
	if (fd < 0)
		return -errno;
	buf = malloc(cap);
	if (!buf) {
		close(fd);
		return -ENOMEM;
	}
	for (;;) {
		if (len + 1 >= cap) {
			char *nb = realloc(buf, cap *= 2);

			if (!nb) {
				free(buf);
				close(fd);
				return -ENOMEM;
			}
			buf = nb;
		}
		n = read(fd, buf + len, cap - len - 1);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			n = -errno;
			free(buf);
			close(fd);
			return n;
		}
		if (n == 0)
			break;
		len += n;
	}
	close(fd);
	buf[len] = '\0';
	*out = buf;
	return 0;
}

/* Replace path with val: write path.tmp, fsync-free rename */
static int write_file(const char *path, const char *val)
{
	char tmp[PATH_MAX + 8];
	size_t len = strlen(val), off = 0;
	ssize_t n;
	int fd;

	snprintf(tmp, sizeof(tmp), "%s.tmp", path);
	fd = open(tmp, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		return -errno;
	while (off < len) {
		n = write(fd, val + off, len - off);
		if (n < 0 && errno == EINTR)
			continue;
		if (n < 0) {
			n = -errno;
			close(fd);
			unlink(tmp);
			return n;
		}
		off += n;
	}
	if (close(fd) || rename(tmp, path)) {
		n = -errno;
		unlink(tmp);
		return n;
	}
	return 0;
}

static int host_dir(struct store *s, const char *host, const char *sub,
		    char *out, size_t len)
{
	if (!ctl_name_ok(host))
		return store_seterr(s, -EINVAL, "invalid host name \"%s\"",
				    host);
	snprintf(out, len, "%s/hosts/%s%s%s", SD(s)->root, host,
		 sub ? "/" : "", sub ? sub : "");
	return 0;
}

static int lock_host(struct store *s, const char *host, int op)
{
	char path[PATH_MAX];
	int fd, rc;

	rc = host_dir(s, host, NULL, path, sizeof(path));
	if (rc)
		return rc;
	rc = mkdir_p(path);
	if (rc)
		return store_seterr(s, rc, "%s: %s", path, strerror(-rc));
	strncat(path, "/lock", sizeof(path) - strlen(path) - 1);
	fd = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0644);
	if (fd < 0)
		return store_seterr(s, -errno, "%s: %s", path, strerror(errno));
	while (flock(fd, op)) {
		if (errno != EINTR) {
			rc = -errno;
			close(fd);
			return store_seterr(s, rc, "flock %s: %s", path,
					    strerror(-rc));
		}
	}
	return fd;
}

static void unlock_host(int fd)
{
	close(fd);
}

static int sd_open(struct store *s, const char *arg)
{
	struct sdir *d = calloc(1, sizeof(*d));
	char path[PATH_MAX];
	int rc;

	if (!d)
		return store_seterr(s, -ENOMEM, "out of memory");
	s->priv = d;
	d->ino = -1;
	if (!*arg || strlen(arg) >= sizeof(d->root) - 64) {
		free(d);
		return store_seterr(s, -EINVAL, "dir: needs a path");
	}
	snprintf(d->root, sizeof(d->root), "%s", arg);
	snprintf(path, sizeof(path), "%s/hosts", d->root);
	rc = mkdir_p(path);
	if (!rc) {
		snprintf(path, sizeof(path), "%s/controller", d->root);
		rc = mkdir_p(path);
	}
	if (rc) {
		store_seterr(s, rc, "%s: %s", path, strerror(-rc));
		free(d);
		return rc;
	}
	return 0;
}

static void sd_close(struct store *s)
{
	if (SD(s)->ino >= 0)
		close(SD(s)->ino);
	free(s->priv);
}

/* The desired documents of a host, under its lock (held by the caller) */
static int read_desired(struct store *s, const char *host,
			struct ctl_docs *out)
{
	char dir[PATH_MAX], path[PATH_MAX + 300], *val, key[64];
	struct dirent *de;
	uint64_t gen = 0;
	DIR *dd;
	int rc;

	memset(out, 0, sizeof(*out));
	rc = host_dir(s, host, "desired", dir, sizeof(dir));
	if (rc)
		return rc;
	snprintf(path, sizeof(path), "%s/generation", dir);
	rc = read_file(path, &val);
	if (rc == -ENOENT)
		return 0;	/* nothing desired yet */
	if (rc)
		return store_seterr(s, rc, "%s: %s", path, strerror(-rc));
	if (sscanf(val, "%" SCNu64, &gen) != 1) {
		free(val);
		return store_seterr(s, -EINVAL, "%s: not a generation", path);
	}
	free(val);
	out->generation = gen;
	snprintf(path, sizeof(path), "%s/" CTL_DOC_SWITCH, dir);
	rc = read_file(path, &val);
	if (rc == 0) {
		rc = docs_add(out, CTL_DOC_SWITCH, val);
		free(val);
		if (rc)
			goto oom;
	} else if (rc != -ENOENT) {
		docs_free(out);
		return store_seterr(s, rc, "%s: %s", path, strerror(-rc));
	}
	snprintf(path, sizeof(path), "%s/pans", dir);
	dd = opendir(path);
	if (!dd) {
		if (errno == ENOENT)
			return 0;
		rc = -errno;
		docs_free(out);
		return store_seterr(s, rc, "%s: %s", path, strerror(-rc));
	}
	while ((de = readdir(dd))) {
		uint64_t id;

		if (ctl_u64_parse(de->d_name, &id))
			continue;	/* ".", "..", "x.tmp" */
		snprintf(path, sizeof(path), "%s/pans/%s", dir, de->d_name);
		rc = read_file(path, &val);
		if (rc == -ENOENT)
			continue;
		if (rc) {
			closedir(dd);
			docs_free(out);
			return store_seterr(s, rc, "%s: %s", path,
					    strerror(-rc));
		}
		snprintf(key, sizeof(key), CTL_DOC_PANS "%.20s", de->d_name);
		rc = docs_add(out, key, val);
		free(val);
		if (rc) {
			closedir(dd);
			goto oom;
		}
	}
	closedir(dd);
	docs_sort(out);
	return 0;
oom:
	docs_free(out);
	return store_seterr(s, -ENOMEM, "out of memory");
}

static int sd_list(struct store *s, struct store_host **out, size_t *n)
{
	char path[PATH_MAX];
	struct store_host *v = NULL, *nv;
	struct dirent *de;
	DIR *dd;
	int rc = 0, fd;

	*out = NULL;
	*n = 0;
	snprintf(path, sizeof(path), "%s/hosts", SD(s)->root);
	dd = opendir(path);
	if (!dd)
		return store_seterr(s, -errno, "%s: %s", path, strerror(errno));
	while ((de = readdir(dd))) {
		if (!ctl_name_ok(de->d_name))
			continue;
		nv = realloc(v, (*n + 1) * sizeof(*v));
		if (!nv) {
			rc = store_seterr(s, -ENOMEM, "out of memory");
			break;
		}
		v = nv;
		memset(&v[*n], 0, sizeof(v[*n]));
		snprintf(v[*n].host, sizeof(v[*n].host), "%.63s", de->d_name);
		fd = lock_host(s, de->d_name, LOCK_SH);
		if (fd < 0) {
			rc = fd;
			break;
		}
		rc = read_desired(s, de->d_name, &v[*n].docs);
		unlock_host(fd);
		if (rc)
			break;
		(*n)++;
	}
	closedir(dd);
	if (rc) {
		store_hosts_free(v, *n);
		*n = 0;
		return rc;
	}
	*out = v;
	return 0;
}

static int sd_write_host(struct store *s, const char *host,
			 const struct ctl_docs *put, char *const *del,
			 size_t ndel, uint64_t *gen)
{
	char dir[PATH_MAX], path[PATH_MAX + 100], num[32], *val;
	uint64_t g = 0;
	size_t i;
	int fd, rc;

	rc = host_dir(s, host, "desired/pans", dir, sizeof(dir));
	if (rc)
		return rc;
	fd = lock_host(s, host, LOCK_EX);
	if (fd < 0)
		return fd;
	rc = mkdir_p(dir);
	if (rc) {
		store_seterr(s, rc, "%s: %s", dir, strerror(-rc));
		goto out;
	}
	host_dir(s, host, "desired", dir, sizeof(dir));
	for (i = 0; i < put->n; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, put->v[i].key);
		rc = write_file(path, put->v[i].val);
		if (rc) {
			store_seterr(s, rc, "%s: %s", path, strerror(-rc));
			goto out;
		}
	}
	for (i = 0; i < ndel; i++) {
		snprintf(path, sizeof(path), "%s/%s", dir, del[i]);
		if (unlink(path) && errno != ENOENT) {
			rc = store_seterr(s, -errno, "%s: %s", path,
					  strerror(errno));
			goto out;
		}
	}
	snprintf(path, sizeof(path), "%s/generation", dir);
	if (read_file(path, &val) == 0) {
		if (sscanf(val, "%" SCNu64, &g) != 1)
			g = 0;
		free(val);
	}
	g++;
	snprintf(num, sizeof(num), "%" PRIu64 "\n", g);
	rc = write_file(path, num);
	if (rc) {
		store_seterr(s, rc, "%s: %s", path, strerror(-rc));
		goto out;
	}
	if (gen)
		*gen = g;
out:
	unlock_host(fd);
	return rc;
}

static int key_path(struct store *s, const char *key, char *out, size_t len)
{
	const char *p;

	/* keys are NAME/NAME/...: no "..", no empty part */
	if (!*key || key[0] == '/' || strstr(key, "..") || strstr(key, "//"))
		return store_seterr(s, -EINVAL, "invalid key \"%s\"", key);
	for (p = key; *p; p++)
		if (!isalnum((unsigned char)*p) && !strchr("._-/", *p))
			return store_seterr(s, -EINVAL, "invalid key \"%s\"",
					    key);
	snprintf(out, len, "%s/%s", SD(s)->root, key);
	return 0;
}

static int sd_get(struct store *s, const char *key, char **val,
		  uint64_t *rev)
{
	char path[PATH_MAX + 100];
	int rc = key_path(s, key, path, sizeof(path));
	struct stat st;

	*val = NULL;
	if (rc)
		return rc;
	rc = read_file(path, val);
	if (rc == -ENOENT)
		return 0;
	if (rc)
		return store_seterr(s, rc, "%s: %s", path, strerror(-rc));
	if (rev)
		*rev = stat(path, &st) ? 0 : (uint64_t)st.st_mtim.tv_sec;
	return 0;
}

static int sd_put(struct store *s, const char *key, const char *val)
{
	char path[PATH_MAX + 100], *slash;
	int rc = key_path(s, key, path, sizeof(path));

	if (rc)
		return rc;
	slash = strrchr(path, '/');
	*slash = '\0';
	rc = mkdir_p(path);
	*slash = '/';
	if (!rc)
		rc = write_file(path, val);
	if (rc)
		return store_seterr(s, rc, "%s: %s", path, strerror(-rc));
	return 0;
}

static int sd_read_host(struct store *s, const char *host,
			struct ctl_docs *out)
{
	int fd = lock_host(s, host, LOCK_SH), rc;

	if (fd < 0)
		return fd;
	rc = read_desired(s, host, out);
	unlock_host(fd);
	return rc;
}

static int sd_watch(struct store *s, const char *host)
{
	struct sdir *d = SD(s);
	char path[PATH_MAX];
	int rc;

	rc = host_dir(s, host, "desired", path, sizeof(path));
	if (rc)
		return rc;
	rc = mkdir_p(path);
	if (rc)
		return store_seterr(s, rc, "%s: %s", path, strerror(-rc));
	if (d->ino < 0) {
		d->ino = inotify_init1(IN_NONBLOCK | IN_CLOEXEC);
		if (d->ino < 0)
			return store_seterr(s, -errno, "inotify: %s",
					    strerror(errno));
	}
	d->wd = inotify_add_watch(d->ino, path, IN_MOVED_TO | IN_CLOSE_WRITE);
	if (d->wd < 0)
		return store_seterr(s, -errno, "inotify %s: %s", path,
				    strerror(errno));
	return 0;
}

static int sd_wait(struct store *s, struct pollfd *fds, unsigned int nfds,
		   int timeout_ms)
{
	struct sdir *d = SD(s);
	struct pollfd pfd[16];
	char buf[4096] __attribute__((aligned(8)));
	unsigned int i;
	int rc, ev = 0;
	ssize_t n;

	if (nfds > 15)
		return store_seterr(s, -EINVAL, "too many fds");
	pfd[0].fd = d->ino;
	pfd[0].events = POLLIN;
	for (i = 0; i < nfds; i++)
		pfd[i + 1] = fds[i];
	rc = poll(pfd, nfds + 1, timeout_ms);
	if (rc < 0)
		return errno == EINTR ? 0 : store_seterr(s, -errno, "poll: %s",
							strerror(errno));
	for (i = 0; i < nfds; i++) {
		fds[i].revents = pfd[i + 1].revents;
		if (fds[i].revents)
			ev |= STORE_EV_FDS;
	}
	if (pfd[0].revents & POLLIN) {
		while ((n = read(d->ino, buf, sizeof(buf))) > 0) {
			char *p = buf;

			while (p < buf + n) {
				struct inotify_event *ie = (void *)p;

				if (ie->len && !strcmp(ie->name, "generation"))
					ev |= STORE_EV_CHANGED;
				p += sizeof(*ie) + ie->len;
			}
		}
	}
	return ev;
}

static int sd_alive(struct store *s, const char *host, int ttl)
{
	(void)s;
	(void)host;
	(void)ttl;
	return 0;	/* same machine: the agent's pid file says it */
}

const struct store_ops store_dir_ops = {
	.name = "dir",
	.open = sd_open,
	.close = sd_close,
	.list = sd_list,
	.write_host = sd_write_host,
	.get = sd_get,
	.put = sd_put,
	.read_host = sd_read_host,
	.watch = sd_watch,
	.wait = sd_wait,
	.alive = sd_alive,
};
