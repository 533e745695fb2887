/* SPDX-License-Identifier: GPL-2.0 */
/*
 * A small seeded PRNG (xorshift64*) for the fuzzers: the same seed gives
 * the same sequence on every machine.
 */
#ifndef PSW_FUZZ_RAND_H
#define PSW_FUZZ_RAND_H

#include <stddef.h>
#include <stdint.h>

static uint64_t rnd_state = 0x9e3779b97f4a7c15ull;

static inline void rnd_seed(uint64_t seed)
{
	/* splitmix64 step, so that small seeds give unrelated streams */
	seed += 0x9e3779b97f4a7c15ull;
	seed = (seed ^ (seed >> 30)) * 0xbf58476d1ce4e5b9ull;
	seed = (seed ^ (seed >> 27)) * 0x94d049bb133111ebull;
	rnd_state = (seed ^ (seed >> 31)) | 1;
}

static inline uint64_t rnd64(void)
{
	rnd_state ^= rnd_state >> 12;
	rnd_state ^= rnd_state << 25;
	rnd_state ^= rnd_state >> 27;
	return rnd_state * 0x2545f4914f6cdd1dull;
}

static inline uint32_t rnd32(void)
{
	return rnd64() >> 32;
}

/* uniform-enough in [0, n); 0 when n is 0 */
static inline uint32_t rnd_below(uint32_t n)
{
	return n ? (uint32_t)(((uint64_t)rnd32() * n) >> 32) : 0;
}

/* true one time in @n */
static inline int rnd_chance(uint32_t n)
{
	return rnd_below(n) == 0;
}

static inline void rnd_bytes(void *buf, size_t len)
{
	unsigned char *p = buf;
	size_t i;

	for (i = 0; i < len; i++)
		p[i] = rnd32();
}

#endif /* PSW_FUZZ_RAND_H */
