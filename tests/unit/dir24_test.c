/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Unit tests of the DIR-24-8 writer over plain memory: nesting prefixes,
 * withdrawal to the covering prefix, tbl8 groups coming and going, running
 * out of groups, late group reuse and adoption of existing tables.
 * Prints "ok - ..." / "not ok - ..." per case and a final count.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "dir24.h"
#include "rib.h"
#include "check.h"

#define IP(a, b, c, d)	((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))
#define TBL24_BYTES	((size_t)XR_TBL24_ENTRIES * 4)
#define TBL8_BYTES	((size_t)XR_TBL8_ENTRIES * 4)

static uint32_t *tbl24, *tbl8;

static bool tables_empty(void)
{
	size_t i;

	for (i = 0; i < XR_TBL24_ENTRIES; i++)
		if (tbl24[i])
			return false;
	return true;
}

static void tables_clear(void)
{
	memset(tbl24, 0, TBL24_BYTES);
	memset(tbl8, 0, TBL8_BYTES);
}

struct pfx {
	uint32_t prefix;
	uint8_t len;
	uint32_t nh;
};

/* Nested prefixes around 10.1.2.3, plus a sibling /28 inside the /24. */
static const struct pfx nest[] = {
	{ IP(0, 0, 0, 0), 0, 1 },
	{ IP(10, 0, 0, 0), 8, 2 },
	{ IP(10, 1, 0, 0), 16, 3 },
	{ IP(10, 1, 2, 0), 24, 4 },
	{ IP(10, 1, 2, 3), 32, 5 },
	{ IP(10, 1, 2, 16), 28, 6 },
};

struct probe {
	uint32_t addr;
	uint32_t nh;
};

static const struct probe nest_probes[] = {
	{ IP(11, 0, 0, 1), 1 }, { IP(255, 255, 255, 255), 1 }, { IP(10, 2, 0, 0), 2 },
	{ IP(10, 255, 255, 255), 2 }, { IP(10, 1, 3, 0), 3 }, { IP(10, 1, 255, 0), 3 },
	{ IP(10, 1, 2, 0), 4 }, { IP(10, 1, 2, 4), 4 }, { IP(10, 1, 2, 255), 4 },
	{ IP(10, 1, 2, 3), 5 }, { IP(10, 1, 2, 16), 6 }, { IP(10, 1, 2, 31), 6 },
	{ IP(10, 1, 2, 32), 4 },
};

static bool probes_ok(const struct probe *p, size_t n)
{
	size_t i;

	for (i = 0; i < n; i++) {
		if (fib_lookup(tbl24, tbl8, p[i].addr) != p[i].nh) {
			fprintf(stderr, "  %08x: got %u want %u\n", p[i].addr,
				fib_lookup(tbl24, tbl8, p[i].addr), p[i].nh);
			return false;
		}
	}
	return true;
}

static const unsigned orders[][6] = {
	{ 0, 1, 2, 3, 4, 5 },
	{ 5, 4, 3, 2, 1, 0 },
	{ 3, 5, 0, 4, 2, 1 },
};

static void test_nest_orders(void)
{
	char desc[96];
	struct dir24 *d;
	size_t o, i;
	bool ok;

	for (o = 0; o < sizeof(orders) / sizeof(orders[0]); o++) {
		tables_clear();
		d = dir24_new(tbl24, tbl8, 0, false);
		ok = d != NULL;
		for (i = 0; ok && i < 6; i++)
			ok = !dir24_insert(d, nest[orders[o][i]].prefix, nest[orders[o][i]].len,
					   nest[orders[o][i]].nh);
		ok = ok && probes_ok(nest_probes, sizeof(nest_probes) / sizeof(nest_probes[0]));
		ok = ok && dir24_groups_used(d) == 1;
		snprintf(desc, sizeof(desc), "/0 /8 /16 /24 /28 /32 each win their range (order %zu)", o);
		report(ok, desc);
		dir24_free(d);
	}
}

/* Withdraw from the longest down; each step falls back to the next shorter. */
struct withdraw {
	const char *desc;
	unsigned idx;		/* into nest[] */
	int repl;		/* into nest[], -1 none */
	struct probe probe[2];
	unsigned groups;
};

