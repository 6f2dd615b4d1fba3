// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Router addresses: `addr add/del/show`.  An address brings up to three
 * routes with it, as in Linux's local and main tables: the address itself
 * (handed to the daemon), its connected subnet ("proto kernel scope link")
 * and, for subnets with room for one, the subnet broadcast, which the
 * fast path never forwards (addr_rules.h says which).  IPv6 link-local
 * addresses the ip6 module derives join the same table (addr_auto_add()),
 * shown with "scope link" and never saved: they come back with their port.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "addr_rules.h"
#include "cmd.h"
#include "dp.h"
#include "event.h"
#include "log.h"
#include "module.h"
#include "print.h"
#include "rib.h"
#include "router.h"

const struct xr_ip *addr_on_ifid(const struct router *r, uint32_t ifid)
{
	for (unsigned i = 0; i < r->n_addrs; i++)
		if (r->addrs[i].ifid == ifid)
			return &r->addrs[i].pfx.addr;
	return NULL;
}

/* An address the router chose for itself (IPv6 link-local) sorts last. */
const struct xr_ip *addr_on_ifid_af(const struct router *r, uint32_t ifid, int af)
{
	const struct xr_ip *any = NULL;

	for (unsigned i = 0; i < r->n_addrs; i++) {
		const struct rt_addr *a = &r->addrs[i];

		if (a->ifid != ifid || a->pfx.addr.af != af)
			continue;
		if (!addr_is_linklocal(&a->pfx.addr))
			return &a->pfx.addr;
		if (!any)
			any = &a->pfx.addr;
	}
	return any;
}

bool addr_is_local(const struct router *r, uint32_t ifid, const struct xr_ip *ip)
{
	for (unsigned i = 0; i < r->n_addrs; i++)
		if (xr_ip_eq(&r->addrs[i].pfx.addr, ip) && (!ifid || r->addrs[i].ifid == ifid))
			return true;
	return false;
}

const struct xr_ip *addr_src_for(const struct router *r, uint32_t ifid, const struct xr_ip *ip)
{
	for (unsigned i = 0; i < r->n_addrs; i++) {
		const struct rt_addr *a = &r->addrs[i];

		if (a->ifid == ifid && xr_prefix_contains(&a->pfx, ip))
			return &a->pfx.addr;
	}
	return addr_on_ifid_af(r, ifid, ip->af);
}

static void addr_forget_ifid(struct router *r, uint32_t ifid)
{
	unsigned j = 0;

	for (unsigned i = 0; i < r->n_addrs; i++)
		if (r->addrs[i].ifid != ifid)
			r->addrs[j++] = r->addrs[i];
	r->n_addrs = j;
}

/* Another address (not skip) on ifid covering the same subnet? */
static bool addr_subnet_shared(const struct router *r, const struct rt_addr *a,
			       const struct rt_addr *skip)
{
	for (unsigned i = 0; i < r->n_addrs; i++) {
		const struct rt_addr *b = &r->addrs[i];

		if (b != skip && b->ifid == a->ifid && b->pfx.len == a->pfx.len &&
		    xr_prefix_contains(&b->pfx, &a->pfx.addr))
			return true;
	}
	return false;
}

/* "ADDR/LEN" (bare address: a host route's length); host bits are the address. */
static int addr_parse(struct cmd_ctx *c, const char *s, struct rt_addr *a)
{
	int err = xr_prefix_from_str(s, c->af, &a->pfx);

	if (err == -ERANGE)
		return cmd_inv_arg(c, s, "invalid prefix");
	if (err)
		return cmd_inv_arg(c, s, "invalid address");
	return 0;
}

static int addr_parse_args(struct cmd_ctx *c, int argc, char **argv, struct rt_addr *a)
{
	const char *dev = NULL, *pfx = NULL;

	memset(a, 0, sizeof(*a));
	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "dev") && !dev) {
			if (++i == argc)
				return cmd_incomplete(c);
			dev = argv[i];
		} else if (!pfx) {
			pfx = argv[i];
		} else {
			return cmd_garbage(c, pfx, argv[i]);
		}
	}
	if (!pfx)
		return cmd_incomplete(c);
	if (addr_parse(c, pfx, a))
		return -1;
	if (!dev)
		return cmd_err(c, "Not enough information: \"dev\" argument is required.");
	return link_cmd_l3_dev(c, dev, &a->ifid);
}

static void addr_bridge_l3(struct router *r, uint32_t ifid, bool on)
{
	uint16_t id = ifid & ~XR_IFID_BRIDGE;
	struct xr_bridge br;

	if (!(ifid & XR_IFID_BRIDGE) || dp_bridge_get(r->dp, id, &br))
		return;
	br.flags = on ? br.flags | XR_BRIDGE_L3 : br.flags & ~XR_BRIDGE_L3;
	dp_bridge_set(r->dp, id, &br);
}

static const char *addr_str(const struct rt_addr *a, char buf[XR_PREFIX_STRLEN])
{
	return xr_prefix_str(&a->pfx, buf);
}

