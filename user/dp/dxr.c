/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * DXR compiler: turns each /16 of the DIR-24-8 table into a leaf (one next
 * hop), 2-4 ranges packed in its direct entry, or a sorted block of
 * address ranges, so the fast path can read a few MiB instead of tbl24's
 * 64 (layout in fib.h, why and what it measured in README's design section).  A /16 is always compiled whole into a fresh block and
 * published with one 64-bit store; its old block waits in a FIFO per block
 * size until DXR_QUARANTINE more blocks of that size were freed, so a
 * packet that read the old direct entry finishes its search in old ranges.
 * Out of range space, a /16 is left to DIR-24-8 (kind 0): slower, never wrong.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dir24.h"
#include "dxr.h"
#include "dxr_pool.h"

#define DXR_CHUNK_TBL24		(1u << (24 - XR_DXR_DIRECT_BITS))	/* tbl24 entries per /16 */
#define DXR_RANGES_MAX		(1u << 16)	/* a /16 has at most one range per address */
#define DXR_SHORT_MAX		256u		/* short ranges start on a /24: 256 at most */
#define DXR_LINE		32u	/* __u16 slots per cache line */

/* Space is counted in __u16 slots; a long range takes two, every block starts even. */
struct dxr {
	struct dxr_tables t;
	struct dxr_pool pool;		/* 2 * t.nranges slots */
	uint32_t *buf;			/* one /16 being compiled, long form: DXR_RANGES_MAX */
	uint16_t *sbuf;			/* the same in short form: DXR_SHORT_MAX */
	uint64_t *dirty;		/* deferring (dxr_defer()): the /16s to compile, a bit each */
};

static unsigned dxr_kind(uint64_t e)
{
	return (unsigned)(e >> XR_DXR_KIND_SHIFT) & XR_DXR_KIND_MASK;
}

static uint32_t dxr_count(uint64_t e)
{
	return (uint32_t)(e >> XR_DXR_COUNT_SHIFT) & XR_DXR_COUNT_MASK;
}

static bool dxr_is_block(uint64_t e)
{
	return (dxr_kind(e) == XR_DXR_LONG || dxr_kind(e) == XR_DXR_SHORT) &&
	       dxr_count(e) >= 2 && dxr_count(e) <= DXR_RANGES_MAX;
}

/* A block's first slot and its length in slots. */
static uint32_t dxr_slot(uint64_t e)
{
	return dxr_kind(e) == XR_DXR_SHORT ? (uint32_t)e : (uint32_t)e * 2;
}

static uint32_t dxr_slots(uint64_t e)
{
	return dxr_kind(e) == XR_DXR_SHORT ? dxr_count(e) : dxr_count(e) * 2;
}

static void dxr_release(struct dxr *d, uint64_t e)
{
	if (dxr_is_block(e))
		dxr_pool_release(&d->pool, dxr_slot(e), dxr_slots(e));
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

/* Every range on a /24 boundary and every next hop below 256: short form. */
static bool dxr_short_ok(const uint32_t *buf, uint32_t n)
{
	uint32_t i;

	if (n > DXR_SHORT_MAX)
		return false;
	for (i = 0; i < n; i++)
		if ((buf[i] & 0x00ff0000u) || (buf[i] & XR_DXR_NH_MASK) > XR_DXR_SHORT_NH_MAX)
			return false;
	return true;
}

/* 2..4 short ranges packed into the direct entry itself (fib.h). */
static uint64_t dxr_inline(const uint16_t *r, uint32_t n)
{
	uint64_t e = XR_DXR_ENTRY(XR_DXR_INLINE, 0, 0) | (r[0] & 0xffu);
	uint32_t i;

	for (i = 1; i < XR_DXR_INLINE_MAX; i++)
		e |= (uint64_t)r[i < n ? i : n - 1] << (8 + 16 * (i - 1));
	return e;
}

/* The direct entry for the n ranges in d->buf, writing their block if any. */
static uint64_t dxr_place(struct dxr *d, uint64_t old, uint32_t n)
{
	bool shrt = dxr_short_ok(d->buf, n);
	unsigned kind = shrt ? XR_DXR_SHORT : XR_DXR_LONG;
	uint16_t *slots = (uint16_t *)d->t.ranges;
	const void *src = d->buf;
	size_t bytes = (size_t)n * (shrt ? 2 : 4);
	uint32_t slot, i;

	if (n == 1)
		return XR_DXR_ENTRY(XR_DXR_LEAF, 0, d->buf[0] & XR_DXR_NH_MASK);
	if (shrt) {
		for (i = 0; i < n; i++)
			d->sbuf[i] = (d->buf[i] >> 16 & 0xff00) | (d->buf[i] & 0xff);
		src = d->sbuf;
	}
	if (shrt && n <= XR_DXR_INLINE_MAX)
		return dxr_inline(d->sbuf, n);
	/* Unchanged (a re-added route, an adopted table): keep the block. */
	if (dxr_is_block(old) && dxr_kind(old) == kind && dxr_count(old) == n &&
	    !memcmp(slots + dxr_slot(old), src, bytes))
		return old;
	if (dxr_pool_alloc(&d->pool, shrt ? n : 2 * n, &slot))
		return 0;
	memcpy(slots + slot, src, bytes);
	return XR_DXR_ENTRY(kind, n, shrt ? slot : slot / 2);
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
	for (c = first; c < first + n; c++) {
		if (d->dirty)
			d->dirty[c / 64] |= 1ull << (c % 64);
		else
			dxr_compile(d, c);
	}
}

void dxr_defer(struct dxr *d)
{
	if (!d->dirty)	/* without the memory, each change compiles at once */
		d->dirty = calloc(XR_DXR_DIRECT / 64, sizeof(*d->dirty));
}

void dxr_commit(struct dxr *d)
{
	uint64_t *dirty = d->dirty, w;
	uint32_t i;

	d->dirty = NULL;
	for (i = 0; dirty && i < XR_DXR_DIRECT / 64; i++)
		for (w = dirty[i]; w; w &= w - 1)
			dxr_compile(d, i * 64 + (uint32_t)__builtin_ctzll(w));
	free(dirty);
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
	uint32_t c;
	uint64_t e;

	for (c = 0; c < XR_DXR_DIRECT; c++) {
		e = d->t.direct[c];
		if (dxr_kind(e) != XR_DXR_LONG && dxr_kind(e) != XR_DXR_SHORT)
			continue;
		if (!dxr_is_block(e) || dxr_pool_adopt(&d->pool, dxr_slot(e), dxr_slots(e)))
			__atomic_store_n(&d->t.direct[c], 0, __ATOMIC_RELEASE);
	}
}

struct dxr *dxr_new(const struct dxr_tables *t, bool adopt)
{
	struct dxr *d = calloc(1, sizeof(*d));

	if (!d)
		return NULL;
	d->t = *t;
	dxr_pool_init(&d->pool, t->nranges * 2, DXR_LINE, 2);
	d->buf = malloc(DXR_RANGES_MAX * sizeof(*d->buf));
	d->sbuf = malloc(DXR_SHORT_MAX * sizeof(*d->sbuf));
	if (!d->buf || !d->sbuf) {
		dxr_free(d);
		return NULL;
	}
	if (adopt)
		dxr_adopt(d);
	return d;
}

void dxr_free(struct dxr *d)
{
	if (!d)
		return;
	dxr_pool_fini(&d->pool);
	free(d->dirty);
	free(d->buf);
	free(d->sbuf);
	free(d);
}

void dxr_usage(const struct dxr *d, struct dxr_usage *u)
{
	uint32_t c, cap;
	uint64_t e;

	memset(u, 0, sizeof(*u));
	for (c = 0; c < XR_DXR_DIRECT; c++) {
		e = d->t.direct[c];
		if (dxr_kind(e) == XR_DXR_LEAF) {
			u->leaves++;
		} else if (dxr_kind(e) == XR_DXR_INLINE) {
			u->inlines++;
		} else if (dxr_is_block(e)) {
			u->blocks++;
			u->shorts += dxr_kind(e) == XR_DXR_SHORT;
			u->ranges += dxr_count(e);
			dxr_pool_class(dxr_slots(e), &cap);
			u->bytes += (size_t)cap * 2;
			if (dxr_count(e) > u->max_count)
				u->max_count = dxr_count(e);
		} else {
			u->fallback++;
		}
	}
	u->bytes_max = (size_t)d->pool.units * 2;
	u->bytes_top = (size_t)d->pool.top * 2;
}

/* Range i of a block of this kind, in the long form; out of the map: 0. */
static uint32_t dxr_range(const struct dxr_tables *t, unsigned kind, uint32_t i)
{
	uint16_t e;

	if (kind == XR_DXR_LONG)
		return i < t->nranges ? t->ranges[i] : 0;
	if (i >= t->nranges * 2)
		return 0;
	e = ((const uint16_t *)t->ranges)[i];
	return (uint32_t)(e & 0xff00) << 16 | (e & 0xff);
}

/* The last of the ranges packed in e (XR_DXR_INLINE) that starts at or before want. */
static uint32_t dxr_lookup_inline(uint64_t e, uint32_t want)
{
	uint32_t nh = (uint32_t)e & 0xff, r, i;

	for (i = 1; i < XR_DXR_INLINE_MAX; i++) {
		r = (uint32_t)(e >> (8 + 16 * (i - 1))) & 0xffff;
		if (((r & 0xff00) << 16 | (r & 0xff)) <= want)
			nh = r & 0xff;
	}
	return nh;
}

/* Mirrors bpf/ip4_input.h fib_lookup_dxr() step for step. */
uint32_t dxr_lookup(const struct dxr_tables *t, uint32_t addr)
{
	uint64_t e = __atomic_load_n(&t->direct[addr >> (32 - XR_DXR_DIRECT_BITS)],
				     __ATOMIC_ACQUIRE);
	uint32_t want = addr << 16 | 0xffff, lo = (uint32_t)e, n = dxr_count(e), half, i;
	unsigned kind = dxr_kind(e);

	if (kind == XR_DXR_LEAF)
		return (uint32_t)e & XR_DXR_NH_MASK;
	if (kind == XR_DXR_INLINE)
		return dxr_lookup_inline(e, want);
	if (kind != XR_DXR_LONG && kind != XR_DXR_SHORT)
		return dir24_lookup(t->tbl24, t->tbl8, addr) & XR_FIB_NH_MASK;
	for (i = 0; i < XR_DXR_SEARCH_MAX; i++) {
		if (n <= 1)
			break;
		half = n / 2;
		if (dxr_range(t, kind, lo + half) <= want)
			lo += half;
		n -= half;
	}
	return dxr_range(t, kind, lo) & XR_DXR_NH_MASK;
}
