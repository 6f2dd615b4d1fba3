/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Next-hop slot allocator: a hash of (type, ifid, gw) to slot id for
 * sharing, a reference count per slot, and a first-in first-out queue of
 * free slots.  The queue makes reuse as late as possible, so a packet that
 * read a next hop id just before the last route using it went away still
 * finds the old contents; a freed slot's contents are left in place for
 * the same reason.  Ids from XR_NH_GROUP_BASE up are ECMP groups', each
 * fixed to its row (fib.h), and never in the queue.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "mapaddr.h"
#include "nexthop.h"

#define NH_NIL		0u		/* slot 0 is never used */
#define NH_BUCKETS	XR_NH_MAX

struct nh_table {
	struct xr_nexthop *slots;
	uint32_t ref[XR_NH_MAX];
	uint8_t used[XR_NH_MAX];	/* in the hash: referenced or learned */
	uint32_t next[XR_NH_MAX];	/* hash chain */
	uint32_t bucket[NH_BUCKETS];
	uint32_t fifo[XR_NH_MAX];	/* free ids, oldest first */
	uint32_t fifo_head;
	uint32_t fifo_len;
	unsigned nused;
	nh_resolve_fn resolve;
	void *resolve_ctx;
	nh_group_release_fn group_release;
	nh_l2_fn l2_hook;
	void *group_ctx;
	bool held;			/* nh_hold(): puts wait in put[] */
	uint32_t *put, nput, put_cap;
};

/* The address's four words folded with odd multipliers: IPv4 is its first word alone. */
static uint32_t nh_hash(uint8_t type, uint32_t ifid, const struct xr_ipaddr *gw)
{
	uint32_t w[4];
	uint64_t k;

	memcpy(w, gw->b, sizeof(w));
	k = w[0] ^ (w[1] * 0x85ebca6bu) ^ (w[2] * 0xc2b2ae35u) ^ (w[3] * 0x27d4eb2fu);
	k = (k << 32 | ifid) ^ ((uint64_t)type << 56) ^ ((uint64_t)gw->af << 48);
	k *= 0x9e3779b97f4a7c15ull;
	return (uint32_t)(k >> 48) % NH_BUCKETS;
}

static void nh_fifo_put(struct nh_table *t, uint32_t id)
{
	t->fifo[(t->fifo_head + t->fifo_len) % XR_NH_MAX] = id;
	t->fifo_len++;
}

static uint32_t nh_fifo_get(struct nh_table *t)
{
	uint32_t id;

	if (!t->fifo_len)
		return NH_NIL;
	id = t->fifo[t->fifo_head];
	t->fifo_head = (t->fifo_head + 1) % XR_NH_MAX;
	t->fifo_len--;
	return id;
}

static void nh_link(struct nh_table *t, uint32_t id)
{
	const struct xr_nexthop *s = &t->slots[id];
	uint32_t b = nh_hash(s->type, s->ifid, &s->gw);

	t->next[id] = t->bucket[b];
	t->bucket[b] = id;
	t->used[id] = 1;
	t->nused++;
}

static void nh_unlink(struct nh_table *t, uint32_t id)
{
	const struct xr_nexthop *s = &t->slots[id];
	uint32_t *p = &t->bucket[nh_hash(s->type, s->ifid, &s->gw)];

	while (*p != NH_NIL && *p != id)
		p = &t->next[*p];
	if (*p == id)
		*p = t->next[id];
	t->used[id] = 0;
	t->nused--;
	if (id < XR_NH_GROUP_BASE)
		nh_fifo_put(t, id);
}

/* A freed slot's id goes back to the group table, which frees what the group held. */
static void nh_unlink_ref(struct nh_table *t, uint32_t id)
{
	const struct xr_nexthop *s = &t->slots[id];

	nh_unlink(t, id);
	if (s->type == XR_NH_GROUP && t->group_release)
		t->group_release(t->group_ctx, s->ifid, id);
}

