#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 99_tep.sh - the VNID tag toward a tunnel end point (seed 002, issue 17
# item 5). Switch a has two tep ports: tb toward a TEP that is a second
# panswitch (b: tag <-> VXLAN for PAN 100, tag <-> NVGRE for PAN 200,
# toward a third panswitch c), and tl (TPID 0x88b6) toward a TEP built
# from the Linux socket API (psw_tep.py in namespace l: tag <-> VXLAN
# toward a Linux vxlan device in namespace d, VNI 300). PANs 100 and 200
# reuse the same addresses (10.0.0.1 on a, 10.0.0.3 on c).
#
#   a: va (PAN 100, 10.0.0.1)  wa (PAN 200, 10.0.0.1)  xa (PAN 300, 10.0.3.1)
#      tb (tep) ------------ ta (tep) b 192.0.2.2 u0 --- u0 192.0.2.3 c
#                                                     vc (PAN 100, 10.0.0.3)
#                                                     wc (PAN 200, 10.0.0.3)
#      tl (tep, tpid 0x88b6) --- eth0 l (psw_tep.py) 192.0.2.12 u0 ---
#                                 u0 192.0.2.14 d: vx0 (VXLAN VNI 300,
#                                 10.0.3.4)
#
# Cases: pings both ways through each TEP, each PAN's replies from its
# own VMs only; tcpdump -xx on the tep links shows the tag at the
# documented offsets (bytes 12..13 the TPID, 14 zero, 15..17 the VNID,
# 18..19 the inner EtherType); frames from a tep port without the tag,
# with another TPID, or with an unknown VNID are dropped and counted,
# the same frame with a known VNID delivered; a VM's own tag naming
# another PAN stays payload in the VM's PAN; refusals (TPIDs the stack
# reads as another protocol, a TPID below 0x0600, tpid on a trunk, port
# security on a tep port, a local entry naming another PAN's vm port)
# with state unchanged; port show prints the TPID.

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

TEP_PY="$(dirname "$0")/psw_tep.py"
MVA=02:00:00:00:01:01 MVC=02:00:00:00:01:03	# PAN 100
MWA=02:00:00:00:02:01 MWC=02:00:00:00:02:03	# PAN 200
MXA=02:00:00:00:03:01 MXD=02:00:00:00:03:04	# PAN 300
B=192.0.2.2 C=192.0.2.3 L=192.0.2.12 D=192.0.2.14
FORGED=02:00:00:00:0e:01		# the source of crafted frames

