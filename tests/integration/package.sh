# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# xrouter as a system runs it: the readiness systemd's Type=notify waits
# for, and the Debian package `make deb` builds: it installs (dpkg -i), its
# programs run from where it put them, its man pages, units, completion and
# conffile are there, and it removes and purges without leaving a file.
# Sourced by run.sh; on a machine where a package named xrouter is already
# installed the deb test skips rather than replace it.

T_DEB_LOCK=/run/lock/xrouter-deb-test.lock

# Purge what this test installed, whatever state it stopped in.
t_deb_cleanup() {
	[ -n "${T_DEB_INSTALLED:-}" ] && dpkg -P xrouter >/dev/null 2>&1
	[ -n "${T_DEB_DIR:-}" ] && rm -rf "$T_DEB_DIR"
	T_DEB_INSTALLED='' T_DEB_DIR=''
}

t_deb_status() { dpkg-query -W -f='${Status}' xrouter 2>/dev/null; }

t_deb_installed_ok() {
	local f ok=0
	for f in /usr/sbin/xrouterd /usr/bin/xrouterctl /lib/systemd/system/xrouterd.service \
		/lib/systemd/system/xrouterd@.service /usr/share/bash-completion/completions/xrouterctl \
		/usr/share/man/man8/xrouterd.8.gz /usr/share/man/man8/xrouterctl.8.gz \
		/etc/xrouter/xrouterd.conf; do
		[ -e "$f" ] || { t_fail "the package did not install $f"; ok=1; }
	done
	/usr/sbin/xrouterd --help >/dev/null || { t_fail "installed xrouterd --help failed"; ok=1; }
	[ "$(/usr/bin/xrouterctl -V)" = "xrouterctl $(/usr/sbin/xrouterd -V | cut -d' ' -f2)" ] ||
		{ t_fail "xrouterctl -V and xrouterd -V differ"; ok=1; }
	dpkg-query -W -f='${Conffiles}' xrouter | grep -q ' /etc/xrouter/xrouterd.conf ' ||
		{ t_fail "/etc/xrouter/xrouterd.conf is not a conffile"; ok=1; }
	return "$ok"
}

test_deb_package() {
	local deb log ok=0
	t_need_xrouter
	t_need dpkg-buildpackage dh
	exec 8>"$T_DEB_LOCK" && flock -w 120 8 || t_skip "another deb_package test holds $T_DEB_LOCK"
	case $(t_deb_status) in
	*" installed"*) t_skip "a package named xrouter is installed here: not replacing it" ;;
	esac
	trap 't_deb_cleanup; xr_teardown_all; wait' EXIT
	T_DEB_DIR=$(mktemp -d)
	log=$T_DEB_DIR/build.log
	if ! make --no-print-directory -C "$T_DIR/../.." deb BUILD="$T_DEB_DIR" >"$log" 2>&1; then
		tail -n 30 "$log" >&2
		t_fail "make deb failed"
		return 1
	fi
	deb=$(ls "$T_DEB_DIR"/deb/xrouter_*_"$(dpkg --print-architecture)".deb 2>/dev/null)
	[ -f "$deb" ] || { t_fail "make deb made no xrouter_*.deb"; return 1; }
	if command -v lintian >/dev/null; then
		t_info "lintian: $(lintian "$deb" 2>/dev/null | tr '\n' ' ')"
	fi
	T_DEB_INSTALLED=1
	dpkg -i "$deb" >"$log" 2>&1 || { cat "$log" >&2; t_fail "dpkg -i failed"; return 1; }
	t_deb_installed_ok || ok=1
	dpkg -r xrouter >"$log" 2>&1 || { cat "$log" >&2; t_fail "dpkg -r failed"; return 1; }
	[ ! -e /usr/sbin/xrouterd ] && [ ! -e /usr/bin/xrouterctl ] ||
		{ t_fail "dpkg -r left the programs"; ok=1; }
	[ -e /etc/xrouter/xrouterd.conf ] || { t_fail "dpkg -r removed the conffile"; ok=1; }
	dpkg -P xrouter >"$log" 2>&1 || { cat "$log" >&2; t_fail "dpkg -P failed"; return 1; }
	T_DEB_INSTALLED=
	[ ! -e /etc/xrouter ] || { t_fail "dpkg -P left /etc/xrouter"; ok=1; }
	case $(t_deb_status) in
	*" installed"*) t_fail "dpkg still lists xrouter as installed"; ok=1 ;;
	esac
	t_deb_cleanup
	return "$ok"
}

