/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * IPv6 packets the daemon reads and writes: header checks, the walk over
 * extension headers, the ICMPv6 checksum, and the ICMPv6 (RFC 4443)
 * errors, echo replies and TCP resets the router originates, with RFC
 * 4443 2.4's rules on when never to send an error.  Rate limiting is
 * ICMP's (icmp.h), the same buckets keyed by the source.
 *
 * Builders take an IPv6 packet (no Ethernet header) and write one: hop
 * limit 64, checksums computed.  The caller picks the source address and
 * routes the result.  Addresses are 16 bytes in network order.
 */
#ifndef XR_ICMP6_H
#define XR_ICMP6_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "icmp.h"

/* The fixed IPv6 header as it sits in a frame (RFC 8200 3). */
struct pkt_ip6 {
	uint8_t vtc_flow[4];	/* version 4 bits, traffic class 8, flow label 20 */
	uint16_t plen;		/* network order: bytes after this header */
	uint8_t nexthdr;
	uint8_t hops;
	uint8_t src[16];
	uint8_t dst[16];
} __attribute__((packed));
_Static_assert(sizeof(struct pkt_ip6) == 40, "the IPv6 header is 40 bytes");

/* The ICMPv6 header: type, code, checksum and the first 4 body bytes. */
struct pkt_icmp6 {
	uint8_t type;
	uint8_t code;
	uint16_t csum;
	uint8_t body[4];	/* id+seq, MTU, pointer, NA flags, ... */
} __attribute__((packed));

#define ICMP6_ERR_MAX		1280	/* whole error packet: IPv6's minimum MTU (RFC 4443 2.4 c) */
#define ICMP6_HOPS		64
#define ICMP6_RST_LEN		(sizeof(struct pkt_ip6) + 20)

enum icmp6_type {
	ICMP6_DEST_UNREACH = 1,
	ICMP6_PKT_TOO_BIG = 2,
	ICMP6_TIME_EXCEED = 3,
	ICMP6_PARAM_PROB = 4,
	ICMP6_ECHO_REQUEST = 128,
	ICMP6_ECHO_REPLY = 129,
};

enum icmp6_unreach_code {
	ICMP6_NOROUTE = 0,
	ICMP6_BEYOND_SCOPE = 2,
	ICMP6_ADDR_UNREACH = 3,
	ICMP6_PORT_UNREACH = 4,
};

/* Address classes (RFC 4291 2.4). */
bool ip6_is_mcast(const uint8_t a[16]);		/* ff00::/8 */
bool ip6_is_unspec(const uint8_t a[16]);	/* :: */
bool ip6_is_linklocal(const uint8_t a[16]);	/* fe80::/10 */

/*
 * Validate an IPv6 header at ip[0..len): version 6, header inside len,
 * payload length within len.  Returns the packet's length (header and
 * payload, without Ethernet padding), or -EINVAL.
 */
int ip6_check(const uint8_t *ip, size_t len);

/*
 * The upper-layer header past the extension headers (Hop-by-Hop,
 * Routing, Fragment, Destination Options; at most a few): its protocol
 * and offset in ip.  *later_frag is set for a fragment other than the
 * first, whose upper-layer header is elsewhere.  -EINVAL if the chain
 * leaves the packet.
 */
int ip6_upper(const uint8_t *ip, size_t tot, uint8_t *proto, size_t *off, bool *later_frag);

/* Checksum of an upper-layer segment over the IPv6 pseudo header (RFC 8200 8.1). */
uint16_t ip6_csum(const uint8_t src[16], const uint8_t dst[16], uint8_t proto,
		  const void *seg, size_t len);
/* Fill an IPv6 header for a packet of plen payload bytes. */
void ip6_fill(struct pkt_ip6 *h, size_t plen, uint8_t proto, uint8_t hops,
	      const uint8_t src[16], const uint8_t dst[16]);
/* The rate limiter's key for an IPv6 source (icmp_rate_allow()). */
uint32_t ip6_rate_key(const uint8_t a[16]);

/* ---- builders: the length written, or -errno ---- */

/*
 * ICMPv6 error about ip[0..len): type/code, info the second word (the
 * MTU for Packet Too Big, the pointer for Parameter Problem).  Quotes as
 * much of the packet as keeps the error within ICMP6_ERR_MAX.  No policy
 * checks (icmp6_may_error()).  -ENOSPC if cap is short.
 */
int icmp6_build_error(uint8_t *out, size_t cap, const uint8_t *ip, size_t len,
		      uint8_t type, uint8_t code, uint32_t info, const uint8_t src[16]);
/* Echo reply to an echo request; src NULL: the request's destination. */
int icmp6_build_echo_reply(uint8_t *out, size_t cap, const uint8_t *ip, size_t len,
			   const uint8_t src[16]);
/* RST for the TCP segment in ip (RFC 793 reset generation); -EPERM for a RST. */
int icmp6_build_tcp_rst(uint8_t *out, size_t cap, const uint8_t *ip, size_t len);

/*
 * May an error of type be sent about ip[0..len)?  0, or -EPERM when RFC
 * 4443 2.4 (e) says never: about an ICMPv6 error or a redirect, to a
 * multicast destination or one that arrived as a link-layer multicast
 * (ICMP_F_L2_MCAST) unless the error is Packet Too Big, from an
 * unspecified or multicast source, about a later fragment; -EINVAL for
 * a bad header.
 */
int icmp6_may_error(const uint8_t *ip, size_t len, uint8_t type, unsigned flags);

/* ---- policy + ICMP's rate limiter (struct icmp) ---- */

/* An error: icmp6_may_error(), then the limits (-EBUSY), then build. */
int icmp6_error(struct icmp *ic, uint8_t *out, size_t cap, const uint8_t *ip, size_t len,
		uint8_t type, uint8_t code, uint32_t info, const uint8_t src[16],
		unsigned flags, uint64_t now);
/* Echo reply; -EPERM for an unspecified or multicast source or a fragment. */
int icmp6_echo_reply(uint8_t *out, size_t cap, const uint8_t *ip, size_t len,
		     const uint8_t src[16]);
/* RST for TCP to a router address, rate-limited like errors. */
int icmp6_tcp_rst(struct icmp *ic, uint8_t *out, size_t cap, const uint8_t *ip, size_t len,
		  unsigned flags, uint64_t now);

#endif
