// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The routing stage through BPF_PROG_TEST_RUN: forwarding (TTL, checksum,
 * MACs, egress port), every hand-off reason, blackhole, the hand-off rate
 * limit, every malformed or never-forwarded frame, what passes to the
 * kernel, and longest-prefix match.  The random checksum sweep lives in
 * route_csum.c.
 *
 *   host 203.0.113.10 --[A]  router  [B]-- 192.0.2.0/24     gateways .1-.5
 *                                    [C]-- 198.51.100.0/24  gateway .1, MTU 1000
 *                             [D] a second ingress for the rate limit
 */
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <stdlib.h>
#include <string.h>

#include "route_test.h"

#define S(x)	XR_STAT_##x

void rt_gw_mac(unsigned k, uint8_t mac[6])
{
	const uint8_t m[6] = { 0x02, 0xbb, 0, 0, 0, (uint8_t)k };

	memcpy(mac, m, 6);
}

static int rt_connected(struct harness *h, unsigned port, uint32_t net, uint16_t mtu)
{
	uint32_t ifid = h->ifindex[port];
	int err;

	err = h_port_routed(h, port, mtu);
	if (!err)
		err = h_route(h, net, 24, XR_NH_UNICAST, RIB_PROTO_KERNEL, ifid, 0, 0);
	if (!err)
		err = h_route(h, net | 254, 32, XR_NH_LOCAL, RIB_PROTO_LOCAL, ifid, 0, 0);
	if (!err)
		err = h_route(h, net | 255, 32, XR_NH_BROADCAST, RIB_PROTO_LOCAL, ifid, 0, 0);
	return err;
}

/* The topology above, without a default route (no-route cases need none). */
int rt_setup(struct harness *h)
{
	uint32_t b = h->ifindex[RT_B], c = h->ifindex[RT_C];
	uint8_t mac[6];
	int err = 0;
	unsigned k;

	err = rt_connected(h, RT_A, RT_NET_A, 1500);
	err = err ? err : rt_connected(h, RT_B, RT_NET_B, 1500);
	err = err ? err : rt_connected(h, RT_C, RT_NET_C, RT_MTU_C);
	for (k = 1; k <= 5 && !err; k++) {
		rt_gw_mac(k, mac);
		err = h_neigh_set(h, b, RT_NET_B | k, mac);
	}
	rt_gw_mac(0x11, mac);
	err = err ? err : h_neigh_set(h, c, RT_NET_C | 1, mac);
	rt_gw_mac(0x17, mac);
	err = err ? err : h_neigh_set(h, c, RT_NET_C | 7, mac);
	err = err ? err : h_route(h, RT_TO_C, 16, XR_NH_UNICAST, 0, 0, RT_NET_C | 1, 0);
	err = err ? err : h_route(h, RT_TO_B, 16, XR_NH_UNICAST, 0, 0, RT_NET_B | 1, 0);
	err = err ? err : h_route(h, RT_BLACKHOLE, 16, XR_NH_BLACKHOLE, 0, 0, 0, 0);
	err = err ? err : h_route(h, RT_UNREACH, 16, XR_NH_UNREACHABLE, 0, 0, 0, 0);
	err = err ? err : h_route(h, RT_NO_NEIGH, 16, XR_NH_UNICAST, 0, 0, RT_NET_C | 2, 0);
	return err;
}

/* ---- forwarding ---- */

/* A UDP frame from the host on A to `dst`: forwarded out `port` to gateway k. */
bool rt_fwd_check(struct harness *h, const struct pkt *in, unsigned port, unsigned gw)
{
	struct pkt *out = malloc(sizeof(*out));
	uint8_t dmac[6], smac[6];
	bool ok;

	if (!ASSERT_TRUE(h, out != NULL, "out of memory"))
		return false;
	rt_gw_mac(gw, dmac);
	h_port_mac(port, smac);
	pkt_forwarded(out, in, dmac, smac);
	ok = h_case_check(h, &(struct h_case){
		.port = RT_A, .in = in, .verdict = XDP_REDIRECT, .out = out,
		.cnt = { { S(RX), 1 }, { S(FORWARDED), 1 } },
		.handoff = H_NO_HANDOFF,
	});
	free(out);
	return ok;
}

