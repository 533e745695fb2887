# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# lib_frames.sh - selftest helpers that build crafted frames, in hex, for
# psw-send (tools/fuzz): its eth mode sends them whole, udp, raw and frame
# carry the tunnel payloads. Control frames, VLAN tags, forged sources,
# ARP, router advertisements, neighbour solicitations and advertisements.
# Sourced by lib.sh (never by a test directly).

printf -v PAD46 '%092d' 0

# hx MAC: its 12 hex digits.
hx()
{
	echo "${1//:/}"
}

# hexip A.B.C.D: 8 hex digits.
hexip()
{
	local IFS=.

	# shellcheck disable=SC2086 # split into four numbers on purpose
	printf '%02x%02x%02x%02x' $1
}

# pad60 HEX: zeros up to 60 bytes.
pad60()
{
	local h=$1

	while ((${#h} < 120)); do
		h+=00
	done
	echo "$h"
}

# plain DST SRC: a 60-byte frame of ethertype 0x88b5 (local experimental:
# every stack ignores it).
plain()
{
	echo "$(hx "$1")$(hx "$2")88b5$PAD46"
}

# tagged DST SRC TPID TCI: the same with one tag (TPID, TCI: 4 hex digits).
tagged()
{
	echo "$(hx "$1")$(hx "$2")$3$4""88b5$PAD46"
}

# arp_req MAC IP TARGET: an Ethernet broadcast ARP request "who has TARGET
# tell IP", from MAC.
arp_req()
{
	echo "ffffffffffff${1//:/}08060001080006040001${1//:/}$(hexip "$2")000000000000$(hexip "$3")"
}

# garp SRCMAC SHA IP: a gratuitous ARP request: IP is at SHA.
garp()
{
	local ip

	ip=$(hexip "$3")
	pad60 "ffffffffffff$(hx "$1")08060001080006040001$(hx "$2")${ip}000000000000${ip}"
}

# The IEEE 802.1 link-local frames a VM with source SRC could send.
bpdu()
{
	# 802.3 length 38, LLC 42 42 03, a configuration BPDU (all zero).
	pad60 "0180c2000000$(hx "$1")0026424203"
}

pause()
{
	pad60 "0180c2000001$(hx "$1")88080001ffff"
}

lacp()
{
	pad60 "0180c2000002$(hx "$1")88090101"
}

eapol()
{
	pad60 "0180c2000003$(hx "$1")888e01010000"
}

lldp()
{
	local m
	m=$(hx "$1")
	# chassis ID (MAC), port ID (MAC), TTL 120, end
	pad60 "0180c200000e${m}88cc020704${m}040703${m}060200780000"
}

# inet_csum HEX: the Internet checksum of the bytes, 4 hex digits.
inet_csum()
{
	local h=$1 s=0 i

	((${#h} % 4 == 0)) || h+=00
	for ((i = 0; i < ${#h}; i += 4)); do
		s=$((s + 16#${h:i:4}))
	done
	while ((s >> 16)); do
		s=$(((s & 0xffff) + (s >> 16)))
	done
	printf '%04x' $((~s & 0xffff))
}

# ra SRCMAC LLADDR PREFIX LIFETIME: a router advertisement to ff02::1 from
# the link-local address LLADDR (32 hex digits) with a prefix information
# option for PREFIX::/64 (16 hex digits; on-link, autonomous), a router
# lifetime of LIFETIME seconds and a source link-layer address option.
ra()
{
	local mac llsrc=$2 dst=ff020000000000000000000000000001 icmp csum
	mac=$(hx "$1")

	icmp="8600XXXX4000$(printf '%04x' "$4")0000000000000000"
	icmp+="030440c000278d0000093a8000000000${3}0000000000000000"
	icmp+="0101$mac"
	csum=$(inet_csum "${llsrc}${dst}$(printf '%08x' $((${#icmp} / 2)))0000003a${icmp//XXXX/0000}")
	echo "333300000001${mac}86dd60000000$(printf '%04x' $((${#icmp} / 2)))3aff${llsrc}${dst}${icmp//XXXX/$csum}"
}

# icmp6_frame DSTMAC SRCMAC SRC6 DST6 HOPLIMIT ICMP: an IPv6 frame carrying
# the ICMPv6 message ICMP (hex, its checksum field "XXXX", filled in);
# addresses as 32 hex digits.
icmp6_frame()
{
	local icmp=$6 csum len

	len=$(printf '%04x' $((${#icmp} / 2)))
	csum=$(inet_csum "${3}${4}0000${len}0000003a${icmp//XXXX/0000}")
	echo "$(hx "$1")$(hx "$2")86dd60000000${len}3a$(printf '%02x' "$5")${3}${4}${icmp//XXXX/$csum}"
}

# ns_sol SRCMAC SRC6 TARGET6: a neighbour solicitation for TARGET6 from
# SRC6 (32 hex digits each) to TARGET6's solicited-node group, with a
# source link-layer address option.
ns_sol()
{
	local t=$3

	icmp6_frame "33:33:ff:${t:26:2}:${t:28:2}:${t:30:2}" "$1" "$2" \
		"ff0200000000000000000001ff${t:26:6}" 255 \
		"8700XXXX00000000${t}0101$(hx "$1")"
}

# na_unsol SRCMAC SRC6: an unsolicited neighbour advertisement (override,
# not solicited) of SRC6 to all nodes, with a target link-layer option.
na_unsol()
{
	icmp6_frame 33:33:00:00:00:01 "$1" "$2" \
		ff020000000000000000000000000001 255 \
		"8800XXXX20000000${2}0201$(hx "$1")"
}

# psw-send, which sends the frames (tools/fuzz; the harness installs it).
SEND=$(command -v psw-send 2>/dev/null)

# vsend VM HEX...: each frame from VM's eth0 (VM: a VM or host, ns_of).
vsend()
{
	local f

	[[ -x $SEND ]] || { fail "psw-send is not installed (make -C tools/fuzz)"; return 1; }
	for f in "${@:2}"; do
		check_run hexec "$1" "$SEND" eth eth0 "$f" || return 1
	done
}
