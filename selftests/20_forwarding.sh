#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 20_forwarding.sh - how a frame from a vm port is forwarded: unknown
# unicast floods within its PAN only; a local entry delivers to exactly one
# port; a drop entry discards (drops.entry_drop); a destination on the
# ingress port is a hairpin drop; nothing is forwarded while psw0 is down
# (drops.switch_down). The "flooded" counter moves only when flooding. A
# PAN's counters keep what its ports counted when a port leaves.
#
# vm1 sends to 198.51.100.99, a static neighbour with MAC 02:00:00:00:00:99
# (UNKNOWN) that no VM owns; vm4 has vm2's MAC and address, in PAN 200.
#
#  netns vm1         netns vm2         netns vm3         netns vm4
#  eth0              eth0              eth0              eth0
#  02:00:00:00:00:01 02:00:00:00:00:02 02:00:00:00:00:03 02:00:00:00:00:02
#  198.51.100.1/24   198.51.100.2/24   198.51.100.3/24   198.51.100.2/24
#     |  veth           |                 |                 |
#  +-vm1---------------vm2---------------vm3--------+------vm4-------+
#  |                  PAN 100                      |    PAN 200     |
#  +-----------------------------------------------+----------------+
#                            psw0 (panswitch, init netns)

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

MAC1=02:00:00:00:00:01
MAC2=02:00:00:00:00:02
MAC3=02:00:00:00:00:03
UNKNOWN=02:00:00:00:00:99
IP1=198.51.100.1
IP2=198.51.100.2
IP3=198.51.100.3
IP_UNKNOWN=198.51.100.99
IP_SELF=198.51.100.98	# resolves to vm1's own MAC: a hairpin
ALL_VMS=(vm1 vm2 vm3 vm4)

setup()
{
	load_kmods veth
	switch_add psw0 || return 1
	check_run "$PSW" pan add psw0 100 || return 1
	check_run "$PSW" pan add psw0 200 || return 1
	vm_port_add vm1 "$MAC1" "$IP1" 100 || return 1
	vm_port_add vm2 "$MAC2" "$IP2" 100 || return 1
	vm_port_add vm3 "$MAC3" "$IP3" 100 || return 1
	vm_port_add vm4 "$MAC2" "$IP2" 200 || return 1
	static_neigh vm1 "$IP_UNKNOWN" "$UNKNOWN" || return 1
	static_neigh vm1 "$IP_SELF" "$MAC1" || return 1
	check_run ip link set psw0 up
}

case_sanity()
{
	check_ping vm1 "$IP2"
	check_ping vm1 "$IP3"
}

# quiet_snap SPEC...: no pending neighbour traffic, then snap.
quiet_snap()
{
	flush_neigh "${ALL_VMS[@]}"
	snap "$@"
}

SPECS=(vm:vm1:rx vm:vm2:rx vm:vm3:rx vm:vm4:rx
	port:psw0:vm1:tx_packets port:psw0:vm2:tx_packets
	port:psw0:vm3:tx_packets port:psw0:vm4:tx_packets
	port:psw0:vm1:rx_packets port:psw0:vm1:flooded
	pan:psw0:100:flooded pan:psw0:200:flooded
	port:psw0:vm1:drops.entry_drop pan:psw0:100:drops.entry_drop
	port:psw0:vm1:drops.hairpin pan:psw0:100:drops.hairpin
	port:psw0:vm1:drops.switch_down pan:psw0:100:drops.switch_down)

case_unknown_floods_in_pan()
{
	quiet_snap "${SPECS[@]}"
	send_frames vm1 "$IP_UNKNOWN"
	expect_delta port:psw0:vm1:rx_packets ge 2
	expect_delta vm:vm2:rx ge 2
	expect_delta vm:vm3:rx ge 2
	expect_delta port:psw0:vm2:tx_packets ge 2
	expect_delta port:psw0:vm3:tx_packets ge 2
	expect_delta port:psw0:vm1:flooded ge 2
	expect_delta pan:psw0:100:flooded ge 2
	# PAN 200 (vm4 owns vm2's MAC there) sees nothing.
	expect_delta vm:vm4:rx eq 0
	expect_delta port:psw0:vm4:tx_packets eq 0
	expect_delta pan:psw0:200:flooded eq 0
	# And nothing comes back to the sender.
	expect_delta vm:vm1:rx eq 0
}

case_entry_add_local()
{
	check_run "$PSW" entry add psw0 pan 100 mac "$UNKNOWN" local dev vm2 || return 1
	check_json "$PSW" -j entry show psw0 pan 100 mac "$UNKNOWN" || return 1
	check_jq "$JSON" 'length == 1 and .[0].mode == "local" and
		.[0].dev == "vm2" and .[0].origin == "user"'
}

case_local_entry_delivers_to_one_port()
{
	quiet_snap "${SPECS[@]}"
	send_frames vm1 "$IP_UNKNOWN"
	expect_delta vm:vm2:rx ge 2
	expect_delta port:psw0:vm2:tx_packets ge 2
	expect_delta vm:vm3:rx eq 0
	expect_delta port:psw0:vm3:tx_packets eq 0
	expect_delta vm:vm4:rx eq 0
	expect_delta port:psw0:vm4:tx_packets eq 0
	# A known destination is not flooded.
	expect_delta port:psw0:vm1:flooded eq 0
	expect_delta pan:psw0:100:flooded eq 0
}

