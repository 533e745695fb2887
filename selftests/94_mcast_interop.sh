#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 94_mcast_interop.sh - a PAN's underlay multicast group (issue 16) with
# what 87_mcast.sh and 89_mcast_fig6.sh leave out: an IPv6 underlay, a
# Linux vxlan device on the group, and two PANs sharing one group.
#
# IPv6 underlay (MLDv2): PAN 100's group is group6 G6. ha and hb join it
# with their first port of PAN 100 (ip -6 maddr, MLDv2 reports on u0);
# hc has the PAN and its group but no port, and joins nothing. A
# broadcast (ping -b) from ha's VM reaches each of hb's two VMs exactly
# once, as one copy on the wire (hop limit 16), and not one VXLAN packet
# reaches hc's underlay veth (captured there), while hb's, through the same
# snooping network, gets each one: the positive control. Then hc's first
# port joins (a report) and the next broadcast reaches hc's veth and VM;
# its port del leaves (a report changing to include nothing) and the one
# after does not reach hc's veth.
#
# Interop: hr has no panswitch, but a Linux vxlan device (VNI 200, PAN
# 200's group G4, dstport 4789) bridged to its VM r2. panswitch's
# broadcasts in PAN 200 reach r2, r2's reach ha's VM; unicast both ways
# after vxlan learned ha's VM from the group's arrivals (panswitch has an
# encap entry for r2, as Documentation/transport.md says). hq's vxlan
# device has VNI 299 on the same group: PAN 200's copies reach hq's
# veth, and vxlan delivers none of them; its broadcasts reach no VM of
# panswitch (unknown_pan) nor r2; r2's broadcasts, the positive control,
# reach ha's VM.
#
# Isolation: PANs 300 and 400 share the group G5 on ha and hb, with the
# same MACs and IPs in both (a3/a4 and b3/b4). Broadcasts, and unicast
# (make check-long), in one never reach the other (port, PAN and group
# counters, VNIs on the wire). hb's last port of PAN 300 goes: hb stays in G5 for PAN 400 (ip
# maddr, no IGMP leave), PAN 300's copies are counted mcast_no_port;
# PAN 400's last port goes: hb leaves G5 (IGMP leave).
#
#   network net: bridge br0 snooping IGMPv3 and MLDv2, the querier, fast
#   leave on the hosts' ports; 192.0.2.0/24, 2001:db8::/64 on each u0
#
#   ha .11 ::11     hb .12 ::12     hc ::13       hr .19        hq .18
#   psw0            psw0            psw0          vx200 (VNI    vx299 (VNI
#   a1 (PAN 100)    b1 b2 (100)     c1 (100,      200, G4)      299, G4)
#   a2 (200)        b3 (300)        later)        + brv + r2    + brv + q2
#   a3 (300)        b4 (400)
#   a4 (400)
#
# PAN 100: group6 G6 on ha, hb, hc; PAN 200: group G4 on ha (an encap
# entry for r2); PANs 300 and 400: group G5 on ha and hb (encap entries
# for each other's VM). accept any everywhere but PAN 200.

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

G6=ff0e::100
G4=239.1.1.20
G5=239.1.1.30
HA4=192.0.2.11
HB4=192.0.2.12
HQ4=192.0.2.18
HR4=192.0.2.19
HA6=2001:db8::11
HB6=2001:db8::12
HC6=2001:db8::13
# a3 and a4, b3 and b4: the same MAC and IP in PANs 300 and 400
MAC_A=02:00:00:00:03:01
MAC_B=02:00:00:00:03:02
MAC_R=02:00:00:00:02:99
declare -A U0_MAC=([ha]=02:aa:00:00:00:11 [hb]=02:aa:00:00:00:12
	[hc]=02:aa:00:00:00:13 [hq]=02:aa:00:00:00:18 [hr]=02:aa:00:00:00:19)

# joined H GROUP: GROUP (IPv4 or IPv6) is among the multicast addresses
# of H's u0 (ip maddr: what the kernel joined).
joined()
{
	local f=inet

	[[ $2 == *:* ]] && f=inet6
	ip -n "$(ns_of "$1")" maddr show dev u0 |
		grep -qE "$f +${2//./\\.}( |\$)"
}

# not_joined H GROUP WHY: H is no member of GROUP; else fail with WHY.
not_joined()
{
	if joined "$1" "$2"; then
		fail "$3"
		return 1
	fi
}

# is_joined H GROUP WHY: H is a member of GROUP; else fail with WHY.
is_joined()
{
	joined "$1" "$2" || { fail "$3"; return 1; }
}

