// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * ARP frames and the neighbour state machine (see arp.h).
 *
 * Entries live in one preallocated array (XR_NEIGH_MAX resolved plus
 * ARP_PENDING_MAX pending slots) chained into a seeded hash, so a flood of
 * ARP can neither exhaust memory nor pick our hash chains.  Every timer is
 * derived from timestamps in the entry; arp_tick() walks the slots in use.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <arpa/inet.h>

#include "arp.h"

#define ARP_SLOTS	(XR_NEIGH_MAX + ARP_PENDING_MAX)
#define ARP_BUCKETS	32768u		/* power of two, >= ARP_SLOTS */
#define ARP_NIL		(-1)

enum ent_kind { ENT_FREE, ENT_PENDING, ENT_VALID, ENT_STATIC };

struct qpkt {
	struct qpkt *next;
	uint32_t in_ifid;
	size_t len;
	uint8_t data[];
};

struct ent {
	uint32_t ifid;
	__be32 ip;
	uint8_t mac[ETH_ALEN];
	uint8_t kind;		/* enum ent_kind */
	uint8_t tries;		/* requests (pending) or refresh probes (valid) sent */
	int32_t next;		/* hash chain, or free list */
	unsigned qlen;
	struct qpkt *q;		/* oldest first */
	uint64_t confirmed_ns;
	uint64_t used_ns;
	uint64_t req_ns;	/* last request sent for this target */
};

struct arp {
	struct arp_ops ops;
	uint32_t seed;
	struct ent *ents;
	int32_t *buckets;
	int32_t free;
	uint32_t hiwater;	/* slots [0, hiwater) have been used */
	unsigned n_valid;	/* valid + static: what the fast path holds */
	unsigned n_pending;
	unsigned n_queued;
};

const char *const arp_state_names[ARP_STATE_MAX] = {
	[ARP_INCOMPLETE] = "INCOMPLETE",
	[ARP_REACHABLE] = "REACHABLE",
	[ARP_STALE] = "STALE",
	[ARP_PERMANENT] = "PERMANENT",
};

static const uint8_t mac_bcast[ETH_ALEN] = { 0xff, 0xff, 0xff, 0xff, 0xff, 0xff };

/* ---- frames ---- */

int arp_parse(const uint8_t *frame, size_t len, struct arp_msg *m)
{
	const struct ethhdr *eh = (const void *)frame;
	const struct pkt_arp *ap = (const void *)(frame + ETH_HLEN);

	if (len < PKT_ARP_FRAME_LEN || eh->h_proto != htons(ETH_P_ARP))
		return -EINVAL;
	if (ap->hdr.ar_hrd != htons(ARPHRD_ETHER) || ap->hdr.ar_pro != htons(ETH_P_IP) ||
	    ap->hdr.ar_hln != ETH_ALEN || ap->hdr.ar_pln != 4)
		return -EINVAL;
	m->op = ntohs(ap->hdr.ar_op);
	if (m->op != ARPOP_REQUEST && m->op != ARPOP_REPLY)
		return -EINVAL;
	memcpy(m->eth_dst, eh->h_dest, ETH_ALEN);
	memcpy(m->eth_src, eh->h_source, ETH_ALEN);
	memcpy(m->sha, ap->sha, ETH_ALEN);
	memcpy(m->tha, ap->tha, ETH_ALEN);
	m->spa = ap->spa;
	m->tpa = ap->tpa;
	/* A group or zero sender would poison the table: ignore it. */
	if (pkt_mac_is_mcast(m->sha) || pkt_mac_is_zero(m->sha) ||
	    pkt_mac_is_mcast(m->eth_src))
		return -EPERM;
	return 0;
}

static size_t arp_build(uint8_t *buf, const uint8_t *eth_dst, uint16_t op,
			const uint8_t *sha, __be32 spa, const uint8_t *tha, __be32 tpa)
{
	struct ethhdr *eh = (void *)buf;
	struct pkt_arp *ap = (void *)(buf + ETH_HLEN);

	memcpy(eh->h_dest, eth_dst, ETH_ALEN);
	memcpy(eh->h_source, sha, ETH_ALEN);
	eh->h_proto = htons(ETH_P_ARP);
	ap->hdr.ar_hrd = htons(ARPHRD_ETHER);
	ap->hdr.ar_pro = htons(ETH_P_IP);
	ap->hdr.ar_hln = ETH_ALEN;
	ap->hdr.ar_pln = 4;
	ap->hdr.ar_op = htons(op);
	memcpy(ap->sha, sha, ETH_ALEN);
	ap->spa = spa;
	if (tha)
		memcpy(ap->tha, tha, ETH_ALEN);
	else
		memset(ap->tha, 0, ETH_ALEN);
	ap->tpa = tpa;
	return PKT_ARP_FRAME_LEN;
}

