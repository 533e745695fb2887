#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 71_etherip_oui.sh - EtherIP with OUI tenancy (seed 001, issue 17 item
# 2): MAC-in-IP with no tenant field and no per-PAN address, the PAN of
# an arrival named by its inner source MAC's OUI (pan set ... etherip
# oui), beside a PAN in the address form (pan-addr); the multicast
# destination rewrite (tenant OUI + the group's low bits, I/G set) on
# the wire and its mapping back at the receiving switch; inter-tenant
# multicast rules (pan set ... mcast-share GROUP pan PAN).
#
#               net (bridge br0): 192.0.2.0/24
#        |                        |                        |
#    u0 .1 (.31 PAN 30)       u0 .2 (.32 PAN 30)       u0 .9
#   ha: psw0 underlay .1      hb: psw0 underlay .2     hr: a rogue host
#     a10 PAN 10 (oui 02:0a:00, etherip oui) ~~~~ b10
#     a20 PAN 20 (oui 02:14:00, etherip oui) ~~~~ b20
#     a30 PAN 30 (pan-addr .31 / .32, etherip addr; hb maps 02:1e:00
#         to it too) ~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~~ b30
#
# Every VM on ha is OUI:00:00:01 10.0.0.1/24, on hb OUI:00:00:02
# 10.0.0.2/24: the three PANs reuse the same addresses. PANs 10 and 20
# send to hb's underlay address, never to a per-PAN one. Linux has no
# EtherIP device: crafted EtherIP packets come from the hosts' own stacks
# (psw-send raw), as in 70_decap.sh, and stand for a Linux peer.

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

SEND=$(command -v psw-send 2>/dev/null)
HA=192.0.2.1
HB=192.0.2.2
HR=192.0.2.9
HA30=192.0.2.31
HB30=192.0.2.32
declare -A OUI=([10]=02:0a:00 [20]=02:14:00 [30]=02:1e:00)
G1=239.1.1.1			# shared into PAN 20 by hb's PAN 10
G2=239.1.1.2			# not shared
G3=239.1.1.3			# PAN 20's rule into PAN 10: never PAN 10's
G6=ff0e::1:123

mac_of() { echo "${OUI[$1]}:00:00:0$2"; }	# PAN HOST(1: ha, 2: hb)

# ---- frames -----------------------------------------------------------------

# frame DST SRC: 60 bytes, ethertype 0x88b5 (a VM's stack ignores it).
frame() { plain "$1" "$2"; }

# udp4 DST SRC GROUP: an IPv4 UDP datagram from 10.0.0.1 to GROUP, TTL 1.
udp4()
{
	local ip

	ip="4500001c00004000011100000a000001$(hexip "$3")"
	ip="${ip:0:20}$(inet_csum "$ip")${ip:24}"
	pad60 "$(hx "$1")$(hx "$2")0800${ip}1234138800080000"
}

# udp6 DST SRC: an IPv6 UDP datagram from fe80::1 to ff0e::1:123.
udp6()
{
	echo "$(hx "$1")$(hx "$2")86dd6000000000081101fe800000000000000000000000000001ff0e000000000000000000000001012312341388000800000000"
}

# eip HEX: an EtherIP header (version 3) and the frame HEX.
eip() { echo "3000$1"; }

# ---- counters -----------------------------------------------------------------

# counters H...: "H.KEY VALUE" of each H's psw0 (hread_host), bytes left out.
counters()
{
	local h

	for h in "$@"; do
		hread_host "$h" 1 | sed -n "/_bytes /!s/^/$h./p"
	done
}

# moved BEFORE AFTER: "KEY+N" of every counter that moved, sorted, one line.
# (One stream: the guest has no /dev/fd for "<(...)".)
moved()
{
	printf '%s\n--\n%s\n' "$1" "$2" |
		awk '$0 == "--" { after = 1; next }
			!after { b[$1] = $2; next }
			($1 in b) && $2 != b[$1] { printf "%s+%d\n", $1, $2 - b[$1] }' |
		sort | tr '\n' ' ' | sed 's/ $//'
}

MOVED=""
# moved_is BEFORE WANT H...: true when the counters of H... that moved
# since BEFORE are exactly WANT.
moved_is()
{
	local before=$1 want=$2
	shift 2

	MOVED=$(moved "$before" "$(counters "$@")")
	[[ $MOVED == "$want" ]]
}

# words WORDS: the words (blank or newline separated), sorted, on one line.
words()
{
	# shellcheck disable=SC2086 # split into words on purpose
	printf '%s\n' $1 | sort | tr '\n' ' ' | sed 's/ $//'
}

