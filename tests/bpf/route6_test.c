// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The IPv6 routing stage through BPF_PROG_TEST_RUN (bpf/ip6_input.h):
 * forwarding (hop limit, MACs, egress port, extension headers unchanged),
 * every hand-off reason with the next hop it carries, every drop, what
 * passes to the kernel, and longest-prefix match over overlapping /0 /32
 * /48 /56 /64 /128 with fallback as each is deleted.  Byte by byte.
 *
 *   host 2001:db8:a::10 --[A]  router  [B]-- 2001:db8:b::/64  gateways ::1-::6
 *                                      [C]-- 2001:db8:c::/64  gateway ::1, host ::7, MTU 1280
 *                               [D] a routed port with IPv6 off; at the end
 *                                   the port of switch 1 (2001:db8:5::/64)
 */
#include <arpa/inet.h>
#include <errno.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "flood.h"
#include "neighmap.h"
#include "route_test.h"

#define S(x)	XR_STAT_##x
#define R6_MTU_C	1280
#define ND_NS		135
#define ND_RS		133
#define NH_HOPOPTS	0
#define NH_DSTOPTS	60
#define NH_FRAG		44
#define NH_NONE		59

/* 2001:db8:<net>::<host>, or any address from its 8 groups. */
struct a6 {
	uint8_t b[16];
};

static struct a6 a6_groups(const uint16_t g[8])
{
	struct a6 a;
	unsigned i;

	for (i = 0; i < 8; i++) {
		a.b[2 * i] = g[i] >> 8;
		a.b[2 * i + 1] = g[i] & 0xff;
	}
	return a;
}

#define A6(...)		a6_groups((const uint16_t[8]){ __VA_ARGS__ })
#define DB8(net, host)	A6(0x2001, 0xdb8, (net), 0, 0, 0, 0, (host))

enum { NET_A = 0xa, NET_B = 0xb, NET_C = 0xc };
#define R6_HOST		DB8(NET_A, 0x10)
#define R6_TO_C		0x100		/* 2001:db8:100::/48 via c::1 */
#define R6_TO_B		0x101		/* 2001:db8:101::/48 via b::1 */
#define R6_BLACKHOLE	0x102
#define R6_UNREACH	0x103
#define R6_NO_NEIGH	0x104		/* via c::2, never resolved */

static int r6_route(struct harness *h, struct a6 dst, uint8_t len, uint8_t type, uint8_t proto,
		    uint32_t ifid, const struct a6 *gw, uint32_t metric)
{
	struct rib_route r = {
		.dst = { .addr = { .af = AF_INET6 }, .len = len },
		.type = type, .proto = proto, .ifid = ifid, .metric = metric,
	};

	memcpy(r.dst.addr.b, dst.b, 16);
	if (gw) {
		r.gw.af = AF_INET6;
		memcpy(r.gw.b, gw->b, 16);
	}
	return rib_add(h->rib, &r, false);
}

static int r6_route_del(struct harness *h, struct a6 dst, uint8_t len)
{
	struct xr_prefix p = { .addr = { .af = AF_INET6 }, .len = len };

	memcpy(p.addr.b, dst.b, 16);
	return rib_del(h->rib, &p, NULL);
}

static int r6_neigh(struct harness *h, unsigned port, struct a6 ip, unsigned gw)
{
	struct xr_ip a = { .af = AF_INET6 };
	uint8_t mac[6];

	memcpy(a.b, ip.b, 16);
	rt_gw_mac(gw, mac);
	return neighmap_set(h->dp, h->rib, h->ifindex[port], &a, mac, true);
}

static struct a6 r6_net(uint16_t net48, uint16_t host)
{
	return A6(0x2001, 0xdb8, net48, 0, 0, 0, 0, host);
}

/* Port with IPv6 routed, its connected /64 and its router address ::fe. */
static int r6_connected(struct harness *h, unsigned port, uint16_t net, uint16_t mtu)
{
	uint32_t ifid = h->ifindex[port];
	int err;

	err = h_port_set(h, port, XR_PORT_ACTIVE | XR_PORT_ROUTED | XR_PORT_IP6, mtu, 0,
			 1000000, 1000000);
	if (!err)
		err = r6_route(h, DB8(net, 0), 64, XR_NH_UNICAST, RIB_PROTO_KERNEL, ifid, NULL, 0);
	if (!err)
		err = r6_route(h, DB8(net, 0xfe), 128, XR_NH_LOCAL, RIB_PROTO_LOCAL, ifid, NULL, 0);
	return err;
}

