#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Host side statistics of `make bench`.

  report.py run --results FILE --engine qemu|uml ... : one run's table
  report.py render --doc FILE                        : the page only

`run` reads the raw "BENCH ..." lines the guest (tools/bench/bench.sh)
sent back and prints per scenario and generator, for every contender:
pps, ns/packet, the marginal cost over the no-switch floor, and the median
of the per-round paired ratios pps(panswitch)/pps(contender) with a 95 %
bootstrap interval (> 1: panswitch forwards more frames per second). The
first round is discarded (warm-up). It writes the same data as JSON
(--json) and, unless --publish is "-", keeps it as DIR/ENGINE.json with
its charts (tools/bench/charts.py: DIR/ENGINE-pps.svg, DIR/ENGINE-scale.svg)
next to it; then, unless --doc is "-", renders the page.

The page (Documentation/performance.md) is rendered from what is kept in
Documentation/bench/ for both engines (uml.json, the primary one;
qemu.json) and from Documentation/bench/profile/profile.json (make bench-profile),
so a run of one engine keeps the other's table. The fanout scenario
(issue 16: a broadcast to 8 remotes, head-end vs the PAN's multicast
group) is also kept as DIR/ENGINE-fanout.json, its section's data; a run
of that scenario alone (BENCH_SCENARIOS=fanout) writes only that file and
leaves ENGINE.json, the engine's full tables, and its charts as they are.
Reports, never asserts: exit status 1 only when there is no measurement.
"""
import argparse
import bisect
import json
import os
import platform
import random
import re
import statistics
import subprocess
import sys
import time
from collections import defaultdict

FLOOR = "floor"
PSW = "psw"
NAMES = {
    "floor": "floor: no switch (drop at ip_rcv)",
    "mirred": "tc matchall mirred redirect",
    "bridge": "Linux bridge",
    "ovs": "Open vSwitch (kernel dp)",
    "vxhead": "Linux bridge + vxlan device, head-end",
    "head": "panswitch, head-end flood list",
    "vm": "panswitch, vm port fixed to the PAN",
    "psw": "panswitch",
}
SHORT = {"floor": "floor", "mirred": "tc", "bridge": "bridge", "ovs": "OVS",
         "vxhead": "vxlan head-end", "head": "panswitch head-end", "vm": "panswitch vm port", "psw": "panswitch"}
# Per scenario, where a contender is not what NAMES says.
SCENARIO_NAMES = {
    ("xlate", "mirred"): "tc matchall pedit (both MACs) + mirred redirect",
    ("xlate", "ovs"): "Open vSwitch (kernel dp), set(eth())",
    ("xlate", "psw"): "panswitch (xlate entry, out of the uplink)",
    ("encap", "floor"): "floor: no switch (drop at ip_rcv of the ingress port)",
    ("encap", "mirred"): "tc matchall tunnel_key set + mirred to a vxlan (external) device",
    ("encap", "bridge"): "Linux bridge + vxlan device",
    ("encap", "ovs"): "Open vSwitch (kernel dp) + vxlan vport",
    ("encap", "psw"): "panswitch (encap vxlan entry)",
    ("decap", "floor"): "floor: no switch (VXLAN packets dropped at ip_rcv of the underlay port)",
    ("decap", "mirred"): "vxlan (external) device + tc matchall tunnel_key unset + mirred",
    ("decap", "bridge"): "Linux bridge + vxlan device",
    ("decap", "ovs"): "Open vSwitch (kernel dp) + vxlan vport",
    ("decap", "psw"): "panswitch (its VXLAN socket, local entry)",
    ("flood", "mirred"): "tc matchall mirred mirror + mirred redirect",
    ("flood", "bridge"): "Linux bridge (unknown unicast flooding)",
    ("flood", "ovs"): "Open vSwitch (kernel dp), one flow with two outputs",
    ("flood", "psw"): "panswitch (no entry: flood to the PAN's vm ports)",
    ("fanout", "bridge"): "Linux bridge + vxlan device with `group` (one copy to the group)",
    ("fanout", "vxhead"): "Linux bridge + vxlan device, head-end (8 all-zeros fdb entries)",
    ("fanout", "head"): "panswitch, head-end (8 remotes in the PAN's flood list)",
    ("fanout", "psw"): "panswitch, the PAN's group (`pan set ... group`)",
    ("trunk", "vm"): "panswitch, a vm port fixed to PAN 100 (l2's path)",
    ("trunk", "psw"): "panswitch, a trunk port (`trunk classify oui`): tenant map lookup by the source's OUI",
}
SCENARIOS = {
    "l2": "local L2, one flow (64-byte frames)",
    "xlate": "MAC rewrite (xlate) out of an uplink, one flow (64-byte frames)",
    "encap": "VXLAN encap over IPv4, one flow (64-byte inner frames)",
    "decap": "VXLAN decap over IPv4, one flow (64-byte inner frames)",
    "flood": "unknown unicast flooded to two ports, one flow (64-byte frames)",
    "fanout": "a broadcast to 8 remote VTEPs over VXLAN/IPv4, head-end or one copy to a multicast group (64-byte frames)",
    "trunk": "local L2 from a classified trunk port (issue 17) vs a fixed-PAN vm port, one flow (64-byte frames)",
}
FANOUT = "fanout"
GENS = {
    "netif_receive": "pktgen xmit_mode netif_receive into the ingress port",
    "netif_unshared": "pktgen xmit_mode netif_receive with `flag !SHARED` (an unshared skb) into the ingress port",
    "start_xmit": "pktgen start_xmit on a veth in a source namespace",
}
# The generators' order on the page: GENS's.
GEN_ORDER = list(GENS)
# The clone a shared skb costs: netif_receive (pktgen's shared skb) against
# netif_unshared (`flag !SHARED`), the same frames otherwise.
SHARED_GEN, UNSHARED_GEN = "netif_receive", "netif_unshared"
SCENARIO_GENS = {
    ("decap", "start_xmit"): "pktgen start_xmit on a Linux vxlan device (VNI 100) in a sender namespace",
}
ENGINES = {
    "uml": "User-Mode Linux (native speed)",
    "qemu": "QEMU/TCG (software emulation)",
}
# The order on the page: the primary engine first.
ENGINE_ORDER = ["uml", "qemu"]


def cname(s, c):
    return SCENARIO_NAMES.get((s, c), NAMES.get(c, c))


def bootstrap_ratio(a, b, n=10000, seed=1):
    """95 % interval of median(a) / median(b), a and b resampled apart
    (runs that are not paired by round)."""
    rnd = random.Random(seed)
    qs = sorted(statistics.median(rnd.choices(a, k=len(a))) /
                statistics.median(rnd.choices(b, k=len(b))) for _ in range(n))
    return qs[int(0.025 * n)], qs[int(0.975 * n) - 1]


def bootstrap_median(xs, n=10000, seed=1):
    rnd = random.Random(seed)
    meds = sorted(statistics.median(rnd.choices(xs, k=len(xs))) for _ in range(n))
    return meds[int(0.025 * n)], meds[int(0.975 * n) - 1]


# The scale runs: random destinations over the N entries, and every frame
# to the first entry (the 1-entry run's pktgen settings; from N = 2 on).
SCALE_KINDS = ("scale", "scale_bridge", "scale_fixed", "scale_bridge_fixed", "scale_ref")


def parse(path):
    r = {"info": {}, "skips": [], "nogens": [], "runs": defaultdict(dict),
         "scale": defaultdict(list), "scale_bridge": defaultdict(list),
         "scale_fixed": defaultdict(list), "scale_bridge_fixed": defaultdict(list),
         "scale_ref": defaultdict(list), "flooded": {},
         "flooded_bridge": {}, "mem": {}, "install": {}, "dump": {}, "windows": {},
         "scale_windows": {}, "wire": defaultdict(dict), "done": None}
    with open(path, errors="replace") as f:
        for line in f:
            w = line.split()
            if len(w) < 2 or w[0] != "BENCH":
                continue
            kind, a = w[1], w[2:]
            try:
                if kind == "info":
                    r["info"][a[0]] = " ".join(a[1:])
                elif kind == "skip":
                    r["skips"].append({"scenario": a[0], "contender": a[1],
                                       "reason": " ".join(a[2:]), "kind": "skip"})
                elif kind == "error":
                    r["skips"].append({"scenario": a[0], "contender": a[2],
                                       "reason": f"{a[1]} round {a[3]}: " + " ".join(a[4:]), "kind": "error"})
                elif kind == "nogen":
                    r["nogens"].append({"scenario": a[0], "generator": a[1], "reason": " ".join(a[2:])})
                elif kind == "run":
                    s, g, c, rd = a[0], a[1], a[2], int(a[3])
                    r["runs"][(s, g, c)][rd] = {"delivered": int(a[4]), "usec": int(a[5]), "sent": int(a[6])}
                elif kind == "wire":
                    r["wire"][(a[0], a[1], a[2])][int(a[3])] = {"frames": int(a[4]), "copies": int(a[5])}
                elif kind == "window":
                    r["windows"][(a[0], a[1], a[2], int(a[3]))] = (int(a[4]), int(a[5]))
                elif kind == "scale_window":
                    r["scale_windows"][(a[0], int(a[1]), int(a[2]))] = (int(a[3]), int(a[4]))
                elif kind in SCALE_KINDS:
                    r[kind][int(a[0])].append({"round": int(a[1]), "delivered": int(a[2]),
                                               "usec": int(a[3]), "sent": int(a[4])})
                elif kind in ("scale_flooded", "scale_bridge_flooded"):
                    key = "flooded" if kind == "scale_flooded" else "flooded_bridge"
                    r[key][int(a[0])] = int(a[1]) if a[1].isdigit() else a[1]
                elif kind == "mem":
                    r["mem"][(a[0], int(a[1]))] = {"memavailable_delta": int(a[2]), "slab_delta": int(a[3])}
                elif kind == "install":
                    r["install"][(a[0], int(a[1]))] = {"usec": int(a[2]), "rc": int(a[3])}
                elif kind == "dump":
                    r["dump"][(a[0], int(a[1]))] = {"usec": int(a[2]), "lines": int(a[3])}
                elif kind == "done":
                    r["done"] = int(a[0])
            except (IndexError, ValueError):
                print(f"report: bad line: {line.rstrip()}", file=sys.stderr)
    return r


def pps(run):
    """Frames per second: of the CPU time the guest kernel had during the
    run where that is known (UML), else of pktgen's elapsed time."""
    t = run.get("cpu_usec") or run["usec"]
    return run["delivered"] / (t / 1e6) if t > 0 else 0.0


