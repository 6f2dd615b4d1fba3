#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# `make bench`: forwarding rate of xrouter against Linux, route scale, the
# XDP program's cost per path and TCP goodput, written to build/bench/
# (results.md, bench.png, raw.txt).  tests/bench/smoke.sh runs it tiny.
#
#   tbn-gen [gen0] ---- [dut0] tbn-dut [dut1] ---- [sink0] tbn-sink
#   192.0.2.2/24     192.0.2.1/24   198.51.100.1/24    198.51.100.2/24
#
# gen: BPF_PROG_RUN live frames (xrb_xdp gen), 60-byte UDP frames to
# BENCH_NDST destinations drawn from the loaded prefixes.  sink: an XDP
# program that counts and drops.  Everything shares the generator's CPU:
# live frames and veth XDP run in its softirq, which was steadier than
# spreading the stages over the 2 cores.  Modes, interleaved per repetition
# so drift hits them alike:
#   genonly  the generator into a sink on dut0: what can be offered
#   xrouter  xrouter routing (configured by xrb_dut through dp.h + rib.h)
#   xrecmp   the same destinations through ECMP routes (2-member groups, XRB_ECMP)
#   kernel   Linux forwarding, ip_forward, static neighbours, same routes
#   xswitch  xrouter switching, a two-port switch
#   xswitchvlan  the same switch VLAN-aware, both ports access ports of VLAN 10
#            (untagged in and out: Linux here has no VLAN-aware bridge to compare)
#   bridge   Linux bridge, nf_call_iptables off
#   ceiling  MAC rewrite + redirect, no lookup (bench.bpf.c xdp_ceiling)

