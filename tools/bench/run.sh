#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host side of `make bench`: build the module and the CLI for one kernel
# (KVER, default: the oldest target kernel), boot it in QEMU with
# psw_mode=bench (tools/bench/bench.sh runs as the guest's workload), then
# turn the raw per-round counts into the table, build/bench.json and
# Documentation/performance.md (tools/bench/report.py).
# Reports timings, asserts none: the exit status is 1 only if the VM did not
# finish, the kernel warned, or no measurement came back.
#
# Settings (environment): BENCH_ROUNDS (8), BENCH_COUNT (100000),
# BENCH_GENS (netif_receive,start_xmit), BENCH_SCALE (1,1000,65536,1048576),
# BENCH_SCALE_ROUNDS (3), BENCH_SCALE_COUNT (BENCH_COUNT), BENCH_SCENARIOS
# (l2,xlate,encap,decap), BENCH_DOC (Documentation/performance.md; "-" for
# none), plus common.sh's (PSW_VM_TIMEOUT defaults to 3600 s here).
# A quick development run: BENCH_ROUNDS=2 BENCH_COUNT=5000 BENCH_SCALE=
# BENCH_DOC=- tools/bench/run.sh (a few minutes).
set -uo pipefail
export PSW_VM_TIMEOUT=${PSW_VM_TIMEOUT:-3600}
# shellcheck source=../vm/common.sh
. "$(dirname "$0")/../vm/common.sh"

kver=$(kernels | head -1)
[ -n "$kver" ] || { echo "bench: no kernel found" >&2; exit 1; }
mkdir -p "$build/$kver"
cli=$(build_cli) || { echo "bench: CLI build failed" >&2; exit 1; }
build_module "$kver" || echo "# bench: warning: module build not clean"
[ -e "$build/$kver/src/kmod/panswitch.ko" ] || exit 1
initramfs "$kver" "$cli" || exit 1

args=""
for pair in rounds:BENCH_ROUNDS count:BENCH_COUNT gens:BENCH_GENS scale:BENCH_SCALE \
	scale_rounds:BENCH_SCALE_ROUNDS scale_count:BENCH_SCALE_COUNT scenarios:BENCH_SCENARIOS; do
	var=${pair#*:}
	# An empty value (BENCH_SCALE=) is passed as ",": a list with nothing.
	[ -n "${!var+x}" ] && args+=" psw_bench_${pair%%:*}=${!var:-,}"
done
PSW_APPEND="${PSW_APPEND:+$PSW_APPEND }${args# }"
export PSW_APPEND
cmd="make bench KVER=$kver"
for v in BENCH_ROUNDS BENCH_COUNT BENCH_GENS BENCH_SCALE BENCH_SCALE_ROUNDS BENCH_SCALE_COUNT \
	BENCH_SCENARIOS; do
	[ -n "${!v+x}" ] && cmd="$v=${!v} $cmd"
done

echo "# bench: $kver, console in $build/$kver/bench-console.log"
start=$(date +%s)
V=${V:-0} run_vm "$kver" bench
vmrc=$?
secs=$(($(date +%s) - start))
echo "# bench: VM ran $secs s, status $vmrc"
res=$build/$kver/bench-results.txt
rc=0
if ! grep -qx END "$res"; then
	echo "bench: the VM did not finish (crash or timeout); last console lines:" >&2
	tail -n 30 "$build/$kver/bench-console.log" >&2
	rc=1
fi
if problems=$(kernel_problems "$kver" bench); then
	printf 'bench: kernel problem: %s\n' "$problems" >&2
	rc=1
fi
python3 "$repo/tools/bench/report.py" --results "$res" --json "$build/bench.json" \
	--doc "${BENCH_DOC:-$repo/Documentation/performance.md}" --command "$cmd" \
	--qemu "$("$qemu" --version | head -1)" --vm-seconds "$secs" || rc=1
exit "$rc"
