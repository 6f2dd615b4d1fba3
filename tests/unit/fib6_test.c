// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The IPv6 FIB compiler (user/dp/fib6.c) through the RIB (rib6.c), checked
 * against a naive longest-prefix match: random tables of 10,000 prefixes
 * of every length /0../128, clustered as real tables are, 1,000,000 random
 * lookups read from the compiled arrays exactly as XDP reads them; then
 * half the routes deleted (and some replaced) and a quarter as many
 * lookups again; then the tables adopted by a new RIB that re-adds three
 * quarters of the routes and sweeps the rest (lookups, and no more nodes
 * than a fresh compile); then everything deleted, leaving no node in use
 * and no entry set.  Also the
 * refusals: bad lengths, a gateway of the other family, a link-local
 * gateway without an interface, a table out of nodes.
 * XR_FIB6_LOOKUPS=N changes the number of lookups.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <time.h>

#include "check.h"
#include "fib6.h"
#include "rib.h"

#define NPREFIX		10000u
#define NODES		(1u << 17)
#define REF_BITS	15		/* reference hash: 32k slots for 10k prefixes */

struct pfx {
	uint8_t b[16];
	uint8_t len;
	uint32_t ifid;		/* what the route leads to: tells routes apart */
	bool live;
};

static struct pfx pfx[NPREFIX];
static uint64_t rng = 0x9e3779b97f4a7c15ull;

static uint64_t rnd(void)
{
	return xorshift64(&rng);
}

static void mask(uint8_t *b, unsigned len)
{
	unsigned i;

	for (i = 0; i < 16; i++) {
		if (len >= 8 * (i + 1))
			continue;
		b[i] &= len > 8 * i ? (uint8_t)(0xff << (8 - (len - 8 * i))) : 0;
	}
}

/* Lengths as a table has them (mostly /32-/48, many /64, some of every other). */
static unsigned rnd_len(void)
{
	unsigned r = rnd() % 100;

	if (r < 35)
		return 48;
	if (r < 55)
		return 29 + rnd() % 19;
	if (r < 70)
		return 64;
	if (r < 78)
		return 128;
	if (r < 88)
		return rnd() % 29;
	return 49 + rnd() % 79;
}

/* Addresses under 32 /20s, so prefixes nest and share nodes as in a real table. */
static void rnd_addr(uint8_t *b)
{
	uint64_t hi = rnd(), lo = rnd();
	unsigned base = rnd() % 32;

	memcpy(b, &hi, 8);
	memcpy(b + 8, &lo, 8);
	b[0] = 0x20;
	b[1] = 0x01 + (base >> 3);
	b[2] = (uint8_t)(base << 5) | (b[2] & 0x0f);
}

/* ---- the reference: one hash per length, longest first ---- */

struct ref_slot {
	uint8_t b[16];
	uint8_t len;
	uint32_t idx;		/* into pfx[] + 1; 0 empty */
};

static struct ref_slot ref[1u << REF_BITS];
static bool len_used[129];

static uint32_t ref_home(const uint8_t *b, unsigned len)
{
	uint64_t h = 1469598103934665603ull ^ len;
	unsigned i;

	for (i = 0; i < 16; i++)
		h = (h ^ b[i]) * 1099511628211ull;
	return (uint32_t)(h ^ h >> 32) & ((1u << REF_BITS) - 1);
}

static void ref_build(void)
{
	uint32_t i, s;

	memset(ref, 0, sizeof(ref));
	memset(len_used, 0, sizeof(len_used));
	for (i = 0; i < NPREFIX; i++) {
		if (!pfx[i].live)
			continue;
		len_used[pfx[i].len] = true;
		for (s = ref_home(pfx[i].b, pfx[i].len); ref[s].idx;
		     s = (s + 1) & ((1u << REF_BITS) - 1))
			;
		memcpy(ref[s].b, pfx[i].b, 16);
		ref[s].len = pfx[i].len;
		ref[s].idx = i + 1;
	}
}

/* ifid of the longest live prefix holding a, 0 if none. */
static uint32_t ref_lookup(const uint8_t *a)
{
	uint8_t m[16];
	uint32_t s;
	int len;

	for (len = 128; len >= 0; len--) {
		if (!len_used[len])
			continue;
		memcpy(m, a, 16);
		mask(m, len);
		for (s = ref_home(m, len); ref[s].idx; s = (s + 1) & ((1u << REF_BITS) - 1))
			if (ref[s].len == len && !memcmp(ref[s].b, m, 16))
				return pfx[ref[s].idx - 1].ifid;
	}
	return 0;
}

