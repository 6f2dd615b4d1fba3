/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * IPv6 in (RFC 8200, RFC 4291): validate, drop the never-forwarded, hand
 * the router's own packets (NDP and ICMPv6 included) and expiring hop
 * limits to the daemon, look up the IPv6 FIB (fib.h: a stride-8 trie
 * under a 16-bit direct table), then leave through the same output stage
 * as IPv4 (l3_output.h) with the one IPv6 step, hop limit - 1.
 *
 * What the daemon gets, by hand-off reason:
 *   HANDOFF_LOCAL       a router address (a /128 LOCAL route), any
 *                       link-local destination (the daemon knows which
 *                       are its own on which port), and ICMPv6 to
 *                       ff02::1, ff02::2 or a solicited-node group; NDP
 *                       (types 133-137) in the ARP bucket, not the other.
 *                       With XR_PORT_LOCAL_KERNEL only echo requests and
 *                       NDP; NAs are copied and pass (ip6_local())
 *   HANDOFF_TTL         hop limit <= 1
 *   HANDOFF_NO_ROUTE    no route
 *   HANDOFF_UNREACH     an `unreachable` route, or a link-local source
 *                       that would leave its link (Destination Unreachable
 *                       code 2, "beyond scope", for the latter)
 *   HANDOFF_NEIGH_MISS  nh_ip: the IPv6 next hop (gateway or destination)
 *   HANDOFF_MTU         Packet Too Big with mtu; IPv6 is never fragmented
 */
#ifndef XR_BPF_IP6_INPUT_H
#define XR_BPF_IP6_INPUT_H

#include "ecmp.h"
#include "fib6_lookup.h"
#include "l3_output.h"
#include "l4csum.h"
#include "parse.h"

#define IP6_NEXTHDR_ICMP	58
#define ICMP6_ECHO_REQUEST	128
#define ICMP6_ND_FIRST		133	/* Router Solicitation ... */
#define ICMP6_NA		136
#define ICMP6_ND_LAST		137	/* ... Redirect */

/* An address as four big-endian words. */
static __always_inline const __u32 *ip6_words(const struct in6_addr *a)
{
	return (const __u32 *)a->s6_addr;
}

static __always_inline int ip6_is_multicast(const struct in6_addr *a)
{
	return a->s6_addr[0] == 0xff;
}

static __always_inline int ip6_is_link_local(const struct in6_addr *a)
{
	return (ip6_words(a)[0] & bpf_htonl(0xffc00000)) == bpf_htonl(0xfe800000);
}

/* ::, ::1 and ::ffff:0:0/96 share their first 64 bits: all zero. */
static __always_inline int ip6_head_zero(const struct in6_addr *a)
{
	return !(ip6_words(a)[0] | ip6_words(a)[1]);
}

/* Unspecified or loopback: never seen on a wire (RFC 4291 2.5.2, 2.5.3). */
static __always_inline int ip6_is_null_or_loop(const struct in6_addr *a)
{
	const __u32 *w = ip6_words(a);

	return ip6_head_zero(a) && !w[2] && (!w[3] || w[3] == bpf_htonl(1));
}

static __always_inline int ip6_is_v4mapped(const struct in6_addr *a)
{
	return ip6_head_zero(a) && ip6_words(a)[2] == bpf_htonl(0xffff);
}

/* ff02::1, ff02::2, ff02::1:ffXX:XXXX: where NDP and router solicitations go. */
static __always_inline int ip6_is_nd_group(const struct in6_addr *a)
{
	const __u32 *w = ip6_words(a);

	if (w[0] != bpf_htonl(0xff020000) || w[1])
		return 0;
	if (!w[2])
		return w[3] == bpf_htonl(1) || w[3] == bpf_htonl(2);
	return w[2] == bpf_htonl(1) && (w[3] & bpf_htonl(0xff000000)) == bpf_htonl(0xff000000);
}

/* Never-forwarded sources: the drop reason, or 0. */
static __always_inline int ip6_src_check(const struct in6_addr *a)
{
	if (ip6_is_multicast(a) || ip6_is_null_or_loop(a))
		return XR_STAT_DROP_MARTIAN_SRC;
	if (ip6_is_v4mapped(a))
		return XR_STAT_DROP_IP6_MAPPED;
	return 0;
}

/* Never-forwarded unicast destinations: the drop reason, or 0. */
static __always_inline int ip6_dst_check(const struct in6_addr *a)
{
	if (ip6_is_null_or_loop(a))
		return XR_STAT_DROP_MARTIAN_DST;
	if (ip6_is_v4mapped(a))
		return XR_STAT_DROP_IP6_MAPPED;
	return 0;
}

