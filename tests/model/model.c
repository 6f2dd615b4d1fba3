// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The reference model of the fast path (model.h), from SPEC.md: a routed
 * port hands ARP up, routes IPv4 sent to its MAC (RFC 1812 validation,
 * martians, router addresses, TTL, longest prefix, lowest metric, MTU,
 * neighbour) and passes the rest; a switch port learns, switches, floods,
 * and routes what is sent to its switch's router MAC.  Fields are read
 * big-endian byte by byte, never through structs, so nothing here leans
 * on how bpf/ lays a header out.
 */
#include <string.h>

#include "fdb.h"
#include "model.h"

#define ET_IP		0x0800
#define ET_ARP		0x0806
#define ET_IPV6		0x86dd
#define ET_VLAN		0x8100
#define ETH_HLEN	14
#define IP_HLEN		20
#define PROTO_TCP	6
#define PROTO_UDP	17
#define OPT_END		0
#define OPT_NOP		1
#define OPT_LSRR	0x83
#define OPT_SSRR	0x89
#define NS		1000000000ull

/* What one frame is, as the model walks it. */
struct mdl_frame {
	struct mdl_tables *t;
	const struct mdl_port *in;
	struct mdl_result *r;
	uint8_t *b;		/* r->out: rewritten in place */
	size_t len;
	size_t l3;		/* past the Ethernet header and one 802.1Q tag */
	uint16_t type;		/* EtherType after that tag */
	bool tagged;
	uint32_t ifid;		/* ingress L3 interface */
	uint64_t now;
};

static uint16_t get16(const uint8_t *p)
{
	return (uint16_t)(p[0] << 8 | p[1]);
}

static uint32_t get32(const uint8_t *p)
{
	return (uint32_t)p[0] << 24 | (uint32_t)p[1] << 16 | (uint32_t)p[2] << 8 | p[3];
}

static void put16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)(v >> 8);
	p[1] = (uint8_t)v;
}

/* One's complement sum of 16-bit big-endian words, folded, not inverted. */
static uint16_t sum16(uint32_t start, const uint8_t *b, size_t len)
{
	uint64_t s = start;
	size_t i;

	for (i = 0; i + 1 < len; i += 2)
		s += get16(b + i);
	if (len & 1)
		s += (uint32_t)b[len - 1] << 8;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	return (uint16_t)s;
}

uint16_t mdl_csum(const uint8_t *b, size_t len)
{
	return (uint16_t)~sum16(0, b, len);
}

static bool mac_group(const uint8_t *m)
{
	return m[0] & 1;
}

static bool mac_zero(const uint8_t *m)
{
	static const uint8_t z[6];

	return !memcmp(m, z, 6);
}

/* IEEE 802.1D's reserved 01:80:C2:00:00:0X: STP, LACP, LLDP. */
static bool mac_bridge_group(const uint8_t *m)
{
	static const uint8_t g[5] = { 0x01, 0x80, 0xc2, 0, 0 };

	return !memcmp(m, g, 5) && m[5] < 0x10;
}

/* SPEC "Forwarding": 0/8, 127/8, 169.254/16, 224/4, 240/4, 255.255.255.255. */
bool mdl_src_martian(uint32_t a)
{
	uint32_t o = a >> 24;

	return o == 0 || o == 127 || (a >> 16) == 0xa9fe || o >= 224;
}

/*
 * Limited broadcast, multicast, and 0/8, 127/8, 169.254/16; and class E
 * (240/4), which RFC 1812 5.3.7 says a router must not forward either.
 */
int mdl_dst_never(uint32_t a)
{
	uint32_t o = a >> 24;

	if (a == 0xffffffffu)
		return XR_STAT_DROP_BCAST_DST;
	if (o >= 224 && o < 240)
		return XR_STAT_DROP_MCAST_DST;
	if (o == 0 || o == 127 || (a >> 16) == 0xa9fe || o >= 240)
		return XR_STAT_DROP_MARTIAN_DST;
	return 0;
}

static const struct mdl_port *port_by_ifindex(const struct mdl_tables *t, uint32_t ifindex)
{
	unsigned i;

	for (i = 0; i < MDL_PORTS; i++)
		if (t->port[i].ifindex == ifindex && ifindex)
			return &t->port[i];
	return NULL;
}

