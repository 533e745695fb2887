#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 98_isolated.sh - isolated ports and the switch's VLAN pool (issue 17
# item 4, seed 001): an isolated vm port's frames are never switched
# locally; they leave through the uplink tagged with the port's VLAN of
# the pool, for the edge to switch, and frames on that VLAN from the edge
# go to that port only.
#   - with isolation off, a and b (PAN 100) reach each other directly
#     (nothing on the uplink); isolated, only through the edge: with its
#     rules the ping works and every frame crossed the edge; with them
#     removed the ping fails and b's port delivered nothing (no local
#     path); an xlate entry for a destination does not translate an
#     isolated port's frame (it leaves tagged, untranslated, xlate_tx 0);
#     d (not isolated) cannot reach isolated b locally (isolated);
#   - refusals, each changing nothing: no pool, pool exhausted, a VLAN
#     outside the pool, shrinking or removing a pool in use, an uplink;
#   - migration: VM x arrives asking for b's VLAN under b's 10 ms ping to
#     a; b moves to a free VLAN, announced before x, and loses nothing
#     (its grace period takes the edge's frames on the old VLAN until the
#     edge follows); a frame on the old VLAN then reaches x only;
#   - attacker view: a frame a sends tagged with b's VLAN is dropped
#     (vlan_tagged), the same untagged leaves on a's VLAN; a frame on the
#     uplink on a's VLAN reaches a only (not d, not c of PAN 200), one on
#     a pool VLAN nobody holds is dropped (vlan_no_port); without an
#     uplink a's frames are dropped (isolated_no_uplink);
#   - off and port deletion return the VLAN; text and -j output.
#
#   psw0: va vb vd vx (vm ports, PAN 100), vc (PAN 200), up0 (uplink)
#   whose peer is the edge's eth0 (namespace $TAG-edge). The edge
#   switches like seed 001's tunnel end point, by destination MAC, and
#   retags: a tc flower rule per VM, "dst MAC: VLAN := the VM's VLAN,
#   back out of eth0". The VMs have static neighbours (no ARP).
# VM  MAC                IPv4
# va  02:1a:00:00:00:01  10.0.0.1
# vb  02:1a:00:00:00:02  10.0.0.2
# vd  02:1a:00:00:00:04  10.0.0.4
# vx  02:1a:00:00:00:05  10.0.0.5   (arrives by migration)
# vc  02:2b:00:00:00:03  10.0.0.2   (PAN 200, b's address reused)

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

A=02:1a:00:00:00:01 B=02:1a:00:00:00:02 D=02:1a:00:00:00:04
X=02:1a:00:00:00:05 C=02:2b:00:00:00:03
EDGE_MAC=02:ee:00:00:00:fe
FAR=02:1a:00:00:00:99	# a VM elsewhere, reached by an xlate entry
EDGE=""
MOVED_AT=0
PSW_GRACE_S=10	# PSW_VLAN_GRACE_MS

# tci VID: the 4 hex digits of an 802.1Q TCI with VID (priority 0).
tci()
{
	printf '%04x' "$1"
}

# edge_rule PREF MAC VID: frames to MAC leave the edge again on VID (a
# rule of a lower PREF for MAC wins while it is there).
edge_rule()
{
	check_run ip netns exec "$EDGE" tc filter add dev eth0 ingress \
		pref "$1" protocol 802.1Q flower dst_mac "$2" \
		action vlan modify id "$3" pipe \
		action mirred egress redirect dev eth0
}

edge_rule_del()
{
	check_run ip netns exec "$EDGE" tc filter del dev eth0 ingress pref "$1"
}

edge_flush()
{
	check_run ip netns exec "$EDGE" tc filter del dev eth0 ingress
}

# send_from VM HEX...: the frames from VM's eth0, all in one psw-send.
send_from()
{
	local f file=$TMPD/frames vm=$1

	shift
	[[ -x $SEND ]] || { fail "psw-send is not installed (make -C tools/fuzz)"; return 1; }
	for f in "$@"; do
		echo "eth eth0 $f"
	done >"$file"
	check_run vm_exec "$vm" "$SEND" - <"$file"
}

# port_vlan DEV: the VLAN port show -j gives an isolated port, else 0.
port_vlan()
{
	"$PSW" -j port show psw0 dev "$1" | json_get '.0.vlan' || echo 0
}

