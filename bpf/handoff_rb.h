/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Handing frames to the daemon.  A hand-off copies the whole frame into
 * the ring buffer behind struct xr_handoff (include/handoff.h) and drops
 * it here; token buckets per port, class (include/port.h) and CPU bound
 * how often, so a flood of such frames costs the fast path one map lookup
 * each and nothing more, and cannot crowd out ARP.
 */
#ifndef XR_BPF_HANDOFF_RB_H
#define XR_BPF_HANDOFF_RB_H

#include "ctx.h"
#include "handoff.h"

static __always_inline __u32 handoff_class(enum xr_stat reason)
{
	if (reason == XR_STAT_HANDOFF_ARP)
		return XR_HANDOFF_CLASS_RESOLVE;
	if (reason == XR_STAT_HANDOFF_NEIGH_MISS)
		return XR_HANDOFF_CLASS_NEIGH_MISS;
	return XR_HANDOFF_CLASS_OTHER;
}

/* GCRA: one timestamp per bucket, "theoretical arrival time". */
static __always_inline int bucket_take(struct xr_port *port, __u32 class)
{
	__u32 slot = port->slot;
	__u64 pps = port->handoff_pps ? port->handoff_pps : XR_HANDOFF_PPS;
	__u64 burst = port->handoff_burst ? port->handoff_burst : XR_HANDOFF_BURST;
	__u64 now = bpf_ktime_get_ns(), interval = NSEC_PER_SEC / pps;
	struct xr_bucket *b = bpf_map_lookup_elem(&handoff_tb, &slot);
	__u64 *t, tat;

	if (!b || class >= XR_HANDOFF_CLASS_MAX)
		return 0;
	t = &b->t_ns[class];
	tat = *t > now ? *t : now;
	if (tat + interval - now > burst * interval)
		return 0;
	*t = tat + interval;
	return 1;
}

struct handoff_info {
	__u32 nh_ifid;
	__u16 mtu;
	struct xr_ipaddr nh_ip;
};

/*
 * Size classes of a record's frame part.  bpf_ringbuf_reserve() takes only
 * a constant size, and a ring of maximum-size records would hold 64 ARPs.
 * SMALL fits ARP, pings and traceroute probes; MID an Ethernet MTU frame;
 * JUMBO a 9000-byte MTU one; XR_HANDOFF_FRAME_MAX anything xdp.frags brings.
 */
#define HANDOFF_SMALL	256u
#define HANDOFF_MID	2048u
#define HANDOFF_JUMBO	9216u

/* One record of frame capacity cap (a constant): 0, or -1 if no room. */
static __always_inline int handoff_put(struct xdp_md *ctx, const struct xr_handoff *h,
				       __u32 len, const __u32 cap)
{
	struct xr_handoff_rec *rec;

	rec = bpf_ringbuf_reserve(&handoff_rb, sizeof(rec->h) + cap, 0);
	if (!rec)
		return -1;
	/* Across every buffer of a multi-buffer frame. */
	if (len < 1 || len > cap || bpf_xdp_load_bytes(ctx, 0, rec->frame, len)) {
		bpf_ringbuf_discard(rec, 0);	/* may wake: later records wait */
		return -1;
	}
	rec->h = *h;
	/*
	 * Default flags wake the daemon only if it had read everything before
	 * this record: one wakeup (a self-IPI, ~8 us in a VM) per batch, not
	 * per frame, and none of the latency of a deferred one.
	 */
	bpf_ringbuf_submit(rec, 0);
	return 0;
}

/* A subprogram, not inlined: it is the slow path, and has many callers. */
static __noinline int handoff_copy(struct xdp_md *ctx, const struct xr_handoff *h)
{
	__u32 len = h->len;

	if (len <= HANDOFF_SMALL)
		return handoff_put(ctx, h, len, HANDOFF_SMALL);
	if (len <= HANDOFF_MID)
		return handoff_put(ctx, h, len, HANDOFF_MID);
	if (len <= HANDOFF_JUMBO)
		return handoff_put(ctx, h, len, HANDOFF_JUMBO);
	return handoff_put(ctx, h, len, XR_HANDOFF_FRAME_MAX);
}

/*
 * Copy the frame to the daemon.  Returns 0, or the counter saying why it
 * could not: the caller decides whether the frame itself goes on.
 */
static __always_inline int handoff_emit_class(struct frame *f, enum xr_stat reason,
					      const struct handoff_info *info, __u32 class)
{
	struct xdp_md *ctx = f->ctx;
	__u64 len = bpf_xdp_get_buff_len(ctx);	/* all buffers, not just the first */
	struct xr_handoff h = {
		.ifindex = f->ifindex,
		.reason = reason,
		.len = len,
		.ifid = f->ifid,
		.trace = f->trace,
	};

	if (info) {
		h.nh_ifid = info->nh_ifid;
		h.nh_ip = info->nh_ip;
		h.mtu = info->mtu;
		if (reason != XR_STAT_HANDOFF_FLOOD)	/* FLOOD: no egress, a switch */
			trace(f, XR_TS_EGRESS, 0, info->mtu, info->nh_ifid);
	}
	if (!bucket_take(f->port, class))
		return XR_STAT_DROP_RATELIMIT;
	if (len > XR_HANDOFF_FRAME_MAX || handoff_copy(ctx, &h))
		return XR_STAT_DROP_HANDOFF_FAIL;
	count(f, reason);
	count(f, XR_STAT_HANDOFF);
	return 0;
}

static __always_inline int handoff_emit(struct frame *f, enum xr_stat reason,
					const struct handoff_info *info)
{
	return handoff_emit_class(f, reason, info, handoff_class(reason));
}

/* Hand the frame to the daemon instead of forwarding it. */
static __always_inline int handoff(struct frame *f, enum xr_stat reason,
				   const struct handoff_info *info)
{
	int err = handoff_emit(f, reason, info);

	return err ? drop(f, err) : XDP_DROP;
}

#endif
