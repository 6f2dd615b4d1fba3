// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Neighbor Discovery messages (ndp.h): RFC 4861's validity checks on what
 * arrives, and the solicitations, advertisements and router
 * advertisements the router sends.  Pure functions over byte buffers.
 */
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>

#include "icmp6.h"
#include "ndp.h"

#define NDP_NH_ICMP6	58
#define NDP_HDR_LEN	(sizeof(struct pkt_icmp6))		/* type..first body word */
#define NDP_ND_LEN	(NDP_HDR_LEN + 16)			/* NS, NA: + target */
#define NDP_RA_LEN	(NDP_HDR_LEN + 8)			/* + reachable, retrans */
#define NDP_LLA_LEN	8					/* option: type, len, MAC */
#define NDP_PIO_LEN	32
#define NDP_MTU_LEN	8

const uint8_t ndp_all_nodes[16] = { 0xff, 0x02, [15] = 1 };

void ndp_solicited_node(const uint8_t ip[16], uint8_t out[16])
{
	static const uint8_t head[13] = { 0xff, 0x02, [11] = 0x01, [12] = 0xff };

	memcpy(out, head, sizeof(head));
	memcpy(out + 13, ip + 13, 3);
}

void ndp_mcast_mac(const uint8_t group[16], uint8_t mac[6])
{
	mac[0] = 0x33;
	mac[1] = 0x33;
	memcpy(mac + 2, group + 12, 4);
}

void ndp_eui64_ll(const uint8_t mac[6], uint8_t out[16])
{
	memset(out, 0, 16);
	out[0] = 0xfe;
	out[1] = 0x80;
	out[8] = mac[0] ^ 0x02;
	out[9] = mac[1];
	out[10] = mac[2];
	out[11] = 0xff;
	out[12] = 0xfe;
	memcpy(out + 13, mac + 3, 3);
}

/* ---- parsing ---- */

/* The message body's minimum length for its type; 0 for no NDP message. */
static size_t ndp_min_len(uint8_t type)
{
	switch (type) {
	case NDP_RS: return NDP_HDR_LEN;
	case NDP_RA: return NDP_RA_LEN;
	case NDP_NS:
	case NDP_NA: return NDP_ND_LEN;
	default: return 0;
	}
}

/* The options at opt[0..len): every one of length > 0 and inside; the LLA kept. */
static int ndp_parse_opts(const uint8_t *opt, size_t len, struct ndp_msg *m)
{
	uint8_t want = m->type == NDP_NA ? NDP_OPT_TLLA : NDP_OPT_SLLA;

	while (len > 0) {
		size_t olen;

		if (len < 2 || !opt[1])
			return -EINVAL;
		olen = (size_t)opt[1] * 8;
		if (olen > len)
			return -EINVAL;
		if (opt[0] == want && olen == NDP_LLA_LEN) {
			memcpy(m->lladdr, opt + 2, 6);
			m->has_lladdr = true;
		}
		opt += olen;
		len -= olen;
	}
	return 0;
}

/* RFC 4861 7.1.1 / 7.1.2: what a valid message may not be. */
static int ndp_check_rules(const struct ndp_msg *m)
{
	if (m->type == NDP_NS || m->type == NDP_NA) {
		if (ip6_is_mcast(m->target))
			return -EPERM;
	}
	if (m->type == NDP_NS && ip6_is_unspec(m->src) &&
	    (m->has_lladdr || !ip6_is_mcast(m->dst)))
		return -EPERM;
	if (m->type == NDP_NA && (m->flags & NDP_NA_SOLICITED) && ip6_is_mcast(m->dst))
		return -EPERM;
	if ((m->type == NDP_RS && ip6_is_unspec(m->src) && m->has_lladdr) ||
	    (m->type == NDP_RA && !ip6_is_linklocal(m->src)))
		return -EPERM;
	return 0;
}

int ndp_parse(const uint8_t *ip, size_t len, struct ndp_msg *m)
{
	const struct pkt_ip6 *h = (const void *)ip;
	const uint8_t *body = ip + sizeof(*h);
	int tot = ip6_check(ip, len);
	size_t plen, min;

	if (tot < 0)
		return tot;
	plen = (size_t)tot - sizeof(*h);
	if (h->nexthdr != NDP_NH_ICMP6 || plen < NDP_HDR_LEN)
		return -ENOMSG;
	min = ndp_min_len(body[0]);
	if (!min)
		return -ENOMSG;
	if (plen < min || ip6_csum(h->src, h->dst, NDP_NH_ICMP6, body, plen))
		return -EINVAL;
	if (h->hops != NDP_HOPS || body[1] != 0)
		return -EPERM;
	memset(m, 0, sizeof(*m));
	m->type = body[0];
	memcpy(m->src, h->src, 16);
	memcpy(m->dst, h->dst, 16);
	if (min == NDP_ND_LEN) {
		memcpy(m->target, body + NDP_HDR_LEN, 16);
		m->flags = body[4];
	}
	if (ndp_parse_opts(body + min, plen - min, m))
		return -EINVAL;
	return ndp_check_rules(m);
}

