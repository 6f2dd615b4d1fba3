/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Frames in.  A routed port hands ARP to the daemon, routes IPv4 addressed
 * to its MAC (and IPv6 once the daemon enables it, XR_PORT_IP6) and leaves
 * everything else to the kernel.  A switch port
 * checks the source, teaches the FDB where it lives, routes what is
 * addressed to the switch's router MAC, and switches or floods the rest
 * (l2_output.h).
 */
#ifndef XR_BPF_L2_INPUT_H
#define XR_BPF_L2_INPUT_H

#include "ip4_input.h"
#include "ip6_input.h"
#include "l2_output.h"

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
 * Learning when this CPU's cache had no copy that settles it: the FDB
 * itself.  The map is written only for a new station, a station that
 * moved, or a timestamp older than XR_FDB_TOUCH_NS: not once per packet.
 * A new station or a move bumps the epoch, since every CPU's copy of the
 * entry is wrong now; a touch keeps the copy (with the new stamp).  A full
 * table is not an error: the station stays unknown and frames to it are
 * flooded.
 */
static __always_inline void fdb_learn_hash(struct frame *f, const struct fdb_probe *p,
					   const __u8 *src, __u16 vid, __u64 now)
{
	/* The port's VLAN flags, for frames to the station (a lookup, on a miss only). */
	__u32 vfx = vid ? 0x100 | vlan_flags(f->port->slot, vid) : 0;
	struct xr_fdb_key k = { .bridge = f->port->bridge, .vlan = vid };
	struct xr_fdb *e, ne = { .ifindex = f->ifindex, .seen_ns = now };

	__builtin_memcpy(k.mac, src, ETH_ALEN);
	e = bpf_map_lookup_elem(&fdb, &k);
	if (!e) {
		bpf_map_update_elem(&fdb, &k, &ne, BPF_NOEXIST);
		fdb_epoch_bump();
		trace(f, XR_TS_LEARN, XR_TRACE_LEARN_NEW, 0, 0);
		return;
	}
	trace(f, XR_TS_LEARN, e->flags & XR_FDB_STATIC ? XR_TRACE_LEARN_STATIC :
	      e->ifindex != f->ifindex ? XR_TRACE_LEARN_MOVED : XR_TRACE_LEARN_KNOWN, 0,
	      e->ifindex);
	ne.ifindex = e->ifindex;
	ne.flags = e->flags;
	ne.seen_ns = e->seen_ns;
	if (e->flags & XR_FDB_STATIC) {
		/* configured by hand: never moves, never ages; its port may not be this one */
		if (e->ifindex != f->ifindex)
			vfx = 0;
		ne.flags = fdb_flags_vfx(ne.flags, vfx);
		fdb_cache_put(p, &ne);
		return;
	}
	/* In place: two aligned stores, and a racing reader sees either port. */
	if (e->ifindex != f->ifindex) {
		e->ifindex = f->ifindex;
		e->seen_ns = now;
		fdb_epoch_bump();
		return;
	}
	if (now - e->seen_ns > XR_FDB_TOUCH_NS)
		e->seen_ns = ne.seen_ns = now;
	ne.flags = fdb_flags_vfx(ne.flags, vfx);
	fdb_cache_put(p, &ne);
}

/*
 * Learn the source MAC on the ingress port, in VLAN vid (0 on a
 * VLAN-unaware switch).  A station this CPU has seen here within the last
 * XR_FDB_TOUCH_NS (or a static one) is settled by its cached copy: no
 * hash, no write.
 */
