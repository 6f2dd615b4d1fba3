#!/usr/bin/python3
# SPDX-License-Identifier: GPL-2.0 OR BSD-2-Clause
"""Turn tests/bench/run.sh's raw.txt into results.md and bench.png.

Usage: report.py RAW OUTDIR.  Medians, minima and maxima over the
repetitions; every ratio compares medians from this one run.  The chart
needs Debian's python3-matplotlib; without it only the table is written.
"""
import statistics
import sys
from collections import defaultdict

MODES = [
    ("genonly", "generator alone (sink on dut0)"),
    ("xrouter", "(a) xrouter routing"),
    ("xrecmp", "(a') xrouter routing, ECMP routes (2 members)"),
    ("kernel", "(b) Linux forwarding"),
    ("xswitch", "(c) xrouter switching"),
    ("xswitchvlan", "(c') xrouter switching, VLAN-aware (access ports of VLAN 10; "
     "compared with (c) and with the bridge without VLANs: Linux here has none)"),
    ("bridge", "(d) Linux bridge, nf_call_iptables off"),
    ("ceiling", "(e) ceiling: MAC rewrite + redirect"),
]


def load(path):
    d = {"meta": {}, "pps": defaultdict(list), "offered": defaultdict(list),
         "scale": defaultdict(dict), "daemon": defaultdict(dict),
         "restart": defaultdict(dict), "cost": [], "tcp": defaultdict(list), "fail": [],
         "insns": [], "ipv6": defaultdict(dict), "frames": defaultdict(list),
         "flood": defaultdict(dict), "ksync": defaultdict(dict), "mem": []}
    for line in open(path):
        f = line.split()
        if not f:
            continue
        kind = f[0]
        if kind == "meta":
            d["meta"][f[1]] = " ".join(f[2:])
        elif kind == "pps":
            d["pps"][f[1]].append(float(f[4]))
            d["offered"][f[1]].append(float(f[3]))
        elif kind == "scale" and len(f) >= 4:
            d["scale"][int(f[1])][f[2]] = f[3]
        elif kind == "daemon" and len(f) >= 4:
            d["daemon"][int(f[1])][f[2]] = f[3]
        elif kind == "frames" and len(f) >= 5:
            d["frames"][f[1]].append((int(f[3]), int(f[4])))
        elif kind == "flood" and len(f) >= 4:
            d["flood"][f[1]][f[2]] = " ".join(f[3:])
        elif kind == "restart" and len(f) >= 4:
            d["restart"][int(f[1])][f[2]] = f[3]
        elif kind == "cost" and len(f) >= 5:
            d["cost"].append((f[1], float(f[2]), f[3], f[4]))
        elif kind == "insns" and len(f) >= 6:
            d["insns"].append((f[1], int(f[3]), int(f[5])))
        elif kind == "ipv6" and len(f) >= 4:
            d["ipv6"][int(f[1])][f[2]] = " ".join(f[3:])
        elif kind == "ksync" and len(f) >= 4:
            d["ksync"][int(f[1])][f[2]] = f[3]
        elif kind == "mem" and len(f) >= 7:
            d["mem"].append((f[1], int(f[3]), int(f[4]), float(f[5]), float(f[6])))
        elif kind == "tcp":
            d["tcp"][f[1]].append(float(f[2]))
        elif kind == "fail":
            d["fail"].append(" ".join(f[1:]))
    return d


def med(v):
    return statistics.median(v) if v else None


def mpps(v):
    return "-" if v is None else "%.3f" % (v / 1e6)


def dut_ns_val(rx, gen):
    return None if not rx or not gen or rx >= gen else 1e9 / rx - 1e9 / gen


def dut_ns(rx, gen):
    v = dut_ns_val(rx, gen)
    return "-" if v is None else "%.0f" % v


def ratio(a, b):
    return None if not a or not b else a / b


def fmt_ratio(r):
    return "-" if r is None else "%.2fx" % r


