// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The IPv6 DXR compiler (user/dp/fib6dxr.c) checked against the stride-8
 * trie (fib6.c), which stays its reference: random tables of 10,000
 * prefixes of every length, crowded into a few /16s and /24s (tables
 * below /24) and nested down to /128s inside /64s (the sub-blocks), 1,000,000 lookups read from
 * both compiled arrays as XDP reads them must agree exactly; then half the
 * prefixes withdrawn and some next hops replaced; then the arrays adopted
 * by a new compiler that re-adds three quarters (the old table forwards
 * meanwhile) and drops the rest; then everything withdrawn, leaving no
 * word in use.  Also: the edges of the address space, a table out of
 * words refusing a prefix and staying as it was, and batches compiled once
 * at their commit.
 * XR_FIB6DXR_LOOKUPS=N changes the number of lookups.
 */
#include <errno.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

#include "check.h"
#include "fib6.h"
#include "fib6dxr.h"

#define NPFX		10000u
#define NODES		(1u << 16)
#define WORDS		(1u << 21)

struct p6 {
	uint8_t b[16];
	uint8_t len;
	uint32_t nh;
	bool live;
};

static struct p6 tab[NPFX];

static void check(bool ok, const char *fmt, ...)
{
	char desc[256];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(desc, sizeof(desc), fmt, ap);
	va_end(ap);
	report(ok, desc);
}
static uint64_t seed = 0x2545f4914f6cdd1dull;

static uint64_t rnd(void)
{
	return xorshift64(&seed);
}

/* The trie and the DXR arrays, side by side. */
struct pair {
	uint32_t *direct, *nodes;
	struct fib6 *trie;
	struct fib6dxr_tables t;
	struct fib6dxr *dxr;
};

static void zero_below(uint8_t *b, unsigned len)
{
	unsigned i;

	for (i = 0; i < 16; i++)
		if (len < 8 * (i + 1))
			b[i] &= len > 8 * i ? (uint8_t)(0xff << (8 - (len - 8 * i))) : 0;
}

/*
 * A prefix as crowded tables make them: under 4 /16s (one of them holding
 * most), 40 /24s, 64 /64s, so blocks grow large and /64s hold longer
 * prefixes; some anywhere; lengths of every kind.
 */
static void rnd_pfx(struct p6 *p)
{
	static const unsigned lens[] = { 0, 3, 12, 16, 19, 24, 29, 32, 40, 44, 48, 48, 48,
					 52, 56, 60, 64, 64, 96, 112, 126, 127, 128, 128 };
	uint64_t r = rnd(), hi = rnd(), lo = rnd();
	unsigned i, where = r % 10;

	p->len = lens[(r >> 8) % (sizeof(lens) / sizeof(lens[0]))];
	if (where < 9)
		hi = (hi & 0x0000ffffffffffffull) | (0x2a00ull + (r >> 16) % 4 * ((r >> 18) % 3)) << 48;
	if (where < 7)
		hi = (hi & 0x000000ffffffffffull) | (hi & 0xffff000000000000ull) |
		     ((r >> 20) % 8) << 40;
	if (where < 3)
		hi = (hi & 0xffffffffff000000ull) | ((r >> 26) % 64);
	for (i = 0; i < 8; i++) {
		p->b[i] = (uint8_t)(hi >> (56 - 8 * i));
		p->b[8 + i] = (uint8_t)(lo >> (56 - 8 * i));
	}
	zero_below(p->b, p->len);
	p->nh = 1 + rnd() % 4000;
}

static bool same_pfx(const struct p6 *a, const struct p6 *b)
{
	return a->len == b->len && !memcmp(a->b, b->b, 16);
}

static bool covers(const struct p6 *p, const uint8_t *a)
{
	uint8_t m[16];

	memcpy(m, a, 16);
	zero_below(m, p->len);
	return !memcmp(m, p->b, 16);
}

/* The longest live prefix shorter than q covering it, for the trie's withdrawal. */
static const struct p6 *cover_of(const struct p6 *q)
{
	const struct p6 *best = NULL;
	unsigned i;

	for (i = 0; i < NPFX; i++)
		if (tab[i].live && tab[i].len < q->len && covers(&tab[i], q->b) &&
		    (!best || tab[i].len > best->len))
			best = &tab[i];
	return best;
}

