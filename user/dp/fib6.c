// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The IPv6 FIB compiler (fib6.h): prefixes into a 16-bit direct table and
 * stride-8 nodes, each entry knowing the length of the prefix that wrote
 * it, so a longer prefix is never overwritten by a shorter one and a
 * withdrawal knows which entries were its own.  Free nodes wait in a FIFO:
 * a node freed now is reused only after every other free node, so a
 * packet still walking it when it was unlinked has long finished.
 */
#include <errno.h>
#include <stdlib.h>
#include <string.h>

#include "fib6.h"

#define F6_LEVEL0	XR_FIB6_DIRECT_BITS	/* bits above the first node */

struct fib6 {
	uint32_t *direct;
	uint32_t *nodes;
	uint32_t nnodes;
	uint32_t *fifo;			/* free node indexes, oldest first */
	uint32_t head, nfree;
};

static void f6_store(uint32_t *e, uint32_t v)
{
	__atomic_store_n(e, v, __ATOMIC_RELEASE);
}

static bool f6_is_node(uint32_t e)
{
	return e & XR_FIB6_NODE;
}

static uint32_t *f6_node(const struct fib6 *f, uint32_t e)
{
	return f->nodes + (size_t)(e & ~XR_FIB6_NODE) * XR_FIB6_NODE_SIZE;
}

static uint32_t f6_direct_index(const uint8_t *a)
{
	return (uint32_t)a[0] << 8 | a[1];
}

/* ---- free nodes ---- */

static void f6_free_push(struct fib6 *f, uint32_t n)
{
	f->fifo[(f->head + f->nfree++) % f->nnodes] = n;
}

static uint32_t f6_free_pop(struct fib6 *f)
{
	uint32_t n = f->fifo[f->head];

	f->head = (f->head + 1) % f->nnodes;
	f->nfree--;
	return n;
}

/* A node holding leaf everywhere, published in *e with one store. */
static void f6_split(struct fib6 *f, uint32_t *e)
{
	uint32_t n = f6_free_pop(f), leaf = *e, i;
	uint32_t *node = f->nodes + (size_t)n * XR_FIB6_NODE_SIZE;

	for (i = 0; i < XR_FIB6_NODE_SIZE; i++)
		node[i] = leaf;
	f6_store(e, XR_FIB6_NODE | n);
}

/* ---- life cycle ---- */

static void f6_mark(const struct fib6 *f, uint32_t e, uint8_t *used)
{
	uint32_t *node, i;

	if (!f6_is_node(e) || (e & ~XR_FIB6_NODE) >= f->nnodes)
		return;
	used[e & ~XR_FIB6_NODE] = 1;
	node = f6_node(f, e);
	for (i = 0; i < XR_FIB6_NODE_SIZE; i++)
		f6_mark(f, node[i], used);
}

/* Nodes nothing reaches go to the FIFO. */
static int f6_adopt(struct fib6 *f)
{
	uint8_t *used = calloc(f->nnodes, 1);
	uint32_t i;

	if (!used)
		return -ENOMEM;
	for (i = 0; i < XR_FIB6_DIRECT; i++)
		f6_mark(f, f->direct[i], used);
	for (i = 0; i < f->nnodes; i++)
		if (!used[i])
			f6_free_push(f, i);
	free(used);
	return 0;
}

struct fib6 *fib6_new(uint32_t *direct, uint32_t *nodes, uint32_t nnodes, bool adopt)
{
	struct fib6 *f = calloc(1, sizeof(*f));
	uint32_t i;

	if (!f)
		return NULL;
	f->direct = direct;
	f->nodes = nodes;
	f->nnodes = nnodes ? nnodes : XR_FIB6_NODES;
	f->fifo = malloc((size_t)f->nnodes * sizeof(*f->fifo));
	if (!f->fifo) {
		free(f);
		return NULL;
	}
	if (adopt) {
		if (f6_adopt(f)) {
			fib6_free(f);
			return NULL;
		}
		return f;
	}
	memset(direct, 0, XR_FIB6_DIRECT * sizeof(*direct));
	for (i = 0; i < f->nnodes; i++)
		f6_free_push(f, i);
	return f;
}

