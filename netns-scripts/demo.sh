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
# It pings across, traceroutes across (each router is one hop), and leaves
# the topology up to look at.  `demo.sh down` (make demo-down) removes it.
# Namespaces have bare names (h1, r1, ...) so the commands it prints read as
# in the README; DEMO_PREFIX=foo names them foo-h1, foo-r1, ... instead.
# DEMO_ROUTERS=3 makes the line longer.

XR_PREFIX=${DEMO_PREFIX-}
LINE_ROUTERS=${DEMO_ROUTERS:-2}
DEMO_LAN=${DEMO_LAN:-1}
LINE_LAN=0
[ "$DEMO_LAN" = 1 ] && LINE_LAN=2
LINE_MTU_LINK=
# shellcheck source=netns-scripts/line.sh
source "$(dirname "${BASH_SOURCE[0]}")/line.sh"

demo_show() {
	echo
	echo "\$ ip netns exec $(xr_ns "$1") ${*:2}"
	xr_exec "$@"
}

demo_diagram() {
	local i line="h1"
	for i in $(seq "$LINE_ROUTERS"); do line="$line --- r$i"; done
	if [ "$LINE_LAN" -gt 0 ]; then
		line="$line =[switch br0]= h2, h3"
	else
		line="$line --- h2"
	fi
	echo "xrouter demo: $line"
	[ -n "$XR_PREFIX" ] && echo "(namespaces are named $XR_PREFIX-h1, $XR_PREFIX-r1, ...)"
}

demo_up() {
	local ok=0 i last="r$LINE_ROUTERS"
	if [ "$ROUTER" != kernel ] && { [ ! -x "$XRD" ] || [ ! -x "$XRCTL" ]; }; then
		echo "demo: $XRD or $XRCTL missing; run make first" >&2
		return 1
	fi
	demo_diagram
	line_setup || { echo "demo: building the topology failed" >&2; return 1; }
	demo_show h1 ping -c 3 -i 0.2 "$LINE_H2" || ok=1
	[ "$LINE_LAN" -gt 0 ] && { demo_show h1 ping -c 3 -i 0.2 198.51.100.3 || ok=1; }
	demo_show h1 traceroute -n -w 1 "$LINE_H2" || ok=1
	if [ "$ROUTER" = kernel ]; then
		demo_show r1 ip route show
	else
		demo_show r1 "$XRCTL" route show
		[ "$LINE_LAN" -gt 0 ] && demo_show "$last" "$XRCTL" fdb show
	fi
	echo
	echo "Look inside (the topology stays up):"
	for i in $(seq "$LINE_ROUTERS"); do
		echo "  ip netns exec $(xr_ns "r$i") $XRCTL route show"
	done
	echo "  ip netns exec $(xr_ns r1) $XRCTL neigh show"
	echo "  ip netns exec $(xr_ns r1) $XRCTL stats"
	echo "  ip netns exec $(xr_ns h1) traceroute -n $LINE_H2"
	echo "  daemon logs: $(xr_run_dir)/r*.log"
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
