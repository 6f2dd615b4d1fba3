#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Integration tests: real tools (ping, traceroute, tracepath, iperf3,
# tcpdump) through xrouterd routers and switches in network namespaces.
#
#   tests/integration/run.sh [TEST...]      default: ALL_TESTS
#
# Each test runs in its own process under `timeout`, with its own namespace
# prefix, and is torn down whatever happens (EXIT trap here, plus a sweep of
# its prefix afterwards in case it was killed).  Exit 77 means skipped.
# Prints "ok - NAME" / "not ok - NAME" (the test's output follows a failure),
# then "N passed, N failed[, N skipped]"; exits non-zero if any failed.
#
# Environment: ROUTER=kernel runs the same tests against Linux forwarding and
# bridging (the xrouterctl ones skip); XRT_PREFIX (default "xrt<pid>") prefixes
# namespaces; XRT_TIMEOUT (default 60) bounds each test, in seconds, and
# XRT_LONG_TIMEOUT (default 300) those in LONG_TESTS.

T_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)

ROUTER_TESTS="ping_router_addr ping_2_routers ping_3_routers
	traceroute_udp traceroute_icmp traceroute_tcp ttl_exceeded
	tracepath_pmtu frag_df_clear frag_needed net_unreachable host_unreachable
	iperf3_tcp route_replace_traffic sigkill_restart udp_default_hosts arp_under_flood
	fib_dxr_line"
DAEMON_TESTS="cli_bad_input cli_no_daemon ctl_per_netns sigterm_detach
	json_route_show config_error config_batch config_batch_error link_add_no_napi
	state_journal state_compacted"
SCALE_TESTS="restart_large_table tbl8_groups route_gw_invalid"
CTL_TESTS="ctl_write_needs_root ctl_slow_clients ctl_client_cap ctl_stopped_daemon
	ctl_big_show ctl_read_any_user ctl_help ctl_stress ctl_big_line"
SWITCH_TESTS="sw_unicast_private sw_broadcast sw_unknown_unicast
	sw_station_move sw_ageing sw_mac_flood sw_routed_port sw_tcp_default_hosts
	sw_port_not_l3"
HARDEN_TESTS="state_name_injection state_name_roundtrip"
LINK_TESTS="link_mtu_change link_mtu_switch link_deleted link_renamed link_state link_overrun"
PACKAGE_TESTS="sd_notify_ready unit_caps_adopt deb_package"
IPV6_TESTS="ipv6_ping ipv6_traceroute_udp ipv6_traceroute_icmp ipv6_traceroute_tcp
	ipv6_icmp_errors ipv6_tracepath_pmtu ipv6_ndisc ipv6_slaac ipv6_iperf3
	ipv6_cli_bad_input ipv6_cli_show ipv6_sigkill_restart ipv6_switch ipv6_never_forwarded
	ipv6_fib6_nodes"
METRICS_TESTS="metrics_scrape metrics_http_errors metrics_slow_client metrics_bad_option"
KSYNC_TESTS="ksync_routes ksync_local_services ksync_frr_ospf ksync_ospf_triangle ksync_frr_static ksync_frr_bgp ksync_bird ksync_overrun ksync_link_down ksync_sigkill link_down_routes ksync_ipv6"
UPGRADE_TESTS="upgrade_abi upgrade_same_abi"
JUMBO_TESTS="jumbo_routed jumbo_switched jumbo_flood"
LOCAL6_TESTS="local6_services local6_bgp local6_ospf6 local6_sigkill local6_mac_change
	local6_ra_solicited local6_nud_failed"
VLAN_TESTS="vlan_stick_ping vlan_stick_traceroute vlan_stick_unknown_tag vlan_switch_isolation
	vlan_switch_broadcast vlan_switch_routed vlan_switch_cli vlan_cli_bad_input
	vlan_sigkill_restart vlan_link_follows_parent vlan_stick_ipv6 vlan_stick_kernel_tcp"
ECMP_TESTS="ecmp_flows ecmp_weights ecmp_link_down ecmp_kernel ecmp_bad_input ecmp_restart
	ecmp_trace ecmp_route_get"
TRACE_TESTS="trace_ping_2_routers trace_traceroute_ttl1 trace_blackhole trace_arp_miss
	trace_switch_flood trace_concurrent trace_flood_lost trace_packet_life trace_prog_swap"
