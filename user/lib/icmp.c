// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * ICMP errors, echo replies and TCP resets the router originates, with the
 * RFC 1812 rules on when never to send one and token-bucket rate limits.
 *
 * A bucket is one timestamp (GCRA's theoretical arrival time), so no
 * timer refills anything.
 * Per-source buckets sit in a 4-way set-associative table that replaces
 * the least recently used way: bounded however many sources there are.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "icmp.h"

#define ICMP_WAYS	4
#define ICMP_TOS_MASK	0x1e	/* RFC 1349 TOS bits, no precedence */
#define ICMP_PREC_CTL	0xc0	/* precedence 6, internetwork control */
#define ICMP_TTL	64

struct icmp_src {
	__be32 addr;
	uint8_t used;
	uint64_t t_ns;		/* bucket's theoretical arrival time */
	uint64_t seen_ns;	/* LRU */
};

struct icmp {
	struct icmp_limits lim;
	uint64_t src_cost, global_cost;	/* ns per token */
	uint64_t global_t;		/* global bucket's arrival time */
	struct icmp *global;		/* whose global bucket: its own, or shared */
	unsigned nsets;
	struct icmp_src *srcs;		/* nsets * ICMP_WAYS */
	uint16_t next_id;
	uint64_t limited;		/* refused by a bucket: icmp_limited() */
};

/* ---- IP header for what we originate ---- */

static void ip_fill(pkt_iphdr *ih, uint8_t tos, size_t tot, uint16_t id, uint8_t proto,
		    __be32 src, __be32 dst)
{
	ih->version = 4;
	ih->ihl = 5;
	ih->tos = tos;
	ih->tot_len = htons((uint16_t)tot);
	ih->id = htons(id);
	ih->frag_off = 0;	/* DF clear: small replies, any path may fragment */
	ih->ttl = ICMP_TTL;
	ih->protocol = proto;
	ih->saddr = src;
	ih->daddr = dst;
	pkt_ip_set_csum(ih);
}

/* Valid header and the IP length (tot_len, not the padded frame length). */
static int ip_parse(const uint8_t *ip, size_t len, size_t *tot)
{
	int hlen = pkt_ip_check(ip, len);

	if (hlen < 0)
		return hlen;
	*tot = ntohs(((const pkt_iphdr *)ip)->tot_len);
	return hlen;
}

/* ---- policy ---- */

/* Queries and replies may be answered with errors; everything else is an error. */
static bool icmp_type_is_info(uint8_t type)
{
	switch (type) {
	case ICMP_ECHOREPLY:
	case ICMP_ECHO:
	case ICMP_TIMESTAMP:
	case ICMP_TIMESTAMPREPLY:
	case ICMP_INFO_REQUEST:
	case ICMP_INFO_REPLY:
	case ICMP_ADDRESS:
	case ICMP_ADDRESSREPLY:
		return true;
	default:
		return false;
	}
}

int icmp_may_error(const uint8_t *ip, size_t len, unsigned flags)
{
	const pkt_iphdr *ih = (const void *)ip;
	size_t tot;
	int hlen = ip_parse(ip, len, &tot);

	if (hlen < 0)
		return hlen;
	if (flags & (ICMP_F_L2_MCAST | ICMP_F_IP_BCAST))
		return -EPERM;
	if (pkt_ip_is_mcast(ih->daddr) || pkt_ip_is_bcast(ih->daddr))
		return -EPERM;
	if (ntohs(ih->frag_off) & PKT_IP_OFFMASK)
		return -EPERM;
	if (pkt_ip_src_martian(ih->saddr))
		return -EPERM;
	if (ih->protocol == IPPROTO_ICMP) {
		/* A first fragment too short to show its type: treat as an error. */
		if (tot < (size_t)hlen + 1 || !icmp_type_is_info(ip[hlen]))
			return -EPERM;
	}
	return 0;
}

/* ---- builders ---- */

int icmp_build_error(uint8_t *out, size_t cap, const uint8_t *ip, size_t len,
		     uint8_t type, uint8_t code, uint32_t info, __be32 src, uint16_t id)
{
	const pkt_iphdr *oh = (const void *)ip;
	pkt_iphdr *ih = (void *)out;
	pkt_icmphdr *ic = (void *)(out + sizeof(*ih));
	size_t tot, quote, need;
	int hlen = ip_parse(ip, len, &tot);

	if (hlen < 0)
		return hlen;
	quote = tot;
	if (quote > ICMP_ERR_MAX - sizeof(*ih) - sizeof(*ic))
		quote = ICMP_ERR_MAX - sizeof(*ih) - sizeof(*ic);
	need = sizeof(*ih) + sizeof(*ic) + quote;
	if (cap < need)
		return -ENOSPC;
	memset(ic, 0, sizeof(*ic));
	ic->type = type;
	ic->code = code;
	ic->un.gateway = htonl(info);	/* the second word: MTU, pointer, ... */
	memcpy(ic + 1, ip, quote);
	ic->checksum = pkt_csum(ic, sizeof(*ic) + quote);
	/* As Linux: the offender's TOS bits with internetwork-control precedence. */
	ip_fill(ih, (oh->tos & ICMP_TOS_MASK) | ICMP_PREC_CTL, need, id, IPPROTO_ICMP,
		src, oh->saddr);
	return (int)need;
}

int icmp_build_echo_reply(uint8_t *out, size_t cap, const uint8_t *ip, size_t len,
			  __be32 src, uint16_t id)
{
	const pkt_iphdr *oh = (const void *)ip;
	pkt_iphdr *ih = (void *)out;
	pkt_icmphdr *ic = (void *)(out + sizeof(*ih));
	size_t tot, icmp_len;
	int hlen = ip_parse(ip, len, &tot);

	if (hlen < 0)
		return hlen;
	icmp_len = tot - (size_t)hlen;
	if (oh->protocol != IPPROTO_ICMP || icmp_len < sizeof(*ic) || ip[hlen] != ICMP_ECHO)
		return -EINVAL;
	if (cap < sizeof(*ih) + icmp_len)
		return -ENOSPC;
	memcpy(ic, ip + hlen, icmp_len);	/* same id, sequence and data */
	ic->type = ICMP_ECHOREPLY;
	ic->code = 0;
	ic->checksum = 0;
	ic->checksum = pkt_csum(ic, icmp_len);
	ip_fill(ih, oh->tos, sizeof(*ih) + icmp_len, id, IPPROTO_ICMP,
		src ? src : oh->daddr, oh->saddr);
	return (int)(sizeof(*ih) + icmp_len);
}

/* RFC 793 "Reset Generation", state CLOSED (IPv6's builder shares it). */
void icmp_tcp_rst_fill(pkt_tcphdr *th, const pkt_tcphdr *seg, size_t seg_data)
{
	memset(th, 0, sizeof(*th));
	th->source = seg->dest;
	th->dest = seg->source;
	th->doff = sizeof(*th) / 4;
	th->rst = 1;
	if (seg->ack) {
		th->seq = seg->ack_seq;
		return;
	}
	th->ack = 1;
	th->ack_seq = htonl(ntohl(seg->seq) + (uint32_t)seg_data + seg->syn + seg->fin);
}

int icmp_build_tcp_rst(uint8_t *out, size_t cap, const uint8_t *ip, size_t len,
		       uint16_t id)
{
	const pkt_iphdr *oh = (const void *)ip;
	const pkt_tcphdr *seg;
	pkt_iphdr *ih = (void *)out;
	pkt_tcphdr *th = (void *)(out + sizeof(*ih));
	size_t tot, thlen;
	int hlen = ip_parse(ip, len, &tot);

	if (hlen < 0)
		return hlen;
	seg = (const void *)(ip + hlen);
	if (oh->protocol != IPPROTO_TCP || tot < (size_t)hlen + sizeof(*seg))
		return -EINVAL;
	thlen = (size_t)seg->doff * 4;
	if (thlen < sizeof(*seg) || tot < (size_t)hlen + thlen)
		return -EINVAL;
	if (seg->rst)
		return -EPERM;	/* never a reset for a reset */
	if (cap < ICMP_RST_LEN)
		return -ENOSPC;
	icmp_tcp_rst_fill(th, seg, tot - (size_t)hlen - thlen);
	th->check = pkt_csum_l4(oh->daddr, oh->saddr, IPPROTO_TCP, th, sizeof(*th));
	ip_fill(ih, 0, ICMP_RST_LEN, id, IPPROTO_TCP, oh->daddr, oh->saddr);
	return ICMP_RST_LEN;
}

/* ---- rate limiting ---- */

/*
 * GCRA: tat is the theoretical arrival time of the next packet.  A packet
 * fits if it would not push tat more than burst * cost past now.
 */
static bool bucket_fits(uint64_t tat, uint64_t now, uint64_t cost, unsigned burst)
{
	if (tat < now)
		tat = now;
	return tat + cost <= now + (uint64_t)burst * cost;
}

static void bucket_take(uint64_t *tat, uint64_t now, uint64_t cost)
{
	*tat = (*tat < now ? now : *tat) + cost;
}

static struct icmp_src *src_get(struct icmp *ic, __be32 addr, uint64_t now)
{
	uint32_t h = ntohl(addr) * 0x9e3779b1u;
	struct icmp_src *set = &ic->srcs[(h >> 7) % ic->nsets * ICMP_WAYS];
	struct icmp_src *victim = &set[0];
	unsigned i;

	for (i = 0; i < ICMP_WAYS; i++) {
		if (set[i].used && set[i].addr == addr)
			return &set[i];
		if (!set[i].used || (victim->used && set[i].seen_ns < victim->seen_ns))
			victim = &set[i];
	}
	/* A new (or evicted-and-back) source starts with a full bucket. */
	victim->used = 1;
	victim->addr = addr;
	victim->t_ns = 0;
	victim->seen_ns = now;
	return victim;
}

int icmp_rate_allow(struct icmp *ic, __be32 dst, uint64_t now)
{
	struct icmp_src *s = src_get(ic, dst, now);
	struct icmp *g = ic->global;

	s->seen_ns = now;
	/* Both must have a token; only then take one from each. */
	if (!bucket_fits(s->t_ns, now, ic->src_cost, ic->lim.src_burst) ||
	    !bucket_fits(g->global_t, now, g->global_cost, g->lim.global_burst)) {
		ic->limited++;
		return 0;
	}
	bucket_take(&s->t_ns, now, ic->src_cost);
	bucket_take(&g->global_t, now, g->global_cost);
	return 1;
}

void icmp_share_global(struct icmp *ic, struct icmp *with)
{
	ic->global = with->global;
}

uint64_t icmp_limited(const struct icmp *ic)
{
	return ic->limited;
}

/* ---- the object ---- */

struct icmp *icmp_create(const struct icmp_limits *lim)
{
	struct icmp *ic = calloc(1, sizeof(*ic));

	if (!ic) {
		errno = ENOMEM;
		return NULL;
	}
	if (lim)
		ic->lim = *lim;
	if (!ic->lim.src_pps)
		ic->lim.src_pps = ICMP_SRC_PPS;
	if (!ic->lim.src_burst)
		ic->lim.src_burst = ICMP_SRC_BURST;
	if (!ic->lim.src_max)
		ic->lim.src_max = ICMP_SRC_MAX;
	if (!ic->lim.global_pps)
		ic->lim.global_pps = ICMP_GLOBAL_PPS;
	if (!ic->lim.global_burst)
		ic->lim.global_burst = ICMP_GLOBAL_BURST;
	ic->src_cost = 1000000000ull / ic->lim.src_pps;
	ic->global_cost = 1000000000ull / ic->lim.global_pps;
	ic->global = ic;
	ic->nsets = (ic->lim.src_max + ICMP_WAYS - 1) / ICMP_WAYS;
	ic->srcs = calloc((size_t)ic->nsets * ICMP_WAYS, sizeof(*ic->srcs));
	if (!ic->srcs) {
		free(ic);
		errno = ENOMEM;
		return NULL;
	}
	ic->next_id = (uint16_t)(uintptr_t)ic;	/* any start will do; not a secret */
	return ic;
}

void icmp_destroy(struct icmp *ic)
{
	if (!ic)
		return;
	free(ic->srcs);
	free(ic);
}

uint16_t icmp_next_id(struct icmp *ic)
{
	return ic->next_id++;
}

int icmp_error(struct icmp *ic, uint8_t *out, size_t cap, const uint8_t *ip, size_t len,
	       uint8_t type, uint8_t code, uint32_t info, __be32 src, unsigned flags,
	       uint64_t now)
{
	int err = icmp_may_error(ip, len, flags);

	if (err)
		return err;
	if (!icmp_rate_allow(ic, ((const pkt_iphdr *)ip)->saddr, now))
		return -EBUSY;
	return icmp_build_error(out, cap, ip, len, type, code, info, src, icmp_next_id(ic));
}

int icmp_echo_reply(struct icmp *ic, uint8_t *out, size_t cap, const uint8_t *ip,
		    size_t len, __be32 src)
{
	const pkt_iphdr *ih = (const void *)ip;
	int hlen = pkt_ip_check(ip, len);

	if (hlen < 0)
		return hlen;
	/* Fragments are not reassembled here; martians get nothing. */
	if (ntohs(ih->frag_off) & (PKT_IP_MF | PKT_IP_OFFMASK))
		return -EPERM;
	if (pkt_ip_src_martian(ih->saddr))
		return -EPERM;
	return icmp_build_echo_reply(out, cap, ip, len, src, icmp_next_id(ic));
}

int icmp_tcp_rst(struct icmp *ic, uint8_t *out, size_t cap, const uint8_t *ip, size_t len,
		 unsigned flags, uint64_t now)
{
	uint8_t tmp[ICMP_RST_LEN];
	int n, err = icmp_may_error(ip, len, flags);

	if (err)
		return err;
	/* Build first: a segment owed nothing must not spend a token. */
	n = icmp_build_tcp_rst(tmp, sizeof(tmp), ip, len, 0);
	if (n < 0)
		return n;
	if (cap < (size_t)n)
		return -ENOSPC;
	if (!icmp_rate_allow(ic, ((const pkt_iphdr *)ip)->saddr, now))
		return -EBUSY;
	return icmp_build_tcp_rst(out, cap, ip, len, icmp_next_id(ic));
}
