#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 89_mcast_fig6.sh - seed 000 FIG. 6 (issue 16): a PAN's broadcasts as ONE
# IP multicast copy to its group, across a router that routes multicast.
# Two physical networks joined by the router r, whose kernel multicast
# routing has static (S,G) entries for N2's group (psw_mroute.py: MRT_INIT,
# a vif per leg, MRT_ADD_MFC), none for N1's (N1 lives on one network).
# The networks' bridges snoop IGMP (as the physical network's switches
# would), with the router's ports as multicast router ports.
#
# Asserts: a broadcast (ping -b and arping) of N2 reaches every VM of N2
# on every host exactly once, no VM of N1, and no uplink of a host without
# N2's members (h3, h5: they do see N1's); the underlay carries one copy
# per segment (into the router on the sender's leg, out on the other, the
# router decrementing the TTL), against N-1 with head-end flood lists
# (the same PAN reconfigured; both numbers printed); N1's group stops at
# the router. When h4's last VM of N2 goes, h4 leaves N2's group (pan
# show, ip maddr, its IGMP leave on the wire, the bridge's snooping) and
# N2's next broadcast no longer reaches h4's uplink (h2's, on the same
# network, still does).
#
#                 router r: static MFC, N2's group only
#              eA 192.0.2.126/25            eB 192.0.2.254/25
#                    |                             |
#   PN1 netA (bridge, snooping)        PN2 netB (bridge, snooping)
#      |              |                |              |              |
#    h2 .2          h4 .4            h1 .129        h3 .131        h5 .133
#    n2b n2c (N2)   n2e (N2)         n2j (N2)       n1h (N1)       n1p (N1)
#                                    n1i (N1)
#
# Every switch has both PANs, N1 = PAN 100 (group G1) and N2 = PAN 200
# (G2), VXLAN, accept any: membership follows the vm ports only. Hosts as
# the seed's FIG. 6 has them (304a = h1, 304b = h2, ..., VM B = n2b).

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib_fig3.sh"

# the hosts' underlay device, for lib_mcast.sh's joined
MCAST_DEV=up0
# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib_mcast.sh"

# FIG. 6's networks: PN1 = {304b, 304d}, PN2 = {304a, 304c, 304e}.
# shellcheck disable=SC2034 # read by fig3_underlay
declare -A HOST_NET=([h1]=B [h2]=A [h3]=B [h4]=A [h5]=B)
# shellcheck disable=SC2034
declare -A HOST_IP4=([h1]=192.0.2.129 [h2]=192.0.2.2 [h3]=192.0.2.131
	[h4]=192.0.2.4 [h5]=192.0.2.133)
# shellcheck disable=SC2034
declare -A HOST_IP6=([h1]=2001:db8:b::1 [h2]=2001:db8:a::2 [h3]=2001:db8:b::3
	[h4]=2001:db8:a::4 [h5]=2001:db8:b::5)
# shellcheck disable=SC2034
declare -A PAN300_LOCAL=()

G1=239.1.1.100
G2=239.1.1.200
MROUTE=(python3 "$(dirname "$0")/psw_mroute.py")

# the VMs: name host PAN address
VM_LIST="n2b:h2:200:10.0.2.2 n2c:h2:200:10.0.2.3 n2e:h4:200:10.0.2.5
	n2j:h1:200:10.0.2.10 n1i:h1:100:10.0.1.9 n1h:h3:100:10.0.1.8
	n1p:h5:100:10.0.1.16"
N2_VMS=(n2b n2c n2e n2j)
N1_VMS=(n1i n1h n1p)
N2_HOSTS=(h1 h2 h4)

# snooped NET H GROUP: NET's bridge forwards GROUP to H's port.
snooped()
{
	bridge -n "$(ns_of "$1")" mdb show | grep -qE "port $2_up0 grp ${3//./\\.} "
}

not_snooped() { ! snooped "$@"; }