setup()
{
	local pid h p

	load_kmods veth vxlan
	for h in a b c l d; do
		host_add "$h" || return 1
	done
	for h in a b c; do
		host_switch_add "$h" || return 1
	done
	for p in 100 200; do
		check_run hpsw a pan add psw0 "$p" && check_run hpsw b pan add psw0 "$p" &&
			check_run hpsw c pan add psw0 "$p" || return 1
	done
	check_run hpsw a pan add psw0 300 || return 1

	# the underlays: b <-> c, l <-> d
	link_pair b u0 02:bb:00:00:00:02 c u0 02:cc:00:00:00:03 &&
		host_addr b u0 "$B/24" && host_addr c u0 "$C/24" || return 1
	link_pair l u0 02:dd:00:00:00:12 d u0 02:dd:00:00:00:14 &&
		host_addr l u0 "$L/24" && host_addr d u0 "$D/24" || return 1
	check_run hpsw b switch set psw0 underlay "$B" &&
		check_run hpsw c switch set psw0 underlay "$C" || return 1

	# the tep links
	link_pair a tb 02:aa:00:00:00:0b b ta 02:bb:00:00:00:0a &&
		link_pair a tl 02:aa:00:00:00:0c l eth0 02:dd:00:00:00:0a || return 1
	check_run hpsw a port add psw0 dev tb tep &&
		check_run hpsw a port add psw0 dev tl tep tpid 0x88b6 &&
		check_run hpsw b port add psw0 dev ta tep || return 1

	# the VMs
	hvm_port_add a va 100 "$MVA" - 10.0.0.1/24 &&
		hvm_port_add a wa 200 "$MWA" - 10.0.0.1/24 &&
		hvm_port_add a xa 300 "$MXA" - 10.0.3.1/24 &&
		hvm_port_add c vc 100 "$MVC" - 10.0.0.3/24 &&
		hvm_port_add c wc 200 "$MWC" - 10.0.0.3/24 || return 1

	# a: PAN 100's far VM by a local entry naming the tep port; PAN
	# 200's by the miss policy's flood (a tep port carries every PAN)
	check_run hpsw a entry add psw0 pan 100 mac "$MVC" local dev tb || return 1
	# b, the TEP: tag <-> VXLAN (PAN 100), tag <-> NVGRE (PAN 200)
	check_run hpsw b entry add psw0 pan 100 mac "$MVA" local dev ta &&
		check_run hpsw b entry add psw0 pan 200 mac "$MWA" local dev ta &&
		check_run hpsw b entry add psw0 pan 100 mac "$MVC" encap vxlan remote "$C" &&
		check_run hpsw b entry add psw0 pan 200 mac "$MWC" encap nvgre remote "$C" &&
		check_run hpsw b pan set psw0 100 flood add remote "$C" encap vxlan &&
		check_run hpsw b pan set psw0 200 flood add remote "$C" encap nvgre || return 1
	check_run hpsw c entry add psw0 pan 100 mac "$MVA" encap vxlan remote "$B" &&
		check_run hpsw c entry add psw0 pan 200 mac "$MWA" encap nvgre remote "$B" &&
		check_run hpsw c pan set psw0 100 flood add remote "$B" encap vxlan &&
		check_run hpsw c pan set psw0 200 flood add remote "$B" encap nvgre || return 1

	# d: a Linux VXLAN device, VNI 300, everything to l
	check_run hexec d ip link add vx0 address "$MXD" type vxlan id 300 \
		local "$D" remote "$L" dstport 4789 nolearning &&
		check_run hexec d ip addr add 10.0.3.4/24 dev vx0 &&
		check_run hexec d ip link set vx0 up || return 1
	# l: the Linux TEP
	hexec l python3 "$TEP_PY" eth0 0x88b6 "$L" "$D" >"$TMPD/tep.log" 2>&1 &
	pid=$!
	defer kill "$pid"
	if ! wait_until 100 grep -q ready "$TMPD/tep.log"; then
		fail "psw_tep.py did not start" "  its output:"
		diag_output "$(cat "$TMPD/tep.log")"
		return 1
	fi
}

# tag_fields CAPTURE [FILTER...]: per frame, the tag's fields at the
# documented offsets: "TPID PCP/DEI VNID ETHERTYPE SRC-MAC", in hex.
tag_fields()
{
	cap_bytes "$@" | awk '{ printf "%s%s %s %s%s%s %s%s %s:%s:%s:%s:%s:%s\n",
		$13, $14, $15, $16, $17, $18, $19, $20, $7, $8, $9, $10, $11, $12 }'
}

# check_tags WHAT FIELDS PATTERN MIN: at least MIN lines of FIELDS match.
check_tags()
{
	local n

	n=$(grep -cE "$3" <<<"$2")
	if ((n < $4)); then
		fail "$1" "  expected: at least $4 frames matching /$3/" \
			"  actual:   $n; TPID PCP VNID TYPE SRC of each frame:"
		diag_output "$2"
		return 1
	fi
}

# check_neigh VM ADDR MAC: VM resolved ADDR to MAC (its PAN's VM).
check_neigh()
{
	local got

	got=$(ip -n "$(vm_ns "$1")" -j neigh show "$2" dev eth0 | jq -r '.[0].lladdr // "none"')
	check_eq "$1's neighbour entry for $2" "$3" "$got"
}

