#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 82_attack.sh - the attacker phase of the fuzz run: the attacks of
# 72_underlay_trust.sh and 74_port_policy.sh (Documentation/trust.md), made
# at random from a seed, all at once, against a victim PAN whose VMs keep
# talking. make check runs FUZZ_ATTACK=300 attacks; make fuzz runs
# tools/fuzz/run.sh's count (fuzz.conf next to this script).
#
# The attacker is everyone who is not a member of PAN 100:
#   local   on hb (the victim's host), uid 65534: VXLAN for a random VNI
#           (PAN 100's often) to 127.0.0.1, ::1 and hb's PAN addresses
#           (no socket: Udp NoPorts) and to hb's underlay addresses
#           (local_source); with CAP_NET_RAW alone, NVGRE (random VSID) to
#           hb's underlay addresses and EtherIP to PAN 100's addresses
#           (local_source), both to 127.0.0.1 and ::1 (not the switch's)
#   vm      a200, a VM of PAN 200 on ha, whose broadcasts go out of ha's
#           uplink: VXLAN / NVGRE / EtherIP over IPv4 and IPv6 with random
#           VNIs, VSIDs and sources (hc's, a remote of PAN 100, included)
#           to hb's addresses, in broadcasts and multicasts (flooded
#           through xlate; hb's uplink drops them, unknown_src) and as
#           unicast to hb's MAC or b100's external MAC (no_dest on ha);
#           IEEE link-local frames 01:80:c2:00:00:0X (STP, PAUSE, LACP,
#           EAPOL, LLDP; link_local); 802.1Q and 802.1ad tagged frames,
#           random VIDs, one or two tags (vlan_tagged); frames with a
#           forged source: the victims' MACs, external MACs, hb's, random
#           ones (spoofed_src); router advertisements with random prefixes
#           and gratuitous ARPs for the underlay's addresses (hc, the
#           gateway of hb's tunnels, ha, hr) (flooded, unknown_src on hb)
#   rogue   hr, a host of the underlay that is nobody's remote: VXLAN,
#           NVGRE, EtherIP over IPv4 and IPv6 to hb, in unicast and
#           broadcast frames, random VNIs/VSIDs, random sources of the
#           underlay's subnet (unknown_remote, unknown_pan,
#           unicast_in_l2_mcast) and spoofed-looking ones (hb's own,
#           loopback, multicast, off-subnet: the stack may drop them
#           first); frames for b100's external MAC or broadcast from an
#           xlate entry's, tagged with a random VLAN (802.1Q, 802.1ad) on
#           the untagged uplink: not the switch's
# Meanwhile, the legitimate traffic of PAN 100 goes on: b100c pings b100,
# a100c pings a100, hc (a remote of PAN 100) sends VXLAN and NVGRE to b100,
# and hr, as the physical VM X9 of an xlate entry, untagged frames to
# b100's external MAC.
#
# Checks: the captures on b100 and a100 hold frames of their legitimate
# peers only, and some of each (pings, tunnel, xlate); every frame port
# b100 (a100) sent is one of its legitimate peers' (port tx = the control
# peer's rx + hc's tunnel arrivals + xlate arrivals); b100's and a100's
# neighbour tables, hb's neighbours and IPv6 routes are unchanged; each
# attack is counted under its drop reason: exactly for the VM's (link_local,
# vlan_tagged, spoofed_src, no_dest on ha, xlate_tx on ha and unknown_src on
# hb for the flooded ones), the local user's (local_source, NoPorts), the
# uplink's (rx_packets and xlate_rx move by the legitimate frames only);
# the rogue's at least its sure ones and at most those plus the
# spoofed-looking ones, none delivered (PAN 100's encap_rx is hc's
# frames); no kernel warning. Then the controls of the hosts' stacks: an
# RA and a GARP from hr (as the physical network's router) change hb's
# routes and neighbours, where the VM's did not. Last, hr floods the
# external MAC of a hold entry (a VM migrating to hb): hb holds the PAN's
# hold-frames of the frames from a source it knows (an xlate entry's
# external MAC) and no more, none from other sources (unknown_src), takes
# nothing for other MACs of the range, and drops what it held when the
# entry goes.
#
#                   net (bridge br0): 192.0.2.0/24, 2001:db8::/64
#        |                      |                        |              |
#   u0 .1 ::1              u0 .2 ::2                 u0 .3 ::3      u0 .9 ::9
#   ha: psw0               hb: psw0, local .2 ::2     hc (remote     hr (rogue;
#   a200 PAN 200 (ext XA)  b100 PAN 100 10.0.0.2      of PAN 100    also X9, a
#     flood uplink           (ext XB), victim         on hb)        physical VM
#   a100 PAN 100 10.0.0.12 b100c PAN 100 10.0.0.3                   of PAN 100)
#     victim               PAN 200 (no VM)
#   a100c PAN 100 .13      PAN 100 addresses .100 ::100
# hb's PAN 100: encap vxlan MC (hc's VM, 10.0.0.31) remote hc, flood
# remote hc vxlan and hc6 nvgre, xlate X9 ext XX9. External MAC range
# 02:ee:00:00:00:00/32 on ha and hb.

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