# expect_moves WHAT WANT HOSTS CMD...: run CMD; exactly WANT moves on HOSTS
# (a space-separated list).
expect_moves()
{
	local what=$1 want hosts before
	want=$(words "$2")
	read -r -a hosts <<<"$3"
	shift 3

	before=$(counters "${hosts[@]}")
	check_run "$@" || return 1
	wait_until 30 moved_is "$before" "$want" "${hosts[@]}"
	check_eq "$what: the counters that moved" "$want" "$MOVED"
}

# What an arrival at hb moves.
delivered()	# PAN VM
{
	echo "hb.hsw:rx_packets+1 hb.hsw:encap_rx+1 hb.hpan:$1:rx_packets+1" \
		"hb.hpan:$1:encap_rx+1 hb.hpan:$1:tx_packets+1 hb.hport:$2:tx_packets+1"
}

# The same for a multicast or broadcast frame, which is flooded.
delivered_mc()	# PAN VM
{
	echo "$(delivered "$1" "$2") hb.hsw:flooded+1 hb.hpan:$1:flooded+1"
}

# ---- setup ----------------------------------------------------------------

# pan_add H PAN FORM REMOTE VM MAC: PAN on H, its VM, the peer's MAC by
# EtherIP to REMOTE (and its flood list), the tenant map's OUI.
pan_add()
{
	local h=$1 pan=$2 form=$3 remote=$4 vm=$5 mac=$6 peer=$7

	check_run hpsw "$h" pan add psw0 "$pan" &&
		check_run hpsw "$h" pan set psw0 "$pan" oui "${OUI[$pan]}" || return 1
	if [[ $form == oui ]]; then
		check_run hpsw "$h" pan set psw0 "$pan" etherip oui || return 1
	fi
	hvm_port_add "$h" "$vm" "$pan" "$mac" - 10.0.0."${mac: -1}"/24 || return 1
	check_run hpsw "$h" entry add psw0 pan "$pan" mac "$peer" encap etherip remote "$remote" &&
		check_run hpsw "$h" pan set psw0 "$pan" flood add remote "$remote" encap etherip
}

setup()
{
	local p

	[[ -x $SEND ]] || { fail "psw-send is not installed (make -C tools/fuzz)"; return 1; }
	load_kmods veth bridge
	l2net_add net || return 1
	host_add ha && host_add hb && host_add hr || return 1
	l2net_attach net ha u0 02:aa:00:00:00:01 &&
		l2net_attach net hb u0 02:aa:00:00:00:02 &&
		l2net_attach net hr u0 02:aa:00:00:00:09 || return 1
	host_addr ha u0 "$HA"/24 "$HA30"/24 &&
		host_addr hb u0 "$HB"/24 "$HB30"/24 &&
		host_addr hr u0 "$HR"/24 || return 1
	host_switch_add ha && host_switch_add hb || return 1
	check_run hpsw ha switch set psw0 underlay "$HA" &&
		check_run hpsw hb switch set psw0 underlay "$HB" || return 1
	for p in 10 20; do
		pan_add ha "$p" oui "$HB" "a$p" "$(mac_of "$p" 1)" "$(mac_of "$p" 2)" &&
			pan_add hb "$p" oui "$HA" "b$p" "$(mac_of "$p" 2)" "$(mac_of "$p" 1)" ||
			return 1
	done
	pan_add ha 30 addr "$HB30" a30 "$(mac_of 30 1)" "$(mac_of 30 2)" &&
		pan_add hb 30 addr "$HA30" b30 "$(mac_of 30 2)" "$(mac_of 30 1)" &&
		check_run hpsw ha pan set psw0 30 pan-addr "$HA30" &&
		check_run hpsw hb pan set psw0 30 pan-addr "$HB30"
}

# ---- cases ------------------------------------------------------------------

# ping_only PAN: a$PAN pings 10.0.0.2; hb's PAN got it and the other two
# PANs, with the same addresses, got nothing.
ping_only()
{
	local pan=$1 o specs=()

	for o in 10 20 30; do
		specs+=("hport:hb:b$o:tx_packets" "hpan:hb:$o:encap_rx")
	done
	flush_neigh "a$pan" "b$pan"
	hsnap "${specs[@]}"
	check_hping "a$pan" 10.0.0.2 || return 1
	hnow "${specs[@]}"
	for o in 10 20 30; do
		if [[ $o == "$pan" ]]; then
			hexpect_delta "hport:hb:b$o:tx_packets" ge 2
			hexpect_delta "hpan:hb:$o:encap_rx" ge 2
		else
			hexpect_delta "hport:hb:b$o:tx_packets" eq 0
			hexpect_delta "hpan:hb:$o:encap_rx" eq 0
		fi
	done
}