case_panswitch_tep()
{
	local f

	cap_start tb a tb || return 1
	check_ping va 10.0.0.3
	check_ping wa 10.0.0.3
	check_ping vc 10.0.0.1
	check_ping wc 10.0.0.1
	cap_stop tb
	check_neigh va 10.0.0.3 "$MVC"
	check_neigh wa 10.0.0.3 "$MWC"
	check_neigh vc 10.0.0.1 "$MVA"
	check_neigh wc 10.0.0.1 "$MWA"
	f=$(tag_fields tb)
	# 100 = 0x000064, 200 = 0x0000c8; IPv4 0x0800, ARP 0x0806
	check_tags "PAN 100's echo requests toward the TEP: 88b5 00 000064 0800" \
		"$f" "^88b5 00 000064 0800 $MVA\$" 2
	check_tags "PAN 100's echo replies from the TEP: 88b5 00 000064 0800" \
		"$f" "^88b5 00 000064 0800 $MVC\$" 2
	check_tags "PAN 200's frames both ways: 88b5 00 0000c8 0800" \
		"$f" "^88b5 00 0000c8 0800 ($MWA|$MWC)\$" 4
	check_tags "ARP in the tag: 88b5 00 0000XX 0806" \
		"$f" "^88b5 00 0000(64|c8) 0806 " 2
	check_no_match "every frame on the link carries the tag of PAN 100 or 200" \
		"." "$(grep -vE '^88b5 00 0000(64|c8) 080[06] ' <<<"$f")"
}

case_linux_tep()
{
	local f

	cap_start tl a tl || return 1
	check_ping xa 10.0.3.4
	check_hping d 10.0.3.1
	cap_stop tl
	check_neigh xa 10.0.3.4 "$MXD"
	f=$(tag_fields tl)
	# 300 = 0x00012c
	check_tags "PAN 300 toward the Linux TEP: 88b6 00 00012c 0800" \
		"$f" "^88b6 00 00012c 0800 $MXA\$" 2
	check_tags "from the Linux TEP (VNI 300 -> VNID 300): 88b6 00 00012c 0800" \
		"$f" "^88b6 00 00012c 0800 $MXD\$" 2
	check_no_match "no frame on tl with another TPID" "." \
		"$(grep -vE '^88b6 00 ' <<<"$f")"
}

# frame DST TYPE-AND-TAG: a 60-byte frame from FORGED, padded.
frame()
{
	pad60 "$(hx "$1")$(hx "$FORGED")$2"
}

case_tep_drops()
{
	local good unknown zero untagged other f want

	good=$(frame "$MVA" 88b500000064"88b5")
	unknown=$(frame "$MVA" 88b5000003e7"88b5")	# VNID 999: no PAN
	zero=$(frame "$MVA" 88b500000000"88b5")		# VNID 0
	untagged=$(frame "$MVA" 0800)
	other=$(frame "$MVA" 88b600000064"88b5")	# tl's TPID on tb
	hsnap hport:a:tb:drops.unknown_vnid hport:a:tb:drops.no_tep_tag \
		hport:a:tb:rx_packets hport:a:va:tx_packets hpan:a:100:rx_packets
	# from b's end of the link (a packet socket: b's switch never sees them)
	[[ -x $SEND ]] || { fail "psw-send is not installed (make -C tools/fuzz)"; return 1; }
	for f in "$unknown" "$zero" "$untagged" "$other" "$good"; do
		check_run hexec b "$SEND" eth ta "$f" || return 1
	done
	want=${HSNAP[hport:a:va:tx_packets]}
	wait_until 50 hcounter_ge hport:a:va:tx_packets $((want + 1))
	hnow hport:a:tb:drops.unknown_vnid hport:a:tb:drops.no_tep_tag \
		hport:a:tb:rx_packets hport:a:va:tx_packets hpan:a:100:rx_packets
	hexpect_delta hport:a:tb:drops.unknown_vnid eq 2
	hexpect_delta hport:a:tb:drops.no_tep_tag eq 2
	# the positive control: the same frame with PAN 100's VNID
	hexpect_delta hport:a:va:tx_packets eq 1
	hexpect_delta hpan:a:100:rx_packets eq 1
	hexpect_delta hport:a:tb:rx_packets eq 1
}

