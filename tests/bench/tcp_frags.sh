#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# TCP goodput through one router on veth, by MTU, XDP program kind
# (single-buffer "xdp" or multi-buffer "xdp.frags") and host checksum
# offload: does anything let an XDP router keep up with Linux forwarding,
# which moves 64 KiB TSO frames across veth?  Prints a markdown table.
#
#   ttf-gen [gen0] ---- [dut0] ttf-dut [dut1] ---- [sink0] ttf-sink
#   192.0.2.2/24     192.0.2.1/24   198.51.100.1/24    198.51.100.2/24
#
# A row is MODE/MTU/TX[/GRO] (TX: the hosts' tx checksum offload, on|off;
# GRO: on turns GRO on at all four veths, off by default on veth); the
# same MTU is set on all four veths.  Modes:
#   kernel      Linux forwarding, no XDP anywhere
#   kpass       Linux forwarding, xdp_pass (single buffer) on all four veths
#   kpassf      Linux forwarding, xdp_pass as xdp.frags on all four
#   ceil        MAC rewrite + devmap redirect both ways, xdp_pass on hosts
#   ceilf       the same, all programs xdp.frags
#   xrouter     xrouter (this build's program, via xrb_dut); xdp_pass on the
#               hosts, as xdp.frags above MTU 3506 (one page on veth)
#   xrouter0    the same with TTF_DUT0, an xrb_dut built with another
#               program (e.g. before it became xdp.frags); skipped if unset
# Each run builds its namespaces afresh; TTF_REPS runs of TTF_SECS per row,
# the rows interleaved, median.
# Env: TTF_ROWS, TTF_SECS (5), TTF_REPS (3), TTF_DUT0, XR_BUILD, TTF_OUT.