case_drop_entry()
{
	check_run "$PSW" entry del psw0 pan 100 mac "$UNKNOWN" || return 1
	check_run "$PSW" entry add psw0 pan 100 mac "$UNKNOWN" drop || return 1
	check_json "$PSW" -j entry show psw0 pan 100 mac "$UNKNOWN" || return 1
	check_jq "$JSON" 'length == 1 and .[0].mode == "drop" and (.[0] | has("dev") | not)' ||
		return 1
	quiet_snap "${SPECS[@]}"
	send_frames vm1 "$IP_UNKNOWN"
	expect_delta port:psw0:vm1:rx_packets ge 2
	expect_delta port:psw0:vm1:drops.entry_drop ge 2
	expect_delta pan:psw0:100:drops.entry_drop ge 2
	expect_delta vm:vm2:rx eq 0
	expect_delta vm:vm3:rx eq 0
	expect_delta vm:vm4:rx eq 0
	expect_delta port:psw0:vm1:flooded eq 0
	expect_delta pan:psw0:100:flooded eq 0
}

case_hairpin()
{
	# vm1 sends to its own MAC (via a static neighbour): the port entry
	# for 02:00:00:00:00:01 points back to the ingress port.
	quiet_snap "${SPECS[@]}"
	send_frames vm1 "$IP_SELF"
	expect_delta port:psw0:vm1:drops.hairpin ge 2
	expect_delta pan:psw0:100:drops.hairpin ge 2
	expect_delta port:psw0:vm1:tx_packets eq 0
	expect_delta vm:vm1:rx eq 0
	expect_delta vm:vm2:rx eq 0
	expect_delta vm:vm3:rx eq 0
	expect_delta port:psw0:vm1:flooded eq 0
}

case_switch_down()
{
	static_neigh vm1 "$IP2" "$MAC2" || return 1
	check_run ip link set psw0 down || return 1
	quiet_snap "${SPECS[@]}"
	send_frames vm1 "$IP2"
	expect_delta port:psw0:vm1:drops.switch_down ge 2
	expect_delta pan:psw0:100:drops.switch_down ge 2
	expect_delta vm:vm2:rx eq 0
	expect_delta vm:vm3:rx eq 0
	expect_delta port:psw0:vm2:tx_packets eq 0
	expect_delta port:psw0:vm1:flooded eq 0
}

case_switch_up_again()
{
	check_run ip link set psw0 up || return 1
	check_ping vm1 "$IP2"
	check_ping vm2 "$IP1"
}

# PAN_JQ: a PAN's counters, one line per counter.
PAN_JQ='.[0] | (to_entries[] | select(.value | type == "number") | "\(.key)=\(.value)"),
	(.drops | to_entries[] | "drops.\(.key)=\(.value)")'

# A PAN's counters include its vm ports' frames (counted once, on the
# port): a port that leaves takes none of them away. Static neighbours, so
# that no ARP moves a counter between the two readings.
case_port_del_keeps_pan_counters()
{
	local before after

	flush_neigh "${ALL_VMS[@]}"
	static_neigh vm3 "$IP1" "$MAC1" && static_neigh vm1 "$IP3" "$MAC3" || return 1
	quiet_snap port:psw0:vm3:rx_packets port:psw0:vm3:tx_packets pan:psw0:100:rx_packets
	check_ping vm3 "$IP1" || return 1
	expect_delta port:psw0:vm3:rx_packets ge 2
	expect_delta port:psw0:vm3:tx_packets ge 2
	expect_delta pan:psw0:100:rx_packets ge 4
	before=$("$PSW" -j stats show psw0 pan 100 | jq -r "$PAN_JQ")
	check_run "$PSW" port del psw0 dev vm3 || return 1
	after=$("$PSW" -j stats show psw0 pan 100 | jq -r "$PAN_JQ")
	check_eq "PAN 100's counters before and after vm3's port left" "$before" "$after"
}

require_tools
ensure_module
kmsg_mark
ktap_plan 11
run_setup "PAN 100 (vm1 vm2 vm3) and PAN 200 (vm4) are set up" setup
run_case "vm1 pings vm2 and vm3" case_sanity
run_case "unknown unicast floods to its PAN's other ports only" case_unknown_floods_in_pan
run_case "entry add ... local dev vm2 is installed" case_entry_add_local
run_case "a local entry delivers to exactly its port, without flooding" case_local_entry_delivers_to_one_port
run_case "a drop entry discards, counted as drops.entry_drop" case_drop_entry
run_case "a frame to the ingress port is dropped as drops.hairpin" case_hairpin
run_case "nothing is forwarded while psw0 is down (drops.switch_down)" case_switch_down
run_case "forwarding resumes when psw0 is up again" case_switch_up_again
run_case "a port that leaves its PAN takes none of the PAN's counters along" \
	case_port_del_keeps_pan_counters
run_case "no kernel warnings" check_kernel_log
ktap_finish
