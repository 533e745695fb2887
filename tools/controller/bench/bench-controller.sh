#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The controller's compute and delta benchmark, host side, one core:
#   compute  parse + check + every host's tables of a generated topology
#            (default 1,000 hosts, 10,000 PANs, 100,000 VMs), time and
#            peak memory (panswitch-controller check);
#   apply    the same written to an embedded store (all hosts);
#   delta    one VM moved to another host: the keys and hosts written,
#            against the hosts that have the VM's PAN.
# Reports, asserts nothing. usage: bench-controller.sh [CONTROLLER]
# (The agent's apply rate needs the kernel: bench-apply.sh, run in the
# test VM by make bench-agent.)
#   BENCH_HOSTS, BENCH_PANS, BENCH_VMS: the topology's size
set -euo pipefail
C=${1:-$(dirname "$0")/../panswitch-controller}
H=${BENCH_HOSTS:-1000} P=${BENCH_PANS:-10000} V=${BENCH_VMS:-100000}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
one=(taskset -c 0)
command -v taskset >/dev/null || one=()

awk -v H="$H" -v P="$P" -v V="$V" -f "$here/gen-topology.awk" >"$tmp/t.yaml"
echo "topology: $H hosts, $P PANs, $V VMs ($(du -h "$tmp/t.yaml" | cut -f1)B of YAML)"
echo "compute: $("${one[@]}" "$C" check "$tmp/t.yaml" | sed 's/^[^:]*: //')"
start=$(date +%s.%N)
out=$("${one[@]}" "$C" -s "dir:$tmp/store" apply "$tmp/t.yaml")
echo "apply (dir store, every host): ${out#*: } (wall $(echo "$(date +%s.%N) - $start" | bc) s)"
# move v0 to the host "opposite" its own
pan=$(awk '/name: v0,/ { sub(/.*pan: /, ""); sub(/,.*/, ""); print }' "$tmp/t.yaml")
from=$(awk '/name: v0,/ { sub(/.*host: /, ""); sub(/,.*/, ""); print }' "$tmp/t.yaml")
to=h$(( (${from#h} + H / 2) % H ))
have=$(awk -v p="$pan" '$0 ~ "pan: " p ", host:" { sub(/.*host: /, ""); sub(/,.*/, ""); print }' \
	"$tmp/t.yaml" | sort -u | wc -l)
sed -i "s/name: v0, pan: $pan, host: $from,/name: v0, pan: $pan, host: $to,/" "$tmp/t.yaml"
out=$("${one[@]}" "$C" -s "dir:$tmp/store" -v apply "$tmp/t.yaml")
keys=$(grep -c ': put \|: delete ' <<<"$out" || true)
hosts=$(grep ': put \|: delete ' <<<"$out" | awk '{print $1}' | sort -u | wc -l)
echo "delta: v0 (PAN $pan) $from -> $to: $keys keys on $hosts hosts written;" \
	"$have hosts had PAN $pan before, $((have + 1)) after at most (${out##*in })"
