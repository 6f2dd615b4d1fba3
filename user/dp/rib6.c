// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The IPv6 routing table (rib6.h).  Each prefix/len has a chain of routes
 * sorted by metric whose head, the winner, is what the FIB holds (the DXR
 * table, fib6dxr.c, or the trie, fib6.c, whichever the tables are); a hash
 * with separate chaining finds a prefix's head.  Routes are kept in the
 * API's own form (struct rib_route): the IPv6 table is smaller than the
 * IPv4 one by an order of magnitude, so the compact pool rib.c needs for
 * a million restarted routes is not worth a second copy here.
 *
 * Changes reach the FIB in an order that never opens a gap, as in rib.c:
 * a new winner is written over the old one, and a prefix's last route is
 * replaced by its longest shorter covering route in one pass.
 */
#include <endian.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>

#include "fib6.h"
#include "fib6dxr.h"
#include "nhgroup.h"
#include "rib6.h"

#define R6_BUCKETS0	1024u

struct r6_ent {
	struct rib_route r;
	uint32_t nh;
	struct r6_ent *next;	/* same prefix, higher metric */
	struct r6_ent *hnext;	/* next chain head in the bucket */
};

/* Routes are allocated R6_SLAB at a time: one malloc() and page fault
 * per route was a fifth of loading 230,000 of them. */
#define R6_SLAB		1024u

struct r6_slab {
	struct r6_slab *next;
	struct r6_ent e[R6_SLAB];
};

struct rib6 {
	struct rib_tables t;	/* the arrays, for reading back as XDP does */
	struct fib6 *fib;		/* the trie, or */
	struct fib6dxr *dxr;		/* the DXR table */
	struct nh_table *nh;
	const struct nhg_table *g;	/* NULL: no ECMP groups */
	struct r6_ent **bucket;
	uint32_t nbuckets;	/* a power of 2 */
	uint32_t nkeys;
	size_t nroutes;
	struct r6_ent **conn;	/* proto KERNEL routes: every gateway resolves through them */
	uint32_t nconn, conn_cap;
	struct r6_slab *slabs;	/* the newest first; its used entries: slab_used */
	uint32_t slab_used;
	struct r6_ent *free_ents;	/* freed routes, chained by next */
};

/* ---- prefix hash ---- */

static uint32_t r6_hash(const struct xr_prefix *p)
{
	return xr_ip_hash(&p->addr) ^ (uint32_t)p->len * 0x9e3779b9u;
}

static bool r6_same(const struct xr_prefix *a, const struct xr_prefix *b)
{
	return a->len == b->len && !memcmp(a->addr.b, b->addr.b, sizeof(a->addr.b));
}

/* The bucket slot holding prefix p's chain head (*slot is NULL if none). */
static struct r6_ent **r6_slot(const struct rib6 *r, const struct xr_prefix *p)
{
	struct r6_ent **s = &r->bucket[r6_hash(p) & (r->nbuckets - 1)];

	while (*s && !r6_same(&(*s)->r.dst, p))
		s = &(*s)->hnext;
	return s;
}

static struct r6_ent *r6_head(const struct rib6 *r, const struct xr_prefix *p)
{
	return *r6_slot(r, p);
}

/* Rehash into n buckets (a power of 2). */
static int r6_resize(struct rib6 *r, uint32_t n)
{
	struct r6_ent **b, *e, *next;
	uint32_t i;

	b = calloc(n, sizeof(*b));
	if (!b)
		return -ENOMEM;
	for (i = 0; i < r->nbuckets; i++) {
		for (e = r->bucket[i]; e; e = next) {
			next = e->hnext;
			e->hnext = b[r6_hash(&e->r.dst) & (n - 1)];
			b[r6_hash(&e->r.dst) & (n - 1)] = e;
		}
	}
	free(r->bucket);
	r->bucket = b;
	r->nbuckets = n;
	return 0;
}

/* Double the buckets once there are more keys than buckets. */
static int r6_grow(struct rib6 *r)
{
	return r->nkeys < r->nbuckets ? 0 : r6_resize(r, r->nbuckets * 2);
}

void rib6_reserve(struct rib6 *r, size_t n)
{
	uint32_t size = r->nbuckets;

	while (size < r->nkeys + n && size < (1u << 30))
		size *= 2;
	if (size > r->nbuckets)
		r6_resize(r, size);	/* no memory: grown step by step later */
}

