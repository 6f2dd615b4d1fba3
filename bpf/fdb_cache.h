/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What makes a switched frame cost about what a routed one does: the FDB
 * hash (`fdb`) stays the truth, but the two lookups every frame makes
 * (learning its source, forwarding to its destination) are answered from
 * a per-CPU direct-mapped array in front of it, and the clock they compare
 * stamps with is read once per tick instead of once per frame.
 *
 * A slot is a copy of one entry, good while the FDB's epoch is the one
 * read before the hash lookup that filled it: whoever changes an entry's
 * existence, port or flags (learning a new station or a move here; `fdb
 * add/del`, ageing, a port leaving in the daemon) bumps `fdb_epoch` after
 * the change, so every copy older than it misses.  A learn's timestamp
 * touch does not bump: a copy's seen_ns is then older than the FDB's, which
 * only sends a frame to the hash early (a touch due, an entry about to
 * age), never decides differently from it.
 *
 * No torn reads: a CPU only ever reads and writes its own slots, and the
 * daemon none.  The only writer that could interleave with a reader is a
 * run of this program nested on the same CPU (a test run interrupted by
 * NAPI), which the slot's sequence number catches.  The epoch is read
 * before the hash and bumped after the change with a fully ordered atomic
 * (x86 keeps loads in order; it is the target this is measured on).
 */
#ifndef XR_BPF_FDB_CACHE_H
#define XR_BPF_FDB_CACHE_H

#include "ctx.h"

#define barrier()	asm volatile("" ::: "memory")

/*
 * The coarse clock, read from the kernel once per tick per CPU: jiffies
 * is one inlined load, the coarse clock a helper call, and it only
 * changes on the tick anyway.
 */
static __always_inline __u64 l2_clock_ns(void)
{
	__u32 zero = 0;
	struct xr_l2_clock *c = bpf_map_lookup_elem(&l2_clock, &zero);
	__u64 j = bpf_jiffies64();

	if (!c)
		return clock_coarse_ns();
	if (c->jiffies != j) {
		c->ns = clock_coarse_ns();
		barrier();	/* a nested run on this CPU sees the old tick or both */
		c->jiffies = j;
	}
	return c->ns;
}

/* One FDB key as the cache compares it, its slot, and the epoch it must carry. */
struct fdb_probe {
	__u64 key;
	__u16 vlan;
	__u32 epoch;
	struct xr_fdb_slot *s;
};

/* The epoch a slot filled now must carry: fdb_epoch + 1, so 0 stays empty. */
static __always_inline __u32 fdb_epoch_tag(void)
{
	__u32 zero = 0, *ep = bpf_map_lookup_elem(&fdb_epoch, &zero);

	return ep ? *(volatile __u32 *)ep + 1 : 0;
}

/* Tell every CPU's copies that an entry changed: after the change. */
static __always_inline void fdb_epoch_bump(void)
{
	__u32 zero = 0, *ep = bpf_map_lookup_elem(&fdb_epoch, &zero);

	if (ep)
		__sync_fetch_and_add(ep, 1);
}

/*
 * The probe for (bridge, vid, mac) with epoch tag (fdb_epoch_tag()): the
 * slot is picked by a multiplicative hash of the MAC's last four bytes,
 * the switch and the VLAN, a few instructions and no helper.
 */
static __always_inline void fdb_probe_init(struct fdb_probe *p, __u16 bridge, __u16 vid,
					   const __u8 *mac, __u32 tag)
{
	__u32 lo = *(const __u32 *)mac, hi = *(const __u16 *)(mac + 4);
	__u32 idx = (*(const __u32 *)(mac + 2) ^ ((__u32)vid << 12 | bridge)) * 0x9e3779b1u;

	idx >>= 32 - XR_FDB_CACHE_BITS;
	p->key = lo | (__u64)hi << 32 | (__u64)bridge << 48;
	p->vlan = vid;
	p->epoch = tag;
	p->s = bpf_map_lookup_elem(&fdb_cache, &idx);
}

/* The cached entry for p into *e: 1, or 0 when the slot holds no good copy of it. */
static __always_inline int fdb_cache_get(const struct fdb_probe *p, struct xr_fdb *e)
{
	struct xr_fdb_slot *s = p->s;
	__u16 seq;

	if (!s || !p->epoch)
		return 0;
	seq = *(volatile __u16 *)&s->seq;
	barrier();
	/* One test, not four: fewer branches for the verifier to walk. */
	if ((s->key ^ p->key) | (s->vlan ^ p->vlan) | (s->epoch ^ p->epoch) | (seq & 1))
		return 0;
	*e = s->e;
	barrier();
	return *(volatile __u16 *)&s->seq == seq;
}

/*
 * The egress VLAN flags a slot's copy e carries, as a "vfx": 0 unknown,
 * else 0x100 | the flags (XR_FDB_SLOT_VF lands on 0x100).
 */
static __always_inline __u32 fdb_slot_vfx(const struct xr_fdb *e)
{
	return (e->flags >> XR_FDB_SLOT_VF_SHIFT) & 0x1ff;
}

/* Entry flags with a vfx (0: none) stored beside them, for a slot's copy. */
static __always_inline __u32 fdb_flags_vfx(__u32 flags, __u32 vfx)
{
	return flags | (vfx & 0x1ff) << XR_FDB_SLOT_VF_SHIFT;
}

/* Keep a copy of e, as the FDB had it after p's epoch was read. */
static __always_inline void fdb_cache_put(const struct fdb_probe *p, const struct xr_fdb *e)
{
	struct xr_fdb_slot *s = p->s;

	if (!s || !p->epoch)
		return;
	s->seq++;	/* odd: a nested reader on this CPU misses */
	barrier();
	s->key = p->key;
	s->vlan = p->vlan;
	s->epoch = p->epoch;
	s->e = *e;
	barrier();
	s->seq++;
}

#endif
