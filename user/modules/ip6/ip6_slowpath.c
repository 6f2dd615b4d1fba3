// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * IPv6 on the slow path, the adapter beside ip4/ip4_slowpath.c: what the
 * fast path hands up for an IPv6 packet (for a router address, NDP, hop
 * limit expired, no route, next hop unresolved, too big for the egress)
 * answered with ICMPv6 (RFC 4443) or forwarded behind NDP, and the way
 * out for every IPv6 packet the daemon itself sends.  Routers never
 * fragment IPv6: a packet too big gets Packet Too Big, nothing else.
 */
#include <errno.h>
#include <string.h>

#include "addr_rules.h"
#include "icmp6.h"
#include "ip6.h"
#include "log.h"
#include "mapaddr.h"
#include "module.h"
#include "nsm.h"
#include "rib.h"
#include "router.h"
#include "slowpath.h"

#define IP6_BUF_LEN	(ETH_HLEN + ICMP6_ERR_MAX + 9216)

static struct icmp *ip6_icmp;
/* The message being built; too big for the stack. */
static uint8_t ip6_out[IP6_BUF_LEN];

int ip6_send_to(struct router *r, uint32_t ifid, const uint8_t mac[6], uint8_t *ip, size_t len)
{
	return slowpath_xmit_ip(r, ifid, mac, ip, len);
}

/* To nh out of ifid: now if its MAC is known, else queued behind NDP. */
static int ip6_to_neigh(struct router *r, uint32_t ifid, const struct xr_ip *nh,
			uint32_t in_ifid, uint8_t *ip, size_t len)
{
	uint64_t now = clock_now_ns();
	struct nsm_entry e;

	if (!nsm_lookup(r->neigh, ifid, nh, &e, now) && nsm_state_has_mac(e.state))
		return ip6_send_to(r, ifid, e.mac, ip, len);
	return nsm_resolve(r->neigh, ifid, nh, in_ifid, ip, len, now);
}

int ip6_send(struct router *r, uint32_t ifid, uint8_t *ip, size_t len)
{
	const struct pkt_ip6 *h = (const void *)ip;
	struct xr_ip dst = xr_ip6(h->dst);
	struct rib_route rt;
	uint8_t mac[6];
	uint32_t nh_id;

	if (ip6_is_mcast(h->dst)) {
		ndp_mcast_mac(h->dst, mac);
		return ip6_send_to(r, ifid, mac, ip, len);
	}
	/* A link-local destination is on the link the exchange is on. */
	if (ip6_is_linklocal(h->dst))
		return ip6_to_neigh(r, ifid, &dst, 0, ip, len);
	if (rib_get(r->rib, &dst, &rt, &nh_id) || rt.type != XR_NH_UNICAST)
		return -ENETUNREACH;
	return ip6_to_neigh(r, rt.ifid, rt.gw.af ? &rt.gw : &dst, 0, ip, len);
}

/* ICMPv6 error about ip (arrived on in_ifid), from the router's address there. */
static void ip6_icmp_error(struct router *r, uint32_t in_ifid, const uint8_t *ip, size_t len,
			   uint8_t type, uint8_t code, uint32_t info, unsigned flags)
{
	struct xr_ip peer = xr_ip6(((const struct pkt_ip6 *)ip)->src);
	const struct xr_ip *src = addr_src_for(r, in_ifid, &peer);
	uint8_t *out = ip6_out + ETH_HLEN;
	int n;

	if (!src)
		return;
	n = icmp6_error(ip6_icmp, out, sizeof(ip6_out) - ETH_HLEN, ip, len, type, code, info,
			src->b, flags, clock_now_ns());
	if (n > 0)
		ip6_send(r, in_ifid, out, (size_t)n);
	else if (n != -EPERM)
		pr_debug("ip6: no error %u/%u: %s\n", type, code, strerror(-n));
}

/* A packet for a router address: NDP, echo, UDP port unreachable, TCP RST. */
static void ip6_local(struct router *r, const struct xr_handoff *h, const uint8_t *frame,
		      uint8_t *ip, size_t len, unsigned flags)
{
	uint8_t *out = ip6_out + ETH_HLEN;
	size_t cap = sizeof(ip6_out) - ETH_HLEN, off;
	uint8_t proto;
	bool later;
	int n = -EPERM;

	if (ip6_upper(ip, len, &proto, &off, &later) || later)
		return;
	if (proto == IPPROTO_ICMPV6 && off < len && ip[off] >= NDP_RS && ip[off] <= NDP_REDIRECT) {
		ndp_input(r, h, frame, ip, len);
		return;
	}
	/* Only a router address of ours is answered; groups get NDP alone. */
	if (ip6_is_mcast(((const struct pkt_ip6 *)ip)->dst))
		return;
	switch (proto) {
	case IPPROTO_ICMPV6:
		n = icmp6_echo_reply(out, cap, ip, len, NULL);
		break;
	case IPPROTO_UDP:
		ip6_icmp_error(r, h->ifid, ip, len, ICMP6_DEST_UNREACH, ICMP6_PORT_UNREACH, 0, flags);
		return;
	case IPPROTO_TCP:
		n = icmp6_tcp_rst(ip6_icmp, out, cap, ip, len, flags, clock_now_ns());
		break;
	}
	if (n > 0)
		ip6_send(r, h->ifid, out, (size_t)n);
}

