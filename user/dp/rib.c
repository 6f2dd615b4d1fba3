/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The routing table.  Routes live in one pool; routes of the same
 * prefix/len form a chain sorted by metric whose head, the winner, is what
 * the FIB holds.  An open-addressing hash (linear probing, backward-shift
 * delete) maps prefix/len to the chain head, and holds the key itself, so
 * probing, growing and sorting never touch the pool: at a million routes
 * each random read is a cache and TLB miss, and a restarted daemon does
 * one per replayed line.  A million prefixes cost about 28 bytes each in
 * the pool plus 8-16 in the hash.  Connected routes are
 * also kept in a short list, since every gateway route is resolved
 * through them.
 *
 * Changes reach the FIB in an order that never opens a gap: a new winner
 * is written over the old one, and a prefix's last route is replaced by
 * its longest shorter covering route in one pass.
 *
 * This is the IPv4 table: routes are kept in the compact host-order form
 * below (a million of them are restarted through here), and the API's
 * family-carrying routes (rib.h) are converted at its edge, where a family
 * without a table yet is refused.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>
#include <sys/socket.h>

#include "dir24.h"
#include "dxr.h"
#include "fib6dxr.h"
#include "nexthop.h"
#include "nhgroup.h"
#include "rib.h"
#include "rib6.h"

#define RIB_NIL		UINT32_MAX
#define RIB_DEAD	0xff		/* len of a free pool entry */
#define RIB_HASH_BITS0	10
#define RIB_PREFETCH	16		/* entries ahead in a walk of the pool */
#define RIB_MATCH_KRT	0x80000000u	/* internal: only a proto KRT route */
/* A hash slot: prefix << 32 | len << 26 | (pool index + 1); 0 is empty. */
#define RIB_SLOT_IDX_BITS	26
#define RIB_POOL_MAX	((1u << RIB_SLOT_IDX_BITS) - 2)

/* An IPv4 route as the pool holds it: 20 bytes. */
struct rib4_route {
	uint32_t prefix;	/* host order, masked to len */
	uint8_t len;		/* 0..32 */
	uint8_t type;		/* enum xr_nh_type */
	uint8_t proto;		/* enum rib_proto */
	uint8_t kproto;		/* proto KRT: RTPROT_* */
	uint32_t ifid;
	uint32_t gw;		/* host order, 0 = on-link */
	uint32_t metric;
};

struct rib_ent {
	struct rib4_route r;
	uint32_t nh;
	uint32_t next;	/* next route of the prefix (higher metric), or next free */
};

struct rib {
	struct rib_tables t;
	struct dir24 *fib;
	struct dxr *dxr;		/* NULL: the fast path reads DIR-24-8 alone */
	struct rib6 *r6;		/* the IPv6 table; NULL: IPv6 refused */
	struct nh_table *nh;
	struct nhg_table *g;		/* ECMP groups; NULL: none */
	struct rib_ent *pool;
	uint32_t pool_len, pool_cap, pool_free;
	uint64_t *hash;		/* rib_slot() of each chain head; 0 = empty */
	uint8_t hash_bits;
	uint32_t nkeys;
	size_t nroutes;
	uint32_t *conn;		/* pool indices of proto KERNEL routes */
	uint32_t nconn, conn_cap;
};

/* ---- prefix hash ---- */

static uint32_t rib_home(const struct rib *rib, uint32_t prefix, uint8_t len)
{
	uint64_t k = (uint64_t)prefix << 6 | len;

	k ^= k >> 33;
	k *= 0xff51afd7ed558ccdull;
	k ^= k >> 33;
	return (uint32_t)k & ((1u << rib->hash_bits) - 1);
}

static uint64_t rib_slot(uint32_t prefix, uint8_t len, uint32_t idx)
{
	return (uint64_t)prefix << 32 | (uint64_t)len << RIB_SLOT_IDX_BITS | (idx + 1);
}

static uint32_t rib_slot_idx(uint64_t v)
{
	return (uint32_t)(v & ((1u << RIB_SLOT_IDX_BITS) - 1)) - 1;
}

static uint32_t rib_slot_prefix(uint64_t v)
{
	return v >> 32;
}

static uint8_t rib_slot_len(uint64_t v)
{
	return (v >> RIB_SLOT_IDX_BITS) & 0x3f;
}

/* Chain head of prefix/len or RIB_NIL; *pos is its hash slot or the free one to use. */
static uint32_t rib_find(const struct rib *rib, uint32_t prefix, uint8_t len, uint32_t *pos)
{
	uint32_t mask = (1u << rib->hash_bits) - 1, i;
	uint64_t key = rib_slot(prefix, len, 0) >> RIB_SLOT_IDX_BITS, v;

	for (i = rib_home(rib, prefix, len);; i = (i + 1) & mask) {
		v = rib->hash[i];
		if (!v)
			break;
		if (v >> RIB_SLOT_IDX_BITS == key) {
			if (pos)
				*pos = i;
			return rib_slot_idx(v);
		}
	}
	if (pos)
		*pos = i;
	return RIB_NIL;
}