static __always_inline void fdb_learn(struct frame *f, const __u8 *src, __u16 vid, __u64 now)
{
	struct fdb_probe p;
	struct xr_fdb c;

	fdb_probe_init(&p, f->port->bridge, vid, src, fdb_epoch_tag());
	if (fdb_cache_get(&p, &c) &&
	    ((c.flags & XR_FDB_STATIC) ||
	     (c.ifindex == f->ifindex && now - c.seen_ns <= XR_FDB_TOUCH_NS))) {
		trace(f, XR_TS_LEARN, c.flags & XR_FDB_STATIC ? XR_TRACE_LEARN_STATIC :
		      XR_TRACE_LEARN_KNOWN, 0, c.ifindex);
		return;
	}
	fdb_learn_hash(f, &p, src, vid, now);
}

/*
 * ARP on a routed port (or one of its VLAN interfaces) goes to the daemon,
 * which answers requests for the router's addresses.  When the kernel's
 * stack shares those addresses (XR_PORT_LOCAL_KERNEL), replies reach the
 * kernel too (untagged, pass_kernel()), so it resolves the neighbours its
 * own packets go to; requests do not, so each gets exactly one answer, the
 * daemon's.
 */
static __always_inline int l2_arp_routed(struct frame *f, struct cursor *c)
{
	/* linux/if_arp.h's struct arphdr, whose header pulls in libc's */
	struct { __be16 hrd, pro; __u8 hln, pln; __be16 op; } *arp = c->pos;

	if (!(f->port->flags & XR_PORT_LOCAL_KERNEL) || (void *)(arp + 1) > c->end ||
	    arp->op != bpf_htons(2 /* ARPOP_REPLY */))
		return handoff(f, XR_STAT_HANDOFF_ARP, NULL);
	handoff_emit(f, XR_STAT_HANDOFF_ARP, NULL);	/* rate-limited: the kernel has it anyway */
	return pass_kernel(f);
}

/*
 * A frame tagged with a VLAN that has an interface on this port (`link add
 * DEV vlan VID`) is that interface's: XR_CONTINUE with f->ifid set and
 * *ip6 saying whether it routes IPv6.  Any other tag (a VLAN xrouter does
 * not know, a priority tag, 802.1ad, QinQ) is the kernel's.
 */
static __always_inline int l2_vlan_routed(struct frame *f, struct ethhdr *eth, int vlan, int *ip6)
{
	__u16 vid = eth_vid(eth, vlan);
	struct xr_vlan8 *v = vid ? vlan_entry(f->port->slot, vid) : NULL;
	__u32 i = vid % XR_VLAN_PER_VALUE;

	if (!v || !(v->flags[i] & XR_VLAN_L3)) {
		count(f, XR_STAT_PASS);
		return XDP_PASS;
	}
	f->ifid = xr_ifid_vlan(f->ifindex, vid);
	f->tagged = 1;
	f->vid = vid;
	*ip6 = v->flags[i] & XR_VLAN_IP6;
	vlan_count_as(f, v->stats[i]);
	return XR_CONTINUE;
}

/* A routed port: ARP to the daemon, IPv4 (and IPv6) routed, everything else to the kernel. */
static __always_inline int l2_input_routed(struct frame *f)
{
	struct cursor c;
	struct ethhdr *eth;
	__be16 proto;
	int vlan, ip6, act;

	cursor_init(&c, f->ctx);
	proto = parse_eth(&c, &eth, &vlan);
	if (!eth)
		return drop(f, XR_STAT_DROP_ETH_TRUNC);
	ip6 = f->port->flags & XR_PORT_IP6;
	if (vlan) {
		act = l2_vlan_routed(f, eth, vlan, &ip6);
		if (act != XR_CONTINUE)
			return act;
	}
	if (proto == bpf_htons(ETH_P_IPV6) && ip6)
		return ip6_input(f, &c, eth, f->port->mac);
	if (proto != bpf_htons(ETH_P_IP) && proto != bpf_htons(ETH_P_ARP)) {
		count(f, XR_STAT_PASS);	/* IPv6 off, LLDP: not ours */
		return XDP_PASS;
	}
	if (proto == bpf_htons(ETH_P_ARP))
		return l2_arp_routed(f, &c);
	return ip4_input(f, &c, eth, f->port->mac);
}

