// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Keeps the neighbour map and the gateway MACs in the next hops in step
 * (neighmap.h).
 */
#include <arpa/inet.h>
#include <string.h>

#include "neighmap.h"

/* The resolver rib.h asks when it writes a new gateway next hop. */
static int neighmap_resolve(void *dp, uint32_t ifid, uint32_t gw, uint8_t mac[6])
{
	struct xr_neigh_key k = { .ifid = ifid, .ip = htonl(gw) };
	struct xr_neigh n;
	int err = dp_neigh_get(dp, &k, &n);

	if (!err)
		memcpy(mac, n.mac, sizeof(n.mac));
	return err;
}

void neighmap_attach(struct rib *rib, struct dp *dp)
{
	rib_set_resolver(rib, neighmap_resolve, dp);
}

int neighmap_set(struct dp *dp, struct rib *rib, uint32_t ifid, __be32 ip,
		 const uint8_t mac[6], bool is_static)
{
	struct xr_neigh_key k = { .ifid = ifid, .ip = ip };
	struct xr_neigh n = { .flags = is_static ? XR_NEIGH_STATIC : 0 };
	int err;

	memcpy(n.mac, mac, sizeof(n.mac));
	err = dp_neigh_set(dp, &k, &n);
	if (!err)
		rib_nh_l2_set(rib, ifid, ntohl(ip), mac);
	return err;
}

int neighmap_del(struct dp *dp, struct rib *rib, uint32_t ifid, __be32 ip)
{
	struct xr_neigh_key k = { .ifid = ifid, .ip = ip };

	rib_nh_l2_set(rib, ifid, ntohl(ip), NULL);
	return dp_neigh_del(dp, &k);
}