/* Room for keys prefixes at a load of at most one half, so probes stay short. */
static int rib_hash_reserve_n(struct rib *rib, size_t keys)
{
	uint32_t old_size = 1u << rib->hash_bits, i, pos;
	uint64_t *old = rib->hash;
	uint8_t bits = rib->hash_bits;

	if (keys * 2 <= old_size)
		return 0;
	while (bits < 31 && ((size_t)1 << bits) < keys * 2)
		bits++;
	rib->hash = calloc((size_t)1 << bits, sizeof(*rib->hash));
	if (!rib->hash) {
		rib->hash = old;
		return -ENOMEM;
	}
	rib->hash_bits = bits;
	for (i = 0; i < old_size; i++) {
		if (!old[i])
			continue;
		rib_find(rib, rib_slot_prefix(old[i]), rib_slot_len(old[i]), &pos);
		rib->hash[pos] = old[i];
	}
	free(old);
	return 0;
}

static int rib_hash_reserve(struct rib *rib)
{
	return rib_hash_reserve_n(rib, (size_t)rib->nkeys + 1);
}

static void rib_hash_remove(struct rib *rib, uint32_t pos)
{
	uint32_t mask = (1u << rib->hash_bits) - 1, j = pos, home;
	uint64_t v;

	rib->hash[pos] = 0;
	for (;;) {
		j = (j + 1) & mask;
		v = rib->hash[j];
		if (!v)
			break;
		home = rib_home(rib, rib_slot_prefix(v), rib_slot_len(v));
		/* Move j back into the hole unless its home lies in (pos, j]. */
		if (((j - home) & mask) >= ((j - pos) & mask)) {
			rib->hash[pos] = rib->hash[j];
			rib->hash[j] = 0;
			pos = j;
		}
	}
	rib->nkeys--;
}

/* ---- pool and connected list ---- */

static int rib_ent_alloc(struct rib *rib, uint32_t *idx)
{
	struct rib_ent *p;
	uint32_t cap;

	if (rib->pool_free != RIB_NIL) {
		*idx = rib->pool_free;
		rib->pool_free = rib->pool[*idx].next;
		return 0;
	}
	if (rib->pool_len == RIB_POOL_MAX)
		return -ENOSPC;
	if (rib->pool_len == rib->pool_cap) {
		cap = rib->pool_cap ? rib->pool_cap * 2 : 1024;
		if (cap > RIB_POOL_MAX)
			cap = RIB_POOL_MAX;
		p = realloc(rib->pool, (size_t)cap * sizeof(*p));
		if (!p)
			return -ENOMEM;
		rib->pool = p;
		rib->pool_cap = cap;
	}
	*idx = rib->pool_len++;
	return 0;
}

static void rib_ent_release(struct rib *rib, uint32_t idx)
{
	rib->pool[idx].r.len = RIB_DEAD;
	rib->pool[idx].next = rib->pool_free;
	rib->pool_free = idx;
}

static int rib_conn_reserve(struct rib *rib)
{
	uint32_t cap, *p;

	if (rib->nconn < rib->conn_cap)
		return 0;
	cap = rib->conn_cap ? rib->conn_cap * 2 : 16;
	p = realloc(rib->conn, cap * sizeof(*p));
	if (!p)
		return -ENOMEM;
	rib->conn = p;
	rib->conn_cap = cap;
	return 0;
}

static void rib_conn_remove(struct rib *rib, uint32_t idx)
{
	uint32_t i;

	for (i = 0; i < rib->nconn; i++) {
		if (rib->conn[i] == idx) {
			rib->conn[i] = rib->conn[--rib->nconn];
			return;
		}
	}
}

/*
 * The connected route holding gw: the longest one, or the longest on
 * *ifid when that is set.  Fills *ifid.
 */
static int rib_resolve_gw(const struct rib *rib, uint32_t gw, uint32_t *ifid)
{
	const struct rib_ent *e, *best = NULL;
	uint32_t i;

	for (i = 0; i < rib->nconn; i++) {
		e = &rib->pool[rib->conn[i]];
		if ((gw & dir24_mask(e->r.len)) != e->r.prefix)
			continue;
		if (*ifid && e->r.ifid != *ifid)
			continue;
		if (!best || e->r.len > best->r.len)
			best = e;
	}
	if (!best)
		return -ENETUNREACH;
	*ifid = best->r.ifid;
	return 0;
}

