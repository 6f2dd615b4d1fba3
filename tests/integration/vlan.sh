# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# 802.1Q tests on netns-scripts/vlan.sh: r1 a router on a stick between
# VLAN 10 (h10) and VLAN 20 (h20) behind the tagging rig rig1; s1 a
# VLAN-aware switch with access ports p1 (a10, VLAN 10), p2 (a20, VLAN 20)
# and trunk p3 (rig2: b10, b20), both VLANs on 10.0.0.0/24, br0.10 routing
# to hr.  Hosts tag with a tc program (this kernel has no 802.1Q driver).

# shellcheck source=netns-scripts/vlan.sh
source "$T_DIR/../../netns-scripts/vlan.sh"

t_vlan_stick() {
	t_need_xrouter
	t_need tcpdump tc ethtool
	vl_stick_setup || t_fail "building the router on a stick"
}

t_vlan_switch() {
	t_need_xrouter
	t_need tcpdump tc ethtool
	vl_switch_setup || t_fail "building the VLAN-aware switch"
}

# The captured lines of t_cap_start, after stopping it.
t_vl_cap_lines() {
	local f="$(xr_run_dir)/cap-$1"
	t_cap_stop "$1" >/dev/null
	cat "$f.out"
}

# t_vl_count LINES REGEX: how many lines match.
t_vl_count() { grep -cE "$2" <<<"$1"; }

# t_vl_stat NAME DEV COUNTER: one counter of `stats dev DEV`, from its JSON.
t_vl_stat() { xr_ctl "$1" -j stats dev "$2" | grep -oE "\"$3\":[0-9]+" | cut -d: -f2; }

# After test_vlan_stick_ping's pings: eth0.10 counts the echo requests it
# forwarded, eth0.20 the replies; eth0, all of whose frames are tagged,
# counts each of them in rx and forwarded none itself.  `stats` lists the
# VLAN interfaces, and so does --metrics (valid for promtool).
t_vl_stick_counters() {
	local f10 f20 f0 rx rx10 rx20 m
	f10=$(t_vl_stat r1 eth0.10 forwarded)
	f20=$(t_vl_stat r1 eth0.20 forwarded)
	f0=$(t_vl_stat r1 eth0 forwarded)
	rx=$(t_vl_stat r1 eth0 rx)
	rx10=$(t_vl_stat r1 eth0.10 rx)
	rx20=$(t_vl_stat r1 eth0.20 rx)
	t_info "eth0 rx $rx forwarded $f0; eth0.10 rx $rx10 forwarded $f10; eth0.20 rx $rx20 forwarded $f20"
	[ "${f10:-0}" -ge 3 ] && [ "${f20:-0}" -ge 3 ] ||
		{ xr_ctl r1 stats >&2; t_fail "VLAN interfaces did not count what they forwarded"; return 1; }
	[ "${f0:-x}" = 0 ] && [ "${rx:-0}" -ge $((rx10 + rx20)) ] ||
		{ xr_ctl r1 stats >&2; t_fail "eth0: rx must count every frame, forwarded none"; return 1; }
	xr_ctl r1 stats | grep -qE "^dev eth0\.10 .*rx [0-9]+ forwarded [1-9]" ||
		{ xr_ctl r1 stats >&2; t_fail "stats: no eth0.10 line"; return 1; }
	m=$(xr_exec r1 curl -sS -f --max-time 5 "http://127.0.0.1:$T_VL_METRICS_PORT/metrics") ||
		{ t_fail "scraping --metrics"; return 1; }
	promtool check metrics <<<"$m" >/dev/null 2>&1 || { t_fail "promtool check metrics"; return 1; }
	grep -qE "^xrouter_port_packets_total\{dev=\"eth0\.10\",result=\"forwarded\"\} [1-9]" <<<"$m" ||
		{ grep eth0 <<<"$m" >&2; t_fail "metrics: no forwarded of eth0.10"; return 1; }
}

T_VL_METRICS_PORT=9417

