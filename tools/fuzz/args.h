/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Strict parsing of the fuzzers' numeric arguments: a count given as
 * "1e6" or "10k" must be refused, not read as 1 or 10 so that a run
 * sends almost nothing and passes.
 */
#ifndef PSW_FUZZ_ARGS_H
#define PSW_FUZZ_ARGS_H

#include <ctype.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdlib.h>

/*
 * All of @s as an unsigned number no greater than @max (decimal, 0x hex or
 * 0 octal): false for an empty string, a sign or space, trailing
 * characters or a value out of range.
 */
static inline bool arg_u64(const char *s, uint64_t max, uint64_t *v)
{
	unsigned long long n;
	char *end;

	if (!isdigit((unsigned char)*s))
		return false;
	errno = 0;
	n = strtoull(s, &end, 0);
	if (errno || *end || n > max)
		return false;
	*v = n;
	return true;
}

/* arg_u64(), or @bad() (which must not return) when @s is no such number. */
static inline uint64_t arg_num(const char *s, uint64_t max, void (*bad)(void))
{
	uint64_t v = 0;

	if (!arg_u64(s, max, &v))
		bad();
	return v;
}

#endif /* PSW_FUZZ_ARGS_H */