# snooped H GROUP: net's bridge forwards GROUP to H's port.
snooped()
{
	bridge -n "$(ns_of net)" mdb show | grep -qE "port $1_u0 grp ${2//./\\.} "
}

not_snooped() { ! snooped "$@"; }

# pan_joined H PAN yes|no: pan show says so (JSON and text).
pan_joined()
{
	local want=true

	[[ $3 == yes ]] || want=false
	check_eq "$1: pan show psw0 $2 (JSON: mcast.joined)" "$want" \
		"$(hpsw "$1" -j pan show psw0 "$2" | json_get .0.mcast.joined)" ||
		return 1
	check_run hpsw "$1" pan show psw0 "$2" || return 1
	check_match "$1: pan show psw0 $2 (text)" " joined $3 " "$OUT"
}

# mcast_count H PAN tx|rx: the PAN's multicast group counter.
mcast_count()
{
	hpsw "$1" -j pan show psw0 "$2" | json_get ".0.mcast.$3"
}

# report_seen CAP H GROUP to_ex|to_in: an MLDv2 or IGMPv3 report from H
# (its u0's MAC) in capture CAP changes GROUP to exclude no source (a
# join) or to include none (a leave). (tcpdump -vv prints a record's
# sources, -v only their number.)
report_seen()
{
	cap_read "$1" -vv "ether src ${U0_MAC[$2]}" |
		grep -qE "gaddr ${3//./\\.} $4 \{ \}"
}

# copies CAP FILTER...: VXLAN packets in capture CAP that FILTER matches
# (one line per packet has ".4789: ", the outer header's).
copies()
{
	local cap=$1

	shift
	cap_read "$cap" "$@" | grep -c '\.4789: '
}

# copies_vni CAP VNI: VXLAN packets with that VNI in capture CAP.
copies_vni()
{
	cap_read "$1" | grep -c "VXLAN, flags \[I\] (0x08), vni $2\$"
}

# send_bursts VM BCAST: two echo requests to the broadcast address and two
# ARP requests for an address no one has (no answer either way): four
# broadcast frames.
send_bursts()
{
	send_broadcast "$1" "$2"
	send_arping "$1" "${2%.*}.250" || { fail "arping failed in $1"; return 1; }
}

# linux_vxlan H VNI VM MAC ADDR: in H (no panswitch), the Linux vxlan
# device vxVNI on G4 (u0, dstport 4789, TTL 16) and the VM VM (MAC,
# ADDR/24) in one bridge brv, as a host without panswitch joins a PAN.
linux_vxlan()
{
	local h=$1 vx=vx$2

	hvm_add "$h" "$3" "$4" "$5/24" || return 1
	check_run hexec "$h" ip link add "$vx" type vxlan id "$2" group "$G4" \
		dev u0 dstport 4789 ttl 16 &&
		check_run hexec "$h" ip link add brv type bridge mcast_snooping 0 \
			stp_state 0 &&
		check_run hexec "$h" ip link set "$vx" master brv &&
		check_run hexec "$h" ip link set "$3" master brv &&
		check_run hexec "$h" ip link set "$vx" up &&
		check_run hexec "$h" ip link set brv up
}

