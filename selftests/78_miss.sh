#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 78_miss.sh - a PAN's miss policy: what it does with a unicast frame from
# a vm port to a MAC with no entry (issue 15). flood (the default) floods
# it like a broadcast; drop drops it (drops.miss); anycast (seed 004)
# rewrites its destination to the PAN's anycast MAC and sends it to the
# anycast gateway; each miss counts in the PAN's miss_flood / miss_drop /
# miss_anycast. Broadcast and multicast frames and frames with an entry
# never follow the policy; each PAN has its own; bad settings and an
# unprivileged user are refused, changing nothing.
#
# Part 1 (flood, drop) on psw0 in this namespace:
# vm1 sends to 198.51.100.99, a static neighbour with MAC 02:00:00:00:00:99
# (UNKNOWN) that no VM owns.
#
#  netns vm1         netns vm2         netns vm3         netns vm4
#  02:00:00:00:00:01 02:00:00:00:00:02 02:00:00:00:00:03 02:00:00:00:00:04
#  198.51.100.1/24   198.51.100.2/24   198.51.100.3/24   198.51.100.4/24
#  +-vm1---------------vm2---------------vm3--------+------vm4-------+
#  |                  PAN 100                      |    PAN 200     |
#  +-----------------------------------------------+----------------+
#                            psw0 (panswitch, init netns)
#
# Part 2 (anycast), seed 004's example: VM va (1.1.1.1, 00:00:01:01:01:01)
# on host h still has 1.1.1.2 at 00:00:01:01:01:02 in its ARP cache, but
# that VM (vb) has moved behind the router tor, which owns the anycast
# gateway 00:00:de:ad:be:ef / 1.1.1.254 on its VXLAN device (VNI 100,
# toward h's switch) and routes 1.1.1.2 to b. h's psw0 has no entry for
# 00:00:01:01:01:02: with miss anycast, va's frames reach tor with
# destination 00:00:de:ad:be:ef and are routed on to vb.
#
#  netns va                netns h (psw0, local 192.0.2.1)    netns tor
#  eth0 1.1.1.1 ---------- va [PAN 100]      ul0 192.0.2.1 -- ul0 192.0.2.254
#                                                              vx0 VNI 100
#                                          00:00:de:ad:be:ef 1.1.1.254/24
#                                                             vb --- netns vb
#                                                         eth0 1.1.1.2/24

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

MAC1=02:00:00:00:00:01
MAC2=02:00:00:00:00:02
MAC3=02:00:00:00:00:03
MAC4=02:00:00:00:00:04
UNKNOWN=02:00:00:00:00:99
IP1=198.51.100.1
IP2=198.51.100.2
IP3=198.51.100.3
IP4=198.51.100.4
IP_UNKNOWN=198.51.100.99
BCAST=198.51.100.255

setup()
{
	load_kmods veth
	switch_add psw0 || return 1
	check_run "$PSW" pan add psw0 100 || return 1
	check_run "$PSW" pan add psw0 200 || return 1
	vm_port_add vm1 "$MAC1" "$IP1" 100 || return 1
	vm_port_add vm2 "$MAC2" "$IP2" 100 || return 1
	vm_port_add vm3 "$MAC3" "$IP3" 100 || return 1
	vm_port_add vm4 "$MAC4" "$IP4" 200 || return 1
	static_neigh vm1 "$IP_UNKNOWN" "$UNKNOWN" || return 1
	static_neigh vm1 "$IP2" "$MAC2" || return 1
	static_neigh vm2 "$IP1" "$MAC1" || return 1
	static_neigh vm4 "$IP_UNKNOWN" "$UNKNOWN" || return 1
	check_run ip link set psw0 up
}

# miss_is PAN POLICY: pan show says so, in JSON and in text.
miss_is()
{
	check_json "$PSW" -j pan show psw0 "$1" || return 1
	check_jq "$JSON" '.[0].miss == $m' --arg m "$2" || return 1
	check_run "$PSW" pan show psw0 "$1" || return 1
	check_match "pan show psw0 $1 (text)" " miss $2( |\$)" "$OUT"
}

