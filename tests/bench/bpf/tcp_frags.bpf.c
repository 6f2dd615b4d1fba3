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

struct ceil_cfg {
	__u8 dmac[6];
	__u8 smac[6];
};

enum { TTF_FRAMES, TTF_MULTI, TTF_MAXLEN, TTF_NSTAT };

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct ceil_cfg);
} ceil_cfg SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct bpf_devmap_val);
} ceil_tx SEC(".maps");

/* Unused here; xrb_xdp looks it up after attaching a "sink". */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} sink_cnt SEC(".maps");

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

/* The Ethernet header is always in the linear part: nothing else changes. */
SEC("xdp.frags")
int xdp_ceiling(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct ceil_cfg *cfg;
	__u32 zero = 0;

	stat_frame(ctx);
	if ((void *)(eth + 1) > end)
		return XDP_DROP;
	cfg = bpf_map_lookup_elem(&ceil_cfg, &zero);
	if (!cfg)
		return XDP_DROP;
	__builtin_memcpy(eth->h_dest, cfg->dmac, ETH_ALEN);
	__builtin_memcpy(eth->h_source, cfg->smac, ETH_ALEN);
	return bpf_redirect_map(&ceil_tx, 0, XDP_DROP);
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
