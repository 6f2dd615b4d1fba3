/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Out of a switch: a station's port from the FDB, known unicast to it,
 * everything else flooded to the switch's other ports through its own
 * devmap (maps.h `flood`), so switches never leak into each other.  Both
 * switched frames (l2_input.h) and frames routed into a switch's subnet
 * (l3_output.h) leave here.
 *
 * On a VLAN-aware switch (XR_BRIDGE_VLAN) the FDB is keyed by VLAN too, a
 * known station's port must be a member of the frame's VLAN, and the
 * frame leaves it tagged or not as the port's membership says.  A flood
 * leaves tagged with its VLAN through the one flood list; the devmap
 * program at the end of this file, run for each copy, drops it on ports
 * not in that VLAN and untags it where the port wants it untagged.
 */
#ifndef XR_BPF_L2_OUTPUT_H
#define XR_BPF_L2_OUTPUT_H

#include "fdb_cache.h"
#include "handoff_rb.h"
#include "vlan.h"

/* A station is known while its entry is younger than the switch's ageing. */
static __always_inline __u64 bridge_ageing_ns(const struct xr_bridge *br)
{
	return br->ageing_ns ? br->ageing_ns : XR_FDB_AGEING_S * NSEC_PER_SEC;
}

static __always_inline int fdb_fresh(const struct xr_fdb *e, __u64 ageing_ns, __u64 now)
{
	return (e->flags & XR_FDB_STATIC) || xr_fdb_age_fresh(now, e->seen_ns, ageing_ns);
}

/* A fresh cached copy of probe p's entry into *e: 1, else 0 (ask the hash). */
static __always_inline int fdb_cache_fresh(const struct fdb_probe *p, __u64 ageing_ns, __u64 now,
					   struct xr_fdb *e)
{
	return fdb_cache_get(p, e) && fdb_fresh(e, ageing_ns, now);
}

/*
 * The port (ifindex) the FDB knows station k on, 0 if none or aged out
 * (the clock read in here, so that no caller forks on it).
 * A fresh copy in this CPU's cache answers without the hash; a stale one
 * asks the hash, which may have been touched since, and keeps its answer
 * when fresh.  The hash's entry is copied field by field, each an aligned
 * word that learning stores whole.  A global function: the verifier walks
 * it once, not once per path that routes into a switch.
 */
__noinline __u32 fdb_oif(const struct xr_fdb_key *k, __u64 ageing_ns)
{
	__u64 now = l2_clock_ns();
	struct xr_port *out;
	struct fdb_probe p;
	struct xr_fdb e, *h;
	__u32 oif;

	if (!k)
		return 0;
	fdb_probe_init(&p, k->bridge, k->vlan, k->mac, fdb_epoch_tag());
	if (fdb_cache_fresh(&p, ageing_ns, now, &e))
		return e.ifindex;
	h = bpf_map_lookup_elem(&fdb, k);
	if (!h)
		return 0;
	e = *h;
	if (!fdb_fresh(&e, ageing_ns, now))
		return 0;
	out = k->vlan ? bpf_map_lookup_elem(&ports, &e.ifindex) : NULL;
	oif = e.ifindex;
	if (out)	/* what a frame to it will ask next */
		e.flags = fdb_flags_vfx(e.flags, 0x100 | vlan_flags(out->slot, k->vlan));
	fdb_cache_put(&p, &e);
	return oif;
}

/*
 * Port oif as the way out of switch `bridge` to a station the FDB knows
 * there, NULL if none or no longer a port of this switch (a stale entry
 * after `link del` must not leak a frame out of the switch).
 */
static __always_inline struct xr_port *fdb_out(__u32 *oif, __u16 bridge)
{
	struct xr_port *out;

	if (!*oif)
		return NULL;
	out = bpf_map_lookup_elem(&ports, oif);
	if (!out || !(out->flags & XR_PORT_SWITCHED) || out->bridge != bridge)
		return NULL;
	return out;
}

/*
 * The port a station of switch `bridge` in VLAN vid (0 on a VLAN-unaware
 * switch) is known on, NULL if unknown or aged out; *oif is its ifindex.
 */
static __always_inline struct xr_port *fdb_port(__u16 bridge, __u16 vid, const __u8 *mac,
						 const struct xr_bridge *br, __u32 *oif)
{
	struct xr_fdb_key k = { .bridge = bridge, .vlan = vid };

	__builtin_memcpy(k.mac, mac, ETH_ALEN);
	*oif = fdb_oif(&k, bridge_ageing_ns(br));
	return fdb_out(oif, bridge);
}

/*
 * fdb_port() for the switching path, which is inlined once: a hit in
 * this CPU's cache costs no call either (a call and its return cost
 * several ns on this machine's CPU).
 */
static __always_inline struct xr_port *fdb_port_inline(__u16 bridge, __u16 vid, const __u8 *mac,
							const struct xr_bridge *br, __u64 now,
							__u32 *oif, __u32 *vfx)
{
	struct fdb_probe p;
	struct xr_fdb e;

	fdb_probe_init(&p, bridge, vid, mac, fdb_epoch_tag());
	if (!fdb_cache_fresh(&p, bridge_ageing_ns(br), now, &e))
		return fdb_port(bridge, vid, mac, br, oif);
	*oif = e.ifindex;
	*vfx = fdb_slot_vfx(&e);
	return fdb_out(oif, bridge);
}