static const struct withdraw withdraws[] = {
	{ "remove /32 falls back to the /24", 4, 3,
	  { { IP(10, 1, 2, 3), 4 }, { IP(10, 1, 2, 17), 6 } }, 1 },
	{ "remove /24 falls back to the /16, /28 stays", 3, 2,
	  { { IP(10, 1, 2, 4), 3 }, { IP(10, 1, 2, 20), 6 } }, 1 },
	{ "remove /28 collapses its group into the /16", 5, 2,
	  { { IP(10, 1, 2, 20), 3 }, { IP(10, 1, 2, 3), 3 } }, 0 },
	{ "remove /16 falls back to the /8", 2, 1,
	  { { IP(10, 1, 2, 3), 2 }, { IP(10, 1, 0, 0), 2 } }, 0 },
	{ "remove /8 falls back to the default", 1, 0,
	  { { IP(10, 1, 2, 3), 1 }, { IP(10, 0, 0, 0), 1 } }, 0 },
	{ "remove /0 leaves no route and empty tables", 0, -1,
	  { { IP(10, 1, 2, 3), 0 }, { IP(1, 2, 3, 4), 0 } }, 0 },
};

static void test_withdraw(void)
{
	const struct withdraw *w;
	struct dir24 *d;
	size_t i;
	bool ok;

	tables_clear();
	d = dir24_new(tbl24, tbl8, 0, false);
	for (i = 0; i < 6; i++)
		dir24_insert(d, nest[i].prefix, nest[i].len, nest[i].nh);
	for (i = 0; i < sizeof(withdraws) / sizeof(withdraws[0]); i++) {
		w = &withdraws[i];
		dir24_remove(d, nest[w->idx].prefix, nest[w->idx].len,
			     w->repl < 0 ? 0 : nest[w->repl].nh,
			     w->repl < 0 ? 0 : nest[w->repl].len);
		ok = probes_ok(w->probe, 2) && dir24_groups_used(d) == w->groups;
		if (w->repl < 0)
			ok = ok && tables_empty();
		report(ok, w->desc);
	}
	dir24_free(d);
}

static void test_group_cycle(void)
{
	struct dir24 *d;
	uint32_t slot = IP(192, 0, 2, 0) >> 8, g1;
	bool ok;

	tables_clear();
	d = dir24_new(tbl24, tbl8, 0, false);
	dir24_insert(d, IP(192, 0, 0, 0), 16, 7);
	ok = !dir24_insert(d, IP(192, 0, 2, 128), 25, 8);
	g1 = tbl24[slot];
	ok = ok && (g1 & XR_FIB_GROUP) && dir24_groups_used(d) == 1;
	ok = ok && fib_lookup(tbl24, tbl8, IP(192, 0, 2, 200)) == 8 &&
	     fib_lookup(tbl24, tbl8, IP(192, 0, 2, 100)) == 7;
	report(ok, "a /25 under a /16 gets a tbl8 group initialised from the /16");

	dir24_remove(d, IP(192, 0, 2, 128), 25, 7, 16);
	ok = tbl24[slot] == XR_FIB_ENTRY(7, 16) && dir24_groups_used(d) == 0;
	report(ok, "removing the /25 folds the group back into the /16 entry");

	dir24_insert(d, IP(192, 0, 3, 0), 26, 9);
	ok = (tbl24[slot + 1] & XR_FIB_GROUP) && tbl24[slot + 1] != g1;
	report(ok, "a freed group is not handed out again at once");

	dir24_insert(d, IP(0, 0, 0, 0), 0, 1);
	ok = fib_lookup(tbl24, tbl8, IP(192, 0, 3, 1)) == 9 &&
	     fib_lookup(tbl24, tbl8, IP(192, 0, 3, 100)) == 7 &&
	     fib_lookup(tbl24, tbl8, IP(8, 8, 8, 8)) == 1;
	report(ok, "a later /0 fills only entries owned by shorter prefixes, groups included");
	dir24_free(d);
}

static void test_nospc(void)
{
	struct dir24 *d;
	uint32_t i, base = IP(100, 0, 0, 0);
	bool ok = true;

	tables_clear();
	d = dir24_new(tbl24, tbl8, 0, false);
	for (i = 0; ok && i < XR_TBL8_GROUPS; i++)
		ok = !dir24_insert(d, base + (i << 8) + 1, 32, 3);
	ok = ok && dir24_groups_used(d) == XR_TBL8_GROUPS;
	ok = ok && dir24_insert(d, IP(200, 0, 0, 1), 32, 3) == -ENOSPC &&
	     tbl24[IP(200, 0, 0, 1) >> 8] == 0;
	report(ok, "-ENOSPC when every tbl8 group is taken, nothing written");
	for (i = 0; i < XR_TBL8_GROUPS; i++)
		dir24_remove(d, base + (i << 8) + 1, 32, 0, 0);
	report(dir24_groups_used(d) == 0 && tables_empty(), "all groups come back, tables empty");
	dir24_free(d);
}

