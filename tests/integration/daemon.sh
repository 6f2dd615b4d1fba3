# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Daemon and CLI tests: refused inputs leave the state as it was, exit
# codes, one control socket per namespace, clean SIGTERM, JSON output and
# config errors.  All need xrouterd; with ROUTER=kernel they skip.

# Every one of these must be refused (exit 1) with one line on stderr.
T_BAD_INPUTS=(
	"addr add 300.1.1.1/24 dev eth0"
	"addr add 192.0.2.9/24 dev nosuch0"
	"route add 10.0.0.0.0/8 via 192.0.2.2"
	"route add 10.0.0.0/33 via 192.0.2.2"
	"route add 10.0.0.0/8 via 192.0.2.2 dev nosuch0"
	"route add 10.0.0.0/8 dev nosuch0"
	"route add 10.0.0.0/8 via 10.9.9.9"
	"route add 198.51.100.0/24 via 203.0.113.6"
	"route add 10.0.0.0/8 via 192.0.2.2 metric many"
	"route add 10.0.0.0/8 via 192.0.2.2 colour red"
	"route add"
	"route frobnicate"
	"frobnicate show"
	"neigh add 192.0.2.51 lladdr 02:00:00:00:00:zz dev eth0"
	"neigh add 192.0.2.51 lladdr 02:00:00:00:00 dev eth0"
	"neigh add 192.0.2.51 lladdr 02:00:00:00:00:51 dev nosuch0"
	"link add nosuch0"
	"link add eth1 frobnicate 5"
	"link add eth1 bridge"
	"link add eth1 bridge sw9 extra"
)

# T_BAD_NS: the router asked (default r1).
t_bad_one() {
	local err rc
	# shellcheck disable=SC2086
	err=$(xr_ctl "${T_BAD_NS:-r1}" "$@" 2>&1 >/dev/null)
	rc=$?
	if [ "$rc" != 1 ] || [ -z "$err" ] || [ "$(wc -l <<<"$err")" != 1 ]; then
		echo "stderr: $err" >&2
		t_fail "\"$(printf '%.80s' "$*")\": exit $rc, want 1 and one stderr line"
		return 1
	fi
}

test_cli_bad_input() {
	local before after bad long ok=0
	t_need_xrouter
	t_line 2 || return 1
	xr_ctl r1 neigh add 192.0.2.50 lladdr 02:00:00:00:00:50 dev eth0 ||
		{ t_fail "static neigh add"; return 1; }
	before=$(t_snapshot r1)
	for bad in "${T_BAD_INPUTS[@]}"; do
		# shellcheck disable=SC2086
		t_bad_one $bad || ok=1
	done
	long=$(printf 'a%.0s' $(seq 5000))
	t_bad_one route add 10.0.0.0/8 via 192.0.2.2 dev "$long" || ok=1
	t_bad_one route add "10.0.0.0/8$long" via 192.0.2.2 || ok=1
	after=$(t_snapshot r1)
	t_same "state changed by refused commands" "$before" "$after" || return 1
	return "$ok"
}

test_cli_no_daemon() {
	local rc
	t_need_xrouter
	xr_ns_add h1 || return 1
	xr_ctl h1 status >/dev/null 2>&1
	rc=$?
	[ "$rc" = 2 ] || t_fail "xrouterctl status without a daemon: exit $rc, want 2"
}

# Each namespace's xrouterctl reaches its own daemon and no other.
test_ctl_per_netns() {
	local r1 r2 rc
	t_need_xrouter
	t_line 2 || return 1
	r1=$(xr_ctl r1 route show 2>&1)
	r2=$(xr_ctl r2 route show 2>&1)
	grep -q "^198.51.100.0/24 via 203.0.113.6" <<<"$r1" &&
		! grep -q "^192.0.2.0/24 via" <<<"$r1" &&
		grep -q "^192.0.2.0/24 via 203.0.113.5" <<<"$r2" &&
		! grep -q "^198.51.100.0/24 via" <<<"$r2" || {
		printf 'r1:\n%s\nr2:\n%s\n' "$r1" "$r2" >&2
		t_fail "r1 and r2 do not each show their own routes"
		return 1
	}
	xr_ctl h1 status >/dev/null 2>&1
	rc=$?
	[ "$rc" = 2 ] || t_fail "h1 (no daemon) reached a daemon: exit $rc"
}

