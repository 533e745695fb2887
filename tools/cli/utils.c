// SPDX-License-Identifier: GPL-2.0
/*
 * Argument parsing, error reporting and the lazily opened handle.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <limits.h>
#include <sched.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "cli.h"

bool show_stats;
bool show_details;

const char *arg_peek(const struct args *a)
{
	return a->argc > 0 ? a->argv[0] : NULL;
}

const char *arg_next(struct args *a)
{
	const char *s = arg_peek(a);

	if (s) {
		a->argc--;
		a->argv++;
	}
	return s;
}

/* The value after keyword kw, which was just consumed */
int arg_value(struct ctx *c, struct args *a, const char *kw,
	      const char **val)
{
	*val = arg_next(a);
	if (!*val)
		return usage_error(c, "missing argument after \"%s\"", kw);
	return 0;
}

int arg_end(struct ctx *c, const struct args *a)
{
	if (a->argc > 0)
		return usage_error(c, "unknown keyword \"%s\"", a->argv[0]);
	return 0;
}

int parse_pan(struct ctx *c, const char *s, uint32_t *pan)
{
	unsigned long long v = 0;
	const char *p;

	if (!*s)
		return usage_error(c, "PAN id \"%s\" is not a number", s);
	for (p = s; *p; p++) {
		if (*p < '0' || *p > '9')
			return usage_error(c, "PAN id \"%s\" is not a number",
					   s);
		v = v * 10 + (*p - '0');
		if (v > UINT32_MAX)
			return usage_error(c, "PAN id \"%s\" is out of range",
					   s);
	}
	*pan = v;
	return 0;
}

int parse_mac(struct ctx *c, const char *s, uint8_t mac[PSWC_ETH_ALEN])
{
	if (pswc_mac_parse(s, mac))
		return usage_error(c, "invalid MAC address \"%s\"", s);
	return 0;
}

int parse_ifname(struct ctx *c, const char *s, const char *what)
{
	if (!*s || strchr(s, '/'))
		return usage_error(c, "invalid %s name \"%s\"", what, s);
	if (strlen(s) >= IF_NAMESIZE)
		return usage_error(c, "%s name \"%s\" is too long (at most %d characters)",
				   what, s, IF_NAMESIZE - 1);
	return 0;
}

/* An IPv4 or IPv6 address */
int parse_addr(struct ctx *c, const char *s, struct pswc_addr *a)
{
	if (pswc_addr_parse(s, a))
		return usage_error(c, "\"%s\" is not an IPv4 or IPv6 address",
				   s);
	return 0;
}

/*
 * vxlan, nvgre or etherip; "ipip", EtherIP's keyword before it had its
 * own (Linux's ipip is IP-in-IP), is a deprecated alias for one release.
 */
int parse_encap(struct ctx *c, const char *s, uint8_t *encap)
{
	unsigned int i;

	if (!strcmp(s, "ipip")) {
		*encap = PSW_ENCAP_ETHERIP;
		return 0;
	}
	for (i = 1; i <= PSW_ENCAP_MAX; i++) {
		if (pswc_encap_name(i) && !strcmp(s, pswc_encap_name(i))) {
			*encap = i;
			return 0;
		}
	}
	return usage_error(c, "unknown encapsulation \"%s\" (vxlan, nvgre or etherip)",
			   s);
}

/* "FILE:LINE: " in a batch, else "panswitch: " unless the kernel talks */
static void error_prefix(struct ctx *c, bool kernel_msg)
{
	fflush(stdout);
	if (c->batch)
		fprintf(stderr, "%s:%lu: ", c->batch, c->line);
	else if (!kernel_msg)
		fputs("panswitch: ", stderr);
}

static int verror(struct ctx *c, int status, const char *fmt, va_list ap)
{
	error_prefix(c, false);
	vfprintf(stderr, fmt, ap);
	fputc('\n', stderr);
	return status;
}

int usage_error(struct ctx *c, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = verror(c, EXIT_USAGE, fmt, ap);
	va_end(ap);
	return rc;
}

int sys_error(struct ctx *c, const char *fmt, ...)
{
	va_list ap;
	int rc;

	va_start(ap, fmt);
	rc = verror(c, EXIT_KERNEL, fmt, ap);
	va_end(ap);
	return rc;
}

int unknown_verb(struct ctx *c, const char *object, const char *verb)
{
	return usage_error(c, "unknown command \"%s\" for %s (try \"panswitch %s help\")",
			   verb, object, object);
}

int report_error(struct ctx *c, const struct pswc_error *e)
{
	char buf[PSWC_ERRMSG_LEN + 64];

	pswc_error_format(e, buf, sizeof(buf));
	error_prefix(c, e->from_kernel && e->msg[0]);
	fprintf(stderr, "%s\n", buf);
	return EXIT_KERNEL;
}

int lib_error(struct ctx *c)
{
	return report_error(c, pswc_last_error(c->h));
}

/* After a dump: warn when it was delivered despite concurrent changes */
void dump_check(struct ctx *c)
{
	if (!pswc_dump_inconsistent(c->h))
		return;
	error_prefix(c, false);
	fputs("warning: the table kept changing during the dump; the output may be inconsistent\n",
	      stderr);
}

static int enter_netns(struct ctx *c)
{
	static const char *const dirs[] = { "/run/netns", "/var/run/netns" };
	char path[PATH_MAX];
	unsigned int i;
	int fd = -1;

	for (i = 0; fd < 0 && i < ARRAY_SIZE(dirs); i++) {
		snprintf(path, sizeof(path), "%s/%s", dirs[i], c->netns);
		fd = open(path, O_RDONLY | O_CLOEXEC);
	}
	if (fd < 0)
		return sys_error(c, "cannot open network namespace \"%s\": %s",
				 c->netns, strerror(errno));
	if (setns(fd, CLONE_NEWNET) < 0) {
		close(fd);
		return sys_error(c, "cannot enter network namespace \"%s\": %s",
				 c->netns, strerror(errno));
	}
	close(fd);
	c->in_netns = true;
	return 0;
}

struct pswc_handle *get_handle(struct ctx *c)
{
	struct pswc_error err;

	if (c->h)
		return c->h;
	if (c->netns && !c->in_netns && enter_netns(c))
		return NULL;
	c->h = pswc_open(&err);
	if (!c->h)
		report_error(c, &err);
	return c->h;
}

static bool show_open;

void show_item_begin(void)
{
	if (!show_open)
		open_json_array(PRINT_JSON, NULL);
	show_open = true;
	open_json_object(NULL);
}

void show_item_end(void)
{
	close_json_object();
	print_nl();
}

void show_done(void)
{
	if (!show_open)
		open_json_array(PRINT_JSON, NULL);
	close_json_array(PRINT_JSON);
	show_open = false;
}

void show_abort(void)
{
	if (show_open)
		close_json_array(PRINT_JSON);
	show_open = false;
}

/* End a show command whose library call returned @rc: its exit status. */
int show_finish(struct ctx *c, int rc)
{
	if (rc) {
		show_abort();
		return lib_error(c);
	}
	show_done();
	return EXIT_OK;
}
