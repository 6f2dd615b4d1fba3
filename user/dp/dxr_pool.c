// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The DXR block allocator (dxr_pool.h), shared by the IPv4 and the IPv6
 * DXR compilers so both reuse freed ranges by the same rule.
 */
#include <errno.h>
#include <stdlib.h>

#include "dxr_pool.h"

#define DXR_QUARANTINE		16u	/* freed blocks of a size queued before reuse */

void dxr_pool_init(struct dxr_pool *p, uint32_t units, uint32_t line, uint32_t align)
{
	*p = (struct dxr_pool){ .units = units, .line = line, .align = align };
}

void dxr_pool_fini(struct dxr_pool *p)
{
	unsigned k;

	for (k = 0; k < DXR_CLASSES; k++)
		free(p->freed[k].v);
}

/*
 * Steps of 4 units up to 256, of 64 up to 4096, of 1024 beyond, so a
 * freed block fits the next block of about its size and little is lost.
 */
uint32_t dxr_pool_class(uint32_t n, uint32_t *cap)
{
	uint32_t c;

	if (n <= 256) {
		c = (n + 3) / 4;
		*cap = c * 4;
		return c;
	}
	if (n <= 4096) {
		c = (n + 63) / 64;
		*cap = c * 64;
		return 64 + c;
	}
	c = (n + 1023) / 1024;
	*cap = c * 1024;
	return 128 + c;
}

static int queue_push(struct dxr_queue *q, uint32_t x)
{
	uint32_t cap, i, *v;

	if (q->len == q->cap) {
		cap = q->cap ? q->cap * 2 : 16;
		v = malloc((size_t)cap * sizeof(*v));
		if (!v)
			return -ENOMEM;
		for (i = 0; i < q->len; i++)
			v[i] = q->v[(q->head + i) % q->cap];
		free(q->v);
		q->v = v;
		q->cap = cap;
		q->head = 0;
	}
	q->v[(q->head + q->len) % q->cap] = x;
	q->len++;
	return 0;
}

static uint32_t queue_pop(struct dxr_queue *q)
{
	uint32_t x = q->v[q->head];

	q->head = (q->head + 1) % q->cap;
	q->len--;
	return x;
}

int dxr_pool_alloc(struct dxr_pool *p, uint32_t n, uint32_t *at)
{
	uint32_t cap, top = (p->top + p->align - 1) & ~(p->align - 1);
	struct dxr_queue *q;

	if (!n || n > DXR_BLOCK_MAX)
		return -ENOSPC;
	q = &p->freed[dxr_pool_class(n, &cap)];
	if (q->len > DXR_QUARANTINE) {
		*at = queue_pop(q);
		p->live += cap;
		return 0;
	}
	/* A block that fits in a cache line does not straddle two. */
	if ((cap <= p->line && top % p->line + cap > p->line) || (cap > p->line && p->big_aligned))
		top = (top + p->line - 1) / p->line * p->line;
	if (top > p->units || p->units - top < cap)
		return -ENOSPC;
	*at = top;
	p->top = top + cap;
	p->live += cap;
	return 0;
}

/* Without memory for the queue the block is lost, not reused early. */
void dxr_pool_release(struct dxr_pool *p, uint32_t at, uint32_t n)
{
	uint32_t cap;

	if (!n || n > DXR_BLOCK_MAX)
		return;
	queue_push(&p->freed[dxr_pool_class(n, &cap)], at);
	p->live -= cap < p->live ? cap : p->live;
}

int dxr_pool_adopt(struct dxr_pool *p, uint32_t at, uint32_t n)
{
	uint32_t cap, end;

	if (!n || n > DXR_BLOCK_MAX)
		return -ERANGE;
	dxr_pool_class(n, &cap);
	end = at + cap;
	if (at >= p->units || end > p->units || end < at)
		return -ERANGE;
	if (end > p->top)
		p->top = end;
	p->live += cap;
	return 0;
}
