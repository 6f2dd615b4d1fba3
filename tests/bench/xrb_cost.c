// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xrb_cost: what the XDP program costs per frame on each path, measured
 * with BPF_PROG_TEST_RUN and repeat (ns/run as the kernel reports it),
 * next to an empty XDP_PASS program, the ceiling and the minimal router
 * (bench.bpf.c; the last forwards routed_forward's frame by xrouter's own
 * table, next hops and ports).
 *
 *   xrb_cost BENCH_OBJ [PATH[,PATH...]]   inside a namespace holding veths c0 c1 s0 s1 s2;
 *                               PATH: only those paths (for profiling; two
 *                               paths in one run see the same machine state)
 *
 * XRB_TRACE=other runs every path with a trace running on other traffic
 * (a filter no path matches): what a frame pays while someone traces.
 *
 * XRB_VARIANTS="A.o B.o ..." with a PATH compares builds of xrouter.bpf.o
 * in one process: each object is loaded on this program's maps (same
 * names) and the path is run on each in turn, XRB_ROUNDS times (default
 * 9), one line per round "round NAME NS NAME NS ...".  The VM drifts
 * between a fast and a slow state within seconds; builds measured a few
 * milliseconds apart see the same state, separate processes do not.
 *
 * Prints one line per path: "NAME NS VERDICT ok|mismatch".  A path is ok
 * when the counter it must bump rose once per run.  Test runs reuse one
 * buffer, so a path must leave the frame as it found it: the routed path's
 * neighbour has the ingress port's own MAC (the rewritten frame is still
 * addressed to the router) and TTL starts high enough for every run.
 */
#include <net/if.h>
#include <sys/ioctl.h>
#include <sys/socket.h>
#include <unistd.h>

#include <bpf/bpf.h>
#include <bpf/libbpf.h>

#include "bench.h"
#include "dp.h"
#include "flood.h"
#include "neighmap.h"
#include "nhgroup.h"
#include "rib.h"

#define COST_REPEAT	250	/* runs per call: TTL 255 survives them */
#define COST_SHORT	50
#define COST_CALLS	(getenv("XRB_COST_CALLS") ? atoi(getenv("XRB_COST_CALLS")) : 50)
#define COST_MTU	1000
#define COST_BIG	1100

enum { C0, C1, S0, S1, S2, NDEV };
static const char *const devs[NDEV] = { "c0", "c1", "s0", "s1", "s2" };

struct cost {
	struct dp *dp;
	struct rib *rib;
	uint32_t ifx[NDEV];
	uint8_t mac[NDEV][6];
};

struct path {
	const char *name;
	int dev;		/* ingress */
	uint32_t dst;		/* IPv4 destination, host order; 0: ARP frame */
	uint8_t ttl;
	uint16_t len;
	const uint8_t *dmac;	/* NULL: the ingress port's MAC */
	int stat;		/* counter that must rise once per run */
	int csum;		/* UDP checksum: enum path_csum */
	uint16_t v6;		/* IPv6 UDP to 2001:db8:<v6>::5 instead (dst unused) */
	uint16_t vid;		/* 802.1Q tag with this VID after the MACs (len counts it) */
	bool vlan_aware;	/* the switch is VLAN-aware for this path (s0..s2 trunks of 10) */
};

/*
 * The UDP checksum of a path's frame.  PATH_CSUM_PARTIAL is what a sender
 * with TX offload leaves, crafted so that its finished value is the
 * pseudo-header sum again: every run of a repeat pays the whole sum, not
 * just the first (test runs reuse one buffer).
 */
enum path_csum { PATH_CSUM_NONE, PATH_CSUM_FULL, PATH_CSUM_PARTIAL };

