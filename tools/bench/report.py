#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Host side statistics of `make bench`.

Reads the raw "BENCH ..." lines the guest (tools/bench/bench.sh) sent over
the side channel, and prints per scenario and generator, for every
contender: pps, ns/packet, the marginal cost over the no-switch floor, and
the median of the per-round paired ratios pps(panswitch)/pps(contender)
with a 95 % bootstrap interval (> 1: panswitch forwards more frames per
second). The first round is discarded (warm-up). Writes the same data as
JSON and, unless --doc is "-", Documentation/performance.md.
Reports, never asserts: exit status 1 only when there is no measurement.
"""
import argparse
import json
import platform
import random
import statistics
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
    "psw": "panswitch",
}
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
}
SCENARIOS = {
    "l2": "local L2, one flow (64-byte frames)",
    "xlate": "MAC rewrite (xlate) out of an uplink, one flow (64-byte frames)",
    "encap": "VXLAN encap over IPv4, one flow (64-byte inner frames)",
    "decap": "VXLAN decap over IPv4, one flow (64-byte inner frames)",
}
GENS = {
    "netif_receive": "pktgen xmit_mode netif_receive into the ingress port",
    "start_xmit": "pktgen start_xmit on a veth in a source namespace",
}
SCENARIO_GENS = {
    ("decap", "start_xmit"): "pktgen start_xmit on a Linux vxlan device (VNI 100) in a sender namespace",
}


def cname(s, c):
    return SCENARIO_NAMES.get((s, c), NAMES.get(c, c))


def bootstrap_median(xs, n=10000, seed=1):
    rnd = random.Random(seed)
    meds = sorted(statistics.median(rnd.choices(xs, k=len(xs))) for _ in range(n))
    return meds[int(0.025 * n)], meds[int(0.975 * n) - 1]


flooded = {}


def parse(path):
    info, skips, runs, scale, mem, install, dump = {}, [], defaultdict(dict), defaultdict(list), {}, {}, {}
    nogens = []
    global flooded
    done = None
    with open(path, errors="replace") as f:
        for line in f:
            w = line.split()
            if len(w) < 2 or w[0] != "BENCH":
                continue
            kind, a = w[1], w[2:]
            try:
                if kind == "info":
                    info[a[0]] = " ".join(a[1:])
                elif kind == "skip":
                    skips.append({"scenario": a[0], "contender": a[1], "reason": " ".join(a[2:]),
                                  "kind": "skip"})
                elif kind == "error":
                    skips.append({"scenario": a[0], "contender": a[2],
                                  "reason": f"{a[1]} round {a[3]}: " + " ".join(a[4:]), "kind": "error"})
                elif kind == "nogen":
                    nogens.append({"scenario": a[0], "generator": a[1], "reason": " ".join(a[2:])})
                elif kind == "run":
                    s, g, c, r, d, us, sent = a[0], a[1], a[2], int(a[3]), int(a[4]), int(a[5]), int(a[6])
                    runs[(s, g, c)][r] = {"delivered": d, "usec": us, "sent": sent}
                elif kind == "scale":
                    scale[int(a[0])].append({"round": int(a[1]), "delivered": int(a[2]),
                                             "usec": int(a[3]), "sent": int(a[4])})
                elif kind == "scale_flooded":
                    flooded[int(a[0])] = int(a[1]) if a[1].isdigit() else a[1]
                elif kind == "mem":
                    mem[(a[0], int(a[1]))] = {"memavailable_delta": int(a[2]), "slab_delta": int(a[3])}
                elif kind == "install":
                    install[(a[0], int(a[1]))] = {"usec": int(a[2]), "rc": int(a[3])}
                elif kind == "dump":
                    dump[(a[0], int(a[1]))] = {"usec": int(a[2]), "lines": int(a[3])}
                elif kind == "done":
                    done = int(a[0])
            except (IndexError, ValueError):
                print(f"report: bad line: {line.rstrip()}", file=sys.stderr)
    return info, skips, nogens, runs, scale, mem, install, dump, done


def pps(run):
    return run["delivered"] / (run["usec"] / 1e6) if run["usec"] > 0 else 0.0


def analyse(runs):
    """rows per (scenario, gen): one per contender."""
    out = []
    keys = sorted({(s, g) for (s, g, _) in runs}, key=lambda k: (list(SCENARIOS).index(k[0]) if k[0] in SCENARIOS else 99, k[1] != "netif_receive"))
    for s, g in keys:
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
            row = {"contender": c, "name": cname(s, c), "rounds": len(vals),
                   "pps": round(med), "pps_min": round(min(vals)) if vals else 0,
                   "pps_max": round(max(vals)) if vals else 0,
                   "ns_per_packet": round(ns, 1) if ns else None,
                   "marginal_ns": round(ns - floor_ns, 1) if ns and floor_ns and c != FLOOR else None,
                   "delivered_total": sum(v["delivered"] for v in runs[(s, g, c)].values()),
                   "sent_total": sum(v["sent"] for v in runs[(s, g, c)].values()),
                   "per_round_pps": [round(per[c][r]) for r in sorted(per[c])]}
            if PSW in per and c != PSW:
                common = sorted(set(per[PSW]) & set(per[c]))
                ratios = [per[PSW][r] / per[c][r] for r in common if per[c][r] > 0]
                if ratios:
                    lo, hi = bootstrap_median(ratios)
                    row["ratio_psw"] = {"median": round(statistics.median(ratios), 3),
                                        "ci95": [round(lo, 3), round(hi, 3)], "n": len(ratios)}
            rows.append(row)
        out.append({"scenario": s, "scenario_name": SCENARIOS.get(s, s), "generator": g,
                    "generator_name": SCENARIO_GENS.get((s, g), GENS.get(g, g)), "contenders": rows})
    return out


def fmt_table(res, skips=()):
    lines = []
    for blk in res:
        shown = {r["contender"] for r in blk["contenders"]}
        missing = [k for k in skips if k["kind"] == "skip" and k["scenario"] == blk["scenario"]
                   and k["contender"] not in shown]
        lines.append(f"### {blk['scenario']}: {blk['scenario_name']}; generator: {blk['generator_name']}")
        lines.append("")
        lines.append("| contender | pps (median) | ns/packet | marginal ns over floor | panswitch/contender pps ratio, median [95 % CI] | rounds |")
        lines.append("|---|---:|---:|---:|---:|---:|")
        for r in blk["contenders"]:
            ratio = "—"
            if "ratio_psw" in r:
                q = r["ratio_psw"]
                ratio = f"{q['median']:.3f} [{q['ci95'][0]:.3f}, {q['ci95'][1]:.3f}]"
            ns = f"{r['ns_per_packet']:.0f}" if r["ns_per_packet"] else "—"
            mg = f"{r['marginal_ns']:.0f}" if r["marginal_ns"] is not None else "—"
            lines.append(f"| {r['name']} | {r['pps']} | {ns} | {mg} | {ratio} | {r['rounds']} |")
        for k in missing:
            lines.append(f"| {cname(k['scenario'], k['contender'])} | not measured: {k['reason'].strip()} | — | — | — | 0 |")
        lines.append("")
    return lines


def fmt_scale(scale, mem, install, dump):
    lines = []
    if scale:
        lines.append("| entries | panswitch pps, random dst MAC over the set (median) | rounds | frames flooded (must be 0) |")
        lines.append("|---:|---:|---:|---:|")
        for n in sorted(scale):
            v = [pps(x) for x in scale[n]]
            lines.append(f"| {n} | {round(statistics.median(v))} | {len(v)} | {flooded.get(n, '?')} |")
        lines.append("")
    ns = sorted({n for (_, n) in install})
    if ns:
        lines.append("| entries | tool | install time (s) | entries/s | bytes/entry (MemAvailable Δ) | bytes/entry (Slab Δ) | dump time (s) |")
        lines.append("|---:|---|---:|---:|---:|---:|---:|")
        for n in ns:
            for tool, cmd in (("panswitch", "panswitch -b"), ("bridge", "bridge -batch fdb add")):
                i = install.get((tool, n))
                if not i:
                    continue
                m = mem.get((tool, n), {})
                d = dump.get((tool, n), {})
                ok = i["rc"] == 0
                rate = round(n / (i["usec"] / 1e6)) if ok and i["usec"] and n >= 1000 else "—"
                bpe = lambda k: (f"{m[k] / n:.0f}" if ok and k in m and n >= 1000 else "—")
                rcs = ""
                if not ok:
                    rcs = f" **failed: exit {i['rc']}" + (" (killed: out of memory?)" if i["rc"] == 137 else "") + "**"
                dt = f"{d['usec'] / 1e6:.3f}" if d and ok else "—"
                lines.append(f"| {n} | {cmd}{rcs} | {i['usec'] / 1e6:.3f} | {rate} | {bpe('memavailable_delta')} | {bpe('slab_delta')} | {dt} |")
        lines.append("")
    return lines


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", required=True)
    ap.add_argument("--json", required=True)
    ap.add_argument("--doc", default="-")
    ap.add_argument("--command", default="make bench")
    ap.add_argument("--qemu", default="")
    ap.add_argument("--vm-seconds", type=int, default=0)
    o = ap.parse_args()

    info, skips, nogens, runs, scale, mem, install, dump, done = parse(o.results)
    res = analyse(runs)
    host_cpu = ""
    try:
        with open("/proc/cpuinfo") as f:
            host_cpu = next(l.split(":", 1)[1].strip() for l in f if l.startswith("model name"))
    except (OSError, StopIteration):
        pass
    data = {
        "date": time.strftime("%Y-%m-%d %H:%M UTC", time.gmtime()),
        "command": o.command,
        "machine": {"host_cpu": host_cpu, "host_kernel": platform.release(), "qemu": o.qemu,
                    "accel": "tcg", "guest": info},
        "vm_seconds": o.vm_seconds,
        "ratio_definition": "median over rounds 1..N-1 of pps(panswitch)/pps(contender) measured in the same round; > 1 means panswitch forwards more",
        "scenarios": res,
        "skipped": skips,
        "generators_not_applicable": nogens,
        "scale": {
            "pps": {str(n): v for n, v in sorted(scale.items())},
            "flooded": {str(n): v for n, v in sorted(flooded.items())},
            "install": {f"{t}:{n}": v for (t, n), v in sorted(install.items())},
            "memory": {f"{t}:{n}": v for (t, n), v in sorted(mem.items())},
            "dump": {f"{t}:{n}": v for (t, n), v in sorted(dump.items())},
        },
        "guest_status": done,
    }
    with open(o.json, "w") as f:
        json.dump(data, f, indent=1)
        f.write("\n")

    table = fmt_table(res, skips)
    sc = fmt_scale(scale, mem, install, dump)
    print("\n".join(table + sc))
    for s in skips:
        print(f"skipped: {s['scenario']} {s['contender']}: {s['reason']}")
    for s in nogens:
        print(f"not run: {s['scenario']} with {s['generator']}: {s['reason']}")
    print(f"JSON: {o.json}")

    if o.doc != "-":
        g = info
        doc = [
            "# panswitch performance",
            "",
            "Generated by `make bench` (tools/bench/run.sh, bench.sh, report.py);",
            "do not edit by hand. Numbers come from one VM boot under QEMU with",
            "`-accel tcg` (software emulation): absolute rates are far below real",
            "hardware, so read the ratios measured in the same boot, not the pps.",
            "`make bench` reports and asserts nothing.",
            "",
            "## How it was measured",
            "",
            f"- Reproduce: `{o.command}` (on Debian bookworm as root; it installs",
            "  what it needs first). The raw per-round counts are in",
            "  `build/<kernel>/bench-results.txt`, the data below in `build/bench.json`.",
            "  Knobs (environment, see tools/bench/run.sh): BENCH_ROUNDS, BENCH_COUNT,",
            "  BENCH_GENS, BENCH_SCENARIOS (l2,xlate,encap,decap), BENCH_SCALE...; a",
            "  quick development run that leaves this page alone:",
            "  `BENCH_ROUNDS=2 BENCH_COUNT=5000 BENCH_SCALE= BENCH_DOC=- make bench`.",
            f"- Date: {data['date']}. Host CPU: {host_cpu}; host kernel {platform.release()};",
            f"  {o.qemu}, `-accel tcg -cpu max -smp 2 -m 2G`.",
            f"- Guest kernel: {g.get('kernel', '?')}, {g.get('cpus', '?')} vCPUs; {g.get('ovs', '')}.",
            f"- Rounds: {g.get('rounds', '?')} (the first is discarded), {g.get('count', '?')} frames per",
            "  run; within each round the contenders of a scenario run interleaved",
            "  (floor, mirred, bridge, OVS, panswitch, scenario after scenario), each",
            "  on its own topology, identical for all contenders of a scenario, all",
            "  built in the same boot (see \"Scenarios\").",
            "- Frames: 64-byte UDP/IPv4 from pktgen (60 bytes + FCS), one flow:",
            "  02:00:00:00:10:01 -> 02:00:00:00:10:02, 198.51.100.1 -> .2, UDP 9 -> 9.",
            "  Delivered frames are counted at the sink (its `rx_otherhost_dropped`",
            "  counter: the frames, or in encap the VXLAN packets, are addressed to a",
            "  MAC that is not the sink's, so they end at the sink's `ip_rcv`), never",
            "  from pktgen's own count. pps = delivered / pktgen's elapsed time.",
            "- Floor: no switch; the frames end at `ip_rcv` of the port they arrive",
            "  on (per scenario below). marginal ns = ns/packet - the floor's",
            "  ns/packet of the same scenario and generator (the switch, plus one veth",
            "  transmit and the sink's backlog).",
            "- Ratio: per round, pps(panswitch) / pps(contender); the median over the",
            "  kept rounds with a 95 % bootstrap interval (10,000 resamples). Above 1:",
            "  panswitch forwards more frames per second than that contender.",
            f"- pktgen `flag !SHARED` in netif_receive mode on this kernel: {g.get('shared_flag', '?')}.",
        ] + ([
            "  So the netif_receive runs use unshared skbs. The start_xmit runs still",
            "  deliver shared skbs (see below: pktgen holds its reference until the",
            "  veth's backlog has run), so there the bridge, OVS and panswitch clone",
            "  each frame and, in xlate and encap, copy its headers before writing.",
        ] if g.get("shared_flag", "").startswith("accepted") else [
            "  (6.1's pktgen has no SHARED flag; 6.12's accepts it and the bench then",
            "  uses it.) Without it the frames reach the switch as shared skbs; with",
            "  start_xmit they do too: pktgen holds its reference until the veth's",
            "  backlog has run, at its own `local_bh_enable()`. Counted with kprobes",
            "  on 6.1 (one round of 10,000 frames per run, both generators): the",
            "  bridge, OVS and panswitch, which run as rx_handlers, clone every frame",
            "  (`skb_share_check`), and where they write to the headers (xlate; encap",
            "  through the bridge's vxlan device, OVS and panswitch) they first copy",
            "  them, one `pskb_expand_head` per frame. tc's actions run before the",
            "  rx_handler, on the shared skb itself, and neither clone nor copy. In",
            "  xlate and encap that copy is part of the cost of every contender but",
            "  tc (a VM's frame, unshared, would not need it); it is the same for the",
            "  bridge, OVS and panswitch. l2 and decap write no header: no copy.",
        ]) + [
            "- The host is shared: other jobs may run during the bench. Rounds are",
            "  interleaved and the ratios paired per round, which absorbs slow drift",
            "  but not bursts; the intervals show how much that mattered.",
            "",
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
            "  csum flag in OVS and tc). panswitch: `switch set local 192.0.2.1`, the VM",
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
            "  behind the egress port. panswitch: `switch set local 192.0.2.1` (its",
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
            "",
            "## Results",
            "",
        ] + table
        if sc:
            doc += ["## Scale", "",
                    "panswitch with N entries installed (all `local` to the egress port),",
                    "pktgen netif_receive with `dst_mac_count N` and `flag MACDST_RND`",
                    "(random destinations over the installed set). Install: N entries in",
                    "one `panswitch -b FILE` versus one `bridge -batch FILE` of",
                    "`fdb add ... master static`; memory: MemAvailable and Slab before and",
                    "after the install (drop_caches first; shown from 1000 entries on);",
                    "dump: `panswitch entry show` / `bridge fdb show br` of the whole table.",
                    ""] + sc
        if any(v["rc"] == 137 for v in install.values()):
            doc += ["Exit 137 is SIGKILL, e.g. the guest's OOM killer: see",
                    "`build/<kernel>/bench-console.log`.", ""]
        big = max((n for (t, n) in install if t == "panswitch"), default=0)
        if big and big < 1000000 and install[("panswitch", big)]["usec"]:
            rate = big / (install[("panswitch", big)]["usec"] / 1e6)
            doc += [f"1M entries were not measured by default: at the install rate above",
                    f"({rate:.0f} entries/s under TCG) one 1M-entry install would take about",
                    f"{1e6 / rate / 60:.0f} minutes per tool. `BENCH_SCALE=1,1000,65536,1048576 {o.command}`",
                    "with `PSW_VM_TIMEOUT=7200` runs it (not tried yet; the guest has 2 GB).", ""]
        if o.vm_seconds:
            doc += [f"The VM ran {o.vm_seconds} s (boot, setup, all rounds and the scale runs).", ""]
        if skips:
            doc += ["Skipped: " + "; ".join(f"{s['scenario']} {s['contender']} ({s['reason'].strip()})" for s in skips), ""]
        if nogens:
            doc += ["Not run: " + "; ".join(f"{s['scenario']} with {s['generator']} ({s['reason'].strip()})" for s in nogens), ""]
        unmeasured = [f"{k} ({v})" for k, v in SCENARIOS.items() if k not in {b["scenario"] for b in res}]
        if unmeasured:
            doc += ["Scenarios not in this run: " + "; ".join(unmeasured) + ".", ""]
        with open(o.doc, "w") as f:
            f.write("\n".join(doc))
        print(f"doc: {o.doc}")
    return 0 if runs else 1


if __name__ == "__main__":
    sys.exit(main())
