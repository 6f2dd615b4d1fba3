// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Address rules (addr_rules.h): the routes, broadcast and classes of an
 * interface address, pure functions over lib/net.h's types.
 */
#include <string.h>

#include "addr_rules.h"

bool addr_broadcast(const struct xr_prefix *a, struct xr_ip *out)
{
	uint32_t host, mask;

	/* IPv6 has no broadcast; /31 and /32 have no room for one (RFC 3021). */
	if (a->addr.af != AF_INET || a->len > 30)
		return false;
	host = xr_ip4_host(&a->addr);
	mask = a->len ? ~0u << (32 - a->len) : 0;
	*out = xr_ip4(host | ~mask);
	return true;
}

bool addr_is_linklocal(const struct xr_ip *a)
{
	return a->af == AF_INET6 && a->b[0] == 0xfe && (a->b[1] & 0xc0) == 0x80;
}

bool addr_usable(const struct xr_ip *a)
{
	static const uint8_t loop6[16] = { [15] = 1 };
	uint8_t top = a->b[0];

	if (a->af == AF_INET)
		return !xr_ip_is_zero(a) && top != 127 && top < 224;
	if (a->af == AF_INET6)
		return !xr_ip_is_zero(a) && memcmp(a->b, loop6, sizeof(loop6)) && top != 0xff;
	return false;
}

bool addr_gateway_usable(const struct xr_ip *gw)
{
	return addr_usable(gw) && !(gw->af == AF_INET && gw->b[0] == 0);
}

static struct rib_route addr_route(const struct xr_prefix *dst, uint8_t type, uint8_t proto,
				   uint32_t ifid)
{
	return (struct rib_route){ .dst = *dst, .type = type, .proto = proto, .ifid = ifid };
}

unsigned addr_routes(const struct xr_prefix *a, uint32_t ifid, bool shared,
		     struct rib_route rt[ADDR_ROUTES_MAX])
{
	unsigned bits = xr_af_bits(a->addr.af), n = 0;
	struct xr_prefix host = { .addr = a->addr, .len = bits }, subnet, bcast;

	rt[n++] = addr_route(&host, XR_NH_LOCAL, RIB_PROTO_LOCAL, ifid);
	if (shared || addr_is_linklocal(&a->addr))
		return n;
	if (a->len < bits) {
		subnet = xr_prefix_masked(a);
		rt[n++] = addr_route(&subnet, XR_NH_UNICAST, RIB_PROTO_KERNEL, ifid);
	}
	if (addr_broadcast(a, &bcast.addr)) {
		bcast.len = bits;
		rt[n++] = addr_route(&bcast, XR_NH_BROADCAST, RIB_PROTO_LOCAL, ifid);
	}
	return n;
}
