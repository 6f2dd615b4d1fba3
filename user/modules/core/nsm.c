// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The neighbour state machine for both families (see nsm.h).
 *
 * Entries live in one preallocated array (XR_NEIGH_MAX resolved plus
 * NSM_PENDING_MAX pending slots) chained into a seeded hash, so a flood of
 * solicitations or misses can neither exhaust memory nor pick our hash
 * chains.  Every timer is derived from timestamps in the entry and the
 * timers of its family; nsm_tick() walks the slots in use.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "nsm.h"
#include "trace.h"
#include "tracept.h"

#define NSM_SLOTS	(XR_NEIGH_MAX + NSM_PENDING_MAX + NSM_FAILED_MAX)
#define NSM_BUCKETS	32768u		/* power of two, >= NSM_SLOTS */
#define NSM_NIL		(-1)

enum ent_kind { ENT_FREE, ENT_PENDING, ENT_VALID, ENT_STATIC, ENT_FAILED };

struct qpkt {
	struct qpkt *next;
	uint32_t in_ifid;
	uint16_t trace;		/* tracept.h id of a traced packet, else 0 */
	size_t len;
	uint8_t data[];
};

struct ent {
	struct xr_ip ip;
	uint32_t ifid;
	uint8_t mac[ETH_ALEN];
	uint8_t kind;		/* enum ent_kind */
	uint8_t tries;		/* solicitations (pending) or refresh probes (valid) sent */
	int32_t next;		/* hash chain, or free list */
	unsigned qlen;
	struct qpkt *q;		/* oldest first */
	uint64_t confirmed_ns;
	uint64_t used_ns;
	uint64_t req_ns;	/* last solicitation sent for this target; failed: when */
};

struct nsm {
	struct nsm_ops ops;
	uint32_t seed;
	struct ent *ents;
	int32_t *buckets;
	int32_t free;
	uint32_t hiwater;	/* slots [0, hiwater) have been used */
	unsigned n_valid;	/* valid + static: what the fast path holds */
	unsigned n_pending;
	unsigned n_failed;
	unsigned n_queued;
};

const char *const nsm_state_names[NSM_STATE_MAX] = {
	[NSM_INCOMPLETE] = "INCOMPLETE",
	[NSM_REACHABLE] = "REACHABLE",
	[NSM_STALE] = "STALE",
	[NSM_PERMANENT] = "PERMANENT",
	[NSM_DELAY] = "DELAY",
	[NSM_PROBE] = "PROBE",
	[NSM_FAILED] = "FAILED",
};

/* ---- resolvers ---- */

static const struct nsm_timers nsm_timers_default = {
	.tries = NSM_TRIES,
	.retry_ns = NSM_RETRY_NS,
	.refresh_ns = NSM_REFRESH_NS,
	.probes = NSM_PROBES,
	.unicast_probes = NSM_UNICAST_PROBES,
	.idle_ns = NSM_IDLE_NS,
};

static const struct nsm_resolver *nsm_resolvers[2];	/* AF_INET, AF_INET6 */

static int nsm_af_slot(int af)
{
	return af == AF_INET ? 0 : af == AF_INET6 ? 1 : -1;
}

int nsm_resolver_register(const struct nsm_resolver *res)
{
	int i = nsm_af_slot(res->af);

	if (i < 0)
		return -EAFNOSUPPORT;
	nsm_resolvers[i] = res;
	return 0;
}

static const struct nsm_resolver *nsm_resolver_of(int af)
{
	int i = nsm_af_slot(af);

	return i < 0 ? NULL : nsm_resolvers[i];
}

static const struct nsm_timers *nsm_timers_of(const struct ent *e)
{
	const struct nsm_resolver *res = nsm_resolver_of(e->ip.af);

	return res && res->timers ? res->timers : &nsm_timers_default;
}

/* ---- table plumbing ---- */

static uint32_t mix_word(uint32_t h, uint32_t k)
{
	/* murmur3's block step: each word changes the state non-linearly */
	k *= 0xcc9e2d51u;
	k = (k << 15) | (k >> 17);
	k *= 0x1b873593u;
	h ^= k;
	h = (h << 13) | (h >> 19);
	return h * 5 + 0xe6546b64u;
}

