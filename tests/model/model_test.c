// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The reference model (model.c) against SPEC.md's own examples, so that
 * xrdiff compares the program with something known right: forwarding via
 * a gateway (TTL - 1, checksum, MACs), the router's address whatever the
 * TTL, TTL 1, no route, MTU, ARP, a tagged frame, a martian, a source
 * route, and a switch learning, switching and refusing to send a frame
 * back where it came from; IPv6 via a link-local gateway and what it
 * refuses; a router address on the kernel too.  Built as
 * build/tests/unit/model_test.
 */
#include <string.h>

#include "../unit/check.h"
#include "model.h"

#define IF_A	11u
#define IF_B	12u
#define IF_S1	13u
#define IF_S2	14u

static const uint8_t MAC_A[6] = { 2, 0, 0, 0, 0, 0x10 }, MAC_B[6] = { 2, 0, 0, 0, 0, 0x20 };
static const uint8_t HOST[6] = { 2, 0xaa, 0, 0, 0, 1 }, GW[6] = { 2, 0xbb, 0, 0, 0, 1 };
static const uint8_t ST1[6] = { 2, 0xcc, 0, 0, 0, 1 }, ST2[6] = { 2, 0xcc, 0, 0, 0, 2 };

static struct mdl_tables t;
static struct mdl_result r;

/* Ports A and B routed (B's MTU 1400), S1 and S2 a switch; 203.0.113.0/24 via 192.0.2.2 on B. */
static void tables(void)
{
	memset(&t, 0, sizeof(t));
	t.port[0] = (struct mdl_port){ .ifindex = IF_A, .mtu = 1500, .slot = 1,
				       .flags = XR_PORT_ACTIVE | XR_PORT_ROUTED };
	t.port[1] = (struct mdl_port){ .ifindex = IF_B, .mtu = 1400, .slot = 2,
				       .flags = XR_PORT_ACTIVE | XR_PORT_ROUTED };
	memcpy(t.port[0].mac, MAC_A, 6);
	memcpy(t.port[1].mac, MAC_B, 6);
	for (unsigned i = 2; i < 4; i++)
		t.port[i] = (struct mdl_port){ .ifindex = i == 2 ? IF_S1 : IF_S2, .slot = (uint16_t)(i + 1),
					       .bridge = 1,
					       .flags = XR_PORT_ACTIVE | XR_PORT_SWITCHED };
	t.bridge[1].flags = XR_BRIDGE_ACTIVE;
	t.route[t.nroute++] = (struct mdl_route){ HOST4(198, 51, 100, 1), 32, XR_NH_LOCAL, 2, IF_A, 0, 0 };
	t.route[t.nroute++] = (struct mdl_route){ HOST4(198, 51, 100, 0), 24, XR_NH_UNICAST, 1, IF_A, 0, 0 };
	t.route[t.nroute++] = (struct mdl_route){ HOST4(192, 0, 2, 0), 24, XR_NH_UNICAST, 1, IF_B, 0, 0 };
	t.route[t.nroute++] = (struct mdl_route){ HOST4(203, 0, 113, 0), 24, XR_NH_UNICAST, 0, IF_B,
						  HOST4(192, 0, 2, 2), 0 };
	t.neigh[t.nneigh++] = (struct mdl_neigh){ .ifid = IF_B, .ip = HOST4(192, 0, 2, 2) };
	memcpy(t.neigh[0].mac, GW, 6);
}

static size_t eth(uint8_t *b, const uint8_t *dst, const uint8_t *src, uint16_t type)
{
	memcpy(b, dst, 6);
	memcpy(b + 6, src, 6);
	b[12] = (uint8_t)(type >> 8);
	b[13] = (uint8_t)type;
	return 14;
}

/* An IPv4 UDP frame to port A's MAC of l3len bytes; opts (a multiple of 4) after the header. */
static size_t ip_frame(uint8_t *b, uint32_t src, uint32_t dst, uint8_t ttl, size_t l3len,
		       const uint8_t *opts, size_t optlen)
{
	size_t o = eth(b, MAC_A, HOST, 0x0800), hl = 20 + optlen;
	uint8_t *h = b + o;
	uint16_t c;

	memset(h, 0, l3len);
	h[0] = (uint8_t)(0x40 | hl / 4);
	h[2] = (uint8_t)(l3len >> 8);
	h[3] = (uint8_t)l3len;
	h[8] = ttl;
	h[9] = 17;
	for (int i = 0; i < 4; i++) {
		h[12 + i] = (uint8_t)(src >> (24 - 8 * i));
		h[16 + i] = (uint8_t)(dst >> (24 - 8 * i));
	}
	memcpy(h + 20, opts, optlen);
	c = mdl_csum(h, hl);
	h[10] = (uint8_t)(c >> 8);
	h[11] = (uint8_t)c;
	return o + l3len;
}

static bool only(int stat)
{
	for (int i = 0; i < XR_STAT_MAX; i++)
		if (r.cnt[i] != (i == XR_STAT_RX || i == stat ||
				 (stat < XR_HANDOFF_REASON_MAX && i == XR_STAT_HANDOFF)))
			return false;
	return true;
}

