// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * Ports and switches: `link add/del/show`, interface types (link_kind.h:
 * `link add DEV` is a routed port, `link add DEV bridge NAME` the switch
 * port kind registered here), and the lookups every other object uses to
 * turn a device name into an L3 interface id (port.h).
 * A routed port's ifid is its ifindex; a switch's is XR_IFID_BRIDGE | id;
 * other kinds' interfaces (VLAN interfaces) are their kind's to resolve.
 *
 * The kernel may change a port under us: the link monitor (linkmon.c)
 * reports every link change, and the handlers at the end of this file apply
 * those about our ports: a new MTU to the fast path, a new name, the link
 * state, and a deletion as `link del`.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <linux/if_link.h>

#include "cmd.h"
#include "dp.h"
#include "event.h"
#include "fdb.h"
#include "flood.h"
#include "link_kind.h"
#include "linkmon.h"
#include "log.h"
#include "module.h"
#include "names.h"
#include "netdev.h"
#include "nsm.h"
#include "pktio.h"
#include "print.h"
#include "router.h"
#include "state.h"

static struct link_kind *link_kinds;

void link_kind_register(struct link_kind *k)
{
	k->next = link_kinds;
	link_kinds = k;
}

static const struct link_kind *link_kind_find(const char *keyword)
{
	for (const struct link_kind *k = link_kinds; k; k = k->next)
		if (!strcmp(k->keyword, keyword))
			return k;
	return NULL;
}

struct rt_port *link_port_by_name(struct router *r, const char *name)
{
	for (unsigned i = 0; i < XR_MAX_PORTS; i++)
		if (r->ports[i].used && !strcmp(r->ports[i].name, name))
			return &r->ports[i];
	return NULL;
}

struct rt_port *link_port_by_ifindex(struct router *r, uint32_t ifindex)
{
	for (unsigned i = 0; i < XR_MAX_PORTS; i++)
		if (r->ports[i].used && r->ports[i].ifindex == ifindex)
			return &r->ports[i];
	return NULL;
}

int link_bridge_by_name(struct router *r, const char *name)
{
	for (unsigned i = 1; i < XR_MAX_BRIDGES; i++)
		if (r->bridges[i].used && !strcmp(r->bridges[i].name, name))
			return i;
	return -ENODEV;
}

uint32_t link_port_ifid(const struct rt_port *p)
{
	return p->bridge ? XR_IFID_BRIDGE | p->bridge : p->ifindex;
}

int link_ifid_by_name(struct router *r, const char *name, uint32_t *ifid)
{
	struct rt_port *p = link_port_by_name(r, name);
	int id;

	if (p) {
		if (p->bridge)
			return -EINVAL;
		*ifid = p->ifindex;
		return 0;
	}
	id = link_bridge_by_name(r, name);
	if (id > 0) {
		*ifid = XR_IFID_BRIDGE | id;
		return 0;
	}
	for (const struct link_kind *k = link_kinds; k; k = k->next)
		if (k->ifid_by_name && !k->ifid_by_name(r, name, ifid))
			return 0;
	return -ENODEV;
}

int link_cmd_l3_dev(struct cmd_ctx *c, const char *dev, uint32_t *ifid)
{
	struct rt_port *p = link_port_by_name(c->r, dev);

	if (p && p->bridge)
		return cmd_err(c, "device \"%s\" is a port of switch \"%s\": use the switch",
			       dev, c->r->bridges[p->bridge].name);
	if (link_ifid_by_name(c->r, dev, ifid))
		return cmd_err(c, "unknown device \"%s\"", dev);
	return 0;
}

/* The kind whose interface ifid is (XR_IFID_VLAN): its name, else NULL. */
static const char *link_kind_ifid_name(struct router *r, uint32_t ifid)
{
	const char *name;

	for (const struct link_kind *k = link_kinds; k; k = k->next)
		if (k->ifid_name && (name = k->ifid_name(r, ifid)))
			return name;
	return NULL;
}

const char *link_ifid_name(struct router *r, uint32_t ifid)
{
	const char *name;
	struct rt_port *p;

	if (ifid & XR_IFID_VLAN) {
		name = link_kind_ifid_name(r, ifid);
		return name ? name : "?";
	}
	if (ifid & XR_IFID_BRIDGE) {
		uint32_t id = ifid & ~XR_IFID_BRIDGE;

		return id < XR_MAX_BRIDGES && r->bridges[id].used ? r->bridges[id].name : "?";
	}
	p = link_port_by_ifindex(r, ifid);
	return p ? p->name : "?";
}

