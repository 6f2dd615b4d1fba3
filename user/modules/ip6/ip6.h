/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The IPv6 adapter's files among themselves: the way out for packets it
 * builds (ip6_slowpath.c), NDP's input (ndp_resolver.c), router
 * advertisements (ra.c) and the interfaces' link-local addresses
 * (ip6_ll.c).  Nothing outside modules/ip6 includes it.
 */
#ifndef XR_IP6_H
#define XR_IP6_H

#include <stddef.h>
#include <stdint.h>

#include "handoff.h"
#include "ndp.h"
#include "net.h"

struct router;

/* ETH_HLEN writable bytes precede every packet handed to these. */

/*
 * An IPv6 packet the daemon built: to a multicast group out of ifid, to a
 * link-local address through ifid's neighbour, else routed by the RIB
 * (ifid unused).  Resolved by NDP and queued where needed.
 */
int ip6_send(struct router *r, uint32_t ifid, uint8_t *ip, size_t len);
/* To a known MAC out of ifid, without resolution (NDP's own answers). */
int ip6_send_to(struct router *r, uint32_t ifid, const uint8_t mac[6], uint8_t *ip, size_t len);

/* NDP handed up on ifid (h), the IPv6 packet ip of the Ethernet frame. */
void ndp_input(struct router *r, const struct xr_handoff *h, const uint8_t *frame,
	       const uint8_t *ip, size_t len);
/* A Router Solicitation on ifid: answered where advertising is on. */
void ra_solicited(struct router *r, uint32_t ifid, const struct ndp_msg *m);

/* The router's link-local address on ifid, NULL if none. */
const struct xr_ip *ip6_ll_on(const struct router *r, uint32_t ifid);

#endif
