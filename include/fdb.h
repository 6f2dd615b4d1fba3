/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The switches' forwarding database: (switch, VLAN, MAC) to port. */
#ifndef XR_FDB_H
#define XR_FDB_H

#include <linux/types.h>

#define XR_FDB_MAX		65536u
#define XR_FDB_AGEING_S		300u
/* Learning rewrites an entry's timestamp at most this often. */
#define XR_FDB_TOUCH_NS		1000000000ull

struct xr_fdb_key {
	__u8 mac[6];
	__u16 bridge;		/* switch id, host order */
	__u16 vlan;		/* VID on a VLAN-aware switch, else 0 */
	__u16 pad;
};
_Static_assert(sizeof(struct xr_fdb_key) == 12, "xr_fdb_key has no holes");

enum xr_fdb_flags {
	XR_FDB_STATIC = 1 << 0,
};

struct xr_fdb {
	__u32 ifindex;		/* port the station was last seen on */
	__u32 flags;		/* enum xr_fdb_flags */
	__u64 seen_ns;		/* last learned (CLOCK_MONOTONIC, coarse) */
};
_Static_assert(sizeof(struct xr_fdb) == 16, "xr_fdb has no holes");

/*
 * The fast path's per-CPU, direct-mapped copy of FDB entries it has looked
 * up (bpf/fdb_cache.h): XR_FDB_CACHE_SLOTS slots per CPU, each filled and
 * read by its own CPU only.  The daemon never writes it: every change to
 * the FDB's stations or ports (an entry added, deleted, moved) bumps the
 * one `fdb_epoch` counter after the change, and a slot is only good while
 * it carries the epoch read before the lookup that filled it.
 */
#define XR_FDB_CACHE_BITS	12
#define XR_FDB_CACHE_SLOTS	(1u << XR_FDB_CACHE_BITS)

struct xr_fdb_slot {
	__u64 key;		/* MAC in its first 6 bytes, then the switch id */
	__u16 vlan;
	__u16 seq;		/* odd while this CPU is rewriting the slot */
	__u32 epoch;		/* fdb_epoch + 1 when filled; 0: empty */
	struct xr_fdb e;	/* the entry as the FDB had it then */
};
_Static_assert(sizeof(struct xr_fdb_slot) == 32, "xr_fdb_slot: two to a cache line");

/*
 * A slot's copy of the entry's flags also carries, when known, the VLAN
 * flags (enum xr_vlan_flags) of the station's port in its VLAN, which a
 * frame to it needs next: bits 8-15, and XR_FDB_SLOT_VF set.  Membership
 * changes bump the epoch like FDB changes.
 */
#define XR_FDB_SLOT_VF		(1u << 16)
#define XR_FDB_SLOT_VF_SHIFT	8

/* How far another CPU's stamp may run ahead of a reader's clock. */
#define XR_FDB_SKEW_NS		1000000000ull

/*
 * Is a station last seen at `seen` still known at `now`?  The one rule the
 * fast path and the daemon's sweep share.  Ages are differences modulo
 * 2^64, so the answer never depends on how long the machine has been up:
 * a stamp a little ahead of now (another CPU's later read) is fresh, one
 * far ahead (never a real stamp) is as stale as one far behind.
 */
static inline int xr_fdb_age_fresh(__u64 now, __u64 seen, __u64 ageing_ns)
{
	return now - seen + XR_FDB_SKEW_NS <= ageing_ns + XR_FDB_SKEW_NS;
}

#endif
