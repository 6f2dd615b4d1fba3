/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What every unit test binary reports: one line per case, "ok - desc" or
 * "not ok - desc", and a closing "N passed, N failed" that tests/run.sh adds up.
 */
#ifndef XR_TESTS_CHECK_H
#define XR_TESTS_CHECK_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include <linux/types.h>

#define HOST4(a, b, c, d)	((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))
/* Network order, as a constant expression usable in initialisers (htonl() is not). */
#if __BYTE_ORDER__ == __ORDER_LITTLE_ENDIAN__
#define IP4(a, b, c, d)	((__be32)__builtin_bswap32(HOST4(a, b, c, d)))
#else
#define IP4(a, b, c, d)	((__be32)HOST4(a, b, c, d))
#endif

static unsigned passed, failed;

static inline void report(bool ok, const char *desc)
{
	printf("%s - %s\n", ok ? "ok" : "not ok", desc);
	if (ok)
		passed++;
	else
		failed++;
}

/* A xorshift64 step: random tables that are the same on every run. */
static inline uint64_t xorshift64(uint64_t *s)
{
	*s ^= *s << 13;
	*s ^= *s >> 7;
	*s ^= *s << 17;
	return *s;
}

/* The closing line; the exit status of main(). */
static inline int report_done(void)
{
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}

#endif
