#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 74_port_policy.sh - hostile tenants against the physical network, the
# hosts and each other, on three hosts of one physical segment. Each case
# sends crafted frames (psw-send eth) and checks that nothing is delivered
# (the victims' and peers' counters, captures of the wire, neighbour and
# route tables), that the drop is counted under its reason, and, in the
# same case, that a legitimate frame of the same kind still goes through:
#   - IEEE link-local frames from a VM (STP BPDU, PAUSE, LACP, EAPOL; LLDP
#     unless the port allows it) reach neither the wire nor another VM:
#     link_local; with "lldp on", LLDP reaches the PAN's other vm ports
#     only, never the wire;
#   - 802.1Q and 802.1ad tagged frames from a VM: vlan_tagged, nothing on
#     the wire carries a tag the VM chose; a priority-only tag (VID 0) is
#     taken off and the frame forwarded untagged;
#   - source MAC forgery (another VM's internal MAC), through xlate and
#     locally: spoofed_src; nothing leaves with the victim's external MAC,
#     the physical switch (br0) keeps the victim's MAC on its port, the
#     victim's entries do not change; with "security off" a forged frame
#     passes (nested virtualization), and still leaves with the port's own
#     external MAC;
#   - a tagged frame on the uplink, on a VLAN that is not the uplink's, is
#     not the switch's: it goes to the host, not into the PAN;
#   - an IPv6 router advertisement and a gratuitous ARP for the underlay
#     gateway's address from a VM of a PAN that h3 does not serve: with
#     the external MAC range set, h3's routes and neighbours do not change
#     and h3's switch counts unknown_src; the real gateway's do reach h3;
#   - external MACs: equal to the uplink's address, outside the range, a
#     range holding the uplink's address or leaving out one in use, an
#     uplink (or a new uplink address) that is an external MAC in use or
#     in the range: all refused, nothing changed;
#   - port set: shown in port show and announced on the notify group;
#     refused for an uplink and without CAP_NET_ADMIN;
#   - the uplink is not promiscuous (h3's is a bond, which filters
#     unicast): the VMs' external MACs are in its address list, it is in
#     all-multicast mode, and xlate works; vm ports are promiscuous;
#   - the uplink on VLAN 10 (h1, h2): xlate frames leave tagged 10 and are
#     taken only on VLAN 10; a VLAN device for the uplink's VLAN is
#     refused both ways, and the host's own VLAN 20 device keeps working.
#
#                       net: bridge br0 (capture on h1_up0, h2_up0)
#      |                  |                   |                     |
#   up0 192.0.2.1      up0 192.0.2.2      up0 (bond: up0s)      eth0 192.0.2.254
#   h1 (psw0)          h2 (psw0)          192.0.2.3  h3 (psw0)  gw (the gateway,
#   a1 b1: PAN 100     a2: PAN 100        a3: PAN 100            02:aa:00:00:00:fe;
#   c1: PAN 300                                                  sends frames as a
#                                                                station would)
# VM  host PAN  internal           external           address
# a1  h1   100  02:1a:00:00:00:01  02:ee:00:00:00:01  198.51.100.1
# b1  h1   100  02:1a:00:00:00:02  02:ee:00:00:00:02  198.51.100.2
# c1  h1   300  02:1a:00:00:00:03  02:ee:00:00:00:03  198.51.100.3
# a2  h2   100  02:1a:00:00:00:12  02:ee:00:00:00:12  198.51.100.12
# a3  h3   100  02:1a:00:00:00:13  02:ee:00:00:00:13  198.51.100.13
# Every host has xlate entries for the other hosts' PAN 100 VMs; h1 also
# for 02:1a:00:00:00:99 at 02:ee:00:00:00:99, the source gw uses for
# frames h1's switch takes. PAN 100 floods to the uplink everywhere, PAN
# 300 on h1. The external MAC range is 02:ee:00:00:00:00/32.
# The setup uses only what the switch had before port policies, so that
# every case can be run against an older module and shows what it lacks.

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

H1=192.0.2.1
H2=192.0.2.2
H3=192.0.2.3
GW=192.0.2.254
UP1=02:aa:00:00:00:01
UP2=02:aa:00:00:00:02
UP3=02:aa:00:00:00:03
GWMAC=02:aa:00:00:00:fe
GWMAC2=02:aa:00:00:00:fd	# where the gateway moves in its own GARP
PREFIX=02:ee:00:00:00:00/32