/* ---- the RIB under test ---- */

static struct rib_tables tables(void)
{
	struct rib_tables t = {
		.tbl24 = calloc(XR_TBL24_ENTRIES, 4),
		.tbl8 = calloc(XR_TBL8_ENTRIES, 4),
		.nexthops = calloc(XR_NH_MAX, sizeof(struct xr_nexthop)),
		.fib6_direct = calloc(XR_FIB6_DIRECT, 4),
		.fib6_nodes = calloc((size_t)NODES * XR_FIB6_NODE_SIZE, 4),
		.fib6_nnodes = NODES,
	};

	if (!t.tbl24 || !t.tbl8 || !t.nexthops || !t.fib6_direct || !t.fib6_nodes) {
		fprintf(stderr, "out of memory\n");
		exit(1);
	}
	return t;
}

static void tables_free(struct rib_tables *t)
{
	free(t->tbl24), free(t->tbl8), free(t->nexthops), free(t->fib6_direct), free(t->fib6_nodes);
}

static struct rib_route route6(const uint8_t *b, unsigned len, uint32_t ifid)
{
	struct rib_route r = {
		.dst = { .addr = { .af = AF_INET6 }, .len = (uint8_t)len },
		.type = XR_NH_UNICAST, .ifid = ifid,
	};

	memcpy(r.dst.addr.b, b, 16);
	return r;
}

static struct xr_prefix prefix6(const uint8_t *b, unsigned len)
{
	struct xr_prefix p = { .addr = { .af = AF_INET6 }, .len = (uint8_t)len };

	memcpy(p.addr.b, b, 16);
	return p;
}

/* What the fast path finds for a: the ifid of the next hop, 0 for none. */
static uint32_t fib_ifid(const struct rib_tables *t, const uint8_t *a)
{
	uint32_t nh = fib6_lookup(t->fib6_direct, t->fib6_nodes, a) & XR_FIB6_NH_MASK;

	return nh ? t->nexthops[nh].ifid : 0;
}

static unsigned fill(struct rib *rib)
{
	unsigned i, added = 0;
	struct rib_route r;

	for (i = 0; i < NPREFIX; i++) {
		rnd_addr(pfx[i].b);
		pfx[i].len = rnd_len();
		mask(pfx[i].b, pfx[i].len);
		pfx[i].ifid = 1 + rnd() % 4000;
		r = route6(pfx[i].b, pfx[i].len, pfx[i].ifid);
		pfx[i].live = rib_add(rib, &r, false) == 0;
		added += pfx[i].live;
	}
	return added;
}

static unsigned nlookups(void)
{
	const char *s = getenv("XR_FIB6_LOOKUPS");

	return s && atoi(s) > 0 ? (unsigned)atoi(s) : 1000000u;
}

/* n lookups, half inside a random prefix and half anywhere; the first mismatch. */
static bool compare(const struct rib_tables *t, unsigned n, char *why, size_t whylen)
{
	uint8_t a[16];
	unsigned i, k;

	for (i = 0; i < n; i++) {
		rnd_addr(a);
		if (i & 1) {
			const struct pfx *p = &pfx[rnd() % NPREFIX];

			for (k = 0; k < 16; k++) {
				uint8_t m = p->len >= 8 * (k + 1) ? 0xff :
					    p->len > 8 * k ? (uint8_t)(0xff << (8 - (p->len - 8 * k))) : 0;

				a[k] = (p->b[k] & m) | (a[k] & ~m);
			}
		}
		if (fib_ifid(t, a) != ref_lookup(a)) {
			snprintf(why, whylen, "lookup %u: fib %u, reference %u", i,
				 fib_ifid(t, a), ref_lookup(a));
			return false;
		}
	}
	return true;
}

