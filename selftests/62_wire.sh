#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 62_wire.sh - what each mode puts on the physical network, captured with
# tcpdump on the bridge port of h2's uplink:
#   xlate    only external MACs, in the Ethernet header and in ARP and
#            IPv6 neighbour discovery payloads; no extra header (a frame is
#            as long on the wire as in the VM). The VMs' neighbour tables
#            hold the internal MACs all the same.
#   VXLAN    UDP to port 4789, VNI = PAN id.
#   NVGRE    GRE with only the key flag, key = PAN id << 8, protocol TEB
#            (0x6558).
#   EtherIP  IP protocol 97, no UDP, the 2-byte header 0x3000, from the
#            sending PAN's address to the receiving PAN's.
#
#                        net (bridge br0; capture on port h2_up0)
#                 |                                           |
#       up0 192.0.2.1/24 (uplink)                  up0 192.0.2.2/24 (uplink)
#       + .71 (PAN 700's address)                  + .72 (PAN 700's address)
#   h1: psw0 local 192.0.2.1                   h2: psw0 local 192.0.2.2
#       x1 PAN 100 ........ xlate ..................... x2 PAN 100
#       v1 PAN 5000 ....... VXLAN ..................... v2 PAN 5000
#       n1 PAN 6000 ....... NVGRE ..................... n2 PAN 6000
#       e1 PAN 700 ........ EtherIP ................... e2 PAN 700
#
# x1/x2: internal MACs 02:1a:1a:00:00:01/02, external 02:ee:00:00:00:01/02,
# 198.51.100.1/2 and 2001:db8:100::1/2. The other VMs: 02:00:00:00:00:01/02
# and 198.51.100.1/2 in each PAN.

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

XI1=02:1a:1a:00:00:01	# internal MACs of x1, x2
XI2=02:1a:1a:00:00:02
XE1=02:ee:00:00:00:01	# their external MACs
XE2=02:ee:00:00:00:02
XE2N=02:ee:00:00:00:22	# x2's external MAC in h1's replaced entry
M1=02:00:00:00:00:01
M2=02:00:00:00:00:02
IP1=198.51.100.1
IP2=198.51.100.2
IP6_1=2001:db8:100::1
IP6_2=2001:db8:100::2
H1=192.0.2.1
H2=192.0.2.2
PAN_XLATE=100
PAN_VXLAN=5000
PAN_NVGRE=6000
PAN_EIP=700
EIP1=192.0.2.71		# PAN 700's own addresses on h1 and h2
EIP2=192.0.2.72
CAPDEV=h2_up0		# h2's uplink, on the bridge side

setup()
{
	load_kmods veth bridge
	l2net_add net || return 1
	host_add h1 && host_add h2 || return 1
	l2net_attach net h1 up0 02:aa:00:00:00:01 &&
		l2net_attach net h2 up0 02:aa:00:00:00:02 || return 1
	host_addr h1 up0 "$H1/24" "$EIP1/24" &&
		host_addr h2 up0 "$H2/24" "$EIP2/24" || return 1
	host_switch_add h1 && host_switch_add h2 || return 1
	for pan in $PAN_XLATE $PAN_VXLAN $PAN_NVGRE $PAN_EIP; do
		check_run hpsw h1 pan add psw0 "$pan" && check_run hpsw h2 pan add psw0 "$pan" ||
			return 1
	done
	check_run hpsw h1 switch set psw0 underlay "$H1" &&
		check_run hpsw h2 switch set psw0 underlay "$H2" || return 1

	# xlate
	check_run hpsw h1 port add psw0 dev up0 uplink &&
		check_run hpsw h2 port add psw0 dev up0 uplink || return 1
	hvm_port_add h1 x1 "$PAN_XLATE" "$XI1" "$XE1" "$IP1/24" "$IP6_1/64" &&
		hvm_port_add h2 x2 "$PAN_XLATE" "$XI2" "$XE2" "$IP2/24" "$IP6_2/64" || return 1
	check_run hpsw h1 entry add psw0 pan "$PAN_XLATE" mac "$XI2" xlate ext "$XE2" &&
		check_run hpsw h2 entry add psw0 pan "$PAN_XLATE" mac "$XI1" xlate ext "$XE1" &&
		check_run hpsw h1 pan set psw0 "$PAN_XLATE" flood add uplink &&
		check_run hpsw h2 pan set psw0 "$PAN_XLATE" flood add uplink || return 1

	# VXLAN and NVGRE
	setup_encap_pan v "$PAN_VXLAN" vxlan "$H1" "$H2" || return 1
	setup_encap_pan n "$PAN_NVGRE" nvgre "$H1" "$H2" || return 1
	# EtherIP: each side sends to the other PAN's address.
	check_run hpsw h1 pan set psw0 "$PAN_EIP" pan-addr "$EIP1" &&
		check_run hpsw h2 pan set psw0 "$PAN_EIP" pan-addr "$EIP2" || return 1
	setup_encap_pan e "$PAN_EIP" etherip "$EIP1" "$EIP2"
}

