/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The IPv4 routing stage (RFC 1812): validate, look up the DIR-24-8 FIB,
 * resolve the next hop's MAC, decrement TTL, rewrite MACs, redirect.
 * Anything that needs more than that goes to the daemon.
 */
#ifndef XR_BPF_ROUTE_H
#define XR_BPF_ROUTE_H

#include "frame.h"
#include "l4csum.h"
#include "maps.h"
#include "parse.h"

/* Next hop id for a destination (host order): what rib.c's fib_lookup() does. */
static __always_inline __u32 fib_lookup(__u32 dst)
{
	__u32 idx = dst >> 8, key = idx / XR_FIB_CHUNK;
	struct xr_fib_chunk *ch = bpf_map_lookup_elem(&tbl24, &key);
	__u32 e;

	if (!ch)
		return 0;
	e = ch->e[idx & (XR_FIB_CHUNK - 1)];
	if (e & XR_FIB_GROUP) {
		idx = (e & ~XR_FIB_GROUP) * 256 + (dst & 0xff);
		key = idx / XR_FIB_CHUNK;
		ch = bpf_map_lookup_elem(&tbl8, &key);
		if (!ch)
			return 0;
		e = ch->e[idx & (XR_FIB_CHUNK - 1)];
	}
	return e & XR_FIB_NH_MASK;
}

/* 0/8, 127/8, 169.254/16, 224/4, 240/4 (and so 255.255.255.255). */
static __always_inline int src_is_martian(__u32 s)
{
	__u32 a = s >> 24;

	return a == 0 || a == 127 || a >= 224 || (s >> 16) == 0xa9fe;
}

/* Destinations never forwarded; returns the drop reason or 0. */
static __always_inline int dst_check(__u32 d)
{
	__u32 a = d >> 24;

	if (d == 0xffffffff)
		return XR_STAT_DROP_BCAST_DST;
	if ((a & 0xf0) == 0xe0)
		return XR_STAT_DROP_MCAST_DST;
	if (a == 0 || a == 127 || a >= 240 || (d >> 16) == 0xa9fe)
		return XR_STAT_DROP_MARTIAN_DST;
	return 0;
}

/* TTL and protocol share a 16-bit word: update the checksum for it alone. */
static __always_inline void ip_decrease_ttl(struct iphdr *ip)
{
	__u16 *word = (__u16 *)&ip->ttl;
	__u16 old = *word;

	ip->ttl--;
	ip->check = csum_replace16(ip->check, old, *word);
}

/* Stamp a neighbour as in use, at most once a second: not a write per packet. */
static __always_inline void neigh_touch(struct xr_neigh *n)
{
	__u64 now = clock_coarse_ns();

	if (now - n->used_ns > XR_NEIGH_TOUCH_NS)
		n->used_ns = now;
}

/*
 * A gateway's MAC straight from its next hop (fib.h union xr_nh_l2): one
 * read of a word the daemon writes whole, and no hash lookup.  `used` is
 * written only when the daemon has cleared it since.
 */
static __always_inline int nh_l2_mac(struct xr_nexthop *nh, __u8 *dst)
{
	union xr_nh_l2 l2;

	l2.word = *(volatile __u64 *)&nh->l2.word;
	if (!l2.valid)
		return 0;
	if (!nh->used)
		nh->used = 1;
	__builtin_memcpy(dst, l2.mac, ETH_ALEN);
	return 1;
}

/* The next hop's MAC into dst: from the next hop, else the neighbour map. */
static __always_inline int neigh_mac(struct xr_nexthop *nh, const struct handoff_info *hi,
				     __u8 *dst)
{
	struct xr_neigh_key nk = { .ifid = hi->nh_ifid, .ip = hi->nh_ip };
	struct xr_neigh *n;

	if (nh_l2_mac(nh, dst))
		return 1;
	n = bpf_map_lookup_elem(&neigh, &nk);
	if (!n)
		return 0;
	neigh_touch(n);
	__builtin_memcpy(dst, n->mac, ETH_ALEN);
	return 1;
}

/*
 * What forwarding out of a routed port and out of a switch share: a partial
 * transport checksum finished, the MTU, the next hop's MAC, then TTL and
 * MAC rewrite.  Returns 0, or -1 when the
 * frame went to the daemon instead (*act is its verdict).
 */
static __always_inline int route_prepare(struct frame *f, struct ethhdr *eth, struct iphdr *ip,
					 struct xr_nexthop *nh, struct handoff_info *hi,
					 __u16 mtu, const __u8 *smac, int *act)
{
	/* Before any hand-off too: the daemon fragments or queues this frame. */
	ip4_l4_csum_finish(f->ctx, ip, (void *)(long)f->ctx->data_end);
	/* Fragmentation or Frag Needed is the daemon's job. */
	if (mtu && bpf_ntohs(ip->tot_len) > mtu) {
		hi->mtu = mtu;
		*act = handoff(f, XR_STAT_HANDOFF_MTU, hi);
		return -1;
	}
	/* The daemon resolves it, queues this packet and sends it on. */
	if (!neigh_mac(nh, hi, eth->h_dest)) {
		*act = handoff(f, XR_STAT_HANDOFF_NEIGH_MISS, hi);
		return -1;
	}
	ip_decrease_ttl(ip);
	__builtin_memcpy(eth->h_source, smac, ETH_ALEN);
	return 0;
}

