// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Route suite, the frames that are not forwarded: each hand-off reason
 * (the frame must reach the hand-off ring whole), blackhole, every
 * malformed or never-forwarded frame (dropped and counted by reason), what
 * passes to the kernel untouched, and the hand-off rate limit.  Each table
 * row is a UDP frame from the host on port A, optionally mangled.
 */
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <string.h>

#include "route_test.h"

#define S(x)	XR_STAT_##x
#define NH(port)	((port) + 1)	/* rt_row.nh_port: 0 = not checked */

enum rt_kind {
	RT_DROP,	/* XDP_DROP, counted by `stat` */
	RT_HANDOFF,	/* XDP_DROP, `stat` is the reason, frame in the hand-off ring */
	RT_PASS,	/* XDP_PASS unchanged, counted as pass */
	RT_NOT_OURS,	/* XDP_PASS unchanged, nothing counted */
};

struct rt_row {
	const char *desc;
	enum rt_kind kind;
	int stat;
	uint32_t src, dst;	/* 0: RT_HOST / RT_TO_C */
	void (*mangle)(struct pkt *p);
	unsigned port;		/* ingress */
	unsigned nh_port;	/* NH(port) of the hand-off's nh_ifid */
	uint32_t nh_ip;
	uint16_t mtu;
};

static struct iphdr *ip_of(struct pkt *p)
{
	return (struct iphdr *)(p->b + p->l3);
}

static void m_ttl0(struct pkt *p) { ip_of(p)->ttl = 0; pkt_ip_recsum(p); }
static void m_ttl1(struct pkt *p) { ip_of(p)->ttl = 1; pkt_ip_recsum(p); }

static void m_arp_request(struct pkt *p)
{
	pkt_init(p);
	pkt_eth(p, pkt_bcast_mac, pkt_host_mac, ETH_P_ARP);
	pkt_arp(p, 1, pkt_host_mac, RT_HOST, (uint8_t[6]){ 0 }, RT_NET_A | 254);
}

static void m_arp_reply(struct pkt *p)
{
	pkt_init(p);
	pkt_eth(p, rt_mac(RT_A), pkt_host_mac, ETH_P_ARP);
	pkt_arp(p, 2, pkt_host_mac, RT_HOST, rt_mac(RT_A), RT_NET_A | 254);
}

/* Total length one past C's MTU. */
static void m_over_mtu(struct pkt *p)
{
	uint32_t dst = ntohl(ip_of(p)->daddr);
	struct pkt_ip ip;

	pkt_ip_defaults(&ip, RT_HOST, dst);
	pkt_init(p);
	pkt_eth(p, rt_mac(RT_A), pkt_host_mac, ETH_P_IP);
	pkt_ipv4(p, &ip);
	pkt_udp(p, 40000, 9, RT_MTU_C + 1 - 28);
}

static void m_vlan_trunc(struct pkt *p)
{
	p->b[12] = 0x81;
	p->b[13] = 0x00;
	p->len = 16;	/* the tag, but not the inner EtherType */
}
static void m_ip_trunc(struct pkt *p) { p->len = 14 + 19; }
static void m_ip_none(struct pkt *p) { p->len = 14; }
static void m_ihl4(struct pkt *p)
{
	ip_of(p)->ihl = 4;
	ip_of(p)->check = 0;
	ip_of(p)->check = pkt_csum(ip_of(p), 20);
}
/* IHL 15 (60 bytes) in a frame with 56 bytes of IP. */
static void m_ihl_past(struct pkt *p)
{
	ip_of(p)->ihl = 15;
	p->len = 14 + 56;
	ip_of(p)->tot_len = htons(56);
}
static void m_tot_past(struct pkt *p)
{
	ip_of(p)->tot_len = htons((uint16_t)(p->len - 14 + 1));
	pkt_ip_recsum(p);
}
static void m_tot_below(struct pkt *p) { ip_of(p)->tot_len = htons(19); pkt_ip_recsum(p); }
static void m_version6(struct pkt *p) { ip_of(p)->version = 6; pkt_ip_recsum(p); }
static void m_version0(struct pkt *p) { ip_of(p)->version = 0; pkt_ip_recsum(p); }
static void m_bad_csum(struct pkt *p) { ip_of(p)->check ^= htons(0x0101); }
static void m_l2_bcast(struct pkt *p) { memcpy(p->b, pkt_bcast_mac, 6); }
static void m_l2_mcast(struct pkt *p)
{
	memcpy(p->b, (uint8_t[6]){ 0x01, 0x00, 0x5e, 0x00, 0x00, 0x05 }, 6);
}