/* Winner of the longest prefix shorter than len covering prefix; 0 if none. */
static uint32_t rib_cover(const struct rib *rib, uint32_t prefix, uint8_t len, uint8_t *clen)
{
	uint32_t head;
	int l;

	for (l = len - 1; l >= 0; l--) {
		head = rib_find(rib, prefix & dir24_mask(l), l, NULL);
		if (head != RIB_NIL) {
			*clen = l;
			return rib->pool[head].nh;
		}
	}
	*clen = 0;
	return 0;
}

/* ---- life cycle ---- */

/* The DXR table the fast path searches, if the caller mapped one. */
static int rib_dxr_new(struct rib *rib, const struct rib_tables *t, bool adopt)
{
	struct dxr_tables dt = { t->dxr_direct, t->dxr_ranges, t->dxr_nranges,
				 t->tbl24, t->tbl8 };

	if (!t->dxr_direct || !t->dxr_ranges)
		return 0;
	rib->dxr = dxr_new(&dt, adopt);
	if (!rib->dxr)
		return -ENOMEM;
	/* Adopted: compiled from the swept tables in rib_adopt_done(). */
	if (!adopt)
		dxr_build(rib->dxr);
	return 0;
}

struct rib *rib_new(const struct rib_tables *t, bool adopt)
{
	struct rib *rib = calloc(1, sizeof(*rib));
	uint8_t *live = NULL;

	if (!rib)
		return NULL;
	rib->t = *t;
	rib->pool_free = RIB_NIL;
	rib->hash_bits = RIB_HASH_BITS0;
	rib->hash = calloc(1u << RIB_HASH_BITS0, sizeof(*rib->hash));
	rib->fib = dir24_new(t->tbl24, t->tbl8, t->tbl8_groups, adopt);
	rib->nh = nh_new(t->nexthops);
	if (!rib->hash || !rib->fib || !rib->nh || rib_dxr_new(rib, t, adopt))
		goto err;
	if (t->nhgroups) {
		rib->g = nhg_new(t->nhgroups, t->ecmp_key, t->nexthops, rib->nh, adopt);
		if (!rib->g)
			goto err;
	}
	if (adopt) {
		live = calloc(XR_NH_MAX, 1);
		if (!live)
			goto err;
		/* Sized once for the routes about to be re-added: no rehash per doubling. */
		rib_hash_reserve_n(rib, dir24_mark_nh(rib->fib, live));
	}
	if ((t->fib6_direct && t->fib6_nodes) || (t->fib6x_direct && t->fib6x_words)) {
		rib->r6 = rib6_new(t, rib->nh, adopt, live, NULL);
		if (!rib->r6)
			goto err;
		rib6_set_groups(rib->r6, rib->g);
	}
	if (adopt && rib->g)
		nhg_mark_live(rib->g, live);
	if (adopt)
		nh_adopt(rib->nh, live);
	free(live);
	return rib;
err:
	free(live);
	rib_free(rib);
	errno = ENOMEM;
	return NULL;
}

/* The tables stay as they are: forwarding outlives the daemon. */
void rib_free(struct rib *rib)
{
	if (!rib)
		return;
	rib6_free(rib->r6);
	nhg_free(rib->g);
	nh_free(rib->nh);
	dxr_free(rib->dxr);
	dir24_free(rib->fib);
	free(rib->hash);
	free(rib->pool);
	free(rib->conn);
	free(rib);
}

struct rib_fix {
	const struct rib *rib;
	uint32_t in, prefix, out;
	bool have;
};

/*
 * What an adopted entry should hold now.  An entry of depth d at addr is
 * overwritten by any re-added route of length >= d covering it, so only
 * routes no longer than d can own it: the answer depends on addr/d alone,
 * which lets consecutive entries share one computation.
 */
static uint32_t rib_fix_entry(uint32_t addr, uint32_t e, void *ctx)
{
	struct rib_fix *f = ctx;
	uint8_t d = dir24_depth(e) > 32 ? 32 : dir24_depth(e), clen;
	uint32_t p = addr & dir24_mask(d), head, nh;

	if (f->have && f->in == e && f->prefix == p)
		return f->out;
	head = rib_find(f->rib, p, d, NULL);
	if (head != RIB_NIL)
		f->out = XR_FIB_ENTRY(f->rib->pool[head].nh, d);
	else if ((nh = rib_cover(f->rib, p, d, &clen)))
		f->out = XR_FIB_ENTRY(nh, clen);
	else
		f->out = 0;
	f->in = e;
	f->prefix = p;
	f->have = true;
	return f->out;
}

void rib_adopt_done(struct rib *rib)
{
	struct rib_fix fix = { .rib = rib };

	/* Routes the previous daemon had but nobody re-added go away first. */
	dir24_sweep(rib->fib, rib_fix_entry, &fix);
	if (rib->dxr)
		dxr_build(rib->dxr);
	if (rib->r6)
		rib6_adopt_done(rib->r6);
	nh_release_unused(rib->nh);
	if (rib->g)
		nhg_adopt_done(rib->g);
}

