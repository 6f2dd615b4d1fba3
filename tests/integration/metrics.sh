# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# `xrouterd --metrics` (issue 14): the Prometheus endpoint scraped with
# curl in the router's namespace and checked by `promtool check metrics`,
# its counters following real traffic, and clients that cannot hurt it: a
# slow one (a byte a second) delays neither another scrape nor the CLI,
# and is cut off at its deadline.  All need xrouterd; ROUTER=kernel skips.

T_METRICS_PORT=9417
# metrics_http.h's METRICS_HTTP_DEADLINE_S, and the slack of the 100 ms tick.
T_METRICS_DEADLINE=15

# t_scrape NAME [PATH]: the body on stdout; fails unless the answer is 200.
t_scrape() {
	xr_exec "$1" curl -sS -f --max-time 5 "http://127.0.0.1:$T_METRICS_PORT${2:-/metrics}"
}

# t_http_code NAME PATH [curl options...]: the status of one request.
t_http_code() {
	local n=$1 path=$2
	shift 2
	xr_exec "$n" curl -s -o /dev/null -w '%{http_code}' --max-time 5 "$@" \
		"http://127.0.0.1:$T_METRICS_PORT$path"
}

# t_metric FILE 'NAME{LABELS}': the sample's value, empty if it is not there.
t_metric() { awk -v k="$2" '$1 == k { print $2 }' "$1"; }

# t_metric_ge FILE 'NAME{LABELS}' MIN: the sample is there and at least MIN.
t_metric_ge() {
	local v
	v=$(t_metric "$1" "$2")
	[ -n "$v" ] && [ "$v" -ge "$3" ] && return 0
	t_fail "$2 is \"$v\", want at least $3"
}

# Scraped, valid for promtool, every stats.h counter per port, routes,
# neighbours, build and start time; then traffic moves the counters.
test_metrics_scrape() {
	local d n before after
	t_need_xrouter
	t_need curl promtool
	export XR_DAEMON_ARGS="--metrics :$T_METRICS_PORT"
	t_line 1 || return 1
	d=$(xr_run_dir)
	t_scrape r1 >"$d/m0.prom" || { t_fail "scrape of r1 failed"; return 1; }
	promtool check metrics <"$d/m0.prom" >"$d/promtool.out" 2>&1 ||
		{ cat "$d/promtool.out" >&2; t_fail "promtool check metrics"; return 1; }
	t_info "scrape: $(wc -l <"$d/m0.prom") lines, promtool: ok"
	grep -qE '^xrouter_build_info\{version="[^"]+"\} 1$' "$d/m0.prom" ||
		t_fail "no xrouter_build_info" || return 1
	t_metric_ge "$d/m0.prom" process_start_time_seconds "$(($(date +%s) - 120))" || return 1
	t_metric_ge "$d/m0.prom" 'xrouter_routes{family="inet",protocol="kernel"}' 2 || return 1
	# One sample per port for every counter stats.h lists.
	n=$(grep -cE '^[[:space:]]*X\(' "$T_DIR/../../include/stats.h")
	[ "$(grep -c '{dev="eth0",' "$d/m0.prom")" = "$n" ] ||
		t_fail "eth0 has $(grep -c '{dev="eth0",' "$d/m0.prom") counters, stats.h $n" || return 1

	# The first echo waits for ARP in the daemon; from the second on, the fast path.
	t_ping h1 198.51.100.2 1 || return 1
	t_scrape r1 >"$d/m0.prom" || { t_fail "scrape of r1 failed"; return 1; }
	before=$(t_metric "$d/m0.prom" 'xrouter_port_packets_total{dev="eth0",result="forwarded"}')
	t_ping h1 198.51.100.2 10 || return 1
	t_ping h1 192.0.2.1 3 || return 1
	t_scrape r1 >"$d/m1.prom" || { t_fail "second scrape failed"; return 1; }
	after=$(t_metric "$d/m1.prom" 'xrouter_port_packets_total{dev="eth0",result="forwarded"}')
	t_info "eth0 forwarded: $before -> $after"
	[ "$after" -ge $((before + 10)) ] || t_fail "forwarded did not follow 10 pings" || return 1
	t_metric_ge "$d/m1.prom" 'xrouter_port_packets_total{dev="eth1",result="forwarded"}' 10 ||
		return 1
	t_metric_ge "$d/m1.prom" 'xrouter_handoffs_total{dev="eth0",reason="local"}' 3 || return 1
	t_metric_ge "$d/m1.prom" 'xrouter_neighbours{family="inet",state="REACHABLE"}' 1 || return 1
	promtool check metrics <"$d/m1.prom" >/dev/null 2>&1 || t_fail "promtool, after traffic"
}

