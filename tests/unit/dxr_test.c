/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Unit tests of the DXR compiler against DIR-24-8, its reference: random
 * tables built and torn down route by route, every change compiled, and
 * random lookups (10^6; XR_DXR_LOOKUPS=10000000 for the 10^7) that
 * must agree exactly; a range map too small (the /16s left to DIR-24-8
 * still answer right); adoption of a compiled table; block reuse only
 * after quarantine; the RIB compiling both as routes come and go.  Prints "ok - ..." / "not ok - ..." and a final count.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dir24.h"
#include "dxr.h"
#include "rib.h"
#include "check.h"

static uint32_t *tbl24, *tbl8;
static uint64_t *direct;
static uint32_t *ranges;
static uint64_t rng_state = 0x9e3779b97f4a7c15ull;

static uint32_t rng(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 16);
}

struct pfx {
	uint32_t prefix;
	uint8_t len;
	uint32_t nh;
};

/* Internet-like lengths, some long ones clustered so /16s get many ranges. */
static void pfx_random(struct pfx *p, uint32_t nh_max)
{
	static const uint8_t lens[] = { 8, 12, 14, 16, 18, 19, 20, 21, 22, 23, 24, 24, 24,
					24, 24, 24, 25, 26, 28, 30, 32 };
	uint8_t len = lens[rng() % sizeof(lens)];
	uint32_t a = rng();

	if (len > 24 && rng() % 2)
		a = 0x0a000000u | (a & 0x0003ffffu);	/* 10.0/14: dense */
	p->len = len;
	p->prefix = a & dir24_mask(len);
	p->nh = 1 + rng() % nh_max;
}

static void tables_clear(size_t nranges)
{
	memset(tbl24, 0, (size_t)XR_TBL24_ENTRIES * 4);
	memset(tbl8, 0, (size_t)XR_TBL8_ENTRIES * 4);
	memset(direct, 0, (size_t)XR_DXR_DIRECT * 8);
	memset(ranges, 0, nranges * 4);
}

/* n random addresses (half inside the prefixes given): 0 when all agree. */
static size_t lookups_differ(const struct dxr_tables *t, const struct pfx *p, size_t np,
			     size_t n)
{
	size_t i, bad = 0;
	uint32_t a;

	for (i = 0; i < n; i++) {
		a = rng();
		if (np && (i & 1))
			a = p[rng() % np].prefix | (a & ~dir24_mask(p[rng() % np].len));
		if (fib_lookup(tbl24, tbl8, a) != dxr_lookup(t, a) && bad++ < 3)
			fprintf(stderr, "# %08x: dir24 %u dxr %u\n", a,
				fib_lookup(tbl24, tbl8, a), dxr_lookup(t, a));
	}
	return bad;
}

static size_t lookups_n(void)
{
	const char *s = getenv("XR_DXR_LOOKUPS");

	return s && atol(s) > 0 ? (size_t)atol(s) : 1000000;
}

/* Insert p[i] unless it covers nothing new; the last added of a prefix wins. */
static void table_add(struct dir24 *d, struct dxr *x, const struct pfx *p)
{
	if (!dir24_insert(d, p->prefix, p->len, p->nh))
		dxr_update(x, p->prefix, p->len);
}

static void test_random(size_t np, uint32_t nh_max, size_t nranges, const char *what)
{
	struct dxr_tables t = { direct, ranges, (uint32_t)nranges, tbl24, tbl8 };
	struct pfx *p = calloc(np, sizeof(*p));
	struct dir24 *d;
	struct dxr *x;
	struct dxr_usage u;
	char desc[160];
	size_t i, bad;

	tables_clear(nranges);
	d = dir24_new(tbl24, tbl8, 0, false);
	x = dxr_new(&t, false);
	if (!p || !d || !x) {
		report(false, "random: out of memory");
		goto out;
	}
	dxr_build(x);
	for (i = 0; i < np; i++) {
		pfx_random(&p[i], nh_max);
		table_add(d, x, &p[i]);
	}
	bad = lookups_differ(&t, p, np, lookups_n());
	dxr_usage(x, &u);
	snprintf(desc, sizeof(desc), "%s: %zu prefixes, %zu lookups agree with DIR-24-8 "
		 "(%u leaves, %u inline, %u blocks (%u short), %u left to DIR-24-8, %zu ranges)",
		 what, np, lookups_n(), u.leaves, u.inlines, u.blocks, u.shorts, u.fallback,
		 u.ranges);
	report(!bad, desc);
	/* Withdraw half (to no route: agreement is what counts, not the cover). */
	for (i = 0; i < np; i += 2) {
		dir24_remove(d, p[i].prefix, p[i].len, 0, 0);
		dxr_update(x, p[i].prefix, p[i].len);
	}
	snprintf(desc, sizeof(desc), "%s: half withdrawn, lookups still agree", what);
	report(!lookups_differ(&t, p, np, lookups_n() / 4), desc);
out:
	dxr_free(x);
	dir24_free(d);
	free(p);
}

