# SPDX-License-Identifier: GPL-2.0
"""Charts of one engine's `make bench` data (used by report.py), drawn
with Debian's python3-matplotlib as SVG files:

  ENGINE-pps.svg    per scenario and generator, pps of every contender:
                    the median over the kept rounds with its 95 %
                    bootstrap interval
  ENGINE-scale.svg  pps against the table size: panswitch with N entries
                    and the Linux bridge with N fdb entries, with their
                    95 % intervals

The files are reproducible: no date in them, fixed element ids.
"""
import os

import matplotlib

matplotlib.use("svg")
import matplotlib.pyplot as plt  # noqa: E402

matplotlib.rcParams["svg.hashsalt"] = "panswitch"
matplotlib.rcParams["svg.fonttype"] = "none"
matplotlib.rcParams["font.size"] = 9

COLOURS = {"floor": "#9e9e9e", "mirred": "#8c6bb1", "bridge": "#e6550d",
           "ovs": "#31a354", "vxhead": "#fdae6b", "head": "#9ecae1", "vm": "#6baed6",
           "psw": "#3182bd"}
LABELS = {"floor": "floor (no switch)", "mirred": "tc (no lookup)", "bridge": "Linux bridge",
          "ovs": "Open vSwitch", "vxhead": "bridge + vxlan head-end",
          "head": "panswitch head-end", "vm": "panswitch vm port", "psw": "panswitch"}
TITLE = {"uml": "User-Mode Linux", "qemu": "QEMU/TCG"}


def label(scenario, contender):
    """The tunnel scenarios' bridge is the bridge with a vxlan device;
    fanout's panswitch and bridge send to a multicast group."""
    if contender == "bridge" and scenario in ("encap", "decap"):
        return "bridge + vxlan"
    if scenario == "fanout" and contender in ("bridge", "psw"):
        return {"bridge": "bridge + vxlan group", "psw": "panswitch group"}[contender]
    if scenario == "trunk" and contender == "psw":
        return "panswitch trunk (OUI)"
    return LABELS.get(contender, contender)


def unit(data):
    if data.get("rate_basis") == "cpu":
        return "Mpps per CPU second (median, 95 % CI)"
    return "Mpps (median, 95 % CI)"


def _save(fig, path):
    fig.savefig(path, format="svg", metadata={"Date": None}, bbox_inches="tight")
    plt.close(fig)
    return path


def pps_chart(data, path):
    blocks = data["scenarios"]
    if not blocks:
        return None
    cols = 3
    rows = (len(blocks) + cols - 1) // cols
    fig, axes = plt.subplots(rows, cols, figsize=(11, 2.1 * rows + 0.6), squeeze=False)
    gshort = {"netif_receive": "netif_receive", "start_xmit": "start_xmit"}
    for ax, blk in zip(axes.flat, blocks):
        cs = blk["contenders"]
        y = list(range(len(cs)))[::-1]
        mpps = [c["pps"] / 1e6 for c in cs]
        lo = [max(0.0, (c["pps"] - c.get("pps_ci95", [c["pps"]] * 2)[0]) / 1e6) for c in cs]
        hi = [max(0.0, (c.get("pps_ci95", [c["pps"]] * 2)[1] - c["pps"]) / 1e6) for c in cs]
        ax.barh(y, mpps, xerr=[lo, hi], color=[COLOURS.get(c["contender"], "#777") for c in cs],
                capsize=2, error_kw={"elinewidth": 0.8})
        ax.set_yticks(y)
        ax.set_yticklabels([label(blk["scenario"], c["contender"]) for c in cs])
        ax.set_title(f"{blk['scenario']}, pktgen {gshort.get(blk['generator'], blk['generator'])}", fontsize=9)
        ax.set_xlabel(unit(data))
        ax.grid(axis="x", linewidth=0.3)
        ax.set_axisbelow(True)
    for ax in list(axes.flat)[len(blocks):]:
        ax.axis("off")
    g = data["machine"]["guest"]
    fig.suptitle(f"{TITLE.get(data['engine'], data['engine'])}: 64-byte frames, one flow "
                 f"(kernel {g.get('kernel', '?')}, {data['date']})", fontsize=10)
    fig.tight_layout()
    return _save(fig, path)


def scale_chart(data, path):
    rows = [r for r in data.get("scale", []) if "psw" in r or "bridge" in r]
    if not rows:
        return None
    fig, ax = plt.subplots(figsize=(6.5, 3.6))
    for key in ("psw", "bridge"):
        pts = [(r["entries"], r[key]) for r in rows if key in r]
        if not pts:
            continue
        xs = [n for n, _ in pts]
        ys = [v["pps"] / 1e6 for _, v in pts]
        lo = [max(0.0, (v["pps"] - v["ci95"][0]) / 1e6) for _, v in pts]
        hi = [max(0.0, (v["ci95"][1] - v["pps"]) / 1e6) for _, v in pts]
        ax.errorbar(xs, ys, yerr=[lo, hi], marker="o", capsize=3, color=COLOURS[key],
                    label=LABELS[key] + (" (N entries)" if key == "psw" else " (N static fdb entries)"))
    ax.set_xscale("log")
    ax.set_xlabel("table size N (random destination over the N entries)")
    ax.set_ylabel(unit(data))
    ax.set_ylim(bottom=0)
    ax.grid(linewidth=0.3)
    ax.legend(fontsize=8)
    ax.set_title(f"{TITLE.get(data['engine'], data['engine'])}: pps against the table size "
                 f"({data['date']})", fontsize=10)
    fig.tight_layout()
    return _save(fig, path)


def draw(data, outdir):
    """Draw both charts of DATA into OUTDIR; returns the paths written."""
    e = data["engine"]
    done = []
    for name, fn in ((f"{e}-pps.svg", pps_chart), (f"{e}-scale.svg", scale_chart)):
        path = os.path.join(outdir, name)
        if fn(data, path):
            done.append(path)
        elif os.path.exists(path):
            os.remove(path)	# no such data in this run: no stale chart
    return done
