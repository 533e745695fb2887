#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install what building and testing panswitch needs on a Debian bookworm
# host (run as root). Idempotent: quick when everything is already there.
#
#   install-deps.sh            install what is missing, then verify
#   install-deps.sh --dry-run  print the plan (what is missing and why),
#                              change nothing
#   install-deps.sh --list     print the list of dependencies (package,
#                              commands, pkg-config modules), change nothing
#
# The bookworm-backports entry is derived from the machine's own Debian
# source file, so no mirror host name is written into the project.
#
# Every probe tolerates an absent command: this script runs first on a
# machine where nothing is installed. After installing it checks every
# command and file the harness uses and names the first one missing.
#
# For tools/testvm/test-install-deps.sh only: PSW_DEPS_BOOT (default /boot),
# PSW_DEPS_MODULES (/lib/modules), PSW_DEPS_APT (/etc/apt), PSW_DEPS_SRC
# (/usr/src) replace the places probed.
set -uo pipefail

dry=0
case ${1:-} in
--dry-run | -n) dry=1 ;;
--list) dry=list ;;
"") ;;
*)
	echo "usage: $0 [--dry-run | --list]" >&2
	exit 2
	;;
esac

boot=${PSW_DEPS_BOOT:-/boot}
moddir=${PSW_DEPS_MODULES:-/lib/modules}
aptdir=${PSW_DEPS_APT:-/etc/apt}
srcdir=${PSW_DEPS_SRC:-/usr/src}

say() { printf 'install-deps: %s\n' "$*"; }
die() {
	printf 'install-deps: %s\n' "$*" >&2
	exit 1
}

