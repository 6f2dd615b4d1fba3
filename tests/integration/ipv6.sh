# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# IPv6 tests on the line topology with LINE_IPV6=1 (netns-scripts/line.sh):
# hosts keep Linux's IPv6 defaults; ping -6 to global and link-local
# addresses, traceroute -6 in its three modes, ICMPv6 errors from the
# right router, Packet Too Big found by tracepath, ndisc6/rdisc6, SLAAC
# from `ra on`, iperf3, refused input, SIGKILL and adoption, a switch.

# t_line6 N [VAR=value...]: the line with IPv6 on.
t_line6() { t_line "$1" LINE_IPV6=1 "${@:2}"; }

# The router's link-local address on DEV, as `addr show` prints it.
t_ll() {
	xr_ctl "$1" -6 addr show | awk -v dev="$2:" '
		$2 == dev { on = 1; next } /^[0-9]+:/ { on = 0 }
		on && $1 == "inet6" && $2 ~ /^fe80/ { sub("/.*", "", $2); print $2; exit }'
}

test_ipv6_ping() {
	local ll
	t_need_xrouter
	t_line6 2 || return 1
	t_ping h1 2001:db8:1::1 &&
		t_ping h1 2001:db8:ff:1::2 &&
		t_ping h1 "$LINE_H2_6" 5 &&
		t_ping h2 "$LINE_H1_6" 5 || return 1
	ll=$(t_ll r1 eth0)
	[ -n "$ll" ] || { xr_ctl r1 addr show >&2; t_fail "r1 eth0 has no link-local address"; return 1; }
	t_ping h1 "$ll%eth0" 3
}

# Through 3 routers, each shown by its address facing h1 (router.sh's t_trace_line).
test_ipv6_traceroute_udp() { t_need_xrouter; t_trace_line "" 6; }
test_ipv6_traceroute_icmp() { t_need_xrouter; t_trace_line "-I" 6; }
test_ipv6_traceroute_tcp() { t_need_xrouter; t_trace_line "-T" 6; }

# Hop limit 1 and 2: Time Exceeded from the router at that hop; no route
# and no neighbour: Destination Unreachable with the right code.
test_ipv6_icmp_errors() {
	t_need_xrouter
	t_line6 2 || return 1
	t_ping h1 "$LINE_H2_6" 1 &&
		t_ping_error h1 "$LINE_H2_6" 2001:db8:1::1 "Time exceeded: Hop limit" -t 1 &&
		t_ping_error h1 "$LINE_H2_6" 2001:db8:ff:1::2 "Time exceeded: Hop limit" -t 2 &&
		t_ping_error h1 2001:db8:99::1 2001:db8:1::1 "Destination unreachable: No route" &&
		t_ping_error h1 2001:db8:2::99 2001:db8:ff:1::2 \
			"Destination unreachable: Address unreachable"
}

test_ipv6_tracepath_pmtu() {
	local out
	t_need_xrouter
	t_line6 2 LINE_MTU_LINK=1 LINE_MTU=1400 || return 1
	out=$(xr_exec h1 timeout 30 tracepath -6 -n "$LINE_H2_6" 2>&1)
	if ! grep -q "Resume: pmtu 1400 " <<<"$out"; then
		echo "$out" >&2
		t_fail "tracepath -6 did not find pmtu 1400"
		return 1
	fi
}

# ndisc6 gets the router's MAC for its address; rdisc6 its advertisement.
test_ipv6_ndisc() {
	local out mac
	t_need_xrouter
	t_need ndisc6 rdisc6
	t_line6 1 || return 1
	mac=$(xr_exec r1 cat /sys/class/net/eth0/address)
	out=$(xr_exec h1 ndisc6 -n -r 3 2001:db8:1::1 eth0 2>&1)
	if ! grep -qi "Target link-layer address: $mac" <<<"$out"; then
		echo "$out" >&2
		t_fail "ndisc6: no NA with $mac"
		return 1
	fi
	xr_ctl r1 link set eth0 ra on || { t_fail "link set eth0 ra on"; return 1; }
	out=$(xr_exec h1 rdisc6 -n -r 3 eth0 2>&1)
	if ! grep -q "Prefix *: 2001:db8:1::/64" <<<"$out" ||
	   ! grep -q "Router lifetime *: *1800" <<<"$out" ||
	   ! grep -qi "Source link-layer address: $mac" <<<"$out"; then
		echo "$out" >&2
		t_fail "rdisc6: no RA with the /64, lifetime 1800 and the router's MAC"
		return 1
	fi
}

