#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh - panswitch in one screen. Run as root inside the test VM (make
# demo), with the module loaded (or $PANSWITCH_KO to load).
#
# Two PANs on one switch reuse the same MAC and IP addresses; blue3 exists
# only in PAN 200. Pings inside each PAN work; red1 cannot reach blue3's
# address, because frames never cross PANs.
#
#   netns red1        netns red2        netns blue1       netns blue2       netns blue3
#   02:00:00:00:00:01 02:00:00:00:00:02 02:00:00:00:00:01 02:00:00:00:00:02 02:00:00:00:00:03
#   198.51.100.1/24   198.51.100.2/24   198.51.100.1/24   198.51.100.2/24   198.51.100.3/24
#      | veth            |                 |                 |                 |
#   +-red1--------------red2-----------+--blue1-------------blue2-------------blue3--+
#   |            PAN 100               |                 PAN 200                     |
#   +----------------------------------+---------------------------------------------+
#                                  psw0 (panswitch)
#
# Exits 0 only if every ping that should work worked and the cross-PAN one
# failed.

set -u

PSW=${PANSWITCH:-$(command -v panswitch 2>/dev/null || echo /usr/sbin/panswitch)}
PANSWITCH_KO=${PANSWITCH_KO:-/lib/panswitch/panswitch.ko}
SW=psw0
VMS=()
UNEXPECTED=0

say()
{
	echo
	echo "# $*"
}

# run CMD...: show the command, then run it.
run()
{
	echo "\$ $*"
	"$@"
}

cleanup()
{
	local vm

	for vm in "${VMS[@]}"; do
		ip link del dev "$vm" 2>/dev/null
		ip netns del "$vm" 2>/dev/null
	done
	"$PSW" switch del "$SW" >/dev/null 2>&1 || ip link del dev "$SW" 2>/dev/null
}

die()
{
	echo "demo: $*" >&2
	exit 1
}

# no_ipv6 NETNS DEV: keep the demo quiet (no IPv6 autoconfiguration frames).
no_ipv6()
{
	# shellcheck disable=SC2016 # $1 and $f belong to the inner bash
	ip netns exec "$1" bash -c \
		'f=/proc/sys/net/ipv6/conf/$1/disable_ipv6; [[ ! -e $f ]] || echo 1 >"$f"' _ "$2"
}

# add_vm NAME MAC ADDR PAN: a namespace NAME whose eth0 (MAC, ADDR) is
# connected by a veth pair to the switch port NAME, in PAN.
add_vm()
{
	local vm=$1 mac=$2 addr=$3 pan=$4

	ip link del dev "$vm" 2>/dev/null
	ip netns del "$vm" 2>/dev/null
	ip netns add "$vm" || return 1
	VMS+=("$vm")
	no_ipv6 "$vm" all
	no_ipv6 "$vm" default
	ip link add "$vm" type veth peer name eth0 netns "$vm" || return 1
	[[ ! -e /proc/sys/net/ipv6/conf/$vm/disable_ipv6 ]] ||
		echo 1 >"/proc/sys/net/ipv6/conf/$vm/disable_ipv6"
	ip -n "$vm" link set eth0 address "$mac" &&
		ip -n "$vm" addr add "$addr/24" dev eth0 &&
		ip -n "$vm" link set lo up &&
		ip -n "$vm" link set eth0 up &&
		ip link set "$vm" up || return 1
	run "$PSW" port add "$SW" dev "$vm" pan "$pan" mac "$mac"
}

# ping_expect reply|noreply VM ADDR: ping, print ping's summary, and
# count an unexpected outcome.
ping_expect()
{
	local want=$1 vm=$2 addr=$3 out rc=0 got

	echo "\$ ip netns exec $vm ping -c 2 -i 0.2 -W 2 $addr"
	out=$(ip netns exec "$vm" ping -c 2 -i 0.2 -W 2 "$addr" 2>&1) || rc=$?
	grep -E 'packets transmitted|^rtt|Unreachable' <<<"$out" | sort -u | sed 's/^/    /'
	got=reply
	((rc == 0)) || got=noreply
	if [[ $got == "$want" ]]; then
		echo "    -> $got, as expected"
	else
		echo "    -> UNEXPECTED: $got (expected $want)"
		UNEXPECTED=$((UNEXPECTED + 1))
	fi
}

main()
{
	[[ $EUID == 0 ]] || die "run as root (inside the test VM)"
	command -v "$PSW" >/dev/null 2>&1 || die "panswitch CLI not found ($PSW)"
	if [[ ! -d /sys/module/panswitch ]]; then
		insmod "$PANSWITCH_KO" || die "cannot load $PANSWITCH_KO"
	fi
	trap cleanup EXIT

	say "A switch, and two PANs (private allocated networks) on it"
	"$PSW" switch del "$SW" >/dev/null 2>&1
	run "$PSW" switch add "$SW" || die "switch add failed"
	run ip link set "$SW" up || die "ip link set $SW up failed"
	run "$PSW" pan add "$SW" 100 || die "pan add failed"
	run "$PSW" pan add "$SW" 200 || die "pan add failed"

	say "PAN 100: red1 and red2"
	add_vm red1 02:00:00:00:00:01 198.51.100.1 100 || die "red1 failed"
	add_vm red2 02:00:00:00:00:02 198.51.100.2 100 || die "red2 failed"

	say "PAN 200: blue1 and blue2 reuse red's MACs and addresses; blue3 is only here"
	add_vm blue1 02:00:00:00:00:01 198.51.100.1 200 || die "blue1 failed"
	add_vm blue2 02:00:00:00:00:02 198.51.100.2 200 || die "blue2 failed"
	add_vm blue3 02:00:00:00:00:03 198.51.100.3 200 || die "blue3 failed"

	say "Pings inside PAN 100 work"
	ping_expect reply red1 198.51.100.2
	ping_expect reply red2 198.51.100.1

	say "Pings inside PAN 200 work too: same addresses, different network"
	ping_expect reply blue1 198.51.100.2
	ping_expect reply blue2 198.51.100.1
	ping_expect reply blue1 198.51.100.3

	say "red1 cannot reach 198.51.100.3: that address exists only in PAN 200"
	ping_expect noreply red1 198.51.100.3

	say "PANs"
	run "$PSW" pan show
	say "Ports (each vm port's MACs become static entries of its PAN)"
	run "$PSW" port show
	say "Addressing table entries"
	run "$PSW" entry show
	say "Statistics: per port, then per PAN"
	run "$PSW" stats "$SW"

	echo
	if ((UNEXPECTED)); then
		echo "# demo FAILED: $UNEXPECTED ping(s) did not behave as expected"
		return 1
	fi
	echo "# demo OK: pings inside each PAN work, red1 cannot reach PAN 200"
}

main "$@"