setup()
{
	local spec h a4 a6 netns

	load_kmods veth bridge udp_tunnel ip6_udp_tunnel vxlan
	arping_cmd >/dev/null || { fail "no arping (iputils or busybox)"; return 1; }
	l2net_add net || return 1
	netns=$(ns_of net)
	ipv6_on "$netns" br0
	for spec in ha,$HA4,$HA6 hb,$HB4,$HB6 hc,-,$HC6 hr,$HR4,- hq,$HQ4,-; do
		IFS=, read -r h a4 a6 <<<"$spec"
		host_add "$h" || return 1
		l2net_attach net "$h" u0 "${U0_MAC[$h]}" || return 1
		check_run ip -n "$netns" link set "${h}_u0" type bridge_slave \
			mcast_fast_leave on || return 1
		[[ $a4 == - ]] || host_addr "$h" u0 "$a4/24" || return 1
		[[ $a6 == - ]] || host_addr "$h" u0 "$a6/64" || return 1
	done
	# The physical network's switch snoops IGMPv3 and MLDv2 and is the
	# querier: for MLD from its link-local address (br0 has it once a
	# port gives it a carrier; without it the bridge floods IPv6
	# multicast), speaking v3/v2 from its first query (an IGMPv2 or MLDv1
	# query turns the hosts to v2/v1 for minutes), after 1 s (the
	# response interval, in force before the querier starts).
	if ! wait_until 100 eval "ip -n $netns -6 addr show dev br0 scope link |
		grep -v tentative | grep -q inet6"; then
		fail "br0 has no IPv6 link-local address"
		return 1
	fi
	check_run ip -n "$netns" link set br0 type bridge mcast_snooping 1 \
		mcast_igmp_version 3 mcast_mld_version 2 \
		mcast_query_response_interval 100 &&
		check_run ip -n "$netns" link set br0 type bridge mcast_querier 1 ||
		return 1
	for h in ha hb hc; do
		host_switch_add "$h" || return 1
	done
	# one batch per host (a process costs a lot under TCG)
	echo "switch set psw0 underlay $HA4 underlay6 $HA6" >"$TMPD/ha.batch"
	echo "switch set psw0 underlay $HB4 underlay6 $HB6" >"$TMPD/hb.batch"
	echo "switch set psw0 underlay6 $HC6" >"$TMPD/hc.batch"
	for h in ha hb hc; do
		printf '%s\n' "pan add psw0 100" "pan set psw0 100 accept any" \
			"pan set psw0 100 group6 $G6" >>"$TMPD/$h.batch"
	done
	for h in ha hb; do
		printf '%s\n' "pan add psw0 300" "pan add psw0 400" \
			"pan set psw0 300 accept any" "pan set psw0 400 accept any" \
			"pan set psw0 300 group $G5" "pan set psw0 400 group $G5" \
			>>"$TMPD/$h.batch"
	done
	printf '%s\n' "pan add psw0 200" "pan set psw0 200 group $G4" \
		"entry add psw0 pan 200 mac $MAC_R encap vxlan remote $HR4" \
		>>"$TMPD/ha.batch"
	for h in ha hb hc; do
		check_run hpsw "$h" -b "$TMPD/$h.batch" || return 1
	done
	# PAN 100's VMs: their ports come in case_mld_join
	hvm_add ha a1 02:00:00:00:01:01 10.0.1.1/24 &&
		hvm_add hb b1 02:00:00:00:01:02 10.0.1.2/24 &&
		hvm_add hb b2 02:00:00:00:01:03 10.0.1.3/24 &&
		hvm_add hc c1 02:00:00:00:01:04 10.0.1.4/24 || return 1
	hvm_port_add ha a2 200 02:00:00:00:02:01 - 10.0.2.1/24 &&
		hvm_port_add ha a3 300 "$MAC_A" - 10.3.0.1/24 &&
		hvm_port_add ha a4 400 "$MAC_A" - 10.3.0.1/24 &&
		hvm_port_add hb b3 300 "$MAC_B" - 10.3.0.2/24 &&
		hvm_port_add hb b4 400 "$MAC_B" - 10.3.0.2/24 || return 1
	linux_vxlan hr 200 r2 "$MAC_R" 10.0.2.99 &&
		linux_vxlan hq 299 q2 02:00:00:00:02:98 10.0.2.98
}

# ---- IPv6 underlay: MLDv2 ------------------------------------------------

case_mld_join()
{
	local h

	# no port of PAN 100 yet: no member anywhere
	for h in ha hb hc; do
		not_joined "$h" "$G6" "$h joined $G6 with no port of PAN 100" ||
			return 1
	done
	pan_joined ha 100 no || return 1
	cap_start ma ha u0 ip6 and not udp && cap_start mb hb u0 ip6 and not udp ||
		return 1
	check_run hpsw ha port add psw0 dev a1 pan 100 mac 02:00:00:00:01:01 &&
		check_run hpsw hb port add psw0 dev b1 pan 100 mac 02:00:00:00:01:02 &&
		check_run hpsw hb port add psw0 dev b2 pan 100 mac 02:00:00:00:01:03 ||
		return 1
	is_joined ha "$G6" "ha did not join $G6 with its first port" &&
		is_joined hb "$G6" "hb did not join $G6 with its first port" ||
		return 1
	pan_joined ha 100 yes && pan_joined hb 100 yes || return 1
	wait_until 50 report_seen ma ha "$G6" to_ex
	wait_until 50 report_seen mb hb "$G6" to_ex
	cap_stop ma
	cap_stop mb
	diag "ha's MLD reports on u0:"
	diag_output "$(cap_read ma -vv "ether src ${U0_MAC[ha]}" | grep -F "gaddr $G6")"
	report_seen ma ha "$G6" to_ex || { fail "no MLDv2 report of $G6 from ha"; return 1; }
	report_seen mb hb "$G6" to_ex || { fail "no MLDv2 report of $G6 from hb"; return 1; }
	# hc has PAN 100 and its group, but no port: no member
	not_joined hc "$G6" "hc joined $G6 with no port of PAN 100" || return 1
	pan_joined hc 100 no || return 1
	# the network's switch learnt it from the reports
	if ! { wait_until 100 snooped ha "$G6" && wait_until 100 snooped hb "$G6"; }; then
		fail "br0 did not snoop ha's and hb's MLDv2 reports of $G6" \
			"$(bridge -n "$(ns_of net)" mdb show)"
		return 1
	fi
	if snooped hc "$G6"; then
		fail "br0 forwards $G6 to hc"
		return 1
	fi
}

