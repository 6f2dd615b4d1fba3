/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * IPv4 in (RFC 1812): validate, drop martians, hand the router's own
 * packets and expiring TTLs to the daemon, look up the FIB, then
 * leave through the family-neutral output stage (l3_output.h) with the
 * one IPv4 step, TTL - 1 and its checksum update.
 */
#ifndef XR_BPF_IP4_INPUT_H
#define XR_BPF_IP4_INPUT_H

#include "dir24.h"
#include "ecmp.h"
#include "l3_output.h"
#include "l4csum.h"
#include "parse.h"

/* The DIR-24-8 answer: /16s the DXR table has not compiled (kind 0). */
static __always_inline __u32 fib_lookup_dir24(__u32 dst)
{
	return dir24_lookup(&tbl24, &tbl8, dst);
}

/* A short range widened to the long form (fib.h). */
static __always_inline __u32 fib_short_widen(__u32 e)
{
	return (e & 0xff00) << 16 | (e & 0xff);
}

/*
 * Range i of a block of this kind (fib.h), in the long form; out of the
 * map: 0.  *ln caches the cache line of fibr last read (*key): a block of
 * up to 16 long or 32 short ranges is searched with one map lookup.
 */
static __always_inline __u32 fib_range(__u32 kind, __u32 i, __u32 *key,
				       union xr_dxr_line **ln)
{
	__u32 k = kind == XR_DXR_LONG ? i / 16 : i / 32;

	if (k != *key || !*ln) {
		*key = k;
		*ln = bpf_map_lookup_elem(&fibr, key);
		if (!*ln)
			return 0;
	}
	if (kind == XR_DXR_LONG)
		return (*ln)->l[i & 15];
	return fib_short_widen((*ln)->s[i & 31]);
}

/*
 * The last of n ranges from lo that starts at or before the address (want,
 * fib.h): at most XR_DXR_SEARCH_MAX halvings in a bounded loop (unrolled,
 * it cost 2,000 instructions; the verifier walks it either way).  A step
 * moves lo by half or by nothing without a branch: want - e is negative in
 * 64 bits exactly when that range starts after the address.  Called with
 * a constant kind, so each kind gets its own loop.
 */
static __always_inline __u32 fib_search(__u32 kind, __u32 lo, __u32 n, __u32 want)
{
	union xr_dxr_line *ln = NULL;
	__u32 key = 0, half, i;
	__u64 d;

#pragma clang loop unroll(disable)
	for (i = 0; i < XR_DXR_SEARCH_MAX; i++) {
		if (n <= 1)
			break;
		half = n / 2;
		d = (__u64)want - fib_range(kind, lo + half, &key, &ln);
		/* Opaque to clang, which would turn the mask back into a branch. */
		asm volatile("" : "+r"(d));
		lo += half & (__u32)((d >> 63) - 1);
		n -= half;
	}
	return fib_range(kind, lo, &key, &ln) & XR_DXR_NH_MASK;
}

/*
 * fib_search() for a short block inside one cache line, as nearly all are
 * (blocks of up to 32 slots never straddle a line, dxr.c): one map lookup,
 * then at most 5 halvings on the line itself, unrolled.
 */
static __always_inline __u32 fib_search_line(__u32 lo, __u32 n, __u32 want)
{
	__u32 key = lo / 32, off = lo & 31, half, i;
	union xr_dxr_line *ln = bpf_map_lookup_elem(&fibr, &key);
	__u64 d;

	if (!ln)
		return 0;
#pragma unroll
	for (i = 0; i < 5; i++) {
		if (n > 1) {
			half = n / 2;
			d = (__u64)want - fib_short_widen(ln->s[(off + half) & 31]);
			asm volatile("" : "+r"(d));
			off += half & (__u32)((d >> 63) - 1);
			n -= half;
		}
	}
	return ln->s[off & 31] & XR_DXR_SHORT_NH_MAX;
}

/*
 * Up to 4 short ranges packed in the direct entry (XR_DXR_INLINE): the
 * next hop of the last that starts at or before the address, with no
 * read beyond the entry and no branch.
 */
static __always_inline __u32 fib_search_inline(__u64 e, __u32 want)
{
	__u32 nh = (__u32)e & 0xff, r, m, i;
	__u64 d;

#pragma unroll
	for (i = 1; i < XR_DXR_INLINE_MAX; i++) {
		r = (__u32)(e >> (8 + 16 * (i - 1))) & 0xffff;
		d = (__u64)want - fib_short_widen(r);
		asm volatile("" : "+r"(d));
		m = (__u32)((d >> 63) - 1);
		nh = (nh & ~m) | (r & 0xff & m);
	}
	return nh;
}