def modes_table(d, out):
    kern, br, ceil = med(d["pps"]["kernel"]), med(d["pps"]["bridge"]), med(d["pps"]["ceiling"])
    gen = med(d["pps"]["genonly"])
    out.append("| mode | offered Mpps | received Mpps (median) | min | max | DUT ns/pkt | ratio |")
    out.append("| --- | ---: | ---: | ---: | ---: | ---: | --- |")
    for m, desc in MODES:
        v = d["pps"].get(m)
        if not v:
            out.append("| %s | - | not measured | - | - | - | |" % desc)
            continue
        r = ""
        if m == "xrouter":
            r = "%s of Linux, %s of ceiling" % (fmt_ratio(ratio(med(v), kern)),
                                               fmt_ratio(ratio(med(v), ceil)))
        elif m == "xrecmp":
            r = "%s of single next hops" % fmt_ratio(ratio(med(v), med(d["pps"].get("xrouter", []))))
        elif m == "xswitch":
            r = "%s of bridge" % fmt_ratio(ratio(med(v), br))
        elif m == "xswitchvlan":
            r = "%s of (c), %s of bridge" % (fmt_ratio(ratio(med(v), med(d["pps"].get("xswitch", [])))),
                                            fmt_ratio(ratio(med(v), br)))
        out.append("| %s | %s | %s | %s | %s | %s | %s |" % (
            desc, mpps(med(d["offered"][m])), mpps(med(v)), mpps(min(v)), mpps(max(v)),
            dut_ns(med(v), gen) if m != "genonly" else "-", r))
    cost = {m: dut_ns_val(med(d["pps"].get(m, [])), gen) for m, _ in MODES}
    out.append("")
    out.append("Generator, DUT and sink share one core, so a received rate is 1 / (generator "
               "+ DUT + sink time). DUT ns/pkt = 1/received - 1/(generator alone): the router's "
               "own time per packet. Ratios of DUT time: Linux/xrouter %s, bridge/xrouter "
               "switching %s, xrouter/ceiling %s." % (
                   fmt_ratio(ratio(cost["kernel"], cost["xrouter"])),
                   fmt_ratio(ratio(cost["bridge"], cost["xswitch"])),
                   fmt_ratio(ratio(cost["xrouter"], cost["ceiling"]))))


def scale_table(d, out):
    out.append("| prefixes | load s | routes/s | tbl8 groups | RIB heap MiB | FIB maps MiB "
               "| ns/run hot | ns/run spread | ns/run floor | routed Mpps (median, min-max) |")
    out.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | --- |")
    for n in sorted(d["scale"]):
        s, v = d["scale"][n], d["pps"].get("scale-%d" % n, [])
        mib = lambda k: "%.1f" % (int(s[k]) / 2**20) if k in s else "-"
        out.append("| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            n, s.get("load_s", "-"), s.get("load_routes_per_s", "-"), s.get("tbl8_groups", "-"),
            mib("rib_heap_bytes"), mib("fib_map_bytes"), s.get("ns_hot", "-"),
            s.get("ns_spread", "-"), s.get("ns_floor", "-"),
            "%s (%s-%s)" % (mpps(med(v)), mpps(min(v)), mpps(max(v))) if v else "-"))
    big = max(d["scale"]) if d["scale"] else None
    if big:
        s = d["scale"][big]
        out.append("")
        loc = d["pps"].get("scale-local-%d" % big, [])
        if loc:
            out.append("The %d-prefix table with the %s destinations inside 16 of its prefixes "
                       "(a few pages of tbl24 instead of thousands): %s Mpps (%s-%s)." % (
                           big, d["meta"].get("ndst", "?"), mpps(med(loc)), mpps(min(loc)),
                           mpps(max(loc))))
            out.append("")
        for k in sorted(int(m[7:]) for m in d["pps"] if m.startswith("kscale-")):
            kv, xv = d["pps"]["kscale-%d" % k], d["pps"].get("scale-%d" % k, [])
            out.append("Linux forwarding with the same %d-prefix table and destinations: "
                       "%s Mpps (%s-%s); xrouter %s of it." % (
                           k, mpps(med(kv)), mpps(min(kv)), mpps(max(kv)),
                           fmt_ratio(ratio(med(xv), med(kv)))))
            out.append("")
        out.append("Route change under the %d-prefix table: median %s us, max %s us over 1,000 "
                   "gateway changes; adding and withdrawing a /8 (65,536 tbl24 entries): %s us."
                   % (big, s.get("change_median_us", "-"), s.get("change_max_us", "-"),
                      s.get("change_slash8_add_del_us", "-")))


