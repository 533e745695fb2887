#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 81_mcast_membership.sh - a PAN's membership of its underlay multicast
# group on demand (issue 16, items 3 and 5), in the cases 87_mcast.sh
# does not cover, each seen three ways: the kernel's membership (ip maddr
# on the underlay device), the IGMPv3 reports on the wire (tcpdump: a
# join exactly when the PAN's first port attaches, a leave when its last
# one goes, nothing for the ports between), and the notify group's
# PSW_CMD_MCAST_JOIN / PSW_CMD_MCAST_LEAVE as panswitch monitor prints
# them (text and JSON), with pan show's time since the last change.
# Cases: the first port joins and the second announces nothing; the last
# port leaves; a VM's namespace deleted; a PAN deleted (refused while a
# port holds the group, and a PAN sharing the group keeps it joined);
# the group removed and set again; an IPv6 group (MLDv2); rmmod.
#
# The host's igmp_qrv and mld_qrv (global: restored at exit) are 1 from
# before its underlay device exists: the kernel sends one report per
# change and no retransmission, so "exactly one report" is exact.
#
#  physical network net (bridge br0, no snooping)
#    ha 192.0.2.1 and 2001:db8::1 on u0: psw0; PAN 100 (group G1), PAN 200
#       (G2), PANs 300 and 301 (both G3), PAN 400 (G6, IPv6); VMs come and
#       go on them, each in its netns

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"
# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib_mcast.sh"

G1=239.1.1.100
G2=239.1.1.200
G3=239.1.1.33
G6=ff0e::81
HA4=192.0.2.1
HA6=2001:db8::1
MON_TEXT=$TMPD/monitor.txt
MON_JSON=$TMPD/monitor.json
declare -A MON_PID=()
MARK=4000

setup()
{
	local p

	load_kmods veth bridge udp_tunnel ip6_udp_tunnel
	l2net_add net && host_add ha || return 1
	set_sysctls "$(ns_of ha)" net/ipv4/igmp_qrv=1
	# mld_qrv is one for every namespace (the init namespace's file),
	# read when a device comes up: 1 for this test only
	defer sh -c "echo $(</proc/sys/net/ipv6/mld_qrv) >/proc/sys/net/ipv6/mld_qrv"
	echo 1 >/proc/sys/net/ipv6/mld_qrv ||
		{ fail "cannot set net.ipv6.mld_qrv"; return 1; }
	l2net_attach net ha u0 02:aa:00:00:00:01 &&
		host_addr ha u0 "$HA4/24" "$HA6/64" && host_switch_add ha &&
		check_run hpsw ha switch set psw0 underlay "$HA4" &&
		check_run hpsw ha switch set psw0 underlay6 "$HA6" &&
		check_run hpsw ha pan add psw0 400 &&
		check_run hpsw ha pan set psw0 400 group6 "$G6" || return 1
	for p in 100:$G1 200:$G2 300:$G3 301:$G3; do
		check_run hpsw ha pan add psw0 "${p%%:*}" &&
			check_run hpsw ha pan set psw0 "${p%%:*}" group "${p#*:}" ||
			return 1
	done
	# the monitors, text and JSON, for the whole test
	hpsw ha monitor >"$MON_TEXT" 2>"$TMPD/monitor.err" &
	MON_PID[text]=$!
	defer kill "${MON_PID[text]}"
	hpsw ha -j monitor >"$MON_JSON" 2>>"$TMPD/monitor.err" &
	MON_PID[json]=$!
	defer kill "${MON_PID[json]}"
	wait_until 50 mon_mark 5 ||
		{ fail "the monitors print no change"; return 1; }
}

# mon_mark TENTHS: a change of our own (PAN MARK+1 added and deleted),
# then true once both monitors printed it (each within TENTHS):
# they have printed everything before it.
mon_mark()
{
	local n=$1

	MARK=$((MARK + 1))
	hpsw ha pan add psw0 "$MARK" >/dev/null 2>&1
	hpsw ha pan del psw0 "$MARK" >/dev/null 2>&1
	wait_until "$n" grep -q "^\[del\] pan psw0 pan $MARK " "$MON_TEXT" &&
		wait_until "$n" grep -qE "\"pan\":${MARK}[,}]" "$MON_JSON"
}

# not_member H GROUP: H is no member of GROUP (for wait_until).
not_member()
{
	! joined "$@"
}

# mevents join|leave PAN GROUP: the JSON monitor's events of that kind, one
# a line.
mevents()
{
	jq -c --arg e "$1" --argjson p "$2" --arg g "$3" \
		'select(.object == "mcast" and .event == $e and .pan == $p and
			.group == $g)' "$MON_JSON"
}

