// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * What a memory read costs the fast path, by where it lands (xrb_mem): a
 * chain of dependent reads through an array map, as a FIB lookup's reads
 * depend on each other.  The map is a BPF array like the FIB's, so its
 * pages are the ones the program's own tables live on (vmalloc, 4 KiB).
 */
#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#define XRB_MEM_LINES	(1u << 20)	/* 64 MiB of 64-byte lines */
#define XRB_MEM_CHAIN	64		/* dependent reads per run at most */

struct xrb_line {
	__u32 next;			/* index of the next line to read */
	__u32 pad[15];
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, XRB_MEM_LINES);
	__type(key, __u32);
	__type(value, struct xrb_line);
} chase SEC(".maps");

/* xrb_mem sets both; `at` also carries where the next run starts, so that
 * consecutive runs walk on rather than read the same lines again. */
struct {
	__u32 at;
	__u32 reads;
} xrb_mem_ctl;

SEC("xdp")
int mem_chase(struct xdp_md *ctx)
{
	__u32 k = xrb_mem_ctl.at, i;

	for (i = 0; i < XRB_MEM_CHAIN && i < xrb_mem_ctl.reads; i++) {
		struct xrb_line *l = bpf_map_lookup_elem(&chase, &k);

		if (!l)
			break;
		k = l->next;
	}
	xrb_mem_ctl.at = k;
	return XDP_PASS;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