set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${XR_BUILD:-$ROOT/build}
OUT=${TTF_OUT:-$BUILD/bench/tcp_frags}
SECS=${TTF_SECS:-5}
REPS=${TTF_REPS:-3}
ROWS=${TTF_ROWS:-"kernel/1500/on kernel/1500/off kpass/1500/off kpassf/1500/off
	ceil/1500/off ceilf/1500/off ceilf/1500/on xrouter0/1500/off xrouter/1500/off
	xrouter/1500/on kernel/3500/on kpass/3500/off ceil/3500/off xrouter0/3500/off
	xrouter/3500/off kernel/9000/on kpassf/9000/off ceilf/9000/off xrouter0/9000/off
	xrouter/9000/off kernel/65000/on kpassf/65000/off ceilf/65000/off xrouter/65000/off
	xrouter/1500/off/on xrouter/65000/off/on"}
XDP=$BUILD/bench/xrb_xdp
DUT=$BUILD/bench/xrb_dut
OBJ=$OUT/bench.bpf.o		# xdp_pass, xdp_ceiling: single buffer
OBJF=$OUT/tcp_frags.bpf.o	# the same as xdp.frags, with counters
NS_GEN=ttf-gen
NS_DUT=ttf-dut
NS_SINK=ttf-sink
GEN_MAC=02:00:00:00:00:01
DEVS="$NS_GEN:gen0 $NS_DUT:dut0 $NS_DUT:dut1 $NS_SINK:sink0"

log() { printf '%s\n' "$*" >&2; }
in_ns() { local ns=$1; shift; ip netns exec "$ns" "$@"; }
mac_of() { in_ns "$1" cat "/sys/class/net/$2/address"; }

teardown() {
	local ns
	for ns in "$NS_GEN" "$NS_DUT" "$NS_SINK"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
	return 0
}

build_bpf() {
	local src
	mkdir -p "$OUT" || return 1
	for src in bench tcp_frags; do
		[ "$OUT/$src.bpf.o" -nt "$ROOT/tests/bench/bpf/$src.bpf.c" ] &&
			[ "$OUT/$src.bpf.o" -nt "$ROOT/tests/bench/bpf/ceiling.h" ] && continue
		clang -O2 -g -target bpf -Wall -Wextra -Werror -Wno-unused-parameter \
			-I"/usr/include/$(uname -m)-linux-gnu" \
			-c "$ROOT/tests/bench/bpf/$src.bpf.c" -o "$OUT/$src.bpf.o" || return 1
	done
}

ns_add() {
	ip netns add "$1" || return 1
	ip -n "$1" link set lo up
	in_ns "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 net.ipv6.conf.default.disable_ipv6=1
}

# topo MTU: namespaces, veths at MTU, host addresses and static neighbours.
topo() {
	local d
	teardown
	ns_add "$NS_GEN" && ns_add "$NS_DUT" && ns_add "$NS_SINK" || return 1
	ip link add gen0 netns "$NS_GEN" mtu "$1" type veth peer name dut0 netns "$NS_DUT" mtu "$1" &&
	ip link add dut1 netns "$NS_DUT" mtu "$1" type veth peer name sink0 netns "$NS_SINK" mtu "$1" ||
		return 1
	ip -n "$NS_GEN" link set gen0 address "$GEN_MAC"
	for d in $DEVS; do ip -n "${d%%:*}" link set "${d#*:}" up || return 1; done
	in_ns "$NS_DUT" sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0
	DUT0_MAC=$(mac_of "$NS_DUT" dut0)
	DUT1_MAC=$(mac_of "$NS_DUT" dut1)
	SINK_MAC=$(mac_of "$NS_SINK" sink0)
	ip -n "$NS_GEN" addr add 192.0.2.2/24 dev gen0 &&
	ip -n "$NS_GEN" route add default via 192.0.2.1 &&
	ip -n "$NS_GEN" neigh replace 192.0.2.1 lladdr "$DUT0_MAC" dev gen0 nud permanent &&
	ip -n "$NS_SINK" addr add 198.51.100.2/24 dev sink0 &&
	ip -n "$NS_SINK" route add default via 198.51.100.1 &&
	ip -n "$NS_SINK" neigh replace 198.51.100.1 lladdr "$DUT1_MAC" dev sink0 nud permanent
}

# hosts_tx on|off: the hosts' checksum offload (off: TSO and SG go with it).
hosts_tx() {
	in_ns "$NS_GEN" ethtool -K gen0 tx "$1" >/dev/null 2>&1
	in_ns "$NS_SINK" ethtool -K sink0 tx "$1" >/dev/null 2>&1
	return 0
}

hosts_pass() {
	in_ns "$NS_GEN" "$XDP" attach "$1" pass gen0 &&
	in_ns "$NS_SINK" "$XDP" attach "$1" pass sink0
}

kernel_fwd() {
	in_ns "$NS_DUT" sysctl -qw net.ipv4.ip_forward=1
	ip -n "$NS_DUT" addr add 192.0.2.1/24 dev dut0 &&
	ip -n "$NS_DUT" addr add 198.51.100.1/24 dev dut1 &&
	ip -n "$NS_DUT" neigh replace 192.0.2.2 lladdr "$GEN_MAC" dev dut0 nud permanent &&
	ip -n "$NS_DUT" neigh replace 198.51.100.2 lladdr "$SINK_MAC" dev dut1 nud permanent
}

ceiling() {
	in_ns "$NS_DUT" "$XDP" ceiling "$1" dut0 dut1 "$SINK_MAC" "$DUT1_MAC" &&
	in_ns "$NS_DUT" "$XDP" ceiling "$1" dut1 dut0 "$GEN_MAC" "$DUT0_MAC"
}

# Map id of map NAME used by the XDP program on NS DEV, or nothing.
xdp_map_id() {
	local prog
	prog=$(ip -n "$1" -j link show dev "$2" | python3 -c \
		'import json,sys; print(json.load(sys.stdin)[0].get("xdp", {}).get("prog", {}).get("id", ""))')
	[ -n "$prog" ] || return 1
	for id in $(bpftool prog show id "$prog" -j | python3 -c \
		'import json,sys; print(*json.load(sys.stdin).get("map_ids", []))'); do
		bpftool map show id "$id" -j | grep -q "\"name\":\"$3\"" && { echo "$id"; return 0; }
	done
	return 1
}

# xrouter's ports carry their own L3 MTU (xrb_dut writes 1500): set both.
xrouter_mtu() {
	local id dev idx hex
	id=$(xdp_map_id "$NS_DUT" dut0 ports) || return 1
	for dev in dut0 dut1; do
		idx=$(in_ns "$NS_DUT" cat "/sys/class/net/$dev/ifindex")
		hex=$(bpftool map lookup id "$id" key $(le32 "$idx") -j | python3 -c '
import json, sys
v = [int(b, 16) for b in json.load(sys.stdin)["value"]]
v[6:8] = int(sys.argv[1]).to_bytes(2, "little")
print(" ".join("0x%02x" % b for b in v))' "$1") || return 1
		bpftool map update id "$id" key $(le32 "$idx") value $hex || return 1
	done
}

le32() { printf '0x%02x 0x%02x 0x%02x 0x%02x' $(($1 & 255)) $(($1 >> 8 & 255)) $(($1 >> 16 & 255)) $(($1 >> 24)); }

# xrouter XRB_DUT MTU: xrouter with 10 routes, ports at MTU.
xrouter() {
	local o=$OBJ
	[ -x "$1" ] || { echo "no $1 (TTF_DUT0)"; return 1; }
	[ "$2" -gt 3506 ] && o=$OBJF
	hosts_pass "$o" &&
	"$1" prefixes 10 1 "$OUT/pfx.txt" "$OUT/dst.txt" 16 >/dev/null &&
	in_ns "$NS_DUT" "$1" load "$OUT/pfx.txt" dut0 "$GEN_MAC" dut1 "$SINK_MAC" \
		"$OUT/dst.txt" >"$OUT/xrb_dut.log" 2>&1 || { tail -n 1 "$OUT/xrb_dut.log"; return 1; }
	xrouter_mtu "$2"
}

# mode_up MODE MTU TX
mode_up() {
	case $1 in
	kernel) kernel_fwd ;;
	kpass|kpassf)
		local o=$OBJ; [ "$1" = kpassf ] && o=$OBJF
		kernel_fwd && hosts_pass "$o" &&
		in_ns "$NS_DUT" "$XDP" attach "$o" pass dut0 && in_ns "$NS_DUT" "$XDP" attach "$o" pass dut1 ;;
	ceil) hosts_pass "$OBJ" && ceiling "$OBJ" ;;
	ceilf) hosts_pass "$OBJF" && ceiling "$OBJF" ;;
	xrouter) xrouter "$DUT" "$2" ;;
	xrouter0) xrouter "${TTF_DUT0:-}" "$2" ;;
	*) log "unknown mode $1"; return 1 ;;
	esac
}