test_sigterm_detach() {
	local pid rc links
	t_need_xrouter
	t_line 2 || return 1
	pid=$(xr_daemon_pid r1)
	kill -TERM "$pid"
	wait "$pid"
	rc=$?
	rm -f "$(xr_run_dir)/r1.pid"
	[ "$rc" = 0 ] || { t_fail "xrouterd exit $rc after SIGTERM, want 0"; return 1; }
	links=$(ip -n "$(xr_ns r1)" -d link show)
	if grep -qiE "xdp|prog/" <<<"$links"; then
		echo "$links" >&2
		t_fail "an XDP program is still attached after SIGTERM"
		return 1
	fi
	grep -q "eth0.*state UP" <<<"$links" && grep -q "eth1.*state UP" <<<"$links" ||
		{ echo "$links" >&2; t_fail "ports not left up as found"; }
}

test_json_route_show() {
	local js
	t_need_xrouter
	t_line 2 || return 1
	js=$(xr_ctl r1 -j route show) || { t_fail "-j route show failed"; return 1; }
	python3 -c "$T_JSON_PY" <<<"$js" >&2 || { echo "$js" >&2; t_fail "-j route show"; }
}

# Reads `-j route show` of r1 in the 2-router line on stdin.
T_JSON_PY=$(cat <<'EOF'
import json, sys
routes = json.load(sys.stdin)
assert isinstance(routes, list), "not a JSON array"
for r in routes:
    assert "dst" in r and "dev" in r, f"route without dst/dev: {r}"
st = [r for r in routes if r["dst"] == "198.51.100.0/24"]
assert st, "no 198.51.100.0/24 route"
r = st[0]
assert r.get("gateway") == "203.0.113.6", f"gateway: {r}"
assert r.get("dev") == "eth1", f"dev: {r}"
assert "metric" in r, f"no metric: {r}"
EOF
)

# A config error names FILE:LINE and the daemon does not start.
test_config_error() {
	local conf out rc
	t_need_xrouter
	xr_ns_add r1 && xr_ns_add h1 && xr_veth r1 eth0 h1 eth0 || return 1
	conf="$(xr_run_dir)/bad.conf"
	printf '# comment\nlink add eth0\naddr add 192.0.2.300/24 dev eth0\n' >"$conf"
	out=$(xr_exec r1 timeout 10 "$XRD" --config "$conf" 2>&1 </dev/null)
	rc=$?
	if [ "$rc" = 0 ] || [ "$rc" = 124 ] || ! grep -q "$conf:3" <<<"$out"; then
		echo "$out" >&2
		t_fail "bad config: exit $rc; want non-zero and \"$conf:3\""
		return 1
	fi
	xr_ctl r1 status >/dev/null 2>&1
	[ $? = 2 ] || t_fail "a daemon is running after a config error"
}

