/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The IPv6 routing table behind rib.h: rib.c hands it every route and
 * query of family AF_INET6, with the same contract as rib.h says for both
 * families.  It shares the next-hop table with IPv4 (one array of next
 * hops in the fast path) and compiles into the IPv6 FIB (fib6.h).
 */
#ifndef XR_RIB6_H
#define XR_RIB6_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "nexthop.h"
#include "rib.h"

struct rib6;

/*
 * direct/nodes/nnodes: the IPv6 FIB arrays (fib6_new()).  adopt: they hold
 * a previous daemon's FIB; live[] (XR_NH_MAX bytes) gets the next hops it
 * points at, and *prefixes about how many routes are about to be re-added.
 */
struct rib6 *rib6_new(const struct rib_tables *t, struct nh_table *nh, bool adopt,
		      uint8_t *live, size_t *prefixes);
void rib6_free(struct rib6 *r);
/* The ECMP groups routes of type XR_NH_GROUP name (nhgroup.h). */
struct nhg_table;
void rib6_set_groups(struct rib6 *r, const struct nhg_table *g);
/* A gateway's egress (*ifid, which a link-local one needs set): 0 or -errno. */
int rib6_resolve_gw(const struct rib6 *r, const struct xr_ip *gw, uint32_t *ifid);
/* After adopt and re-adding: entries of routes nobody re-added go. */
void rib6_adopt_done(struct rib6 *r);
void rib6_reserve(struct rib6 *r, size_t n);
/* A batch of changes compiled once at its commit (rib_defer, rib.h). */
void rib6_defer(struct rib6 *r);
int rib6_commit(struct rib6 *r);

int rib6_add(struct rib6 *r, const struct rib_route *route, bool replace);
/* A route of xrouterctl's (never the kernel's: rib6_del_krt). */
int rib6_del(struct rib6 *r, const struct xr_prefix *dst, const struct xr_ip *gw);
int rib6_del_krt(struct rib6 *r, const struct xr_prefix *dst, uint32_t metric);
void rib6_del_ifid(struct rib6 *r, uint32_t ifid);
void rib6_prune_unreachable_gw(struct rib6 *r);
int rib6_get(const struct rib6 *r, const struct xr_ip *addr, struct rib_route *out,
	     uint32_t *nh_id);
int rib6_lookup(const struct rib6 *r, const struct rib_route *want, unsigned match,
		struct rib_route *out);
int rib6_foreach(const struct rib6 *r, int (*fn)(const struct rib_route *, void *), void *ctx);
size_t rib6_count(const struct rib6 *r);
/* FIB nodes in use and how many there are. */
void rib6_nodes(const struct rib6 *r, unsigned *used, unsigned *max);
/* The DXR table's shape (fib6dxr.h); left as it is with the trie. */
struct fib6dxr_usage;
void rib6_dxr_usage(const struct rib6 *r, struct fib6dxr_usage *u);

#endif
