// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The benchmark's own XDP programs, one object:
 *   xdp_gen      traffic generator run by BPF_PROG_RUN with live frames:
 *                writes a whole 60-byte IPv4/UDP frame to the next
 *                destination of gen_dsts and sends it out with XDP_TX;
 *   xdp_gen6     the same with a 64-byte IPv6/UDP frame (gen_dsts6);
 *   xdp_sink     counts and drops what reaches the sink;
 *   xdp_pass     passes everything (turns on a veth's XDP receive path);
 *   xdp_count    counts and drops IPv4 UDP to port 5001 (floods.sh's steady
 *                flow), passes the rest: the host still answers ARP;
 *   xdp_ceiling  the ceiling: rewrite both MACs and redirect, no lookup;
 *   xdp_min_router  the floor of a router: RFC 1812's checks, DIR-24-8,
 *                next hop, TTL - 1, rewrite, redirect (min_router.h).
 * Built by tests/bench/run.sh with clang -target bpf; loaded by xrb_xdp.
 */
#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/in.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <linux/udp.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "ceiling.h"
#include "min_router.h"

#define GEN_FRAME_LEN	60	/* 64 on a wire with the FCS */
#define GEN_DSTS_MAX	(1u << 20)	/* full-table traffic: a million destinations */

struct gen_cfg {
	__u8 dmac[6];
	__u8 smac[6];
	__be32 saddr;		/* first source; the low byte varies per flow */
	__u32 ndst_mask;	/* number of destinations - 1, a power of two */
	__u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct gen_cfg);
} gen_cfg SEC(".maps");

/* Destination addresses, network order. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, GEN_DSTS_MAX);
	__type(key, __u32);
	__type(value, __be32);
} gen_dsts SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u64);
} gen_seq SEC(".maps");

static __always_inline __u16 ip_csum(const struct iphdr *ip)
{
	const __u16 *w = (const __u16 *)ip;
	__u32 sum = 0;
	int i;

#pragma unroll
	for (i = 0; i < (int)(sizeof(*ip) / 2); i++)
		sum += w[i];
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return ~sum;
}

/*
 * Live-frame pages are recycled without being reset, so every field is
 * written every time: a frame the router modified (TTL, MACs) comes back.
 */
SEC("xdp")
int xdp_gen(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = data + sizeof(*eth);
	struct udphdr *udp = (void *)(ip + 1);
	__u32 zero = 0, idx;
	struct gen_cfg *cfg;
	__be32 *dst;
	__u64 *seq, s;

	if (data + GEN_FRAME_LEN > end)
		return XDP_ABORTED;
	cfg = bpf_map_lookup_elem(&gen_cfg, &zero);
	seq = bpf_map_lookup_elem(&gen_seq, &zero);
	if (!cfg || !seq)
		return XDP_ABORTED;
	s = (*seq)++;
	idx = s & cfg->ndst_mask;
	dst = bpf_map_lookup_elem(&gen_dsts, &idx);
	if (!dst)
		return XDP_ABORTED;
	__builtin_memcpy(eth->h_dest, cfg->dmac, ETH_ALEN);
	__builtin_memcpy(eth->h_source, cfg->smac, ETH_ALEN);
	eth->h_proto = bpf_htons(ETH_P_IP);
	ip->version = 4;
	ip->ihl = 5;
	ip->tos = 0;
	ip->tot_len = bpf_htons(GEN_FRAME_LEN - sizeof(*eth));
	ip->id = bpf_htons((__u16)s);
	ip->frag_off = 0;
	ip->ttl = 64;
	ip->protocol = IPPROTO_UDP;
	ip->check = 0;
	/* 256 sources x many destinations x 64 ports: many flows. */
	ip->saddr = cfg->saddr | bpf_htonl((__u32)(s >> 12) & 0xff);
	ip->daddr = *dst;
	ip->check = ip_csum(ip);
	udp->source = bpf_htons(10000 + (s & 63));
	udp->dest = bpf_htons(9);
	udp->len = bpf_htons(GEN_FRAME_LEN - sizeof(*eth) - sizeof(*ip));
	udp->check = 0;
	return XDP_TX;
}

#define GEN6_FRAME_LEN	64	/* Ethernet, IPv6, UDP, 2 bytes of payload */
#define GEN6_DSTS_MAX	(1u << 16)

struct gen6_cfg {
	__u8 dmac[6];
	__u8 smac[6];
	struct in6_addr saddr;	/* first source; the low byte varies per flow */
	__u32 ndst_mask;
	__u32 pad;
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct gen6_cfg);
} gen6_cfg SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, GEN6_DSTS_MAX);
	__type(key, __u32);
	__type(value, struct in6_addr);
} gen_dsts6 SEC(".maps");

/* xdp_gen for IPv6: UDP checksum 0 is invalid over IPv6, but routers do not look. */
SEC("xdp")
int xdp_gen6(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct ipv6hdr *ip6 = data + sizeof(*eth);
	struct udphdr *udp = (void *)(ip6 + 1);
	__u32 zero = 0, idx;
	struct gen6_cfg *cfg;
	struct in6_addr *dst;
	__u64 *seq, s;

	if (data + GEN6_FRAME_LEN > end)
		return XDP_ABORTED;
	cfg = bpf_map_lookup_elem(&gen6_cfg, &zero);
	seq = bpf_map_lookup_elem(&gen_seq, &zero);
	if (!cfg || !seq)
		return XDP_ABORTED;
	s = (*seq)++;
	idx = s & cfg->ndst_mask;
	dst = bpf_map_lookup_elem(&gen_dsts6, &idx);
	if (!dst)
		return XDP_ABORTED;
	__builtin_memcpy(eth->h_dest, cfg->dmac, ETH_ALEN);
	__builtin_memcpy(eth->h_source, cfg->smac, ETH_ALEN);
	eth->h_proto = bpf_htons(ETH_P_IPV6);
	*(__be32 *)ip6 = bpf_htonl(0x60000000);
	ip6->payload_len = bpf_htons(GEN6_FRAME_LEN - sizeof(*eth) - sizeof(*ip6));
	ip6->nexthdr = IPPROTO_UDP;
	ip6->hop_limit = 64;
	ip6->saddr = cfg->saddr;
	ip6->saddr.in6_u.u6_addr8[15] = (__u8)(s >> 12);
	ip6->daddr = *dst;
	udp->source = bpf_htons(10000 + (s & 63));
	udp->dest = bpf_htons(9);
	udp->len = ip6->payload_len;
	udp->check = 0;
	return XDP_TX;
}

SEC("xdp")
int xdp_sink(struct xdp_md *ctx)
{
	__u32 zero = 0;
	__u64 *n = bpf_map_lookup_elem(&sink_cnt, &zero);

	if (n)
		(*n)++;
	return XDP_DROP;
}

SEC("xdp")
int xdp_count(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct udphdr *udp = (void *)(ip + 1);
	__u32 zero = 0;
	__u64 *n;

	if ((void *)(udp + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP) ||
	    ip->ihl != 5 || ip->protocol != IPPROTO_UDP || udp->dest != bpf_htons(5001))
		return XDP_PASS;
	n = bpf_map_lookup_elem(&sink_cnt, &zero);
	if (n)
		(*n)++;
	return XDP_DROP;
}

SEC("xdp")
int xdp_pass(struct xdp_md *ctx)
{
	return XDP_PASS;
}

SEC("xdp")
int xdp_ceiling(struct xdp_md *ctx)
{
	return ceiling_redirect(ctx);
}

SEC("xdp")
int xdp_min_router(struct xdp_md *ctx)
{
	return min_router(ctx);
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
