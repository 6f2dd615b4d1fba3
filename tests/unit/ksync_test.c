/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Unit tests of the kernel route sync's records (modules/ksync/ksync_table.c):
 * the route table keyed as the kernel keys routes, the resync diff (a dump
 * stamps what it sees, the sweep takes exactly the rest), growth to many
 * routes, the nexthop objects, and the choice of a route's next hop through
 * inline next hops, nexthop objects and groups.
 */
#include <stdlib.h>
#include <string.h>
#include <linux/rtnetlink.h>

#include "check.h"
#include "ksync.h"

static struct ksync_key key(uint32_t host, uint8_t len, uint32_t metric)
{
	return (struct ksync_key){ .dst = xr_prefix4(host, len), .metric = metric };
}

static void test_table(void)
{
	struct ksync_table *t = ksync_table_new();
	struct ksync_key a = key(HOST4(10, 0, 0, 0), 8, 0), b = key(HOST4(10, 0, 0, 0), 8, 20);
	struct ksync_route *e;
	bool ok;

	e = ksync_table_put(t, &a);
	ok = e && ksync_table_get(t, &a) == e && !ksync_table_get(t, &b);
	e->kproto = RTPROT_OSPF;
	ok = ok && ksync_table_put(t, &a)->kproto == RTPROT_OSPF && ksync_table_put(t, &b) &&
	     ksync_table_count(t) == 2;
	report(ok, "table: prefix and metric are the key; put of a present one returns it");
	ksync_table_del(t, &a);
	ok = !ksync_table_get(t, &a) && ksync_table_get(t, &b) && ksync_table_count(t) == 1;
	report(ok, "table: delete takes its route alone");
	ksync_table_free(t);
}

struct swept {
	size_t n;
	bool wrong;
};

static void on_swept(const struct ksync_route *e, void *ctx)
{
	struct swept *s = ctx;

	s->n++;
	/* The test sweeps routes 900..999 only. */
	if (xr_ip4_host(&e->k.dst.addr) < HOST4(10, 0, 0, 0) + (900 << 8))
		s->wrong = true;
}

/* The resync diff: 1000 routes, a dump that has 900 of them and 50 new. */
static void test_sweep(void)
{
	struct ksync_table *t = ksync_table_new();
	struct swept s = { 0 };
	bool ok = true;
	size_t gone;

	for (uint32_t i = 0; i < 1000; i++) {
		struct ksync_key k = key(HOST4(10, 0, 0, 0) + (i << 8), 24, 0);

		ksync_table_put(t, &k)->gen = 1;
	}
	for (uint32_t i = 0; i < 950; i++) {
		uint32_t p = i < 900 ? HOST4(10, 0, 0, 0) + (i << 8) : HOST4(172, 16, 0, 0) + (i << 8);
		struct ksync_key k = key(p, 24, 0);

		ksync_table_put(t, &k)->gen = 2;
	}
	gone = ksync_table_sweep(t, 2, on_swept, &s);
	for (uint32_t i = 0; i < 1000 && ok; i++) {
		struct ksync_key k = key(HOST4(10, 0, 0, 0) + (i << 8), 24, 0);

		ok = (ksync_table_get(t, &k) != NULL) == (i < 900);
	}
	report(ok && gone == 100 && s.n == 100 && !s.wrong && ksync_table_count(t) == 950,
	       "sweep: exactly the routes the dump lacked go, the others stay");
	ksync_table_free(t);
}

static void test_growth(void)
{
	struct ksync_table *t = ksync_table_new();
	bool ok = true;

	for (uint32_t i = 0; i < 200000 && ok; i++) {
		struct ksync_key k = key(HOST4(20, 0, 0, 0) + i * 4, 30, i & 3);

		ok = ksync_table_put(t, &k) != NULL;
	}
	for (uint32_t i = 0; i < 200000 && ok; i++) {
		struct ksync_key k = key(HOST4(20, 0, 0, 0) + i * 4, 30, i & 3);

		ok = ksync_table_get(t, &k) != NULL;
	}
	report(ok && ksync_table_count(t) == 200000, "table: 200000 routes, each found");
	ksync_table_free(t);
}