size_t arp_build_request(uint8_t *buf, const uint8_t mac[ETH_ALEN], __be32 sip,
			 __be32 tip, const uint8_t *dst)
{
	/* A unicast refresh names the MAC it expects, as Linux does. */
	return arp_build(buf, dst ? dst : mac_bcast, ARPOP_REQUEST, mac, sip, dst, tip);
}

size_t arp_build_reply(uint8_t *buf, const uint8_t mac[ETH_ALEN], const struct arp_msg *req)
{
	return arp_build(buf, req->sha, ARPOP_REPLY, mac, req->tpa, req->sha, req->spa);
}

size_t arp_build_garp(uint8_t *buf, const uint8_t mac[ETH_ALEN], __be32 ip)
{
	return arp_build(buf, mac_bcast, ARPOP_REQUEST, mac, ip, NULL, ip);
}

/* ---- table plumbing ---- */

static uint32_t hash_key(const struct arp *a, uint32_t ifid, __be32 ip)
{
	uint32_t h = a->seed ^ (ifid * 0x9e3779b1u) ^ ip;

	/* murmur3 finaliser: every input bit moves every output bit */
	h ^= h >> 16;
	h *= 0x85ebca6bu;
	h ^= h >> 13;
	h *= 0xc2b2ae35u;
	h ^= h >> 16;
	return h & (ARP_BUCKETS - 1);
}

static struct ent *ent_find(const struct arp *a, uint32_t ifid, __be32 ip)
{
	int32_t i;

	for (i = a->buckets[hash_key(a, ifid, ip)]; i != ARP_NIL; i = a->ents[i].next)
		if (a->ents[i].ifid == ifid && a->ents[i].ip == ip)
			return &a->ents[i];
	return NULL;
}

static struct ent *ent_alloc(struct arp *a, uint32_t ifid, __be32 ip, enum ent_kind kind)
{
	uint32_t b = hash_key(a, ifid, ip);
	struct ent *e;
	int32_t i;

	if (a->free != ARP_NIL) {
		i = a->free;
		a->free = a->ents[i].next;
	} else if (a->hiwater < ARP_SLOTS) {
		i = (int32_t)a->hiwater++;
	} else {
		return NULL;
	}
	e = &a->ents[i];
	memset(e, 0, sizeof(*e));
	e->ifid = ifid;
	e->ip = ip;
	e->kind = kind;
	e->next = a->buckets[b];
	a->buckets[b] = i;
	if (kind == ENT_PENDING)
		a->n_pending++;
	else
		a->n_valid++;
	return e;
}

static void queue_drop_oldest(struct arp *a, struct ent *e)
{
	struct qpkt *p = e->q;

	e->q = p->next;
	e->qlen--;
	a->n_queued--;
	free(p);
}

static void ent_free(struct arp *a, struct ent *e)
{
	int32_t idx = (int32_t)(e - a->ents);
	int32_t *pp = &a->buckets[hash_key(a, e->ifid, e->ip)];

	while (*pp != idx)
		pp = &a->ents[*pp].next;
	*pp = e->next;
	while (e->q)
		queue_drop_oldest(a, e);
	if (e->kind == ENT_PENDING)
		a->n_pending--;
	else
		a->n_valid--;
	e->kind = ENT_FREE;
	e->next = a->free;
	a->free = idx;
}

