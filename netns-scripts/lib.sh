# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Shared helpers for the topology scripts and the integration tests.  Sourced,
# never run.  Every namespace is named "$XR_PREFIX-NAME" (or bare NAME when
# XR_PREFIX is empty) and recorded in a per-prefix run directory, which also
# holds the generated router configs, daemon logs and pid files, so teardown
# can remove exactly what setup created, even after a failed run.
#
# ROUTER=xrouter (default): routers run build/xrouterd --config FILE.
# ROUTER=kernel: the same router config is applied as Linux addresses, routes
# and bridges with ip_forward=1, to check a topology or compare against it.

XR_ROOT=${XR_ROOT:-$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)}
XR_BUILD=${XR_BUILD:-$XR_ROOT/build}
XR_PREFIX=${XR_PREFIX-xr}
XRD=${XRD:-$XR_BUILD/xrouterd}
XRCTL=${XRCTL:-$XR_BUILD/xrouterctl}
ROUTER=${ROUTER:-xrouter}
XR_LOG_LEVEL=${XR_LOG_LEVEL:-info}
# /run is where ip-netns keeps its names too: both vanish on reboot together.
XR_RUN_BASE=${XR_RUN_BASE:-/run/xrouter-topo}

xr_ns() { printf '%s%s' "${XR_PREFIX:+$XR_PREFIX-}" "$1"; }
xr_run_dir() { printf '%s/%s' "$XR_RUN_BASE" "${XR_PREFIX:-_}"; }
xr_log() { printf '%s\n' "$*" >&2; }

xr_exec() { local n=$1; shift; ip netns exec "$(xr_ns "$n")" "$@"; }

# Run a command in NAME and show it first, as a reader types it: `xrouterctl`,
# not the path of the build tree's copy the demos run.
xr_show() {
	local shown=("${@:2}")
	[ "${shown[0]}" = "$XRCTL" ] && shown[0]=xrouterctl
	echo
	echo "\$ ip netns exec $(xr_ns "$1") ${shown[*]}"
	xr_exec "$@"
}
xr_ctl() { local n=$1; shift; ip netns exec "$(xr_ns "$n")" "$XRCTL" "$@"; }

# A namespace with loopback up and IPv6 off: IPv6 autoconfiguration chatter
# (RS, DAD, MLD) would only add noise to the switch tests' captures.
# XR_IPV6=1 keeps Linux's IPv6 defaults instead (the IPv6 tests and demo).
xr_ns_add() {
	local ns run
	ns=$(xr_ns "$1")
	run=$(xr_run_dir)
	mkdir -p "$run" || return 1
	ip netns add "$ns" || return 1
	echo "$ns" >>"$run/namespaces"
	ip -n "$ns" link set lo up
	[ "${XR_IPV6:-0}" = 1 ] && return 0
	ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.disable_ipv6=1 \
		net.ipv6.conf.default.disable_ipv6=1 >/dev/null
}

# xr_veth NAME1 DEV1 NAME2 DEV2 [MTU]: a veth pair created straight inside
# both namespaces (nothing ever appears in the root namespace), both ends up.
xr_veth() {
	local a b mtu=${5:-}
	a=$(xr_ns "$1")
	b=$(xr_ns "$3")
	ip link add "$2" netns "$a" type veth peer name "$4" netns "$b" || return 1
	if [ -n "$mtu" ]; then
		ip -n "$a" link set "$2" mtu "$mtu" || return 1
		ip -n "$b" link set "$4" mtu "$mtu" || return 1
	fi
	ip -n "$a" link set "$2" up && ip -n "$b" link set "$4" up
}

# A host's veth end, facing an XDP port.  It only gets frames redirected
# into it by XDP when its NAPI runs, which GRO turns on (README, "Using
# it").  Its other offloads stay as they are: the partial TCP/UDP checksums
# TX offload hands over are finished by xrouter's fast path.
xr_host_port() {
	xr_exec "$1" ethtool -K "$2" gro on >/dev/null
}

# xr_host NAME DEV ADDR/LEN GW: a host address and its default route.
# Hosts answer every probe (no ICMP rate limit): they are test equipment,
# and traceroute's parallel probes would otherwise lose the last hop.
xr_host() {
	xr_host_port "$1" "$2" || return 1
	xr_exec "$1" sysctl -qw net.ipv4.icmp_ratelimit=0 >/dev/null || return 1
	ip -n "$(xr_ns "$1")" addr add "$3" dev "$2" || return 1
	ip -n "$(xr_ns "$1")" route add default via "$4"
}

# xr_host6 NAME DEV ADDR/LEN GW: an IPv6 address (no DAD wait) and default
# route on a host that keeps Linux's other IPv6 defaults.
xr_host6() {
	xr_exec "$1" sysctl -qw net.ipv6.icmp.ratelimit=0 >/dev/null || return 1
	ip -n "$(xr_ns "$1")" -6 addr add "$3" dev "$2" nodad || return 1
	ip -n "$(xr_ns "$1")" -6 route add default via "$4"
}

# Router configs are xrouterctl lines; one file serves both ROUTER modes.
xr_conf() { printf '%s/%s.conf' "$(xr_run_dir)" "$1"; }
xr_conf_reset() { : >"$(xr_conf "$1")"; }
xr_conf_add() { local n=$1; shift; echo "$*" >>"$(xr_conf "$n")"; }

# Start the router NAME from its config, whatever ROUTER says.
xr_router_start() {
	if [ "$ROUTER" = kernel ]; then
		xr_kernel_apply "$1"
	else
		xr_daemon_start "$1"
	fi
}

