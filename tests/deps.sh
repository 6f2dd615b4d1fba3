#!/bin/sh
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
# Install the Debian packages building and testing xrouter need.  Idempotent:
# does nothing when they are all present.  Nothing is fetched from elsewhere.
# `make san` (UBSan, ASan) needs libubsan and libasan: gcc depends on both.
# libclang-rt-14-dev: libFuzzer and clang's sanitizer runtimes (tests/fuzz/).
# libmnl-dev: netlink parsing for the link monitor (user/sys/linkmon.c).
# iputils-arping: ARP under a hand-off flood (tests/integration/handoff.sh).
# ndisc6: ndisc6 and rdisc6 against the router (tests/integration/ipv6.sh).
# man-db, groff-base, bsdextrautils (col): the man pages render without a
# warning; systemd: `systemd-analyze verify` on the units (tests/install.sh);
# dpkg-dev, debhelper: `make deb` (tests/integration/package.sh).
# libmicrohttpd-dev: the HTTP server of `xrouterd --metrics`; curl scrapes it
# and prometheus ships promtool, which checks what it serves (metrics.sh).
# frr, bird2: the routing daemons the kernel route sync follows
# (tests/integration/ksync.sh runs them inside test namespaces only, each
# with its own config; their packaged services are not used).
set -eu

PKGS="clang llvm libclang-rt-14-dev libbpf-dev libelf-dev libmnl-dev zlib1g-dev bpftool iproute2
      pkg-config make gcc
      iputils-ping iputils-tracepath iputils-arping traceroute tcpdump iperf3 python3 python3-scapy ndisc6
      python3-matplotlib
      ethtool procps util-linux kmod
      man-db groff-base bsdextrautils systemd dpkg-dev debhelper
      libmicrohttpd-dev curl prometheus
      frr bird2"

missing=""
for p in $PKGS; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "ok installed" ||
		missing="$missing $p"
done
[ -z "$missing" ] && exit 0

if [ "$(id -u)" != 0 ]; then
	echo "deps: missing packages:$missing (run as root to install them)" >&2
	exit 1
fi
echo "deps: installing$missing"
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends $missing >/dev/null
