#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Build the test VM's initramfs for one kernel.
#
# usage: mkinitramfs.sh KVER KO CLI SELFTESTS_DIR DEMO_SCRIPT OUT.cpio.gz
#
# The image is self-contained (the cloud kernels have no 9p/virtiofs):
# busybox applets, bash, iproute2, ping, jq, setpriv, tcpdump, socat,
# kmod, iptables (nft), util-linux's unshare and nsenter (user namespaces;
# busybox's lack --map-root-user and --preserve-credentials), the shared
# libraries of all of them, the network part of the
# kernel's module tree with the panswitch module installed in it (KO: a
# panswitch.ko or .ko.xz built for KVER), its CLI, the selftests and the
# demo.
set -euo pipefail

[ $# -eq 6 ] || { echo "usage: $0 KVER KO CLI SELFTESTS DEMO OUT" >&2; exit 2; }
kver=$1 ko=$2 cli=$3 tests=$4 demo=$5 out=$6
here=$(cd "$(dirname "$0")" && pwd)
root=$out.root

rm -rf "$root"
mkdir -p "$root"/usr/{bin,sbin,lib,lib64} "$root"/{etc,proc,sys,dev,run,tmp,root,mnt}
# Merged /usr, as on the host.
for d in bin sbin lib lib64; do ln -s "usr/$d" "$root/$d"; done
mkdir -p "$root/var"
ln -s ../run "$root/var/run"

# copy FILE...: copy host files (following symlinks) to the same path.
copy() {
	local f
	for f in "$@"; do
		mkdir -p "$root$(dirname "$f")"
		cp -L "$f" "$root$f"
	done
}

# copy_bin PATH [NAME]: install an executable and the libraries it needs.
copy_bin() {
	local src=$1 dst=${2:-$1}
	mkdir -p "$root$(dirname "$dst")"
	cp -L "$src" "$root$dst"
	chmod 755 "$root$dst"
	# "lib => /path (addr)" and the loader's "/path (addr)" lines.
	{ ldd "$src" 2>/dev/null || true; } | awk '$2 == "=>" && $3 ~ /^\// { print $3 }
				       $1 ~ /^\// { print $1 }' |
		while read -r lib; do
			[ -e "$root$lib" ] || copy "$lib"
		done
}

for b in bash ip bridge tc ping jq setpriv unshare nsenter tcpdump socat timeout kmod; do
	p=$(command -v "$b") || { echo "mkinitramfs: $b not installed" >&2; exit 1; }
	copy_bin "$(readlink -f "$p")"
done
for b in modprobe insmod rmmod lsmod depmod modinfo; do
	ln -sf ../bin/kmod "$root/usr/sbin/$b"
done
# iptables and ip6tables: the nf_tables variant (both target kernels have
# nf_tables), whose matches and targets are dlopen()ed extensions.
p=$(command -v xtables-nft-multi) ||
	{ echo "mkinitramfs: xtables-nft-multi (iptables) not installed" >&2; exit 1; }
copy_bin "$(readlink -f "$p")" /usr/sbin/xtables-nft-multi
for b in iptables ip6tables iptables-save ip6tables-save; do
	ln -sf xtables-nft-multi "$root/usr/sbin/$b"
done
for f in /usr/lib/x86_64-linux-gnu/xtables/*.so; do
	copy_bin "$f"
done
copy_bin "$(readlink -f "$(command -v busybox)")" /usr/bin/busybox
# Busybox applets only where no real program of that name is installed.
for a in $(busybox --list); do
	[ -e "$root/usr/bin/$a" ] || [ -e "$root/usr/sbin/$a" ] ||
		ln -s busybox "$root/usr/bin/$a"
done
# tc's distribution tables (netem) and iproute2's name tables.
for d in /usr/lib/x86_64-linux-gnu/tc /etc/iproute2 /usr/share/iproute2; do
	[ -d "$d" ] && { mkdir -p "$root$d"; cp -a "$d/." "$root$d/"; }
done
for f in /etc/protocols /etc/services /etc/ethertypes; do
	[ -e "$f" ] && copy "$f"
done

cat >"$root/etc/passwd" <<'EOF'
root:x:0:0:root:/root:/bin/bash
tcpdump:x:100:101::/nonexistent:/usr/sbin/nologin
nobody:x:65534:65534:nobody:/nonexistent:/usr/sbin/nologin
EOF
cat >"$root/etc/group" <<'EOF'
root:x:0:
tcpdump:x:101:
nogroup:x:65534:
EOF
printf 'passwd: files\ngroup: files\nhosts: files\n' >"$root/etc/nsswitch.conf"
printf '127.0.0.1 localhost\n::1 localhost\n' >"$root/etc/hosts"

# Kernel modules: everything under kernel/net and kernel/drivers/net plus
# what those depend on (modules.dep lists dependencies transitively),
# then let depmod index the subset.
# PSW_KMODDIR: the module tree of a kernel not installed in /lib/modules.
mdir=${PSW_KMODDIR:-/lib/modules/$kver} dst=/lib/modules/$kver
mkdir -p "$root$dst"
awk -F: '$1 ~ /^kernel\/(net|drivers\/net)\// {
		print $1; n = split($2, d, " "); for (i = 1; i <= n; i++) print d[i]
	}' "$mdir/modules.dep" | sort -u |
	(cd "$mdir" && cpio -pdm --quiet "$root$dst")
for f in modules.order modules.builtin modules.builtin.modinfo; do
	[ -e "$mdir/$f" ] && cp "$mdir/$f" "$root$dst/"
done
depmod -b "$root" "$kver"

# panswitch itself: into the module tree with make install-module (as on
# a real host: updates/, then depmod), so that the guest's init loads it
# with modprobe; and as /lib/panswitch/panswitch.ko, which the tests
# insmod again after they unloaded it ($PANSWITCH_KO).
make -s --no-print-directory -C "$here/../.." install-module DESTDIR="$root" \
	KVER="$kver" KO="$ko" >/dev/null
mkdir -p "$root/lib/panswitch"
cp "$ko" "$root/lib/panswitch/panswitch.ko"
if [ -n "$cli" ] && [ -e "$cli" ]; then
	copy_bin "$cli" /usr/sbin/panswitch
fi
# iproute2's plugin for the kind (tools/iproute2), by make install-tools's
# own rule: where the guest's ip (the host's) looks for it, built and
# installed only when the host's iproute2 is a release it has the headers
# of (96_link_details.sh).
make -s --no-print-directory -C "$here/.." install-iproute2 DESTDIR="$root" >/dev/null
mkdir -p "$root/selftests"
if [ -d "$tests" ]; then
	cp -a "$tests/." "$root/selftests/"
fi
if [ -e "$demo" ]; then
	cp "$demo" "$root/demo.sh"
fi
# The benchmark lane (tools/bench): its guest script, and ovs-dpctl (from
# openvswitch-switch) for the Open vSwitch contender when installed; the
# openvswitch and pktgen modules come with kernel/net above.
if [ -e "$here/../bench/bench.sh" ]; then
	mkdir -p "$root/bench"
	install -m 755 "$here/../bench/bench.sh" "$root/bench/bench.sh"
fi
if p=$(command -v ovs-dpctl); then
	copy_bin "$(readlink -f "$p")" /usr/bin/ovs-dpctl
fi
# The fuzzers (make -C tools/fuzz), when built: 80_fuzz.sh and make fuzz;
# psw-send (crafted tunnel packets, offload switches): 70_decap.sh and
# 72_underlay_trust.sh.
for b in psw-nlfuzz psw-framefuzz psw-send; do
	if [ -x "$here/../fuzz/$b" ]; then
		copy_bin "$here/../fuzz/$b" "/usr/sbin/$b"
	fi
done
# The controller and the host agent (make -C tools), when built, with
# their libraries (libyaml, libcurl): 92_controller*.sh and the demo.
for b in controller/panswitch-controller agent/panswitchd; do
	if [ -x "$here/../$b" ]; then
		copy_bin "$here/../$b" "/usr/sbin/${b#*/}"
	fi