A1=02:1a:00:00:00:01 XA1=02:ee:00:00:00:01 IP_A1=198.51.100.1
B1=02:1a:00:00:00:02 XB1=02:ee:00:00:00:02 IP_B1=198.51.100.2
C1=02:1a:00:00:00:03 XC1=02:ee:00:00:00:03 IP_C1=198.51.100.3
A2=02:1a:00:00:00:12 XA2=02:ee:00:00:00:12 IP_A2=198.51.100.12
A3=02:1a:00:00:00:13 XA3=02:ee:00:00:00:13 IP_A3=198.51.100.13
X9=02:1a:00:00:00:99 XX9=02:ee:00:00:00:99
NESTED=02:1a:00:00:00:77	# a nested VM's MAC: no entry anywhere

# ---- frames (lib.sh: plain, tagged, bpdu ... ra, garp; vsend) -------------

# gsend HEX...: each frame from the gateway, a station of the physical
# network.
gsend()
{
	local f

	for f in "$@"; do
		check_run hexec gw "$SEND" eth eth0 "$f" || return 1
	done
}

# ---- checks -------------------------------------------------------------------

# no_frames_from CAP MAC: the capture CAP holds no frame from MAC.
no_frames_from()
{
	check_no_match "a frame from $2 on the wire ($1)" "^[^ ]+ $2 > " \
		"$(cap_read "$1" -e)"
}

# frames_in CAP ERE MIN: at least MIN frames of the capture match ERE.
frames_in()
{
	local all n

	all=$(cap_read "$1" -e)
	n=$(grep -cE -- "$2" <<<"$all")
	((n >= $3)) && return 0
	fail "capture $1: at least $3 frames matching /$2/" "  actual: $n; the capture:"
	diag_output "$all"
}

# fdb_port MAC: the br0 port that net's bridge learnt MAC on.
fdb_port()
{
	bridge -n "$(ns_of net)" -j fdb show br br0 2>/dev/null |
		jq -r --arg m "$1" '[.[] | select(.mac == $m and (.flags // [] |
			index("self") | not)) | .ifname][0] // "none"'
}

# neigh_mac H ADDR DEV: the link-layer address of H's neighbour ADDR.
neigh_mac()
{
	ip -n "$(ns_of "$1")" -j neigh show "$2" dev "$3" 2>/dev/null |
		jq -r '.[0].lladdr // "none"'
}

# dev_flags H DEV: DEV's flags as the kernel keeps them (IFF_PROMISC and
# IFF_ALLMULTI included, which rtnetlink reports only when a user set them).
dev_flags()
{
	hexec "$1" cat "/sys/class/net/$2/flags"
}

# ---- setup ----------------------------------------------------------------------

