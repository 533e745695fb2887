#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 85_bench_smoke.sh - keeps the benchmark lane (make bench) working: one
# short round of tools/bench/bench.sh (a few thousand pktgen frames per
# contender and generator, one small scale step) and checks only that every
# available contender delivered frames to its sink and that the scale
# step installed, forwarded and dumped. Rates are never asserted.
#
# Contenders: floor (no switch), tc matchall mirred, Linux bridge, Open
# vSwitch kernel datapath (ovs-dpctl; skipped if not in the image),
# panswitch. Generators: pktgen netif_receive and start_xmit.

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

BENCH=""
for f in /bench/bench.sh "$(dirname "$0")/../tools/bench/bench.sh"; do
	[[ -x $f ]] && { BENCH=$f; break; }
done
[[ -n $BENCH ]] || ktap_skip_all "tools/bench/bench.sh not found"
modprobe -q pktgen 2>/dev/null
[[ -d /proc/net/pktgen ]] || ktap_skip_all "no pktgen in this kernel"
require_tools
ensure_module

GENS=(netif_receive start_xmit)
CONTENDERS=(floor mirred bridge ovs psw)
COUNT=2000
RAW=$TMPD/bench.out

ktap_plan $((1 + ${#GENS[@]} * ${#CONTENDERS[@]} + 1 + 1))
kmsg_mark

case_run()
{
	local rc=0

	BENCH_ROUNDS=1 BENCH_COUNT=$COUNT BENCH_SCALE=100 BENCH_SCALE_ROUNDS=1 \
		BENCH_SCALE_COUNT=$COUNT bash "$BENCH" >"$RAW" 2>"$TMPD/bench.err" || rc=$?
	if ((rc != 0)) || ! grep -qx 'BENCH done 0' "$RAW"; then
		fail "bench.sh failed: exit $rc" "  output:"
		diag_output "$(tail -20 "$RAW"; tail -20 "$TMPD/bench.err")"
		return 1
	fi
	diag "$(grep -E '^BENCH (info shared_flag|skip)' "$RAW")"
}

# case_delivered GEN CONTENDER: its run delivered frames at the sink.
case_delivered()
{
	local gen=$1 c=$2 line delivered

	line=$(grep -E "^BENCH run l2 $gen $c " "$RAW")
	if [[ -z $line ]]; then
		line=$(grep -E "^BENCH skip l2 $c " "$RAW")
		if [[ $c == ovs && $line =~ (not\ in\ the\ image|no\ openvswitch\ module) ]]; then
			skip "${line#BENCH skip l2 ovs }"
			return
		fi
		fail "no run line for $gen $c" "  expected: BENCH run l2 $gen $c ..." \
			"  actual: ${line:-(nothing)}"
		return 1
	fi
	read -r _ _ _ _ _ _ delivered _ <<<"$line"
	diag "$line"
	if ! ((delivered > 0)); then
		fail "$c delivered no frame with pktgen $gen" "  line: $line"
		return 1
	fi
}

case_scale()
{
	local s i d

	s=$(grep '^BENCH scale 100 ' "$RAW")
	i=$(grep '^BENCH install panswitch 100 ' "$RAW")
	d=$(grep '^BENCH dump panswitch 100 ' "$RAW")
	diag "$s" "$i" "$d"
	check_match "scale: frames delivered with 100 entries" '^BENCH scale 100 0 [1-9]' "$s"
	check_match "scale: every frame hit an entry (none flooded)" \
		'^BENCH scale_flooded 100 0$' "$(grep '^BENCH scale_flooded 100 ' "$RAW")"
	check_match "scale: panswitch -b installed 100 entries" '^BENCH install panswitch 100 [0-9]+ 0$' "$i"
	# 100 entries plus the two ports' own.
	check_match "scale: entry show lists them" '^BENCH dump panswitch 100 [0-9]+ 10[0-9]$' "$d"
}

run_setup "bench.sh runs one short round" case_run
for gen in "${GENS[@]}"; do
	for c in "${CONTENDERS[@]}"; do
		run_case "$gen: $c delivers frames to its sink" case_delivered "$gen" "$c"
	done
done
run_case "scale step: install, forward with random MACs, dump" case_scale
run_case "kernel log is clean" check_kernel_log
ktap_finish
