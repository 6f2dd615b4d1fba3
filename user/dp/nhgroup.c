// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * ECMP group table (nhgroup.h): groups by handle, each with its members'
 * next-hop slots, a row of the nhgroups map for its life, and its own
 * slot of type XR_NH_GROUP at that row's id (fib.h XR_NH_GROUP_BASE), the
 * id routes name.  A row is rewritten in place, bucket by bucket, with
 * the generations fib.h describes; a freed row goes to the back of a
 * first-in first-out queue, so a packet that read its id late still finds
 * the old contents.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>

#include "mapaddr.h"
#include "nhgroup.h"

#define NHG_DOWN_MAX	256	/* ports down at once that groups remember */

struct nhg {
	uint8_t af;
	uint8_t n;
	uint32_t slot;		/* next hop of type XR_NH_GROUP; 0: being made */
	uint32_t table;		/* its row in nhgroups: slot - XR_NH_GROUP_BASE */
	uint32_t live;		/* bit i: member i holds buckets */
	struct nhg_member m[XR_ECMP_MAX];
	uint32_t nh[XR_ECMP_MAX];	/* members' next-hop slots (referenced) */
};

struct nhg_table {
	struct xr_nhg *tables;
	struct xr_nexthop *slots;
	struct nh_table *nh;
	struct nhg *g[XR_NHG_MAX];	/* by handle; 0 unused */
	uint8_t busy[XR_NHG_MAX];	/* a row a group (or an adopted slot) uses */
	uint32_t fifo[XR_NHG_MAX];
	uint32_t fifo_head, fifo_len;
	uint32_t down[NHG_DOWN_MAX];	/* ports down */
	unsigned ndown, nused;
	struct xr_ecmp_key *key;	/* the program's, or own */
	struct xr_ecmp_key own;
};

/* ---- bucket layout ---- */

/* Buckets for each member in mask by weight: largest remainder, at least one each. */
static void nhg_quota(const uint16_t *weight, uint32_t mask, unsigned n,
		      unsigned q[XR_ECMP_MAX])
{
	uint64_t total = 0, rem[XR_ECMP_MAX];
	unsigned sum = 0, i, best;

	for (i = 0; i < n; i++)
		if (mask & (1u << i))
			total += weight[i];
	for (i = 0; i < n; i++) {
		q[i] = 0;
		rem[i] = 0;
		if (!(mask & (1u << i)) || !total)
			continue;
		q[i] = (unsigned)((uint64_t)XR_NHG_BUCKETS * weight[i] / total);
		rem[i] = (uint64_t)XR_NHG_BUCKETS * weight[i] % total;
		if (!q[i]) {
			q[i] = 1;
			rem[i] = 0;
		}
		sum += q[i];
	}
	while (total && sum < XR_NHG_BUCKETS) {
		for (best = n, i = 0; i < n; i++)
			if ((mask & (1u << i)) && (best == n || rem[i] > rem[best]))
				best = i;
		rem[best] = 0;
		q[best]++;
		sum++;
	}
	while (sum > XR_NHG_BUCKETS) {	/* the minimum of one pushed it over */
		for (best = 0, i = 1; i < n; i++)
			if (q[i] > q[best])
				best = i;
		q[best]--;
		sum--;
	}
}

void nhg_fill(const uint16_t *weight, const bool *live, unsigned n,
	      int8_t owner[XR_NHG_BUCKETS])
{
	unsigned base[XR_ECMP_MAX], want[XR_ECMP_MAX], have[XR_ECMP_MAX] = { 0 };
	uint32_t all = n >= 32 ? UINT32_MAX : (1u << n) - 1, mask = 0;
	unsigned b = 0, i, j, best;

	for (i = 0; i < n; i++)
		if (live[i])
			mask |= 1u << i;
	nhg_quota(weight, all, n, base);
	nhg_quota(weight, mask, n, want);
	/* Every member's own run of buckets, in member order. */
	for (i = 0; i < n; i++)
		for (j = 0; j < base[i] && b < XR_NHG_BUCKETS; j++)
			owner[b++] = (int8_t)i;
	for (i = 0; i < n; i++)
		if (live[i])
			have[i] = base[i];
	for (b = 0; b < XR_NHG_BUCKETS; b++) {
		if (mask & (1u << owner[b]))
			continue;
		/* A leaving member's bucket: to the live member furthest below its share. */
		for (best = n, i = 0; i < n; i++)
			if ((mask & (1u << i)) &&
			    (best == n || (int)(want[i] - have[i]) > (int)(want[best] - have[best])))
				best = i;
		owner[b] = best == n ? -1 : (int8_t)best;
		if (best != n)
			have[best]++;
	}
}

