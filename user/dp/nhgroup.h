/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * ECMP next-hop groups (fib.h struct xr_nhg): a route's list of next hops
 * with weights, interned so routes with the same list share one group,
 * compiled into a bucket table of member next-hop ids and published
 * through a next-hop slot of type XR_NH_GROUP.  A route names a group by
 * its handle (rib_route.ifid of a route of type XR_NH_GROUP).  Members
 * whose port is down hold no buckets; their buckets go to the others and
 * come back with the link, and no other bucket moves.
 */
#ifndef XR_NHGROUP_H
#define XR_NHGROUP_H

#include <stdbool.h>
#include <stdint.h>

#include "fib.h"
#include "net.h"
#include "nexthop.h"

struct nhg_member {
	struct xr_ip gw;	/* no family: on-link through ifid */
	uint32_t ifid;		/* egress L3 interface, never 0 here */
	uint16_t weight;	/* 1..XR_ECMP_WEIGHT_MAX */
};

struct nhg_table;

/*
 * tables: the nhgroups map (XR_NHG_MAX); key: the program's hash
 * multipliers (NULL: the table's own, with no program); slots: the next-hop array nh writes.  adopt: these hold a
 * previous daemon's groups: the bucket tables its next hops name stay
 * untouched until nhg_adopt_done(), and its multipliers are kept, so
 * re-added routes hash every flow as before.
 */
struct nhg_table *nhg_new(struct xr_nhg *tables, struct xr_ecmp_key *key,
			  struct xr_nexthop *slots, struct nh_table *nh, bool adopt);
void nhg_free(struct nhg_table *g);
/* Adopting: mark in live[] the members of the groups live[] already marks. */
void nhg_mark_live(const struct nhg_table *g, uint8_t *live);
/* After the re-adds (and nh_release_unused()): free tables no group took. */
void nhg_adopt_done(struct nhg_table *g);

/*
 * The group of these members (in this order), with a reference: the same
 * handle for the same list.  -EINVAL: fewer than 2 or more than
 * XR_ECMP_MAX members, a weight out of range, a member twice, a gateway of
 * another family; -ENOSPC: out of groups or next hops.
 */
int nhg_get(struct nhg_table *g, int af, const struct nhg_member *m, unsigned n,
	    uint32_t *handle);
void nhg_hold(struct nhg_table *g, uint32_t handle);
void nhg_put(struct nhg_table *g, uint32_t handle);

/* The members as given; -ESRCH for no such group. */
/* The group's next hop, the id its routes name (fib.h XR_NH_GROUP_BASE + its row); 0: none. */
uint32_t nhg_slot(const struct nhg_table *g, uint32_t handle);
int nhg_members(const struct nhg_table *g, uint32_t handle, struct nhg_member *out,
		unsigned *n);
/* Member i is in the buckets (its link is up). */
bool nhg_member_live(const struct nhg_table *g, uint32_t handle, unsigned i);
/* Members with buckets now. */
unsigned nhg_live(const struct nhg_table *g, uint32_t handle);
bool nhg_has_ifid(const struct nhg_table *g, uint32_t handle, uint32_t ifid);
/*
 * A member's gateway no longer resolves (an address deleted): resolve(ctx,
 * gw, &ifid) fails for it, ifid being the member's.  The RIB then drops the
 * route, as it drops a single next hop's.
 */
typedef int (*nhg_resolve_fn)(const void *ctx, const struct xr_ip *gw, uint32_t *ifid);
bool nhg_member_lost(const struct nhg_table *g, uint32_t handle, nhg_resolve_fn resolve,
		     const void *ctx);
/* A route's next hop (type, ifid as the RIB holds them) leaves through ifid. */
bool nhg_route_on(const struct nhg_table *g, uint8_t type, uint32_t route_ifid, uint32_t ifid);
/* The member bucket (fib.h xr_nhg_bucket() of a flow's hash) holds, -1 if none. */
int nhg_pick(const struct nhg_table *g, uint32_t handle, uint32_t bucket);
/* The router's hash multipliers, the fast path's. */
const struct xr_ecmp_key *nhg_key(const struct nhg_table *g);

/*
 * A flow as `route get` names it (host order but the addresses): what the
 * fast path hashes.  The ports count only for TCP, UDP and SCTP, as there.
 */
struct nhg_flow {
	struct xr_ip src, dst;	/* one family; src may have none (the any address) */
	uint8_t proto;
	uint16_t sport, dport;
	uint32_t label;		/* IPv6 flow label (20 bits) */
};

/* The member the fast path forwards this flow by, and the flow's hash (fib.h xr_flow_hash4/6). */
int nhg_flow_pick(const struct nhg_table *g, uint32_t handle, const struct nhg_flow *fl,
		  uint64_t *hash);

/* A port went down or came up: its members leave the buckets or return. */
void nhg_link_set(struct nhg_table *g, uint32_t ifid, bool up);

/* Groups in use. */
unsigned nhg_used(const struct nhg_table *g);

/*
 * The bucket layout (pure, for tests): owner[b] is the member of bucket b.
 * Every member holds buckets in proportion to its weight, at least one;
 * the buckets of members not live go to the live ones by their weights,
 * and the live ones keep their own.  -1 in every bucket if none is live.
 */
void nhg_fill(const uint16_t *weight, const bool *live, unsigned n,
	      int8_t owner[XR_NHG_BUCKETS]);

#endif
