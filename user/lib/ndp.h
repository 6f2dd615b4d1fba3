/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Neighbor Discovery (RFC 4861) messages: the parser for what arrives
 * (Router and Neighbor Solicitations and Advertisements, with RFC 4861's
 * validity checks: hop limit 255, code 0, checksum, option lengths) and
 * the builders for what the router sends, plus the addresses NDP derives
 * from others: solicited-node groups, their MACs, and the modified EUI-64
 * link-local address of an interface (RFC 4291 2.5.1, RFC 4862 5.3).
 *
 * Builders write an IPv6 packet (no Ethernet header); addresses are 16
 * bytes in network order.
 */
#ifndef XR_NDP_H
#define XR_NDP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define NDP_HOPS		255	/* sent and required on receipt: never routed */

enum ndp_type {
	NDP_RS = 133,
	NDP_RA = 134,
	NDP_NS = 135,
	NDP_NA = 136,
	NDP_REDIRECT = 137,
};

/* NA flags, the first body byte (RFC 4861 4.4). */
#define NDP_NA_ROUTER		0x80
#define NDP_NA_SOLICITED	0x40
#define NDP_NA_OVERRIDE		0x20

enum ndp_opt {
	NDP_OPT_SLLA = 1,
	NDP_OPT_TLLA = 2,
	NDP_OPT_PREFIX = 3,
	NDP_OPT_MTU = 5,
};

/* What a received NDP message says. */
struct ndp_msg {
	uint8_t type;
	uint8_t src[16], dst[16];
	uint8_t target[16];	/* NS, NA */
	uint8_t flags;		/* NA: NDP_NA_* */
	bool has_lladdr;
	uint8_t lladdr[6];	/* SLLA of RS, RA, NS; TLLA of NA */
};

/*
 * Parse an IPv6 packet ip[0..len) carrying RS, RA, NS or NA.  0; -EINVAL
 * malformed (lengths, options of length 0, checksum); -EPERM well formed
 * but to be ignored (hop limit not 255, code not 0, a target that is
 * multicast, a solicited NA to a multicast group, an NS from :: to a
 * unicast address or with an SLLA); -ENOMSG another message.
 */
int ndp_parse(const uint8_t *ip, size_t len, struct ndp_msg *m);

/* ff02::1:ffXX:XXXX for ip. */
void ndp_solicited_node(const uint8_t ip[16], uint8_t out[16]);
/* 33:33 and the group's last 4 bytes (RFC 2464 7). */
void ndp_mcast_mac(const uint8_t group[16], uint8_t mac[6]);
/* fe80::/64 with the modified EUI-64 of mac (universal/local bit flipped). */
void ndp_eui64_ll(const uint8_t mac[6], uint8_t out[16]);
/* ff02::1, all nodes. */
extern const uint8_t ndp_all_nodes[16];

/*
 * NS for target from src (with mac as SLLA): to target's solicited-node
 * group, or to target itself when unicast (a refresh probe).
 */
int ndp_build_ns(uint8_t *out, size_t cap, const uint8_t src[16], const uint8_t target[16],
		 const uint8_t mac[6], bool unicast);
/* NA for target (TLLA mac) from src to dst, flags NDP_NA_*. */
int ndp_build_na(uint8_t *out, size_t cap, const uint8_t src[16], const uint8_t dst[16],
		 const uint8_t target[16], const uint8_t mac[6], uint8_t flags);

#define NDP_RA_PREFIX_MAX	16
#define NDP_RA_VALID_S		2592000u	/* Linux's and RFC 4861's defaults */
#define NDP_RA_PREFERRED_S	604800u

struct ndp_ra {
	uint16_t lifetime_s;	/* router lifetime: as a default router */
	uint32_t mtu;		/* 0: no MTU option */
	unsigned n_prefix;
	uint8_t prefix[NDP_RA_PREFIX_MAX][16];	/* /64s, on-link and autonomous */
};

/* RA from src (link-local) to dst with SLLA mac, the MTU and one PIO per prefix. */
int ndp_build_ra(uint8_t *out, size_t cap, const uint8_t src[16], const uint8_t dst[16],
		 const uint8_t mac[6], const struct ndp_ra *ra);

#endif
