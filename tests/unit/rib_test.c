/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Unit tests of the RIB and its compilation into the DIR-24-8 tables, over
 * calloc'd tables: longest-prefix and metric choice, deletion fallbacks,
 * error codes, gateway resolution, tbl8 and next-hop leaks, a randomized
 * differential test against a naive LPM, adoption by a restarted daemon,
 * and a timing line for a million Internet-like prefixes.
 * Prints "ok - ..." / "not ok - ..." per case and a final count.
 */
#include <errno.h>
#include <malloc.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <time.h>
#include <arpa/inet.h>

#include "rib.h"
#include "check.h"

#define IP(a, b, c, d)	((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))
#define TBL24_BYTES	((size_t)XR_TBL24_ENTRIES * 4)
#define TBL8_BYTES	((size_t)XR_TBL8_ENTRIES * 4)
#define NH_BYTES	((size_t)XR_NH_MAX * sizeof(struct xr_nexthop))
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))

static uint64_t rng_state = 0x2545f4914f6cdd1dull;

static uint32_t rnd(void)
{
	rng_state ^= rng_state << 13;
	rng_state ^= rng_state >> 7;
	rng_state ^= rng_state << 17;
	return (uint32_t)(rng_state >> 16);
}

static uint32_t mask(uint8_t len)
{
	return len ? ~0u << (32 - len) : 0;
}

/* A next hop's gateway, host order; 0 on-link. */
static uint32_t nh_gw(const struct xr_nexthop *s)
{
	return s->gw.af ? ntohl(s->gw.v4) : 0;
}

/*
 * The routes of these tests in IPv4 host order, as they were written
 * before routes carried their family; to() and from() cross to rib.h's.
 */
struct r4 {
	uint32_t prefix;
	uint8_t len, type, proto;
	uint32_t ifid, gw, metric;
};

static struct rib_route to(const struct r4 *r)
{
	return (struct rib_route){ .dst = xr_prefix4(r->prefix, r->len),
				   .gw = r->gw ? xr_ip4(r->gw) : (struct xr_ip){ 0 },
				   .type = r->type, .proto = r->proto, .ifid = r->ifid,
				   .metric = r->metric };
}

static struct r4 from(const struct rib_route *r)
{
	return (struct r4){ .prefix = xr_ip4_host(&r->dst.addr), .len = r->dst.len,
			    .type = r->type, .proto = r->proto, .ifid = r->ifid,
			    .gw = r->gw.af ? xr_ip4_host(&r->gw) : 0, .metric = r->metric };
}

static int add4(struct rib *rib, const struct r4 *r, bool replace)
{
	struct rib_route rr = to(r);

	return rib_add(rib, &rr, replace);
}

static int del4(struct rib *rib, uint32_t prefix, uint8_t len, uint32_t gw)
{
	struct xr_prefix p = xr_prefix4(prefix, len);
	struct xr_ip g = xr_ip4(gw);

	return rib_del(rib, &p, gw ? &g : NULL);
}

static int get4(const struct rib *rib, uint32_t addr, struct r4 *out, uint32_t *nh)
{
	struct xr_ip a = xr_ip4(addr);
	struct rib_route r;
	int err = rib_get(rib, &a, &r, nh);

	if (!err)
		*out = from(&r);
	return err;
}

static int lookup4(const struct rib *rib, const struct r4 *want, unsigned match, struct r4 *out)
{
	struct rib_route w = to(want), r;
	int err = rib_lookup(rib, &w, match, out ? &r : NULL);

	if (!err && out)
		*out = from(&r);
	return err;
}

/* ---- tables ---- */

static struct rib_tables tables_alloc(void)
{
	struct rib_tables t = {
		.tbl24 = calloc(XR_TBL24_ENTRIES, 4),
		.tbl8 = calloc(XR_TBL8_ENTRIES, 4),
		.nexthops = calloc(XR_NH_MAX, sizeof(struct xr_nexthop)),
	};

	if (!t.tbl24 || !t.tbl8 || !t.nexthops) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	return t;
}

static void tables_clear(const struct rib_tables *t)
{
	memset(t->tbl24, 0, TBL24_BYTES);
	memset(t->tbl8, 0, TBL8_BYTES);
	memset(t->nexthops, 0, NH_BYTES);
}

static void tables_release(struct rib_tables *t)
{
	free(t->tbl24);
	free(t->tbl8);
	free(t->nexthops);
}

static bool tbl24_empty(const struct rib_tables *t)
{
	size_t i;

	for (i = 0; i < XR_TBL24_ENTRIES; i++)
		if (t->tbl24[i])
			return false;
	return true;
}

/* ---- route constructors ---- */

static struct r4 conn(uint32_t prefix, uint8_t len, uint32_t ifid)
{
	return (struct r4){ .prefix = prefix, .len = len, .type = XR_NH_UNICAST,
				   .proto = RIB_PROTO_KERNEL, .ifid = ifid };
}

static struct r4 via(uint32_t prefix, uint8_t len, uint32_t gw, uint32_t metric)
{
	return (struct r4){ .prefix = prefix, .len = len, .type = XR_NH_UNICAST,
				   .gw = gw, .metric = metric };
}

static struct r4 typed(uint32_t prefix, uint8_t len, uint8_t type, uint8_t proto)
{
	return (struct r4){ .prefix = prefix, .len = len, .type = type, .proto = proto };
}

static int add(struct rib *rib, struct r4 r)
{
	return add4(rib, &r, false);
}

