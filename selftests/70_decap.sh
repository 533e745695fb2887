#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 70_decap.sh - the tunnel receive side (kmod/decap*.c) on its own. 64 and
# 66 show that tunnels between panswitch and Linux work; this test sends
# crafted VXLAN, NVGRE and EtherIP packets (psw-send, from h1's own stack)
# to the switch on h2 and checks, for each, exactly which counters move:
# the switch's (panswitch -s switch show), every PAN's and port's
# (panswitch stats show), h2's Linux GRE devices' rx, and the ICMP errors
# and "unknown protocol" / "no port" counters of both stacks. So a
# dropped arrival is counted once, under its reason: on the switch only
# when the tunnel header is bad or names no PAN (bad_tunnel, unknown_pan),
# on the switch and the PAN once the PAN is known (bad_frame: an inner
# frame shorter than an Ethernet header; no_entry, bad_src_mac,
# switch_down); a good one reaches its VM; and nothing else moves. h1's
# addresses are remotes of every PAN (entries, flood members for PAN 300),
# so its arrivals are accepted (72_underlay_trust.sh tests the others).
# NVGRE arrives through the stack's GRE (ip_gre / ip6_gre, the namespace's
# collect-metadata devices): a GRE header too short for its flags, or an
# inner frame shorter than an Ethernet header, is dropped there, before
# the switch, and moves nothing. Then:
#   - EtherIP to an address no PAN holds gets what the stack gives an
#     unknown protocol (IP protocol 253 for comparison): ICMP protocol
#     unreachable, ICMPv6 parameter problem (unrecognized next header);
#   - GRE to the switch's address goes to ip_gre's configured devices when
#     one matches (no key: gretap gnk; key 77, IPv4 inside: gre g77; the
#     key of PAN 100 from h1: gretap gtk, ip6gretap gtk6), before the
#     switch; GRE no device takes that is not K-only 0x6558 is bad_tunnel;
#   - a VXLAN port held by another socket: "switch set underlay" is refused
#     with "VXLAN UDP port is in use" and changes nothing, not even the
#     socket of the other family that it opened first; another switch of
#     the namespace shares the port on another address, but not the
#     address; a Linux vxlan device cannot take the switch's port;
#   - vxlan-port moves both sockets (/proc/net/udp, udp6): the old port is
#     closed (port unreachable), the new one delivers;
#   - GRO: with GRO on h2's underlay veth (and for NVGRE on the NVGRE
#     device, psw-nvgre4/6, which merges again after decapsulation), a TCP
#     transfer from Linux's vxlan / gretap / ip6gretap (no TSO on h1, so
#     the wire carries segments) reaches the VM as merged frames longer
#     than the MTU, intact; with GRO off on them, none is longer (the
#     control);
#   - deleting a namespace that holds a switch, while tunnel packets
#     arrive, dismantles it (nothing pins it; no kernel warning);
#   - deleting the switch closes its sockets and deletes the namespace's
#     NVGRE devices (its last user): the port is free for a Linux vxlan
#     device, NVGRE to its address that no device takes is answered port
#     unreachable (and gtk / gtk6 still get theirs), and EtherIP to its
#     PAN's old address is answered protocol unreachable.
#
#   h1 192.0.2.1, 2001:db8::1           h2 192.0.2.2, 2001:db8::2 (psw0 local)
#      u0 ------------------- veth ---------------- u0   .30, ::30 (PAN 300)
#   vx100 vxlan id 100, IPv4 ~~~~~~~~~~ PAN 100 - v100
#   vx101 vxlan id 101, IPv6 ~~~~~~~~~~ PAN 101 - v101
#   gt200 gretap key 200<<8 ~~~~~~~~~~~ PAN 200 - v200
#   gt201 ip6gretap key 201<<8 ~~~~~~~~ PAN 201 - v201
#                     (crafted only) ~~ PAN 300 - v300 (EtherIP, by address)
#                                       Linux devices next to psw0, on its
#                                       addresses: gnk (gretap, no key),
#                                       g77 (gre key 77), gtk / gtk6
#                                       (gretap / ip6gretap key 100<<8),
#                                       vxp4 / vxp6 (vxlan port 4789, down)
#   w3 203.0.113.1 ------ veth ------ h3 (a switch; deleted as a namespace)
#
# PAN P's /28 in 198.51.100.0/24: h1's tunnel device .1, the VM .2 (+16
# per PAN). h1's devices are 02:00:00:00:00:01, the VMs 02:00:00:00:00:02;
# neighbours are static, so nothing is sent behind the test's back.
# psw-send is built with the fuzzers (tools/fuzz) and copied into the VM.

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

SEND=$(command -v psw-send 2>/dev/null)
M1=02:00:00:00:00:01
M2=02:00:00:00:00:02
NOENT=02:00:00:00:00:99		# a MAC with no entry in any PAN
MCAST=01:00:5e:00:00:01
H1=192.0.2.1
H2=192.0.2.2
H1_6=2001:db8::1
H2_6=2001:db8::2
EIP4=192.0.2.30			# PAN 300's own addresses (EtherIP)
EIP6=2001:db8::30
PANS=(100 101 200 201 300)
declare -A IN_BASE=([100]=0 [101]=16 [200]=32 [201]=48 [300]=64)
NVKEY=$((100 << 8))		# gtk's and gtk6's key: NVGRE for PAN 100
GRE_DEVS="gnk g77 gtk gtk6"
DATA_BYTES=524288
DATA=""