static const struct mdl_bridge *bridge_get(const struct mdl_tables *t, uint32_t id)
{
	if (id == 0 || id >= MDL_BRIDGES || !(t->bridge[id].flags & XR_BRIDGE_ACTIVE))
		return NULL;
	return &t->bridge[id];
}

/* The switch floods to its ports' list, which exists once it has a port. */
static bool bridge_has_ports(const struct mdl_tables *t, uint32_t id)
{
	unsigned i;

	for (i = 0; i < MDL_PORTS; i++)
		if ((t->port[i].flags & XR_PORT_SWITCHED) && t->port[i].bridge == id)
			return true;
	return false;
}

static void count(struct mdl_frame *f, int stat)
{
	f->r->cnt[stat]++;
}

static int drop(struct mdl_frame *f, int stat)
{
	count(f, stat);
	return MDL_DROP;
}

static int pass(struct mdl_frame *f)
{
	count(f, XR_STAT_PASS);
	return MDL_PASS;
}

/* A copy of the frame as it stands to the daemon; hand-offs are never rate-limited here. */
static void handoff_copy(struct mdl_frame *f, int reason, uint32_t nh_ifid, uint32_t nh_ip,
			 uint16_t mtu)
{
	struct mdl_result *r = f->r;

	r->handoff = reason;
	memcpy(r->handed, f->b, f->len);
	r->handed_len = f->len;
	r->ho_nh_ifid = nh_ifid;
	r->ho_nh_ip = nh_ip;
	r->ho_mtu = mtu;
	r->ho_ifid = f->ifid;
	count(f, reason);
	count(f, XR_STAT_HANDOFF);
}

static int handoff(struct mdl_frame *f, int reason)
{
	handoff_copy(f, reason, 0, 0, 0);
	return MDL_DROP;
}

/* ---- the switch's table ---- */

static struct mdl_fdb *fdb_find(struct mdl_tables *t, uint16_t br, const uint8_t *mac)
{
	unsigned i;

	for (i = 0; i < t->nfdb; i++)
		if (t->fdb[i].bridge == br && !memcmp(t->fdb[i].mac, mac, 6))
			return &t->fdb[i];
	return NULL;
}

/* A station sending is where it is now, unless an admin said otherwise. */
static void fdb_learn(struct mdl_frame *f, const uint8_t *src)
{
	struct mdl_fdb *e = fdb_find(f->t, f->in->bridge, src);

	if (e && e->is_static)
		return;
	if (!e) {
		if (f->t->nfdb >= MDL_FDB)
			return;		/* full: the station stays unknown, as a full table */
		e = &f->t->fdb[f->t->nfdb++];
		memset(e, 0, sizeof(*e));
		e->bridge = f->in->bridge;
		memcpy(e->mac, src, 6);
	}
	e->ifindex = f->in->ifindex;
	e->seen_ns = f->now;
}

/* The port a station is known on in switch br: fresh, and still one of its ports. */
static uint32_t fdb_port(struct mdl_frame *f, uint16_t br, const uint8_t *mac)
{
	const struct mdl_bridge *b = &f->t->bridge[br];
	uint64_t ageing = b->ageing_ns ? b->ageing_ns : XR_FDB_AGEING_S * NS;
	struct mdl_fdb *e = fdb_find(f->t, br, mac);
	const struct mdl_port *p;

	if (!e)
		return 0;
	if (!e->is_static && !xr_fdb_age_fresh(f->now, e->seen_ns, ageing))
		return 0;
	p = port_by_ifindex(f->t, e->ifindex);
	if (!p || !(p->flags & XR_PORT_SWITCHED) || p->bridge != br)
		return 0;
	return e->ifindex;
}

static int flood(struct mdl_frame *f, uint16_t br)
{
	if (!bridge_has_ports(f->t, br))
		return drop(f, XR_STAT_DROP_REDIRECT);
	f->r->oif = 0;
	f->r->flood_bridge = br;
	count(f, XR_STAT_FLOODED);
	return MDL_REDIRECT;
}

/* ---- transport checksums left for the device (SPEC v2, TX offload) ---- */