static int r6_setup(struct harness *h)
{
	struct a6 gw;
	unsigned k;
	int err;

	err = r6_connected(h, RT_A, NET_A, 1500);
	err = err ? err : r6_connected(h, RT_B, NET_B, 1500);
	err = err ? err : r6_connected(h, RT_C, NET_C, R6_MTU_C);
	err = err ? err : h_port_routed(h, RT_D, 1500);
	for (k = 1; k <= 6 && !err; k++)
		err = r6_neigh(h, RT_B, DB8(NET_B, k), k);
	err = err ? err : r6_neigh(h, RT_C, DB8(NET_C, 1), 0x11);
	err = err ? err : r6_neigh(h, RT_C, DB8(NET_C, 7), 0x17);
	gw = DB8(NET_C, 1);
	err = err ? err : r6_route(h, r6_net(R6_TO_C, 0), 48, XR_NH_UNICAST, 0, 0, &gw, 0);
	gw = DB8(NET_B, 1);
	err = err ? err : r6_route(h, r6_net(R6_TO_B, 0), 48, XR_NH_UNICAST, 0, 0, &gw, 0);
	err = err ? err : r6_route(h, r6_net(R6_BLACKHOLE, 0), 48, XR_NH_BLACKHOLE, 0, 0, NULL, 0);
	err = err ? err : r6_route(h, r6_net(R6_UNREACH, 0), 48, XR_NH_UNREACHABLE, 0, 0, NULL, 0);
	gw = DB8(NET_C, 2);
	err = err ? err : r6_route(h, r6_net(R6_NO_NEIGH, 0), 48, XR_NH_UNICAST, 0, 0, &gw, 0);
	return err;
}

/* ---- frames ---- */

/* Ethernet to dmac, IPv6 src -> dst with next header `next`, then the caller's payload. */
static void r6_head(struct pkt *p, const uint8_t dmac[6], struct a6 src, struct a6 dst,
		    uint8_t next, uint8_t hlim)
{
	pkt_init(p);
	pkt_eth(p, dmac, pkt_host_mac, ETH_P_IPV6);
	pkt_ipv6(p, src.b, dst.b, next, hlim);
}

/* UDP of n bytes with a full checksum. */
static void r6_udp(struct pkt *p, const uint8_t dmac[6], struct a6 src, struct a6 dst,
		   uint8_t hlim, size_t n)
{
	r6_head(p, dmac, src, dst, IPPROTO_UDP, hlim);
	pkt_udp(p, 40000, 9, n);
	pkt_l4_csum(p, false);
}

/* ICMPv6 of the given type, 24 bytes (checksum not the router's business). */
static void r6_icmp(struct pkt *p, const uint8_t dmac[6], struct a6 src, struct a6 dst,
		    uint8_t type, uint8_t hlim)
{
	uint8_t body[24] = { type };

	r6_head(p, dmac, src, dst, 58, hlim);
	pkt_bytes(p, body, sizeof(body));
	pkt_ip6_finish(p);
}

/* What the router sends on: hop limit - 1, next hop's and egress port's MACs. */
static void r6_forwarded(struct pkt *out, const struct pkt *in, unsigned port, unsigned gw)
{
	*out = *in;
	out->b[out->l3 + 7]--;
	rt_gw_mac(gw, out->b);
	h_port_mac(port, out->b + 6);
}

static bool r6_fwd_check(struct harness *h, const struct pkt *in, unsigned port, unsigned gw)
{
	struct pkt *out = malloc(sizeof(*out));
	bool ok;

	if (!ASSERT_TRUE(h, out != NULL, "out of memory"))
		return false;
	r6_forwarded(out, in, port, gw);
	ok = h_case_check(h, &(struct h_case){
		.port = RT_A, .in = in, .verdict = XDP_REDIRECT, .out = out,
		.cnt = { { S(RX), 1 }, { S(FORWARDED), 1 } }, .handoff = H_NO_HANDOFF,
	});
	free(out);
	return ok;
}

static void r6_fwd(struct harness *h, const char *desc, struct a6 dst, uint8_t hlim,
		   unsigned port, unsigned gw)
{
	struct pkt in;

	r6_udp(&in, rt_mac(RT_A), R6_HOST, dst, hlim, 18);
	h_report(h, r6_fwd_check(h, &in, port, gw), "IPv6 %s", desc);
}

/* UDP behind extension headers hdrs (each 8 bytes, next header chained). */
static void r6_ext(struct harness *h, const char *desc, const uint8_t *types, unsigned n)
{
	struct pkt in;
	unsigned i;

	r6_head(&in, rt_mac(RT_A), R6_HOST, r6_net(R6_TO_C, 5), types[0], 64);
	for (i = 0; i < n; i++) {
		uint8_t hdr[8] = { i + 1 < n ? types[i + 1] : IPPROTO_UDP, 0, 1, 4, 0, 0, 0, 0 };

		if (types[i] == NH_FRAG)
			hdr[2] = 0, hdr[3] = 0, hdr[7] = 0x2a;	/* offset 0, last, id 42 */
		pkt_bytes(&in, hdr, sizeof(hdr));
	}
	pkt_udp(&in, 40000, 9, 30);
	h_report(h, r6_fwd_check(h, &in, RT_C, 0x11), "IPv6 forward: %s unchanged", desc);
}

