// SPDX-License-Identifier: GPL-2.0
/*
 * panswitchd: the host agent. Watches its host's desired state in the
 * store, applies the difference to the kernel's tables (sync.c) and
 * reports what it applied (hosts/HOST/status). See panswitchd(8).
 *
 * It never changes the kernel because the store is unreachable: the
 * tables stay as they were applied last until a new desired state is
 * read.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <inttypes.h>
#include <linux/netlink.h>
#include <linux/rtnetlink.h>
#include <sched.h>
#include <signal.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <sys/un.h>
#include <time.h>
#include <unistd.h>

#include "store.h"
#include "sync.h"

static volatile sig_atomic_t stop, resync;
static int verbose;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void logmsg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void logmsg(const char *fmt, ...)
{
	struct timespec ts;
	va_list ap;

	clock_gettime(CLOCK_REALTIME, &ts);
	fprintf(stderr, "panswitchd: %ld.%03ld ", (long)ts.tv_sec,
		ts.tv_nsec / 1000000);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

/*
 * sd_notify(3) without libsystemd: one datagram to $NOTIFY_SOCKET (a path,
 * or "@name" in the abstract namespace), as systemd's Type=notify units
 * receive it. Nothing when it is not set.
 */
static void sd_notify_msg(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

static void sd_notify_msg(const char *fmt, ...)
{
	const char *path = getenv("NOTIFY_SOCKET");
	struct sockaddr_un sa = { .sun_family = AF_UNIX };
	char msg[512];
	size_t len;
	va_list ap;
	int fd;

	if (!path || (path[0] != '/' && path[0] != '@'))
		return;
	len = strlen(path);
	if (len >= sizeof(sa.sun_path))
		return;
	memcpy(sa.sun_path, path, len);
	if (path[0] == '@')
		sa.sun_path[0] = '\0';
	va_start(ap, fmt);
	vsnprintf(msg, sizeof(msg), fmt, ap);
	va_end(ap);
	fd = socket(AF_UNIX, SOCK_DGRAM | SOCK_CLOEXEC, 0);
	if (fd < 0)
		return;
	if (sendto(fd, msg, strlen(msg), MSG_NOSIGNAL, (struct sockaddr *)&sa,
		   offsetof(struct sockaddr_un, sun_path) + len) < 0 && verbose)
		logmsg("NOTIFY_SOCKET %s: %s", path, strerror(errno));
	close(fd);
}

static void on_signal(int sig)
{
	if (sig == SIGHUP)
		resync = 1;
	else
		stop = 1;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: panswitchd -s STORE [-H HOST] [--store-netns PATH] [--once] [-v]\n"
		"  -s, --store STORE       dir:PATH or etcd:http://127.0.0.1:2379\n"
		"  -H, --host HOST         this host's name in the topology (default: hostname)\n"
		"      --store-netns PATH  reach the store from this network namespace\n"
		"                          (e.g. /proc/1/ns/net); the switch is the current one's\n"
		"      --once              apply the desired state once and exit\n"
		"      --ttl SECONDS       liveness lease (etcd; default 10)\n"
		"  -v, --verbose\n");
}

/* rtnetlink link events: a VM's device appears, goes, or comes up */
static int link_monitor(void)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK,
				  .nl_groups = RTMGRP_LINK };
	int fd = socket(AF_NETLINK, SOCK_RAW | SOCK_NONBLOCK | SOCK_CLOEXEC,
			NETLINK_ROUTE);

	if (fd < 0)
		return -1;
	if (bind(fd, (struct sockaddr *)&sa, sizeof(sa))) {
		close(fd);
		return -1;
	}
	return fd;
}

static void drain(int fd)
{
	char buf[8192];

	while (recv(fd, buf, sizeof(buf), 0) > 0)
		;
}

/* The desired devices that do not exist now, as sync reports them */
static void missing_devs(struct kapi *k, const struct ctl_host_state *st,
			 char *out, size_t len)
{
	size_t i, j, n;

	*out = '\0';
	if (st->sw.uplink[0] && !kapi_dev_exists(k, st->sw.uplink))
		snprintf(out, len, " %s", st->sw.uplink);
	for (i = 0; i < st->npans; i++)
		for (j = 0; j < st->pans[i].nports; j++) {
			const char *d = st->pans[i].ports[j].dev;

			if (kapi_dev_exists(k, d))
				continue;
			n = strlen(out);
			snprintf(out + n, len - n, " %s", d);
		}
}