def cpu_clock(path):
    """The UML kernel's CPU time against the wall clock (uml.sh's cpu.log):
    a function WALL_US -> CPU_US (linear between samples), or None."""
    pts = []
    try:
        with open(path) as f:
            for line in f:
                w = line.split()
                if len(w) == 2:
                    pts.append((int(w[0]), int(w[1]) / 1000))
    except (OSError, ValueError):
        return None
    if len(pts) < 2:
        return None
    xs = [p[0] for p in pts]

    def at(t):
        i = bisect.bisect_right(xs, t)
        if i <= 0 or i >= len(pts):
            return None
        (x0, y0), (x1, y1) = pts[i - 1], pts[i]
        return y0 + (y1 - y0) * (t - x0) / (x1 - x0) if x1 > x0 else y0
    return at


def charge_cpu(r, at):
    """Give every run with a window the CPU time of its window."""
    def cpu(win):
        if not win:
            return None
        a, b = at(win[0]), at(win[1])
        return round(b - a) if a is not None and b is not None and b > a else None
    for (s, g, c), rounds in r["runs"].items():
        for rd, run in rounds.items():
            u = cpu(r["windows"].get((s, g, c, rd)))
            if u:
                run["cpu_usec"] = u
                run["wall_usec"] = r["windows"][(s, g, c, rd)][1] - r["windows"][(s, g, c, rd)][0]
    for kind in SCALE_KINDS:
        for n, runs in r[kind].items():
            for run in runs:
                u = cpu(r["scale_windows"].get((kind, n, run["round"])))
                if u:
                    run["cpu_usec"] = u
                    w = r["scale_windows"][(kind, n, run["round"])]
                    run["wall_usec"] = w[1] - w[0]


def gen_key(g):
    return (GEN_ORDER.index(g) if g in GEN_ORDER else 99, g)


def order_key(k):
    s, g = k
    return (list(SCENARIOS).index(s) if s in SCENARIOS else 99, gen_key(g))


def rounds_of(rounds):
    """The kept rounds (all but the first) as (round, run) pairs."""
    return [(r, v) for r, v in sorted(rounds.items()) if r != min(rounds)] or sorted(rounds.items())


def analyse(runs):
    """rows per (scenario, gen): one per contender."""
    out = []
    for s, g in sorted({(s, g) for (s, g, _) in runs}, key=order_key):
        contenders = [c for c in NAMES if (s, g, c) in runs] + sorted(
            c for (s2, g2, c) in runs if (s2, g2) == (s, g) and c not in NAMES)
        per = {}
        for c in contenders:
            rounds = runs[(s, g, c)]
            kept = {r: v for r, v in rounds.items() if r != min(rounds)} or rounds
            per[c] = {r: pps(v) for r, v in kept.items()}
        rows = []
        floor_ns = None
        if FLOOR in per and per[FLOOR] and statistics.median(per[FLOOR].values()) > 0:
            floor_ns = 1e9 / statistics.median(per[FLOOR].values())
        for c in contenders:
            vals = list(per[c].values())
            med = statistics.median(vals) if vals else 0.0
            ns = 1e9 / med if med > 0 else None
            lo, hi = bootstrap_median(vals) if vals else (0, 0)
            row = {"contender": c, "name": cname(s, c), "rounds": len(vals),
                   "pps": round(med), "pps_ci95": [round(lo), round(hi)],
                   "pps_min": round(min(vals)) if vals else 0,
                   "pps_max": round(max(vals)) if vals else 0,
                   "ns_per_packet": round(ns, 1) if ns else None,
                   "marginal_ns": round(ns - floor_ns, 1) if ns and floor_ns and c != FLOOR else None,
                   "delivered_total": sum(v["delivered"] for v in runs[(s, g, c)].values()),
                   "sent_total": sum(v["sent"] for v in runs[(s, g, c)].values()),
                   "per_round_pps": [round(per[c][r]) for r in sorted(per[c])]}
            shares = [v["cpu_usec"] / v["wall_usec"] for rd, v in rounds_of(runs[(s, g, c)])
                      if v.get("cpu_usec") and v.get("wall_usec")]
            if shares:
                row["cpu_share"] = round(statistics.median(shares), 3)
            if PSW in per and c != PSW:
                common = sorted(set(per[PSW]) & set(per[c]))
                ratios = [per[PSW][r] / per[c][r] for r in common if per[c][r] > 0]
                if ratios:
                    rlo, rhi = bootstrap_median(ratios)
                    row["ratio_psw"] = {"median": round(statistics.median(ratios), 3),
                                        "ci95": [round(rlo, 3), round(rhi, 3)], "n": len(ratios)}
            rows.append(row)
        out.append({"scenario": s, "scenario_name": SCENARIOS.get(s, s), "generator": g,
                    "generator_name": SCENARIO_GENS.get((s, g), GENS.get(g, g)), "contenders": rows})
    return out


def paired_ratio(a, b):
    """median and 95 % bootstrap interval of a[round] / b[round] over the
    rounds both have, or None."""
    ratios = [a[k] / b[k] for k in sorted(set(a) & set(b)) if b[k] > 0]
    if not ratios:
        return None
    lo, hi = bootstrap_median(ratios)
    return {"median": round(statistics.median(ratios), 3), "ci95": [round(lo, 3), round(hi, 3)],
            "n": len(ratios)}


def analyse_unshared(runs):
    """Per scenario measured with both netif_receive (a shared skb) and
    netif_unshared (`flag !SHARED`) in the same rounds: per contender
    the ns per frame of each (median over the kept rounds), their
    difference paired per round (shared - unshared: what the shared skb
    costs, the receiver's clone and where it writes a header the copy),
    and the pps ratio unshared/shared, paired per round."""
    out = []
    for s in sorted({s for (s, g, _c) in runs if g == UNSHARED_GEN}, key=lambda s: order_key((s, SHARED_GEN))):
        rows = []
        for c in [c for c in NAMES if (s, SHARED_GEN, c) in runs and (s, UNSHARED_GEN, c) in runs]:
            a = {k: pps(v) for k, v in rounds_of(runs[(s, SHARED_GEN, c)])}
            b = {k: pps(v) for k, v in rounds_of(runs[(s, UNSHARED_GEN, c)])}
            common = [k for k in sorted(set(a) & set(b)) if a[k] > 0 and b[k] > 0]
            if not common:
                continue
            row = {"contender": c, "name": cname(s, c), "rounds": len(common)}
            for key, d in (("ns_shared", a), ("ns_unshared", b)):
                row[key] = round(1e9 / statistics.median(d[k] for k in common), 1)
            diff = [1e9 / a[k] - 1e9 / b[k] for k in common]
            lo, hi = bootstrap_median(diff)
            row["shared_cost_ns"] = {"median": round(statistics.median(diff), 1),
                                     "ci95": [round(lo, 1), round(hi, 1)], "n": len(diff)}
            row["ratio_unshared_shared"] = paired_ratio(b, a)
            rows.append(row)
        if rows:
            out.append({"scenario": s, "scenario_name": SCENARIOS.get(s, s), "contenders": rows})
    return out


