#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 60_seed_topology.sh - FIGS. 3-7 of seed 000: five hosts on two physical
# networks joined by a router, three PANs that reuse the same MAC and IP
# addresses, and one addressing table per host: local for its own VMs, xlate
# (MAC translation over the uplink) toward VMs on hosts of its physical
# network, encap toward VMs behind the router - VXLAN for PAN 100, NVGRE
# (over IPv6) for PAN 200, EtherIP for PAN 300 - and flood lists, so that
# ARP works with no static neighbour anywhere.
#
# Asserts: every pair of VMs of a PAN pings, both ways; each path uses the
# mode its hosts' tables give it (xlate_tx/encap_tx on the sender's host,
# xlate_rx/encap_rx on the receiver's, the other mode's counters still); not
# one frame of a PAN reaches another PAN (every other PAN's counters on
# every host, and other PANs' VMs, unchanged), even where the same MAC and
# IP address exist in both; an address that exists only in other PANs is
# unreachable; the hosts' own addresses keep working over the uplinks.
#
#                         router r (IPv4 and IPv6 forwarding)
#            192.0.2.126/25 2001:db8:a::ff   192.0.2.254/25 2001:db8:b::ff
#                    |                                 |
#   net A (bridge, 192.0.2.0/25)           net B (bridge, 192.0.2.128/25)
#     |              |              |              |              |
#    up0            up0            up0            up0            up0  (uplinks)
#   h1 .1          h2 .2          h3 .3          h4 .129        h5 .130
#   a:1            a:2            a:3            b:4            b:5   (2001:db8:)
#   a1 a4 (100)    a2 (100)       b2 (200)       a3 (100)       b3 (200)
#   b1 (200)       c1 (300)       c2 (300)       c3 (300)       c4 (300)
#                  .102 (300)     .103 (300)     .204 (300)     .205 (300)
#
# A VM xN has internal MAC 02:00:00:00:00:0N and address 198.51.100.N/24 in
# every PAN (a1, b1 and c1 are the same MAC and IP in three PANs; a1 and b1
# even on one switch), and external MAC 02:ee:00:0P:00:0N, P = PAN / 100.
# The .10x/.20x addresses are PAN 300's own addresses (EtherIP carries no
# PAN id: the receiving PAN is the one whose address the packet is sent to).

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib_fig3.sh"

PANS=(100 200 300)
declare -A PAN_ENCAP=([100]=vxlan [200]=nvgre [300]=etherip)
declare -A PAN_FAMILY=([100]=4 [200]=6 [300]=4)
declare -A PAN300_LOCAL=([h2]=192.0.2.102 [h3]=192.0.2.103 [h4]=192.0.2.204
	[h5]=192.0.2.205)
BCAST=198.51.100.255

ext_mac()
{
	local pan=${VM_PAN[$1]}

	echo "02:ee:00:0$((pan / 100)):00:0$(vm_idx "$1")"
}
vm_ip() { echo "198.51.100.$(vm_idx "$1")"; }

# pan_vms PAN: the VMs of PAN.
pan_vms()
{
	local vm

	for vm in "${VMS[@]}"; do
		[[ ${VM_PAN[$vm]} == "$1" ]] && echo "$vm"
	done
}

# host_pans H: the PANs with a VM on H.
host_pans()
{
	local pan vm

	for pan in "${PANS[@]}"; do
		for vm in $(pan_vms "$pan"); do
			if [[ ${VM_HOST[$vm]} == "$1" ]]; then
				echo "$pan"
				break
			fi
		done
	done
}

# path_mode H1 H2: how a VM on H1 reaches a VM on H2.
path_mode()
{
	if [[ $1 == "$2" ]]; then
		echo local
	elif [[ ${HOST_NET[$1]} == "${HOST_NET[$2]}" ]]; then
		echo xlate
	else
		echo encap
	fi
}

# remote_of H PAN: the address a sender uses to reach PAN's VMs on H.
remote_of()
{
	if [[ $2 == 300 ]]; then
		echo "${PAN300_LOCAL[$1]}"
	elif [[ ${PAN_FAMILY[$2]} == 6 ]]; then
		echo "${HOST_IP6[$1]}"
	else
		echo "${HOST_IP4[$1]}"
	fi
}

# ---- setup ----------------------------------------------------------------

