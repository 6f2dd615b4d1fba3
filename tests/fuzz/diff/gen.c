// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The differential fuzzer's inputs (gen.h).  Tables are small (a few
 * subnets, a few dozen routes) so that frames drawn from their addresses
 * hit every kind of route, neighbour and station; fields are drawn where
 * bugs live: lengths at and around their limits and the MTUs, TTL 0/1/2/255,
 * martian, broadcast and router addresses, checksums right, wrong and left
 * for the device, options well and badly formed.
 */
#include <string.h>

#include "gen.h"

#define NS		1000000000ull
#define STATIONS	8

uint64_t gen_u64(struct gen_rng *g)
{
	/* xorshift64*: fast, and a seed replays a run. */
	g->s ^= g->s >> 12;
	g->s ^= g->s << 25;
	g->s ^= g->s >> 27;
	return g->s * 0x2545f4914f6cdd1dull;
}

uint32_t gen_below(struct gen_rng *g, uint32_t n)
{
	return (uint32_t)((gen_u64(g) >> 32) % n);
}

/* True with probability pct/100. */
static int chance(struct gen_rng *g, unsigned pct)
{
	return gen_below(g, 100) < pct;
}

static uint32_t pick(struct gen_rng *g, const uint32_t *v, unsigned n)
{
	return v[gen_below(g, n)];
}

static void station_mac(unsigned k, uint8_t *m)
{
	const uint8_t s[6] = { 0x02, 0xaa, 0, 0, 0, (uint8_t)(k + 1) };

	memcpy(m, s, 6);
}

static uint32_t mask_of(uint8_t len)
{
	return len ? ~0u << (32 - len) : 0;
}

static uint16_t mtu_pick(struct gen_rng *g)
{
	static const uint32_t mtus[] = { 0, 68, 576, 1280, 1500, 1500, 1500, 2000, 9000 };

	if (chance(g, 15))
		return (uint16_t)(68 + gen_below(g, 3400));
	return (uint16_t)pick(g, mtus, sizeof(mtus) / sizeof(mtus[0]));
}

/* ---- tables ---- */

static void gen_ports(struct gen_rng *g, const uint32_t ifindex[MDL_PORTS], struct mdl_tables *t)
{
	unsigned i, b;

	for (b = 1; b < MDL_BRIDGES; b++) {
		struct mdl_bridge *br = &t->bridge[b];
		const uint8_t mac[6] = { 0x02, 0, 0, 0, 0x0b, (uint8_t)b };

		memcpy(br->mac, mac, 6);
		br->flags = chance(g, 90) ? XR_BRIDGE_ACTIVE : 0;
		if (chance(g, 60))
			br->flags |= XR_BRIDGE_L3;
		if (chance(g, 60))
			br->flags |= XR_BRIDGE_IP6;
		br->mtu = mtu_pick(g);
		br->ageing_ns = chance(g, 50) ? 0 : 60 * NS;
	}
	for (i = 0; i < MDL_PORTS; i++) {
		struct mdl_port *p = &t->port[i];
		unsigned role = gen_below(g, 10);

		p->ifindex = ifindex[i];
		p->slot = (uint16_t)(i + 1);
		p->mtu = mtu_pick(g);
		if (role < 5) {
			p->flags = XR_PORT_ACTIVE | XR_PORT_ROUTED;
			if (chance(g, 70))
				p->flags |= XR_PORT_IP6;
			if (chance(g, 30))	/* its addresses on the kernel too */
				p->flags |= XR_PORT_LOCAL_KERNEL;
		} else if (role < 9) {
			p->flags = XR_PORT_ACTIVE | XR_PORT_SWITCHED;
			p->bridge = (uint16_t)(1 + (role & 1));
		}
	}
}

/* VIDs the tables use, so that frames tagged with them find something. */
static const uint32_t gen_vids[] = { 10, 20, 4094 };
#define GEN_VIDS	3

static void vlan_put(struct mdl_tables *t, uint32_t row, uint16_t vid, uint8_t flags)
{
	unsigned i;

	for (i = 0; i < t->nvlan; i++)
		if (t->vlan[i].row == row && t->vlan[i].vid == vid)
			break;
	if (i == MDL_VLANS)
		return;
	t->vlan[i] = (struct mdl_vlan){ .row = row, .vid = vid, .flags = flags };
	if (i == t->nvlan)
		t->nvlan++;
}

/* A VLAN interface counting on a row of its own (as the daemon gives each), or, as a program
 * whose tables have none, on its port: XR_MAX_PORTS + its entry, unique per entry. */
static void vlan_put_l3(struct gen_rng *g, struct mdl_tables *t, uint32_t row, uint16_t vid)
{
	vlan_put(t, row, vid, XR_VLAN_L3 | (chance(g, 50) ? XR_VLAN_IP6 : 0));
	for (unsigned i = 0; i < t->nvlan; i++)
		if (t->vlan[i].row == row && t->vlan[i].vid == vid)
			t->vlan[i].stats = chance(g, 75) ? (uint16_t)(XR_MAX_PORTS + i) : 0;
}

/*
 * VLAN interfaces on routed ports and switches, VLAN-aware switches with
 * their ports' membership and PVIDs; half the VLAN interfaces route IPv6.
 */
