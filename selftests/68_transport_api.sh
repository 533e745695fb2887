#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 68_transport_api.sh - the control interface of MAC translation and
# encapsulation: switch set (underlay), pan set (PAN address, which
# arrivals it accepts, flood list), xlate and encap entries, external MACs,
# uplinks. Every refusal names its reason and leaves state_snapshot
# byte-identical (check_fail): an xlate entry or an uplink flood member
# with no uplink; encapsulation with no local address of the remote's
# family; remotes and local addresses that are multicast, broadcast, zero,
# loopback or link-local; a remote that is the switch's own local address;
# an external MAC
# used twice on a switch (ports and entries, across PANs); a second uplink;
# clearing a local address that entries or flood members use; a PAN address
# that is the underlay's or another PAN's; a flood member listed twice; a
# VXLAN port another socket holds; bad CLI input (exit 2). The JSON and
# text of the new fields, notifications, and CAP_NET_ADMIN.
#
#  veth pairs in the init netns (the "p" ends stay unattached):
#
#     vm1 (02:00:00:00:00:01, ext 02:ee:00:00:00:01)   vm2, vm3, upl2 (no ports yet)
#  +--|--------------------------------------------------+
#  |  PAN 100                 |  PAN 200                  |
#  +-------------------------------------------------- upl (uplink, from
#                  psw0 (init netns)                    case 4 on; 192.0.2.1/24)

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

M1=02:00:00:00:00:01
M2=02:00:00:00:00:02
M3=02:00:00:00:00:03
E1=02:ee:00:00:00:01	# vm1's external MAC
E2=02:ee:00:00:00:02
E3=02:ee:00:00:00:03
E9=02:ee:00:00:00:09
N1=02:00:00:00:01:01	# MACs with no entry, for entries
N2=02:00:00:00:01:02
N4=02:00:00:00:01:04
N5=02:00:00:00:01:05
N6=02:00:00:00:01:06
N8=02:00:00:00:01:08
N9=02:00:00:00:01:09
N10=02:00:00:00:01:10
LOCAL4=192.0.2.1
LOCAL6=2001:db8::1
R4=192.0.2.2
R6=2001:db8::2

setup()
{
	load_kmods veth udp_tunnel ip6_udp_tunnel vxlan
	switch_add psw0 || return 1
	check_run ip link set psw0 up || return 1
	check_run "$PSW" pan add psw0 100 && check_run "$PSW" pan add psw0 200 || return 1
	veth_add vm1 && veth_add vm2 && veth_add vm3 && veth_add upl && veth_add upl2 ||
		return 1
	check_run "$PSW" port add psw0 dev vm1 pan 100 mac "$M1" ext "$E1"
}

# ---- no uplink, no local address -------------------------------------------

case_no_uplink()
{
	check_fail "$PSW" entry add psw0 pan 100 mac "$N1" xlate ext "$E9" 1 "uplink"
	check_fail "$PSW" pan set psw0 100 flood add uplink 1 "uplink"
}

case_no_local()
{
	local re="underlay"

	check_fail "$PSW" entry add psw0 pan 100 mac "$N1" encap vxlan remote "$R4" 1 "$re"
	check_fail "$PSW" entry add psw0 pan 100 mac "$N1" encap etherip remote "$R6" 1 "$re"
	check_fail "$PSW" pan set psw0 100 flood add remote "$R4" encap nvgre 1 "$re"
}

case_underlay_set()
{
	check_run ip addr add "$LOCAL4"/24 dev upl || return 1
	check_run "$PSW" port add psw0 dev upl uplink || return 1
	check_run "$PSW" switch set psw0 underlay "$LOCAL4" || return 1
	check_json "$PSW" -j switch show psw0 || return 1
	check_jq "$JSON" '.[0] | .local4 == $l and .vxlan_port == 4789 and
		(has("local6") | not)' --arg l "$LOCAL4"
	check_json "$PSW" -j port show psw0 dev upl || return 1
	check_jq "$JSON" '.[0] | .role == "uplink" and (has("ext") or has("pan") | not)'
}

