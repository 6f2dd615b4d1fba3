/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The IPv6 FIB lookups: the DXR table (the default; user/dp/fib6dxr.c
 * compiles it) and the stride-8 trie (user/dp/fib6.c), which the loader
 * picks with xr_fib6_trie.  Both return a next hop id, 0 for no route.
 */
#ifndef XR_BPF_FIB6_LOOKUP_H
#define XR_BPF_FIB6_LOOKUP_H

#include "maps.h"

_Static_assert(XR_FIB6_DIRECT_BITS == 16, "fib6_lookup_trie() indexes fib6d by two bytes");

/*
 * The trie: the direct entry, then one node per further byte while the
 * entry points at one; at most XR_FIB6_LEVELS.
 */
static __always_inline __u32 fib6_lookup_trie(const __u8 *dst)
{
	__u32 idx = (__u32)dst[0] << 8 | dst[1], key = idx / XR_FIB_CHUNK, i, e;
	struct xr_fib_chunk *ch = bpf_map_lookup_elem(&fib6d, &key);
	struct xr_fib6_node *n;

	if (!ch)
		return 0;
	e = ch->e[idx & (XR_FIB_CHUNK - 1)];
#pragma clang loop unroll(disable)
	for (i = 0; i < XR_FIB6_LEVELS; i++) {
		if (!(e & XR_FIB6_NODE))
			break;
		key = e & ~XR_FIB6_NODE;
		n = bpf_map_lookup_elem(&fib6n, &key);
		if (!n)
			return 0;
		e = n->e[dst[2 + i]];
	}
	if (e & XR_FIB6_NODE)
		return 0;
	return e & XR_FIB6_NH_MASK;
}

/* The fib6xr line a lookup read last: the next read in it costs no map lookup. */
struct f6x_cursor {
	__u32 key;
	struct xr_f6x_line *ln;
};

/* Word i of fib6xr; out of the map: 0. */
static __always_inline __u64 f6x_word(__u32 i, struct f6x_cursor *c)
{
	__u32 k = i / XR_F6X_LINE;

	if (k != c->key || !c->ln) {
		c->key = k;
		c->ln = bpf_map_lookup_elem(&fib6xr, &c->key);
		if (!c->ln)
			return 0;
	}
	return c->ln->w[i & (XR_F6X_LINE - 1)];
}

/*
 * The last of n ranges of stride words from off whose first word is <=
 * want: at most XR_F6X_SEARCH_MAX halvings in a bounded loop.  A step
 * moves lo by half or by nothing without a branch.  Range words and want
 * are below 2^56 (fib.h), so want - e is negative in 64 bits exactly when
 * that range starts after the address.
 */
static __always_inline __u32 f6x_search(__u32 off, __u32 n, __u32 stride, __u64 want,
					struct f6x_cursor *c)
{
	__u32 lo = 0, half, i;
	__u64 d;

#pragma clang loop unroll(disable)
	for (i = 0; i < XR_F6X_SEARCH_MAX; i++) {
		if (n <= 1)
			break;
		half = n / 2;
		d = want - f6x_word(off + (lo + half) * stride, c);
		/* Opaque to clang, which would turn the mask back into a branch. */
		asm volatile("" : "+r"(d));
		lo += half & (__u32)((d >> 63) - 1);
		n -= half;
	}
	return lo;
}

/*
 * The same over a sub-block's pairs, keyed by the full low 64 bits: the
 * borrow of want - e says whether that range starts after the address.
 */
static __always_inline __u32 f6x_search64(__u32 off, __u32 n, __u64 want, struct f6x_cursor *c)
{
	__u32 lo = 0, half, i;
	__u64 e, borrow;

#pragma clang loop unroll(disable)
	for (i = 0; i < XR_F6X_SEARCH_MAX; i++) {
		if (n <= 1)
			break;
		half = n / 2;
		e = f6x_word(off + (lo + half) * 2, c);
		borrow = ((~want & e) | (~(want ^ e) & (want - e))) >> 63;
		asm volatile("" : "+r"(borrow));
		lo += half & (__u32)(borrow - 1);
		n -= half;
	}
	return lo;
}

