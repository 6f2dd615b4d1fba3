// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The reference model of the fast path (model.h), from SPEC.md: a routed
 * port hands ARP up, routes IPv4 sent to its MAC (RFC 1812 validation,
 * martians, router addresses, TTL, longest prefix, lowest metric, MTU,
 * neighbour), and IPv6 once it is on (RFC 8200 and 4291: never-forwarded
 * addresses, NDP and link-local to the daemon, hop limit, Packet Too Big),
 * and passes the rest; a switch port learns, switches, floods, and routes
 * what is sent to its switch's router MAC.  Fields are read
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
#define ET_QINQ		0x88a8
#define VLAN_TAGS_MAX	2	/* more: QinQ all the same, the kernel's */
#define ETH_HLEN	14
#define IP_HLEN		20
#define IP6_HLEN	40u
#define PROTO_ICMP6	58
#define ICMP6_ECHO_REQUEST	128
#define ICMP6_RS	133
#define ICMP6_NA	136
#define ICMP6_REDIRECT	137
#define PROTO_ICMP	1
#define ICMP_ECHO	8
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
	size_t l3;		/* past the Ethernet header and its tags */
	uint16_t type;		/* EtherType after them */
	unsigned ntags;		/* 802.1Q/802.1ad tags, at most VLAN_TAGS_MAX */
	uint16_t vid_in;	/* VID of a single 802.1Q tag, else 0 */
	bool tagged;		/* the frame carries one 802.1Q tag now */
	uint16_t vid;		/* its VID */
	uint32_t ifid;		/* ingress L3 interface */
	bool ip6;		/* ... routes IPv6 */
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
	if (f->r->vrow)
		f->r->vcnt[stat]++;
	else
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

static struct mdl_fdb *fdb_find(struct mdl_tables *t, uint16_t br, uint16_t vid,
				 const uint8_t *mac)
{
	unsigned i;

	for (i = 0; i < t->nfdb; i++)
		if (t->fdb[i].bridge == br && t->fdb[i].vlan == vid &&
		    !memcmp(t->fdb[i].mac, mac, 6))
			return &t->fdb[i];
	return NULL;
}

/* A station sending is where it is now, unless an admin said otherwise. */
static void fdb_learn(struct mdl_frame *f, const uint8_t *src, uint16_t vid)
{
	struct mdl_fdb *e = fdb_find(f->t, f->in->bridge, vid, src);

	if (e && e->is_static)
		return;
	if (!e) {
		if (f->t->nfdb >= MDL_FDB)
			return;		/* full: the station stays unknown, as a full table */
		e = &f->t->fdb[f->t->nfdb++];
		memset(e, 0, sizeof(*e));
		e->bridge = f->in->bridge;
		e->vlan = vid;
		memcpy(e->mac, src, 6);
	}
	e->ifindex = f->in->ifindex;
	e->seen_ns = f->now;
}

