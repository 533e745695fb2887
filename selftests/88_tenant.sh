#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 88_tenant.sh - the tenant map and trunk ports (seed 001, issue 17 item
# 1): a trunk port from a "nested hypervisor" carries five tenants, three
# by the source MAC's OUI, one by 802.1Q VLAN, one by OUI and VLAN, with
# the same inner addresses in every PAN. Each tenant reaches its own PAN's
# VM only (pings; the other PANs' VMs receive nothing, with the tenant's
# own VM as the positive control of the same case); a frame whose OUI or
# VLAN has no map entry is dropped no_tenant and delivered nowhere;
# refusals (unknown PAN, I/G bit, VLAN 0 and 4095, a duplicate key, a
# VLAN that differs from the PAN's other entries, the full map, a PAN
# named by the map) each with its message and state unchanged; uid 65534
# and a user namespace's root are refused; tenant del under a 10 ms ping
# stops the flow; announcements on the notify group; dumps of a full map.
#
#   nest (the nested hypervisor)                    psw0
#   eth0 --------------------------------------- trunk0 (trunk, oui+vlan)
#    |- macvlan 02:a1:00:00:00:01 -> ns ta  10.0.0.1   PAN 101 (oui 02:a1:00)
#    |- macvlan 02:b2:00:00:00:01 -> ns tb  10.0.0.1   PAN 102 (oui 02:b2:00,
#    |                                                 pan set ... oui)
#    |- macvlan 02:c3:00:00:00:01 -> ns tc  10.0.0.1   PAN 103 (oui 02:c3:00)
#    |- macvlan 02:99:00:00:00:01 -> ns tx  10.0.0.9   no entry (no_tenant)
#   eth0.200
#    |- macvlan 02:77:00:00:00:01 -> ns tv  10.0.0.1   PAN 104 (vlan 200)
#   eth0.300
#    |- macvlan 02:e5:00:00:00:01 -> ns to  10.0.0.1   PAN 105 (oui 02:e5:00
#                                                       vlan 300)
#   eth0.999
#    |- macvlan 02:a1:00:00:00:09 -> ns ty  10.0.0.9   no entry (vlan 999)
#
#   vm ports of psw0: a2 b2 c2 v2 o2, 10.0.0.2 each, in PANs 101..105.

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

NEST="$TAG-nest"
TENANTS=(a b c v o)			# nested VM t$x, vm port ${x}2
declare -A T_PAN=([a]=101 [b]=102 [c]=103 [v]=104 [o]=105)
declare -A T_MAC=([a]=02:a1:00:00:00:01 [b]=02:b2:00:00:00:01
	[c]=02:c3:00:00:00:01 [v]=02:77:00:00:00:01 [o]=02:e5:00:00:00:01)
declare -A T_LOWER=([a]=eth0 [b]=eth0 [c]=eth0 [v]=eth0.200 [o]=eth0.300)
SPARE=106				# a PAN with no port, for the map

# nested_vm NAME LOWER MAC ADDR: a macvlan of NEST's LOWER with MAC, moved
# into namespace $TAG-NAME as its eth0 with ADDR/24 (a VM of the nested
# hypervisor); vm_exec and check_ping know it as NAME.
nested_vm()
{
	local vm=$1 lower=$2 mac=$3 addr=$4 ns="$TAG-$1"

	check_run ip netns add "$ns" || return 1
	defer ip netns del "$ns"
	VM_NS[$vm]=$ns
	set_sysctl "$ns" net/ipv6/conf/all/disable_ipv6 1
	set_sysctl "$ns" net/ipv6/conf/default/disable_ipv6 1
	check_run ip -n "$NEST" link add "mv$vm" link "$lower" address "$mac" \
		type macvlan mode private || return 1
	check_run ip -n "$NEST" link set "mv$vm" netns "$ns" name eth0 || return 1
	check_run ip -n "$ns" link set lo up &&
		check_run ip -n "$ns" addr add "$addr/24" dev eth0 &&
		check_run ip -n "$ns" link set eth0 up
}

