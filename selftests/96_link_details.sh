#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 96_link_details.sh - the switch device's rtnetlink link details
# (IFLA_INFO_DATA, the IFLA_PANSWITCH_* attributes): the underlay
# addresses, the VXLAN port, the numbers of PANs and ports, as
# "panswitch -d switch show" reads them over RTM_GETLINK. They follow
# every change and are back where they were after the deletions; they agree
# with what the generic netlink family reports. "ip -d -j link show" names
# the kind; iproute2 has no panswitch plugin, so "ip link add ... type
# panswitch" refuses panswitch arguments and creates nothing, and without
# arguments creates a switch whose details are there too.
#
#  upl (veth, 192.0.2.1/24)     netns vm1 eth0 --veth-- vm1: vm port, PAN 100
#                  psw0 (panswitch, init netns)

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

LOCAL4=192.0.2.1
LOCAL6=2001:db8::1
MAC1=02:00:00:00:00:01
IP1=198.51.100.1

setup()
{
	load_kmods veth udp_tunnel ip6_udp_tunnel vxlan
	switch_add psw0 || return 1
	veth_add upl || return 1
	check_run ip addr add "$LOCAL4/24" dev upl
}

# details NAME: panswitch -d -j switch show NAME, the link object in $JSON.
details()
{
	check_json "$PSW" -d -j switch show "$1" || return 1
	JSON=$(jq -c '.[0]' <<<"$JSON")
}

case_kind()
{
	check_json ip -d -j link show dev psw0 || return 1
	check_jq "$JSON" '.[0].linkinfo.info_kind == "panswitch"'
}

case_empty()
{
	details psw0 || return 1
	check_jq "$JSON" '.link == {kind: "panswitch", vxlan_port: 4789,
		pans: 0, ports: 0}'
}

# Each change shows in the details, and they agree with the generic
# netlink family's own view of the switch.
case_changes()
{
	check_run "$PSW" pan add psw0 100 || return 1
	details psw0 || return 1
	check_jq "$JSON" '.link.pans == 1 and .link.ports == 0' || return 1
	vm_port_add vm1 "$MAC1" "$IP1" 100 || return 1
	check_run "$PSW" port add psw0 dev upl uplink || return 1
	check_run "$PSW" switch set psw0 underlay "$LOCAL4" underlay6 "$LOCAL6" \
		vxlan-port 8472 || return 1
	details psw0 || return 1
	check_jq "$JSON" '.link == {kind: "panswitch", local4: $a, local6: $b,
		vxlan_port: 8472, pans: 1, ports: 2}' \
		--arg a "$LOCAL4" --arg b "$LOCAL6" || return 1
	check_jq "$JSON" '.link.local4 == .local4 and .link.local6 == .local6 and
		.link.vxlan_port == .vxlan_port and .link.pans == .pans and
		.link.ports == .ports'
}

case_text()
{
	check_run "$PSW" -d switch show psw0 || return 1
	check_match "the text link line" \
		"^    link: kind panswitch underlay $LOCAL4 underlay6 $LOCAL6 vxlan-port 8472 pans 1 ports 2\$" \
		"$OUT"
}

case_deletions()
{
	check_run "$PSW" port del psw0 dev vm1 || return 1
	details psw0 || return 1
	check_jq "$JSON" '.link.pans == 1 and .link.ports == 1' || return 1
	check_run "$PSW" port del psw0 dev upl && check_run "$PSW" pan del psw0 100 &&
		check_run "$PSW" switch set psw0 underlay none underlay6 none \
			vxlan-port 4789 || return 1
	details psw0 || return 1
	check_jq "$JSON" '.link == {kind: "panswitch", vxlan_port: 4789,
		pans: 0, ports: 0}'
}

# Anyone may read them, as anyone may read the switch (switch-get).
case_unprivileged()
{
	if ! unpriv_usable; then
		skip "setpriv cannot drop to uid 65534"
		return 4
	fi
	check_json "${UNPRIV[@]}" "$PSW" -d -j switch show psw0 || return 1
	check_jq "$JSON" '.[0].link.kind == "panswitch" and .[0].link.pans == 0'
}

# iproute2 passes no arguments for a kind it has no plugin for.
case_ip_link_add()
{
	remove_stale_link psw1 || return 1
	OUT=$(ip link add psw1 type panswitch local "$LOCAL4" 2>&1) && {
		fail "ip link add ... type panswitch local ADDR succeeded" "$OUT"
		return 1
	}
	check_match "iproute2's refusal" "Garbage instead of arguments" "$OUT" || return 1
	check_run link_absent psw1 || return 1
	check_run ip link add psw1 type panswitch || return 1
	defer ip link del dev psw1
	details psw1 || return 1
	check_jq "$JSON" '.link == {kind: "panswitch", vxlan_port: 4789,
		pans: 0, ports: 0}' || return 1
	check_run ip link del dev psw1
}

# A device of another kind has no panswitch details; -d fails cleanly.
case_not_a_switch()
{
	OUT=$("$PSW" -d switch show upl 2>&1) && {
		fail "panswitch -d switch show upl succeeded" "$OUT"
		return 1
	}
	check_match "the refusal" "upl|switch" "$OUT"
}

require_tools
ensure_module
kmsg_mark
ktap_plan 10
run_setup "psw0 and the veth upl (192.0.2.1) are set up" setup
run_case "ip -d -j link show psw0: info_kind panswitch" case_kind
run_case "panswitch -d: a new switch's details" case_empty
run_case "the details follow a PAN, two ports and the underlay" case_changes
run_case "the details as text" case_text
run_case "the details are right after the deletions" case_deletions
run_case "an unprivileged user reads the details" case_unprivileged
run_case "ip link add type panswitch: no arguments, then a switch" case_ip_link_add
run_case "panswitch -d switch show of a veth fails" case_not_a_switch
run_case "no kernel warnings" check_kernel_log
ktap_finish
