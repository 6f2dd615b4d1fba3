/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Unit tests of the neighbour state machine (nsm.h), driven by a fake
 * clock, a fake resolver per family that records the solicitations, and a
 * fake host (nsm_fake.h).  Each behaviour runs once with IPv4 and once with
 * IPv6 addresses, to show the machine does not care which: resolution with
 * 3 solicitations 1 s apart, the queue cap, release in order on an answer,
 * Host Unreachable after failure, 1 solicitation/s per target, learning,
 * static entries, refresh before stale, idle expiry.  Then the bounds
 * under floods, per-family timers and adoption.
 * Prints "ok - ..." / "not ok - ..." per case and a final count.
 */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "nsm_fake.h"

/* A family the cases run under: the i-th neighbour address in it. */
struct fam {
	const char *name;
	int af;
	struct xr_ip (*addr)(unsigned i);
};

/* 10.0.0.2 onwards (10.0.0.1 is the router's) */
static struct xr_ip addr4(unsigned i)
{
	return xr_ip4(HOST4(10, 0, 0, 2) + i);
}

/* 2001:db8::2 onwards (2001:db8::1 is the router's) */
static struct xr_ip addr6(unsigned i)
{
	return v6((uint16_t)((i + 2) >> 16), (uint16_t)(i + 2));
}

static const struct fam fams[] = {
	{ "IPv4", AF_INET, addr4 },
	{ "IPv6", AF_INET6, addr6 },
};

static char desc_buf[256];

/* "IPv6: what" */
static const char *D(const struct fam *f, const char *what)
{
	snprintf(desc_buf, sizeof(desc_buf), "%s: %s", f->name, what);
	return desc_buf;
}

/* ---- resolution ---- */

static void test_resolve_fail(const struct fam *f)
{
	struct nsm *n = fresh();
	struct xr_ip gw = f->addr(0);
	uint8_t p1[20] = { 0x11 }, p2[20] = { 0x22 };

	F.now = T0;
	report(!nsm_resolve(n, 1, &gw, 7, p1, sizeof(p1), F.now) && F.nreq == 1 &&
	       !F.req[0].unicast && F.req[0].via == f->af && F.req[0].ifid == 1 &&
	       xr_ip_eq(&F.req[0].ip, &gw) && has_entry(n, gw, NSM_INCOMPLETE, NULL),
	       D(f, "miss: one multicast solicitation by the family's resolver, entry incomplete"));
	report(nsm_next_deadline(n, F.now) == T0 + NS, D(f, "next deadline is the retry, 1 s on"));
	run(n, T0, T0 + NS + 50 * MS);
	nsm_resolve(n, 1, &gw, 7, p2, sizeof(p2), F.now);
	report(F.nreq == 2, D(f, "second solicitation 1 s later; more traffic sends no extra"));
	run(n, F.now, T0 + 2 * NS + 950 * MS);
	report(F.nreq == 3 && F.nunreach == 0 && req_spacing_ok(gw, NS),
	       D(f, "third solicitation at 2 s, nothing given up yet at 2.9 s"));
	run(n, F.now, T0 + 3 * NS + 50 * MS);
	report(F.nreq == 3 && F.nunreach == 2 && F.unreach_first[0] == 0x11 &&
	       F.unreach_first[1] == 0x22 && F.unreach_ifid == 7,
	       D(f, "after 3 tries + 1 s: unreachable callback per queued packet, in order"));
	report(has_entry(n, gw, NSM_FAILED, NULL) && nsm_pending_count(n) == 0 &&
	       F.installs == 0, D(f, "failed entry kept as FAILED, never in the fast path"));
	nsm_resolve(n, 1, &gw, 7, p1, sizeof(p1), F.now);
	report(F.nreq == 4 && req_spacing_ok(gw, NS),
	       D(f, "later traffic retries, still at most 1 solicitation/s"));
	nsm_destroy(n);
}