case_v6_broadcast()
{
	local specs=(hport:hb:b1:tx_packets hport:hb:b2:tx_packets
		     hport:ha:a1:tx_packets hsw:hc:rx_packets
		     hsw:hb:drops.mcast_foreign hsw:hb:drops.mcast_no_port)
	local tx0 rx0 rxc0 n_grp n_hlim n_uni n_hb n_hc

	cap_start ua ha u0 udp port 4789 && cap_start ub hb u0 udp port 4789 &&
		cap_start uc hc u0 udp port 4789 || return 1
	tx0=$(mcast_count ha 100 tx)
	rx0=$(mcast_count hb 100 rx)
	rxc0=$(mcast_count hc 100 rx)
	hsnap "${specs[@]}"
	send_broadcast a1 10.0.1.255		# two echo requests
	hnow "${specs[@]}"
	cap_stop ua
	cap_stop ub
	cap_stop uc
	n_grp=$(copies ua "dst host $G6")
	n_hlim=$(cap_read ua -v "dst host $G6" | grep -c 'hlim 16,')
	n_uni=$(copies ua "not ip6 multicast")
	n_hb=$(copies ub "dst host $G6")
	n_hc=$(copies uc)
	diag "PAN 100's 2 frames from ha: $n_grp copies to $G6 on ha's u0 ($n_hlim" \
		"with hop limit 16), $n_uni unicast; $n_hb on hb's u0, $n_hc VXLAN on hc's"
	# each VM of PAN 100 on hb: each frame exactly once; none back to a1
	hexpect_delta hport:hb:b1:tx_packets eq 2 &&
		hexpect_delta hport:hb:b2:tx_packets eq 2 &&
		hexpect_delta hport:ha:a1:tx_packets eq 0 || return 1
	# one copy per frame on the wire, to the group, hop limit 16
	check_eq "copies to $G6 on ha's u0" 2 "$n_grp" &&
		check_eq "of them, hop limit 16" 2 "$n_hlim" &&
		check_eq "unicast VXLAN on ha's u0" 0 "$n_uni" &&
		check_eq "ha PAN 100 mcast_tx" $((tx0 + 2)) "$(mcast_count ha 100 tx)" &&
		check_eq "hb PAN 100 mcast_rx" $((rx0 + 2)) "$(mcast_count hb 100 rx)" ||
		return 1
	# hb's u0 got them (the positive control), hc's none: not one frame
	# of PAN 100 at the underlay veth of a host without a port of it
	check_eq "copies on hb's u0" 2 "$n_hb" &&
		check_eq "VXLAN packets on hc's u0" 0 "$n_hc" || return 1
	check_eq "hc PAN 100 mcast_rx" "$rxc0" "$(mcast_count hc 100 rx)" &&
		hexpect_delta hsw:hc:rx_packets eq 0 &&
		hexpect_delta hsw:hb:drops.mcast_foreign eq 0 &&
		hexpect_delta hsw:hb:drops.mcast_no_port eq 0
}