void rib_defer(struct rib *rib)
{
	nh_hold(rib->nh);
	if (rib->dxr)
		dxr_defer(rib->dxr);
	if (rib->r6)
		rib6_defer(rib->r6);
}

int rib_commit(struct rib *rib)
{
	int err = 0;

	if (rib->dxr)
		dxr_commit(rib->dxr);
	if (rib->r6)
		err = rib6_commit(rib->r6);
	nh_unhold(rib->nh);	/* only now do the tables stop naming them */
	return err;
}

void rib_reserve(struct rib *rib, size_t n)
{
	/* Failing is harmless: the hashes grow as they fill. */
	rib_hash_reserve_n(rib, (size_t)rib->nkeys + n);
	if (rib->r6)
		rib6_reserve(rib->r6, n);
}

void rib_set_resolver(struct rib *rib, nh_resolve_fn fn, void *ctx)
{
	nh_set_resolver(rib->nh, fn, ctx);
}

void rib_nh_l2_set(struct rib *rib, uint32_t ifid, const struct xr_ip *gw, const uint8_t *mac)
{
	nh_l2_set(rib->nh, ifid, gw, mac);
}

void rib_nh_sweep_used(struct rib *rib, nh_used_fn fn, void *ctx)
{
	nh_sweep_used(rib->nh, fn, ctx);
}

void rib_usage(const struct rib *rib, unsigned *groups, unsigned *nexthops)
{
	*groups = dir24_groups_used(rib->fib);
	*nexthops = nh_used(rib->nh);
}

void rib_dxr_usage(const struct rib *rib, struct dxr_usage *u)
{
	if (rib->dxr)
		dxr_usage(rib->dxr, u);
	else
		memset(u, 0, sizeof(*u));
}

void rib_fib6dxr_usage(const struct rib *rib, struct fib6dxr_usage *u)
{
	memset(u, 0, sizeof(*u));
	if (rib->r6)
		rib6_dxr_usage(rib->r6, u);
}

void rib_fib6_usage(const struct rib *rib, unsigned *used, unsigned *max)
{
	*used = *max = 0;
	if (rib->r6)
		rib6_nodes(rib->r6, used, max);
}

void rib_limits(const struct rib *rib, unsigned *groups, unsigned *nexthops)
{
	*groups = dir24_groups_max(rib->fib);
	*nexthops = XR_NH_MAX - 1;	/* slot 0 means "no route" */
}

/* ---- changes ---- */

/* DIR-24-8 first, then the /16s of the DXR table compiled from it. */
static int rib_fib_insert(struct rib *rib, uint32_t prefix, uint8_t len, uint32_t nh)
{
	int err = dir24_insert(rib->fib, prefix, len, nh);

	if (!err && rib->dxr)
		dxr_update(rib->dxr, prefix, len);
	return err;
}

static void rib_fib_remove(struct rib *rib, uint32_t prefix, uint8_t len,
			   uint32_t repl_nh, uint8_t repl_len)
{
	dir24_remove(rib->fib, prefix, len, repl_nh, repl_len);
	if (rib->dxr)
		dxr_update(rib->dxr, prefix, len);
}

static int rib_check(const struct rib *rib, struct rib4_route *r)
{
	if (r->len > 32 || r->type == XR_NH_NONE || r->type >= XR_NH_TYPE_MAX ||
	    r->proto > RIB_PROTO_KRT)
		return -EINVAL;
	r->prefix &= dir24_mask(r->len);
	if (r->proto != RIB_PROTO_KRT)
		r->kproto = 0;
	if (r->gw)
		return rib_resolve_gw(rib, r->gw, &r->ifid);
	return 0;
}

/* The next hop of r, with a reference. */
static int rib_nh_get(struct rib *rib, const struct rib4_route *r, uint32_t *nh)
{
	struct xr_ip gw = xr_ip4(r->gw);

	return nh_get(rib->nh, r->type, r->ifid, r->gw ? &gw : NULL, nh);
}

/* Overwrite route idx (same prefix, len, metric) with r. */
static int rib_replace(struct rib *rib, uint32_t idx, bool winner, const struct rib4_route *r)
{
	struct rib_ent *e = &rib->pool[idx];
	uint32_t nh, old_nh = e->nh;
	int err;

	err = rib_nh_get(rib, r, &nh);
	if (err)
		return err;
	/* The prefix is installed already: no tbl8 group to allocate, no failure. */
	if (winner && nh != old_nh)
		rib_fib_insert(rib, r->prefix, r->len, nh);
	if (e->r.proto == RIB_PROTO_KERNEL && r->proto != RIB_PROTO_KERNEL)
		rib_conn_remove(rib, idx);
	else if (e->r.proto != RIB_PROTO_KERNEL && r->proto == RIB_PROTO_KERNEL)
		rib->conn[rib->nconn++] = idx;
	e->r = *r;
	e->nh = nh;
	nh_put(rib->nh, old_nh);
	return 0;
}

