/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Unit tests of ARP: frame parsing and building, and the neighbour state
 * machine driven by a fake clock and fake callbacks (requests sent, a fake
 * fast-path map, transmitted and unreachable packets recorded): resolution
 * with 3 requests 1 s apart, the queue cap, release on reply, Host
 * Unreachable after failure, 1 request/s per target, learning rules,
 * gratuitous ARP, static entries, refresh before stale, expiry, and the
 * table bound under floods.
 * Prints "ok - ..." / "not ok - ..." per case and a final count.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "arp.h"
#include "check.h"

#define NS		1000000000ull
#define MS		1000000ull
#define T0		(1000 * NS)
#define MAPSZ		65536u		/* fake fast-path map slots, power of two */
#define LOGMAX		4096

struct req_rec {
	uint32_t ifid;
	__be32 ip;
	bool unicast;
	uint64_t t;
};

struct map_slot {
	bool used;
	uint32_t ifid;
	__be32 ip;
	uint8_t mac[ETH_ALEN];
	bool is_static;
};

struct fake {
	uint64_t now;		/* stamped on records */
	unsigned nreq;
	struct req_rec req[LOGMAX];
	struct map_slot map[MAPSZ];
	unsigned map_n, installs, removes;
	unsigned nxmit, nunreach;
	uint8_t xmit_first[LOGMAX];	/* first byte of each packet sent */
	uint8_t xmit_mac[ETH_ALEN];
	uint8_t unreach_first[LOGMAX];
	uint32_t unreach_ifid;
	uint32_t local_ifid;
	__be32 local_ip;
};

static struct fake F;

static struct map_slot *map_find(uint32_t ifid, __be32 ip, bool add)
{
	uint32_t h = (ntohl(ip) * 2654435761u + ifid) & (MAPSZ - 1);

	for (;; h = (h + 1) & (MAPSZ - 1)) {
		struct map_slot *s = &F.map[h];

		if (s->used && s->ifid == ifid && s->ip == ip)
			return s;
		if (!s->used)
			return add ? s : NULL;
	}
}

static void f_send_request(void *ctx, uint32_t ifid, __be32 tip, const uint8_t *dst)
{
	(void)ctx;
	if (F.nreq < LOGMAX)
		F.req[F.nreq] = (struct req_rec){ ifid, tip, dst != NULL, F.now };
	F.nreq++;
}

static int f_install(void *ctx, uint32_t ifid, __be32 ip, const uint8_t mac[ETH_ALEN],
		     bool is_static)
{
	struct map_slot *s = map_find(ifid, ip, true);

	(void)ctx;
	if (!s->used)
		F.map_n++;
	s->used = true;
	s->ifid = ifid;
	s->ip = ip;
	memcpy(s->mac, mac, ETH_ALEN);
	s->is_static = is_static;
	F.installs++;
	return 0;
}

/* Backward-shift deletion keeps the linear probe chains intact. */
static void f_remove(void *ctx, uint32_t ifid, __be32 ip)
{
	struct map_slot *s = map_find(ifid, ip, false);
	uint32_t i, j;

	(void)ctx;
	F.removes++;
	if (!s)
		return;
	F.map_n--;
	i = (uint32_t)(s - F.map);
	F.map[i].used = false;
	for (j = (i + 1) & (MAPSZ - 1); F.map[j].used; j = (j + 1) & (MAPSZ - 1)) {
		struct map_slot tmp = F.map[j];

		F.map[j].used = false;
		*map_find(tmp.ifid, tmp.ip, true) = tmp;
	}
}

static void f_xmit(void *ctx, uint32_t ifid, __be32 ip, const uint8_t mac[ETH_ALEN],
		   const uint8_t *pkt, size_t len)
{
	(void)ctx;
	(void)ifid;
	(void)ip;
	(void)len;
	if (F.nxmit < LOGMAX)
		F.xmit_first[F.nxmit] = pkt[0];
	F.nxmit++;
	memcpy(F.xmit_mac, mac, ETH_ALEN);
}

static void f_unreach(void *ctx, uint32_t in_ifid, const uint8_t *pkt, size_t len)
{
	(void)ctx;
	(void)len;
	if (F.nunreach < LOGMAX)
		F.unreach_first[F.nunreach] = pkt[0];
	F.nunreach++;
	F.unreach_ifid = in_ifid;
}

