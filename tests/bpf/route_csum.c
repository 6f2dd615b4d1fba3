// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Route suite, the incremental checksum: random valid headers, with and
 * without IP options (NOP, timestamp, record route, router alert -- never a
 * source route), are forwarded and the outgoing frame must equal the
 * input with TTL - 1, the checksum recomputed from scratch and the MACs
 * rewritten.  Then the RFC 1624 edge cases: a checksum field of 0x0000 or
 * 0xFFFF on input, 0x0000 on output.
 */
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <arpa/inet.h>
#include <stdlib.h>
#include <string.h>

#include "route_test.h"

#define S(x)		XR_STAT_##x
#define CS_ROUTE	0x20000000u	/* 32.0.0.0/3 via C .1 */
#define CS_N		10000
#define CS_SEED		0x5eed1624u

static uint32_t cs_rng = CS_SEED;

static uint32_t cs_rand(void)
{
	cs_rng ^= cs_rng << 13;
	cs_rng ^= cs_rng >> 17;
	cs_rng ^= cs_rng << 5;
	return cs_rng;
}

/* One option of at most room bytes; returns its length (0: none fits). */
static size_t cs_opt(uint8_t *o, size_t room)
{
	size_t n;

	switch (cs_rand() % 4) {
	case 0:
		o[0] = 1;				/* NOP */
		return 1;
	case 1:					/* timestamp, 1..4 slots */
		n = 4 + 4 * (1 + cs_rand() % 4);
		if (n > room)
			return room ? cs_opt(o, 1) : 0;
		memset(o, 0, n);
		o[0] = 0x44, o[1] = (uint8_t)n, o[2] = 5, o[3] = 0;
		return n;
	case 2:					/* record route, 1..4 slots */
		n = 3 + 4 * (1 + cs_rand() % 4);
		if (n > room)
			return room ? cs_opt(o, 1) : 0;
		memset(o, 0, n);
		o[0] = 7, o[1] = (uint8_t)n, o[2] = 4;
		return n;
	default:				/* router alert */
		if (room < 4)
			return room ? cs_opt(o, 1) : 0;
		o[0] = 0x94, o[1] = 4, o[2] = 0, o[3] = 0;
		return 4;
	}
}

/* 4..40 bytes of options, EOL-padded to a multiple of 4. */
static size_t cs_opts(uint8_t *o)
{
	size_t len = 4 * (1 + cs_rand() % 10), off = 0, n;

	memset(o, 0, len);
	while (off < len) {
		n = cs_opt(o + off, len - off);
		if (!n || cs_rand() % 8 == 0)
			break;			/* the rest stays EOL */
		off += n;
	}
	return len;
}

static void cs_frame(struct pkt *p, bool opts)
{
	uint8_t o[40];
	struct pkt_ip ip;
	size_t n, i;

	/* Sources from 1.0.0.0 to 126.255.255.255: never martian. */
	pkt_ip_defaults(&ip, (1 + cs_rand() % 126) << 24 | (cs_rand() & 0xffffff),
			CS_ROUTE | (cs_rand() & 0x1fffffff));
	ip.ttl = (uint8_t)(2 + cs_rand() % 254);
	ip.proto = (uint8_t)cs_rand();
	ip.tos = (uint8_t)cs_rand();
	ip.id = (uint16_t)cs_rand();
	ip.frag = (uint16_t)(cs_rand() & 0x5fff);
	if (opts) {
		ip.optlen = cs_opts(o);
		ip.opts = o;
	}
	pkt_init(p);
	pkt_eth(p, rt_mac(RT_A), pkt_host_mac, ETH_P_IP);
	pkt_ipv4(p, &ip);
	n = cs_rand() % 65;
	for (i = 0; i < n; i++)
		pkt_bytes(p, (uint8_t[]){ (uint8_t)cs_rand() }, 1);
	pkt_ip_finish(p);
}

