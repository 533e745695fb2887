// SPDX-License-Identifier: GPL-2.0
/*
 * Text and JSON output through the same print_*() calls.
 */
#include <inttypes.h>
#include <stdio.h>
#include <string.h>

#include "print.h"

#define JSON_MAX_DEPTH	16

static struct {
	bool json;
	bool pretty;
	int depth;
	bool first[JSON_MAX_DEPTH];	/* no member printed yet at depth */
	bool text_col;			/* the text line has content */
} out;

void print_setup(bool json, bool pretty)
{
	out.json = json;
	out.pretty = pretty;
	out.depth = 0;
	out.text_col = false;
}

bool is_json(void)
{
	return out.json;
}

static bool want(enum output_type type)
{
	return out.json ? (type & PRINT_JSON) : (type & PRINT_FP);
}

/* Length of the valid UTF-8 sequence at s, 0 if it is not one. */
static int utf8_len(const unsigned char *s)
{
	unsigned char c = s[0];
	int n, i;

	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef)
		n = 3;
	else if (c >= 0xf0 && c <= 0xf4)
		n = 4;
	else
		return 0;
	for (i = 1; i < n; i++)
		if ((s[i] & 0xc0) != 0x80)
			return 0;
	/* overlong forms, surrogates, beyond U+10FFFF */
	if ((c == 0xe0 && s[1] < 0xa0) || (c == 0xed && s[1] > 0x9f) ||
	    (c == 0xf0 && s[1] < 0x90) || (c == 0xf4 && s[1] > 0x8f))
		return 0;
	return n;
}

static const char json_esc_from[] = "\"\\\b\f\n\r\t";
static const char json_esc_to[] = "\"\\bfnrt";

/* A JSON string; bytes that are not UTF-8 are escaped as U+0080..U+00FF */
static void json_str(const char *str)
{
	const unsigned char *s = (const unsigned char *)str;
	const char *esc;
	int n;

	putchar('"');
	while (*s) {
		esc = strchr(json_esc_from, *s);
		n = *s >= 0x80 ? utf8_len(s) : 0;
		if (esc) {
			putchar('\\');
			putchar(json_esc_to[esc - json_esc_from]);
			s++;
		} else if (*s < 0x20 || *s == 0x7f) {
			printf("\\u%04x", *s++);
		} else if (*s < 0x80) {
			putchar(*s++);
		} else if (n) {
			fwrite(s, 1, n, stdout);
			s += n;
		} else {
			printf("\\u%04x", *s++);	/* not UTF-8 */
		}
	}
	putchar('"');
}

static void json_indent(void)
{
	int i;

	if (!out.pretty)
		return;
	putchar('\n');
	for (i = 0; i < out.depth; i++)
		fputs("    ", stdout);
}

/* separator and key before a member; nothing before a top-level value */
static void json_member(const char *key)
{
	if (out.depth > 0) {
		if (!out.first[out.depth])
			putchar(',');
		out.first[out.depth] = false;
		json_indent();
	}
	if (key) {
		json_str(key);
		fputs(out.pretty ? ": " : ":", stdout);
	}
}

static void json_open(const char *key, char c)
{
	json_member(key);
	putchar(c);
	if (out.depth < JSON_MAX_DEPTH - 1)
		out.depth++;
	out.first[out.depth] = true;
}

static void json_close(char c)
{
	bool empty = out.first[out.depth];

	if (out.depth > 0)
		out.depth--;
	if (!empty)
		json_indent();
	putchar(c);
	if (out.depth == 0)
		putchar('\n');
}

void open_json_object(const char *key)
{
	if (out.json)
		json_open(key, '{');
}

void close_json_object(void)
{
	if (out.json)
		json_close('}');
}

void open_json_array(enum output_type type, const char *key)
{
	if (out.json && (type & PRINT_JSON))
		json_open(key, '[');
}

void close_json_array(enum output_type type)
{
	if (out.json && (type & PRINT_JSON))
		json_close(']');
}

static void text_sep(void)
{
	if (out.text_col)
		putchar(' ');
	out.text_col = true;
}

void print_string(enum output_type type, const char *key, const char *fmt,
		  const char *value)
{
	if (!want(type))
		return;
	if (out.json) {
		json_member(key);
		if (value)
			json_str(value);
		else
			fputs("null", stdout);
	} else if (fmt) {
		text_sep();
		printf(fmt, value ? value : "");
	}
}

void print_uint(enum output_type type, const char *key, const char *fmt,
		unsigned int value)
{
	if (!want(type))
		return;
	if (out.json) {
		json_member(key);
		printf("%u", value);
	} else if (fmt) {
		text_sep();
		printf(fmt, value);
	}
}

void print_u64(enum output_type type, const char *key, const char *fmt,
	       uint64_t value)
{
	if (!want(type))
		return;
	if (out.json) {
		json_member(key);
		printf("%" PRIu64, value);
	} else if (fmt) {
		text_sep();
		printf(fmt, value);
	}
}

void print_bool(enum output_type type, const char *key, const char *fmt,
		bool value)
{
	if (!want(type))
		return;
	if (out.json) {
		json_member(key);
		fputs(value ? "true" : "false", stdout);
	} else if (fmt && value) {
		text_sep();
		fputs(fmt, stdout);
	}
}

void print_fp(const char *text)
{
	if (out.json)
		return;
	text_sep();
	fputs(text, stdout);
}

void print_nl(void)
{
	if (out.json)
		return;
	putchar('\n');
	out.text_col = false;
}
