# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# Shared by check.sh and run-demo.sh (sourced, not run). Settings, all
# optional, from the environment:
#   KVER              one kernel version instead of all (see kernels())
#   PSW_SRC           tree with Kbuild, kmod/ and include/ (default: repo)
#   PSW_CLI           prebuilt CLI binary (default: built by make -C tools)
#   PSW_KO            prebuilt panswitch.ko[.xz] (one kernel: set KVER to
#                     its vermagic; default: built with W=1 from PSW_SRC),
#                     e.g. the module DKMS built (deb-check.sh)
#   PSW_SELFTESTS     directory of tests: its executable *.sh files
#                     (default: selftests/)
#   PSW_DEMO          demo script (default: tools/demo.sh)
#   PSW_BUILD         output directory (default: build/)
#   PSW_VM_TIMEOUT    seconds one VM may run (default 3600, a safety net
#                     for a loaded machine: the suite's time is in README)
#   PSW_TEST_TIMEOUT  seconds one test script may run (default: timeout=
#                     in the tests' settings file, else 300)
#   PSW_QEMU          QEMU binary (default qemu-system-x86_64, 8.0 or newer:
#                     7.2's TCG corrupts 6.12 guests)
#   PSW_APPEND        extra kernel command line arguments
#   PSW_TESTS         run only the selftests whose names start with one of
#                     these prefixes (comma or space separated: "60,70_decap";
#                     make check T="60 70")
#   PSW_LONG=1        also run the cases the selftests mark long_case
#                     (make check-long)
#   PSW_KIMAGE        kernel image to boot instead of /boot/vmlinuz-KVER
#   PSW_KMODDIR       its module tree instead of /lib/modules/KVER
#   PSW_KBUILD        its build directory instead of /lib/modules/KVER/build
#                     (these three: one kernel, set KVER to its release)
#   PSW_VM_MEM        guest memory (default 2G)
#   PSW_VM_JOBS       check.sh: test VMs (one per kernel) run at once
#                     (default 2)
#   V=1               copy the VM console to stdout while it runs

repo=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
testvmdir=$repo/tools/testvm
src=${PSW_SRC:-$repo}
selftests=${PSW_SELFTESTS:-$repo/selftests}
demo=${PSW_DEMO:-$repo/tools/demo.sh}
build=${PSW_BUILD:-$repo/build}
vm_timeout=${PSW_VM_TIMEOUT:-3600}
# kselftest convention: "timeout=N" in the tests' settings file.
test_timeout=$(sed -n 's/^timeout=\([0-9]\+\)$/\1/p' "$selftests/settings" 2>/dev/null)
test_timeout=${PSW_TEST_TIMEOUT:-${test_timeout:-300}}
qemu=${PSW_QEMU:-qemu-system-x86_64}
vm_mem=${PSW_VM_MEM:-2G}

# Kernel messages that mean the run is broken: selftests/lib_kmsg.sh's
# KERNEL_BAD_RE (the selftests check dmesg with the same pattern), matched
# on timestamped kernel lines of the console log only.
# shellcheck source=../../selftests/lib_kmsg.sh
. "$repo/selftests/lib_kmsg.sh"
splat_re="^\[ *[0-9]+\.[0-9]+\] .*($KERNEL_BAD_RE)"
# Taint flags that mean the same: M B D W L.
taint_mask=$(((1 << 4) | (1 << 5) | (1 << 7) | (1 << 9) | (1 << 14)))

# kernels: the versions to test, oldest first: $KVER, or the newest
# installed cloud kernel of each major.minor series.
kernels() {
	local f

	if [ -n "${KVER:-}" ]; then
		echo "$KVER"
		return
	fi
	for f in /boot/vmlinuz-*-cloud-amd64; do
		[ -e "$f" ] && echo "${f#/boot/vmlinuz-}"
	done | sort -V |
		awk -F. '{ s = $1 "." $2; if (!(s in last)) order[n++] = s; last[s] = $0 }
			 END { for (i = 0; i < n; i++) print last[order[i]] }'
}

