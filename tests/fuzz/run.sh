#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Run every fuzz target (build/fuzz/fuzz_*, `make fuzz`) for a bounded
# time: FUZZ_RUNS inputs each (default 20000, the short run `make test`
# does), or FUZZ_SECONDS seconds each when set (`make fuzz`).  The seeds in
# tests/fuzz/seeds/TARGET/ start the corpus, which grows in
# build/fuzz/corpus/TARGET/; a crash is saved in build/fuzz/ and named in
# the output.  Prints "ok - TARGET: N runs, R/s" or "not ok", then
# "N passed, N failed".

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
FUZZ=${XR_BUILD:-$ROOT/build}/fuzz
RUNS=${FUZZ_RUNS:-20000}
pass=0
fail=0

limit_args() {
	if [ -n "${FUZZ_SECONDS:-}" ]; then
		echo "-max_total_time=$FUZZ_SECONDS"
	else
		echo "-runs=$RUNS"
	fi
}

for bin in "$FUZZ"/fuzz_*; do
	[ -x "$bin" ] || continue
	name=$(basename "$bin")
	corpus=$FUZZ/corpus/$name
	seeds=$ROOT/tests/fuzz/seeds/$name
	mkdir -p "$corpus"
	[ -d "$seeds" ] || seeds=
	log=$FUZZ/$name.log
	start=$(date +%s.%N)
	# shellcheck disable=SC2046
	timeout -k 5 $((${FUZZ_SECONDS:-60} + 60)) "$bin" $(limit_args) -max_len=9100 \
		-artifact_prefix="$FUZZ/$name-" -print_final_stats=1 \
		"$corpus" ${seeds:+"$seeds"} >"$log" 2>&1
	rc=$?
	end=$(date +%s.%N)
	runs=$(grep -m1 -oE 'stat::number_of_executed_units: *[0-9]+' "$log" | grep -oE '[0-9]+$')
	rate=$(awk -v n="${runs:-0}" -v a="$start" -v b="$end" 'BEGIN { printf "%.0f", n / (b - a) }')
	if [ "$rc" = 0 ]; then
		echo "ok - $name: ${runs:-?} runs, $rate/s"
		pass=$((pass + 1))
	else
		echo "not ok - $name (exit $rc)"
		grep -E 'ERROR|runtime error|property failed|artifact|Test unit written' "$log" |
			head -n 10 | sed 's/^/    /'
		fail=$((fail + 1))
	fi
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
