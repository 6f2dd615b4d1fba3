#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# A line of N routers between two hosts:
#
#   h1 eth0 --- eth0 r1 eth1 --- eth0 r2 eth1 --- ... --- eth0 rN eth1 --- eth0 h2
#      .2   192.0.2.0/24  .1  .5  203.0.113.4/30  .6     ...     .1  198.51.100.0/24  .2
#
# Link k (1..N-1) between r_k and r_k+1 is 203.0.113.4k/30: r_k has .4k+1,
# r_k+1 has .4k+2.  Link 0 is h1's LAN, link N is h2's.  Every router knows
# every subnet (h1's LAN to the left, h2's to the right, each inter-router
# link towards it) and nothing else: any other destination has no route.
#
# Environment:
#   LINE_ROUTERS=N   routers (default 2)
#   LINE_MTU_LINK=k  link whose MTU is LINE_MTU (default none), both ends
#   LINE_MTU=1400
#   LINE_LAN=K       K > 0: rN's right side is switch br0 (ports p1..pK)
#                    with hosts h2..hK+1 on 198.51.100.0/24 (.2, .3, ...)
#   LINE_IPV6=1      IPv6 too (hosts keep Linux's IPv6 defaults): h1's LAN
#                    2001:db8:1::/64, link k 2001:db8:ff:k::/64 (r_k ::1,
#                    r_k+1 ::2), h2's LAN 2001:db8:2::/64; routers ::1, hosts ::2
#   LINE_SLAAC=1     with LINE_IPV6: hosts take their IPv6 address and default
#                    route from the routers' advertisements (`link set ra on`)
#   ROUTER=kernel    Linux forwarding instead of xrouterd
#   XR_PREFIX=xr     namespace names are "$XR_PREFIX-h1", "$XR_PREFIX-r1", ...
#
# Run as `line.sh up|down`, or source it and call line_setup/line_teardown.

# shellcheck source=netns-scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

LINE_ROUTERS=${LINE_ROUTERS:-2}
LINE_MTU_LINK=${LINE_MTU_LINK:-}
LINE_MTU=${LINE_MTU:-1400}
LINE_LAN=${LINE_LAN:-0}

LINE_IPV6=${LINE_IPV6:-0}
LINE_SLAAC=${LINE_SLAAC:-0}

# Addresses tests and the demo refer to.
LINE_H1=192.0.2.2
LINE_H2=198.51.100.2
LINE_H1_6=2001:db8:1::2
LINE_H2_6=2001:db8:2::2

line_mtu() { [ "$1" = "$LINE_MTU_LINK" ] && echo "$LINE_MTU"; }

# line_link_addr k side: address on inter-router link k; side 1 = r_k, 2 = r_k+1.
line_link_addr() { echo "203.0.113.$((4 * $1 + $2))"; }

# The address of router i facing h1: what traceroute from h1 shows for hop i.
line_router_in() {
	if [ "$1" = 1 ]; then echo 192.0.2.1; else line_link_addr $(($1 - 1)) 2; fi
}

# line_link6 k side: IPv6 address on inter-router link k (side 1 = r_k).
line_link6() { echo "2001:db8:ff:$1::$2"; }

# Router i's IPv6 address facing h1: traceroute -6 from h1 shows it at hop i.
line_router_in6() {
	if [ "$1" = 1 ]; then echo 2001:db8:1::1; else line_link6 $(($1 - 1)) 2; fi
}

# The addressing plan of family F (4 or 6), link 0 being h1's LAN and link
# N h2's: line_net F K the subnet of link K; line_ip F K SIDE the address
# with its length of r_K (SIDE 1) or r_K+1 (SIDE 2) on it.
line_net() {
	case "$1:$2" in
	4:0) echo 192.0.2.0/24 ;;
	6:0) echo 2001:db8:1::/64 ;;
	4:"$LINE_ROUTERS") echo 198.51.100.0/24 ;;
	6:"$LINE_ROUTERS") echo 2001:db8:2::/64 ;;
	4:*) echo "203.0.113.$((4 * $2))/30" ;;
	6:*) echo "2001:db8:ff:$2::/64" ;;
	esac
}

line_ip() {
	case "$1:$2" in
	4:0) echo 192.0.2.1/24 ;;
	6:0) echo 2001:db8:1::1/64 ;;
	4:"$LINE_ROUTERS") echo 198.51.100.1/24 ;;
	6:"$LINE_ROUTERS") echo 2001:db8:2::1/64 ;;
	4:*) echo "$(line_link_addr "$2" "$3")/30" ;;
	6:*) echo "$(line_link6 "$2" "$3")/64" ;;
	esac
}

