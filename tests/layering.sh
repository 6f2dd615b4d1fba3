#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Part of `make test`: the layers of user/ call only downward (README,
# "Layout").  Each layer's archive is linked whole, alone with the layers
# below it: a reference to anything above is an undefined symbol and fails
# the link.  And xrouterctl ships argv to the daemon and prints its answer,
# so it must not load the datapath's libraries (libbpf, libelf, libmnl): a
# CLI that needs them has grown a call into the daemon's layers.  Prints
# "ok - ..." per check and "N passed, N failed".

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${XR_BUILD:-$ROOT/build}
# shellcheck source=tests/check.sh
source "$ROOT/tests/check.sh"

# Bottom up, as the Makefile's LAYERS lists them top down.
LAYERS=(lib sys dp daemon modules)
LIBS="$(pkg-config --libs libbpf libmnl libmicrohttpd 2>/dev/null || echo -lbpf -lmnl -lmicrohttpd) -lelf -lz -lm"
main=$(mktemp --suffix=.c)
exe=$(mktemp)
trap 'rm -f "$main" "$exe"' EXIT
echo 'int main(void) { return 0; }' >"$main"
below=()
for layer in "${LAYERS[@]}"; do
	a="$BUILD/libxr-$layer.a"
	[ -f "$a" ] || { check "$a is built" false; continue; }
	# shellcheck disable=SC2086
	out=$(cc "$main" -Wl,--whole-archive "$a" -Wl,--no-whole-archive "${below[@]}" \
		$LIBS -o "$exe" 2>&1)
	check "user/$layer links alone over ${names:-nothing}" \
		'[ -z "$out" ] || { grep -E "undefined reference|error" <<<"$out" | sort -u | head -n 5 | sed "s/^/    /"; false; }'
	below=("$a" "${below[@]}")
	names="$layer${names:+ }$names"
done

for bin in "$BUILD/xrouterctl" "$BUILD/san/xrouterctl"; do
	[ -x "$bin" ] || { check "$bin is built" false; continue; }
	libs=$(ldd "$bin" 2>&1)
	check "${bin#"$BUILD"/} links no datapath library" \
		'! grep -qE "lib(bpf|elf|mnl)\.so" <<<"$libs" || { echo "$libs" | sed "s/^/    /"; false; }'
done
check_done