setup()
{
	local h

	load_kmods veth bridge 8021q
	modprobe -q bonding max_bonds=0 2>/dev/null
	[[ -x $SEND ]] || { fail "psw-send is not installed (make -C tools/fuzz)"; return 1; }
	l2net_add net || return 1
	for h in h1 h2 h3 gw; do
		host_add "$h" || return 1
	done
	l2net_attach net h1 up0 "$UP1" && l2net_attach net h2 up0 "$UP2" &&
		l2net_attach net h3 up0s "$UP3" && l2net_attach net gw eth0 "$GWMAC" ||
		return 1
	# h3's uplink is a bond, a device that filters unicast addresses.
	check_run ip -n "$(ns_of h3)" link add up0 type bond mode active-backup miimon 100 &&
		check_run ip -n "$(ns_of h3)" link set up0s down &&
		check_run ip -n "$(ns_of h3)" link set up0s master up0 &&
		check_run ip -n "$(ns_of h3)" link set up0s up || return 1
	host_addr h1 up0 "$H1/24" && host_addr h2 up0 "$H2/24" &&
		host_addr h3 up0 "$H3/24" && host_addr gw eth0 "$GW/24" || return 1
	# h3 takes router advertisements (the default) on its uplink.
	ipv6_on "$(ns_of h3)" up0
	ipv6_on "$(ns_of gw)" eth0
	quiet_neigh "$(ns_of h3)" up0
	for h in h1 h2 h3; do
		host_switch_add "$h" && check_run hpsw "$h" pan add psw0 100 &&
			check_run hpsw "$h" port add psw0 dev up0 uplink || return 1
	done
	check_run hpsw h1 pan add psw0 300 || return 1
	hvm_port_add h1 a1 100 "$A1" "$XA1" "$IP_A1/24" &&
		hvm_port_add h1 b1 100 "$B1" "$XB1" "$IP_B1/24" &&
		hvm_port_add h1 c1 300 "$C1" "$XC1" "$IP_C1/24" &&
		hvm_port_add h2 a2 100 "$A2" "$XA2" "$IP_A2/24" &&
		hvm_port_add h3 a3 100 "$A3" "$XA3" "$IP_A3/24" || return 1
	check_run hpsw h1 entry add psw0 pan 100 mac "$A2" xlate ext "$XA2" &&
		check_run hpsw h1 entry add psw0 pan 100 mac "$A3" xlate ext "$XA3" &&
		check_run hpsw h1 entry add psw0 pan 100 mac "$X9" xlate ext "$XX9" &&
		check_run hpsw h2 entry add psw0 pan 100 mac "$A1" xlate ext "$XA1" &&
		check_run hpsw h2 entry add psw0 pan 100 mac "$B1" xlate ext "$XB1" &&
		check_run hpsw h2 entry add psw0 pan 100 mac "$A3" xlate ext "$XA3" &&
		check_run hpsw h3 entry add psw0 pan 100 mac "$A1" xlate ext "$XA1" &&
		check_run hpsw h3 entry add psw0 pan 100 mac "$B1" xlate ext "$XB1" &&
		check_run hpsw h3 entry add psw0 pan 100 mac "$A2" xlate ext "$XA2" ||
		return 1
	for h in h1 h2 h3; do
		check_run hpsw "$h" pan set psw0 100 flood add uplink || return 1
	done
	check_run hpsw h1 pan set psw0 300 flood add uplink || return 1
	# xlate works everywhere, and br0 learns where each external MAC is.
	check_ping a1 "$IP_A2" && check_ping a1 "$IP_A3" && check_ping b1 "$IP_A2" &&
		check_ping a2 "$IP_A3" || return 1
	# h3 knows the gateway (a neighbour a forged ARP would change).
	check_hping h3 "$GW" || return 1
	check_eq "h3's neighbour $GW" "$GWMAC" "$(neigh_mac h3 "$GW" up0)"
}

# ---- link-local frames ---------------------------------------------------------

case_link_local()
{
	local specs=(hport:h1:a1:drops.link_local hport:h1:a1:rx_packets
		     hlink:b1:eth0:rx hlink:a2:eth0:rx hlink:a3:eth0:rx)

	hsnap "${specs[@]}"
	cap_start ll net h1_up0 || return 1
	vsend a1 "$(bpdu "$A1")" "$(pause "$A1")" "$(lacp "$A1")" \
		"$(eapol "$A1")" "$(lldp "$A1")"
	# The control: an ordinary broadcast goes everywhere.
	vsend a1 "$(plain ff:ff:ff:ff:ff:ff "$A1")"
	cap_stop ll
	hnow "${specs[@]}"
	hexpect_delta hport:h1:a1:drops.link_local eq 5
	hexpect_delta hport:h1:a1:rx_packets eq 1
	hexpect_delta hlink:b1:eth0:rx eq 1
	hexpect_delta hlink:a2:eth0:rx eq 1
	hexpect_delta hlink:a3:eth0:rx eq 1
	frames_in ll "^[^ ]+ $XA1 > ff:ff:ff:ff:ff:ff, .*0x88b5" 1
	check_no_match "a link-local frame on the wire" '> 01:80:c2:00:00:0' \
		"$(cap_read ll -e)"
}

