// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The IPv6 DXR compiler (fib6dxr.h, layout in fib.h).  Prefixes are kept
 * in sorted vectors by where they are compiled: shorter than /16 in one
 * list, /16../23 in their /16's, /24 and longer in their /24's, so a
 * change recompiles a /24 from a few dozen prefixes already in order (a
 * sweep, no sort), never a crowded /16 whole, and in a crowded /24 only
 * the entries of its tables that the changed prefix covers.  A /24's prefixes become
 * address ranges by a sweep with a stack of open prefixes; ranges that
 * start inside a /64 go to a sub-block of that /64.  Why this shape and
 * what it measured: README, "The IPv6 forwarding table".  A /16 of a few
 * prefixes is compiled whole instead, into one block in its direct entry.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "dxr_pool.h"
#include "fib6dxr.h"

typedef unsigned __int128 u128;

#define F6X_T24		256u		/* /24s in a /16 */

struct f6x_pfx {
	uint64_t hi, lo;	/* first address */
	uint16_t nh;
	uint8_t len;
};

struct f6x_vec {
	struct f6x_pfx *v;
	uint32_t n, cap;
};

/* The prefixes of one /16 of length 16 or more. */
struct f6x_s16 {
	struct f6x_vec mid;		/* /16../23 */
	uint32_t nlong;			/* of which longer than /16 */
	uint32_t n24;			/* in v24[] */
	struct f6x_vec v24[F6X_T24];	/* /24 and longer, by /24 */
};

/* A /24 being compiled: its ranges, and the sub-blocks of /64s. */
struct f6x_seg {
	u128 start;
	uint16_t nh;
};

struct f6x_top {
	uint64_t w;		/* range word: bits 16..63 << 16 | nh */
	uint32_t sub, nsub;	/* its sub-block in subs[], if nsub */
};

struct f6x_sub {
	uint64_t key;		/* low 64 bits of the first address */
	uint64_t nh;
};

struct f6x_buf {
	struct f6x_seg *seg;
	struct f6x_top *top;
	struct f6x_sub *sub;
	uint32_t nseg, ntop, nsub, cap;
};

struct fib6dxr {
	struct fib6dxr_tables t;
	struct dxr_pool pool;		/* fib6xr words */
	struct f6x_vec shorter;		/* prefixes shorter than /16 */
	struct f6x_s16 **s16;		/* XR_F6X_DIRECT, NULL where no prefix >= /16 */
	size_t nprefixes;
	bool deferred;			/* adopted or batched: compile nothing yet */
	bool batch;			/* deferred by fib6dxr_defer() */
	uint64_t *dirty;		/* batch: bit c, /16 c changed (XR_F6X_DIRECT bits) */
	u128 lo, hi;			/* the addresses the change being compiled covers */
	struct f6x_buf b;
};

/* ---- entries ---- */

static unsigned f6x_kind(uint64_t e)
{
	return (unsigned)(e >> XR_F6X_KIND_SHIFT);
}

static uint32_t f6x_count(uint64_t e)
{
	return (uint32_t)(e >> XR_F6X_COUNT_SHIFT) & XR_F6X_COUNT_MASK;
}

static uint64_t f6x_leaf(uint32_t nh)
{
	return nh ? XR_F6X_ENTRY(XR_F6X_LEAF, 0, nh) : 0;
}

static uint64_t f6x_word(const struct fib6dxr_tables *t, uint64_t i)
{
	return i < t->nwords ? __atomic_load_n(&t->words[i], __ATOMIC_ACQUIRE) : 0;
}

static void f6x_store(uint64_t *p, uint64_t v)
{
	__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

/* Words a block of this entry takes (0: not a block). */
static uint32_t f6x_block_words(uint64_t e)
{
	if (f6x_kind(e) == XR_F6X_BLOCK || f6x_kind(e) == XR_F6X_BLOCK16)
		return f6x_count(e);
	if (f6x_kind(e) == XR_F6X_BLOCK2)
		return 2 * f6x_count(e);
	if (f6x_kind(e) == XR_F6X_TABLE)
		return XR_F6X_TABLE_SIZE;
	return 0;
}

/* Queue entry e's table, block and sub-blocks for reuse after the quarantine. */
static void f6x_release(struct fib6dxr *f, uint64_t e)
{
	uint32_t off = (uint32_t)e, i;
	uint64_t w;

	if (f6x_kind(e) == XR_F6X_TABLE)
		for (i = 0; i < XR_F6X_TABLE_SIZE; i++)
			f6x_release(f, f6x_word(&f->t, (uint64_t)off + i));
	if (f6x_kind(e) == XR_F6X_BLOCK2) {
		for (i = 0; i < f6x_count(e); i++) {
			w = f6x_word(&f->t, (uint64_t)off + f6x_count(e) + i);
			if (w)
				dxr_pool_release(&f->pool, (uint32_t)w, 2 * (uint32_t)(w >> 32));
		}
	}
	if (f6x_block_words(e))
		dxr_pool_release(&f->pool, off, f6x_block_words(e));
}

/* Publish x in *slot with one store; what the old entry pointed at waits out the quarantine. */
static void f6x_replace(struct fib6dxr *f, uint64_t *slot, uint64_t x)
{
	uint64_t old = *slot;

	if (x == old)
		return;
	f6x_store(slot, x);
	f6x_release(f, old);
}

/* ---- the prefix index ---- */

static int f6x_cmp(const struct f6x_pfx *a, const struct f6x_pfx *b)
{
	if (a->hi != b->hi)
		return a->hi < b->hi ? -1 : 1;
	if (a->lo != b->lo)
		return a->lo < b->lo ? -1 : 1;
	return (int)a->len - (int)b->len;
}

/* Whether v holds p; *pos: where it is or would go. */
static bool vec_find(const struct f6x_vec *v, const struct f6x_pfx *p, uint32_t *pos)
{
	uint32_t lo = 0, hi = v->n, mid;
	int c;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		c = f6x_cmp(&v->v[mid], p);
		if (!c) {
			*pos = mid;
			return true;
		}
		if (c < 0)
			lo = mid + 1;
		else
			hi = mid;
	}
	*pos = lo;
	return false;
}