pool_used()
{
	"$PSW" -j switch show psw0 | json_get '.0.vlan_pool.used'
}

setup()
{
	load_kmods veth 8021q sch_ingress cls_flower act_vlan act_mirred
	switch_add psw0 || return 1
	check_run ip link set psw0 up || return 1
	check_run "$PSW" pan add psw0 100 || return 1
	check_run "$PSW" pan add psw0 200 || return 1
	vm_port_add va "$A" 10.0.0.1 100 || return 1
	vm_port_add vb "$B" 10.0.0.2 100 || return 1
	vm_port_add vd "$D" 10.0.0.4 100 || return 1
	vm_port_add vc "$C" 10.0.0.2 200 || return 1
	vm_add edge up0 "$EDGE_MAC" 192.0.2.254/24 || return 1
	EDGE=$(vm_ns edge)
	check_run "$PSW" port add psw0 dev up0 uplink || return 1
	check_run ip netns exec "$EDGE" tc qdisc add dev eth0 clsact || return 1
	static_neigh va 10.0.0.2 "$B" && static_neigh vb 10.0.0.1 "$A" &&
		static_neigh vd 10.0.0.2 "$B" && static_neigh va 10.0.0.4 "$D" &&
		static_neigh vd 10.0.0.1 "$A"
}

case_not_isolated()
{
	snap port:psw0:up0:tx_packets port:psw0:vb:tx_packets
	check_ping va 10.0.0.2 || return 1
	expect_delta port:psw0:vb:tx_packets ge 2
	expect_delta port:psw0:up0:tx_packets eq 0
	check_eq "va is not isolated (port show -j .vlan)" 0 "$(port_vlan va)"
}

case_refusals()
{
	check_fail "$PSW" port set psw0 dev va isolated on 1 "no VLAN pool" || return 1
	check_run "$PSW" switch set psw0 vlan-pool 100-101 || return 1
	check_run "$PSW" port set psw0 dev va isolated on || return 1
	check_run "$PSW" port set psw0 dev vb isolated on || return 1
	check_eq "a's VLAN" 100 "$(port_vlan va)"
	check_eq "b's VLAN" 101 "$(port_vlan vb)"
	check_fail "$PSW" port set psw0 dev vd isolated on 1 "no free VLAN" || return 1
	check_fail "$PSW" port set psw0 dev vd isolated on vlan 200 1 \
		"outside the switch's VLAN pool" || return 1
	check_fail "$PSW" switch set psw0 vlan-pool 100-100 1 \
		"leaves out (VLAN 101, held by port vb|a VLAN an isolated port holds)" || return 1
	check_fail "$PSW" switch set psw0 vlan-pool 101-110 1 \
		"leaves out" || return 1
	check_fail "$PSW" switch set psw0 vlan-pool none 1 \
		"(port va holds VLAN 100|isolated ports hold VLANs)" || return 1
	check_fail "$PSW" port set psw0 dev up0 isolated on 1 \
		"only a vm port can be isolated" || return 1
	check_fail "$PSW" port set psw0 dev vd isolated on vlan 100 1 \
		"no free VLAN to move it to" || return 1
	# a pool may grow around the VLANs in use
	check_run "$PSW" switch set psw0 vlan-pool 100-109 || return 1
	check_eq "pool used (switch show -j .vlan_pool.used)" 2 "$(pool_used)"
}

case_output()
{
	check_match "switch show" "vlan-pool 100-109 used 2" \
		"$("$PSW" switch show psw0)" || return 1
	check_match "port show" "isolated on vlan 101" \
		"$("$PSW" port show psw0 dev vb)" || return 1
	check_eq "port show -j .isolated" true \
		"$("$PSW" -j port show psw0 dev vb | json_get '.0.isolated')" || return 1
	check_eq "switch show -j .vlan_pool.first" 100 \
		"$("$PSW" -j switch show psw0 | json_get '.0.vlan_pool.first')"
}

