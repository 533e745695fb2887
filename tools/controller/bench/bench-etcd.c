// SPDX-License-Identifier: GPL-2.0
/*
 * bench-etcd: how long a topology change takes to reach every affected
 * agent, with N agents' watches (one per host, as panswitchd opens them:
 * hosts/H/desired/generation) held by one process against one etcd.
 *
 * usage: bench-etcd URL [AGENTS [CHANGES [PER_CHANGE]]]
 *   URL         etcd's client URL (127.0.0.1 only)
 *   AGENTS      watches, one per simulated host (default 1000)
 *   CHANGES     changes timed (default 50), each rewriting the state of
 *               PER_CHANGE hosts (default 11: a VM move in a PAN of ten
 *               hosts), then one change of every host
 *
 * A writer thread writes each change the way the controller does (one
 * transaction per host, through the same store code) and notes when it
 * started; the main thread drives every watch in one curl multi handle
 * and notes when each affected watch sees its event. Prints p50/p99 of
 * the per-agent latency and of the time until the last affected agent
 * has it. Bounded: at most CHANGES + 1 changes, each waited for 10 s.
 */
#define _GNU_SOURCE
#include <curl/curl.h>
#include <inttypes.h>
#include <pthread.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "etcd.h"
#include "store.h"

struct w {
	CURL *e;
	struct ctl_buf buf;
	char *body;
	int idx;
	volatile double seen;		/* when the current change arrived */
	volatile bool created;
};

static struct w *ws;
static int nw;
static const char *url;
static volatile double change_start;
static volatile int change_no;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static size_t on_data(char *p, size_t sz, size_t n, void *arg)
{
	struct w *w = arg;
	char *nl;

	buf_printf(&w->buf, "%.*s", (int)(sz * n), p);
	while (w->buf.len && (nl = memchr(w->buf.s, '\n', w->buf.len))) {
		*nl = '\0';
		if (strstr(w->buf.s, "\"events\""))
			w->seen = now();
		else if (strstr(w->buf.s, "\"created\":true"))
			w->created = true;
		w->buf.len -= nl + 1 - w->buf.s;
		memmove(w->buf.s, nl + 1, w->buf.len);
		w->buf.s[w->buf.len] = '\0';
	}
	return sz * n;
}