def cost_table(d, out):
    ceil = next((c[1] for c in d["cost"] if c[0] == "ceiling"), None)
    out.append("| path | ns/run | verdict | counters | vs ceiling |")
    out.append("| --- | ---: | --- | --- | ---: |")
    for name, ns, verdict, ok in d["cost"]:
        out.append("| %s | %.1f | %s | %s | %s |" % (name, ns, verdict, ok,
                                                    fmt_ratio(ratio(ns, ceil))))
    for prog, xlated, verified in d["insns"]:
        out.append("")
        out.append("Verifier's view of `%s`: %d instructions translated, %d processed "
                   "to accept it (limit 1,000,000)." % (prog, xlated, verified))


def mem_table(d, out):
    out.append("| set | bytes touched | pages | ns per dependent read, warm | after a system call |")
    out.append("| --- | ---: | ---: | ---: | ---: |")
    for kind, size, pages, warm, call in d["mem"]:
        what = "lines in a row" if kind == "lines" else "one line per page"
        out.append("| %s | {:,} | {:,} | %.1f | %.1f |".format(size, pages) % (what, warm, call))


def keyed_table(out, head, keys, rows):
    """One line per size (rows: size -> {key: value}), a column per key after the size."""
    out.append("| " + " | ".join(head) + " |")
    out.append("|" + " ---: |" * len(head))
    for n, v in sorted(rows.items()):
        out.append("| %d | %s |" % (n, " | ".join(v.get(k, "-") for k in keys)))


def ipv6_live(d, out):
    """Live IPv6 frames (run.sh ipv6_live): medians and the issue's ratios."""
    rows = sorted(m for m in d["pps"] if m.startswith("v6-"))
    if not rows:
        return
    p = {m: med(d["pps"][m]) for m in rows}
    out += ["", "Live IPv6 frames (xrb_xdp gen6, 64-byte UDP, destinations spread over the "
            "table), received pps, median:", "", "| run | pps |", "| --- | ---: |"]
    out += ["| %s | %s |" % (m, "%.0f" % p[m] if p[m] else "-") for m in rows]
    sizes = sorted(int(m.rsplit("-", 1)[1]) for m in rows if m.startswith("v6-xrouter-"))
    if not sizes:
        return
    small, big = sizes[0], sizes[-1]
    x, xb = p.get("v6-xrouter-%d" % small), p.get("v6-xrouter-%d" % big)
    out += ["", "IPv6 routed / xrouter IPv4 routed at %d prefixes: %s (target >= 0.9x); / Linux "
            "IPv6 forwarding: %s (target >= 3x); %d prefixes / %d: %s (target >= 0.9x); DXR / "
            "trie at %d: %s." % (
                small, fmt_ratio(ratio(x, p.get("v6-v4-xrouter-%d" % small))),
                fmt_ratio(ratio(x, p.get("v6-linux-%d" % small))), big, small,
                fmt_ratio(ratio(xb, x)), big,
                fmt_ratio(ratio(xb, p.get("v6-trie-xrouter-%d" % big))))]


def ipv6_table(d, out):
    cost = dict((c[0], c[1]) for c in d["cost"])
    out.append("| IPv6 prefixes | table | load s | FIB6 MiB | tables / blocks / sub-blocks | "
               "C lookup ns | IPv6 ns/run | IPv4 ns/run | floor ns |")
    out.append("| ---: | --- | ---: | ---: | --- | ---: | ---: | ---: | ---: |")
    for n, v in sorted(d["ipv6"].items()):
        for name, k in (("DXR", ""), ("trie", "trie_")):
            if k + "cost_ns" not in v and k + "load_s" not in v:
                continue
            shape = "-" if k else "%s / %s / %s" % (v.get("tables", "-"), v.get("blocks", "-"),
                                                    v.get("subs", "-"))
            out.append("| %d | %s | %s | %s | %s | %s | %s | %s | %s |" % (
                n, name, v.get(k + "load_s", "-"), v.get(k + "map_mib", "-"), shape,
                v.get(k + "lookup_c_ns", "-"), v.get(k + "cost_ns", "-"),
                v.get(k + "v4_cost_ns", "-"), v.get(k + "floor_ns", "-")))
    ipv6_live(d, out)
    for n, v in sorted(d["ipv6"].items()):
        if "config_load_s" in v:
            out += ["", "%d IPv6 routes through `xrouterd --config`: %s s to a daemon answering "
                    "with %s routes (target <= 2 s)." % (n, v["config_load_s"],
                                                           v.get("config_routes", "?"))]
    r = ratio(cost.get("routed6_forward"), cost.get("routed_forward"))
    out += ["", "IPv6 routed forward, hot (xrb_cost): %s the IPv4 one (target <= 1.2x)." %
            fmt_ratio(r)]