static bool f_is_local(void *ctx, uint32_t ifid, __be32 ip)
{
	(void)ctx;
	return ifid == F.local_ifid && ip == F.local_ip;
}

static const struct arp_ops ops = {
	.send_request = f_send_request,
	.neigh_install = f_install,
	.neigh_remove = f_remove,
	.xmit = f_xmit,
	.unreach = f_unreach,
	.is_local = f_is_local,
};

static const uint8_t mac_a[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0xa };
static const uint8_t mac_b[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0xb };
static const uint8_t mac_r[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x1 };
static const __be32 gw_ip = IP4(10, 0, 0, 2);

static struct arp *fresh(void)
{
	memset(&F, 0, sizeof(F));
	F.local_ifid = 1;
	F.local_ip = IP4(10, 0, 0, 1);
	return arp_create(&ops, 0x12345678);
}

/* A message as arp_parse() would give it. */
static struct arp_msg msg(uint16_t op, const uint8_t *sha, __be32 spa, __be32 tpa)
{
	struct arp_msg m = { .op = op, .spa = spa, .tpa = tpa };

	memcpy(m.sha, sha, ETH_ALEN);
	memcpy(m.eth_src, sha, ETH_ALEN);
	return m;
}

/* Tick every 100 ms over [from, to). */
static void run(struct arp *a, uint64_t from, uint64_t to)
{
	for (F.now = from; F.now < to; F.now += 100 * MS)
		arp_tick(a, F.now);
}

static bool has_entry(const struct arp *a, __be32 ip, enum arp_state st, const uint8_t *mac)
{
	struct arp_entry e;

	if (arp_lookup(a, 1, ip, &e, F.now))
		return false;
	return e.state == st && (!mac || !memcmp(e.mac, mac, ETH_ALEN));
}

/* ---- frames ---- */

static size_t mkframe(uint8_t *buf, uint16_t op, const uint8_t *sha, __be32 spa, __be32 tpa)
{
	size_t n = arp_build_request(buf, sha, spa, tpa, NULL);

	((struct pkt_arp *)(buf + ETH_HLEN))->hdr.ar_op = htons(op);
	return n;
}

struct parse_case {
	const char *desc;
	unsigned off;		/* byte to set (index + 1), 0: none */
	uint8_t val;
	size_t len;		/* 0: 42 */
	int want;
};

static const struct parse_case parse_cases[] = {
	{ "valid request parses", 0, 0, 0, 0 },
	{ "padded to 60 parses", 0, 0, 60, 0 },
	{ "41 bytes: -EINVAL", 0, 0, 41, -EINVAL },
	{ "EtherType IPv4: -EINVAL", 14, 0x00, 0, -EINVAL },
	{ "hardware type 6: -EINVAL", 16, 6, 0, -EINVAL },
	{ "protocol IPv6: -EINVAL", 17, 0x86, 0, -EINVAL },
	{ "hardware length 8: -EINVAL", 19, 8, 0, -EINVAL },
	{ "protocol length 16: -EINVAL", 20, 16, 0, -EINVAL },
	{ "opcode 3 (RARP): -EINVAL", 22, 3, 0, -EINVAL },
	{ "sender MAC broadcast: ignored", 23, 0xff, 0, -EPERM },
	{ "sender MAC multicast 01:..: ignored", 23, 0x01, 0, -EPERM },
	{ "Ethernet source multicast: ignored", 7, 0x33, 0, -EPERM },
};

static void test_parse(void)
{
	uint8_t buf[64];
	struct arp_msg m;
	size_t i;

	for (i = 0; i < sizeof(parse_cases) / sizeof(parse_cases[0]); i++) {
		const struct parse_case *c = &parse_cases[i];

		memset(buf, 0, sizeof(buf));
		mkframe(buf, ARPOP_REQUEST, mac_a, IP4(10, 0, 0, 5), IP4(10, 0, 0, 1));
		if (c->off == 23)
			memset(buf + 22, c->val == 0xff ? 0xff : 0, 6), buf[22] = c->val;
		else if (c->off)
			buf[c->off - 1] = c->val;
		report(arp_parse(buf, c->len ? c->len : PKT_ARP_FRAME_LEN, &m) == c->want, c->desc);
	}
	memset(buf, 0, sizeof(buf));
	mkframe(buf, ARPOP_REPLY, mac_a, IP4(10, 0, 0, 5), IP4(10, 0, 0, 1));
	memset(buf + 22, 0, 6);
	report(arp_parse(buf, PKT_ARP_FRAME_LEN, &m) == -EPERM, "sender MAC zero: ignored");
	mkframe(buf, ARPOP_REPLY, mac_a, IP4(10, 0, 0, 5), IP4(10, 0, 0, 1));
	report(!arp_parse(buf, PKT_ARP_FRAME_LEN, &m) && m.op == ARPOP_REPLY &&
	       !memcmp(m.sha, mac_a, 6) && m.spa == IP4(10, 0, 0, 5) &&
	       m.tpa == IP4(10, 0, 0, 1), "reply fields parsed");
}