/* get4(addr) picked prefix/len with gateway gw and type; the FIB next hop agrees. */
static bool get_is(struct rib *rib, const struct rib_tables *t, uint32_t addr,
		   uint32_t prefix, uint8_t len, uint32_t gw, uint8_t type)
{
	struct r4 r;
	uint32_t nh;

	if (get4(rib, addr, &r, &nh))
		return false;
	if (r.prefix != prefix || r.len != len || r.gw != gw || r.type != type ||
	    fib_lookup(t->tbl24, t->tbl8, addr) != nh)
		return false;
	return t->nexthops[nh].type == type && nh_gw(&t->nexthops[nh]) == gw &&
	       t->nexthops[nh].ifid == r.ifid;
}

static bool no_route(struct rib *rib, const struct rib_tables *t, uint32_t addr)
{
	struct r4 r;
	uint32_t nh;

	return get4(rib, addr, &r, &nh) == -ENETUNREACH &&
	       fib_lookup(t->tbl24, t->tbl8, addr) == 0;
}

/* ---- basic behaviour ---- */

#define GW1	IP(192, 0, 2, 1)
#define GW2	IP(192, 0, 2, 2)
#define GW3	IP(198, 51, 100, 1)

static void add_base(struct rib *rib)
{
	add(rib, conn(IP(192, 0, 2, 0), 24, 1));
	add(rib, conn(IP(198, 51, 100, 0), 24, 2));
}

/* A fresh RIB over cleared tables, with add_base()'s connected routes. */
static struct rib *rib_with_base(const struct rib_tables *t)
{
	struct rib *rib;

	tables_clear(t);
	rib = rib_new(t, false);
	add_base(rib);
	return rib;
}

static void test_overlap(const struct rib_tables *t)
{
	struct rib *rib;
	bool ok;

	tables_clear(t);
	rib = rib_new(t, false);
	add_base(rib);
	ok = !add(rib, via(0, 0, GW1, 0)) &&
	     !add(rib, via(IP(10, 0, 0, 0), 8, GW2, 0)) &&
	     !add(rib, via(IP(10, 1, 0, 0), 16, GW3, 0)) &&
	     !add(rib, typed(IP(10, 1, 2, 0), 24, XR_NH_BLACKHOLE, RIB_PROTO_STATIC)) &&
	     !add(rib, typed(IP(10, 1, 2, 3), 32, XR_NH_UNREACHABLE, RIB_PROTO_STATIC));
	report(ok, "add /0 /8 /16 /24 /32");
	ok = get_is(rib, t, IP(11, 0, 0, 1), 0, 0, GW1, XR_NH_UNICAST) &&
	     get_is(rib, t, IP(10, 9, 0, 1), IP(10, 0, 0, 0), 8, GW2, XR_NH_UNICAST) &&
	     get_is(rib, t, IP(10, 1, 9, 1), IP(10, 1, 0, 0), 16, GW3, XR_NH_UNICAST) &&
	     get_is(rib, t, IP(10, 1, 2, 4), IP(10, 1, 2, 0), 24, 0, XR_NH_BLACKHOLE) &&
	     get_is(rib, t, IP(10, 1, 2, 3), IP(10, 1, 2, 3), 32, 0, XR_NH_UNREACHABLE) &&
	     get_is(rib, t, IP(192, 0, 2, 9), IP(192, 0, 2, 0), 24, 0, XR_NH_UNICAST);
	report(ok, "each of /0 /8 /16 /24 /32 wins its own range");

	ok = !del4(rib, IP(10, 1, 2, 3), 32, 0) &&
	     get_is(rib, t, IP(10, 1, 2, 3), IP(10, 1, 2, 0), 24, 0, XR_NH_BLACKHOLE);
	report(ok, "delete /32 falls back to the /24");
	ok = !del4(rib, IP(10, 1, 2, 0), 24, 0) &&
	     get_is(rib, t, IP(10, 1, 2, 3), IP(10, 1, 0, 0), 16, GW3, XR_NH_UNICAST);
	report(ok, "delete /24 falls back to the /16");
	ok = !del4(rib, IP(10, 1, 0, 0), 16, 0) &&
	     get_is(rib, t, IP(10, 1, 2, 3), IP(10, 0, 0, 0), 8, GW2, XR_NH_UNICAST);
	report(ok, "delete /16 falls back to the /8");
	ok = !del4(rib, IP(10, 0, 0, 0), 8, 0) &&
	     get_is(rib, t, IP(10, 1, 2, 3), 0, 0, GW1, XR_NH_UNICAST);
	report(ok, "delete /8 falls back to the default");
	ok = !del4(rib, 0, 0, 0) && no_route(rib, t, IP(10, 1, 2, 3)) && rib_count(rib) == 2;
	report(ok, "delete default leaves no route");
	rib_free(rib);
}

static void test_metric(const struct rib_tables *t)
{
	uint32_t p = IP(10, 9, 0, 0);
	struct r4 r;
	struct rib *rib;
	bool ok;

	tables_clear(t);
	rib = rib_new(t, false);
	add_base(rib);
	ok = !add(rib, via(p, 16, GW1, 20)) && !add(rib, via(p, 16, GW2, 10)) &&
	     !add(rib, via(p, 16, GW3, 30)) &&
	     get_is(rib, t, IP(10, 9, 1, 1), p, 16, GW2, XR_NH_UNICAST);
	report(ok, "equal prefixes: the lowest metric wins whatever the order");
	ok = !del4(rib, p, 16, 0) && get_is(rib, t, IP(10, 9, 1, 1), p, 16, GW1, XR_NH_UNICAST) &&
	     rib_count(rib) == 4;
	report(ok, "deleting the winner installs the next metric");
	ok = !del4(rib, p, 16, GW3) && get_is(rib, t, IP(10, 9, 1, 1), p, 16, GW1, XR_NH_UNICAST);
	report(ok, "delete via GW removes that route only");
	ok = add(rib, via(p, 16, GW3, 20)) == -EEXIST && rib_count(rib) == 3;
	report(ok, "same prefix, length and metric: -EEXIST");
	r = via(p, 16, GW3, 20);
	ok = !add4(rib, &r, true) && rib_count(rib) == 3 &&
	     get_is(rib, t, IP(10, 9, 1, 1), p, 16, GW3, XR_NH_UNICAST);
	report(ok, "replace overwrites the route of that metric in place");
	ok = del4(rib, IP(10, 8, 0, 0), 16, 0) == -ESRCH && del4(rib, p, 16, GW2) == -ESRCH &&
	     del4(rib, p, 17, 0) == -ESRCH && rib_count(rib) == 3;
	report(ok, "delete of a missing route or gateway: -ESRCH");
	rib_free(rib);
}

