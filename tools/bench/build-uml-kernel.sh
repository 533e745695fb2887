#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build (or reuse) the User-Mode Linux kernel of `make bench ENGINE=uml`:
# Debian's linux-source-6.1 with `make ARCH=um defconfig` +
# tools/bench/uml.config (the bench's contenders and generator, frame
# pointers for the profiles). Cached outside the source tree and the
# repository in $PSW_UML_CACHE (default /var/cache/panswitch/uml-6.1)/KEY/
# as tools/testvm/kernel-cache.sh lays it out: build/linux is the kernel
# (an ordinary host executable), build/ the tree M= module builds use.
# KEY hashes the fragment, the patches, the source package version and
# $recipe (bump it when the build steps below change).
#
# tools/bench/uml-patches/*.patch are applied to the source first
# (kc_patches): 0001 lets the kernel start processes on hosts whose
# XSAVE area outgrows 6.1's fixed FP buffer (AMX); see the patch.
#
# PSW_UML_SRC=6.12 (a developer's option; default 6.1) builds Debian's
# linux-source-6.12 instead (`apt-get install linux-source-6.12`; not
# among install-deps.sh's packages), e.g. for pktgen's `flag !SHARED`
# (BENCH_GENS=...,netif_unshared): the same uml.config, the patches of
# tools/bench/uml-patches-6.12/ (0001: the same XSAVE fix, ported; 6.12
# needs it too) and its own cache, /var/cache/panswitch/uml-6.12. The
# 6.1 kernel's key and cache are the same as without the option.
#
# Prints, on success, the cache directory as the last line of stdout.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=../testvm/kernel-cache.sh
. "$here/../testvm/kernel-cache.sh"
frag=$here/uml.config
src=${PSW_UML_SRC:-6.1}
jobs=${PSW_UML_JOBS:-$(nproc)}
recipe=1

case $src in
6.1) patchdir=$here/uml-patches ;;
6.12)
	patchdir=$here/uml-patches-6.12
	# kernel-cache.sh names 6.1's source: this one's instead.
	kc_tarball=/usr/src/linux-source-6.12.tar.xz
	kc_srcver=$(dpkg-query -W -f='${Version}' linux-source-6.12 2>/dev/null ||
		stat -c %Y "$kc_tarball" 2>/dev/null || true) ;;
*) echo "# PSW_UML_SRC must be 6.1 or 6.12, not '$src'" >&2; exit 2 ;;
esac
cache=${PSW_UML_CACHE:-/var/cache/panswitch/uml-$src}

[ -e "$kc_tarball" ] || { echo "# no kernel source $kc_tarball (apt-get install linux-source-$src)" >&2; exit 1; }
patches=("$patchdir"/*.patch)
kc_patches=${patches[*]}
dir=$cache/$(kc_key "$recipe" "$frag" "${patches[@]}")
if kc_cached "$dir" linux; then
	echo "# UML kernel $(cat "$dir/release") cached in $dir" >&2
	echo "$dir"
	exit 0
fi
kc_config=defconfig kc_targets="linux modules" kc_make=ARCH=um kc_jobs=$jobs \
	kc_build "$cache" "$dir" linux "UML kernel" "$frag" || exit 1
echo "$dir"