case_second_uplink()
{
	check_fail "$PSW" port add psw0 dev upl2 uplink 1 "already has an uplink"
}

# Only local4 is set: an IPv6 remote has no source.
case_family_without_local()
{
	local re="family|underlay"

	check_fail "$PSW" entry add psw0 pan 100 mac "$N1" encap vxlan remote "$R6" 1 "$re"
	check_fail "$PSW" pan set psw0 100 flood add remote "$R6" encap nvgre 1 "$re"
	check_run "$PSW" switch set psw0 underlay6 "$LOCAL6" || return 1
	check_json "$PSW" -j switch show psw0 || return 1
	check_jq "$JSON" '.[0] | .local4 == $a and .local6 == $b' --arg a "$LOCAL4" --arg b "$LOCAL6"
}

# bad_remote ADDR ERE [entry]: refused as an entry's remote and (unless
# "entry") as a flood member.
bad_remote()
{
	check_fail "$PSW" entry add psw0 pan 100 mac "$N1" encap vxlan remote "$1" 1 "$2"
	[[ ${3:-} == entry ]] ||
		check_fail "$PSW" pan set psw0 100 flood add remote "$1" encap nvgre 1 "$2"
}

case_bad_remotes()
{
	# A multicast flood member is left open (the reserved mcast mode).
	bad_remote 224.0.0.1 "unicast" entry
	bad_remote 239.1.2.3 "unicast" entry
	bad_remote 255.255.255.255 "unicast"
	bad_remote 0.0.0.0 "zero"
	bad_remote 127.0.0.1 "loopback"
	bad_remote ff02::1 "unicast" entry
	bad_remote :: "zero"
	bad_remote ::1 "loopback"
	bad_remote fe80::1 "link-local"
	# Its own underlay address: the switch would accept its own packets.
	bad_remote "$LOCAL4" "own underlay address"
	bad_remote "$LOCAL6" "own underlay address"
}

case_bad_locals()
{
	check_fail "$PSW" switch set psw0 underlay 224.0.0.1 1 "unicast"
	check_fail "$PSW" switch set psw0 underlay 127.0.0.1 1 "loopback"
	check_fail "$PSW" switch set psw0 underlay6 ff02::1 1 "unicast"
	check_fail "$PSW" switch set psw0 underlay6 ::1 1 "loopback"
	check_fail "$PSW" pan set psw0 100 pan-addr 224.0.0.9 1 "unicast"
}

# ---- external MACs ------------------------------------------------------------

case_duplicate_ext()
{
	local re="external MAC.*(already|in use)"

	# vm1's port has E1: no entry of any PAN may have it.
	check_fail "$PSW" entry add psw0 pan 100 mac "$N1" xlate ext "$E1" 1 "$re"
	check_fail "$PSW" entry add psw0 pan 200 mac "$N1" xlate ext "$E1" 1 "$re"
	# An entry has E2: no port and no other entry may have it.
	check_run "$PSW" entry add psw0 pan 100 mac "$N2" xlate ext "$E2" || return 1
	check_fail "$PSW" port add psw0 dev vm2 pan 200 mac "$M2" ext "$E2" 1 "$re"
	check_fail "$PSW" port add psw0 dev vm2 pan 100 mac "$M2" ext "$E2" 1 "$re"
	check_fail "$PSW" entry add psw0 pan 200 mac "$N1" xlate ext "$E2" 1 "$re"
	check_fail "$PSW" entry replace psw0 pan 100 mac "$N2" xlate ext "$E1" 1 "$re"
	# Replacing with its own external MAC is no conflict; replacing with
	# another frees the old one.
	check_run "$PSW" entry replace psw0 pan 100 mac "$N2" xlate ext "$E2" || return 1
	check_run "$PSW" entry replace psw0 pan 100 mac "$N2" xlate ext "$E3" || return 1
	check_run "$PSW" port add psw0 dev vm2 pan 200 mac "$M2" ext "$E2" || return 1
	check_json "$PSW" -j port show psw0 dev vm2 || return 1
	check_jq "$JSON" '.[0] | .pan == 200 and .macs == [$m] and .ext == $e' \
		--arg m "$M2" --arg e "$E2"
	# Detaching the port frees its external MAC.
	check_run "$PSW" port del psw0 dev vm2 || return 1
	check_run "$PSW" entry add psw0 pan 200 mac "$N1" xlate ext "$E2" || return 1
	check_run "$PSW" entry del psw0 pan 200 mac "$N1"
}

