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

ktap_plan()
{
	KTAP_PLAN=$1
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
	local desc=$1 rc=0
	shift

	CASE_FAILED=0
	SKIP_REASON=""
	"$@" || rc=$?
	if ((rc != 4 && CASE_FAILED)); then
		rc=1
	fi
	if ((rc != 0 && rc != 4)); then
		diag "case failed: $desc"
	fi
	ktap_result "$rc" "$desc"
	return 0
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

KERNEL_BAD_RE='BUG:|WARNING:|Oops|general protection fault|kernel BUG|unregister_netdevice: waiting|refcount_t:|KASAN:|UBSAN:|list_add corruption|list_del corruption|use-after-free'

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
# this namespace or, when SNAP_NS is set, in that one.
state_snapshot()
{
	local obj nsarg=()

	[[ -z ${SNAP_NS:-} ]] || nsarg=(-n "$SNAP_NS")
	for obj in switch port pan entry; do
		echo "== panswitch -j $obj show"
		"$PSW" "${nsarg[@]}" -j "$obj" show 2>&1
	done
	echo "== masters and addresses"
	ip "${nsarg[@]}" -j link show 2>&1 |
		jq -c '[.[] | {ifname, master, address}]' 2>&1
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

# --------------------------------------------------------------------------
# Topology
# --------------------------------------------------------------------------

declare -A VM_NS=()	# VM name -> its network namespace

# set_sysctl NETNS PATH VALUE: write /proc/sys/PATH in NETNS ("-": here).
set_sysctl()
{
	local ns=$1 path=/proc/sys/$2 value=$3

	if [[ $ns == - ]]; then
		[[ -e $path ]] && echo "$value" >"$path"
	else
		ip netns exec "$ns" bash -c '[[ ! -e $1 ]] || echo "$2" >"$1"' _ "$path" "$value"
	fi
}

# no_ipv6 NETNS DEV: no IPv6 on DEV, so no DAD/MLD/RS frames.
no_ipv6()
{
	set_sysctl "$1" "net/ipv6/conf/$2/disable_ipv6" 1
}

link_exists()
{
	ip link show dev "$1" >/dev/null 2>&1
}

link_absent()
{
	! link_exists "$1"
}

# remove_stale_link NAME: a link of that name left by an earlier run (its
# namespace may still be dying) must go before we create ours.
remove_stale_link()
{
	link_exists "$1" || return 0
	diag "removing stale link $1"
	ip link del dev "$1" 2>/dev/null
	wait_until 100 link_absent "$1"
}

# switch_add NAME: create a switch with the CLI, deleted at exit.
switch_add()
{
	if link_exists "$1"; then
		diag "removing stale switch $1"
		"$PSW" switch del "$1" >/dev/null 2>&1 || ip link del dev "$1" 2>/dev/null
	fi
	check_run "$PSW" switch add "$1" || return 1
	defer ip link del dev "$1"
	defer "$PSW" switch del "$1"
	no_ipv6 - "$1"
}

# veth_add NAME: a veth pair NAME <-> NAME"p", both here, both up, no IPv6.
veth_add()
{
	local name=$1 peer=${1}p

	remove_stale_link "$name" && remove_stale_link "$peer" || return 1
	check_run ip link add "$name" type veth peer name "$peer" || return 1
	defer ip link del dev "$name"
	no_ipv6 - "$name"
	no_ipv6 - "$peer"
	check_run ip link set "$name" up || return 1
	check_run ip link set "$peer" up
}

# vm_add VM PORT MAC ADDR/PLEN: network namespace $TAG-VM with lo and eth0
# (MAC, ADDR), its veth peer PORT here. Everything up, IPv6 off everywhere.
vm_add()
{
	local vm=$1 port=$2 mac=$3 addr=$4
	local ns="$TAG-$vm"

	remove_stale_link "$port" || return 1
	check_run ip netns add "$ns" || return 1
	defer ip netns del "$ns"
	VM_NS[$vm]=$ns
	set_sysctl "$ns" net/ipv6/conf/all/disable_ipv6 1
	set_sysctl "$ns" net/ipv6/conf/default/disable_ipv6 1
	check_run ip link add "$port" type veth peer name eth0 netns "$ns" || return 1
	# Deleted explicitly (synchronously) before its namespace, so that the
	# next test never finds a dying link of the same name.
	defer ip link del dev "$port"
	no_ipv6 - "$port"
	no_ipv6 "$ns" eth0
	check_run ip -n "$ns" link set lo up &&
		check_run ip -n "$ns" link set eth0 address "$mac" &&
		check_run ip -n "$ns" addr add "$addr" dev eth0 &&
		check_run ip -n "$ns" link set eth0 up &&
		check_run ip link set "$port" up
}

# vm_port_add VM MAC IP PAN: VM (a namespace with MAC and IP/24) whose
# host-side veth, also named VM, is a vm port of psw0 in PAN.
vm_port_add()
{
	vm_add "$1" "$1" "$2" "$3/24" || return 1
	check_run "$PSW" port add psw0 dev "$1" pan "$4" mac "$2"
}

vm_ns()
{
	echo "${VM_NS[$1]}"
}

# vm_exec VM CMD...: run CMD inside VM's namespace.
vm_exec()
{
	local ns=${VM_NS[$1]}
	shift
	ip netns exec "$ns" "$@"
}

# flush_neigh VM...: forget learnt neighbours (not permanent ones), so the
# next packet ARPs again and no delayed ARP probe is pending.
flush_neigh()
{
	local vm

	for vm in "$@"; do
		ip -n "${VM_NS[$vm]}" neigh flush dev eth0 >/dev/null 2>&1
	done
}

# static_neigh VM ADDR MAC: a permanent neighbour entry in VM.
static_neigh()
{
	check_run ip -n "${VM_NS[$1]}" neigh replace "$2" lladdr "$3" dev eth0 nud permanent
}

PING_OK=(ping -c 2 -i 0.2 -W 2)
PING_NOREPLY=(ping -c 2 -i 0.2 -W 1)

# check_ping VM ADDR: VM gets a reply from ADDR.
check_ping()
{
	local ns=${VM_NS[$1]}

	check_run ip netns exec "$ns" "${PING_OK[@]}" "$2" && return 0
	diag "  neighbours in $ns:"
	diag_output "$(ip -n "$ns" neigh show 2>&1)"
	return 1
}

# check_no_ping VM ADDR: VM gets no reply from ADDR.
check_no_ping()
{
	local ns=${VM_NS[$1]} rc=0 cmd

	cmd=(ip netns exec "$ns" "${PING_NOREPLY[@]}" "$2")
	OUT=$("${cmd[@]}" 2>&1) || rc=$?
	if ((rc == 0)); then
		fail "ping got a reply: $(quote_cmd "${cmd[@]}")" \
			"  expected: no reply (non-zero exit)" \
			"  actual:   exit 0, output:"
		diag_output "$OUT"
		return 1
	fi
}

# send_frames VM ADDR: two ICMP echo requests, replies or not.
send_frames()
{
	vm_exec "$1" "${PING_NOREPLY[@]}" "$2" >/dev/null 2>&1
	return 0
}

# send_broadcast VM BCAST_ADDR: two ICMP echo requests to the broadcast
# address (ff:ff:ff:ff:ff:ff); nobody answers (icmp_echo_ignore_broadcasts).
send_broadcast()
{
	vm_exec "$1" "${PING_NOREPLY[@]}" -b "$2" >/dev/null 2>&1
	return 0
}

# arping_cmd: prints the arping command to use, or fails.
arping_cmd()
{
	if command -v arping >/dev/null 2>&1; then
		echo arping
	elif busybox --list 2>/dev/null | grep -x arping >/dev/null; then
		echo "busybox arping"
	else
		return 1
	fi
}

# send_arping VM ADDR: two broadcast ARP requests, if an arping exists.
send_arping()
{
	local cmd

	cmd=$(arping_cmd) || return 1
	# shellcheck disable=SC2086 # "busybox arping" is two words
	vm_exec "$1" $cmd -b -c 2 -w 2 -I eth0 "$2" >/dev/null 2>&1
	return 0
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
		"$PSW" -j stats show "$a" "$kind" "$b" |
			jq -r --arg f "$field" '.[0] | getpath($f / ".")'
		;;
	vm)
		ip -n "${VM_NS[$a]}" -j -s link show dev eth0 |
			jq -r --arg d "$b" '.[0].stats64[$d].packets'
		;;
	link)
		if [[ $a == - ]]; then
			ip -j -s link show dev "$b"
		else
			ip -n "$a" -j -s link show dev "$b"
		fi | jq -r --arg d "$field" '.[0].stats64[$d].packets'
		;;
	*)
		echo "bad counter spec $1"
		;;
	esac
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

