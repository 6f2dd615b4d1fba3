// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The slow path's framework (slowpath.h): frames the fast path handed up,
 * given to the protocol module registered for their EtherType and reason,
 * and the way out for IP packets the daemon builds or releases from a
 * neighbour queue (Ethernet header, the port's packet socket).
 */
#include <errno.h>
#include <string.h>

#include "dp.h"
#include "icmp.h"
#include "log.h"
#include "metrics.h"
#include "module.h"
#include "pkt.h"
#include "router.h"
#include "slowpath.h"
#include "trace.h"
#include "tracept.h"

#define SP_BUF_LEN	(ETH_HLEN + PKT_IP_MAXLEN + 1)

static struct slowpath_proto *sp_protos;
static struct icmp *sp_icmp[2];		/* AF_INET, AF_INET6 */

/* One frame is handled at a time; these are too big for the stack. */
static uint8_t sp_in[SP_BUF_LEN];
static uint8_t sp_tx[SP_BUF_LEN];

void slowpath_register(struct slowpath_proto *p)
{
	p->next = sp_protos;
	sp_protos = p;
}

static const struct slowpath_proto *slowpath_find(uint16_t ethertype)
{
	for (const struct slowpath_proto *p = sp_protos; p; p = p->next)
		if (p->ethertype == ethertype && !p->any_ethertype)
			return p;
	return NULL;
}

/* Who takes a frame handed up for reason: by its reason, else its EtherType. */
static const struct slowpath_proto *slowpath_find_for(uint16_t ethertype, uint16_t reason)
{
	for (const struct slowpath_proto *p = sp_protos; p; p = p->next)
		if (p->any_ethertype && (p->reasons & (1u << reason)))
			return p;
	return slowpath_find(ethertype);
}

/* The EtherType of an IP packet, from its version nibble; 0 if neither. */
static uint16_t slowpath_ip_ethertype(const uint8_t *ip, size_t len)
{
	if (len < 1)
		return 0;
	switch (ip[0] >> 4) {
	case 4: return ETH_P_IP;
	case 6: return ETH_P_IPV6;
	default: return 0;
	}
}

int slowpath_xmit_ip(struct router *r, uint32_t ifid, const uint8_t dst[6], uint8_t *ip,
		     size_t len)
{
	struct ethhdr *eth = (struct ethhdr *)(ip - ETH_HLEN);
	uint16_t type = slowpath_ip_ethertype(ip, len);
	uint16_t mtu;
	int err;

	if (!type)
		return -EPROTONOSUPPORT;
	err = link_ifid_info(r, ifid, eth->h_source, &mtu);
	if (err)
		return err;
	memcpy(eth->h_dest, dst, ETH_ALEN);
	eth->h_proto = htons(type);
	tracept_xmit(ifid, dst, ip, len);
	return link_xmit(r, ifid, (uint8_t *)eth, len + ETH_HLEN);
}

/* ---- neighbour state machine callbacks ---- */

void slowpath_neigh_xmit(void *ctx, uint32_t ifid, const struct xr_ip *ip,
			 const uint8_t mac[ETH_ALEN], const uint8_t *pkt, size_t len)
{
	(void)ip;
	if (len > sizeof(sp_tx) - ETH_HLEN)
		return;
	memcpy(sp_tx + ETH_HLEN, pkt, len);
	slowpath_xmit_ip(ctx, ifid, mac, sp_tx + ETH_HLEN, len);
}

void slowpath_neigh_unreach(void *ctx, uint32_t in_ifid, const uint8_t *pkt, size_t len)
{
	const struct slowpath_proto *p = slowpath_find(slowpath_ip_ethertype(pkt, len));

	if (in_ifid && p && p->unreach)
		p->unreach(ctx, in_ifid, pkt, len);
}

/* ---- hand-off dispatch ---- */

/*
 * A frame of a VLAN interface (h->ifid says which) comes up with its
 * 802.1Q tag: the protocols read it as the interface's untagged frame,
 * and what they send back is tagged again on the way out (link_xmit).
 * Returns the frame's length in sp_in.
 */
static size_t slowpath_copy_untagged(const struct xr_handoff *h, const uint8_t *frame,
				     size_t len)
{
	if (!(h->ifid & XR_IFID_VLAN)) {
		memcpy(sp_in, frame, len);
		return len;
	}
	return pkt_vlan_pop(sp_in, frame, len);
}

static void slowpath_handoff(void *ctx, const struct xr_handoff *h, const uint8_t *frame,
			     size_t len)
{
	const struct slowpath_proto *p;
	uint16_t type, prev;

	pr_debug("handoff: %s on ifindex %u, %zu bytes\n",
		 h->reason < XR_STAT_MAX ? xr_stat_names[h->reason] : "?", h->ifindex, len);
	if (len < ETH_HLEN || len > sizeof(sp_in) || h->reason >= XR_HANDOFF_REASON_MAX)
		return;
	/* A private, writable copy: forwarding rewrites the header in place. */
	len = slowpath_copy_untagged(h, frame, len);
	type = ntohs(((const struct ethhdr *)sp_in)->h_proto);
	p = slowpath_find_for(type, h->reason);
	prev = tracept_begin(h->trace);
	if (!p || !(p->reasons & (1u << h->reason))) {
		pr_debug("handoff: no module takes %s for EtherType 0x%04x\n",
			 xr_stat_names[h->reason], type);
		tracept_note(XR_TS_D_IGNORED, 0, 0, 0);
	} else {
		p->input(ctx, h, sp_in, len);
	}
	tracept_end(prev);
}

struct icmp *slowpath_icmp(int af)
{
	return sp_icmp[af == AF_INET6];
}

static void slowpath_fini(struct router *r)
{
	(void)r;
	for (unsigned i = 0; i < 2; i++) {
		icmp_destroy(sp_icmp[i]);
		sp_icmp[i] = NULL;
	}
}

static int slowpath_init(struct router *r, const struct module_env *env)
{
	int err;

	(void)env;
	sp_icmp[0] = icmp_create(NULL);
	sp_icmp[1] = icmp_create(NULL);
	if (!sp_icmp[0] || !sp_icmp[1]) {
		slowpath_fini(r);
		return -ENOMEM;
	}
	icmp_share_global(sp_icmp[1], sp_icmp[0]);
	err = dp_handoff_start(r->dp, slowpath_handoff, r);
	if (err) {
		pr_err("slowpath: cannot start the hand-off stream: %s\n", strerror(-err));
		slowpath_fini(r);
	}
	return err;
}

static void slowpath_metrics(struct metrics *m, struct router *r)
{
	static const int afs[2] = { AF_INET, AF_INET6 };

	(void)r;
	metrics_family(m, "xrouter_icmp_ratelimit_drops_total", METRICS_COUNTER,
		       "ICMP errors and TCP resets the router did not send: over the rate limit.");
	for (unsigned i = 0; i < 2; i++)
		metrics_sample(m, METRICS_L({ "family", metrics_af_label(afs[i]) }),
			       sp_icmp[i] ? icmp_limited(sp_icmp[i]) : 0);
}

static struct metrics_collector slowpath_collector = { "slowpath", slowpath_metrics, NULL };
XR_METRICS(slowpath_collector)

static struct xr_module slowpath_module = {
	.name = "slowpath",
	.order = ROUTER_ORDER_SLOWPATH,
	.init = slowpath_init,
	.fini = slowpath_fini,
};
XR_MODULE(slowpath_module)
