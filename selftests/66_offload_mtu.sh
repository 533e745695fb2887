#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 66_offload_mtu.sh - big frames through encap entries.
#   TCP      4 MiB sent with socat from a VM on h1 to a VM on h2 arrive
#            intact (size and SHA-256) over VXLAN, NVGRE and EtherIP. For
#            VXLAN and NVGRE the underlay carries GSO packets larger than
#            its MTU (captured on h1's u0: TCP was not segmented before
#            encapsulation); for EtherIP, which has no offload, none is.
#   PMTU     with the underlay at MTU 1400, a ping with DF that does not
#            fit is dropped (drops.frag_needed, port and PAN) and the VM
#            gets "fragmentation needed" / "packet too big" with the MTU
#            left for the inner packet, which its route then uses; a ping
#            of exactly that size passes:
#              VXLAN/IPv4 1400 - 50 = 1350    NVGRE/IPv4 1400 - 42 = 1358
#              EtherIP/IPv4 1400 - 36 = 1364  VXLAN/IPv6 1400 - 70 = 1330
#
#   h1: psw0 local 192.0.2.1, 2001:db8::1       h2: psw0 local .2, ::2
#       u0 ------------------- veth ------------------- u0
#       t1 PAN 100 ~~~~~~~~ VXLAN over IPv4 ~~~~~~~~~~~ t2
#       g1 PAN 200 ~~~~~~~~ NVGRE over IPv4 ~~~~~~~~~~~ g2
#       e1 PAN 300 ~~~~~~~~ EtherIP (192.0.2.31 <-> .32) e2
#       s1 PAN 400 ~~~~~~~~ VXLAN over IPv6 ~~~~~~~~~~~ s2 (IPv6 inside)
#
# VMs on h1: 02:00:00:00:00:01, 198.51.100.1/24 or 2001:db8:400::1/64;
# on h2: 02:00:00:00:00:02, 198.51.100.2/24 or 2001:db8:400::2/64. No
# uplink: encapsulated frames are routed by each host's own stack.

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

M1=02:00:00:00:00:01
M2=02:00:00:00:00:02
IP1=198.51.100.1
IP2=198.51.100.2
IN6_1=2001:db8:400::1
IN6_2=2001:db8:400::2
H1=192.0.2.1
H2=192.0.2.2
H1_6=2001:db8::1
H2_6=2001:db8::2
EIP1=192.0.2.31
EIP2=192.0.2.32
DATA_BYTES=4194304
DATA=""

# encap_pan PAN ENCAP REMOTE1 REMOTE2 VM1 VM2 [IPv6]: VM1 on h1 and VM2 on
# h2 in PAN; h1 sends to REMOTE2, h2 to REMOTE1.
encap_pan()
{
	local pan=$1 encap=$2 r1=$3 r2=$4 vm1=$5 vm2=$6 a1="$IP1/24" a2="$IP2/24"
	local b1="" b2=""

	if [[ ${7:-} == IPv6 ]]; then
		a1=- a2=- b1=$IN6_1/64 b2=$IN6_2/64
	fi
	check_run hpsw h1 pan add psw0 "$pan" && check_run hpsw h2 pan add psw0 "$pan" ||
		return 1
	hvm_port_add h1 "$vm1" "$pan" "$M1" - "$a1" "$b1" &&
		hvm_port_add h2 "$vm2" "$pan" "$M2" - "$a2" "$b2" || return 1
	check_run hpsw h1 entry add psw0 pan "$pan" mac "$M2" encap "$encap" remote "$r2" &&
		check_run hpsw h2 entry add psw0 pan "$pan" mac "$M1" encap "$encap" remote "$r1" &&
		check_run hpsw h1 pan set psw0 "$pan" flood add remote "$r2" encap "$encap" &&
		check_run hpsw h2 pan set psw0 "$pan" flood add remote "$r1" encap "$encap"
}