# The stack counters that say a packet was answered or refused.
SNMP_RE='^h[12]\.(Ip\.InUnknownProtos|Icmp\.(In|Out)DestUnreachs|Udp\.NoPorts|Ip6InUnknownProtos|Icmp6(In|Out)(ParmProblems|DestUnreachs)|Udp6NoPorts)$'

# ---- packets ------------------------------------------------------------

printf -v ZEROS46 '%092d' 0

# frame DST [SRC]: an Ethernet frame of 60 bytes, ethertype 0x88b5 (local
# experimental: a VM's stack ignores it), from SRC (default M1), in hex.
frame()
{
	local src=${2:-$M1}

	echo "${1//:/}${src//:/}88b5$ZEROS46"
}

# short_frame: 13 bytes, one less than an Ethernet header.
short_frame()
{
	echo "${M2//:/}${M1//:/}88"
}

# vxh FLAGS VNI: a VXLAN header; FLAGS a number (0x08: the I flag).
vxh()
{
	printf '%02x000000%06x00' "$1" "$2"
}

# nvgre VSID [FLOWID]: GRE with the key flag only, protocol 0x6558, key
# VSID << 8 | FLOWID.
nvgre()
{
	printf '20006558%06x%02x' "$1" "${2:-0}"
}

# inner address PAN N: 198.51.100.(PAN's base + N)
inner()
{
	echo "198.51.100.$((IN_BASE[$1] + $2))"
}

# ---- counters -------------------------------------------------------------
#
# Each arrival is checked by reading every counter before and after, and
# TCG is slow: h1's and h2's /proc/net files are read with bash builtins
# through a process living in each namespace (ANCHOR), and one jq reads
# both panswitch outputs.

declare -A ANCHOR=()	# h1, h2 -> the pid of a process in their namespace

# anchor_add H: a sleeping process in H's namespace: /proc/PID/net is H's.
anchor_add()
{
	local pid

	ip netns exec "$(ns_of "$1")" sleep 1000000 &
	pid=$!
	defer kill "$pid"
	ANCHOR[$1]=$pid
	# ip netns exec has entered the namespace once it runs sleep.
	wait_until 100 grep -qx sleep "/proc/$pid/comm" ||
		fail "no process in $1's namespace to read its /proc/net through"
}