static void test_traffic_storm(const struct fam *f)
{
	struct nsm *n = fresh();
	struct xr_ip gw = f->addr(0);
	uint8_t p[20] = { 0x33 };
	uint64_t t;

	/* A packet every 10 ms for 10 s to a dead next hop. */
	for (t = T0; t < T0 + 10 * NS; t += 10 * MS) {
		F.now = t;
		nsm_resolve(n, 1, &gw, 7, p, sizeof(p), t);
		if ((t - T0) % (100 * MS) == 0)
			nsm_tick(n, t);
	}
	report(req_spacing_ok(gw, NS) && F.nreq <= 10 && F.nreq >= 8,
	       D(f, "steady traffic to a dead neighbour: at most 1 solicitation/s"));
	report(F.nunreach > 0 && F.nunreach <= 3 * (F.nreq / 3 + 1),
	       D(f, "unreachable only for the (at most 3) queued packets per failure"));
	nsm_destroy(n);
}

static void test_resolve_ok(const struct fam *f)
{
	struct nsm *n = fresh();
	struct xr_ip gw = f->addr(0);
	struct map_slot *s;
	struct nsm_entry e;
	uint8_t p[20] = { 0 };
	int i;

	F.now = T0;
	for (i = 1; i <= 5; i++) {
		p[0] = (uint8_t)i;
		nsm_resolve(n, 1, &gw, 7, p, sizeof(p), F.now);
	}
	report(F.nreq == 1, D(f, "5 packets while pending: still one solicitation"));
	report(!nsm_lookup(n, 1, &gw, &e, F.now) && e.queued == NSM_QUEUE_LEN,
	       D(f, "queue capped at 3 packets"));
	F.now = T0 + 300 * MS;
	report(!nsm_confirm(n, 1, &gw, mac_a, F.now), D(f, "the answer confirms the pending entry"));
	s = map_get(1, gw);
	report(s && !memcmp(s->mac, mac_a, 6) && !s->is_static,
	       D(f, "answer installs the neighbour in the fast path"));
	report(F.nxmit == 3 && F.xmit_first[0] == 1 && F.xmit_first[1] == 2 &&
	       F.xmit_first[2] == 3 && !memcmp(F.xmit_mac, mac_a, 6),
	       D(f, "queued packets sent once resolved, the first three kept, in order"));
	report(has_entry(n, gw, NSM_REACHABLE, mac_a) && nsm_pending_count(n) == 0 &&
	       nsm_count(n) == 1, D(f, "entry reachable"));
	run(n, F.now, T0 + 5 * NS);
	report(F.nreq == 1 && F.nunreach == 0, D(f, "no more solicitations once resolved"));
	p[0] = 9;
	F.installs = 0;
	nsm_resolve(n, 1, &gw, 7, p, sizeof(p), F.now);
	report(F.nxmit == 4 && F.xmit_first[3] == 9 && F.installs == 1,
	       D(f, "a late miss for a known neighbour: rewritten to the fast path, sent at once"));
	nsm_destroy(n);
}

/* ---- learning ---- */

static void test_learn(const struct fam *f)
{
	struct nsm *n = fresh();
	struct xr_ip a = f->addr(3);

	F.now = T0;
	report(nsm_confirm(n, 1, &a, mac_a, F.now) == -ENOENT && nsm_count(n) == 0 &&
	       F.installs == 0, D(f, "confirming an unknown neighbour creates nothing"));
	report(!nsm_learn(n, 1, &a, mac_a, F.now) && has_entry(n, a, NSM_REACHABLE, mac_a) &&
	       map_get(1, a) && nsm_count(n) == 1, D(f, "learned: reachable, in the fast path"));
	report(nsm_learn(n, 1, &a, mac_b, F.now) == -EEXIST && has_entry(n, a, NSM_REACHABLE, mac_a),
	       D(f, "learning it again: -EEXIST, unchanged"));
	report(!nsm_learn(n, 2, &a, mac_b, F.now) && nsm_count(n) == 2 &&
	       !memcmp(map_get(2, a)->mac, mac_b, 6) && !memcmp(map_get(1, a)->mac, mac_a, 6),
	       D(f, "same address on another interface: a separate neighbour"));
	F.installs = 0;
	report(!nsm_confirm(n, 1, &a, mac_b, T0 + NS) && F.installs == 1 &&
	       !memcmp(map_get(1, a)->mac, mac_b, 6), D(f, "a new MAC is merged and reinstalled"));
	F.installs = 0;
	nsm_confirm(n, 1, &a, mac_b, T0 + 2 * NS);
	report(F.installs == 0, D(f, "the same MAC again: confirmed, not reinstalled"));
	F.now = T0 + 26 * NS;
	report(has_entry(n, a, NSM_REACHABLE, mac_b), D(f, "confirmation restarts reachable time"));
	F.now = T0 + 28 * NS;
	report(has_entry(n, a, NSM_STALE, mac_b),
	       D(f, "stale once the refresh time passed since the last confirmation"));
	nsm_destroy(n);
}