case_bad_ext()
{
	check_fail "$PSW" port add psw0 dev vm3 pan 100 mac "$M3" ext 01:00:5e:00:00:01 1 "unicast"
	check_fail "$PSW" port add psw0 dev vm3 pan 100 mac "$M3" ext 00:00:00:00:00:00 1 "unicast|zero"
	check_fail "$PSW" entry add psw0 pan 100 mac "$N1" xlate ext ff:ff:ff:ff:ff:ff 1 "unicast"
	check_fail "$PSW" entry add psw0 pan 100 mac "$N1" xlate ext 00:00:00:00:00:00 1 "unicast|zero"
}

# ---- local addresses in use -------------------------------------------------------

case_local_in_use()
{
	local re="use"

	check_run "$PSW" entry add psw0 pan 100 mac "$N4" encap vxlan remote "$R4" || return 1
	check_fail "$PSW" switch set psw0 underlay none 1 "$re"
	check_run "$PSW" entry del psw0 pan 100 mac "$N4" || return 1
	check_run "$PSW" pan set psw0 100 flood add remote 192.0.2.3 encap nvgre || return 1
	check_fail "$PSW" switch set psw0 underlay none 1 "$re"
	check_run "$PSW" pan set psw0 100 flood del remote 192.0.2.3 encap nvgre || return 1
	check_run "$PSW" entry add psw0 pan 200 mac "$N4" encap etherip remote "$R6" || return 1
	check_fail "$PSW" switch set psw0 underlay6 none 1 "$re"
	check_run "$PSW" entry del psw0 pan 200 mac "$N4" || return 1
	# Unused now: both can go, and come back.
	check_run "$PSW" switch set psw0 underlay none underlay6 none || return 1
	check_json "$PSW" -j switch show psw0 || return 1
	check_jq "$JSON" '.[0] | (has("local4") or has("local6")) | not'
	check_run "$PSW" switch set psw0 underlay "$LOCAL4" underlay6 "$LOCAL6"
}

case_pan_local()
{
	check_fail "$PSW" pan set psw0 100 pan-addr "$LOCAL4" 1 "underlay"
	check_fail "$PSW" pan set psw0 100 pan-addr "$LOCAL6" 1 "underlay"
	check_run "$PSW" pan set psw0 100 pan-addr 192.0.2.50 || return 1
	check_run "$PSW" pan set psw0 100 pan-addr 2001:db8::50 || return 1
	check_fail "$PSW" pan set psw0 200 pan-addr 192.0.2.50 1 "another PAN"
	check_fail "$PSW" switch set psw0 underlay 192.0.2.50 1 "PAN"
	check_json "$PSW" -j pan show psw0 || return 1
	check_jq "$JSON" '(.[] | select(.pan == 100) | .local4 == "192.0.2.50" and
		.local6 == "2001:db8::50") and
		(.[] | select(.pan == 200) | has("local4") or has("local6") | not)'
	check_run "$PSW" pan set psw0 100 pan-addr none || return 1
	check_json "$PSW" -j pan show psw0 100 || return 1
	check_jq "$JSON" '.[0] | has("local4") or has("local6") | not'
}

