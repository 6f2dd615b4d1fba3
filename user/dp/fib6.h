/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Writer of the IPv6 forwarding table (layout in fib.h: a 16-bit direct
 * table over stride-8 nodes).  Like dir24.h it knows prefixes and values
 * only; which prefix wins is the RIB's business.  Every store is one
 * aligned 32-bit store and a node is filled before it is published, so
 * the fast path sees the old or the new value of each entry.  Addresses
 * are 16 bytes in network order.
 */
#ifndef XR_FIB6_H
#define XR_FIB6_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fib.h"

struct fib6;

/*
 * direct: XR_FIB6_DIRECT entries; nodes: nnodes nodes of XR_FIB6_NODE_SIZE
 * (0: XR_FIB6_NODES).  adopt: the tables already hold a FIB; learn which
 * nodes are used.
 */
struct fib6 *fib6_new(uint32_t *direct, uint32_t *nodes, uint32_t nnodes, bool adopt);
void fib6_free(struct fib6 *f);

/*
 * Point prefix/len at next hop nh (non-zero): every entry of the range not
 * owned by a longer prefix.  -ENOSPC when the nodes it needs are not free;
 * nothing is written then.
 */
int fib6_insert(struct fib6 *f, const uint8_t prefix[16], uint8_t len, uint32_t nh);
/*
 * Withdraw prefix/len: its entries take repl_nh at depth repl_len (the
 * longest shorter covering prefix; 0: no route).  Nodes left holding no
 * prefix longer than where they hang collapse into their parent entry.
 */
void fib6_remove(struct fib6 *f, const uint8_t prefix[16], uint8_t len,
		 uint32_t repl_nh, uint8_t repl_len);

/* The raw entry (next hop and depth) the fast path finds for addr. */
uint32_t fib6_lookup(const uint32_t *direct, const uint32_t *nodes, const uint8_t addr[16]);

/* Nodes in use, and how many there are. */
unsigned fib6_nodes_used(const struct fib6 *f);
unsigned fib6_nodes_max(const struct fib6 *f);

/*
 * Set live[id] = 1 for every next hop id an entry points at (XR_NH_MAX
 * bytes).  Returns how many runs of one value the leaves hold: about the
 * prefixes a restarted daemon is about to re-add.
 */
size_t fib6_mark_nh(const struct fib6 *f, uint8_t *live);

/*
 * Rewrite every leaf to fix(addr, entry, ctx), addr being the first
 * address it covers, and collapse nodes left with nothing longer than
 * where they hang.  For an adopted FIB whose RIB was only partly re-added.
 */
typedef uint32_t (*fib6_fix_fn)(const uint8_t addr[16], uint32_t entry, void *ctx);
void fib6_sweep(struct fib6 *f, fib6_fix_fn fix, void *ctx);

static inline uint8_t fib6_depth(uint32_t e)
{
	return (e >> XR_FIB6_DEPTH_SHIFT) & XR_FIB6_DEPTH_MASK;
}

#endif