int link_ifid_info(struct router *r, uint32_t ifid, uint8_t mac[6], uint16_t *mtu)
{
	struct rt_port *p;

	if (ifid & XR_IFID_VLAN) {
		for (const struct link_kind *k = link_kinds; k; k = k->next)
			if (k->ifid_info && !k->ifid_info(r, ifid, mac, mtu))
				return 0;
		return -ENODEV;
	}
	if (ifid & XR_IFID_BRIDGE) {
		uint32_t id = ifid & ~XR_IFID_BRIDGE;

		if (id >= XR_MAX_BRIDGES || !r->bridges[id].used)
			return -ENODEV;
		memcpy(mac, r->bridges[id].mac, 6);
		*mtu = r->bridges[id].mtu;
		return 0;
	}
	p = link_port_by_ifindex(r, ifid);
	if (!p || p->bridge)
		return -ENODEV;
	memcpy(mac, p->mac, 6);
	*mtu = p->mtu;
	return 0;
}

int link_ifid_stats_row(struct router *r, uint32_t ifid, unsigned *row)
{
	struct rt_port *p;

	if (ifid & XR_IFID_VLAN) {
		for (const struct link_kind *k = link_kinds; k; k = k->next)
			if (k->stats_row && !k->stats_row(r, ifid, row))
				return 0;
		return -ENODEV;
	}
	p = ifid & XR_IFID_BRIDGE ? NULL : link_port_by_ifindex(r, ifid);
	if (!p)
		return -ENODEV;	/* a switch counts on its ports */
	*row = p->slot;
	return 0;
}

unsigned link_count(const struct router *r)
{
	unsigned n = 0;

	for (unsigned i = 0; i < XR_MAX_PORTS; i++)
		n += r->ports[i].used;
	return n;
}

int link_port_send(struct rt_port *p, const uint8_t *frame, size_t len)
{
	int err = pktio_send(p->tx_fd, p->ifindex, frame, len);

	if (err)
		pr_debug("link %s: send failed: %s\n", p->name, strerror(-err));
	return err;
}

int link_bridge_each(struct router *r, uint16_t id, uint32_t skip,
		     int (*fn)(struct router *r, struct rt_port *p, void *ctx), void *ctx)
{
	int err = -ENODEV, e;

	for (unsigned i = 0; id && i < XR_MAX_PORTS; i++) {
		struct rt_port *p = &r->ports[i];

		if (!p->used || p->bridge != id || (skip && p->ifindex == skip))
			continue;
		e = fn(r, p, ctx);
		err = e ? (err ? e : err) : 0;
	}
	return err;
}

struct link_frame {
	const uint8_t *frame;
	size_t len;
};

static int link_bridge_send_fn(struct router *r, struct rt_port *p, void *ctx)
{
	const struct link_frame *lf = ctx;

	(void)r;
	return link_port_send(p, lf->frame, lf->len);
}

/*
 * Out of a switch: to the station's port if the FDB knows it, as the fast
 * path would send it, else to every port.
 */
static int link_bridge_xmit(struct router *r, uint16_t id, const uint8_t *frame, size_t len)
{
	struct rt_port *to;
	uint32_t ifindex;

	if (len >= 6 && !(frame[0] & 1) && !flood_fdb_port(r->dp, id, 0, frame, &ifindex)) {
		to = link_port_by_ifindex(r, ifindex);
		if (to && to->bridge == id)
			return link_port_send(to, frame, len);
	}

	return link_bridge_each(r, id, 0, link_bridge_send_fn,
				&(struct link_frame){ frame, len });
}

int link_xmit(struct router *r, uint32_t ifid, const uint8_t *frame, size_t len)
{
	struct rt_port *p;

	if (ifid & XR_IFID_BRIDGE)
		return link_bridge_xmit(r, ifid & ~XR_IFID_BRIDGE, frame, len);
	if (ifid & XR_IFID_VLAN) {
		for (const struct link_kind *k = link_kinds; k; k = k->next) {
			int err = k->xmit ? k->xmit(r, ifid, frame, len) : -ENODEV;

			if (err != -ENODEV)
				return err;
		}
		return -ENODEV;
	}
	p = link_port_by_ifindex(r, ifid);
	if (!p)
		return -ENODEV;
	return link_port_send(p, frame, len);
}

