// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Multi-buffer ("xdp.frags", BPF_F_XDP_HAS_FRAGS) twins of bench.bpf.c's
 * xdp_pass and xdp_ceiling, for tests/bench/tcp_frags.sh: same names and
 * map layouts, so xrb_xdp loads either object.  Both count the frames they
 * see, how many arrive in more than one buffer and the longest, to show
 * whether large frames reach XDP whole.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>

#include "ceiling.h"

enum { TTF_FRAMES, TTF_MULTI, TTF_MAXLEN, TTF_NSTAT };

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, TTF_NSTAT);
	__type(key, __u32);
	__type(value, __u64);
} ttf_stats SEC(".maps");

static __always_inline void stat_frame(struct xdp_md *ctx)
{
	__u64 len = bpf_xdp_get_buff_len(ctx);
	__u32 k = TTF_FRAMES;
	__u64 *v = bpf_map_lookup_elem(&ttf_stats, &k);

	if (v)
		(*v)++;
	k = TTF_MULTI;
	v = bpf_map_lookup_elem(&ttf_stats, &k);
	if (v && len > (__u64)(ctx->data_end - ctx->data))
		(*v)++;
	k = TTF_MAXLEN;
	v = bpf_map_lookup_elem(&ttf_stats, &k);
	if (v && len > *v)
		*v = len;
}

SEC("xdp.frags")
int xdp_pass(struct xdp_md *ctx)
{
	stat_frame(ctx);
	return XDP_PASS;
}

SEC("xdp.frags")
int xdp_sink(struct xdp_md *ctx)
{
	stat_frame(ctx);
	return XDP_DROP;
}

SEC("xdp.frags")
int xdp_ceiling(struct xdp_md *ctx)
{
	stat_frame(ctx);
	return ceiling_redirect(ctx);
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
