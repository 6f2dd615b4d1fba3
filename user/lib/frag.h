/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * IPv4 fragmentation (RFC 791 section 3.2, RFC 1812 5.2.6) for packets the
 * fast path handed up as bigger than the egress MTU.
 */
#ifndef XR_FRAG_H
#define XR_FRAG_H

#include "pkt.h"

/*
 * Called once per fragment, in order.  frag[0..len) is the IPv4 fragment;
 * the `headroom` bytes before frag are writable, so the caller can put an
 * Ethernet header there without copying.  The buffer is reused after the
 * call returns.  A non-zero return stops fragmentation and is returned.
 */
typedef int (*frag_out_fn)(void *ctx, uint8_t *frag, size_t len);

/*
 * Split ip[0..len) (a valid IPv4 packet, header checksum not re-checked)
 * into fragments of at most mtu bytes: data in multiples of 8, MF on all
 * but the last (and on the last too if the original had MF), options with
 * the copy bit in every fragment, all options in the first, checksums
 * recomputed.  TTL is left as given.
 * Returns the number of fragments, -EMSGSIZE if DF is set (the caller owes
 * Fragmentation Needed), -EINVAL for a bad header or an mtu under 68
 * (or too small for the copied options), -ENOMEM, or fn's non-zero return.
 * A packet that already fits is passed to fn unchanged as one fragment.
 */
int frag_split(const uint8_t *ip, size_t len, unsigned mtu, size_t headroom,
	       frag_out_fn fn, void *ctx);

/*
 * The options of a non-first fragment: those with the copy bit, padded
 * with EOL to a multiple of 4.  Writes at most 40 bytes to out; returns
 * the length, or -EINVAL for malformed options.
 */
int frag_copy_options(uint8_t *out, const uint8_t *opts, size_t len);

#endif