/* Put a new route idx in front of cur (after prev), installing it if it wins. */
static int rib_link(struct rib *rib, uint32_t idx, uint32_t pos, uint32_t prev, uint32_t cur)
{
	struct rib_ent *e = &rib->pool[idx];
	int err;

	if (prev == RIB_NIL) {
		err = rib_fib_insert(rib, e->r.prefix, e->r.len, e->nh);
		if (err)
			return err;
		if (cur == RIB_NIL)
			rib->nkeys++;
		rib->hash[pos] = rib_slot(e->r.prefix, e->r.len, idx);
	} else {
		rib->pool[prev].next = idx;
	}
	e->next = cur;
	if (e->r.proto == RIB_PROTO_KERNEL)
		rib->conn[rib->nconn++] = idx;
	rib->nroutes++;
	return 0;
}

/*
 * A chain's order: by metric, and on a tie a kernel-synced route after
 * the other, so the xrouterctl route wins.  Equal ranks are one route.
 */
static uint64_t rib_rank(const struct rib4_route *r)
{
	return (uint64_t)r->metric << 1 | (r->proto == RIB_PROTO_KRT);
}

static int rib4_add(struct rib *rib, const struct rib4_route *r, bool replace)
{
	struct rib4_route nr = *r;
	uint32_t pos, head, prev = RIB_NIL, cur, idx, nh;
	int err;

	err = rib_check(rib, &nr);
	if (!err)
		err = rib_hash_reserve(rib);
	if (!err && nr.proto == RIB_PROTO_KERNEL)
		err = rib_conn_reserve(rib);
	if (err)
		return err;
	head = rib_find(rib, nr.prefix, nr.len, &pos);
	for (cur = head; cur != RIB_NIL && rib_rank(&rib->pool[cur].r) < rib_rank(&nr);
	     cur = rib->pool[cur].next)
		prev = cur;
	if (cur != RIB_NIL && rib_rank(&rib->pool[cur].r) == rib_rank(&nr)) {
		if (!replace)
			return -EEXIST;
		return rib_replace(rib, cur, cur == head, &nr);
	}
	err = rib_nh_get(rib, &nr, &nh);
	if (err)
		return err;
	err = rib_ent_alloc(rib, &idx);
	if (err)
		goto err_nh;
	rib->pool[idx].r = nr;
	rib->pool[idx].nh = nh;
	err = rib_link(rib, idx, pos, prev, cur);
	if (err)
		goto err_ent;
	return 0;
err_ent:
	rib_ent_release(rib, idx);
err_nh:
	nh_put(rib->nh, nh);
	return err;
}

/* Unlink route idx (chain head at hash slot pos, predecessor prev) and withdraw it. */
static void rib_unlink(struct rib *rib, uint32_t idx, uint32_t pos, uint32_t prev)
{
	struct rib_ent *e = &rib->pool[idx];
	uint32_t next = e->next, cover;
	uint8_t clen;

	if (prev != RIB_NIL) {
		rib->pool[prev].next = next;
	} else if (next != RIB_NIL) {
		/* The runner-up is written over the winner: no gap. */
		rib_fib_insert(rib, e->r.prefix, e->r.len, rib->pool[next].nh);
		rib->hash[pos] = rib_slot(e->r.prefix, e->r.len, next);
	} else {
		rib_hash_remove(rib, pos);
		cover = rib_cover(rib, e->r.prefix, e->r.len, &clen);
		rib_fib_remove(rib, e->r.prefix, e->r.len, cover, clen);
	}
	if (e->r.proto == RIB_PROTO_KERNEL)
		rib_conn_remove(rib, idx);
	nh_put(rib->nh, e->nh);
	rib_ent_release(rib, idx);
	rib->nroutes--;
}

/* The route of want's prefix/len that match (RIB_MATCH_*) picks, deleted. */
static bool rib_matches(const struct rib4_route *r, const struct rib4_route *want,
			unsigned match);

static int rib4_del(struct rib *rib, const struct rib4_route *want, unsigned match)
{
	uint32_t pos, cur, prev = RIB_NIL, prefix;

	if (want->len > 32)
		return -EINVAL;
	prefix = want->prefix & dir24_mask(want->len);
	cur = rib_find(rib, prefix, want->len, &pos);
	for (; cur != RIB_NIL; prev = cur, cur = rib->pool[cur].next)
		if (rib_matches(&rib->pool[cur].r, want, match))
			break;
	if (cur == RIB_NIL)
		return -ESRCH;
	rib_unlink(rib, cur, pos, prev);
	return 0;
}

