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
# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib_mcast.sh"

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
	group_is 100 '(.[0].mcast | {group, encap, ttl}) == {group: $g, encap: "vxlan", ttl: 16}
		and .[0].entries == 0' \
		" group $G1 encap vxlan ttl 16 joined no for [0-9]+s mcast_tx 0 mcast_rx 0 learning " --arg g "$G1"
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
	group_is 100 '(.[0].mcast | {group, encap, ttl}) == {group: $g, encap: "nvgre", ttl: 3}' \
		" group $G1 encap nvgre ttl 3 joined no for [0-9]+s mcast_tx 0 mcast_rx 0 learning " --arg g "$G1"
}

case_shared_group()
{
	check_run hpsw h pan set psw0 200 group "$G1" ttl 255 || return 1
	group_is 200 '(.[0].mcast | {group, encap, ttl}) == {group: $g, encap: "vxlan", ttl: 255}' \
		" group $G1 encap vxlan ttl 255 joined no for [0-9]+s mcast_tx 0 mcast_rx 0 learning " --arg g "$G1" || return 1
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
	group_is 100 '.[0].mcast.encap == "nvgre"' " ttl 3 joined no for [0-9]+s mcast_tx 0 mcast_rx 0 learning " || return 1
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
	group_is 300 '(.[0].mcast | {group, encap, ttl}) == {group: $g, encap: "nvgre", ttl: 16}' \
		" group6 $G6 encap nvgre ttl 16 joined no for [0-9]+s mcast_tx 0 mcast_rx 0 learning " --arg g "$G6" || return 1
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

# ---- phase 2: sending to the group, membership, receiving -----------------
#
#  physical network net (bridge br0), 192.0.2.0/24 on each host's u0:
#    hb .11: b100 (PAN 100, 10.0.0.11), b200 (PAN 200, 10.0.2.11)
#    hc .12: c100 (PAN 100, 10.0.0.12)
#    hd .13: PAN 100's group, its port d100 (10.0.0.13) comes and goes
#    he .14: e200 (PAN 200, 10.0.2.14): a host without PAN 100
#    hr .19: a rogue underlay host with a Linux vxlan device
#  On every switch PAN 100's group is G1 and PAN 200's G2 (accept any:
#  the hosts of a PAN know each other by the group only).
#  hz .20 (same network): 1,000 PANs, each with a group and a dummy port.

G2=239.1.1.200
HB4=192.0.2.11
HC4=192.0.2.12
HD4=192.0.2.13
HE4=192.0.2.14
HR4=192.0.2.19
HZ4=192.0.2.20
NGROUPS=1000

setup_hosts()
{
	local h ip

	load_kmods veth bridge udp_tunnel ip6_udp_tunnel vxlan dummy
	l2net_add net || return 1
	for h in hb:$HB4 hc:$HC4 hd:$HD4 he:$HE4 hr:$HR4; do
		ip=${h#*:}
		h=${h%%:*}
		host_add "$h" || return 1
		l2net_attach net "$h" u0 "02:aa:00:00:00:${ip##*.}" || return 1
		host_addr "$h" u0 "$ip/24" || return 1
		[[ $h == hr ]] && continue
		host_switch_add "$h" || return 1
		check_run hpsw "$h" switch set psw0 underlay "$ip" &&
			check_run hpsw "$h" pan add psw0 100 &&
			check_run hpsw "$h" pan add psw0 200 &&
			check_run hpsw "$h" pan set psw0 100 accept any &&
			check_run hpsw "$h" pan set psw0 200 accept any &&
			check_run hpsw "$h" pan set psw0 100 group "$G1" &&
			check_run hpsw "$h" pan set psw0 200 group "$G2" ||
			return 1
	done
	hvm_port_add hb b100 100 02:00:00:00:01:0b - 10.0.0.11/24 &&
		hvm_port_add hb b200 200 02:00:00:00:02:0b - 10.0.2.11/24 &&
		hvm_port_add hc c100 100 02:00:00:00:01:0c - 10.0.0.12/24 &&
		hvm_port_add he e200 200 02:00:00:00:02:0e - 10.0.2.14/24
}

case_join_on_demand()
{
	# positive: hb has a port of PAN 100, and joined its group
	joined hb "$G1" || { fail "hb did not join $G1"; return 1; }
	check_json hpsw hb -j pan show psw0 100 || return 1
	check_jq "$JSON" '.[0].mcast.joined == true' || return 1
	check_run hpsw hb pan show psw0 100 || return 1
	check_match "pan show (text)" " group $G1 encap vxlan ttl 16 joined yes " \
		"$OUT" || return 1
	# negative: hd has the group but no port of PAN 100, and he no PAN 100
	if joined hd "$G1" || joined he "$G1"; then
		fail "a host without a port of PAN 100 joined $G1"
		return 1
	fi
	check_json hpsw hd -j pan show psw0 100 || return 1
	check_jq "$JSON" '.[0].mcast.joined == false' || return 1
	# the first port joins
	hvm_port_add hd d100 100 02:00:00:00:01:0d - 10.0.0.13/24 || return 1
	joined hd "$G1" || { fail "hd did not join $G1 with its first port"; return 1; }
	check_json hpsw hd -j pan show psw0 100 || return 1
	check_jq "$JSON" '.[0].mcast.joined == true'
}

case_one_copy()
{
	local specs=(hport:hc:c100:tx_packets hport:hd:d100:tx_packets
		     hport:he:e200:tx_packets hport:hb:b200:tx_packets
		     hsw:he:rx_packets hsw:hc:drops.mcast_foreign)
	local tx0 rx0 n_group n_uni n_other

	cap_start ub hb u0 udp port 4789 || return 1
	tx0=$(mcast_count hb 100 tx)
	rx0=$(mcast_count hc 100 rx)
	hsnap "${specs[@]}"
	send_broadcast b100 10.0.0.255		# two echo requests
	hnow "${specs[@]}"
	cap_stop ub
	# on hb's underlay link: one copy per frame, to the group, TTL 16
	n_group=$(cap_read ub -v "dst host $G1" | grep -c "ttl 16,")
	n_uni=$(cap_read ub "not dst net 224.0.0.0/4" | grep -c .)
	n_other=$(cap_read ub "not src host $HB4" | grep -c .)
	diag "hb's u0: $n_group VXLAN copies to $G1 (TTL 16), $n_uni to unicast remotes, $n_other from other hosts"
	check_eq "VXLAN copies to the group on hb's u0" 2 "$n_group" || return 1
	check_eq "head-end copies on hb's u0 (flood list empty)" 0 "$n_uni" || return 1
	# split horizon: hc and hd deliver, never send on
	check_eq "copies re-sent by other hosts" 0 "$n_other" || return 1
	check_eq "hb PAN 100 mcast_tx" $((tx0 + 2)) "$(mcast_count hb 100 tx)" || return 1
	check_eq "hc PAN 100 mcast_rx" $((rx0 + 2)) "$(mcast_count hc 100 rx)" || return 1
	# every host of PAN 100 got both frames, exactly once
	hexpect_delta hport:hc:c100:tx_packets eq 2 &&
		hexpect_delta hport:hd:d100:tx_packets eq 2 || return 1
	# not PAN 200's VMs, nor he (no PAN 100: not joined, no arrival)
	hexpect_delta hport:hb:b200:tx_packets eq 0 &&
		hexpect_delta hport:he:e200:tx_packets eq 0 &&
		hexpect_delta hsw:he:rx_packets eq 0 &&
		hexpect_delta hsw:hc:drops.mcast_foreign eq 0
}

# rogue_vxlan GROUP: hr's vxlan device vx (VNI 200, GROUP, 10.0.2.99/24)
rogue_vxlan()
{
	hexec hr ip link del vx 2>/dev/null
	check_run hexec hr ip link add vx address 02:00:00:00:02:99 type vxlan \
		id 200 group "$1" dev u0 local "$HR4" dstport 4789 ttl 4 &&
		check_run hexec hr ip addr add 10.0.2.99/24 dev vx &&
		check_run hexec hr ip link set vx up
}

case_forged_group()
{
	local specs=(hport:hb:b200:tx_packets hport:he:e200:tx_packets
		     hport:hb:b100:tx_packets hsw:hb:drops.mcast_foreign
		     hsw:hc:drops.mcast_foreign)

	# hr sends PAN 200's VNI to PAN 100's group: hb and hc (members of
	# G1) take it for no PAN
	rogue_vxlan "$G1" || return 1
	hsnap "${specs[@]}"
	hexec hr "${PING_NOREPLY[@]}" -b -I vx 10.0.2.255 >/dev/null 2>&1
	hnow "${specs[@]}"
	hexpect_delta hsw:hb:drops.mcast_foreign eq 2 &&
		hexpect_delta hsw:hc:drops.mcast_foreign eq 2 &&
		hexpect_delta hport:hb:b200:tx_packets eq 0 &&
		hexpect_delta hport:hb:b100:tx_packets eq 0 &&
		hexpect_delta hport:he:e200:tx_packets eq 0 || return 1
	# positive control, and interop: a Linux vxlan device on PAN 200's
	# own group reaches PAN 200's VMs on hb and he
	rogue_vxlan "$G2" || return 1
	hsnap "${specs[@]}"
	hexec hr "${PING_NOREPLY[@]}" -b -I vx 10.0.2.255 >/dev/null 2>&1
	hnow "${specs[@]}"
	hexpect_delta hport:hb:b200:tx_packets eq 2 &&
		hexpect_delta hport:he:e200:tx_packets eq 2 &&
		hexpect_delta hsw:hb:drops.mcast_foreign eq 0
}

case_no_port_drop()
{
	# hd leaves with its last port; a frame to the group for a PAN with
	# no port here, had it come, is mcast_no_port: shown with hd's PAN
	# 100 port gone while hd is made to stay a member through PAN 300
	check_run hpsw hd pan add psw0 300 &&
		check_run hpsw hd pan set psw0 300 accept any &&
		check_run hpsw hd pan set psw0 300 group "$G1" || return 1
	hvm_port_add hd d300 300 02:00:00:00:03:0d - 10.0.3.13/24 || return 1
	check_run hpsw hd port del psw0 dev d100 || return 1
	joined hd "$G1" || { fail "hd left $G1 with PAN 300's port on it"; return 1; }
	check_json hpsw hd -j pan show psw0 100 || return 1
	check_jq "$JSON" '.[0].mcast.joined == false' || return 1
	hsnap hsw:hd:drops.mcast_no_port hport:hd:d300:tx_packets
	send_broadcast b100 10.0.0.255
	hnow hsw:hd:drops.mcast_no_port hport:hd:d300:tx_packets
	hexpect_delta hsw:hd:drops.mcast_no_port eq 2 &&
		hexpect_delta hport:hd:d300:tx_packets eq 0
}

case_trunk_group()
{
	local specs=(hport:he:et0:tx_packets hport:hb:b100:tx_packets
		     hport:hc:c100:tx_packets hport:he:e200:tx_packets)
	local tx0 rx0

	# he has PAN 100's group but no port of PAN 100 (hb, a member, is
	# the positive control); a trunk port whose OUI has no tenant map
	# entry carries no PAN: still no member
	joined hb "$G1" || { fail "hb is no member of $G1"; return 1; }
	not_joined he "$G1" "he joined $G1 with no port of PAN 100" || return 1
	hvm_add he et0 02:a1:00:00:00:0e 10.0.0.15/24 &&
		check_run hpsw he port add psw0 dev et0 trunk classify oui ||
		return 1
	not_joined he "$G1" "he joined $G1 with a trunk that carries no PAN" ||
		return 1
	# the map entry makes the trunk carry PAN 100: he joins
	check_run hpsw he tenant add psw0 oui 02:a1:00 pan 100 || return 1
	joined he "$G1" ||
		{ fail "he did not join $G1 with a trunk carrying PAN 100"; return 1; }
	check_json hpsw he -j pan show psw0 100 || return 1
	check_jq "$JSON" '.[0].mcast.joined == true' || return 1
	# hb's broadcast in PAN 100 reaches the trunk through the group
	rx0=$(mcast_count he 100 rx)
	hsnap "${specs[@]}"
	send_broadcast b100 10.0.0.255		# two echo requests
	hnow "${specs[@]}"
	hexpect_delta hport:he:et0:tx_packets eq 2 &&
		hexpect_delta hport:hc:c100:tx_packets eq 2 &&
		hexpect_delta hport:he:e200:tx_packets eq 0 || return 1
	check_eq "he PAN 100 mcast_rx" $((rx0 + 2)) "$(mcast_count he 100 rx)" ||
		return 1
	# the trunk's broadcast, classified into PAN 100, goes to the group
	tx0=$(mcast_count he 100 tx)
	hsnap "${specs[@]}"
	send_broadcast et0 10.0.0.255
	hnow "${specs[@]}"
	check_eq "he PAN 100 mcast_tx" $((tx0 + 2)) "$(mcast_count he 100 tx)" ||
		return 1
	hexpect_delta hport:hb:b100:tx_packets eq 2 &&
		hexpect_delta hport:hc:c100:tx_packets eq 2 &&
		hexpect_delta hport:he:e200:tx_packets eq 0 || return 1
	# the entry goes: he leaves; back, then the trunk port goes: he leaves
	check_run hpsw he tenant del psw0 oui 02:a1:00 || return 1
	not_joined he "$G1" "he stayed in $G1 after the tenant map entry went" ||
		return 1
	check_run hpsw he tenant add psw0 oui 02:a1:00 pan 100 || return 1
	joined he "$G1" ||
		{ fail "he did not join $G1 with the entry back"; return 1; }
	check_run hpsw he port del psw0 dev et0 || return 1
	not_joined he "$G1" "he stayed in $G1 after the trunk port went" ||
		return 1
	check_run hpsw he tenant del psw0 oui 02:a1:00
}

# leave_on H CAP GROUP: the IGMP leave of GROUP is in H's capture CAP
# (started before the change), which is then stopped.
leave_on()
{
	wait_until 100 leave_seen "$2" "$3" ||
		fail "no IGMP leave of $3 on $1's u0 (tcpdump)"
	cap_stop "$2"
	leave_seen "$2" "$3"
}

# Each leave twice: the kernel's membership (ip maddr) and the report on
# the wire (the join half is 81_mcast_membership.sh's).
case_leave()
{
	# the last port of the group's PANs goes: hd leaves
	cap_start lhd hd u0 igmp and src host "$HD4" || return 1
	check_run hpsw hd port del psw0 dev d300 || return 1
	if joined hd "$G1"; then
		fail "hd is still a member of $G1 after its last port"
		return 1
	fi
	leave_on hd lhd "$G1" || return 1
	# a port's device deleted: he leaves G2
	joined he "$G2" || { fail "he is no member of $G2"; return 1; }
	cap_start lhe he u0 igmp and src host "$HE4" || return 1
	check_run hexec he ip link del e200 || return 1
	if joined he "$G2"; then
		fail "he is still a member of $G2 after its port's device went"
		return 1
	fi
	leave_on he lhe "$G2" || return 1
	# switch deleted: hc leaves G1 (hb, positive control, stays, and
	# sends no leave)
	joined hc "$G1" || { fail "hc is no member of $G1"; return 1; }
	cap_start lhc hc u0 igmp and src host "$HC4" &&
		cap_start lhb hb u0 igmp and src host "$HB4" || return 1
	check_run hpsw hc switch del psw0 || return 1
	if joined hc "$G1"; then
		fail "hc is still a member of $G1 after its switch went"
		return 1
	fi
	leave_on hc lhc "$G1" || return 1
	cap_stop lhb
	joined hb "$G1" || { fail "hb left $G1"; return 1; }
	if leave_seen lhb "$G1"; then
		fail "hb sent a leave of $G1 when hc's switch went"
		return 1
	fi
}

case_many_groups()
{
	local i ns n

	host_add hz || return 1
	l2net_attach net hz u0 02:aa:00:00:00:20 && host_addr hz u0 "$HZ4/24" ||
		return 1
	host_switch_add hz || return 1
	check_run hpsw hz switch set psw0 underlay "$HZ4" || return 1
	ns=$(ns_of hz)
	for ((i = 1; i <= NGROUPS; i++)); do
		echo "link add d$i address 02:00:00:10:$(printf %02x:%02x \
			$((i / 256)) $((i % 256))) type dummy"
		echo "link set d$i up"
	done >"$TMPD/dummies.batch"
	check_run ip -n "$ns" -batch "$TMPD/dummies.batch" || return 1
	for ((i = 1; i <= NGROUPS; i++)); do
		echo "pan add psw0 $i"
		echo "pan set psw0 $i group 239.2.$((i / 256)).$((i % 256))"
		echo "port add psw0 dev d$i pan $i mac 02:00:00:10:$(printf \
			%02x:%02x $((i / 256)) $((i % 256)))"
	done >"$TMPD/groups.batch"
	check_run hpsw hz -b "$TMPD/groups.batch" || return 1
	n=$(ip -n "$ns" maddr show dev u0 | grep -cE 'inet +239\.2\.')
	diag "hz: $n groups joined on u0 (igmp_max_memberships $(hexec hz \
		cat /proc/sys/net/ipv4/igmp_max_memberships))"
	check_eq "groups joined on hz's u0" "$NGROUPS" "$n" || return 1
	check_json hpsw hz -j pan show psw0 || return 1
	check_jq "$JSON" '[.[] | select(.mcast.joined)] | length == 1000' ||
		return 1
	# and all of them go with the switch
	check_run hpsw hz switch del psw0 || return 1
	n=$(ip -n "$ns" maddr show dev u0 | grep -cE 'inet +239\.2\.')
	check_eq "groups joined on hz's u0 after switch del" 0 "$n"
}

require_tools
ensure_module
kmsg_mark
ktap_plan 21
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
run_case "hosts hb, hc, hd, he and a rogue hr on one underlay network" setup_hosts
run_case "membership on demand: joined with the PAN's first port, not without one" case_join_on_demand
run_case "a broadcast goes to the group once, reaches the PAN's hosts only, exactly once" case_one_copy
run_case "a rogue's group traffic with another PAN's VNI is dropped; on the PAN's own group it is delivered" case_forged_group
run_case "group traffic for a PAN without a port here is dropped, counted mcast_no_port" case_no_port_drop
run_case "a trunk port carrying PAN 100 (tenant map): joined, group arrivals reach it, its broadcasts go to the group" case_trunk_group
run_case "left with the last port, the port's device, the switch (ip maddr, IGMP leave)" case_leave
run_case "1,000 groups joined on one switch, left with it" case_many_groups
run_case "no kernel warnings" check_kernel_log
ktap_finish
