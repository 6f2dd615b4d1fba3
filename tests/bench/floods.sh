#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Floods, with forwarding measured (issue 16; part of `make bench`, and of
# tests/bench/smoke.sh in miniature).  While a steady flow crosses xrouterd
# at a known rate, each flood runs for FLOOD_SECS from a host on one of the
# router's segments, at the generator's full rate (xrb_flood, a packet
# socket).  Per flood: the steady flow's received rate as a fraction of its
# rate with no flood, the daemon's CPU and resident memory, the counters
# that absorbed the flood, and the table sizes.  Appends "flood KIND KEY
# VALUE" lines to RAW (report.py makes the table).
#
#   tfl-h1 [eth0] -- [dut0] tfl-dut [dut1] -- [eth0] tfl-h2
#   10.1.0.2/16     10.1.0.1/16     10.2.0.1/16    10.2.0.2/16, 2001:db8:2::2/64
#   tfl-s1 [eth0] -- [dut2] br0 [dut3] -- [eth0] tfl-s2      (a switch)
#
# The steady flow is UDP h1 -> 172.16.0.1 via gateway h2 (s1 -> s2 for the
# switch's flood), counted by xdp_count on the receiver's eth0.
#
#   floods.sh [KIND...]    default: FLOOD_KINDS or every kind; FLOOD_SECS,
#                          FLOOD_PPS, BENCH_OUT, OBJ (tests/bench/run.sh builds it)

set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${XR_BUILD:-$ROOT/build}
OUT=${BENCH_OUT:-$BUILD/bench}
RAW=${RAW:-$OUT/raw.txt}
SECS=${FLOOD_SECS:-10}
PPS=${FLOOD_PPS:-20000}			# the steady flow
TAG=${BENCH_TAG:-}
KINDS=${*:-${FLOOD_KINDS:-scan ttl1 echo arpspoof-static arpspoof-dynamic naspoof-static naspoof-dynamic macs bad}}
CPU_STEADY=${FLOOD_CPU_STEADY:-0}
CPU_FLOOD=${FLOOD_CPU_FLOOD:-1}
XRD=$BUILD/xrouterd
XRCTL=$BUILD/xrouterctl
FLOOD=$BUILD/bench/xrb_flood
XDP=$BUILD/bench/xrb_xdp
OBJ=${OBJ:-$OUT/bench.bpf.o}
P=tfl-$TAG
SPOOF_MAC=02:66:66:66:66:66

log() { printf '%s\n' "$*" >&2; }
raw() { echo "$*" >>"$RAW"; }
in_ns() { local n=$1; shift; ip netns exec "$P$n" "$@"; }
ctl() { in_ns dut "$XRCTL" "$@"; }
mac() { in_ns "$1" cat "/sys/class/net/$2/address"; }

teardown() {
	local n
	[ -n "${DPID:-}" ] && kill "$DPID" 2>/dev/null && wait "$DPID" 2>/dev/null
	for n in h1 h2 s1 s2 dut; do
		ip netns pids "$P$n" 2>/dev/null | xargs -r kill 2>/dev/null
		ip netns del "$P$n" 2>/dev/null
	done
	return 0
}

veth() {
	ip link add "$2" netns "$P$1" type veth peer name "$4" netns "$P$3" &&
		ip -n "$P$1" link set "$2" up && ip -n "$P$3" link set "$4" up
}