static __always_inline int bridge_output(struct frame *f, struct ethhdr *eth, struct iphdr *ip,
					 struct xr_nexthop *nh, struct handoff_info *hi);

static __always_inline int route_output(struct frame *f, struct ethhdr *eth,
					struct iphdr *ip, struct xr_nexthop *nh)
{
	struct handoff_info hi = {
		.nh_ifid = nh->ifid,
		.nh_ip = nh->gw ? nh->gw : ip->daddr,
	};
	__u32 oif = nh->ifid;
	struct xr_port *out;
	int act;

	if (oif & XR_IFID_BRIDGE)
		return bridge_output(f, eth, ip, nh, &hi);
	out = bpf_map_lookup_elem(&ports, &oif);
	if (!out || !(out->flags & XR_PORT_ROUTED))
		return drop(f, XR_STAT_DROP_REDIRECT);
	if (route_prepare(f, eth, ip, nh, &hi, out->mtu, out->mac, &act))
		return act;
	act = bpf_redirect_map(&tx_ports, oif, XDP_DROP);
	if (act != XDP_REDIRECT)
		return drop(f, XR_STAT_DROP_REDIRECT);
	count(f, XR_STAT_FORWARDED);
	return act;
}

/* A frame with a link-layer group destination is never routed. */
static __always_inline int route_l2_group(struct frame *f, struct cursor *c)
{
	struct iphdr *ip = c->pos;

	if ((void *)(ip + 1) > c->end)
		return drop(f, XR_STAT_DROP_IP_TRUNC);
	if (!dst_check(bpf_ntohl(ip->daddr)))
		return drop(f, XR_STAT_DROP_L2_BCAST);
	/* Broadcast or multicast IP: the kernel may have listeners. */
	count(f, XR_STAT_PASS);
	return XDP_PASS;
}

/*
 * Route an IPv4 frame at the cursor that arrived for l3mac (the port's MAC,
 * or its switch's router MAC).  The order of the checks is RFC 1812's:
 * validity, martians, router address, TTL, then the route.
 */
static __always_inline int route_ipv4(struct frame *f, struct cursor *c,
				      struct ethhdr *eth, const __u8 *l3mac)
{
	struct xr_nexthop *nh = NULL;
	struct iphdr *ip;
	__u32 nh_id;
	int err;

	if (!mac_equal(eth->h_dest, l3mac)) {
		if (mac_is_multicast(eth->h_dest))
			return route_l2_group(f, c);
		count(f, XR_STAT_PASS);	/* another station's frame */
		return XDP_PASS;
	}
	err = parse_ipv4(c, &ip);
	if (err)
		return drop(f, err);
	if (src_is_martian(bpf_ntohl(ip->saddr)))
		return drop(f, XR_STAT_DROP_MARTIAN_SRC);
	err = dst_check(bpf_ntohl(ip->daddr));
	if (err)
		return drop(f, err);
	if (ip->ihl > 5) {
		err = ipv4_check_options(f->ctx, ip);
		if (err)
			return drop(f, err);
	}
	nh_id = fib_lookup(bpf_ntohl(ip->daddr));
	if (nh_id)
		nh = bpf_map_lookup_elem(&nexthops, &nh_id);
	if (nh && nh->type == XR_NH_LOCAL)
		return handoff(f, XR_STAT_HANDOFF_LOCAL, NULL);
	if (nh && nh->type == XR_NH_BROADCAST)
		return drop(f, XR_STAT_DROP_BCAST_DST);
	if (ip->ttl <= 1)
		return handoff(f, XR_STAT_HANDOFF_TTL, NULL);
	if (!nh)
		return handoff(f, XR_STAT_HANDOFF_NO_ROUTE, NULL);
	switch (nh->type) {
	case XR_NH_UNICAST:
		return route_output(f, eth, ip, nh);
	case XR_NH_BLACKHOLE:
		return drop(f, XR_STAT_DROP_BLACKHOLE);
	case XR_NH_UNREACHABLE:
		return handoff(f, XR_STAT_HANDOFF_UNREACH, NULL);
	default:
		return handoff(f, XR_STAT_HANDOFF_NO_ROUTE, NULL);
	}
}

/* A routed port: ARP to the daemon, IPv4 routed, everything else to the kernel. */
static __always_inline int route_rx(struct frame *f)
{
	struct cursor c;
	struct ethhdr *eth;
	__be16 proto;
	int vlan;

	cursor_init(&c, f->ctx);
	proto = parse_eth(&c, &eth, &vlan);
	if (!proto)
		return drop(f, XR_STAT_DROP_ETH_TRUNC);
	if (vlan || (proto != bpf_htons(ETH_P_IP) && proto != bpf_htons(ETH_P_ARP))) {
		count(f, XR_STAT_PASS);	/* IPv6, LLDP, tagged: not ours */
		return XDP_PASS;
	}
	if (proto == bpf_htons(ETH_P_ARP))
		return handoff(f, XR_STAT_HANDOFF_ARP, NULL);
	return route_ipv4(f, &c, eth, f->port->mac);
}

#endif