struct nh_table *nh_new(struct xr_nexthop *slots)
{
	struct nh_table *t = calloc(1, sizeof(*t));
	uint32_t id;

	if (!t)
		return NULL;
	t->slots = slots;
	for (id = 1; id < XR_NH_GROUP_BASE; id++)
		nh_fifo_put(t, id);
	return t;
}

void nh_free(struct nh_table *t)
{
	if (t)
		free(t->put);
	free(t);
}

void nh_adopt(struct nh_table *t, const uint8_t *live)
{
	uint32_t id;

	memset(t->bucket, 0, sizeof(t->bucket));
	memset(t->used, 0, sizeof(t->used));
	memset(t->ref, 0, sizeof(t->ref));
	t->fifo_head = t->fifo_len = 0;
	t->nused = 0;
	/*
	 * Slots with contents are learned, so routes that lost to a lower
	 * metric find their old ids too.  Live ones are linked last: they
	 * head their hash chains and win over a stale copy of the same next
	 * hop that an old free left behind.
	 */
	for (id = 1; id < XR_NH_MAX; id++) {
		if (live[id])
			continue;
		if (t->slots[id].type != XR_NH_NONE)
			nh_link(t, id);
		else if (id < XR_NH_GROUP_BASE)
			nh_fifo_put(t, id);
	}
	for (id = 1; id < XR_NH_MAX; id++)
		if (live[id])
			nh_link(t, id);
}

void nh_release_unused(struct nh_table *t)
{
	uint32_t id;

	for (id = 1; id < XR_NH_MAX; id++)
		if (t->used[id] && !t->ref[id])
			nh_unlink_ref(t, id);
}

static bool nh_is(const struct xr_nexthop *s, uint8_t type, uint32_t ifid,
		  const struct xr_ipaddr *gw)
{
	return s->type == type && s->ifid == ifid && !memcmp(&s->gw, gw, sizeof(*gw));
}

static uint32_t nh_find(const struct nh_table *t, uint8_t type, uint32_t ifid,
		       const struct xr_ipaddr *gw)
{
	uint32_t id = t->bucket[nh_hash(type, ifid, gw)];
	const struct xr_nexthop *s;

	for (; id != NH_NIL; id = t->next[id]) {
		s = &t->slots[id];
		if (nh_is(s, type, ifid, gw))
			return id;
	}
	return NH_NIL;
}

/* Find or write the slot and take a reference; a group's slot only when create says. */
static int nh_take(struct nh_table *t, uint8_t type, uint32_t ifid, const struct xr_ip *gw,
		   bool create, uint32_t *id)
{
	struct xr_ipaddr g = mapaddr_from_ip(gw);
	struct xr_nexthop nh;
	uint32_t i = nh_find(t, type, ifid, &g);

	if (i == NH_NIL && !create)
		return -EINVAL;
	if (i == NH_NIL) {
		i = nh_fifo_get(t);
		if (i == NH_NIL)
			return -ENOSPC;
		memset(&nh, 0, sizeof(nh));
		nh.type = type;
		nh.ifid = ifid;
		nh.gw = g;
		if (type == XR_NH_UNICAST && g.af && t->resolve &&
		    !t->resolve(t->resolve_ctx, ifid, gw, nh.l2.mac))
			nh.l2.valid = 1;
		/* Nothing points at a free slot: a plain copy is safe. */
		t->slots[i] = nh;
		__atomic_thread_fence(__ATOMIC_RELEASE);
		nh_link(t, i);
	}
	t->ref[i]++;
	*id = i;
	return 0;
}

/* A group's slot is made by its group table alone: a route names one that exists. */
int nh_get(struct nh_table *t, uint8_t type, uint32_t ifid, const struct xr_ip *gw,
	   uint32_t *id)
{
	return nh_take(t, type, ifid, gw, type != XR_NH_GROUP, id);
}

