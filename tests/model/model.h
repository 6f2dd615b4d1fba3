/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * A reference model of the XDP fast path, written from ../shared/SPEC.md
 * in plain C and sharing nothing with bpf/ but the contract headers in
 * include/ (map layouts, counter and reason numbers).  Given the tables
 * (ports, switches, routes, neighbours, FDB) and one frame, mdl_run() says
 * what the fast path must do with it: the verdict, the bytes that leave
 * (and by which port, or flooded in which switch), the counters of the
 * ingress port that move, and the frame handed to the daemon with its
 * reason.  The differential fuzzer (tests/fuzz/diff/) runs every frame
 * through both and compares.
 *
 * Where SPEC.md is silent about a detail only the counters show (which
 * reason a frame invalid in two ways is counted under), the model follows
 * RFC 1812's order of checks, as the program is meant to.
 *
 * All addresses host order.  Prefix: mdl_ / MDL_.
 */
#ifndef XR_TESTS_MODEL_H
#define XR_TESTS_MODEL_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fib.h"
#include "port.h"
#include "stats.h"

#define MDL_PORTS	4
#define MDL_BRIDGES	3	/* ids 1..2 used */
#define MDL_ROUTES	64
#define MDL_NEIGH	64
#define MDL_FDB		4096	/* room for what a run learns from random sources */
#define MDL_FRAME_MAX	9200
#define MDL_VLANS	32
#define MDL_NH_MAX	4	/* members of an ECMP route the generator draws */

/* XDP verdicts as linux/bpf.h numbers them: the model's answers. */
enum mdl_verdict {
	MDL_ABORTED = 0,
	MDL_DROP = 1,
	MDL_PASS = 2,
	MDL_TX = 3,
	MDL_REDIRECT = 4,
};

struct mdl_port {
	uint32_t ifindex;
	uint8_t mac[6];
	uint16_t mtu;
	uint32_t flags;		/* enum xr_port_flags; 0: not ours */
	uint16_t slot;
	uint16_t bridge;
	uint16_t pvid;		/* switch port: VLAN of untagged frames */
};

struct mdl_bridge {
	uint8_t mac[6];
	uint16_t mtu;
	uint32_t flags;		/* enum xr_bridge_flags */
	uint64_t ageing_ns;	/* 0: XR_FDB_AGEING_S */
};

/* An ECMP member: a next hop as a unicast route's, and its weight. */
struct mdl_nh {
	uint32_t ifid;
	uint32_t gw;		/* 0: on-link */
	uint16_t weight;
	uint8_t gw6[16];	/* an IPv6 group's (all zero: on-link); gw unused */
};

struct mdl_route {
	uint32_t prefix;
	uint8_t len;
	uint8_t type;		/* enum xr_nh_type */
	uint8_t proto;		/* as rib.h numbers them: 0 static, 1 kernel, 2 local */
	uint32_t ifid;		/* XR_NH_GROUP: the index of its group in mdl_tables */
	uint32_t gw;		/* 0: on-link */
	uint32_t metric;
};

/*
 * An ECMP route's group: the members, and the group as the daemon laid it
 * out: its hash multipliers and each bucket's member (-1: none), which
 * the flow's hash (fib.h xr_flow_hash4/6, xr_nhg_bucket) indexes.
 */
struct mdl_group {
	uint8_t n;
	bool v6;		/* an IPv6 route's (members by gw6) */
	struct mdl_nh nh[MDL_NH_MAX];
	struct xr_ecmp_key key;
	int8_t bucket[XR_NHG_BUCKETS];
};

struct mdl_neigh {
	uint32_t ifid;
	uint32_t ip;
	uint8_t mac[6];
};

/* IPv6 routes and neighbours: addresses as on the wire (network order). */
struct mdl_route6 {
	uint8_t prefix[16];
	uint8_t len;
	uint8_t type;		/* enum xr_nh_type */
	uint8_t proto;
	uint32_t ifid;		/* XR_NH_GROUP: the index of its group in mdl_tables */
	uint8_t gw[16];		/* all zero: on-link */
	uint32_t metric;
};