/*
 * A TCP or UDP datagram (not a fragment) whose checksum field holds only
 * the pseudo-header sum was sent by a host trusting its device to finish
 * it; the frame leaving here is finished as that device would have.
 */
static void l4_finish(struct mdl_frame *f, size_t ip)
{
	const uint8_t *h = f->b + ip;
	size_t hl = (size_t)(h[0] & 15) * 4, off;
	uint32_t tot = get16(h + 2), seg, pseudo;
	uint8_t proto = h[9];
	uint16_t want, c;

	if (proto != PROTO_TCP && proto != PROTO_UDP)
		return;
	if (get16(h + 6) & 0x3fff)
		return;
	seg = tot - (uint32_t)hl;
	off = proto == PROTO_TCP ? 16 : 6;
	if (ip + hl + off + 2 > f->len || seg < off + 2)
		return;
	pseudo = get16(h + 12) + get16(h + 14) + get16(h + 16) + get16(h + 18) + proto + seg;
	want = sum16(pseudo, NULL, 0);
	if (get16(f->b + ip + hl + off) != want)
		return;
	c = (uint16_t)~sum16(0, f->b + ip + hl, seg);
	if (!c && proto == PROTO_UDP)
		c = 0xffff;		/* UDP's 0 means "none" */
	put16(f->b + ip + hl + off, c);
}

/* A switch does not validate: only finish what a plausible header says. */
static void l2_finish(struct mdl_frame *f)
{
	size_t avail = f->len - f->l3, hl;
	const uint8_t *h = f->b + f->l3;
	uint32_t tot;

	if (f->type == ET_IP) {
		if (avail < IP_HLEN || h[0] >> 4 != 4 || (h[0] & 15) < 5)
			return;
		hl = (size_t)(h[0] & 15) * 4;
		tot = get16(h + 2);
		if (hl > avail || tot < hl + 8 || tot > avail)
			return;
		l4_finish(f, f->l3);
	} else if (f->type == ET_IPV6) {
		uint8_t nh;
		size_t off;
		uint32_t plen, pseudo = 0;
		int i;

		if (avail < 40)
			return;
		plen = get16(h + 4);
		nh = h[6];
		if (40 + plen > avail || (nh != PROTO_TCP && nh != PROTO_UDP))
			return;
		off = nh == PROTO_TCP ? 16 : 6;
		if (40 + off + 2 > avail || plen < off + 2)
			return;
		for (i = 0; i < 16; i++)
			pseudo += get16(h + 8 + 2 * i);
		pseudo += plen + nh;
		if (get16(h + 40 + off) != sum16(pseudo, NULL, 0))
			return;
		{
			uint16_t c = (uint16_t)~sum16(0, h + 40, plen);

			if (!c && nh == PROTO_UDP)
				c = 0xffff;
			put16(f->b + f->l3 + 40 + off, c);
		}
	}
}

/* ---- IPv4 routing ---- */

/* Longest prefix; among equal prefixes the lowest metric (first added on a tie). */
static const struct mdl_route *route_lookup(const struct mdl_tables *t, uint32_t dst)
{
	const struct mdl_route *best = NULL;
	unsigned i;

	for (i = 0; i < t->nroute; i++) {
		const struct mdl_route *r = &t->route[i];
		uint32_t mask = r->len ? ~0u << (32 - r->len) : 0;

		if ((dst & mask) != (r->prefix & mask))
			continue;
		if (!best || r->len > best->len ||
		    (r->len == best->len && r->metric < best->metric))
			best = r;
	}
	return best;
}

static const struct mdl_neigh *neigh_find(const struct mdl_tables *t, uint32_t ifid, uint32_t ip)
{
	unsigned i;

	for (i = 0; i < t->nneigh; i++)
		if (t->neigh[i].ifid == ifid && t->neigh[i].ip == ip)
			return &t->neigh[i];
	return NULL;
}

/* RFC 791 options: 0 if well formed and no source route, else the drop reason. */
static int options_check(const uint8_t *o, size_t n)
{
	size_t i = 0;

	while (i < n) {
		uint8_t type = o[i], len;

		if (type == OPT_END)
			return 0;
		if (type == OPT_NOP) {
			i++;
			continue;
		}
		if (i + 1 >= n)
			return XR_STAT_DROP_IP_OPTS;
		len = o[i + 1];
		if (len < 2 || i + len > n)
			return XR_STAT_DROP_IP_OPTS;
		if (type == OPT_LSRR || type == OPT_SSRR)
			return XR_STAT_DROP_SRCROUTE;
		i += len;
	}
	return 0;
}

