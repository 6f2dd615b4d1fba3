/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The minimal router (bench.bpf.c xdp_min_router): the floor any IPv4
 * router pays per frame on this machine, to read xrouter's routed cost
 * against (tests/bench/RESULTS.md, "Program cost against the bare
 * redirect").  Only what RFC 1812 requires of a forwarding router:
 * Ethernet, the IPv4 header checks (version, IHL, total length, header
 * checksum), TTL, the DIR-24-8 lookup, the next hop's MAC, the egress
 * MTU, TTL - 1 with an incremental checksum update, the MAC rewrite and
 * the redirect.  No counters, no trace, no VLANs, no martian checks; what
 * it does not forward (options, TTL 1, no route, an unresolved next hop)
 * it passes to the kernel.
 *
 * The maps have xrouter's own layout (include/fib.h, port.h) and names:
 * xrb_cost loads this object with xrouter's maps in their place
 * (bpf_map__reuse_fd), so both read the same table, next hops and ports.
 * Declared with one entry each, so an object loaded on its own (xrb_xdp)
 * allocates nothing of size.  The devmap is its own (min_tx, a devmap
 * like xrouter's tx_ports, by ifindex, sized and filled by xrb_cost): the
 * kernel does not let a single-buffer program share a devmap with a
 * multi-buffer ("xdp.frags") one.
 */
#ifndef XRB_MIN_ROUTER_H
#define XRB_MIN_ROUTER_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "../../../include/fib.h"
#include "../../../include/port.h"
#include "../../../bpf/dir24.h"

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xr_fib_chunk);
} tbl24 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xr_fib_chunk);
} tbl8 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xr_nexthop);
} nexthops SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xr_port);
} ports SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct bpf_devmap_val);
} min_tx SEC(".maps");

/* RFC 1071 over the 20-byte header, folded: 0xffff when it checks. */
static __always_inline int min_ip_csum_ok(const struct iphdr *ip)
{
	const __u32 *w = (const __u32 *)ip;
	__u64 sum = (__u64)w[0] + w[1] + w[2] + w[3] + w[4];

	sum = (sum & 0xffffffff) + (sum >> 32);
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return sum == 0xffff;
}

/*
 * TTL - 1 (>= 2 here), the checksum updated for the TTL/protocol word
 * (RFC 1624 eqn. 3); the new word computed, never read back after a
 * narrower store (ip4_input.h ip_decrease_ttl()).
 */
static __always_inline void min_ttl_decrease(struct iphdr *ip)
{
	__u16 *word = (__u16 *)&ip->ttl;
	__u16 old = *word, new = old - bpf_htons(0x0100);
	__u32 sum = (__u16)~ip->check;

	sum += (__u16)~old;
	sum += new;
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	*word = new;
	ip->check = (__u16)~sum;
}

static __always_inline int min_router(struct xdp_md *ctx)
{
	void *data = (void *)(long)ctx->data, *end = (void *)(long)ctx->data_end;
	struct ethhdr *eth = data;
	struct iphdr *ip = (void *)(eth + 1);
	struct xr_nexthop *nh;
	struct xr_port *out;
	union xr_nh_l2 l2;
	__u32 nh_id, oif, tot;

	if ((void *)(ip + 1) > end || eth->h_proto != bpf_htons(ETH_P_IP))
		return XDP_PASS;
	if (ip->version != 4 || ip->ihl < 5)
		return XDP_DROP;
	if (ip->ihl != 5)
		return XDP_PASS;	/* options: the slow path's */
	tot = bpf_ntohs(ip->tot_len);
	if (tot < sizeof(*ip) || (void *)ip + tot > end)
		return XDP_DROP;
	if (!min_ip_csum_ok(ip))
		return XDP_DROP;
	if (ip->ttl <= 1)
		return XDP_PASS;	/* Time Exceeded: the slow path's */
	nh_id = dir24_lookup(&tbl24, &tbl8, bpf_ntohl(ip->daddr));
	nh = nh_id ? bpf_map_lookup_elem(&nexthops, &nh_id) : NULL;
	if (!nh || nh->type != XR_NH_UNICAST)
		return XDP_PASS;
	l2.word = *(volatile __u64 *)&nh->l2.word;
	oif = nh->ifid;
	out = bpf_map_lookup_elem(&ports, &oif);
	if (!l2.valid || !out)
		return XDP_PASS;	/* neighbour to resolve, or not a port */
	if (out->mtu && tot > out->mtu)
		return XDP_PASS;	/* to fragment or refuse: the slow path's */
	min_ttl_decrease(ip);
	__builtin_memcpy(eth->h_dest, l2.mac, ETH_ALEN);
	__builtin_memcpy(eth->h_source, out->mac, ETH_ALEN);
	return bpf_redirect_map(&min_tx, oif, XDP_DROP);
}

#endif
