/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * Every map of the datapath.  Nothing is pinned: the program stays attached
 * through netlink when the daemon dies, keeping its maps and forwarding with
 * the last tables, and a new daemon adopts them from it (dp.c).
 */
#ifndef XR_BPF_MAPS_H
#define XR_BPF_MAPS_H

#include <linux/bpf.h>
#include <bpf/bpf_helpers.h>

#include "abi.h"
#include "fdb.h"
#include "fib.h"
#include "handoff.h"
#include "neigh.h"
#include "port.h"
#include "stats.h"

/* Indexed by ingress/egress ifindex: an array, so no hash on the fast path. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XR_MAX_IFINDEX);
	__type(key, __u32);
	__type(value, struct xr_port);
} ports SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XR_MAX_BRIDGES);
	__type(key, __u32);
	__type(value, struct xr_bridge);
} bridges SEC(".maps");

/* VLAN interfaces and switch ports' VLAN membership (port.h struct xr_vlan8). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(max_entries, XR_VLAN_ENTRIES);
	__type(key, __u32);
	__type(value, struct xr_vlan8);
} vlans SEC(".maps");

/* VLAN interfaces' addresses on their parent's kernel device (port.h): the VID to tag with. */
struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, XR_VLAN_KADDRS);
	__type(key, struct xr_vlan_kaddr_key);
	__type(value, __u32);
} vlan_kaddrs SEC(".maps");

/* DIR-24-8 FIB, written by the daemon through mmap (fib.h). */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, XR_TBL24_ENTRIES / XR_FIB_CHUNK);
	__type(key, __u32);
	__type(value, struct xr_fib_chunk);
} tbl24 SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, XR_TBL8_ENTRIES / XR_FIB_CHUNK);
	__type(key, __u32);
	__type(value, struct xr_fib_chunk);
} tbl8 SEC(".maps");

/*
 * DXR table compiled from tbl24/tbl8 (fib.h): direct entries, then ranges.
 * Searched only when the loader sets xr_fib_dxr (dp_opts.fib_dxr); else
 * the verifier drops that code and the loader shrinks both maps to one
 * element.
 */
const volatile __u32 xr_fib_dxr = 0;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, XR_DXR_DIRECT / XR_DXR_CHUNK);
	__type(key, __u32);
	__type(value, struct xr_dxr_chunk);
} fibd SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, XR_DXR_RANGES / 16);
	__type(key, __u32);
	__type(value, union xr_dxr_line);
} fibr SEC(".maps");

/* The IPv6 FIB, written by the daemon through mmap (fib.h): direct, then nodes. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, XR_FIB6_DIRECT / XR_FIB_CHUNK);
	__type(key, __u32);
	__type(value, struct xr_fib_chunk);
} fib6d SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, XR_FIB6_NODES);
	__type(key, __u32);
	__type(value, struct xr_fib6_node);
} fib6n SEC(".maps");

/*
 * The IPv6 DXR table (fib.h): direct entries, then second-level tables and
 * ranges.  What the program searches unless the loader sets xr_fib6_trie
 * (dp_opts.fib6_trie); the loader shrinks the table not searched to one
 * element a map.
 */
const volatile __u32 xr_fib6_trie = 0;

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, XR_F6X_DIRECT / XR_DXR_CHUNK);
	__type(key, __u32);
	__type(value, struct xr_dxr_chunk);
} fib6xd SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, XR_FIB6_NODES * XR_F6X_NODE_WORDS / XR_F6X_LINE);
	__type(key, __u32);
	__type(value, struct xr_f6x_line);
} fib6xr SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, XR_NH_MAX);
	__type(key, __u32);
	__type(value, struct xr_nexthop);
} nexthops SEC(".maps");

/* ECMP bucket tables (fib.h struct xr_nhg), written by the daemon through mmap. */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, XR_NHG_MAX);
	__type(key, __u32);
	__type(value, struct xr_nhg);
} nhgroups SEC(".maps");

/*
 * The router's ECMP hash multipliers (fib.h xr_ecmp_key), drawn by the
 * daemon (nhgroup.c) and kept by one that adopts the program.  A global
 * in a section of its own (so libbpf makes it a map of its own, adopted
 * by name like the rest): read at a constant address, so the flow's hash
 * need not wait for a map lookup whose key goes through the stack
 * (~1 ns in BPF_PROG_TEST_RUN).
 */
struct xr_ecmp_key xr_ecmp_key SEC(".data.ecmp");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, XR_NEIGH_MAX);
	__type(key, struct xr_neigh_key);
	__type(value, struct xr_neigh);
} neigh SEC(".maps");