# setup_encap_pan PREFIX PAN ENCAP ADDR1 ADDR2: VMs PREFIX1 on h1 and
# PREFIX2 on h2 in PAN, each host's table sending ENCAP to the other's ADDR.
setup_encap_pan()
{
	local p=$1 pan=$2 encap=$3 a1=$4 a2=$5

	hvm_port_add h1 "${p}1" "$pan" "$M1" - "$IP1/24" &&
		hvm_port_add h2 "${p}2" "$pan" "$M2" - "$IP2/24" || return 1
	check_run hpsw h1 entry add psw0 pan "$pan" mac "$M2" encap "$encap" remote "$a2" &&
		check_run hpsw h2 entry add psw0 pan "$pan" mac "$M1" encap "$encap" remote "$a1" &&
		check_run hpsw h1 pan set psw0 "$pan" flood add remote "$a2" encap "$encap" &&
		check_run hpsw h2 pan set psw0 "$pan" flood add remote "$a1" encap "$encap"
}

# count_lines TEXT: number of non-empty lines.
count_lines()
{
	grep -c . <<<"$1"
}

# check_count WHAT MIN TEXT [SHOWN]: TEXT has at least MIN lines; SHOWN (the
# whole capture, say) is printed when it has not.
check_count()
{
	local n

	n=$(count_lines "$3")
	if ((n < $2)); then
		fail "$1" "  expected: at least $2 matching frames" "  actual:   $n; the capture:"
		diag_output "${4:-$3}"
		return 1
	fi
}

# check_neigh VM ADDR MAC: VM's neighbour entry for ADDR has MAC.
check_neigh()
{
	local got

	got=$(ip -n "$(vm_ns "$1")" -j neigh show "$2" dev eth0 | jq -r '.[0].lladdr // "none"')
	check_eq "$1's neighbour entry for $2 (ip -n $(vm_ns "$1") neigh show $2)" "$3" "$got"
}

# no_mac_anywhere CAP MAC...: not one byte sequence of any frame of the
# capture CAP is one of the MACs.
no_mac_anywhere()
{
	local cap=$1 mac bytes hits
	shift

	bytes=$(cap_bytes "$cap")
	check_count "capture $cap is not empty" 1 "$bytes" || return 1
	for mac in "$@"; do
		hits=$(grep -F -- "$(mac_bytes "$mac")" <<<"$bytes")
		if [[ -n $hits ]]; then
			fail "internal MAC $mac is on the physical network" "  frames (hex):"
			diag_output "$hits"
			diag "  decoded:"
			diag_output "$(cap_read "$cap" -e -v | head -40)"
		fi
	done
}

# ---- xlate -----------------------------------------------------------------

