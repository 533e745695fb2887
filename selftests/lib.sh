# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# lib.sh - helpers shared by the panswitch selftests. Source it from a test:
#
#	source "$(dirname "$0")/lib.sh"
#	ktap_plan 3
#	run_case "switch is created" case_switch_created
#	...
#	ktap_finish
#
# KTAP       ktap_plan N; run_case DESCRIPTION FUNC [ARGS...]; ktap_finish.
#            A case passes when FUNC returns 0 and no check inside it failed,
#            is skipped when FUNC returns 4 (call `skip REASON` first).
# checks     check_run, check_fail (hcheck_fail: in a host's namespace),
#            check_json, check_jq, check_eq, check_ping, check_no_ping,
#            expect_delta, wait_until. A failed
#            check prints "# FAIL: ..." with the command, what was expected
#            and what happened, marks the running case failed and returns 1
#            (so a case can stop early with `|| return 1`).
# topology   switch_add, vm_add (a network namespace "VM" whose eth0 is
#            connected by a veth pair to a port device in this namespace),
#            veth_add. Whatever is created is removed by the EXIT trap, in
#            reverse order (see defer).
# counters   counter SPEC; snap SPEC...; expect_delta SPEC OP N, where SPEC is
#              port:SWITCH:DEV:FIELD   panswitch -j stats show SWITCH port DEV
#              pan:SWITCH:PAN:FIELD    panswitch -j stats show SWITCH pan PAN
#              vm:VM:rx|tx             packets of eth0 inside VM's namespace
#              link:NETNS:DEV:rx|tx    packets of DEV in NETNS ("-": this one)
#            FIELD is a stats key, dotted for drops ("drops.hairpin").
# state      state_snapshot: switch/port/pan/entry show -j plus the master
#            and address of every link (of SNAP_NS's namespace, if set), to
#            prove that a refused request changed nothing.
#
# Files: lib.sh is the core (KTAP output, cleanup, environment, the kernel
# log, checks, snapshots, counters); it sources lib_kmsg.sh (the kernel
# warning pattern, shared with tools/testvm/common.sh), lib_topology.sh
# (switches, VMs and pings in this namespace, switch state queries) and
# lib_transport.sh (hosts with switches of their own, physical networks,
# per-host counters and captures) and lib_frames.sh (crafted frames for
# psw-send). A test sources lib.sh only.
#
# Conventions: RFC 5737 / RFC 3849 addresses only, locally administered MACs
# (02:...), IPv6 disabled on every test link before it comes up so that no
# unsolicited frame (DAD, MLD, router solicitation) moves a counter.

set -u
set -o pipefail

export LC_ALL=C

# The CLI under test: $PANSWITCH, else panswitch from PATH, else the
# installed one. Resolved to an absolute path so that setpriv can run it.
PSW=${PANSWITCH:-$(command -v panswitch 2>/dev/null || echo /usr/sbin/panswitch)}
PANSWITCH_KO=${PANSWITCH_KO:-/lib/panswitch/panswitch.ko}