/*
 * A data centre's table: 200,000 /26s, each in its own /24, so each takes
 * a group of its own, in a tbl8 sized for exactly that many; one more is
 * refused without a write, and an adopting writer counts them all.
 */
#define MANY_GROUPS	200000u

static void test_many_groups(void)
{
	uint32_t *big = calloc((size_t)MANY_GROUPS * XR_TBL8_GROUP_SIZE, 4), i, p;
	uint32_t base = IP(20, 0, 0, 64);
	struct dir24 *d, *a = NULL;
	bool ok = big != NULL;

	tables_clear();
	d = ok ? dir24_new(tbl24, big, MANY_GROUPS, false) : NULL;
	ok = d && dir24_groups_max(d) == MANY_GROUPS;
	for (i = 0; ok && i < MANY_GROUPS; i++)
		ok = !dir24_insert(d, base + (i << 8), 26, 1 + i % 1000);
	for (i = 0; ok && i < MANY_GROUPS; i += 997) {
		p = base + (i << 8);
		ok = fib_lookup(tbl24, big, p + 5) == 1 + i % 1000 &&
		     fib_lookup(tbl24, big, p - 64) == 0 && fib_lookup(tbl24, big, p + 64) == 0;
	}
	report(ok && dir24_groups_used(d) == MANY_GROUPS,
	       "200,000 /26s in distinct /24s fit a tbl8 of 200,000 groups");
	p = base + (MANY_GROUPS << 8);
	ok = ok && dir24_insert(d, p, 26, 7) == -ENOSPC && tbl24[p >> 8] == 0 &&
	     !dir24_insert(d, base + 128, 26, 7);
	report(ok, "the 200,001st /24 with a /26 is refused (-ENOSPC), nothing written; "
	       "a /26 in a /24 that has a group still fits");
	a = ok ? dir24_new(tbl24, big, MANY_GROUPS, true) : NULL;
	report(a && dir24_groups_used(a) == MANY_GROUPS,
	       "adopting the 200,000-group tables finds every group in use");
	dir24_free(a);
	dir24_free(d);
	tables_clear();
	free(big);
}

static void test_adopt(void)
{
	uint32_t *copy24 = malloc(TBL24_BYTES), *copy8 = malloc(TBL8_BYTES);
	uint8_t *live = calloc(XR_NH_MAX, 1);
	struct dir24 *d, *a;
	size_t i;
	bool ok;

	tables_clear();
	d = dir24_new(tbl24, tbl8, 0, false);
	for (i = 0; i < 6; i++)
		dir24_insert(d, nest[i].prefix, nest[i].len, nest[i].nh);
	dir24_insert(d, IP(172, 16, 0, 7), 32, 11);
	memcpy(copy24, tbl24, TBL24_BYTES);
	memcpy(copy8, tbl8, TBL8_BYTES);
	a = dir24_new(tbl24, tbl8, 0, true);
	ok = a && dir24_groups_used(a) == dir24_groups_used(d) &&
	     !memcmp(copy24, tbl24, TBL24_BYTES) && !memcmp(copy8, tbl8, TBL8_BYTES);
	report(ok, "adopt rebuilds group allocation without writing");
	dir24_mark_nh(a, live);
	ok = live[1] && live[2] && live[3] && live[4] && live[5] && live[6] && live[11] &&
	     !live[0] && !live[7];
	report(ok, "adopt finds every next hop the tables point at");
	ok = !dir24_insert(a, IP(172, 16, 1, 7), 32, 12) &&
	     tbl24[IP(172, 16, 1, 7) >> 8] != tbl24[IP(172, 16, 0, 7) >> 8] &&
	     tbl24[IP(172, 16, 1, 7) >> 8] != tbl24[IP(10, 1, 2, 0) >> 8];
	report(ok, "adopted writer does not hand out a group in use");
	dir24_free(a);
	dir24_free(d);
	free(live);
	free(copy24);
	free(copy8);
}

int main(void)
{
	tbl24 = calloc(XR_TBL24_ENTRIES, 4);
	tbl8 = calloc(XR_TBL8_ENTRIES, 4);
	if (!tbl24 || !tbl8) {
		fprintf(stderr, "out of memory\n");
		return 1;
	}
	report(fib_lookup(tbl24, tbl8, IP(1, 2, 3, 4)) == 0, "empty tables: no route");
	test_nest_orders();
	test_withdraw();
	test_group_cycle();
	test_nospc();
	test_many_groups();
	test_adopt();
	free(tbl24);
	free(tbl8);
	return report_done();
}
