// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * ECMP through BPF_PROG_TEST_RUN: a route over a next-hop group forwards
 * each frame, byte by byte, to the member the flow's key picks (the
 * test computes the key from the frame itself: addresses, protocol, the
 * ports unless a fragment), the same member for the same flow, members
 * in proportion to their weights, a member's link down moving only its
 * flows, and IPv6 hashing its flow label.  Topology of route_test.c:
 * members B .1, B .2 and C .1.
 */
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <stdlib.h>
#include <string.h>

#include "nhgroup.h"
#include "route_test.h"

#define S(x)		XR_STAT_##x
#define EC_NET		0x64480000u	/* 100.72.0.0/16 over the group */
#define EC_FLOWS	1024

struct ec_group {
	uint32_t handle;
	unsigned port[3];	/* each member's port and gateway MAC (rt_gw_mac) */
	unsigned gw[3];
};

/*
 * dst over members B gw[0], B gw[1], C gw[2] (B .1, B .2, C .1 in either
 * family), replacing what dst had: *g says where each member leaves.
 */
static int ec_group_route(struct harness *h, struct ec_group *g, const struct xr_prefix *dst,
			  const struct xr_ip gw[3], const uint16_t weight[3])
{
	struct nhg_member m[3];
	struct rib_route rt = { .dst = *dst, .type = XR_NH_GROUP };
	int err;

	for (unsigned i = 0; i < 3; i++)
		m[i] = (struct nhg_member){ .gw = gw[i], .weight = weight[i],
					    .ifid = h->ifindex[i < 2 ? RT_B : RT_C] };
	err = rib_group_get(h->rib, dst->addr.af, m, 3, &g->handle);
	*g = (struct ec_group){ g->handle, { RT_B, RT_B, RT_C }, { 1, 2, 0x11 } };
	if (err)
		return err;
	rt.ifid = g->handle;
	err = rib_add(h->rib, &rt, true);
	nhg_put(rib_groups(h->rib), g->handle);
	return err;
}

static int ec_route(struct harness *h, struct ec_group *g, const uint16_t weight[3])
{
	const struct xr_ip gw[3] = { xr_ip4(RT_NET_B | 1), xr_ip4(RT_NET_B | 2),
				     xr_ip4(RT_NET_C | 1) };
	struct xr_prefix dst = { .addr = xr_ip4(EC_NET), .len = 16 };

	return ec_group_route(h, g, &dst, gw, weight);
}

/*
 * The flow of frame p as `route get` takes it (nhgroup.h nhg_flow): the
 * daemon's hash of it must agree with the fast path's on every frame.
 */
static void ec_flow(const struct pkt *p, bool v6, bool ports, struct nhg_flow *fl)
{
	const uint8_t *l3 = p->b + p->l3;
	const uint8_t *l4 = l3 + (v6 ? 40 : (l3[0] & 15) * 4);

	*fl = (struct nhg_flow){ .proto = l3[v6 ? 6 : 9] };
	fl->src = v6 ? xr_ip6(l3 + 8) : xr_ip4((uint32_t)l3[12] << 24 | l3[13] << 16 | l3[14] << 8 | l3[15]);
	fl->dst = v6 ? xr_ip6(l3 + 24) : xr_ip4((uint32_t)l3[16] << 24 | l3[17] << 16 | l3[18] << 8 | l3[19]);
	if (v6)
		fl->label = (uint32_t)(l3[1] & 0xf) << 16 | l3[2] << 8 | l3[3];
	if (ports) {
		fl->sport = l4[0] << 8 | l4[1];
		fl->dport = l4[2] << 8 | l4[3];
	}
}

/* The member the fast path must pick for frame p, from the frame's own bytes; -2: the
 * daemon's `route get` would name another. */
