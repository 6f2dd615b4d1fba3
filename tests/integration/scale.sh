# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Routing table tests: a restarted daemon adopts a large table quickly without
# disturbing forwarding, tbl8 groups sized by --tbl8-groups, and gateways
# that cannot be neighbours refused.  All need xrouterd; with ROUTER=kernel
# they skip.

T_SCALE_ROUTES=${T_SCALE_ROUTES:-100000}
T_SCALE_READY_S=${T_SCALE_READY_S:-5}

# N distinct /24 routes from 10.0.0.0/24 upwards via h2, appended to r1's config.
t_scale_routes() {
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++)
		printf "route add %d.%d.%d.0/24 via 198.51.100.2\n", 10 + int(i / 65536), int(i / 256) % 256, i % 256 }' \
		>>"$(xr_conf r1)"
}

# SIGKILL r1 and start a successor: seconds until `status` answers (or a
# bound of 60 s), on stdout.
t_scale_restart() {
	local t0 t1 pid i
	xr_daemon_stop r1 KILL
	t0=$(date +%s.%N)
	ip netns exec "$(xr_ns r1)" "$XRD" --config "$(xr_conf r1)" \
		--log-level "$XR_LOG_LEVEL" </dev/null >>"$(xr_run_dir)/r1.log" 2>&1 &
	pid=$!
	echo "$pid" >"$(xr_run_dir)/r1.pid"
	for i in $(seq 600); do
		kill -0 "$pid" 2>/dev/null || break
		xr_ctl r1 status >/dev/null 2>&1 && break
		sleep 0.1
	done
	t1=$(date +%s.%N)
	echo "$t0 $t1" | awk '{ printf "%.2f\n", $2 - $1 }'
}

# 100,000 routes: the successor must be ready within T_SCALE_READY_S and
# pings through the router keep flowing while it restarts and replays.
test_restart_large_table() {
	local secs n
	t_need_xrouter
	t_line 1 || return 1
	xr_daemon_stop r1
	t_scale_routes "$T_SCALE_ROUTES"
	xr_daemon_start r1 || { t_fail "starting r1 with $T_SCALE_ROUTES routes"; return 1; }
	n=$(xr_ctl r1 route show | wc -l)
	[ "$n" -ge "$T_SCALE_ROUTES" ] || { t_fail "r1 holds $n routes"; return 1; }
	t_ping h1 "$LINE_H2" 3 || return 1
	t_ping_bg h1 "$LINE_H2" 100 0.05
	sleep 1
	secs=$(t_scale_restart)
	t_info "successor ready after ${secs} s with $T_SCALE_ROUTES routes"
	t_ping_done 100 "a restart adopting $T_SCALE_ROUTES routes" || return 1
	awk -v s="$secs" -v b="$T_SCALE_READY_S" 'BEGIN { exit !(s <= b) }' ||
		{ t_fail "successor answered status after $secs s (bound $T_SCALE_READY_S s)"; return 1; }
	n=$(xr_ctl r1 route show | wc -l)
	[ "$n" -ge "$T_SCALE_ROUTES" ] || { t_fail "r1 holds $n routes after restart"; return 1; }
	grep "state: replayed" "$(xr_run_dir)/r1.log" | tail -n 1 >&2
	grep -q "0 refused" <(grep "state: replayed" "$(xr_run_dir)/r1.log" | tail -n 1) ||
		{ t_fail "replay refused lines"; return 1; }
	t_ping h1 "$LINE_H2" 3
}

# Start r1's daemon from its config with extra options; wait until ready.
t_scale_start() {
	local pid
	ip netns exec "$(xr_ns r1)" "$XRD" --config "$(xr_conf r1)" "$@" \
		--log-level "$XR_LOG_LEVEL" </dev/null >>"$(xr_run_dir)/r1.log" 2>&1 &
	pid=$!
	echo "$pid" >"$(xr_run_dir)/r1.pid"
	xr_daemon_wait r1 "$pid"
}

