/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The flood lists of the switches: for each bridge id, the devmap of its
 * ports that the fast path broadcasts unknown, multicast and broadcast
 * frames to (bpf/maps.h `flood`).  Functions return 0 or -errno.
 */
#ifndef XR_FLOOD_H
#define XR_FLOOD_H

#include <stdint.h>

#include "dp.h"

/* Add a port to switch `bridge`'s flood list, creating the list if needed. */
int flood_port_add(struct dp *dp, uint16_t bridge, uint32_t ifindex);
/* Remove a port; absent is not an error. */
int flood_port_del(struct dp *dp, uint16_t bridge, uint32_t ifindex);
/* Forget a switch's flood list (its last port left). */
int flood_bridge_del(struct dp *dp, uint16_t bridge);
/*
 * The ports of switch `bridge` as the fast path floods to them: up to max
 * ifindexes into out; returns how many, or -errno.
 */
int flood_ports(struct dp *dp, uint16_t bridge, uint32_t *out, int max);
/*
 * The port a station of switch `bridge` is known on, as the fast path
 * sees it (aged entries are unknown): 0 with *ifindex, or -ENOENT.
 */
int flood_fdb_port(struct dp *dp, uint16_t bridge, uint16_t vid, const uint8_t mac[6],
		   uint32_t *ifindex);

#endif
