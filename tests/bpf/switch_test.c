// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The switch through BPF_PROG_TEST_RUN: learning, known unicast, same-port
 * drop, flooding, station move, ageing, the fast path's FDB cache seeing
 * every change at once, invalid source MAC, link-local
 * group, isolation between switches, the switch's router MAC, routing into
 * a switch's subnet, and a full table.  A test run cannot say which port
 * a redirect picked, so the decision is read from the counters: known
 * unicast counts `switched`, a flood `flooded`.
 *
 * Fixture: switch 1 (router MAC SW_RMAC, 192.0.2.1/24) on ports 0 and 1,
 * switch 2 on port 2, port 3 routed (198.51.100.0/24).
 */
#include <errno.h>
#include <string.h>
#include <time.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/in.h>

#include "flood.h"
#include "harness.h"

#define SW_BR		1
#define SW_BR2		2
#define SW_IFID		(XR_IFID_BRIDGE | SW_BR)
#define SW_ETH_TEST	0x88b5		/* IEEE local experimental EtherType */
#define SW_PAYLOAD	46
#define NS		1000000000ull

static const uint8_t SW_RMAC[6] = { 0x02, 0, 0, 0, 0x0b, 0x01 };
static const uint8_t MAC_A[6] = { 0x02, 0xaa, 0, 0, 0, 0x01 };
static const uint8_t MAC_B[6] = { 0x02, 0xaa, 0, 0, 0, 0x02 };
static const uint8_t MAC_A2[6] = { 0x02, 0xaa, 0, 0, 0, 0x03 };
static const uint8_t MAC_C[6] = { 0x02, 0xaa, 0, 0, 0, 0x04 };
static const uint8_t MAC_D[6] = { 0x02, 0xaa, 0, 0, 0, 0x05 };
static const uint8_t MAC_E[6] = { 0x02, 0xaa, 0, 0, 0, 0x06 };
static const uint8_t MAC_F[6] = { 0x02, 0xaa, 0, 0, 0, 0x07 };
static const uint8_t MAC_N[6] = { 0x02, 0xbb, 0, 0, 0, 0x01 };	/* behind port 3 */
static const uint8_t MAC_UNKNOWN[6] = { 0x02, 0xcc, 0, 0, 0, 0x01 };
static const uint8_t MAC_MCAST[6] = { 0x01, 0x00, 0x5e, 0, 0, 0x01 };
static const uint8_t MAC_ZERO[6];
static const uint8_t MAC_STP[6] = { 0x01, 0x80, 0xc2, 0, 0, 0x00 };
static const uint8_t MAC_LLDP[6] = { 0x01, 0x80, 0xc2, 0, 0, 0x0e };

#define IP(a, b, c, d)	((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))
#define RX		{ XR_STAT_RX, 1 }
#define C(s)		{ XR_STAT_##s, 1 }

static uint64_t sw_now(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);	/* bpf_ktime_get_ns()'s clock */
	return (uint64_t)ts.tv_sec * NS + (uint64_t)ts.tv_nsec;
}

/* A plain frame of a non-IP EtherType: switched, never routed. */
static void sw_frame(struct pkt *p, const uint8_t dst[6], const uint8_t src[6])
{
	static const uint8_t zero[SW_PAYLOAD];

	pkt_init(p);
	pkt_eth(p, dst, src, SW_ETH_TEST);
	pkt_bytes(p, zero, sizeof(zero));
}

struct sw_find {
	struct xr_fdb_key k;
	struct xr_fdb e;
	bool found;
};

static int sw_fdb_visit(const struct xr_fdb_key *k, const struct xr_fdb *e, void *ctx)
{
	struct sw_find *f = ctx;

	if (memcmp(k, &f->k, sizeof(*k)))
		return 0;
	f->e = *e;
	f->found = true;
	return 1;
}

/* The FDB entry of mac on switch br; false if there is none. */
static bool sw_fdb_get(struct harness *h, uint16_t br, const uint8_t mac[6], struct xr_fdb *e)
{
	struct sw_find f = { .k.bridge = br };

	memcpy(f.k.mac, mac, 6);
	dp_fdb_foreach(h->dp, sw_fdb_visit, &f);
	if (f.found)
		*e = f.e;
	return f.found;
}

static int sw_fdb_put(struct harness *h, uint16_t br, const uint8_t mac[6], unsigned port,
		      uint32_t flags, uint64_t seen_ns)
{
	struct xr_fdb_key k = { .bridge = br };
	struct xr_fdb e = { .ifindex = h->ifindex[port], .flags = flags, .seen_ns = seen_ns };

	memcpy(k.mac, mac, 6);
	return dp_fdb_set(h->dp, &k, &e);
}