static void pair_open(struct pair *x, uint32_t words)
{
	x->direct = calloc(XR_FIB6_DIRECT, sizeof(*x->direct));
	x->nodes = calloc((size_t)NODES * XR_FIB6_NODE_SIZE, sizeof(*x->nodes));
	x->t.direct = calloc(XR_F6X_DIRECT, sizeof(*x->t.direct));
	x->t.words = calloc(words, sizeof(*x->t.words));
	x->t.nwords = words;
	x->trie = fib6_new(x->direct, x->nodes, NODES, false);
	x->dxr = fib6dxr_new(&x->t, false);
}

static void pair_close(struct pair *x)
{
	fib6_free(x->trie);
	fib6dxr_free(x->dxr);
	free(x->direct);
	free(x->nodes);
	free(x->t.direct);
	free(x->t.words);
}

static int pair_add(struct pair *x, struct p6 *p)
{
	int err = fib6dxr_insert(x->dxr, p->b, p->len, p->nh);

	if (!err)
		err = fib6_insert(x->trie, p->b, p->len, p->nh);
	p->live = !err;
	return err;
}

static void pair_del(struct pair *x, struct p6 *p)
{
	const struct p6 *c;

	p->live = false;
	c = cover_of(p);
	fib6_remove(x->trie, p->b, p->len, c ? c->nh : 0, c ? c->len : 0);
	fib6dxr_remove(x->dxr, p->b, p->len);
}

/* Unique prefixes into both tables. */
static unsigned fill(struct pair *x)
{
	unsigned i, j, n = 0;

	for (i = 0; i < NPFX; i++) {
		do {
			rnd_pfx(&tab[i]);
			for (j = 0; j < i && !same_pfx(&tab[j], &tab[i]); j++)
				;
		} while (j < i);
		n += pair_add(x, &tab[i]) == 0;
	}
	return n;
}

/* An address inside a random prefix (a random bit pattern below it), or anywhere. */
static void rnd_addr(uint8_t *a)
{
	const struct p6 *p = &tab[rnd() % NPFX];
	uint64_t hi = rnd(), lo = rnd();
	unsigned i;

	for (i = 0; i < 8; i++) {
		a[i] = (uint8_t)(hi >> (56 - 8 * i));
		a[8 + i] = (uint8_t)(lo >> (56 - 8 * i));
	}
	if (rnd() % 8 == 0)
		return;
	/* The prefix's bits, then random ones; sometimes its first or last address. */
	for (i = 0; i < 16; i++) {
		uint8_t m = p->len >= 8 * (i + 1) ? 0xff :
			    p->len > 8 * i ? (uint8_t)(0xff << (8 - (p->len - 8 * i))) : 0;

		if (rnd() % 16 == 0)
			a[i] = 0;
		else if (rnd() % 16 == 0)
			a[i] = 0xff;
		a[i] = (a[i] & ~m) | (p->b[i] & m);
	}
}

static unsigned nlookups(void)
{
	const char *s = getenv("XR_FIB6DXR_LOOKUPS");

	return s ? (unsigned)strtoul(s, NULL, 0) : 1000000u;
}

static bool agree(const struct pair *x, unsigned n, const char *when)
{
	uint8_t a[16];
	uint32_t want, got;
	unsigned i;

	for (i = 0; i < n; i++) {
		rnd_addr(a);
		want = fib6_lookup(x->direct, x->nodes, a) & XR_FIB6_NH_MASK;
		got = fib6dxr_lookup(&x->t, a);
		if (want != got) {
			fprintf(stderr, "  %s: lookup %u: trie %u, DXR %u for "
				"%02x%02x:%02x%02x:%02x%02x:%02x%02x:%02x%02x:%02x%02x:%02x%02x:%02x%02x\n",
				when, i, want, got, a[0], a[1], a[2], a[3], a[4], a[5], a[6], a[7],
				a[8], a[9], a[10], a[11], a[12], a[13], a[14], a[15]);
			return false;
		}
	}
	return true;
}

