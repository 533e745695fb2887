// SPDX-License-Identifier: GPL-2.0
/*
 * Unit check of the print layer: text spacing, compact and pretty JSON,
 * and JSON string escaping. Prints "ok"/"not ok" lines; exit 1 on failure.
 */
#define _GNU_SOURCE
#include <inttypes.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "print.h"

static int failed;

/* Run fn with stdout captured; compare with want. */
static void check(const char *name, void (*fn)(void), const char *want)
{
	char *buf = NULL;
	size_t len = 0;
	FILE *mem, *saved = stdout;

	mem = open_memstream(&buf, &len);
	if (!mem)
		exit(2);
	stdout = mem;
	fn();
	fflush(mem);
	stdout = saved;
	fclose(mem);
	if (strcmp(buf, want)) {
		printf("not ok %s\n#   got: %s\n#  want: %s\n", name, buf, want);
		failed = 1;
	} else {
		printf("ok %s\n", name);
	}
	free(buf);
}

static void fields(void)
{
	open_json_array(PRINT_JSON, NULL);
	open_json_object(NULL);
	print_string(PRINT_ANY, "switch", "%s", "psw0");
	print_string(PRINT_ANY, "dev", "dev %s", "vm1");
	print_uint(PRINT_JSON, "ifindex", NULL, 7);
	print_string(PRINT_ANY, "role", "%s", "vm");
	print_uint(PRINT_ANY, "pan", "pan %u", 100);
	open_json_array(PRINT_JSON, "macs");
	print_string(PRINT_ANY, NULL, "mac %s", "02:00:00:00:00:01");
	print_string(PRINT_ANY, NULL, "mac %s", "02:00:00:00:00:02");
	close_json_array(PRINT_JSON);
	open_json_object("drops");
	print_nl();
	print_fp("    drops:");
	print_string(PRINT_FP, NULL, "%s", "hairpin");
	print_u64(PRINT_ANY, "hairpin", "%" PRIu64, UINT64_MAX);
	close_json_object();
	close_json_object();
	print_nl();
	close_json_array(PRINT_JSON);
}

static void text(void)
{
	print_setup(false, false);
	fields();
}

static void json(void)
{
	print_setup(true, false);
	fields();
}

static void pretty(void)
{
	print_setup(true, true);
	fields();
}

static void empty(void)
{
	print_setup(true, true);
	open_json_array(PRINT_JSON, NULL);
	close_json_array(PRINT_JSON);
}

static void escapes(void)
{
	print_setup(true, false);
	open_json_array(PRINT_JSON, NULL);
	print_string(PRINT_ANY, NULL, NULL, "q\"b\\s/");
	print_string(PRINT_ANY, NULL, NULL, "\b\f\n\r\t\x01\x1f\x7f");
	print_string(PRINT_ANY, NULL, NULL, "caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80");
	print_string(PRINT_ANY, NULL, NULL, "bad\xff\xc3(\xe2\x82\xed\xa0\x80");
	print_string(PRINT_ANY, NULL, NULL, "\xc0\xaf");
	print_string(PRINT_ANY, NULL, NULL, NULL);
	close_json_array(PRINT_JSON);
}

int main(void)
{
	check("text", text,
	      "psw0 dev vm1 vm pan 100 mac 02:00:00:00:00:01 "
	      "mac 02:00:00:00:00:02\n"
	      "    drops: hairpin 18446744073709551615\n");
	check("json", json,
	      "[{\"switch\":\"psw0\",\"dev\":\"vm1\",\"ifindex\":7,"
	      "\"role\":\"vm\",\"pan\":100,\"macs\":[\"02:00:00:00:00:01\","
	      "\"02:00:00:00:00:02\"],\"drops\":{\"hairpin\":"
	      "18446744073709551615}}]\n");
	check("pretty", pretty,
	      "[\n"
	      "    {\n"
	      "        \"switch\": \"psw0\",\n"
	      "        \"dev\": \"vm1\",\n"
	      "        \"ifindex\": 7,\n"
	      "        \"role\": \"vm\",\n"
	      "        \"pan\": 100,\n"
	      "        \"macs\": [\n"
	      "            \"02:00:00:00:00:01\",\n"
	      "            \"02:00:00:00:00:02\"\n"
	      "        ],\n"
	      "        \"drops\": {\n"
	      "            \"hairpin\": 18446744073709551615\n"
	      "        }\n"
	      "    }\n"
	      "]\n");
	check("empty", empty, "[]\n");
	check("escapes", escapes,
	      "[\"q\\\"b\\\\s/\","
	      "\"\\b\\f\\n\\r\\t\\u0001\\u001f\\u007f\","
	      "\"caf\xc3\xa9 \xe2\x82\xac \xf0\x9f\x98\x80\","
	      "\"bad\\u00ff\\u00c3(\\u00e2\\u0082\\u00ed\\u00a0\\u0080\","
	      "\"\\u00c0\\u00af\",null]\n");
	return failed;
}