static int ec_expect(struct harness *h, const struct ec_group *g, const struct pkt *p)
{
	const struct nhg_table *t = rib_groups(h->rib);
	const uint8_t *l3 = p->b + p->l3;
	uint32_t ports = 0, label;
	__u64 hash, s[2], d[2];
	uint64_t hash2;
	struct nhg_flow fl;
	int m;

	if ((l3[0] >> 4) == 6) {
		label = (uint32_t)(l3[1] & 0xf) << 16 | l3[2] << 8 | l3[3];
		if (l3[6] == IPPROTO_UDP || l3[6] == IPPROTO_TCP)
			memcpy(&ports, l3 + 40, 4);
		memcpy(s, l3 + 8, 16);
		memcpy(d, l3 + 24, 16);
		hash = xr_flow_hash6(nhg_key(t), s, d, xr_flow_tail(ports, l3[6], label));
		ec_flow(p, true, true, &fl);
	} else {
		const struct iphdr *ip = (const struct iphdr *)l3;
		bool frag = ntohs(ip->frag_off) & 0x3fff;

		if ((ip->protocol == IPPROTO_UDP || ip->protocol == IPPROTO_TCP) && !frag)
			memcpy(&ports, l3 + ip->ihl * 4, 4);
		memcpy(s, &ip->saddr, 8);
		hash = xr_flow_hash4(nhg_key(t), s[0], xr_flow_tail(ports, ip->protocol, 0));
		ec_flow(p, false, !frag, &fl);
	}
	m = nhg_pick(t, g->handle, xr_nhg_bucket(hash));
	if (nhg_flow_pick(t, g->handle, &fl, &hash2) != m || hash2 != hash)
		return -2;
	return m;
}

/* p leaves, byte by byte, to member i (TTL or hop limit - 1); false with the reason otherwise. */
static bool ec_fwd(struct harness *h, const struct ec_group *g, const struct pkt *p, int i)
{
	struct pkt *out;
	uint8_t dmac[6], smac[6];
	bool ok;

	if (!ASSERT_TRUE(h, i >= 0 && i < 3, "no member for the flow (%d)", i))
		return false;
	out = malloc(sizeof(*out));
	if (!ASSERT_TRUE(h, out != NULL, "out of memory"))
		return false;
	rt_gw_mac(g->gw[i], dmac);
	h_port_mac(g->port[i], smac);
	if ((p->b[p->l3] >> 4) == 6) {
		*out = *p;
		out->b[out->l3 + 7]--;
		memcpy(out->b, dmac, 6);
		memcpy(out->b + 6, smac, 6);
	} else {
		pkt_forwarded(out, p, dmac, smac);
	}
	ok = h_case_check(h, &(struct h_case){
		.port = RT_A, .in = p, .verdict = XDP_REDIRECT, .out = out,
		.cnt = { { S(RX), 1 }, { S(FORWARDED), 1 } }, .handoff = H_NO_HANDOFF,
	});
	free(out);
	return ok;
}

/* UDP flow f: source port 20000 + f from the host on A. */
static void ec_udp(struct pkt *p, unsigned f, uint16_t frag)
{
	struct pkt_ip ip;

	pkt_ip_defaults(&ip, RT_HOST, EC_NET | 0x0101);
	ip.frag = frag;
	pkt_init(p);
	pkt_eth(p, rt_mac(RT_A), pkt_host_mac, ETH_P_IP);
	pkt_ipv4(p, &ip);
	pkt_udp(p, (uint16_t)(20000 + f), 9, 16);
}

/* Every flow to its member, twice; counts[] per member. */
static bool ec_flows(struct harness *h, const struct ec_group *g, int *member, unsigned n,
		     unsigned counts[3])
{
	struct pkt p;
	bool ok = true;

	memset(counts, 0, 3 * sizeof(*counts));
	for (unsigned f = 0; f < n && ok; f++) {
		int i;

		ec_udp(&p, f, 0x4000);
		i = ec_expect(h, g, &p);
		ok = ec_fwd(h, g, &p, i) && ec_fwd(h, g, &p, i);
		if (ok) {
			member[f] = i;
			counts[i]++;
		}
	}
	return ok;
}

