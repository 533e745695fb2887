#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 30_ports.sh - attaching and detaching ports: master in ip link, port show,
# MAC lists become origin-port entries, port del takes its entries (and
# entries that point to it) along; every refused attach says why and changes
# nothing; pan del is refused while ports are members; a vm port is
# promiscuous, with port security on and LLDP off; an uplink port is
# all-multicast but not promiscuous, and leaves the host's own traffic on
# that device working.
#
#  veth pairs in the init netns (the "p" ends stay unattached):
#    vm1-vm1p  vm2-vm2p  vm3-vm3p  vm4-vm4p  vm5-vm5p  brp0-brp0p
#
#     vm1  vm2       vm4                       brp0 -- psbr0 (Linux bridge)
#  +--|----|---------|--------------------+
#  |  PAN 100       PAN 200      (uplink) |    refused: lo, pstun0 (tun) or
#  |                               psup0  |    psipip0 (ipip), brp0, psw1,
#  +-----------------------------------|--+    nosuchdev0, PAN 300, dup MAC
#                psw0                  |
#                                      | veth, 203.0.113.1/24
#                            netns up: eth0 203.0.113.2/24

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

M1=02:00:00:00:00:01
M2=02:00:00:00:00:02
M2B=02:00:00:00:00:22
M3=02:00:00:00:00:03
USER_MAC=02:00:00:00:00:99

setup()
{
	local dev

	load_kmods veth bridge tun ipip
	switch_add psw0 || return 1
	check_run ip link set psw0 up || return 1
	check_run "$PSW" pan add psw0 100 || return 1
	check_run "$PSW" pan add psw0 200 || return 1
	for dev in vm1 vm2 vm3 vm4 vm5; do
		veth_add "$dev" || return 1
	done
}

case_port_add_master()
{
	check_master vm1 null || return 1
	check_run "$PSW" port add psw0 dev vm1 pan 100 mac "$M1" || return 1
	check_master vm1 psw0
}

case_port_show()
{
	local flags

	check_json "$PSW" -j port show psw0 dev vm1 || return 1
	check_jq "$JSON" 'length == 1 and .[0].switch == "psw0" and
		.[0].dev == "vm1" and .[0].ifindex == $i and .[0].role == "vm" and
		.[0].pan == 100 and .[0].macs == [$m] and .[0].security == true and
		.[0].lldp == false' \
		--arg m "$M1" --argjson i "$(ifindex_of vm1)" || return 1
	check_json "$PSW" -j port show || return 1
	check_jq "$JSON" 'any(.[]; .switch == "psw0" and .dev == "vm1")' || return 1
	check_run "$PSW" port show psw0 || return 1
	check_match "text port show" \
		"^psw0 dev vm1 vm pan 100 mac $M1 security on lldp off\$" "$OUT"
	# IFF_PROMISC (0x100): a vm port receives its VMs' frames to any MAC.
	flags=$(cat /sys/class/net/vm1/flags)
	((flags & 0x100)) || fail "vm port vm1 is not promiscuous (flags $flags)"
}

case_macs_install_entries()
{
	check_run "$PSW" port add psw0 dev vm2 pan 100 mac "$M2" mac "$M2B" || return 1
	check_json "$PSW" -j port show psw0 dev vm2 || return 1
	check_jq "$JSON" '.[0].macs | sort == ([$a, $b] | sort)' \
		--arg a "$M2" --arg b "$M2B" || return 1
	check_json "$PSW" -j entry show psw0 pan 100 || return 1
	check_jq "$JSON" '[.[] | select(.dev == "vm2")] | length == 2' || return 1
	check_jq "$JSON" '[$a, $b] - [.[] | select(.pan == 100 and
		.mode == "local" and .dev == "vm2" and .origin == "port") | .mac] == []' \
		--arg a "$M2" --arg b "$M2B" || return 1
	check_jq "$JSON" 'any(.[]; .mac == $m and .dev == "vm1" and .origin == "port")' \
		--arg m "$M1"
}