setup()
{
	local h spec vm host pan addr i=0 net mfc=() querier_t0

	load_kmods veth bridge udp_tunnel ip6_udp_tunnel vxlan
	fig3_underlay || return 1
	# IGMP snooping with the bridge as querier; the router's ports are
	# multicast router ports; a host's leave takes effect at once. Until
	# mcast_query_response_interval has passed since mcast_querier 1 (in
	# force before the querier starts: 1 s here, 10 s by default), the
	# bridge counts no querier and floods every multicast frame to every
	# port: the end of setup waits it out.
	for net in A B; do
		check_run ip -n "$(ns_of "net$net")" link set br0 type bridge \
			mcast_snooping 1 mcast_query_response_interval 100 &&
			check_run ip -n "$(ns_of "net$net")" link set br0 type bridge \
				mcast_querier 1 &&
			check_run ip -n "$(ns_of "net$net")" link set "r_e$net" \
				type bridge_slave mcast_router 2 || return 1
	done
	querier_t0=${EPOCHREALTIME/./}
	for h in "${HOSTS[@]}"; do
		check_run ip -n "$(ns_of "net${HOST_NET[$h]}")" link set "${h}_up0" \
			type bridge_slave mcast_fast_leave on || return 1
	done
	# N2's group between the networks, from each N2 host: (S, G2)
	for h in "${HOSTS[@]}"; do
		if [[ ${HOST_NET[$h]} == A ]]; then
			mfc+=("${HOST_IP4[$h]},$G2,eA,eB")
		else
			mfc+=("${HOST_IP4[$h]},$G2,eB,eA")
		fi
	done
	hexec r "${MROUTE[@]}" eA eB -- "${mfc[@]}" >"$TMPD/mroute.log" 2>&1 &
	defer kill $!
	if ! wait_until 300 grep -q '^ready' "$TMPD/mroute.log"; then
		fail "psw_mroute.py did not start" "  its output:"
		diag_output "$(cat "$TMPD/mroute.log")"
		return 1
	fi
	check_eq "r: mc_forwarding on eA" 1 \
		"$(hexec r cat /proc/sys/net/ipv4/conf/eA/mc_forwarding)" || return 1
	check_run ip -n "$(ns_of r)" mroute show || return 1
	diag_output "$OUT"
	for h in "${HOSTS[@]}"; do
		host_switch_add "$h" || return 1
		check_run hpsw "$h" switch set psw0 underlay "${HOST_IP4[$h]}" ||
			return 1
		for pan in 100:$G1 200:$G2; do
			check_run hpsw "$h" pan add psw0 "${pan%%:*}" &&
				check_run hpsw "$h" pan set psw0 "${pan%%:*}" accept any &&
				check_run hpsw "$h" pan set psw0 "${pan%%:*}" group "${pan#*:}" ||
				return 1
		done
	done
	for spec in $VM_LIST; do
		IFS=: read -r vm host pan addr <<<"$spec"
		i=$((i + 1))
		hvm_port_add "$host" "$vm" "$pan" "02:00:00:00:0$((pan / 100)):0$i" - \
			"$addr/24" || return 1
	done
	arping_cmd >/dev/null || { fail "no arping (iputils or busybox)"; return 1; }
	# the bridges' queriers count from 1 s after they were enabled
	while ((${EPOCHREALTIME/./} - querier_t0 < 1500000)); do
		sleep 0.1
	done
}

case_joins()
{
	local h

	for h in "${HOSTS[@]}"; do
		case $h in
		h1)
			joined h1 "$G1" || fail "h1 (N1) did not join $G1"
			joined h1 "$G2" || fail "h1 (N2) did not join $G2"
			;;
		h2 | h4)
			joined "$h" "$G2" || fail "$h (N2) did not join $G2"
			! joined "$h" "$G1" || fail "$h (no VM of N1) joined $G1"
			;;
		h3 | h5)
			joined "$h" "$G1" || fail "$h (N1) did not join $G1"
			! joined "$h" "$G2" || fail "$h (no VM of N2) joined $G2"
			;;
		esac
	done
	pan_joined h4 200 yes && pan_joined h4 100 no &&
		pan_joined h3 200 no && pan_joined h3 100 yes || return 1
	# the networks' switches learnt it from the IGMP reports
	if ! { wait_until 100 snooped netA h4 "$G2" &&
		wait_until 100 snooped netA h2 "$G2" &&
		wait_until 100 snooped netB h1 "$G2" &&
		wait_until 100 snooped netB h5 "$G1"; }; then
		fail "the bridges did not snoop the joins" \
			"  $(bridge -n "$(ns_of netA)" mdb show)" \
			"  $(bridge -n "$(ns_of netB)" mdb show)"
	fi
	if snooped netB h3 "$G2" || snooped netB h5 "$G2" ||
		snooped netA h2 "$G1"; then
		fail "a bridge forwards a group to a host that did not join it"
	fi
}