/* Report whether mac is (or is not, port < 0) learned on that port. */
static bool sw_expect_port(struct harness *h, uint16_t br, const uint8_t mac[6], int port,
			   const char *desc)
{
	struct xr_fdb e;
	bool found = sw_fdb_get(h, br, mac, &e), ok;

	if (port < 0)
		ok = ASSERT_TRUE(h, !found, "entry on ifindex %u", e.ifindex);
	else
		ok = ASSERT_TRUE(h, found, "no entry") &&
		     ASSERT_EQ(h, e.ifindex, h->ifindex[port], "fdb ifindex");
	return h_report(h, ok, "%s", desc);
}

static int sw_bridge(struct harness *h, uint16_t id, uint32_t flags, uint64_t ageing_ns)
{
	struct xr_bridge br = {
		.mtu = 1500, .flags = XR_BRIDGE_ACTIVE | flags, .ageing_ns = ageing_ns,
	};

	memcpy(br.mac, SW_RMAC, 6);
	return dp_bridge_set(h->dp, id, &br);
}

static int sw_port(struct harness *h, unsigned i, uint16_t br)
{
	int err = h_port_set(h, i, XR_PORT_ACTIVE | XR_PORT_SWITCHED, 1500, br,
			     1000000, 1000000);

	return err ? err : flood_port_add(h->dp, br, h->ifindex[i]);
}

static int sw_setup(struct harness *h)
{
	int err;

	err = sw_bridge(h, SW_BR, XR_BRIDGE_L3, 0);
	err = err ? err : sw_bridge(h, SW_BR2, 0, 0);
	err = err ? err : sw_port(h, 0, SW_BR);
	err = err ? err : sw_port(h, 1, SW_BR);
	err = err ? err : sw_port(h, 2, SW_BR2);
	err = err ? err : h_port_routed(h, 3, 1500);
	err = err ? err : h_route(h, IP(192, 0, 2, 0), 24, XR_NH_UNICAST, RIB_PROTO_KERNEL,
				  SW_IFID, 0, 0);
	err = err ? err : h_route(h, IP(192, 0, 2, 1), 32, XR_NH_LOCAL, RIB_PROTO_LOCAL,
				  SW_IFID, 0, 0);
	err = err ? err : h_route(h, IP(198, 51, 100, 0), 24, XR_NH_UNICAST, RIB_PROTO_KERNEL,
				  h->ifindex[3], 0, 0);
	err = err ? err : h_neigh_set(h, h->ifindex[3], IP(198, 51, 100, 2), MAC_N);
	return err;
}

static void sw_learning(struct harness *h)
{
	struct pkt bc;
	struct xr_fdb e1 = {}, e2 = {};
	bool ok;

	sw_frame(&bc, pkt_bcast_mac, MAC_A);
	h_case_run(h, &(struct h_case){
		.desc = "broadcast from a new station is flooded", .port = 0, .in = &bc,
		.verdict = XDP_REDIRECT, .cnt = { RX, C(FLOODED) }, .handoff = H_NO_HANDOFF });
	sw_expect_port(h, SW_BR, MAC_A, 0, "its source MAC is learned on the ingress port");
	sw_expect_port(h, SW_BR2, MAC_A, -1, "and only in its own switch");

	/* A second frame within XR_FDB_TOUCH_NS must not write the entry. */
	sw_fdb_get(h, SW_BR, MAC_A, &e1);
	h_case_check(h, &(struct h_case){ .port = 0, .in = &bc, .verdict = XDP_REDIRECT,
		.cnt = { RX, C(FLOODED) }, .handoff = H_NO_HANDOFF });
	sw_fdb_get(h, SW_BR, MAC_A, &e2);
	ok = ASSERT_EQ(h, e2.seen_ns, e1.seen_ns, "seen_ns");
	h_report(h, ok, "a fresh entry is not rewritten per packet");

	sw_fdb_put(h, SW_BR, MAC_A, 0, 0, sw_now() - 2 * XR_FDB_TOUCH_NS);
	sw_fdb_get(h, SW_BR, MAC_A, &e1);
	h_case_check(h, &(struct h_case){ .port = 0, .in = &bc, .verdict = XDP_REDIRECT,
		.cnt = { RX, C(FLOODED) }, .handoff = H_NO_HANDOFF });
	sw_fdb_get(h, SW_BR, MAC_A, &e2);
	ok = ASSERT_TRUE(h, e2.seen_ns > e1.seen_ns + XR_FDB_TOUCH_NS,
			 "seen_ns %llu not refreshed", (unsigned long long)e2.seen_ns);
	h_report(h, ok, "an entry older than XR_FDB_TOUCH_NS is refreshed");
}

