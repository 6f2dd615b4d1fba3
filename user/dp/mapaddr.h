/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Addresses between the daemon's type (lib/net.h struct xr_ip) and what
 * the maps hold (include/ipaddr.h struct xr_ipaddr): the same bytes, so
 * nothing in dp/ converts byte order or family by hand.
 */
#ifndef XR_MAPADDR_H
#define XR_MAPADDR_H

#include <stddef.h>
#include <string.h>

#include "ipaddr.h"
#include "net.h"

_Static_assert(XR_AF_INET == AF_INET && XR_AF_INET6 == AF_INET6, "families as the socket API's");
_Static_assert(sizeof(struct xr_ip) == sizeof(struct xr_ipaddr) &&
	       offsetof(struct xr_ip, b) == offsetof(struct xr_ipaddr, b),
	       "xr_ip is laid out as xr_ipaddr");

/* NULL or no family: the zero address (an on-link next hop). */
static inline struct xr_ipaddr mapaddr_from_ip(const struct xr_ip *a)
{
	struct xr_ipaddr m = { 0 };

	if (a && a->af) {
		m.af = a->af;
		memcpy(m.b, a->b, sizeof(m.b));
	}
	return m;
}

static inline struct xr_ip mapaddr_to_ip(const struct xr_ipaddr *m)
{
	struct xr_ip a = { .af = m->af };

	memcpy(a.b, m->b, sizeof(a.b));
	return a;
}

static inline bool mapaddr_eq(const struct xr_ipaddr *m, const struct xr_ip *a)
{
	struct xr_ipaddr b = mapaddr_from_ip(a);

	return !memcmp(m, &b, sizeof(b));
}

#endif