case_v6_join_leave()
{
	local specs=(hport:hc:c1:tx_packets hport:hb:b1:tx_packets
		     hport:hb:b2:tx_packets)
	local rx0

	# hc's first port of PAN 100: hc joins (MLDv2 report), is snooped
	cap_start jc hc u0 ip6 and not udp || return 1
	check_run hpsw hc port add psw0 dev c1 pan 100 mac 02:00:00:00:01:04 ||
		return 1
	is_joined hc "$G6" "hc did not join $G6 with its first port" || return 1
	pan_joined hc 100 yes || return 1
	wait_until 50 report_seen jc hc "$G6" to_ex ||
		{ fail "no MLDv2 report of $G6 from hc"; return 1; }
	wait_until 100 snooped hc "$G6" ||
		{ fail "br0 did not snoop hc's report of $G6"; return 1; }
	# now the group's frames reach hc's u0 and its VM, once each
	cap_start dc hc u0 udp port 4789 || return 1
	rx0=$(mcast_count hc 100 rx)
	hsnap "${specs[@]}"
	send_broadcast a1 10.0.1.255
	hnow "${specs[@]}"
	cap_stop dc
	check_eq "copies to $G6 on hc's u0 (hc a member)" 2 "$(copies dc "dst host $G6")" &&
		check_eq "hc PAN 100 mcast_rx" $((rx0 + 2)) "$(mcast_count hc 100 rx)" &&
		hexpect_delta hport:hc:c1:tx_packets eq 2 &&
		hexpect_delta hport:hb:b1:tx_packets eq 2 &&
		hexpect_delta hport:hb:b2:tx_packets eq 2 || return 1
	# its last port goes: hc leaves (a report to include nothing)
	check_run hpsw hc port del psw0 dev c1 || return 1
	not_joined hc "$G6" "hc is still a member of $G6 after its last port" ||
		return 1
	pan_joined hc 100 no || return 1
	wait_until 50 report_seen jc hc "$G6" to_in
	cap_stop jc
	diag "hc's MLD reports on u0:"
	diag_output "$(cap_read jc -vv "ether src ${U0_MAC[hc]}" | grep -F "gaddr $G6")"
	report_seen jc hc "$G6" to_in ||
		{ fail "no MLDv2 report leaving $G6 from hc"; return 1; }
	wait_until 100 not_snooped hc "$G6" ||
		{ fail "br0 still forwards $G6 to hc"; return 1; }
	# the next broadcast reaches hb (its port's counter), not hc's u0
	cap_start dc2 hc u0 udp port 4789 || return 1
	hsnap hport:hb:b1:tx_packets hsw:hc:rx_packets
	send_broadcast a1 10.0.1.255
	hnow hport:hb:b1:tx_packets hsw:hc:rx_packets
	cap_stop dc2
	hexpect_delta hport:hb:b1:tx_packets eq 2 &&
		check_eq "VXLAN packets on hc's u0 after it left" 0 "$(copies dc2)" &&
		hexpect_delta hsw:hc:rx_packets eq 0
}

# ---- Interop with a Linux vxlan device on the group -----------------------

case_vxlan_broadcasts()
{
	local specs=(vm:r2:rx hlink:hr:vx200:rx hlink:hr:vx200:tx
		     hport:ha:a2:tx_packets)
	local tx0 rx0

	is_joined hr "$G4" "hr's vxlan device did not join $G4" &&
		is_joined ha "$G4" "ha did not join $G4 with its port of PAN 200" ||
		return 1
	if ! { wait_until 100 snooped hr "$G4" && wait_until 100 snooped ha "$G4"; }; then
		fail "br0 did not snoop the joins of $G4"
		return 1
	fi
	# panswitch's broadcasts (ping -b, arping) reach the vxlan's VM
	tx0=$(mcast_count ha 200 tx)
	hsnap "${specs[@]}"
	send_bursts a2 10.0.2.255 || return 1
	hnow "${specs[@]}"
	check_eq "ha PAN 200 mcast_tx" $((tx0 + 4)) "$(mcast_count ha 200 tx)" &&
		hexpect_delta hlink:hr:vx200:rx eq 4 && hexpect_delta vm:r2:rx eq 4 ||
		return 1
	# and the vxlan's broadcasts reach panswitch's VM
	rx0=$(mcast_count ha 200 rx)
	hsnap "${specs[@]}"
	send_bursts r2 10.0.2.255 || return 1
	hnow "${specs[@]}"
	hexpect_delta hlink:hr:vx200:tx eq 4 &&
		hexpect_delta hport:ha:a2:tx_packets eq 4 &&
		check_eq "ha PAN 200 mcast_rx" $((rx0 + 4)) "$(mcast_count ha 200 rx)"
}

case_vxlan_unicast()
{
	local n_to n_from

	# vxlan learnt a2's MAC from the group's arrivals, toward ha
	check_run hexec hr bridge fdb show dev vx200 || return 1
	check_match "hr's vxlan learnt a2 toward ha" \
		"^02:00:00:00:02:01 dst $HA4 " "$OUT" || return 1
	cap_start vu ha u0 udp port 4789 || return 1
	check_ping a2 10.0.2.99 && check_ping r2 10.0.2.1 || return 1
	cap_stop vu
	n_to=$(copies vu "src host $HA4 and dst host $HR4")
	n_from=$(copies vu "src host $HR4 and dst host $HA4")
	diag "unicast VXLAN on ha's u0: $n_to to hr, $n_from from hr;" \
		"$(copies vu "dst host $G4") to $G4"
	# four echo requests and replies each way, unicast (and ARP, if any)
	if ((n_to < 4 || n_from < 4)); then
		fail "unicast both ways: expected at least 4 VXLAN packets each way" \
			"  actual: $n_to to $HR4, $n_from from $HR4"
		return 1
	fi
	check_run hexec hr bridge fdb show dev vx200 || return 1
	check_match "hr's vxlan still sends a2's frames to ha" \
		"^02:00:00:00:02:01 dst $HA4 " "$OUT"
}