FUZZ_ATTACK=300		# attack frames (make fuzz overrides it in fuzz.conf)
FUZZ_SEED=${FUZZ_SEED:-$(( (RANDOM << 15) | RANDOM ))}
# shellcheck source=/dev/null
[[ -e $(dirname "$0")/fuzz.conf ]] && source "$(dirname "$0")/fuzz.conf"

SEND=$(command -v psw-send 2>/dev/null)
HA4=192.0.2.1 HB4=192.0.2.2 HC4=192.0.2.3 HR4=192.0.2.9
HA6=2001:db8::1 HB6=2001:db8::2 HC6=2001:db8::3 HR6=2001:db8::9
PB4=192.0.2.100 PB6=2001:db8::100	# PAN 100's own addresses on hb
HB_MAC=02:aa:00:00:00:02
HR_MAC=02:aa:00:00:00:09
HR_MAC2=02:aa:00:00:00:f9	# where hr moves in its own GARP (the control)
PREFIX=02:ee:00:00:00:00/32
MA=02:1a:00:00:02:01 XA=02:ee:00:00:02:01	# a200 (PAN 200, ha): the attacker
VA=02:1a:00:00:01:01				# a100 (ha): victim, 10.0.0.12
VAC=02:1a:00:00:01:02				# a100c (ha): its peer, 10.0.0.13
VB=02:1a:00:00:01:21 XB=02:ee:00:00:01:21	# b100 (hb): victim, 10.0.0.2
VBC=02:1a:00:00:01:22				# b100c (hb): its peer, 10.0.0.3
MC=02:1a:00:00:01:31				# hc's VM (encap), 10.0.0.31
X9=02:1a:00:00:01:99 XX9=02:ee:00:00:01:99	# a physical VM (xlate), via hr
BCAST=ff:ff:ff:ff:ff:ff
LEGIT_ARP=""		# hc's VM asks for b100: "who has 10.0.0.2 tell 10.0.0.31"
EARLY_TUNNEL=(bad_tunnel unknown_pan unknown_remote local_source
	      unicast_in_l2_mcast switch_down bad_frame bad_src_mac nomem)
EARLY_VM=(switch_down bad_frame bad_src_mac nomem link_local vlan_tagged
	  spoofed_src)

# ---- the attacker ------------------------------------------------------------

# Every random choice is made in this shell (a $(...) subshell would draw
# from a reseeded RANDOM): RANDOM=seed repeats the run.
R=""

rnd() # N: R = a number in [0, N)
{
	R=$(( ((RANDOM << 15) | RANDOM) % $1 ))
}

pick() # WORD...: R = one of them
{
	rnd $#
	shift "$R"
	R=$1
}

rnd_mac() # R = a random locally administered unicast MAC 02:66:...
{
	printf -v R '02:66:%02x:%02x:%02x:%02x' $((RANDOM & 255)) $((RANDOM & 255)) \
		$((RANDOM & 255)) $((RANDOM & 255))
}

rnd_id() # R = a VNI / VSID in 6 hex digits: PAN 100 one time in three,
	 # 200 one in six, otherwise any
{
	rnd 6
	case $R in
	0 | 1) R=000064 ;;
	2) R=0000c8 ;;
	*) printf -v R '%06x' $(( ((RANDOM << 15) | RANDOM) & 0xffffff )) ;;
	esac
}

# inner: R = an inner frame that would poison b100 or a100 if delivered:
# an ARP request from a random MAC claiming 10.0.0.66 or the peers'
# addresses, or a frame to b100 from a forged b100c.
inner()
{
	local mac

	rnd_mac
	mac=$R
	pick 10.0.0.66 10.0.0.3 10.0.0.13 10.0.0.31 plain
	if [[ $R == plain ]]; then
		R=$(plain "$VB" "$VBC")
	else
		R=$(arp_req "$mac" "$R" 10.0.0.2)
	fi
}

# tunnel_hdr PROTO: R = a VXLAN (udp:4789), NVGRE (47) or EtherIP (97)
# header and an inner frame.
tunnel_hdr()
{
	local h

	case $1 in
	udp:4789) rnd_id; h="08000000${R}00" ;;
	47) rnd_id; h="20006558${R}00" ;;
	97) h=3000 ;;
	esac
	inner
	R=$h$R
}

# rogue_src FAM: R = a source address of the underlay's subnet that is
# neither a remote of PAN 100 nor one of hb's.
rogue_src()
{
	if [[ $1 == 4 ]]; then
		rnd 2
		if ((R)); then rnd 90; R=192.0.2.$((R + 10)); else rnd 140; R=192.0.2.$((R + 110)); fi
	else
		rnd 0xfbff
		printf -v R '2001:db8::%x' $((R + 0x400))
	fi
}

