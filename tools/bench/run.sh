#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Host side of `make bench`: build the module and the CLI for one kernel,
# boot it with tools/bench/bench.sh as the guest's workload, then turn the
# raw per-round counts into the table, build/bench.json, the engine's data
# and charts in Documentation/bench/ and Documentation/performance.md
# (tools/bench/report.py).
# Reports timings, asserts none: the exit status is 1 only if the guest did
# not finish, the kernel warned, or no measurement came back.
#
# Engines (ENGINE=):
#   qemu  (default) the oldest target Debian cloud kernel (or KVER) under
#         QEMU with -accel tcg: psw_mode=bench of tools/testvm/init
#   uml   Debian's linux-source-6.1 built as User-Mode Linux
#         (tools/bench/build-uml-kernel.sh, cached), the kernel's code
#         running natively as a host process (tools/bench/uml.sh).
#         PSW_UML_SRC=6.12 builds and boots linux-source-6.12 instead
#         (a developer's option: apt-get install linux-source-6.12; its
#         own cache, /var/cache/panswitch/uml-6.12), whose pktgen has
#         the `flag !SHARED` of BENCH_GENS=...,netif_unshared, e.g. the
#         clone a shared skb costs, measured in one boot:
#         PSW_UML_SRC=6.12 BENCH_SCENARIOS=l2,xlate
#         BENCH_GENS=netif_receive,netif_unshared BENCH_SCALE= BENCH_DOC=-
#         ENGINE=uml tools/bench/run.sh
# BENCH_PROFILE=1 (make bench-profile; UML only) instead samples the UML
# kernel with the host's perf during every run and writes folded stacks
# and flame graphs per scenario, generator and contender into
# Documentation/bench/profile/ (tools/bench/profile.py); the pps of such a run are
# printed but not written to Documentation/.
#
# Settings (environment): BENCH_ROUNDS (8; profile: 2), BENCH_COUNT
# (qemu 100000, uml 1000000, profile 3000000), BENCH_GENS
# (netif_receive,start_xmit; also netif_unshared: pktgen's netif_receive
# with `flag !SHARED`, where the kernel's pktgen accepts it, which 6.1's
# does not; see tools/bench/bench.sh), BENCH_SCALE (1,1000,65536,1048576; profile:
# none), BENCH_SCALE_ROUNDS (3), BENCH_SCALE_COUNT (BENCH_COUNT),
# BENCH_SCALE_DUMP (1; 0: no timed dump of each table, which takes minutes
# for the bridge's 1M fdb entries under UML),
# BENCH_SCENARIOS (l2,xlate,encap,decap,flood,fanout,trunk; a subset runs
# only those, e.g. BENCH_SCENARIOS=fanout BENCH_SCALE= for issue 16's
# broadcast fan-out alone, whose data then goes to bench/ENGINE-fanout.json
# and leaves the engine's full tables be), BENCH_DOC
# (Documentation/performance.md, with the data and charts in bench/ and
# the profiles in bench/profile/; "-" for none: nothing there is
# written), BENCH_PROFILE_FREQ (perf's sampling rate, 2999 Hz), plus
# common.sh's (PSW_VM_TIMEOUT defaults to 7200 s here, 10800 s for UML;
# PSW_VM_MEM to 2G).
# A quick development run: BENCH_ROUNDS=2 BENCH_COUNT=5000 BENCH_SCALE=
# BENCH_DOC=- tools/bench/run.sh (a few minutes).
set -uo pipefail
# The 1M-entry installs and dumps of both tools take long: under TCG
# (3600 s ran out during the bridge's on a loaded host) and in UML's slow
# (ptrace) user space.
[ "${ENGINE:-qemu}" = uml ] && export PSW_VM_TIMEOUT=${PSW_VM_TIMEOUT:-10800}
export PSW_VM_TIMEOUT=${PSW_VM_TIMEOUT:-7200}
# shellcheck source-path=SCRIPTDIR source=../testvm/common.sh
. "$(dirname "$0")/../testvm/common.sh"

engine=${ENGINE:-qemu}
profile=${BENCH_PROFILE:-0}
case $engine in
qemu | uml) ;;
*) echo "bench: ENGINE must be qemu or uml, not '$engine'" >&2; exit 2 ;;
esac
# bench.sh ignores a name it does not know: a typo would run nothing.
for s in ${BENCH_SCENARIOS:+${BENCH_SCENARIOS//,/ }}; do
	case $s in
	l2 | xlate | encap | decap | flood | fanout | trunk) ;;
	*) echo "bench: BENCH_SCENARIOS: no scenario '$s' (l2, xlate, encap, decap, flood, fanout, trunk)" >&2; exit 2 ;;
	esac
done
for g in ${BENCH_GENS:+${BENCH_GENS//,/ }}; do
	case $g in
	netif_receive | netif_unshared | start_xmit) ;;
	*) echo "bench: BENCH_GENS: no generator '$g' (netif_receive, netif_unshared, start_xmit)" >&2; exit 2 ;;
	esac
done
case ${PSW_UML_SRC:-6.1} in
6.1 | 6.12) ;;
*) echo "bench: PSW_UML_SRC must be 6.1 or 6.12, not '$PSW_UML_SRC'" >&2; exit 2 ;;
esac
if [ "$profile" = 1 ]; then
	if [ "$engine" != uml ]; then
		echo "bench: profiles need ENGINE=uml (under QEMU/TCG the host's perf would sample the emulator, not the guest kernel's code)" >&2
		exit 2
	fi
	command -v perf >/dev/null || { echo "bench: no perf (package linux-perf)" >&2; exit 1; }
	# One warm-up round and one profiled: 3M frames, a few seconds of CPU
	# time and some 10,000 samples per path and contender.
	: "${BENCH_ROUNDS:=2}" "${BENCH_SCALE=}" "${BENCH_COUNT:=3000000}"
	export BENCH_ROUNDS BENCH_SCALE BENCH_COUNT