/*
 * The tag a frame of VLAN vid leaves switch port out with: XR_CONTINUE
 * with *egress_vid set (0: untagged), or the verdict for a port that is
 * not a member.  A VLAN-unaware switch leaves frames as they are.  vfx:
 * the port's flags in vid if the FDB cache had them (0x100 | flags), or 0.
 */
static __always_inline int vlan_port_egress(struct frame *f, const struct xr_port *out, __u16 vid,
					    __u32 vfx, __u16 *egress_vid)
{
	__u8 vf;

	*egress_vid = 0;
	if (!vid)
		return XR_CONTINUE;
	vf = vfx ? (__u8)vfx : vlan_flags(out->slot, vid);
	if (!(vf & XR_VLAN_MEMBER))
		return drop(f, XR_STAT_DROP_VLAN);
	*egress_vid = vf & XR_VLAN_UNTAGGED ? 0 : vid;
	return XR_CONTINUE;
}

/* Make the frame leave with VID vid (0: untagged): XR_CONTINUE, or a drop. */
static __always_inline int vlan_egress(struct frame *f, __u16 vid)
{
	if (f->tagged ? f->vid == vid : !vid)
		return XR_CONTINUE;	/* as it is */
	if (vlan_retag(f->ctx, f->tagged, vid))
		return drop(f, XR_STAT_DROP_REDIRECT);
	trace(f, XR_TS_VLAN, 0, vid, f->tagged ? f->vid : 0);
	f->tagged = !!vid;
	f->vid = vid;
	return XR_CONTINUE;
}

/*
 * A frame of more than one buffer, to flood: the kernel's broadcast
 * redirect would lose it (include/handoff.h, HANDOFF_FLOOD), so the daemon
 * sends the copies.  Rare (stations are learned from their small frames),
 * and rate-limited as any hand-off is.
 */
static __always_inline int bridge_flood_handoff(struct frame *f, __u32 bridge, __u16 vid,
						__u64 flags)
{
	struct handoff_info info = {
		.nh_ifid = bridge | (flags & BPF_F_EXCLUDE_INGRESS ? XR_HANDOFF_FLOOD_EXCLUDE : 0),
		.mtu = vid,
	};

	return handoff(f, XR_STAT_HANDOFF_FLOOD, &info);
}

/*
 * Every port of the switch but (unless routed into it) the ingress one.
 * A frame of VLAN vid floods tagged with it; the egress program tags
 * each copy for its port.
 */
static __always_inline int bridge_flood(struct frame *f, __u32 bridge, __u16 vid, __u64 flags)
{
	void *devs = bpf_map_lookup_elem(&flood, &bridge);
	int act;

	if (!devs)
		return drop(f, XR_STAT_DROP_REDIRECT);	/* switch not set up */
	act = vlan_egress(f, vid);
	if (act != XR_CONTINUE)
		return act;
	trace(f, XR_TS_FLOOD, 0, 0, bridge);
	if (xdp_tail_len(f->ctx))
		return bridge_flood_handoff(f, bridge, vid, flags);
	act = bpf_redirect_map(devs, 0, BPF_F_BROADCAST | flags);
	if (act != XDP_REDIRECT)
		return drop(f, XR_STAT_DROP_REDIRECT);
	count(f, XR_STAT_FLOODED);
	return act;
}

/* Known unicast of VLAN vid, switched to port out (oif); vfx as vlan_port_egress() takes it. */
static __always_inline int l2_output_unicast(struct frame *f, const struct xr_port *out, __u32 oif,
					     __u16 vid, __u32 vfx)
{
	__u16 evid;
	int act;

	if (oif == f->ifindex)
		return drop(f, XR_STAT_DROP_SAME_PORT);	/* already on that segment */
	act = vlan_port_egress(f, out, vid, vfx, &evid);
	if (act == XR_CONTINUE)
		act = vlan_egress(f, evid);
	if (act != XR_CONTINUE)
		return act;
	act = bpf_redirect_map(&tx_ports, oif, XDP_DROP);
	if (act != XDP_REDIRECT)
		return drop(f, XR_STAT_DROP_REDIRECT);
	count(f, XR_STAT_SWITCHED);
	return act;
}

/*
 * Routed into a switch's subnet (VLAN vid of it, 0 on a VLAN-unaware
 * switch), MACs already rewritten: the FDB gives the host's port.  A host
 * the FDB does not know (yet, or any more) is flooded like any unknown
 * unicast, as a Linux bridge would; the ingress port is not excluded,
 * since a routed frame may go back where it came.
 */
static __always_inline int l2_output_routed(struct frame *f, struct ethhdr *eth, __u32 bridge,
					    __u16 vid, const struct xr_bridge *br)
{
	struct xr_port *out;
	__u32 oif = 0;
	__u16 evid;
	int act;

	out = fdb_port(bridge, vid, eth->h_dest, br, &oif);
	trace(f, XR_TS_FDB, 0, 0, out ? oif : 0);
	if (!out) {
		if (bridge_flood(f, bridge, vid, 0) != XDP_REDIRECT)
			return XDP_DROP;	/* counted */
		count(f, XR_STAT_FORWARDED);
		return XDP_REDIRECT;
	}
	act = vlan_port_egress(f, out, vid, 0, &evid);
	if (act == XR_CONTINUE)
		act = vlan_egress(f, evid);
	if (act != XR_CONTINUE)
		return act;
	if (bpf_redirect_map(&tx_ports, oif, XDP_DROP) != XDP_REDIRECT)
		return drop(f, XR_STAT_DROP_REDIRECT);
	count(f, XR_STAT_FORWARDED);
	return XDP_REDIRECT;
}

#endif
