#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# FRR (Debian package frr, 8.4) inside a topology's namespaces: one
# instance per router namespace, each with its own directory for configs,
# sockets, pid files and logs under the topology's run directory, so
# instances never meet each other or a system FRR.  Sourced after lib.sh.
#
#   frr_start NAME DAEMON <CONF    start zebra first, then ospfd, bgpd, staticd...
#   frr_vtysh NAME COMMAND         a show command
#   frr_config NAME <LINES         configuration lines into the running FRR

FRR_LIB=${FRR_LIB:-/usr/lib/frr}

frr_dir() { printf '%s/frr-%s' "$(xr_run_dir)" "$1"; }

frr_start() {
	local n=$1 d=$2 dir i
	dir=$(frr_dir "$n")
	mkdir -p "$dir" && chown frr:frr "$dir" || return 1
	{
		echo "hostname $n"
		echo "log file $dir/$d.log"
		cat
	} >"$dir/$d.conf"
	chown frr:frr "$dir/$d.conf"
	xr_exec "$n" "$FRR_LIB/$d" -d -N "$(xr_ns "$n")" -f "$dir/$d.conf" -i "$dir/$d.pid" \
		-z "$dir/zserv.api" --vty_socket "$dir" -A 127.0.0.1 -P 0 2>/dev/null || return 1
	for i in $(seq 50); do
		[ -s "$dir/$d.pid" ] && break
		sleep 0.1
	done
	# Where teardown finds daemons to stop.
	cp "$dir/$d.pid" "$(xr_run_dir)/$n-$d.pid"
}

frr_vtysh() {
	local n=$1
	shift
	xr_exec "$n" vtysh --vty_socket "$(frr_dir "$n")" -c "$*"
}

frr_config() {
	local n=$1 args=(-c "configure terminal") line
	while read -r line; do args+=(-c "$line"); done
	xr_exec "$n" vtysh --vty_socket "$(frr_dir "$n")" "${args[@]}" >/dev/null
}

# OSPF with the timers that converge in about a second (issue 12):
# ospf_conf ROUTER-ID "NET..." "P2P-IF..." "PASSIVE-IF...".
frr_ospf_conf() {
	local id=$1 net i
	for i in $3; do
		echo "interface $i"
		echo " ip ospf network point-to-point"
		echo " ip ospf hello-interval 1"
		echo " ip ospf dead-interval 4"
	done
	echo "router ospf"
	echo " ospf router-id $id"
	echo " timers lsa min-arrival 0"
	echo " timers throttle spf 0 50 500"
	for i in $4; do echo " passive-interface $i"; done
	for net in $2; do echo " network $net area 0"; done
}