# send_bursts VM BCAST: two echo requests to the broadcast address and two
# ARP requests for an address no one has (no answer either way): four
# broadcast frames.
send_bursts()
{
	send_broadcast "$1" "$2"
	send_arping "$1" "${2%.*}.250"
}

# copies NAME GROUP [TTL]: VXLAN packets to GROUP (with that outer TTL) in
# capture NAME; copies NAME unicast: VXLAN packets to unicast addresses;
# copies NAME FILTER...: VXLAN packets that FILTER matches. One line per
# packet has ".4789: " (the outer header's; the inner frame's lines not).
copies()
{
	if [[ $2 == unicast ]]; then
		cap_read "$1" "not dst net 224.0.0.0/4" | grep -c '\.4789: '
	elif [[ -n ${3:-} && $3 =~ ^[0-9]+$ ]]; then
		# -v: "IP (tos 0x0, ttl 16, ...)", the inner one's TTL 64
		cap_read "$1" -v "dst host $2" | grep -c "ttl $3,"
	elif [[ $2 =~ ^[0-9.]+$ ]]; then
		cap_read "$1" "dst host $2" | grep -c '\.4789: '
	else
		cap_read "$@" | grep -c '\.4789: '
	fi
}

# vm_specs: every VM's eth0 rx counter.
vm_specs()
{
	local vm

	for vm in "${N2_VMS[@]}" "${N1_VMS[@]}"; do
		echo "vm:$vm:rx"
	done
}

case_n2_broadcast()
{
	local specs name vm n ok=1

	mapfile -t specs <<<"$(vm_specs)"
	for name in h1 h2 h3 h4 h5; do
		cap_start "u$name" "$name" up0 udp port 4789 || return 1
	done
	cap_start rA r eA udp port 4789 && cap_start rB r eB udp port 4789 ||
		return 1
	snap "${specs[@]}"
	# VM B (n2b on h2) broadcasts in N2, then H (n1h on h3) in N1
	send_bursts n2b 10.0.2.255 || { fail "arping failed in n2b"; return 1; }
	send_bursts n1h 10.0.1.255 || { fail "arping failed in n1h"; return 1; }
	for name in h1 h2 h3 h4 h5; do
		cap_stop "u$name"
	done
	cap_stop rA
	cap_stop rB
	diag "N2's 4 frames from h2: $(copies uh2 "$G2") copies to $G2 and $(copies uh2 unicast) unicast on h2's up0;" \
		"router: $(copies rA "$G2" 16) in on eA (TTL 16), $(copies rB "$G2" 15) out on eB (TTL 15)"
	diag "N1's 4 frames from h3: $(copies uh3 "$G1") copies to $G1 on h3's up0;" \
		"router: $(copies rB "$G1") in on eB, $(copies rA "$G1") out on eA"
	# every VM of N2 but the sender got each frame once; N1's VMs, N1's
	for vm in n2c n2e n2j n1i n1p; do
		expect_delta "vm:$vm:rx" eq 4 || ok=0
	done
	expect_delta vm:n2b:rx eq 0 && expect_delta vm:n1h:rx eq 0 || ok=0
	((ok)) || return 1
	# one copy per frame on each segment: out of h2, into r on eA (TTL
	# 16), out of r on eB (TTL 15: routed), no head-end copy
	check_eq "N2 copies to $G2 on h2's up0" 4 "$(copies uh2 "$G2")" &&
		check_eq "N2 unicast copies on h2's up0" 0 "$(copies uh2 unicast)" &&
		check_eq "N2 copies into r on eA, TTL 16" 4 "$(copies rA "$G2" 16)" &&
		check_eq "N2 copies out of r on eB, TTL 15" 4 "$(copies rB "$G2" 15)" &&
		check_eq "N2 copies on r's eA, any TTL" 4 "$(copies rA "$G2")" &&
		check_eq "N2 copies on r's eB, any TTL" 4 "$(copies rB "$G2")" || return 1
	# N2's hosts' uplinks got them (h4 on PN1, h1 on PN2 through r)...
	check_eq "N2 copies on h4's up0" 4 "$(copies uh4 "$G2")" &&
		check_eq "N2 copies on h1's up0" 4 "$(copies uh1 "$G2")" || return 1
	# ...h3's and h5's none, while they carry N1's: h3 sent, h5 received
	check_eq "N2 copies on h3's up0" 0 "$(copies uh3 "$G2")" &&
		check_eq "N2 copies on h5's up0" 0 "$(copies uh5 "$G2")" &&
		check_eq "N1 copies on h3's up0" 4 "$(copies uh3 "$G1")" &&
		check_eq "N1 copies on h5's up0" 4 "$(copies uh5 "$G1")" &&
		check_eq "N1 copies on h1's up0" 4 "$(copies uh1 "$G1")" || return 1
	# N1's group stops at the router: in on eB, not out on eA
	check_eq "N1 copies into r on eB" 4 "$(copies rB "$G1")" &&
		check_eq "N1 copies out of r on eA" 0 "$(copies rA "$G1")" &&
		check_eq "N1 copies on h2's up0" 0 "$(copies uh2 "$G1")" &&
		check_eq "N1 copies on h4's up0" 0 "$(copies uh4 "$G1")" || return 1
	n=$(($(copies rA unicast) + $(copies rB unicast)))
	check_eq "unicast VXLAN at the router" 0 "$n"
}