static void test_static(const struct fam *f)
{
	struct nsm *n = fresh();
	struct xr_ip st = f->addr(6), gw = f->addr(0), l = f->addr(3);
	uint8_t p[20] = { 0x44 };
	struct map_slot *s;

	F.now = T0;
	report(!nsm_static_add(n, 1, &st, mac_a, F.now) && (s = map_get(1, st)) && s->is_static &&
	       has_entry(n, st, NSM_PERMANENT, mac_a), D(f, "static entry installed as static"));
	F.installs = 0;
	nsm_confirm(n, 1, &st, mac_b, F.now);
	report(F.installs == 0 && has_entry(n, st, NSM_PERMANENT, mac_a),
	       D(f, "static entry never overwritten by what the resolver hears"));
	run(n, T0, T0 + 200 * NS);
	report(F.removes == 0 && F.nreq == 0 && has_entry(n, st, NSM_PERMANENT, mac_a),
	       D(f, "static entry never expires nor is probed"));
	nsm_resolve(n, 1, &gw, 7, p, sizeof(p), F.now);
	report(!nsm_static_add(n, 1, &gw, mac_b, F.now) && F.nxmit == 1 &&
	       map_get(1, gw)->is_static && has_entry(n, gw, NSM_PERMANENT, mac_b),
	       D(f, "static add on a pending neighbour releases its queue"));
	nsm_learn(n, 1, &l, mac_a, F.now);
	nsm_flush(n, 1, false);
	report(nsm_count(n) == 2 && !map_get(1, l) &&
	       !nsm_lookup(n, 1, &gw, &(struct nsm_entry){ 0 }, F.now),
	       D(f, "flush keeps static entries"));
	report(!nsm_del(n, 1, &gw) && !map_get(1, gw) && nsm_del(n, 1, &gw) == -ENOENT,
	       D(f, "del removes a static entry, then -ENOENT"));
	nsm_flush(n, 0, true);
	report(nsm_count(n) == 0 && F.map_n == 0, D(f, "flush with static empties everything"));
	nsm_destroy(n);
}

/* ---- refresh and expiry ---- */

/*
 * Tick every 100 ms over [from, to) with the fast path stamping ip's use
 * every second; if answer, the neighbour answers each solicitation with it.
 */
static void run_used(struct nsm *n, const struct xr_ip *ip, uint64_t from, uint64_t to,
		     const uint8_t *answer)
{
	for (F.now = from; F.now < to; F.now += 100 * MS) {
		if ((F.now - T0) % NS == 0)
			nsm_used(n, 1, ip, F.now);
		nsm_tick(n, F.now);
		if (answer && F.nreq && F.req[F.nreq - 1].t == F.now)
			nsm_confirm(n, 1, ip, answer, F.now + 10 * MS);
	}
}

