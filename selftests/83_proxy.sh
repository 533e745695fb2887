#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 83_proxy.sh - the ARP/ND proxy (seed 003's address handler, issue 15
# item 3): a PAN's neighbour table (panswitch neigh ...) and, with
# "pan set ... proxy on", ARP requests and neighbour solicitations from vm
# ports for a known address answered by the switch with the table's
# (internal) MAC, back to the asking port only: not one of them leaves
# the host. Gratuitous ARP, ARP probes and unsolicited NAs pass through;
# an unknown address counts proxy_miss and follows the PAN's miss policy
# (flood as without the proxy, drop, or notify: a miss event, then flood);
# malformed frames pass as a bridge would and crash nothing; bad requests,
# an unprivileged user and a user-namespace root are refused, changing
# nothing.
#
#  netns va              netns h (psw0, underlay 192.0.2.1)       netns r
#  02:00:00:00:00:0a     PAN 100: va vb, flood list: r (VXLAN)
#  10.0.0.1 fd00::1 ---- va                  ul0 192.0.2.1 ------ ul0 192.0.2.2
#  netns vb              PAN 200: vc                              (captures
#  02:00:00:00:00:0b                                               VXLAN)
#  10.0.0.2 fd00::2 ---- vb
#  netns vc (PAN 200) -- vc   02:00:00:00:00:0c 10.0.0.3
#
# Neighbour table of PAN 100: 10.0.0.1 and fd00::1 -> va's MAC, 10.0.0.2
# and fd00::2 -> vb's, 10.0.0.9 -> 02:00:00:00:00:99 (a VM elsewhere).
# "Leaving the host" is measured three ways: ul0's tx counter, the PAN's
# encap_tx, and a capture at r of VXLAN packets carrying an ARP request or
# an NS; the proxy-off case shows that each of them sees the requests.

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

MAC_A=02:00:00:00:00:0a
MAC_B=02:00:00:00:00:0b
MAC_C=02:00:00:00:00:0c
MAC_R=02:00:00:00:00:99
IP_A=10.0.0.1
IP_B=10.0.0.2
IP_C=10.0.0.3
IP_R=10.0.0.9
IP_UNKNOWN=10.0.0.77
IP6_A=fd00::1
IP6_B=fd00::2
HEX6_A=fd000000000000000000000000000001
HEX6_B=fd000000000000000000000000000002
HEX6_UNKNOWN=fd000000000000000000000000000077
N=1000

# VXLAN packets at r whose inner frame is an ARP request or an NS (outer
# IPv4 20 + UDP 8 + VXLAN 8: the inner Ethernet header at udp[16]).
REQ_FILTER='udp port 4789 and ((udp[28:2] = 0x0806 and udp[36:2] = 1) or (udp[28:2] = 0x86dd and udp[36] = 58 and udp[70] = 135))'

setup()
{
	load_kmods vxlan veth
	host_add h || return 1
	host_add r || return 1
	host_switch_add h || return 1
	link_pair h ul0 02:00:00:00:0a:01 r ul0 02:00:00:00:0a:02 || return 1
	host_addr h ul0 192.0.2.1/24 || return 1
	host_addr r ul0 192.0.2.2/24 || return 1
	quiet_neigh "$(ns_of h)" ul0
	quiet_neigh "$(ns_of r)" ul0
	check_run hpsw h switch set psw0 local 192.0.2.1 || return 1
	check_run hpsw h pan add psw0 100 || return 1
	check_run hpsw h pan add psw0 200 || return 1
	hvm_port_add h va 100 "$MAC_A" - "$IP_A/24" "$IP6_A/64" || return 1
	hvm_port_add h vb 100 "$MAC_B" - "$IP_B/24" "$IP6_B/64" || return 1
	hvm_port_add h vc 200 "$MAC_C" - "$IP_C/24" || return 1
	check_run hpsw h pan set psw0 100 flood add remote 192.0.2.2 \
		encap vxlan || return 1
	check_run hpsw h neigh add psw0 pan 100 ip "$IP_A" mac "$MAC_A" &&
		check_run hpsw h neigh add psw0 pan 100 ip "$IP6_A" mac "$MAC_A" &&
		check_run hpsw h neigh add psw0 pan 100 ip "$IP_B" mac "$MAC_B" &&
		check_run hpsw h neigh add psw0 pan 100 ip "$IP6_B" mac "$MAC_B" &&
		check_run hpsw h neigh add psw0 pan 100 ip "$IP_R" mac "$MAC_R" ||
		return 1
	# The VMs' own IPv6 start-up (MLD reports) is over before counting.
	sleep 3
}

