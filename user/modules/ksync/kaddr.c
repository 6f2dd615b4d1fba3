// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Router addresses on the kernel's interfaces too, so that programs in
 * the namespace (ospfd, bgpd, bird, sshd) can bind to them and the kernel
 * knows the connected subnets its own packets leave by.  Added with
 * `addr add`, removed with `addr del`, `link del` and at SIGTERM; left in
 * place when the daemon dies without stopping (SIGKILL), so the daemon
 * that adopts the fast path finds them, and re-adding one is no error.
 * A switch's routed interface has no kernel device and keeps its
 * addresses to xrouter.  Which packets the kernel then sees is the fast
 * path's choice (XR_PORT_LOCAL_KERNEL, set by the kernel sync).
 *
 * IPv6 addresses go without DAD (rtnl_addr_set()): NDP for them is
 * xrouterd's.  The port's link-local address is put there too, so the
 * kernel's (ospf6d's hellos, BGP's next hop) is the one xrouterd answers
 * NDP for even where the kernel's addrgenmode would make another; the
 * kernel's addrgenmode is left alone, its own EUI-64 address being the
 * same one.  A port's new MAC moves it (ip6_ll.c re-derives it).
 */
#include <errno.h>
#include <string.h>

#include "addr_rules.h"
#include "event.h"
#include "log.h"
#include "module.h"
#include "router.h"
#include "rtnl.h"

/* The kernel device of an L3 interface: a routed port's ifindex, 0 for a switch. */
static uint32_t kaddr_ifindex(struct router *r, uint32_t ifid)
{
	struct rt_port *p = ifid & XR_IFID_BRIDGE ? NULL : link_port_by_ifindex(r, ifid);

	return p && !p->bridge ? p->ifindex : 0;
}

static void kaddr_set(struct router *r, uint32_t ifid, const struct xr_prefix *pfx, bool add)
{
	uint32_t ifindex = kaddr_ifindex(r, ifid);
	char s[XR_PREFIX_STRLEN];
	int err;

	if (!ifindex)
		return;
	err = rtnl_addr_set(ifindex, pfx, add);
	/* A device deleted from the kernel took its addresses along. */
	if (err && !(err == -ENODEV && !add))
		pr_warn("addr %s dev %s: cannot %s the kernel's interface: %s\n",
			xr_prefix_str(pfx, s), link_ifid_name(r, ifid), add ? "add it to" : "remove it from",
			strerror(-err));
}

/*
 * Every router address of ifid (0: of every interface) off the kernel, but
 * the IPv6 link-local ones: the kernel derives the same fe80:: EUI-64 of
 * the MAC itself, so it is the kernel's as much as ours, and a port handed
 * back without it would have no IPv6 until its link flapped.
 */
static void kaddr_remove_all(struct router *r, uint32_t ifid)
{
	for (unsigned i = 0; i < r->n_addrs; i++)
		if ((!ifid || r->addrs[i].ifid == ifid) && !addr_is_linklocal(&r->addrs[i].pfx.addr))
			kaddr_set(r, r->addrs[i].ifid, &r->addrs[i].pfx, false);
}

/* Ahead of addr.c (order): a departing interface still lists its addresses. */
static void kaddr_event(struct router *r, enum xr_event ev, const void *arg)
{
	const struct xr_ev_addr *a = arg;

	if (ev == XR_EV_ADDR_ADD || ev == XR_EV_ADDR_DEL)
		kaddr_set(r, a->ifid, &a->addr, ev == XR_EV_ADDR_ADD);
	else if (ev == XR_EV_IFACE_DEL)
		kaddr_remove_all(r, ((const struct xr_ev_iface *)arg)->ifid);
}

/* detach: the kernel takes the interfaces back as they were. */
static void kaddr_stop(struct router *r, bool detach)
{
	if (detach)
		kaddr_remove_all(r, 0);
}

static struct xr_module kaddr_module = {
	.name = "kaddr",
	.order = ROUTER_ORDER_KADDR,
	.event = kaddr_event,
	.stop = kaddr_stop,
};
XR_MODULE(kaddr_module)