static void ec_spread(struct harness *h, struct ec_group *g, int *member)
{
	static const uint16_t equal[3] = { 1, 1, 1 }, weighted[3] = { 1, 1, 2 };
	unsigned c[3] = { 0 };
	bool ok;

	ok = ASSERT_OK(h, ec_route(h, g, equal), "group route") &&
	     ec_flows(h, g, member, EC_FLOWS, c);
	h_report(h, ok, "ecmp: %u UDP flows each forwarded, byte by byte, to the member its hash "
		 "picks, the same one twice (%u/%u/%u)", EC_FLOWS, c[0], c[1], c[2]);
	ok = ok && ASSERT_TRUE(h, c[0] > EC_FLOWS / 4 && c[1] > EC_FLOWS / 4 && c[2] > EC_FLOWS / 4,
			       "a member got under 1/4 (%u/%u/%u)", c[0], c[1], c[2]);
	h_report(h, ok, "ecmp: source ports spread flows over all members, each near 1/3");

	ok = ASSERT_OK(h, ec_route(h, g, weighted), "weighted group") &&
	     ec_flows(h, g, member, EC_FLOWS, c) &&
	     ASSERT_TRUE(h, c[2] > EC_FLOWS * 2 / 5 && c[2] < EC_FLOWS * 3 / 5 &&
			 c[0] > EC_FLOWS / 5 && c[1] > EC_FLOWS / 5,
			 "weights 1:1:2 gave %u/%u/%u", c[0], c[1], c[2]);
	h_report(h, ok, "ecmp: weights 1:1:2 give members flows in proportion (%u/%u/%u)",
		 c[0], c[1], c[2]);
}

/* C down: its flows go to the B members, no other flow moves; C up: all back. */
static void ec_link(struct harness *h, struct ec_group *g, int *before)
{
	int *now = calloc(EC_FLOWS, sizeof(*now));
	unsigned c[3] = { 0 }, moved = 0;
	bool ok = ASSERT_TRUE(h, now != NULL, "out of memory");

	rib_link_set(h->rib, h->ifindex[RT_C], false);
	ok = ok && ec_flows(h, g, now, EC_FLOWS, c) &&
	     ASSERT_EQ(h, c[2], 0, "flows still on the member whose link is down");
	for (unsigned f = 0; ok && f < EC_FLOWS; f++) {
		moved += now[f] != before[f];
		ok = ASSERT_TRUE(h, before[f] == 2 || now[f] == before[f],
				 "flow %u moved from member %d, whose link is up", f, before[f]);
	}
	h_report(h, ok, "ecmp: a member's link down moves its %u flows and no other", moved);
	rib_link_set(h->rib, h->ifindex[RT_C], true);
	ok = ok && ec_flows(h, g, now, EC_FLOWS, c) &&
	     ASSERT_TRUE(h, !memcmp(now, before, EC_FLOWS * sizeof(*now)),
			 "flows not back where they were");
	h_report(h, ok, "ecmp: the link back up, every flow returns to its member");
	free(now);
}

/* Fragments: no ports in the key, so every fragment of a datagram goes one way. */
static void ec_frags(struct harness *h, const struct ec_group *g)
{
	struct pkt p;
	unsigned seen[3] = { 0 };
	int first = -1, i;
	bool ok = true;

	for (unsigned f = 0; f < 64 && ok; f++) {
		/* A first fragment (MF) with varying ports, and a later one (offset). */
		ec_udp(&p, f, 0x2000);
		i = ec_expect(h, g, &p);
		ok = ec_fwd(h, g, &p, i);
		if (first < 0)
			first = i;
		ok = ok && ASSERT_EQ(h, i, first, "fragments of one source/destination split");
		ec_udp(&p, f * 7, 0x0010);
		ok = ok && ASSERT_EQ(h, ec_expect(h, g, &p), first, "later fragment") &&
		     ec_fwd(h, g, &p, first);
		if (ok)
			seen[i]++;
	}
	h_report(h, ok, "ecmp: fragments hash without ports: first and later ones take one member");
}