static void sw_forwarding(struct harness *h)
{
	struct pkt b_bc, a_b, b_a, a2_bc, a_a2, a_unk, a_mc, a_bc, a_len0;

	sw_frame(&b_bc, pkt_bcast_mac, MAC_B);
	sw_frame(&a_b, MAC_B, MAC_A);
	sw_frame(&b_a, MAC_A, MAC_B);
	sw_frame(&a2_bc, pkt_bcast_mac, MAC_A2);
	sw_frame(&a_a2, MAC_A2, MAC_A);
	sw_frame(&a_unk, MAC_UNKNOWN, MAC_A);
	sw_frame(&a_mc, MAC_MCAST, MAC_A);
	sw_frame(&a_bc, pkt_bcast_mac, MAC_A);
	/* An 802.3 length field of 0 is a frame like any other (found by xrdiff). */
	sw_frame(&a_len0, pkt_bcast_mac, MAC_A);
	a_len0.b[12] = a_len0.b[13] = 0;
	const struct h_case cases[] = {
		{ .desc = "B announces itself on port 1", .port = 1, .in = &b_bc,
		  .verdict = XDP_REDIRECT, .cnt = { RX, C(FLOODED) }, .handoff = H_NO_HANDOFF },
		{ .desc = "known unicast A->B is switched, not flooded", .port = 0, .in = &a_b,
		  .verdict = XDP_REDIRECT, .cnt = { RX, C(SWITCHED) }, .handoff = H_NO_HANDOFF },
		{ .desc = "known unicast B->A is switched back", .port = 1, .in = &b_a,
		  .verdict = XDP_REDIRECT, .cnt = { RX, C(SWITCHED) }, .handoff = H_NO_HANDOFF },
		{ .desc = "A2 announces itself on port 0", .port = 0, .in = &a2_bc,
		  .verdict = XDP_REDIRECT, .cnt = { RX, C(FLOODED) }, .handoff = H_NO_HANDOFF },
		{ .desc = "unicast to a station on the ingress port is dropped", .port = 0,
		  .in = &a_a2, .verdict = XDP_DROP, .cnt = { RX, C(DROP_SAME_PORT) },
		  .handoff = H_NO_HANDOFF },
		{ .desc = "unknown unicast is flooded", .port = 0, .in = &a_unk,
		  .verdict = XDP_REDIRECT, .cnt = { RX, C(FLOODED) }, .handoff = H_NO_HANDOFF },
		{ .desc = "multicast is flooded", .port = 0, .in = &a_mc,
		  .verdict = XDP_REDIRECT, .cnt = { RX, C(FLOODED) }, .handoff = H_NO_HANDOFF },
		{ .desc = "broadcast is flooded", .port = 0, .in = &a_bc,
		  .verdict = XDP_REDIRECT, .cnt = { RX, C(FLOODED) }, .handoff = H_NO_HANDOFF },
		{ .desc = "EtherType field 0 is flooded, not dropped as truncated", .port = 0,
		  .in = &a_len0, .verdict = XDP_REDIRECT, .cnt = { RX, C(FLOODED) },
		  .handoff = H_NO_HANDOFF },
	};

	h_cases_run(h, cases, sizeof(cases) / sizeof(cases[0]));
	sw_expect_port(h, SW_BR, MAC_B, 1, "B is learned on port 1");
}

/* B moves from port 1 to port 0: its first frame there re-learns it. */
static void sw_move(struct harness *h)
{
	struct pkt b_bc, a_b, b_unk;

	sw_frame(&b_unk, MAC_UNKNOWN, MAC_B);
	sw_frame(&a_b, MAC_B, MAC_A);
	sw_frame(&b_bc, pkt_bcast_mac, MAC_B);
	h_case_run(h, &(struct h_case){
		.desc = "B's first frame from port 0", .port = 0, .in = &b_unk,
		.verdict = XDP_REDIRECT, .cnt = { RX, C(FLOODED) }, .handoff = H_NO_HANDOFF });
	sw_expect_port(h, SW_BR, MAC_B, 0, "a moved station is re-learned at once");
	h_case_run(h, &(struct h_case){
		.desc = "A->B now stays on port 0 (same port)", .port = 0, .in = &a_b,
		.verdict = XDP_DROP, .cnt = { RX, C(DROP_SAME_PORT) }, .handoff = H_NO_HANDOFF });
	h_case_check(h, &(struct h_case){ .port = 1, .in = &b_bc, .verdict = XDP_REDIRECT,
		.cnt = { RX, C(FLOODED) }, .handoff = H_NO_HANDOFF });
	sw_expect_port(h, SW_BR, MAC_B, 1, "and moves back as quickly");
}

