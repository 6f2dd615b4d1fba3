#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Three xrouters in a triangle running OSPF (FRR's ospfd and zebra in each
# router namespace, `kernel sync on` in each xrouterd), hosts at two corners:
#
#                 h1 .2
#                  |      192.0.2.0/24
#             eth0 | .1
#                 r1
#          eth1 .1 /  \ eth2 .5
#   203.0.113.0/30 /    \ 203.0.113.4/30
#          eth0 .2 /      \ eth0 .6
#               r2 ------ r3 eth2 .1 --- h2 .2   198.51.100.0/24
#              eth1 .9  .10 eth1
#                 203.0.113.8/30
#
# Every link costs 10: h1 to h2 goes r1 -> r3; with r1-r3 cut, r1 -> r2 -> r3.
# Run as `ospf-triangle.sh up|down|demo`, or source it and call
# tri_setup / tri_teardown.  TRI_PREFIX names the namespaces (default none).

# shellcheck source=netns-scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"
# shellcheck source=netns-scripts/frr.sh
source "$(dirname "${BASH_SOURCE[0]}")/frr.sh"

TRI_H1=192.0.2.2
TRI_H2=198.51.100.2

tri_router() {
	local n=$1 id=$2 nets=$3 p2p=$4 passive=$5 dev
	shift 5
	xr_conf_reset "$n"
	for dev in eth0 eth1 eth2; do
		xr_exec "$n" test -e "/sys/class/net/$dev" && xr_conf_add "$n" "link add $dev"
	done
	for dev in "$@"; do xr_conf_add "$n" "addr add $dev"; done
	xr_conf_add "$n" "kernel sync on"
	xr_daemon_start "$n" || return 1
	frr_start "$n" zebra </dev/null || return 1
	frr_ospf_conf "$id" "$nets" "$p2p" "$passive" | frr_start "$n" ospfd
}

tri_setup() {
	local n
	[ -x "$FRR_LIB/ospfd" ] || { xr_log "FRR is not installed (apt install frr)"; return 1; }
	for n in h1 h2 r1 r2 r3; do xr_ns_add "$n" || return 1; done
	xr_veth h1 eth0 r1 eth0 && xr_veth r1 eth1 r2 eth0 && xr_veth r1 eth2 r3 eth0 &&
		xr_veth r2 eth1 r3 eth1 && xr_veth r3 eth2 h2 eth0 || return 1
	xr_host h1 eth0 "$TRI_H1/24" 192.0.2.1 && xr_host h2 eth0 "$TRI_H2/24" 198.51.100.1 || return 1
	tri_router r1 1.1.1.1 "192.0.2.0/24 203.0.113.0/30 203.0.113.4/30" "eth1 eth2" eth0 \
		"192.0.2.1/24 dev eth0" "203.0.113.1/30 dev eth1" "203.0.113.5/30 dev eth2" || return 1
	tri_router r2 2.2.2.2 "203.0.113.0/30 203.0.113.8/30" "eth0 eth1" "" \
		"203.0.113.2/30 dev eth0" "203.0.113.9/30 dev eth1" || return 1
	tri_router r3 3.3.3.3 "198.51.100.0/24 203.0.113.4/30 203.0.113.8/30" "eth0 eth1" eth2 \
		"203.0.113.6/30 dev eth0" "203.0.113.10/30 dev eth1" "198.51.100.1/24 dev eth2"
}

tri_teardown() { xr_teardown_all; }

# h1 reaches h2 (by the route xrouter synced from OSPF) within SECONDS.
tri_converged() {
	local deadline=$((SECONDS + ${1:-30}))
	until xr_exec h1 ping -c 1 -W 1 "$TRI_H2" >/dev/null 2>&1; do
		[ "$SECONDS" -lt "$deadline" ] || return 1
	done
}

# `make demo-ospf`: converge, trace, cut r1-r3, trace the new path.
tri_demo() {
	local t0 ms
	sed -n '3,14p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'
	t0=$(date +%s%N)
	tri_setup || { echo "demo-ospf: building the topology failed" >&2; return 1; }
	tri_converged 60 || { echo "demo-ospf: OSPF did not converge" >&2; return 1; }
	ms=$((($(date +%s%N) - t0) / 1000000))
	echo "OSPF converged and h1 reaches h2: ${ms} ms after the first namespace was made"
	xr_show r1 vtysh --vty_socket "$(frr_dir r1)" -c "show ip ospf neighbor"
	xr_show r1 "$XRCTL" route show
	xr_show h1 traceroute -n -w 1 "$TRI_H2"
	xr_show r1 ip link set eth2 down
	sleep 1
	xr_show r1 "$XRCTL" route show
	xr_show h1 traceroute -n -w 1 "$TRI_H2"
	echo
	echo "Bring r1-r3 back: ip netns exec $(xr_ns r1) ip link set eth2 up"
	echo "Tear it down: make demo-ospf-down"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	XR_PREFIX=${TRI_PREFIX-}
	case "${1:-}" in
	up) tri_teardown; tri_setup || { tri_teardown; exit 1; } ;;
	demo) tri_teardown; tri_demo ;;
	down) tri_teardown ;;
	*) echo "usage: $(basename "$0") up|down|demo" >&2; exit 2 ;;
	esac
fi