case_flood_list()
{
	local re="already a member"

	check_run "$PSW" pan set psw0 100 flood add uplink || return 1
	check_fail "$PSW" pan set psw0 100 flood add uplink 1 "$re"
	check_run "$PSW" pan set psw0 100 flood add remote "$R4" encap vxlan || return 1
	check_fail "$PSW" pan set psw0 100 flood add remote "$R4" encap vxlan 1 "$re"
	check_run "$PSW" pan set psw0 100 flood add remote "$R6" encap nvgre || return 1
	check_json "$PSW" -j pan show psw0 100 || return 1
	check_jq "$JSON" '.[0].flood | length == 3 and
		any(.[]; .uplink == true and (has("remote") | not)) and
		any(.[]; .encap == "vxlan" and .remote == $r4 and (has("uplink") | not)) and
		any(.[]; .encap == "nvgre" and .remote == $r6)' --arg r4 "$R4" --arg r6 "$R6"
	check_run "$PSW" pan set psw0 100 flood del remote "$R4" encap vxlan || return 1
	check_fail "$PSW" pan set psw0 100 flood del remote "$R4" encap vxlan \
		1 "not a member|not in the flood list|no such|not found|does not exist"
	check_json "$PSW" -j pan show psw0 100 || return 1
	check_jq "$JSON" '.[0].flood | length == 2 and all(.[]; .remote != $r4)' --arg r4 "$R4"
	# PAN 200's list is its own.
	check_json "$PSW" -j pan show psw0 200 || return 1
	check_jq "$JSON" '(.[0].flood // []) | length == 0'
}

case_vxlan_port()
{
	local out

	check_run "$PSW" switch set psw0 vxlan-port 4790 || return 1
	check_json "$PSW" -j switch show psw0 || return 1
	check_jq "$JSON" '.[0].vxlan_port == 4790'
	check_run "$PSW" switch set psw0 vxlan-port 4789 || return 1
	# A Linux vxlan device holds UDP port 4791.
	check_run ip link add name vxh0 type vxlan id 9 dstport 4791 local "$LOCAL4" dev upl ||
		return 1
	defer ip link del dev vxh0
	check_run ip link set vxh0 up || return 1
	check_fail "$PSW" switch set psw0 vxlan-port 4791 1 "in use|busy"
	check_run ip link del dev vxh0
}

# ---- output -------------------------------------------------------------------------

case_json_shape()
{
	check_run "$PSW" entry add psw0 pan 100 mac "$N5" encap vxlan remote "$R4" &&
		check_run "$PSW" entry add psw0 pan 100 mac "$N6" encap etherip remote "$R6" || return 1
	check_json "$PSW" -j entry show psw0 pan 100 || return 1
	check_jq "$JSON" '.[] | select(.mac == $m) | .mode == "xlate" and .ext == $e and
		.origin == "user" and (has("dev") or has("remote") or has("encap") | not)' \
		--arg m "$N2" --arg e "$E3"
	check_jq "$JSON" '.[] | select(.mac == $m) | .mode == "encap" and .encap == "vxlan" and
		.remote == $r and .origin == "user" and (has("dev") or has("ext") | not)' \
		--arg m "$N5" --arg r "$R4"
	check_jq "$JSON" '.[] | select(.mac == $m) | .mode == "encap" and .encap == "etherip" and
		.remote == $r' --arg m "$N6" --arg r "$R6"
	check_jq "$JSON" '.[] | select(.mac == $m) | .mode == "local" and .dev == "vm1" and
		.ext == $e and .origin == "port"' --arg m "$M1" --arg e "$E1"
	check_json "$PSW" -j port show psw0 dev vm1 || return 1
	check_jq "$JSON" '.[0] | .ext == $e and .macs == [$m]' --arg e "$E1" --arg m "$M1"
	check_json "$PSW" -j switch show psw0 || return 1
	check_jq "$JSON" '.[0] | has_keys(["ifname","ifindex","pans","ports","entries",
		"local4","local6","vxlan_port","max_pans","max_entries"]) and
		(has("stats") or has("limit_hits") | not)'
	check_json "$PSW" -j -s switch show psw0 || return 1
	check_jq "$JSON" '.[0].stats | (.encap_rx | type) == "number" and
		(.drops.unknown_pan | type) == "number" and (.drops.bad_tunnel | type) == "number"'
	check_json "$PSW" -j stats show psw0 pan 100 || return 1
	check_jq "$JSON" '.[0] as $o | all(["xlate_tx","xlate_rx","encap_tx","encap_rx"][];
		($o[.] | type) == "number")'
	check_jq "$JSON" '.[0].drops as $d | all(["no_uplink","no_ext_mac","bad_payload",
		"no_local","no_route","frag_needed","bad_tunnel","unknown_pan","no_entry",
		"unknown_src","unknown_remote","local_source","unicast_in_l2_mcast"][];
		($d[.] | type) == "number")'
	check_json "$PSW" -j pan show psw0 100 || return 1
	check_jq "$JSON" '.[0].accept == "remotes"'
	check_run "$PSW" pan set psw0 100 accept any || return 1
	check_json "$PSW" -j pan show psw0 100 || return 1
	check_jq "$JSON" '.[0].accept == "any"'
	check_match "text: accept" "^psw0 pan 100 .* accept any( |\$)" \
		"$("$PSW" pan show psw0 100 2>&1)"
	check_run "$PSW" pan set psw0 100 accept remotes
}

