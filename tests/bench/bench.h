/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Small helpers shared by the benchmark tools (each .c file of tests/bench is
 * its own program, so these are static and header-only): printing and
 * reading the address lists run.sh passes around.  Clocks and parsers are
 * the daemon's own (clock.h, cmd.h, net.h), so the tools read what the CLI reads.
 */
#ifndef XR_BENCH_H
#define XR_BENCH_H

#include <arpa/inet.h>
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "clock.h"
#include "cmd.h"
#include "net.h"
#include "netdev.h"

static inline const char *bench_ip_str(uint32_t ip, char *buf)
{
	struct in_addr a = { .s_addr = htonl(ip) };

	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
}

/* An IPv4 address, host order: 0 or -EINVAL. */
static inline int bench_ip_from_str(const char *s, uint32_t *out)
{
	struct xr_ip a;

	if (xr_ip_from_str(s, AF_INET, &a))
		return -EINVAL;
	*out = xr_ip4_host(&a);
	return 0;
}

/*
 * Read up to max addresses (host order), one per line, from path.
 * Returns how many, or -errno.
 */
static inline int bench_ips_read(const char *path, uint32_t *out, int max)
{
	char line[64];
	FILE *f = fopen(path, "r");
	int n = 0;

	if (!f)
		return -errno;
	while (n < max && fgets(line, sizeof(line), f)) {
		line[strcspn(line, "\r\n")] = 0;
		if (line[0] && !bench_ip_from_str(line, &out[n]))
			n++;
	}
	fclose(f);
	return n;
}

/* An interface's MAC, through the library's netdev_get(). */
/* An environment switch: set and not "0". */
static inline bool bench_env_on(const char *name)
{
	const char *v = getenv(name);

	return v && *v && strcmp(v, "0");
}

static inline int dev_mac(const char *dev, uint8_t mac[6])
{
	struct netdev_info ni;
	int err = netdev_get(dev, &ni);

	if (!err)
		memcpy(mac, ni.mac, 6);
	return err;
}

#endif
