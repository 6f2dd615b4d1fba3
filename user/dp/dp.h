/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The datapath of one network namespace: the XDP program, its maps, and
 * the stream of frames the fast path hands up.  Used by xrouterd and by
 * the tests alike.  Functions return 0 or -errno unless they say otherwise.
 *
 * Forwarding outlives the daemon because the program stays attached to
 * the ports (netlink XDP, not a bpf_link) and holds its maps.  A new
 * daemon adopts those maps by asking the attached program for them, so no
 * bpffs pin is needed: `ip netns exec` remounts /sys, which would hide a
 * pin from the next daemon started the same way.
 */
#ifndef XR_DP_H
#define XR_DP_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>

#include "fib.h"
#include "fdb.h"
#include "handoff.h"
#include "neigh.h"
#include "port.h"
#include "stats.h"
#include "trace.h"

struct dp;

struct dp_opts {
	bool adopt;		/* reuse the maps of an xrouter program attached in this netns */
	bool skip_fib_mmap;	/* tests that never touch the FIB */
	/*
	 * tbl8 size in groups for a new program (0: XR_TBL8_GROUPS).  An
	 * adopted program keeps the size it runs with: an array map cannot
	 * be resized under the fast path.
	 */
	uint32_t tbl8_groups;
	/*
	 * IPv6 FIB size for a new program in 1 KiB nodes (0: XR_FIB6_NODES):
	 * trie nodes, or XR_F6X_NODE_WORDS words of DXR ranges each; as tbl8.
	 */
	uint32_t fib6_nodes;
	/*
	 * Load the stride-8 trie as the IPv6 FIB instead of the DXR table
	 * (fib.h).  An adopted program keeps the table it searches.
	 */
	bool fib6_trie;
	/*
	 * Search the DXR table compiled from DIR-24-8 (fib.h) instead of
	 * DIR-24-8 itself.  Off: the DXR maps are one element each and the
	 * adopted direct table is cleared, so no program reads stale ranges.
	 */
	bool fib_dxr;
};

/*
 * Load the program.  With opts->adopt, if an xrouter program is already
 * attached to an interface of this namespace, its maps are reused and
 * *adopted says so: a previous daemon's tables are still in force.
 */
/* Route libbpf's own messages through the daemon's logger (log.h). */
void dp_log_hook(void);
int dp_open(struct dp **out, const struct dp_opts *opts, bool *adopted);
/*
 * A safe upgrade (include/abi.h).  When the running program carries another
 * contract version, dp_open() does not adopt it: it loads a new program
 * with fresh maps, *adopted stays false and dp_upgrading() is true.  Until
 * dp_upgrade_commit(), dp_attach() on a port the old program runs on only
 * records it, so the old program forwards while the tables are rebuilt
 * (the saved state replayed); the commit then replaces the program on every
 * such port at once (XDP_FLAGS_REPLACE against the old program), or on a
 * failure puts the old one back everywhere and returns the error.
 */
bool dp_upgrading(const struct dp *dp);
int dp_upgrade_commit(struct dp *dp);
/* Free userspace resources; attached programs and their maps stay. */
void dp_close(struct dp *dp);
/*
 * /run/xrouter/<netns inode>: where a daemon keeps what must survive it
 * (its configuration, for the next daemon to adopt).  Created if missing.
 */
int dp_state_dir(char *buf, size_t len);

/* The XDP program's fd, for BPF_PROG_TEST_RUN and for attaching. */
int dp_prog_fd(const struct dp *dp);

/* Ports: write the port entry and its devmap slot, then attach XDP. */
int dp_port_set(struct dp *dp, uint32_t ifindex, const struct xr_port *port);
int dp_port_get(struct dp *dp, uint32_t ifindex, struct xr_port *port);
int dp_port_clear(struct dp *dp, uint32_t ifindex);
/* xdp_flags: XDP_FLAGS_DRV_MODE / SKB_MODE / 0 (native, else generic). */
int dp_attach(struct dp *dp, uint32_t ifindex, uint32_t xdp_flags);
int dp_detach(struct dp *dp, uint32_t ifindex);

int dp_bridge_set(struct dp *dp, uint16_t id, const struct xr_bridge *br);
int dp_bridge_get(struct dp *dp, uint16_t id, struct xr_bridge *br);

int dp_neigh_set(struct dp *dp, const struct xr_neigh_key *k, const struct xr_neigh *n);
int dp_neigh_get(struct dp *dp, const struct xr_neigh_key *k, struct xr_neigh *n);
int dp_neigh_del(struct dp *dp, const struct xr_neigh_key *k);
/* Iterate; fn returns non-zero to stop.  Safe against deleting the current key. */
int dp_neigh_foreach(struct dp *dp,
		     int (*fn)(const struct xr_neigh_key *, const struct xr_neigh *, void *),
		     void *ctx);

