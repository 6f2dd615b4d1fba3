# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Kernel route sync (issue 12): routes a program puts in the kernel's table
# become xrouter routes and carry traffic, with FRR (zebra, ospfd, staticd,
# bgpd) and BIRD running inside the test namespaces with their own config,
# socket and pid directories.  Sourced by run.sh.
#
#   h1 eth0 --- eth0 r1 eth1 --- eth0 r2 eth1 --- eth0 h2
#      .2   192.0.2.0/24  .1  .5  203.0.113.4/30  .6  .1  198.51.100.0/24  .2
#
# Unlike line.sh's, these routers know only their own subnets: what lies
# beyond comes from the kernel table (`kernel sync on`).

# shellcheck source=netns-scripts/ospf-triangle.sh
source "$T_DIR/../../netns-scripts/ospf-triangle.sh"

# The two-router line with connected routes only, and sync on in both.
ks_setup() {
	local i
	xr_ns_add h1 && xr_ns_add r1 && xr_ns_add r2 && xr_ns_add h2 || return 1
	xr_veth h1 eth0 r1 eth0 && xr_veth r1 eth1 r2 eth0 && xr_veth r2 eth1 h2 eth0 || return 1
	xr_host h1 eth0 192.0.2.2/24 192.0.2.1 && xr_host h2 eth0 198.51.100.2/24 198.51.100.1 ||
		return 1
	for i in 1 2; do
		xr_conf_reset "r$i"
		xr_conf_add "r$i" "link add eth0"
		xr_conf_add "r$i" "link add eth1"
	done
	xr_conf_add r1 "addr add 192.0.2.1/24 dev eth0"
	xr_conf_add r1 "addr add 203.0.113.5/30 dev eth1"
	xr_conf_add r2 "addr add 203.0.113.6/30 dev eth0"
	xr_conf_add r2 "addr add 198.51.100.1/24 dev eth1"
	for i in 1 2; do
		xr_conf_add "r$i" "kernel sync on"
		xr_daemon_start "r$i" || return 1
	done
}

# xrouterctl route show of NAME has a line matching ERE.
ks_route_has() { xr_ctl "$1" route show 2>/dev/null | grep -qE -- "$2"; }

# ks_gone_within_1s NAME ERE T0: NAME's routes lose the line matching ERE,
# at most 1 s after T0 (date +%s%N, when a link went down).
ks_gone_within_1s() {
	local ms
	t_until 3 eval "! ks_route_has $1 \"$2\"" ||
		{ xr_ctl "$1" route show >&2; t_fail "$1: route through a dead link kept"; return 1; }
	ms=$((($(date +%s%N) - $3) / 1000000))
	t_info "withdrawn ${ms} ms after the link went down"
	[ "$ms" -le 1000 ] || { t_fail "withdrawal took ${ms} ms (> 1 s)"; return 1; }
}

ks_need_frr() {
	[ -x "$FRR_LIB/zebra" ] || t_skip "FRR not installed (Debian package frr)"
}

