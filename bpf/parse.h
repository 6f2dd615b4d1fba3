/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Header parsing with a cursor: each parse_*() checks the header lies
 * inside the frame, advances the cursor and says what comes next.
 */
#ifndef XR_BPF_PARSE_H
#define XR_BPF_PARSE_H

#include <linux/bpf.h>
#include <linux/if_ether.h>
#include <linux/ip.h>
#include <linux/ipv6.h>
#include <bpf/bpf_endian.h>
#include <bpf/bpf_helpers.h>

#include "csum.h"
#include "port.h"
#include "stats.h"

#define IP_OPT_MAX_BYTES	40	/* IHL 15: 60-byte header, 40 of options */

/*
 * Headers are read from the first buffer, [pos, end).  A multi-buffer
 * frame ("xdp.frags") goes on in other buffers: cursor_tail() says how
 * far, asked only when a length reaches past the first buffer, so the
 * common single-buffer frame costs no helper call.
 */
struct cursor {
	void *pos;
	void *end;
	struct xdp_md *ctx;
};

static __always_inline void cursor_init(struct cursor *c, struct xdp_md *ctx)
{
	c->pos = (void *)(long)ctx->data;
	c->end = (void *)(long)ctx->data_end;
	c->ctx = ctx;
}

/* Bytes of the frame beyond the first buffer (a helper call: ask rarely). */
static __always_inline __u32 xdp_tail_len(struct xdp_md *ctx)
{
	__u64 first = (void *)(long)ctx->data_end - (void *)(long)ctx->data;

	/* Keep it a scalar: clang would fold it into len + data - data_end,
	 * arithmetic on pkt_end the verifier refuses. */
	asm volatile("" : "+r"(first));
	return bpf_xdp_get_buff_len(ctx) - first;
}

static __always_inline __u32 cursor_tail(const struct cursor *c)
{
	return xdp_tail_len(c->ctx);
}

/* An 802.1Q (or 802.1ad) tag: what follows the MACs when the EtherType says so. */
struct vlan_tag {
	__be16 tci;		/* PCP 3 bits, DEI 1, VID 12 */
	__be16 proto;		/* the EtherType inside */
};

#define VLAN_VID_MASK	0x0fff

static __always_inline int eth_type_is_vlan(__be16 proto)
{
	return proto == bpf_htons(ETH_P_8021Q) || proto == bpf_htons(ETH_P_8021AD);
}

/*
 * Returns the EtherType in network order; *eth is NULL if the frame is
 * too short for an Ethernet header (0 is a field value like any other: an
 * 802.3 frame of length 0).  Up to XR_VLAN_TAGS_MAX 802.1Q/802.1ad tags
 * are stepped over; *vlan is how many (XR_VLAN_TAGS_MAX also when there
 * are more: QinQ goes to the kernel whatever its depth).
 */
static __always_inline __be16 parse_eth(struct cursor *c, struct ethhdr **eth, int *vlan)
{
	struct ethhdr *h = c->pos;
	__be16 proto;
	int i;

	*eth = NULL;
	*vlan = 0;
	if ((void *)(h + 1) > c->end)
		return 0;
	c->pos = h + 1;
	proto = h->h_proto;
	for (i = 0; i < XR_VLAN_TAGS_MAX && eth_type_is_vlan(proto); i++) {
		struct vlan_tag *tag = c->pos;

		if ((void *)(tag + 1) > c->end)
			return 0;
		proto = tag->proto;
		c->pos = tag + 1;
		*vlan = i + 1;
	}
	*eth = h;
	return proto;
}

/*
 * The VID of a frame parse_eth() found one 802.1Q tag in (0: a priority
 * tag, or none xrouter handles: 802.1ad, QinQ).
 */
static __always_inline __u16 eth_vid(const struct ethhdr *eth, int vlan)
{
	const struct vlan_tag *tag = (const void *)(eth + 1);

	if (vlan != 1 || eth->h_proto != bpf_htons(ETH_P_8021Q))
		return 0;
	return bpf_ntohs(tag->tci) & VLAN_VID_MASK;
}

static __always_inline int mac_is_multicast(const __u8 *mac)
{
	return mac[0] & 1;	/* includes broadcast */
}

static __always_inline int mac_equal(const __u8 *a, const __u8 *b)
{
	return *(const __u32 *)a == *(const __u32 *)b &&
	       *(const __u16 *)(a + 4) == *(const __u16 *)(b + 4);
}