case_lldp()
{
	local specs=(hport:h1:a1:drops.link_local hlink:b1:eth0:rx
		     hlink:a2:eth0:rx hlink:a3:eth0:rx)

	check_run hpsw h1 port set psw0 dev a1 lldp on
	check_json hpsw h1 -j port show psw0 dev a1 &&
		check_jq "$JSON" '.[0].lldp == true and .[0].security == true'
	hsnap "${specs[@]}"
	cap_start lldp net h1_up0 || return 1
	vsend a1 "$(lldp "$A1")"
	# Not LLDP: the LLDP address with another ethertype, and EAPOL.
	vsend a1 "$(plain 01:80:c2:00:00:0e "$A1")" "$(eapol "$A1")"
	vsend a1 "$(plain ff:ff:ff:ff:ff:ff "$A1")"
	cap_stop lldp
	hnow "${specs[@]}"
	hexpect_delta hlink:b1:eth0:rx eq 2	# LLDP and the broadcast
	hexpect_delta hlink:a2:eth0:rx eq 1	# the broadcast only
	hexpect_delta hlink:a3:eth0:rx eq 1
	hexpect_delta hport:h1:a1:drops.link_local eq 2
	frames_in lldp "^[^ ]+ $XA1 > ff:ff:ff:ff:ff:ff, .*0x88b5" 1
	check_no_match "a link-local frame on the wire" '> 01:80:c2:00:00:0' \
		"$(cap_read lldp -e)"
	check_run hpsw h1 port set psw0 dev a1 lldp off
	hsnap hlink:b1:eth0:rx hport:h1:a1:drops.link_local
	vsend a1 "$(lldp "$A1")"
	hnow hlink:b1:eth0:rx hport:h1:a1:drops.link_local
	hexpect_delta hlink:b1:eth0:rx eq 0
	hexpect_delta hport:h1:a1:drops.link_local eq 1
}

# ---- VLAN tags --------------------------------------------------------------------

case_vm_tagged()
{
	local specs=(hport:h1:a1:drops.vlan_tagged hport:h1:a1:rx_packets
		     hlink:b1:eth0:rx hlink:a2:eth0:rx)

	hsnap "${specs[@]}"
	cap_start vt net h1_up0 || return 1
	cap_start vtb b1 eth0 || return 1
	# VLAN 20 (say, the hosts' management VLAN), broadcast and to a2
	# through xlate; 802.1ad.
	vsend a1 "$(tagged ff:ff:ff:ff:ff:ff "$A1" 8100 0014)" \
		"$(tagged "$A2" "$A1" 8100 0014)" \
		"$(tagged ff:ff:ff:ff:ff:ff "$A1" 88a8 0014)"
	# The control: a tag with VID 0 is a priority only.
	vsend a1 "$(tagged ff:ff:ff:ff:ff:ff "$A1" 8100 a000)"
	cap_stop vt
	cap_stop vtb
	hnow "${specs[@]}"
	hexpect_delta hport:h1:a1:drops.vlan_tagged eq 3
	hexpect_delta hport:h1:a1:rx_packets eq 1
	hexpect_delta hlink:b1:eth0:rx eq 1
	hexpect_delta hlink:a2:eth0:rx eq 1
	frames_in vt "^[^ ]+ $XA1 > ff:ff:ff:ff:ff:ff, ethertype Unknown \(0x88b5\)" 1
	frames_in vtb "^[^ ]+ $A1 > ff:ff:ff:ff:ff:ff, ethertype Unknown \(0x88b5\)" 1
	check_no_match "a tagged frame on the wire" '802\.1Q|802\.1ad|vlan' "$(cap_read vt -e)"
	check_no_match "a tagged frame delivered to b1" '802\.1Q|802\.1ad|vlan' \
		"$(cap_read vtb -e)"
}

# A tagged frame on the (untagged) uplink, on another VLAN, addressed as
# the switch's would be: the host's, not the PAN's.
case_uplink_other_vlan()
{
	local specs=(hport:h1:up0:rx_packets hport:h1:up0:xlate_rx
		     hlink:a1:eth0:rx)

	hsnap "${specs[@]}"
	cap_start ov h1 up0 || return 1
	gsend "$(tagged "$XA1" "$XX9" 8100 001e)"
	gsend "$(plain "$XA1" "$XX9")"
	cap_stop ov
	hnow "${specs[@]}"
	frames_in ov "$XX9 > $XA1, .*vlan 30" 1
	hexpect_delta hlink:a1:eth0:rx eq 1
	hexpect_delta hport:h1:up0:rx_packets eq 1
	hexpect_delta hport:h1:up0:xlate_rx eq 1
}

# ---- forged sources -----------------------------------------------------------------