case_vxlan_other_vni()
{
	local specs=(vm:q2:rx hlink:hq:vx299:rx vm:r2:rx hport:ha:a2:tx_packets
		     hsw:ha:drops.unknown_pan)
	local u0 n

	is_joined hq "$G4" "hq's vxlan device did not join $G4" || return 1
	wait_until 100 snooped hq "$G4" ||
		{ fail "br0 did not snoop hq's join of $G4"; return 1; }
	# PAN 200's copies reach hq's u0; its vxlan (VNI 299) takes none,
	# hr's (VNI 200) both: the positive control
	cap_start oq hq u0 udp port 4789 || return 1
	hsnap "${specs[@]}"
	send_broadcast a2 10.0.2.255		# two echo requests
	hnow "${specs[@]}"
	cap_stop oq
	n=$(copies oq "src host $HA4 and dst host $G4")
	diag "hq's u0: $n copies of a2's frames to $G4"
	check_eq "copies of a2's frames on hq's u0" 2 "$n" || return 1
	hexpect_delta hlink:hq:vx299:rx eq 0 && hexpect_delta vm:q2:rx eq 0 &&
		hexpect_delta vm:r2:rx eq 2 || return 1
	# q2's broadcasts (VNI 299, the same group), then r2's (VNI 200): ha
	# has no PAN 299 and drops q2's (counted), delivers r2's (the
	# positive control); hr's vxlan takes none of q2's, hq's none of r2's
	hsnap "${specs[@]}"
	u0=${HSNAP[hsw:ha:drops.unknown_pan]}
	send_broadcast q2 10.0.2.255
	send_broadcast r2 10.0.2.255
	wait_until 50 hcounter_ge hsw:ha:drops.unknown_pan $((u0 + 2))
	hnow "${specs[@]}"
	hexpect_delta hsw:ha:drops.unknown_pan eq 2 &&
		hexpect_delta hport:ha:a2:tx_packets eq 2 &&
		hexpect_delta vm:r2:rx eq 0 && hexpect_delta vm:q2:rx eq 0 &&
		hexpect_delta hlink:hq:vx299:rx eq 0
}

# ---- Two PANs on one group --------------------------------------------

# The counters of PANs 300 and 400 that must not move in the other PAN:
# ISO_SPECS (hsnap and hnow), and the group counters (iso_mcast: one
# "HOST:PAN:tx|rx VALUE" line each) remembered by iso_snap in ISO_M0.
ISO_SPECS=(hport:ha:a3:tx_packets hport:ha:a4:tx_packets
	   hport:hb:b3:tx_packets hport:hb:b4:tx_packets
	   hpan:ha:300:rx_packets hpan:ha:400:rx_packets
	   hpan:hb:300:rx_packets hpan:hb:400:rx_packets
	   hpan:ha:300:encap_tx hpan:ha:400:encap_tx
	   hpan:hb:300:encap_rx hpan:hb:400:encap_rx
	   hsw:hb:drops.mcast_no_port hsw:hb:drops.mcast_foreign)
declare -A ISO_M0=()
iso_mcast()
{
	local h k v out
	local -A pan

	for h in ha hb; do
		pan=()
		out=$(hpsw "$h" -j pan show psw0 | json_get '*')
		while read -r k v; do
			[[ $k =~ ^\.([0-9]+)\.pan$ ]] && pan[${BASH_REMATCH[1]}]=$v
		done <<<"$out"
		while read -r k v; do
			[[ $k =~ ^\.([0-9]+)\.mcast\.(tx|rx)$ ]] || continue
			case ${pan[${BASH_REMATCH[1]}]} in
			300 | 400)
				echo "$h:${pan[${BASH_REMATCH[1]}]}:${BASH_REMATCH[2]} $v"
				;;
			esac
		done <<<"$out"
	done
}

iso_snap()
{
	local k v

	ISO_M0=()
	while read -r k v; do
		ISO_M0[$k]=$v
	done <<<"$(iso_mcast)"
	hsnap "${ISO_SPECS[@]}"
}