/* The fast path's view stays exact while a /16 is recompiled over and over. */
static void test_reuse(void)
{
	struct dxr_tables t = { direct, ranges, XR_DXR_RANGES, tbl24, tbl8 };
	struct dir24 *d;
	struct dxr *x;
	struct dxr_usage u0, u1;
	uint64_t first;
	bool seen_again = false, ok = true;
	unsigned i;

	tables_clear(XR_DXR_RANGES);
	d = dir24_new(tbl24, tbl8, 0, false);
	x = dxr_new(&t, false);
	dxr_build(x);
	/* Seven ranges: a block, not packed in the direct entry. */
	dir24_insert(d, 0x0a000000, 16, 1);
	dir24_insert(d, 0x0a000300, 24, 2);
	dir24_insert(d, 0x0a000500, 24, 2);
	dir24_insert(d, 0x0a000100, 24, 2);
	dxr_update(x, 0x0a000000, 16);
	first = direct[0x0a00];
	dxr_usage(x, &u0);
	for (i = 0; i < 40; i++) {
		dir24_insert(d, 0x0a000100, 24, 3 + i);
		dxr_update(x, 0x0a000100, 24);
		ok &= dxr_lookup(&t, 0x0a000105) == 3 + i && dxr_lookup(&t, 0x0a000205) == 1;
		/* Reused no sooner than 16 later frees of its size. */
		if (direct[0x0a00] == first)
			seen_again = i >= 16;
	}
	dxr_usage(x, &u1);
	report(ok && first != direct[0x0a00] && u1.ranges == u0.ranges,
	       "a recompiled /16 gets a fresh block, the fast path always sees the new routes");
	report(u1.bytes_top < u0.bytes_top + 20 * 64 && seen_again,
	       "replaced blocks are reused, only after the quarantine");
	dxr_free(x);
	dir24_free(d);
}

/* A restarted daemon: the compiled table is kept and allocation goes past it. */
static void test_adopt(void)
{
	struct dxr_tables t = { direct, ranges, XR_DXR_RANGES, tbl24, tbl8 };
	struct pfx p[2000];
	struct dir24 *d, *d2;
	struct dxr *x, *x2;
	uint64_t *copy = malloc((size_t)XR_DXR_DIRECT * 8);
	size_t i;
	bool same;

	tables_clear(XR_DXR_RANGES);
	d = dir24_new(tbl24, tbl8, 0, false);
	x = dxr_new(&t, false);
	dxr_build(x);
	/* One next hop per prefix, as the RIB installs only the winner. */
	for (i = 0; i < 2000; i++) {
		pfx_random(&p[i], 100);
		p[i].nh = 1 + (p[i].prefix ^ p[i].len) % 100;
		table_add(d, x, &p[i]);
	}
	memcpy(copy, direct, (size_t)XR_DXR_DIRECT * 8);
	dxr_free(x);
	dir24_free(d);
	d2 = dir24_new(tbl24, tbl8, 0, true);
	x2 = dxr_new(&t, true);
	for (i = 0; i < 2000; i++)
		table_add(d2, x2, &p[i]);
	dxr_build(x2);
	same = !memcmp(copy, direct, (size_t)XR_DXR_DIRECT * 8);
	report(same, "adopted table: re-adding the same routes writes no direct entry");
	pfx_random(&p[0], 100);
	table_add(d2, x2, &p[0]);
	report(!lookups_differ(&t, p, 2000, 100000), "adopted table: later changes agree");
	dxr_free(x2);
	dir24_free(d2);
	free(copy);
}

/* Random routes through the RIB with several metrics: what rib.c compiles agrees. */
static bool rib_agrees(const struct rib_tables *rt, size_t n)
{
	struct dxr_tables t = { rt->dxr_direct, rt->dxr_ranges, rt->dxr_nranges, rt->tbl24,
				rt->tbl8 };

	return !lookups_differ(&t, NULL, 0, n);
}