case_text_output()
{
	local text

	text=$("$PSW" entry show psw0 pan 100 2>&1 | sed -E 's/[[:blank:]]+/ /g; s/ $//')
	check_match "text: xlate entry" "^psw0 pan 100 mac $N2 xlate ext $E3 origin user\$" "$text"
	check_match "text: encap entry" "^psw0 pan 100 mac $N5 encap vxlan remote $R4 origin user\$" "$text"
	check_match "text: encap entry, IPv6" "^psw0 pan 100 mac $N6 encap etherip remote $R6 origin user\$" "$text"
	check_match "text: local entry of a port with an external MAC" \
		"^psw0 pan 100 mac $M1 local dev vm1 ext $E1 origin port\$" "$text"
	text=$("$PSW" switch show psw0 2>&1)
	check_match "text: switch underlay" "underlay $LOCAL4( |\$)" "$text"
	check_match "text: switch underlay, IPv6" "underlay6 $LOCAL6( |\$)" "$text"
	check_match "text: switch VXLAN port" "vxlan-port 4789( |\$)" "$text"
	check_run "$PSW" pan set psw0 200 pan-addr 192.0.2.62 pan-addr 2001:db8::62 || return 1
	text=$("$PSW" pan show psw0 200 2>&1)
	check_match "text: PAN addresses" \
		"^psw0 pan 200 .*pan-addr 192.0.2.62 pan-addr 2001:db8::62( |\$)" "$text"
	check_run "$PSW" pan set psw0 200 pan-addr none
}

# ---- deprecated keywords ---------------------------------------------------------------

# alias_state: what the aliases may change, as JSON: the switch's
# underlay, PAN 200's addresses and flood list, and one entry of PAN 200.
alias_state()
{
	{
		"$PSW" -j switch show psw0 | jq -c '.[0] | {local4, local6, vxlan_port}'
		"$PSW" -j pan show psw0 200 | jq -c '.[0] | {local4, local6, flood}'
		"$PSW" -j entry show psw0 pan 200 mac "$N8"
	} 2>&1
}