# --config into fresh tables is one batch (the IPv6 FIB is compiled after
# the last line): a route replaced twice, one added and deleted, both
# families, metrics, a covering blackhole.  Typed line by line into a
# daemon started without it, the same lines must give the same state and
# the same answers from the fast path's tables (route get reads them).
T_BATCH_CONF='link add eth0
addr add 192.0.2.1/24 dev eth0
addr add 2001:db8:1::1/64 dev eth0
route add 10.1.0.0/16 via 192.0.2.2
route replace 10.1.0.0/16 via 192.0.2.3
route replace 10.1.0.0/16 via 192.0.2.4
route add 2001:db8:100::/48 via 2001:db8:1::2
route replace 2001:db8:100::/48 via 2001:db8:1::3
route replace 2001:db8:100::/48 via 2001:db8:1::4
route add 2001:db8:200::/48 via 2001:db8:1::5
route del 2001:db8:200::/48
route add 10.2.0.0/16 via 192.0.2.5
route del 10.2.0.0/16
route add 2001:db8:300::/40 blackhole
route add 2001:db8:300:1::/64 via 2001:db8:1::6
-6 route add default via 2001:db8:1::7
route add 2001:db8:400::/48 via 2001:db8:1::8 metric 5
route add 2001:db8:400::/48 via 2001:db8:1::9 metric 9
route del 2001:db8:400::/48 via 2001:db8:1::8'

t_batch_view() {
	local a
	echo "== route"
	xr_ctl r1 route show 2>&1
	echo "== -6 route"
	xr_ctl r1 -6 route show 2>&1
	for a in 10.1.2.3 10.2.0.1 2001:db8:100::1 2001:db8:200::1 2001:db8:300::1 \
		2001:db8:300:1::1 2001:db8:400::1 2001:db8:1::1 3fff::1; do
		echo "== get $a"
		xr_ctl r1 route get "$a" 2>&1
	done
}

# What the batch must have left, line by line.
t_batch_expect() {
	local want
	while read -r want; do
		grep -qF -- "$want" <<<"$1" || { echo "$1" >&2; t_fail "config batch: no \"$want\""; return 1; }
	done <<EOW
10.1.0.0/16 via 192.0.2.4 dev eth0
2001:db8:100::/48 via 2001:db8:1::4 dev eth0
blackhole 2001:db8:300::/40
2001:db8:300:1::/64 via 2001:db8:1::6 dev eth0
default via 2001:db8:1::7 dev eth0
2001:db8:400::/48 via 2001:db8:1::9 dev eth0 metric 9
2001:db8:200::1 via 2001:db8:1::7 dev eth0
blackhole 2001:db8:300::1
EOW
	if grep -qE "10\.2\.0\.0/16|2001:db8:200::/48|2001:db8:1::8|192\.0\.2\.[235] " <<<"$1"; then
		echo "$1" >&2
		t_fail "config batch: a deleted or replaced route is still there"
		return 1
	fi
}

test_config_batch() {
	local batched typed c
	t_need_xrouter
	xr_ns_add r1 && xr_ns_add h1 && xr_veth r1 eth0 h1 eth0 || return 1
	echo "$T_BATCH_CONF" >"$(xr_conf r1)"
	xr_daemon_start r1 || { t_fail "starting r1 with the config"; return 1; }
	batched=$(t_batch_view)
	xr_daemon_stop r1
	t_batch_expect "$batched" || return 1
	xr_conf_reset r1
	xr_daemon_start r1 || { t_fail "starting r1 without a config"; return 1; }
	while read -r c; do
		# shellcheck disable=SC2086
		xr_ctl r1 $c >/dev/null || { t_fail "typed: $c"; return 1; }
	done <<<"$T_BATCH_CONF"
	typed=$(t_batch_view)
	xr_daemon_stop r1
	t_same "the config as one batch and typed line by line differ" "$batched" "$typed"
}