static uint32_t hash_key(const struct nsm *n, uint32_t ifid, const struct xr_ip *ip)
{
	uint32_t h = mix_word(n->seed, ifid ^ ((uint32_t)ip->af << 24));
	uint32_t w;
	unsigned i;

	for (i = 0; i < sizeof(ip->b); i += sizeof(w)) {
		memcpy(&w, ip->b + i, sizeof(w));
		h = mix_word(h, w);
	}
	/* murmur3 finaliser: every input bit moves every output bit */
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h & (NSM_BUCKETS - 1);
}

static struct ent *ent_find(const struct nsm *n, uint32_t ifid, const struct xr_ip *ip)
{
	int32_t i;

	for (i = n->buckets[hash_key(n, ifid, ip)]; i != NSM_NIL; i = n->ents[i].next)
		if (n->ents[i].ifid == ifid && xr_ip_eq(&n->ents[i].ip, ip))
			return &n->ents[i];
	return NULL;
}

/* The count an entry of kind is in (static ones count as valid: the fast path holds them). */
static unsigned *ent_counter(struct nsm *n, uint8_t kind)
{
	if (kind == ENT_PENDING)
		return &n->n_pending;
	return kind == ENT_FAILED ? &n->n_failed : &n->n_valid;
}

/* Move e to kind, keeping the counts. */
static void ent_kind_set(struct nsm *n, struct ent *e, uint8_t kind)
{
	*ent_counter(n, e->kind) -= 1;
	*ent_counter(n, kind) += 1;
	e->kind = kind;
}

static struct ent *ent_alloc(struct nsm *n, uint32_t ifid, const struct xr_ip *ip,
			     enum ent_kind kind)
{
	uint32_t b = hash_key(n, ifid, ip);
	struct ent *e;
	int32_t i;

	if (n->free != NSM_NIL) {
		i = n->free;
		n->free = n->ents[i].next;
	} else if (n->hiwater < NSM_SLOTS) {
		i = (int32_t)n->hiwater++;
	} else {
		return NULL;
	}
	e = &n->ents[i];
	memset(e, 0, sizeof(*e));
	e->ifid = ifid;
	e->ip = *ip;
	e->kind = kind;
	e->next = n->buckets[b];
	n->buckets[b] = i;
	*ent_counter(n, kind) += 1;
	return e;
}

static void queue_drop_oldest(struct nsm *n, struct ent *e)
{
	struct qpkt *p = e->q;

	e->q = p->next;
	e->qlen--;
	n->n_queued--;
	free(p);
}

static void ent_free(struct nsm *n, struct ent *e)
{
	int32_t idx = (int32_t)(e - n->ents);
	int32_t *pp = &n->buckets[hash_key(n, e->ifid, &e->ip)];

	while (*pp != idx)
		pp = &n->ents[*pp].next;
	*pp = e->next;
	while (e->q)
		queue_drop_oldest(n, e);
	*ent_counter(n, e->kind) -= 1;
	e->kind = ENT_FREE;
	e->next = n->free;
	n->free = idx;
}

/* Forget an entry, removing it from the fast path if it is there. */
static void ent_remove(struct nsm *n, struct ent *e)
{
	if (e->kind == ENT_VALID || e->kind == ENT_STATIC)
		n->ops.remove(n->ops.ctx, e->ifid, &e->ip);
	ent_free(n, e);
}

/* Time since t; 0 if t is ahead (a fast-path stamp read after `now` was taken). */
static uint64_t age(uint64_t now, uint64_t t)
{
	return now > t ? now - t : 0;
}

static uint64_t ent_active_ns(const struct ent *e)
{
	return e->used_ns > e->confirmed_ns ? e->used_ns : e->confirmed_ns;
}

/* Entries the fast path never used go first (a flood's), then the idlest. */
static bool evict_before(const struct ent *x, const struct ent *y)
{
	if (!x->used_ns != !y->used_ns)
		return !x->used_ns;
	return ent_active_ns(x) < ent_active_ns(y);
}

/*
 * Room for one more resolved entry.  Learning never calls this (a full
 * table refuses it), but a next hop we resolve or a static entry may push
 * out the dynamic entry idle for longest.
 */
static int ent_make_room(struct nsm *n)
{
	struct ent *victim = NULL;
	uint32_t i;

	if (n->n_valid < XR_NEIGH_MAX)
		return 0;
	for (i = 0; i < n->hiwater; i++) {
		struct ent *e = &n->ents[i];

		if (e->kind == ENT_VALID && (!victim || evict_before(e, victim)))
			victim = e;
	}
	if (!victim)
		return -ENOSPC;
	ent_remove(n, victim);
	return 0;
}

