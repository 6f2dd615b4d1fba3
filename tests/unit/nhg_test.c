// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * ECMP groups (user/dp/nhgroup.c) over plain memory: the bucket layout by
 * weight (exact where 256 divides, at least one bucket each, 32 members),
 * resilience (a member that leaves gives up only its buckets and gets
 * them back), and the group table: interning, refused member lists,
 * publishing a new bucket table for a link change, and freeing all of it
 * with the last reference; in the RIB, an ECMP route goes with a member's
 * interface or with the connected route its gateway resolved through.
 */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "check.h"
#include "nexthop.h"
#include "nhgroup.h"
#include "rib.h"

static unsigned count_of(const int8_t *owner, int member)
{
	unsigned n = 0;

	for (unsigned b = 0; b < XR_NHG_BUCKETS; b++)
		n += owner[b] == member;
	return n;
}

static void test_fill_weights(void)
{
	uint16_t w[XR_ECMP_MAX];
	bool live[XR_ECMP_MAX];
	int8_t owner[XR_NHG_BUCKETS];
	bool ok = true;

	w[0] = 3, w[1] = 1;
	live[0] = live[1] = true;
	nhg_fill(w, live, 2, owner);
	report(count_of(owner, 0) == 192 && count_of(owner, 1) == 64, "fill: weights 3:1 give 192:64 buckets");

	w[0] = 256, w[1] = 1;
	nhg_fill(w, live, 2, owner);
	report(count_of(owner, 1) == 1 && count_of(owner, 0) == 255,
	       "fill: weight 1 beside 256 still holds a bucket");

	for (unsigned i = 0; i < XR_ECMP_MAX; i++) {
		w[i] = 1;
		live[i] = true;
	}
	nhg_fill(w, live, XR_ECMP_MAX, owner);
	for (int i = 0; i < (int)XR_ECMP_MAX; i++)
		ok = ok && count_of(owner, i) == XR_NHG_BUCKETS / XR_ECMP_MAX;
	report(ok, "fill: 32 equal members, 8 buckets each");

	for (unsigned i = 0; i < XR_ECMP_MAX; i++)
		w[i] = (uint16_t)(i == 0 ? 256 : 1);
	nhg_fill(w, live, XR_ECMP_MAX, owner);
	ok = count_of(owner, 0) == XR_NHG_BUCKETS - (XR_ECMP_MAX - 1);
	for (int i = 1; i < (int)XR_ECMP_MAX; i++)
		ok = ok && count_of(owner, i) == 1;
	report(ok, "fill: 32 members, one of weight 256: every member keeps one bucket");
}

static void test_fill_resilient(void)
{
	uint16_t w[4] = { 1, 2, 3, 4 };
	bool live[4] = { true, true, true, true };
	int8_t before[XR_NHG_BUCKETS], after[XR_NHG_BUCKETS], back[XR_NHG_BUCKETS];
	bool ok = true;
	unsigned moved = 0;

	nhg_fill(w, live, 4, before);
	live[2] = false;
	nhg_fill(w, live, 4, after);
	for (unsigned b = 0; b < XR_NHG_BUCKETS; b++) {
		ok = ok && after[b] != 2 && (before[b] == 2 || after[b] == before[b]);
		moved += before[b] != after[b];
	}
	report(ok && moved == count_of(before, 2), "fill: a member leaving moves only its buckets");
	/* The leaver's 77 buckets go by weight: 1:2:4 of them, near enough. */
	report(count_of(after, 0) > 30 && count_of(after, 0) < 42 &&
	       count_of(after, 3) > 140 && count_of(after, 3) < 152,
	       "fill: its buckets go to the others by weight");
	live[2] = true;
	nhg_fill(w, live, 4, back);
	report(!memcmp(before, back, sizeof(back)), "fill: it comes back to the same buckets");
	memset(live, 0, sizeof(live));
	nhg_fill(w, live, 4, after);
	report(count_of(after, -1) == XR_NHG_BUCKETS, "fill: no member live, no bucket owned");
}

struct env {
	struct xr_nexthop *slots;
	struct xr_nhg *tables;
	struct xr_ecmp_key key;
	struct nh_table *nh;
	struct nhg_table *g;
};

static bool env_open(struct env *e)
{
	e->slots = calloc(XR_NH_MAX, sizeof(*e->slots));
	e->tables = calloc(XR_NHG_MAX, sizeof(*e->tables));
	e->nh = e->slots ? nh_new(e->slots) : NULL;
	e->g = e->nh && e->tables ? nhg_new(e->tables, &e->key, e->slots, e->nh, false) : NULL;
	return e->g != NULL;
}

