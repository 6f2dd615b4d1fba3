/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Counting and handing frames to the daemon.  A hand-off copies the whole
 * frame into the ring buffer behind struct xr_handoff and drops it here;
 * a per-port, per-CPU token bucket bounds how often, so a flood of such
 * frames costs the fast path one map lookup each and nothing more.
 */
#ifndef XR_BPF_FRAME_H
#define XR_BPF_FRAME_H

#include "handoff.h"
#include "maps.h"

#define NSEC_PER_SEC	1000000000ull

/* Everything a stage needs to know about the frame being processed. */
struct frame {
	struct xdp_md *ctx;
	struct xr_port *port;		/* ingress port */
	struct xr_counters *cnt;	/* its counters, this CPU */
	__u32 ifindex;			/* ingress */
	__u32 ifid;			/* ingress L3 interface */
};

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

/* GCRA: one timestamp per bucket, "theoretical arrival time". */
static __always_inline int bucket_take(struct xr_port *port)
{
	__u32 slot = port->slot;
	__u64 pps = port->handoff_pps ? port->handoff_pps : XR_HANDOFF_PPS;
	__u64 burst = port->handoff_burst ? port->handoff_burst : XR_HANDOFF_BURST;
	__u64 now = bpf_ktime_get_ns(), interval = NSEC_PER_SEC / pps;
	struct xr_bucket *b = bpf_map_lookup_elem(&buckets, &slot);
	__u64 tat;

	if (!b)
		return 0;
	tat = b->t_ns > now ? b->t_ns : now;
	if (tat + interval - now > burst * interval)
		return 0;
	b->t_ns = tat + interval;
	return 1;
}

struct handoff_info {
	__u32 nh_ifid;
	__be32 nh_ip;
	__u16 mtu;
};

/*
 * Copy the frame to the daemon.  Returns 0, or the counter saying why it
 * could not: the caller decides whether the frame itself goes on.
 * Submitting with default flags wakes the daemon only when it had read
 * everything before this record: one wakeup (a self-IPI, ~8 us in a VM)
 * per batch, not per frame, and none of the latency of a deferred one.
 */
static __always_inline int handoff_emit(struct frame *f, enum xr_stat reason,
					const struct handoff_info *info)
{
	struct xdp_md *ctx = f->ctx;
	/* 16 bits as in the header; also one register for the verifier. */
	__u32 len = (ctx->data_end - ctx->data) & 0xffff;
	struct xr_handoff_rec *rec;

	if (!bucket_take(f->port))
		return XR_STAT_DROP_RATELIMIT;
	rec = bpf_ringbuf_reserve(&handoff_rb, sizeof(*rec), 0);
	if (!rec)
		return XR_STAT_DROP_HANDOFF_FAIL;
	if (len < 1 || len > XR_HANDOFF_FRAME_MAX ||
	    bpf_xdp_load_bytes(ctx, 0, rec->frame, len)) {
		bpf_ringbuf_discard(rec, 0);	/* may wake: later records wait */
		return XR_STAT_DROP_HANDOFF_FAIL;
	}
	rec->h = (struct xr_handoff){
		.ifindex = f->ifindex,
		.reason = reason,
		.len = len,
		.ifid = f->ifid,
	};
	if (info) {
		rec->h.nh_ifid = info->nh_ifid;
		rec->h.nh_ip = info->nh_ip;
		rec->h.mtu = info->mtu;
	}
	bpf_ringbuf_submit(rec, 0);
	count(f, reason);
	count(f, XR_STAT_HANDOFF);
	return 0;
}

/* Hand the frame to the daemon instead of forwarding it. */
static __always_inline int handoff(struct frame *f, enum xr_stat reason,
				   const struct handoff_info *info)
{
	int err = handoff_emit(f, reason, info);

	return err ? drop(f, err) : XDP_DROP;
}

#endif
