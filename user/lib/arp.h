/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * ARP (RFC 826) frames: parse and build Ethernet/IPv4 ARP messages.  A pure
 * codec; the IPv4 resolver (modules/ip4/arp_resolver.h) decides what a
 * message means to the neighbour table.  Addresses are network order (__be32).
 */
#ifndef XR_ARP_H
#define XR_ARP_H

#include "pkt.h"

/* A parsed ARP message; addresses network order, op host order. */
struct arp_msg {
	uint8_t eth_dst[ETH_ALEN];
	uint8_t eth_src[ETH_ALEN];
	uint16_t op;			/* ARPOP_REQUEST or ARPOP_REPLY */
	uint8_t sha[ETH_ALEN];
	__be32 spa;
	uint8_t tha[ETH_ALEN];
	__be32 tpa;
};

/*
 * Parse an Ethernet frame holding ARP.  -EINVAL for anything but an
 * Ethernet/IPv4 request or reply, or a truncated frame; -EPERM when the
 * sender MAC (or Ethernet source) is broadcast, multicast or zero: such
 * frames are ignored.
 */
int arp_parse(const uint8_t *frame, size_t len, struct arp_msg *m);

/*
 * Builders write PKT_ARP_FRAME_LEN (42) bytes into buf (>= 42 bytes) and
 * return that length.  The kernel or NIC pads to 60 on the wire.
 */
/* Request for tip from (mac, sip); to dst, or broadcast when dst is NULL. */
size_t arp_build_request(uint8_t *buf, const uint8_t mac[ETH_ALEN], __be32 sip,
			 __be32 tip, const uint8_t *dst);
/* Reply to req (which asked for one of our addresses) from mac. */
size_t arp_build_reply(uint8_t *buf, const uint8_t mac[ETH_ALEN],
		       const struct arp_msg *req);
/* Gratuitous ARP: a broadcast request with sender IP == target IP == ip. */
size_t arp_build_garp(uint8_t *buf, const uint8_t mac[ETH_ALEN], __be32 ip);

#endif