static void m_opts(struct pkt *p, const uint8_t *o, size_t n)
{
	uint32_t dst = ntohl(ip_of(p)->daddr);

	rt_udp_opts(p, rt_mac(RT_A), RT_HOST, dst, o, n);
}
static void m_lsrr(struct pkt *p)
{
	m_opts(p, (uint8_t[8]){ 1, 0x83, 7, 4, 192, 0, 2, 1 }, 8);
}
static void m_ssrr(struct pkt *p)
{
	m_opts(p, (uint8_t[8]){ 0x89, 7, 4, 192, 0, 2, 1, 0 }, 8);
}
/* A timestamp before the source route: the walk must look past the first option. */
static void m_lsrr_late(struct pkt *p)
{
	m_opts(p, (uint8_t[16]){ 0x44, 8, 5, 0x00, 0, 0, 0, 0, 0x83, 7, 4, 192, 0, 2, 1, 0 }, 16);
}
static void m_opt_len1(struct pkt *p) { m_opts(p, (uint8_t[4]){ 0x94, 1, 0, 0 }, 4); }
static void m_opt_len_past(struct pkt *p) { m_opts(p, (uint8_t[4]){ 0x94, 8, 0, 0 }, 4); }
static void m_opt_no_len(struct pkt *p) { m_opts(p, (uint8_t[4]){ 1, 1, 1, 0x94 }, 4); }

static void m_ether(struct pkt *p, const uint8_t dst[6], uint16_t type, size_t n)
{
	pkt_init(p);
	pkt_eth(p, dst, pkt_host_mac, type);
	for (; n; n--)
		pkt_bytes(p, (uint8_t[]){ (uint8_t)n }, 1);
}
static void m_ipv6(struct pkt *p)
{
	m_ether(p, rt_mac(RT_A), ETH_P_IPV6, 0);
	pkt_bytes(p, (uint8_t[8]){ 0x60, 0, 0, 0, 0, 8, 17, 64 }, 8);
	pkt_bytes(p, (uint8_t[16]){ 0x20, 0x01, 0x0d, 0xb8, [15] = 1 }, 16);
	pkt_bytes(p, (uint8_t[16]){ 0x20, 0x01, 0x0d, 0xb8, [15] = 2 }, 16);
	pkt_bytes(p, (uint8_t[8]){ 0x9c, 0x40, 0, 9, 0, 8, 0, 0 }, 8);
}
static void m_lldp(struct pkt *p)
{
	m_ether(p, (uint8_t[6]){ 0x01, 0x80, 0xc2, 0, 0, 0x0e }, 0x88cc, 46);
}
static void m_lldp_to_port(struct pkt *p) { m_ether(p, rt_mac(RT_A), 0x88cc, 46); }
static void m_other_type(struct pkt *p) { m_ether(p, rt_mac(RT_A), 0x88b5, 46); }
/* 802.3 with a length field of 0: found by the differential fuzzer (xrdiff). */
static void m_type_zero(struct pkt *p) { m_ether(p, rt_mac(RT_A), 0x0000, 46); }
static void m_vlan_ip(struct pkt *p)
{
	struct pkt_ip ip;

	pkt_ip_defaults(&ip, RT_HOST, RT_TO_C | 1);
	pkt_init(p);
	pkt_eth(p, rt_mac(RT_A), pkt_host_mac, 0x8100);
	pkt_vlan(p, 10, ETH_P_IP);
	pkt_ipv4(p, &ip);
	pkt_udp(p, 40000, 9, 18);
}
static void m_other_mac(struct pkt *p) { memcpy(p->b, (uint8_t[6]){ 2, 0x77, 0, 0, 0, 1 }, 6); }

