// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * ARP frames (see arp.h): a pure codec, no state.  What ARP teaches the
 * neighbour table is the IPv4 resolver's business (modules/ip4/arp_resolver.c).
 */
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>

#include "arp.h"

static const uint8_t mac_bcast[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

int arp_parse(const uint8_t *frame, size_t len, struct arp_msg *m)
{
	const struct ethhdr *eh = (const void *)frame;
	const struct pkt_arp *ap = (const void *)(frame + ETH_HLEN);

	if (len < PKT_ARP_FRAME_LEN || eh->h_proto != htons(ETH_P_ARP))
		return -EINVAL;
	if (ap->hdr.ar_hrd != htons(ARPHRD_ETHER) || ap->hdr.ar_pro != htons(ETH_P_IP) ||
	    ap->hdr.ar_hln != ETH_ALEN || ap->hdr.ar_pln != 4)
		return -EINVAL;
	m->op = ntohs(ap->hdr.ar_op);
	if (m->op != ARPOP_REQUEST && m->op != ARPOP_REPLY)
		return -EINVAL;
	memcpy(m->eth_dst, eh->h_dest, ETH_ALEN);
	memcpy(m->eth_src, eh->h_source, ETH_ALEN);
	memcpy(m->sha, ap->sha, ETH_ALEN);
	memcpy(m->tha, ap->tha, ETH_ALEN);
	m->spa = ap->spa;
	m->tpa = ap->tpa;
	/* A group or zero sender would poison the table: ignore it. */
	if (pkt_mac_is_mcast(m->sha) || pkt_mac_is_zero(m->sha) ||
	    pkt_mac_is_mcast(m->eth_src))
		return -EPERM;
	return 0;
}

static size_t arp_build(uint8_t *buf, const uint8_t *eth_dst, uint16_t op,
			const uint8_t *sha, __be32 spa, const uint8_t *tha, __be32 tpa)
{
	struct ethhdr *eh = (void *)buf;
	struct pkt_arp *ap = (void *)(buf + ETH_HLEN);

	memcpy(eh->h_dest, eth_dst, ETH_ALEN);
	memcpy(eh->h_source, sha, ETH_ALEN);
	eh->h_proto = htons(ETH_P_ARP);
	ap->hdr.ar_hrd = htons(ARPHRD_ETHER);
	ap->hdr.ar_pro = htons(ETH_P_IP);
	ap->hdr.ar_hln = ETH_ALEN;
	ap->hdr.ar_pln = 4;
	ap->hdr.ar_op = htons(op);
	memcpy(ap->sha, sha, ETH_ALEN);
	ap->spa = spa;
	if (tha)
		memcpy(ap->tha, tha, ETH_ALEN);
	else
		memset(ap->tha, 0, ETH_ALEN);
	ap->tpa = tpa;
	return PKT_ARP_FRAME_LEN;
}

size_t arp_build_request(uint8_t *buf, const uint8_t mac[ETH_ALEN], __be32 sip,
			 __be32 tip, const uint8_t *dst)
{
	/* A unicast refresh names the MAC it expects, as Linux does. */
	return arp_build(buf, dst ? dst : mac_bcast, ARPOP_REQUEST, mac, sip, dst, tip);
}

size_t arp_build_reply(uint8_t *buf, const uint8_t mac[ETH_ALEN], const struct arp_msg *req)
{
	return arp_build(buf, req->sha, ARPOP_REPLY, mac, req->tpa, req->sha, req->spa);
}

size_t arp_build_garp(uint8_t *buf, const uint8_t mac[ETH_ALEN], __be32 ip)
{
	return arp_build(buf, mac_bcast, ARPOP_REQUEST, mac, ip, NULL, ip);
}
