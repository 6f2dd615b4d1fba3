// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The kernel route sync's records: the routes of the followed table in a
 * chained hash over one pool (44 bytes a route, so a full Internet table
 * costs ~45 MB), and the nexthop objects in a sorted array.  A resync
 * stamps what a fresh dump reports with a new generation and sweeps the
 * rest, so routes that did not change are never withdrawn in between.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "ksync.h"

#define KT_NIL		UINT32_MAX
#define KT_BUCKETS0	1024u

struct ksync_table {
	struct ksync_route *pool;
	uint32_t len, cap, free;	/* free: a chain through next */
	uint32_t *bucket;		/* head index per bucket, KT_NIL if empty */
	uint32_t nbuckets;		/* a power of two */
	size_t count;
};

static const char *const ksync_why_names[KSYNC_WHY_MAX] = {
	[KSYNC_OK] = "installed",
	[KSYNC_WHY_FAMILY] = "no forwarding table for its family yet",
	[KSYNC_WHY_DEV] = "next hop through an interface xrouter does not own",
	[KSYNC_WHY_GW] = "gateway outside the connected subnets",
	[KSYNC_WHY_TYPE] = "a route type the fast path does not carry",
	[KSYNC_WHY_TOO_MANY] = "more next hops than the fast path takes",
	[KSYNC_WHY_UNSUPPORTED] = "encapsulation or a gateway of another family",
	[KSYNC_WHY_NHID] = "unknown nexthop object",
	[KSYNC_WHY_NO_NH] = "no next hop",
	[KSYNC_WHY_FULL] = "routing table is full",
	[KSYNC_WHY_LINK_DOWN] = "link down",
};

const char *ksync_why_name(unsigned why)
{
	return why < KSYNC_WHY_MAX ? ksync_why_names[why] : "?";
}

/* ---- routes ---- */

static uint32_t kt_hash(const struct ksync_key *k)
{
	uint32_t h = xr_ip_hash(&k->dst.addr);

	h ^= (uint32_t)k->dst.len * 0x9e3779b1u;
	h ^= k->metric * 0x85ebca6bu;
	h ^= h >> 15;
	return h * 0xc2b2ae35u;
}

static bool kt_key_eq(const struct ksync_key *a, const struct ksync_key *b)
{
	return a->metric == b->metric && a->dst.len == b->dst.len &&
	       xr_ip_eq(&a->dst.addr, &b->dst.addr);
}

static uint32_t *kt_buckets_new(uint32_t n)
{
	uint32_t *b = malloc((size_t)n * sizeof(*b));

	if (b)
		memset(b, 0xff, (size_t)n * sizeof(*b));
	return b;
}

struct ksync_table *ksync_table_new(void)
{
	struct ksync_table *t = calloc(1, sizeof(*t));

	if (!t)
		return NULL;
	t->free = KT_NIL;
	t->nbuckets = KT_BUCKETS0;
	t->bucket = kt_buckets_new(t->nbuckets);
	if (!t->bucket) {
		free(t);
		return NULL;
	}
	return t;
}

void ksync_table_free(struct ksync_table *t)
{
	if (!t)
		return;
	free(t->pool);
	free(t->bucket);
	free(t);
}

static uint32_t *kt_slot(struct ksync_table *t, const struct ksync_key *k)
{
	return &t->bucket[kt_hash(k) & (t->nbuckets - 1)];
}

/* The link pointing at k's route (or at KT_NIL past its chain's end). */
static uint32_t *kt_find(struct ksync_table *t, const struct ksync_key *k)
{
	uint32_t *p = kt_slot(t, k);

	while (*p != KT_NIL && !kt_key_eq(&t->pool[*p].k, k))
		p = &t->pool[*p].next;
	return p;
}

struct ksync_route *ksync_table_get(struct ksync_table *t, const struct ksync_key *k)
{
	uint32_t i = *kt_find(t, k);

	return i == KT_NIL ? NULL : &t->pool[i];
}

