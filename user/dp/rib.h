/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The routing table (RIB) the daemon owns, and its compilation into the
 * fast path's forwarding table (DIR-24-8 arrays + next-hop array, fib.h,
 * and the DXR table compiled from DIR-24-8 when the tables include one).
 * Routes and addresses carry their family (lib/net.h); each family has its
 * own table and FIB compiler behind this API: IPv4 DIR-24-8 (rib.c), IPv6
 * a DXR table (rib6.c, fib6dxr.c) or a stride-8 trie (fib6.c).  Without IPv6 arrays in rib_tables an
 * IPv6 route is refused with -EAFNOSUPPORT.  Walks and bulk deletes cover
 * both families, IPv4 first.
 */
#ifndef XR_RIB_H
#define XR_RIB_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fib.h"
#include "net.h"
#include "nexthop.h"

enum rib_proto {
	RIB_PROTO_STATIC = 0,	/* `route add` */
	RIB_PROTO_KERNEL,	/* connected subnet of an address ("proto kernel scope link") */
	RIB_PROTO_LOCAL,	/* router address /32 and subnet broadcast: hidden from `route show` */
	RIB_PROTO_KRT,		/* the kernel's table (kernel sync); its RTPROT_* in kproto */
};

struct rib_route {
	struct xr_prefix dst;	/* host bits are cleared on the way in */
	struct xr_ip gw;	/* dst's family; no family or all zero: on-link */
	uint8_t type;		/* enum xr_nh_type */
	uint8_t proto;		/* enum rib_proto */
	uint8_t kproto;		/* proto KRT: the kernel's protocol (RTPROT_*), else 0 */
	/*
	 * Egress L3 interface; 0 if none (blackhole, ...).  XR_NH_GROUP (ECMP):
	 * the group's handle (rib_group_get()), and no gw.
	 */
	uint32_t ifid;
	uint32_t metric;
};

/* The arrays the FIB is written into: mmap'd maps, or plain memory in tests. */
struct rib_tables {
	uint32_t *tbl24;		/* XR_TBL24_ENTRIES */
	uint32_t *tbl8;			/* tbl8_groups * XR_TBL8_GROUP_SIZE */
	struct xr_nexthop *nexthops;	/* XR_NH_MAX */
	uint32_t tbl8_groups;		/* 0: XR_TBL8_GROUPS */
	/* The DXR table compiled from tbl24/tbl8 (fib.h); NULL: none, XDP reads DIR-24-8. */
	uint64_t *dxr_direct;		/* XR_DXR_DIRECT */
	uint32_t *dxr_ranges;		/* dxr_nranges */
	uint32_t dxr_nranges;
	/* The IPv6 FIB (fib.h); NULL: no IPv6 table, its routes are refused. */
	uint32_t *fib6_direct;		/* XR_FIB6_DIRECT */
	uint32_t *fib6_nodes;		/* fib6_nnodes * XR_FIB6_NODE_SIZE */
	uint32_t fib6_nnodes;		/* 0: XR_FIB6_NODES */
	/* Or the IPv6 DXR table (fib.h, fib6dxr.h), which takes precedence. */
	uint64_t *fib6x_direct;		/* XR_F6X_DIRECT */
	uint64_t *fib6x_words;		/* fib6x_nwords */
	uint32_t fib6x_nwords;
	/* ECMP bucket tables (fib.h); NULL: no groups, multipath routes are refused. */
	struct xr_nhg *nhgroups;	/* XR_NHG_MAX */
	struct xr_ecmp_key *ecmp_key;	/* the program's (bpf/maps.h); NULL: the RIB's own */
};

struct rib;

/*
 * adopt: the tables already hold a FIB compiled from the routes about to
 * be re-added (a restarted daemon); rebuild the allocation state from them
 * instead of assuming they are empty.  Re-adding the same routes then
 * writes only values already there, so forwarding never sees a gap.
 */
struct rib *rib_new(const struct rib_tables *t, bool adopt);
void rib_free(struct rib *rib);
/* After adopt and re-adding: release next hops nothing refers to any more. */
void rib_adopt_done(struct rib *rib);
/*
 * A batch of changes (xrouterd --config into fresh tables): from
 * rib_defer() on, routes are checked and kept as always, but the IPv6
 * FIB and IPv4's DXR table (when on) are compiled once at rib_commit(),
 * each /16 the batch touched once, and until then forward what they held
 * before (IPv6's rib_get() too).  Next
 * hops the batch let go are freed at the commit, never reused before it.
 * commit: 0, or -ENOSPC when the IPv6 FIB cannot hold the routes
 * (rib_fib6_usage() tells by how much); the routes stay in the RIB.
 * IPv4's DIR-24-8 is written per change (~0.3 us a route).
 */
void rib_defer(struct rib *rib);
int rib_commit(struct rib *rib);
/* Room for about n more prefixes of either family at once, so a batch does
 * not rehash step by step (room no prefix lands in costs no memory). */
void rib_reserve(struct rib *rib, size_t n);