case_xlate_arp()
{
	flush_neigh x1 x2
	cap_start xarp net "$CAPDEV" || return 1
	check_ping x1 "$IP2"
	cap_stop xarp
	# The VMs learnt each other's internal MACs...
	check_neigh x1 "$IP2" "$XI2"
	check_neigh x2 "$IP1" "$XI1"
	# ...from ARP frames that carried only external ones.
	no_mac_anywhere xarp "$XI1" "$XI2"
	local arp
	arp=$(cap_read xarp -e arp)
	check_count "ARP request on the wire from x1's external MAC, broadcast" 1 \
		"$(grep -E "^.* $XE1 > ff:ff:ff:ff:ff:ff, ethertype ARP .*Request who-has $IP2 tell $IP1" <<<"$arp")" "$arp"
	check_count "ARP reply on the wire: x2 is-at its external MAC" 1 \
		"$(grep -E "^.* $XE2 > $XE1, ethertype ARP .*Reply $IP2 is-at $XE2" <<<"$arp")" "$arp"
	# The sender hardware address in the request's payload (bytes 22-27
	# of the frame) is x1's external MAC.
	local sha
	sha=$(cap_bytes xarp arp | awk '$13 == "08" && $14 == "06" && $22 == "01" {
		print $23 ":" $24 ":" $25 ":" $26 ":" $27 ":" $28; exit }')
	check_eq "sender MAC inside the ARP request on the wire" "$XE1" "$sha"
}

case_xlate_ip()
{
	local icmp

	cap_start xip net "$CAPDEV" || return 1
	check_ping x1 "$IP2"
	cap_stop xip
	no_mac_anywhere xip "$XI1" "$XI2"
	icmp=$(cap_read xip -e icmp)
	# 98 bytes: the VM's frame (14 + 20 + 64), nothing added.
	check_count "echo requests on the wire: external MACs, plain IPv4, 98 bytes" 2 \
		"$(grep -E "^.* $XE1 > $XE2, ethertype IPv4 \(0x0800\), length 98: $IP1 > $IP2: ICMP echo request" <<<"$icmp")" "$icmp"
	check_count "echo replies on the wire: external MACs, plain IPv4, 98 bytes" 2 \
		"$(grep -E "^.* $XE2 > $XE1, ethertype IPv4 \(0x0800\), length 98: $IP2 > $IP1: ICMP echo reply" <<<"$icmp")" "$icmp"
	check_no_match "no encapsulation on the wire during an xlate ping" \
		'UDP|VXLAN|GRE|ip-proto-97' "$(cap_read xip)"
}

# An xlate entry replaced under traffic: the frames that follow leave with
# the new external MAC, none with the old one after the first with the new;
# the reverse table follows too: x2's echo requests to x1, from x2's
# external MAC that no entry of h1 has any more, become unknown_src drops
# on h1's uplink. Then the entry is put back and the ping goes through.
case_xlate_replace()
{
	local pid1 pid2 icmp dsts first_new last_old n_old n_new before after

	check_ping x1 "$IP2" && check_ping x2 "$IP1" || return 1
	before=$(hpsw h1 -j stats show psw0 port up0 | jq '.[0].drops.unknown_src')
	cap_start xrep net "$CAPDEV" icmp || return 1
	ip netns exec "$(vm_ns x1)" ping -q -i 0.02 -w 30 "$IP2" >/dev/null 2>&1 &
	pid1=$!
	defer kill "$pid1"
	ip netns exec "$(vm_ns x2)" ping -q -i 0.02 -w 30 "$IP1" >/dev/null 2>&1 &
	pid2=$!
	defer kill "$pid2"
	sleep 1
	check_run hpsw h1 entry replace psw0 pan "$PAN_XLATE" mac "$XI2" xlate ext "$XE2N"
	sleep 1
	kill "$pid1" "$pid2" 2>/dev/null
	wait "$pid1" "$pid2" 2>/dev/null
	cap_stop xrep
	after=$(hpsw h1 -j stats show psw0 port up0 | jq '.[0].drops.unknown_src')
	check_run hpsw h1 entry replace psw0 pan "$PAN_XLATE" mac "$XI2" xlate ext "$XE2"

	icmp=$(cap_read xrep -e icmp)
	# x1's echo requests: capture line and destination, in wire order.
	dsts=$(awk -v s="$XE1" '$2 == s && / ICMP echo request/ { sub(",", "", $4); print NR, $4 }' <<<"$icmp")
	n_old=$(awk -v m="$XE2" '$2 == m { n++ } END { print n + 0 }' <<<"$dsts")
	n_new=$(awk -v m="$XE2N" '$2 == m { n++ } END { print n + 0 }' <<<"$dsts")
	diag "x1's echo requests on the wire: $n_old to $XE2, $n_new to $XE2N"
	if ((n_old < 5 || n_new < 5)); then
		fail "x1's echo requests: expected at least 5 to the old external MAC $XE2 and 5 to the new $XE2N" \
			"  the capture:"
		diag_output "$icmp"
	fi
	first_new=$(awk -v m="$XE2N" '$2 == m { print $1; exit }' <<<"$dsts")
	last_old=$(awk -v m="$XE2" '$2 == m { n = $1 } END { print n + 0 }' <<<"$dsts")
	if [[ -n $first_new ]] && ((last_old > first_new)); then
		fail "an echo request to the old external MAC after one to the new" \
			"  the capture:"
		diag_output "$icmp"
	fi
	check_no_match "no internal MAC on the wire" "$XI1|$XI2" "$icmp"
	((after > before)) ||
		fail "h1's uplink counted no unknown_src drop of x2's requests from $XE2 after the replace ($before -> $after)"
	check_ping x1 "$IP2"
}