def fmt_unshared(blocks, res=(), basis="wall"):
    """The table of analyse_unshared, with panswitch/contender of both
    generators (from analyse's blocks, res)."""
    unit = "CPU ns" if basis == "cpu" else "ns"
    ratio = {(b["scenario"], b["generator"], r["contender"]): r["ratio_psw"]
             for b in res for r in b["contenders"] if "ratio_psw" in r}
    lines = []
    for blk in blocks:
        lines += [f"#### {blk['scenario']}: shared skb (netif_receive) vs unshared (netif_unshared), same rounds", "",
                  f"| contender | {unit}/frame, shared | {unit}/frame, unshared | shared - unshared, {unit}/frame, "
                  "paired median [95 % CI] | pps unshared/shared [95 % CI] | panswitch/contender, shared "
                  "[95 % CI] | panswitch/contender, unshared [95 % CI] | rounds |",
                  "|---|---:|---:|---:|---:|---:|---:|---:|"]
        for r in blk["contenders"]:
            q = r["shared_cost_ns"]
            rs = [ratio.get((blk["scenario"], g, r["contender"])) for g in (SHARED_GEN, UNSHARED_GEN)]
            rs = [fmt_ratio(x) if x else "—" for x in rs]
            u = fmt_ratio(r["ratio_unshared_shared"]) if r.get("ratio_unshared_shared") else "—"
            lines.append(f"| {r['name']} | {r['ns_shared']:.0f} | {r['ns_unshared']:.0f} | "
                         f"{q['median']:.0f} [{q['ci95'][0]:.0f}, {q['ci95'][1]:.0f}] | {u} | "
                         f"{rs[0]} | {rs[1]} | {r['rounds']} |")
        lines.append("")
    return lines


# The fanout scenario's ratios besides panswitch's group / each other
# contender (ratio_psw): (numerator, denominator).
FANOUT_PAIRS = [("head", "vxhead")]


def analyse_fanout(r):
    """The fanout scenario (bench.sh's BENCH wire lines), per generator:
    for every contender the underlay frames per broadcast (all frames the
    sink received / all broadcasts pktgen sent, over the kept rounds),
    broadcasts/s (delivered: frames / the copies the contender makes) and
    underlay frames/s, each the median over the kept rounds with a 95 %
    bootstrap interval, and the paired per-round ratios of broadcasts/s:
    panswitch's group over each other contender, and FANOUT_PAIRS."""
    out = []
    gens = sorted({g for (s, g, _c) in r["runs"] if s == FANOUT}, key=gen_key)
    for g in gens:
        contenders = [c for c in NAMES if (FANOUT, g, c) in r["runs"]]
        bps, fps, rows = {}, {}, []
        for c in contenders:
            runs, wire = r["runs"][(FANOUT, g, c)], r["wire"].get((FANOUT, g, c), {})
            kept = dict(rounds_of(runs))
            bps[c] = {k: pps(v) for k, v in kept.items()}
            fps[c] = {}
            frames = sent = 0
            copies = None
            for k, v in kept.items():
                t = v.get("cpu_usec") or v["usec"]
                w = wire.get(k)
                if not w or t <= 0:
                    continue
                fps[c][k] = w["frames"] / (t / 1e6)
                frames += w["frames"]
                sent += v["sent"]
                copies = w["copies"]
            row = {"contender": c, "name": cname(FANOUT, c), "rounds": len(bps[c]), "copies": copies,
                   "frames_per_broadcast": round(frames / sent, 4) if sent else None,
                   "frames_total": frames, "sent_total": sent}
            for key, d in (("broadcasts_pps", bps[c]), ("frames_pps", fps[c])):
                if d:
                    vals = list(d.values())
                    lo, hi = bootstrap_median(vals)
                    row[key] = {"median": round(statistics.median(vals)), "ci95": [round(lo), round(hi)],
                                "per_round": [round(d[k]) for k in sorted(d)]}
            rows.append(row)
        for row in rows:
            if PSW in bps and row["contender"] != PSW:
                q = paired_ratio(bps[PSW], bps[row["contender"]])
                if q:
                    row["ratio_group"] = q
        pairs = []
        for a, b in FANOUT_PAIRS:
            if a in bps and b in bps:
                q = paired_ratio(bps[a], bps[b])
                if q:
                    pairs.append({"a": a, "b": b, "ratio": q})
        out.append({"generator": g, "generator_name": SCENARIO_GENS.get((FANOUT, g), GENS.get(g, g)),
                    "contenders": rows, "pairs": pairs})
    return out


def fmt_fanout(blocks, basis="wall"):
    unit = "per CPU second" if basis == "cpu" else "per second"
    lines = []
    for blk in blocks:
        lines += [f"#### fanout; generator: {blk['generator_name']}", "",
                  f"| contender | underlay frames per broadcast (frames / broadcasts sent) | broadcasts {unit} (median) [95 % CI] | "
                  f"underlay frames {unit} (median) [95 % CI] | panswitch group / contender, broadcasts/s, "
                  "median [95 % CI] | rounds |",
                  "|---|---:|---:|---:|---:|---:|"]
        for r in blk["contenders"]:
            def cell(k):
                q = r.get(k)
                return f"{q['median']} [{q['ci95'][0]}, {q['ci95'][1]}]" if q else "—"
            fpb = "—"
            if r.get("frames_per_broadcast") is not None:
                fpb = f"{r['frames_per_broadcast']:.3f} ({r['frames_total']} / {r['sent_total']})"
            ratio = fmt_ratio(r["ratio_group"]) if "ratio_group" in r else "—"
            lines.append(f"| {r['name']} | {fpb} | {cell('broadcasts_pps')} | {cell('frames_pps')} | "
                         f"{ratio} | {r['rounds']} |")
        lines.append("")
        for p in blk.get("pairs", []):
            lines += [f"{SHORT.get(p['a'], p['a'])} / {SHORT.get(p['b'], p['b'])}, broadcasts/s: "
                      f"{fmt_ratio(p['ratio'])}.", ""]
    return lines


def analyse_scale(r):
    """Per table size: panswitch and the bridge (N fdb entries), paired."""
    out = []
    for n in sorted(set(r["scale"]) | set(r["scale_bridge"])):
        p = {x["round"]: pps(x) for x in r["scale"].get(n, [])}
        b = {x["round"]: pps(x) for x in r["scale_bridge"].get(n, [])}
        row = {"entries": n, "rounds": len(p), "bridge_rounds": len(b),
               "flooded": r["flooded"].get(n), "bridge_flooded": r["flooded_bridge"].get(n)}
        # N = 1 has one destination: its runs are the fixed ones too.
        fixed = {"scale_fixed": "scale", "scale_bridge_fixed": "scale_bridge"} if n == 1 else {}
        pf = {x["round"]: pps(x) for x in r[fixed.get("scale_fixed", "scale_fixed")].get(n, [])}
        bf = {x["round"]: pps(x) for x in r[fixed.get("scale_bridge_fixed", "scale_bridge_fixed")].get(n, [])}
        for key, d in (("psw", p), ("bridge", b), ("psw_fixed", pf), ("bridge_fixed", bf)):
            if d:
                v = list(d.values())
                lo, hi = bootstrap_median(v)
                row[key] = {"pps": round(statistics.median(v)), "ci95": [round(lo), round(hi)],
                            "per_round_pps": [round(d[k]) for k in sorted(d)]}
        # Against the one-entry switch of the same rounds (scale_ref).
        ref = {x["round"]: pps(x) for x in r["scale_ref"].get(n, [])}
        for key, x, y in (("ratio_psw_bridge", p, b), ("ratio_psw_bridge_fixed", pf, bf),
                          ("ratio_psw_one", p, ref), ("ratio_psw_fixed_one", pf, ref)):
            ratios = [x[k] / y[k] for k in sorted(set(x) & set(y)) if y[k] > 0]
            if ratios:
                lo, hi = bootstrap_median(ratios)
                row[key] = {"median": round(statistics.median(ratios), 3),
                            "ci95": [round(lo, 3), round(hi, 3)], "n": len(ratios)}
        skip = [k["reason"] for k in r["skips"] if k["scenario"] == "scale_bridge" and k["contender"] == str(n)]
        if skip:
            row["bridge_skipped"] = skip[0]
        out.append(row)
    return out


def fmt_ratio(q):
    return f"{q['median']:.3f} [{q['ci95'][0]:.3f}, {q['ci95'][1]:.3f}]"