static void env_close(struct env *e)
{
	nhg_free(e->g);
	nh_free(e->nh);
	free(e->tables);
	free(e->slots);
}

static struct nhg_member member(uint32_t gw, uint32_t ifid, uint16_t w)
{
	return (struct nhg_member){ .gw = xr_ip4(gw), .ifid = ifid, .weight = w };
}

static void test_table(void)
{
	struct nhg_member m[XR_ECMP_MAX + 1], out[XR_ECMP_MAX];
	uint32_t h, h2, slot, table, m0;
	struct xr_nhg before;
	unsigned n;
	struct env e;
	bool ok;

	if (!env_open(&e)) {
		report(false, "table: set up");
		return;
	}
	for (unsigned i = 0; i <= XR_ECMP_MAX; i++)
		m[i] = member(HOST4(10, 0, 0, 1 + i), 7, 1);
	ok = !nhg_get(e.g, AF_INET, m, XR_ECMP_MAX, &h) &&
	     !nhg_members(e.g, h, out, &n) && n == XR_ECMP_MAX && nhg_live(e.g, h) == XR_ECMP_MAX;
	report(ok, "table: a group of 32 members");
	report(nhg_get(e.g, AF_INET, m, XR_ECMP_MAX + 1, &h2) == -EINVAL, "table: 33 members refused");
	report(!nhg_get(e.g, AF_INET, m, XR_ECMP_MAX, &h2) && h2 == h, "table: the same list, the same group");
	nhg_put(e.g, h2);
	m[1].weight = 0;
	report(nhg_get(e.g, AF_INET, m, 2, &h2) == -EINVAL, "table: weight 0 refused");
	m[1].weight = 257;
	report(nhg_get(e.g, AF_INET, m, 2, &h2) == -EINVAL, "table: weight 257 refused");
	m[1] = m[0];
	report(nhg_get(e.g, AF_INET, m, 2, &h2) == -EINVAL, "table: a member twice refused");
	report(nhg_get(e.g, AF_INET6, m + 2, 2, &h2) == -EINVAL, "table: IPv4 members of an IPv6 group refused");
	nhg_put(e.g, h);
	report(nhg_used(e.g) == 0 && nhg_members(e.g, h, out, &n) == -ESRCH,
	       "table: the last reference frees the group");

	/* Link down: the group's row rewritten in place, only the leaving member's buckets. */
	m[0] = member(HOST4(10, 0, 0, 1), 7, 1);
	m[1] = member(HOST4(10, 0, 1, 1), 8, 1);
	ok = !nhg_get(e.g, AF_INET, m, 2, &h);
	slot = 0;
	for (uint32_t id = 1; id < XR_NH_MAX && ok; id++)
		if (e.slots[id].type == XR_NH_GROUP && e.slots[id].ifid == h)
			slot = id;
	table = slot >= XR_NH_GROUP_BASE ? slot - XR_NH_GROUP_BASE : 0;
	report(ok && table && e.slots[slot].group == table,
	       "table: the group's next hop is its row's id, past XR_NH_GROUP_BASE");
	before = e.tables[table];
	m0 = before.rec[0].m.id;	/* member 0's next hop: its buckets come first */
	nhg_link_set(e.g, 8, false);
	ok = ok && table && e.slots[slot].group == table &&
	     nhg_live(e.g, h) == 1 && !nhg_member_live(e.g, h, 1);
	for (unsigned b = 0; ok && b < XR_NHG_BUCKETS; b++) {
		const struct xr_nhg_rec *r = &e.tables[table].rec[b], *o = &before.rec[b];

		ok = r->m.id == m0 && r->m.ifid == 7 && r->m.gen &&
		     (o->m.id == m0 ? r->m.gen == o->m.gen : r->m.gen != o->m.gen);
	}
	report(ok, "table: a port down moves only its member's buckets, in place, each a new generation");
	nhg_link_set(e.g, 8, true);
	ok = nhg_live(e.g, h) == 2;
	for (unsigned b = 0; ok && b < XR_NHG_BUCKETS; b++)
		ok = e.tables[table].rec[b].m.id == before.rec[b].m.id;
	report(ok, "table: the port up, every bucket's member as before");

	/* A member's MAC follows into its buckets, tagged with each bucket's generation. */
	{
		const uint8_t mac[6] = { 2, 0, 0, 0, 0, 7 };
		struct xr_ip gw0 = xr_ip4(HOST4(10, 0, 0, 1));

		nh_l2_set(e.nh, 7, &gw0, mac);
		ok = true;
		for (unsigned b = 0; b < XR_NHG_BUCKETS; b++) {
			const struct xr_nhg_rec *r = &e.tables[table].rec[b];

			if (r->m.id == m0)
				ok = ok && r->l2.valid && r->l2.pad == r->m.gen && !memcmp(r->l2.mac, mac, 6);
			else
				ok = ok && r->l2.word == 0;
		}
		report(ok, "table: a member's MAC reaches its buckets with their generation");
		nh_l2_set(e.nh, 7, &gw0, NULL);
		ok = true;
		for (unsigned b = 0; b < XR_NHG_BUCKETS; b++)
			ok = ok && e.tables[table].rec[b].l2.word == 0;
		report(ok, "table: its MAC gone, no bucket holds one");
	}
	nhg_put(e.g, h);
	report(nhg_used(e.g) == 0 && e.slots[slot].type == XR_NH_GROUP,
	       "table: freed, the slot's contents left for packets still reading it");
	env_close(&e);
}