static void test_build(void)
{
	static const uint8_t bc[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }, zero[6];
	uint8_t buf[64];
	struct arp_msg m, r;
	size_t n;

	n = arp_build_request(buf, mac_r, IP4(10, 0, 0, 1), gw_ip, NULL);
	report(n == 42 && !arp_parse(buf, n, &m) && m.op == ARPOP_REQUEST &&
	       !memcmp(m.eth_dst, bc, 6) && !memcmp(m.tha, zero, 6) &&
	       !memcmp(m.sha, mac_r, 6) && m.spa == IP4(10, 0, 0, 1) && m.tpa == gw_ip,
	       "broadcast request: ff:ff.. dst, zero target MAC");
	n = arp_build_request(buf, mac_r, IP4(10, 0, 0, 1), gw_ip, mac_a);
	report(n == 42 && !arp_parse(buf, n, &m) && !memcmp(m.eth_dst, mac_a, 6) &&
	       !memcmp(m.tha, mac_a, 6), "unicast request: to the neighbour's MAC");
	m = msg(ARPOP_REQUEST, mac_a, IP4(10, 0, 0, 5), IP4(10, 0, 0, 1));
	n = arp_build_reply(buf, mac_r, &m);
	report(n == 42 && !arp_parse(buf, n, &r) && r.op == ARPOP_REPLY &&
	       !memcmp(r.eth_dst, mac_a, 6) && !memcmp(r.sha, mac_r, 6) &&
	       r.spa == IP4(10, 0, 0, 1) && !memcmp(r.tha, mac_a, 6) &&
	       r.tpa == IP4(10, 0, 0, 5), "reply: our MAC for the asked address, to the asker");
	n = arp_build_garp(buf, mac_r, IP4(10, 0, 0, 1));
	report(n == 42 && !arp_parse(buf, n, &m) && m.op == ARPOP_REQUEST &&
	       m.spa == m.tpa && !memcmp(m.eth_dst, bc, 6), "gratuitous: broadcast, spa == tpa");
}

/* ---- resolution ---- */

static bool req_spacing_ok(__be32 ip)
{
	uint64_t last = 0;
	unsigned i;

	for (i = 0; i < F.nreq && i < LOGMAX; i++) {
		if (F.req[i].ip != ip)
			continue;
		if (last && F.req[i].t - last < NS)
			return false;
		last = F.req[i].t;
	}
	return true;
}

static void test_resolve_fail(void)
{
	struct arp *a = fresh();
	uint8_t p1[20] = { 0x11 }, p2[20] = { 0x22 };

	F.now = T0;
	report(!arp_resolve(a, 1, gw_ip, 7, p1, sizeof(p1), F.now) && F.nreq == 1 &&
	       !F.req[0].unicast && has_entry(a, gw_ip, ARP_INCOMPLETE, NULL),
	       "miss: one broadcast request at once, entry incomplete");
	report(arp_next_deadline(a, F.now) == T0 + NS, "next deadline is the retry, 1 s on");
	run(a, T0, T0 + NS + 50 * MS);
	arp_resolve(a, 1, gw_ip, 7, p2, sizeof(p2), F.now);
	report(F.nreq == 2, "second request 1 s later; more traffic sends no extra");
	run(a, F.now, T0 + 2 * NS + 950 * MS);
	report(F.nreq == 3 && F.nunreach == 0 && req_spacing_ok(gw_ip),
	       "third request at 2 s, nothing given up yet at 2.9 s");
	run(a, F.now, T0 + 3 * NS + 50 * MS);
	report(F.nreq == 3 && F.nunreach == 2 && F.unreach_first[0] == 0x11 &&
	       F.unreach_first[1] == 0x22 && F.unreach_ifid == 7,
	       "after 3 tries + 1 s: Host Unreachable for each queued packet, in order");
	report(arp_lookup(a, 1, gw_ip, &(struct arp_entry){ 0 }, F.now) == -ENOENT &&
	       arp_pending_count(a) == 0 && F.installs == 0, "failed entry forgotten");
	arp_resolve(a, 1, gw_ip, 7, p1, sizeof(p1), F.now);
	report(F.nreq == 4 && req_spacing_ok(gw_ip),
	       "later traffic retries, still at most 1 request/s");
	arp_destroy(a);
}