# A host with no address takes one from the RA and the router as gateway.
test_ipv6_slaac() {
	local i addr
	t_need_xrouter
	t_line6 1 || return 1
	ip -n "$(xr_ns h1)" -6 addr flush dev eth0 scope global
	ip -n "$(xr_ns h1)" -6 route flush default
	xr_ctl r1 link set eth0 ra on || { t_fail "link set eth0 ra on"; return 1; }
	for i in $(seq 100); do
		# Until DAD is done the address is tentative and not used as a source.
		addr=$(ip -n "$(xr_ns h1)" -6 -o addr show dev eth0 scope global |
			grep -v tentative | grep -oE '2001:db8:1:0?:[0-9a-f:]+' | head -1)
		[ -n "$addr" ] && ip -n "$(xr_ns h1)" -6 route show default | grep -q "via fe80" &&
			break
		sleep 0.1
	done
	if [ -z "$addr" ]; then
		ip -n "$(xr_ns h1)" -6 addr show dev eth0 >&2
		ip -n "$(xr_ns h1)" -6 route show >&2
		t_fail "h1 took no SLAAC address and default route in 10 s"
		return 1
	fi
	t_info "h1 configured $addr"
	t_ping h1 "$LINE_H2_6" 3
}

test_ipv6_iperf3() {
	local out
	t_need_xrouter
	t_need iperf3
	t_line6 2 || return 1
	t_ping h1 "$LINE_H2_6" 1 || return 1
	xr_exec h2 iperf3 -s -1 -D -B "$LINE_H2_6" >/dev/null 2>&1
	sleep 0.5
	out=$(xr_exec h1 timeout 20 iperf3 -6 -c "$LINE_H2_6" -t 2 2>&1)
	if ! grep -q "receiver" <<<"$out"; then
		echo "$out" >&2
		t_fail "iperf3 -6 did not complete"
		return 1
	fi
	t_info "$(grep receiver <<<"$out")"
}

# Refused IPv6 input: one line, exit 1, state as it was.
T_BAD6_INPUTS=(
	"addr add 2001:db8:5::1/129 dev eth0"
	"addr add 2001:db8::zz/64 dev eth0"
	"route add 2001:db8:9::/129 via 2001:db8:1::2"
	"route add 2001:db8:9::/48 via fe80::1"
	"route add 2001:db8:9::/48 via 192.0.2.2"
	"route add 10.0.0.0/8 via 2001:db8:1::2"
	"route add 2001:db8:9::1/48 via 2001:db8:1::2"
	"neigh add 2001:db8:1::zz lladdr 02:00:00:00:00:51 dev eth0"
	"link set eth0 ra maybe"
	"link set nosuch0 ra on"
	"-6 route add 10.0.0.0/8 blackhole"
)

test_ipv6_cli_bad_input() {
	local before after bad ok=0
	t_need_xrouter
	t_line6 2 || return 1
	before=$(t_snapshot r1; xr_ctl r1 -6 route show)
	for bad in "${T_BAD6_INPUTS[@]}"; do
		# shellcheck disable=SC2086
		t_bad_one $bad || ok=1
	done
	after=$(t_snapshot r1; xr_ctl r1 -6 route show)
	t_same "state changed by refused commands" "$before" "$after" || return 1
	return "$ok"
}

# The CLI's IPv6 side: route show per family, neigh and addr of both, JSON keys.
test_ipv6_cli_show() {
	local out
	t_need_xrouter
	t_line6 2 || return 1
	xr_ctl r1 route add 2001:db8:77::/48 via fe80::1 dev eth1 metric 5 &&
		xr_ctl r1 -6 route add default blackhole &&
		xr_ctl r1 neigh add 2001:db8:1::50 lladdr 02:00:00:00:00:50 dev eth0 ||
		{ t_fail "adding IPv6 route/neigh"; return 1; }
	out=$(xr_ctl r1 route show)
	grep -q 2001: <<<"$out" && { echo "$out" >&2; t_fail "route show lists IPv6"; return 1; }
	out=$(xr_ctl r1 -6 route show)
	grep -q "^2001:db8:77::/48 via fe80::1 dev eth1 metric 5" <<<"$out" &&
		grep -q "^blackhole default" <<<"$out" &&
		grep -q "^2001:db8:1::/64 dev eth0 proto kernel scope link src 2001:db8:1::1" <<<"$out" ||
		{ echo "$out" >&2; t_fail "-6 route show"; return 1; }
	out=$(xr_ctl r1 neigh show)
	grep -q "^2001:db8:1::50 dev eth0 lladdr 02:00:00:00:00:50 PERMANENT" <<<"$out" ||
		{ echo "$out" >&2; t_fail "neigh show lacks the IPv6 entry"; return 1; }
	out=$(xr_ctl r1 -4 addr show)
	grep -q inet6 <<<"$out" && { echo "$out" >&2; t_fail "-4 addr show lists IPv6"; return 1; }
	out=$(xr_ctl r1 addr show)
	grep -q "inet6 fe80::.*/64 scope link" <<<"$out" && grep -q "inet 192.0.2.1/24" <<<"$out" ||
		{ echo "$out" >&2; t_fail "addr show lacks a family"; return 1; }
	out=$(xr_ctl r1 -j -6 route show)
	grep -q '"dst":"2001:db8:77::/48","gateway":"fe80::1","dev":"eth1","metric":5' <<<"$out" ||
		{ echo "$out" >&2; t_fail "-j -6 route show keys"; return 1; }
}

