/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* The switches' forwarding database: (switch, MAC) to port. */
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
};
_Static_assert(sizeof(struct xr_fdb_key) == 8, "xr_fdb_key has no holes");

enum xr_fdb_flags {
	XR_FDB_STATIC = 1 << 0,
};

struct xr_fdb {
	__u32 ifindex;		/* port the station was last seen on */
	__u32 flags;		/* enum xr_fdb_flags */
	__u64 seen_ns;		/* last learned (CLOCK_MONOTONIC, coarse) */
};
_Static_assert(sizeof(struct xr_fdb) == 16, "xr_fdb has no holes");

#endif