case_table_shown()
{
	check_json hpsw h -j neigh show psw0 pan 100 || return 1
	check_jq "$JSON" 'length == 5 and
		(map(select(.ip == $b)) | .[0].mac == $mb) and
		(map(select(.ip == $b6)) | .[0].mac == $mb) and
		all(.[]; .switch == "psw0" and .pan == 100)' \
		--arg b "$IP_B" --arg b6 "$IP6_B" --arg mb "$MAC_B" || return 1
	check_run hpsw h neigh show psw0 pan 100 ip "$IP6_B" || return 1
	check_match "neigh show (text)" "^psw0 pan 100 ip $IP6_B mac $MAC_B\$" \
		"$OUT" || return 1
	check_json hpsw h -j neigh show psw0 pan 200 || return 1
	check_jq "$JSON" 'length == 0' || return 1
	check_json hpsw h -j pan show psw0 100 || return 1
	check_jq "$JSON" '.[0].proxy == "off" and .[0].neighbours == 5'
}

# vxlan_count NAME: VXLAN packets in capture NAME (tcpdump prints each on
# two lines, the outer headers and the inner frame).
vxlan_count()
{
	cap_read "$1" | grep -c "VXLAN"
}

OUT_SPECS=(hlink:h:ul0:tx hpan:h:100:encap_tx hpan:h:100:proxy_reply
	hpan:h:100:proxy_miss hport:h:va:tx_packets vm:vb:rx)

# send_requests COUNT: COUNT ARP requests and COUNT NS from va for vb's
# addresses.
send_requests()
{
	[[ -x $SEND ]] || { fail "psw-send is not installed (make -C tools/fuzz)"; return 1; }
	check_run hexec va "$SEND" eth eth0 \
		"$(arp_req "$MAC_A" "$IP_A" "$IP_B")" "$1" &&
		check_run hexec va "$SEND" eth eth0 \
			"$(ns_sol "$MAC_A" "$HEX6_A" "$HEX6_B")" "$1"
}

case_proxy_off_requests_leave()
{
	# Positive control: without the proxy the same requests are flooded,
	# and every measure of "leaving the host" sees them.
	hsnap "${OUT_SPECS[@]}"
	cap_start off r ul0 "$REQ_FILTER" || return 1
	send_requests 10 || return 1
	cap_stop off
	hexpect_delta hlink:h:ul0:tx ge 20
	hexpect_delta hpan:h:100:encap_tx eq 20
	hexpect_delta vm:vb:rx ge 20
	hexpect_delta hpan:h:100:proxy_reply eq 0
	check_eq "ARP requests and NS in VXLAN at r" 20 \
		"$(vxlan_count off)"
}

case_proxy_on()
{
	check_run hpsw h pan set psw0 100 proxy on || return 1
	check_json hpsw h -j pan show psw0 100 || return 1
	check_jq "$JSON" '.[0].proxy == "on"' || return 1
	check_run hpsw h pan show psw0 100 || return 1
	check_match "pan show (text)" " proxy on neighbours 5( |\$)" "$OUT" ||
		return 1
	check_json hpsw h -j pan show psw0 200 || return 1
	check_jq "$JSON" '.[0].proxy == "off"'
}