# expect_delta SPEC OP N: the counter moved by (eq|ge|gt|le) N since snap.
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
	check_delta "$(counter_what "$spec")" "$before" "$now" "$2" "$3"
}

# --------------------------------------------------------------------------
# Switch state queries
# --------------------------------------------------------------------------

# port_master DEV [NETNS]: the master of DEV per ip link, "null" if none.
port_master()
{
	if [[ -n ${2:-} ]]; then
		ip -n "$2" -j link show dev "$1"
	else
		ip -j link show dev "$1"
	fi | jq -r '.[0].master // "null"'
}

# check_master DEV EXPECTED [NETNS]: EXPECTED is a switch name or "null".
check_master()
{
	check_eq "master of $1 (ip -j link show dev $1 | jq .[0].master)" \
		"$2" "$(port_master "$1" "${3:-}" 2>&1)"
}

ifindex_of()
{
	ip -j link show dev "$1" | jq -r '.[0].ifindex'
}

# --------------------------------------------------------------------------
# Hosts, physical networks and captures (MAC translation, encapsulation)
# --------------------------------------------------------------------------
#
# A "host" is a network namespace with a switch of its own, psw0 (switch
# names are per namespace). A "physical network" is a namespace holding a
# bridge br0 into which hosts' devices are plugged with veth pairs. VMs are
# namespaces behind veth pairs whose host end (named like the VM) is in a
# host. Everything is removed at exit like the rest (see defer).
#
#   host_add H                 namespace $TAG-H; links born with IPv6 off
#   hexec H CMD...             CMD in H's namespace (H: a host, net or VM)
#   hpsw H ARGS...             panswitch -n <H's namespace> ARGS
#   host_switch_add H          psw0 in H, up
#   l2net_add NET              namespace $TAG-NET with the bridge br0
#   l2net_attach NET H DEV MAC veth DEV in H, its peer H_DEV a port of br0
#   link_pair H1 D1 M1 H2 D2 M2  a veth pair D1 (in H1) <-> D2 (in H2)
#   host_addr H DEV ADDR/PLEN...  addresses on DEV (an IPv6 one turns IPv6
#                              on for DEV, without DAD), DEV up
#   hvm_add H VM MAC ADDR4/PLEN|- [ADDR6/PLEN]
#                              VM namespace whose eth0 has MAC and the
#                              addresses; the veth's other end, VM, in H
#   hvm_port_add H VM PAN MAC EXT|- ADDR4/PLEN|- [ADDR6/PLEN]
#                              hvm_add, then VM is a vm port of H's psw0 in
#                              PAN with MAC and external MAC EXT
#   check_hping H ADDR         H (its own stack) gets a reply from ADDR
# counters   hcounter SPEC; hsnap SPEC...; [hnow SPEC...;] hexpect_delta
#            SPEC OP N, where SPEC is any counter SPEC (see the top) or
#              hpan:H:PAN:FIELD   panswitch -n H -j stats show psw0 pan PAN
#              hport:H:DEV:FIELD  panswitch -n H -j stats show psw0 port DEV
#              hsw:H:FIELD        panswitch -n H -j -s switch show psw0,
#                                 its "stats" object
#              hlink:H:DEV:rx|tx  packets of DEV in H
#              snmp:H:Proto:Field /proc/net/snmp of H (Udp:NoPorts, ...)
#              snmp6:H:Field      /proc/net/snmp6 of H (Udp6NoPorts, ...)
#            hsnap and hnow read each host's switch once (one panswitch
#            and one jq per host, not per counter: TCG is slow). hnow
#            takes the "after" values of its SPECs at once; hexpect_delta
#            uses them until the next hsnap, and reads on its own any SPEC
#            hnow did not read.
#            hpan_stats H PAN prints the PAN's whole stats object: two
#            equal prints mean that not one frame of the PAN moved.
# captures   cap_start NAME H DEV [TCPDUMP_ARGS...] (tcpdump -w
#            $TMPD/NAME.pcap, returns once it listens); cap_stop NAME;
#            cap_read NAME [TCPDUMP_ARGS...] (tcpdump -r -nn);
#            cap_bytes NAME [FILTER...]: one line per frame, its bytes in
#            hex (" 02 00 ... "); mac_bytes MAC in the same form.
#
# VMs made here keep learnt neighbours REACHABLE, and never re-probe them,
# for the length of a test (quiet_neigh): after the first resolution, no
# ARP or ND frame moves a counter behind the test's back.