static int link_bridge_get_or_make(struct router *r, const char *name, const struct netdev_info *ni,
				   bool *made)
{
	struct xr_bridge br = { .flags = XR_BRIDGE_ACTIVE, .mtu = ni->mtu };
	int id = link_bridge_by_name(r, name), err;

	*made = false;
	if (id > 0)
		return id;
	for (id = 1; id < (int)XR_MAX_BRIDGES && r->bridges[id].used; id++)
		;
	if (id == XR_MAX_BRIDGES)
		return -ENOSPC;
	memcpy(br.mac, ni->mac, 6);
	br.ageing_ns = XR_FDB_AGEING_S * 1000000000ull;
	err = dp_bridge_set(r->dp, id, &br);
	if (err)
		return err;
	r->bridges[id] = (struct rt_bridge){ .used = true, .mtu = ni->mtu,
					     .ageing_s = XR_FDB_AGEING_S };
	strcpy(r->bridges[id].name, name);
	memcpy(r->bridges[id].mac, ni->mac, 6);
	*made = true;
	return id;
}

static void link_bridge_drop(struct router *r, uint16_t id)
{
	struct xr_bridge br = {};

	event_publish(XR_EV_IFACE_DEL, &(struct xr_ev_iface){ XR_IFID_BRIDGE | id });
	dp_bridge_set(r->dp, id, &br);
	flood_bridge_del(r->dp, id);
	dp_vlan_row_clear(r->dp, xr_vlan_row_bridge(id));
	r->bridges[id].used = false;
}

/* A switch's L3 MTU is its narrowest port's: what routing out of it may send. */
static void link_bridge_mtu_update(struct router *r, uint16_t id)
{
	struct xr_bridge br;
	uint16_t mtu = 0;
	int err;

	for (unsigned i = 0; i < XR_MAX_PORTS; i++) {
		const struct rt_port *p = &r->ports[i];

		if (p->used && p->bridge == id && (!mtu || p->mtu < mtu))
			mtu = p->mtu;
	}
	if (!mtu || mtu == r->bridges[id].mtu || dp_bridge_get(r->dp, id, &br))
		return;
	br.mtu = mtu;
	err = dp_bridge_set(r->dp, id, &br);
	if (err) {
		pr_warn("bridge %s: cannot set mtu %u: %s\n", r->bridges[id].name, mtu,
			strerror(-err));
		return;
	}
	pr_info("bridge %s: mtu %u -> %u\n", r->bridges[id].name, r->bridges[id].mtu, mtu);
	r->bridges[id].mtu = mtu;
}

/* A free counters slot; after adoption prefer the one the port had. */
static int link_pick_slot(struct router *r, uint32_t ifindex)
{
	struct xr_port old;

	if (!dp_port_get(r->dp, ifindex, &old) && (old.flags & XR_PORT_ACTIVE) &&
	    old.slot < XR_MAX_PORTS && !r->ports[old.slot].used)
		return old.slot;
	for (unsigned i = 0; i < XR_MAX_PORTS; i++) {
		if (!r->ports[i].used) {
			/* A new port starts from zero, not from the last owner's counters. */
			dp_stats_clear(r->dp, i);
			return i;
		}
	}
	return -ENOSPC;
}

static int link_attach(struct router *r, struct rt_port *p)
{
	int err = dp_attach(r->dp, p->ifindex, XDP_FLAGS_DRV_MODE);

	p->xdp_flags = XDP_FLAGS_DRV_MODE;
	if (err) {
		pr_info("link %s: native XDP failed (%s), using generic\n", p->name,
			strerror(-err));
		err = dp_attach(r->dp, p->ifindex, XDP_FLAGS_SKB_MODE);
		p->xdp_flags = XDP_FLAGS_SKB_MODE;
	}
	if (err)
		pr_warn("link %s: attach failed: %s\n", p->name, strerror(-err));
	return err;
}