# SIGKILL: forwarding goes on; the successor has the same IPv6 state.
# h1 has an address of 2001:db8:1::/64 by SLAAC, past DAD (not tentative).
h1_slaac_ready() {
	xr_exec h1 ip -6 addr show dev eth0 scope global |
		grep 'inet6 2001:db8:1:0:' | grep -qv tentative
}

test_ipv6_sigkill_restart() {
	local before after out
	t_need_xrouter
	t_need rdisc6
	t_line6 2 || return 1
	xr_ctl r1 link set eth0 ra on &&
		xr_ctl r1 neigh add 2001:db8:1::50 lladdr 02:00:00:00:00:50 dev eth0 &&
		xr_ctl r1 -6 route add 2001:db8:66::/48 blackhole ||
		{ t_fail "IPv6 state"; return 1; }
	# ra on gives h1 a second address by SLAAC; once its DAD ends, h1's
	# packets may come from it. Let that happen first, so the neighbour the
	# replies need is learned while the daemon runs: a host address first
	# used while no daemon runs cannot be resolved until one does.
	t_until 5 h1_slaac_ready || { t_fail "h1 has no SLAAC address"; return 1; }
	t_ping h1 "$LINE_H2_6" 1 || return 1
	before=$(t_snapshot r1; xr_ctl r1 -6 route show)
	t_ping_bg h1 "$LINE_H2_6" 80 0.05
	sleep 1
	xr_daemon_stop r1 KILL
	sleep 1
	xr_daemon_start r1 || { t_fail "restarting r1's xrouterd"; return 1; }
	t_ping_done 80 "SIGKILL and restart of r1's xrouterd" || return 1
	after=$(t_snapshot r1; xr_ctl r1 -6 route show)
	# Learned neighbours may differ in state; the rest must not.
	t_same "IPv6 state differs after the restart" \
		"$(grep -vE 'REACHABLE|STALE|INCOMPLETE' <<<"$before")" \
		"$(grep -vE 'REACHABLE|STALE|INCOMPLETE' <<<"$after")" || return 1
	out=$(xr_exec h1 rdisc6 -1 -n -r 3 eth0 2>&1)
	grep -q "Router lifetime *: *1800" <<<"$out" ||
		{ echo "$out" >&2; t_fail "no RA after the restart: ra on was lost"; return 1; }
}

# Hosts on a switch routed by the switch's IPv6 address.
test_ipv6_switch() {
	t_need_xrouter
	t_line6 1 LINE_LAN=2 || return 1
	t_ping h2 2001:db8:2::3 3 &&
		t_ping h2 2001:db8:2::1 3 &&
		t_ping h2 "$LINE_H1_6" 3 &&
		t_ping h3 "$LINE_H1_6" 3 &&
		t_ping h1 2001:db8:2::3 3
}