set -u
ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
BUILD=${XR_BUILD:-$ROOT/build}
OUT=${BENCH_OUT:-$BUILD/bench}
TAG=${BENCH_TAG:-}			# namespace name infix: smoke runs apart
SECS=${BENCH_SECS:-2}			# one measurement
REPS=${BENCH_REPS:-5}
MODES=${BENCH_MODES:-genonly xrouter xrecmp kernel xswitch xswitchvlan bridge ceiling}
# Stages: cost modes scale daemon restart tcp ipv6 floods ksync, and ab (DXR
# against DIR-24-8), trace (trace compiled in against out) and ipv6_config
# (only the IPv6 --config load, which the ipv6 stage includes), not in the
# default run.
MAIN_N=${BENCH_MAIN_N:-10000}		# prefixes loaded for the mode comparison
SIZES=${BENCH_SIZES:-10 10000 100000 1000000}
SCALE_REPS=${BENCH_SCALE_REPS:-3}
NDST=${BENCH_NDST:-4096}
TCP_SECS=${BENCH_TCP_SECS:-5}		# 0: no TCP
CPU=${BENCH_CPU:-1}
OTHER_CPU=$(( (CPU + 1) % $(nproc) ))	# route churn, away from the forwarding core
CLI_N=${BENCH_CLI_N:-50}		# route changes timed through the CLI
STAGES=${BENCH_STAGES:-cost modes scale daemon restart tcp ipv6 floods ksync}	# a subset: quicker runs
V6_SIZES=${BENCH_V6_SIZES:-10 100000 230000 500000}	# IPv6 FIB sizes (xrb_v6 fib)
V6_NODES=${BENCH_V6_NODES:-}	# IPv6 FIB size in 1 KiB nodes (empty: xrb_v6's default)
V6_TRIE_SIZES=${BENCH_V6_TRIE_SIZES:-10 100000 230000}	# the same with the trie, DXR's reference
V6_CONF_N=${BENCH_V6_CONF_N:-230000}	# IPv6 routes loaded through xrouterd --config
V6_LIVE_SIZES=${BENCH_V6_LIVE_SIZES:-10 230000}	# live IPv6 rate: table sizes, smallest first
KSCALE=${BENCH_KSCALE_SIZES-${SIZES##* }}	# tables Linux forwards with too ("": none)

NS_GEN=tbn-${TAG}gen
NS_DUT=tbn-${TAG}dut
NS_SINK=tbn-${TAG}sink
NS_COST=tbn-${TAG}cost
OBJ=$OUT/bench.bpf.o
MEM_OBJ=$OUT/mem.bpf.o
MEM_SETS=${BENCH_MEM_SETS:-}	# xrb_mem's sets ("lines N pages N ..."); empty: its defaults
XRD=$BUILD/xrouterd
CTL_TIMER=$BUILD/bench/xrb_ctl
XRCTL=$BUILD/xrouterctl
XRD_BUMP=$BUILD/abibump/xrouterd	# contract version + 1 (make abi-bump): upgrades
DAEMON_N=${BENCH_DAEMON_N:-}		# prefixes for the daemon stage; default: largest size
RESTART_SIZES=${BENCH_RESTART_SIZES:-10000 100000 1000000}	# tables a successor adopts
RESTART_SECS=${BENCH_RESTART_SECS:-4}	# traffic across a restart, from the SIGKILL on
METRICS_PORTS=${BENCH_METRICS_PORTS:-256}	# ports of the daemon stage's scrape (veths beside dut0/1)
METRICS_REPS=${BENCH_METRICS_REPS:-20}	# scrapes timed
METRICS_ADDR=127.0.0.1:9417
XDP=$BUILD/bench/xrb_xdp
DUT=$BUILD/bench/xrb_dut
COST=$BUILD/bench/xrb_cost
MEM=$BUILD/bench/xrb_mem
V6=$BUILD/bench/xrb_v6
RAW=$OUT/raw.txt
GEN_MAC=02:00:00:00:00:01
# shellcheck source=tests/bench/ksync.sh
source "$ROOT/tests/bench/ksync.sh"	# the ksync stage: BENCH_KSYNC_SIZES

log() { printf '%s\n' "$*" >&2; }
in_gen() { ip netns exec "$NS_GEN" "$@"; }
in_dut() { ip netns exec "$NS_DUT" "$@"; }
in_sink() { ip netns exec "$NS_SINK" "$@"; }
mac_of() { ip netns exec "$1" cat "/sys/class/net/$2/address"; }
raw() { echo "$*" >>"$RAW"; }

teardown() {
	local ns
	for ns in "$NS_GEN" "$NS_DUT" "$NS_SINK" "$NS_COST" "$NS_KS"; do
		ip netns pids "$ns" 2>/dev/null | xargs -r kill 2>/dev/null
		ip netns del "$ns" 2>/dev/null
	done
	return 0
}

build_bpf() {
	mkdir -p "$OUT" || return 1
	if [ ! "$MEM_OBJ" -nt "$ROOT/tests/bench/bpf/mem.bpf.c" ]; then
		clang -O2 -g -target bpf -Wall -Wextra -Werror -Wno-unused-parameter \
			-I"/usr/include/$(uname -m)-linux-gnu" \
			-c "$ROOT/tests/bench/bpf/mem.bpf.c" -o "$MEM_OBJ" || return 1
	fi
	[ "$OBJ" -nt "$ROOT/tests/bench/bpf/bench.bpf.c" ] &&
		[ "$OBJ" -nt "$ROOT/tests/bench/bpf/ceiling.h" ] &&
		[ "$OBJ" -nt "$ROOT/tests/bench/bpf/min_router.h" ] &&
		[ "$OBJ" -nt "$ROOT/bpf/dir24.h" ] && return 0
	clang -O2 -g -target bpf -Wall -Wextra -Werror -Wno-unused-parameter \
		-I"/usr/include/$(uname -m)-linux-gnu" \
		-c "$ROOT/tests/bench/bpf/bench.bpf.c" -o "$OBJ"
}

ns_add() {
	ip netns add "$1" || return 1
	ip -n "$1" link set lo up
	ip netns exec "$1" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1
}

setup() {
	teardown
	ns_add "$NS_GEN" && ns_add "$NS_DUT" && ns_add "$NS_SINK" || return 1
	ip link add gen0 netns "$NS_GEN" type veth peer name dut0 netns "$NS_DUT" &&
	ip link add dut1 netns "$NS_DUT" type veth peer name sink0 netns "$NS_SINK" || return 1
	ip -n "$NS_GEN" link set gen0 address "$GEN_MAC" up &&
	ip -n "$NS_DUT" link set dut0 up && ip -n "$NS_DUT" link set dut1 up &&
	ip -n "$NS_SINK" link set sink0 up || return 1
	in_dut sysctl -qw net.ipv4.conf.all.rp_filter=0 net.ipv4.conf.default.rp_filter=0 \
		net.ipv4.conf.dut0.rp_filter=0 net.ipv4.conf.dut1.rp_filter=0
	DUT0_MAC=$(mac_of "$NS_DUT" dut0)
	DUT1_MAC=$(mac_of "$NS_DUT" dut1)
	SINK_MAC=$(mac_of "$NS_SINK" sink0)
	sink_attach
}

sink_attach() {
	SINK_ID=$(in_sink "$XDP" attach "$OBJ" sink sink0) && [ -n "$SINK_ID" ]
}

# prefixes N: route set and destinations of size N, made once per run.
prefixes() {
	[ -s "$OUT/pfx-$1.txt" ] && [ -s "$OUT/dst-$1.txt" ] && return 0
	"$DUT" prefixes "$1" "$((0x5eed + $1))" "$OUT/pfx-$1.txt" "$OUT/dst-$1.txt" "$NDST" >/dev/null
}

xdp_off() { ip -n "$1" link set dev "$2" xdp off 2>/dev/null; return 0; }

# ---- modes: NAME_up configures the DUT and sets DMAC, NAME_down undoes it ----

genonly_up() {
	DMAC=$DUT0_MAC
	GEN_SINK_ID=$(in_dut "$XDP" attach "$OBJ" sink dut0)
}
genonly_down() { xdp_off "$NS_DUT" dut0; }

xrouter_up() {
	DMAC=$DUT0_MAC
	in_dut "$DUT" load "$OUT/pfx-$1.txt" dut0 "$GEN_MAC" dut1 "$SINK_MAC" "$OUT/dst-$1.txt"
}
xrouter_down() { xdp_off "$NS_DUT" dut0; xdp_off "$NS_DUT" dut1; }

xrecmp_up() { XRB_ECMP=1 xrouter_up "$@"; }
xrecmp_down() { xrouter_down; }

# Linux: frames XDP_TX'd into a veth only arrive if its NAPI runs (GRO on).
kernel_up() {
	local i
	DMAC=$DUT0_MAC
	in_dut ethtool -K dut0 gro on >/dev/null
	in_dut sysctl -qw net.ipv4.ip_forward=1
	ip -n "$NS_DUT" addr add 192.0.2.1/24 dev dut0 &&
	ip -n "$NS_DUT" addr add 198.51.100.1/24 dev dut1 || return 1
	ip -n "$NS_DUT" neigh replace 192.0.2.2 lladdr "$GEN_MAC" dev dut0 nud permanent
	for i in $(seq 2 17); do
		ip -n "$NS_DUT" neigh replace "198.51.100.$i" lladdr "$SINK_MAC" dev dut1 nud permanent
	done
	awk '{ print "route add", $1, "via", $2 }' "$OUT/pfx-$1.txt" |
		ip -n "$NS_DUT" -batch -
}
kernel_down() {
	in_dut sysctl -qw net.ipv4.ip_forward=0
	ip -n "$NS_DUT" route flush table main 2>/dev/null
	ip -n "$NS_DUT" addr flush dev dut0
	ip -n "$NS_DUT" addr flush dev dut1
	ip -n "$NS_DUT" neigh flush all 2>/dev/null
	in_dut ethtool -K dut0 gro off >/dev/null
	return 0
}

xswitch_up() {
	DMAC=$SINK_MAC
	in_dut "$DUT" switch dut0 dut1 "$SINK_MAC"
}
xswitch_down() { xrouter_down; }

xswitchvlan_up() {
	DMAC=$SINK_MAC
	in_dut "$DUT" switch dut0 dut1 "$SINK_MAC" 10
}
xswitchvlan_down() { xrouter_down; }

bridge_up() {
	DMAC=$SINK_MAC
	in_dut ethtool -K dut0 gro on >/dev/null
	ip -n "$NS_DUT" link add br0 type bridge stp_state 0 nf_call_iptables 0 \
		nf_call_ip6tables 0 nf_call_arptables 0 || return 1
	ip -n "$NS_DUT" link set dut0 master br0 && ip -n "$NS_DUT" link set dut1 master br0 &&
	ip -n "$NS_DUT" link set br0 up &&
	ip netns exec "$NS_DUT" bridge fdb replace "$SINK_MAC" dev dut1 master static
}
bridge_down() {
	ip -n "$NS_DUT" link del br0 2>/dev/null
	in_dut ethtool -K dut0 gro off >/dev/null
	return 0
}

ceiling_up() {
	DMAC=$DUT0_MAC
	in_dut "$XDP" ceiling "$OBJ" dut0 dut1 "$SINK_MAC" "$DUT1_MAC"
}
ceiling_down() { xdp_off "$NS_DUT" dut0; }

# measure MODE N: one run of the generator; appends "pps MODE N offered received".
measure() {
	local id=$SINK_ID r
	[ "$1" = genonly ] && id=$GEN_SINK_ID
	r=$(in_gen taskset -c "$CPU" "$XDP" gen "$OBJ" gen0 "$DMAC" "$GEN_MAC" 192.0.2.2 \
		"$OUT/dst-$2.txt" "$SECS" "$id") || return 1
	set -- $1 $2 $r
	raw "pps $1 $2 $3 $4"
	# The frames themselves: what a restart or an upgrade lost, exactly.
	raw "frames $1 $2 $5 $6"
	log "  $1 ($2 prefixes): offered $3 pps, received $4 pps"
}

modes() {
	local rep m
	prefixes "$MAIN_N" || return 1
	for rep in $(seq 1 "$REPS"); do
		log "repetition $rep/$REPS"
		for m in $MODES; do
			if "${m}_up" "$MAIN_N" >"$OUT/up-$m.log" 2>&1; then
				measure "$m" "$MAIN_N" || log "  $m: generator failed"
			else
				log "  $m: setup failed (see $OUT/up-$m.log)"
				raw "fail $m setup"
			fi
			"${m}_down"
		done
	done
}

# Route scale: load time, memory, change time and ns/packet from xrb_dut, then pps.
scale() {
	local n rep
	for n in $SIZES; do
		log "scale: $n prefixes"
		prefixes "$n" || return 1
		if ! xrouter_up "$n" >"$OUT/load-$n.txt" 2>&1; then
			log "  load failed: $(tail -n 1 "$OUT/load-$n.txt")"
			raw "fail scale-$n load"
			xrouter_down
			continue
		fi
		sed "s/^/scale $n /" "$OUT/load-$n.txt" >>"$RAW"
		for rep in $(seq 1 "$SCALE_REPS"); do
			measure "scale-$n" "$n" || log "  generator failed"
			# The biggest table again, its destinations in 16 prefixes:
			# what is left of the difference is the spread, not the size.
			[ "$n" = "${SIZES##* }" ] && local_dsts "$n" &&
				{ measure "scale-local-$n" "local-$n" || log "  generator failed"; }
		done
		xrouter_down
		kernel_scale "$n"
	done
}

# Linux forwarding with the same table and destinations: what 3x is of.
kernel_scale() {
	local rep
	case " $KSCALE " in *" $1 "*) ;; *) return 0 ;; esac
	log "scale: Linux with $1 prefixes"
	if kernel_up "$1" >"$OUT/kup-$1.log" 2>&1; then
		for rep in $(seq 1 "$SCALE_REPS"); do
			measure "kscale-$1" "$1" || log "  generator failed"
		done
	else
		raw "fail kscale-$1 setup"
	fi
	kernel_down
}

