#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 96_link_details.sh - the switch device's rtnetlink link details
# (IFLA_INFO_DATA, the IFLA_PANSWITCH_* attributes): the underlay
# addresses, the VXLAN port, the numbers of PANs and ports, as
# "panswitch -d switch show" reads them over RTM_GETLINK. They follow
# every change and are back where they were after the deletions; they agree
# with what the generic netlink family reports. "ip -d link show" prints
# them, text and JSON, through panswitch's iproute2 plugin
# (tools/iproute2, installed in the guest by make install-iproute2 where
# ip looks for it); with ip pointed at an empty plugin directory
# (IP_LIB_DIR) the same command names the kind and prints none of them.
# "ip link add ... type panswitch ARG" is refused by the plugin (by ip
# itself without it) and creates nothing; without arguments it creates a
# switch whose details are there too. The details are read only: an
# rtnetlink request that carries IFLA_INFO_DATA (rtnl_link.py, raw
# netlink) is refused with the kernel's message and changes nothing,
# while an MTU change on the same path is accepted.
#
#  upl (veth, 192.0.2.1/24)     netns vm1 eth0 --veth-- vm1: vm port, PAN 100
#                  psw0 (panswitch, init netns)

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

RTNL_LINK=(python3 "$(dirname "$0")/rtnl_link.py")

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

# ip_details [IP]: IP (default: ip) -d -j link show psw0's linkinfo in
# $JSON.
ip_details()
{
	check_json "${1:-ip}" -d -j link show dev psw0 || return 1
	JSON=$(jq -c '.[0].linkinfo' <<<"$JSON")
}

# ip_without_plugin ARGS...: ip ARGS with its plugin directory empty
# (ip knows no panswitch). A function, not env(1): the guest's env is
# busybox's, which would run busybox's ip.
ip_without_plugin()
{
	mkdir -p "$TMPD/no-plugins" &&
		IP_LIB_DIR="$TMPD/no-plugins" ip "$@"
}

# The plugin is there (ip finds it: its help), or the cases that read
# its output skip.
plugin_installed()
{
	ip link help panswitch 2>&1 | grep -q "type panswitch"
}

# ip -d link show, text and JSON: the plugin prints what panswitch -d
# prints, under the same names.
case_ip_details()
{
	plugin_installed || { skip "no iproute2 plugin for this ip (tools/iproute2/README)"; return 4; }
	details psw0 || return 1
	local link=$JSON
	ip_details || return 1
	check_jq "$JSON" '.info_kind == "panswitch" and
		.info_data == ($l | del(.kind))' --argjson l "$(jq -c .link <<<"$link")" || return 1
	check_jq "$JSON" '.info_data == {local4: $a, local6: $b,
		vxlan_port: 8472, pans: 1, ports: 2}' \
		--arg a "$LOCAL4" --arg b "$LOCAL6" || return 1
	check_run ip -d link show dev psw0 || return 1
	check_match "ip -d link show's panswitch line" \
		"^    panswitch underlay $LOCAL4 underlay6 $LOCAL6 vxlan-port 8472 pans 1 ports 2 " \
		"$OUT"
}

# Negative: the same commands with ip's plugin directory empty name the
# kind and print no details, so the fields above are the plugin's.
case_ip_no_plugin()
{
	ip_details ip_without_plugin || return 1
	check_jq "$JSON" '.info_kind == "panswitch" and (has("info_data") | not)' || return 1
	check_run ip_without_plugin -d link show dev psw0 || return 1
	check_match "the kind without the plugin" "^    panswitch " "$OUT" || return 1
	check_no_match "details without the plugin" "vxlan-port|underlay|pans " "$OUT"
}

# link_state: what an rtnetlink request could change on psw0: its MTU and
# link details (ip), and the switch as the family reports it.
link_state()
{
	ip -d -j link show dev psw0 | jq -c '.[0] | {mtu, linkinfo}'
	"$PSW" -d -j switch show psw0
}

# rtnl_refused WHAT MSG ARGS...: rtnl_link.py ARGS is refused with
# EOPNOTSUPP and the kernel's message MSG, and link_state and
# state_snapshot are as before.
rtnl_refused()
{
	local what=$1 msg=$2 before after
	shift 2

	before=$(link_state)
	check_fail "${RTNL_LINK[@]}" "$@" 1 "^error EOPNOTSUPP: .*$msg" || return 1
	after=$(link_state)
	[[ $before == "$after" ]] || {
		fail "$what changed the link" "  before: $before" "  after:  $after"
		return 1
	}
}