/* ---- bucket tables in the map ---- */

static void nhg_fifo_put(struct nhg_table *t, uint32_t idx)
{
	t->busy[idx] = 0;
	t->fifo[(t->fifo_head + t->fifo_len) % XR_NHG_MAX] = idx;
	t->fifo_len++;
}

static uint32_t nhg_fifo_get(struct nhg_table *t)
{
	uint32_t idx;

	if (!t->fifo_len)
		return 0;
	idx = t->fifo[t->fifo_head];
	t->fifo_head = (t->fifo_head + 1) % XR_NHG_MAX;
	t->fifo_len--;
	t->busy[idx] = 1;
	return idx;
}

static bool nhg_port_down(const struct nhg_table *t, uint32_t ifid)
{
	for (unsigned i = 0; i < t->ndown; i++)
		if (t->down[i] == ifid)
			return true;
	return false;
}

/*
 * Bucket r now holds member id (0: none): the MAC word cleared, the member
 * word with the next generation, then the MAC word with it, each stored
 * whole (fib.h xr_nhg_rec), so a packet never takes one member's MAC out
 * of another's port.
 */
static void nhg_rec_set(const struct nhg_table *t, struct xr_nhg_rec *r, uint32_t id)
{
	union xr_nhg_member m = { .word = r->m.word };
	union xr_nh_l2 l2 = { .word = 0 };

	m.gen = (uint8_t)(m.gen % 255 + 1);
	m.pad = 0;
	m.id = (uint16_t)id;
	m.ifid = id ? t->slots[id].ifid : 0;
	if (id)
		l2.word = __atomic_load_n(&t->slots[id].l2.word, __ATOMIC_RELAXED);
	__atomic_store_n(&r->l2.word, 0, __ATOMIC_RELEASE);
	__atomic_store_n(&r->m.word, m.word, __ATOMIC_RELEASE);
	if (l2.valid) {
		l2.pad = m.gen;
		__atomic_store_n(&r->l2.word, l2.word, __ATOMIC_RELEASE);
	}
}

/* Lay e's buckets out in its row; all: every bucket (a row new to e), else those that change. */
static void nhg_layout(struct nhg_table *t, struct nhg *e, bool all)
{
	struct xr_nhg *x = &t->tables[e->table];
	uint16_t weight[XR_ECMP_MAX];
	bool live[XR_ECMP_MAX];
	int8_t owner[XR_NHG_BUCKETS];
	uint32_t id;
	unsigned i;

	for (i = 0; i < e->n; i++) {
		weight[i] = e->m[i].weight;
		live[i] = e->live & (1u << i);
	}
	nhg_fill(weight, live, e->n, owner);
	for (i = 0; i < XR_NHG_BUCKETS; i++) {
		id = owner[i] < 0 ? 0 : e->nh[owner[i]];
		if (all || x->rec[i].m.id != id)
			nhg_rec_set(t, &x->rec[i], id);
	}
}

/* ---- groups ---- */

/*
 * Multiplier k spreads flows that differ by one step at any byte of a
 * key word (sequential ports, labels or addresses): the top bytes of
 * f * (k << 8j) for f < 64 leave no gap over 32 buckets (an eighth).
 * The hash is linear in each word, so such flows land on a Weyl sequence,
 * and about half of all multipliers come near a fraction of small
 * denominator at some byte and crowd them into a few buckets (an IPv6
 * test saw 192 sequential flow labels reach 2 of 3 members).
 */
static bool nhg_key_spreads(uint64_t k)
{
	for (unsigned p = 0; p < 64; p += 8) {
		uint8_t seen[256] = { 0 };
		unsigned run = 0, longest = 0;

		for (uint64_t f = 0; f < 64; f++)
			seen[(f * (k << p)) >> 56] = 1;
		for (unsigned i = 0; i < 2 * 256; i++) {	/* twice round: the gap may wrap */
			run = seen[i % 256] ? 0 : run + 1;
			if (run > longest)
				longest = run;
		}
		if (longest >= 32)
			return false;
	}
	return true;
}

/* An odd multiplier that spreads: drawn, or without entropy the next from seed that does. */
static uint64_t nhg_key_draw(uint64_t seed)
{
	uint64_t k;

	for (unsigned tries = 0; tries < 64; tries++)
		if (getrandom(&k, sizeof(k), GRND_NONBLOCK) == sizeof(k) && nhg_key_spreads(k | 1))
			return k | 1;
	for (k = seed | 1; !nhg_key_spreads(k); k += 2)
		;
	return k;
}