static void r6_forwarding(struct harness *h)
{
	static const uint8_t hbh[] = { NH_HOPOPTS };
	static const uint8_t chain[] = { NH_HOPOPTS, NH_DSTOPTS, NH_FRAG };
	struct pkt in, out;
	bool ok;

	r6_fwd(h, "forward: out port C via its gateway (hop limit 64 -> 63, MACs)",
	       r6_net(R6_TO_C, 1), 64, RT_C, 0x11);
	r6_fwd(h, "forward: out port B via its gateway", r6_net(R6_TO_B, 1), 64, RT_B, 1);
	r6_fwd(h, "forward: on-link destination on C uses its own neighbour entry",
	       DB8(NET_C, 7), 64, RT_C, 0x17);
	r6_fwd(h, "forward: hop limit 2 leaves as 1", r6_net(R6_TO_C, 1), 2, RT_C, 0x11);
	r6_fwd(h, "forward: hop limit 255 leaves as 254", r6_net(R6_TO_C, 1), 255, RT_C, 0x11);
	r6_ext(h, "Hop-by-Hop options", hbh, 1);
	r6_ext(h, "Hop-by-Hop, Destination options and Fragment headers", chain, 3);
	r6_udp(&in, rt_mac(RT_A), R6_HOST, r6_net(R6_TO_C, 9), 64, R6_MTU_C - 48);
	h_report(h, r6_fwd_check(h, &in, RT_C, 0x11),
		 "IPv6 forward: packet of exactly the egress MTU (%u) is forwarded", R6_MTU_C);
	/* A sender with TX offload leaves UDP partial: finished on the way. */
	r6_udp(&in, rt_mac(RT_A), R6_HOST, r6_net(R6_TO_B, 3), 64, 100);
	pkt_l4_csum(&in, true);
	r6_forwarded(&out, &in, RT_B, 1);
	pkt_l4_csum(&out, false);
	ok = h_case_check(h, &(struct h_case){
		.port = RT_A, .in = &in, .verdict = XDP_REDIRECT, .out = &out,
		.cnt = { { S(RX), 1 }, { S(FORWARDED), 1 } }, .handoff = H_NO_HANDOFF,
	});
	h_report(h, ok, "IPv6 forward: a partial UDP checksum leaves finished");
}

/* ---- hand-offs ---- */

/* The frame handed off carries an IPv6 next hop nh on egress port `port`. */
static bool r6_nh_check(struct harness *h, unsigned port, struct a6 nh)
{
	const struct xr_handoff *ho = &h->frames[0].h;

	return ASSERT_EQ(h, ho->nh_ip.af, XR_AF_INET6, "hand-off nh_ip family") &&
	       ASSERT_BYTES(h, ho->nh_ip.b, 16, nh.b, 16, "hand-off nh_ip") &&
	       ASSERT_EQ(h, ho->nh_ifid, h->ifindex[port], "hand-off nh_ifid");
}

static bool r6_handoff(struct harness *h, const struct pkt *in, int reason)
{
	return h_case_check(h, &(struct h_case){
		.port = RT_A, .in = in, .verdict = XDP_DROP,
		.cnt = { { S(RX), 1 }, { reason, 1 }, { S(HANDOFF), 1 } }, .handoff = reason,
	});
}

static void r6_handoff_to(struct harness *h, const char *desc, struct a6 src, struct a6 dst,
			  uint8_t hlim, int reason)
{
	struct pkt in;

	r6_udp(&in, rt_mac(RT_A), src, dst, hlim, 18);
	h_report(h, r6_handoff(h, &in, reason), "IPv6 hand-off: %s", desc);
}

/* ICMPv6 type to dst, sent to dmac: handed off as for the router. */
static void r6_handoff_icmp(struct harness *h, const char *desc, const uint8_t dmac[6],
			    struct a6 src, struct a6 dst, uint8_t type)
{
	struct pkt in;

	r6_icmp(&in, dmac, src, dst, type, 255);
	h_report(h, r6_handoff(h, &in, S(HANDOFF_LOCAL)), "IPv6 hand-off: %s", desc);
}

static void r6_handoffs_local(struct harness *h)
{
	static const uint8_t snm[6] = { 0x33, 0x33, 0xff, 0, 0, 0xfe };
	static const uint8_t all_routers[6] = { 0x33, 0x33, 0, 0, 0, 2 };
	struct a6 ll = A6(0xfe80, 0, 0, 0, 0, 0, 0, 0x10), unspec = { { 0 } };

	r6_handoff_to(h, "to a router address", R6_HOST, DB8(NET_A, 0xfe), 64,
		      S(HANDOFF_LOCAL));
	r6_handoff_to(h, "to another port's router address, hop limit 1", R6_HOST,
		      DB8(NET_C, 0xfe), 1, S(HANDOFF_LOCAL));
	r6_handoff_to(h, "to a link-local address", ll, A6(0xfe80, 0, 0, 0, 0, 0, 0, 1), 64,
		      S(HANDOFF_LOCAL));
	r6_handoff_icmp(h, "neighbour solicitation to the solicited-node group", snm, ll,
			A6(0xff02, 0, 0, 0, 0, 1, 0xff00, 0xfe), ND_NS);
	r6_handoff_icmp(h, "DAD solicitation from ::", snm, unspec,
			A6(0xff02, 0, 0, 0, 0, 1, 0xff00, 0xfe), ND_NS);
	r6_handoff_icmp(h, "router solicitation to ff02::2", all_routers, ll,
			A6(0xff02, 0, 0, 0, 0, 0, 0, 2), ND_RS);
	r6_handoff_icmp(h, "unicast neighbour solicitation to the router", rt_mac(RT_A), ll,
			DB8(NET_A, 0xfe), ND_NS);
}

