/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Ports (interfaces xrouter owns) and L3 interface ids.
 *
 * An L3 interface ("ifid") is either a routed port, named by its ifindex,
 * a switch with an address, named XR_IFID_BRIDGE | bridge id, or a VLAN
 * interface (802.1Q), named XR_IFID_VLAN | VID << 16 | its parent: the
 * parent port's ifindex, or XR_IFID_VLAN_BR | the switch's id.  Next hops
 * and neighbours are keyed by ifid so every kind routes alike.
 *
 * A VLAN interface has no map entry of its own: the id says where it
 * lives, the parent's entry gives its MAC and MTU, and the `vlans` map
 * (one flags byte per parent and VID, xr_vlan_key()) says it exists and
 * which row of the `stats` map counts its frames.  The same bytes hold a
 * switch port's VLAN membership.
 */
#ifndef XR_PORT_H
#define XR_PORT_H

#include <linux/types.h>

#include "ipaddr.h"

#define XR_MAX_IFINDEX		65536u	/* ports map is an array indexed by ifindex */
#define XR_MAX_PORTS		256u	/* slots for per-port counters and buckets */
#define XR_MAX_BRIDGES		64u	/* bridge ids 1..XR_MAX_BRIDGES-1 */
#define XR_MAX_VLAN_IFS		1024u	/* VLAN interfaces (`link add DEV vlan VID`) */
/* Rows of the `stats` map: a port's slot, then XR_MAX_PORTS + a VLAN interface's number. */
#define XR_STATS_ROWS		(XR_MAX_PORTS + XR_MAX_VLAN_IFS)
#define XR_IFID_BRIDGE		0x80000000u
#define XR_IFID_VLAN		0x40000000u	/* VLAN interface: VID in bits 16-27 */
#define XR_IFID_VLAN_BR		0x20000000u	/* its parent is a switch id, not an ifindex */

/* 802.1Q: VIDs 1..4094 name VLANs; 0 is a priority tag, 4095 reserved. */
#define XR_VID_MAX		4094u
#define XR_VLAN_VIDS		4096u
/* Tags parse_eth() steps over; a frame with more than one is QinQ (the kernel's). */
#define XR_VLAN_TAGS_MAX	2

static inline __u32 xr_ifid_vlan(__u32 parent, __u16 vid)
{
	return XR_IFID_VLAN | (__u32)(vid & 0xfff) << 16 | parent;
}

static inline __u16 xr_ifid_vid(__u32 ifid)
{
	return (ifid >> 16) & 0xfff;
}

/* The parent's ifindex, or (XR_IFID_VLAN_BR) switch id. */
static inline __u32 xr_ifid_vlan_parent(__u32 ifid)
{
	return ifid & 0xffff;
}

/* Hand-off token bucket defaults, per port, class and CPU. */
#define XR_HANDOFF_PPS		1000u
#define XR_HANDOFF_BURST	100u

enum xr_port_flags {
	XR_PORT_ACTIVE = 1 << 0,	/* slot in use */
	XR_PORT_ROUTED = 1 << 1,	/* routed port: IPv4 to its MAC is routed */
	XR_PORT_SWITCHED = 1 << 2,	/* port of switch `bridge` */
	XR_PORT_IP6 = 1 << 3,		/* routed port: IPv6 to its MAC is routed too; else the kernel's */
	/* The kernel's stack shares the port's router addresses (kernel sync):
	 * what the daemon does not answer itself, and ARP replies, reach it. */
	XR_PORT_LOCAL_KERNEL = 1 << 4,
};

struct xr_port {
	__u8 mac[6];		/* port MAC: source of routed frames */
	__u16 mtu;		/* L3 MTU, host order */
	__u32 flags;		/* enum xr_port_flags */
	__u16 slot;		/* index into per-port arrays, < XR_MAX_PORTS */
	__u16 bridge;		/* switch id when XR_PORT_SWITCHED, else 0 */
	__u32 handoff_pps;	/* hand-off rate per CPU, packets/s; 0 = default */
	__u32 handoff_burst;	/* bucket depth, packets; 0 = default */
	__u16 pvid;		/* switch port: VLAN of untagged frames, 0 none */
	__u16 pad;
};
_Static_assert(sizeof(struct xr_port) == 28, "xr_port has no holes");

