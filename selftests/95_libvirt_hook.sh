#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 95_libvirt_hook.sh - the libvirt qemu hook (tools/libvirt/qemu, installed
# in the guest as /etc/libvirt/hooks/qemu.d/panswitch) run by hand as
# libvirt runs it: DOMAIN OPERATION SUB-OPERATION EXTRA, the domain XML on
# stdin (the samples of tools/libvirt/testdata, as virsh dumpxml prints
# them), against the real CLI and module, with taps made by ip tuntap.
# And panswitchd's readiness datagram to $NOTIFY_SOCKET (Type=notify).
#
# Asserts: prepare passes when the switch and the PAN exist and refuses
# (exit 1, a message) a required port whose PAN does not, changing
# nothing; started attaches web1's tap to psw0 in PAN 7 with its MAC and
# db2's two taps to PANs 100 and 200 (one with its external MAC), and
# leaves its network-type interface alone; started again changes nothing;
# a foreign domain (no panswitch metadata, a bridge interface with web1's
# MAC, an ethernet tap) changes nothing for any operation, while web1's
# stopped, in the same state, detaches its tap (the tap stays); release
# then is fine; an incoming migrate prints nothing and changes nothing;
# panswitchd sends READY=1 to a listener that a datagram of our own
# reached first.

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

HOOK=/etc/libvirt/hooks/qemu.d/panswitch
XML=/usr/share/panswitch/libvirt
AGENT=/usr/sbin/panswitchd
TAPS=(vnet3 vnet5 vnet6 db2-back vnet8)

require_tools
ensure_module
kmsg_mark
[[ -x $HOOK ]] || ktap_bail "$HOOK missing (tools/testvm/mkinitramfs.sh copies it)"
command -v python3 >/dev/null || ktap_bail "python3 missing in the guest (mkinitramfs.sh)"
[[ -e $XML/web1.xml ]] || ktap_bail "$XML/web1.xml missing (mkinitramfs.sh)"

# hook DOMXML OP: run the hook as libvirt does; RC, HOUT (stdout), HERR
hook()
{
	local xml=$1 op=$2 sub=begin dom

	case $op in stopped | release) sub=end ;; esac
	dom=$(sed -n 's|.*<name>\(.*\)</name>.*|\1|p' "$XML/$xml" | head -1)
	RC=0
	PANSWITCH_CLI=$PSW PANSWITCH_HOOK_SYSLOG=0 "$HOOK" "$dom" "$op" "$sub" - \
		<"$XML/$xml" >"$TMPD/hout" 2>"$TMPD/herr" || RC=$?
	HOUT=$(cat "$TMPD/hout")
	HERR=$(cat "$TMPD/herr")
	diag_output "$HERR"
}

# check_hook WHAT RC: the last hook run exited RC and printed nothing
check_hook()
{
	check_eq "$1: exit status (stderr: $HERR)" "$2" "$RC" || return 1
	check_eq "$1: stdout" "" "$HOUT"
}

setup()
{
	local t

	load_kmods tun
	switch_add psw0 || return 1
	check_run ip link set psw0 up || return 1
	for t in 7 100 200; do
		check_run "$PSW" pan add psw0 "$t" || return 1
	done
	for t in "${TAPS[@]}"; do
		check_run ip tuntap add dev "$t" mode tap || return 1
		defer ip link del "$t"
		no_ipv6 - "$t"
		check_run ip link set "$t" up || return 1
	done
}

case_prepare()
{
	local before

	hook web1-inactive.xml prepare
	check_hook "web1 prepare, psw0 and PAN 7 exist" 0 || return 1
	check_run "$PSW" pan del psw0 7 || return 1
	before=$(state_snapshot)
	hook web1-inactive.xml prepare
	check_hook "web1 prepare, no PAN 7 (required)" 1
	check_match "the reason" "PAN 7 does not exist on psw0" "$HERR"
	check_eq "prepare changed nothing" "$before" "$(state_snapshot)"
	check_run "$PSW" pan add psw0 7
}

case_started()
{
	hook web1.xml started
	check_hook "web1 started" 0 || return 1
	check_json "$PSW" -j port show psw0 dev vnet3 || return 1
	check_jq "$JSON" '.[0] | .role == "vm" and .pan == 7 and
		.macs == ["52:54:00:6b:3c:01"]'
	check_json ip -j link show vnet3 || return 1
	check_jq "$JSON" '.[0].master == "psw0"'
	check_json "$PSW" -j entry show psw0 pan 7 || return 1
	check_jq "$JSON" 'any(.[]; .mac == "52:54:00:6b:3c:01")'
}

