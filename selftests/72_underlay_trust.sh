#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 72_underlay_trust.sh - who may put a frame into a PAN through a tunnel
# (Documentation/trust.md). Every attack below names PAN 100 of host hb,
# whose VM b100 is the victim, and carries an ARP request "who has
# 10.0.0.2 (b100) tell 10.0.0.66 at 02:66:66:66:66:66" that would poison
# b100's neighbour table. Each case shows, by counters, that the attack
# was refused and under which drop reason (or by whom, when it never
# reaches the switch), that b100 received nothing and its neighbour table
# did not change, and then that a legitimate arrival from hc, a remote of
# PAN 100, is still delivered (b100 learns 10.0.0.3). The cases:
#   - a local user (uid 65534) sends VXLAN to 127.0.0.1 / ::1 (no socket
#     there) and to hb's underlay addresses (local_source);
#   - raw GRE and EtherIP: refused to uid 65534 outright; with CAP_NET_RAW
#     (and no other capability) local_source at hb's addresses, nobody's
#     at 127.0.0.1;
#   - hc's address becomes one of hb's own (on lo) between two of its
#     frames: the first frame after `ip address add` is local_source (the
#     switch caches the answer per CPU, and must see the change at once),
#     and once the address is removed hc's frames are delivered again;
#   - a VM of PAN 200 on ha broadcasts an IPv4/UDP VXLAN packet for VNI
#     100 (and EtherIP for PAN 100's address) to hb's address, with hc's
#     address as source; ha floods it out of its uplink; hb's stack takes
#     unicast IP in an Ethernet broadcast (unicast_in_l2_mcast);
#   - hr, a host of the underlay that is no remote of PAN 100, sends
#     VXLAN, NVGRE and EtherIP over IPv4 and IPv6 (unknown_remote);
#   - pan set ... accept any lets hr in, accept remotes shuts it out again;
#   - iptables INPUT -p gre -j DROP in hb stops NVGRE from hc; removing the
#     rule lets it through again;
#   - NVGRE over IPv6 behind a segment routing header with segments left
#     is forwarded by hb's stack, not taken by the switch;
#   - two switches of a namespace cannot have one underlay address;
#   - a remote cannot be the switch's own underlay address, nor the
#     reverse;
#   - a collect-metadata gretap / ip6gretap / ip6gre device of the
#     namespace that is not panswitch's makes switch set fail, with the
#     reason, and is left alone.
#
#                   net (bridge br0): 192.0.2.0/24, 2001:db8::/64
#        |                    |                     |                |
#   u0 .1 ::1            u0 .2 ::2             u0 .3 ::3        u0 .9 ::9
#   ha: psw0, uplink u0  hb: psw0 local .2 ::2  hc (a remote     hr (no remote
#   a200 PAN 200, ext    uplink u0, PAN 100     of PAN 100)      of anything)
#   MAC, flood uplink    b100 10.0.0.2, PAN
#                        addresses .100 ::100
#
# hb's PAN 100 has an encap vxlan entry for hc's VM MAC and the flood
# members remote .3 (vxlan) and ::3 (nvgre): hc's two addresses are its
# remotes, for every encapsulation. psw-send (tools/fuzz) crafts the
# packets: from the sender's own stack (udp, raw) or, for the VM, as a
# whole Ethernet frame with forged addresses (frame).

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

SEND=$(command -v psw-send 2>/dev/null)
HA4=192.0.2.1
HB4=192.0.2.2
HC4=192.0.2.3
HR4=192.0.2.9
HA6=2001:db8::1
HB6=2001:db8::2
HC6=2001:db8::3
HR6=2001:db8::9
PB4=192.0.2.100		# PAN 100's own addresses on hb (EtherIP)
PB6=2001:db8::100
HB_MAC=02:aa:00:00:00:02
VB=02:00:00:00:01:02	# b100, the victim: 10.0.0.2
MC=02:00:00:00:01:03	# hc's VM (legitimate): 10.0.0.3
MX=02:66:66:66:66:66	# the attacker's claim: 10.0.0.66
MA=02:00:00:00:02:01	# a200, the VM of PAN 200 on ha
XA=0a:00:00:00:02:01	# its external MAC
BCAST=ff:ff:ff:ff:ff:ff

# ---- packets ------------------------------------------------------------

