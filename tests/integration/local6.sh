# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# IPv6 beside a routing daemon (issue 12's IPv6 parts): router addresses
# on the kernel's interfaces, local delivery of what xrouterd does not
# answer itself, NDP shared with the kernel (exactly one NA per NS), BGP
# over IPv6 and OSPFv3 (FRR) carrying routes into the fast path, and a
# SIGKILL during traffic with sync on.  Sourced by run.sh; the line
# topology of ipv6.sh (t_line6):
#
#   h1 eth0 --- eth0 r1 eth1 --- eth0 r2 eth1 --- eth0 h2
#   2001:db8:1::2  ::1    2001:db8:ff:1::1/::2    2001:db8:2::1  ::2

# The line of two routers with IPv6, sync on in both.
l6_setup() {
	t_line6 2 || return 1
	xr_ctl r1 kernel sync on && xr_ctl r2 kernel sync on || return 1
}

# A TCP listener on [ADDR]:PORT in NAME that sends "hello" to its first client.
l6_listen() {
	xr_exec "$1" timeout 10 python3 -c '
import socket, sys
s = socket.socket(socket.AF_INET6); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(socket.getaddrinfo(sys.argv[1], int(sys.argv[2]))[0][4]); s.listen(1)
c, _ = s.accept(); c.sendall(b"hello"); c.close()' "$2" "$3" &
	sleep 0.5
}

# The router addresses are on the kernel's interfaces, usable at once (no
# DAD, not tentative), and the kernel's link-local is xrouterd's.  The
# link-local the kernel made when the link came up may still be in its own
# DAD (a second), which a replace does not end: it must end within 3 s.
l6_kernel_addrs() {
	local out ll i
	out=$(xr_exec r1 ip -6 addr show dev eth0)
	grep -q "inet6 2001:db8:1::1/64 scope global" <<<"$out" ||
		{ echo "$out" >&2; t_fail "r1: 2001:db8:1::1/64 not on the kernel's eth0"; return 1; }
	grep "scope global" <<<"$out" | grep -q "tentative" &&
		{ echo "$out" >&2; t_fail "r1: a tentative global address"; return 1; }
	for i in $(seq 30); do
		grep -q "tentative" <<<"$out" || break
		sleep 0.1
		out=$(xr_exec r1 ip -6 addr show dev eth0)
	done
	grep -q "tentative" <<<"$out" && { echo "$out" >&2; t_fail "r1: tentative after 3 s"
		return 1; }
	ll=$(t_ll r1 eth0)
	grep -q "inet6 $ll/64 scope link" <<<"$out" ||
		{ echo "$out" >&2; t_fail "r1: the kernel's link-local is not xrouterd's $ll"; return 1; }
}

# Local services on a router's IPv6 addresses reach the kernel's stack: a
# listening TCP port connects (global and link-local), a closed one gets
# the kernel's RST, a closed UDP port Port Unreachable; the kernel's own
# ping leaves resolved (its NDP works) while each NS for a router address
# gets exactly one NA (xrouterd's), and echo requests are still answered.
test_local6_services() {
	local out ll n
	t_need_xrouter
	t_need ndisc6 tcpdump
	l6_setup || return 1
	l6_kernel_addrs || return 1
	l6_listen r1 2001:db8:1::1 8080
	out=$(ks_probe h1 tcp 2001:db8:1::1 8080)
	[ "$out" = "data hello" ] || { t_fail "TCP to a listening port: $out"; return 1; }
	ll=$(t_ll r1 eth0)
	l6_listen r1 "$ll%eth0" 8082
	out=$(ks_probe h1 tcp "$ll%eth0" 8082)
	[ "$out" = "data hello" ] || { t_fail "TCP to a link-local listener: $out"; return 1; }
	out=$(ks_probe h1 tcp 2001:db8:1::1 8081)
	[ "$out" = refused ] || { t_fail "TCP to a closed port: $out"; return 1; }
	out=$(ks_probe h1 udp 2001:db8:1::1 9999)
	[ "$out" = refused ] || { t_fail "UDP to a closed port: $out"; return 1; }
	xr_exec h1 ip -6 neigh flush dev eth0
	out=$(xr_exec r1 ping -6 -c 3 -i 0.2 -W 2 -I 2001:db8:1::1 2001:db8:1::2 2>&1)
	grep -q " 3 received" <<<"$out" ||
		{ echo "$out" >&2; t_fail "r1's kernel: ping to h1 not answered"; return 1; }
	xr_exec r1 ip -6 neigh show dev eth0 | grep -q "^2001:db8:1::2 lladdr" ||
		{ xr_exec r1 ip -6 neigh show >&2; t_fail "r1's kernel did not resolve h1"; return 1; }
	t_cap_start h1 "icmp6 and ip6[40] == 136" || return 1
	for n in 1 2 3; do
		xr_exec h1 ndisc6 -1 -r 1 -w 1000 2001:db8:1::1 eth0 >/dev/null ||
			{ t_fail "ndisc6: no answer"; return 1; }
	done
	xr_exec h1 ndisc6 -1 -r 1 -w 1000 "$ll" eth0 >/dev/null || { t_fail "ndisc6 $ll"; return 1; }
	n=$(t_cap_stop h1)
	[ "$n" = 4 ] || { cat "$(xr_run_dir)/cap-h1.out" >&2
		t_fail "$n NAs for 4 solicitations (not exactly one each)"; return 1; }
	t_ping h1 2001:db8:1::1 3 && t_ping h1 "$ll%eth0" 3
}