# Type=notify: READY=1 reaches $NOTIFY_SOCKET only once `status` answers,
# from the daemon's own pid, and STOPPING=1 on SIGTERM.
test_sd_notify_ready() {
	local run sock got pid i rc
	t_need_xrouter
	t_need python3
	xr_ns_add r1 || return 1
	run=$(xr_run_dir)
	sock=$run/notify.sock
	got=$run/notify.txt
	python3 -c '
import socket, sys
s = socket.socket(socket.AF_UNIX, socket.SOCK_DGRAM)
s.bind(sys.argv[1])
s.settimeout(30)
with open(sys.argv[2], "a") as f:
    for _ in range(2):
        f.write(s.recv(4096).decode().replace("\n", " ") + "\n")
        f.flush()
' "$sock" "$got" &
	for i in $(seq 50); do [ -S "$sock" ] && break; sleep 0.1; done
	ip netns exec "$(xr_ns r1)" env NOTIFY_SOCKET="$sock" "$XRD" --log-level info \
		</dev/null >>"$run/r1.log" 2>&1 &
	pid=$!
	echo "$pid" >"$run/r1.pid"
	for i in $(seq 150); do grep -q READY=1 "$got" 2>/dev/null && break; sleep 0.1; done
	grep -q READY=1 "$got" 2>/dev/null || { t_fail "no READY=1 within 15 s"; return 1; }
	xr_ctl r1 status >/dev/null 2>&1
	rc=$?
	[ "$rc" = 0 ] || { t_fail "status right after READY=1: exit $rc"; return 1; }
	grep -q "^READY=1 MAINPID=$pid\$" "$got" ||
		{ cat "$got" >&2; t_fail "READY=1 without MAINPID=$pid"; return 1; }
	xr_daemon_stop r1
	for i in $(seq 50); do grep -q STOPPING=1 "$got" && break; sleep 0.1; done
	grep -q "^STOPPING=1 MAINPID=$pid\$" "$got" ||
		{ cat "$got" >&2; t_fail "no STOPPING=1 on SIGTERM"; return 1; }
}

# The units' CapabilityBoundingSet is enough to run, and to adopt the
# running fast path after a SIGKILL (taking maps by id needs CAP_SYS_ADMIN):
# the daemon runs under exactly that bounding set, read from the template.
test_unit_caps_adopt() {
	local caps wrap log
	t_need_xrouter
	t_need setpriv
	caps=$(sed -n 's/^CapabilityBoundingSet=//p' "$T_DIR/../../user/dist/xrouterd.service.in" |
		tr 'A-Z ' 'a-z,' | sed 's/cap_/+/g')
	[ -n "$caps" ] || { t_fail "no CapabilityBoundingSet in xrouterd.service.in"; return 1; }
	mkdir -p "$(xr_run_dir)"
	wrap=$(xr_run_dir)/xrouterd-bounded
	printf '#!/bin/sh\nexec setpriv --bounding-set -all,%s %s "$@"\n' "$caps" "$XRD" >"$wrap"
	chmod +x "$wrap"
	XRD=$wrap XR_LOG_LEVEL=info
	t_line 1 || return 1
	t_ping h1 "$LINE_H2" 1 || return 1
	xr_daemon_stop r1 KILL
	xr_daemon_start r1 || { t_fail "restart under the units' capabilities"; return 1; }
	log=$(xr_run_dir)/r1.log
	grep -q "adopting the running fast path" "$log" ||
		{ tail -n 20 "$log" >&2; t_fail "no adoption with bounding set $caps"; return 1; }
	t_ping h1 "$LINE_H2" 1
}