static void sw_ageing(struct harness *h)
{
	uint64_t now = sw_now();
	struct pkt a_c, a_d, d_bc;

	sw_frame(&a_c, MAC_C, MAC_A);
	sw_frame(&a_d, MAC_D, MAC_A);
	sw_frame(&d_bc, pkt_bcast_mac, MAC_D);
	sw_fdb_put(h, SW_BR, MAC_C, 1, 0, now - (XR_FDB_AGEING_S + 1) * NS);
	sw_fdb_put(h, SW_BR, MAC_D, 1, XR_FDB_STATIC, now - 100000 * NS);
	h_case_run(h, &(struct h_case){
		.desc = "an entry older than the default ageing is unknown: flooded", .port = 0,
		.in = &a_c, .verdict = XDP_REDIRECT, .cnt = { RX, C(FLOODED) },
		.handoff = H_NO_HANDOFF });
	/* What now - 301 s is on a machine up for less than that: no real stamp. */
	sw_fdb_put(h, SW_BR, MAC_C, 1, 0, now + (XR_FDB_AGEING_S + 1) * NS);
	h_case_run(h, &(struct h_case){
		.desc = "an entry stamped far ahead of the clock is unknown: flooded", .port = 0,
		.in = &a_c, .verdict = XDP_REDIRECT, .cnt = { RX, C(FLOODED) },
		.handoff = H_NO_HANDOFF });
	sw_fdb_put(h, SW_BR, MAC_C, 1, 0, now + NS / 100);
	h_case_run(h, &(struct h_case){
		.desc = "one a tick ahead (another CPU's stamp) is known: switched", .port = 0,
		.in = &a_c, .verdict = XDP_REDIRECT, .cnt = { RX, C(SWITCHED) },
		.handoff = H_NO_HANDOFF });
	sw_fdb_put(h, SW_BR, MAC_C, 1, 0, now - (XR_FDB_AGEING_S - 5) * NS);
	h_case_run(h, &(struct h_case){
		.desc = "one younger than the ageing is known: switched", .port = 0,
		.in = &a_c, .verdict = XDP_REDIRECT, .cnt = { RX, C(SWITCHED) },
		.handoff = H_NO_HANDOFF });
	h_case_run(h, &(struct h_case){
		.desc = "a static entry never ages", .port = 0, .in = &a_d,
		.verdict = XDP_REDIRECT, .cnt = { RX, C(SWITCHED) }, .handoff = H_NO_HANDOFF });
	h_case_check(h, &(struct h_case){ .port = 0, .in = &d_bc, .verdict = XDP_REDIRECT,
		.cnt = { RX, C(FLOODED) }, .handoff = H_NO_HANDOFF });
	sw_expect_port(h, SW_BR, MAC_D, 1, "a static entry does not move");

	/* `bridge set br ageing 2`: the switch's own ageing applies. */
	sw_bridge(h, SW_BR, XR_BRIDGE_L3, 2 * NS);
	sw_fdb_put(h, SW_BR, MAC_C, 1, 0, sw_now() - 3 * NS);
	h_case_run(h, &(struct h_case){
		.desc = "the switch's ageing time applies", .port = 0, .in = &a_c,
		.verdict = XDP_REDIRECT, .cnt = { RX, C(FLOODED) }, .handoff = H_NO_HANDOFF });
	sw_bridge(h, SW_BR, XR_BRIDGE_L3, 0);
}

static int sw_fdb_del(struct harness *h, uint16_t br, const uint8_t mac[6])
{
	struct xr_fdb_key k = { .bridge = br };

	memcpy(k.mac, mac, 6);
	return dp_fdb_del(h->dp, &k);
}

/*
 * Known stations are answered from the fast path's per-CPU copy of the FDB
 * (bpf/fdb_cache.h): every change the daemon makes reaches it with the
 * next frame, and a copy still ages.
 */
