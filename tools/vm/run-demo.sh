#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot one kernel (KVER, default: the oldest series, see common.sh) with
# the module loaded and run tools/demo.sh in it, printing the console.
# Exit status: the demo's, or 1 if the VM crashed or the kernel warned.
set -uo pipefail
. "$(dirname "$0")/common.sh"

kver=$(kernels | head -1)
[ -n "$kver" ] || { echo "run-demo: no kernel found" >&2; exit 1; }
mkdir -p "$build/$kver"
cli=$(build_cli) || { echo "run-demo: CLI build failed" >&2; exit 1; }
build_module "$kver" || echo "# run-demo: warning: module build not clean"
[ -e "$build/$kver/src/kmod/panswitch.ko" ] || exit 1
initramfs "$kver" "$cli" || exit 1
run_vm "$kver" demo
rc=$(sed -n 's/^DEMO //p' "$build/$kver/demo-results.txt")
if ! grep -qx END "$build/$kver/demo-results.txt"; then
	echo "run-demo: the VM did not finish (crash or timeout)" >&2
	exit 1
fi
if problems=$(kernel_problems "$kver" demo); then
	printf 'run-demo: kernel problem: %s\n' "$problems" >&2
	exit 1
fi
exit "${rc:-1}"
