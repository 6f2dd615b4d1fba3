// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Transport checksums for the BPF tests, computed the slow way: TCP
 * segments, IPv6 headers, and a segment's checksum field set either whole
 * or as a sender with TX checksum offload leaves it (CHECKSUM_PARTIAL:
 * only the pseudo-header sum), to check the fast path finishes the latter.
 */
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/in.h>

#include "harness.h"

void pkt_tcp(struct pkt *p, uint16_t sport, uint16_t dport, size_t n)
{
	uint16_t ports[2] = { htons(sport), htons(dport) };
	size_t i;

	pkt_bytes(p, ports, sizeof(ports));
	pkt_bytes(p, (uint8_t[]){ 0, 0, 0x10, 0x01, 0, 0, 0, 0 }, 8);	/* seq, ack */
	pkt_bytes(p, (uint8_t[]){ 0x50, 0x18, 0xfa, 0xf0, 0, 0, 0, 0 }, 8);	/* PSH|ACK */
	for (i = 0; i < n; i++)
		pkt_bytes(p, (uint8_t[]){ (uint8_t)(0x31 * i + 7) }, 1);
	pkt_ip_finish(p);
}

void pkt_ipv6(struct pkt *p, const uint8_t src[16], const uint8_t dst[16], uint8_t next,
	      uint8_t hlim)
{
	p->l3 = p->len;
	pkt_bytes(p, (uint8_t[]){ 0x60, 0, 0, 0, 0, 0, next, hlim }, 8);
	pkt_bytes(p, src, 16);
	pkt_bytes(p, dst, 16);
	p->l4 = p->len;
}

void pkt_ip6_finish(struct pkt *p)
{
	uint16_t plen = htons((uint16_t)(p->len - p->l4));

	memcpy(p->b + p->l3 + 4, &plen, 2);
}

static bool pkt_is_ipv6(const struct pkt *p)
{
	return (p->b[p->l3] >> 4) == 6;
}

/* The pseudo-header (RFC 793 / RFC 8200 8.1) into ph; returns its length. */
static size_t pkt_pseudo(const struct pkt *p, uint8_t ph[40], size_t seg_len)
{
	const uint8_t *ip = p->b + p->l3;

	memset(ph, 0, 40);
	if (pkt_is_ipv6(p)) {
		memcpy(ph, ip + 8, 32);
		ph[34] = (uint8_t)(seg_len >> 8), ph[35] = (uint8_t)seg_len;
		ph[39] = ip[6];
		return 40;
	}
	memcpy(ph, ip + 12, 8);
	ph[9] = ip[9];
	ph[10] = (uint8_t)(seg_len >> 8), ph[11] = (uint8_t)seg_len;
	return 12;
}

/* Checksum as stored of the pseudo-header then seg_len bytes of segment. */
static uint16_t pkt_l4_sum(const struct pkt *p, size_t seg_len)
{
	uint8_t *buf = calloc(1, 40 + seg_len + 1);	/* + 1: odd lengths pad with 0 */
	size_t ph = pkt_pseudo(p, buf, seg_len);
	uint16_t sum;

	memcpy(buf + ph, p->b + p->l4, seg_len);
	sum = pkt_csum(buf, (ph + seg_len + 1) & ~(size_t)1);
	free(buf);
	return sum;
}

uint16_t *pkt_l4_check(struct pkt *p)
{
	uint8_t proto = pkt_is_ipv6(p) ? p->b[p->l3 + 6] : p->b[p->l3 + 9];

	return (uint16_t *)(p->b + p->l4 + (proto == IPPROTO_TCP ? 16 : 6));
}

/* The segment's length as its IP header says (not the frame's). */
static size_t pkt_seg_len(const struct pkt *p)
{
	const uint8_t *ip = p->b + p->l3;

	if (pkt_is_ipv6(p))
		return (size_t)(ip[4] << 8 | ip[5]);
	return (size_t)(ip[2] << 8 | ip[3]) - (p->l4 - p->l3);
}

void pkt_l4_csum(struct pkt *p, bool partial)
{
	size_t len = pkt_seg_len(p);
	uint8_t ph[40];
	uint16_t *check = pkt_l4_check(p), sum;

	*check = 0;
	if (partial) {
		/* What the stack stores for the device: ~csum_tcpudp_magic(). */
		*check = (uint16_t)~pkt_csum(ph, pkt_pseudo(p, ph, len));
		return;
	}
	sum = pkt_l4_sum(p, len);
	*check = sum ? sum : 0xffff;	/* UDP's other zero; TCP never sums to 0 here */
}