# Routes a program adds to the kernel's main table become routes of
# xrouter with their protocol, carry traffic, follow changes and deletes,
# and leave with `kernel sync off`; xrouterctl routes win ties.
test_ksync_routes() {
	t_need_xrouter
	ks_setup || return 1
	xr_ctl r1 kernel sync on table nosuch 2>&1 | grep -q 'argument "nosuch" is wrong' ||
		{ t_fail "unknown table not refused"; return 1; }
	t_ip r1 route add 198.51.100.0/24 via 203.0.113.6 proto ospf metric 20 || return 1
	t_ip r1 route add blackhole 10.9.0.0/16 proto bird metric 32 || return 1
	t_ip r1 route add unreachable 10.10.0.0/16 proto static || return 1
	t_ip r1 route add prohibit 10.11.0.0/16 proto static || return 1
	t_ip r2 route add 192.0.2.0/24 via 203.0.113.5 proto bgp || return 1
	t_until 5 ks_route_has r1 "^198.51.100.0/24 via 203.0.113.6 dev eth1 proto ospf metric 20" ||
		{ xr_ctl r1 route show >&2; t_fail "r1: ospf route not synced"; return 1; }
	ks_route_has r1 "^blackhole 10.9.0.0/16 proto bird metric 32" &&
		ks_route_has r1 "^unreachable 10.10.0.0/16 proto static" &&
		ks_route_has r1 "^unreachable 10.11.0.0/16 proto static" ||
		{ xr_ctl r1 route show >&2; t_fail "r1: blackhole/unreachable/prohibit"; return 1; }
	xr_ctl r1 -j route show | grep -q '"dst":"198.51.100.0/24",[^}]*"protocol":"ospf"' ||
		{ t_fail "r1: JSON protocol"; return 1; }
	t_until 5 ks_route_has r2 "^192.0.2.0/24 via 203.0.113.5 dev eth0 proto bgp" &&
		t_ping h1 198.51.100.2 3 || return 1
	xr_ctl r1 kernel show | grep -q "^sync on table main" &&
		xr_ctl r1 kernel show | grep -q "^proto ospf 1" ||
		{ xr_ctl r1 kernel show >&2; t_fail "r1: kernel show"; return 1; }
	# A tie goes to the xrouterctl route, which `route del` removes alone.
	xr_ctl r1 route add 198.51.100.0/24 via 203.0.113.6 metric 20 || return 1
	[ "$(xr_ctl r1 route show | grep -c '^198.51.100.0/24')" = 2 ] || return 1
	xr_ctl r1 route del 198.51.100.0/24 || return 1
	ks_route_has r1 "^198.51.100.0/24 .*proto ospf" || { t_fail "synced route went too"; return 1; }
	xr_ctl r1 route del 10.9.0.0/16 2>/dev/null && { t_fail "route del took a synced route"; return 1; }
	# Changes and deletes follow.
	t_ip r1 route replace 198.51.100.0/24 dev eth1 proto ospf metric 20 || return 1
	t_until 5 ks_route_has r1 "^198.51.100.0/24 dev eth1 proto ospf scope link metric 20" ||
		{ xr_ctl r1 route show >&2; t_fail "r1: replace not followed"; return 1; }
	t_ip r1 route del 10.9.0.0/16 || return 1
	t_until 5 eval '! ks_route_has r1 10.9.0.0' || { t_fail "r1: delete not followed"; return 1; }
	# Synced routes are not saved: the journal has no trace of them.
	grep -rq "10.10.0.0" "$(xr_run_dir)"/*.state* 2>/dev/null && { t_fail "journaled"; return 1; }
	# Another table: the main table's routes go, table 100's come.
	t_ip r1 route add 10.50.0.0/16 via 203.0.113.6 table 100 proto static || return 1
	xr_ctl r1 kernel sync on table 100 || return 1
	ks_route_has r1 "^10.50.0.0/16 via 203.0.113.6 dev eth1 proto static" &&
		! ks_route_has r1 "proto ospf" &&
		xr_ctl r1 kernel show | grep -q "^sync on table 100" ||
		{ xr_ctl r1 route show >&2; t_fail "r1: table 100"; return 1; }
	xr_ctl r1 kernel sync off || return 1
	ks_route_has r1 "proto (ospf|static)" && { xr_ctl r1 route show >&2; t_fail "not withdrawn"; return 1; }
	xr_ctl r1 kernel show | grep -q "^sync off"
}

# OSPF between two xrouter-fronted namespaces: FRR's ospfd on each router
# forms its adjacency through the fast path (multicast to the kernel), zebra
# installs what it learns through nexthop objects, xrouter forwards on it.
test_ksync_frr_ospf() {
	t_need_xrouter
	ks_need_frr
	ks_setup || return 1
	frr_start r1 zebra </dev/null && frr_start r2 zebra </dev/null || return 1
	frr_ospf_conf 1.1.1.1 "192.0.2.0/24 203.0.113.4/30" eth1 eth0 | frr_start r1 ospfd ||
		return 1
	frr_ospf_conf 2.2.2.2 "198.51.100.0/24 203.0.113.4/30" eth0 eth1 | frr_start r2 ospfd ||
		return 1
	t_until 30 ks_route_has r1 "^198.51.100.0/24 via 203.0.113.6 dev eth1 proto ospf" ||
		{ frr_vtysh r1 show ip ospf neighbor >&2; t_ip r1 route >&2; xr_ctl r1 route show >&2
		  t_fail "r1: OSPF route not synced"; return 1; }
	t_until 10 ks_route_has r2 "^192.0.2.0/24 via 203.0.113.5 dev eth0 proto ospf" ||
		{ t_fail "r2: OSPF route not synced"; return 1; }
	t_ip r1 route show 198.51.100.0/24 | grep -q nhid ||
		t_info "zebra did not use a nexthop object here"
	frr_vtysh r1 show ip ospf neighbor | grep -q "Full" || { t_fail "r1: adjacency not Full"; return 1; }
	t_ping h1 198.51.100.2 3 && t_traceroute h1 198.51.100.2 "-I" 192.0.2.1 203.0.113.6 198.51.100.2
}

# FRR's staticd: zebra installs its routes through nexthop objects
# (`nhid`); they reach the fast path with proto static.
test_ksync_frr_static() {
	t_need_xrouter
	ks_need_frr
	ks_setup || return 1
	frr_start r1 zebra </dev/null || return 1
	printf '%s\n' "ip route 10.20.0.0/16 203.0.113.6" "ip route 10.21.0.0/16 blackhole" |
		frr_start r1 staticd || return 1
	t_until 10 ks_route_has r1 "^10.20.0.0/16 via 203.0.113.6 dev eth1 proto static metric 20" ||
		{ t_ip r1 route >&2; xr_ctl r1 route show >&2; t_fail "r1: static route not synced"
		  return 1; }
	t_ip r1 route show 10.20.0.0/16 | grep -q nhid ||
		{ t_ip r1 route >&2; t_fail "zebra did not install through a nexthop object"; return 1; }
	ks_route_has r1 "^blackhole 10.21.0.0/16 proto static" ||
		{ xr_ctl r1 route show >&2; t_fail "r1: blackhole through a nexthop object"; return 1; }
	xr_ctl r1 route get 10.20.1.1 | grep -q "via 203.0.113.6 dev eth1" || return 1
	printf '%s\n' "no ip route 10.20.0.0/16 203.0.113.6" | frr_config r1 || return 1
	t_until 5 eval '! ks_route_has r1 10.20.0.0' ||
		{ xr_ctl r1 route show >&2; t_fail "r1: static route not withdrawn"; return 1; }
}

# python3 in NAME: a TCP or UDP probe of ADDR PORT (either family, IPv6
# link-local with %DEV); prints what happened.
ks_probe() {
	xr_exec "$1" python3 - "$2" "$3" "$4" <<'PY'
import socket, sys
kind, addr, port = sys.argv[1], sys.argv[2], int(sys.argv[3])
try:
    if kind == "tcp":
        s = socket.create_connection((addr, port), timeout=3)
        print("data", s.recv(16).decode())
    else:
        ai = socket.getaddrinfo(addr, port, type=socket.SOCK_DGRAM)[0]
        s = socket.socket(ai[0], socket.SOCK_DGRAM)
        s.settimeout(3)
        s.connect(ai[4])
        s.send(b"x")
        s.recv(16)
        print("answer")
except ConnectionRefusedError:
    print("refused")
except OSError as e:
    print("error", e)
PY
}

# Local services on a router address reach the kernel's stack: a listening
# TCP port connects, a closed one is refused (RST), a closed UDP port
# answers Port Unreachable, and each ARP request gets exactly one reply.
test_ksync_local_services() {
	local out
	t_need_xrouter
	t_need arping
	ks_setup || return 1
	xr_exec r1 timeout 10 python3 -c '
import socket
s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
s.bind(("192.0.2.1", 8080)); s.listen(1)
c, _ = s.accept(); c.sendall(b"hello"); c.close()' &
	sleep 0.5
	out=$(ks_probe h1 tcp 192.0.2.1 8080)
	[ "$out" = "data hello" ] || { t_fail "TCP to a listening port: $out"; return 1; }
	out=$(ks_probe h1 tcp 192.0.2.1 8081)
	[ "$out" = refused ] || { t_fail "TCP to a closed port: $out"; return 1; }
	out=$(ks_probe h1 udp 192.0.2.1 9999)
	[ "$out" = refused ] || { t_fail "UDP to a closed port: $out"; return 1; }
	out=$(xr_exec h1 arping -c 3 -w 5 -I eth0 192.0.2.1 2>&1)
	grep -qE "Received 3 response" <<<"$out" ||
		{ echo "$out" >&2; t_fail "not exactly one ARP reply per request"; return 1; }
	t_ping h1 192.0.2.1 3
}

# A BGP session between the routers' addresses (bgpd in each, TCP through
# the fast path to the kernel's stack); what it learns is synced.
test_ksync_frr_bgp() {
	t_need_xrouter
	ks_need_frr
	ks_setup || return 1
	frr_start r1 zebra </dev/null && frr_start r2 zebra </dev/null || return 1
	ks_bgp_conf 65001 1.1.1.1 203.0.113.6 65002 192.0.2.0/24 | frr_start r1 bgpd || return 1
	ks_bgp_conf 65002 2.2.2.2 203.0.113.5 65001 198.51.100.0/24 | frr_start r2 bgpd || return 1
	t_until 30 ks_route_has r1 "^198.51.100.0/24 via 203.0.113.6 dev eth1 proto bgp metric 20" ||
		{ frr_vtysh r1 show bgp summary >&2; xr_ctl r1 route show >&2
		  t_fail "r1: BGP route not synced"; return 1; }
	t_until 10 ks_route_has r2 "^192.0.2.0/24 via 203.0.113.5 dev eth0 proto bgp" ||
		{ t_fail "r2: BGP route not synced"; return 1; }
	t_ping h1 198.51.100.2 3
}

ks_bgp_conf() {
	local as=$1 id=$2 peer=$3 peer_as=$4 net=$5
	echo "router bgp $as"
	echo " bgp router-id $id"
	echo " no bgp ebgp-requires-policy"
	echo " timers bgp 1 3"
	echo " neighbor $peer remote-as $peer_as"
	echo " neighbor $peer timers connect 1"
	echo " address-family ipv4 unicast"
	echo "  network $net"
	echo " exit-address-family"
}

# BIRD 2 in NAME with the config on stdin; socket, pid file and log in
# its own directory.
ks_bird() {
	local n=$1 dir
	dir="$(xr_run_dir)/bird-$n"
	mkdir -p "$dir" || return 1
	{ echo "log \"$dir/bird.log\" all;"; cat; } >"$dir/bird.conf"
	xr_exec "$n" bird -c "$dir/bird.conf" -s "$dir/bird.ctl" -P "$(xr_run_dir)/$n-bird.pid" ||
		return 1
}

# BIRD's kernel protocol: metric 32, inline multipath (an ECMP route), and with `export
# all` its re-export of the connected networks, which must not displace
# xrouter's own connected routes.
test_ksync_bird() {
	t_need_xrouter
	command -v bird >/dev/null || t_skip "BIRD not installed (Debian package bird2)"
	ks_setup || return 1
	ks_bird r1 <<'CONF' || return 1
router id 1.1.1.1;
protocol device { scan time 1; }
protocol direct { ipv4; interface "eth*"; }
protocol kernel { ipv4 { export all; }; }
protocol static {
	ipv4;
	route 198.51.100.0/24 via 203.0.113.6;
	route 10.32.0.0/16 blackhole;
	route 10.33.0.0/16 via 203.0.113.6 via 192.0.2.2;
}
CONF
	t_until 10 ks_route_has r1 "^198.51.100.0/24 via 203.0.113.6 dev eth1 proto bird metric 32" ||
		{ t_ip r1 route >&2; xr_ctl r1 route show >&2; t_fail "r1: BIRD route not synced"
		  return 1; }
	t_until 5 ks_route_has r1 "^blackhole 10.32.0.0/16 proto bird metric 32" &&
		t_until 5 ks_route_has r1 "^10.33.0.0/16 proto bird metric 32" &&
		xr_ctl r1 route show | grep -A2 "^10.33.0.0/16 " | grep -q $'^\tnexthop via 192.0.2.2 dev eth0 weight 1' ||
		{ xr_ctl r1 route show >&2; t_fail "r1: blackhole / multipath"; return 1; }
	xr_ctl r1 kernel show | grep -q "^multipath 1 " ||
		{ xr_ctl r1 kernel show >&2; t_fail "r1: multipath not counted"; return 1; }
	# The re-exported connected network is there, behind the connected route.
	t_until 5 ks_route_has r1 "^192.0.2.0/24 dev eth0 proto bird scope link metric 32" ||
		t_info "BIRD did not re-export 192.0.2.0/24"
	xr_ctl r1 route get 192.0.2.2 | grep -q "route 192.0.2.0/24 metric 0 " ||
		{ xr_ctl r1 route get 192.0.2.2 >&2; t_fail "connected route displaced"; return 1; }
	t_ip r2 route add 192.0.2.0/24 via 203.0.113.5 proto static || return 1
	t_until 5 ks_route_has r2 "^192.0.2.0/24 via" && t_ping h1 198.51.100.2 3
}

# Lost notifications: a tiny receive buffer (XR_KSYNC_RCVBUF, a test
# mode) and a stopped daemon while `ip -batch` adds and deletes thousands
# of routes overrun the socket; the daemon resyncs to exactly the kernel's
# table, and a ping through a synced route that did not change loses
# nothing meanwhile.
test_ksync_overrun() {
	local pid batch i want got
	t_need_xrouter
	export XR_KSYNC_RCVBUF=4096
	ks_setup || return 1
	unset XR_KSYNC_RCVBUF
	t_ip r1 route add 198.51.100.0/24 via 203.0.113.6 proto ospf || return 1
	t_ip r2 route add 192.0.2.0/24 via 203.0.113.5 proto ospf || return 1
	t_until 5 ks_route_has r1 "^198.51.100.0/24 via" && t_until 5 ks_route_has r2 "^192.0.2.0/24" ||
		return 1
	# Neighbours resolved first: a stopped daemon cannot resolve them.
	t_ping h1 198.51.100.2 2 || return 1
	batch="$(xr_run_dir)/routes.batch"
	for i in $(seq 0 2999); do
		echo "route add 10.$((i / 256)).$((i % 256)).0/24 via 203.0.113.6 proto static"
	done >"$batch"
	for i in $(seq 0 999); do echo "route del 10.$((i / 256)).$((i % 256)).0/24"; done >>"$batch"
	t_ping_bg h1 198.51.100.2 40 0.1
	pid=$(xr_daemon_pid r1)
	kill -STOP "$pid" || return 1
	t_ip r1 -batch "$batch" || { kill -CONT "$pid"; return 1; }
	kill -CONT "$pid" || return 1
	want=$(t_ip r1 route show proto static | awk '{print $1}' | sort)
	t_until 20 eval '[ "$(xr_ctl r1 route show | grep -c "proto static")" = 2000 ]' ||
		{ xr_ctl r1 kernel show >&2; t_fail "r1: not resynced to 2000 routes"; return 1; }
	got=$(xr_ctl r1 route show | awk '/proto static/ {print $1}' | sort)
	[ "$want" = "$got" ] || { t_fail "r1: synced routes differ from the kernel's"; return 1; }
	xr_ctl r1 kernel show | grep -qE "overruns [1-9]" ||
		{ xr_ctl r1 kernel show >&2; t_fail "no overrun provoked"; return 1; }
	t_ping_done 40 "a resync"
}

# Link state: a synced route whose next hop leaves by a port without
# carrier is withdrawn within a second, so the next-best one carries the
# traffic, and it comes back with the link.
test_ksync_link_down() {
	local t0
	t_need_xrouter
	ks_setup || return 1
	t_ip r1 route add 198.51.100.0/24 via 203.0.113.6 proto ospf metric 20 || return 1
	t_ip r1 route add 198.51.100.0/24 via 192.0.2.2 proto ospf metric 30 || return 1
	t_until 5 ks_route_has r1 "^198.51.100.0/24 via 203.0.113.6 dev eth1 proto ospf metric 20" ||
		return 1
	t0=$(date +%s%N)
	t_ip r2 link set eth0 down || return 1
	ks_gone_within_1s r1 "^198.51.100.0/24 via 203.0.113.6" "$t0" || return 1
	xr_ctl r1 route get 198.51.100.2 | grep -q "via 192.0.2.2 dev eth0" ||
		{ xr_ctl r1 route get 198.51.100.2 >&2; t_fail "r1: next-best route not used"; return 1; }
	xr_ctl r1 kernel show | grep -q "(link down)" || { t_fail "kernel show: no reason"; return 1; }
	t_ip r2 link set eth0 up || return 1
	t_until 5 ks_route_has r1 "^198.51.100.0/24 via 203.0.113.6 dev eth1 proto ospf metric 20" ||
		{ xr_ctl r1 route show >&2; t_fail "r1: route not back with the link"; return 1; }
}

# SIGKILL of a syncing daemon during traffic through synced routes: the
# fast path forwards on, the kernel keeps the router addresses, and the
# new daemon resyncs to the same routes with no packet lost.
test_ksync_sigkill() {
	local before after
	t_need_xrouter
	ks_setup || return 1
	t_ip r1 route add 198.51.100.0/24 via 203.0.113.6 proto ospf metric 20 || return 1
	t_ip r2 route add 192.0.2.0/24 via 203.0.113.5 proto ospf metric 20 || return 1
	t_until 5 ks_route_has r1 "proto ospf" && t_until 5 ks_route_has r2 "proto ospf" &&
		t_ping h1 198.51.100.2 1 || return 1
	before=$(xr_ctl r1 route show 2>&1)
	t_ping_bg h1 198.51.100.2 60 0.05
	sleep 0.5
	xr_daemon_stop r1 KILL
	t_ip r1 -4 addr show dev eth1 | grep -q "203.0.113.5/30" ||
		{ t_fail "r1: kernel address gone with SIGKILL"; return 1; }
	t_ip r1 route add 10.40.0.0/16 via 203.0.113.6 proto bgp || return 1
	sleep 0.5
	xr_daemon_start r1 || { t_fail "restarting r1's xrouterd"; return 1; }
	t_ping_done 60 "SIGKILL and restart of a syncing xrouterd" || return 1
	t_until 5 ks_route_has r1 "^10.40.0.0/16 via 203.0.113.6 dev eth1 proto bgp" ||
		{ xr_ctl r1 route show >&2; t_fail "r1: not resynced after the restart"; return 1; }
	after=$(xr_ctl r1 route show 2>&1 | grep -v "^10.40.0.0/16")
	[ "$before" = "$after" ] || { diff <(echo "$before") <(echo "$after") >&2
		t_fail "routes differ after the restart"; return 1; }
	xr_daemon_stop r1 TERM
	t_ip r1 -4 addr show dev eth1 | grep -q "203.0.113.5" &&
		{ t_fail "r1: kernel address left after SIGTERM"; return 1; }
	return 0
}

# OSPF among three xrouters in a triangle (netns-scripts/ospf-triangle.sh):
# adjacencies Full, traffic on the shortest path; the r1-r3 link cut, it
# reroutes through r2 within seconds (the outage measured), and returns
# to the short path with the link.
test_ksync_ospf_triangle() {
	local rcvd
	t_need_xrouter
	ks_need_frr
	tri_setup || return 1
	tri_converged 60 || { frr_vtysh r1 show ip ospf neighbor >&2; t_fail "no convergence"
		return 1; }
	t_until 20 eval '[ "$(frr_vtysh r1 show ip ospf neighbor | grep -c Full)" = 2 ]' ||
		{ frr_vtysh r1 show ip ospf neighbor >&2; t_fail "r1: adjacencies not Full"; return 1; }
	t_until 10 t_traceroute h1 "$TRI_H2" "-I" 192.0.2.1 203.0.113.6 "$TRI_H2" || return 1
	xr_exec h1 ping -c 100 -i 0.05 -W 1 "$TRI_H2" >"$(xr_run_dir)/outage.out" 2>&1 &
	sleep 1
	t_ip r1 link set eth2 down || return 1
	wait $!
	rcvd=$(grep -oE '[0-9]+ received' "$(xr_run_dir)/outage.out" | grep -oE '[0-9]+')
	t_info "r1-r3 cut: $((100 - rcvd)) of 100 echoes (50 ms apart) lost"
	t_until 10 t_traceroute h1 "$TRI_H2" "-I" 192.0.2.1 203.0.113.2 203.0.113.10 "$TRI_H2" ||
		return 1
	[ "$rcvd" -ge 60 ] || { t_fail "rerouting took more than 2 s"; return 1; }
	t_ip r1 link set eth2 up || return 1
	t_until 20 t_traceroute h1 "$TRI_H2" "-I" 192.0.2.1 203.0.113.6 "$TRI_H2"
}

# Link state for the routes xrouter owns: a port without carrier takes its
# connected and static routes out of the fast path within a second (route
# show and route get agree), and they return with the link.
test_link_down_routes() {
	local t0
	t_need_xrouter
	t_line 2 || return 1
	t_ping h1 "$LINE_H2" 1 || return 1
	t0=$(date +%s%N)
	t_ip r2 link set eth0 down || return 1
	ks_gone_within_1s r1 "^198.51.100.0/24 via 203.0.113.6" "$t0" || return 1
	ks_route_has r1 "^203.0.113.4/30 dev eth1" && { t_fail "r1: connected route kept"; return 1; }
	xr_ctl r1 route get 198.51.100.2 >/dev/null 2>&1 && { t_fail "r1: route get still finds one"
		return 1; }
	t_ip r2 link set eth0 up || return 1
	t_until 5 ks_route_has r1 "^198.51.100.0/24 via 203.0.113.6 dev eth1" &&
		ks_route_has r1 "^203.0.113.4/30 dev eth1 proto kernel" ||
		{ xr_ctl r1 route show >&2; t_fail "r1: routes not back with the link"; return 1; }
	t_ping h1 "$LINE_H2" 3
}

# IPv6 routes from the kernel, global and link-local next hops (FRR's
# OSPFv3 and BGP unnumbered install the latter), forwarded by the fast path.
test_ksync_ipv6() {
	local ll
	t_need_xrouter
	t_line6 2 || return 1
	xr_ctl r1 -6 route del 2001:db8:2::/64 || return 1
	xr_ctl r1 kernel sync on || return 1
	t_ip r1 -6 route add 2001:db8:2::/64 via 2001:db8:ff:1::2 proto ospf metric 20 ||
		{ t_ip r1 -6 addr show >&2; return 1; }
	t_until 5 eval 'xr_ctl r1 -6 route show | grep -q "^2001:db8:2::/64 via 2001:db8:ff:1::2 dev eth1 proto ospf metric 20"' ||
		{ xr_ctl r1 -6 route show >&2; xr_ctl r1 kernel show >&2; t_fail "IPv6 route not synced"; return 1; }
	t_ping h1 "$LINE_H2_6" 3 || return 1
	ll=$(xr_exec r2 ip -6 -br addr show dev eth0 | grep -o 'fe80::[0-9a-f:]*' | head -1)
	t_ip r1 -6 route replace 2001:db8:2::/64 via "$ll" dev eth1 proto bgp metric 20 || return 1
	t_until 5 eval 'xr_ctl r1 -6 route show | grep -q "^2001:db8:2::/64 via $ll dev eth1 proto bgp"' ||
		{ xr_ctl r1 -6 route show >&2; t_fail "link-local next hop not synced"; return 1; }
	t_ping h1 "$LINE_H2_6" 3
}