static const uint8_t mac_station[6] = { 2, 0, 0, 0, 0, 0xaa };
static const uint8_t mac_bcast[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

#define IP(a, b, c, d)	((uint32_t)(a) << 24 | (b) << 16 | (c) << 8 | (d))

static const struct path paths[] = {
	{ "routed_forward", C0, IP(203, 0, 113, 5), 255, 60, NULL, XR_STAT_FORWARDED, 0, 0, 0, false },
	{ "routed_forward_onlink", C0, IP(198, 51, 100, 2), 255, 60, NULL, XR_STAT_FORWARDED, 0, 0, 0, false },
	/* The same forward through an ECMP route of two gateways: the group's extra cost. */
	{ "routed_forward_ecmp", C0, IP(203, 0, 112, 5), 255, 60, NULL, XR_STAT_FORWARDED, 0, 0, 0, false },
	{ "switched_forward", S0, IP(203, 0, 113, 5), 64, 60, mac_station, XR_STAT_SWITCHED, 0, 0, 0, false },
	{ "flood", S0, IP(203, 0, 113, 5), 64, 60, mac_bcast, XR_STAT_FLOODED, 0, 0, 0, false },
	/* IPv6 beside IPv4: via a gateway (a /48, 5 FIB reads) and on-link (a /64, 7). */
	{ .name = "routed6_forward", .dev = C0, .ttl = 255, .len = 62,
	  .stat = XR_STAT_FORWARDED, .v6 = 0x100 },
	{ .name = "routed6_forward_onlink", .dev = C0, .ttl = 255, .len = 62,
	  .stat = XR_STAT_FORWARDED, .v6 = 2 },
	{ "handoff_local", C0, IP(192, 0, 2, 1), 64, 60, NULL, XR_STAT_HANDOFF_LOCAL, 0, 0, 0, false },
	{ "handoff_ttl_exceeded", C0, IP(203, 0, 113, 5), 1, 60, NULL, XR_STAT_HANDOFF_TTL, 0, 0, 0, false },
	{ "handoff_no_route", C0, IP(8, 8, 8, 8), 64, 60, NULL, XR_STAT_HANDOFF_NO_ROUTE, 0, 0, 0, false },
	{ "handoff_unreachable", C0, IP(100, 64, 0, 1), 64, 60, NULL, XR_STAT_HANDOFF_UNREACH, 0, 0, 0, false },
	{ "handoff_neigh_miss", C0, IP(198, 18, 0, 1), 64, 60, NULL, XR_STAT_HANDOFF_NEIGH_MISS, 0, 0, 0, false },
	{ "handoff_mtu", C0, IP(203, 0, 113, 5), 64, COST_BIG, NULL, XR_STAT_HANDOFF_MTU, 0, 0, 0, false },
	{ "handoff_arp", C0, 0, 0, 60, NULL, XR_STAT_HANDOFF_ARP, 0, 0, 0, false },
	{ "handoff_over_rate_limit", C1, IP(8, 8, 8, 8), 64, 60, NULL, XR_STAT_DROP_RATELIMIT, 0, 0, 0, false },
	/* A full datagram (1000 bytes of IP) with its checksum complete or partial. */
	{ .name = "routed_udp1000_csum_full", .dev = C0, .dst = IP(203, 0, 113, 5), .ttl = 255,
	  .len = 1014, .stat = XR_STAT_FORWARDED, .csum = PATH_CSUM_FULL },
	{ .name = "routed_udp1000_csum_partial", .dev = C0, .dst = IP(203, 0, 113, 5), .ttl = 255,
	  .len = 1014, .stat = XR_STAT_FORWARDED, .csum = PATH_CSUM_PARTIAL },
	{ .name = "switched_udp1000_csum_partial", .dev = S0, .dst = IP(203, 0, 113, 5), .ttl = 64,
	  .len = 1014, .dmac = mac_station, .stat = XR_STAT_SWITCHED, .csum = PATH_CSUM_PARTIAL },
	/* 802.1Q: routed between c0.10's hosts (compare routed_forward_onlink), and
	 * switched and flooded by the switch made VLAN-aware, tagged 10 in and out. */
	{ .name = "routed_forward_vlan", .dev = C0, .dst = IP(10, 10, 10, 5), .ttl = 255,
	  .len = 64, .stat = XR_STAT_FORWARDED, .vid = 10 },
	{ .name = "switched_forward_vlan", .dev = S0, .dst = IP(203, 0, 113, 5), .ttl = 64,
	  .len = 64, .dmac = mac_station, .stat = XR_STAT_SWITCHED, .vid = 10, .vlan_aware = true },
	{ .name = "flood_vlan", .dev = S0, .dst = IP(203, 0, 113, 5), .ttl = 64, .len = 64,
	  .dmac = mac_bcast, .stat = XR_STAT_FLOODED, .vid = 10, .vlan_aware = true },
};

#define COST_VID	10

/* c0 routes with unlimited hand-off; c1 routes with a 1 pps hand-off; s0..s2 one switch. */
static int ports_setup(struct cost *c)
{
	struct xr_bridge br = { .flags = XR_BRIDGE_ACTIVE };
	struct xr_fdb_key fk = { .bridge = 1 };
	struct xr_fdb fe = { .flags = XR_FDB_STATIC };
	int i, err = dp_bridge_set(c->dp, 1, &br);

	for (i = 0; i < NDEV && !err; i++) {
		struct xr_port p = { .mtu = COST_MTU, .flags = XR_PORT_ACTIVE, .slot = i + 1 };

		c->ifx[i] = if_nametoindex(devs[i]);
		err = c->ifx[i] ? dev_mac(devs[i], c->mac[i]) : -ENODEV;
		memcpy(p.mac, c->mac[i], 6);
		p.flags |= i <= C1 ? XR_PORT_ROUTED | XR_PORT_IP6 : XR_PORT_SWITCHED;
		p.bridge = i <= C1 ? 0 : 1;
		p.handoff_pps = i == C0 ? 0xffffffffu : 1;
		p.handoff_burst = 1;
		if (!err)
			err = dp_port_set(c->dp, c->ifx[i], &p);
		if (!err && i > C1)
			err = flood_port_add(c->dp, 1, c->ifx[i]);
	}
	memcpy(fk.mac, mac_station, 6);
	fe.ifindex = c->ifx[S1];
	err = err ? err : dp_fdb_set(c->dp, &fk, &fe);
	/* VLAN 10: c0.10, and every switch port a trunk of it (used once VLAN-aware). */
	fk.vlan = COST_VID;
	err = err ? err : dp_fdb_set(c->dp, &fk, &fe);
	err = err ? err : dp_vlan_set(c->dp, C0 + 1, COST_VID, XR_VLAN_L3);
	/* c0.10 counts its frames on a row of its own, as the daemon gives it. */
	err = err ? err : dp_vlan_stats_set(c->dp, C0 + 1, COST_VID, XR_MAX_PORTS);
	for (i = S0; i < NDEV && !err; i++)
		err = dp_vlan_set(c->dp, i + 1, COST_VID, XR_VLAN_MEMBER);
	return err;
}

/* The switch VLAN-aware (XR_BRIDGE_VLAN) or not, for the path about to run. */
static int switch_vlan_aware(struct cost *c, bool on)
{
	struct xr_bridge br;
	int err = dp_bridge_get(c->dp, 1, &br);

	if (err)
		return err;
	br.flags = on ? br.flags | XR_BRIDGE_VLAN : br.flags & ~XR_BRIDGE_VLAN;
	return dp_bridge_set(c->dp, 1, &br);
}

static int route(struct cost *c, uint32_t p, uint8_t len, uint8_t type, uint8_t proto,
		 uint32_t ifid, uint32_t gw)
{
	struct rib_route r = { .dst = xr_prefix4(p, len), .type = type, .proto = proto,
			       .ifid = ifid, .gw = xr_ip4(gw) };

	return rib_add(c->rib, &r, false);
}

/* 2001:db8:2::/64 on c1, its host ::2 at c0's MAC, 2001:db8:100::/48 via it. */
static int routes6_setup(struct cost *c)
{
	struct rib_route r = { .dst = { .addr = { .af = AF_INET6,
						   .b = { 0x20, 0x01, 0x0d, 0xb8, 0, 2 } }, .len = 64 },
			       .type = XR_NH_UNICAST, .proto = RIB_PROTO_KERNEL, .ifid = c->ifx[C1] };
	struct xr_ip gw = r.dst.addr;
	int err = rib_add(c->rib, &r, false);

	gw.b[15] = 2;
	r.dst.addr.b[4] = 0x01, r.dst.addr.b[5] = 0;
	r.dst.len = 48;
	r.proto = RIB_PROTO_STATIC;
	r.ifid = 0;
	r.gw = gw;
	err = err ? err : rib_add(c->rib, &r, false);
	return err ? err : neighmap_set(c->dp, c->rib, c->ifx[C1], &gw, c->mac[C0], true);
}

/* 203.0.112.0/24 over 198.51.100.2 and .4, both at c0's MAC as the single route's gateway. */
static int routes_ecmp_setup(struct cost *c)
{
	struct nhg_member m[2] = {
		{ .gw = xr_ip4(IP(198, 51, 100, 2)), .weight = 1 },
		{ .gw = xr_ip4(IP(198, 51, 100, 4)), .weight = 1 },
	};
	struct rib_route r = { .dst = xr_prefix4(IP(203, 0, 112, 0), 24), .type = XR_NH_GROUP };
	int err = rib_group_get(c->rib, AF_INET, m, 2, &r.ifid);

	if (err)
		return err;
	err = rib_add(c->rib, &r, false);
	nhg_put(rib_groups(c->rib), r.ifid);
	return err ? err : neighmap_set(c->dp, c->rib, c->ifx[C1], &m[1].gw, c->mac[C0], true);
}

static int routes_setup(struct cost *c)
{
	struct xr_ip gw = xr_ip4(IP(198, 51, 100, 2));
	int err;

	err = route(c, IP(192, 0, 2, 0), 24, XR_NH_UNICAST, RIB_PROTO_KERNEL, c->ifx[C0], 0);
	if (!err)
		err = route(c, IP(198, 51, 100, 0), 24, XR_NH_UNICAST, RIB_PROTO_KERNEL, c->ifx[C1], 0);
	if (!err)
		err = route(c, IP(192, 0, 2, 1), 32, XR_NH_LOCAL, RIB_PROTO_LOCAL, c->ifx[C0], 0);
	if (!err)
		err = route(c, IP(203, 0, 113, 0), 24, XR_NH_UNICAST, 0, 0, IP(198, 51, 100, 2));
	if (!err)
		err = route(c, IP(198, 18, 0, 0), 15, XR_NH_UNICAST, 0, 0, IP(198, 51, 100, 3));
	if (!err)
		err = route(c, IP(100, 64, 0, 0), 10, XR_NH_UNREACHABLE, 0, 0, 0);
	/* The rewritten frame stays addressed to c0: repeat routes it again. */
	err = err ? err : neighmap_set(c->dp, c->rib, c->ifx[C1], &gw, c->mac[C0], true);
	err = err ? err : route(c, IP(10, 10, 10, 0), 24, XR_NH_UNICAST, RIB_PROTO_KERNEL,
				xr_ifid_vlan(c->ifx[C0], COST_VID), 0);
	gw = xr_ip4(IP(10, 10, 10, 5));
	err = err ? err : neighmap_set(c->dp, c->rib, xr_ifid_vlan(c->ifx[C0], COST_VID), &gw,
				       c->mac[C0], true);
	err = err ? err : routes_ecmp_setup(c);
	return err ? err : routes6_setup(c);
}

/* One's complement sum of raw 16-bit words (as stored), folded. */
static uint16_t oc_sum(uint32_t sum, const uint8_t *b, size_t n)
{
	uint16_t w;

	for (size_t i = 0; i + 1 < n; i += 2) {
		memcpy(&w, b + i, 2);
		sum += w;
	}
	while (sum >> 16)
		sum = (sum & 0xffff) + (sum >> 16);
	return (uint16_t)sum;
}

/* The UDP checksum at f + 40 of the frame's datagram (payload even length). */
static void frame_udp_csum(uint8_t *f, size_t len, int how)
{
	uint16_t udp_len = htons((uint16_t)(len - 34)), proto = htons(17), pseudo, d0, w;

	if (how == PATH_CSUM_NONE)
		return;
	pseudo = oc_sum((uint32_t)udp_len + proto, f + 26, 8);
	memset(f + 40, 0, 4);	/* the field and the first payload word */
	d0 = oc_sum(0, f + 34, len - 34);
	if (how == PATH_CSUM_FULL) {
		w = (uint16_t)~oc_sum(pseudo, (const uint8_t *)&d0, 2);
		memcpy(f + 40, &w, 2);
		return;
	}
	/* Payload word so the segment sums to ~pseudo + ~pseudo: then the
	 * finished checksum, ~(pseudo + segment), is pseudo itself. */
	w = oc_sum((uint16_t)~pseudo + (uint32_t)(uint16_t)~pseudo, NULL, 0);
	w = oc_sum((uint32_t)w + (uint16_t)~d0, NULL, 0);
	memcpy(f + 42, &w, 2);
	memcpy(f + 40, &pseudo, 2);
}

/* IPv6 UDP from 2001:db8:1::2 to 2001:db8:<p->v6>::5 (::2 on-link), checksum 0. */
static void frame6_build(uint8_t *f, const struct path *p)
{
	static const uint8_t src[16] = { 0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 2 };
	uint8_t dst[16] = { 0x20, 0x01, 0x0d, 0xb8, p->v6 >> 8, p->v6 & 0xff, [15] = 5 };

	if (p->v6 == 2)
		dst[15] = 2;	/* on-link: the neighbour itself */
	f[12] = 0x86, f[13] = 0xdd;
	f[14] = 0x60;
	f[19] = p->len - 54;
	f[20] = 17;
	f[21] = p->ttl;
	memcpy(f + 22, src, 16);
	memcpy(f + 38, dst, 16);
	f[55] = 0x10, f[57] = 9, f[59] = p->len - 54;
}

static void frame_build_untagged(uint8_t *f, const struct path *p, const uint8_t *dmac);

/* The path's frame, with its 802.1Q tag when it has one. */
static void frame_build(uint8_t *f, const struct path *p, const uint8_t *dmac)
{
	struct path inner = *p;

	if (!p->vid) {
		frame_build_untagged(f, p, dmac);
		return;
	}
	inner.len -= 4;
	frame_build_untagged(f, &inner, dmac);
	memmove(f + 16, f + 12, inner.len - 12);
	f[12] = 0x81, f[13] = 0;
	f[14] = p->vid >> 8, f[15] = p->vid & 0xff;
}

static void frame_build_untagged(uint8_t *f, const struct path *p, const uint8_t *dmac)
{
	static const uint8_t src_mac[6] = { 2, 0, 0, 0, 0, 0xbb };
	uint32_t src = htonl(IP(192, 0, 2, 2)), dst = htonl(p->dst), sum = 0;
	uint16_t *w = (uint16_t *)(f + 14), ip_len = p->len - 14;
	int i;

	memset(f, 0, p->len);
	memcpy(f, dmac, 6);
	memcpy(f + 6, src_mac, 6);
	if (p->v6) {
		frame6_build(f, p);
		return;
	}
	if (!p->dst) {		/* ARP request for 192.0.2.1 */
		static const uint8_t arp[8] = { 0, 1, 8, 0, 6, 4, 0, 1 };

		f[12] = 0x08;
		f[13] = 0x06;
		memcpy(f + 14, arp, 8);
		memcpy(f + 22, src_mac, 6);
		memcpy(f + 28, &src, 4);
		f[38] = 192, f[39] = 0, f[40] = 2, f[41] = 1;
		return;
	}
	f[12] = 0x08;
	f[14] = 0x45;
	f[16] = ip_len >> 8;
	f[17] = ip_len & 0xff;
	f[22] = p->ttl;
	f[23] = 17;
	memcpy(f + 26, &src, 4);
	memcpy(f + 30, &dst, 4);
	for (i = 0; i < 10; i++)
		sum += w[i];
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	w[5] = ~sum;
	f[37] = 9;
	f[38] = (ip_len - 20) >> 8;
	f[39] = (ip_len - 20) & 0xff;
	frame_udp_csum(f, p->len, p->csum);
}

static const char *verdict_name(uint32_t v)
{
	static const char *const n[] = { "ABORTED", "DROP", "PASS", "TX", "REDIRECT" };

	return v < 5 ? n[v] : "?";
}

/* Total ns of one call of repeat runs over a fresh frame. */
static double call_run(int fd, uint32_t ifindex, const struct path *p, const uint8_t *dmac,
		       unsigned repeat, uint32_t *verdict)
{
	uint8_t f[COST_BIG];
	struct xdp_md ctx = { .data_end = p->len, .ingress_ifindex = ifindex };
	LIBBPF_OPTS(bpf_test_run_opts, o, .data_in = f, .data_size_in = p->len,
		    .data_out = f, .data_size_out = sizeof(f),
		    .ctx_in = &ctx, .ctx_size_in = sizeof(ctx), .repeat = repeat);

	frame_build(f, p, dmac);
	if (bpf_prog_test_run_opts(fd, &o))
		return -errno;
	*verdict = o.retval;
	return (double)o.duration * repeat;
}

/*
 * Each test-run call swaps the XDP dispatcher (text poke, IPIs), so its
 * first run is cold.  The marginal cost between calls of COST_SHORT and
 * COST_REPEAT runs leaves that out: ns/run of a steady stream.  The
 * fastest call of each length is taken, since on a shared machine noise
 * only ever adds time.  The hand-off buffer is drained between calls so
 * hand-offs really copy.  Returns 0 or -errno; *ns may come out slightly
 * negative for a path cheaper than the noise left in the minimum.
 */
static int path_run(struct cost *c, int fd, uint32_t ifindex, const struct path *p,
		    const uint8_t *dmac, uint32_t *verdict, double *ns)
{
	double t_long = 1e300, t_short = 1e300, t;
	int i;

	for (i = 0; i < COST_CALLS * 2; i++) {
		t = call_run(fd, ifindex, p, dmac, i & 1 ? COST_SHORT : COST_REPEAT, verdict);
		if (t < 0)
			return t;
		if (i & 1)
			t_short = t < t_short ? t : t_short;
		else
			t_long = t < t_long ? t : t_long;
		if (c)
			dp_handoff_poll(c->dp, 0);
	}
	*ns = (t_long - t_short) / (COST_REPEAT - COST_SHORT);
	return 0;
}

static void handoff_drop(void *ctx, const struct xr_handoff *h, const uint8_t *frame, size_t len)
{
	(void)ctx, (void)h, (void)frame, (void)len;
}

/* Whether name is one of the comma-separated list only (NULL: every path). */
static bool path_wanted(const char *only, const char *name)
{
	size_t len = strlen(name);
	const char *s = only;

	if (!only)
		return true;
	for (;;) {
		if (!strncmp(s, name, len) && (s[len] == ',' || !s[len]))
			return true;
		s = strchr(s, ',');
		if (!s++)
			return false;
	}
}

static int paths_run(struct cost *c, const char *only)
{
	uint64_t before[XR_STAT_MAX], after[XR_STAT_MAX];
	int fd = dp_prog_fd(c->dp);
	size_t i;

	for (i = 0; i < sizeof(paths) / sizeof(paths[0]); i++) {
		const struct path *p = &paths[i];
		/* c0.10's frames count on its own row (ports_setup()). */
		unsigned slot = p->vid && p->dev == C0 ? XR_MAX_PORTS : (unsigned)p->dev + 1;
		uint32_t verdict = 0;
		uint64_t runs = (uint64_t)COST_CALLS * (COST_REPEAT + COST_SHORT), got;
		double ns;
		int err;

		if (!path_wanted(only, p->name))
			continue;
		err = switch_vlan_aware(c, p->vlan_aware);
		if (err)
			return err;
		dp_stats_read(c->dp, slot, before);
		err = path_run(c, fd, c->ifx[p->dev], p, p->dmac ? p->dmac : c->mac[p->dev],
			       &verdict, &ns);
		if (err)
			return err;
		dp_stats_read(c->dp, slot, after);
		got = after[p->stat] - before[p->stat];
		/* A full hand-off ring fails the copy: still the hand-off path. */
		if (p->stat < XR_HANDOFF_REASON_MAX)
			got += after[XR_STAT_DROP_HANDOFF_FAIL] - before[XR_STAT_DROP_HANDOFF_FAIL];
		/* Over the rate limit, the first run of each burst may still pass. */
		if (p->stat == XR_STAT_DROP_RATELIMIT && got + 2 * COST_CALLS >= runs)
			got = runs;
		printf("%s %.1f %s %s\n", p->name, ns, verdict_name(verdict),
		       got == runs ? "ok" : "mismatch");
		if (got != runs)
			fprintf(stderr, "%s: %s rose %llu times in %llu runs\n", p->name,
				xr_stat_names[p->stat], (unsigned long long)got,
				(unsigned long long)runs);
	}
	return 0;
}

/*
 * Maps of obj take the fd of the program's map of the same name before
 * loading: those in names (NULL: every map but global data, whose names
 * hold a dot).
 */
static int bench_maps_share(struct bpf_object *obj, int prog_fd, const char *const *names,
			    size_t nnames)
{
	struct bpf_prog_info pi = {};
	uint32_t ids[64], len = sizeof(pi), n, i, j;
	int err = 0;

	pi.nr_map_ids = sizeof(ids) / sizeof(ids[0]);
	pi.map_ids = (uintptr_t)ids;
	if (bpf_obj_get_info_by_fd(prog_fd, &pi, &len))
		return -errno;
	n = pi.nr_map_ids < sizeof(ids) / sizeof(ids[0]) ? pi.nr_map_ids : sizeof(ids) / sizeof(ids[0]);
	for (i = 0; i < n && !err; i++) {
		struct bpf_map_info mi = {};
		uint32_t mlen = sizeof(mi);
		int fd = bpf_map_get_fd_by_id(ids[i]);

		if (fd < 0)
			return -errno;
		err = bpf_obj_get_info_by_fd(fd, &mi, &mlen) ? -errno : 0;
		for (j = 0; j < (names ? nnames : 1) && !err; j++) {
			const char *name = names ? names[j] : mi.name;
			struct bpf_map *m = bpf_object__find_map_by_name(obj, name);

			if (m && !strcmp(mi.name, name) && !strchr(name, '.'))
				err = bpf_map__reuse_fd(m, fd);
		}
		close(fd);
	}
	return err;
}

/* The minimal router's maps (min_router.h) are xrouter's own. */
static const char *const min_router_maps[] = { "tbl24", "tbl8", "nexthops", "ports" };

/* The benchmark's object (bench.bpf.c) loaded, its ceiling and minimal router set up. */
static int bench_obj_load(const char *path, struct cost *c, struct bpf_object **objp)
{
	struct bpf_devmap_val tx = { .ifindex = c->ifx[C1] };
	struct bpf_object *obj = bpf_object__open_file(path, NULL);
	uint8_t cfg[12];
	uint32_t zero = 0;
	int err;

	if (!obj)
		return -errno;
	err = bench_maps_share(obj, dp_prog_fd(c->dp), min_router_maps,
			       sizeof(min_router_maps) / sizeof(min_router_maps[0]));
	/* min_tx: by ifindex, as xrouter's tx_ports. */
	err = err ? err : bpf_map__set_max_entries(bpf_object__find_map_by_name(obj, "min_tx"),
						   XR_MAX_IFINDEX);
	err = err ? err : bpf_object__load(obj);
	memcpy(cfg, c->mac[C0], 6);
	memcpy(cfg + 6, c->mac[C1], 6);
	if (!err && (bpf_map_update_elem(bpf_object__find_map_fd_by_name(obj, "ceil_cfg"),
					 &zero, cfg, 0) ||
		     bpf_map_update_elem(bpf_object__find_map_fd_by_name(obj, "ceil_tx"),
					 &zero, &tx, 0) ||
		     bpf_map_update_elem(bpf_object__find_map_fd_by_name(obj, "min_tx"),
					 &c->ifx[C1], &tx, 0)))
		err = -errno;
	if (err)
		bpf_object__close(obj);
	else
		*objp = obj;
	return err;
}

/* The empty program, the ceiling and the minimal router, for scale. */
static int bench_progs_run(const char *path, struct cost *c)
{
	static const struct path p = { "", C0, IP(203, 0, 113, 5), 64, 60, NULL, 0, 0, 0, 0, false };
	static const char *const progs[] = { "xdp_pass", "xdp_ceiling", "xdp_min_router" };
	static const char *const names[] = { "empty_xdp_pass", "ceiling", "min_router" };
	struct bpf_object *obj = NULL;
	uint32_t verdict;
	int err, i;

	err = bench_obj_load(path, c, &obj);
	for (i = 0; i < 3 && !err; i++) {
		struct bpf_program *prog = bpf_object__find_program_by_name(obj, progs[i]);
		/* The minimal router forwards routed_forward's frame (TTL 255 lasts the repeats). */
		const struct path *pp = i == 2 ? &paths[0] : &p;
		double ns;

		err = prog ? path_run(NULL, bpf_program__fd(prog), c->ifx[C0], pp, c->mac[C0],
				      &verdict, &ns) : -ENOENT;
		if (!err)
			printf("%s %.1f %s %s\n", names[i], ns, verdict_name(verdict),
			       i < 2 || verdict == XDP_REDIRECT ? "ok" : "mismatch");
	}
	bpf_object__close(obj);
	return err;
}

#define VARIANTS_MAX	24

/*
 * XRB_VARIANTS: each object's xdp_port on this program's maps, path only,
 * round by round; a name without a dot is a program of the benchmark's
 * object instead (xdp_ceiling, xdp_min_router) run on the same frame.
 */
static int variants_run(struct cost *c, const char *bench, const char *only, char *list)
{
	struct bpf_object *obj[VARIANTS_MAX + 1] = {};
	const char *name[VARIANTS_MAX];
	int fd[VARIANTS_MAX], n = 0, i, r, err = 0;
	int rounds = getenv("XRB_ROUNDS") ? atoi(getenv("XRB_ROUNDS")) : 9;
	const struct path *p = NULL;
	char *save = NULL, *tok;

	for (i = 0; i < (int)(sizeof(paths) / sizeof(paths[0])); i++)
		if (only && !strcmp(paths[i].name, only))
			p = &paths[i];
	if (!p)
		return -EINVAL;
	err = bench_obj_load(bench, c, &obj[VARIANTS_MAX]);
	for (tok = strtok_r(list, " ", &save); tok && !err; tok = strtok_r(NULL, " ", &save)) {
		struct bpf_program *prog;

		if (n == VARIANTS_MAX) {
			err = -E2BIG;
			break;
		}
		if (!strchr(tok, '.')) {
			prog = bpf_object__find_program_by_name(obj[VARIANTS_MAX], tok);
			fd[n] = prog ? bpf_program__fd(prog) : -1;
			name[n++] = tok;
			err = prog ? 0 : -ENOENT;
			continue;
		}
		obj[n] = bpf_object__open_file(tok, NULL);
		if (!obj[n]) {
			err = -errno;
			break;
		}
		err = bench_maps_share(obj[n], dp_prog_fd(c->dp), NULL, 0);
		err = err ? err : bpf_object__load(obj[n]);
		prog = err ? NULL : bpf_object__find_program_by_name(obj[n], "xdp_port");
		fd[n] = prog ? bpf_program__fd(prog) : -1;
		name[n++] = tok;
		if (!err && fd[n - 1] < 0)
			err = -ENOENT;
	}
	for (r = 0; r < rounds && !err; r++) {
		printf("%d", r);
		for (i = 0; i < n && !err; i++) {
			uint32_t verdict;
			double ns;

			err = path_run(c, fd[i], c->ifx[p->dev], p, p->dmac ? p->dmac : c->mac[p->dev],
				       &verdict, &ns);
			printf(" %s %.2f", name[i], ns);
		}
		printf("\n");
		fflush(stdout);
	}
	for (i = 0; i <= VARIANTS_MAX; i++)
		bpf_object__close(obj[i]);
	return err;
}

/* XRB_TRACE=other: a trace filter (to 10.255.255.0/24) that no path matches. */
static int trace_setup(struct cost *c)
{
	struct xr_trace_cfg cfg = { .active = 1 };
	const char *mode = getenv("XRB_TRACE");

	if (!mode || !*mode)
		return 0;
	if (strcmp(mode, "other"))
		return -EINVAL;
	cfg.f[0].af = XR_AF_INET;
	cfg.f[0].dst_len = 24;
	cfg.f[0].dst.af = XR_AF_INET;
	cfg.f[0].dst.v4 = htonl(0x0affff00);
	return dp_trace_cfg_set(c->dp, &cfg);
}

int main(int argc, char **argv)
{
	struct rib_tables t;
	struct cost c = {};
	int err;

	if (argc != 2 && argc != 3) {
		fprintf(stderr, "usage: xrb_cost BENCH_OBJ [PATH[,PATH...]] (see tests/bench/xrb_cost.c)\n");
		return 1;
	}
	/* XR_FIB6_TRIE=1: IPv6 in the trie, DXR's reference, to compare the two hot. */
	err = dp_open(&c.dp, &(struct dp_opts){ .fib_dxr = bench_env_on("XR_FIB_DXR"),
						 .fib6_trie = bench_env_on("XR_FIB6_TRIE") }, NULL);
	if (err)
		goto out;
	dp_rib_tables(c.dp, &t);
	c.rib = rib_new(&t, false);
	err = c.rib ? ports_setup(&c) : -ENOMEM;
	if (!err)
		err = routes_setup(&c);
	if (!err)
		err = dp_handoff_start(c.dp, handoff_drop, NULL);
	if (!err)
		err = trace_setup(&c);
	if (!err && getenv("XRB_VARIANTS"))
		err = variants_run(&c, argv[1], argc > 2 ? argv[2] : NULL, getenv("XRB_VARIANTS"));
	else if (!err)
		err = bench_progs_run(argv[1], &c);
	if (!err && !getenv("XRB_VARIANTS"))
		err = paths_run(&c, argc > 2 ? argv[2] : NULL);
out:
	if (err)
		fprintf(stderr, "xrb_cost: %s\n", strerror(-err));
	rib_free(c.rib);
	dp_close(c.dp);
	return err ? 1 : 0;
}
