/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Writer of the DIR-24-8 forwarding table (entry encoding in fib.h).  It
 * knows prefixes and values only; which prefix wins is the RIB's business.
 * Every store is one aligned 32-bit store, so the fast path reading the
 * tables at any instant sees the old or the new value of each entry.
 * Addresses are host byte order.
 */
#ifndef XR_DIR24_H
#define XR_DIR24_H

#include <stdbool.h>
#include <stdint.h>

#include "fib.h"

struct dir24;

/*
 * tbl8 holds groups tbl8 groups (0: XR_TBL8_GROUPS).  adopt: the tables
 * already hold a FIB; learn which tbl8 groups are used.
 */
struct dir24 *dir24_new(uint32_t *tbl24, uint32_t *tbl8, uint32_t groups, bool adopt);
void dir24_free(struct dir24 *d);

/*
 * Point prefix/len at next hop nh (non-zero): every entry of the range
 * not owned by a longer prefix.  -ENOSPC when no tbl8 group is left;
 * nothing is written then.
 */
int dir24_insert(struct dir24 *d, uint32_t prefix, uint8_t len, uint32_t nh);
/*
 * Withdraw prefix/len: the entries it owns take the value of the longest
 * shorter covering prefix (repl_nh at depth repl_len), or no route when
 * repl_nh is 0.  Groups left without a longer-than-/24 entry collapse.
 */
void dir24_remove(struct dir24 *d, uint32_t prefix, uint8_t len,
		  uint32_t repl_nh, uint8_t repl_len);

/* The raw entry (next hop and depth) the fast path finds for addr. */
uint32_t dir24_lookup(const uint32_t *tbl24, const uint32_t *tbl8, uint32_t addr);

/* tbl8 groups in use, and how many there are. */
unsigned dir24_groups_used(const struct dir24 *d);
unsigned dir24_groups_max(const struct dir24 *d);

/*
 * Set live[id] = 1 for every next hop id some entry points at (XR_NH_MAX
 * bytes).  Returns how many prefixes the entries show (runs of one value
 * written by one prefix): what a restarted daemon is about to re-add,
 * give or take the prefixes hidden under longer ones.
 */
size_t dir24_mark_nh(const struct dir24 *d, uint8_t *live);

/*
 * Rewrite every non-empty entry to fix(addr, entry, ctx), addr being the
 * first address the entry covers, and collapse groups left without long
 * entries.  For an adopted FIB whose RIB was only partly re-added.
 */
typedef uint32_t (*dir24_fix_fn)(uint32_t addr, uint32_t entry, void *ctx);
void dir24_sweep(struct dir24 *d, dir24_fix_fn fix, void *ctx);

static inline uint8_t dir24_depth(uint32_t e)
{
	return (e >> XR_FIB_DEPTH_SHIFT) & XR_FIB_DEPTH_MASK;
}

static inline uint32_t dir24_mask(uint8_t len)
{
	return len ? ~0u << (32 - len) : 0;
}

#endif
