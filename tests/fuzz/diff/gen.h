/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What the differential fuzzer feeds the fast path and its model: random
 * tables (ports, switches, routes, neighbours, FDB) and structured frames
 * drawn from edge-weighted distributions, then mutated byte-wise.
 * Prefix: gen_.
 */
#ifndef XR_TESTS_FUZZ_GEN_H
#define XR_TESTS_FUZZ_GEN_H

#include <stddef.h>
#include <stdint.h>

#include "model.h"

/*
 * Frames stay in the test run's first buffer (one page less headroom and
 * shared info): the model reads a frame as one piece.
 */
#define GEN_FRAME_MAX	3500

struct gen_rng {
	uint64_t s;
};

uint64_t gen_u64(struct gen_rng *g);
/* Uniform in [0, n); n > 0. */
uint32_t gen_below(struct gen_rng *g, uint32_t n);

/* Random tables over ports with these ifindexes (model.h MDL_PORTS). */
void gen_tables(struct gen_rng *g, const uint32_t ifindex[MDL_PORTS], uint64_t now_ns,
		struct mdl_tables *t);
/* One frame for t: its bytes, its length, the ingress port index. */
void gen_frame(struct gen_rng *g, const struct mdl_tables *t, uint8_t *b, size_t *len,
	       unsigned *port);

#endif