struct nsm *nsm_create(const struct nsm_ops *ops, uint32_t seed)
{
	struct nsm *n = calloc(1, sizeof(*n));

	if (!n)
		goto err;
	n->ents = calloc(NSM_SLOTS, sizeof(*n->ents));
	n->buckets = malloc(NSM_BUCKETS * sizeof(*n->buckets));
	if (!n->ents || !n->buckets)
		goto err_free;
	memset(n->buckets, 0xff, NSM_BUCKETS * sizeof(*n->buckets));	/* NSM_NIL */
	n->ops = *ops;
	n->seed = seed;
	n->free = NSM_NIL;
	return n;
err_free:
	free(n->buckets);
	free(n->ents);
	free(n);
err:
	errno = ENOMEM;
	return NULL;
}

void nsm_destroy(struct nsm *n)
{
	uint32_t i;

	if (!n)
		return;
	for (i = 0; i < n->hiwater; i++)
		while (n->ents[i].kind != ENT_FREE && n->ents[i].q)
			queue_drop_oldest(n, &n->ents[i]);
	free(n->buckets);
	free(n->ents);
	free(n);
}

/* ---- state machine ---- */

/* One solicitation; a family without a resolver only counts the try. */
static void send_req(struct nsm *n, struct ent *e, const uint8_t *dst, uint64_t now)
{
	const struct nsm_resolver *res = nsm_resolver_of(e->ip.af);

	e->tries++;
	e->req_ns = now;
	if (res)
		res->solicit(n->ops.ctx, e->ifid, &e->ip, dst);
}

/*
 * A pending neighbour answered (or the operator named it): install it,
 * then release its queue in order.  On failure the entry and queue go.
 */
static int ent_resolved(struct nsm *n, struct ent *e, const uint8_t *mac, bool st,
			uint64_t now)
{
	struct qpkt *q = e->q;
	int err;

	/* Still pending here, so it cannot be its own victim. */
	err = ent_make_room(n);
	if (!err)
		err = n->ops.install(n->ops.ctx, e->ifid, &e->ip, mac, st);
	e->q = NULL;
	n->n_queued -= e->qlen;
	e->qlen = 0;
	ent_kind_set(n, e, st ? ENT_STATIC : ENT_VALID);
	memcpy(e->mac, mac, ETH_ALEN);
	e->confirmed_ns = now;
	e->used_ns = now;	/* the queued packets use it */
	e->tries = 0;
	while (q) {
		struct qpkt *next = q->next;
		uint16_t prev = tracept_begin(q->trace);

		tracept_note(err ? XR_TS_D_FAILED : XR_TS_D_RELEASED, 0, 0, e->ifid);
		if (!err)
			n->ops.xmit(n->ops.ctx, e->ifid, &e->ip, mac, q->data, q->len);
		tracept_end(prev);
		free(q);
		q = next;
	}
	if (err)
		ent_free(n, e);
	return err;
}

int nsm_confirm(struct nsm *n, uint32_t ifid, const struct xr_ip *ip,
		const uint8_t mac[ETH_ALEN], uint64_t now)
{
	struct ent *e = ent_find(n, ifid, ip);

	if (!e)
		return -ENOENT;
	if (e->kind == ENT_STATIC)
		return 0;	/* the operator's word wins over the wire's */
	if (e->kind == ENT_PENDING || e->kind == ENT_FAILED) {
		ent_kind_set(n, e, ENT_PENDING);	/* resolved at once: no bound to mind */
		ent_resolved(n, e, mac, false, now);
		return 0;
	}
	if (memcmp(e->mac, mac, ETH_ALEN)) {
		if (n->ops.install(n->ops.ctx, e->ifid, &e->ip, mac, false))
			return 0;
		memcpy(e->mac, mac, ETH_ALEN);
	}
	e->confirmed_ns = now;
	e->tries = 0;
	return 0;
}