/* RFC 1812 5.2.2: 0 or the drop reason. */
static int ip_validate(const uint8_t *h, size_t avail)
{
	size_t hl;
	uint32_t tot;

	if (avail < IP_HLEN)
		return XR_STAT_DROP_IP_TRUNC;
	if (h[0] >> 4 != 4)
		return XR_STAT_DROP_IP_VERSION;
	hl = (size_t)(h[0] & 15) * 4;
	if (hl < IP_HLEN || hl > avail)
		return XR_STAT_DROP_IP_IHL;
	tot = get16(h + 2);
	if (tot < hl || tot > avail)
		return XR_STAT_DROP_IP_LEN;
	if (sum16(0, h, hl) != 0xffff)
		return XR_STAT_DROP_IP_CSUM;
	return 0;
}

/* Where a routed frame leaves: its MAC and MTU; false if it cannot. */
struct egress {
	const uint8_t *mac;
	uint16_t mtu;
	uint32_t port;		/* routed port's ifindex, or 0 */
	uint16_t bridge;	/* or the switch */
};

static bool egress_get(const struct mdl_tables *t, uint32_t ifid, struct egress *eg)
{
	memset(eg, 0, sizeof(*eg));
	if (ifid & XR_IFID_BRIDGE) {
		const struct mdl_bridge *b = bridge_get(t, ifid & ~XR_IFID_BRIDGE);

		if (!b)
			return false;
		eg->mac = b->mac;
		eg->mtu = b->mtu;
		eg->bridge = (uint16_t)(ifid & ~XR_IFID_BRIDGE);
		return true;
	}
	{
		const struct mdl_port *p = port_by_ifindex(t, ifid);

		if (!p || !(p->flags & XR_PORT_ROUTED))
			return false;
		eg->mac = p->mac;
		eg->mtu = p->mtu;
		eg->port = ifid;
	}
	return true;
}

/* TTL - 1 with the checksum updated as RFC 1624 eqn. 3 says. */
static void ttl_decrement(uint8_t *h)
{
	uint16_t old = get16(h + 8), hc = get16(h + 10), m;
	uint32_t s;

	h[8]--;
	m = get16(h + 8);
	s = (uint16_t)~hc + (uint32_t)(uint16_t)~old + m;
	while (s >> 16)
		s = (s & 0xffff) + (s >> 16);
	put16(h + 10, (uint16_t)~s);
}

static int ip_forward(struct mdl_frame *f, const struct mdl_route *rt)
{
	uint8_t *h = f->b + f->l3;
	uint32_t dst = get32(h + 16), nh_ip = rt->gw ? rt->gw : dst;
	const struct mdl_neigh *n;
	struct egress eg;
	uint32_t oif;

	if (!egress_get(f->t, rt->ifid, &eg))
		return drop(f, XR_STAT_DROP_REDIRECT);
	l4_finish(f, f->l3);
	if (eg.mtu && get16(h + 2) > eg.mtu) {
		handoff_copy(f, XR_STAT_HANDOFF_MTU, rt->ifid, nh_ip, eg.mtu);
		return MDL_DROP;
	}
	n = neigh_find(f->t, rt->ifid, nh_ip);
	if (!n) {
		handoff_copy(f, XR_STAT_HANDOFF_NEIGH_MISS, rt->ifid, nh_ip, 0);
		return MDL_DROP;
	}
	memcpy(f->b, n->mac, 6);
	ttl_decrement(h);
	memcpy(f->b + 6, eg.mac, 6);
	f->r->routed = true;
	if (eg.port) {
		f->r->oif = eg.port;
		count(f, XR_STAT_FORWARDED);
		return MDL_REDIRECT;
	}
	/* Into a switch's subnet: the host's port, or flooded (ingress included). */
	oif = fdb_port(f, eg.bridge, n->mac);
	if (!oif) {
		if (flood(f, eg.bridge) != MDL_REDIRECT)
			return MDL_DROP;
		count(f, XR_STAT_FORWARDED);
		return MDL_REDIRECT;
	}
	f->r->oif = oif;
	count(f, XR_STAT_FORWARDED);
	return MDL_REDIRECT;
}