case_oui_pans()
{
	local out

	cap_start oui hb u0 ip proto 97 || return 1
	ping_only 10 && ping_only 20 || return 1
	cap_stop oui
	out=$(cap_read oui -t)
	diag "EtherIP packets at hb (tcpdump on hb's u0):" "$(head -4 <<<"$out")"
	# Every one between the underlay addresses: no per-PAN address.
	check_match "EtherIP between the underlay addresses" "^IP $HA > $HB: +ip-proto-97" "$out"
	check_no_match "no EtherIP to or from a PAN address" "$HA30|$HB30" "$out"
}

case_addr_pan()
{
	local out

	cap_start addr hb u0 ip proto 97 || return 1
	ping_only 30 || return 1
	cap_stop addr
	out=$(cap_read addr -t)
	check_match "PAN 30's EtherIP goes between its PAN addresses" \
		"^IP $HA30 > $HB30: +ip-proto-97" "$out"
	check_no_match "and never to hb's underlay address" "> $HB: +ip-proto-97" "$out"
}

case_show()
{
	local out

	out=$(hpsw hb pan show psw0 10) || return 1
	check_match "pan show says PAN 10 is in oui form" "etherip oui" "$out"
	out=$(hpsw hb pan show psw0 30) || return 1
	check_match "pan show says PAN 30 is in addr form" "etherip addr" "$out"
	out=$(hpsw hb -j pan show psw0) || return 1
	check_jq "$out" '[.[] | "\(.pan) \(.etherip)"] == ["10 oui", "20 oui", "30 addr"]'
}

# Crafted arrivals at hb from ha's stack (a remote of every PAN of hb
# there: it sends from ha's underlay address) and from hr (no remote).
case_arrivals()
{
	local b10 b20 f

	b10=$(mac_of 10 2)
	b20=$(mac_of 20 2)
	f=$(frame "$b10" "$(mac_of 10 1)")
	expect_moves "PAN 10's OUI to hb's underlay address: PAN 10's VM" \
		"$(delivered 10 b10)" hb hexec ha "$SEND" raw "$HB" 97 "$(eip "$f")" || return 1
	expect_moves "PAN 20's OUI, the same inner addresses: PAN 20's VM" \
		"$(delivered 20 b20)" hb hexec ha "$SEND" raw "$HB" 97 \
		"$(eip "$(frame "$b20" "$(mac_of 20 1)")")" || return 1
	expect_moves "an OUI of no PAN (02:99:00): etherip_no_tenant, delivered nowhere" \
		"hb.hsw:drops.etherip_no_tenant+1" hb hexec ha "$SEND" raw "$HB" 97 \
		"$(eip "$(frame "$b10" 02:99:00:00:00:01)")" || return 1
	expect_moves "PAN 30's OUI (addr form) to the underlay: etherip_no_tenant" \
		"hb.hsw:drops.etherip_no_tenant+1" hb hexec ha "$SEND" raw "$HB" 97 \
		"$(eip "$(frame "$(mac_of 30 2)" "$(mac_of 30 1)")")" || return 1
	# An arrival at a PAN address is PAN 30's, whatever its OUI: ha's
	# stack sends from .1, no remote of PAN 30 (whose remote is .31).
	expect_moves "PAN 10's OUI to PAN 30's address: PAN 30's, never reclassified" \
		"hb.hsw:drops.unknown_remote+1 hb.hpan:30:drops.unknown_remote+1" hb \
		hexec ha "$SEND" raw "$HB30" 97 "$(eip "$f")" || return 1
	# A rogue underlay host forging PAN 10's OUI: not a remote of PAN 10.
	expect_moves "from hr, no remote of PAN 10: unknown_remote" \
		"hb.hsw:drops.unknown_remote+1 hb.hpan:10:drops.unknown_remote+1" hb \
		hexec hr "$SEND" raw "$HB" 97 "$(eip "$f")"
}

