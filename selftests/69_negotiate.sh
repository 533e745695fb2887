#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 69_negotiate.sh - encapsulation negotiation (seed 002, issue 17 item 6):
# remote objects, the switch's preference list, encap auto in entries and
# flood lists, and data-plane probes (remote probe).
#   - probes: every encapsulation answered, the largest size that fits
#     the path (a 1400-byte link on it); VXLAN dropped on the router
#     (iptables, nf_tables: udp dport 4789) is reported as no answer
#     while NVGRE and EtherIP still work (the positive control is the
#     probe before the rule);
#   - a probe from an address with no remote object on the far switch is
#     not answered (probe_unknown counted); answered once it has one;
#   - {vxlan,nvgre} and {nvgre,etherip} pick nvgre both ways: entries and
#     flood members show "encap auto (nvgre)", VMs ping each other and
#     the router sees GRE and neither VXLAN nor EtherIP;
#   - {vxlan} and {etherip}: refused with both lists named, nothing
#     changed; no remote object: refused; a common one: accepted;
#   - a change of either list or a remote del that would change what an
#     auto entry or member chose is refused (-EBUSY, nothing changed);
#     one that keeps every choice is accepted;
#   - a tenant VM sending a frame that looks like a probe: an ordinary
#     frame of its PAN at the far switch (no_entry there), never answered.
#
#   v1 (PAN 100) - h1 u1 10.1.0.1 --- r --- 10.2.0.1 u1 h2 - v2 (PAN 100)
#                                     |  (this link: MTU 1400)
#                            h3 u1 10.3.0.1 (a stranger, then a remote)

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

PAN=100
M1=02:00:00:00:69:01
M2=02:00:00:00:69:02
H1=10.1.0.1
H2=10.2.0.1
H3=10.3.0.1
H1_6=fd00:1::1
H2_6=fd00:2::1
PROBE_MAC=02:50:53:57:50:52
SEND=$(command -v psw-send 2>/dev/null)

setup()
{
	local h

	load_kmods veth udp_tunnel ip6_udp_tunnel gre ip_gre ip6_gre
	host_add h1 && host_add h2 && host_add h3 && host_add r || return 1
	link_pair h1 u1 02:aa:00:00:69:01 r ra 02:bb:00:00:69:01 &&
		link_pair h2 u1 02:aa:00:00:69:02 r rb 02:bb:00:00:69:02 &&
		link_pair h3 u1 02:aa:00:00:69:03 r rc 02:bb:00:00:69:03 || return 1
	check_run hexec h2 ip link set u1 mtu 1400 &&
		check_run hexec r ip link set rb mtu 1400 || return 1
	host_addr r ra 10.1.0.2/24 && host_addr r rb 10.2.0.2/24 &&
		host_addr r rc 10.3.0.2/24 || return 1
	host_addr r ra fd00:1::2/64 && host_addr r rb fd00:2::2/64 || return 1
	set_sysctls "$(ns_of r)" net/ipv4/ip_forward=1 \
		net/ipv6/conf/all/forwarding=1
	for h in 1 2 3; do
		host_addr "h$h" u1 "10.$h.0.1/24" &&
			check_run hexec "h$h" ip route add default via "10.$h.0.2" &&
			host_switch_add "h$h" &&
			check_run hpsw "h$h" switch set psw0 underlay "10.$h.0.1" &&
			check_run hpsw "h$h" pan add psw0 "$PAN" || return 1
	done
	host_addr h1 u1 "$H1_6/64" && host_addr h2 u1 "$H2_6/64" &&
		check_run hexec h1 ip -6 route add default via fd00:1::2 &&
		check_run hexec h2 ip -6 route add default via fd00:2::2 &&
		check_run hpsw h1 switch set psw0 underlay6 "$H1_6" &&
		check_run hpsw h2 switch set psw0 underlay6 "$H2_6" || return 1
	hvm_port_add h1 v1 "$PAN" "$M1" - 10.0.0.1/24 &&
		hvm_port_add h2 v2 "$PAN" "$M2" - 10.0.0.2/24 || return 1
	# The default preference, as documented.
	check_match "h1's default encaps" "encaps vxlan,nvgre,etherip" \
		"$(hpsw h1 switch show psw0)"
}