# spoofed_src FAM: R = a spoofed-looking source: hb's own, loopback,
# multicast, unspecified, off the subnet.
spoofed_src()
{
	local x

	rnd 250
	x=$((R + 1))
	if [[ $1 == 4 ]]; then
		pick "$HB4" "$PB4" 127.0.0.1 "224.0.0.$x" 0.0.0.0 "198.18.0.$x" "10.0.0.$x"
	else
		pick "$HB6" "$PB6" ::1 "ff02::$x" :: "2001:db8:bad::$x" "fe80::$x"
	fi
}

# tunnel_dst FAM PROTO: R = where hb takes PROTO: its underlay address
# (VXLAN, NVGRE), PAN 100's address (EtherIP).
tunnel_dst()
{
	case $1$2 in
	4udp:4789 | 447) R=$HB4 ;;
	6udp:4789 | 647) R=$HB6 ;;
	497) R=$PB4 ;;
	697) R=$PB6 ;;
	esac
}

declare -A G=()		# what was made: counts by class and expected outcome

# gen N: N attacks, at random, into the command files $TMPD/cmd.WHO for
# psw-send - (WHO: unpriv, raw (hb), vm (a200), rogue (hr)), the
# legitimate traffic into $TMPD/cmd.legit (hc) and the rogue's file; the
# counts into G.
gen()
{
	local n=$1 i k fam proto dst src l2 hdr tpid vid

	G=()
	for k in unpriv raw vm rogue legit; do
		: >"$TMPD/cmd.$k"
	done
	for ((i = 0; i < n; i++)); do
		pick local_udp local_raw vm_tunnel vm_ll vm_tag vm_spoof vm_stack \
			rogue rogue uplink_tag
		k=$R
		G[$k]=$((${G[$k]:-0} + 1))
		pick 4 6
		fam=$R
		case $k in
		local_udp)
			pick hb lo pan
			case $R$fam in
			hb4) dst=$HB4 ;; hb6) dst=$HB6 ;;
			lo4) dst=127.0.0.1 ;; lo6) dst=::1 ;;
			pan4) dst=$PB4 ;; pan6) dst=$PB6 ;;
			esac
			tunnel_hdr udp:4789
			echo "udp $dst 4789 $R" >>"$TMPD/cmd.unpriv"
			if [[ $dst == "$HB4" || $dst == "$HB6" ]]; then
				G[hb_sure]=$((${G[hb_sure]:-0} + 1))
				G[local_source]=$((${G[local_source]:-0} + 1))
			else
				G[noports$fam]=$((${G[noports$fam]:-0} + 1))
			fi
			;;
		local_raw)
			pick 47 97
			proto=$R
			rnd 4
			if ((R)); then
				tunnel_dst "$fam" "$proto"
				dst=$R
				G[hb_sure]=$((${G[hb_sure]:-0} + 1))
				G[local_source]=$((${G[local_source]:-0} + 1))
			else
				# no switch's address: the stack's business
				[[ $fam == 4 ]] && dst=127.0.0.1 || dst=::1
				G[hb_maybe]=$((${G[hb_maybe]:-0} + 1))
			fi
			tunnel_hdr "$proto"
			echo "raw $dst $proto $R" >>"$TMPD/cmd.raw"
			;;
		vm_tunnel)
			pick udp:4789 47 97
			proto=$R
			tunnel_dst "$fam" "$proto"
			dst=$R
			if [[ $fam == 4 ]]; then
				pick "$HC4" "$HA4" "$HB4" 192.0.2.77 10.0.0.2
			else
				pick "$HC6" "$HA6" "$HB6" 2001:db8::77 fe80::1
			fi
			src=$R
			pick "$BCAST" 33:33:00:00:00:01 01:00:5e:00:00:01 "$HB_MAC" "$XB"
			l2=$R
			if [[ $l2 == "$HB_MAC" || $l2 == "$XB" ]]; then
				G[vm_ucast]=$((${G[vm_ucast]:-0} + 1))
			else
				G[vm_flood]=$((${G[vm_flood]:-0} + 1))
			fi
			tunnel_hdr "$proto"
			echo "frame eth0 $l2 $src $dst $proto $R" >>"$TMPD/cmd.vm"
			;;
		vm_ll)
			pick bpdu pause lacp eapol lldp
			R=$("$R" "$MA")
			hdr=$R
			# any of the 16 reserved addresses, often
			rnd 2
			if ((R)); then
				rnd 16
				printf -v R '%02x' "$R"
				hdr=0180c20000$R${hdr:12}
			fi
			echo "eth eth0 $hdr" >>"$TMPD/cmd.vm"
			G[link_local]=$((${G[link_local]:-0} + 1))
			;;
		vm_tag)
			pick "$BCAST" "$VA" "$VB" "$XB" 01:00:5e:00:00:01
			dst=$R
			pick 8100 88a8
			tpid=$R
			rnd 4094
			vid=$((R + 1))
			rnd 8
			printf -v hdr '%s%04x' "$tpid" $(((R << 13) | vid))
			rnd 4
			if ((R == 0)); then
				rnd 4096
				printf -v R '8100%04x' "$R"
				hdr+=$R
			fi
			R=$(plain "$dst" "$MA")
			echo "eth eth0 ${R:0:24}$hdr${R:24}" >>"$TMPD/cmd.vm"
			G[vlan_tagged]=$((${G[vlan_tagged]:-0} + 1))
			;;
		vm_spoof)
			rnd_mac
			pick "$VA" "$VAC" "$VB" "$VBC" "$MC" "$XA" "$XB" "$XX9" "$HB_MAC" "$R"
			src=$R
			pick "$BCAST" "$VA" "$VB" "$XB" 33:33:00:00:00:01
			dst=$R
			pick plain garp
			if [[ $R == plain ]]; then
				R=$(plain "$dst" "$src")
			else
				pick "$HC4" 10.0.0.3 10.0.0.13
				R=$(garp "$src" "$src" "$R")
			fi
			echo "eth eth0 $R" >>"$TMPD/cmd.vm"
			G[spoofed_src]=$((${G[spoofed_src]:-0} + 1))
			;;
		vm_stack)
			pick ra garp
			if [[ $R == ra ]]; then
				rnd 65536
				printf -v src '20010db8%04x%04x' "$R" $((RANDOM & 0xffff))
				rnd 9000
				R=$(ra "$MA" fe80000000000000001a00fffe000201 "$src" "$R")
			else
				rnd_mac
				src=$R
				pick "$MA" "$src"
				src=$R
				pick "$HC4" "$HA4" "$HR4"
				R=$(garp "$MA" "$src" "$R")
			fi
			echo "eth eth0 $R" >>"$TMPD/cmd.vm"
			G[vm_flood]=$((${G[vm_flood]:-0} + 1))
			;;
		rogue)
			pick udp:4789 47 97
			proto=$R
			tunnel_dst "$fam" "$proto"
			dst=$R
			pick "$HB_MAC" "$HB_MAC" "$BCAST"
			l2=$R
			rnd 4
			if ((R)); then
				rogue_src "$fam"
				G[hb_sure]=$((${G[hb_sure]:-0} + 1))
			else
				spoofed_src "$fam"
				G[hb_maybe]=$((${G[hb_maybe]:-0} + 1))
			fi
			src=$R
			tunnel_hdr "$proto"
			echo "frame u0 $l2 $src $dst $proto $R" >>"$TMPD/cmd.rogue"
			;;
		uplink_tag)
			pick 8100 88a8
			tpid=$R
			rnd 4094
			printf -v hdr '%s%04x' "$tpid" $((R + 1))
			pick "$XB" "$BCAST"
			R=$(plain "$R" "$XX9")
			echo "eth u0 ${R:0:24}$hdr${R:24}" >>"$TMPD/cmd.rogue"
			;;
		esac
	done
	# The legitimate traffic: hc's VM asks for b100 over VXLAN (IPv4) and
	# NVGRE (IPv6); X9 sends b100 untagged frames through xlate.
	for ((i = 0; i < n / 20 + 2; i++)); do
		echo "udp $HB4 4789 0800000000006400$LEGIT_ARP" >>"$TMPD/cmd.legit"
		echo "raw $HB6 47 2000655800006400$LEGIT_ARP" >>"$TMPD/cmd.legit"
		echo "eth u0 $(plain "$XB" "$XX9")" >>"$TMPD/cmd.rogue"
		G[legit_tun]=$((${G[legit_tun]:-0} + 2))
		G[legit_up]=$((${G[legit_up]:-0} + 1))
	done
	G[vm]=$(wc -l <"$TMPD/cmd.vm")
}

