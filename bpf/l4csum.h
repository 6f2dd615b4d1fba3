/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Finishing a transport checksum the sender left to its device.
 *
 * A host whose interface has TX checksumming on (every veth and container
 * by default) hands TCP and UDP down CHECKSUM_PARTIAL: the checksum field
 * holds only the folded pseudo-header sum, and the device -- or, on veth,
 * the receiver's "already verified" flag -- is trusted to do the rest.  A
 * frame redirected by XDP becomes a bare xdp_frame and loses that flag, so
 * the next host sees a wrong checksum and drops the segment.  Linux's own
 * forwarding keeps the skb and finishes it on the way out; here the fast
 * path does what the device would have done.
 *
 * The test costs every forwarded TCP/UDP frame one comparison: the field
 * equals the pseudo-header sum.  Only then is the segment summed, in
 * bpf_csum_diff()-sized chunks copied through a per-CPU scratch buffer (so
 * multi-buffer frames work alike).  A complete checksum that happens to
 * equal the pseudo-header sum is rewritten to the value it already had:
 * for a valid segment the two computations agree.
 */
#ifndef XR_BPF_L4CSUM_H
#define XR_BPF_L4CSUM_H

#include <linux/in.h>
#include <linux/ipv6.h>

#include "maps.h"
#include "parse.h"

#define L4_TCP_CHECK_OFF	16
#define L4_UDP_CHECK_OFF	6
#define L4_CSUM_CHUNKS_MAX	(65536 / XR_CSUM_CHUNK)	/* the longest IP payload */
#define L4_IP_MF		0x2000	/* frag_off, host order */
#define L4_IP_OFFSET		0x1fff

/*
 * The sum (RFC 1071, zero-padded to even length) of len bytes of the frame
 * from off, or L4_CSUM_FAIL if the frame is shorter than that.  A global
 * function, so the verifier walks its loop once, not once per caller.
 */
#define L4_CSUM_FAIL	(~0ull)

__noinline __u64 frame_csum(struct xdp_md *ctx, __u32 off, __u32 len)
{
	__u32 key = 0, n, i, s = 0;
	struct xr_csum_scratch *buf;

	if (!ctx)
		return L4_CSUM_FAIL;
	buf = bpf_map_lookup_elem(&csum_scratch, &key);
	if (!buf)
		return L4_CSUM_FAIL;
	for (i = 0; i < L4_CSUM_CHUNKS_MAX && len >= XR_CSUM_CHUNK; i++) {
		if (bpf_xdp_load_bytes(ctx, off, buf->b, XR_CSUM_CHUNK))
			return L4_CSUM_FAIL;
		s = bpf_csum_diff(NULL, 0, (__be32 *)buf->b, XR_CSUM_CHUNK, s);
		off += XR_CSUM_CHUNK;
		len -= XR_CSUM_CHUNK;
	}
	n = len & (XR_CSUM_CHUNK - 1);
	if (n) {
		/* bpf_csum_diff() sums whole words: zero the last one first. */
		*(__u32 *)(buf->b + (n & (XR_CSUM_CHUNK - 4))) = 0;
		if (bpf_xdp_load_bytes(ctx, off, buf->b, n))
			return L4_CSUM_FAIL;
		s = bpf_csum_diff(NULL, 0, (__be32 *)buf->b, (n + 3) & ~3u, s);
	}
	return s;
}

/*
 * The transport header at l4 (inside [.., end)) of len bytes, protocol
 * proto, whose pseudo-header sums to pseudo (folded, as it sits in the
 * packet): if the checksum field holds just that, finish it.
 */
static __always_inline void l4_csum_finish(struct xdp_md *ctx, void *l4, void *end,
					   __u8 proto, __u32 len, __u16 pseudo)
{
	__u32 off = proto == IPPROTO_TCP ? L4_TCP_CHECK_OFF : L4_UDP_CHECK_OFF;
	__u16 *check = l4 + off, csum;
	__u64 sum;

	if ((void *)(check + 1) > end || *check != pseudo || len < off + 2)
		return;
	/* The field, holding the pseudo-header sum, is summed with the rest. */
	sum = frame_csum(ctx, l4 - (void *)(long)ctx->data, len);
	if (sum == L4_CSUM_FAIL)
		return;
	csum = ~csum_fold(sum);
	/* UDP's 0 means "no checksum": send the other zero (RFC 768). */
	if (!csum && proto == IPPROTO_UDP)
		csum = 0xffff;
	*check = csum;
}

/* IPv4, header already validated, not a fragment's. */
static __always_inline void ip4_l4_csum_finish(struct xdp_md *ctx, struct iphdr *ip, void *end)
{
	__u32 hl = ip->ihl * 4, len;
	__u64 pseudo;

	if (ip->protocol != IPPROTO_TCP && ip->protocol != IPPROTO_UDP)
		return;
	/* A partial checksum covers a whole datagram: never a fragment. */
	if (ip->frag_off & bpf_htons(L4_IP_MF | L4_IP_OFFSET))
		return;
	len = bpf_ntohs(ip->tot_len) - hl;
	pseudo = (__u64)ip->saddr + ip->daddr + bpf_htons((__u16)ip->protocol) +
		 bpf_htons((__u16)len);
	l4_csum_finish(ctx, (void *)ip + hl, end, ip->protocol, len, csum_fold(pseudo));
}

/* IPv6 whose next header is TCP or UDP itself (no extension headers). */
static __always_inline void ip6_l4_csum_finish(struct xdp_md *ctx, struct ipv6hdr *ip6,
					       void *end)
{
	__u32 *a = (__u32 *)&ip6->saddr, len = bpf_ntohs(ip6->payload_len);
	/*
	 * The 32-bit length and next header as 16-bit words the way they sit
	 * in the packet, as for IPv4: 0 and the payload length field as is,
	 * 0 and the next header's byte second; in 64 bits, no carry is lost.
	 */
	__u64 pseudo = (__u64)ip6->payload_len + bpf_htons((__u16)ip6->nexthdr);
	int i;

	if (ip6->nexthdr != IPPROTO_TCP && ip6->nexthdr != IPPROTO_UDP)
		return;
	for (i = 0; i < 8; i++)		/* source and destination, adjacent */
		pseudo += a[i];
	l4_csum_finish(ctx, ip6 + 1, end, ip6->nexthdr, len, csum_fold(pseudo));
}

/*
 * A switched frame at the cursor: headers are not validated on the way
 * through a switch, so check just enough to sum what the header claims.
 */
static __always_inline void l2_csum_finish(struct cursor *c, __be16 proto)
{
	__u32 avail = c->end - c->pos, len;

	if (proto == bpf_htons(ETH_P_IP)) {
		struct iphdr *ip = c->pos;

		if ((void *)(ip + 1) > c->end || ip->version != 4 || ip->ihl < 5 ||
		    ip->ihl * 4 > avail)
			return;
		len = bpf_ntohs(ip->tot_len);
		if (len < ip->ihl * 4 + 8 || (len > avail && len > avail + cursor_tail(c)))
			return;
		ip4_l4_csum_finish(c->ctx, ip, c->end);
	} else if (proto == bpf_htons(ETH_P_IPV6)) {
		struct ipv6hdr *ip6 = c->pos;

		if ((void *)(ip6 + 1) > c->end)
			return;
		len = sizeof(*ip6) + bpf_ntohs(ip6->payload_len);
		if (len > avail && len > avail + cursor_tail(c))
			return;
		ip6_l4_csum_finish(c->ctx, ip6, c->end);
	}
}

#endif