/* ICMPv6 type of a packet whose next header is ICMPv6 itself, else -1. */
static __always_inline int ip6_icmp_type(const struct cursor *c, const struct ipv6hdr *ip6)
{
	const __u8 *t = (const __u8 *)(ip6 + 1);

	if (ip6->nexthdr != IP6_NEXTHDR_ICMP || (void *)(t + 1) > c->end)
		return -1;
	return *t;
}

/* NDP rides in the resolver's bucket, as ARP does: floods cannot starve it. */
static __always_inline __u32 ip6_handoff_class(const struct cursor *c,
					       const struct ipv6hdr *ip6)
{
	int type = ip6_icmp_type(c, ip6);

	if (type >= ICMP6_ND_FIRST && type <= ICMP6_ND_LAST)
		return XR_HANDOFF_CLASS_RESOLVE;
	return XR_HANDOFF_CLASS_OTHER;
}

/* For the router: to the daemon, NDP in its own bucket. */
static __always_inline int ip6_handoff_local(struct frame *f, const struct cursor *c,
					     const struct ipv6hdr *ip6)
{
	int err = handoff_emit_class(f, XR_STAT_HANDOFF_LOCAL, NULL,
				     ip6_handoff_class(c, ip6));

	return err ? drop(f, err) : XDP_DROP;
}

/*
 * For the router.  When the kernel's stack shares the router addresses
 * (XR_PORT_LOCAL_KERNEL, kernel sync on), the daemon keeps what it
 * answers: echo requests and NDP, so each solicitation gets exactly one
 * answer and the kernel never sees one to answer twice; a truncated
 * ICMPv6 header too (the daemon drops it).  A Neighbor Advertisement is
 * copied to the daemon and passes, so the kernel resolves the neighbours
 * its own packets go to (ARP replies do the same, l2_input.h).  The rest
 * passes: TCP, UDP, OSPFv3, and the echo replies and errors that answer
 * the kernel's own packets.
 */
static __always_inline int ip6_local(struct frame *f, const struct cursor *c,
				     const struct ipv6hdr *ip6)
{
	int type = ip6_icmp_type(c, ip6);

	if (!(f->port->flags & XR_PORT_LOCAL_KERNEL) ||
	    (ip6->nexthdr == IP6_NEXTHDR_ICMP && type < 0) || type == ICMP6_ECHO_REQUEST ||
	    (type >= ICMP6_ND_FIRST && type <= ICMP6_ND_LAST && type != ICMP6_NA))
		return ip6_handoff_local(f, c, ip6);
	if (type == ICMP6_NA)	/* rate-limited: the kernel has it anyway */
		handoff_emit_class(f, XR_STAT_HANDOFF_LOCAL, NULL, XR_HANDOFF_CLASS_RESOLVE);
	return pass_kernel(f);
}

/*
 * A multicast destination is never routed: ICMPv6 to the groups NDP uses
 * is for the router (the caller's ip6_local(): XR_CONTINUE), the rest goes
 * to the kernel if it came as link-layer multicast (it may have listeners:
 * OSPFv3's ff02::5/6, MLD), else is dropped.
 */
static __always_inline int ip6_mcast_input(struct frame *f, const struct ipv6hdr *ip6,
					   int l2_group)
{
	if (ip6->nexthdr == IP6_NEXTHDR_ICMP && ip6_is_nd_group(&ip6->daddr))
		return XR_CONTINUE;
	if (!l2_group)
		return drop(f, XR_STAT_DROP_MCAST_DST);
	return pass_kernel(f);
}

/*
 * A switched multicast frame: should the switch's daemon get a copy (NDP
 * and router solicitations to the switch's groups)?  Returns the hand-off
 * class, or -1.  Nothing is validated here beyond what is read.
 */
static __always_inline int ip6_switch_nd_copy(const struct cursor *c)
{
	struct ipv6hdr *ip6 = c->pos;

	if ((void *)(ip6 + 1) > c->end || ip6->version != 6 ||
	    ip6->nexthdr != IP6_NEXTHDR_ICMP || !ip6_is_nd_group(&ip6->daddr))
		return -1;
	return ip6_handoff_class(c, ip6);
}

/*
 * The hand-off info of a frame to forward by nh: the next hop's address is
 * the gateway, or the destination on a connected subnet.
 */
static __always_inline void ip6_handoff_info(struct handoff_info *hi, const struct xr_nexthop *nh,
					     const struct ipv6hdr *ip6)
{
	/* The next hop's own ifid: an ECMP bucket's copy holds the same. */
	*hi = (struct handoff_info){
		.nh_ifid = nh->ifid,
		.nh_ip = { .af = XR_AF_INET6 },
	};
	if (nh->gw.af)
		__builtin_memcpy(hi->nh_ip.b, nh->gw.b, 16);
	else
		__builtin_memcpy(hi->nh_ip.b, ip6->daddr.s6_addr, 16);
}