# a2 (h2) sends as a1 (h1): through xlate, to b1, and a broadcast ARP.
case_spoof_xlate()
{
	local specs=(hport:h2:a2:drops.spoofed_src hport:h2:a2:rx_packets
		     hlink:b1:eth0:rx hlink:a1:eth0:rx)
	local e1 e2

	check_eq "br0 learnt a1's external MAC on h1's port" h1_up0 "$(fdb_port "$XA1")" ||
		return 1
	e1=$(hpsw h1 -j entry show psw0 pan 100 mac "$A1")
	e2=$(hpsw h2 -j entry show psw0 pan 100 mac "$A1")
	hsnap "${specs[@]}"
	cap_start sx net h2_up0 || return 1
	vsend a2 "$(plain "$B1" "$A1")" "$(garp "$A1" "$A1" "$IP_A1")"
	vsend a2 "$(plain "$B1" "$A2")"		# the control
	cap_stop sx
	hnow "${specs[@]}"
	hexpect_delta hport:h2:a2:drops.spoofed_src eq 2
	hexpect_delta hport:h2:a2:rx_packets eq 1
	hexpect_delta hlink:b1:eth0:rx eq 1
	hexpect_delta hlink:a1:eth0:rx eq 0
	frames_in sx "^[^ ]+ $XA2 > $XB1, .*0x88b5" 1
	no_frames_from sx "$XA1"
	check_eq "br0's port for a1's external MAC" h1_up0 "$(fdb_port "$XA1")"
	check_eq "h1's entry of a1" "$e1" "$(hpsw h1 -j entry show psw0 pan 100 mac "$A1")"
	check_eq "h2's entry of a1" "$e2" "$(hpsw h2 -j entry show psw0 pan 100 mac "$A1")"
}

# b1 sends as a1 on their own host: no xlate.
case_spoof_local()
{
	local specs=(hport:h1:b1:drops.spoofed_src hlink:a1:eth0:rx
		     hlink:a2:eth0:rx)

	hsnap "${specs[@]}"
	cap_start sl net h1_up0 || return 1
	vsend b1 "$(plain ff:ff:ff:ff:ff:ff "$A1")" "$(plain "$A1" "$A2")"
	vsend b1 "$(plain ff:ff:ff:ff:ff:ff "$B1")"	# the control
	cap_stop sl
	hnow "${specs[@]}"
	hexpect_delta hport:h1:b1:drops.spoofed_src eq 2
	hexpect_delta hlink:a1:eth0:rx eq 1
	hexpect_delta hlink:a2:eth0:rx eq 1
	frames_in sl "^[^ ]+ $XB1 > ff:ff:ff:ff:ff:ff" 1
	no_frames_from sl "$XA1"
}

# Port security off: a nested VM's source passes; a frame forged as a1
# still leaves with b1's own external MAC.
case_security_off()
{
	local specs=(hport:h1:b1:drops.spoofed_src hlink:a1:eth0:rx
		     hlink:a2:eth0:rx)

	check_run hpsw h1 port set psw0 dev b1 security off || return 1
	check_json hpsw h1 -j port show psw0 dev b1 &&
		check_jq "$JSON" '.[0].security == false and .[0].lldp == false'
	check_run hpsw h1 port show psw0 dev b1 &&
		check_match "port show" " security off lldp off$" "$OUT"
	hsnap "${specs[@]}"
	cap_start so net h1_up0 || return 1
	vsend b1 "$(plain "$A1" "$NESTED")" "$(plain "$A2" "$A1")"
	cap_stop so
	hnow "${specs[@]}"
	hexpect_delta hport:h1:b1:drops.spoofed_src eq 0
	hexpect_delta hlink:a1:eth0:rx eq 1
	hexpect_delta hlink:a2:eth0:rx eq 1
	frames_in so "^[^ ]+ $XB1 > $XA2, .*0x88b5" 1
	no_frames_from so "$XA1"

	check_run hpsw h1 port set psw0 dev b1 security on || return 1
	hsnap "${specs[@]}"
	vsend b1 "$(plain "$A1" "$NESTED")"
	hnow "${specs[@]}"
	hexpect_delta hport:h1:b1:drops.spoofed_src eq 1
	hexpect_delta hlink:a1:eth0:rx eq 0
}

