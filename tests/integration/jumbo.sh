# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Frames larger than a page (README "Frames larger than a page"): every link
# of the switched LAN at MTU 9000, so an 8,000-byte echo arrives in three
# buffers (xdp.frags).  Routed, switched, handed to the daemon whole (an
# echo to the router, an ICMP error quoting one), fragmented by the daemon
# towards a 1500-byte link.
#
# Prefix: XRT_PREFIX=tjb bash tests/integration/run.sh jumbo_routed jumbo_switched jumbo_flood

JB_SIZE=8000

# Every interface of every namespace of the LAN at MTU $1 (both ends of each veth).
jb_mtu() {
	local n d
	for n in r1 h1 h2 h3 h4 h5; do
		for d in $(xr_exec "$n" ls /sys/class/net); do
			[ "$d" = lo ] || xr_exec "$n" ip link set dev "$d" mtu "$1" || return 1
		done
	done
	sleep 0.5	# the daemon takes a port's new MTU from its link monitor
}

test_jumbo_routed() {
	t_need_xrouter
	t_switch || return 1
	jb_mtu 9000 || { t_fail "MTU 9000"; return 1; }
	# Routed both ways in three buffers, and answered by the router itself.
	t_ping h1 "$SW_FAR" 3 -s "$JB_SIZE" -M do || return 1
	t_ping h1 192.0.2.1 3 -s "$JB_SIZE" -M do || return 1
	t_ping h5 192.0.2.11 3 -s "$JB_SIZE" -M do || return 1
	# Towards a 1500-byte link: DF refused with the link's MTU, else fragmented.
	xr_exec r1 ip link set dev eth0 mtu 1500 && xr_exec h5 ip link set dev eth0 mtu 1500 &&
		sleep 0.5 || return 1
	t_ping_error h1 "$SW_FAR" 192.0.2.1 "Frag needed and DF set \(mtu = 1500\)" \
		-s "$JB_SIZE" -M do || return 1
	t_ping h1 "$SW_FAR" 3 -s "$JB_SIZE" -M dont
}

test_jumbo_switched() {
	t_need_xrouter
	t_switch || return 1
	jb_mtu 9000 || { t_fail "MTU 9000"; return 1; }
	t_ping h1 192.0.2.12 3 -s "$JB_SIZE" -M do || return 1
	t_ping h3 192.0.2.14 3 -s "$JB_SIZE" -M do
}

# A jumbo frame the switch must flood to three ports: the kernel's broadcast
# redirect cannot clone a multi-buffer frame, so the daemon sends the copies
# (include/handoff.h, HANDOFF_FLOOD).  The echo request to h2 is unknown
# unicast once the FDB is flushed: h2 answers only if a copy reached it, and
# h3 must see one too.
test_jumbo_flood() {
	local cap n pid
	t_need_xrouter
	t_switch || return 1
	jb_mtu 9000 || { t_fail "MTU 9000"; return 1; }
	t_ping h1 192.0.2.12 1 || return 1	# h1 and h2 know each other's MAC
	cap=$(mktemp)
	xr_exec h3 timeout 8 tcpdump -c 1 -nli eth0 "icmp and src host 192.0.2.11 and greater 4000" \
		>"$cap" 2>/dev/null &
	pid=$!
	sleep 1
	xr_ctl r1 fdb flush bridge br0 || { t_fail "fdb flush"; return 1; }
	t_ping h1 192.0.2.12 1 -s "$JB_SIZE" -M do || return 1
	wait "$pid"
	grep -q "ICMP echo request" "$cap" || { t_fail "h3 saw no copy of the flooded echo"; return 1; }
	n=$(xr_ctl r1 -j stats dev p1 | grep -oE '"handoff_flood":[0-9]+' | cut -d: -f2)
	[ "${n:-0}" -ge 1 ] || { t_fail "handoff_flood on p1: ${n:-none}"; return 1; }
	rm -f "$cap"
}