case_requests_answered_none_leave()
{
	local n all

	hsnap "${OUT_SPECS[@]}" vm:va:rx snmp6:va:Icmp6InNeighborAdvertisements
	cap_start on r ul0 "$REQ_FILTER" || return 1
	cap_start va va eth0 ether src "$MAC_B" || return 1
	send_requests "$N" || return 1
	cap_stop va
	cap_stop on
	hexpect_delta hpan:h:100:proxy_reply eq $((2 * N))
	hexpect_delta hport:h:va:tx_packets eq $((2 * N))
	# Counted at the VM: every reply arrived, and its kernel's ICMPv6
	# took every NA (checksum and length verified).
	hexpect_delta vm:va:rx eq $((2 * N))
	hexpect_delta snmp6:va:Icmp6InNeighborAdvertisements eq "$N"
	hexpect_delta hpan:h:100:proxy_miss eq 0
	hexpect_delta hlink:h:ul0:tx eq 0
	hexpect_delta hpan:h:100:encap_tx eq 0
	hexpect_delta vm:vb:rx eq 0
	check_eq "ARP requests and NS in VXLAN at r" 0 "$(vxlan_count on)"
	# At va, what tcpdump caught of them (under emulation it loses
	# some): each one from vb's internal MAC to va's, and well formed.
	all=$(cap_read va "arp" | wc -l)
	n=$(cap_read va "ether dst $MAC_A and arp[6:2] = 2" |
		grep -c "Reply $IP_B is-at $MAC_B, length 28")
	check_match "ARP replies caught at va" "^[1-9][0-9]*\$" "$all" || return 1
	check_eq "ARP replies at va: $IP_B is-at $MAC_B (of $all caught)" "$all" "$n"
	all=$(cap_read va "icmp6" | wc -l)
	n=$(cap_read va -vv "ether dst $MAC_A and icmp6" |
		grep -c "hlim 255, next-header ICMPv6 (58) payload length: 32) $IP6_B > $IP6_A: \[icmp6 sum ok\] ICMP6, neighbor advertisement, length 32, tgt is $IP6_B, Flags \[solicited, override\]")
	check_match "NAs caught at va" "^[1-9][0-9]*\$" "$all" || return 1
	check_eq "NAs at va: hop limit 255, checksum ok, solicited, override, target $IP6_B (of $all caught)" \
		"$all" "$n"
	n=$(cap_read va -vv "icmp6" | grep -c "destination link-address option (2), length 8 (1): $MAC_B")
	check_eq "NAs at va with the target link-layer option $MAC_B (of $all caught)" "$all" "$n"
	check_eq "bad checksums at va" 0 "$(cap_read va -vv | grep -ci 'bad .*cksum')"
}

# neigh_is VM ADDR MAC: VM's kernel holds ADDR at MAC, REACHABLE or STALE
# (or on its way: DELAY, PROBE).
neigh_is()
{
	local line

	line=$(ip -n "$(ns_of "$1")" neigh show "$2" dev eth0)
	check_match "$1's neighbour $2" \
		"^$2 lladdr $3 (REACHABLE|STALE|DELAY|PROBE)" "$line"
}

case_vm_kernel_accepts_replies()
{
	# va and vb forget each other; their own kernels resolve again, the
	# switch answers, the kernels take the answers, and pings go.
	ip -n "$(ns_of va)" neigh flush dev eth0
	ip -n "$(ns_of vb)" neigh flush dev eth0
	hsnap "${OUT_SPECS[@]}"
	cap_start k r ul0 "$REQ_FILTER" || return 1
	check_ping va "$IP_B" || return 1
	check_ping va "$IP6_B" || return 1
	cap_stop k
	neigh_is va "$IP_B" "$MAC_B" || return 1
	neigh_is va "$IP6_B" "$MAC_B" || return 1
	neigh_is vb "$IP_A" "$MAC_A" || return 1
	neigh_is vb "$IP6_A" "$MAC_A" || return 1
	hexpect_delta hpan:h:100:proxy_reply ge 4
	hexpect_delta hpan:h:100:encap_tx eq 0
	check_eq "ARP requests and NS in VXLAN at r" 0 "$(vxlan_count k)"
}

GP_SPECS=(hpan:h:100:proxy_reply hpan:h:100:proxy_miss hpan:h:100:encap_tx
	vm:vb:rx)

