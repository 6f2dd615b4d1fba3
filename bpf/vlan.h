/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * 802.1Q: what a parent and VID are (the `vlans` map, port.h), whose
 * counters a VLAN interface's frame moves, and making a frame carry the tag its egress wants: push,
 * pop, or rewrite the VID in place.  Pushing and popping move the
 * Ethernet addresses by the tag's 4 bytes and the frame's start with
 * bpf_xdp_adjust_head(), so every packet pointer a caller held is stale
 * afterwards: tagging is the last thing done to a frame before it leaves.
 */
#ifndef XR_BPF_VLAN_H
#define XR_BPF_VLAN_H

#include "ctx.h"

#define VLAN_TAG_LEN	4
#define VLAN_PCP_DEI	0xf000	/* host order: the priority bits kept across a rewrite */

/* The `vlans` value holding vid on row (a port slot, or xr_vlan_row_bridge()), or NULL. */
static __always_inline struct xr_vlan8 *vlan_entry(__u32 row, __u16 vid)
{
	__u32 key = xr_vlan_key(row, vid);

	return bpf_map_lookup_elem(&vlans, &key);
}

/* The flags (enum xr_vlan_flags) of vid on row. */
static __always_inline __u8 vlan_flags(__u32 row, __u16 vid)
{
	struct xr_vlan8 *v = vlan_entry(row, vid);

	return v ? v->flags[vid % XR_VLAN_PER_VALUE] : 0;
}

/*
 * The frame is a VLAN interface's from here on (stats row srow, its `vlans`
 * entry's): what becomes of it counts there, under an rx of its own.  The
 * port's rx has counted it already, as every frame on the wire.  With no
 * row (0) the port counts all of it.  One lookup, and f->cnt moves, so
 * every later count() is the same single increment as on a port.
 */
static __always_inline void vlan_count_as(struct frame *f, __u32 srow)
{
	struct xr_counters *cnt;

	if (!srow)
		return;
	cnt = bpf_map_lookup_elem(&stats, &srow);
	if (!cnt)
		return;
	f->cnt = cnt;
#ifndef XR_NO_TRACE
	if (__builtin_expect(f->trace != 0, 0))
		xr_trace_recount(srow);
#endif
	count(f, XR_STAT_RX);
}

/* Tagged to tagged: the new VID under the frame's own priority (802.1p) bits. */
static __always_inline int vlan_rewrite(struct xdp_md *ctx, __u16 vid)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct vlan_tag *tag = data + sizeof(struct ethhdr);

	if ((void *)(tag + 1) > end)
		return -1;
	tag->tci = bpf_htons((bpf_ntohs(tag->tci) & VLAN_PCP_DEI) | vid);
	return 0;
}

/* Untagged to tagged: the addresses move 4 bytes forward, the tag goes behind them. */
static __always_inline int vlan_push(struct xdp_md *ctx, __u16 vid)
{
	__u8 macs[2 * ETH_ALEN];
	struct vlan_tag *tag;
	struct ethhdr *eth;
	void *data, *end;

	if (bpf_xdp_adjust_head(ctx, -VLAN_TAG_LEN))
		return -1;
	data = (void *)(long)ctx->data;
	end = (void *)(long)ctx->data_end;
	eth = data;
	tag = (void *)(eth + 1);
	if ((void *)(tag + 1) > end)
		return -1;
	__builtin_memcpy(macs, data + VLAN_TAG_LEN, sizeof(macs));	/* they overlap */
	__builtin_memcpy(eth, macs, sizeof(macs));
	eth->h_proto = bpf_htons(ETH_P_8021Q);
	tag->tci = bpf_htons(vid);
	/* tag->proto is where the frame's EtherType already was. */
	return 0;
}

/* Tagged to untagged: the addresses move 4 bytes back, over the tag. */
static __always_inline int vlan_pop(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	__u8 macs[2 * ETH_ALEN];

	if (data + sizeof(struct ethhdr) + VLAN_TAG_LEN > end)
		return -1;
	__builtin_memcpy(macs, data, sizeof(macs));
	__builtin_memcpy(data + VLAN_TAG_LEN, macs, sizeof(macs));
	return bpf_xdp_adjust_head(ctx, VLAN_TAG_LEN) ? -1 : 0;
}

/*
 * Make a frame that has `tagged` (0 or 1) 802.1Q tags leave with VID vid,
 * or untagged when vid is 0.  0, or -1 if the frame could not be changed.
 * A global function: a dozen egress paths call it, and the verifier walks
 * it once instead of once per inlined copy (it halved the program).
 */
__noinline int vlan_retag(struct xdp_md *ctx, __u32 tagged, __u32 vid)
{
	if (!ctx)
		return -1;
	vid &= VLAN_VID_MASK;
	if (tagged && vid)
		return vlan_rewrite(ctx, vid);
	if (vid)
		return vlan_push(ctx, vid);
	if (tagged)
		return vlan_pop(ctx);
	return 0;
}

/*
 * To the kernel's stack, counted `pass`.  A VLAN interface's frame on a
 * routed port whose router addresses the kernel shares (kernel sync,
 * XR_PORT_LOCAL_KERNEL) goes untagged, as the parent's: this kernel may
 * have no 802.1Q driver, and the VLAN interface's addresses are on the
 * parent's kernel device (the kernel's replies get their tag back from
 * tc_vlan_kernel, xrouter.bpf.c).  Any other frame goes as it is.  The
 * condition is computed without a branch from what every path keeps
 * anyway (the ingress ifid: a routed port's VLAN interface's frame is
 * tagged until it leaves), so it forks no verifier path at the callers.
 */
static __always_inline int pass_kernel(struct frame *f)
{
	__u32 untag = (f->ifid / XR_IFID_VLAN) & (f->port->flags / XR_PORT_LOCAL_KERNEL) & 1;
	/* vlan_retag() pops, or leaves the frame be with untag 0; -1 (a head
	 * that could not shrink by the tag's 4 bytes, which a frame holding one
	 * never meets) drops it.  XDP_PASS or XDP_DROP, without a branch. */
	int err = vlan_retag(f->ctx, untag, 0);

	count(f, XR_STAT_PASS);
	return XDP_PASS - (err & 1);
}

#endif
