# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# What every shell part of `make test` reports, sourced by it: one line per
# check, "ok - desc" or "not ok - desc" (or "ok - desc # SKIP why"), and a
# closing "N passed, N failed[, N skipped]" that tests/run.sh adds up.

check_passed=0
check_failed=0
check_skipped=0

# check DESC CONDITION: CONDITION is eval'd, so it may name the caller's functions.
check() {
	if eval "$2"; then
		echo "ok - $1"
		check_passed=$((check_passed + 1))
	else
		echo "not ok - $1"
		check_failed=$((check_failed + 1))
	fi
}

# check_skip DESC WHY: a check that could not run here.
check_skip() {
	echo "ok - $1 # SKIP $2"
	check_skipped=$((check_skipped + 1))
}

# The closing line; its status is the part's exit status.
check_done() {
	if [ "$check_skipped" -gt 0 ]; then
		echo "$check_passed passed, $check_failed failed, $check_skipped skipped"
	else
		echo "$check_passed passed, $check_failed failed"
	fi
	[ "$check_failed" = 0 ]
}
