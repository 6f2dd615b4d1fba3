/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The trace module's parts: a traced packet as the module joins it (the
 * fast path's record and the daemon's notes under the same id), and its
 * printer (trace_print.c), text narration or one JSON object per packet.
 */
#ifndef XR_TRACEMOD_H
#define XR_TRACEMOD_H

#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>

#include "event.h"
#include "trace.h"

struct router;

#define TRACE_NOTES_MAX	16	/* daemon steps kept per packet */

struct trace_pkt {
	bool used;
	bool have_rec;		/* the fast path's record is in */
	bool done;		/* the daemon said it is done with it */
	uint8_t want;		/* bit i: session i prints it */
	uint16_t id;
	unsigned nnotes;	/* may exceed TRACE_NOTES_MAX: the rest were not kept */
	uint64_t since_ns;
	struct xr_trace_rec rec;
	struct xr_ev_trace notes[TRACE_NOTES_MAX];
};

/* Does the record say the daemon got the frame (its notes are to come)? */
bool trace_pkt_handed_off(const struct xr_trace_rec *rec);
/* One packet, the seq-th of its trace, to f: text or one JSON line.  r
 * names ports and routes; NULL prints numbers (the fuzz target). */
void trace_print_pkt(FILE *f, bool json, struct router *r, const struct trace_pkt *p,
		     unsigned seq);
/* The first line of a trace (text only), and its last. */
void trace_print_start(FILE *f, bool json, unsigned count, unsigned timeout);
void trace_print_end(FILE *f, bool json, unsigned packets, uint64_t lost);

#endif