/* The entry of address a on a's interface with a's length, NULL if none. */
static struct rt_addr *addr_find(struct router *r, const struct rt_addr *a)
{
	for (unsigned i = 0; i < r->n_addrs; i++)
		if (xr_ip_eq(&r->addrs[i].pfx.addr, &a->pfx.addr) &&
		    r->addrs[i].pfx.len == a->pfx.len && r->addrs[i].ifid == a->ifid)
			return &r->addrs[i];
	return NULL;
}

static int addr_check_new(struct cmd_ctx *c, const struct rt_addr *a)
{
	char s[XR_PREFIX_STRLEN];

	if (!addr_usable(&a->pfx.addr))
		return cmd_inv_arg(c, addr_str(a, s), "invalid address");
	for (unsigned i = 0; i < c->r->n_addrs; i++) {
		const struct rt_addr *b = &c->r->addrs[i];

		if (!xr_ip_eq(&b->pfx.addr, &a->pfx.addr))
			continue;
		if (b->ifid == a->ifid && b->pfx.len == a->pfx.len && c->idempotent)
			return 1;
		return cmd_err(c, "address %s exists on %s", addr_str(b, s),
			       link_ifid_name(c->r, b->ifid));
	}
	if (c->r->n_addrs == RT_ADDR_MAX)
		return cmd_err(c, "too many addresses (at most %u)", RT_ADDR_MAX);
	return 0;
}

/* Tell the other modules (hosts learn the MAC, routes via a gone subnet go). */
static void addr_announce(enum xr_event ev, const struct rt_addr *a)
{
	struct xr_ev_addr e = { .ifid = a->ifid, .addr = a->pfx };

	event_publish(ev, &e);
}

/* Routes, table entry, announcement: 0, or the RIB's error with nothing changed. */
static int addr_insert(struct router *r, const struct rt_addr *a)
{
	struct rib_route rt[ADDR_ROUTES_MAX];
	char s[XR_PREFIX_STRLEN];
	unsigned n, i;
	int err = 0;

	n = addr_routes(&a->pfx, a->ifid, addr_subnet_shared(r, a, NULL), rt);
	for (i = 0; i < n && !err; i++)
		err = rib_add(r->rib, &rt[i], false);
	if (err) {
		for (i--; i-- > 0;)
			rib_del(r->rib, &rt[i].dst, NULL);
		return err;
	}
	r->addrs[r->n_addrs++] = *a;
	addr_bridge_l3(r, a->ifid, true);
	addr_announce(XR_EV_ADDR_ADD, a);
	pr_info("addr %s dev %s: added\n", addr_str(a, s), link_ifid_name(r, a->ifid));
	return 0;
}

/* The reverse of addr_insert() for the entry found. */
static void addr_remove(struct router *r, struct rt_addr *found)
{
	struct rib_route rt[ADDR_ROUTES_MAX];
	struct rt_addr a = *found;
	char s[XR_PREFIX_STRLEN];
	unsigned n;

	n = addr_routes(&a.pfx, a.ifid, addr_subnet_shared(r, &a, found), rt);
	for (unsigned i = 0; i < n; i++)
		rib_del(r->rib, &rt[i].dst, NULL);
	memmove(found, found + 1, (r->addrs + --r->n_addrs - found) * sizeof(*found));
	addr_announce(XR_EV_ADDR_DEL, &a);
	if (!addr_on_ifid(r, a.ifid))
		addr_bridge_l3(r, a.ifid, false);
	pr_info("addr %s dev %s: removed\n", addr_str(&a, s), link_ifid_name(r, a.ifid));
}

int addr_auto_add(struct router *r, uint32_t ifid, const struct xr_prefix *pfx)
{
	struct rt_addr a = { .ifid = ifid, .pfx = *pfx, .flags = RT_ADDR_AUTO };

	if (addr_is_local(r, 0, &pfx->addr))
		return -EEXIST;
	if (r->n_addrs == RT_ADDR_MAX)
		return -ENOSPC;
	return addr_insert(r, &a);
}

int addr_auto_del(struct router *r, uint32_t ifid, const struct xr_prefix *pfx)
{
	struct rt_addr a = { .ifid = ifid, .pfx = *pfx }, *found = addr_find(r, &a);

	if (!found || !(found->flags & RT_ADDR_AUTO))
		return -ENOENT;
	addr_remove(r, found);
	return 0;
}

static int addr_cmd_add(struct cmd_ctx *c, int argc, char **argv)
{
	struct rt_addr a;
	char s[XR_PREFIX_STRLEN];
	int err;

	if (addr_parse_args(c, argc, argv, &a))
		return -1;
	err = addr_check_new(c, &a);
	if (err)
		return err > 0 ? 0 : -1;
	err = addr_insert(c->r, &a);
	if (err == -EEXIST)
		return cmd_err(c, "a route for %s exists: the address would shadow it",
			       addr_str(&a, s));
	if (err)
		return cmd_err(c, "cannot add address %s: %s", addr_str(&a, s), strerror(-err));
	return 0;
}

