# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Control socket tests (issue 9, items 2 and 3): who may change state, and
# that no client, however slow or numerous, delays the daemon's other work
# or other clients; xrouterctl gives up on a daemon that does not answer.
# All need xrouterd; with ROUTER=kernel they skip.

T_CLIENTS_PY="$T_DIR/ctl_clients.py"
T_NOBODY=(setpriv --reuid=65534 --regid=65534 --clear-groups)
# The system's python: one under root's home (pyenv) is out of uid 65534's reach.
T_PY=$(command -v /usr/bin/python3 || command -v python3)

# t_ctl_nobody NAME ARGS...: xrouterctl in NAME as uid 65534.
t_ctl_nobody() {
	local n=$1
	shift
	xr_exec "$n" "${T_NOBODY[@]}" "$XRCTL" "$@"
}

t_has_route() { xr_ctl "$1" route show | grep -q "$2"; }

# Wall time of `xrouterctl status` in r1, in ms; fails if status fails.
t_status_ms() {
	local t0 t1
	t0=$(date +%s%N)
	xr_ctl r1 status >/dev/null || return 1
	t1=$(date +%s%N)
	echo $(((t1 - t0) / 1000000))
}

# A setuid-root copy of sleep, in a directory under build/ (a filesystem
# that honours setuid, unlike a nosuid /run or /tmp), reachable by uid 65534.
t_suid_sleep() {
	local d
	d=$(mktemp -d "$XR_BUILD/ctl-suid.XXXXXX") || return 1
	chmod 755 "$d" && cp "$(command -v sleep)" "$d/sleep" &&
		chown root:root "$d/sleep" && chmod 4755 "$d/sleep" || return 1
	if findmnt -no OPTIONS -T "$d" | grep -qw nosuid; then
		rm -rf "$d"
		t_skip "$XR_BUILD is on a nosuid filesystem"
	fi
	echo "$d"
}

# Item 2: writing needs root when connecting.  A plain unprivileged request
# is refused, and so is the exec trick: connect as uid 65534, send all but
# the last byte, exec a setuid-root program in the connecting process and
# send the last byte from a child.  Root's identical request is applied.
test_ctl_write_needs_root() {
	local d out rc
	t_need_xrouter
	t_need setpriv findmnt python3
	t_line 1 || return 1
	out=$(t_ctl_nobody r1 route add 10.77.0.0/16 blackhole 2>&1)
	rc=$?
	if [ "$rc" != 1 ] || ! grep -q "permission denied" <<<"$out"; then
		echo "$out" >&2
		t_fail "uid 65534: route add: exit $rc, want 1 and \"permission denied\""
		return 1
	fi
	t_ctl_nobody r1 route show >/dev/null ||
		{ t_fail "uid 65534 cannot read the routes"; return 1; }
	# A capability is not a uid: it could be a setuid program's, exec'd later.
	out=$(xr_exec r1 setpriv --reuid=65534 --regid=65534 --clear-groups \
		--inh-caps=+net_admin --ambient-caps=+net_admin \
		"$XRCTL" route add 10.77.0.0/16 blackhole 2>&1)
	rc=$?
	if [ "$rc" != 1 ] || ! grep -q "permission denied" <<<"$out"; then
		echo "$out" >&2
		t_fail "uid 65534 with CAP_NET_ADMIN: exit $rc, want 1 and \"permission denied\""
		return 1
	fi
	d=$(t_suid_sleep) || { t_fail "cannot make a setuid copy of sleep"; return 1; }
	out=$(xr_exec r1 "${T_NOBODY[@]}" timeout 20 "$T_PY" "$T_CLIENTS_PY" race "$d/sleep" 2>&1)
	rc=$?
	rm -rf "$d"
	t_info "exec trick: $out"
	[ "$rc" = 0 ] || { t_fail "the exec trick did not run (exit $rc)"; return 1; }
	if t_has_route r1 "10.77.0.0/16"; then
		xr_ctl r1 route show >&2
		t_fail "uid 65534 added a route by exec'ing a setuid program"
		return 1
	fi
	grep -q "reply status 1: .*permission denied" <<<"$out" ||
		{ t_fail "the exec trick's request was not refused"; return 1; }
	xr_ctl r1 route add 10.77.0.0/16 blackhole || { t_fail "root cannot add the route"; return 1; }
	t_has_route r1 "10.77.0.0/16" || t_fail "root's route is not there"
}