# Across the trunk: h10's echo requests tagged 10 into r1, routed out tagged
# 20 towards h20; the replies tagged 20 in and 10 out.  Then the counters of
# the VLAN interfaces (t_vl_stick_counters).
test_vlan_stick_ping() {
	local out mac1 n
	t_need curl promtool
	export XR_DAEMON_ARGS="--metrics 127.0.0.1:$T_VL_METRICS_PORT"
	t_vlan_stick || return 1
	t_ping h10 198.51.100.2 2 || return 1
	mac1=$(t_mac r1)
	t_cap_start rig1@trunk icmp or \( vlan and icmp \) || return 1
	t_ping h10 198.51.100.2 3 || return 1
	out=$(t_vl_cap_lines rig1)
	t_info "$(head -4 <<<"$out")"
	n=$(t_vl_count "$out" "> $mac1, .*vlan 10, .*192.0.2.2 > 198.51.100.2: ICMP echo request")
	[ "$n" -ge 3 ] || { t_fail "echo requests tagged 10 into r1: $n of 3"; return 1; }
	n=$(t_vl_count "$out" "^[0-9:.]+ $mac1 > .*vlan 20, .*192.0.2.2 > 198.51.100.2: ICMP echo request")
	[ "$n" -ge 3 ] || { t_fail "echo requests tagged 20 out of r1: $n of 3"; return 1; }
	n=$(t_vl_count "$out" "> $mac1, .*vlan 20, .*198.51.100.2 > 192.0.2.2: ICMP echo reply")
	[ "$n" -ge 3 ] || { t_fail "echo replies tagged 20 into r1: $n of 3"; return 1; }
	n=$(t_vl_count "$out" "^[0-9:.]+ $mac1 > .*vlan 10, .*198.51.100.2 > 192.0.2.2: ICMP echo reply")
	[ "$n" -ge 3 ] || { t_fail "echo replies tagged 10 out of r1: $n of 3"; return 1; }
	n=$(t_vl_count "$out" "ethertype IPv4 \\(0x0800\\), length [0-9]+: .*ICMP")
	[ "$n" = 0 ] || { t_fail "$n untagged ICMP frames on the trunk"; return 1; }
	t_vl_stick_counters || return 1
	t_vl_trace_stick
}

# `trace dev` of a VLAN interface takes its VLAN's frames; the record shows
# the VLAN each came in on and the tag rewritten on the way out.
# (Part of test_vlan_stick_ping: its topology, already running.)
t_vl_trace_stick() {
	local d
	d=$(xr_run_dir)
	t_trace_start r1 "$d/t10.json" -j trace dev eth0.10 proto icmp count 1 timeout 20 &&
		t_trace_start r1 "$d/t20.json" -j trace dev eth0.20 proto icmp count 1 timeout 20 &&
		t_trace_start r1 "$d/t0.txt" trace dev eth0 proto icmp count 2 timeout 20 || return 1
	t_ping h10 198.51.100.2 1 || return 1
	t_trace_wait || return 1
	t_has "$d/t10.json" 1 '"dev":"eth0","vlan":10,"family":"inet","src":"192.0.2.2","dst":"198.51.100.2"' &&
		t_has "$d/t10.json" 1 '{"step":"vlan","op":"rewrite","from":10,"vlan":20}' &&
		t_has "$d/t10.json" 1 '{"step":"egress","dev":"eth0.20","mtu":1500}' &&
		t_has "$d/t20.json" 1 '"dev":"eth0","vlan":20,"family":"inet","src":"198.51.100.2"' &&
		t_has "$d/t20.json" 1 '{"step":"vlan","op":"rewrite","from":20,"vlan":10}' &&
		t_has "$d/t0.txt" 1 'in eth0 vlan 10: 192.0.2.2 > 198.51.100.2 icmp echo-request' &&
		t_has "$d/t0.txt" 1 'in eth0 vlan 20: 198.51.100.2 > 192.0.2.2 icmp echo-reply' &&
		t_has "$d/t0.txt" 1 '    vlan rewrite 10 -> 20' &&
		t_has "$d/t0.txt" 2 '    ttl 64 -> 63' || return 1
	t_summary "$d/t10.json" 1 && t_summary "$d/t20.json" 1
}

