// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Routes through a port that is down leave the fast path and come back
 * with it (SPEC, "Links"): when a routed port stops carrying traffic
 * (XR_EV_IFACE_DOWN: set down, carrier lost) its connected and static
 * routes are taken out of the RIB and kept here, so traffic takes the
 * next-best route; when it is up again they are added back, connected
 * ones first so gateways resolve.  The router's own addresses (proto
 * local) stay, as Linux keeps them; routes synced from the kernel follow
 * the kernel's table and link state (modules/ksync).  A kept static route
 * is still saved, so a restart while its port is down does not lose it.
 *
 * An ECMP route loses only the members through the port (rib_link_set():
 * their buckets go to the others, every other flow stays where it was)
 * and is withdrawn like the rest only when no member is left; a kept one
 * holds its group, so the members come back as they were.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "event.h"
#include "log.h"
#include "module.h"
#include "nhgroup.h"
#include "print.h"
#include "rib.h"
#include "router.h"

static struct {
	struct rib_route *v;
	size_t n, cap;
} kept;

/* The route leaves through ifid (an ECMP route: one of its members does). */
static bool route_down_on(struct router *r, const struct rib_route *rt, uint32_t ifid)
{
	return nhg_route_on(rib_groups(r->rib), rt->type, rt->ifid, ifid);
}

struct route_down_walk {
	struct router *r;
	uint32_t ifid;
};

/* Withdrawn with the link: through it, and for ECMP with no member left. */
static bool route_down_takes(struct router *r, const struct rib_route *rt, uint32_t ifid)
{
	if (rt->proto != RIB_PROTO_STATIC && rt->proto != RIB_PROTO_KERNEL)
		return false;
	if (rt->type == XR_NH_GROUP)
		return route_down_on(r, rt, ifid) && !nhg_live(rib_groups(r->rib), rt->ifid);
	return rt->ifid == ifid;
}

static int route_down_keep(const struct rib_route *rt, void *ctx)
{
	const struct route_down_walk *w = ctx;
	struct rib_route *v;

	if (!route_down_takes(w->r, rt, w->ifid))
		return 0;
	if (kept.n == kept.cap) {
		size_t cap = kept.cap ? kept.cap * 2 : 16;

		v = realloc(kept.v, cap * sizeof(*v));
		if (!v)
			return -ENOMEM;	/* what is not kept stays in the fast path */
		kept.v = v;
		kept.cap = cap;
	}
	kept.v[kept.n++] = *rt;
	if (rt->type == XR_NH_GROUP)
		nhg_hold(rib_groups(w->r->rib), rt->ifid);
	return 0;
}

/* A kept route is forgotten (or back in the RIB, which holds its group itself). */
static void route_down_release(struct router *r, const struct rib_route *rt)
{
	if (rt->type == XR_NH_GROUP)
		nhg_put(rib_groups(r->rib), rt->ifid);
}

/* Out of the RIB: gateway routes before the connected routes they resolve through. */
static void route_down_withdraw(struct router *r, uint32_t ifid)
{
	struct route_down_walk w = { r, ifid };
	size_t first = kept.n;

	rib_link_set(r->rib, ifid, false);
	rib_foreach(r->rib, route_down_keep, &w);
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = first; i < kept.n; i++) {
			const struct rib_route *rt = &kept.v[i];

			if ((rt->proto == RIB_PROTO_KERNEL) == (pass == 1))
				rib_del(r->rib, &rt->dst, rt->gw.af ? &rt->gw : NULL);
		}
	}
	if (kept.n > first)
		pr_info("link %s: down, %zu routes withdrawn\n", link_ifid_name(r, ifid),
			kept.n - first);
}

/* Drop kept routes of ifid that match (NULL: all of them). */
static void route_down_forget(struct router *r, uint32_t ifid, const struct xr_prefix *conn)
{
	size_t j = 0;

	for (size_t i = 0; i < kept.n; i++) {
		const struct rib_route *rt = &kept.v[i];
		bool drop = route_down_on(r, rt, ifid) &&
			    (!conn || (rt->proto == RIB_PROTO_KERNEL && rt->dst.len == conn->len &&
				       xr_ip_eq(&rt->dst.addr, &conn->addr)));

		if (drop)
			route_down_release(r, rt);
		else
			kept.v[j++] = *rt;
	}
	kept.n = j;
}

/* Back into the RIB, connected routes first; one that no longer fits is dropped. */
static void route_down_restore(struct router *r, uint32_t ifid)
{
	rib_link_set(r->rib, ifid, true);
	for (int pass = 0; pass < 2; pass++) {
		for (size_t i = 0; i < kept.n; i++) {
			const struct rib_route *rt = &kept.v[i];

			if (route_down_on(r, rt, ifid) && (rt->proto == RIB_PROTO_KERNEL) == (pass == 0))
				rib_add(r->rib, rt, false);
		}
	}
	route_down_forget(r, ifid, NULL);
}

static void route_down_event(struct router *r, enum xr_event ev, const void *arg)
{
	const struct xr_ev_iface *e = arg;
	const struct xr_ev_addr *a = arg;
	struct xr_prefix conn;

	switch (ev) {
	case XR_EV_IFACE_DOWN:
		route_down_withdraw(r, e->ifid);
		break;
	case XR_EV_IFACE_UP:
		route_down_restore(r, e->ifid);
		break;
	case XR_EV_IFACE_DEL:
		route_down_forget(r, e->ifid, NULL);
		break;
	case XR_EV_ADDR_DEL:
		conn = xr_prefix_masked(&a->addr);
		route_down_forget(r, a->ifid, &conn);
		break;
	default:
		break;
	}
}

static void route_down_save(struct router *r, FILE *f)
{
	print_begin(f, false);
	for (size_t i = 0; i < kept.n; i++)
		route_save_one(&kept.v[i], r);
	print_end();
}

/* The groups kept routes hold go with the RIB. */
static void route_down_fini(struct router *r)
{
	(void)r;
	free(kept.v);
	kept.v = NULL;
	kept.n = kept.cap = 0;
}

static struct xr_module route_down_module = {
	.name = "route-down",
	.order = ROUTER_ORDER_ROUTE_DOWN,
	.event = route_down_event,
	.save = route_down_save,
	.fini = route_down_fini,
};
XR_MODULE(route_down_module)