static int rib_conn(struct rib *rib, uint32_t net, uint32_t ifid)
{
	struct rib_route r = { .dst = xr_prefix4(net, 24), .type = XR_NH_UNICAST,
			       .proto = RIB_PROTO_KERNEL, .ifid = ifid };

	return rib_add(rib, &r, false);
}

/* 10.9/16 over 10.0.0.1 (ifid 7) and 10.0.1.1 (ifid 8); present after? */
static int rib_ecmp(struct rib *rib, struct rib_route *r)
{
	struct nhg_member m[2] = {
		{ .gw = xr_ip4(HOST4(10, 0, 0, 1)), .weight = 1 },
		{ .gw = xr_ip4(HOST4(10, 0, 1, 1)), .weight = 1 },
	};
	int err;

	*r = (struct rib_route){ .dst = xr_prefix4(HOST4(10, 9, 0, 0), 16), .type = XR_NH_GROUP };
	err = rib_group_get(rib, AF_INET, m, 2, &r->ifid);
	if (!err) {
		err = rib_add(rib, r, false);
		nhg_put(rib_groups(rib), r->ifid);
	}
	return err;
}

static void test_rib(void)
{
	struct rib_tables t = {
		.tbl24 = calloc(XR_TBL24_ENTRIES, 4), .tbl8 = calloc(XR_TBL8_ENTRIES, 4),
		.nexthops = calloc(XR_NH_MAX, sizeof(struct xr_nexthop)),
		.nhgroups = calloc(XR_NHG_MAX, sizeof(struct xr_nhg)),
	};
	struct xr_prefix conn = xr_prefix4(HOST4(10, 0, 1, 0), 24);
	struct rib_route r, got;
	struct rib *rib = t.tbl24 && t.tbl8 && t.nexthops && t.nhgroups ? rib_new(&t, false) : NULL;
	bool ok;

	ok = rib && !rib_conn(rib, HOST4(10, 0, 0, 0), 7) && !rib_conn(rib, HOST4(10, 0, 1, 0), 8) &&
	     !rib_ecmp(rib, &r) && !rib_lookup(rib, &r, 0, &got) && got.type == XR_NH_GROUP;
	report(ok, "rib: an ECMP route over two connected subnets");
	ok = ok && !rib_del(rib, &conn, NULL);
	rib_prune_unreachable_gw(rib);
	report(ok && rib_lookup(rib, &r, 0, &got) == -ESRCH && nhg_used(rib_groups(rib)) == 0,
	       "rib: a member's gateway unreachable takes the route and its group");
	ok = ok && !rib_conn(rib, HOST4(10, 0, 1, 0), 8) && !rib_ecmp(rib, &r);
	rib_del_ifid(rib, 7);
	report(ok && rib_lookup(rib, &r, 0, &got) == -ESRCH && nhg_used(rib_groups(rib)) == 0,
	       "rib: a member's interface deleted takes the route and its group");
	rib_free(rib);
	free(t.tbl24);
	free(t.tbl8);
	free(t.nexthops);
	free(t.nhgroups);
}

