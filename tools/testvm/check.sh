#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the panswitch selftests in QEMU on every target kernel (see
# common.sh for the settings) and print one flat KTAP list of test cases,
# ending with the line "N passed, N failed, N skipped". Exit status 1 if
# anything failed.
set -uo pipefail
. "$(dirname "$0")/common.sh"

n=0 passed=0 failed=0 skipped=0
kfail=0	# failures of the kernel being tested

ok() { n=$((n + 1)) passed=$((passed + 1)); echo "ok $n $*"; }
notok() { n=$((n + 1)) failed=$((failed + 1)) kfail=$((kfail + 1)); echo "not ok $n $*"; }
skip() { n=$((n + 1)) skipped=$((skipped + 1)); echo "ok $n $1 # SKIP $2"; }

# end_script KVER NAME RC RESULTS FAILS PLAN: the cases a script's exit
# code adds to its own result lines.
end_script() {
	local kver=$1 name=$2 rc=$3 nres=$4 nfail=$5 plan=$6

	case $rc in
	0)
		if [ "$nres" -eq 0 ]; then
			ok "$kver $name"
		elif [ -n "$plan" ] && [ "$nres" -lt "$plan" ]; then
			notok "$kver $name: only $nres of $plan planned results"
		fi
		;;
	4) [ "$nres" -gt 0 ] || skip "$kver $name" "script exited 4" ;;
	124 | 137) notok "$kver $name: timed out after ${test_timeout}s" ;;
	*) [ "$nfail" -gt 0 ] || notok "$kver $name: exit code $rc" ;;
	esac
}

# parse_results KVER: turn the VM's side channel into test cases.
parse_results() {
	local kver=$1 line name='' rc nres=0 nfail=0 plan='' desc end=0

	while IFS= read -r line; do
		case $line in
		"INSMOD "*)
			rc=${line#INSMOD }
			if [ "$rc" = 0 ]; then
				ok "$kver boot: modprobe panswitch (from the depmod'ed module tree)"
			else
				notok "$kver boot: modprobe panswitch (from the depmod'ed module tree): exit code $rc"
			fi
			;;
		"SCRIPT "*) name=${line#SCRIPT } nres=0 nfail=0 plan='' ;;
		1..*) plan=${line#1..} plan=${plan%%[!0-9]*} ;;
		"ok "* | "not ok "*)
			[[ $line =~ ^(not )?ok\ +[0-9]+\ *(-\ )?(.*)$ ]] || continue
			desc=${BASH_REMATCH[3]}
			nres=$((nres + 1))
			if [ -n "${BASH_REMATCH[1]}" ]; then
				nfail=$((nfail + 1))
				notok "$kver $name: $desc"
			elif [[ $desc =~ ^(.*[^ ])?\ *#\ *[Ss][Kk][Ii][Pp]\ *(.*)$ ]]; then
				skip "$kver $name: ${BASH_REMATCH[1]}" "${BASH_REMATCH[2]}"
			else
				ok "$kver $name: $desc"
			fi
			;;
		"EXIT "*)
			rc=${line##* }
			end_script "$kver" "$name" "$rc" "$nres" "$nfail" "$plan"
			name=''
			;;
		"RMMOD "*)
			rc=${line#RMMOD }
			if [ "$rc" = 0 ]; then
				ok "$kver shutdown: rmmod panswitch after the tests"
			else
				notok "$kver shutdown: rmmod panswitch after the tests: exit code $rc"
			fi
			;;
		"KMEMLEAK "*)
			rc=${line#KMEMLEAK }
			if [ "$rc" = 0 ]; then
				ok "$kver shutdown: kmemleak finds no unreferenced object"
			else
				notok "$kver shutdown: kmemleak finds $rc unreferenced objects"
			fi
			;;
		END) end=1 ;;
		esac
	done <"$build/$kver/test-results.txt"
	if [ -n "$name" ]; then
		notok "$kver $name: did not finish (kernel panic or VM timeout)"
	fi
	[ "$end" = 1 ]
}

# Test VMs run at once (see below); V=1 copies a console to stdout: one.
vm_jobs=${PSW_VM_JOBS:-2}
if ! [[ $vm_jobs =~ ^[1-9][0-9]*$ ]]; then
	echo "check.sh: PSW_VM_JOBS must be a whole number from 1, not '$vm_jobs'" >&2
	exit 2
fi
[ "${V:-0}" != 1 ] || vm_jobs=1

