// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Gateway MACs kept in the next hops (fib.h union xr_nh_l2): forwarding via
 * a gateway reads its MAC there and needs no neighbour map entry; the
 * next hop follows the neighbour's changes and removal; a next hop without
 * a MAC still forwards through the map; the fast path marks next hops used
 * for the daemon's sweep.  Topology of route_test.c: 100.65/16 via B .1.
 */
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <stdlib.h>
#include <string.h>

#include "route_test.h"

#define S(x)	XR_STAT_##x
#define RT_NEW_ROUTE	0x64460000u	/* 100.70.0.0/16, added here via B .3 */

/* Only the neighbour map's entry, as if the next hop were all there is. */
static int nh_map_del(struct harness *h, unsigned port, uint32_t ip)
{
	struct xr_neigh_key k = h_neigh_key(h->ifindex[port], ip);

	return dp_neigh_del(h->dp, &k);
}

static int nh_restore(struct harness *h, unsigned port, uint32_t ip, unsigned gw)
{
	uint8_t mac[6];

	rt_gw_mac(gw, mac);
	return h_neigh_set(h, h->ifindex[port], ip, mac);
}

static bool nh_fwd(struct harness *h, uint32_t dst, unsigned port, unsigned gw)
{
	struct pkt in;

	pkt_udp4(&in, rt_mac(RT_A), RT_HOST, dst, 64);
	return rt_fwd_check(h, &in, port, gw);
}

static void nh_mac_in_next_hop(struct harness *h)
{
	struct xr_ip gw = xr_ip4(RT_NET_B | 1);
	bool ok;

	ok = ASSERT_OK(h, nh_map_del(h, RT_B, RT_NET_B | 1), "map delete") &&
	     nh_fwd(h, RT_TO_B | 0x0303, RT_B, 1);
	ok = ASSERT_OK(h, nh_restore(h, RT_B, RT_NET_B | 1, 1), "restore") && ok;
	h_report(h, ok, "next hop: a gateway's MAC comes from its next hop, not the neighbour map");

	rib_nh_l2_set(h->rib, h->ifindex[RT_B], &gw, NULL);
	ok = nh_fwd(h, RT_TO_B | 0x0304, RT_B, 1);
	ok = ASSERT_OK(h, nh_restore(h, RT_B, RT_NET_B | 1, 1), "restore") && ok;
	h_report(h, ok, "next hop: without its MAC the neighbour map still resolves the gateway");
}

static void nh_follows_neigh(struct harness *h)
{
	struct pkt in;
	bool ok;

	ok = ASSERT_OK(h, nh_restore(h, RT_B, RT_NET_B | 1, 0x21), "new MAC") &&
	     nh_fwd(h, RT_TO_B | 0x0305, RT_B, 0x21);
	ok = ASSERT_OK(h, nh_restore(h, RT_B, RT_NET_B | 1, 1), "restore") && ok;
	h_report(h, ok, "next hop: the gateway's new MAC is used at once");

	pkt_udp4(&in, rt_mac(RT_A), RT_HOST, RT_TO_B | 0x0306, 64);
	ok = ASSERT_OK(h, h_neigh_del(h, h->ifindex[RT_B], RT_NET_B | 1), "delete") &&
	     h_case_check(h, &(struct h_case){
		.port = RT_A, .in = &in, .verdict = XDP_DROP,
		.cnt = { { S(RX), 1 }, { S(HANDOFF), 1 }, { S(HANDOFF_NEIGH_MISS), 1 } },
		.handoff = S(HANDOFF_NEIGH_MISS), .nh_ifid = h->ifindex[RT_B],
		.nh_ip = RT_NET_B | 1,
	     });
	ok = ASSERT_OK(h, nh_restore(h, RT_B, RT_NET_B | 1, 1), "restore") && ok;
	h_report(h, ok, "next hop: a deleted gateway is forgotten: neighbour miss to the daemon");
}

/* A route added via a gateway already resolved: its new next hop has the MAC. */
static void nh_new_route(struct harness *h)
{
	bool ok;

	ok = ASSERT_OK(h, h_route(h, RT_NEW_ROUTE, 16, XR_NH_UNICAST, 0, 0, RT_NET_B | 3, 0),
		       "rib_add") &&
	     ASSERT_OK(h, nh_map_del(h, RT_B, RT_NET_B | 3), "map delete") &&
	     nh_fwd(h, RT_NEW_ROUTE | 1, RT_B, 3);
	h_route_del(h, RT_NEW_ROUTE, 16);
	ok = ASSERT_OK(h, nh_restore(h, RT_B, RT_NET_B | 3, 3), "restore") && ok;
	h_report(h, ok, "next hop: a new route via a resolved gateway carries its MAC at once");
}

struct nh_seen {
	uint32_t ifid, gw;
	unsigned n;
};

static void nh_seen_fn(void *ctx, uint32_t ifid, const struct xr_ip *gw)
{
	struct nh_seen *s = ctx;

	s->ifid = ifid;
	s->gw = gw->af == AF_INET ? xr_ip4_host(gw) : 0;
	s->n++;
}

static void nh_marked_used(struct harness *h)
{
	struct nh_seen before = { 0 }, seen = { 0 }, again = { 0 };
	bool ok;

	rib_nh_sweep_used(h->rib, nh_seen_fn, &before);
	ok = nh_fwd(h, RT_TO_B | 0x0307, RT_B, 1) && nh_fwd(h, RT_TO_B | 0x0308, RT_B, 1);
	rib_nh_sweep_used(h->rib, nh_seen_fn, &seen);
	rib_nh_sweep_used(h->rib, nh_seen_fn, &again);
	ok = ok && ASSERT_EQ(h, seen.n, 1, "next hops reported used") &&
	     ASSERT_EQ(h, seen.ifid, h->ifindex[RT_B], "used next hop's interface") &&
	     ASSERT_EQ(h, seen.gw, RT_NET_B | 1, "used next hop's gateway") &&
	     ASSERT_EQ(h, again.n, 0, "next hops reported by a second sweep");
	h_report(h, ok, "next hop: forwarding marks it used; the sweep reports it once and clears it");
}

void rt_nh(struct harness *h)
{
	nh_mac_in_next_hop(h);
	nh_follows_neigh(h);
	nh_new_route(h);
	nh_marked_used(h);
}