/*
 * The DXR answer: what dxr.c's dxr_lookup() does.  A global function, so
 * the verifier checks its range searches once rather than once per path
 * that reaches a lookup: 825k -> 398k instructions verified, which leaves
 * room under the 1M limit for what the program still has to grow.
 */
__noinline __u32 fib_lookup_dxr(__u32 dst)
{
	__u32 idx = dst >> (32 - XR_DXR_DIRECT_BITS), key = idx / XR_DXR_CHUNK;
	struct xr_dxr_chunk *dc = bpf_map_lookup_elem(&fibd, &key);
	__u32 kind, lo, n, want = dst << 16 | 0xffff;
	__u64 e;

	if (!dc)
		return 0;
	e = dc->e[idx & (XR_DXR_CHUNK - 1)];
	kind = (e >> XR_DXR_KIND_SHIFT) & XR_DXR_KIND_MASK;
	lo = (__u32)e;
	n = (e >> XR_DXR_COUNT_SHIFT) & XR_DXR_COUNT_MASK;
	if (kind == XR_DXR_LEAF)
		return lo & XR_DXR_NH_MASK;
	if (kind == XR_DXR_INLINE)
		return fib_search_inline(e, want);
	if (kind == XR_DXR_SHORT && n <= 32 && (lo & 31) + n <= 32)
		return fib_search_line(lo, n, want);
	if (kind == XR_DXR_SHORT)
		return fib_search(XR_DXR_SHORT, lo, n, want);
	if (kind == XR_DXR_LONG)
		return fib_search(XR_DXR_LONG, lo, n, want);
	return fib_lookup_dir24(dst);
}

/*
 * Next hop id for a destination (host order).  DIR-24-8 unless the loader
 * chose DXR: DXR is faster with traffic spread over a large table, slower
 * with a small table or few destinations (tests/bench/RESULTS.md, issue 17).
 */
static __always_inline __u32 fib_lookup(__u32 dst)
{
	if (xr_fib_dxr)
		return fib_lookup_dxr(dst);
	return fib_lookup_dir24(dst);
}

/* 0/8, 127/8, 169.254/16, 224/4, 240/4 (and so 255.255.255.255). */
static __always_inline int src_is_martian(__u32 s)
{
	__u32 a = s >> 24;

	return a == 0 || a == 127 || a >= 224 || (s >> 16) == 0xa9fe;
}

/* Destinations never forwarded; returns the drop reason or 0. */
static __always_inline int dst_check(__u32 d)
{
	__u32 a = d >> 24;

	if (d == 0xffffffff)
		return XR_STAT_DROP_BCAST_DST;
	if ((a & 0xf0) == 0xe0)
		return XR_STAT_DROP_MCAST_DST;
	if (a == 0 || a == 127 || a >= 240 || (d >> 16) == 0xa9fe)
		return XR_STAT_DROP_MARTIAN_DST;
	return 0;
}

/* TTL and protocol share a 16-bit word: update the checksum for it alone. */
static __always_inline void ip_decrease_ttl(struct iphdr *ip)
{
	__u16 *word = (__u16 *)&ip->ttl;
	__u16 old = *word;

	ip->ttl--;
	ip->check = csum_replace16(ip->check, old, *word);
}

/*
 * Forward by next hop n: the shared output stage around the IPv4 step,
 * TTL - 1.  A partial transport checksum is finished before any hand-off
 * too, since the daemon fragments or queues what it is given.
 */
static __always_inline int ip4_output(struct frame *f, struct ethhdr *eth, struct iphdr *ip,
				      const struct l3_nh *n)
{
	struct handoff_info hi;
	struct l3_egress eg;
	int act, big;

	act = l3_egress(f, n->ifid, &eg);
	if (act != XR_CONTINUE)
		return act;
	ip4_l4_csum_finish(f->ctx, ip, (void *)(long)f->ctx->data_end);
	big = l3_too_big(&eg, bpf_ntohs(ip->tot_len));
	if (!big && nh_l2_mac(n, eth->h_dest)) {
		act = XR_CONTINUE;
	} else {
		hi = (struct handoff_info){
			.nh_ifid = n->nh->ifid,
			.nh_ip = { .af = XR_AF_INET,
				   .v4 = n->nh->gw.af ? n->nh->gw.v4 : ip->daddr },
		};
		act = l3_output_resolve_slow(f, eth, &hi, &eg, big);
	}
	if (act != XR_CONTINUE)
		return act;
	ip_decrease_ttl(ip);
	return l3_output_send(f, eth, &eg);
}