done
# etcd (etcd-server) for the etcd back end's selftest and make demo-etcd.
if p=$(command -v etcd); then
	copy_bin "$(readlink -f "$p")" /usr/bin/etcd
fi
# The libvirt hook (tools/libvirt/qemu) where libvirt's qemu.d/ drop-ins
# are, its sample domain XMLs, and the part of Debian's python3 it runs on:
# the interpreter and the standard modules the hook loads, as python3
# itself lists them after loading the hook (95_libvirt_hook.sh) and the
# selftests' python helpers (selftests/*.py, loaded as modules: their
# imports run, not their main).
install -D -m 755 "$here/../libvirt/qemu" "$root/etc/libvirt/hooks/qemu.d/panswitch"
mkdir -p "$root/usr/share/panswitch/libvirt"
cp "$here/../libvirt/testdata/"*.xml "$root/usr/share/panswitch/libvirt/"
copy_bin "$(readlink -f /usr/bin/python3)"
ln -sf "$(basename "$(readlink -f /usr/bin/python3)")" "$root/usr/bin/python3"
/usr/bin/python3 - "$here/../libvirt/qemu" "$tests"/*.py <<'EOF' |
import importlib.machinery, importlib.util, sys, sysconfig
for i, path in enumerate(sys.argv[1:]):
    ld = importlib.machinery.SourceFileLoader("pswmod%d" % i, path)
    ld.exec_module(importlib.util.module_from_spec(
        importlib.util.spec_from_loader("pswmod%d" % i, ld)))
import subprocess, syslog  # noqa: the hook's own imports, run time
print(sysconfig.get_path("platstdlib") + "/lib-dynload/")
for m in list(sys.modules.values()):
    f = getattr(m, "__file__", None)
    if f and f.startswith(sys.base_prefix + "/"):
        print(f)
EOF
	while read -r f; do
		case $f in
		*/) mkdir -p "$root$f" ;;
		*.so) copy_bin "$f" ;;
		*) [ -e "$f" ] && copy "$f" ;;
		esac
	done
install -m 755 "$here/init" "$root/init"

(cd "$root" && find . -print0 | LC_ALL=C sort -z |
	cpio --null -o -H newc --owner=0:0 --quiet) | gzip -1 >"$out.tmp"
mv "$out.tmp" "$out"
rm -rf "$root"
