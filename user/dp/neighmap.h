/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * A neighbour as the fast path sees it: an entry of the neighbour map, and
 * the MAC in every next hop via it (fib.h union xr_nh_l2).  Everything
 * that installs neighbours (the daemon's ARP, the BPF tests, the bench)
 * goes through here, so the two never disagree.
 */
#ifndef XR_NEIGHMAP_H
#define XR_NEIGHMAP_H

#include <stdbool.h>
#include <stdint.h>

#include "dp.h"
#include "net.h"
#include "rib.h"

/* New next hops via a gateway take its MAC from the map from now on. */
void neighmap_attach(struct rib *rib, struct dp *dp);
int neighmap_set(struct dp *dp, struct rib *rib, uint32_t ifid, const struct xr_ip *ip,
		 const uint8_t mac[6], bool is_static);
/* Next hops first: none may keep a MAC the map no longer has.  0 or -errno. */
int neighmap_del(struct dp *dp, struct rib *rib, uint32_t ifid, const struct xr_ip *ip);

#endif
