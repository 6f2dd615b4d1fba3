/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * DIR-24-8 table writer.  tbl24 has one entry per /24; a /24 holding a
 * longer prefix points instead at a tbl8 group of 256 entries, one per
 * address.  Each entry carries the length (depth) of the prefix that wrote
 * it, which is what lets an insert skip entries owned by longer prefixes,
 * a remove find exactly the entries it owns, and a restarted daemon
 * rebuild its view from the tables alone.
 *
 * Freed groups are reused first-in first-out: a packet that read a tbl24
 * entry just before its group was freed still finds the old contents,
 * since the group is the last one to be handed out again.
 */
#include <errno.h>
#include <stdlib.h>

#include "dir24.h"

#define DIR24_GROUP_SIZE	XR_TBL8_GROUP_SIZE

struct dir24 {
	uint32_t *tbl24;
	uint32_t *tbl8;
	uint32_t ngroups;	/* tbl8 size, in groups */
	uint32_t *fifo;		/* ngroups free group indices, oldest first */
	uint32_t fifo_head;
	uint32_t fifo_len;
};

/* Single writer: the plain read is ours; readers only see whole stores. */
static inline void dir24_store(uint32_t *p, uint32_t v)
{
	if (*p != v)
		__atomic_store_n(p, v, __ATOMIC_RELEASE);
}

static void dir24_group_put(struct dir24 *d, uint32_t g)
{
	d->fifo[(d->fifo_head + d->fifo_len) % d->ngroups] = g;
	d->fifo_len++;
}

static int dir24_group_get(struct dir24 *d, uint32_t *g)
{
	if (!d->fifo_len)
		return -ENOSPC;
	*g = d->fifo[d->fifo_head];
	d->fifo_head = (d->fifo_head + 1) % d->ngroups;
	d->fifo_len--;
	return 0;
}

static uint32_t *dir24_group(const struct dir24 *d, uint32_t e)
{
	return d->tbl8 + (size_t)(e & ~XR_FIB_GROUP) * DIR24_GROUP_SIZE;
}

static void dir24_adopt(struct dir24 *d)
{
	uint8_t *used = calloc(d->ngroups, 1);
	uint32_t i, e;

	/* Without the scratch map, no group can be trusted free: use none. */
	if (!used)
		return;
	for (i = 0; i < XR_TBL24_ENTRIES; i++) {
		e = d->tbl24[i];
		if ((e & XR_FIB_GROUP) && (e & ~XR_FIB_GROUP) < d->ngroups)
			used[e & ~XR_FIB_GROUP] = 1;
	}
	for (i = 0; i < d->ngroups; i++)
		if (!used[i])
			dir24_group_put(d, i);
	free(used);
}

struct dir24 *dir24_new(uint32_t *tbl24, uint32_t *tbl8, uint32_t groups, bool adopt)
{
	struct dir24 *d = calloc(1, sizeof(*d));
	uint32_t i;

	if (!d)
		return NULL;
	d->tbl24 = tbl24;
	d->tbl8 = tbl8;
	d->ngroups = groups ? groups : XR_TBL8_GROUPS;
	d->fifo = malloc((size_t)d->ngroups * sizeof(*d->fifo));
	if (!d->fifo) {
		free(d);
		return NULL;
	}
	if (adopt) {
		dir24_adopt(d);
		return d;
	}
	for (i = 0; i < d->ngroups; i++)
		dir24_group_put(d, i);
	return d;
}

void dir24_free(struct dir24 *d)
{
	if (d)
		free(d->fifo);
	free(d);
}

/* Entries [first, first + n) of a group not owned by a longer prefix. */
static void dir24_group_fill(uint32_t *grp, uint32_t first, uint32_t n,
			     uint8_t len, uint32_t v)
{
	uint32_t i;

	for (i = first; i < first + n; i++)
		if (dir24_depth(grp[i]) <= len)
			dir24_store(&grp[i], v);
}

/* Entries [first, first + n) of a group that prefix length len owns. */
static void dir24_group_swap(uint32_t *grp, uint32_t first, uint32_t n,
			     uint8_t len, uint32_t v)
{
	uint32_t i;

	for (i = first; i < first + n; i++)
		if (grp[i] && dir24_depth(grp[i]) == len)
			dir24_store(&grp[i], v);
}

static void dir24_insert_short(struct dir24 *d, uint32_t prefix, uint8_t len,
			       uint32_t v)
{
	uint32_t first = prefix >> 8, n = 1u << (24 - len), i, e;

	for (i = first; i < first + n; i++) {
		e = d->tbl24[i];
		if (e & XR_FIB_GROUP)
			dir24_group_fill(dir24_group(d, e), 0, DIR24_GROUP_SIZE, len, v);
		else if (dir24_depth(e) <= len)
			dir24_store(&d->tbl24[i], v);
	}
}

static int dir24_insert_long(struct dir24 *d, uint32_t prefix, uint8_t len,
			     uint32_t v)
{
	uint32_t slot = prefix >> 8, e = d->tbl24[slot], g, i, *grp;
	int err;

	if (!(e & XR_FIB_GROUP)) {
		err = dir24_group_get(d, &g);
		if (err)
			return err;
		grp = d->tbl8 + (size_t)g * DIR24_GROUP_SIZE;
		for (i = 0; i < DIR24_GROUP_SIZE; i++)
			__atomic_store_n(&grp[i], e, __ATOMIC_RELAXED);
		/* The group is complete before the fast path can reach it. */
		e = XR_FIB_GROUP | g;
		__atomic_store_n(&d->tbl24[slot], e, __ATOMIC_RELEASE);
	}
	dir24_group_fill(dir24_group(d, e), prefix & 0xff, 1u << (32 - len), len, v);
	return 0;
}

