#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Tests of install-deps.sh on a simulated machine, so that CI (where
# everything is installed) still sees a broken install path. Each case
# builds a fake machine in a temporary directory: a PATH holding only
# shims (dpkg-query and apt-get/apt-cache that read and write a list of
# installed packages, a qemu-system-x86_64 of a chosen version, one no-op
# command per tool the harness needs) plus the few real tools the script
# itself uses; a /boot, /lib/modules, /etc/apt and /usr/src of its own
# (install-deps.sh's PSW_DEPS_* variables). The fake apt-get "installs" a
# package by adding it to the list and creating its commands and files.
#
# usage: test-install-deps.sh [INSTALL_DEPS]   (default: ./install-deps.sh)
# Prints TAP; exit status 1 if a case failed.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
script=$(readlink -f "${1:-$here/install-deps.sh}")
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

n=0 failed=0
ok() { n=$((n + 1)); echo "ok $n - $*"; }
notok() {
	n=$((n + 1)) failed=$((failed + 1))
	echo "not ok $n - $*"
}

# Every package install-deps.sh installs from bookworm, with the commands
# and pkg-config modules that installing it creates on the fake machine:
# the script's own list (--list), read on an empty fake machine.
pkgs=()
declare -A pkg_cmds=() pkg_pcs=()
K61=6.1.0-57-cloud-amd64
K612=6.12.118+deb12-cloud-amd64

# machine DIR: an empty fake machine in DIR (nothing installed, no QEMU,
# no kernels, a deb822 Debian source).
machine() {
	local m=$1 t

	rm -rf "$m"
	mkdir -p "$m"/{bin,boot,modules,src,apt/sources.list.d}
	: >"$m/installed"
	: >"$m/apt.log"
	printf 'Types: deb\nURIs: http://mirror.invalid/debian\nSuites: bookworm bookworm-updates\nComponents: main\n\nTypes: deb\nURIs: http://mirror.invalid/debian-security\nSuites: bookworm-security\nComponents: main\n' \
		>"$m/apt/sources.list.d/debian.sources"
	# Real tools the script itself runs.
	for t in bash awk sed grep sort tail head cat mktemp rm mv readlink ls wc; do
		ln -s "$(command -v "$t")" "$m/bin/$t"
	done
	# id: always root on the fake machine.
	printf '#!/bin/bash\necho 0\n' >"$m/bin/id"
	cat >"$m/bin/dpkg-query" <<EOF
#!/bin/bash
# dpkg-query -W -f=FMT PKG: installed if listed in $m/installed
p=\${!#}
grep -qx "\$p" "$m/installed" || exit 1
echo "install ok installed"
EOF
	cat >"$m/bin/apt-cache" <<EOF
#!/bin/bash
echo "apt-cache \$*" >>"$m/apt.log"
case "\$*" in
*6\\\\.12*) echo "linux-image-$K612 - Linux 6.12 for x86-64 cloud"
	    echo "linux-image-$K612-unsigned - Linux 6.12 (unsigned)" ;;
*6\\\\.1\\\\.*) echo "linux-image-$K61 - Linux 6.1 for x86-64 cloud" ;;
esac
EOF
	cat >"$m/bin/apt-get" <<EOF
#!/bin/bash
# Logs its arguments; "installs" what it is asked to unless
# $m/apt-fails exists (then fails) or $m/apt-noop exists (does nothing).
echo "apt-get \$*" >>"$m/apt.log"
[ -e "$m/apt-fails" ] && { echo "E: Unable to locate package" >&2; exit 100; }
[ -e "$m/apt-noop" ] && exit 0
[ "\$1" = install ] || exit 0
shift
bp=0
for a in "\$@"; do
	case \$a in
	bookworm-backports) bp=1 ;;
	-*|bookworm) ;;
	*) PATH=/usr/sbin:/usr/bin:/sbin:/bin "$m/bin/fake-install" "\$a" "\$bp" ;;
	esac
done
EOF
	cat >"$m/bin/fake-install" <<EOF
#!/bin/bash
# fake-install PKG FROM_BACKPORTS: what installing PKG leaves behind.
m=$m p=\$1
echo "\$p" >>"\$m/installed"
cmd() { [ -e "\$m/bin/\$1" ] && return; printf '#!/bin/bash\nexit 0\n' >"\$m/bin/\$1"; chmod +x "\$m/bin/\$1"; }
case \$p in
qemu-system-x86)
	v=7.2.15; [ "\$2" = 1 ] && v=8.2.2
	rm -f "\$m/bin/qemu-system-x86_64"
	printf '#!/bin/bash\necho "QEMU emulator version %s (Debian)"\n' "\$v" >"\$m/bin/qemu-system-x86_64"
	chmod +x "\$m/bin/qemu-system-x86_64" ;;
linux-image-cloud-amd64) : >"\$m/boot/vmlinuz-$K61" ;;
linux-headers-cloud-amd64) mkdir -p "\$m/modules/$K61/build" ;;
linux-image-6.*) : >"\$m/boot/vmlinuz-\${p#linux-image-}" ;;
linux-headers-6.*) mkdir -p "\$m/modules/\${p#linux-headers-}/build" ;;
linux-source-6.1) : >"\$m/src/linux-source-6.1.tar.xz" ;;
esac
EOF
	cat >"$m/bin/pkg-config-real" <<EOF