ATTACK=$(arp_req "$MX" 10.0.0.66 10.0.0.2)
LEGIT=$(arp_req "$MC" 10.0.0.3 10.0.0.2)
VXH=0800000000006400		# VXLAN, I flag, VNI 100
NVH=2000655800006400		# GRE K, 0x6558, VSID 100
EIH=3000			# EtherIP

# ---- counters -------------------------------------------------------------

# tcount SPEC: a counter, as lib.sh's hcounter (snmp:H:Proto:Field and
# snmp6:H:Field included), and also
#   ipt:H                 packets of the first rule of H's iptables INPUT chain
#   drop:H:DEV            rx dropped of DEV in H
tcount()
{
	local kind a b

	IFS=: read -r kind a b _ <<<"$1"
	case $kind in
	ipt)
		hexec "$a" iptables -L INPUT -v -x -n 2>/dev/null | awk 'NR == 3 { print $1 }'
		;;
	drop)
		hexec "$a" ip -j -s link show dev "$b" | jq -r '.[0].stats64.rx.dropped'
		;;
	*)
		hcounter "$1"
		;;
	esac
}

declare -A T0=()

tsnap() # SPEC...
{
	local spec

	T0=()
	for spec in "$@"; do
		T0[$spec]=$(tcount "$spec" 2>&1)
	done
}

moved_by() # SPEC N: SPEC moved by at least N since tsnap
{
	local now then=${T0[$1]-}

	now=$(tcount "$1" 2>/dev/null)
	[[ $now =~ ^[0-9]+$ && $then =~ ^[0-9]+$ ]] && ((now - then >= $2))
}

# texpect SPEC N: SPEC moved by exactly N since tsnap (waiting up to 10 s
# for it to move at all when N > 0).
texpect()
{
	local spec=$1 n=$2

	((n == 0)) || wait_until 100 moved_by "$spec" "$n"
	check_delta "$spec" "${T0[$spec]-(not snapped)}" "$(tcount "$spec" 2>&1)" eq "$n"
}

# victim: what b100 has received, and whom it knows.
victim()
{
	echo "rx $(counter vm:b100:rx)"
	vm_exec b100 ip -o -4 neigh show dev eth0 | awk '{ print $1, $3 }' | sort
}

VICTIM=""

