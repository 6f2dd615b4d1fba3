// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Route suite, longest-prefix match through the XDP program: overlapping
 * /0, /8, /16, /24 and /32 routes, each to its own gateway on port B (told
 * apart by the destination MAC of the forwarded frame); deleting the
 * longest falls back to the next shorter; equal prefixes pick the lowest
 * metric whichever order they were added in.
 */
#include <errno.h>
#include <linux/if_ether.h>
#include <stdlib.h>
#include <string.h>

#include "route_test.h"

#define S(x)	XR_STAT_##x
#define NET10	0x0a000000u

struct lpm_probe {
	uint32_t dst;
	unsigned gw[6];		/* gateway after 0..5 deletions; 0 = no route */
};

/* Routes i = 0..4: /32, /24, /16, /8, /0 via gateway 5 - i; deleted in that order. */
static const struct { uint32_t prefix; uint8_t len; } lpm_routes[] = {
	{ 0x0a010203, 32 }, { 0x0a010200, 24 }, { 0x0a010000, 16 }, { NET10, 8 }, { 0, 0 },
};

static const struct lpm_probe lpm_probes[] = {
	{ 0x0a010203, { 5, 4, 3, 2, 1, 0 } },	/* 10.1.2.3 */
	{ 0x0a010204, { 4, 4, 3, 2, 1, 0 } },	/* 10.1.2.4: same /24 */
	{ 0x0a0102ff, { 4, 4, 3, 2, 1, 0 } },	/* 10.1.2.255 */
	{ 0x0a010300, { 3, 3, 3, 2, 1, 0 } },	/* 10.1.3.0 */
	{ 0x0a02ffff, { 2, 2, 2, 2, 1, 0 } },	/* 10.2.255.255 */
	{ 0x0bffffff, { 1, 1, 1, 1, 1, 0 } },	/* 11.255.255.255 */
	{ 0x09000001, { 1, 1, 1, 1, 1, 0 } },	/* 9.0.0.1 */
};

/* Forwarded to B's gateway gw, or handed off as no route when gw is 0. */
static bool lpm_expect(struct harness *h, uint32_t dst, unsigned gw)
{
	static struct pkt in, out;
	uint8_t mac[6];

	pkt_udp4(&in, rt_mac(RT_A), RT_HOST, dst, 64);
	if (!gw)
		return h_case_check(h, &(struct h_case){
			.port = RT_A, .in = &in, .verdict = XDP_DROP,
			.cnt = { { S(RX), 1 }, { S(HANDOFF_NO_ROUTE), 1 }, { S(HANDOFF), 1 } },
			.handoff = S(HANDOFF_NO_ROUTE),
		});
	rt_gw_mac(gw, mac);
	pkt_forwarded(&out, &in, mac, rt_mac(RT_B));
	return h_case_check(h, &(struct h_case){
		.port = RT_A, .in = &in, .verdict = XDP_REDIRECT, .out = &out,
		.cnt = { { S(RX), 1 }, { S(FORWARDED), 1 } }, .handoff = H_NO_HANDOFF,
	});
}

static void lpm_round(struct harness *h, unsigned deleted)
{
	size_t i;

	for (i = 0; i < sizeof(lpm_probes) / sizeof(lpm_probes[0]); i++) {
		const struct lpm_probe *p = &lpm_probes[i];
		unsigned gw = p->gw[deleted];
		bool ok = lpm_expect(h, p->dst, gw);

		h_report(h, ok, "LPM with %u of /32,/24,/16,/8,/0 deleted: %u.%u.%u.%u -> %s%u",
			 deleted, p->dst >> 24, p->dst >> 16 & 0xff, p->dst >> 8 & 0xff,
			 p->dst & 0xff, gw ? "gateway ." : "no route", gw ? gw : 0);
	}
}

static void lpm_overlap(struct harness *h)
{
	unsigned i, n = sizeof(lpm_routes) / sizeof(lpm_routes[0]);
	int err = 0;

	for (i = 0; i < n && !err; i++)
		err = h_route(h, lpm_routes[i].prefix, lpm_routes[i].len, XR_NH_UNICAST, 0, 0,
			      RT_NET_B | (5 - i), 0);
	if (err) {
		h_why(h, "rib_add: %s", strerror(-err));
		h_report(h, false, "LPM: add /32, /24, /16, /8, /0");
		return;
	}
	for (i = 0; i <= n; i++) {
		lpm_round(h, i);
		if (i == n)
			break;
		err = h_route_del(h, lpm_routes[i].prefix, lpm_routes[i].len);
		if (err) {
			h_why(h, "rib_del: %s", strerror(-err));
			h_report(h, false, "LPM: delete /%u", lpm_routes[i].len);
			return;
		}
	}
}

/* prefix/len via B .1 metric m1 then via B .2 metric m2: the lower metric wins. */
static void lpm_metric(struct harness *h, uint32_t prefix, uint32_t m1, uint32_t m2)
{
	unsigned win = m1 < m2 ? 1 : 2, other = 3 - win;
	uint32_t dst = prefix | 0x0505;
	bool ok;

	ok = ASSERT_OK(h, h_route(h, prefix, 16, XR_NH_UNICAST, 0, 0, RT_NET_B | 1, m1),
		       "rib_add") &&
	     ASSERT_OK(h, h_route(h, prefix, 16, XR_NH_UNICAST, 0, 0, RT_NET_B | 2, m2),
		       "rib_add") &&
	     lpm_expect(h, dst, win);
	h_report(h, ok, "metric: metrics %u then %u for one prefix: gateway .%u (metric %u) wins",
		 m1, m2, win, m1 < m2 ? m1 : m2);
	ok = ASSERT_OK(h, h_route_del(h, prefix, 16), "rib_del") && lpm_expect(h, dst, other);
	h_report(h, ok, "metric: deleting the winner falls back to gateway .%u", other);
	ok = ASSERT_OK(h, h_route_del(h, prefix, 16), "rib_del") && lpm_expect(h, dst, 0);
	h_report(h, ok, "metric: deleting both leaves no route");
}

void rt_lpm(struct harness *h)
{
	lpm_overlap(h);
	lpm_metric(h, 0xac100000, 20, 10);	/* 172.16/16: lower added second */
	lpm_metric(h, 0xac110000, 10, 20);	/* 172.17/16: lower added first */
}
