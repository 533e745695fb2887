#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check the limits the man pages state against the uapi header.

The uapi header (include/uapi/linux/panswitch.h) is the one home of the
API's numbers. The man pages repeat a few for the operator, each next to
the constant's name; README.md, DEVELOPERS.md and Documentation/*.md
name the constants only. This fails when a man page's number differs
from the header's, when a statement below is no longer found (reworded:
update the table), or when a Markdown document puts a number next to a
constant's name.

usage: check-doc-limits.py [REPO]     (exit 0: all agree)
"""
import glob
import os
import re
import sys

# (man page, regex whose group 1 is the number, constant)
MAN = [
    ("panswitch-pan.8", r"from 1 to (\d+) \(2\^24", "PSW_PAN_ID_MAX"),
    ("panswitch-pan.8", r"at most (\d+) members\s+\.RB \( PSW_FLOOD_MAX",
     "PSW_FLOOD_MAX"),
    ("panswitch-port.8", r"takes up to (\d+)\s+\.RB \( PSW_PORT_MAX_MACS",
     "PSW_PORT_MAX_MACS"),
    ("panswitch-port.8", r"at most (\d+)\s+\.RB \( PSW_PORT_ALLOW_MAX",
     "PSW_PORT_ALLOW_MAX"),
    ("panswitch-switch.8", r"1 to 65535 \(default\s+(\d+),\s+\.BR PSW_VXLAN_PORT",
     "PSW_VXLAN_PORT"),
    ("panswitch-switch.8", r"may hold, 1 to (\d+) \(default \d+,\s+\.B PSW_MAX_PANS_DEFAULT",
     "PSW_PAN_ID_MAX"),
    ("panswitch-switch.8", r"\(default (\d+),\s+\.B PSW_MAX_PANS_DEFAULT",
     "PSW_MAX_PANS_DEFAULT"),
    ("panswitch-switch.8", r"1 to (\d+)\s+\.RB \( PSW_ENTRIES_MAX", "PSW_ENTRIES_MAX"),
    ("panswitch-switch.8", r"default (\d+),\s+\.BR PSW_MAX_ENTRIES_DEFAULT",
     "PSW_MAX_ENTRIES_DEFAULT"),
    ("panswitch-pan.8", r"by default (\d+)\s+\.RB \( PSW_MCAST_TTL_DEFAULT",
     "PSW_MCAST_TTL_DEFAULT"),
    ("panswitch-remote.8", r"at most (\d+) remote objects \(PSW_REMOTE_MAX\)",
     "PSW_REMOTE_MAX"),
]


def main():
    repo = sys.argv[1] if len(sys.argv) > 1 else \
        os.path.join(os.path.dirname(os.path.abspath(__file__)), "..")
    with open(os.path.join(repo, "include/uapi/linux/panswitch.h")) as f:
        hdr = f.read()
    consts = dict(re.findall(r"^#define[ \t]+(PSW_\w+)[ \t]+(\d+)\b", hdr, re.M))
    errors = []
    for page, rx, name in MAN:
        with open(os.path.join(repo, "Documentation/man", page)) as f:
            m = re.search(rx, f.read())
        if not m:
            errors.append(f"{page}: the statement of {name} (/{rx}/) is gone")
        elif m.group(1) != consts.get(name):
            errors.append(f"{page}: {name} is {m.group(1)}, the header says "
                          f"{consts.get(name)}")
    # Markdown: a constant's name with a number right after it, e.g.
    # "PSW_FLOOD_MAX (64)" or "PSW_FLOOD_MAX`: 256".
    docs = [os.path.join(repo, p) for p in ("README.md", "DEVELOPERS.md")]
    docs += glob.glob(os.path.join(repo, "Documentation", "*.md"))
    num_after = re.compile(r"\b(PSW_[A-Z0-9_]+)`?\)?\s*[(:,=]\s*(\d+)")
    for path in sorted(docs):
        with open(path) as f:
            for n, line in enumerate(f, 1):
                for m in num_after.finditer(line):
                    if m.group(1) in consts:
                        errors.append(f"{os.path.relpath(path, repo)}:{n}: "
                                      f"{m.group(1)} stated as {m.group(2)}; "
                                      "name the constant only (its value is "
                                      "in the uapi header)")
    for e in errors:
        print("check-doc-limits: " + e)
    if not errors:
        print(f"check-doc-limits: {len(MAN)} man-page limits agree with the "
              "uapi header; no Markdown restates one")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
