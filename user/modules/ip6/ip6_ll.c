// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * IPv6 link-local addresses (RFC 4291 2.5.6, RFC 4862 5.3): every routed
 * port gets fe80::/64 with the modified EUI-64 of its MAC when it is
 * taken, and a switch while it has an address of its own, as Linux gives
 * every interface one.  They live in the router's address table
 * (addr_auto_add(): local route, `addr show` with scope link) but are
 * never saved: a successor derives them again from the same ports.  A
 * port whose MAC changes gets the address of its new MAC.
 */
#include <errno.h>
#include <string.h>

#include "addr_rules.h"
#include "dp.h"
#include "ip6.h"
#include "log.h"
#include "module.h"
#include "router.h"

const struct xr_ip *ip6_ll_on(const struct router *r, uint32_t ifid)
{
	for (unsigned i = 0; i < r->n_addrs; i++)
		if (r->addrs[i].ifid == ifid && addr_is_linklocal(&r->addrs[i].pfx.addr))
			return &r->addrs[i].pfx.addr;
	return NULL;
}

/* fe80::EUI-64/64 of ifid's MAC; -ENODEV if it has none. */
static int ip6_ll_of(struct router *r, uint32_t ifid, struct xr_prefix *out)
{
	uint8_t mac[6];
	uint16_t mtu;

	if (link_ifid_info(r, ifid, mac, &mtu))
		return -ENODEV;
	*out = (struct xr_prefix){ .addr = { .af = AF_INET6 }, .len = 64 };
	ndp_eui64_ll(mac, out->addr.b);
	/* A VLAN interface shares its parent's MAC, and the address table holds
	 * an address once: its VID takes the place of EUI-64's ff:fe. */
	if (ifid & XR_IFID_VLAN) {
		out->addr.b[11] = xr_ifid_vid(ifid) >> 8;
		out->addr.b[12] = xr_ifid_vid(ifid) & 0xff;
	}
	return 0;
}

/*
 * The fast path routes IPv6 to a switch's router MAC only once told
 * (without the flag IPv6 goes to the kernel): from when it has a
 * link-local address, so NDP for it is answered.  Routed ports have the
 * flag from link add on (link.c).
 */
static int ip6_ll_route_on(struct router *r, uint32_t ifid)
{
	uint16_t id = ifid & ~XR_IFID_BRIDGE;
	struct xr_bridge br;
	int err;

	if (!(ifid & XR_IFID_BRIDGE))
		return 0;
	err = dp_bridge_get(r->dp, id, &br);
	br.flags |= XR_BRIDGE_IP6;
	return err ? err : dp_bridge_set(r->dp, id, &br);
}

static void ip6_ll_add(struct router *r, uint32_t ifid)
{
	struct xr_prefix ll;
	int err;

	if (ip6_ll_on(r, ifid) || ip6_ll_of(r, ifid, &ll))
		return;
	err = addr_auto_add(r, ifid, &ll);
	if (!err)
		err = ip6_ll_route_on(r, ifid);
	if (err)
		pr_warn("ip6: %s: no link-local address: %s\n", link_ifid_name(r, ifid),
			strerror(-err));
}

/* Does the switch still have an address the operator gave it? */
static bool ip6_ll_needed(const struct router *r, uint32_t ifid)
{
	for (unsigned i = 0; i < r->n_addrs; i++)
		if (r->addrs[i].ifid == ifid && !(r->addrs[i].flags & RT_ADDR_AUTO))
			return true;
	return false;
}

/*
 * A port's new MAC: its link-local address is derived again, the old one
 * leaving as an address does (off the kernel's interface too, kaddr.c)
 * and the new one arriving as one (announced by an unsolicited NA).
 */
static void ip6_ll_move(struct router *r, uint32_t ifid)
{
	const struct xr_ip *old = ip6_ll_on(r, ifid);
	struct xr_prefix ll, was = { .len = 64 };

	if (!old || ip6_ll_of(r, ifid, &ll) || xr_ip_eq(old, &ll.addr))
		return;
	was.addr = *old;
	addr_auto_del(r, ifid, &was);
	ip6_ll_add(r, ifid);
}

static void ip6_ll_event(struct router *r, enum xr_event ev, const void *arg)
{
	const struct xr_ev_iface *ie = arg;
	const struct xr_ev_addr *ae = arg;
	struct xr_prefix ll;

	switch (ev) {
	case XR_EV_IFACE_ADD:
		ip6_ll_add(r, ie->ifid);
		break;
	case XR_EV_IFACE_MAC:
		ip6_ll_move(r, ie->ifid);
		break;
	case XR_EV_ADDR_ADD:
		if ((ae->ifid & XR_IFID_BRIDGE) && !addr_is_linklocal(&ae->addr.addr))
			ip6_ll_add(r, ae->ifid);
		break;
	case XR_EV_ADDR_DEL:
		if ((ae->ifid & XR_IFID_BRIDGE) && !ip6_ll_needed(r, ae->ifid) &&
		    !ip6_ll_of(r, ae->ifid, &ll))
			addr_auto_del(r, ae->ifid, &ll);
		break;
	default:
		break;
	}
}

static struct xr_module ip6_ll_module = {
	.name = "ip6-ll",
	.order = ROUTER_ORDER_IP6,
	.event = ip6_ll_event,
};
XR_MODULE(ip6_ll_module)
