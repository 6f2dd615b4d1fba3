/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Frames the fast path hands to the daemon, through one BPF ring buffer
 * for all CPUs.  Each record is struct xr_handoff_rec: this header, then
 * the whole frame (len bytes); the frame itself is then dropped in XDP.
 * A record is shorter than the struct when the frame is: the BPF side
 * reserves by size class (bpf/frame.h), the reader trusts len only within
 * the record it got.
 */
#ifndef XR_HANDOFF_H
#define XR_HANDOFF_H

#include <linux/types.h>

#include "ipaddr.h"

/*
 * Largest frame copied whole: what len can say.  Multi-buffer XDP brings
 * frames up to the port MTU (veth: 65535) + 14; a longer one is not handed
 * off (drop_handoff_fail).
 */
#define XR_HANDOFF_FRAME_MAX	65535u
/* Ring bytes, a power of 2 pages: ~14,000 small frames, 64 of 64 KiB. */
#define XR_HANDOFF_RING		(4u << 20)

struct xr_handoff {
	__u32 ifindex;		/* ingress port, host order */
	__u16 reason;		/* enum xr_stat, < XR_HANDOFF_REASON_MAX */
	__u16 len;		/* frame bytes that follow, host order */
	__u32 nh_ifid;		/* NEIGH_MISS, MTU: egress L3 interface; FLOOD: below */
	__u16 mtu;		/* MTU: egress MTU, host order; FLOOD: the VLAN (0: none) */
	__u16 trace;		/* trace.h record id of a traced frame, else 0 */
	__u32 ifid;		/* ingress L3 interface (port or its switch) */
	struct xr_ipaddr nh_ip;	/* NEIGH_MISS, MTU: the next hop's address */
};
_Static_assert(sizeof(struct xr_handoff) == 40, "xr_handoff has no holes");

/*
 * HANDOFF_FLOOD: a frame of more than one buffer the switch must flood,
 * which the kernel's broadcast redirect cannot (it clones each copy, and
 * multi-buffer frames do not clone): the daemon sends the copies.  nh_ifid
 * is the switch id, with this bit when the ingress port gets no copy (a
 * switched frame; a routed one may go back where it came); the frame
 * carries the tag of VLAN mtu, and each port gets it as its membership says.
 */
#define XR_HANDOFF_FLOOD_EXCLUDE	0x80000000u

/* The largest ring record; only the first len bytes of frame are there. */
struct xr_handoff_rec {
	struct xr_handoff h;
	__u8 frame[XR_HANDOFF_FRAME_MAX];
};

#endif