int nh_group_slot(struct nh_table *t, uint32_t handle, uint32_t id)
{
	struct xr_nexthop nh = { .type = XR_NH_GROUP, .ifid = handle };

	if (id < XR_NH_GROUP_BASE || id >= XR_NH_MAX || t->ref[id])
		return -EBUSY;
	/* A learned copy (an adopted group nobody re-added): nothing points at it now. */
	if (t->used[id])
		nh_unlink(t, id);
	nh.group = (uint16_t)(id - XR_NH_GROUP_BASE);
	t->slots[id] = nh;
	__atomic_thread_fence(__ATOMIC_RELEASE);
	nh_link(t, id);
	t->ref[id] = 1;
	return 0;
}

void nh_set_group_hooks(struct nh_table *t, nh_group_release_fn release, nh_l2_fn l2,
			void *ctx)
{
	t->group_release = release;
	t->l2_hook = l2;
	t->group_ctx = ctx;
}

/* Room for one more waiting put: false if there is none to be had. */
static bool nh_put_room(struct nh_table *t)
{
	uint32_t *v, cap;

	if (t->nput < t->put_cap)
		return true;
	cap = t->put_cap ? 2 * t->put_cap : 64;
	v = realloc(t->put, cap * sizeof(*v));
	if (!v)
		return false;
	t->put = v;
	t->put_cap = cap;
	return true;
}

void nh_hold(struct nh_table *t)
{
	t->held = true;
}

void nh_unhold(struct nh_table *t)
{
	t->held = false;
	for (uint32_t i = 0; i < t->nput; i++)
		nh_put(t, t->put[i]);
	t->nput = 0;
}

void nh_put(struct nh_table *t, uint32_t id)
{
	if (t->held && nh_put_room(t)) {
		t->put[t->nput++] = id;
		return;
	}
	if (id == NH_NIL || id >= XR_NH_MAX || !t->used[id] || !t->ref[id])
		return;
	if (--t->ref[id] == 0)
		nh_unlink_ref(t, id);
}

void nh_set_resolver(struct nh_table *t, nh_resolve_fn fn, void *ctx)
{
	t->resolve = fn;
	t->resolve_ctx = ctx;
}

/*
 * After an adoption a chain may hold an old copy of a slot besides the
 * live one: both follow, so a packet on either finds the current MAC.
 */
void nh_l2_set(struct nh_table *t, uint32_t ifid, const struct xr_ip *gw, const uint8_t *mac)
{
	struct xr_ipaddr g = mapaddr_from_ip(gw);
	union xr_nh_l2 l2 = { .word = 0 };
	uint32_t id = t->bucket[nh_hash(XR_NH_UNICAST, ifid, &g)];
	struct xr_nexthop *s;

	if (!g.af)
		return;
	if (mac) {
		memcpy(l2.mac, mac, sizeof(l2.mac));
		l2.valid = 1;
	}
	for (; id != NH_NIL; id = t->next[id]) {
		s = &t->slots[id];
		if (!nh_is(s, XR_NH_UNICAST, ifid, &g))
			continue;
		__atomic_store_n(&s->l2.word, l2.word, __ATOMIC_RELEASE);
		if (t->l2_hook)
			t->l2_hook(t->group_ctx, id, l2);
	}
}

void nh_sweep_used(struct nh_table *t, nh_used_fn fn, void *ctx)
{
	struct xr_nexthop *s;
	struct xr_ip gw;
	uint32_t id;

	for (id = 1; id < XR_NH_MAX; id++) {
		s = &t->slots[id];
		if (!t->used[id] || !__atomic_load_n(&s->used, __ATOMIC_RELAXED))
			continue;
		__atomic_store_n(&s->used, 0, __ATOMIC_RELAXED);
		gw = mapaddr_to_ip(&s->gw);
		fn(ctx, s->ifid, &gw);
	}
}

unsigned nh_used(const struct nh_table *t)
{
	return t->nused;
}
