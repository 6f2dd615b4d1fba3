/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What every object xrb_xdp loads as a pass/sink/ceiling provider shares
 * (bench.bpf.c, and its multi-buffer twin tcp_frags.bpf.c): the maps it
 * looks up by name, and the ceiling itself: rewrite both MACs and
 * redirect, no lookup.  The Ethernet header is always in the first
 * buffer, so the same body serves single- and multi-buffer programs.
 */
#ifndef XRB_CEILING_H
#define XRB_CEILING_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <bpf/bpf_helpers.h>

struct ceil_cfg {
	__u8 dmac[6];
	__u8 smac[6];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} sink_cnt SEC(".maps");

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

static __always_inline int ceiling_redirect(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct ceil_cfg *cfg;
	__u32 zero = 0;

	if ((void *)(eth + 1) > end)
		return XDP_DROP;
	cfg = bpf_map_lookup_elem(&ceil_cfg, &zero);
	if (!cfg)
		return XDP_DROP;
	__builtin_memcpy(eth->h_dest, cfg->dmac, ETH_ALEN);
	__builtin_memcpy(eth->h_source, cfg->smac, ETH_ALEN);
	return bpf_redirect_map(&ceil_tx, 0, XDP_DROP);
}

#endif