# Unique per run, so that a namespace left over by a crashed run never
# collides with this one.
TAG="pst$$"
TEST_NAME=${0##*/}

# --------------------------------------------------------------------------
# KTAP output
# --------------------------------------------------------------------------

KTAP_PLAN=0
KTAP_NR=0
KTAP_PASS=0
KTAP_FAIL=0
KTAP_SKIP=0
CASE_FAILED=0
SKIP_REASON=""

# ktap_plan N [LONG]: N cases, LONG of them run by long_case (counted only
# under make check-long).
ktap_plan()
{
	# check_kernel_log looks at the kernel log from a mark on: a test that
	# did not set its own (after loading what it needs) gets one here.
	[[ -n $KMSG_MARK ]] || kmsg_mark
	KTAP_PLAN=$1
	[[ ${PSW_LONG:-0} == 1 ]] || KTAP_PLAN=$(($1 - ${2:-0}))
	echo "TAP version 13"
	echo "1..$KTAP_PLAN"
}

# diag LINE...: print each argument (each line of each argument) as a
# KTAP diagnostic line.
diag()
{
	local arg line

	for arg in "$@"; do
		while IFS= read -r line; do
			printf '# %s\n' "$line"
		done <<<"$arg"
	done
}

# diag_output TEXT: show a command's output, indented, or "(no output)".
diag_output()
{
	if [[ -z $1 ]]; then
		diag "    (no output)"
		return
	fi
	local line
	while IFS= read -r line; do
		printf '#     | %s\n' "$line"
	done <<<"$1"
}

# fail LINE...: report a failed check in the running case.
fail()
{
	CASE_FAILED=1
	diag "FAIL: $1"
	shift
	(($# == 0)) || diag "$@"
	return 1
}

# skip REASON: use as `skip "no arping"; return` in a case.
skip()
{
	SKIP_REASON=$1
	return 4
}

# slow_kernel: this kernel proves its locking (/proc/lockdep: make
# check-debug's kernel, KASAN and kmemleak beside it), which runs the
# suite's scripts 2.5 to 9 times slower than a stock kernel, a
# migration's move 5 to 20 times.
slow_kernel()
{
	[[ -e /proc/lockdep ]]
}

# timing_case DESCRIPTION N MAX WHAT: a case of its own asserting N <= MAX
# for a bound that holds at a stock kernel's speed only (the pings a
# migration loses: the move must end within the hold queue's time), N
# measured by an earlier case (empty: that case did not get as far,
# which fails). Under slow_kernel, N > MAX is a SKIP that says N: the
# case that measured it has asserted everything else.
timing_case()
{
	run_case "$1" _timing_check "${@:2}"
}

_timing_check()
{
	local n=$1 max=$2 what=$3

	[[ -n $n ]] || {
		fail "$what: not measured (the case before did not get that far)"
		return
	}
	((n <= max)) && return 0
	if slow_kernel; then
		diag "$what: $n, more than $max, under a kernel with lockdep"
		skip "$n $what under a kernel with lockdep, KASAN and kmemleak, several times slower than a stock one: a bound at normal speed, asserted by make check"
		return
	fi
	fail "$what: $n; at most $max expected"
}

# quote_cmd CMD...: the command as it could be pasted into a shell.
quote_cmd()
{
	local out

	printf -v out '%q ' "$@"
	echo "${out% }"
}

ktap_result()
{
	local rc=$1 desc=$2

	KTAP_NR=$((KTAP_NR + 1))
	if ((rc == 4)); then
		echo "ok $KTAP_NR $desc # SKIP ${SKIP_REASON:-skipped}"
		KTAP_SKIP=$((KTAP_SKIP + 1))
	elif ((rc == 0)); then
		echo "ok $KTAP_NR $desc"
		KTAP_PASS=$((KTAP_PASS + 1))
	else
		echo "not ok $KTAP_NR $desc"
		KTAP_FAIL=$((KTAP_FAIL + 1))
	fi
}

# run_case DESCRIPTION FUNC [ARGS...]
run_case()
{
	local desc=$1 rc=0 t0=$SECONDS
	shift

	CASE_FAILED=0
	SKIP_REASON=""
	"$@" || rc=$?
	# a failed check fails the case, whatever the case returned after
	# it (a skip included: a SKIP never hides a failure)
	if ((CASE_FAILED)); then
		rc=1
	fi
	if ((rc != 0 && rc != 4)); then
		diag "case failed: $desc"
	fi
	# Where the suite's time goes (a diagnostic, never a check).
	diag "case took $((SECONDS - t0)) s"
	ktap_result "$rc" "$desc"
	return 0
}

# long_case DESCRIPTION FUNC [ARG...]: a case that make check-long runs
# (PSW_LONG=1) and make check leaves out, to keep the suite within its
# time budget: a case that repeats a shorter one for another transport or
# address family. Count it in ktap_plan's LONG.
long_case()
{
	[[ ${PSW_LONG:-0} == 1 ]] || return 0
	run_case "$@"
}

# run_setup DESCRIPTION FUNC: like run_case, but bail out of the whole test
# when it fails: every later case depends on it.
run_setup()
{
	local before=$KTAP_FAIL

	run_case "$@"
	if ((KTAP_FAIL != before)); then
		echo "Bail out! setup failed: $1"
		exit 1
	fi
}

# ktap_bail REASON: something every case needs is missing.
ktap_bail()
{
	echo "Bail out! $*"
	exit 1
}

# ktap_skip_all REASON: nothing can be tested here (exit 4).
ktap_skip_all()
{
	echo "TAP version 13"
	echo "1..0 # SKIP $*"
	exit 4
}

ktap_finish()
{
	if ((KTAP_NR != KTAP_PLAN)); then
		diag "planned $KTAP_PLAN cases but ran $KTAP_NR"
		KTAP_FAIL=$((KTAP_FAIL + 1))
	fi
	echo "# Totals: pass:$KTAP_PASS fail:$KTAP_FAIL xfail:0 xpass:0 skip:$KTAP_SKIP error:0"
	if ((KTAP_FAIL > 0)); then
		exit 1
	elif ((KTAP_PASS == 0 && KTAP_SKIP > 0)); then
		exit 4
	fi
	exit 0
}

# --------------------------------------------------------------------------
# Cleanup
# --------------------------------------------------------------------------

DEFERRED=()
TMPD=""

# defer CMD...: run CMD at exit (quietly, ignoring failure), in reverse
# order of registration.
defer()
{
	DEFERRED+=("$(quote_cmd "$@")")
}

cleanup()
{
	local i

	for ((i = ${#DEFERRED[@]} - 1; i >= 0; i--)); do
		eval "${DEFERRED[i]}" >/dev/null 2>&1
	done
	DEFERRED=()
}

trap cleanup EXIT
trap 'exit 1' INT TERM HUP

TMPD=$(mktemp -d "${TMPDIR:-/tmp}/panswitch-selftest.XXXXXX") ||
	ktap_bail "mktemp -d failed"
defer rm -rf "$TMPD"

# --------------------------------------------------------------------------
# Environment
# --------------------------------------------------------------------------

# require_tools: the guest promises these; without them nothing is valid.
require_tools()
{
	local t

	for t in ip jq ping "$PSW"; do
		command -v "$t" >/dev/null 2>&1 || ktap_bail "required tool not found: $t"
	done
	ip -j link show lo 2>/dev/null | jq -e '.[0].ifname == "lo"' >/dev/null ||
		ktap_bail "'ip -j link' does not work: is ip iproute2's (not busybox's)?"
	[[ $EUID == 0 ]] || ktap_bail "must run as root"
}

module_loaded()
{
	[[ -d /sys/module/panswitch ]]
}

# ensure_module: load panswitch if an earlier test left it unloaded.
ensure_module()
{
	module_loaded && return 0
	diag "panswitch is not loaded; loading $PANSWITCH_KO"
	insmod "$PANSWITCH_KO" || ktap_bail "insmod $PANSWITCH_KO failed"
}

# load_kmods NAME...: best effort; the kernel may have them built in.
load_kmods()
{
	local m

	for m in "$@"; do
		modprobe -q "$m" 2>/dev/null || true
	done
}

# --------------------------------------------------------------------------
# Kernel log
# --------------------------------------------------------------------------

KMSG_MARK=""

# kmsg_mark: write a marker into the kernel log; check_kernel_log looks
# only at what comes after it.
kmsg_mark()
{
	KMSG_MARK="panswitch-selftest: start $TEST_NAME pid $$"
	echo "$KMSG_MARK" >/dev/kmsg 2>/dev/null || KMSG_MARK=""
}

# KERNEL_BAD_RE: one definition, in lib_kmsg.sh.
LIB_DIR=$(dirname "${BASH_SOURCE[0]}")
# shellcheck source=lib_kmsg.sh
source "$LIB_DIR/lib_kmsg.sh"

# check_kernel_log: no warning, oops or leaked-reference message in the
# kernel log since kmsg_mark (a case of its own at the end of each test).
check_kernel_log()
{
	local log bad

	log=$(dmesg 2>/dev/null) || {
		skip "dmesg is not readable"
		return
	}
	if [[ -n $KMSG_MARK ]] && grep -qF -- "$KMSG_MARK" <<<"$log"; then
		log=$(awk -v m="$KMSG_MARK" 'found; index($0, m) { found = 1 }' <<<"$log")
	else
		diag "marker not found in dmesg; checking the whole kernel log"
	fi
	bad=$(grep -E -- "$KERNEL_BAD_RE" <<<"$log")
	if [[ -n $bad ]]; then
		fail "kernel log has warnings since this test started" \
			"  expected: no line matching /$KERNEL_BAD_RE/" \
			"  actual (with context):"
		diag_output "$(grep -E -B2 -A12 -- "$KERNEL_BAD_RE" <<<"$log" | head -60)"
		return 1
	fi
}

# --------------------------------------------------------------------------
# Generic checks
# --------------------------------------------------------------------------

OUT=""	# stdout+stderr of the last check_run / check_fail command
JSON=""	# stdout of the last check_json command

# check_run CMD...: CMD must exit 0.
check_run()
{
	local rc=0

	OUT=$("$@" 2>&1) || rc=$?
	if ((rc != 0)); then
		fail "command failed: $(quote_cmd "$@")" \
			"  expected: exit 0" \
			"  actual:   exit $rc, output:"
		diag_output "$OUT"
		return 1
	fi
}

# check_json CMD...: CMD must exit 0 and print valid JSON (kept in $JSON).
check_json()
{
	local rc=0

	JSON=$("$@" 2>"$TMPD/stderr") || rc=$?
	if ((rc != 0)); then
		fail "command failed: $(quote_cmd "$@")" \
			"  expected: exit 0 and JSON on stdout" \
			"  actual:   exit $rc, stdout and stderr:"
		diag_output "$JSON"
		diag_output "$(cat "$TMPD/stderr")"
		return 1
	fi
	if ! jq -e . >/dev/null 2>&1 <<<"$JSON"; then
		fail "output is not valid JSON: $(quote_cmd "$@")" \
			"  actual output:"
		diag_output "$JSON"
		return 1
	fi
}

# Definitions available to every check_jq filter:
#   has_keys(LIST)  the object has every key in LIST (others are allowed).
JQ_DEFS='def has_keys($k): . as $o | all($k[]; . as $x | $o | has($x));'

# check_jq JSON FILTER [JQ_ARGS...]: `jq -e JQ_ARGS FILTER` must be true.
check_jq()
{
	local json=$1 filter=$2
	shift 2

	if ! jq -e "$@" "$JQ_DEFS $filter" >/dev/null 2>&1 <<<"$json"; then
		fail "JSON check is false: jq -e $(quote_cmd "$@" "$filter")" \
			"  on:"
		diag_output "$(jq -c . <<<"$json" 2>/dev/null || echo "$json")"
		return 1
	fi
}

# check_eq WHAT EXPECTED ACTUAL
check_eq()
{
	if [[ $2 != "$3" ]]; then
		fail "$1" "  expected: '$2'" "  actual:   '$3'"
		return 1
	fi
}

# check_match WHAT ERE TEXT: some line of TEXT matches ERE.
check_match()
{
	if ! grep -qE -- "$2" <<<"$3"; then
		fail "$1" "  expected: a line matching /$2/" "  actual:"
		diag_output "$3"
		return 1
	fi
}

# check_no_match WHAT ERE TEXT: no line of TEXT matches ERE.
check_no_match()
{
	local hit

	hit=$(grep -E -- "$2" <<<"$3")
	if [[ -n $hit ]]; then
		fail "$1" "  expected: no line matching /$2/" "  actual:"
		diag_output "$hit"
		return 1
	fi
}

# state_snapshot: everything a refused request must leave unchanged, in
# this namespace or, when SNAP_NS is set, in that one. The shows run as
# one batch (one process: check_fail takes two snapshots a refusal, and
# a process costs a lot in a TCG guest), each printing its own array.
state_snapshot()
{
	local nsarg=()

	[[ -z ${SNAP_NS:-} ]] || nsarg=(-n "$SNAP_NS")
	# No jq here: under TCG its start (it compiles its builtins) costs
	# far more than the rest of a refusal check, and this runs twice per
	# check. The CLI's compact JSON is already one deterministic line per
	# show; a learned entry's age (its last field) and the time since a
	# PAN's membership of its group changed (after the group's other
	# fields) are clocks, not state a request changes.
	echo "== panswitch -j -f -b: switch, port, pan, neigh, tenant, entry, remote show"
	printf '%s show\n' switch port pan neigh tenant entry remote |
		"$PSW" "${nsarg[@]}" -j -f -b - 2>&1 |
		sed -E 's/,"(age|since_ms|probe_age_ms)":[0-9]+//g'
	# Each link's name, master and address: not its flags or operstate,
	# which carrier events change on their own.
	echo "== masters and addresses"
	ip "${nsarg[@]}" -o link show 2>&1 |
		awk '{
			m = "-"; a = "-"
			for (i = 3; i < NF; i++) {
				if ($i == "master")
					m = $(i + 1)
				if ($i ~ /^link\//)
					a = $(i + 1)
			}
			print $2, m, a
		}'
}

# check_fail CMD... EXPECT_EXIT EXPECT_MSG
# CMD must exit with EXPECT_EXIT, print (stdout or stderr) a line matching
# the extended regex EXPECT_MSG (case-insensitive; the CLI's prefixes
# "kernel reports: " and "panswitch: " are not part of what is matched),
# and leave state_snapshot byte-identical.
check_fail()
{
	if (($# < 3)); then
		fail "check_fail needs CMD... EXPECT_EXIT EXPECT_MSG"
		return 1
	fi
	local exp_msg=${*: -1}
	local exp_rc=${*: -2:1}
	local cmd=("${@:1:$#-2}")
	local before after rc=0 bad=0

	before=$(state_snapshot)
	OUT=$("${cmd[@]}" 2>&1) || rc=$?
	after=$(state_snapshot)

	[[ $rc == "$exp_rc" ]] || bad=1
	# The pattern must match the message itself, not the CLI's prefixes
	# (the word "reports" contains "port").
	sed -E 's/^(kernel reports|panswitch): //' <<<"$OUT" |
		grep -qiE -- "$exp_msg" || bad=1
	[[ $before == "$after" ]] || bad=1
	((bad)) || return 0

	fail "refusal not as expected: $(quote_cmd "${cmd[@]}")" \
		"  expected: exit $exp_rc, a message matching /$exp_msg/ (case-insensitive), state unchanged" \
		"  actual:   exit $rc, output:"
	diag_output "$OUT"
	if [[ $before != "$after" ]]; then
		diag "  state changed (diff before after):"
		echo "$before" >"$TMPD/state.before"
		echo "$after" >"$TMPD/state.after"
		diag_output "$(diff "$TMPD/state.before" "$TMPD/state.after")"
	else
		diag "  state unchanged"
	fi
	return 1
}

# hcheck_fail H CMD... EXPECT_EXIT EXPECT_MSG: check_fail, the state being
# that of H's namespace (a host's, see "Hosts" below).
hcheck_fail()
{
	local SNAP_NS

	SNAP_NS=$(ns_of "$1")
	shift
	check_fail "$@"
}

# wait_until TENTHS CMD...: run CMD every 0.1 s until it succeeds, at most
# TENTHS times; returns CMD's last status.
wait_until()
{
	local n=$1 i
	shift

	for ((i = 1; i < n; i++)); do
		"$@" >/dev/null 2>&1 && return 0
		sleep 0.1
	done
	"$@" >/dev/null 2>&1
}

# monitor_synced FILE [PSW-OPTION...]: a change of our own (PAN 4000 added
# to and deleted from psw0), then true if the monitor writing FILE printed
# it, i.e. it is listening. Start a monitor, then
# `wait_until 100 monitor_synced FILE` before the changes it must see;
# those come after the PAN 4000 events in FILE.
monitor_synced()
{
	local f=$1

	shift
	"$PSW" "$@" pan add psw0 4000 >/dev/null 2>&1
	"$PSW" "$@" pan del psw0 4000 >/dev/null 2>&1
	grep -q 4000 "$f"
}

# --------------------------------------------------------------------------
# Unprivileged runs
# --------------------------------------------------------------------------

UNPRIV=(setpriv --reuid=65534 --regid=65534 --clear-groups)

# unpriv_usable: setpriv can drop to uid 65534 (util-linux setpriv, not
# busybox's, which has no --reuid).
unpriv_usable()
{
	[[ $("${UNPRIV[@]}" id -u 2>/dev/null) == 65534 ]]
}

# shellcheck disable=SC2034 # the tests use it
UNPRIV_RAW=()	# a command prefix: uid 65534 with CAP_NET_RAW only

# unpriv_raw_find H: set UNPRIV_RAW to the setpriv that gives uid 65534
# CAP_NET_RAW (bit 13) and nothing else, in host H; fails if none does.
unpriv_raw_find()
{
	local opts eff
	local -a cmd

	for opts in "--inh-caps=+net_raw --ambient-caps=+net_raw" \
		"--securebits=+keep_caps --inh-caps=+net_raw --ambient-caps=+net_raw"; do
		# shellcheck disable=SC2206 # the options are words
		cmd=(setpriv --reuid=65534 --regid=65534 --clear-groups $opts)
		eff=$(hexec "$1" "${cmd[@]}" awk '/^CapEff/ { print $2 }' /proc/self/status 2>/dev/null)
		if [[ $(hexec "$1" "${cmd[@]}" id -u 2>/dev/null) == 65534 &&
			$eff == 0000000000002000 ]]; then
			# shellcheck disable=SC2034 # the tests use it
			UNPRIV_RAW=("${cmd[@]}")
			return 0
		fi
	done
	return 1
}

# --------------------------------------------------------------------------
# Counters
# --------------------------------------------------------------------------

# counter SPEC: print the current value of a counter (see the header).
counter()
{
	local kind a b field

	IFS=: read -r kind a b field <<<"$1"
	case $kind in
	port | pan)
		"$PSW" -j stats show "$a" "$kind" "$b" | json_get ".0.$field"
		;;
	vm)
		ip -n "${VM_NS[$a]}" -j -s link show dev eth0 |
			json_get ".0.stats64.$b.packets"
		;;
	link)
		if [[ $a == - ]]; then
			ip -j -s link show dev "$b"
		else
			ip -n "$a" -j -s link show dev "$b"
		fi | json_get ".0.stats64.$field.packets"
		;;
	*)
		echo "bad counter spec $1"
		;;
	esac
}

# json_get PATH: the scalar at PATH (".0.drops.entry_drop") of the JSON on
# stdin, printed as jq -r prints it; exit 1 if there is none. For counters,
# read many times a case: awk starts in a fraction of jq 1.6's time.
json_get()
{
	awk -v path="$1" -f "$LIB_DIR/json_get.awk"
}

# counter_what SPEC: a human description, with the command that reads it.
counter_what()
{
	local kind a b field

	IFS=: read -r kind a b field <<<"$1"
	case $kind in
	port) echo "port $b $field (panswitch -j stats show $a port $b)" ;;
	pan) echo "PAN $b $field (panswitch -j stats show $a pan $b)" ;;
	vm) echo "$a's eth0 $b packets (ip -n ${VM_NS[$a]} -s link show eth0)" ;;
	link) echo "$b $field packets (ip -n $a -s link show $b)" ;;
	*) echo "$1" ;;
	esac
}

