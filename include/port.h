/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Ports (interfaces xrouter owns) and L3 interface ids.
 *
 * An L3 interface ("ifid") is either a routed port, named by its ifindex,
 * or a switch with an address, named XR_IFID_BRIDGE | bridge id.  Next hops
 * and neighbours are keyed by ifid so both kinds route alike.
 */
#ifndef XR_PORT_H
#define XR_PORT_H

#include <linux/types.h>

#define XR_MAX_IFINDEX		65536u	/* ports map is an array indexed by ifindex */
#define XR_MAX_PORTS		256u	/* slots for per-port counters and buckets */
#define XR_MAX_BRIDGES		64u	/* bridge ids 1..XR_MAX_BRIDGES-1 */
#define XR_IFID_BRIDGE		0x80000000u

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
	__u32 pad;
};
_Static_assert(sizeof(struct xr_port) == 28, "xr_port has no holes");

enum xr_bridge_flags {
	XR_BRIDGE_ACTIVE = 1 << 0,
	XR_BRIDGE_L3 = 1 << 1,		/* has an address: frames to `mac` are routed */
	XR_BRIDGE_IP6 = 1 << 2,		/* IPv6 to `mac` is routed too (and NDP handed up) */
};

struct xr_bridge {
	__u8 mac[6];		/* router MAC of the switch's L3 interface */
	__u16 mtu;		/* L3 MTU, host order */
	__u32 flags;		/* enum xr_bridge_flags */
	__u64 ageing_ns;	/* FDB ageing time */
};
_Static_assert(sizeof(struct xr_bridge) == 24, "xr_bridge has no holes");

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
