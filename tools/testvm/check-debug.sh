#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make check-debug: the selftest suite under a debug kernel (KASAN,
# lockdep + PROVE_RCU, DEBUG_ATOMIC_SLEEP, DEBUG_LIST, kmemleak), built
# from Debian's linux-source-6.1 by build-debug-kernel.sh and cached in
# /var/cache/panswitch. Output as make check: KTAP, then
# "N passed, N failed, N skipped". Any kernel report (KASAN, lockdep, RCU,
# list corruption, kmemleak leak) fails the run and is printed.
#
# Defaults tuned for the debug kernel under QEMU/TCG (override as for
# make check): PSW_VM_MEM=3G, PSW_TEST_TIMEOUT=3600 per script,
# PSW_VM_TIMEOUT=14400 for the whole VM.
set -uo pipefail
here=$(cd "$(dirname "$0")" && pwd)

start=$(date +%s)
if ! dir=$("$here/build-debug-kernel.sh" | tail -1) || [ ! -s "$dir/release" ]; then
	echo "TAP version 13"
	echo "not ok 1 debug kernel: build (tools/testvm/build-debug-kernel.sh)"
	echo "1..1"
	echo "0 passed, 1 failed, 0 skipped"
	exit 1
fi
echo "# debug kernel ready after $(($(date +%s) - start)) s: $dir"

rel=$(cat "$dir/release")
export KVER=$rel
export PSW_KIMAGE=$dir/build/arch/x86/boot/bzImage
export PSW_KMODDIR=$dir/mods/lib/modules/$rel
export PSW_KBUILD=$dir/build
export PSW_VM_MEM=${PSW_VM_MEM:-3G}
export PSW_TEST_TIMEOUT=${PSW_TEST_TIMEOUT:-3600}
export PSW_VM_TIMEOUT=${PSW_VM_TIMEOUT:-14400}
. "$here/common.sh"	# $build, $splat_re

# check.sh's output, held back by one line so that the full kernel reports
# (check.sh shows only their first lines) come before the summary line.
last=$(mktemp)
trap 'rm -f "$last"' EXIT
"$here/check.sh" | {
	have=0
	while IFS= read -r line; do
		[ "$have" = 0 ] || printf '%s\n' "$prev"
		prev=$line have=1
	done
	[ "$have" = 0 ] || printf '%s\n' "$prev" >"$last"
}
rc=${PIPESTATUS[0]}
con=$build/$rel/test-console.log
if [ -s "$con" ] && grep -qE "$splat_re" "$con"; then
	echo "# kernel reports in $con:"
	grep -E -A 45 "$splat_re" "$con" | head -n 600 | sed 's/^/# /'
fi
cat "$last"
exit "$rc"