static bool cs_check(struct harness *h, const struct pkt *in)
{
	static struct pkt out;
	uint8_t mac[6];

	rt_gw_mac(0x11, mac);
	pkt_forwarded(&out, in, mac, rt_mac(RT_C));
	return h_case_check(h, &(struct h_case){
		.port = RT_A, .in = in, .verdict = XDP_REDIRECT, .out = &out,
		.cnt = { { S(RX), 1 }, { S(FORWARDED), 1 } }, .handoff = H_NO_HANDOFF,
	});
}

static void cs_sweep(struct harness *h, bool opts)
{
	static struct pkt in;
	unsigned i, bad = 0;
	char first[H_WHY_MAX] = "";

	for (i = 0; i < CS_N; i++) {
		cs_frame(&in, opts);
		if (cs_check(h, &in))
			continue;
		if (!bad++) {
			const struct iphdr *ip = (const void *)(in.b + in.l3);

			snprintf(first, sizeof(first), "case %u (ihl %u ttl %u check 0x%04x): %.300s",
				 i, ip->ihl, ip->ttl, ntohs(ip->check), h->why);
		}
		h->why[0] = 0;
	}
	if (bad)
		h_why(h, "%u of %u wrong; first: %s", bad, CS_N, first);
	h_report(h, !bad, "checksum: %u random headers %s IP options forwarded with TTL - 1 "
		 "and the checksum of a full recomputation (seed 0x%x)", CS_N,
		 opts ? "with" : "without", CS_SEED);
}

/* A header whose checksum field, at this TTL, is 0x0000. */
static void cs_zero(struct pkt *p, uint8_t ttl)
{
	struct iphdr *ip;

	pkt_udp4(p, rt_mac(RT_A), RT_HOST, CS_ROUTE | 0x010203, ttl);
	ip = (struct iphdr *)(p->b + p->l3);
	ip->id = 0;
	pkt_ip_recsum(p);
	/* id := the checksum without it: the sum becomes 0xFFFF, checksum 0. */
	ip->id = ip->check;
	pkt_ip_recsum(p);
}

/* The checksum field a full recomputation gives after the decrement. */
static uint16_t cs_out_check(const struct pkt *in)
{
	static struct pkt out;

	pkt_forwarded(&out, in, pkt_host_mac, pkt_host_mac);
	return ((const struct iphdr *)(out.b + out.l3))->check;
}

static void cs_edges(struct harness *h)
{
	static struct pkt in;
	struct iphdr *ip = (struct iphdr *)(in.b + 14);
	bool ok;

	cs_zero(&in, 64);
	ok = ASSERT_EQ(h, ip->check, 0, "input checksum") && cs_check(h, &in);
	h_report(h, ok, "checksum: input field 0x0000");
	cs_zero(&in, 64);
	ip->check = 0xffff;	/* the other zero: still a valid header */
	ok = cs_check(h, &in);
	h_report(h, ok, "checksum: input field 0xFFFF (negative zero)");
	cs_zero(&in, 63);	/* so that after the decrement it is 0 */
	ip->ttl = 64;
	pkt_ip_recsum(&in);
	ok = ASSERT_EQ(h, cs_out_check(&in), 0, "expected output checksum") && cs_check(h, &in);
	h_report(h, ok, "checksum: output field 0x0000 (RFC 1624 eqn. 2 would give 0xFFFF)");
	cs_zero(&in, 255);
	ok = cs_check(h, &in);
	h_report(h, ok, "checksum: TTL 255 with field 0x0000");
	cs_zero(&in, 1);
	ip->ttl = 2;
	pkt_ip_recsum(&in);
	ok = ASSERT_EQ(h, cs_out_check(&in), 0, "expected output checksum") && cs_check(h, &in);
	h_report(h, ok, "checksum: TTL 2 leaving as TTL 1 with field 0x0000");
}

void rt_csum(struct harness *h)
{
	if (!ASSERT_OK(h, h_route(h, CS_ROUTE, 3, XR_NH_UNICAST, 0, 0, RT_NET_C | 1, 0),
		       "rib_add 32.0.0.0/3")) {
		h_report(h, false, "checksum: route for the sweep");
		return;
	}
	cs_edges(h);
	cs_sweep(h, false);
	cs_sweep(h, true);
	h_route_del(h, CS_ROUTE, 3);
}
