// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * IPv6 header checks and the ICMPv6 messages the router originates
 * (icmp6.h): errors, echo replies, TCP resets, and RFC 4443 2.4's rules
 * on when never to send an error.  Pure functions over byte buffers but
 * for the rate limiter, which is ICMP's.
 */
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>

#include "icmp6.h"

#define IP6_HLEN		sizeof(struct pkt_ip6)
#define IP6_EXT_MAX		8	/* extension headers walked before giving up */

enum ip6_nexthdr {
	IP6_NH_HOP = 0,
	IP6_NH_ROUTING = 43,
	IP6_NH_FRAGMENT = 44,
	IP6_NH_ICMP6 = 58,
	IP6_NH_DSTOPTS = 60,
};

bool ip6_is_mcast(const uint8_t a[16])
{
	return a[0] == 0xff;
}

bool ip6_is_unspec(const uint8_t a[16])
{
	static const uint8_t zero[16];

	return !memcmp(a, zero, sizeof(zero));
}

bool ip6_is_linklocal(const uint8_t a[16])
{
	return a[0] == 0xfe && (a[1] & 0xc0) == 0x80;
}

int ip6_check(const uint8_t *ip, size_t len)
{
	const struct pkt_ip6 *h = (const void *)ip;
	size_t tot;

	if (len < IP6_HLEN || (h->vtc_flow[0] >> 4) != 6)
		return -EINVAL;
	tot = IP6_HLEN + ntohs(h->plen);
	return tot > len ? -EINVAL : (int)tot;
}

/* The next header after an extension header at ip[off]; its length in *hlen. */
static int ip6_ext_next(const uint8_t *ip, size_t tot, uint8_t nh, size_t off, size_t *hlen,
			bool *later_frag)
{
	if (off + 8 > tot)
		return -EINVAL;
	if (nh == IP6_NH_FRAGMENT) {
		/* Offset in 8-byte units in the top 13 bits of bytes 2..3. */
		*later_frag = ((ip[off + 2] << 8 | ip[off + 3]) & 0xfff8) != 0;
		*hlen = 8;
	} else {
		*hlen = ((size_t)ip[off + 1] + 1) * 8;
	}
	return ip[off];
}

static bool ip6_is_ext(uint8_t nh)
{
	return nh == IP6_NH_HOP || nh == IP6_NH_ROUTING || nh == IP6_NH_FRAGMENT ||
	       nh == IP6_NH_DSTOPTS;
}

int ip6_upper(const uint8_t *ip, size_t tot, uint8_t *proto, size_t *off, bool *later_frag)
{
	uint8_t nh = ((const struct pkt_ip6 *)ip)->nexthdr;
	size_t at = IP6_HLEN, hlen;

	*later_frag = false;
	for (unsigned i = 0; ip6_is_ext(nh) && !*later_frag; i++) {
		int next = ip6_ext_next(ip, tot, nh, at, &hlen, later_frag);

		if (next < 0 || i == IP6_EXT_MAX)
			return -EINVAL;
		nh = (uint8_t)next;
		at += hlen;
	}
	if (at > tot)
		return -EINVAL;
	*proto = nh;
	*off = at;
	return 0;
}

uint16_t ip6_csum(const uint8_t src[16], const uint8_t dst[16], uint8_t proto,
		  const void *seg, size_t len)
{
	uint8_t tail[8] = { 0 };
	uint32_t sum, l = htonl((uint32_t)len);

	memcpy(tail, &l, 4);
	tail[7] = proto;
	sum = pkt_csum_add(0, src, 16);
	sum = pkt_csum_add(sum, dst, 16);
	sum = pkt_csum_add(sum, tail, sizeof(tail));
	return pkt_csum_fold(pkt_csum_add(sum, seg, len));
}

void ip6_fill(struct pkt_ip6 *h, size_t plen, uint8_t proto, uint8_t hops,
	      const uint8_t src[16], const uint8_t dst[16])
{
	memset(h->vtc_flow, 0, sizeof(h->vtc_flow));
	h->vtc_flow[0] = 6 << 4;
	h->plen = htons((uint16_t)plen);
	h->nexthdr = proto;
	h->hops = hops;
	memmove(h->src, src, 16);
	memmove(h->dst, dst, 16);
}