static int vec_insert(struct f6x_vec *v, uint32_t pos, const struct f6x_pfx *p)
{
	struct f6x_pfx *n;
	uint32_t cap;

	if (v->n == v->cap) {
		cap = v->cap ? v->cap * 2 : 4;
		n = realloc(v->v, (size_t)cap * sizeof(*n));
		if (!n)
			return -ENOMEM;
		v->v = n;
		v->cap = cap;
	}
	memmove(&v->v[pos + 1], &v->v[pos], (size_t)(v->n - pos) * sizeof(*p));
	v->v[pos] = *p;
	v->n++;
	return 0;
}

static void vec_remove(struct f6x_vec *v, uint32_t pos)
{
	memmove(&v->v[pos], &v->v[pos + 1], (size_t)(v->n - pos - 1) * sizeof(v->v[0]));
	v->n--;
}

static void vec_free(struct f6x_vec *v)
{
	free(v->v);
	*v = (struct f6x_vec){ 0 };
}

static uint64_t f6x_be64(const uint8_t *b)
{
	uint64_t x = 0;
	unsigned i;

	for (i = 0; i < 8; i++)
		x = x << 8 | b[i];
	return x;
}

static uint64_t mask_hi(unsigned len)
{
	return len >= 64 ? ~0ull : len ? ~0ull << (64 - len) : 0;
}

static uint64_t mask_lo(unsigned len)
{
	return len <= 64 ? 0 : len >= 128 ? ~0ull : ~0ull << (128 - len);
}

static struct f6x_pfx f6x_pfx(const uint8_t prefix[16], uint8_t len, uint32_t nh)
{
	return (struct f6x_pfx){ .hi = f6x_be64(prefix) & mask_hi(len),
				 .lo = f6x_be64(prefix + 8) & mask_lo(len),
				 .nh = (uint16_t)nh, .len = len };
}

/* Whether p (no longer than /64) covers the address whose top 64 bits are hi. */
static bool f6x_covers(const struct f6x_pfx *p, uint64_t hi)
{
	return !((hi ^ p->hi) & mask_hi(p->len));
}

/* Next hop of the longest prefix of v no longer than max covering hi; *len gets its length. */
static uint32_t f6x_cover_in(const struct f6x_vec *v, uint64_t hi, unsigned max, int *len)
{
	uint32_t i, nh = 0;

	for (i = 0; i < v->n; i++) {
		if (v->v[i].len <= max && (int)v->v[i].len > *len && f6x_covers(&v->v[i], hi)) {
			*len = v->v[i].len;
			nh = v->v[i].nh;
		}
	}
	return nh;
}

/* The next hop covering all of /16 c, or of /24 t in it (rlen 24). */
static uint32_t f6x_cover(const struct fib6dxr *f, uint32_t c, uint32_t t, unsigned rlen)
{
	uint64_t hi = (uint64_t)c << 48 | (uint64_t)t << 40;
	uint32_t nh = 0, n;
	int len = -1;

	nh = f6x_cover_in(&f->shorter, hi, 15, &len);
	if (f->s16[c]) {
		n = f6x_cover_in(&f->s16[c]->mid, hi, rlen == 16 ? 16 : 23, &len);
		if (n)
			nh = n;
	}
	return nh;
}

/* ---- compiling a /24 ---- */

static int buf_reserve(struct f6x_buf *b, uint32_t k)
{
	uint32_t cap = 6 * k + 8;	/* ranges <= 2k + 1; blocks and sub-blocks <= twice that */
	void *s, *t, *u;

	if (cap <= b->cap)
		return 0;
	s = realloc(b->seg, (size_t)cap * sizeof(*b->seg));
	if (s)
		b->seg = s;
	t = realloc(b->top, (size_t)cap * sizeof(*b->top));
	if (t)
		b->top = t;
	u = realloc(b->sub, (size_t)cap * sizeof(*b->sub));
	if (u)
		b->sub = u;
	if (!s || !t || !u)
		return -ENOMEM;
	b->cap = cap;
	return 0;
}

/* A range from start on: the same start replaces, the same next hop merges. */
static void seg_emit(struct f6x_buf *b, u128 start, uint16_t nh)
{
	if (b->nseg && b->seg[b->nseg - 1].start == start) {
		b->seg[b->nseg - 1].nh = nh;
		if (b->nseg > 1 && b->seg[b->nseg - 2].nh == nh)
			b->nseg--;
		return;
	}
	if (b->nseg && b->seg[b->nseg - 1].nh == nh)
		return;
	b->seg[b->nseg++] = (struct f6x_seg){ start, nh };
}

static u128 pfx_start(const struct f6x_pfx *p)
{
	return (u128)p->hi << 64 | p->lo;
}

static u128 pfx_end(const struct f6x_pfx *p)
{
	if (!p->len)
		return ~(u128)0;	/* a shift by 128 is undefined */
	return pfx_start(p) | (p->len >= 128 ? 0 : (((u128)1 << (128 - p->len)) - 1));
}