static void gen_vlans(struct gen_rng *g, struct mdl_tables *t)
{
	unsigned i, b, k;

	for (b = 1; b < MDL_BRIDGES; b++) {
		if (chance(g, 50))
			t->bridge[b].flags |= XR_BRIDGE_VLAN;
		for (k = 0; k < GEN_VIDS; k++)
			if (chance(g, 30))
				vlan_put_l3(g, t, XR_MAX_PORTS + b, (uint16_t)gen_vids[k]);
	}
	for (i = 0; i < MDL_PORTS; i++) {
		struct mdl_port *p = &t->port[i];

		for (k = 0; k < GEN_VIDS; k++) {
			uint16_t vid = (uint16_t)gen_vids[k];

			if ((p->flags & XR_PORT_ROUTED) && chance(g, 40))
				vlan_put_l3(g, t, p->slot, vid);
			if ((p->flags & XR_PORT_SWITCHED) && chance(g, 60))
				vlan_put(t, p->slot, vid, XR_VLAN_MEMBER |
					 (chance(g, 40) ? XR_VLAN_UNTAGGED : 0));
		}
		if ((p->flags & XR_PORT_SWITCHED) && chance(g, 60))
			p->pvid = (uint16_t)pick(g, gen_vids, GEN_VIDS);
	}
}

static void route_put(struct mdl_tables *t, uint32_t prefix, uint8_t len, uint8_t type,
		      uint8_t proto, uint32_t ifid, uint32_t gw, uint32_t metric)
{
	struct mdl_route *r;

	if (t->nroute >= MDL_ROUTES)
		return;
	r = &t->route[t->nroute++];
	*r = (struct mdl_route){ .prefix = prefix & mask_of(len), .len = len, .type = type,
				 .proto = proto, .ifid = ifid, .gw = gw, .metric = metric };
}

/* L3 interfaces: routed ports, switches with an address, VLAN interfaces; ip6: those routing IPv6. */
#define MDL_L3_IFIDS	(MDL_PORTS + MDL_BRIDGES + MDL_VLANS)
static unsigned l3_ifids(const struct mdl_tables *t, uint32_t *out, bool ip6)
{
	unsigned i, n = 0;

	for (i = 0; i < MDL_PORTS; i++)
		if ((t->port[i].flags & XR_PORT_ROUTED) && (!ip6 || (t->port[i].flags & XR_PORT_IP6)))
			out[n++] = t->port[i].ifindex;
	for (i = 1; i < MDL_BRIDGES; i++)
		if ((t->bridge[i].flags & XR_BRIDGE_L3) &&
		    (!ip6 || (t->bridge[i].flags & XR_BRIDGE_IP6)))
			out[n++] = XR_IFID_BRIDGE | i;
	for (i = 0; i < t->nvlan && n < MDL_L3_IFIDS; i++) {
		const struct mdl_vlan *v = &t->vlan[i];
		uint32_t parent = v->row >= XR_MAX_PORTS ? XR_IFID_VLAN_BR | (v->row - XR_MAX_PORTS)
							 : t->port[v->row - 1].ifindex;

		if ((v->flags & XR_VLAN_L3) && (!ip6 || (v->flags & XR_VLAN_IP6)))
			out[n++] = XR_IFID_VLAN | (uint32_t)v->vid << 16 | parent;
	}
	return n;
}

/*
 * A route of kind 9..19 (of 20) without a gateway, for either family:
 * on-link through an interface (sometimes one that cannot route),
 * blackhole, unreachable, or local.  False: no interface for it.
 */
static bool route_target(struct gen_rng *g, const struct mdl_tables *t, unsigned kind, bool ip6,
			 uint8_t *type, uint32_t *ifid)
{
	uint32_t all[MDL_L3_IFIDS];
	unsigned n;

	*type = XR_NH_UNICAST;
	if (kind < 12) {
		n = l3_ifids(t, all, ip6);
		*ifid = n && chance(g, 80) ? all[gen_below(g, n)] :
					     t->port[gen_below(g, MDL_PORTS)].ifindex;
	} else if (kind < 15) {
		*type = XR_NH_BLACKHOLE;
	} else if (kind < 19) {
		*type = XR_NH_UNREACHABLE;
	} else {
		*type = XR_NH_LOCAL;
		n = l3_ifids(t, all, ip6);
		if (!n)
			return false;
		*ifid = all[gen_below(g, n)];
	}
	return true;
}

/* What `addr add` makes: local /32, subnet broadcast, connected route. */
static void gen_subnet(struct gen_rng *g, struct mdl_tables *t, uint32_t ifid, unsigned k)
{
	static const uint32_t lens[] = { 8, 16, 24, 24, 24, 24, 28, 30, 31 };
	uint8_t len = (uint8_t)pick(g, lens, sizeof(lens) / sizeof(lens[0]));
	uint32_t net = (10u << 24 | (k + 1) << 16) & mask_of(len), addr;

	if (len == 8)
		net = (uint32_t)(100 + k) << 24;
	addr = net | (len < 31 ? 1 : 0);
	route_put(t, addr, 32, XR_NH_LOCAL, 2, ifid, 0, 0);
	if (len < 31)
		route_put(t, net | ~mask_of(len), 32, XR_NH_BROADCAST, 2, ifid, 0, 0);
	route_put(t, net, len, XR_NH_UNICAST, 1, ifid, 0, 0);
}

/* A host of a connected subnet (the gateway kind of address). */
static int connected_host(struct gen_rng *g, const struct mdl_tables *t, uint32_t *ifid,
			  uint32_t *ip)
{
	const struct mdl_route *c[MDL_ROUTES];
	unsigned i, n = 0;

	for (i = 0; i < t->nroute; i++)
		if (t->route[i].proto == 1)
			c[n++] = &t->route[i];
	if (!n)
		return 0;
	i = gen_below(g, n);
	*ifid = c[i]->ifid;
	*ip = c[i]->prefix | (gen_below(g, 8) & ~mask_of(c[i]->len));
	return 1;
}

/*
 * An ECMP route: 2..MDL_NH_MAX gateways of connected subnets, weights
 * mostly small, now and then the extremes (iproute2's 1..256).
 */