# attack WHAT SPECS EXPECT CMD...: with b100's neighbours flushed, run
# CMD; each of SPECS (space separated "SPEC=N") moves by exactly N, and
# b100 neither receives a frame nor learns a neighbour.
attack()
{
	local what=$1 specs=$2 expect=$3 sp spec n all=() rc=0
	shift 3

	for sp in $specs; do
		all+=("${sp%=*}")
	done
	tsnap "${all[@]}" "hsw:hb:rx_packets" "hpan:hb:100:encap_rx"
	VICTIM=$(victim)
	"$@" >"$TMPD/attack.out" 2>&1 || rc=$?
	if [[ $expect == ok ]] && ((rc != 0)); then
		fail "$what: the sender failed: $(quote_cmd "$@")" "$(cat "$TMPD/attack.out")"
		return 1
	fi
	for sp in $specs; do
		spec=${sp%=*} n=${sp##*=}
		texpect "$spec" "$n" || diag "  ($what)"
	done
	check_delta "$what: hb's switch rx_packets" "${T0[hsw:hb:rx_packets]}" \
		"$(tcount hsw:hb:rx_packets)" eq 0
	check_delta "$what: hb's PAN 100 encap_rx" "${T0[hpan:hb:100:encap_rx]}" \
		"$(tcount hpan:hb:100:encap_rx)" eq 0
	check_eq "$what: b100's rx packets and neighbours" "$VICTIM" "$(victim)"
}

victim_learnt() # IP MAC
{
	vm_exec b100 ip -o -4 neigh show dev eth0 | grep -q "^$1 .*lladdr $2"
}

# delivered WHAT CMD...: CMD's frame (an ARP request from 10.0.0.3 or
# 10.0.0.66) reaches b100: it receives one frame and learns the sender.
delivered()
{
	local what=$1 before ip=10.0.0.3 mac=$MC
	shift

	[[ $* == *"${MX//:/}"* ]] && ip=10.0.0.66 mac=$MX
	before=$(counter vm:b100:rx)
	check_run "$@" || return 1
	if ! wait_until 100 victim_learnt "$ip" "$mac"; then
		fail "$what: b100 did not learn $ip at $mac" "  its neighbours:" \
			"$(vm_exec b100 ip neigh show dev eth0)"
		return 1
	fi
	check_delta "$what: b100's rx packets" "$before" "$(counter vm:b100:rx)" eq 1
}

# legit: the positive control: hc's VXLAN reaches b100.
legit()
{
	delivered "control: VXLAN from hc, a remote of PAN 100" \
		hexec hc "$SEND" udp "$HB4" 4789 "$VXH$LEGIT"
}

flush_victim()
{
	vm_exec b100 ip neigh flush dev eth0 >/dev/null 2>&1
	return 0
}

# ---- setup ----------------------------------------------------------------

setup()
{
	load_kmods veth bridge udp_tunnel ip6_udp_tunnel gre ip_gre ip6_gre
	l2net_add net || return 1
	host_add ha && host_add hb && host_add hc && host_add hr || return 1
	l2net_attach net ha u0 02:aa:00:00:00:01 &&
		l2net_attach net hb u0 "$HB_MAC" &&
		l2net_attach net hc u0 02:aa:00:00:00:03 &&
		l2net_attach net hr u0 02:aa:00:00:00:09 || return 1
	host_addr ha u0 "$HA4/24" "$HA6/64" &&
		host_addr hb u0 "$HB4/24" "$HB6/64" "$PB4/24" "$PB6/64" &&
		host_addr hc u0 "$HC4/24" "$HC6/64" &&
		host_addr hr u0 "$HR4/24" "$HR6/64" || return 1
	set_sysctls "$(ns_of hb)" net/ipv4/icmp_ratelimit=0 net/ipv6/icmp/ratelimit=0

	# ha: a VM of PAN 200 whose broadcasts go out of the uplink.
	host_switch_add ha || return 1
	check_run hpsw ha port add psw0 dev u0 uplink &&
		check_run hpsw ha pan add psw0 200 || return 1
	hvm_port_add ha a200 200 "$MA" "$XA" 10.0.0.1/24 || return 1
	check_run hpsw ha pan set psw0 200 flood add uplink || return 1

	# hb: the victim's host.
	host_switch_add hb || return 1
	check_run hpsw hb switch set psw0 underlay "$HB4" underlay6 "$HB6" &&
		check_run hpsw hb port add psw0 dev u0 uplink &&
		check_run hpsw hb pan add psw0 100 &&
		check_run hpsw hb pan set psw0 100 pan-addr "$PB4" pan-addr "$PB6" || return 1
	hvm_port_add hb b100 100 "$VB" - 10.0.0.2/24 || return 1
	check_run hpsw hb entry add psw0 pan 100 mac "$MC" encap vxlan remote "$HC4" &&
		check_run hpsw hb pan set psw0 100 flood add remote "$HC4" encap vxlan &&
		check_run hpsw hb pan set psw0 100 flood add remote "$HC6" encap nvgre ||
		return 1
	check_json hpsw hb -j pan show psw0 100 || return 1
	check_jq "$JSON" '.[0].accept == "remotes"' || return 1
	flush_victim
	legit
}

# ---- local senders -----------------------------------------------------------

case_local_udp()
{
	unpriv_usable || { fail "setpriv cannot drop to uid 65534"; return 1; }
	flush_victim
	attack "uid 65534: VXLAN for PAN 100 to 127.0.0.1:4789" \
		"snmp:hb:Udp:NoPorts=1" ok \
		hexec hb "${UNPRIV[@]}" "$SEND" udp 127.0.0.1 4789 "$VXH$ATTACK"
	attack "uid 65534: VXLAN for PAN 100 to ::1 port 4789" \
		"snmp6:hb:Udp6NoPorts=1" ok \
		hexec hb "${UNPRIV[@]}" "$SEND" udp ::1 4789 "$VXH$ATTACK"
	attack "uid 65534: VXLAN for PAN 100 to hb's $HB4:4789, five times" \
		"hsw:hb:drops.local_source=5" ok \
		hexec hb "${UNPRIV[@]}" "$SEND" udp "$HB4" 4789 "$VXH$ATTACK" 5
	attack "uid 65534: VXLAN for PAN 100 to hb's [$HB6]:4789" \
		"hsw:hb:drops.local_source=1" ok \
		hexec hb "${UNPRIV[@]}" "$SEND" udp "$HB6" 4789 "$VXH$ATTACK"
	legit
}

case_local_raw()
{
	local out rc=0

	out=$(hexec hb "${UNPRIV[@]}" "$SEND" raw "$HB4" 47 "$NVH$ATTACK" 2>&1) || rc=$?
	check_eq "uid 65534 without capabilities: raw GRE (exit status)" 1 "$rc"
	check_match "uid 65534 without capabilities: no raw socket" \
		"socket: Operation not permitted" "$out"
	unpriv_raw_find hb || {
		fail "setpriv cannot give uid 65534 CAP_NET_RAW alone (ambient capabilities)"
		return 1
	}
	flush_victim
	attack "uid 65534 with CAP_NET_RAW: NVGRE for PAN 100 to hb's $HB4" \
		"hsw:hb:drops.local_source=1" ok \
		hexec hb "${UNPRIV_RAW[@]}" "$SEND" raw "$HB4" 47 "$NVH$ATTACK"
	attack "uid 65534 with CAP_NET_RAW: NVGRE for PAN 100 to hb's $HB6" \
		"hsw:hb:drops.local_source=1" ok \
		hexec hb "${UNPRIV_RAW[@]}" "$SEND" raw "$HB6" 47 "$NVH$ATTACK"
	attack "uid 65534 with CAP_NET_RAW: EtherIP to PAN 100's $PB4" \
		"hsw:hb:drops.local_source=1" ok \
		hexec hb "${UNPRIV_RAW[@]}" "$SEND" raw "$PB4" 97 "$EIH$ATTACK"
	attack "uid 65534 with CAP_NET_RAW: EtherIP to PAN 100's $PB6" \
		"hsw:hb:drops.local_source=1" ok \
		hexec hb "${UNPRIV_RAW[@]}" "$SEND" raw "$PB6" 97 "$EIH$ATTACK"
	attack "uid 65534 with CAP_NET_RAW: NVGRE to 127.0.0.1 (no switch's: the NVGRE device drops it)" \
		"drop:hb:psw-nvgre4=1" ok \
		hexec hb "${UNPRIV_RAW[@]}" "$SEND" raw 127.0.0.1 47 "$NVH$ATTACK"
	attack "uid 65534 with CAP_NET_RAW: EtherIP to 127.0.0.1 (no PAN's: protocol unreachable)" \
		"snmp:hb:Ip:InUnknownProtos=1" ok \
		hexec hb "${UNPRIV_RAW[@]}" "$SEND" raw 127.0.0.1 97 "$EIH$ATTACK"
	legit
}

# An address of hc that hb takes for its own (on lo; IPv6: done with DAD)
# between two of hc's frames: the first one after is local_source, so
# are the next, and once the address is gone hc's frames are delivered
# again. hb's stack would drop an IPv4 packet from a source of its own as
# a martian before the switch sees it: accept_local (rp_filter off) lets
# it through, as on a host that accepts such packets.
no_tentative() # HOST
{
	[[ -z $(hexec "$1" ip -6 -o address show tentative) ]]
}

case_own_address_added()
{
	local fam a h

	set_sysctls "$(ns_of hb)" net/ipv4/conf/all/accept_local=1 \
		net/ipv4/conf/all/rp_filter=0 net/ipv4/conf/u0/rp_filter=0
	for fam in 4 6; do
		if [[ $fam == 4 ]]; then a=$HC4/32 h=$HB4; else a=$HC6/128 h=$HB6; fi
		flush_victim
		delivered "IPv$fam: VXLAN from hc to $h, before" \
			hexec hc "$SEND" udp "$h" 4789 "$VXH$LEGIT" || return 1
		check_run hexec hb ip address add "$a" dev lo || return 1
		[[ $fam == 4 ]] || wait_until 100 no_tentative hb ||
			diag "  $a still tentative on hb"
		attack "IPv$fam: hb took hc's $a: hc's next frame" \
			"hsw:hb:drops.local_source=1" ok \
			hexec hc "$SEND" udp "$h" 4789 "$VXH$LEGIT"
		attack "IPv$fam: hb has hc's $a: five more" \
			"hsw:hb:drops.local_source=5" ok \
			hexec hc "$SEND" udp "$h" 4789 "$VXH$LEGIT" 5
		check_run hexec hb ip address del "$a" dev lo || return 1
		flush_victim
		delivered "IPv$fam: VXLAN from hc to $h, the address removed" \
			hexec hc "$SEND" udp "$h" 4789 "$VXH$LEGIT"
	done
	set_sysctls "$(ns_of hb)" net/ipv4/conf/all/accept_local=0
}

# ---- a VM through a peer's uplink -----------------------------------------------

case_vm_via_peer()
{
	flush_victim
	attack "a200 (PAN 200, ha) broadcasts VXLAN for VNI 100 to $HB4 from $HC4" \
		"hsw:hb:drops.unicast_in_l2_mcast=1 hport:ha:a200:xlate_tx=1" ok \
		vm_exec a200 "$SEND" frame eth0 "$BCAST" "$HC4" "$HB4" udp:4789 "$VXH$ATTACK"
	attack "a200 broadcasts VXLAN for VNI 100 to $HB6 from $HC6" \
		"hsw:hb:drops.unicast_in_l2_mcast=1 hport:ha:a200:xlate_tx=1" ok \
		vm_exec a200 "$SEND" frame eth0 "$BCAST" "$HC6" "$HB6" udp:4789 "$VXH$ATTACK"
	attack "a200 broadcasts EtherIP to PAN 100's $PB4 from $HC4" \
		"hsw:hb:drops.unicast_in_l2_mcast=1 hport:ha:a200:xlate_tx=1" ok \
		vm_exec a200 "$SEND" frame eth0 "$BCAST" "$HC4" "$PB4" 97 "$EIH$ATTACK"
	legit
}

# ---- hosts of the underlay -------------------------------------------------------

case_rogue_host()
{
	local r="hsw:hb:drops.unknown_remote=1 hpan:hb:100:drops.unknown_remote=1"

	flush_victim
	attack "hr: VXLAN for PAN 100 to $HB4" "$r" ok \
		hexec hr "$SEND" udp "$HB4" 4789 "$VXH$ATTACK"
	attack "hr: VXLAN for PAN 100 to $HB6" "$r" ok \
		hexec hr "$SEND" udp "$HB6" 4789 "$VXH$ATTACK"
	attack "hr: NVGRE for PAN 100 to $HB4" "$r" ok \
		hexec hr "$SEND" raw "$HB4" 47 "$NVH$ATTACK"
	attack "hr: NVGRE for PAN 100 to $HB6" "$r" ok \
		hexec hr "$SEND" raw "$HB6" 47 "$NVH$ATTACK"
	attack "hr: EtherIP to PAN 100's $PB4" "$r" ok \
		hexec hr "$SEND" raw "$PB4" 97 "$EIH$ATTACK"
	attack "hr: EtherIP to PAN 100's $PB6" "$r" ok \
		hexec hr "$SEND" raw "$PB6" 97 "$EIH$ATTACK"
	legit
	# hc is a remote for every encapsulation, over both families.
	flush_victim
	delivered "control: NVGRE from hc over IPv6" \
		hexec hc "$SEND" raw "$HB6" 47 "$NVH$LEGIT"
	flush_victim
	delivered "control: EtherIP from hc to PAN 100's $PB4" \
		hexec hc "$SEND" raw "$PB4" 97 "$EIH$LEGIT"
}

case_accept_any()
{
	local r="hsw:hb:drops.unknown_remote=1 hpan:hb:100:drops.unknown_remote=1"

	flush_victim
	check_run hpsw hb pan set psw0 100 accept any || return 1
	check_json hpsw hb -j pan show psw0 100 || return 1
	check_jq "$JSON" '.[0].accept == "any"'
	delivered "accept any: VXLAN from hr" \
		hexec hr "$SEND" udp "$HB4" 4789 "$VXH$ATTACK"
	check_run hpsw hb pan set psw0 100 accept remotes || return 1
	check_json hpsw hb -j pan show psw0 100 || return 1
	check_jq "$JSON" '.[0].accept == "remotes"'
	flush_victim
	attack "accept remotes again: VXLAN from hr" "$r" ok \
		hexec hr "$SEND" udp "$HB4" 4789 "$VXH$ATTACK"
	legit
}

# ---- the host's own filtering and routing -------------------------------------------

case_iptables()
{
	command -v iptables >/dev/null 2>&1 || { fail "iptables is not installed"; return 1; }
	flush_victim
	delivered "NVGRE from hc, no INPUT rule" hexec hc "$SEND" raw "$HB4" 47 "$NVH$LEGIT"
	check_run hexec hb iptables -A INPUT -p gre -j DROP || return 1
	defer ip netns exec "$(ns_of hb)" iptables -F INPUT
	flush_victim
	attack "NVGRE from hc with iptables -A INPUT -p gre -j DROP in hb" "ipt:hb=1" ok \
		hexec hc "$SEND" raw "$HB4" 47 "$NVH$LEGIT"
	check_run hexec hb iptables -D INPUT -p gre -j DROP || return 1
	delivered "NVGRE from hc, the rule removed" hexec hc "$SEND" raw "$HB4" 47 "$NVH$LEGIT"
}

# NVGRE from hc to hb's ::2 behind a destination options header and a
# segment routing header (RFC 8754) with one segment left, hc's ::3: hb's
# stack sends it on to ::3 (Ip6OutForwDatagrams), the switch never sees it.
case_routing_header()
{
	local dopt srh

	set_sysctls "$(ns_of hb)" net/ipv6/conf/all/forwarding=1 \
		net/ipv6/conf/all/seg6_enabled=1 net/ipv6/conf/u0/seg6_enabled=1
	# destination options: next header 43 (routing), PadN of 4
	dopt=2b00010400000000
	# SRH: next header 47 (GRE), length 4, type 4, segments left 1, last
	# entry 1, flags 0, tag 0; segment 0 (the next): hc's address, segment
	# 1 (the active one, the destination): hb's
	srh="2f04040101000000$(printf '20010db8%024x' 3)$(printf '20010db8%024x' 2)"
	flush_victim
	attack "NVGRE from hc to $HB6 with segments left: forwarded" \
		"snmp6:hb:Ip6OutForwDatagrams=1" ok \
		hexec hc "$SEND" frame u0 "$HB_MAC" "$HC6" "$HB6" 60 "$dopt$srh$NVH$LEGIT"
	delivered "the same NVGRE without extension headers" \
		hexec hc "$SEND" frame u0 "$HB_MAC" "$HC6" "$HB6" 47 "$NVH$LEGIT"
	set_sysctls "$(ns_of hb)" net/ipv6/conf/all/forwarding=0
}

# ---- configuration ---------------------------------------------------------------

# Here, in this namespace (check_fail's state_snapshot).
case_one_address_one_switch()
{
	switch_add psw72a && switch_add psw72b || return 1
	check_run "$PSW" switch set psw72a underlay 192.0.2.72 underlay6 2001:db8::72 || return 1
	check_fail "$PSW" switch set psw72b underlay 192.0.2.72 1 "another switch's underlay address"
	check_fail "$PSW" switch set psw72b underlay6 2001:db8::72 1 "another switch's underlay address"
	check_run "$PSW" switch set psw72b underlay 192.0.2.73 underlay6 2001:db8::73 || return 1
	check_json "$PSW" -j switch show || return 1
	check_jq "$JSON" '[.[] | select(.ifname == "psw72a" or .ifname == "psw72b") |
		"\(.local4) \(.local6)"] | sort == ["192.0.2.72 2001:db8::72",
		"192.0.2.73 2001:db8::73"]'
	# Moving psw72a away frees the address for psw72b.
	check_run "$PSW" switch set psw72a underlay 192.0.2.74 &&
		check_run "$PSW" switch set psw72b underlay 192.0.2.72
}

