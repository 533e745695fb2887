// SPDX-License-Identifier: GPL-2.0
/*
 * panswitch-controller: computes every host's desired switch state from
 * a topology file and distributes it through a store (Documentation/
 * controller.md, panswitch-controller(8)).
 */
#define _GNU_SOURCE
#include <errno.h>
#include <getopt.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "store.h"
#include "topo.h"

#define EXTMACS_KEY "controller/extmacs"

static const char *store_spec;
static int verbose;
static double timeout_s = 30;
static double t0;

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static void usage(FILE *f)
{
	fprintf(f,
		"usage: panswitch-controller [-s STORE] [-v] [-w SECONDS] COMMAND ...\n"
		"  check TOPOLOGY               parse and compute every host; write nothing\n"
		"  show TOPOLOGY [HOST...]      print the hosts' desired states\n"
		"  show TOPOLOGY --vm VM        the VM's line in every table that has it\n"
		"  apply TOPOLOGY               write the hosts whose state changed (-s)\n"
		"  migrate TOPOLOGY VM HOST [--exec CMD]\n"
		"                               move VM to HOST: destination first, then\n"
		"                               the move, the other hosts, the source (-s)\n"
		"  status [HOST...]             what each host's agent applied (-s)\n"
		"  status -r HOST               the agent's report as it wrote it (-s)\n"
		"STORE: dir:PATH | etcd:http://127.0.0.1:2379\n");
}

static int die_usage(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "panswitch-controller: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	usage(stderr);
	return 2;
}

static void note(const char *fmt, ...) __attribute__((format(printf, 1, 2)));

/* A step of the workflow, with the time since the command started */
static void note(const char *fmt, ...)
{
	va_list ap;

	printf("[%8.3f s] ", now() - t0);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	printf("\n");
	fflush(stdout);
}

/* Every host's documents, computed: [i] is topo host i */
struct plan {
	size_t n;
	struct ctl_docs *docs;
	struct ctl_buf alloc;		/* external MACs */
};

static void plan_free(struct plan *p)
{
	size_t i;

	for (i = 0; i < p->n; i++)
		docs_free(&p->docs[i]);
	free(p->docs);
	buf_free(&p->alloc);
	memset(p, 0, sizeof(*p));
}