# One hop, answered from the VLAN interface's address; ARP for it tagged too.
test_vlan_stick_traceroute() {
	t_need traceroute
	t_vlan_stick || return 1
	t_traceroute h10 198.51.100.2 "-I" 192.0.2.1 198.51.100.2 || return 1
	t_traceroute h20 192.0.2.2 "" 198.51.100.1 192.0.2.2
}

# A frame tagged with a VLAN r1 has no interface for is the kernel's.
test_vlan_stick_unknown_tag() {
	local before after
	t_vlan_stick || return 1
	vl_tagged_host h30 rig1 h30 30 192.0.2.30/24 192.0.2.1 &&
		xr_exec rig1 ethtool -K h30 txvlan off gro on >/dev/null &&
		xr_exec rig1 ip link set h30 master rigbr || return 1
	before=$(xr_ctl r1 -j stats dev eth0 | grep -oE '"pass":[0-9]+' | cut -d: -f2)
	xr_exec h30 ping -c 3 -i 0.2 -W 1 192.0.2.1 >/dev/null 2>&1 &&
		{ t_fail "VLAN 30 reached r1's VLAN 10 address"; return 1; }
	after=$(xr_ctl r1 -j stats dev eth0 | grep -oE '"pass":[0-9]+' | cut -d: -f2)
	t_info "pass counter: ${before:-0} -> ${after:-0}"
	[ "${after:-0}" -gt "${before:-0}" ] || t_fail "VLAN 30 frames were not passed to the kernel"
}

# The same addresses in VLANs 10 and 20: each host reaches only its own VLAN's
# 10.0.0.2, across the trunk, and no frame of one VLAN shows up in the other.
test_vlan_switch_isolation() {
	local m10 m20 got out
	t_vlan_switch || return 1
	m10=$(t_mac b10) m20=$(t_mac b20)
	t_cap_start a20 || return 1
	t_ping a10 10.0.0.2 3 || return 1
	got=$(xr_exec a10 ip neigh show 10.0.0.2 | grep -oE '([0-9a-f]{2}:){5}[0-9a-f]{2}')
	[ "$got" = "$m10" ] || { t_fail "a10 reached 10.0.0.2 at $got, not b10 ($m10)"; return 1; }
	out=$(t_vl_cap_lines a20)
	[ -z "$(grep -F "$(t_mac a10)" <<<"$out")" ] ||
		{ echo "$out" >&2; t_fail "VLAN 10 frames reached a20"; return 1; }
	t_ping a20 10.0.0.2 3 || return 1
	got=$(xr_exec a20 ip neigh show 10.0.0.2 | grep -oE '([0-9a-f]{2}:){5}[0-9a-f]{2}')
	[ "$got" = "$m20" ] || t_fail "a20 reached 10.0.0.2 at $got, not b20 ($m20)"
}

# A broadcast in VLAN 10 reaches a10's VLAN peers (b10, across the trunk,
# tagged) and nobody in VLAN 20; it leaves the access port untagged.
test_vlan_switch_broadcast() {
	local c out
	t_vlan_switch || return 1
	# b20 is not watched: the rig floods to it too, and its tc program drops
	# VLAN 10 after tcpdump sees it.  The trunk capture shows what s1 sent.
	t_cap_start b10 icmp && t_cap_start a20 icmp || return 1
	t_cap_start rig2@trunk icmp or \( vlan and icmp \) || return 1
	xr_exec b10 sysctl -qw net.ipv4.icmp_echo_ignore_broadcasts=0
	xr_exec a10 ping -b -c 2 -i 0.2 -W 1 10.0.0.255 >/dev/null 2>&1
	c=$(t_cap_stop b10)
	[ "$c" -ge 2 ] || { t_fail "b10 saw $c of 2 broadcasts"; return 1; }
	c=$(t_cap_stop a20)
	[ "$c" = 0 ] || { t_fail "a VLAN 10 broadcast reached a20 ($c)"; return 1; }
	out=$(t_vl_cap_lines rig2)
	c=$(t_vl_count "$out" "vlan 10, .*10.0.0.1 > 10.0.0.255")
	[ "$c" -ge 2 ] || { echo "$out" >&2; t_fail "broadcasts tagged 10 on the trunk: $c of 2"; }
	c=$(t_vl_count "$out" "vlan 20")
	[ "$c" = 0 ] || t_fail "VLAN 20 frames on the trunk for a VLAN 10 broadcast ($c)"
}