# ---- the victims ---------------------------------------------------------------

# neighbours H DEV: H's IPv4 neighbours on DEV, "ADDRESS MAC" sorted.
neighbours()
{
	ip -n "$(ns_of "$1")" -4 neigh show dev "$2" | awk '{ print $1, $3 }' | sort
}

# routes6 H: H's IPv6 routes.
routes6()
{
	ip -n "$(ns_of "$1")" -6 route show 2>&1
}

# check_capture CAP SELF PEER...: the capture on a victim holds, besides
# SELF's own frames, frames from the PEERs only, and from each of them.
check_capture()
{
	local cap=$1 self=$2 all bad p n
	shift 2

	# one line per frame (tcpdump dumps unknown ethertypes' payloads on
	# indented lines)
	all=$(cap_read "$cap" -e | grep '^[0-9]')
	bad=$(awk -v self="$self" -v peers=" $* " '$2 != self &&
		index(peers, " " $2 " ") == 0' <<<"$all")
	[[ -z $bad ]] ||
		fail "capture $cap: frames from others than $self and $*" "$(head -20 <<<"$bad")"
	for p in "$@"; do
		n=$(awk -v p="$p" '$2 == p' <<<"$all" | wc -l)
		((n > 0)) || fail "capture $cap: no frame from $p (the control)"
	done
	check_no_match "capture $cap: an attack's mark (10.0.0.66, a VLAN tag, a link-local address)" \
		'10\.0\.0\.66|802\.1Q|802\.1ad|vlan|01:80:c2:00:00:' "$all"
}

# ---- setup ------------------------------------------------------------------------

setup()
{
	local h

	load_kmods veth bridge udp_tunnel ip6_udp_tunnel gre ip_gre ip6_gre
	[[ -x $SEND ]] || { fail "psw-send is not installed (make -C tools/fuzz)"; return 1; }
	diag "seed $FUZZ_SEED (FUZZ_SEED=$FUZZ_SEED reproduces the run), $FUZZ_ATTACK attacks"
	# No receive backlog drop may blur the accounting.
	set_sysctl - net/core/netdev_max_backlog 100000
	l2net_add net || return 1
	for h in ha hb hc hr; do
		host_add "$h" || return 1
	done
	l2net_attach net ha u0 02:aa:00:00:00:01 && l2net_attach net hb u0 "$HB_MAC" &&
		l2net_attach net hc u0 02:aa:00:00:00:03 &&
		l2net_attach net hr u0 "$HR_MAC" || return 1
	host_addr ha u0 "$HA4/24" "$HA6/64" &&
		host_addr hb u0 "$HB4/24" "$HB6/64" "$PB4/24" "$PB6/64" &&
		host_addr hc u0 "$HC4/24" "$HC6/64" &&
		host_addr hr u0 "$HR4/24" "$HR6/64" || return 1
	quiet_neigh "$(ns_of hb)" u0

	host_switch_add ha || return 1
	check_run hpsw ha switch set psw0 ext-prefix "$PREFIX" &&
		check_run hpsw ha port add psw0 dev u0 uplink &&
		check_run hpsw ha pan add psw0 200 &&
		check_run hpsw ha pan add psw0 100 || return 1
	hvm_port_add ha a200 200 "$MA" "$XA" 10.0.0.1/24 &&
		hvm_port_add ha a100 100 "$VA" - 10.0.0.12/24 &&
		hvm_port_add ha a100c 100 "$VAC" - 10.0.0.13/24 || return 1
	check_run hpsw ha pan set psw0 200 flood add uplink || return 1

	host_switch_add hb || return 1
	check_run hpsw hb switch set psw0 underlay "$HB4" underlay6 "$HB6" ext-prefix "$PREFIX" &&
		check_run hpsw hb port add psw0 dev u0 uplink &&
		check_run hpsw hb pan add psw0 100 &&
		check_run hpsw hb pan add psw0 200 &&
		check_run hpsw hb pan set psw0 100 pan-addr "$PB4" pan-addr "$PB6" || return 1
	hvm_port_add hb b100 100 "$VB" "$XB" 10.0.0.2/24 &&
		hvm_port_add hb b100c 100 "$VBC" - 10.0.0.3/24 || return 1
	check_run hpsw hb entry add psw0 pan 100 mac "$MC" encap vxlan remote "$HC4" &&
		check_run hpsw hb entry add psw0 pan 100 mac "$X9" xlate ext "$XX9" &&
		check_run hpsw hb pan set psw0 100 flood add remote "$HC4" encap vxlan &&
		check_run hpsw hb pan set psw0 100 flood add remote "$HC6" encap nvgre ||
		return 1

	# The victims know their peers, hb its neighbours on the underlay.
	LEGIT_ARP=$(arp_req "$MC" 10.0.0.31 10.0.0.2)
	check_ping b100c 10.0.0.2 && check_ping a100c 10.0.0.12 || return 1
	check_hping hb "$HC4" && check_hping hb "$HA4" && check_hping hb "$HR4" || return 1
	check_run hexec hc "$SEND" udp "$HB4" 4789 "0800000000006400$LEGIT_ARP" || return 1
	wait_until 100 bash -c "ip -n '$(ns_of b100)' neigh show 10.0.0.31 | grep -q '$MC'" ||
		fail "b100 did not learn 10.0.0.31 at $MC from hc's VXLAN"
	unpriv_usable || { fail "setpriv cannot drop to uid 65534"; return 1; }
	unpriv_raw_find hb ||
		{ fail "setpriv cannot give uid 65534 CAP_NET_RAW alone (ambient capabilities)"; return 1; }
}

# ---- the run ------------------------------------------------------------------------

SPECS=()
declare -A NEIGH0=()
SENDERS_OK=0

case_attack()
{
	local r pids=() who out rc ping_b ping_a

	RANDOM=$FUZZ_SEED
	gen "$FUZZ_ATTACK"
	diag "made: $(for r in "${!G[@]}"; do echo "$r ${G[$r]},"; done | sort | tr '\n' ' ')"
	SPECS=(hsw:hb:rx_packets hpan:hb:100:encap_rx hpan:hb:200:encap_rx
	       hport:hb:u0:rx_packets hport:hb:u0:xlate_rx hport:hb:u0:drops.unknown_src
	       hport:hb:b100:tx_packets hport:hb:b100c:rx_packets
	       hport:ha:a200:rx_packets hport:ha:a200:xlate_tx hport:ha:a200:drops.no_dest
	       hport:ha:a100:tx_packets hport:ha:a100c:rx_packets
	       hlink:b100:eth0:rx hlink:a100:eth0:rx hlink:a200:eth0:tx
	       snmp:hb:Udp:NoPorts snmp6:hb:Udp6NoPorts)
	for r in "${EARLY_TUNNEL[@]}"; do
		SPECS+=("hsw:hb:drops.$r")
	done
	for r in "${EARLY_VM[@]}"; do
		SPECS+=("hport:ha:a200:drops.$r")
	done
	NEIGH0=([b100]="$(neighbours b100 eth0)" [a100]="$(neighbours a100 eth0)"
		[hb]="$(neighbours hb u0)" [routes]="$(routes6 hb)")
	hsnap "${SPECS[@]}"
	cap_start vb b100 eth0 || return 1
	cap_start va a100 eth0 || return 1
	# The positive controls run all along (ip netns exec execs ping).
	ip netns exec "$(ns_of b100c)" ping -i 0.05 -w 86400 10.0.0.2 >"$TMPD/ping.b" 2>&1 &
	ping_b=$!
	ip netns exec "$(ns_of a100c)" ping -i 0.05 -w 86400 10.0.0.12 >"$TMPD/ping.a" 2>&1 &
	ping_a=$!
	sleep 0.5
	hexec hb "${UNPRIV[@]}" "$SEND" - <"$TMPD/cmd.unpriv" >"$TMPD/out.unpriv" 2>&1 &
	pids+=("unpriv:$!")
	hexec hb "${UNPRIV_RAW[@]}" "$SEND" - <"$TMPD/cmd.raw" >"$TMPD/out.raw" 2>&1 &
	pids+=("raw:$!")
	hexec a200 "$SEND" - <"$TMPD/cmd.vm" >"$TMPD/out.vm" 2>&1 &
	pids+=("vm:$!")
	hexec hr "$SEND" - <"$TMPD/cmd.rogue" >"$TMPD/out.rogue" 2>&1 &
	pids+=("rogue:$!")
	hexec hc "$SEND" - <"$TMPD/cmd.legit" >"$TMPD/out.legit" 2>&1 &
	pids+=("legit:$!")
	SENDERS_OK=1
	for r in "${pids[@]}"; do
		who=${r%%:*}
		rc=0
		wait "${r#*:}" || rc=$?
		out=$(cat "$TMPD/out.$who")
		if ((rc)); then
			fail "psw-send - ($who) exited $rc" "$out"
			SENDERS_OK=0
		fi
	done
	sleep 1
	kill -INT "$ping_b" "$ping_a" 2>/dev/null
	wait "$ping_b" "$ping_a" 2>/dev/null
	# Let the receive backlogs drain.
	sleep 0.5
	cap_stop vb
	cap_stop va
	hnow "${SPECS[@]}"
	for r in b a; do
		out=$(cat "$TMPD/ping.$r")
		check_match "ping of the control pair ($r) while under attack" \
			' [1-9][0-9]* received' "$out"
	done
}

need_run()
{
	((SENDERS_OK)) || skip "the attack did not run to the end"
}

d() # SPEC: its change in the run
{
	echo $(( ${HNOW[$1]:-0} - ${HSNAP[$1]:-0} ))
}

# The victims received their peers' frames and nothing else.
case_victims()
{
	need_run || return
	check_capture vb "$VB" "$VBC" "$MC" "$X9"
	check_capture va "$VA" "$VAC"
	check_eq "frames to b100 (port tx) = from b100c + hc's tunnel arrivals + xlate arrivals" \
		"$(($(d hport:hb:b100c:rx_packets) + G[legit_tun] + G[legit_up]))" \
		"$(d hport:hb:b100:tx_packets)"
	check_eq "b100's eth0 rx = port b100's tx" "$(d hport:hb:b100:tx_packets)" \
		"$(d hlink:b100:eth0:rx)"
	check_eq "frames to a100 (port tx) = from a100c" \
		"$(d hport:ha:a100c:rx_packets)" "$(d hport:ha:a100:tx_packets)"
	check_eq "a100's eth0 rx = port a100's tx" "$(d hport:ha:a100:tx_packets)" \
		"$(d hlink:a100:eth0:rx)"
	(($(d hport:hb:b100c:rx_packets) > 0 && $(d hport:ha:a100c:rx_packets) > 0)) ||
		fail "the control pairs sent nothing during the attack"
	check_eq "b100's neighbours" "${NEIGH0[b100]}" "$(neighbours b100 eth0)"
	check_eq "a100's neighbours" "${NEIGH0[a100]}" "$(neighbours a100 eth0)"
	check_match "b100 knows its peers (the neighbours' control)" \
		"10\.0\.0\.3 $VBC" "${NEIGH0[b100]}"
}

# Tunnel arrivals on hb: the legitimate ones delivered, exactly; every
# attack that reached the switch counted before rx.
case_tunnel_counted()
{
	local r acc=0 sure maybe drops=""

	need_run || return
	sure=${G[hb_sure]:-0} maybe=${G[hb_maybe]:-0}
	for r in "${EARLY_TUNNEL[@]}"; do
		acc=$((acc + $(d "hsw:hb:drops.$r")))
		drops+=" $r $(d "hsw:hb:drops.$r")"
	done
	diag "hb's switch: $sure attacks must reach it, $maybe may; early drops:$drops"
	check_eq "hb: switch rx_packets = hc's legitimate arrivals" "${G[legit_tun]}" \
		"$(d hsw:hb:rx_packets)"
	check_eq "hb: PAN 100 encap_rx = hc's legitimate arrivals" "${G[legit_tun]}" \
		"$(d hpan:hb:100:encap_rx)"
	check_eq "hb: PAN 200 encap_rx" 0 "$(d hpan:hb:200:encap_rx)"
	((acc >= sure)) || fail "hb's switch counted $acc early drops, fewer than the $sure attacks that must reach it"
	((acc <= sure + maybe)) ||
		fail "hb's switch counted $acc early drops, more than the $((sure + maybe)) attacks that may reach it"
	check_eq "hb: local_source >= the local user's datagrams and packets to hb's addresses" \
		1 "$(($(d hsw:hb:drops.local_source) >= ${G[local_source]:-0}))"
	check_eq "hb: Udp NoPorts = the local user's IPv4 VXLAN to addresses with no socket" \
		"${G[noports4]:-0}" "$(d snmp:hb:Udp:NoPorts)"
	check_eq "hb: Udp6NoPorts = the same over IPv6" \
		"${G[noports6]:-0}" "$(d snmp6:hb:Udp6NoPorts)"
}

# The VM's frames: each counted on a200's port under its reason, the
# flooded ones once more on hb's uplink; the uplink took exactly the
# legitimate xlate frames, none of hr's tagged ones.
case_vm_counted()
{
	local r early=0

	need_run || return
	for r in "${EARLY_VM[@]}"; do
		early=$((early + $(d "hport:ha:a200:drops.$r")))
	done
	check_eq "a200's eth0 sent the frames made" "${G[vm]}" "$(d hlink:a200:eth0:tx)"
	check_eq "a200: rx_packets + early drops = frames sent" "${G[vm]}" \
		"$(($(d hport:ha:a200:rx_packets) + early))"
	for r in link_local vlan_tagged spoofed_src; do
		check_eq "a200: drops.$r" "${G[$r]:-0}" "$(d "hport:ha:a200:drops.$r")"
	done
	check_eq "a200: drops.bad_src_mac" 0 "$(d hport:ha:a200:drops.bad_src_mac)"
	check_eq "a200: drops.no_dest (unicast tunnel packets: not to the uplink)" \
		"${G[vm_ucast]:-0}" "$(d hport:ha:a200:drops.no_dest)"
	check_eq "a200: xlate_tx (broadcasts, multicasts to the uplink)" \
		"${G[vm_flood]:-0}" "$(d hport:ha:a200:xlate_tx)"
	check_eq "hb: uplink drops.unknown_src (a200's flooded frames)" \
		"${G[vm_flood]:-0}" "$(d hport:hb:u0:drops.unknown_src)"
	check_eq "hb: uplink xlate_rx = X9's untagged frames (no tagged one)" \
		"${G[legit_up]}" "$(d hport:hb:u0:xlate_rx)"
	check_eq "hb: uplink rx_packets = a200's flooded frames + X9's untagged ones" \
		"$((${G[vm_flood]:-0} + G[legit_up]))" "$(d hport:hb:u0:rx_packets)"
}

# hb's stack: the VM's RAs and GARPs changed nothing; the physical
# network's router (hr) can change its routes and neighbours.
case_host_stack()
{
	need_run || return
	check_eq "hb's neighbours on the underlay" "${NEIGH0[hb]}" "$(neighbours hb u0)"
	check_eq "hb's IPv6 routes" "${NEIGH0[routes]}" "$(routes6 hb)"
	check_run hexec hr "$SEND" eth u0 \
		"$(ra "$HR_MAC" fe8000000000000000aa00fffe000009 20010db8600d0000 0)" &&
		check_run hexec hr "$SEND" eth u0 "$(garp "$HR_MAC" "$HR_MAC2" "$HR4")" ||
		return 1
	wait_until 50 bash -c "ip -n '$(ns_of hb)' -6 route show | grep -q '^2001:db8:600d::/64'" ||
		fail "control: hb has no route for hr's prefix 2001:db8:600d::/64" "$(routes6 hb)"
	wait_until 50 bash -c "ip -n '$(ns_of hb)' neigh show $HR4 | grep -q $HR_MAC2" ||
		fail "control: hb's neighbour $HR4 did not follow hr's ARP" "$(neighbours hb u0)"
	check_run hexec hr "$SEND" eth u0 "$(garp "$HR_MAC" "$HR_MAC" "$HR4")"
}

# A VM arriving on hb by migration (a hold entry with an external MAC in
# the uplink's filter), flooded by hr: frames to that MAC from the
# external MAC of PAN 100's xlate entry (X9's: hr forges it, or X9 talks
# too much) are held up to the PAN's hold-frames, the rest counted
# hold_overflow; from any other source they are unknown_src and never
# held; frames to other MACs of the external range are not taken (no new
# destination held). When the controller deletes the hold entry what was
# held is dropped (no_entry), never flooded.
case_hold_flood()
{
	local vh=02:1a:00:00:01:41 xh=02:ee:00:00:01:41 n=300 i f
	local pan=hpan:hb:100 rx ov

	# Made first (made while the frames wait they could outlast the hold
	# time), in this shell: plain's frames without a process each.
	{
		for ((i = 0; i < n; i++)); do
			echo "eth u0 ${xh//:/}${XX9//:/}88b5$PAD46"
			rnd_mac
			echo "eth u0 ${xh//:/}${R//:/}88b5$PAD46"
			# not one of the entries' (02:ee:00:00:0x:xx)
			printf -v f '02ee0000%02x%02x' \
				$((0xf0 | (RANDOM & 15))) $((RANDOM & 255))
			rnd_mac
			echo "eth u0 $f${R//:/}88b5$PAD46"
		done
	} >"$TMPD/cmd.hold"
	[[ $(head -1 "$TMPD/cmd.hold") == "eth u0 $(plain "$xh" "$XX9")" ]] ||
		{ fail "the flood's frames are not plain's"; return 1; }
	check_run hpsw hb pan set psw0 100 hold frames 8 time 60000 &&
		check_run hpsw hb entry add psw0 pan 100 mac "$vh" hold ext "$xh" ||
		return 1
	hsnap "$pan:held" "$pan:hold_overflow" "$pan:hold_timeout" \
		"$pan:drops.no_entry" hport:hb:u0:rx_packets \
		hport:hb:u0:drops.unknown_src
	# Control: one frame to the hold entry's external MAC is held.
	check_run hexec hr "$SEND" eth u0 "$(plain "$xh" "$XX9")" || return 1
	wait_until 50 hcounter_ge "$pan:held" 1 ||
		fail "control: hr's first frame to $xh (from $XX9) was not held"
	check_run hexec hr "$SEND" - <"$TMPD/cmd.hold" || return 1
	rx=${HSNAP[hport:hb:u0:rx_packets]}
	wait_until 100 hcounter_ge hport:hb:u0:rx_packets $((rx + 2 * n + 1)) ||
		fail "hb's uplink did not take hr's $((2 * n + 1)) frames to $xh"
	# A frame is counted received before it is held or refused.
	ov=${HSNAP[$pan:hold_overflow]}
	wait_until 50 hcounter_ge "$pan:hold_overflow" $((ov + n + 1 - 8))
	hexpect_delta hport:hb:u0:rx_packets eq $((2 * n + 1))
	hexpect_delta hport:hb:u0:drops.unknown_src eq "$n"
	hexpect_delta "$pan:held" eq 8
	hexpect_delta "$pan:hold_overflow" eq $((n + 1 - 8))
	hexpect_delta "$pan:hold_timeout" eq 0
	check_run hpsw hb entry del psw0 pan 100 mac "$vh" || return 1
	hexpect_delta "$pan:held" eq 0
	hexpect_delta "$pan:drops.no_entry" eq 8
}

require_tools
ensure_module
kmsg_mark
ktap_plan 8
run_setup "ha (attacker a200, victim a100), hb (victim b100), hc (remote), hr (rogue)" setup
run_case "$FUZZ_ATTACK random attacks (seed $FUZZ_SEED) while PAN 100 talks" case_attack
run_case "the victims received their peers' frames only, neighbours unchanged" case_victims
run_case "hb's tunnel arrivals: the legitimate ones delivered, every attack counted" \
	case_tunnel_counted
run_case "the VM's frames counted under their reasons, the uplink took none of hr's tagged ones" \
	case_vm_counted
run_case "hb's stack: no route or neighbour from the VM, the router's change them" \
	case_host_stack
run_case "a hold entry's external MAC flooded from hr: held up to its bound, then dropped" \
	case_hold_flood
run_case "no kernel warnings" check_kernel_log
ktap_finish