ALL_TESTS="$ROUTER_TESTS $DAEMON_TESTS $SWITCH_TESTS $HARDEN_TESTS $LINK_TESTS $SCALE_TESTS
	$CTL_TESTS $PACKAGE_TESTS $IPV6_TESTS $METRICS_TESTS $KSYNC_TESTS $UPGRADE_TESTS
	$JUMBO_TESTS $LOCAL6_TESTS $VLAN_TESTS $ECMP_TESTS
	$TRACE_TESTS"
# Tests that build something whole (a Debian package) get XRT_LONG_TIMEOUT.
LONG_TESTS="deb_package"

XRT_PREFIX=${XRT_PREFIX:-xrt$$}
XRT_TIMEOUT=${XRT_TIMEOUT:-60}
XRT_LONG_TIMEOUT=${XRT_LONG_TIMEOUT:-300}

# One test, in this process: called as `run.sh --one NAME`.
run_one() {
	source "$T_DIR/lib.sh"
	source "$T_DIR/router.sh"
	source "$T_DIR/daemon.sh"
	source "$T_DIR/switch.sh"
	source "$T_DIR/offload.sh"
	source "$T_DIR/handoff.sh"
	source "$T_DIR/harden.sh"
	source "$T_DIR/link.sh"
	source "$T_DIR/scale.sh"
	source "$T_DIR/ctl.sh"
	source "$T_DIR/ctl_stress.sh"
	source "$T_DIR/help.sh"
	source "$T_DIR/package.sh"
	source "$T_DIR/ipv6.sh"
	source "$T_DIR/metrics.sh"
	source "$T_DIR/ksync.sh"
	source "$T_DIR/upgrade.sh"
	source "$T_DIR/jumbo.sh"
	source "$T_DIR/local6.sh"
	source "$T_DIR/vlan.sh"
	source "$T_DIR/ecmp.sh"
	source "$T_DIR/trace.sh"
	# wait: reap what teardown stopped, or it lingers as a zombie under init
	trap "xr_teardown_all; wait" EXIT
	trap 'exit 143' TERM INT
	declare -F "test_$1" >/dev/null || { echo "no such test: $1" >&2; exit 1; }
	if [ "$ROUTER" != kernel ] && [ ! -x "$XRD" ]; then
		echo "$XRD is missing: run make" >&2
		exit 1
	fi
	"test_$1"
}

# A test's leftovers, should it have been killed before its own trap ran.
sweep() {
	(XR_PREFIX=$1; source "$T_DIR/../../netns-scripts/lib.sh"; xr_teardown_all)
}

main() {
	local tests=${*:-$ALL_TESTS} t i=0 rc log limit pass=0 fail=0 skip=0 t0 secs times=
	if [ "$(id -u)" != 0 ] || ! ip netns add "$XRT_PREFIX-probe" 2>/dev/null; then
		echo "integration tests need root and network namespaces: skipped" >&2
		echo "0 passed, 0 failed, $(wc -w <<<"$tests") skipped"
		return 0
	fi
	ip netns del "$XRT_PREFIX-probe"
	log=$(mktemp)
	for t in $tests; do
		i=$((i + 1))
		limit=$XRT_TIMEOUT
		[[ " $LONG_TESTS " == *" $t "* ]] && limit=$XRT_LONG_TIMEOUT
		t0=$SECONDS
		XR_PREFIX="$XRT_PREFIX-$i" timeout -k 5 "$limit" \
			bash "$T_DIR/run.sh" --one "$t" >"$log" 2>&1 </dev/null
		rc=$?
		sweep "$XRT_PREFIX-$i"
		secs=$((SECONDS - t0))
		times+="$secs $t"$'\n'
		case $rc in
		0) echo "ok - $t ($secs s)"; pass=$((pass + 1)) ;;
		77) echo "ok - $t # SKIP $(grep -m1 '^SKIP:' "$log" | cut -c7-)"
		    skip=$((skip + 1)) ;;
		*) echo "not ok - $t (exit $rc, $secs s)"; sed 's/^/    /' "$log"
		   fail=$((fail + 1)) ;;
		esac
	done
	rm -f "$log"
	# Where make test's time goes: its budget is 25 minutes.
	echo "# $SECONDS s in all; slowest: $(sort -rn <<<"$times" | head -n 8 |
		awk 'NF { printf "%s%s %d s", sep, $2, $1; sep = ", " }')"
	if [ "$skip" -gt 0 ]; then
		echo "$pass passed, $fail failed, $skip skipped"
	else
		echo "$pass passed, $fail failed"
	fi
	[ "$fail" = 0 ]
}

if [ "${1:-}" = --one ]; then
	run_one "$2"
else
	main "$@"
fi
