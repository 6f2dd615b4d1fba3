/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/* Internet checksum helpers (RFC 1071, RFC 1624). */
#ifndef XR_BPF_CSUM_H
#define XR_BPF_CSUM_H

#include <linux/types.h>
#include <bpf/bpf_helpers.h>

static __always_inline __u16 csum_fold(__u64 sum)
{
	sum = (sum & 0xffffffff) + (sum >> 32);
	sum = (sum & 0xffffffff) + (sum >> 32);
	sum = (sum & 0xffff) + (sum >> 16);
	sum = (sum & 0xffff) + (sum >> 16);
	return (__u16)sum;
}

/*
 * RFC 1624 eqn. 3: HC' = ~(~HC + ~m + m').  Works on the raw 16-bit words
 * as they sit in the packet, so byte order does not matter.  Unlike eqn. 2
 * it never yields 0xFFFF for a header whose full recomputation gives 0.
 */
static __always_inline __u16 csum_replace16(__u16 check, __u16 old, __u16 new)
{
	__u32 sum = (__u16)~check;

	sum += (__u16)~old;
	sum += new;
	return (__u16)~csum_fold(sum);
}

#endif
