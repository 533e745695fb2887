#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (or reuse) the User-Mode Linux kernel of `make bench ENGINE=uml`:
# Debian's linux-source-6.1 with `make ARCH=um defconfig` +
# tools/bench/uml.config (the bench's contenders and generator, frame
# pointers for the profiles). Cached outside the source tree and the
# repository in $PSW_UML_CACHE (default /var/cache/panswitch/uml-6.1)/KEY/
# as tools/vm/kernel-cache.sh lays it out: build/linux is the kernel
# (an ordinary host executable), build/ the tree M= module builds use.
# KEY hashes the fragment, the source package version and $recipe (bump
# it when the build steps below change).
#
# Prints, on success, the cache directory as the last line of stdout.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=../vm/kernel-cache.sh
. "$here/../vm/kernel-cache.sh"
frag=$here/uml.config
cache=${PSW_UML_CACHE:-/var/cache/panswitch/uml-6.1}
jobs=${PSW_UML_JOBS:-$(nproc)}
recipe=1

[ -e "$kc_tarball" ] || { echo "# no kernel source $kc_tarball (apt-get install linux-source-6.1)" >&2; exit 1; }
dir=$cache/$(kc_key "$recipe" "$frag")
done_already() { [ -s "$dir/release" ] && [ -x "$dir/build/linux" ]; }
if done_already; then
	echo "# UML kernel $(cat "$dir/release") cached in $dir" >&2
	echo "$dir"
	exit 0
fi

kc_lock "$cache"
# Another run may have built it while this one waited for the lock.
if done_already; then
	echo "$dir"
	exit 0
fi
src=$(kc_unpack "$cache")
start=$(date +%s)
rm -rf "$dir"
mkdir -p "$dir/build"
log=$dir/build.log
echo "# building the UML kernel in $dir (log: $log)" >&2
{
	make -C "$src" O="$dir/build" ARCH=um defconfig
	"$src/scripts/kconfig/merge_config.sh" -m -O "$dir/build" "$dir/build/.config" "$frag"
	make -C "$src" O="$dir/build" ARCH=um olddefconfig
} >"$log" 2>&1 || { tail -20 "$log" | sed 's/^/# /' >&2; exit 1; }
kc_verify "$dir/build/.config" "$frag" || exit 1

if ! make -C "$src" O="$dir/build" ARCH=um -j"$jobs" linux modules >>"$log" 2>&1 ||
   ! make -C "$src" O="$dir/build" ARCH=um INSTALL_MOD_PATH="$dir/mods" \
	INSTALL_MOD_STRIP=1 modules_install >>"$log" 2>&1; then
	grep -E 'error|Error' "$log" | head -20 | sed 's/^/# /' >&2
	tail -10 "$log" | sed 's/^/# /' >&2
	exit 1
fi
make -s -C "$src" O="$dir/build" ARCH=um kernelrelease >"$dir/release.tmp"
echo "$(($(date +%s) - start))" >"$dir/build-seconds"
mv "$dir/release.tmp" "$dir/release"
echo "# UML kernel $(cat "$dir/release") built in $(cat "$dir/build-seconds") s" >&2
kc_prune "$cache" "$dir" "$src"
echo "$dir"
