#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 64_interop.sh - panswitch's tunnels against Linux's own, over IPv4 and
# IPv6 underlays: a VM behind panswitch (host hp) pings a VM bridged to a
# Linux vxlan device (VNI = PAN id) or gretap/ip6gretap device (key = PAN
# id << 8: NVGRE) in host hl, both ways, and the PAN's encap counters and
# the Linux device's counters show who carried it. A VNI or VSID the switch
# has no PAN for is dropped and counted (switch drops.unknown_pan), and no
# PAN sees it. EtherIP, which Linux has no device for, between two
# panswitch hosts (hp, hb), IPv4 and IPv6. With ip_gre loaded and GRE
# tunnels of its own in hp's namespace - gre9 on the switch's own address,
# gre8 on another one, which carries traffic - NVGRE and EtherIP still
# arrive at the switch.
#
#                  net (bridge br0): 192.0.2.0/24, 2001:db8::/64
#           |                           |                            |
#       u0 .1 ::1                   u0 .2 ::2                    u0 .3 ::3
#       .11 (gre8)                  .12 (gre8)
#       .31 ::31 (PAN 300/301)                                   .33 ::33
#   hp: psw0 (local .1, ::1)    hl: Linux tunnels -> bridges   hb: psw0 (.3, ::3)
#     p100 PAN 100 ~ VXLAN/4 ~~~~ vx100 (id 100)  - br100 - l100
#     p101 PAN 101 ~ VXLAN/6 ~~~~ vx101 (id 101)  - br101 - l101
#     p200 PAN 200 ~ NVGRE/4 ~~~~ gt200 (gretap key 51200)   - br200 - l200
#     p201 PAN 201 ~ NVGRE/6 ~~~~ gt201 (ip6gretap key 51456) - br201 - l201
#                                 vx999 (id 999), gt998 (key 998<<8) - br999 - l999
#     p300 PAN 300 ~ EtherIP/4 ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~ b300
#     p301 PAN 301 ~ EtherIP/6 ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~ b301
#
# Every VM on hp is 02:00:00:00:00:01 198.51.100.1/24, every other one
# 02:00:00:00:00:02 198.51.100.2/24.
#
# gt201 is an ip6gretap with its defaults, so its packets carry the
# tunnel encapsulation limit destination option (RFC 2473) between the
# IPv6 header and GRE: the stack processes it before the switch's NVGRE
# device gets the packet. hl's addresses are the remotes of hp's PANs, so
# their arrivals are accepted (72_underlay_trust.sh tests the others).

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

M1=02:00:00:00:00:01
M2=02:00:00:00:00:02
IP1=198.51.100.1
IP2=198.51.100.2
HP4=192.0.2.1
HL4=192.0.2.2
HB4=192.0.2.3
HP6=2001:db8::1
HL6=2001:db8::2
HB6=2001:db8::3
HP_GRE=192.0.2.11	# hp's and hl's addresses for gre8
HL_GRE=192.0.2.12
HP_EIP4=192.0.2.31	# PAN 300's / 301's own addresses
HB_EIP4=192.0.2.33
HP_EIP6=2001:db8::31
HB_EIP6=2001:db8::33
HP_PANS=(100 101 200 201 300 301)

# linux_vm PAN TYPE ARGS...: on hl, tunnel device TYPE (its name: vx or
# gt, then PAN) with ARGS, bridged (brPAN) with VM lPAN.
linux_vm()
{
	local pan=$1 type=$2 dev
	shift 2

	case $type in
	vxlan) dev=vx$pan ;;
	*) dev=gt$pan ;;
	esac
	check_run hexec hl ip link add name "$dev" type "$type" "$@" || return 1
	check_run hexec hl ip link add name "br$pan" type bridge || return 1
	hvm_add hl "l$pan" "$M2" "$IP2/24" || return 1
	check_run hexec hl ip link set "$dev" master "br$pan" &&
		check_run hexec hl ip link set "l$pan" master "br$pan" &&
		check_run hexec hl ip link set "$dev" up &&
		check_run hexec hl ip link set "br$pan" up
}

# psw_encap_pan H PAN ENCAP REMOTE VM: on H, VM (MAC M1 on hp, M2 on hb)
# is a port of PAN, whose table sends the other MAC with ENCAP to REMOTE.
psw_encap_pan()
{
	local h=$1 pan=$2 encap=$3 remote=$4 vm=$5 mac=$M1 ip=$IP1 peer=$M2

	if [[ $h == hb ]]; then
		mac=$M2 ip=$IP2 peer=$M1
	fi
	check_run hpsw "$h" pan add psw0 "$pan" || return 1
	hvm_port_add "$h" "$vm" "$pan" "$mac" - "$ip/24" || return 1
	check_run hpsw "$h" entry add psw0 pan "$pan" mac "$peer" encap "$encap" remote "$remote" &&
		check_run hpsw "$h" pan set psw0 "$pan" flood add remote "$remote" encap "$encap"
}

