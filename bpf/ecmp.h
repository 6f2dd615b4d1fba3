/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * ECMP next-hop selection, for either family: a route whose next hop is a
 * group (fib.h XR_NH_GROUP) forwards each flow by one member, picked by a
 * hash of the flow (fib.h xr_flow_hash4/6) indexing the group's bucket
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
						      __u64 h)
{
	__u32 id = g->bucket[xr_nhg_bucket(h)];
	struct xr_nexthop *nh = bpf_map_lookup_elem(&nexthops, &id);

	trace(f, XR_TS_ECMP, !nh, (__u16)xr_nhg_bucket(h), (__u32)(h >> 32));
	return nh;
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
	return ecmp_member(f, g, xr_flow_hash4(&xr_ecmp_key, *(const __u64 *)&ip->saddr,
					      xr_flow_tail(ports, ip->protocol, 0)));
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
	__u32 ports = 0, label = bpf_ntohl(*(const __u32 *)ip6);

	if (!g)
		return NULL;
	if (ecmp_has_ports(ip6->nexthdr))
		ports = ecmp_ports(ip6 + 1, end);
	return ecmp_member(f, g, xr_flow_hash6(&xr_ecmp_key, (const __u64 *)&ip6->saddr,
					      (const __u64 *)&ip6->daddr,
					      xr_flow_tail(ports, ip6->nexthdr, label)));
}

#endif