case_default_flood()
{
	miss_is 100 flood && miss_is 200 flood || return 1
	check_json "$PSW" -j stats show psw0 pan 100 || return 1
	check_jq "$JSON" '.[0].miss_flood == 0 and .[0].miss_drop == 0 and
		.[0].drops.miss == 0'
}

SPECS=(vm:vm2:rx vm:vm3:rx vm:vm4:rx
	port:psw0:vm1:rx_packets port:psw0:vm1:flooded
	pan:psw0:100:flooded pan:psw0:100:miss_flood pan:psw0:100:miss_drop
	port:psw0:vm1:drops.miss pan:psw0:100:drops.miss
	pan:psw0:200:miss_flood pan:psw0:200:miss_drop)

case_flood_counts()
{
	snap "${SPECS[@]}"
	send_frames vm1 "$IP_UNKNOWN"
	expect_delta port:psw0:vm1:rx_packets eq 2
	expect_delta vm:vm2:rx eq 2
	expect_delta vm:vm3:rx eq 2
	expect_delta pan:psw0:100:flooded eq 2
	expect_delta pan:psw0:100:miss_flood eq 2
	expect_delta pan:psw0:100:miss_drop eq 0
	expect_delta pan:psw0:100:drops.miss eq 0
	expect_delta vm:vm4:rx eq 0
}

case_set_drop()
{
	check_run "$PSW" pan set psw0 100 miss drop || return 1
	miss_is 100 drop && miss_is 200 flood
}

case_drop_drops_misses_only()
{
	snap "${SPECS[@]}"
	send_frames vm1 "$IP_UNKNOWN"
	expect_delta port:psw0:vm1:rx_packets eq 2
	expect_delta pan:psw0:100:miss_drop eq 2
	expect_delta port:psw0:vm1:drops.miss eq 2
	expect_delta pan:psw0:100:drops.miss eq 2
	expect_delta pan:psw0:100:miss_flood eq 0
	expect_delta vm:vm2:rx eq 0
	expect_delta vm:vm3:rx eq 0
	expect_delta vm:vm4:rx eq 0

	# Positive controls in the same state: a known destination is
	# delivered, a broadcast still floods, and neither is a miss.
	snap "${SPECS[@]}"
	check_ping vm1 "$IP2"
	send_broadcast vm1 "$BCAST"
	expect_delta vm:vm2:rx ge 4
	expect_delta vm:vm3:rx eq 2
	expect_delta pan:psw0:100:flooded eq 2
	expect_delta pan:psw0:100:miss_drop eq 0
	expect_delta pan:psw0:100:miss_flood eq 0
}

case_other_pan_floods()
{
	snap "${SPECS[@]}"
	send_frames vm4 "$IP_UNKNOWN"
	expect_delta pan:psw0:200:miss_flood eq 2
	expect_delta pan:psw0:200:miss_drop eq 0
	expect_delta pan:psw0:100:miss_drop eq 0
	expect_delta pan:psw0:100:miss_flood eq 0
}

case_refusals()
{
	check_fail "$PSW" pan set psw0 100 miss anycast 1 \
		"needs the PAN's anycast gateway"
	check_fail "$PSW" pan set psw0 300 miss drop 1 "PAN does not exist"
	check_fail "$PSW" pan set psw0 100 miss bogus 2 '"miss" takes'
	miss_is 100 drop
}

case_unpriv_refused()
{
	unpriv_usable || {
		skip "setpriv cannot drop to uid 65534 (needs util-linux setpriv)"
		return 4
	}
	check_fail "${UNPRIV[@]}" "$PSW" pan set psw0 100 miss flood 1 \
		"Operation not permitted"
	miss_is 100 drop
}

case_back_to_flood()
{
	check_run "$PSW" pan set psw0 100 miss flood || return 1
	miss_is 100 flood || return 1
	snap "${SPECS[@]}"
	send_frames vm1 "$IP_UNKNOWN"
	expect_delta vm:vm2:rx eq 2
	expect_delta pan:psw0:100:miss_flood eq 2
	expect_delta pan:psw0:100:miss_drop eq 0
}