static int addr_cmd_del(struct cmd_ctx *c, int argc, char **argv)
{
	struct rt_addr a, *found;
	char s[XR_PREFIX_STRLEN];

	if (addr_parse_args(c, argc, argv, &a))
		return -1;
	found = addr_find(c->r, &a);
	if (!found)
		return cmd_err(c, "address %s not found on %s", addr_str(&a, s),
			       link_ifid_name(c->r, a.ifid));
	addr_remove(c->r, found);
	return 0;
}

static void addr_show_one(struct router *r, const struct rt_addr *a)
{
	bool v6 = a->pfx.addr.af == AF_INET6;
	char ip[XR_IP_STRLEN];
	struct xr_ip bcast;

	print_open_object(NULL);
	print_string(PRINT_ANY, "family", "    %s ", v6 ? "inet6" : "inet");
	print_string(PRINT_ANY, "local", "%s", xr_ip_str(&a->pfx.addr, ip));
	print_uint(PRINT_ANY, "prefixlen", "/%llu ", a->pfx.len);
	if (addr_broadcast(&a->pfx, &bcast))
		print_string(PRINT_ANY, "broadcast", "brd %s ", xr_ip_str(&bcast, ip));
	print_string(PRINT_ANY, "scope", "scope %s ",
		     addr_is_linklocal(&a->pfx.addr) ? "link" : "global");
	if (!v6)
		print_string(PRINT_ANY, "label", "%s", link_ifid_name(r, a->ifid));
	print_nl();
	print_close_object();
}

static void addr_show_ifid(struct router *r, int af, uint32_t ifid, uint32_t index,
			   uint16_t mtu, const uint8_t mac[6])
{
	char buf[18];

	print_open_object(NULL);
	print_uint(PRINT_ANY, "ifindex", "%llu: ", index);
	print_string(PRINT_ANY, "ifname", "%s: ", link_ifid_name(r, ifid));
	print_uint(PRINT_ANY, "mtu", "mtu %llu", mtu);
	print_nl();
	print_string(PRINT_ANY, "address", "    link/ether %s", print_mac(mac, buf));
	print_nl();
	print_open_array("addr_info");
	/* IPv4 first, then IPv6, as `ip addr` lists them. */
	for (int fam = AF_INET; fam; fam = fam == AF_INET ? AF_INET6 : 0) {
		for (unsigned i = 0; i < r->n_addrs; i++) {
			const struct rt_addr *a = &r->addrs[i];

			if (a->ifid == ifid && a->pfx.addr.af == fam && (!af || af == fam))
				addr_show_one(r, a);
		}
	}
	print_close_array();
	print_close_object();
}

struct addr_show_walk {
	int af;
};

static void addr_show_l3(struct router *r, uint32_t ifid, void *ctx)
{
	const struct addr_show_walk *w = ctx;
	uint8_t mac[6];
	uint16_t mtu;

	if (!link_ifid_info(r, ifid, mac, &mtu))
		addr_show_ifid(r, w->af, ifid, ifid, mtu, mac);
}

static int addr_cmd_show(struct cmd_ctx *c, int argc, char **argv)
{
	struct addr_show_walk w = { .af = c->af };

	if (argc > 0)
		return cmd_garbage(c, "show", argv[0]);
	print_open_array(NULL);
	link_foreach_l3(c->r, addr_show_l3, &w);
	print_close_array();
	return 0;
}

/* `addr add` lines. */
static void addr_save(struct router *r, FILE *f)
{
	char pfx[XR_PREFIX_STRLEN];

	/* Addresses the router derived itself come back with their interface. */
	for (unsigned i = 0; i < r->n_addrs; i++)
		if (!(r->addrs[i].flags & RT_ADDR_AUTO))
			fprintf(f, "addr add %s dev %s\n", xr_prefix_str(&r->addrs[i].pfx, pfx),
				link_ifid_name(r, r->addrs[i].ifid));
}

static void addr_event(struct router *r, enum xr_event ev, const void *arg)
{
	const struct xr_ev_iface *e = arg;

	if (ev == XR_EV_IFACE_DEL)
		addr_forget_ifid(r, e->ifid);
}

static const struct cmd_def addr_cmds[] = {
	{ "addr", "add", addr_cmd_add, 0, "ADDR/LEN dev DEV",
	  "a router address (IPv4 or IPv6) on a port or switch, and its connected route" },
	{ "addr", "del", addr_cmd_del, 0, "ADDR/LEN dev DEV",
	  "remove a router address and its connected route" },
	{ "addr", "show", addr_cmd_show, CMD_RO, "",
	  "list the router addresses, both families unless -4 or -6" },
};
XR_COMMANDS(addr_cmds)

static struct xr_module addr_module = {
	.name = "addr",
	.order = ROUTER_ORDER_ADDR,
	.event = addr_event,
	.save = addr_save,
};
XR_MODULE(addr_module)