uint32_t ip6_rate_key(const uint8_t a[16])
{
	uint32_t w[4];

	/* A /64's hosts share a bucket's set but keep their own key. */
	memcpy(w, a, sizeof(w));
	return w[0] ^ w[1] ^ (w[2] * 0x9e3779b1u) ^ w[3];
}

/* ---- policy ---- */

/* Errors (types below 128) and redirects are never answered with an error. */
static bool icmp6_type_is_error(uint8_t type)
{
	return type < 128 || type == 137;
}

int icmp6_may_error(const uint8_t *ip, size_t len, uint8_t type, unsigned flags)
{
	const struct pkt_ip6 *h = (const void *)ip;
	int tot = ip6_check(ip, len);
	bool later;
	uint8_t proto;
	size_t off;

	if (tot < 0)
		return tot;
	if (ip6_is_unspec(h->src) || ip6_is_mcast(h->src))
		return -EPERM;
	if (type != ICMP6_PKT_TOO_BIG &&
	    ((flags & (ICMP_F_L2_MCAST | ICMP_F_IP_BCAST)) || ip6_is_mcast(h->dst)))
		return -EPERM;
	if (ip6_upper(ip, (size_t)tot, &proto, &off, &later))
		return 0;	/* an odd chain is still owed its error, quoted as it is */
	if (later)
		return -EPERM;
	/* A segment too short to show its type: treat it as an error. */
	if (proto == IP6_NH_ICMP6 && (off >= (size_t)tot || icmp6_type_is_error(ip[off])))
		return -EPERM;
	return 0;
}

/* ---- builders ---- */

int icmp6_build_error(uint8_t *out, size_t cap, const uint8_t *ip, size_t len,
		      uint8_t type, uint8_t code, uint32_t info, const uint8_t src[16])
{
	const struct pkt_ip6 *oh = (const void *)ip;
	struct pkt_ip6 *h = (void *)out;
	struct pkt_icmp6 *ic = (void *)(out + IP6_HLEN);
	uint32_t word = htonl(info);
	size_t quote, plen;
	int tot = ip6_check(ip, len);

	if (tot < 0)
		return tot;
	quote = (size_t)tot;
	if (quote > ICMP6_ERR_MAX - IP6_HLEN - sizeof(*ic))
		quote = ICMP6_ERR_MAX - IP6_HLEN - sizeof(*ic);
	plen = sizeof(*ic) + quote;
	if (cap < IP6_HLEN + plen)
		return -ENOSPC;
	memmove(out + IP6_HLEN + sizeof(*ic), ip, quote);
	ip6_fill(h, plen, IP6_NH_ICMP6, ICMP6_HOPS, src, oh->src);
	ic->type = type;
	ic->code = code;
	ic->csum = 0;
	memcpy(ic->body, &word, sizeof(word));
	ic->csum = ip6_csum(h->src, h->dst, IP6_NH_ICMP6, ic, plen);
	return (int)(IP6_HLEN + plen);
}

int icmp6_build_echo_reply(uint8_t *out, size_t cap, const uint8_t *ip, size_t len,
			   const uint8_t src[16])
{
	const struct pkt_ip6 *oh = (const void *)ip;
	struct pkt_ip6 *h = (void *)out;
	struct pkt_icmp6 *ic;
	int tot = ip6_check(ip, len);
	uint8_t s[16], d[16];
	size_t plen;

	if (tot < 0)
		return tot;
	plen = (size_t)tot - IP6_HLEN;
	if (oh->nexthdr != IP6_NH_ICMP6 || plen < sizeof(*ic) || ip[IP6_HLEN] != ICMP6_ECHO_REQUEST)
		return -EINVAL;
	if (cap < (size_t)tot)
		return -ENOSPC;
	memcpy(s, src ? src : oh->dst, 16);
	memcpy(d, oh->src, 16);
	memmove(out + IP6_HLEN, ip + IP6_HLEN, plen);	/* same id, sequence and data */
	ip6_fill(h, plen, IP6_NH_ICMP6, ICMP6_HOPS, s, d);
	ic = (void *)(out + IP6_HLEN);
	ic->type = ICMP6_ECHO_REPLY;
	ic->code = 0;
	ic->csum = 0;
	ic->csum = ip6_csum(h->src, h->dst, IP6_NH_ICMP6, ic, plen);
	return tot;
}

