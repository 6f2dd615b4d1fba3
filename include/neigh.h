/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The neighbour table: next-hop address on an L3 interface to MAC.
 * A hash map, so an update replaces the whole entry at once (RCU) and a
 * packet never sees half a MAC.
 */
#ifndef XR_NEIGH_H
#define XR_NEIGH_H

#include <linux/types.h>

#include "ipaddr.h"

#define XR_NEIGH_MAX		16384u
/* The fast path refreshes `used_ns` at most this often, not per packet. */
#define XR_NEIGH_TOUCH_NS	1000000000ull

struct xr_neigh_key {
	__u32 ifid;		/* L3 interface, host order */
	struct xr_ipaddr ip;	/* room for IPv6: ipaddr.h */
};
_Static_assert(sizeof(struct xr_neigh_key) == 24, "xr_neigh_key has no holes");

enum xr_neigh_flags {
	XR_NEIGH_STATIC = 1 << 0,
};

struct xr_neigh {
	__u8 mac[6];
	__u16 flags;		/* enum xr_neigh_flags */
	__u64 used_ns;		/* last use by the fast path (CLOCK_MONOTONIC, coarse) */
};
_Static_assert(sizeof(struct xr_neigh) == 16, "xr_neigh has no holes");

#endif
