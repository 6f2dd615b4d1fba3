# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# `xrouterctl trace` and netns-scripts/packet-life.sh (issue 14): pings
# through two routers, a traceroute probe to its Time Exceeded, a blackhole,
# an ARP miss queued and released, a switch flood, two traces at once each
# getting only its packets, a traced flood that ends with its lost count
# without stalling forwarding, and packet-life.sh's story in hop order.
# The -j output is checked: one JSON object per packet, keys in the
# printer's fixed order (README "Tracing a packet").  All need xrouterd.

T_TRACE_PIDS=()

# t_trace_start NAME OUT ARGS...: `xrouterctl ARGS` (a trace) in NAME in the
# background, its output in OUT; returns once the daemon says it runs.
t_trace_start() {
	local n=$1 out=$2 log before i
	shift 2
	log="$(xr_run_dir)/$n.log"
	before=$(grep -c 'trace [0-9]*: started' "$log")
	xr_ctl "$n" "$@" >"$out" 2>&1 </dev/null &
	T_TRACE_PIDS+=($!)
	for i in $(seq 100); do
		[ "$(grep -c 'trace [0-9]*: started' "$log")" -gt "$before" ] && return 0
		sleep 0.1
	done
	cat "$out" >&2
	t_fail "$n: the trace did not start"
}

# Every trace started ends by itself (count or timeout).
t_trace_wait() {
	local pid rc=0
	for pid in "${T_TRACE_PIDS[@]}"; do
		wait "$pid" || rc=1
	done
	T_TRACE_PIDS=()
	[ "$rc" = 0 ] || t_fail "a trace exited non-zero"
}

# t_has FILE N TEXT: exactly N lines of FILE hold TEXT (fixed string).
t_has() {
	local got
	got=$(grep -cF -- "$3" "$1")
	[ "$got" = "$2" ] && return 0
	sed 's/^/    /' "$1" >&2
	t_fail "$(basename "$1"): $got lines hold '$3', want $2"
}

# t_summary FILE PACKETS: the trace's last line, with PACKETS and no loss.
t_summary() {
	t_has "$1" 1 "{\"summary\":{\"packets\":$2,\"lost\":0}}"
}

test_trace_ping_2_routers() {
	local d f=(from 192.0.2.2 to 198.51.100.2 proto icmp count 2 timeout 20)
	t_need_xrouter
	t_line 2 || return 1
	d=$(xr_run_dir)
	t_ping h1 "$LINE_H2" 1 || return 1	# neighbours known: the fast path forwards
	t_trace_start r1 "$d/r1.json" -j trace "${f[@]}" &&
		t_trace_start r2 "$d/r2.json" -j trace "${f[@]}" || return 1
	t_ping h1 "$LINE_H2" 2 || return 1
	t_trace_wait || return 1
	t_has "$d/r1.json" 2 '"dev":"eth0","family":"inet","src":"192.0.2.2","dst":"198.51.100.2","protocol":"icmp","icmp":"echo-request"' &&
		t_has "$d/r1.json" 2 '{"step":"checks"},{"step":"route","type":"unicast","dst":"198.51.100.0/24","gateway":"203.0.113.6","dev":"eth1","protocol":"static","metric":0},{"step":"egress","dev":"eth1","mtu":1500},{"step":"neighbour","lladdr":' &&
		t_has "$d/r1.json" 2 '{"step":"ttl","before":64,"after":63},{"step":"checksum","before":' &&
		t_has "$d/r1.json" 2 '{"step":"verdict","verdict":"forwarded","dev":"eth1"}]}' &&
		t_summary "$d/r1.json" 2 || return 1
	t_has "$d/r2.json" 2 '{"step":"route","type":"unicast","dst":"198.51.100.0/24","dev":"eth1","protocol":"kernel","metric":0}' &&
		t_has "$d/r2.json" 2 '{"step":"ttl","before":63,"after":62}' &&
		t_has "$d/r2.json" 2 '"verdict":"forwarded","dev":"eth1"' &&
		t_summary "$d/r2.json" 2 || return 1
	# The checksum each router wrote is the one the next one read.
	local out in
	out=$(grep -oE '"after":"0x[0-9a-f]{4}"' "$d/r1.json" | head -1 | cut -d'"' -f4)
	in=$(grep -oE '"step":"checksum","before":"0x[0-9a-f]{4}"' "$d/r2.json" | head -1 |
		cut -d'"' -f8)
	[ -n "$out" ] && [ "$out" = "$in" ] ||
		t_fail "r1 wrote checksum $out, r2 read $in"
}