declare -A HOST_NS=()	# host or physical network name -> its namespace

# ns_of NAME: the namespace of a host, network or VM; NAME itself if none.
ns_of()
{
	if [[ -n ${HOST_NS[$1]-} ]]; then
		echo "${HOST_NS[$1]}"
	elif [[ -n ${VM_NS[$1]-} ]]; then
		echo "${VM_NS[$1]}"
	else
		echo "$1"
	fi
}

hexec()
{
	local ns

	ns=$(ns_of "$1")
	shift
	ip netns exec "$ns" "$@"
}

hpsw()
{
	local ns

	ns=$(ns_of "$1")
	shift
	"$PSW" -n "$ns" "$@"
}

# check_transfer FILE FROM TO ADDR PORT: FROM sends FILE over TCP (socat)
# to a listener in TO on ADDR:PORT (an IPv4 address or a bracketed IPv6
# one); the same bytes arrive (size and SHA-256). FROM and TO are hosts,
# networks or VMs (ns_of).
check_transfer()
{
	local file=$1 from=$2 to=$3 addr=$4 port=$5 out=$TMPD/rx-$3 rpid rc=0

	if ! command -v socat >/dev/null 2>&1; then
		fail "socat is not installed (tools/vm/mkinitramfs.sh copies it)"
		return 1
	fi
	rm -f "$out"
	hexec "$to" timeout 120 socat -u "TCP-LISTEN:$port,reuseaddr" \
		"OPEN:$out,creat,trunc" >"$out.log" 2>&1 &
	rpid=$!
	check_run hexec "$from" timeout 120 socat -u "OPEN:$file" \
		"TCP:$addr:$port,retry=100,interval=0.1"
	wait "$rpid" || rc=$?
	if ((rc != 0)); then
		fail "receiving socat in $to exited $rc" "  its output:"
		diag_output "$(cat "$out.log")"
	fi
	check_eq "bytes $to received" "$(stat -c %s "$file")" "$(stat -c %s "$out" 2>&1)"
	check_eq "SHA-256 of what $to received" \
		"$(sha256sum <"$file" | cut -d' ' -f1)" "$(sha256sum <"$out" | cut -d' ' -f1)"
}