static void test_refresh(const struct fam *f)
{
	struct nsm *n = fresh();
	struct xr_ip ip = f->addr(3);

	nsm_learn(n, 1, &ip, mac_a, T0);
	run_used(n, &ip, T0, T0 + 25 * NS, NULL);
	report(F.nreq == 0, D(f, "used entry: no probe before 25 s"));
	run_used(n, &ip, T0 + 25 * NS, T0 + 25 * NS + 50 * MS, NULL);
	report(F.nreq == 1 && F.req[0].unicast && xr_ip_eq(&F.req[0].ip, &ip) &&
	       F.req[0].via == f->af,
	       D(f, "used entry with a 25 s old confirmation gets a unicast probe"));
	nsm_confirm(n, 1, &ip, mac_a, T0 + 25 * NS + 200 * MS);
	F.removes = 0;
	run_used(n, &ip, T0 + 25 * NS, T0 + 120 * NS, mac_a);
	report(F.removes == 0 && has_entry(n, ip, NSM_REACHABLE, mac_a) && F.nreq >= 4 &&
	       F.nreq <= 5, D(f, "answered probes keep an entry in use for 2 minutes, never removed"));
	nsm_destroy(n);

	n = fresh();
	nsm_learn(n, 1, &ip, mac_a, T0);
	run_used(n, &ip, T0, T0 + 40 * NS, NULL);
	report(F.nreq == NSM_PROBES && F.req[0].unicast && F.req[2].unicast &&
	       !F.req[3].unicast && req_spacing_ok(ip, NS) && F.removes == 1 && F.map_n == 0,
	       D(f, "in use but silent: 3 unicast then multicast probes, then removed"));
	nsm_destroy(n);
}

/* Tick every 100 ms over [from, to); the neighbours answer every solicitation. */
static void run_answering(struct nsm *n, uint64_t from, uint64_t to, const uint8_t *mac)
{
	unsigned seen = F.nreq;

	for (F.now = from; F.now < to; F.now += 100 * MS) {
		nsm_tick(n, F.now);
		for (; seen < F.nreq; seen++)
			nsm_confirm(n, 1, &F.req[seen].ip, mac, F.now + 10 * MS);
	}
}

static void test_expiry(const struct fam *f)
{
	struct nsm *n = fresh();
	struct xr_ip a = f->addr(3), b = f->addr(4);

	nsm_learn(n, 1, &a, mac_a, T0);
	nsm_learn(n, 1, &b, mac_a, T0);
	run_answering(n, T0, T0 + 30 * NS, mac_a);
	nsm_used(n, 1, &b, T0 + 30 * NS);
	run_answering(n, T0 + 30 * NS, T0 + 59 * NS, mac_a);
	report(nsm_count(n) == 2 && F.removes == 0, D(f, "unused entry kept for 59 s"));
	report(has_entry(n, a, NSM_STALE, mac_a), D(f, "and shown stale after 25 s"));
	report(F.nreq == 1 && xr_ip_eq(&F.req[0].ip, &b) && F.req[0].t == T0 + 30 * NS,
	       D(f, "only the used entry with an old confirmation was probed, at its use"));
	run_answering(n, F.now, T0 + 61 * NS, mac_a);
	report(nsm_count(n) == 1 && !map_get(1, a) && map_get(1, b),
	       D(f, "unused entry expired at 60 s, removed from the fast path"));
	run_answering(n, F.now, T0 + 89 * NS, mac_a);
	report(nsm_count(n) == 1 && F.nreq == 1,
	       D(f, "entry used at 30 s (confirmed then) kept to 89 s"));
	run_answering(n, F.now, T0 + 91 * NS, mac_a);
	report(nsm_count(n) == 0 && F.map_n == 0, D(f, "and expired 60 s after that"));
	nsm_destroy(n);
}

/* ---- bounds ---- */