void fib6_free(struct fib6 *f)
{
	if (!f)
		return;
	free(f->fifo);
	free(f);
}

/* ---- changes ---- */

/*
 * Entry e and every leaf below it that the prefix of length len owns
 * takes v.  Installing, it owns what no longer prefix wrote (a longer one
 * keeps its own); withdrawing, what it wrote itself.
 */
static void f6_write(struct fib6 *f, uint32_t *e, uint32_t v, uint8_t len, bool withdraw)
{
	uint32_t *node, i;

	if (f6_is_node(*e)) {
		node = f6_node(f, *e);
		for (i = 0; i < XR_FIB6_NODE_SIZE; i++)
			f6_write(f, &node[i], v, len, withdraw);
	} else if (withdraw ? *e && fib6_depth(*e) == len : fib6_depth(*e) <= len) {
		f6_store(e, v);
	}
}

/* Nodes prefix/len needs that do not exist yet. */
static unsigned f6_need(const struct fib6 *f, const uint8_t *p, uint8_t len)
{
	uint32_t e = f->direct[f6_direct_index(p)];
	unsigned level, need = 0;

	for (level = F6_LEVEL0; level < len; level += XR_FIB6_STRIDE) {
		if (!f6_is_node(e)) {
			need += (len - level + XR_FIB6_STRIDE - 1) / XR_FIB6_STRIDE;
			break;
		}
		e = f6_node(f, e)[p[level / 8]];
	}
	return need;
}

/* The run of entries prefix/len covers in the table whose entries start at bit level. */
static void f6_range(const uint8_t *p, uint8_t len, unsigned level, unsigned bits,
		     uint32_t *first, uint32_t *n)
{
	uint32_t idx = level == 0 ? f6_direct_index(p) : p[level / 8];

	*n = 1u << (level + bits - len);
	*first = idx & ~(*n - 1);
}

int fib6_insert(struct fib6 *f, const uint8_t prefix[16], uint8_t len, uint32_t nh)
{
	uint32_t v = XR_FIB6_ENTRY(nh, len), *table = f->direct, *e, first, n, i;
	unsigned level = 0, bits = F6_LEVEL0;

	if (len > 128 || !nh || nh > XR_FIB6_NH_MASK)
		return -EINVAL;
	if (f6_need(f, prefix, len) > f->nfree)
		return -ENOSPC;
	while (len > level + bits) {
		e = &table[level == 0 ? f6_direct_index(prefix) : prefix[level / 8]];
		if (!f6_is_node(*e))
			f6_split(f, e);
		table = f6_node(f, *e);
		level += bits;
		bits = XR_FIB6_STRIDE;
	}
	f6_range(prefix, len, level, bits, &first, &n);
	for (i = 0; i < n; i++)
		f6_write(f, &table[first + i], v, len, false);
	return 0;
}

/* A node whose entries are all leaves of prefixes no longer than level. */
static bool f6_collapsible(const uint32_t *node, unsigned level)
{
	uint32_t i;

	for (i = 0; i < XR_FIB6_NODE_SIZE; i++)
		if (f6_is_node(node[i]) || fib6_depth(node[i]) > level)
			return false;
	return true;
}

/* Replace the node *e points at by its single value and queue it for reuse. */
static void f6_collapse(struct fib6 *f, uint32_t *e)
{
	uint32_t n = *e & ~XR_FIB6_NODE;

	f6_store(e, f6_node(f, *e)[0]);
	f6_free_push(f, n);
}