# N /26s, each in its own /24 from 20.0.0.0/24 upwards, via h2.
t_scale_long_routes() {
	awk -v n="$1" 'BEGIN { for (i = 0; i < n; i++)
		printf "route add %d.%d.%d.64/26 via 198.51.100.2\n", 20 + int(i / 65536), int(i / 256) % 256, i % 256 }' \
		>>"$(xr_conf r1)"
}

# Prefixes longer than /24 need a tbl8 group per /24: the daemon sizes
# them by --tbl8-groups, refuses one more with a clear message, and a
# successor adopts the running size.
test_tbl8_groups() {
	local out rc n=${T_SCALE_GROUPS:-200000} g
	# Two more: each router address (a /32) takes a group for its /24.
	g=$((n + 2))
	t_need_xrouter
	t_line 1 || return 1
	xr_daemon_stop r1
	out=$(ip netns exec "$(xr_ns r1)" "$XRD" --tbl8-groups 0 2>&1)
	rc=$?
	[ "$rc" = 1 ] && grep -q "invalid --tbl8-groups" <<<"$out" ||
		{ echo "$out" >&2; t_fail "--tbl8-groups 0: exit $rc"; return 1; }
	t_scale_long_routes "$n"
	t_scale_start --tbl8-groups "$g" || { t_fail "starting r1 with $n /26 routes"; return 1; }
	grep "fib: $g tbl8 groups" "$(xr_run_dir)/r1.log" >&2 ||
		{ t_fail "no 'fib: $n tbl8 groups' in the log"; return 1; }
	out=$(xr_ctl r1 route add 10.9.9.0/26 via 198.51.100.2 2>&1)
	rc=$?
	[ "$rc" = 1 ] && grep -q "routing table is full: .*tbl8 group.*--tbl8-groups" <<<"$out" ||
		{ echo "$out" >&2; t_fail "/26 number $((n + 1)): exit $rc, want a refusal"; return 1; }
	t_info "$out"
	xr_ctl r1 route add 20.0.0.128/26 via 198.51.100.2 ||
		{ t_fail "a /26 in a /24 that has its group was refused"; return 1; }
	t_ping h1 "$LINE_H2" 3 || return 1
	# A successor started with the default size adopts the running one.
	xr_daemon_stop r1 KILL
	t_scale_start || { t_fail "restarting r1"; return 1; }
	grep -c "fib: $g tbl8 groups" "$(xr_run_dir)/r1.log" | grep -q 2 ||
		{ t_fail "the successor did not keep $g groups"; return 1; }
	out=$(xr_ctl r1 route add 10.9.9.0/26 via 198.51.100.2 2>&1) &&
		{ t_fail "the successor accepted a /26 beyond the limit"; return 1; }
	xr_ctl r1 route get 20.1.2.70 | grep -q "route 20.1.2.64/26" ||
		{ xr_ctl r1 route get 20.1.2.70 >&2; t_fail "a /26 lost in the restart"; return 1; }
	t_ping h1 "$LINE_H2" 3
}

# A gateway must be a neighbour: a router address or a connected subnet's
# network or broadcast address is refused as Linux does, nothing changes.
test_route_gw_invalid() {
	local gw out rc before
	t_need_xrouter
	t_line 1 || return 1
	before=$(xr_ctl r1 route show)
	for gw in 192.0.2.1 192.0.2.255 192.0.2.0 198.51.100.1 198.51.100.255; do
		out=$(xr_ctl r1 route add 10.77.0.0/16 via "$gw" 2>&1)
		rc=$?
		[ "$rc" = 1 ] && [ "$out" = "Error: Nexthop has invalid gateway." ] ||
			{ echo "$out" >&2; t_fail "route add via $gw: exit $rc"; return 1; }
	done
	[ "$(xr_ctl r1 route show)" = "$before" ] || { t_fail "a refused route changed the table"; return 1; }
	xr_ctl r1 route add 10.77.0.0/16 via 192.0.2.2 || { t_fail "via a neighbour refused"; return 1; }
	xr_ctl r1 route add 10.78.0.0/16 via 192.0.2.254 || { t_fail "via .254 refused"; return 1; }
}