echo "TAP version 13"
for f in "$selftests"/*.sh; do
	# lib*.sh are sourced by the tests, not run.
	case ${f##*/} in lib*.sh) continue ;; esac
	[ -x "$f" ] || [ ! -e "$f" ] ||
		echo "# not run (not executable): $f"
done
if cli=$(build_cli); then
	ok "cli: build ($cli)"
else
	notok "cli: build (make -C tools)"
	cli=''
fi

if [ -n "$cli" ]; then
	if out=$(make -s -C "$repo/tools" test 2>&1); then
		ok "cli: usage, print and fuzzer argument tests (make -C tools test)"
	else
		notok "cli: usage, print and fuzzer argument tests (make -C tools test)"
		printf '%s\n' "$out" | grep -v '^ok ' | tail -20 | sed 's/^/# /'
	fi
fi
if out=$("$repo/tools/testvm/checkpatch.sh" 2>&1); then
	ok "style: checkpatch.pl reports no error in kmod/"
else
	notok "style: checkpatch.pl reports no error in kmod/"
	printf '%s\n' "$out" | grep -A3 '^ERROR' | head -30 | sed 's/^/# /'
fi

kvers=$(kernels)
[ -n "$kvers" ] || notok "kernels: none found (/boot/vmlinuz-*-cloud-amd64)"
ready=()
for kver in $kvers; do
	mkdir -p "$build/$kver"
	if [ -n "${PSW_KO:-}" ]; then
		# A module built elsewhere (PSW_KO): for this kernel only.
		vermagic=$(modinfo -F vermagic "$PSW_KO" 2>/dev/null | cut -d' ' -f1)
		if [ "$vermagic" = "$kver" ]; then
			ok "$kver module: prebuilt $PSW_KO (vermagic $vermagic)"
		else
			notok "$kver module: prebuilt $PSW_KO is for '$vermagic', not $kver"
			continue
		fi
	else
		echo "# $kver: building the module (W=1)"
		if build_module "$kver"; then
			ok "$kver build: module builds with W=1 and no warning"
		else
			notok "$kver build: module builds with W=1 and no warning"
			continue
		fi
	fi
	if ! initramfs "$kver" "$cli"; then
		notok "$kver initramfs: build"
		continue
	fi
	ready+=("$kver")
done

# vm_test KVER: boot KVER's test VM; its status and run time go to
# $build/KVER/vm-status.
vm_test() {
	local kver=$1 start rc

	start=$(date +%s)
	run_vm "$kver" test
	rc=$?
	echo "$rc $(($(date +%s) - start))" >"$build/$kver/vm-status"
}

# The VMs run vm_jobs at a time (PSW_VM_JOBS, default 2): a VM running the
# suite keeps about one host core busy, its tests being mostly one shell
# at a time, so two of them share a 2-core host with little slowdown.
# Their results are read afterwards, in kernel order.
i=0
for kver in "${ready[@]}"; do
	echo "# $kver: initramfs $(du -h "$build/$kver/initramfs.cpio.gz" | cut -f1)," \
		"running the VM (console in $build/$kver/test-console.log)"
	rm -f "$build/$kver/vm-status"
	vm_test "$kver" &
	i=$((i + 1))
	[ $((i % vm_jobs)) -ne 0 ] || wait
done
wait

for kver in "${ready[@]}"; do
	kfail=0
	read -r vmrc secs <"$build/$kver/vm-status" || vmrc=255 secs='?'
	echo "# $kver: VM ran $secs s, status $vmrc"
	if parse_results "$kver"; then
		ok "$kver vm: all scripts ran and the VM powered off (END marker)"
	elif [ "$vmrc" = 124 ]; then
		notok "$kver vm: no END marker: VM timed out after ${vm_timeout}s"
	else
		notok "$kver vm: no END marker: kernel panic or crash"
	fi
	if problems=$(kernel_problems "$kver" test); then
		notok "$kver kernel: no warnings, oopses or bad taint in the console log"
		printf '%s\n' "$problems" | head -40 | sed 's/^/# /'
	else
		ok "$kver kernel: no warnings, oopses or bad taint in the console log"
	fi
	if [ "$kfail" -gt 0 ]; then
		echo "# $kver: last lines of $build/$kver/test-console.log:"
		tail -n 60 "$build/$kver/test-console.log" | sed 's/^/# /'
	fi
done

echo "1..$n"
echo "$passed passed, $failed failed, $skipped skipped"
[ "$failed" -eq 0 ]