# Offloads of every veth: T = TSO (IPv4), C = tx checksum, G = GRO; '-' when off.
offloads() {
	local d s out=
	for d in $DEVS; do
		s=$(in_ns "${d%%:*}" ethtool -k "${d#*:}" | awk '
			/^\ttx-tcp-segmentation:/ { t = $2 == "on" ? "T" : "-" }
			/^tx-checksumming:/ { c = $2 == "on" ? "C" : "-" }
			/^generic-receive-offload:/ { g = $2 == "on" ? "G" : "-" }
			END { print t c g }')
		out="$out ${d#*:}:$s"
	done
	echo "${out# }"
}

# Frames, multi-buffer frames and the longest seen by the frags programs.
frag_stats() {
	local d id out=
	for d in $DEVS; do
		id=$(xdp_map_id "${d%%:*}" "${d#*:}" ttf_stats) || continue
		out="$out ${d#*:}:$(bpftool map dump id "$id" -j | python3 -c '
import json, sys
s = [0, 0, 0]
for e in json.load(sys.stdin):
    k = e["key"] if isinstance(e["key"], int) else int(e["key"][0], 16)
    vals = [int.from_bytes(bytes(int(b, 16) for b in c["value"]), "little") if isinstance(c["value"], list) else c["value"] for c in e["values"]]
    s[k] = max(vals) if k == 2 else sum(vals)
print("%d/%d/%d" % tuple(s))')"
	done
	echo "${out# }"
}

csum_errors() {
	in_ns "$NS_SINK" nstat -az TcpInCsumErrors 2>/dev/null | awk '$1 == "TcpInCsumErrors" { print $2 }'
}

# One iperf3 run: prints Gbit/s (0 when nothing arrived).
iperf_once() {
	local bps srv
	in_ns "$NS_SINK" timeout $((SECS + 15)) iperf3 -s -1 -B 198.51.100.2 >/dev/null 2>&1 &
	srv=$!
	sleep 0.5
	bps=$(in_ns "$NS_GEN" timeout $((SECS + 10)) iperf3 -c 198.51.100.2 -t "$SECS" --connect-timeout 3000 -J 2>/dev/null |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"])' 2>/dev/null)
	# A server whose client never got through would wait out its timeout.
	[ -n "$bps" ] || ip netns pids "$NS_SINK" | xargs -r kill 2>/dev/null
	wait "$srv"
	awk -v b="${bps:-0}" 'BEGIN { printf "%.2f\n", b / 1e9 }'
}

median() { tr ' ' '\n' | grep . | sort -g | awk '{ v[NR] = $1 } END { print NR ? v[int((NR + 1) / 2)] : "-" }'; }

# run_row MODE/MTU/TX: set the row up, one iperf3 run; records the result.
run_row() {
	local mode mtu tx gro r note d
	IFS=/ read -r mode mtu tx gro <<<"$1"
	if ! topo "$mtu"; then
		NOTE[$1]="topology setup failed"
		return 1
	fi
	hosts_tx "$tx"
	if ! mode_up "$mode" "$mtu" "$tx" >"$OUT/up.log" 2>&1; then
		note=$(grep -v '^$' "$OUT/up.log" | tail -n 1)
		NOTE[$1]="not possible: ${note:-setup failed}"
		OFFL[$1]=$(offloads)
		return 0
	fi
	# Frames redirected into a veth are only aggregated before TCP with GRO.
	if [ "${gro:-off}" = on ]; then
		for d in $DEVS; do in_ns "${d%%:*}" ethtool -K "${d#*:}" gro on >/dev/null; done
	fi
	r=$(iperf_once)
	RUNS[$1]="${RUNS[$1]:-} $r"
	OFFL[$1]=$(offloads)
	FRAGS[$1]=$(frag_stats)
	NOTE[$1]="csum errors $(csum_errors)"
	log "  $mode/$mtu/tx $tx/gro ${gro:-off}: $r Gbit/s"
}

print_row() {
	local mode mtu tx gro runs=${RUNS[$1]:-} g=-
	IFS=/ read -r mode mtu tx gro <<<"$1"
	[ -n "$runs" ] && g="**$(echo "$runs" | median)** ($(echo $runs | tr ' ' ','))"
	echo "| $mode | $mtu | $tx | ${gro:-off} | ${OFFL[$1]:-} | $g | ${FRAGS[$1]:-} | ${NOTE[$1]:-} |"
}

declare -A RUNS OFFL FRAGS NOTE

main() {
	local r i
	[ "$(id -u)" = 0 ] || { log "tcp_frags.sh: needs root"; return 1; }
	[ -x "$XDP" ] && [ -x "$DUT" ] || { log "tcp_frags.sh: run make first"; return 1; }
	build_bpf || { log "tcp_frags.sh: cannot build the BPF objects"; return 1; }
	trap teardown EXIT
	trap 'exit 130' INT TERM
	# Repetitions outermost: drift on a shared machine hits every row alike.
	for i in $(seq 1 "$REPS"); do
		log "repetition $i/$REPS"
		for r in $ROWS; do run_row "$r"; done
	done
	teardown
	echo "TCP goodput gen -> dut -> sink (iperf3, $REPS x ${SECS}s, median), kernel $(uname -r)"
	echo
	echo "| mode | MTU | host tx csum | GRO | offloads (T=TSO C=tx csum G=GRO) | Gbit/s median (runs) | XDP frames/multi-buffer/max len (last run) | sink |"
	echo "| --- | ---: | --- | --- | --- | --- | --- | --- |"
	for r in $ROWS; do print_row "$r"; done
}

main "$@"
