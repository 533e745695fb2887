#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 91_port_security.sh - port security extended (issue 17 item 3): a VM
# (a, PAN 100) forges its way at its neighbours on one switch, each spoof
# dropped and counted under its own reason on a's port and PAN 100 with
# nothing delivered to any VM, and in the same case its positive control:
# with "security off" the same frames pass, and an allowed MAC or MAC/IP
# pair passes with security on.
#   - another tenant's OUI (02:2b:00 is PAN 200's in the tenant map),
#     even for a MAC in a's allow list: foreign_oui;
#   - another port's MAC (b's): spoofed_src; a nested VM's MAC passes once
#     it is in a's allow list;
#   - a forged VLAN tag (VID 200, which the tenant map names PAN 200's):
#     vlan_tagged, security on or off (a tag a VM chose never reaches the
#     physical network); untagged and priority-tagged it passes;
#   - an ARP reply claiming c's IPv4 address (and one whose sender MAC is
#     c's): arp_spoof, b's neighbour for c unchanged; claiming a's own
#     allowed address passes, and so does the claim with security off, or
#     with no IPv4 pair in the list;
#   - an NA claiming c's IPv6 address (and one whose target link-layer
#     address is c's MAC), an NS from c's address: nd_spoof; a's own
#     address, its EUI-64 link-local address and DAD pass, and so does
#     the claim with security off;
#   - netlink refusals (multicast and zero MACs, a bad address, an entry
#     twice, an uplink, a trunk, too many entries) with their messages and
#     nothing changed; text and -j output of port show; uid 65534 and a
#     user namespace's root cannot change the allow list.
#
#   psw0: va vb vc (vm ports, PAN 100), vd (vm port, PAN 200), up0
#   (uplink), tr0 (trunk); tenant map: oui 02:1a:00 -> 100, oui 02:2b:00
#   -> 200, vlan 200 -> 300. VM X is on vm port vX ("a" alone would be
#   ip's "address").
# VM  MAC                IPv4       IPv6
# a   02:1a:00:00:00:01  10.0.0.1   2001:db8::1
# b   02:1a:00:00:00:02  10.0.0.2   2001:db8::2
# c   02:1a:00:00:00:03  10.0.0.3   2001:db8::3
# d   02:2b:00:00:00:04  10.0.0.4   (PAN 200)

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

A=02:1a:00:00:00:01 B=02:1a:00:00:00:02 C=02:1a:00:00:00:03
D=02:2b:00:00:00:04
NESTED=02:1a:00:00:00:77	# a nested VM of a's, in PAN 100's OUI
FOREIGN=02:2b:00:00:00:99	# a MAC in PAN 200's OUI
IP6_A=20010db8000000000000000000000001
IP6_C=20010db8000000000000000000000003
LL_A=fe80000000000000001a00fffe000001	# a's EUI-64 link-local address
NO6=00000000000000000000000000000000

# ---- frames ---------------------------------------------------------------

# arp_reply DST SRC SHA SIP THA TIP: an ARP reply "SIP is at SHA" to DST.
arp_reply()
{
	pad60 "$(hx "$1")$(hx "$2")08060001080006040002$(hx "$3")$(hexip "$4")$(hx "$5")$(hexip "$6")"
}

# na SRC TLLA TARGET6: an unsolicited NA of TARGET6 from SRC to all nodes,
# from TARGET6, with TLLA as its target link-layer address option.
na()
{
	icmp6_frame 33:33:00:00:00:01 "$1" "$3" \
		ff020000000000000000000000000001 255 \
		"8800XXXX20000000${3}0201$(hx "$2")"
}

# dad_ns SRC TARGET6: a duplicate address detection NS (from ::, no
# option) for TARGET6.
dad_ns()
{
	local t=$2

	icmp6_frame "33:33:ff:${t:26:2}:${t:28:2}:${t:30:2}" "$1" "$NO6" \
		"ff0200000000000000000001ff${t:26:6}" 255 "8700XXXX00000000${t}"
}

# asend HEX...: the frames from a's eth0, all in one psw-send.
asend()
{
	local f file=$TMPD/frames

	[[ -x $SEND ]] || { fail "psw-send is not installed (make -C tools/fuzz)"; return 1; }
	for f in "$@"; do
		echo "eth eth0 $f"
	done >"$file"
	check_run vm_exec va "$SEND" - <"$file"
}

