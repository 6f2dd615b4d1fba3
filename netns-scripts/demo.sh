#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# The demo `make demo` runs: a line of routers (line.sh), each an xrouterd,
# optionally with a switched LAN behind the last one:
#
#   h1 --- r1 --- r2 --- h2                      DEMO_LAN=0
#   h1 --- r1 --- r2 =[br0]= h2, h3              DEMO_LAN=1 (default)
#
#   h1 192.0.2.2/24, gateway r1 192.0.2.1;  r1 203.0.113.5/30 --- r2 203.0.113.6/30
#   h2 198.51.100.2/24 (h3 .3), gateway r2 198.51.100.1
#
#   IPv6 (DEMO_IPV6=1, default): h1's LAN 2001:db8:1::/64, h2's 2001:db8:2::/64,
#   r1 --- r2 2001:db8:ff:1::/64; the hosts autoconfigure from the routers'
#   advertisements (SLAAC: `link set DEV ra on`)
#
# It pings across, traceroutes across (each router is one hop) in both
# families, tells the life of one ping hop by hop (packet-life.sh), and
# leaves the topology up to look at.  `demo.sh down` (make demo-down) removes it.
# Namespaces have bare names (h1, r1, ...) so the commands it prints read as
# in the README; DEMO_PREFIX=foo names them foo-h1, foo-r1, ... instead.
# DEMO_ROUTERS=3 makes the line longer.

XR_PREFIX=${DEMO_PREFIX-}
LINE_ROUTERS=${DEMO_ROUTERS:-2}
DEMO_LAN=${DEMO_LAN:-1}
LINE_LAN=0
[ "$DEMO_LAN" = 1 ] && LINE_LAN=2
LINE_MTU_LINK=
LINE_IPV6=${DEMO_IPV6:-1}
[ "$ROUTER" = kernel ] && LINE_IPV6=0	# no `link set ra` in Linux's translation
LINE_SLAAC=$LINE_IPV6
# shellcheck source=netns-scripts/line.sh
source "$(dirname "${BASH_SOURCE[0]}")/line.sh"

# Where the commands printed for the reader find xrouterctl.
demo_path_note() {
	local onpath
	onpath=$(command -v xrouterctl)
	if [ -z "$onpath" ]; then
		echo "  (xrouterctl is not installed: \`make install\`, or use build/xrouterctl)"
	elif [ "$onpath" != "$XRCTL" ]; then
		echo "  (xrouterctl on PATH is $onpath; this demo runs build/xrouterctl)"
	fi
}

demo_diagram() {
	sed -n '/^#   h1 ---/,/^# It pings/p' "${BASH_SOURCE[0]}" | sed '$d; s/^# \{0,1\}//'
}

# A host's SLAAC address in 2001:db8:PREFIX::/64 once DAD is done (10 s at most).
demo_slaac_addr() {
	local i a
	for i in $(seq 100); do
		a=$(ip -n "$(xr_ns "$1")" -6 -o addr show dev eth0 scope global -tentative |
			grep -oE "$2:[0-9a-f:]+" | head -1)
		[ -n "$a" ] && { echo "$a"; return 0; }
		sleep 0.1
	done
	return 1
}

# IPv6: the hosts configured themselves; ping and traceroute across.
demo_ipv6() {
	local a1 a2
	a1=$(demo_slaac_addr h1 2001:db8:1) && a2=$(demo_slaac_addr h2 2001:db8:2) ||
		{ echo "demo: the hosts took no SLAAC address" >&2; return 1; }
	xr_show h1 ip -6 addr show dev eth0 scope global
	xr_show h1 ip -6 route show default
	xr_show h1 ping -6 -c 3 -i 0.2 "$a2" &&
		xr_show h1 traceroute -6 -n -w 1 "$a2" &&
		xr_show r1 "$XRCTL" -6 route show &&
		xr_show r1 "$XRCTL" -6 neigh show
}

# The story of one ping, hop by hop (xrouterctl trace on every router).
demo_packet_life() {
	[ "$ROUTER" = kernel ] && return 0
	echo
	echo "\$ netns-scripts/packet-life.sh $(xr_ns h1) $LINE_H2 ping"
	"$(dirname "${BASH_SOURCE[0]}")/packet-life.sh" "$(xr_ns h1)" "$LINE_H2" ping
}

demo_up() {
	local ok=0 i last="r$LINE_ROUTERS"
	if [ "$ROUTER" != kernel ] && { [ ! -x "$XRD" ] || [ ! -x "$XRCTL" ]; }; then
		echo "demo: $XRD or $XRCTL missing; run make first" >&2
		return 1
	fi
	demo_diagram
	line_setup || { echo "demo: building the topology failed" >&2; return 1; }
	xr_show h1 ping -c 3 -i 0.2 "$LINE_H2" || ok=1
	[ "$LINE_LAN" -gt 0 ] && { xr_show h1 ping -c 3 -i 0.2 198.51.100.3 || ok=1; }
	xr_show h1 traceroute -n -w 1 "$LINE_H2" || ok=1
	if [ "$ROUTER" = kernel ]; then
		xr_show r1 ip route show
	else
		xr_show r1 "$XRCTL" route show
		[ "$LINE_LAN" -gt 0 ] && xr_show "$last" "$XRCTL" fdb show
	fi
	if [ "$LINE_IPV6" = 1 ]; then
		demo_ipv6 || ok=1
	fi
	demo_packet_life || ok=1
	echo
	echo "Look inside (the topology stays up):"
	for i in $(seq "$LINE_ROUTERS"); do
		echo "  ip netns exec $(xr_ns "r$i") xrouterctl route show"
	done
	echo "  ip netns exec $(xr_ns r1) xrouterctl neigh show"
	echo "  ip netns exec $(xr_ns r1) xrouterctl stats"
	echo "  ip netns exec $(xr_ns h1) traceroute -n $LINE_H2"
	echo "  daemon logs: $(xr_run_dir)/r*.log"
	demo_path_note
	echo "Tear it down: make demo-down"
	[ "$ok" = 0 ] || echo "demo: some checks above failed" >&2
	return "$ok"
}

demo_down() { line_teardown; }

case "${1:-}" in
up) demo_down; demo_up ;;
down) demo_down ;;
*) echo "usage: $(basename "$0") up|down" >&2; exit 2 ;;
esac