setup()
{
	local x vid

	load_kmods veth macvlan 8021q
	switch_add psw0 || return 1
	check_run ip link set psw0 up || return 1
	for x in "${TENANTS[@]}"; do
		check_run "$PSW" pan add psw0 "${T_PAN[$x]}" || return 1
		vm_port_add "${x}2" "02:0${T_PAN[$x]: -1}:00:00:00:02" 10.0.0.2 \
			"${T_PAN[$x]}" || return 1
	done
	check_run "$PSW" pan add psw0 "$SPARE" || return 1
	# the nested hypervisor: its eth0 is trunk0's peer
	check_run ip netns add "$NEST" || return 1
	defer ip netns del "$NEST"
	set_sysctl "$NEST" net/ipv6/conf/all/disable_ipv6 1
	set_sysctl "$NEST" net/ipv6/conf/default/disable_ipv6 1
	remove_stale_link trunk0 || return 1
	check_run ip link add trunk0 type veth peer name eth0 netns "$NEST" || return 1
	defer ip link del dev trunk0
	no_ipv6 - trunk0
	check_run ip link set trunk0 up || return 1
	check_run ip -n "$NEST" link set eth0 up || return 1
	for vid in 200 300 999; do
		check_run ip -n "$NEST" link add link eth0 name "eth0.$vid" \
			type vlan id "$vid" || return 1
		check_run ip -n "$NEST" link set "eth0.$vid" up || return 1
	done
	for x in "${TENANTS[@]}"; do
		nested_vm "t$x" "${T_LOWER[$x]}" "${T_MAC[$x]}" 10.0.0.1 || return 1
		# The vm port's VM never asks for 10.0.0.1: an ARP broadcast
		# of an OUI tenant reaches every macvlan of the nested
		# hypervisor's eth0 (demultiplexing broadcasts by OUI is seed
		# 001's multicast rewrite, issue 17 item 2).
		static_neigh "${x}2" 10.0.0.1 "${T_MAC[$x]}" || return 1
	done
	nested_vm tx eth0 02:99:00:00:00:01 10.0.0.9 || return 1
	nested_vm ty eth0.999 02:a1:00:00:00:09 10.0.0.9 || return 1

	check_run "$PSW" port add psw0 dev trunk0 trunk classify oui+vlan || return 1
	check_run "$PSW" tenant add psw0 oui 02:a1:00 pan 101 || return 1
	check_run "$PSW" pan set psw0 102 oui 02:b2:00 || return 1
	check_run "$PSW" tenant add psw0 oui 02:c3:00 pan 103 || return 1
	check_run "$PSW" tenant add psw0 vlan 200 pan 104 || return 1
	check_run "$PSW" tenant add psw0 oui 02:e5:00 vlan 300 pan 105
}

# The vm ports' VMs' received packets, all five.
VM_RX=()
vm_rx_specs()
{
	local x

	VM_RX=()
	for x in "${TENANTS[@]}"; do
		VM_RX+=("vm:${x}2:rx")
	done
}

# case_tenant X: nested VM tX pings 10.0.0.2 and gets the answer of its
# own PAN's VM (the neighbour it learnt is that VM's MAC); no other PAN's
# VM receives anything meanwhile, and its own does (the control).
case_tenant()
{
	local x=$1 y own mac

	vm_rx_specs
	flush_neigh "t$x"
	snap "${VM_RX[@]}" "pan:psw0:${T_PAN[$x]}:rx_packets" \
		"port:psw0:trunk0:tx_packets"
	check_ping "t$x" 10.0.0.2 || return 1
	own="02:0${T_PAN[$x]: -1}:00:00:00:02"
	mac=$(ip -n "$(vm_ns "t$x")" -j neigh show 10.0.0.2 dev eth0 |
		jq -r '.[0].lladdr')
	check_eq "t$x's neighbour 10.0.0.2 is ${x}2 of PAN ${T_PAN[$x]}" \
		"$own" "$mac" || return 1
	for y in "${TENANTS[@]}"; do
		if [[ $y == "$x" ]]; then
			expect_delta "vm:${y}2:rx" ge 2 || return 1
		else
			expect_delta "vm:${y}2:rx" eq 0 || return 1
		fi
	done
	expect_delta "pan:psw0:${T_PAN[$x]}:rx_packets" ge 2 &&
		expect_delta "port:psw0:trunk0:tx_packets" ge 2
}