# set_sysctls NETNS PATH=VALUE...: write each /proc/sys/PATH (that exists)
# in NETNS, with one process.
set_sysctls()
{
	local ns=$1
	shift

	ip netns exec "$ns" bash -c '
		for kv in "$@"; do
			f=/proc/sys/${kv%%=*}
			[[ ! -e $f ]] || echo "${kv#*=}" >"$f"
		done' _ "$@"
}

# ns_new NETNS: a namespace, deleted at exit, whose links are born with
# IPv6 off (no DAD, MLD or router solicitation), and lo up.
ns_new()
{
	check_run ip netns add "$1" || return 1
	defer ip netns del "$1"
	set_sysctls "$1" net/ipv6/conf/default/disable_ipv6=1
	check_run ip -n "$1" link set lo up
}

host_add()
{
	ns_new "$TAG-$1" || return 1
	HOST_NS[$1]="$TAG-$1"
}

# ipv6_on NETNS DEV: IPv6 on DEV, with neither DAD nor router solicitation.
ipv6_on()
{
	set_sysctls "$1" "net/ipv6/conf/$2/accept_dad=0" \
		"net/ipv6/conf/$2/router_solicitations=0" \
		"net/ipv6/conf/$2/disable_ipv6=0"
}

# quiet_neigh NETNS DEV: neighbours learnt on DEV stay REACHABLE for 5 to
# 15 minutes, and one that went STALE is not probed for 10 minutes.
quiet_neigh()
{
	set_sysctls "$1" "net/ipv4/neigh/$2/base_reachable_time_ms=600000" \
		"net/ipv4/neigh/$2/delay_first_probe_time=600" \
		"net/ipv6/neigh/$2/base_reachable_time_ms=600000" \
		"net/ipv6/neigh/$2/delay_first_probe_time=600"
}