int nsm_learn(struct nsm *n, uint32_t ifid, const struct xr_ip *ip,
	      const uint8_t mac[ETH_ALEN], uint64_t now)
{
	struct ent *e = ent_find(n, ifid, ip);
	int err;

	if (e && e->kind == ENT_FAILED)
		return nsm_confirm(n, ifid, ip, mac, now);	/* it speaks: alive after all */
	if (e)
		return -EEXIST;
	if (n->n_valid >= XR_NEIGH_MAX)
		return -ENOSPC;
	err = n->ops.install(n->ops.ctx, ifid, ip, mac, false);
	if (err)
		return err;
	e = ent_alloc(n, ifid, ip, ENT_VALID);
	if (!e)
		return -ENOSPC;
	memcpy(e->mac, mac, ETH_ALEN);
	e->confirmed_ns = now;
	/* Not used yet: it expires after the idle time unless traffic needs it. */
	return 0;
}

bool nsm_is_local(const struct nsm *n, uint32_t ifid, const struct xr_ip *ip)
{
	return n->ops.is_local(n->ops.ctx, ifid, ip);
}

static int queue_add(struct nsm *n, struct ent *e, uint32_t in_ifid,
		     const uint8_t *pkt, size_t len)
{
	struct qpkt *p, **pp;

	/*
	 * Beyond the cap the new packet goes, not the oldest as in Linux:
	 * traceroute sends its probes for every hop at once, lowest TTL
	 * first, and only the first ones reaching a host being resolved tell
	 * it at which hop the host is.  Keeping the newest would show the
	 * host several hops too far.
	 */
	if (e->qlen >= NSM_QUEUE_LEN || n->n_queued >= NSM_QUEUE_TOTAL_MAX)
		return -ENOBUFS;
	p = malloc(sizeof(*p) + len);
	if (!p)
		return -ENOBUFS;
	p->next = NULL;
	p->in_ifid = in_ifid;
	p->trace = tracept_id;
	p->len = len;
	memcpy(p->data, pkt, len);
	for (pp = &e->q; *pp; pp = &(*pp)->next)
		;
	*pp = p;
	e->qlen++;
	n->n_queued++;
	return 0;
}

int nsm_resolve(struct nsm *n, uint32_t ifid, const struct xr_ip *ip, uint32_t in_ifid,
		const uint8_t *pkt, size_t len, uint64_t now)
{
	struct ent *e = ent_find(n, ifid, ip);
	int err;

	if (len > NSM_QUEUE_PKT_MAX)
		return -EINVAL;
	if (e && (e->kind == ENT_VALID || e->kind == ENT_STATIC)) {
		/* The fast path lost or has not yet seen it: write it again. */
		n->ops.install(n->ops.ctx, ifid, ip, e->mac, e->kind == ENT_STATIC);
		n->ops.xmit(n->ops.ctx, ifid, ip, e->mac, pkt, len);
		return 0;
	}
	if (!e || e->kind == ENT_FAILED) {
		if (!nsm_resolver_of(ip->af))
			return -EAFNOSUPPORT;
		if (n->n_pending >= NSM_PENDING_MAX)
			return -ENOBUFS;
	}
	if (!e) {
		e = ent_alloc(n, ifid, ip, ENT_PENDING);
		if (!e)
			return -ENOBUFS;
	} else if (e->kind == ENT_FAILED) {
		/* New traffic tries again, as Linux does: INCOMPLETE from FAILED. */
		ent_kind_set(n, e, ENT_PENDING);
		e->tries = 0;
	}
	err = queue_add(n, e, in_ifid, pkt, len);
	tracept_resolve(ifid, ip, err);
	if (e->tries == 0)
		send_req(n, e, NULL, now);
	return err;
}

void nsm_used(struct nsm *n, uint32_t ifid, const struct xr_ip *ip, uint64_t used_ns)
{
	struct ent *e = ent_find(n, ifid, ip);

	if (e && (e->kind == ENT_VALID || e->kind == ENT_STATIC) && used_ns > e->used_ns)
		e->used_ns = used_ns;
}

/*
 * Resolution or refresh failed: out of the fast path, kept as FAILED (ip
 * neigh's word) for the idle time so `neigh show` tells why traffic to it
 * goes nowhere; forgotten at once if NSM_FAILED_MAX are kept already (a
 * scan of dead addresses must not crowd out anything).
 */