case_garp_and_unsolicited_na_pass()
{
	# Announcements are not requests: never swallowed, never answered.
	hsnap "${GP_SPECS[@]}"
	cap_start gp r ul0 udp port 4789 || return 1
	vsend va "$(garp "$MAC_A" "$MAC_A" "$IP_A")" \
		"$(na_unsol "$MAC_A" "$HEX6_A")" \
		"$(arp_req "$MAC_A" 0.0.0.0 "$IP_B")" || return 1
	cap_stop gp
	hexpect_delta hpan:h:100:proxy_reply eq 0
	hexpect_delta hpan:h:100:proxy_miss eq 0
	hexpect_delta hpan:h:100:encap_tx eq 3
	hexpect_delta vm:vb:rx eq 3
	check_eq "gratuitous ARP in VXLAN at r" 1 \
		"$(cap_read gp | grep -c "who-has $IP_A .*tell $IP_A")"
	check_eq "ARP probe in VXLAN at r" 1 \
		"$(cap_read gp | grep -c "who-has $IP_B .*tell 0.0.0.0")"
	check_eq "unsolicited NA in VXLAN at r" 1 \
		"$(cap_read gp | grep -c "neighbor advertisement, tgt is $IP6_A")"
}

case_unknown_address_floods()
{
	hsnap "${GP_SPECS[@]}" hpan:h:100:miss_flood
	cap_start un r ul0 "$REQ_FILTER" || return 1
	vsend va "$(arp_req "$MAC_A" "$IP_A" "$IP_UNKNOWN")" \
		"$(ns_sol "$MAC_A" "$HEX6_A" "$HEX6_UNKNOWN")" || return 1
	cap_stop un
	hexpect_delta hpan:h:100:proxy_miss eq 2
	hexpect_delta hpan:h:100:proxy_reply eq 0
	hexpect_delta hpan:h:100:encap_tx eq 2
	hexpect_delta vm:vb:rx eq 2
	check_eq "requests for unknown addresses in VXLAN at r" 2 \
		"$(vxlan_count un)"
	check_json hpsw h -j stats show psw0 pan 100 || return 1
	check_jq "$JSON" '.[0].proxy_miss >= 2 and .[0].proxy_reply >= 2000'
}

# miss_seen LOG IP: send va's ARP request for IP; has the miss monitor
# writing LOG printed an event for it?
miss_seen()
{
	vsend va "$(arp_req "$MAC_A" "$IP_A" "$2")" || return 1
	sleep 0.1
	grep -q "\"ip\":\"$2\"" "$1"
}

# nevents LOG IP: the miss events for IP the monitor writing LOG printed.
nevents()
{
	grep -c "\"ip\":\"$2\"" "$1"
}