# probe_stat H FIELD: a probe counter of H's switch.
probe_stat()
{
	hpsw "$1" -j -s switch show psw0 | json_get ".0.probes.$2"
}

# probe H ADDR: remote probe's text output in $OUT.
probe()
{
	OUT=$(hpsw "$1" remote probe psw0 "$2" timeout 600 2>&1) || {
		fail "remote probe from $1 to $2 failed:"
		diag_output "$OUT"
		return 1
	}
	diag "$1 -> $2: $OUT"
}

case_probe()
{
	check_run hpsw h1 remote add psw0 "$H2" encaps vxlan,nvgre,etherip &&
		check_run hpsw h2 remote add psw0 "$H1" encaps vxlan,nvgre,ipip ||
		return 1
	# positive control: everything gets through, up to 1400 bytes
	probe h1 "$H2" || return 1
	check_match "every encapsulation answered up to the path's 1400 bytes" "vxlan ok size 1400 nvgre ok size 1400 etherip ok size 1400" \
		"$OUT"
	# VXLAN dropped on the path
	check_run hexec r iptables -A FORWARD -p udp --dport 4789 -j DROP || return 1
	defer hexec r iptables -F FORWARD
	probe h1 "$H2" || return 1
	check_match "VXLAN blocked: no answer; NVGRE and EtherIP still answered" "vxlan no-answer nvgre ok size 1400 etherip ok size 1400" \
		"$OUT"
	check_run hexec r iptables -D FORWARD -p udp --dport 4789 -j DROP
	probe h1 "$H2" || return 1
	check_match "VXLAN answered again without the rule" "vxlan ok size 1400" "$OUT"
	check_jq "$(hpsw h1 -j remote show psw0 "$H2")" \
		'.[0].probe | map(.state) == ["ok","ok","ok"]'
}

# The same over IPv6 (ICMPv6 packet too big from the router for 1450 and
# 1500): a remote object per address family.
case_probe6()
{
	check_run hpsw h1 remote add psw0 "$H2_6" encaps vxlan,nvgre,etherip &&
		check_run hpsw h2 remote add psw0 "$H1_6" encaps vxlan,nvgre,etherip ||
		return 1
	probe h1 "$H2_6" || return 1
	check_match "IPv6: every encapsulation answered up to 1400 bytes" \
		"vxlan ok size 1400 nvgre ok size 1400 etherip ok size 1400" "$OUT"
	check_run hpsw h1 remote del psw0 "$H2_6" &&
		check_run hpsw h2 remote del psw0 "$H1_6"
}

case_stranger()
{
	local before after

	check_run hpsw h3 remote add psw0 "$H2" encaps vxlan,nvgre,etherip || return 1
	before=$(hcounter hsw:h2:drops.probe_unknown)
	probe h3 "$H2" || return 1
	check_match "h2 has no remote object for h3: nothing answered" "vxlan no-answer nvgre no-answer etherip no-answer" \
		"$OUT"
	after=$(hcounter hsw:h2:drops.probe_unknown)
	check_eq "h2 counted probe_unknown ($before -> $after)" 1 "$((after - before >= 3))"
	# positive control: once h2 knows h3, the same probe is answered
	check_run hpsw h2 remote add psw0 "$H3" encaps vxlan,nvgre,etherip || return 1
	probe h3 "$H2" || return 1
	check_match "answered once h2 has a remote object for h3" "vxlan ok size 1400 nvgre ok size 1400 etherip ok size 1400" \
		"$OUT"
	check_run hpsw h2 remote del psw0 "$H3"
}