static void test_traffic_storm(void)
{
	struct arp *a = fresh();
	uint8_t p[20] = { 0x33 };
	uint64_t t;

	/* A packet every 10 ms for 10 s to a dead next hop. */
	for (t = T0; t < T0 + 10 * NS; t += 10 * MS) {
		F.now = t;
		arp_resolve(a, 1, gw_ip, 7, p, sizeof(p), t);
		if ((t - T0) % (100 * MS) == 0)
			arp_tick(a, t);
	}
	report(req_spacing_ok(gw_ip) && F.nreq <= 10 && F.nreq >= 8,
	       "steady traffic to a dead neighbour: at most 1 request/s");
	report(F.nunreach > 0 && F.nunreach <= 3 * (F.nreq / 3 + 1),
	       "Host Unreachable only for the (at most 3) queued packets per failure");
	arp_destroy(a);
}

static void test_resolve_ok(void)
{
	struct arp *a = fresh();
	uint8_t p[20] = { 0 };
	struct arp_msg m;
	struct map_slot *s;
	int i;

	F.now = T0;
	for (i = 1; i <= 5; i++) {
		p[0] = (uint8_t)i;
		arp_resolve(a, 1, gw_ip, 7, p, sizeof(p), F.now);
	}
	report(F.nreq == 1, "5 packets while pending: still one request");
	{
		struct arp_entry e;

		report(!arp_lookup(a, 1, gw_ip, &e, F.now) && e.queued == 3,
		       "queue capped at 3 packets");
	}
	F.now = T0 + 300 * MS;
	m = msg(ARPOP_REPLY, mac_a, gw_ip, IP4(10, 0, 0, 1));
	report(arp_input(a, 1, &m, F.now) == 0, "reply needs no answer");
	s = map_find(1, gw_ip, false);
	report(s && !memcmp(s->mac, mac_a, 6) && !s->is_static,
	       "reply installs the neighbour in the fast path");
	report(F.nxmit == 3 && F.xmit_first[0] == 1 && F.xmit_first[1] == 2 &&
	       F.xmit_first[2] == 3 && !memcmp(F.xmit_mac, mac_a, 6),
	       "queued packets sent once resolved, the first three kept, in order");
	report(has_entry(a, gw_ip, ARP_REACHABLE, mac_a), "entry reachable");
	run(a, F.now, T0 + 5 * NS);
	report(F.nreq == 1 && F.nunreach == 0, "no more requests once resolved");
	p[0] = 9;
	arp_resolve(a, 1, gw_ip, 7, p, sizeof(p), F.now);
	report(F.nxmit == 4 && F.xmit_first[3] == 9,
	       "a late miss for a known neighbour is sent at once");
	arp_destroy(a);
}

/* ---- learning ---- */

