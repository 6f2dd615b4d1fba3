// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xrb_mem: what one dependent read costs an XDP program, by where it lands,
 * so that a lookup's cost can be explained without hardware counters (this
 * VM exposes no PMU: perf stat reports dTLB and LLC misses "not supported").
 *
 *   xrb_mem MEM_OBJ [lines|pages ...]
 *
 * Two families of sets, each a random cycle through 64-byte lines of one
 * BPF array map (tests/bench/bpf/mem.bpf.c walks 64 links per run):
 *   lines N   N consecutive lines: the working set grows, pages with it
 *             (cache capacity and TLB reach together);
 *   pages N   one line on each of N pages: 64 bytes per page, so the data
 *             stays in cache and only the TLB's reach is tested.
 * Each set is timed twice with BPF_PROG_TEST_RUN's own clock:
 *   warm  200 runs per call: caches and TLB keep what the last run left;
 *   call  one run per call: every call is a system call, and with page-table
 *         isolation and no PCID (this VM) its return flushes the TLB, as
 *         the forwarding path's softirqs after user-space work see it.
 * Prints "mem KIND N BYTES PAGES WARM_NS CALL_NS", ns per read with the
 * empty chain's time taken off.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#define LINE		64u
#define PAGE_LINES	(4096u / LINE)
#define MAX_LINES	(1u << 20)
#define CHAIN		64u
#define WARM_CALLS	25
#define WARM_REPEAT	200
#define COLD_CALLS	1500

struct mem {
	int prog;		/* mem_chase */
	int ctl;		/* .bss: struct { at, reads } */
	__u32 *lines;		/* the chase map, mmapped: word 0 of each line */
};

static int cmp_u32(const void *a, const void *b)
{
	__u32 x = *(const __u32 *)a, y = *(const __u32 *)b;

	return x < y ? -1 : x > y;
}

/* Median ns per run of `calls` test runs of `repeat` each, chains of `reads`. */
static double mem_time(struct mem *m, __u32 start, __u32 reads, int calls, int repeat)
{
	__u32 ctl[2] = { start, reads }, key = 0, d[COLD_CALLS];
	char frame[64] = { 0 };
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = frame, .data_size_in = sizeof(frame),
		    .repeat = repeat);
	int i;

	if (bpf_map_update_elem(m->ctl, &key, ctl, 0))
		return -1;
	for (i = 0; i < calls; i++) {
		if (bpf_prog_test_run_opts(m->prog, &o))
			return -1;
		d[i] = o.duration;
	}
	qsort(d, calls, sizeof(d[0]), cmp_u32);
	return d[calls / 2];
}

/* A random cycle through n lines, line i at index i * stride (Sattolo). */
static void mem_cycle(struct mem *m, __u32 n, __u32 stride, __u32 *perm)
{
	__u32 i, j, t;

	for (i = 0; i < n; i++)
		perm[i] = i * stride;
	for (i = n - 1; i > 0; i--) {
		j = (__u32)(drand48() * i);
		t = perm[i], perm[i] = perm[j], perm[j] = t;
	}
	for (i = 0; i < n; i++)
		m->lines[perm[i] * (LINE / 4)] = perm[(i + 1) % n];
}

static int mem_set(struct mem *m, const char *kind, __u32 n, __u32 *perm)
{
	__u32 stride = !strcmp(kind, "pages") ? PAGE_LINES : 1;
	double w0, w, c0, c;

	if (!n || (__u64)n * stride > MAX_LINES)
		return -ERANGE;
	mem_cycle(m, n, stride, perm);
	w0 = mem_time(m, perm[0], 0, WARM_CALLS, WARM_REPEAT);
	w = mem_time(m, perm[0], CHAIN, WARM_CALLS, WARM_REPEAT);
	c0 = mem_time(m, perm[0], 0, COLD_CALLS, 1);
	c = mem_time(m, perm[0], CHAIN, COLD_CALLS, 1);
	if (w0 < 0 || w < 0 || c0 < 0 || c < 0)
		return -errno;
	printf("mem %s %u %llu %u %.1f %.1f\n", kind, n, (unsigned long long)n * LINE,
	       stride == 1 ? (n + PAGE_LINES - 1) / PAGE_LINES : n,
	       (w - w0) / CHAIN, (c - c0) / CHAIN);
	return 0;
}

static int mem_open(const char *path, struct bpf_object **obj, struct mem *m)
{
	struct bpf_map *chase, *bss;
	int err;

	*obj = bpf_object__open(path);
	err = libbpf_get_error(*obj);
	if (err)
		return err;
	err = bpf_object__load(*obj);
	chase = bpf_object__find_map_by_name(*obj, "chase");
	bss = bpf_object__find_map_by_name(*obj, ".bss");
	if (err || !chase || !bss)
		return err ? err : -ENOENT;
	m->prog = bpf_program__fd(bpf_object__find_program_by_name(*obj, "mem_chase"));
	m->ctl = bpf_map__fd(bss);
	m->lines = mmap(NULL, (size_t)MAX_LINES * LINE, PROT_READ | PROT_WRITE, MAP_SHARED,
			bpf_map__fd(chase), 0);
	return m->lines == MAP_FAILED ? -errno : 0;
}

int main(int argc, char **argv)
{
	static const char *dflt[] = { "lines", "256", "lines", "4096", "lines", "16384",
		"lines", "65536", "lines", "262144", "lines", "1048576",
		"pages", "64", "pages", "1024", "pages", "4096", "pages", "16384" };
	const char **sets = argc > 2 ? (const char **)argv + 2 : dflt;
	int nsets = argc > 2 ? argc - 2 : (int)(sizeof(dflt) / sizeof(dflt[0]));
	struct bpf_object *obj = NULL;
	struct mem m;
	__u32 *perm;
	int i, err;

	if (argc < 2 || nsets % 2) {
		fprintf(stderr, "usage: xrb_mem MEM_OBJ [lines|pages N ...]\n");
		return 2;
	}
	perm = malloc(MAX_LINES * sizeof(*perm));
	err = perm ? mem_open(argv[1], &obj, &m) : -ENOMEM;
	for (i = 0; !err && i < nsets; i += 2)
		err = mem_set(&m, sets[i], strtoul(sets[i + 1], NULL, 0), perm);
	if (err)
		fprintf(stderr, "xrb_mem: %s\n", strerror(-err));
	bpf_object__close(obj);
	free(perm);
	return !!err;
}