# Stage ab: the program searching DXR against the same program reading
# DIR-24-8 (XR_FIB_DXR, dp_opts.fib_dxr), loaded in turn at each size so
# drift hits both alike: pps rows "ab-dxr-N" and "ab-dir24-N", and each
# load's numbers (with the C lookups of both, xrb_dut) in raw.txt.
ab() {
	local n rep v
	for n in $SIZES; do
		prefixes "$n" || return 1
		for rep in $(seq 1 "$SCALE_REPS"); do
			for v in dxr dir24; do
				XR_FIB_DXR=$([ "$v" = dxr ] && echo 1 || echo 0) \
					xrouter_up "$n" >"$OUT/ab-$v-$n.txt" 2>&1 &&
					sed "s/^/ab-$v $n /" "$OUT/ab-$v-$n.txt" >>"$RAW" &&
					measure "ab-$v-$n" "$n"
				xrouter_down
			done
		done
	done
}

# Trace stage compiled in (the daemon's program) against compiled out (make
# notrace: -DXR_NO_TRACE), no trace running: routed pps, interleaved.
trace_ab() {
	local rep v xrd=$XRD
	[ -x "$BUILD/bench/notrace/xrouterd" ] || { log "  trace: run make notrace"; return 1; }
	prefixes "$MAIN_N" || return 1
	for rep in $(seq 1 "$REPS"); do
		for v in trace notrace; do
			[ "$v" = notrace ] && XRD=$BUILD/bench/notrace/xrouterd
			if xrouter_up "$MAIN_N" >"$OUT/up-$v.log" 2>&1; then
				measure "xrouter-$v" "$MAIN_N" || log "  $v: generator failed"
			else
				raw "fail xrouter-$v setup"
			fi
			xrouter_down
			XRD=$xrd
		done
	done
}