static void test_routing(void)
{
	uint8_t b[1600];
	static const uint8_t lsrr[4] = { 0x83, 3, 4, 0 };
	uint16_t csum;
	size_t n;

	tables();
	n = ip_frame(b, HOST4(198, 51, 100, 7), HOST4(203, 0, 113, 9), 64, 100, NULL, 0);
	mdl_run(&t, 0, b, n, 0, &r);
	report(r.verdict == MDL_REDIRECT && r.oif == IF_B && r.routed && only(XR_STAT_FORWARDED),
	       "via a resolved gateway: redirected out of B, counted forwarded");
	report(!memcmp(r.out, GW, 6) && !memcmp(r.out + 6, MAC_B, 6) && r.out[14 + 8] == 63 &&
	       mdl_csum(r.out + 14, 20) == 0 && r.out[23] == b[23] &&
	       !memcmp(r.out + 26, b + 26, n - 26),
	       "the MACs rewritten, TTL 63 and a valid checksum; nothing else changed");
	n = ip_frame(b, HOST4(198, 51, 100, 7), HOST4(203, 0, 113, 9), 1, 100, NULL, 0);
	mdl_run(&t, 0, b, n, 0, &r);
	report(r.handoff == XR_STAT_HANDOFF_TTL && r.verdict == MDL_DROP && only(XR_STAT_HANDOFF_TTL),
	       "TTL 1: handed to the daemon for Time Exceeded");
	n = ip_frame(b, HOST4(198, 51, 100, 7), HOST4(198, 51, 100, 1), 0, 100, NULL, 0);
	mdl_run(&t, 0, b, n, 0, &r);
	report(r.handoff == XR_STAT_HANDOFF_LOCAL, "the router's address with TTL 0: handed off as local");
	n = ip_frame(b, HOST4(198, 51, 100, 7), HOST4(8, 8, 8, 8), 64, 100, NULL, 0);
	mdl_run(&t, 0, b, n, 0, &r);
	report(r.handoff == XR_STAT_HANDOFF_NO_ROUTE, "no route: handed off");
	n = ip_frame(b, HOST4(198, 51, 100, 7), HOST4(203, 0, 113, 9), 64, 1401, NULL, 0);
	mdl_run(&t, 0, b, n, 0, &r);
	report(r.handoff == XR_STAT_HANDOFF_MTU && r.ho_mtu == 1400 && r.ho_nh_ip == HOST4(192, 0, 2, 2),
	       "1401 bytes for an MTU of 1400: handed off with the MTU and next hop");
	n = ip_frame(b, HOST4(192, 0, 2, 9), HOST4(192, 0, 2, 77), 64, 100, NULL, 0);
	mdl_run(&t, 0, b, n, 0, &r);
	report(r.handoff == XR_STAT_HANDOFF_NEIGH_MISS && r.ho_nh_ip == HOST4(192, 0, 2, 77),
	       "an unresolved on-link host: handed off for resolution");
	n = ip_frame(b, HOST4(127, 0, 0, 1), HOST4(203, 0, 113, 9), 64, 100, NULL, 0);
	mdl_run(&t, 0, b, n, 0, &r);
	report(r.verdict == MDL_DROP && only(XR_STAT_DROP_MARTIAN_SRC), "source 127.0.0.1: dropped");
	n = ip_frame(b, HOST4(198, 51, 100, 7), HOST4(203, 0, 113, 9), 64, 100, lsrr, 4);
	mdl_run(&t, 0, b, n, 0, &r);
	report(only(XR_STAT_DROP_SRCROUTE), "LSRR: dropped as a source route");
	b[14 + 10] ^= 1;
	mdl_run(&t, 0, b, n, 0, &r);
	report(only(XR_STAT_DROP_IP_CSUM), "a bad header checksum: dropped");
	n = eth(b, MAC_A, HOST, 0x0806) + 28;
	mdl_run(&t, 0, b, n, 0, &r);
	report(r.handoff == XR_STAT_HANDOFF_ARP, "ARP on a routed port: to the daemon");
	n = eth(b, MAC_A, HOST, 0x8100) + 4;
	b[16] = 0x08;
	b[17] = 0;
	mdl_run(&t, 0, b, n + 20, 0, &r);
	report(r.verdict == MDL_PASS && only(XR_STAT_PASS), "802.1Q-tagged IPv4: passed to the kernel");
	t.port[0].flags |= XR_PORT_LOCAL_KERNEL;
	n = ip_frame(b, HOST4(198, 51, 100, 7), HOST4(198, 51, 100, 1), 64, 100, NULL, 0);
	mdl_run(&t, 0, b, n, 0, &r);
	report(r.verdict == MDL_PASS && only(XR_STAT_PASS),
	       "UDP to a router address that is on the kernel too: the kernel's");
	b[14 + 9] = 1;
	b[14 + 20] = 8;
	b[14 + 10] = b[14 + 11] = 0;
	csum = mdl_csum(b + 14, 20);
	b[14 + 10] = (uint8_t)(csum >> 8);
	b[14 + 11] = (uint8_t)csum;
	mdl_run(&t, 0, b, n, 0, &r);
	report(r.handoff == XR_STAT_HANDOFF_LOCAL, "an echo request to it: still the daemon's");
}

