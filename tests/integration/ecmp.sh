# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# ECMP (issue 12): a route over two next hops spreads flows between them,
# each flow on one path, in proportion to the weights; a member whose link
# goes down moves only its own flows; a kernel multipath route with sync
# on becomes an ECMP route.  Sourced by run.sh.  Namespaces are tec-*:
#
#   tec-h1 eth0 --- eth0 tec-r1 eth1 --- eth0 tec-pa   (203.0.113.4/30: r1 .5, pa .6)
#      .2  192.0.2.0/24  .1    eth2 --- eth0 tec-pb   (203.0.113.8/30: r1 .9, pb .10)
#
# pa and pb are the two paths' next hops: they answer ARP and capture what
# r1 forwards to 198.51.100.0/24 (their kernels forward nothing).

EC_FLOWS=64
EC_PORT0=40000

ec_setup() {
	local sync=${1:-}
	xr_ns_add tec-h1 && xr_ns_add tec-r1 && xr_ns_add tec-pa && xr_ns_add tec-pb || return 1
	xr_veth tec-h1 eth0 tec-r1 eth0 && xr_veth tec-r1 eth1 tec-pa eth0 &&
		xr_veth tec-r1 eth2 tec-pb eth0 || return 1
	xr_host tec-h1 eth0 192.0.2.2/24 192.0.2.1 || return 1
	xr_host tec-pa eth0 203.0.113.6/30 203.0.113.5 &&
		xr_host tec-pb eth0 203.0.113.10/30 203.0.113.9 || return 1
	xr_conf_reset tec-r1
	xr_conf_add tec-r1 "link add eth0"
	xr_conf_add tec-r1 "link add eth1"
	xr_conf_add tec-r1 "link add eth2"
	xr_conf_add tec-r1 "addr add 192.0.2.1/24 dev eth0"
	xr_conf_add tec-r1 "addr add 203.0.113.5/30 dev eth1"
	xr_conf_add tec-r1 "addr add 203.0.113.9/30 dev eth2"
	[ -z "$sync" ] || xr_conf_add tec-r1 "kernel sync on"
	xr_daemon_start tec-r1 || return 1
	# Both gateways resolved before any count.
	t_ping tec-h1 203.0.113.6 1 && t_ping tec-h1 203.0.113.10 1
}

# EC_FLOWS UDP flows (source ports EC_PORT0..) from h1, 3 datagrams each.
ec_send() {
	xr_exec tec-h1 python3 - "$EC_FLOWS" "$EC_PORT0" <<'PY'
import socket, sys, time
n, p0 = int(sys.argv[1]), int(sys.argv[2])
socks = []
for p in range(p0, p0 + n):
    s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    s.bind(("192.0.2.2", p))
    socks.append(s)
for _ in range(3):
    for s in socks:
        s.sendto(b"ecmp", ("198.51.100.2", 9))
    time.sleep(0.05)
PY
}

# Capture on pa and pb while sending; leaves "PORT" lines (one per
# datagram) in $run/pa.ports and $run/pb.ports.
ec_round() {
	local run p pids=()
	run=$(xr_run_dir)
	for p in pa pb; do
		xr_exec "tec-$p" timeout 15 tcpdump -l -n -i eth0 -Q in \
			"udp and dst host 198.51.100.2 and dst port 9" >"$run/$p.cap" 2>/dev/null &
		pids+=($!)
	done
	sleep 1
	ec_send || return 1
	sleep 1
	for p in "${pids[@]}"; do kill "$p" 2>/dev/null; done
	wait "${pids[@]}" 2>/dev/null
	for p in pa pb; do
		grep -aoE '192\.0\.2\.2\.[0-9]+ >' "$run/$p.cap" | grep -oE '[0-9]+ >' |
			grep -oE '[0-9]+' >"$run/$p.ports"
	done
}

# Distinct flows seen on path P in the last round.
ec_flows() { sort -u "$(xr_run_dir)/$1.ports" | wc -l; }

# Every flow on exactly one path, all of them seen, and each datagram
# of a flow on its flow's path.
ec_check_split() {
	local run both total
	run=$(xr_run_dir)
	both=$(comm -12 <(sort -u "$run/pa.ports") <(sort -u "$run/pb.ports") | wc -l)
	total=$(sort -u "$run/pa.ports" "$run/pb.ports" | wc -l)
	t_info "flows: path a $(ec_flows pa), path b $(ec_flows pb), on both $both, of $total"
	[ "$both" = 0 ] || { t_fail "$both flows took both paths"; return 1; }
	[ "$total" = "$EC_FLOWS" ] || { t_fail "$total of $EC_FLOWS flows arrived"; return 1; }
}