# has STAGE: the stage is in BENCH_STAGES.
has() { case " $STAGES " in *" $1 "*) return 0 ;; esac; return 1; }

# NDST destinations inside the first 16 prefixes of table $1: the same
# table, touched in a few pages instead of thousands.
local_dsts() {
	[ -s "$OUT/dst-local-$1.txt" ] && return 0
	/usr/bin/python3 - "$OUT/pfx-$1.txt" "$NDST" >"$OUT/dst-local-$1.txt" <<'PY'
import ipaddress, random, sys
random.seed(1)
nets = [ipaddress.ip_network(l.split()[0]) for l in open(sys.argv[1]).readlines()[:16]]
n = int(sys.argv[2])
for i in range(n):
    net = nets[i % len(nets)]
    print(net.network_address + random.randrange(net.num_addresses))
PY
}

# ---- TCP goodput: iperf3 gen -> sink through one router ----

# Hosts addressed, with static neighbours for the router (xrouter answers
# no ARP without its daemon).  XDP_PASS on both hosts' veths: needed for
# xrouter's redirects to arrive, and the same for every mode.
tcp_hosts() {
	local xdp=$1
	ip -n "$NS_GEN" addr add 192.0.2.2/24 dev gen0 &&
	ip -n "$NS_GEN" route add default via 192.0.2.1 &&
	ip -n "$NS_GEN" neigh replace 192.0.2.1 lladdr "$DUT0_MAC" dev gen0 nud permanent &&
	ip -n "$NS_SINK" addr add 198.51.100.2/24 dev sink0 &&
	ip -n "$NS_SINK" route add default via 198.51.100.1 &&
	ip -n "$NS_SINK" neigh replace 198.51.100.1 lladdr "$DUT1_MAC" dev sink0 nud permanent ||
		return 1
	# Hosts keep TX checksum offload as users have it: the partial checksums
	# reach xrouter, which finishes them (bpf/l4csum.h), so that cost counts.
	if [ "$xdp" = 1 ]; then
		in_gen "$XDP" attach "$OBJ" pass gen0 && in_sink "$XDP" attach "$OBJ" pass sink0
	else
		xdp_off "$NS_GEN" gen0; xdp_off "$NS_SINK" sink0
	fi
}

tcp_hosts_down() {
	ip -n "$NS_GEN" addr flush dev gen0
	ip -n "$NS_SINK" addr flush dev sink0
	xdp_off "$NS_GEN" gen0
	xdp_off "$NS_SINK" sink0
}

# tcp_run MODE: one iperf3 run; appends "tcp MODE gbit/s".
tcp_run() {
	local bps
	in_sink timeout $((TCP_SECS + 15)) iperf3 -s -1 -B 198.51.100.2 >/dev/null 2>&1 &
	sleep 0.5
	bps=$(in_gen timeout $((TCP_SECS + 10)) iperf3 -c 198.51.100.2 -t "$TCP_SECS" -J 2>/dev/null |
		python3 -c 'import json,sys; print(json.load(sys.stdin)["end"]["sum_received"]["bits_per_second"])' 2>/dev/null)
	wait
	if [ -z "$bps" ]; then
		log "  tcp $1: iperf3 failed"
		raw "fail tcp-$1 iperf3"
		return 1
	fi
	raw "tcp $1 $(awk -v b="$bps" 'BEGIN { printf "%.2f", b / 1e9 }')"
	log "  tcp $1: $(awk -v b="$bps" 'BEGIN { printf "%.2f", b / 1e9 }') Gbit/s"
}

tcp() {
	[ "$TCP_SECS" = 0 ] && return 0
	log "TCP goodput (iperf3, ${TCP_SECS}s)"
	xdp_off "$NS_SINK" sink0
	# Linux forwarding, no XDP anywhere: GSO/TSO end to end.
	tcp_hosts 0 && kernel_up 10 >/dev/null 2>&1 && tcp_run kernel
	kernel_down; tcp_hosts_down
	# Linux forwarding with XDP_PASS on the same four ports as xrouter.
	tcp_hosts 1 && kernel_up 10 >/dev/null 2>&1 &&
		in_dut "$XDP" attach "$OBJ" pass dut0 && in_dut "$XDP" attach "$OBJ" pass dut1 &&
		tcp_run kernel-xdp-pass
	kernel_down; xdp_off "$NS_DUT" dut0; xdp_off "$NS_DUT" dut1; tcp_hosts_down
	tcp_hosts 1 && xrouter_up 10 >/dev/null 2>&1 && tcp_run xrouter
	xrouter_down; tcp_hosts_down
	sink_attach
}

# ---- the daemon: the largest table through xrouterd --config ----