/* A kernel-synced route (proto KRT) and an xrouterctl route of one prefix
 * and metric coexist; the xrouterctl one wins, a lower metric beats both,
 * and each side deletes only its own. */
static void test_krt(const struct rib_tables *t)
{
	struct rib *rib = rib_with_base(t);
	struct r4 k = via(IP(10, 1, 0, 0), 16, GW2, 20), s = via(IP(10, 1, 0, 0), 16, GW1, 20);
	struct xr_prefix p = xr_prefix4(IP(10, 1, 0, 0), 16);
	struct rib_route out, want;
	bool ok;

	k.proto = RIB_PROTO_KRT;
	ok = !add(rib, k) && get_is(rib, t, IP(10, 1, 2, 3), IP(10, 1, 0, 0), 16, GW2, XR_NH_UNICAST);
	ok = ok && !add(rib, s) &&
	     get_is(rib, t, IP(10, 1, 2, 3), IP(10, 1, 0, 0), 16, GW1, XR_NH_UNICAST);
	report(ok, "krt: a synced and an xrouterctl route of one metric: the xrouterctl one wins");
	k.gw = GW3;
	k.ifid = 0;
	ok = add4(rib, &k, true) == 0 && rib_count(rib) == 4 &&
	     get_is(rib, t, IP(10, 1, 2, 3), IP(10, 1, 0, 0), 16, GW1, XR_NH_UNICAST);
	report(ok, "krt: replacing the synced route leaves the xrouterctl one");
	ok = !del4(rib, IP(10, 1, 0, 0), 16, 0) &&
	     get_is(rib, t, IP(10, 1, 2, 3), IP(10, 1, 0, 0), 16, GW3, XR_NH_UNICAST) &&
	     del4(rib, IP(10, 1, 0, 0), 16, 0) == -ESRCH;
	report(ok, "krt: route del takes the xrouterctl route, never the synced one");
	want = to(&k);
	ok = !rib_lookup(rib, &want, RIB_MATCH_METRIC, &out) && out.proto == RIB_PROTO_KRT &&
	     rib_lookup(rib, &want, RIB_MATCH_METRIC | RIB_MATCH_NOT_KRT, NULL) == -ESRCH;
	report(ok, "krt: lookups can leave synced routes out");
	s.metric = 10;
	ok = !add(rib, s) && !rib_del_krt(rib, &p, 20) && rib_del_krt(rib, &p, 20) == -ESRCH &&
	     get_is(rib, t, IP(10, 1, 2, 3), IP(10, 1, 0, 0), 16, GW1, XR_NH_UNICAST);
	report(ok, "krt: rib_del_krt takes the synced route of that metric alone");
	rib_free(rib);
}

static void test_gateway(const struct rib_tables *t)
{
	struct r4 r = via(IP(10, 0, 0, 0), 8, IP(203, 0, 113, 1), 0), got;
	struct rib *rib;
	uint32_t nh;
	bool ok;

	tables_clear(t);
	rib = rib_new(t, false);
	add_base(rib);
	ok = add4(rib, &r, false) == -ENETUNREACH && rib_count(rib) == 2;
	report(ok, "gateway outside every connected route: -ENETUNREACH");
	r = via(IP(10, 0, 0, 0), 8, GW1, 0);
	r.ifid = 2;
	ok = add4(rib, &r, false) == -ENETUNREACH;
	report(ok, "gateway on another interface than dev: -ENETUNREACH");
	r.ifid = 0;
	ok = !add4(rib, &r, false) && !get4(rib, IP(10, 0, 0, 1), &got, &nh) &&
	     got.ifid == 1 && t->nexthops[nh].ifid == 1;
	report(ok, "gateway route takes its interface from the connected route");
	ok = !add(rib, typed(IP(192, 0, 2, 254), 32, XR_NH_LOCAL, RIB_PROTO_LOCAL)) &&
	     !add(rib, typed(IP(192, 0, 2, 255), 32, XR_NH_BROADCAST, RIB_PROTO_LOCAL)) &&
	     get_is(rib, t, IP(192, 0, 2, 254), IP(192, 0, 2, 254), 32, 0, XR_NH_LOCAL) &&
	     get_is(rib, t, IP(192, 0, 2, 255), IP(192, 0, 2, 255), 32, 0, XR_NH_BROADCAST);
	report(ok, "local and broadcast /32 are ordinary entries");
	add(rib, via(IP(172, 16, 0, 0), 12, GW3, 0));
	rib_del_ifid(rib, 2);
	ok = rib_count(rib) == 4 && no_route(rib, t, IP(172, 16, 0, 1)) &&
	     no_route(rib, t, IP(198, 51, 100, 7));
	report(ok, "deleting by interface removes its connected and gateway routes");
	del4(rib, IP(192, 0, 2, 0), 24, 0);
	rib_prune_unreachable_gw(rib);
	ok = rib_count(rib) == 2 && no_route(rib, t, IP(10, 0, 0, 1)) &&
	     get_is(rib, t, IP(192, 0, 2, 254), IP(192, 0, 2, 254), 32, 0, XR_NH_LOCAL);
	report(ok, "pruning drops gateway routes left without a connected route");
	rib_free(rib);
}

/* ---- families ---- */