static void random_tables(void)
{
	struct pair x;
	struct fib6dxr_usage u;
	unsigned n = nlookups(), i, added;
	bool empty = true;

	pair_open(&x, WORDS);
	added = fill(&x);
	check(added == NPFX, "random: %u of %u prefixes added", added, NPFX);
	fib6dxr_usage(x.dxr, &u);
	printf("# %zu prefixes: %u tables (%u below a /16's), %u blocks, %u /16 blocks, "
	       "%u sub-blocks, %zu ranges, largest %u, %zu KiB of ranges\n", u.prefixes, u.tables,
	       u.deep, u.blocks, u.blocks16, u.subs, u.ranges, u.max_count, u.words * 8 / 1024);
	check(u.subs > 0 && u.deep > 0 && u.max_count > XR_F6X_LINE && u.blocks16 > 0,
	      "random: sub-blocks, tables below /24, blocks beyond a line and /16 blocks exercised");
	check(agree(&x, n, "full"), "random: %u lookups agree with the trie", n);
	for (i = 0; i < NPFX; i++) {
		if (rnd() % 2)
			pair_del(&x, &tab[i]);
		else if (rnd() % 4 == 0 && (tab[i].nh = 1 + rnd() % 4000))
			pair_add(&x, &tab[i]);
	}
	check(agree(&x, n / 4, "churned"), "random: half withdrawn, some replaced: agree");
	for (i = 0; i < NPFX; i++)
		if (tab[i].live)
			pair_del(&x, &tab[i]);
	for (i = 0; i < XR_F6X_DIRECT; i++)
		empty &= !x.t.direct[i];
	fib6dxr_usage(x.dxr, &u);
	check(empty && u.words == 0 && u.prefixes == 0,
	      "random: all withdrawn: no entry set, no word in use (%zu)", u.words);
	pair_close(&x);
}

/* Adopted arrays forward as they were until adopt_done, then as re-added. */
static void adoption(void)
{
	struct pair x;
	struct fib6dxr_usage u, fresh;
	struct fib6dxr *again;
	unsigned i;

	pair_open(&x, WORDS);
	fill(&x);
	fib6dxr_usage(x.dxr, &fresh);
	fib6dxr_free(x.dxr);
	again = fib6dxr_new(&x.t, true);
	x.dxr = again;
	for (i = 0; i < NPFX; i++)
		if (i % 4)
			fib6dxr_insert(again, tab[i].b, tab[i].len, tab[i].nh);
	check(agree(&x, 100000, "adopted"), "adopt: the old table forwards while routes are re-added");
	for (i = 0; i < NPFX; i += 4) {
		const struct p6 *c;

		tab[i].live = false;
		c = cover_of(&tab[i]);
		fib6_remove(x.trie, tab[i].b, tab[i].len, c ? c->nh : 0, c ? c->len : 0);
	}
	fib6dxr_adopt_done(again);
	check(agree(&x, 250000, "swept"), "adopt: after adopt_done, the re-added routes alone");
	fib6dxr_usage(again, &u);
	check(u.prefixes == NPFX - NPFX / 4, "adopt: %zu prefixes indexed", u.prefixes);
	for (i = 0; i < NPFX; i++)
		if (tab[i].live)
			pair_del(&x, &tab[i]);
	fib6dxr_usage(again, &u);
	check(u.words == 0, "adopt: all withdrawn: no word in use (%zu)", u.words);
	pair_close(&x);
}

/* What the DXR arrays forward n random addresses to, into got[]. */
static void dxr_sample(const struct pair *x, uint64_t at, uint32_t *got, unsigned n)
{
	uint64_t keep = seed;
	uint8_t a[16];

	seed = at;
	for (unsigned i = 0; i < n; i++) {
		rnd_addr(a);
		got[i] = fib6dxr_lookup(&x->t, a);
	}
	seed = keep;
}

/*
 * A batch (--config): inserts, replacements (the same prefix twice), and
 * withdrawals of prefixes added in the same batch only index; the arrays
 * forward as before until the commit, which compiles each /16 once, and
 * then agree with the trie, which took every change at once.  A second
 * batch over a populated table, and a batch the words cannot hold.
 */