# r1 up with an ECMP route over both paths, and a round in which every flow took one.
ec_equal_round() {
	ec_setup || return 1
	xr_ctl tec-r1 route add 198.51.100.0/24 nexthop via 203.0.113.6 nexthop via 203.0.113.10 ||
		return 1
	ec_round && ec_check_split
}

# Two equal next hops: every flow on one path, each path >= 25% of them;
# route show and JSON as ip prints them.
test_ecmp_flows() {
	local a b out
	t_need_xrouter
	t_need tcpdump python3
	ec_setup || return 1
	xr_ctl tec-r1 route add 198.51.100.0/24 nexthop via 203.0.113.6 nexthop via 203.0.113.10 \
		metric 20 || return 1
	out=$(xr_ctl tec-r1 route show | grep -A2 '^198.51.100.0/24 ')
	[ "$out" = $'198.51.100.0/24 metric 20 \n\tnexthop via 203.0.113.6 dev eth1 weight 1 \n\tnexthop via 203.0.113.10 dev eth2 weight 1 ' ] ||
		{ xr_ctl tec-r1 route show >&2; t_fail "route show: not as ip prints it"; return 1; }
	xr_ctl tec-r1 -j route show | python3 -c '
import json, sys
r = [x for x in json.load(sys.stdin) if x["dst"] == "198.51.100.0/24"][0]
assert [(n["gateway"], n["dev"], n["weight"]) for n in r["nexthops"]] == \
    [("203.0.113.6", "eth1", 1), ("203.0.113.10", "eth2", 1)], r
' || { t_fail "route show -j: nexthops"; return 1; }
	ec_round || return 1
	ec_check_split || return 1
	a=$(ec_flows pa)
	b=$(ec_flows pb)
	[ $((a * 4)) -ge "$EC_FLOWS" ] && [ $((b * 4)) -ge "$EC_FLOWS" ] ||
		{ t_fail "a path carries under 25% of the flows ($a / $b)"; return 1; }
	# The same flows again take the same paths.
	cp "$(xr_run_dir)/pa.ports" "$(xr_run_dir)/pa.first"
	ec_round || return 1
	cmp -s <(sort -u "$(xr_run_dir)/pa.first") <(sort -u "$(xr_run_dir)/pa.ports") ||
		{ t_fail "a flow changed paths with the next hops unchanged"; return 1; }
}

# Weights 3:1: roughly three quarters of the flows on the first path.
test_ecmp_weights() {
	local a
	t_need_xrouter
	t_need tcpdump python3
	ec_setup || return 1
	xr_ctl tec-r1 route add 198.51.100.0/24 nexthop via 203.0.113.6 weight 3 \
		nexthop via 203.0.113.10 weight 1 || return 1
	xr_ctl tec-r1 route show | grep -q $'^\tnexthop via 203.0.113.6 dev eth1 weight 3' ||
		{ xr_ctl tec-r1 route show >&2; t_fail "weight not shown"; return 1; }
	ec_round && ec_check_split || return 1
	a=$(ec_flows pa)
	# 48 of 64 expected; a binomial spread of +-3.5 sigma.
	[ "$a" -ge 36 ] && [ "$a" -le 60 ] || { t_fail "3:1 gave $a of $EC_FLOWS on the first"; return 1; }
}

# A member's link down: its flows move to the other, the other's flows stay;
# the route shows the member dead; back with the link, flows return.
test_ecmp_link_down() {
	local run
	t_need_xrouter
	t_need tcpdump python3
	run=$(xr_run_dir)
	ec_equal_round || return 1
	sort -u "$run/pa.ports" >"$run/a.before"
	sort -u "$run/pb.ports" >"$run/b.before"
	t_ip tec-pa link set eth0 down || return 1
	t_until 3 eval "xr_ctl tec-r1 route show | grep -q 'nexthop via 203.0.113.6 dev eth1 weight 1 dead linkdown'" ||
		{ xr_ctl tec-r1 route show >&2; t_fail "member not marked dead"; return 1; }
	ec_round || return 1
	[ "$(ec_flows pa)" = 0 ] || { t_fail "flows still on the dead path"; return 1; }
	[ "$(ec_flows pb)" = "$EC_FLOWS" ] || { t_fail "$(ec_flows pb) flows on the live path"; return 1; }
	# pa's kernel dropped its default route with the link: the echo replies need it.
	t_ip tec-pa link set eth0 up || return 1
	t_until 5 t_ip tec-pa route replace default via 203.0.113.5 2>/dev/null ||
		{ t_fail "pa: no default route again"; return 1; }
	t_until 5 eval "! xr_ctl tec-r1 route show | grep -q dead" || { t_fail "member not back"; return 1; }
	t_until 10 t_ping tec-h1 203.0.113.6 1 2>/dev/null || { t_fail "path a not back"; return 1; }
	ec_round && ec_check_split || return 1
	cmp -s "$run/a.before" <(sort -u "$run/pa.ports") &&
		cmp -s "$run/b.before" <(sort -u "$run/pb.ports") ||
		{ t_fail "flows did not return to where they were"; return 1; }
}