# t_clients_bg N "OPTIONS" SECONDS: hostile clients as uid 65534 in the
# background; see ctl_clients.py.
t_clients_bg() {
	# shellcheck disable=SC2086 # OPTIONS are words
	xr_exec r1 "${T_NOBODY[@]}" timeout $(($3 + 10)) "$T_PY" "$T_CLIENTS_PY" \
		hold "$1" "$3" $2 >"$(xr_run_dir)/clients.out" 2>&1 </dev/null &
	T_CLIENTS_PID=$!
}

# While the clients run: `status` answers within 1.5 s each time, and a
# fast ping to the router's address (answered by the daemon) loses nothing
# and is never late by 1 s.  A loop held by a client would wait out the
# request deadline (CTL_REQ_DEADLINE_MS, 2 s); the bounds leave the rest to
# a loaded machine (a sanitized xrouterctl alone starts in ~0.4 s there).
t_daemon_responsive() {
	local ms out max
	xr_exec h1 ping -c 300 -i 0.01 -W 1 192.0.2.1 >"$(xr_run_dir)/ping.out" 2>&1 &
	T_PING_PID=$!
	for _ in 1 2 3 4 5 6; do
		sleep 0.5
		ms=$(t_status_ms) || { t_fail "status failed with $1"; return 1; }
		t_info "status answered in $ms ms"
		[ "$ms" -lt 1500 ] || { t_fail "status took $ms ms with $1"; return 1; }
	done
	wait "$T_PING_PID"
	out=$(cat "$(xr_run_dir)/ping.out")
	t_info "$(grep -E 'transmitted|rtt' <<<"$out" | tr '\n' ' ')"
	grep -q " 300 received" <<<"$out" ||
		{ t_fail "pings to the router lost with $1"; return 1; }
	max=$(sed -n 's|^rtt .* = [^/]*/[^/]*/\([0-9]*\).*|\1|p' <<<"$out")
	if [ -z "$max" ] || [ "$max" -ge 1000 ]; then
		t_fail "a ping to the router took ${max:-?} ms with $1"
		return 1
	fi
}

# Item 3: ten silent clients, one sending a byte every 0.9 s and one that
# never reads its reply (8000 routes in JSON, more than a socket buffer
# holds) delay neither other clients nor what the daemon answers on the wire.
test_ctl_slow_clients() {
	local size
	t_need_xrouter
	t_need setpriv python3
	t_line 1 || return 1
	xr_exec r1 timeout 30 "$T_PY" "$T_CLIENTS_PY" fill 8000 ||
		{ t_fail "cannot add 8000 routes"; return 1; }
	size=$(xr_ctl r1 -j route show | wc -c)
	t_info "route show -j: $size bytes"
	[ "$size" -gt $((2 * $(cat /proc/sys/net/core/wmem_default))) ] ||
		{ t_fail "route show too small to fill a socket"; return 1; }
	t_clients_bg 10 "dribble sleepy" 6
	sleep 0.5
	t_daemon_responsive "10 idle clients and a dribbling one" || return 1
	t_ping h1 198.51.100.2 3 || return 1
	wait "$T_CLIENTS_PID"
	t_info "clients: $(cat "$(xr_run_dir)/clients.out")"
	# Each idle client must have been closed at its deadline, not held.
	grep -qE "ended_by_daemon [1-9]" "$(xr_run_dir)/clients.out" ||
		t_fail "the daemon never closed an idle client"
}

# Item 3: more clients than the daemon serves at once (100 > 64): it stays
# responsive, root still gets in, and the ones over the limit are refused.
test_ctl_client_cap() {
	t_need_xrouter
	t_need setpriv python3
	t_line 1 || return 1
	t_clients_bg 100 "" 5
	sleep 0.5
	t_daemon_responsive "100 idle clients" || return 1
	wait "$T_CLIENTS_PID"
	t_info "clients: $(cat "$(xr_run_dir)/clients.out")"
	grep -qE "refused [1-9]" "$(xr_run_dir)/clients.out" ||
		t_fail "no client over the limit was refused"
}