static void link_check_peer(struct cmd_ctx *c, const struct rt_port *p)
{
	char hint[160];

	if (netdev_veth_peer_ok(p->name, p->ifindex, hint, sizeof(hint)) == 0)
		fprintf(c->err, "Warning: the veth peer of %s cannot receive redirected frames "
			"(no XDP program, GRO off): forwarded packets to it are dropped; "
			"fix: %s\n", p->name, hint);
}

/* Already ours: identical is fine when replaying, else a refusal. */
static int link_add_exists(struct cmd_ctx *c, struct rt_port *p, const char *bridge)
{
	const char *cur = p->bridge ? c->r->bridges[p->bridge].name : NULL;
	bool same = (!cur && !bridge) || (cur && bridge && !strcmp(cur, bridge));

	if (same && c->idempotent)
		return 0;
	return cmd_err(c, "link \"%s\" exists", p->name);
}

static int link_setup(struct cmd_ctx *c, struct rt_port *p)
{
	struct router *r = c->r;
	struct xr_port xp = {
		.mtu = p->mtu,
		/* A routed port routes both families from the start: a successor
		 * rewriting the entry must not hand IPv6 to the kernel meanwhile. */
		.flags = XR_PORT_ACTIVE | (p->bridge ? XR_PORT_SWITCHED : XR_PORT_ROUTED | XR_PORT_IP6),
		.slot = p->slot,
		.bridge = p->bridge,
	};
	struct xr_port old;
	int err;

	/* A previous daemon's kernel sync passed local traffic to the kernel:
	 * go on until the replayed state decides (a BGP session survives). */
	if (r->adopted && !p->bridge && !dp_port_get(r->dp, p->ifindex, &old) &&
	    (old.flags & XR_PORT_ACTIVE))
		xp.flags |= old.flags & XR_PORT_LOCAL_KERNEL;
	memcpy(xp.mac, p->mac, 6);
	p->tx_fd = pktio_open(p->ifindex);
	if (p->tx_fd < 0) {
		err = p->tx_fd;
		return cmd_err(c, "link %s: cannot open packet socket: %s", p->name, strerror(-err));
	}
	err = dp_port_set(r->dp, p->ifindex, &xp);
	if (err) {
		pktio_close(p->tx_fd);
		return cmd_err(c, "link %s: cannot write port entry: %s", p->name, strerror(-err));
	}
	err = p->bridge ? flood_port_add(r->dp, p->bridge, p->ifindex) : 0;
	if (err) {
		dp_port_clear(r->dp, p->ifindex);
		pktio_close(p->tx_fd);
		return cmd_err(c, "link %s: cannot join the flood list: %s", p->name,
			       strerror(-err));
	}
	err = link_attach(r, p);
	if (err) {
		if (p->bridge)
			flood_port_del(r->dp, p->bridge, p->ifindex);
		dp_port_clear(r->dp, p->ifindex);
		pktio_close(p->tx_fd);
		return cmd_err(c, "link %s: cannot attach XDP: %s", p->name, strerror(-err));
	}
	return 0;
}

/* Until the kernel says otherwise, a port is taken to be up. */
static void link_port_state_init(struct rt_port *p)
{
	struct linkmon_link l;
	int err = linkmon_get(p->ifindex, &l);

	p->admin_up = err ? true : l.up;
	p->carrier = err ? true : l.lower_up;
	p->operstate = err ? LINKMON_OPER_UNKNOWN : l.operstate;
	if (err)
		pr_debug("link %s: cannot read the link state: %s\n", p->name, strerror(-err));
}