# With sync on, a multipath route put in the kernel (RTA_MULTIPATH, as
# BIRD installs them) and a route through a nexthop object group (as FRR
# does) become ECMP routes with their weights, and carry flows both ways.
test_ecmp_kernel() {
	t_need_xrouter
	t_need tcpdump python3
	ec_setup sync || return 1
	t_ip tec-r1 route add 198.51.100.0/24 proto static metric 30 \
		nexthop via 203.0.113.6 dev eth1 weight 3 nexthop via 203.0.113.10 dev eth2 || return 1
	t_until 5 eval "xr_ctl tec-r1 route show | grep -q '^198.51.100.0/24 proto static metric 30'" ||
		{ xr_ctl tec-r1 route show >&2; t_fail "kernel multipath route not synced"; return 1; }
	xr_ctl tec-r1 route show | grep -q $'^\tnexthop via 203.0.113.6 dev eth1 weight 3' &&
		xr_ctl tec-r1 route show | grep -q $'^\tnexthop via 203.0.113.10 dev eth2 weight 1' ||
		{ xr_ctl tec-r1 route show >&2; t_fail "synced members"; return 1; }
	ec_round && ec_check_split || return 1
	[ "$(ec_flows pa)" -gt 0 ] && [ "$(ec_flows pb)" -gt 0 ] ||
		{ t_fail "the synced route used one path"; return 1; }
	# A nexthop object group, as FRR installs routes.
	t_ip tec-r1 nexthop add id 11 via 203.0.113.6 dev eth1 &&
		t_ip tec-r1 nexthop add id 12 via 203.0.113.10 dev eth2 &&
		t_ip tec-r1 nexthop add id 10 group 11,2/12,2 || return 1
	t_ip tec-r1 route add 10.50.0.0/16 nhid 10 proto bgp || return 1
	t_until 5 eval "xr_ctl tec-r1 route show | grep -A2 '^10.50.0.0/16 proto bgp' | grep -q 'nexthop via 203.0.113.10 dev eth2 weight 2'" ||
		{ xr_ctl tec-r1 route show >&2; t_fail "nexthop group not an ECMP route"; return 1; }
}

# Refused, one line each, state unchanged.
test_ecmp_bad_input() {
	local before args err
	t_need_xrouter
	ec_setup || return 1
	before=$(xr_ctl tec-r1 route show)
	args=""
	for i in $(seq 33); do args="$args nexthop via 203.0.113.6 weight $i"; done
	for bad in "10.1.0.0/16$args" \
		"10.1.0.0/16 nexthop via 203.0.113.6 weight 0 nexthop via 203.0.113.10" \
		"10.1.0.0/16 nexthop via 203.0.113.6 weight 257 nexthop via 203.0.113.10" \
		"10.1.0.0/16 nexthop via 203.0.113.6 nexthop via 203.0.113.6" \
		"10.1.0.0/16 nexthop via 203.0.113.6 nexthop via 2001:db8::1" \
		"10.1.0.0/16 blackhole nexthop via 203.0.113.6 nexthop via 203.0.113.10" \
		"10.1.0.0/16 via 203.0.113.6 nexthop via 203.0.113.10" \
		"10.1.0.0/16 nexthop via 203.0.113.6 nexthop via 10.9.9.9" \
		"10.1.0.0/16 nexthop weight 2"; do
		# shellcheck disable=SC2086
		err=$(xr_ctl tec-r1 route add $bad 2>&1) && { t_fail "accepted: $bad"; return 1; }
		[ "$(wc -l <<<"$err")" = 1 ] && [[ $err == Error:* ]] ||
			{ echo "$err" >&2; t_fail "not one Error: line for: $bad"; return 1; }
		t_info "${bad:0:60}: $err"
	done
	[ "$(xr_ctl tec-r1 route show)" = "$before" ] || { t_fail "state changed"; return 1; }
}