static int plan_compute(struct topo *t, const char *prev, struct plan *p)
{
	char err[TOPO_ERRLEN];
	struct ctl_host_state st;
	size_t h;

	memset(p, 0, sizeof(*p));
	if (topo_alloc_ext(t, prev, &p->alloc, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	p->docs = calloc(t->nhosts + 1, sizeof(*p->docs));
	if (!p->docs)
		return -1;
	p->n = t->nhosts;
	for (h = 0; h < t->nhosts; h++) {
		if (topo_compute(t, h, &st, err, sizeof(err))) {
			fprintf(stderr, "%s\n", err);
			plan_free(p);
			return -1;
		}
		if (state_render(&st, &p->docs[h])) {
			state_free(&st);
			plan_free(p);
			fprintf(stderr, "out of memory\n");
			return -1;
		}
		state_free(&st);
	}
	return 0;
}

static struct store *open_store(void)
{
	char err[STORE_ERRLEN];
	struct store *s;

	if (!store_spec) {
		fprintf(stderr, "panswitch-controller: this command needs a store (-s dir:PATH or -s etcd:URL)\n");
		return NULL;
	}
	s = store_open(store_spec, err, sizeof(err));
	if (!s)
		fprintf(stderr, "panswitch-controller: %s\n", err);
	return s;
}

static char *prev_alloc(struct store *s)
{
	char *v = NULL;

	if (s && store_get(s, EXTMACS_KEY, &v, NULL))
		fprintf(stderr, "panswitch-controller: warning: reading %s: %s\n",
			EXTMACS_KEY, store_error(s));
	return v;
}

static int load_plan(const char *file, struct store *s, struct topo **t,
		     struct plan *p)
{
	char err[TOPO_ERRLEN], *prev;
	int rc;

	if (topo_load(file, t, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	prev = prev_alloc(s);
	rc = plan_compute(*t, prev, p);
	free(prev);
	if (rc) {
		topo_free(*t);
		*t = NULL;
	}
	return rc;
}

static int cmd_check(int argc, char **argv)
{
	struct topo *t;
	struct plan p;
	size_t h, pans = 0, i;
	double t1 = now();
	struct rusage ru;

	if (argc != 1)
		return die_usage("check takes TOPOLOGY");
	if (load_plan(argv[0], NULL, &t, &p))
		return 1;
	for (h = 0; h < p.n; h++)
		for (i = 0; i < p.docs[h].n; i++)
			pans += !!strncmp(p.docs[h].v[i].key, "switch", 6);
	getrusage(RUSAGE_SELF, &ru);
	printf("%s: %zu hosts, %zu PANs, %zu VMs: %zu per-host PAN tables computed in %.3f s wall, %.3f s CPU (max RSS %ld MiB)\n",
	       argv[0], t->nhosts, t->npans, t->nvms, pans, now() - t1,
	       ru.ru_utime.tv_sec + ru.ru_utime.tv_usec / 1e6 +
	       ru.ru_stime.tv_sec + ru.ru_stime.tv_usec / 1e6,
	       ru.ru_maxrss / 1024);
	plan_free(&p);
	topo_free(t);
	return 0;
}

/* The line of text naming " vm NAME" (exact word), or NULL */
static const char *find_vm_line(const char *text, const char *vm, int *len)
{
	size_t vl = strlen(vm);
	const char *p = text;

	while (p && *p) {
		const char *nl = strchr(p, '\n');
		const char *end = nl ? nl : p + strlen(p);
		const char *hit = p;

		while ((hit = strstr(hit, " vm ")) && hit < end) {
			const char *w = hit + 4;

			if (!strncmp(w, vm, vl) &&
			    (w + vl == end || w[vl] == ' ')) {
				*len = end - p;
				return p;
			}
			hit = w;
		}
		p = nl ? nl + 1 : NULL;
	}
	return NULL;
}

static int cmd_show(int argc, char **argv)
{
	struct store *s = NULL;
	struct topo *t;
	struct plan p;
	const char *vm = NULL;
	size_t h, i;
	int j, rc = 0, len;

	if (argc >= 3 && !strcmp(argv[1], "--vm")) {
		vm = argv[2];
		if (argc != 3)
			return die_usage("show TOPOLOGY --vm VM");
	}
	if (argc < 1)
		return die_usage("show takes TOPOLOGY [HOST...]");
	if (store_spec && !(s = open_store()))
		return 1;
	if (load_plan(argv[0], s, &t, &p)) {
		store_close(s);
		return 1;
	}
	if (vm && !topo_vm_find(t, vm)) {
		fprintf(stderr, "panswitch-controller: no VM \"%s\" in %s\n",
			vm, argv[0]);
		rc = 1;
		goto out;
	}
	for (j = 1; !vm && j < argc; j++)
		if (!topo_host_find(t, argv[j])) {
			fprintf(stderr, "panswitch-controller: no host \"%s\" in %s\n",
				argv[j], argv[0]);
			rc = 1;
			goto out;
		}
	for (h = 0; h < p.n; h++) {
		bool want = argc == 1 || vm;

		for (j = 1; !vm && j < argc; j++)
			want |= !strcmp(argv[j], t->hosts[h].name);
		if (!want)
			continue;
		for (i = 0; i < p.docs[h].n; i++) {
			const struct ctl_doc *d = &p.docs[h].v[i];
			const char *line;

			if (!vm) {
				printf("# %s %s\n%s", t->hosts[h].name,
				       d->key, d->val);
				continue;
			}
			line = find_vm_line(d->val, vm, &len);
			if (line)
				printf("%-10s %-9s %.*s\n", t->hosts[h].name,
				       d->key, len, line);
		}
	}
out:
	plan_free(&p);
	topo_free(t);
	store_close(s);
	return rc;
}

/*
 * Write host i's documents where they differ from what the store has.
 * Returns the keys written (put + deleted), 0 if unchanged, -1 on error.
 */
static long write_diff(struct store *s, const char *host,
		       const struct ctl_docs *want, const struct ctl_docs *have,
		       uint64_t *gen)
{
	struct ctl_docs put = { 0 };
	char **del = NULL;
	size_t i, ndel = 0;
	long n = -1;

	for (i = 0; i < want->n; i++) {
		const struct ctl_doc *o = have ? docs_find(have, want->v[i].key) :
					  NULL;

		if (o && !strcmp(o->val, want->v[i].val))
			continue;
		if (docs_add(&put, want->v[i].key, want->v[i].val))
			goto out;
	}
	del = calloc(have ? have->n + 1 : 1, sizeof(*del));
	if (!del)
		goto out;
	for (i = 0; have && i < have->n; i++)
		if (!docs_find(want, have->v[i].key))
			del[ndel++] = have->v[i].key;
	if (!put.n && !ndel) {
		n = 0;
		goto out;
	}
	if (store_write_host(s, host, &put, del, ndel, gen)) {
		fprintf(stderr, "panswitch-controller: writing host %s: %s\n",
			host, store_error(s));
		goto out;
	}
	if (verbose) {
		for (i = 0; i < put.n; i++)
			printf("  %s: put %s\n", host, put.v[i].key);
		for (i = 0; i < ndel; i++)
			printf("  %s: delete %s\n", host, del[i]);
	}
	n = put.n + ndel;
out:
	docs_free(&put);
	free(del);
	return n;
}

static const struct ctl_docs *store_docs(const struct store_host *sh,
					 size_t n, const char *host)
{
	size_t i;

	for (i = 0; i < n; i++)
		if (!strcmp(sh[i].host, host))
			return &sh[i].docs;
	return NULL;
}

static int save_alloc(struct store *s, const struct plan *p)
{
	char *old = prev_alloc(s);
	int rc = 0;

	if (!old || strcmp(old, p->alloc.s ? p->alloc.s : "")) {
		rc = store_put(s, EXTMACS_KEY, p->alloc.s ? p->alloc.s : "");
		if (rc)
			fprintf(stderr, "panswitch-controller: writing %s: %s\n",
				EXTMACS_KEY, store_error(s));
	}
	free(old);
	return rc;
}

static int cmd_apply(int argc, char **argv)
{
	struct store *s;
	struct store_host *sh = NULL;
	struct topo *t = NULL;
	struct plan p = { 0 };
	size_t nsh = 0, h, changed = 0, keys = 0;
	double t1;
	int rc = 1;
	long n;

	if (argc != 1)
		return die_usage("apply takes TOPOLOGY");
	s = open_store();
	if (!s)
		return 1;
	t1 = now();
	if (load_plan(argv[0], s, &t, &p))
		goto out;
	if (store_list(s, &sh, &nsh)) {
		fprintf(stderr, "panswitch-controller: reading the store: %s\n",
			store_error(s));
		goto out;
	}
	if (save_alloc(s, &p))
		goto out;
	for (h = 0; h < p.n; h++) {
		uint64_t gen = 0;

		n = write_diff(s, t->hosts[h].name, &p.docs[h],
			       store_docs(sh, nsh, t->hosts[h].name), &gen);
		if (n < 0)
			goto out;
		if (n) {
			changed++;
			keys += n;
			if (verbose)
				printf("  %s: generation %" PRIu64 "\n",
				       t->hosts[h].name, gen);
		}
	}
	for (h = 0; h < nsh; h++)
		if (!topo_host_find(t, sh[h].host) && sh[h].docs.n)
			fprintf(stderr, "panswitch-controller: warning: host %s is in the store but not in %s: its state is left as it is\n",
				sh[h].host, argv[0]);
	printf("%s: %zu keys written on %zu of %zu hosts in %.3f s\n", argv[0],
	       keys, changed, t->nhosts, now() - t1);
	rc = 0;
out:
	store_hosts_free(sh, nsh);
	plan_free(&p);
	topo_free(t);
	store_close(s);
	return rc;
}

/* ---- status ---- */

struct status {
	uint64_t generation;
	bool ok;
	char pending[1024];		/* " dev dev ..." */
	char error[512];
};

static int read_status(struct store *s, const char *host, struct status *st)
{
	char key[128], *v = NULL, *line, *save = NULL;

	memset(st, 0, sizeof(*st));
	snprintf(key, sizeof(key), "hosts/%s/status", host);
	if (store_get(s, key, &v, NULL))
		return -1;
	if (!v)
		return 0;
	for (line = strtok_r(v, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save)) {
		if (!strncmp(line, "generation ", 11))
			ctl_u64_parse(line + 11, &st->generation);
		else if (!strcmp(line, "result ok"))
			st->ok = true;
		else if (!strncmp(line, "result ", 7))
			snprintf(st->error, sizeof(st->error), "%s", line + 7);
		else if (!strncmp(line, "pending", 7))
			snprintf(st->pending, sizeof(st->pending), "%s ",
				 line + 7);
	}
	free(v);
	return 0;
}

static bool port_pending(const struct status *st, const char *dev)
{
	char w[CTL_IFNAMSIZ + 2];

	snprintf(w, sizeof(w), " %s ", dev);
	return strstr(st->pending, w) != NULL;
}

/*
 * Wait until host's agent reports generation gen applied (and, with dev,
 * that dev is attached). 0 when it did, 1 on timeout.
 */
static int wait_applied(struct store *s, const char *host, uint64_t gen,
			const char *dev, double limit)
{
	struct status st;
	double end = now() + limit;

	do {
		if (read_status(s, host, &st) == 0 && st.generation >= gen &&
		    (!dev || !port_pending(&st, dev)))
			return 0;
		usleep(20000);
	} while (now() < end);
	return 1;
}

static int cmd_status(int argc, char **argv)
{
	struct store *s = open_store();
	struct store_host *sh = NULL;
	struct status st;
	size_t nsh = 0, i;
	int j, rc = 0;

	if (!s)
		return 1;
	if (argc == 2 && !strcmp(argv[0], "-r")) {
		char key[128], *v = NULL;

		/* the agent's report as it wrote it */
		snprintf(key, sizeof(key), "hosts/%s/status", argv[1]);
		rc = ctl_name_ok(argv[1]) ? store_get(s, key, &v, NULL) : -1;
		if (rc)
			fprintf(stderr, "panswitch-controller: %s\n",
				ctl_name_ok(argv[1]) ? store_error(s) :
				"invalid host name");
		else if (v)
			fputs(v, stdout);
		free(v);
		store_close(s);
		return rc ? 1 : v ? 0 : 3;
	}
	if (store_list(s, &sh, &nsh)) {
		fprintf(stderr, "panswitch-controller: %s\n", store_error(s));
		store_close(s);
		return 1;
	}
	printf("%-12s %10s %10s  %s\n", "HOST", "DESIRED", "APPLIED", "RESULT");
	for (i = 0; i < nsh; i++) {
		bool want = argc == 0, waiting;

		for (j = 0; j < argc; j++)
			want |= !strcmp(argv[j], sh[i].host);
		if (!want)
			continue;
		if (read_status(s, sh[i].host, &st)) {
			printf("%-12s %10" PRIu64 " %10s  %s\n", sh[i].host,
			       sh[i].docs.generation, "?", store_error(s));
			rc = 1;
			continue;
		}
		waiting = st.pending[strspn(st.pending, " ")] != '\0';
		printf("%-12s %10" PRIu64 " %10" PRIu64 "  %s%s%s\n",
		       sh[i].host, sh[i].docs.generation, st.generation,
		       st.ok ? "ok" : st.error[0] ? st.error : "no report",
		       waiting ? "; waiting for devices:" : "",
		       waiting ? st.pending : "");
	}
	store_hosts_free(sh, nsh);
	store_close(s);
	return rc;
}

/* ---- migrate ---- */

/* Rewrite the VM's "host" value in the topology file */
static int rewrite_topology(const struct topo *t, const struct topo_vm *vm,
			    const char *newhost)
{
	char tmp[4096];
	FILE *f;
	const char *q = "";

	snprintf(tmp, sizeof(tmp), "%s.migrate", t->file);
	f = fopen(tmp, "w");
	if (!f) {
		fprintf(stderr, "panswitch-controller: %s: %s\n", tmp,
			strerror(errno));
		return -1;
	}
	/* a quoted value stays quoted */
	if (t->text[vm->host_start] == '"')
		q = "\"";
	else if (t->text[vm->host_start] == '\'')
		q = "'";
	fwrite(t->text, 1, vm->host_start, f);
	fprintf(f, "%s%s%s", q, newhost, q);
	fwrite(t->text + vm->host_end, 1, t->textlen - vm->host_end, f);
	if (fclose(f) || rename(tmp, t->file)) {
		fprintf(stderr, "panswitch-controller: %s: %s\n", t->file,
			strerror(errno));
		unlink(tmp);
		return -1;
	}
	return 0;
}

/*
 * The move failed: host goes back to what it had (old; NULL: nothing)
 * from what was written (now)
 */
static void put_back(struct store *s, const char *host,
		     const struct ctl_docs *now, const struct ctl_docs *old)
{
	struct ctl_docs none = { 0 };
	uint64_t gen;
	long n = write_diff(s, host, old ? old : &none, now, &gen);

	if (n > 0)
		note("   %s put back as it was: %ld keys, generation %" PRIu64,
		     host, n, gen);
}

/*
 * The destination's state for the move: its final one (the VM's port,
 * pending until the device is up there) with a hold entry for each of the
 * VM's MACs (with its external MAC if its port there has one: the switch
 * announces it on the uplink), and hold bounds that cover the move: every
 * frame sent to the VM from the moment the other hosts point at the
 * destination waits there, in order, until the port attaches.
 */
static int prepared_docs(const struct topo *t, size_t dst,
			 const struct topo_vm *vm, struct ctl_docs *out)
{
	char err[TOPO_ERRLEN];
	struct ctl_host_state st;
	struct ctl_pan *pan;
	struct ctl_entry *ne;
	const struct ctl_port *pt = NULL;
	double ms = timeout_s * 1000;
	unsigned int m;
	size_t i;
	int rc;

	if (topo_compute(t, dst, &st, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		return -1;
	}
	pan = (struct ctl_pan *)state_pan(&st, t->pans[vm->pan].id);
	for (i = 0; pan && i < pan->nports; i++)
		if (!strcmp(pan->ports[i].dev, vm->dev))
			pt = &pan->ports[i];
	if (!pt) {
		state_free(&st);
		fprintf(stderr, "panswitch-controller: %s has no port for %s\n",
			t->hosts[dst].name, vm->name);
		return -1;
	}
	ne = realloc(pan->entries,
		     (pan->nentries + pt->nmacs) * sizeof(*ne));
	if (!ne) {
		state_free(&st);
		return -1;
	}
	pan->entries = ne;
	for (m = 0; m < pt->nmacs; m++) {
		ne = &pan->entries[pan->nentries++];
		memset(ne, 0, sizeof(*ne));
		memcpy(ne->mac, pt->macs[m], CTL_ALEN);
		ne->mode = CTL_MODE_HOLD;
		if (pt->has_ext)
			memcpy(ne->ext, pt->ext, CTL_ALEN);
		snprintf(ne->vm, sizeof(ne->vm), "%s", vm->name);
	}
	pan->hold_frames = PSW_HOLD_FRAMES_MAX;
	pan->hold_time_ms = ms > PSW_HOLD_TIME_MAX ? PSW_HOLD_TIME_MAX :
			    ms < 1000 ? 1000 : (uint32_t)ms;
	rc = state_render(&st, out);
	state_free(&st);
	return rc;
}

static int cmd_migrate(int argc, char **argv)
{
	const char *file, *vmname, *dest, *exec_cmd = NULL;
	struct store *s = NULL;
	struct store_host *sh = NULL;
	struct topo *t = NULL;
	struct topo_vm *vm;
	struct topo_host *dh;
	struct plan p = { 0 };
	struct ctl_docs prep = { 0 };
	size_t nsh = 0, h, src, dst, hosts = 0, keys = 0;
	char err[TOPO_ERRLEN], *prev = NULL;
	uint64_t gen;
	uint64_t *gens = NULL;
	int rc = 1;
	long n;

	if (argc == 5 && !strcmp(argv[3], "--exec"))
		exec_cmd = argv[4];
	else if (argc != 3)
		return die_usage("migrate TOPOLOGY VM HOST [--exec CMD]");
	file = argv[0];
	vmname = argv[1];
	dest = argv[2];
	s = open_store();
	if (!s)
		return 1;
	if (topo_load(file, &t, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		goto out;
	}
	vm = topo_vm_find(t, vmname);
	dh = topo_host_find(t, dest);
	if (!vm || !dh) {
		fprintf(stderr, "panswitch-controller: no %s \"%s\" in %s\n",
			vm ? "host" : "VM", vm ? dest : vmname, file);
		goto out;
	}
	src = vm->host;
	dst = dh - t->hosts;
	if (src == dst) {
		fprintf(stderr, "panswitch-controller: VM %s is on host %s already\n",
			vmname, dest);
		goto out;
	}
	if (topo_move(t, vm, dst, err, sizeof(err))) {
		fprintf(stderr, "%s\n", err);
		goto out;
	}
	prev = prev_alloc(s);
	if (plan_compute(t, prev, &p))
		goto out;
	if (prepared_docs(t, dst, vm, &prep))
		goto out;
	if (store_list(s, &sh, &nsh)) {
		fprintf(stderr, "panswitch-controller: reading the store: %s\n",
			store_error(s));
		goto out;
	}
	if (save_alloc(s, &p))
		goto out;
	gens = calloc(t->nhosts, sizeof(*gens));
	if (!gens)
		goto out;
	note("migrate %s (PAN %u, device %s): %s -> %s", vmname,
	     t->pans[vm->pan].id, vm->dev, t->hosts[src].name, dest);
	/*
	 * 1. the destination: the PAN, its table, the port to come, and a
	 * hold entry for the VM (selftests/86_migration.sh's order)
	 */
	n = write_diff(s, dest, &prep, store_docs(sh, nsh, dest), &gen);
	if (n < 0)
		goto out;
	note("1. destination %s prepared: %ld keys, generation %" PRIu64 " (%s's frames held there until its port attaches)",
	     dest, n, gen, vmname);
	if (n > 0 && wait_applied(s, dest, gen, NULL, timeout_s))
		note("   %s's agent has not reported generation %" PRIu64 " after %.0f s: going on",
		     dest, gen, timeout_s);
	else
		note("   %s applied it", dest);
	/* 2. every other host but the source: toward the destination */
	for (h = 0; h < t->nhosts; h++) {
		if (h == src || h == dst)
			continue;
		n = write_diff(s, t->hosts[h].name, &p.docs[h],
			       store_docs(sh, nsh, t->hosts[h].name), &gens[h]);
		if (n < 0)
			goto out;
		if (n) {
			hosts++;
			keys += n;
		}
	}
	note("2. other hosts pointed at %s: %zu keys on %zu hosts", dest, keys,
	     hosts);
	for (h = 0; h < t->nhosts; h++)
		if (gens[h] && wait_applied(s, t->hosts[h].name, gens[h],
					    NULL, timeout_s))
			note("   %s has not reported generation %" PRIu64 " after %.0f s: going on",
			     t->hosts[h].name, gens[h], timeout_s);
	if (hosts)
		note("   they applied it");
	/* 3. the move */
	if (exec_cmd) {
		note("3. moving: %s", exec_cmd);
		rc = system(exec_cmd);
		if (rc == -1 || !WIFEXITED(rc) || WEXITSTATUS(rc)) {
			fprintf(stderr, "panswitch-controller: \"%s\" failed (status %d): the destination and the other hosts are put back; the source keeps the VM\n",
				exec_cmd, rc);
			rc = 1;
			goto back;
		}
		rc = 1;
	} else {
		note("3. waiting for %s to appear on %s", vm->dev, dest);
	}
	if (wait_applied(s, dest, gen, vm->dev, timeout_s)) {
		fprintf(stderr, "panswitch-controller: %s did not report %s attached within %.0f s: the destination and the other hosts are put back\n",
			dest, vm->dev, timeout_s);
		goto back;
	}
	note("   %s is attached on %s (the held frames went to it)", vm->dev,
	     dest);
	/*
	 * 4. the source: the VM's port gone, its PAN gone if it was the
	 * last; and the destination's hold entry and bounds (the port's
	 * entry replaced it)
	 */
	n = write_diff(s, t->hosts[src].name, &p.docs[src],
		       store_docs(sh, nsh, t->hosts[src].name), &gens[src]);
	if (n < 0)
		goto out;
	note("4. source %s cleaned: %ld keys%s", t->hosts[src].name, n,
	     topo_pan_on_host(t, vm->pan, src) ? "" :
	     " (its last VM of the PAN left: the PAN is removed there)");
	n = write_diff(s, dest, &p.docs[dst], &prep, &gens[dst]);
	if (n < 0)
		goto out;
	note("   destination %s's hold entry and bounds removed: %ld keys", dest,
	     n);
	if (rewrite_topology(t, vm, dest))
		goto out;
	for (h = 0; h < t->nhosts; h++)
		if (gens[h] && wait_applied(s, t->hosts[h].name, gens[h],
					    NULL, timeout_s))
			note("   %s has not reported generation %" PRIu64 " yet",
			     t->hosts[h].name, gens[h]);
	note("done: %s is on %s (%s rewritten)", vmname, dest, file);
	rc = 0;
	goto out;
back:
	for (h = 0; h < t->nhosts; h++)
		if (gens[h])
			put_back(s, t->hosts[h].name, &p.docs[h],
				 store_docs(sh, nsh, t->hosts[h].name));
	put_back(s, dest, &prep, store_docs(sh, nsh, dest));
out:
	free(gens);
	free(prev);
	docs_free(&prep);
	store_hosts_free(sh, nsh);
	plan_free(&p);
	topo_free(t);
	store_close(s);
	return rc;
}

int main(int argc, char **argv)
{
	static const struct option opts[] = {
		{ "store", required_argument, NULL, 's' },
		{ "verbose", no_argument, NULL, 'v' },
		{ "wait", required_argument, NULL, 'w' },
		{ "help", no_argument, NULL, 'h' },
		{ 0 }
	};
	const char *cmd;
	char *end;
	int c;

	t0 = now();
	while ((c = getopt_long(argc, argv, "+s:vw:h", opts, NULL)) != -1) {
		switch (c) {
		case 's':
			store_spec = optarg;
			break;
		case 'v':
			verbose++;
			break;
		case 'w':
			timeout_s = strtod(optarg, &end);
			if (*end || timeout_s <= 0 || timeout_s > 86400)
				return die_usage("-w takes seconds (0 < S <= 86400)");
			break;
		case 'h':
			usage(stdout);
			return 0;
		default:
			usage(stderr);
			return 2;
		}
	}
	if (optind >= argc)
		return die_usage("missing command");
	cmd = argv[optind++];
	argc -= optind;
	argv += optind;
	setvbuf(stdout, NULL, _IOLBF, 0);
	if (!strcmp(cmd, "check"))
		return cmd_check(argc, argv);
	if (!strcmp(cmd, "show"))
		return cmd_show(argc, argv);
	if (!strcmp(cmd, "apply"))
		return cmd_apply(argc, argv);
	if (!strcmp(cmd, "migrate"))
		return cmd_migrate(argc, argv);
	if (!strcmp(cmd, "status"))
		return cmd_status(argc, argv);
	return die_usage("unknown command \"%s\"", cmd);
}