# The old keywords local (switch set: underlay; pan set: pan-addr), local6
# (underlay6) and ipip (etherip) are accepted for one release. Each pair
# below is "NEW|OLD|UNDO": panswitch OLD must make exactly the state that
# panswitch NEW makes, each starting from the same state (UNDO in
# between), and that state must differ from the one before, so a keyword
# that changed nothing fails here.
case_deprecated_aliases()
{
	local base pair cnew cold undo snew sold
	local -a pairs=(
		"switch set psw0 underlay 192.0.2.11 underlay6 2001:db8::11|switch set psw0 local 192.0.2.11 local6 2001:db8::11|switch set psw0 underlay $LOCAL4 underlay6 $LOCAL6"
		"pan set psw0 200 pan-addr 192.0.2.63 pan-addr 2001:db8::63|pan set psw0 200 local 192.0.2.63 local 2001:db8::63|pan set psw0 200 pan-addr none"
		"pan set psw0 200 flood add remote 192.0.2.64 encap etherip|pan set psw0 200 flood add remote 192.0.2.64 encap ipip|pan set psw0 200 flood del remote 192.0.2.64 encap etherip"
		"entry add psw0 pan 200 mac $N8 encap etherip remote 192.0.2.64|entry add psw0 pan 200 mac $N8 encap ipip remote 192.0.2.64|entry del psw0 pan 200 mac $N8"
	)

	base=$(alias_state)
	for pair in "${pairs[@]}"; do
		IFS='|' read -r cnew cold undo <<<"$pair"
		# shellcheck disable=SC2086 # word lists
		check_run "$PSW" $cnew || return 1
		snew=$(alias_state)
		# shellcheck disable=SC2086
		check_run "$PSW" $undo || return 1
		check_eq "back to the state before: $undo" "$base" "$(alias_state)" || return 1
		# shellcheck disable=SC2086
		check_run "$PSW" $cold || return 1
		sold=$(alias_state)
		# shellcheck disable=SC2086
		check_run "$PSW" $undo || return 1
		if [[ $snew == "$base" ]]; then
			fail "'$cnew' changed nothing"
			return 1
		fi
		check_eq "'$cold' makes the state of '$cnew'" "$snew" "$sold"
	done
	# Negative controls: a near miss is no alias, is refused before the
	# kernel with the keyword named, and changes nothing.
	check_fail "$PSW" switch set psw0 local4 192.0.2.12 2 'unknown keyword "local4"'
	check_fail "$PSW" switch set psw0 pan-addr 192.0.2.12 2 'unknown keyword "pan-addr"'
	check_fail "$PSW" pan set psw0 200 underlay 192.0.2.65 2 'unknown keyword "underlay"'
	check_fail "$PSW" pan set psw0 200 local6 2001:db8::65 2 'unknown keyword "local6"'
	check_fail "$PSW" entry add psw0 pan 200 mac "$N8" encap IPIP remote 192.0.2.64 \
		2 'unknown encapsulation "IPIP" \(vxlan, nvgre or etherip\)'
	check_eq "state after the refusals" "$base" "$(alias_state)"
}

# ---- CLI usage errors ------------------------------------------------------------------

# "ARGS|MESSAGE" pairs: panswitch ARGS exits 2 with MESSAGE (an ERE).
USAGE_ERRORS=(
	"entry add psw0 pan 100 mac $N8 encap vxlan remote foo|\"foo\" is not an IPv4 or IPv6 address"
	"entry add psw0 pan 100 mac $N8 encap foo remote $R4|unknown encapsulation \"foo\""
	"entry add psw0 pan 100 mac $N8 encap vxlan|\"encap\" needs \"remote ADDR\""
	"entry add psw0 pan 100 mac $N8 encap vxlan remote|missing argument after \"remote\""
	"entry add psw0 pan 100 mac $N8 encap|missing argument after \"encap\""
	"entry add psw0 pan 100 mac $N8 xlate|\"xlate\" needs \"ext MAC\""
	"entry add psw0 pan 100 mac $N8 xlate ext zz|invalid MAC address \"zz\""
	"entry add psw0 pan 100 mac $N8 xlate ext $E9 remote $R4|\"remote\" is only allowed with \"encap\""
	"entry add psw0 pan 100 mac $N8 drop ext $E9|\"ext\" is only allowed with \"xlate\""
	"switch set psw0 underlay foo|\"foo\" is not an IPv4 address"
	"switch set psw0 underlay $LOCAL6|is not an IPv4 address"
	"switch set psw0 underlay6 $LOCAL4|is not an IPv6 address"
	"switch set psw0 vxlan-port 0|invalid UDP port \"0\""
	"switch set psw0 vxlan-port 65536|invalid UDP port \"65536\""
	"switch set psw0 vxlan-port abc|invalid UDP port \"abc\""
	"switch set psw0|nothing to set"
	"switch set psw0 max-pans 0|invalid max-pans \"0\""
	"switch set psw0 max-entries 2147483649|invalid max-entries \"2147483649\""
	"pan set psw0 100 flood add remote $R4|\"remote\" needs \"encap ENCAP\""
	"pan set psw0 100 flood add|missing flood member"
	"pan set psw0 100 flood foo uplink|\"flood\" needs \"add\" or \"del\""
	"pan set psw0 100 flood add uplink remote $R4 encap vxlan|\"uplink\" cannot be combined"
	"pan set psw0 100 pan-addr foo|\"foo\" is not an IPv4 or IPv6 address"
	"pan set psw0 100 accept all|\"accept\" takes \"remotes\" or \"any\", not \"all\""
	"pan set psw0 100 accept|missing argument after \"accept\""
	"pan set psw0 100 accept any flood add uplink|\"flood\" cannot be combined with \"accept\""
	"port add psw0 dev vm3 pan 100 mac $M3 mac $N8 ext $E9|\"ext\" needs a port with exactly one MAC"
	"port add psw0 dev vm3 uplink ext $E9|\"ext\" is not allowed with \"uplink\""
)