int icmp6_build_tcp_rst(uint8_t *out, size_t cap, const uint8_t *ip, size_t len)
{
	const struct pkt_ip6 *oh = (const void *)ip;
	struct pkt_ip6 *h = (void *)out;
	pkt_tcphdr *th = (void *)(out + IP6_HLEN);
	const pkt_tcphdr *seg;
	int tot = ip6_check(ip, len);
	size_t off, thlen;
	uint8_t proto, s[16], d[16];
	bool later;

	if (tot < 0 || ip6_upper(ip, (size_t)tot, &proto, &off, &later))
		return -EINVAL;
	seg = (const void *)(ip + off);
	if (proto != IPPROTO_TCP || later || (size_t)tot < off + sizeof(*seg))
		return -EINVAL;
	thlen = (size_t)seg->doff * 4;
	if (thlen < sizeof(*seg) || (size_t)tot < off + thlen)
		return -EINVAL;
	if (seg->rst)
		return -EPERM;	/* never a reset for a reset */
	if (cap < ICMP6_RST_LEN)
		return -ENOSPC;
	memcpy(s, oh->dst, 16);
	memcpy(d, oh->src, 16);
	icmp_tcp_rst_fill(th, seg, (size_t)tot - off - thlen);
	ip6_fill(h, sizeof(*th), IPPROTO_TCP, ICMP6_HOPS, s, d);
	th->check = ip6_csum(s, d, IPPROTO_TCP, th, sizeof(*th));
	return (int)ICMP6_RST_LEN;
}

/* ---- policy + rate limiting ---- */

int icmp6_error(struct icmp *ic, uint8_t *out, size_t cap, const uint8_t *ip, size_t len,
		uint8_t type, uint8_t code, uint32_t info, const uint8_t src[16],
		unsigned flags, uint64_t now)
{
	int err = icmp6_may_error(ip, len, type, flags);

	if (err)
		return err;
	if (!icmp_rate_allow(ic, ip6_rate_key(((const struct pkt_ip6 *)ip)->src), now))
		return -EBUSY;
	return icmp6_build_error(out, cap, ip, len, type, code, info, src);
}

int icmp6_echo_reply(uint8_t *out, size_t cap, const uint8_t *ip, size_t len,
		     const uint8_t src[16])
{
	const struct pkt_ip6 *h = (const void *)ip;
	int tot = ip6_check(ip, len);

	if (tot < 0)
		return tot;
	/* No reassembly here; an unspecified or multicast source gets nothing. */
	if (ip6_is_unspec(h->src) || ip6_is_mcast(h->src) || h->nexthdr == IP6_NH_FRAGMENT)
		return -EPERM;
	return icmp6_build_echo_reply(out, cap, ip, len, src);
}

int icmp6_tcp_rst(struct icmp *ic, uint8_t *out, size_t cap, const uint8_t *ip, size_t len,
		  unsigned flags, uint64_t now)
{
	uint8_t tmp[ICMP6_RST_LEN];
	int n, err = icmp6_may_error(ip, len, ICMP6_DEST_UNREACH, flags);

	if (err)
		return err;
	/* Build first: a segment owed nothing must not spend a token. */
	n = icmp6_build_tcp_rst(tmp, sizeof(tmp), ip, len);
	if (n < 0)
		return n;
	if (cap < (size_t)n)
		return -ENOSPC;
	if (!icmp_rate_allow(ic, ip6_rate_key(((const struct pkt_ip6 *)ip)->src), now))
		return -EBUSY;
	memcpy(out, tmp, (size_t)n);
	return n;
}