def fmt_table(res, skips=(), basis="wall"):
    lines = []
    unit = "pps per CPU second" if basis == "cpu" else "pps"
    for blk in res:
        shown = {r["contender"] for r in blk["contenders"]}
        missing = [k for k in skips if k["kind"] == "skip" and k["scenario"] == blk["scenario"]
                   and k["contender"] not in shown]
        lines.append(f"#### {blk['scenario']}: {blk['scenario_name']}; generator: {blk['generator_name']}")
        lines.append("")
        lines.append(f"| contender | {unit} (median) [95 % CI] | ns/packet | marginal ns over floor | panswitch/contender pps ratio, median [95 % CI] | rounds |")
        lines.append("|---|---:|---:|---:|---:|---:|")
        for r in blk["contenders"]:
            ratio = fmt_ratio(r["ratio_psw"]) if "ratio_psw" in r else "—"
            ns = f"{r['ns_per_packet']:.0f}" if r["ns_per_packet"] else "—"
            mg = f"{r['marginal_ns']:.0f}" if r["marginal_ns"] is not None else "—"
            ci = r.get("pps_ci95")
            p = f"{r['pps']} [{ci[0]}, {ci[1]}]" if ci else f"{r['pps']}"
            lines.append(f"| {r['name']} | {p} | {ns} | {mg} | {ratio} | {r['rounds']} |")
        for k in missing:
            lines.append(f"| {cname(k['scenario'], k['contender'])} | not measured: {k['reason'].strip()} | — | — | — | 0 |")
        lines.append("")
    return lines


def fmt_scale(scale, install, mem, dump, basis="wall"):
    lines = []
    unit = "pps per CPU second" if basis == "cpu" else "pps"
    if scale:
        lines.append(f"| entries | panswitch {unit} (median) [95 % CI] | bridge {unit}, as many fdb entries [95 % CI] | panswitch/bridge ratio [95 % CI] | rounds | frames flooded: panswitch, bridge (must be 0) |")
        lines.append("|---:|---:|---:|---:|---:|---:|")
        for row in scale:
            def cell(k):
                if k not in row:
                    return "not measured" + (f": {row['bridge_skipped']}" if k == "bridge" and "bridge_skipped" in row else "")
                return f"{row[k]['pps']} [{row[k]['ci95'][0]}, {row[k]['ci95'][1]}]"
            ratio = fmt_ratio(row["ratio_psw_bridge"]) if "ratio_psw_bridge" in row else "—"
            fb = row["bridge_flooded"] if row["bridge_flooded"] is not None else "—"
            fp = row["flooded"] if row["flooded"] is not None else "?"
            lines.append(f"| {row['entries']} | {cell('psw')} | {cell('bridge')} | {ratio} | {row['rounds']} | {fp}, {fb} |")
        lines.append("")
    fixed = [row for row in scale if "psw_fixed" in row or "bridge_fixed" in row]
    if any(row["entries"] > 1 for row in fixed):
        lines.append("Every frame to the first entry (the 1-entry run's pktgen settings, at every size);"
                     " N/1: against a second switch with one entry, run in the same rounds:")
        lines.append("")
        lines.append(f"| entries | panswitch {unit} (median) [95 % CI] | bridge {unit} [95 % CI] | panswitch/bridge ratio [95 % CI] | panswitch N/1, paired (one destination) [95 % CI] | panswitch N/1, paired (random over N) [95 % CI] |")
        lines.append("|---:|---:|---:|---:|---:|---:|")
        for row in fixed:
            def fcell(k):
                return f"{row[k]['pps']} [{row[k]['ci95'][0]}, {row[k]['ci95'][1]}]" if k in row else "not measured"
            ratio = fmt_ratio(row["ratio_psw_bridge_fixed"]) if "ratio_psw_bridge_fixed" in row else "—"
            one = [fmt_ratio(row[k]) if k in row else "—" for k in ("ratio_psw_fixed_one", "ratio_psw_one")]
            lines.append(f"| {row['entries']} | {fcell('psw_fixed')} | {fcell('bridge_fixed')} | {ratio} | {one[0]} | {one[1]} |")
        lines.append("")
    ns = sorted({int(k.split(":")[1]) for k in install})
    if ns:
        lines.append("| entries | tool | install time (s) | entries/s | bytes/entry (MemAvailable Δ) | bytes/entry (Slab Δ) | dump time (s) |")
        lines.append("|---:|---|---:|---:|---:|---:|---:|")
        for n in ns:
            for tool, cmd in (("panswitch", "panswitch -b"), ("bridge", "bridge -batch fdb add")):
                i = install.get(f"{tool}:{n}")
                if not i:
                    continue
                m = mem.get(f"{tool}:{n}", {})
                d = dump.get(f"{tool}:{n}", {})
                ok = i["rc"] == 0
                rate = round(n / (i["usec"] / 1e6)) if ok and i["usec"] and n >= 1000 else "—"

                def bpe(k):
                    return f"{m[k] / n:.0f}" if ok and k in m and n >= 1000 else "—"
                rcs = ""
                if not ok:
                    rcs = f" **failed: exit {i['rc']}" + (" (killed: out of memory?)" if i["rc"] == 137 else "") + "**"
                dt = f"{d['usec'] / 1e6:.3f}" if d and ok else "—"
                lines.append(f"| {n} | {cmd}{rcs} | {i['usec'] / 1e6:.3f} | {rate} | {bpe('memavailable_delta')} | {bpe('slab_delta')} | {dt} |")
        lines.append("")
    return lines


def host_cpu():
    try:
        with open("/proc/cpuinfo") as f:
            return next(ln.split(":", 1)[1].strip() for ln in f if ln.startswith("model name"))
    except (OSError, StopIteration):
        return ""