#!/bin/bash
# pkg-config --exists MODULE...
shift
for mod in "\$@"; do [ -e "$m/pc/\$mod" ] || exit 1; done
EOF
	mkdir -p "$m/pc"
	chmod +x "$m"/bin/id "$m"/bin/dpkg-query "$m"/bin/apt-* "$m"/bin/fake-install \
		"$m"/bin/pkg-config-real
	# Every package's commands, created on install; bash is always there.
	{ declare -p pkg_cmds; declare -p pkg_pcs; } | sed 's/^declare -A/declare -gA/' >"$m/pkg_cmds"
	cat >>"$m/bin/fake-install" <<EOF
. "\$m/pkg_cmds"
for c in \${pkg_cmds[\$p]:-}; do cmd "\$c"; done
for c in \${pkg_pcs[\$p]:-}; do : >"\$m/pc/\$c"; done
[ "\$p" = pkg-config ] && { rm -f "\$m/bin/pkg-config"; cp "\$m/bin/pkg-config-real" "\$m/bin/pkg-config"; }
exit 0
EOF
}

# complete DIR: the fake machine with everything installed.
complete() {
	local m=$1 p

	for p in "${pkgs[@]}"; do
		"$m/bin/fake-install" "$p" 0
	done
	"$m/bin/fake-install" qemu-system-x86 1
	"$m/bin/fake-install" "linux-image-$K612" 1
	"$m/bin/fake-install" "linux-headers-$K612" 1
	printf 'Types: deb\nSuites: bookworm-backports\n' \
		>"$m/apt/sources.list.d/panswitch-backports.sources"
	: >"$m/apt.log"
}

# run DIR ARGS...: run the script on the fake machine; output in DIR/out,
# status in $rc.
run() {
	local m=$1

	shift
	PATH=$m/bin PSW_DEPS_BOOT=$m/boot PSW_DEPS_MODULES=$m/modules \
		PSW_DEPS_APT=$m/apt PSW_DEPS_SRC=$m/src TMPDIR=$m \
		"$m/bin/bash" "$script" "$@" >"$m/out" 2>&1 </dev/null
	rc=$?
}

# expect DESC COND...: a case passes when every [ ... ]-style condition
# given as a string holds; prints the script's output when one does not.
expect() {
	local desc=$1 cond

	shift
	for cond in "$@"; do
		if ! eval "$cond"; then
			notok "$desc"
			echo "#   failed: $cond (exit status $rc)"
			sed 's/^/#   | /' "$m/out"
			return
		fi
	done
	ok "$desc"
}

plan_lines() { grep -c '^install-deps: would ' "$m/out"; }
said() { grep -qF -- "$1" "$m/out"; }
no_apt() { ! grep -q '^apt-get' "$m/apt.log"; }
untouched() { [ "$(ls "$m/apt/sources.list.d")" = debian.sources ]; }

echo "TAP version 13"