static void sw_cache(struct harness *h)
{
	struct pkt a_b, b_bc, a_e;

	sw_frame(&a_b, MAC_B, MAC_A);
	sw_frame(&b_bc, pkt_bcast_mac, MAC_B);
	sw_frame(&a_e, MAC_E, MAC_A);
	h_case_check(h, &(struct h_case){ .port = 1, .in = &b_bc, .verdict = XDP_REDIRECT,
		.cnt = { RX, C(FLOODED) }, .handoff = H_NO_HANDOFF });
	h_case_run(h, &(struct h_case){
		.desc = "cache: a known station is switched (and its entry cached)", .port = 0,
		.in = &a_b, .verdict = XDP_REDIRECT, .cnt = { RX, C(SWITCHED) },
		.handoff = H_NO_HANDOFF });
	sw_fdb_del(h, SW_BR, MAC_B);
	h_case_run(h, &(struct h_case){
		.desc = "cache: a station the daemon deleted is flooded with the next frame",
		.port = 0, .in = &a_b, .verdict = XDP_REDIRECT, .cnt = { RX, C(FLOODED) },
		.handoff = H_NO_HANDOFF });
	sw_fdb_put(h, SW_BR, MAC_B, 1, 0, sw_now());
	h_case_check(h, &(struct h_case){ .port = 0, .in = &a_b, .verdict = XDP_REDIRECT,
		.cnt = { RX, C(SWITCHED) }, .handoff = H_NO_HANDOFF });
	sw_fdb_put(h, SW_BR, MAC_B, 0, XR_FDB_STATIC, 0);
	h_case_run(h, &(struct h_case){
		.desc = "cache: an entry the daemon replaced (static, other port) applies at once",
		.port = 0, .in = &a_b, .verdict = XDP_DROP, .cnt = { RX, C(DROP_SAME_PORT) },
		.handoff = H_NO_HANDOFF });
	sw_fdb_del(h, SW_BR, MAC_B);
	h_case_check(h, &(struct h_case){ .port = 1, .in = &b_bc, .verdict = XDP_REDIRECT,
		.cnt = { RX, C(FLOODED) }, .handoff = H_NO_HANDOFF });
	sw_expect_port(h, SW_BR, MAC_B, 1, "cache: a deleted station is learned again");

	/* A copy holds the stamp, not a verdict: it ages like the entry. */
	sw_bridge(h, SW_BR, XR_BRIDGE_L3, NS);
	sw_fdb_put(h, SW_BR, MAC_E, 1, 0, sw_now() - NS / 2);
	h_case_run(h, &(struct h_case){
		.desc = "cache: a station seen 0.5 s ago, ageing 1 s: switched", .port = 0,
		.in = &a_e, .verdict = XDP_REDIRECT, .cnt = { RX, C(SWITCHED) },
		.handoff = H_NO_HANDOFF });
	nanosleep(&(struct timespec){ .tv_nsec = 700000000 }, NULL);
	h_case_run(h, &(struct h_case){
		.desc = "cache: 0.7 s later its cached copy has aged too: flooded", .port = 0,
		.in = &a_e, .verdict = XDP_REDIRECT, .cnt = { RX, C(FLOODED) },
		.handoff = H_NO_HANDOFF });
	sw_bridge(h, SW_BR, XR_BRIDGE_L3, 0);
	sw_fdb_del(h, SW_BR, MAC_E);
}

static void sw_invalid(struct harness *h)
{
	struct pkt mc_src, bc_src, zero_src, stp, lldp, vlan;

	sw_frame(&mc_src, MAC_A, MAC_MCAST);
	sw_frame(&bc_src, MAC_A, pkt_bcast_mac);
	sw_frame(&zero_src, MAC_A, MAC_ZERO);
	sw_frame(&stp, MAC_STP, MAC_E);
	sw_frame(&lldp, MAC_LLDP, MAC_E);
	pkt_init(&vlan);
	pkt_eth(&vlan, MAC_A, MAC_B, ETH_P_8021Q);
	pkt_vlan(&vlan, 10, SW_ETH_TEST);
	pkt_bytes(&vlan, MAC_ZERO, 6);
	const struct h_case cases[] = {
		{ .desc = "multicast source MAC is dropped", .port = 0, .in = &mc_src,
		  .verdict = XDP_DROP, .cnt = { RX, C(DROP_SRC_MAC) }, .handoff = H_NO_HANDOFF },
		{ .desc = "broadcast source MAC is dropped", .port = 0, .in = &bc_src,
		  .verdict = XDP_DROP, .cnt = { RX, C(DROP_SRC_MAC) }, .handoff = H_NO_HANDOFF },
		{ .desc = "all-zero source MAC is dropped", .port = 0, .in = &zero_src,
		  .verdict = XDP_DROP, .cnt = { RX, C(DROP_SRC_MAC) }, .handoff = H_NO_HANDOFF },
		{ .desc = "STP (01:80:c2:00:00:00) is never forwarded", .port = 0, .in = &stp,
		  .verdict = XDP_DROP, .cnt = { RX, C(DROP_LINK_LOCAL) },
		  .handoff = H_NO_HANDOFF },
		{ .desc = "LLDP (01:80:c2:00:00:0e) is never forwarded", .port = 0, .in = &lldp,
		  .verdict = XDP_DROP, .cnt = { RX, C(DROP_LINK_LOCAL) },
		  .handoff = H_NO_HANDOFF },
		{ .desc = "a tagged frame to a known station is switched as is", .port = 1,
		  .in = &vlan, .verdict = XDP_REDIRECT, .cnt = { RX, C(SWITCHED) },
		  .handoff = H_NO_HANDOFF },
	};

	h_cases_run(h, cases, sizeof(cases) / sizeof(cases[0]));
	sw_expect_port(h, SW_BR, MAC_MCAST, -1, "a multicast source is not learned");
}

/* Switch 2 knows nothing of switch 1's stations. */
static void sw_isolation(struct harness *h)
{
	struct pkt f_a;

	sw_frame(&f_a, MAC_A, MAC_F);
	h_case_run(h, &(struct h_case){
		.desc = "a station of switch 1 is unknown to switch 2: flooded there",
		.port = 2, .in = &f_a, .verdict = XDP_REDIRECT, .cnt = { RX, C(FLOODED) },
		.handoff = H_NO_HANDOFF });
	sw_expect_port(h, SW_BR2, MAC_F, 2, "switch 2 learns in its own table");
	sw_expect_port(h, SW_BR, MAC_F, -1, "switch 1 does not");
}