static void test_family(const struct rib_tables *t)
{
	struct rib_route r6 = { .type = XR_NH_BLACKHOLE, .proto = RIB_PROTO_STATIC }, r, got;
	struct rib *rib = rib_with_base(t);
	struct xr_ip a6, gw6;
	uint32_t nh;
	bool ok;

	xr_prefix_from_str("2001:db8::/32", AF_INET6, &r6.dst);
	xr_ip_from_str("2001:db8::1", AF_INET6, &a6);
	xr_ip_from_str("fe80::1", AF_INET6, &gw6);
	ok = rib_add(rib, &r6, false) == -EAFNOSUPPORT && rib_count(rib) == 2 &&
	     rib_del(rib, &r6.dst, NULL) == -EAFNOSUPPORT &&
	     rib_get(rib, &a6, &got, &nh) == -EAFNOSUPPORT &&
	     rib_lookup(rib, &r6, 0, NULL) == -EAFNOSUPPORT;
	report(ok, "family: IPv6 has no table yet: -EAFNOSUPPORT, nothing changed");
	r = to(&(struct r4){ .prefix = IP(10, 0, 0, 0), .len = 8, .type = XR_NH_UNICAST });
	r.gw = gw6;
	ok = rib_add(rib, &r, false) == -EINVAL && rib_count(rib) == 2;
	r.dst.addr.af = 0;
	ok = ok && rib_add(rib, &r, false) == -EINVAL && rib_count(rib) == 2;
	report(ok, "family: a gateway of the other family, or no family: -EINVAL");
	r = to(&(struct r4){ .prefix = IP(10, 1, 2, 3), .len = 8, .type = XR_NH_UNICAST,
			     .gw = GW1 });
	ok = !rib_add(rib, &r, false) && !rib_get(rib, &r.dst.addr, &got, &nh) &&
	     got.dst.addr.af == AF_INET && xr_ip4_host(&got.dst.addr) == IP(10, 0, 0, 0) &&
	     got.dst.len == 8 && got.gw.af == AF_INET && xr_ip4_host(&got.gw) == GW1 &&
	     t->nexthops[nh].gw.af == AF_INET;
	report(ok, "family: routes come back as IPv4, masked, with an IPv4 gateway");
	r.dst = xr_prefix4(IP(192, 0, 2, 9), 32);
	ok = !rib_get(rib, &r.dst.addr, &got, &nh) && got.gw.af == 0 && xr_ip_is_zero(&got.gw) &&
	     t->nexthops[nh].gw.af == 0;
	report(ok, "family: an on-link route has a gateway of no family, in the RIB and the FIB");
	rib_free(rib);
}

/* ---- gateway MACs in next hops ---- */

static const uint8_t mac_gw1[6] = { 2, 0, 0, 0, 0, 1 };

/* Pretends GW1 on interface 1 is resolved to mac_gw1, nothing else. */
static int resolve_gw1(void *ctx, uint32_t ifid, const struct xr_ip *gw, uint8_t mac[6])
{
	(*(unsigned *)ctx)++;
	if (ifid != 1 || gw->af != AF_INET || xr_ip4_host(gw) != GW1)
		return -ENOENT;
	memcpy(mac, mac_gw1, 6);
	return 0;
}

static const struct xr_nexthop *nh_of(struct rib *rib, const struct rib_tables *t, uint32_t a)
{
	struct r4 r;
	uint32_t nh;

	return get4(rib, a, &r, &nh) ? NULL : &t->nexthops[nh];
}

static bool l2_is(const struct xr_nexthop *nh, const uint8_t *mac)
{
	if (!nh)
		return false;
	if (!mac)
		return !nh->l2.valid && !nh->l2.word;
	return nh->l2.valid && !memcmp(nh->l2.mac, mac, 6);
}

static void test_nh_l2(const struct rib_tables *t)
{
	static const uint8_t mac_new[6] = { 2, 0, 0, 0, 0, 9 };
	struct xr_ip gw1 = xr_ip4(GW1), gw2 = xr_ip4(GW2);
	unsigned asked = 0;
	struct rib *rib;
	bool ok;

	tables_clear(t);
	rib = rib_new(t, false);
	rib_set_resolver(rib, resolve_gw1, &asked);
	add_base(rib);
	ok = !add(rib, via(IP(10, 0, 0, 0), 8, GW1, 0)) &&
	     !add(rib, via(IP(11, 0, 0, 0), 8, GW2, 0)) &&
	     l2_is(nh_of(rib, t, IP(10, 1, 2, 3)), mac_gw1) &&
	     l2_is(nh_of(rib, t, IP(11, 1, 2, 3)), NULL) &&
	     l2_is(nh_of(rib, t, IP(192, 0, 2, 7)), NULL) && asked == 2;
	report(ok, "next hop MAC: a new gateway slot asks the resolver once; on-link slots never");
	rib_nh_l2_set(rib, 1, &gw2, mac_new);
	rib_nh_l2_set(rib, 1, &gw1, NULL);
	ok = l2_is(nh_of(rib, t, IP(11, 1, 2, 3)), mac_new) &&
	     l2_is(nh_of(rib, t, IP(10, 1, 2, 3)), NULL);
	report(ok, "next hop MAC: follows the neighbour being resolved and removed");
	rib_nh_l2_set(rib, 2, &gw2, mac_gw1);
	ok = l2_is(nh_of(rib, t, IP(11, 1, 2, 3)), mac_new);
	report(ok, "next hop MAC: the same address on another interface is another neighbour");
	rib_free(rib);
}

static int collect(const struct rib_route *r, void *ctx)
{
	struct r4 **p = ctx;

	*(*p)++ = from(r);
	return 0;
}

