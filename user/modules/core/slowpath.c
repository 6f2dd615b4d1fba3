// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The slow path: frames the fast path handed up, dispatched by reason to
 * ARP, ICMP and fragmentation, and the way out for every packet the
 * daemon builds or forwards (route, resolve neighbour, add Ethernet
 * header, send on the port's packet socket).
 */
#include <errno.h>
#include <string.h>

#include "arp_resolver.h"
#include "dp.h"
#include "event.h"
#include "frag.h"
#include "icmp.h"
#include "log.h"
#include "module.h"
#include "pktio.h"
#include "rib.h"
#include "router.h"

#define SP_BUF_LEN	(ETH_HLEN + PKT_IP_MAXLEN + 1)

/* One frame is handled at a time; these are too big for the stack. */
static uint8_t sp_in[SP_BUF_LEN];
static uint8_t sp_out[SP_BUF_LEN];
static uint8_t sp_tx[SP_BUF_LEN];

/* Ethernet header in front of ip (ETH_HLEN writable bytes before it), then send. */
static int slowpath_xmit_eth(struct router *r, uint32_t ifid, const uint8_t dst[6],
			     uint8_t *ip, size_t len)
{
	struct ethhdr *eth = (struct ethhdr *)(ip - ETH_HLEN);
	uint16_t mtu;
	int err;

	err = link_ifid_info(r, ifid, eth->h_source, &mtu);
	if (err)
		return err;
	memcpy(eth->h_dest, dst, ETH_ALEN);
	eth->h_proto = htons(ETH_P_IP);
	return link_xmit(r, ifid, (uint8_t *)eth, len + ETH_HLEN);
}

struct sp_out_ctx {
	struct router *r;
	uint32_t ifid;
	__be32 nh;
	uint32_t in_ifid;
};

/* One packet (or fragment) to a next hop: now if known, else queued behind ARP. */
static int slowpath_to_neigh(void *ctx, uint8_t *ip, size_t len)
{
	struct sp_out_ctx *o = ctx;
	struct xr_ip nh = { .af = AF_INET, .v4 = o->nh };
	struct nsm_entry e;
	uint64_t now = clock_now_ns();

	if (!nsm_lookup(o->r->neigh, o->ifid, &nh, &e, now) && e.state != NSM_INCOMPLETE) {
		slowpath_xmit_eth(o->r, o->ifid, e.mac, ip, len);
		return 0;	/* a lost fragment is for the sender's timers, not a stop */
	}
	nsm_resolve(o->r->neigh, o->ifid, &nh, o->in_ifid, ip, len, now);
	return 0;
}

/* Out of ifid towards nh, fragmenting to the interface MTU when allowed. */
static int slowpath_output(struct router *r, uint32_t ifid, __be32 nh, uint32_t in_ifid,
			   uint8_t *ip, size_t len)
{
	struct sp_out_ctx o = { .r = r, .ifid = ifid, .nh = nh, .in_ifid = in_ifid };
	uint8_t mac[6];
	uint16_t mtu;
	int n;

	if (link_ifid_info(r, ifid, mac, &mtu))
		return -ENODEV;
	if (len <= mtu)
		return slowpath_to_neigh(&o, ip, len);
	n = frag_split(ip, len, mtu, ETH_HLEN, slowpath_to_neigh, &o);
	return n < 0 ? n : 0;
}

int slowpath_send_ip(struct router *r, uint8_t *ip, size_t len)
{
	const pkt_iphdr *ih = (const pkt_iphdr *)ip;
	struct xr_ip dst = xr_ip4(ntohl(ih->daddr));
	struct rib_route rt;
	uint32_t nh_id;

	if (rib_get(r->rib, &dst, &rt, &nh_id) || rt.type != XR_NH_UNICAST)
		return -ENETUNREACH;
	return slowpath_output(r, rt.ifid, rt.gw.af ? rt.gw.v4 : ih->daddr, 0, ip, len);
}

/* The router's IPv4 address on ifid to talk to ip from; 0 if it has none. */
static __be32 slowpath_src4(struct router *r, uint32_t ifid, __be32 ip)
{
	struct xr_ip peer = xr_ip4(ntohl(ip));
	const struct xr_ip *src = addr_src_for(r, ifid, &peer);

	return src && src->af == AF_INET ? src->v4 : 0;
}

/* ICMP error about ip (arrived on in_ifid), from the router's address there. */
static void slowpath_icmp_error(struct router *r, uint32_t in_ifid, const uint8_t *ip,
				size_t len, uint8_t type, uint8_t code, uint32_t info,
				unsigned flags)
{
	const pkt_iphdr *ih = (const pkt_iphdr *)ip;
	__be32 src = slowpath_src4(r, in_ifid, ih->saddr);
	uint8_t *out = sp_out + ETH_HLEN;
	int n;

	if (!src)
		return;
	n = icmp_error(r->icmp, out, sizeof(sp_out) - ETH_HLEN, ip, len, type, code, info,
		       src, flags, clock_now_ns());
	if (n > 0)
		slowpath_send_ip(r, out, n);
}

/* ---- neighbour state machine callbacks ---- */

void slowpath_neigh_xmit(void *ctx, uint32_t ifid, const struct xr_ip *ip,
			 const uint8_t mac[ETH_ALEN], const uint8_t *pkt, size_t len)
{
	(void)ip;
	if (len > sizeof(sp_tx) - ETH_HLEN)
		return;
	memcpy(sp_tx + ETH_HLEN, pkt, len);
	slowpath_xmit_eth(ctx, ifid, mac, sp_tx + ETH_HLEN, len);
}

void slowpath_neigh_unreach(void *ctx, uint32_t in_ifid, const uint8_t *pkt, size_t len)
{
	if (in_ifid)
		slowpath_icmp_error(ctx, in_ifid, pkt, len, ICMP_DEST_UNREACH, ICMP_HOST_UNREACH, 0, 0);
}

static void slowpath_garp(struct router *r, uint32_t ifid, uint32_t addr)
{
	uint8_t frame[PKT_ARP_FRAME_LEN], mac[6];
	uint16_t mtu;
	size_t n;

	if (link_ifid_info(r, ifid, mac, &mtu))
		return;
	n = arp_build_garp(frame, mac, htonl(addr));
	link_xmit(r, ifid, frame, n);
}

/* ---- hand-off dispatch ---- */

static void slowpath_arp_in(struct router *r, const struct xr_handoff *h, const uint8_t *frame,
			    size_t len)
{
	uint8_t reply[PKT_ARP_FRAME_LEN], mac[6];
	struct rt_port *p;
	struct arp_msg m;
	uint16_t mtu;
	size_t n;

	int err = arp_parse(frame, len, &m);

	if (err) {
		pr_debug("arp: ignored frame on ifindex %u: %s\n", h->ifindex, strerror(-err));
		return;
	}
	if (arp_input(r->neigh, h->ifid, &m, clock_now_ns()) != 1)
		return;
	if (link_ifid_info(r, h->ifid, mac, &mtu))
		return;
	n = arp_build_reply(reply, mac, &m);
	/* Back out of the port it came in on, also on a switch. */
	p = link_port_by_ifindex(r, h->ifindex);
	if (p)
		pktio_send(p->tx_fd, p->ifindex, reply, n);
}

/* A packet for a router address: echo, UDP port unreachable, TCP RST. */
static void slowpath_local(struct router *r, const struct xr_handoff *h, uint8_t *ip,
			   size_t len, unsigned flags)
{
	const pkt_iphdr *ih = (const pkt_iphdr *)ip;
	uint8_t *out = sp_out + ETH_HLEN;
	size_t cap = sizeof(sp_out) - ETH_HLEN;
	int n = -EPERM;

	switch (ih->protocol) {
	case IPPROTO_ICMP:
		n = icmp_echo_reply(r->icmp, out, cap, ip, len, 0);
		break;
	case IPPROTO_UDP:
		n = icmp_error(r->icmp, out, cap, ip, len, ICMP_DEST_UNREACH, ICMP_PORT_UNREACH, 0,
			       ih->daddr, flags, clock_now_ns());
		break;
	case IPPROTO_TCP:
		n = icmp_tcp_rst(r->icmp, out, cap, ip, len, flags, clock_now_ns());
		break;
	}
	(void)h;
	if (n > 0)
		slowpath_send_ip(r, out, n);
}

/* TTL - 1 with the incremental checksum update of RFC 1624. */
static void slowpath_dec_ttl(pkt_iphdr *ih)
{
	/* HC' = ~(~HC + ~m + m'), m the TTL/protocol word: only TTL changes. */
	uint32_t sum = (uint16_t)~ntohs(ih->check) + (uint16_t)~0x0100u;

	ih->ttl--;
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	ih->check = htons(~sum & 0xffff);
}

static void slowpath_forward(struct router *r, const struct xr_handoff *h, uint8_t *ip,
			     size_t len, unsigned flags)
{
	pkt_iphdr *ih = (pkt_iphdr *)ip;
	struct sp_out_ctx o = { .r = r, .ifid = h->nh_ifid, .nh = h->nh_ip.v4, .in_ifid = h->ifid };
	int n;

	if (ih->ttl <= 1) {
		slowpath_icmp_error(r, h->ifid, ip, len, ICMP_TIME_EXCEEDED, ICMP_EXC_TTL, 0, flags);
		return;
	}
	if (h->reason == XR_STAT_HANDOFF_MTU && (ntohs(ih->frag_off) & PKT_IP_DF)) {
		slowpath_icmp_error(r, h->ifid, ip, len, ICMP_DEST_UNREACH, ICMP_FRAG_NEEDED,
				    h->mtu, flags);
		return;
	}
	slowpath_dec_ttl(ih);
	if (h->reason == XR_STAT_HANDOFF_NEIGH_MISS) {
		slowpath_to_neigh(&o, ip, len);
		return;
	}
	n = frag_split(ip, len, h->mtu, ETH_HLEN, slowpath_to_neigh, &o);
	if (n < 0)
		pr_debug("slowpath: fragmenting for mtu %u failed: %s\n", h->mtu, strerror(-n));
}

static void slowpath_ipv4(struct router *r, const struct xr_handoff *h, uint8_t *frame,
			  size_t len)
{
	const struct ethhdr *eth = (const struct ethhdr *)frame;
	unsigned flags = pkt_mac_is_mcast(eth->h_dest) ? ICMP_F_L2_MCAST : 0;
	uint8_t *ip = frame + ETH_HLEN;
	int hlen = pkt_ip_check(ip, len - ETH_HLEN);
	size_t iplen;

	if (eth->h_proto != htons(ETH_P_IP) || hlen < 0)
		return;
	/* Ethernet padding is not part of the packet. */
	iplen = ntohs(((pkt_iphdr *)ip)->tot_len);
	switch (h->reason) {
	case XR_STAT_HANDOFF_LOCAL:
		slowpath_local(r, h, ip, iplen, flags);
		break;
	case XR_STAT_HANDOFF_TTL:
		slowpath_icmp_error(r, h->ifid, ip, iplen, ICMP_TIME_EXCEEDED, ICMP_EXC_TTL, 0, flags);
		break;
	case XR_STAT_HANDOFF_NO_ROUTE:
	case XR_STAT_HANDOFF_UNREACH:
		slowpath_icmp_error(r, h->ifid, ip, iplen, ICMP_DEST_UNREACH, ICMP_NET_UNREACH, 0,
				    flags);
		break;
	case XR_STAT_HANDOFF_NEIGH_MISS:
	case XR_STAT_HANDOFF_MTU:
		slowpath_forward(r, h, ip, iplen, flags);
		break;
	}
}

static void slowpath_handoff(void *ctx, const struct xr_handoff *h, const uint8_t *frame,
			     size_t len)
{
	struct router *r = ctx;

	pr_debug("handoff: %s on ifindex %u, %zu bytes\n",
		 h->reason < XR_STAT_MAX ? xr_stat_names[h->reason] : "?", h->ifindex, len);
	if (len < ETH_HLEN || len > sizeof(sp_in))
		return;
	if (h->reason == XR_STAT_HANDOFF_ARP) {
		slowpath_arp_in(r, h, frame, len);
		return;
	}
	/* A private, writable copy: forwarding rewrites TTL in place. */
	memcpy(sp_in, frame, len);
	slowpath_ipv4(r, h, sp_in, len);
}

static int slowpath_init(struct router *r, const struct module_env *env)
{
	int err;

	(void)env;
	r->icmp = icmp_create(NULL);
	if (!r->icmp)
		return -errno;
	err = dp_handoff_start(r->dp, slowpath_handoff, r);
	if (err) {
		pr_err("slowpath: cannot start the hand-off stream: %s\n", strerror(-err));
		icmp_destroy(r->icmp);
		r->icmp = NULL;
	}
	return err;
}

static void slowpath_fini(struct router *r)
{
	icmp_destroy(r->icmp);
	r->icmp = NULL;
}

/* A new address: hosts on its link learn the router's MAC for it. */
static void slowpath_event(struct router *r, enum xr_event ev, const void *arg)
{
	const struct xr_ev_addr *e = arg;

	if (ev == XR_EV_ADDR_ADD && e->addr.addr.af == AF_INET)
		slowpath_garp(r, e->ifid, xr_ip4_host(&e->addr.addr));
}

static struct xr_module slowpath_module = {
	.name = "slowpath",
	.order = ROUTER_ORDER_SLOWPATH,
	.init = slowpath_init,
	.fini = slowpath_fini,
	.event = slowpath_event,
};
XR_MODULE(slowpath_module)