def source_commit():
    """The commit the bench ran from, "+dirty" when the module or the bench
    scripts differed from it (the page's header names it)."""
    top = os.path.dirname(os.path.dirname(os.path.dirname(os.path.abspath(__file__))))
    try:
        head = subprocess.run(["git", "-C", top, "rev-parse", "--short=12", "HEAD"],
                              capture_output=True, text=True, check=True).stdout.strip()
        dirty = subprocess.run(["git", "-C", top, "status", "--porcelain", "--", "kmod",
                                "include", "tools/bench", "tools/cli", "netlink"],
                               capture_output=True, text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return ""
    return head + ("+dirty" if dirty else "")


def load_avg():
    try:
        with open("/proc/loadavg") as f:
            return " ".join(f.read().split()[:3])
    except OSError:
        return ""


def cmd_run(o):
    try:
        r = parse(o.results)
    except OSError as e:
        print(f"report: cannot read the results: {e}", file=sys.stderr)
        return 1
    at = cpu_clock(o.cpu_log) if o.cpu_log else None
    if at:
        charge_cpu(r, at)
    res = analyse(r["runs"])
    scale = analyse_scale(r)
    fanout = analyse_fanout(r)
    unshared = analyse_unshared(r["runs"])
    keyed = lambda d: {f"{t}:{n}": v for (t, n), v in sorted(d.items())}
    data = {
        "engine": o.engine,
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "command": o.command,
        "commit": source_commit(),
        "machine": {"host_cpu": host_cpu(), "host_kernel": platform.release(),
                    "host_cpus": os.cpu_count(), "emulator": o.emulator,
                    "load_average_before": o.load_before, "load_average_after": load_avg(),
                    "guest": r["info"]},
        "vm_seconds": o.vm_seconds,
        "rate_basis": "cpu" if at else "wall",
        "ratio_definition": "median over rounds 1..N-1 of pps(panswitch)/pps(contender) measured in the same round; > 1 means panswitch forwards more",
        "scenarios": res,
        "skipped": r["skips"],
        "generators_not_applicable": r["nogens"],
        "scale": scale,
        "install": keyed(r["install"]),
        "memory": keyed(r["mem"]),
        "dump": keyed(r["dump"]),
        "guest_status": r["done"],
        "fanout": fanout,
    }
    if unshared:
        data["unshared"] = unshared
    with open(o.json, "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")

    basis = data["rate_basis"]
    print("\n".join(fmt_table(res, r["skips"], basis) +
                    fmt_scale(scale, data["install"], data["memory"], data["dump"], basis) +
                    fmt_fanout(fanout, basis) + fmt_unshared(unshared, res, basis)))
    for s in r["skips"]:
        print(f"skipped: {s['scenario']} {s['contender']}: {s['reason']}")
    for s in r["nogens"]:
        print(f"not run: {s['scenario']} with {s['generator']}: {s['reason']}")
    print(f"JSON: {o.json}")
    rc = 0 if r["runs"] else 1
    # A run of the fanout scenario alone keeps the engine's full tables.
    fanout_only = all(s == FANOUT for (s, _g, _c) in r["runs"]) and not scale
    if o.publish != "-" and r["runs"]:
        os.makedirs(o.publish, exist_ok=True)
        names = ([f"{o.engine}-fanout.json"] if fanout else []) + ([] if fanout_only else [f"{o.engine}.json"])
        for name in names:
            with open(os.path.join(o.publish, name), "w") as f:
                json.dump(data, f, indent=1)
                f.write("\n")
    if o.publish != "-" and r["runs"] and not fanout_only:
        try:
            import charts
            for p in charts.draw(data, o.publish):
                print(f"chart: {p}")
        except ImportError as e:
            print(f"report: no charts ({e}; install python3-matplotlib and run Debian's python3)",
                  file=sys.stderr)
            rc = 1
    if o.doc != "-":
        render(o.doc)
    return rc


def load(path):
    try:
        with open(path) as f:
            return json.load(f)
    except (OSError, ValueError):
        return None


# Issue 13's goals: (scenario, contender, ratio the lower bound of the
# 95 % interval of panswitch/contender must reach, what the goal says).
GOALS = [
    ("l2", "bridge", 1.25, "local L2 >= 1.25x the Linux bridge"),
    ("l2", "ovs", 1.3, "local L2 >= 1.3x OVS"),
    ("xlate", "ovs", 1.25, "xlate (MAC rewrite) >= 1.25x OVS"),
    ("encap", "bridge", 1.25, "VXLAN encap >= 1.25x bridge+vxlan"),
    ("decap", "bridge", 1.15, "VXLAN decap >= 1.15x bridge+vxlan"),
    # Issue 17: the classified trunk path costs at most 10 % over a
    # fixed-PAN vm port (trunk/vm >= 0.9).
    ("trunk", "vm", 0.9, "issue 17: classified trunk (OUI) >= 0.9x a fixed-PAN vm port"),
]
SCALE_N = 1048576       # the scale goals' table size
SCALE_GOAL = 0.9        # SCALE_N entries >= 0.9x of one entry
BYTES_GOAL = 128        # bytes per entry (slab accounting)


def goal_rows(data):
    """[(goal, measured, met)] for the goals above on one engine's data;
    met is True/False, or None when the data cannot tell."""
    rows = []
    for s, c, target, what in GOALS:
        for blk in data.get("scenarios", []):
            if blk["scenario"] != s:
                continue
            r = next((x for x in blk["contenders"] if x["contender"] == c and "ratio_psw" in x), None)
            if not r:
                continue
            q = r["ratio_psw"]
            rows.append((f"{what} ({blk['generator']})", fmt_ratio(q), q["ci95"][0] >= target))
    scale = {row["entries"]: row for row in data.get("scale", [])}
    big = SCALE_N
    # Two destination sets (bench.sh): random over the N installed
    # entries (against one entry's one flow: the cache misses of N random
    # destinations too), and the 1-entry run's one destination at N (the
    # same pktgen settings: the table alone). Judged on each.
    what = (f"{big} entries >= {SCALE_GOAL}x of one entry (panswitch; random destinations over the {big})",
            f"{big} entries >= {SCALE_GOAL}x of one entry (panswitch; the 1-entry run's one destination)",
            f"{big} entries >= the bridge with {big} fdb entries (random destinations)",
            f"{big} entries >= the bridge with {big} fdb entries (one destination)",
            f"<= {BYTES_GOAL} bytes per entry (Slab Δ over {big} entries)")
    for w, key, paired in ((what[0], "psw", "ratio_psw_one"), (what[1], "psw_fixed", "ratio_psw_fixed_one")):
        if paired in scale.get(big, {}):
            # Paired per round with the one-entry switch of the same rounds.
            q = scale[big][paired]
            rows.append((w + ", paired", fmt_ratio(q), q["ci95"][0] >= SCALE_GOAL))
        elif 1 in scale and "psw" in scale[1] and key in scale.get(big, {}):
            a, b = scale[big][key]["per_round_pps"], scale[1]["psw"]["per_round_pps"]
            lo, hi = bootstrap_ratio(a, b)
            med = statistics.median(a) / statistics.median(b)
            rows.append((w, f"{med:.3f} [{lo:.3f}, {hi:.3f}]", lo >= SCALE_GOAL))
        else:
            rows.append((w, "not measured in this run", None))
    for w, key in ((what[2], "ratio_psw_bridge"), (what[3], "ratio_psw_bridge_fixed")):
        if key in scale.get(big, {}):
            q = scale[big][key]
            rows.append((w, fmt_ratio(q), q["ci95"][0] >= 1))
        else:
            rows.append((w, "not measured in this run", None))
    m = data.get("memory", {}).get(f"panswitch:{big}")
    i = data.get("install", {}).get(f"panswitch:{big}")
    if m and i and i["rc"] == 0:
        slab, avail = m["slab_delta"] / big, m["memavailable_delta"] / big
        rows.append((what[4], f"{slab:.0f} (MemAvailable Δ: {avail:.0f})", slab <= BYTES_GOAL))
    else:
        rows.append((what[4], "not measured in this run", None))
    return rows


def goals_section(datas):
    e = next((x for x in ENGINE_ORDER if datas.get(x)), None)
    if not e:
        return []
    out = [f"## Issue 13's goals on the {ENGINES[e]} table", "",
           "Each ratio is panswitch/contender; a goal is met when the lower bound",
           "of its 95 % interval reaches the target (the scale ratio of one",
           "engine's run: medians of the two sizes' runs, resampled apart).",
           f"Run: `{datas[e]['command']}`, finished {datas[e]['date']}, commit"
           f" {datas[e].get('commit') or 'not recorded'} (its tables under \"Results\").", "",
           "| goal | measured, median [95 % CI] | met |", "|---|---:|---|"]
    for what, val, met in goal_rows(datas[e]):
        out.append(f"| {what} | {val} | {'—' if met is None else 'yes' if met else '**no**'} |")
    return out + [""]


def load_before(data):
    """" before the run: X,", when the run recorded it."""
    lb = data["machine"].get("load_average_before")
    return f" before the run: {lb}," if lb else ""


def engine_section(e, data, docdir):
    """The results of one engine: how, charts, tables, scale."""
    g = data["machine"]["guest"]
    rel = lambda p: os.path.relpath(p, docdir)
    bench = os.path.join(docdir, "bench")
    out = [f"## Results: {ENGINES[e]}", ""]
    if e == "uml":
        src = re.match(r"\d+\.\d+", g.get("kernel", "")) or None
        out += [
            f"- Engine: User-Mode Linux, Debian's linux-source-{src[0] if src else '6.1'} built with `ARCH=um`",
            f"  (`tools/bench/uml.config`; kernel {g.get('kernel', '?')}, {g.get('cpus', '?')} CPU, HZ 100,",
            "  no preemption, frame pointers), running natively as a process on the",
            "  host's CPU; its root file system is the host's `/`, read-only.",
        ]
    else:
        out += [
            f"- Engine: {data['machine'].get('emulator') or data['machine'].get('qemu', '')},",
            f"  `-accel tcg -cpu max -smp 2 -m 2G`; guest kernel {g.get('kernel', '?')},",
            f"  {g.get('cpus', '?')} vCPUs.",
        ]
    out += [
        f"- Reproduce: `{data['command']}`. Finished: {data['date']}, from commit"
        f" {data.get('commit') or 'not recorded'}. Host CPU:",
        f"  {data['machine']['host_cpu']} ({data['machine'].get('host_cpus', '?')} cores, shared with other jobs;",
        f"  load average{load_before(data)} after the run: {data['machine'].get('load_average_after', '?')}); host kernel",
        f"  {data['machine']['host_kernel']}. {g.get('ovs', '')}.",
        f"- Rounds: {g.get('rounds', '?')} (the first is discarded), {g.get('count', '?')} frames per run.",
        f"- pktgen `flag !SHARED` in netif_receive mode: {g.get('shared_flag', '?')}.",
    ]
    if data.get("rate_basis") == "cpu":
        shares = sorted(r["cpu_share"] for b in data["scenarios"] for r in b["contenders"] if "cpu_share" in r)
        out += [
            "- Rates are per CPU second: frames delivered / the CPU time the UML",
            "  kernel process had during the run (its `/proc/PID/schedstat`, sampled",
            "  every 10 ms by the host, at the run's start and end), not per second",
            "  of wall time, which on this shared host includes other processes'",
            "  turns. ns/packet is thus CPU time per frame.",
        ]
        if shares:
            out += [f"  The UML process had the CPU for {shares[0] * 100:.0f} to {shares[-1] * 100:.0f} % of the runs'",
                    f"  wall time (median {statistics.median(shares) * 100:.0f} %)."]
    else:
        out += [
            "- Rates are per second of wall time (pktgen's elapsed time, as the",
            "  guest sees it): other processes' turns on a shared host slow the",
            "  emulator's vCPU threads and widen the intervals.",
        ]
    if data.get("vm_seconds"):
        out.append(f"- The guest ran {data['vm_seconds']} s (boot, setup, all rounds and the scale runs).")
    if data.get("guest_status") is None:
        out.append("- **The guest did not finish** (its time limit, PSW_VM_TIMEOUT, or a crash):"
                   " the tables end where it stopped.")
    out.append("")
    for name, alt in ((f"{e}-pps.svg", "pps per contender and scenario, with 95 % intervals"),
                      (f"{e}-scale.svg", "pps against the table size")):
        if os.path.exists(os.path.join(bench, name)):
            out += [f"![{ENGINES[e]}: {alt}]({rel(os.path.join(bench, name))})", ""]
    basis = data.get("rate_basis", "wall")
    out += fmt_table(data["scenarios"], data.get("skipped", []), basis)
    if data.get("unshared"):
        out += fmt_unshared(data["unshared"], data["scenarios"], basis)
    sc = fmt_scale(data.get("scale", []), data.get("install", {}), data.get("memory", {}),
                   data.get("dump", {}), basis)
    if sc:
        out += [f"### Scale ({ENGINES[e]})", ""] + sc
    inst = data.get("install", {})
    if any(v["rc"] == 137 for v in inst.values()):
        out += ["Exit 137 is SIGKILL, e.g. the guest's OOM killer: see",
                "`build/<kernel>/bench-console.log`.", ""]
    nog = data.get("generators_not_applicable", [])
    if nog:
        out += ["Not run: " + "; ".join(f"{s['scenario']} with {s['generator']} ({s['reason'].strip()})" for s in nog), ""]
    got = {b["scenario"] for b in data["scenarios"]}
    unmeasured = [f"{k} ({v})" for k, v in SCENARIOS.items() if k not in got and k != FANOUT]
    if unmeasured:
        out += ["Scenarios not in this run: " + "; ".join(unmeasured) + ".", ""]
    return out


DISAGREE = [
    "Why they can disagree. QEMU/TCG translates every guest instruction into",
    "host code and emulates the TLB (a software lookup on every memory",
    "access), atomics and every indirect branch (a lookup of the translated",
    "target). A",
    "path's cost under TCG therefore grows with its number of instructions,",
    "memory accesses and indirect calls far more than with what costs on a",
    "real CPU: cache misses, branch mispredictions and atomics contended",
    "between cores do not exist in the emulation (its caches are the host's,",
    "shared by the translated code and the emulator itself). User-Mode Linux",
    "runs the same kernel code as host instructions, with the host's caches",
    "and branch predictors, but on one CPU, with no preemption and HZ 100, and",
    "with x86 mitigations such as retpolines and page-table isolation",
    "absent: a path that makes many indirect calls (tc actions, OVS's action",
    "list) can cost relatively less there than on a Debian kernel on real",
    "hardware, and relatively more under TCG. Where the two disagree on the",
    "side of 1 of a ratio, UML's is the one that tells how the code compares",
    "on a CPU; the flame graphs of `make bench-profile` (below) show where the",
    "time goes. Neither models a NIC: both count veth-to-veth forwarding.",
]


def compare(datas):
    """Ratios of both engines side by side."""
    if not all(datas.get(e) for e in ENGINE_ORDER):
        return []
    idx = {}
    for e in ENGINE_ORDER:
        for blk in datas[e]["scenarios"]:
            for r in blk["contenders"]:
                if "ratio_psw" in r:
                    idx.setdefault((blk["scenario"], blk["generator"], r["contender"]), {})[e] = r["ratio_psw"]
    rows = []
    for (s, g, c), v in sorted(idx.items(), key=lambda kv: (order_key(kv[0][:2]), list(NAMES).index(kv[0][2]) if kv[0][2] in NAMES else 99)):
        if len(v) < 2 or c == FLOOR:
            continue
        u, q = v["uml"], v["qemu"]
        du, dq = decides(u), decides(q)
        if du and dq:
            verdict = "agree" if du == dq else "**disagree**"
        elif du or dq:
            verdict = f"only {'UML' if du else 'TCG'} tells"
        else:
            verdict = "neither tells"
        rows.append(f"| {s} | {g} | {SHORT.get(c, c)} | {fmt_ratio(u)} {du or '='} | "
                    f"{fmt_ratio(q)} {dq or '='} | {verdict} |")
    if not rows:
        return []
    return ["| scenario | generator | panswitch / | UML ratio [95 % CI] | TCG ratio [95 % CI] | |",
            "|---|---|---|---:|---:|---|"] + rows + [""]


def decides(q):
    """">" if the interval is above 1 (panswitch faster), "<" if below."""
    return ">" if q["ci95"][0] > 1 else ("<" if q["ci95"][1] < 1 else "")


def profile_section(prof, docdir):
    if not prof:
        return ["## Profiles", "",
                "Not generated yet: `make bench-profile` (User-Mode Linux only) writes",
                "them into Documentation/bench/profile/.", ""]
    out = ["## Profiles (`make bench-profile`)", ""] + prof.get("method", []) + [""]
    out += [f"- Reproduce: `{prof['command']}`. Date: {prof['date']}. Samples at",
            f"  {prof['freq']} Hz of the UML kernel process; one run of {prof['count']} frames per",
            "  path and contender after a discarded warm-up round. Host load average",
            f"  after the run: {prof.get('load_average_after', '?')}.", ""]
    by_s = defaultdict(list)
    for c in prof["cases"]:
        by_s[c["scenario"]].append(c)
    for s in [x for x in SCENARIOS if x in by_s]:
        cases = sorted(by_s[s], key=lambda c: list(NAMES).index(c["contender"]) if c["contender"] in NAMES else 99)
        out += [f"### {s}: {SCENARIOS[s]}; {GENS.get(cases[0]['generator'], cases[0]['generator'])}", "",
                "| contender | samples | ns/packet (profiled) | top functions by own time: share, ns/packet | of which in modules (not pktgen) | flame graph |",
                "|---|---:|---:|---|---|---|"]
        fmt = lambda fs: ", ".join(f"`{f['name']}` {f['share'] * 100:.0f} % {f['ns']:.0f}" for f in fs) or "—"
        for c in cases:
            svg = os.path.relpath(os.path.join(docdir, "bench", "profile", c["svg"]), docdir)
            ns = f"{c['ns_per_packet']:.0f}" if c.get("ns_per_packet") else "—"
            out.append(f"| {cname(s, c['contender'])} | {c['samples']} | {ns} | {fmt(c['top'][:8])} | "
                       f"{fmt(c.get('top_modules', [])[:5])} | [svg]({svg}) |")
        out.append("")
    if prof.get("not_profiled"):
        out += ["Not profiled: " + "; ".join(prof["not_profiled"]) + ".", ""]
    return out


SCENARIO_TEXT = [
    "## Scenarios",
    "",
    "OVS is always the kernel datapath configured with `ovs-dpctl` only (no",
    "ovs-vswitchd), with one exact flow: in_port, both MACs, eth_type, the IPv4",
    "addresses/protocol and the UDP ports (decap: and the tunnel). Bridges",
    "have learning off, STP off, vlan_filtering 0, no br_netfilter, static",
    "fdb entries. The tc contenders (matchall, no lookup) show what forwarding",
    "costs without any table.",
    "",
    "- **l2**, local L2: source namespace - veth - ingress port | switch |",
    "  egress port - veth - sink namespace. Floor: the frames end at `ip_rcv`",
    "  of the ingress port. tc: matchall + mirred egress redirect. Bridge: one",
    "  static fdb entry. OVS: output to the egress port. panswitch: both ports",
    "  in PAN 100, the ports' MACs its static local entries.",
    "- **xlate**, MAC rewrite: the same topology; the frame must leave with",
    "  destination 02:00:00:00:30:02 (the destination VM's external MAC) and",
    "  source 02:00:00:00:30:01 (the sender's). panswitch: the ingress port in",
    "  PAN 100 with `ext 02:00:00:00:30:01`, the egress port is the `uplink`,",
    "  the destination an `xlate ext 02:00:00:00:30:02` entry. OVS: the flow's",
    "  actions `set(eth(src=..,dst=..)),2`. tc: matchall, `pedit ex munge eth",
    "  dst/src set`, mirred redirect. The Linux bridge cannot rewrite MACs: not",
    "  measured. Floor: as in l2.",
    "- **encap**, VXLAN over IPv4: every contender in a namespace of its own",
    "  (its own UDP port 4789, address and routes). Ingress as in l2; the",
    "  underlay port has 192.0.2.1/24 and a permanent neighbour entry for the",
    "  remote VTEP 192.0.2.2 with a MAC that is not the sink's: the sink, the",
    "  far end of the underlay veth, counts the VXLAN packets as OTHERHOST.",
    "  VNI 100, destination port 4789, TTL 64, zero UDP checksum for all",
    "  (panswitch's choice over IPv4; `noudpcsum` on Linux's vxlan devices, no",
    "  csum flag in OVS and tc). panswitch: `switch set underlay 192.0.2.1`, the VM",
    "  in PAN 100, the destination an `encap vxlan remote 192.0.2.2` entry",
    "  (routed by the namespace's table). Bridge: the ingress port and a vxlan",
    "  device (id 100, local 192.0.2.1, nolearning) in a bridge; fdb entries",
    "  DMAC -> vxlan device (bridge, static) and DMAC -> 192.0.2.2 (vxlan",
    "  device, permanent). OVS: `ovs-dpctl add-if DP",
    "  vxlan0,type=vxlan,remote_ip=flow,key=flow` (which creates",
    "  `vxlan_sys_4789`, a collect-metadata vxlan device); actions",
    "  `set(tunnel(tun_id=0x64,src=192.0.2.1,dst=192.0.2.2,ttl=64,tp_dst=4789,flags(key))),2`.",
    "  tc: matchall, `tunnel_key set`, mirred redirect to a collect-metadata",
    "  (`external`) vxlan device. Floor: the frames end at `ip_rcv` of the",
    "  ingress port.",
    "- **decap**, VXLAN over IPv4: each contender gets its own sender, all",
    "  alike: a namespace with a veth (192.0.2.2) to the switch host's",
    "  underlay port (192.0.2.1) and a Linux vxlan device (VNI 100, the PAN;",
    "  remote 192.0.2.1; zero UDP checksum) on which pktgen runs in",
    "  start_xmit mode: pktgen builds the inner frames and the vxlan device",
    "  encapsulates them (pktgen cannot write a VXLAN header itself, so",
    "  netif_receive is not used). The inner frames are counted at the sink",
    "  behind the egress port. panswitch: `switch set underlay 192.0.2.1` (its",
    "  VXLAN socket), PAN 100 with the egress port, whose MAC is the local",
    "  entry. Bridge: a vxlan device (id 100, nolearning) and the egress port",
    "  in a bridge, one static fdb entry. OVS: the vxlan vport as in encap, the",
    "  flow also matching `tunnel(tun_id=0x64,src=192.0.2.2,dst=192.0.2.1,ttl=64,flags(+key))`",
    "  (the hashed UDP source port wildcarded). tc: a collect-metadata vxlan",
    "  device, matchall `tunnel_key unset`, mirred redirect to the egress port.",
    "  Floor: the sender's neighbour entry for 192.0.2.1 names another MAC, so",
    "  the VXLAN packets end at `ip_rcv` of the underlay port; the decap floor",
    "  thus includes the sender's encapsulation, and the marginal cost is the",
    "  UDP receive, the decapsulation and the forwarding.",
    "- **flood**, unknown unicast: the l2 topology plus a second VM's port",
    "  (02:00:00:00:10:03, its own namespace); the frames go to",
    "  02:00:00:00:10:99, which no table holds, and each switch sends one",
    "  copy to the sink (counted) and one to the second VM. panswitch: the",
    "  three VMs in PAN 100, an empty flood list: the frame is cloned to the",
    "  PAN's other vm ports. Bridge: three ports, no fdb entry for the",
    "  destination (unknown unicast flooding). OVS: no ovs-vswitchd to answer",
    "  the miss, so the flow a flooding ovs-vswitchd would install: actions",
    "  `2,3`. tc: matchall, `mirred egress mirror` to the second VM's port,",
    "  then `mirred egress redirect` to the sink's. Floor: as in l2.",
    "- **fanout**, a broadcast to 8 remote VTEPs (issue 16): see \"Flood:",
    "  group vs head-end\" below.",
    "- **trunk**, the classified trunk path (issue 17): the l2 topology and",
    "  the same generators; panswitch receives the frames on a trunk port",
    "  (`port add SW dev DEV trunk classify oui`) whose tenant map entry",
    "  `tenant add SW oui 02:00:00 pan 100` names PAN 100 for the source's",
    "  OUI (one rhashtable lookup per frame, psw_trunk_classify() in",
    "  kmod/tenant.c), against the same switch with the ingress port a vm",
    "  port fixed to PAN 100 (l2's panswitch: contender \"panswitch, a vm",
    "  port\"). The ratio panswitch/vm port in that row is the trunk path's",
    "  rate over the fixed-PAN path's, paired per round: issue 17's goal is",
    "  a cost within 10 % (the interval's lower bound >= 0.9). Floor: as in",
    "  l2. Only panswitch has tenant classification: no other contender.",
    "",
]


FANOUT_TEXT = [
    "## Flood: group vs head-end",
    "",
    "Issue 16: one broadcast from a VM to the 8 other hosts of its PAN, sent",
    "by head-end replication (one VXLAN copy per remote) or as one copy to",
    "the PAN's underlay IP multicast group, which the network replicates. The",
    "`fanout` scenario of tools/bench/bench.sh, in the encap topology: every",
    "contender in a namespace of its own, the ingress port (the source VM's,",
    "02:00:00:00:10:01) and the underlay port (192.0.2.1/24, a route",
    "224.0.0.0/4 out of it); the remotes 192.0.2.2 .. 192.0.2.9 have",
    "permanent neighbour entries to a MAC that is not the sink's. pktgen's",
    "64-byte frames go to ff:ff:ff:ff:ff:ff (UDP/IPv4 as in the other",
    "scenarios). VNI 100, port 4789, zero UDP checksum everywhere.",
    "",
    "- panswitch, head-end: `switch set SW underlay 192.0.2.1 vxlan-port",
    "  4789`, PAN 100 with the source VM's port, the 8 remotes in its flood",
    "  list (`pan set SW 100 flood add remote R encap vxlan`).",
    "- panswitch, group: the same with an empty flood list and `pan set SW",
    "  100 group 239.1.1.100 encap vxlan ttl 16`; the switch joins the group",
    "  on the underlay port, the PAN having a vm port (pan show's `joined`,",
    "  below).",
    "- Linux vxlan, group: a bridge (as in the other scenarios) with the",
    "  ingress port and a vxlan device `id 100 local 192.0.2.1 group",
    "  239.1.1.100 dev UNDERLAY ttl 16 nolearning noudpcsum`.",
    "- Linux vxlan, head-end: the same device without `group`, one",
    "  all-zeros fdb entry per remote (`bridge fdb append 00:00:00:00:00:00",
    "  dev vx dst R self permanent`), as FRR EVPN floods by default.",
    "",
    "OVS is not measured: its vxlan vports have no multicast group. The",
    "sink, the far end of the underlay veth, counts every frame that",
    "reaches the wire (its `rx_packets`): underlay frames per broadcast is",
    "that count over the broadcasts pktgen sent. Broadcasts/s counts a",
    "broadcast delivered per 8 (head-end) or 1 (group) frames on the wire;",
    "the ratio is panswitch's group over each other case, paired per round",
    "(above 1: the group carries more broadcasts per second). Under UML the",
    "rates are per CPU second of the whole guest kernel, which includes the",
    "sink's receive of every copy (the price of each copy on a real wire is",
    "paid by the NIC and the network instead). The Linux bridge also hands",
    "every broadcast to its own device (local delivery), which panswitch",
    "does not have. With start_xmit, pktgen can send faster than the",
    "guest's backlog (netdev_max_backlog) drains: frames dropped there,",
    "before any switch, lower the frames per broadcast below the copies",
    "made. netif_receive hands every frame to the switch: there, what",
    "is missing of the copies was lost between the switch and the sink",
    "(the sink's backlog), and the frames per broadcast are the copies",
    "that reached the wire.",
    "",
]


def fanout_section(docdir):
    """The fanout scenario of each engine's last run of it
    (bench/ENGINE-fanout.json)."""
    out = list(FANOUT_TEXT)
    for e in ENGINE_ORDER:
        d = load(os.path.join(docdir, "bench", f"{e}-fanout.json"))
        if not d or not d.get("fanout"):
            cmd = "BENCH_SCENARIOS=fanout BENCH_SCALE= make bench" + (" ENGINE=uml" if e == "uml" else "")
            out += [f"### {ENGINES[e]}", "", f"Not measured yet: `{cmd}`.", ""]
            continue
        g = d["machine"]["guest"]
        out += [f"### {ENGINES[e]}", "",
                f"- Reproduce: `{d['command']}`. Finished: {d['date']}, from commit"
                f" {d.get('commit') or 'not recorded'}; guest kernel {g.get('kernel', '?')}.",
                f"- Host CPU: {d['machine']['host_cpu']} ({d['machine'].get('host_cpus', '?')} cores, shared;"
                f" load average after the run: {d['machine'].get('load_average_after', '?')}).",
                f"- Rounds: {g.get('rounds', '?')} (the first is discarded), {g.get('count', '?')} broadcasts per run.",
                f"- panswitch's group membership after the setup (pan show): {g.get('fanout_joined', '?')}.",
                ""]
        skips = [k for k in d.get("skipped", []) if k["scenario"] == FANOUT]
        out += fmt_fanout(d["fanout"], d.get("rate_basis", "wall"))
        if skips:
            out += ["Not measured: " + "; ".join(f"{cname(FANOUT, k['contender'])} ({k['reason'].strip()})"
                                                 for k in skips) + ".", ""]
    return out


def findings(docdir):
    """bench/findings.md, written by hand from the profiles and tables:
    what they say, in the page as it is."""
    try:
        with open(os.path.join(docdir, "bench", "findings.md")) as f:
            return f.read().rstrip("\n").split("\n") + [""]
    except OSError:
        return []


def render(doc):
    docdir = os.path.dirname(os.path.abspath(doc))
    datas = {e: load(os.path.join(docdir, "bench", f"{e}.json")) for e in ENGINE_ORDER}
    prof = load(os.path.join(docdir, "bench", "profile", "profile.json"))
    out = [
        "# panswitch performance",
        "",
        "Generated by `make bench` (tools/bench/run.sh, bench.sh, report.py,",
        "charts.py; the data of each engine's last run is kept in",
        "`Documentation/bench/ENGINE.json`) and `make bench-profile`",
        "(profile.py, `Documentation/bench/profile/`); do not edit by hand. `make bench`",
        "reports and asserts nothing.",
        "",
        "Two engines run the same guest script (tools/bench/bench.sh) on the",
        "same kernel source family (6.1):",
        "",
        "- `make bench ENGINE=uml`, the primary figures: User-Mode Linux runs",
        "  the kernel's code natively, as an ordinary process on the host's CPU,",
        "  so the costs of paths compare as they would on a CPU (one CPU, HZ 100,",
        "  no preemption, no x86 mitigations; see \"Where the engines disagree\").",
        "- `make bench` (ENGINE=qemu): Debian's cloud kernel under QEMU with",
        "  `-accel tcg`, which emulates every instruction, atomics and the TLB in",
        "  software: rates are 20-30 times lower and ratios can mislead.",
        "",
    ] + goals_section(datas) + findings(docdir) + [
        "## How it was measured",
        "",
        "- Knobs (environment, see tools/bench/run.sh): ENGINE, BENCH_ROUNDS,",
        "  BENCH_COUNT, BENCH_GENS, BENCH_SCENARIOS",
        "  (l2,xlate,encap,decap,flood,fanout,trunk: a subset runs only those),",
        "  BENCH_SCALE...; a quick development run that leaves this page alone:",
        "  `BENCH_ROUNDS=2 BENCH_COUNT=5000 BENCH_SCALE= BENCH_DOC=- make bench`.",
        "  The fanout scenario alone, which keeps the tables of the engine's",
        "  last full run: `BENCH_SCENARIOS=fanout BENCH_SCALE= make bench",
        "  ENGINE=uml` (see \"Flood: group vs head-end\").",
        "  The raw per-round counts are in `build/<kernel>/bench-results.txt`, the",
        "  data of the last run in `build/bench.json`.",
        "- Within each round the contenders of a scenario run interleaved",
        "  (floor, tc, bridge, OVS, panswitch, scenario after scenario), each on",
        "  its own topology, identical for all contenders of a scenario, all",
        "  built in the same boot (see \"Scenarios\").",
        "- Frames: 64-byte UDP/IPv4 from pktgen (60 bytes + FCS), one flow:",
        "  02:00:00:00:10:01 -> 02:00:00:00:10:02, 198.51.100.1 -> .2, UDP 9 -> 9.",
        "  Delivered frames are counted at the sink (its `rx_otherhost_dropped`",
        "  counter: the frames, or in encap the VXLAN packets, are addressed to a",
        "  MAC that is not the sink's, so they end at the sink's `ip_rcv`), never",
        "  from pktgen's own count. pps = delivered / the run's time: under TCG",
        "  pktgen's elapsed time, under UML the CPU time the UML kernel had (see",
        "  its section). Its interval is a 95 % bootstrap interval of the median",
        "  over the kept rounds.",
        "- Floor: no switch; the frames end at `ip_rcv` of the port they arrive",
        "  on (per scenario below). marginal ns = ns/packet - the floor's",
        "  ns/packet of the same scenario and generator (the switch, plus one veth",
        "  transmit and the sink's backlog).",
        "- Ratio: per round, pps(panswitch) / pps(contender); the median over the",
        "  kept rounds with a 95 % bootstrap interval (10,000 resamples). Above 1:",
        "  panswitch forwards more frames per second than that contender.",
        "- Shared skbs: pktgen's netif_receive hands the stack a shared skb",
        "  (6.1's pktgen has no `flag !SHARED`; 6.12's accepts it, and only the",
        "  generator `netif_unshared`, not among the defaults, uses it: with",
        "  `PSW_UML_SRC=6.12`, `BENCH_GENS=netif_receive,netif_unshared` measures",
        "  both in the same rounds), so the frames reach the switch as",
        "  shared skbs; with start_xmit they do on every kernel: pktgen holds its",
        "  reference until the veth's backlog has run, at its own",
        "  `local_bh_enable()`. Counted with kprobes on 6.1 (one round of 10,000",
        "  frames per run, both generators): the bridge, OVS and panswitch, which",
        "  run as rx_handlers, clone every frame (`skb_share_check`), and where",
        "  they write to the headers (xlate; encap through the bridge's vxlan",
        "  device, OVS and panswitch) they first copy them, one",
        "  `pskb_expand_head` per frame. tc's actions run before the rx_handler,",
        "  on the shared skb itself, and neither clone nor copy. In xlate and",
        "  encap that copy is part of the cost of every contender but tc (a VM's",
        "  frame, unshared, would not need it); it is the same for the bridge,",
        "  OVS and panswitch. l2 and decap write no header: no copy.",
        "- Scale: panswitch with N entries installed (all `local` to the egress",
        "  port) and the Linux bridge with the same N static fdb entries (to its",
        "  egress port), both installed, then measured in alternating rounds:",
        "  pktgen netif_receive with `dst_mac_count N` and `flag MACDST_RND`",
        "  (random destinations over the installed set), and from 2 entries on",
        "  a second run per round and switch with every frame to the first entry",
        "  02:10:00:00:00:00: the pktgen settings of the 1-entry run, so that N",
        "  against 1 compares the tables under identical generator settings (the",
        "  random runs add the cache and TLB misses of N random destinations,",
        "  which one entry's single flow cannot have). In the same rounds a",
        "  second panswitch with that one entry runs too: the N/1 ratios are",
        "  paired per round, like the others, not two sizes measured minutes",
        "  apart on a shared host. A frame a switch floods",
        "  instead of forwarding would measure another path: panswitch counts them",
        "  on its ingress port, the bridge's reach a third, witness port; both",
        "  must stay 0. Install: N entries with `panswitch -b FILE` versus",
        "  `bridge -batch FILE` of `fdb add ... master static`, both in files of",
        "  20,000 lines, one process each (`bridge -batch` grows with every line:",
        "  one of 65,536 lines was killed under UML, one of 1M lines under TCG).",
        "  Memory: MemAvailable and Slab before and after the install",
        "  (drop_caches first; shown from 1000 entries on). Dump: `panswitch",
        "  entry show` / `bridge fdb show br` of the whole table (not with",
        "  BENCH_SCALE_DUMP=0). Install and dump",
        "  are timed (wall clock) from the",
        "  guest's user space, which under UML makes every system call through",
        "  ptrace: compare the two tools, not the absolute times.",
        "- The host is shared: other jobs may run during the bench. Rounds are",
        "  interleaved and the ratios paired per round, which absorbs slow drift",
        "  but not bursts; the intervals show how much that mattered.",
        "",
    ] + SCENARIO_TEXT
    for e in ENGINE_ORDER:
        if datas[e]:
            out += engine_section(e, datas[e], docdir)
        else:
            cmd = "make bench ENGINE=uml" if e == "uml" else "make bench"
            out += [f"## Results: {ENGINES[e]}", "", f"Not measured yet: `{cmd}`.", ""]
    out += fanout_section(docdir)
    out += ["## Where the engines disagree", ""]
    cmp = compare(datas)
    if cmp:
        out += ["The panswitch/contender ratios of the two engines' last runs, side by",
                "side. `>`: the whole 95 % interval is above 1 (panswitch forwards",
                "more), `<`: below 1, `=`: the interval holds 1 (no difference shown).",
                "\"agree\"/\"disagree\": both engines tell, the same way or not;",
                "otherwise which one tells. The TCG intervals are per second of wall",
                "time, so a loaded host widens them far more than UML's (per CPU",
                "second): an engine that does not tell is often one whose run was",
                "disturbed, not one whose code paths compare as equal.", ""] + cmp
    else:
        out += ["(Needs the data of both engines.)", ""]
    out += DISAGREE + [""]
    out += profile_section(prof, docdir)
    with open(doc, "w") as f:
        f.write("\n".join(out))
    print(f"doc: {doc}")


def main():
    ap = argparse.ArgumentParser()
    sub = ap.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run")
    r.add_argument("--results", required=True)
    r.add_argument("--json", required=True)
    r.add_argument("--engine", choices=ENGINE_ORDER, default="qemu")
    r.add_argument("--emulator", default="")
    r.add_argument("--publish", default="-", help="directory for ENGINE.json and its charts, or -")
    r.add_argument("--doc", default="-")
    r.add_argument("--command", default="make bench")
    r.add_argument("--vm-seconds", type=int, default=0)
    r.add_argument("--cpu-log", default="", help="uml.sh's cpu.log: rates per CPU second")
    r.add_argument("--load-before", default="", help="the host's load average when the guest started")
    d = sub.add_parser("render")
    d.add_argument("--doc", required=True)
    o = ap.parse_args()
    if o.cmd == "run":
        return cmd_run(o)
    render(o.doc)
    return 0


if __name__ == "__main__":
    sys.exit(main())