struct mdl_neigh6 {
	uint32_t ifid;
	uint8_t ip[16];
	uint8_t mac[6];
};

/* One VID's flags (enum xr_vlan_flags) on a parent: row is a port's slot,
 * or XR_MAX_PORTS + a switch id (port.h).  Absent: 0. */
struct mdl_vlan {
	uint32_t row;
	uint16_t vid;
	uint8_t flags;
	uint16_t stats;		/* a VLAN interface's row of the stats map, 0: none */
};

struct mdl_fdb {
	uint16_t bridge;
	uint16_t vlan;		/* VID on a VLAN-aware switch, else 0 */
	uint8_t mac[6];
	uint32_t ifindex;
	bool is_static;
	uint64_t seen_ns;
};

struct mdl_tables {
	struct mdl_port port[MDL_PORTS];
	struct mdl_bridge bridge[MDL_BRIDGES];
	struct mdl_route route[MDL_ROUTES];
	unsigned nroute;
	struct mdl_group group[MDL_ROUTES];	/* by a group route's ifid */
	unsigned ngroup;
	struct mdl_neigh neigh[MDL_NEIGH];
	unsigned nneigh;
	struct mdl_route6 route6[MDL_ROUTES];
	unsigned nroute6;
	struct mdl_neigh6 neigh6[MDL_NEIGH];
	unsigned nneigh6;
	struct mdl_fdb fdb[MDL_FDB];	/* learning adds to it */
	unsigned nfdb;
	struct mdl_vlan vlan[MDL_VLANS];
	unsigned nvlan;
	bool fib_dxr;			/* which FIB search the program runs (same answers) */
};

struct mdl_result {
	int verdict;			/* enum mdl_verdict */
	uint8_t out[MDL_FRAME_MAX];	/* the frame as it leaves (PASS, REDIRECT) */
	size_t out_len;
	uint32_t oif;			/* REDIRECT to one port: its ifindex; 0: flooded */
	uint16_t flood_bridge;		/* flooded in this switch */
	bool routed;			/* forwarded by the router (not switched) */
	int64_t cnt[XR_STAT_MAX];	/* the ingress port's counters that move */
	uint16_t vrow;			/* the frame became a VLAN interface's with this stats row, */
	int64_t vcnt[XR_STAT_MAX];	/* ... whose counters moved from then on; 0: none */
	int handoff;			/* enum xr_stat reason, or -1 */
	uint8_t handed[MDL_FRAME_MAX];	/* the frame handed to the daemon */
	size_t handed_len;
	uint32_t ho_nh_ifid;
	uint32_t ho_nh_ip;
	uint8_t ho_nh_ip6[16];		/* an IPv6 next hop (ho_nh_af 6) */
	uint8_t ho_nh_af;		/* 4, 6, or 0: none */
	uint16_t ho_mtu;
	uint32_t ho_ifid;		/* ingress L3 interface */
};

/*
 * Run one frame arriving on port index `in` at time now_ns (the coarse
 * monotonic clock the FDB ages by).  t->fdb learns as the switch would.
 */
void mdl_run(struct mdl_tables *t, unsigned in, const uint8_t *frame, size_t len,
	     uint64_t now_ns, struct mdl_result *r);

/* Helpers the fuzzer's invariants share with the model. */
uint16_t mdl_csum(const uint8_t *b, size_t len);	/* RFC 1071, as stored */
bool mdl_src_martian(uint32_t a);
/* IPv6 (RFC 4291): 0, or the counter a never-forwarded source/destination is dropped under. */
int mdl_src6_never(const uint8_t *a);
int mdl_dst6_never(const uint8_t *a);
/* 0, or the counter a destination that is never forwarded is dropped under. */
int mdl_dst_never(uint32_t a);

#endif