daemon_conf() {
	local i
	echo "link add dut0"
	echo "link add dut1"
	echo "addr add 192.0.2.1/24 dev dut0"
	echo "addr add 198.51.100.1/24 dev dut1"
	echo "neigh add 192.0.2.2 lladdr $GEN_MAC dev dut0"
	for i in $(seq 2 17); do
		echo "neigh add 198.51.100.$i lladdr $SINK_MAC dev dut1"
	done
	awk '{ print "route add", $1, "via", $2 }' "$OUT/pfx-$1.txt"
}

now() { date +%s.%N; }

# A route change through the daemon: xrb_ctl times CLI_N requests on the
# control socket (what xrouterctl sends, without its process start), and
# one xrouterctl run shows what a user waits in all.
cli_times() {
	local n=$1 t0 t1 p gw
	read -r p gw < <(sed -n 2p "$OUT/pfx-$n.txt")
	in_dut "$CTL_TIMER" "$CLI_N" "$p" | sed "s/^/daemon $n /" >>"$RAW" ||
		raw "fail daemon xrb_ctl"
	t0=$(now)
	in_dut "$XRCTL" route replace "$p" via "$gw" >/dev/null || raw "fail daemon cli"
	t1=$(now)
	raw "daemon $n cli_replace_ms $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.2f", (b - a) * 1000 }')"
}

# The prefixes that carry the first $2 destinations of the generator.
covering() {
	/usr/bin/python3 - "$OUT/pfx-$1.txt" "$OUT/dst-$1.txt" "$2" <<'PY'
import ipaddress, sys
pfx = {}
for line in open(sys.argv[1]):
    p = ipaddress.ip_network(line.split()[0])
    pfx[(int(p.network_address), p.prefixlen)] = str(p)
for line in open(sys.argv[2]).readlines()[:int(sys.argv[3])]:
    a = int(ipaddress.ip_address(line.strip()))
    for n in range(32, -1, -1):
        k = (a & ((0xffffffff << (32 - n)) & 0xffffffff), n)
        if k in pfx:
            print(pfx[k])
            break
PY
}

# Replace the gateway of routes the generator's destinations use, one after
# the other, until killed; a line per change in $2.  Every gateway leads to
# the sink, so a change must not lose a packet.
churn() {
	local i=0 p
	: >"$2"
	while :; do
		while read -r p; do
			i=$((i + 1))
			in_dut taskset -c "$OTHER_CPU" "$XRCTL" route replace "$p" \
				via "198.51.100.$((2 + i % 16))" >/dev/null && echo "$p" >>"$2"
		done <"$OUT/churn-pfx.txt"
	done
}