# ---- checks ---------------------------------------------------------------

# What every spoof case reads, in one go: a's drops by reason and frames
# received (rx is counted only for frames that enter), PAN 100's drops
# (its vm ports' included), and the frames each other VM got (the host
# side of its veth: its tx_packets).
KEYS=(a.foreign_oui a.spoofed_src a.vlan_tagged a.arp_spoof a.nd_spoof
      a.rx_packets pan.foreign_oui pan.spoofed_src pan.vlan_tagged
      pan.arp_spoof pan.nd_spoof b c d)
declare -A S0=() S1=()

# read_all ARRAY: the KEYS' values into the associative array ARRAY.
read_all()
{
	local -n out=$1
	local -a v
	local i=0 k

	# shellcheck disable=SC2207 # numbers, one per line
	v=($(printf 'stats show psw0 port va\nstats show psw0 pan 100\n' |
		"$PSW" -j -b - | jq -rs '(.[0][0] | .drops.foreign_oui,
		.drops.spoofed_src, .drops.vlan_tagged, .drops.arp_spoof,
		.drops.nd_spoof, .rx_packets), (.[1][0].drops | .foreign_oui,
		.spoofed_src, .vlan_tagged, .arp_spoof, .nd_spoof)'
	   cat /sys/class/net/{vb,vc,vd}/statistics/tx_packets))
	for k in "${KEYS[@]}"; do
		out[$k]=${v[i]:-unreadable}
		i=$((i + 1))
	done
}

