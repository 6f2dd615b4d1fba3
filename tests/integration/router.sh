# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Routing tests on the line topology (netns-scripts/line.sh): reachability,
# traceroute in its three modes, ICMP errors from the right router, MTU,
# throughput, and route changes under traffic.  Each test_* function is one
# test; run.sh lists them in ALL_TESTS.

test_ping_router_addr() {
	t_line 2 || return 1
	t_ping h1 192.0.2.1 &&		# r1, on the link h1 is on
		t_ping h1 203.0.113.5 &&	# r1, its other port
		t_ping h1 203.0.113.6 &&	# r2, one hop away
		t_ping h1 198.51.100.1 &&	# r2, far side
		t_ping h2 192.0.2.1
}

test_ping_2_routers() {
	t_line 2 || return 1
	t_ping h1 "$LINE_H2" 5 && t_ping h2 "$LINE_H1" 5
}

test_ping_3_routers() {
	t_line 3 || return 1
	t_ping h1 "$LINE_H2" 5 && t_ping h2 "$LINE_H1" 5
}

# Each router appears as its address on the port the probe came in on.
# A ping first resolves every neighbour on the way: traceroute's parallel
# probes would overflow the few packets a router queues while it ARPs.
# t_trace_line FLAGS [6]: 6 traces IPv6 (LINE_IPV6) to each router's address facing h1.
t_trace_line() {
	local in=line_router_in dst=$LINE_H2
	if [ "${2:-}" = 6 ]; then
		t_line 3 LINE_IPV6=1 || return 1
		in=line_router_in6
		dst=$LINE_H2_6
	else
		t_line 3 || return 1
	fi
	t_ping h1 "$dst" 1 || return 1
	t_traceroute h1 "$dst" "$1" "$($in 1)" "$($in 2)" "$($in 3)" "$dst"
}

test_traceroute_udp() { t_trace_line ""; }
test_traceroute_icmp() { t_trace_line "-I"; }
test_traceroute_tcp() { t_trace_line "-T"; }

test_ttl_exceeded() {
	local t
	t_line 3 || return 1
	for t in 1 2 3; do
		t_ping_error h1 "$LINE_H2" "$(line_router_in "$t")" "Time to live exceeded" \
			-t "$t" || return 1
	done
}

test_tracepath_pmtu() {
	local out
	t_line 2 LINE_MTU_LINK=1 LINE_MTU=1400 || return 1
	out=$(xr_exec h1 timeout 30 tracepath -n "$LINE_H2" 2>&1)
	if ! grep -q "Resume: pmtu 1400 " <<<"$out"; then
		echo "$out" >&2
		t_fail "tracepath did not find pmtu 1400"
		return 1
	fi
}

# The router fragments what does not fit: a single 1478-byte packet, and
# the first fragment of a 2028-byte one that h1 fragmented itself.
test_frag_df_clear() {
	t_line 2 LINE_MTU_LINK=1 LINE_MTU=1400 || return 1
	t_ping h1 "$LINE_H2" 3 -M dont -s 1450 &&
		t_ping h1 "$LINE_H2" 3 -M dont -s 2000 &&
		t_ping h2 "$LINE_H1" 3 -M dont -s 3000
}

# DF set and too big: Fragmentation Needed naming the next-hop MTU.
test_frag_needed() {
	local out
	t_line 2 LINE_MTU_LINK=1 LINE_MTU=1400 || return 1
	out=$(xr_exec h1 ping -c 2 -i 0.3 -W 2 -M do -s 1450 "$LINE_H2" 2>&1)
	if ! grep -qiE "mtu ?= ?1400" <<<"$out"; then
		echo "$out" >&2
		t_fail "no Fragmentation Needed with mtu 1400"
		return 1
	fi
}

test_net_unreachable() {
	t_line 2 || return 1
	t_ping_error h1 203.0.113.200 192.0.2.1 "Destination Net Unreachable"
}

# r2 tries ARP for an address on h2's subnet nobody has, then gives up.
test_host_unreachable() {
	t_line 2 || return 1
	t_ping_error h1 198.51.100.99 "$(line_router_in 2)" "Destination Host Unreachable"
}

test_iperf3_tcp() {
	t_line 2 || return 1
	t_iperf h1 h2 "$LINE_H2"
}