static void test_bounds(const struct fam *f)
{
	struct nsm *n = fresh();
	struct xr_ip used = f->addr(0), x;
	uint8_t p[20] = { 0 };
	unsigned i, refused = 0, learned = 0, queued = 0;
	struct nsm_entry e;

	F.now = T0;
	nsm_learn(n, 1, &used, mac_a, T0);
	nsm_used(n, 1, &used, T0 + NS);
	for (i = 1; i < 100000; i++) {
		x = f->addr(i);
		learned += !nsm_learn(n, 1, &x, mac_b, T0 + NS);
	}
	x = f->addr(99999);
	report(nsm_count(n) == XR_NEIGH_MAX && F.map_n == XR_NEIGH_MAX &&
	       learned == XR_NEIGH_MAX - 1 && nsm_learn(n, 1, &x, mac_b, T0) == -ENOSPC,
	       D(f, "100000 learned neighbours: table stops at XR_NEIGH_MAX, then -ENOSPC"));
	F.now = T0 + 2 * NS;
	for (i = 0; i < 100000; i++) {
		x = f->addr(200000 + i);
		refused += nsm_resolve(n, 1, &x, 7, p, sizeof(p), F.now) == -ENOBUFS;
	}
	report(nsm_pending_count(n) == NSM_PENDING_MAX && refused == 100000 - NSM_PENDING_MAX,
	       D(f, "100000 misses: pending neighbours bounded at NSM_PENDING_MAX"));
	x = f->addr(200000);
	nsm_confirm(n, 1, &x, mac_b, F.now + 100 * MS);
	report(has_entry(n, x, NSM_REACHABLE, mac_b) && nsm_count(n) == XR_NEIGH_MAX &&
	       F.map_n == XR_NEIGH_MAX && has_entry(n, used, NSM_REACHABLE, mac_a),
	       D(f, "full table: a resolved next hop pushes out an idle learned entry, not a used one"));
	run(n, F.now, F.now + 4 * NS);
	report(nsm_pending_count(n) == 0 && F.nunreach == NSM_PENDING_MAX - 1,
	       D(f, "unanswered pending neighbours all fail and free their slots"));
	nsm_destroy(n);

	n = fresh();
	refused = 0;
	for (i = 0; i < 400; i++) {
		x = f->addr(i);
		for (int k = 0; k < 3; k++)
			refused += nsm_resolve(n, 1, &x, 7, p, sizeof(p), T0) == -ENOBUFS;
	}
	for (i = 0; i < 400; i++) {
		x = f->addr(i);
		if (!nsm_lookup(n, 1, &x, &e, T0))
			queued += e.queued;
	}
	report(queued == NSM_QUEUE_TOTAL_MAX && refused == 3 * 400 - NSM_QUEUE_TOTAL_MAX &&
	       nsm_pending_count(n) == 400,
	       D(f, "queued packets bounded at NSM_QUEUE_TOTAL_MAX over all neighbours"));
	x = f->addr(0);
	report(nsm_resolve(n, 1, &x, 7, p, NSM_QUEUE_PKT_MAX + 1, T0) == -EINVAL,
	       D(f, "a packet over NSM_QUEUE_PKT_MAX is refused"));
	nsm_destroy(n);
}

/* ---- the families side by side ---- */

static const struct nsm_timers slow6 = {
	.tries = 2, .retry_ns = 2 * NS, .refresh_ns = 30 * NS, .probes = 3,
	.unicast_probes = 3, .idle_ns = 60 * NS,
};
static const struct nsm_resolver slow_resolver6 = {
	.af = AF_INET6, .solicit = f_solicit6, .timers = &slow6,
};

static void test_families(void)
{
	struct nsm *n = fresh();
	struct xr_ip a4 = addr4(0), a6 = addr6(0), none = { 0 };
	uint8_t p[20] = { 0x55 };
	unsigned n4 = 0, n6 = 0, i;

	report(nsm_resolver_register(&(struct nsm_resolver){ .af = AF_UNIX }) == -EAFNOSUPPORT,
	       "a resolver for a family the machine does not know: -EAFNOSUPPORT");
	F.now = T0;
	report(nsm_resolve(n, 1, &none, 7, p, sizeof(p), F.now) == -EAFNOSUPPORT &&
	       nsm_pending_count(n) == 0 && F.nreq == 0,
	       "a miss for an address of no family: -EAFNOSUPPORT, nothing queued");
	nsm_resolver_register(&slow_resolver6);
	nsm_resolve(n, 1, &a4, 7, p, sizeof(p), F.now);
	nsm_resolve(n, 1, &a6, 7, p, sizeof(p), F.now);
	run(n, T0, T0 + 6 * NS);
	for (i = 0; i < F.nreq; i++) {
		n4 += F.req[i].via == AF_INET && F.req[i].ip.af == AF_INET;
		n6 += F.req[i].via == AF_INET6 && F.req[i].ip.af == AF_INET6;
	}
	report(n4 == 3 && n6 == 2 && n4 + n6 == F.nreq && req_spacing_ok(a6, 2 * NS) &&
	       F.nunreach == 2 && nsm_pending_count(n) == 0,
	       "each family's solicitations go to its own resolver, with its own timers");
	nsm_resolver_register(&fake_resolver6);
	nsm_learn(n, 1, &a4, mac_a, F.now);
	nsm_learn(n, 1, &a6, mac_b, F.now);
	report(has_entry(n, a4, NSM_REACHABLE, mac_a) && has_entry(n, a6, NSM_REACHABLE, mac_b) &&
	       nsm_count(n) == 2 && F.map_n == 2, "both families in one table");
	nsm_destroy(n);
}

