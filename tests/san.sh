#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# The sanitizer part of `make test`: the unit tests built with UBSan and
# ASan (`make san`, build/san/), then a few integration tests whose daemon
# and CLI are the sanitized builds, so the slow path (ICMP, fragmentation,
# TCP resets on frames whose IP header sits at offset 14) and the state
# journal run under them too.  A report fails the part: the sanitizers
# abort the process (-fno-sanitize-recover=all) and their report, on its
# stderr, is kept here and printed.
# Prints "ok - ..." / "not ok - ..." per step and "N passed, N failed".

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${XR_BUILD:-$ROOT/build}
SAN=$BUILD/san
# Each reaches a different part of the slow path, the state files or the
# control socket.
SAN_INTEG_TESTS=${SAN_INTEG_TESTS:-"ping_router_addr ttl_exceeded frag_df_clear
	frag_needed host_unreachable state_journal state_name_injection ctl_big_line"}
SAN_REPORT_RE='runtime error|AddressSanitizer|UndefinedBehaviorSanitizer|LeakSanitizer'

pass=0
fail=0
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
export UBSAN_OPTIONS="halt_on_error=1:print_stacktrace=1"
# Leaks at exit fail too: the unit tests end by returning, and the daemon's
# SIGTERM path frees what it allocated before it returns from main (a
# daemon a test SIGKILLs, or a forked child that _exits, is never checked).
export ASAN_OPTIONS="halt_on_error=1:detect_leaks=1"

# step NAME RC: a step fails on its exit status or on any report in $work/stderr.
step() {
	local name=$1 rc=$2
	if grep -qE "$SAN_REPORT_RE" "$work/stderr" 2>/dev/null; then
		sed 's/^/    /' "$work/stderr"
		rc=1
	fi
	rm -f "$work/stderr"
	if [ "$rc" = 0 ]; then
		echo "ok - $name"
		pass=$((pass + 1))
	else
		echo "not ok - $name"
		fail=$((fail + 1))
	fi
}

if [ ! -x "$SAN/xrouterd" ]; then
	echo "$SAN is missing: run make san" >&2
	echo "0 passed, 1 failed"
	exit 1
fi

for t in "$SAN"/tests/unit/*_test; do
	[ -x "$t" ] || continue
	"$t" >"$work/stdout" 2>"$work/stderr"
	rc=$?
	[ "$rc" = 0 ] || grep -v '^ok - ' "$work/stdout" | sed 's/^/    /'
	step "sanitized $(basename "$t")" "$rc"
done

# The daemon's stderr is its log in the test's run directory, which goes
# with the test: a copy stays here.  exec keeps the pid the tests signal.
printf '#!/bin/bash\nexec %q "$@" 2> >(tee -a %q >&2)\n' "$SAN/xrouterd" "$work/stderr" \
	>"$work/xrouterd"
chmod +x "$work/xrouterd"
# shellcheck disable=SC2086
out=$(XRD=$work/xrouterd XRCTL=$SAN/xrouterctl bash "$ROOT/tests/integration/run.sh" \
	$SAN_INTEG_TESTS 2>&1)
rc=$?
sed 's/^/    /' <<<"$out"
step "integration tests with the sanitized daemon" "$rc"

echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