# The tag of PAN 104's and 105's frames toward the trunk: a capture on
# trunk0 of t$1's ping shows its VLAN, and no untagged echo reply.
case_tagged_out()
{
	local x=$1 vid=$2 pcap=$TMPD/trunk-$1.pcap pid out

	command -v tcpdump >/dev/null || { fail "tcpdump is needed"; return 1; }
	flush_neigh "t$x"
	tcpdump -i trunk0 -nn -e -U -w "$pcap" icmp or vlan >/dev/null 2>"$pcap.err" &
	pid=$!
	defer kill "$pid"
	wait_until 100 grep -q "listening on" "$pcap.err" ||
		{ fail "tcpdump did not start"; diag_output "$(cat "$pcap.err")"; return 1; }
	check_ping "t$x" 10.0.0.2 || return 1
	# the capture has the replies: every reply got to t$x through it
	wait_until 50 eval "tcpdump -r '$pcap' -nn 2>/dev/null | grep -q 'echo reply'"
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	out=$(tcpdump -r "$pcap" -nn -e 2>/dev/null)
	check_match "echo replies to t$x leave trunk0 tagged $vid" \
		"vlan $vid, .*ICMP echo reply" "$out" || return 1
	check_no_match "no untagged echo reply on trunk0" \
		"^[^v]*ethertype IPv4 .*ICMP echo reply" "$out"
}

# case_no_tenant VM KEY...: VM's frames have no map entry: no_tenant
# counts on trunk0, nothing counts as received, no vm port's VM receives
# anything. The control: with the entry KEY -> the spare PAN, the same
# frames are taken into it.
case_no_tenant()
{
	local vm=$1 y
	shift

	vm_rx_specs
	snap "${VM_RX[@]}" "port:psw0:trunk0:drops.no_tenant" \
		"port:psw0:trunk0:rx_packets"
	send_frames "$vm" 10.0.0.2
	expect_delta "port:psw0:trunk0:drops.no_tenant" ge 2 || return 1
	expect_delta "port:psw0:trunk0:rx_packets" eq 0 || return 1
	for y in "${TENANTS[@]}"; do
		expect_delta "vm:${y}2:rx" eq 0 || return 1
	done
	check_run "$PSW" tenant add psw0 "$@" pan "$SPARE" || return 1
	# a fresh resolution: the first one's ARP requests may still be
	# retrying (they are the frames counted here), one a second
	flush_neigh "$vm"
	snap "port:psw0:trunk0:rx_packets" "pan:psw0:$SPARE:rx_packets"
	send_frames "$vm" 10.0.0.2
	expect_delta "port:psw0:trunk0:rx_packets" ge 2 &&
		expect_delta "pan:psw0:$SPARE:rx_packets" ge 2 || return 1
	# (ARP retries that come after the entry is gone are no_tenant)
	flush_neigh "$vm"
	check_run "$PSW" tenant del psw0 "$@"
}

case_refusals()
{
	check_fail "$PSW" tenant add psw0 oui 02:0a:00 pan 999 1 \
		"PAN does not exist" || return 1
	check_fail "$PSW" tenant add psw0 oui 03:0a:00 pan 101 1 \
		"I/G \(group\) bit" || return 1
	check_fail "$PSW" tenant add psw0 vlan 0 pan 101 1 \
		"out of range" || return 1
	check_fail "$PSW" tenant add psw0 vlan 4095 pan 104 1 \
		"out of range" || return 1
	check_fail "$PSW" tenant add psw0 oui 02:a1:00 pan 102 1 \
		"entry exists" || return 1
	check_fail "$PSW" pan set psw0 103 oui 02:c3:00 1 \
		"entry exists" || return 1
	check_fail "$PSW" tenant add psw0 oui 02:a1:01 vlan 50 pan 101 1 \
		"carry no VLAN" || return 1
	check_fail "$PSW" tenant add psw0 vlan 201 pan 104 1 \
		"carry another VLAN" || return 1
	check_fail "$PSW" tenant del psw0 oui 02:0a:00 1 \
		"no tenant map entry" || return 1
	check_fail "$PSW" pan del psw0 101 1 "still has ports" || return 1
	check_fail "$PSW" port add psw0 dev trunk0 pan 101 1 \
		"already a port" || return 1
	check_fail "$PSW" port set psw0 dev trunk0 security off 1 \
		"trunk port has no port security" || return 1
	check_fail "$PSW" tenant add psw0 pan 101 2 \
		"missing \"oui OUI\" and/or \"vlan VID\"" || return 1
	check_fail "$PSW" tenant add psw0 oui 02:a1 pan 101 2 \
		"invalid OUI"
}