# Item 3: xrouterctl against a stopped daemon gives up after XRCTL_TIMEOUT
# with exit 2 and says so; the request it abandoned is not applied later.
test_ctl_stopped_daemon() {
	local pid t0 t1 out rc
	t_need_xrouter
	t_line 1 || return 1
	pid=$(xr_daemon_pid r1)
	kill -STOP "$pid"
	t0=$(date +%s%N)
	out=$(XRCTL_TIMEOUT=1 xr_exec r1 timeout 10 "$XRCTL" route add 10.78.0.0/16 blackhole 2>&1)
	rc=$?
	t1=$(date +%s%N)
	kill -CONT "$pid"
	t_info "exit $rc after $(((t1 - t0) / 1000000)) ms: $out"
	[ "$rc" = 2 ] || { t_fail "exit $rc against a stopped daemon, want 2"; return 1; }
	grep -q "xrouterd did not answer within 1 s" <<<"$out" ||
		{ t_fail "no timeout message"; return 1; }
	[ $(((t1 - t0) / 1000000)) -lt 3000 ] || { t_fail "gave up too late"; return 1; }
	xr_ctl r1 status >/dev/null || { t_fail "the daemon does not answer after SIGCONT"; return 1; }
	! t_has_route r1 "10.78.0.0/16" ||
		t_fail "the request xrouterctl gave up on was applied"
}

# Item 3: a request the daemon takes long to answer, `-j route show` of
# 400,000 routes (~1 s to print), asked again and again by uid 65534, delays
# neither root's `status` nor the daemon's answers on the wire.
test_ctl_big_show() {
	local pid
	t_need_xrouter
	t_need setpriv
	t_line 1 || return 1
	xr_daemon_stop r1
	awk 'BEGIN { for (i = 0; i < 400000; i++)
		printf "route add 10.%d.%d.%d/32 blackhole\n", i / 65536, i / 256 % 256, i % 256 }' \
		>>"$(xr_conf r1)"
	xr_daemon_start r1 || return 1
	# shellcheck disable=SC2016 # expanded by the inner bash
	xr_exec r1 "${T_NOBODY[@]}" timeout 20 bash -c \
		'end=$((SECONDS + 5)); while [ $SECONDS -lt $end ]; do "$1" -j route show >/dev/null; done' \
		- "$XRCTL" </dev/null &
	pid=$!
	sleep 0.5
	t_daemon_responsive "uid 65534 asking for 400,000 routes" || return 1
	wait "$pid"
}

# Anyone may read, and reads the same as root: uid 65534's requests are
# answered by a forked child, which must see everything the daemon does
# (the FIB arrays `route get` reads included).
test_ctl_read_any_user() {
	local cmd root nobody ok=0
	t_need_xrouter
	t_need setpriv
	t_line 1 || return 1
	t_ping h1 198.51.100.2 1 || return 1
	for cmd in "status" "route show" "route get 198.51.100.2" "neigh show" "link show" \
		"addr show" "fdb show" "stats" "stats dev eth0" "-j route show" "-j neigh show"; do
		# shellcheck disable=SC2086 # cmd is words
		root=$(xr_ctl r1 $cmd 2>&1; echo "rc=$?")
		# shellcheck disable=SC2086
		nobody=$(t_ctl_nobody r1 $cmd 2>&1; echo "rc=$?")
		# status and stats move on between the two runs: compare their shape
		root=$(sed -E 's/[0-9]+/N/g' <<<"$root")
		nobody=$(sed -E 's/[0-9]+/N/g' <<<"$nobody")
		[ "$root" = "$nobody" ] || {
			diff <(echo "$root") <(echo "$nobody") >&2
			t_fail "uid 65534 reads \"$cmd\" differently from root"
			ok=1
		}
	done
	return "$ok"
}