setup() {
	local n
	teardown
	for n in h1 h2 s1 s2 dut; do
		ip netns add "$P$n" && ip -n "$P$n" link set lo up || return 1
	done
	veth h1 eth0 dut dut0 && veth h2 eth0 dut dut1 && veth s1 eth0 dut dut2 &&
		veth s2 eth0 dut dut3 || return 1
	ip -n "${P}h1" addr add 10.1.0.2/16 dev eth0 &&
		ip -n "${P}h2" addr add 10.2.0.2/16 dev eth0 &&
		ip -n "${P}h2" addr add 2001:db8:2::2/64 dev eth0 nodad || return 1
	# Receivers count the steady flow in XDP (and so take redirected frames).
	H2_CNT=$(in_ns h2 "$XDP" attach "$OBJ" count eth0) &&
		S2_CNT=$(in_ns s2 "$XDP" attach "$OBJ" count eth0) &&
		in_ns h1 "$XDP" attach "$OBJ" pass eth0 >/dev/null &&
		in_ns s1 "$XDP" attach "$OBJ" pass eth0 >/dev/null || return 1
	H1_MAC=$(mac h1 eth0); H2_MAC=$(mac h2 eth0)
	S1_MAC=$(mac s1 eth0); S2_MAC=$(mac s2 eth0)
	DUT0_MAC=$(mac dut dut0); DUT1_MAC=$(mac dut dut1)
	cat >"$OUT/flood.conf" <<-EOF
	link add dut0
	link add dut1
	link add dut2 bridge br0
	link add dut3 bridge br0
	addr add 10.1.0.1/16 dev dut0
	addr add 10.2.0.1/16 dev dut1
	addr add 2001:db8:2::1/64 dev dut1
	route add 172.16.0.0/12 via 10.2.0.2
	EOF
	# Not through in_ns: DPID must be xrouterd itself (ip netns exec execs it).
	ip netns exec "${P}dut" "$XRD" --config "$OUT/flood.conf" --log-level warn \
		>"$OUT/flood-daemon.log" 2>&1 &
	DPID=$!
	for n in $(seq 100); do
		ctl status >/dev/null 2>&1 && break
		kill -0 "$DPID" 2>/dev/null || return 1
		sleep 0.1
	done
	ctl status >/dev/null 2>&1
}

count() { "$XDP" count "$1"; }

# steady SECS [switched]: the steady flow, on its CPU; prints frames
# received and sent (on a loaded VM the sender itself may fall behind).
steady_run() {
	local secs=$1 c0 c1
	if [ "${2:-}" = switched ]; then
		c0=$(count "$S2_CNT")
		in_ns s1 taskset -c "$CPU_STEADY" "$FLOOD" steady eth0 "$S2_MAC" "$S1_MAC" \
			10.9.0.1 10.9.0.2 "$PPS" "$secs" >"$OUT/flood-steady.txt"
		sleep 0.2
		c1=$(count "$S2_CNT")
	else
		c0=$(count "$H2_CNT")
		in_ns h1 taskset -c "$CPU_STEADY" "$FLOOD" steady eth0 "$DUT0_MAC" "$H1_MAC" \
			10.1.0.2 172.16.0.1 "$PPS" "$secs" >"$OUT/flood-steady.txt"
		sleep 0.2
		c1=$(count "$H2_CNT")
	fi
	echo "$((c1 - c0)) $(awk '{ print $1 }' "$OUT/flood-steady.txt")"
}

# The flood KIND's generator: "NS KIND DEV DMAC SMAC SRC DST [- ARG]", run
# in NS, the duration put where the "-" is (or at the end).
flood_cmd() {
	case $1 in
	scan) echo "h1 scan eth0 $DUT0_MAC $H1_MAC 10.1.0.2 10.2.0.0" ;;
	ttl1) echo "h1 ttl1 eth0 $DUT0_MAC $H1_MAC 10.1.0.2 172.16.0.9" ;;
	echo) echo "h1 echo eth0 $DUT0_MAC $H1_MAC 10.1.0.2 10.1.0.1" ;;
	arpspoof-*) echo "h2 arpspoof eth0 $DUT1_MAC $SPOOF_MAC 10.2.0.2 10.2.0.1" ;;
	naspoof-*) echo "h2 naspoof eth0 $DUT1_MAC $SPOOF_MAC 10.2.0.2 10.2.0.1 - 2001:db8:2::2" ;;
	macs) echo "s1 macs eth0 $S1_MAC $S1_MAC 10.9.0.1 10.9.0.2 - 100000" ;;
	bad) echo "h1 bad eth0 $DUT0_MAC $H1_MAC 10.1.0.2 172.16.0.1" ;;
	esac
}

