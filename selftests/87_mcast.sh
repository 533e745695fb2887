#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 87_mcast.sh - a PAN's underlay IP multicast group (issue 16, seed 000
# FIG. 6 and claim 13): its configuration. pan set SW PAN group ADDR
# [encap vxlan|nvgre] [ttl N], group6 ADDR6, group none; the group shows
# in pan show (text and JSON) and as the PAN's mcast entry in entry show
# (FIG. 7A: broadcast -> IP multicast encapsulate -> the PAN's group);
# two PANs may share a group; the default TTL is PSW_MCAST_TTL_DEFAULT
# (16); the switch's underlay address of the group's family is in use
# while a group needs it. Refused with an extended ack, changing nothing:
# a group that is not multicast, of link-local or interface-local scope,
# of a family the switch has no underlay address of, EtherIP, TTL 0, an
# unprivileged user; deleting the mcast entry on its own.
#
#  netns h: psw0 (underlay 192.0.2.1 on ul0, no IPv6 underlay at first)
#           PAN 100, PAN 200, PAN 300

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

G1=239.1.1.100
G6=ff0e::100
BCAST=ff:ff:ff:ff:ff:ff

setup()
{
	load_kmods veth udp_tunnel ip6_udp_tunnel
	host_add h || return 1
	host_switch_add h || return 1
	link_pair h ul0 02:00:00:00:0a:01 h ul1 02:00:00:00:0a:02 || return 1
	host_addr h ul0 192.0.2.1/24 || return 1
	check_run hpsw h switch set psw0 underlay 192.0.2.1 || return 1
	check_run hpsw h pan add psw0 100 || return 1
	check_run hpsw h pan add psw0 200 || return 1
	check_run hpsw h pan add psw0 300
}

# group_is PAN JQ-EXPR TEXT-REGEX [JQ-ARGS...]: pan show says so, in JSON
# and in text.
group_is()
{
	check_json hpsw h -j pan show psw0 "$1" || return 1
	check_jq "$JSON" "$2" "${@:4}" || return 1
	check_run hpsw h pan show psw0 "$1" || return 1
	check_match "pan show psw0 $1 (text)" "$3" "$OUT"
}

case_no_group()
{
	group_is 100 '.[0] | has("mcast") | not' '^psw0 pan 100 ' || return 1
	check_json hpsw h -j entry show psw0 || return 1
	check_jq "$JSON" '[.[] | select(.mode == "mcast")] == []'
}

case_set_group()
{
	check_run hpsw h pan set psw0 100 group "$G1" || return 1
	# the defaults: vxlan, TTL 16
	group_is 100 '.[0].mcast == {group: $g, encap: "vxlan", ttl: 16}
		and .[0].entries == 0' \
		" group $G1 encap vxlan ttl 16 learning " --arg g "$G1"
}

case_mcast_entry()
{
	check_json hpsw h -j entry show psw0 || return 1
	check_jq "$JSON" '[.[] | select(.mode == "mcast")] ==
		[{switch: "psw0", pan: 100, mac: $b, mode: "mcast",
		  encap: "vxlan", group: $g, origin: "pan"}]' \
		--arg g "$G1" --arg b "$BCAST" || return 1
	check_run hpsw h entry show psw0 pan 100 mac "$BCAST" || return 1
	check_match "entry show of the mcast entry (text)" \
		"^psw0 pan 100 mac $BCAST mcast vxlan group $G1 origin pan\$" \
		"$OUT" || return 1
	# not counted as an entry of the PAN or the switch
	check_json hpsw h -j switch show psw0 || return 1
	check_jq "$JSON" '.[0].entries == 0'
}

case_replace_group()
{
	check_run hpsw h pan set psw0 100 group "$G1" encap nvgre ttl 3 ||
		return 1
	group_is 100 '.[0].mcast == {group: $g, encap: "nvgre", ttl: 3}' \
		" group $G1 encap nvgre ttl 3 learning " --arg g "$G1"
}

case_shared_group()
{
	check_run hpsw h pan set psw0 200 group "$G1" ttl 255 || return 1
	group_is 200 '.[0].mcast == {group: $g, encap: "vxlan", ttl: 255}' \
		" group $G1 encap vxlan ttl 255 learning " --arg g "$G1" || return 1
	check_json hpsw h -j entry show psw0 || return 1
	check_jq "$JSON" '[.[] | select(.mode == "mcast") | .pan] == [100, 200]'
}

