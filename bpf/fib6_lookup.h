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
 * 1 if range word w starts after the address want, else 0, without a
 * branch.  Halved, both are below 2^63, so the difference is negative
 * exactly when w's half is above want's; want's low 16 bits are all ones,
 * so equal halves mean w <= want.  Serves the 40-bit keys of a /24's block
 * and the 48-bit ones of a /16's (fib.h) alike.
 */
static __always_inline __u64 f6x_after(__u64 want, __u64 w)
{
	__u64 d = (want >> 1) - (w >> 1);

	/* Opaque to clang, which would turn the sign back into a branch. */
	asm volatile("" : "+r"(d));
	return d >> 63;
}

/*
 * The last of n ranges of stride words from off whose first word is <=
 * want: at most XR_F6X_SEARCH_MAX halvings in a bounded loop.  A step
 * moves lo by half or by nothing without a branch.
 */
static __always_inline __u32 f6x_search(__u32 off, __u32 n, __u32 stride, __u64 want,
					struct f6x_cursor *c)
{
	__u32 lo = 0, half, i;

#pragma clang loop unroll(disable)
	for (i = 0; i < XR_F6X_SEARCH_MAX; i++) {
		if (n <= 1)
			break;
		half = n / 2;
		lo += half & (__u32)(f6x_after(want, f6x_word(off + (lo + half) * stride, c)) - 1);
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
static __always_inline __u32 f6x_lookup_sub(__u64 lo, __u64 w1, struct f6x_cursor *c)
{
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
 * line, as every block of up to 8 does (fib.h): one map lookup, then every
 * word of the line compared at once and the block's that start at or
 * before the address counted.  No comparison waits for another, where a
 * binary search's three halvings each wait for the read the last one
 * chose (3 ns a lookup, tests/bench/RESULTS.md).  The block's first range
 * starts its region, so the count is at least 1.
 */
static __always_inline __u64 f6x_find_line(__u32 off, __u32 n, __u64 want, __u32 *at)
{
	__u32 key = off / XR_F6X_LINE, i;
	struct xr_f6x_line *ln = bpf_map_lookup_elem(&fib6xr, &key);
	__u64 first = off & (XR_F6X_LINE - 1), end = first + n, cnt = 0, in;

	if (!ln)
		return 0;
#pragma unroll
	for (i = 0; i < XR_F6X_LINE; i++) {
		/* Word i is the block's: first <= i < end. */
		in = (((__u64)i - end) & ~((__u64)i - first)) >> 63;
		cnt += in & (f6x_after(want, ln->w[i]) ^ 1);
	}
	*at = (__u32)(cnt - 1);
	return ln->w[(first + cnt - 1) & (XR_F6X_LINE - 1)];
}

/*
 * The range word of a /16's block (XR_F6X_BLOCK16) padded to a whole line
 * with its last range (fib.h) that holds want: every word of the line is
 * the block's, so the count needs no block bounds, only the ranges that
 * start after the address (the first starts the /16: at most 7).
 */
static __always_inline __u64 f6x_find_full(__u32 off, __u64 want)
{
	__u32 key = off / XR_F6X_LINE, i;
	struct xr_f6x_line *ln = bpf_map_lookup_elem(&fib6xr, &key);
	__u64 after = 0;

	if (!ln)
		return 0;
#pragma unroll
	for (i = 0; i < XR_F6X_LINE; i++)
		after += f6x_after(want, ln->w[i]);
	return ln->w[(XR_F6X_LINE - 1 - after) & (XR_F6X_LINE - 1)];
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

/*
 * The DXR answer for the address hi:lo (host order): what fib6dxr.c's
 * fib6dxr_lookup() does.  A /16 of a few ranges is a block in the direct
 * entry itself (XR_F6X_BLOCK16, keyed by bits 16..63): one read fewer than
 * a table then a block.  A global function: the verifier walks it once,
 * not once for each way a frame reaches an IPv6 lookup.
 */
__noinline __u32 fib6_lookup_dxr(__u64 hi, __u64 lo)
{
	__u32 idx = hi >> 48, key = idx / XR_DXR_CHUNK, kind, off, n, i;
	struct xr_dxr_chunk *dc = bpf_map_lookup_elem(&fib6xd, &key);
	struct f6x_cursor c = { 0, NULL };
	__u64 e, w1, want;

	if (!dc)
		return 0;
	e = dc->e[idx & (XR_DXR_CHUNK - 1)];
	kind = e >> XR_F6X_KIND_SHIFT;
	/* A padded block fills its line; any other (a table adopted from before) is searched. */
	if (kind == XR_F6X_BLOCK16 && !(e & (XR_F6X_LINE - 1)) &&
	    ((e >> XR_F6X_COUNT_SHIFT) & XR_F6X_COUNT_MASK) == XR_F6X_LINE)
		return (__u32)f6x_find_full((__u32)e, hi << 16 | 0xffff) & XR_F6X_NH_MASK;
	if (kind == XR_F6X_BLOCK16) {
		want = hi << 16 | 0xffff;
	} else {
		want = (hi << 24) >> 8 | 0xffff;
#pragma clang loop unroll(disable)
		for (i = 0; i < XR_F6X_LEVELS; i++) {
			if ((e >> XR_F6X_KIND_SHIFT) != XR_F6X_TABLE)
				break;
			e = f6x_at((__u32)e + (__u32)((hi >> (40 - 8 * i)) & 0xff));
		}
		kind = e >> XR_F6X_KIND_SHIFT;
	}
	if (kind == XR_F6X_LEAF)
		return (__u32)e & XR_F6X_NH_MASK;
	if (kind != XR_F6X_BLOCK && kind != XR_F6X_BLOCK2 && kind != XR_F6X_BLOCK16)
		return 0;
	off = (__u32)e;
	n = (e >> XR_F6X_COUNT_SHIFT) & XR_F6X_COUNT_MASK;
	e = f6x_find(off, n, want, &i);
	/* A range with a sub-block has next hop 0: others need no second read. */
	if (kind != XR_F6X_BLOCK2 || (e & XR_F6X_NH_MASK))
		return (__u32)e & XR_F6X_NH_MASK;
	w1 = f6x_at(off + n + i);
	if (w1)
		return f6x_lookup_sub(lo, w1, &c);
	return 0;
}

/* Next hop id for a destination: DXR unless the loader chose the trie. */
static __always_inline __u32 fib6_lookup(const __u8 *dst)
{
	const __u32 *a = (const __u32 *)dst;

	if (xr_fib6_trie)
		return fib6_lookup_trie(dst);
	return fib6_lookup_dxr((__u64)bpf_ntohl(a[0]) << 32 | bpf_ntohl(a[1]),
			       (__u64)bpf_ntohl(a[2]) << 32 | bpf_ntohl(a[3]));
}

#endif