/* A frame for the switch's router MAC (l3mac): the switch (or one of its VLANs) as a routed interface. */
static __always_inline int switch_l3(struct frame *f, struct cursor *c, struct ethhdr *eth,
				     __be16 proto, int vlan, const __u8 *l3mac, int ip6)
{
	if (!vlan && proto == bpf_htons(ETH_P_ARP))
		return handoff(f, XR_STAT_HANDOFF_ARP, NULL);
	if (!vlan && proto == bpf_htons(ETH_P_IP))
		return ip4_input(f, c, eth, l3mac);
	if (!vlan && proto == bpf_htons(ETH_P_IPV6) && ip6)
		return ip6_input(f, c, eth, l3mac);
	count(f, XR_STAT_PASS);	/* IPv6 off and the like to the router: the kernel's */
	return XDP_PASS;
}

/*
 * Multicast the switch's router must see too (ARP asking for its MAC; NDP
 * and router solicitations once IPv6 is on): a copy for the daemon, while
 * the frame itself still floods.
 */
static __always_inline void switch_l3_copy(struct frame *f, const struct cursor *c,
					   __be16 proto, int ip6)
{
	int class, err;

	if (proto == bpf_htons(ETH_P_ARP)) {
		err = handoff_emit(f, XR_STAT_HANDOFF_ARP, NULL);
	} else if (proto == bpf_htons(ETH_P_IPV6) && ip6) {
		class = ip6_switch_nd_copy(c);
		if (class < 0)
			return;
		err = handoff_emit_class(f, XR_STAT_HANDOFF_LOCAL, NULL, class);
	} else {
		return;
	}
	if (err)
		count(f, err);	/* the copy is lost; the frame still floods */
}

/*
 * The VLAN of a frame on a port of a VLAN-aware switch: its tag's, or the
 * port's PVID when untagged (or priority-tagged).  XR_CONTINUE with *vid
 * set, else the verdict: a frame of a VLAN the port is not a member of
 * (or untagged on a port without a PVID) is dropped; 802.1ad and QinQ
 * frames are the kernel's.
 */
static __always_inline int l2_vlan_ingress(struct frame *f, struct ethhdr *eth, int vlan,
					   __u16 *vid)
{
	if (vlan > 1 || (vlan && eth->h_proto != bpf_htons(ETH_P_8021Q))) {
		count(f, XR_STAT_PASS);
		return XDP_PASS;
	}
	*vid = eth_vid(eth, vlan);
	f->tagged = vlan;
	f->vid = *vid;
	if (!*vid)
		*vid = f->port->pvid;
	if (!*vid || !(vlan_flags(f->port->slot, *vid) & XR_VLAN_MEMBER))
		return drop(f, XR_STAT_DROP_VLAN);
	return XR_CONTINUE;
}

/*
 * The EtherType a VLAN-unaware switch looks at: behind one 802.1Q tag at
 * most, as before VLANs (an 802.1ad or QinQ frame is only switched).
 */
static __always_inline __be16 l2_unaware_proto(const struct ethhdr *eth, int vlan, __be16 proto)
{
	if (vlan > 1 || (vlan && eth->h_proto != bpf_htons(ETH_P_8021Q)))
		return eth->h_proto;
	return proto;
}

/*
 * Whether the switch routes in VLAN vid (0: the VLAN-unaware switch itself)
 * and routes IPv6 there (*ip6); the frame is then that interface's.  Only a
 * frame to the router's MAC or to a group needs to know, so known unicast
 * on a VLAN-aware switch skips the lookup.
 */