# port set: refusals, the notify group, CAP_NET_ADMIN.
case_port_set_api()
{
	local mon pid

	hcheck_fail h1 hpsw h1 port set psw0 dev up0 security off 1 \
		"an uplink has no port security"
	hcheck_fail h1 hpsw h1 port set psw0 dev nosuch0 lldp on 1 "no such device"
	hcheck_fail h1 hpsw h1 port set psw0 dev a1 lldp maybe 2 'takes on or off'
	if unpriv_usable; then
		hcheck_fail h1 ip netns exec "$(ns_of h1)" "${UNPRIV[@]}" "$PSW" \
			port set psw0 dev a1 security off 1 \
			"not permitted|permission"
	else
		diag "setpriv cannot drop to uid 65534: the EPERM check is left out"
	fi
	mon=$TMPD/monitor
	# Not through hpsw: $! would be the function's subshell, and killing
	# it would leave the monitor listening (netlink listeners are counted
	# per protocol, not per namespace: 76_limits would see a listener).
	"$PSW" -n "$(ns_of h1)" -j monitor >"$mon" 2>&1 &
	pid=$!
	defer kill "$pid"
	if ! wait_until 100 monitor_synced "$mon" -n "$(ns_of h1)"; then
		fail "panswitch monitor printed nothing for pan add/del psw0 4000" \
			"$(cat "$mon")"
		return 1
	fi
	check_run hpsw h1 port set psw0 dev a1 lldp on security on
	check_run hpsw h1 port set psw0 dev a1 lldp off
	wait_until 50 grep -q '"lldp":false' "$mon"
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	check_jq "$(jq -c 'select(.object == "port")' "$mon" | head -2)" 'length == 2 and
		all(.[]; .event == "set" and .object == "port" and .dev == "a1" and
		    .security == true) and .[0].lldp == true and .[1].lldp == false' -s
}

# ---- tenant frames and the hosts' stacks ------------------------------------------------

# c1 (PAN 300: h1 only) advertises itself as a router and claims the
# gateway's address; h3 serves no PAN 300.
case_peer_stack()
{
	local h routes addrs specs=(hport:h3:up0:drops.unknown_src
				   hport:h3:up0:rx_packets hpan:h1:300:xlate_tx)
	local c1ll=fe80000000000000001a00fffe000003
	local gwll=fe8000000000000000aa00fffe0000fe

	for h in h1 h2 h3; do
		check_run hpsw "$h" switch set psw0 ext-prefix "$PREFIX"
	done
	check_json hpsw h3 -j switch show psw0 &&
		check_jq "$JSON" '.[0].ext_prefix == $p' --arg p "$PREFIX"
	routes=$(ip -n "$(ns_of h3)" -6 route show 2>&1)
	addrs=$(ip -n "$(ns_of h3)" -6 addr show dev up0 2>&1)
	hsnap "${specs[@]}"
	vsend c1 "$(ra "$C1" "$c1ll" 20010db80bad0000 1800)" \
		"$(garp "$C1" "$C1" "$GW")"
	# Both reached h3's switch, which dropped them.
	wait_until 50 hcounter_ge hport:h3:up0:drops.unknown_src \
		$((${HSNAP[hport:h3:up0:drops.unknown_src]:-0} + 2))
	hnow "${specs[@]}"
	hexpect_delta hpan:h1:300:xlate_tx eq 2
	hexpect_delta hport:h3:up0:drops.unknown_src eq 2
	hexpect_delta hport:h3:up0:rx_packets eq 2
	check_eq "h3's neighbour $GW after the VM's ARP" "$GWMAC" "$(neigh_mac h3 "$GW" up0)"
	check_eq "h3's IPv6 routes after the VM's RA" "$routes" \
		"$(ip -n "$(ns_of h3)" -6 route show 2>&1)"
	check_eq "h3's IPv6 addresses after the VM's RA" "$addrs" \
		"$(ip -n "$(ns_of h3)" -6 addr show dev up0 2>&1)"

	# The controls: the gateway's own RA and ARP reach h3's stack.
	gsend "$(ra "$GWMAC" "$gwll" 20010db8600d0000 0)" \
		"$(garp "$GWMAC" "$GWMAC2" "$GW")"
	wait_until 50 bash -c "ip -n '$(ns_of h3)' -6 route show | grep -q '^2001:db8:600d::/64'" ||
		fail "h3 has no route for the gateway's prefix 2001:db8:600d::/64" \
			"$(ip -n "$(ns_of h3)" -6 route show 2>&1)"
	wait_until 50 test "$(neigh_mac h3 "$GW" up0)" = "$GWMAC2" ||
		fail "h3's neighbour $GW did not follow the gateway's ARP" \
			"$(ip -n "$(ns_of h3)" neigh show 2>&1)"
	gsend "$(garp "$GWMAC" "$GWMAC" "$GW")"
}

# ---- external MACs ---------------------------------------------------------------------