# A VM of PAN 10 cannot put PAN 20's OUI on the wire: port security drops
# it (foreign_oui); with port security off the EtherIP sender does
# (etherip_foreign_oui); hb's PAN 20 receives nothing either way. The
# VM's own MAC reaches b10 (positive control).
case_forged_oui()
{
	local b10 a10 forged

	b10=$(mac_of 10 2)
	a10=$(mac_of 10 1)
	forged=02:14:00:00:00:77
	expect_moves "a10's own MAC: to b10" \
		"ha.hport:a10:rx_packets+1 ha.hpan:10:rx_packets+1 ha.hport:a10:encap_tx+1
		 ha.hpan:10:encap_tx+1 $(delivered 10 b10)" "ha hb" \
		vsend a10 "$(frame "$b10" "$a10")" || return 1
	expect_moves "PAN 20's OUI, port security on: foreign_oui" \
		"ha.hport:a10:drops.foreign_oui+1 ha.hpan:10:drops.foreign_oui+1" "ha hb" \
		vsend a10 "$(frame "$b10" "$forged")" || return 1
	check_run hpsw ha port set psw0 dev a10 security off || return 1
	expect_moves "PAN 20's OUI, port security off: etherip_foreign_oui" \
		"ha.hport:a10:rx_packets+1 ha.hpan:10:rx_packets+1
		 ha.hport:a10:drops.etherip_foreign_oui+1 ha.hpan:10:drops.etherip_foreign_oui+1" \
		"ha hb" vsend a10 "$(frame "$b10" "$forged")"
	check_run hpsw ha port set psw0 dev a10 security on
}

# The multicast destination on the wire and at the receiving VM.
case_mcast_rewrite()
{
	local a10 out bytes n

	a10=$(mac_of 10 1)
	n=$(hcounter "hport:hb:b10:tx_packets")
	cap_start mw hb u0 ip proto 97 || return 1
	cap_start mv b10 eth0 udp || return 1
	vsend a10 "$(udp4 01:00:5e:01:01:02 "$a10" "$G2")" \
		"$(udp6 33:33:00:01:01:23 "$a10")" || return 1
	wait_until 50 hcounter_ge "hport:hb:b10:tx_packets" $((n + 2))
	cap_stop mw
	cap_stop mv
	bytes=$(cap_bytes mw)
	diag "EtherIP packets at hb, bytes (outer Ethernet, IP, EtherIP, inner):" "$bytes"
	# After the outer Ethernet (14) and IPv4 (20) headers: EtherIP 30 00,
	# then the inner destination.
	check_match "IPv4 group: the inner destination is 03:0a:00 + 23 bits of $G2" \
		"^( [0-9a-f]{2}){34} 30 00 03 0a 00 01 01 02 02 0a 00 00 00 01 08 00" "$bytes"
	check_match "IPv6 group: 03:0a:00 + 24 bits of $G6" \
		"^( [0-9a-f]{2}){34} 30 00 03 0a 00 01 01 23 02 0a 00 00 00 01 86 dd" "$bytes"
	out=$(cap_read mv -e)
	diag "at b10:" "$out"
	check_match "b10 gets the IPv4 group's standard MAC" \
		"$a10 > 01:00:5e:01:01:02, .*$G2" "$out"
	check_match "b10 gets the IPv6 group's standard MAC" \
		"$a10 > 33:33:00:01:01:23, .*$G6" "$out"
	check_no_match "b10 never sees a rewritten destination" "> 03:0a:00" "$out"
}

# Crafted group arrivals at hb: a tenant's group MAC must be its PAN's
# and the rewrite of its inner group.
case_bad_group()
{
	local a10 b10 good

	a10=$(mac_of 10 1)
	good=$(udp4 03:0a:00:01:01:02 "$a10" "$G2")
	expect_moves "03:0a:00:01:01:02 with group $G2: PAN 10's VM" \
		"$(delivered_mc 10 b10)" hb hexec ha "$SEND" raw "$HB" 97 "$(eip "$good")" || return 1
	expect_moves "PAN 20's group MAC from PAN 10's source: etherip_bad_group" \
		"hb.hsw:drops.etherip_bad_group+1 hb.hpan:10:drops.etherip_bad_group+1" hb \
		hexec ha "$SEND" raw "$HB" 97 \
		"$(eip "$(udp4 03:14:00:01:01:02 "$a10" "$G2")")" || return 1
	expect_moves "low bits not the group's ($G1 in 03:0a:00:01:01:02): etherip_bad_group" \
		"hb.hsw:drops.etherip_bad_group+1 hb.hpan:10:drops.etherip_bad_group+1" hb \
		hexec ha "$SEND" raw "$HB" 97 \
		"$(eip "$(udp4 03:0a:00:01:01:02 "$a10" "$G1")")"
}

