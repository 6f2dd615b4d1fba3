/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Packet trace (`xrouterctl trace`): the filters the daemon writes and the
 * record the fast path emits for each frame one of them matches.  A record
 * is fixed-size: a header saying what the frame was, then the decisions in
 * the order they were taken, as steps whose values sit in the step or, for
 * MACs and addresses, in the header.  The daemon appends its own steps (what
 * it did with a frame handed up) under the same id, which the hand-off
 * carries (handoff.h `trace`).
 *
 * XR_TRACE_ABI counts incompatible changes of this file: a daemon reads
 * only records of its own version (an adopted older program's are skipped).
 */
#ifndef XR_TRACE_H
#define XR_TRACE_H

#include <linux/types.h>

#include "ipaddr.h"
#include "stats.h"

#define XR_TRACE_ABI		1
#define XR_TRACE_MAX		4	/* traces running at once (filter slots) */
#define XR_TRACE_STEPS		16	/* fast-path steps a record holds */
#define XR_TRACE_RING		(256u << 10)	/* record ring bytes (~900 records) */
/* Records per second and CPU, and the burst: a traced flood stays cheap. */
#define XR_TRACE_PPS		2000u
#define XR_TRACE_BURST		200u
/* The gate's own data section: a map of its own (named as the section) that
 * holds nothing else, so its size and meaning are the gate's alone. */
#define XR_TRACE_SECTION	".data.trace"

/*
 * One trace's filter; a zero field matches everything.  `trace dev` names
 * a port (ifindex), a switch (bridge: any of its ports), or a VLAN
 * interface (vlan, with its parent port or switch): the VLAN a frame is
 * in as it arrives, its 802.1Q tag's or, untagged on a VLAN-aware
 * switch's port, the port's PVID.
 */
struct xr_trace_filter {
	__u32 ifindex;		/* ingress port */
	__u8 proto;		/* IP protocol / IPv6 next header (first one) */
	__u8 af;		/* XR_AF_*: the family src and dst are of; 0: any frame */
	__u8 src_len;		/* prefix lengths: 0 matches any address */
	__u8 dst_len;
	struct xr_ipaddr src;	/* network order, host bits zero */
	struct xr_ipaddr dst;
	__u16 bridge;		/* ingress port's switch id */
	__u16 vlan;		/* ingress VLAN */
};
_Static_assert(sizeof(struct xr_trace_filter) == 52, "xr_trace_filter has no holes");

/*
 * The one element of the `trace_cfg` map.  active == 0: no trace runs.
 * The fast path does not read it then: it tests xr_trace_on (the
 * XR_TRACE_SECTION global), which the daemon sets to active != 0, on
 * after the filters are written and off before they are cleared.
 */
struct xr_trace_cfg {
	__u32 active;		/* bit i: f[i] is in use */
	__u32 pad;
	struct xr_trace_filter f[XR_TRACE_MAX];
};

/*
 * Steps.  The fast path's come first; the daemon's (XR_TS_D_*) are appended
 * by xrouterd after the record, never emitted by BPF.  a, b, c as noted.
 */
enum xr_trace_kind {
	XR_TS_NONE,
	XR_TS_COUNT,		/* b: counter the frame bumped (stats.h): a drop reason, a
				 * hand-off reason, forwarded, switched, flooded, pass;
				 * last, in counter order, once the verdict is in */
	XR_TS_CHECKS,		/* not emitted: XR_TS_ROUTE says the checks passed */
	XR_TS_ROUTE,		/* the frame's checks (header, length, checksum, martians,
				 * options) passed, b: its family XR_AF_*; the FIB said
				 * c: next hop id (0: none), a: its type (fib.h) */
	XR_TS_EGRESS,		/* c: egress L3 interface (port.h ifid), b: its MTU (0:
				 * not known, a hand-off for an unresolved next hop) */
	XR_TS_NEIGH,		/* next hop's MAC known: header out_* (source not yet rewritten) */
	XR_TS_TTL,		/* a: TTL / hop limit before, b: after */
	XR_TS_CSUM,		/* b: IPv4 header checksum before, c: after (host order) */
	XR_TS_MACS,		/* rewritten: header mac_* before, out_* after */
	XR_TS_LEARN,		/* a: enum xr_trace_learn, c: the port it was on (moved) */
	XR_TS_FDB,		/* c: known unicast to this port */
	XR_TS_FLOOD,		/* c: switch id; the daemon counts its ports */
	XR_TS_ECMP,		/* an ECMP route's member: c: the flow's hash's top
				 * 32 bits, b: its bucket (the top byte), a: 1 if no
				 * member was there (the group gone) */
	XR_TS_OUT,		/* never in a record: the stage's request for EGRESS, NEIGH,
				 * TTL, CSUM, MACS read from the frame leaving */
	XR_TS_VLAN,		/* the 802.1Q tag changed on the way out: b the VID it
				 * leaves with (0: popped), c the one it had (0: pushed) */
	XR_TS_FP_MAX,
	/* ---- the daemon's (a, b, c as in struct xr_trace_note) ---- */
	XR_TS_D_SENT = 32,	/* a packet it built: proto, type/code, src -> dst */
	XR_TS_D_XMIT,		/* out of ifid to mac */
	XR_TS_D_RESOLVE,	/* solicitation sent for the next hop, packet queued */
	XR_TS_D_QUEUE_FULL,	/* could not be queued: dropped */
	XR_TS_D_RELEASED,	/* next hop resolved: the queued packet goes on */
	XR_TS_D_FAILED,		/* next hop never answered */
	XR_TS_D_FRAGMENTED,	/* into a fragments for MTU c */
	XR_TS_D_IGNORED,	/* no module answers it */
	XR_TS_D_ARP_REPLY,	/* answered an ARP request out of port c */
	XR_TS_D_DONE,		/* the daemon is done with the packet (not printed) */
};

enum xr_trace_learn {
	XR_TRACE_LEARN_NEW = 1,		/* a new station */
	XR_TRACE_LEARN_MOVED,		/* it was on another port */
	XR_TRACE_LEARN_KNOWN,		/* already there */
	XR_TRACE_LEARN_STATIC,		/* a static entry: not learned over */
};

struct xr_trace_step {
	__u8 kind;		/* enum xr_trace_kind */
	__u8 a;
	__u16 b;
	__u32 c;
};

struct xr_trace_rec {
	__u16 abi;		/* XR_TRACE_ABI */
	__u16 nsteps;		/* steps taken; more than XR_TRACE_STEPS: the rest lost */
	__u16 id;		/* joins the daemon's steps (handoff.h trace); never 0 */
	__u8 match;		/* bit i: filter i matched */
	__u8 act;		/* XDP verdict */
	__u32 ifindex;		/* ingress port */
	__u32 len;		/* frame bytes */
	__u64 ts_ns;		/* bpf_ktime_get_ns() */
	/* What the frame carried (af 0: neither IP nor ARP; ARP: the sender's
	 * and target's addresses, and its operation in sport). */
	struct xr_ipaddr src, dst;
	__u8 proto;		/* IP protocol, 0 if not IP */
	__u8 ttl;		/* TTL / hop limit as it arrived */
	__be16 eth_proto;	/* EtherType (inside one 802.1Q tag) */
	__u16 vlan;		/* VLAN id of a tagged frame, else 0 */
	__be16 sport;		/* UDP/TCP ports; ICMP: type, code in sport's bytes */
	__be16 dport;		/* ICMP echo: its id */
	__u8 mac_src[6], mac_dst[6];	/* as it arrived */
	__u8 out_src[6], out_dst[6];	/* as it left, when routed (XR_TS_MACS) */
	__u16 csum;		/* IPv4 header checksum as it arrived, host order */
	__u16 pvid;		/* untagged (or VID 0) on a VLAN-aware switch's port:
				 * the VLAN it is in, the port's PVID; else 0 */
	__u16 pad;
	struct xr_trace_step s[XR_TRACE_STEPS];
};
_Static_assert(sizeof(struct xr_trace_rec) == 232, "xr_trace_rec has no holes");

/*
 * Per-CPU state (the `trace_pcpu` map): the record being built, the
 * ingress port's counters when it began (the counters it bumped are its
 * verdict: no hook in every drop), the rate budget, and records each
 * filter lost (over budget or ring full), which the daemon sums over CPUs
 * at the start and end of a trace.
 */
struct xr_trace_pcpu {
	struct xr_trace_rec rec;
	struct xr_counters cnt;
	__u64 tat_ns;		/* GCRA budget */
	__u32 seq;		/* record ids on this CPU */
	__u32 lost[XR_TRACE_MAX];
	__u32 row;		/* stats row cnt was read from: 0 the port's, else a VLAN interface's */
};

#endif