case_ext_refused()
{
	local h up

	for h in h1 h2 h3; do
		check_run hpsw "$h" switch set psw0 ext-prefix "$PREFIX"
	done
	hvm_add h1 x1 02:1a:00:00:00:31 - || return 1
	hcheck_fail h1 hpsw h1 port add psw0 dev x1 pan 100 mac 02:1a:00:00:00:31 \
		ext "$UP1" 1 "external MAC is the uplink's own address"
	hcheck_fail h1 hpsw h1 entry add psw0 pan 100 mac 02:1a:00:00:00:32 \
		xlate ext "$UP1" 1 "external MAC is the uplink's own address"
	hcheck_fail h1 hpsw h1 port add psw0 dev x1 pan 100 mac 02:1a:00:00:00:31 \
		ext 02:ef:00:00:00:31 1 "outside the switch's external MAC range"
	hcheck_fail h1 hpsw h1 entry add psw0 pan 100 mac 02:1a:00:00:00:32 \
		xlate ext 02:ef:00:00:00:32 1 "outside the switch's external MAC range"
	hcheck_fail h1 hpsw h1 switch set psw0 ext-prefix 02:aa:00:00:00:00/32 1 \
		"uplink's own address lies in the external MAC range"
	hcheck_fail h1 hpsw h1 switch set psw0 ext-prefix 02:ee:00:00:01:00/40 1 \
		"an external MAC in use lies outside the range"
	hcheck_fail h1 hpsw h1 switch set psw0 ext-prefix 02:ee:00:00:00:01/32 1 \
		"bits set beyond its length"
	hcheck_fail h1 hpsw h1 switch set psw0 ext-prefix 03:ee:00:00:00:00/32 1 \
		"must be unicast"
	# The control: an external MAC in the range, not the uplink's.
	check_run hpsw h1 port add psw0 dev x1 pan 100 mac 02:1a:00:00:00:31 \
		ext 02:ee:00:00:00:31 &&
		check_run hpsw h1 port del psw0 dev x1

	# An uplink whose address is an external MAC in use, or in the range.
	check_run hpsw h2 port del psw0 dev up0 || return 1
	check_run ip -n "$(ns_of h2)" link add upz address "$XA2" type veth peer name upzp &&
		check_run ip -n "$(ns_of h2)" link set upz up || return 1
	hcheck_fail h2 hpsw h2 port add psw0 dev upz uplink 1 \
		"uplink's address is an external MAC in use"
	check_run ip -n "$(ns_of h2)" link set upz address 02:ee:00:00:00:55
	hcheck_fail h2 hpsw h2 port add psw0 dev upz uplink 1 \
		"uplink's address lies in the switch's external MAC range"
	check_run ip -n "$(ns_of h2)" link del upz
	check_run hpsw h2 port add psw0 dev up0 uplink || return 1
	# ... and it cannot take such an address once attached.
	for up in "$XA2" 02:ee:00:00:00:55; do
		if ip -n "$(ns_of h2)" link set up0 address "$up" 2>"$TMPD/err"; then
			fail "h2's uplink took the address $up"
			ip -n "$(ns_of h2)" link set up0 address "$UP2"
		fi
	done
	check_match "refusal of the uplink's new address" "external MAC" "$(cat "$TMPD/err")"
	check_eq "h2's uplink address" "$UP2" \
		"$(ip -n "$(ns_of h2)" -j link show dev up0 | jq -r '.[0].address')"
	flush_neigh a1 a2
	check_ping a1 "$IP_A2"
}

# ---- the uplink's receive filter ----------------------------------------------------------

case_uplink_filter()
{
	local d f

	check_json ip -n "$(ns_of h3)" -d -j link show dev up0 || return 1
	check_jq "$JSON" '.[0].promiscuity == 0' ||
		diag "$(ip -n "$(ns_of h3)" -d link show dev up0)"
	# IFF_PROMISC 0x100 clear, IFF_ALLMULTI 0x200 set
	f=$(dev_flags h3 up0)
	(((f & 0x300) == 0x200)) || fail "h3's uplink flags $f: not promiscuous, all-multicast expected"
	check_json bridge -n "$(ns_of h3)" -j fdb show dev up0 &&
		check_jq "$JSON" 'any(.[]; .mac == $m)' --arg m "$XA3"
	# vm ports are promiscuous: their VMs send to any address.
	for d in a1 b1 c1; do
		f=$(dev_flags h1 "$d")
		((f & 0x100)) || fail "vm port $d's flags $f: promiscuous expected"
	done
	flush_neigh a3 a1
	check_ping a3 "$IP_A1"
	check_ping a1 "$IP_A3"
}