# br0.10 routes VLAN 10 (access and trunk hosts) to the routed port; VLAN 20
# has no routed interface and stays on its own.
test_vlan_switch_routed() {
	t_need traceroute
	t_vlan_switch || return 1
	t_ping a10 203.0.113.2 3 || return 1
	t_ping b10 203.0.113.2 3 || return 1
	t_traceroute a10 203.0.113.2 "-I" 10.0.0.254 203.0.113.2 || return 1
	t_ping hr 10.0.0.2 3 || return 1
	if xr_exec b20 ping -c 2 -i 0.2 -W 1 203.0.113.2 >/dev/null 2>&1; then
		t_fail "VLAN 20, which has no routed interface, reached hr"
		return 1
	fi
	t_vl_trace_switch
}

# `trace dev` of a switch, a switch port and a switch's VLAN interface each
# take a10's echo request (untagged on access port p1: VLAN 10 by its PVID);
# p2's takes nothing; an unknown name is refused.  (Part of
# test_vlan_switch_routed: its topology, already running.)
t_vl_trace_switch() {
	local d err
	d=$(xr_run_dir)
	err=$(xr_ctl s1 trace dev nosuch 2>&1) && { t_fail "trace dev nosuch ran"; return 1; }
	[ "$(wc -l <<<"$err")" = 1 ] && grep -q 'unknown device "nosuch"' <<<"$err" ||
		{ t_fail "trace dev nosuch: $err"; return 1; }
	t_trace_start s1 "$d/br.json" -j trace dev br0 proto icmp count 1 timeout 20 &&
		t_trace_start s1 "$d/p1.json" -j trace dev p1 proto icmp count 1 timeout 20 &&
		t_trace_start s1 "$d/br10.txt" trace dev br0.10 proto icmp count 1 timeout 20 &&
		t_trace_start s1 "$d/p2.json" -j trace dev p2 proto icmp count 1 timeout 3 ||
		return 1
	t_ping a10 203.0.113.2 1 || return 1
	t_trace_wait || return 1
	t_has "$d/br.json" 1 '"dev":"p1","vlan":10,"vlan_untagged":true,"family":"inet","src":"10.0.0.1","dst":"203.0.113.2"' &&
		t_has "$d/p1.json" 1 '"dev":"p1","vlan":10,"vlan_untagged":true' &&
		t_has "$d/p1.json" 1 '{"step":"egress","dev":"eth0"' &&
		t_has "$d/br10.txt" 1 'in p1 vlan 10 (untagged, pvid): 10.0.0.1 > 203.0.113.2 icmp echo-request' &&
		t_has "$d/br10.txt" 1 '    forwarded out eth0' || return 1
	t_summary "$d/br.json" 1 && t_summary "$d/p1.json" 1 && t_summary "$d/p2.json" 0
}

