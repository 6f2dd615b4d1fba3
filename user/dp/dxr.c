/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * DXR compiler: turns each /16 of the DIR-24-8 table into a leaf (one next
 * hop) or a sorted block of address ranges, so the fast path reads a few
 * MiB instead of tbl24's 64 (layout in fib.h, why in README's design
 * section).  A /16 is always compiled whole into a fresh block and
 * published with one 64-bit store; its old block waits in a FIFO per block
 * size until DXR_QUARANTINE more blocks of that size were freed, so a
 * packet that read the old direct entry finishes its search in old ranges.
 * Out of range space, a /16 is left to DIR-24-8 (kind 0): slower, never wrong.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dxr.h"

#define DXR_CHUNK_TBL24		(1u << (24 - XR_DXR_DIRECT_BITS))	/* tbl24 entries per /16 */
#define DXR_RANGES_MAX		(1u << XR_DXR_SEARCH_MAX)
#define DXR_QUARANTINE		16u	/* freed blocks of a size queued before reuse */
#define DXR_LINE		16u	/* ranges per cache line: blocks never straddle one needlessly */

struct dxr_queue {
	uint32_t *v;
	uint32_t head, len, cap;
};

struct dxr {
	struct dxr_tables t;
	uint32_t top;			/* ranges [0, top) were handed out at some time */
	struct dxr_queue freed[XR_DXR_SEARCH_MAX + 1];	/* by log2 of block size */
	uint32_t *buf;			/* one /16 being compiled: DXR_RANGES_MAX */
};

static unsigned dxr_kind(uint64_t e)
{
	return (unsigned)(e >> XR_DXR_KIND_SHIFT);
}

/* log2 of a block's size, for a direct entry of a block kind. */
static unsigned dxr_log2(uint64_t e)
{
	return dxr_kind(e) - XR_DXR_BLOCK(0);
}

static bool dxr_is_block(uint64_t e)
{
	return dxr_kind(e) >= XR_DXR_BLOCK(1) && dxr_kind(e) <= XR_DXR_BLOCK(XR_DXR_SEARCH_MAX);
}

