// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Addresses and prefixes of either family (net.h): parse, print, compare,
 * match.  Everything works on the 16 bytes in network order, so nothing
 * here is written twice for the two families.
 */
#include <arpa/inet.h>
#include <ctype.h>
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "net.h"

bool xr_ip_eq(const struct xr_ip *a, const struct xr_ip *b)
{
	return a->af == b->af && !memcmp(a->b, b->b, sizeof(a->b));
}

bool xr_ip_is_zero(const struct xr_ip *a)
{
	static const uint8_t zero[16];

	return !memcmp(a->b, zero, sizeof(zero));
}

int xr_ip_cmp(const struct xr_ip *a, const struct xr_ip *b)
{
	if (a->af != b->af)
		return a->af < b->af ? -1 : 1;
	return memcmp(a->b, b->b, sizeof(a->b));
}

/* FNV-1a over family and bytes: cheap, and spreads /24s and /64s alike. */
uint32_t xr_ip_hash(const struct xr_ip *a)
{
	uint32_t h = 2166136261u ^ a->af;

	for (unsigned i = 0; i < sizeof(a->b); i++)
		h = (h ^ a->b[i]) * 16777619u;
	return h;
}

int xr_ip_from_str(const char *s, int af, struct xr_ip *out)
{
	struct xr_ip a = {};

	if (af != AF_INET6 && inet_pton(AF_INET, s, a.b) == 1)
		a.af = AF_INET;
	else if (af != AF_INET && strchr(s, ':') && inet_pton(AF_INET6, s, a.b) == 1)
		a.af = AF_INET6;
	else
		return -EINVAL;
	*out = a;
	return 0;
}

/* A prefix length: decimal digits only, at most max.  0 or -ERANGE. */
static int xr_len_from_str(const char *s, long max, long *out)
{
	char *end;

	if (!isdigit((unsigned char)*s))
		return -ERANGE;
	errno = 0;
	*out = strtol(s, &end, 10);
	return *end || errno || *out > max ? -ERANGE : 0;
}

/*
 * The length is read before the address, against the widest length af
 * allows, so "foo/33" is a bad length where IPv4 is asked for, as the CLI
 * has always said; then against the address's own family.
 */
int xr_prefix_from_str(const char *s, int af, struct xr_prefix *out)
{
	char buf[XR_IP_STRLEN];
	const char *slash = strchr(s, '/');
	size_t alen = slash ? (size_t)(slash - s) : strlen(s);
	struct xr_prefix p = {};
	long l = -1;

	if (slash && xr_len_from_str(slash + 1, af == AF_INET ? 32 : 128, &l))
		return -ERANGE;
	if (alen >= sizeof(buf))
		return -EINVAL;
	memcpy(buf, s, alen);
	buf[alen] = '\0';
	if (xr_ip_from_str(buf, af, &p.addr))
		return -EINVAL;
	if (l > (long)xr_af_bits(p.addr.af))
		return -ERANGE;
	p.len = l < 0 ? xr_af_bits(p.addr.af) : (unsigned)l;
	*out = p;
	return 0;
}

/* Dotted quad by hand: glibc's inet_ntop() formats IPv4 through sprintf(),
 * a tenth of a million-route snapshot's time. */
static void xr_ip4_str(const uint8_t b[4], char *p)
{
	for (int i = 0; i < 4; i++) {
		if (b[i] >= 100)
			*p++ = (char)('0' + b[i] / 100);
		if (b[i] >= 10)
			*p++ = (char)('0' + b[i] / 10 % 10);
		*p++ = (char)('0' + b[i] % 10);
		*p++ = i < 3 ? '.' : '\0';
	}
}

/* The longest run of two or more zero words (the first of equals), as
 * RFC 5952 compresses it: *base -1 if none. */
static void xr_ip6_zeros(const uint16_t w[8], int *base, int *len)
{
	int cur = -1;

	*base = -1;
	*len = 0;
	for (int i = 0; i <= 8; i++) {
		if (i < 8 && !w[i]) {
			if (cur < 0)
				cur = i;
		} else if (cur >= 0) {
			if (i - cur > *len && i - cur >= 2) {
				*base = cur;
				*len = i - cur;
			}
			cur = -1;
		}
	}
}

/* IPv6 as glibc's inet_ntop() writes it (which formats each word through
 * sprintf), IPv4-compatible and -mapped addresses in their dotted form. */
static void xr_ip6_str(const uint8_t b[16], char *p)
{
	static const char hex[] = "0123456789abcdef";
	uint16_t w[8];
	int base, len;

	for (int i = 0; i < 8; i++)
		w[i] = (uint16_t)(b[2 * i] << 8 | b[2 * i + 1]);
	xr_ip6_zeros(w, &base, &len);
	for (int i = 0; i < 8; i++) {
		if (base >= 0 && i >= base && i < base + len) {
			if (i == base)
				*p++ = ':';
			continue;
		}
		if (i)
			*p++ = ':';
		if (i == 6 && base == 0 && (len == 6 || (len == 5 && w[5] == 0xffff))) {
			xr_ip4_str(b + 12, p);
			return;
		}
		for (int sh = 12; sh >= 0; sh -= 4)
			if (w[i] >> sh || !sh)
				*p++ = hex[w[i] >> sh & 0xf];
	}
	if (base >= 0 && base + len == 8)
		*p++ = ':';
	*p = '\0';
}

const char *xr_ip_str(const struct xr_ip *a, char buf[XR_IP_STRLEN])
{
	if (a->af == AF_INET) {
		xr_ip4_str(a->b, buf);
		return buf;
	}
	if (a->af == AF_INET6) {
		xr_ip6_str(a->b, buf);
		return buf;
	}
	if (!inet_ntop(a->af, a->b, buf, XR_IP_STRLEN))
		snprintf(buf, XR_IP_STRLEN, "?");
	return buf;
}

/* Without snprintf: snapshots and `route show` print one per route. */
const char *xr_prefix_str(const struct xr_prefix *p, char buf[XR_PREFIX_STRLEN])
{
	char *s = buf + strlen(xr_ip_str(&p->addr, buf));
	unsigned len = p->len;	/* at most 255 */

	*s++ = '/';
	if (len >= 100)
		*s++ = (char)('0' + len / 100);
	if (len >= 10)
		*s++ = (char)('0' + len / 10 % 10);
	*s++ = (char)('0' + len % 10);
	*s = '\0';
	return buf;
}

/* The mask byte for byte i of a prefix of length len. */
static uint8_t xr_mask_byte(unsigned len, unsigned i)
{
	if (len >= 8 * (i + 1))
		return 0xff;
	if (len <= 8 * i)
		return 0;
	return (uint8_t)(0xff00 >> (len - 8 * i));
}

bool xr_prefix_contains(const struct xr_prefix *p, const struct xr_ip *a)
{
	if (p->addr.af != a->af)
		return false;
	for (unsigned i = 0; i < sizeof(a->b); i++)
		if ((p->addr.b[i] ^ a->b[i]) & xr_mask_byte(p->len, i))
			return false;
	return true;
}

bool xr_prefix_has_host_bits(const struct xr_prefix *p)
{
	for (unsigned i = 0; i < sizeof(p->addr.b); i++)
		if (p->addr.b[i] & ~xr_mask_byte(p->len, i))
			return true;
	return false;
}

struct xr_prefix xr_prefix_masked(const struct xr_prefix *p)
{
	struct xr_prefix m = *p;

	for (unsigned i = 0; i < sizeof(m.addr.b); i++)
		m.addr.b[i] &= xr_mask_byte(p->len, i);
	return m;
}
