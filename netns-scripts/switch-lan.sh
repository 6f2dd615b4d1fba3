#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Four hosts on one xrouter switch, which also routes towards a fifth host:
#
#   h1 .11 eth0 --- p1 -+
#   h2 .12 eth0 --- p2 -+  r1: switch br0, 192.0.2.1/24
#   h3 .13 eth0 --- p3 -+      (the hosts' gateway)
#   h4 .14 eth0 --- p4 -+
#  [h6     eth0 --- p5 -+  with SW_SPARE=1: no address, to move a station to]
#                          r1 eth0 198.51.100.1/24 --- eth0 h5 198.51.100.2
#
# The switch LAN is 192.0.2.0/24, the routed link 198.51.100.0/24.
#
# Environment: SW_SPARE=1 adds h6 on p5; ROUTER=kernel uses a Linux bridge
# and Linux forwarding; XR_PREFIX names the namespaces ("$XR_PREFIX-h1", ...).
# Run as `switch-lan.sh up|down`, or source it and call sw_setup/sw_teardown.

# shellcheck source=netns-scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

SW_SPARE=${SW_SPARE:-0}
SW_HOSTS=4

sw_host_addr() { echo "192.0.2.$((10 + $1))"; }
SW_FAR=198.51.100.2

sw_conf() {
	local j
	xr_conf_reset r1
	xr_conf_add r1 "# r1: switch br0 with $SW_HOSTS hosts, routed port eth0"
	for j in $(seq $((SW_HOSTS + SW_SPARE))); do
		xr_conf_add r1 "link add p$j bridge br0"
	done
	xr_conf_add r1 "link add eth0"
	xr_conf_add r1 "addr add 192.0.2.1/24 dev br0"
	xr_conf_add r1 "addr add 198.51.100.1/24 dev eth0"
}

sw_setup() {
	local j
	xr_ns_add r1 || return 1
	for j in $(seq "$SW_HOSTS"); do
		xr_ns_add "h$j" && xr_veth r1 "p$j" "h$j" eth0 &&
			xr_host "h$j" eth0 "$(sw_host_addr "$j")/24" 192.0.2.1 || return 1
	done
	if [ "$SW_SPARE" = 1 ]; then
		xr_ns_add h6 && xr_veth r1 p5 h6 eth0 && xr_host_port h6 eth0 || return 1
	fi
	xr_ns_add h5 && xr_veth r1 eth0 h5 eth0 &&
		xr_host h5 eth0 "$SW_FAR/24" 198.51.100.1 || return 1
	sw_conf && xr_router_start r1
}

sw_teardown() { xr_teardown_all; }

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	xr_main sw_setup sw_teardown "$@"
fi