static void r6_handoffs(struct harness *h)
{
	struct pkt in;
	bool ok;

	r6_handoffs_local(h);
	r6_handoff_to(h, "hop limit 1", R6_HOST, r6_net(R6_TO_C, 1), 1, S(HANDOFF_TTL));
	r6_handoff_to(h, "hop limit 0", R6_HOST, r6_net(R6_TO_C, 1), 0, S(HANDOFF_TTL));
	r6_handoff_to(h, "no route", R6_HOST, A6(0x2001, 0xdb8, 0xffff, 0, 0, 0, 0, 1), 64,
		      S(HANDOFF_NO_ROUTE));
	r6_handoff_to(h, "unreachable route", R6_HOST, r6_net(R6_UNREACH, 1), 64,
		      S(HANDOFF_UNREACH));
	r6_handoff_to(h, "link-local source would leave its link (beyond scope)",
		      A6(0xfe80, 0, 0, 0, 0, 0, 0, 0x10), r6_net(R6_TO_C, 1), 64,
		      S(HANDOFF_UNREACH));
	r6_udp(&in, rt_mac(RT_A), R6_HOST, r6_net(R6_NO_NEIGH, 1), 64, 18);
	ok = r6_handoff(h, &in, S(HANDOFF_NEIGH_MISS)) && r6_nh_check(h, RT_C, DB8(NET_C, 2));
	h_report(h, ok, "IPv6 hand-off: gateway not resolved, nh_ip the gateway");
	r6_udp(&in, rt_mac(RT_A), R6_HOST, DB8(NET_C, 8), 64, 18);
	ok = r6_handoff(h, &in, S(HANDOFF_NEIGH_MISS)) && r6_nh_check(h, RT_C, DB8(NET_C, 8));
	h_report(h, ok, "IPv6 hand-off: on-link host not resolved, nh_ip the destination");
	r6_udp(&in, rt_mac(RT_A), R6_HOST, r6_net(R6_TO_C, 9), 64, R6_MTU_C - 47);
	ok = h_case_check(h, &(struct h_case){
		.port = RT_A, .in = &in, .verdict = XDP_DROP,
		.cnt = { { S(RX), 1 }, { S(HANDOFF_MTU), 1 }, { S(HANDOFF), 1 } },
		.handoff = S(HANDOFF_MTU), .mtu = R6_MTU_C,
	}) && r6_nh_check(h, RT_C, DB8(NET_C, 1));
	h_report(h, ok, "IPv6 hand-off: one byte over the egress MTU: Packet Too Big, never fragmented");
}

/* ---- drops and passes ---- */

static void r6_drop(struct harness *h, const char *desc, const struct pkt *in, int reason)
{
	bool ok = h_case_check(h, &(struct h_case){
		.port = RT_A, .in = in, .verdict = XDP_DROP,
		.cnt = { { S(RX), 1 }, { reason, 1 } }, .handoff = H_NO_HANDOFF,
	});

	h_report(h, ok, "IPv6 drop: %s", desc);
}

static void r6_drop_addr(struct harness *h, const char *desc, struct a6 src, struct a6 dst,
			 int reason)
{
	struct pkt in;

	r6_udp(&in, rt_mac(RT_A), src, dst, 64, 18);
	r6_drop(h, desc, &in, reason);
}

static void r6_drops_malformed(struct harness *h)
{
	struct pkt in;

	r6_udp(&in, rt_mac(RT_A), R6_HOST, r6_net(R6_TO_C, 1), 64, 18);
	in.len = 14 + 39;
	r6_drop(h, "header cut short", &in, S(DROP_IP_TRUNC));
	r6_udp(&in, rt_mac(RT_A), R6_HOST, r6_net(R6_TO_C, 1), 64, 18);
	in.b[14] = 0x45;
	r6_drop(h, "version 4 under the IPv6 EtherType", &in, S(DROP_IP_VERSION));
	r6_udp(&in, rt_mac(RT_A), R6_HOST, r6_net(R6_TO_C, 1), 64, 18);
	in.b[14 + 5] += 1;
	r6_drop(h, "payload length past the frame", &in, S(DROP_IP_LEN));
}