/* ---- route entries ---- */

static struct r6_ent *r6_ent_new(struct rib6 *r)
{
	struct r6_slab *sl;
	struct r6_ent *e = r->free_ents;

	if (e) {
		r->free_ents = e->next;
	} else {
		if (!r->slabs || r->slab_used == R6_SLAB) {
			sl = malloc(sizeof(*sl));
			if (!sl)
				return NULL;
			sl->next = r->slabs;
			r->slabs = sl;
			r->slab_used = 0;
		}
		e = &r->slabs->e[r->slab_used++];
	}
	memset(e, 0, sizeof(*e));
	return e;
}

static void r6_ent_free(struct rib6 *r, struct r6_ent *e)
{
	e->next = r->free_ents;
	r->free_ents = e;
}

/* ---- connected routes ---- */

static int r6_conn_reserve(struct rib6 *r)
{
	struct r6_ent **v;
	uint32_t cap;

	if (r->nconn < r->conn_cap)
		return 0;
	cap = r->conn_cap ? r->conn_cap * 2 : 16;
	v = realloc(r->conn, cap * sizeof(*v));
	if (!v)
		return -ENOMEM;
	r->conn = v;
	r->conn_cap = cap;
	return 0;
}

static void r6_conn_del(struct rib6 *r, const struct r6_ent *e)
{
	uint32_t i;

	for (i = 0; i < r->nconn; i++) {
		if (r->conn[i] == e) {
			r->conn[i] = r->conn[--r->nconn];
			return;
		}
	}
}

/* Winner of the longest prefix shorter than p covering it; 0 if none. */
static uint32_t r6_cover(const struct rib6 *r, const struct xr_prefix *p, uint8_t *clen)
{
	struct xr_prefix q = *p;
	const struct r6_ent *e;
	int l;

	for (l = p->len - 1; l >= 0; l--) {
		q.len = l;
		q = xr_prefix_masked(&q);
		e = r6_head(r, &q);
		if (e) {
			*clen = l;
			return e->nh;
		}
	}
	*clen = 0;
	return 0;
}

/* ---- life cycle ---- */

struct rib6 *rib6_new(const struct rib_tables *t, struct nh_table *nh, bool adopt,
		      uint8_t *live, size_t *prefixes)
{
	struct rib6 *r = calloc(1, sizeof(*r));

	if (!r)
		return NULL;
	r->t = *t;
	r->nh = nh;
	r->nbuckets = R6_BUCKETS0;
	r->bucket = calloc(r->nbuckets, sizeof(*r->bucket));
	if (t->fib6x_direct) {
		struct fib6dxr_tables x = { t->fib6x_direct, t->fib6x_words, t->fib6x_nwords };

		r->dxr = fib6dxr_new(&x, adopt);
	} else {
		r->fib = fib6_new(t->fib6_direct, t->fib6_nodes, t->fib6_nnodes, adopt);
	}
	if (!r->bucket || (!r->fib && !r->dxr)) {
		rib6_free(r);
		return NULL;
	}
	if (adopt && live) {
		size_t n = r->dxr ? fib6dxr_mark_nh(r->dxr, live) : fib6_mark_nh(r->fib, live);

		if (prefixes)
			*prefixes = n;
	}
	return r;
}

void rib6_set_groups(struct rib6 *r, const struct nhg_table *g)
{
	r->g = g;
}

void rib6_free(struct rib6 *r)
{
	struct r6_slab *sl, *next;

	if (!r)
		return;
	for (sl = r->slabs; sl; sl = next) {
		next = sl->next;
		free(sl);
	}
	free(r->bucket);
	free(r->conn);
	fib6_free(r->fib);
	fib6dxr_free(r->dxr);
	free(r);
}

/*
 * What an adopted leaf should hold now: the winner of its own prefix if
 * re-added, else of the longest covering one, else nothing.
 */