static int connected_host6(struct gen_rng *g, const struct mdl_tables *t, uint32_t *ifid,
			   uint8_t *ip);

/*
 * The members of an ECMP route of either family into the next free group:
 * 2..MDL_NH_MAX gateways of connected subnets (IPv6: link-local ones
 * too), weights mostly small, now and then the extremes (iproute2's
 * 1..256).  false if there is no connected subnet to take them from.
 */
static bool gen_group(struct gen_rng *g, struct mdl_tables *t, bool v6)
{
	static const uint32_t weights[] = { 1, 1, 1, 2, 3, 4, 256 };
	struct mdl_group *grp = &t->group[t->ngroup];
	unsigned n = 2 + gen_below(g, MDL_NH_MAX - 1);

	*grp = (struct mdl_group){ .v6 = v6 };
	for (unsigned i = 0; i < n; i++) {
		struct mdl_nh *m = &grp->nh[grp->n];

		if (!(v6 ? connected_host6(g, t, &m->ifid, m->gw6) :
			   connected_host(g, t, &m->ifid, &m->gw)))
			return false;
		m->weight = (uint16_t)pick(g, weights, sizeof(weights) / sizeof(weights[0]));
		grp->n++;
	}
	return true;
}

static void gen_group_route(struct gen_rng *g, struct mdl_tables *t, uint32_t base, uint8_t len)
{
	if (gen_group(g, t, false))
		route_put(t, base, len, XR_NH_GROUP, 0, t->ngroup++, 0, gen_below(g, 4));
}

static void gen_static_route(struct gen_rng *g, struct mdl_tables *t)
{
	static const uint32_t lens[] = { 0, 1, 8, 12, 16, 20, 23, 24, 24, 25, 26, 28, 30, 31, 32 };
	uint8_t len = (uint8_t)pick(g, lens, sizeof(lens) / sizeof(lens[0]));
	uint32_t base, ifid = 0, gw = 0;
	unsigned kind = gen_below(g, 20);
	uint8_t type = XR_NH_UNICAST;

	switch (gen_below(g, 5)) {
	case 0: base = 198u << 24 | 51u << 16 | gen_below(g, 65536); break;
	case 1: base = 10u << 24 | gen_below(g, 1u << 24); break;
	case 2: base = (uint32_t)gen_u64(g); break;
	case 3: base = 203u << 24 | 113u << 8 | gen_below(g, 256); break;
	default: base = 198u << 24 | 51u << 16 | 100u << 8 | gen_below(g, 256); break;
	}
	if (kind < 3 && t->ngroup < MDL_ROUTES) {
		gen_group_route(g, t, base, len);
		return;
	} else if (kind < 9) {
		if (!connected_host(g, t, &ifid, &gw))
			return;
	} else if (!route_target(g, t, kind, false, &type, &ifid)) {
		return;
	}
	route_put(t, base, len, type, 0, ifid, gw, gen_below(g, 4));
}

/* The entry of (ifid, ip), new or the one to overwrite: one MAC per neighbour. */
static struct mdl_neigh *neigh_slot(struct mdl_tables *t, uint32_t ifid, uint32_t ip)
{
	unsigned i;

	for (i = 0; i < t->nneigh; i++)
		if (t->neigh[i].ifid == ifid && t->neigh[i].ip == ip)
			return &t->neigh[i];
	t->neigh[t->nneigh] = (struct mdl_neigh){ .ifid = ifid, .ip = ip };
	return &t->neigh[t->nneigh++];
}

static struct mdl_neigh6 *neigh6_slot(struct mdl_tables *t, uint32_t ifid, const uint8_t *ip);

/* Most members' gateways resolved; now and then a member never is. */
static void gen_group_neighbours(struct gen_rng *g, struct mdl_tables *t,
				 const struct mdl_group *grp)
{
	for (unsigned i = 0; i < grp->n; i++) {
		const struct mdl_nh *m = &grp->nh[i];
		uint8_t *mac;

		if ((grp->v6 ? t->nneigh6 : t->nneigh) >= MDL_NEIGH || !chance(g, 85))
			continue;
		mac = grp->v6 ? neigh6_slot(t, m->ifid, m->gw6)->mac :
				neigh_slot(t, m->ifid, m->gw)->mac;
		station_mac(gen_below(g, STATIONS), mac);
	}
}

static void gen_neighbours(struct gen_rng *g, struct mdl_tables *t)
{
	unsigned i, n = t->nroute;

	/* Most gateways resolved, and a few hosts of each subnet. */
	for (i = 0; i < n && t->nneigh < MDL_NEIGH; i++) {
		const struct mdl_route *r = &t->route[i];
		struct mdl_neigh *e;
		uint32_t ifid = r->ifid, ip = r->gw;

		if (r->type == XR_NH_GROUP) {
			gen_group_neighbours(g, t, &t->group[r->ifid]);
			continue;
		}
		if (!ip && !connected_host(g, t, &ifid, &ip))
			continue;
		if (!chance(g, 70))
			continue;
		e = neigh_slot(t, ifid, ip);
		station_mac(gen_below(g, STATIONS), e->mac);
		if (chance(g, 10))
			e->mac[5] = 0x77;	/* a host no switch knows */
	}
}