case_via_edge()
{
	local e=link:$EDGE:eth0

	edge_rule 1 "$B" 101 && edge_rule 2 "$A" 100 || return 1
	snap "$e:rx" port:psw0:vb:tx_packets port:psw0:up0:tx_packets \
		port:psw0:up0:rx_packets
	check_ping va 10.0.0.2 || return 1
	expect_delta "$e:rx" ge 4
	expect_delta port:psw0:up0:tx_packets ge 4
	expect_delta port:psw0:up0:rx_packets ge 4
	expect_delta port:psw0:vb:tx_packets ge 2
	# the edge's rules gone: no reply, and nothing reached b
	edge_flush || return 1
	snap port:psw0:vb:tx_packets port:psw0:up0:tx_packets
	check_no_ping va 10.0.0.2 || return 1
	expect_delta port:psw0:up0:tx_packets ge 2
	expect_delta port:psw0:vb:tx_packets eq 0
	# d (not isolated) to b: a local entry, refused
	snap port:psw0:vd:drops.isolated port:psw0:vb:tx_packets
	send_frames vd 10.0.0.2
	expect_delta port:psw0:vd:drops.isolated ge 2
	expect_delta port:psw0:vb:tx_packets eq 0
}

case_xlate_entry()
{
	local cap=xl

	check_run "$PSW" entry add psw0 pan 100 mac "$FAR" xlate \
		ext 02:ee:00:00:00:99 || return 1
	cap_start "$cap" edge eth0 ether dst "$FAR" || return 1
	snap port:psw0:va:xlate_tx port:psw0:up0:tx_packets
	send_from va "$(plain "$FAR" "$A")" || return 1
	expect_delta port:psw0:up0:tx_packets ge 1
	expect_delta port:psw0:va:xlate_tx eq 0
	cap_stop "$cap"
	check_match "the frame left on a's VLAN, untranslated (tcpdump -e)" \
		"$A > $FAR, ethertype 802.1Q \(0x8100\), length [0-9]+: vlan 100" \
		"$(cap_read "$cap" -e)" || return 1
	check_run "$PSW" entry del psw0 pan 100 mac "$FAR"
}

case_migration()
{
	local mon=$TMPD/monitor.log first_b first_x

	edge_rule 1 "$B" 101 && edge_rule 2 "$A" 100 || return 1
	"$PSW" monitor >"$mon" 2>&1 &
	defer kill $!
	wait_until 100 monitor_synced "$mon" || { fail "monitor not listening"; return 1; }
	vm_add vx vx "$X" 10.0.0.5/24 || return 1
	check_run "$PSW" port add psw0 dev vx pan 100 mac "$X" || return 1
	ping_start mig vb 10.0.0.1 400 || { fail "b's ping never got a reply"; return 1; }
	sleep 0.5
	# x arrives with VLAN 101, b's: b moves to 102, the lowest free one
	check_run "$PSW" port set psw0 dev vx isolated on vlan 101 || return 1
	MOVED_AT=$SECONDS
	check_eq "b's new VLAN" 102 "$(port_vlan vb)"
	check_eq "x's VLAN" 101 "$(port_vlan vx)"
	# b's grace period on VLAN 101: a unicast frame to b there is b's
	# (not x's), a broadcast there is x's, the new holder's
	snap vm:vx:rx port:psw0:vx:tx_packets
	send_from edge "$(tagged "$B" "$EDGE_MAC" 8100 "$(tci 101)")" \
		"$(tagged ff:ff:ff:ff:ff:ff "$EDGE_MAC" 8100 "$(tci 101)")" || return 1
	expect_delta vm:vx:rx ge 1
	expect_delta port:psw0:vx:tx_packets eq 1
	# the edge follows (a controller, told by the monitor): the new rule
	# first, then the old one goes
	sleep 0.5
	edge_rule 3 "$B" 102 && edge_rule_del 1 || return 1
	ping_done mig
	diag "b's ping: $PING_TX sent, $PING_RX received, longest gap ${PING_GAP_MS} ms"
	check_eq "b's ping: replies for all requests" "$PING_TX" "$PING_RX"
	((PING_TX >= 100)) || fail "b's ping sent only $PING_TX requests"
	wait_until 50 grep -q "dev vx.*isolated on vlan 101" "$mon"
	first_b=$(grep -n "\[set\] port psw0 dev vb .*isolated on vlan 102" "$mon" | head -1 | cut -d: -f1)
	first_x=$(grep -n "\[set\] port psw0 dev vx .*isolated on vlan 101" "$mon" | head -1 | cut -d: -f1)
	if [[ -z $first_b || -z $first_x ]] || ((first_b > first_x)); then
		fail "monitor: b's move (vlan 102) not announced before x" "  monitor:"
		diag_output "$(cat "$mon")"
	fi
	check_eq "pool used" 3 "$(pool_used)"
}