# BGP over IPv6 between bgpd on two xrouters (the session from global
# address to global address through the fast path to the kernel's
# stack): r2 announces h2's subnet, which r1 syncs into its fast path.
test_local6_bgp() {
	t_need_xrouter
	ks_need_frr
	l6_setup || return 1
	xr_ctl r1 -6 route del 2001:db8:2::/64 || return 1
	frr_start r1 zebra </dev/null && frr_start r2 zebra </dev/null || return 1
	l6_bgp_conf 65001 1.1.1.1 2001:db8:ff:1::2 65002 2001:db8:1::/64 | frr_start r1 bgpd ||
		return 1
	l6_bgp_conf 65002 2.2.2.2 2001:db8:ff:1::1 65001 2001:db8:2::/64 | frr_start r2 bgpd ||
		return 1
	t_until 30 eval 'xr_ctl r1 -6 route show | grep -qE "^2001:db8:2::/64 via [0-9a-f:]+ dev eth1 proto bgp"' ||
		{ frr_vtysh r1 show bgp ipv6 summary >&2; xr_ctl r1 -6 route show >&2
		  t_fail "r1: the IPv6 BGP route not synced"; return 1; }
	t_ping h1 "$LINE_H2_6" 3
}

l6_bgp_conf() {
	local as=$1 id=$2 peer=$3 peer_as=$4 net=$5
	echo "router bgp $as"
	echo " bgp router-id $id"
	echo " no bgp ebgp-requires-policy"
	echo " no bgp default ipv4-unicast"
	echo " timers bgp 1 3"
	echo " neighbor $peer remote-as $peer_as"
	echo " neighbor $peer timers connect 1"
	echo " address-family ipv6 unicast"
	echo "  neighbor $peer activate"
	echo "  network $net"
	echo " exit-address-family"
}

# OSPFv3 (FRR ospf6d) with the timers that converge in about a second:
# l6_ospf6_conf ROUTER-ID P2P-IF PASSIVE-IF.
l6_ospf6_conf() {
	echo "interface $2"
	echo " ipv6 ospf6 area 0"
	echo " ipv6 ospf6 network point-to-point"
	echo " ipv6 ospf6 hello-interval 1"
	echo " ipv6 ospf6 dead-interval 4"
	echo "interface $3"
	echo " ipv6 ospf6 area 0"
	echo " ipv6 ospf6 passive"
	echo "router ospf6"
	echo " ospf6 router-id $1"
	echo " timers lsa min-arrival 0"
	echo " timers throttle spf 0 50 500"
}