static const struct rt_row rt_handoff_rows[] = {
	{ "hand-off: router address of the ingress port", RT_HANDOFF, S(HANDOFF_LOCAL),
	  .dst = RT_NET_A | 254 },
	{ "hand-off: router address of another port", RT_HANDOFF, S(HANDOFF_LOCAL),
	  .dst = RT_NET_B | 254 },
	{ "hand-off: router address with TTL 1 is still delivered", RT_HANDOFF,
	  S(HANDOFF_LOCAL), .dst = RT_NET_C | 254, .mangle = m_ttl1 },
	{ "hand-off: TTL 1", RT_HANDOFF, S(HANDOFF_TTL), .mangle = m_ttl1 },
	{ "hand-off: TTL 0", RT_HANDOFF, S(HANDOFF_TTL), .mangle = m_ttl0 },
	{ "hand-off: no route", RT_HANDOFF, S(HANDOFF_NO_ROUTE), .dst = RT_NO_ROUTE },
	{ "hand-off: unreachable route", RT_HANDOFF, S(HANDOFF_UNREACH),
	  .dst = RT_UNREACH | 0x0101 },
	{ "hand-off: neighbour miss of a gateway", RT_HANDOFF, S(HANDOFF_NEIGH_MISS),
	  .dst = RT_NO_NEIGH | 1, .nh_port = NH(RT_C), .nh_ip = RT_NET_C | 2 },
	{ "hand-off: neighbour miss of an on-link destination", RT_HANDOFF,
	  S(HANDOFF_NEIGH_MISS), .dst = RT_NET_B | 77, .nh_port = NH(RT_B),
	  .nh_ip = RT_NET_B | 77 },
	{ "hand-off: over the egress MTU", RT_HANDOFF, S(HANDOFF_MTU), .dst = RT_TO_C | 9,
	  .mangle = m_over_mtu, .nh_port = NH(RT_C), .mtu = RT_MTU_C },
	{ "hand-off: ARP request (broadcast)", RT_HANDOFF, S(HANDOFF_ARP),
	  .mangle = m_arp_request },
	{ "hand-off: ARP reply (unicast)", RT_HANDOFF, S(HANDOFF_ARP), .mangle = m_arp_reply },
	{ "drop: blackhole route, silently", RT_DROP, S(DROP_BLACKHOLE),
	  .dst = RT_BLACKHOLE | 0x0101 },
};

