#!/usr/bin/env python3
# SPDX-License-Identifier: GPL-2.0
"""Check that netlink/panswitch.yaml names and numbers exactly what
include/uapi/linux/panswitch.h defines (the header is authoritative).

usage: check-spec.py [SPEC [HEADER]]   (exit 0: they agree)
"""
import os
import re
import sys

import yaml

here = os.path.dirname(os.path.abspath(__file__))
spec_path = sys.argv[1] if len(sys.argv) > 1 else f"{here}/panswitch.yaml"
hdr_path = sys.argv[2] if len(sys.argv) > 2 else \
    f"{here}/../include/uapi/linux/panswitch.h"


def c_name(prefix, name):
    return (prefix + name).upper().replace("-", "_")


def header_enums(text):
    """{enum name: [(member, value)]}, values resolved like a C compiler."""
    enums = {}
    for m in re.finditer(r"enum\s+(\w+)\s*\{(.*?)\};", text, re.S):
        body = re.sub(r"/\*.*?\*/", "", m.group(2), flags=re.S)
        members, val = [], -1
        for item in body.split(","):
            item = item.strip()
            if not item:
                continue
            name, _, expr = item.partition("=")
            val = int(expr.strip(), 0) if expr.strip() else val + 1
            members.append((name.strip(), val))
        enums[m.group(1)] = members
    return enums


def header_defines(text):
    return dict(re.findall(r"^#define[ \t]+(\w+)[ \t]+(\S+)", text, re.M))


def rendered(items, prefix, first=0):
    out, val = [], first - 1
    for it in items:
        it = {"name": it} if isinstance(it, str) else it
        val = it.get("value", val + 1)
        out.append((c_name(prefix, it["name"]), val))
    return out


def main():
    spec = yaml.safe_load(open(spec_path))
    text = open(hdr_path).read()
    enums, defines = header_enums(text), header_defines(text)
    errors = []

    def compare(enum, want, cnt=None):
        have = [(n, v) for n, v in enums.get(enum, [])
                if not n.startswith("__")]
        if have != want:
            errors.append(f"enum {enum}: header {have} != spec {want}")
        if cnt and not any(n == cnt for n, _ in enums.get(enum, [])):
            errors.append(f"enum {enum}: no {cnt} in the header")

    for d in spec.get("definitions", []):
        if d["type"] == "enum":
            compare(d["enum-name"],
                    rendered(d["entries"], d["name-prefix"],
                             d.get("value-start", 0)))
        elif d["type"] == "const":
            name = c_name("psw-", d["name"])
            have = defines.get(name, "-1")
            if isinstance(d["value"], str):
                ok = have == f'"{d["value"]}"'
            else:
                ok = int(have, 0) == d["value"]
            if not ok:
                errors.append(f"const {name}: header "
                              f"{defines.get(name)} != spec {d['value']}")
    for s in spec["attribute-sets"]:
        if "subset-of" in s:
            continue
        compare(s["enum-name"], rendered(s["attributes"], s["name-prefix"],
                                         1), s.get("attr-cnt-name"))
        if defines.get(s["attr-max-name"]) is None:
            errors.append(f"no #define {s['attr-max-name']}")
    ops = spec["operations"]
    compare(ops["enum-name"], rendered(ops["list"], ops["name-prefix"], 1),
            spec.get("cmd-cnt-name"))
    if defines.get(spec["cmd-max-name"]) is None:
        errors.append(f"no #define {spec['cmd-max-name']}")
    for key, want in (("c-family-name", f'"{spec["name"]}"'),
                      ("c-version-name", None)):
        if defines.get(spec[key]) is None or \
                (want and defines[spec[key]] != want):
            errors.append(f"#define {spec[key]} missing or not {want}")
    for g in spec["mcast-groups"]["list"]:
        if defines.get(g["c-define-name"]) != f'"{g["name"]}"':
            errors.append(f"#define {g['c-define-name']} is not "
                          f"\"{g['name']}\"")

    for e in errors:
        print(f"check-spec: {e}", file=sys.stderr)
    if not errors:
        print("check-spec: panswitch.yaml matches the uapi header")
    return 1 if errors else 0


if __name__ == "__main__":
    sys.exit(main())