case_xlate_nd()
{
	local nd

	ip -n "$(vm_ns x1)" -6 neigh flush dev eth0 >/dev/null 2>&1
	ip -n "$(vm_ns x2)" -6 neigh flush dev eth0 >/dev/null 2>&1
	cap_start xnd net "$CAPDEV" || return 1
	check_ping x1 "$IP6_2"
	cap_stop xnd
	check_neigh x1 "$IP6_2" "$XI2"
	check_neigh x2 "$IP6_1" "$XI1"
	no_mac_anywhere xnd "$XI1" "$XI2"
	nd=$(cap_read xnd -e icmp6)
	check_count "neighbour solicitation on the wire from x1's external MAC" 1 \
		"$(grep -E "^.* $XE1 > 33:33:ff:00:00:02, ethertype IPv6 .*neighbor solicitation, who has $IP6_2" <<<"$nd")" "$nd"
	check_count "neighbour advertisement on the wire between the external MACs" 1 \
		"$(grep -E "^.* $XE2 > $XE1, ethertype IPv6 .*neighbor advertisement, tgt is $IP6_2" <<<"$nd")" "$nd"
	# The link-layer address options carry the external MACs too.
	nd=$(cap_read xnd -e -v icmp6)
	check_count "source link-address option of the solicitation: x1's external MAC" 1 \
		"$(grep -E "source link-address option \(1\), length 8 \(1\): $XE1\$" <<<"$nd")" "$nd"
	check_count "target link-address option of the advertisement: x2's external MAC" 1 \
		"$(grep -E "destination link-address option \(2\), length 8 \(1\): $XE2\$" <<<"$nd")" "$nd"
	check_no_match "no bad ICMPv6 checksum on the wire" 'bad icmp6 cksum' "$nd"
}

# ---- encapsulations -----------------------------------------------------------

case_vxlan()
{
	local out

	flush_neigh v1 v2
	cap_start vx net "$CAPDEV" || return 1
	check_ping v1 "$IP2"
	cap_stop vx
	out=$(cap_read vx -v 'udp port 4789')
	check_count "VXLAN h1 -> h2, UDP port 4789, VNI $PAN_VXLAN" 2 \
		"$(grep -E "$H1\.[0-9]+ > $H2\.4789: VXLAN, flags \[I\] \(0x08\), vni $PAN_VXLAN\$" <<<"$out")" "$out"
	check_count "VXLAN h2 -> h1, UDP port 4789, VNI $PAN_VXLAN" 2 \
		"$(grep -E "$H2\.[0-9]+ > $H1\.4789: VXLAN, flags \[I\] \(0x08\), vni $PAN_VXLAN\$" <<<"$out")" "$out"
	check_no_match "no other VNI" "vni ([0-9]+)" \
		"$(grep -E 'vni [0-9]+' <<<"$out" | grep -vE "vni $PAN_VXLAN\$")"
	check_count "the inner frames are v1's echo requests, unchanged" 2 \
		"$(grep -E "$M1 > $M2, ethertype IPv4 \(0x0800\), length 98: .*$IP1 > $IP2: ICMP echo request" <<<"$(cap_read vx -e 'udp port 4789')")" \
		"$(cap_read vx -e 'udp port 4789')"
}

