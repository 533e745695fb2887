#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 85_bench_smoke.sh - keeps the benchmark lane (make bench) working: one
# short round of tools/bench/bench.sh (a few thousand pktgen frames per
# scenario, contender and generator, one small scale step) and checks only
# that every available contender delivered frames to its sink and that the
# scale step installed, forwarded and dumped, for panswitch and for the
# bridge with as many fdb entries. Rates are never asserted.
#
# Scenarios: l2 (local L2), xlate (MAC rewrite out of an uplink), encap
# (VXLAN encap over IPv4), decap (VXLAN decap, frames from a Linux vxlan
# device), flood (unknown unicast to two ports), trunk (issue 17: l2
# from a trunk port classifying by OUI, against l2's fixed-PAN vm port:
# contenders floor, vm and panswitch only). Contenders: floor (no switch), tc (matchall mirred; pedit,
# tunnel_key), Linux bridge (with a vxlan device for encap/decap; none
# for xlate: it cannot rewrite MACs), Open vSwitch kernel datapath
# (ovs-dpctl; skipped if not in the image), panswitch. Generators: pktgen
# netif_receive and start_xmit (decap: start_xmit on the vxlan device
# only); make check runs start_xmit only, make check-long both.

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

SCENARIOS=(l2 xlate encap decap flood trunk)
# make check runs one generator (start_xmit: the only one decap has);
# make check-long both.
GENS=(start_xmit)
[[ ${PSW_LONG:-0} != 1 ]] || GENS=(netif_receive start_xmit)
CONTENDERS=(floor mirred bridge ovs vm psw)
COUNT=2000
NLONG=0		# long cases: case_fanout, on fanout's lines of the same run
FANOUT=""
[[ ${PSW_LONG:-0} != 1 ]] || { NLONG=1; FANOUT=,fanout; }
RAW=$TMPD/bench.out

# Combinations that do not exist by design are not cases: decap frames
# come from a vxlan device (start_xmit only), and the bridge cannot
# rewrite MACs. The vm contender (panswitch with a fixed-PAN vm port) is
# trunk's reference only, and trunk has no contender but it, the floor
# and panswitch.
exists()
{
	[[ ! ($1 == decap && $2 == netif_receive) && ! ($1 == xlate && $3 == bridge) ]] &&
		if [[ $1 == trunk ]]; then [[ $3 == floor || $3 == vm || $3 == psw ]]
		else [[ $3 != vm ]]; fi
}

ncases=0
for s in "${SCENARIOS[@]}"; do
	for gen in "${GENS[@]}"; do
		for c in "${CONTENDERS[@]}"; do
			exists "$s" "$gen" "$c" && ncases=$((ncases + 1))
		done
	done
done
ktap_plan $((1 + ncases + 1 + 1 + NLONG))
kmsg_mark

case_run()
{
	local rc=0

	BENCH_ROUNDS=1 BENCH_COUNT=$COUNT BENCH_SCALE=100 BENCH_SCALE_ROUNDS=1 \
		BENCH_SCALE_COUNT=$COUNT BENCH_GENS=$(IFS=,; echo "${GENS[*]}") \
		BENCH_SCENARIOS=$(IFS=,; echo "${SCENARIOS[*]}")$FANOUT \
		bash "$BENCH" >"$RAW" 2>"$TMPD/bench.err" || rc=$?
	if ((rc != 0)) || ! grep -qx 'BENCH done 0' "$RAW"; then
		fail "bench.sh failed: exit $rc" "  output:"
		diag_output "$(tail -20 "$RAW"; tail -20 "$TMPD/bench.err")"
		return 1
	fi
	diag "$(grep -E '^BENCH (info shared_flag|skip|nogen|error)' "$RAW")"
}

