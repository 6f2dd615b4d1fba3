// SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
/*
 * The slow path's trace points (tracept.h): notes about the traced packet
 * at hand, published on the event bus so the trace module, which owns the
 * records, joins them to the fast path's record of the same id.
 */
#include <string.h>

#include "event.h"
#include "pkt.h"
#include "trace.h"
#include "tracept.h"

uint16_t tracept_id;
static bool tracept_was_queued;

uint16_t tracept_begin(uint16_t id)
{
	uint16_t prev = tracept_id;

	tracept_id = id;
	tracept_was_queued = false;
	return prev;
}

void tracept_end(uint16_t prev)
{
	if (!tracept_was_queued)
		tracept_note(XR_TS_D_DONE, 0, 0, 0);
	tracept_id = prev;
	tracept_was_queued = false;
}

static void tracept_publish(struct xr_ev_trace *ev)
{
	ev->id = tracept_id;
	event_publish(XR_EV_TRACE_NOTE, ev);
}

void tracept_note(uint8_t kind, uint8_t a, uint16_t b, uint32_t c)
{
	struct xr_ev_trace ev = { .kind = kind, .a = a, .b = b, .c = c };

	if (tracept_id)
		tracept_publish(&ev);
}

void tracept_resolve(uint32_t ifid, const struct xr_ip *ip, int err)
{
	struct xr_ev_trace ev = { .kind = err ? XR_TS_D_QUEUE_FULL : XR_TS_D_RESOLVE, .c = ifid,
				  .x = *ip };

	if (!tracept_id)
		return;
	tracept_was_queued = !err;
	tracept_publish(&ev);
}

/* What the packet is: addresses, protocol, TTL, ICMP type and code in b. */
static void tracept_describe(struct xr_ev_trace *ev, const uint8_t *ip, size_t len)
{
	if (len >= sizeof(pkt_iphdr) && ip[0] >> 4 == 4) {
		const pkt_iphdr *ih = (const pkt_iphdr *)ip;
		size_t hl = (ip[0] & 0xf) * 4u;

		ev->x = (struct xr_ip){ .af = AF_INET, .v4 = ih->saddr };
		ev->y = (struct xr_ip){ .af = AF_INET, .v4 = ih->daddr };
		ev->proto = ih->protocol;
		ev->ttl = ih->ttl;
		if (ih->protocol == 1 && len >= hl + 2)
			ev->b = ip[hl] << 8 | ip[hl + 1];
	} else if (len >= 40 && ip[0] >> 4 == 6) {
		ev->x = xr_ip6(ip + 8);
		ev->y = xr_ip6(ip + 24);
		ev->proto = ip[6];
		ev->ttl = ip[7];
		if (ip[6] == 58 && len >= 42)
			ev->b = ip[40] << 8 | ip[41];
	}
}

void tracept_xmit(uint32_t ifid, const uint8_t mac[6], const uint8_t *ip, size_t len)
{
	struct xr_ev_trace ev = { .kind = XR_TS_D_XMIT, .c = ifid };

	if (!tracept_id)
		return;
	memcpy(ev.mac, mac, 6);
	tracept_describe(&ev, ip, len);
	tracept_publish(&ev);
}