/*
 * The router's hash multipliers: an adopted program's stay (its flows keep
 * their paths), else drawn now.  Without entropy, fixed ones: the hash
 * still spreads flows, only routers in a line may polarise.
 */
static void nhg_key_init(struct nhg_table *t, bool adopt)
{
	if (adopt && (t->key->k[0] & 1))
		return;
	for (unsigned i = 0; i < XR_ECMP_KEYS; i++)
		t->key->k[i] = nhg_key_draw(0x9e3779b97f4a7c15ull * (2 * i + 1));
}

static void nhg_release(void *ctx, uint32_t handle, uint32_t id);
static void nhg_member_l2(void *ctx, uint32_t id, union xr_nh_l2 l2);

struct nhg_table *nhg_new(struct xr_nhg *tables, struct xr_ecmp_key *key,
			  struct xr_nexthop *slots, struct nh_table *nh, bool adopt)
{
	struct nhg_table *t = calloc(1, sizeof(*t));
	uint32_t i;

	if (!t)
		return NULL;
	t->tables = tables;
	t->key = key ? key : &t->own;
	t->slots = slots;
	t->nh = nh;
	nhg_key_init(t, adopt);
	/* A previous daemon's rows stay until nhg_adopt_done(). */
	if (adopt)
		for (i = XR_NH_GROUP_BASE; i < XR_NH_MAX; i++)
			if (slots[i].type == XR_NH_GROUP)
				t->busy[i - XR_NH_GROUP_BASE] = 1;
	for (i = 1; i < XR_NHG_MAX; i++)
		if (!t->busy[i])
			nhg_fifo_put(t, i);
	nh_set_group_hooks(nh, nhg_release, nhg_member_l2, t);
	return t;
}

void nhg_free(struct nhg_table *t)
{
	if (!t)
		return;
	for (uint32_t h = 1; h < XR_NHG_MAX; h++)
		free(t->g[h]);
	free(t);
}

void nhg_mark_live(const struct nhg_table *t, uint8_t *live)
{
	for (uint32_t id = XR_NH_GROUP_BASE; id < XR_NH_MAX; id++) {
		if (!live[id] || t->slots[id].type != XR_NH_GROUP)
			continue;
		for (unsigned b = 0; b < XR_NHG_BUCKETS; b++)
			live[t->tables[id - XR_NH_GROUP_BASE].rec[b].m.id] = 1;
		live[0] = 0;
	}
}

void nhg_adopt_done(struct nhg_table *t)
{
	uint8_t owned[XR_NHG_MAX] = { 0 };

	for (uint32_t h = 1; h < XR_NHG_MAX; h++)
		if (t->g[h])
			owned[t->g[h]->table] = 1;
	for (uint32_t i = 1; i < XR_NHG_MAX; i++)
		if (t->busy[i] && !owned[i])
			nhg_fifo_put(t, i);
}

static bool nhg_member_eq(const struct nhg_member *a, const struct nhg_member *b)
{
	return a->ifid == b->ifid && a->weight == b->weight && xr_ip_eq(&a->gw, &b->gw);
}

static uint32_t nhg_find(const struct nhg_table *t, int af, const struct nhg_member *m,
			 unsigned n)
{
	for (uint32_t h = 1; h < XR_NHG_MAX; h++) {
		const struct nhg *e = t->g[h];
		unsigned i;

		if (!e || e->af != af || e->n != n || !e->slot)
			continue;
		for (i = 0; i < n && nhg_member_eq(&e->m[i], &m[i]); i++)
			;
		if (i == n)
			return h;
	}
	return 0;
}

static int nhg_check(int af, const struct nhg_member *m, unsigned n)
{
	if (n < 2 || n > XR_ECMP_MAX)
		return -EINVAL;
	for (unsigned i = 0; i < n; i++) {
		if (!m[i].ifid || !m[i].weight || m[i].weight > XR_ECMP_WEIGHT_MAX ||
		    (m[i].gw.af && m[i].gw.af != af))
			return -EINVAL;
		for (unsigned j = 0; j < i; j++)
			if (m[j].ifid == m[i].ifid && xr_ip_eq(&m[j].gw, &m[i].gw))
				return -EINVAL;
	}
	return 0;
}