# case_delivered SCENARIO GEN CONTENDER: its run delivered frames at the
# sink. Skipped (not failed) where the bench says the combination cannot
# be: a generator the scenario cannot use, the bridge in xlate, a tool or
# module missing from the image.
case_delivered()
{
	local s=$1 gen=$2 c=$3 line delivered why

	line=$(grep -E "^BENCH run $s $gen $c " "$RAW")
	if [[ -z $line ]]; then
		why=$(grep -E "^BENCH nogen $s $gen " "$RAW")
		if [[ -n $why ]]; then
			skip "${why#BENCH nogen "$s" "$gen" }"
			return
		fi
		line=$(grep -E "^BENCH skip $s $c " "$RAW")
		why=${line#BENCH skip "$s" "$c" }
		if [[ -n $line ]] &&
			[[ ($c == ovs && $why =~ (not\ in\ the\ image|no\ openvswitch\ module)) ||
				($s == xlate && $c == bridge && $why =~ cannot\ rewrite) ||
				($c == mirred && $why =~ no\ act_(pedit|tunnel_key)\ module) ]]; then
			skip "$why"
			return
		fi
		fail "no run line for $s $gen $c" "  expected: BENCH run $s $gen $c ..." \
			"  actual: ${line:-(nothing)}" \
			"  $(grep -E "^BENCH error $s $gen $c " "$RAW" | head -1)"
		return 1
	fi
	read -r _ _ _ _ _ _ delivered _ <<<"$line"
	diag "$line"
	if ! ((delivered > 0)); then
		fail "$s $c delivered no frame with pktgen $gen" "  line: $line"
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
	s=$(grep '^BENCH scale_bridge 100 ' "$RAW")
	i=$(grep '^BENCH install bridge 100 ' "$RAW")
	diag "$s" "$i"
	check_match "scale: the bridge with 100 fdb entries delivered frames" \
		'^BENCH scale_bridge 100 0 [1-9]' "$s"
	check_match "scale: every frame hit a bridge fdb entry (none flooded)" \
		'^BENCH scale_bridge_flooded 100 0$' "$(grep '^BENCH scale_bridge_flooded 100 ' "$RAW")"
	check_match "scale: bridge -batch installed 100 fdb entries" '^BENCH install bridge 100 [0-9]+ 0$' "$i"
}

# fanout (check-long, in case_run's run): one broadcast fanned out to the
# remotes. Every frame
# reaches the switch with netif_receive, so the underlay frames counted at
# the sink are exactly the copies each contender is built to send: FANOUT
# (8) per broadcast head-end, one with a multicast group; the group must
# have been joined.
case_fanout()
{
	local out c line frames copies

	out=$(grep -E '^BENCH (info fanout_joined|wire fanout )' "$RAW")
	check_match "panswitch joined the group" '^BENCH info fanout_joined .*"joined":true' "$out" ||
		return 1
	for c in head psw vxhead bridge; do
		line=$(grep -E "^BENCH wire fanout netif_receive $c [0-9]+ " <<<"$out" | head -1)
		diag "${line:-no wire line for $c}"
		read -r _ _ _ _ _ _ frames copies <<<"$line"
		if ! [[ $frames =~ ^[0-9]+$ && $copies =~ ^[0-9]+$ ]]; then
			fail "fanout $c: no wire line" "  output: $(grep fanout <<<"$out" | tail -5)"
			return 1
		fi
		# COUNT broadcasts, copies each; a few may be lost, none added.
		check_eq "fanout $c: at most $copies copies per broadcast on the wire" 1 \
			"$((frames <= COUNT * copies))" || return 1
		check_eq "fanout $c: at least 95 % of $COUNT x $copies copies ($frames)" 1 \
			"$((frames * 100 >= COUNT * copies * 95))" || return 1
	done
	check_match "head-end sends 8 copies, the group 1" \
		'^BENCH wire fanout netif_receive head [0-9]+ [0-9]+ 8$' "$out" || return 1
	check_match "the group sends 1 copy" \
		'^BENCH wire fanout netif_receive psw [0-9]+ [0-9]+ 1$' "$out"
}

run_setup "bench.sh runs one short round" case_run
for s in "${SCENARIOS[@]}"; do
	for gen in "${GENS[@]}"; do
		for c in "${CONTENDERS[@]}"; do
			exists "$s" "$gen" "$c" || continue
			run_case "$s $gen: $c delivers frames to its sink" case_delivered "$s" "$gen" "$c"
		done
	done
done
run_case "scale step: install, forward with random MACs, dump (panswitch, bridge)" case_scale
long_case "fanout: 8 copies per broadcast head-end, 1 with the group (panswitch, vxlan)" \
	case_fanout
run_case "kernel log is clean" check_kernel_log
ktap_finish