static void gen_fdb(struct gen_rng *g, struct mdl_tables *t, uint64_t now)
{
	unsigned i, n = gen_below(g, 12);

	for (i = 0; i < n; i++) {
		struct mdl_fdb *e = &t->fdb[t->nfdb];
		unsigned k = gen_below(g, STATIONS), j;

		e->bridge = (uint16_t)(1 + gen_below(g, MDL_BRIDGES - 1));
		e->vlan = t->bridge[e->bridge].flags & XR_BRIDGE_VLAN ?
			  (uint16_t)pick(g, gen_vids, GEN_VIDS) : 0;
		station_mac(k, e->mac);
		for (j = 0; j < t->nfdb; j++)
			if (t->fdb[j].bridge == e->bridge && t->fdb[j].vlan == e->vlan &&
			    !memcmp(t->fdb[j].mac, e->mac, 6))
				break;
		if (j < t->nfdb)
			continue;
		e->ifindex = t->port[gen_below(g, MDL_PORTS)].ifindex;
		e->is_static = chance(g, 30);
		/* Fresh, or long stale: never near the edge, which a slow run could cross. */
		e->seen_ns = chance(g, 75) ? now : now - 1000 * NS;
		t->nfdb++;
	}
}

/* ---- IPv6 tables ---- */

/* 2001:db8:<net>::<host> */
static void a6_db8(uint8_t *a, uint16_t net, uint32_t host)
{
	memset(a, 0, 16);
	a[0] = 0x20;
	a[1] = 0x01;
	a[2] = 0x0d;
	a[3] = 0xb8;
	a[4] = (uint8_t)(net >> 8);
	a[5] = (uint8_t)net;
	a[12] = (uint8_t)(host >> 24);
	a[13] = (uint8_t)(host >> 16);
	a[14] = (uint8_t)(host >> 8);
	a[15] = (uint8_t)host;
}

/* The bits of a past len cleared. */
static void a6_mask(uint8_t *a, unsigned len)
{
	unsigned i;

	for (i = 0; i < 16; i++) {
		if (i * 8 >= len)
			a[i] = 0;
		else if (i * 8 + 8 > len)
			a[i] &= (uint8_t)(0xff00 >> (len - i * 8));
	}
}

/* The bits of a past len taken from h: a host of prefix a/len. */
static void a6_host(uint8_t *a, unsigned len, const uint8_t *h)
{
	unsigned i;

	for (i = 0; i < 16; i++) {
		uint8_t keep = i * 8 >= len ? 0 : i * 8 + 8 <= len ? 0xff :
			       (uint8_t)(0xff00 >> (len - i * 8));

		a[i] = (uint8_t)((a[i] & keep) | (h[i] & ~keep));
	}
}

static void a6_random(struct gen_rng *g, uint8_t *a)
{
	uint64_t hi = gen_u64(g), lo = gen_u64(g);

	memcpy(a, &hi, 8);
	memcpy(a + 8, &lo, 8);
}

static void route6_put(struct mdl_tables *t, const uint8_t *prefix, uint8_t len, uint8_t type,
		       uint8_t proto, uint32_t ifid, const uint8_t *gw, uint32_t metric)
{
	struct mdl_route6 *r;

	if (t->nroute6 >= MDL_ROUTES)
		return;
	r = &t->route6[t->nroute6++];
	*r = (struct mdl_route6){ .len = len, .type = type, .proto = proto, .ifid = ifid,
				  .metric = metric };
	memcpy(r->prefix, prefix, 16);
	a6_mask(r->prefix, len);
	if (gw)
		memcpy(r->gw, gw, 16);
}

/* What `addr add 2001:db8:k::1/len` makes: the local /128 and the connected route. */
static void gen_subnet6(struct gen_rng *g, struct mdl_tables *t, uint32_t ifid, unsigned k)
{
	static const uint32_t lens[] = { 48, 56, 64, 64, 64, 64, 120, 127 };
	uint8_t len = (uint8_t)pick(g, lens, sizeof(lens) / sizeof(lens[0])), a[16];

	a6_db8(a, (uint16_t)(k + 1), 1);
	route6_put(t, a, 128, XR_NH_LOCAL, 2, ifid, NULL, 0);
	route6_put(t, a, len, XR_NH_UNICAST, 1, ifid, NULL, 0);
}

/* A host of a connected IPv6 subnet, or a link-local neighbour of an IPv6 interface. */
static int connected_host6(struct gen_rng *g, const struct mdl_tables *t, uint32_t *ifid,
			   uint8_t *ip)
{
	const struct mdl_route6 *c[MDL_ROUTES];
	uint8_t h[16] = { 0 };
	unsigned i, n = 0;

	for (i = 0; i < t->nroute6; i++)
		if (t->route6[i].proto == 1)
			c[n++] = &t->route6[i];
	if (!n)
		return 0;
	i = gen_below(g, n);
	*ifid = c[i]->ifid;
	h[15] = (uint8_t)gen_below(g, 8);
	if (chance(g, 25)) {		/* fe80::N, as routers announce themselves */
		memset(ip, 0, 16);
		ip[0] = 0xfe;
		ip[1] = 0x80;
		ip[15] = (uint8_t)(1 + h[15]);
		return 1;
	}
	memcpy(ip, c[i]->prefix, 16);
	a6_host(ip, c[i]->len, h);
	return 1;
}

static void gen_static_route6(struct gen_rng *g, struct mdl_tables *t)
{
	static const uint32_t lens[] = { 0, 3, 16, 29, 32, 40, 48, 48, 56, 64, 65, 96, 120, 127,
					 128 };
	uint8_t len = (uint8_t)pick(g, lens, sizeof(lens) / sizeof(lens[0]));
	uint8_t base[16], gw[16], type = XR_NH_UNICAST;
	uint32_t ifid = 0;
	unsigned kind = gen_below(g, 20);
	bool has_gw = false;

	a6_random(g, base);
	switch (gen_below(g, 4)) {
	case 0: a6_db8(base, (uint16_t)(0x100 + gen_below(g, 4)), (uint32_t)gen_u64(g)); break;
	case 1: base[0] = 0x20 | (base[0] & 0x1f); break;		/* 2000::/3 */
	case 2: base[0] = 0xfd; break;					/* unique local */
	default: break;
	}
	if (kind < 3 && t->ngroup < MDL_ROUTES) {
		if (!gen_group(g, t, true))
			return;
		type = XR_NH_GROUP;
		ifid = t->ngroup++;
	} else if (kind < 9) {
		if (!connected_host6(g, t, &ifid, gw))
			return;
		has_gw = true;
	} else if (!route_target(g, t, kind, true, &type, &ifid)) {
		return;
	}
	route6_put(t, base, len, type, 0, ifid, has_gw ? gw : NULL, gen_below(g, 4));
}