enum xr_bridge_flags {
	XR_BRIDGE_ACTIVE = 1 << 0,
	XR_BRIDGE_L3 = 1 << 1,		/* has an address: frames to `mac` are routed */
	XR_BRIDGE_IP6 = 1 << 2,		/* IPv6 to `mac` is routed too (and NDP handed up) */
	XR_BRIDGE_VLAN = 1 << 3,	/* VLAN-aware: some port has a VLAN (`bridge vlan`) */
};

struct xr_bridge {
	__u8 mac[6];		/* router MAC of the switch's L3 interface */
	__u16 mtu;		/* L3 MTU, host order */
	__u32 flags;		/* enum xr_bridge_flags */
	__u64 ageing_ns;	/* FDB ageing time */
};
_Static_assert(sizeof(struct xr_bridge) == 24, "xr_bridge has no holes");

/*
 * VLANs of a parent: one flags byte per VID, eight VIDs a map value, rows
 * by parent (a port's slot; a switch at XR_MAX_PORTS + its id), so a
 * lookup is an array index and the map stays ~1.3 MB.
 */
enum xr_vlan_flags {
	XR_VLAN_MEMBER = 1 << 0,	/* switch port: a member of the VLAN */
	XR_VLAN_UNTAGGED = 1 << 1,	/* switch port: frames of it leave untagged */
	XR_VLAN_L3 = 1 << 2,		/* a VLAN interface: the parent's frames of it are routed */
	XR_VLAN_IP6 = 1 << 3,		/* and IPv6 of it too */
};

#define XR_VLAN_ROWS		(XR_MAX_PORTS + XR_MAX_BRIDGES)
#define XR_VLAN_PER_VALUE	8u
#define XR_VLAN_ENTRIES		(XR_VLAN_ROWS * XR_VLAN_VIDS / XR_VLAN_PER_VALUE)

struct xr_vlan8 {
	__u8 flags[XR_VLAN_PER_VALUE];	/* enum xr_vlan_flags, by VID % 8 */
	/* A VLAN interface's row of the `stats` map (XR_VLAN_L3), by VID % 8;
	 * 0: none, its frames count on the parent alone. */
	__u16 stats[XR_VLAN_PER_VALUE];
};
_Static_assert(sizeof(struct xr_vlan8) == 24, "xr_vlan8 has no holes");

/*
 * A routed VLAN interface's router address, which kernel sync puts on its
 * parent's kernel device (this kernel may have no 802.1Q driver): frames
 * the kernel sends from it out of that device get the VID's tag (value,
 * host order) from the `vlan_kaddrs` map's egress program.
 */
struct xr_vlan_kaddr_key {
	__u32 ifindex;		/* the parent port */
	struct xr_ipaddr addr;
};
_Static_assert(sizeof(struct xr_vlan_kaddr_key) == 24, "xr_vlan_kaddr_key has no holes");

#define XR_VLAN_KADDRS		1024u	/* the router's addresses at most (RT_ADDR_MAX) */

static inline __u32 xr_vlan_row_bridge(__u32 bridge)
{
	return XR_MAX_PORTS + bridge;
}

/* The `vlans` map key holding (row, vid); its byte is flags[vid % 8]. */
static inline __u32 xr_vlan_key(__u32 row, __u16 vid)
{
	return (row * XR_VLAN_VIDS + (vid & 0xfff)) / XR_VLAN_PER_VALUE;
}

/*
 * Hand-off classes.  Each has its own token bucket per port and CPU, at
 * the port's rate, so a flood of one kind (TTL-expired probes, echoes to
 * the router, packets for a host that never answers) cannot use up the
 * hand-offs that keep the port's neighbours resolved.
 */
enum xr_handoff_class {
	XR_HANDOFF_CLASS_RESOLVE,	/* ARP and NDP: resolution itself */
	XR_HANDOFF_CLASS_NEIGH_MISS,	/* packets waiting for a neighbour */
	XR_HANDOFF_CLASS_OTHER,		/* for the router, TTL, no route, MTU, ... */
	XR_HANDOFF_CLASS_MAX,
};

/* Per-CPU hand-off token buckets: the time each class is empty until. */
struct xr_bucket {
	__u64 t_ns[XR_HANDOFF_CLASS_MAX];
};

#endif