host_switch_add()
{
	local ns

	ns=$(ns_of "$1")
	check_run "$PSW" -n "$ns" switch add psw0 || return 1
	defer "$PSW" -n "$ns" switch del psw0
	check_run ip -n "$ns" link set psw0 up
}

l2net_add()
{
	local ns="$TAG-$1"

	ns_new "$ns" || return 1
	HOST_NS[$1]=$ns
	check_run ip -n "$ns" link add name br0 type bridge || return 1
	# No snooping: every multicast frame is flooded, like on a hub.
	check_run ip -n "$ns" link set br0 type bridge mcast_snooping 0 stp_state 0 &&
		check_run ip -n "$ns" link set br0 up
}

l2net_attach()
{
	local nns hns dev=$3 mac=$4 peer="$2_$3"

	nns=$(ns_of "$1")
	hns=$(ns_of "$2")
	check_run ip -n "$hns" link add name "$dev" address "$mac" type veth \
		peer name "$peer" netns "$nns" || return 1
	check_run ip -n "$nns" link set "$peer" master br0 &&
		check_run ip -n "$nns" link set "$peer" up &&
		check_run ip -n "$hns" link set "$dev" up
}

link_pair()
{
	local ns1 ns2

	ns1=$(ns_of "$1")
	ns2=$(ns_of "$4")
	check_run ip -n "$ns1" link add name "$2" address "$3" type veth \
		peer name "$5" address "$6" netns "$ns2" || return 1
	check_run ip -n "$ns1" link set "$2" up &&
		check_run ip -n "$ns2" link set "$5" up
}

host_addr()
{
	local ns dev=$2 a
	ns=$(ns_of "$1")
	shift 2

	for a in "$@"; do
		if [[ $a == *:* ]]; then
			ipv6_on "$ns" "$dev"
			check_run ip -n "$ns" -6 addr add "$a" dev "$dev" nodad || return 1
		else
			check_run ip -n "$ns" addr add "$a" dev "$dev" || return 1
		fi
	done
	check_run ip -n "$ns" link set "$dev" up
}

hvm_add()
{
	local hns vm=$2 mac=$3 addr4=$4 addr6=${5:-}
	local ns="$TAG-$2"

	hns=$(ns_of "$1")
	ns_new "$ns" || return 1
	VM_NS[$vm]=$ns
	check_run ip -n "$hns" link add name "$vm" type veth \
		peer name eth0 netns "$ns" || return 1
	quiet_neigh "$ns" eth0
	check_run ip -n "$ns" link set eth0 address "$mac" || return 1
	if [[ $addr4 != - ]]; then
		check_run ip -n "$ns" addr add "$addr4" dev eth0 || return 1
	fi
	if [[ -n $addr6 ]]; then
		ipv6_on "$ns" eth0
		check_run ip -n "$ns" -6 addr add "$addr6" dev eth0 nodad || return 1
	fi
	check_run ip -n "$ns" link set eth0 up &&
		check_run ip -n "$hns" link set "$vm" up
}