/* One's complement sum of the 20 fixed bytes and up to 40 of options. */
static __always_inline __u16 ipv4_csum_ok(struct iphdr *ip, void *end, __u32 ihl)
{
	__u32 *w = (__u32 *)ip;
	__u64 sum = (__u64)w[0] + w[1] + w[2] + w[3] + w[4];
	__u32 i;

	for (i = 0; i < IP_OPT_MAX_BYTES / 4; i++) {
		__u32 *opt = w + 5 + i;

		if (i + 5 >= ihl || (void *)(opt + 1) > end)
			break;
		sum += *opt;
	}
	return csum_fold(sum) == 0xffff;
}

/*
 * Validate an IPv4 header (RFC 1812 5.2.2) at the cursor.  Returns 0 and
 * advances past the header, or the XR_STAT_DROP_* reason it is invalid.
 */
static __always_inline int parse_ipv4(struct cursor *c, struct iphdr **iph)
{
	struct iphdr *ip = c->pos;
	__u32 ihl, tot, avail;

	if ((void *)(ip + 1) > c->end)
		return XR_STAT_DROP_IP_TRUNC;
	if (ip->version != 4)
		return XR_STAT_DROP_IP_VERSION;
	ihl = ip->ihl;
	avail = c->end - c->pos;
	if (ihl < 5 || ihl * 4 > avail)
		return XR_STAT_DROP_IP_IHL;
	tot = bpf_ntohs(ip->tot_len);
	if (tot < ihl * 4 || (tot > avail && tot > avail + cursor_tail(c)))
		return XR_STAT_DROP_IP_LEN;
	if (!ipv4_csum_ok(ip, c->end, ihl))
		return XR_STAT_DROP_IP_CSUM;
	*iph = ip;
	c->pos = (void *)ip + ihl * 4;
	return 0;
}

/*
 * Validate an IPv6 header (RFC 8200) at the cursor: version 6, the fixed
 * header in the first buffer, the payload within the frame.  Extension
 * headers are not walked: a router forwards them unchanged.  Returns 0
 * and advances past the fixed header, or the XR_STAT_DROP_* reason.
 */
static __always_inline int parse_ipv6(struct cursor *c, struct ipv6hdr **iph)
{
	struct ipv6hdr *ip6 = c->pos;
	__u32 avail, len;

	if ((void *)(ip6 + 1) > c->end)
		return XR_STAT_DROP_IP_TRUNC;
	if (ip6->version != 6)
		return XR_STAT_DROP_IP_VERSION;
	avail = c->end - c->pos;
	len = sizeof(*ip6) + bpf_ntohs(ip6->payload_len);
	if (len > avail && len > avail + cursor_tail(c))
		return XR_STAT_DROP_IP_LEN;
	*iph = ip6;
	c->pos = ip6 + 1;
	return 0;
}

/*
 * Walk the options: source routes are dropped (RFC 7126), everything else
 * is forwarded unchanged.  Options are rare, so they are copied to the
 * stack and walked in a bpf_loop() callback, which the verifier checks
 * once instead of once per possible option layout.
 */
struct opt_walk {
	__u8 buf[IP_OPT_MAX_BYTES];
	__u32 off;
	__u32 len;
	int verdict;		/* 0 or the drop reason */
};

static long opt_step(__u64 i, void *arg)
{
	struct opt_walk *w = arg;
	__u32 off = w->off;
	__u8 type, len;

	if (off >= w->len || off >= IP_OPT_MAX_BYTES)
		return 1;
	type = w->buf[off];
	if (type == IPOPT_END)
		return 1;
	if (type == IPOPT_NOOP) {
		w->off = off + 1;
		return 0;
	}
	if (off + 1 >= w->len || off + 1 >= IP_OPT_MAX_BYTES) {
		w->verdict = XR_STAT_DROP_IP_OPTS;
		return 1;
	}
	len = w->buf[off + 1];
	if (len < 2 || off + len > w->len) {
		w->verdict = XR_STAT_DROP_IP_OPTS;
		return 1;
	}
	if (type == IPOPT_LSRR || type == IPOPT_SSRR) {
		w->verdict = XR_STAT_DROP_SRCROUTE;
		return 1;
	}
	w->off = off + len;
	return 0;
}

/* ip has been validated by parse_ipv4(); returns 0 or the drop reason. */
static __always_inline int ipv4_check_options(struct xdp_md *ctx, struct iphdr *ip)
{
	struct opt_walk w = {};
	__u32 start = (void *)(ip + 1) - (void *)(long)ctx->data;

	w.len = (ip->ihl * 4 - sizeof(*ip)) & 0x3f;
	if (w.len == 0 || w.len > IP_OPT_MAX_BYTES)
		return 0;
	if (bpf_xdp_load_bytes(ctx, start, w.buf, w.len))
		return XR_STAT_DROP_IP_TRUNC;
	bpf_loop(IP_OPT_MAX_BYTES, opt_step, &w, 0);
	return w.verdict;
}

#endif