/* Members' slots, then a row and its buckets, then the group's slot naming it. */
static int nhg_build(struct nhg_table *t, struct nhg *e, uint32_t handle)
{
	unsigned i;
	int err = 0;

	for (i = 0; i < e->n && !err; i++) {
		err = nh_get(t->nh, XR_NH_UNICAST, e->m[i].ifid,
			     e->m[i].gw.af ? &e->m[i].gw : NULL, &e->nh[i]);
		if (!nhg_port_down(t, e->m[i].ifid))
			e->live |= 1u << i;
	}
	if (err)
		i--;
	if (!err) {
		e->table = nhg_fifo_get(t);
		err = e->table ? 0 : -ENOSPC;
	}
	if (!err) {
		nhg_layout(t, e, true);
		err = nh_group_slot(t->nh, handle, XR_NH_GROUP_BASE + e->table);
	}
	if (!err) {
		e->slot = XR_NH_GROUP_BASE + e->table;
		return 0;
	}
	e->slot = 0;
	if (e->table)
		nhg_fifo_put(t, e->table);
	while (i--)
		nh_put(t->nh, e->nh[i]);
	return err;
}

int nhg_get(struct nhg_table *t, int af, const struct nhg_member *m, unsigned n,
	    uint32_t *handle)
{
	uint32_t h = nhg_find(t, af, m, n);
	struct nhg *e;
	int err;

	if (h) {
		nhg_hold(t, h);
		*handle = h;
		return 0;
	}
	err = nhg_check(af, m, n);
	if (err)
		return err;
	for (h = 1; h < XR_NHG_MAX && t->g[h]; h++)
		;
	if (h == XR_NHG_MAX)
		return -ENOSPC;
	e = calloc(1, sizeof(*e));
	if (!e)
		return -ENOMEM;
	e->af = (uint8_t)af;
	e->n = (uint8_t)n;
	memcpy(e->m, m, n * sizeof(*m));
	t->g[h] = e;
	err = nhg_build(t, e, h);
	if (err) {
		t->g[h] = NULL;
		free(e);
		return err;
	}
	t->nused++;
	*handle = h;
	return 0;
}

static struct nhg *nhg_of(const struct nhg_table *t, uint32_t handle)
{
	return handle && handle < XR_NHG_MAX && t->g[handle] && t->g[handle]->slot ?
	       t->g[handle] : NULL;
}

void nhg_hold(struct nhg_table *t, uint32_t handle)
{
	struct nhg *e = nhg_of(t, handle);
	uint32_t id;

	/* The group's slot exists: this only counts one more reference to it. */
	if (e)
		nh_get(t->nh, XR_NH_GROUP, handle, NULL, &id);
}

void nhg_put(struct nhg_table *t, uint32_t handle)
{
	struct nhg *e = nhg_of(t, handle);

	if (e)
		nh_put(t->nh, e->slot);
}

/* The last reference to a group's slot went (nexthop.h): so does the group. */
static void nhg_release(void *ctx, uint32_t handle, uint32_t id)
{
	struct nhg_table *t = ctx;
	struct nhg *e = nhg_of(t, handle);

	if (!e || e->slot != id)
		return;		/* an adopted slot of a group nobody re-added */
	t->g[handle] = NULL;
	nhg_fifo_put(t, e->table);
	for (unsigned i = 0; i < e->n; i++)
		nh_put(t->nh, e->nh[i]);
	free(e);
	t->nused--;
}

uint32_t nhg_slot(const struct nhg_table *t, uint32_t handle)
{
	const struct nhg *e = nhg_of(t, handle);

	return e ? e->slot : 0;
}

int nhg_members(const struct nhg_table *t, uint32_t handle, struct nhg_member *out,
		unsigned *n)
{
	const struct nhg *e = nhg_of(t, handle);

	if (!e)
		return -ESRCH;
	memcpy(out, e->m, e->n * sizeof(*out));
	*n = e->n;
	return 0;
}

bool nhg_member_live(const struct nhg_table *t, uint32_t handle, unsigned i)
{
	const struct nhg *e = nhg_of(t, handle);

	return e && i < e->n && (e->live & (1u << i));
}

unsigned nhg_live(const struct nhg_table *t, uint32_t handle)
{
	const struct nhg *e = nhg_of(t, handle);

	return e ? (unsigned)__builtin_popcount(e->live) : 0;
}

bool nhg_has_ifid(const struct nhg_table *t, uint32_t handle, uint32_t ifid)
{
	const struct nhg *e = nhg_of(t, handle);

	for (unsigned i = 0; e && i < e->n; i++)
		if (e->m[i].ifid == ifid)
			return true;
	return false;
}

bool nhg_member_lost(const struct nhg_table *t, uint32_t handle, nhg_resolve_fn resolve,
		     const void *ctx)
{
	const struct nhg *e = nhg_of(t, handle);

	for (unsigned i = 0; e && i < e->n; i++) {
		uint32_t ifid = e->m[i].ifid;

		if (e->m[i].gw.af && resolve(ctx, &e->m[i].gw, &ifid))
			return true;
	}
	return false;
}