# The journal and a restart keep the group: a SIGKILLed daemon's successor
# adopts the tables, replays the route, and forwards every flow as before.
test_ecmp_restart() {
	local run before
	t_need_xrouter
	t_need tcpdump python3
	ec_setup || return 1
	run=$(xr_run_dir)
	xr_ctl tec-r1 route add 198.51.100.0/24 nexthop via 203.0.113.6 weight 2 \
		nexthop via 203.0.113.10 metric 7 || return 1
	before=$(xr_ctl tec-r1 route show)
	ec_round && ec_check_split || return 1
	sort -u "$run/pa.ports" >"$run/a.before"
	xr_daemon_stop tec-r1 KILL
	ec_round || return 1
	cmp -s "$run/a.before" <(sort -u "$run/pa.ports") ||
		{ t_fail "flows moved with no daemon"; return 1; }
	xr_daemon_start tec-r1 || return 1
	[ "$(xr_ctl tec-r1 route show)" = "$before" ] ||
		{ xr_ctl tec-r1 route show >&2; t_fail "route not replayed"; return 1; }
	ec_round && ec_check_split || return 1
	cmp -s "$run/a.before" <(sort -u "$run/pa.ports") ||
		{ t_fail "flows moved across the restart"; return 1; }
}

# A trace of flows over an ECMP route names each one's hash and bucket,
# then the member's port it leaves by (issue 14's "ECMP member and hash").
test_ecmp_trace() {
	local d
	t_need_xrouter
	t_need python3
	ec_setup || return 1
	d=$(xr_run_dir)
	xr_ctl tec-r1 route add 198.51.100.0/24 nexthop via 203.0.113.6 nexthop via 203.0.113.10 ||
		return 1
	t_trace_start tec-r1 "$d/r1.json" -j trace to 198.51.100.2 proto udp count 3 timeout 20 ||
		return 1
	ec_send || return 1
	t_trace_wait || return 1
	t_has "$d/r1.json" 3 '{"step":"ecmp","hash":"0x' &&
		[ "$(grep -cE '"step":"ecmp","hash":"0x[0-9a-f]{8}","bucket":[0-9]+\},\{"step":"egress","dev":"eth[12]"' "$d/r1.json")" = 3 ] ||
		{ sed 's/^/    /' "$d/r1.json" >&2; t_fail "no ECMP step before the member's egress"; return 1; }
	t_summary "$d/r1.json" 3
}

# `route get` with the flow given names the member the fast path sends
# that flow to, for every flow of a round; JSON as a single route's.
test_ecmp_route_get() {
	local run p gw out bad=0
	t_need_xrouter
	t_need tcpdump python3
	run=$(xr_run_dir)
	ec_equal_round || return 1
	for p in $(seq "$EC_PORT0" $((EC_PORT0 + EC_FLOWS - 1))); do
		out=$(xr_ctl tec-r1 route get 198.51.100.2 from 192.0.2.2 ipproto udp sport "$p" \
			dport 9 iif eth0) || { t_fail "route get refused a flow"; return 1; }
		gw=pb
		[[ $out == "198.51.100.2 via 203.0.113.6 dev eth1 "* ]] && gw=pa
		[[ $gw == pa || $out == "198.51.100.2 via 203.0.113.10 dev eth2 "* ]] ||
			{ echo "$out" >&2; t_fail "route get: not one member"; return 1; }
		grep -qx "$p" "$run/$gw.ports" || { t_info "port $p: route get says $gw"; bad=$((bad + 1)); }
	done
	[ "$bad" = 0 ] || { t_fail "$bad of $EC_FLOWS flows went elsewhere than route get says"; return 1; }
	xr_ctl tec-r1 -j route get 198.51.100.2 from 192.0.2.2 ipproto udp sport "$EC_PORT0" dport 9 |
		python3 -c '
import json, sys
r = json.load(sys.stdin)[0]
assert r["gateway"] in ("203.0.113.6", "203.0.113.10") and r["dev"] in ("eth1", "eth2"), r
assert r["route"] == "198.51.100.0/24" and "nexthops" not in r, r
' || { t_fail "route get -j: not one member"; return 1; }
	# No flow given: the members, as before.
	[ "$(xr_ctl tec-r1 route get 198.51.100.2 | grep -c $'^\tnexthop via')" = 2 ] ||
		{ t_fail "route get without a flow: not the members"; return 1; }
	for bad in "sport 65536" "ipproto nope" "from 2001:db8::1" "iif nosuch" "dport"; do
		# shellcheck disable=SC2086
		out=$(xr_ctl tec-r1 route get 198.51.100.2 $bad 2>&1) && { t_fail "accepted: $bad"; return 1; }
		[ "$(wc -l <<<"$out")" = 1 ] && [[ $out == Error:* ]] ||
			{ echo "$out" >&2; t_fail "not one Error: line for: $bad"; return 1; }
	done
}