# An unknown address follows the PAN's miss policy, as far as a broadcast
# can: miss drop drops the request (nothing at vb nor in VXLAN), miss
# notify tells the controller which address was asked for and floods it
# (the positive control of the drop: the same requests reach vb and r).
case_unknown_address_miss_policy()
{
	local log=$TMPD/proxy-miss.json pid rc=0

	check_run hpsw h pan set psw0 100 miss drop || return 1
	defer hpsw h pan set psw0 100 miss flood
	hsnap "${GP_SPECS[@]}" hpan:h:100:miss_drop hpan:h:100:miss_notify
	vsend va "$(arp_req "$MAC_A" "$IP_A" "$IP_UNKNOWN")" \
		"$(ns_sol "$MAC_A" "$HEX6_A" "$HEX6_UNKNOWN")" || return 1
	hexpect_delta hpan:h:100:proxy_miss eq 2
	hexpect_delta hpan:h:100:miss_drop eq 2
	hexpect_delta hpan:h:100:miss_notify eq 0
	hexpect_delta hpan:h:100:encap_tx eq 0
	hexpect_delta vm:vb:rx eq 0

	check_run hpsw h pan set psw0 100 miss notify || return 1
	hpsw h -j monitor miss >"$log" 2>&1 &
	pid=$!
	defer kill "$pid"
	wait_until 200 miss_seen "$log" 10.0.0.78 || {
		fail "panswitch monitor miss printed no event for 10.0.0.78"
		diag_output "$(cat "$log")"
		return 1
	}
	hsnap "${GP_SPECS[@]}" hpan:h:100:miss_drop hpan:h:100:miss_notify
	vsend va "$(arp_req "$MAC_A" "$IP_A" "$IP_UNKNOWN")" \
		"$(ns_sol "$MAC_A" "$HEX6_A" "$HEX6_UNKNOWN")" || return 1
	wait_until 100 eval '[ "$(nevents "$log" "$IP_UNKNOWN")" -ge 1 ] &&
		[ "$(nevents "$log" fd00::77)" -ge 1 ]'
	hexpect_delta hpan:h:100:proxy_miss eq 2
	hexpect_delta hpan:h:100:miss_notify eq 2
	hexpect_delta hpan:h:100:miss_drop eq 0
	hexpect_delta hpan:h:100:encap_tx eq 2
	hexpect_delta vm:vb:rx eq 2
	check_eq "miss events for $IP_UNKNOWN" 1 "$(nevents "$log" "$IP_UNKNOWN")" ||
		rc=1
	check_eq "miss events for fd00::77" 1 "$(nevents "$log" fd00::77)" ||
		rc=1
	check_jq "$(grep "\"ip\":\"$IP_UNKNOWN\"" "$log")" \
		'.dst == "ff:ff:ff:ff:ff:ff" and .src == $a and .pan == 100' \
		--arg a "$MAC_A" || rc=1
	check_jq "$(grep '"ip":"fd00::77"' "$log")" \
		'(.dst | startswith("33:33:ff")) and .src == $a' \
		--arg a "$MAC_A" || rc=1
	check_run hpsw h pan set psw0 100 miss flood || return 1
	return "$rc"
}

case_malformed_pass()
{
	local arp ns bad=()

	arp=$(arp_req "$MAC_A" "$IP_A" "$IP_B")
	ns=$(ns_sol "$MAC_A" "$HEX6_A" "$HEX6_B")
	bad+=("${arp:0:68}")			# ARP cut after 20 bytes
	bad+=("${arp:0:36}10${arp:38}")		# hardware address length 16
	bad+=("${arp:0:28}0006${arp:32}")	# hardware type 6
	bad+=("${arp:0:40}0003${arp:44}")	# opcode 3 (RARP request)
	bad+=("${ns:0:-16}")			# 8 bytes shorter than it says
	bad+=("${ns:0:42}40${ns:44}")		# hop limit 64
	bad+=("${ns:0:112}0000${ns:116}")	# checksum wrong
	# a source link-layer option of length 0 (checksum right)
	bad+=("$(icmp6_frame 33:33:ff:00:00:02 "$MAC_A" "$HEX6_A" \
		ff0200000000000000000001ff000002 255 \
		"8700XXXX00000000${HEX6_B}0100$(hx "$MAC_A")")")
	# an option running past the end
	bad+=("$(icmp6_frame 33:33:ff:00:00:02 "$MAC_A" "$HEX6_A" \
		ff0200000000000000000001ff000002 255 \
		"8700XXXX00000000${HEX6_B}0102$(hx "$MAC_A")")")
	# ICMPv6 code 1
	bad+=("$(icmp6_frame 33:33:ff:00:00:02 "$MAC_A" "$HEX6_A" \
		ff0200000000000000000001ff000002 255 \
		"8701XXXX00000000${HEX6_B}0101$(hx "$MAC_A")")")
	# duplicate address detection: from ::, no option
	bad+=("$(icmp6_frame 33:33:ff:00:00:02 "$MAC_A" \
		00000000000000000000000000000000 \
		ff0200000000000000000001ff000002 255 \
		"8700XXXX00000000${HEX6_B}")")

	# Each passes on as it would without the proxy (flooded: vb gets
	# it), unanswered and uncounted by the proxy. Control: the same
	# requests well formed are answered.
	hsnap "${GP_SPECS[@]}"
	vsend va "${bad[@]}" || return 1
	hexpect_delta hpan:h:100:proxy_reply eq 0
	hexpect_delta hpan:h:100:proxy_miss eq 0
	hexpect_delta vm:vb:rx eq "${#bad[@]}"
	hsnap "${GP_SPECS[@]}"
	vsend va "$arp" "$ns" || return 1
	hexpect_delta hpan:h:100:proxy_reply eq 2
	hexpect_delta vm:vb:rx eq 0
}

