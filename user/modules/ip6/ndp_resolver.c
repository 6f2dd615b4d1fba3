// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * NDP, the IPv6 resolver of the shared neighbour state machine (nsm.h),
 * as ARP is IPv4's (ip4/arp_resolver.c): Neighbor Solicitations out for
 * next hops (to the solicited-node group, unicast for a refresh probe),
 * Neighbor Advertisements with the router flag for router addresses,
 * RFC 4861 7.2's learning rules on what arrives (an NA updates an entry
 * but creates none), and an unsolicited NA for each new address.  The
 * machine's default timers (3 tries 1 s apart) are NDP's too.
 */
#include <errno.h>
#include <string.h>

#include "addr_rules.h"
#include "icmp6.h"
#include "ip6.h"
#include "log.h"
#include "module.h"
#include "nsm.h"
#include "router.h"

#define NDP_BUF_LEN	(ETH_HLEN + 128)

/* A solicitation for ip out of ifid, from the router's address in ip's subnet. */
static void ndp_solicit(void *ctx, uint32_t ifid, const struct xr_ip *ip, const uint8_t *dst)
{
	struct router *r = ctx;
	const struct xr_ip *src = addr_src_for(r, ifid, ip);
	uint8_t buf[NDP_BUF_LEN], mac[ETH_ALEN], group[16];
	uint8_t *pkt = buf + ETH_HLEN;
	uint16_t mtu;
	int n;

	if (!src || link_ifid_info(r, ifid, mac, &mtu))
		return;
	n = ndp_build_ns(pkt, sizeof(buf) - ETH_HLEN, src->b, ip->b, mac, dst != NULL);
	if (n < 0)
		return;
	if (!dst) {
		ndp_solicited_node(ip->b, group);
		ndp_mcast_mac(group, mac);
	}
	ip6_send_to(r, ifid, dst ? dst : mac, pkt, (size_t)n);
}

static const struct nsm_resolver ndp_resolver = {
	.af = AF_INET6,
	.solicit = ndp_solicit,
};

__attribute__((constructor)) static void ndp_resolver_init(void)
{
	nsm_resolver_register(&ndp_resolver);
}

/* An NA for target (ours) out of ifid to dst (ff02::1 when unsolicited). */
static void ndp_advertise(struct router *r, uint32_t ifid, const uint8_t target[16],
			  const uint8_t dst[16], const uint8_t *dst_mac, uint8_t flags)
{
	uint8_t buf[NDP_BUF_LEN], mac[ETH_ALEN], group_mac[ETH_ALEN];
	uint8_t *pkt = buf + ETH_HLEN;
	uint16_t mtu;
	int n;

	if (link_ifid_info(r, ifid, mac, &mtu))
		return;
	n = ndp_build_na(pkt, sizeof(buf) - ETH_HLEN, target, dst, target, mac,
			 flags | NDP_NA_ROUTER | NDP_NA_OVERRIDE);
	if (n < 0)
		return;
	if (!dst_mac) {
		ndp_mcast_mac(dst, group_mac);
		dst_mac = group_mac;
	}
	ip6_send_to(r, ifid, dst_mac, pkt, (size_t)n);
}

/*
 * RFC 4861 7.2.3: an NS with a source (not a DAD probe) teaches us its
 * sender when it asks for us; answer for a router address on this link.
 */
static void ndp_on_ns(struct router *r, uint32_t ifid, const uint8_t *eth_src,
		      const struct ndp_msg *m, uint64_t now)
{
	struct xr_ip target = xr_ip6(m->target), src = xr_ip6(m->src);
	bool dad = ip6_is_unspec(m->src);

	if (!nsm_is_local(r->neigh, ifid, &target))
		return;
	if (!dad && m->has_lladdr && !nsm_is_local(r->neigh, ifid, &src) &&
	    nsm_confirm(r->neigh, ifid, &src, m->lladdr, now) == -ENOENT)
		nsm_learn(r->neigh, ifid, &src, m->lladdr, now);
	if (dad)
		ndp_advertise(r, ifid, m->target, ndp_all_nodes, NULL, 0);
	else
		ndp_advertise(r, ifid, m->target, m->src, m->has_lladdr ? m->lladdr : eth_src,
			      NDP_NA_SOLICITED);
}

/* RFC 4861 7.2.5: an NA updates the entry it names, solicited or not; creates none. */
static void ndp_on_na(struct router *r, uint32_t ifid, const uint8_t *eth_src,
		      const struct ndp_msg *m, uint64_t now)
{
	struct xr_ip target = xr_ip6(m->target);

	if (nsm_is_local(r->neigh, ifid, &target)) {
		pr_warn("ndp: %02x:%02x:%02x:%02x:%02x:%02x claims a router address\n",
			eth_src[0], eth_src[1], eth_src[2], eth_src[3], eth_src[4], eth_src[5]);
		return;
	}
	nsm_confirm(r->neigh, ifid, &target, m->has_lladdr ? m->lladdr : eth_src, now);
}

void ndp_input(struct router *r, const struct xr_handoff *h, const uint8_t *frame,
	       const uint8_t *ip, size_t len)
{
	const struct ethhdr *eth = (const struct ethhdr *)frame;
	struct ndp_msg m;
	int err = ndp_parse(ip, len, &m);

	if (err) {
		pr_debug("ndp: ignored packet on ifindex %u: %s\n", h->ifindex, strerror(-err));
		return;
	}
	if (pkt_mac_is_mcast(eth->h_source) || (m.has_lladdr && pkt_mac_is_mcast(m.lladdr)))
		return;
	switch (m.type) {
	case NDP_NS:
		ndp_on_ns(r, h->ifid, eth->h_source, &m, clock_now_ns());
		break;
	case NDP_NA:
		ndp_on_na(r, h->ifid, eth->h_source, &m, clock_now_ns());
		break;
	case NDP_RS:
		ra_solicited(r, h->ifid, &m);
		break;
	}
}

/*
 * A new address, or the addresses of a port whose MAC changed: hosts on
 * its link learn the router's MAC for it (RFC 4861 7.2.6).  The port's
 * new link-local address is a new address (ip6_ll.c): announced as such.
 */
static void ndp_event(struct router *r, enum xr_event ev, const void *arg)
{
	const struct xr_ev_addr *e = arg;
	uint32_t ifid = ((const struct xr_ev_iface *)arg)->ifid;

	if (ev == XR_EV_ADDR_ADD && e->addr.addr.af == AF_INET6)
		ndp_advertise(r, e->ifid, e->addr.addr.b, ndp_all_nodes, NULL, 0);
	if (ev != XR_EV_IFACE_MAC)
		return;
	for (unsigned i = 0; i < r->n_addrs; i++)
		if (r->addrs[i].ifid == ifid && r->addrs[i].pfx.addr.af == AF_INET6 &&
		    !addr_is_linklocal(&r->addrs[i].pfx.addr))
			ndp_advertise(r, ifid, r->addrs[i].pfx.addr.b, ndp_all_nodes, NULL, 0);
}

static struct xr_module ndp_module = {
	.name = "ndp",
	.order = ROUTER_ORDER_IP6,
	.event = ndp_event,
};
XR_MODULE(ndp_module)
