// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * IPv4 on the slow path: what the fast path hands up for an IPv4 packet
 * (for a router address, TTL expired, no route, next hop unresolved, too
 * big for the egress) answered with ICMP or forwarded (fragmented where
 * allowed, queued behind ARP where needed), and the route out for every
 * IPv4 packet the daemon itself sends.
 */
#include <errno.h>
#include <string.h>

#include "frag.h"
#include "icmp.h"
#include "log.h"
#include "metrics.h"
#include "module.h"
#include "nsm.h"
#include "rib.h"
#include "router.h"
#include "slowpath.h"
#include "trace.h"
#include "tracept.h"

#define IP4_BUF_LEN	(ETH_HLEN + PKT_IP_MAXLEN + 1)

static struct icmp *ip4_icmp;
/* The ICMP message being built; too big for the stack. */
static uint8_t ip4_out[IP4_BUF_LEN];

struct ip4_out_ctx {
	struct router *r;
	uint32_t ifid;
	struct xr_ip nh;
	uint32_t in_ifid;
};

/* One packet (or fragment) to a next hop: now if known, else queued behind ARP. */
static int ip4_to_neigh(void *ctx, uint8_t *ip, size_t len)
{
	struct ip4_out_ctx *o = ctx;
	struct nsm_entry e;
	uint64_t now = clock_now_ns();

	if (!nsm_lookup(o->r->neigh, o->ifid, &o->nh, &e, now) && nsm_state_has_mac(e.state)) {
		slowpath_xmit_ip(o->r, o->ifid, e.mac, ip, len);
		return 0;	/* a lost fragment is for the sender's timers, not a stop */
	}
	nsm_resolve(o->r->neigh, o->ifid, &o->nh, o->in_ifid, ip, len, now);
	return 0;
}

/* Out of ifid towards nh, fragmenting to the interface MTU when allowed. */
static int ip4_output(struct ip4_out_ctx *o, uint8_t *ip, size_t len)
{
	uint8_t mac[6];
	uint16_t mtu;
	int n;

	if (link_ifid_info(o->r, o->ifid, mac, &mtu))
		return -ENODEV;
	if (len <= mtu)
		return ip4_to_neigh(o, ip, len);
	n = frag_split(ip, len, mtu, ETH_HLEN, ip4_to_neigh, o);
	return n < 0 ? n : 0;
}

/* A packet the daemon built (ip[-ETH_HLEN..] writable), routed by the RIB. */
static int ip4_send(struct router *r, uint8_t *ip, size_t len)
{
	const pkt_iphdr *ih = (const pkt_iphdr *)ip;
	struct xr_ip dst = { .af = AF_INET, .v4 = ih->daddr };
	struct ip4_out_ctx o = { .r = r };
	struct rib_route rt;
	uint32_t nh_id;

	if (rib_get(r->rib, &dst, &rt, &nh_id) || rt.type != XR_NH_UNICAST)
		return -ENETUNREACH;
	o.ifid = rt.ifid;
	o.nh = rt.gw.af ? rt.gw : dst;
	return ip4_output(&o, ip, len);
}

/* ICMP error about ip (arrived on in_ifid), from the router's address there. */
static void ip4_icmp_error(struct router *r, uint32_t in_ifid, const uint8_t *ip, size_t len,
			   uint8_t type, uint8_t code, uint32_t info, unsigned flags)
{
	const pkt_iphdr *ih = (const pkt_iphdr *)ip;
	struct xr_ip peer = { .af = AF_INET, .v4 = ih->saddr };
	const struct xr_ip *src = addr_src_for(r, in_ifid, &peer);
	uint8_t *out = ip4_out + ETH_HLEN;
	int n;

	if (!src || src->af != AF_INET)
		return;
	n = icmp_error(ip4_icmp, out, sizeof(ip4_out) - ETH_HLEN, ip, len, type, code, info,
		       src->v4, flags, clock_now_ns());
	if (n > 0)
		ip4_send(r, out, n);
}

/* A packet for a router address: echo, UDP port unreachable, TCP RST. */
static void ip4_local(struct router *r, uint8_t *ip, size_t len, unsigned flags)
{
	const pkt_iphdr *ih = (const pkt_iphdr *)ip;
	uint8_t *out = ip4_out + ETH_HLEN;
	size_t cap = sizeof(ip4_out) - ETH_HLEN;
	int n = -EPERM;

	switch (ih->protocol) {
	case IPPROTO_ICMP:
		n = icmp_echo_reply(ip4_icmp, out, cap, ip, len, 0);
		break;
	case IPPROTO_UDP:
		n = icmp_error(ip4_icmp, out, cap, ip, len, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH,
			       0, ih->daddr, flags, clock_now_ns());
		break;
	case IPPROTO_TCP:
		n = icmp_tcp_rst(ip4_icmp, out, cap, ip, len, flags, clock_now_ns());
		break;
	}
	if (n > 0)
		ip4_send(r, out, n);
}