m=$tmp/m
machine "$m"
run "$m" --list
while read -r p cmds pcs; do
	pkgs+=("$p")
	[ "$cmds" = - ] || pkg_cmds[$p]=${cmds//,/ }
	[ "$pcs" = - ] || pkg_pcs[$p]=${pcs//,/ }
done < <([ "$rc" = 0 ] && grep -E '^[a-z0-9][a-z0-9.+-]* [^ ]+ [^ ]+$' "$m/out")
expect "--list names the packages, with their commands and pkg-config modules" \
	'[ $rc = 0 ]' '[ ${#pkgs[@]} -ge 20 ]' '[ ${#pkg_cmds[@]} -ge 10 ]' \
	'[ ${#pkg_pcs[@]} -ge 2 ]' no_apt
[ ${#pkgs[@]} -gt 0 ] || { echo "1..$n"; echo "# 0 passed, 1 failed"; exit 1; }

machine "$m"
complete "$m"
run "$m" --dry-run
expect "everything installed: --dry-run says nothing to do" \
	'[ $rc = 0 ]' 'said "install-deps: nothing to do"' no_apt
run "$m"
expect "everything installed: a real run exits 0 without calling apt-get" \
	'[ $rc = 0 ]' '[ ! -s "$m/out" ]' no_apt

machine "$m"
run "$m" --dry-run
expect "fresh machine: --dry-run plans every package, the backports source, QEMU 8 and the 6.12 kernel, and changes nothing" \
	'[ $rc = 0 ]' "[ \"\$(plan_lines)\" = $((${#pkgs[@]} + 3)) ]" \
	'said "would add the bookworm-backports source $m/apt/sources.list.d/panswitch-backports.sources"' \
	'said "would install qemu-system-x86 from bookworm-backports: QEMU 8 or newer is needed, none found"' \
	'said "would install the 6.12 cloud kernel"' no_apt untouched
run "$m"
expect "fresh machine: a real run adds the backports source, installs everything and verifies it" \
	'[ $rc = 0 ]' 'said "install-deps: done: kernels $K61 and $K612, QEMU 8"' \
	'grep -q "^Suites: bookworm-backports$" "$m/apt/sources.list.d/panswitch-backports.sources"' \
	'! grep -q "bookworm-updates" "$m/apt/sources.list.d/panswitch-backports.sources"' \
	'grep -q "^URIs: http://mirror.invalid/debian$" "$m/apt/sources.list.d/panswitch-backports.sources"' \
	'grep -q "^apt-get update" "$m/apt.log"' \
	'grep -q "^apt-get install .*-t bookworm-backports qemu-system-x86" "$m/apt.log"' \
	'grep -q "^apt-get install .*-t bookworm-backports linux-image-$K612 linux-headers-$K612" "$m/apt.log"'
run "$m"
expect "fresh machine, second run: nothing left to do" '[ $rc = 0 ]' '[ ! -s "$m/out" ]'

for p in "${pkgs[@]}"; do
	machine "$m"
	complete "$m"
	grep -vx "$p" "$m/installed" >"$m/i" && mv "$m/i" "$m/installed"
	run "$m" --dry-run
	expect "$p missing: --dry-run plans exactly it" \
		'[ $rc = 0 ]' '[ "$(plan_lines)" = 1 ]' \
		'said "install-deps: would install $p: "' no_apt
done

for c in "${!pkg_cmds[@]}"; do
	for c in ${pkg_cmds[$c]}; do
		# (QEMU is planned by its version: the QEMU cases below)
		[ "$c" != qemu-system-x86_64 ] || continue
		machine "$m"
		complete "$m"
		rm -f "$m/bin/$c"
		run "$m"
		expect "command $c gone, its package still listed: a run stops naming it" \
			'[ $rc = 1 ]' 'said "still missing after the install: command $c (package "' \
			'[ "$(wc -l <"$m/out")" = 1 ]'
	done
done

machine "$m"
complete "$m"
rm -f "$m/bin/qemu-system-x86_64"
printf '#!/bin/bash\necho "QEMU emulator version 7.2.15 (Debian 1:7.2+dfsg-7+deb12u16)"\n' >"$m/bin/qemu-system-x86_64"
chmod +x "$m/bin/qemu-system-x86_64"
run "$m" --dry-run
expect "QEMU 7.2: --dry-run plans QEMU from bookworm-backports" \
	'[ $rc = 0 ]' '[ "$(plan_lines)" = 1 ]' \
	'said "would install qemu-system-x86 from bookworm-backports: QEMU 8 or newer is needed, found 7"'
run "$m"
expect "QEMU 7.2: a real run installs it from bookworm-backports" \
	'[ $rc = 0 ]' 'grep -q "^apt-get install .*-t bookworm-backports qemu-system-x86" "$m/apt.log"'

machine "$m"
complete "$m"
rm -rf "$m/modules/$K612"
run "$m" --dry-run
expect "6.12 kernel without headers: --dry-run plans the 6.12 kernel" \
	'[ $rc = 0 ]' '[ "$(plan_lines)" = 1 ]' 'said "would install the 6.12 cloud kernel"'

machine "$m"
complete "$m"
rm -f "$m/boot/vmlinuz-$K61"
run "$m" --dry-run
expect "6.1 kernel gone while its meta package is installed: --dry-run plans it by name" \
	'[ $rc = 0 ]' '[ "$(plan_lines)" = 1 ]' 'said "would install the 6.1 cloud kernel"'
run "$m"
expect "6.1 kernel gone: a real run installs it by name from bookworm" \
	'[ $rc = 0 ]' 'grep -q "^apt-get install .*-t bookworm linux-image-$K61 linux-headers-$K61" "$m/apt.log"'

machine "$m"
complete "$m"
rm -f "$m/apt/sources.list.d/"*
echo "deb http://mirror.invalid/debian bookworm main" >"$m/apt/sources.list"
run "$m"
expect "one-line sources.list: the backports entry is derived from it" \
	'[ $rc = 0 ]' \
	'[ "$(cat "$m/apt/sources.list.d/panswitch-backports.list")" = "deb http://mirror.invalid/debian bookworm-backports main" ]'

machine "$m"
rm -f "$m/apt/sources.list.d/"*
run "$m" --dry-run
expect "no Debian source at all: one clear line, exit 1" \
	'[ $rc = 1 ]' 'said "no Debian source to derive bookworm-backports from"' \
	'[ "$(wc -l <"$m/out")" = 1 ]' no_apt

machine "$m"
touch "$m/apt-fails"
run "$m"
expect "apt-get fails: the step is named, exit 1" \
	'[ $rc = 1 ]' 'said "install-deps: apt-get update failed (apt-get update -qq; full log in "'

machine "$m"
touch "$m/apt-noop"
run "$m"
expect "apt-get installs nothing: the run stops naming what is still missing" \
	'[ $rc = 1 ]' 'said "install-deps: still missing after the install: "'

machine "$m"
run "$m" --bogus
expect "unknown option: usage, exit 2" '[ $rc = 2 ]' 'said "usage: "'

echo "1..$n"
echo "# $((n - failed)) passed, $failed failed"
[ "$failed" = 0 ]