static int write_status(struct store *s, const char *host, uint64_t gen,
			const struct sync_result *r, const char *problem,
			double took)
{
	struct ctl_buf b = { 0 };
	char key[128];
	int rc;

	buf_printf(&b, "generation %" PRIu64 "\n", gen);
	if (problem)
		buf_printf(&b, "result %s\n", problem);
	else if (r->errors)
		buf_printf(&b, "result error: %u failed, first: %s\n",
			   r->errors, r->first_error);
	else
		buf_printf(&b, "result ok\n");
	buf_printf(&b, "pending%s\n", r->pending);
	buf_printf(&b, "pans %u\nports %u\nentries %u\nchanges %u\n",
		   r->pans, r->ports, r->entries, r->changes);
	buf_printf(&b, "took %.3f\npid %d\n", took, (int)getpid());
	if (b.oom)
		return -ENOMEM;
	snprintf(key, sizeof(key), "hosts/%s/status", host);
	rc = store_put(s, key, b.s);
	buf_free(&b);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "store", required_argument, NULL, 's' },
		{ "host", required_argument, NULL, 'H' },
		{ "store-netns", required_argument, NULL, 'N' },
		{ "once", no_argument, NULL, 'o' },
		{ "ttl", required_argument, NULL, 't' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *spec = NULL, *netns = NULL;
	char host[CTL_NAME_MAX + 1] = "", err[STORE_ERRLEN], perr[512];
	char missing[1024] = "";
	struct ctl_host_state want = { 0 }, next;
	struct ctl_docs docs;
	struct sync_result res = { 0 };
	struct store *s;
	struct kapi *k;
	struct pollfd pfd;
	bool have_want = false, need_read = true, need_sync = false;
	bool status_dirty = false, once = false, watching = false;
	bool ready = false;
	const char *problem = NULL;
	double backoff = 0.2, retry_at = 0, alive_at = 0, t1, took = 0;
	int c, ttl = 10, rc, ev;
	char *end;

	while ((c = getopt_long(argc, argv, "s:H:vh", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			spec = optarg;
			break;
		case 'H':
			if (!ctl_name_ok(optarg)) {
				fprintf(stderr, "panswitchd: invalid host name \"%s\"\n",
					optarg);
				return 2;
			}
			snprintf(host, sizeof(host), "%s", optarg);
			break;
		case 'N':
			netns = optarg;
			break;
		case 'o':
			once = true;
			break;
		case 't':
			ttl = strtol(optarg, &end, 10);
			if (*end || ttl < 2 || ttl > 3600) {
				fprintf(stderr, "panswitchd: --ttl takes 2..3600 seconds\n");
				return 2;
			}
			break;
		case 'v':
			verbose++;
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (!spec || optind != argc) {
		usage(stderr);
		return 2;
	}
	if (!host[0]) {
		if (gethostname(host, sizeof(host) - 1) || !ctl_name_ok(host)) {
			fprintf(stderr, "panswitchd: give the host's name with -H\n");
			return 2;
		}
	}
	if (netns) {
		int fd = open(netns, O_RDONLY | O_CLOEXEC);

		if (fd < 0) {
			fprintf(stderr, "panswitchd: %s: %s\n", netns,
				strerror(errno));
			return 1;
		}
		store_set_netns(fd);
	}
	k = kapi_open(err, sizeof(err));
	if (!k) {
		fprintf(stderr, "panswitchd: %s\n", err);
		return 1;
	}
	s = store_open(spec, err, sizeof(err));
	if (!s) {
		fprintf(stderr, "panswitchd: %s\n", err);
		kapi_close(k);
		return 1;
	}
	signal(SIGTERM, on_signal);
	signal(SIGINT, on_signal);
	signal(SIGHUP, on_signal);
	signal(SIGPIPE, SIG_IGN);
	pfd.fd = link_monitor();
	pfd.events = POLLIN;
	if (pfd.fd < 0)
		logmsg("warning: no link monitor (%s): devices that appear are seen at the next retry",
		       strerror(errno));
	logmsg("host %s, store %s", host, spec);
	while (!stop) {
		double t = now();

		if (resync) {
			resync = 0;
			need_read = need_sync = true;
		}
		/*
		 * dir: watch, then read (no change can slip between); etcd:
		 * read, then watch from the revision read.
		 */
		if (!watching && t >= retry_at && store_watch(s, host) == 0)
			watching = true;
		if (need_read && t >= retry_at) {
			rc = store_read_host(s, host, &docs);
			if (rc) {
				logmsg("store: %s (kernel tables kept; retrying in %.1f s)",
				       store_error(s), backoff);
				retry_at = t + backoff;
				backoff = backoff * 2 > 5 ? 5 : backoff * 2;
				watching = false;
			} else {
				backoff = 0.2;
				need_read = false;
				if (!watching && store_watch(s, host) == 0)
					watching = true;
				if (!docs.n) {
					if (verbose || once)
						logmsg("no desired state for %s yet",
						       host);
					problem = "no desired state";
					status_dirty = true;
				} else if (state_parse(&docs, &next, perr,
						       sizeof(perr))) {
					logmsg("generation %" PRIu64 " refused: %s (kernel tables kept)",
					       docs.generation, perr);
					problem = "refused desired state";
					status_dirty = true;
				} else if (!have_want ||
					   next.generation != want.generation ||
					   need_sync) {
					state_free(&want);
					want = next;
					snprintf(want.host, sizeof(want.host),
						 "%s", host);
					have_want = true;
					need_sync = true;
				} else {
					state_free(&next);
				}
				docs_free(&docs);
			}
		}
		if (have_want && need_sync) {
			t1 = now();
			sync_switch(k, &want, &res);
			took = now() - t1;
			problem = NULL;
			need_sync = false;
			status_dirty = true;
			missing_devs(k, &want, missing, sizeof(missing));
			logmsg("generation %" PRIu64 ": %u changes, %u pans, %u ports, %u entries%s%s%s%s in %.3f s",
			       want.generation, res.changes, res.pans,
			       res.ports, res.entries,
			       res.npending ? ", waiting for" : "",
			       res.pending, res.errors ? ", error: " : "",
			       res.errors ? res.first_error : "", took);
			sd_notify_msg("STATUS=generation %" PRIu64 ": %u changes, %u errors%s%s",
				      want.generation, res.changes, res.errors,
				      res.npending ? ", waiting for" : "",
				      res.pending);
			if (res.errors) {
				retry_at = now() + backoff;
				backoff = backoff * 2 > 5 ? 5 : backoff * 2;
			}
		}
		if (status_dirty) {
			if (write_status(s, host, have_want ? want.generation : 0,
					 &res, problem, took) == 0)
				status_dirty = false;
			else if (verbose)
				logmsg("status: %s", store_error(s));
		}
		/*
		 * Ready after the first pass: the store was read and what it
		 * holds applied (or it was unreachable or empty, and the
		 * kernel's tables are as they were): systemd starts what is
		 * ordered after the agent (libvirtd) now, not after an outage.
		 */
		if (!ready) {
			sd_notify_msg("READY=1\nSTATUS=%s",
				      problem ? problem : have_want ?
				      "desired state applied" :
				      "store unreachable, retrying");
			ready = true;
		}
		if (once)
			break;
		if (now() >= alive_at) {
			if (store_alive(s, host, ttl) && verbose)
				logmsg("liveness: %s", store_error(s));
			alive_at = now() + ttl / 3.0;
		}
		{
			double next_t = alive_at;
			int tmo;

			if (res.errors || need_read || status_dirty ||
			    !watching)
				next_t = retry_at > now() ? retry_at :
					 now() + backoff;
			tmo = (int)((next_t - now()) * 1000) + 1;
			if (tmo < 1)
				tmo = 1;
			ev = store_wait(s, pfd.fd >= 0 ? &pfd : NULL,
					pfd.fd >= 0, tmo);
		}
		if (ev < 0) {
			if (verbose)
				logmsg("store: %s", store_error(s));
			continue;
		}
		if (ev & (STORE_EV_CHANGED | STORE_EV_LOST))
			need_read = true;
		if (ev & STORE_EV_LOST)
			watching = false;
		if (have_want && res.errors && now() >= retry_at)
			need_sync = true;
		if ((ev & STORE_EV_FDS) && (pfd.revents & POLLIN)) {
			char m[1024];

			drain(pfd.fd);
			if (have_want) {
				missing_devs(k, &want, m, sizeof(m));
				/*
				 * a device appeared or went, or one that
				 * waits to be up (a migration) may be now
				 */
				if (strcmp(m, missing) || res.npending)
					need_sync = true;
			}
		}
	}
	sd_notify_msg("STOPPING=1");
	rc = once && (problem || res.errors || !have_want) ? 1 : 0;
	if (pfd.fd >= 0)
		close(pfd.fd);
	state_free(&want);
	store_close(s);
	kapi_close(k);
	return rc;
}