# measure MODE: a burst of n2j (h1, PN2) in N2; MEASURED=(H1 IN OUT H4):
# h1's VXLAN packets on h1's up0, into r on eB, out of r on eA, and those
# to the group or to h4 at h4's up0. Checks that every VM of N2 got each
# frame exactly once.
MEASURED=()
measure()
{
	local specs vm src="src host ${HOST_IP4[h1]}"

	mapfile -t specs <<<"$(vm_specs)"
	cap_start "m$1h1" h1 up0 udp port 4789 && cap_start "m$1B" r eB udp port 4789 &&
		cap_start "m$1A" r eA udp port 4789 &&
		cap_start "m$1h4" h4 up0 udp port 4789 || return 1
	snap "${specs[@]}"
	send_bursts n2j 10.0.2.255 || { fail "arping failed in n2j"; return 1; }
	cap_stop "m$1h1"
	cap_stop "m$1B"
	cap_stop "m$1A"
	cap_stop "m$1h4"
	for vm in n2b n2c n2e; do
		expect_delta "vm:$vm:rx" eq 4 || return 1
	done
	for vm in n2j "${N1_VMS[@]}"; do
		expect_delta "vm:$vm:rx" eq 0 || return 1
	done
	MEASURED=("$(copies "m$1h1" "$src")" "$(copies "m$1B" "$src")"
		  "$(copies "m$1A" "$src")"
		  "$(copies "m$1h4" "$src and (dst host $G2 or dst host ${HOST_IP4[h4]})")")
	return 0
}

# n2_mode group|flood: N2 on h1, h2 and h4 delivers by its group, or by
# head-end flood lists (each of the three hosts lists the other two).
n2_mode()
{
	local h r

	for h in "${N2_HOSTS[@]}"; do
		for r in "${N2_HOSTS[@]}"; do
			[[ $r == "$h" ]] && continue
			if [[ $1 == flood ]]; then
				check_run hpsw "$h" pan set psw0 200 flood add \
					remote "${HOST_IP4[$r]}" encap vxlan || return 1
			else
				check_run hpsw "$h" pan set psw0 200 flood del \
					remote "${HOST_IP4[$r]}" encap vxlan || return 1
			fi
		done
		if [[ $1 == flood ]]; then
			check_run hpsw "$h" pan set psw0 200 group none || return 1
		else
			check_run hpsw "$h" pan set psw0 200 group "$G2" || return 1
		fi
	done
	[[ $1 == group ]] || return 0
	if ! { wait_until 100 snooped netA h2 "$G2" &&
		wait_until 100 snooped netA h4 "$G2" &&
		wait_until 100 snooped netB h1 "$G2"; }; then
		fail "the bridges did not snoop N2's joins again"
	fi
}

