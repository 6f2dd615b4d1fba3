#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Part of `make test`: what each program may link.  xrouterctl ships argv to
# the daemon and prints its answer, so it must not load the datapath's
# libraries (libbpf, libelf, libmnl): a CLI that needs them has grown a
# call into the daemon's layers.  Prints "ok - ..." per check and
# "N passed, N failed".

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${XR_BUILD:-$ROOT/build}
pass=0
fail=0

check() {
	if eval "$2"; then
		echo "ok - $1"
		pass=$((pass + 1))
	else
		echo "not ok - $1"
		fail=$((fail + 1))
	fi
}

for bin in "$BUILD/xrouterctl" "$BUILD/san/xrouterctl"; do
	[ -x "$bin" ] || { check "$bin is built" false; continue; }
	libs=$(ldd "$bin" 2>&1)
	check "${bin#"$BUILD"/} links no datapath library" \
		'! grep -qE "lib(bpf|elf|mnl)\.so" <<<"$libs" || { echo "$libs" | sed "s/^/    /"; false; }'
done
echo "$pass passed, $fail failed"
[ "$fail" = 0 ]