static void ent_fail(struct nsm *n, struct ent *e, uint64_t now)
{
	if (n->n_failed >= NSM_FAILED_MAX) {
		ent_remove(n, e);
		return;
	}
	if (e->kind == ENT_VALID)
		n->ops.remove(n->ops.ctx, e->ifid, &e->ip);
	ent_kind_set(n, e, ENT_FAILED);
	memset(e->mac, 0, ETH_ALEN);
	e->tries = 0;
	e->req_ns = now;
}

/* Every solicitation went unanswered: tell each queued sender. */
static void pending_fail(struct nsm *n, struct ent *e, uint64_t now)
{
	while (e->q) {
		struct qpkt *p = e->q;
		uint16_t prev = tracept_begin(p->trace);

		tracept_note(XR_TS_D_FAILED, 0, 0, e->ifid);
		n->ops.unreach(n->ops.ctx, p->in_ifid, p->data, p->len);
		tracept_end(prev);
		queue_drop_oldest(n, e);
	}
	ent_fail(n, e, now);
}

static void tick_pending(struct nsm *n, struct ent *e, uint64_t now)
{
	const struct nsm_timers *t = nsm_timers_of(e);

	if (age(now, e->req_ns) < t->retry_ns)
		return;
	if (e->tries < t->tries)
		send_req(n, e, NULL, now);
	else
		pending_fail(n, e, now);
}

static bool ent_in_use(const struct ent *e, const struct nsm_timers *t, uint64_t now)
{
	return e->used_ns && age(now, e->used_ns) < t->refresh_ns;
}

static void tick_valid(struct nsm *n, struct ent *e, uint64_t now)
{
	const struct nsm_timers *t = nsm_timers_of(e);

	if (age(now, ent_active_ns(e)) >= t->idle_ns) {
		ent_remove(n, e);
		return;
	}
	if (!ent_in_use(e, t, now) || age(now, e->confirmed_ns) < t->refresh_ns ||
	    age(now, e->req_ns) < t->retry_ns)
		return;
	if (e->tries >= t->probes) {
		/* Gone: next traffic resolves afresh and gets Host Unreachable. */
		ent_fail(n, e, now);
		return;
	}
	send_req(n, e, e->tries < t->unicast_probes ? e->mac : NULL, now);
}

void nsm_tick(struct nsm *n, uint64_t now)
{
	uint32_t i;

	for (i = 0; i < n->hiwater; i++) {
		struct ent *e = &n->ents[i];

		if (e->kind == ENT_PENDING)
			tick_pending(n, e, now);
		else if (e->kind == ENT_VALID)
			tick_valid(n, e, now);
		else if (e->kind == ENT_FAILED && age(now, e->req_ns) >= nsm_timers_of(e)->idle_ns)
			ent_free(n, e);
	}
}

static uint64_t ent_deadline(const struct ent *e, uint64_t now)
{
	const struct nsm_timers *t = nsm_timers_of(e);
	uint64_t d;

	if (e->kind == ENT_PENDING)
		return e->req_ns + t->retry_ns;
	if (e->kind == ENT_FAILED)
		return e->req_ns + t->idle_ns;
	d = ent_active_ns(e) + t->idle_ns;
	if (ent_in_use(e, t, now)) {
		uint64_t r = e->confirmed_ns + t->refresh_ns;

		if (r < e->req_ns + t->retry_ns)
			r = e->req_ns + t->retry_ns;
		if (r < d)
			d = r;
	}
	return d;
}

uint64_t nsm_next_deadline(const struct nsm *n, uint64_t now)
{
	uint64_t t = UINT64_MAX;
	uint32_t i;

	for (i = 0; i < n->hiwater; i++) {
		const struct ent *e = &n->ents[i];
		uint64_t d;

		if (e->kind != ENT_PENDING && e->kind != ENT_VALID && e->kind != ENT_FAILED)
			continue;
		d = ent_deadline(e, now);
		if (d < t)
			t = d;
	}
	return t;
}

/* ---- operator's entries ---- */

int nsm_static_add(struct nsm *n, uint32_t ifid, const struct xr_ip *ip,
		   const uint8_t mac[ETH_ALEN], uint64_t now)
{
	struct ent *e = ent_find(n, ifid, ip);
	int err;

	if (e && e->kind == ENT_FAILED)
		ent_kind_set(n, e, ENT_PENDING);	/* resolved at once: no bound to mind */
	if (e && e->kind == ENT_PENDING)
		return ent_resolved(n, e, mac, true, now);	/* releases the queue */
	if (!e) {
		err = ent_make_room(n);
		if (err)
			return err;
	}
	err = n->ops.install(n->ops.ctx, ifid, ip, mac, true);
	if (err)
		return err;
	if (!e) {
		e = ent_alloc(n, ifid, ip, ENT_STATIC);
		if (!e)
			return -ENOSPC;
	}
	e->kind = ENT_STATIC;
	memcpy(e->mac, mac, ETH_ALEN);
	e->confirmed_ns = now;
	return 0;
}

