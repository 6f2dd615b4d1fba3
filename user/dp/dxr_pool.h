/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The block allocator of the DXR tables (IPv4's dxr.c, IPv6's fib6dxr.c):
 * a region of a map handed out in size classes, a freed block reused only
 * after DXR_QUARANTINE more of its class were freed after it, so a packet
 * that read the entry pointing at it finishes its search in old ranges.
 * Sizes are in units the caller picks (__u16 slots for IPv4, __u64 words
 * for IPv6).
 */
#ifndef XR_DXR_POOL_H
#define XR_DXR_POOL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#define DXR_CLASSES		257u	/* block size classes, dxr_pool_class() */
#define DXR_BLOCK_MAX		(1u << 17)	/* units of the largest block */

struct dxr_queue {
	uint32_t *v;
	uint32_t head, len, cap;
};

struct dxr_pool {
	uint32_t units;			/* the region's size */
	uint32_t top;			/* units [0, top) were handed out at some time */
	uint32_t line;			/* units per cache line: a block that fits stays in one */
	uint32_t align;			/* every block starts on a multiple (a power of 2) */
	bool big_aligned;		/* a block larger than a line starts one */
	size_t live;			/* units in blocks handed out and not released */
	struct dxr_queue freed[DXR_CLASSES];
};

void dxr_pool_init(struct dxr_pool *p, uint32_t units, uint32_t line, uint32_t align);
void dxr_pool_fini(struct dxr_pool *p);
/* Size class of a block of n units, and the units it really takes in *cap. */
uint32_t dxr_pool_class(uint32_t n, uint32_t *cap);
/* n units: a quarantined freed block of the class, else fresh space; -ENOSPC. */
int dxr_pool_alloc(struct dxr_pool *p, uint32_t n, uint32_t *at);
/* The block of n units at at is no longer reachable by a new lookup. */
void dxr_pool_release(struct dxr_pool *p, uint32_t at, uint32_t n);
/* An adopted table uses n units at at: allocate behind them; -ERANGE if outside. */
int dxr_pool_adopt(struct dxr_pool *p, uint32_t at, uint32_t n);

#endif
