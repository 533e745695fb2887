// SPDX-License-Identifier: GPL-2.0
/*
 * panswitch - configure and inspect panswitch overlay switches.
 *
 *	panswitch [-j] [-p] [-s] [-d] [-n NETNS] [-b FILE [-f]] OBJECT [VERB [ARGS]]
 */
#include <errno.h>
#include <getopt.h>
#include <stdlib.h>
#include <string.h>

#include "cli.h"

static const struct object {
	const char *name;
	int (*run)(struct ctx *c, int argc, char **argv);
	void (*usage)(FILE *f);
} objects[] = {
	{ "switch",	do_switch,	switch_usage },
	{ "port",	do_port,	port_usage },
	{ "pan",	do_pan,		pan_usage },
	{ "entry",	do_entry,	entry_usage },
	{ "neigh",	do_neigh,	neigh_usage },
	{ "tenant",	do_tenant,	tenant_usage },
	{ "remote",	do_remote,	remote_usage },
	{ "stats",	do_stats,	stats_usage },
	{ "monitor",	do_monitor,	monitor_usage },
};

static void usage(FILE *f)
{
	fputs("Usage: panswitch [OPTIONS] OBJECT [VERB [ARGS]]\n"
	      "       panswitch [OPTIONS] -b FILE\n"
	      "       panswitch help | panswitch OBJECT help\n"
	      "OPTIONS := -j (JSON) | -p (pretty JSON, implies -j) |\n"
	      "           -s (statistics) | -d (details) | -n NETNS |\n"
	      "           -b FILE (\"-\": stdin) |\n"
	      "           -f (with -b: go on after a failing line) | -V (version)\n"
	      "OBJECT := switch | port | pan | entry | neigh | tenant | remote | stats |\n"
	      "          monitor\n"
	      "\n", f);
	switch_usage(f);
	port_usage(f);
	pan_usage(f);
	entry_usage(f);
	neigh_usage(f);
	tenant_usage(f);
	remote_usage(f);
	stats_usage(f);
	monitor_usage(f);
}

static int dispatch(struct ctx *c, int argc, char **argv)
{
	unsigned int i;

	if (!strcmp(argv[0], "help")) {
		usage(stdout);
		return EXIT_OK;
	}
	for (i = 0; i < ARRAY_SIZE(objects); i++)
		if (!strcmp(argv[0], objects[i].name))
			return objects[i].run(c, argc - 1, argv + 1);
	return usage_error(c, "unknown object \"%s\" (try \"panswitch help\")",
			   argv[0]);
}

/*
 * Split line into words in place. Double quotes group words ("a b");
 * there are no escapes. '#' at the start of a word begins a comment.
 */
static int tokenize(struct ctx *c, char *line, char ***argvp, int *argcp,
		    int *capp)
{
	char *src = line, *dst;
	bool quoted;
	char **v;
	int n = 0;

	for (;;) {
		while (*src == ' ' || *src == '\t' || *src == '\n' ||
		       *src == '\r')
			src++;
		if (!*src || *src == '#')
			break;
		if (n + 1 >= *capp) {
			*capp = *capp ? *capp * 2 : 16;
			v = realloc(*argvp, *capp * sizeof(*v));
			if (!v)
				return sys_error(c, "out of memory");
			*argvp = v;
		}
		(*argvp)[n++] = dst = src;
		quoted = false;
		for (; *src; src++) {
			if (*src == '"') {
				quoted = !quoted;
				continue;
			}
			if (!quoted && (*src == ' ' || *src == '\t' ||
					*src == '\n' || *src == '\r'))
				break;
			*dst++ = *src;
		}
		if (quoted)
			return usage_error(c, "unterminated quoted string");
		if (*src)
			src++;
		*dst = '\0';
	}
	*argcp = n;
	return 0;
}

/*
 * Run the commands of @file. A failing line stops the batch, or with
 * @force is reported and the batch goes on; the status is the first
 * failing line's.
 */