# A PAN named by the map cannot be deleted; without its entries it can.
case_pan_del()
{
	check_run "$PSW" tenant add psw0 oui 02:5a:00 pan "$SPARE" || return 1
	check_run "$PSW" tenant add psw0 oui 02:5a:01 pan "$SPARE" || return 1
	check_fail "$PSW" pan del psw0 "$SPARE" 1 \
		"named by tenant map entries.*tenant del" || return 1
	check_json "$PSW" -j pan show psw0 "$SPARE" || return 1
	check_jq "$JSON" '.[0].tenants == [{"oui": "02:5a:00"}, {"oui": "02:5a:01"}]' ||
		return 1
	check_run "$PSW" tenant del psw0 oui 02:5a:00 || return 1
	check_run "$PSW" tenant del psw0 oui 02:5a:01 || return 1
	check_run "$PSW" pan del psw0 "$SPARE" || return 1
	check_run "$PSW" pan add psw0 "$SPARE"
}

case_show()
{
	check_json "$PSW" -j tenant show psw0 || return 1
	check_jq "$JSON" '. == [
		{"switch": "psw0", "oui": "02:a1:00", "pan": 101},
		{"switch": "psw0", "oui": "02:b2:00", "pan": 102},
		{"switch": "psw0", "oui": "02:c3:00", "pan": 103},
		{"switch": "psw0", "vlan": 200, "pan": 104},
		{"switch": "psw0", "oui": "02:e5:00", "vlan": 300, "pan": 105}]' ||
		return 1
	check_json "$PSW" -j tenant show psw0 pan 105 || return 1
	check_jq "$JSON" 'length == 1 and .[0].vlan == 300' || return 1
	check_json "$PSW" -j tenant show psw0 oui 02:e5:00 vlan 300 || return 1
	check_jq "$JSON" '.[0].pan == 105' || return 1
	check_json "$PSW" -j port show psw0 dev trunk0 || return 1
	check_jq "$JSON" '.[0].role == "trunk" and .[0].classify == "oui+vlan"' ||
		return 1
	check_json "$PSW" -j pan show psw0 102 || return 1
	check_jq "$JSON" '.[0].tenants == [{"oui": "02:b2:00"}]' || return 1
	check_run "$PSW" tenant show psw0 || return 1
	check_match "text: one line per entry" \
		"^psw0 oui 02:e5:00 vlan 300 pan 105\$" "$OUT"
}

# Up to the limit of the map, with a batch; one more is refused; a dump
# of the full map (many messages) lists every entry once.
case_map_full()
{
	local batch=$TMPD/tenants.batch max n i

	max=4096		# PSW_TENANT_MAX
	n=$("$PSW" -j tenant show psw0 | jq length)
	: >"$batch"
	for ((i = n; i < max; i++)); do
		printf 'tenant add psw0 oui 0a:%02x:%02x pan %s\n' \
			$((i >> 8)) $((i & 255)) "$SPARE" >>"$batch"
	done
	check_run "$PSW" -b "$batch" || return 1
	check_fail "$PSW" tenant add psw0 oui 02:fe:00 pan "$SPARE" 1 \
		"tenant map is full" || return 1
	check_json "$PSW" -j tenant show psw0 || return 1
	check_jq "$JSON" 'length == $m and
		([.[] | "\(.oui) \(.vlan)"] | unique | length) == $m' \
		--argjson m "$max" || return 1
	sed 's/^tenant add \(.*\) pan .*/tenant del \1/' "$batch" >"$batch.del"
	check_run "$PSW" -b "$batch.del" || return 1
	check_json "$PSW" -j tenant show psw0 || return 1
	check_jq "$JSON" 'length == $n' --argjson n "$n"
}

case_unpriv()
{
	local clone=/proc/sys/kernel/unprivileged_userns_clone old args

	unpriv_usable || { fail "setpriv cannot drop to uid 65534"; return 1; }
	for args in "tenant add psw0 oui 02:0b:00 pan $SPARE" \
		"tenant del psw0 oui 02:a1:00" "pan set psw0 $SPARE oui 02:0b:00"; do
		# shellcheck disable=SC2086 # a word list
		check_fail "${UNPRIV[@]}" "$PSW" $args 1 \
			"Operation not permitted" || return 1
	done
	unshare --help 2>&1 | grep -q -- --map-root-user ||
		{ fail "util-linux unshare is needed"; return 1; }
	if [[ -e $clone ]] && old=$(cat "$clone") && [[ $old != 1 ]]; then
		echo 1 >"$clone"
		defer sh -c "echo $old >$clone"
	fi
	# root of a user namespace, in this network namespace (owned by the
	# initial user namespace): no CAP_NET_ADMIN over it
	check_fail "${UNPRIV[@]}" unshare -U -r "$PSW" tenant add psw0 \
		oui 02:0b:00 pan "$SPARE" 1 "Operation not permitted" || return 1
	check_fail "${UNPRIV[@]}" unshare -U -r "$PSW" tenant del psw0 \
		oui 02:a1:00 1 "Operation not permitted" || return 1
	# control: it does read the map
	check_run "${UNPRIV[@]}" unshare -U -r "$PSW" -j tenant show psw0 &&
		check_jq "$OUT" 'length == 5'
}