/*
 * The ranges of the region [start, end] holding base where none of v's
 * prefixes (sorted, nested or disjoint, all inside) does: a sweep keeping
 * the prefixes open at the current address on a stack.
 */
static void f6x_sweep(struct f6x_buf *b, const struct f6x_vec *v, u128 start, u128 end,
		      uint16_t base)
{
	struct { u128 end; uint16_t nh; } st[129];
	unsigned sp = 0;
	uint32_t i;

	b->nseg = 0;
	seg_emit(b, start, base);
	for (i = 0; i < v->n; i++) {
		const struct f6x_pfx *p = &v->v[i];

		while (sp && st[sp - 1].end < pfx_start(p)) {
			sp--;
			seg_emit(b, st[sp].end + 1, sp ? st[sp - 1].nh : base);
		}
		seg_emit(b, pfx_start(p), p->nh);
		st[sp].end = pfx_end(p);
		st[sp++].nh = p->nh;
	}
	while (sp) {
		sp--;
		if (st[sp].end < end)
			seg_emit(b, st[sp].end + 1, sp ? st[sp - 1].nh : base);
	}
}

/* The range word of a range from the /64 hi on (fib.h: bits 24..63 of its first address). */
static uint64_t f6x_range_word(uint64_t hi, uint16_t nh)
{
	return (hi << 24) >> 8 | nh;
}

static void top_push(struct f6x_buf *b, uint64_t hi, uint16_t nh, uint32_t sub, uint32_t nsub)
{
	struct f6x_top *last = b->ntop ? &b->top[b->ntop - 1] : NULL;

	if (last && !nsub && !last->nsub && (last->w & XR_F6X_NH_MASK) == nh)
		return;
	b->top[b->ntop++] = (struct f6x_top){ f6x_range_word(hi, nh), sub, nsub };
}

/*
 * The n ranges of seg (the first starting the region, on a /64) into the
 * block's form: one per run of /64s, a /64 in which a range starts
 * elsewhere than at its first address getting a sub-block.
 */
static void f6x_tops(struct f6x_buf *b, const struct f6x_seg *seg, uint32_t n, uint64_t last_hi)
{
	uint32_t j = 0, k, m;
	uint64_t hi;

	b->ntop = b->nsub = 0;
	while (j < n) {
		hi = (uint64_t)(seg[j].start >> 64);
		for (k = j; k < n && (uint64_t)(seg[k].start >> 64) == hi; k++)
			;
		if (k - j == 1 && !(uint64_t)seg[j].start) {
			top_push(b, hi, seg[j].nh, 0, 0);
			j = k;
			continue;
		}
		m = b->nsub;
		/* seg[0] starts the region on a /64, so j > 0 here. */
		if ((uint64_t)seg[j].start)
			b->sub[b->nsub++] = (struct f6x_sub){ 0, seg[j - 1].nh };
		for (; j < k; j++)
			b->sub[b->nsub++] = (struct f6x_sub){ (uint64_t)seg[j].start, seg[j].nh };
		top_push(b, hi, 0, m, b->nsub - m);
		if (hi < last_hi && (k == n || (uint64_t)(seg[k].start >> 64) != hi + 1))
			top_push(b, hi + 1, seg[k - 1].nh, 0, 0);
	}
}

static bool f6x_has_sub(const struct f6x_buf *b)
{
	return b->nsub != 0;
}

/* Whether the block old already holds exactly b's ranges (a re-added route, an adopted table). */
static bool f6x_same(const struct fib6dxr *f, uint64_t old, const struct f6x_buf *b)
{
	bool two = f6x_has_sub(b);
	uint32_t off = (uint32_t)old, i, j, soff;
	const struct f6x_top *t;
	uint64_t w1;

	if (f6x_kind(old) != (two ? XR_F6X_BLOCK2 : XR_F6X_BLOCK) || f6x_count(old) != b->ntop)
		return false;
	for (i = 0; i < b->ntop; i++) {
		t = &b->top[i];
		if (f6x_word(&f->t, (uint64_t)off + i) != t->w)
			return false;
		if (!two)
			continue;
		w1 = f6x_word(&f->t, (uint64_t)off + b->ntop + i);
		if (!w1 != !t->nsub || (w1 && (uint32_t)(w1 >> 32) != t->nsub))
			return false;
		soff = (uint32_t)w1;
		for (j = 0; j < t->nsub; j++)
			if (f6x_word(&f->t, (uint64_t)soff + 2 * j) != b->sub[t->sub + j].key ||
			    f6x_word(&f->t, (uint64_t)soff + 2 * j + 1) != b->sub[t->sub + j].nh)
				return false;
	}
	return true;
}

/* Write b's sub-blocks, then its block; *e gets the entry publishing them. */
static int f6x_write(struct fib6dxr *f, const struct f6x_buf *b, uint64_t *e)
{
	bool two = f6x_has_sub(b);
	uint32_t stride = two ? 2 : 1, off, soff, i, j;
	uint64_t *w = f->t.words;

	if (b->ntop > XR_F6X_BLOCK_MAX || dxr_pool_alloc(&f->pool, b->ntop * stride, &off))
		return -ENOSPC;
	for (i = 0; i < b->ntop; i++) {
		w[off + i] = b->top[i].w;
		if (two)
			w[off + b->ntop + i] = 0;
	}
	for (i = 0; two && i < b->ntop; i++) {
		const struct f6x_top *t = &b->top[i];

		if (!t->nsub)
			continue;
		if (t->nsub > XR_F6X_BLOCK_MAX || dxr_pool_alloc(&f->pool, 2 * t->nsub, &soff)) {
			/* Back to the pool with the sub-blocks written so far. */
			f6x_release(f, XR_F6X_ENTRY(XR_F6X_BLOCK2, b->ntop, off));
			return -ENOSPC;
		}
		for (j = 0; j < t->nsub; j++) {
			w[soff + 2 * j] = b->sub[t->sub + j].key;
			w[soff + 2 * j + 1] = b->sub[t->sub + j].nh;
		}
		w[off + b->ntop + i] = (uint64_t)t->nsub << 32 | soff;
	}
	*e = XR_F6X_ENTRY(two ? XR_F6X_BLOCK2 : XR_F6X_BLOCK, b->ntop, off);
	return 0;
}