static void r6_drops(struct harness *h)
{
	static const uint8_t all_nodes[6] = { 0x33, 0x33, 0, 0, 0, 1 };
	struct a6 to_c = r6_net(R6_TO_C, 1), unspec = { { 0 } };
	struct a6 mapped = A6(0, 0, 0, 0, 0, 0xffff, 0xc000, 0x0201);
	struct pkt in;

	r6_drops_malformed(h);
	r6_drop_addr(h, "multicast source", A6(0xff02, 0, 0, 0, 0, 0, 0, 1), to_c,
		     S(DROP_MARTIAN_SRC));
	r6_drop_addr(h, "unspecified source", unspec, to_c, S(DROP_MARTIAN_SRC));
	r6_drop_addr(h, "loopback source", A6(0, 0, 0, 0, 0, 0, 0, 1), to_c,
		     S(DROP_MARTIAN_SRC));
	r6_drop_addr(h, "IPv4-mapped source", mapped, to_c, S(DROP_IP6_MAPPED));
	r6_drop_addr(h, "loopback destination", R6_HOST, A6(0, 0, 0, 0, 0, 0, 0, 1),
		     S(DROP_MARTIAN_DST));
	r6_drop_addr(h, "unspecified destination", R6_HOST, unspec, S(DROP_MARTIAN_DST));
	r6_drop_addr(h, "IPv4-mapped destination", R6_HOST, mapped, S(DROP_IP6_MAPPED));
	r6_drop_addr(h, "multicast destination to the port's MAC", R6_HOST,
		     A6(0xff0e, 0, 0, 0, 0, 0, 0, 0x101), S(DROP_MCAST_DST));
	r6_drop_addr(h, "blackhole route", R6_HOST, r6_net(R6_BLACKHOLE, 1), S(DROP_BLACKHOLE));
	r6_udp(&in, all_nodes, R6_HOST, to_c, 64, 18);
	r6_drop(h, "unicast destination in a link-layer multicast frame", &in, S(DROP_L2_BCAST));
}

static bool r6_pass_check(struct harness *h, unsigned port, const struct pkt *in)
{
	return h_case_check(h, &(struct h_case){
		.port = port, .in = in, .verdict = XDP_PASS,
		.cnt = { { S(RX), 1 }, { S(PASS), 1 } }, .handoff = H_NO_HANDOFF,
	});
}

static void r6_passes(struct harness *h)
{
	static const uint8_t mld[6] = { 0x33, 0x33, 0, 0, 0, 0x16 };
	static const uint8_t other[6] = { 0x02, 0x99, 0, 0, 0, 1 };
	struct pkt in;

	r6_udp(&in, mld, R6_HOST, A6(0xff02, 0, 0, 0, 0, 0, 0, 0x16), 1, 18);
	h_report(h, r6_pass_check(h, RT_A, &in),
		 "IPv6 pass: multicast other than NDP's groups to the kernel");
	r6_udp(&in, other, R6_HOST, r6_net(R6_TO_C, 1), 64, 18);
	h_report(h, r6_pass_check(h, RT_A, &in), "IPv6 pass: another station's frame");
	r6_udp(&in, rt_mac(RT_D), R6_HOST, r6_net(R6_TO_C, 1), 64, 18);
	h_report(h, r6_pass_check(h, RT_D, &in),
		 "IPv6 pass: a routed port without IPv6 on leaves it to the kernel");
}

/* ---- beside the kernel's stack (XR_PORT_LOCAL_KERNEL) ---- */

/* in on port A, verdict XDP_PASS unchanged; copied to the daemon if copy. */
static void r6_lk_case(struct harness *h, const char *desc, const struct pkt *in, bool copy)
{
	struct h_case c = {
		.port = RT_A, .in = in, .verdict = XDP_PASS, .out = in,
		.cnt = { { S(RX), 1 }, { S(PASS), 1 } }, .handoff = H_NO_HANDOFF,
	};

	if (copy) {
		c.cnt[2] = (struct h_delta){ S(HANDOFF), 1 };
		c.cnt[3] = (struct h_delta){ S(HANDOFF_LOCAL), 1 };
		c.handoff = S(HANDOFF_LOCAL);
	}
	h_report(h, h_case_check(h, &c), "IPv6 local to the kernel: %s", desc);
}

/*
 * Kernel sync on: the kernel's stack gets what the daemon does not answer
 * for a router address (TCP, UDP, echo replies), and NAs besides the
 * daemon; echo requests and the rest of NDP stay the daemon's alone.
 */
