#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# `make test`: run every part in order -- unit test binaries, the BPF
# PROG_TEST_RUN suite, the sanitized builds (tests/san.sh), a short run of
# the fuzz targets (tests/fuzz/run.sh), the integration suite, the bench
# smoke test -- each under a time limit, print each part's output, and end with one line
# "N passed, N failed[, N skipped]" summing the parts' own summary lines.
# A part that crashes, times out or prints no summary counts as a failure.
# Exit status: 0 only if nothing failed.

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${XR_BUILD:-$ROOT/build}
UNIT_TIMEOUT=${UNIT_TIMEOUT:-60}
BPF_TIMEOUT=${BPF_TIMEOUT:-120}
INTEG_TIMEOUT=${INTEG_TIMEOUT:-2400}	# 1800 until local6 (7 tests) joined; ~26 min on a load of ~14
FUZZ_TIMEOUT=${FUZZ_TIMEOUT:-300}	# 7 targets, then 10^6 frames through xrdiff
BENCH_TIMEOUT=${BENCH_TIMEOUT:-300}
SAN_TIMEOUT=${SAN_TIMEOUT:-400}

passed=0
failed=0
skipped=0
SUMMARY_RE='^([0-9]+) passed, ([0-9]+) failed(, ([0-9]+) skipped)?'

# run_part NAME TIMEOUT CMD...: run, show output live, add its summary.
run_part() {
	local name=$1 limit=$2 out rc line t0=$SECONDS
	shift 2
	out=$(mktemp)
	echo "=== $name"
	timeout -k 10 "$limit" "$@" 2>&1 | tee "$out"
	rc=${PIPESTATUS[0]}
	echo "=== $name: $((SECONDS - t0)) s"
	line=$(grep -E "$SUMMARY_RE" "$out" | tail -n 1)
	rm -f "$out"
	if [ -z "$line" ]; then
		part_broken "$name" "$rc" "no summary line"
		return
	fi
	[[ $line =~ $SUMMARY_RE ]]
	passed=$((passed + BASH_REMATCH[1]))
	failed=$((failed + BASH_REMATCH[2]))
	skipped=$((skipped + ${BASH_REMATCH[4]:-0}))
	# A part that reports no failure yet exits non-zero still failed.
	[ "$rc" = 0 ] || [ "${BASH_REMATCH[2]}" != 0 ] ||
		part_broken "$name" "$rc" "non-zero exit"
}

part_broken() {
	local why=$3
	[ "$2" = 124 ] || [ "$2" = 137 ] && why="timed out"
	echo "=== $1: FAILED ($why, exit $2)"
	failed=$((failed + 1))
}

cd "$ROOT" || exit 1

for t in "$BUILD"/tests/unit/*_test; do
	[ -x "$t" ] || continue
	run_part "unit $(basename "$t")" "$UNIT_TIMEOUT" "$t"
done
if [ -x "$BUILD/tests/bpf/bpf_test" ]; then
	run_part "bpf bpf_test" "$BPF_TIMEOUT" "$BUILD/tests/bpf/bpf_test"
fi
# The unit tests and a few integration tests again, built with UBSan and
# ASan (`make san`, which `make test` runs; missing, the part fails).
run_part sanitizers "$SAN_TIMEOUT" bash tests/san.sh
# What each program links: xrouterctl has no datapath library.
run_part layering "$UNIT_TIMEOUT" bash tests/layering.sh
# What `make install` puts on a system: paths, man pages, units, completion.
run_part install "$UNIT_TIMEOUT" bash tests/install.sh
# Every parser of outside input, 20,000 inputs each, and 10^6 frames through
# the differential fuzzer (`make fuzz`: longer).
run_part fuzz "$FUZZ_TIMEOUT" bash tests/fuzz/run.sh
if [ -f tests/integration/run.sh ]; then
	run_part integration "$INTEG_TIMEOUT" bash tests/integration/run.sh
fi
if [ -f tests/bench/smoke.sh ]; then
	run_part "bench smoke" "$BENCH_TIMEOUT" bash tests/bench/smoke.sh
fi

echo
if [ "$skipped" -gt 0 ]; then
	echo "$passed passed, $failed failed, $skipped skipped"
else
	echo "$passed passed, $failed failed"
fi
[ "$failed" = 0 ]