static int cmp_d(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

static double pct(double *v, size_t n, double p)
{
	if (!n)
		return 0;
	qsort(v, n, sizeof(*v), cmp_d);
	return v[(size_t)(p * (n - 1) + 0.5)];
}

struct job {
	int *hosts;
	int n;
	volatile bool go, done;
	struct store *s;
};

static void *writer(void *arg)
{
	struct job *j = arg;
	char host[32], val[64];
	struct ctl_docs d = { 0 };
	uint64_t gen;

	for (;;) {
		while (!j->go)
			usleep(100);
		if (j->n < 0)
			return NULL;
		j->go = false;
		change_start = now();
		for (int i = 0; i < j->n; i++) {
			snprintf(host, sizeof(host), "b%d", j->hosts[i]);
			snprintf(val, sizeof(val), "switch psw0\n# change %d\n",
				 change_no);
			docs_free(&d);
			docs_add(&d, "switch", val);
			if (store_write_host(j->s, host, &d, NULL, 0, &gen))
				fprintf(stderr, "write %s: %s\n", host,
					store_error(j->s));
		}
		docs_free(&d);
		j->done = true;
	}
}

int main(int argc, char **argv)
{
	int changes, per, i, running, c;
	double *lat, *last;
	size_t nlat = 0, nlast = 0;
	struct rlimit rl = { 8192, 8192 };
	struct curl_slist *hdrs;
	struct job job = { 0 };
	pthread_t th;
	CURLM *m;
	char err[STORE_ERRLEN], u[300];
	struct ctl_docs d = { 0 };
	uint64_t gen, rev = 0;
	struct rusage ru;

	if (argc < 2 || strncmp(argv[1], "http://127.0.0.1:", 17)) {
		fprintf(stderr, "usage: %s http://127.0.0.1:PORT [AGENTS [CHANGES [PER_CHANGE]]]\n",
			argv[0]);
		return 2;
	}
	url = argv[1];
	nw = argc > 2 ? atoi(argv[2]) : 1000;
	changes = argc > 3 ? atoi(argv[3]) : 50;
	per = argc > 4 ? atoi(argv[4]) : 11;
	if (nw < 1 || nw > 4000 || changes < 1 || changes > 1000 || per < 1 ||
	    per > nw) {
		fprintf(stderr, "bench-etcd: AGENTS 1..4000, CHANGES 1..1000, PER_CHANGE 1..AGENTS\n");
		return 2;
	}
	setrlimit(RLIMIT_NOFILE, &rl);
	curl_global_init(CURL_GLOBAL_NOTHING);
	job.s = store_open(argc > 1 ? (snprintf(u, sizeof(u), "etcd:%s", url), u) : "", err,
			   sizeof(err));
	if (!job.s) {
		fprintf(stderr, "bench-etcd: %s\n", err);
		return 1;
	}
	/* every simulated host has a state, and the revision to watch from */
	docs_add(&d, "switch", "switch psw0\n");
	for (i = 0; i < nw; i++) {
		char host[32];

		snprintf(host, sizeof(host), "b%d", i);
		if (store_write_host(job.s, host, &d, NULL, 0, &gen)) {
			fprintf(stderr, "bench-etcd: %s\n", store_error(job.s));
			return 1;
		}
		rev = gen;
	}
	docs_free(&d);
	hdrs = curl_slist_append(NULL, "Content-Type: application/json");
	m = curl_multi_init();
	curl_multi_setopt(m, CURLMOPT_MAXCONNECTS, (long)nw + 16);
	ws = calloc(nw, sizeof(*ws));
	snprintf(u, sizeof(u), "%s/v3/watch", url);
	for (i = 0; i < nw; i++) {
		struct ctl_buf b = { 0 };
		char key[64];

		snprintf(key, sizeof(key), "hosts/b%d/desired/generation", i);
		buf_printf(&b, "{\"create_request\":{");
		etcd_key(&b, "key", key, false);
		buf_printf(&b, ",\"start_revision\":\"%" PRIu64 "\"}}", rev + 1);
		ws[i].body = b.s;
		ws[i].idx = i;
		ws[i].e = curl_easy_init();
		curl_easy_setopt(ws[i].e, CURLOPT_URL, u);
		curl_easy_setopt(ws[i].e, CURLOPT_POSTFIELDS, ws[i].body);
		curl_easy_setopt(ws[i].e, CURLOPT_HTTPHEADER, hdrs);
		curl_easy_setopt(ws[i].e, CURLOPT_WRITEFUNCTION, on_data);
		curl_easy_setopt(ws[i].e, CURLOPT_WRITEDATA, &ws[i]);
		curl_easy_setopt(ws[i].e, CURLOPT_NOSIGNAL, 1L);
		curl_easy_setopt(ws[i].e, CURLOPT_PROXY, "");
		curl_multi_add_handle(m, ws[i].e);
	}
	/* until every watch is created (at most 60 s) */
	{
		double end = now() + 60;
		int made;

		do {
			curl_multi_poll(m, NULL, 0, 100, NULL);
			curl_multi_perform(m, &running);
			for (made = 0, i = 0; i < nw; i++)
				made += ws[i].created;
		} while (made < nw && now() < end);
		printf("watches: %d of %d created\n", made, nw);
		if (made < nw)
			return 1;
	}
	lat = calloc((size_t)(changes + 1) * nw, sizeof(*lat));
	last = calloc(changes + 1, sizeof(*last));
	job.hosts = calloc(nw, sizeof(int));
	pthread_create(&th, NULL, writer, &job);
	srand(1);
	for (c = 0; c <= changes; c++) {
		int n = c == changes ? nw : per, got;
		double end, worst = 0;

		/* the affected hosts: a random run of n (a PAN's hosts) */
		int base = rand() % nw;

		for (i = 0; i < nw; i++)
			ws[i].seen = 0;
		for (i = 0; i < n; i++)
			job.hosts[i] = (base + i * 7) % nw;
		change_no = c;
		job.n = n;
		job.done = false;
		job.go = true;
		end = now() + 10;
		do {
			curl_multi_poll(m, NULL, 0, 5, NULL);
			curl_multi_perform(m, &running);
			for (got = 0, i = 0; i < n; i++)
				got += ws[job.hosts[i]].seen > 0;
		} while ((got < n || !job.done) && now() < end);
		for (i = 0; i < n; i++) {
			double l = ws[job.hosts[i]].seen - change_start;

			if (ws[job.hosts[i]].seen <= 0)
				continue;
			if (c < changes)
				lat[nlat++] = l * 1000;
			if (l > worst)
				worst = l;
		}
		if (c < changes)
			last[nlast++] = worst * 1000;
		else
			printf("one change of all %d hosts: %d of %d agents had it, the last after %.1f ms\n",
			       nw, got, n, worst * 1000);
		/* no other watch saw anything */
		for (i = 0, got = 0; i < nw; i++)
			got += ws[i].seen > 0;
		if (c < changes && got != n)
			printf("change %d: %d watches saw it, %d were written\n",
			       c, got, n);
	}
	job.n = -1;
	job.go = true;
	pthread_join(th, NULL);
	printf("%d changes of %d hosts each, %d watches in one process: per-agent latency p50 %.1f ms, p99 %.1f ms; all affected agents p50 %.1f ms, p99 %.1f ms\n",
	       changes, per, nw, pct(lat, nlat, 0.5), pct(lat, nlat, 0.99),
	       pct(last, nlast, 0.5), pct(last, nlast, 0.99));
	getrusage(RUSAGE_SELF, &ru);
	printf("bench-etcd: max RSS %ld MiB\n", ru.ru_maxrss / 1024);
	for (i = 0; i < nw; i++) {
		curl_multi_remove_handle(m, ws[i].e);
		curl_easy_cleanup(ws[i].e);
		free(ws[i].body);
		buf_free(&ws[i].buf);
	}
	curl_multi_cleanup(m);
	curl_slist_free_all(hdrs);
	store_close(job.s);
	free(ws);
	free(lat);
	free(last);
	free(job.hosts);
	return 0;
}