/* ---- building ---- */

static uint8_t *ndp_opt_lla(uint8_t *p, uint8_t type, const uint8_t mac[6])
{
	p[0] = type;
	p[1] = NDP_LLA_LEN / 8;
	memcpy(p + 2, mac, 6);
	return p + NDP_LLA_LEN;
}

/* Header, checksum and length of a message whose body is out[40..40+plen). */
static int ndp_finish(uint8_t *out, size_t plen, const uint8_t src[16], const uint8_t dst[16])
{
	struct pkt_ip6 *h = (void *)out;
	struct pkt_icmp6 *ic = (void *)(out + sizeof(*h));

	ip6_fill(h, plen, NDP_NH_ICMP6, NDP_HOPS, src, dst);
	ic->csum = 0;
	ic->csum = ip6_csum(h->src, h->dst, NDP_NH_ICMP6, ic, plen);
	return (int)(sizeof(*h) + plen);
}

/* NS or NA: the header, the target, and one link-layer address option. */
static int ndp_build_nd(uint8_t *out, size_t cap, uint8_t type, uint8_t flags,
			const uint8_t src[16], const uint8_t dst[16], const uint8_t target[16],
			const uint8_t mac[6])
{
	uint8_t *body = out + sizeof(struct pkt_ip6);
	size_t plen = NDP_ND_LEN + NDP_LLA_LEN;

	if (cap < sizeof(struct pkt_ip6) + plen)
		return -ENOSPC;
	memset(body, 0, NDP_ND_LEN);
	body[0] = type;
	body[4] = flags;
	memcpy(body + NDP_HDR_LEN, target, 16);
	ndp_opt_lla(body + NDP_ND_LEN, type == NDP_NA ? NDP_OPT_TLLA : NDP_OPT_SLLA, mac);
	return ndp_finish(out, plen, src, dst);
}

int ndp_build_ns(uint8_t *out, size_t cap, const uint8_t src[16], const uint8_t target[16],
		 const uint8_t mac[6], bool unicast)
{
	uint8_t dst[16];

	if (unicast)
		memcpy(dst, target, 16);
	else
		ndp_solicited_node(target, dst);
	return ndp_build_nd(out, cap, NDP_NS, 0, src, dst, target, mac);
}

int ndp_build_na(uint8_t *out, size_t cap, const uint8_t src[16], const uint8_t dst[16],
		 const uint8_t target[16], const uint8_t mac[6], uint8_t flags)
{
	return ndp_build_nd(out, cap, NDP_NA, flags, src, dst, target, mac);
}

static uint8_t *ndp_opt_mtu(uint8_t *p, uint32_t mtu)
{
	uint32_t be = htonl(mtu);

	memset(p, 0, NDP_MTU_LEN);
	p[0] = NDP_OPT_MTU;
	p[1] = NDP_MTU_LEN / 8;
	memcpy(p + 4, &be, 4);
	return p + NDP_MTU_LEN;
}

/* A /64 on-link (L) and for autoconfiguration (A), RFC 4861 4.6.2. */
static uint8_t *ndp_opt_prefix(uint8_t *p, const uint8_t prefix[16])
{
	uint32_t valid = htonl(NDP_RA_VALID_S), pref = htonl(NDP_RA_PREFERRED_S);

	memset(p, 0, NDP_PIO_LEN);
	p[0] = NDP_OPT_PREFIX;
	p[1] = NDP_PIO_LEN / 8;
	p[2] = 64;
	p[3] = 0xc0;		/* L, A */
	memcpy(p + 4, &valid, 4);
	memcpy(p + 8, &pref, 4);
	memcpy(p + 16, prefix, 8);
	return p + NDP_PIO_LEN;
}

int ndp_build_ra(uint8_t *out, size_t cap, const uint8_t src[16], const uint8_t dst[16],
		 const uint8_t mac[6], const struct ndp_ra *ra)
{
	uint8_t *body = out + sizeof(struct pkt_ip6), *p;
	unsigned n = ra->n_prefix < NDP_RA_PREFIX_MAX ? ra->n_prefix : NDP_RA_PREFIX_MAX;
	size_t plen = NDP_RA_LEN + NDP_LLA_LEN + (ra->mtu ? NDP_MTU_LEN : 0) + n * NDP_PIO_LEN;
	uint16_t life = htons(ra->lifetime_s);

	if (cap < sizeof(struct pkt_ip6) + plen)
		return -ENOSPC;
	memset(body, 0, NDP_RA_LEN);
	body[0] = NDP_RA;
	body[4] = 64;		/* current hop limit hosts should use */
	memcpy(body + 6, &life, 2);
	p = ndp_opt_lla(body + NDP_RA_LEN, NDP_OPT_SLLA, mac);
	if (ra->mtu)
		p = ndp_opt_mtu(p, ra->mtu);
	for (unsigned i = 0; i < n; i++)
		p = ndp_opt_prefix(p, ra->prefix[i]);
	return ndp_finish(out, plen, src, dst);
}