/* The hash of fl, and whether it is the one the flow changed by fn has. */
static bool flow_same(const struct nhg_table *g, uint32_t handle, struct nhg_flow fl,
		      void (*fn)(struct nhg_flow *))
{
	uint64_t a, b;

	nhg_flow_pick(g, handle, &fl, &a);
	fn(&fl);
	nhg_flow_pick(g, handle, &fl, &b);
	return a == b;
}

static void fl_sport(struct nhg_flow *fl) { fl->sport ^= 0x1234; }
static void fl_label(struct nhg_flow *fl) { fl->label ^= 0x54321; }
static void fl_src(struct nhg_flow *fl) { fl->src.b[3] ^= 1; }

/*
 * `route get`'s flow hashes what the fast path hashes: the ports only for
 * TCP, UDP and SCTP, the flow label only for IPv6, the source always;
 * every flow picks a member of the group.
 */
static void test_flow(void)
{
	struct nhg_member m[2] = { member(0x0a000001, 7, 1), member(0x0a000101, 8, 3) };
	struct nhg_flow v4 = { .src = xr_ip4(0xc0000202), .dst = xr_ip4(0xc6336402), .proto = 17,
			       .sport = 40000, .dport = 9 };
	struct nhg_flow v6 = { .proto = 6, .sport = 1, .dport = 2, .label = 7 };
	uint32_t handle;
	uint64_t hash;
	unsigned seen[2] = { 0 };
	char desc[96];
	struct env e;
	bool ok = true;

	if (!env_open(&e) || nhg_get(e.g, AF_INET, m, 2, &handle)) {
		report(false, "flow: set up");
		return;
	}
	v6.src = xr_ip6((const uint8_t[16]){ 0x20, 0x01, 0x0d, 0xb8, [15] = 2 });
	v6.dst = xr_ip6((const uint8_t[16]){ 0x20, 0x01, 0x0d, 0xb8, 0, 1, [15] = 2 });
	report(!flow_same(e.g, handle, v4, fl_sport) && !flow_same(e.g, handle, v4, fl_src) &&
	       flow_same(e.g, handle, v4, fl_label), "flow: IPv4 UDP hashes ports and source, no label");
	v4.proto = 1;
	report(flow_same(e.g, handle, v4, fl_sport), "flow: ICMP's ports are left out");
	report(!flow_same(e.g, handle, v6, fl_sport) && !flow_same(e.g, handle, v6, fl_label),
	       "flow: IPv6 TCP hashes ports and the flow label");
	v6.proto = 44;
	report(flow_same(e.g, handle, v6, fl_sport) && !flow_same(e.g, handle, v6, fl_label),
	       "flow: an IPv6 fragment header leaves the ports out, not the label");
	v4.proto = 17;
	for (unsigned p = 0; p < 4096 && ok; p++) {
		int i;

		v4.sport = (uint16_t)p;
		i = nhg_flow_pick(e.g, handle, &v4, &hash);
		ok = i >= 0 && i < 2 && i == nhg_pick(e.g, handle, xr_nhg_bucket(hash));
		if (ok)
			seen[i]++;
	}
	snprintf(desc, sizeof(desc), "flow: 4096 flows each pick a member, weights 1:3 (%u/%u)",
		 seen[0], seen[1]);
	report(ok && seen[1] > 2 * seen[0] && seen[1] < 4 * seen[0], desc);
	nhg_put(e.g, handle);
	env_close(&e);
}

/*
 * In a batch (nh_hold()) a next hop let go keeps its id until nh_unhold():
 * with every other id taken, a new next hop finds none free; after the
 * unhold it gets the one let go.
 */
static void test_hold(void)
{
	struct xr_nexthop *slots = calloc(XR_NH_MAX, sizeof(*slots));
	struct nh_table *t = slots ? nh_new(slots) : NULL;
	uint32_t id, first = 0, ifid;
	int err = 0;

	if (!t) {
		report(false, "hold: out of memory");
		goto out;
	}
	nh_hold(t);
	for (ifid = 1; ifid < XR_NH_MAX && !err; ifid++) {
		err = nh_get(t, XR_NH_UNICAST, ifid, NULL, &id);
		if (ifid == 1)
			first = id;
		if (!err && id >= XR_NH_GROUP_BASE)
			err = -EINVAL;
	}
	report(err == -ENOSPC && ifid == XR_NH_GROUP_BASE + 1,
	       "hold: next hops fill the ids below the groups' range, none of it");
	report(nh_group_slot(t, 1, XR_NH_GROUP_BASE - 1) == -EBUSY &&
	       !nh_group_slot(t, 1, XR_NH_GROUP_BASE + 1) &&
	       nh_group_slot(t, 2, XR_NH_GROUP_BASE + 1) == -EBUSY,
	       "hold: a group's slot only at a free id of the groups' range");
	nh_put(t, first);
	err = nh_get(t, XR_NH_UNICAST, XR_NH_MAX, NULL, &id);
	report(err == -ENOSPC, "hold: an id let go in a batch is not handed out before its end");
	nh_unhold(t);
	err = nh_get(t, XR_NH_UNICAST, XR_NH_MAX, NULL, &id);
	report(!err && id == first, "hold: after the batch the id is free again");
out:
	nh_free(t);
	free(slots);
}