# tenant del under a 10 ms ping: the flow stops (no_tenant counts, PAN
# 101's VM gets nothing more); before it, the same flow got through.
case_del_under_traffic()
{
	flush_neigh ta
	ping_start del ta 10.0.0.2 || { fail "the ping did not start"; return 1; }
	snap vm:a2:rx "port:psw0:trunk0:drops.no_tenant"
	sleep 1
	expect_delta vm:a2:rx ge 10 || { ping_stop del; return 1; }
	check_run "$PSW" tenant del psw0 oui 02:a1:00 || { ping_stop del; return 1; }
	sleep 0.5
	snap vm:a2:rx "port:psw0:trunk0:drops.no_tenant"
	sleep 1
	ping_stop del
	expect_delta vm:a2:rx eq 0 || return 1
	expect_delta "port:psw0:trunk0:drops.no_tenant" ge 10 || return 1
	check_run "$PSW" tenant add psw0 oui 02:a1:00 pan 101 || return 1
	flush_neigh ta
	check_ping ta 10.0.0.2
}

case_notify()
{
	local mon=$TMPD/tenant-monitor.json pid

	"$PSW" -j monitor >"$mon" 2>&1 &
	pid=$!
	defer kill "$pid"
	wait_until 100 monitor_synced "$mon" || { fail "monitor not listening"; return 1; }
	check_run "$PSW" tenant add psw0 oui 02:0c:00 vlan 7 pan "$SPARE" || return 1
	check_run "$PSW" tenant del psw0 oui 02:0c:00 vlan 7 || return 1
	check_run "$PSW" pan set psw0 "$SPARE" oui 02:0d:00 || return 1
	check_run "$PSW" tenant del psw0 oui 02:0d:00 || return 1
	wait_until 50 grep -q '02:0d:00.*"del"\|"del".*02:0d:00' "$mon"
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	JSON=$(jq -s '[.[] | select(.object == "tenant" or (.object == "pan" and .pan == 106))]' "$mon")
	check_jq "$JSON" '[.[] | "\(.event) \(.object) \(.oui // "") \(.vlan // "")"] == [
		"new tenant 02:0c:00 7", "del tenant 02:0c:00 7",
		"new tenant 02:0d:00 ", "set pan  ", "del tenant 02:0d:00 "]'
}

require_tools
ensure_module
kmsg_mark
ktap_plan 18
run_setup "psw0, five PANs, a trunk from a nested hypervisor and its map" setup
run_case "OUI tenant 02:a1:00 reaches PAN 101's VM only" case_tenant a
run_case "OUI tenant 02:b2:00 (pan set ... oui) reaches PAN 102's VM only" case_tenant b
run_case "OUI tenant 02:c3:00 reaches PAN 103's VM only" case_tenant c
run_case "VLAN tenant 200 reaches PAN 104's VM only" case_tenant v
run_case "OUI+VLAN tenant 02:e5:00/300 reaches PAN 105's VM only" case_tenant o
run_case "PAN 104's frames leave the trunk tagged 200" case_tagged_out v 200
run_case "PAN 105's frames leave the trunk tagged 300" case_tagged_out o 300
run_case "an unknown OUI is dropped no_tenant, delivered nowhere" case_no_tenant tx oui 02:99:00
run_case "an unknown VLAN is dropped no_tenant, delivered nowhere" case_no_tenant ty oui 02:a1:00 vlan 999
run_case "tenant show, pan show and port show say what the map is" case_show
run_case "refusals: each with its message, nothing changed" case_refusals
run_case "a PAN named by the map is not deleted; without it, it is" case_pan_del
run_case "the map is bounded; a dump of a full map lists it whole" case_map_full
run_case "uid 65534 and a user namespace's root are refused" case_unpriv
run_case "tenant del under a 10 ms ping stops the flow" case_del_under_traffic
run_case "tenant add and del are announced on the notify group" case_notify
run_case "no kernel warnings" check_kernel_log
ktap_finish
