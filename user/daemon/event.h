/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Events: how one module's change reaches the others without a call
 * between them (link.c does not know addresses, neighbours or routes
 * exist).  The publisher calls event_publish(); every module with an
 * .event hook (module.h) sees it, in module order, before it returns, so
 * a publisher may free what it announced once publish is done.
 */
#ifndef XR_EVENT_H
#define XR_EVENT_H

#include <stdint.h>

#include "net.h"

enum xr_event {
	XR_EV_IFACE_DEL,	/* struct xr_ev_iface: an L3 interface is going */
	XR_EV_IFACE_UP,		/* struct xr_ev_iface: a port can carry traffic again */
	XR_EV_IFACE_DOWN,	/* struct xr_ev_iface: a port cannot */
	XR_EV_ADDR_ADD,		/* struct xr_ev_addr: an interface address was added */
	XR_EV_ADDR_DEL,		/* struct xr_ev_addr: and removed */
	XR_EV_IFACE_ADD,	/* struct xr_ev_iface: a routed port was taken */
	XR_EV_IFACE_MAC,	/* struct xr_ev_iface: a routed port's MAC changed */
	XR_EV_TRACE_NOTE,	/* struct xr_ev_trace: the slow path's step for a traced packet */
	XR_EV_COUNT
};

struct xr_ev_iface {
	uint32_t ifid;		/* L3 interface id (port.h) */
};

struct xr_ev_addr {
	uint32_t ifid;
	struct xr_prefix addr;	/* the address with its prefix length */
};

/*
 * What the daemon did with a traced packet (include/trace.h XR_TS_D_*),
 * under the id its hand-off carried.
 */
struct xr_ev_trace {
	uint16_t id;
	uint8_t kind;		/* enum xr_trace_kind, XR_TS_D_* */
	uint8_t a;
	uint32_t c;		/* an interface id, an MTU */
	uint16_t b;
	uint8_t proto, ttl;	/* D_XMIT: the packet sent */
	uint8_t mac[6];		/* D_XMIT: to this MAC */
	struct xr_ip x, y;	/* D_XMIT: source, destination; D_RESOLVE: next hop */
};

/* Tell every module (module.h's modules_event). */
void event_publish(enum xr_event ev, const void *arg);
const char *event_name(enum xr_event ev);

#endif