/* A routed port (bridge NULL) or a port of switch bridge, both valid names. */
static int link_port_add(struct cmd_ctx *c, const char *dev, const char *bridge)
{
	struct router *r = c->r;
	struct netdev_info ni;
	struct rt_port *p;
	int slot, id = 0;
	bool made = false;

	p = link_port_by_name(r, dev);
	if (p)
		return link_add_exists(c, p, bridge);
	if (netdev_get(dev, &ni))
		return cmd_err(c, "unknown device \"%s\"", dev);
	if (ni.ifindex >= XR_MAX_IFINDEX)
		return cmd_err(c, "device \"%s\" has ifindex %u, over the limit %u",
			       dev, ni.ifindex, XR_MAX_IFINDEX - 1);
	slot = link_pick_slot(r, ni.ifindex);
	if (slot < 0)
		return cmd_err(c, "too many ports (at most %u)", XR_MAX_PORTS);
	if (bridge) {
		id = link_bridge_get_or_make(r, bridge, &ni, &made);
		if (id < 0)
			return cmd_err(c, "cannot create bridge \"%s\": %s", bridge, strerror(-id));
	}
	p = &r->ports[slot];
	*p = (struct rt_port){ .ifindex = ni.ifindex, .mtu = ni.mtu, .slot = slot, .bridge = id };
	strcpy(p->name, dev);
	memcpy(p->mac, ni.mac, 6);
	if (link_setup(c, p)) {
		if (made)
			link_bridge_drop(r, id);
		return -1;
	}
	p->used = true;
	link_port_state_init(p);
	if (p->bridge)
		link_bridge_mtu_update(r, p->bridge);
	pr_info("link %s: added (ifindex %u, %s%s, %s XDP)\n", p->name, p->ifindex,
		bridge ? "bridge " : "routed", bridge ? bridge : "",
		p->xdp_flags == XDP_FLAGS_DRV_MODE ? "native" : "generic");
	link_check_peer(c, p);
	/* A switch becomes an L3 interface with its first address (addr.c) instead. */
	if (!p->bridge)
		event_publish(XR_EV_IFACE_ADD, &(struct xr_ev_iface){ p->ifindex });
	return 0;
}

static int link_cmd_add(struct cmd_ctx *c, int argc, char **argv)
{
	const struct link_kind *k;

	if (argc < 1)
		return cmd_incomplete(c);
	if (cmd_parse_ifname(c, "name", argv[0]))
		return -1;
	if (argc == 1)
		return link_port_add(c, argv[0], NULL);
	k = link_kind_find(argv[1]);
	if (!k)
		return cmd_garbage(c, argv[0], argv[1]);
	return k->add(c, argc, argv);
}

/* `link add DEV bridge NAME`: a port of switch NAME, made with its first port. */
static int link_bridge_port_add(struct cmd_ctx *c, int argc, char **argv)
{
	if (argc < 3)
		return cmd_incomplete(c);
	if (cmd_parse_ifname(c, "bridge", argv[2]))
		return -1;
	if (argc > 3)
		return cmd_garbage(c, argv[2], argv[3]);
	return link_port_add(c, argv[0], argv[2]);
}

static struct link_kind link_bridge_kind = {
	.keyword = "bridge",
	.add = link_bridge_port_add,
};
XR_LINK_KIND(link_bridge_kind)

static bool link_bridge_empty(const struct router *r, uint16_t id)
{
	for (unsigned i = 0; i < XR_MAX_PORTS; i++)
		if (r->ports[i].used && r->ports[i].bridge == id)
			return false;
	return true;
}

static void link_release(struct router *r, struct rt_port *p, bool detach)
{
	if (detach) {
		dp_detach(r->dp, p->ifindex);
		if (p->bridge)
			flood_port_del(r->dp, p->bridge, p->ifindex);
		dp_port_clear(r->dp, p->ifindex);
		/* Its VLANs go with it: the slot's next port starts with none. */
		dp_vlan_row_clear(r->dp, p->slot);
	}
	pktio_close(p->tx_fd);
	p->used = false;
}

static int link_fdb_drop_port(const struct xr_fdb_key *k, const struct xr_fdb *e, void *ctx)
{
	struct router *r = ((void **)ctx)[0];
	struct rt_port *p = ((void **)ctx)[1];

	if (k->bridge == p->bridge && e->ifindex == p->ifindex)
		dp_fdb_del(r->dp, k);
	return 0;
}

/*
 * A port goes with everything that leads through it: its addresses and
 * connected routes, routes via it and via gateways only it reached, its
 * neighbours (or, on a switch, its stations), then its switch if it was
 * the last port.  `link del`, and a device deleted under the daemon.
 */
static void link_port_remove(struct router *r, struct rt_port *p)
{
	uint16_t bridge = p->bridge;

	if (!bridge) {
		event_publish(XR_EV_IFACE_DEL, &(struct xr_ev_iface){ p->ifindex });
	} else {
		dp_fdb_foreach(r->dp, link_fdb_drop_port, (void *[]){ r, p });
	}
	link_release(r, p, true);
	if (bridge && link_bridge_empty(r, bridge))
		link_bridge_drop(r, bridge);
	else if (bridge)
		link_bridge_mtu_update(r, bridge);
}