case_pick_nvgre()
{
	local n

	check_run hpsw h1 switch set psw0 encaps vxlan,nvgre &&
		check_run hpsw h1 remote set psw0 "$H2" encaps nvgre,etherip &&
		check_run hpsw h2 switch set psw0 encaps nvgre,etherip &&
		check_run hpsw h2 remote set psw0 "$H1" encaps vxlan,nvgre || return 1
	check_run hpsw h1 entry add psw0 pan "$PAN" mac "$M2" encap auto remote "$H2" &&
		check_run hpsw h1 pan set psw0 "$PAN" flood add remote "$H2" encap auto &&
		check_run hpsw h2 entry add psw0 pan "$PAN" mac "$M1" encap auto remote "$H1" &&
		check_run hpsw h2 pan set psw0 "$PAN" flood add remote "$H1" encap auto ||
		return 1
	check_match "h1's entry: encap auto (nvgre)" \
		"encap auto \(nvgre\) remote $H2" "$(hpsw h1 entry show psw0 pan "$PAN" mac "$M2")"
	check_match "h2's flood member: encap auto (nvgre)" \
		"flood remote $H1 encap auto \(nvgre\)" "$(hpsw h2 pan show psw0 "$PAN")"
	check_jq "$(hpsw h2 -j entry show psw0 pan "$PAN" mac "$M1")" \
		'.[0].encap == "nvgre" and .[0].encap_auto == true'
	cap_start nego r ra -s 128 || return 1
	check_hping v1 10.0.0.2
	n=0
	wait_until 50 cap_has_gre && n=1
	cap_stop nego
	check_eq "GRE on the path" 1 "$n"
	n=$(cap_read nego 'ip proto 47' | grep -c 'GREv0')
	check_eq "ping and its reply in NVGRE ($n GRE packets)" 1 "$((n >= 4))"
	n=$(cap_read nego 'udp port 4789 or ip proto 97' | grep -c .)
	check_eq "no VXLAN, no EtherIP on the path" 0 "$n"
}

cap_has_gre()
{
	(($(cap_read nego 'ip proto 47' | grep -c .) >= 4))
}

case_no_common()
{
	check_run hpsw h3 switch set psw0 encaps vxlan &&
		check_run hpsw h3 remote set psw0 "$H2" encaps ipip || return 1
	hcheck_fail h3 "$PSW" -n "$(ns_of h3)" entry add psw0 pan "$PAN" mac "$M2" \
		encap auto remote "$H2" 1 \
		"no common encapsulation: switch vxlan; remote $H2 etherip"
	hcheck_fail h3 "$PSW" -n "$(ns_of h3)" pan set psw0 "$PAN" flood add \
		remote "$H2" encap auto 1 "no common encapsulation: switch vxlan; remote $H2 etherip"
	hcheck_fail h3 "$PSW" -n "$(ns_of h3)" entry add psw0 pan "$PAN" mac "$M2" \
		encap auto remote 10.9.9.9 1 "10.9.9.9 has no remote object"
	hcheck_fail h3 "$PSW" -n "$(ns_of h3)" remote probe psw0 "$H2" 1 \
		"no common encapsulation to probe"
	# positive control: with a common one, the same request is accepted
	check_run hpsw h3 remote set psw0 "$H2" encaps etherip,vxlan &&
		check_run hpsw h3 entry add psw0 pan "$PAN" mac "$M2" encap auto remote "$H2" ||
		return 1
	check_match "h3's entry: encap auto (vxlan)" \
		"encap auto \(vxlan\)" "$(hpsw h3 entry show psw0 pan "$PAN" mac "$M2")"
	check_run hpsw h3 entry del psw0 pan "$PAN" mac "$M2"
}