static void sw_ipv4(struct pkt *p, const uint8_t dst[6], const uint8_t src[6],
		    uint32_t saddr, uint32_t daddr)
{
	struct pkt_ip ip;

	pkt_ip_defaults(&ip, saddr, daddr);
	pkt_init(p);
	pkt_eth(p, dst, src, ETH_P_IP);
	pkt_ipv4(p, &ip);
	pkt_udp(p, 40000, 9, 18);
}

/* The switch as a routed interface: its router MAC takes the IPv4 path. */
static void sw_router_mac(struct harness *h)
{
	static struct pkt up, up_fw, local, arp_uc, arp_bc, v6;
	uint8_t p3mac[6];

	h_port_mac(3, p3mac);
	sw_ipv4(&up, SW_RMAC, MAC_A, IP(192, 0, 2, 11), IP(198, 51, 100, 2));
	pkt_forwarded(&up_fw, &up, MAC_N, p3mac);
	sw_ipv4(&local, SW_RMAC, MAC_A, IP(192, 0, 2, 11), IP(192, 0, 2, 1));
	pkt_init(&arp_uc);
	pkt_eth(&arp_uc, SW_RMAC, MAC_A, ETH_P_ARP);
	pkt_arp(&arp_uc, 2, MAC_A, IP(192, 0, 2, 11), SW_RMAC, IP(192, 0, 2, 1));
	pkt_init(&arp_bc);
	pkt_eth(&arp_bc, pkt_bcast_mac, MAC_A, ETH_P_ARP);
	pkt_arp(&arp_bc, 1, MAC_A, IP(192, 0, 2, 11), MAC_ZERO, IP(192, 0, 2, 1));
	sw_frame(&v6, SW_RMAC, MAC_A);
	v6.b[12] = 0x86, v6.b[13] = 0xdd;
	const struct h_case cases[] = {
		{ .desc = "IPv4 to the router MAC is routed out of port 3", .port = 0,
		  .in = &up, .verdict = XDP_REDIRECT, .out = &up_fw,
		  .cnt = { RX, C(FORWARDED) }, .handoff = H_NO_HANDOFF },
		{ .desc = "IPv4 to the switch's address goes to the daemon", .port = 0,
		  .in = &local, .verdict = XDP_DROP,
		  .cnt = { RX, C(HANDOFF), C(HANDOFF_LOCAL) }, .handoff = XR_STAT_HANDOFF_LOCAL },
		{ .desc = "ARP to the router MAC goes to the daemon", .port = 0,
		  .in = &arp_uc, .verdict = XDP_DROP,
		  .cnt = { RX, C(HANDOFF), C(HANDOFF_ARP) }, .handoff = XR_STAT_HANDOFF_ARP },
		{ .desc = "broadcast ARP is flooded and a copy handed to the daemon", .port = 0,
		  .in = &arp_bc, .verdict = XDP_REDIRECT,
		  .cnt = { RX, C(FLOODED), C(HANDOFF), C(HANDOFF_ARP) },
		  .handoff = XR_STAT_HANDOFF_ARP },
		{ .desc = "IPv6 to the router MAC passes to the kernel", .port = 0, .in = &v6,
		  .verdict = XDP_PASS, .cnt = { RX, C(PASS) }, .handoff = H_NO_HANDOFF },
	};

	h_cases_run(h, cases, sizeof(cases) / sizeof(cases[0]));
}