/* `link del NAME` of an interface that is not a port: its kind's. */
static int link_kind_del(struct cmd_ctx *c, const char *name)
{
	for (const struct link_kind *k = link_kinds; k; k = k->next) {
		int err = k->del ? k->del(c, name) : -ENODEV;

		if (err != -ENODEV)
			return err;
	}
	return cmd_err(c, "unknown device \"%s\"", name);
}

void link_foreach_l3(struct router *r, void (*fn)(struct router *r, uint32_t ifid, void *ctx),
		     void *ctx)
{
	for (unsigned i = 0; i < XR_MAX_PORTS; i++)
		if (r->ports[i].used && !r->ports[i].bridge)
			fn(r, r->ports[i].ifindex, ctx);
	for (unsigned i = 1; i < XR_MAX_BRIDGES; i++)
		if (r->bridges[i].used)
			fn(r, XR_IFID_BRIDGE | i, ctx);
	for (const struct link_kind *k = link_kinds; k; k = k->next)
		if (k->foreach)
			k->foreach(r, fn, ctx);
}

static int link_cmd_del(struct cmd_ctx *c, int argc, char **argv)
{
	struct rt_port *p;

	if (argc < 1)
		return cmd_incomplete(c);
	if (argc > 1)
		return cmd_garbage(c, argv[0], argv[1]);
	p = link_port_by_name(c->r, argv[0]);
	if (!p)
		return link_kind_del(c, argv[0]);
	link_port_remove(c->r, p);
	pr_info("link %s: removed\n", argv[0]);
	return 0;
}

static void link_release_all(struct router *r, bool detach)
{
	for (unsigned i = 0; i < XR_MAX_PORTS; i++)
		if (r->ports[i].used)
			link_release(r, &r->ports[i], detach);
}

/* ip link's flags, those the daemon follows: <NO-CARRIER,UP>, <UP,LOWER_UP>. */
void link_show_flags(const struct rt_port *p)
{
	const char *flags[3];
	char text[40] = "";
	unsigned n = 0;

	if (p->admin_up && !p->carrier)
		flags[n++] = "NO-CARRIER";
	if (p->admin_up)
		flags[n++] = "UP";
	if (p->carrier)
		flags[n++] = "LOWER_UP";
	print_open_array("flags");
	for (unsigned i = 0; i < n; i++) {
		print_string(PRINT_JSON, NULL, NULL, flags[i]);
		snprintf(text + strlen(text), sizeof(text) - strlen(text), "%s%s", i ? "," : "",
			 flags[i]);
	}
	print_close_array();
	print_string(PRINT_FP, NULL, "<%s> ", text);
}

static int link_cmd_show(struct cmd_ctx *c, int argc, char **argv)
{
	char mac[18];

	if (argc > 0)
		return cmd_garbage(c, "show", argv[0]);
	print_open_array(NULL);
	for (unsigned i = 0; i < XR_MAX_PORTS; i++) {
		struct rt_port *p = &c->r->ports[i];

		if (!p->used)
			continue;
		print_open_object(NULL);
		print_uint(PRINT_ANY, "ifindex", "%llu: ", p->ifindex);
		print_string(PRINT_ANY, "ifname", "%s: ", p->name);
		link_show_flags(p);
		print_uint(PRINT_ANY, "mtu", "mtu %llu ", p->mtu);
		print_string(PRINT_ANY, "operstate", "state %s ", linkmon_oper_name(p->operstate));
		print_string(PRINT_ANY, "address", "link/ether %s ", print_mac(p->mac, mac));
		if (p->bridge)
			print_string(PRINT_ANY, "master", "master %s ", c->r->bridges[p->bridge].name);
		print_string(PRINT_ANY, "mode", "%s ", p->bridge ? "switched" : "routed");
		print_string(PRINT_ANY, "xdp", "xdp %s",
			     p->xdp_flags == XDP_FLAGS_DRV_MODE ? "native" : "generic");
		print_nl();
		print_close_object();
	}
	for (const struct link_kind *k = link_kinds; k; k = k->next)
		if (k->show)
			k->show(c->r);
	print_close_array();
	return 0;
}

/* ---- changes the kernel reports (linkmon.c) ---- */