static void test_adopt(void)
{
	struct nsm *n = fresh();
	struct xr_ip a = addr4(0), b = addr6(0);
	struct xr_neigh st = { .mac = { 0x02, 0, 0, 0, 0, 0xa }, .flags = XR_NEIGH_STATIC };
	struct xr_neigh dyn = { .mac = { 0x02, 0, 0, 0, 0, 0xb }, .used_ns = T0 - NS };
	struct nsm_entry e;

	F.now = T0;
	report(!nsm_adopt(n, 1, &a, &st, T0) && !nsm_adopt(n, 1, &b, &dyn, T0) &&
	       F.installs == 0 && has_entry(n, a, NSM_PERMANENT, mac_a) &&
	       has_entry(n, b, NSM_REACHABLE, mac_b) && nsm_count(n) == 2,
	       "adopted entries are taken as they are, without writing the fast path");
	report(nsm_adopt(n, 1, &a, &dyn, T0) == -EEXIST, "adopting a known entry: -EEXIST");
	report(nsm_adopt(n, 1, &(struct xr_ip){ 0 }, &dyn, T0) == -EAFNOSUPPORT && nsm_count(n) == 2,
	       "adopting an address of no family: -EAFNOSUPPORT");
	report(!nsm_lookup(n, 1, &b, &e, T0) && e.used_ns == T0 - NS && e.confirmed_ns == T0,
	       "an adopted entry keeps the fast path's use stamp, confirmed now");
	nsm_destroy(n);
}

static int count_failed(const struct nsm_entry *e, void *ctx)
{
	*(unsigned *)ctx += e->state == NSM_FAILED;
	return 0;
}

