#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 10_pan_isolation.sh - two PANs on one switch reuse the same MAC and IP
# addresses. Pings work inside each PAN; not one frame - unicast, broadcast
# or ARP - crosses from one PAN to the other (proved with counters); an
# address that exists only in the other PAN is unreachable.
#
#  netns vm1         netns vm2         netns vm3         netns vm4         netns vm5
#  eth0              eth0              eth0              eth0              eth0
#  02:00:00:00:00:01 02:00:00:00:00:02 02:00:00:00:00:01 02:00:00:00:00:02 02:00:00:00:00:03
#  198.51.100.1/24   198.51.100.2/24   198.51.100.1/24   198.51.100.2/24   198.51.100.3/24
#     |  veth           |                 |                 |                 |
#  +-vm1---------------vm2-------------+-vm3---------------vm4---------------vm5-----+
#  |            PAN 100                |                  PAN 200                   |
#  +-----------------------------------+--------------------------------------------+
#                                 psw0 (panswitch, init netns)

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

MAC1=02:00:00:00:00:01
MAC2=02:00:00:00:00:02
MAC3=02:00:00:00:00:03
IP1=198.51.100.1
IP2=198.51.100.2
IP3=198.51.100.3
BCAST=198.51.100.255

PAN100_VMS=(vm1 vm2)
PAN200_VMS=(vm3 vm4 vm5)
ALL_VMS=("${PAN100_VMS[@]}" "${PAN200_VMS[@]}")

setup()
{
	load_kmods veth
	switch_add psw0 || return 1
	check_run "$PSW" pan add psw0 100 || return 1
	check_run "$PSW" pan add psw0 200 || return 1
	vm_port_add vm1 "$MAC1" "$IP1" 100 || return 1
	vm_port_add vm2 "$MAC2" "$IP2" 100 || return 1
	vm_port_add vm3 "$MAC1" "$IP1" 200 || return 1
	vm_port_add vm4 "$MAC2" "$IP2" 200 || return 1
	vm_port_add vm5 "$MAC3" "$IP3" 200 || return 1
	check_run ip link set psw0 up || return 1
	check_json "$PSW" -j pan show psw0 || return 1
	check_jq "$JSON" 'length == 2 and
		(.[] | select(.pan == 100) | .ports == 2 and .entries == 2) and
		(.[] | select(.pan == 200) | .ports == 3 and .entries == 3)'
}

case_ping_pan100()
{
	check_ping vm1 "$IP2"
	check_ping vm2 "$IP1"
}

case_ping_pan200()
{
	check_ping vm3 "$IP2"
	check_ping vm4 "$IP1"
	check_ping vm5 "$IP1"
}

# all_specs: every counter the isolation cases look at.
all_specs()
{
	local vm

	for vm in "${ALL_VMS[@]}"; do
		echo "vm:$vm:rx"
		echo "port:psw0:$vm:tx_packets"
		echo "port:psw0:$vm:flooded"
	done
	echo "pan:psw0:100:flooded"
	echo "pan:psw0:200:flooded"
	echo "pan:psw0:100:tx_packets"
	echo "pan:psw0:200:tx_packets"
}

# pan_traffic SENDER DEST_IP: from a quiet start (no neighbour anywhere),
# SENDER pings DEST_IP (ARP broadcast + unicast), pings the broadcast
# address and, if there is an arping, sends broadcast ARP requests.
pan_traffic()
{
	local sender=$1 dest=$2 specs

	flush_neigh "${ALL_VMS[@]}"
	mapfile -t specs <<<"$(all_specs)"
	snap "${specs[@]}"
	check_ping "$sender" "$dest" || return 1
	send_broadcast "$sender" "$BCAST"
	send_arping "$sender" "$dest" ||
		diag "no arping available: ARP covered by ping's resolution only"
	return 0
}

# expect_reached VM...: each VM's eth0 and port saw at least 3 frames (an
# ARP request and the two broadcast echo requests).
expect_reached()
{
	local vm

	for vm in "$@"; do
		expect_delta "vm:$vm:rx" ge 3
		expect_delta "port:psw0:$vm:tx_packets" ge 3
	done
}

# expect_untouched VM...: not one frame reached VM or left its port.
expect_untouched()
{
	local vm

	for vm in "$@"; do
		expect_delta "vm:$vm:rx" eq 0
		expect_delta "port:psw0:$vm:tx_packets" eq 0
	done
}

case_pan100_traffic_stays()
{
	pan_traffic vm1 "$IP2" || return 1
	expect_reached vm2
	# vm2 also got the two unicast echo requests.
	expect_delta "vm:vm2:rx" ge 5
	expect_delta "port:psw0:vm1:flooded" ge 3
	expect_delta "pan:psw0:100:flooded" ge 3
	expect_delta "pan:psw0:100:tx_packets" ge 5
}

case_pan100_traffic_isolated()
{
	expect_untouched "${PAN200_VMS[@]}"
	expect_delta "pan:psw0:200:flooded" eq 0
	expect_delta "pan:psw0:200:tx_packets" eq 0
}

case_pan200_traffic_stays()
{
	pan_traffic vm3 "$IP2" || return 1
	expect_reached vm4 vm5
	expect_delta "vm:vm4:rx" ge 5
	expect_delta "port:psw0:vm3:flooded" ge 3
	expect_delta "pan:psw0:200:flooded" ge 3
	# vm4 and vm5 got the floods, vm4 the unicasts too.
	expect_delta "pan:psw0:200:tx_packets" ge 8
}

case_pan200_traffic_isolated()
{
	expect_untouched "${PAN100_VMS[@]}"
	expect_delta "pan:psw0:100:flooded" eq 0
	expect_delta "pan:psw0:100:tx_packets" eq 0
}

case_other_pan_unreachable()
{
	flush_neigh "${ALL_VMS[@]}"
	snap vm:vm2:rx vm:vm3:rx vm:vm4:rx vm:vm5:rx \
		port:psw0:vm3:tx_packets port:psw0:vm4:tx_packets port:psw0:vm5:tx_packets
	# 198.51.100.3 exists, but only in PAN 200 (vm5 answers vm3 above).
	check_no_ping vm1 "$IP3"
	# vm1's ARP requests went out, to PAN 100 only.
	expect_delta vm:vm2:rx ge 1
	expect_untouched vm3 vm4 vm5
}

require_tools
ensure_module
kmsg_mark
ktap_plan 9
run_setup "two PANs with the same MACs and addresses are set up" setup
run_case "PAN 100: vm1 and vm2 ping each other" case_ping_pan100
run_case "PAN 200: vm3, vm4, vm5 ping each other (same MACs/IPs as PAN 100)" case_ping_pan200
run_case "PAN 100 unicast, broadcast and ARP reach PAN 100 and are flooded" case_pan100_traffic_stays
run_case "PAN 100 traffic: zero frames reach PAN 200 ports or VMs" case_pan100_traffic_isolated
run_case "PAN 200 unicast, broadcast and ARP reach PAN 200 and are flooded" case_pan200_traffic_stays
run_case "PAN 200 traffic: zero frames reach PAN 100 ports or VMs" case_pan200_traffic_isolated
run_case "an address that exists only in the other PAN is unreachable" case_other_pan_unreachable
run_case "no kernel warnings" check_kernel_log
ktap_finish
