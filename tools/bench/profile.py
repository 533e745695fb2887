#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Per-function cost profiles of `make bench-profile` (ENGINE=uml).

User-Mode Linux runs the guest kernel as an ordinary host process, so the
host's perf samples the kernel's own code: tools/bench/uml.sh records the
UML kernel process with `perf record -e cpu-clock -g -k CLOCK_REALTIME`
(frame-pointer call chains: the UML kernel is built with FRAME_POINTER)
while tools/bench/bench.sh (BENCH_PROFILE=1) prints, for every run, the
wall-clock window around its pktgen run ("BENCH window ..."). This script

  - reads the samples with `perf script`, keeps those of the UML kernel
    process (its main thread: the guest's user space runs in other host
    processes) whose time falls in a window of a kept round (the first
    round is a discarded warm-up);
  - names every frame: the UML binary's symbols as perf reads them;
    module code (panswitch, bridge, vxlan, ...) lives in the guest's
    vmalloc space, pages of UML's memory file mapped one by one, which perf
    reports as offsets into that file: the file's mmap events (their
    addresses in the module area), as they stood at the sample's time (a
    freed page comes back elsewhere), turn them back into the guest's
    addresses, named from its /proc/kallsyms ("name [module]"); the host
    kernel's frames are "[host] name" (what the host does for UML:
    signals, timers);
  - writes per scenario, generator and contender the folded stacks
    (CASE.folded: "root;...;leaf COUNT" lines) and a flame graph
    (CASE.svg, drawn here), and profile.json: samples, the profiled cost
    per packet and the top functions by own time, each with its share and
    its cost per packet (samples / rate / frames sent).