/* Delete pool entry idx, wherever it sits in its chain. */
static void rib_del_index(struct rib *rib, uint32_t idx)
{
	const struct rib_ent *e = &rib->pool[idx];
	uint32_t pos, cur, prev = RIB_NIL;

	cur = rib_find(rib, e->r.prefix, e->r.len, &pos);
	for (; cur != RIB_NIL && cur != idx; cur = rib->pool[cur].next)
		prev = cur;
	if (cur == idx)
		rib_unlink(rib, idx, pos, prev);
}

void rib_del_ifid(struct rib *rib, uint32_t ifid)
{
	uint32_t i;

	if (rib->r6)
		rib6_del_ifid(rib->r6, ifid);
	for (i = 0; i < rib->pool_len; i++)
		if (rib->pool[i].r.len != RIB_DEAD &&
		    nhg_route_on(rib->g, rib->pool[i].r.type, rib->pool[i].r.ifid, ifid))
			rib_del_index(rib, i);
}

struct nhg_table *rib_groups(const struct rib *rib)
{
	return rib->g;
}

void rib_link_set(struct rib *rib, uint32_t ifid, bool up)
{
	if (rib->g)
		nhg_link_set(rib->g, ifid, up);
}

int rib_group_get(struct rib *rib, int af, struct nhg_member *m, unsigned n,
		  uint32_t *handle)
{
	int err = 0;

	if (!rib->g)
		return -EOPNOTSUPP;
	if (af == AF_INET6 && !rib->r6)
		return -EAFNOSUPPORT;
	for (unsigned i = 0; i < n && !err; i++) {
		if (!m[i].gw.af)
			continue;
		if (m[i].gw.af != af)
			return -EINVAL;
		if (af == AF_INET)
			err = rib_resolve_gw(rib, xr_ip4_host(&m[i].gw), &m[i].ifid);
		else
			err = rib6_resolve_gw(rib->r6, &m[i].gw, &m[i].ifid);
	}
	return err ? err : nhg_get(rib->g, af, m, n, handle);
}

static int rib4_resolve_ip(const void *ctx, const struct xr_ip *gw, uint32_t *ifid)
{
	return rib_resolve_gw(ctx, xr_ip4_host(gw), ifid);
}

void rib_prune_unreachable_gw(struct rib *rib)
{
	uint32_t i, ifid;

	if (rib->r6)
		rib6_prune_unreachable_gw(rib->r6);
	for (i = 0; i < rib->pool_len; i++) {
		if (rib->pool[i].r.len != RIB_DEAD && rib->pool[i].r.type == XR_NH_GROUP) {
			if (rib->g && nhg_member_lost(rib->g, rib->pool[i].r.ifid, rib4_resolve_ip, rib))
				rib_del_index(rib, i);
			continue;
		}
		if (rib->pool[i].r.len == RIB_DEAD || !rib->pool[i].r.gw)
			continue;
		ifid = rib->pool[i].r.ifid;
		if (rib_resolve_gw(rib, rib->pool[i].r.gw, &ifid))
			rib_del_index(rib, i);
	}
}

/* ---- queries ---- */

static int rib4_get(const struct rib *rib, uint32_t addr, struct rib4_route *out,
		    uint32_t *nh_id)
{
	uint32_t e = dir24_lookup(rib->t.tbl24, rib->t.tbl8, addr);
	uint32_t nh = e & XR_FIB_NH_MASK, head;
	uint8_t d = dir24_depth(e) > 32 ? 32 : dir24_depth(e);
	const struct xr_nexthop *s;

	if (!nh || nh >= XR_NH_MAX)
		return -ENETUNREACH;
	*nh_id = nh;
	head = rib_find(rib, addr & dir24_mask(d), d, NULL);
	if (head != RIB_NIL) {
		*out = rib->pool[head].r;
		return 0;
	}
	/* Adopted and not re-added yet: describe what the tables hold. */
	s = &rib->t.nexthops[nh];
	memset(out, 0, sizeof(*out));
	out->prefix = addr & dir24_mask(d);
	out->len = d;
	out->type = s->type;
	out->ifid = s->ifid;
	out->gw = s->gw.af ? ntohl(s->gw.v4) : 0;
	return 0;
}

static bool rib_matches(const struct rib4_route *r, const struct rib4_route *want,
			unsigned match)
{
	if ((match & RIB_MATCH_METRIC) && r->metric != want->metric)
		return false;
	if ((match & RIB_MATCH_GW) && r->gw != want->gw)
		return false;
	if ((match & RIB_MATCH_NOT_KRT) && r->proto == RIB_PROTO_KRT)
		return false;
	if ((match & RIB_MATCH_KRT) && r->proto != RIB_PROTO_KRT)
		return false;
	return !(match & RIB_MATCH_NOT_LOCAL) || r->proto != RIB_PROTO_LOCAL;
}