/* A frame with a link-layer group destination is never routed. */
static __always_inline int ip4_l2_group(struct frame *f, struct cursor *c)
{
	struct iphdr *ip = c->pos;

	if ((void *)(ip + 1) > c->end)
		return drop(f, XR_STAT_DROP_IP_TRUNC);
	if (!dst_check(bpf_ntohl(ip->daddr)))
		return drop(f, XR_STAT_DROP_L2_BCAST);
	/* Broadcast or multicast IP: the kernel may have listeners. */
	return pass_kernel(f);
}

/*
 * A packet for a router address.  The daemon answers echo requests (and
 * without a kernel stack beside it, everything: port unreachable, RST).
 * With XR_PORT_LOCAL_KERNEL the rest reaches the kernel, where FRR, BIRD
 * and sshd listen on the same addresses and closed ports get the
 * kernel's own RST or port unreachable.
 */
static __always_inline int ip4_local(struct frame *f, struct iphdr *ip, void *end)
{
	__u8 *icmp_type = (__u8 *)ip + ip->ihl * 4;

	if (!(f->port->flags & XR_PORT_LOCAL_KERNEL))
		return handoff(f, XR_STAT_HANDOFF_LOCAL, NULL);
	if (ip->protocol == IPPROTO_ICMP &&
	    ((ip->frag_off & bpf_htons(L4_IP_MF | L4_IP_OFFSET)) || (void *)(icmp_type + 1) > end ||
	     *icmp_type == 8 /* ICMP_ECHO */))
		return handoff(f, XR_STAT_HANDOFF_LOCAL, NULL);
	return pass_kernel(f);
}

/*
 * Route an IPv4 frame at the cursor that arrived for l3mac (the port's MAC,
 * or its switch's router MAC).  The order of the checks is RFC 1812's:
 * validity, martians, router address, TTL, then the route.
 */
static __always_inline int ip4_input(struct frame *f, struct cursor *c,
				      struct ethhdr *eth, const __u8 *l3mac)
{
	struct xr_nexthop *nh = NULL;
	struct l3_nh n;
	struct iphdr *ip;
	__u32 nh_id;
	int err;

	if (!mac_equal(eth->h_dest, l3mac)) {
		if (mac_is_multicast(eth->h_dest))
			return ip4_l2_group(f, c);
		count(f, XR_STAT_PASS);	/* another station's frame */
		return XDP_PASS;
	}
	err = parse_ipv4(c, &ip);
	if (err)
		return drop(f, err);
	if (src_is_martian(bpf_ntohl(ip->saddr)))
		return drop(f, XR_STAT_DROP_MARTIAN_SRC);
	err = dst_check(bpf_ntohl(ip->daddr));
	if (err)
		return drop(f, err);
	if (ip->ihl > 5) {
		err = ipv4_check_options(f->ctx, ip);
		if (err)
			return drop(f, err);
	}
	nh_id = fib_lookup(bpf_ntohl(ip->daddr));
	if (nh_id >= XR_NH_GROUP_BASE) {
		trace(f, XR_TS_ROUTE, XR_NH_GROUP, XR_AF_INET, nh_id);
		err = l3_ecmp_verdict(f, ip4_ecmp(f, nh_id, ip, c->end, &n), ip->ttl);
	} else {
		if (nh_id)
			nh = bpf_map_lookup_elem(&nexthops, &nh_id);
		trace(f, XR_TS_ROUTE, nh ? nh->type : 0, XR_AF_INET, nh_id);
		if (nh && nh->type == XR_NH_LOCAL)
			return ip4_local(f, ip, c->end);
		if (nh && nh->type == XR_NH_BROADCAST)
			return drop(f, XR_STAT_DROP_BCAST_DST);
		err = l3_route_verdict(f, nh, ip->ttl);
		if (err == XR_CONTINUE)
			l3_nh_read(&n, nh);
	}
	if (err != XR_CONTINUE)
		return err;
	return ip4_output(f, eth, ip, &n);
}

#endif