/* n lookups (0: nlookups()) compared. */
static void check_lookups(const struct rib_tables *t, const char *when, unsigned n)
{
	char why[128] = "", desc[256];
	struct timespec t0, t1;
	bool ok;

	if (!n)
		n = nlookups();
	ref_build();
	clock_gettime(CLOCK_MONOTONIC, &t0);
	ok = compare(t, n, why, sizeof(why));
	clock_gettime(CLOCK_MONOTONIC, &t1);
	snprintf(desc, sizeof(desc), "%s: %u random lookups agree with a naive longest-prefix "
		 "match%s%s (%.0f ms)", when, n, ok ? "" : ": ", why,
		 (t1.tv_sec - t0.tv_sec) * 1e3 + (t1.tv_nsec - t0.tv_nsec) / 1e6);
	report(ok, desc);
}

/* Delete every other live route, replace some of the rest with another next hop. */
static void churn(struct rib *rib)
{
	struct xr_prefix p;
	struct rib_route r;
	unsigned i;

	for (i = 0; i < NPREFIX; i++) {
		if (!pfx[i].live)
			continue;
		if (rnd() & 1) {
			p = prefix6(pfx[i].b, pfx[i].len);
			pfx[i].live = rib_del(rib, &p, NULL) != 0;
		} else if (rnd() % 4 == 0) {
			pfx[i].ifid = 5000 + rnd() % 1000;
			r = route6(pfx[i].b, pfx[i].len, pfx[i].ifid);
			if (rib_add(rib, &r, true))
				pfx[i].ifid = 0;	/* shows as a mismatch */
		}
	}
}

static bool all_clear(const struct rib_tables *t)
{
	unsigned i;

	for (i = 0; i < XR_FIB6_DIRECT; i++)
		if (t->fib6_direct[i])
			return false;
	return true;
}

/* Nodes a fresh compile of the live prefixes needs. */
static unsigned fresh_nodes(void)
{
	struct rib_tables t = tables();
	struct rib *rib = rib_new(&t, false);
	unsigned i, used = 0, max;
	struct rib_route r;

	for (i = 0; rib && i < NPREFIX; i++) {
		if (!pfx[i].live)
			continue;
		r = route6(pfx[i].b, pfx[i].len, pfx[i].ifid);
		rib_add(rib, &r, false);
	}
	if (rib)
		rib_fib6_usage(rib, &used, &max);
	rib_free(rib);
	tables_free(&t);
	return used;
}

/*
 * A daemon dies and its successor adopts the tables, re-adds three
 * quarters of the routes and sweeps the rest: lookups agree with the
 * re-added routes alone, and the nodes left are what a fresh compile needs.
 */
static struct rib *adopt(struct rib *old, const struct rib_tables *t)
{
	struct rib *rib;
	struct rib_route r;
	unsigned i, used, max, fresh;
	char desc[160];

	rib_free(old);
	rib = rib_new(t, true);
	if (!rib) {
		report(false, "rib_new adopting IPv6 tables");
		exit(1);
	}
	for (i = 0; i < NPREFIX; i++) {
		if (!pfx[i].live)
			continue;
		if (rnd() % 4 == 0) {
			pfx[i].live = false;
			continue;
		}
		r = route6(pfx[i].b, pfx[i].len, pfx[i].ifid);
		if (rib_add(rib, &r, false))
			pfx[i].ifid = 0;	/* shows as a mismatch */
	}
	rib_adopt_done(rib);
	check_lookups(t, "adopted, three quarters re-added, the rest swept", nlookups() / 4);
	rib_fib6_usage(rib, &used, &max);
	fresh = fresh_nodes();
	snprintf(desc, sizeof(desc), "adopted and swept: %u nodes in use, a fresh compile needs %u",
		 used, fresh);
	report(used == fresh, desc);
	return rib;
}

static void random_tables(void)
{
	struct rib_tables t = tables();
	struct rib *rib = rib_new(&t, false);
	unsigned added, used, max, i;
	char desc[160];
	struct xr_prefix p;

	if (!rib) {
		report(false, "rib_new with IPv6 tables");
		return;
	}
	added = fill(rib);
	rib_fib6_usage(rib, &used, &max);
	snprintf(desc, sizeof(desc), "%u random prefixes of /0../128 compiled into %u nodes (%.1f MiB)",
		 added, used, used / 1024.0);
	report(added > NPREFIX * 9 / 10 && rib_count(rib) == added, desc);
	check_lookups(&t, "full table", 0);
	churn(rib);
	check_lookups(&t, "half deleted, a quarter of the rest replaced", nlookups() / 4);
	rib = adopt(rib, &t);
	for (i = 0; i < NPREFIX; i++) {
		if (!pfx[i].live)
			continue;
		p = prefix6(pfx[i].b, pfx[i].len);
		pfx[i].live = rib_del(rib, &p, NULL) != 0;
	}
	rib_fib6_usage(rib, &used, &max);
	report(used == 0 && rib_count(rib) == 0 && all_clear(&t),
	       "everything deleted: no node in use, no direct entry set");
	rib_free(rib);
	tables_free(&t);
}