/* The port a station is known on in switch br: fresh, and still one of its ports. */
static uint32_t fdb_port(struct mdl_frame *f, uint16_t br, uint16_t vid, const uint8_t *mac)
{
	const struct mdl_bridge *b = &f->t->bridge[br];
	uint64_t ageing = b->ageing_ns ? b->ageing_ns : XR_FDB_AGEING_S * NS;
	struct mdl_fdb *e = fdb_find(f->t, br, vid, mac);
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

/* ---- 802.1Q ---- */

static const struct mdl_vlan *vlan_get(const struct mdl_tables *t, uint32_t row, uint16_t vid)
{
	unsigned i;

	for (i = 0; i < t->nvlan; i++)
		if (t->vlan[i].row == row && t->vlan[i].vid == vid)
			return &t->vlan[i];
	return NULL;
}

static uint8_t vlan_flags(const struct mdl_tables *t, uint32_t row, uint16_t vid)
{
	const struct mdl_vlan *v = vlan_get(t, row, vid);

	return v ? v->flags : 0;
}

/*
 * The frame is a VLAN interface's (row, vid) from here on: with a stats row
 * of its own, what becomes of it counts there, under an rx of its own; the
 * port has counted its rx already (every frame on the wire).
 */
static void vlan_count_as(struct mdl_frame *f, uint32_t row, uint16_t vid)
{
	const struct mdl_vlan *v = vlan_get(f->t, row, vid);

	if (!v || !v->stats)
		return;
	f->r->vrow = v->stats;
	count(f, XR_STAT_RX);
}

/*
 * The frame leaves with VID vid (0: untagged): a tag pushed behind the
 * MACs (PCP 0), popped, or its VID rewritten under the same PCP and DEI.
 */
static void retag(struct mdl_frame *f, uint16_t vid)
{
	uint8_t *b = f->b;
	size_t len = f->r->out_len;

	if (f->tagged ? f->vid == vid : !vid)
		return;
	if (f->tagged && vid) {
		put16(b + 14, (uint16_t)((get16(b + 14) & 0xf000) | vid));
	} else if (vid) {
		if (len + 4 > MDL_FRAME_MAX)
			len = MDL_FRAME_MAX - 4;
		memmove(b + 16, b + 12, len - 12);
		put16(b + 12, ET_VLAN);
		put16(b + 14, vid);
		f->r->out_len = len + 4;
	} else {
		memmove(b + 12, b + 16, len - 16);
		f->r->out_len = len - 4;
	}
	f->tagged = vid != 0;
	f->vid = vid;
}

/*
 * To the kernel: a VLAN interface's frame on a port whose addresses the
 * kernel shares goes untagged (SPEC says nothing of how: the kernel may
 * have no 802.1Q; README "Beside a routing daemon"), anything else as it is.
 */
static int pass_kernel(struct mdl_frame *f)
{
	if (f->tagged && (f->in->flags & XR_PORT_LOCAL_KERNEL))
		retag(f, 0);
	return pass(f);
}

/* The VID a frame of VLAN vid leaves switch port p with; false: p is not a member. */
static bool vlan_port_egress(const struct mdl_tables *t, const struct mdl_port *p, uint16_t vid,
			     uint16_t *egress_vid)
{
	uint8_t vf;

	*egress_vid = 0;
	if (!vid)
		return true;
	vf = vlan_flags(t, p->slot, vid);
	if (!(vf & XR_VLAN_MEMBER))
		return false;
	*egress_vid = vf & XR_VLAN_UNTAGGED ? 0 : vid;
	return true;
}

/* Flooded in switch br, VLAN vid (0: VLAN-unaware): the copies leave tagged with it. */
static int flood(struct mdl_frame *f, uint16_t br, uint16_t vid)
{
	if (!bridge_has_ports(f->t, br))
		return drop(f, XR_STAT_DROP_REDIRECT);
	retag(f, vid);
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

/* IPv6 whose next header is TCP or UDP itself, all of it in the frame. */
static void l4_finish6(struct mdl_frame *f)
{
	const uint8_t *h = f->b + f->l3;
	uint32_t plen = get16(h + 4), pseudo = 0;
	uint8_t nh = h[6];
	size_t off;
	uint16_t c;
	int i;

	if (nh != PROTO_TCP && nh != PROTO_UDP)
		return;
	off = nh == PROTO_TCP ? 16 : 6;
	if (IP6_HLEN + off + 2 > f->len - f->l3 || plen < off + 2)
		return;
	for (i = 0; i < 16; i++)
		pseudo += get16(h + 8 + 2 * i);
	pseudo += plen + nh;
	if (get16(h + IP6_HLEN + off) != sum16(pseudo, NULL, 0))
		return;
	c = (uint16_t)~sum16(0, h + IP6_HLEN, plen);
	if (!c && nh == PROTO_UDP)
		c = 0xffff;
	put16(f->b + f->l3 + IP6_HLEN + off, c);
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
		if (avail >= IP6_HLEN && IP6_HLEN + (size_t)get16(h + 4) <= avail)
			l4_finish6(f);
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
	uint32_t port;		/* routed port's ifindex (a VLAN interface's parent), or 0 */
	uint16_t bridge;	/* or the switch */
	uint16_t vid;		/* a VLAN interface's VID, else 0 */
};

static bool egress_bridge(const struct mdl_tables *t, uint32_t id, struct egress *eg)
{
	const struct mdl_bridge *b = bridge_get(t, id);

	if (!b)
		return false;
	eg->mac = b->mac;
	eg->mtu = b->mtu;
	eg->bridge = (uint16_t)id;
	return true;
}

static bool egress_port(const struct mdl_tables *t, uint32_t ifindex, struct egress *eg)
{
	const struct mdl_port *p = port_by_ifindex(t, ifindex);

	if (!p || !(p->flags & XR_PORT_ROUTED))
		return false;
	eg->mac = p->mac;
	eg->mtu = p->mtu;
	eg->port = ifindex;
	return true;
}

/*
 * A VLAN interface: its parent's MAC and MTU.  Whether the VLAN interface
 * still exists is the daemon's to keep true (its routes go first), not
 * checked per frame.
 */
static bool egress_vlan(const struct mdl_tables *t, uint32_t ifid, struct egress *eg)
{
	uint32_t parent = ifid & 0xffff;

	eg->vid = (uint16_t)((ifid >> 16) & 0xfff);
	if (ifid & XR_IFID_VLAN_BR)
		return egress_bridge(t, parent, eg);
	return egress_port(t, parent, eg);
}

static bool egress_get(const struct mdl_tables *t, uint32_t ifid, struct egress *eg)
{
	memset(eg, 0, sizeof(*eg));
	if (ifid & XR_IFID_BRIDGE)
		return egress_bridge(t, ifid & ~XR_IFID_BRIDGE, eg);
	if (ifid & XR_IFID_VLAN)
		return egress_vlan(t, ifid, eg);
	return egress_port(t, ifid, eg);
}

/* Either family, its own step done: the MACs, the tag, and out of the egress interface. */
static int l3_send(struct mdl_frame *f, const struct egress *eg, const uint8_t *mac)
{
	uint16_t evid;
	uint32_t oif;

	memcpy(f->b, mac, 6);
	memcpy(f->b + 6, eg->mac, 6);
	f->r->routed = true;
	if (eg->port) {
		retag(f, eg->vid);
		f->r->oif = eg->port;
		count(f, XR_STAT_FORWARDED);
		return MDL_REDIRECT;
	}
	/* Into a switch's subnet: the host's port, or flooded (ingress included). */
	oif = fdb_port(f, eg->bridge, eg->vid, mac);
	if (!oif) {
		if (flood(f, eg->bridge, eg->vid) != MDL_REDIRECT)
			return MDL_DROP;
		count(f, XR_STAT_FORWARDED);
		return MDL_REDIRECT;
	}
	if (!vlan_port_egress(f->t, port_by_ifindex(f->t, oif), eg->vid, &evid))
		return drop(f, XR_STAT_DROP_VLAN);
	retag(f, evid);
	f->r->oif = oif;
	count(f, XR_STAT_FORWARDED);
	return MDL_REDIRECT;
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
	ttl_decrement(h);
	return l3_send(f, &eg, n->mac);
}

/*
 * ECMP (SPEC "Links, ECMP"): the member of group gi for a flow of this
 * hash (fib.h xr_flow_hash4/6 over the key's words, README "ECMP: a group
 * row, a bucket's copy of its member, and a flow hash"), -1 if none: the
 * bucket the hash's top byte names.
 */
static int ecmp_pick(const struct mdl_tables *t, uint32_t gi, bool v6, __u64 hash)
{
	const struct mdl_group *g = gi < t->ngroup ? &t->group[gi] : NULL;
	int m;

	if (!g || g->v6 != v6)
		return -1;
	m = g->bucket[xr_nhg_bucket(hash)];
	return m >= 0 && m < g->n ? m : -1;
}

/* TCP, UDP and SCTP: the first four bytes at l4 are the ports, as the wire has them. */
static uint32_t ecmp_ports(const struct mdl_frame *f, uint8_t proto, size_t l4)
{
	uint32_t ports = 0;

	if ((proto == 6 || proto == 17 || proto == 132) && l4 + 4 <= f->len)
		memcpy(&ports, f->b + l4, 4);
	return ports;
}

/*
 * IPv4: source, destination, protocol and, when the packet is no
 * fragment, the ports; the member as a unicast route of its own.
 */
static bool ecmp_member(const struct mdl_frame *f, const struct mdl_route *rt,
			struct mdl_route *out)
{
	const uint8_t *h = f->b + f->l3;
	const struct mdl_group *g = &f->t->group[rt->ifid];
	uint32_t ports = 0;
	__u64 addrs;
	int m;

	memcpy(&addrs, h + 12, 8);	/* source and destination, as the header holds them */
	if (!(get16(h + 6) & 0x3fff))
		ports = ecmp_ports(f, h[9], f->l3 + (size_t)(h[0] & 15) * 4);
	m = rt->ifid < f->t->ngroup ?
	    ecmp_pick(f->t, rt->ifid, false,
		      xr_flow_hash4(&g->key, addrs, xr_flow_tail(ports, h[9], 0))) : -1;
	if (m < 0)
		return false;
	*out = (struct mdl_route){ .type = XR_NH_UNICAST, .ifid = f->t->group[rt->ifid].nh[m].ifid,
				   .gw = f->t->group[rt->ifid].nh[m].gw };
	return true;
}

/*
 * IPv6: source, destination, next header and flow label, and the ports
 * when the transport header follows the fixed one (behind an extension
 * header, a fragment's included, they are left out).
 */
static bool ecmp_member6(const struct mdl_frame *f, const struct mdl_route6 *rt,
			 struct mdl_route6 *out)
{
	const uint8_t *h = f->b + f->l3;
	const struct mdl_group *g = &f->t->group[rt->ifid];
	uint32_t label = (uint32_t)(h[1] & 15) << 16 | (uint32_t)h[2] << 8 | h[3];
	__u64 s[2], d[2], tail = xr_flow_tail(ecmp_ports(f, h[6], f->l3 + IP6_HLEN), h[6], label);
	int m;

	memcpy(s, h + 8, 16);
	memcpy(d, h + 24, 16);
	m = rt->ifid < f->t->ngroup ?
	    ecmp_pick(f->t, rt->ifid, true, xr_flow_hash6(&g->key, s, d, tail)) : -1;
	if (m < 0)
		return false;
	*out = (struct mdl_route6){ .type = XR_NH_UNICAST, .ifid = f->t->group[rt->ifid].nh[m].ifid };
	memcpy(out->gw, f->t->group[rt->ifid].nh[m].gw6, 16);
	return true;
}

/* An IPv4 frame to a link-layer group: never routed; group IP passes to the kernel. */
static int ip_l2_group(struct mdl_frame *f)
{
	if (f->len - f->l3 < IP_HLEN)
		return drop(f, XR_STAT_DROP_IP_TRUNC);
	if (!mdl_dst_never(get32(f->b + f->l3 + 16)))
		return drop(f, XR_STAT_DROP_L2_BCAST);
	return pass_kernel(f);
}

/*
 * For a router address: the daemon's, unless the port's addresses are on
 * the kernel too (SPEC "Running beside routing daemons"), where all but
 * echo requests (and ICMP it cannot read whole) go to the kernel's stack.
 */
static int ip_local(struct mdl_frame *f)
{
	const uint8_t *h = f->b + f->l3;
	size_t hl = (size_t)(h[0] & 15) * 4;

	if (!(f->in->flags & XR_PORT_LOCAL_KERNEL))
		return handoff(f, XR_STAT_HANDOFF_LOCAL);
	if (h[9] == PROTO_ICMP &&
	    ((get16(h + 6) & 0x3fff) || f->l3 + hl + 1 > f->len || h[hl] == ICMP_ECHO))
		return handoff(f, XR_STAT_HANDOFF_LOCAL);
	return pass_kernel(f);
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
		return ip_local(f);
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

/* ---- IPv6 routing (RFC 8200, RFC 4291) ---- */

static bool a6_multicast(const uint8_t *a)
{
	return a[0] == 0xff;
}

static bool a6_link_local(const uint8_t *a)
{
	return a[0] == 0xfe && (a[1] & 0xc0) == 0x80;
}

/* ::, ::1 and ::ffff:0:0/96 have their first 80 bits zero. */
static bool a6_head_zero(const uint8_t *a)
{
	static const uint8_t z[10];

	return !memcmp(a, z, 10);
}

static bool a6_null_or_loop(const uint8_t *a)
{
	return a6_head_zero(a) && !get32(a + 8) && get32(a + 12) <= 1;
}

static bool a6_v4mapped(const uint8_t *a)
{
	return a6_head_zero(a) && get32(a + 8) == 0xffff;
}

/* ff02::1, ff02::2 and the solicited-node groups ff02::1:ffXX:XXXX: where NDP goes. */
static bool a6_nd_group(const uint8_t *a)
{
	static const uint8_t ll[8] = { 0xff, 0x02 };

	if (memcmp(a, ll, 8))
		return false;
	if (!get32(a + 8))
		return get32(a + 12) == 1 || get32(a + 12) == 2;
	return get32(a + 8) == 1 && a[12] == 0xff;
}

int mdl_src6_never(const uint8_t *a)
{
	if (a6_multicast(a) || a6_null_or_loop(a))
		return XR_STAT_DROP_MARTIAN_SRC;
	return a6_v4mapped(a) ? XR_STAT_DROP_IP6_MAPPED : 0;
}

int mdl_dst6_never(const uint8_t *a)
{
	if (a6_null_or_loop(a))
		return XR_STAT_DROP_MARTIAN_DST;
	return a6_v4mapped(a) ? XR_STAT_DROP_IP6_MAPPED : 0;
}

static bool a6_in(const uint8_t *a, const uint8_t *prefix, unsigned len)
{
	unsigned whole = len / 8, rest = len % 8;

	if (memcmp(a, prefix, whole))
		return false;
	return !rest || !((a[whole] ^ prefix[whole]) & (0xff00 >> rest));
}

/* Longest prefix; among equal prefixes the lowest metric (first added on a tie). */
static const struct mdl_route6 *route6_lookup(const struct mdl_tables *t, const uint8_t *dst)
{
	const struct mdl_route6 *best = NULL;
	unsigned i;

	for (i = 0; i < t->nroute6; i++) {
		const struct mdl_route6 *r = &t->route6[i];

		if (!a6_in(dst, r->prefix, r->len))
			continue;
		if (!best || r->len > best->len ||
		    (r->len == best->len && r->metric < best->metric))
			best = r;
	}
	return best;
}

static const struct mdl_neigh6 *neigh6_find(const struct mdl_tables *t, uint32_t ifid,
					    const uint8_t *ip)
{
	unsigned i;

	for (i = 0; i < t->nneigh6; i++)
		if (t->neigh6[i].ifid == ifid && !memcmp(t->neigh6[i].ip, ip, 16))
			return &t->neigh6[i];
	return NULL;
}

/* A hand-off about an IPv6 next hop. */
static int handoff6(struct mdl_frame *f, int reason, uint32_t nh_ifid, const uint8_t *nh_ip,
		    uint16_t mtu)
{
	handoff_copy(f, reason, nh_ifid, 0, mtu);
	memcpy(f->r->ho_nh_ip6, nh_ip, 16);
	f->r->ho_nh_af = 6;
	return MDL_DROP;
}

static int ip6_forward(struct mdl_frame *f, const struct mdl_route6 *rt)
{
	static const uint8_t zero[16];
	uint8_t *h = f->b + f->l3;
	const uint8_t *nh_ip = memcmp(rt->gw, zero, 16) ? rt->gw : h + 24;
	const struct mdl_neigh6 *n;
	struct egress eg;

	if (!egress_get(f->t, rt->ifid, &eg))
		return drop(f, XR_STAT_DROP_REDIRECT);
	l4_finish6(f);
	if (eg.mtu && IP6_HLEN + get16(h + 4) > eg.mtu)
		return handoff6(f, XR_STAT_HANDOFF_MTU, rt->ifid, nh_ip, eg.mtu);
	n = neigh6_find(f->t, rt->ifid, nh_ip);
	if (!n)
		return handoff6(f, XR_STAT_HANDOFF_NEIGH_MISS, rt->ifid, nh_ip, 0);
	h[7]--;				/* hop limit: no header checksum */
	return l3_send(f, &eg, n->mac);
}

/* 0, or the drop reason of a header that is not a whole IPv6 header. */
static int ip6_validate(const uint8_t *h, size_t avail)
{
	if (avail < IP6_HLEN)
		return XR_STAT_DROP_IP_TRUNC;
	if (h[0] >> 4 != 6)
		return XR_STAT_DROP_IP_VERSION;
	if (IP6_HLEN + (size_t)get16(h + 4) > avail)
		return XR_STAT_DROP_IP_LEN;
	return 0;
}

/*
 * For the router (a router address, link-local, NDP's groups): the
 * daemon's.  With the port's addresses on the kernel too, the daemon keeps
 * only what it answers (echo requests, NDP but advertisements, ICMPv6 too
 * short to read); a Neighbor Advertisement reaches both; the rest passes.
 */
static int ip6_local(struct mdl_frame *f)
{
	const uint8_t *h = f->b + f->l3;
	int type = h[6] == PROTO_ICMP6 && f->l3 + IP6_HLEN + 1 <= f->len ? h[IP6_HLEN] : -1;

	if (!(f->in->flags & XR_PORT_LOCAL_KERNEL) || (h[6] == PROTO_ICMP6 && type < 0) ||
	    type == ICMP6_ECHO_REQUEST || (type >= ICMP6_RS && type <= ICMP6_REDIRECT &&
					   type != ICMP6_NA))
		return handoff(f, XR_STAT_HANDOFF_LOCAL);
	if (type == ICMP6_NA)
		handoff_copy(f, XR_STAT_HANDOFF_LOCAL, 0, 0, 0);
	return pass_kernel(f);
}

/* IPv6 arriving for l3mac, or as link-layer multicast: SPEC "Forwarding (IPv6)". */
static int ip6_input(struct mdl_frame *f, const uint8_t *l3mac)
{
	const uint8_t *h = f->b + f->l3, *src = h + 8, *dst = h + 24;
	bool l2_group = memcmp(f->b, l3mac, 6) != 0;
	const struct mdl_route6 *rt;
	struct mdl_route6 member;
	int err;

	if (l2_group && !mac_group(f->b))
		return pass(f);		/* another station's frame */
	err = ip6_validate(h, f->len - f->l3);
	if (err)
		return drop(f, err);
	/* Before the source: router solicitations and DAD come from :: (RFC 4861, 4862). */
	if (a6_multicast(dst)) {
		if (h[6] == PROTO_ICMP6 && a6_nd_group(dst))
			return ip6_local(f);
		return l2_group ? pass_kernel(f) : drop(f, XR_STAT_DROP_MCAST_DST);
	}
	if (l2_group)
		return drop(f, XR_STAT_DROP_L2_BCAST);
	err = mdl_src6_never(src);
	if (!err)
		err = mdl_dst6_never(dst);
	if (err)
		return drop(f, err);
	if (a6_link_local(dst))
		return ip6_local(f);
	rt = route6_lookup(f->t, dst);
	if (rt && rt->type == XR_NH_LOCAL)
		return ip6_local(f);
	if (h[7] <= 1)
		return handoff(f, XR_STAT_HANDOFF_TTL);
	if (!rt)
		return handoff(f, XR_STAT_HANDOFF_NO_ROUTE);
	switch (rt->type) {
	case XR_NH_UNICAST:
		break;
	case XR_NH_GROUP:
		if (!ecmp_member6(f, rt, &member))
			return handoff(f, XR_STAT_HANDOFF_NO_ROUTE);
		rt = &member;
		break;
	case XR_NH_BLACKHOLE:
		return drop(f, XR_STAT_DROP_BLACKHOLE);
	case XR_NH_UNREACHABLE:
		return handoff(f, XR_STAT_HANDOFF_UNREACH);
	default:
		return handoff(f, XR_STAT_HANDOFF_NO_ROUTE);
	}
	/* A link-local source never leaves its link (RFC 4291 2.5.6): "beyond scope". */
	if (a6_link_local(src))
		return handoff(f, XR_STAT_HANDOFF_UNREACH);
	return ip6_forward(f, rt);
}

/* ---- ports ---- */

/*
 * Ethernet and up to VLAN_TAGS_MAX 802.1Q/802.1ad tags; false if the
 * frame is too short for what its header says.  A frame whose EtherType
 * field is below 1536 is 802.3 with a length: still a frame, of "another
 * EtherType".
 */
static bool eth_parse(struct mdl_frame *f)
{
	uint16_t outer;

	if (f->len < ETH_HLEN)
		return false;
	outer = f->type = get16(f->b + 12);
	f->l3 = ETH_HLEN;
	f->ntags = 0;
	while (f->ntags < VLAN_TAGS_MAX && (f->type == ET_VLAN || f->type == ET_QINQ)) {
		if (f->len < f->l3 + 4)
			return false;
		f->type = get16(f->b + f->l3 + 2);
		f->l3 += 4;
		f->ntags++;
	}
	f->vid_in = f->ntags == 1 && outer == ET_VLAN ? get16(f->b + 14) & 0xfff : 0;
	f->tagged = false;
	f->vid = 0;
	return true;
}

/* A single 802.1Q tag of a VLAN that has an interface on this port: that interface's frame. */
static bool routed_vlan(struct mdl_frame *f)
{
	uint16_t vid = f->vid_in;
	uint8_t vf = vid ? vlan_flags(f->t, f->in->slot, vid) : 0;

	if (!(vf & XR_VLAN_L3))
		return false;
	f->ip6 = vf & XR_VLAN_IP6;
	f->ifid = XR_IFID_VLAN | (uint32_t)vid << 16 | f->in->ifindex;
	f->tagged = true;
	f->vid = vid;
	vlan_count_as(f, f->in->slot, vid);
	return true;
}

/*
 * ARP on a routed port: the daemon's.  With the port's addresses on the
 * kernel too, a reply reaches the kernel as well (a copy to the daemon),
 * so that the kernel resolves the neighbours its own packets go to.
 */
static int arp_routed(struct mdl_frame *f)
{
	if (!(f->in->flags & XR_PORT_LOCAL_KERNEL) || f->len - f->l3 < 8 ||
	    get16(f->b + f->l3 + 6) != 2)
		return handoff(f, XR_STAT_HANDOFF_ARP);
	handoff_copy(f, XR_STAT_HANDOFF_ARP, 0, 0, 0);
	return pass_kernel(f);
}

static int routed_input(struct mdl_frame *f)
{
	if (!eth_parse(f))
		return drop(f, XR_STAT_DROP_ETH_TRUNC);
	f->ip6 = f->in->flags & XR_PORT_IP6;
	/* Tags of no VLAN interface here, QinQ, LLDP and the rest: the kernel's (SPEC). */
	if (f->ntags && !routed_vlan(f))
		return pass(f);
	if (f->type == ET_IPV6 && f->ip6)
		return ip6_input(f, f->in->mac);
	if (f->type != ET_IP && f->type != ET_ARP)
		return pass(f);
	if (f->type == ET_ARP)
		return arp_routed(f);
	return ip_input(f, f->in->mac);
}

static int switch_l3(struct mdl_frame *f, const uint8_t *l3mac, bool tagged)
{
	if (!tagged && f->type == ET_ARP)
		return handoff(f, XR_STAT_HANDOFF_ARP);
	if (!tagged && f->type == ET_IP)
		return ip_input(f, l3mac);
	if (!tagged && f->type == ET_IPV6 && f->ip6)
		return ip6_input(f, l3mac);
	return pass(f);
}

/* Multicast the switch's router must see: ARP, and NDP once IPv6 is on. */
static void switch_l3_copy(struct mdl_frame *f)
{
	const uint8_t *h = f->b + f->l3;

	if (f->type == ET_ARP)
		handoff_copy(f, XR_STAT_HANDOFF_ARP, 0, 0, 0);
	else if (f->type == ET_IPV6 && f->ip6 && f->len - f->l3 >= IP6_HLEN &&
		 h[0] >> 4 == 6 && h[6] == PROTO_ICMP6 && a6_nd_group(h + 24))
		handoff_copy(f, XR_STAT_HANDOFF_LOCAL, 0, 0, 0);
}

/* Known unicast of VLAN vid to port oif: same port, membership, tag, out. */
static int switch_unicast(struct mdl_frame *f, uint32_t oif, uint16_t vid)
{
	uint16_t evid;

	if (oif == f->in->ifindex)
		return drop(f, XR_STAT_DROP_SAME_PORT);
	if (!vlan_port_egress(f->t, port_by_ifindex(f->t, oif), vid, &evid))
		return drop(f, XR_STAT_DROP_VLAN);
	retag(f, evid);
	f->r->oif = oif;
	count(f, XR_STAT_SWITCHED);
	return MDL_REDIRECT;
}

/* A VLAN-aware switch: the frame's VLAN is its tag's or the port's PVID; members only. */
static int switched_vlan(struct mdl_frame *f, const struct mdl_bridge *b)
{
	uint16_t br = f->in->bridge, vid;
	uint8_t bvf;
	uint32_t oif;

	if (f->ntags > 1 || (f->ntags && get16(f->b + 12) != ET_VLAN))
		return pass(f);
	f->tagged = f->ntags == 1;
	f->vid = f->vid_in;
	vid = f->vid_in ? f->vid_in : f->in->pvid;
	if (!vid || !(vlan_flags(f->t, f->in->slot, vid) & XR_VLAN_MEMBER))
		return drop(f, XR_STAT_DROP_VLAN);
	fdb_learn(f, f->b + 6, vid);
	if (mac_bridge_group(f->b))
		return drop(f, XR_STAT_DROP_LINK_LOCAL);
	bvf = vlan_flags(f->t, XR_MAX_PORTS + br, vid);
	f->ip6 = bvf & XR_VLAN_IP6;
	if (bvf & XR_VLAN_L3) {
		f->ifid = XR_IFID_VLAN | XR_IFID_VLAN_BR | (uint32_t)vid << 16 | br;
		if (!memcmp(f->b, b->mac, 6)) {
			vlan_count_as(f, XR_MAX_PORTS + br, vid);
			return switch_l3(f, b->mac, false);
		}
	}
	l2_finish(f);
	if (mac_group(f->b)) {
		if (bvf & XR_VLAN_L3)
			switch_l3_copy(f);
		return flood(f, br, vid);
	}
	oif = fdb_port(f, br, vid, f->b);
	if (!oif)
		return flood(f, br, vid);
	return switch_unicast(f, oif, vid);
}

static int switched_input(struct mdl_frame *f)
{
	uint16_t br = f->in->bridge;
	const struct mdl_bridge *b;
	bool l3, tagged;
	uint32_t oif;

	if (!eth_parse(f))
		return drop(f, XR_STAT_DROP_ETH_TRUNC);
	b = bridge_get(f->t, br);
	if (!b)
		return drop(f, XR_STAT_DROP_REDIRECT);
	if (mac_group(f->b + 6) || mac_zero(f->b + 6))
		return drop(f, XR_STAT_DROP_SRC_MAC);
	if (b->flags & XR_BRIDGE_VLAN)
		return switched_vlan(f, b);
	fdb_learn(f, f->b + 6, 0);
	if (mac_bridge_group(f->b))
		return drop(f, XR_STAT_DROP_LINK_LOCAL);
	/* VLAN-unaware: what is behind one 802.1Q tag, as before VLANs; else the outer type. */
	tagged = f->ntags != 0;
	if (f->ntags > 1 || (f->ntags && get16(f->b + 12) != ET_VLAN)) {
		f->type = get16(f->b + 12);
		f->l3 = ETH_HLEN;
	}
	l3 = b->flags & XR_BRIDGE_L3;
	f->ip6 = b->flags & XR_BRIDGE_IP6;
	if (l3 && !memcmp(f->b, b->mac, 6))
		return switch_l3(f, b->mac, tagged);
	l2_finish(f);
	if (mac_group(f->b)) {
		/* The router on the switch must hear ARP and NDP; the frame still floods. */
		if (l3 && !tagged)
			switch_l3_copy(f);
		return flood(f, br, 0);
	}
	oif = fdb_port(f, br, 0, f->b);
	if (!oif)
		return flood(f, br, 0);
	return switch_unicast(f, oif, 0);
}

void mdl_run(struct mdl_tables *t, unsigned in, const uint8_t *frame, size_t len,
	     uint64_t now_ns, struct mdl_result *r)
{
	struct mdl_frame f = {
		.t = t, .in = &t->port[in], .r = r, .b = r->out, .len = len, .now = now_ns,
	};

	memset(r->cnt, 0, sizeof(r->cnt));
	memset(r->vcnt, 0, sizeof(r->vcnt));
	r->vrow = 0;
	r->handoff = -1;
	r->handed_len = 0;
	r->ho_nh_af = 0;
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