static void test_learning(void)
{
	struct arp *a = fresh();
	struct arp_msg m;

	F.now = T0;
	m = msg(ARPOP_REQUEST, mac_a, IP4(10, 0, 0, 5), IP4(10, 0, 0, 1));
	report(arp_input(a, 1, &m, F.now) == 1 && has_entry(a, IP4(10, 0, 0, 5), ARP_REACHABLE, mac_a) &&
	       map_find(1, IP4(10, 0, 0, 5), false), "request for us: answer it and learn the sender");
	m = msg(ARPOP_REQUEST, mac_b, IP4(10, 0, 0, 6), IP4(10, 0, 0, 7));
	report(arp_input(a, 1, &m, F.now) == 0 && arp_count(a) == 1,
	       "request for someone else: no answer, not learned");
	m = msg(ARPOP_REQUEST, mac_b, IP4(10, 0, 0, 6), IP4(10, 0, 0, 1));
	report(arp_input(a, 2, &m, F.now) == 0 && arp_count(a) == 1,
	       "request for our address on another interface: not ours there");
	m = msg(ARPOP_REPLY, mac_b, IP4(10, 0, 0, 6), IP4(10, 0, 0, 1));
	report(arp_input(a, 1, &m, F.now) == 0 && has_entry(a, IP4(10, 0, 0, 6), ARP_REACHABLE, mac_b),
	       "unsolicited reply to us: learned");
	m = msg(ARPOP_REQUEST, mac_b, IP4(0, 0, 0, 0), IP4(10, 0, 0, 1));
	report(arp_input(a, 1, &m, F.now) == 1 && arp_count(a) == 2,
	       "address probe from 0.0.0.0: answered, not learned");
	m = msg(ARPOP_REQUEST, mac_b, IP4(10, 0, 0, 1), IP4(10, 0, 0, 1));
	report(arp_input(a, 1, &m, F.now) == 1 && arp_count(a) == 2,
	       "someone claiming our address: not learned");
	m = msg(ARPOP_REQUEST, mac_b, IP4(10, 0, 0, 5), IP4(10, 0, 0, 7));
	F.installs = 0;
	arp_input(a, 1, &m, F.now + NS);
	report(has_entry(a, IP4(10, 0, 0, 5), ARP_REACHABLE, mac_b) && F.installs == 1,
	       "known sender's new MAC is merged (RFC 826), even not addressing us");
	arp_destroy(a);
}

static void test_gratuitous(void)
{
	struct arp *a = fresh();
	struct arp_msg m;

	F.now = T0;
	m = msg(ARPOP_REQUEST, mac_a, IP4(10, 0, 0, 9), IP4(10, 0, 0, 9));
	arp_input(a, 1, &m, F.now);
	m.op = ARPOP_REPLY;
	arp_input(a, 1, &m, F.now);
	report(arp_count(a) == 0 && F.installs == 0, "gratuitous ARP creates no entry");
	m = msg(ARPOP_REQUEST, mac_a, IP4(10, 0, 0, 9), IP4(10, 0, 0, 1));
	arp_input(a, 1, &m, F.now);
	m = msg(ARPOP_REQUEST, mac_b, IP4(10, 0, 0, 9), IP4(10, 0, 0, 9));
	arp_input(a, 1, &m, F.now + NS);
	report(has_entry(a, IP4(10, 0, 0, 9), ARP_REACHABLE, mac_b) &&
	       !memcmp(map_find(1, IP4(10, 0, 0, 9), false)->mac, mac_b, 6),
	       "gratuitous ARP updates an existing entry and the fast path");
	arp_destroy(a);
}

static void test_static(void)
{
	struct arp *a = fresh();
	uint8_t p[20] = { 0x44 };
	struct arp_msg m;
	struct map_slot *s;

	F.now = T0;
	report(!arp_static_add(a, 1, IP4(10, 0, 0, 8), mac_a, F.now) &&
	       (s = map_find(1, IP4(10, 0, 0, 8), false)) && s->is_static &&
	       has_entry(a, IP4(10, 0, 0, 8), ARP_PERMANENT, mac_a), "static entry installed as static");
	F.installs = 0;
	m = msg(ARPOP_REPLY, mac_b, IP4(10, 0, 0, 8), IP4(10, 0, 0, 1));
	arp_input(a, 1, &m, F.now);
	m = msg(ARPOP_REQUEST, mac_b, IP4(10, 0, 0, 8), IP4(10, 0, 0, 8));
	arp_input(a, 1, &m, F.now);
	report(F.installs == 0 && has_entry(a, IP4(10, 0, 0, 8), ARP_PERMANENT, mac_a),
	       "static entry never overwritten by a reply or gratuitous ARP");
	run(a, T0, T0 + 200 * NS);
	report(F.removes == 0 && F.nreq == 0 && has_entry(a, IP4(10, 0, 0, 8), ARP_PERMANENT, mac_a),
	       "static entry never expires nor is probed");
	arp_resolve(a, 1, gw_ip, 7, p, sizeof(p), F.now);
	report(!arp_static_add(a, 1, gw_ip, mac_b, F.now) && F.nxmit == 1 &&
	       map_find(1, gw_ip, false)->is_static && has_entry(a, gw_ip, ARP_PERMANENT, mac_b),
	       "static add on a pending neighbour releases its queue");
	m = msg(ARPOP_REQUEST, mac_a, IP4(10, 0, 0, 5), IP4(10, 0, 0, 1));
	arp_input(a, 1, &m, F.now);
	arp_flush(a, 1, false);
	report(arp_count(a) == 2 && !arp_lookup(a, 1, gw_ip, &(struct arp_entry){ 0 }, F.now),
	       "flush keeps static entries");
	report(!arp_del(a, 1, gw_ip) && !map_find(1, gw_ip, false) &&
	       arp_del(a, 1, gw_ip) == -ENOENT, "del removes a static entry, then -ENOENT");
	arp_flush(a, 0, true);
	report(arp_count(a) == 0 && F.map_n == 0, "flush with static empties everything");
	arp_destroy(a);
}