/* Twice the buckets once there are as many routes: chains stay ~1 long. */
static int kt_grow(struct ksync_table *t)
{
	uint32_t n = t->nbuckets * 2, *b;

	if (t->count < t->nbuckets || n < t->nbuckets)
		return 0;
	b = kt_buckets_new(n);
	if (!b)
		return -ENOMEM;
	free(t->bucket);
	t->bucket = b;
	t->nbuckets = n;
	for (uint32_t i = 0; i < t->len; i++) {
		uint32_t *s;

		if (t->pool[i].k.dst.addr.af == 0)
			continue;	/* free */
		s = kt_slot(t, &t->pool[i].k);
		t->pool[i].next = *s;
		*s = i;
	}
	return 0;
}

static int kt_alloc(struct ksync_table *t, uint32_t *idx)
{
	struct ksync_route *p;

	if (t->free != KT_NIL) {
		*idx = t->free;
		t->free = t->pool[*idx].next;
		return 0;
	}
	if (t->len == t->cap) {
		uint32_t cap = t->cap ? t->cap * 2 : 1024;

		if (cap <= t->cap)
			return -ENOMEM;
		p = realloc(t->pool, (size_t)cap * sizeof(*p));
		if (!p)
			return -ENOMEM;
		t->pool = p;
		t->cap = cap;
	}
	*idx = t->len++;
	return 0;
}

struct ksync_route *ksync_table_put(struct ksync_table *t, const struct ksync_key *k)
{
	uint32_t *link, idx;

	link = kt_find(t, k);
	if (*link != KT_NIL)
		return &t->pool[*link];
	if (kt_grow(t) || kt_alloc(t, &idx))
		return NULL;
	link = kt_slot(t, k);
	t->pool[idx] = (struct ksync_route){ .k = *k, .next = *link };
	*link = idx;
	t->count++;
	return &t->pool[idx];
}

static void kt_unlink(struct ksync_table *t, uint32_t *link)
{
	uint32_t idx = *link;

	*link = t->pool[idx].next;
	memset(&t->pool[idx].k, 0, sizeof(t->pool[idx].k));	/* af 0: free */
	t->pool[idx].next = t->free;
	t->free = idx;
	t->count--;
}

void ksync_table_del(struct ksync_table *t, const struct ksync_key *k)
{
	uint32_t *link = kt_find(t, k);

	if (*link != KT_NIL)
		kt_unlink(t, link);
}

void ksync_table_foreach(struct ksync_table *t, void (*fn)(struct ksync_route *, void *),
			 void *ctx)
{
	for (uint32_t i = 0; i < t->len; i++)
		if (t->pool[i].k.dst.addr.af)
			fn(&t->pool[i], ctx);
}

size_t ksync_table_sweep(struct ksync_table *t, uint32_t gen,
			 void (*fn)(const struct ksync_route *, void *), void *ctx)
{
	size_t gone = 0;

	for (uint32_t b = 0; b < t->nbuckets; b++) {
		uint32_t *link = &t->bucket[b];

		while (*link != KT_NIL) {
			if (t->pool[*link].gen == gen) {
				link = &t->pool[*link].next;
				continue;
			}
			if (fn)
				fn(&t->pool[*link], ctx);
			kt_unlink(t, link);
			gone++;
		}
	}
	return gone;
}

size_t ksync_table_count(const struct ksync_table *t)
{
	return t->count;
}

/* ---- nexthop objects ---- */

/* Index of id, or where it would go. */
static size_t nhs_pos(const struct ksync_nhs *s, uint32_t id)
{
	size_t lo = 0, hi = s->n;

	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;

		if (s->v[mid].nh.id < id)
			lo = mid + 1;
		else
			hi = mid;
	}
	return lo;
}

const struct rtnl_nexthop *ksync_nhs_get(const struct ksync_nhs *s, uint32_t id)
{
	size_t i = nhs_pos(s, id);

	return i < s->n && s->v[i].nh.id == id ? &s->v[i].nh : NULL;
}