# setup_host H: H's switch, its VMs and its addressing table, as the
# controller of FIG. 3 would push it.
setup_host()
{
	local h=$1 pan vm g mode remote flood_uplink
	local -A remotes

	host_switch_add "$h" || return 1
	check_run hpsw "$h" switch set psw0 underlay "${HOST_IP4[$h]}" \
		underlay6 "${HOST_IP6[$h]}" || return 1
	check_run hpsw "$h" port add psw0 dev up0 uplink || return 1
	for pan in $(host_pans "$h"); do
		check_run hpsw "$h" pan add psw0 "$pan" || return 1
		if [[ $pan == 300 ]]; then
			check_run hpsw "$h" pan set psw0 300 pan-addr "${PAN300_LOCAL[$h]}" ||
				return 1
		fi
	done
	for vm in "${VMS[@]}"; do
		[[ ${VM_HOST[$vm]} == "$h" ]] || continue
		hvm_port_add "$h" "$vm" "${VM_PAN[$vm]}" "$(int_mac "$vm")" \
			"$(ext_mac "$vm")" "$(vm_ip "$vm")/24" || return 1
	done
	for pan in $(host_pans "$h"); do
		flood_uplink=0
		remotes=()
		for vm in $(pan_vms "$pan"); do
			g=${VM_HOST[$vm]}
			mode=$(path_mode "$h" "$g")
			case $mode in
			xlate)
				check_run hpsw "$h" entry add psw0 pan "$pan" \
					mac "$(int_mac "$vm")" xlate ext "$(ext_mac "$vm")" ||
					return 1
				flood_uplink=1
				;;
			encap)
				remote=$(remote_of "$g" "$pan")
				check_run hpsw "$h" entry add psw0 pan "$pan" \
					mac "$(int_mac "$vm")" encap "${PAN_ENCAP[$pan]}" \
					remote "$remote" || return 1
				remotes[$remote]=1
				;;
			esac
		done
		if ((flood_uplink)); then
			check_run hpsw "$h" pan set psw0 "$pan" flood add uplink || return 1
		fi
		for remote in "${!remotes[@]}"; do
			check_run hpsw "$h" pan set psw0 "$pan" flood add \
				remote "$remote" encap "${PAN_ENCAP[$pan]}" || return 1
		done
	done
}

# check_host_table H: what H's switch shows is the table setup pushed.
check_host_table()
{
	local h=$1 pan n_entries n_flood

	check_json hpsw "$h" -j switch show psw0 || return 1
	check_jq "$JSON" '.[0].local4 == $a and .[0].local6 == $b and
		.[0].vxlan_port == 4789' --arg a "${HOST_IP4[$h]}" --arg b "${HOST_IP6[$h]}"
	check_json hpsw "$h" -j entry show psw0 || return 1
	n_entries=$(jq '[.[] | select(.mode == "xlate" or .mode == "encap")] | length' <<<"$JSON")
	diag "$h: $(jq -r '[.[] | "\(.pan)/\(.mac | .[-2:]):\(.mode)"] | join(" ")' <<<"$JSON")"
	for pan in $(host_pans "$h"); do
		check_json hpsw "$h" -j pan show psw0 "$pan" || return 1
		n_flood=$(jq '.[0].flood | length' <<<"$JSON")
		((n_flood >= 1)) ||
			fail "$h: PAN $pan has an empty flood list" "  $JSON"
	done
	((n_entries >= 1)) || fail "$h: no xlate or encap entry"
}

setup()
{
	local h

	load_kmods veth bridge vxlan udp_tunnel ip6_udp_tunnel ip_gre ip6_gre
	fig3_underlay || return 1
	for h in "${HOSTS[@]}"; do
		setup_host "$h" || return 1
	done
	for h in "${HOSTS[@]}"; do
		check_host_table "$h" || return 1
	done
}

# ---- the hosts' own traffic ------------------------------------------------

case_host_pings()
{
	local from to

	for from in h1 h4; do
		for to in "${HOSTS[@]}"; do
			[[ $from == "$to" ]] && continue
			check_hping "$from" "${HOST_IP4[$to]}"
			check_hping "$from" "${HOST_IP6[$to]}"
		done
	done
	check_hping h3 "${HOST_IP4[h5]}"
	check_hping h5 "${HOST_IP6[h2]}"
	# A PAN 300 address is an address of its host too.
	check_hping h1 "${PAN300_LOCAL[h4]}"
}

# ---- isolation --------------------------------------------------------------

declare -A ISO=()

# vm_pkts VM: eth0's counters in VM.
vm_pkts()
{
	ip -n "$(vm_ns "$1")" -s link show dev eth0 2>&1
}

# other_pans H PAN: the stats objects of H's PANs but PAN (compact JSON).
other_pans()
{
	hpsw "$1" -j stats show psw0 2>&1 |
		jq -c --argjson p "$2" '[.[] | select(has("pan") and .pan != $p)]' 2>&1
}

# iso_snap PAN: every other PAN's stats on every host, and the counters
# of every other PAN's VMs.
iso_snap()
{
	local pan=$1 h vm

	ISO=()
	for h in "${HOSTS[@]}"; do
		ISO["host $h $pan"]=$(other_pans "$h" "$pan")
	done
	for vm in "${VMS[@]}"; do
		[[ ${VM_PAN[$vm]} == "$pan" ]] || ISO["vm $vm"]=$(vm_pkts "$vm")
	done
}

# iso_check: nothing iso_snap recorded has changed.
iso_check()
{
	local key now what name pan

	for key in "${!ISO[@]}"; do
		# "vm NAME" or "host HOST PAN"
		read -r what name pan <<<"$key"
		if [[ $what == vm ]]; then
			now=$(vm_pkts "$name")
			check_eq "$name's eth0 counters (a VM of another PAN)" \
				"${ISO[$key]}" "$now"
		else
			now=$(other_pans "$name" "$pan")
			check_eq "$name: every counter of every PAN but $pan: panswitch -n $(ns_of "$name") -j stats show psw0" \
				"${ISO[$key]}" "$now"
		fi
	done
}

