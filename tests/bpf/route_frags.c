// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Frames larger than one page reach the program in several buffers
 * ("xdp.frags"), headers in the first: a jumbo frame is forwarded whole,
 * handed off whole when over the egress MTU, and one whose IPv4 length
 * claims more than all its buffers hold is dropped.  Topology of
 * route_test.c; port B is given MTU 9000 for the first case.
 */
#include <linux/if_ether.h>
#include <stdlib.h>
#include <string.h>

#include "route_test.h"

#define S(x)		XR_STAT_##x
#define JUMBO_FRAME	9000	/* Ethernet frame bytes: about three pages */

static void jumbo_build(struct pkt *p, uint32_t dst, size_t frame_len)
{
	rt_udp_len(p, dst, frame_len - ETH_HLEN);
}

static void jumbo_forward(struct harness *h, struct pkt *in)
{
	bool ok;

	jumbo_build(in, RT_TO_B | 0x0909, JUMBO_FRAME);
	ok = ASSERT_OK(h, h_port_routed(h, RT_B, 9000), "port B MTU 9000") &&
	     rt_fwd_check(h, in, RT_B, 1);
	ok = ASSERT_OK(h, h_port_routed(h, RT_B, 1500), "port B MTU back") && ok;
	h_report(h, ok, "multi-buffer: a %u-byte frame is forwarded whole (TTL, checksum, MACs)",
		 JUMBO_FRAME);
}

static void jumbo_over_mtu(struct harness *h, struct pkt *in)
{
	jumbo_build(in, RT_TO_C | 0x0909, JUMBO_FRAME);
	h_report(h, h_case_check(h, &(struct h_case){
			.port = RT_A, .in = in, .verdict = XDP_DROP,
			.cnt = { { S(RX), 1 }, { S(HANDOFF), 1 }, { S(HANDOFF_MTU), 1 } },
			.handoff = S(HANDOFF_MTU), .nh_ifid = h->ifindex[RT_C], .mtu = RT_MTU_C,
		 }),
		 "multi-buffer: over the egress MTU, all %u bytes go to the daemon", JUMBO_FRAME);
}

/* The IPv4 length says 100 bytes more than the frame's buffers hold. */
static void jumbo_short(struct harness *h, struct pkt *in)
{
	jumbo_build(in, RT_TO_B | 0x0909, JUMBO_FRAME);
	in->len -= 100;
	h_report(h, h_case_check(h, &(struct h_case){
			.port = RT_A, .in = in, .verdict = XDP_DROP,
			.cnt = { { S(RX), 1 }, { S(DROP_IP_LEN), 1 } }, .handoff = H_NO_HANDOFF,
		 }),
		 "multi-buffer: an IPv4 length beyond the last buffer is dropped");
}

void rt_frags(struct harness *h)
{
	struct pkt *in = malloc(sizeof(*in));

	if (!in) {
		h_report(h, false, "multi-buffer: out of memory");
		return;
	}
	jumbo_forward(h, in);
	jumbo_over_mtu(h, in);
	jumbo_short(h, in);
	free(in);
}