# ROUTER=kernel: translate the config into Linux state.  Errors go to the
# kernel's source address choice rule so ICMP errors name the ingress port,
# as xrouterd's do, and rate limiting is off so traceroute sees every hop.
xr_kernel_apply() {
	local ns line
	ns=$(xr_ns "$1")
	ip netns exec "$ns" sysctl -qw net.ipv4.ip_forward=1 \
		net.ipv4.icmp_errors_use_inbound_ifaddr=1 \
		net.ipv4.icmp_ratelimit=0 >/dev/null || return 1
	if [ "${XR_IPV6:-0}" = 1 ]; then
		ip netns exec "$ns" sysctl -qw net.ipv6.conf.all.forwarding=1 \
			net.ipv6.icmp.ratelimit=0 >/dev/null || return 1
	fi
	while read -r line; do
		line=${line%%#*}
		[ -n "${line// }" ] || continue
		# shellcheck disable=SC2086
		xr_kernel_cmd "$ns" $line || { xr_log "$1: cannot apply: $line"; return 1; }
	done <"$(xr_conf "$1")"
}

xr_kernel_cmd() {
	local ns=$1 obj=$2 cmd=$3
	shift 3
	case "$obj $cmd" in
	"link add")
		[ "${2:-}" = bridge ] || return 0
		ip -n "$ns" link show "$3" >/dev/null 2>&1 ||
			ip -n "$ns" link add "$3" type bridge || return 1
		ip -n "$ns" link set "$3" up && ip -n "$ns" link set "$1" master "$3" ;;
	"addr add") ip -n "$ns" addr add "$@" ;;
	"route add") ip -n "$ns" route add "$@" ;;
	"bridge set") ip -n "$ns" link set "$1" type bridge ageing_time $(($3 * 100)) ;;
	*) return 1 ;;
	esac
}

# The daemon runs in the background with its own log; stdin/stdout are
# detached so a caller reading our output through a pipe is never held open.
# XR_DAEMON_ARGS: more options for every daemon (words, e.g. "--metrics :9417").
xr_daemon_start() {
	local n=$1 run pid
	run=$(xr_run_dir)
	# shellcheck disable=SC2086
	ip netns exec "$(xr_ns "$n")" "$XRD" --config "$(xr_conf "$n")" \
		--log-level "$XR_LOG_LEVEL" ${XR_DAEMON_ARGS:-} </dev/null >>"$run/$n.log" 2>&1 &
	pid=$!
	echo "$pid" >"$run/$n.pid"
	xr_daemon_wait "$n" "$pid"
}

# Ready when `xrouterctl status` exits 0; give up after ~10 s or if it died.
xr_daemon_wait() {
	local n=$1 pid=$2 i
	for i in $(seq 100); do
		if ! kill -0 "$pid" 2>/dev/null; then
			xr_log "$n: xrouterd exited during start-up; log:"
			tail -n 20 "$(xr_run_dir)/$n.log" >&2
			return 1
		fi
		xr_ctl "$n" status >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	xr_log "$n: xrouterd not ready after 10 s"
	return 1
}

xr_daemon_pid() { cat "$(xr_run_dir)/$1.pid" 2>/dev/null; }

# Stop NAME's daemon with SIG (default TERM); SIGKILL if it lingers 5 s.
xr_daemon_stop() {
	local pid sig=${2:-TERM}
	pid=$(xr_daemon_pid "$1") || return 0
	rm -f "$(xr_run_dir)/$1.pid"
	xr_pid_stop "$pid" "$sig"
}

xr_pid_stop() {
	local pid=$1 sig=${2:-TERM} i
	kill -0 "$pid" 2>/dev/null || return 0
	kill -"$sig" "$pid" 2>/dev/null
	for i in $(seq 50); do
		kill -0 "$pid" 2>/dev/null || return 0
		sleep 0.1
	done
	kill -KILL "$pid" 2>/dev/null
}

# Every namespace this prefix owns: the recorded ones, plus (with a
# non-empty prefix) any "$XR_PREFIX-*" left by a run whose records are gone.
xr_ns_list() {
	local run
	run=$(xr_run_dir)
	{
		[ -f "$run/namespaces" ] && cat "$run/namespaces"
		[ -n "$XR_PREFIX" ] && ip netns list 2>/dev/null | awk '{print $1}' |
			grep -E "^${XR_PREFIX}-[^-]+$"
	} | sort -u
}

# Daemons first (SIGTERM detaches XDP cleanly), then whatever else still
# runs inside our namespaces (pings, iperf3, tcpdump the tests started),
# then the namespaces, which takes their veths with them.
xr_teardown_all() {
	local run ns f pid
	run=$(xr_run_dir)
	for f in "$run"/*.pid; do
		[ -f "$f" ] || continue
		xr_daemon_stop "$(basename "$f" .pid)"
	done
	for ns in $(xr_ns_list); do
		for pid in $(ip netns pids "$ns" 2>/dev/null); do
			xr_pid_stop "$pid" TERM
		done
		ip netns del "$ns" 2>/dev/null
	done
	rm -rf "$run"
	rmdir "$XR_RUN_BASE" 2>/dev/null
	return 0
}

# Wrap "up"/"down" for scripts that are run rather than sourced.
xr_main() {
	local setup=$1 teardown=$2 action=${3:-}
	case "$action" in
	up) "$teardown"; "$setup" || { "$teardown"; return 1; } ;;
	down) "$teardown" ;;
	*) echo "usage: $(basename "$0") up|down" >&2; return 2 ;;
	esac
}