declare -A SNAP=()

# snap SPEC...: remember the current value of each counter.
snap()
{
	local spec

	SNAP=()
	for spec in "$@"; do
		SNAP[$spec]=$(counter "$spec" 2>&1)
	done
}

# expect_delta SPEC OP N: the counter moved by (eq|ge|gt|le) N since snap
# (ge and gt: see grown).
# check_delta WHAT BEFORE NOW OP N: NOW - BEFORE compares to N with OP
# (eq, ge, gt, le); WHAT names the counter in the failure message.
check_delta()
{
	local what=$1 before=$2 now=$3 op=$4 n=$5 delta ok

	if ! [[ $before =~ ^[0-9]+$ && $now =~ ^[0-9]+$ ]]; then
		fail "counter unreadable: $what" \
			"  before: '$before'" "  now:    '$now'"
		return 1
	fi
	delta=$((now - before))
	case $op in
	eq) ((delta == n)) && ok=1 || ok=0 ;;
	ge) ((delta >= n)) && ok=1 || ok=0 ;;
	gt) ((delta > n)) && ok=1 || ok=0 ;;
	le) ((delta <= n)) && ok=1 || ok=0 ;;
	*) ok=0 ;;
	esac
	if ((!ok)); then
		fail "counter $what" \
			"  expected: change -$op $n" \
			"  actual:   change $delta (from $before to $now)"
		return 1
	fi
}