case_monitor_sees_set()
{
	local log=$TMPD/monitor.log pid

	"$PSW" -j monitor >"$log" 2>&1 &
	pid=$!
	defer kill "$pid"
	sleep 1
	check_run "$PSW" pan set psw0 200 miss drop || return 1
	wait_until 50 grep -q '"event":"set"' "$log"
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	check_match "monitor prints the pan set" '"object":"pan".*"pan":200' \
		"$(cat "$log")" || return 1
	miss_is 200 drop
}

# --- Part 2: anycast gateway ----------------------------------------------

GW_MAC=00:00:de:ad:be:ef
GW_IP=1.1.1.254
MAC_A=00:00:01:01:01:01
MAC_B=00:00:01:01:01:02
EXT_A=02:ee:00:00:00:01	# a's external MAC (the anycast gateway via the uplink)
IP_A=1.1.1.1
IP_B=1.1.1.2

setup_anycast()
{
	load_kmods vxlan
	host_add h || return 1
	host_add tor || return 1
	host_switch_add h || return 1
	link_pair h ul0 02:00:00:00:0a:01 tor ul0 02:00:00:00:0a:fe || return 1
	host_addr h ul0 192.0.2.1/24 || return 1
	host_addr tor ul0 192.0.2.254/24 || return 1
	check_run hpsw h switch set psw0 local 192.0.2.1 || return 1
	check_run hpsw h pan add psw0 100 || return 1
	hvm_port_add h va 100 "$MAC_A" "$EXT_A" "$IP_A/24" || return 1
	# a's stale ARP entry: b's MAC from before it moved.
	static_neigh va "$IP_B" "$MAC_B" || return 1
	# The router: the anycast gateway on VXLAN toward h, and b behind it.
	check_run ip -n "$(ns_of tor)" link add vx0 address "$GW_MAC" type vxlan \
		id 100 local 192.0.2.254 remote 192.0.2.1 dstport 4789 || return 1
	host_addr tor vx0 "$GW_IP/24" || return 1
	check_run ip -n "$(ns_of tor)" neigh replace "$IP_A" lladdr "$MAC_A" \
		dev vx0 nud permanent || return 1
	hvm_add tor vb "$MAC_B" "$IP_B/24" || return 1
	check_run ip -n "$(ns_of tor)" route add "$IP_B/32" dev vb || return 1
	set_sysctls "$(ns_of tor)" net/ipv4/ip_forward=1 \
		net/ipv4/conf/vb/proxy_arp=1 net/ipv4/conf/all/rp_filter=0 \
		net/ipv4/conf/vx0/rp_filter=0 net/ipv4/conf/vb/rp_filter=0
}

ANY_SPECS=(hpan:h:100:miss_anycast hpan:h:100:miss_flood
	hpan:h:100:drops.no_dest hport:h:va:drops.spoofed_src vm:vb:rx)

case_stale_arp_lost_without_anycast()
{
	# What happens without the feature: the miss floods to no one.
	hsnap "${ANY_SPECS[@]}"
	check_no_ping va "$IP_B"
	hexpect_delta hpan:h:100:miss_flood ge 2
	hexpect_delta hpan:h:100:drops.no_dest ge 2
	hexpect_delta vm:vb:rx eq 0
}

case_anycast_set()
{
	check_run hpsw h pan set psw0 100 anycast-mac "$GW_MAC" \
		via remote 192.0.2.254 encap vxlan || return 1
	check_run hpsw h pan set psw0 100 miss anycast || return 1
	check_json hpsw h -j pan show psw0 100 || return 1
	check_jq "$JSON" '.[0].miss == "anycast" and
		.[0].anycast == {mac: $m, remote: "192.0.2.254", encap: "vxlan"}' \
		--arg m "$GW_MAC" || return 1
	check_run hpsw h pan show psw0 100 || return 1
	check_match "pan show (text)" \
		"miss anycast anycast-mac $GW_MAC via remote 192.0.2.254 encap vxlan" "$OUT"
}