# The TTL-1 probe of a traceroute: expired at r1, which answers Time Exceeded.
test_trace_traceroute_ttl1() {
	local d
	t_need_xrouter
	t_need traceroute
	t_line 2 || return 1
	d=$(xr_run_dir)
	t_ping h1 "$LINE_H2" 1 || return 1
	t_trace_start r1 "$d/r1.json" -j trace from 192.0.2.2 to 198.51.100.2 proto udp \
		count 1 timeout 20 || return 1
	xr_exec h1 traceroute -n -q 1 -f 1 -m 1 -w 2 "$LINE_H2" >"$d/tr.out" 2>&1
	grep -qE '^ 1 +192\.0\.2\.1 ' "$d/tr.out" || { cat "$d/tr.out" >&2; t_fail "traceroute hop 1"; return 1; }
	t_trace_wait || return 1
	t_has "$d/r1.json" 1 '"protocol":"udp","sport":' &&
		t_has "$d/r1.json" 1 '"ttl":1,' &&
		t_has "$d/r1.json" 1 '{"step":"verdict","verdict":"handoff","reason":"ttl_exceeded"}' &&
		t_has "$d/r1.json" 1 '"daemon":[{"step":"sent","protocol":"icmp","icmp":"time-exceeded","icmp_type":11,"icmp_code":0,"dst":"192.0.2.2","src":"192.0.2.1","dev":"eth0","lladdr":' &&
		t_summary "$d/r1.json" 1
}

test_trace_blackhole() {
	local d
	t_need_xrouter
	t_line 1 || return 1
	d=$(xr_run_dir)
	xr_ctl r1 route add 10.9.0.0/16 blackhole || return 1
	t_trace_start r1 "$d/r1.json" -j trace to 10.9.0.0/16 count 1 timeout 20 || return 1
	xr_exec h1 ping -c 1 -W 1 10.9.0.1 >/dev/null 2>&1 && { t_fail "a blackholed ping came back"; return 1; }
	t_trace_wait || return 1
	t_has "$d/r1.json" 1 '"dst":"10.9.0.1","protocol":"icmp"' &&
		t_has "$d/r1.json" 1 '{"step":"route","type":"blackhole","dst":"10.9.0.0/16","protocol":"static","metric":0},{"step":"verdict","verdict":"dropped","reason":"blackhole"}]}' &&
		t_summary "$d/r1.json" 1
}

# r2 does not know h2 yet: the echo waits for ARP in the daemon, then goes on.
test_trace_arp_miss() {
	local d
	t_need_xrouter
	t_line 2 || return 1
	d=$(xr_run_dir)
	t_ping h1 "$LINE_H2" 1 && xr_ctl r2 neigh flush || return 1
	t_trace_start r2 "$d/r2.json" -j trace to 198.51.100.2 proto icmp count 1 timeout 20 ||
		return 1
	t_ping h1 "$LINE_H2" 1 || return 1
	t_trace_wait || return 1
	t_has "$d/r2.json" 1 '{"step":"egress","dev":"eth1"},{"step":"verdict","verdict":"handoff","reason":"neigh_miss"}]' &&
		t_has "$d/r2.json" 1 '"daemon":[{"step":"resolve","via":"arp request","gateway":"198.51.100.2","dev":"eth1"},{"step":"resolved"},{"step":"forwarded","dev":"eth1","lladdr":' &&
		t_has "$d/r2.json" 1 '"ttl":62}]}' &&
		t_summary "$d/r2.json" 1
}