# t_iperf CLIENT SERVER ADDR: a 3 s TCP transfer must reach IPERF_MIN_MBPS (50).
t_iperf() {
	local srv js
	t_need iperf3
	xr_exec "$2" timeout 30 iperf3 -s -1 -B "$3" >/dev/null 2>&1 </dev/null &
	srv=$!
	sleep 0.5
	js=$(xr_exec "$1" timeout 20 iperf3 -c "$3" -t 3 -J 2>&1)
	wait "$srv" 2>/dev/null
	python3 -c "$T_IPERF_PY" "${IPERF_MIN_MBPS:-50}" <<<"$js" >&2 ||
		t_fail "iperf3 $1 -> $2"
}

# Reads iperf3 -J on stdin; argv[1]: the least acceptable Mbit/s.
T_IPERF_PY=$(cat <<'EOF'
import json, sys
r = json.load(sys.stdin)
if "error" in r:
    sys.exit("iperf3: " + r["error"])
snt = r["end"]["sum_sent"]
mbps = r["end"]["sum_received"]["bits_per_second"] / 1e6
segs = snt["bytes"] / 1448
retr = snt.get("retransmits", 0)
print(f"# {mbps:.0f} Mbit/s, {retr} retransmits of ~{segs:.0f} segments")
if mbps < float(sys.argv[1]):
    sys.exit(f"only {mbps:.1f} Mbit/s")
if retr > max(50, segs / 100):
    sys.exit(f"{retr} retransmits: a retransmission storm")
EOF
)

t_route_replace() {
	if [ "$ROUTER" = kernel ]; then
		xr_exec r1 ip route replace 198.51.100.0/24 via 203.0.113.6 "$@"
	else
		xr_ctl r1 route replace 198.51.100.0/24 via 203.0.113.6 "$@"
	fi
}

# Replacing the route h1->h2 traffic uses with an equivalent one, over and
# over, must never expose a half-written route.
test_route_replace_traffic() {
	local n=0 end
	t_line 2 || return 1
	t_ping h1 "$LINE_H2" 1 || return 1
	t_ping_bg h1 "$LINE_H2" 300 0.01
	end=$((SECONDS + 3))
	while [ "$SECONDS" -lt "$end" ] && kill -0 "$T_PING_PID" 2>/dev/null; do
		t_route_replace || { t_fail "route replace refused"; return 1; }
		t_route_replace dev eth1 || { t_fail "route replace dev refused"; return 1; }
		n=$((n + 2))
	done
	t_info "$n route replaces"
	t_ping_done 300 "route replace"
}

# Forwarding outlives the daemon; the next one adopts the tables.
test_sigkill_restart() {
	local before after
	t_need_xrouter
	t_line 2 || return 1
	t_ping h1 "$LINE_H2" 1 || return 1
	before=$(xr_ctl r1 route show 2>&1)
	t_ping_bg h1 "$LINE_H2" 80 0.05
	sleep 1
	xr_daemon_stop r1 KILL
	sleep 1
	xr_daemon_start r1 || { t_fail "restarting r1's xrouterd"; return 1; }
	t_ping_done 80 "SIGKILL and restart of r1's xrouterd" || return 1
	after=$(xr_ctl r1 route show 2>&1)
	if [ "$before" != "$after" ]; then
		diff <(echo "$before") <(echo "$after") >&2
		t_fail "routes differ after the restart"
		return 1
	fi
	t_ping h1 "$LINE_H2" 3
}

# The DXR lookup (xrouterd --fib dxr) forwards as DIR-24-8 does: through a
# line of three with each hop shown, by the longest prefix as routes come
# and go, and on after a successor adopts the running fast path.
test_fib_dxr_line() {
	local log
	export XR_DAEMON_ARGS="--fib dxr"
	t_trace_line "" || return 1
	log="$(xr_run_dir)/r1.log"
	grep -q 'fib: IPv4 lookup dxr' "$log" || { t_fail "r1 does not read DXR"; return 1; }
	xr_ctl r1 route add "$LINE_H2/32" blackhole || return 1
	if xr_exec h1 ping -c 1 -W 1 "$LINE_H2" >/dev/null 2>&1; then
		t_fail "a ping went through a /32 blackhole"
		return 1
	fi
	xr_ctl r1 route del "$LINE_H2/32" && t_ping h1 "$LINE_H2" 2 || return 1
	xr_daemon_stop r1 KILL
	xr_daemon_start r1 || { t_fail "restarting r1's xrouterd"; return 1; }
	[ "$(grep -c 'fib: IPv4 lookup dxr' "$log")" = 2 ] ||
		{ t_fail "r1's successor does not read DXR"; return 1; }
	t_ping h1 "$LINE_H2" 2 && t_ping h2 "$LINE_H1" 2
}