case_other_pan_unaffected()
{
	# vc (PAN 200, no proxy, no table) asks for 10.0.0.2: PAN 100's table
	# does not answer it; its request floods in PAN 200 (to no one).
	hsnap hpan:h:100:proxy_reply hpan:h:200:flooded hport:h:vc:tx_packets
	vsend vc "$(arp_req "$MAC_C" "$IP_C" "$IP_B")" || return 1
	hexpect_delta hpan:h:100:proxy_reply eq 0
	hexpect_delta hpan:h:200:flooded eq 1
	hexpect_delta hport:h:vc:tx_packets eq 0
}

case_bad_requests_refused()
{
	local add=(hpsw h neigh add psw0 pan 100)

	hcheck_fail h "${add[@]}" ip 10.0.0.20 mac 01:00:5e:00:00:01 1 \
		"must be unicast and not zero" || return 1
	hcheck_fail h "${add[@]}" ip 10.0.0.20 mac 00:00:00:00:00:00 1 \
		"must be unicast and not zero" || return 1
	hcheck_fail h "${add[@]}" ip 10.0.0.20 mac "$MAC_C" 1 \
		"a vm port's of another PAN" || return 1
	hcheck_fail h hpsw h neigh add psw0 pan 300 ip 10.0.0.20 mac "$MAC_B" 1 \
		"PAN does not exist" || return 1
	local a
	for a in 224.0.0.1 255.255.255.255 0.0.0.0 127.0.0.1 ff02::1 :: ::1; do
		hcheck_fail h "${add[@]}" ip "$a" mac "$MAC_B" 1 \
			"must be unicast" || return 1
	done
	hcheck_fail h "${add[@]}" ip "$IP_B" mac "$MAC_A" 1 "exists" || return 1
	hcheck_fail h hpsw h neigh del psw0 pan 100 ip 10.0.0.20 1 \
		"no such neighbour" || return 1
	hcheck_fail h hpsw h pan set psw0 100 proxy maybe 2 \
		'"proxy" takes "on" or "off"' || return 1
	hcheck_fail h hpsw h neigh add psw0 pan 100 ip 10.0.0.20 2 \
		'missing "mac MAC"' || return 1
	# Nothing changed: the table answers as before.
	check_json hpsw h -j neigh show psw0 pan 100 || return 1
	check_jq "$JSON" 'length == 5 and
		(map(select(.ip == $b)) | .[0].mac == $mb)' \
		--arg b "$IP_B" --arg mb "$MAC_B"
}

case_unprivileged_refused()
{
	local ns

	ns=$(ns_of h)
	if unpriv_usable; then
		hcheck_fail h ip netns exec "$ns" "${UNPRIV[@]}" "$PSW" neigh add \
			psw0 pan 100 ip 10.0.0.21 mac 02:00:00:00:00:21 1 \
			"Operation not permitted" || return 1
		hcheck_fail h ip netns exec "$ns" "${UNPRIV[@]}" "$PSW" pan set \
			psw0 100 proxy off 1 "Operation not permitted" || return 1
	else
		diag "setpriv cannot drop to uid 65534: unprivileged user not tried"
	fi
	# Root of a user namespace of its own: no CAP_NET_ADMIN over h's
	# network namespace, which the initial user namespace owns.
	if ! unshare --help 2>&1 | grep -q -- --map-root-user; then
		fail "util-linux unshare is needed (busybox's lacks -r)"
		return 1
	fi
	hcheck_fail h ip netns exec "$ns" unshare -U -r "$PSW" neigh add \
		psw0 pan 100 ip 10.0.0.21 mac 02:00:00:00:00:21 1 \
		"Operation not permitted" || return 1
	hcheck_fail h ip netns exec "$ns" unshare -U -r "$PSW" neigh del \
		psw0 pan 100 ip "$IP_B" 1 "Operation not permitted"
}

