// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * bpf_test: drives the XDP program through BPF_PROG_TEST_RUN.  It moves
 * itself into a private network namespace (so the dummy or veth interfaces
 * the devmap needs touch nothing else), pins itself to one CPU (hand-off
 * buckets and counters are per CPU), opens a fresh datapath per suite and
 * runs every suite linked in, the route suite again with the FIB searched
 * in DXR instead of DIR-24-8.  Ends with "N passed, N failed".
 */
#include <errno.h>
#include <net/if.h>
#include <sched.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "harness.h"

static const char *const h_ifnames[H_NPORTS] = { "xbt0", "xbt1", "xbt2", "xbt3" };

static int h_libbpf_print(enum libbpf_print_level level, const char *fmt, va_list ap)
{
	if (level == LIBBPF_DEBUG)
		return 0;
	return vfprintf(stderr, fmt, ap);
}

/* A private netns with dummy (or veth) interfaces: the devmap needs real ifindexes. */
static int h_netns(struct harness *h)
{
	char cmd[128];
	unsigned i;

	if (unshare(CLONE_NEWNET)) {
		fprintf(stderr, "unshare(CLONE_NEWNET): %s\n", strerror(errno));
		return -errno;
	}
	if (system("ip link set lo up"))
		return -EIO;
	for (i = 0; i < H_NPORTS; i++) {
		/* Kernels without the dummy driver still have veth. */
		snprintf(cmd, sizeof(cmd), "ip link add %s type dummy 2>/dev/null || "
			 "ip link add %s type veth peer name %sp && ip link set %s up",
			 h_ifnames[i], h_ifnames[i], h_ifnames[i], h_ifnames[i]);
		if (system(cmd))
			return -EIO;
		h->ifindex[i] = if_nametoindex(h_ifnames[i]);
		if (!h->ifindex[i])
			return -ENODEV;
	}
	return 0;
}

/* Per-CPU buckets and counters only add up on one CPU. */
static void h_pin_cpu(void)
{
	cpu_set_t set;

	CPU_ZERO(&set);
	if (sched_getaffinity(0, sizeof(set), &set) == 0) {
		int cpu;

		for (cpu = 0; cpu < CPU_SETSIZE && !CPU_ISSET(cpu, &set); cpu++)
			;
		CPU_ZERO(&set);
		CPU_SET(cpu, &set);
		sched_setaffinity(0, sizeof(set), &set);
	}
}

/* What the verifier made of the program, once, for the log. */
static void h_prog_info(struct harness *h)
{
	struct bpf_prog_info info = {};
	uint32_t len = sizeof(info);

	if (bpf_obj_get_info_by_fd(h->prog_fd, &info, &len)) {
		printf("# xdp_port: no prog info: %s\n", strerror(errno));
		return;
	}
	printf("# xdp_port: id %u, %u insns (%u bytes xlated), %u bytes jited, "
	       "%u insns verified\n", info.id, info.xlated_prog_len / 8,
	       info.xlated_prog_len, info.jited_prog_len, info.verified_insns);
	fflush(stdout);
}

static void h_suite(struct harness *h, const char *name, int (*suite)(struct harness *))
{
	int err;

	if (!suite)
		return;
	printf("# suite %s\n", name);
	fflush(stdout);
	err = h_open(h);
	if (!err) {
		err = suite(h);
		h_close(h);
	}
	if (err) {
		snprintf(h->why, sizeof(h->why), "%s", strerror(-err));
		h_report(h, false, "suite %s set up", name);
	}
}

int main(void)
{
	static struct h_frame frames[H_HANDOFF_MAX];
	struct harness h = { .frames = frames };
	int err;

	setvbuf(stdout, NULL, _IOLBF, 0);
	libbpf_set_print(h_libbpf_print);
	h_pin_cpu();
	err = h_netns(&h);
	if (!err)
		err = h_open(&h);
	if (err) {
		printf("not ok - set up the test namespace and datapath: %s\n", strerror(-err));
		printf("0 passed, 1 failed\n");
		return 1;
	}
	h_prog_info(&h);
	h_close(&h);
	h_suite(&h, "route", route_suite);
	h_suite(&h, "switch", switch_suite);
	h_suite(&h, "route6", route6_suite);
	h_suite(&h, "vlan", vlan_suite);
	h_suite(&h, "trace", trace_suite);
	h_suite(&h, "trace (VLANs)", trace_vlan_suite);
	/* The same frames and bytes with the FIB searched in DXR (fib.h). */
	h.fib_dxr = true;
	if (!h_open(&h)) {
		h_prog_info(&h);
		h_close(&h);
	}
	h_suite(&h, "route (DXR lookup)", route_suite);
	/* The IPv6 frames and bytes again with the trie, DXR's reference (fib.h). */
	h.fib_dxr = false;
	h.fib6_trie = true;
	h_suite(&h, "route6 (trie lookup)", route6_suite);
	printf("%u passed, %u failed\n", h.pass, h.fail);
	return h.fail ? 1 : 0;
}