int nsm_del(struct nsm *n, uint32_t ifid, const struct xr_ip *ip)
{
	struct ent *e = ent_find(n, ifid, ip);

	if (!e)
		return -ENOENT;
	ent_remove(n, e);
	return 0;
}

void nsm_flush(struct nsm *n, uint32_t ifid, bool with_static)
{
	nsm_flush_af(n, ifid, AF_UNSPEC, with_static);
}

void nsm_flush_af(struct nsm *n, uint32_t ifid, int af, bool with_static)
{
	uint32_t i;

	for (i = 0; i < n->hiwater; i++) {
		struct ent *e = &n->ents[i];

		if (e->kind == ENT_FREE || (ifid && e->ifid != ifid) || (af && e->ip.af != af))
			continue;
		if (e->kind == ENT_STATIC && !with_static)
			continue;
		ent_remove(n, e);
	}
}

int nsm_adopt(struct nsm *n, uint32_t ifid, const struct xr_ip *ip, const struct xr_neigh *x,
	      uint64_t now)
{
	bool st = x->flags & XR_NEIGH_STATIC;
	struct ent *e = ent_find(n, ifid, ip);

	if (e)
		return -EEXIST;
	if (!nsm_resolver_of(ip->af))
		return -EAFNOSUPPORT;	/* nothing could ever refresh it */
	if (n->n_valid >= XR_NEIGH_MAX)
		return -ENOSPC;
	e = ent_alloc(n, ifid, ip, st ? ENT_STATIC : ENT_VALID);
	if (!e)
		return -ENOSPC;
	memcpy(e->mac, x->mac, ETH_ALEN);
	e->confirmed_ns = now;
	e->used_ns = x->used_ns;
	return 0;
}

/* ---- queries ---- */

/* RFC 4861 7.3.2's names for a resolved entry, from its timestamps and probes. */
static enum nsm_state ent_valid_state(const struct ent *e, uint64_t now)
{
	const struct nsm_timers *t = nsm_timers_of(e);

	if (age(now, e->confirmed_ns) < t->refresh_ns)
		return NSM_REACHABLE;
	if (e->tries)
		return NSM_PROBE;
	return ent_in_use(e, t, now) ? NSM_DELAY : NSM_STALE;
}

static void ent_export(const struct ent *e, struct nsm_entry *out, uint64_t now)
{
	out->ifid = e->ifid;
	out->ip = e->ip;
	memcpy(out->mac, e->mac, ETH_ALEN);
	out->confirmed_ns = e->confirmed_ns;
	out->used_ns = e->used_ns;
	out->queued = e->qlen;
	if (e->kind == ENT_PENDING)
		out->state = NSM_INCOMPLETE;
	else if (e->kind == ENT_FAILED)
		out->state = NSM_FAILED;
	else if (e->kind == ENT_STATIC)
		out->state = NSM_PERMANENT;
	else
		out->state = ent_valid_state(e, now);
}

int nsm_lookup(const struct nsm *n, uint32_t ifid, const struct xr_ip *ip,
	       struct nsm_entry *out, uint64_t now)
{
	const struct ent *e = ent_find(n, ifid, ip);

	if (!e)
		return -ENOENT;
	ent_export(e, out, now);
	return 0;
}

void nsm_foreach(const struct nsm *n, uint64_t now,
		 int (*fn)(const struct nsm_entry *e, void *ctx), void *ctx)
{
	struct nsm_entry x;
	uint32_t i;

	for (i = 0; i < n->hiwater; i++) {
		if (n->ents[i].kind == ENT_FREE)
			continue;
		ent_export(&n->ents[i], &x, now);
		if (fn(&x, ctx))
			return;
	}
}

unsigned nsm_count(const struct nsm *n)
{
	return n->n_valid;
}

unsigned nsm_pending_count(const struct nsm *n)
{
	return n->n_pending;
}
