// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * xrouter's XDP program, attached to every port it owns.  A routed port
 * routes IPv4 addressed to its MAC; a switch port switches, and routes
 * what is addressed to its switch's router MAC.  The stages are split by
 * direction and include each other one way only:
 *
 *   l2_input.h -> ip4_input.h -> l3_output.h -> l2_output.h
 *                                            -> handoff_rb.h -> ctx.h
 *
 * with parse.h, csum.h, l4csum.h and maps.h beside them; this file only
 * picks the first, and hands a traced frame's record on with its verdict
 * (trace.h); it holds that path twice, with the trace stage and without.
 * Beside it: the flood's per-copy egress program, and the tc program that
 * tags the kernel's own frames of a VLAN interface.
 *
 * "xdp.frags" (BPF_F_XDP_HAS_FRAGS): a frame may arrive in several
 * buffers, headers in the first.  It lets a port run an MTU larger than
 * one page (veth refuses a single-buffer program when its peer's MTU
 * exceeds ~3.5 KB).  XDP on a veth turns its peer's TSO off, so for TCP
 * frame size is the only lever (tests/bench/RESULTS.md).
 */
#include "l2_input.h"

/*
 * A frame's way through, from its port's kind.  `traced` is a constant:
 * the object holds this body twice, in xdp_port without the trace hooks
 * and in xdp_port_traced with them, so that forwarding while no trace runs
 * costs what it would if the trace stage did not exist.
 */
static __always_inline int xdp_port_run(struct xdp_md *ctx, const int traced)
{
	__u32 ifindex = ctx->ingress_ifindex, slot;
	int act;
	struct xr_port *port;
	struct frame f;

	port = bpf_map_lookup_elem(&ports, &ifindex);
	if (!port || !(port->flags & XR_PORT_ACTIVE))
		return XDP_PASS;	/* not ours (yet): leave it to the kernel */
	slot = port->slot;
	f.cnt = bpf_map_lookup_elem(&stats, &slot);
	if (!f.cnt)
		return XDP_PASS;
	f.ctx = ctx;
	f.port = port;
	f.ifindex = ifindex;
	f.tagged = 0;
	f.vid = 0;
	f.ifid = port->flags & XR_PORT_SWITCHED ? XR_IFID_BRIDGE | port->bridge : ifindex;
	count(&f, XR_STAT_RX);
	f.trace = traced ? trace_begin(ctx) : 0;
	if (port->flags & XR_PORT_SWITCHED)
		act = l2_input_switched(&f);
	else
		act = l2_input_routed(&f);
	if (traced && f.trace)
		xr_trace_end(ctx, act);
	return act;
}

/*
 * The program on every port while no trace runs: the forwarding path and
 * nothing of the trace stage.
 */
SEC("xdp.frags")
int xdp_port(struct xdp_md *ctx)
{
	return xdp_port_run(ctx, 0);
}

/*
 * The same path with the trace hooks, on every port instead of xdp_port
 * while a trace runs (dp.c swaps them).  A program of its own, so the
 * verifier checks it against a budget of its own, and loaded only when a
 * trace first runs.
 */
SEC("xdp.frags")
int xdp_port_traced(struct xdp_md *ctx)
{
	return xdp_port_run(ctx, 1);
}

/*
 * Each copy of a flood, on its way out of one port (the flood lists'
 * devmap entries carry this program, user/dp/flood.c).  On a VLAN-aware
 * switch a flood leaves l2_output.h tagged with its VLAN: here it is
 * dropped on a port that is not a member and untagged where the port is
 * `untagged`.  Anything else leaves as it is.
 */
SEC("xdp.frags/devmap")
int xdp_flood_egress(struct xdp_md *ctx)
{
	__u32 oif = ctx->egress_ifindex, bridge;
	struct xr_bridge *br;
	struct xr_port *port;
	struct cursor c;
	struct ethhdr *eth;
	__u16 vid;
	__u8 vf;
	int vlan;

	port = bpf_map_lookup_elem(&ports, &oif);
	if (!port || !(port->flags & XR_PORT_SWITCHED))
		return XDP_PASS;
	bridge = port->bridge;
	br = bpf_map_lookup_elem(&bridges, &bridge);
	if (!br || !(br->flags & XR_BRIDGE_VLAN))
		return XDP_PASS;
	cursor_init(&c, ctx);
	parse_eth(&c, &eth, &vlan);
	vid = eth ? eth_vid(eth, vlan) : 0;
	vf = vid ? vlan_flags(port->slot, vid) : 0;
	if (!(vf & XR_VLAN_MEMBER))
		return XDP_DROP;
	if ((vf & XR_VLAN_UNTAGGED) && vlan_pop(ctx))
		return XDP_DROP;
	return XDP_PASS;
}

/*
 * The kernel's own frames out of a routed port that has VLAN interfaces
 * (tc egress, attached by the daemon while their addresses are on the
 * port's kernel device, kernel sync): one sent from a VLAN interface's
 * address (IPv4 or IPv6 source, ARP sender) gets that VLAN's tag, so a BGP
 * session or ssh to eth0.10's address answers into VLAN 10 where this
 * kernel has no 802.1Q driver.  The tag goes in as skb metadata, which the
 * device (or the stack, for one without VLAN offload) writes into the frame.
 */
SEC("tc")
int tc_vlan_kernel(struct __sk_buff *skb)
{
	struct xr_vlan_kaddr_key k = { .ifindex = skb->ifindex };
	__be16 proto;
	__u32 *vid;
	int err;

	if (skb->vlan_present || bpf_skb_load_bytes(skb, 12, &proto, sizeof(proto)))
		return 0;	/* TC_ACT_OK */
	if (proto == bpf_htons(ETH_P_IP)) {
		k.addr.af = XR_AF_INET;
		err = bpf_skb_load_bytes(skb, ETH_HLEN + 12, &k.addr.v4, 4);
	} else if (proto == bpf_htons(ETH_P_ARP)) {
		k.addr.af = XR_AF_INET;
		err = bpf_skb_load_bytes(skb, ETH_HLEN + 14, &k.addr.v4, 4);
	} else if (proto == bpf_htons(ETH_P_IPV6)) {
		k.addr.af = XR_AF_INET6;
		err = bpf_skb_load_bytes(skb, ETH_HLEN + 8, k.addr.b, 16);
	} else {
		return 0;
	}
	vid = err ? NULL : bpf_map_lookup_elem(&vlan_kaddrs, &k);
	if (vid && bpf_skb_vlan_push(skb, bpf_htons(ETH_P_8021Q), *vid & VLAN_VID_MASK))
		return 2;	/* TC_ACT_SHOT */
	return 0;
}

char LICENSE[] SEC("license") = "Dual BSD/GPL";