/* A block (or a leaf) for the ranges in f->b.top/sub, unless old holds them already. */
static int f6x_place(struct fib6dxr *f, uint64_t old, uint64_t *e)
{
	if (f->b.ntop == 1 && !f6x_has_sub(&f->b)) {
		*e = f6x_leaf(f->b.top[0].w & XR_F6X_NH_MASK);
		return 0;
	}
	if (f6x_same(f, old, &f->b)) {
		*e = old;
		return 0;
	}
	return f6x_write(f, &f->b, e);
}

static int f6x_build(struct fib6dxr *f, struct f6x_seg *seg, uint32_t n, u128 start,
		     unsigned len, uint64_t old, uint64_t *e);

/*
 * The 256 entries at off of a table for the region start/len, one per next
 * byte, each built from the ranges overlapping it (the one running into it
 * first).  patch: the table is live; only entries whose part of the
 * address space the change (f->lo, f->hi) touches are built again, each
 * published with one store.
 */
static int f6x_children(struct fib6dxr *f, struct f6x_seg *seg, uint32_t n, u128 start,
			unsigned len, uint32_t off, bool patch)
{
	unsigned shift = 128 - len - 8;
	uint32_t k, i = 0, j;
	u128 child, last;
	uint64_t old, x;
	int err;

	for (k = 0; k < XR_F6X_TABLE_SIZE; k++) {
		child = start | (u128)k << shift;
		last = child | (((u128)1 << shift) - 1);
		while (i + 1 < n && seg[i + 1].start <= child)
			i++;
		for (j = i + 1; j < n && seg[j].start >> shift == child >> shift; j++)
			;
		if (patch && (last < f->lo || child > f->hi))
			continue;
		old = patch ? f->t.words[off + k] : 0;
		err = f6x_build(f, seg + i, j - i, child, len + 8, old, &x);
		if (err)
			return err;
		f6x_replace(f, &f->t.words[off + k], x);
	}
	return 0;
}

/*
 * A table for a crowded region: one more read instead of a long search.
 * old a table already: patched in place, else a fresh one.
 */
static int f6x_table(struct fib6dxr *f, struct f6x_seg *seg, uint32_t n, u128 start,
		     unsigned len, uint64_t old, uint64_t *e)
{
	uint32_t off;
	int err;

	if (f6x_kind(old) == XR_F6X_TABLE) {
		*e = old;
		return f6x_children(f, seg, n, start, len, (uint32_t)old, true);
	}
	if (dxr_pool_alloc(&f->pool, XR_F6X_TABLE_SIZE, &off))
		return -ENOSPC;
	memset(&f->t.words[off], 0, XR_F6X_TABLE_SIZE * sizeof(*f->t.words));
	err = f6x_children(f, seg, n, start, len, off, false);
	if (err) {
		f6x_release(f, XR_F6X_ENTRY(XR_F6X_TABLE, 0, off));
		return err;
	}
	*e = XR_F6X_ENTRY(XR_F6X_TABLE, 0, off);
	return 0;
}

/*
 * The entry for the region start/len (a /24 or a part of one) holding the
 * n ranges of seg, the first of which may start before it: a leaf, a
 * block, or a table over more of them than a short search should cover.
 */
static int f6x_build(struct fib6dxr *f, struct f6x_seg *seg, uint32_t n, u128 start,
		     unsigned len, uint64_t old, uint64_t *e)
{
	u128 first = seg[0].start;

	if (n > XR_F6X_CROWDED && len < XR_F6X_TABLE_LEN_MAX)
		return f6x_table(f, seg, n, start, len, old, e);
	seg[0].start = start;
	f6x_tops(&f->b, seg, n, (uint64_t)(start >> 64) | ~0ull >> len);
	seg[0].start = first;
	return f6x_place(f, old, e);
}

/* The entry for /24 t of /16 c, writing its blocks unless old holds them already. */
static int f6x_compile24(struct fib6dxr *f, uint32_t c, uint32_t t, uint64_t old, uint64_t *e)
{
	const struct f6x_vec *v = &f->s16[c]->v24[t];
	u128 start = (u128)((uint64_t)c << 48 | (uint64_t)t << 40) << 64;
	u128 end = start | (((u128)1 << 104) - 1);
	uint16_t base = (uint16_t)f6x_cover(f, c, t, 24);
	int err = buf_reserve(&f->b, v->n);

	if (err)
		return err;
	f6x_sweep(&f->b, v, start, end, base);
	return f6x_build(f, f->b.seg, f->b.nseg, start, 24, old, e);
}

/* ---- compiling a /16 ---- */