static uint32_t r6_fix_entry(const uint8_t addr[16], uint32_t e, void *ctx)
{
	const struct rib6 *r = ctx;
	struct xr_prefix p = { .addr = { .af = AF_INET6 }, .len = fib6_depth(e) };
	const struct r6_ent *h;
	uint32_t nh;
	uint8_t clen;

	if (p.len > 128)
		return 0;
	memcpy(p.addr.b, addr, 16);
	p = xr_prefix_masked(&p);
	h = r6_head(r, &p);
	if (h)
		return XR_FIB6_ENTRY(h->nh, p.len);
	nh = r6_cover(r, &p, &clen);
	return nh ? XR_FIB6_ENTRY(nh, clen) : 0;
}

void rib6_defer(struct rib6 *r)
{
	if (r->dxr)
		fib6dxr_defer(r->dxr);
}

int rib6_commit(struct rib6 *r)
{
	return r->dxr ? fib6dxr_commit(r->dxr) : 0;
}

void rib6_adopt_done(struct rib6 *r)
{
	if (r->dxr)
		fib6dxr_adopt_done(r->dxr);
	else
		fib6_sweep(r->fib, r6_fix_entry, r);
}

/* ---- changes ---- */

/* The gateway's egress: a connected route holding it, or dev for a link-local one. */
int rib6_resolve_gw(const struct rib6 *r, const struct xr_ip *gw, uint32_t *ifid)
{
	const struct r6_ent *best = NULL, *e;
	uint32_t i;

	if (gw->b[0] == 0xfe && (gw->b[1] & 0xc0) == 0x80)
		return *ifid ? 0 : -EINVAL;	/* link-local: on the link dev names */
	for (i = 0; i < r->nconn; i++) {
		e = r->conn[i];
		if (!xr_prefix_contains(&e->r.dst, gw) || (*ifid && e->r.ifid != *ifid))
			continue;
		if (!best || e->r.dst.len > best->r.dst.len)
			best = e;
	}
	if (!best)
		return -ENETUNREACH;
	*ifid = best->r.ifid;
	return 0;
}

static bool r6_has_gw(const struct rib_route *rt)
{
	return rt->gw.af && !xr_ip_is_zero(&rt->gw);
}

static int r6_check(const struct rib6 *r, struct rib_route *rt)
{
	if (rt->dst.len > 128 || rt->type == XR_NH_NONE || rt->type >= XR_NH_TYPE_MAX ||
	    rt->proto > RIB_PROTO_KRT)
		return -EINVAL;
	if (rt->proto != RIB_PROTO_KRT)
		rt->kproto = 0;
	if (rt->gw.af && rt->gw.af != AF_INET6)
		return -EINVAL;
	rt->dst = xr_prefix_masked(&rt->dst);
	if (!r6_has_gw(rt)) {
		rt->gw = (struct xr_ip){ .af = 0 };
		return 0;
	}
	return rib6_resolve_gw(r, &rt->gw, &rt->ifid);
}

static int r6_nh_get(struct rib6 *r, const struct rib_route *rt, uint32_t *nh)
{
	return nh_get(r->nh, rt->type, rt->ifid, rt->gw.af ? &rt->gw : NULL, nh);
}

static int r6_fib_insert(struct rib6 *r, const struct xr_prefix *p, uint32_t nh)
{
	if (r->dxr)
		return fib6dxr_insert(r->dxr, p->addr.b, p->len, nh);
	return fib6_insert(r->fib, p->addr.b, p->len, nh);
}

/* Withdraw p: its addresses fall to the longest covering prefix. */
static void r6_fib_remove(struct rib6 *r, const struct xr_prefix *p)
{
	uint8_t clen;
	uint32_t cover;

	if (r->dxr) {
		fib6dxr_remove(r->dxr, p->addr.b, p->len);
		return;
	}
	cover = r6_cover(r, p, &clen);
	fib6_remove(r->fib, p->addr.b, p->len, cover, clen);
}

/* Overwrite route e (same prefix and metric) with rt. */
static int r6_replace(struct rib6 *r, struct r6_ent *e, bool winner, const struct rib_route *rt)
{
	uint32_t nh, old = e->nh;
	int err = r6_nh_get(r, rt, &nh);

	if (err)
		return err;
	/*
	 * The trie has the nodes already; the DXR table writes fresh blocks
	 * and may be full: then the route stays as it was.
	 */
	if (winner && nh != old) {
		err = r6_fib_insert(r, &rt->dst, nh);
		if (err) {
			nh_put(r->nh, nh);
			return err;
		}
	}
	if (e->r.proto == RIB_PROTO_KERNEL && rt->proto != RIB_PROTO_KERNEL)
		r6_conn_del(r, e);
	else if (e->r.proto != RIB_PROTO_KERNEL && rt->proto == RIB_PROTO_KERNEL)
		r->conn[r->nconn++] = e;
	e->r = *rt;
	e->nh = nh;
	nh_put(r->nh, old);
	return 0;
}

