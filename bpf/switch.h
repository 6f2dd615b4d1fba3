/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The switching stage: ports of a switch (bridge).  Placeholder until the
 * switch lands: switch ports pass frames to the kernel, and routes out of
 * a switch's L3 interface go to the daemon.
 */
#ifndef XR_BPF_SWITCH_H
#define XR_BPF_SWITCH_H

#include "route.h"

static __always_inline int switch_rx(struct frame *f)
{
	count(f, XR_STAT_PASS);
	return XDP_PASS;
}

static __always_inline int bridge_output(struct frame *f, struct ethhdr *eth,
					 struct iphdr *ip, __u32 oif, __be32 next)
{
	struct handoff_info hi = { .nh_ifid = oif, .nh_ip = next };

	return handoff(f, XR_STAT_HANDOFF_NEIGH_MISS, &hi);
}

#endif