# Errors in a batched config: a bad line is still its own line (the lines
# after it never run), and a table too small for what the batch compiles
# fails the last line; either way the daemon does not start and leaves
# the interface as it found it.
test_config_batch_error() {
	local conf out rc
	t_need_xrouter
	xr_ns_add r1 && xr_ns_add h1 && xr_veth r1 eth0 h1 eth0 || return 1
	conf="$(xr_run_dir)/batch-bad.conf"
	printf '%s\n' "link add eth0" "addr add 2001:db8:1::1/64 dev eth0" \
		"route add 2001:db8:100::/48 via 2001:db8:1::2" "route add 10.0.0.0/8 blackhole" \
		"route add 2001:db8:zz::/48 via 2001:db8:1::2" "route add 2001:db8:101::/48 via 2001:db8:1::2" \
		>"$conf"
	out=$(xr_exec r1 timeout 20 "$XRD" --config "$conf" 2>&1 </dev/null)
	rc=$?
	if [ "$rc" = 0 ] || [ "$rc" = 124 ] || ! grep -q "^$conf:5: " <<<"$out" ||
		grep -q "$conf:6" <<<"$out"; then
		echo "$out" >&2
		t_fail "bad line 5 of a batch: exit $rc; want non-zero and \"$conf:5\" alone"
		return 1
	fi
	xr_ctl r1 status >/dev/null 2>&1
	[ $? = 2 ] || { t_fail "a daemon is running after a config error"; return 1; }
	ip -n "$(xr_ns r1)" link show eth0 | grep -q xdp &&
		{ t_fail "eth0 keeps an XDP program after the refused config"; return 1; }
	sed -i 5d "$conf"
	out=$(xr_exec r1 timeout 20 "$XRD" --fib6-nodes 1 --config "$conf" 2>&1 </dev/null)
	rc=$?
	if [ "$rc" = 0 ] || [ "$rc" = 124 ] ||
		! grep -q "^$conf:5: Error: routing table is full: .*IPv6 FIB nodes.*--fib6-nodes" <<<"$out"; then
		echo "$out" >&2
		t_fail "IPv6 FIB too small for the batch: exit $rc; want the last line, \"$conf:5\", and --fib6-nodes"
		return 1
	fi
	if ip -n "$(xr_ns r1)" link show eth0 | grep -q xdp; then
		t_fail "eth0 keeps an XDP program after the table-full config"
	fi
}

# A veth whose peer has no NAPI would silently eat redirected frames:
# link add must say so (and how to fix it).
test_link_add_no_napi() {
	local out
	t_need_xrouter
	t_line 2 || return 1
	xr_veth r1 eth9 h1 eth9 || return 1
	xr_exec h1 ethtool -K eth9 gro off >/dev/null 2>&1
	out=$(xr_ctl r1 link add eth9 2>&1)
	grep -qiE "gro|napi" <<<"$out" ||
		{ echo "$out" >&2; t_fail "link add on a veth without peer NAPI says nothing"; }
}

# ---- state journal: a successor after SIGKILL replays snapshot + journal ----

# r1 (line of 1 router, a switch br0 of 2 ports): what the CLI shows.
t_state_show() {
	local o
	for o in link addr route neigh fdb; do
		echo "== $o"
		xr_ctl r1 "$o" show 2>&1
	done
}

t_state_dir() { printf '/run/xrouter/%s' "$(xr_exec r1 stat -L -c %i /proc/self/ns/net)"; }

# Changes of every kind, each journalled as the daemon answers it.
t_state_changes() {
	local c
	while read -r c; do
		[ -n "$c" ] || continue
		# shellcheck disable=SC2086
		xr_ctl r1 $c >/dev/null || { t_fail "r1: $c"; return 1; }
	done <<EOC
route add 10.10.0.0/16 via 192.0.2.2
route add 10.11.0.0/16 via 192.0.2.2 metric 7
route add 10.12.0.0/24 blackhole
route replace 10.10.0.0/16 via 198.51.100.2
route del 10.11.0.0/16 via 192.0.2.2
route add 10.11.0.0/16 via 192.0.2.3
neigh add 192.0.2.50 lladdr 02:00:00:00:00:50 dev eth0
neigh add 192.0.2.51 lladdr 02:00:00:00:00:51 dev eth0
neigh del 192.0.2.51 dev eth0
addr add 203.0.113.1/24 dev eth0
route add 10.13.0.0/16 via 203.0.113.9
fdb add 02:00:00:00:00:60 dev p1
fdb add 02:00:00:00:00:61 dev p2
fdb del 02:00:00:00:00:61 dev p2
bridge set br0 ageing 120
EOC
}

