// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * 802.1Q VLANs: the "vlan" interface kind (`link add DEV vlan VID`: a
 * routed interface DEV.VID for the frames tagged VID on routed port or
 * switch DEV) and VLAN-aware switches (`bridge vlan add|del|show`: each
 * switch port's VLANs, its PVID, and which VLANs leave it untagged).
 *
 * Both live in the fast path's `vlans` map (port.h): one flags byte per
 * parent and VID, which is also what `bridge vlan show` and the journal
 * read back, so the map and what is shown cannot disagree.  A VLAN
 * interface's ifid encodes its parent and VID; this file keeps only its
 * name, and its number here is its row of the `stats` map (XR_MAX_PORTS +
 * n), which the `vlans` entry hands the fast path.  It follows its parent:
 * down, up and gone with it.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "cmd.h"
#include "dp.h"
#include "event.h"
#include "flood.h"
#include "l2.h"
#include "link_kind.h"
#include "linkmon.h"
#include "log.h"
#include "module.h"
#include "netdev.h"
#include "pkt.h"
#include "print.h"
#include "router.h"

#define VLAN_IF_MAX	XR_MAX_VLAN_IFS

struct vlan_if {
	bool used;
	char name[IF_NAMESIZE];
	uint32_t ifid;		/* xr_ifid_vlan(parent, vid) */
};

static struct vlan_if vlan_ifs[VLAN_IF_MAX];

int l2_parse_vid(struct cmd_ctx *c, const char *s, uint16_t *vid)
{
	uint32_t v;

	if (cmd_parse_u32(c, "vid", s, &v))
		return -1;
	if (v < 1 || v > XR_VID_MAX)
		return cmd_inv_arg(c, s, "invalid VLAN ID (1 to 4094)");
	*vid = (uint16_t)v;
	return 0;
}

/*
 * A port that carries tagged frames must hand them to XDP with the tag in
 * the frame: a NIC's receive VLAN stripping is turned off (veth strips
 * nothing before XDP; its senders are another matter, README "VLANs").
 */
static void vlan_port_rx_tags(const struct rt_port *p)
{
	int err = netdev_rxvlan_off(p->name);

	if (err > 0)
		pr_info("link %s: rx VLAN offload turned off (XDP must see the tags)\n", p->name);
	else if (err < 0)
		pr_warn("link %s: cannot turn rx VLAN offload off: %s: tagged frames may reach "
			"xrouter untagged\n", p->name, strerror(-err));
}

/* ---- VLAN interfaces ---- */

static struct vlan_if *vlan_if_by_ifid(uint32_t ifid)
{
	for (unsigned i = 0; i < VLAN_IF_MAX; i++)
		if (vlan_ifs[i].used && vlan_ifs[i].ifid == ifid)
			return &vlan_ifs[i];
	return NULL;
}

static struct vlan_if *vlan_if_by_name(const char *name)
{
	for (unsigned i = 0; i < VLAN_IF_MAX; i++)
		if (vlan_ifs[i].used && !strcmp(vlan_ifs[i].name, name))
			return &vlan_ifs[i];
	return NULL;
}

/* The `vlans` row of a VLAN interface's parent: a port's slot, or its switch's row. */
static int vlan_parent_row(struct router *r, uint32_t ifid, uint32_t *row)
{
	uint32_t parent = xr_ifid_vlan_parent(ifid);
	struct rt_port *p;

	if (ifid & XR_IFID_VLAN_BR) {
		if (parent >= XR_MAX_BRIDGES || !r->bridges[parent].used)
			return -ENODEV;
		*row = xr_vlan_row_bridge(parent);
		return 0;
	}
	p = link_port_by_ifindex(r, parent);
	if (!p || p->bridge)
		return -ENODEV;
	*row = p->slot;
	return 0;
}

/* The L3 ifid of a VLAN interface's parent (the port, or XR_IFID_BRIDGE | switch). */
static uint32_t vlan_parent_ifid(uint32_t ifid)
{
	uint32_t parent = xr_ifid_vlan_parent(ifid);

	return ifid & XR_IFID_VLAN_BR ? XR_IFID_BRIDGE | parent : parent;
}

/* Turn flags on (set) or off in the parent's byte for vid. */
static int vlan_flags_change(struct router *r, uint32_t row, uint16_t vid, uint8_t flags, bool on)
{
	uint8_t cur;
	int err = dp_vlan_get(r->dp, row, vid, &cur);

	if (err)
		return err;
	return dp_vlan_set(r->dp, row, vid, on ? cur | flags : cur & ~flags);
}

/* The parent of `link add NAME vlan VID`: 0 with the ifid, or -1 refused. */
static int vlan_parent_parse(struct cmd_ctx *c, const char *name, uint16_t vid, uint32_t *ifid)
{
	struct rt_port *p = link_port_by_name(c->r, name);
	int id;

	if (p && p->bridge)
		return cmd_err(c, "device \"%s\" is a port of switch \"%s\": a VLAN interface "
			       "goes on the switch (link add %s vlan %u)", name,
			       c->r->bridges[p->bridge].name, c->r->bridges[p->bridge].name, vid);
	if (p) {
		*ifid = xr_ifid_vlan(p->ifindex, vid);
		return 0;
	}
	id = link_bridge_by_name(c->r, name);
	if (id < 0)
		return cmd_err(c, "unknown device \"%s\"", name);
	*ifid = xr_ifid_vlan(XR_IFID_VLAN_BR | id, vid);
	return 0;
}

static struct vlan_if *vlan_if_free(void)
{
	for (unsigned i = 0; i < VLAN_IF_MAX; i++)
		if (!vlan_ifs[i].used)
			return &vlan_ifs[i];
	return NULL;
}

static uint16_t vlan_if_stats_row(const struct vlan_if *v)
{
	return (uint16_t)(XR_MAX_PORTS + (v - vlan_ifs));
}

/*
 * The entry for a new VLAN interface: the one whose counters the fast
 * path already names for it (a daemon adopting the program keeps them),
 * else a free one, its counters from zero.
 */
static struct vlan_if *vlan_if_take(struct router *r, uint32_t row, uint16_t vid)
{
	struct vlan_if *v = vlan_if_free();
	uint16_t srow = 0;

	if (!dp_vlan_stats_get(r->dp, row, vid, &srow) && srow >= XR_MAX_PORTS &&
	    srow < XR_STATS_ROWS && !vlan_ifs[srow - XR_MAX_PORTS].used)
		return &vlan_ifs[srow - XR_MAX_PORTS];
	if (v)
		dp_stats_clear(r->dp, vlan_if_stats_row(v));
	return v;
}

/* `link add NAME vlan VID`: NAME.VID, on routed port or switch NAME. */
static int vlan_kind_add(struct cmd_ctx *c, int argc, char **argv)
{
	char name[IF_NAMESIZE + 8];
	uint32_t ifid = 0, row;
	struct vlan_if *v;
	uint16_t vid = 0;
	int err;

	if (argc < 3)
		return cmd_incomplete(c);
	if (l2_parse_vid(c, argv[2], &vid))
		return -1;
	if (argc > 3)
		return cmd_garbage(c, argv[2], argv[3]);
	if (vlan_parent_parse(c, argv[0], vid, &ifid))
		return -1;
	snprintf(name, sizeof(name), "%s.%u", argv[0], vid);
	if (strlen(name) >= IF_NAMESIZE)
		return cmd_err(c, "name \"%s\" is too long (at most %u characters)", name,
			       IF_NAMESIZE - 1);
	v = vlan_if_by_ifid(ifid);
	if (v && c->idempotent)
		return 0;
	if (v || link_port_by_name(c->r, name) || link_bridge_by_name(c->r, name) > 0)
		return cmd_err(c, "link \"%s\" exists", name);
	err = vlan_parent_row(c->r, ifid, &row);
	if (err)
		return cmd_err(c, "cannot add \"%s\": %s", name, strerror(-err));
	v = vlan_if_take(c->r, row, vid);
	if (!v)
		return cmd_err(c, "too many VLAN interfaces (at most %u)", VLAN_IF_MAX);
	/* Its counters before its flag, so its first frame counts on it. */
	err = dp_vlan_stats_set(c->r->dp, row, vid, vlan_if_stats_row(v));
	if (!err)
		err = vlan_flags_change(c->r, row, vid, XR_VLAN_L3 | XR_VLAN_IP6, true);
	if (err)
		return cmd_err(c, "cannot add \"%s\": %s", name, strerror(-err));
	*v = (struct vlan_if){ .used = true, .ifid = ifid };
	strcpy(v->name, name);
	if (!(ifid & XR_IFID_VLAN_BR))
		vlan_port_rx_tags(link_port_by_ifindex(c->r, xr_ifid_vlan_parent(ifid)));
	pr_info("link %s: added (vlan %u on %s)\n", name, vid, argv[0]);
	event_publish(XR_EV_IFACE_ADD, &(struct xr_ev_iface){ ifid });
	return 0;
}

/* It goes with its addresses, routes and neighbours, then out of the fast path. */
static void vlan_if_remove(struct router *r, struct vlan_if *v)
{
	uint32_t row;

	event_publish(XR_EV_IFACE_DEL, &(struct xr_ev_iface){ v->ifid });
	if (!vlan_parent_row(r, v->ifid, &row)) {
		vlan_flags_change(r, row, xr_ifid_vid(v->ifid), XR_VLAN_L3 | XR_VLAN_IP6, false);
		dp_vlan_stats_set(r->dp, row, xr_ifid_vid(v->ifid), 0);
	}
	pr_info("link %s: removed\n", v->name);
	v->used = false;
}

static int vlan_kind_del(struct cmd_ctx *c, const char *name)
{
	struct vlan_if *v = vlan_if_by_name(name);

	if (!v)
		return -ENODEV;
	vlan_if_remove(c->r, v);
	return 0;
}

static int vlan_kind_ifid_by_name(struct router *r, const char *name, uint32_t *ifid)
{
	struct vlan_if *v = vlan_if_by_name(name);

	(void)r;
	if (!v)
		return -ENODEV;
	*ifid = v->ifid;
	return 0;
}

static const char *vlan_kind_ifid_name(struct router *r, uint32_t ifid)
{
	struct vlan_if *v = vlan_if_by_ifid(ifid);

	(void)r;
	return v ? v->name : NULL;
}

static int vlan_kind_stats_row(struct router *r, uint32_t ifid, unsigned *row)
{
	struct vlan_if *v = vlan_if_by_ifid(ifid);

	(void)r;
	if (!v)
		return -ENODEV;
	*row = vlan_if_stats_row(v);
	return 0;
}

/* A VLAN interface has its parent's MAC and MTU. */
static int vlan_kind_ifid_info(struct router *r, uint32_t ifid, uint8_t mac[6], uint16_t *mtu)
{
	if (!vlan_if_by_ifid(ifid))
		return -ENODEV;
	return link_ifid_info(r, vlan_parent_ifid(ifid), mac, mtu);
}

/* Out of switch port p in VLAN vid, tagged or not as its membership says. */
static int vlan_port_send(struct router *r, struct rt_port *p, uint16_t vid, const uint8_t *frame,
			  size_t len)
{
	static uint8_t buf[65536 + PKT_VLAN_TAG_LEN];
	uint8_t vf = 0;
	size_t n;

	if (dp_vlan_get(r->dp, p->slot, vid, &vf) || !(vf & XR_VLAN_MEMBER))
		return -ENODEV;
	n = pkt_vlan_push(buf, sizeof(buf), frame, len, vf & XR_VLAN_UNTAGGED ? 0 : vid);
	return n ? link_port_send(p, buf, n) : -EMSGSIZE;
}

int l2_port_send_fn(struct router *r, struct rt_port *p, void *ctx)
{
	const struct l2_frame *lf = ctx;

	if (!lf->vid)
		return link_port_send(p, lf->frame, lf->len);
	return vlan_port_send(r, p, lf->vid, lf->frame, lf->len);
}

/* Out of a switch's VLAN: to the station's port if known, else to every member. */
static int vlan_bridge_xmit(struct router *r, uint16_t id, uint16_t vid, const uint8_t *frame,
			    size_t len)
{
	struct rt_port *to;
	uint32_t ifindex;

	if (!(frame[0] & 1) && !flood_fdb_port(r->dp, id, vid, frame, &ifindex)) {
		to = link_port_by_ifindex(r, ifindex);
		if (to && to->bridge == id)
			return vlan_port_send(r, to, vid, frame, len);
	}
	return link_bridge_each(r, id, 0, l2_port_send_fn,
				&(struct l2_frame){ vid, frame, len });
}

static int vlan_kind_xmit(struct router *r, uint32_t ifid, const uint8_t *frame, size_t len)
{
	static uint8_t buf[65536 + PKT_VLAN_TAG_LEN];
	uint16_t vid = xr_ifid_vid(ifid);
	struct rt_port *p;
	size_t n;

	if (!vlan_if_by_ifid(ifid) || len < 2 * 6)
		return -ENODEV;
	if (ifid & XR_IFID_VLAN_BR)
		return vlan_bridge_xmit(r, xr_ifid_vlan_parent(ifid), vid, frame, len);
	p = link_port_by_ifindex(r, xr_ifid_vlan_parent(ifid));
	if (!p)
		return -ENODEV;
	n = pkt_vlan_push(buf, sizeof(buf), frame, len, vid);
	return n ? link_port_send(p, buf, n) : -EMSGSIZE;
}

static void vlan_kind_foreach(struct router *r,
			      void (*fn)(struct router *r, uint32_t ifid, void *ctx), void *ctx)
{
	for (unsigned i = 0; i < VLAN_IF_MAX; i++)
		if (vlan_ifs[i].used)
			fn(r, vlan_ifs[i].ifid, ctx);
}

/* `link show`: "ID: eth0.10@eth0: <UP,LOWER_UP> mtu 1500 state UP link/ether MAC vlan id 10 routed". */
static void vlan_show_one(struct router *r, const struct vlan_if *v)
{
	uint32_t parent = vlan_parent_ifid(v->ifid);
	struct rt_port *p = v->ifid & XR_IFID_VLAN_BR ? NULL : link_port_by_ifindex(r, parent);
	struct rt_port up = { .admin_up = true, .carrier = true, .operstate = LINKMON_OPER_UP };
	char mac_s[18];
	uint8_t mac[6];
	uint16_t mtu;

	if (link_ifid_info(r, parent, mac, &mtu))
		return;
	if (!p)
		p = &up;	/* a switch has no link state of its own */
	print_open_object(NULL);
	print_uint(PRINT_ANY, "ifindex", "%llu: ", v->ifid);
	print_string(PRINT_ANY, "ifname", "%s", v->name);
	print_string(PRINT_ANY, "link", "@%s: ", link_ifid_name(r, parent));
	link_show_flags(p);
	print_uint(PRINT_ANY, "mtu", "mtu %llu ", mtu);
	print_string(PRINT_ANY, "operstate", "state %s ", linkmon_oper_name(p->operstate));
	print_string(PRINT_ANY, "address", "link/ether %s ", print_mac(mac, mac_s));
	print_open_object("linkinfo");
	print_string(PRINT_ANY, "info_kind", "%s ", "vlan");
	print_open_object("info_data");
	print_uint(PRINT_ANY, "id", "id %llu ", xr_ifid_vid(v->ifid));
	print_close_object();
	print_close_object();
	print_string(PRINT_ANY, "mode", "%s", "routed");
	print_nl();
	print_close_object();
}

static void vlan_kind_show(struct router *r)
{
	for (unsigned i = 0; i < VLAN_IF_MAX; i++)
		if (vlan_ifs[i].used)
			vlan_show_one(r, &vlan_ifs[i]);
}

static struct link_kind vlan_kind = {
	.keyword = "vlan",
	.add = vlan_kind_add,
	.del = vlan_kind_del,
	.ifid_by_name = vlan_kind_ifid_by_name,
	.ifid_name = vlan_kind_ifid_name,
	.ifid_info = vlan_kind_ifid_info,
	.stats_row = vlan_kind_stats_row,
	.xmit = vlan_kind_xmit,
	.foreach = vlan_kind_foreach,
	.show = vlan_kind_show,
};
XR_LINK_KIND(vlan_kind)

/*
 * A parent's change reaches its VLAN interfaces: gone with it, and down
 * and up with it (route_down.c withdraws and restores their routes).
 */
static void vlan_event(struct router *r, enum xr_event ev, const void *arg)
{
	const struct xr_ev_iface *e = arg;

	if (ev != XR_EV_IFACE_DEL && ev != XR_EV_IFACE_DOWN && ev != XR_EV_IFACE_UP)
		return;
	if (e->ifid & XR_IFID_VLAN)
		return;
	for (unsigned i = 0; i < VLAN_IF_MAX; i++) {
		struct vlan_if *v = &vlan_ifs[i];

		if (!v->used || vlan_parent_ifid(v->ifid) != e->ifid)
			continue;
		if (ev == XR_EV_IFACE_DEL)
			vlan_if_remove(r, v);
		else
			event_publish(ev, &(struct xr_ev_iface){ v->ifid });
	}
}

/* ---- VLAN-aware switches: bridge vlan ---- */

/* Every VLAN's flags of a row, read from the fast path's map. */
static int vlan_row_read(struct router *r, uint32_t row, uint8_t flags[XR_VLAN_VIDS])
{
	for (uint16_t vid = 0; vid < XR_VLAN_VIDS; vid++) {
		int err = dp_vlan_get(r->dp, row, vid, &flags[vid]);

		if (err)
			return err;
	}
	return 0;
}

/* `dev DEV` of bridge vlan: a switch port, or -1 refused. */
static int vlan_bridge_dev(struct cmd_ctx *c, const char *dev, struct rt_port **p)
{
	*p = link_port_by_name(c->r, dev);
	if (!*p)
		return cmd_err(c, "unknown device \"%s\"", dev);
	if (!(*p)->bridge)
		return cmd_err(c, "device \"%s\" is not a switch port", dev);
	return 0;
}

struct bvlan_args {
	struct rt_port *port;
	uint16_t vid;
	bool pvid, untagged;
};

/* dev DEV vid VID [pvid] [untagged] (with_flags: add's grammar). */
static int bvlan_parse(struct cmd_ctx *c, int argc, char **argv, bool with_flags,
		       struct bvlan_args *a)
{
	const char *dev = NULL, *vid = NULL;

	for (int i = 0; i < argc; i++) {
		if (!strcmp(argv[i], "dev") && !dev && i + 1 < argc) {
			dev = argv[++i];
		} else if (!strcmp(argv[i], "vid") && !vid && i + 1 < argc) {
			vid = argv[++i];
		} else if (with_flags && !strcmp(argv[i], "pvid") && !a->pvid) {
			a->pvid = true;
		} else if (with_flags && !strcmp(argv[i], "untagged") && !a->untagged) {
			a->untagged = true;
		} else if (i + 1 == argc && (!strcmp(argv[i], "dev") || !strcmp(argv[i], "vid"))) {
			return cmd_incomplete(c);
		} else {
			return cmd_garbage(c, i ? argv[i - 1] : argv[i], argv[i]);
		}
	}
	if (!dev)
		return cmd_err(c, "Not enough information: \"dev\" argument is required.");
	if (!vid)
		return cmd_err(c, "Not enough information: \"vid\" argument is required.");
	if (l2_parse_vid(c, vid, &a->vid))
		return -1;
	return vlan_bridge_dev(c, dev, &a->port);
}

static int vlan_port_pvid_set(struct router *r, struct rt_port *p, uint16_t pvid)
{
	struct xr_port xp;
	int err = dp_port_get(r->dp, p->ifindex, &xp);

	if (err || xp.pvid == pvid)
		return err;
	xp.pvid = pvid;
	return dp_port_set(r->dp, p->ifindex, &xp);
}

static uint16_t vlan_port_pvid(struct router *r, const struct rt_port *p)
{
	struct xr_port xp;

	return dp_port_get(r->dp, p->ifindex, &xp) ? 0 : xp.pvid;
}

/* Is any port of switch id a member of any VLAN?  (VLAN-aware, else as before.) */
static bool vlan_bridge_has_vlans(struct router *r, uint16_t id)
{
	static uint8_t flags[XR_VLAN_VIDS];

	for (unsigned i = 0; i < XR_MAX_PORTS; i++) {
		struct rt_port *p = &r->ports[i];

		if (!p->used || p->bridge != id || vlan_row_read(r, p->slot, flags))
			continue;
		for (unsigned vid = 1; vid <= XR_VID_MAX; vid++)
			if (flags[vid] & XR_VLAN_MEMBER)
				return true;
	}
	return false;
}

static int vlan_bridge_aware_set(struct router *r, uint16_t id, bool on)
{
	struct xr_bridge br;
	int err = dp_bridge_get(r->dp, id, &br);

	if (err || !!(br.flags & XR_BRIDGE_VLAN) == on)
		return err;
	br.flags = on ? br.flags | XR_BRIDGE_VLAN : br.flags & ~XR_BRIDGE_VLAN;
	pr_info("bridge %s: VLAN-aware %s\n", r->bridges[id].name, on ? "on" : "off");
	return dp_bridge_set(r->dp, id, &br);
}

/* Membership first, then the PVID, then the switch turns VLAN-aware: never a half state. */
static int bvlan_cmd_add(struct cmd_ctx *c, int argc, char **argv)
{
	struct bvlan_args a = {};
	uint16_t pvid;
	uint8_t vf;
	int err;

	if (bvlan_parse(c, argc, argv, true, &a))
		return -1;
	err = dp_vlan_get(c->r->dp, a.port->slot, a.vid, &vf);
	if (!err) {
		vf = (vf & ~XR_VLAN_UNTAGGED) | XR_VLAN_MEMBER | (a.untagged ? XR_VLAN_UNTAGGED : 0);
		err = dp_vlan_set(c->r->dp, a.port->slot, a.vid, vf);
	}
	/* As Linux: adding the PVID's VLAN again without `pvid` takes the PVID away. */
	pvid = vlan_port_pvid(c->r, a.port);
	if (!err && (a.pvid || pvid == a.vid))
		err = vlan_port_pvid_set(c->r, a.port, a.pvid ? a.vid : 0);
	if (!err)
		err = vlan_bridge_aware_set(c->r, a.port->bridge, true);
	if (err)
		return cmd_err(c, "cannot add vlan %u to \"%s\": %s", a.vid, a.port->name,
			       strerror(-err));
	if (!a.untagged)
		vlan_port_rx_tags(a.port);
	return 0;
}

static int bvlan_cmd_del(struct cmd_ctx *c, int argc, char **argv)
{
	struct bvlan_args a = {};
	uint8_t vf;
	int err;

	if (bvlan_parse(c, argc, argv, false, &a))
		return -1;
	err = dp_vlan_get(c->r->dp, a.port->slot, a.vid, &vf);
	if (!err && !(vf & XR_VLAN_MEMBER))
		return cmd_err(c, "vlan %u is not configured on \"%s\"", a.vid, a.port->name);
	if (!err && vlan_port_pvid(c->r, a.port) == a.vid)
		err = vlan_port_pvid_set(c->r, a.port, 0);
	if (!err)
		err = dp_vlan_set(c->r->dp, a.port->slot, a.vid,
				  vf & ~(XR_VLAN_MEMBER | XR_VLAN_UNTAGGED));
	if (!err && !vlan_bridge_has_vlans(c->r, a.port->bridge))
		err = vlan_bridge_aware_set(c->r, a.port->bridge, false);
	if (err)
		return cmd_err(c, "cannot delete vlan %u from \"%s\": %s", a.vid, a.port->name,
			       strerror(-err));
	return 0;
}

/* One port's VLANs as iproute2's `bridge vlan show` prints them. */
static void bvlan_show_port(struct router *r, struct rt_port *p)
{
	static uint8_t flags[XR_VLAN_VIDS];
	uint16_t pvid = vlan_port_pvid(r, p);
	bool first = true;

	if (vlan_row_read(r, p->slot, flags))
		return;
	print_open_object(NULL);
	print_string(PRINT_ANY, "ifname", "%-17s", p->name);
	print_open_array("vlans");
	for (unsigned vid = 1; vid <= XR_VID_MAX; vid++) {
		if (!(flags[vid] & XR_VLAN_MEMBER))
			continue;
		if (!first)
			print_string(PRINT_FP, NULL, "%-17s", "");
		first = false;
		print_open_object(NULL);
		print_uint(PRINT_ANY, "vlan", " %llu", vid);
		print_open_array("flags");
		if (vid == pvid)
			print_string(PRINT_ANY, NULL, " %s", "PVID");
		if (flags[vid] & XR_VLAN_UNTAGGED)
			print_string(PRINT_ANY, NULL, " %s", "Egress Untagged");
		print_close_array();
		print_close_object();
		print_nl();
	}
	print_close_array();
	print_close_object();
	if (first)
		print_nl();
}

static int bvlan_cmd_show(struct cmd_ctx *c, int argc, char **argv)
{
	if (argc > 0)
		return cmd_garbage(c, "show", argv[0]);
	print_string(PRINT_FP, NULL, "%s\n", "port              vlan-id  ");
	print_open_array(NULL);
	for (unsigned i = 0; i < XR_MAX_PORTS; i++)
		if (c->r->ports[i].used && c->r->ports[i].bridge)
			bvlan_show_port(c->r, &c->r->ports[i]);
	print_close_array();
	return 0;
}

/* `bridge vlan add` lines for a port's VLANs, then the VLAN interfaces' `link add`. */
static void vlan_save_port(struct router *r, struct rt_port *p, FILE *f)
{
	static uint8_t flags[XR_VLAN_VIDS];
	uint16_t pvid = vlan_port_pvid(r, p);

	if (!link_name_savable(p->name) || vlan_row_read(r, p->slot, flags))
		return;
	for (unsigned vid = 1; vid <= XR_VID_MAX; vid++)
		if (flags[vid] & XR_VLAN_MEMBER)
			fprintf(f, "bridge vlan add dev %s vid %u%s%s\n", p->name, vid,
				vid == pvid ? " pvid" : "",
				flags[vid] & XR_VLAN_UNTAGGED ? " untagged" : "");
}

static void vlan_save(struct router *r, FILE *f)
{
	for (unsigned i = 0; i < XR_MAX_PORTS; i++)
		if (r->ports[i].used && r->ports[i].bridge)
			vlan_save_port(r, &r->ports[i], f);
	for (unsigned i = 0; i < VLAN_IF_MAX; i++) {
		const struct vlan_if *v = &vlan_ifs[i];
		const char *parent = v->used ? link_ifid_name(r, vlan_parent_ifid(v->ifid)) : NULL;

		if (parent && link_name_savable(parent))
			fprintf(f, "link add %s vlan %u\n", parent, xr_ifid_vid(v->ifid));
	}
}

static const struct cmd_def vlan_cmds[] = {
	{ "bridge", "vlan add", bvlan_cmd_add, 0, "dev DEV vid VID [ pvid ] [ untagged ]",
	  "make a switch port a member of VLAN VID" },
	{ "bridge", "vlan del", bvlan_cmd_del, 0, "dev DEV vid VID",
	  "take a switch port out of VLAN VID" },
	{ "bridge", "vlan show", bvlan_cmd_show, CMD_RO, "", "list the switch ports' VLANs" },
};
XR_COMMANDS(vlan_cmds)

static struct xr_module vlan_module = {
	.name = "vlan",
	.order = ROUTER_ORDER_VLAN,
	.event = vlan_event,
	.save = vlan_save,
};
XR_MODULE(vlan_module)