static const struct rt_row rt_drop_rows[] = {
	/* A frame under 14 bytes cannot be test-run (EINVAL): the cut tag stands in. */
	{ "malformed: Ethernet header truncated (802.1Q tag cut short)", RT_DROP,
	  S(DROP_ETH_TRUNC), .mangle = m_vlan_trunc },
	{ "malformed: IPv4 header truncated", RT_DROP, S(DROP_IP_TRUNC), .mangle = m_ip_trunc },
	{ "malformed: EtherType IPv4 and no header", RT_DROP, S(DROP_IP_TRUNC),
	  .mangle = m_ip_none },
	{ "malformed: IHL 4", RT_DROP, S(DROP_IP_IHL), .mangle = m_ihl4 },
	{ "malformed: IHL past the frame", RT_DROP, S(DROP_IP_IHL), .mangle = m_ihl_past },
	{ "malformed: total length past the frame", RT_DROP, S(DROP_IP_LEN),
	  .mangle = m_tot_past },
	{ "malformed: total length below the header", RT_DROP, S(DROP_IP_LEN),
	  .mangle = m_tot_below },
	{ "malformed: version 6 under EtherType IPv4", RT_DROP, S(DROP_IP_VERSION),
	  .mangle = m_version6 },
	{ "malformed: version 0", RT_DROP, S(DROP_IP_VERSION), .mangle = m_version0 },
	{ "malformed: bad header checksum", RT_DROP, S(DROP_IP_CSUM), .mangle = m_bad_csum },
	{ "martian source 0.1.2.3", RT_DROP, S(DROP_MARTIAN_SRC), .src = 0x00010203 },
	{ "martian source 127.0.0.1", RT_DROP, S(DROP_MARTIAN_SRC), .src = 0x7f000001 },
	{ "martian source 169.254.1.1", RT_DROP, S(DROP_MARTIAN_SRC), .src = 0xa9fe0101 },
	{ "martian source 224.0.0.5", RT_DROP, S(DROP_MARTIAN_SRC), .src = 0xe0000005 },
	{ "martian source 240.0.0.1", RT_DROP, S(DROP_MARTIAN_SRC), .src = 0xf0000001 },
	{ "martian source 255.255.255.255", RT_DROP, S(DROP_MARTIAN_SRC), .src = 0xffffffff },
	{ "martian destination 0.1.2.3", RT_DROP, S(DROP_MARTIAN_DST), .dst = 0x00010203 },
	{ "martian destination 127.0.0.1", RT_DROP, S(DROP_MARTIAN_DST), .dst = 0x7f000001 },
	{ "martian destination 169.254.1.1", RT_DROP, S(DROP_MARTIAN_DST), .dst = 0xa9fe0101 },
	{ "never forwarded: limited broadcast to the port MAC", RT_DROP, S(DROP_BCAST_DST),
	  .dst = 0xffffffff },
	{ "never forwarded: multicast 224.0.0.5 to the port MAC", RT_DROP, S(DROP_MCAST_DST),
	  .dst = 0xe0000005 },
	{ "never forwarded: multicast 239.1.2.3 to the port MAC", RT_DROP, S(DROP_MCAST_DST),
	  .dst = 0xef010203 },
	{ "never forwarded: directed broadcast of a connected /24", RT_DROP,
	  S(DROP_BCAST_DST), .dst = RT_NET_B | 255 },
	{ "never forwarded: directed broadcast with TTL 1", RT_DROP, S(DROP_BCAST_DST),
	  .dst = RT_NET_C | 255, .mangle = m_ttl1 },
	{ "drop: LSRR option", RT_DROP, S(DROP_SRCROUTE), .mangle = m_lsrr },
	{ "drop: SSRR option", RT_DROP, S(DROP_SRCROUTE), .mangle = m_ssrr },
	{ "drop: LSRR after a timestamp option", RT_DROP, S(DROP_SRCROUTE),
	  .mangle = m_lsrr_late },
	{ "malformed: option length 1", RT_DROP, S(DROP_IP_OPTS), .mangle = m_opt_len1 },
	{ "malformed: option past the header", RT_DROP, S(DROP_IP_OPTS),
	  .mangle = m_opt_len_past },
	{ "malformed: option without its length byte", RT_DROP, S(DROP_IP_OPTS),
	  .mangle = m_opt_no_len },
	{ "never forwarded: Ethernet broadcast with a unicast IP destination", RT_DROP,
	  S(DROP_L2_BCAST), .mangle = m_l2_bcast },
	{ "never forwarded: Ethernet multicast with a unicast IP destination", RT_DROP,
	  S(DROP_L2_BCAST), .mangle = m_l2_mcast },
};

static const struct rt_row rt_pass_rows[] = {
	{ "pass: IPv6 to the port MAC", RT_PASS, .mangle = m_ipv6 },
	{ "pass: LLDP (0x88cc) to its group address", RT_PASS, .mangle = m_lldp },
	{ "pass: LLDP (0x88cc) to the port MAC", RT_PASS, .mangle = m_lldp_to_port },
	{ "pass: unknown EtherType 0x88b5", RT_PASS, .mangle = m_other_type },
	{ "pass: EtherType field 0 (not a truncated frame)", RT_PASS, .mangle = m_type_zero },
	{ "pass: 802.1Q-tagged IPv4", RT_PASS, .mangle = m_vlan_ip },
	{ "pass: IPv4 to another station's MAC", RT_PASS, .mangle = m_other_mac },
	{ "pass: Ethernet and IP broadcast (the kernel may listen)", RT_PASS,
	  .dst = 0xffffffff, .mangle = m_l2_bcast },
	{ "pass: Ethernet and IP multicast", RT_PASS, .dst = 0xe0000005, .mangle = m_l2_mcast },
	{ "pass: a port xrouter does not own, uncounted", RT_NOT_OURS, .port = RT_D },
};