/* A fresh second-level table for /16 c, every /24 compiled. */
static int f6x_table_new(struct fib6dxr *f, uint32_t c, uint64_t *e)
{
	uint32_t off, t;
	uint64_t x;
	int err;

	if (dxr_pool_alloc(&f->pool, XR_F6X_TABLE_SIZE, &off))
		return -ENOSPC;
	for (t = 0; t < F6X_T24; t++)
		f->t.words[off + t] = 0;
	for (t = 0; t < F6X_T24; t++) {
		err = f6x_compile24(f, c, t, 0, &x);
		if (err) {
			f6x_release(f, XR_F6X_ENTRY(XR_F6X_TABLE, 0, off));
			return err;
		}
		f->t.words[off + t] = x;
	}
	*e = XR_F6X_ENTRY(XR_F6X_TABLE, 0, off);
	return 0;
}

/*
 * /24s [t0, t0 + nt) of /16 c's table, each published with one store once
 * all are compiled: out of words, none is, and what was compiled goes back
 * (a /24 whose old entry was a table is patched in place all the same).
 * Publishing as it went left the words the undo needs in quarantine.
 */
static int f6x_table_update(struct fib6dxr *f, uint32_t c, uint32_t t0, uint32_t nt)
{
	uint32_t off = (uint32_t)f->t.direct[c], t;
	uint64_t e[F6X_T24];
	int err = 0;

	for (t = t0; t < t0 + nt; t++) {
		err = f6x_compile24(f, c, t, f->t.words[off + t], &e[t - t0]);
		if (err)
			break;
	}
	if (err) {
		while (t-- > t0)
			if (e[t - t0] != f->t.words[off + t])
				f6x_release(f, e[t - t0]);
		return err;
	}
	for (t = t0; t < t0 + nt; t++)
		f6x_replace(f, &f->t.words[off + t], e[t - t0]);
	return 0;
}

static bool f6x_s16_empty(const struct f6x_s16 *s)
{
	return !s->mid.n && !s->n24;
}

static void f6x_s16_free(struct fib6dxr *f, uint32_t c)
{
	struct f6x_s16 *s = f->s16[c];
	uint32_t t;

	if (!s)
		return;
	vec_free(&s->mid);
	for (t = 0; t < F6X_T24; t++)
		vec_free(&s->v24[t]);
	free(s);
	f->s16[c] = NULL;
}

static int pfx_cmp(const void *a, const void *b)
{
	return f6x_cmp(a, b);
}

/* The prefixes of s longer than /16 into v (room for XR_F6X_LINE), sorted; -E2BIG: more. */
static int f6x_gather16(const struct f6x_s16 *s, struct f6x_vec *v)
{
	uint32_t i, t;

	if (s->nlong + s->n24 > XR_F6X_LINE)
		return -E2BIG;
	for (i = 0; i < s->mid.n; i++)
		if (s->mid.v[i].len > 16)
			v->v[v->n++] = s->mid.v[i];
	for (t = 0; t < F6X_T24; t++)
		for (i = 0; i < s->v24[t].n; i++)
			v->v[v->n++] = s->v24[t].v[i];
	qsort(v->v, v->n, sizeof(*v->v), pfx_cmp);
	return 0;
}

/* Whether old is a BLOCK16 holding exactly the n words w (an unchanged or adopted /16). */
static bool f6x_same16(const struct fib6dxr *f, uint64_t old, const uint64_t *w, uint32_t n)
{
	uint32_t i;

	if (f6x_kind(old) != XR_F6X_BLOCK16 || f6x_count(old) != n)
		return false;
	for (i = 0; i < n; i++)
		if (f6x_word(&f->t, (uint64_t)(uint32_t)old + i) != w[i])
			return false;
	return true;
}

/*
 * /16 c of few prefixes as one block in its direct entry (XR_F6X_BLOCK16),
 * or a leaf: one read fewer per lookup than a table and a /24's block.
 * -E2BIG when its ranges would not fit a line or one starts inside a /64:
 * then it gets a table.
 */
static int f6x_compile16(struct fib6dxr *f, uint32_t c, uint64_t old, uint64_t *e)
{
	struct f6x_pfx p[XR_F6X_LINE];
	struct f6x_vec v = { .v = p, .cap = XR_F6X_LINE };
	u128 start = (u128)((uint64_t)c << 48) << 64, end = start | (((u128)1 << 112) - 1);
	uint64_t w[XR_F6X_LINE];
	uint32_t i, off;
	int err = f6x_gather16(f->s16[c], &v);

	err = err ? err : buf_reserve(&f->b, v.n);
	if (err)
		return err;
	f6x_sweep(&f->b, &v, start, end, (uint16_t)f6x_cover(f, c, 0, 16));
	if (f->b.nseg > XR_F6X_LINE)
		return -E2BIG;
	for (i = 0; i < f->b.nseg; i++) {
		if ((uint64_t)f->b.seg[i].start)
			return -E2BIG;
		w[i] = (uint64_t)(f->b.seg[i].start >> 64) << 16 | f->b.seg[i].nh;
	}
	if (f->b.nseg == 1) {
		*e = f6x_leaf(f->b.seg[0].nh);
		return 0;
	}
	/* Padded to a whole line with its last range (fib.h): the program counts all 8. */
	for (i = f->b.nseg; i < XR_F6X_LINE; i++)
		w[i] = w[f->b.nseg - 1];
	if (f6x_same16(f, old, w, XR_F6X_LINE)) {
		*e = old;
		return 0;
	}
	if (dxr_pool_alloc(&f->pool, XR_F6X_LINE, &off))
		return -ENOSPC;
	memcpy(&f->t.words[off], w, sizeof(w));
	*e = XR_F6X_ENTRY(XR_F6X_BLOCK16, XR_F6X_LINE, off);
	return 0;
}