/* FAILED (issue 11): kept and shown for the idle time, never in the fast path. */
static void test_failed(const struct fam *f)
{
	struct nsm *n = fresh();
	struct xr_ip a = f->addr(6), b = f->addr(7), c = f->addr(8), x;
	uint8_t p[20] = { 0 };
	struct nsm_entry e;
	unsigned i;

	nsm_resolve(n, 1, &a, 7, p, sizeof(p), T0);
	run(n, T0, T0 + 3 * NS + 50 * MS);
	report(!nsm_lookup(n, 1, &a, &e, F.now) && e.state == NSM_FAILED &&
	       !nsm_state_has_mac(e.state) && nsm_count(n) == 0 && F.map_n == 0 &&
	       !strcmp(nsm_state_names[NSM_FAILED], "FAILED"),
	       D(f, "resolution failed: FAILED, no lladdr, not counted, not in the fast path"));
	report(nsm_next_deadline(n, F.now) == T0 + 3 * NS + 60 * NS,
	       D(f, "a failed entry's deadline is its expiry, the idle time on"));
	run(n, F.now, T0 + 62 * NS);
	report(has_entry(n, a, NSM_FAILED, NULL), D(f, "still FAILED 59 s after"));
	run(n, F.now, T0 + 64 * NS);
	report(nsm_lookup(n, 1, &a, &e, F.now) == -ENOENT, D(f, "forgotten 60 s after failing"));
	nsm_destroy(n);

	n = fresh();
	nsm_learn(n, 1, &b, mac_a, T0);
	run_used(n, &b, T0, T0 + 40 * NS, NULL);
	report(has_entry(n, b, NSM_FAILED, NULL) && F.removes == 1 && F.map_n == 0,
	       D(f, "in use, refresh probes unanswered: FAILED, out of the fast path"));
	report(!nsm_confirm(n, 1, &b, mac_b, F.now) && has_entry(n, b, NSM_REACHABLE, mac_b) &&
	       map_get(1, b) && nsm_count(n) == 1,
	       D(f, "an answer after all: REACHABLE again, back in the fast path"));
	nsm_resolve(n, 1, &c, 7, p, sizeof(p), F.now);
	run(n, F.now, F.now + 3 * NS + 50 * MS);
	report(!nsm_learn(n, 1, &c, mac_a, F.now) && has_entry(n, c, NSM_REACHABLE, mac_a) &&
	       map_get(1, c), D(f, "a failed neighbour that solicits us is learned"));
	F.nreq = 0;
	nsm_resolve(n, 1, &a, 7, p, sizeof(p), F.now);
	run(n, F.now, F.now + 3 * NS + 50 * MS);
	nsm_resolve(n, 1, &a, 7, p, sizeof(p), F.now);
	report(has_entry(n, a, NSM_INCOMPLETE, NULL) && F.nreq == 4 && nsm_pending_count(n) == 1,
	       D(f, "traffic to a FAILED neighbour resolves it again"));
	nsm_destroy(n);

	n = fresh();
	F.now = T0;
	for (i = 0; i < NSM_FAILED_MAX + 10; i++) {
		x = f->addr(1000 + i);
		nsm_resolve(n, 1, &x, 7, p, sizeof(p), F.now);
		if (nsm_pending_count(n) == NSM_PENDING_MAX)
			run(n, F.now, F.now + 3 * NS + 50 * MS);
	}
	run(n, F.now, F.now + 3 * NS + 50 * MS);
	i = 0;
	nsm_foreach(n, F.now, count_failed, &i);
	x = f->addr(5000);
	report(i == NSM_FAILED_MAX && nsm_pending_count(n) == 0 &&
	       !nsm_resolve(n, 1, &x, 7, p, sizeof(p), F.now),
	       D(f, "at most NSM_FAILED_MAX kept; new resolutions go on"));
	nsm_destroy(n);
}

/* RFC 4861 7.3.2's names: stale and in use is DELAY until the probe, PROBE while it is out. */
static void test_nud_states(const struct fam *f)
{
	struct nsm *n = fresh();
	struct xr_ip a = f->addr(5);

	nsm_learn(n, 1, &a, mac_a, T0);
	F.now = T0 + 26 * NS;
	report(has_entry(n, a, NSM_STALE, mac_a), D(f, "unused and old: STALE"));
	nsm_used(n, 1, &a, F.now);
	report(has_entry(n, a, NSM_DELAY, mac_a), D(f, "used again: DELAY before the probe"));
	nsm_tick(n, F.now);
	report(has_entry(n, a, NSM_PROBE, mac_a) && F.nreq == 1, D(f, "probe sent: PROBE"));
	nsm_confirm(n, 1, &a, mac_a, F.now + NS / 2);
	report(has_entry(n, a, NSM_REACHABLE, mac_a), D(f, "answered: REACHABLE"));
	report(!strcmp(nsm_state_names[NSM_DELAY], "DELAY") &&
	       !strcmp(nsm_state_names[NSM_PROBE], "PROBE"), D(f, "names as ip neigh prints them"));
	nsm_destroy(n);
}

int main(void)
{
	size_t i;

	fake_register();
	for (i = 0; i < sizeof(fams) / sizeof(fams[0]); i++) {
		test_resolve_fail(&fams[i]);
		test_traffic_storm(&fams[i]);
		test_resolve_ok(&fams[i]);
		test_learn(&fams[i]);
		test_static(&fams[i]);
		test_refresh(&fams[i]);
		test_expiry(&fams[i]);
		test_bounds(&fams[i]);
		test_nud_states(&fams[i]);
		test_failed(&fams[i]);
	}
	test_families();
	test_adopt();
	return report_done();
}