# build_cli: print the path of the CLI binary, building it if needed.
build_cli() {
	if [ -n "${PSW_CLI:-}" ]; then
		echo "$PSW_CLI"
		return
	fi
	mkdir -p "$build"
	make -C "$repo/tools" >"$build/cli-build.log" 2>&1 ||
		{ sed 's/^/# /' "$build/cli-build.log" >&2; return 1; }
	echo "$repo/tools/panswitch"
}

# build_module KVER: build panswitch.ko with W=1 in $build/KVER/src.
# Fails on a build error and on any warning (both printed as # lines).
build_module() {
	local kver=$1 out=$build/$1/src kdir=${PSW_KBUILD:-/lib/modules/$1/build}

	[ -d "$kdir" ] || { echo "# no kernel headers in $kdir"; return 1; }
	rm -rf "$out"
	mkdir -p "$out"
	cp -a "$src/include" "$src/Kbuild" "$out/"
	(cd "$src" && find kmod -name '*.[ch]' -o -name Kbuild -o -name Makefile) |
		(cd "$src" && xargs -r cp --parents -t "$out")
	if ! make -C "$kdir" M="$out" W=1 -j"$(nproc)" >"$build/$kver/build.log" 2>&1; then
		grep -iE 'error|warning' "$build/$kver/build.log" | head -50 | sed 's/^/# /'
		tail -5 "$build/$kver/build.log" | sed 's/^/# /'
		return 1
	fi
	if grep -qi 'warning' "$build/$kver/build.log"; then
		grep -i -A3 'warning' "$build/$kver/build.log" | head -50 | sed 's/^/# /'
		return 1
	fi
}

# initramfs KVER CLI: build $build/KVER/initramfs.cpio.gz.
initramfs() {
	"$testvmdir/mkinitramfs.sh" "$1" "${PSW_KO:-$build/$1/src/kmod/panswitch.ko}" "$2" \
		"$selftests" "$demo" "$build/$1/initramfs.cpio.gz"
}

# run_vm KVER MODE: boot KVER with its initramfs in MODE (test or demo).
# Console: $build/KVER/MODE-console.log, side channel:
# $build/KVER/MODE-results.txt (carriage returns removed). Returns QEMU's
# status (124: timed out).
run_vm() {
	local kver=$1 mode=$2 dir=$build/$1 rc pid loglevel=5
	local ird=$dir/initramfs.cpio.gz con=$dir/$2-console.log res=$dir/$2-results.txt

	# The demo shows only errors; tests also log warnings (level 4).
	[ "$mode" = test ] || loglevel=4
	rm -f "$con" "$res"
	touch "$con" "$res"
	timeout "$vm_timeout" "$qemu" -accel tcg -cpu max -smp 2 -m "$vm_mem" \
		-nodefaults -display none -no-reboot \
		-kernel "${PSW_KIMAGE:-/boot/vmlinuz-$kver}" -initrd "$ird" \
		-serial "file:$con" -serial "file:$res" \
		-append "console=ttyS0 loglevel=$loglevel printk.time=1 panic_on_warn=1 oops=panic panic=-1 psw_mode=$mode psw_timeout=$test_timeout${PSW_TESTS:+ psw_tests=${PSW_TESTS// /,}}${PSW_LONG:+ psw_long=$PSW_LONG}${PSW_APPEND:+ $PSW_APPEND}" \
		</dev/null >"$dir/qemu.log" 2>&1 &
	pid=$!
	if [ "$mode" = demo ] || [ "${V:-0}" = 1 ]; then
		tail -n +1 -f --pid="$pid" "$con" | tr -d '\r'
	fi
	wait "$pid"
	rc=$?
	sed -i 's/\r$//' "$con" "$res"
	return "$rc"
}

# kernel_problems KVER MODE: print the console lines and taint that show a
# kernel warning or crash; status 0 if there were any.
kernel_problems() {
	local dir=$build/$1 taint found=1

	if grep -E "$splat_re" "$dir/$2-console.log"; then
		found=0
	fi
	taint=$(sed -n 's/^TAINT //p' "$dir/$2-results.txt")
	if [ -n "$taint" ] && [ $((taint & taint_mask)) -ne 0 ]; then
		echo "kernel tainted: $taint"
		found=0
	fi
	return $found
}