case_anycast_routes_stale_arp()
{
	hsnap "${ANY_SPECS[@]}"
	cap_start any tor vx0 || return 1
	check_ping va "$IP_B"
	cap_stop any
	hexpect_delta hpan:h:100:miss_anycast ge 2
	hexpect_delta vm:vb:rx ge 2
	hexpect_delta hpan:h:100:miss_flood eq 0
	# At the router: a's echo requests, to the anycast MAC; not one frame
	# kept the stale destination.
	check_match "echo requests from va to $IP_B with destination $GW_MAC at tor" \
		"$MAC_A > $GW_MAC, .*$IP_A > $IP_B: ICMP echo request" \
		"$(cap_read any -e icmp)" || return 1
	check_eq "frames to the stale $MAC_B at tor" 0 \
		"$(cap_bytes any ether dst "$MAC_B" | wc -l)"
}

case_bcast_mcast_not_rewritten()
{
	local bc mc

	# Broadcast and multicast go to the flood list, tor included, as
	# they are.
	check_run hpsw h pan set psw0 100 flood add remote 192.0.2.254 \
		encap vxlan || return 1
	hsnap "${ANY_SPECS[@]}"
	cap_start bm tor vx0 ether src "$MAC_A" || return 1
	vsend va "$(plain ff:ff:ff:ff:ff:ff "$MAC_A")" \
		"$(plain 01:00:5e:00:00:01 "$MAC_A")" \
		"$(plain 33:33:00:00:00:01 "$MAC_A")" || return 1
	cap_stop bm
	bc=$(cap_bytes bm ether dst ff:ff:ff:ff:ff:ff | wc -l)
	mc=$(cap_bytes bm ether multicast and not ether broadcast | wc -l)
	check_eq "broadcast frames at tor, destination kept" 1 "$bc"
	check_eq "multicast frames at tor, destinations kept" 2 "$mc"
	check_eq "frames at tor to the anycast MAC" 0 \
		"$(cap_bytes bm ether dst "$GW_MAC" | wc -l)"
	hexpect_delta hpan:h:100:miss_anycast eq 0
	check_run hpsw h pan set psw0 100 flood del remote 192.0.2.254 encap vxlan
}

case_forged_source_stays()
{
	# A VM cannot reach the gateway with a forged source: port security
	# drops it before the miss policy. Control: the same frame from its
	# own MAC goes.
	hsnap "${ANY_SPECS[@]}"
	cap_start fs tor vx0 ether dst "$GW_MAC" || return 1
	vsend va "$(plain "$MAC_B" 00:00:01:01:01:99)" \
		"$(plain "$MAC_B" "$MAC_A")" || return 1
	cap_stop fs
	hexpect_delta hport:h:va:drops.spoofed_src eq 1
	hexpect_delta hpan:h:100:miss_anycast eq 1
	check_eq "frames at tor from the forged source" 0 \
		"$(cap_bytes fs ether src 00:00:01:01:01:99 | wc -l)"
	check_eq "frames at tor from va's own MAC" 1 \
		"$(cap_bytes fs ether src "$MAC_A" | wc -l)"
}

case_anycast_refusals()
{
	local set=(hpsw h pan set psw0 100)

	hcheck_fail h "${set[@]}" anycast-mac 01:00:5e:00:00:01 \
		via remote 192.0.2.254 encap vxlan 1 "unicast and not zero"
	hcheck_fail h "${set[@]}" anycast-mac 00:00:00:00:00:00 \
		via remote 192.0.2.254 encap vxlan 1 "unicast and not zero"
	hcheck_fail h "${set[@]}" anycast-mac "$MAC_A" \
		via remote 192.0.2.254 encap vxlan 1 "a local VM's MAC"
	hcheck_fail h "${set[@]}" anycast-mac 02:00:00:00:00:77 via uplink \
		1 "no uplink"
	hcheck_fail h "${set[@]}" anycast-mac 02:00:00:00:00:77 \
		via remote 192.0.2.1 encap vxlan 1 "own underlay address"
	hcheck_fail h "${set[@]}" anycast-mac none 1 \
		"needs the PAN's anycast gateway"
	check_run hpsw h pan add psw0 200 || return 1
	hcheck_fail h hpsw h pan set psw0 200 miss anycast 1 \
		"needs the PAN's anycast gateway"
	unpriv_usable || return 0
	hcheck_fail h ip netns exec "$(ns_of h)" "${UNPRIV[@]}" "$PSW" pan set \
		psw0 100 anycast-mac none 1 "Operation not permitted"
}

