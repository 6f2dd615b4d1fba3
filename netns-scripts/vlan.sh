#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# 802.1Q VLANs: a router on a stick, and a VLAN-aware switch.
#
# Router on a stick (r1 routes between VLANs 10 and 20 on one port):
#
#   h10 192.0.2.2    eth0 [tag 10] --+
#                                     rig1 (Linux bridge,  trunk --- eth0 r1  eth0.10 192.0.2.1/24
#   h20 198.51.100.2 eth0 [tag 20] --+  VLAN-unaware)                         eth0.20 198.51.100.1/24
#
# VLAN-aware switch (s1, switch br0; both VLANs use 10.0.0.0/24: only the
# VLAN keeps them apart), whose interface in VLAN 10 routes to a routed port:
#
#   a10 10.0.0.1 eth0 ----------------- p1 (VLAN 10: pvid untagged) -+
#   a20 10.0.0.1 eth0 ----------------- p2 (VLAN 20: pvid untagged) -+ s1: br0.10 10.0.0.254/24
#   b10 10.0.0.2 eth0 [tag 10] --+                                    |
#                                 rig2 --- trunk --- p3 (VLANs 10, 20 tagged)
#   b20 10.0.0.2 eth0 [tag 20] --+
#                                       s1 eth0 203.0.113.1/24 --- eth0 hr 203.0.113.2
#
# This kernel has no 802.1Q driver (no eth0.10 on a host, no VLAN filtering
# in its bridge), so hosts [tag N] are access ports made by a tc program on
# their veth (tests/vlan_tag.bpf.c: push on egress, pop on ingress), and the
# rigs are plain Linux bridges passing tagged frames through.  A pushed tag
# is skb metadata: every veth that sends tagged frames has TX VLAN offload
# off (`ethtool -K DEV txvlan off`), or the tag stays metadata and XDP on
# the peer sees an untagged frame.  The same holds for the rigs' trunk
# ports, which send into xrouter.
#
# Run as `vlan.sh up|down` (both topologies), or source it and call
# vl_stick_setup / vl_switch_setup, and vl_teardown.  XR_PREFIX names the
# namespaces as in lib.sh.

# shellcheck source=netns-scripts/lib.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

VL_TAG_OBJ_DIR=${VL_TAG_OBJ_DIR:-$XR_BUILD/tests}

# vl_tag NS DEV VID: DEV in NS becomes an access port of VLAN VID.
vl_tag() {
	local obj=$VL_TAG_OBJ_DIR/vlan_tag_$3.bpf.o d
	[ -f "$obj" ] || { xr_log "missing $obj: run make"; return 1; }
	xr_exec "$1" ethtool -K "$2" txvlan off >/dev/null &&
		xr_exec "$1" tc qdisc add dev "$2" clsact || return 1
	for d in egress ingress; do
		xr_exec "$1" tc filter add dev "$2" "$d" bpf da obj "$obj" \
			program "vlan_tag_$d" || return 1
	done
}

# vl_rig NS BRIDGE PORT...: a VLAN-unaware Linux bridge of PORTs in NS.
vl_rig() {
	local ns=$1 br=$2 p
	shift 2
	xr_exec "$ns" ip link add "$br" type bridge || return 1
	for p in "$@"; do
		xr_exec "$ns" ethtool -K "$p" txvlan off gro on >/dev/null &&
			xr_exec "$ns" ip link set "$p" master "$br" || return 1
	done
	xr_exec "$ns" ip link set "$br" up
}

# vl_tagged_host NS RIGNS RIGPORT VID ADDR GW: a host on VLAN VID behind a rig.
vl_tagged_host() {
	xr_ns_add "$1" && xr_veth "$2" "$3" "$1" eth0 &&
		xr_host "$1" eth0 "$5" "$6" && vl_tag "$1" eth0 "$4"
}

vl_stick_conf() {
	xr_conf_reset r1
	xr_conf_add r1 "# r1: router on a stick, VLANs 10 and 20 on eth0"
	xr_conf_add r1 "link add eth0"
	xr_conf_add r1 "link add eth0 vlan 10"
	xr_conf_add r1 "link add eth0 vlan 20"
	xr_conf_add r1 "addr add 192.0.2.1/24 dev eth0.10"
	xr_conf_add r1 "addr add 198.51.100.1/24 dev eth0.20"
}

vl_stick_setup() {
	xr_ns_add rig1 && xr_ns_add r1 || return 1
	xr_veth rig1 trunk r1 eth0 || return 1
	vl_tagged_host h10 rig1 h10 10 192.0.2.2/24 192.0.2.1 || return 1
	vl_tagged_host h20 rig1 h20 20 198.51.100.2/24 198.51.100.1 || return 1
	vl_rig rig1 rigbr trunk h10 h20 || return 1
	vl_stick_conf && xr_daemon_start r1
}

vl_switch_conf() {
	xr_conf_reset s1
	xr_conf_add s1 "# s1: VLAN-aware switch br0 (access p1, p2; trunk p3), br0.10 routed"
	xr_conf_add s1 "link add p1 bridge br0"
	xr_conf_add s1 "link add p2 bridge br0"
	xr_conf_add s1 "link add p3 bridge br0"
	xr_conf_add s1 "link add eth0"
	xr_conf_add s1 "bridge vlan add dev p1 vid 10 pvid untagged"
	xr_conf_add s1 "bridge vlan add dev p2 vid 20 pvid untagged"
	xr_conf_add s1 "bridge vlan add dev p3 vid 10"
	xr_conf_add s1 "bridge vlan add dev p3 vid 20"
	xr_conf_add s1 "link add br0 vlan 10"
	xr_conf_add s1 "addr add 10.0.0.254/24 dev br0.10"
	xr_conf_add s1 "addr add 203.0.113.1/24 dev eth0"
}

vl_switch_setup() {
	xr_ns_add s1 && xr_ns_add rig2 || return 1
	xr_ns_add a10 && xr_veth s1 p1 a10 eth0 && xr_host a10 eth0 10.0.0.1/24 10.0.0.254 ||
		return 1
	xr_ns_add a20 && xr_veth s1 p2 a20 eth0 && xr_host a20 eth0 10.0.0.1/24 10.0.0.254 ||
		return 1
	xr_veth rig2 trunk s1 p3 || return 1
	vl_tagged_host b10 rig2 b10 10 10.0.0.2/24 10.0.0.254 || return 1
	vl_tagged_host b20 rig2 b20 20 10.0.0.2/24 10.0.0.254 || return 1
	vl_rig rig2 rigbr trunk b10 b20 || return 1
	xr_ns_add hr && xr_veth s1 eth0 hr eth0 && xr_host hr eth0 203.0.113.2/24 203.0.113.1 ||
		return 1
	vl_switch_conf && xr_daemon_start s1
}

vl_setup() { vl_stick_setup && vl_switch_setup; }
vl_teardown() { xr_teardown_all; }

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
	xr_main vl_setup vl_teardown "$@"
fi