setup()
{
	load_kmods veth bridge udp_tunnel ip6_udp_tunnel vxlan gre ip_gre ip6_gre
	l2net_add net || return 1
	host_add hp && host_add hl && host_add hb || return 1
	l2net_attach net hp u0 02:aa:00:00:00:01 &&
		l2net_attach net hl u0 02:aa:00:00:00:02 &&
		l2net_attach net hb u0 02:aa:00:00:00:03 || return 1
	host_addr hp u0 "$HP4"/24 "$HP6"/64 "$HP_GRE"/24 "$HP_EIP4"/24 "$HP_EIP6"/64 &&
		host_addr hl u0 "$HL4"/24 "$HL6"/64 "$HL_GRE"/24 &&
		host_addr hb u0 "$HB4"/24 "$HB6"/64 "$HB_EIP4"/24 "$HB_EIP6"/64 || return 1

	# hl: Linux's tunnels.
	linux_vm 100 vxlan id 100 dstport 4789 local "$HL4" remote "$HP4" &&
		linux_vm 101 vxlan id 101 dstport 4789 local "$HL6" remote "$HP6" &&
		linux_vm 200 gretap local "$HL4" remote "$HP4" key $((200 << 8)) &&
		linux_vm 201 ip6gretap local "$HL6" remote "$HP6" key $((201 << 8)) &&
		linux_vm 999 vxlan id 999 dstport 4789 local "$HL4" remote "$HP4" || return 1
	# gt998 (a VSID hp has no PAN for) replaces vx999 in br999 later.
	check_run hexec hl ip link add name gt998 type gretap local "$HL4" remote "$HP4" \
		key $((998 << 8)) || return 1

	# hp and hb: panswitch, an encap-only host each (no uplink).
	host_switch_add hp && host_switch_add hb || return 1
	check_run hpsw hp switch set psw0 underlay "$HP4" underlay6 "$HP6" &&
		check_run hpsw hb switch set psw0 underlay "$HB4" underlay6 "$HB6" || return 1
	psw_encap_pan hp 100 vxlan "$HL4" p100 &&
		psw_encap_pan hp 101 vxlan "$HL6" p101 &&
		psw_encap_pan hp 200 nvgre "$HL4" p200 &&
		psw_encap_pan hp 201 nvgre "$HL6" p201 || return 1
	psw_encap_pan hp 300 etherip "$HB_EIP4" p300 &&
		psw_encap_pan hp 301 etherip "$HB_EIP6" p301 &&
		psw_encap_pan hb 300 etherip "$HP_EIP4" b300 &&
		psw_encap_pan hb 301 etherip "$HP_EIP6" b301 || return 1
	check_run hpsw hp pan set psw0 300 pan-addr "$HP_EIP4" &&
		check_run hpsw hp pan set psw0 301 pan-addr "$HP_EIP6" &&
		check_run hpsw hb pan set psw0 300 pan-addr "$HB_EIP4" &&
		check_run hpsw hb pan set psw0 301 pan-addr "$HB_EIP6"
}

# pings_both_ways PAN VM_HP VM_PEER [PEER_DEV]: VM_HP (on hp) and VM_PEER
# ping each other from a cold start; hp's PAN encapsulated and
# decapsulated them, and so did PEER_DEV (hl's Linux device), if given.
pings_both_ways()
{
	local pan=$1 vm=$2 peer=$3 dev=${4:-} specs

	specs=("hpan:hp:$pan:encap_tx" "hpan:hp:$pan:encap_rx")
	[[ -z $dev ]] || specs+=("hlink:hl:$dev:rx" "hlink:hl:$dev:tx")
	flush_neigh "$vm" "$peer"
	hsnap "${specs[@]}"
	check_ping "$vm" "$IP2"
	check_ping "$peer" "$IP1"
	hnow "${specs[@]}"
	# Each way: two echo requests and two replies, at least.
	hexpect_delta "hpan:hp:$pan:encap_tx" ge 4
	hexpect_delta "hpan:hp:$pan:encap_rx" ge 4
	if [[ -n $dev ]]; then
		hexpect_delta "hlink:hl:$dev:rx" ge 4
		hexpect_delta "hlink:hl:$dev:tx" ge 4
	fi
}