# What the harness needs from bookworm, one package a line: the commands
# it runs from it (on the host or copied into the test VM), its
# pkg-config modules ("-": none) and what needs it. The one list: the
# plan, the check after installing and --list come from it.
deps='
build-essential      gcc,make          -                  compiler and make (module, CLI, fuzzers)
bc                   -                 -                  kernel build scripts (debug kernel)
flex                 -                 -                  kernel build (debug kernel)
bison                -                 -                  kernel build (debug kernel)
libelf-dev           -                 -                  kernel build (debug kernel)
libssl-dev           -                 -                  kernel build (debug kernel)
pkg-config           pkg-config        -                  the tools find their libraries
qemu-system-x86      qemu-system-x86_64 -                 boots the test kernels
busybox-static       busybox           -                  the test VM'"'"'s userland
kmod                 kmod,depmod       -                  modprobe/depmod in the test VM
iproute2             ip,bridge,tc      -                  ip, bridge, tc in the test VM
iputils-ping         ping              -                  ping in the tests
libnl-3-dev          -                 libnl-3.0          the CLI'"'"'s netlink library
libnl-genl-3-dev     -                 libnl-genl-3.0     the CLI'"'"'s generic netlink library
libyaml-dev          -                 yaml-0.1           the controller'"'"'s topology file (YAML/JSON, with line numbers)
libcurl4-openssl-dev -                 libcurl            the controller'"'"'s and agent'"'"'s etcd client (its JSON gateway)
etcd-server          etcd              -                  the etcd back end'"'"'s selftest, benchmark and demo (a real etcd)
jq                   jq                -                  JSON checks in the tests
python3              python3           -                  bench report, netlink/gen.py and check-spec.py
python3-yaml         -                 -                  netlink/gen.py and check-spec.py read the spec (make -C tools test)
cpio                 cpio              -                  builds the initramfs
gzip                 gzip              -                  compresses the initramfs
xz-utils             xz                -                  unpacks kernel sources
tcpdump              tcpdump           -                  wire captures in the tests
util-linux           setpriv,flock,unshare,nsenter - setpriv, flock, unshare, nsenter in the tests
coreutils            timeout           -                  timeout in the tests
socat                socat             -                  TCP transfers in the tests
libvirt-clients      virt-xml-validate -                  the libvirt hook'"'"'s sample domain XMLs against libvirt'"'"'s schema
iptables             xtables-nft-multi -                  INPUT rules in the tests (xtables-nft-multi)
openvswitch-switch   ovs-dpctl         -                  ovs-dpctl, the bench'"'"'s OVS contender
python3-matplotlib   -                 -                  the bench'"'"'s charts in Documentation/bench/
linux-perf           perf              -                  make bench-profile samples the UML kernel with perf
linux-image-cloud-amd64   -            -                  the 6.1 test kernel
linux-headers-cloud-amd64 -            -                  builds the module for the 6.1 kernel
linux-source-6.1     -                 -                  checkpatch.pl, the debug kernel and the UML bench kernel
debhelper            dh                -                  make deb: the Debian packages (debhelper, compat 13)
dh-dkms              dh_dkms           -                  make deb: panswitch-dkms'"'"'s maintainer scripts (dh_dkms)
lintian              lintian           -                  make deb: checks the packages it built
debootstrap          debootstrap       -                  make deb-check and make fresh-check: a fresh bookworm root
'
pkgs=()
declare -A why=() cmd_pkg=() pc_pkg=()
while read -r p cmds pcs reason; do
	[ -n "$p" ] || continue
	pkgs+=("$p")
	why[$p]=$reason
	[ "$cmds" = - ] || for c in ${cmds//,/ }; do cmd_pkg[$c]=$p; done
	[ "$pcs" = - ] || for c in ${pcs//,/ }; do pc_pkg[$c]=$p; done
done <<<"$deps"
if [ "$dry" = list ]; then
	awk 'NF { print $1, $2, $3 }' <<<"$deps"
	exit 0
fi

installed() {
	dpkg-query -W -f='${Status}' "$1" 2>/dev/null | grep -q 'ok installed'
}

# qemu_major: QEMU's major version, 0 when QEMU is absent or unreadable.
qemu_major() {
	local v

	command -v qemu-system-x86_64 >/dev/null 2>&1 || { echo 0; return; }
	v=$(qemu-system-x86_64 --version 2>/dev/null |
		sed -n '1s/^QEMU emulator version \([0-9]\+\)\..*/\1/p')
	echo "${v:-0}"
}

# kernel SERIES: the newest cloud kernel release of SERIES (6.1, 6.12)
# with its image in $boot and its headers in $moddir, or nothing.
kernel() {
	local f rel best=''

	for f in "$boot"/vmlinuz-"$1".*-cloud-amd64; do
		[ -e "$f" ] || continue
		rel=${f##*/vmlinuz-}
		[ -d "$moddir/$rel/build" ] && best=$rel
	done
	echo "$best"
}

# The backports source: $bp_src (deb822) or $bp_list (one-line format).
bp_src=$aptdir/sources.list.d/panswitch-backports.sources
bp_list=$aptdir/sources.list.d/panswitch-backports.list

# backports_source: print the backports entry derived from the machine's
# Debian source, with the name of the file it belongs in on line 1.
backports_source() {
	local src=$aptdir/sources.list.d/debian.sources line

	if [ -e "$src" ]; then
		echo "$bp_src"
		# First stanza only (the main archive), Suites set to backports.
		awk 'BEGIN{RS=""; ORS="\n\n"} NR==1' "$src" |
			sed -e 's/^Suites:.*/Suites: bookworm-backports/'
		return 0
	fi
	line=$(grep -shE '^deb .* bookworm( |$)' "$aptdir/sources.list" | head -1)
	[ -n "$line" ] || return 1
	echo "$bp_list"
	echo "${line/ bookworm / bookworm-backports }"
}

# The plan: steps, each "what: why".
plan=()
missing=()
for p in "${pkgs[@]}"; do
	installed "$p" || missing+=("$p")
done
for p in "${missing[@]}"; do
	plan+=("install $p: ${why[$p]}")
done
need_bp_source=0
if [ ! -e "$bp_src" ] && [ ! -e "$bp_list" ]; then
	need_bp_source=1
	if bp=$(backports_source); then
		plan+=("add the bookworm-backports source ${bp%%$'\n'*}: QEMU 8 and the 6.12 kernel come from it")
	else
		die "no Debian source to derive bookworm-backports from (neither $aptdir/sources.list.d/debian.sources nor a 'deb ... bookworm' line in $aptdir/sources.list)"
	fi
fi
qv=$(qemu_major)
need_qemu=0
if [ "$qv" -lt 8 ]; then
	need_qemu=1
	# QEMU 7.2 (bookworm) corrupts 6.12 guests under TCG (random oopses
	# at boot); the one from bookworm-backports does not.
	if [ "$qv" = 0 ]; then
		plan+=("install qemu-system-x86 from bookworm-backports: QEMU 8 or newer is needed, none found")
	else
		plan+=("install qemu-system-x86 from bookworm-backports: QEMU 8 or newer is needed, found $qv")
	fi
fi
# The meta packages above bring the 6.1 kernel; a machine where they
# already point elsewhere gets it by name, like the 6.12 one.
need_kernels=()
if [ -z "$(kernel 6.1)" ] && ! printf '%s\n' "${missing[@]}" | grep -qx linux-image-cloud-amd64; then
	need_kernels+=(6.1)
	plan+=("install the 6.1 cloud kernel and headers from bookworm: the first test kernel")
fi
if [ -z "$(kernel 6.12)" ]; then
	need_kernels+=(6.12)
	plan+=("install the 6.12 cloud kernel and headers from bookworm-backports: the second test kernel")
fi

# apt STEP ARGS...: run apt-get, its output in $log; on failure name the
# step and show the end of the log.
apt() {
	local step=$1

	shift
	if ! apt-get "$@" >>"$log" 2>&1; then
		tail -n 15 "$log" | sed 's/^/  /' >&2
		die "$step failed (apt-get $*; full log in $log)"
	fi
}

# install: carry the plan out.
install() {
	[ "$(id -u)" = 0 ] || die "must run as root to install what is missing (see: $0 --dry-run)"
	command -v apt-get >/dev/null 2>&1 || die "apt-get not found: this needs Debian bookworm"

	log=$(mktemp "${TMPDIR:-/tmp}/panswitch-install-deps.XXXXXX")
	if [ "$need_bp_source" = 1 ]; then
		bp=$(backports_source) || die "cannot derive the bookworm-backports source"
		file=${bp%%$'\n'*}
		printf '%s\n' "${bp#*$'\n'}" >"$file.tmp" && mv "$file.tmp" "$file" ||
			die "cannot write $file"
		say "added $file"
	fi

	export DEBIAN_FRONTEND=noninteractive
	printf 'install-deps: will %s\n' "${plan[@]}"
	apt "apt-get update" update -qq
	if [ ${#missing[@]} -gt 0 ]; then
		apt "installing packages" install -y -qq --no-install-recommends "${missing[@]}"
	fi
	if [ "$need_qemu" = 1 ] && [ "$(qemu_major)" -lt 8 ]; then
		apt "installing QEMU from bookworm-backports" install -y -qq \
			--no-install-recommends -t bookworm-backports qemu-system-x86
	fi
	# The newest signed cloud kernel of each series still missing and its
	# headers, by name (the meta packages would move the other series too).
	for s in "${need_kernels[@]}"; do
		[ -z "$(kernel "$s")" ] || continue
		suite=bookworm
		[ "$s" = 6.1 ] || suite=bookworm-backports
		ver=$(apt-cache search "^linux-image-${s//./\\.}\\.[0-9.+~a-z-]*-cloud-amd64\$" 2>>"$log" |
			awk '{ print $1 }' | grep -v unsigned | sort -V | tail -1)
		ver=${ver#linux-image-}
		[ -n "$ver" ] || die "no $s cloud kernel found in $suite (apt-cache search)"
		apt "installing the $s kernel" install -y -qq --no-install-recommends \
			-t "$suite" "linux-image-$ver" "linux-headers-$ver"
	done
}

if [ "$dry" = 1 ]; then
	if [ ${#plan[@]} -eq 0 ]; then
		say "nothing to do"
	else
		printf 'install-deps: would %s\n' "${plan[@]}"
	fi
	exit 0
fi
if [ ${#plan[@]} -gt 0 ]; then
	install
fi

# Verify, whether or not anything was installed: the first thing still
# missing ends the run with its name.
for c in "${!cmd_pkg[@]}"; do
	command -v "$c" >/dev/null 2>&1 ||
		die "still missing after the install: command $c (package ${cmd_pkg[$c]})"
done
[ "$(qemu_major)" -ge 8 ] ||
	die "still missing after the install: QEMU 8 or newer (qemu-system-x86 from bookworm-backports; found $(qemu_major))"
for c in "${!pc_pkg[@]}"; do
	pkg-config --exists "$c" ||
		die "still missing after the install: $c for pkg-config (package ${pc_pkg[$c]})"
done
for s in 6.1 6.12; do
	[ -n "$(kernel "$s")" ] ||
		die "still missing after the install: a $s cloud kernel with headers ($boot/vmlinuz-$s.*-cloud-amd64 and $moddir/<release>/build)"
done
compgen -G "$srcdir/linux-source-6.1*.tar.xz" >/dev/null ||
	die "still missing after the install: $srcdir/linux-source-6.1.tar.xz (package linux-source-6.1)"
# Verified: quiet when there was nothing to install.
if [ ${#plan[@]} -gt 0 ]; then
	rm -f "$log"
	say "done: kernels $(kernel 6.1) and $(kernel 6.12), QEMU $(qemu_major)"
fi
