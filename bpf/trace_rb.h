/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The trace stage (include/trace.h): which frames a running trace wants,
 * the record of their decisions, and its emission when the frame's verdict
 * is in.  Only the traced program (xrouter.bpf.c xdp_port_traced), on the
 * ports while a trace runs, has any of it: its hooks test frame.trace and
 * everything that builds a record is out of line, in BPF global functions.
 *
 * -DXR_NO_TRACE builds the program without the stage (no gate, the hooks
 * empty): only for the benchmark that measures what the
 * stage costs (tests/bench/RESULTS.md "Trace").  The maps and the gate are
 * still declared, so the daemon's skeleton is the same.
 */
#ifndef XR_BPF_TRACE_RB_H
#define XR_BPF_TRACE_RB_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "maps.h"
#include "trace.h"

/*
 * The gate: nonzero while a trace runs (the daemon writes it, dp.c, after
 * the filters).  A global in a data section of its own, read by a direct
 * load; the verifier does not know its value, so it walks both ways.
 */
volatile __u32 xr_trace_on SEC(XR_TRACE_SECTION) = 0;

/* The filters, written by the daemon (modules/trace); one element. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xr_trace_cfg);
} trace_cfg SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xr_trace_pcpu);
} trace_pcpu SEC(".maps");

/* Records, struct xr_trace_rec each: a ring of its own, so a traced flood
 * never takes the hand-off ring's room. */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, XR_TRACE_RING);
} trace_rb SEC(".maps");

/* What a filter is matched against, read from the frame. */
struct trace_key {
	struct xr_ipaddr src, dst;
	__u8 proto, ttl;
	__u16 csum;
	__be16 eth_proto;
	__u16 vlan;		/* the tag's VID */
	__be16 sport, dport;
	__u16 pvid;		/* a VLAN-aware switch's port: its PVID (untagged frames') */
	__u16 bridge;		/* the ingress port's switch */
};

/* The first 4 bytes of the transport header: ports, or ICMP type/code and id. */
static __always_inline void trace_parse_l4(struct trace_key *k, void *l4, void *end)
{
	__be16 *p = l4;

	if ((void *)(p + 3) > end)
		return;
	k->sport = p[0];
	k->dport = k->proto == IPPROTO_ICMP || k->proto == 58 /* ICMPv6 */ ? p[2] : p[1];
}

static __always_inline void trace_parse_ip(struct trace_key *k, void *pos, void *end)
{
	if (k->eth_proto == bpf_htons(ETH_P_ARP)) {
		__u8 *arp = pos;

		/* Sender and target protocol addresses: `to X` sees who asks for X. */
		if ((void *)(arp + 28) > end || arp[4] != 6 || arp[5] != 4)
			return;
		k->src.af = k->dst.af = XR_AF_INET;
		__builtin_memcpy(&k->src.v4, arp + 14, 4);
		__builtin_memcpy(&k->dst.v4, arp + 24, 4);
		k->sport = *(__be16 *)(arp + 6);	/* the operation */
	} else if (k->eth_proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = pos;

		if ((void *)(ip + 1) > end || ip->ihl < 5)
			return;
		k->src.af = k->dst.af = XR_AF_INET;
		k->src.v4 = ip->saddr;
		k->dst.v4 = ip->daddr;
		k->proto = ip->protocol;
		k->ttl = ip->ttl;
		k->csum = bpf_ntohs(ip->check);
		if (!(ip->frag_off & bpf_htons(0x1fff)))
			trace_parse_l4(k, pos + ip->ihl * 4, end);
	} else if (k->eth_proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = pos;

		if ((void *)(ip6 + 1) > end)
			return;
		k->src.af = k->dst.af = XR_AF_INET6;
		__builtin_memcpy(k->src.b, ip6->saddr.s6_addr, 16);
		__builtin_memcpy(k->dst.b, ip6->daddr.s6_addr, 16);
		k->proto = ip6->nexthdr;
		k->ttl = ip6->hop_limit;
		trace_parse_l4(k, ip6 + 1, end);
	}
}