/* Chain a new entry e in front of *link, installing it if it becomes the head. */
static int r6_link(struct rib6 *r, struct r6_ent **slot, struct r6_ent **link, struct r6_ent *e)
{
	int err;

	if (link == slot) {
		err = r6_fib_insert(r, &e->r.dst, e->nh);
		if (err)
			return err;
		if (*slot) {
			e->hnext = (*slot)->hnext;
		} else {
			e->hnext = NULL;
			r->nkeys++;
		}
	}
	e->next = *link;
	*link = e;
	if (e->r.proto == RIB_PROTO_KERNEL)
		r->conn[r->nconn++] = e;
	r->nroutes++;
	return 0;
}

/*
 * A chain's order, as IPv4's (rib.c): by metric, and on a tie a
 * kernel-synced route after the other, so the xrouterctl route wins.
 */
static uint64_t r6_rank(const struct rib_route *rt)
{
	return (uint64_t)rt->metric << 1 | (rt->proto == RIB_PROTO_KRT);
}

int rib6_add(struct rib6 *r, const struct rib_route *route, bool replace)
{
	struct rib_route rt = *route;
	struct r6_ent **slot, **link, *e;
	uint32_t nh;
	int err;

	err = r6_check(r, &rt);
	if (!err)
		err = r6_grow(r);
	if (!err)
		err = r6_conn_reserve(r);
	if (err)
		return err;
	slot = r6_slot(r, &rt.dst);
	for (link = slot; *link && r6_rank(&(*link)->r) < r6_rank(&rt); link = &(*link)->next)
		;
	if (*link && r6_rank(&(*link)->r) == r6_rank(&rt))
		return replace ? r6_replace(r, *link, link == slot, &rt) : -EEXIST;
	err = r6_nh_get(r, &rt, &nh);
	if (err)
		return err;
	e = r6_ent_new(r);
	if (!e) {
		nh_put(r->nh, nh);
		return -ENOMEM;
	}
	e->r = rt;
	e->nh = nh;
	err = r6_link(r, slot, link, e);
	if (err) {
		r6_ent_free(r, e);
		nh_put(r->nh, nh);
	}
	return err;
}

/* Unlink *link (a route of the chain whose head sits in *slot) and withdraw it. */
static void r6_unlink(struct rib6 *r, struct r6_ent **slot, struct r6_ent **link)
{
	struct r6_ent *e = *link;

	if (link != slot) {
		*link = e->next;
	} else if (e->next) {
		/* The runner-up is written over the winner: no gap. */
		r6_fib_insert(r, &e->r.dst, e->next->nh);
		e->next->hnext = e->hnext;
		*slot = e->next;
	} else {
		*slot = e->hnext;
		r->nkeys--;
		r6_fib_remove(r, &e->r.dst);
	}
	if (e->r.proto == RIB_PROTO_KERNEL)
		r6_conn_del(r, e);
	nh_put(r->nh, e->nh);
	r6_ent_free(r, e);
	r->nroutes--;
}

/* A route of dst's chain: krt picks the kernel's of that metric, else a
 * route of xrouterctl's through gw (any when gw is NULL or unset). */
static int r6_del(struct rib6 *r, const struct xr_prefix *dst, const struct xr_ip *gw,
		  bool krt, uint32_t metric)
{
	struct xr_prefix p;
	struct r6_ent **slot, **link;
	bool any_gw = !gw || !gw->af;

	if (dst->len > 128 || (gw && gw->af && gw->af != AF_INET6))
		return -EINVAL;
	p = xr_prefix_masked(dst);
	slot = r6_slot(r, &p);
	for (link = slot; *link; link = &(*link)->next) {
		const struct rib_route *rt = &(*link)->r;

		if (krt ? rt->proto == RIB_PROTO_KRT && rt->metric == metric :
			  rt->proto != RIB_PROTO_KRT && (any_gw || xr_ip_eq(&rt->gw, gw)))
			break;
	}
	if (!*link)
		return -ESRCH;
	r6_unlink(r, slot, link);
	return 0;
}