All cases go into --out; with --publish DIR, the flame graphs of one
generator per scenario (netif_receive, else start_xmit) also go into DIR
with DIR/profile.json, which report.py's page lists (the folded stacks,
100-400 kB each, stay in --out).
"""
import argparse
import bisect
import hashlib
import html
import json
import os
import re
import subprocess
import sys
import time
from collections import Counter, defaultdict

METHOD = [
    "How: User-Mode Linux runs the guest kernel as an ordinary host process,",
    "so the host's `perf record -e cpu-clock -g` samples the kernel's own",
    "code (the UML kernel is built with frame pointers for the call chains;",
    "this host has no hardware counters: `perf stat -e instructions` says",
    "\"not supported\", so the event is cpu-clock, time on the CPU). Only the",
    "UML kernel process's samples within a run's pktgen window count; frames",
    "in modules are named from the guest's `/proc/kallsyms`, frames of the",
    "host kernel (what the host does for UML: timer signals, page faults)",
    "appear as `[host] name`. Per function: its own time's share of the",
    "window and that time per frame sent (samples / rate / frames). Other",
    "ways, tried: perf inside the guest does not exist (UML selects no",
    "HAVE_PERF_EVENTS); ftrace's function profiler needs FUNCTION_TRACER,",
    "which ARCH=um does not offer in 6.1 (no HAVE_FUNCTION_TRACER); QEMU/TCG",
    "guests cannot be profiled this way, the host sees only translated code.",
    "Sampling costs time: a profiled run's pps are lower than the bench's.",
]


def preferred(cases):
    """Per scenario, the generator to publish: netif_receive if it ran."""
    gens = defaultdict(set)
    for (s, g, _c) in cases:
        gens[s].add(g)
    return {s: ("netif_receive" if "netif_receive" in g else sorted(g)[0]) for s, g in gens.items()}


def load_kallsyms(path):
    addrs, names = [], []
    try:
        with open(path) as f:
            for line in f:
                w = line.split()
                if len(w) < 3 or w[1] not in "tTwW":
                    continue
                a = int(w[0], 16)
                if a == 0:
                    continue
                name = w[2] + (f" {w[3]}" if len(w) > 3 else "")
                addrs.append(a)
                names.append(name)
    except OSError:
        pass
    order = sorted(range(len(addrs)), key=addrs.__getitem__)
    return [addrs[i] for i in order], [names[i] for i in order]


def module_area(kall):
    """[lo, hi): where the guest's modules are (their symbols' span)."""
    mods = [a for a, n in zip(*kall) if n.endswith("]")]
    return (min(mods), max(mods) + (1 << 20)) if mods else (0, 0)


class FileMap:
    """Which guest address each page of UML's memory file has now, in the
    module area. UML maps module pages one by one as the guest maps them;
    a page freed (a module's init code, an unloaded module) comes back
    later at another address, so a sample's offsets are translated with
    the mappings of its own time, never with a later or earlier one."""

    def __init__(self, lo, hi):
        self.lo, self.hi = lo, hi
        self.files = defaultdict(dict)	# file -> {pgoff: (start, len)}
        self.sorted = {}

    def mmap(self, start, length, pgoff, path):
        if not self.lo <= start < self.hi:
            return
        self.files[path][pgoff] = (start, length)
        self.sorted.pop(path, None)

    def va(self, ip, path):
        """The guest address of offset IP into PATH, or None."""
        m = self.files.get(path)
        if not m:
            return None
        keys = self.sorted.get(path)
        if keys is None:
            keys = self.sorted[path] = sorted(m)
        i = bisect.bisect_right(keys, ip) - 1
        if i < 0:
            return None
        start, length = m[keys[i]]
        return start + ip - keys[i] if ip < keys[i] + length else None


GUEST = "[guest]"	# a frame already translated to a guest address


def samples(perf_data, fmap):
    """Yields (tid, time_us, ((ip, sym, dso), ...) leaf first), frames in
    UML's memory file translated to guest addresses (dso GUEST) with the
    mmap events seen so far (FMAP)."""
    p = subprocess.Popen(["perf", "script", "-i", perf_data, "-F", "tid,time,ip,sym,dso",
                          "--no-inline", "--show-mmap-events"], stdout=subprocess.PIPE,
                         stderr=subprocess.DEVNULL, text=True, errors="replace", bufsize=1 << 20)
    head = re.compile(r"^\s*(\d+)\s+(\d+)\.(\d+):")
    frame = re.compile(r"^\s+([0-9a-f]+)\s+(.*?)\s+\((.*)\)$")
    mmap = re.compile(r"PERF_RECORD_MMAP2? .*?\[(0x[0-9a-f]+)\((0x[0-9a-f]+)\) @ (0x[0-9a-f]+|\d+)"
                      r"[^\]]*\]: \S+ (.*)$")
    cur = None
    for line in p.stdout:
        if "PERF_RECORD_MMAP" in line:
            m = mmap.search(line.rstrip("\n"))
            if m:
                fmap.mmap(int(m.group(1), 16), int(m.group(2), 16), int(m.group(3), 0), m.group(4))
            continue
        if not line.strip():
            if cur:
                yield cur
            cur = None
            continue
        m = head.match(line)
        if m:
            if cur:
                yield cur
            us = int(m.group(2)) * 1000000 + int(m.group(3).ljust(9, "0")[:6])
            cur = (int(m.group(1)), us, [])
            continue
        m = frame.match(line)
        if m and cur:
            ip, dso = int(m.group(1), 16), m.group(3)
            va = fmap.va(ip, dso) if dso in fmap.files else None
            cur[2].append((va, "", GUEST) if va is not None else (ip, m.group(2), dso))
    if cur:
        yield cur
    p.wait()


def namer(kall):
    addrs, names = kall
    cache = {}

    def lookup(va):
        i = bisect.bisect_right(addrs, va) - 1
        return names[i] if i >= 0 and va - addrs[i] < 1 << 20 else None

    def name(ip, sym, dso):
        if ip == 0:
            return None
        if dso == "[kernel.kallsyms]":
            return f"[host] {sym}" if sym != "[unknown]" else "[host]"
        if dso.endswith("/linux") and sym != "[unknown]":
            return re.sub(r"\+0x[0-9a-f]+$", "", sym)
        if (ip, dso) in cache:
            return cache[(ip, dso)]
        n = None
        if dso in (GUEST, "[unknown]", ""):
            n = lookup(ip)
        elif sym != "[unknown]":
            n = f"{sym} [{os.path.basename(dso)}]"
        n = n or f"0x{ip:x}"
        cache[(ip, dso)] = n
        return n
    return name


# ------------------------------------------------------------ flame graph
def colour(name):
    h = int(hashlib.md5(name.encode()).hexdigest()[:6], 16)
    a, b = (h & 0xff) / 255, ((h >> 8) & 0xff) / 255
    if "[panswitch]" in name:
        return f"rgb({int(60 + 50 * a)},{int(120 + 60 * b)},{int(200 + 40 * a)})"
    if name.startswith("[host]"):
        g = int(170 + 50 * a)
        return f"rgb({g},{g},{g})"
    if name.endswith("]"):	# other modules: bridge, vxlan, openvswitch...
        return f"rgb({int(80 + 60 * a)},{int(170 + 50 * b)},{int(80 + 40 * a)})"
    return f"rgb({int(205 + 50 * a)},{int(80 + 120 * b)},{int(40 + 30 * a)})"


def flame_svg(folded, title, path, width=1200, row=16, min_frac=0.0005):
    root = {"n": 0, "c": {}}
    for stack, cnt in folded.items():
        root["n"] += cnt
        node = root
        for fr in stack.split(";"):
            node = node["c"].setdefault(fr, {"n": 0, "c": {}})
            node["n"] += cnt
    total = root["n"] or 1

    def depth(node):
        return 1 + max((depth(c) for c in node["c"].values()), default=0)
    levels = depth(root) - 1
    top = 40
    height = top + levels * row + 20
    out = [f'<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" '
           f'viewBox="0 0 {width} {height}" font-family="monospace" font-size="11">',
           f'<rect width="{width}" height="{height}" fill="#fdfdf8"/>',
           f'<text x="{width / 2}" y="18" text-anchor="middle" font-size="14">{html.escape(title)}</text>',
           f'<text x="{width / 2}" y="33" text-anchor="middle" fill="#555">{total} samples; '
           'width: share of the samples; hover for the figures</text>']

    def draw(node, name, x, d):
        w = node["n"] / total * width
        if node["n"] / total < min_frac:
            return
        y = height - 20 - (d + 1) * row
        tip = f"{name} ({node['n']} samples, {node['n'] / total * 100:.2f} %)"
        out.append(f'<g><title>{html.escape(tip)}</title><rect x="{x:.2f}" y="{y}" width="{w:.2f}" '
                   f'height="{row - 1}" fill="{colour(name)}" rx="1"/>')
        chars = int((w - 4) / 6.6)
        if chars >= 3:
            label = name if len(name) <= chars else name[:chars - 2] + ".."
            out.append(f'<text x="{x + 2:.2f}" y="{y + row - 4}">{html.escape(label)}</text>')
        out.append("</g>")
        cx = x
        for cname in sorted(node["c"]):
            child = node["c"][cname]
            draw(child, cname, cx, d + 1)
            cx += child["n"] / total * width

    x = 0.0
    for cname in sorted(root["c"]):
        draw(root["c"][cname], cname, x, 0)
        x += root["c"][cname]["n"] / total * width
    out.append("</svg>")
    with open(path, "w") as f:
        f.write("\n".join(out) + "\n")


# ------------------------------------------------------------------- main
def parse_results(path):
    windows, sent = [], {}
    with open(path, errors="replace") as f:
        for line in f:
            w = line.split()
            if len(w) >= 9 and w[:2] == ["BENCH", "run"]:
                sent[(w[2], w[3], w[4], int(w[5]))] = int(w[8])
            elif len(w) >= 8 and w[:2] == ["BENCH", "window"]:
                windows.append(((w[2], w[3], w[4], int(w[5])), int(w[6]), int(w[7])))
    return windows, sent


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--results", required=True)
    ap.add_argument("--perf-data", required=True)
    ap.add_argument("--kallsyms", required=True)
    ap.add_argument("--pid-file", required=True)
    ap.add_argument("--out", required=True)
    ap.add_argument("--publish", default="-")
    ap.add_argument("--command", default="make bench-profile")
    ap.add_argument("--freq", type=int, default=int(os.environ.get("BENCH_PROFILE_FREQ", "2999")))
    ap.add_argument("--top", type=int, default=12)
    o = ap.parse_args()

    windows, sent = parse_results(o.results)
    if not windows:
        print("profile: no windows in the results (was BENCH_PROFILE=1 passed?)", file=sys.stderr)
        return 1
    first = min(k[3] for k, _, _ in windows)
    windows = sorted((t0, t1, k) for k, t0, t1 in windows if k[3] != first)
    starts = [w[0] for w in windows]
    with open(o.pid_file) as f:
        pid = int(f.read().split()[0])

    raw = defaultdict(Counter)	# case -> raw frames (leaf first) -> count
    kall = load_kallsyms(o.kallsyms)
    other, total = 0, 0
    for tid, us, frames in samples(o.perf_data, FileMap(*module_area(kall))):
        total += 1
        if tid != pid:
            other += 1
            continue
        i = bisect.bisect_right(starts, us) - 1
        if i < 0 or us > windows[i][1]:
            continue
        raw[windows[i][2][:3]][tuple(frames)] += 1
    name = namer(kall)
    folded = defaultdict(Counter)	# case -> "root;...;leaf" -> count
    for case, st in raw.items():
        for frames, cnt in st.items():
            stack = [n for n in (name(*fr) for fr in reversed(frames)) if n]
            if stack:
                folded[case][";".join(stack)] += cnt
    if not folded:
        print(f"profile: no sample fell into a window ({total} samples, {other} of other "
              "processes): are the guest's and the host's clocks apart?", file=sys.stderr)
        return 1

    os.makedirs(o.out, exist_ok=True)
    pub = preferred(folded)
    cases = []
    for (s, g, c), st in sorted(folded.items()):
        n = sum(st.values())
        own = Counter()
        for stack, cnt in st.items():
            own[stack.rsplit(";", 1)[-1]] += cnt
        frames_sent = sum(v for (s2, g2, c2, r), v in sent.items()
                          if (s2, g2, c2) == (s, g, c) and r != first)
        per = (1e9 / o.freq / frames_sent) if frames_sent else None
        base = f"{s}-{g}-{c}"
        title = f"{s}, pktgen {g}, {c}: UML kernel, {n} samples at {o.freq} Hz"
        with open(os.path.join(o.out, base + ".folded"), "w") as f:
            for stack, cnt in sorted(st.items()):
                f.write(f"{stack} {cnt}\n")
        flame_svg(st, title, os.path.join(o.out, base + ".svg"))
        cases.append({"scenario": s, "generator": g, "contender": c, "samples": n,
                      "frames_sent": frames_sent, "svg": base + ".svg",
                      "ns_per_packet": round(n * per, 1) if per else None,
                      "top": [{"name": fn, "samples": k, "share": round(k / n, 4),
                               "ns": round(k * per, 1) if per else 0.0}
                              for fn, k in own.most_common(o.top)],
                      # The contender's own module code (not pktgen's).
                      "top_modules": [{"name": fn, "samples": k, "share": round(k / n, 4),
                                       "ns": round(k * per, 1) if per else 0.0}
                                      for fn, k in own.most_common()
                                      if fn.endswith("]") and not fn.endswith("[pktgen]")
                                      and not fn.startswith("[host]")][:6],
                      "published": pub.get(s) == g})
        print(f"profile: {base}: {n} samples" + (f", {n * per:.0f} ns/packet" if per else ""))
    print(f"profile: {total} samples in all, {other} of other processes; folded stacks and "
          f"flame graphs in {o.out}")
    if o.publish != "-":
        os.makedirs(o.publish, exist_ok=True)
        for old in os.listdir(o.publish):
            if old.endswith((".svg", ".folded")):
                os.remove(os.path.join(o.publish, old))
        for cs in cases:
            if not cs["published"]:
                continue
            base = cs["svg"][:-4]
            with open(os.path.join(o.out, base + ".svg")) as src, \
                    open(os.path.join(o.publish, base + ".svg"), "w") as dst:
                dst.write(src.read())
        try:
            with open("/proc/loadavg") as f:
                load = " ".join(f.read().split()[:3])
        except OSError:
            load = "?"
        count = next((v for (_s, _g, _c, r), v in sent.items() if r != first), 0)
        # When the samples were taken, not when they were read.
        when = time.gmtime(os.path.getmtime(o.perf_data))
        doc = {"date": time.strftime("%Y-%m-%d %H:%M UTC", when), "command": o.command,
               "freq": o.freq, "count": count, "load_average_after": load, "method": METHOD,
               "cases": [cs for cs in cases if cs["published"]]}
        with open(os.path.join(o.publish, "profile.json"), "w") as f:
            json.dump(doc, f, indent=1)
            f.write("\n")
        print(f"profile: published in {o.publish}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