# case_pan_pairs PAN: from a cold start (no neighbour known), every VM of
# PAN pings every other, then sends a broadcast; other PANs see nothing.
case_pan_pairs()
{
	local pan=$1 u v vms

	mapfile -t vms <<<"$(pan_vms "$pan")"
	iso_snap "$pan"
	flush_neigh "${vms[@]}"
	for u in "${vms[@]}"; do
		for v in "${vms[@]}"; do
			[[ $u == "$v" ]] || check_ping "$u" "$(vm_ip "$v")"
		done
	done
	send_broadcast "${vms[0]}" "$BCAST"
	iso_check
}

# ---- modes -------------------------------------------------------------------

# check_path U V: one ping U -> V (neighbours known: unicast only) goes the
# way the tables say, on both hosts, and no other way.
check_path()
{
	local u=$1 v=$2 pan=${VM_PAN[$1]} hu=${VM_HOST[$1]} hv=${VM_HOST[$2]}
	local mode other h specs=()

	mode=$(path_mode "$hu" "$hv")
	for h in "$hu" "$hv"; do
		specs+=("hpan:$h:$pan:xlate_tx" "hpan:$h:$pan:xlate_rx"
			"hpan:$h:$pan:encap_tx" "hpan:$h:$pan:encap_rx")
	done
	specs+=("hport:$hu:$u:tx_packets" "hport:$hv:$v:tx_packets")
	hsnap "${specs[@]}"
	check_ping "$u" "$(vm_ip "$v")" || return 1
	hnow "${specs[@]}"
	# Two echo requests to v, two replies to u.
	hexpect_delta "hport:$hv:$v:tx_packets" ge 2
	hexpect_delta "hport:$hu:$u:tx_packets" ge 2
	case $mode in
	local)
		diag "$u -> $v: local on $hu"
		for other in xlate_tx xlate_rx encap_tx encap_rx; do
			hexpect_delta "hpan:$hu:$pan:$other" eq 0
		done
		;;
	xlate | encap)
		other=$([[ $mode == xlate ]] && echo encap || echo xlate)
		diag "$u -> $v: $mode $hu -> $hv"
		hexpect_delta "hpan:$hu:$pan:${mode}_tx" ge 2
		hexpect_delta "hpan:$hv:$pan:${mode}_rx" ge 2
		hexpect_delta "hpan:$hv:$pan:${mode}_tx" ge 2
		hexpect_delta "hpan:$hu:$pan:${mode}_rx" ge 2
		for h in "$hu" "$hv"; do
			hexpect_delta "hpan:$h:$pan:${other}_tx" eq 0
			hexpect_delta "hpan:$h:$pan:${other}_rx" eq 0
		done
		;;
	esac
}

# case_pan_modes PAN: check_path for every pair of PAN's VMs.
case_pan_modes()
{
	local vms i j

	mapfile -t vms <<<"$(pan_vms "$1")"
	for ((i = 0; i < ${#vms[@]}; i++)); do
		for ((j = i + 1; j < ${#vms[@]}; j++)); do
			check_path "${vms[i]}" "${vms[j]}"
		done
	done
}

# ---- across PANs ---------------------------------------------------------------

# 198.51.100.4 is a4 (PAN 100, h1) and c4 (PAN 300, h5), not in PAN 200;
# b1 is on h1 and b3 on h5, next to a4 and c4.
case_other_pan_unreachable()
{
	iso_snap 200
	hsnap vm:b2:rx
	check_no_ping b1 198.51.100.4
	check_no_ping b3 198.51.100.4
	# The ARP requests went out, and reached PAN 200 (b2 on h3)...
	hexpect_delta vm:b2:rx ge 2
	# ...and nothing else.
	iso_check
}

require_tools
ensure_module
kmsg_mark
ktap_plan 10
run_setup "5 hosts, 2 networks, a router, 3 PANs, 11 VMs, per-host tables" setup
run_case "hosts' own IPv4/IPv6 addresses ping over the uplinks and the router" case_host_pings
run_case "PAN 100: every VM pair pings both ways; PANs 200/300 see no frame" case_pan_pairs 100
run_case "PAN 200: every VM pair pings both ways; PANs 100/300 see no frame" case_pan_pairs 200
run_case "PAN 300: every VM pair pings both ways; PANs 100/200 see no frame" case_pan_pairs 300
run_case "PAN 100 paths: local on h1, xlate h1-h2, VXLAN to/from h4" case_pan_modes 100
run_case "PAN 200 paths: xlate h1-h3, NVGRE over IPv6 to/from h5" case_pan_modes 200
run_case "PAN 300 paths: xlate h2-h3 and h4-h5, EtherIP between the networks" case_pan_modes 300
run_case "an address only other PANs have is unreachable; they see no frame" case_other_pan_unreachable
run_case "no kernel warnings" check_kernel_log
ktap_finish