static void rt_fwd(struct harness *h, const char *desc, uint32_t dst, uint8_t ttl,
		   unsigned port, unsigned gw)
{
	struct pkt in;

	pkt_udp4(&in, rt_mac(RT_A), RT_HOST, dst, ttl);
	h_report(h, rt_fwd_check(h, &in, port, gw), "%s", desc);
}

void rt_udp_len(struct pkt *p, uint32_t dst, size_t len)
{
	struct pkt_ip ip;

	pkt_ip_defaults(&ip, RT_HOST, dst);
	pkt_init(p);
	pkt_eth(p, rt_mac(RT_A), pkt_host_mac, ETH_P_IP);
	pkt_ipv4(p, &ip);
	pkt_udp(p, 40000, 9, len - 28);
}

static void rt_neigh_used(struct harness *h);
static void rt_no_egress(struct harness *h);

static void rt_forwarding(struct harness *h)
{
	struct pkt in;

	rt_fwd(h, "forward: out port C via its gateway (TTL 64 -> 63, MACs, checksum)",
	       RT_TO_C | 0x0101, 64, RT_C, 0x11);
	rt_fwd(h, "forward: out port B via its gateway", RT_TO_B | 0x0101, 64, RT_B, 1);
	rt_fwd(h, "forward: on-link destination on C uses its own neighbour entry",
	       RT_NET_C | 7, 64, RT_C, 0x17);
	rt_fwd(h, "forward: TTL 2 leaves as TTL 1", RT_TO_C | 1, 2, RT_C, 0x11);
	rt_fwd(h, "forward: TTL 255 leaves as TTL 254", RT_TO_C | 1, 255, RT_C, 0x11);
	rt_udp_len(&in, RT_TO_C | 9, RT_MTU_C);
	h_report(h, rt_fwd_check(h, &in, RT_C, 0x11),
		 "forward: total length == egress MTU (%u) is forwarded", RT_MTU_C);
	/* Ethernet padding behind a short datagram is not the router's business. */
	pkt_udp4(&in, rt_mac(RT_A), RT_HOST, RT_TO_C | 2, 64);
	pkt_bytes(&in, (uint8_t[8]){ 0 }, 8);
	h_report(h, rt_fwd_check(h, &in, RT_C, 0x11),
		 "forward: frame with Ethernet padding after the datagram");
	rt_fwd_options(h);
	rt_fwd_icmp(h);
	rt_nh(h);
	rt_frags(h);
	rt_l4csum(h);
	rt_ecmp(h);
	rt_neigh_used(h);
	rt_no_egress(h);
}

/* Forwarding stamps the neighbour as used, so the daemon can tell it is alive. */
static void rt_neigh_used(struct harness *h)
{
	struct xr_neigh_key k = h_neigh_key(h->ifindex[RT_C], RT_NET_C | 7);
	struct xr_neigh n = { 0 };
	struct pkt in;
	uint8_t mac[6];
	bool ok;

	rt_gw_mac(0x17, mac);
	ok = ASSERT_OK(h, h_neigh_set(h, k.ifid, RT_NET_C | 7, mac), "neighbour reset");
	pkt_udp4(&in, rt_mac(RT_A), RT_HOST, RT_NET_C | 7, 64);
	ok = ok && rt_fwd_check(h, &in, RT_C, 0x17) &&
	     ASSERT_OK(h, dp_neigh_get(h->dp, &k, &n), "neighbour read") &&
	     ASSERT_TRUE(h, n.used_ns != 0, "used_ns still 0 after forwarding") &&
	     ASSERT_BYTES(h, n.mac, 6, mac, 6, "neighbour MAC") &&
	     ASSERT_EQ(h, n.flags, XR_NEIGH_STATIC, "neighbour flags");
	h_report(h, ok, "forward: the neighbour entry is stamped as used, MAC and flags kept");
}