static int run_batch(struct ctx *c, const char *file, bool force)
{
	FILE *f = strcmp(file, "-") ? fopen(file, "r") : stdin;
	char *line = NULL, **argv = NULL;
	int argc = 0, cap = 0, rc = EXIT_OK, first = EXIT_OK;
	size_t len = 0;

	if (!f)
		return sys_error(c, "cannot open batch file \"%s\": %s", file,
				 strerror(errno));
	c->batch = file;
	while (getline(&line, &len, f) >= 0) {
		c->line++;
		rc = tokenize(c, line, &argv, &argc, &cap);
		if (!rc && argc)
			rc = dispatch(c, argc, argv);
		if (rc && !first)
			first = rc;
		if (rc && !force)
			break;
	}
	rc = first;
	if (!rc && ferror(f)) {
		c->batch = NULL;
		rc = sys_error(c, "reading batch file \"%s\": %s", file,
			       strerror(errno));
	}
	free(argv);
	free(line);
	if (f != stdin)
		fclose(f);
	return rc;
}

static int valid_netns_name(const char *s)
{
	return *s && strcmp(s, ".") && strcmp(s, "..") && !strchr(s, '/');
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "json",	no_argument,		NULL, 'j' },
		{ "pretty",	no_argument,		NULL, 'p' },
		{ "stats",	no_argument,		NULL, 's' },
		{ "details",	no_argument,		NULL, 'd' },
		{ "netns",	required_argument,	NULL, 'n' },
		{ "batch",	required_argument,	NULL, 'b' },
		{ "force",	no_argument,		NULL, 'f' },
		{ "version",	no_argument,		NULL, 'V' },
		{ "help",	no_argument,		NULL, 'h' },
		{ NULL, 0, NULL, 0 }
	};
	struct ctx c = { 0 };
	const char *batch = NULL;
	bool json = false, pretty = false, force = false;
	int opt, rc;

	opterr = 0;
	while ((opt = getopt_long(argc, argv, "+:jpsdn:b:fVh", longopts,
				  NULL)) != -1) {
		switch (opt) {
		case 'j':
			json = true;
			break;
		case 'p':
			json = pretty = true;
			break;
		case 's':
			show_stats = true;
			break;
		case 'd':
			show_details = true;
			break;
		case 'n':
			if (!valid_netns_name(optarg))
				return usage_error(&c, "invalid network namespace name \"%s\"",
						   optarg);
			c.netns = optarg;
			break;
		case 'b':
			batch = optarg;
			break;
		case 'f':
			force = true;
			break;
		case 'V':
			printf("panswitch %s (generic netlink family %s version %d)\n",
			       PANSWITCH_VERSION,
			       PSW_GENL_NAME, PSW_GENL_VERSION);
			return EXIT_OK;
		case 'h':
			usage(stdout);
			return EXIT_OK;
		case ':':
			return usage_error(&c, "option \"%s\" needs an argument",
					   argv[optind - 1]);
		default:
			if (optopt)
				return usage_error(&c, "unknown option \"-%c\"",
						   optopt);
			return usage_error(&c, "unknown option \"%s\"",
					   argv[optind - 1]);
		}
	}
	print_setup(json, pretty);

	if (force && !batch)
		return usage_error(&c, "option \"-f\" needs \"-b FILE\"");
	if (batch) {
		if (optind < argc)
			return usage_error(&c, "no OBJECT allowed with -b (got \"%s\")",
					   argv[optind]);
		rc = run_batch(&c, batch, force);
	} else if (optind < argc) {
		rc = dispatch(&c, argc - optind, argv + optind);
	} else {
		usage(stderr);
		rc = EXIT_USAGE;
	}

	pswc_close(c.h);
	if (fflush(stdout) == EOF || ferror(stdout)) {
		c.batch = NULL;
		rc = sys_error(&c, "writing output: %s", strerror(errno));
	}
	return rc;
}
