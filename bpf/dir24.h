/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The DIR-24-8 read (include/fib.h) on the maps given: xrouter's own
 * (ip4_input.h), and the benchmark's minimal router, which reads the same
 * maps under its own declarations (tests/bench/bpf/min_router.h, built
 * without -Iinclude: hence the relative path).  Always inlined, so the
 * maps are constants to the verifier.
 */
#ifndef XR_BPF_DIR24_H
#define XR_BPF_DIR24_H

#include <linux/types.h>
#include <bpf/bpf_helpers.h>

#include "../include/fib.h"

/* Next hop id for dst (host order), 0 when none. */
static __always_inline __u32 dir24_lookup(void *tbl24_map, void *tbl8_map, __u32 dst)
{
	__u32 idx = dst >> 8, key = idx / XR_FIB_CHUNK;
	struct xr_fib_chunk *ch = bpf_map_lookup_elem(tbl24_map, &key);
	__u32 e;

	if (!ch)
		return 0;
	e = ch->e[idx & (XR_FIB_CHUNK - 1)];
	if (e & XR_FIB_GROUP) {
		idx = (e & ~XR_FIB_GROUP) * 256 + (dst & 0xff);
		key = idx / XR_FIB_CHUNK;
		ch = bpf_map_lookup_elem(tbl8_map, &key);
		if (!ch)
			return 0;
		e = ch->e[idx & (XR_FIB_CHUNK - 1)];
	}
	return e & XR_FIB_NH_MASK;
}

#endif
