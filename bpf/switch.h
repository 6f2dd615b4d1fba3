/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The switching stage: ports of a switch (bridge).  Every valid frame
 * teaches the FDB where its source lives; known unicast goes to its port,
 * everything else is flooded to the switch's other ports through its own
 * devmap (maps.h `flood`), so switches never leak into each other.  Frames
 * for the switch's router MAC take the IPv4 path of route.h, and routes
 * out of a switch's L3 interface (bridge_output) find the host's port in
 * the FDB.
 */
#ifndef XR_BPF_SWITCH_H
#define XR_BPF_SWITCH_H

#include "route.h"

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

/* IEEE 802.1D reserved group 01:80:C2:00:00:00..0F (STP, LACP, LLDP). */
static __always_inline int mac_is_link_local(const __u8 *m)
{
	return m[0] == 0x01 && m[1] == 0x80 && m[2] == 0xc2 &&
	       m[3] == 0 && m[4] == 0 && (m[5] & 0xf0) == 0;
}

static __always_inline int mac_is_zero(const __u8 *m)
{
	return !(*(const __u32 *)m | *(const __u16 *)(m + 4));
}

/*
 * Learn the source MAC on the ingress port.  The map is written only for a
 * new station, a station that moved, or a timestamp older than
 * XR_FDB_TOUCH_NS: not once per packet.  A full table is not an error:
 * the station stays unknown and frames to it are flooded.
 */
static __always_inline void fdb_learn(struct frame *f, const __u8 *src, __u64 now)
{
	struct xr_fdb_key k = { .bridge = f->port->bridge };
	struct xr_fdb *e, ne = { .ifindex = f->ifindex, .seen_ns = now };

	__builtin_memcpy(k.mac, src, ETH_ALEN);
	e = bpf_map_lookup_elem(&fdb, &k);
	if (!e) {
		bpf_map_update_elem(&fdb, &k, &ne, BPF_NOEXIST);
		return;
	}
	if (e->flags & XR_FDB_STATIC)
		return;		/* configured by hand: never moves, never ages */
	/* In place: two aligned stores, and a racing reader sees either port. */
	if (e->ifindex != f->ifindex)
		e->ifindex = f->ifindex;
	else if (now - e->seen_ns <= XR_FDB_TOUCH_NS)
		return;
	e->seen_ns = now;
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
	act = bpf_redirect_map(devs, 0, BPF_F_BROADCAST | flags);
	if (act != XDP_REDIRECT)
		return drop(f, XR_STAT_DROP_REDIRECT);
	count(f, XR_STAT_FLOODED);
	return act;
}

static __always_inline int switch_unicast(struct frame *f, __u32 oif)
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

/* A frame for the switch's router MAC: the switch as a routed interface. */
static __always_inline int switch_l3(struct frame *f, struct cursor *c, struct ethhdr *eth,
				     __be16 proto, int vlan, const struct xr_bridge *br)
{
	if (!vlan && proto == bpf_htons(ETH_P_ARP))
		return handoff(f, XR_STAT_HANDOFF_ARP, NULL);
	if (!vlan && proto == bpf_htons(ETH_P_IP))
		return route_ipv4(f, c, eth, br->mac);
	count(f, XR_STAT_PASS);	/* IPv6 and the like to the router: the kernel's */
	return XDP_PASS;
}

/* A port of a switch: validate, learn, then route, forward or flood. */
static __always_inline int switch_rx(struct frame *f)
{
	struct cursor c;
	__u32 bridge = f->port->bridge, oif;
	struct xr_bridge *br;
	struct ethhdr *eth;
	__be16 proto;
	__u64 now;
	int vlan, l3;

	cursor_init(&c, f->ctx);
	proto = parse_eth(&c, &eth, &vlan);
	if (!proto)
		return drop(f, XR_STAT_DROP_ETH_TRUNC);
	br = bpf_map_lookup_elem(&bridges, &bridge);
	if (!br || !(br->flags & XR_BRIDGE_ACTIVE))
		return drop(f, XR_STAT_DROP_REDIRECT);	/* port of no switch yet */
	/* No station sends from a group or the zero address: never learn those. */
	if (mac_is_multicast(eth->h_source) || mac_is_zero(eth->h_source))
		return drop(f, XR_STAT_DROP_SRC_MAC);
	now = clock_coarse_ns();
	fdb_learn(f, eth->h_source, now);
	/* Bridge protocols stop at the first bridge; we speak none of them. */
	if (mac_is_link_local(eth->h_dest))
		return drop(f, XR_STAT_DROP_LINK_LOCAL);
	l3 = br->flags & XR_BRIDGE_L3;
	if (l3 && mac_equal(eth->h_dest, br->mac))
		return switch_l3(f, &c, eth, proto, vlan, br);
	l2_csum_finish(&c, proto);	/* about to leave as a bare xdp_frame */
	if (mac_is_multicast(eth->h_dest)) {
		/* Hosts ask for the router's MAC by broadcast: the daemon needs a copy. */
		if (l3 && !vlan && proto == bpf_htons(ETH_P_ARP)) {
			int err = handoff_emit(f, XR_STAT_HANDOFF_ARP, NULL);

			if (err)
				count(f, err);	/* the copy is lost; the frame still floods */
		}
		return bridge_flood(f, bridge, BPF_F_EXCLUDE_INGRESS);
	}
	oif = fdb_port(bridge, eth->h_dest, br, now);
	if (!oif)
		return bridge_flood(f, bridge, BPF_F_EXCLUDE_INGRESS);
	return switch_unicast(f, oif);
}

/*
 * Routed into a switch's subnet: the neighbour gives the host's MAC, the
 * FDB its port.  A host the FDB does not know (yet, or any more) is
 * flooded like any unknown unicast, as a Linux bridge would; the ingress
 * port is not excluded, since a routed frame may go back where it came.
 */
static __always_inline int bridge_output(struct frame *f, struct ethhdr *eth, struct iphdr *ip,
					 struct xr_nexthop *nh, struct handoff_info *hi)
{
	__u32 bridge = hi->nh_ifid & ~XR_IFID_BRIDGE, port;
	struct xr_bridge *br;
	int act;

	br = bpf_map_lookup_elem(&bridges, &bridge);
	if (!br || !(br->flags & XR_BRIDGE_ACTIVE))
		return drop(f, XR_STAT_DROP_REDIRECT);
	if (route_prepare(f, eth, ip, nh, hi, br->mtu, br->mac, &act))
		return act;
	port = fdb_port(bridge, eth->h_dest, br, clock_coarse_ns());
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
