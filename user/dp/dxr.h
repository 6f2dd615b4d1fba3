/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Compiler of the DXR table the fast path searches (layout in fib.h) from
 * the DIR-24-8 table the RIB writes (dir24.h).  DIR-24-8 stays the source:
 * after each change of a prefix the /16s it covers are compiled again from
 * it, each into a fresh block published by one 64-bit store, so a reader
 * sees a /16's old ranges or its new ones, never a mix.  Replaced blocks
 * are reused only after others of their size were freed after them.
 */
#ifndef XR_DXR_H
#define XR_DXR_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fib.h"

struct dxr;

/* The arrays: fibd (XR_DXR_DIRECT entries), fibr (nranges __u32 words), DIR-24-8 read-only. */
struct dxr_tables {
	uint64_t *direct;
	uint32_t *ranges;
	uint32_t nranges;
	const uint32_t *tbl24;
	const uint32_t *tbl8;
};

/*
 * adopt: direct already holds a table (a restarted daemon): keep it and
 * allocate behind every block it uses.  Otherwise direct must be all zero
 * (every /16 read from DIR-24-8) and is compiled by dxr_build().
 */
struct dxr *dxr_new(const struct dxr_tables *t, bool adopt);
void dxr_free(struct dxr *d);

/* Compile again the /16s that prefix/len covers, after DIR-24-8 changed there. */
void dxr_update(struct dxr *d, uint32_t prefix, uint8_t len);
/* Compile every /16. */
void dxr_build(struct dxr *d);
/*
 * A batch (rib_defer()): from dxr_defer() on, dxr_update() only notes the
 * /16s a change covers, and dxr_commit() compiles each of them once.  In
 * between the fast path reads what they held before (DIR-24-8 is already
 * new, the /16's DXR entry still old): a load of a full table compiles a
 * /16 once instead of once per prefix in it.
 */
void dxr_defer(struct dxr *d);
void dxr_commit(struct dxr *d);

struct dxr_usage {
	unsigned leaves;	/* /16s with one next hop: no range read */
	unsigned inlines;	/* /16s with 2..4 short ranges in the direct entry */
	unsigned blocks;	/* /16s searched in a block of ranges */
	unsigned shorts;	/* of which in 16-bit ranges */
	unsigned fallback;	/* /16s left to DIR-24-8: out of range space */
	size_t ranges;		/* ranges in live blocks */
	size_t bytes;		/* fibr bytes live blocks take, class rounding included */
	size_t bytes_max;	/* how many fibr holds */
	size_t bytes_top;	/* highest byte ever handed out */
	unsigned max_count;	/* largest block: a lookup halves log2 of this often */
};
void dxr_usage(const struct dxr *d, struct dxr_usage *u);

/*
 * What the fast path finds for addr (host order), read exactly as the XDP
 * program reads it: the next hop id, 0 for no route.
 */
uint32_t dxr_lookup(const struct dxr_tables *t, uint32_t addr);

#endif