# The gateway's neighbour state before a spoofing flood: static or learned.
flood_prepare() {
	ctl neigh del 10.2.0.2 dev dut1 2>/dev/null
	ctl neigh del 2001:db8:2::2 dev dut1 2>/dev/null
	case $1 in
	*-static)
		ctl neigh add 10.2.0.2 lladdr "$H2_MAC" dev dut1 &&
			ctl neigh add 2001:db8:2::2 lladdr "$H2_MAC" dev dut1 ;;
	*)	# learned: the router resolves the gateway for the steady flow
		# (h2 answers ARP: xdp_count passes it), and for IPv6 from a ping
		in_ns h2 ping -c 1 -W 1 2001:db8:2::1 >/dev/null 2>&1
		in_ns h1 "$FLOOD" steady eth0 "$DUT0_MAC" "$H1_MAC" 10.1.0.2 172.16.0.1 1000 0.2 \
			>/dev/null ;;
	esac
	if [ "$1" = macs ]; then	# s2 known to the switch, s1 too
		in_ns s2 "$FLOOD" steady eth0 "$S1_MAC" "$S2_MAC" 10.9.0.2 10.9.0.1 100 0.1 >/dev/null
		in_ns s1 "$FLOOD" steady eth0 "$S2_MAC" "$S1_MAC" 10.9.0.1 10.9.0.2 100 0.1 >/dev/null
	fi
	sleep 0.3
}

# Counters of every port, as "dev/counter value" lines.
stats_lines() {
	ctl stats | awk '$1 == "dev" { for (i = 3; i < NF; i += 2) print $2 "/" $i, $(i + 1) }'
}

# What moved between two stats_lines outputs, biggest first, hand-offs and drops.
stats_delta() {
	awk 'NR == FNR { a[$1] = $2; next } { d = $2 - a[$1]; if (d > 0) print d, $1 }' "$1" "$2" |
		grep -vE ' [^ ]*/(rx|forwarded|switched|handoff)$' | sort -rn | head -n 6 |
		awk '{ printf "%s%s=%s", sep, $2, $1; sep = "," }'
}

cpu_ticks() { awk '{ print $14 + $15 }' "/proc/$DPID/stat"; }
rss_kib() { awk '$1 == "VmRSS:" { print $2 }' "/proc/$DPID/status"; }

# One flood: the steady flow across it, and what the router did with it.
flood_one() {
	local kind=$1 what ns args got ssent t0 t1 rss rss_max=0 fpid spid hz sent n
	read -r ns args <<<"$(flood_cmd "$kind")"
	[[ $args == *" - "* ]] && args=${args/ - / $SECS } || args="$args $SECS"
	flood_prepare "$kind"
	[ "$kind" = macs ] && what=switched
	stats_lines >"$OUT/flood-before.txt"
	t0=$(cpu_ticks)
	# shellcheck disable=SC2086
	in_ns "$ns" taskset -c "$CPU_FLOOD" "$FLOOD" $args >"$OUT/flood-gen.txt" 2>&1 &
	fpid=$!
	steady_run "$SECS" "${what:-}" >"$OUT/flood-got.txt" &
	spid=$!
	NEIGH_MAX=0
	while kill -0 "$spid" 2>/dev/null; do
		rss=$(rss_kib); [ "${rss:-0}" -gt "$rss_max" ] && rss_max=$rss
		# Pending resolutions included: what the table held at its fullest.
		n=$(ctl neigh show | wc -l); [ "$n" -gt "$NEIGH_MAX" ] && NEIGH_MAX=$n
		sleep 0.5
	done
	wait "$spid"; wait "$fpid"
	t1=$(cpu_ticks)
	read -r got ssent <"$OUT/flood-got.txt"
	sent=$(awk '{ print $1 }' "$OUT/flood-gen.txt")
	stats_lines >"$OUT/flood-after.txt"
	hz=$(getconf CLK_TCK)
	kill -0 "$DPID" 2>/dev/null || { log "  $kind: xrouterd died"; raw "fail flood $kind daemon died"; return 1; }
	raw "flood $kind secs $SECS"
	raw "flood $kind flood_pps $(awk -v s="$sent" -v t="$SECS" 'BEGIN { printf "%.0f", s / t }')"
	raw "flood $kind steady_pps $(awk -v g="$got" -v t="$SECS" 'BEGIN { printf "%.0f", g / t }')"
	raw "flood $kind fraction $(awk -v g="$got" -v b="$BASE" 'BEGIN { printf "%.3f", b ? g / b : 0 }')"
	raw "flood $kind delivered $(awk -v g="$got" -v s="$ssent" 'BEGIN { printf "%.3f", s ? g / s : 0 }')"
	raw "flood $kind daemon_cpu_pct $(awk -v a="$t0" -v b="$t1" -v hz="$hz" -v t="$SECS" \
		'BEGIN { printf "%.0f", (b - a) * 100 / hz / t }')"
	raw "flood $kind rss_kib $rss_max"
	raw "flood $kind counters $(stats_delta "$OUT/flood-before.txt" "$OUT/flood-after.txt")"
	raw "flood $kind tables $(flood_tables)"
	flood_verdict "$kind"
	log "  $kind: flood $sent frames, steady $got of $BASE, $(grep "^flood $kind " "$RAW" | \
		awk '$3 ~ /cpu|rss|outcome/ { printf "%s %s ", $3, $4 }')"
}

