#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# libpanswitch as another program sees it: install it (make install-lib)
#   - into a temporary DESTDIR with PREFIX=/usr: the files a package
#     holds, panswitch.pc naming /usr;
#   - with PREFIX in a temporary directory, then through pkg-config only:
#   - its version is the header's;
#   - a program links the shared library (soname libpanswitch.so.MAJOR,
#     symbol version PSWC_1) and runs: pswc_version();
#   - the same program links the static library (--static) and runs;
#   - the shared library exports exactly the functions libpanswitch.h
#     declares, each under a PSWC_ version node, nothing else.
#
# usage: test-pc.sh (run from tools/, as make -C tools test does)
set -u

here=$(cd "$(dirname "$0")" && pwd)
tools=$(cd "$here/.." && pwd)
CC=${CC:-cc}
PKG_CONFIG=${PKG_CONFIG:-pkg-config}
pass=0 fail=0

ok() { pass=$((pass + 1)); echo "ok $((pass + fail)) $*"; }
notok() { fail=$((fail + 1)); echo "not ok $((pass + fail)) $*"; }
check() {	# NAME COMMAND...
	local name=$1
	shift
	if "$@" >"$tmp/out" 2>&1; then
		ok "$name"
	else
		notok "$name"
		sed 's/^/# /' "$tmp/out" | head -20
	fi
}

tmp=$(mktemp -d "${TMPDIR:-/tmp}/psw-test-pc.XXXXXX")
trap 'rm -rf "$tmp"' EXIT
hdr_version=$(sed -n 's/^#define PSWC_VERSION[[:space:]]*"\(.*\)"$/\1/p' \
	"$tools/../netlink/libpanswitch.h")
major=${hdr_version%%.*}

pkg=$tmp/pkg
check "make install-lib DESTDIR=... PREFIX=/usr" \
	make -s -C "$tools" install-lib DESTDIR="$pkg" PREFIX=/usr
check "DESTDIR: libpanswitch.so.$hdr_version, .so.$major, .so, .a, the headers, the .pc" \
	test -f "$pkg/usr/lib/libpanswitch.so.$hdr_version" \
	-a -L "$pkg/usr/lib/libpanswitch.so.$major" \
	-a -L "$pkg/usr/lib/libpanswitch.so" \
	-a -f "$pkg/usr/lib/libpanswitch.a" \
	-a -f "$pkg/usr/include/panswitch/libpanswitch.h" \
	-a -f "$pkg/usr/include/panswitch/linux/panswitch.h" \
	-a -f "$pkg/usr/lib/pkgconfig/panswitch.pc"
check "DESTDIR: panswitch.pc names /usr, not the DESTDIR" \
	bash -c "grep -qx 'prefix=/usr' '$pkg/usr/lib/pkgconfig/panswitch.pc' &&
		 ! grep -q '$pkg' '$pkg/usr/lib/pkgconfig/panswitch.pc'"

dest=$tmp/prefix
check "make install-lib PREFIX=$dest" \
	make -s -C "$tools" install-lib PREFIX="$dest"
export PKG_CONFIG_PATH=$dest/lib/pkgconfig
check "pkg-config --modversion panswitch is the header's ($hdr_version)" \
	test "$($PKG_CONFIG --modversion panswitch)" = "$hdr_version"
so=$dest/lib/libpanswitch.so.$hdr_version
check "soname libpanswitch.so.$major" \
	bash -c "readelf -d '$so' | grep -q 'SONAME.*\[libpanswitch\.so\.$major\]'"

# shellcheck disable=SC2046 # word splitting of pkg-config's flags
check "a program links the shared library via pkg-config --cflags --libs" \
	"$CC" -Wall -Wextra -Werror -o "$tmp/hello" "$here/pc-hello.c" \
	$($PKG_CONFIG --cflags --libs panswitch)
check "it needs libpanswitch.so.$major" \
	bash -c "readelf -d '$tmp/hello' | grep -q 'NEEDED.*\[libpanswitch\.so\.$major\]'"
check "it binds pswc_version@PSWC_1" \
	bash -c "objdump -T '$tmp/hello' | grep -Eq '[(]?PSWC_1[)]? +pswc_version$'"
check "it runs and prints pswc_version() = $hdr_version" \
	bash -c "test \"\$(LD_LIBRARY_PATH='$dest/lib' '$tmp/hello')\" = '$hdr_version'"

# shellcheck disable=SC2046
check "a program links the static library via pkg-config --static" \
	"$CC" -Wall -Wextra -Werror -static -o "$tmp/hello-static" \
	"$here/pc-hello.c" $($PKG_CONFIG --static --cflags --libs panswitch)
check "it runs without the shared library: pswc_version() = $hdr_version" \
	bash -c "! readelf -d '$tmp/hello-static' | grep -q NEEDED &&
		 test \"\$('$tmp/hello-static')\" = '$hdr_version'"

# The exported symbols against the header's declarations (comments gone)
"$CC" -E -P -I"$dest/include/panswitch" \
	"$dest/include/panswitch/libpanswitch.h" |
	grep -o '\bpswc_[a-z0-9_]*(' | tr -d '(' | sort -u >"$tmp/declared"
nm -D --defined-only "$so" | awk '$3 !~ /^PSWC_/ { print $3 }' |
	sed 's/@.*//' | sort -u >"$tmp/exported"
check "the shared library exports exactly the $(wc -l <"$tmp/declared") functions the header declares" \
	diff -u "$tmp/declared" "$tmp/exported"
check "every export is versioned PSWC_*" \
	bash -c "! objdump -T '$so' | awk '\$4 ~ /^\\.text/ && \$6 !~ /^PSWC_/' | grep ."

echo "# test-pc: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
