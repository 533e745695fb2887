#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (or reuse) the debug kernel of `make check-debug`: Debian's
# linux-source-6.1 with x86_64 defconfig + kvm_guest.config +
# tools/testvm/debug.config (KASAN, lockdep, PROVE_RCU, kmemleak, DEBUG_LIST,
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
image=arch/x86/boot/bzImage
if kc_cached "$dir" "$image"; then
	echo "# debug kernel $(cat "$dir/release") cached in $dir" >&2
	echo "$dir"
	exit 0
fi
kc_config="x86_64_defconfig kvm_guest.config" kc_targets="bzImage modules" kc_make="" \
	kc_jobs=$jobs kc_build "$cache" "$dir" "$image" "debug kernel" "${frags[@]}" || exit 1
echo "$dir"
