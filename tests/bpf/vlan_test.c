// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * 802.1Q through BPF_PROG_TEST_RUN: routed VLAN interfaces (tag rewrite
 * with the priority bits kept, pop, push, unknown VIDs, QinQ and 802.1ad
 * to the kernel, ARP handed up as the VLAN interface's), and a VLAN-aware
 * switch (PVID, membership drops, per-VLAN learning, per-VLAN unicast and
 * flooding with the egress port's tagging; routed into a switch's VLAN).
 * The flood's per-port tagging happens in the devmap program, which a
 * test run does not reach: a flood is checked as it leaves the program,
 * tagged with its VLAN.  With rows of their own in the `stats` map, the
 * VLAN interfaces count their frames (the port's rx still counts them).
 *
 * Fixture: port 0 routed with VLAN interfaces 10 (192.0.2.0/24) and 20
 * (198.51.100.0/24); port 1 routed, untagged (203.0.113.0/24); switch 1,
 * VLAN-aware, with port 2 an access port (PVID 10, untagged) and port 3 a
 * trunk (10 and 20 tagged); br1.10 routes 10.10.0.0/24.
 */
#include <string.h>
#include <netinet/in.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>

#include "flood.h"
#include "harness.h"
#include "rib.h"

#define VL_BR		1
#define VL_IF10		xr_ifid_vlan(h->ifindex[0], 10)
#define VL_IF20		xr_ifid_vlan(h->ifindex[0], 20)
#define VL_BRIF10	xr_ifid_vlan(XR_IFID_VLAN_BR | VL_BR, 10)
#define VL_ETH_TEST	0x88b5
#define IP(a, b, c, d)	((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))
#define RX		{ XR_STAT_RX, 1 }
#define C(s)		{ XR_STAT_##s, 1 }

static const uint8_t VL_RMAC[6] = { 0x02, 0, 0, 0, 0x0b, 0x01 };
static const uint8_t MAC_H10[6] = { 0x02, 0x10, 0, 0, 0, 0x02 };
static const uint8_t MAC_H20[6] = { 0x02, 0x20, 0, 0, 0, 0x02 };
static const uint8_t MAC_H1[6] = { 0x02, 0x01, 0, 0, 0, 0x02 };
static const uint8_t MAC_A[6] = { 0x02, 0xaa, 0, 0, 0, 0x01 };
static const uint8_t MAC_B[6] = { 0x02, 0xaa, 0, 0, 0, 0x02 };
static const uint8_t MAC_U[6] = { 0x02, 0xcc, 0, 0, 0, 0x01 };

/* A tagged (tci) or untagged (tci < 0) UDP frame src -> dst. */
static void vl_udp(struct pkt *p, const uint8_t dmac[6], const uint8_t smac[6], int tci,
		   uint32_t src, uint32_t dst)
{
	struct pkt_ip ip;

	pkt_init(p);
	pkt_ip_defaults(&ip, src, dst);
	if (tci >= 0) {
		pkt_eth(p, dmac, smac, ETH_P_8021Q);
		/* pkt_vlan() keeps the VID only: write the whole TCI. */
		pkt_vlan(p, 0, ETH_P_IP);
		p->b[14] = (uint8_t)(tci >> 8);
		p->b[15] = (uint8_t)tci;
	} else {
		pkt_eth(p, dmac, smac, ETH_P_IP);
	}
	pkt_ipv4(p, &ip);
	pkt_udp(p, 1000, 2000, 18);
}

/* A non-IP frame, tagged (vid > 0) or not, for the switch. */
static void vl_l2(struct pkt *p, const uint8_t dmac[6], const uint8_t smac[6], int tci)
{
	static const uint8_t zero[46];

	pkt_init(p);
	if (tci >= 0) {
		pkt_eth(p, dmac, smac, ETH_P_8021Q);
		pkt_vlan(p, 0, VL_ETH_TEST);
		p->b[14] = (uint8_t)(tci >> 8);
		p->b[15] = (uint8_t)tci;
	} else {
		pkt_eth(p, dmac, smac, VL_ETH_TEST);
	}
	pkt_bytes(p, zero, sizeof(zero));
}

/* in routed: TTL - 1, new MACs, and the tag the egress wants (tci < 0: none). */
static void vl_routed(struct pkt *out, const struct pkt *in, const uint8_t dst[6],
		      const uint8_t src[6], int tci)
{
	struct pkt body;
	bool tagged = in->b[12] == 0x81 && in->b[13] == 0x00;
	size_t off = tagged ? 18 : 14;

	pkt_forwarded(&body, in, dst, src);
	pkt_init(out);
	pkt_bytes(out, body.b, 12);
	if (tci >= 0) {
		const uint8_t tag[4] = { 0x81, 0x00, (uint8_t)(tci >> 8), (uint8_t)tci };

		pkt_bytes(out, tag, 4);
	}
	pkt_bytes(out, body.b + off - 2, body.len - (off - 2));
}

/* The same frame with its tag changed to tci, or removed (tci < 0), or added. */
static void vl_retag(struct pkt *out, const struct pkt *in, int tci)
{
	bool tagged = in->b[12] == 0x81 && in->b[13] == 0x00;

	pkt_init(out);
	pkt_bytes(out, in->b, 12);
	if (tci >= 0) {
		const uint8_t tag[4] = { 0x81, 0x00, (uint8_t)(tci >> 8), (uint8_t)tci };

		pkt_bytes(out, tag, 4);
	}
	pkt_bytes(out, in->b + (tagged ? 16 : 12), in->len - (tagged ? 16 : 12));
}

static int vl_vlan(struct harness *h, uint32_t row, uint16_t vid, uint8_t flags)
{
	return dp_vlan_set(h->dp, row, vid, flags);
}

static int vl_connected(struct harness *h, uint32_t net, uint32_t ifid)
{
	return h_route(h, net, 24, XR_NH_UNICAST, RIB_PROTO_KERNEL, ifid, 0, 0);
}

static int vl_setup_routed(struct harness *h)
{
	int err = h_port_routed(h, 0, 1500);

	err = err ? err : h_port_routed(h, 1, 1500);
	err = err ? err : vl_vlan(h, 1, 10, XR_VLAN_L3 | XR_VLAN_IP6);
	err = err ? err : vl_vlan(h, 1, 20, XR_VLAN_L3 | XR_VLAN_IP6);
	err = err ? err : vl_connected(h, IP(192, 0, 2, 0), VL_IF10);
	err = err ? err : vl_connected(h, IP(198, 51, 100, 0), VL_IF20);
	err = err ? err : vl_connected(h, IP(203, 0, 113, 0), h->ifindex[1]);
	err = err ? err : h_neigh_set(h, VL_IF10, IP(192, 0, 2, 2), MAC_H10);
	err = err ? err : h_neigh_set(h, VL_IF20, IP(198, 51, 100, 2), MAC_H20);
	return err ? err : h_neigh_set(h, h->ifindex[1], IP(203, 0, 113, 2), MAC_H1);
}

static int vl_setup_switch(struct harness *h)
{
	struct xr_bridge br = { .mtu = 1500, .flags = XR_BRIDGE_ACTIVE | XR_BRIDGE_VLAN };
	struct xr_port p;
	int err;

	memcpy(br.mac, VL_RMAC, 6);
	err = dp_bridge_set(h->dp, VL_BR, &br);
	for (unsigned i = 2; i < 4 && !err; i++) {
		err = h_port_set(h, i, XR_PORT_ACTIVE | XR_PORT_SWITCHED, 1500, VL_BR,
				 1000000, 1000000);
		err = err ? err : flood_port_add(h->dp, VL_BR, h->ifindex[i]);
	}
	/* Port 2: access, PVID 10.  Port 3: trunk, 10 and 20 tagged. */
	err = err ? err : dp_port_get(h->dp, h->ifindex[2], &p);
	p.pvid = 10;
	err = err ? err : dp_port_set(h->dp, h->ifindex[2], &p);
	err = err ? err : vl_vlan(h, 3, 10, XR_VLAN_MEMBER | XR_VLAN_UNTAGGED);
	err = err ? err : vl_vlan(h, 4, 10, XR_VLAN_MEMBER);
	err = err ? err : vl_vlan(h, 4, 20, XR_VLAN_MEMBER);
	/* br1.10 */
	err = err ? err : vl_vlan(h, xr_vlan_row_bridge(VL_BR), 10, XR_VLAN_L3 | XR_VLAN_IP6);
	err = err ? err : vl_connected(h, IP(10, 10, 0, 0), VL_BRIF10);
	return err;
}

static void vl_routed_cases(struct harness *h)
{
	static struct pkt t10, o20, t10_to1, o1, u1, o_push, t30, qinq, ad, arp, prio;
	static struct pkt out;
	uint8_t m0[6], m1[6];
	uint32_t v;

	h_port_mac(0, m0);
	h_port_mac(1, m1);
	/* PCP 5, DEI 1, VID 10: only the VID changes. */
	vl_udp(&t10, m0, MAC_H10, 5 << 13 | 1 << 12 | 10, IP(192, 0, 2, 2), IP(198, 51, 100, 2));
	vl_routed(&o20, &t10, MAC_H20, m0, 5 << 13 | 1 << 12 | 20);
	vl_udp(&t10_to1, m0, MAC_H10, 3 << 13 | 10, IP(192, 0, 2, 2), IP(203, 0, 113, 2));
	vl_routed(&o1, &t10_to1, MAC_H1, m1, -1);
	vl_udp(&u1, m1, MAC_H1, -1, IP(203, 0, 113, 2), IP(198, 51, 100, 2));
	vl_routed(&o_push, &u1, MAC_H20, m0, 20);
	vl_udp(&t30, m0, MAC_H10, 30, IP(192, 0, 2, 2), IP(198, 51, 100, 2));
	/* A priority tag (VID 0) is not a VLAN interface's. */
	vl_udp(&prio, m0, MAC_H10, 6 << 13, IP(192, 0, 2, 2), IP(198, 51, 100, 2));
	/* QinQ: 0x8100 10 inside 0x8100 10, and an 802.1ad outer tag. */
	vl_udp(&qinq, m0, MAC_H10, 10, IP(192, 0, 2, 2), IP(198, 51, 100, 2));
	vl_retag(&ad, &qinq, 10);
	memmove(qinq.b + 16, qinq.b + 12, qinq.len - 12);
	qinq.len += 4;
	qinq.b[12] = 0x81, qinq.b[13] = 0, qinq.b[14] = 0, qinq.b[15] = 10;
	ad.b[12] = 0x88, ad.b[13] = 0xa8;
	pkt_init(&arp);
	pkt_eth(&arp, pkt_bcast_mac, MAC_H10, ETH_P_8021Q);
	pkt_vlan(&arp, 10, ETH_P_ARP);
	pkt_arp(&arp, 1, MAC_H10, IP(192, 0, 2, 2), (const uint8_t[6]){ 0 }, IP(192, 0, 2, 1));

	const struct h_case cases[] = {
		{ .desc = "vlan: tagged 10 routed to VLAN 20: VID rewritten, PCP and DEI kept", .port = 0, .in = &t10,
		  .verdict = XDP_REDIRECT, .out = &o20, .cnt = { RX, C(FORWARDED) },
		  .handoff = H_NO_HANDOFF },
		{ .desc = "vlan: tagged 10 routed to an untagged port: tag popped", .port = 0, .in = &t10_to1,
		  .verdict = XDP_REDIRECT, .out = &o1, .cnt = { RX, C(FORWARDED) },
		  .handoff = H_NO_HANDOFF },
		{ .desc = "vlan: untagged routed to VLAN 20: tag pushed, PCP 0", .port = 1, .in = &u1,
		  .verdict = XDP_REDIRECT, .out = &o_push, .cnt = { RX, C(FORWARDED) },
		  .handoff = H_NO_HANDOFF },
		{ .desc = "vlan: VID 30, no interface: the kernel's", .port = 0, .in = &t30,
		  .verdict = XDP_PASS, .out = NULL, .cnt = { RX, C(PASS) },
		  .handoff = H_NO_HANDOFF },
		{ .desc = "vlan: priority tag (VID 0): the kernel's", .port = 0, .in = &prio,
		  .verdict = XDP_PASS, .out = NULL, .cnt = { RX, C(PASS) },
		  .handoff = H_NO_HANDOFF },
		{ .desc = "vlan: QinQ (two 802.1Q tags): the kernel's", .port = 0, .in = &qinq,
		  .verdict = XDP_PASS, .out = NULL, .cnt = { RX, C(PASS) },
		  .handoff = H_NO_HANDOFF },
		{ .desc = "vlan: 802.1ad outer tag: the kernel's", .port = 0, .in = &ad,
		  .verdict = XDP_PASS, .out = NULL, .cnt = { RX, C(PASS) },
		  .handoff = H_NO_HANDOFF },
		{ .desc = "vlan: ARP tagged 10: handed up", .port = 0, .in = &arp,
		  .verdict = XDP_DROP, .out = NULL, .cnt = { RX, C(HANDOFF), C(HANDOFF_ARP) },
		  .handoff = XR_STAT_HANDOFF_ARP },
	};

	h_handoff_drain(h);
	h_cases_run(h, cases, sizeof(cases) / sizeof(cases[0]));
	/* The ARP hand-off names the VLAN interface. */
	h_handoff_drain(h);
	h_run(h, h->ifindex[0], &arp, &v, &out);
	h_report(h, ASSERT_EQ(h, h_handoff_collect(h), 1, "hand-offs") &&
		 ASSERT_EQ(h, h->frames[0].h.ifid, VL_IF10, "hand-off ifid"),
		 "vlan: a VLAN interface's hand-off carries its ifid");
}

static void vl_switch_cases(struct harness *h)
{
	static struct pkt a_bc, a_bc_out, a_t20, u3, t10_toA, t10_toA_out, t20_toA,
		t20_bc, same, r10, r10_out;
	uint8_t m1[6];

	h_port_mac(1, m1);
	/* Untagged from A on the access port, broadcast: VLAN 10 (PVID), flooded tagged. */
	vl_l2(&a_bc, pkt_bcast_mac, MAC_A, -1);
	vl_retag(&a_bc_out, &a_bc, 10);
	vl_l2(&a_t20, MAC_U, MAC_A, 20);
	vl_l2(&u3, MAC_U, MAC_B, -1);
	/* B on the trunk in VLAN 10 to A (learned on port 2): popped, unicast. */
	vl_l2(&t10_toA, MAC_A, MAC_B, 4 << 13 | 10);
	vl_retag(&t10_toA_out, &t10_toA, -1);
	/* The same MAC in VLAN 20 is unknown: flooded, tag as it came. */
	vl_l2(&t20_toA, MAC_A, MAC_B, 20);
	vl_l2(&t20_bc, pkt_bcast_mac, MAC_B, 20);
	vl_l2(&same, MAC_B, MAC_A, -1);
	/* Routed into br1.10 from port 1: pushed with VID 10 toward the trunk (B known there). */
	vl_udp(&r10, m1, MAC_H1, -1, IP(203, 0, 113, 2), IP(10, 10, 0, 5));
	vl_routed(&r10_out, &r10, MAC_B, VL_RMAC, 10);

	const struct h_case learn[] = {
		{ .desc = "vlan switch: untagged on an access port: its PVID's VLAN, flooded tagged", .port = 2, .in = &a_bc,
		  .verdict = XDP_REDIRECT, .out = &a_bc_out, .cnt = { RX, C(FLOODED) },
		  .handoff = H_NO_HANDOFF },
		{ .desc = "vlan switch: tagged with a VLAN the port is not in: dropped, counted", .port = 2, .in = &a_t20,
		  .verdict = XDP_DROP, .out = NULL, .cnt = { RX, C(DROP_VLAN) },
		  .handoff = H_NO_HANDOFF },
		{ .desc = "vlan switch: untagged on a trunk without PVID: dropped, counted", .port = 3, .in = &u3,
		  .verdict = XDP_DROP, .out = NULL, .cnt = { RX, C(DROP_VLAN) },
		  .handoff = H_NO_HANDOFF },
		{ .desc = "vlan switch: VLAN 10 unicast to a station of VLAN 10: untagged for the access port", .port = 3, .in = &t10_toA,
		  .verdict = XDP_REDIRECT, .out = &t10_toA_out, .cnt = { RX, C(SWITCHED) },
		  .handoff = H_NO_HANDOFF },
		{ .desc = "vlan switch: the same MAC in VLAN 20 is unknown: flooded in VLAN 20", .port = 3, .in = &t20_toA,
		  .verdict = XDP_REDIRECT, .out = NULL, .cnt = { RX, C(FLOODED) },
		  .handoff = H_NO_HANDOFF },
		{ .desc = "vlan switch: broadcast in VLAN 20 from the trunk: flooded as it came", .port = 3, .in = &t20_bc,
		  .verdict = XDP_REDIRECT, .out = NULL, .cnt = { RX, C(FLOODED) },
		  .handoff = H_NO_HANDOFF },
		{ .desc = "vlan switch: B (VLAN 10, port 3) from A: to the trunk, tagged 10", .port = 2, .in = &same,
		  .verdict = XDP_REDIRECT, .out = NULL, .cnt = { RX, C(SWITCHED) },
		  .handoff = H_NO_HANDOFF },
	};
	struct xr_fdb_key k = { .bridge = VL_BR, .vlan = 10 };
	struct xr_fdb e;
	static struct pkt same_out;

	vl_retag(&same_out, &same, 10);
	h_cases_run(h, learn, 4);
	memcpy(k.mac, MAC_A, 6);
	h_report(h, !dp_fdb_get(h->dp, &k, &e) && ASSERT_EQ(h, e.ifindex, h->ifindex[2], "port"),
		 "vlan switch: A learned in VLAN 10 on the access port");
	k.vlan = 0;
	h_report(h, ASSERT_TRUE(h, dp_fdb_get(h->dp, &k, &e) != 0, "entry without VLAN"),
		 "vlan switch: nothing learned outside a VLAN");
	h_cases_run(h, learn + 4, 2);
	{
		struct h_case c = learn[6];

		c.out = &same_out;
		h_case_run(h, &c);
		/*
		 * The fast path's FDB cache keeps the trunk's membership beside
		 * B's port: a change to it applies with the next frame.
		 */
		vl_vlan(h, 4, 10, XR_VLAN_MEMBER | XR_VLAN_UNTAGGED);
		c.desc = "vlan switch: the trunk made untagged in VLAN 10: B's next frame leaves untagged";
		c.out = &same;
		h_case_run(h, &c);
		vl_vlan(h, 4, 10, 0);
		c.desc = "vlan switch: the trunk out of VLAN 10: B's next frame is dropped, counted";
		c.verdict = XDP_DROP;
		c.out = NULL;
		c.cnt[1] = (struct h_delta)C(DROP_VLAN);
		h_case_run(h, &c);
		vl_vlan(h, 4, 10, XR_VLAN_MEMBER);
	}
	/* Routed into br1.10: B is known in VLAN 10 on the trunk. */
	{
		const struct h_case rc = { .desc = "vlan switch: routed into br1.10: tagged 10 to the trunk", .port = 1, .in = &r10,
		  .verdict = XDP_REDIRECT, .out = &r10_out, .cnt = { RX, C(FORWARDED) },
		  .handoff = H_NO_HANDOFF };

		if (h_neigh_set(h, VL_BRIF10, IP(10, 10, 0, 5), MAC_B))
			h_why(h, "neighbour");
		h_case_run(h, &rc);
	}
}

/*
 * A VLAN interface's counters (row of the `stats` map): after one case,
 * exactly the listed counters moved by one, every other one stayed.
 */
static bool vl_row_moved(struct harness *h, unsigned row, const uint64_t before[XR_STAT_MAX],
			 const int *moved, unsigned n)
{
	uint64_t after[XR_STAT_MAX];

	if (!ASSERT_OK(h, dp_stats_read(h->dp, row, after), "stats read"))
		return false;
	for (unsigned i = 0; i < XR_STAT_MAX; i++) {
		uint64_t want = before[i];

		for (unsigned j = 0; j < n; j++)
			want += moved[j] == (int)i;
		if (!ASSERT_EQ(h, after[i], want, xr_stat_names[i]))
			return false;
	}
	return true;
}

/* One case on the port, and the VLAN interface's row moving by `moved`. */
static void vl_row_case(struct harness *h, const struct h_case *c, unsigned row,
			const int *moved, unsigned n)
{
	uint64_t before[XR_STAT_MAX];
	bool ok = ASSERT_OK(h, dp_stats_read(h->dp, row, before), "stats read");

	ok = ok && h_case_check(h, c);
	ok = ok && vl_row_moved(h, row, before, moved, n);
	h_report(h, ok, "%s", c->desc);
}

/*
 * With rows of their own (as the daemon gives every VLAN interface), eth0.10
 * and br1.10 count the frames that arrive as theirs; the port counts every
 * frame on its wire in rx, and the rest of a frame that is not a VLAN
 * interface's.  Frames routed out of a VLAN interface count on their ingress.
 */
static void vl_counter_cases(struct harness *h)
{
	static struct pkt t10, o20, arp, t30, u1, o_push, b10, b10_out;
	const unsigned if10 = XR_MAX_PORTS + 1, brif10 = XR_MAX_PORTS + 2;
	const int fwd[] = { XR_STAT_RX, XR_STAT_FORWARDED };
	const int ho[] = { XR_STAT_RX, XR_STAT_HANDOFF, XR_STAT_HANDOFF_ARP };
	uint8_t m0[6], m1[6];
	int err;

	h_port_mac(0, m0);
	h_port_mac(1, m1);
	err = dp_vlan_stats_set(h->dp, 1, 10, (uint16_t)if10);
	err = err ? err : dp_vlan_stats_set(h->dp, xr_vlan_row_bridge(VL_BR), 10, (uint16_t)brif10);
	err = err ? err : dp_stats_clear(h->dp, if10);
	err = err ? err : dp_stats_clear(h->dp, brif10);
	if (err) {
		h_report(h, ASSERT_OK(h, err, "stats rows"), "vlan counters: rows set");
		return;
	}
	vl_udp(&t10, m0, MAC_H10, 5 << 13 | 10, IP(192, 0, 2, 2), IP(198, 51, 100, 2));
	vl_routed(&o20, &t10, MAC_H20, m0, 5 << 13 | 20);
	pkt_init(&arp);
	pkt_eth(&arp, pkt_bcast_mac, MAC_H10, ETH_P_8021Q);
	pkt_vlan(&arp, 10, ETH_P_ARP);
	pkt_arp(&arp, 1, MAC_H10, IP(192, 0, 2, 2), (const uint8_t[6]){ 0 }, IP(192, 0, 2, 1));
	vl_udp(&t30, m0, MAC_H10, 30, IP(192, 0, 2, 2), IP(198, 51, 100, 2));
	vl_udp(&u1, m1, MAC_H1, -1, IP(203, 0, 113, 2), IP(192, 0, 2, 2));
	vl_routed(&o_push, &u1, MAC_H10, m0, 10);
	/* From B on the trunk in VLAN 10 to the router: br1.10's, routed out of port 1. */
	vl_udp(&b10, VL_RMAC, MAC_B, 10, IP(10, 10, 0, 5), IP(203, 0, 113, 2));
	vl_routed(&b10_out, &b10, MAC_H1, m1, -1);

	const struct h_case routed = { .desc = "vlan counters: tagged 10 forwarded counts on eth0.10, rx on the port too",
		.port = 0, .in = &t10, .verdict = XDP_REDIRECT, .out = &o20, .cnt = { RX },
		.handoff = H_NO_HANDOFF };
	const struct h_case handed = { .desc = "vlan counters: ARP tagged 10 handed up counts on eth0.10",
		.port = 0, .in = &arp, .verdict = XDP_DROP, .out = NULL, .cnt = { RX },
		.handoff = XR_STAT_HANDOFF_ARP };
	const struct h_case unknown = { .desc = "vlan counters: VID 30 (no interface) counts on the port alone",
		.port = 0, .in = &t30, .verdict = XDP_PASS, .out = NULL, .cnt = { RX, C(PASS) },
		.handoff = H_NO_HANDOFF };
	const struct h_case out = { .desc = "vlan counters: routed out of eth0.10 counts on the ingress port",
		.port = 1, .in = &u1, .verdict = XDP_REDIRECT, .out = &o_push, .cnt = { RX, C(FORWARDED) },
		.handoff = H_NO_HANDOFF };
	const struct h_case sw = { .desc = "vlan counters: tagged 10 to the switch's router counts on br1.10, rx on the port",
		.port = 3, .in = &b10, .verdict = XDP_REDIRECT, .out = &b10_out, .cnt = { RX },
		.handoff = H_NO_HANDOFF };

	vl_row_case(h, &routed, if10, fwd, 2);
	h_handoff_drain(h);
	vl_row_case(h, &handed, if10, ho, 3);
	vl_row_case(h, &unknown, if10, NULL, 0);
	vl_row_case(h, &out, if10, NULL, 0);
	vl_row_case(h, &sw, brif10, fwd, 2);
	/* Rows back to none: the cases above and below count on the port as before. */
	dp_vlan_stats_set(h->dp, 1, 10, 0);
	dp_vlan_stats_set(h->dp, xr_vlan_row_bridge(VL_BR), 10, 0);
}

/*
 * Port 0's addresses shared with the kernel (XR_PORT_LOCAL_KERNEL, kernel
 * sync): what the kernel gets of eth0.10 reaches it untagged (it may have
 * no 802.1Q), byte for byte the frame without its tag; echo requests and
 * ARP requests stay the daemon's, tagged as they came.
 */
static void vl_kernel_cases(struct harness *h)
{
	static struct pkt tcp, tcp_out, echo, rep, rep_out, req, mc, mc_out, t30;
	struct pkt_ip ip;
	uint8_t m0[6];
	int err;

	h_port_mac(0, m0);
	err = h_port_set(h, 0, XR_PORT_ACTIVE | XR_PORT_ROUTED | XR_PORT_IP6 | XR_PORT_LOCAL_KERNEL,
			 1500, 0, 1000000, 1000000);
	err = err ? err : h_route(h, IP(192, 0, 2, 1), 32, XR_NH_LOCAL, RIB_PROTO_LOCAL, VL_IF10, 0, 0);
	if (err) {
		h_report(h, ASSERT_OK(h, err, "set up"), "vlan kernel: port 0 shared with the kernel");
		return;
	}
	pkt_ip_defaults(&ip, IP(192, 0, 2, 2), IP(192, 0, 2, 1));
	ip.proto = IPPROTO_TCP;
	pkt_init(&tcp);
	pkt_eth(&tcp, m0, MAC_H10, ETH_P_8021Q);
	pkt_vlan(&tcp, 10, ETH_P_IP);
	tcp.b[14] |= 3 << 5;	/* PCP 3: gone with the tag */
	pkt_ipv4(&tcp, &ip);
	pkt_tcp(&tcp, 40000, 179, 0);
	vl_retag(&tcp_out, &tcp, -1);
	pkt_init(&echo);
	pkt_eth(&echo, m0, MAC_H10, ETH_P_8021Q);
	pkt_vlan(&echo, 10, ETH_P_IP);
	ip.proto = IPPROTO_ICMP;
	pkt_ipv4(&echo, &ip);
	pkt_icmp_echo(&echo, 1, 1, 8);
	pkt_init(&rep);
	pkt_eth(&rep, m0, MAC_H10, ETH_P_8021Q);
	pkt_vlan(&rep, 10, ETH_P_ARP);
	pkt_arp(&rep, 2, MAC_H10, IP(192, 0, 2, 2), m0, IP(192, 0, 2, 1));
	vl_retag(&rep_out, &rep, -1);
	pkt_init(&req);
	pkt_eth(&req, pkt_bcast_mac, MAC_H10, ETH_P_8021Q);
	pkt_vlan(&req, 10, ETH_P_ARP);
	pkt_arp(&req, 1, MAC_H10, IP(192, 0, 2, 2), (const uint8_t[6]){ 0 }, IP(192, 0, 2, 1));
	/* OSPF hello to 224.0.0.5 in VLAN 10. */
	pkt_ip_defaults(&ip, IP(192, 0, 2, 2), IP(224, 0, 0, 5));
	ip.proto = 89;
	pkt_init(&mc);
	pkt_eth(&mc, (const uint8_t[6]){ 0x01, 0, 0x5e, 0, 0, 5 }, MAC_H10, ETH_P_8021Q);
	pkt_vlan(&mc, 10, ETH_P_IP);
	pkt_ipv4(&mc, &ip);
	pkt_udp(&mc, 1, 1, 20);
	vl_retag(&mc_out, &mc, -1);
	vl_udp(&t30, m0, MAC_H10, 30, IP(192, 0, 2, 2), IP(192, 0, 2, 1));

	const struct h_case cases[] = {
		{ .desc = "vlan kernel: TCP to eth0.10's address passes untagged", .port = 0,
		  .in = &tcp, .verdict = XDP_PASS, .out = &tcp_out, .cnt = { RX, C(PASS) },
		  .handoff = H_NO_HANDOFF },
		{ .desc = "vlan kernel: an echo request to eth0.10 is still the daemon's", .port = 0,
		  .in = &echo, .verdict = XDP_DROP, .cnt = { RX, C(HANDOFF), C(HANDOFF_LOCAL) },
		  .handoff = XR_STAT_HANDOFF_LOCAL },
		{ .desc = "vlan kernel: an ARP reply in VLAN 10 is copied up and passes untagged", .port = 0,
		  .in = &rep, .verdict = XDP_PASS, .out = &rep_out,
		  .cnt = { RX, C(HANDOFF), C(HANDOFF_ARP), C(PASS) }, .handoff = XR_STAT_HANDOFF_ARP },
		{ .desc = "vlan kernel: an ARP request in VLAN 10 is the daemon's alone", .port = 0,
		  .in = &req, .verdict = XDP_DROP, .cnt = { RX, C(HANDOFF), C(HANDOFF_ARP) },
		  .handoff = XR_STAT_HANDOFF_ARP },
		{ .desc = "vlan kernel: multicast IP in VLAN 10 (OSPF) passes untagged", .port = 0,
		  .in = &mc, .verdict = XDP_PASS, .out = &mc_out, .cnt = { RX, C(PASS) },
		  .handoff = H_NO_HANDOFF },
		{ .desc = "vlan kernel: VID 30 (no interface) passes as it came", .port = 0,
		  .in = &t30, .verdict = XDP_PASS, .out = NULL, .cnt = { RX, C(PASS) },
		  .handoff = H_NO_HANDOFF },
	};

	h_handoff_drain(h);
	h_cases_run(h, cases, sizeof(cases) / sizeof(cases[0]));
	if (!ASSERT_OK(h, h_port_routed(h, 0, 1500), "port 0 back"))
		h_report(h, false, "vlan kernel: restore port 0");
}

int vlan_fixture(struct harness *h)
{
	int err = vl_setup_routed(h);

	return err ? err : vl_setup_switch(h);
}

/* vl_udp() for the trace suite, which traces this fixture's frames. */
void vlan_udp(struct pkt *p, const uint8_t dmac[6], const uint8_t smac[6], int tci,
	      uint32_t src, uint32_t dst)
{
	vl_udp(p, dmac, smac, tci, src, dst);
}

int vlan_suite(struct harness *h)
{
	int err = vlan_fixture(h);

	if (err)
		return err;
	vl_routed_cases(h);
	vl_switch_cases(h);
	vl_counter_cases(h);
	vl_kernel_cases(h);
	return 0;
}