expect_delta()
{
	local spec=$1 before now

	before=${SNAP[$spec]-"(not snapped)"}
	now=$(counter "$spec" 2>&1)
	now=$(grown "$2" "$3" "$before" "$now" counter "$spec")
	check_delta "$(counter_what "$spec")" "$before" "$now" "$2" "$3"
}

# grown OP N BEFORE NOW CMD...: NOW, or for OP ge and gt, once NOW - BEFORE
# is not yet enough, CMD's reading after up to 3 s of waiting for it to be.
# Counters only grow, so waiting for frames still on their way (a guest's
# backlog, ARP's one-second retries) cannot make a wrong count pass; eq
# and le are never waited for (the cases put a ge on the frames' own
# counter first).
grown()
{
	local op=$1 n=$2 before=$3 now=$4 i
	shift 4

	if [[ $op == g[et] && $before =~ ^[0-9]+$ ]]; then
		for ((i = 0; i < 30; i++)); do
			[[ $now =~ ^[0-9]+$ ]] || break
			if [[ $op == ge ]]; then
				((now - before >= n)) && break
			else
				((now - before > n)) && break
			fi
			sleep 0.1
			now=$("$@" 2>&1)
		done
	fi
	echo "$now"
}

# shellcheck source=lib_topology.sh
source "$LIB_DIR/lib_topology.sh"
# shellcheck source=lib_transport.sh
source "$LIB_DIR/lib_transport.sh"
# shellcheck source=lib_frames.sh
source "$LIB_DIR/lib_frames.sh"
