// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xrb_ctl: how long the daemon takes to apply and answer one route change,
 * without the process start and namespace entry of an xrouterctl run.
 *
 *   xrb_ctl N PREFIX    inside the daemon's namespace: N requests
 *                       `route replace PREFIX via 198.51.100.(2 + i % 16)`,
 *                       then N `status`, one connection each, as xrouterctl
 *
 * Prints "replace_median_ms X", "replace_max_ms X", "status_median_ms X",
 * "status_max_ms X" on stdout.  Exit 1 if a request fails.
 */
#include <stdio.h>
#include <stdlib.h>
#include <unistd.h>

#include "bench.h"
#include "ctl.h"

static int cmp_u64(const void *a, const void *b)
{
	uint64_t x = *(const uint64_t *)a, y = *(const uint64_t *)b;

	return x < y ? -1 : x > y;
}

/* ns of each request; output and errors of the daemon go to /dev/null. */
static int time_requests(unsigned n, char **argv, int argc, char *gw, uint64_t *ns)
{
	for (unsigned i = 0; i < n; i++) {
		uint64_t t0;
		int err;

		if (gw)
			snprintf(gw, 16, "198.51.100.%u", 2 + i % 16);
		t0 = clock_now_ns();
		err = ctl_request(NULL, false, argc, argv);
		ns[i] = clock_now_ns() - t0;
		if (err) {
			fprintf(stderr, "xrb_ctl: %s: request failed (%d)\n", argv[0], err);
			return -1;
		}
	}
	qsort(ns, n, sizeof(*ns), cmp_u64);
	return 0;
}

int main(int argc, char **argv)
{
	char gw[16], prefix[64];
	char *replace[] = { "route", "replace", prefix, "via", gw, NULL };
	char *status[] = { "status", NULL };
	uint64_t *ns;
	FILE *res;
	unsigned n;

	if (argc != 3 || (n = strtoul(argv[1], NULL, 0)) == 0) {
		fprintf(stderr, "usage: xrb_ctl N PREFIX (see tests/bench/xrb_ctl.c)\n");
		return 1;
	}
	snprintf(prefix, sizeof(prefix), "%s", argv[2]);
	/* The daemon's replies go to stdout: results to a copy of it. */
	ns = calloc(n, sizeof(*ns));
	res = fdopen(dup(STDOUT_FILENO), "w");
	if (!ns || !res || !freopen("/dev/null", "w", stdout))
		return 1;
	if (time_requests(n, replace, 5, gw, ns))
		return 1;
	fprintf(res, "replace_median_ms %.3f\nreplace_max_ms %.3f\n", ns[n / 2] / 1e6,
		ns[n - 1] / 1e6);
	if (time_requests(n, status, 1, NULL, ns))
		return 1;
	fprintf(res, "status_median_ms %.3f\nstatus_max_ms %.3f\n", ns[n / 2] / 1e6,
		ns[n - 1] / 1e6);
	free(ns);
	fclose(res);
	return 0;
}