# h1's ARP request for h2 on a switch: learned, flooded to the 3 other ports.
test_trace_switch_flood() {
	local d
	t_need_xrouter
	t_switch || return 1
	d=$(xr_run_dir)
	xr_ctl r1 fdb flush && xr_exec h1 ip neigh flush dev eth0 || return 1
	t_trace_start r1 "$d/r1.json" -j trace dev p1 count 1 timeout 20 || return 1
	t_ping h1 "$(sw_host_addr 2)" 1 || return 1
	t_trace_wait || return 1
	t_has "$d/r1.json" 1 '"dev":"p1","protocol":"arp","arp":"request","src":"192.0.2.11","dst":"192.0.2.12"' &&
		t_has "$d/r1.json" 1 '{"step":"learn","mac":' &&
		t_has "$d/r1.json" 1 '"dev":"p1","result":"new"}' &&
		t_has "$d/r1.json" 1 '{"step":"flood","ports":3,"bridge":"br0"}' &&
		t_has "$d/r1.json" 1 '{"step":"verdict","verdict":"flooded"}' &&
		t_summary "$d/r1.json" 1
}

# Two traces at once on one router: each gets its own packets only.
test_trace_concurrent() {
	local d i
	t_need_xrouter
	t_line 1 || return 1
	d=$(xr_run_dir)
	t_ping h1 "$LINE_H2" 1 || return 1
	t_trace_start r1 "$d/icmp.json" -j trace to 198.51.100.2 proto icmp count 3 timeout 20 &&
		t_trace_start r1 "$d/udp.json" -j trace to 198.51.100.2 proto udp count 3 timeout 20 ||
		return 1
	for i in 1 2 3; do
		xr_exec h1 bash -c "echo $i >/dev/udp/$LINE_H2/9" || return 1
	done
	t_ping h1 "$LINE_H2" 3 || return 1
	t_trace_wait || return 1
	t_has "$d/icmp.json" 3 '"protocol":"icmp","icmp":"echo-request"' &&
		t_has "$d/icmp.json" 0 '"protocol":"udp"' && t_summary "$d/icmp.json" 3 &&
		t_has "$d/udp.json" 3 '"protocol":"udp","sport":' &&
		t_has "$d/udp.json" 0 '"protocol":"icmp"' && t_summary "$d/udp.json" 3
}

# A flood under a trace: records are cut to the budget, the rest counted and
# reported at the end; the daemon answers meanwhile and forwarding goes on.
test_trace_flood_lost() {
	local d lost
	t_need_xrouter
	t_need python3
	t_line 1 || return 1
	d=$(xr_run_dir)
	t_ping h1 "$LINE_H2" 1 || return 1
	t_trace_start r1 "$d/r1.json" -j trace to 198.51.100.2 proto udp count 1000000 \
		timeout 4 || return 1
	xr_exec h1 python3 -c '
import socket
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
for i in range(30000):
    try:
        s.sendto(b"x" * 16, ("198.51.100.2", 9))
    except OSError:
        pass' || return 1
	xr_ctl r1 status >/dev/null || { t_fail "the daemon did not answer during the trace"; return 1; }
	t_ping h1 "$LINE_H2" 3 || return 1
	t_trace_wait || return 1
	lost=$(grep -oE '"summary":\{"packets":[0-9]+,"lost":[0-9]+' "$d/r1.json" | grep -oE '[0-9]+$')
	t_info "trace of the flood: $(tail -n 1 "$d/r1.json")"
	[ -n "$lost" ] && [ "$lost" -gt 0 ] || { tail -n 1 "$d/r1.json" >&2; t_fail "no lost count"; return 1; }
}