static void test_foreach(const struct rib_tables *t)
{
	struct r4 v[8], *p = v;
	struct rib *rib;
	size_t i;
	bool ok = true;

	tables_clear(t);
	rib = rib_new(t, false);
	add_base(rib);
	add(rib, via(IP(10, 0, 0, 0), 16, GW1, 5));
	add(rib, via(IP(10, 0, 0, 0), 8, GW1, 0));
	add(rib, via(IP(10, 0, 0, 0), 16, GW2, 1));
	add(rib, via(0, 0, GW1, 0));
	rib_foreach(rib, collect, &p);
	ok = p - v == 6;
	for (i = 1; ok && i < 6; i++)
		ok = v[i - 1].prefix < v[i].prefix ||
		     (v[i - 1].prefix == v[i].prefix && (v[i - 1].len < v[i].len ||
		      (v[i - 1].len == v[i].len && v[i - 1].metric < v[i].metric)));
	report(ok, "foreach visits routes by prefix, length, metric");
	rib_free(rib);
}

/* lookup4(want, match) found a route with this gateway and metric. */
static bool lookup_is(struct rib *rib, struct r4 want, unsigned match, uint32_t gw,
		      uint32_t metric)
{
	struct r4 r;

	return !lookup4(rib, &want, match, &r) && r.prefix == want.prefix &&
	       r.len == want.len && r.gw == gw && r.metric == metric;
}

static void test_lookup(const struct rib_tables *t)
{
	const uint32_t P = IP(10, 0, 0, 0), L = IP(192, 0, 2, 7);
	struct rib *rib;
	bool ok;

	tables_clear(t);
	rib = rib_new(t, false);
	add_base(rib);
	add(rib, via(P, 16, GW1, 5));
	add(rib, via(P, 16, GW2, 1));
	add(rib, via(P, 16, GW1, 9));
	add(rib, via(P, 8, GW2, 0));
	add(rib, typed(L, 32, XR_NH_LOCAL, RIB_PROTO_LOCAL));
	add(rib, via(L, 32, GW2, 3));
	ok = lookup_is(rib, via(P, 16, 0, 0), 0, GW2, 1) &&
	     lookup_is(rib, via(P, 16, GW1, 0), RIB_MATCH_GW, GW1, 5) &&
	     lookup_is(rib, via(P, 16, 0, 9), RIB_MATCH_METRIC, GW1, 9) &&
	     lookup_is(rib, via(P, 16, GW1, 9), RIB_MATCH_METRIC | RIB_MATCH_GW, GW1, 9) &&
	     lookup_is(rib, via(P, 8, 0, 0), RIB_MATCH_METRIC, GW2, 0);
	report(ok, "exact lookup: first by metric, by gateway, by metric, by both");
	ok = lookup4(rib, &(struct r4){ .prefix = P, .len = 16, .metric = 2 },
			RIB_MATCH_METRIC, NULL) == -ESRCH &&
	     lookup4(rib, &(struct r4){ .prefix = P, .len = 16, .gw = GW3 },
			RIB_MATCH_GW, NULL) == -ESRCH &&
	     lookup4(rib, &(struct r4){ .prefix = P, .len = 24 }, 0, NULL) == -ESRCH &&
	     lookup4(rib, &(struct r4){ .prefix = P, .len = 33 }, 0, NULL) == -ESRCH;
	report(ok, "exact lookup: other metric, gateway or length is -ESRCH");
	ok = lookup_is(rib, via(L, 32, 0, 0), 0, 0, 0) &&
	     lookup_is(rib, via(L, 32, 0, 0), RIB_MATCH_NOT_LOCAL, GW2, 3);
	report(ok, "exact lookup: RIB_MATCH_NOT_LOCAL skips a router address");
	del4(rib, P, 16, GW2);
	ok = lookup_is(rib, via(P, 16, 0, 0), 0, GW1, 5) &&
	     lookup4(rib, &(struct r4){ .prefix = P, .len = 16, .gw = GW2 },
			RIB_MATCH_GW, NULL) == -ESRCH;
	report(ok, "exact lookup follows a delete");
	rib_free(rib);
}

/* Lookups must not depend on the table size: N of them over N routes stay linear. */
#define LOOKUP_ROUTES	200000u

static double now(void);

static void test_lookup_scale(const struct rib_tables *t)
{
	struct r4 r = via(0, 24, GW1, 0);
	double t0, dt;
	struct rib *rib;
	unsigned i, hits = 0;

	tables_clear(t);
	rib = rib_new(t, false);
	add_base(rib);
	for (i = 0; i < LOOKUP_ROUTES; i++) {
		r.prefix = IP(20, 0, 0, 0) + (i << 8);
		add(rib, r);
	}
	t0 = now();
	for (i = 0; i < LOOKUP_ROUTES; i++) {
		r.prefix = IP(20, 0, 0, 0) + (i << 8);
		hits += !lookup4(rib, &r, RIB_MATCH_METRIC | RIB_MATCH_GW, NULL);
	}
	dt = now() - t0;
	printf("# %u exact lookups over %u routes: %.3f s (%.0f ns each)\n", LOOKUP_ROUTES,
	       LOOKUP_ROUTES, dt, dt * 1e9 / LOOKUP_ROUTES);
	/* A sort per lookup (the old way) would take hours; hashing takes ~0.1 us. */
	report(hits == LOOKUP_ROUTES && dt < 1.0, "200,000 exact lookups over 200,000 routes in < 1 s");
	rib_free(rib);
}

/* ---- leaks and limits ---- */

