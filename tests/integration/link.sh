# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Interfaces changed under a running xrouterd (`ip link set/del` in its
# namespace): the daemon follows them over rtnetlink.  An MTU change reaches
# the fast path at once (PMTUD and fragmentation use the new MTU), a deleted
# port goes with its addresses and routes, a renamed port keeps working under
# its new name across a restart, `link show` prints the link state, and a
# lost notification (socket overrun) is recovered by reading every link again.
# Sourced by run.sh; every test builds a line of 2 routers:
#
#   h1 eth0 --- eth0 r1 eth1 --- eth0 r2 eth1 --- eth0 h2
#      .2   192.0.2.0/24  .1  .5  203.0.113.4/30  .6  .1  198.51.100.0/24  .2

# t_until SECS CMD...: true as soon as CMD is, false after SECS seconds.
t_until() {
	local deadline=$((SECONDS + $1))
	shift
	while ! "$@"; do
		[ "$SECONDS" -lt "$deadline" ] || return 1
		sleep 0.1
	done
}

# The `link show` line of port (or VLAN interface, "DEV@PARENT:") DEV on router NAME (empty if none).
t_link_line() { xr_ctl "$1" link show 2>/dev/null | grep -E "^[0-9]+: $2(@[^ ]+)?: "; }

# t_link_has NAME DEV TEXT: that line holds TEXT.
t_link_has() { t_link_line "$1" "$2" | grep -qF -- "$3"; }
t_link_gone() { ! t_link_line "$1" "$2" >/dev/null; }

t_ip() { local n=$1; shift; ip -n "$(xr_ns "$n")" "$@"; }

# No line of `xrouterctl OBJ show` on NAME matches ERE.
t_none() {
	local out
	out=$(xr_ctl "$1" "$2" show 2>&1)
	if grep -qE -- "$3" <<<"$out"; then
		echo "$out" >&2
		t_fail "$1: $2 show still has \"$3\""
		return 1
	fi
}

# (a) An MTU lowered under the daemon: DF packets that no longer fit get
# Fragmentation Needed with the new MTU, tracepath finds it, and packets
# without DF are fragmented, in both directions.  Before, they were counted
# forwarded and dropped by the device: a PMTUD black hole.
test_link_mtu_change() {
	local out
	t_need_xrouter
	t_need tracepath
	t_line 2 || return 1
	t_ping h1 "$LINE_H2" 1 -M do -s 1472 || return 1
	# Both ends of the link, as an operator narrowing it would.
	t_ip r1 link set eth1 mtu 1400 && t_ip r2 link set eth0 mtu 1400 || return 1
	t_until 5 t_link_has r1 eth1 "mtu 1400 " || t_info "r1: link show does not show mtu 1400"
	t_until 5 t_link_has r2 eth0 "mtu 1400 " || t_info "r2: link show does not show mtu 1400"
	out=$(xr_exec h1 ping -c 1 -W 3 -M do -s 1472 "$LINE_H2" 2>&1)
	if ! grep -qF "From 192.0.2.1 icmp_seq=1 Frag needed and DF set (mtu = 1400)" <<<"$out"; then
		echo "$out" >&2
		t_fail "no Fragmentation Needed with mtu 1400 from r1"
		return 1
	fi
	t_ip h1 route flush cache	# forget the PMTU just learnt: tracepath must find it
	out=$(xr_exec h1 timeout 30 tracepath -n "$LINE_H2" 2>&1)
	if ! grep -q "Resume: pmtu 1400 " <<<"$out"; then
		echo "$out" >&2
		t_fail "tracepath did not find pmtu 1400"
		return 1
	fi
	t_ping h1 "$LINE_H2" 3 -M dont -s 1472 || return 1
	t_ping h2 "$LINE_H1" 3 -M dont -s 1472 || return 1
	t_link_has r1 eth1 "mtu 1400 " && t_link_has r2 eth0 "mtu 1400 " ||
		t_fail "link show does not show the new mtu"
}