/* What the fast path could not finish: the next hop unresolved, or too big. */
static void ip6_forward(struct router *r, const struct xr_handoff *h, uint8_t *ip, size_t len,
			unsigned flags)
{
	struct pkt_ip6 *ih = (void *)ip;
	struct xr_ip nh = mapaddr_to_ip(&h->nh_ip);

	if (ih->hops <= 1) {
		ip6_icmp_error(r, h->ifid, ip, len, ICMP6_TIME_EXCEED, 0, 0, flags);
		return;
	}
	if (h->reason == XR_STAT_HANDOFF_MTU) {
		ip6_icmp_error(r, h->ifid, ip, len, ICMP6_PKT_TOO_BIG, 0, h->mtu, flags);
		return;
	}
	ih->hops--;
	if (nh.af != AF_INET6)
		nh = xr_ip6(ih->dst);
	ip6_to_neigh(r, h->nh_ifid, &nh, h->ifid, ip, len);
}

/* No route: "beyond scope" when a link-local source would leave its link. */
static void ip6_no_route(struct router *r, const struct xr_handoff *h, const uint8_t *ip,
			 size_t len, unsigned flags)
{
	const struct pkt_ip6 *ih = (const void *)ip;
	uint8_t code = ip6_is_linklocal(ih->src) && !ip6_is_linklocal(ih->dst) ?
		       ICMP6_BEYOND_SCOPE : ICMP6_NOROUTE;

	ip6_icmp_error(r, h->ifid, ip, len, ICMP6_DEST_UNREACH, code, 0, flags);
}

static void ip6_input(struct router *r, const struct xr_handoff *h, uint8_t *frame, size_t len)
{
	const struct ethhdr *eth = (const struct ethhdr *)frame;
	unsigned flags = pkt_mac_is_mcast(eth->h_dest) ? ICMP_F_L2_MCAST : 0;
	uint8_t *ip = frame + ETH_HLEN;
	int tot = ip6_check(ip, len - ETH_HLEN);

	if (tot < 0)
		return;
	/* Ethernet padding is not part of the packet. */
	switch (h->reason) {
	case XR_STAT_HANDOFF_LOCAL:
		ip6_local(r, h, frame, ip, (size_t)tot, flags);
		break;
	case XR_STAT_HANDOFF_TTL:
		ip6_icmp_error(r, h->ifid, ip, (size_t)tot, ICMP6_TIME_EXCEED, 0, 0, flags);
		break;
	case XR_STAT_HANDOFF_NO_ROUTE:
	case XR_STAT_HANDOFF_UNREACH:
		ip6_no_route(r, h, ip, (size_t)tot, flags);
		break;
	case XR_STAT_HANDOFF_NEIGH_MISS:
	case XR_STAT_HANDOFF_MTU:
		ip6_forward(r, h, ip, (size_t)tot, flags);
		break;
	}
}

/* Resolution failed for a packet queued behind NDP: Address Unreachable (1/3). */
static void ip6_unreach(struct router *r, uint32_t in_ifid, const uint8_t *pkt, size_t len)
{
	ip6_icmp_error(r, in_ifid, pkt, len, ICMP6_DEST_UNREACH, ICMP6_ADDR_UNREACH, 0, 0);
}

static struct slowpath_proto ip6_proto = {
	.name = "ipv6",
	.ethertype = ETH_P_IPV6,
	.reasons = SLOWPATH_REASON(HANDOFF_LOCAL) | SLOWPATH_REASON(HANDOFF_TTL) |
		   SLOWPATH_REASON(HANDOFF_NO_ROUTE) | SLOWPATH_REASON(HANDOFF_UNREACH) |
		   SLOWPATH_REASON(HANDOFF_NEIGH_MISS) | SLOWPATH_REASON(HANDOFF_MTU),
	.input = ip6_input,
	.unreach = ip6_unreach,
};
XR_SLOWPATH_PROTO(ip6_proto)

/* The slow path's ICMP sender for IPv6 (one global budget with IPv4's). */
static int ip6_init(struct router *r, const struct module_env *env)
{
	(void)r;
	(void)env;
	ip6_icmp = slowpath_icmp(AF_INET6);
	return ip6_icmp ? 0 : -ENOMEM;
}

static void ip6_fini(struct router *r)
{
	(void)r;
	ip6_icmp = NULL;
}

static struct xr_module ip6_module = {
	.name = "ip6",
	.order = ROUTER_ORDER_IP6,
	.init = ip6_init,
	.fini = ip6_fini,
};
XR_MODULE(ip6_module)