# mcount join|leave PAN GROUP: how many
mcount()
{
	mevents "$@" | grep -c .
}

# nreports CAP GROUP to_ex|to_in: how many such IGMPv3 or MLDv2 records
nreports()
{
	reports "$@" | grep -c .
}

# mtext join|leave PAN GROUP: the text monitor printed that line.
mtext()
{
	check_match "monitor: $1 of PAN $2" \
		"^\\[$1\\] mcast psw0 pan $2 group ${3//./\\.} dev u0\$" \
		"$(cat "$MON_TEXT")"
}

# since_order EARLIER LATER: in one pan show, PAN LATER's membership
# changed after PAN EARLIER's (less time since it), in JSON and text.
since_order()
{
	check_json hpsw ha -j pan show psw0 || return 1
	check_jq "$JSON" '(map({key: (.pan | tostring), value: .mcast.since_ms})
		| from_entries) as $s
		| ($s[$a] | type) == "number" and $s[$b] < $s[$a]' \
		--arg a "$1" --arg b "$2" || return 1
	check_run hpsw ha pan show psw0 "$2" || return 1
	check_match "pan show psw0 $2 (text): since when" \
		" joined (yes|no) for [0-9]+s mcast_tx " "$OUT"
}

case_first_port()
{
	local ifindex

	# negative first: a group and no port is no membership
	not_joined ha "$G1" "ha joined $G1 before PAN 100 had a port" &&
		pan_joined ha 100 no || return 1
	cap_start j1 ha u0 igmp || return 1
	hvm_port_add ha a1 100 02:00:00:00:01:01 - - || return 1
	joined ha "$G1" ||
		{ fail "ha did not join $G1 with PAN 100's first port"; return 1; }
	pan_joined ha 100 yes || return 1
	wait_until 100 join_seen j1 "$G1" ||
		{ fail "no IGMP report joining $G1 on u0"; return 1; }
	# the second port of PAN 100: no report, no event. Then PAN 200's
	# first port, the positive control that the capture and the
	# monitors were still watching: one report and one event for it.
	hvm_port_add ha a2 100 02:00:00:00:01:02 - - &&
		hvm_port_add ha b1 200 02:00:00:00:02:01 - - || return 1
	wait_until 100 join_seen j1 "$G2" ||
		{ fail "no IGMP report joining $G2 on u0"; return 1; }
	mon_mark 100 || { fail "the monitors stopped"; return 1; }
	cap_stop j1
	check_eq "IGMP reports joining $G1 (PAN 100, two ports)" 1 \
		"$(nreports j1 "$G1" to_ex)" &&
		check_eq "IGMP reports joining $G2 (PAN 200)" 1 \
			"$(nreports j1 "$G2" to_ex)" &&
		check_eq "IGMP leave records" 0 \
			"$(cap_read j1 -vv | grep -c to_in)" || return 1
	check_eq "join events of PAN 100 (two ports)" 1 "$(mcount join 100 "$G1")" &&
		check_eq "join events of PAN 200" 1 "$(mcount join 200 "$G2")" &&
		check_eq "leave events" 0 \
			"$(jq -c 'select(.event == "leave")' "$MON_JSON" | grep -c .)" ||
		return 1
	# the monitor saw the second port itself
	check_match "monitor: a2's port new" "^\\[new\\] port psw0 dev a2 " \
		"$(cat "$MON_TEXT")" || return 1
	mtext join 100 "$G1" || return 1
	ifindex=$(hexec ha cat /sys/class/net/u0/ifindex)
	check_jq "$(mevents join 100 "$G1")" \
		'. == {event: "join", object: "mcast", switch: "psw0", pan: 100,
		       group: $g, dev: "u0", ifindex: $i}' \
		--arg g "$G1" --argjson i "$ifindex" || return 1
	# PAN 200 joined after PAN 100
	since_order 100 200
}

case_last_port()
{
	cap_start l1 ha u0 igmp || return 1
	check_run hpsw ha port del psw0 dev a2 || return 1
	joined ha "$G1" || { fail "ha left $G1 with a port of PAN 100 left"; return 1; }
	pan_joined ha 100 yes || return 1
	check_run hpsw ha port del psw0 dev a1 || return 1
	not_joined ha "$G1" "ha is still a member of $G1 after PAN 100's last port" &&
		pan_joined ha 100 no || return 1
	wait_until 100 leave_seen l1 "$G1" ||
		{ fail "no IGMP leave of $G1 on u0"; return 1; }
	mon_mark 100 || return 1
	cap_stop l1
	check_eq "IGMP records leaving $G1 (two ports gone)" 1 \
		"$(nreports l1 "$G1" to_in)" &&
		check_eq "IGMP records joining $G1" 0 "$(nreports l1 "$G1" to_ex)" &&
		check_eq "leave events of PAN 100 (two ports gone)" 1 \
			"$(mcount leave 100 "$G1")" || return 1
	mtext leave 100 "$G1" || return 1
	# PAN 100 left after PAN 200 joined
	since_order 200 100
}

