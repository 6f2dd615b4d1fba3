# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Hosts with their default offloads (TX checksumming on): the TCP and UDP
# they send leave their checksums for the device to finish, and must still
# arrive intact through xrouter's routers and switch (SPEC, Forwarding
# (IPv4), v2).  iperf3_tcp and the traceroute tests in router.sh run on the
# same default hosts; these add a byte-exact UDP check and the switch.

# t_tx_on NAME DEV: the host end still has TX checksumming on, so the test
# proves something (a script that turned it off would hide the defect).
t_tx_on() {
	xr_exec "$1" ethtool -k "$2" | grep -q '^tx-checksumming: on' ||
		t_fail "$1 $2: TX checksumming is not on"
}

# Sends datagrams of many sizes from argv[1]'s side to an echo server on
# argv[2]:argv[3]; every echo must come back byte for byte.
T_UDP_ECHO_CLIENT=$(cat <<'EOF_PY'
import os, socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.settimeout(2)
bad = 0
for n in (1, 2, 17, 100, 511, 512, 513, 1000, 1023, 1471, 1472):
    data = os.urandom(n)
    for _ in range(3):      # the first may wait for ARP
        s.sendto(data, (sys.argv[1], int(sys.argv[2])))
        try:
            got = s.recv(2048)
        except socket.timeout:
            continue
        break
    else:
        print(f"# {n} bytes: no echo"); bad += 1; continue
    if got != data:
        print(f"# {n} bytes: echo differs"); bad += 1
sys.exit(1 if bad else 0)
EOF_PY
)

T_UDP_ECHO_SERVER=$(cat <<'EOF_PY'
import socket, sys
s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
s.bind((sys.argv[1], int(sys.argv[2])))
s.settimeout(30)
while True:
    try:
        d, a = s.recvfrom(2048)
    except socket.timeout:
        break
    s.sendto(d, a)
EOF_PY
)

# t_udp_echo CLIENT SERVER SERVER_ADDR: datagrams both ways, checked whole.
t_udp_echo() {
	local srv rc
	xr_exec "$2" timeout 40 python3 -c "$T_UDP_ECHO_SERVER" "$3" 7007 </dev/null &
	srv=$!
	sleep 0.5
	xr_exec "$1" timeout 30 python3 -c "$T_UDP_ECHO_CLIENT" "$3" 7007 >&2
	rc=$?
	kill "$srv" 2>/dev/null
	wait "$srv" 2>/dev/null
	[ "$rc" = 0 ] || t_fail "$1 -> $2: UDP datagrams were lost or changed"
}

# Through two routers, UDP checksums sent partial arrive finished.
test_udp_default_hosts() {
	t_line 2 || return 1
	t_tx_on h1 eth0 && t_tx_on h2 eth0 || return 1
	t_udp_echo h1 h2 "$LINE_H2"
}

# Switched between two hosts, and routed out of the switch's subnet.
test_sw_tcp_default_hosts() {
	t_switch || return 1
	t_tx_on h1 eth0 && t_tx_on h2 eth0 && t_tx_on h5 eth0 || return 1
	t_iperf h1 h2 "$(sw_host_addr 2)" || return 1
	t_iperf h1 h5 "$SW_FAR" || return 1
	t_udp_echo h3 h4 "$(sw_host_addr 4)"
}