int rib6_del(struct rib6 *r, const struct xr_prefix *dst, const struct xr_ip *gw)
{
	return r6_del(r, dst, gw, false, 0);
}

int rib6_del_krt(struct rib6 *r, const struct xr_prefix *dst, uint32_t metric)
{
	return r6_del(r, dst, NULL, true, metric);
}

/* Unlink route e, wherever it sits in its chain. */
static void r6_unlink_ent(struct rib6 *r, struct r6_ent *e)
{
	struct r6_ent **slot = r6_slot(r, &e->r.dst), **link;

	for (link = slot; *link && *link != e; link = &(*link)->next)
		;
	if (*link)
		r6_unlink(r, slot, link);
}

/* Delete every route gone() picks: picked first, so unlinking never skips one. */
static void r6_del_where(struct rib6 *r, bool (*gone)(const struct rib6 *, const struct r6_ent *,
						       uint32_t), uint32_t arg)
{
	struct r6_ent **v, *e, *c;
	size_t n = 0, i;
	uint32_t b;

	v = malloc((r->nroutes ? r->nroutes : 1) * sizeof(*v));
	if (!v)
		return;
	for (b = 0; b < r->nbuckets; b++)
		for (e = r->bucket[b]; e; e = e->hnext)
			for (c = e; c; c = c->next)
				if (gone(r, c, arg))
					v[n++] = c;
	for (i = 0; i < n; i++)
		r6_unlink_ent(r, v[i]);
	free(v);
}

static bool r6_on_ifid(const struct rib6 *r, const struct r6_ent *e, uint32_t ifid)
{
	return nhg_route_on(r->g, e->r.type, e->r.ifid, ifid);
}

static int r6_resolve_ip(const void *ctx, const struct xr_ip *gw, uint32_t *ifid)
{
	return rib6_resolve_gw(ctx, gw, ifid);
}

static bool r6_gw_lost(const struct rib6 *r, const struct r6_ent *e, uint32_t unused)
{
	uint32_t ifid = e->r.ifid;

	(void)unused;
	if (e->r.type == XR_NH_GROUP)
		return r->g && nhg_member_lost(r->g, e->r.ifid, r6_resolve_ip, r);
	return r6_has_gw(&e->r) && rib6_resolve_gw(r, &e->r.gw, &ifid) != 0;
}

void rib6_del_ifid(struct rib6 *r, uint32_t ifid)
{
	r6_del_where(r, r6_on_ifid, ifid);
}

void rib6_prune_unreachable_gw(struct rib6 *r)
{
	r6_del_where(r, r6_gw_lost, 0);
}

/* ---- queries ---- */

/*
 * What the DXR table forwards addr to, and the length of the longest
 * route holding it (the table keeps no lengths; 128 for a route adopted
 * and not re-added yet).
 */
static uint32_t r6_dxr_lookup(const struct rib6 *r, const struct xr_ip *addr, uint8_t *len)
{
	struct fib6dxr_tables x = { r->t.fib6x_direct, r->t.fib6x_words, r->t.fib6x_nwords };
	struct xr_prefix q = { .addr = *addr };
	int l;

	*len = 128;
	for (l = 128; l >= 0; l--) {
		q.len = l;
		q = xr_prefix_masked(&q);
		if (r6_head(r, &q)) {
			*len = l;
			break;
		}
	}
	return fib6dxr_lookup(&x, addr->b);
}

int rib6_get(const struct rib6 *r, const struct xr_ip *addr, struct rib_route *out,
	     uint32_t *nh_id)
{
	uint32_t e, nh;
	struct xr_prefix p = { .addr = *addr };
	const struct xr_nexthop *s;
	const struct r6_ent *h;

	if (r->dxr) {
		nh = r6_dxr_lookup(r, addr, &p.len);
	} else {
		e = fib6_lookup(r->t.fib6_direct, r->t.fib6_nodes, addr->b);
		nh = e & XR_FIB6_NH_MASK;
		p.len = fib6_depth(e) > 128 ? 128 : fib6_depth(e);
	}
	if (!nh || nh >= XR_NH_MAX)
		return -ENETUNREACH;
	*nh_id = nh;
	p = xr_prefix_masked(&p);
	h = r6_head(r, &p);
	if (h) {
		*out = h->r;
		return 0;
	}
	/* Adopted and not re-added yet: what the tables hold. */
	memset(out, 0, sizeof(*out));
	out->dst = p;
	s = &r->t.nexthops[nh];
	out->type = s->type;
	out->ifid = s->ifid;
	if (s->gw.af) {
		out->gw.af = AF_INET6;
		memcpy(out->gw.b, s->gw.b, 16);
	}
	return 0;
}