def ksync_table(d, out):
    keyed_table(out, ["routes", "kernel s", "synced s", "lag s", "routes/s", "daemon RSS MiB",
                      "withdrawn s"],
                ["kernel_s", "sync_s", "lag_s", "routes_per_s", "rss_mib", "withdraw_s"],
                d["ksync"])
    big = max(d["ksync"])
    lag = fnum(d["ksync"][big].get("lag_s"))
    out += ["", "Lag behind the kernel at %d routes: %s s (target <= 1 s; measured by polling "
            "`kernel show` every ~20 ms plus the CLI's own time)." % (
                big, "-" if lag is None else "%.2f" % lag)]


def targets(d, out):
    p = {m: med(d["pps"].get(m, [])) for m, _ in MODES}
    sizes = sorted(d["scale"])
    cost = {c[0]: c[1] for c in d["cost"]}
    tcp = {m: med(v) for m, v in d["tcp"].items()}
    big = d["scale"].get(max(sizes)) if sizes else {}
    rows = [
        ("routed >= 3x Linux forwarding", ratio(p["xrouter"], p["kernel"]), 3.0, True),
        ("routed >= 0.9x ceiling", ratio(p["xrouter"], p["ceiling"]), 0.9, True),
        ("switched >= 3x Linux bridge", ratio(p["xswitch"], p["bridge"]), 3.0, True),
        ("routed pps with ECMP routes >= 0.95x without", ratio(p["xrecmp"], p["xrouter"]), 0.95,
         True),
        ("VLAN-aware switched >= 0.9x VLAN-unaware", ratio(p["xswitchvlan"], p["xswitch"]),
         0.9, True),
        ("routed pps at %s prefixes >= 0.9x at %s" % (sizes[-1] if sizes else "?",
                                                      sizes[0] if sizes else "?"),
         ratio(med(d["pps"].get("scale-%d" % sizes[-1], [])) if sizes else None,
               med(d["pps"].get("scale-%d" % sizes[0], [])) if sizes else None), 0.9, True),
        ("routed pps at %s prefixes >= 3x Linux with that table" % (sizes[-1] if sizes else "?"),
         ratio(med(d["pps"].get("scale-%d" % sizes[-1], [])) if sizes else None,
               med(d["pps"].get("kscale-%d" % sizes[-1], [])) if sizes else None), 3.0, True),
        ("%s prefixes loaded in <= 3 s (library, in process)" % (sizes[-1] if sizes else "?"),
         float(big["load_s"]) if big and "load_s" in big else None, 3.0, False),
        ("route change under full table <= 1 ms (max, us)",
         float(big["change_max_us"]) if big and "change_max_us" in big else None, 1000.0, False),
        ("route change through the daemon <= 1 ms (median, ms)",
         fnum(d["daemon"].get(max(d["daemon"]), {}).get("replace_median_ms"))
         if d["daemon"] else None, 1.0, False),
        ("Prometheus scrape of %s routes and %s ports < 100 ms (median, ms)" % (
            max(d["daemon"]) if d["daemon"] else "?",
            d["daemon"][max(d["daemon"])].get("metrics_ports", "?") if d["daemon"] else "?"),
         fnum(d["daemon"].get(max(d["daemon"]), {}).get("metrics_scrape_ms"))
         if d["daemon"] else None, 100.0, False),
        ("%s routes adopted by a restarted daemon in <= 3 s" % (
            max(d["restart"]) if d["restart"] else "?"),
         fnum(d["restart"][max(d["restart"])].get("ready_s")) if d["restart"] else None,
         3.0, False),
        ("frames lost across SIGKILL + adoption at full rate, %s routes" % (
            max(d["restart"]) if d["restart"] else "?"),
         frames_lost(d, "restart-%d" % max(d["restart"])) if d["restart"] else None,
         0.0, False),
        ("forwarding gap of an upgrade (other contract version) <= 50 ms, %s routes" % (
            max(d["restart"]) if d["restart"] else "?"),
         restart_gap_ms(d, "upgrade-%d" % max(d["restart"]))
         if d["restart"] and "upgrade_late" not in d["restart"][max(d["restart"])] else None,
         50.0, False),
        ("steady flow kept under every flood >= 0.9 (the worst)",
         min((fnum(v.get("fraction")) for k, v in d["flood"].items()
              if fnum(v.get("fraction")) is not None), default=None), 0.9, True),
        ("routed program cost <= 1.5x ceiling", ratio(cost.get("routed_forward"),
                                                      cost.get("ceiling")), 1.5, False),
        ("ECMP forward cost <= 1.1x a single next hop's", ratio(cost.get("routed_forward_ecmp"),
                                                               cost.get("routed_forward")),
         1.1, False),
        ("TCP xrouter >= Linux with XDP_PASS", ratio(tcp.get("xrouter"),
                                                     tcp.get("kernel-xdp-pass")), 1.0, True),
        ("%s kernel routes synced <= 1 s behind the kernel (s)" % (
            max(d["ksync"]) if d["ksync"] else "?"),
         fnum(d["ksync"][max(d["ksync"])].get("lag_s")) if d["ksync"] else None, 1.0, False),
    ]
    out.append("| target | measured | met |")
    out.append("| --- | ---: | --- |")
    for name, val, lim, ge in rows:
        met = "-" if val is None else ("yes" if (val >= lim if ge else val <= lim) else "**no**")
        out.append("| %s | %s | %s |" % (name, "-" if val is None else "%.2f" % val, met))