/* TCP: the ports are in the key too, and a flow sticks to its member. */
static void ec_tcp(struct harness *h, const struct ec_group *g)
{
	struct pkt_ip ip;
	struct pkt p;
	unsigned c[3] = { 0 };
	bool ok = true;

	for (unsigned f = 0; f < 96 && ok; f++) {
		int i;

		pkt_ip_defaults(&ip, RT_HOST, EC_NET | 0x0202);
		ip.proto = IPPROTO_TCP;
		pkt_init(&p);
		pkt_eth(&p, rt_mac(RT_A), pkt_host_mac, ETH_P_IP);
		pkt_ipv4(&p, &ip);
		pkt_tcp(&p, 443, (uint16_t)(30000 + f), 8);
		i = ec_expect(h, g, &p);
		ok = ec_fwd(h, g, &p, i);
		if (ok)
			c[i]++;
	}
	ok = ok && ASSERT_TRUE(h, c[0] && c[1] && c[2], "TCP ports did not spread (%u/%u/%u)",
			       c[0], c[1], c[2]);
	h_report(h, ok, "ecmp: TCP destination ports pick members (%u/%u/%u)", c[0], c[1], c[2]);
}

/* Nothing is lost when the route's group changes: the old members, then the new. */
static void ec_replace(struct harness *h, struct ec_group *g)
{
	static const uint16_t w[3] = { 1, 1, 1 };
	struct rib_route one = { .dst = { .addr = xr_ip4(EC_NET), .len = 16 },
				 .type = XR_NH_UNICAST, .gw = xr_ip4(RT_NET_B | 3) };
	struct pkt p;
	bool ok;

	ok = ASSERT_OK(h, ec_route(h, g, w), "group route");
	ec_udp(&p, 5, 0x4000);
	ok = ok && ec_fwd(h, g, &p, ec_expect(h, g, &p));
	ok = ok && ASSERT_OK(h, rib_add(h->rib, &one, true), "replace by a single next hop");
	ok = ok && rt_fwd_check(h, &p, RT_B, 3);
	h_route_del(h, EC_NET, 16);
	h_report(h, ok, "ecmp: a route replaced by a single next hop forwards by it at once");
}

/* ---- IPv6 (route6_test.c's topology: members b::1, b::2 and c::1) ---- */

static void ec6_addr(uint8_t a[16], uint16_t net, uint16_t host)
{
	memset(a, 0, 16);
	a[0] = 0x20, a[1] = 0x01, a[2] = 0x0d, a[3] = 0xb8;
	a[4] = net >> 8, a[5] = net & 0xff;
	a[14] = host >> 8, a[15] = host & 0xff;
}

static struct xr_ip ec6_ip(uint16_t net, uint16_t host)
{
	struct xr_ip a = { .af = AF_INET6 };

	ec6_addr(a.b, net, host);
	return a;
}

static int ec6_route(struct harness *h, struct ec_group *g)
{
	static const uint16_t weight[3] = { 1, 1, 1 };
	const struct xr_ip gw[3] = { ec6_ip(0xb, 1), ec6_ip(0xb, 2), ec6_ip(0xc, 1) };
	struct xr_prefix dst = { .addr = ec6_ip(0x110, 0), .len = 48 };

	return ec_group_route(h, g, &dst, gw, weight);
}

/* UDP from a::10 to 2001:db8:110::1 with this flow label and source port. */
static void ec6_udp(struct pkt *p, uint32_t label, uint16_t sport)
{
	uint8_t src[16], dst[16];

	ec6_addr(src, 0xa, 0x10);
	ec6_addr(dst, 0x110, 1);
	pkt_init(p);
	pkt_eth(p, rt_mac(RT_A), pkt_host_mac, ETH_P_IPV6);
	pkt_ipv6(p, src, dst, IPPROTO_UDP, 64);
	p->b[p->l3 + 1] = (uint8_t)(label >> 16 & 0xf);
	p->b[p->l3 + 2] = (uint8_t)(label >> 8);
	p->b[p->l3 + 3] = (uint8_t)label;
	pkt_udp(p, sport, 9, 8);
}

/* n flows varying the label (ports fixed) or the source port (label fixed). */
static bool ec6_flows(struct harness *h, const struct ec_group *g, bool by_label, unsigned n,
		      unsigned c[3])
{
	struct pkt p;
	bool ok = true;

	for (unsigned f = 0; f < n && ok; f++) {
		int i;

		ec6_udp(&p, by_label ? 0x12340 + f : 0, by_label ? 40000 : (uint16_t)(20000 + f));
		i = ec_expect(h, g, &p);
		ok = ec_fwd(h, g, &p, i) && ec_fwd(h, g, &p, i);
		if (ok)
			c[i]++;
	}
	return ok;
}