/* TTL - 1 with the incremental checksum update of RFC 1624. */
static void ip4_dec_ttl(pkt_iphdr *ih)
{
	/* HC' = ~(~HC + ~m + m'), m the TTL/protocol word: only TTL changes. */
	uint32_t sum = (uint16_t)~ntohs(ih->check) + (uint16_t)~0x0100u;

	ih->ttl--;
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	ih->check = htons(~sum & 0xffff);
}

/* What the fast path could not finish: the next hop unresolved, or too big. */
static void ip4_forward(struct router *r, const struct xr_handoff *h, uint8_t *ip, size_t len,
			unsigned flags)
{
	pkt_iphdr *ih = (pkt_iphdr *)ip;
	struct ip4_out_ctx o = { .r = r, .ifid = h->nh_ifid, .nh = { .af = AF_INET },
				 .in_ifid = h->ifid };
	int n;

	o.nh.v4 = h->nh_ip.v4;
	if (ih->ttl <= 1) {
		ip4_icmp_error(r, h->ifid, ip, len, ICMP_TIME_EXCEEDED, ICMP_EXC_TTL, 0, flags);
		return;
	}
	if (h->reason == XR_STAT_HANDOFF_MTU && (ntohs(ih->frag_off) & PKT_IP_DF)) {
		ip4_icmp_error(r, h->ifid, ip, len, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED, h->mtu,
			       flags);
		return;
	}
	ip4_dec_ttl(ih);
	if (h->reason == XR_STAT_HANDOFF_NEIGH_MISS) {
		ip4_to_neigh(&o, ip, len);
		return;
	}
	n = frag_split(ip, len, h->mtu, ETH_HLEN, ip4_to_neigh, &o);
	if (n > 0)
		tracept_note(XR_TS_D_FRAGMENTED, n > 255 ? 255 : n, 0, h->mtu);
	if (n < 0)
		pr_debug("ip4: fragmenting for mtu %u failed: %s\n", h->mtu, strerror(-n));
}

static void ip4_input(struct router *r, const struct xr_handoff *h, uint8_t *frame, size_t len)
{
	const struct ethhdr *eth = (const struct ethhdr *)frame;
	unsigned flags = pkt_mac_is_mcast(eth->h_dest) ? ICMP_F_L2_MCAST : 0;
	uint8_t *ip = frame + ETH_HLEN;
	size_t iplen;

	if (pkt_ip_check(ip, len - ETH_HLEN) < 0)
		return;
	/* Ethernet padding is not part of the packet. */
	iplen = ntohs(((pkt_iphdr *)ip)->tot_len);
	switch (h->reason) {
	case XR_STAT_HANDOFF_LOCAL:
		ip4_local(r, ip, iplen, flags);
		break;
	case XR_STAT_HANDOFF_TTL:
		ip4_icmp_error(r, h->ifid, ip, iplen, ICMP_TIME_EXCEEDED, ICMP_EXC_TTL, 0, flags);
		break;
	case XR_STAT_HANDOFF_NO_ROUTE:
	case XR_STAT_HANDOFF_UNREACH:
		ip4_icmp_error(r, h->ifid, ip, iplen, ICMP_DEST_UNREACH, ICMP_NET_UNREACH, 0, flags);
		break;
	case XR_STAT_HANDOFF_NEIGH_MISS:
	case XR_STAT_HANDOFF_MTU:
		ip4_forward(r, h, ip, iplen, flags);
		break;
	}
}

static void ip4_unreach(struct router *r, uint32_t in_ifid, const uint8_t *pkt, size_t len)
{
	ip4_icmp_error(r, in_ifid, pkt, len, ICMP_DEST_UNREACH, ICMP_HOST_UNREACH, 0, 0);
}

static struct slowpath_proto ip4_proto = {
	.name = "ipv4",
	.ethertype = ETH_P_IP,
	.reasons = SLOWPATH_REASON(HANDOFF_LOCAL) | SLOWPATH_REASON(HANDOFF_TTL) |
		   SLOWPATH_REASON(HANDOFF_NO_ROUTE) | SLOWPATH_REASON(HANDOFF_UNREACH) |
		   SLOWPATH_REASON(HANDOFF_NEIGH_MISS) | SLOWPATH_REASON(HANDOFF_MTU),
	.input = ip4_input,
	.unreach = ip4_unreach,
};
XR_SLOWPATH_PROTO(ip4_proto)

/* The slow path's ICMP sender for IPv4 (one global budget with IPv6's). */
static int ip4_init(struct router *r, const struct module_env *env)
{
	(void)r;
	(void)env;
	ip4_icmp = slowpath_icmp(AF_INET);
	return ip4_icmp ? 0 : -ENOMEM;
}

static void ip4_fini(struct router *r)
{
	(void)r;
	ip4_icmp = NULL;
}

static struct xr_module ip4_module = {
	.name = "ip4",
	.order = ROUTER_ORDER_IP4,
	.init = ip4_init,
	.fini = ip4_fini,
};
XR_MODULE(ip4_module)