/* Does address a lie in prefix p/len (same family, checked by the caller)? */
static __always_inline int trace_prefix_match(const struct xr_ipaddr *a,
					      const struct xr_ipaddr *p, __u32 len)
{
	const __u32 *x = (const __u32 *)a->b, *y = (const __u32 *)p->b;
	__u32 i, bits, diff = 0;
	__u64 mask;

	/* No branch on the addresses: one verifier path whatever they hold. */
#pragma unroll
	for (i = 0; i < 4; i++) {
		bits = len > 32 * i ? len - 32 * i : 0;
		bits = bits > 32 ? 32 : bits;
		mask = (0xffffffffull << (32 - bits)) & 0xffffffffull;
		diff |= (x[i] ^ y[i]) & bpf_htonl((__u32)mask);
	}
	return !diff;
}

/*
 * Does filter f want the frame k says?  A global function (below) so the
 * verifier walks the tests once, not once per filter and outcome so far.
 */
__noinline int xr_trace_filter(const struct xr_trace_filter *f, const struct trace_key *k,
			       __u32 ifindex)
{
	if (!f || !k)
		return 0;
	if (f->ifindex && f->ifindex != ifindex)
		return 0;
	if (f->bridge && f->bridge != k->bridge)
		return 0;
	if (f->vlan && f->vlan != (k->vlan ? k->vlan : k->pvid))
		return 0;
	if (f->af && f->af != k->src.af)
		return 0;
	if (f->proto && f->proto != k->proto)
		return 0;
	if (f->src_len && !trace_prefix_match(&k->src, &f->src, f->src_len))
		return 0;
	return !f->dst_len || trace_prefix_match(&k->dst, &f->dst, f->dst_len);
}

/* The per-CPU budget (GCRA, as the hand-off buckets): 1 to emit, 0 over it. */
static __always_inline int trace_budget(struct xr_trace_pcpu *pc)
{
	__u64 now = bpf_ktime_get_ns(), interval = 1000000000ull / XR_TRACE_PPS;
	__u64 tat = pc->tat_ns > now ? pc->tat_ns : now;

	if (tat + interval - now > XR_TRACE_BURST * interval)
		return 0;
	pc->tat_ns = tat + interval;
	return 1;
}

static __always_inline void trace_lost(struct xr_trace_pcpu *pc, __u32 match)
{
	__u32 i;

#pragma unroll
	for (i = 0; i < XR_TRACE_MAX; i++)
		if (match & (1u << i))
			pc->lost[i]++;
}

/* Start a record for the frame: its header filled in, no step yet. */
static __always_inline void trace_rec_init(struct xr_trace_pcpu *pc, struct xdp_md *ctx,
					   const struct trace_key *k, const struct ethhdr *eth,
					   __u32 ifindex, __u32 match)
{
	struct xr_trace_rec *r = &pc->rec;

	__builtin_memset(r, 0, sizeof(*r) - sizeof(r->s));
	r->abi = XR_TRACE_ABI;
	pc->seq = pc->seq % 2047 + 1;
	r->id = (bpf_get_smp_processor_id() & 31) << 11 | pc->seq;
	r->match = match;
	r->ifindex = ifindex;
	r->len = bpf_xdp_get_buff_len(ctx);
	r->ts_ns = bpf_ktime_get_ns();
	r->src = k->src;
	r->dst = k->dst;
	r->proto = k->proto;
	r->ttl = k->ttl;
	r->csum = k->csum;
	r->eth_proto = k->eth_proto;
	r->vlan = k->vlan;
	r->pvid = k->vlan ? 0 : k->pvid;
	r->sport = k->sport;
	r->dport = k->dport;
	__builtin_memcpy(r->mac_src, eth->h_source, ETH_ALEN);
	__builtin_memcpy(r->mac_dst, eth->h_dest, ETH_ALEN);
}

/* This CPU's trace state. */
static __always_inline struct xr_trace_pcpu *trace_pcpu_get(void)
{
	__u32 zero = 0;

	return bpf_map_lookup_elem(&trace_pcpu, &zero);
}

/*
 * The functions below are global, not static: the verifier checks each
 * once, on its own, and the program's state after a call does not depend
 * on what happened inside.  Static subprograms, or a record pointer in
 * the frame, would have it walk the whole forwarding path twice (traced
 * and not), four times the instructions verified.  They return the record
 * id (or 0), never a pointer.
 */