case_default_mac()
{
	local addr

	addr=$(ip -j link show dev vm4 | jq -r '.[0].address')
	check_run "$PSW" port add psw0 dev vm4 pan 200 || return 1
	check_json "$PSW" -j port show psw0 dev vm4 || return 1
	check_jq "$JSON" '.[0].pan == 200 and .[0].macs == [$m]' --arg m "$addr" || return 1
	check_json "$PSW" -j entry show psw0 pan 200 || return 1
	check_jq "$JSON" 'length == 1 and .[0].mac == $m and .[0].dev == "vm4" and
		.[0].origin == "port"' --arg m "$addr"
}

case_port_del()
{
	# A user entry pointing to vm2 goes away with vm2 too.
	check_run "$PSW" entry add psw0 pan 100 mac "$USER_MAC" local dev vm2 || return 1
	check_run "$PSW" port del psw0 dev vm2 || return 1
	check_master vm2 null
	check_json "$PSW" -j port show psw0 || return 1
	check_jq "$JSON" 'all(.[]; .dev != "vm2")' || return 1
	check_json "$PSW" -j entry show psw0 || return 1
	check_jq "$JSON" 'all(.[]; .dev != "vm2" and
		.mac != $a and .mac != $b and .mac != $u)' \
		--arg a "$M2" --arg b "$M2B" --arg u "$USER_MAC" || return 1
	# vm1's entry is still there.
	check_jq "$JSON" 'any(.[]; .mac == $m and .dev == "vm1")' --arg m "$M1"
	check_json "$PSW" -j pan show psw0 100 || return 1
	check_jq "$JSON" '.[0].ports == 1 and .[0].entries == 1'
}

case_refuse_loopback()
{
	check_fail "$PSW" port add psw0 dev lo pan 100 1 "loopback"
}

case_refuse_non_ethernet()
{
	local dev=""

	if ip tuntap add dev pstun0 mode tun >/dev/null 2>&1; then
		dev=pstun0
		defer ip link del dev pstun0
		defer ip tuntap del dev pstun0 mode tun
	elif ip link add psipip0 type ipip local 203.0.113.253 remote 203.0.113.254 >/dev/null 2>&1; then
		dev=psipip0
		defer ip link del dev psipip0
	else
		skip "cannot create a tun or an ipip device (CONFIG_TUN, CONFIG_NET_IPIP)"
		return
	fi
	check_fail "$PSW" port add psw0 dev "$dev" pan 100 1 "ethernet"
}

case_refuse_bridge_port()
{
	veth_add brp0 || return 1
	check_run ip link add psbr0 type bridge || return 1
	defer ip link del dev psbr0
	check_run ip link set brp0 master psbr0 || return 1
	check_fail "$PSW" port add psw0 dev brp0 pan 100 1 "master|enslaved|already|rx_handler|busy"
	check_master brp0 psbr0
}

case_refuse_panswitch()
{
	switch_add psw1 || return 1
	check_fail "$PSW" port add psw0 dev psw1 pan 100 1 "panswitch|switch|ethernet"
}

case_refuse_unknown_device()
{
	link_absent nosuchdev0 || ip link del dev nosuchdev0
	check_fail "$PSW" port add psw0 dev nosuchdev0 pan 100 1 \
		"no such device|not found|does not exist|unknown device|cannot find"
}

case_refuse_unknown_pan()
{
	check_fail "$PSW" port add psw0 dev vm3 pan 300 mac "$M3" 1 "PAN does not exist \(attribute pan\)"
}

case_refuse_duplicate_mac()
{
	check_fail "$PSW" port add psw0 dev vm3 pan 100 mac "$M1" 1 "exist|already|duplicate|in use"
	# The same MAC in another PAN is fine.
	check_run "$PSW" port add psw0 dev vm3 pan 200 mac "$M1" || return 1
	check_master vm3 psw0
}