static void test_leak(const struct rib_tables *t)
{
	static struct r4 v[10000];
	unsigned groups, nhs, i, j;
	struct r4 tmp;
	struct rib *rib;
	bool ok = true;

	tables_clear(t);
	rib = rib_new(t, false);
	add_base(rib);
	add(rib, via(IP(10, 0, 0, 0), 8, GW3, 0));
	for (i = 0; i < ARRAY_SIZE(v); i++) {
		v[i] = via(IP(10, 0, 0, 0) | (rnd() & 0xffffff), 25 + rnd() % 8,
			   IP(192, 0, 2, 1 + rnd() % 100), 0);
		if (add(rib, v[i]) == -EEXIST)
			v[i].len = 0xff;
	}
	rib_usage(rib, &groups, &nhs);
	ok = groups > 9000 && nhs > 90;
	for (i = ARRAY_SIZE(v) - 1; i > 0; i--) {
		j = rnd() % (i + 1);
		tmp = v[i], v[i] = v[j], v[j] = tmp;
	}
	for (i = 0; ok && i < ARRAY_SIZE(v); i++)
		ok = v[i].len == 0xff || !del4(rib, v[i].prefix, v[i].len, 0);
	rib_usage(rib, &groups, &nhs);
	ok = ok && groups == 0 && nhs == 3 && rib_count(rib) == 3;
	del4(rib, IP(10, 0, 0, 0), 8, 0);
	rib_del_ifid(rib, 1);
	rib_del_ifid(rib, 2);
	rib_usage(rib, &groups, &nhs);
	ok = ok && nhs == 0 && tbl24_empty(t);
	report(ok, "10,000 random /25../32 added and removed: no tbl8 group or next hop leaks");
	rib_free(rib);
}

static void test_nospc(const struct rib_tables *t)
{
	struct r4 r = typed(0, 32, XR_NH_BLACKHOLE, RIB_PROTO_STATIC);
	unsigned groups, nhs, i;
	struct rib *rib;
	bool ok = true;

	tables_clear(t);
	rib = rib_new(t, false);
	for (i = 0; ok && i < XR_TBL8_GROUPS; i++) {
		r.prefix = IP(100, 0, 0, 1) + (i << 8);
		ok = !add4(rib, &r, false);
	}
	r.prefix = IP(200, 0, 0, 1);
	r.type = XR_NH_UNREACHABLE;
	ok = ok && add4(rib, &r, false) == -ENOSPC;
	rib_usage(rib, &groups, &nhs);
	ok = ok && rib_count(rib) == XR_TBL8_GROUPS && nhs == 1 && no_route(rib, t, r.prefix);
	report(ok, "out of tbl8 groups: -ENOSPC and nothing changed");
	rib_free(rib);
}

/* ---- randomized differential test ---- */

#define DIFF_ROUTES	20000
#define DIFF_PROBES	100000
#define DIFF_CONN	4

struct model {
	struct r4 r[DIFF_ROUTES];
	bool alive[DIFF_ROUTES];
	unsigned n;
	/* winners bucketed by first octet; prefixes shorter than /8 in bucket 256 */
	struct r4 *w[257];
	unsigned nw[257];
};

static uint32_t conn_ifid(uint32_t gw)
{
	return ((gw >> 8) & 0xff) + 1;
}

/* Prefixes crowd into a few /8s so they nest; lengths cover 0..32. */
static struct r4 random_route(void)
{
	static const uint8_t tops[] = { 10, 20, 30, 40 };
	static const uint32_t metrics[] = { 0, 10, 20 };
	uint8_t len = rnd() % 8 ? 8 + rnd() % 25 : rnd() % 8;
	uint32_t prefix = (uint32_t)tops[rnd() % 4] << 24 | (rnd() & 0xffffff);
	uint32_t kind = rnd() % 10;
	struct r4 r;

	if (len < 8)
		prefix = rnd();
	if (kind < 8)
		r = via(prefix & mask(len), len, IP(192, 0, rnd() % DIFF_CONN, 1 + rnd() % 3), 0);
	else
		r = typed(prefix & mask(len), len, kind == 8 ? XR_NH_BLACKHOLE : XR_NH_UNREACHABLE,
			  RIB_PROTO_STATIC);
	r.metric = metrics[rnd() % 3];
	if (r.gw)
		r.ifid = conn_ifid(r.gw);
	return r;
}

static int model_find(const struct model *m, uint32_t prefix, uint8_t len, uint32_t metric,
		      uint32_t gw, bool by_gw)
{
	int best = -1;
	unsigned i;

	for (i = 0; i < m->n; i++) {
		const struct r4 *r = &m->r[i];

		if (!m->alive[i] || r->prefix != prefix || r->len != len)
			continue;
		if (!by_gw && r->metric == metric)
			return i;
		if (by_gw && (!gw || r->gw == gw) && (best < 0 || r->metric < m->r[best].metric))
			best = i;
	}
	return best;
}

static bool diff_step(struct rib *rib, struct model *m)
{
	struct r4 r;
	int i, err;

	if (m->n > 100 && rnd() % 4 == 0) {
		r = m->r[DIFF_CONN + rnd() % (m->n - DIFF_CONN)];
		i = model_find(m, r.prefix, r.len, 0, r.gw, true);
		err = del4(rib, r.prefix, r.len, r.gw);
		if (i >= 0)
			m->alive[i] = false;
		return (i >= 0) == !err;
	}
	r = random_route();
	i = model_find(m, r.prefix, r.len, r.metric, 0, false);
	err = add(rib, r);
	if (i >= 0)
		return err == -EEXIST;
	m->r[m->n] = r;
	m->alive[m->n++] = true;
	return !err;
}

static void model_winners(struct model *m)
{
	unsigned i, b;
	int w;

	for (b = 0; b < 257; b++) {
		m->w[b] = calloc(m->n, sizeof(struct r4));
		m->nw[b] = 0;
	}
	for (i = 0; i < m->n; i++) {
		if (!m->alive[i])
			continue;
		w = model_find(m, m->r[i].prefix, m->r[i].len, 0, 0, true);
		if (w != (int)i)
			continue;
		b = m->r[i].len < 8 ? 256 : m->r[i].prefix >> 24;
		m->w[b][m->nw[b]++] = m->r[i];
	}
}