static int rib4_lookup(const struct rib *rib, const struct rib4_route *want, unsigned match,
		       struct rib4_route *out)
{
	uint32_t cur;

	if (want->len > 32)
		return -ESRCH;
	cur = rib_find(rib, want->prefix & dir24_mask(want->len), want->len, NULL);
	/* The chain is sorted by metric: past the wanted one, stop. */
	for (; cur != RIB_NIL; cur = rib->pool[cur].next) {
		const struct rib4_route *r = &rib->pool[cur].r;

		if ((match & RIB_MATCH_METRIC) && r->metric > want->metric)
			break;
		if (rib_matches(r, want, match)) {
			if (out)
				*out = *r;
			return 0;
		}
	}
	return -ESRCH;
}

struct rib_key {
	uint64_t key;	/* prefix << 32 | len: the walk's order */
	uint32_t head;	/* chain head: the prefix's routes by metric */
};

/* One LSD radix pass on byte b of the key; false if every key has the same byte. */
static bool rib_radix_pass(struct rib_key *v, struct rib_key *tmp, size_t n, unsigned b)
{
	size_t count[256] = { 0 }, pos = 0, c, i;

	for (i = 0; i < n; i++)
		count[(v[i].key >> (8 * b)) & 0xff]++;
	for (i = 0; i < 256; i++) {
		if (count[i] == n)
			return false;
		c = count[i];
		count[i] = pos;
		pos += c;
	}
	for (i = 0; i < n; i++)
		tmp[count[(v[i].key >> (8 * b)) & 0xff]++] = v[i];
	return true;
}

/*
 * Sort the prefixes by radix on their 40 significant key bits (the length,
 * then the prefix's four bytes): a million in a few tens of ms, where
 * qsort() over the routes took ~0.3 s, and state snapshots and `route
 * show` walk the whole table.
 */
static struct rib_key *rib_sorted_heads(const struct rib *rib, size_t *n)
{
	static const unsigned bytes[] = { 0, 4, 5, 6, 7 };
	uint32_t size = 1u << rib->hash_bits, i;
	struct rib_key *v, *tmp, *swap;
	size_t k = 0;

	v = malloc((rib->nkeys ? rib->nkeys : 1) * sizeof(*v));
	tmp = malloc((rib->nkeys ? rib->nkeys : 1) * sizeof(*tmp));
	if (!v || !tmp) {
		free(v);
		free(tmp);
		return NULL;
	}
	for (i = 0; i < size; i++) {
		if (!rib->hash[i])
			continue;
		v[k].key = (uint64_t)rib_slot_prefix(rib->hash[i]) << 32 | rib_slot_len(rib->hash[i]);
		v[k++].head = rib_slot_idx(rib->hash[i]);
	}
	for (i = 0; i < sizeof(bytes) / sizeof(bytes[0]); i++) {
		if (!rib_radix_pass(v, tmp, k, bytes[i]))
			continue;
		swap = v;
		v = tmp;
		tmp = swap;
	}
	free(tmp);
	*n = k;
	return v;
}

static int rib4_foreach(const struct rib *rib, int (*fn)(const struct rib4_route *, void *),
			void *ctx)
{
	struct rib_key *v;
	size_t i, n = 0;
	uint32_t cur;
	int ret = 0;

	v = rib_sorted_heads(rib, &n);
	if (!v)
		return -ENOMEM;
	for (i = 0; i < n && !ret; i++) {
		if (i + RIB_PREFETCH < n)
			__builtin_prefetch(&rib->pool[v[i + RIB_PREFETCH].head]);
		for (cur = v[i].head; cur != RIB_NIL && !ret; cur = rib->pool[cur].next)
			ret = fn(&rib->pool[cur].r, ctx);
	}
	free(v);
	return ret;
}

size_t rib_count(const struct rib *rib)
{
	return rib->nroutes + (rib->r6 ? rib6_count(rib->r6) : 0);
}

/* ---- the API's routes, of either family ---- */

/* 0 for a family with a table here, else why not. */
static int rib_family(int af)
{
	if (af == AF_INET)
		return 0;
	return af == AF_INET6 ? -EAFNOSUPPORT : -EINVAL;
}

/* A gateway of dst's family, host order; 0 on-link. */
static int rib4_gw(const struct xr_ip *gw, uint32_t *out)
{
	*out = 0;
	if (!gw || !gw->af)
		return 0;
	if (gw->af != AF_INET)
		return -EINVAL;
	*out = xr_ip4_host(gw);
	return 0;
}

/* Field by field, no clearing first: a million of these cross per restart. */
static int rib4_from(const struct rib_route *r, struct rib4_route *o)
{
	int err = rib_family(r->dst.addr.af);

	if (!err)
		err = rib4_gw(&r->gw, &o->gw);
	if (err)
		return err;
	o->prefix = xr_ip4_host(&r->dst.addr);
	o->len = r->dst.len;
	o->type = r->type;
	o->proto = r->proto;
	o->kproto = r->kproto;
	o->ifid = r->ifid;
	o->metric = r->metric;
	return 0;
}

