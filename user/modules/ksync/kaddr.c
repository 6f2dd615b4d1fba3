// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Router addresses on the kernel's interfaces too, so that programs in
 * the namespace (ospfd, bgpd, bird, sshd) can bind to them and the kernel
 * knows the connected subnets its own packets leave by.  Added with
 * `addr add`, removed with `addr del`, `link del` and at SIGTERM; left in
 * place when the daemon dies without stopping (SIGKILL), so the daemon
 * that adopts the fast path finds them, and re-adding one is no error.
 * A switch's routed interface has no kernel device and keeps its
 * addresses to xrouter.  A routed port's VLAN interface has none either
 * (this kernel may have no 802.1Q driver): its addresses go on the port's
 * device, the fast path hands the kernel its frames untagged, and a tc
 * egress program on the port tags the kernel's frames from them
 * (`vlan_kaddrs`, dp_vlan_kernel_attach()).  Which packets the kernel then sees is the fast
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
#include "dp.h"
#include "event.h"
#include "log.h"
#include "module.h"
#include "router.h"
#include "rtnl.h"

/* A routed port's VLAN interface (not a switch's): its addresses go on the port's kernel device. */
static bool kaddr_is_port_vlan(uint32_t ifid)
{
	return (ifid & XR_IFID_VLAN) && !(ifid & XR_IFID_VLAN_BR);
}

/* The kernel device of an L3 interface: a routed port's ifindex (its VLAN interfaces' too), 0 for a switch. */
static uint32_t kaddr_ifindex(struct router *r, uint32_t ifid)
{
	struct rt_port *p = NULL;

	if (kaddr_is_port_vlan(ifid))
		p = link_port_by_ifindex(r, xr_ifid_vlan_parent(ifid));
	else if (!(ifid & (XR_IFID_BRIDGE | XR_IFID_VLAN)))
		p = link_port_by_ifindex(r, ifid);
	return p && !p->bridge ? p->ifindex : 0;
}

/*
 * A VLAN interface's address on the parent's device: the kernel's frames
 * from it must leave tagged (the fast path untags what it passes up).
 */
static int kaddr_vlan_tag(struct router *r, uint32_t ifid, uint32_t ifindex,
			  const struct xr_prefix *pfx, bool add)
{
	int err = dp_vlan_kaddr_set(r->dp, ifindex, &pfx->addr, xr_ifid_vid(ifid), add);

	if (!err && add)
		err = dp_vlan_kernel_attach(r->dp, ifindex, true);
	return err;
}

static void kaddr_set(struct router *r, uint32_t ifid, const struct xr_prefix *pfx, bool add)
{
	uint32_t ifindex = kaddr_ifindex(r, ifid);
	char s[XR_PREFIX_STRLEN];
	int err = 0;

	if (!ifindex)
		return;
	if (kaddr_is_port_vlan(ifid))
		err = kaddr_vlan_tag(r, ifid, ifindex, pfx, add);
	if (err)
		pr_warn("addr %s dev %s: the kernel's replies from it cannot be tagged: %s\n",
			xr_prefix_str(pfx, s), link_ifid_name(r, ifid), strerror(-err));
	err = rtnl_addr_set(ifindex, pfx, add);
	/* A device deleted from the kernel took its addresses along. */
	if (err && !(err == -ENODEV && !add))
		pr_warn("addr %s dev %s: cannot %s the kernel's interface: %s\n",
			xr_prefix_str(pfx, s), link_ifid_name(r, ifid), add ? "add it to" : "remove it from",
			strerror(-err));
}

/*
 * Every router address of ifid (0: of every interface) off the kernel, but
 * a port's IPv6 link-local ones: the kernel derives the same fe80:: EUI-64
 * of the MAC itself, so it is the kernel's as much as ours, and a port
 * handed back without it would have no IPv6 until its link flapped.  A VLAN
 * interface's (its VID in the EUI-64) is ours alone and goes.
 */
static void kaddr_remove_all(struct router *r, uint32_t ifid)
{
	for (unsigned i = 0; i < r->n_addrs; i++) {
		const struct rt_addr *a = &r->addrs[i];

		if ((!ifid || a->ifid == ifid) &&
		    (!addr_is_linklocal(&a->pfx.addr) || kaddr_is_port_vlan(a->ifid)))
			kaddr_set(r, a->ifid, &a->pfx, false);
	}
}

/* A routed port's tc egress program (VLAN interfaces' tags) off: it goes back to the kernel. */
static void kaddr_port_untag(struct router *r, uint32_t ifid)
{
	uint32_t ifindex = ifid & (XR_IFID_BRIDGE | XR_IFID_VLAN) ? 0 : kaddr_ifindex(r, ifid);
	int err = ifindex ? dp_vlan_kernel_attach(r->dp, ifindex, false) : 0;

	if (err && err != -ENODEV)
		pr_warn("link %s: cannot take the VLAN tagging program off: %s\n",
			link_ifid_name(r, ifid), strerror(-err));
}

/* Ahead of addr.c (order): a departing interface still lists its addresses. */
static void kaddr_event(struct router *r, enum xr_event ev, const void *arg)
{
	const struct xr_ev_addr *a = arg;
	uint32_t ifid;

	if (ev == XR_EV_ADDR_ADD || ev == XR_EV_ADDR_DEL) {
		kaddr_set(r, a->ifid, &a->addr, ev == XR_EV_ADDR_ADD);
	} else if (ev == XR_EV_IFACE_DEL) {
		ifid = ((const struct xr_ev_iface *)arg)->ifid;
		kaddr_remove_all(r, ifid);
		kaddr_port_untag(r, ifid);
	}
}

/* detach: the kernel takes the interfaces back as they were. */
static void kaddr_stop(struct router *r, bool detach)
{
	if (!detach)
		return;
	kaddr_remove_all(r, 0);
	for (unsigned i = 0; i < XR_MAX_PORTS; i++)
		if (r->ports[i].used && !r->ports[i].bridge)
			kaddr_port_untag(r, r->ports[i].ifindex);
}

static struct xr_module kaddr_module = {
	.name = "kaddr",
	.order = ROUTER_ORDER_KADDR,
	.event = kaddr_event,
	.stop = kaddr_stop,
};
XR_MODULE(kaddr_module)
