/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Compiler of the IPv6 DXR table (layout in fib.h): a direct entry per
 * /16, a table of 256 entries per /16 holding longer prefixes, below it
 * per /24 sorted range blocks keyed by address bits 24..63 (a crowded
 * region split again by tables on the next bytes), with a sub-block keyed
 * by the low 64 bits for a /64 holding longer prefixes.  It keeps the prefixes it was given (the RIB's winners) in an
 * index per /24, and after a change compiles the /24s the prefix covers
 * again, each into a fresh block published with one 64-bit store; old
 * blocks are reused only after a quarantine (dxr_pool.h).  Like fib6.h it
 * knows prefixes and next hops only; which route wins is the RIB's
 * business.  Addresses are 16 bytes in network order.
 */
#ifndef XR_FIB6DXR_H
#define XR_FIB6DXR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fib.h"

struct fib6dxr;

/* The arrays: fib6xd (XR_F6X_DIRECT entries) and fib6xr (nwords words). */
struct fib6dxr_tables {
	uint64_t *direct;
	uint64_t *words;
	uint32_t nwords;
};

/*
 * adopt: the arrays hold a previous daemon's table: it keeps forwarding,
 * untouched, while routes are re-added, until fib6dxr_adopt_done().
 * Otherwise the direct table is cleared.
 */
struct fib6dxr *fib6dxr_new(const struct fib6dxr_tables *t, bool adopt);
void fib6dxr_free(struct fib6dxr *f);

/*
 * Point prefix/len at next hop nh (non-zero), replacing its next hop if it
 * is there.  -ENOSPC when fib6xr has no room for the blocks it needs: the
 * table is then as it was.
 */
int fib6dxr_insert(struct fib6dxr *f, const uint8_t prefix[16], uint8_t len, uint32_t nh);
/* Withdraw prefix/len: its addresses fall to the longest prefix covering it. */
void fib6dxr_remove(struct fib6dxr *f, const uint8_t prefix[16], uint8_t len);
/* After adopt: compile every /16 from the prefixes re-added since. */
void fib6dxr_adopt_done(struct fib6dxr *f);
/*
 * A batch of changes (--config into fresh tables): from fib6dxr_defer()
 * on, insert and remove only keep the prefixes, and fib6dxr_commit()
 * compiles each /16 they touched once, where compiling per change rebuilt
 * a crowded /24 for each of its prefixes.  Meanwhile the arrays forward
 * as they were.  commit: 0, or -ENOSPC when fib6xr cannot hold the
 * result (the /16s compiled before the one that did not fit stay; the
 * prefixes are all kept).  Inside an adoption (which defers until
 * fib6dxr_adopt_done()) both do nothing.
 */
void fib6dxr_defer(struct fib6dxr *f);
int fib6dxr_commit(struct fib6dxr *f);

/* What the fast path finds for addr, read as the XDP program reads it: next hop id or 0. */
uint32_t fib6dxr_lookup(const struct fib6dxr_tables *t, const uint8_t addr[16]);

/*
 * Set live[id] = 1 for every next hop id the table points at (XR_NH_MAX
 * bytes); returns how many ranges hold one: about the prefixes to re-add.
 */
size_t fib6dxr_mark_nh(const struct fib6dxr *f, uint8_t *live);

struct fib6dxr_usage {
	unsigned leaves;	/* /16s with one next hop */
	unsigned tables;	/* tables: one per /16 holding a longer prefix, */
	unsigned deep;		/* of which below a /16's, splitting a crowded region */
	unsigned blocks;	/* /24s searched in a block of ranges */
	unsigned blocks16;	/* /16s of few ranges searched in one (XR_F6X_BLOCK16) */
	unsigned subs;		/* /64s searched in a sub-block */
	size_t ranges;		/* ranges in blocks and sub-blocks */
	unsigned max_count;	/* largest block or sub-block */
	size_t words;		/* fib6xr words in live tables and blocks, class rounding included */
	size_t words_max;	/* how many fib6xr holds */
	size_t words_top;	/* highest word ever handed out */
	size_t prefixes;	/* in the index */
};
void fib6dxr_usage(const struct fib6dxr *f, struct fib6dxr_usage *u);
/* fib6xr words in use (as words above) and how many there are, without a walk. */
void fib6dxr_space(const struct fib6dxr *f, size_t *used, size_t *max);

#endif