/* Routed into switch 1's subnet from port 3: neighbour, then FDB. */
static void sw_bridge_output(struct harness *h)
{
	static struct pkt in_a, out_a, in_miss, in_unk, out_unk, in_big;
	uint8_t p3mac[6];

	h_port_mac(3, p3mac);
	h_neigh_set(h, SW_IFID, IP(192, 0, 2, 11), MAC_A);
	h_neigh_set(h, SW_IFID, IP(192, 0, 2, 13), MAC_UNKNOWN);
	sw_ipv4(&in_a, p3mac, MAC_N, IP(198, 51, 100, 2), IP(192, 0, 2, 11));
	pkt_forwarded(&out_a, &in_a, MAC_A, SW_RMAC);
	sw_ipv4(&in_miss, p3mac, MAC_N, IP(198, 51, 100, 2), IP(192, 0, 2, 12));
	sw_ipv4(&in_unk, p3mac, MAC_N, IP(198, 51, 100, 2), IP(192, 0, 2, 13));
	pkt_forwarded(&out_unk, &in_unk, MAC_UNKNOWN, SW_RMAC);
	sw_ipv4(&in_big, p3mac, MAC_N, IP(198, 51, 100, 2), IP(192, 0, 2, 11));
	pkt_udp(&in_big, 40000, 9, 1600);
	const struct h_case cases[] = {
		{ .desc = "routed to a known host: its port, router MAC as source", .port = 3,
		  .in = &in_a, .verdict = XDP_REDIRECT, .out = &out_a,
		  .cnt = { RX, C(FORWARDED) }, .handoff = H_NO_HANDOFF },
		{ .desc = "routed to an unresolved host: neighbour miss to the daemon",
		  .port = 3, .in = &in_miss, .verdict = XDP_DROP,
		  .cnt = { RX, C(HANDOFF), C(HANDOFF_NEIGH_MISS) },
		  .handoff = XR_STAT_HANDOFF_NEIGH_MISS, .nh_ifid = SW_IFID,
		  .nh_ip = IP(192, 0, 2, 12) },
		{ .desc = "routed to a host the FDB does not know: flooded", .port = 3,
		  .in = &in_unk, .verdict = XDP_REDIRECT, .out = &out_unk,
		  .cnt = { RX, C(FORWARDED), C(FLOODED) }, .handoff = H_NO_HANDOFF },
		{ .desc = "routed over the switch's MTU: to the daemon", .port = 3,
		  .in = &in_big, .verdict = XDP_DROP,
		  .cnt = { RX, C(HANDOFF), C(HANDOFF_MTU) }, .handoff = XR_STAT_HANDOFF_MTU,
		  .nh_ifid = SW_IFID, .mtu = 1500 },
	};

	h_cases_run(h, cases, sizeof(cases) / sizeof(cases[0]));
	/* Routed into the switch, the FDB's answer comes from the same cache. */
	sw_fdb_del(h, SW_BR, MAC_A);
	h_case_run(h, &(struct h_case){
		.desc = "cache: routed to a host the daemon just deleted from the FDB: flooded",
		.port = 3, .in = &in_a, .verdict = XDP_REDIRECT, .out = &out_a,
		.cnt = { RX, C(FORWARDED), C(FLOODED) }, .handoff = H_NO_HANDOFF });
	sw_fdb_put(h, SW_BR, MAC_A, 0, 0, sw_now());
	h_case_run(h, &(struct h_case){
		.desc = "cache: and to its port again once it is back", .port = 3, .in = &in_a,
		.verdict = XDP_REDIRECT, .out = &out_a, .cnt = { RX, C(FORWARDED) },
		.handoff = H_NO_HANDOFF });
}

/*
 * A broadcast of three pages: the kernel's broadcast redirect cannot clone
 * a multi-buffer frame, so the daemon floods it (include/handoff.h): the
 * whole frame goes up, with the switch and "not back to the ingress port".
 */
static void sw_jumbo_flood(struct harness *h)
{
	static const uint8_t zero[1000];
	static struct pkt big;

	sw_frame(&big, pkt_bcast_mac, MAC_A);
	while (big.len + sizeof(zero) <= 9000)
		pkt_bytes(&big, zero, sizeof(zero));
	h_case_run(h, &(struct h_case){
		.desc = "a multi-buffer broadcast goes to the daemon to flood, whole", .port = 0,
		.in = &big, .verdict = XDP_DROP, .cnt = { RX, C(HANDOFF), C(HANDOFF_FLOOD) },
		.handoff = XR_STAT_HANDOFF_FLOOD, .nh_ifid = SW_BR | XR_HANDOFF_FLOOD_EXCLUDE,
	});
}

/* Fill the FDB to its limit with stations nobody will use; -errno. */
static int sw_fill(struct harness *h, unsigned *n)
{
	uint8_t mac[6] = { 0x02, 0xee, 0, 0, 0, 0 };
	uint64_t now = sw_now();
	unsigned i;

	for (i = 0; i < XR_FDB_MAX + 1; i++) {
		mac[3] = (uint8_t)(i >> 16), mac[4] = (uint8_t)(i >> 8), mac[5] = (uint8_t)i;
		struct xr_fdb_key k = { .bridge = SW_BR };
		struct xr_fdb e = { .ifindex = h->ifindex[1], .seen_ns = now };
		int err;

		memcpy(k.mac, mac, 6);
		err = dp_fdb_set(h->dp, &k, &e);
		if (err == -E2BIG || err == -ENOMEM)
			break;
		if (err)
			return err;
	}
	*n = i;
	return 0;
}

/*
 * Hosts with TX checksum offload leave TCP/UDP checksums partial; a switched
 * or flooded frame leaves as an xdp_frame that cannot say so, so the switch
 * finishes them (bpf/l4csum.h) for IPv4 and IPv6, tagged or not.
 */