case_vxlan4() { pings_both_ways 100 p100 l100 vx100; }
case_vxlan6() { pings_both_ways 101 p101 l101 vx101; }
case_nvgre4() { pings_both_ways 200 p200 l200 gt200; }
case_nvgre6() { pings_both_ways 201 p201 l201 gt201; }
case_etherip4() { pings_both_ways 300 p300 b300; }
case_etherip6() { pings_both_ways 301 p301 b301; }

# unknown_pan_arrivals DEV: l999 pings 198.51.100.1 through hl's DEV, for
# a PAN hp does not have: hp drops every arrival as unknown_pan; no PAN
# of hp sees a frame.
unknown_pan_arrivals()
{
	local dev=$1 pan before=()

	for pan in "${HP_PANS[@]}"; do
		before+=("$(hpan_stats hp "$pan")")
	done
	hsnap hsw:hp:drops.unknown_pan "hlink:hl:$dev:tx"
	check_no_ping l999 "$IP1"
	hexpect_delta "hlink:hl:$dev:tx" ge 1
	hexpect_delta hsw:hp:drops.unknown_pan ge 1
	for pan in "${HP_PANS[@]}"; do
		check_eq "hp: every counter of PAN $pan while $dev sent to a PAN hp lacks" \
			"${before[0]}" "$(hpan_stats hp "$pan")"
		before=("${before[@]:1}")
	done
}

case_unknown_vni()
{
	unknown_pan_arrivals vx999
}

case_unknown_vsid()
{
	check_run hexec hl ip link set vx999 nomaster &&
		check_run hexec hl ip link set gt998 master br999 &&
		check_run hexec hl ip link set gt998 up || return 1
	flush_neigh l999
	unknown_pan_arrivals gt998
}

# ---- ip_gre's own tunnels next to the switch ----------------------------

case_ip_gre_tunnels()
{
	local out

	check_run hexec hp ip link add name gre9 type gre local "$HP4" remote "$HL4" key 77 &&
		check_run hexec hp ip link set gre9 up || return 1
	check_run hexec hp ip link add name gre8 type gre local "$HP_GRE" remote "$HL_GRE" key 88 &&
		check_run hexec hl ip link add name gre8 type gre local "$HL_GRE" remote "$HP_GRE" key 88 &&
		host_addr hp gre8 203.0.113.1/30 &&
		host_addr hl gre8 203.0.113.2/30 || return 1
	out=$(hexec hp ip -d link show dev gre9 2>&1)
	diag "in hp's namespace, next to psw0 (local $HP4):" "$out"
	check_match "gre9 is a GRE tunnel on the switch's own address, key 77" \
		"gre remote $HL4 local $HP4 .*key (0\.0\.0\.)?77( |\$)" "$out"
	check_match "gre9 is up" "gre9@NONE: <.*UP" "$out"
	# ip_gre's own receive path works on another address.
	hsnap hlink:hp:gre8:rx
	check_hping hp 203.0.113.2
	hexpect_delta hlink:hp:gre8:rx ge 2
}

case_switch_tunnels_with_ip_gre()
{
	hexec hp ip link show dev gre9 >/dev/null 2>&1 || {
		fail "gre9 does not exist in hp (the previous case failed)"
		return 1
	}
	pings_both_ways 200 p200 l200 gt200
	pings_both_ways 201 p201 l201 gt201
	pings_both_ways 300 p300 b300
	pings_both_ways 301 p301 b301
}

require_tools
ensure_module
kmsg_mark
ktap_plan 12
run_setup "hp (panswitch), hl (Linux vxlan/gretap), hb (panswitch) on one network" setup
run_case "VXLAN over IPv4: Linux vxlan id 100 <-> PAN 100, both ways" case_vxlan4
run_case "VXLAN over IPv6: Linux vxlan id 101 <-> PAN 101, both ways" case_vxlan6
run_case "NVGRE over IPv4: Linux gretap key 200<<8 <-> PAN 200, both ways" case_nvgre4
run_case "NVGRE over IPv6: Linux ip6gretap key 201<<8 <-> PAN 201, both ways" case_nvgre6
run_case "a VNI with no PAN is dropped as unknown_pan, reaches no PAN" case_unknown_vni
run_case "an NVGRE VSID with no PAN is dropped as unknown_pan, reaches no PAN" case_unknown_vsid
run_case "EtherIP over IPv4 between two switches (PAN 300), both ways" case_etherip4
run_case "EtherIP over IPv6 between two switches (PAN 301), both ways" case_etherip6
run_case "ip_gre tunnels in the switch's namespace: gre9 on its address, gre8 works" case_ip_gre_tunnels
run_case "with them, NVGRE and EtherIP (IPv4, IPv6) still reach the switch" case_switch_tunnels_with_ip_gre
run_case "no kernel warnings" check_kernel_log
ktap_finish