static void batch(void)
{
	enum { SAMPLE = 20000 };
	static uint32_t before[SAMPLE], during[SAMPLE];
	struct fib6dxr_usage u;
	struct pair x;
	unsigned i, added, refused = 0;
	bool empty = true;

	pair_open(&x, WORDS);
	fib6dxr_defer(x.dxr);
	added = fill(&x);
	for (i = 0; i < NPFX; i++) {
		if (i % 5 == 0) {
			pair_del(&x, &tab[i]);
		} else if (i % 5 == 1) {
			tab[i].nh = 1 + (tab[i].nh + 1) % 4000;
			pair_add(&x, &tab[i]);
			tab[i].nh = 1 + (tab[i].nh + 7) % 4000;
			pair_add(&x, &tab[i]);
		}
	}
	for (i = 0; i < XR_F6X_DIRECT; i++)
		empty &= !x.t.direct[i];
	check(added == NPFX && empty, "batch: %u prefixes indexed, nothing compiled before the commit",
	      added);
	check(fib6dxr_commit(x.dxr) == 0, "batch: the commit compiles them");
	check(agree(&x, nlookups() / 4, "batch"),
	      "batch: added, replaced twice and withdrawn in one batch: agrees with the trie");
	dxr_sample(&x, 42, before, SAMPLE);
	fib6dxr_defer(x.dxr);
	for (i = 0; i < NPFX; i++) {
		if (i % 3 == 0 && tab[i].live) {
			pair_del(&x, &tab[i]);
		} else if (i % 3 == 1 && tab[i].live) {
			tab[i].nh = 1 + (tab[i].nh + 3) % 4000;
			pair_add(&x, &tab[i]);
		}
	}
	dxr_sample(&x, 42, during, SAMPLE);
	check(!memcmp(before, during, sizeof(before)),
	      "batch: a populated table forwards as before until the commit");
	check(fib6dxr_commit(x.dxr) == 0 && agree(&x, nlookups() / 4, "batch 2"),
	      "batch: a second batch over it, committed: agrees with the trie");
	for (i = 0; i < NPFX; i++)
		if (tab[i].live)
			pair_del(&x, &tab[i]);
	fib6dxr_usage(x.dxr, &u);
	check(u.words == 0 && u.prefixes == 0, "batch: all withdrawn: no word in use (%zu)", u.words);
	pair_close(&x);

	pair_open(&x, 4096);
	fib6dxr_defer(x.dxr);
	for (i = 0; i < NPFX; i++) {
		rnd_pfx(&tab[i]);
		refused += fib6dxr_insert(x.dxr, tab[i].b, tab[i].len, tab[i].nh) != 0;
	}
	check(refused == 0 && fib6dxr_commit(x.dxr) == -ENOSPC,
	      "batch: more than 4096 words hold: every insert indexed, the commit says -ENOSPC");
	pair_close(&x);
}

static struct p6 mk(const char *hex, unsigned len, uint32_t nh)
{
	struct p6 p = { .len = (uint8_t)len, .nh = nh };
	unsigned i;

	for (i = 0; i < 16 && hex[2 * i]; i++)
		p.b[i] = (uint8_t)strtoul((char[]){ hex[2 * i], hex[2 * i + 1], 0 }, NULL, 16);
	return p;
}

/* The first and last addresses of the space, of a /64, of a /24. */
static void edges(void)
{
	struct pair x;
	struct p6 p[] = {
		mk("00000000000000000000000000000000", 0, 1),
		mk("00000000000000000000000000000000", 128, 2),
		mk("ffffffffffffffffffffffffffffffff", 128, 3),
		mk("ffff0000000000000000000000000000", 16, 4),
		mk("ffffffffffffffff0000000000000000", 64, 5),
		mk("ffffffffffffffff8000000000000000", 65, 6),
		mk("20010db8000000010000000000000000", 64, 7),
		mk("20010db800000001ffffffffffffffff", 128, 8),
		mk("20010db8000000020000000000000000", 128, 9),
		mk("20010db8000000000000000000000000", 32, 10),
		mk("20010d00000000000000000000000000", 24, 11),
		mk("20010dff000000000000000000000000", 32, 12),
		mk("20010dffffffffff0000000000000000", 64, 13),
		mk("20010dfffffffffffffffffffffffffe", 127, 14),
	};
	const char *probe[] = {
		"00000000000000000000000000000000", "00000000000000000000000000000001",
		"ffffffffffffffffffffffffffffffff", "fffffffffffffffffffffffffffffffe",
		"ffffffffffffffff7fffffffffffffff", "fffffffffffffffeffffffffffffffff",
		"20010db800000001ffffffffffffffff", "20010db800000001fffffffffffffffe",
		"20010db8000000020000000000000000", "20010db8000000020000000000000001",
		"20010db8000000010000000000000000", "20010db8000000030000000000000000",
		"20010dffffffffffffffffffffffffff", "20010dfffffffffffffffffffffffffd",
		"20010e00000000000000000000000000", "20010cff000000000000000000000000",
	};
	unsigned i, j, bad = 0, n = sizeof(p) / sizeof(p[0]);

	pair_open(&x, 1u << 16);
	memset(tab, 0, sizeof(tab));
	memcpy(tab, p, sizeof(p));
	for (i = 0; i < n; i++)
		check(pair_add(&x, &tab[i]) == 0, "edges: prefix %u added", i);
	for (j = 0; j <= n; j++) {
		for (i = 0; i < sizeof(probe) / sizeof(probe[0]); i++) {
			struct p6 a = mk(probe[i], 128, 0);

			if ((fib6_lookup(x.direct, x.nodes, a.b) & XR_FIB6_NH_MASK) !=
			    fib6dxr_lookup(&x.t, a.b))
				bad++;
		}
		if (j < n)
			pair_del(&x, &tab[(j * 5) % n]);
	}
	check(bad == 0, "edges: probes at the ends of /0 /16 /24 /64 /128 agree while withdrawn (%u)",
	      bad);
	pair_close(&x);
}

