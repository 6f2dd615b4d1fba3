#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# The life of one packet and its answer, hop by hop, across every xrouter of
# a topology of namespaces:
#
#   packet-life.sh FROM_NS DEST [ping|traceroute|udp PORT|tcp PORT]   (default ping)
#
# It starts two traces on each router (`xrouterctl trace`): the packet from
# FROM_NS's address to DEST, and whatever comes back to FROM_NS's address;
# sends the packet from FROM_NS (traceroute: one probe per hop, one at a
# time); then prints every router's records merged in the order they
# happened (all namespaces of a machine read one clock), each under the
# router that took the decisions.
#
# The topology's routers: the namespaces named like FROM_NS but for its last
# "-word" (FROM_NS xrt1-h1: every xrt1-* namespace; a bare name like h1,
# as `make demo` makes: every namespace without a "-") in which xrouterctl
# reaches a daemon.  PACKET_LIFE_ROUTERS="ns ..." names them instead.
# XRCTL is the xrouterctl to run (default: the build tree's, else PATH's).

set -u
PL_DIR=$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)
XRCTL=${XRCTL:-$PL_DIR/../build/xrouterctl}
[ -x "$XRCTL" ] || XRCTL=$(command -v xrouterctl)
PL_TIMEOUT=${PACKET_LIFE_TIMEOUT:-5}	# seconds a trace waits for its packets

pl_usage() {
	echo "usage: $(basename "$0") FROM_NS DEST [ping|traceroute|udp PORT|tcp PORT]" >&2
	exit 2
}

# The namespaces of FROM_NS's topology that run an xrouterd.
pl_routers() {
	local from=$1 prefix ns
	if [ -n "${PACKET_LIFE_ROUTERS:-}" ]; then
		echo "$PACKET_LIFE_ROUTERS"
		return
	fi
	prefix=
	[[ $from == *-* ]] && prefix=${from%-*}-
	for ns in $(ip netns list | awk '{ print $1 }' | sort); do
		[ "$ns" = "$from" ] && continue
		if [ -n "$prefix" ]; then
			[[ $ns == "$prefix"* && ${ns#"$prefix"} != *-* ]] || continue
		else
			[[ $ns != *-* ]] || continue
		fi
		XRCTL_TIMEOUT=2 ip netns exec "$ns" "$XRCTL" status >/dev/null 2>&1 && echo "$ns"
	done
}

# FROM_NS's source address towards DEST.
pl_source() {
	ip -n "$1" route get "$2" 2>/dev/null | grep -oE 'src [^ ]+' | head -1 | cut -d' ' -f2
}

# Send the packet (or the probes) from FROM_NS.
pl_send() {
	local from=$1 dest=$2 kind=$3 port=$4 v6=
	[[ $dest == *:* ]] && v6=-6
	case $kind in
	ping) ip netns exec "$from" ping $v6 -c 1 -W 3 "$dest" ;;
	traceroute) ip netns exec "$from" traceroute $v6 -n -q 1 -N 1 -w 2 -m 8 "$dest" ;;
	udp) ip netns exec "$from" bash -c "echo packet-life >/dev/udp/$dest/$port" &&
		echo "sent one UDP datagram to $dest port $port" ;;
	tcp) ip netns exec "$from" timeout 3 bash -c "exec 3<>/dev/tcp/$dest/$port" 2>/dev/null
		echo "sent a TCP SYN to $dest port $port" ;;
	esac
}

# Records of every router, merged by time: "[router]" over each packet's lines.
pl_merge() {
	local dir=$1 f
	for f in "$dir"/*.out; do
		awk -v r="$(basename "$f" .out)" '
			/^packet [0-9]+ at / { if (b != "") print t "\t" b; t = $4; b = "[" r "] " $0; next }
			/^    / && b != "" { b = b "\x01" $0; next }
			{ if (b != "") print t "\t" b; b = "" }
			END { if (b != "") print t "\t" b }' "$f"
	done | sort -t "$(printf '\t')" -k1,1n | cut -f2- | tr '\001' '\n'
}

PL_TMP=
PL_PIDS=()
# The traces still running (an early exit) and the scratch directory.
pl_cleanup() {
	[ "${#PL_PIDS[@]}" -gt 0 ] && kill "${PL_PIDS[@]}" 2>/dev/null
	[ -n "$PL_TMP" ] && rm -rf "$PL_TMP"
}

main() {
	local from=${1:-} dest=${2:-} kind=${3:-ping} port=${4:-} src proto count dir ns r
	local routers=()
	[ -n "$from" ] && [ -n "$dest" ] || pl_usage
	case $kind in
	ping) proto=icmp; [[ $dest == *:* ]] && proto=icmpv6; count=1 ;;
	traceroute) proto=udp; count=8 ;;
	udp|tcp) [[ $port =~ ^[0-9]+$ ]] || pl_usage; proto=$kind; count=1 ;;
	*) pl_usage ;;
	esac
	ip netns exec "$from" true 2>/dev/null || { echo "no namespace \"$from\"" >&2; exit 1; }
	src=$(pl_source "$from" "$dest")
	[ -n "$src" ] || { echo "$from has no route to $dest" >&2; exit 1; }
	read -r -a routers <<<"$(pl_routers "$from" | tr '\n' ' ')"
	[ "${#routers[@]}" -gt 0 ] || { echo "no xrouterd in $from's topology" >&2; exit 1; }
	dir=$(mktemp -d)
	PL_TMP=$dir
	trap 'pl_cleanup' EXIT
	for ns in "${routers[@]}"; do
		for r in there back; do
			if [ $r = there ]; then
				set -- from "$src" to "$dest" proto "$proto"
			else
				set -- to "$src"
			fi
			ip netns exec "$ns" "$XRCTL" trace "$@" count "$count" timeout "$PL_TIMEOUT" \
				>"$dir/$ns.$r" 2>&1 &
			PL_PIDS+=($!)
		done
	done
	# Each trace says so once it runs: only then may the packet go.  A
	# router's first trace waits for its traced program to load (~1 s).
	for ns in "${routers[@]}"; do
		for r in there back; do
			for _ in $(seq 100); do
				[ -s "$dir/$ns.$r" ] && break
				sleep 0.1
			done
			grep -q '^tracing' "$dir/$ns.$r" ||
				{ echo "$ns: the trace did not start: $(cat "$dir/$ns.$r")" >&2; exit 1; }
		done
	done
	echo "== $from ($src) -> $dest: $kind =="
	pl_send "$from" "$dest" "$kind" "$port" | sed 's/^/  /'
	wait "${PL_PIDS[@]}"
	PL_PIDS=()
	for ns in "${routers[@]}"; do
		# Named as a reader calls it: r1, not the test prefix's xrt1-r1.
		cat "$dir/$ns.there" "$dir/$ns.back" >"$dir/${ns##*-}.out"
	done
	echo "== the packet's life, hop by hop (routers: ${routers[*]}) =="
	pl_merge "$dir"
}

main "$@"