fi
if [ "$engine" = uml ]; then
	# Native speed: more frames per run, so that each lasts about a second.
	: "${BENCH_COUNT:=1000000}"
	export BENCH_COUNT
	# shellcheck source-path=SCRIPTDIR source=uml.sh
	. "$repo/tools/bench/uml.sh"
	uml_prepare || exit 1
else
	kver=$(kernels | head -1)
	[ -n "$kver" ] || { echo "bench: no kernel found" >&2; exit 1; }
	mkdir -p "$build/$kver"
	cli=$(build_cli) || { echo "bench: CLI build failed" >&2; exit 1; }
	build_module "$kver" || echo "# bench: warning: module build not clean"
	[ -e "$build/$kver/src/kmod/panswitch.ko" ] || exit 1
	initramfs "$kver" "$cli" || exit 1
fi

args=""
for pair in rounds:BENCH_ROUNDS count:BENCH_COUNT gens:BENCH_GENS scale:BENCH_SCALE \
	scale_rounds:BENCH_SCALE_ROUNDS scale_count:BENCH_SCALE_COUNT scenarios:BENCH_SCENARIOS \
	scale_dump:BENCH_SCALE_DUMP profile:BENCH_PROFILE; do
	var=${pair#*:}
	# An empty value (BENCH_SCALE=) is passed as ",": a list with nothing.
	[ -n "${!var+x}" ] && args+=" psw_bench_${pair%%:*}=${!var:-,}"
done
PSW_APPEND="${PSW_APPEND:+$PSW_APPEND }${args# }"
export PSW_APPEND
cmd="make bench ENGINE=$engine"
[ "$engine" = qemu ] && cmd="make bench KVER=$kver"
[ "$profile" = 1 ] && cmd="make bench-profile"
[ "$engine" = uml ] && [ "${PSW_UML_SRC:-6.1}" != 6.1 ] && cmd="PSW_UML_SRC=$PSW_UML_SRC $cmd"
for v in BENCH_ROUNDS BENCH_COUNT BENCH_GENS BENCH_SCALE BENCH_SCALE_ROUNDS BENCH_SCALE_COUNT \
	BENCH_SCALE_DUMP BENCH_SCENARIOS; do
	# The engine's and the profile's own defaults are not the user's.
	case $v in
	BENCH_COUNT) [ "$engine" = uml ] && [ "$BENCH_COUNT" = "$([ "$profile" = 1 ] && echo 3000000 || echo 1000000)" ] && continue ;;
	BENCH_ROUNDS) [ "$profile" = 1 ] && [ "$BENCH_ROUNDS" = 2 ] && continue ;;
	BENCH_SCALE) [ "$profile" = 1 ] && [ -z "$BENCH_SCALE" ] && continue ;;
	esac
	[ -n "${!v+x}" ] && cmd="$v=${!v} $cmd"
done

echo "# bench: $engine, kernel $kver, console in $build/$kver/bench-console.log"
start=$(date +%s)
load_before=$(cut -d' ' -f1-3 /proc/loadavg)
if [ "$engine" = uml ]; then
	mode=bench
	[ "$profile" = 1 ] && mode=profile
	uml_run "$mode"
	vmrc=$?
	emulator="User-Mode Linux $kver"
else
	V=${V:-0} run_vm "$kver" bench
	vmrc=$?
	emulator=$("$qemu" --version | head -1)
fi
secs=$(($(date +%s) - start))
echo "# bench: guest ran $secs s, status $vmrc"
res=$build/$kver/bench-results.txt
rc=0
if ! grep -qx END "$res"; then
	echo "bench: the guest did not finish (crash or timeout); last console lines:" >&2
	tail -n 30 "$build/$kver/bench-console.log" >&2
	rc=1
fi
if problems=$(kernel_problems "$kver" bench); then
	printf 'bench: kernel problem: %s\n' "$problems" >&2
	rc=1
fi
doc=${BENCH_DOC:-$repo/Documentation/performance.md}
# Debian's python3, where python3-matplotlib is installed (the charts).
py=/usr/bin/python3
[ -x "$py" ] || py=python3
if [ "$profile" = 1 ]; then
	"$py" "$repo/tools/bench/profile.py" --results "$res" \
		--perf-data "$uml_out/perf.data" --kallsyms "$uml_out/kallsyms" \
		--pid-file "$uml_out/pid" --out "$build/$kver/profile" \
		--publish "$([ "$doc" = - ] && echo - || echo "$(dirname "$doc")/bench/profile")" \
		--command "$cmd" || rc=1
	[ "$doc" = - ] || "$py" "$repo/tools/bench/report.py" render --doc "$doc" || rc=1
fi
"$py" "$repo/tools/bench/report.py" run --results "$res" --json "$build/bench.json" \
	--engine "$engine" --emulator "$emulator" --command "$cmd" --vm-seconds "$secs" \
	--load-before "$load_before" \
	--cpu-log "$([ "$engine" = uml ] && echo "$uml_out/cpu.log")" \
	--publish "$([ "$doc" = - ] || [ "$profile" = 1 ] && echo - || echo "$(dirname "$doc")/bench")" \
	--doc "$([ "$profile" = 1 ] && echo - || echo "$doc")" || rc=1
exit "$rc"