case_usage_error()
{
	local args=${1%%|*} msg=${1#*|}

	# shellcheck disable=SC2086 # $args is a word list
	check_fail "$PSW" $args 2 "$msg"
}

# ---- unprivileged ---------------------------------------------------------------------

UNPRIV_CHANGES=(
	"switch set psw0 underlay 192.0.2.9"
	"switch set psw0 vxlan-port 4792"
	"switch set psw0 max-pans 100000"
	"switch set psw0 max-entries 1000000"
	"pan set psw0 200 pan-addr 192.0.2.60"
	"pan set psw0 200 accept any"
	"pan set psw0 200 flood add remote 192.0.2.4 encap vxlan"
	"pan set psw0 100 flood del uplink"
	"entry add psw0 pan 100 mac $N8 xlate ext $E9"
	"entry add psw0 pan 100 mac $N8 encap nvgre remote 192.0.2.4"
	"port add psw0 dev vm3 pan 100 mac $M3 ext $E9"
	"port add psw0 dev upl2 uplink"
)

case_unpriv_refused()
{
	unpriv_usable || {
		skip "setpriv cannot drop to uid 65534 (needs util-linux setpriv)"
		return
	}
	check_fail "${UNPRIV[@]}" "$PSW" "$@" 1 "Operation not permitted"
}

case_unpriv_show()
{
	local args root

	unpriv_usable || {
		skip "setpriv cannot drop to uid 65534 (needs util-linux setpriv)"
		return
	}
	for args in "switch show psw0" "pan show psw0" "entry show psw0" "port show psw0"; do
		# shellcheck disable=SC2086 # $args is a word list
		root=$("$PSW" -j $args 2>&1)
		# shellcheck disable=SC2086
		check_run "${UNPRIV[@]}" "$PSW" -j $args || continue
		check_eq "panswitch -j $args as uid 65534 prints what root sees" "$root" "$OUT"
	done
}

# ---- monitor -----------------------------------------------------------------------------

# mon_has FILE FILTER N: at least N events in FILE match the jq FILTER.
mon_has()
{
	local n

	n=$(jq -c "select($2)" "$1" 2>/dev/null | grep -c .)
	((n >= $3))
}

case_monitor()
{
	local mon=$TMPD/monitor.json pid

	"$PSW" -j monitor >"$mon" 2>"$mon.stderr" &
	pid=$!
	defer kill "$pid"
	if ! wait_until 100 monitor_synced "$mon"; then
		fail "panswitch -j monitor printed nothing for pan add/del psw0 4000 within 10 s"
		diag_output "$(cat "$mon" "$mon.stderr")"
		return 1
	fi
	check_run "$PSW" switch set psw0 vxlan-port 4793 &&
		check_run "$PSW" switch set psw0 vxlan-port 4789 &&
		check_run "$PSW" pan set psw0 200 pan-addr 192.0.2.61 accept any &&
		check_run "$PSW" pan set psw0 200 flood add remote 192.0.2.5 encap nvgre &&
		check_run "$PSW" pan set psw0 200 flood del remote 192.0.2.5 encap nvgre &&
		check_run "$PSW" entry add psw0 pan 200 mac "$N9" xlate ext "$E9" &&
		check_run "$PSW" entry add psw0 pan 200 mac "$N10" encap vxlan remote 192.0.2.5 &&
		check_run "$PSW" pan set psw0 200 pan-addr none || return 1
	wait_until 50 mon_has "$mon" '.object == "entry" and .mac == "'"$N10"'"' 1
	wait_until 50 mon_has "$mon" '.object == "pan" and .pan == 200' 4
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	if ! jq -e . "$mon" >/dev/null 2>&1; then
		fail "panswitch -j monitor: not one JSON object per line" "  output:"
		diag_output "$(cat "$mon")"
		return 1
	fi
	JSON=$(jq -s . "$mon")
	check_jq "$JSON" 'any(.[]; .event == "set" and .object == "switch" and
		.ifname == "psw0" and .vxlan_port == 4793)'
	check_jq "$JSON" 'any(.[]; .event == "set" and .object == "switch" and
		.ifname == "psw0" and .vxlan_port == 4789 and .local4 == $l)' --arg l "$LOCAL4"
	check_jq "$JSON" 'any(.[]; .event == "set" and .object == "pan" and .pan == 200 and
		.local4 == "192.0.2.61" and .accept == "any")'
	# flood add, flood del, local none: each announced as the PAN after it.
	check_jq "$JSON" '[.[] | select(.object == "pan" and .pan == 200 and .event == "set") |
		[.local4 // "-", ((.flood // []) | map(.remote // "uplink") | join(","))]] ==
		[["192.0.2.61", ""], ["192.0.2.61", "192.0.2.5"], ["192.0.2.61", ""], ["-", ""]]'
	check_jq "$JSON" 'any(.[]; .event == "set" and .object == "pan" and .pan == 200 and
		any(.flood[]?; .encap == "nvgre" and .remote == "192.0.2.5"))'
	check_jq "$JSON" 'any(.[]; .event == "new" and .object == "entry" and .pan == 200 and
		.mac == $m and .mode == "xlate" and .ext == $e)' --arg m "$N9" --arg e "$E9"
	check_jq "$JSON" 'any(.[]; .event == "new" and .object == "entry" and .pan == 200 and
		.mac == $m and .mode == "encap" and .encap == "vxlan" and .remote == "192.0.2.5")' \
		--arg m "$N10"
}