void rt6_ecmp(struct harness *h)
{
	unsigned lab[3] = { 0 }, port[3] = { 0 };
	struct ec_group g;
	bool ok;

	ok = ASSERT_OK(h, ec6_route(h, &g), "IPv6 group route") &&
	     ec6_flows(h, &g, true, 192, lab) &&
	     ASSERT_TRUE(h, lab[0] && lab[1] && lab[2], "labels did not spread (%u/%u/%u)",
			 lab[0], lab[1], lab[2]);
	h_report(h, ok, "ecmp6: the flow label alone picks members, byte by byte (%u/%u/%u)",
		 lab[0], lab[1], lab[2]);
	ok = ok && ec6_flows(h, &g, false, 192, port) &&
	     ASSERT_TRUE(h, port[0] && port[1] && port[2], "ports did not spread (%u/%u/%u)",
			 port[0], port[1], port[2]);
	h_report(h, ok, "ecmp6: UDP source ports pick members, a flow keeps its member (%u/%u/%u)",
		 port[0], port[1], port[2]);
}

/*
 * The bucket's copy of its member (fib.h xr_nhg_rec) is what the fast path
 * forwards by; a copy whose two words are of two generations, as a packet
 * may find one the daemon is rewriting, is passed over for the member's
 * own next hop.
 */
static void ec_copy(struct harness *h, const struct ec_group *g)
{
	struct xr_nhg_rec *r = NULL, keep;
	uint32_t id = nhg_slot(rib_groups(h->rib), g->handle);
	struct rib_tables t;
	struct nhg_flow fl;
	uint64_t hash;
	struct pkt p, out;
	uint8_t dmac[6], smac[6];
	bool ok;
	int i;

	dp_rib_tables(h->dp, &t);
	ec_udp(&p, 7, 0x4000);
	ec_flow(&p, false, true, &fl);
	i = nhg_flow_pick(rib_groups(h->rib), g->handle, &fl, &hash);
	if (id >= XR_NH_GROUP_BASE)
		r = &t.nhgroups[id - XR_NH_GROUP_BASE].rec[xr_nhg_bucket(hash)];
	if (!ASSERT_TRUE(h, r && i >= 0 && i < 3 && r->l2.valid && r->l2.pad == r->m.gen,
			 "the flow's bucket holds its member's MAC"))
		return;
	keep = *r;
	r->l2.mac[5] ^= 0x5a;
	rt_gw_mac(g->gw[i], dmac);
	dmac[5] ^= 0x5a;
	h_port_mac(g->port[i], smac);
	pkt_forwarded(&out, &p, dmac, smac);
	ok = h_case_check(h, &(struct h_case){
		.port = RT_A, .in = &p, .verdict = XDP_REDIRECT, .out = &out,
		.cnt = { { S(RX), 1 }, { S(FORWARDED), 1 } }, .handoff = H_NO_HANDOFF,
	});
	h_report(h, ok, "ecmp: a frame leaves by its bucket's copy of the member (MAC and port)");
	r->l2.pad++;
	h_report(h, ec_fwd(h, g, &p, i),
		 "ecmp: a copy of two generations (a rewrite under way) is passed over for the "
		 "member's own next hop");
	*r = keep;
}

void rt_ecmp(struct harness *h)
{
	int *member = calloc(EC_FLOWS, sizeof(*member));
	struct ec_group g;
	static const uint16_t equal[3] = { 1, 1, 1 };

	if (!h_report(h, member != NULL, "ecmp: memory"))
		return;
	ec_spread(h, &g, member);
	ASSERT_OK(h, ec_route(h, &g, equal), "group route");
	ec_flows(h, &g, member, EC_FLOWS, (unsigned[3]){ 0 });
	ec_link(h, &g, member);
	ec_frags(h, &g);
	ec_tcp(h, &g);
	ec_copy(h, &g);
	ec_replace(h, &g);
	free(member);
}
