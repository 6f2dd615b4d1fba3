/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * ECMP next-hop selection, for either family: a FIB id of a group's range
 * (fib.h XR_NH_GROUP_BASE) names its row in nhgroups, and the flow's hash
 * (fib.h xr_flow_hash4/6) its bucket there, which holds a copy of the
 * member's egress and MAC: one read between the FIB and the egress, as a
 * single next hop's.  The input stages call this right after the FIB
 * lookup; a single next hop pays one compare of its id.
 */
#ifndef XR_BPF_ECMP_H
#define XR_BPF_ECMP_H

#include "ctx.h"
#include "l3_output.h"
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

/*
 * The member in the bucket of hash h in the row of group next hop nh_id,
 * into n: the bucket's copy when its two words are of one generation
 * (fib.h xr_nhg_rec), else (a rewrite under way, or no MAC yet) the
 * member's own next hop.  1, or 0 if the bucket holds no member.
 */
static __always_inline int ecmp_member(struct frame *f, __u32 nh_id, __u64 h, struct l3_nh *n)
{
	__u32 row = nh_id - XR_NH_GROUP_BASE, b = xr_nhg_bucket(h), id;
	struct xr_nhg *g;
	union xr_nhg_member m;
	union xr_nh_l2 l2;

	/*
	 * The bucket before the row's lookup: clang otherwise keeps the hash's
	 * inputs across that call (spilled, as a call clobbers r1-r5) and
	 * hashes after it, on the chain to the egress: 1.13x -> 1.08x a single
	 * next hop's forward (RESULTS.md "ECMP forward cost").
	 */
	barrier_var(b);
	g = bpf_map_lookup_elem(&nhgroups, &row);
	if (!g)
		return 0;
	m.word = *(volatile __u64 *)&g->rec[b].m.word;
	l2.word = *(volatile __u64 *)&g->rec[b].l2.word;
	id = m.id;
	n->nh = id ? bpf_map_lookup_elem(&nexthops, &id) : NULL;
	trace(f, XR_TS_ECMP, !n->nh, (__u16)b, (__u32)(h >> 32));
	if (!n->nh)
		return 0;
	if (l2.pad == m.gen) {
		n->ifid = m.ifid;
		n->l2 = l2;
	} else {
		l3_nh_read(n, n->nh);
	}
	return 1;
}

/* IPv4: addresses, protocol, and the ports of a first (or only) fragment-free packet. */
static __always_inline int ip4_ecmp(struct frame *f, __u32 nh_id, const struct iphdr *ip,
				    const void *end, struct l3_nh *n)
{
	__u32 ports = 0;

	if (ecmp_has_ports(ip->protocol) &&
	    !(ip->frag_off & bpf_htons(L4_IP_MF | L4_IP_OFFSET)))
		ports = ecmp_ports((const void *)ip + ip->ihl * 4, end);
	return ecmp_member(f, nh_id, xr_flow_hash4(&xr_ecmp_key, *(const __u64 *)&ip->saddr,
						  xr_flow_tail(ports, ip->protocol, 0)), n);
}

/*
 * IPv6: addresses, next header and flow label, and the ports when the
 * transport header follows the fixed header (a fragment header, or any
 * other extension header, leaves them out).
 */
static __always_inline int ip6_ecmp(struct frame *f, __u32 nh_id, const struct ipv6hdr *ip6,
				    const void *end, struct l3_nh *n)
{
	__u32 ports = 0, label = bpf_ntohl(*(const __u32 *)ip6);

	if (ecmp_has_ports(ip6->nexthdr))
		ports = ecmp_ports(ip6 + 1, end);
	return ecmp_member(f, nh_id, xr_flow_hash6(&xr_ecmp_key, (const __u64 *)&ip6->saddr,
						  (const __u64 *)&ip6->daddr,
						  xr_flow_tail(ports, ip6->nexthdr, label)), n);
}

#endif