/* Linear LPM over the winners: the bucket of the first octet, then the short ones. */
static const struct r4 *model_lookup(const struct model *m, uint32_t addr)
{
	const struct r4 *best = NULL, *r;
	unsigned b, i, bs[2] = { addr >> 24, 256 };

	for (b = 0; b < 2; b++) {
		for (i = 0; i < m->nw[bs[b]]; i++) {
			r = &m->w[bs[b]][i];
			if ((addr & mask(r->len)) == r->prefix && (!best || r->len > best->len))
				best = r;
		}
		if (best)
			return best;
	}
	return NULL;
}

static bool diff_probe(struct rib *rib, const struct rib_tables *t, const struct model *m,
		       uint32_t addr)
{
	const struct r4 *w = model_lookup(m, addr);
	const struct xr_nexthop *s;
	struct r4 r;
	uint32_t nh = fib_lookup(t->tbl24, t->tbl8, addr);

	if (!w)
		return nh == 0 && get4(rib, addr, &r, &nh) == -ENETUNREACH;
	if (get4(rib, addr, &r, &nh) || nh != fib_lookup(t->tbl24, t->tbl8, addr))
		return false;
	s = &t->nexthops[nh];
	return r.prefix == w->prefix && r.len == w->len && r.metric == w->metric &&
	       r.gw == w->gw && r.type == w->type && s->type == w->type &&
	       nh_gw(s) == w->gw && s->ifid == w->ifid;
}

static uint32_t probe_addr(const struct model *m)
{
	const struct r4 *r;

	if (rnd() % 2)
		return rnd() % 3 ? (uint32_t)(10 + 10 * (rnd() % 4)) << 24 | (rnd() & 0xffffff) : rnd();
	/* Near a route: its first, last or a random address of it. */
	r = &m->r[rnd() % m->n];
	switch (rnd() % 3) {
	case 0:
		return r->prefix;
	case 1:
		return r->prefix | ~mask(r->len);
	default:
		return r->prefix | (rnd() & ~mask(r->len));
	}
}

static void add_conns(struct rib *rib)
{
	unsigned i;

	for (i = 0; i < DIFF_CONN; i++)
		add(rib, conn(IP(192, 0, i, 0), 24, i + 1));
}

/* The model starts with the connected routes, which are never deleted. */
static void model_conns(struct model *m)
{
	unsigned i;

	for (i = 0; i < DIFF_CONN; i++) {
		m->r[i] = conn(IP(192, 0, i, 0), 24, i + 1);
		m->alive[i] = true;
	}
	m->n = DIFF_CONN;
}

static void test_differential(const struct rib_tables *t)
{
	struct model *m = calloc(1, sizeof(*m));
	unsigned i, bad = 0, b;
	struct rib *rib;
	bool ok = true;

	tables_clear(t);
	rib = rib_new(t, false);
	add_conns(rib);
	model_conns(m);
	while (ok && m->n < DIFF_ROUTES)
		ok = diff_step(rib, m);
	report(ok, "20,000 random adds and deletes agree with the model's codes");
	model_winners(m);
	for (i = 0; i < DIFF_PROBES; i++)
		bad += !diff_probe(rib, t, m, probe_addr(m));
	report(!bad, "100,000 random lookups equal a naive LPM over the winners");
	for (b = 0; b < 257; b++)
		free(m->w[b]);
	rib_free(rib);
	free(m);
}

/* ---- adoption by a restarted daemon ---- */

#define ADOPT_ROUTES	5000

static bool tables_equal(const struct rib_tables *a, const struct rib_tables *b)
{
	return !memcmp(a->tbl24, b->tbl24, TBL24_BYTES) && !memcmp(a->tbl8, b->tbl8, TBL8_BYTES) &&
	       !memcmp(a->nexthops, b->nexthops, NH_BYTES);
}

static void tables_copy(const struct rib_tables *dst, const struct rib_tables *src)
{
	memcpy(dst->tbl24, src->tbl24, TBL24_BYTES);
	memcpy(dst->tbl8, src->tbl8, TBL8_BYTES);
	memcpy(dst->nexthops, src->nexthops, NH_BYTES);
}

static void shuffle(struct r4 *v, unsigned n)
{
	struct r4 tmp;
	unsigned i, j;

	for (i = n - 1; i > 0; i--) {
		j = rnd() % (i + 1);
		tmp = v[i], v[i] = v[j], v[j] = tmp;
	}
}

/* Restart over the same tables, re-adding v[0..n) in a shuffled order. */
static struct rib *readopt(const struct rib_tables *t, struct r4 *v, unsigned n, bool *ok)
{
	struct rib *rib = rib_new(t, true);
	unsigned i;

	add_conns(rib);
	shuffle(v, n);
	for (i = 0; i < n; i++)
		*ok = *ok && !add(rib, v[i]);
	return rib;
}

/* Only half the routes come back: the rest must leave tables and slots. */
static void test_adopt_partial(const struct rib_tables *t, const struct rib_tables *fresh,
			       struct r4 *v, unsigned n)
{
	struct model *m = calloc(1, sizeof(*m));
	unsigned i, b, bad = 0, g1, n1, g2, n2;
	struct rib *rib, *ref;
	bool ok = true;

	rib = readopt(t, v, n / 2, &ok);
	rib_adopt_done(rib);
	model_conns(m);
	for (i = 0; i < n / 2; i++) {
		m->r[m->n] = v[i];
		m->alive[m->n++] = true;
	}
	model_winners(m);
	for (i = 0; i < 20000; i++)
		bad += !diff_probe(rib, t, m, probe_addr(m));
	tables_clear(fresh);
	ref = rib_new(fresh, false);
	add_conns(ref);
	for (i = 0; i < n / 2; i++)
		add(ref, v[i]);
	rib_usage(rib, &g1, &n1);
	rib_usage(ref, &g2, &n2);
	report(ok && !bad && g1 == g2 && n1 == n2,
	       "adopt then re-add half: the rest is withdrawn, its groups and next hops freed");
	for (b = 0; b < 257; b++)
		free(m->w[b]);
	free(m);
	rib_free(ref);
	rib_free(rib);
}

