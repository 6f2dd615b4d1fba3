// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * ARP, the IPv4 resolver (see arp_resolver.h): RFC 826's merge and the
 * learning rules on input, requests out through the router's interfaces,
 * replies to the ARP frames the fast path hands up, and the announcement
 * of each new address.  The machine's default timers are ARP's, so it
 * brings none of its own.
 */
#include <errno.h>
#include <string.h>
#include <arpa/inet.h>

#include "arp_resolver.h"
#include "event.h"
#include "log.h"
#include "module.h"
#include "pktio.h"
#include "router.h"
#include "slowpath.h"
#include "trace.h"
#include "tracept.h"

int arp_input(struct nsm *n, uint32_t ifid, const struct arp_msg *m, uint64_t now)
{
	struct xr_ip spa = { .af = AF_INET, .v4 = m->spa };
	struct xr_ip tpa = { .af = AF_INET, .v4 = m->tpa };
	bool for_us = nsm_is_local(n, ifid, &tpa);

	/* 0.0.0.0 is an address probe (RFC 5227); martians are never neighbours. */
	if (pkt_ip_src_martian(m->spa) || nsm_is_local(n, ifid, &spa))
		goto out;
	/* RFC 826 merge, gratuitous included; a gratuitous ARP creates nothing. */
	if (nsm_confirm(n, ifid, &spa, m->sha, now) == -ENOENT && for_us && m->spa != m->tpa)
		nsm_learn(n, ifid, &spa, m->sha, now);
out:
	return m->op == ARPOP_REQUEST && for_us;
}

/* A request for ip out of ifid, from the router's address in ip's subnet. */
static void arp_solicit(void *ctx, uint32_t ifid, const struct xr_ip *ip, const uint8_t *dst)
{
	struct router *r = ctx;
	const struct xr_ip *src = addr_src_for(r, ifid, ip);
	uint8_t frame[PKT_ARP_FRAME_LEN], mac[ETH_ALEN];
	uint16_t mtu;
	size_t len;

	if (!src || src->af != AF_INET || link_ifid_info(r, ifid, mac, &mtu))
		return;
	len = arp_build_request(frame, mac, src->v4, ip->v4, dst);
	link_xmit(r, ifid, frame, len);
}

static const struct nsm_resolver arp_resolver = {
	.af = AF_INET,
	.solicit = arp_solicit,
};

__attribute__((constructor)) static void arp_resolver_init(void)
{
	nsm_resolver_register(&arp_resolver);
}

/* ---- ARP frames handed up by the fast path ---- */

/* Learn from every ARP frame; answer a request for a router address. */
static void arp_handoff(struct router *r, const struct xr_handoff *h, uint8_t *frame,
			size_t len)
{
	uint8_t reply[PKT_ARP_FRAME_LEN], mac[ETH_ALEN];
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
	/* A VLAN interface's reply is tagged on the way out. */
	if (h->ifid & XR_IFID_VLAN) {
		link_xmit(r, h->ifid, reply, n);
		return;
	}
	/* Back out of the port it came in on, also on a switch. */
	p = link_port_by_ifindex(r, h->ifindex);
	if (p && pktio_send(p->tx_fd, p->ifindex, reply, n) >= 0)
		tracept_note(XR_TS_D_ARP_REPLY, 0, 0, p->ifindex);
}

static struct slowpath_proto arp_proto = {
	.name = "arp",
	.ethertype = ETH_P_ARP,
	.reasons = SLOWPATH_REASON(HANDOFF_ARP),
	.input = arp_handoff,
};
XR_SLOWPATH_PROTO(arp_proto)

/* Hosts on ifid's link learn the router's MAC for ip (RFC 5227 announcement). */
static void arp_announce(struct router *r, uint32_t ifid, const struct xr_ip *ip)
{
	uint8_t frame[PKT_ARP_FRAME_LEN], mac[ETH_ALEN];
	uint16_t mtu;
	size_t n;

	if (ip->af != AF_INET || link_ifid_info(r, ifid, mac, &mtu))
		return;
	n = arp_build_garp(frame, mac, ip->v4);
	link_xmit(r, ifid, frame, n);
}

/* A new address, or every address of a port whose MAC changed. */
static void arp_event(struct router *r, enum xr_event ev, const void *arg)
{
	const struct xr_ev_addr *e = arg;
	uint32_t ifid = ((const struct xr_ev_iface *)arg)->ifid;

	if (ev == XR_EV_ADDR_ADD)
		arp_announce(r, e->ifid, &e->addr.addr);
	else if (ev == XR_EV_IFACE_MAC)
		for (unsigned i = 0; i < r->n_addrs; i++)
			if (r->addrs[i].ifid == ifid)
				arp_announce(r, ifid, &r->addrs[i].pfx.addr);
}

static struct xr_module arp_module = {
	.name = "arp",
	.order = ROUTER_ORDER_IP4,
	.event = arp_event,
};
XR_MODULE(arp_module)