/* A /64 holding longer prefixes (XR_F6X_BLOCK2): its sub-block w1, searched on the low half. */
static __always_inline __u32 f6x_lookup_sub(const __u32 *a, __u64 w1, struct f6x_cursor *c)
{
	__u64 lo = (__u64)bpf_ntohl(a[2]) << 32 | bpf_ntohl(a[3]);
	__u32 i = f6x_search64((__u32)w1, (__u32)(w1 >> 32), lo, c);

	return (__u32)f6x_word((__u32)w1 + 2 * i + 1, c) & XR_F6X_NH_MASK;
}

/* Word i of fib6xr with a map lookup of its own; out of the map: 0. */
static __always_inline __u64 f6x_at(__u32 i)
{
	__u32 k = i / XR_F6X_LINE;
	struct xr_f6x_line *ln = bpf_map_lookup_elem(&fib6xr, &k);

	return ln ? ln->w[i & (XR_F6X_LINE - 1)] : 0;
}

/*
 * The range of a block of n from off that holds want, when they lie in one
 * line, as every block of up to 8 does (fib.h): one map lookup, then at
 * most 3 halvings, unrolled.
 */
static __always_inline __u64 f6x_find_line(__u32 off, __u32 n, __u64 want, __u32 *at)
{
	__u32 key = off / XR_F6X_LINE, lo = 0, half, i;
	struct xr_f6x_line *ln = bpf_map_lookup_elem(&fib6xr, &key);
	__u64 d;

	if (!ln)
		return 0;
#pragma unroll
	for (i = 0; i < 3; i++) {
		if (n > 1) {
			half = n / 2;
			d = want - ln->w[(off + lo + half) & (XR_F6X_LINE - 1)];
			asm volatile("" : "+r"(d));
			lo += half & (__u32)((d >> 63) - 1);
			n -= half;
		}
	}
	*at = lo;
	return ln->w[(off + lo) & (XR_F6X_LINE - 1)];
}

/* The range word of a block of n from off that holds want, and its index in *at. */
static __always_inline __u64 f6x_find(__u32 off, __u32 n, __u64 want, __u32 *at)
{
	struct f6x_cursor c = { 0, NULL };

	if ((off & (XR_F6X_LINE - 1)) + n <= XR_F6X_LINE)
		return f6x_find_line(off, n, want, at);
	*at = f6x_search(off, n, 1, want, &c);
	return f6x_word(off + *at, &c);
}

/* The DXR answer: what fib6dxr.c's fib6dxr_lookup() does. */
static __always_inline __u32 fib6_lookup_dxr(const __u8 *dst)
{
	const __u32 *a = (const __u32 *)dst;
	__u64 hi = (__u64)bpf_ntohl(a[0]) << 32 | bpf_ntohl(a[1]), e, w1;
	__u32 idx = hi >> 48, key = idx / XR_DXR_CHUNK, kind, off, n, i;
	struct xr_dxr_chunk *dc = bpf_map_lookup_elem(&fib6xd, &key);
	struct f6x_cursor c = { 0, NULL };

	if (!dc)
		return 0;
	e = dc->e[idx & (XR_DXR_CHUNK - 1)];
#pragma clang loop unroll(disable)
	for (i = 0; i < XR_F6X_LEVELS; i++) {
		if ((e >> XR_F6X_KIND_SHIFT) != XR_F6X_TABLE)
			break;
		e = f6x_at((__u32)e + dst[2 + i]);
	}
	kind = e >> XR_F6X_KIND_SHIFT;
	if (kind == XR_F6X_LEAF)
		return (__u32)e & XR_F6X_NH_MASK;
	if (kind != XR_F6X_BLOCK && kind != XR_F6X_BLOCK2)
		return 0;
	off = (__u32)e;
	n = (e >> XR_F6X_COUNT_SHIFT) & XR_F6X_COUNT_MASK;
	e = f6x_find(off, n, (hi << 24) >> 8 | 0xffff, &i);
	/* A range with a sub-block has next hop 0: others need no second read. */
	if (kind == XR_F6X_BLOCK || (e & XR_F6X_NH_MASK))
		return (__u32)e & XR_F6X_NH_MASK;
	w1 = f6x_at(off + n + i);
	if (w1)
		return f6x_lookup_sub(a, w1, &c);
	return 0;
}

/* Next hop id for a destination: DXR unless the loader chose the trie. */
static __always_inline __u32 fib6_lookup(const __u8 *dst)
{
	if (xr_fib6_trie)
		return fib6_lookup_trie(dst);
	return fib6_lookup_dxr(dst);
}

#endif
