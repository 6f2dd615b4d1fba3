/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The kernel route sync's own records (ksync_table.c), apart from its
 * module (ksync.c) so that they link and test alone: every route of the
 * followed kernel table, installed in the RIB or skipped with the reason,
 * keyed as the kernel keys them (prefix, length, metric), with the
 * generation of the last dump that saw it, so a resync is a mark and a
 * sweep; and the nexthop objects (FRR's `nhid`) routes resolve through.
 */
#ifndef XR_KSYNC_H
#define XR_KSYNC_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net.h"
#include "rtnl.h"

/* Why a kernel route is not in the fast path (kernel show lists it). */
enum ksync_why {
	KSYNC_OK = 0,
	KSYNC_WHY_FAMILY,	/* no forwarding table of its family yet */
	KSYNC_WHY_DEV,		/* next hop through an interface xrouter does not own */
	KSYNC_WHY_GW,		/* gateway outside every connected subnet */
	KSYNC_WHY_TYPE,		/* multicast, throw, nat, local, ... */
	KSYNC_WHY_TOO_MANY,	/* more next hops than RTNL_NH_MAX */
	KSYNC_WHY_UNSUPPORTED,	/* encapsulation, a gateway of another family, ... */
	KSYNC_WHY_NHID,		/* a nexthop object not known (yet) */
	KSYNC_WHY_NO_NH,	/* a unicast route with no next hop */
	KSYNC_WHY_FULL,		/* the forwarding table is full */
	KSYNC_WHY_LINK_DOWN,	/* every next hop leaves by a link that is down */
	KSYNC_WHY_MAX,
};

const char *ksync_why_name(unsigned why);

struct ksync_key {
	struct xr_prefix dst;	/* host bits clear */
	uint32_t metric;
};

struct ksync_route {
	struct ksync_key k;
	uint32_t nhid;		/* nexthop object, 0: inline next hops */
	uint32_t gen;		/* the last dump (or notification) that had it */
	uint8_t kproto;		/* RTPROT_* */
	uint8_t installed;	/* in the RIB */
	uint8_t why;		/* enum ksync_why when not installed */
	uint8_t multipath;	/* several next hops, the first one installed */
	uint32_t next;		/* hash chain */
};

struct ksync_table;

struct ksync_table *ksync_table_new(void);
void ksync_table_free(struct ksync_table *t);
/* The route of k, or NULL. */
struct ksync_route *ksync_table_get(struct ksync_table *t, const struct ksync_key *k);
/* The route of k, added (zeroed but for its key) if new: NULL on ENOMEM.
 * The pointer stays valid until the next put or del. */
struct ksync_route *ksync_table_put(struct ksync_table *t, const struct ksync_key *k);
void ksync_table_del(struct ksync_table *t, const struct ksync_key *k);
/* Visit every route; fn must not add or delete. */
void ksync_table_foreach(struct ksync_table *t, void (*fn)(struct ksync_route *, void *),
			 void *ctx);
/* Remove every route whose gen is not gen, calling fn on each first: the
 * routes a complete dump did not have.  Returns how many went. */
size_t ksync_table_sweep(struct ksync_table *t, uint32_t gen,
			 void (*fn)(const struct ksync_route *, void *), void *ctx);
size_t ksync_table_count(const struct ksync_table *t);

/* Nexthop objects by id (a sorted array: FRR keeps a few per neighbour). */
struct ksync_nhs {
	struct ksync_nh {
		struct rtnl_nexthop nh;
		uint32_t gen;
	} *v;
	size_t n, cap;
};

const struct rtnl_nexthop *ksync_nhs_get(const struct ksync_nhs *s, uint32_t id);
/* Add or replace: 0 new, 1 replaced by something different, 2 the same
 * again, -ENOMEM. */
int ksync_nhs_put(struct ksync_nhs *s, const struct rtnl_nexthop *nh, uint32_t gen);
void ksync_nhs_del(struct ksync_nhs *s, uint32_t id);
/* Drop those a complete dump of generation gen did not have; how many. */
size_t ksync_nhs_sweep(struct ksync_nhs *s, uint32_t gen);
void ksync_nhs_clear(struct ksync_nhs *s);

/*
 * A route's next hops: its own, or its nexthop object's (a group's
 * members, in order), into out[RTNL_NH_MAX] and *n; *blackhole for a
 * blackhole object.  KSYNC_OK or why the route cannot be carried.
 */
int ksync_members(const struct ksync_nhs *s, const struct rtnl_route *r,
		  struct rtnl_nh *out, unsigned *n, bool *blackhole);

#endif
