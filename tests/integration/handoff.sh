# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Hand-offs under a flood: TTL-expired probes and echo requests to the
# router from one host must not starve ARP on that segment, which has a
# hand-off bucket of its own (include/port.h, enum xr_handoff_class).

# argv: destination beyond the router, the router's address, seconds, pps.
# TTL-1 UDP to the first and ICMP echo to the second, paced to pps.
T_FLOOD_PY=$(cat <<'EOF_PY'
import socket, sys, time
dst, router, secs, pps = sys.argv[1], sys.argv[2], float(sys.argv[3]), int(sys.argv[4])
u = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
u.setsockopt(socket.IPPROTO_IP, socket.IP_TTL, 1)
e = socket.socket(socket.AF_INET, socket.SOCK_RAW, socket.IPPROTO_ICMP)
echo = bytes([8, 0, 0xf7, 0xff, 0, 0, 0, 0])   # type 8, id 0, seq 0, checksummed
start = time.monotonic()
n = 0
while time.monotonic() - start < secs:
    for _ in range(5):
        u.sendto(b"probe", (dst, 33434))
        e.sendto(echo, (router, 0))
    n += 10
    ahead = n / pps - (time.monotonic() - start)
    if ahead > 0:
        time.sleep(ahead)
print(f"# flood: {n} frames in {time.monotonic() - start:.1f} s")
EOF_PY
)

test_arp_under_flood() {
	local gw out fl
	t_need arping
	t_line 1 || return 1
	gw=$(line_router_in 1)
	t_ping h1 "$gw" 1 || return 1
	xr_exec h1 timeout 20 python3 -c "$T_FLOOD_PY" "$LINE_H2" "$gw" 13 20000 >&2 </dev/null &
	fl=$!
	sleep 1
	out=$(xr_exec h1 arping -c 10 -w 12 -I eth0 "$gw" 2>&1)
	wait "$fl"
	if ! grep -qE "Received 10 response" <<<"$out"; then
		echo "$out" >&2
		t_fail "ARP to the router under a TTL and echo flood: not every request answered"
		return 1
	fi
	t_info "$(xr_ctl r1 stats dev eth0 2>&1)"
}
