#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make fuzz: the long fuzz and stress run in QEMU, through the make check
# harness (tools/testvm/check.sh; same KTAP output and summary line). It runs
# selftests/80_fuzz.sh and 82_attack.sh with large counts, then
# tools/fuzz/stress.sh, from a test directory assembled in
# $PSW_BUILD/fuzz-tests (default build/fuzz-tests). 80_fuzz.sh fuzzes in
# three phases: PAN 100 and PAN 200
# (vm ports and the uplink, local switching), then transport (the uplink
# and underlay set up: frames from a vm port through xlate, encap and the
# flood list, frames on the uplink, encapsulated VXLAN/NVGRE/EtherIP
# arrivals over IPv4 and IPv6), each with a third of the frames and of the
# root genetlink messages, which cover every command (underlay, PAN
# addresses and flood lists included) with random, mutated, valid and
# hostile values. selftests/82_attack.sh, the attacker phase, makes the
# attacks of the trust model at random (local user, VM, rogue underlay
# host, link-local and tagged frames, forged sources, RAs and GARPs)
# against a PAN whose VMs keep talking, and checks that none is delivered
# and each is counted. stress.sh adds underlay churn under tunnel and uplink
# arrivals. Settings, from the environment:
#   KVER              kernel (default: the oldest installed cloud kernel)
#   FUZZ_NL           root genetlink messages (default 1000000)
#   FUZZ_NL_UNPRIV    genetlink messages as uid 65534 (default 100000)
#   FUZZ_FRAMES       malformed frames, all phases and ports (default 1000000)
#   FUZZ_ATTACK       attacks of the attacker phase (default 20000)
#   FUZZ_SEED         seed (default: random; printed)
#   STRESS_SECONDS    length of each stress loop (default 120)
#   FUZZ_DEBUG=1      run under the debug kernel of make check-debug
#                     (tools/testvm/check-debug.sh builds or reuses it)
# and everything tools/testvm/common.sh reads (PSW_KIMAGE, PSW_VM_TIMEOUT, ...).
set -euo pipefail
here=$(cd "$(dirname "$0")" && pwd)
repo=$(cd "$here/../.." && pwd)
build=${PSW_BUILD:-$repo/build}
tests=$build/fuzz-tests

rm -rf "$tests"
mkdir -p "$tests"
cp "$repo/selftests/lib.sh" "$repo/selftests/80_fuzz.sh" \
	"$repo/selftests/82_attack.sh" "$tests/"
cp "$here/stress.sh" "$tests/85_stress.sh"
chmod +x "$tests/80_fuzz.sh" "$tests/82_attack.sh" "$tests/85_stress.sh"
{
	echo "FUZZ_NL=${FUZZ_NL:-1000000}"
	echo "FUZZ_NL_UNPRIV=${FUZZ_NL_UNPRIV:-100000}"
	echo "FUZZ_FRAMES=${FUZZ_FRAMES:-1000000}"
	echo "FUZZ_ATTACK=${FUZZ_ATTACK:-20000}"
	echo "STRESS_SECONDS=${STRESS_SECONDS:-120}"
	[ -z "${FUZZ_SEED:-}" ] || echo "FUZZ_SEED=$FUZZ_SEED"
} >"$tests/fuzz.conf"
sed 's/^/# fuzz.conf: /' "$tests/fuzz.conf"
# One script may run for hours under TCG (or a debug kernel).
echo "timeout=${PSW_TEST_TIMEOUT:-86400}" >"$tests/settings"

export PSW_SELFTESTS=$tests
export PSW_VM_TIMEOUT=${PSW_VM_TIMEOUT:-172800}
if [ "${FUZZ_DEBUG:-0}" = 1 ]; then
	export PSW_TEST_TIMEOUT=${PSW_TEST_TIMEOUT:-86400}
	exec "$repo/tools/testvm/check-debug.sh"
fi
if [ -z "${KVER:-}" ]; then
	KVER=$(. "$repo/tools/testvm/common.sh" && kernels | head -1)
	export KVER
fi
start=$(date +%s)
rc=0
"$repo/tools/testvm/check.sh" || rc=$?
echo "# make fuzz: $(($(date +%s) - start)) s on $KVER"
exit "$rc"
