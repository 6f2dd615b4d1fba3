#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
#
# cost_ab.sh: compare builds of the XDP program on a noisy machine.  The
# whole VM drifts between a fast and a slow state within a minute, so two
# builds are only comparable inside one interleaved run: each round runs
# every xrb_cost binary once (A, B, A, B...), each in a fresh namespace,
# pinned to one CPU, all PATHS in one process (so a ratio between two paths
# of one binary sees one machine state).  xrb_cost embeds the program of
# the build it was linked in: copy each build's build/bench/xrb_cost aside.
#
#   tests/bench/cost_ab.sh ROUNDS PATH[,PATH...] XRB_COST...
#
# Prints per round and binary: each path's ns/run, and with two or more
# paths the last one's ratio to the first, in xrb_cost's order of paths
# (e.g. routed_forward,routed_forward_ecmp: what ECMP adds).  BENCH_OBJ (default the bench
# stage's build/bench-out/bench.bpf.o, else built into /tmp) is the empty
# and ceiling programs xrb_cost runs first; CPU (default 1) the one to pin.
set -u
ROOT=$(cd "$(dirname "$0")/../.." && pwd)
[ $# -ge 3 ] || { echo "usage: $0 ROUNDS PATH[,PATH...] XRB_COST..." >&2; exit 2; }
ROUNDS=$1 PATHS=$2
shift 2
CPU=${CPU:-1}
OBJ=${BENCH_OBJ:-/tmp/cost_ab.$$.bench.bpf.o}
NS=tbab-$$
cleanup() {
	ip netns del "$NS" 2>/dev/null
	[ -n "${BENCH_OBJ:-}" ] || rm -f "$OBJ"
}
trap cleanup EXIT
if [ -z "${BENCH_OBJ:-}" ]; then
	clang -O2 -g -target bpf -I/usr/include/"$(uname -m)"-linux-gnu \
		-c "$ROOT/tests/bench/bpf/bench.bpf.c" -o "$OBJ" || exit 1
fi

# One binary's run in a fresh namespace: "NAME NS" lines of the wanted paths.
run_one() {
	ip netns add "$NS" || return 1
	ip -n "$NS" link add c0 type veth peer name c1 &&
	ip -n "$NS" link add s0 type veth peer name s1 &&
	ip -n "$NS" link add s2 type veth peer name s3 || return 1
	for d in c0 c1 s0 s1 s2 s3; do ip -n "$NS" link set "$d" up; done
	ip netns exec "$NS" taskset -c "$CPU" "$1" "$OBJ" "$PATHS" 2>/dev/null |
		awk '$1 != "empty_xdp_pass" && $1 != "ceiling" && $1 != "min_router" { print $1, $2, $4 }'
	ip netns del "$NS"
}

for r in $(seq "$ROUNDS"); do
	for b in "$@"; do
		run_one "$b" | awk -v r="$r" -v b="$(basename "$b")" '
			{ line = line sprintf(" %s %s%s", $1, $2, $3 == "ok" ? "" : " (" $3 ")");
			  if (!n++) first = $2; last = $2 }
			END { printf "%s %s%s", r, b, line;
			      if (n > 1 && first > 0) printf " ratio %.3f", last / first;
			      print "" }'
	done
done
