#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Boot one kernel (KVER, default: the oldest series, see common.sh) with
# the module loaded and run tools/demo.sh in it, printing the console.
# usage: run-demo.sh [dir|etcd]: the demo's store (make demo, make
# demo-etcd), passed to it as psw_demo= on the kernel command line.
# Exit status: the demo's, or 1 if the VM crashed or the kernel warned.
set -uo pipefail
. "$(dirname "$0")/common.sh"

store=${1:-dir}
case $store in
dir | etcd) ;;
*) echo "usage: run-demo.sh [dir|etcd]" >&2; exit 2 ;;
esac
if [ "$store" = etcd ] && ! command -v etcd >/dev/null; then
	echo "run-demo: etcd is not installed (etcd-server; tools/testvm/install-deps.sh)" >&2
	exit 1
fi
PSW_APPEND="${PSW_APPEND:+$PSW_APPEND }psw_demo=$store"

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