static void r6_local_kernel(struct harness *h)
{
	static const uint8_t snm[6] = { 0x33, 0x33, 0xff, 0, 0, 0xfe };
	static const uint8_t all_nodes[6] = { 0x33, 0x33, 0, 0, 0, 1 };
	static const uint8_t ospf[6] = { 0x33, 0x33, 0, 0, 0, 5 };
	static const uint8_t all_routers[6] = { 0x33, 0x33, 0, 0, 0, 2 };
	struct a6 ll = A6(0xfe80, 0, 0, 0, 0, 0, 0, 0x10), me = DB8(NET_A, 0xfe);
	struct a6 me_ll = A6(0xfe80, 0, 0, 0, 0, 0, 0, 0xfe);
	struct pkt in;

	if (!ASSERT_OK(h, h_port_set(h, RT_A, XR_PORT_ACTIVE | XR_PORT_ROUTED | XR_PORT_IP6 |
				     XR_PORT_LOCAL_KERNEL, 1500, 0, 1000000, 1000000), "port A")) {
		h_report(h, false, "IPv6 local to the kernel: set up port A");
		return;
	}
	r6_udp(&in, rt_mac(RT_A), R6_HOST, me, 64, 18);
	r6_lk_case(h, "UDP for a router address passes", &in, false);
	r6_udp(&in, rt_mac(RT_A), ll, me_ll, 1, 18);
	r6_lk_case(h, "UDP for a link-local address passes (hop limit 1 too)", &in, false);
	r6_head(&in, rt_mac(RT_A), R6_HOST, me, IPPROTO_TCP, 64);
	pkt_tcp(&in, 40000, 179, 0);
	pkt_l4_csum(&in, false);
	r6_lk_case(h, "TCP (BGP) for a router address passes", &in, false);
	r6_icmp(&in, rt_mac(RT_A), R6_HOST, me, 129, 64);
	r6_lk_case(h, "an echo reply (the kernel's ping) passes", &in, false);
	r6_icmp(&in, rt_mac(RT_A), ll, me_ll, 136, 255);
	r6_lk_case(h, "a solicited NA is copied to the daemon and passes", &in, true);
	r6_icmp(&in, all_nodes, ll, A6(0xff02, 0, 0, 0, 0, 0, 0, 1), 136, 255);
	r6_lk_case(h, "an unsolicited NA to ff02::1 is copied and passes", &in, true);
	r6_udp(&in, ospf, ll, A6(0xff02, 0, 0, 0, 0, 0, 0, 5), 1, 18);
	in.b[ETH_HLEN + 6] = 89;	/* OSPFv3: the kernel's, with or without sync */
	r6_lk_case(h, "OSPFv3 to ff02::5 passes", &in, false);
	r6_handoff_icmp(h, "local to the kernel: an echo request is still the daemon's",
			rt_mac(RT_A), R6_HOST, me, 128);
	r6_handoff_icmp(h, "local to the kernel: a unicast NS is the daemon's alone",
			rt_mac(RT_A), ll, me, ND_NS);
	r6_handoff_icmp(h, "local to the kernel: an NS to the solicited-node group is the daemon's",
			snm, ll, A6(0xff02, 0, 0, 0, 0, 1, 0xff00, 0xfe), ND_NS);
	r6_handoff_icmp(h, "local to the kernel: an RS is the daemon's", all_routers, ll,
			A6(0xff02, 0, 0, 0, 0, 0, 0, 2), ND_RS);
	r6_head(&in, rt_mac(RT_A), R6_HOST, me, 58, 64);
	pkt_ip6_finish(&in);
	h_report(h, r6_handoff(h, &in, S(HANDOFF_LOCAL)),
		 "IPv6 hand-off: local to the kernel: ICMPv6 with no type is the daemon's to drop");
	if (h_port_set(h, RT_A, XR_PORT_ACTIVE | XR_PORT_ROUTED | XR_PORT_IP6, 1500, 0, 1000000,
		       1000000))
		h_report(h, false, "IPv6 local to the kernel: restore port A");
}

/* ---- longest-prefix match ---- */

/* Routes i = 0..5: /128, /64, /56, /48, /32, /0 via B's gateway 6 - i; deleted in that order. */
static const struct { uint16_t g[8]; uint8_t len; } lpm6_routes[] = {
	{ { 0x2a00, 1, 2, 0x3344, 0, 0, 0, 1 }, 128 },
	{ { 0x2a00, 1, 2, 0x3344 }, 64 },
	{ { 0x2a00, 1, 2, 0x3300 }, 56 },
	{ { 0x2a00, 1, 2 }, 48 },
	{ { 0x2a00, 1 }, 32 },
	{ { 0 }, 0 },
};

static const struct { uint16_t g[8]; unsigned gw[7]; } lpm6_probes[] = {
	{ { 0x2a00, 1, 2, 0x3344, 0, 0, 0, 1 }, { 6, 5, 4, 3, 2, 1, 0 } },
	{ { 0x2a00, 1, 2, 0x3344, 0, 0, 0, 2 }, { 5, 5, 4, 3, 2, 1, 0 } },
	{ { 0x2a00, 1, 2, 0x3344, 0xffff, 0xffff, 0xffff, 0xffff }, { 5, 5, 4, 3, 2, 1, 0 } },
	{ { 0x2a00, 1, 2, 0x3345, 0, 0, 0, 1 }, { 4, 4, 4, 3, 2, 1, 0 } },
	{ { 0x2a00, 1, 2, 0x3400, 0, 0, 0, 1 }, { 3, 3, 3, 3, 2, 1, 0 } },
	{ { 0x2a00, 1, 3, 0, 0, 0, 0, 1 }, { 2, 2, 2, 2, 2, 1, 0 } },
	{ { 0x2a01, 0, 0, 0, 0, 0, 0, 1 }, { 1, 1, 1, 1, 1, 1, 0 } },
};

#define NROUTES6	(sizeof(lpm6_routes) / sizeof(lpm6_routes[0]))
#define NPROBES6	(sizeof(lpm6_probes) / sizeof(lpm6_probes[0]))

static bool lpm6_expect(struct harness *h, struct a6 dst, unsigned gw)
{
	struct pkt in;

	r6_udp(&in, rt_mac(RT_A), R6_HOST, dst, 64, 18);
	if (!gw)
		return r6_handoff(h, &in, S(HANDOFF_NO_ROUTE));
	return r6_fwd_check(h, &in, RT_B, gw);
}