setup()
{
	load_kmods veth udp_tunnel ip6_udp_tunnel
	host_add h1 && host_add h2 || return 1
	link_pair h1 u0 02:aa:00:00:00:01 h2 u0 02:aa:00:00:00:02 || return 1
	host_addr h1 u0 "$H1"/24 "$H1_6"/64 "$EIP1"/24 &&
		host_addr h2 u0 "$H2"/24 "$H2_6"/64 "$EIP2"/24 || return 1
	host_switch_add h1 && host_switch_add h2 || return 1
	check_run hpsw h1 switch set psw0 underlay "$H1" underlay6 "$H1_6" &&
		check_run hpsw h2 switch set psw0 underlay "$H2" underlay6 "$H2_6" || return 1
	encap_pan 100 vxlan "$H1" "$H2" t1 t2 &&
		encap_pan 200 nvgre "$H1" "$H2" g1 g2 &&
		encap_pan 400 vxlan "$H1_6" "$H2_6" s1 s2 IPv6 || return 1
	# EtherIP: h1 sends to PAN 300's address on h2, h2 to the one on h1.
	encap_pan 300 etherip "$EIP1" "$EIP2" e1 e2 &&
		check_run hpsw h1 pan set psw0 300 pan-addr "$EIP1" &&
		check_run hpsw h2 pan set psw0 300 pan-addr "$EIP2" || return 1
	DATA=$TMPD/data
	head -c "$DATA_BYTES" /dev/urandom >"$DATA" ||
		fail "cannot write $DATA_BYTES random bytes to $DATA"
}

# vm_mtu MTU VM...: eth0's MTU in each VM.
vm_mtu()
{
	local mtu=$1 vm
	shift

	for vm in "$@"; do
		check_run ip -n "$(vm_ns "$vm")" link set eth0 mtu "$mtu" || return 1
	done
}

# frame_lengths CAP [FILTER...]: the wire length of each captured frame.
frame_lengths()
{
	local cap=$1
	shift

	cap_read "$cap" -e "$@" |
		sed -n 's/^[^,]*, ethertype [^,]*, length \([0-9]*\):.*/\1/p'
}

# case_tcp PAN VM1 VM2 WHAT GSO FILTER...: VM1 sends to VM2 through PAN
# (the VMs at MTU 1400, so that every inner segment fits the underlay),
# captured on h1's u0 with FILTER. GSO yes: some packet on the wire is
# larger than u0's MTU; no: none is.
case_tcp()
{
	local rc=0

	vm_mtu 1400 "$2" "$3" || return 1
	tcp_body "$@" || rc=$?
	# Back to 1500 for the PMTU cases.
	vm_mtu 1500 "$2" "$3"
	return "$rc"
}

tcp_body()
{
	local pan=$1 vm1=$2 vm2=$3 gso=$4 lengths n_all n_big max sum
	shift 4

	hsnap "hpan:h1:$pan:encap_tx" "hpan:h2:$pan:encap_rx"
	cap_start "tcp$pan" h1 u0 -s 128 "$@" || return 1
	check_transfer "$DATA" "$vm1" "$vm2" "$IP2" $((5000 + pan))
	cap_stop "tcp$pan"
	hnow "hpan:h1:$pan:encap_tx" "hpan:h2:$pan:encap_rx"
	hexpect_delta "hpan:h1:$pan:encap_tx" ge 1
	hexpect_delta "hpan:h2:$pan:encap_rx" ge 1
	lengths=$(frame_lengths "tcp$pan")
	n_all=$(grep -c . <<<"$lengths")
	n_big=$(awk '$1 > 1514' <<<"$lengths" | grep -c .)
	max=$(sort -n <<<"$lengths" | tail -1)
	sum=$(awk '{ s += $1 } END { print s + 0 }' <<<"$lengths")
	diag "on h1's u0 (MTU 1500): $n_all encapsulated frames, $sum bytes," \
		"$n_big longer than 1514 bytes, the longest ${max:-0}"
	# The capture saw (most of) the transfer, or it proves nothing.
	if ((sum < DATA_BYTES / 2)); then
		fail "the capture on h1's u0 has $n_all frames, $sum bytes, for $DATA_BYTES bytes sent"
		return 1
	fi
	if [[ $gso == yes ]] && ((n_big == 0)); then
		fail "no frame on the underlay is longer than its MTU: TCP was segmented before encapsulation" \
			"  expected: GSO packets (length > 1514) on h1's u0"
	elif [[ $gso == no ]] && ((n_big > 0)); then
		fail "$n_big frames on the underlay are longer than its MTU (longest $max)" \
			"  expected: EtherIP segmented before encapsulation, every frame <= 1514"
	fi
}