static void test_rib(void)
{
	struct xr_nexthop *nhs = calloc(XR_NH_MAX, sizeof(*nhs));
	struct rib_tables rt = { tbl24, tbl8, nhs, 0, direct, ranges, XR_DXR_RANGES, NULL, NULL, 0,
				 NULL, NULL, 0, NULL, NULL };
	struct rib_route *r = calloc(20000, sizeof(*r));
	struct rib *rib, *again;
	struct pfx p;
	size_t i;
	bool ok;

	tables_clear(XR_DXR_RANGES);
	rib = rib_new(&rt, false);
	if (!nhs || !r || !rib) {
		report(false, "rib: out of memory");
		goto out;
	}
	for (i = 0; i < 20000; i++) {
		pfx_random(&p, 1);
		r[i] = (struct rib_route){ .dst = xr_prefix4(p.prefix, p.len),
					   .type = XR_NH_UNICAST, .ifid = 1 + rng() % 40,
					   .metric = rng() % 3 };
		rib_add(rib, &r[i], true);
	}
	report(rib_count(rib) > 15000 && rib_agrees(&rt, lookups_n()),
	       "rib: 20000 routes, 3 metrics: lookups agree");
	for (i = 0; i < 20000; i += 3)
		rib_del(rib, &r[i].dst, NULL);
	rib_del_ifid(rib, 7);
	ok = rib_agrees(&rt, lookups_n() / 4);
	report(ok, "rib: after deletions (runner-ups, covers, a whole interface): agree");
	/* A restarted daemon adopts the tables and re-adds a third less. */
	rib_free(rib);
	rib = NULL;
	again = rib_new(&rt, true);
	for (i = 1; again && i < 20000; i += 3)
		rib_add(again, &r[i], true);
	if (again)
		rib_adopt_done(again);
	report(again && rib_agrees(&rt, lookups_n() / 4), "rib: adopted, partly re-added, swept: agree");
	rib_free(again);
out:
	rib_free(rib);
	free(r);
	free(nhs);
}

/*
 * A batch (rib_defer(), --config into fresh tables): the DXR table is not
 * touched until the commit, which compiles each /16 the batch touched once.
 */
static void test_batch(void)
{
	struct xr_nexthop *nhs = calloc(XR_NH_MAX, sizeof(*nhs));
	struct rib_tables rt = { tbl24, tbl8, nhs, 0, direct, ranges, XR_DXR_RANGES, NULL, NULL, 0,
				 NULL, NULL, 0, NULL, NULL };
	struct rib_route r0 = { .dst = xr_prefix4(0x0a000000, 8), .type = XR_NH_UNICAST,
				.ifid = 41 }, r;
	uint64_t *before = malloc((size_t)XR_DXR_DIRECT * 8);
	struct rib *rib;
	struct pfx p;
	size_t i;

	tables_clear(XR_DXR_RANGES);
	rib = rib_new(&rt, false);
	if (!nhs || !before || !rib || rib_add(rib, &r0, true)) {
		report(false, "batch: setting up");
		goto out;
	}
	memcpy(before, direct, (size_t)XR_DXR_DIRECT * 8);
	rib_defer(rib);
	rib_del(rib, &r0.dst, NULL);
	for (i = 0; i < 20000; i++) {
		pfx_random(&p, 1);
		r = (struct rib_route){ .dst = xr_prefix4(p.prefix, p.len), .type = XR_NH_UNICAST,
					.ifid = 1 + i % 40 };
		rib_add(rib, &r, true);
	}
	report(!memcmp(before, direct, (size_t)XR_DXR_DIRECT * 8),
	       "batch: 20000 routes added, one withdrawn: the DXR table untouched until the commit");
	rib_commit(rib);
	report(rib_agrees(&rt, lookups_n()), "batch: committed, lookups agree with DIR-24-8");
out:
	rib_free(rib);
	free(before);
	free(nhs);
}

int main(void)
{
	tbl24 = calloc(XR_TBL24_ENTRIES, 4);
	tbl8 = calloc(XR_TBL8_ENTRIES, 4);
	direct = calloc(XR_DXR_DIRECT, 8);
	ranges = calloc(XR_DXR_RANGES, 4);
	if (!tbl24 || !tbl8 || !direct || !ranges) {
		fprintf(stderr, "out of memory\n");
		return 1;
	}
	report(dxr_lookup(&(struct dxr_tables){ direct, ranges, XR_DXR_RANGES, tbl24, tbl8 },
			  0x01020304) == 0, "zeroed table: every /16 read from DIR-24-8, no route");
	test_random(10, 4, XR_DXR_RANGES, "tiny table");
	test_random(10000, 16, XR_DXR_RANGES, "10k table");
	test_random(200000, 1000, XR_DXR_RANGES, "200k table");
	test_random(20000, 50, 4096, "range map too small");
	test_reuse();
	test_adopt();
	test_rib();
	test_batch();
	free(tbl24);
	free(tbl8);
	free(direct);
	free(ranges);
	return report_done();
}