# Start to `xrouterctl status` answering, route changes through the CLI,
# and the routed rate of the daemon's table while routes change under it.
daemon_stage() {
	local n=${DAEMON_N:-${SIZES##* }} t0 t1 i pid cpid
	[ -x "$XRD" ] && [ -x "$XRCTL" ] || { log "daemon: not built, skipped"; return 0; }
	log "daemon: $n prefixes through xrouterd --config"
	prefixes "$n" && daemon_conf "$n" >"$OUT/daemon.conf" || return 1
	t0=$(now)
	# Not through in_dut: its subshell would be $!, and killing it would
	# leave the daemon running.
	ip netns exec "$NS_DUT" "$XRD" --config "$OUT/daemon.conf" --log-level warn \
		--metrics "$METRICS_ADDR" >"$OUT/daemon.log" 2>&1 &
	pid=$!
	for i in $(seq 1 600); do
		in_dut "$XRCTL" status >/dev/null 2>&1 && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	t1=$(now)
	if ! in_dut "$XRCTL" status >/dev/null 2>&1; then
		log "  daemon did not come up: $(tail -n 1 "$OUT/daemon.log")"
		raw "fail daemon start"
		kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
		return 1
	fi
	raw "daemon $n start_s $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')"
	cli_times "$n"
	DMAC=$DUT0_MAC
	covering "$n" 100 >"$OUT/churn-pfx.txt"
	churn "$n" "$OUT/churn.txt" &
	cpid=$!
	measure "daemon-$n" "$n" || log "  generator failed"
	kill "$cpid"; wait "$cpid" 2>/dev/null
	raw "daemon $n churn_changes $(wc -l <"$OUT/churn.txt")"
	raw "daemon $n churn_prefixes $(wc -l <"$OUT/churn-pfx.txt")"
	metrics_scrape "$n"
	kill "$pid"; wait "$pid" 2>/dev/null
	xrouter_down
	metrics_ports_del
}

# ---- metrics: a Prometheus scrape of the daemon's table ----

metrics_ports_del() {
	local i
	for i in $(seq 1 $(((METRICS_PORTS - 1) / 2))); do
		ip -n "$NS_DUT" link del "mxa$i" 2>/dev/null
	done
	return 0
}

# The daemon's table with METRICS_PORTS ports (both ends of veth pairs in
# the DUT, beside dut0 and dut1: the kernel may have no dummy driver),
# scraped METRICS_REPS times by curl: time to the last byte, connection included.
metrics_scrape() {
	local n=$1 i ports
	command -v curl >/dev/null || { log "metrics: no curl, skipped"; return 0; }
	for i in $(seq 1 $(((METRICS_PORTS - 1) / 2))); do
		ip -n "$NS_DUT" link add "mxa$i" type veth peer name "mxb$i" &&
			ip -n "$NS_DUT" link set "mxa$i" up && ip -n "$NS_DUT" link set "mxb$i" up &&
			in_dut "$XRCTL" link add "mxa$i" >/dev/null 2>&1 &&
			in_dut "$XRCTL" link add "mxb$i" >/dev/null 2>&1 || break
	done
	ports=$(in_dut "$XRCTL" -j status | sed -n 's/.*"ports":\([0-9]*\).*/\1/p')
	log "metrics: $n routes, ${ports:-?} ports, $METRICS_REPS scrapes"
	for i in $(seq 1 "$METRICS_REPS"); do
		in_dut curl -sS -f -o /dev/null -w '%{time_total} %{size_download}\n' \
			"http://$METRICS_ADDR/metrics" || { raw "fail metrics scrape"; return 1; }
	done >"$OUT/metrics.txt"
	raw "daemon $n metrics_ports ${ports:-0}"
	sort -n "$OUT/metrics.txt" | awk -v n="$n" '{ t[NR] = $1 * 1000; b = $2 }
		END { printf "daemon %d metrics_scrape_ms %.2f\ndaemon %d metrics_scrape_max_ms %.2f\n" \
			"daemon %d metrics_bytes %d\n", n, t[int((NR + 1) / 2)], n, t[NR], n, b }' >>"$RAW"
}

# ---- restart: a successor adopting the running fast path ----

# Wait until the daemon pid answers `status` (30 s at most).
daemon_ready() {
	local i
	for i in $(seq 1 600); do
		in_dut "$XRCTL" status >/dev/null 2>&1 && return 0
		kill -0 "$1" 2>/dev/null || return 1
		sleep 0.05
	done
	return 1
}

# Start xrouterd (or $1) on the restart config in the background; its pid
# in RPID (ip netns exec execs it: not through in_dut, whose subshell would
# be the pid).
restart_daemon() {
	ip netns exec "$NS_DUT" "${1:-$XRD}" --config "$OUT/restart.conf" --log-level info \
		>>"$OUT/restart.log" 2>&1 &
	RPID=$!
}

# SIGKILL the daemon, start a successor (xrouterd, or $1): the seconds
# until it answers, in RSECS (no command substitution: RPID must stay this
# shell's child).
restart_timed() {
	local t0 t1
	kill -KILL "$RPID"; wait "$RPID" 2>/dev/null
	t0=$(now)
	restart_daemon "${1:-}"
	daemon_ready "$RPID" || return 1
	t1=$(now)
	RSECS=$(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')
}

# N routes through --config, then SIGKILL and a successor, twice: once
# quiet, for the time until it answers `status` (replay of the saved state
# and of --config, adoption), once with the generator running across it,
# for what the fast path lost meanwhile (it should be nothing).
restart_one() {
	local n=$1 gpid
	log "restart: $n prefixes, SIGKILL, successor adopts"
	prefixes "$n" && daemon_conf "$n" >"$OUT/restart.conf" || return 1
	: >"$OUT/restart.log"
	restart_daemon
	daemon_ready "$RPID" || return 1
	restart_timed || return 1
	raw "restart $n ready_s $RSECS"
	log "  ready after $RSECS s"
	DMAC=$DUT0_MAC
	# The same traffic with no restart: what the path loses anyway.
	SECS=$RESTART_SECS measure "steady-$n" "$n" || return 1
	SECS=$RESTART_SECS measure "restart-$n" "$n" &
	gpid=$!
	sleep 0.5
	restart_timed || { wait "$gpid"; return 1; }
	wait "$gpid"
	raw "restart $n ready_traffic_s $RSECS"
	upgrade_one "$n" || return 1
	kill "$RPID"; wait "$RPID" 2>/dev/null
	xrouter_down
}

# A successor of another contract version (make abi-bump) under the same
# traffic: it loads its own program and maps, replays the state into them
# and replaces the program on both ports; then back to this build's.  The
# frames lost are the forwarding gap at the generator's full rate.
upgrade_one() {
	local n=$1 gpid to what secs
	[ -x "$XRD_BUMP" ] || { log "  upgrade: $XRD_BUMP not built (make abi-bump), skipped"; return 0; }
	# The swap comes after the replay into fresh maps (state and --config:
	# 1,000,000 routes took 16 s on the loaded VM), and 1-3 s of start-up.
	secs=$((RESTART_SECS + 4 + n / 40000))
	for what in upgrade downgrade; do
		to=$XRD_BUMP
		[ "$what" = downgrade ] && to=$XRD
		SECS=$secs measure "$what-$n" "$n" &
		gpid=$!
		sleep 0.5
		restart_timed "$to" || { wait "$gpid"; return 1; }
		wait "$gpid"
		raw "restart $n ${what}_traffic_s $RSECS"
		# Ready comes after the swap: past the window, the gap went unmeasured
		# (a loaded machine), which the report says rather than "0 lost".
		awk -v r="$RSECS" -v s="$secs" 'BEGIN { exit !(r + 0.5 < s) }' || {
			log "  $what: ready after $RSECS s, past the $secs s of traffic: unmeasured"
			raw "restart $n ${what}_late 1"
		}
		grep -q "moved from contract version" "$OUT/restart.log" ||
			{ log "  $what: the successor did not replace the program"; return 1; }
		sed -nE 's/.*upgrade: ([0-9]+) ports moved .* in ([0-9]+) us/\2/p' \
			"$OUT/restart.log" | tail -n 1 | sed "s/^/restart $n ${what}_swap_us /" >>"$RAW"
		: >"$OUT/restart.log"
	done
}

restart_stage() {
	local n
	[ -x "$XRD" ] && [ -x "$XRCTL" ] || { log "restart: not built, skipped"; return 0; }
	for n in $RESTART_SIZES; do
		if ! restart_one "$n"; then
			log "  restart $n failed: $(tail -n 1 "$OUT/restart.log")"
			raw "fail restart $n"
			kill "$RPID" 2>/dev/null; wait "$RPID" 2>/dev/null
			xrouter_down
		fi
	done
}

# ---- per-path program cost (BPF_PROG_TEST_RUN), in a namespace of its own ----

cost() {
	log "program cost per path (BPF_PROG_TEST_RUN)"
	ns_add "$NS_COST" || return 1
	ip -n "$NS_COST" link add c0 type veth peer name c1 &&
	ip -n "$NS_COST" link add s0 type veth peer name s1 &&
	ip -n "$NS_COST" link add s2 type veth peer name s3 || return 1
	for d in c0 c1 s0 s1 s2 s3; do ip -n "$NS_COST" link set "$d" up; done
	if ! ip netns exec "$NS_COST" "$COST" "$OBJ" >"$OUT/cost.txt" 2>"$OUT/cost.log"; then
		log "  xrb_cost failed: $(tail -n 1 "$OUT/cost.log")"
		raw "fail cost run"
	fi
	sed 's/^/cost /' "$OUT/cost.txt" >>"$RAW"
	ip netns del "$NS_COST"
	# What the verifier does with the program, next to what it costs.
	"$BUILD/bench/xrb_insns" "$BUILD/xrouter.bpf.o" >>"$RAW" 2>"$OUT/insns.log" ||
		log "  xrb_insns failed: $(tail -n 1 "$OUT/insns.log")"
	# With the IPv4 DXR lookup chosen: the largest program the verifier sees.
	"$BUILD/bench/xrb_insns" "$BUILD/xrouter.bpf.o" xr_fib_dxr=1 2>>"$OUT/insns.log" |
		sed 's/^insns \([a-z_]*\)/insns \1+ipv4_dxr/' >>"$RAW" ||
		log "  xrb_insns (DXR) failed: $(tail -n 1 "$OUT/insns.log")"
	# What a read costs by where it lands: the scale stage's why.
	# shellcheck disable=SC2086
	taskset -c "$CPU" "$MEM" "$MEM_OBJ" $MEM_SETS >>"$RAW" 2>"$OUT/mem.log" ||
		log "  xrb_mem failed: $(tail -n 1 "$OUT/mem.log")"
}

# ---- the IPv6 FIB in process: load, memory, lookup and program cost (xrb_v6) ----

ipv6_stage() {
	log "IPv6 FIB: $V6_SIZES prefixes (DXR), $V6_TRIE_SIZES (trie)"
	if ! XRB6_NODES=$V6_NODES taskset -c "$CPU" "$V6" fib $V6_SIZES >"$OUT/ipv6.txt" \
		2>"$OUT/ipv6.log"; then
		log "  xrb_v6 failed: $(tail -n 1 "$OUT/ipv6.log")"
		raw "fail ipv6 run"
	fi
	if [ -n "$V6_TRIE_SIZES" ] && ! XRB6_TRIE=1 taskset -c "$CPU" "$V6" fib $V6_TRIE_SIZES \
		>>"$OUT/ipv6.txt" 2>>"$OUT/ipv6.log"; then
		log "  xrb_v6 (trie) failed: $(tail -n 1 "$OUT/ipv6.log")"
		raw "fail ipv6 trie run"
	fi
	sed -n 's/^v6_\([0-9]*\)_\([a-z0-9_]*\) /ipv6 \1 \2 /p' "$OUT/ipv6.txt" >>"$RAW"
	[ -n "$V6_CONF_N" ] && ipv6_config "$V6_CONF_N"
	ipv6_live
}

# Live IPv6 frames gen -> dut -> sink (xrb_xdp gen6), destinations spread
# over the table: xrouter with V6_LIVE_SIZES prefixes, xrouter's IPv4 at
# the smallest size and Linux IPv6 forwarding with it, and the trie with
# the largest, in turn, REPS times: pps rows "v6-xrouter-N",
# "v6-trie-xrouter-N", "v6-v4-xrouter-N", "v6-linux-N".
ipv6_live() {
	local rep n small=${V6_LIVE_SIZES%% *}
	log "IPv6 live: $V6_LIVE_SIZES prefixes"
	prefixes "$small" || return 1
	for rep in $(seq 1 "$REPS"); do
		for n in $V6_LIVE_SIZES; do
			if in_dut "$V6" load "$n" dut0 "$GEN_MAC" dut1 "$SINK_MAC" \
				"$OUT/dst6-$n.txt" >"$OUT/v6load-$n.txt" 2>&1; then
				DMAC=$DUT0_MAC
				measure6 "v6-xrouter-$n" "$n" || log "  generator failed"
			else
				raw "fail v6-xrouter-$n load"
			fi
			xrouter_down
		done
		# The trie, DXR's reference, with the largest table.
		if XRB6_TRIE=1 in_dut "$V6" load "$n" dut0 "$GEN_MAC" dut1 "$SINK_MAC" \
			"$OUT/dst6-$n.txt" >"$OUT/v6load-trie-$n.txt" 2>&1; then
			DMAC=$DUT0_MAC
			measure6 "v6-trie-xrouter-$n" "$n" || log "  generator failed"
		fi
		xrouter_down
		xrouter_up "$small" >/dev/null 2>&1 && measure "v6-v4-xrouter-$small" "$small"
		xrouter_down
		if kernel6_up "$small" >"$OUT/k6up.log" 2>&1; then
			measure6 "v6-linux-$small" "$small" || log "  generator failed"
		else
			raw "fail v6-linux-$small setup"
		fi
		kernel6_down
	done
}

measure6() {
	local r
	r=$(in_gen taskset -c "$CPU" "$XDP" gen6 "$OBJ" gen0 "$DMAC" "$GEN_MAC" 2001:db8:1::2 \
		"$OUT/dst6-$2.txt" "$SECS" "$SINK_ID") || return 1
	set -- $1 $2 $r
	raw "pps $1 $2 $3 $4"
	log "  $1 ($2 prefixes): offered $3 pps, received $4 pps"
}

# Linux IPv6 forwarding with the table xrb_v6 loads, gateways at the sink.
kernel6_up() {
	local i
	DMAC=$DUT0_MAC
	in_dut ethtool -K dut0 gro on >/dev/null
	in_dut sysctl -qw net.ipv6.conf.dut0.disable_ipv6=0 net.ipv6.conf.dut1.disable_ipv6=0 \
		net.ipv6.conf.all.forwarding=1
	ip -n "$NS_DUT" addr add 2001:db8:1::1/64 dev dut0 nodad &&
	ip -n "$NS_DUT" addr add 2001:db8:2::100/64 dev dut1 nodad || return 1
	for i in $(seq 1 16); do
		ip -n "$NS_DUT" -6 neigh replace "2001:db8:2::$(printf %x "$i")" \
			lladdr "$SINK_MAC" dev dut1 nud permanent
	done
	"$V6" table "$1" | awk '{ printf "route add %s via 2001:db8:2::%x\n", $1, (NR - 1) % 16 + 1 }' |
		ip -n "$NS_DUT" -batch -
}
kernel6_down() {
	in_dut sysctl -qw net.ipv6.conf.all.forwarding=0
	ip -n "$NS_DUT" -6 route flush table main 2>/dev/null
	ip -n "$NS_DUT" addr flush dev dut0
	ip -n "$NS_DUT" addr flush dev dut1
	in_dut sysctl -qw net.ipv6.conf.dut0.disable_ipv6=1 net.ipv6.conf.dut1.disable_ipv6=1
	in_dut ethtool -K dut0 gro off >/dev/null 2>&1
	return 0
}

# An Internet-mix IPv6 table through xrouterd --config, in its own
# namespace: seconds from start until the daemon answers, table loaded.
ipv6_config() {
	local n=$1 ns=tbn-${TAG}v6c t0 t1 i pid got
	[ -x "$XRD" ] && [ -x "$XRCTL" ] || return 0
	log "IPv6: $n prefixes through xrouterd --config"
	ns_add "$ns" || return 1
	ip -n "$ns" link add v6c0 type veth peer name v6c1 &&
		ip -n "$ns" link set v6c0 up && ip -n "$ns" link set v6c1 up || {
		ip netns del "$ns"; return 1; }
	{
		echo "link add v6c0"
		echo "link add v6c1"
		echo "addr add 2001:db8:1::1/64 dev v6c0"
		echo "addr add 2001:db8:2::1/64 dev v6c1"
		"$V6" table "$n" | awk '{ printf "route add %s via 2001:db8:2::%x\n", $1, 2 + NR % 16 }'
	} >"$OUT/v6.conf"
	t0=$(now)
	ip netns exec "$ns" "$XRD" --config "$OUT/v6.conf" --log-level error \
		>"$OUT/v6conf.log" 2>&1 &
	pid=$!
	for i in $(seq 1 1200); do
		ip netns exec "$ns" "$XRCTL" status >/dev/null 2>&1 && break
		kill -0 "$pid" 2>/dev/null || break
		sleep 0.05
	done
	t1=$(now)
	got=$(ip netns exec "$ns" "$XRCTL" -6 route show 2>/dev/null | wc -l)
	kill "$pid" 2>/dev/null; wait "$pid" 2>/dev/null
	ip netns del "$ns"
	raw "ipv6 $n config_load_s $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')"
	raw "ipv6 $n config_routes $got"
}

meta() {
	raw "meta date $(date -u +%Y-%m-%dT%H:%MZ)"
	raw "meta kernel $(uname -r)"
	raw "meta cpu $(grep -m1 'model name' /proc/cpuinfo | cut -d: -f2 | xargs) x $(nproc)"
	raw "meta secs $SECS"
	raw "meta reps $REPS"
	raw "meta main_n $MAIN_N"
	raw "meta ndst $NDST"
	raw "meta restart_secs $RESTART_SECS"
}

main() {
	local rc=0
	[ "$(id -u)" = 0 ] || { log "run.sh: needs root"; return 1; }
	for b in "$XDP" "$DUT"; do
		[ -x "$b" ] || { log "run.sh: $b missing: run make first"; return 1; }
	done
	build_bpf || { log "run.sh: cannot build $OBJ"; return 1; }
	rm -f "$OUT"/pfx-*.txt "$OUT"/dst-*.txt "$OUT/results.md" "$OUT/bench.png"
	: >"$RAW"
	meta
	trap teardown EXIT
	trap 'exit 130' INT TERM
	setup || { log "run.sh: topology setup failed"; return 1; }
	has cost && [ -x "$COST" ] && cost
	has modes && modes
	has scale && scale
	has ab && ab
	has trace && trace_ab
	has daemon && daemon_stage
	has restart && restart_stage
	has tcp && tcp
	has ipv6 && [ -x "$V6" ] && ipv6_stage
	has ipv6_config && [ -x "$V6" ] && ipv6_config "$V6_CONF_N"
	# Floods against a steady flow: a topology of their own (floods.sh).
	has floods && { RAW=$RAW OBJ=$OBJ BENCH_OUT=$OUT bash "$ROOT/tests/bench/floods.sh" ||
		raw "fail floods"; }
	has ksync && ksync_stage
	teardown
	/usr/bin/python3 "$ROOT/tests/bench/report.py" "$RAW" "$OUT" || rc=1
	[ -f "$OUT/results.md" ] && cat "$OUT/results.md"
	return $rc
}

main "$@"