/* Compile /16 c again after /24s [t0, t0 + nt) changed. */
static int f6x_sync16(struct fib6dxr *f, uint32_t c, uint32_t t0, uint32_t nt)
{
	const struct f6x_s16 *s = f->s16[c];
	uint64_t old = f->t.direct[c], e;
	int err;

	if (f->deferred)
		return 0;
	if (!s || (!s->n24 && !s->nlong)) {
		e = f6x_leaf(f6x_cover(f, c, 0, 16));
	} else {
		err = f6x_compile16(f, c, old, &e);
		if (err == -E2BIG && f6x_kind(old) == XR_F6X_TABLE)
			return f6x_table_update(f, c, t0, nt);
		if (err == -E2BIG)
			err = f6x_table_new(f, c, &e);
		if (err)
			return err;
	}
	f6x_replace(f, &f->t.direct[c], e);
	return 0;
}

/* ---- changes ---- */

/* The vector prefix p belongs in and the /16s and /24s it covers. */
struct f6x_where {
	struct f6x_vec *v;
	struct f6x_s16 *s;
	uint32_t c0, nc, t0, nt;
};

static int f6x_where(struct fib6dxr *f, const struct f6x_pfx *p, bool create,
		     struct f6x_where *w)
{
	uint32_t c = (uint32_t)(p->hi >> 48), t = (uint32_t)(p->hi >> 40) & 0xff;

	*w = (struct f6x_where){ .c0 = c, .nc = 1, .t0 = 0, .nt = F6X_T24 };
	if (p->len < 16) {
		w->v = &f->shorter;
		w->nc = 1u << (16 - p->len);
		return 0;
	}
	if (!f->s16[c] && create) {
		f->s16[c] = calloc(1, sizeof(*f->s16[c]));
		if (!f->s16[c])
			return -ENOMEM;
	}
	w->s = f->s16[c];
	if (!w->s)
		return -ENOENT;
	if (p->len < 24) {
		w->v = &w->s->mid;
		w->t0 = t;
		w->nt = 1u << (24 - p->len);
	} else {
		w->v = &w->s->v24[t];
		w->t0 = t;
		w->nt = 1;
	}
	return 0;
}

/* Account p joining (d 1) or leaving (d -1) the index. */
static void f6x_count_pfx(struct fib6dxr *f, const struct f6x_where *w,
			  const struct f6x_pfx *p, int d)
{
	f->nprefixes += d;
	if (w->s && p->len >= 24)
		w->s->n24 += d;
	else if (w->s && p->len > 16)
		w->s->nlong += d;
}

static int f6x_sync(struct fib6dxr *f, const struct f6x_where *w)
{
	uint32_t c;
	int err = 0;

	if (f->batch) {
		for (c = w->c0; c < w->c0 + w->nc; c++)
			f->dirty[c / 64] |= 1ull << (c % 64);
		return 0;
	}
	for (c = w->c0; c < w->c0 + w->nc && !err; c++)
		err = f6x_sync16(f, c, w->t0, w->nt);
	return err;
}

/* What a change of p recompiles: its addresses, where tables are patched. */
static void f6x_span(struct fib6dxr *f, const struct f6x_pfx *p)
{
	f->lo = pfx_start(p);
	f->hi = pfx_end(p);
}

int fib6dxr_insert(struct fib6dxr *f, const uint8_t prefix[16], uint8_t len, uint32_t nh)
{
	struct f6x_pfx p = f6x_pfx(prefix, len, nh);
	struct f6x_where w;
	uint32_t pos;
	uint16_t was = 0;
	bool found;
	int err;

	if (len > 128 || !nh || nh > XR_F6X_NH_MASK)
		return -EINVAL;
	err = f6x_where(f, &p, true, &w);
	if (err)
		return err;
	f6x_span(f, &p);
	found = vec_find(w.v, &p, &pos);
	if (found) {
		was = w.v->v[pos].nh;
		w.v->v[pos].nh = p.nh;
	} else {
		err = vec_insert(w.v, pos, &p);
		if (err)
			return err;
		f6x_count_pfx(f, &w, &p, 1);
	}
	err = f6x_sync(f, &w);
	if (!err)
		return 0;
	/* Back to the table as it was: its blocks are still there to compare equal. */
	if (found) {
		w.v->v[pos].nh = was;
	} else {
		vec_remove(w.v, pos);
		f6x_count_pfx(f, &w, &p, -1);
	}
	f6x_sync(f, &w);
	return err;
}

void fib6dxr_remove(struct fib6dxr *f, const uint8_t prefix[16], uint8_t len)
{
	struct f6x_pfx p = f6x_pfx(prefix, len, 0);
	struct f6x_where w;
	uint32_t pos;

	if (len > 128 || f6x_where(f, &p, false, &w) || !vec_find(w.v, &p, &pos))
		return;
	vec_remove(w.v, pos);
	f6x_count_pfx(f, &w, &p, -1);
	f6x_span(f, &p);
	f6x_sync(f, &w);
	if (w.s && f6x_s16_empty(w.s) && !f->deferred)
		f6x_s16_free(f, w.c0);
}

void fib6dxr_adopt_done(struct fib6dxr *f)
{
	uint32_t c;

	f->deferred = false;
	f->lo = 0;
	f->hi = ~(u128)0;
	for (c = 0; c < XR_F6X_DIRECT; c++) {
		f6x_sync16(f, c, 0, F6X_T24);
		if (f->s16[c] && f6x_s16_empty(f->s16[c]))
			f6x_s16_free(f, c);
	}
}

