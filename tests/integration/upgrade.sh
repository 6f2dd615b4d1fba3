# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Safe upgrades (include/abi.h, dp.h): a daemon whose contract version
# differs from the running program's does not adopt its maps; it loads its
# own, rebuilds the tables from the saved state and replaces the program on
# every port at once.  Traffic crosses the router meanwhile (ping -i 0.01):
# the echoes lost are the forwarding gap, in 10 ms steps.  The other build
# is `make abi-bump` (build/abibump/, contract version + 1; `make check`
# makes it).
#
# Prefix: run with XRT_PREFIX=tup, e.g.
#   XRT_PREFIX=tup bash tests/integration/run.sh upgrade_abi upgrade_same_abi

UP_BUMP_DIR=${UP_BUMP_DIR:-$XR_BUILD/abibump}
UP_PINGS=${UP_PINGS:-400}		# 4 s at 100/s; the switch comes ~1 s in
UP_MAX_LOST=${UP_MAX_LOST:-10}		# 100 ms: twice the 50 ms goal, for a loaded VM

# The id of the XDP program on NAME's DEV.
up_prog_id() {
	xr_exec "$1" ip -j link show dev "${2:-eth0}" |
		python3 -c 'import json,sys; print(json.load(sys.stdin)[0]["xdp"]["prog"]["id"])'
}

# t_prog_map_word ID MAP DEFAULT: the first 32-bit word of program ID's map
# named MAP (a data section's: .rodata.abi, .data.trace), else DEFAULT.
t_prog_map_word() {
	python3 - "$@" <<'PY'
import json, subprocess, sys
def bt(*a):
    return json.loads(subprocess.check_output(["bpftool", "-j", *a]))
word = sys.argv[3]
for m in bt("prog", "show", "id", sys.argv[1]).get("map_ids", []):
    if bt("map", "show", "id", str(m))["name"] == sys.argv[2]:
        v = bt("map", "dump", "id", str(m))[0]["value"]	# bytes as "0x01"
        word = int.from_bytes(bytes(int(x, 16) for x in v[:4]), "little")
print(word)
PY
}

# The contract version program ID carries: its .rodata.abi map, else 1.
up_prog_abi() {
	t_prog_map_word "$1" .rodata.abi 1
}

up_need_bump() {
	t_need_xrouter
	t_need bpftool python3
	[ -x "$UP_BUMP_DIR/xrouterd" ] ||
		t_skip "$UP_BUMP_DIR/xrouterd is missing: make abi-bump"
}

# up_restart_under_ping NAME XRD WHAT: SIGKILL NAME's daemon while h1 pings
# h2 every 10 ms, start XRD in its place; prints the echoes lost.
up_restart_under_ping() {
	local n=$1 xrd=$2 out sent got
	xr_exec h1 ping -c "$UP_PINGS" -i 0.01 -W 1 "$LINE_H2" >"$(xr_run_dir)/ping.out" 2>&1 </dev/null &
	T_PING_PID=$!
	sleep 1
	xr_daemon_stop "$n" KILL
	XRD=$xrd xr_daemon_start "$n" || { t_fail "$3: $xrd did not start"; return 1; }
	wait "$T_PING_PID"
	out=$(cat "$(xr_run_dir)/ping.out")
	sent=$(sed -nE 's/^([0-9]+) packets transmitted.*/\1/p' <<<"$out")
	got=$(sed -nE 's/.* ([0-9]+) received.*/\1/p' <<<"$out")
	[ -n "$sent" ] && [ -n "$got" ] || { echo "$out" >&2; t_fail "$3: no ping summary"; return 1; }
	t_info "$3: $((sent - got)) of $sent echoes lost ($(( (sent - got) * 10 )) ms at 100/s)," \
		"rtt min/avg/max/mdev $(sed -nE 's/^rtt [^=]*= (.*)/\1/p' <<<"$out")"
	echo $((sent - got))
}

# The ports moved and the swap's own time, from the new daemon's log.
up_log_swap() {
	grep -E "contract version|upgrade:" "$(xr_run_dir)/$1.log" | tail -n 3 | sed 's/^/# /' >&2
}

