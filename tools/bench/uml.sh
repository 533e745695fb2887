# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# The User-Mode Linux engine of `make bench ENGINE=uml` (sourced by
# tools/bench/run.sh after tools/testvm/common.sh). UML runs the kernel's own
# code natively, as an ordinary host process: no emulator in between.
#
#   uml_prepare     build (or reuse) the UML kernel
#                   (build-uml-kernel.sh: linux-source-6.1, or 6.12 with
#                   PSW_UML_SRC=6.12), the module against it with W=1,
#                   the CLI and the power-off helper; sets kver, uml_dir,
#                   uml_out
#   uml_run MODE    boot it with tools/bench/uml-init as PID 1 and the
#                   host's / as its read-only root; MODE "profile" also
#                   samples the UML process with the host's perf (cpu-clock,
#                   frame-pointer call chains, CLOCK_REALTIME timestamps)
#                   into $uml_out/perf.data. Every 10 ms the CPU time of
#                   the UML kernel (its main thread's
#                   /proc/PID/schedstat) goes into $uml_out/cpu.log as
#                   "WALL_US CPU_NS": report.py charges each run the CPU
#                   time the kernel had, not the wall time, which on a
#                   shared host includes other processes' turns. Console:
#                   $build/KVER/bench-console.log; results:
#                   $build/KVER/bench-results.txt. Returns the guest's
#                   status (124: timed out).
# shellcheck disable=SC2154 # repo, build, vm_mem, vm_timeout: common.sh's

uml_prepare() {
	local cli out

	# uml-init mounts a tmpfs on the guest's /tmp, which hides the
	# host's: the module and the CLI the guest loads must live elsewhere.
	case $build in
	/tmp | /tmp/*)
		echo "bench: PSW_BUILD=$build is under /tmp, which the UML guest cannot see (its /tmp is a tmpfs): use e.g. /var/tmp" >&2
		return 1 ;;
	esac

	uml_dir=$("$repo/tools/bench/build-uml-kernel.sh" | tail -1)
	[ -s "$uml_dir/release" ] || { echo "bench: UML kernel build failed" >&2; return 1; }
	kver=$(cat "$uml_dir/release")
	echo "# bench: UML kernel $kver in $uml_dir (built in $(cat "$uml_dir/build-seconds" 2>/dev/null || echo ?) s)"
	mkdir -p "$build/$kver"
	cli=$(build_cli) || { echo "bench: CLI build failed" >&2; return 1; }
	uml_cli=$cli
	ARCH=um PSW_KBUILD=$uml_dir/build build_module "$kver" ||
		echo "# bench: warning: module build not clean"
	[ -e "$build/$kver/src/kmod/panswitch.ko" ] || return 1
	out=$build/$kver/uml
	mkdir -p "$out"
	gcc -static -O2 -Wall -o "$out/uml-poweroff" "$repo/tools/bench/uml-poweroff.c" ||
		{ echo "bench: cannot build the power-off helper (static libc: libc6-dev)" >&2; return 1; }
	uml_out=$out
}

uml_run() {
	local mode=$1 dir=$build/$kver pid perfpid='' rc t
	local con=$dir/bench-console.log res=$dir/bench-results.txt

	rm -f "$con" "$res" "$uml_out/kallsyms" "$uml_out/perf.data" "$uml_out/cpu.log"
	touch "$con" "$res"
	# The guest writes its results into $uml_out (mounted on /mnt).
	rm -f "$uml_out/bench-results.txt"
	# UML backs the guest's memory with a file in TMPDIR: /dev/shm, RAM.
	[ -d /dev/shm ] && export TMPDIR=/dev/shm
	# PSW_APPEND: words for the command line, split on purpose.
	# shellcheck disable=SC2086
	"$uml_dir/build/linux" mem="$vm_mem" rootfstype=hostfs rootflags=/ ro \
		init="$repo/tools/bench/uml-init" con=null con0=null,fd:1 \
		umid="psw-bench-$$" uml_dir="$uml_out" \
		loglevel=4 printk.time=1 panic_on_warn=1 oops=panic \
		psw_uml_mods="$uml_dir/mods/lib/modules" psw_uml_out="$uml_out" \
		psw_uml_ko="$dir/src/kmod/panswitch.ko" psw_uml_cli="$uml_cli" \
		psw_uml_poweroff="$uml_out/uml-poweroff" ${PSW_APPEND:-} \
		</dev/null >"$con" 2>&1 &
	pid=$!
	echo "$pid" >"$uml_out/pid"
	/usr/bin/python3 - "$pid" "$uml_out/cpu.log" <<'EOF' &
import sys, time
pid, path = sys.argv[1], sys.argv[2]
with open(path, "w") as out:
    while True:
        try:
            with open(f"/proc/{pid}/schedstat") as f:
                ns = f.read().split()[0]
        except OSError:
            break
        out.write(f"{time.time_ns() // 1000} {ns}\n")
        time.sleep(0.01)
EOF
	if [ "$mode" = profile ]; then
		# cpu-clock: this host may have no hardware counters.
		perf record -q -e cpu-clock -F "${BENCH_PROFILE_FREQ:-2999}" -g \
			-k CLOCK_REALTIME -p "$pid" -o "$uml_out/perf.data" \
			>"$uml_out/perf-record.log" 2>&1 &
		perfpid=$!
	fi
	if [ "${V:-0}" = 1 ]; then
		tail -n +1 -f --pid="$pid" "$con" &
	fi
	# The time limit: UML's own processes (the guest's user space) go
	# with it when the kernel process ends.
	t=0
	while kill -0 "$pid" 2>/dev/null && [ "$t" -lt "$vm_timeout" ]; do
		sleep 1
		t=$((t + 1))
	done
	if kill -0 "$pid" 2>/dev/null; then
		kill -TERM "$pid"
		sleep 5
		kill -KILL "$pid" 2>/dev/null
		wait "$pid"
		rc=124
	else
		wait "$pid"
		rc=$?
	fi
	if [ -n "$perfpid" ]; then
		kill -INT "$perfpid" 2>/dev/null
		wait "$perfpid"
	fi
	[ -e "$uml_out/bench-results.txt" ] && cp "$uml_out/bench-results.txt" "$res"
	return "$rc"
}
