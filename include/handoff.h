/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Frames the fast path hands to the daemon.  bpf_xdp_output() copies the
 * whole frame into a perf event buffer behind this header; the frame
 * itself is then dropped in XDP.
 */
#ifndef XR_HANDOFF_H
#define XR_HANDOFF_H

#include <linux/types.h>

struct xr_handoff {
	__u32 ifindex;		/* ingress port, host order */
	__u16 reason;		/* enum xr_stat, < XR_HANDOFF_REASON_MAX */
	__u16 len;		/* frame bytes that follow, host order */
	__u32 nh_ifid;		/* NEIGH_MISS, MTU: egress L3 interface */
	__be32 nh_ip;		/* NEIGH_MISS: address to resolve, network order */
	__u16 mtu;		/* MTU: egress MTU, host order */
	__u16 pad;
	__u32 ifid;		/* ingress L3 interface (port or its switch) */
};
_Static_assert(sizeof(struct xr_handoff) == 24, "xr_handoff has no holes");

#endif