static int queue_push(struct dxr_queue *q, uint32_t x)
{
	uint32_t cap, i, *v;

	if (q->len == q->cap) {
		cap = q->cap ? q->cap * 2 : 64;
		v = malloc((size_t)cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		for (i = 0; i < q->len; i++)
			v[i] = q->v[(q->head + i) % q->cap];
		free(q->v);
		q->v = v;
		q->cap = cap;
		q->head = 0;
	}
	q->v[(q->head + q->len) % q->cap] = x;
	q->len++;
	return 0;
}

static uint32_t queue_pop(struct dxr_queue *q)
{
	uint32_t x = q->v[q->head];

	q->head = (q->head + 1) % q->cap;
	q->len--;
	return x;
}

/* A block of 2^k ranges: a quarantined freed one, else fresh space. */
static int dxr_alloc(struct dxr *d, unsigned k, uint32_t *base)
{
	struct dxr_queue *q = &d->freed[k];
	uint32_t size = 1u << k, align = size < DXR_LINE ? size : DXR_LINE;
	uint32_t top = (d->top + align - 1) & ~(align - 1);

	if (q->len > DXR_QUARANTINE) {
		*base = queue_pop(q);
		return 0;
	}
	if (top > d->t.nranges || d->t.nranges - top < size)
		return -ENOSPC;
	*base = top;
	d->top = top + size;
	return 0;
}

/* Without memory for the queue the block is lost, not reused early. */
static void dxr_release(struct dxr *d, uint64_t e)
{
	if (dxr_is_block(e))
		queue_push(&d->freed[dxr_log2(e)], (uint32_t)e);
}

static void dxr_push(uint32_t *out, uint32_t *n, uint32_t start, uint32_t nh)
{
	nh &= XR_DXR_NH_MASK;
	if (*n && (out[*n - 1] & XR_DXR_NH_MASK) == nh)
		return;
	out[(*n)++] = start << 16 | nh;
}

/* The ranges of /16 c as DIR-24-8 has them, neighbours of one next hop merged. */
static uint32_t dxr_scan(const struct dxr *d, uint32_t c, uint32_t *out)
{
	const uint32_t *grp;
	uint32_t n = 0, j, k, e;

	for (j = 0; j < DXR_CHUNK_TBL24; j++) {
		e = d->t.tbl24[c * DXR_CHUNK_TBL24 + j];
		if (!(e & XR_FIB_GROUP)) {
			dxr_push(out, &n, j << 8, e & XR_FIB_NH_MASK);
			continue;
		}
		grp = d->t.tbl8 + (size_t)(e & ~XR_FIB_GROUP) * XR_TBL8_GROUP_SIZE;
		for (k = 0; k < XR_TBL8_GROUP_SIZE; k++)
			dxr_push(out, &n, j << 8 | k, grp[k] & XR_FIB_NH_MASK);
	}
	return n;
}

static unsigned dxr_log2_ceil(uint32_t n)
{
	unsigned k = 1;

	while ((1u << k) < n)
		k++;
	return k;
}

/* The direct entry for the n ranges in d->buf, writing their block if any. */
static uint64_t dxr_place(struct dxr *d, uint64_t old, uint32_t n)
{
	unsigned k = dxr_log2_ceil(n);
	uint32_t size = 1u << k, base, i;

	if (n == 1)
		return XR_DXR_ENTRY(XR_DXR_LEAF, d->buf[0] & XR_DXR_NH_MASK);
	for (i = n; i < size; i++)
		d->buf[i] = d->buf[n - 1];
	/* Unchanged (a re-added route, an adopted table): keep the block. */
	if (dxr_is_block(old) && dxr_log2(old) == k &&
	    !memcmp(d->t.ranges + (uint32_t)old, d->buf, size * sizeof(*d->buf)))
		return old;
	if (dxr_alloc(d, k, &base))
		return 0;
	memcpy(d->t.ranges + base, d->buf, size * sizeof(*d->buf));
	return XR_DXR_ENTRY(XR_DXR_BLOCK(k), base);
}

static void dxr_compile(struct dxr *d, uint32_t c)
{
	uint64_t old = d->t.direct[c], e;

	e = dxr_place(d, old, dxr_scan(d, c, d->buf));
	if (e == old)
		return;
	/* The block is complete before the fast path can reach it. */
	__atomic_store_n(&d->t.direct[c], e, __ATOMIC_RELEASE);
	dxr_release(d, old);
}

void dxr_update(struct dxr *d, uint32_t prefix, uint8_t len)
{
	uint32_t first, n, c;

	if (len > 32)
		return;
	first = len ? (prefix & (~0u << (32 - len))) >> (32 - XR_DXR_DIRECT_BITS) : 0;
	n = len >= XR_DXR_DIRECT_BITS ? 1 : 1u << (XR_DXR_DIRECT_BITS - len);
	for (c = first; c < first + n; c++)
		dxr_compile(d, c);
}

void dxr_build(struct dxr *d)
{
	uint32_t c;

	for (c = 0; c < XR_DXR_DIRECT; c++)
		dxr_compile(d, c);
}

/* Allocate behind every block the adopted table uses; drop entries that make no sense. */
static void dxr_adopt(struct dxr *d)
{
	uint32_t c, end;
	uint64_t e;

	for (c = 0; c < XR_DXR_DIRECT; c++) {
		e = d->t.direct[c];
		if (!dxr_is_block(e))
			continue;
		end = (uint32_t)e + (1u << dxr_log2(e));
		if ((uint32_t)e >= d->t.nranges || end > d->t.nranges || end < (uint32_t)e)
			__atomic_store_n(&d->t.direct[c], 0, __ATOMIC_RELEASE);
		else if (end > d->top)
			d->top = end;
	}
}

struct dxr *dxr_new(const struct dxr_tables *t, bool adopt)
{
	struct dxr *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->t = *t;
	d->buf = malloc(DXR_RANGES_MAX * sizeof(*d->buf));
	if (!d->buf) {
		free(d);
		return NULL;
	}
	if (adopt)
		dxr_adopt(d);
	return d;
}

void dxr_free(struct dxr *d)
{
	unsigned k;

	if (!d)
		return;
	for (k = 0; k <= XR_DXR_SEARCH_MAX; k++)
		free(d->freed[k].v);
	free(d->buf);
	free(d);
}

void dxr_usage(const struct dxr *d, struct dxr_usage *u)
{
	uint32_t c;
	uint64_t e;

	memset(u, 0, sizeof(*u));
	for (c = 0; c < XR_DXR_DIRECT; c++) {
		e = d->t.direct[c];
		if (dxr_kind(e) == XR_DXR_LEAF) {
			u->leaves++;
		} else if (dxr_is_block(e)) {
			u->blocks++;
			u->ranges += 1u << dxr_log2(e);
			if (dxr_log2(e) > u->max_log2)
				u->max_log2 = dxr_log2(e);
		} else {
			u->fallback++;
		}
	}
	u->ranges_max = d->t.nranges;
	u->ranges_top = d->top;
}

static uint32_t dxr_lookup_dir24(const struct dxr_tables *t, uint32_t addr)
{
	uint32_t e = __atomic_load_n(&t->tbl24[addr >> 8], __ATOMIC_ACQUIRE);

	if (e & XR_FIB_GROUP)
		e = t->tbl8[(size_t)(e & ~XR_FIB_GROUP) * XR_TBL8_GROUP_SIZE + (addr & 0xff)];
	return e & XR_FIB_NH_MASK;
}

/* Mirrors bpf/ip4_input.h fib_lookup() step for step. */
uint32_t dxr_lookup(const struct dxr_tables *t, uint32_t addr)
{
	uint64_t e = __atomic_load_n(&t->direct[addr >> (32 - XR_DXR_DIRECT_BITS)],
				     __ATOMIC_ACQUIRE);
	uint32_t want = addr << 16 | 0xffff, lo = (uint32_t)e, half;
	unsigned kind = dxr_kind(e), k;

	if (kind == XR_DXR_LEAF)
		return (uint32_t)e & XR_DXR_NH_MASK;
	if (kind < XR_DXR_BLOCK(1) || kind > XR_DXR_BLOCK(XR_DXR_SEARCH_MAX))
		return dxr_lookup_dir24(t, addr);
	for (k = kind - XR_DXR_BLOCK(0); k > 0; k--) {
		half = 1u << (k - 1);
		if (lo + half < t->nranges && t->ranges[lo + half] <= want)
			lo += half;
	}
	return lo < t->nranges ? t->ranges[lo] & XR_DXR_NH_MASK : 0;
}