void fib6_remove(struct fib6 *f, const uint8_t prefix[16], uint8_t len,
		 uint32_t repl_nh, uint8_t repl_len)
{
	uint32_t repl = repl_nh ? XR_FIB6_ENTRY(repl_nh, repl_len) : 0;
	uint32_t *table = f->direct, *path[XR_FIB6_LEVELS + 1], first, n, i;
	unsigned level = 0, bits = F6_LEVEL0, depth = 0, lv[XR_FIB6_LEVELS + 1];

	if (len > 128)
		return;
	while (len > level + bits) {
		uint32_t *e = &table[level == 0 ? f6_direct_index(prefix) : prefix[level / 8]];

		if (!f6_is_node(*e))
			return;		/* never installed */
		path[depth] = e;
		table = f6_node(f, *e);
		level += bits;
		lv[depth++] = level;
		bits = XR_FIB6_STRIDE;
	}
	f6_range(prefix, len, level, bits, &first, &n);
	for (i = 0; i < n; i++)
		f6_write(f, &table[first + i], repl, len, true);
	while (depth-- > 0) {
		if (!f6_collapsible(f6_node(f, *path[depth]), lv[depth]))
			break;
		f6_collapse(f, path[depth]);
	}
}

uint32_t fib6_lookup(const uint32_t *direct, const uint32_t *nodes, const uint8_t addr[16])
{
	uint32_t e = direct[f6_direct_index(addr)];
	unsigned i;

	for (i = 0; i < XR_FIB6_LEVELS && f6_is_node(e); i++)
		e = nodes[(size_t)(e & ~XR_FIB6_NODE) * XR_FIB6_NODE_SIZE + addr[2 + i]];
	return f6_is_node(e) ? 0 : e;
}

unsigned fib6_nodes_used(const struct fib6 *f)
{
	return f->nnodes - f->nfree;
}

unsigned fib6_nodes_max(const struct fib6 *f)
{
	return f->nnodes;
}

/* ---- walks of the whole table ---- */

struct f6_walk {
	struct fib6 *f;
	uint8_t addr[16];
	uint32_t last;		/* previous leaf, for counting runs */
	size_t runs;
	uint8_t *live;
	fib6_fix_fn fix;
	void *ctx;
};

/* Bits [level, level + bits) of w->addr = idx. */
static void f6_walk_set(struct f6_walk *w, unsigned level, unsigned bits, uint32_t idx)
{
	if (bits == F6_LEVEL0 && level == 0) {
		w->addr[0] = idx >> 8;
		w->addr[1] = idx & 0xff;
	} else {
		w->addr[level / 8] = idx;
	}
}

static void f6_walk_leaf(struct f6_walk *w, uint32_t *e)
{
	uint32_t v;

	if (w->fix && *e) {
		v = w->fix(w->addr, *e, w->ctx);
		if (v != *e)
			f6_store(e, v);
	}
	if (w->live && *e)
		w->live[*e & XR_FIB6_NH_MASK] = 1;
	if (*e && *e != w->last)
		w->runs++;
	w->last = *e;
}

/* Every entry of table (bits [level, level + bits)), depth first. */
static void f6_walk(struct f6_walk *w, uint32_t *table, unsigned level, unsigned bits)
{
	uint32_t i, *node;

	for (i = 0; i < (1u << bits); i++) {
		f6_walk_set(w, level, bits, i);
		if (!f6_is_node(table[i])) {
			f6_walk_leaf(w, &table[i]);
			continue;
		}
		node = f6_node(w->f, table[i]);
		f6_walk(w, node, level + bits, XR_FIB6_STRIDE);
		w->addr[(level + bits) / 8] = 0;
		if (w->fix && f6_collapsible(node, level + bits))
			f6_collapse(w->f, &table[i]);
	}
}

size_t fib6_mark_nh(const struct fib6 *f, uint8_t *live)
{
	struct f6_walk w = { .f = (struct fib6 *)f, .live = live };

	f6_walk(&w, f->direct, 0, F6_LEVEL0);
	return w.runs;
}

void fib6_sweep(struct fib6 *f, fib6_fix_fn fix, void *ctx)
{
	struct f6_walk w = { .f = f, .fix = fix, .ctx = ctx };

	f6_walk(&w, f->direct, 0, F6_LEVEL0);
}
