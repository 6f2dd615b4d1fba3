/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * What every stage shares: the frame being processed, its counters, the
 * clock, and how a stage answers.  A stage returns an XDP verdict, or
 * XR_CONTINUE when the frame goes on to the next stage; it never returns
 * a counter number, which could not be told from a verdict.
 */
#ifndef XR_BPF_CTX_H
#define XR_BPF_CTX_H

#include "maps.h"
#include "parse.h"
#include "trace_rb.h"

#define XR_CONTINUE	(-1)

#define NSEC_PER_SEC	1000000000ull

/*
 * The clock for use stamps and ageing, which count in seconds: the coarse
 * clock (CLOCK_MONOTONIC at tick resolution, what the daemon compares
 * against) is a memory read, where bpf_ktime_get_ns() reads the TSC.
 * Only the hand-off bucket needs the fine clock.
 */
static __always_inline __u64 clock_coarse_ns(void)
{
	return bpf_ktime_get_coarse_ns();
}

/* Everything a stage needs to know about the frame being processed. */
struct frame {
	struct xdp_md *ctx;
	struct xr_port *port;		/* ingress port */
	struct xr_counters *cnt;	/* its counters, this CPU */
	__u32 ifindex;			/* ingress */
	__u32 ifid;			/* ingress L3 interface */
	__u16 tagged;			/* the frame carries one 802.1Q tag (now, not as it came) */
	__u16 vid;			/* its VID, when tagged */
	__u16 trace;			/* a running trace wants this frame: its record id */
};

/*
 * A decision for the trace record, if the frame is traced (trace.h): one
 * test of the record id per decision point, everything else out of line.  The
 * forwarding path has two (the route, the way out), since each costs even
 * untraced.
 */
static __always_inline void trace(struct frame *f, __u8 kind, __u8 a, __u16 b, __u32 c)
{
#ifndef XR_NO_TRACE
	if (__builtin_expect(f->trace != 0, 0))
		xr_trace_step(f->ctx, kind | a << 8 | (__u32)b << 16, c);
#endif
}

static __always_inline void count(struct frame *f, enum xr_stat s)
{
	if (s < XR_STAT_MAX)
		f->cnt->c[s]++;
}

static __always_inline int drop(struct frame *f, enum xr_stat reason)
{
	count(f, reason);
	return XDP_DROP;
}

#endif