# SIGKILL r1, start a successor, and want the same CLI view, replayed with
# nothing refused; with "lines", journal lines in it (or the journal was unused).
t_state_kill_compare() {
	local before after replayed want="journals \([0-9]+ lines\), 0 refused"
	before=$(t_state_show)
	xr_daemon_stop r1 KILL
	xr_daemon_start r1 || { t_fail "restarting r1's xrouterd"; return 1; }
	after=$(t_state_show)
	if [ "$before" != "$after" ]; then
		diff <(echo "$before") <(echo "$after") >&2
		t_fail "the successor's state differs after SIGKILL"
		return 1
	fi
	replayed=$(grep "state: replayed" "$(xr_run_dir)/r1.log" | tail -n 1)
	t_info "$replayed"
	[ "${1:-}" = lines ] && want="journals? \([1-9][0-9]* lines\), 0 refused"
	grep -qE "$want" <<<"$replayed" || { t_fail "replay: want /$want/: $replayed"; return 1; }
	echo "$replayed"
}

test_state_journal() {
	local dir
	t_need_xrouter
	t_line 1 LINE_LAN=2 || return 1
	dir=$(t_state_dir)
	t_state_changes || return 1
	grep -q "^route replace 10.10.0.0/16 via 198.51.100.2$" "$dir"/journal.* ||
		{ cat "$dir"/journal.* >&2; t_fail "no journal line for the route replace"; return 1; }
	t_state_kill_compare lines >/dev/null || return 1
	# Clean shutdown leaves nothing to adopt.
	xr_daemon_stop r1
	[ ! -e "$dir" ] || { ls -la "$dir" >&2; t_fail "$dir left after SIGTERM"; }
}

# The snapshot's generation, from its "# generation G" header line.
t_state_gen() { sed -n 's/^# generation \([0-9]*\).*/\1/p' "$1/state" 2>/dev/null; }

test_state_compacted() {
	local dir gen i last replayed
	t_need_xrouter
	export XR_STATE_COMPACT_LINES=3
	t_line 1 LINE_LAN=2 || return 1
	dir=$(t_state_dir)
	gen=$(t_state_gen "$dir")
	t_state_changes || return 1
	for i in $(seq 1 30); do
		xr_ctl r1 route add "10.20.$i.0/24" via 192.0.2.2 >/dev/null || return 1
	done
	# Wait for the compaction child to be reaped, then change more.
	for i in $(seq 50); do
		grep -q "state: snapshot .* done" "$(xr_run_dir)/r1.log" && break
		sleep 0.1
	done
	[ "$(t_state_gen "$dir")" -gt "$gen" ] ||
		{ head -n 2 "$dir/state" >&2; t_fail "no compaction after 44 changes"; return 1; }
	for i in $(seq 1 30); do
		xr_ctl r1 route del "10.20.$i.0/24" >/dev/null || return 1
		xr_ctl r1 route replace 10.10.0.0/16 via "192.0.2.$((i + 2))" >/dev/null || return 1
	done
	# What a SIGKILL can leave: a journal the snapshot already holds (the
	# daemon died before deleting it) and a torn append.  Both must be ignored.
	gen=$(t_state_gen "$dir")
	echo "route add 10.99.0.0/16 via 192.0.2.2" >"$dir/journal.$((gen - 1))"
	last=$(ls "$dir"/journal.* | sort -t. -k2 -n | tail -n 1)
	printf 'route add 10.98.0.0/16 via 192.0.2.2' >>"$last"
	# The kill may fall while a compaction runs: the successor must not care.
	replayed=$(t_state_kill_compare) || return 1
	grep -qE "replayed snapshot ([2-9]|[1-9][0-9]+) " <<<"$replayed" ||
		t_fail "the successor did not start from a compacted snapshot: $replayed"
}