case_started_again()
{
	local before

	before=$(state_snapshot)
	hook web1.xml started
	check_hook "web1 started again" 0 || return 1
	check_match "says so" "attached to psw0 pan 7 already" "$HERR"
	check_eq "nothing changed" "$before" "$(state_snapshot)"
}

case_two_pans()
{
	hook db2.xml started
	check_hook "db2 started" 0 || return 1
	check_json "$PSW" -j port show psw0 || return 1
	check_jq "$JSON" 'any(.[]; .dev == "vnet5" and .pan == 100 and
		.macs == ["52:54:00:a1:02:01"])'
	check_jq "$JSON" 'any(.[]; .dev == "db2-back" and .pan == 200 and
		.macs == ["52:54:00:a1:02:02"] and .ext == "0a:00:00:00:02:02")'
	check_jq "$JSON" 'all(.[]; .dev != "vnet6")'
}

# foreign.xml's bridge interface has web1's MAC and its ethernet tap vnet8
# exists: a hook that matched anything but its own metadata would attach
# or detach. web1's stopped in the same state is the control.
case_foreign_then_stopped()
{
	local before op

	before=$(state_snapshot)
	for op in prepare start started reconnect stopped release; do
		hook foreign.xml "$op"
		check_hook "foreign $op" 0 || return 1
	done
	check_eq "foreign XML changed nothing" "$before" "$(state_snapshot)"
	hook web1.xml stopped
	check_hook "web1 stopped" 0 || return 1
	[[ $before != "$(state_snapshot)" ]] ||
		fail "control: web1's stopped changed nothing either"
	check_json "$PSW" -j port show psw0 || return 1
	check_jq "$JSON" 'all(.[]; .dev != "vnet3") and any(.[]; .dev == "vnet5")'
	check_json ip -j link show vnet3 || return 1
	check_jq "$JSON" '.[0] | has("master") | not'
}

case_release()
{
	local before

	before=$(state_snapshot)
	hook web1.xml release
	check_hook "web1 release after stopped" 0 || return 1
	check_match "says so" "detached already" "$HERR"
	check_eq "nothing changed" "$before" "$(state_snapshot)"
}

case_migrate()
{
	local before

	before=$(state_snapshot)
	hook db2-migrate.xml migrate
	check_hook "db2 migrate" 0 || return 1
	check_eq "nothing changed" "$before" "$(state_snapshot)"
}

case_notify()
{
	local sock=$TMPD/notify out=$TMPD/notified pid agent

	[[ -x $AGENT ]] || { fail "$AGENT is not in the guest"; return 1; }
	mkdir -p "$TMPD/store"
	timeout 120 socat -u "UNIX-RECV:$sock" "OPEN:$out,creat,append" &
	pid=$!
	defer kill "$pid"
	wait_until 100 test -S "$sock" || { fail "no socket from socat"; return 1; }
	check_run socat -u - "UNIX-SENDTO:$sock" <<<"control" || return 1
	wait_until 100 grep -q control "$out" ||
		{ fail "control datagram not received"; return 1; }
	NOTIFY_SOCKET=$sock "$AGENT" -s "dir:$TMPD/store" -H h1 \
		>"$TMPD/agent.log" 2>&1 &
	agent=$!
	defer kill "$agent"
	if ! wait_until 300 grep -q "READY=1" "$out"; then
		fail "no READY=1 from panswitchd" "  its log:"
		diag_output "$(cat "$TMPD/agent.log")"
		return 1
	fi
	check_match "with a status" "STATUS=no desired state" "$(cat "$out")"
	kill "$agent"
	wait_until 100 grep -q "STOPPING=1" "$out" ||
		fail "no STOPPING=1 after SIGTERM"
}

ktap_plan 10
run_setup "psw0 with PANs 7, 100, 200; taps vnet3 vnet5 vnet6 db2-back vnet8" setup
run_case "prepare: ok with PAN 7; refused without it (required), nothing changed" case_prepare
run_case "started: web1's vnet3 attached to psw0 PAN 7 with its MAC" case_started
run_case "started again: attached already, nothing changed" case_started_again
run_case "db2 started: two taps in PANs 100 and 200 (one with ext), the network one not" case_two_pans
run_case "foreign XML changes nothing; web1 stopped in that state detaches vnet3" \
	case_foreign_then_stopped
run_case "release after stopped: gone already, nothing changed" case_release
run_case "incoming migrate: no output, nothing changed" case_migrate
run_case "panswitchd: READY=1 on NOTIFY_SOCKET (after a control datagram)" case_notify
run_case "no kernel warnings" check_kernel_log
ktap_finish