# mcast-share: hb's PAN 10 shares G1 into PAN 20; PAN 20 shares G3 into
# PAN 10 (which gives PAN 20 nothing of PAN 10's).
case_share()
{
	local a10 b20 out

	a10=$(mac_of 10 1)
	b20=$(mac_of 20 2)
	check_run hpsw hb pan set psw0 10 mcast-share "$G1" pan 20 &&
		check_run hpsw hb pan set psw0 20 mcast-share "$G3" pan 10 || return 1
	expect_moves "$G1 (listed): b10 and one copy to b20" \
		"$(delivered_mc 10 b10) hb.hport:b20:tx_packets+1 hb.hpan:20:tx_packets+1" hb \
		vsend a10 "$(udp4 01:00:5e:01:01:01 "$a10" "$G1")" || return 1
	expect_moves "$G2 (not listed): b10 only" \
		"$(delivered_mc 10 b10)" hb vsend a10 "$(udp4 01:00:5e:01:01:02 "$a10" "$G2")" || return 1
	expect_moves "$G3 (PAN 20's rule, not PAN 10's): b10 only" \
		"$(delivered_mc 10 b10)" hb vsend a10 "$(udp4 01:00:5e:01:01:03 "$a10" "$G3")" || return 1
	expect_moves "unicast to b20's MAC from PAN 10: no_entry, never PAN 20's" \
		"hb.hsw:rx_packets+1 hb.hsw:encap_rx+1 hb.hpan:10:rx_packets+1
		 hb.hpan:10:encap_rx+1 hb.hsw:drops.no_entry+1 hb.hpan:10:drops.no_entry+1" hb \
		vsend a10 "$(frame "$b20" "$a10")" || return 1
	out=$(hpsw hb -j pan show psw0 10) || return 1
	check_jq "$out" '.[0].mcast_share == [{"group": "'"$G1"'", "pan": 20, "copies": 1}]'
	out=$(hpsw hb pan show psw0 10) || return 1
	check_match "pan show lists the rule" "mcast-share $G1 pan 20 copies 1" "$out"
	check_run hpsw hb pan set psw0 10 mcast-share del "$G1" pan 20 || return 1
	expect_moves "$G1 after mcast-share del: b10 only" \
		"$(delivered_mc 10 b10)" hb vsend a10 "$(udp4 01:00:5e:01:01:01 "$a10" "$G1")"
}

case_refusals()
{
	hcheck_fail hb hpsw hb pan set psw0 30 etherip oui 1 "has no pan-addr" &&
		hcheck_fail hb hpsw hb pan set psw0 10 pan-addr 192.0.2.40 1 "has no pan-addr" &&
		hcheck_fail hb hpsw hb pan set psw0 10 mcast-share "$G1" pan 10 1 "not with itself" &&
		hcheck_fail hb hpsw hb pan set psw0 10 mcast-share "$G1" pan 99 1 "target PAN does not exist" &&
		hcheck_fail hb hpsw hb pan set psw0 10 mcast-share 10.0.0.7 pan 20 1 "not a multicast" &&
		hcheck_fail hb hpsw hb pan set psw0 10 mcast-share del "$G2" pan 20 1 "no such" &&
		hcheck_fail hb hpsw hb pan set psw0 20 mcast-share "$G3" pan 10 1 "already" &&
		hcheck_fail hb hpsw hb pan set psw0 10 etherip bogus 2 "takes" || return 1
	# A PAN another PAN's rule names is not deleted; without the rule it is.
	check_run hpsw hb pan add psw0 40 &&
		check_run hpsw hb pan set psw0 20 mcast-share "$G1" pan 40 || return 1
	hcheck_fail hb hpsw hb pan del psw0 40 1 "inter-tenant multicast rule" || return 1
	check_run hpsw hb pan set psw0 20 mcast-share del "$G1" pan 40 &&
		check_run hpsw hb pan del psw0 40
}

require_tools
ensure_module
kmsg_mark
ktap_plan 11
run_setup "ha, hb (panswitch) and hr on one network; PANs 10, 20 by OUI, 30 by address" setup
run_case "PANs 10 and 20 by OUI to the underlay address, same inner IPs: each its own" case_oui_pans
run_case "PAN 30 by its PAN addresses beside them, as before" case_addr_pan
run_case "pan show says which form each PAN uses (text and JSON)" case_show
run_case "arrivals by OUI: each PAN's own, no PAN's, a PAN address's, a rogue host's" case_arrivals
run_case "a VM never puts another tenant's OUI on the wire" case_forged_oui
run_case "multicast: tenant OUI + group bits on the wire, the standard MAC at the VM" case_mcast_rewrite
run_case "a tenant's group MAC must be its PAN's and its group's" case_bad_group
run_case "mcast-share: a listed group once into the target, nothing else" case_share
run_case "refusals: each with its message, nothing changed" case_refusals
run_case "no kernel warnings" check_kernel_log
ktap_finish