# Only GET (and HEAD) of /metrics: any other path 404, other methods 405.
test_metrics_http_errors() {
	local code
	t_need_xrouter
	t_need curl
	export XR_DAEMON_ARGS="--metrics 127.0.0.1:$T_METRICS_PORT"
	t_line 1 || return 1
	code=$(t_http_code r1 /)
	[ "$code" = 404 ] || t_fail "GET /: $code, want 404" || return 1
	code=$(t_http_code r1 /metricsx)
	[ "$code" = 404 ] || t_fail "GET /metricsx: $code, want 404" || return 1
	code=$(t_http_code r1 /metrics -X POST -d x=1)
	[ "$code" = 405 ] || t_fail "POST /metrics: $code, want 405" || return 1
	code=$(t_http_code r1 /metrics -I)
	[ "$code" = 200 ] || t_fail "HEAD /metrics: $code, want 200" || return 1
	# A request bigger than a connection may hold is refused, and the daemon goes on.
	code=$(t_http_code r1 /metrics -H "X-Big: $(head -c 40000 /dev/zero | tr '\0' a)")
	[ "${code:0:1}" = 4 ] || [ "$code" = 000 ] ||
		t_fail "a 40 kB header: $code, want refused" || return 1
	t_scrape r1 >/dev/null || t_fail "no scrape after the errors" || return 1
	xr_ctl r1 status >/dev/null || t_fail "status after the errors"
}

# Slow clients: they send their request a byte a second.  Each prints
# "cut S" when the daemon closed it after S seconds, or "answered".
t_slow_clients() {
	xr_exec r1 timeout 40 python3 - "$T_METRICS_PORT" "$1" >"$(xr_run_dir)/slow.out" 2>&1 \
		</dev/null <<'PY' &
import select, socket, sys, threading, time

def client(port, out):
    s = socket.create_connection(("127.0.0.1", port))
    req = b"GET /metrics HTTP/1.1\r\nHost: r1\r\nX-Slow: " + b"a" * 60 + b"\r\n\r\n"
    t0 = time.time()
    for b in req:
        try:
            s.send(bytes([b]))
        except OSError:
            break
        if select.select([s], [], [], 1.0)[0]:
            try:
                data = s.recv(4096)
            except OSError:
                data = b""
            if data:
                out.append("answered")
                return
            break
    out.append("cut %.1f" % (time.time() - t0))

out = []
threads = [threading.Thread(target=client, args=(int(sys.argv[1]), out))
           for _ in range(int(sys.argv[2]))]
for t in threads:
    t.start()
for t in threads:
    t.join()
print("\n".join(out))
PY
	T_SLOW_PID=$!
}

test_metrics_slow_client() {
	local d i t0 t1 ms worst=0 cut
	t_need_xrouter
	t_need curl python3
	export XR_DAEMON_ARGS="--metrics 127.0.0.1:$T_METRICS_PORT"
	t_line 1 || return 1
	d=$(xr_run_dir)
	t_slow_clients 4
	sleep 2
	for i in 1 2 3 4 5; do
		t0=$(date +%s%N)
		t_scrape r1 >/dev/null || { t_fail "scrape $i failed beside slow clients"; return 1; }
		t1=$(date +%s%N)
		ms=$(((t1 - t0) / 1000000))
		[ "$ms" -gt "$worst" ] && worst=$ms
		ms=$(t_status_ms) || { t_fail "status failed beside slow clients"; return 1; }
		[ "$ms" -gt "$worst" ] && worst=$ms
		sleep 0.5
	done
	t_info "beside 4 slow clients: slowest scrape or status ${worst} ms"
	[ "$worst" -lt 2000 ] || t_fail "a scrape or status took ${worst} ms" || return 1
	t_ping h1 198.51.100.2 3 || return 1
	wait "$T_SLOW_PID"
	t_info "slow clients: $(tr '\n' ' ' <"$d/slow.out")"
	[ "$(grep -c '^cut ' "$d/slow.out")" = 4 ] ||
		t_fail "not every slow client was cut off" || return 1
	cut=$(awk '$1 == "cut" && $2 > m { m = $2 } END { print int(m) }' "$d/slow.out")
	[ "$cut" -le $((T_METRICS_DEADLINE + 3)) ] ||
		t_fail "a slow client stayed ${cut} s, deadline ${T_METRICS_DEADLINE} s"
}

# A malformed --metrics, or a port already taken: one line, exit 1,
# nothing started (the namespace has no interface for it to take anyway).
test_metrics_bad_option() {
	local out rc pid i
	t_need_xrouter
	t_need python3
	xr_ns_add r1 || return 1
	out=$(xr_exec r1 timeout 10 "$XRD" --metrics 9417 2>&1)
	rc=$?
	[ "$rc" = 1 ] && grep -q 'invalid --metrics "9417"' <<<"$out" ||
		{ echo "$out" >&2; t_fail "--metrics 9417: exit $rc"; return 1; }
	xr_exec r1 python3 -c 'import socket, time
s = socket.socket(); s.bind(("127.0.0.1", '"$T_METRICS_PORT"')); s.listen(); time.sleep(30)' &
	pid=$!
	for i in $(seq 50); do
		xr_exec r1 ss -Hltn "sport = :$T_METRICS_PORT" | grep -q . && break
		sleep 0.1
	done
	out=$(xr_exec r1 timeout 10 "$XRD" --metrics "127.0.0.1:$T_METRICS_PORT" 2>&1)
	rc=$?
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	[ "$rc" = 1 ] && grep -q "Address already in use" <<<"$out" ||
		{ echo "$out" >&2; t_fail "a taken port: exit $rc"; return 1; }
}