static void refusals(void)
{
	struct rib_tables t = tables();
	struct rib *rib;
	struct rib_route r;
	uint8_t a[16] = { 0x20, 0x01, 0x0d, 0xb8 };
	unsigned used, max;
	int err = 0;

	t.fib6_nnodes = 4;
	rib = rib_new(&t, false);
	r = route6(a, 129, 1);
	report(rib_add(rib, &r, false) == -EINVAL, "a /129 is refused");
	r = route6(a, 64, 1);
	r.gw = (struct xr_ip){ .af = AF_INET, .b = { 192, 0, 2, 1 } };
	report(rib_add(rib, &r, false) == -EINVAL, "an IPv4 gateway for an IPv6 prefix is refused");
	r = route6(a, 16, 0);
	r.gw = (struct xr_ip){ .af = AF_INET6, .b = { 0xfe, 0x80, [15] = 1 } };
	report(rib_add(rib, &r, false) == -EINVAL, "a link-local gateway needs an interface");
	r.ifid = 7;
	report(rib_add(rib, &r, false) == 0, "a link-local gateway with an interface is taken");
	r = route6(a, 16, 0);
	r.gw = (struct xr_ip){ .af = AF_INET6, .b = { 0x20, 0x01, 0x0d, 0xb9, [15] = 1 } };
	report(rib_add(rib, &r, false) == -ENETUNREACH,
	       "a gateway inside no connected route is refused");
	/* 4 nodes: a /48 takes 4; a /56 beside it one more, which is not there. */
	a[4] = 0, a[5] = 1;
	r = route6(a, 48, 3);
	err = rib_add(rib, &r, false);
	a[6] = 0x11;
	r = route6(a, 56, 3);
	err = err ? err : rib_add(rib, &r, false) == -ENOSPC ? 0 : -1;
	rib_fib6_usage(rib, &used, &max);
	report(!err && used == 4 && max == 4 && fib_ifid(&t, a) == 3 && rib_count(rib) == 2,
	       "out of nodes: -ENOSPC and nothing written");
	rib_free(rib);
	tables_free(&t);
}

/* A kernel-synced route (proto KRT) and an xrouterctl one of one prefix and
 * metric coexist as in IPv4's RIB: the xrouterctl one wins, and each side's
 * delete takes only its own. */
static void krt_tie(void)
{
	struct rib_tables t = tables();
	struct rib *rib = rib_new(&t, false);
	uint8_t a[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 7 };
	struct rib_route k = route6(a, 48, 5), s = route6(a, 48, 6);
	struct xr_prefix p = prefix6(a, 48);
	bool ok;

	k.proto = RIB_PROTO_KRT;
	k.kproto = 188;	/* RTPROT_OSPF */
	k.metric = s.metric = 20;
	ok = !rib_add(rib, &k, true) && fib_ifid(&t, a) == 5 && !rib_add(rib, &s, true) &&
	     fib_ifid(&t, a) == 6 && rib_count(rib) == 2;
	report(ok, "krt: a synced and an xrouterctl route of one metric: the xrouterctl one wins");
	ok = !rib_del(rib, &p, NULL) && fib_ifid(&t, a) == 5 && rib_del(rib, &p, NULL) == -ESRCH;
	report(ok, "krt: route del takes the xrouterctl route, never the synced one");
	ok = rib_del_krt(rib, &p, 10) == -ESRCH && !rib_del_krt(rib, &p, 20) &&
	     fib_ifid(&t, a) == 0 && rib_count(rib) == 0;
	report(ok, "krt: rib_del_krt takes the synced route of that metric alone");
	rib_free(rib);
	tables_free(&t);
}

int main(void)
{
	random_tables();
	refusals();
	krt_tie();
	return report_done();
}