/*
 * The ingress port's switch and, for an untagged (or VID 0) frame on a
 * VLAN-aware switch, the VLAN it is in: the port's PVID (l2_input.h
 * l2_vlan_ingress() decides the same).
 */
static __always_inline void trace_port(struct trace_key *k, const struct xr_port *port)
{
	struct xr_bridge *br;
	__u32 bridge;

	if (!(port->flags & XR_PORT_SWITCHED))
		return;
	bridge = port->bridge;
	k->bridge = bridge;
	if (!port->pvid)
		return;
	br = bpf_map_lookup_elem(&bridges, &bridge);
	if (br && (br->flags & XR_BRIDGE_VLAN))
		k->pvid = port->pvid;
}

/* The ingress port's counters on this CPU (xdp_port() counted the frame's RX there). */
static __always_inline struct xr_counters *trace_port_counters(const struct xr_port *port)
{
	__u32 slot = port->slot;

	return bpf_map_lookup_elem(&stats, &slot);
}

/*
 * Only frames arriving while a trace runs get here: the record id if a
 * filter wants the frame and the budget allows it (its record begun, with
 * the ingress port's counters as they are), else 0.  It finds the port
 * itself: the forwarding path keeps nothing live across the call for it.
 */
__noinline int xr_trace_match(struct xdp_md *ctx)
{
	void *pos = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	__u32 zero = 0, match = 0, i, ifindex = ctx->ingress_ifindex;
	struct ethhdr *eth = pos;
	struct trace_key k = {};
	struct xr_trace_pcpu *pc;
	struct xr_trace_cfg *cfg;
	struct xr_counters *cnt;
	struct xr_port *port;

	port = bpf_map_lookup_elem(&ports, &ifindex);
	if (!port)
		return 0;
	trace_port(&k, port);
	cfg = bpf_map_lookup_elem(&trace_cfg, &zero);
	if (!cfg || (void *)(eth + 1) > end)
		return 0;
	k.eth_proto = eth->h_proto;
	pos = eth + 1;
	if (k.eth_proto == bpf_htons(ETH_P_8021Q)) {
		__be16 *tag = pos;

		if ((void *)(tag + 2) > end)
			return 0;
		k.vlan = bpf_ntohs(tag[0]) & 0xfff;
		k.eth_proto = tag[1];
		pos = tag + 2;
	}
	trace_parse_ip(&k, pos, end);
#pragma clang loop unroll(disable)
	for (i = 0; i < XR_TRACE_MAX; i++)
		if ((cfg->active & (1u << i)) && xr_trace_filter(&cfg->f[i], &k, ifindex))
			match |= 1u << i;
	pc = match ? trace_pcpu_get() : NULL;
	cnt = match ? trace_port_counters(port) : NULL;
	if (!pc || !cnt)
		return 0;
	if (!trace_budget(pc)) {
		trace_lost(pc, match);
		return 0;
	}
	trace_rec_init(pc, ctx, &k, eth, ifindex, match);
	pc->cnt = *cnt;
	pc->row = 0;
	return pc->rec.id;
}

/*
 * In the traced program: the frame's record id if a trace wants it, else
 * 0.  The gate spares the filters' walk in the moments the program is on
 * a port with no trace running (dp.c sets it after the filters, clears it
 * before the swap back).
 */
static __always_inline __u16 trace_begin(struct xdp_md *ctx)
{
#ifdef XR_NO_TRACE
	return 0;
#else
	if (!xr_trace_on)
		return 0;
	return xr_trace_match(ctx);
#endif
}

/* One decision, in order; a record that is full still counts its steps. */
static __always_inline void trace_step(struct xr_trace_rec *r, __u8 kind, __u8 a, __u16 b,
				       __u32 c)
{
	__u32 n = r->nsteps, i = n & (XR_TRACE_STEPS - 1);

	/* Opaque, so clang keeps the mask the verifier bounds the index by. */
	asm volatile("" : "+r"(i));
	if (n < XR_TRACE_STEPS) {
		r->s[i].kind = kind;
		r->s[i].a = a;
		r->s[i].b = b;
		r->s[i].c = c;
	}
	r->nsteps = n + 1;
}