case_nvgre()
{
	local out key

	key=$(printf '0x%x' $((PAN_NVGRE << 8)))
	flush_neigh n1 n2
	cap_start gre net "$CAPDEV" || return 1
	check_ping n1 "$IP2"
	cap_stop gre
	# -e: tcpdump names GRE's protocol field only then.
	out=$(cap_read gre -e -v 'proto gre')
	check_count "NVGRE h1 -> h2: GRE, key flag only, key $key, protocol TEB" 2 \
		"$(grep -E "$H1 > $H2: GREv0, Flags \[key present\], key=$key, proto TEB \(0x6558\)" <<<"$out")" "$out"
	check_count "NVGRE h2 -> h1: GRE, key flag only, key $key, protocol TEB" 2 \
		"$(grep -E "$H2 > $H1: GREv0, Flags \[key present\], key=$key, proto TEB \(0x6558\)" <<<"$out")" "$out"
	check_no_match "no other GRE key or flag" "GREv" \
		"$(grep -E 'GREv' <<<"$out" | grep -vE "GREv0, Flags \[key present\], key=$key, proto TEB")"
}

case_etherip()
{
	local out frames bad

	flush_neigh e1 e2
	cap_start eip net "$CAPDEV" || return 1
	check_ping e1 "$IP2"
	cap_stop eip
	out=$(cap_read eip 'ip proto 97')
	check_count "EtherIP from PAN $PAN_EIP's address on h1 to the one on h2" 2 \
		"$(grep -E "IP $EIP1 > $EIP2: +ip-proto-97" <<<"$out")" "$out"
	check_count "EtherIP from PAN $PAN_EIP's address on h2 to the one on h1" 2 \
		"$(grep -E "IP $EIP2 > $EIP1: +ip-proto-97" <<<"$out")" "$out"
	check_no_match "no UDP or GRE during the EtherIP ping" '.' \
		"$(cap_read eip 'udp or proto gre')"
	# Ethernet (14) + IPv4 header (IHL * 4): 0x30 0x00, then the inner
	# frame, whose source is one of the VMs' MACs.
	frames=$(cap_bytes eip 'ip proto 97')
	check_count "EtherIP frames decoded" 4 "$frames" || return 1
	bad=$(awk '{
		ihl = index("0123456789abcdef", substr($15, 2, 1)) - 1
		h = 15 + ihl * 4
		inner = $(h + 8) ":" $(h + 9) ":" $(h + 10) ":" $(h + 11) ":" $(h + 12) ":" $(h + 13)
		if ($24 != "61" || $h != "30" || $(h + 1) != "00" ||
		    (inner != m1 && inner != m2))
			print
	}' m1="$M1" m2="$M2" <<<"$frames")
	if [[ -n $bad ]]; then
		fail "EtherIP frames without protocol 97, header 0x3000 or the inner frame" \
			"  frames (hex, from the Ethernet header):"
		diag_output "$bad"
	fi
}

require_tools
ensure_module
kmsg_mark
ktap_plan 9
run_setup "2 hosts on one network; xlate, VXLAN, NVGRE and EtherIP PANs" setup
run_case "xlate ARP: VMs learn internal MACs, the wire (payload too) has external" case_xlate_arp
run_case "xlate IPv4: only external MACs on the wire, no extra header" case_xlate_ip
run_case "xlate entry replaced under traffic: the new external MAC on the wire" case_xlate_replace
run_case "xlate IPv6 ND: ping6 works, internal MACs learnt, external on the wire" case_xlate_nd
run_case "VXLAN: UDP port 4789, VNI = PAN id" case_vxlan
run_case "NVGRE: GRE key = PAN id << 8, key flag only, protocol 0x6558" case_nvgre
run_case "EtherIP: IP protocol 97, header 0x3000, no UDP, PAN addresses" case_etherip
run_case "no kernel warnings" check_kernel_log
ktap_finish