# `bridge vlan show` in iproute2's shape, `fdb show` with VLANs, `link show`
# with the VLAN interface; a switch port out of its VLAN drops that VLAN.
test_vlan_switch_cli() {
	local out before after
	t_vlan_switch || return 1
	t_ping a10 10.0.0.2 2 || return 1
	out=$(xr_ctl s1 bridge vlan show)
	t_info "$out"
	grep -qE '^p1 +10 PVID Egress Untagged$' <<<"$out" &&
		grep -qE '^p3 +10$' <<<"$out" && grep -qE '^ +20$' <<<"$out" ||
		{ t_fail "bridge vlan show: unexpected output"; return 1; }
	xr_ctl s1 -j bridge vlan show | grep -q '"vlan":10,"flags":\["PVID","Egress Untagged"\]' ||
		{ t_fail "bridge vlan show -j: no PVID flags"; return 1; }
	xr_ctl s1 fdb show | grep -qE "^$(t_mac b10) dev p3 vlan 10 master br0" ||
		{ xr_ctl s1 fdb show >&2; t_fail "fdb show: b10 not learned in VLAN 10 on p3"; return 1; }
	xr_ctl s1 link show | grep -qE '^[0-9]+: br0.10@br0: <UP,LOWER_UP> .* vlan id 10 routed' ||
		{ xr_ctl s1 link show >&2; t_fail "link show: no br0.10"; return 1; }
	before=$(xr_ctl s1 stats dev p3 | grep -oE 'drop_vlan_not_member [0-9]+' | cut -d' ' -f2)
	xr_ctl s1 bridge vlan del dev p3 vid 10 || { t_fail "bridge vlan del"; return 1; }
	xr_exec b10 ping -c 2 -i 0.2 -W 1 10.0.0.1 >/dev/null 2>&1 &&
		{ t_fail "b10 still reaches a10 with p3 out of VLAN 10"; return 1; }
	after=$(xr_ctl s1 stats dev p3 | grep -oE 'drop_vlan_not_member [0-9]+' | cut -d' ' -f2)
	t_info "drop_vlan_not_member on p3: ${before:-0} -> ${after:-0}"
	[ "${after:-0}" -gt "${before:-0}" ] || { t_fail "non-member frames not counted"; return 1; }
	xr_ctl s1 bridge vlan add dev p3 vid 10 && t_ping b10 10.0.0.1 2
}

# Refused with one line, nothing changed.
test_vlan_cli_bad_input() {
	local before after bad ok=0
	t_vlan_switch || return 1
	before=$(t_snapshot s1; xr_ctl s1 link show; xr_ctl s1 bridge vlan show)
	for bad in "link add eth0 vlan 0" "link add eth0 vlan 4095" "link add eth0 vlan x" \
		"link add p1 vlan 10" "link add br0 vlan 10" "link add nosuch vlan 10" \
		"link add eth0 vlan 10 extra" "link add eth0 vlan" \
		"bridge vlan add dev eth0 vid 10" "bridge vlan add dev p1 vid 4095" \
		"bridge vlan add dev p1" "bridge vlan add dev nosuch vid 10" \
		"bridge vlan del dev p1 vid 30" "bridge vlan add dev p1 vid 10 bogus" \
		"fdb add 02:00:00:00:00:01 dev p1 vlan 0" "link del nosuch.10"; do
		# shellcheck disable=SC2086
		T_BAD_NS=s1 t_bad_one $bad || ok=1
	done
	after=$(t_snapshot s1; xr_ctl s1 link show; xr_ctl s1 bridge vlan show)
	t_same "state changed by refused commands" "$before" "$after" || return 1
	return "$ok"
}

# What a restart must keep: neighbours are learned again, in any order.
t_vl_state() {
	local o
	for o in "link show" "bridge vlan show" "addr show" "route show"; do
		echo "== $o"
		# shellcheck disable=SC2086
		xr_ctl "$1" $o 2>&1
	done
}