case_remote_not_own()
{
	local re="own underlay address"

	switch_add psw72c || return 1
	check_run "$PSW" switch set psw72c underlay 192.0.2.75 underlay6 2001:db8::75 &&
		check_run "$PSW" pan add psw72c 100 || return 1
	check_fail "$PSW" entry add psw72c pan 100 mac 02:00:00:00:00:75 encap vxlan \
		remote 192.0.2.75 1 "$re"
	check_fail "$PSW" entry add psw72c pan 100 mac 02:00:00:00:00:75 encap nvgre \
		remote 2001:db8::75 1 "$re"
	check_fail "$PSW" pan set psw72c 100 flood add remote 192.0.2.75 encap etherip 1 "$re"
	check_fail "$PSW" pan set psw72c 100 flood add remote 2001:db8::75 encap vxlan 1 "$re"
	check_run "$PSW" entry add psw72c pan 100 mac 02:00:00:00:00:75 encap vxlan \
		remote 192.0.2.76 &&
		check_run "$PSW" pan set psw72c 100 flood add remote 2001:db8::76 encap nvgre ||
		return 1
	# The reverse: an address that is a remote cannot become the switch's.
	check_fail "$PSW" switch set psw72c underlay 192.0.2.76 1 "remote of encap entries"
	check_fail "$PSW" switch set psw72c underlay6 2001:db8::76 1 "remote of encap entries"
	# Once nothing sends there, it can.
	check_run "$PSW" entry del psw72c pan 100 mac 02:00:00:00:00:75 &&
		check_run "$PSW" switch set psw72c underlay 192.0.2.76
}

