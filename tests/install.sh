#!/bin/bash
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Part of `make test`: what `make install` puts on a system, checked in a
# DESTDIR of its own (no root needed, nothing outside it touched): every
# path, the man pages rendering without a warning and naming every command
# the binary's table has (`xrouterd --commands=json`) and every option its
# --help lists, the systemd units passing `systemd-analyze verify`, the
# bash completion offering objects, verbs, keywords and devices; then
# `make uninstall` leaving no file behind, and an admin's config kept.
# shellcheck disable=SC2016 # check's conditions are eval'd, expanded there
# Prints "ok - ..." per check and "N passed, N failed[, N skipped]".

ROOT=$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)
BUILD=${XR_BUILD:-$ROOT/build}
PREFIX=/usr/local
# shellcheck source=tests/check.sh
source "$ROOT/tests/check.sh"

D=$(mktemp -d)
trap 'rm -rf "$D"' EXIT
MK=(make --no-print-directory -s -C "$ROOT" BUILD="$BUILD" PREFIX="$PREFIX")
P=$D/root$PREFIX
FILES=(sbin/xrouterd bin/xrouterctl share/man/man8/xrouterd.8 share/man/man8/xrouterctl.8
	lib/systemd/system/xrouterd.service lib/systemd/system/xrouterd@.service
	share/bash-completion/completions/xrouterctl share/doc/xrouter/examples/xrouterd.conf)

installed_tree() {
	local f
	for f in "${FILES[@]}"; do
		[ -f "$P/$f" ] || { echo "missing: $PREFIX/$f" >&2; return 1; }
	done
	[ -x "$P/sbin/xrouterd" ] && [ -x "$P/bin/xrouterctl" ] &&
		[ -f "$D/root/etc/xrouter/xrouterd.conf" ]
}

# Words man renders, one space between them: a command's form as help prints it.
man_text() { MANWIDTH=1000 man -l "$1" 2>/dev/null | col -b | tr -s ' \t' ' '; }

man_clean() {
	local page=$1 warn
	warn=$(MANWIDTH=80 man -l --warnings=w "$page" 2>&1 >/dev/null)
	[ -z "$warn" ] || { echo "$warn" >&2; return 1; }
}

# Every form `xrouterd --commands=json` has, as "OBJECT [VERB] ARGS".
table_forms() {
	"$P/sbin/xrouterd" --commands=json | python3 -c '
import json, sys
for d in json.load(sys.stdin):
    for a in d.get("args") or [""]:
        print(" ".join(w for w in (d["object"], d.get("verb"), a) if w))'
}

man_has_commands() {
	local text form n=0 ok=0
	text=$(man_text "$P/share/man/man8/xrouterctl.8")
	while read -r form; do
		n=$((n + 1))
		grep -qF -- " $form" <<<" $text" ||
			{ echo "xrouterctl(8) lacks \"$form\"" >&2; ok=1; }
	done < <(table_forms)
	[ "$n" -gt 10 ] && [ "$ok" = 0 ]
}

# Every --long option a program's --help names is in its man page.
man_has_options() {
	local prog=$1 page=$2 text o ok=0
	text=$(man_text "$page")
	for o in $("$prog" --help | grep -oE -- '--[a-z0-9-]+' | sort -u); do
		grep -qF -- "$o" <<<"$text" || { echo "$page lacks $o" >&2; ok=1; }
	done
	return "$ok"
}

# systemd-analyze verify, the units pointing at the binary in DESTDIR and the
# man pages found there; any line it prints is a failure.
units_verify() {
	local u out
	mkdir -p "$D/units"
	for u in xrouterd.service xrouterd@.service; do
		sed "s|=$PREFIX/sbin/|=$P/sbin/|" "$P/lib/systemd/system/$u" >"$D/units/${u/@/@r1}"
	done
	if ! out=$(cd "$D/units" && MANPATH=$P/share/man systemd-analyze verify \
		"$D/units/xrouterd.service" "$D/units/xrouterd@r1.service" 2>&1) || [ -n "$out" ]; then
		echo "$out" >&2
		return 1
	fi
	grep -q '^Type=notify' "$D/units/xrouterd.service" &&
		grep -q '^NetworkNamespacePath=/run/netns/%i' "$P/lib/systemd/system/xrouterd@.service" &&
		grep -q "^ExecStart=$PREFIX/sbin/xrouterd --config /etc/xrouter/%i.conf" \
			"$P/lib/systemd/system/xrouterd@.service"
}

