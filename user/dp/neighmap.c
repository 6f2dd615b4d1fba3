// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Keeps the neighbour map and the gateway MACs in the next hops in step
 * (neighmap.h).
 */
#include <string.h>

#include "mapaddr.h"
#include "neighmap.h"

static struct xr_neigh_key neighmap_key(uint32_t ifid, const struct xr_ip *ip)
{
	return (struct xr_neigh_key){ .ifid = ifid, .ip = mapaddr_from_ip(ip) };
}

/* The resolver rib.h asks when it writes a new gateway next hop. */
static int neighmap_resolve(void *dp, uint32_t ifid, const struct xr_ip *gw, uint8_t mac[6])
{
	struct xr_neigh_key k = neighmap_key(ifid, gw);
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

int neighmap_set(struct dp *dp, struct rib *rib, uint32_t ifid, const struct xr_ip *ip,
		 const uint8_t mac[6], bool is_static)
{
	struct xr_neigh_key k = neighmap_key(ifid, ip);
	struct xr_neigh n = { .flags = is_static ? XR_NEIGH_STATIC : 0 };
	int err;

	memcpy(n.mac, mac, sizeof(n.mac));
	err = dp_neigh_set(dp, &k, &n);
	if (!err)
		rib_nh_l2_set(rib, ifid, ip, mac);
	return err;
}

int neighmap_del(struct dp *dp, struct rib *rib, uint32_t ifid, const struct xr_ip *ip)
{
	struct xr_neigh_key k = neighmap_key(ifid, ip);

	rib_nh_l2_set(rib, ifid, ip, NULL);
	return dp_neigh_del(dp, &k);
}