# Router i's addresses of family F, then a route to every link it is not on.
line_router_l3() {
	local i=$1 f=$2 n=$LINE_ROUTERS k gw right=eth1
	[ "$i" = "$n" ] && [ "$LINE_LAN" -gt 0 ] && right=br0
	xr_conf_add "r$i" "addr add $(line_ip "$f" $((i - 1)) 2) dev eth0"
	xr_conf_add "r$i" "addr add $(line_ip "$f" "$i" 1) dev $right"
	for k in $(seq 0 "$n"); do
		if [ "$k" -lt $((i - 1)) ]; then
			gw=$(line_ip "$f" $((i - 1)) 1)
		elif [ "$k" -gt "$i" ]; then
			gw=$(line_ip "$f" "$i" 2)
		else
			continue
		fi
		xr_conf_add "r$i" "route add $(line_net "$f" "$k") via ${gw%/*}"
	done
}

# A host's IPv6 address and default route, when LINE_IPV6 is on and the
# host does not autoconfigure (LINE_SLAAC).
line_host6() {
	[ "$LINE_IPV6" = 1 ] && [ "$LINE_SLAAC" != 1 ] || return 0
	xr_host6 "$1" eth0 "$2/64" "$3"
}

# A router's config: ports, addresses, then one route per remote subnet.
line_router_conf() {
	local i=$1 n=$LINE_ROUTERS j
	xr_conf_reset "r$i"
	xr_conf_add "r$i" "# r$i of a line of $n routers"
	xr_conf_add "r$i" "link add eth0"
	if [ "$i" = "$n" ] && [ "$LINE_LAN" -gt 0 ]; then
		for j in $(seq "$LINE_LAN"); do xr_conf_add "r$i" "link add p$j bridge br0"; done
	else
		xr_conf_add "r$i" "link add eth1"
	fi
	line_router_l3 "$i" 4
	[ "$LINE_IPV6" = 1 ] && line_router_l3 "$i" 6
	if [ "$LINE_IPV6" = 1 ] && [ "$LINE_SLAAC" = 1 ]; then
		[ "$i" = 1 ] && xr_conf_add "r$i" "link set eth0 ra on"
		[ "$i" = "$n" ] && xr_conf_add "r$i" "link set $([ "$LINE_LAN" -gt 0 ] && echo br0 || echo eth1) ra on"
	fi
	return 0
}

# Wire h2's side: a routed link, or a switch with LINE_LAN hosts.
line_setup_right() {
	local n=$LINE_ROUTERS j
	if [ "$LINE_LAN" -le 0 ]; then
		xr_ns_add h2 && xr_veth "r$n" eth1 h2 eth0 "$(line_mtu "$n")" &&
			xr_host h2 eth0 "$LINE_H2/24" 198.51.100.1 &&
			line_host6 h2 "$LINE_H2_6" 2001:db8:2::1
		return
	fi
	for j in $(seq "$LINE_LAN"); do
		xr_ns_add "h$((j + 1))" &&
			xr_veth "r$n" "p$j" "h$((j + 1))" eth0 "$(line_mtu "$n")" &&
			xr_host "h$((j + 1))" eth0 "198.51.100.$((j + 1))/24" 198.51.100.1 &&
			line_host6 "h$((j + 1))" "2001:db8:2::$((j + 1))" 2001:db8:2::1 ||
			return 1
	done
}

line_setup() {
	local n=$LINE_ROUTERS i
	[ "$LINE_IPV6" = 1 ] && export XR_IPV6=1
	xr_ns_add h1 || return 1
	for i in $(seq "$n"); do xr_ns_add "r$i" || return 1; done
	xr_veth h1 eth0 r1 eth0 "$(line_mtu 0)" || return 1
	xr_host h1 eth0 "$LINE_H1/24" 192.0.2.1 || return 1
	line_host6 h1 "$LINE_H1_6" 2001:db8:1::1 || return 1
	for i in $(seq $((n - 1))); do
		xr_veth "r$i" eth1 "r$((i + 1))" eth0 "$(line_mtu "$i")" || return 1
	done
	line_setup_right || return 1
	for i in $(seq "$n"); do
		line_router_conf "$i" && xr_router_start "r$i" || return 1
	done
}

line_teardown() { xr_teardown_all; }

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	xr_main line_setup line_teardown "$@"
fi
