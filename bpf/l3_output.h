/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Routed frames on their way out, for either address family: the egress
 * interface (a routed port, or a switch's L3 interface), the MTU, the next
 * hop's MAC, the MAC rewrite and the redirect.  The family's input stage
 * calls l3_egress(), nh_l2_mac() (else l3_output_resolve_slow()), then
 * does its own step (TTL or hop limit), then l3_output_send(): a frame
 * handed to the daemon on the way must still be the one that arrived.
 */
#ifndef XR_BPF_L3_OUTPUT_H
#define XR_BPF_L3_OUTPUT_H

#include "handoff_rb.h"
#include "l2_output.h"

/* Where a routed frame leaves. */
struct l3_egress {
	__u32 ifid;			/* routed port's ifindex, or XR_IFID_BRIDGE | id */
	__u16 mtu;			/* L3 MTU, 0: none */
	const __u8 *smac;		/* the interface's MAC (in its map value) */
	const struct xr_bridge *br;	/* the switch, when ifid is one (or a VLAN of one) */
	__u16 vid;			/* the VLAN interface's VID, 0: untagged */
};

/* Stamp a neighbour as in use, at most once a second: not a write per packet. */
static __always_inline void neigh_touch(struct xr_neigh *n)
{
	__u64 now = clock_coarse_ns();

	if (now - n->used_ns > XR_NEIGH_TOUCH_NS)
		n->used_ns = now;
}

/*
 * A next hop as the output stage uses it: its egress and its MAC word
 * (fib.h union xr_nh_l2), each read once, from an ECMP bucket's copy
 * (ecmp.h) or the next hop's own; and the next hop itself, for a
 * hand-off's gateway and its `used` mark.
 */
struct l3_nh {
	__u32 ifid;
	union xr_nh_l2 l2;
	struct xr_nexthop *nh;
};

static __always_inline void l3_nh_read(struct l3_nh *n, struct xr_nexthop *nh)
{
	n->ifid = nh->ifid;
	n->l2.word = *(volatile __u64 *)&nh->l2.word;
	n->nh = nh;
}

/*
 * A gateway's MAC straight from its next hop: a word the daemon writes
 * whole, and no hash lookup.  `used` is written only when the daemon has
 * cleared it since.
 */
static __always_inline int nh_l2_mac(const struct l3_nh *n, __u8 *dst)
{
	if (!n->l2.valid)
		return 0;
	if (!n->nh->used)
		n->nh->used = 1;
	__builtin_memcpy(dst, n->l2.mac, ETH_ALEN);
	return 1;
}

/* The next hop's MAC into dst from the neighbour map, by hi's interface and address. */
static __always_inline int neigh_map_mac(const struct handoff_info *hi, __u8 *dst)
{
	struct xr_neigh_key nk;
	struct xr_neigh *n;

	/* Built only here: a gateway with a MAC never pays for the copy. */
	nk.ifid = hi->nh_ifid;
	nk.ip = hi->nh_ip;
	n = bpf_map_lookup_elem(&neigh, &nk);
	if (!n)
		return 0;
	neigh_touch(n);
	__builtin_memcpy(dst, n->mac, ETH_ALEN);
	return 1;
}

/* A switch as (part of) the egress: XR_CONTINUE, or the verdict. */
static __always_inline int l3_egress_bridge(struct frame *f, __u32 bridge, struct l3_egress *eg)
{
	struct xr_bridge *br = bpf_map_lookup_elem(&bridges, &bridge);

	if (!br || !(br->flags & XR_BRIDGE_ACTIVE))
		return drop(f, XR_STAT_DROP_REDIRECT);
	eg->mtu = br->mtu;
	eg->smac = br->mac;
	eg->br = br;
	return XR_CONTINUE;
}

/* A routed port as (the parent of) the egress; *slot its row in `vlans`. */
static __always_inline int l3_egress_port(struct frame *f, __u32 ifindex, struct l3_egress *eg,
					  __u32 *slot)
{
	struct xr_port *out = bpf_map_lookup_elem(&ports, &ifindex);

	if (!out || !(out->flags & XR_PORT_ROUTED))
		return drop(f, XR_STAT_DROP_REDIRECT);
	eg->mtu = out->mtu;
	eg->smac = out->mac;
	*slot = out->slot;
	return XR_CONTINUE;
}

/*
 * A VLAN interface: its parent's MAC and MTU (a tagged frame may be 4
 * bytes longer on the wire; the L3 MTU is the parent's).  Whether it still
 * exists is not looked up again per frame: the daemon takes its routes and
 * neighbours away before it goes (vlan.c), as for a port.
 */
static __always_inline int l3_egress_vlan(struct frame *f, __u32 ifid, struct l3_egress *eg)
{
	__u32 parent = xr_ifid_vlan_parent(ifid), slot;

	eg->vid = xr_ifid_vid(ifid);
	if (ifid & XR_IFID_VLAN_BR)
		return l3_egress_bridge(f, parent, eg);
	return l3_egress_port(f, parent, eg, &slot);
}

/* The interface ifid leaves by: XR_CONTINUE, or the verdict. */
static __always_inline int l3_egress(struct frame *f, __u32 ifid, struct l3_egress *eg)
{
	__u32 slot;

	eg->ifid = ifid;
	eg->br = NULL;
	eg->vid = 0;
	if (ifid & XR_IFID_BRIDGE)
		return l3_egress_bridge(f, ifid & ~XR_IFID_BRIDGE, eg);
	if (ifid & XR_IFID_VLAN)
		return l3_egress_vlan(f, ifid, eg);
	return l3_egress_port(f, ifid, eg, &slot);
}

/* A frame of len L3 bytes is too big for the egress MTU. */
static __always_inline int l3_too_big(const struct l3_egress *eg, __u32 len)
{
	return eg->mtu && len > eg->mtu;
}

/*
 * The frame is too big (big: l3_too_big()), or its next hop holds no MAC:
 * the MAC from the neighbour map (XR_CONTINUE), else to the daemon, which
 * fragments or sends Frag Needed / Packet Too Big, or resolves the
 * neighbour, queues the packet and sends it on.  The family builds the
 * hand-off info only on the way here: a frame that fits, to a next hop
 * that holds its MAC, needs none.
 */
static __always_inline int l3_output_resolve_slow(struct frame *f, struct ethhdr *eth,
						  struct handoff_info *hi,
						  const struct l3_egress *eg, int big)
{
	if (big) {
		hi->mtu = eg->mtu;
		return handoff(f, XR_STAT_HANDOFF_MTU, hi);
	}
	if (!neigh_map_mac(hi, eth->h_dest))
		return handoff(f, XR_STAT_HANDOFF_NEIGH_MISS, hi);
	return XR_CONTINUE;
}

/*
 * What the route says before any family's own step: XR_CONTINUE to forward
 * by nh (unicast), else the verdict for a TTL or hop limit of 0 or 1, no
 * route, a blackhole or an unreachable route.  Router addresses went to
 * the daemon before this, whatever their TTL.
 */
static __always_inline int l3_route_verdict(struct frame *f, const struct xr_nexthop *nh,
					    __u8 ttl)
{
	if (ttl <= 1)
		return handoff(f, XR_STAT_HANDOFF_TTL, NULL);
	if (!nh)
		return handoff(f, XR_STAT_HANDOFF_NO_ROUTE, NULL);
	switch (nh->type) {
	case XR_NH_UNICAST:
		return XR_CONTINUE;
	case XR_NH_BLACKHOLE:
		return drop(f, XR_STAT_DROP_BLACKHOLE);
	case XR_NH_UNREACHABLE:
		return handoff(f, XR_STAT_HANDOFF_UNREACH, NULL);
	default:
		return handoff(f, XR_STAT_HANDOFF_NO_ROUTE, NULL);
	}
}

/* l3_route_verdict() for an ECMP route: found, whether the flow's bucket holds a member. */
static __always_inline int l3_ecmp_verdict(struct frame *f, int found, __u8 ttl)
{
	if (ttl <= 1)
		return handoff(f, XR_STAT_HANDOFF_TTL, NULL);
	if (!found)
		return handoff(f, XR_STAT_HANDOFF_NO_ROUTE, NULL);
	return XR_CONTINUE;
}

/* The egress interface's MAC as source, its tag, and out. */
static __always_inline int l3_output_send(struct frame *f, struct ethhdr *eth,
					  const struct l3_egress *eg)
{
	__u32 oif = eg->ifid;
	int act;

	__builtin_memcpy(eth->h_source, eg->smac, ETH_ALEN);
	trace(f, XR_TS_OUT, 0, eg->mtu, eg->ifid);
	if (eg->br)
		return l2_output_routed(f, eth, xr_ifid_vlan_parent(eg->ifid), eg->vid, eg->br);
	if (eg->vid)
		oif = xr_ifid_vlan_parent(oif);
	act = vlan_egress(f, eg->vid);
	if (act != XR_CONTINUE)
		return act;
	act = bpf_redirect_map(&tx_ports, oif, XDP_DROP);
	if (act != XDP_REDIRECT)
		return drop(f, XR_STAT_DROP_REDIRECT);
	count(f, XR_STAT_FORWARDED);
	return act;
}

#endif