# reached KEY=N...: each KEY moved by N or more since read_all S0.
reached()
{
	local kv

	read_all S1
	for kv in "$@"; do
		[[ ${S1[${kv%=*}]} =~ ^[0-9]+$ ]] || return 1
		((S1[${kv%=*}] - S0[${kv%=*}] >= ${kv#*=})) || return 1
	done
}

# expect KEY=N...: once they reached it (every frame was handled), every
# key of KEYS moved by exactly the N given for it, and the others not at
# all. What it read becomes S0, the start of the next step.
expect()
{
	local -A want=()
	local kv k bad=0

	for kv in "$@"; do
		want[${kv%=*}]=${kv#*=}
	done
	wait_until 30 reached "$@" || read_all S1
	for k in "${KEYS[@]}"; do
		check_delta "$k" "${S0[$k]}" "${S1[$k]}" eq "${want[$k]:-0}" || bad=1
		S0[$k]=${S1[$k]}
	done
	return "$bad"
}

# begin: a case starts from port security on and no allow list, and from
# the counters as they are.
begin()
{
	check_run "$PSW" port set psw0 dev va security on allow none || return 1
	read_all S0
}

# spoofed REASON N: N frames of a dropped under REASON, on its port and
# PAN 100; nothing else moved (no VM got anything) since S0.
spoofed()
{
	expect "a.$1=$2" "pan.$1=$2"
}

# passed N B C: N frames of a entered PAN 100, none dropped; b and c got
# B and C of them, d (PAN 200) none, since S0.
passed()
{
	expect "a.rx_packets=$1" "b=$2" "c=$3"
}

# b_neigh_c: the MAC of b's neighbour 10.0.0.3 (c), or "none".
b_neigh_c()
{
	ip -n "$(vm_ns vb)" -j neigh show 10.0.0.3 dev eth0 |
		jq -r '.[0].lladdr // "none"'
}

b_neigh_c_is()
{
	[[ $(b_neigh_c) == "$1" ]]
}

# b_neigh_stale: b's neighbour 10.0.0.3 is c, stale (as learnt and unused:
# never probed, but an ARP reply changes it).
b_neigh_stale()
{
	check_run ip -n "$(vm_ns vb)" neigh replace 10.0.0.3 lladdr "$C" dev eth0 \
		nud stale
}

# security ON|OFF: a's port security.
security()
{
	check_run "$PSW" port set psw0 dev va security "$1"
}

# ---- setup ------------------------------------------------------------------

setup()
{
	local vm

	load_kmods veth 8021q
	[[ -x $SEND ]] || { fail "psw-send is not installed (make -C tools/fuzz)"; return 1; }
	switch_add psw0 || return 1
	check_run ip link set psw0 up || return 1
	check_run "$PSW" pan add psw0 100 && check_run "$PSW" pan add psw0 200 &&
		check_run "$PSW" pan add psw0 300 || return 1
	vm_port_add va "$A" 10.0.0.1 100 && vm_port_add vb "$B" 10.0.0.2 100 &&
		vm_port_add vc "$C" 10.0.0.3 100 && vm_port_add vd "$D" 10.0.0.4 200 ||
		return 1
	veth_add up0 && veth_add tr0 || return 1
	check_run "$PSW" port add psw0 dev up0 uplink &&
		check_run "$PSW" port add psw0 dev tr0 trunk classify oui+vlan ||
		return 1
	check_run "$PSW" tenant add psw0 oui 02:1a:00 pan 100 &&
		check_run "$PSW" tenant add psw0 oui 02:2b:00 pan 200 &&
		check_run "$PSW" tenant add psw0 vlan 200 pan 300 || return 1
	# Nothing but the test's frames: no ARP from the stacks (no replies;
	# neighbours known, never probed: c's b permanent, b's c permanent
	# for the ping, then stale and unused), no IPv6 (disabled by vm_add).
	for vm in va vb vc vd; do
		set_sysctl "$(vm_ns "$vm")" net/ipv4/conf/eth0/arp_ignore 8
	done
	static_neigh vc 10.0.0.2 "$B" && static_neigh vb 10.0.0.3 "$C" ||
		return 1
	# the switch works: b reaches c
	check_ping vb 10.0.0.3 || return 1
	b_neigh_stale &&
		check_eq "b's neighbour 10.0.0.3" "$C" "$(b_neigh_c)" || return 1
	check_json "$PSW" -j port show psw0 dev va &&
		check_jq "$JSON" '.[0].security == true and .[0].allow == []'
}

# ---- the spoof cases ---------------------------------------------------------

case_foreign_oui()
{
	begin || return 1
	# FOREIGN in a's allow list: the OUI check comes first.
	check_run "$PSW" port set psw0 dev va allow "$FOREIGN" "$NESTED" || return 1
	asend "$(plain ff:ff:ff:ff:ff:ff "$FOREIGN")" "$(plain "$B" "$FOREIGN")" \
		"$(plain "$D" "$FOREIGN")" || return 1
	spoofed foreign_oui 3 || return 1
	# controls: a MAC of PAN 100's own OUI in the list passes ...
	asend "$(plain ff:ff:ff:ff:ff:ff "$NESTED")" "$(plain "$B" "$NESTED")" ||
		return 1
	passed 2 2 1 || return 1
	# ... and with security off, so do the foreign OUI's frames
	security off || return 1
	asend "$(plain ff:ff:ff:ff:ff:ff "$FOREIGN")" "$(plain "$B" "$FOREIGN")" \
		"$(plain "$D" "$FOREIGN")" || return 1
	passed 3 3 2 || return 1	# to d's MAC: no entry in PAN 100, flooded
	security on && check_run "$PSW" port set psw0 dev va allow none
}

case_other_mac()
{
	begin || return 1
	asend "$(plain ff:ff:ff:ff:ff:ff "$B")" "$(plain "$C" "$B")" \
		"$(plain "$C" "$NESTED")" || return 1
	spoofed spoofed_src 3 || return 1
	# controls: a's own MAC; the nested VM's once allowed; b's with
	# security off
	check_run "$PSW" port set psw0 dev va allow "$NESTED" || return 1
	asend "$(plain "$C" "$A")" "$(plain "$C" "$NESTED")" || return 1
	passed 2 0 2 || return 1
	security off || return 1
	asend "$(plain ff:ff:ff:ff:ff:ff "$B")" "$(plain "$C" "$B")" || return 1
	passed 2 1 2 || return 1
	security on && check_run "$PSW" port set psw0 dev va allow none
}

case_vlan()
{
	local t
	t=$(tagged ff:ff:ff:ff:ff:ff "$A" 8100 00c8)	# VLAN 200: PAN 300's

	begin || return 1
	asend "$t" "$(tagged "$D" "$A" 8100 00c8)" \
		"$(tagged ff:ff:ff:ff:ff:ff "$A" 88a8 00c8)" || return 1
	spoofed vlan_tagged 3 || return 1
	# with security off too: no tag a VM chose gets through
	security off || return 1
	asend "$t" || return 1
	spoofed vlan_tagged 1 || return 1
	security on || return 1
	# controls: the same frame untagged, and with a priority-only tag
	asend "$(plain ff:ff:ff:ff:ff:ff "$A")" \
		"$(tagged ff:ff:ff:ff:ff:ff "$A" 8100 a000)" || return 1
	passed 2 2 2
}

case_arp_spoof()
{
	local claim own

	claim=$(arp_reply "$B" "$A" "$A" 10.0.0.3 "$B" 10.0.0.2)
	own=$(arp_reply "$B" "$A" "$A" 10.0.0.1 "$B" 10.0.0.2)
	begin || return 1
	check_run "$PSW" port set psw0 dev va allow "$A/10.0.0.1" || return 1
	# the claim of c's address; a broadcast request from c's address; a's
	# own address with c's MAC as the sender's
	asend "$claim" "$(arp_req "$A" 10.0.0.3 10.0.0.2)" \
		"$(arp_reply "$B" "$A" "$C" 10.0.0.1 "$B" 10.0.0.2)" || return 1
	spoofed arp_spoof 3 || return 1
	check_eq "b's neighbour 10.0.0.3" "$C" "$(b_neigh_c)" || return 1
	# controls: a's own pair passes ...
	asend "$own" "$(arp_req "$A" 10.0.0.1 10.0.0.2)" || return 1
	passed 2 2 1 || return 1
	# ... and with security off the claim does, and b believes it
	security off || return 1
	asend "$claim" || return 1
	passed 1 1 0 || return 1
	if ! wait_until 30 b_neigh_c_is "$A"; then
		fail "b's neighbour 10.0.0.3 is $(b_neigh_c), not a's $A"
		return 1
	fi
	# with no IPv4 pair in the list, ARP is not checked
	security on && check_run "$PSW" port set psw0 dev va allow "$A" || return 1
	asend "$claim" || return 1
	passed 1 1 0 || return 1
	b_neigh_stale
}

case_nd_spoof()
{
	local claim

	claim=$(na "$A" "$A" "$IP6_C")
	begin || return 1
	check_run "$PSW" port set psw0 dev va allow "$A/2001:db8::1" 02:1a:00:00:00:01/10.0.0.1 ||
		return 1
	# NA claiming c's address; NA of a's address with c's MAC as its
	# target link-layer address; NS from c's address
	asend "$claim" "$(na "$A" "$C" "$IP6_A")" \
		"$(ns_sol "$A" "$IP6_C" 20010db8000000000000000000000002)" || return 1
	spoofed nd_spoof 3 || return 1
	# controls: a's own address, its link-local address, DAD, an NS from
	# a's address; with security off, the claim
	asend "$(na "$A" "$A" "$IP6_A")" "$(na "$A" "$A" "$LL_A")" \
		"$(dad_ns "$A" "$IP6_C")" \
		"$(ns_sol "$A" "$IP6_A" 20010db8000000000000000000000002)" || return 1
	passed 4 4 4 || return 1
	security off || return 1
	asend "$claim" || return 1
	passed 1 1 1 || return 1
	security on && check_run "$PSW" port set psw0 dev va allow none
}

# ---- the API -------------------------------------------------------------------

case_show()
{
	check_run "$PSW" port set psw0 dev va allow "$A/10.0.0.1" "$A/2001:db8::1" \
		"$NESTED" || return 1
	check_json "$PSW" -j port show psw0 dev va &&
		check_jq "$JSON" '.[0].security == true and .[0].allow == [
			{"mac": $a, "ip": "10.0.0.1"}, {"mac": $a, "ip": "2001:db8::1"},
			{"mac": $n}]' --arg a "$A" --arg n "$NESTED" || return 1
	check_run "$PSW" port show psw0 dev va &&
		check_match "port show" \
			" security on lldp off allow $A/10.0.0.1 $A/2001:db8::1 $NESTED$" \
			"$OUT" || return 1
	# security off keeps the list; lldp alone leaves it as it is
	check_run "$PSW" port set psw0 dev va security off lldp on || return 1
	check_json "$PSW" -j port show psw0 dev va &&
		check_jq "$JSON" '.[0].security == false and .[0].lldp == true and
			(.[0].allow | length) == 3' || return 1
	check_run "$PSW" port set psw0 dev va security on lldp off allow none || return 1
	check_json "$PSW" -j port show psw0 &&
		check_jq "$JSON" '[.[] | select(.dev == "va")][0] |
			.security == true and .lldp == false and .allow == []' &&
		check_jq "$JSON" '[.[] | select(.dev == "up0" or .dev == "tr0") |
			has("allow")] == [false, false]'
}

case_refusals()
{
	local i many=()

	check_fail "$PSW" port set psw0 dev va allow 01:00:5e:00:00:01 1 \
		"an allowed MAC must be unicast and not zero" || return 1
	check_fail "$PSW" port set psw0 dev va allow 00:00:00:00:00:00/10.0.0.1 1 \
		"an allowed MAC must be unicast and not zero" || return 1
	check_fail "$PSW" port set psw0 dev va allow "$A/224.0.0.1" 1 \
		"an allowed address must be unicast" || return 1
	check_fail "$PSW" port set psw0 dev va allow "$A/::1" 1 \
		"an allowed address must be unicast" || return 1
	check_fail "$PSW" port set psw0 dev va security off allow "$A/10.0.0.1" \
		"$NESTED" "$A/10.0.0.1" 1 "allow list entry given twice" || return 1
	check_fail "$PSW" port set psw0 dev up0 allow "$A" 1 \
		"an uplink has no port security, allow list or LLDP setting" || return 1
	check_fail "$PSW" port set psw0 dev tr0 allow none 1 \
		"a trunk port has no port security, allow list or LLDP setting" || return 1
	for ((i = 0; i <= 32; i++)); do
		many+=("$(printf '02:1a:00:00:01:%02x' "$i")")
	done
	check_fail "$PSW" port set psw0 dev va allow "${many[@]}" 2 \
		"too many allow list entries \(at most 32\)" || return 1
	# the control: 32 entries are taken, and cleared
	check_run "$PSW" port set psw0 dev va allow "${many[@]:1}" &&
		check_json "$PSW" -j port show psw0 dev va &&
		check_jq "$JSON" '(.[0].allow | length) == 32' &&
		check_run "$PSW" port set psw0 dev va allow none
}

case_unpriv()
{
	local clone=/proc/sys/kernel/unprivileged_userns_clone old

	check_run "$PSW" port set psw0 dev va allow "$A/10.0.0.1" || return 1
	unpriv_usable || { fail "setpriv cannot drop to uid 65534"; return 1; }
	check_fail "${UNPRIV[@]}" "$PSW" port set psw0 dev va allow none 1 \
		"Operation not permitted" || return 1
	unshare --help 2>&1 | grep -q -- --map-root-user ||
		{ fail "util-linux unshare is needed"; return 1; }
	if [[ -e $clone ]] && old=$(cat "$clone") && [[ $old != 1 ]]; then
		echo 1 >"$clone"
		defer sh -c "echo $old >$clone"
	fi
	# root of a user namespace, in this network namespace (owned by the
	# initial user namespace): no CAP_NET_ADMIN over it
	check_fail "${UNPRIV[@]}" unshare -U -r "$PSW" port set psw0 dev va \
		allow "$NESTED" 1 "Operation not permitted" || return 1
	check_fail "${UNPRIV[@]}" unshare -U -r "$PSW" port set psw0 dev va \
		security off 1 "Operation not permitted" || return 1
	# control: it does read the list
	check_run "${UNPRIV[@]}" unshare -U -r "$PSW" -j port show psw0 dev va &&
		check_jq "$OUT" '.[0].allow == [{"mac": $a, "ip": "10.0.0.1"}]' \
			--arg a "$A" &&
		check_run "$PSW" port set psw0 dev va allow none
}

require_tools
ensure_module
kmsg_mark
ktap_plan 10
run_setup "psw0: va vb vc in PAN 100, vd in PAN 200, an uplink, a trunk, a tenant map" setup
run_case "another tenant's OUI: foreign_oui; own OUI allowed and security off pass" \
	case_foreign_oui
run_case "another port's MAC: spoofed_src; allowed MAC and security off pass" \
	case_other_mac
run_case "a forged VLAN tag: vlan_tagged, security on or off; untagged passes" \
	case_vlan
run_case "an ARP reply claiming another VM's IP: arp_spoof; own pair and security off pass" \
	case_arp_spoof
run_case "an NA claiming another VM's IP: nd_spoof; own, link-local, DAD, security off pass" \
	case_nd_spoof
run_case "port show: security and the allow list, text and -j" case_show
run_case "refusals: each with its message, nothing changed" case_refusals
run_case "uid 65534 and a user namespace's root cannot change the allow list" case_unpriv
run_case "no kernel warnings" check_kernel_log
ktap_finish