require_tools
ensure_module
kmsg_mark
ktap_plan $((20 + ${#USAGE_ERRORS[@]} + ${#UNPRIV_CHANGES[@]})) 1
run_setup "psw0 with PANs 100 and 200, vm1 with an external MAC" setup
run_case "xlate entry / uplink flood member without an uplink: refused" case_no_uplink
run_case "encap entry / remote flood member without a local address: refused" case_no_local
run_case "uplink attached, switch set underlay: shown in JSON" case_underlay_set
run_case "a second uplink is refused" case_second_uplink
run_case "an IPv6 remote with only local4 set is refused; local6 set" case_family_without_local
run_case "multicast, broadcast, zero, loopback, link-local remotes are refused" case_bad_remotes
run_case "multicast and loopback local addresses are refused" case_bad_locals
run_case "an external MAC is unique on the switch (ports, entries, across PANs)" case_duplicate_ext
run_case "multicast and zero external MACs are refused" case_bad_ext
run_case "a local address that entries or flood members use cannot be cleared" case_local_in_use
run_case "a PAN address: not the underlay's, not another PAN's; set and cleared" case_pan_local
run_case "flood list: add, del, duplicates refused, JSON" case_flood_list
run_case "vxlan-port: set, and refused when another socket holds the port" case_vxlan_port
run_case "JSON of xlate/encap entries, ext MACs, switch underlay and stats" case_json_shape
run_case "text output uses the input keywords" case_text_output
long_case "deprecated keywords local, local6, ipip: the new keywords' state; near misses refused" \
	case_deprecated_aliases
for u in "${USAGE_ERRORS[@]}"; do
	run_case "usage error (exit 2): panswitch ${u%%|*}" case_usage_error "$u"
done
for change in "${UNPRIV_CHANGES[@]}"; do
	# shellcheck disable=SC2086 # $change is a word list
	run_case "unprivileged: '$change' is refused with EPERM" case_unpriv_refused $change
done
run_case "unprivileged: show of the new fields works, prints what root sees" case_unpriv_show
run_case "monitor -j: switch set, pan set, flood add/del, new entries" case_monitor
run_case "no kernel warnings" check_kernel_log
ktap_finish
