#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Part of `make test`: the benchmark harness in miniature (a few seconds),
# to keep it working.  Checks that every stage ran and produced numbers;
# performance is not judged here.  Ends with "N passed, N failed".

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
OUT=${XR_BUILD:-$ROOT/build}/bench/smoke
RAW=$OUT/raw.txt
# shellcheck source=tests/check.sh
source "$ROOT/tests/check.sh"

# A mode's median received rate is a positive number.
has_pps() { awk -v m="$1" '$1 == "pps" && $2 == m && $5 > 0 { ok = 1 } END { exit !ok }' "$RAW"; }
has_scale() { awk -v n="$1" -v k="$2" '$1 == "scale" && $2 == n && $3 == k { ok = 1 } END { exit !ok }' "$RAW"; }
has_restart() { awk -v k="$1" '$1 == "restart" && $2 == 10000 && $3 == k && $4 > 0 { ok = 1 } END { exit !ok }' "$RAW"; }
has_daemon() { awk -v k="$1" '$1 == "daemon" && $3 == k && $4 > 0 { ok = 1 } END { exit !ok }' "$RAW"; }
has_insns() { awk -v p="$1" '$1 == "insns" && $2 == p && $4 > 0 && $6 > 0 { ok = 1 } END { exit !ok }' "$RAW"; }
cost_ok() { awk -v p="$1" '$1 == "cost" && $2 == p && $3 > 0 && $5 == "ok" { ok = 1 } END { exit !ok }' "$RAW"; }

mkdir -p "$OUT"
BENCH_OUT=$OUT BENCH_TAG=s$$- BENCH_SECS=0.3 BENCH_REPS=1 BENCH_MAIN_N=100 \
	BENCH_SIZES="10 1000" BENCH_SCALE_REPS=1 BENCH_NDST=256 BENCH_TCP_SECS=1 BENCH_CLI_N=5 \
	BENCH_RESTART_SIZES=10000 BENCH_RESTART_SECS=1 BENCH_V6_SIZES="10 1000" BENCH_V6_NODES=65536 \
	BENCH_MEM_SETS="lines 256 pages 64" BENCH_METRICS_PORTS=8 BENCH_METRICS_REPS=3 BENCH_KSYNC_SIZES=1000 \
	FLOOD_SECS=1 FLOOD_KINDS="scan arpspoof-static macs bad" \
	bash "$ROOT/tests/bench/run.sh" >"$OUT/run.log" 2>&1
rc=$?
check "run.sh exits 0" '[ $rc = 0 ] || { tail -n 20 "$OUT/run.log"; false; }'
check "results.md written" '[ -s "$OUT/results.md" ]'
for m in genonly xrouter xrecmp kernel xswitch xswitchvlan bridge ceiling; do
	check "pps measured: $m" "has_pps $m"
done
for n in 10 1000; do
	check "scale $n: load time" "has_scale $n load_s"
	check "scale $n: ns per run" "has_scale $n ns_spread"
	check "scale $n: routed pps" "has_pps scale-$n"
done
for p in empty_xdp_pass ceiling min_router routed_forward routed6_forward switched_forward flood handoff_no_route; do
	check "program cost: $p" "cost_ok $p"
done
check "verifier's view: xdp_port" "has_insns xdp_port"
check "verifier's view: xdp_port with IPv4 DXR" "has_insns xdp_port+ipv4_dxr"
check "read cost by where it lands: xrb_mem" "awk '\$1 == \"mem\" && NF >= 7 { n++ } END { exit n < 2 }' '$RAW'"
for k in start_s replace_median_ms status_median_ms cli_replace_ms churn_changes \
	metrics_scrape_ms metrics_ports; do
	check "daemon: $k" "has_daemon $k"
done
check "restart 10000: ready time" "has_restart ready_s"
check "restart 10000: ready time under traffic" "has_restart ready_traffic_s"
check "restart 10000: traffic measured across it" "has_pps restart-10000"
check "restart 10000: frames lost counted" "grep -q '^frames restart-10000 ' '$RAW'"
if [ -x "${XR_BUILD:-$ROOT/build}/abibump/xrouterd" ]; then
	check "upgrade 10000: traffic measured across it" "has_pps upgrade-10000"
	check "upgrade 10000: swap timed" "has_restart upgrade_swap_us"
fi
for k in load_s map_mib cost_ns; do
	check "ipv6 1000: $k" "awk -v k=$k '\$1 == \"ipv6\" && \$2 == 1000 && \$3 == k { ok = 1 } END { exit !ok }' '$RAW'"
done
# Floods: each measured, the daemon alive (a death is a "fail" line), and the
# tables within their bounds (pending resolutions, the FDB's 65,536).
flood_val() {
	awk -v k="$1" -v f="$2" '$1 == "flood" && $2 == k && $3 == f { $1 = $2 = $3 = ""; print substr($0, 4) }' "$RAW"
}
for k in scan arpspoof-static macs bad; do
	check "flood $k: steady flow measured" "[ -n \"\$(flood_val $k fraction)\" ]"
done
check "flood scan: pending resolutions bounded" \
	"[ \"\$(flood_val scan tables | sed -nE 's/.*max_during:([0-9]+).*/\1/p')\" -le 1100 ]"
check "flood arpspoof-static: the static gateway never moved" \
	"[ \"\$(flood_val arpspoof-static outcome)\" = gateway_kept ]"
check "flood macs: FDB bounded, the known station kept" \
	"[ \"\$(flood_val macs outcome)\" = s2_known=1 ] &&
	 [ \"\$(flood_val macs tables | sed -nE 's/.*fdb=([0-9]+).*/\1/p')\" -le 65536 ]"
for k in kernel_s sync_s lag_s routes_per_s rss_mib withdraw_s; do
	check "kernel sync 1000: $k" "awk -v k=$k '\$1 == \"ksync\" && \$2 == 1000 && \$3 == k && \$4 != \"\" { ok = 1 } END { exit !ok }' '$RAW'"
done
check "TCP measured through xrouter" "grep -q '^tcp xrouter ' '$RAW'"
check "no stage failed" "! grep '^fail' '$RAW'"
check_done