static void rib4_to(const struct rib4_route *r, struct rib_route *o)
{
	o->dst.addr = xr_ip4(r->prefix);
	o->dst.len = r->len;
	o->gw = r->gw ? xr_ip4(r->gw) : (struct xr_ip){ .af = 0 };
	o->type = r->type;
	o->proto = r->proto;
	o->kproto = r->kproto;
	o->ifid = r->ifid;
	o->metric = r->metric;
}

/* The IPv6 table when af is IPv6 and there is one. */
static struct rib6 *rib_v6(const struct rib *rib, int af)
{
	return af == AF_INET6 ? rib->r6 : NULL;
}

int rib_add(struct rib *rib, const struct rib_route *r, bool replace)
{
	struct rib4_route r4;
	int err;

	if (rib_v6(rib, r->dst.addr.af))
		return rib6_add(rib->r6, r, replace);
	err = rib4_from(r, &r4);

	return err ? err : rib4_add(rib, &r4, replace);
}

int rib_del(struct rib *rib, const struct xr_prefix *dst, const struct xr_ip *gw)
{
	struct rib4_route want = { .len = dst->len };
	int err = rib_family(dst->addr.af);

	if (rib_v6(rib, dst->addr.af))
		return rib6_del(rib->r6, dst, gw);
	if (!err)
		err = rib4_gw(gw, &want.gw);
	if (err)
		return err;
	want.prefix = xr_ip4_host(&dst->addr);
	return rib4_del(rib, &want, RIB_MATCH_NOT_KRT | (want.gw ? RIB_MATCH_GW : 0));
}

int rib_del_krt(struct rib *rib, const struct xr_prefix *dst, uint32_t metric)
{
	struct rib4_route want = { .len = dst->len, .metric = metric };
	int err = rib_family(dst->addr.af);

	if (rib_v6(rib, dst->addr.af))
		return rib6_del_krt(rib->r6, dst, metric);
	if (err)
		return err;
	want.prefix = xr_ip4_host(&dst->addr);
	return rib4_del(rib, &want, RIB_MATCH_KRT | RIB_MATCH_METRIC);
}

int rib_get(const struct rib *rib, const struct xr_ip *addr, struct rib_route *out,
	    uint32_t *nh_id)
{
	struct rib4_route r4;
	int err = rib_family(addr->af);

	if (rib_v6(rib, addr->af))
		return rib6_get(rib->r6, addr, out, nh_id);
	if (!err)
		err = rib4_get(rib, xr_ip4_host(addr), &r4, nh_id);
	if (!err)
		rib4_to(&r4, out);
	return err;
}

int rib_lookup(const struct rib *rib, const struct rib_route *want, unsigned match,
	       struct rib_route *out)
{
	struct rib4_route w4, r4;
	int err;

	if (rib_v6(rib, want->dst.addr.af))
		return rib6_lookup(rib->r6, want, match, out);
	err = rib4_from(want, &w4);

	if (!err)
		err = rib4_lookup(rib, &w4, match, out ? &r4 : NULL);
	if (!err && out)
		rib4_to(&r4, out);
	return err;
}

struct rib_visit {
	int (*fn)(const struct rib_route *, void *);
	void *ctx;
};

static int rib_visit(const struct rib4_route *r4, void *ctx)
{
	struct rib_visit *v = ctx;
	struct rib_route r;

	rib4_to(r4, &r);
	return v->fn(&r, v->ctx);
}

int rib_foreach(const struct rib *rib, int (*fn)(const struct rib_route *, void *), void *ctx)
{
	struct rib_visit v = { fn, ctx };
	int ret = rib4_foreach(rib, rib_visit, &v);

	if (!ret && rib->r6)
		ret = rib6_foreach(rib->r6, fn, ctx);
	return ret;
}

static int rib_count_one(const struct rib_route *r, void *ctx)
{
	size_t *counts = ctx;

	counts[r->proto]++;
	return 0;
}

void rib_count_proto(const struct rib *rib, int af, size_t counts[RIB_PROTO_SLOTS])
{
	memset(counts, 0, RIB_PROTO_SLOTS * sizeof(*counts));
	if (af == AF_INET6 && rib->r6)
		rib6_foreach(rib->r6, rib_count_one, counts);
	if (af != AF_INET)
		return;
	/* The pool in its own order: no sort, one pass (a scrape of a million routes). */
	for (uint32_t i = 0; i < rib->pool_len; i++)
		if (rib->pool[i].r.len != RIB_DEAD)
			counts[rib->pool[i].r.proto]++;
}
