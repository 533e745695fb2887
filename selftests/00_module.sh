#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 00_module.sh - the module is loaded (with modprobe, from the module tree:
# its dependencies come with it), its generic netlink family answers,
# and switches are created and deleted both through rtnetlink (ip link) and
# through the panswitch CLI (generic netlink).
#
#   init netns
#   +-------------------------------+   +-----------------------------+
#   | psw0  (ip link add ...        |   | psw1  (panswitch switch add)|
#   |        type panswitch)        |   |                             |
#   +-------------------------------+   +-----------------------------+
#   no ports, no PANs: only the switch devices themselves

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

# switch_kind NAME: the rtnetlink kind of link NAME ("" if none).
switch_kind()
{
	ip -j -d link show dev "$1" 2>/dev/null | jq -r '.[0].linkinfo.info_kind // ""'
}

# check_switch_present NAME: NAME is a panswitch link, and `panswitch
# switch show` lists it with the same ifindex.
check_switch_present()
{
	local name=$1 ifindex

	check_eq "link kind of $name (ip -j -d link show dev $name)" \
		panswitch "$(switch_kind "$name")" || return 1
	ifindex=$(ifindex_of "$name")
	check_json "$PSW" -j switch show || return 1
	check_jq "$JSON" 'any(.[]; .ifname == $n and .ifindex == $i)' \
		--arg n "$name" --argjson i "$ifindex" || return 1
	check_run "$PSW" switch show || return 1
	check_match "text 'panswitch switch show' lists $name" \
		"^$name ifindex $ifindex " "$OUT"
}

# check_switch_absent NAME: neither ip link nor panswitch knows NAME.
check_switch_absent()
{
	local name=$1

	if link_exists "$name"; then
		fail "link $name still exists" "  $(ip -d link show dev "$name" 2>&1)"
	fi
	check_json "$PSW" -j switch show || return 1
	check_jq "$JSON" 'all(.[]; .ifname != $n)' --arg n "$name"
}

case_module_loaded()
{
	if ! module_loaded; then
		fail "/sys/module/panswitch does not exist" \
			"  expected: the guest init loaded it (modprobe panswitch)" \
			"  lsmod:"
		diag_output "$(lsmod 2>&1)"
		return 1
	fi
	check_match "lsmod lists panswitch" '^panswitch ' "$(lsmod 2>&1)"
}

# What panswitch.ko links against that Debian builds as modules: its
# modinfo depends, which modprobe must load first.
PSW_DEPS=(udp_tunnel ip6_udp_tunnel ip_gre)

# check_loaded WHAT MOD...: each MOD is loaded (/sys/module/MOD/refcnt: a
# loadable module, not a built-in one).
check_loaded()
{
	local what=$1 m

	shift
	for m in "$@"; do
		[[ -e /sys/module/$m/refcnt ]] && continue
		fail "$what: module $m is not loaded" "  lsmod:"
		diag_output "$(lsmod 2>&1)"
		return 1
	done
}

# The guest's init loaded panswitch with `modprobe panswitch` from the
# module tree `make install-module` installed it in (updates/, depmod):
# unloading it with modprobe -r takes its dependencies too, and modprobe
# loads them again, as on a host with `make install` or panswitch-dkms.
case_modprobe()
{
	local m

	check_run modinfo -F depends panswitch || return 1
	for m in "${PSW_DEPS[@]}"; do
		check_match "modinfo -F depends panswitch names $m" \
			"(^|,)$m(,|\$)" "$OUT" || return 1
	done
	check_run modinfo -n panswitch || return 1
	check_eq "modinfo -n panswitch: in the module tree's updates/" \
		"/lib/modules/$(uname -r)/updates" "${OUT%/*}" || return 1
	check_run modprobe --show-depends panswitch || return 1
	for m in "${PSW_DEPS[@]}" panswitch; do
		check_match "modprobe --show-depends panswitch loads $m" \
			"^insmod .*/$m\.ko" "$OUT" || return 1
	done
	# Positive control: all of them are loaded now.
	check_loaded "after boot" panswitch "${PSW_DEPS[@]}" || return 1
	check_run modprobe -r panswitch || return 1
	for m in panswitch "${PSW_DEPS[@]}"; do
		if [[ -e /sys/module/$m/refcnt ]]; then
			fail "modprobe -r panswitch left $m loaded" "  lsmod:"
			diag_output "$(lsmod 2>&1)"
			return 1
		fi
	done
	check_run modprobe panswitch || return 1
	check_loaded "after modprobe panswitch" panswitch "${PSW_DEPS[@]}"
}

case_genl_family()
{
	check_run "$PSW" switch show || return 1
	check_json "$PSW" -j switch show || return 1
	check_jq "$JSON" 'type == "array"'
}

case_ip_link_add()
{
	link_exists psw0 && ip link del dev psw0
	check_run ip link add psw0 type panswitch || return 1
	defer ip link del dev psw0
	check_switch_present psw0 || return 1
	check_run ip link set psw0 up
}

case_cli_switch_add()
{
	link_exists psw1 && ip link del dev psw1
	check_run "$PSW" switch add psw1 || return 1
	defer ip link del dev psw1
	check_switch_present psw1 || return 1
	check_json "$PSW" -j switch show psw1 || return 1
	check_jq "$JSON" 'length == 1 and .[0].ifname == "psw1" and
		.[0].pans == 0 and .[0].ports == 0 and .[0].entries == 0'
}

case_duplicate_name()
{
	check_fail "$PSW" switch add psw1 1 "exists"
}

case_ip_link_del()
{
	check_run ip link del dev psw0 || return 1
	check_switch_absent psw0 || return 1
	# The other switch is untouched.
	check_switch_present psw1
}

case_cli_switch_del()
{
	check_run "$PSW" switch del psw1 || return 1
	check_switch_absent psw1
}

require_tools
kmsg_mark
ktap_plan 9
run_case "panswitch module is loaded" case_module_loaded
run_case "modprobe -r panswitch and modprobe panswitch unload and load its dependencies (modules.dep)" case_modprobe
run_case "generic netlink family answers (panswitch switch show)" case_genl_family
run_case "ip link add psw0 type panswitch creates a switch" case_ip_link_add
run_case "panswitch switch add psw1 creates a switch" case_cli_switch_add
run_case "switch add of an existing name is refused" case_duplicate_name
run_case "ip link del psw0 removes the switch" case_ip_link_del
run_case "panswitch switch del psw1 removes the switch" case_cli_switch_del
run_case "no kernel warnings" check_kernel_log
ktap_finish