# A SIGKILLed daemon's successor adopts the fast path and replays the VLANs:
# forwarding goes on, and the state reads back the same.  A trace was
# running when it died (the ports ran the traced program, its gate on): the
# successor puts the program without the trace stage back, since no trace
# runs after a restart, and a new trace works.
test_vlan_sigkill_restart() {
	local before after d gate rx10
	t_need bpftool python3
	t_vlan_switch || return 1
	d=$(xr_run_dir)
	t_ping a10 203.0.113.2 1 && t_ping b10 10.0.0.1 1 || return 1
	before=$(t_vl_state s1)
	rx10=$(t_vl_stat s1 br0.10 rx)
	t_trace_start s1 "$d/dead.txt" trace dev br0 count 1000 timeout 60 || return 1
	gate=$(t_prog_map_word "$(up_prog_id s1 p1)" .data.trace none)
	[ "$gate" = 1 ] || { t_fail "trace gate $gate while a trace runs"; return 1; }
	xr_daemon_stop s1 KILL
	wait "${T_TRACE_PIDS[@]}" 2>/dev/null
	T_TRACE_PIDS=()
	sleep 0.5
	t_ping b10 10.0.0.1 2 || { t_fail "switching stopped with the daemon"; return 1; }
	xr_daemon_start s1 || { t_fail "restarting s1's xrouterd"; return 1; }
	after=$(t_vl_state s1)
	t_same "state differs after the restart" "$before" "$after" || return 1
	# The successor counts br0.10 on in the row the fast path names for it.
	[ "${rx10:-0}" -ge 1 ] && [ "$(t_vl_stat s1 br0.10 rx)" -ge "$rx10" ] ||
		{ t_fail "br0.10's counters: ${rx10:-none} before the restart, $(t_vl_stat s1 br0.10 rx) after"
		  return 1; }
	[ "$(t_port_prog s1 p1)" = xdp_port ] ||
		{ t_fail "p1 runs $(t_port_prog s1 p1) after the restart, no trace running"; return 1; }
	t_trace_start s1 "$d/new.json" -j trace dev br0.10 proto icmp count 1 timeout 20 || return 1
	t_ping a10 203.0.113.2 3 && t_ping b10 10.0.0.1 3 || return 1
	t_trace_wait && t_summary "$d/new.json" 1
}

# A VLAN interface follows its parent: down (its connected route leaves the
# fast path), up again (back, and forwarding), deleted (gone with its routes,
# and its addresses off the parent's kernel device).
test_vlan_link_follows_parent() {
	t_vlan_stick || return 1
	t_ping h10 198.51.100.2 2 || return 1
	t_ip r1 link set eth0 down || return 1
	t_until 5 t_link_has r1 eth0.10 "state DOWN " ||
		{ xr_ctl r1 link show >&2; t_fail "eth0.10 not shown DOWN"; return 1; }
	t_until 5 t_none r1 route "^192\.0\.2\.0/24" || return 1
	t_ip r1 link set eth0 up || return 1
	t_until 5 t_link_has r1 eth0.20 "state UP " ||
		{ xr_ctl r1 link show >&2; t_fail "eth0.20 not shown UP again"; return 1; }
	t_until 5 xr_exec h10 ping -c 1 -W 1 198.51.100.2 >/dev/null ||
		{ t_fail "no forwarding after the parent came back"; return 1; }
	t_vl_kaddr r1 198.51.100.1 || { t_fail "eth0.20's address not on the kernel's eth0"; return 1; }
	xr_ctl r1 link del eth0 || return 1
	t_none r1 route "198\.51\.100\.0/24" && ! xr_ctl r1 link show | grep -q "eth0\.10" ||
		{ t_fail "eth0.10 or its routes outlived eth0"; return 1; }
	! t_vl_kaddr r1 198.51.100.1 && ! t_vl_kaddr r1 192.0.2.1 ||
		t_fail "the VLAN interfaces' addresses outlived eth0 on the kernel's device"
}

# IPv6 on VLAN interfaces: NDP for the router and across, forwarding between VLANs.
test_vlan_stick_ipv6() {
	local h
	export XR_IPV6=1
	t_vlan_stick || return 1
	xr_ctl r1 addr add 2001:db8:10::1/64 dev eth0.10 &&
		xr_ctl r1 addr add 2001:db8:20::1/64 dev eth0.20 || return 1
	for h in 10 20; do
		xr_exec "h$h" ip -6 addr add "2001:db8:$h::2/64" dev eth0 nodad &&
			xr_exec "h$h" ip -6 route add default via "2001:db8:$h::1" || return 1
	done
	t_ping h10 2001:db8:10::1 2 && t_ping h10 2001:db8:20::2 3 || return 1
	xr_ctl r1 -6 neigh show | grep -q "^2001:db8:20::2 dev eth0.20 lladdr .* REACHABLE" ||
		{ xr_ctl r1 -6 neigh show >&2; t_fail "no neighbour on eth0.20"; }
}