case_anycast_via_uplink()
{
	# tor also sits on h's physical network, with the anycast MAC.
	link_pair h up0 02:00:00:00:0b:01 tor up1 "$GW_MAC" || return 1
	check_run hpsw h port add psw0 dev up0 uplink || return 1
	check_run hpsw h pan set psw0 100 anycast-mac "$GW_MAC" via uplink ||
		return 1
	check_json hpsw h -j pan show psw0 100 || return 1
	check_jq "$JSON" '.[0].miss == "anycast" and
		.[0].anycast == {mac: $m, uplink: true}' --arg m "$GW_MAC" ||
		return 1
	hsnap "${ANY_SPECS[@]}" hpan:h:100:xlate_tx
	cap_start up tor up1 ether dst "$GW_MAC" || return 1
	vsend va "$(plain "$MAC_B" "$MAC_A")" "$(plain ff:ff:ff:ff:ff:ff "$MAC_A")" ||
		return 1
	cap_stop up
	hexpect_delta hpan:h:100:miss_anycast eq 1
	hexpect_delta hpan:h:100:xlate_tx eq 1
	# On the physical network: to the anycast MAC, from a's external MAC
	# (never its internal one); the broadcast was not rewritten.
	check_eq "frames at tor's up1 to $GW_MAC from $EXT_A" 1 \
		"$(cap_bytes up ether src "$EXT_A" | wc -l)"
	check_eq "frames at tor's up1 to $GW_MAC in all" 1 \
		"$(cap_bytes up | wc -l)"
}

case_anycast_removed()
{
	check_run hpsw h pan set psw0 100 miss flood || return 1
	check_run hpsw h pan set psw0 100 anycast-mac none || return 1
	check_json hpsw h -j pan show psw0 100 || return 1
	check_jq "$JSON" '.[0].miss == "flood" and (.[0] | has("anycast") | not)' ||
		return 1
	# Its remote is no longer trusted: the address can be cleared.
	check_run hpsw h switch set psw0 local none
}

require_tools
ensure_module
kmsg_mark
ktap_plan 20
run_setup "PAN 100 (vm1 vm2 vm3) and PAN 200 (vm4) are set up" setup
run_case "a new PAN's miss policy is flood, its counters zero" case_default_flood
run_case "miss flood: an unknown unicast floods, counted miss_flood" case_flood_counts
run_case "pan set ... miss drop is shown on PAN 100 only" case_set_drop
run_case "miss drop: misses dropped (drops.miss); known and broadcast frames still go" case_drop_drops_misses_only
run_case "PAN 200 keeps its own policy (flood)" case_other_pan_floods
run_case "anycast without a gateway, a missing PAN, a bad word: refused, nothing changed" case_refusals
run_case "uid 65534 cannot change the miss policy" case_unpriv_refused
run_case "miss flood again floods" case_back_to_flood
run_case "a miss policy change is announced" case_monitor_sees_set
run_setup "host h (psw0, VM va) and router tor (anycast gateway, VM vb behind it)" setup_anycast
run_case "miss flood: a stale ARP entry's frames reach no one" case_stale_arp_lost_without_anycast
run_case "anycast-mac ... via remote and miss anycast are set and shown" case_anycast_set
run_case "miss anycast: a stale ARP entry's frames reach the router with the anycast MAC, routed to vb" case_anycast_routes_stale_arp
run_case "broadcast and multicast are never rewritten" case_bcast_mcast_not_rewritten
run_case "a forged source never reaches the gateway" case_forged_source_stays
run_case "bad anycast settings refused, nothing changed" case_anycast_refusals
run_case "via uplink: a miss leaves translated, to the anycast MAC" case_anycast_via_uplink
run_case "the gateway is removed, its remote released" case_anycast_removed
run_case "no kernel warnings" check_kernel_log
ktap_finish