def fnum(v):
    try:
        return float(v)
    except (TypeError, ValueError):
        return None


def daemon_text(d, n, v, out):
    rx, off = d["pps"].get("daemon-%d" % n, []), d["offered"].get("daemon-%d" % n, [])
    secs = fnum(d["meta"].get("secs"))
    churn = fnum(v.get("churn_changes"))
    rate = "-" if churn is None or not secs else "%.0f" % (churn / secs)
    lost = "-" if not rx or not off else "%d" % max(0, int((sum(off) - sum(rx)) * (secs or 0)))
    out += ["", "Through the daemon: `xrouterd --config` with %d routes ready (`xrouterctl "
            "status` answers) after %s s. A `route replace` on the control socket is applied "
            "and answered in %s ms (median; max %s; a `status` request: %s, max %s); one "
            "`xrouterctl route replace` run, process start included: %s ms. Routed rate with "
            "that table while the routes carrying the traffic changed gateway %s times a "
            "second: offered %s, received %s Mpps (%s packets lost)." % (
                n, v.get("start_s", "-"), v.get("replace_median_ms", "-"),
                v.get("replace_max_ms", "-"), v.get("status_median_ms", "-"),
                v.get("status_max_ms", "-"), v.get("cli_replace_ms", "-"), rate,
                mpps(med(off)), mpps(med(rx)), lost)]
    if "metrics_scrape_ms" in v:
        out[-1] += (" A Prometheus scrape (`--metrics`, curl, connection included) with %s ports: "
                    "%s ms median, %s ms max, %s bytes." % (
                        v.get("metrics_ports", "-"), v["metrics_scrape_ms"],
                        v.get("metrics_scrape_max_ms", "-"), v.get("metrics_bytes", "-")))


def frames_lost(d, mode):
    """Frames offered and not received over a mode's runs, or None."""
    runs = d["frames"].get(mode)
    return None if not runs else max(0, sum(o - r for o, r in runs))


def restart_gap_ms(d, mode):
    """The frames a restart lost as time at the rate offered: the forwarding gap."""
    lost, off = frames_lost(d, mode), med(d["offered"].get(mode, []))
    return None if lost is None or not off else lost / off * 1e3