/* Do two nexthop objects send traffic the same way? */
static bool nhs_same(const struct rtnl_nexthop *a, const struct rtnl_nexthop *b)
{
	return a->blackhole == b->blackhole && a->unsupported == b->unsupported &&
	       a->too_many == b->too_many && a->n_grp == b->n_grp &&
	       a->nh.ifindex == b->nh.ifindex && xr_ip_eq(&a->nh.gw, &b->nh.gw) &&
	       !memcmp(a->grp, b->grp, a->n_grp * sizeof(a->grp[0]));
}

int ksync_nhs_put(struct ksync_nhs *s, const struct rtnl_nexthop *nh, uint32_t gen)
{
	size_t i = nhs_pos(s, nh->id);
	int ret;

	if (i < s->n && s->v[i].nh.id == nh->id) {
		ret = nhs_same(&s->v[i].nh, nh) ? 2 : 1;
		s->v[i].nh = *nh;
		s->v[i].gen = gen;
		return ret;
	}
	if (s->n == s->cap) {
		size_t cap = s->cap ? s->cap * 2 : 64;
		struct ksync_nh *v = realloc(s->v, cap * sizeof(*v));

		if (!v)
			return -ENOMEM;
		s->v = v;
		s->cap = cap;
	}
	memmove(&s->v[i + 1], &s->v[i], (s->n - i) * sizeof(*s->v));
	s->v[i].nh = *nh;
	s->v[i].gen = gen;
	s->n++;
	return 0;
}

void ksync_nhs_del(struct ksync_nhs *s, uint32_t id)
{
	size_t i = nhs_pos(s, id);

	if (i < s->n && s->v[i].nh.id == id) {
		memmove(&s->v[i], &s->v[i + 1], (s->n - i - 1) * sizeof(*s->v));
		s->n--;
	}
}

size_t ksync_nhs_sweep(struct ksync_nhs *s, uint32_t gen)
{
	size_t j = 0, n = s->n;

	for (size_t i = 0; i < n; i++)
		if (s->v[i].gen == gen)
			s->v[j++] = s->v[i];
	s->n = j;
	return n - j;
}

void ksync_nhs_clear(struct ksync_nhs *s)
{
	free(s->v);
	*s = (struct ksync_nhs){ 0 };
}

/* A nexthop object's next hops: its own, or its group's members'. */
static int nhs_members(const struct ksync_nhs *s, uint32_t id, struct rtnl_nh *out,
		       unsigned *n, bool *blackhole)
{
	const struct rtnl_nexthop *nh = ksync_nhs_get(s, id), *m;

	if (!nh)
		return KSYNC_WHY_NHID;
	if (nh->unsupported)
		return KSYNC_WHY_UNSUPPORTED;
	if (nh->too_many)
		return KSYNC_WHY_TOO_MANY;
	*blackhole = nh->blackhole;
	if (!nh->n_grp) {
		out[(*n)++] = nh->nh;
		return KSYNC_OK;
	}
	for (unsigned i = 0; i < nh->n_grp; i++) {
		m = ksync_nhs_get(s, nh->grp[i].id);
		if (!m)
			return KSYNC_WHY_NHID;
		if (m->unsupported || m->n_grp || m->blackhole)
			return KSYNC_WHY_UNSUPPORTED;	/* groups do not nest */
		out[*n] = m->nh;
		out[(*n)++].weight = nh->grp[i].weight;
	}
	return KSYNC_OK;
}

int ksync_members(const struct ksync_nhs *s, const struct rtnl_route *r,
		  struct rtnl_nh *out, unsigned *n, bool *blackhole)
{
	*blackhole = false;
	*n = 0;
	if (r->unsupported)
		return KSYNC_WHY_UNSUPPORTED;
	if (r->nhid)
		return nhs_members(s, r->nhid, out, n, blackhole);
	if (r->too_many)
		return KSYNC_WHY_TOO_MANY;
	if (!r->n_nh)
		return KSYNC_WHY_NO_NH;
	memcpy(out, r->nh, r->n_nh * sizeof(*out));
	*n = r->n_nh;
	return KSYNC_OK;
}