bool nhg_route_on(const struct nhg_table *t, uint8_t type, uint32_t route_ifid, uint32_t ifid)
{
	if (type != XR_NH_GROUP)
		return route_ifid == ifid;
	return t && nhg_has_ifid(t, route_ifid, ifid);
}

int nhg_pick(const struct nhg_table *t, uint32_t handle, uint32_t bucket)
{
	const struct nhg *e = nhg_of(t, handle);
	uint16_t id;

	if (!e || !e->live || bucket >= XR_NHG_BUCKETS)
		return -1;
	id = t->tables[e->table].rec[bucket].m.id;
	for (unsigned i = 0; i < e->n; i++)
		if (e->nh[i] == id)
			return (int)i;
	return -1;
}

const struct xr_ecmp_key *nhg_key(const struct nhg_table *t)
{
	return t->key;
}

/* The key words as the wire has them: what bpf/ecmp.h hands xr_flow_hash4/6(). */
static uint64_t nhg_flow_hash(const struct xr_ecmp_key *key, const struct nhg_flow *fl)
{
	uint8_t wire[4] = { fl->sport >> 8, fl->sport, fl->dport >> 8, fl->dport };
	__u64 s[2] = { 0 }, d[2], tail;
	uint32_t ports = 0;

	if (fl->proto == 6 || fl->proto == 17 || fl->proto == 132)
		memcpy(&ports, wire, 4);
	if (fl->dst.af == AF_INET6) {
		if (fl->src.af == AF_INET6)
			memcpy(s, fl->src.b, sizeof(s));
		memcpy(d, fl->dst.b, sizeof(d));
		tail = xr_flow_tail(ports, fl->proto, fl->label);
		return xr_flow_hash6(key, s, d, tail);
	}
	/* IPv4: source then destination, one word as the header holds them. */
	if (fl->src.af == AF_INET)
		memcpy(s, fl->src.b, 4);
	memcpy((uint8_t *)s + 4, fl->dst.b, 4);
	return xr_flow_hash4(key, s[0], xr_flow_tail(ports, fl->proto, 0));
}

int nhg_flow_pick(const struct nhg_table *t, uint32_t handle, const struct nhg_flow *fl,
		  uint64_t *hash)
{
	*hash = nhg_flow_hash(t->key, fl);
	return nhg_pick(t, handle, xr_nhg_bucket(*hash));
}

/* Remember the port's state; false if nothing can change (up, and known to be). */
static bool nhg_down_set(struct nhg_table *t, uint32_t ifid, bool up)
{
	for (unsigned i = 0; i < t->ndown; i++) {
		if (t->down[i] == ifid) {
			if (up)
				t->down[i] = t->down[--t->ndown];
			return true;
		}
	}
	if (!up && t->ndown < NHG_DOWN_MAX)
		t->down[t->ndown++] = ifid;
	/* A full list may have missed the port going down: look at every group then. */
	return !up || t->ndown == NHG_DOWN_MAX;
}

void nhg_link_set(struct nhg_table *t, uint32_t ifid, bool up)
{
	if (!nhg_down_set(t, ifid, up))
		return;
	for (uint32_t h = 1; h < XR_NHG_MAX; h++) {
		struct nhg *e = nhg_of(t, h);
		uint32_t live;

		if (!e)
			continue;
		live = e->live;
		for (unsigned i = 0; i < e->n; i++) {
			if (e->m[i].ifid != ifid)
				continue;
			live = up ? live | (1u << i) : live & ~(1u << i);
		}
		if (live == e->live)
			continue;
		e->live = live;
		nhg_layout(t, e, false);
	}
}

/* Next hop id's MAC changed: so does every bucket holding it, its generation kept. */
static void nhg_member_l2(void *ctx, uint32_t id, union xr_nh_l2 l2)
{
	struct nhg_table *t = ctx;

	for (uint32_t h = 1; t->nused && h < XR_NHG_MAX; h++) {
		const struct nhg *e = nhg_of(t, h);
		struct xr_nhg *x;
		unsigned i;

		for (i = 0; e && i < e->n && e->nh[i] != id; i++)
			;
		if (!e || i == e->n)
			continue;
		x = &t->tables[e->table];
		for (unsigned b = 0; b < XR_NHG_BUCKETS; b++) {
			union xr_nh_l2 w = l2;

			if (x->rec[b].m.id != id)
				continue;
			w.pad = x->rec[b].m.gen;
			__atomic_store_n(&x->rec[b].l2.word, l2.valid ? w.word : 0, __ATOMIC_RELEASE);
		}
	}
}

unsigned nhg_used(const struct nhg_table *t)
{
	return t->nused;
}