# ---- the uplink on a VLAN ---------------------------------------------------------

case_uplink_vlan()
{
	local specs=(hport:h1:up0:xlate_rx hlink:a1:eth0:rx) ns1

	ns1=$(ns_of h1)
	# The host's own VLAN 20 (its management VLAN, say) on the uplink.
	check_run ip -n "$ns1" link add link up0 name up0.20 type vlan id 20 &&
		check_run ip -n "$ns1" addr add 10.20.0.1/24 dev up0.20 &&
		check_run ip -n "$ns1" link set up0.20 up &&
		check_run ip -n "$(ns_of gw)" link add link eth0 name eth0.20 type vlan id 20 &&
		check_run ip -n "$(ns_of gw)" addr add 10.20.0.254/24 dev eth0.20 &&
		check_run ip -n "$(ns_of gw)" link set eth0.20 up || return 1
	check_run hpsw h1 port del psw0 dev up0 && check_run hpsw h2 port del psw0 dev up0 ||
		return 1
	hcheck_fail h1 hpsw h1 port add psw0 dev up0 uplink vlan 20 1 \
		"has a VLAN device for this VLAN"
	check_run hpsw h1 port add psw0 dev up0 uplink vlan 10 &&
		check_run hpsw h2 port add psw0 dev up0 uplink vlan 10 || return 1
	check_run hpsw h1 port show psw0 dev up0 &&
		check_match "port show of the uplink" '^psw0 dev up0 uplink vlan 10$' "$OUT"
	if ip -n "$ns1" link add link up0 name up0.10 type vlan id 10 2>"$TMPD/err"; then
		fail "a VLAN device for the uplink's VLAN was created"
	fi
	check_match "refusal of up0.10" "uplink on this VLAN" "$(cat "$TMPD/err")"

	cap_start vl net h1_up0 || return 1
	flush_neigh a1 a2
	check_ping a1 "$IP_A2"
	cap_stop vl
	frames_in vl "^[^ ]+ $XA1 > $XA2, .*vlan 10, .*IPv4" 2
	check_no_match "xlate frames from h1 not tagged 10" "." \
		"$(cap_read vl -e | grep -E "^[^ ]+ $XA1 > " | grep -v ': vlan 10, ')"
	# Taken only on VLAN 10.
	hsnap "${specs[@]}"
	gsend "$(plain "$XA1" "$XX9")" "$(tagged "$XA1" "$XX9" 8100 0014)"
	gsend "$(tagged "$XA1" "$XX9" 8100 000a)"
	hnow "${specs[@]}"
	hexpect_delta hport:h1:up0:xlate_rx eq 1
	hexpect_delta hlink:a1:eth0:rx eq 1
	# The host's VLAN 20 works next to the switch's VLAN 10.
	check_hping gw 10.20.0.1
}

require_tools
ensure_module
kmsg_mark
ktap_plan 14
run_setup "3 hosts on one segment (h3's uplink a bond), a gateway, PANs 100 and 300" setup
run_case "STP, PAUSE, LACP, EAPOL, LLDP from a VM: not on the wire, not to a VM; link_local" \
	case_link_local
run_case "lldp on: LLDP to the PAN's other vm ports only, never the wire" case_lldp
run_case "tagged frames from a VM: vlan_tagged, no tag on the wire; VID 0 forwarded untagged" \
	case_vm_tagged
run_case "a frame tagged with another VLAN on the uplink is the host's, not the PAN's" \
	case_uplink_other_vlan
run_case "a VM sending as a VM of another host: spoofed_src, nothing leaves with its MAC" \
	case_spoof_xlate
run_case "a VM sending as a VM of its own host: spoofed_src" case_spoof_local
run_case "security off: a nested VM's source passes, with the port's own external MAC" \
	case_security_off
run_case "port set: refused for an uplink and unprivileged, announced" case_port_set_api
run_case "a VM's RA and ARP for the gateway: not to the stack of a host without its PAN" \
	case_peer_stack
run_case "external MACs: the uplink's address, outside the range, refused both ways" \
	case_ext_refused
run_case "the uplink is not promiscuous: external MACs in its filter, xlate works" \
	case_uplink_filter
run_case "uplink on VLAN 10: xlate tagged 10 both ways, the host's VLAN 20 works" \
	case_uplink_vlan
run_case "no kernel warnings" check_kernel_log
ktap_finish
