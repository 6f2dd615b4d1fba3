/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What every unit test binary reports: one line per case, "ok - desc" or
 * "not ok - desc", and a closing "N passed, N failed" that tests/run.sh adds up.
 */
#ifndef XR_TESTS_CHECK_H
#define XR_TESTS_CHECK_H

#include <stdbool.h>
#include <stdio.h>

static unsigned passed, failed;

static inline void report(bool ok, const char *desc)
{
	printf("%s - %s\n", ok ? "ok" : "not ok", desc);
	if (ok)
		passed++;
	else
		failed++;
}

/* The closing line; the exit status of main(). */
static inline int report_done(void)
{
	printf("%u passed, %u failed\n", passed, failed);
	return failed ? 1 : 0;
}

#endif