/*
 * Add a route.  A route with the same prefix, length and metric already
 * present: -EEXIST, unless replace, which overwrites it.  Routes of proto
 * KRT are apart: one of them and one of another proto may share a metric,
 * and on that tie the other (an xrouterctl route) wins.  A gateway route
 * must lie inside a connected route (proto KERNEL): its ifid is taken from
 * there when r->ifid is 0, and must match it otherwise; else -ENETUNREACH.
 * Out of FIB space: -ENOSPC.  A gateway of another family than dst, a bad
 * length or type: -EINVAL.  On error nothing changed.
 */
int rib_add(struct rib *rib, const struct rib_route *r, bool replace);
/*
 * Delete the lowest-metric route of dst (host bits ignored), with gateway
 * gw unless gw is NULL or has no family; never a proto KRT one.  -ESRCH if none.
 */
int rib_del(struct rib *rib, const struct xr_prefix *dst, const struct xr_ip *gw);
/* Delete the proto KRT route of dst with that metric: 0 or -ESRCH. */
int rib_del_krt(struct rib *rib, const struct xr_prefix *dst, uint32_t metric);
/*
 * ECMP: the group of these members (nhgroup.h), with a reference the caller
 * drops (nhg_put()) once the route that names it is added.  A member's
 * ifid is found from its gateway when 0, as a gateway route's; an
 * unreachable gateway: -ENETUNREACH; no group table: -EOPNOTSUPP.
 */
struct nhg_member;
struct nhg_table;
int rib_group_get(struct rib *rib, int af, struct nhg_member *m, unsigned n,
		  uint32_t *handle);
/* The group table (NULL: none), for reading members and link state. */
struct nhg_table *rib_groups(const struct rib *rib);
/* A port is down or up again: ECMP members through it leave their groups or return. */
void rib_link_set(struct rib *rib, uint32_t ifid, bool up);

/* Delete every route whose egress is ifid (link del, addr del of the subnet);
 * an ECMP route goes when any member's does. */
void rib_del_ifid(struct rib *rib, uint32_t ifid);
/* Delete gateway routes whose gateway is no longer inside a connected route. */
void rib_prune_unreachable_gw(struct rib *rib);

/*
 * What the fast path picks for addr: reads the compiled tables exactly as
 * the XDP program does.  Fills the winning route and next hop id; -ENETUNREACH if none.
 */
int rib_get(const struct rib *rib, const struct xr_ip *addr, struct rib_route *out,
	    uint32_t *nh_id);

/*
 * Exact match, O(1): the first route of prefix/len in metric order that
 * satisfies match (RIB_MATCH_*: the metric, the gateway of want, no
 * proto LOCAL route, no proto KRT route).  Copies it to out (may be NULL): 0, or -ESRCH.
 */
#define RIB_MATCH_METRIC	0x1u
#define RIB_MATCH_GW		0x2u
#define RIB_MATCH_NOT_LOCAL	0x4u
#define RIB_MATCH_NOT_KRT	0x8u
int rib_lookup(const struct rib *rib, const struct rib_route *want, unsigned match,
	       struct rib_route *out);

/* Visit routes ordered by prefix, then length, then metric; fn non-zero stops. */
int rib_foreach(const struct rib *rib, int (*fn)(const struct rib_route *, void *), void *ctx);
size_t rib_count(const struct rib *rib);
/* Routes of af by protocol, counts[proto] (enum rib_proto), in no order and without a sort. */
#define RIB_PROTO_SLOTS	256
void rib_count_proto(const struct rib *rib, int af, size_t counts[RIB_PROTO_SLOTS]);

/*
 * Gateway MACs kept in the next hops, so the fast path forwards via a
 * gateway without a neighbour lookup (nexthop.h has the details): the
 * resolver fills new slots, rib_nh_l2_set() follows neighbour changes,
 * rib_nh_sweep_used() reports the gateways the fast path used.
 */
void rib_set_resolver(struct rib *rib, nh_resolve_fn fn, void *ctx);
void rib_nh_l2_set(struct rib *rib, uint32_t ifid, const struct xr_ip *gw, const uint8_t *mac);
void rib_nh_sweep_used(struct rib *rib, nh_used_fn fn, void *ctx);

/* tbl8 groups and next-hop slots in use (leak checks, `status`). */
void rib_usage(const struct rib *rib, unsigned *groups, unsigned *nexthops);
/* IPv6 FIB nodes in use and how many there are; zero without an IPv6 table. */
void rib_fib6_usage(const struct rib *rib, unsigned *used, unsigned *max);
/* The IPv6 DXR table's shape (fib6dxr.h); all zero without one. */
struct fib6dxr_usage;
void rib_fib6dxr_usage(const struct rib *rib, struct fib6dxr_usage *u);
/* The DXR table's shape (dxr.h); all zero without one. */
struct dxr_usage;
void rib_dxr_usage(const struct rib *rib, struct dxr_usage *u);
/* How many of each there are: what "routing table is full" ran out of. */
void rib_limits(const struct rib *rib, unsigned *groups, unsigned *nexthops);

/*
 * Longest-prefix-match over the compiled tables alone (what XDP does), for
 * tests: the next hop id, 0 for no route.
 */
uint32_t fib_lookup(const uint32_t *tbl24, const uint32_t *tbl8, uint32_t addr);

#endif