static void rt_row_case(struct harness *h, const struct rt_row *r, struct pkt *in,
			struct h_case *c)
{
	pkt_udp4(in, rt_mac(RT_A), r->src ? r->src : RT_HOST, r->dst ? r->dst : RT_TO_C | 1, 64);
	if (r->mangle)
		r->mangle(in);
	memset(c, 0, sizeof(*c));
	c->desc = r->desc;
	c->port = r->port;
	c->in = in;
	c->handoff = H_NO_HANDOFF;
	c->verdict = r->kind == RT_PASS || r->kind == RT_NOT_OURS ? XDP_PASS : XDP_DROP;
	if (r->kind != RT_NOT_OURS)
		c->cnt[0] = (struct h_delta){ S(RX), 1 };
	if (r->kind == RT_PASS)
		c->cnt[1] = (struct h_delta){ S(PASS), 1 };
	if (r->kind == RT_DROP)
		c->cnt[1] = (struct h_delta){ r->stat, 1 };
	if (r->kind == RT_HANDOFF) {
		c->cnt[1] = (struct h_delta){ r->stat, 1 };
		c->cnt[2] = (struct h_delta){ S(HANDOFF), 1 };
		c->handoff = r->stat;
		c->nh_ifid = r->nh_port ? h->ifindex[r->nh_port - 1] : 0;
		c->nh_ip = r->nh_ip;
		c->mtu = r->mtu;
	}
}

static void rt_rows_run(struct harness *h, const struct rt_row *rows, size_t n)
{
	static struct pkt in;
	struct h_case c;
	size_t i;

	for (i = 0; i < n; i++) {
		rt_row_case(h, &rows[i], &in, &c);
		h_case_run(h, &c);
	}
}

void rt_handoffs(struct harness *h)
{
	rt_rows_run(h, rt_handoff_rows, sizeof(rt_handoff_rows) / sizeof(rt_handoff_rows[0]));
}

void rt_drops(struct harness *h)
{
	rt_rows_run(h, rt_drop_rows, sizeof(rt_drop_rows) / sizeof(rt_drop_rows[0]));
}

void rt_passes(struct harness *h)
{
	rt_rows_run(h, rt_pass_rows, sizeof(rt_pass_rows) / sizeof(rt_pass_rows[0]));
}

#define RT_FLOOD	20
#define RT_BURST	5

/* n frames from port D, each to be handed off; counts and collects. */
static bool rt_flood(struct harness *h, struct pkt *in, unsigned n, unsigned *handed)
{
	uint64_t before[XR_STAT_MAX], after[XR_STAT_MAX];
	static struct pkt out;
	uint32_t verdict;
	unsigned i;

	if (!ASSERT_OK(h, h_stats(h, RT_D, before), "stats read"))
		return false;
	h_handoff_drain(h);
	for (i = 0; i < n; i++) {
		if (!ASSERT_OK(h, h_run(h, h->ifindex[RT_D], in, &verdict, &out), "test run") ||
		    !ASSERT_EQ(h, verdict, XDP_DROP, "verdict"))
			return false;
	}
	*handed = h_handoff_collect(h);
	if (!ASSERT_OK(h, h_stats(h, RT_D, after), "stats read"))
		return false;
	/* 1 packet/s refills nothing in the milliseconds the loop takes; allow one. */
	return ASSERT_TRUE(h, *handed >= RT_BURST && *handed <= RT_BURST + 1,
			   "%u frames handed off, want %u", *handed, RT_BURST) &&
	       ASSERT_EQ(h, after[S(HANDOFF_NO_ROUTE)] - before[S(HANDOFF_NO_ROUTE)], *handed,
			 "handoff_no_route") &&
	       ASSERT_EQ(h, after[S(HANDOFF)] - before[S(HANDOFF)], *handed, "handoff") &&
	       ASSERT_EQ(h, after[S(DROP_RATELIMIT)] - before[S(DROP_RATELIMIT)], n - *handed,
			 "drop_handoff_ratelimit") &&
	       ASSERT_EQ(h, after[S(RX)] - before[S(RX)], n, "rx");
}

/*
 * D's bucket for "other" hand-offs is empty: ARP and packets waiting for a
 * neighbour have buckets of their own, so resolution goes on under a
 * flood of TTL-expired or no-route frames.
 */