# This version to the next and back, under traffic: each a replace, not an adoption;
# every route and neighbour comes back from the saved state; the old
# program and its maps are gone once the last port left it.
test_upgrade_abi() {
	local old new abi base lost before after
	up_need_bump
	t_line 2 LINE_IPV6=1 || return 1
	xr_ctl r1 route add 10.99.0.0/16 via 203.0.113.6 &&
		xr_ctl r1 neigh add 192.0.2.50 lladdr 02:00:00:00:00:50 dev eth0 ||
		{ t_fail "r1's extra state"; return 1; }
	t_ping h1 "$LINE_H2" 1 && t_ping h1 "$LINE_H2_6" 1 || return 1
	before=$(t_snapshot r1 | grep -vE 'REACHABLE|STALE|INCOMPLETE|DELAY|PROBE'; xr_ctl r1 -6 route show)
	old=$(up_prog_id r1) || return 1
	base=$(up_prog_abi "$old")
	[ "$base" -ge 1 ] 2>/dev/null || { t_fail "r1's program carries no contract version"; return 1; }

	lost=$(up_restart_under_ping r1 "$UP_BUMP_DIR/xrouterd" "upgrade $base -> $((base + 1))") ||
		return 1
	up_log_swap r1
	new=$(up_prog_id r1) || return 1
	abi=$(up_prog_abi "$new")
	[ "$new" != "$old" ] && [ "$abi" = $((base + 1)) ] ||
		{ t_fail "r1 runs program $new version $abi, want a new one of version $((base + 1))"
		  return 1; }
	xr_exec r1 ip -j link show dev eth1 | grep -q "\"id\":$new[,}]" ||
		{ t_fail "r1's eth1 does not run the new program"; return 1; }
	bpftool prog show id "$old" >/dev/null 2>&1 &&
		{ t_fail "the old program $old (and its maps) outlived the upgrade"; return 1; }
	grep -q "adopting the running fast path" "$(xr_run_dir)/r1.log" &&
		{ t_fail "the version $((base + 1)) daemon adopted a version $base program"; return 1; }
	[ "$lost" -le "$UP_MAX_LOST" ] ||
		{ t_fail "upgrade lost $lost echoes (at most $UP_MAX_LOST)"; return 1; }
	after=$(t_snapshot r1 | grep -vE 'REACHABLE|STALE|INCOMPLETE|DELAY|PROBE'; xr_ctl r1 -6 route show)
	t_same "r1's state differs after the upgrade" "$before" "$after" || return 1
	t_ping h1 "$LINE_H2_6" 3 || return 1

	lost=$(up_restart_under_ping r1 "$XRD" "downgrade $((base + 1)) -> $base") || return 1
	up_log_swap r1
	abi=$(up_prog_abi "$(up_prog_id r1)")
	[ "$abi" = "$base" ] || { t_fail "r1 runs version $abi after the downgrade"; return 1; }
	[ "$lost" -le "$UP_MAX_LOST" ] ||
		{ t_fail "downgrade lost $lost echoes (at most $UP_MAX_LOST)"; return 1; }
	after=$(t_snapshot r1 | grep -vE 'REACHABLE|STALE|INCOMPLETE|DELAY|PROBE'; xr_ctl r1 -6 route show)
	t_same "r1's state differs after the downgrade" "$before" "$after" || return 1
	t_ping h1 "$LINE_H2_6" 3
}

# Same version: adopted, same program and maps go on, nothing lost.
test_upgrade_same_abi() {
	local old lost
	t_need_xrouter
	t_need python3
	t_line 2 || return 1
	t_ping h1 "$LINE_H2" 1 || return 1
	old=$(up_prog_id r1) || return 1
	lost=$(up_restart_under_ping r1 "$XRD" "same version") || return 1
	grep -q "adopting the running fast path" "$(xr_run_dir)/r1.log" ||
		{ t_fail "the same version was not adopted"; return 1; }
	[ "$lost" = 0 ] || { t_fail "adoption lost $lost echoes"; return 1; }
	t_ping h1 "$LINE_H2" 3
}