def restart_table(d, out):
    secs = fnum(d["meta"].get("restart_secs"))
    out.append("| routes | ready (s) | ready under traffic (s) | offered Mpps | received Mpps "
               "| packets lost |")
    out.append("| ---: | ---: | ---: | ---: | ---: | ---: |")
    for n, v in sorted(d["restart"].items()):
        rx, off = d["pps"].get("restart-%d" % n, []), d["offered"].get("restart-%d" % n, [])
        lost = frames_lost(d, "restart-%d" % n)
        if lost is None:
            lost = None if not rx or not off or secs is None else \
                max(0, int((sum(off) - sum(rx)) * secs))
        out.append("| %d | %s | %s | %s | %s | %s |" % (
            n, v.get("ready_s", "-"), v.get("ready_traffic_s", "-"), mpps(med(off)),
            mpps(med(rx)), "-" if lost is None else "%d" % lost))
    if not any("upgrade-%d" % n in d["frames"] for n in d["restart"]):
        return
    out += ["", "Lost frames at the generator's full rate, each over %s s of traffic: "
            "none (steady), across SIGKILL + adoption, across an upgrade to a build of "
            "another contract version (`make abi-bump`: fresh maps rebuilt from the saved "
            "state, then the program replaced on both ports) and back; gap = lost frames / "
            "offered rate; swap = the replace of both ports as the daemon timed it." %
            d["meta"].get("restart_secs", "?"), ""]
    out.append("| routes | offered Mpps | lost: steady | kill -9 | upgrade | downgrade "
               "| gap (ms): upgrade | downgrade | swap (us): upgrade | downgrade |")
    out.append("| ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |")

    def cell(v, fmt="%d"):
        return "-" if v is None else fmt % v
    for n, v in sorted(d["restart"].items()):
        # A switch after the traffic ended was not measured: "late", not "0".
        up, down = [None if ("%s_late" % w) in v else "%s-%d" % (w, n)
                    for w in ("upgrade", "downgrade")]
        out.append("| %d | %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            n, mpps(med(d["offered"].get("restart-%d" % n, []))),
            cell(frames_lost(d, "steady-%d" % n)), cell(frames_lost(d, "restart-%d" % n)),
            cell(up and frames_lost(d, up)) if up else "late",
            cell(down and frames_lost(d, down)) if down else "late",
            cell(up and restart_gap_ms(d, up), "%.2f"),
            cell(down and restart_gap_ms(d, down), "%.2f"),
            v.get("upgrade_swap_us", "-"), v.get("downgrade_swap_us", "-")))


FLOODS = [
    ("scan", "scan of a connected /16 (UDP to each of 65,536 addresses)"),
    ("ttl1", "TTL-1 flood through the router"),
    ("echo", "ICMP echo flood to the router"),
    ("arpspoof-static", "ARP spoofing of the gateway, static neighbour"),
    ("arpspoof-dynamic", "ARP spoofing of the gateway, learned neighbour"),
    ("naspoof-static", "NA spoofing of the IPv6 gateway, static neighbour"),
    ("naspoof-dynamic", "NA spoofing of the IPv6 gateway, learned neighbour"),
    ("macs", "100,000 random source MACs on the switch"),
    ("bad", "bad IPv4 checksums and truncated headers"),
]


def flood_table(d, out):
    fl = d["flood"]
    none = fl.get("none", {})
    out.append("Steady flow with no flood: %s pps routed, %s pps switched; the daemon's RSS "
               "%s KiB. Each flood %s s from a host on one of the router's segments, at the "
               "generator's full rate (a packet socket on its own CPU). Kept: frames "
               "received during the flood / frames received without it; of its frames sent: "
               "the same over what the steady sender managed to send (on a shared VM the "
               "sender itself can fall behind)." % (
                   none.get("steady_pps", "-"), none.get("switched_pps", "-"),
                   none.get("rss_kib", "-"), fl.get("scan", {}).get("secs", "?")))
    out.append("")
    out.append("| flood | flood kpps | steady flow kept | of its frames sent | daemon CPU % "
               "| daemon RSS KiB | absorbed by (counter=frames) | tables after (max during) "
               "| outcome |")
    out.append("| --- | ---: | ---: | ---: | ---: | ---: | --- | --- | --- |")
    for k, desc in FLOODS:
        v = fl.get(k)
        if not v:
            continue
        kpps = fnum(v.get("flood_pps"))
        out.append("| %s | %s | %s | %s | %s | %s | %s | %s | %s |" % (
            desc, "-" if kpps is None else "%.0f" % (kpps / 1e3), v.get("fraction", "-"),
            v.get("delivered", "-"),
            v.get("daemon_cpu_pct", "-"), v.get("rss_kib", "-"),
            v.get("counters", "-").replace(",", ", "), v.get("tables", "-").replace(",", ", "),
            v.get("outcome", "-").replace("_", " ")))