/* Members of a 3-member group that n flows, fl changed by step(fl, f) for flow f, reach. */
static unsigned flows_reach(const struct env *e, uint32_t handle, struct nhg_flow fl, unsigned n,
			    void (*step)(struct nhg_flow *, unsigned))
{
	unsigned mask = 0;
	uint64_t hash;
	int i;

	for (unsigned f = 0; f < n; f++) {
		struct nhg_flow x = fl;

		step(&x, f);
		i = nhg_flow_pick(e->g, handle, &x, &hash);
		if (i >= 0 && i < 3)
			mask |= 1u << i;
	}
	return mask;
}

static void st_sport(struct nhg_flow *fl, unsigned f) { fl->sport = (uint16_t)(20000 + f); }
static void st_dport(struct nhg_flow *fl, unsigned f) { fl->dport = (uint16_t)(5000 + f); }
static void st_dst(struct nhg_flow *fl, unsigned f) { fl->dst.b[3] = (uint8_t)f; }
static void st_label(struct nhg_flow *fl, unsigned f) { fl->label = 0x12340 + f; }
static void st_dst6(struct nhg_flow *fl, unsigned f) { fl->dst.b[15] = (uint8_t)f; }

/*
 * Whatever multipliers a router draws, 64 flows one step apart (source or
 * destination port, destination address, IPv6 flow label) reach all three
 * members of an equal group: a multiplier near a fraction of small
 * denominator would crowd them (the hash is linear in each key word), and
 * the table draws none of those.  Each table draws anew: 32 of them.
 */
static void test_key_spread(void)
{
	struct nhg_member m4[3] = { member(0x0a000001, 7, 1), member(0x0a000101, 8, 1),
				    member(0x0a000201, 9, 1) };
	struct nhg_member m6[3];
	struct nhg_flow v4 = { .src = xr_ip4(0xc0000202), .dst = xr_ip4(0xc6336400), .proto = 17,
			       .sport = 40000, .dport = 53 };
	struct nhg_flow v6 = { .proto = 17, .sport = 40000, .dport = 9 };
	unsigned bad = 0;

	v6.src = xr_ip6((const uint8_t[16]){ 0x20, 0x01, 0x0d, 0xb8, [15] = 0x10 });
	v6.dst = xr_ip6((const uint8_t[16]){ 0x20, 0x01, 0x0d, 0xb8, 1, 0x10, [15] = 1 });
	for (unsigned i = 0; i < 3; i++) {
		m6[i] = m4[i];
		m6[i].gw = xr_ip6((const uint8_t[16]){ 0xfe, 0x80, [15] = (uint8_t)(i + 1) });
	}
	for (unsigned r = 0; r < 32; r++) {
		uint32_t h4, h6;
		struct env e;

		if (!env_open(&e) || nhg_get(e.g, AF_INET, m4, 3, &h4) ||
		    nhg_get(e.g, AF_INET6, m6, 3, &h6)) {
			report(false, "key: set up");
			return;
		}
		bad += flows_reach(&e, h4, v4, 64, st_sport) != 7 ||
		       flows_reach(&e, h4, v4, 64, st_dport) != 7 ||
		       flows_reach(&e, h4, v4, 64, st_dst) != 7 ||
		       flows_reach(&e, h6, v6, 64, st_label) != 7 ||
		       flows_reach(&e, h6, v6, 64, st_dst6) != 7;
		nhg_put(e.g, h4);
		nhg_put(e.g, h6);
		env_close(&e);
	}
	report(bad == 0, "key: 32 routers' multipliers each spread 64 flows one port, address "
	       "or flow label apart over all 3 members");
}

int main(void)
{
	test_fill_weights();
	test_fill_resilient();
	test_table();
	test_rib();
	test_flow();
	test_key_spread();
	test_hold();
	return report_done();
}
