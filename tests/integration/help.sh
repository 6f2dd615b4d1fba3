# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# `xrouterctl help`: the daemon lists its commands from the tables its
# dispatcher runs, so help and grammar cannot drift apart.  Sourced by
# run.sh after ctl.sh (t_ctl_nobody).

# The objects README's command table shows: the examples under "Using it"
# and the paragraph listing the rest ("... complete the set").
t_readme_objects() {
	sed -n '/^## Using it/,/^## /p' "$T_DIR/../../README.md" |
		awk -v RS= '/^    / || /complete the set/' |
		grep -oE 'xrouterctl (-j )?[a-z]+|`[a-z]+( [a-z|]+)*`' |
		sed -E 's/^xrouterctl (-j )?//; s/`//g; s/ .*//' |
		grep -vxE 'help|xrouterctl' | sort -u
}

test_ctl_help() {
	local out obj v rc ok=0
	t_need_xrouter
	t_line 1 || return 1
	out=$(xr_ctl r1 help) || { t_fail "help: exit $?"; return 1; }
	for obj in $(t_readme_objects); do
		grep -qE "^$obj( |\$)" <<<"$out" || { t_fail "help does not list \"$obj\""; ok=1; }
	done
	out=$(xr_ctl r1 route help) || { t_fail "route help: exit $?"; return 1; }
	for v in add replace del show get; do
		grep -q "^route $v" <<<"$out" || { t_fail "route help does not list \"$v\""; ok=1; }
	done
	if grep -qv "^route " <<<"$out"; then
		echo "$out" >&2
		t_fail "route help lists other objects' commands"
		ok=1
	fi
	grep -q "^route add PREFIX { blackhole | unreachable }" <<<"$out" ||
		{ t_fail "route help lacks the blackhole form"; ok=1; }
	xr_ctl r1 -j help | python3 -c 'import json,sys; json.load(sys.stdin)' ||
		{ t_fail "-j help is not JSON"; ok=1; }
	out=$(xr_ctl r1 route frob 2>&1)
	rc=$?
	[ "$rc" = 1 ] && [ "$out" = 'Error: unknown command "frob", try "xrouterctl route help"' ] ||
		{ t_fail "route frob: exit $rc, \"$out\""; ok=1; }
	out=$("$XRCTL" -h)
	grep -q "OBJECT :=" <<<"$out" && { t_fail "xrouterctl -h still lists the objects"; ok=1; }
	grep -q "xrouterctl help" <<<"$out" || { t_fail "xrouterctl -h does not name help"; ok=1; }
	if command -v setpriv >/dev/null; then
		[ "$(t_ctl_nobody r1 help 2>&1)" = "$(xr_ctl r1 help 2>&1)" ] ||
			{ t_fail "uid 65534 gets a different help"; ok=1; }
	else
		t_info "setpriv missing: help as uid 65534 not checked"
	fi
	return "$ok"
}