static void sw_l4_frame(struct pkt *p, const uint8_t dst[6], bool v6, bool tagged,
			bool partial, size_t n6)
{
	static const uint8_t s6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 1 };
	static const uint8_t d6[16] = { 0x20, 0x01, 0x0d, 0xb8, [15] = 2 };
	uint16_t type = v6 ? ETH_P_IPV6 : ETH_P_IP;
	struct pkt_ip ip;

	pkt_init(p);
	pkt_eth(p, dst, MAC_A, tagged ? ETH_P_8021Q : type);
	if (tagged)
		pkt_vlan(p, 10, type);
	if (v6) {
		pkt_ipv6(p, s6, d6, IPPROTO_UDP, 64);
		pkt_udp(p, 40000, 53, n6);
	} else {
		pkt_ip_defaults(&ip, IP(192, 0, 2, 10), IP(192, 0, 2, 11));
		ip.proto = IPPROTO_TCP;
		pkt_ipv4(p, &ip);
		pkt_tcp(p, 40000, 5201, 1200);
	}
	pkt_l4_csum(p, partial);
}

static void sw_l4csum(struct harness *h)
{
	static const uint8_t mac_k[6] = { 0x02, 0xaa, 0, 0, 0, 0x10 };
	static const struct { bool v6, tagged, known; size_t n6; const char *desc; } c[] = {
		{ false, false, true, 301, "TX offload: switched TCP leaves with its checksum finished" },
		{ true, false, true, 301, "TX offload: switched IPv6 UDP leaves finished" },
		{ false, true, true, 301, "TX offload: switched tagged TCP leaves finished" },
		{ true, false, false, 301, "TX offload: flooded IPv6 UDP leaves finished" },
		/* Length 240 + next header 17 carries out of a byte (found by xrdiff). */
		{ true, false, true, 232, "TX offload: IPv6 UDP whose length and next header carry" },
	};
	struct pkt in, out;

	sw_fdb_put(h, SW_BR, mac_k, 1, XR_FDB_STATIC, 0);
	for (size_t i = 0; i < sizeof(c) / sizeof(c[0]); i++) {
		const uint8_t *dst = c[i].known ? mac_k : MAC_UNKNOWN;

		sw_l4_frame(&in, dst, c[i].v6, c[i].tagged, true, c[i].n6);
		sw_l4_frame(&out, dst, c[i].v6, c[i].tagged, false, c[i].n6);
		h_case_run(h, &(struct h_case){ .desc = c[i].desc, .port = 0, .in = &in,
			.out = &out, .verdict = XDP_REDIRECT,
			.cnt = { RX, c[i].known ? (struct h_delta)C(SWITCHED) :
						  (struct h_delta)C(FLOODED) },
			.handoff = H_NO_HANDOFF });
	}
	sw_l4_frame(&in, mac_k, false, false, false, 0);
	h_case_run(h, &(struct h_case){ .desc = "TX offload: a complete checksum is switched as is",
		.port = 0, .in = &in, .verdict = XDP_REDIRECT, .cnt = { RX, C(SWITCHED) },
		.handoff = H_NO_HANDOFF });
}

/* A full table: known stations stay reachable, new ones are flooded. */
static void sw_full(struct harness *h)
{
	struct pkt g_bc, a_g, a_b;
	static const uint8_t mac_g[6] = { 0x02, 0xaa, 0, 0, 0, 0x08 };
	unsigned n = 0;
	bool ok;

	ok = ASSERT_OK(h, sw_fill(h, &n), "fill") && ASSERT_TRUE(h, n > 0, "nothing added");
	h_report(h, ok, "the FDB fills up (%u entries added)", n);
	sw_frame(&g_bc, pkt_bcast_mac, mac_g);
	sw_frame(&a_g, mac_g, MAC_A);
	sw_frame(&a_b, MAC_B, MAC_A);
	const struct h_case cases[] = {
		{ .desc = "full table: a new station's frames are still forwarded", .port = 1,
		  .in = &g_bc, .verdict = XDP_REDIRECT, .cnt = { RX, C(FLOODED) },
		  .handoff = H_NO_HANDOFF },
		{ .desc = "full table: frames to the new station are flooded", .port = 0,
		  .in = &a_g, .verdict = XDP_REDIRECT, .cnt = { RX, C(FLOODED) },
		  .handoff = H_NO_HANDOFF },
		{ .desc = "full table: known stations are still switched", .port = 0,
		  .in = &a_b, .verdict = XDP_REDIRECT, .cnt = { RX, C(SWITCHED) },
		  .handoff = H_NO_HANDOFF },
	};

	h_cases_run(h, cases, sizeof(cases) / sizeof(cases[0]));
	sw_expect_port(h, SW_BR, mac_g, -1, "full table: the new station is not learned");
}

int switch_suite(struct harness *h)
{
	int err = sw_setup(h);

	if (err)
		return err;
	sw_learning(h);
	sw_forwarding(h);
	sw_move(h);
	sw_ageing(h);
	sw_cache(h);
	sw_invalid(h);
	sw_isolation(h);
	sw_router_mac(h);
	sw_bridge_output(h);
	sw_l4csum(h);
	sw_jumbo_flood(h);
	sw_full(h);	/* last: it leaves the table full */
	return 0;
}