hvm_port_add()
{
	local h=$1 vm=$2 pan=$3 mac=$4 ext=$5 ext_args=()

	hvm_add "$h" "$vm" "$mac" "$6" "${7:-}" || return 1
	[[ $ext == - ]] || ext_args=(ext "$ext")
	check_run hpsw "$h" port add psw0 dev "$vm" pan "$pan" mac "$mac" "${ext_args[@]}"
}

check_hping()
{
	local ns

	ns=$(ns_of "$1")
	check_run ip netns exec "$ns" "${PING_OK[@]}" "$2"
}

# hcounter SPEC: the current value of a counter (see above).
hcounter()
{
	local kind a b field ns

	IFS=: read -r kind a b field <<<"$1"
	case $kind in
	hpan | hport)
		hpsw "$a" -j stats show psw0 "${kind#h}" "$b" |
			jq -r --arg f "$field" '.[0] | getpath($f / ".")'
		;;
	hsw)
		hpsw "$a" -j -s switch show psw0 |
			jq -r --arg f "$b" '.[0].stats | getpath($f / ".")'
		;;
	hlink)
		ns=$(ns_of "$a")
		ip -n "$ns" -j -s link show dev "$b" |
			jq -r --arg d "$field" '.[0].stats64[$d].packets'
		;;
	snmp)
		hexec "$a" awk -v p="$b:" -v f="$field" '$1 == p {
			if (!col) { for (i = 2; i <= NF; i++) if ($i == f) col = i; next }
			print $col }' /proc/net/snmp
		;;
	snmp6)
		hexec "$a" awk -v f="$b" '$1 == f { print $2 }' /proc/net/snmp6
		;;
	*)
		counter "$1"
		;;
	esac
}

hcounter_what()
{
	local kind a b field

	IFS=: read -r kind a b field <<<"$1"
	case $kind in
	hpan) echo "$a: PAN $b $field (panswitch -n $(ns_of "$a") -j stats show psw0 pan $b)" ;;
	hport) echo "$a: port $b $field (panswitch -n $(ns_of "$a") -j stats show psw0 port $b)" ;;
	hsw) echo "$a: switch $b (panswitch -n $(ns_of "$a") -j -s switch show psw0)" ;;
	hlink) echo "$a: $b $field packets (ip -n $(ns_of "$a") -s link show $b)" ;;
	snmp) echo "$a: $b $field (/proc/net/snmp)" ;;
	snmp6) echo "$a: $b (/proc/net/snmp6)" ;;
	*) counter_what "$1" ;;
	esac
}

declare -A HSNAP=()
declare -A HNOW=()