/* The kind of /16 c's direct entry. */
static unsigned kind16(const struct pair *x, unsigned c)
{
	return (unsigned)(x->t.direct[c] >> XR_F6X_KIND_SHIFT);
}

/* Lookups at, inside and just outside both ends of the first n prefixes of tab that disagree. */
static unsigned disagree_ends(const struct pair *x, unsigned n)
{
	unsigned i, j, k, bad = 0;
	uint8_t a[16];
	int d, c;

	for (i = 0; i < n; i++) {
		for (j = 0; j < 4; j++) {
			memcpy(a, tab[i].b, 16);
			for (k = tab[i].len; j & 1 && k < 128; k++)	/* the last address */
				a[k / 8] |= (uint8_t)(0x80 >> (k % 8));
			d = j & 2 ? (j & 1 ? 1 : -1) : 0;	/* one past either end */
			for (k = 16, c = d; c && k-- > 0;) {
				c = (d > 0 && a[k] == 0xff) || (d < 0 && a[k] == 0);
				a[k] = (uint8_t)(a[k] + d);
			}
			bad += (fib6_lookup(x->direct, x->nodes, a) & XR_FIB6_NH_MASK) !=
			       fib6dxr_lookup(&x->t, a);
		}
	}
	return bad;
}

/*
 * The program's lookup of a /16 block (bpf/fib6_lookup.h f6x_find_full()):
 * the block padded to a whole line, the ranges of the line that start
 * after the address counted back from its last word.  UINT32_MAX when the
 * /16 of a is not such a block.
 */
static uint32_t line16_lookup(const struct pair *x, const uint8_t a[16])
{
	uint64_t hi = 0, want, e, after = 0;
	uint32_t i, off;

	for (i = 0; i < 8; i++)
		hi = hi << 8 | a[i];
	e = x->t.direct[hi >> 48];
	off = (uint32_t)e;
	if (e >> XR_F6X_KIND_SHIFT != XR_F6X_BLOCK16 ||
	    ((e >> XR_F6X_COUNT_SHIFT) & XR_F6X_COUNT_MASK) != XR_F6X_LINE || off % XR_F6X_LINE)
		return UINT32_MAX;
	want = hi << 16 | 0xffff;
	for (i = 0; i < XR_F6X_LINE; i++)
		after += ((want >> 1) - (x->t.words[off + i] >> 1)) >> 63;
	return (uint32_t)x->t.words[off + XR_F6X_LINE - 1 - after] & XR_F6X_NH_MASK;
}

/* Addresses at and around the ends of the first n prefixes of tab where it disagrees. */
static unsigned line16_disagree(const struct pair *x, unsigned n)
{
	unsigned i, k, bad = 0;
	uint8_t a[16];

	for (i = 0; i < n; i++) {
		memcpy(a, tab[i].b, 16);
		for (k = 0; k < 3; k++) {
			if (k == 1)	/* the last address */
				for (unsigned b = tab[i].len; b < 128; b++)
					a[b / 8] |= (uint8_t)(0x80 >> (b % 8));
			if (k == 2 && a[15] != 0xff)
				a[15]++;	/* one past (within the /64 ends: enough) */
			bad += line16_lookup(x, a) != fib6dxr_lookup(&x->t, a);
		}
	}
	return bad;
}

