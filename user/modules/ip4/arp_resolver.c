// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * ARP, the IPv4 resolver (see arp_resolver.h): RFC 826's merge and the
 * learning rules on input, requests out through the router's interfaces.
 * The machine's default timers are ARP's, so it brings none of its own.
 */
#include <errno.h>
#include <arpa/inet.h>

#include "arp_resolver.h"
#include "router.h"

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