# hread_host H WITH_SWITCH: every counter of H's psw0, one "KEY VALUE" line
# each, KEY being a SPEC without ":H" (hpan:PAN:FIELD, hport:DEV:FIELD,
# and with WITH_SWITCH=1 hsw:FIELD).
hread_host()
{
	{
		hpsw "$1" -j stats show psw0
		[[ $2 == 0 ]] || hpsw "$1" -j -s switch show psw0
	} 2>/dev/null | jq -r '.[] |
		(if has("port") then "hport:\(.port):"
		 elif has("pan") then "hpan:\(.pan):"
		 else "hsw:" end) as $k |
		(if $k == "hsw:" then (.stats // {}) else . end) |
		paths(scalars) as $p |
		"\($k)\($p | map(tostring) | join(".")) \(getpath($p))"' 2>/dev/null
}

# hread ARRAY SPEC...: ARRAY[SPEC] = the value of each SPEC, the hpan,
# hport and hsw ones from one hread_host per host.
# shellcheck disable=SC2004,SC2034 # hread_out: the caller's array (nameref)
hread()
{
	local -n hread_out=$1
	local spec kind a b field key k v
	local -A hosts=() sw=() vals=()
	shift

	for spec in "$@"; do
		IFS=: read -r kind a b field <<<"$spec"
		case $kind in
		hpan | hport) hosts[$a]=1 ;;
		hsw) hosts[$a]=1 sw[$a]=1 ;;
		esac
	done
	for a in "${!hosts[@]}"; do
		# (A here-string: the guest has no /dev/fd for "< <(...)".)
		while read -r k v; do
			[[ -n $k ]] && vals["$a $k"]=$v
		done <<<"$(hread_host "$a" "${sw[$a]:-0}")"
	done
	for spec in "$@"; do
		IFS=: read -r kind a b field <<<"$spec"
		case $kind in
		hpan | hport) key="$a $kind:$b:$field" ;;
		hsw) key="$a hsw:$b" ;;
		*)
			hread_out[$spec]=$(hcounter "$spec" 2>&1)
			continue
			;;
		esac
		hread_out[$spec]=${vals[$key]-"(no such counter)"}
	done
}

hsnap()
{
	HSNAP=()
	HNOW=()
	hread HSNAP "$@"
}

hnow()
{
	HNOW=()
	hread HNOW "$@"
}

hexpect_delta()
{
	local spec=$1 before now

	before=${HSNAP[$spec]-"(not snapped)"}
	if [[ -n ${HNOW[$spec]+set} ]]; then
		now=${HNOW[$spec]}
	else
		now=$(hcounter "$spec" 2>&1)
	fi
	check_delta "$(hcounter_what "$spec")" "$before" "$now" "$2" "$3"
}

hpan_stats()
{
	hpsw "$1" -j stats show psw0 pan "$2" 2>&1 | jq -c '.[0]' 2>&1
}

declare -A CAP_PID=()

cap_start()
{
	local name=$1 dev=$3 ns pid file=$TMPD/$1.pcap
	ns=$(ns_of "$2")
	shift 3

	if ! command -v tcpdump >/dev/null 2>&1; then
		fail "tcpdump is not installed"
		return 1
	fi
	# -Z root: Debian's tcpdump drops to user tcpdump, who cannot write
	# into $TMPD. --immediate-mode: every frame is written as it arrives.
	ip netns exec "$ns" tcpdump -i "$dev" -nn -U --immediate-mode -Z root \
		-w "$file" "$@" >"$file.log" 2>&1 &
	pid=$!
	CAP_PID[$name]=$pid
	defer kill "$pid"
	if ! wait_until 100 grep -q "listening on" "$file.log"; then
		fail "tcpdump -i $dev in $ns did not start listening" "  its output:"
		diag_output "$(cat "$file.log")"
		return 1
	fi
}

cap_stop()
{
	local file=$TMPD/$1.pcap pid=${CAP_PID[$1]-} prev=-1 size i

	[[ -n $pid ]] || return 0
	# Until the file stops growing (at most 6 s), then stop tcpdump.
	for ((i = 0; i < 30; i++)); do
		size=$(stat -c %s "$file" 2>/dev/null || echo 0)
		[[ $size == "$prev" ]] && break
		prev=$size
		sleep 0.2
	done
	kill -INT "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	CAP_PID[$1]=""
	return 0
}

cap_read()
{
	local file=$TMPD/$1.pcap
	shift

	tcpdump -r "$file" -nn "$@" 2>/dev/null
}

cap_bytes()
{
	local file=$TMPD/$1.pcap
	shift

	tcpdump -r "$file" -nn -t -xx "$@" 2>/dev/null | awk '
		/^[ \t]+0x[0-9a-f]+:/ {
			for (i = 2; i <= NF; i++) {
				line = line " " substr($i, 1, 2)
				if (length($i) == 4)
					line = line " " substr($i, 3, 2)
			}
			next
		}
		{ if (line != "") print line " "; line = "" }
		END { if (line != "") print line " " }'
}