/*
 * A routed frame on its way out (XR_TS_OUT): what it was rewritten to is
 * read back from the frame, so forwarding itself pays for one test only.
 * Steps: the egress (c, mtu b), the next hop's MAC, TTL or hop limit
 * before and after, the IPv4 checksum before and after, the MACs.
 */
static __always_inline void trace_step_out(struct xr_trace_rec *r, struct xdp_md *ctx,
					   __u16 mtu, __u32 ifid)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	__be16 *tag = (void *)(eth + 1), proto;
	void *l3 = tag;
	struct iphdr *ip;
	struct ipv6hdr *ip6;

	trace_step(r, XR_TS_EGRESS, 0, mtu, ifid);
	if ((void *)(tag + 2) > end)
		return;
	/* A frame of a VLAN interface still carries the tag it came in with. */
	proto = eth->h_proto;
	if (proto == bpf_htons(ETH_P_8021Q)) {
		proto = tag[1];
		l3 = tag + 2;
	}
	ip = l3;
	ip6 = l3;
	if ((void *)(ip6 + 1) > end || (void *)(ip + 1) > end)
		return;
	__builtin_memcpy(r->out_src, eth->h_source, ETH_ALEN);
	__builtin_memcpy(r->out_dst, eth->h_dest, ETH_ALEN);
	trace_step(r, XR_TS_NEIGH, 0, 0, 0);
	if (proto == bpf_htons(ETH_P_IP)) {
		trace_step(r, XR_TS_TTL, r->ttl, ip->ttl, 0);
		trace_step(r, XR_TS_CSUM, 0, r->csum, bpf_ntohs(ip->check));
	} else {
		trace_step(r, XR_TS_TTL, r->ttl, ip6->hop_limit, 0);
	}
	trace_step(r, XR_TS_MACS, 0, 0, 0);
}

/*
 * A decision point's step for this CPU's record (kind, a and b packed in
 * kab); XR_TS_OUT reads the frame.
 */
__noinline int xr_trace_step(struct xdp_md *ctx, __u32 kab, __u32 c)
{
	struct xr_trace_pcpu *pc = trace_pcpu_get();
	__u8 kind = kab & 0xff, a = kab >> 8;
	__u16 b = kab >> 16;

	if (!pc)
		return 0;
	if (kind == XR_TS_OUT)
		trace_step_out(&pc->rec, ctx, b, c);
	else
		trace_step(&pc->rec, kind, a, b, c);
	return 0;
}

/*
 * The frame counts on stats row srow from here on (a VLAN interface's,
 * vlan.h): the record's snapshot moves there, so that its verdict is read
 * from the row that will show it.
 */
__noinline int xr_trace_recount(__u32 srow)
{
	struct xr_trace_pcpu *pc = trace_pcpu_get();
	struct xr_counters *cnt = bpf_map_lookup_elem(&stats, &srow);

	if (!pc || !cnt)
		return 0;
	pc->cnt = *cnt;
	pc->row = srow;
	return 0;
}

/*
 * The verdict is in: the counters the frame bumped become its last steps
 * (this CPU's row of the port's, or its VLAN interface's, counters moved
 * for this frame alone), and the record goes; a full ring counts as lost.
 */
__noinline int xr_trace_end(struct xdp_md *ctx, int act)
{
	struct xr_trace_pcpu *pc = trace_pcpu_get();
	struct xr_counters *cnt;
	struct xr_trace_rec *r;
	struct xr_port *port;
	__u32 i, ifindex, row;

	if (!pc || !ctx)
		return 0;
	ifindex = ctx->ingress_ifindex;
	port = bpf_map_lookup_elem(&ports, &ifindex);
	row = pc->row;
	cnt = row ? bpf_map_lookup_elem(&stats, &row) : port ? trace_port_counters(port) : NULL;
	if (!cnt)
		return 0;
	r = &pc->rec;
#pragma clang loop unroll(disable)
	for (i = 0; i < XR_STAT_MAX; i++)
		if (cnt->c[i] != pc->cnt.c[i] && i != XR_STAT_RX)
			trace_step(r, XR_TS_COUNT, 0, i, 0);
	r->act = act;
	if (bpf_ringbuf_output(&trace_rb, r, sizeof(*r), 0))
		trace_lost(pc, r->match);
	return 0;
}

#endif
