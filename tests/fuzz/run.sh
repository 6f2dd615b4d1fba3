#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Run every fuzz target (build/fuzz/fuzz_*, `make fuzz`) for a bounded
# time: FUZZ_RUNS inputs each (default 20000, the short run `make test`
# does), or FUZZ_SECONDS seconds each when set (`make fuzz`).  The seeds in
# tests/fuzz/seeds/TARGET/ start the corpus, which grows in
# build/fuzz/corpus/TARGET/; a crash is saved in build/fuzz/ and named in
# the output.  Then the differential fuzzer of the XDP program
# (build/tests/fuzz/xrdiff, tests/fuzz/diff/): every reproducer in
# tests/fuzz/repro/ replayed, and XRDIFF_FRAMES random frames (default
# 10^6; `make fuzz`: 10^8) split over XRDIFF_JOBS processes, one per CPU,
# each with its own seed; a difference is written to build/fuzz/repro/.
# Prints "ok - TARGET: N runs, R/s" or "not ok", then "N passed, N failed".

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
# xrdiff_run: the reproducers, then the random frames, one line each.
xrdiff_run() {
	local bin=${XR_BUILD:-$ROOT/build}/tests/fuzz/xrdiff out=$FUZZ/repro
	local frames=${XRDIFF_FRAMES:-1000000} jobs=${XRDIFF_JOBS:-$(nproc)} j pids=() rc=0
	local start end total=0 n rate

	[ -x "$bin" ] || { echo "not ok - xrdiff: $bin missing (make all)"; fail=$((fail + 1)); return; }
	if ls "$ROOT"/tests/fuzz/repro/*.repro >/dev/null 2>&1; then
		if "$bin" --replay "$ROOT"/tests/fuzz/repro/*.repro >"$FUZZ/xrdiff-replay.log" 2>&1; then
			echo "ok - xrdiff: $(grep -c '^ok - replay' "$FUZZ/xrdiff-replay.log") reproducers replayed"
			pass=$((pass + 1))
		else
			echo "not ok - xrdiff: reproducers"
			grep -E '^not ok|^# frame' "$FUZZ/xrdiff-replay.log" | sed 's/^/    /'
			fail=$((fail + 1))
		fi
	fi
	mkdir -p "$out"
	start=$(date +%s.%N)
	for ((j = 0; j < jobs; j++)); do
		"$bin" -n $((frames / jobs)) -c $((j % $(nproc))) -s "${XRDIFF_SEED:-$RANDOM$RANDOM}$j" \
			-o "$out" >"$FUZZ/xrdiff-$j.log" 2>&1 &
		pids+=($!)
	done
	for j in "${!pids[@]}"; do
		wait "${pids[$j]}" || rc=1
		n=$(grep -oE '^# [0-9]+ frames' "$FUZZ/xrdiff-$j.log" | grep -oE '[0-9]+')
		total=$((total + ${n:-0}))
	done
	end=$(date +%s.%N)
	rate=$(awk -v n="$total" -v a="$start" -v b="$end" 'BEGIN { printf "%.0f", n / (b - a) }')
	if [ "$rc" = 0 ]; then
		echo "ok - xrdiff: $total frames, 0 differences from the model, 0 invalid forwards," \
			"$rate frames/s in $(awk -v a="$start" -v b="$end" 'BEGIN { printf "%.0f", b - a }') s ($jobs jobs)"
		pass=$((pass + 1))
	else
		echo "not ok - xrdiff: differences from the model (reproducers in $out)"
		cat "$FUZZ"/xrdiff-*.log | grep -E '^# (difference|reproducer)|^not ok' | head -n 20 |
			sed 's/^/    /'
		fail=$((fail + 1))
	fi
}

[ -n "${XRDIFF_SKIP:-}" ] || xrdiff_run
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
