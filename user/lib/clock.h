/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The daemon's one clock: CLOCK_MONOTONIC in ns, the clock of the fast
 * path's bpf_ktime_get_ns() (and, at tick resolution, of the
 * bpf_ktime_get_coarse_ns() it stamps neighbours and FDB entries with), so
 * times read here and stamps written there compare directly.
 */
#ifndef XR_CLOCK_H
#define XR_CLOCK_H

#include <stdint.h>
#include <time.h>

#define CLOCK_NS_PER_SEC	1000000000ull

static inline uint64_t clock_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * CLOCK_NS_PER_SEC + (uint64_t)ts.tv_nsec;
}

#endif