/* A route out of an interface xrouter does not own (lo) cannot be redirected. */
static void rt_no_egress(struct harness *h)
{
	uint32_t net = 0x64450000;	/* 100.69.0.0/24 on lo */
	struct pkt in;
	bool ok;

	ok = ASSERT_OK(h, h_route(h, net, 24, XR_NH_UNICAST, RIB_PROTO_KERNEL, 1, 0, 0),
		       "rib_add") &&
	     ASSERT_OK(h, h_neigh_set(h, 1, net | 5, pkt_host_mac), "neighbour");
	pkt_udp4(&in, rt_mac(RT_A), RT_HOST, net | 5, 64);
	ok = ok && h_case_check(h, &(struct h_case){
		.port = RT_A, .in = &in, .verdict = XDP_DROP,
		.cnt = { { S(RX), 1 }, { S(DROP_REDIRECT), 1 } }, .handoff = H_NO_HANDOFF,
	});
	h_report(h, ok, "drop: route out of a port that is not a routed port");
	h_route_del(h, net, 24);
	h_neigh_del(h, 1, net | 5);
}

/* IP options other than source routes go through unchanged. */
void rt_fwd_options(struct harness *h)
{
	static const uint8_t ra[4] = { 0x94, 4, 0, 0 };
	static const uint8_t ts[12] = { 0x44, 12, 5, 0x01, 0, 0, 0, 0, 0, 0, 0, 0 };
	static const uint8_t nops[8] = { 1, 1, 1, 1, 1, 1, 1, 0 };
	struct pkt in;

	rt_udp_opts(&in, rt_mac(RT_A), RT_HOST, RT_TO_C | 3, ra, sizeof(ra));
	h_report(h, rt_fwd_check(h, &in, RT_C, 0x11), "forward: router alert option kept");
	rt_udp_opts(&in, rt_mac(RT_A), RT_HOST, RT_TO_C | 3, ts, sizeof(ts));
	h_report(h, rt_fwd_check(h, &in, RT_C, 0x11), "forward: timestamp option kept");
	rt_udp_opts(&in, rt_mac(RT_A), RT_HOST, RT_TO_C | 3, nops, sizeof(nops));
	h_report(h, rt_fwd_check(h, &in, RT_C, 0x11), "forward: NOPs and EOL kept");
}

void rt_fwd_icmp(struct harness *h)
{
	struct pkt_ip ip;
	struct pkt in;

	pkt_ip_defaults(&ip, RT_HOST, RT_TO_B | 0x0202);
	ip.proto = IPPROTO_ICMP;
	pkt_init(&in);
	pkt_eth(&in, rt_mac(RT_A), pkt_host_mac, ETH_P_IP);
	pkt_ipv4(&in, &ip);
	pkt_icmp_echo(&in, 7, 1, 56);
	h_report(h, rt_fwd_check(h, &in, RT_B, 1), "forward: ICMP echo request out port B");
}

void rt_udp_opts(struct pkt *p, const uint8_t dmac[6], uint32_t src, uint32_t dst,
		 const uint8_t *opts, size_t optlen)
{
	struct pkt_ip ip;

	pkt_ip_defaults(&ip, src, dst);
	ip.opts = opts;
	ip.optlen = optlen;
	pkt_init(p);
	pkt_eth(p, dmac, pkt_host_mac, ETH_P_IP);
	pkt_ipv4(p, &ip);
	pkt_udp(p, 40000, 9, 18);
}

const uint8_t *rt_mac(unsigned port)
{
	static uint8_t macs[H_NPORTS][6];

	h_port_mac(port, macs[port]);
	return macs[port];
}

int route_suite(struct harness *h)
{
	int err = rt_setup(h);

	if (err) {
		h_why(h, "topology: %s", strerror(-err));
		h_report(h, false, "route: set up ports, routes and neighbours");
		return 0;
	}
	rt_forwarding(h);
	rt_handoffs(h);
	rt_drops(h);
	rt_passes(h);
	rt_local_kernel(h);
	rt_ratelimit(h);
	rt_csum(h);
	/* Last: it adds and removes a default route. */
	rt_lpm(h);
	return 0;
}