static void r6_lpm(struct harness *h)
{
	unsigned i, d, before, after, max;
	struct a6 gw;
	int err = 0;
	bool ok;

	rib_fib6_usage(h->rib, &before, &max);
	for (i = 0; i < NROUTES6 && !err; i++) {
		gw = DB8(NET_B, 6 - i);
		err = r6_route(h, a6_groups(lpm6_routes[i].g), lpm6_routes[i].len, XR_NH_UNICAST,
			       0, 0, &gw, 0);
	}
	if (!h_report(h, err == 0, "IPv6 LPM: add overlapping /128 /64 /56 /48 /32 /0"))
		return;
	for (d = 0; d <= NROUTES6; d++) {
		for (i = 0; i < NPROBES6; i++) {
			ok = lpm6_expect(h, a6_groups(lpm6_probes[i].g), lpm6_probes[i].gw[d]);
			h_report(h, ok, "IPv6 LPM with %u of /128,/64,/56,/48,/32,/0 deleted: probe %u -> %s%u",
				 d, i, lpm6_probes[i].gw[d] ? "gateway ::" : "no route",
				 lpm6_probes[i].gw[d]);
		}
		if (d < NROUTES6)
			r6_route_del(h, a6_groups(lpm6_routes[d].g), lpm6_routes[d].len);
	}
	rib_fib6_usage(h->rib, &after, &max);
	h_report(h, after == before,
		 "IPv6 LPM: the nodes they needed are freed with them (%u in use, %u before)",
		 after, before);
}

/*
 * The program's lookup against a naive longest-prefix match over a table
 * crowded enough for every form of the DXR table (fib.h): 3,000 prefixes
 * under 2a02::/16 clustered in a few /24s (tables below /24, blocks of
 * many ranges) and /64s holding /96../128s (sub-blocks), via B's six
 * gateways; 300 frames toward addresses inside them or anywhere in the
 * /16 (no route), then the prefixes withdrawn.
 */
#define RND6_N		3000
#define RND6_PROBES	300

struct rnd6 {
	struct a6 p;
	uint8_t len;
	uint8_t gw;
};

static uint64_t rnd6_state = 0x6a09e667f3bcc909ull;

static uint64_t rnd6(void)
{
	rnd6_state ^= rnd6_state << 13;
	rnd6_state ^= rnd6_state >> 7;
	rnd6_state ^= rnd6_state << 17;
	return rnd6_state;
}

static void a6_mask(struct a6 *a, unsigned len)
{
	unsigned i;

	for (i = 0; i < 16; i++)
		if (len < 8 * (i + 1))
			a->b[i] &= len > 8 * i ? (uint8_t)(0xff << (8 - (len - 8 * i))) : 0;
}

static void rnd6_make(struct rnd6 *r)
{
	static const uint8_t lens[] = { 20, 24, 28, 32, 36, 40, 44, 48, 48, 48, 56, 64, 64,
					96, 112, 127, 128 };
	uint64_t x = rnd6();
	unsigned i;

	for (i = 0; i < 16; i++)
		r->p.b[i] = (uint8_t)rnd6();
	r->p.b[0] = 0x2a, r->p.b[1] = 0x02;
	r->p.b[2] = (uint8_t)(x % 3);		/* three crowded /24s */
	if (x % 5 < 3)
		r->p.b[3] = (uint8_t)(x >> 8) % 4;	/* and a few crowded /32s */
	if (x % 7 == 0)
		memset(r->p.b + 4, 0, 4);		/* /64s shared by longer prefixes */
	r->len = lens[(x >> 16) % sizeof(lens)];
	a6_mask(&r->p, r->len);
	r->gw = 1 + (x >> 24) % 6;
}

static bool a6_in(const struct a6 *a, const struct rnd6 *r)
{
	struct a6 m = *a;

	a6_mask(&m, r->len);
	return !memcmp(m.b, r->p.b, 16);
}

/* Gateway of the longest of the n prefixes holding a; 0: none. */
static unsigned rnd6_expect(const struct rnd6 *t, unsigned n, const struct a6 *a)
{
	int best = -1;
	unsigned i, gw = 0;

	for (i = 0; i < n; i++)
		if (t[i].len > best && a6_in(a, &t[i]))
			best = t[i].len, gw = t[i].gw;
	return gw;
}

static void r6_random(struct harness *h)
{
	struct rnd6 *t = calloc(RND6_N, sizeof(*t));
	unsigned i, j, n = 0, bad = 0;
	struct a6 a, gw;
	int err = 0;

	if (!ASSERT_TRUE(h, t != NULL, "out of memory"))
		return;
	for (i = 0; i < RND6_N && !err; i++) {
		rnd6_make(&t[n]);
		gw = DB8(NET_B, t[n].gw);
		err = r6_route(h, t[n].p, t[n].len, XR_NH_UNICAST, 0, 0, &gw, 0);
		if (err == -EEXIST)
			err = 0;
		else if (!err)
			n++;
	}
	if (!h_report(h, err == 0, "IPv6 random table: %u prefixes under 2a02::/16 added", n))
		goto out;
	for (i = 0; i < RND6_PROBES; i++) {
		a = t[rnd6() % n].p;
		for (j = 0; j < 16; j++)
			if (rnd6() % 3 == 0)
				a.b[j] ^= (uint8_t)rnd6() & (j < 2 ? 0 : 0xff);
		bad += !lpm6_expect(h, a, rnd6_expect(t, n, &a));
	}
	h_report(h, bad == 0, "IPv6 random table: %u frames routed as a naive longest match says "
		 "(%u wrong)", RND6_PROBES, bad);
	for (i = 0; i < n; i++)
		err |= r6_route_del(h, t[i].p, t[i].len);
	a = t[0].p;
	h_report(h, err == 0 && lpm6_expect(h, a, 0),
		 "IPv6 random table: all withdrawn, no route left");
out:
	free(t);
}