case_vm_netns_deleted()
{
	cap_start n1 ha u0 igmp || return 1
	hvm_port_add ha a3 100 02:00:00:00:01:03 - - || return 1
	joined ha "$G1" || { fail "ha did not join $G1 with a3"; return 1; }
	wait_until 100 join_seen n1 "$G1" ||
		{ fail "no IGMP report joining $G1 for a3"; return 1; }
	# the VM's namespace goes, its veth pair with it: the port's device
	check_run ip netns del "$(ns_of a3)" || return 1
	wait_until 200 not_member ha "$G1" ||
		{ fail "ha is still a member of $G1 after a3's namespace went"; return 1; }
	wait_until 100 leave_seen n1 "$G1" ||
		{ fail "no IGMP leave of $G1 after a3's namespace went"; return 1; }
	pan_joined ha 100 no || return 1
	mon_mark 100 || return 1
	cap_stop n1
	check_eq "IGMP records joining $G1" 1 "$(nreports n1 "$G1" to_ex)" &&
		check_eq "IGMP records leaving $G1" 1 "$(nreports n1 "$G1" to_in)" &&
		check_eq "join events of PAN 100 so far" 2 "$(mcount join 100 "$G1")" &&
		check_eq "leave events of PAN 100 so far" 2 "$(mcount leave 100 "$G1")" ||
		return 1
	check_match "monitor: a3's port del" "^\\[del\\] port psw0 dev a3 " \
		"$(cat "$MON_TEXT")"
}

case_pan_deleted()
{
	cap_start p1 ha u0 igmp || return 1
	# PANs 300 and 301 share G3: one membership, one report, an event each
	hvm_port_add ha c1 300 02:00:00:00:03:01 - - &&
		hvm_port_add ha d1 301 02:00:00:00:03:02 - - || return 1
	joined ha "$G3" || { fail "ha did not join $G3"; return 1; }
	wait_until 100 join_seen p1 "$G3" ||
		{ fail "no IGMP report joining $G3"; return 1; }
	# a PAN whose port holds the group cannot be deleted: nothing changes
	hcheck_fail ha hpsw ha pan del psw0 300 1 "PAN still has ports" ||
		return 1
	joined ha "$G3" || { fail "ha left $G3 on a refused pan del"; return 1; }
	pan_joined ha 300 yes || return 1
	# PAN 300's port, then PAN 300 go: PAN 301 keeps the group joined
	check_run hpsw ha port del psw0 dev c1 &&
		check_run hpsw ha pan del psw0 300 || return 1
	joined ha "$G3" ||
		{ fail "ha left $G3 with PAN 301 still on it"; return 1; }
	pan_joined ha 301 yes || return 1
	# positive control: the last one's port goes, the host leaves; its
	# PAN's deletion then changes nothing more
	check_run hpsw ha port del psw0 dev d1 || return 1
	not_joined ha "$G3" "ha is still a member of $G3 after its last port" ||
		return 1
	wait_until 100 leave_seen p1 "$G3" ||
		{ fail "no IGMP leave of $G3"; return 1; }
	check_run hpsw ha pan del psw0 301 || return 1
	mon_mark 100 || return 1
	cap_stop p1
	check_eq "IGMP records joining $G3 (two PANs)" 1 "$(nreports p1 "$G3" to_ex)" &&
		check_eq "IGMP records leaving $G3 (two PANs)" 1 \
			"$(nreports p1 "$G3" to_in)" || return 1
	check_eq "join events of PAN 300" 1 "$(mcount join 300 "$G3")" &&
		check_eq "join events of PAN 301" 1 "$(mcount join 301 "$G3")" &&
		check_eq "leave events of PAN 300" 1 "$(mcount leave 300 "$G3")" &&
		check_eq "leave events of PAN 301" 1 "$(mcount leave 301 "$G3")" ||
		return 1
	# PAN 300 left with its port (after the port's own announcement),
	# before its deletion was announced
	check_match "monitor: c1 went, PAN 300 left, then was deleted" \
		"\\[del\\] port psw0 dev c1 [^#]*#\\[leave\\] mcast psw0 pan 300 [^#]*#\\[del\\] pan psw0 pan 300 " \
		"$(grep -E 'pan 30[01] |dev [cd]1 ' "$MON_TEXT" | tr '\n' '#')"
}