# ospf6d between two xrouters (hellos to ff02::5, the exchange to the
# peer's link-local address): each learns the other's LAN with a
# link-local next hop, and traffic crosses by it.
test_local6_ospf6() {
	t_need_xrouter
	ks_need_frr
	[ -x "$FRR_LIB/ospf6d" ] || t_skip "FRR without ospf6d"
	l6_setup || return 1
	xr_ctl r1 -6 route del 2001:db8:2::/64 && xr_ctl r2 -6 route del 2001:db8:1::/64 || return 1
	frr_start r1 zebra </dev/null && frr_start r2 zebra </dev/null || return 1
	l6_ospf6_conf 1.1.1.1 eth1 eth0 | frr_start r1 ospf6d || return 1
	l6_ospf6_conf 2.2.2.2 eth0 eth1 | frr_start r2 ospf6d || return 1
	t_until 30 eval 'xr_ctl r1 -6 route show | grep -qE "^2001:db8:2::/64 via fe80:[0-9a-f:]+ dev eth1 proto ospf"' ||
		{ frr_vtysh r1 show ipv6 ospf6 neighbor >&2; xr_ctl r1 -6 route show >&2
		  t_fail "r1: the OSPFv3 route not synced"; return 1; }
	t_until 10 eval 'xr_ctl r2 -6 route show | grep -qE "^2001:db8:1::/64 via fe80:[0-9a-f:]+ dev eth0 proto ospf"' ||
		{ xr_ctl r2 -6 route show >&2; t_fail "r2: the OSPFv3 route not synced"; return 1; }
	t_ping h1 "$LINE_H2_6" 3 && t_traceroute h1 "$LINE_H2_6" "-I" 2001:db8:1::1 \
		2001:db8:ff:1::2 "$LINE_H2_6"
}

# SIGKILL of a syncing xrouterd during traffic over synced routes of both
# families (pings 10 ms apart): not one echo lost; the kernel keeps the
# router addresses; the new daemon resyncs, a route added meanwhile too.
test_local6_sigkill() {
	local before after pid4
	t_need_xrouter
	l6_setup || return 1
	# --config is applied after the saved state: the restart must not bring it back
	sed -i '\#^route add 2001:db8:2::/64 #d' "$(xr_conf r1)" &&
		xr_ctl r1 -6 route del 2001:db8:2::/64 || return 1
	t_ip r1 -6 route add 2001:db8:2::/64 via 2001:db8:ff:1::2 proto ospf metric 20 || return 1
	t_until 5 eval 'xr_ctl r1 -6 route show | grep -q "proto ospf"' &&
		t_ping h1 "$LINE_H2_6" 1 || return 1
	before=$(xr_ctl r1 -6 route show 2>&1)
	t_ping_bg h1 "$LINE_H2_6" 300 0.01
	xr_exec h1 ping -c 300 -i 0.01 -W 1 "$LINE_H2" >"$(xr_run_dir)/ping4.out" 2>&1 </dev/null &
	pid4=$!
	sleep 0.7
	xr_daemon_stop r1 KILL
	xr_exec r1 ip -6 addr show dev eth1 | grep -q "2001:db8:ff:1::1/64" ||
		{ t_fail "r1: kernel IPv6 address gone with SIGKILL"; return 1; }
	t_ip r1 -6 route add 2001:db8:40::/48 via 2001:db8:ff:1::2 proto bgp || return 1
	sleep 0.3
	xr_daemon_start r1 || { t_fail "restarting r1's xrouterd"; return 1; }
	t_ping_done 300 "SIGKILL and restart of a syncing xrouterd (IPv6)" || return 1
	wait "$pid4"
	grep -q " 300 received" "$(xr_run_dir)/ping4.out" ||
		{ tail -n 3 "$(xr_run_dir)/ping4.out" >&2; t_fail "lost IPv4 echoes"; return 1; }
	t_until 5 eval 'xr_ctl r1 -6 route show | grep -q "^2001:db8:40::/48 via 2001:db8:ff:1::2 dev eth1 proto bgp"' ||
		{ xr_ctl r1 -6 route show >&2; t_fail "r1: not resynced after the restart"; return 1; }
	after=$(xr_ctl r1 -6 route show 2>&1 | grep -v "^2001:db8:40::/48")
	t_same "IPv6 routes differ after the restart" "$before" "$after" || return 1
	xr_daemon_stop r1 TERM
	xr_exec r1 ip -6 addr show dev eth1 | grep -q "2001:db8:ff:1::1" &&
		{ t_fail "r1: kernel IPv6 address left after SIGTERM"; return 1; }
	xr_exec r1 ip -6 addr show dev eth1 | grep -q "fe80::" ||
		{ t_fail "r1: SIGTERM took the kernel's own link-local address"; return 1; }
	return 0
}