# A switch routes out at its narrowest port's MTU: lowering one port's MTU
# lowers the switch's, for Fragmentation Needed and fragmentation alike.
#   h1 --- r1 [br0: p1 --- h2 (.2), p2 --- h3 (.3)]
test_link_mtu_switch() {
	local out
	t_need_xrouter
	t_line 1 LINE_LAN=2 || return 1
	t_ping h1 198.51.100.2 1 -M do -s 1472 || return 1
	t_ip r1 link set p1 mtu 1400 && t_ip h2 link set eth0 mtu 1400 || return 1
	t_until 5 t_link_has r1 p1 "mtu 1400 " || { t_fail "r1: p1 not shown mtu 1400"; return 1; }
	out=$(xr_exec h1 ping -c 1 -W 3 -M do -s 1472 198.51.100.2 2>&1)
	if ! grep -qF "Frag needed and DF set (mtu = 1400)" <<<"$out"; then
		echo "$out" >&2
		t_fail "no Fragmentation Needed with mtu 1400 for the switch"
		return 1
	fi
	t_ping h1 198.51.100.2 3 -M dont -s 1472
}

# (b) A port's veth deleted under the daemon: the port goes as `link del`
# would take it (addresses, connected routes, routes via it, neighbours),
# the daemon goes on answering, and a new device of that name can be added.
test_link_deleted() {
	t_need_xrouter
	t_line 2 || return 1
	t_ping h1 "$LINE_H2" 1 || return 1
	t_ip r1 link del eth1 || return 1	# takes r2's eth0, its peer, too
	t_until 5 t_link_gone r1 eth1 || { t_fail "r1: link show still lists eth1"; return 1; }
	t_until 5 t_link_gone r2 eth0 || { t_fail "r2: link show still lists eth0"; return 1; }
	t_none r1 addr "203\.0\.113\.5/" && t_none r1 route "dev eth1|198\.51\.100\.0|203\.0\.113\.4/" &&
		t_none r1 neigh "dev eth1" && t_none r2 addr "203\.0\.113\.6/" &&
		t_none r2 route "dev eth0|192\.0\.2\.0" || return 1
	grep -qE "link eth1: .*deleted" "$(xr_run_dir)/r1.log" || { t_fail "r1 logged nothing"; return 1; }
	t_ping h1 192.0.2.1 3 && t_ping h2 198.51.100.1 3 || return 1
	xr_ctl r1 status >/dev/null || { t_fail "r1 does not answer status"; return 1; }
	# The same wiring again, through the CLI: nothing of the old port is in the way.
	xr_veth r1 eth1 r2 eth0 || return 1
	xr_ctl r1 link add eth1 && xr_ctl r1 addr add 203.0.113.5/30 dev eth1 &&
		xr_ctl r1 route add 198.51.100.0/24 via 203.0.113.6 &&
		xr_ctl r2 link add eth0 && xr_ctl r2 addr add 203.0.113.6/30 dev eth0 &&
		xr_ctl r2 route add 192.0.2.0/24 via 203.0.113.5 ||
		{ t_fail "adding the recreated ports back"; return 1; }
	t_ping h1 "$LINE_H2" 3
}

# r1's view, to compare across a restart.
t_link_view() {
	local o
	for o in link addr route; do
		echo "== $o"
		xr_ctl "$1" "$o" show 2>&1
	done
}

# (c) A port renamed under the daemon keeps forwarding under its new name,
# and a daemon killed and restarted (adopting the fast path from its saved
# state, without a config) comes back with the same ports, addresses, routes.
test_link_renamed() {
	local before after
	t_need_xrouter
	t_line 2 || return 1
	t_ping h1 "$LINE_H2" 1 || return 1
	t_ip r1 link set dev eth1 down && t_ip r1 link set eth1 name up1 &&
		t_ip r1 link set up1 up || return 1
	t_until 5 t_link_has r1 up1 "state UP " ||
		{ xr_ctl r1 link show >&2; t_fail "r1: link show does not show up1 UP"; return 1; }
	t_link_gone r1 eth1 || { t_fail "r1: link show still lists eth1"; return 1; }
	xr_ctl r1 route show | grep -q "^198.51.100.0/24 via 203.0.113.6 dev up1" ||
		{ xr_ctl r1 route show >&2; t_fail "r1: route not shown via up1"; return 1; }
	t_ping h1 "$LINE_H2" 3 || return 1
	before=$(t_link_view r1)
	xr_daemon_stop r1 KILL
	xr_conf_reset r1	# the saved state alone must bring it back
	xr_daemon_start r1 || { t_fail "restarting r1's xrouterd"; return 1; }
	after=$(t_link_view r1)
	if [ "$before" != "$after" ]; then
		diff <(echo "$before") <(echo "$after") >&2
		t_fail "r1's state differs after the restart"
		return 1
	fi
	if grep -qE "[1-9][0-9]* refused|unknown device" "$(xr_run_dir)/r1.log"; then
		grep -E "state: " "$(xr_run_dir)/r1.log" >&2
		t_fail "r1's replay refused lines"
		return 1
	fi
	xr_ctl r1 addr add 203.0.113.9/30 dev up1 || { t_fail "addr add on up1"; return 1; }
	t_ping h1 "$LINE_H2" 3
}