case_group_reset()
{
	cap_start g1 ha u0 igmp || return 1
	check_run hpsw ha pan set psw0 200 group none || return 1
	not_joined ha "$G2" "ha is still a member of $G2 after group none" ||
		return 1
	wait_until 100 leave_seen g1 "$G2" ||
		{ fail "no IGMP leave of $G2 after group none"; return 1; }
	check_run hpsw ha pan set psw0 200 group "$G2" || return 1
	joined ha "$G2" || { fail "ha did not join $G2 again"; return 1; }
	pan_joined ha 200 yes || return 1
	wait_until 100 join_seen g1 "$G2" ||
		{ fail "no IGMP report joining $G2 again"; return 1; }
	mon_mark 100 || return 1
	cap_stop g1
	check_eq "leave events of PAN 200" 1 "$(mcount leave 200 "$G2")" &&
		check_eq "join events of PAN 200" 2 "$(mcount join 200 "$G2")" &&
		mtext leave 200 "$G2"
}

case_group6()
{
	not_joined ha "$G6" "ha joined $G6 before PAN 400 had a port" || return 1
	cap_start m1 ha u0 ip6 dst ff02::16 || return 1
	hvm_port_add ha e1 400 02:00:00:00:04:01 - - || return 1
	joined ha "$G6" ||
		{ fail "ha did not join $G6 with PAN 400's first port"; return 1; }
	pan_joined ha 400 yes || return 1
	wait_until 100 join_seen m1 "$G6" ||
		{ fail "no MLDv2 report joining $G6 on u0"; return 1; }
	check_run hpsw ha port del psw0 dev e1 || return 1
	not_joined ha "$G6" "ha is still a member of $G6 after its last port" &&
		pan_joined ha 400 no || return 1
	wait_until 100 leave_seen m1 "$G6" ||
		{ fail "no MLDv2 leave of $G6 on u0"; return 1; }
	mon_mark 100 || return 1
	cap_stop m1
	check_eq "MLDv2 records joining $G6" 1 "$(nreports m1 "$G6" to_ex)" &&
		check_eq "MLDv2 records leaving $G6" 1 "$(nreports m1 "$G6" to_in)" &&
		check_eq "join events of PAN 400" 1 "$(mcount join 400 "$G6")" &&
		check_eq "leave events of PAN 400" 1 "$(mcount leave 400 "$G6")" ||
		return 1
	check_match "monitor: PAN 400's join (text)" \
		"^\\[join\\] mcast psw0 pan 400 group6 $G6 dev u0\$" \
		"$(cat "$MON_TEXT")"
}

case_rmmod()
{
	local m

	joined ha "$G2" || { fail "ha is no member of $G2"; return 1; }
	# the monitors' family goes with the module
	for m in text json; do
		kill "${MON_PID[$m]}" 2>/dev/null
		wait "${MON_PID[$m]}" 2>/dev/null
	done
	cap_start r1 ha u0 igmp || return 1
	check_run rmmod panswitch || return 1
	if module_loaded; then
		fail "/sys/module/panswitch still exists after rmmod"
		return 1
	fi
	not_joined ha "$G2" "ha is still a member of $G2 after rmmod" || return 1
	wait_until 100 leave_seen r1 "$G2" ||
		{ fail "no IGMP leave of $G2 after rmmod"; return 1; }
	cap_stop r1
	check_eq "IGMP records leaving $G2" 1 "$(nreports r1 "$G2" to_in)" || return 1
	check_run insmod "$PANSWITCH_KO" && check_run "$PSW" switch show
}

require_tools
ensure_module
kmsg_mark
ktap_plan 9
run_setup "host ha: psw0, PANs 100, 200 (groups G1, G2), 300 and 301 (G3), 400 (G6, IPv6), two monitors" setup
run_case "PAN 100's first port joins (one report, one event), its second announces nothing" case_first_port
run_case "PAN 100's last port leaves (one report, one event), not the one before" case_last_port
run_case "a VM's namespace deleted: its PAN leaves" case_vm_netns_deleted
run_case "pan del refused while a port holds the group; a PAN sharing it keeps it; the last port leaves" case_pan_deleted
run_case "group none leaves, the group set again joins" case_group_reset
run_case "an IPv6 group: MLDv2 report and event with the first port, leave with the last" case_group6
run_case "rmmod leaves every group" case_rmmod
run_case "no kernel warnings" check_kernel_log
ktap_finish