# After the grace period VLAN 101 is x's alone: a unicast frame to b on
# it reaches x (the edge's rule for b has long moved to 102).
case_grace_ends()
{
	local left=$((PSW_GRACE_S + 1 - (SECONDS - MOVED_AT)))

	((left <= 0)) || sleep "$left"
	snap vm:vx:rx vm:vb:rx
	send_from edge "$(tagged "$B" "$EDGE_MAC" 8100 "$(tci 101)")" || return 1
	expect_delta vm:vx:rx ge 1
	expect_delta vm:vx:rx eq 1
	expect_delta vm:vb:rx eq 0
}

case_attacker()
{
	local tag_b

	tag_b=$(tagged ff:ff:ff:ff:ff:ff "$A" 8100 "$(tci 102)")
	snap port:psw0:va:drops.vlan_tagged port:psw0:up0:tx_packets
	send_from va "$tag_b" || return 1
	expect_delta port:psw0:va:drops.vlan_tagged eq 1
	expect_delta port:psw0:up0:tx_packets eq 0
	# the control: the same frame untagged leaves on a's VLAN
	snap port:psw0:up0:tx_packets
	send_from va "$(plain ff:ff:ff:ff:ff:ff "$A")" || return 1
	expect_delta port:psw0:up0:tx_packets eq 1
	# from the uplink: on a's VLAN to a only; on a free pool VLAN, none
	edge_flush || return 1
	snap vm:va:rx vm:vb:rx vm:vd:rx vm:vc:rx vm:vx:rx \
		port:psw0:up0:drops.vlan_no_port
	send_from edge "$(tagged ff:ff:ff:ff:ff:ff "$EDGE_MAC" 8100 "$(tci 100)")" \
		"$(tagged "$C" "$EDGE_MAC" 8100 "$(tci 100)")" \
		"$(tagged ff:ff:ff:ff:ff:ff "$EDGE_MAC" 8100 "$(tci 105)")" || return 1
	expect_delta vm:va:rx ge 2
	expect_delta port:psw0:up0:drops.vlan_no_port ge 1
	expect_delta vm:va:rx eq 2
	expect_delta vm:vb:rx eq 0
	expect_delta vm:vd:rx eq 0
	expect_delta vm:vc:rx eq 0
	expect_delta vm:vx:rx eq 0
	expect_delta port:psw0:up0:drops.vlan_no_port eq 1
}

case_off_and_del()
{
	check_run "$PSW" port set psw0 dev va isolated off || return 1
	check_eq "a's VLAN after off" 0 "$(port_vlan va)"
	check_eq "pool used after off" 2 "$(pool_used)"
	check_ping va 10.0.0.4 || return 1
	check_run "$PSW" port del psw0 dev vx || return 1
	check_eq "pool used after x's port went" 1 "$(pool_used)"
	# no uplink: b's frames are dropped
	check_run "$PSW" port del psw0 dev up0 || return 1
	snap port:psw0:vb:drops.isolated_no_uplink
	send_frames vb 10.0.0.1
	expect_delta port:psw0:vb:drops.isolated_no_uplink ge 2
}

require_tools
ensure_module
kmsg_mark
ktap_plan 11 1
run_setup "psw0: va vb vd vx in PAN 100, vc in PAN 200, an uplink to the edge" setup
run_case "not isolated: a and b reach each other directly" case_not_isolated
run_case "refused: no pool, pool exhausted, VLAN outside it, shrinking or removing it in use" \
	case_refusals
run_case "switch show and port show, text and -j" case_output
run_case "isolated: a reaches b only through the edge; no local path" case_via_edge
run_case "an isolated port's frame to an xlate entry leaves untranslated" case_xlate_entry
run_case "migration: x takes b's VLAN under b's 10 ms ping; b loses nothing" \
	case_migration
long_case "the grace period ends: the old VLAN is the new holder's alone" \
	case_grace_ends
run_case "attacker: a foreign VLAN tag dropped; the uplink's VLAN N reaches its holder only" \
	case_attacker
run_case "off and port deletion return the VLAN; no uplink: isolated_no_uplink" \
	case_off_and_del
run_case "no kernel warnings" check_kernel_log
ktap_finish