# IFLA_INFO_DATA on an existing switch (RTM_NEWLINK, what "ip link set
# ... type panswitch ARGS" would send) and for a new one: refused with
# the module's message, nothing changed or created, not even the MTU sent
# in the same request. Positive controls: the same tool's MTU change with
# the kind and no data is accepted, as is "ip link set psw0 mtu N".
case_rtnl_data_refused()
{
	local ro="panswitch link attributes are read only"
	local none="panswitch takes no link attributes"

	rtnl_refused "VXLAN_PORT" "$ro" newlink psw0 kind panswitch data \
		VXLAN_PORT=9999 || return 1
	rtnl_refused "UNDERLAY4" "$ro" newlink psw0 kind panswitch data \
		UNDERLAY4=203.0.113.9 || return 1
	rtnl_refused "PANS and an MTU" "$ro" newlink psw0 mtu 1400 \
		kind panswitch data PANS=5 PORTS=7 || return 1
	rtnl_refused "an empty IFLA_INFO_DATA" "$none" newlink psw0 \
		kind panswitch data || return 1
	rtnl_refused "an unknown attribute" "$none" newlink psw0 \
		kind panswitch data 200=hex:01000000 || return 1
	remove_stale_link psw2 || return 1
	rtnl_refused "a new switch with UNDERLAY6" "$ro" create psw2 \
		kind panswitch data UNDERLAY6=2001:db8::9 || return 1
	check_run link_absent psw2 || return 1
	# without CAP_NET_ADMIN the core refuses before the module is asked
	if unpriv_usable; then
		check_fail "${UNPRIV[@]}" "${RTNL_LINK[@]}" newlink psw0 \
			kind panswitch data PANS=5 1 "^error EPERM" || return 1
	fi
	# the tool's accepted path: the MTU, with the kind and no data
	check_run "${RTNL_LINK[@]}" newlink psw0 mtu 1400 kind panswitch || return 1
	check_json ip -j link show dev psw0 || return 1
	check_jq "$JSON" '.[0].mtu == 1400' || return 1
	check_run ip link set dev psw0 mtu 1500 || return 1
	check_json ip -j link show dev psw0 || return 1
	check_jq "$JSON" '.[0].mtu == 1500' || return 1
	details psw0 || return 1
	check_jq "$JSON" '.link.vxlan_port == 8472 and .link.pans == 1 and
		.link.ports == 2'
}

# RTM_SETLINK: the core ignores IFLA_LINKINFO there for every kind (only
# RTM_NEWLINK reads it, and "ip link set" sends RTM_NEWLINK): accepted,
# the data goes nowhere. And the plugin refuses "ip link set ... type
# panswitch ARG" before ip sends anything.
case_setlink_and_ip_set()
{
	local before after

	before=$(link_state)
	check_run "${RTNL_LINK[@]}" setlink psw0 kind panswitch data \
		VXLAN_PORT=9999 PANS=5 || return 1
	after=$(link_state)
	[[ $before == "$after" ]] || {
		fail "RTM_SETLINK with IFLA_INFO_DATA changed the link" \
			"  before: $before" "  after:  $after"
		return 1
	}
	plugin_installed || { skip "no iproute2 plugin for this ip (tools/iproute2/README)"; return 4; }
	check_fail ip link set dev psw0 type panswitch vxlan-port 9999 1 \
		'panswitch takes no "ip link" arguments \("vxlan-port" given\)'
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

# Arguments for the kind: the plugin refuses them (saying how to
# configure a switch), ip without the plugin too; no switch either way.
case_ip_link_add()
{
	remove_stale_link psw1 || return 1
	if plugin_installed; then
		check_fail ip link add psw1 type panswitch local "$LOCAL4" 1 \
			'panswitch takes no "ip link" arguments \("local" given\).*panswitch switch set' ||
			return 1
		check_run link_absent psw1 || return 1
	fi
	check_fail ip_without_plugin link add psw1 type panswitch \
		local "$LOCAL4" 1 "Garbage instead of arguments" || return 1
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
ktap_plan 14
run_setup "psw0 and the veth upl (192.0.2.1) are set up" setup
run_case "ip -d -j link show psw0: info_kind panswitch" case_kind
run_case "panswitch -d: a new switch's details" case_empty
run_case "the details follow a PAN, two ports and the underlay" case_changes
run_case "the details as text" case_text
run_case "ip -d link show psw0: the plugin's details, text and JSON" case_ip_details
run_case "without the plugin ip -d link show has no details" case_ip_no_plugin
run_case "rtnetlink IFLA_INFO_DATA refused, nothing changed; an MTU accepted" case_rtnl_data_refused
run_case "RTM_SETLINK's IFLA_LINKINFO changes nothing; ip link set type refused" case_setlink_and_ip_set
run_case "the details are right after the deletions" case_deletions
run_case "an unprivileged user reads the details" case_unprivileged
run_case "ip link add type panswitch ARG refused, then a switch without" case_ip_link_add
run_case "panswitch -d switch show of a veth fails" case_not_a_switch
run_case "no kernel warnings" check_kernel_log
ktap_finish
