/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Addresses and prefixes that carry their family, after BIRD's net_addr:
 * the RIB, routes, interface addresses, the neighbour state machine and
 * the printers are written once against these; IPv4 and IPv6 differ only
 * in what the family adapters (modules/ip4, modules/ip6) supply.
 *
 * The bytes are in network order whatever the family, so an address
 * compares, hashes and copies into a map key as it is; an IPv4 address
 * uses the first 4 bytes and leaves the other 12 zero, so two equal
 * addresses are equal as memory.
 */
#ifndef XR_NET_H
#define XR_NET_H

#include <arpa/inet.h>
#include <stdbool.h>
#include <stdint.h>
#include <sys/socket.h>

#define XR_IP_STRLEN	46	/* INET6_ADDRSTRLEN */
#define XR_PREFIX_STRLEN (XR_IP_STRLEN + 4)

struct xr_ip {
	uint8_t af;		/* AF_INET or AF_INET6; 0 for none */
	uint8_t pad[3];
	union {
		uint8_t b[16];
		uint32_t v4;	/* network order; b[4..15] zero */
	};
};

struct xr_prefix {
	struct xr_ip addr;	/* host bits zero once it is a route's */
	uint8_t len;
};

/* Bits in an address of af: 32, 128, 0 for an unknown family. */
static inline unsigned xr_af_bits(int af)
{
	return af == AF_INET ? 32 : af == AF_INET6 ? 128 : 0;
}

/*
 * IPv4 from a host-order uint32_t (what ip4/ codecs and dp/ FIB4 use), and
 * back: inline, since the RIB crosses between the two forms per route.
 */
static inline struct xr_ip xr_ip4(uint32_t host)
{
	struct xr_ip a = { .af = AF_INET };

	a.v4 = htonl(host);
	return a;
}

static inline uint32_t xr_ip4_host(const struct xr_ip *a)
{
	return ntohl(a->v4);
}

/* IPv6 from its 16 bytes in network order (a header's field). */
static inline struct xr_ip xr_ip6(const uint8_t b[16])
{
	struct xr_ip a = { .af = AF_INET6 };

	for (unsigned i = 0; i < sizeof(a.b); i++)
		a.b[i] = b[i];
	return a;
}

/* The IPv4 prefix host/len, as it is (host bits kept). */
static inline struct xr_prefix xr_prefix4(uint32_t host, uint8_t len)
{
	return (struct xr_prefix){ .addr = xr_ip4(host), .len = len };
}

bool xr_ip_eq(const struct xr_ip *a, const struct xr_ip *b);
bool xr_ip_is_zero(const struct xr_ip *a);
/* Order of family, then bytes: for sorted output. */
int xr_ip_cmp(const struct xr_ip *a, const struct xr_ip *b);
uint32_t xr_ip_hash(const struct xr_ip *a);

/*
 * Text: an address of af (AF_UNSPEC: either family, by its form), dotted
 * quad decimal for IPv4 (no "10.1", no octal), RFC 4291 text for IPv6.
 * 0 or -EINVAL.
 */
int xr_ip_from_str(const char *s, int af, struct xr_ip *out);
/* "ADDR[/LEN]", LEN the family's whole length if absent; host bits kept
 * (an interface address has them).  0, -EINVAL for the address, -ERANGE
 * for the length (checked first: "foo/33" is -ERANGE for AF_INET). */
int xr_prefix_from_str(const char *s, int af, struct xr_prefix *out);
const char *xr_ip_str(const struct xr_ip *a, char buf[XR_IP_STRLEN]);
/* "ADDR/LEN" */
const char *xr_prefix_str(const struct xr_prefix *p, char buf[XR_PREFIX_STRLEN]);

/* Is a within p (same family, first p->len bits equal)? */
bool xr_prefix_contains(const struct xr_prefix *p, const struct xr_ip *a);
/* Does p have bits set past its length? */
bool xr_prefix_has_host_bits(const struct xr_prefix *p);
/* p with the bits past its length cleared. */
struct xr_prefix xr_prefix_masked(const struct xr_prefix *p);

#endif
