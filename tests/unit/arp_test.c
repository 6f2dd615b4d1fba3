/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Unit tests of ARP: frame parsing and building (lib/arp.c), and ARP as the
 * IPv4 resolver (modules/ip4/arp_resolver.c) feeding the neighbour state
 * machine with a fake host (nsm_fake.h): a reply resolves and releases the
 * queue, learning rules, gratuitous ARP, static entries kept against the
 * wire, the table bound under a flood of senders.  The state machine's own
 * timers are nsm_test.c's.
 * Prints "ok - ..." / "not ok - ..." per case and a final count.
 */
#include <stdio.h>
#include <stdlib.h>

#include "arp_resolver.h"
#include "nsm_fake.h"

static const uint8_t mac_r[ETH_ALEN] = { 0x02, 0, 0, 0, 0, 0x1 };
static const __be32 gw_ip = IP4(10, 0, 0, 2);

/* A message as arp_parse() would give it. */
static struct arp_msg msg(uint16_t op, const uint8_t *sha, __be32 spa, __be32 tpa)
{
	struct arp_msg m = { .op = op, .spa = spa, .tpa = tpa };

	memcpy(m.sha, sha, ETH_ALEN);
	memcpy(m.eth_src, sha, ETH_ALEN);
	return m;
}

/* The table's key for a network-order IPv4 address. */
static struct xr_ip K(__be32 ip)
{
	return (struct xr_ip){ .af = AF_INET, .v4 = ip };
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

/* ---- ARP as the resolver ---- */

static void test_resolve(void)
{
	struct nsm *n = fresh();
	struct xr_ip gw = K(gw_ip);
	uint8_t p[20] = { 0 };
	struct arp_msg m;
	int i;

	F.now = T0;
	for (i = 1; i <= 5; i++) {
		p[0] = (uint8_t)i;
		nsm_resolve(n, 1, &gw, 7, p, sizeof(p), F.now);
	}
	report(F.nreq == 1 && F.req[0].via == AF_INET, "a miss solicits through the IPv4 resolver");
	F.now = T0 + 300 * MS;
	m = msg(ARPOP_REPLY, mac_a, gw_ip, IP4(10, 0, 0, 1));
	report(arp_input(n, 1, &m, F.now) == 0, "reply needs no answer");
	report(map_get(1, gw) && !memcmp(map_get(1, gw)->mac, mac_a, 6) &&
	       has_entry(n, gw, NSM_REACHABLE, mac_a),
	       "reply resolves the neighbour into the fast path");
	report(F.nxmit == 3 && F.xmit_first[0] == 1 && F.xmit_first[1] == 2 &&
	       F.xmit_first[2] == 3, "queued packets sent once resolved, in order");
	nsm_destroy(n);
}

/* ---- learning ---- */

static void test_learning(void)
{
	struct nsm *n = fresh();
	struct arp_msg m;

	F.now = T0;
	m = msg(ARPOP_REQUEST, mac_a, IP4(10, 0, 0, 5), IP4(10, 0, 0, 1));
	report(arp_input(n, 1, &m, F.now) == 1 &&
	       has_entry(n, K(IP4(10, 0, 0, 5)), NSM_REACHABLE, mac_a) &&
	       map_get(1, K(IP4(10, 0, 0, 5))), "request for us: answer it and learn the sender");
	m = msg(ARPOP_REQUEST, mac_b, IP4(10, 0, 0, 6), IP4(10, 0, 0, 7));
	report(arp_input(n, 1, &m, F.now) == 0 && nsm_count(n) == 1,
	       "request for someone else: no answer, not learned");
	m = msg(ARPOP_REQUEST, mac_b, IP4(10, 0, 0, 6), IP4(10, 0, 0, 1));
	report(arp_input(n, 2, &m, F.now) == 0 && nsm_count(n) == 1,
	       "request for our address on another interface: not ours there");
	m = msg(ARPOP_REPLY, mac_b, IP4(10, 0, 0, 6), IP4(10, 0, 0, 1));
	report(arp_input(n, 1, &m, F.now) == 0 &&
	       has_entry(n, K(IP4(10, 0, 0, 6)), NSM_REACHABLE, mac_b),
	       "unsolicited reply to us: learned");
	m = msg(ARPOP_REQUEST, mac_b, IP4(0, 0, 0, 0), IP4(10, 0, 0, 1));
	report(arp_input(n, 1, &m, F.now) == 1 && nsm_count(n) == 2,
	       "address probe from 0.0.0.0: answered, not learned");
	m = msg(ARPOP_REQUEST, mac_b, IP4(10, 0, 0, 1), IP4(10, 0, 0, 1));
	report(arp_input(n, 1, &m, F.now) == 1 && nsm_count(n) == 2,
	       "someone claiming our address: not learned");
	m = msg(ARPOP_REQUEST, mac_b, IP4(10, 0, 0, 5), IP4(10, 0, 0, 7));
	F.installs = 0;
	arp_input(n, 1, &m, F.now + NS);
	report(has_entry(n, K(IP4(10, 0, 0, 5)), NSM_REACHABLE, mac_b) && F.installs == 1,
	       "known sender's new MAC is merged (RFC 826), even not addressing us");
	nsm_destroy(n);
}

static void test_gratuitous(void)
{
	struct nsm *n = fresh();
	struct arp_msg m;

	F.now = T0;
	m = msg(ARPOP_REQUEST, mac_a, IP4(10, 0, 0, 9), IP4(10, 0, 0, 9));
	arp_input(n, 1, &m, F.now);
	m.op = ARPOP_REPLY;
	arp_input(n, 1, &m, F.now);
	report(nsm_count(n) == 0 && F.installs == 0, "gratuitous ARP creates no entry");
	m = msg(ARPOP_REQUEST, mac_a, IP4(10, 0, 0, 9), IP4(10, 0, 0, 1));
	arp_input(n, 1, &m, F.now);
	m = msg(ARPOP_REQUEST, mac_b, IP4(10, 0, 0, 9), IP4(10, 0, 0, 9));
	arp_input(n, 1, &m, F.now + NS);
	report(has_entry(n, K(IP4(10, 0, 0, 9)), NSM_REACHABLE, mac_b) &&
	       !memcmp(map_get(1, K(IP4(10, 0, 0, 9)))->mac, mac_b, 6),
	       "gratuitous ARP updates an existing entry and the fast path");
	nsm_destroy(n);
}

static void test_static(void)
{
	struct nsm *n = fresh();
	struct xr_ip st = K(IP4(10, 0, 0, 8));
	struct arp_msg m;

	F.now = T0;
	nsm_static_add(n, 1, &st, mac_a, F.now);
	F.installs = 0;
	m = msg(ARPOP_REPLY, mac_b, IP4(10, 0, 0, 8), IP4(10, 0, 0, 1));
	arp_input(n, 1, &m, F.now);
	m = msg(ARPOP_REQUEST, mac_b, IP4(10, 0, 0, 8), IP4(10, 0, 0, 8));
	arp_input(n, 1, &m, F.now);
	report(F.installs == 0 && has_entry(n, st, NSM_PERMANENT, mac_a),
	       "static entry never overwritten by a reply or gratuitous ARP");
	nsm_destroy(n);
}

/* ---- bounds ---- */

static void test_flood(void)
{
	struct nsm *n = fresh();
	uint8_t mac[6] = { 0x02, 0x00 };
	struct arp_msg m;
	unsigned i;

	F.now = T0;
	m = msg(ARPOP_REQUEST, mac_a, IP4(10, 0, 0, 5), IP4(10, 0, 0, 1));
	arp_input(n, 1, &m, T0);
	for (i = 0; i < 100000; i++) {
		mac[2] = (uint8_t)(i >> 16);
		mac[3] = (uint8_t)(i >> 8);
		mac[4] = (uint8_t)i;
		m = msg(ARPOP_REQUEST, mac, htonl(HOST4(10, 1, 0, 0) + i), IP4(10, 0, 0, 1));
		arp_input(n, 1, &m, T0 + NS);
	}
	report(nsm_count(n) == XR_NEIGH_MAX && F.map_n == XR_NEIGH_MAX,
	       "100000 distinct senders: table stops at XR_NEIGH_MAX");
	report(has_entry(n, K(IP4(10, 0, 0, 5)), NSM_REACHABLE, mac_a),
	       "existing entry survives the flood");
	nsm_destroy(n);
}

int main(void)
{
	fake_register();
	test_parse();
	test_build();
	test_resolve();
	test_learning();
	test_gratuitous();
	test_static();
	test_flood();
	return report_done();
}