# Never forwarded (SPEC "Forwarding (IPv6)"), sent by scapy to r1's MAC as
# UDP to port 9999: multicast, unspecified and loopback sources, loopback
# and IPv4-mapped destinations, a link-local source leaving its link, a
# payload length past the frame, a truncated header.  h2 sees none of
# them; the well-formed packet sent last (port 9998) does arrive.
T_SCAPY6='
import sys
from scapy.all import Ether, IPv6, UDP, Raw, sendp
mac, h2 = sys.argv[1], sys.argv[2]
e = Ether(dst=mac)
bad = [
    e / IPv6(src="ff02::1", dst=h2) / UDP(dport=9999),
    e / IPv6(src="::", dst=h2) / UDP(dport=9999),
    e / IPv6(src="::1", dst=h2) / UDP(dport=9999),
    e / IPv6(src="2001:db8:1::2", dst="::1") / UDP(dport=9999),
    e / IPv6(src="2001:db8:1::2", dst="::ffff:198.51.100.2") / UDP(dport=9999),
    e / IPv6(src="fe80::2", dst=h2) / UDP(dport=9999),
    e / IPv6(src="2001:db8:1::2", dst=h2, plen=400) / UDP(dport=9999),
    e / Raw(bytes(IPv6(src="2001:db8:1::2", dst=h2))[:30]),
    e / IPv6(src="2001:db8:1::2", dst=h2, version=4) / UDP(dport=9999),
]
for p in bad:
    if p.haslayer(Raw) and not p.haslayer(IPv6):
        p.type = 0x86dd
sendp(bad, iface="eth0", verbose=False)
sendp(e / IPv6(src="2001:db8:1::2", dst=h2) / UDP(dport=9998), iface="eth0", verbose=False)
'

test_ipv6_never_forwarded() {
	local mac n py=/usr/bin/python3
	t_need_xrouter
	t_need tcpdump
	"$py" -c 'import scapy' 2>/dev/null || t_skip "python3-scapy not installed"
	t_line6 1 || return 1
	t_ping h1 "$LINE_H2_6" 1 || return 1
	mac=$(xr_exec r1 cat /sys/class/net/eth0/address)
	t_cap_start h2 "ip6 and udp and (port 9999 or port 9998)" || return 1
	xr_exec h1 "$py" -c "$T_SCAPY6" "$mac" "$LINE_H2_6" 2>&1 | grep -v WARNING
	n=$(t_cap_stop h2)
	if [ "$n" != 1 ] || ! grep -q "\.9998:" "$(xr_run_dir)/cap-h2.out"; then
		cat "$(xr_run_dir)/cap-h2.out" >&2
		t_fail "h2 saw $n packets, want only the well-formed one"
		return 1
	fi
	xr_ctl r1 stats dev eth0 >&2
}

# The IPv6 FIB's size is --fib6-nodes: past it a route is refused with a
# message naming the option, nothing changes, and a successor adopts the
# running size.
test_ipv6_fib6_nodes() {
	local out rc i added=0 before
	t_need_xrouter
	t_line6 1 || return 1
	xr_daemon_stop r1
	out=$(xr_exec r1 "$XRD" --fib6-nodes 0 2>&1)
	rc=$?
	[ "$rc" = 1 ] && grep -q 'invalid --fib6-nodes "0"' <<<"$out" ||
		{ echo "$out" >&2; t_fail "--fib6-nodes 0: exit $rc"; return 1; }
	XR_DAEMON_ARGS="--fib6-nodes 256" xr_daemon_start r1 || return 1
	grep -q "256 IPv6 nodes" "$(xr_run_dir)/r1.log" || { t_fail "no '256 IPv6 nodes' in the log"; return 1; }
	# A /96 in a /16 of its own takes about three nodes: it ends inside a
	# /64, so the /16 gets a table (a /48 alone is an 8-word block, one line, in the
	# /16's direct entry, and 200 of them would not fill 256 nodes).
	for i in $(seq 200); do
		out=$(xr_ctl r1 -6 route add "$(printf '%x' $((0x2400 + i))):db8:1::/96" via "$LINE_H2_6" 2>&1) ||
			break
		added=$((added + 1))
	done
	grep -q "^Error: routing table is full: .*IPv6 FIB nodes.*--fib6-nodes" <<<"$out" ||
		{ echo "$out" >&2; t_fail "route $((added + 1)) not refused as full"; return 1; }
	t_info "$added /48s, then: $out"
	before=$(xr_ctl r1 -6 route show)
	[ "$(grep -c ':db8:1::/96' <<<"$before")" = "$added" ] || { t_fail "a refused route is shown"; return 1; }
	t_ping h1 "$LINE_H2_6" 2 || return 1
	xr_daemon_stop r1 KILL
	xr_daemon_start r1 || return 1
	[ "$(grep -c '256 IPv6 nodes' "$(xr_run_dir)/r1.log")" = 2 ] ||
		{ t_fail "the successor did not keep 256 nodes"; return 1; }
	[ "$(xr_ctl r1 -6 route show)" = "$before" ] || { t_fail "routes differ after the restart"; return 1; }
	t_ping h1 "$LINE_H2_6" 2
}