static void test_adopt(const struct rib_tables *t)
{
	struct r4 *v = calloc(ADOPT_ROUTES, sizeof(*v));
	struct rib_tables snap = tables_alloc();
	struct rib *rib;
	unsigned n = 0, i;
	bool ok = true;

	tables_clear(t);
	rib = rib_new(t, false);
	add_conns(rib);
	for (i = 0; i < ADOPT_ROUTES; i++) {
		v[n] = random_route();
		n += !add(rib, v[n]);
	}
	tables_copy(&snap, t);
	rib_free(rib);
	rib = rib_new(t, true);
	report(rib && tables_equal(&snap, t), "adopt writes nothing");
	rib_free(rib);
	rib = readopt(t, v, n, &ok);
	ok = ok && tables_equal(&snap, t) && rib_count(rib) == n + DIFF_CONN;
	rib_adopt_done(rib);
	report(ok && tables_equal(&snap, t),
	       "adopt and re-add in another order: tables byte-identical, next hop ids kept");
	rib_free(rib);
	test_adopt_partial(t, &snap, v, n);
	tables_release(&snap);
	free(v);
}

/* ---- a million Internet-like prefixes: timing, not an assertion ---- */

#define SCALE_ROUTES	1000000u

/* Mostly /24, then /23../16, some /8../15, half a percent longer than /24. */
static uint8_t internet_len(void)
{
	static const struct { unsigned upto; uint8_t len; } mix[] = {
		{ 560, 24 }, { 640, 23 }, { 720, 22 }, { 790, 21 }, { 840, 20 },
		{ 880, 19 }, { 910, 18 }, { 930, 17 }, { 960, 16 },
	};
	unsigned x = rnd() % 1000, i;

	for (i = 0; i < ARRAY_SIZE(mix); i++)
		if (x < mix[i].upto)
			return mix[i].len;
	return x < 995 ? 8 + rnd() % 8 : 25 + rnd() % 8;
}

static double now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return ts.tv_sec + ts.tv_nsec / 1e9;
}

static size_t heap_bytes(void)
{
	struct mallinfo2 mi = mallinfo2();

	return mi.uordblks + mi.hblkhd;
}

static void *map_zero(size_t bytes)
{
	void *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);

	if (p == MAP_FAILED) {
		perror("mmap");
		exit(1);
	}
	return p;
}

static int count_route(const struct rib_route *r, void *ctx)
{
	(void)r;
	++*(size_t *)ctx;
	return 0;
}

static void test_scale(void)
{
	const unsigned ncand = SCALE_ROUTES + SCALE_ROUTES / 10;
	struct r4 *v = malloc(ncand * sizeof(*v));
	struct rib_tables t = {
		.tbl24 = map_zero(TBL24_BYTES), .tbl8 = map_zero(TBL8_BYTES),
		.nexthops = map_zero(NH_BYTES),
	};
	unsigned i, groups, nhs;
	double t0, t_load, t_show, t_del;
	size_t heap0, heap, seen = 0;
	struct rib *rib;
	uint8_t len;

	for (i = 0; i < ncand; i++) {
		len = internet_len();
		v[i] = via((1 + rnd() % 223) << 24 | (rnd() & 0xffffff), len,
			   IP(192, 0, rnd() % DIFF_CONN, 1 + rnd() % 4), 0);
		v[i].prefix &= mask(len);
	}
	heap0 = heap_bytes();
	rib = rib_new(&t, false);
	add_conns(rib);
	t0 = now();
	for (i = 0; i < ncand && rib_count(rib) < SCALE_ROUTES; i++)
		add(rib, v[i]);
	t_load = now() - t0;
	heap = heap_bytes() - heap0;
	rib_usage(rib, &groups, &nhs);
	t0 = now();
	rib_foreach(rib, count_route, &seen);
	t_show = now() - t0;
	printf("# %zu Internet-mix prefixes: load %.3f s (%.0f ns/route), rib memory %.1f MB, "
	       "%u tbl8 groups, %u next hops; sorted walk %.3f s\n", rib_count(rib), t_load,
	       t_load * 1e9 / rib_count(rib), heap / 1048576.0, groups, nhs, t_show);
	report(rib_count(rib) == SCALE_ROUTES && seen == SCALE_ROUTES,
	       "1,000,000 Internet-mix prefixes load (timing above)");
	t0 = now();
	for (i = 0; i < ncand; i++)
		del4(rib, v[i].prefix, v[i].len, 0);
	t_del = now() - t0;
	rib_usage(rib, &groups, &nhs);
	printf("# delete all: %.3f s\n", t_del);
	report(rib_count(rib) == DIFF_CONN && groups == 0 && nhs == DIFF_CONN,
	       "deleting the million leaves only the connected routes");
	rib_free(rib);
	munmap(t.tbl24, TBL24_BYTES);
	munmap(t.tbl8, TBL8_BYTES);
	munmap(t.nexthops, NH_BYTES);
	free(v);
}

int main(void)
{
	struct rib_tables t = tables_alloc();

	test_overlap(&t);
	test_metric(&t);
	test_krt(&t);
	test_gateway(&t);
	test_family(&t);
	test_nh_l2(&t);
	test_foreach(&t);
	test_lookup(&t);
	test_lookup_scale(&t);
	test_leak(&t);
	test_nospc(&t);
	test_differential(&t);
	test_adopt(&t);
	test_scale();
	tables_release(&t);
	return report_done();
}