static struct mdl_neigh6 *neigh6_slot(struct mdl_tables *t, uint32_t ifid, const uint8_t *ip)
{
	unsigned i;

	for (i = 0; i < t->nneigh6; i++)
		if (t->neigh6[i].ifid == ifid && !memcmp(t->neigh6[i].ip, ip, 16))
			return &t->neigh6[i];
	t->neigh6[t->nneigh6] = (struct mdl_neigh6){ .ifid = ifid };
	memcpy(t->neigh6[t->nneigh6].ip, ip, 16);
	return &t->neigh6[t->nneigh6++];
}

static void gen_neighbours6(struct gen_rng *g, struct mdl_tables *t)
{
	static const uint8_t zero[16];
	unsigned i, n = t->nroute6;

	for (i = 0; i < n && t->nneigh6 < MDL_NEIGH; i++) {
		const struct mdl_route6 *r = &t->route6[i];
		struct mdl_neigh6 *e;
		uint32_t ifid = r->ifid;
		uint8_t ip[16];

		if (r->type == XR_NH_GROUP) {
			gen_group_neighbours(g, t, &t->group[r->ifid]);
			continue;
		}
		memcpy(ip, r->gw, 16);
		if (!memcmp(ip, zero, 16) && !connected_host6(g, t, &ifid, ip))
			continue;
		if (!chance(g, 70))
			continue;
		e = neigh6_slot(t, ifid, ip);
		station_mac(gen_below(g, STATIONS), e->mac);
		if (chance(g, 10))
			e->mac[5] = 0x77;
	}
}

static void gen_tables6(struct gen_rng *g, struct mdl_tables *t)
{
	uint32_t ifids[MDL_L3_IFIDS];
	unsigned i, n = l3_ifids(t, ifids, true), extra = gen_below(g, 24);

	for (i = 0; i < n; i++)
		gen_subnet6(g, t, ifids[i], i);
	for (i = 0; i < extra; i++)
		gen_static_route6(g, t);
	gen_neighbours6(g, t);
}

void gen_tables(struct gen_rng *g, const uint32_t ifindex[MDL_PORTS], uint64_t now_ns,
		struct mdl_tables *t)
{
	uint32_t ifids[MDL_L3_IFIDS];
	unsigned i, n, extra;

	memset(t, 0, sizeof(*t));
	gen_ports(g, ifindex, t);
	gen_vlans(g, t);
	n = l3_ifids(t, ifids, false);
	for (i = 0; i < n; i++)
		gen_subnet(g, t, ifids[i], i);
	extra = gen_below(g, 24);
	for (i = 0; i < extra; i++)
		gen_static_route(g, t);
	gen_neighbours(g, t);
	gen_tables6(g, t);
	gen_fdb(g, t, now_ns);
	t->fib_dxr = chance(g, 30);
}

/* ---- frames ---- */

struct fb {
	uint8_t *b;
	size_t len;
};

static void put(struct fb *f, const void *p, size_t n)
{
	if (f->len + n > GEN_FRAME_MAX)
		n = GEN_FRAME_MAX - f->len;
	memcpy(f->b + f->len, p, n);
	f->len += n;
}

static void put16(struct fb *f, uint16_t v)
{
	uint8_t b[2] = { (uint8_t)(v >> 8), (uint8_t)v };

	put(f, b, 2);
}

static void put32(struct fb *f, uint32_t v)
{
	put16(f, (uint16_t)(v >> 16));
	put16(f, (uint16_t)v);
}

static void set16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

static void dst_mac(struct gen_rng *g, const struct mdl_tables *t, unsigned in, uint8_t *m)
{
	const struct mdl_port *p = &t->port[in];
	unsigned k = gen_below(g, 100);

	if (k < 50) {
		const uint8_t *own = p->flags & XR_PORT_SWITCHED ? t->bridge[p->bridge].mac : p->mac;

		memcpy(m, own, 6);
	} else if (k < 65) {
		station_mac(gen_below(g, STATIONS), m);
	} else if (k < 73) {
		memset(m, 0xff, 6);
	} else if (k < 78) {
		const uint8_t mc[6] = { 0x01, 0x00, 0x5e, 0, 0, (uint8_t)gen_below(g, 4) };
		const uint8_t mc6[6] = { 0x33, 0x33, chance(g, 50) ? 0xff : 0, 0, 0,
					 (uint8_t)(1 + gen_below(g, 2)) };

		memcpy(m, chance(g, 50) ? mc : mc6, 6);
	} else if (k < 81) {
		const uint8_t ll[6] = { 0x01, 0x80, 0xc2, 0, 0, (uint8_t)gen_below(g, 0x20) };

		memcpy(m, ll, 6);
	} else if (k < 90) {
		const struct mdl_port *o = &t->port[gen_below(g, MDL_PORTS)];

		memcpy(m, chance(g, 50) ? o->mac : t->bridge[1 + gen_below(g, 2)].mac, 6);
	} else {
		uint64_t r = gen_u64(g);

		memcpy(m, &r, 6);
	}
}