# iso_check H:PAN:tx|rx N...: those group counters moved by N since
# iso_snap, every other one of ISO_M0 by 0.
iso_check()
{
	local -A want=()
	local k v arg ok=0

	for arg in "$@"; do
		want[${arg% *}]=${arg#* }
	done
	while read -r k v; do
		check_delta "$k (pan show: mcast)" "${ISO_M0[$k]}" "$v" eq \
			"${want[$k]:-0}" || ok=1
	done <<<"$(iso_mcast)"
	return "$ok"
}

case_shared_isolation()
{
	local n300 n400

	# the same group, and one member per host for both PANs
	check_json hpsw ha -j pan show psw0 || return 1
	check_jq "$JSON" '[.[] | select(.pan == 300 or .pan == 400) |
		{group: .mcast.group, joined: .mcast.joined}] ==
		[{group: $g, joined: true}, {group: $g, joined: true}]' --arg g "$G5" ||
		return 1
	# PAN 300's broadcast: b3 only; then PAN 400's: b4 only
	cap_start iv hb u0 udp port 4789 || return 1
	iso_snap
	send_broadcast a3 10.3.0.255		# two echo requests
	hnow "${ISO_SPECS[@]}"
	hexpect_delta hport:hb:b3:tx_packets eq 2 &&
		hexpect_delta hport:hb:b4:tx_packets eq 0 &&
		hexpect_delta hport:ha:a4:tx_packets eq 0 &&
		hexpect_delta hport:ha:a3:tx_packets eq 0 &&
		hexpect_delta hpan:hb:400:rx_packets eq 0 &&
		hexpect_delta hpan:ha:400:rx_packets eq 0 &&
		hexpect_delta hsw:hb:drops.mcast_foreign eq 0 || return 1
	iso_check "ha:300:tx 2" "hb:300:rx 2" || return 1
	iso_snap
	send_broadcast a4 10.3.0.255
	hnow "${ISO_SPECS[@]}"
	cap_stop iv
	hexpect_delta hport:hb:b4:tx_packets eq 2 &&
		hexpect_delta hport:hb:b3:tx_packets eq 0 &&
		hexpect_delta hport:ha:a3:tx_packets eq 0 &&
		hexpect_delta hport:ha:a4:tx_packets eq 0 &&
		hexpect_delta hpan:hb:300:rx_packets eq 0 &&
		hexpect_delta hpan:ha:300:rx_packets eq 0 || return 1
	iso_check "ha:400:tx 2" "hb:400:rx 2" || return 1
	# on the wire, one group: each PAN's two copies with its own VNI
	n300=$(copies_vni iv 300)
	n400=$(copies_vni iv 400)
	diag "hb's u0: $n300 copies to $G5 with VNI 300, $n400 with VNI 400"
	check_eq "VNI 300 copies on hb's u0" 2 "$n300" &&
		check_eq "VNI 400 copies on hb's u0" 2 "$n400"
}

case_shared_unicast()
{
	# unicast in PAN 300 (the same IP and MAC as in PAN 400): b3
	# answers, PAN 400 sees nothing; then the same in PAN 400
	printf 'entry add psw0 pan %s mac %s encap vxlan remote %s\n' \
		300 "$MAC_B" "$HB4" 400 "$MAC_B" "$HB4" >"$TMPD/ea.batch"
	printf 'entry add psw0 pan %s mac %s encap vxlan remote %s\n' \
		300 "$MAC_A" "$HA4" 400 "$MAC_A" "$HA4" >"$TMPD/eb.batch"
	check_run hpsw ha -b "$TMPD/ea.batch" &&
		check_run hpsw hb -b "$TMPD/eb.batch" || return 1
	iso_snap
	check_ping a3 10.3.0.2 || return 1
	hnow "${ISO_SPECS[@]}"
	# the ARP request through the group, the rest unicast
	hexpect_delta hport:hb:b3:tx_packets ge 3 &&
		hexpect_delta hport:hb:b4:tx_packets eq 0 &&
		hexpect_delta hport:ha:a4:tx_packets eq 0 &&
		hexpect_delta hpan:ha:300:encap_tx ge 2 &&
		hexpect_delta hpan:hb:300:encap_rx ge 2 &&
		hexpect_delta hpan:ha:400:encap_tx eq 0 &&
		hexpect_delta hpan:hb:400:encap_rx eq 0 &&
		hexpect_delta hpan:hb:400:rx_packets eq 0 &&
		hexpect_delta hpan:ha:400:rx_packets eq 0 || return 1
	iso_check "ha:300:tx 1" "hb:300:rx 1" || return 1
	iso_snap
	check_ping a4 10.3.0.2 || return 1
	hnow "${ISO_SPECS[@]}"
	hexpect_delta hport:hb:b4:tx_packets ge 3 &&
		hexpect_delta hport:hb:b3:tx_packets eq 0 &&
		hexpect_delta hport:ha:a3:tx_packets eq 0 &&
		hexpect_delta hpan:ha:400:encap_tx ge 2 &&
		hexpect_delta hpan:hb:400:encap_rx ge 2 &&
		hexpect_delta hpan:ha:300:encap_tx eq 0 &&
		hexpect_delta hpan:hb:300:encap_rx eq 0 &&
		hexpect_delta hpan:hb:300:rx_packets eq 0 &&
		hexpect_delta hpan:ha:300:rx_packets eq 0 || return 1
	iso_check "ha:400:tx 1" "hb:400:rx 1"
}