case_changes()
{
	local ns1

	ns1=$(ns_of h1)
	hcheck_fail h1 "$PSW" -n "$ns1" remote set psw0 "$H2" encaps etherip 1 \
		"2 encap auto users would change"
	hcheck_fail h1 "$PSW" -n "$ns1" switch set psw0 encaps vxlan,etherip 1 \
		"2 encap auto users would change"
	hcheck_fail h1 "$PSW" -n "$ns1" remote del psw0 "$H2" 1 \
		"2 encap auto users send to it"
	# changes that keep nvgre are accepted
	check_run hpsw h1 remote set psw0 "$H2" encaps nvgre &&
		check_run hpsw h1 switch set psw0 encaps nvgre,vxlan,etherip || return 1
	check_match "still nvgre" \
		"encap auto \(nvgre\)" "$(hpsw h1 entry show psw0 pan "$PAN" mac "$M2")"
	check_hping v1 10.0.0.2
	# without its users, the remote may change and go
	check_run hpsw h1 entry del psw0 pan "$PAN" mac "$M2" &&
		check_run hpsw h1 pan set psw0 "$PAN" flood del remote "$H2" encap auto &&
		check_run hpsw h1 remote set psw0 "$H2" encaps etherip &&
		check_run hpsw h1 remote del psw0 "$H2" || return 1
	check_eq "h1 has no remote object left" "[]" "$(hpsw h1 -j remote show psw0)"
}

case_tenant_probe()
{
	local frame p_req p_ans n_before n_after

	[[ -x $SEND ]] || { fail "psw-send is not installed (make -C tools/fuzz)"; return 1; }
	# v1 sends what a probe request's inner frame looks like, in PAN 100:
	# h1 floods it (no entry for the MAC) to h2 in NVGRE with VSID 100.
	frame=$(pad60 "$(hx "$PROBE_MAC")$(hx "$M1")88b55053575001010200123456780240003c")
	p_req=$(probe_stat h2 requests)
	p_ans=$(probe_stat h2 answered)
	n_before=$(hcounter hpan:h2:$PAN:drops.no_entry)
	check_run hpsw h1 pan set psw0 "$PAN" flood add remote "$H2" encap nvgre ||
		return 1
	check_run hexec v1 "$SEND" eth eth0 "$frame" 5 || return 1
	wait_until 50 hcounter_ge "hpan:h2:$PAN:drops.no_entry" $((n_before + 5))
	n_after=$(hcounter hpan:h2:$PAN:drops.no_entry)
	check_eq "an ordinary frame of PAN $PAN at h2 (no_entry)" 5 "$((n_after - n_before))"
	check_eq "not taken for a probe by h2" "$p_req" "$(probe_stat h2 requests)"
	check_eq "not answered" "$p_ans" "$(probe_stat h2 answered)"
	# positive control: h1's own probe is one, and is answered
	check_run hpsw h1 remote add psw0 "$H2" encaps nvgre || return 1
	probe h1 "$H2" || return 1
	check_match "h1's probe answered" "nvgre ok" "$OUT"
	check_eq "h2 answered h1's probe" 1 "$(($(probe_stat h2 answered) > p_ans))"
	check_run hpsw h1 pan set psw0 "$PAN" flood del remote "$H2" encap nvgre
}

require_tools
ensure_module
kmsg_mark
ktap_plan 9
run_setup "h1, h2, h3 behind a router; PAN 100 on h1 and h2" setup
run_case "probe: every encapsulation up to 1400 bytes; VXLAN blocked on the path is no-answer" case_probe
run_case "probe over IPv6: every encapsulation up to 1400 bytes" case_probe6
run_case "a probe from an address with no remote object is not answered (probe_unknown)" case_stranger
run_case "{vxlan,nvgre} and {nvgre,etherip} pick nvgre; traffic flows in NVGRE" case_pick_nvgre
run_case "{vxlan} and {etherip}: refused naming both lists, nothing changed" case_no_common
run_case "list changes that would change an auto choice are refused; others accepted" case_changes
run_case "a tenant frame that looks like a probe is an ordinary frame, not answered" case_tenant_probe
run_case "no kernel warnings" check_kernel_log
ktap_finish