# (d) Admin and carrier state, as ip link prints them.
test_link_state() {
	t_need_xrouter
	t_line 2 || return 1
	t_link_has r1 eth1 "state UP " ||
		{ xr_ctl r1 link show >&2; t_fail "r1: eth1 not shown UP"; return 1; }
	t_ip r1 link set eth1 down || return 1
	t_until 5 t_link_has r1 eth1 "state DOWN " ||
		{ xr_ctl r1 link show >&2; t_fail "r1: eth1 not shown DOWN"; return 1; }
	t_ip r1 link set eth1 up || return 1
	t_until 5 t_link_has r1 eth1 "state UP " ||
		{ xr_ctl r1 link show >&2; t_fail "r1: eth1 not shown UP again"; return 1; }
	# The far end down: carrier lost, as a veth reports it.
	t_ip r2 link set eth0 down || return 1
	t_until 5 t_link_has r1 eth1 "<NO-CARRIER,UP>" ||
		{ xr_ctl r1 link show >&2; t_fail "r1: eth1 not shown NO-CARRIER"; return 1; }
	xr_ctl r1 -j link show | grep -qE '"ifname":"eth1",[^}]*"operstate":"(LOWERLAYER)?DOWN"' ||
		{ xr_ctl r1 -j link show >&2; t_fail "r1: JSON operstate"; return 1; }
	t_ip r2 link set eth0 up || return 1
	t_until 5 t_link_has r1 eth1 "<UP,LOWER_UP>" && t_ping h1 "$LINE_H2" 3
}

# A notification lost to a socket overrun is recovered: the daemon is stopped
# while thousands of link changes overflow its netlink socket, then a port is
# deleted and another's MTU set (those notifications are dropped too); once
# resumed it must re-read every link, find the port gone and the last MTU,
# and not let the stale notifications still queued (eth0's first MTU change,
# before the overflow) undo what the new reading found.
test_link_overrun() {
	local pid i batch
	t_need_xrouter
	t_line 2 || return 1
	t_ip r1 link add x0 type veth peer name x1 || return 1
	batch="$(xr_run_dir)/mtu.batch"
	for i in $(seq 1500); do
		echo "link set x0 mtu 1300"
		echo "link set x0 mtu 1200"
	done >"$batch"
	pid=$(xr_daemon_pid r1)
	kill -STOP "$pid" || return 1
	t_ip r1 link set eth0 mtu 1300 && t_ip r1 -batch "$batch" &&
		t_ip r1 link set eth0 mtu 1380 && t_ip r1 link del eth1
	kill -CONT "$pid"
	t_until 10 t_link_gone r1 eth1 || { t_fail "r1: eth1 still listed"; return 1; }
	sleep 1	# everything queued is read by now
	t_link_has r1 eth0 "mtu 1380 " ||
		{ xr_ctl r1 link show >&2; t_fail "r1: eth0 mtu not 1380"; return 1; }
	grep -q "link monitor: .*overrun" "$(xr_run_dir)/r1.log" ||
		{ t_fail "r1 did not see the overrun (test did not overflow?)"; return 1; }
	t_none r1 route "198\.51\.100\.0" && t_ping h1 192.0.2.1 3
}