# packet-life.sh on the demo's topology: the echo through r1 then r2, the
# reply through r2 then r1, each hop's TTL; a traceroute's probes expiring.
test_trace_packet_life() {
	local d hops
	t_need_xrouter
	t_need traceroute
	t_line 2 LINE_LAN=2 || return 1
	d=$(xr_run_dir)
	t_ping h1 "$LINE_H2" 1 || return 1
	"$T_DIR/../../netns-scripts/packet-life.sh" "$(xr_ns h1)" "$LINE_H2" >"$d/life.out" 2>&1 ||
		{ cat "$d/life.out" >&2; t_fail "packet-life.sh ping"; return 1; }
	hops=$(grep -oE '^\[r[0-9]\] packet [0-9]+ at [0-9.]+ in [a-z0-9]+: [0-9.]+ > [0-9.]+ icmp echo-[a-z]+' \
		"$d/life.out" | awk '{ print $1, $7, $8, $10, $12 }' | tr '\n' ';')
	[ "$hops" = "[r1] eth0: 192.0.2.2 198.51.100.2 echo-request;[r2] eth0: 192.0.2.2 198.51.100.2 echo-request;[r2] p1: 198.51.100.2 192.0.2.2 echo-reply;[r1] eth1: 198.51.100.2 192.0.2.2 echo-reply;" ] ||
		{ cat "$d/life.out" >&2; t_fail "hops: $hops"; return 1; }
	grep -qF '    ttl 64 -> 63' "$d/life.out" && grep -qF '    ttl 63 -> 62' "$d/life.out" &&
		grep -qF '    fdb: known unicast to p1' "$d/life.out" ||
		{ cat "$d/life.out" >&2; t_fail "the story lacks TTLs or the switch"; return 1; }
	"$T_DIR/../../netns-scripts/packet-life.sh" "$(xr_ns h1)" "$LINE_H2" traceroute \
		>"$d/tr.out" 2>&1 || { cat "$d/tr.out" >&2; t_fail "packet-life.sh traceroute"; return 1; }
	[ "$(grep -cF 'daemon: sent icmp time-exceeded code 0 to 192.0.2.2' "$d/tr.out")" = 2 ] ||
		{ cat "$d/tr.out" >&2; t_fail "two hops' Time Exceeded"; return 1; }
}

# t_port_prog NAME DEV: the name of the XDP program on NAME's DEV.
t_port_prog() {
	local id
	id=$(xr_exec "$1" ip link show dev "$2" | grep -oE 'prog/xdp id [0-9]+' | grep -oE '[0-9]+$')
	[ -n "$id" ] && bpftool prog show id "$id" | head -n 1 | grep -oE 'name [a-z_]+' | cut -d' ' -f2
}

# t_ports_run NAME PROG: each of NAME's ports runs PROG (within 2 s).
t_ports_run() {
	local i dev ok
	for i in $(seq 20); do
		ok=1
		for dev in eth0 eth1; do
			[ "$(t_port_prog "$1" "$dev")" = "$2" ] || ok=0
		done
		[ "$ok" = 1 ] && return 0
		sleep 0.1
	done
	t_fail "$1: want $2 on its ports, eth0 runs $(t_port_prog "$1" eth0), eth1 $(t_port_prog "$1" eth1)"
}

# The ports run the program without the trace stage until a trace starts,
# the traced one while it runs, and the plain one again once it is over.  A
# daemon killed mid-trace leaves the traced one forwarding; its successor
# adopts the tables and puts the plain program back.
test_trace_prog_swap() {
	local d pid
	t_need_xrouter
	t_need bpftool
	t_line 1 || return 1
	d=$(xr_run_dir)
	t_ping h1 "$LINE_H2" 1 && t_ports_run r1 xdp_port || return 1
	t_trace_start r1 "$d/a.json" -j trace to 198.51.100.2 proto icmp count 1 timeout 20 &&
		t_ports_run r1 xdp_port_traced && t_ping h1 "$LINE_H2" 1 && t_trace_wait &&
		t_summary "$d/a.json" 1 && t_ports_run r1 xdp_port || return 1
	t_trace_start r1 "$d/b.json" trace to 10.255.0.0/16 count 1 timeout 60 &&
		t_ports_run r1 xdp_port_traced || return 1
	pid=${T_TRACE_PIDS[0]}
	T_TRACE_PIDS=()
	xr_daemon_stop r1 KILL
	wait "$pid" 2>/dev/null
	t_ports_run r1 xdp_port_traced && t_ping h1 "$LINE_H2" 2 || return 1
	xr_daemon_start r1 || { t_fail "restarting r1's xrouterd"; return 1; }
	grep -q 'adopting the running fast path' "$(xr_run_dir)/r1.log" ||
		{ t_fail "r1's successor did not adopt"; return 1; }
	t_ports_run r1 xdp_port && t_ping h1 "$LINE_H2" 2
}