/*
 * ECMP (SPEC "Links, ECMP"): the member of group rt for this flow, from
 * source, destination, protocol and, for TCP, UDP and SCTP when the
 * packet is no fragment, the ports; as a unicast route of its own.
 */
static bool ecmp_member(const struct mdl_frame *f, const struct mdl_route *rt,
			struct mdl_route *out)
{
	const uint8_t *h = f->b + f->l3;
	size_t l4 = f->l3 + (size_t)(h[0] & 15) * 4;
	const struct mdl_group *g = rt->ifid < f->t->ngroup ? &f->t->group[rt->ifid] : NULL;
	uint32_t saddr, daddr, ports = 0, hash;
	int m;

	if (!g)
		return false;
	memcpy(&saddr, h + 12, 4);
	memcpy(&daddr, h + 16, 4);
	if ((h[9] == 6 || h[9] == 17 || h[9] == 132) && !(get16(h + 6) & 0x3fff) &&
	    l4 + 4 <= f->len)
		memcpy(&ports, f->b + l4, 4);
	hash = xr_flow_hash(g->seed, &saddr, &daddr, 1, (uint32_t)h[9] << 24, ports);
	m = g->bucket[hash % XR_NHG_BUCKETS];
	if (m < 0 || m >= g->n)
		return false;
	*out = (struct mdl_route){ .type = XR_NH_UNICAST, .ifid = g->nh[m].ifid,
				   .gw = g->nh[m].gw };
	return true;
}

/* An IPv4 frame to a link-layer group: never routed; group IP passes to the kernel. */
static int ip_l2_group(struct mdl_frame *f)
{
	if (f->len - f->l3 < IP_HLEN)
		return drop(f, XR_STAT_DROP_IP_TRUNC);
	if (!mdl_dst_never(get32(f->b + f->l3 + 16)))
		return drop(f, XR_STAT_DROP_L2_BCAST);
	return pass(f);
}

/* IPv4 arriving for l3mac: validity, martians, options, router, TTL, route. */
static int ip_input(struct mdl_frame *f, const uint8_t *l3mac)
{
	const uint8_t *h = f->b + f->l3;
	const struct mdl_route *rt;
	struct mdl_route member;
	uint32_t src, dst;
	int err;

	if (memcmp(f->b, l3mac, 6))
		return mac_group(f->b) ? ip_l2_group(f) : pass(f);
	err = ip_validate(h, f->len - f->l3);
	if (err)
		return drop(f, err);
	src = get32(h + 12);
	dst = get32(h + 16);
	if (mdl_src_martian(src))
		return drop(f, XR_STAT_DROP_MARTIAN_SRC);
	err = mdl_dst_never(dst);
	if (err)
		return drop(f, err);
	err = options_check(h + IP_HLEN, (size_t)(h[0] & 15) * 4 - IP_HLEN);
	if (err)
		return drop(f, err);
	rt = route_lookup(f->t, dst);
	if (rt && rt->type == XR_NH_LOCAL)
		return handoff(f, XR_STAT_HANDOFF_LOCAL);
	if (rt && rt->type == XR_NH_BROADCAST)
		return drop(f, XR_STAT_DROP_BCAST_DST);
	if (h[8] <= 1)
		return handoff(f, XR_STAT_HANDOFF_TTL);
	if (!rt)
		return handoff(f, XR_STAT_HANDOFF_NO_ROUTE);
	switch (rt->type) {
	case XR_NH_UNICAST:
		return ip_forward(f, rt);
	case XR_NH_GROUP:
		if (!ecmp_member(f, rt, &member))
			return handoff(f, XR_STAT_HANDOFF_NO_ROUTE);
		return ip_forward(f, &member);
	case XR_NH_BLACKHOLE:
		return drop(f, XR_STAT_DROP_BLACKHOLE);
	case XR_NH_UNREACHABLE:
		return handoff(f, XR_STAT_HANDOFF_UNREACH);
	default:
		return handoff(f, XR_STAT_HANDOFF_NO_ROUTE);
	}
}

