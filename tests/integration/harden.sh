# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Hardening: words a client sends cannot become other commands in the saved
# state.  A name is only what `ip link` accepts, any word a line cannot hold
# is refused, and what was accepted comes back as itself after SIGKILL.

# r1's state as the CLI shows it.
t_harden_show() {
	local o
	for o in link addr route; do
		echo "== $o"
		xr_ctl r1 "$o" show 2>&1
	done
}

# t_harden_refused WANT ARGS...: exit 1, one stderr line holding WANT.
t_harden_refused() {
	local want=$1 err rc
	shift
	err=$(xr_ctl r1 "$@" 2>&1 >/dev/null)
	rc=$?
	if [ "$rc" != 1 ] || [ "$(wc -l <<<"$err")" != 1 ] || ! grep -qF -- "$want" <<<"$err"; then
		echo "stderr: $err" >&2
		t_fail "$(printf '%q ' "$@"): exit $rc, want 1 and one line with: $want"
		return 1
	fi
}

# SIGKILL r1 and start a successor with an empty --config: all it knows is
# what the journal and snapshot say.
t_harden_restart() {
	xr_conf_reset r1
	xr_daemon_stop r1 KILL
	xr_daemon_start r1 || { t_fail "restarting r1's xrouterd"; return 1; }
	grep "state: replayed" "$(xr_run_dir)/r1.log" | tail -n 1 >&2
}

test_state_name_injection() {
	local before after ok=0 nl=$'\n'
	t_need_xrouter
	t_line 1 || return 1
	xr_exec r1 ip link add vx1 type veth peer name vx2 || return 1
	xr_exec r1 ip link set vx1 up
	xr_exec r1 ip link set vx2 up
	before=$(t_harden_show)
	t_harden_refused 'argument "z\nlink del eth1" is wrong: "bridge" not a valid ifname' \
		link add vx1 bridge "z${nl}link del eth1" || ok=1
	t_harden_refused 'argument "b#x" is wrong: "bridge" not a valid ifname' \
		link add vx1 bridge 'b#x' || ok=1
	t_harden_refused 'argument "a\x01b" is wrong' link add vx1 bridge $'a\x01b' || ok=1
	t_harden_refused 'argument "a b" is wrong' link add vx1 bridge 'a b' || ok=1
	t_harden_refused 'argument "a/b" is wrong' link add vx1 bridge 'a/b' || ok=1
	t_harden_refused 'argument "a:b" is wrong' link add vx1 bridge 'a:b' || ok=1
	t_harden_refused 'argument ".." is wrong' link add vx1 bridge '..' || ok=1
	t_harden_refused 'argument "b0123456789abcde" is wrong' \
		link add vx1 bridge b0123456789abcde || ok=1
	t_harden_refused 'argument "vx1\nlink" is wrong: "name" not a valid ifname' \
		link add "vx1${nl}link" || ok=1
	t_harden_refused 'argument "eth1\nlink del eth1" is wrong: "dev" not a valid ifname' \
		route add 10.77.0.0/16 via 198.51.100.2 dev "eth1${nl}link del eth1" || ok=1
	t_harden_refused 'argument "x\tlink del eth1" is wrong: "bridge" not a valid ifname' \
		bridge set $'x\tlink del eth1' ageing 5 || ok=1
	t_harden_refused 'argument "10.77.0.0/16#" is wrong' \
		route add '10.77.0.0/16#' blackhole || ok=1
	after=$(t_harden_show)
	if [ "$before" != "$after" ]; then
		diff <(echo "$before") <(echo "$after") >&2
		t_fail "refused commands changed the state"
		ok=1
	fi
	t_harden_restart || return 1
	after=$(t_harden_show)
	if [ "$before" != "$after" ]; then
		diff <(echo "$before") <(echo "$after") >&2
		t_fail "the successor's state differs after SIGKILL"
		return 1
	fi
	grep -q "^[0-9]*: eth1: " <<<"$after" || { t_fail "eth1 gone after the restart"; return 1; }
	t_ping h1 "$LINE_H2" 2 || return 1
	return "$ok"
}

# Every byte a name may hold comes back after SIGKILL, from the journal and
# from a snapshot alike.
test_state_name_roundtrip() {
	local before after name=$'b"\\\xc3\xa9.-_' log
	t_need_xrouter
	t_line 1 || return 1
	xr_exec r1 ip link add vx1 type veth peer name vx2 || return 1
	xr_exec r1 ip link set vx1 up
	xr_exec r1 ip link set vx2 up
	xr_ctl r1 link add vx1 bridge "$name" >/dev/null 2>&1 ||
		{ t_fail "link add vx1 bridge $(printf '%q' "$name") refused"; return 1; }
	xr_ctl r1 bridge set "$name" ageing 77 || return 1
	before=$(t_harden_show)
	grep -qF "master $name " <<<"$before" || { echo "$before" >&2; t_fail "no master $name"; return 1; }
	log="$(xr_run_dir)/r1.log"
	# From the journal; then from the snapshot the successor wrote at start-up.
	for from in journal snapshot; do
		t_harden_restart || return 1
		after=$(t_harden_show)
		[ "$before" = "$after" ] || { diff <(echo "$before") <(echo "$after") >&2
			t_fail "$from replay differs"; return 1; }
		grep "state: replayed" "$log" | tail -n 1 | grep -q ", 0 refused" ||
			{ t_fail "replay refused a line"; return 1; }
	done
}