struct {
	__uint(type, BPF_MAP_TYPE_HASH);
	__uint(max_entries, XR_FDB_MAX);
	__type(key, struct xr_fdb_key);
	__type(value, struct xr_fdb);
} fdb SEC(".maps");

/*
 * In front of `fdb`: each CPU's own direct-mapped copy of the entries it
 * looked up (fdb.h struct xr_fdb_slot, bpf/fdb_cache.h), valid while it
 * carries fdb_epoch.  An array: the verifier inlines the lookup, no hash.
 */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XR_FDB_CACHE_SLOTS);
	__type(key, __u32);
	__type(value, struct xr_fdb_slot);
} fdb_cache SEC(".maps");

/*
 * Bumped (atomically, by the fast path and the daemon through mmap) after
 * every change to an FDB entry's existence, port or flags.
 */
struct {
	__uint(type, BPF_MAP_TYPE_ARRAY);
	__uint(map_flags, BPF_F_MMAPABLE);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, __u32);
} fdb_epoch SEC(".maps");

/* The coarse clock as this CPU last read it, and at which tick (fdb_cache.h). */
struct xr_l2_clock {
	__u64 jiffies;
	__u64 ns;
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xr_l2_clock);
} l2_clock SEC(".maps");

/*
 * Egress ports for XDP_REDIRECT, indexed by ifindex: an array, so the
 * redirect indexes instead of hashing the key.
 */
struct {
	__uint(type, BPF_MAP_TYPE_DEVMAP);
	__uint(max_entries, XR_MAX_IFINDEX);
	__type(key, __u32);
	__type(value, struct bpf_devmap_val);
} tx_ports SEC(".maps");

/*
 * Per-CPU counters (stats.h struct xr_counters): one row per port slot,
 * then one per VLAN interface (port.h XR_STATS_ROWS).
 */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XR_STATS_ROWS);
	__type(key, __u32);
	__type(value, struct xr_counters);
} stats SEC(".maps");

/*
 * Per-CPU hand-off token buckets, by port slot: no atomics needed.  Not
 * named `buckets`, the one-class map of earlier programs, which a daemon
 * adopting one of them must not take for this.
 */
struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, XR_MAX_PORTS);
	__type(key, __u32);
	__type(value, struct xr_bucket);
} handoff_tb SEC(".maps");

/*
 * Handed-off frames, struct xr_handoff_rec each, all CPUs in one ring.  A
 * new name, not handoff_pb: a daemon adopting an older program's maps by
 * name must not take its perf event array for this.
 */
struct {
	__uint(type, BPF_MAP_TYPE_RINGBUF);
	__uint(max_entries, XR_HANDOFF_RING);
} handoff_rb SEC(".maps");

/*
 * Scratch for summing a segment whose checksum the sender left partial
 * (l4csum.h): bpf_csum_diff() takes at most 512 bytes a call, and the
 * 4 spare bytes let a tail rounded up to whole words stay inside.
 */
#define XR_CSUM_CHUNK	512u

struct xr_csum_scratch {
	__u8 b[XR_CSUM_CHUNK + 4];
};

struct {
	__uint(type, BPF_MAP_TYPE_PERCPU_ARRAY);
	__uint(max_entries, 1);
	__type(key, __u32);
	__type(value, struct xr_csum_scratch);
} csum_scratch SEC(".maps");

/*
 * ---- Switching (l2_input.h, l2_output.h) ----
 * Flooding: one DEVMAP_HASH of ports per switch, indexed by bridge id, so
 * a broadcast redirect (BPF_F_BROADCAST | BPF_F_EXCLUDE_INGRESS) reaches
 * the other ports of that switch and no other.  The daemon creates the
 * inner map, of the shape declared here (libbpf reads it from this
 * object), when a switch gets its first port (user/dp/flood.c).
 */
struct flood_ports {
	__uint(type, BPF_MAP_TYPE_DEVMAP_HASH);
	__uint(max_entries, XR_MAX_PORTS);
	__type(key, __u32);
	__type(value, struct bpf_devmap_val);
};

struct {
	__uint(type, BPF_MAP_TYPE_ARRAY_OF_MAPS);
	__uint(max_entries, XR_MAX_BRIDGES);
	__type(key, __u32);
	__array(values, struct flood_ports);
} flood SEC(".maps");

/* The contract's version, for the next daemon to read (abi.h); the program
 * never reads it, so it costs no instruction. */
const volatile __u32 xr_abi_version SEC(XR_ABI_SECTION) = XR_ABI_VERSION;

#endif