bool link_port_is_up(const struct rt_port *p)
{
	return p->admin_up && p->carrier &&
	       (p->operstate == LINKMON_OPER_UP || p->operstate == LINKMON_OPER_UNKNOWN);
}

/* The fast path checks the egress MTU in the port map: rewrite the entry
 * whole (one map update) so nothing else in it changes. */
static void link_port_mtu_set(struct router *r, struct rt_port *p, uint32_t kmtu)
{
	uint16_t mtu = kmtu > 65535 ? 65535 : kmtu;
	struct xr_port xp;
	int err;

	if (mtu == p->mtu)
		return;
	err = dp_port_get(r->dp, p->ifindex, &xp);
	if (!err) {
		xp.mtu = mtu;
		err = dp_port_set(r->dp, p->ifindex, &xp);
	}
	if (err)
		pr_warn("link %s: cannot set mtu %u in the fast path: %s\n", p->name, mtu,
			strerror(-err));
	pr_info("link %s: mtu %u -> %u\n", p->name, p->mtu, mtu);
	/* Fragmentation and Fragmentation Needed read it here (link_ifid_info). */
	p->mtu = mtu;
	if (p->bridge)
		link_bridge_mtu_update(r, p->bridge);
}

/* A port was renamed or deleted: the journal's lines name it as it was, so
 * a fresh snapshot makes a restart replay the ports as they are now. */
static bool link_snapshot_stale;

/* The snapshot names ports: it is written again once the batch is done. */
static void link_port_rename(struct rt_port *p, const char *name)
{
	pr_info("link %s: renamed to %s\n", p->name, name);
	snprintf(p->name, sizeof(p->name), "%s", name);
	link_snapshot_stale = true;
}

/* A change of link_port_is_up() is announced: route_down.c withdraws the
 * port's routes on XR_EV_IFACE_DOWN and restores them on XR_EV_IFACE_UP. */
static void link_port_state_set(struct rt_port *p, const struct linkmon_link *l)
{
	bool was_up = link_port_is_up(p);

	p->admin_up = l->up;
	p->carrier = l->lower_up;
	p->operstate = l->operstate;
	if (was_up == link_port_is_up(p))
		return;
	event_publish(was_up ? XR_EV_IFACE_DOWN : XR_EV_IFACE_UP,
		      &(struct xr_ev_iface){ p->ifindex });
	pr_info("link %s: %s (state %s)\n", p->name, was_up ? "down" : "up",
			linkmon_oper_name(p->operstate));
}

/*
 * `ip link set DEV address MAC` on a routed port: the fast path routes
 * what arrives for the new MAC and sends from it (one map update), and
 * the IPv6 link-local address derived from it follows (ip6_ll.c).  A
 * switch's ports are not addressed: its router MAC stays as it was.
 */
static void link_port_mac_set(struct router *r, struct rt_port *p, const uint8_t mac[6])
{
	char was[18], now[18];
	struct xr_port xp;
	int err;

	if (p->bridge || !memcmp(p->mac, mac, 6))
		return;
	err = dp_port_get(r->dp, p->ifindex, &xp);
	if (!err) {
		memcpy(xp.mac, mac, 6);
		err = dp_port_set(r->dp, p->ifindex, &xp);
	}
	if (err) {
		pr_warn("link %s: cannot set its new address in the fast path: %s\n", p->name,
			strerror(-err));
		return;
	}
	pr_info("link %s: address %s -> %s\n", p->name, print_mac(p->mac, was),
		print_mac(mac, now));
	memcpy(p->mac, mac, 6);
	event_publish(XR_EV_IFACE_MAC, &(struct xr_ev_iface){ p->ifindex });
}

static void link_on_changed(void *ctx, const struct linkmon_link *l)
{
	struct router *r = ctx;
	struct rt_port *p = link_port_by_ifindex(r, l->ifindex);

	if (!p)
		return;		/* not ours */
	if (l->name[0] && strcmp(l->name, p->name))
		link_port_rename(p, l->name);
	if (l->mtu)
		link_port_mtu_set(r, p, l->mtu);
	if (l->has_mac)
		link_port_mac_set(r, p, l->mac);
	link_port_state_set(p, l);
}