case_replace_and_del()
{
	local log=$TMPD/monitor.log pid

	hpsw h -j monitor >"$log" 2>&1 &
	pid=$!
	defer kill "$pid"
	wait_until 100 monitor_synced "$log" -n "$(ns_of h)" || {
		fail "the monitor did not start"
		return 1
	}
	check_run hpsw h neigh replace psw0 pan 100 ip "$IP_R" \
		mac 02:00:00:00:00:98 || return 1
	check_json hpsw h -j neigh show psw0 pan 100 ip "$IP_R" || return 1
	check_jq "$JSON" '.[0].mac == "02:00:00:00:00:98"' || return 1
	check_run hpsw h neigh del psw0 pan 100 ip "$IP_R" || return 1
	check_fail hpsw h neigh show psw0 pan 100 ip "$IP_R" 1 "no such neighbour" ||
		return 1
	wait_until 50 grep -q '"event":"del","object":"neigh"' "$log"
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	check_match "monitor: the replace" \
		"\"event\":\"new\",\"object\":\"neigh\",.*\"ip\":\"$IP_R\",\"mac\":\"02:00:00:00:00:98\"" \
		"$(cat "$log")" || return 1
	check_match "monitor: the delete" \
		"\"event\":\"del\",\"object\":\"neigh\",.*\"ip\":\"$IP_R\"" \
		"$(cat "$log")"
}

case_proxy_off_again()
{
	check_run hpsw h pan set psw0 100 proxy off || return 1
	hsnap "${OUT_SPECS[@]}"
	vsend va "$(arp_req "$MAC_A" "$IP_A" "$IP_B")" || return 1
	hexpect_delta hpan:h:100:proxy_reply eq 0
	hexpect_delta hpan:h:100:encap_tx eq 1
	hexpect_delta vm:vb:rx ge 1
}

case_pan_del_takes_neighbours()
{
	check_run hpsw h pan add psw0 300 || return 1
	check_run hpsw h neigh add psw0 pan 300 ip 10.3.0.1 mac 02:00:00:00:03:01 ||
		return 1
	check_run hpsw h neigh add psw0 pan 300 ip fd03::1 mac 02:00:00:00:03:01 ||
		return 1
	check_json hpsw h -j neigh show psw0 pan 300 || return 1
	check_jq "$JSON" 'length == 2' || return 1
	check_run hpsw h pan del psw0 300 || return 1
	check_json hpsw h -j neigh show psw0 || return 1
	check_jq "$JSON" 'all(.[]; .pan == 100) and length == 4'
}

require_tools
ensure_module
kmsg_mark
ktap_plan 16
run_setup "host h (psw0: va, vb in PAN 100, vc in PAN 200), remote r on VXLAN" setup
run_case "neigh add fills PAN 100's table; neigh show and pan show list it" case_table_shown
run_case "proxy off: ARP requests and NS flood and leave through the underlay" case_proxy_off_requests_leave
run_case "pan set ... proxy on is shown on PAN 100 only" case_proxy_on
run_case "$N ARP requests and $N NS answered with vb's MAC; none leaves the host" case_requests_answered_none_leave
run_case "the VMs' kernels take the replies: neighbours at the table's MACs, pings go" case_vm_kernel_accepts_replies
run_case "gratuitous ARP, an ARP probe and an unsolicited NA pass through" case_garp_and_unsolicited_na_pass
run_case "unknown addresses: counted proxy_miss and flooded" case_unknown_address_floods
run_case "unknown addresses follow the miss policy: drop drops, notify asks and floods" case_unknown_address_miss_policy
run_case "malformed ARP and NS frames pass unanswered" case_malformed_pass
run_case "PAN 200 is not answered from PAN 100's table" case_other_pan_unaffected
run_case "bad neighbours refused with a reason, nothing changed" case_bad_requests_refused
run_case "uid 65534 and a user namespace's root cannot change the table" case_unprivileged_refused
run_case "neigh replace and del, announced to the monitor" case_replace_and_del
run_case "proxy off: requests flood again" case_proxy_off_again
run_case "pan del removes the PAN's neighbours" case_pan_del_takes_neighbours
ktap_finish