int rib6_lookup(const struct rib6 *r, const struct rib_route *want, unsigned match,
		struct rib_route *out)
{
	const struct r6_ent *e;
	struct xr_prefix p;

	if (want->dst.len > 128)
		return -ESRCH;
	p = xr_prefix_masked(&want->dst);
	for (e = r6_head(r, &p); e; e = e->next) {
		if ((match & RIB_MATCH_METRIC) && e->r.metric > want->metric)
			break;
		if ((match & RIB_MATCH_METRIC) && e->r.metric != want->metric)
			continue;
		if ((match & RIB_MATCH_GW) && !xr_ip_eq(&e->r.gw, &want->gw))
			continue;
		if ((match & RIB_MATCH_NOT_LOCAL) && e->r.proto == RIB_PROTO_LOCAL)
			continue;
		if ((match & RIB_MATCH_NOT_KRT) && e->r.proto == RIB_PROTO_KRT)
			continue;
		if (out)
			*out = e->r;
		return 0;
	}
	return -ESRCH;
}

/* A chain head with its sort key inline: comparing through the pointers
 * missed the cache on every step of a sort of the whole table. */
struct r6_key {
	uint64_t hi, lo;
	uint32_t len;
	const struct r6_ent *e;
};

/* Eight address bytes as one number in their order. */
static uint64_t r6_word(const uint8_t *b)
{
	uint64_t x;

	memcpy(&x, b, sizeof(x));
	return be64toh(x);
}

/* Prefix order, then length: what `route show` prints. */
static int r6_cmp(const void *a, const void *b)
{
	const struct r6_key *x = a, *y = b;

	if (x->hi != y->hi)
		return x->hi < y->hi ? -1 : 1;
	if (x->lo != y->lo)
		return x->lo < y->lo ? -1 : 1;
	return (int)x->len - (int)y->len;
}

int rib6_foreach(const struct rib6 *r, int (*fn)(const struct rib_route *, void *), void *ctx)
{
	const struct r6_ent *e, *c;
	struct r6_key *v;
	size_t n = 0, i;
	uint32_t b;
	int ret = 0;

	v = malloc((r->nkeys ? r->nkeys : 1) * sizeof(*v));
	if (!v)
		return -ENOMEM;
	for (b = 0; b < r->nbuckets; b++)
		for (e = r->bucket[b]; e; e = e->hnext)
			v[n++] = (struct r6_key){ r6_word(e->r.dst.addr.b), r6_word(e->r.dst.addr.b + 8),
						  e->r.dst.len, e };
	qsort(v, n, sizeof(*v), r6_cmp);
	for (i = 0; i < n && !ret; i++)
		for (c = v[i].e; c && !ret; c = c->next)
			ret = fn(&c->r, ctx);
	free(v);
	return ret;
}

size_t rib6_count(const struct rib6 *r)
{
	return r->nroutes;
}

void rib6_nodes(const struct rib6 *r, unsigned *used, unsigned *max)
{
	size_t u, m;

	if (!r->dxr) {
		*used = fib6_nodes_used(r->fib);
		*max = fib6_nodes_max(r->fib);
		return;
	}
	/* In the trie's 1 KiB nodes, the unit --fib6-nodes sizes both in. */
	fib6dxr_space(r->dxr, &u, &m);
	*used = (unsigned)((u + XR_F6X_NODE_WORDS - 1) / XR_F6X_NODE_WORDS);
	*max = (unsigned)(m / XR_F6X_NODE_WORDS);
}

void rib6_dxr_usage(const struct rib6 *r, struct fib6dxr_usage *u)
{
	if (r->dxr)
		fib6dxr_usage(r->dxr, u);
}