/*
 * Forward by next hop n: the shared output stage around the IPv6 step,
 * hop limit - 1 (no header checksum).  A frame that fits, to a next hop
 * that holds its MAC, needs no hand-off info: the info's 16-byte address,
 * copied a byte at a time into its unaligned place, is built only on the
 * way to l3_output_resolve_slow() (0.8 ns a frame, RESULTS.md).
 */
static __always_inline int ip6_output(struct frame *f, struct ethhdr *eth,
				      struct ipv6hdr *ip6, const struct l3_nh *n)
{
	__u32 len = sizeof(*ip6) + bpf_ntohs(ip6->payload_len);
	struct handoff_info hi;
	struct l3_egress eg;
	int act, big;

	act = l3_egress(f, n->ifid, &eg);
	if (act != XR_CONTINUE)
		return act;
	ip6_l4_csum_finish(f->ctx, ip6, (void *)(long)f->ctx->data_end);
	big = l3_too_big(&eg, len);
	if (!big && nh_l2_mac(n, eth->h_dest)) {
		act = XR_CONTINUE;
	} else {
		ip6_handoff_info(&hi, n->nh, ip6);
		act = l3_output_resolve_slow(f, eth, &hi, &eg, big);
	}
	if (act != XR_CONTINUE)
		return act;
	ip6->hop_limit--;
	return l3_output_send(f, eth, &eg);
}

/*
 * A unicast destination: never-forwarded addresses, for the router
 * (XR_CONTINUE: the caller's ip6_local(), one copy of it in the program),
 * hop limit, then the route.
 */
static __always_inline int ip6_unicast(struct frame *f, struct ethhdr *eth,
				       struct ipv6hdr *ip6, int l2_group)
{
	struct xr_nexthop *nh = NULL;
	struct l3_nh n;
	__u32 nh_id;
	int err;

	if (l2_group)
		return drop(f, XR_STAT_DROP_L2_BCAST);
	err = ip6_src_check(&ip6->saddr);
	if (!err)
		err = ip6_dst_check(&ip6->daddr);
	if (err)
		return drop(f, err);
	if (ip6_is_link_local(&ip6->daddr))
		return XR_CONTINUE;
	nh_id = fib6_lookup(ip6->daddr.s6_addr);
	if (nh_id >= XR_NH_GROUP_BASE) {
		trace(f, XR_TS_ROUTE, XR_NH_GROUP, XR_AF_INET6, nh_id);
		err = l3_ecmp_verdict(f, ip6_ecmp(f, nh_id, ip6, (void *)(long)f->ctx->data_end, &n),
				      ip6->hop_limit);
	} else {
		if (nh_id)
			nh = bpf_map_lookup_elem(&nexthops, &nh_id);
		trace(f, XR_TS_ROUTE, nh ? nh->type : 0, XR_AF_INET6, nh_id);
		if (nh && nh->type == XR_NH_LOCAL)
			return XR_CONTINUE;
		err = l3_route_verdict(f, nh, ip6->hop_limit);
		if (err == XR_CONTINUE)
			l3_nh_read(&n, nh);
	}
	if (err != XR_CONTINUE)
		return err;
	if (ip6_is_link_local(&ip6->saddr))
		return handoff(f, XR_STAT_HANDOFF_UNREACH, NULL);
	return ip6_output(f, eth, ip6, &n);
}

/*
 * Route an IPv6 frame at the cursor that arrived for l3mac (the port's
 * MAC, or its switch's router MAC), or as link-layer multicast.  The
 * order is IPv4's: validity, never-forwarded addresses, for the router,
 * hop limit, then the route.
 */
static __always_inline int ip6_input(struct frame *f, struct cursor *c,
				     struct ethhdr *eth, const __u8 *l3mac)
{
	int l2_group = !mac_equal(eth->h_dest, l3mac), act;
	struct ipv6hdr *ip6;

	if (l2_group && !mac_is_multicast(eth->h_dest)) {
		count(f, XR_STAT_PASS);	/* another station's frame */
		return XDP_PASS;
	}
	act = parse_ipv6(c, &ip6);
	if (act)
		return drop(f, act);
	/* Before the source check: RS and DAD come from :: (RFC 4861 4.1, 4862). */
	if (ip6_is_multicast(&ip6->daddr))
		act = ip6_mcast_input(f, ip6, l2_group);
	else
		act = ip6_unicast(f, eth, ip6, l2_group);
	return act == XR_CONTINUE ? ip6_local(f, c, ip6) : act;
}

#endif