/* ---- refresh and expiry ---- */

static void learn(struct arp *a, __be32 ip, const uint8_t *mac, uint64_t now)
{
	struct arp_msg m = msg(ARPOP_REQUEST, mac, ip, IP4(10, 0, 0, 1));

	F.now = now;
	arp_input(a, 1, &m, now);
}

static void test_refresh(void)
{
	struct arp *a = fresh();
	__be32 ip = IP4(10, 0, 0, 5);
	struct arp_msg m = msg(ARPOP_REPLY, mac_a, ip, IP4(10, 0, 0, 1));
	uint64_t t;

	learn(a, ip, mac_a, T0);
	/* In use all along: the fast path stamps it every second. */
	for (t = T0; t < T0 + 25 * NS; t += 100 * MS) {
		if ((t - T0) % NS == 0)
			arp_used(a, 1, ip, t);
		F.now = t;
		arp_tick(a, t);
	}
	report(F.nreq == 0, "used entry: no probe before 25 s");
	arp_used(a, 1, ip, T0 + 25 * NS);
	run(a, T0 + 25 * NS, T0 + 25 * NS + 50 * MS);
	report(F.nreq == 1 && F.req[0].unicast && F.req[0].ip == ip,
	       "used entry with a 25 s old confirmation gets a unicast request");
	arp_input(a, 1, &m, T0 + 25 * NS + 200 * MS);
	F.removes = 0;
	for (t = T0 + 25 * NS; t < T0 + 120 * NS; t += 100 * MS) {
		if ((t - T0) % NS == 0)
			arp_used(a, 1, ip, t);
		F.now = t;
		arp_tick(a, t);
		if (F.nreq && F.req[F.nreq - 1].t == t)
			arp_input(a, 1, &m, t + 10 * MS);	/* the neighbour answers */
	}
	report(F.removes == 0 && has_entry(a, ip, ARP_REACHABLE, mac_a) && F.nreq >= 4 &&
	       F.nreq <= 5, "answered refreshes keep an entry in use for 2 minutes, never removed");
	arp_destroy(a);

	a = fresh();
	learn(a, ip, mac_a, T0);
	for (t = T0; t < T0 + 40 * NS; t += 100 * MS) {
		if ((t - T0) % NS == 0)
			arp_used(a, 1, ip, t);
		F.now = t;
		arp_tick(a, t);
	}
	report(F.nreq == ARP_PROBES && F.req[0].unicast && F.req[2].unicast &&
	       !F.req[3].unicast && req_spacing_ok(ip) && F.removes == 1 && F.map_n == 0,
	       "in use but silent: 3 unicast then broadcast probes, then removed");
	arp_destroy(a);
}

/* Tick every 100 ms over [from, to); the neighbours answer every request. */
static void run_answering(struct arp *a, uint64_t from, uint64_t to, const uint8_t *mac)
{
	unsigned seen = F.nreq;

	for (F.now = from; F.now < to; F.now += 100 * MS) {
		arp_tick(a, F.now);
		for (; seen < F.nreq; seen++) {
			struct arp_msg m = msg(ARPOP_REPLY, mac, F.req[seen].ip, IP4(10, 0, 0, 1));

			arp_input(a, 1, &m, F.now + 10 * MS);
		}
	}
}

