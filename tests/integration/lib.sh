# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Helpers for integration tests: build a topology, check ping, traceroute
# and capture results, skip with code 77.  Sourced by run.sh in the process
# that runs one test; XR_PREFIX is already unique to that test, and run.sh
# tears everything down when the test ends, however it ends.

T_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
# shellcheck source=netns-scripts/line.sh
source "$T_DIR/../../netns-scripts/line.sh"
# shellcheck source=netns-scripts/switch-lan.sh
source "$T_DIR/../../netns-scripts/switch-lan.sh"

T_SKIP=77

t_fail() { echo "FAIL: $*" >&2; return 1; }
t_skip() { echo "SKIP: $*" >&2; exit "$T_SKIP"; }
t_info() { echo "# $*" >&2; }

t_need() {
	local c
	for c in "$@"; do
		command -v "$c" >/dev/null || t_skip "$c not installed"
	done
}

# Tests that drive xrouterctl have nothing to check with Linux routers.
t_need_xrouter() { [ "$ROUTER" != kernel ] || t_skip "needs xrouterd (ROUTER=kernel)"; }

# t_line N [VAR=value...]: the line topology with N routers.
t_line() {
	local n=$1
	shift
	local v
	for v in "$@"; do export "${v?}"; done
	LINE_ROUTERS=$n
	LINE_MTU_LINK=${LINE_MTU_LINK:-}
	line_setup || t_fail "building a line of $n routers"
}

t_switch() {
	SW_SPARE=${1:-0}
	sw_setup || t_fail "building the switched LAN"
}

# t_ping NAME DST [COUNT [ping options...]]: every echo must come back.
t_ping() {
	local n=$1 dst=$2 count=${3:-3} out
	shift 3 2>/dev/null || shift $#
	out=$(xr_exec "$n" ping -c "$count" -i 0.2 -W 2 "$@" "$dst" 2>&1)
	if ! grep -q " $count received" <<<"$out"; then
		echo "$out" >&2
		t_fail "$n: ping $dst: not all $count echoes answered"
		return 1
	fi
}

# Lines of `ping -c 1` output must show an ICMP error from FROM.
t_ping_error() {
	local n=$1 dst=$2 from=$3 what=$4 out
	shift 4
	out=$(xr_exec "$n" ping -c 1 -W 8 "$@" "$dst" 2>&1)
	if ! grep -qE "^From $from icmp_seq=1 $what" <<<"$out"; then
		echo "$out" >&2
		t_fail "$n: ping $dst: expected \"From $from ... $what\""
		return 1
	fi
}

# t_traceroute NAME DST "flags" ADDR...: each hop line lists exactly the
# expected address (all answering probes agree), in order, and no more.
# An IPv6 DST traces with -6.
t_traceroute() {
	local n=$1 dst=$2 flags=$3 out got want re='([0-9]{1,3}\.){3}[0-9]{1,3}'
	shift 3
	if [[ $dst == *:* ]]; then
		flags="-6 $flags"
		re='([0-9a-f]{0,4}:){2,7}[0-9a-f]{0,4}'
	fi
	# shellcheck disable=SC2086
	out=$(xr_exec "$n" timeout 60 traceroute -n -w 2 -m $(($# + 2)) $flags "$dst" 2>&1)
	got=$(tail -n +2 <<<"$out" | while read -r line; do
		grep -oE "$re" <<<"$line" | sort -u | tr '\n' ' '
		echo
	done)
	want=$(printf '%s \n' "$@")
	if [ "$got" != "$want" ]; then
		echo "$out" >&2
		t_fail "traceroute $flags: hops are not: $*"
		return 1
	fi
}

# t_ping_bg NAME DST COUNT INTERVAL: ping in the background; t_ping_done
# waits for it and checks every echo came back.
t_ping_bg() {
	xr_exec "$1" ping -c "$3" -i "$4" -W 1 "$2" >"$(xr_run_dir)/ping.out" 2>&1 </dev/null &
	T_PING_PID=$!
}

t_ping_done() {
	local out
	wait "$T_PING_PID"
	out=$(cat "$(xr_run_dir)/ping.out")
	if ! grep -q " $1 received" <<<"$out"; then
		tail -n 4 <<<"$out" >&2
		t_fail "lost echoes under $2"
		return 1
	fi
	t_info "$(grep -E 'transmitted' <<<"$out")"
}

# Captures: t_cap_start NAME FILTER starts tcpdump on NAME's eth0 and waits
# until it listens; t_cap_stop NAME prints how many packets it saw.
# NAME@DEV captures on DEV instead (t_cap_stop NAME, without the device).
t_cap_start() {
	local n=${1%@*} dev=eth0 f i
	[[ $1 == *@* ]] && dev=${1#*@}
	shift
	f="$(xr_run_dir)/cap-$n"
	xr_exec "$n" tcpdump -i "$dev" -nn -l -e "$@" >"$f.out" 2>"$f.err" </dev/null &
	echo $! >"$f.pid"
	for i in $(seq 50); do
		grep -q "listening on" "$f.err" 2>/dev/null && return 0
		sleep 0.1
	done
	t_fail "$n: tcpdump did not start: $(cat "$f.err")"
}

t_cap_stop() {
	local f
	f="$(xr_run_dir)/cap-$1"
	sleep 0.3
	kill -INT "$(cat "$f.pid")" 2>/dev/null
	wait "$(cat "$f.pid")" 2>/dev/null
	wc -l <"$f.out"
}

t_mac() { xr_exec "$1" cat "/sys/class/net/${2:-eth0}/address"; }

# t_same NAME BEFORE AFTER: the state did not change (else the diff, and fail).
t_same() {
	[ "$2" = "$3" ] && return 0
	diff <(echo "$2") <(echo "$3") >&2
	t_fail "$1"
}

# The routed interfaces' state as the CLI shows it, to compare before/after.
t_snapshot() {
	local o
	for o in route addr neigh; do
		echo "== $o"
		xr_ctl "$1" "$o" show 2>&1
		echo "rc=$?"
	done
}
