#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (or reuse) the debug kernel of `make check-debug`: Debian's
# linux-source-6.1 with x86_64 defconfig + kvm_guest.config +
# tools/vm/debug.config (KASAN, lockdep, PROVE_RCU, kmemleak, DEBUG_LIST,
# the net modules the lanes use) + selftests/config (what every selftest
# declares it needs, so the two cannot drift). The build lives outside
# the source tree and the repository, in
# $PSW_DEBUG_CACHE (default /var/cache/panswitch/debug-6.1)/KEY/, laid
# out as kernel-cache.sh says (build/ has bzImage and the M= builds).
# KEY hashes both fragments, the source package version and $recipe
# (bump it when the build steps below change).
#
# Prints, on success, the cache directory as the last line of stdout.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source=kernel-cache.sh
. "$here/kernel-cache.sh"
frags=("$here/debug.config" "$here/../../selftests/config")
cache=${PSW_DEBUG_CACHE:-/var/cache/panswitch/debug-6.1}
jobs=${PSW_DEBUG_JOBS:-$(nproc)}
recipe=1

[ -e "$kc_tarball" ] || { echo "# no kernel source $kc_tarball (apt-get install linux-source-6.1)" >&2; exit 1; }
dir=$cache/$(kc_key "$recipe" "${frags[@]}")
if [ -s "$dir/release" ] && [ -e "$dir/build/arch/x86/boot/bzImage" ]; then
	echo "# debug kernel $(cat "$dir/release") cached in $dir" >&2
	echo "$dir"
	exit 0
fi

kc_lock "$cache"
src=$(kc_unpack "$cache")

start=$(date +%s)
rm -rf "$dir"
mkdir -p "$dir/build"
log=$dir/build.log
echo "# building the debug kernel in $dir (log: $log)" >&2
{
	make -C "$src" O="$dir/build" x86_64_defconfig kvm_guest.config
	"$src/scripts/kconfig/merge_config.sh" -m -O "$dir/build" \
		"$dir/build/.config" "${frags[@]}"
	make -C "$src" O="$dir/build" olddefconfig
} >"$log" 2>&1 || { tail -20 "$log" | sed 's/^/# /' >&2; exit 1; }

# Every option of the fragments must have survived olddefconfig.
kc_verify "$dir/build/.config" "${frags[@]}" || exit 1

if ! make -C "$src" O="$dir/build" -j"$jobs" bzImage modules >>"$log" 2>&1 ||
   ! make -C "$src" O="$dir/build" INSTALL_MOD_PATH="$dir/mods" \
	INSTALL_MOD_STRIP=1 modules_install >>"$log" 2>&1; then
	grep -E 'error|Error' "$log" | head -20 | sed 's/^/# /' >&2
	tail -10 "$log" | sed 's/^/# /' >&2
	exit 1
fi
make -s -C "$src" O="$dir/build" kernelrelease >"$dir/release.tmp"
mv "$dir/release.tmp" "$dir/release"
echo "$(($(date +%s) - start))" >"$dir/build-seconds"
echo "# debug kernel $(cat "$dir/release") built in $(cat "$dir/build-seconds") s" >&2
# Older keys are stale: keep only this build (and the sources).
kc_prune "$cache" "$dir" "$src"
echo "$dir"
