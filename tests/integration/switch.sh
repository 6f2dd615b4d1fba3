# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Switch tests on netns-scripts/switch-lan.sh: four hosts h1..h4 on r1's
# switch br0 (192.0.2.11..14, gateway 192.0.2.1), h5 behind routed port
# eth0 (198.51.100.2).  With ROUTER=kernel r1 is a Linux bridge, which is
# how these tests were checked before the XDP switch existed.

sw_ip() { sw_host_addr "$1"; }

# After learning, h1<->h2 unicast reaches h2 and nobody else.
test_sw_unicast_private() {
	local c2 c3 c4
	t_switch || return 1
	t_ping h1 "$(sw_ip 2)" 2 || return 1
	t_cap_start h2 icmp && t_cap_start h3 icmp && t_cap_start h4 icmp || return 1
	t_ping h1 "$(sw_ip 2)" 5 || return 1
	c2=$(t_cap_stop h2) c3=$(t_cap_stop h3) c4=$(t_cap_stop h4)
	t_info "icmp frames seen: h2 $c2, h3 $c3, h4 $c4"
	[ "$c2" -ge 10 ] || { t_fail "h2 saw $c2 of 10 frames"; return 1; }
	[ "$c3" = 0 ] && [ "$c4" = 0 ] || t_fail "unicast leaked to h3 ($c3) or h4 ($c4)"
}

# A broadcast from h1 reaches every other host on the switch, and does not
# cross into the routed port.
test_sw_broadcast() {
	local j c
	t_switch || return 1
	for j in 2 3 4 5; do t_cap_start "h$j" icmp || return 1; done
	xr_exec h1 ping -b -c 2 -i 0.2 -W 1 192.0.2.255 >/dev/null 2>&1
	for j in 2 3 4; do
		c=$(t_cap_stop "h$j")
		[ "$c" -ge 2 ] || { t_fail "h$j saw $c of 2 broadcasts"; return 1; }
	done
	c=$(t_cap_stop h5)
	[ "$c" = 0 ] || t_fail "a LAN broadcast reached h5 behind the routed port ($c)"
}

# A frame to a MAC the switch has never seen goes to every other port.
test_sw_unknown_unicast() {
	local j c mac=02:00:00:00:99:99
	t_switch || return 1
	xr_exec h1 ip neigh replace 192.0.2.99 lladdr "$mac" dev eth0 nud permanent || return 1
	for j in 2 3 4; do t_cap_start "h$j" ether dst "$mac" || return 1; done
	xr_exec h1 ping -c 2 -i 0.2 -W 1 192.0.2.99 >/dev/null 2>&1
	for j in 2 3 4; do
		c=$(t_cap_stop "h$j")
		[ "$c" -ge 2 ] || { t_fail "unknown unicast: h$j saw $c of 2 frames"; return 1; }
	done
}

# h2's station moves from p2 to p5 (h6 takes its MAC and address; h2 keeps
# its port up with a new MAC): one frame from the new port is enough.
test_sw_station_move() {
	local mac
	t_switch 1 || return 1
	t_ping h1 "$(sw_ip 2)" 2 || return 1
	mac=$(t_mac h2)
	xr_exec h2 ip addr flush dev eth0 &&
		xr_exec h2 ip link set eth0 down &&
		xr_exec h2 ip link set eth0 address 02:00:00:00:0f:02 &&
		xr_exec h2 ip link set eth0 up || return 1
	xr_exec h6 ip link set eth0 down &&
		xr_exec h6 ip link set eth0 address "$mac" &&
		xr_exec h6 ip link set eth0 up &&
		xr_exec h6 ip addr add "$(sw_ip 2)/24" dev eth0 || return 1
	# Its first frame: h6 asks for h1 by ARP, from the moved MAC.
	t_ping h6 "$(sw_ip 1)" 1 || return 1
	t_ping h1 "$(sw_ip 2)" 3
}

t_fdb_show() {
	if [ "$ROUTER" = kernel ]; then
		xr_exec r1 bridge fdb show br br0 dynamic
	else
		xr_ctl r1 fdb show bridge br0
	fi
}

test_sw_ageing() {
	local mac i
	t_switch || return 1
	if [ "$ROUTER" = kernel ]; then
		xr_exec r1 ip link set br0 type bridge ageing_time 200
	else
		xr_ctl r1 bridge set br0 ageing 2
	fi || { t_fail "setting ageing to 2 s"; return 1; }
	mac=$(t_mac h1)
	t_ping h1 "$(sw_ip 2)" 1 || return 1
	t_fdb_show | grep -qi "$mac" || { t_fdb_show >&2; t_fail "h1 $mac not learned"; return 1; }
	for i in $(seq 20); do
		sleep 0.5
		t_fdb_show | grep -qi "$mac" || return 0
	done
	t_fdb_show >&2
	t_fail "h1 $mac still in the table 10 s after its last frame (ageing 2 s)"
}

# 100,000 random source MACs from h3's port fill the table; h1 and h2,
# already known, keep talking all along.
test_sw_mac_flood() {
	local flood
	t_switch || return 1
	t_ping h1 "$(sw_ip 2)" 2 && t_ping h3 "$(sw_ip 4)" 1 || return 1
	t_ping_bg h1 "$(sw_ip 2)" 80 0.05
	sleep 0.5
	xr_exec h3 timeout 60 python3 "$T_DIR/macflood.py" eth0 100000 "$(t_mac h4)" >&2 ||
		flood=failed
	[ -z "$flood" ] || { t_fail "the MAC flood sender failed"; return 1; }
	t_ping_done 80 "a MAC flood" || return 1
	t_ping h1 "$(sw_ip 2)" 3 && t_ping h2 "$(sw_ip 1)" 3
}

# The switch's address is the LAN's gateway to the routed port.
test_sw_routed_port() {
	t_switch || return 1
	t_ping h1 "$SW_FAR" 3 && t_ping h5 "$(sw_ip 4)" 3 &&
		t_traceroute h1 "$SW_FAR" "" 192.0.2.1 "$SW_FAR" &&
		t_traceroute h5 "$(sw_ip 4)" "-I" 198.51.100.1 "$(sw_ip 4)"
}

# A switch's port is no L3 interface: addresses, routes and neighbours
# naming it are refused in one wording that names the switch to use.
test_sw_port_not_l3() {
	local cmd err before ok=0
	t_need_xrouter
	t_switch || return 1
	before=$(t_snapshot r1)
	for cmd in "addr add 192.0.2.9/24 dev p1" "route add 10.9.0.0/16 dev p1" \
		"neigh add 192.0.2.50 lladdr 02:00:00:00:00:50 dev p1"; do
		# shellcheck disable=SC2086
		err=$(xr_ctl r1 $cmd 2>&1 >/dev/null)
		if [ "$err" != 'Error: device "p1" is a port of switch "br0": use the switch' ]; then
			t_fail "$cmd: got \"$err\""
			ok=1
		fi
	done
	[ "$before" = "$(t_snapshot r1)" ] || { t_fail "state changed"; ok=1; }
	return "$ok"
}