# What the completion offers for the words "$@", the last being completed,
# with a stand-in xrouterctl whose `link show` lists eth0 and p1 of br0.
complete_words() {
	bash -c 'source "$1"; shift; COMP_WORDS=("$@"); COMP_CWORD=$(($# - 1)); _xrouterctl
		printf "%s\n" "${COMPREPLY[@]}" | sort | tr "\n" " "' _ \
		"$P/share/bash-completion/completions/xrouterctl" "$D/fakectl" "$@"
}

completes() {
	local want=$1 got
	shift
	got=$(complete_words "$@")
	[ "$got" = "$want" ] || { echo "\"$*\": \"$got\", want \"$want\"" >&2; return 1; }
}

fake_ctl() {
	cat >"$D/fakectl" <<'EOS'
#!/bin/sh
[ "$1 $2" = "link show" ] || exit 2
echo "3: eth0: <UP,LOWER_UP> mtu 1500 state UP link/ether 02:00:00:00:00:01 routed xdp native"
echo "4: p1: <UP,LOWER_UP> mtu 1500 state UP link/ether 02:00:00:00:00:02 master br0 switched xdp generic"
EOS
	chmod +x "$D/fakectl"
}

out=$("${MK[@]}" install DESTDIR="$D/root" 2>&1)
rc=$?
[ "$rc" = 0 ] || echo "$out" >&2
check "make install DESTDIR: exit 0" "[ $rc = 0 ]"
check "every path installed under DESTDIR$PREFIX and /etc/xrouter" installed_tree
check "xrouterd -V and xrouterctl -V print one version" \
	'[ "$("$P/sbin/xrouterd" -V | cut -d" " -f2)" = "$("$P/bin/xrouterctl" -V | cut -d" " -f2)" ]'
if command -v man >/dev/null && command -v col >/dev/null; then
	check "xrouterd(8) renders with no warning" "man_clean '$P/share/man/man8/xrouterd.8'"
	check "xrouterctl(8) renders with no warning" "man_clean '$P/share/man/man8/xrouterctl.8'"
	check "xrouterctl(8) names every command of xrouterd --commands" man_has_commands
	check "xrouterd(8) names every option of xrouterd --help" \
		"man_has_options '$P/sbin/xrouterd' '$P/share/man/man8/xrouterd.8'"
	check "xrouterctl(8) names every option of xrouterctl --help" \
		"man_has_options '$P/bin/xrouterctl' '$P/share/man/man8/xrouterctl.8'"
else
	check_skip "man pages render" "man or col missing (man-db, bsdextrautils)"
fi
if command -v systemd-analyze >/dev/null; then
	check "systemd-analyze verify: xrouterd.service, xrouterd@r1.service" units_verify
else
	check_skip "systemd-analyze verify" "systemd-analyze missing (systemd)"
fi
fake_ctl
check "completion: objects" 'completes "route " ro'
check "completion: every object and help" \
	'completes "addr bridge fdb help kernel link neigh route stats status trace " ""'
check "completion: options" 'completes "--json " --j'
check "completion: verbs of route" 'completes "add del get help replace show " -j route ""'
check "completion: keywords of the via form, none given twice" \
	'completes "dev metric " route add 10.0.0.0/8 via 192.0.2.1 ""'
check "completion: ports and switches after dev" \
	'completes "br0 eth0 p1 " addr add 192.0.2.1/24 dev ""'
check "completion: switches after bridge" 'completes "br0 " fdb show bridge ""'
check "completion: ports for link del" 'completes "eth0 " link del e'
check "completion: after --socket PATH" 'completes "dev " -s /tmp/x stats ""'
"${MK[@]}" uninstall DESTDIR="$D/root" >/dev/null 2>&1
check "make uninstall leaves no file" '[ -z "$(find "$D/root" ! -type d)" ]'

# An admin's configuration survives install and uninstall.
mkdir -p "$D/root/etc/xrouter" && echo "link add eth9" >"$D/root/etc/xrouter/xrouterd.conf"
"${MK[@]}" install DESTDIR="$D/root" >/dev/null 2>&1 &&
	"${MK[@]}" uninstall DESTDIR="$D/root" >/dev/null 2>&1
check "an edited xrouterd.conf is neither overwritten nor removed" \
	'[ "$(cat "$D/root/etc/xrouter/xrouterd.conf")" = "link add eth9" ]'

check_done
