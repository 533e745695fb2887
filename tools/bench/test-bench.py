#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Host-side tests of the bench's scripts (make -C tools test): report.py's
parsing, statistics and goal verdicts, the fanout scenario's frames per
broadcast, ratios and kept data, the shared/unshared skb comparison, the
page it renders, profile.py's
flame graph and both scripts' and run.sh's refusals of bad arguments.
No guest, no timing: every figure here is made up."""
import json
import os
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import report  # noqa: E402
import profile as prof  # noqa: E402  (tools/bench/profile.py, not the stdlib's)

fails = 0


def check(cond, what):
    global fails
    print(("ok" if cond else "FAIL") + ": " + what)
    if not cond:
        fails += 1


def results(tmp, text):
    p = os.path.join(tmp, "bench-results.txt")
    with open(p, "w") as f:
        f.write(text)
    return p


# Three rounds (0 is discarded) of l2 with the bridge and panswitch:
# panswitch delivers 1.5x the bridge's frames in the same time.
RESULTS = """console noise
BENCH info kernel 6.1.0-test
BENCH info rounds 3
BENCH skip xlate bridge the Linux bridge cannot rewrite MAC addresses
BENCH run l2 netif_receive bridge 0 1 1000000 1000
BENCH run l2 netif_receive psw 0 1 1000000 1000
BENCH run l2 netif_receive bridge 1 1000 1000000 1000
BENCH run l2 netif_receive psw 1 1500 1000000 1000
BENCH run l2 netif_receive bridge 2 1000 1000000 1000
BENCH run l2 netif_receive psw 2 1500 1000000 1000
BENCH run l2 netif_receive bridge 3 oops
BENCH mem panswitch 1000 200000 100000
BENCH install panswitch 1000 500000 0
BENCH done 0
"""


def test_report(tmp):
    res = results(tmp, RESULTS)
    r = report.parse(res)
    check(r["info"] == {"kernel": "6.1.0-test", "rounds": "3"}, "parse: info lines")
    check(r["done"] == 0, "parse: done")
    check(len(r["skips"]) == 1 and r["skips"][0]["contender"] == "bridge", "parse: skip")
    check(sorted(r["runs"][("l2", "netif_receive", "bridge")]) == [0, 1, 2],
          "parse: a bad line is left out, the good ones kept")
    check(r["mem"][("panswitch", 1000)]["slab_delta"] == 100000, "parse: mem")
    blk = report.analyse(r["runs"])
    check(len(blk) == 1 and [c["contender"] for c in blk[0]["contenders"]] == ["bridge", "psw"],
          "analyse: one block, contenders in NAMES order")
    b = blk[0]["contenders"][0]
    check(b["rounds"] == 2 and b["pps"] == 1000, "analyse: round 0 discarded, pps = delivered / seconds")
    check(b["ratio_psw"]["median"] == 1.5 and b["ratio_psw"]["ci95"] == [1.5, 1.5], "analyse: paired ratio")

    # A run: the JSON, the kept data and the page (no charts: --publish -).
    js = os.path.join(tmp, "bench.json")
    doc = os.path.join(tmp, "doc", "performance.md")
    os.makedirs(os.path.join(tmp, "doc", "bench"))
    p = subprocess.run([sys.executable, os.path.join(HERE, "report.py"), "run", "--results", res,
                        "--json", js, "--engine", "uml", "--doc", doc],
                       capture_output=True, text=True)
    check(p.returncode == 0, "report.py run: exit 0")
    check("report: bad line: BENCH run l2 netif_receive bridge 3 oops" in p.stderr,
          "report.py run: names the bad line")
    with open(js) as f:
        data = json.load(f)
    check(data["engine"] == "uml" and "commit" in data, "report.py run: JSON with engine and commit")
    with open(doc) as f:
        page = f.read()
    check("Not measured yet: `make bench ENGINE=uml`" in page, "render: no kept UML data, says so")

    # The goals, judged on the lower bound of the interval.
    with open(os.path.join(tmp, "doc", "bench", "uml.json"), "w") as f:
        json.dump(data, f)
    with open(os.path.join(tmp, "doc", "bench", "findings.md"), "w") as f:
        f.write("## Where the time goes\n\nhand-written\n")
    subprocess.run([sys.executable, os.path.join(HERE, "report.py"), "render", "--doc", doc], check=True,
                   capture_output=True)
    with open(doc) as f:
        page = f.read()
    check("| local L2 >= 1.25x the Linux bridge (netif_receive) | 1.500 [1.500, 1.500] | yes |" in page,
          "render: the l2 goal met at 1.5x")
    check("## Where the time goes\n\nhand-written\n" in page, "render: findings.md in the page")
    rows = report.goal_rows({"scenarios": [{"scenario": "encap", "generator": "start_xmit", "contenders": [
        {"contender": "bridge", "ratio_psw": {"median": 1.4, "ci95": [1.2, 1.6]}}]}],
        "scale": [{"entries": 1, "psw": {"per_round_pps": [100, 100, 100]}},
                  {"entries": 1048576, "psw": {"per_round_pps": [95, 95, 95]},
                   "psw_fixed": {"per_round_pps": [85, 85, 85]},
                   "ratio_psw_bridge": {"median": 1.1, "ci95": [0.99, 1.2]},
                   "ratio_psw_bridge_fixed": {"median": 1.1, "ci95": [1.01, 1.2]}}],
        "memory": {"panswitch:1048576": {"slab_delta": 129 << 20, "memavailable_delta": 130 << 20}},
        "install": {"panswitch:1048576": {"usec": 1, "rc": 0}}})
    check([m for _w, _v, m in rows] == [False, True, False, False, True, False],
          "goal_rows: encap 1.2 < 1.25, scale 0.95 >= 0.9 (random), 0.85 < 0.9 (one destination),"
          " 0.99 < 1 vs bridge (random), 1.01 >= 1 (one destination), 129 > 128 bytes")
    # issue 17: the trunk path (psw) over the fixed-PAN vm port, >= 0.9
    for lo, met in ((0.91, True), (0.89, False)):
        rows = report.goal_rows({"scenarios": [{"scenario": "trunk", "generator": "netif_receive", "contenders": [
            {"contender": "vm", "ratio_psw": {"median": 0.95, "ci95": [lo, 0.99]}}]}]})
        check(rows[0][0].startswith("issue 17: classified trunk") and rows[0][2] is met,
              f"goal_rows: trunk/vm lower bound {lo}: met {met}")
    rows = report.goal_rows({"scenarios": [], "scale": [
        {"entries": 1, "psw": {"per_round_pps": [100]}}, {"entries": 65536, "psw": {"per_round_pps": [90]}}]})
    check([(v, m) for _w, v, m in rows] == [("not measured in this run", None)] * 5,
          "goal_rows: a run without 1M entries judges no scale goal")

    p = subprocess.run([sys.executable, os.path.join(HERE, "report.py"), "run", "--results",
                        os.path.join(tmp, "none.txt"), "--json", js], capture_output=True, text=True)
    check(p.returncode == 1 and "cannot read the results" in p.stderr, "report.py run: missing results")
    p = subprocess.run([sys.executable, os.path.join(HERE, "report.py"), "run", "--results", res,
                        "--json", js, "--engine", "kvm"], capture_output=True, text=True)
    check(p.returncode == 2 and "invalid choice" in p.stderr, "report.py run: unknown engine")


# fanout (issue 16): three rounds of one second each (0 is discarded).
# Per second: panswitch's group 3000 broadcasts (3000 frames on the wire),
# its head-end 1000 (8000 frames), Linux vxlan's group 2000, its
# head-end 500 (4000 frames); in round 2 one of the head-end's frames
# was lost.
def fanout_lines(rounds=(1, 2)):
    out = ["BENCH info kernel 6.1.0-test", "BENCH info rounds 3", "BENCH info count 1000",
           'BENCH info fanout_joined {"group":"239.1.1.100","ttl":16,"joined":true}']
    per = {"bridge": (2000, 1), "vxhead": (500, 8), "head": (1000, 8), "psw": (3000, 1)}
    for rd in (0,) + tuple(rounds):
        for c, (n, copies) in per.items():
            frames = n * copies - (1 if (rd, c) == (2, "head") else 0)
            if rd == 0:
                frames = copies	# warm-up: discarded
            out.append(f"BENCH wire fanout netif_receive {c} {rd} {frames} {copies}")
            out.append(f"BENCH run fanout netif_receive {c} {rd} {frames // copies} 1000000 {n}")
    return "\n".join(out) + "\nBENCH done 0\n"


def test_fanout(tmp):
    res = results(tmp, fanout_lines())
    r = report.parse(res)
    check(r["wire"][("fanout", "netif_receive", "head")][1] == {"frames": 8000, "copies": 8},
          "parse: wire line")
    blk = report.analyse_fanout(r)
    check(len(blk) == 1 and [c["contender"] for c in blk[0]["contenders"]] == ["bridge", "vxhead", "head", "psw"],
          "analyse_fanout: one generator, contenders in NAMES order")
    by = {c["contender"]: c for c in blk[0]["contenders"]}
    check(by["psw"]["frames_per_broadcast"] == 1.0 and by["vxhead"]["frames_per_broadcast"] == 8.0,
          "analyse_fanout: frames on the wire per broadcast sent")
    check(by["head"]["frames_per_broadcast"] == round(15999 / 2000, 4) and by["head"]["rounds"] == 2,
          "analyse_fanout: a lost copy shows, round 0 left out")
    check(by["head"]["frames_pps"]["median"] == 8000 and by["head"]["broadcasts_pps"]["median"] == 1000,
          "analyse_fanout: frames/s and broadcasts/s, medians")
    check(by["bridge"]["ratio_group"]["median"] == 1.5 and by["vxhead"]["ratio_group"]["median"] == 6.0
          and "ratio_group" not in by["psw"], "analyse_fanout: group / contender, paired per round")
    check(blk[0]["pairs"] == [{"a": "head", "b": "vxhead",
                               "ratio": {"median": 1.999, "ci95": [1.998, 2.0], "n": 2}}],
          "analyse_fanout: panswitch head-end / vxlan head-end")
    check(report.analyse_fanout(report.parse(results(tmp, RESULTS))) == [],
          "analyse_fanout: no fanout runs, nothing")

    # A fanout-only run keeps the engine's full data and charts as they
    # are and writes ENGINE-fanout.json, which the page's section shows.
    doc = os.path.join(tmp, "doc", "performance.md")
    bench = os.path.join(tmp, "doc", "bench")
    os.makedirs(bench)
    for name in ("uml.json", "uml-pps.svg"):
        with open(os.path.join(bench, name), "w") as f:
            f.write("kept")
    res = results(tmp, fanout_lines())
    p = subprocess.run([sys.executable, os.path.join(HERE, "report.py"), "run", "--results", res,
                        "--json", os.path.join(tmp, "bench.json"), "--engine", "uml", "--publish", bench,
                        "--doc", doc, "--command", "BENCH_SCENARIOS=fanout make bench ENGINE=uml"],
                       capture_output=True, text=True)
    check(p.returncode == 0, "report.py run, fanout only: exit 0")
    check("| panswitch, the PAN's group (`pan set ... group`) | 1.000 (6000 / 6000) | 3000 [3000, 3000] |"
          in p.stdout,
          "report.py run: prints the fanout table")
    kept = [open(os.path.join(bench, n)).read() for n in ("uml.json", "uml-pps.svg")]
    check(kept == ["kept", "kept"], "report.py run, fanout only: uml.json and its chart untouched")
    with open(os.path.join(bench, "uml-fanout.json")) as f:
        data = json.load(f)
    check(data["fanout"][0]["contenders"][3]["contender"] == "psw", "report.py run: uml-fanout.json")
    with open(doc) as f:
        page = f.read()
    sec = page[page.index("## Flood: group vs head-end"):page.index("## Where the engines disagree")]
    check("Reproduce: `BENCH_SCENARIOS=fanout make bench ENGINE=uml`" in sec and
          '"joined":true' in sec, "render: the section names the command and the membership")
    check("| panswitch, head-end (8 remotes in the PAN's flood list) | 8.000 (15999 / 2000) | 1000 [999, 1000] | "
          "8000 [7999, 8000] | 3.002 [3.000, 3.003] | 2 |" in sec, "render: the head-end row, a lost frame shown")
    check("panswitch head-end / vxlan head-end, broadcasts/s: 1.999 [1.998, 2.000]." in sec,
          "render: head-end against head-end")
    check("Not measured yet: `BENCH_SCENARIOS=fanout BENCH_SCALE= make bench`." in sec,
          "render: no TCG fanout data, says so")

    # A run with another scenario too replaces the engine's data as before.
    res = results(tmp, fanout_lines() + "BENCH run l2 netif_receive psw 1 5 1000000 5\n")
    subprocess.run([sys.executable, os.path.join(HERE, "report.py"), "run", "--results", res,
                    "--json", os.path.join(tmp, "bench.json"), "--engine", "uml", "--publish", bench],
                   capture_output=True, text=True)
    with open(os.path.join(bench, "uml.json")) as f:
        full = json.load(f)
    check(full["scenarios"][0]["scenario"] == "l2" and full["fanout"], "report.py run, l2 + fanout: uml.json")


# netif_receive (shared skb) against netif_unshared (`flag !SHARED`) in
# the same rounds, 1 ms each: the bridge 1000 and 1250 frames (1000 and
# 800 ns per frame: 200 ns for the shared skb), panswitch 1250 and 2000
# (800 and 500 ns: 300 ns).
UNSHARED = """BENCH info kernel 6.12.118-pswuml
BENCH info shared_flag accepted Result: OK: flags=0x0
BENCH run l2 netif_unshared bridge 0 1 1000000 1
BENCH run l2 netif_unshared psw 0 1 1000000 1
BENCH run l2 netif_receive bridge 0 1 1000000 1
BENCH run l2 netif_receive psw 0 1 1000000 1
BENCH run l2 netif_receive bridge 1 1000 1000 1000
BENCH run l2 netif_receive psw 1 1250 1000 1250
BENCH run l2 netif_unshared bridge 1 1250 1000 1250
BENCH run l2 netif_unshared psw 1 2000 1000 2000
BENCH run l2 netif_receive bridge 2 1000 1000 1000
BENCH run l2 netif_receive psw 2 1250 1000 1250
BENCH run l2 netif_unshared bridge 2 1250 1000 1250
BENCH run l2 netif_unshared psw 2 2000 1000 2000
BENCH run l2 start_xmit psw 1 5 1000 5
BENCH done 0
"""


def test_unshared(tmp):
    r = report.parse(results(tmp, UNSHARED))
    blk = report.analyse(r["runs"])
    check([b["generator"] for b in blk] == ["netif_receive", "netif_unshared", "start_xmit"],
          "analyse: generators in GENS order (netif_unshared after netif_receive)")
    check(blk[1]["contenders"][0]["ratio_psw"]["median"] == 1.6 and
          blk[0]["contenders"][0]["ratio_psw"]["median"] == 1.25, "analyse: panswitch/bridge per generator")
    u = report.analyse_unshared(r["runs"])
    by = {c["contender"]: c for c in u[0]["contenders"]}
    check(len(u) == 1 and u[0]["scenario"] == "l2" and list(by) == ["bridge", "psw"],
          "analyse_unshared: one scenario, both contenders")
    check(by["bridge"]["ns_shared"] == 1000.0 and by["bridge"]["ns_unshared"] == 800.0 and
          by["bridge"]["shared_cost_ns"]["median"] == 200.0 and by["psw"]["shared_cost_ns"]["median"] == 300.0,
          "analyse_unshared: ns per frame both ways, the shared skb's cost paired per round")
    check(by["psw"]["ratio_unshared_shared"]["median"] == 1.6, "analyse_unshared: unshared/shared pps")
    lines = report.fmt_unshared(u, blk)
    check("| panswitch | 800 | 500 | 300 [300, 300] | 1.600 [1.600, 1.600] | — | — | 2 |" in lines and
          "| Linux bridge | 1000 | 800 | 200 [200, 200] | 1.250 [1.250, 1.250] | 1.250 [1.250, 1.250] | "
          "1.600 [1.600, 1.600] | 2 |" in lines, "fmt_unshared: the rows")
    check(report.analyse_unshared(report.parse(results(tmp, RESULTS))["runs"]) == [],
          "analyse_unshared: no netif_unshared runs, nothing")
    js = os.path.join(tmp, "bench.json")
    doc = os.path.join(tmp, "doc", "performance.md")
    os.makedirs(os.path.join(tmp, "doc", "bench"))
    p = subprocess.run([sys.executable, os.path.join(HERE, "report.py"), "run", "--results",
                        results(tmp, UNSHARED), "--json", js, "--engine", "uml"], capture_output=True, text=True)
    check(p.returncode == 0 and "shared skb (netif_receive) vs unshared (netif_unshared)" in p.stdout,
          "report.py run: prints the shared/unshared table")
    # The page as it would show this run's data (no charts here).
    os.rename(js, os.path.join(tmp, "doc", "bench", "uml.json"))
    subprocess.run([sys.executable, os.path.join(HERE, "report.py"), "render", "--doc", doc], check=True,
                   capture_output=True)
    with open(doc) as f:
        page = f.read()
    check("Debian's linux-source-6.12 built" in page and "| Linux bridge | 1000 | 800 | 200 [200, 200] |" in page,
          "render: the engine's source version and the shared/unshared table")
    check("local L2 >= 1.25x the Linux bridge (netif_unshared) | 1.600 [1.600, 1.600] | yes" in page,
          "render: the l2 goal judged on each generator")


def test_profile(tmp):
    svg = os.path.join(tmp, "f.svg")
    prof.flame_svg({"a;b": 3, "a;c <x>": 1}, "t & t", svg)
    with open(svg) as f:
        s = f.read()
    check(s.startswith("<svg") and "4 samples" in s and "c &lt;x&gt;" in s and "t &amp; t" in s,
          "profile.py: flame graph with the samples, names escaped")
    # A page of UML's memory file that a module freed comes back at another
    # address: a sample is named with the mapping of its own time.
    fm = prof.FileMap(0x111000000, 0x112000000)
    f = "/dev/shm/#39 (deleted)"
    fm.mmap(0x111100000, 0x1000, 0x31cd4000, f)
    fm.mmap(0x0, 0x1000, 0x31cd4000, "/elsewhere")
    check(fm.va(0x31cd4ee7, f) == 0x111100ee7, "profile.py: offset to guest address")
    fm.mmap(0x1110ef000, 0x3000, 0x31cd4000, f)
    fm.mmap(0x5000, 0x1000, 0x31cd4000, f)
    check(fm.va(0x31cd4ee7, f) == 0x1110efee7, "profile.py: the latest mapping of a page wins")
    check(fm.va(0x31cd7000, f) is None and fm.va(0x31cd3fff, f) is None,
          "profile.py: offsets outside every mapping stay unnamed")
    res = results(tmp, "BENCH run l2 netif_receive psw 0 1 2 3\n")
    p = subprocess.run([sys.executable, os.path.join(HERE, "profile.py"), "--results", res,
                        "--perf-data", "x", "--kallsyms", "x", "--pid-file", "x", "--out", tmp],
                       capture_output=True, text=True)
    check(p.returncode == 1 and "no windows" in p.stderr, "profile.py: results without windows")


def test_run_sh():
    """Each script refuses bad arguments with exit 2 before it does anything."""
    run = os.path.join(HERE, "run.sh")
    build = os.path.join(HERE, "build-uml-kernel.sh")
    for script, env, says, what in (
            (run, {"ENGINE": "kvm"}, "ENGINE must be qemu or uml", "run.sh: unknown ENGINE"),
            (run, {"ENGINE": "qemu", "BENCH_PROFILE": "1"}, "profiles need ENGINE=uml", "run.sh: profile under TCG"),
            (run, {"ENGINE": "uml", "BENCH_SCENARIOS": "fanout,flod"}, "no scenario 'flod'",
             "run.sh: an unknown scenario"),
            (run, {"ENGINE": "uml", "BENCH_GENS": "netif_receive,netif_shared"}, "no generator 'netif_shared'",
             "run.sh: an unknown generator"),
            (run, {"ENGINE": "uml", "PSW_UML_SRC": "6.13"}, "PSW_UML_SRC must be 6.1 or 6.12",
             "run.sh: an unknown UML source"),
            (build, {"PSW_UML_SRC": "6.13"}, "PSW_UML_SRC must be 6.1 or 6.12, not '6.13'",
             "build-uml-kernel.sh: an unknown UML source")):
        p = subprocess.run([script], env=dict(os.environ, **env), capture_output=True, text=True)
        check(p.returncode == 2 and says in p.stderr, what)


with tempfile.TemporaryDirectory() as t:
    test_report(t)
with tempfile.TemporaryDirectory() as t:
    test_fanout(t)
with tempfile.TemporaryDirectory() as t:
    test_unshared(t)
with tempfile.TemporaryDirectory() as t:
    test_profile(t)
test_run_sh()
print(f"test-bench: {fails} failed")
sys.exit(1 if fails else 0)
