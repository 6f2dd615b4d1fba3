# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# The control socket under load (issue 16, daemon resilience): 200
# xrouterctl clients at once, changing and showing, every one answered or
# refused cleanly and the table afterwards exactly what was acknowledged;
# and clients sending a 1 MB line or a header promising 1 MB, refused at
# once while the daemon stays responsive.  Uses ctl.sh's helpers (sourced
# before this file by run.sh).  All need xrouterd; with ROUTER=kernel they skip.

T_STRESS_CLIENTS=200
# What a refusal may say: one line, and nothing was applied.
T_REFUSED_RE='Error: xrouterd is (serving too many clients|busy)'

# The clients, run inside r1 by one `ip netns exec` (200 of those would
# take longer than the requests): client I writes "CMD | rc | stderr lines |
# first stderr line" per request to DIR/I.  I % 5: 0 shows; 1 adds a
# blackhole; 2 adds an unreachable route and deletes it; 3 adds a gateway
# route; 4 asks for an invalid prefix (refused, never applied).
T_STRESS_SCRIPT='
xrctl=$1 dir=$2 n=$3
req() {
	local rc err
	err=$("$xrctl" "$@" 2>&1 >/dev/null)
	rc=$?
	echo "$* | $rc | $(wc -l <<<"$err") | ${err%%$'"'"'\n'"'"'*}" >>"$dir/$i"
	return "$rc"
}
client() {
	case $((i % 5)) in
	0) req route show; req -j route show ;;
	1) req route add "10.200.$i.0/24" blackhole ;;
	2) req route add "10.201.$i.0/24" unreachable && req route del "10.201.$i.0/24" ;;
	3) req route add "10.202.$i.0/24" via 192.0.2.2 metric "$i" ;;
	4) req route add "10.203.$i.0/33" blackhole ;;
	esac
}
for ((i = 0; i < n; i++)); do client & done
wait
'

# The routes of 10.200-10.203 that clients were told exist, one prefix a line, sorted.
t_stress_acked() {
	awk -F' [|] ' '
		$1 ~ /^route add/ { split($1, w, " "); if ($2 == 0) have[w[3]] = 1 }
		$1 ~ /^route del/ { split($1, w, " "); if ($2 == 0) delete have[w[3]] }
		END { for (p in have) print p }' "$1"/* | sort
}

t_stress_shown() {
	xr_ctl r1 route show | grep -oE '10\.20[0-3]\.[0-9]+\.0/[0-9]+' | sort
}

# Every answer: exit 0, or 1 with one line starting "Error:" (a refusal or
# the invalid prefix); never 2 (no answer) or a cut reply.
t_stress_check_answers() {
	local bad ok refused invalid wrong
	bad=$(awk -F' [|] ' '!($2 == 0 || ($2 == 1 && $3 == 1 && $4 ~ /^Error: /))' "$1"/*)
	ok=$(awk -F' [|] ' '$2 == 0' "$1"/* | wc -l)
	refused=$(cat "$1"/* | grep -cE " [|] 1 [|] 1 [|] $T_REFUSED_RE")
	invalid=$(cat "$1"/* | grep -c 'is wrong: invalid prefix')
	t_info "$T_STRESS_CLIENTS clients: $ok requests done, $refused refused as too many," \
		"$invalid invalid prefixes refused"
	t_info "errors: $(awk -F' [|] ' '$2 != 0 { print $4 }' "$1"/* | sed 's/"[^"]*"/"X"/' |
		sort | uniq -c | tr '\n' ';')"
	[ -z "$bad" ] || { t_fail "answers neither done nor refused cleanly: $(head -n 3 <<<"$bad")"; return 1; }
	wrong=$(cat "$1"/* | grep '^route add 10\.203\.' |
		grep -vE " [|] 1 [|] 1 [|] (Error: argument .* is wrong: invalid prefix|$T_REFUSED_RE)")
	[ -z "$wrong" ] || { t_fail "an invalid prefix not refused: $(head -n 1 <<<"$wrong")"; return 1; }
}

test_ctl_stress() {
	local dir want got
	t_need_xrouter
	t_need setpriv python3
	t_line 1 || return 1
	dir=$(xr_run_dir)/stress
	mkdir -p "$dir"
	# Idle clients hold all places but two, so some of the 200 find the
	# daemon full and must be refused cleanly.
	xr_exec r1 timeout 20 "$T_PY" "$T_CLIENTS_PY" hold 62 10 \
		>"$(xr_run_dir)/clients.out" 2>&1 </dev/null &
	T_CLIENTS_PID=$!
	sleep 0.5
	xr_exec r1 bash -c "$T_STRESS_SCRIPT" - "$XRCTL" "$dir" "$T_STRESS_CLIENTS"
	kill "$T_CLIENTS_PID" 2>/dev/null
	wait "$T_CLIENTS_PID" 2>/dev/null
	t_stress_check_answers "$dir" || return 1
	want=$(t_stress_acked "$dir")
	got=$(t_stress_shown)
	t_info "$(wc -l <<<"$want") routes acknowledged, $(wc -l <<<"$got") shown"
	[ "$want" = "$got" ] || {
		t_fail "route show differs from what was acknowledged:" \
			"$(diff <(echo "$want") <(echo "$got") | grep '^[<>]' | head -n 5 | tr '\n' ' ')"
		return 1
	}
	t_ping h1 198.51.100.2 3
}

# A client that sends 1 MB of junk without a header, one whose header
# promises 1 MB, one that sends half a header and waits: each refused or
# dropped at its deadline, none holding the daemon.
test_ctl_big_line() {
	t_need_xrouter
	t_need python3
	t_line 1 || return 1
	# shellcheck disable=SC2016 # a Python program
	xr_exec r1 timeout 20 "$T_PY" -c '
import socket, struct, sys, time
def conn():
    s = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    s.connect("\0xrouter")
    s.settimeout(8)
    return s
def reply(s):
    data = b""
    try:
        while True:
            b = s.recv(65536)
            if not b:
                break
            data += b
    except (ConnectionResetError, socket.timeout):
        pass
    return data
junk, big, half = conn(), conn(), conn()
half.sendall(struct.pack("=II", 0x58524331, 0))
big.sendall(struct.pack("=IIII", 0x58524331, 0, 1, 1 << 20))
for s in (junk, big):
    try:
        s.sendall(b"x" * (1 << 20))
    except (BrokenPipeError, ConnectionResetError):
        pass
r = {"junk": reply(junk), "big": reply(big), "half": reply(half)}
for k, v in r.items():
    print(k, v[16:].decode(errors="replace").strip() or "(closed)")
ok = b"malformed request" in r["junk"] and b"request too large" in r["big"] \
    and b"within the deadline" in r["half"]
sys.exit(0 if ok else 1)
' >"$(xr_run_dir)/big.out" 2>&1 &
	local pid=$!
	sleep 0.2
	t_daemon_responsive "1 MB lines and half a header" || return 1
	wait "$pid" || { t_fail "not refused as expected: $(tr '\n' ' ' <"$(xr_run_dir)/big.out")"; return 1; }
	t_info "$(tr '\n' ' ' <"$(xr_run_dir)/big.out")"
}