# A collect-metadata GRE device of the namespace that is not panswitch's
# (the stack allows one of each kind): switch set is refused, says why,
# changes nothing, and leaves the device alone; once it is gone, the
# switch's own device is made. In a namespace of its own, hx.
case_foreign_gre_device()
{
	local out rc args

	host_add hx || return 1
	check_run hpsw hx switch add psw0 || return 1
	check_run hexec hx ip link add name ext4 type gretap external &&
		check_run hexec hx ip link add name ext6 type ip6gretap external || return 1
	for args in "local 192.0.2.80|gretap" "local6 2001:db8::80|ip6gretap"; do
		rc=0
		# shellcheck disable=SC2086 # "local ADDR" are two words
		out=$(hpsw hx switch set psw0 ${args%|*} 2>&1) || rc=$?
		check_eq "switch set psw0 ${args%|*} next to ext4/ext6: exit status" 1 "$rc"
		check_match "switch set psw0 ${args%|*}: why" \
			"collect-metadata ${args#*|} device that is not panswitch's" "$out"
	done
	check_json hpsw hx -j switch show psw0 || return 1
	check_jq "$JSON" '.[0] | (has("local4") or has("local6")) | not'
	check_eq "hx's GRE devices after the refusals" "ext4 ext6" \
		"$(hexec hx ip -o link show | grep -oE '(ext[46]|psw-nvgre[46])@' | tr -d @ |
			sort | xargs)"
	# An ip6gre one takes the same place.
	check_run hexec hx ip link del dev ext6 &&
		check_run hexec hx ip link add name ext6l3 type ip6gre external || return 1
	rc=0
	out=$(hpsw hx switch set psw0 underlay6 2001:db8::80 2>&1) || rc=$?
	check_eq "switch set psw0 underlay6 next to ip6gre ext6l3: exit status" 1 "$rc"
	check_match "switch set psw0 underlay6 next to ext6l3: why" "collect-metadata ip6gre device" "$out"
	check_run hexec hx ip link del dev ext4 &&
		check_run hexec hx ip link del dev ext6l3 || return 1
	check_run hpsw hx switch set psw0 underlay 192.0.2.80 underlay6 2001:db8::80 || return 1
	check_eq "hx's GRE devices once the others are gone" "psw-nvgre4 psw-nvgre6" \
		"$(hexec hx ip -o link show | grep -oE '(ext[46]|psw-nvgre[46])@' | tr -d @ |
			sort | xargs)"
}