static void rt_ratelimit_classes(struct harness *h, struct pkt *p)
{
	m_arp_request(p);
	h_case_run(h, &(struct h_case){
		.desc = "hand-off rate limit: ARP has its own bucket",
		.port = RT_D, .in = p, .verdict = XDP_DROP,
		.cnt = { { S(RX), 1 }, { S(HANDOFF), 1 }, { S(HANDOFF_ARP), 1 } },
		.handoff = S(HANDOFF_ARP),
	});
	pkt_udp4(p, rt_mac(RT_D), RT_HOST, RT_NO_NEIGH | 1, 64);
	h_case_run(h, &(struct h_case){
		.desc = "hand-off rate limit: so do packets waiting for a neighbour",
		.port = RT_D, .in = p, .verdict = XDP_DROP,
		.cnt = { { S(RX), 1 }, { S(HANDOFF), 1 }, { S(HANDOFF_NEIGH_MISS), 1 } },
		.handoff = S(HANDOFF_NEIGH_MISS),
	});
	pkt_udp4(p, rt_mac(RT_D), RT_HOST, RT_NO_ROUTE, 1);
	h_case_run(h, &(struct h_case){
		.desc = "hand-off rate limit: TTL expired shares the empty bucket",
		.port = RT_D, .in = p, .verdict = XDP_DROP,
		.cnt = { { S(RX), 1 }, { S(DROP_RATELIMIT), 1 } }, .handoff = H_NO_HANDOFF,
	});
}

void rt_ratelimit(struct harness *h)
{
	static struct pkt in, fwd;
	unsigned handed = 0;
	bool ok;

	ok = ASSERT_OK(h, h_port_set(h, RT_D, XR_PORT_ACTIVE | XR_PORT_ROUTED, 1500, 0, 1,
				     RT_BURST), "port D");
	pkt_udp4(&in, rt_mac(RT_D), RT_HOST, RT_NO_ROUTE, 64);
	ok = ok && rt_flood(h, &in, RT_FLOOD, &handed);
	h_report(h, ok, "hand-off rate limit: %u frames at burst %u, 1/s: %u handed off, "
		 "rest dropped", RT_FLOOD, RT_BURST, handed);
	/* An empty bucket must not stop forwarding on the same port. */
	pkt_udp4(&fwd, rt_mac(RT_D), RT_HOST, RT_TO_C | 1, 64);
	pkt_forwarded(&in, &fwd, (uint8_t[6]){ 0x02, 0xbb, 0, 0, 0, 0x11 }, rt_mac(RT_C));
	h_case_run(h, &(struct h_case){
		.desc = "hand-off rate limit: forwarding goes on with the bucket empty",
		.port = RT_D, .in = &fwd, .verdict = XDP_REDIRECT, .out = &in,
		.cnt = { { S(RX), 1 }, { S(FORWARDED), 1 } }, .handoff = H_NO_HANDOFF,
	});
	/* The bucket is per port: A still hands off. */
	pkt_udp4(&fwd, rt_mac(RT_A), RT_HOST, RT_NO_ROUTE, 64);
	h_case_run(h, &(struct h_case){
		.desc = "hand-off rate limit: another port's bucket is its own",
		.port = RT_A, .in = &fwd, .verdict = XDP_DROP,
		.cnt = { { S(RX), 1 }, { S(HANDOFF_NO_ROUTE), 1 }, { S(HANDOFF), 1 } },
		.handoff = S(HANDOFF_NO_ROUTE),
	});
	/* Still empty on D: the next one is dropped, not handed off. */
	pkt_udp4(&fwd, rt_mac(RT_D), RT_HOST, RT_NO_ROUTE, 64);
	h_case_run(h, &(struct h_case){
		.desc = "hand-off rate limit: D stays limited",
		.port = RT_D, .in = &fwd, .verdict = XDP_DROP,
		.cnt = { { S(RX), 1 }, { S(DROP_RATELIMIT), 1 } }, .handoff = H_NO_HANDOFF,
	});
	rt_ratelimit_classes(h, &fwd);
}
