/* SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause */
/*
 * The version of the contract between the XDP program and the daemon: the
 * maps bpf/maps.h declares and every layout and meaning in include/.  A
 * daemon adopts a running program's maps only when the program carries
 * this same version (dp.c); otherwise it loads its own program and maps
 * beside the running one, rebuilds the tables from the saved state and then
 * replaces the program on every port (a safe upgrade, README "Reliability").
 *
 * Bump XR_ABI_VERSION with any change a running program and a new daemon
 * could disagree on: a map added, removed, renamed or resized in its key or
 * value, a field moved or given another meaning, a flag or counter added.
 * Adopting across such a change would make one side read the other's bytes
 * wrongly; replacing costs a forwarding gap of a few milliseconds.
 *
 * A program built before the version existed carries no version map; its
 * contract is version 1.  Version 2: VLANs (the vlans map, the FDB key's
 * VID, a port's PVID), ECMP groups (nhgroups) and the IPv6 DXR table.
 * Version 3: the hand-off reason HANDOFF_FLOOD (every counter after it
 * moved), the trace gate (its own map, XR_TRACE_SECTION, trace.h), the
 * trace filter's switch and VLAN, counters of VLAN interfaces (the `stats`
 * map's rows past the ports, a `vlans` value's stats rows), and the FDB's
 * per-CPU cache and its epoch (fdb_cache, fdb_epoch), which every writer of
 * the FDB must bump, and the IPv6 DXR's /16 packed in its direct entry
 * (XR_F6X_BLOCK16), which an older program would read as no route.
 * Version 4: while a trace runs the ports run a second program on the same
 * maps (xdp_port_traced), which an older daemon would neither adopt nor
 * detach.  Version 5: ECMP groups' next hops have ids of their own range
 * that name their row (fib.h XR_NH_GROUP_BASE), a row's buckets hold
 * copies of their members (xr_nhg_rec, rewritten in place), and the flow
 * hash is multiply-shift with the router's multipliers in a map of their
 * own (.data.ecmp, fib.h xr_ecmp_key), no longer a seed in table 0.
 * `make XR_ABI_BUMP=N` adds N, for the test of an upgrade
 * (tests/integration/upgrade.sh) built into another directory.
 */
#ifndef XR_ABI_H
#define XR_ABI_H

#ifndef XR_ABI_BUMP
#define XR_ABI_BUMP		0
#endif
#define XR_ABI_VERSION		(5u + (XR_ABI_BUMP))

/*
 * The program's version lives alone in this data section, so libbpf makes
 * it a map of its own (named as the section) whose value starts with it,
 * whatever else .rodata holds in either version.  The daemon binds the map
 * to the program (BPF_PROG_BIND_MAP), so it is found from the program's id.
 */
#define XR_ABI_SECTION		".rodata.abi"

#endif