case_refuse_multicast_mac()
{
	check_fail "$PSW" port add psw0 dev vm5 pan 100 mac 01:00:5e:00:00:01 1 "unicast|multicast"
	check_fail "$PSW" port add psw0 dev vm5 pan 100 mac ff:ff:ff:ff:ff:ff 1 "unicast|multicast|broadcast"
}

case_refuse_already_attached()
{
	check_fail "$PSW" port add psw0 dev vm1 pan 100 mac "$M3" 1 "master|already|exist|busy|attached|in use"
}

case_pan_del_with_ports()
{
	# PAN 100 has vm1; add vm2 back so that it has exactly two ports.
	check_run "$PSW" port add psw0 dev vm2 pan 100 mac "$M2" || return 1
	check_fail "$PSW" pan del psw0 100 1 "PAN still has ports.*\(attribute pan\)" || return 1
	# An empty PAN goes.
	check_run "$PSW" pan add psw0 300 || return 1
	check_run "$PSW" pan del psw0 300 || return 1
	check_json "$PSW" -j pan show psw0 || return 1
	check_jq "$JSON" '[.[].pan] | sort == [100, 200]'
}

case_uplink()
{
	local flags

	vm_add up psup0 02:00:00:00:01:01 203.0.113.2/24 || return 1
	check_run ip addr add 203.0.113.1/24 dev psup0 || return 1
	check_run "$PSW" port add psw0 dev psup0 uplink || return 1
	check_master psup0 psw0
	check_json "$PSW" -j port show psw0 dev psup0 || return 1
	check_jq "$JSON" 'length == 1 and .[0].role == "uplink" and
		(.[0] | has("pan") | not) and (.[0] | has("macs") | not)' || return 1
	check_run "$PSW" port show psw0 dev psup0 || return 1
	check_match "text port show of an uplink" '^psw0 dev psup0 uplink$' "$OUT"
	# Not promiscuous (no vm port has an external MAC for its filter),
	# all-multicast (IFF_ALLMULTI 0x200, IFF_PROMISC 0x100).
	check_json ip -d -j link show dev psup0 &&
		check_jq "$JSON" '.[0].promiscuity == 0'
	flags=$(cat /sys/class/net/psup0/flags)
	(((flags & 0x300) == 0x200)) ||
		fail "uplink psup0's flags $flags: all-multicast, not promiscuous expected"
	# The host's own traffic over the uplink device still flows.
	check_run ping -c 2 -i 0.2 -W 2 203.0.113.2
	check_ping up 203.0.113.1
}

require_tools
ensure_module
kmsg_mark
ktap_plan 18
run_setup "psw0 with PANs 100 and 200 and veth pairs is set up" setup
run_case "port add: the device shows master psw0" case_port_add_master
run_case "port show lists switch, dev, ifindex, role, pan, macs" case_port_show
run_case "each MAC of a port is an origin-port local entry" case_macs_install_entries
run_case "port add without mac uses the device's own address" case_default_mac
run_case "port del detaches and removes its entries and entries pointing to it" case_port_del
run_case "refused: loopback" case_refuse_loopback
run_case "refused: non-Ethernet device" case_refuse_non_ethernet
run_case "refused: device already enslaved to a Linux bridge" case_refuse_bridge_port
run_case "refused: a panswitch device as a port" case_refuse_panswitch
run_case "refused: unknown device" case_refuse_unknown_device
run_case "refused: PAN that does not exist" case_refuse_unknown_pan
run_case "refused: MAC that already has an entry in the PAN" case_refuse_duplicate_mac
run_case "refused: multicast or broadcast port MAC" case_refuse_multicast_mac
run_case "refused: device already a port of the switch" case_refuse_already_attached
run_case "pan del refused while the PAN has ports" case_pan_del_with_ports
run_case "uplink port: attached, shown, host traffic over it works" case_uplink
run_case "no kernel warnings" check_kernel_log
ktap_finish
