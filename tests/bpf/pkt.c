// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Frame builders for the BPF tests: Ethernet, 802.1Q, IPv4 with options,
 * UDP, ICMP echo, ARP, and the expected output of a routed frame computed
 * the slow way (a full checksum recomputation), so the fast path's
 * incremental update is checked against an independent answer.
 */
#include <string.h>
#include <arpa/inet.h>
#include <linux/if_ether.h>
#include <linux/ip.h>

#include "harness.h"

const uint8_t pkt_bcast_mac[6] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };
const uint8_t pkt_host_mac[6] = { 0x02, 0x99, 0, 0, 0, 0x01 };

void pkt_init(struct pkt *p)
{
	p->len = 0;
	p->l3 = 0;
	p->l4 = 0;
}

void pkt_bytes(struct pkt *p, const void *b, size_t n)
{
	if (p->len + n > sizeof(p->b))
		n = sizeof(p->b) - p->len;
	memcpy(p->b + p->len, b, n);
	p->len += n;
}

static void pkt_u16(struct pkt *p, uint16_t v)
{
	uint16_t be = htons(v);

	pkt_bytes(p, &be, 2);
}

static void pkt_u32(struct pkt *p, uint32_t v)
{
	uint32_t be = htonl(v);

	pkt_bytes(p, &be, 4);
}

void pkt_eth(struct pkt *p, const uint8_t dst[6], const uint8_t src[6], uint16_t type)
{
	pkt_bytes(p, dst, 6);
	pkt_bytes(p, src, 6);
	pkt_u16(p, type);
	p->l3 = p->len;
}

void pkt_vlan(struct pkt *p, uint16_t vid, uint16_t type)
{
	/* pkt_eth() wrote 0x8100 as the EtherType; the tag follows. */
	pkt_u16(p, vid & 0x0fff);
	pkt_u16(p, type);
	p->l3 = p->len;
}

void pkt_ip_defaults(struct pkt_ip *ip, uint32_t src, uint32_t dst)
{
	memset(ip, 0, sizeof(*ip));
	ip->src = src;
	ip->dst = dst;
	ip->ttl = 64;
	ip->proto = IPPROTO_UDP;
	ip->id = 0x1234;
	ip->frag = 0x4000;	/* DF */
}

void pkt_ipv4(struct pkt *p, const struct pkt_ip *ip)
{
	size_t optlen = ip->optlen > 40 ? 40 : ip->optlen;

	p->l3 = p->len;
	pkt_bytes(p, (uint8_t[]){ (uint8_t)(0x40 | (5 + optlen / 4)), ip->tos }, 2);
	pkt_u16(p, 0);		/* total length: pkt_ip_finish() */
	pkt_u16(p, ip->id);
	pkt_u16(p, ip->frag);
	pkt_bytes(p, (uint8_t[]){ ip->ttl, ip->proto }, 2);
	pkt_u16(p, 0);		/* checksum: pkt_ip_finish() */
	pkt_u32(p, ip->src);
	pkt_u32(p, ip->dst);
	if (optlen)
		pkt_bytes(p, ip->opts, optlen);
	p->l4 = p->len;
}

void pkt_ip_recsum(struct pkt *p)
{
	struct iphdr *ip = (struct iphdr *)(p->b + p->l3);

	ip->check = 0;
	ip->check = pkt_csum(ip, ip->ihl * 4u);
}

void pkt_ip_finish(struct pkt *p)
{
	struct iphdr *ip = (struct iphdr *)(p->b + p->l3);

	if (ip->version == 6) {
		pkt_ip6_finish(p);
		return;
	}

	ip->tot_len = htons((uint16_t)(p->len - p->l3));
	pkt_ip_recsum(p);
}

void pkt_udp(struct pkt *p, uint16_t sport, uint16_t dport, size_t n)
{
	size_t i;

	pkt_u16(p, sport);
	pkt_u16(p, dport);
	pkt_u16(p, (uint16_t)(8 + n));
	pkt_u16(p, 0);
	for (i = 0; i < n; i++)
		pkt_bytes(p, (uint8_t[]){ (uint8_t)(0xa0 + i) }, 1);
	pkt_ip_finish(p);
}

void pkt_icmp_echo(struct pkt *p, uint16_t id, uint16_t seq, size_t n)
{
	size_t start = p->len, i;
	uint16_t *check;

	pkt_bytes(p, (uint8_t[]){ 8, 0, 0, 0 }, 4);
	pkt_u16(p, id);
	pkt_u16(p, seq);
	for (i = 0; i < n; i++)
		pkt_bytes(p, (uint8_t[]){ (uint8_t)i }, 1);
	if (n & 1)
		pkt_bytes(p, (uint8_t[]){ 0 }, 1);
	check = (uint16_t *)(p->b + start + 2);
	*check = pkt_csum(p->b + start, p->len - start);
	pkt_ip_finish(p);
}

void pkt_arp(struct pkt *p, uint16_t op, const uint8_t sha[6], uint32_t spa,
	     const uint8_t tha[6], uint32_t tpa)
{
	p->l3 = p->len;
	pkt_u16(p, 1);		/* Ethernet */
	pkt_u16(p, ETH_P_IP);
	pkt_bytes(p, (uint8_t[]){ 6, 4 }, 2);
	pkt_u16(p, op);
	pkt_bytes(p, sha, 6);
	pkt_u32(p, spa);
	pkt_bytes(p, tha, 6);
	pkt_u32(p, tpa);
}

void pkt_udp4(struct pkt *p, const uint8_t dst_mac[6], uint32_t src, uint32_t dst, uint8_t ttl)
{
	struct pkt_ip ip;

	pkt_ip_defaults(&ip, src, dst);
	ip.ttl = ttl;
	pkt_init(p);
	pkt_eth(p, dst_mac, pkt_host_mac, ETH_P_IP);
	pkt_ipv4(p, &ip);
	pkt_udp(p, 40000, 9, 18);
}

void pkt_forwarded(struct pkt *out, const struct pkt *in, const uint8_t dst[6],
		   const uint8_t src[6])
{
	struct iphdr *ip;

	*out = *in;
	ip = (struct iphdr *)(out->b + out->l3);
	ip->ttl--;
	pkt_ip_recsum(out);
	memcpy(out->b, dst, 6);
	memcpy(out->b + 6, src, 6);
}
