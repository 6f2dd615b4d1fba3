/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * ECMP next-hop selection, for either family: a route whose next hop is a
 * group (fib.h XR_NH_GROUP) forwards each flow by one member, picked by a
 * hash of the flow (fib.h xr_flow_hash) indexing the group's bucket
 * table.  The input stages call this right after the FIB lookup; a single
 * next hop pays one compare of its type.
 */
#ifndef XR_BPF_ECMP_H
#define XR_BPF_ECMP_H

#include "ctx.h"
#include "l4csum.h"
#include "maps.h"

#define ECMP_IPPROTO_SCTP	132

/* Protocols whose first four bytes are the source and destination ports. */
static __always_inline int ecmp_has_ports(__u8 proto)
{
	return proto == IPPROTO_TCP || proto == IPPROTO_UDP || proto == ECMP_IPPROTO_SCTP;
}

/* The ports word at l4 (as the wire has it), or 0 if it is not all there. */
static __always_inline __u32 ecmp_ports(const void *l4, const void *end)
{
	if ((const void *)((const __u32 *)l4 + 1) > end)
		return 0;
	return *(const __u32 *)l4;
}

/* The member of group g that the flow of hash h takes; NULL: none. */
static __always_inline struct xr_nexthop *ecmp_member(struct frame *f, const struct xr_nhg *g,
						      __u32 h)
{
	__u32 id = g->bucket[h % XR_NHG_BUCKETS];
	struct xr_nexthop *nh = bpf_map_lookup_elem(&nexthops, &id);

	trace(f, XR_TS_ECMP, !nh, (__u16)(h % XR_NHG_BUCKETS), h);
	return nh;
}

/*
 * The router's hash seed, from table 0 (never a group; every table holds
 * the same seed): a load at a constant address, so the hash need not wait
 * for the group's table, which cost 3 of the 8 ns an ECMP forward added
 * to a single next hop's.  Table 0 is always there; 0 satisfies the verifier.
 */
static __always_inline __u32 ecmp_seed(void)
{
	__u32 zero = 0;
	const struct xr_nhg *g0 = bpf_map_lookup_elem(&nhgroups, &zero);

	return g0 ? g0->seed : 0;
}

static __always_inline struct xr_nhg *ecmp_group(const struct xr_nexthop *nh)
{
	__u32 key = *(volatile const __u16 *)&nh->group;
	struct xr_nhg *g = bpf_map_lookup_elem(&nhgroups, &key);

	return g;
}

/* IPv4: addresses, protocol, and the ports of a first (or only) fragment-free packet. */
static __always_inline struct xr_nexthop *ip4_ecmp(struct frame *f, const struct xr_nexthop *nh,
						   const struct iphdr *ip, const void *end)
{
	const struct xr_nhg *g = ecmp_group(nh);
	__u32 ports = 0;

	if (!g)
		return NULL;
	if (ecmp_has_ports(ip->protocol) &&
	    !(ip->frag_off & bpf_htons(L4_IP_MF | L4_IP_OFFSET)))
		ports = ecmp_ports((const void *)ip + ip->ihl * 4, end);
	return ecmp_member(f, g, xr_flow_hash(ecmp_seed(), &ip->saddr, &ip->daddr, 1,
					   (__u32)ip->protocol << 24, ports));
}

/*
 * IPv6: addresses, next header and flow label, and the ports when the
 * transport header follows the fixed header (a fragment header, or any
 * other extension header, leaves them out).
 */
static __always_inline struct xr_nexthop *ip6_ecmp(struct frame *f, const struct xr_nexthop *nh,
						   const struct ipv6hdr *ip6, const void *end)
{
	const struct xr_nhg *g = ecmp_group(nh);
	__u32 ports = 0, label = bpf_ntohl(*(const __u32 *)ip6) & 0xfffff;

	if (!g)
		return NULL;
	if (ecmp_has_ports(ip6->nexthdr))
		ports = ecmp_ports(ip6 + 1, end);
	return ecmp_member(f, g, xr_flow_hash(ecmp_seed(), ip6->saddr.s6_addr32, ip6->daddr.s6_addr32,
					   4, (__u32)ip6->nexthdr << 24 | label, ports));
}

#endif