# `ip link set eth0 address MAC` on a router: the fast path routes for the
# new MAC, the link-local address is derived again (xrouterd's and the
# kernel's), and unsolicited NAs and gratuitous ARP move the hosts' caches,
# so traffic of both families goes on without waiting for NUD.
test_local6_mac_change() {
	local old new=fe80::ff:fe00:6a01 out
	t_need_xrouter
	t_line6 2 || return 1
	t_ping h1 "$LINE_H2_6" 1 && t_ping h1 "$LINE_H2" 1 || return 1
	old=$(t_ll r1 eth0)
	t_ip r1 link set eth0 address 02:00:00:00:6a:01 || return 1
	t_until 3 eval '[ "$(t_ll r1 eth0)" = "$new" ]' ||
		{ xr_ctl r1 -6 addr show >&2; t_fail "r1: link-local not derived again"; return 1; }
	out=$(xr_exec r1 ip -6 addr show dev eth0)
	grep -q "inet6 $new/64 scope link" <<<"$out" && ! grep -q "inet6 $old/" <<<"$out" ||
		{ echo "$out" >&2; t_fail "r1: the kernel's link-local did not move"; return 1; }
	xr_exec h1 ip -6 neigh show dev eth0 | grep -q "^2001:db8:1::1 lladdr 02:00:00:00:6a:01" ||
		{ xr_exec h1 ip -6 neigh show >&2; t_fail "h1: no NA taught the new MAC"; return 1; }
	t_ping h1 "$LINE_H2_6" 3 && t_ping h1 "$LINE_H2" 3 && t_ping h1 "$new%eth0" 3
}

# Solicited RAs (issue 11, RFC 4861 6.2.6): to all nodes (ff02::1), and a
# host soliciting again and again gets at most one RA per 3 s.
test_local6_ra_solicited() {
	local t prev=0 n=0 first cap
	t_need_xrouter
	t_need rdisc6 tcpdump
	t_line6 1 || return 1
	xr_ctl r1 link set eth0 ra on || return 1
	sleep 1
	cap="$(xr_run_dir)/ra.out"
	# timeout ends it: a capture that sees nothing more would not stop on SIGINT
	xr_exec h1 timeout 9 tcpdump -i eth0 -nn -l -tt "icmp6 and ip6[40] == 134" >"$cap" \
		2>/dev/null </dev/null &
	sleep 0.5
	for t in $(seq 16); do
		xr_exec h1 rdisc6 -1 -r 1 -w 300 eth0 >/dev/null 2>&1
		sleep 0.2
	done
	wait $!
	for t in $(awk '{ print $1 }' "$cap"); do
		n=$((n + 1))
		[ "$prev" = 0 ] && first=$t
		[ "$prev" = 0 ] || awk -v a="$prev" -v b="$t" 'BEGIN { exit !(b - a >= 2.95) }' ||
			{ cat "$cap" >&2; t_fail "two RAs within 3 s"; return 1; }
		prev=$t
	done
	[ "$n" -ge 2 ] || { cat "$cap" >&2; t_fail "$n RAs in 8 s of solicitations"; return 1; }
	[ "$(grep -c "> ff02::1: ICMP6, router advertisement" "$cap")" = "$n" ] ||
		{ cat "$cap" >&2; t_fail "an RA not to all nodes"; return 1; }
	t_info "$n RAs for 16 solicitations, $(awk -v a="$first" -v b="$prev" 'BEGIN { printf "%.1f", b - a }') s from first to last"
}

# NUD FAILED (issue 11): a next hop that never answers is kept and shown
# FAILED (no lladdr), after Address Unreachable to the sender.
test_local6_nud_failed() {
	local out
	t_need_xrouter
	t_line6 1 || return 1
	t_ping_error h1 2001:db8:2::99 "2001:db8:1::1" "Destination unreachable: Address unreachable" -6 ||
		return 1
	out=$(xr_ctl r1 -6 neigh show)
	grep -q "^2001:db8:2::99 dev eth1 FAILED$" <<<"$out" ||
		{ echo "$out" >&2; t_fail "r1: the failed neighbour not shown FAILED"; return 1; }
	xr_ctl r1 -j -6 neigh show | grep -q '"dst":"2001:db8:2::99","dev":"eth1","state":\["FAILED"\]' ||
		{ xr_ctl r1 -j -6 neigh show >&2; t_fail "JSON: not FAILED"; return 1; }
}
