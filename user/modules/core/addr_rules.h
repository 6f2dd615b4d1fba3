/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Address rules: what an interface address means, apart from the daemon
 * (so tests/unit/addr_rules_test.c links it alone).  The routes it brings,
 * its subnet's broadcast, and which addresses may be an interface's.  The
 * family's own rules (IPv4's broadcast and address classes) are the only
 * lines that look at the family.
 */
#ifndef XR_ADDR_RULES_H
#define XR_ADDR_RULES_H

#include <stdbool.h>
#include <stdint.h>

#include "net.h"
#include "rib.h"

#define ADDR_ROUTES_MAX	3

/*
 * The routes address a (host bits are the address) on ifid brings, as in
 * Linux's local and main tables: the address itself as a host route (type
 * LOCAL, proto LOCAL: handed to the daemon); then, unless shared (another
 * address on ifid covers the same subnet and brought them already), the
 * connected subnet when it is more than the address (proto KERNEL), and
 * the subnet broadcast when it has one (type BROADCAST, proto LOCAL: never
 * forwarded).  Fills rt and returns how many.
 */
unsigned addr_routes(const struct xr_prefix *a, uint32_t ifid, bool shared,
		     struct rib_route rt[ADDR_ROUTES_MAX]);

/* The subnet broadcast of a: IPv4 with room for one (/30 or shorter). */
bool addr_broadcast(const struct xr_prefix *a, struct xr_ip *out);

/* IPv6 link-local (fe80::/10): its subnet is every link's, so it brings no connected route. */
bool addr_is_linklocal(const struct xr_ip *a);

/* May a be an interface's address (not unspecified, loopback or multicast)? */
bool addr_usable(const struct xr_ip *a);
/* May gw be a route's gateway: usable, and for IPv4 not in 0.0.0.0/8 either. */
bool addr_gateway_usable(const struct xr_ip *gw);

#endif