/* ---- a switch's router MAC ---- */

#define R6_BR		1
#define R6_BR_IFID	(XR_IFID_BRIDGE | R6_BR)
#define NET_SW		5

static const uint8_t r6_br_mac[6] = { 0x02, 0, 0, 0, 0x0b, 0x06 };

/* Port D becomes the only port of switch 1, which routes IPv6 (XR_BRIDGE_IP6). */
static int r6_switch_setup(struct harness *h)
{
	struct xr_bridge br = { .mtu = 1500, .flags = XR_BRIDGE_ACTIVE | XR_BRIDGE_L3 | XR_BRIDGE_IP6 };
	int err;

	memcpy(br.mac, r6_br_mac, 6);
	err = dp_bridge_set(h->dp, R6_BR, &br);
	err = err ? err : h_port_set(h, RT_D, XR_PORT_ACTIVE | XR_PORT_SWITCHED, 1500, R6_BR,
				     1000000, 1000000);
	err = err ? err : flood_port_add(h->dp, R6_BR, h->ifindex[RT_D]);
	err = err ? err : r6_route(h, DB8(NET_SW, 0), 64, XR_NH_UNICAST, RIB_PROTO_KERNEL,
				   R6_BR_IFID, NULL, 0);
	err = err ? err : r6_route(h, DB8(NET_SW, 0xfe), 128, XR_NH_LOCAL, RIB_PROTO_LOCAL,
				   R6_BR_IFID, NULL, 0);
	return err;
}

static void r6_switch(struct harness *h)
{
	static const uint8_t snm[6] = { 0x33, 0x33, 0xff, 0, 0, 0xfe };
	struct a6 host = DB8(NET_SW, 0x10);
	struct pkt in, out;
	bool ok;

	if (!h_report(h, r6_switch_setup(h) == 0, "IPv6 switch: port D into switch 1 with IPv6 on"))
		return;
	r6_udp(&in, r6_br_mac, host, r6_net(R6_TO_C, 1), 64, 18);
	r6_forwarded(&out, &in, RT_C, 0x11);
	ok = h_case_check(h, &(struct h_case){
		.port = RT_D, .in = &in, .verdict = XDP_REDIRECT, .out = &out,
		.cnt = { { S(RX), 1 }, { S(FORWARDED), 1 } }, .handoff = H_NO_HANDOFF,
	});
	h_report(h, ok, "IPv6 switch: to the router MAC is routed out of port C");
	r6_udp(&in, r6_br_mac, host, DB8(NET_SW, 0xfe), 64, 18);
	ok = h_case_check(h, &(struct h_case){
		.port = RT_D, .in = &in, .verdict = XDP_DROP,
		.cnt = { { S(RX), 1 }, { S(HANDOFF_LOCAL), 1 }, { S(HANDOFF), 1 } },
		.handoff = S(HANDOFF_LOCAL),
	});
	h_report(h, ok, "IPv6 switch: to the switch's address goes to the daemon");
	r6_icmp(&in, snm, A6(0xfe80, 0, 0, 0, 0, 0, 0, 0x10),
		A6(0xff02, 0, 0, 0, 0, 1, 0xff00, 0xfe), ND_NS, 255);
	ok = h_case_check(h, &(struct h_case){
		.port = RT_D, .in = &in, .verdict = XDP_REDIRECT,
		.cnt = { { S(RX), 1 }, { S(FLOODED), 1 }, { S(HANDOFF_LOCAL), 1 },
			 { S(HANDOFF), 1 } },
		.handoff = S(HANDOFF_LOCAL),
	});
	h_report(h, ok, "IPv6 switch: a solicitation to the solicited-node group floods, a copy to the daemon");
	r6_udp(&in, (const uint8_t[6]){ 0x33, 0x33, 0, 0, 0, 0x16 }, host,
	       A6(0xff02, 0, 0, 0, 0, 0, 0, 0x16), 1, 18);
	ok = h_case_check(h, &(struct h_case){
		.port = RT_D, .in = &in, .verdict = XDP_REDIRECT,
		.cnt = { { S(RX), 1 }, { S(FLOODED), 1 } }, .handoff = H_NO_HANDOFF,
	});
	h_report(h, ok, "IPv6 switch: other multicast floods with no copy");
}

int route6_suite(struct harness *h)
{
	int err = r6_setup(h);

	if (err) {
		h_why(h, "topology: %s", strerror(-err));
		h_report(h, false, "route6: set up ports, routes and neighbours");
		return 0;
	}
	r6_forwarding(h);
	r6_handoffs(h);
	r6_drops(h);
	r6_passes(h);
	r6_local_kernel(h);
	r6_lpm(h);
	r6_random(h);
	rt6_ecmp(h);
	r6_switch(h);	/* last: port D changes role */
	return 0;
}