static void link_on_deleted(void *ctx, uint32_t ifindex)
{
	struct router *r = ctx;
	struct rt_port *p = link_port_by_ifindex(r, ifindex);

	if (!p)
		return;
	pr_warn("link %s: device deleted (or moved to another namespace): port removed "
		"with its addresses, neighbours and routes\n", p->name);
	link_port_remove(r, p);
	link_snapshot_stale = true;
}

static int link_u32_cmp(const void *a, const void *b)
{
	uint32_t x = *(const uint32_t *)a, y = *(const uint32_t *)b;

	return (x > y) - (x < y);
}

/* After a full dump: a port whose device is not in it was deleted unheard. */
static void link_on_synced(void *ctx, const uint32_t *present, size_t n)
{
	struct router *r = ctx;

	for (unsigned i = 0; i < XR_MAX_PORTS; i++) {
		struct rt_port *p = &r->ports[i];

		if (p->used && !(n && bsearch(&p->ifindex, present, n, sizeof(*present),
					      link_u32_cmp)))
			link_on_deleted(r, p->ifindex);
	}
}

static const struct linkmon_ops link_monitor_ops = {
	.link_changed = link_on_changed,
	.link_deleted = link_on_deleted,
	.links_synced = link_on_synced,
};

/* After a batch of kernel changes: the snapshot, if a name changed. */
static void link_monitor_save(void)
{
	if (!link_snapshot_stale)
		return;
	link_snapshot_stale = false;
	state_save();
}

static int link_monitor_open(struct router *r)
{
	int err;

	r->linkmon = linkmon_open(&link_monitor_ops, r);
	if (!r->linkmon) {
		err = -errno;
		pr_warn("link monitor: cannot follow link changes: %s; MTU changes, renames and "
			"deletions of ports go unnoticed\n", strerror(-err));
		return err;
	}
	link_monitor_save();
	return linkmon_fd(r->linkmon);
}

static void link_monitor_read(struct router *r)
{
	int err = linkmon_read(r->linkmon);

	if (err)
		pr_warn("link monitor: %s\n", strerror(-err));
	link_monitor_save();
}

static void link_monitor_close(struct router *r)
{
	linkmon_close(r->linkmon);
	r->linkmon = NULL;
}

/* Would a line hold the name as one word?  (Otherwise it is not written.) */
bool link_name_savable(const char *name)
{
	char q[64];

	if (name_word_valid(name))
		return true;
	pr_warn("state: the name \"%s\" cannot be saved: not kept for a successor\n",
		name_quote(q, sizeof(q), name));
	return false;
}

/* Ports, then switches' settings: `link add` and `bridge set` lines. */
static void link_save(struct router *r, FILE *f)
{
	for (unsigned i = 0; i < XR_MAX_PORTS; i++) {
		const struct rt_port *p = &r->ports[i];

		if (!p->used || !link_name_savable(p->name) ||
		    (p->bridge && !link_name_savable(r->bridges[p->bridge].name)))
			continue;
		if (p->bridge)
			fprintf(f, "link add %s bridge %s\n", p->name, r->bridges[p->bridge].name);
		else
			fprintf(f, "link add %s\n", p->name);
	}
	for (unsigned i = 1; i < XR_MAX_BRIDGES; i++)
		if (r->bridges[i].used && r->bridges[i].ageing_s != XR_FDB_AGEING_S &&
		    link_name_savable(r->bridges[i].name))
			fprintf(f, "bridge set %s ageing %u\n", r->bridges[i].name,
				r->bridges[i].ageing_s);
}

static const struct cmd_def link_cmds[] = {
	{ "link", "add", link_cmd_add, 0, "DEV [ bridge NAME ]\nNAME vlan VID",
	  "take a routed port, or a port of switch NAME; or make VLAN interface NAME.VID" },
	{ "link", "del", link_cmd_del, 0, "DEV",
	  "give a port back (or remove a VLAN interface), with its addresses and routes" },
	{ "link", "show", link_cmd_show, CMD_RO, "", "list the ports and switches" },
};
XR_COMMANDS(link_cmds)

static struct xr_module link_module = {
	.name = "link",
	.order = ROUTER_ORDER_LINK,
	.stop = link_release_all,
	.save = link_save,
	.watch_open = link_monitor_open,
	.watch_ready = link_monitor_read,
	.watch_close = link_monitor_close,
};
XR_MODULE(link_module)