static void src_mac(struct gen_rng *g, uint8_t *m)
{
	unsigned k = gen_below(g, 100);

	if (k < 85) {
		station_mac(gen_below(g, STATIONS), m);
	} else if (k < 90) {
		memset(m, 0, 6);
	} else if (k < 95) {
		const uint8_t mc[6] = { 0x01, 0x00, 0x5e, 0, 0, 1 };

		memcpy(m, mc, 6);
	} else {
		uint64_t r = gen_u64(g);

		memcpy(m, &r, 6);
	}
}

/* An address worth sending to or from: the tables', edges, martians. */
static uint32_t addr_pick(struct gen_rng *g, const struct mdl_tables *t)
{
	static const uint32_t special[] = {
		0, 0x00000001, 0x7f000001, 0xa9fe0101, 0xe0000001, 0xe00000fb, 0xefffffff,
		0xf0000001, 0xfffffffe, 0xffffffff, 0x0a000000, 0xc0000201, 0x64400001,
	};
	unsigned k = gen_below(g, 100);

	if (k < 70 && t->nroute) {
		const struct mdl_route *r = &t->route[gen_below(g, t->nroute)];
		uint32_t host = ~mask_of(r->len), h;

		switch (gen_below(g, 6)) {
		case 0: h = 0; break;
		case 1: h = host; break;
		case 2: h = 1; break;
		default: h = (uint32_t)gen_u64(g); break;
		}
		if (r->gw && chance(g, 20))
			return r->gw;
		return r->prefix | (h & host);
	}
	if (k < 85)
		return pick(g, special, sizeof(special) / sizeof(special[0]));
	return (uint32_t)gen_u64(g);
}

/* A host behind a unicast route (or any route, if none is): where traffic goes. */
static uint32_t addr_routed(struct gen_rng *g, const struct mdl_tables *t)
{
	unsigned i, n = 0, idx[MDL_ROUTES];

	for (i = 0; i < t->nroute; i++)
		if (t->route[i].type == XR_NH_UNICAST || t->route[i].type == XR_NH_GROUP)
			idx[n++] = i;
	if (!n)
		return addr_pick(g, t);
	/* A resolved host of a subnet, half the time: on-link needs its neighbour. */
	if (t->nneigh && chance(g, 50))
		return t->neigh[gen_below(g, t->nneigh)].ip;
	i = idx[gen_below(g, n)];
	return t->route[i].prefix | ((uint32_t)gen_u64(g) & ~mask_of(t->route[i].len));
}

static unsigned ip_options(struct gen_rng *g, uint8_t *o)
{
	unsigned n = 0, max = 4 * (1 + gen_below(g, 10)), kind;

	while (n < max) {
		kind = gen_below(g, 10);
		if (kind == 0) {
			o[n++] = 0;		/* END; what follows is padding */
		} else if (kind < 3) {
			o[n++] = 1;		/* NOP */
		} else {
			static const uint8_t types[] = { 7, 0x44, 0x83, 0x89, 0x94, 0x82, 0x88 };
			uint8_t len = (uint8_t)(2 + gen_below(g, 12));

			if (chance(g, 10))
				len = (uint8_t)gen_below(g, 3 + max - n);	/* 0, 1 or too long */
			o[n] = chance(g, 85) ? types[gen_below(g, sizeof(types))] : (uint8_t)gen_u64(g);
			if (n + 1 < max)
				o[n + 1] = len;
			n += len >= 2 ? len : 2;
		}
	}
	return max;
}

static uint16_t l3_len(struct gen_rng *g, const struct mdl_tables *t)
{
	const struct mdl_port *p = &t->port[gen_below(g, MDL_PORTS)];
	unsigned k = gen_below(g, 10);
	int mtu = p->mtu ? p->mtu : t->bridge[1 + gen_below(g, 2)].mtu;

	if (k < 4)
		return (uint16_t)(20 + gen_below(g, 100));
	if (k < 7 && mtu)
		return (uint16_t)(mtu - 1 + (int)gen_below(g, 3));
	if (k < 8)
		return (uint16_t)(1499 + gen_below(g, 3));
	return (uint16_t)(20 + gen_below(g, GEN_FRAME_MAX - 40));
}

