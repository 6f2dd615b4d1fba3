/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The slow path's framework: each protocol module (ARP, IPv4, later NDP
 * and IPv6) registers the hand-off reasons it answers for its EtherType;
 * the core takes frames off the hand-off stream and gives each to its
 * module, and offers the one way out for IP packets the daemon sends.
 */
#ifndef XR_SLOWPATH_H
#define XR_SLOWPATH_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "handoff.h"
#include "stats.h"

struct router;

_Static_assert(XR_HANDOFF_REASON_MAX <= 32, "reasons must fit a slowpath_proto mask");

#define SLOWPATH_REASON(r)	(1u << XR_STAT_##r)

struct slowpath_proto {
	const char *name;
	uint16_t ethertype;	/* host order, of the frame as handed up */
	bool any_ethertype;	/* its reasons whatever the EtherType (a flood) */
	uint32_t reasons;	/* SLOWPATH_REASON() bits it handles */
	/* A private, writable copy of the frame (len >= ETH_HLEN). */
	void (*input)(struct router *r, const struct xr_handoff *h, uint8_t *frame, size_t len);
	/* A queued packet whose next hop never answered, that came in on
	 * in_ifid: tell its sender (ICMP host unreachable and kin). */
	void (*unreach)(struct router *r, uint32_t in_ifid, const uint8_t *pkt, size_t len);
	struct slowpath_proto *next;
};

/* From a constructor (XR_SLOWPATH_PROTO), before the daemon starts. */
void slowpath_register(struct slowpath_proto *p);

#define XR_SLOWPATH_PROTO(p)							\
	__attribute__((constructor)) static void p##_register(void)		\
	{									\
		slowpath_register(&(p));					\
	}

/*
 * An IP packet of either family to a neighbour's MAC out of ifid; ip
 * must have ETH_HLEN writable bytes before it for the Ethernet header.
 */
int slowpath_xmit_ip(struct router *r, uint32_t ifid, const uint8_t dst[6], uint8_t *ip,
		     size_t len);

/*
 * The ICMP sender (icmp.h) of family af, from init to fini: rate-limited
 * per source in each family and globally across both (RFC 4443 2.4(f)
 * asks a limit of the node, not of one family), so a flood of IPv6 errors
 * spends the budget IPv4's would.  NULL before init.
 */
struct icmp *slowpath_icmp(int af);

#endif
