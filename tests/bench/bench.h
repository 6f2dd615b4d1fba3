/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Small helpers shared by the benchmark tools (each .c file of tests/bench is
 * its own program, so these are static and header-only): clocks, MAC and
 * address parsing, reading the address lists run.sh passes around.
 */
#ifndef XR_BENCH_H
#define XR_BENCH_H

#include <string.h>

#include "netdev.h"
#include <arpa/inet.h>
#include <errno.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static inline uint64_t bench_now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + ts.tv_nsec;
}

static inline int bench_mac_parse(const char *s, uint8_t mac[6])
{
	unsigned b[6], i;

	if (sscanf(s, "%x:%x:%x:%x:%x:%x", &b[0], &b[1], &b[2], &b[3], &b[4], &b[5]) != 6)
		return -EINVAL;
	for (i = 0; i < 6; i++) {
		if (b[i] > 0xff)
			return -EINVAL;
		mac[i] = b[i];
	}
	return 0;
}

/* A dotted quad to host order. */
static inline int bench_ip_parse(const char *s, uint32_t *ip)
{
	struct in_addr a;

	if (inet_pton(AF_INET, s, &a) != 1)
		return -EINVAL;
	*ip = ntohl(a.s_addr);
	return 0;
}

static inline const char *bench_ip_str(uint32_t ip, char *buf)
{
	struct in_addr a = { .s_addr = htonl(ip) };

	return inet_ntop(AF_INET, &a, buf, INET_ADDRSTRLEN);
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
		if (line[0] && !bench_ip_parse(line, &out[n]))
			n++;
	}
	fclose(f);
	return n;
}

/* An interface's MAC, through the library's netdev_get(). */
static inline int dev_mac(const char *dev, uint8_t mac[6])
{
	struct netdev_info ni;
	int err = netdev_get(dev, &ni);

	if (!err)
		memcpy(mac, ni.mac, 6);
	return err;
}

#endif