void fib6dxr_defer(struct fib6dxr *f)
{
	if (f->deferred)
		return;		/* an adoption: adopt_done compiles it all */
	if (!f->dirty)
		f->dirty = calloc(XR_F6X_DIRECT / 64, sizeof(*f->dirty));
	if (!f->dirty)
		return;		/* no memory: compile per change, as without a batch */
	f->deferred = true;
	f->batch = true;
}

int fib6dxr_commit(struct fib6dxr *f)
{
	uint32_t c;
	int err = 0;

	if (!f->batch)
		return 0;
	f->batch = false;
	f->deferred = false;
	f->lo = 0;
	f->hi = ~(u128)0;
	for (c = 0; c < XR_F6X_DIRECT; c++) {
		if (!(f->dirty[c / 64] & 1ull << (c % 64)))
			continue;
		f->dirty[c / 64] &= ~(1ull << (c % 64));
		if (!err)
			err = f6x_sync16(f, c, 0, F6X_T24);
		if (f->s16[c] && f6x_s16_empty(f->s16[c]))
			f6x_s16_free(f, c);
	}
	return err;
}

/* ---- lookup ---- */

/* The last of n ranges of stride words from off whose first word is <= want. */
static uint32_t f6x_search(const struct fib6dxr_tables *t, uint32_t off, uint32_t n,
			   uint32_t stride, uint64_t want)
{
	uint32_t lo = 0, half, i;

	for (i = 0; i < XR_F6X_SEARCH_MAX; i++) {
		if (n <= 1)
			break;
		half = n / 2;
		if (f6x_word(t, (uint64_t)off + (uint64_t)(lo + half) * stride) <= want)
			lo += half;
		n -= half;
	}
	return lo;
}

/*
 * Mirrors bpf/fib6_lookup.h fib6_lookup_dxr() step for step; where the
 * program counts a padded /16 block's whole line, this search over the
 * same 8 words finds the same range (the padding repeats the last one).
 */
uint32_t fib6dxr_lookup(const struct fib6dxr_tables *t, const uint8_t addr[16])
{
	uint64_t hi = f6x_be64(addr), lo = f6x_be64(addr + 8), e, w1;
	uint64_t want = (hi << 24) >> 8 | 0xffff;
	uint32_t off, i, j, d, nh;

	e = __atomic_load_n(&t->direct[hi >> 48], __ATOMIC_ACQUIRE);
	if (f6x_kind(e) == XR_F6X_BLOCK16) {
		i = f6x_search(t, (uint32_t)e, f6x_count(e), 1, hi << 16 | 0xffff);
		return (uint32_t)f6x_word(t, (uint64_t)(uint32_t)e + i) & XR_F6X_NH_MASK;
	}
	for (d = 0; d < XR_F6X_LEVELS && f6x_kind(e) == XR_F6X_TABLE; d++)
		e = f6x_word(t, (uint64_t)(uint32_t)e + addr[2 + d]);
	off = (uint32_t)e;
	switch (f6x_kind(e)) {
	case XR_F6X_LEAF:
		return (uint32_t)e & XR_F6X_NH_MASK;
	case XR_F6X_BLOCK:
		i = f6x_search(t, off, f6x_count(e), 1, want);
		return (uint32_t)f6x_word(t, (uint64_t)off + i) & XR_F6X_NH_MASK;
	case XR_F6X_BLOCK2:
		i = f6x_search(t, off, f6x_count(e), 1, want);
		nh = (uint32_t)f6x_word(t, (uint64_t)off + i) & XR_F6X_NH_MASK;
		w1 = nh ? 0 : f6x_word(t, (uint64_t)off + f6x_count(e) + i);
		if (!w1)
			return nh;
		j = f6x_search(t, (uint32_t)w1, (uint32_t)(w1 >> 32), 2, lo);
		return (uint32_t)f6x_word(t, (uint64_t)(uint32_t)w1 + 2 * j + 1) & XR_F6X_NH_MASK;
	default:
		return 0;
	}
}

/* ---- walks of the whole table ---- */

struct f6x_walk {
	uint8_t *live;
	size_t ranges;
	struct fib6dxr_usage *u;
};

static void walk_nh(struct f6x_walk *w, uint64_t nh)
{
	nh &= XR_F6X_NH_MASK;
	if (w->live && nh)
		w->live[nh] = 1;
	w->ranges += nh != 0;
}

static void walk_count(struct f6x_walk *w, uint32_t n)
{
	if (w->u && n > w->u->max_count)
		w->u->max_count = n;
}

/* Entry e of a /24 (or a /16 without a table: a leaf or a BLOCK16). */
static void walk_entry(const struct fib6dxr *f, struct f6x_walk *w, uint64_t e)
{
	uint32_t off = (uint32_t)e, n = f6x_count(e), i, j;
	uint64_t w1;

	if (f6x_kind(e) == XR_F6X_LEAF)
		walk_nh(w, e);
	if (f6x_kind(e) != XR_F6X_BLOCK && f6x_kind(e) != XR_F6X_BLOCK2 &&
	    f6x_kind(e) != XR_F6X_BLOCK16)
		return;
	walk_count(w, n);
	if (w->u && f6x_kind(e) == XR_F6X_BLOCK16)
		w->u->blocks16++;
	else if (w->u)
		w->u->blocks++;
	for (i = 0; i < n; i++) {
		/* A BLOCK16's padding repeats its last range: not a range of its own. */
		if (i && f6x_kind(e) == XR_F6X_BLOCK16 &&
		    f6x_word(&f->t, (uint64_t)off + i) == f6x_word(&f->t, (uint64_t)off + i - 1))
			break;
		walk_nh(w, f6x_word(&f->t, (uint64_t)off + i));
		if (f6x_kind(e) != XR_F6X_BLOCK2)
			continue;
		w1 = f6x_word(&f->t, (uint64_t)off + n + i);
		if (!w1)
			continue;
		walk_count(w, (uint32_t)(w1 >> 32));
		if (w->u)
			w->u->subs++;
		for (j = 0; j < (uint32_t)(w1 >> 32); j++)
			walk_nh(w, f6x_word(&f->t, (uint64_t)(uint32_t)w1 + 2 * j + 1));
	}
}