static __always_inline int switch_l3_on(struct frame *f, const struct xr_bridge *br, __u16 vid,
					int *ip6, __u32 *srow)
{
	struct xr_vlan8 *bv;
	__u8 bvf;

	if (!vid) {
		*ip6 = br->flags & XR_BRIDGE_IP6;
		return br->flags & XR_BRIDGE_L3;
	}
	bv = vlan_entry(xr_vlan_row_bridge(f->port->bridge), vid);
	bvf = bv ? bv->flags[vid % XR_VLAN_PER_VALUE] : 0;
	*ip6 = bvf & XR_VLAN_IP6;
	if (!(bvf & XR_VLAN_L3))
		return 0;
	f->ifid = xr_ifid_vlan(XR_IFID_VLAN_BR | f->port->bridge, vid);
	*srow = bv->stats[vid % XR_VLAN_PER_VALUE];	/* its counters' row */
	return 1;
}

/*
 * A port of a switch: validate, learn, then route, forward or flood.  On a
 * VLAN-aware switch all of it happens in the frame's VLAN vid, and the
 * switch's routed interface there is `link add NAME vlan VID`'s; on a
 * VLAN-unaware one vid is 0, tags are passed through, and the routed
 * interface is the switch's own.  One path for both, so the routing stages
 * are inlined once.
 */
static __always_inline int l2_input_switched(struct frame *f)
{
	struct cursor c;
	__u32 bridge = f->port->bridge, oif = 0, out_vfx = 0;
	struct xr_bridge *br;
	struct xr_port *out;
	struct ethhdr *eth;
	__u16 vid = 0;
	__be16 proto;
	__u64 now;
	int vlan, l3, ip6 = 0, act, mcast, to_router;
	__u32 srow = 0;

	cursor_init(&c, f->ctx);
	proto = parse_eth(&c, &eth, &vlan);
	if (!eth)
		return drop(f, XR_STAT_DROP_ETH_TRUNC);
	br = bpf_map_lookup_elem(&bridges, &bridge);
	if (!br || !(br->flags & XR_BRIDGE_ACTIVE))
		return drop(f, XR_STAT_DROP_REDIRECT);	/* port of no switch yet */
	/* No station sends from a group or the zero address: never learn those. */
	if (mac_is_multicast(eth->h_source) || mac_is_zero(eth->h_source))
		return drop(f, XR_STAT_DROP_SRC_MAC);
	if (br->flags & XR_BRIDGE_VLAN) {
		act = l2_vlan_ingress(f, eth, vlan, &vid);
		if (act != XR_CONTINUE)
			return act;
	}
	now = l2_clock_ns();
	fdb_learn(f, eth->h_source, vid, now);
	/* Bridge protocols stop at the first bridge; we speak none of them. */
	if (mac_is_link_local(eth->h_dest))
		return drop(f, XR_STAT_DROP_LINK_LOCAL);
	if (vid)
		vlan = 0;	/* the VLAN's own frame, tagged or not */
	else
		proto = l2_unaware_proto(eth, vlan, proto);
	mcast = mac_is_multicast(eth->h_dest);
	to_router = mac_equal(eth->h_dest, br->mac);
	l3 = mcast || to_router ? switch_l3_on(f, br, vid, &ip6, &srow) : 0;
	if (l3 && to_router) {
		vlan_count_as(f, srow);	/* to the switch's VLAN interface: its frame */
		return switch_l3(f, &c, eth, proto, vlan, br->mac, ip6);
	}
	l2_csum_finish(&c, proto);	/* about to leave as a bare xdp_frame */
	if (mcast) {
		if (l3 && !vlan)
			switch_l3_copy(f, &c, proto, ip6);
		return bridge_flood(f, bridge, vid, BPF_F_EXCLUDE_INGRESS);
	}
	out = fdb_port_inline(bridge, vid, eth->h_dest, br, now, &oif, &out_vfx);
	trace(f, XR_TS_FDB, 0, 0, out ? oif : 0);
	if (!out)
		return bridge_flood(f, bridge, vid, BPF_F_EXCLUDE_INGRESS);
	return l2_output_unicast(f, out, oif, vid, out_vfx);
}

#endif
