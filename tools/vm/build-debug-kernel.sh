#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (or reuse) the debug kernel of `make check-debug`: Debian's
# linux-source-6.1 with x86_64 defconfig + kvm_guest.config +
# tools/vm/debug.config (KASAN, lockdep, PROVE_RCU, kmemleak, DEBUG_LIST,
# the net modules the lanes use) + selftests/config (what every selftest
# declares it needs, so the two cannot drift). The build lives outside
# the source tree and the repository, in
#   $PSW_DEBUG_CACHE (default /var/cache/panswitch/debug-6.1)/KEY/
#     build/   the O= build directory (bzImage, modules, M= builds)
#     mods/    modules_install tree (mods/lib/modules/RELEASE)
#     release  the kernel release string; present only once complete
# KEY hashes both fragments, the source package version and $recipe
# (bump it when the build steps below change), so a change to any of them
# builds a new kernel; an unchanged one is reused without running make.
#
# Prints, on success, the cache directory as the last line of stdout.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
frags=("$here/debug.config" "$here/../../selftests/config")
tarball=${PSW_DEBUG_SRC:-/usr/src/linux-source-6.1.tar.xz}
cache=${PSW_DEBUG_CACHE:-/var/cache/panswitch/debug-6.1}
jobs=${PSW_DEBUG_JOBS:-$(nproc)}
recipe=1

[ -e "$tarball" ] || { echo "# no kernel source $tarball (apt-get install linux-source-6.1)" >&2; exit 1; }
srcver=$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null || stat -c %Y "$tarball")
key=$( { cat "${frags[@]}"; echo "$srcver $recipe"; } | sha256sum | cut -c1-16)
dir=$cache/$key
if [ -s "$dir/release" ] && [ -e "$dir/build/arch/x86/boot/bzImage" ]; then
	echo "# debug kernel $(cat "$dir/release") cached in $dir" >&2
	echo "$dir"
	exit 0
fi

mkdir -p "$cache"
exec 9>"$cache/.lock"
flock 9
src=$cache/src-$srcver
if [ ! -e "$src/.unpacked" ]; then
	echo "# unpacking $tarball into $src" >&2
	rm -rf "$src"
	mkdir -p "$src"
	tar -xf "$tarball" -C "$src" --strip-components=1
	touch "$src/.unpacked"
fi

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

# Every option of the fragments must have survived olddefconfig (a
# module a fragment asks for may have become built in: =y is enough).
bad=0
while IFS= read -r line; do
	case $line in
	CONFIG_*=*) want=$line opt=${line%%=*} ;;
	"# CONFIG_"*" is not set") opt=${line#\# } opt=${opt%% *} want="# $opt is not set" ;;
	*) continue ;;
	esac
	got=$(grep -E "^($opt=|# $opt is not set)" "$dir/build/.config" || true)
	[ "$want" = "$got" ] && continue
	[[ $want == "# "* ]] && [ -z "$got" ] && continue
	[ "$want" = "$opt=m" ] && [ "$got" = "$opt=y" ] && continue
	echo "# config fragments: wanted '$want', got '${got:-nothing}'" >&2
	bad=1
done < <(cat "${frags[@]}")
[ "$bad" = 0 ] || exit 1

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
for old in "$cache"/*/; do
	old=${old%/}
	[ "$old" = "$dir" ] || [ "$old" = "$src" ] || rm -rf "$old"
done
echo "$dir"