def chart(d, path):
    try:
        import matplotlib
        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return False
    fig, (a, b) = plt.subplots(1, 2, figsize=(12, 4.5))
    ms = [(m, desc) for m, desc in MODES if d["pps"].get(m)]
    meds = [med(d["pps"][m]) / 1e6 for m, _ in ms]
    lo = [x - min(d["pps"][m]) / 1e6 for x, (m, _) in zip(meds, ms)]
    hi = [max(d["pps"][m]) / 1e6 - x for x, (m, _) in zip(meds, ms)]
    a.bar([m for m, _ in ms], meds, yerr=[lo, hi], capsize=4,
          color=["#999", "#d62728", "#1f77b4", "#ff7f0e", "#2ca02c", "#555"][:len(ms)])
    a.set_ylabel("Mpps received (median, min-max)")
    a.set_title("64-byte frames, %s prefixes" % d["meta"].get("main_n", "?"))
    sizes = [n for n in sorted(d["scale"]) if d["pps"].get("scale-%d" % n)]
    if sizes:
        b.plot(sizes, [med(d["pps"]["scale-%d" % n]) / 1e6 for n in sizes], "o-", color="#d62728")
        b.set_xscale("log")
        b.set_ylim(bottom=0)
    b.set_xlabel("prefixes loaded")
    b.set_ylabel("routed Mpps (median)")
    b.set_title("xrouter routing vs table size")
    fig.suptitle("xrouter bench, %s, kernel %s" % (d["meta"].get("cpu", "?"),
                                                  d["meta"].get("kernel", "?")))
    fig.tight_layout()
    fig.savefig(path, dpi=100)
    return True


def tcp_table(d, out):
    out.append("| setup | Gbit/s |")
    out.append("| --- | ---: |")
    for k, v in d["tcp"].items():
        out.append("| %s | %.2f |" % (k, med(v)))


def optional_sections(d):
    """The stages a run may leave out: (data key, title, intro or None, table)."""
    return [
        ("mem", "What a read costs the program, by where it lands (xrb_mem)",
         "A chain of dependent reads through one BPF array map: working sets of "
         "consecutive lines (cache and TLB reach together), and one line per page "
         "(the TLB alone).", mem_table),
        ("restart", "Restart: SIGKILL, a successor adopts the running fast path",
         "Until `xrouterctl status` answers: the saved state and `--config` replayed "
         "over the live tables. Traffic to the table's destinations runs across the "
         "second restart (%s s from just before the SIGKILL)." %
         d["meta"].get("restart_secs", "?"), restart_table),
        ("ipv6", "IPv6 FIB (xrb_v6, in process; ns/run: one test run per frame, "
         "4,096 destinations drawn from the table)", None, ipv6_table),
        ("flood", "Floods, with forwarding measured (floods.sh)", None, flood_table),
        ("ksync", "Kernel route sync (`kernel sync on`, routes added with `ip -batch`)",
         "/24s via one next hop, proto bgp, added as fast as the kernel takes them; "
         "synced: from the batch's start until xrouterd has them all; lag: after the "
         "kernel had them all.", ksync_table),
        ("tcp", "TCP goodput through one router (iperf3, Gbit/s)", None, tcp_table),
    ]


def main():
    d = load(sys.argv[1])
    outdir = sys.argv[2]
    m = d["meta"]
    out = ["# xrouter benchmark", "",
           "%s; %s; kernel %s; %s s per measurement, %s repetitions, %s destinations." % (
               m.get("date", "?"), m.get("cpu", "?"), m.get("kernel", "?"), m.get("secs", "?"),
               m.get("reps", "?"), m.get("ndst", "?")),
           "", "## Forwarding rate (gen -> dut -> sink, veth, one core)", ""]
    modes_table(d, out)
    out += ["", "## Route scale (xrouter, Internet-like length mix)", ""]
    scale_table(d, out)
    out += ["", "## XDP program cost per path (BPF_PROG_TEST_RUN)", ""]
    cost_table(d, out)
    for n, v in sorted(d["daemon"].items()):
        daemon_text(d, n, v, out)
    for key, title, intro, table in optional_sections(d):
        if d[key]:
            out += ["", "## " + title, ""] + ([intro, ""] if intro else [])
            table(d, out)
    out += ["", "## Targets", ""]
    targets(d, out)
    if d["fail"]:
        out += ["", "Failures: " + "; ".join(d["fail"])]
    if chart(d, outdir + "/bench.png"):
        out += ["", "Chart: build/bench/bench.png"]
    open(outdir + "/results.md", "w").write("\n".join(out) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