static struct rtnl_nexthop nh_via(uint32_t id, uint32_t ifindex, uint32_t gw)
{
	return (struct rtnl_nexthop){ .id = id, .family = AF_INET,
				      .nh = { .ifindex = ifindex, .gw = xr_ip4(gw), .weight = 1 } };
}

static void test_nhs(void)
{
	struct ksync_nhs s = { 0 };
	struct rtnl_nexthop a = nh_via(7, 2, HOST4(192, 0, 2, 9)), b = nh_via(3, 2, HOST4(192, 0, 2, 8));
	bool ok;

	ok = ksync_nhs_put(&s, &a, 1) == 0 && ksync_nhs_put(&s, &b, 1) == 0 &&
	     ksync_nhs_put(&s, &a, 1) == 2 && ksync_nhs_get(&s, 3) && ksync_nhs_get(&s, 7) &&
	     !ksync_nhs_get(&s, 5);
	a.nh.gw = xr_ip4(HOST4(192, 0, 2, 10));
	ok = ok && ksync_nhs_put(&s, &a, 2) == 1;
	report(ok, "nexthops: new, the same again, changed");
	ok = ksync_nhs_sweep(&s, 2) == 1 && !ksync_nhs_get(&s, 3) && ksync_nhs_get(&s, 7);
	ksync_nhs_del(&s, 7);
	report(ok && s.n == 0, "nexthops: sweep and delete");
	ksync_nhs_clear(&s);
}

static void test_members(void)
{
	struct ksync_nhs s = { 0 };
	struct rtnl_nexthop a = nh_via(1, 2, HOST4(192, 0, 2, 9)), b = nh_via(2, 3, HOST4(198, 51, 100, 9));
	struct rtnl_nexthop g = { .id = 10, .n_grp = 2, .grp = { { 2, 1 }, { 1, 3 } } };
	struct rtnl_nexthop bh = { .id = 11, .blackhole = true };
	struct rtnl_route r = { .dst = xr_prefix4(HOST4(10, 0, 0, 0), 8), .type = RTN_UNICAST,
				.n_nh = 2,
				.nh = { { 4, xr_ip4(HOST4(203, 0, 113, 6)), 1, false }, { 5, {}, 1, true } } };
	struct rtnl_nh out[RTNL_NH_MAX];
	unsigned n;
	bool blackhole, ok;

	ksync_nhs_put(&s, &a, 1);
	ksync_nhs_put(&s, &b, 1);
	ksync_nhs_put(&s, &g, 1);
	ksync_nhs_put(&s, &bh, 1);
	ok = ksync_members(&s, &r, out, &n, &blackhole) == KSYNC_OK && n == 2 &&
	     out[0].ifindex == 4 && out[1].down && !blackhole;
	report(ok, "members: inline multipath, in order, with their link state");
	r.nhid = 1;
	ok = ksync_members(&s, &r, out, &n, &blackhole) == KSYNC_OK && n == 1 &&
	     out[0].ifindex == 2 && out[0].gw.v4 == htonl(HOST4(192, 0, 2, 9));
	r.nhid = 10;
	ok = ok && ksync_members(&s, &r, out, &n, &blackhole) == KSYNC_OK && n == 2 &&
	     out[0].ifindex == 3 && out[1].ifindex == 2 && out[1].weight == 3;
	report(ok, "members: through a nexthop object, and a group's with their weights");
	r.nhid = 11;
	ok = ksync_members(&s, &r, out, &n, &blackhole) == KSYNC_OK && blackhole;
	r.nhid = 99;
	ok = ok && ksync_members(&s, &r, out, &n, &blackhole) == KSYNC_WHY_NHID;
	r.nhid = 0;
	r.too_many = true;
	ok = ok && ksync_members(&s, &r, out, &n, &blackhole) == KSYNC_WHY_TOO_MANY;
	r.too_many = false;
	r.unsupported = true;
	ok = ok && ksync_members(&s, &r, out, &n, &blackhole) == KSYNC_WHY_UNSUPPORTED;
	r.unsupported = false;
	r.n_nh = 0;
	ok = ok && ksync_members(&s, &r, out, &n, &blackhole) == KSYNC_WHY_NO_NH;
	report(ok, "members: blackhole object; unknown object, too many, unsupported, none");
	ksync_nhs_clear(&s);
}

int main(void)
{
	test_table();
	test_sweep();
	test_growth();
	test_nhs();
	test_members();
	return report_done();
}