case_refusals()
{
	local set=(hpsw h pan set psw0 300)

	hcheck_fail h "${set[@]}" group 192.0.2.99 1 \
		"must be an IPv4 multicast address"
	hcheck_fail h "${set[@]}" group 224.0.0.251 1 "link-local"
	hcheck_fail h "${set[@]}" group6 2001:db8::5 1 \
		"must be an IPv6 multicast address"
	hcheck_fail h "${set[@]}" group6 ff02::1:3 1 "interface or the link"
	hcheck_fail h "${set[@]}" group6 ff01::5 1 "interface or the link"
	hcheck_fail h "${set[@]}" group6 "$G6" 1 "no IPv6 underlay address"
	hcheck_fail h "${set[@]}" group "$G1" encap etherip 1 \
		"EtherIP carries no PAN id"
	hcheck_fail h "${set[@]}" group "$G1" ttl 0 1 "out of range"
	hcheck_fail h "${set[@]}" group "$G1" ttl 256 2 "invalid ttl"
	hcheck_fail h hpsw h pan set psw0 999 group "$G1" 1 \
		"PAN does not exist"
	# a change of PAN 100's group that fails leaves the old one
	hcheck_fail h hpsw h pan set psw0 100 group 10.1.1.1 1 \
		"must be an IPv4 multicast address"
	group_is 100 '.[0].mcast.encap == "nvgre"' " ttl 3 learning " || return 1
	# the mcast entry is the group's: it goes with the group only
	hcheck_fail h hpsw h entry del psw0 pan 100 mac "$BCAST" 1 \
		"remove it with pan-set"
	# the underlay address the groups send from is in use
	hcheck_fail h hpsw h switch set psw0 underlay none 1 \
		"multicast groups use this underlay address"
	unpriv_usable || return 0
	hcheck_fail h ip netns exec "$(ns_of h)" "${UNPRIV[@]}" "$PSW" pan set \
		psw0 300 group "$G1" 1 "Operation not permitted"
}

case_group6()
{
	host_addr h ul0 2001:db8::1/64 || return 1
	check_run hpsw h switch set psw0 underlay6 2001:db8::1 || return 1
	check_run hpsw h pan set psw0 300 group6 "$G6" encap nvgre || return 1
	group_is 300 '.[0].mcast == {group: $g, encap: "nvgre", ttl: 16}' \
		" group6 $G6 encap nvgre ttl 16 learning " --arg g "$G6" || return 1
	hcheck_fail h hpsw h switch set psw0 underlay6 none 1 \
		"multicast groups use this underlay address"
}

case_group_none()
{
	check_run hpsw h pan set psw0 100 group none || return 1
	check_run hpsw h pan set psw0 200 group none || return 1
	group_is 100 '.[0] | has("mcast") | not' '^psw0 pan 100 ' || return 1
	check_json hpsw h -j entry show psw0 || return 1
	check_jq "$JSON" '[.[] | select(.mode == "mcast") | .pan] == [300]' ||
		return 1
	# nothing uses the IPv4 underlay address any more
	check_run hpsw h switch set psw0 underlay none || return 1
	check_run hpsw h switch set psw0 underlay 192.0.2.1
}

case_pan_del_releases()
{
	# PAN 300's group goes with it, and with it the IPv6 address's use
	check_run hpsw h pan del psw0 300 || return 1
	check_json hpsw h -j entry show psw0 || return 1
	check_jq "$JSON" '[.[] | select(.mode == "mcast")] == []' || return 1
	check_run hpsw h switch set psw0 underlay6 none
}

case_monitor_sees_set()
{
	local log=$TMPD/monitor.log pid

	hpsw h -j monitor >"$log" 2>&1 &
	pid=$!
	defer kill "$pid"
	sleep 1
	check_run hpsw h pan set psw0 200 group "$G1" || return 1
	wait_until 50 grep -q '"event":"set"' "$log"
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	check_match "monitor prints the pan set" '"object":"pan".*"pan":200' \
		"$(cat "$log")"
}

case_switch_del_with_groups()
{
	check_run hpsw h switch del psw0 || return 1
	check_run hpsw h switch show || return 1
	check_no_match "no switch left" psw0 "$OUT"
}

require_tools
ensure_module
kmsg_mark
ktap_plan 13
run_setup "host h: psw0 with an IPv4 underlay, PANs 100, 200 and 300" setup
run_case "a new PAN has no group and no mcast entry" case_no_group
run_case "pan set ... group ADDR: vxlan and TTL 16 by default, in pan show" case_set_group
run_case "the group is the PAN's mcast entry in entry show, not counted" case_mcast_entry
run_case "group ADDR encap nvgre ttl 3 replaces it" case_replace_group
run_case "two PANs may share a group" case_shared_group
run_case "bad groups, EtherIP, TTL 0, the mcast entry, the underlay in use, uid 65534: refused, nothing changed" case_refusals
run_case "group6 on an IPv6 underlay" case_group6
run_case "group none removes it and releases the underlay address" case_group_none
run_case "a PAN's group goes with the PAN" case_pan_del_releases
run_case "a group change is announced" case_monitor_sees_set
run_case "a switch with groups is deleted" case_switch_del_with_groups
run_case "no kernel warnings" check_kernel_log
ktap_finish
