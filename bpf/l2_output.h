/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Out of a switch: a station's port from the FDB, known unicast to it,
 * everything else flooded to the switch's other ports through its own
 * devmap (maps.h `flood`), so switches never leak into each other.  Both
 * switched frames (l2_input.h) and frames routed into a switch's subnet
 * (l3_output.h) leave here.
 */
#ifndef XR_BPF_L2_OUTPUT_H
#define XR_BPF_L2_OUTPUT_H

#include "ctx.h"

/* A station is known while its entry is younger than the switch's ageing. */
static __always_inline __u64 bridge_ageing_ns(const struct xr_bridge *br)
{
	return br->ageing_ns ? br->ageing_ns : XR_FDB_AGEING_S * NSEC_PER_SEC;
}

static __always_inline int fdb_fresh(const struct xr_fdb *e, const struct xr_bridge *br,
				     __u64 now)
{
	return (e->flags & XR_FDB_STATIC) ||
	       xr_fdb_age_fresh(now, e->seen_ns, bridge_ageing_ns(br));
}

/*
 * The port a station of switch `bridge` is known on, or 0 if unknown,
 * aged out, or no longer a port of this switch (a stale entry after
 * `link del` must not leak a frame out of the switch).
 */
static __always_inline __u32 fdb_port(__u16 bridge, const __u8 *mac,
				      const struct xr_bridge *br, __u64 now)
{
	struct xr_fdb_key k = { .bridge = bridge };
	struct xr_port *out;
	struct xr_fdb *e;
	__u32 oif;

	__builtin_memcpy(k.mac, mac, ETH_ALEN);
	e = bpf_map_lookup_elem(&fdb, &k);
	if (!e || !fdb_fresh(e, br, now))
		return 0;
	oif = e->ifindex;
	out = bpf_map_lookup_elem(&ports, &oif);
	if (!out || !(out->flags & XR_PORT_SWITCHED) || out->bridge != bridge)
		return 0;
	return oif;
}

/* Every port of the switch but (unless routed into it) the ingress one. */
static __always_inline int bridge_flood(struct frame *f, __u32 bridge, __u64 flags)
{
	void *devs = bpf_map_lookup_elem(&flood, &bridge);
	int act;

	if (!devs)
		return drop(f, XR_STAT_DROP_REDIRECT);	/* switch not set up */
	trace(f, XR_TS_FLOOD, 0, 0, bridge);
	act = bpf_redirect_map(devs, 0, BPF_F_BROADCAST | flags);
	if (act != XDP_REDIRECT)
		return drop(f, XR_STAT_DROP_REDIRECT);
	count(f, XR_STAT_FLOODED);
	return act;
}

/* Known unicast, switched. */
static __always_inline int l2_output_unicast(struct frame *f, __u32 oif)
{
	int act;

	if (oif == f->ifindex)
		return drop(f, XR_STAT_DROP_SAME_PORT);	/* already on that segment */
	act = bpf_redirect_map(&tx_ports, oif, XDP_DROP);
	if (act != XDP_REDIRECT)
		return drop(f, XR_STAT_DROP_REDIRECT);
	count(f, XR_STAT_SWITCHED);
	return act;
}

/*
 * Routed into a switch's subnet, MACs already rewritten: the FDB gives the
 * host's port.  A host the FDB does not know (yet, or any more) is flooded
 * like any unknown unicast, as a Linux bridge would; the ingress port is
 * not excluded, since a routed frame may go back where it came.
 */
static __always_inline int l2_output_routed(struct frame *f, struct ethhdr *eth, __u32 bridge,
					    const struct xr_bridge *br)
{
	__u32 port = fdb_port(bridge, eth->h_dest, br, clock_coarse_ns());

	trace(f, XR_TS_FDB, 0, 0, port);
	if (!port) {
		if (bridge_flood(f, bridge, 0) != XDP_REDIRECT)
			return XDP_DROP;	/* counted */
		count(f, XR_STAT_FORWARDED);
		return XDP_REDIRECT;
	}
	if (bpf_redirect_map(&tx_ports, port, XDP_DROP) != XDP_REDIRECT)
		return drop(f, XR_STAT_DROP_REDIRECT);
	count(f, XR_STAT_FORWARDED);
	return XDP_REDIRECT;
}

#endif