case_group_vs_flood()
{
	local g f

	measure group || return 1
	g=("${MEASURED[@]}")
	n2_mode flood || return 1
	measure flood || return 1
	f=("${MEASURED[@]}")
	n2_mode group || return 1
	diag "N2, 4 broadcast frames from h1 (PN2) to h2 and h4 (PN1), VXLAN packets:"
	diag "  group $G2:  h1's up0 ${g[0]}, into r on eB ${g[1]}, out of r on eA ${g[2]}, at h4's up0 ${g[3]}"
	diag "  flood list: h1's up0 ${f[0]}, into r on eB ${f[1]}, out of r on eA ${f[2]}, at h4's up0 ${f[3]}"
	diag "  per frame and segment: group $((g[1] / 4)) (PN2) and $((g[2] / 4)) (PN1), flood list $((f[1] / 4)) and $((f[2] / 4)) (N-1 = 2)"
	check_eq "group: copies out of h1" 4 "${g[0]}" &&
		check_eq "group: copies into r on eB" 4 "${g[1]}" &&
		check_eq "group: copies out of r on eA" 4 "${g[2]}" &&
		check_eq "group: copies seen at h4's up0" 4 "${g[3]}" &&
		check_eq "flood list: copies out of h1" 8 "${f[0]}" &&
		check_eq "flood list: copies into r on eB" 8 "${f[1]}" &&
		check_eq "flood list: copies out of r on eA" 8 "${f[2]}" &&
		check_eq "flood list: copies for h4 at h4's up0" 4 "${f[3]}"
}

case_leave()
{
	local specs

	# positive controls first: h4 and h2 are members, h4's uplink gets it
	if ! joined h4 "$G2" || ! joined h2 "$G2"; then
		fail "h4 or h2 is no member of $G2"
		return 1
	fi
	cap_start lv h4 up0 igmp || return 1
	check_run hpsw h4 port del psw0 dev n2e || return 1
	pan_joined h4 200 no || return 1
	! joined h4 "$G2" || fail "h4 is still a member of $G2 without a VM of N2"
	joined h2 "$G2" || fail "h2 left $G2"
	wait_until 100 not_snooped netA h4 "$G2" ||
		fail "netA's bridge still forwards $G2 to h4"
	snooped netA h2 "$G2" || fail "netA's bridge no longer forwards $G2 to h2"
	wait_until 50 leave_seen lv "$G2"
	cap_stop lv
	diag_output "$(cap_read lv -v)"
	leave_seen lv "$G2" || { fail "no IGMP leave of $G2 from h4"; return 1; }
	# N2's next broadcast (from h1): h2's uplink still gets it, h4's not
	specs=(vm:n2b:rx vm:n2c:rx hsw:h4:drops.mcast_no_port hsw:h4:rx_packets)
	cap_start l4 h4 up0 udp port 4789 && cap_start l2 h2 up0 udp port 4789 &&
		cap_start lA r eA udp port 4789 || return 1
	hsnap "${specs[@]}"
	send_bursts n2j 10.0.2.255 || { fail "arping failed in n2j"; return 1; }
	hnow "${specs[@]}"
	cap_stop l4
	cap_stop l2
	cap_stop lA
	diag "after h4 left: r sent $(copies lA "$G2") copies of N2's 4 frames into PN1 (static MFC);" \
		"h2's up0 got $(copies l2 "$G2"), h4's up0 $(copies l4 "$G2") (the bridge's snooping)"
	check_eq "N2 copies out of r on eA" 4 "$(copies lA "$G2")" &&
		check_eq "N2 copies on h2's up0" 4 "$(copies l2 "$G2")" &&
		check_eq "N2 copies on h4's up0" 0 "$(copies l4 "$G2")" || return 1
	hexpect_delta vm:n2b:rx eq 4 && hexpect_delta vm:n2c:rx eq 4 &&
		hexpect_delta hsw:h4:drops.mcast_no_port eq 0 &&
		hexpect_delta hsw:h4:rx_packets eq 0
}

require_tools
ensure_module
kmsg_mark
ktap_plan 6
run_setup "FIG. 6: 5 hosts on 2 snooping networks, a multicast router, N1 and N2" setup
run_case "each host joined the groups of its VMs' PANs only; the bridges snooped it" case_joins
run_case "N2's broadcast reaches N2's VMs once each, one copy per segment, not h3/h5; N1's stops at the router" case_n2_broadcast
run_case "one copy per segment with the group, N-1 with flood lists (both measured)" case_group_vs_flood
run_case "h4's last VM of N2 goes: h4 leaves, N2's next broadcast misses h4's uplink only" case_leave
run_case "no kernel warnings" check_kernel_log
ktap_finish