static uint16_t sum_words(uint32_t s, const uint8_t *b, size_t n)
{
	size_t i;

	for (i = 0; i + 1 < n; i += 2)
		s += (uint32_t)(b[i] << 8 | b[i + 1]);
	if (n & 1)
		s += (uint32_t)b[n - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

/* A transport checksum: whole, left for the device (pseudo-header only), zero, or junk. */
static void l4_check(struct gen_rng *g, uint8_t *l4, size_t seg, size_t off, uint32_t pseudo)
{
	unsigned k = gen_below(g, 10);

	if (seg < off + 2)
		return;
	set16(l4 + off, 0);
	if (k < 4) {
		set16(l4 + off, (uint16_t)~sum_words(pseudo, l4, seg));
	} else if (k < 8) {
		set16(l4 + off, sum_words(pseudo, NULL, 0));
	} else if (k < 9) {
		set16(l4 + off, (uint16_t)gen_u64(g));
	}
}

/*
 * IPv4 at f.  clean: what a host sends through a router (a unicast
 * destination behind a route, a valid header, TTL above 1), so that the
 * forwarding path itself is reached as often as the ways to refuse.
 */
static void gen_ipv4(struct gen_rng *g, const struct mdl_tables *t, struct fb *f, bool clean)
{
	static const uint32_t ttls[] = { 0, 1, 2, 255, 64, 64 };
	static const uint32_t protos[] = { 17, 17, 6, 6, 1, 47, 0 };
	size_t ip = f->len, hl, tot, i;
	uint8_t opt[40], *h;
	unsigned optlen = chance(g, clean ? 10 : 25) ? ip_options(g, opt) : 0;
	uint8_t proto = (uint8_t)pick(g, protos, 7);
	uint32_t src = clean ? 198u << 24 | 18u << 16 | gen_below(g, 65536) : addr_pick(g, t);
	uint32_t dst = clean ? addr_routed(g, t) : addr_pick(g, t);
	uint8_t ttl = (uint8_t)(chance(g, 80) ? pick(g, ttls, 6) : gen_below(g, 256));

	hl = 20 + optlen;
	tot = l3_len(g, t);
	if (tot < hl)
		tot = hl;
	put16(f, (uint16_t)(0x4000 | (hl / 4) << 8 | (chance(g, 10) ? gen_below(g, 256) : 0)));
	put16(f, (uint16_t)tot);
	put16(f, (uint16_t)gen_u64(g));
	put16(f, chance(g, 70) ? 0 : (uint16_t)pick(g, (const uint32_t[]){ 0x4000, 0x2000, 0x2001,
		0x0001, 0x1fff, 0x6000 }, 6));
	if (clean && ttl < 2)
		ttl = 2;
	put(f, (uint8_t[]){ ttl, proto, 0, 0 }, 4);
	put32(f, src);
	put32(f, dst);
	put(f, opt, optlen);
	for (i = hl; i < tot && f->len < GEN_FRAME_MAX; i++) {
		uint8_t z = (uint8_t)(i * 7);

		put(f, &z, 1);
	}
	h = f->b + ip;
	if (proto == 1 && f->len - ip > hl)	/* echo request, reply, errors */
		h[hl] = (uint8_t)pick(g, (const uint32_t[]){ 8, 8, 0, 3, 11, 13 }, 6);
	if (proto == 6 || proto == 17) {
		size_t seg = f->len - ip - hl;
		uint32_t pseudo = sum_words(0, h + 12, 8) + proto + (uint32_t)(tot - hl);

		if (proto == 17 && seg >= 8)
			set16(h + hl + 4, (uint16_t)(tot - hl));
		if (f->len - ip >= tot)
			l4_check(g, h + hl, tot - hl, proto == 6 ? 16 : 6, pseudo);
	}
	/* Lengths at and around their limits. */
	if (!clean && chance(g, 8))
		set16(h + 2, (uint16_t)pick(g, (const uint32_t[]){ 0, 19, (uint32_t)hl - 1,
			(uint32_t)hl, (uint32_t)tot + 1, (uint32_t)(f->len - ip), 65535 }, 7));
	if (clean || chance(g, 92))
		set16(h + 10, (uint16_t)~sum_words(0, h, hl));
	if (chance(g, 10))		/* Ethernet padding after the datagram */
		put(f, (uint8_t[8]){ 0 }, gen_below(g, 8));
}

static void gen_arp(struct gen_rng *g, const struct mdl_tables *t, struct fb *f)
{
	uint8_t sha[6];

	put32(f, 0x00010800);
	put16(f, 0x0604);
	put16(f, (uint16_t)(1 + gen_below(g, 2)));
	src_mac(g, sha);
	put(f, sha, 6);
	put32(f, addr_pick(g, t));
	put(f, (uint8_t[6]){ 0 }, 6);
	put32(f, addr_pick(g, t));
}

/* An IPv6 address worth sending to or from: the tables', edges, never-forwarded. */
static void addr6_pick(struct gen_rng *g, const struct mdl_tables *t, uint8_t *a)
{
	static const uint8_t special[][16] = {
		{ 0 },							/* :: */
		{ [15] = 1 },						/* ::1 */
		{ [10] = 0xff, [11] = 0xff, 192, 0, 2, 1 },		/* ::ffff:192.0.2.1 */
		{ 0xfe, 0x80, [15] = 1 },				/* fe80::1 */
		{ 0xfe, 0xbf, [15] = 9 },				/* fe80::/10's end */
		{ 0xff, 0x02, [15] = 1 },				/* ff02::1 */
		{ 0xff, 0x02, [15] = 2 },
		{ 0xff, 0x02, [11] = 1, 0xff, 0, 0, 1 },		/* solicited-node */
		{ 0xff, 0x02, [15] = 0xfb },				/* mDNS */
		{ 0xff, 0x05, [15] = 2 },
		{ [11] = 0, 1, 2, 3, 4 },				/* ::1.2.3.4 */
		{ 0x20, 0x01, 0x0d, 0xb8, [15] = 1 },
	};
	unsigned k = gen_below(g, 100);
	uint8_t h[16];

	if (k < 70 && t->nroute6) {
		const struct mdl_route6 *r = &t->route6[gen_below(g, t->nroute6)];

		memcpy(a, r->prefix, 16);
		a6_random(g, h);
		switch (gen_below(g, 6)) {
		case 0: memset(h, 0, 16); break;
		case 1: memset(h, 0xff, 16); break;
		case 2: memset(h, 0, 15); h[15] = 1; break;
		default: break;
		}
		if (r->gw[0] && chance(g, 20))
			memcpy(a, r->gw, 16);
		else
			a6_host(a, r->len, h);
		return;
	}
	if (k < 85) {
		memcpy(a, special[gen_below(g, sizeof(special) / 16)], 16);
		return;
	}
	a6_random(g, a);
}

/* A host behind a unicast IPv6 route, or a resolved neighbour: where traffic goes. */
static void addr6_routed(struct gen_rng *g, const struct mdl_tables *t, uint8_t *a)
{
	unsigned i, n = 0, idx[MDL_ROUTES];
	uint8_t h[16];

	for (i = 0; i < t->nroute6; i++)
		if (t->route6[i].type == XR_NH_UNICAST || t->route6[i].type == XR_NH_GROUP)
			idx[n++] = i;
	if (!n) {
		addr6_pick(g, t, a);
		return;
	}
	if (t->nneigh6 && chance(g, 50)) {
		memcpy(a, t->neigh6[gen_below(g, t->nneigh6)].ip, 16);
		return;
	}
	i = idx[gen_below(g, n)];
	memcpy(a, t->route6[i].prefix, 16);
	a6_random(g, h);
	a6_host(a, t->route6[i].len, h);
}

/*
 * IPv6 at f.  clean: a global source, a destination behind a route, hop
 * limit above 1; else anything, NDP and ICMPv6 to the router's groups
 * among it.  Extension headers are not walked by a router: one is put in
 * front of UDP now and then, and must go through unchanged.
 */
static void gen_ipv6(struct gen_rng *g, const struct mdl_tables *t, struct fb *f, bool clean)
{
	static const uint32_t nexts[] = { 17, 17, 6, 58, 58, 0, 43, 44, 60, 59 };
	static const uint32_t icmp6[] = { 128, 129, 133, 134, 135, 136, 137, 1, 3 };
	size_t ip = f->len, plen = l3_len(g, t), i;
	uint8_t next = (uint8_t)pick(g, nexts, 10), a[32];
	uint8_t hlim = (uint8_t)pick(g, (const uint32_t[]){ 0, 1, 2, 64, 64, 255 }, 6);

	plen = plen > 40 ? plen - 40 : gen_below(g, 8);
	if (clean) {
		a6_db8(a, 0xffff, (uint32_t)gen_u64(g));
		addr6_routed(g, t, a + 16);
		if (hlim < 2)
			hlim = 2;
	} else {
		addr6_pick(g, t, a);
		addr6_pick(g, t, a + 16);
	}
	put32(f, chance(g, 80) ? 0x60000000 : 0x60000000 | (uint32_t)gen_below(g, 1u << 28));
	put16(f, (uint16_t)plen);
	put(f, (uint8_t[]){ next, hlim }, 2);
	put(f, a, 32);
	for (i = 0; i < plen; i++) {
		uint8_t z = (uint8_t)i;

		if (i == 0 && next == 58)
			z = (uint8_t)pick(g, icmp6, 9);
		else if (i == 0 && next != 17 && next != 6 && next != 59)
			z = 17;		/* an extension header, then UDP */
		put(f, &z, 1);
	}
	if ((next == 17 || next == 6) && f->len - ip >= 40 + plen) {
		uint32_t pseudo = sum_words(0, f->b + ip + 8, 32) + next + (uint32_t)plen;

		if (next == 17 && plen >= 8)
			set16(f->b + ip + 44, (uint16_t)plen);
		l4_check(g, f->b + ip + 40, plen, next == 6 ? 16 : 6, pseudo);
	}
	if (!clean && chance(g, 5))
		set16(f->b + ip + 4, (uint16_t)pick(g, (const uint32_t[]){ 0, (uint32_t)plen + 1,
			(uint32_t)plen - 1, (uint32_t)(f->len - ip), 65535 }, 5));
	if (chance(g, 10))
		put(f, (uint8_t[8]){ 0 }, gen_below(g, 8));
}

/* Byte flips, and sometimes a cut: what structure alone would not reach. */
static void mutate(struct gen_rng *g, struct fb *f)
{
	unsigned n, i;

	if (chance(g, 20)) {
		n = 1 + gen_below(g, 4);
		for (i = 0; i < n; i++)
			f->b[gen_below(g, (uint32_t)f->len)] ^= (uint8_t)(1 + gen_below(g, 255));
	}
	if (chance(g, 5) && f->len > 14)
		f->len = 14 + gen_below(g, (uint32_t)(f->len - 14));
}

void gen_frame(struct gen_rng *g, const struct mdl_tables *t, uint8_t *b, size_t *len,
	       unsigned *port)
{
	struct fb f = { .b = b };
	unsigned in = gen_below(g, MDL_PORTS), tags = 0, k, i;
	const struct mdl_port *p = &t->port[in];
	bool clean = chance(g, 35);
	uint8_t m[6];

	if (!clean && chance(g, 30))
		tags = 1 + chance(g, 30);
	if (clean)
		memcpy(m, p->flags & XR_PORT_SWITCHED ? t->bridge[p->bridge].mac : p->mac, 6);
	else
		dst_mac(g, t, in, m);
	put(&f, m, 6);
	src_mac(g, m);
	put(&f, m, 6);
	for (i = 0; i < tags; i++) {
		put16(&f, i == 0 && tags == 2 && chance(g, 50) ? 0x88a8 : 0x8100);
		/* Mostly the VIDs the tables know, with any priority bits. */
		put16(&f, (uint16_t)(chance(g, 70) ? gen_below(g, 16) << 12 |
				     pick(g, gen_vids, GEN_VIDS) : gen_below(g, 65536)));
	}
	k = clean ? (chance(g, 30) ? 72 : 0) : gen_below(g, 100);
	if (k < 60) {
		put16(&f, 0x0800);
		gen_ipv4(g, t, &f, clean);
	} else if (k < 72) {
		put16(&f, 0x0806);
		gen_arp(g, t, &f);
	} else if (k < 84) {
		put16(&f, 0x86dd);
		gen_ipv6(g, t, &f, clean);
	} else {
		static const uint32_t types[] = { 0x88cc, 0x88b5, 0x0000, 0x0026, 0x05dc, 0x8100,
						  0x88a8, 0x0800 };

		put16(&f, (uint16_t)pick(g, types, 8));
		for (i = gen_below(g, 60); i; i--)
			put(&f, (uint8_t[]){ (uint8_t)i }, 1);
	}
	if (!clean)
		mutate(g, &f);
	*len = f.len;
	*port = in;
}