# A TCP listener on ADDR:PORT in NAME (either family) that sends "hello" to its first client.
t_vl_listen() {
	xr_exec "$1" timeout 10 python3 -c '
import socket, sys
ai = socket.getaddrinfo(sys.argv[1], int(sys.argv[2]), type=socket.SOCK_STREAM)[0]
s = socket.socket(ai[0]); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(ai[4]); s.listen(1)
c, _ = s.accept(); c.sendall(b"hello"); c.close()' "$2" "$3" &
	sleep 0.5
}

# t_vl_kaddr NAME ADDR: ADDR is on NAME's kernel eth0.
t_vl_kaddr() { xr_exec "$1" ip addr show dev eth0 | grep -q "inet6\? $2/"; }

# With kernel sync on, the kernel's stack serves a VLAN interface's
# addresses where this kernel has no 802.1Q: TCP from h10 (VLAN 10) and
# from h20 over IPv6 (VLAN 20) to listeners in r1's namespace connects, a
# closed port gets the kernel's RST; the addresses are on eth0's kernel
# device while their VLAN interface has them, and go with addr del, link
# del and SIGTERM, the tagging program with the last.
test_vlan_stick_kernel_tcp() {
	local out
	export XR_IPV6=1
	t_vlan_stick || return 1
	xr_ctl r1 kernel sync on && xr_ctl r1 addr add 2001:db8:20::1/64 dev eth0.20 || return 1
	xr_exec h20 ip -6 addr add 2001:db8:20::2/64 dev eth0 nodad || return 1
	t_vl_kaddr r1 192.0.2.1 && t_vl_kaddr r1 2001:db8:20::1 ||
		{ xr_exec r1 ip addr show dev eth0 >&2; t_fail "VLAN addresses not on the kernel's eth0"; return 1; }
	t_vl_listen r1 192.0.2.1 7010
	out=$(ks_probe h10 tcp 192.0.2.1 7010)
	[ "$out" = "data hello" ] || { t_fail "TCP from VLAN 10 to 192.0.2.1: $out"; return 1; }
	out=$(ks_probe h10 tcp 192.0.2.1 7011)
	[ "$out" = refused ] || { t_fail "TCP to a closed port of 192.0.2.1: $out"; return 1; }
	t_vl_listen r1 2001:db8:20::1 7020
	out=$(ks_probe h20 tcp 2001:db8:20::1 7020)
	[ "$out" = "data hello" ] || { t_fail "TCP from VLAN 20 to 2001:db8:20::1: $out"; return 1; }
	t_ping h10 198.51.100.2 2 || { t_fail "forwarding between the VLANs with sync on"; return 1; }
	xr_ctl r1 addr del 198.51.100.1/24 dev eth0.20 || return 1
	! t_vl_kaddr r1 198.51.100.1 || { t_fail "198.51.100.1 outlived addr del"; return 1; }
	xr_ctl r1 link del eth0.10 || return 1
	! t_vl_kaddr r1 192.0.2.1 || { t_fail "192.0.2.1 outlived link del eth0.10"; return 1; }
	xr_exec r1 tc filter show dev eth0 egress | grep -q tc_vlan_kernel ||
		{ t_fail "no tagging program on eth0"; return 1; }
	xr_daemon_stop r1 TERM
	! t_vl_kaddr r1 2001:db8:20::1 || { t_fail "2001:db8:20::1 outlived SIGTERM"; return 1; }
	! xr_exec r1 tc filter show dev eth0 egress | grep -q tc_vlan_kernel ||
		t_fail "the tagging program outlived SIGTERM"
}