static void test_expiry(void)
{
	struct arp *a = fresh();
	__be32 ip5 = IP4(10, 0, 0, 5), ip6 = IP4(10, 0, 0, 6);

	learn(a, ip5, mac_a, T0);
	learn(a, ip6, mac_a, T0);
	run_answering(a, T0, T0 + 30 * NS, mac_a);
	arp_used(a, 1, ip6, T0 + 30 * NS);
	run_answering(a, T0 + 30 * NS, T0 + 59 * NS, mac_a);
	report(arp_count(a) == 2 && F.removes == 0, "unused entry kept for 59 s");
	report(has_entry(a, ip5, ARP_STALE, mac_a), "and shown stale after 25 s");
	report(F.nreq == 1 && F.req[0].ip == ip6 && F.req[0].t == T0 + 30 * NS,
	       "only the used entry with an old confirmation was probed, at its use");
	run_answering(a, F.now, T0 + 61 * NS, mac_a);
	report(arp_count(a) == 1 && !map_find(1, ip5, false) && map_find(1, ip6, false),
	       "unused entry expired at 60 s, removed from the fast path");
	run_answering(a, F.now, T0 + 89 * NS, mac_a);
	report(arp_count(a) == 1 && F.nreq == 1, "entry used at 30 s (confirmed then) kept to 89 s");
	run_answering(a, F.now, T0 + 91 * NS, mac_a);
	report(arp_count(a) == 0 && F.map_n == 0, "and expired 60 s after that");
	arp_destroy(a);
}

/* ---- bounds ---- */

static void test_flood(void)
{
	struct arp *a = fresh();
	uint8_t mac[6] = { 0x02, 0x00 }, p[20] = { 0 };
	unsigned i, refused = 0;
	struct arp_msg m;

	learn(a, IP4(10, 0, 0, 5), mac_a, T0);
	arp_used(a, 1, IP4(10, 0, 0, 5), T0 + NS);
	for (i = 0; i < 100000; i++) {
		mac[2] = (uint8_t)(i >> 16);
		mac[3] = (uint8_t)(i >> 8);
		mac[4] = (uint8_t)i;
		m = msg(ARPOP_REQUEST, mac, htonl(HOST4(10, 1, 0, 0) + i), IP4(10, 0, 0, 1));
		arp_input(a, 1, &m, T0 + NS);
	}
	report(arp_count(a) == XR_NEIGH_MAX && F.map_n == XR_NEIGH_MAX,
	       "100000 distinct senders: table stops at XR_NEIGH_MAX");
	report(has_entry(a, IP4(10, 0, 0, 5), ARP_REACHABLE, mac_a),
	       "existing entry survives the flood");
	F.now = T0 + 2 * NS;
	for (i = 0; i < 100000; i++)
		refused += arp_resolve(a, 1, htonl(HOST4(10, 2, 0, 0) + i), 7, p, sizeof(p),
				       F.now) == -ENOBUFS;
	report(arp_pending_count(a) == ARP_PENDING_MAX && refused == 100000 - ARP_PENDING_MAX,
	       "100000 misses: pending neighbours bounded at ARP_PENDING_MAX");
	m = msg(ARPOP_REPLY, mac_b, htonl(HOST4(10, 2, 0, 0)), IP4(10, 0, 0, 1));
	arp_input(a, 1, &m, F.now + 100 * MS);
	report(has_entry(a, htonl(HOST4(10, 2, 0, 0)), ARP_REACHABLE, mac_b) &&
	       arp_count(a) == XR_NEIGH_MAX && F.map_n == XR_NEIGH_MAX &&
	       has_entry(a, IP4(10, 0, 0, 5), ARP_REACHABLE, mac_a),
	       "full table: a resolved next hop pushes out an idle learned entry, not a used one");
	run(a, F.now, F.now + 4 * NS);
	report(arp_pending_count(a) == 0 && F.nunreach == ARP_PENDING_MAX - 1,
	       "unanswered pending neighbours all fail and free their slots");
	arp_destroy(a);
}

int main(void)
{
	test_parse();
	test_build();
	test_resolve_fail();
	test_traffic_storm();
	test_resolve_ok();
	test_learning();
	test_gratuitous();
	test_static();
	test_refresh();
	test_expiry();
	test_flood();
	return report_done();
}