require_tools
[[ -x $SEND ]] || ktap_skip_all "psw-send not installed (make -C tools/fuzz)"
ensure_module
kmsg_mark
ktap_plan 13
run_setup "ha (a VM of PAN 200, uplink), hb (PAN 100, victim b100), hc (its remote), hr" setup
run_case "local user: VXLAN to 127.0.0.1/::1 finds no socket, to hb's addresses local_source" case_local_udp
run_case "local raw GRE/EtherIP: not for uid 65534; with CAP_NET_RAW local_source" case_local_raw
run_case "hc's address added to hb under traffic: local_source at once; removed: delivered" case_own_address_added
run_case "a VM's broadcast through its host's uplink: unicast_in_l2_mcast" case_vm_via_peer
run_case "a host that is no remote of PAN 100: VXLAN, NVGRE, EtherIP are unknown_remote" case_rogue_host
run_case "pan set accept any lets any source in, accept remotes shuts it out" case_accept_any
run_case "iptables INPUT -p gre -j DROP stops NVGRE; without it, it arrives" case_iptables
run_case "IPv6 NVGRE with a routing header with segments left is forwarded, not taken" case_routing_header
run_case "two switches of a namespace cannot have one underlay address" case_one_address_one_switch
run_case "a remote cannot be the switch's own underlay address, nor the reverse" case_remote_not_own
run_case "a collect-metadata GRE device that is not panswitch's: switch set refused" case_foreign_gre_device
run_case "no kernel warnings" check_kernel_log
ktap_finish