/* Forget an entry, removing it from the fast path if it is there. */
static void ent_remove(struct arp *a, struct ent *e)
{
	if (e->kind == ENT_VALID || e->kind == ENT_STATIC)
		a->ops.neigh_remove(a->ops.ctx, e->ifid, e->ip);
	ent_free(a, e);
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
static int ent_make_room(struct arp *a)
{
	struct ent *victim = NULL;
	uint32_t i;

	if (a->n_valid < XR_NEIGH_MAX)
		return 0;
	for (i = 0; i < a->hiwater; i++) {
		struct ent *e = &a->ents[i];

		if (e->kind == ENT_VALID && (!victim || evict_before(e, victim)))
			victim = e;
	}
	if (!victim)
		return -ENOSPC;
	ent_remove(a, victim);
	return 0;
}

struct arp *arp_create(const struct arp_ops *ops, uint32_t seed)
{
	struct arp *a = calloc(1, sizeof(*a));

	if (!a)
		goto err;
	a->ents = calloc(ARP_SLOTS, sizeof(*a->ents));
	a->buckets = malloc(ARP_BUCKETS * sizeof(*a->buckets));
	if (!a->ents || !a->buckets)
		goto err_free;
	memset(a->buckets, 0xff, ARP_BUCKETS * sizeof(*a->buckets));	/* ARP_NIL */
	a->ops = *ops;
	a->seed = seed;
	a->free = ARP_NIL;
	return a;
err_free:
	free(a->buckets);
	free(a->ents);
	free(a);
err:
	errno = ENOMEM;
	return NULL;
}

void arp_destroy(struct arp *a)
{
	uint32_t i;

	if (!a)
		return;
	for (i = 0; i < a->hiwater; i++)
		while (a->ents[i].kind != ENT_FREE && a->ents[i].q)
			queue_drop_oldest(a, &a->ents[i]);
	free(a->buckets);
	free(a->ents);
	free(a);
}

/* ---- state machine ---- */

static void send_req(struct arp *a, struct ent *e, const uint8_t *dst, uint64_t now)
{
	e->tries++;
	e->req_ns = now;
	a->ops.send_request(a->ops.ctx, e->ifid, e->ip, dst);
}

/*
 * A pending neighbour answered (or the operator named it): install it,
 * then release its queue in order.  On failure the entry and queue go.
 */
static int ent_resolved(struct arp *a, struct ent *e, const uint8_t *mac, bool st,
			uint64_t now)
{
	struct qpkt *q = e->q;
	int err;

	/* Still pending here, so it cannot be its own victim. */
	err = ent_make_room(a);
	if (!err)
		err = a->ops.neigh_install(a->ops.ctx, e->ifid, e->ip, mac, st);
	e->q = NULL;
	a->n_queued -= e->qlen;
	e->qlen = 0;
	e->kind = st ? ENT_STATIC : ENT_VALID;
	a->n_pending--;
	a->n_valid++;
	memcpy(e->mac, mac, ETH_ALEN);
	e->confirmed_ns = now;
	e->used_ns = now;	/* the queued packets use it */
	e->tries = 0;
	while (q) {
		struct qpkt *next = q->next;

		if (!err)
			a->ops.xmit(a->ops.ctx, e->ifid, e->ip, mac, q->data, q->len);
		free(q);
		q = next;
	}
	if (err)
		ent_free(a, e);
	return err;
}

/* New MAC or fresh confirmation for an entry we have. */
static void ent_update(struct arp *a, struct ent *e, const uint8_t *mac, uint64_t now)
{
	if (e->kind == ENT_STATIC)
		return;		/* the operator's word wins over the wire's */
	if (e->kind == ENT_PENDING) {
		ent_resolved(a, e, mac, false, now);
		return;
	}
	if (memcmp(e->mac, mac, ETH_ALEN)) {
		if (a->ops.neigh_install(a->ops.ctx, e->ifid, e->ip, mac, false))
			return;
		memcpy(e->mac, mac, ETH_ALEN);
	}
	e->confirmed_ns = now;
	e->tries = 0;
}

/* A sender that addressed the router: remember it, within the bound. */
static void ent_learn(struct arp *a, uint32_t ifid, const struct arp_msg *m, uint64_t now)
{
	struct ent *e;

	if (a->n_valid >= XR_NEIGH_MAX)
		return;
	if (a->ops.neigh_install(a->ops.ctx, ifid, m->spa, m->sha, false))
		return;
	e = ent_alloc(a, ifid, m->spa, ENT_VALID);
	if (!e)
		return;
	memcpy(e->mac, m->sha, ETH_ALEN);
	e->confirmed_ns = now;
	/* Not used yet: it expires after ARP_IDLE_NS unless traffic needs it. */
}

int arp_input(struct arp *a, uint32_t ifid, const struct arp_msg *m, uint64_t now)
{
	bool for_us = a->ops.is_local(a->ops.ctx, ifid, m->tpa);
	struct ent *e;

	/* 0.0.0.0 is an address probe (RFC 5227); martians are never neighbours. */
	if (pkt_ip_src_martian(m->spa) || a->ops.is_local(a->ops.ctx, ifid, m->spa))
		goto out;
	e = ent_find(a, ifid, m->spa);
	if (e)
		ent_update(a, e, m->sha, now);	/* RFC 826 merge, gratuitous included */
	else if (for_us && m->spa != m->tpa)
		ent_learn(a, ifid, m, now);	/* a gratuitous ARP creates nothing */
out:
	return m->op == ARPOP_REQUEST && for_us;
}

static int queue_add(struct arp *a, struct ent *e, uint32_t in_ifid,
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
	if (e->qlen >= ARP_QUEUE_LEN || a->n_queued >= ARP_QUEUE_TOTAL_MAX)
		return -ENOBUFS;
	p = malloc(sizeof(*p) + len);
	if (!p)
		return -ENOBUFS;
	p->next = NULL;
	p->in_ifid = in_ifid;
	p->len = len;
	memcpy(p->data, pkt, len);
	for (pp = &e->q; *pp; pp = &(*pp)->next)
		;
	*pp = p;
	e->qlen++;
	a->n_queued++;
	return 0;
}

int arp_resolve(struct arp *a, uint32_t ifid, __be32 ip, uint32_t in_ifid,
		const uint8_t *pkt, size_t len, uint64_t now)
{
	struct ent *e = ent_find(a, ifid, ip);
	int err;

	if (len > ARP_QUEUE_PKT_MAX)
		return -EINVAL;
	if (e && e->kind != ENT_PENDING) {
		/* The fast path lost or has not yet seen it: write it again. */
		a->ops.neigh_install(a->ops.ctx, ifid, ip, e->mac, e->kind == ENT_STATIC);
		a->ops.xmit(a->ops.ctx, ifid, ip, e->mac, pkt, len);
		return 0;
	}
	if (!e) {
		if (a->n_pending >= ARP_PENDING_MAX)
			return -ENOBUFS;
		e = ent_alloc(a, ifid, ip, ENT_PENDING);
		if (!e)
			return -ENOBUFS;
	}
	err = queue_add(a, e, in_ifid, pkt, len);
	if (e->tries == 0)
		send_req(a, e, NULL, now);
	return err;
}

void arp_used(struct arp *a, uint32_t ifid, __be32 ip, uint64_t used_ns)
{
	struct ent *e = ent_find(a, ifid, ip);

	if (e && e->kind != ENT_PENDING && used_ns > e->used_ns)
		e->used_ns = used_ns;
}

/* Three requests went unanswered: tell each queued sender, forget it. */
static void pending_fail(struct arp *a, struct ent *e)
{
	while (e->q) {
		struct qpkt *p = e->q;

		a->ops.unreach(a->ops.ctx, p->in_ifid, p->data, p->len);
		queue_drop_oldest(a, e);
	}
	ent_free(a, e);
}

static void tick_pending(struct arp *a, struct ent *e, uint64_t now)
{
	if (age(now, e->req_ns) < ARP_RETRY_NS)
		return;
	if (e->tries < ARP_TRIES)
		send_req(a, e, NULL, now);
	else
		pending_fail(a, e);
}

static bool ent_in_use(const struct ent *e, uint64_t now)
{
	return e->used_ns && age(now, e->used_ns) < ARP_REFRESH_NS;
}

static void tick_valid(struct arp *a, struct ent *e, uint64_t now)
{
	if (age(now, ent_active_ns(e)) >= ARP_IDLE_NS) {
		ent_remove(a, e);
		return;
	}
	if (!ent_in_use(e, now) || age(now, e->confirmed_ns) < ARP_REFRESH_NS ||
	    age(now, e->req_ns) < ARP_RETRY_NS)
		return;
	if (e->tries >= ARP_PROBES) {
		/* Gone: next traffic resolves afresh and gets Host Unreachable. */
		ent_remove(a, e);
		return;
	}
	send_req(a, e, e->tries < ARP_UNICAST_PROBES ? e->mac : NULL, now);
}

void arp_tick(struct arp *a, uint64_t now)
{
	uint32_t i;

	for (i = 0; i < a->hiwater; i++) {
		struct ent *e = &a->ents[i];

		if (e->kind == ENT_PENDING)
			tick_pending(a, e, now);
		else if (e->kind == ENT_VALID)
			tick_valid(a, e, now);
	}
}

static uint64_t ent_deadline(const struct ent *e, uint64_t now)
{
	uint64_t t;

	if (e->kind == ENT_PENDING)
		return e->req_ns + ARP_RETRY_NS;
	t = ent_active_ns(e) + ARP_IDLE_NS;
	if (ent_in_use(e, now)) {
		uint64_t r = e->confirmed_ns + ARP_REFRESH_NS;

		if (r < e->req_ns + ARP_RETRY_NS)
			r = e->req_ns + ARP_RETRY_NS;
		if (r < t)
			t = r;
	}
	return t;
}

uint64_t arp_next_deadline(const struct arp *a, uint64_t now)
{
	uint64_t t = UINT64_MAX;
	uint32_t i;

	for (i = 0; i < a->hiwater; i++) {
		const struct ent *e = &a->ents[i];
		uint64_t d;

		if (e->kind != ENT_PENDING && e->kind != ENT_VALID)
			continue;
		d = ent_deadline(e, now);
		if (d < t)
			t = d;
	}
	return t;
}

/* ---- operator's entries ---- */

int arp_static_add(struct arp *a, uint32_t ifid, __be32 ip, const uint8_t mac[ETH_ALEN],
		   uint64_t now)
{
	struct ent *e = ent_find(a, ifid, ip);
	int err;

	if (e && e->kind == ENT_PENDING)
		return ent_resolved(a, e, mac, true, now);	/* releases the queue */
	if (!e) {
		err = ent_make_room(a);
		if (err)
			return err;
	}
	err = a->ops.neigh_install(a->ops.ctx, ifid, ip, mac, true);
	if (err)
		return err;
	if (!e) {
		e = ent_alloc(a, ifid, ip, ENT_STATIC);
		if (!e)
			return -ENOSPC;
	}
	e->kind = ENT_STATIC;
	memcpy(e->mac, mac, ETH_ALEN);
	e->confirmed_ns = now;
	return 0;
}

int arp_del(struct arp *a, uint32_t ifid, __be32 ip)
{
	struct ent *e = ent_find(a, ifid, ip);

	if (!e)
		return -ENOENT;
	ent_remove(a, e);
	return 0;
}

void arp_flush(struct arp *a, uint32_t ifid, bool with_static)
{
	uint32_t i;

	for (i = 0; i < a->hiwater; i++) {
		struct ent *e = &a->ents[i];

		if (e->kind == ENT_FREE || (ifid && e->ifid != ifid))
			continue;
		if (e->kind == ENT_STATIC && !with_static)
			continue;
		ent_remove(a, e);
	}
}

int arp_adopt(struct arp *a, uint32_t ifid, __be32 ip, const struct xr_neigh *n,
	      uint64_t now)
{
	bool st = n->flags & XR_NEIGH_STATIC;
	struct ent *e = ent_find(a, ifid, ip);

	if (e)
		return -EEXIST;
	if (a->n_valid >= XR_NEIGH_MAX)
		return -ENOSPC;
	e = ent_alloc(a, ifid, ip, st ? ENT_STATIC : ENT_VALID);
	if (!e)
		return -ENOSPC;
	memcpy(e->mac, n->mac, ETH_ALEN);
	e->confirmed_ns = now;
	e->used_ns = n->used_ns;
	return 0;
}

/* ---- queries ---- */

static void ent_export(const struct ent *e, struct arp_entry *out, uint64_t now)
{
	out->ifid = e->ifid;
	out->ip = e->ip;
	memcpy(out->mac, e->mac, ETH_ALEN);
	out->confirmed_ns = e->confirmed_ns;
	out->used_ns = e->used_ns;
	out->queued = e->qlen;
	if (e->kind == ENT_PENDING)
		out->state = ARP_INCOMPLETE;
	else if (e->kind == ENT_STATIC)
		out->state = ARP_PERMANENT;
	else if (age(now, e->confirmed_ns) < ARP_REFRESH_NS)
		out->state = ARP_REACHABLE;
	else
		out->state = ARP_STALE;
}

int arp_lookup(const struct arp *a, uint32_t ifid, __be32 ip, struct arp_entry *out,
	       uint64_t now)
{
	const struct ent *e = ent_find(a, ifid, ip);

	if (!e)
		return -ENOENT;
	ent_export(e, out, now);
	return 0;
}

void arp_foreach(const struct arp *a, uint64_t now,
		 int (*fn)(const struct arp_entry *e, void *ctx), void *ctx)
{
	struct arp_entry x;
	uint32_t i;

	for (i = 0; i < a->hiwater; i++) {
		if (a->ents[i].kind == ENT_FREE)
			continue;
		ent_export(&a->ents[i], &x, now);
		if (fn(&x, ctx))
			return;
	}
}

unsigned arp_count(const struct arp *a)
{
	return a->n_valid;
}

unsigned arp_pending_count(const struct arp *a)
{
	return a->n_pending;
}