/* 2001:db8:<net>::<host> */
static void db8(uint8_t *a, uint8_t net, uint8_t host)
{
	static const uint8_t p[4] = { 0x20, 0x01, 0x0d, 0xb8 };

	memset(a, 0, 16);
	memcpy(a, p, 4);
	a[5] = net;
	a[15] = host;
}

/* IPv6 UDP to port A's MAC, 8 bytes of UDP header and no payload. */
static size_t ip6_frame(uint8_t *b, const uint8_t *src, const uint8_t *dst, uint8_t hlim)
{
	size_t n = eth(b, MAC_A, HOST, 0x86dd);

	memset(b + n, 0, 48);
	b[n] = 0x60;
	b[n + 5] = 8;
	b[n + 6] = 17;
	b[n + 7] = hlim;
	memcpy(b + n + 8, src, 16);
	memcpy(b + n + 24, dst, 16);
	return n + 48;
}

/* A on 2001:db8:a::/64 (IPv6 on), 2001:db8:c::/48 via fe80::1 on B. */
static void test_ipv6(void)
{
	uint8_t b[128], src[16], dst[16], ll[16] = { 0xfe, 0x80, [15] = 1 };
	uint8_t mapped[16] = { [10] = 0xff, [11] = 0xff, 192, 0, 2, 1 };
	size_t n;

	tables();
	t.port[0].flags |= XR_PORT_IP6;
	db8(t.route6[t.nroute6].prefix, 0xc, 0);
	t.route6[t.nroute6].len = 48;
	t.route6[t.nroute6].type = XR_NH_UNICAST;
	t.route6[t.nroute6].ifid = IF_B;
	memcpy(t.route6[t.nroute6++].gw, ll, 16);
	t.neigh6[0].ifid = IF_B;
	memcpy(t.neigh6[0].ip, ll, 16);
	memcpy(t.neigh6[t.nneigh6++].mac, GW, 6);
	db8(src, 0xa, 7);
	db8(dst, 0xc, 9);
	n = ip6_frame(b, src, dst, 64);
	mdl_run(&t, 0, b, n, 0, &r);
	report(r.verdict == MDL_REDIRECT && r.oif == IF_B && only(XR_STAT_FORWARDED) &&
	       !memcmp(r.out, GW, 6) && !memcmp(r.out + 6, MAC_B, 6) && r.out[14 + 7] == 63 &&
	       !memcmp(r.out + 22, b + 22, n - 22),
	       "IPv6 via a link-local gateway: MACs rewritten, hop limit 63, nothing else changed");
	n = ip6_frame(b, ll, dst, 64);
	mdl_run(&t, 0, b, n, 0, &r);
	report(r.handoff == XR_STAT_HANDOFF_UNREACH, "a link-local source never leaves its link");
	n = ip6_frame(b, mapped, dst, 64);
	mdl_run(&t, 0, b, n, 0, &r);
	report(only(XR_STAT_DROP_IP6_MAPPED), "an IPv4-mapped source: dropped");
	db8(dst, 0xd, 9);
	n = ip6_frame(b, src, dst, 1);
	mdl_run(&t, 0, b, n, 0, &r);
	report(r.handoff == XR_STAT_HANDOFF_TTL, "hop limit 1: handed off for Time Exceeded");
	t.port[0].flags &= ~(uint32_t)XR_PORT_IP6;
	mdl_run(&t, 0, b, n, 0, &r);
	report(r.verdict == MDL_PASS && only(XR_STAT_PASS), "IPv6 off on the port: the kernel's");
}

static void test_switching(void)
{
	uint8_t b[64] = { 0 };

	tables();
	eth(b, (const uint8_t[6]){ 0xff, 0xff, 0xff, 0xff, 0xff, 0xff }, ST1, 0x88b5);
	mdl_run(&t, 2, b, 60, 1, &r);
	report(r.verdict == MDL_REDIRECT && r.flood_bridge == 1 && only(XR_STAT_FLOODED) && t.nfdb == 1,
	       "a broadcast is flooded and its sender learned");
	eth(b, ST1, ST2, 0x88b5);
	mdl_run(&t, 3, b, 60, 2, &r);
	report(r.verdict == MDL_REDIRECT && r.oif == IF_S1 && only(XR_STAT_SWITCHED),
	       "known unicast is switched to its port only");
	mdl_run(&t, 2, b, 60, 3, &r);
	report(r.verdict == MDL_DROP && only(XR_STAT_DROP_SAME_PORT),
	       "a station moved: re-learned, and a frame to the ingress port dropped");
}

int main(void)
{
	test_routing();
	test_ipv6();
	test_switching();
	return report_done();
}