int dp_fdb_set(struct dp *dp, const struct xr_fdb_key *k, const struct xr_fdb *e);
int dp_fdb_get(struct dp *dp, const struct xr_fdb_key *k, struct xr_fdb *e);
int dp_fdb_del(struct dp *dp, const struct xr_fdb_key *k);
/* The switches' flood lists (ARRAY_OF_MAPS by bridge id); dp owns the fd. */
int dp_flood_fd(const struct dp *dp);
/* A new, empty flood list of the shape the program declares: fd or -errno. */
int dp_flood_list_create(const struct dp *dp, const char *name);
/* The program each flood list entry runs on its copy (VLAN egress tagging). */
int dp_flood_egress_fd(const struct dp *dp);
/* A VLAN's flags (enum xr_vlan_flags) on a row of the `vlans` map (port.h): 0 or -errno. */
int dp_vlan_get(struct dp *dp, uint32_t row, uint16_t vid, uint8_t *flags);
int dp_vlan_set(struct dp *dp, uint32_t row, uint16_t vid, uint8_t flags);
/* A VLAN interface's row of the `stats` map (0: none) in its `vlans` entry: 0 or -errno. */
int dp_vlan_stats_get(struct dp *dp, uint32_t row, uint16_t vid, uint16_t *srow);
int dp_vlan_stats_set(struct dp *dp, uint32_t row, uint16_t vid, uint16_t srow);
/*
 * A VLAN interface's address on its parent port's kernel device (ifindex):
 * the kernel's frames from it leave tagged vid once the port's tc egress
 * program is attached (dp_vlan_kernel_attach(); off: detached, nothing
 * else of the device's tc touched).  0 or -errno.
 */
struct xr_ip;
int dp_vlan_kaddr_set(struct dp *dp, uint32_t ifindex, const struct xr_ip *ip, uint16_t vid,
		      bool add);
int dp_vlan_kernel_attach(struct dp *dp, uint32_t ifindex, bool on);
/* Every VLAN of a row gone (its port or switch left). */
int dp_vlan_row_clear(struct dp *dp, uint32_t row);
int dp_fdb_foreach(struct dp *dp,
		   int (*fn)(const struct xr_fdb_key *, const struct xr_fdb *, void *),
		   void *ctx);

/* The FIB arrays, mapped into this process (NULL with skip_fib_mmap). */
uint32_t *dp_tbl24(struct dp *dp);
uint32_t *dp_tbl8(struct dp *dp);
/* Groups the tbl8 map holds (the running program's size when adopted). */
uint32_t dp_tbl8_groups(const struct dp *dp);
/* The IPv4 lookup reads the DXR table (dp_opts.fib_dxr, honoured when the maps allow). */
bool dp_fib_dxr_on(const struct dp *dp);
/* IPv6 FIB size in 1 KiB nodes (the running program's when adopted), and which table. */
uint32_t dp_fib6_nodes(const struct dp *dp);
bool dp_fib6_dxr(const struct dp *dp);
struct xr_nexthop *dp_nexthops(struct dp *dp);
/* Every FIB array mapped, DXR included: what rib_new() writes. */
struct rib_tables;
void dp_rib_tables(struct dp *dp, struct rib_tables *t);

/* Counters of one row (a port slot, or a VLAN interface's, port.h), summed over CPUs. */
int dp_stats_read(struct dp *dp, unsigned slot, uint64_t out[XR_STAT_MAX]);
int dp_stats_clear(struct dp *dp, unsigned slot);
extern const char *const xr_stat_names[XR_STAT_MAX];

/*
 * Handed-off frames.  dp_handoff_fd() is an epoll fd to wait on; when it
 * is readable, dp_handoff_consume() calls fn once per frame waiting in the
 * ring, all CPUs' frames in the order they were reserved.  It becomes
 * readable again only after a consume has read everything: always consume
 * to the end.  dp_handoff_poll() waits itself (timeout_ms as for poll()).
 */
typedef void (*dp_handoff_fn)(void *ctx, const struct xr_handoff *h,
			      const uint8_t *frame, size_t len);
int dp_handoff_start(struct dp *dp, dp_handoff_fn fn, void *ctx);
int dp_handoff_fd(const struct dp *dp);
int dp_handoff_poll(struct dp *dp, int timeout_ms);
int dp_handoff_consume(struct dp *dp);

/*
 * Packet trace (include/trace.h): the filters, the records lost per filter
 * summed over CPUs, and the record stream, read as the hand-off stream is.
 */
int dp_trace_cfg_set(struct dp *dp, const struct xr_trace_cfg *cfg);
/*
 * The traced program (bpf/xrouter.bpf.c xdp_port_traced) is loaded the
 * first time a trace runs, by a thread: dp_trace_prog_ready() is 0 once it
 * is in place, -EINPROGRESS while it loads (dp_trace_prog_fd() turns
 * readable when it is done: ask again then), else the load's error.
 * dp_trace_cfg_set() with an active filter loads it in line if need be.
 */
int dp_trace_prog_ready(struct dp *dp);
int dp_trace_prog_fd(const struct dp *dp);
int dp_trace_lost(struct dp *dp, uint64_t lost[XR_TRACE_MAX]);
typedef void (*dp_trace_fn)(void *ctx, const struct xr_trace_rec *rec);
int dp_trace_start(struct dp *dp, dp_trace_fn fn, void *ctx);
int dp_trace_fd(const struct dp *dp);
int dp_trace_consume(struct dp *dp);

#endif