int dir24_insert(struct dir24 *d, uint32_t prefix, uint8_t len, uint32_t nh)
{
	uint32_t v = XR_FIB_ENTRY(nh & XR_FIB_NH_MASK, len);

	if (len > 32 || !nh || nh > XR_FIB_NH_MASK)
		return -EINVAL;
	prefix &= dir24_mask(len);
	if (len <= 24) {
		dir24_insert_short(d, prefix, len, v);
		return 0;
	}
	return dir24_insert_long(d, prefix, len, v);
}

/* Fold a group with no entry longer than /24 back into its tbl24 slot. */
static void dir24_collapse(struct dir24 *d, uint32_t slot)
{
	uint32_t e = d->tbl24[slot], *grp = dir24_group(d, e), i;

	for (i = 0; i < DIR24_GROUP_SIZE; i++)
		if (dir24_depth(grp[i]) > 24)
			return;
	/* All entries now hold the same /24-or-shorter value. */
	__atomic_store_n(&d->tbl24[slot], grp[0], __ATOMIC_RELEASE);
	dir24_group_put(d, e & ~XR_FIB_GROUP);
}

void dir24_remove(struct dir24 *d, uint32_t prefix, uint8_t len,
		  uint32_t repl_nh, uint8_t repl_len)
{
	uint32_t v = repl_nh ? XR_FIB_ENTRY(repl_nh & XR_FIB_NH_MASK, repl_len) : 0;
	uint32_t first, n, i, e;

	if (len > 32)
		return;
	prefix &= dir24_mask(len);
	if (len > 24) {
		e = d->tbl24[prefix >> 8];
		if (!(e & XR_FIB_GROUP))
			return;
		dir24_group_swap(dir24_group(d, e), prefix & 0xff, 1u << (32 - len), len, v);
		dir24_collapse(d, prefix >> 8);
		return;
	}
	first = prefix >> 8;
	n = 1u << (24 - len);
	for (i = first; i < first + n; i++) {
		e = d->tbl24[i];
		if (e & XR_FIB_GROUP)
			dir24_group_swap(dir24_group(d, e), 0, DIR24_GROUP_SIZE, len, v);
		else if (e && dir24_depth(e) == len)
			dir24_store(&d->tbl24[i], v);
	}
}

uint32_t dir24_lookup(const uint32_t *tbl24, const uint32_t *tbl8, uint32_t addr)
{
	uint32_t e = __atomic_load_n(&tbl24[addr >> 8], __ATOMIC_ACQUIRE);

	if (e & XR_FIB_GROUP)
		e = __atomic_load_n(&tbl8[(size_t)(e & ~XR_FIB_GROUP) * DIR24_GROUP_SIZE +
					  (addr & 0xff)], __ATOMIC_RELAXED);
	return e;
}

uint32_t fib_lookup(const uint32_t *tbl24, const uint32_t *tbl8, uint32_t addr)
{
	return dir24_lookup(tbl24, tbl8, addr) & XR_FIB_NH_MASK;
}

unsigned dir24_groups_used(const struct dir24 *d)
{
	return d->ngroups - d->fifo_len;
}

unsigned dir24_groups_max(const struct dir24 *d)
{
	return d->ngroups;
}

struct dir24_runs {
	uint32_t e, prefix;
	size_t n;
};

/* One more entry e at addr: a new prefix unless it continues the last run. */
static void dir24_run_add(struct dir24_runs *r, uint32_t addr, uint32_t e)
{
	uint8_t depth = dir24_depth(e) > 32 ? 32 : dir24_depth(e);
	uint32_t p = addr & dir24_mask(depth);

	if (!e || (r->n && e == r->e && p == r->prefix))
		return;
	r->e = e;
	r->prefix = p;
	r->n++;
}

size_t dir24_mark_nh(const struct dir24 *d, uint8_t *live)
{
	struct dir24_runs runs = { 0 };
	uint32_t i, j, e, *grp;

	for (i = 0; i < XR_TBL24_ENTRIES; i++) {
		e = d->tbl24[i];
		if (!(e & XR_FIB_GROUP)) {
			live[(e & XR_FIB_NH_MASK) % XR_NH_MAX] = 1;
			dir24_run_add(&runs, i << 8, e);
			continue;
		}
		if ((e & ~XR_FIB_GROUP) >= d->ngroups)
			continue;
		grp = dir24_group(d, e);
		for (j = 0; j < DIR24_GROUP_SIZE; j++) {
			live[(grp[j] & XR_FIB_NH_MASK) % XR_NH_MAX] = 1;
			dir24_run_add(&runs, i << 8 | j, grp[j]);
		}
	}
	live[0] = 0;
	return runs.n;
}

static void dir24_sweep_group(struct dir24 *d, uint32_t slot, dir24_fix_fn fix, void *ctx)
{
	uint32_t *grp = dir24_group(d, d->tbl24[slot]), j;

	for (j = 0; j < DIR24_GROUP_SIZE; j++)
		if (grp[j])
			dir24_store(&grp[j], fix(slot << 8 | j, grp[j], ctx));
	dir24_collapse(d, slot);
}

void dir24_sweep(struct dir24 *d, dir24_fix_fn fix, void *ctx)
{
	uint32_t i, e;

	for (i = 0; i < XR_TBL24_ENTRIES; i++) {
		e = d->tbl24[i];
		if (!e)
			continue;
		if (!(e & XR_FIB_GROUP))
			dir24_store(&d->tbl24[i], fix(i << 8, e, ctx));
		else if ((e & ~XR_FIB_GROUP) < d->ngroups)
			dir24_sweep_group(d, i, fix, ctx);
	}
}