/* ---- ports ---- */

/*
 * Ethernet and at most one 802.1Q tag; false if the frame is too short
 * for what its header says.  A frame whose EtherType field is below 1536
 * is 802.3 with a length: still a frame, of "another EtherType".
 */
static bool eth_parse(struct mdl_frame *f)
{
	if (f->len < ETH_HLEN)
		return false;
	f->type = get16(f->b + 12);
	f->l3 = ETH_HLEN;
	f->tagged = false;
	if (f->type == ET_VLAN) {
		if (f->len < ETH_HLEN + 4)
			return false;
		f->type = get16(f->b + 16);
		f->l3 += 4;
		f->tagged = true;
	}
	return true;
}

static int routed_input(struct mdl_frame *f)
{
	if (!eth_parse(f))
		return drop(f, XR_STAT_DROP_ETH_TRUNC);
	/* Tagged frames, IPv6, LLDP and the rest: the kernel's (SPEC). */
	if (f->tagged || (f->type != ET_IP && f->type != ET_ARP))
		return pass(f);
	if (f->type == ET_ARP)
		return handoff(f, XR_STAT_HANDOFF_ARP);
	return ip_input(f, f->in->mac);
}

static int switch_l3(struct mdl_frame *f, const struct mdl_bridge *b)
{
	if (!f->tagged && f->type == ET_ARP)
		return handoff(f, XR_STAT_HANDOFF_ARP);
	if (!f->tagged && f->type == ET_IP)
		return ip_input(f, b->mac);
	return pass(f);
}

static int switched_input(struct mdl_frame *f)
{
	uint16_t br = f->in->bridge;
	const struct mdl_bridge *b;
	bool l3;
	uint32_t oif;

	if (!eth_parse(f))
		return drop(f, XR_STAT_DROP_ETH_TRUNC);
	b = bridge_get(f->t, br);
	if (!b)
		return drop(f, XR_STAT_DROP_REDIRECT);
	if (mac_group(f->b + 6) || mac_zero(f->b + 6))
		return drop(f, XR_STAT_DROP_SRC_MAC);
	fdb_learn(f, f->b + 6);
	if (mac_bridge_group(f->b))
		return drop(f, XR_STAT_DROP_LINK_LOCAL);
	l3 = b->flags & XR_BRIDGE_L3;
	if (l3 && !memcmp(f->b, b->mac, 6))
		return switch_l3(f, b);
	l2_finish(f);
	if (mac_group(f->b)) {
		/* The router on the switch must hear ARP broadcasts; the frame still floods. */
		if (l3 && !f->tagged && f->type == ET_ARP)
			handoff_copy(f, XR_STAT_HANDOFF_ARP, 0, 0, 0);
		return flood(f, br);
	}
	oif = fdb_port(f, br, f->b);
	if (!oif)
		return flood(f, br);
	if (oif == f->in->ifindex)
		return drop(f, XR_STAT_DROP_SAME_PORT);
	f->r->oif = oif;
	count(f, XR_STAT_SWITCHED);
	return MDL_REDIRECT;
}

void mdl_run(struct mdl_tables *t, unsigned in, const uint8_t *frame, size_t len,
	     uint64_t now_ns, struct mdl_result *r)
{
	struct mdl_frame f = {
		.t = t, .in = &t->port[in], .r = r, .b = r->out, .len = len, .now = now_ns,
	};

	memset(r->cnt, 0, sizeof(r->cnt));
	r->handoff = -1;
	r->handed_len = 0;
	r->oif = 0;
	r->flood_bridge = 0;
	r->routed = false;
	if (len > sizeof(r->out))
		len = f.len = sizeof(r->out);
	memcpy(r->out, frame, len);
	r->out_len = len;
	if (!(f.in->flags & XR_PORT_ACTIVE)) {
		r->verdict = MDL_PASS;		/* not ours: the kernel's, uncounted */
		return;
	}
	f.ifid = f.in->flags & XR_PORT_SWITCHED ? XR_IFID_BRIDGE | f.in->bridge : f.in->ifindex;
	count(&f, XR_STAT_RX);
	if (f.in->flags & XR_PORT_SWITCHED)
		r->verdict = switched_input(&f);
	else
		r->verdict = routed_input(&f);
}