case_shared_refcount()
{
	is_joined hb "$G5" "hb is no member of $G5" || return 1
	pan_joined hb 300 yes && pan_joined hb 400 yes || return 1
	cap_start lv hb u0 igmp || return 1
	# PAN 300's last port on hb goes: PAN 400 keeps hb in the group
	check_run hpsw hb port del psw0 dev b3 || return 1
	is_joined hb "$G5" "hb left $G5 with PAN 400's port on it" || return 1
	pan_joined hb 300 no && pan_joined hb 400 yes || return 1
	# PAN 400's frames still arrive; PAN 300's are counted mcast_no_port
	iso_snap
	send_broadcast a4 10.3.0.255
	send_broadcast a3 10.3.0.255
	wait_until 50 hcounter_ge hsw:hb:drops.mcast_no_port \
		$((${HSNAP[hsw:hb:drops.mcast_no_port]} + 2))
	hnow "${ISO_SPECS[@]}"
	hexpect_delta hport:hb:b4:tx_packets eq 2 &&
		hexpect_delta hsw:hb:drops.mcast_no_port eq 2 &&
		hexpect_delta hpan:hb:300:rx_packets eq 0 || return 1
	iso_check "ha:400:tx 2" "hb:400:rx 2" "ha:300:tx 2" || return 1
	if report_seen lv hb "$G5" to_in; then
		fail "hb sent an IGMP leave of $G5 while PAN 400 uses it"
		return 1
	fi
	# PAN 400's last port goes: hb leaves, IGMP says so; ha stays
	check_run hpsw hb port del psw0 dev b4 || return 1
	not_joined hb "$G5" "hb is still a member of $G5 after its last port" ||
		return 1
	pan_joined hb 400 no || return 1
	wait_until 50 report_seen lv hb "$G5" to_in
	cap_stop lv
	diag "hb's IGMP reports of $G5 on u0:"
	diag_output "$(cap_read lv -vv "ether src ${U0_MAC[hb]}" | grep -F "gaddr $G5")"
	report_seen lv hb "$G5" to_in || { fail "no IGMPv3 leave of $G5 from hb"; return 1; }
	is_joined ha "$G5" "ha left $G5"
}

require_tools
ensure_module
kmsg_mark
ktap_plan 11 1
run_setup "hosts ha, hb, hc with panswitch, hr and hq with Linux vxlan, on one snooping network" setup
run_case "IPv6 underlay: the first port of PAN 100 joins group6 (ip -6 maddr, MLDv2 report), not on hc without one" case_mld_join
run_case "IPv6 underlay: a broadcast reaches each VM on hb exactly once, one copy; no frame of it at hc's underlay veth" case_v6_broadcast
run_case "IPv6 underlay: hc's port joins and gets the group's frames; its port del leaves (MLDv2), they stop at its veth" case_v6_join_leave
run_case "interop: a Linux vxlan on the group gets panswitch's broadcasts, panswitch its" case_vxlan_broadcasts
run_case "interop: unicast both ways with a Linux vxlan (its learning, an encap entry)" case_vxlan_unicast
run_case "interop: a Linux vxlan with another VNI on the group: nothing either way (unknown_pan), the right VNI delivered" case_vxlan_other_vni
run_case "two PANs on one group, the same MACs and IPs: broadcasts never cross" case_shared_isolation
long_case "two PANs on one group, the same MACs and IPs: unicast never crosses" case_shared_unicast
run_case "a shared group stays joined with the other PAN's port, left with the last" case_shared_refcount
run_case "no kernel warnings" check_kernel_log
ktap_finish