/* Entry e and what hangs below it, depth tables deep. */
static void walk_tree(const struct fib6dxr *f, struct f6x_walk *w, uint64_t e, unsigned depth)
{
	uint32_t t;

	if (f6x_kind(e) != XR_F6X_TABLE || depth >= XR_F6X_LEVELS) {
		walk_entry(f, w, e);
		return;
	}
	if (w->u) {
		w->u->tables++;
		w->u->deep += depth > 0;
	}
	for (t = 0; t < XR_F6X_TABLE_SIZE; t++)
		walk_tree(f, w, f6x_word(&f->t, (uint64_t)(uint32_t)e + t), depth + 1);
}

static void f6x_walk(const struct fib6dxr *f, struct f6x_walk *w)
{
	uint32_t c;
	uint64_t e;

	for (c = 0; c < XR_F6X_DIRECT; c++) {
		e = f->t.direct[c];
		if (w->u && f6x_kind(e) == XR_F6X_LEAF)
			w->u->leaves++;
		walk_tree(f, w, e, 0);
	}
}

size_t fib6dxr_mark_nh(const struct fib6dxr *f, uint8_t *live)
{
	struct f6x_walk w = { .live = live };

	f6x_walk(f, &w);
	return w.ranges;
}

void fib6dxr_usage(const struct fib6dxr *f, struct fib6dxr_usage *u)
{
	struct f6x_walk w = { .u = u };

	memset(u, 0, sizeof(*u));
	f6x_walk(f, &w);
	u->ranges = w.ranges;
	u->words = f->pool.live;
	u->words_max = f->pool.units;
	u->words_top = f->pool.top;
	u->prefixes = f->nprefixes;
}

void fib6dxr_space(const struct fib6dxr *f, size_t *used, size_t *max)
{
	*used = f->pool.live;
	*max = f->pool.units;
}

/* ---- life cycle ---- */

/* An adopted block: allocate behind it, or 0 when it points outside the map. */
static uint64_t f6x_adopt_block(struct fib6dxr *f, uint64_t e)
{
	uint32_t off = (uint32_t)e, n = f6x_count(e), i;
	uint64_t w1;

	if (n < 2 || n > XR_F6X_BLOCK_MAX || dxr_pool_adopt(&f->pool, off, f6x_block_words(e)))
		return 0;
	for (i = 0; f6x_kind(e) == XR_F6X_BLOCK2 && i < n; i++) {
		w1 = f->t.words[off + n + i];
		if (w1 && dxr_pool_adopt(&f->pool, (uint32_t)w1, 2 * (uint32_t)(w1 >> 32)))
			f->t.words[off + n + i] = 0;
	}
	return e;
}

/* Entry e, depth tables deep; 0 for one that makes no sense. */
static uint64_t f6x_adopt_entry(struct fib6dxr *f, uint64_t e, unsigned depth)
{
	uint32_t off = (uint32_t)e, t;

	switch (f6x_kind(e)) {
	case XR_F6X_LEAF:
		return e;
	case XR_F6X_BLOCK16:
		return depth ? 0 : f6x_adopt_block(f, e);
	case XR_F6X_BLOCK:
	case XR_F6X_BLOCK2:
		return f6x_adopt_block(f, e);
	case XR_F6X_TABLE:
		if (depth >= XR_F6X_LEVELS || dxr_pool_adopt(&f->pool, off, XR_F6X_TABLE_SIZE))
			return 0;
		for (t = 0; t < XR_F6X_TABLE_SIZE; t++)
			f->t.words[off + t] = f6x_adopt_entry(f, f->t.words[off + t], depth + 1);
		return e;
	default:
		return 0;
	}
}

struct fib6dxr *fib6dxr_new(const struct fib6dxr_tables *t, bool adopt)
{
	struct fib6dxr *f = calloc(1, sizeof(*f));
	uint32_t c;

	if (!f)
		return NULL;
	f->t = *t;
	dxr_pool_init(&f->pool, t->nwords, XR_F6X_LINE, 1);
	f->pool.big_aligned = true;
	f->s16 = calloc(XR_F6X_DIRECT, sizeof(*f->s16));
	if (!f->s16) {
		fib6dxr_free(f);
		return NULL;
	}
	if (!adopt) {
		memset(t->direct, 0, XR_F6X_DIRECT * sizeof(*t->direct));
		return f;
	}
	for (c = 0; c < XR_F6X_DIRECT; c++)
		t->direct[c] = f6x_adopt_entry(f, t->direct[c], 0);
	f->deferred = true;
	return f;
}

void fib6dxr_free(struct fib6dxr *f)
{
	uint32_t c;

	if (!f)
		return;
	for (c = 0; f->s16 && c < XR_F6X_DIRECT; c++)
		f6x_s16_free(f, c);
	free(f->s16);
	free(f->dirty);
	vec_free(&f->shorter);
	free(f->b.seg);
	free(f->b.top);
	free(f->b.sub);
	dxr_pool_fini(&f->pool);
	free(f);
}
