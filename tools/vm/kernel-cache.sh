# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Kernels built from Debian's linux-source-6.1 and cached outside the
# repository (sourced by build-debug-kernel.sh and
# tools/bench/build-uml-kernel.sh). A cache directory CACHE holds
#   src-VERSION/   the unpacked source (builds are out of tree, O=)
#   KEY/build/     the O= build directory
#   KEY/mods/      modules_install tree (mods/lib/modules/RELEASE)
#   KEY/release    the kernel release string; present only once complete
#   KEY/build-seconds  how long the build took
#   .lock          flock while unpacking or building
# KEY hashes the config fragments, the source package version and a
# recipe number (bump it when a builder's steps change), so a change to
# any of them builds a new kernel; an unchanged one is reused without
# running make.

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
# if needed (under the lock).
kc_unpack() {
	local src=$1/src-$kc_srcver

	if [ ! -e "$src/.unpacked" ]; then
		echo "# unpacking $kc_tarball into $src" >&2
		rm -rf "$src"
		mkdir -p "$src"
		tar -xf "$kc_tarball" -C "$src" --strip-components=1 || return 1
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
