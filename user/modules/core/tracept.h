/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Trace points of the slow path: which traced packet (include/trace.h
 * record id, from its hand-off) the daemon is handling right now, and the
 * steps it takes for it, published as XR_EV_TRACE_NOTE for the trace
 * module.  With no traced packet at hand every call is a test of 0.
 */
#ifndef XR_TRACEPT_H
#define XR_TRACEPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "net.h"

/* The packet being handled: its record id, 0 when not traced. */
extern uint16_t tracept_id;

/* Handle packet id from here on; returns the id it replaces, for tracept_end(). */
uint16_t tracept_begin(uint16_t id);
/* Done with it (XR_TS_D_DONE, unless it was queued: its end comes with its
 * release), then back to prev, what tracept_begin() returned. */
void tracept_end(uint16_t prev);
/* A step with plain values (trace.h says what a, b, c mean for kind). */
void tracept_note(uint8_t kind, uint8_t a, uint16_t b, uint32_t c);
/* The next hop ip on ifid is being resolved and the packet waits (err 0) or was dropped. */
void tracept_resolve(uint32_t ifid, const struct xr_ip *ip, int err);
/* An IP packet leaves out of ifid to mac. */
void tracept_xmit(uint32_t ifid, const uint8_t mac[6], const uint8_t *ip, size_t len);

#endif