# Table sizes after a flood: neighbours by state, stations, routes.
flood_tables() {
	local neigh fdb
	neigh=$(ctl neigh show | awk '{ for (i = 1; i <= NF; i++) if ($i ~ /^[A-Z]+$/) s[$i]++ }
		END { for (k in s) { printf "%s%s:%d", sep, k, s[k]; sep = "," } }')
	fdb=$(ctl fdb show | wc -l)
	printf 'neigh=%s,max_during:%s fdb=%s' "${neigh:-0}" "$NEIGH_MAX" "$fdb"
}

# What a spoof did to the gateway's entry (the rest say "-").
flood_verdict() {
	local addr=10.2.0.2 line
	case $1 in
	naspoof-*) addr=2001:db8:2::2 ;;
	arpspoof-*) ;;
	macs) raw "flood $1 outcome s2_known=$(ctl fdb show | grep -ci "$S2_MAC")"; return ;;
	*) raw "flood $1 outcome -"; return ;;
	esac
	line=$(ctl neigh show | grep -E "^$addr ")
	if grep -qi "$SPOOF_MAC" <<<"$line"; then
		raw "flood $1 outcome gateway_moved_to_spoofer"
	elif grep -qi "$H2_MAC" <<<"$line"; then
		raw "flood $1 outcome gateway_kept"
	else
		raw "flood $1 outcome gateway:${line:-absent}"
	fi
}

main() {
	local k
	[ "$(id -u)" = 0 ] || { log "floods.sh: needs root"; return 1; }
	for b in "$XRD" "$XRCTL" "$FLOOD" "$XDP"; do
		[ -x "$b" ] || { log "floods.sh: $b missing: run make first"; return 1; }
	done
	[ -s "$OBJ" ] || { log "floods.sh: $OBJ missing: tests/bench/run.sh builds it"; return 1; }
	mkdir -p "$OUT"
	trap teardown EXIT
	trap 'exit 130' INT TERM
	setup || { log "floods.sh: setup failed"; raw "fail flood setup"; return 1; }
	flood_prepare baseline
	read -r BASE _ <<<"$(steady_run "$SECS")"
	read -r BASE_SW _ <<<"$(steady_run "$SECS" switched)"
	raw "flood none steady_pps $(awk -v g="$BASE" -v t="$SECS" 'BEGIN { printf "%.0f", g / t }')"
	raw "flood none switched_pps $(awk -v g="$BASE_SW" -v t="$SECS" 'BEGIN { printf "%.0f", g / t }')"
	raw "flood none rss_kib $(rss_kib)"
	log "floods: steady flow $PPS pps offered, $BASE received in $SECS s ($BASE_SW switched)"
	for k in $KINDS; do
		[ "$k" = macs ] && BASE_KEEP=$BASE && BASE=$BASE_SW
		flood_one "$k" || return 1
		[ "$k" = macs ] && BASE=$BASE_KEEP
	done
	return 0
}

main
