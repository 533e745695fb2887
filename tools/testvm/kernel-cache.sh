# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Kernels built from Debian's linux-source-6.1 and cached outside the
# repository (sourced by build-debug-kernel.sh and
# tools/bench/build-uml-kernel.sh). A cache directory CACHE holds
#   src-VERSION/   the unpacked source (builds are out of tree, O=);
#                  src-VERSION-PHASH/ when patches are applied (kc_patches)
#   KEY/build/     the O= build directory
#   KEY/mods/      modules_install tree (mods/lib/modules/RELEASE)
#   KEY/release    the kernel release string; present only once complete
#   KEY/build-seconds  how long the build took
#   .lock          flock while unpacking or building
# KEY hashes the config fragments, the source package version and a
# recipe number (bump it when a builder's steps change), so a change to
# any of them builds a new kernel; an unchanged one is reused without
# running make.

# What kc_build runs (set them for the call): the configuration targets,
# the build targets, extra make arguments, parallel jobs.
kc_config=${kc_config:-defconfig}
kc_targets=${kc_targets:-}
kc_make=${kc_make:-}
kc_jobs=${kc_jobs:-}
# Patches (-p1) applied to the source once, after unpacking it: a
# patched source lives in its own src-VERSION-PHASH directory (PHASH
# hashes the patches). The caller passes them to kc_key too, so that a
# changed patch builds a new kernel.
kc_patches=${kc_patches:-}

# The source tarball (kc_tarball) and its version (kc_srcver).
kc_tarball=${PSW_DEBUG_SRC:-/usr/src/linux-source-6.1.tar.xz}
kc_srcver=$(dpkg-query -W -f='${Version}' linux-source-6.1 2>/dev/null ||
	stat -c %Y "$kc_tarball" 2>/dev/null)

# kc_key RECIPE FRAG...: print the cache key.
kc_key() {
	local recipe=$1

	shift
	{ cat "$@"; echo "$kc_srcver $recipe"; } | sha256sum | cut -c1-16
}

# kc_lock CACHE: create CACHE and hold its lock (fd 9) until the caller exits.
kc_lock() {
	mkdir -p "$1"
	exec 9>"$1/.lock"
	flock 9
}

# kc_unpack CACHE: print the unpacked source directory, unpacking it first
# if needed (under the lock), with $kc_patches applied.
kc_unpack() {
	local src=$1/src-$kc_srcver p

	# shellcheck disable=SC2086 # kc_patches: a list of files
	[ -n "$kc_patches" ] && src=$src-$(cat $kc_patches | sha256sum | cut -c1-8)
	if [ ! -e "$src/.unpacked" ]; then
		echo "# unpacking $kc_tarball into $src" >&2
		rm -rf "$src"
		mkdir -p "$src"
		tar -xf "$kc_tarball" -C "$src" --strip-components=1 || return 1
		for p in $kc_patches; do
			echo "# applying $(basename "$p")" >&2
			patch -p1 -s -N --no-backup-if-mismatch -d "$src" <"$p" || return 1
		done
		touch "$src/.unpacked"
	fi
	echo "$src"
}

# kc_verify CONFIG FRAG...: every option of the fragments survived
# olddefconfig in CONFIG (a module a fragment asks for may have become
# built in: =y is enough). Prints each one that did not.
kc_verify() {
	local config=$1 line want opt got bad=0

	shift
	while IFS= read -r line; do
		case $line in
		CONFIG_*=*) want=$line opt=${line%%=*} ;;
		"# CONFIG_"*" is not set") opt=${line#\# } opt=${opt%% *} want="# $opt is not set" ;;
		*) continue ;;
		esac
		got=$(grep -E "^($opt=|# $opt is not set)" "$config" || true)
		[ "$want" = "$got" ] && continue
		[[ $want == "# "* ]] && [ -z "$got" ] && continue
		[ "$want" = "$opt=m" ] && [ "$got" = "$opt=y" ] && continue
		echo "# config fragments: wanted '$want', got '${got:-nothing}'" >&2
		bad=1
	done < <(cat "$@")
	return "$bad"
}

# kc_prune CACHE DIR SRC: remove every older build of CACHE but DIR (and
# the sources SRC).
kc_prune() {
	local old

	for old in "$1"/*/; do
		old=${old%/}
		[ "$old" = "$2" ] || [ "$old" = "$3" ] || rm -rf "$old"
	done
}

# kc_cached DIR IMAGE: DIR holds a complete build whose kernel is build/IMAGE.
kc_cached() {
	[ -s "$1/release" ] && [ -e "$1/build/$2" ]
}

# kc_build CACHE DIR IMAGE WHAT FRAG...: build the kernel WHAT ("debug
# kernel"), build/IMAGE, in DIR of CACHE, unless another run built it
# while this one waited for CACHE's lock: from the unpacked source, configured
# with `make $kc_config` (e.g. defconfig) and the fragments merged on top,
# checked by kc_verify; then `make $kc_targets` and modules_install.
# kc_make: extra make arguments (ARCH=um). Older builds are pruned.
# Progress on stderr; the log is DIR/build.log.
kc_build() {
	local cache=$1 dir=$2 image=$3 what=$4 src log start
	shift 4

	kc_lock "$cache"
	kc_cached "$dir" "$image" && return 0
	src=$(kc_unpack "$cache") || return 1
	start=$(date +%s)
	rm -rf "$dir"
	mkdir -p "$dir/build"
	log=$dir/build.log
	echo "# building the $what in $dir (log: $log)" >&2
	# shellcheck disable=SC2086 # kc_config, kc_make, kc_targets: word lists
	{
		make -C "$src" O="$dir/build" $kc_make $kc_config &&
		"$src/scripts/kconfig/merge_config.sh" -m -O "$dir/build" "$dir/build/.config" "$@" &&
		make -C "$src" O="$dir/build" $kc_make olddefconfig
	} >"$log" 2>&1 || { tail -20 "$log" | sed 's/^/# /' >&2; return 1; }
	kc_verify "$dir/build/.config" "$@" || return 1
	# shellcheck disable=SC2086
	if ! make -C "$src" O="$dir/build" $kc_make -j"${kc_jobs:-$(nproc)}" $kc_targets >>"$log" 2>&1 ||
	   ! make -C "$src" O="$dir/build" $kc_make INSTALL_MOD_PATH="$dir/mods" \
		INSTALL_MOD_STRIP=1 modules_install >>"$log" 2>&1; then
		grep -E 'error|Error' "$log" | head -20 | sed 's/^/# /' >&2
		tail -10 "$log" | sed 's/^/# /' >&2
		return 1
	fi
	# shellcheck disable=SC2086
	make -s -C "$src" O="$dir/build" $kc_make kernelrelease >"$dir/release.tmp" || return 1
	echo "$(($(date +%s) - start))" >"$dir/build-seconds"
	mv "$dir/release.tmp" "$dir/release"
	echo "# $what $(cat "$dir/release") built in $(cat "$dir/build-seconds") s" >&2
	kc_prune "$cache" "$dir" "$src"
}