mac_bytes()
{
	echo " ${1//:/ } "
}

# --------------------------------------------------------------------------
# Crafted frames, in hex, for psw-send (tools/fuzz): eth sends them whole,
# udp, raw and frame carry the tunnel payloads
# --------------------------------------------------------------------------

printf -v PAD46 '%092d' 0

# hx MAC: its 12 hex digits.
hx()
{
	echo "${1//:/}"
}

# hexip A.B.C.D: 8 hex digits.
hexip()
{
	local IFS=.

	# shellcheck disable=SC2086 # split into four numbers on purpose
	printf '%02x%02x%02x%02x' $1
}

# pad60 HEX: zeros up to 60 bytes.
pad60()
{
	local h=$1

	while ((${#h} < 120)); do
		h+=00
	done
	echo "$h"
}

# plain DST SRC: a 60-byte frame of ethertype 0x88b5 (local experimental:
# every stack ignores it).
plain()
{
	echo "$(hx "$1")$(hx "$2")88b5$PAD46"
}

# tagged DST SRC TPID TCI: the same with one tag (TPID, TCI: 4 hex digits).
tagged()
{
	echo "$(hx "$1")$(hx "$2")$3$4""88b5$PAD46"
}

# arp_req MAC IP TARGET: an Ethernet broadcast ARP request "who has TARGET
# tell IP", from MAC.
arp_req()
{
	echo "ffffffffffff${1//:/}08060001080006040001${1//:/}$(hexip "$2")000000000000$(hexip "$3")"
}

# garp SRCMAC SHA IP: a gratuitous ARP request: IP is at SHA.
garp()
{
	local ip

	ip=$(hexip "$3")
	pad60 "ffffffffffff$(hx "$1")08060001080006040001$(hx "$2")${ip}000000000000${ip}"
}

# The IEEE 802.1 link-local frames a VM with source SRC could send.
bpdu()
{
	# 802.3 length 38, LLC 42 42 03, a configuration BPDU (all zero).
	pad60 "0180c2000000$(hx "$1")0026424203"
}

pause()
{
	pad60 "0180c2000001$(hx "$1")88080001ffff"
}

lacp()
{
	pad60 "0180c2000002$(hx "$1")88090101"
}

eapol()
{
	pad60 "0180c2000003$(hx "$1")888e01010000"
}

lldp()
{
	local m
	m=$(hx "$1")
	# chassis ID (MAC), port ID (MAC), TTL 120, end
	pad60 "0180c200000e${m}88cc020704${m}040703${m}060200780000"
}

# inet_csum HEX: the Internet checksum of the bytes, 4 hex digits.
inet_csum()
{
	local h=$1 s=0 i

	((${#h} % 4 == 0)) || h+=00
	for ((i = 0; i < ${#h}; i += 4)); do
		s=$((s + 16#${h:i:4}))
	done
	while ((s >> 16)); do
		s=$(((s & 0xffff) + (s >> 16)))
	done
	printf '%04x' $((~s & 0xffff))
}

# ra SRCMAC LLADDR PREFIX LIFETIME: a router advertisement to ff02::1 from
# the link-local address LLADDR (32 hex digits) with a prefix information
# option for PREFIX::/64 (16 hex digits; on-link, autonomous), a router
# lifetime of LIFETIME seconds and a source link-layer address option.
ra()
{
	local mac llsrc=$2 dst=ff020000000000000000000000000001 icmp csum
	mac=$(hx "$1")

	icmp="8600XXXX4000$(printf '%04x' "$4")0000000000000000"
	icmp+="030440c000278d0000093a8000000000${3}0000000000000000"
	icmp+="0101$mac"
	csum=$(inet_csum "${llsrc}${dst}$(printf '%08x' $((${#icmp} / 2)))0000003a${icmp//XXXX/0000}")
	echo "333300000001${mac}86dd60000000$(printf '%04x' $((${#icmp} / 2)))3aff${llsrc}${dst}${icmp//XXXX/$csum}"
}