case_tcp_vxlan() { case_tcp 100 t1 t2 yes udp port 4789; }
case_tcp_nvgre() { case_tcp 200 g1 g2 yes proto gre; }
case_tcp_etherip() { case_tcp 300 e1 e2 no ip proto 97; }

# case_pmtu PAN VM DEST MTU: with the underlay at 1400, VM's ping of 1428
# (IPv4) or 1448 (IPv6) bytes with DF is refused with MTU, and one of MTU
# bytes passes.
case_pmtu()
{
	local pan=$1 vm=$2 dest=$3 mtu=$4 ns fam=() hdr=28 out rc=0

	ns=$(vm_ns "$vm")
	if [[ $dest == *:* ]]; then
		fam=(-6)
		hdr=48
	fi
	check_run hexec h1 ip link set u0 mtu 1400 &&
		check_run hexec h2 ip link set u0 mtu 1400 || return 1
	ip -n "$ns" "${fam[@]}" route flush cache >/dev/null 2>&1
	# The neighbour first, with a small ping.
	check_ping "$vm" "$dest" || return 1
	hsnap "hpan:h1:$pan:drops.frag_needed" "hport:h1:$vm:drops.frag_needed"
	out=$(ip netns exec "$ns" ping "${fam[@]}" -Mdo -s 1400 -c 2 -i 0.3 -W 2 "$dest" 2>&1) ||
		rc=$?
	if ((rc == 0)); then
		fail "a ping of 1400 bytes with DF got through an underlay of MTU 1400" \
			"  output:"
		diag_output "$out"
	fi
	check_match "ping -Mdo -s 1400 learns the MTU $mtu from the switch's ICMP error" \
		"mtu ?[=:] ?$mtu([^0-9]|\$)" "$out"
	hexpect_delta "hpan:h1:$pan:drops.frag_needed" ge 1
	hexpect_delta "hport:h1:$vm:drops.frag_needed" ge 1
	check_match "$vm's route to $dest has the MTU (ip route get)" "mtu $mtu([^0-9]|\$)" \
		"$(ip -n "$ns" "${fam[@]}" route get "$dest" 2>&1)"
	# Exactly MTU bytes fit.
	check_run ip netns exec "$ns" ping "${fam[@]}" -Mdo -s $((mtu - hdr)) -c 2 -i 0.2 -W 2 "$dest"
}

case_pmtu_vxlan4() { case_pmtu 100 t1 "$IP2" 1350; }
case_pmtu_nvgre4() { case_pmtu 200 g1 "$IP2" 1358; }
case_pmtu_etherip4() { case_pmtu 300 e1 "$IP2" 1364; }
case_pmtu_vxlan6() { case_pmtu 400 s1 "$IN6_2" 1330; }

require_tools
ensure_module
kmsg_mark
ktap_plan 9
run_setup "2 hosts, VXLAN, NVGRE, EtherIP PANs (IPv4) and VXLAN over IPv6" setup
run_case "TCP over VXLAN: 4 MiB intact; GSO packets larger than the MTU on the wire" case_tcp_vxlan
run_case "TCP over NVGRE: 4 MiB intact; GSO packets larger than the MTU on the wire" case_tcp_nvgre
run_case "TCP over EtherIP: 4 MiB intact; segmented, nothing larger than the MTU" case_tcp_etherip
run_case "PMTU VXLAN/IPv4: frag needed, mtu 1350 (1400 - 50), frag_needed counted" case_pmtu_vxlan4
run_case "PMTU NVGRE/IPv4: frag needed, mtu 1358 (1400 - 42), frag_needed counted" case_pmtu_nvgre4
run_case "PMTU EtherIP/IPv4: frag needed, mtu 1364 (1400 - 36), frag_needed counted" case_pmtu_etherip4
run_case "PMTU VXLAN/IPv6, IPv6 inside: packet too big, mtu 1330 (1400 - 70)" case_pmtu_vxlan6
run_case "no kernel warnings" check_kernel_log
ktap_finish
