/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Next-hop slots of the forwarding table (struct xr_nexthop, fib.h),
 * shared by every route with the same (type, ifid, gateway) and counted.
 * A slot is written in full before anything points at it and never changes
 * while referenced.  A gateway with no family (or NULL) means on-link.
 */
#ifndef XR_NEXTHOP_H
#define XR_NEXTHOP_H

#include <stdint.h>

#include "fib.h"
#include "net.h"

struct nh_table;

struct nh_table *nh_new(struct xr_nexthop *slots);
void nh_free(struct nh_table *t);

/*
 * Adopt slots a previous daemon left: those with contents, and those with
 * live[id] set (a FIB entry points at them), are learned with no
 * reference, so asking for the same next hop again returns the same id
 * (a live one first).  The rest become free.
 */
void nh_adopt(struct nh_table *t, const uint8_t *live);
/* Free learned slots nobody took a reference on since nh_adopt(). */
void nh_release_unused(struct nh_table *t);

/* Find or write the slot for (type, ifid, gw) and take a reference. -ENOSPC when full. */
int nh_get(struct nh_table *t, uint8_t type, uint32_t ifid, const struct xr_ip *gw,
	   uint32_t *id);
/* Drop a reference; the last one frees the slot for (late) reuse. */
void nh_put(struct nh_table *t, uint32_t id);
/*
 * A batch (rib_defer()): the FIBs compiled only at its commit may still
 * point at a next hop whose last route went, so from nh_hold() on each
 * nh_put() waits (without memory to wait in, it happens at once) until
 * nh_unhold() applies them: no id is freed and handed to another next hop
 * before the tables stop naming it.
 */
void nh_hold(struct nh_table *t);
void nh_unhold(struct nh_table *t);

/*
 * ECMP groups (nhgroup.h): the slot of type XR_NH_GROUP whose ifid is the
 * group's handle is made here, at id (its row's, fib.h XR_NH_GROUP_BASE
 * up), with a reference, and nowhere else: nh_get() of a group finds an
 * existing one or fails with -EINVAL.  -EBUSY: id is not a group's, or
 * taken.  When the last reference to a group's slot goes,
 * release(ctx, handle, id) lets the group table free what the group held;
 * l2(ctx, id, l2) follows a next hop's MAC into the buckets holding it.
 */
int nh_group_slot(struct nh_table *t, uint32_t handle, uint32_t id);
typedef void (*nh_group_release_fn)(void *ctx, uint32_t handle, uint32_t id);
typedef void (*nh_l2_fn)(void *ctx, uint32_t id, union xr_nh_l2 l2);
void nh_set_group_hooks(struct nh_table *t, nh_group_release_fn release, nh_l2_fn l2,
			void *ctx);

/*
 * Where a new gateway slot gets its MAC (fib.h union xr_nh_l2): fn fills
 * mac and returns 0 if the neighbour gw on ifid is resolved.
 * Without a resolver, or until nh_l2_set(), the fast path looks the
 * neighbour up in its hash map instead: slower, never wrong.
 */
typedef int (*nh_resolve_fn)(void *ctx, uint32_t ifid, const struct xr_ip *gw, uint8_t mac[6]);
void nh_set_resolver(struct nh_table *t, nh_resolve_fn fn, void *ctx);
/* The neighbour gw on ifid now has mac (NULL: is gone): every slot via it follows. */
void nh_l2_set(struct nh_table *t, uint32_t ifid, const struct xr_ip *gw, const uint8_t *mac);
/* Call fn for each slot the fast path marked used since the last call, and clear the mark. */
typedef void (*nh_used_fn)(void *ctx, uint32_t ifid, const struct xr_ip *gw);
void nh_sweep_used(struct nh_table *t, nh_used_fn fn, void *ctx);

/* Slots in use (referenced or learned). */
unsigned nh_used(const struct nh_table *t);

#endif