# snmp_lines H: "H.Proto.Field value" (/proc/net/snmp) and "H.Field value"
# (/proc/net/snmp6) of H's namespace, those matching SNMP_RE.
snmp_lines()
{
	local h=$1 dir=/proc/${ANCHOR[$1]}/net proto key val i
	local -a f n
	local -A names=()

	while read -r -a f; do
		proto=${f[0]%:}
		if [[ -z ${names[$proto]+set} ]]; then
			names[$proto]=${f[*]:1}
			continue
		fi
		read -r -a n <<<"${names[$proto]}"
		unset "names[$proto]"
		for ((i = 1; i < ${#f[@]}; i++)); do
			key=$h.$proto.${n[i - 1]}
			[[ ! $key =~ $SNMP_RE ]] || echo "$key ${f[i]}"
		done
	done <"$dir/snmp"
	while read -r key val; do
		key=$h.$key
		[[ ! $key =~ $SNMP_RE ]] || echo "$key $val"
	done <"$dir/snmp6"
}

# link_lines: "link.DEV.rx packets" of h2's GRE_DEVS (/proc/net/dev).
link_lines()
{
	local line name
	local -a v

	while IFS= read -r line; do
		[[ $line == *:* ]] || continue
		name=${line%%:*}
		name=${name// /}
		[[ " $GRE_DEVS " == *" $name "* ]] || continue
		read -r -a v <<<"${line#*:}"
		echo "link.$name.rx ${v[1]}"
	done <"/proc/${ANCHOR[h2]}/net/dev"
}

# counters_all: one "KEY VALUE" line per counter, byte counts left out:
#   sw.FIELD          h2's psw0 (panswitch -j -s switch show), drops.REASON
#   panP.FIELD        PAN P (panswitch -j stats show)
#   port.DEV.FIELD    port DEV
#   link.DEV.rx       rx packets of h2's Linux GRE devices
#   hN.Proto.Field    the answers of h1's and h2's stacks (SNMP_RE)
counters_all()
{
	local sw st

	sw=$(hpsw h2 -j -s switch show psw0 2>/dev/null) && [[ -n $sw ]] || sw='[]'
	st=$(hpsw h2 -j stats show psw0 2>/dev/null) && [[ -n $st ]] || st='[]'
	jq -n -r --argjson sw "$sw" --argjson st "$st" '
		def lines($k): paths(scalars) as $p | select($p[-1] | endswith("_bytes") | not) |
			"\($k).\($p | join(".")) \(getpath($p))";
		($sw[] | .stats | lines("sw")),
		($st[] | (if has("port") then "port.\(.port)" else "pan\(.pan)" end) as $k |
			del(.switch, .port, .pan) | lines($k))' 2>/dev/null
	link_lines
	snmp_lines h1
	snmp_lines h2
}

# sorted_words WORDS: the words (blank or newline separated), sorted, on
# one line.
sorted_words()
{
	local s

	# shellcheck disable=SC2086 # split into words on purpose
	s=$(printf '%s\n' $1 | sort)
	echo "${s//$'\n'/ }"
}

# deltas BEFORE AFTER: the counters (of both) that moved, "KEY+N" sorted,
# on one line.
deltas()
{
	local k v d out=""
	local -A b=()

	while read -r k v; do
		[[ -z $k ]] || b[$k]=$v
	done <<<"$1"
	while read -r k v; do
		[[ -n $k && -n ${b[$k]+set} && $v != "${b[$k]}" ]] || continue
		d=$((v - ${b[$k]}))
		if ((d > 0)); then
			out+=" $k+$d"
		else
			out+=" $k$d"
		fi
	done <<<"$2"
	sorted_words "$out"
}

MOVED=""	# what the last moved_exactly saw

moved_exactly()
{
	MOVED=$(deltas "$1" "$(counters_all)")
	[[ $MOVED == "$2" ]]
}

# arrival WHAT EXPECTED ARGS...: psw-send ARGS in h1; the counters that
# move (counters_all) are exactly EXPECTED ("KEY+N" words, any order).
arrival()
{
	local what=$1 want before
	want=$(sorted_words "$2")
	shift 2

	before=$(counters_all)
	check_run hexec h1 "$SEND" "$@" || return 1
	wait_until 15 moved_exactly "$before" "$want"
	check_eq "$what: the counters that moved (psw-send $*)" "$want" "$MOVED"
}

# What an arrival moves, by outcome.
delivered()	# PAN: reached the VM vPAN
{
	echo "sw.rx_packets+1 sw.encap_rx+1 pan$1.rx_packets+1 pan$1.encap_rx+1" \
		"pan$1.tx_packets+1 port.v$1.tx_packets+1"
}

pan_drop()	# PAN REASON [counted]: dropped once the PAN was known
{
	if [[ ${3:-} == counted ]]; then
		echo "sw.rx_packets+1 sw.encap_rx+1 pan$1.rx_packets+1 pan$1.encap_rx+1" \
			"sw.drops.$2+1 pan$1.drops.$2+1"
	else
		echo "sw.drops.$2+1 pan$1.drops.$2+1"
	fi
}

sw_drop()	# REASON: dropped before a PAN was known: the switch only
{
	echo "sw.drops.$1+1"
}

UNREACH4="h1.Icmp.InDestUnreachs+1 h2.Icmp.OutDestUnreachs+1"
UNKNOWN_PROTO4="$UNREACH4 h2.Ip.InUnknownProtos+1"
UNKNOWN_PROTO6="h1.Icmp6InParmProblems+1 h2.Icmp6OutParmProblems+1 h2.Ip6InUnknownProtos+1"

# udp_socks H|- PORT: "udp4 N udp6 M", the UDP sockets bound to PORT in
# H's namespace (-: this one).
udp_socks()
{
	local hex cmd=(cat /proc/net/udp /proc/net/udp6)

	printf -v hex ':%04X' "$2"
	if [[ $1 == - ]]; then
		"${cmd[@]}"
	else
		hexec "$1" "${cmd[@]}"
	fi | awk -v p="$hex" '
		$1 == "sl" { f++; next }
		substr($2, length($2) - 4) == p { n[f]++ }
		END { printf "udp4 %d udp6 %d\n", n[1], n[2] }'
}

# ---- setup ----------------------------------------------------------------

# linux_tunnel PAN DEV TYPE ARGS...: h1's tunnel device DEV into PAN, MTU
# 1400, TSO off (TCP is segmented before encapsulation), the PAN's .1,
# the VM's .2 a permanent neighbour.
linux_tunnel()
{
	local pan=$1 dev=$2 type=$3
	shift 3

	check_run hexec h1 ip link add name "$dev" address "$M1" mtu 1400 type "$type" "$@" &&
		check_run hexec h1 "$SEND" ethtool "$dev" tso off &&
		check_run hexec h1 ip addr add "$(inner "$pan" 1)/28" dev "$dev" &&
		check_run hexec h1 ip link set "$dev" up &&
		check_run hexec h1 ip neigh replace "$(inner "$pan" 2)" lladdr "$M2" dev "$dev" \
			nud permanent
}

# h2_dev NAME TYPE ARGS...: a Linux device in h2, up unless TYPE is vxlan.
h2_dev()
{
	local name=$1 type=$2
	shift 2

	check_run hexec h2 ip link add name "$name" type "$type" "$@" || return 1
	[[ $type == vxlan ]] || check_run hexec h2 ip link set "$name" up
}

setup()
{
	local pan ns

	load_kmods veth udp_tunnel ip6_udp_tunnel vxlan gre ip_gre ip6_gre
	host_add h1 && host_add h2 || return 1
	anchor_add h1 && anchor_add h2 || return 1
	link_pair h1 u0 02:aa:00:00:00:01 h2 u0 02:aa:00:00:00:02 || return 1
	# No TSO on h1's u0 either: a veth hands frames to its peer's GRO only
	# when it could not have sent them as one (veth_skb_is_eligible_for_gro).
	check_run hexec h1 "$SEND" ethtool u0 tso off || return 1
	host_addr h1 u0 "$H1"/24 "$H1_6"/64 &&
		host_addr h2 u0 "$H2"/24 "$H2_6"/64 "$EIP4"/24 "$EIP6"/64 || return 1
	# Every ICMP error h2's stack owes is sent: no rate limit.
	set_sysctls "$(ns_of h2)" net/ipv4/icmp_ratelimit=0 net/ipv6/icmp/ratelimit=0

	host_switch_add h2 || return 1
	check_run hpsw h2 switch set psw0 underlay "$H2" underlay6 "$H2_6" || return 1
	for pan in "${PANS[@]}"; do
		check_run hpsw h2 pan add psw0 "$pan" || return 1
		hvm_port_add h2 "v$pan" "$pan" "$M2" - "$(inner "$pan" 2)/28" || return 1
		ns=$(ns_of "v$pan")
		check_run ip -n "$ns" link set eth0 mtu 1400 &&
			check_run ip -n "$ns" neigh replace "$(inner "$pan" 1)" lladdr "$M1" \
				dev eth0 nud permanent || return 1
	done
	check_run hpsw h2 entry add psw0 pan 100 mac "$M1" encap vxlan remote "$H1" &&
		check_run hpsw h2 entry add psw0 pan 101 mac "$M1" encap vxlan remote "$H1_6" &&
		check_run hpsw h2 entry add psw0 pan 200 mac "$M1" encap nvgre remote "$H1" &&
		check_run hpsw h2 entry add psw0 pan 201 mac "$M1" encap nvgre remote "$H1_6" &&
		check_run hpsw h2 pan set psw0 300 pan-addr "$EIP4" &&
		check_run hpsw h2 pan set psw0 300 pan-addr "$EIP6" &&
		check_run hpsw h2 pan set psw0 300 flood add remote "$H1" encap etherip &&
		check_run hpsw h2 pan set psw0 300 flood add remote "$H1_6" encap etherip ||
		return 1

	linux_tunnel 100 vx100 vxlan id 100 local "$H1" remote "$H2" dstport 4789 &&
		linux_tunnel 101 vx101 vxlan id 101 local "$H1_6" remote "$H2_6" dstport 4789 &&
		linux_tunnel 200 gt200 gretap local "$H1" remote "$H2" key $((200 << 8)) &&
		linux_tunnel 201 gt201 ip6gretap local "$H1_6" remote "$H2_6" key $((201 << 8)) ||
		return 1

	h2_dev gnk gretap local "$H2" remote "$H1" &&
		h2_dev g77 gre local "$H2" remote "$H1" key 77 &&
		h2_dev gtk gretap local "$H2" remote "$H1" key "$NVKEY" &&
		h2_dev gtk6 ip6gretap local "$H2_6" remote "$H1_6" key "$NVKEY" &&
		h2_dev vxp4 vxlan id 7 local "$H2" dstport 4789 &&
		h2_dev vxp6 vxlan id 8 local "$H2_6" dstport 4789 || return 1

	DATA=$TMPD/data
	head -c "$DATA_BYTES" /dev/urandom >"$DATA" ||
		fail "cannot write $DATA_BYTES random bytes to $DATA"
}

# ---- malformed and good arrivals -------------------------------------------

# vxlan_arrivals DST PAN
vxlan_arrivals()
{
	local dst=$1 pan=$2 f

	f=$(frame "$M2")
	arrival "VXLAN, VNI $pan, to the VM" "$(delivered "$pan")" \
		udp "$dst" 4789 "$(vxh 0x08 "$pan")$f"
	arrival "reserved bits all set (ignored)" "$(delivered "$pan")" \
		udp "$dst" 4789 "ffffffff$(printf '%06x' "$pan")ff$f"
	arrival "I flag clear" "$(sw_drop bad_tunnel)" \
		udp "$dst" 4789 "$(vxh 0x00 "$pan")$f"
	arrival "header cut after 5 bytes" "$(sw_drop bad_tunnel)" \
		udp "$dst" 4789 0800000000
	arrival "header, no inner frame" "$(pan_drop "$pan" bad_frame)" \
		udp "$dst" 4789 "$(vxh 0x08 "$pan")"
	arrival "inner frame of 13 bytes" "$(pan_drop "$pan" bad_frame)" \
		udp "$dst" 4789 "$(vxh 0x08 "$pan")$(short_frame)"
	arrival "VNI 4242, no such PAN" "$(sw_drop unknown_pan)" \
		udp "$dst" 4789 "$(vxh 0x08 4242)$f"
	arrival "to a MAC with no entry" "$(pan_drop "$pan" no_entry counted)" \
		udp "$dst" 4789 "$(vxh 0x08 "$pan")$(frame "$NOENT")"
}

case_vxlan4()
{
	vxlan_arrivals "$H2" 100
	arrival "multicast source MAC" "$(pan_drop 100 bad_src_mac)" \
		udp "$H2" 4789 "$(vxh 0x08 100)$(frame "$M2" "$MCAST")"
	check_run hexec h2 ip link set psw0 down || return 1
	arrival "the switch is down" "$(pan_drop 100 switch_down)" \
		udp "$H2" 4789 "$(vxh 0x08 100)$(frame "$M2")"
	check_run hexec h2 ip link set psw0 up
}

case_vxlan6()
{
	vxlan_arrivals "$H2_6" 101
}

# nvgre_arrivals DST PAN
nvgre_arrivals()
{
	local dst=$1 pan=$2 f

	f=$(frame "$M2")
	arrival "NVGRE, VSID $pan, to the VM" "$(delivered "$pan")" raw "$dst" 47 "$(nvgre "$pan")$f"
	arrival "FlowID 0xff (not part of the VSID)" "$(delivered "$pan")" \
		raw "$dst" 47 "$(nvgre "$pan" 255)$f"
	# The stack's GRE drops these; the next arrival's counters would show
	# one that reached the switch late.
	arrival "GRE header cut after 2 bytes (the stack drops it)" "" raw "$dst" 47 2000
	arrival "key cut after 2 bytes (the stack drops it)" "" \
		raw "$dst" 47 "$(nvgre "$pan" | cut -c1-12)"
	arrival "header, no inner frame (the stack drops it)" "" raw "$dst" 47 "$(nvgre "$pan")"
	arrival "inner frame of 13 bytes (the stack drops it)" "" \
		raw "$dst" 47 "$(nvgre "$pan")$(short_frame)"
	arrival "K and S flags (a sequence number)" "$(sw_drop bad_tunnel)" \
		raw "$dst" 47 "30006558$(printf '%06x' "$pan")0000000001$f"
	arrival "VSID 4242, no such PAN" "$(sw_drop unknown_pan)" raw "$dst" 47 "$(nvgre 4242)$f"
	arrival "to a MAC with no entry" "$(pan_drop "$pan" no_entry counted)" \
		raw "$dst" 47 "$(nvgre "$pan")$(frame "$NOENT")"
}

case_nvgre4() { nvgre_arrivals "$H2" 200; }
case_nvgre6() { nvgre_arrivals "$H2_6" 201; }

# etherip_arrivals DST (PAN 300's address)
etherip_arrivals()
{
	local dst=$1 pan=300 f

	f=$(frame "$M2")
	arrival "EtherIP to PAN $pan's address, to the VM" "$(delivered "$pan")" raw "$dst" 97 "3000$f"
	arrival "version 4" "$(sw_drop bad_tunnel)" raw "$dst" 97 "4000$f"
	arrival "a reserved bit set" "$(sw_drop bad_tunnel)" raw "$dst" 97 "3001$f"
	arrival "header cut after 1 byte" "$(sw_drop bad_tunnel)" raw "$dst" 97 30
	arrival "header, no inner frame" "$(pan_drop "$pan" bad_frame)" raw "$dst" 97 3000
	arrival "inner frame of 13 bytes" "$(pan_drop "$pan" bad_frame)" raw "$dst" 97 "3000$(short_frame)"
	arrival "to a MAC with no entry" "$(pan_drop "$pan" no_entry counted)" \
		raw "$dst" 97 "3000$(frame "$NOENT")"
}

case_etherip4() { etherip_arrivals "$EIP4"; }
case_etherip6() { etherip_arrivals "$EIP6"; }

# ---- EtherIP for no PAN ------------------------------------------------------

# no_pan DST EXPECTED ICMP_RE CAP: EtherIP to DST, which no PAN holds, and IP
# protocol 253, which nothing handles, get the same answer: the same
# counters move (EXPECTED; no switch counts it) and h1 receives one ICMP
# error matching ICMP_RE for each.
no_pan()
{
	local dst=$1 want=$2 re=$3 cap=$4 f out

	f=$(frame "$M2")
	cap_start "$cap" h1 u0 icmp or icmp6 || return 1
	arrival "EtherIP to $dst, no PAN's address" "$want" raw "$dst" 97 "3000$f"
	arrival "IP protocol 253 to $dst (no handler)" "$want" raw "$dst" 253 "3000$f"
	cap_stop "$cap"
	out=$(cap_read "$cap" -t)
	diag "ICMP errors h1 received:" "$out"
	check_eq "ICMP errors from $dst matching /$re/ (tcpdump on h1's u0)" 2 \
		"$(grep -cE -- "$re" <<<"$out")"
}

case_no_pan4()
{
	no_pan "$H2" "$UNKNOWN_PROTO4" "^IP $H2 > $H1: ICMP $H2 protocol (97|253) unreachable" nopan4
	check_match "protocol 97's is protocol unreachable" "ICMP $H2 protocol 97 unreachable" \
		"$(cap_read nopan4 -t)"
}

case_no_pan6()
{
	no_pan "$H2_6" "$UNKNOWN_PROTO6" \
		"^IP6 $H2_6 > $H1_6: ICMP6, parameter problem, next header - octet 6" nopan6
}

# ---- GRE that is not NVGRE ------------------------------------------------------

case_gre_not_ours()
{
	local f

	f=$(frame "$M2")
	arrival "GRE without a key, 0x6558, to $H2: ip_gre's gretap gnk" "link.gnk.rx+1" \
		raw "$H2" 47 "00006558$f"
	arrival "GRE key 77, IPv4 inside, to $H2: ip_gre's gre g77" "link.g77.rx+1" \
		raw "$H2" 47 "200008000000004d450000140000400040110000c6336401c6336402"
	arrival "NVGRE key $NVKEY from $H1 to $H2: gretap gtk's, configured for it" \
		"link.gtk.rx+1" raw "$H2" 47 "$(nvgre 100)$f"
	arrival "NVGRE key $NVKEY from $H1_6 to $H2_6: ip6gretap gtk6's" "link.gtk6.rx+1" \
		raw "$H2_6" 47 "$(nvgre 100)$f"
	arrival "NVGRE of PAN 200 to $H2, which no device is configured for: the switch's" \
		"$(delivered 200)" raw "$H2" 47 "$(nvgre 200)$f"
	arrival "GRE without a key, 0x6558, to $H2_6 (no keyless ip6gretap): bad_tunnel" \
		"$(sw_drop bad_tunnel)" raw "$H2_6" 47 "00006558$f"
	arrival "GRE key of PAN 201, IPv6 inside, to $H2_6: bad_tunnel" \
		"$(sw_drop bad_tunnel)" raw "$H2_6" 47 "$(printf '200086dd%06x00' 201)$f"
}

# ---- the VXLAN port ------------------------------------------------------------

# Here, in this namespace (check_fail's state_snapshot).
case_port_in_use()
{
	local re="VXLAN UDP port is in use"

	switch_add psw70 && switch_add psw71 || return 1
	check_run ip link add name vxh6 type vxlan id 9 dstport 4789 local 2001:db8::79 || return 1
	defer ip link del dev vxh6
	check_run ip link set vxh6 up || return 1
	check_eq "UDP sockets on port 4789 here: vxh6's" "udp4 0 udp6 1" "$(udp_socks - 4789)"
	# The IPv4 socket opens, the IPv6 one cannot: the first is closed again.
	check_fail "$PSW" switch set psw70 underlay 192.0.2.70 underlay6 2001:db8::70 1 "$re"
	check_eq "UDP sockets on port 4789 after the refusal" "udp4 0 udp6 1" "$(udp_socks - 4789)"
	check_run "$PSW" switch set psw70 underlay 192.0.2.70 || return 1
	check_eq "UDP sockets on port 4789 with psw70's local4" "udp4 1 udp6 1" "$(udp_socks - 4789)"
	check_fail "$PSW" switch set psw70 underlay6 2001:db8::70 1 "$re"
	check_eq "UDP sockets on port 4789 after both refusals" "udp4 1 udp6 1" "$(udp_socks - 4789)"
	# Another switch shares the port on an address of its own, not psw70's.
	check_fail "$PSW" switch set psw71 underlay 192.0.2.70 1 "another switch's underlay address"
	check_run "$PSW" switch set psw71 underlay 192.0.2.71 || return 1
	check_eq "UDP sockets on port 4789 with psw71's local4 too" "udp4 2 udp6 1" \
		"$(udp_socks - 4789)"
	check_run "$PSW" switch set psw71 underlay none || return 1
	# Once vxh6 is gone, the port is free for psw70.
	check_run ip link del dev vxh6 || return 1
	check_run "$PSW" switch set psw70 underlay6 2001:db8::70 || return 1
	check_eq "UDP sockets on port 4789: psw70's two" "udp4 1 udp6 1" "$(udp_socks - 4789)"
	check_json "$PSW" -j switch show psw70 || return 1
	check_jq "$JSON" '.[0] | .local4 == "192.0.2.70" and .local6 == "2001:db8::70" and
		.vxlan_port == 4789'
}

# refused_up DEV: h2's vxlan device DEV cannot open its socket (the port is
# the switch's) and stays down.
refused_up()
{
	local rc=0 out

	out=$(hexec h2 ip link set "$1" up 2>&1) || rc=$?
	if ((rc == 0)) || ! grep -q "Address already in use" <<<"$out"; then
		fail "ip link set $1 up in h2, with the switch on port 4789" \
			"  expected: refused, \"Address already in use\"" \
			"  actual:   exit $rc, output:"
		diag_output "$out"
	fi
	check_json hexec h2 ip -j link show dev "$1" || return 1
	check_jq "$JSON" '.[0].flags | index("UP") | not'
}

case_port_held()
{
	check_eq "h2's UDP sockets on port 4789: the switch's" "udp4 1 udp6 1" "$(udp_socks h2 4789)"
	refused_up vxp4
	refused_up vxp6
	check_eq "h2's UDP sockets on port 4789 after" "udp4 1 udp6 1" "$(udp_socks h2 4789)"
}

case_port_change()
{
	local f

	f=$(frame "$M2")
	check_run hpsw h2 switch set psw0 vxlan-port 4790 || return 1
	check_eq "h2's UDP sockets on port 4789 after vxlan-port 4790" "udp4 0 udp6 0" \
		"$(udp_socks h2 4789)"
	check_eq "h2's UDP sockets on port 4790" "udp4 1 udp6 1" "$(udp_socks h2 4790)"
	arrival "VXLAN to the old port 4789: port unreachable" "$UNREACH4 h2.Udp.NoPorts+1" \
		udp "$H2" 4789 "$(vxh 0x08 100)$f"
	arrival "VXLAN to the old port 4789 over IPv6: port unreachable" \
		"h1.Icmp6InDestUnreachs+1 h2.Icmp6OutDestUnreachs+1 h2.Udp6NoPorts+1" \
		udp "$H2_6" 4789 "$(vxh 0x08 101)$f"
	arrival "VXLAN to the new port 4790" "$(delivered 100)" udp "$H2" 4790 "$(vxh 0x08 100)$f"
	arrival "VXLAN to the new port 4790 over IPv6" "$(delivered 101)" \
		udp "$H2_6" 4790 "$(vxh 0x08 101)$f"
	check_run hpsw h2 switch set psw0 vxlan-port 4789 || return 1
	check_eq "h2's UDP sockets on port 4790 after vxlan-port 4789" "udp4 0 udp6 0" \
		"$(udp_socks h2 4790)"
	check_eq "h2's UDP sockets on port 4789 again" "udp4 1 udp6 1" "$(udp_socks h2 4789)"
	arrival "VXLAN to port 4789 again" "$(delivered 100)" udp "$H2" 4789 "$(vxh 0x08 100)$f"
}

# ---- GRO -------------------------------------------------------------------------

# case_gro PAN WHAT [DEV]: h1's tunnel device of PAN sends $DATA to vPAN,
# with GRO off on h2's u0 and DEV (the NVGRE device; no frame longer than
# 1514 bytes reaches the VM: the wire carries segments), then on (some do:
# GRO merged them before decapsulation, or the NVGRE device after).
case_gro()
{
	local pan=$1 vm=v$1 dev mode cap lengths n_big max specs wire skbs t rc=0
	local devs=(u0 ${3:+"$3"})

	for t in socat tcpdump; do
		command -v "$t" >/dev/null 2>&1 || { fail "$t is not installed"; return 1; }
	done
	specs=("hlink:h2:u0:rx" "hpan:h2:$pan:encap_rx")
	for mode in off on; do
		cap=gro$pan$mode
		for dev in "${devs[@]}"; do
			check_run hexec h2 "$SEND" ethtool "$dev" gro "$mode" || { rc=1; break 2; }
		done
		cap_start "$cap" "$vm" eth0 -s 96 greater 1515 || { rc=1; break; }
		hsnap "${specs[@]}"
		check_transfer "$DATA" h1 "$vm" "$(inner "$pan" 2)" $((5000 + pan))
		cap_stop "$cap"
		hnow "${specs[@]}"
		lengths=$(cap_read "$cap" -e | sed -n 's/.*, length \([0-9]*\):.*/\1/p')
		n_big=$(grep -c . <<<"$lengths")
		max=$(sort -n <<<"$lengths" | tail -1)
		wire=$((${HNOW[${specs[0]}]:-0} - ${HSNAP[${specs[0]}]:-0}))
		skbs=$((${HNOW[${specs[1]}]:-0} - ${HSNAP[${specs[1]}]:-0}))
		diag "GRO $mode: h2's u0 received $wire packets, PAN $pan counted $skbs arrivals," \
			"$vm's eth0 got $n_big frames longer than 1514 bytes (longest ${max:-none})"
		hexpect_delta "hpan:h2:$pan:encap_rx" ge 1
		if [[ $mode == off ]] && ((n_big > 0)); then
			fail "with GRO off, $n_big frames longer than 1514 bytes reached $vm" \
				"  expected: none (h1's $2 segments: TSO off; GRO off on ${devs[*]})"
		elif [[ $mode == on ]] && ((n_big == 0)); then
			fail "with GRO on at h2's u0, no frame longer than 1514 bytes reached $vm" \
				"  expected: merged frames (the underlay MTU is 1500, the VM's 1400)"
		fi
	done
	for dev in "${devs[@]}"; do
		hexec h2 "$SEND" ethtool "$dev" gro off >/dev/null 2>&1
	done
	return "$rc"
}

# ---- teardown --------------------------------------------------------------------

link_gone()	# H DEV
{
	! hexec "$1" ip link show dev "$2" >/dev/null 2>&1
}

arrivals_flow()	# H
{
	local n

	n=$(hcounter "hpan:$1:100:encap_rx")
	[[ $n =~ ^[0-9]+$ ]] && ((n > 0))
}

# h3 holds a switch with sockets and NVGRE devices of both families and a PAN
# address; while h1 sends it VXLAN, NVGRE over IPv6 and EtherIP, its
# namespace is deleted. It must be dismantled: its u0 (w3's peer) goes
# only when nothing holds the namespace any longer.
case_netns_del()
{
	local ns h1ns pids=() pid f

	host_add h3 || return 1
	ns=$(ns_of h3)
	link_pair h1 w3 02:aa:00:00:03:01 h3 u0 02:aa:00:00:03:02 &&
		host_addr h1 w3 203.0.113.1/24 2001:db8:3::1/64 &&
		host_addr h3 u0 203.0.113.2/24 203.0.113.30/24 2001:db8:3::2/64 || return 1
	host_switch_add h3 || return 1
	check_run hpsw h3 switch set psw0 underlay 203.0.113.2 underlay6 2001:db8:3::2 &&
		check_run hpsw h3 pan add psw0 100 || return 1
	hvm_port_add h3 w100 100 "$M2" - "$(inner 100 2)/28" || return 1
	# h1 is no remote of h3's PAN 100: it takes arrivals from any source.
	check_run hpsw h3 pan set psw0 100 pan-addr 203.0.113.30 accept any || return 1
	check_eq "h3's UDP sockets on port 4789" "udp4 1 udp6 1" "$(udp_socks h3 4789)"

	f=$(frame "$M2")
	# ip netns exec execs psw-send: $! is psw-send's pid.
	h1ns=$(ns_of h1)
	ip netns exec "$h1ns" "$SEND" udp 203.0.113.2 4789 "$(vxh 0x08 100)$f" 5000000 \
		>/dev/null 2>&1 &
	pids+=($!)
	ip netns exec "$h1ns" "$SEND" raw 2001:db8:3::2 47 "$(nvgre 100)$f" 5000000 \
		>/dev/null 2>&1 &
	pids+=($!)
	ip netns exec "$h1ns" "$SEND" raw 203.0.113.30 97 "3000$f" 5000000 >/dev/null 2>&1 &
	pids+=($!)
	for pid in "${pids[@]}"; do
		defer kill "$pid"
	done
	if ! wait_until 300 arrivals_flow h3; then
		fail "no tunnel arrival reached h3's PAN 100 in 30 s"
	else
		check_run ip netns del "$ns"
		if ! wait_until 900 link_gone h1 w3; then
			fail "$ns is deleted, but 90 s later h1's w3 (the peer of its u0) is still" \
				"there: the namespace was not dismantled (something holds it)"
		fi
		check_eq "the VM's eth0 (its peer was in $ns)" "" \
			"$(vm_exec w100 ip -o link show dev eth0 2>/dev/null)"
	fi
	for pid in "${pids[@]}"; do
		kill "$pid" 2>/dev/null
		wait "$pid" 2>/dev/null
	done
	return 0
}

case_switch_del()
{
	local nv f

	f=$(frame "$M2")
	nv=$(nvgre 100)$f
	check_run hpsw h2 switch del psw0 || return 1
	check_eq "h2's UDP sockets on port 4789 after switch del" "udp4 0 udp6 0" \
		"$(udp_socks h2 4789)"
	check_eq "h2's NVGRE devices after switch del" "" \
		"$(hexec h2 ip -o link show 2>&1 | grep -E 'psw-nvgre[46]')"
	check_run hexec h2 ip link set vxp4 up &&
		check_run hexec h2 ip link set vxp6 up &&
		check_eq "h2's UDP sockets on port 4789: vxp4's and vxp6's" "udp4 1 udp6 1" \
			"$(udp_socks h2 4789)"
	arrival "NVGRE key $NVKEY to $H2: gretap gtk's still" "link.gtk.rx+1" raw "$H2" 47 "$nv"
	arrival "NVGRE key $NVKEY to $H2_6: ip6gretap gtk6's still" "link.gtk6.rx+1" \
		raw "$H2_6" 47 "$nv"
	arrival "NVGRE of PAN 200 to $H2: no device takes it, port unreachable" "$UNREACH4" \
		raw "$H2" 47 "$(nvgre 200)$f"
	arrival "NVGRE of PAN 201 to $H2_6: port unreachable" \
		"h1.Icmp6InDestUnreachs+1 h2.Icmp6OutDestUnreachs+1" \
		raw "$H2_6" 47 "$(nvgre 201)$f"
	arrival "EtherIP to PAN 300's old address $EIP4: protocol unreachable" \
		"$UNKNOWN_PROTO4" raw "$EIP4" 97 "3000$f"
	arrival "EtherIP to PAN 300's old address $EIP6: parameter problem" \
		"$UNKNOWN_PROTO6" raw "$EIP6" 97 "3000$f"
}

require_tools
[[ -x $SEND ]] || ktap_skip_all "psw-send not installed (make -C tools/fuzz)"
ensure_module
kmsg_mark
ktap_plan 20 7
run_setup "h2's switch with PANs 100-300, Linux vxlan/gretap/ip6gretap on h1" setup
run_case "VXLAN/IPv4 arrivals: good, bad_tunnel, bad_frame, unknown_pan, no_entry, bad_src_mac, switch_down" case_vxlan4
long_case "VXLAN/IPv6 arrivals: good, bad_tunnel, bad_frame, unknown_pan, no_entry" case_vxlan6
long_case "NVGRE/IPv4 arrivals: good, cut (the stack's), bad_tunnel, unknown_pan, no_entry" case_nvgre4
run_case "NVGRE/IPv6 arrivals: good, cut (the stack's), bad_tunnel, unknown_pan, no_entry" case_nvgre6
run_case "EtherIP/IPv4 arrivals: good, bad_tunnel, bad_frame, no_entry" case_etherip4
long_case "EtherIP/IPv6 arrivals: good, bad_tunnel, bad_frame, no_entry" case_etherip6
run_case "EtherIP/IPv4 to no PAN's address: protocol unreachable, as for protocol 253" case_no_pan4
long_case "EtherIP/IPv6 to no PAN's address: parameter problem, as for protocol 253" case_no_pan6
run_case "GRE to the switch's address: configured ip_gre devices first, the rest the switch's" case_gre_not_ours
run_case "VXLAN port in use: switch set refused, message, nothing changed" case_port_in_use
run_case "a Linux vxlan device cannot open the switch's VXLAN port" case_port_held
long_case "vxlan-port moves both sockets; the old port is closed" case_port_change
run_case "GRO: VXLAN/IPv4 from Linux vxlan arrives merged, intact" case_gro 100 vx100
long_case "GRO: VXLAN/IPv6 from Linux vxlan arrives merged, intact" case_gro 101 vx101
run_case "GRO: NVGRE/IPv4 from Linux gretap arrives merged, intact" case_gro 200 gt200 psw-nvgre4
long_case "GRO: NVGRE/IPv6 from Linux ip6gretap arrives merged, intact" case_gro 201 gt201 psw-nvgre6
run_case "a namespace with a switch is dismantled when deleted under tunnel traffic" case_netns_del
run_case "switch del closes its sockets and NVGRE devices: port free, GRE and EtherIP back to the stack" case_switch_del
run_case "no kernel warnings" check_kernel_log
ktap_finish