/*
 * A /16 of a few prefixes is one block in its direct entry (XR_F6X_BLOCK16),
 * padded to a line, which the program's count over the line reads as the
 * search does;
 * holding a range that starts inside a /64, or grown past a line, a table;
 * shrunk back, a block again.  Every step agrees with the trie at the ends
 * of every prefix.
 */
static void small16(void)
{
	static const unsigned lens[] = { 32, 48, 20, 64, 40, 56, 24, 44, 36, 60 };
	unsigned i, n = sizeof(lens) / sizeof(lens[0]), bad = 0;
	struct pair x;

	pair_open(&x, 1u << 16);
	memset(tab, 0, sizeof(tab));
	for (i = 0; i < n; i++) {
		tab[i] = mk("20010db8000000000000000000000000", lens[i], 100 + i);
		tab[i].b[2 + i % 6] ^= (uint8_t)(0x11 * (i + 1));
		zero_below(tab[i].b, tab[i].len);
	}
	tab[n] = mk("20010db8000000000000000000000001", 128, 99);
	pair_add(&x, &tab[0]);
	pair_add(&x, &tab[1]);
	check(kind16(&x, 0x2001) == XR_F6X_BLOCK16, "small16: 2 prefixes: a /16 block");
	bad += disagree_ends(&x, 2);
	check(line16_disagree(&x, 2) == 0 && line16_lookup(&x, tab[0].b) != UINT32_MAX,
	      "small16: the block padded to a line; the program's count agrees with the search");
	pair_add(&x, &tab[n]);
	check(kind16(&x, 0x2001) == XR_F6X_TABLE, "small16: a /128 inside a /64: a table");
	bad += disagree_ends(&x, n + 1);
	pair_del(&x, &tab[n]);
	check(kind16(&x, 0x2001) == XR_F6X_BLOCK16, "small16: the /128 withdrawn: a block again");
	check(line16_disagree(&x, 2) == 0, "small16: the block again: the count agrees");
	for (i = 2; i < n; i++) {
		pair_add(&x, &tab[i]);
		bad += disagree_ends(&x, n);
		if (kind16(&x, 0x2001) == XR_F6X_BLOCK16)	/* 3..8 ranges */
			bad += line16_disagree(&x, i + 1);
	}
	check(kind16(&x, 0x2001) == XR_F6X_TABLE, "small16: %u prefixes: a table", n);
	for (i = n; i-- > 1;) {
		pair_del(&x, &tab[i]);
		bad += disagree_ends(&x, n);
	}
	check(kind16(&x, 0x2001) == XR_F6X_LEAF || kind16(&x, 0x2001) == XR_F6X_BLOCK16,
	      "small16: shrunk to 1: a leaf or a /16 block, no table");
	check(bad == 0, "small16: lookups agree with the trie at every step (%u did not)", bad);
	pair_del(&x, &tab[0]);
	check(!x.t.direct[0x2001], "small16: all withdrawn: no entry");
	pair_close(&x);
}

/* Out of words: -ENOSPC and every lookup as before. */
static void full(void)
{
	struct pair x;
	struct p6 p;
	unsigned i, refused = 0;
	bool ok = true;

	pair_open(&x, 4096);
	memset(tab, 0, sizeof(tab));
	for (i = 0; i < NPFX && !refused; i++) {
		rnd_pfx(&tab[i]);
		if (pair_add(&x, &tab[i]) == -ENOSPC)
			refused++;
	}
	check(refused == 1, "full: a table of 4096 words refuses a prefix with -ENOSPC");
	ok = agree(&x, 100000, "full");
	check(ok, "full: the refused prefix left the table as it was");
	p = mk("20010db8000000000000000000000000", 129, 1);
	check(fib6dxr_insert(x.dxr, p.b, p.len, 1) == -EINVAL, "refused: /129");
	check(fib6dxr_insert(x.dxr, p.b, 64, 0) == -EINVAL, "refused: next hop 0");
	check(fib6dxr_insert(x.dxr, p.b, 64, XR_NH_MAX) == -EINVAL, "refused: next hop 65536");
	pair_close(&x);
}

int main(void)
{
	edges();
	random_tables();
	adoption();
	batch();
	small16();
	full();
	return report_done();
}
