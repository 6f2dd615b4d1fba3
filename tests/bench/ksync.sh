# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# The benchmark's kernel sync stage (issue 12), sourced by run.sh: how fast
# xrouterd follows the kernel's table.  For each size N of KSYNC_SIZES, in a
# namespace of its own, one xrouterd with `kernel sync on` and one port
# (k0, 10.255.0.1/24); N /24s via 10.255.0.2 proto bgp go into the kernel
# with one `ip -batch`, as fast as the kernel takes them, while the daemon
# follows.  Rows of raw.txt, `ksync N KEY VALUE`:
#   kernel_s       the kernel taking the batch (ip -batch's run time)
#   sync_s         from the batch's start until xrouterd has all N
#   lag_s          how long after the kernel had them all (0 if at once)
#   routes_per_s   N / sync_s: kernel table to xrouter's fast path
#   rss_mib        the daemon's resident size with the N routes
#   withdraw_s     `ip route flush proto bgp` until xrouterd has none
# "Has" is `kernel show`'s count of installed routes, which the module
# writes to the RIB and FIB as each notification is read; the last
# prefix is then looked up in the compiled tables (`route get`).

KSYNC_SIZES=${BENCH_KSYNC_SIZES-100000 1000000}
NS_KS=tbn-${TAG}ks

in_ks() { ip netns exec "$NS_KS" "$@"; }

# Routes xrouterd has installed from the kernel (kernel show's "routes N").
ksync_count() {
	in_ks "$XRCTL" kernel show 2>/dev/null | awk '$1 == "routes" { print $2; exit }'
}

# Until ksync_count is WANT (or 600 s pass): the time it was seen, in KS_T.
ksync_wait() {
	local want=$1 deadline=$((SECONDS + 600)) c
	while [ "$SECONDS" -lt "$deadline" ]; do
		c=$(ksync_count)
		KS_T=$(now)
		[ "${c:-x}" = "$want" ] && return 0
		sleep 0.02
	done
	log "  ksync: xrouterd has ${c:-?} routes, not $want"
	return 1
}

# N routes as ip -batch lines: 16.0.0.0/24 upwards.
ksync_batch() {
	awk -v n="$1" 'BEGIN {
		for (i = 0; i < n; i++)
			printf "route add %d.%d.%d.0/24 via 10.255.0.2 proto bgp\n",
			       16 + int(i / 65536), int(i / 256) % 256, i % 256 }'
}

ksync_down() {
	[ -n "${KS_PID:-}" ] && { kill "$KS_PID" 2>/dev/null; wait "$KS_PID" 2>/dev/null; }
	KS_PID=
	ip netns del "$NS_KS" 2>/dev/null
	return 0
}

ksync_up() {
	ksync_down
	ns_add "$NS_KS" || return 1
	ip -n "$NS_KS" link add k0 type veth peer name k1 || return 1
	ip -n "$NS_KS" link set k0 up && ip -n "$NS_KS" link set k1 up || return 1
	printf '%s\n' "link add k0" "addr add 10.255.0.1/24 dev k0" "kernel sync on" \
		>"$OUT/ksync.conf"
	# ip netns exec execs the daemon: $! is its pid, for its RSS.
	ip netns exec "$NS_KS" "$XRD" --config "$OUT/ksync.conf" --log-level warn \
		>>"$OUT/ksync.log" 2>&1 &
	KS_PID=$!
	NS_DUT=$NS_KS daemon_ready "$KS_PID"	# run.sh's wait, in this namespace
}

ksync_one() {
	local n=$1 t0 t1 last rss
	log "kernel sync: $n routes added with ip -batch"
	ksync_batch "$n" >"$OUT/ksync-batch.txt"
	ksync_up || return 1
	t0=$(now)
	in_ks ip -batch "$OUT/ksync-batch.txt" || return 1
	t1=$(now)
	ksync_wait "$n" || return 1
	last=$(tail -n 1 "$OUT/ksync-batch.txt" | awk '{ sub("0/24", "1", $3); print $3 }')
	in_ks "$XRCTL" route get "$last" | grep -q "via 10.255.0.2 dev k0" ||
		{ log "  ksync: route get $last: not in the fast path"; return 1; }
	rss=$(awk '/^VmRSS/ { printf "%.1f", $2 / 1024 }' "/proc/$KS_PID/status")
	raw "ksync $n kernel_s $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }')"
	raw "ksync $n sync_s $(awk -v a="$t0" -v b="$KS_T" 'BEGIN { printf "%.3f", b - a }')"
	raw "ksync $n lag_s $(awk -v a="$t1" -v b="$KS_T" 'BEGIN { d = b - a; printf "%.3f", (d > 0 ? d : 0) }')"
	raw "ksync $n routes_per_s $(awk -v n="$n" -v a="$t0" -v b="$KS_T" 'BEGIN { printf "%.0f", n / (b - a) }')"
	raw "ksync $n rss_mib $rss"
	log "  the kernel took $(awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.1f", b - a }') s; xrouterd had them all $(awk -v a="$t1" -v b="$KS_T" 'BEGIN { printf "%.2f", b - a }') s later, at $rss MiB"
	t0=$(now)
	in_ks ip route flush proto bgp || return 1
	ksync_wait 0 || return 1
	raw "ksync $n withdraw_s $(awk -v a="$t0" -v b="$KS_T" 'BEGIN { printf "%.3f", b - a }')"
	ksync_down
}

ksync_stage() {
	local n
	[ -x "$XRD" ] && [ -x "$XRCTL" ] || { log "kernel sync: not built, skipped"; return 0; }
	: >"$OUT/ksync.log"
	for n in $KSYNC_SIZES; do
		if ! ksync_one "$n"; then
			log "  kernel sync $n failed: $(tail -n 1 "$OUT/ksync.log")"
			raw "fail ksync $n"
			ksync_down
		fi
	done
	rm -f "$OUT/ksync-batch.txt"
}