# A VM cannot choose its VNID: a tag it writes itself is payload inside
# its own PAN's tag, and the frame stays in its PAN.
case_vm_forged_tag()
{
	local forged control

	forged=$(pad60 "$(hx "$MWC")$(hx "$MVA")88b5000000c80800")
	control=$(pad60 "$(hx "$MWC")$(hx "$MWA")0800")
	hsnap vm:wc:rx hport:b:ta:rx_packets hpan:c:100:drops.no_entry
	vsend va "$forged" || return 1
	wait_until 50 hcounter_ge hpan:c:100:drops.no_entry \
		$((${HSNAP[hpan:c:100:drops.no_entry]} + 1))
	hexpect_delta vm:wc:rx eq 0
	hexpect_delta hpan:c:100:drops.no_entry eq 1
	hexpect_delta hport:b:ta:rx_packets ge 1
	# the positive control: the same inner frame from PAN 200's VM
	hsnap vm:wc:rx
	vsend wa "$control" || return 1
	wait_until 50 hcounter_ge vm:wc:rx $((${HSNAP[vm:wc:rx]} + 1))
	hexpect_delta vm:wc:rx eq 1
}

case_refusals()
{
	local out

	link_pair a sp0 02:aa:00:00:00:0d l sp0 02:dd:00:00:00:0d || return 1
	hcheck_fail a hpsw a port add psw0 dev sp0 tep tpid 0x8100 1 "802\.1Q"
	hcheck_fail a hpsw a port add psw0 dev sp0 tep tpid 0x88a8 1 "802\.1ad"
	hcheck_fail a hpsw a port add psw0 dev sp0 tep tpid 0x0800 1 "IPv4"
	hcheck_fail a hpsw a port add psw0 dev sp0 tep tpid 0x86dd 1 "IPv6"
	hcheck_fail a hpsw a port add psw0 dev sp0 tep tpid 0x05ff 1 "range|tpid"
	hcheck_fail a hpsw a port add psw0 dev sp0 trunk classify oui tpid 0x88b5 2 \
		"only allowed with \"tep\""
	hcheck_fail a hpsw a port add psw0 dev sp0 tep pan 100 2 "not allowed with \"tep\""
	hcheck_fail a hpsw a port set psw0 dev tb security off 1 "tep port has no port security"
	hcheck_fail a hpsw a entry add psw0 pan 200 mac 02:00:00:00:0f:01 local dev va 1 \
		"same PAN, or a tep port"
	# positive controls: a TPID the stack does not read, 802.1ah's I-TAG;
	# a local entry of any PAN naming a tep port
	check_run hpsw a port add psw0 dev sp0 tep tpid 0x88e7 || return 1
	check_run hpsw a entry add psw0 pan 200 mac 02:00:00:00:0f:01 local dev sp0 &&
		check_run hpsw a entry add psw0 pan 300 mac 02:00:00:00:0f:01 local dev sp0 ||
		return 1
	out=$(hpsw a port show psw0 dev tb)
	check_match "port show: tep tpid 0x88b5" "tep tpid 0x88b5" "$out"
	out=$(hpsw a -j port show psw0 dev tl | jq -r '.[0] | "\(.role) \(.tpid)"')
	check_eq "port show -j: role tep, tpid 0x88b6" "tep 0x88b6" "$out"
	out=$(hpsw a -j port show psw0 dev sp0 | jq -r '.[0].tpid')
	check_eq "port show -j: tpid 0x88e7" "0x88e7" "$out"
	# the port's entries go with it, in every PAN
	check_run hpsw a port del psw0 dev sp0 || return 1
	out=$(hpsw a -j entry show psw0 | jq -r '[.[] | select(.mac == "02:00:00:00:0f:01")] | length')
	check_eq "the entries naming the deleted tep port are gone" 0 "$out"
}

kmsg_mark
ktap_plan 7
run_setup "three panswitches, a Linux TEP, tep ports with two TPIDs" setup
run_case "panswitch as the TEP: tag <-> VXLAN and NVGRE, pings both ways, the tag's bytes" \
	case_panswitch_tep
run_case "a Linux TEP (psw_tep.py, tag <-> VXLAN to a Linux vxlan): pings, TPID 0x88b6" \
	case_linux_tep
run_case "untagged, another TPID, VNID 0 and unknown VNID dropped; known VNID delivered" \
	case_tep_drops
run_case "a VM's own tag with PAN 200's VNID stays in PAN 100; PAN 200's VM reaches wc" \
	case_vm_forged_tag
run_case "refusals with state unchanged; port show's TPID; entries go with the port" \
	case_refusals
run_case "no kernel warnings" check_kernel_log
ktap_finish
