#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Usage checks of the panswitch CLI: exit codes and messages of commands
# that must fail (or succeed) without reaching the kernel. Needs no
# module; with the module loaded the "family not found" checks are
# skipped. Safe to run anywhere: nothing here changes kernel state.
#
# usage: test-usage.sh [PATH-TO-panswitch]     (exit 0: all passed)

P=${1:-panswitch}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); echo "ok $pass $1"; }
nok() { fail=$((fail + 1)); echo "not ok $((pass + fail)) $1"; shift; printf '#   %s\n' "$@"; }

# t RC STDERR-SUBSTRING ARGS...: run panswitch ARGS, expect exit RC and
# the substring on stderr ("" = stderr must be empty).
t() {
	local rc=$1 want=$2 got err
	shift 2
	"$P" "$@" >"$tmp/out" 2>"$tmp/err"
	got=$?
	err=$(cat "$tmp/err")
	if [ "$got" != "$rc" ]; then
		nok "panswitch $*" "exit $got, want $rc" "stderr: $err"
	elif [ -z "$want" ] && [ -n "$err" ]; then
		nok "panswitch $*" "unexpected stderr: $err"
	elif [ -n "$want" ] && [[ $err != *"$want"* ]]; then
		nok "panswitch $*" "stderr: $err" "want: $want"
	else
		ok "panswitch $* -> $rc"
	fi
}

# out SUBSTRING: the last command's stdout contains SUBSTRING
out() {
	if grep -qF -- "$1" "$tmp/out"; then
		ok "stdout has '$1'"
	else
		nok "stdout has '$1'" "stdout: $(head -c 300 "$tmp/out")"
	fi
}

# lines N FILE: FILE has exactly N lines
lines() {
	local n
	n=$(wc -l <"$2")
	if [ "$n" = "$1" ]; then ok "$3"; else nok "$3" "$n lines, want $1"; fi
}

mac=02:00:00:00:00:01

# --- command line -------------------------------------------------------
t 2 "Usage:"
t 2 'unknown object "foo"' foo
t 2 'unknown object "sw"' sw
t 2 'unknown command "frob" for switch' switch frob
t 2 'unknown command "sh" for switch' switch sh
t 2 'unknown command "ad" for entry' entry ad
t 2 'unknown option "-x"' -x switch show
t 2 'unknown keyword "extra"' -s switch show psw0 extra
t 2 'unknown keyword "extra"' -d switch show psw0 extra
t 2 'unknown keyword "extra"' --details switch show psw0 extra
t 2 'option "-n" needs an argument' -n
t 2 'option "-b" needs an argument' -b
t 2 'invalid network namespace name "a/b"' -n a/b switch show
t 2 'invalid network namespace name ".."' -n .. switch show
t 2 'no OBJECT allowed with -b' -b /dev/null switch show
t 2 'option "-f" needs "-b FILE"' -f switch show
# -f: a failing line is reported and the batch goes on; the status is the
# first failing line's. Without it, the batch stops there.
printf 'switch frob\nswitch help\nport frob\n' >"$tmp/two-errors"
t 2 "$tmp/two-errors:1: unknown command \"frob\" for switch" -f -b "$tmp/two-errors"
out "Usage: panswitch switch"
t 2 "$tmp/two-errors:3: unknown command \"frob\" for port" --force -b "$tmp/two-errors"
t 2 "$tmp/two-errors:1: unknown command \"frob\" for switch" -b "$tmp/two-errors"
if grep -q "Usage" "$tmp/out" || grep -q ":3:" "$tmp/err"; then
	nok "without -f the batch stops at line 1" "stdout: $(cat "$tmp/out")" "stderr: $(cat "$tmp/err")"
else
	ok "without -f the batch stops at line 1"
fi
t 1 'cannot open batch file' -b "$tmp/nonexistent"
t 0 "" -V
# the tree's one version, PSWC_VERSION (netlink/libpanswitch.h)
out "panswitch $(sed -n 's/^#define PSWC_VERSION[[:space:]]*"\(.*\)"$/\1/p' \
	"$(dirname "$0")/../../netlink/libpanswitch.h") "

# --- help ---------------------------------------------------------------
t 0 "" help
for o in switch port pan entry neigh stats monitor; do
	out "panswitch $o"
done
t 0 "" -h
out "Usage: panswitch"
for o in switch port pan entry neigh stats monitor; do
	t 0 "" $o help
	out "Usage: panswitch $o"
done

# --- switch -------------------------------------------------------------
t 2 "missing switch name" switch add
t 2 "missing switch name" switch del
t 2 'unknown keyword "extra"' switch add psw0 extra
t 2 'unknown keyword "extra"' switch show psw0 extra
t 2 'switch name "abcdefghijklmnop" is too long' switch add abcdefghijklmnop
t 2 'invalid switch name "a/b"' switch add a/b
t 2 "missing switch name" switch set
t 2 'nothing to set (give "underlay", "underlay6", "vxlan-port", "max-pans", "max-entries", "ext-prefix" or "vlan-pool")' switch set psw0
t 2 'invalid VLAN pool (FIRST-LAST, 1 <= FIRST <= LAST <= 4094, or none)' \
	switch set psw0 vlan-pool 20-10
t 2 'invalid VLAN pool (FIRST-LAST, 1 <= FIRST <= LAST <= 4094, or none)' \
	switch set psw0 vlan-pool 0-10
t 2 'invalid VLAN pool (FIRST-LAST, 1 <= FIRST <= LAST <= 4094, or none)' \
	switch set psw0 vlan-pool 10-4095
t 2 '"vlan-pool" is set alone' switch set psw0 max-pans 3 vlan-pool 10-20
t 2 '"vlan-pool" is set alone' switch set psw0 vlan-pool 10-20 max-pans 3
t 2 'missing argument after "vlan-pool"' switch set psw0 vlan-pool
t 2 'invalid switch name "a/b"' switch set a/b underlay none
t 2 'missing argument after "underlay"' switch set psw0 underlay
t 2 'missing argument after "underlay6"' switch set psw0 underlay6
t 2 'missing argument after "vxlan-port"' switch set psw0 vxlan-port
t 2 '"underlay" given twice' switch set psw0 underlay 192.0.2.1 underlay none
t 2 '"underlay6" given twice' switch set psw0 underlay6 none underlay6 2001:db8::1
t 2 '"vxlan-port" given twice' switch set psw0 vxlan-port 4789 vxlan-port 8472
t 2 '"2001:db8::1" is not an IPv4 address ("underlay6" takes IPv6)' \
	switch set psw0 underlay 2001:db8::1
t 2 '"192.0.2.1" is not an IPv6 address ("underlay" takes IPv4)' \
	switch set psw0 underlay6 192.0.2.1
t 2 '"192.0.2" is not an IPv4 address' switch set psw0 underlay 192.0.2
t 2 '"192.0.2.1/24" is not an IPv4 address' switch set psw0 underlay 192.0.2.1/24
t 2 '"None" is not an IPv6 address' switch set psw0 underlay6 None
for port in 0 65536 -1 +1 0x12b5 4789x "" 99999999999999999999; do
	t 2 "invalid UDP port \"$port\" (1..65535)" switch set psw0 vxlan-port "$port"
done
for n in 0 16777215 -1 +1 0x10 12x "" 99999999999999999999; do
	t 2 "invalid max-pans \"$n\" (1..16777214)" switch set psw0 max-pans "$n"
done
for n in 0 2147483649 -1 1e6 "" 99999999999999999999; do
	t 2 "invalid max-entries \"$n\" (1..2147483648)" switch set psw0 max-entries "$n"
done
t 2 'missing argument after "max-pans"' switch set psw0 max-pans
t 2 'missing argument after "max-entries"' switch set psw0 underlay none max-entries
t 2 '"max-pans" given twice' switch set psw0 max-pans 10 max-pans 20
t 2 '"max-entries" given twice' switch set psw0 max-entries 10 vxlan-port 4789 max-entries 20
t 2 'unknown keyword "max_pans"' switch set psw0 max_pans 10
t 2 'unknown keyword "remote"' switch set psw0 remote 192.0.2.1
t 2 'unknown keyword "vxlan_port"' switch set psw0 vxlan_port 4789
t 2 'unknown keyword "Local"' switch set psw0 Local none
t 2 'missing argument after "ext-prefix"' switch set psw0 ext-prefix
t 2 '"ext-prefix" given twice' switch set psw0 ext-prefix none ext-prefix none
for p in 02:ee:00:00:00:00 02:ee:00:00:00:00/ 02:ee:00:00:00:00/x \
	02:ee:00:00:00:00/24x /24 02:ee:00:00:00:00:00:00:00/8 Nonez; do
	t 2 "\"$p\"" switch set psw0 ext-prefix "$p"
done
for p in 02:ee:00:00:00:00/7 02:ee:00:00:00:00/49 02:ee:00:00:00:00/0 \
	02:ee:00:00:00:00/99999999999; do
	t 2 "invalid prefix length in \"$p\" (8..48)" switch set psw0 ext-prefix "$p"
done
t 2 'invalid MAC address "02:ee:00"' switch set psw0 ext-prefix 02:ee:00/24

# --- port ---------------------------------------------------------------
t 2 "missing switch name" port add
t 2 'missing "dev DEV"' port add psw0
t 2 'missing "dev DEV"' port add psw0 pan 1
t 2 'missing "pan PAN"' port add psw0 dev vm1
t 2 'missing "pan PAN"' port add psw0 dev vm1 vm
t 2 'missing argument after "dev"' port add psw0 dev
t 2 'missing argument after "pan"' port add psw0 dev vm1 pan
t 2 'missing argument after "mac"' port add psw0 dev vm1 pan 1 mac
t 2 'invalid MAC address "zz"' port add psw0 dev vm1 pan 1 mac zz
t 2 'PAN id "abc" is not a number' port add psw0 dev vm1 pan abc
t 2 'unknown keyword "foo"' port add psw0 dev vm1 pan 1 foo
t 2 'unknown keyword "de"' port add psw0 de vm1 pan 1
t 2 'port role given twice' port add psw0 dev vm1 vm uplink
t 2 '"pan" and "mac" are not allowed with "uplink"' \
	port add psw0 dev eth0 uplink pan 1
t 2 '"pan" and "mac" are not allowed with "uplink"' \
	port add psw0 dev eth0 uplink mac $mac
t 2 '"dev" given twice' port add psw0 dev a dev b pan 1
t 2 '"pan" given twice' port add psw0 dev a pan 1 pan 2
t 2 'device name "abcdefghijklmnop" is too long' \
	port add psw0 dev abcdefghijklmnop pan 1
macs=()
for i in $(seq 1 33); do macs+=(mac "$(printf '02:00:00:00:00:%02x' "$i")"); done
t 2 "too many MAC addresses (at most 32)" port add psw0 dev vm1 pan 1 "${macs[@]}"
t 2 'missing argument after "ext"' port add psw0 dev vm1 pan 1 ext
t 2 'invalid MAC address "52:54:00"' port add psw0 dev vm1 pan 1 ext 52:54:00
t 2 '"ext" given twice' \
	port add psw0 dev vm1 pan 1 ext 52:54:00:00:00:01 ext 52:54:00:00:00:02
t 2 '"ext" is not allowed with "uplink"' \
	port add psw0 dev eth0 uplink ext 52:54:00:00:00:01
t 2 '"ext" needs a port with exactly one MAC (2 given)' \
	port add psw0 dev vm1 pan 1 mac $mac mac 02:00:00:00:00:02 ext 52:54:00:00:00:01
t 2 'unknown keyword "external"' port add psw0 dev vm1 pan 1 external 52:54:00:00:00:01
t 2 'missing "dev DEV"' port del psw0
t 2 'unknown keyword "vm1"' port del psw0 vm1
t 2 'unknown keyword "pan"' port del psw0 dev vm1 pan 1
t 2 'unknown keyword "foo"' port show psw0 foo
t 2 'missing argument after "vlan"' port add psw0 dev eth0 uplink vlan
t 2 '"vlan" given twice' port add psw0 dev eth0 uplink vlan 1 vlan 2
for v in 0 4095 -1 +1 0x10 10x "" 99999999999; do
	t 2 "invalid VLAN \"$v\" (1..4094)" port add psw0 dev eth0 uplink vlan "$v"
done
t 2 '"vlan" is only allowed with "uplink"' port add psw0 dev vm1 pan 1 vlan 10
t 2 '"vlan" is only allowed with "uplink"' port add psw0 dev vm1 vlan 10 vm pan 1
t 2 "missing switch name" port set
t 2 'missing "dev DEV"' port set psw0
t 2 'missing "dev DEV"' port set psw0 security on
t 2 'nothing to set (give "security", "lldp", "allow" or "isolated")' port set psw0 dev vm1
t 2 '"isolated" takes on or off, not "yes"' port set psw0 dev vm1 isolated yes
t 2 '"vlan" follows "isolated on"' port set psw0 dev vm1 isolated off vlan 10
t 2 'invalid VLAN "4095" (1..4094)' port set psw0 dev vm1 isolated on vlan 4095
t 2 '"isolated" is set alone' port set psw0 dev vm1 isolated on security off
t 2 'missing argument after "allow"' port set psw0 dev vm1 allow
t 2 'invalid MAC address "02:00:00:00:00"' port set psw0 dev vm1 allow 02:00:00:00:00
t 2 '"198.51.100.300" is not an IPv4 or IPv6 address' port set psw0 dev vm1 allow 02:00:00:00:00:01/198.51.100.300
t 2 '"allow" given twice' port set psw0 dev vm1 allow none allow 02:00:00:00:00:01
t 2 'invalid MAC address "none"' port set psw0 dev vm1 allow 02:00:00:00:00:01 none
t 2 'too many allow list entries (at most 32)' port set psw0 dev vm1 allow \
	$(for i in $(seq 10 42); do printf '02:00:00:00:00:%s ' "$i"; done)
t 2 'missing argument after "security"' port set psw0 dev vm1 security
t 2 'missing argument after "lldp"' port set psw0 dev vm1 lldp
t 2 '"security" takes on or off, not "yes"' port set psw0 dev vm1 security yes
t 2 '"lldp" takes on or off, not "1"' port set psw0 dev vm1 lldp 1
t 2 '"lldp" takes on or off, not "On"' port set psw0 dev vm1 lldp On
t 2 '"security" given twice' port set psw0 dev vm1 security on security off
t 2 '"lldp" given twice' port set psw0 dev vm1 lldp on lldp on
t 2 '"dev" given twice' port set psw0 dev vm1 dev vm2 lldp on
t 2 '"vlan" follows "isolated on"' port set psw0 dev eth0 vlan 10
t 2 'unknown keyword "pan"' port set psw0 dev vm1 pan 1 security off
t 2 'invalid switch name "a/b"' port set a/b dev vm1 lldp on
t 2 'invalid device name "a/b"' port set psw0 dev a/b lldp on
t 2 'missing argument after "dev"' port show psw0 dev

# --- pan ----------------------------------------------------------------
t 2 "missing switch name" pan add
t 2 "missing PAN id" pan add psw0
t 2 "missing PAN id" pan del psw0
t 2 'PAN id "abc" is not a number' pan add psw0 abc
t 2 'PAN id "-1" is not a number' pan add psw0 -1
t 2 'PAN id "+1" is not a number' pan add psw0 +1
t 2 'PAN id "1.5" is not a number' pan add psw0 1.5
t 2 'PAN id "0x10" is not a number' pan add psw0 0x10
t 2 'PAN id "4294967296" is out of range' pan add psw0 4294967296
t 2 'PAN id "99999999999999999999999" is out of range' \
	pan add psw0 99999999999999999999999
t 2 'PAN id "x" is not a number' pan show psw0 x
t 2 'unknown keyword "7"' pan add psw0 5 7
t 2 "missing switch name" pan set
t 2 "missing PAN id" pan set psw0
t 2 'PAN id "x" is not a number' pan set psw0 x pan-addr none
t 2 'nothing to set (give "pan-addr ADDR|none", "accept remotes|any", "miss POLICY", "group ADDR|none" or "flood add|del ...")' pan set psw0 100
t 2 'missing argument after "miss"' pan set psw0 100 miss
t 2 '"miss" takes "flood", "drop", "notify" or "anycast", not "learn"' pan set psw0 100 miss learn
t 2 '"hold" needs "frames N", "dests N" or "time MS"' pan set psw0 100 hold
t 2 '"frames" takes a number, not "x"' pan set psw0 100 hold frames x
t 2 '"time" takes a number, not "-1"' pan set psw0 100 hold time -1
t 2 '"dests" takes a number, not "4294967296"' pan set psw0 100 hold dests 4294967296
t 2 '"frames" given twice' pan set psw0 100 hold frames 1 frames 2
t 2 'missing argument after "time"' pan set psw0 100 hold time
t 2 '"hold" given twice' pan set psw0 100 hold frames 1 hold dests 2
t 2 '"hold" is set on its own, not with "miss" or "anycast-mac"' pan set psw0 100 hold frames 4 miss notify
t 2 '"hold" is set on its own, not with "miss" or "anycast-mac"' pan set psw0 100 miss drop hold time 5
t 2 '"miss" given twice' pan set psw0 100 miss drop miss flood
t 2 '"miss" and "anycast-mac" are set on their own, not with "pan-addr", "accept" or "flood"' pan set psw0 100 miss drop accept any
t 2 'missing argument after "learning"' pan set psw0 100 learning
t 2 '"learning" takes "on" or "off", not "yes"' pan set psw0 100 learning yes
t 2 '"learning" given twice' pan set psw0 100 learning on learning off
t 2 'invalid ageing "-1" (a number)' pan set psw0 100 ageing -1
t 2 'invalid ageing "4294967296" (a number)' pan set psw0 100 ageing 4294967296
t 2 'invalid learn-max "x" (a number)' pan set psw0 100 learn-max x
t 2 '"learn-max" given twice' pan set psw0 100 learn-max 1 learn-max 2
t 2 '"learning", "ageing" and "learn-max" are set on their own' pan set psw0 100 learning on miss drop
t 2 '"miss" and "anycast-mac" are set on their own, not with "pan-addr", "accept" or "flood"' pan set psw0 100 pan-addr none miss drop
t 2 '"miss" and "anycast-mac" are set on their own, not with "pan-addr", "accept" or "flood"' pan set psw0 100 anycast-mac 00:00:de:ad:be:ef flood add uplink
t 2 'missing argument after "anycast-mac"' pan set psw0 100 anycast-mac
t 2 'missing argument after "group"' pan set psw0 100 group
t 2 '"group" takes an IPv4 address, not "ff0e::1"' pan set psw0 100 group ff0e::1
t 2 '"group6" takes an IPv6 address, not "239.1.1.1"' pan set psw0 100 group6 239.1.1.1
t 2 '"group" given twice' pan set psw0 100 group 239.1.1.1 group6 ff0e::1
t 2 'invalid ttl "256" (1..255)' pan set psw0 100 group 239.1.1.1 ttl 256
t 2 'invalid ttl "x" (1..255)' pan set psw0 100 group 239.1.1.1 ttl x
t 2 '"ttl" given twice' pan set psw0 100 group 239.1.1.1 ttl 3 ttl 4
t 2 '"encap" given twice' pan set psw0 100 group 239.1.1.1 encap vxlan encap nvgre
t 2 '"group" is set on its own, with its "encap" and "ttl" after it' pan set psw0 100 group 239.1.1.1 miss drop
t 2 '"group" is set on its own, with its "encap" and "ttl" after it' pan set psw0 100 accept any group none
t 2 'unknown keyword "ttl"' pan set psw0 100 group none ttl 3
t 2 '"anycast-mac" given twice' pan set psw0 100 anycast-mac none anycast-mac none
t 2 '"via" takes "uplink" or "remote ADDR encap ENCAP"' pan set psw0 100 anycast-mac 00:00:de:ad:be:ef via
t 2 '"via" takes "uplink" or "remote ADDR encap ENCAP"' pan set psw0 100 anycast-mac 00:00:de:ad:be:ef via bridge
t 2 '"via remote ADDR" needs "encap ENCAP"' pan set psw0 100 anycast-mac 00:00:de:ad:be:ef via remote 192.0.2.9
t 2 'missing argument after "remote"' pan set psw0 100 anycast-mac 00:00:de:ad:be:ef via remote
t 2 'missing argument after "pan-addr"' pan set psw0 100 pan-addr
t 2 '"foo" is not an IPv4 or IPv6 address' pan set psw0 100 pan-addr foo
t 2 '"192.0.2.1/32" is not an IPv4 or IPv6 address' pan set psw0 100 pan-addr 192.0.2.1/32
t 2 '"pan-addr" given twice for IPv4' pan set psw0 100 pan-addr 192.0.2.1 pan-addr 192.0.2.2
t 2 '"pan-addr" given twice for IPv6' pan set psw0 100 pan-addr ::1 pan-addr 2001:db8::1
t 2 '"pan-addr none" clears both addresses and cannot be combined with another "pan-addr"' \
	pan set psw0 100 pan-addr none pan-addr 192.0.2.1
t 2 '"pan-addr none" clears both addresses and cannot be combined with another "pan-addr"' \
	pan set psw0 100 pan-addr 2001:db8::1 pan-addr none
t 2 '"pan-addr none" clears both addresses and cannot be combined with another "pan-addr"' \
	pan set psw0 100 pan-addr none pan-addr none
t 2 '"flood" needs "add" or "del"' pan set psw0 100 flood
t 2 '"flood" needs "add" or "del"' pan set psw0 100 flood uplink
t 2 '"flood" needs "add" or "del"' pan set psw0 100 flood Add uplink
t 2 '"flood" needs "add" or "del"' pan set psw0 100 flood replace uplink
t 2 '"flood" given twice' pan set psw0 100 flood add uplink flood del uplink
t 2 'missing flood member ("uplink" or "remote ADDR encap ENCAP")' \
	pan set psw0 100 flood add
t 2 'missing flood member ("uplink" or "remote ADDR encap ENCAP")' \
	pan set psw0 100 flood del
t 2 '"remote" needs "encap ENCAP"' pan set psw0 100 flood add remote 192.0.2.2
t 2 '"encap" needs "remote ADDR"' pan set psw0 100 flood add encap vxlan
t 2 'missing argument after "remote"' pan set psw0 100 flood add encap vxlan remote
t 2 'missing argument after "encap"' pan set psw0 100 flood add remote 192.0.2.2 encap
t 2 '"bar" is not an IPv4 or IPv6 address' \
	pan set psw0 100 flood add remote bar encap vxlan
t 2 'unknown encapsulation "gre" (vxlan, nvgre or etherip)' \
	pan set psw0 100 flood add remote 192.0.2.2 encap gre
t 2 'unknown encapsulation "VXLAN" (vxlan, nvgre or etherip)' \
	pan set psw0 100 flood add remote 192.0.2.2 encap VXLAN
t 2 'unknown encapsulation "EtherIP" (vxlan, nvgre or etherip)' \
	pan set psw0 100 flood add remote 192.0.2.2 encap EtherIP
t 2 'unknown encapsulation "ip-ip" (vxlan, nvgre or etherip)' \
	pan set psw0 100 flood add remote 192.0.2.2 encap ip-ip
t 2 '"remote" given twice' \
	pan set psw0 100 flood add remote 192.0.2.2 remote 192.0.2.3 encap vxlan
t 2 '"encap" given twice' \
	pan set psw0 100 flood add remote 192.0.2.2 encap vxlan encap nvgre
t 2 '"uplink" given twice' pan set psw0 100 flood add uplink uplink
t 2 '"uplink" cannot be combined with "remote" or "encap"' \
	pan set psw0 100 flood add uplink remote 192.0.2.2 encap vxlan
t 2 '"uplink" cannot be combined with "remote" or "encap"' \
	pan set psw0 100 flood del encap etherip uplink
t 2 '"uplink" is only allowed with "flood add" or "flood del"' pan set psw0 100 uplink
t 2 '"remote" is only allowed with "flood add" or "flood del"' \
	pan set psw0 100 pan-addr none remote 192.0.2.2
t 2 '"encap" is only allowed with "flood add" or "flood del"' \
	pan set psw0 100 encap vxlan
t 2 '"flood" cannot be combined with "pan-addr"' \
	pan set psw0 100 pan-addr 192.0.2.1 flood add uplink
t 2 '"pan-addr" cannot be combined with "flood"' \
	pan set psw0 100 flood add uplink pan-addr 192.0.2.1
t 2 'missing argument after "accept"' pan set psw0 100 accept
t 2 '"accept" takes "remotes" or "any", not "all"' pan set psw0 100 accept all
t 2 '"accept" takes "remotes" or "any", not "ANY"' pan set psw0 100 accept ANY
t 2 '"accept" given twice' pan set psw0 100 accept any accept remotes
t 2 '"accept" given twice' pan set psw0 100 accept any pan-addr none accept any
t 2 '"flood" cannot be combined with "accept"' \
	pan set psw0 100 accept any flood add uplink
t 2 '"accept" cannot be combined with "flood"' \
	pan set psw0 100 flood add uplink accept any
t 2 'unknown keyword "floods"' pan set psw0 100 floods add uplink
t 2 'unknown keyword "ext"' pan set psw0 100 ext 52:54:00:00:00:01
t 2 'unknown keyword "local"' pan show psw0 100 local

# --- deprecated aliases (one release): local, local6, ipip ---------------
# They fill the same slot as the new keyword (mixing the two is "given
# twice"), refusals name the new keyword, and the help says so.
t 0 "" switch help
out "underlay { ADDR4 | none }"
out "Deprecated aliases: local (underlay), local6 (underlay6)"
t 0 "" pan help
out "pan-addr { ADDR | none }"
out "ENCAP := vxlan | nvgre | etherip"
out "Deprecated aliases: local (pan-addr), ipip (etherip)"
t 0 "" entry help
out "ENCAP := vxlan | nvgre | etherip"
out "Deprecated alias: ipip (etherip)"
t 2 'missing argument after "local"' switch set psw0 local
t 2 'missing argument after "local6"' switch set psw0 local6
t 2 '"underlay" given twice' switch set psw0 local 192.0.2.1 underlay none
t 2 '"underlay" given twice' switch set psw0 underlay 192.0.2.1 local none
t 2 '"underlay6" given twice' switch set psw0 local6 none underlay6 2001:db8::1
t 2 '"2001:db8::1" is not an IPv4 address ("underlay6" takes IPv6)' \
	switch set psw0 local 2001:db8::1
t 2 '"192.0.2.1" is not an IPv6 address ("underlay" takes IPv4)' \
	switch set psw0 local6 192.0.2.1
t 2 'missing argument after "local"' pan set psw0 100 local
t 2 '"pan-addr" given twice for IPv4' pan set psw0 100 local 192.0.2.1 pan-addr 192.0.2.2
t 2 '"pan-addr none" clears both addresses and cannot be combined with another "pan-addr"' \
	pan set psw0 100 pan-addr none local 192.0.2.1
t 2 '"pan-addr" cannot be combined with "flood"' \
	pan set psw0 100 flood add uplink local 192.0.2.1
t 2 '"encap" given twice' \
	pan set psw0 100 flood add remote 192.0.2.2 encap ipip encap etherip
t 2 'entry mode given twice' entry add psw0 pan 1 mac $mac encap ipip remote 192.0.2.2 drop
# negative control: near misses of the new keywords are not aliases
t 2 'unknown keyword "underlay4"' switch set psw0 underlay4 192.0.2.1
t 2 'unknown keyword "local4"' switch set psw0 local4 192.0.2.1
t 2 'unknown keyword "pan_addr"' pan set psw0 100 pan_addr 192.0.2.1
t 2 'unknown keyword "underlay"' pan set psw0 100 underlay 192.0.2.1
t 2 'unknown keyword "pan-addr"' switch set psw0 pan-addr 192.0.2.1
t 2 'unknown encapsulation "IPIP" (vxlan, nvgre or etherip)' \
	entry add psw0 pan 1 mac $mac encap IPIP remote 192.0.2.2

# --- tenant and trunk ports ---------------------------------------------
t 2 'unknown command "set" for tenant' tenant set psw0 oui 02:a1:00 pan 1
t 2 "missing switch name" tenant add
t 2 'missing "oui OUI" and/or "vlan VID"' tenant add psw0 pan 1
t 2 'missing "pan PAN"' tenant add psw0 oui 02:a1:00
t 2 'missing "oui OUI" and/or "vlan VID"' tenant del psw0
t 2 'unknown keyword "pan"' tenant del psw0 oui 02:a1:00 pan 1
t 2 '"oui" given twice' tenant add psw0 oui 02:a1:00 oui 02:a1:01 pan 1
t 2 '"vlan" given twice' tenant add psw0 vlan 1 vlan 2 pan 1
t 2 'invalid OUI (aa:bb:cc)' tenant add psw0 oui 02:a1 pan 1
t 2 'invalid OUI (aa:bb:cc)' tenant add psw0 oui 02:a1:00:00 pan 1
t 2 'invalid OUI (aa:bb:cc)' tenant add psw0 oui 0x:a1:00 pan 1
t 2 'invalid VLAN "65536" (1..4094)' tenant add psw0 vlan 65536 pan 1
t 2 'give "pan PAN" or a key, not both' tenant show psw0 pan 1 oui 02:a1:00

# --- remote objects and negotiation -----------------------------------
t 2 'unknown command "get" for remote' remote get psw0 192.0.2.2
t 2 "missing switch name" remote add
t 2 "missing remote address" remote add psw0
t 2 'missing "encaps ENCAP[,ENCAP...]"' remote add psw0 192.0.2.2
t 2 'unknown encapsulation "gre" (vxlan, nvgre or etherip)' \
	remote add psw0 192.0.2.2 encaps vxlan,gre
t 2 'an encapsulation list holds vxlan, nvgre and etherip' \
	remote set psw0 192.0.2.2 encaps auto
t 2 '"encaps" given twice' remote add psw0 192.0.2.2 encaps vxlan encaps nvgre
t 2 'unknown keyword "encaps"' remote del psw0 192.0.2.2 encaps vxlan
t 2 'unknown keyword "encaps"' remote probe psw0 192.0.2.2 encaps vxlan
t 2 'invalid timeout "5" (10..10000 ms)' remote probe psw0 192.0.2.2 timeout 5
t 2 '"encaps" is set on its own' switch set psw0 encaps vxlan max-pans 5
t 2 'missing "classify oui|vlan|oui+vlan"' port add psw0 dev eth1 trunk
t 2 '"classify" takes oui, vlan or oui+vlan, not "mac"' \
	port add psw0 dev eth1 trunk classify mac
t 2 '"classify" is only allowed with "trunk"' port add psw0 dev eth1 pan 1 classify oui
t 2 '"pan", "mac", "ext" and "vlan" are not allowed with "trunk"' \
	port add psw0 dev eth1 trunk classify oui pan 1
t 2 'invalid TPID "0" (0x0600..0xffff)' port add psw0 dev eth1 tep tpid 0
t 2 'invalid TPID "0x10000" (0x0600..0xffff)' port add psw0 dev eth1 tep tpid 0x10000
t 2 'invalid TPID "88b5" (0x0600..0xffff)' port add psw0 dev eth1 tep tpid 88b5
t 2 '"tpid" is only allowed with "tep"' port add psw0 dev eth1 pan 1 tpid 0x88b5
t 2 '"tpid" given twice' port add psw0 dev eth1 tep tpid 0x88b5 tpid 0x88b6
t 2 '"pan", "mac", "ext" and "vlan" are not allowed with "tep" (the VNID tag says)' \
	port add psw0 dev eth1 tep vlan 5
t 2 '"oui" is set on its own' pan set psw0 100 oui 02:a1:00 proxy on
t 2 'invalid OUI (aa:bb:cc)' pan set psw0 100 oui 2:a1:00:

# --- neigh --------------------------------------------------------------
t 2 'unknown command "ad" for neigh' neigh ad
t 2 "missing switch name" neigh add
t 2 'missing "pan PAN"' neigh add psw0 ip 10.0.0.1 mac $mac
t 2 'missing "ip ADDR"' neigh add psw0 pan 1 mac $mac
t 2 'missing "mac MAC"' neigh add psw0 pan 1 ip 10.0.0.1
t 2 'missing "mac MAC"' neigh replace psw0 pan 1 ip fd00::1
t 2 'unknown keyword "mac"' neigh del psw0 pan 1 ip 10.0.0.1 mac $mac
t 2 '"ip" given twice' neigh add psw0 pan 1 ip 10.0.0.1 ip 10.0.0.2 mac $mac
t 2 'invalid MAC address "02:00:00:00:00"' neigh add psw0 pan 1 ip 10.0.0.1 mac 02:00:00:00:00
t 2 'missing argument after "ip"' neigh del psw0 pan 1 ip
t 2 '"ip" needs "pan PAN"' neigh show psw0 ip 10.0.0.1
t 2 'unknown keyword "dev"' neigh show psw0 dev vm1
t 0 "" neigh help
out "Usage: panswitch neigh"
t 2 '"proxy" takes "on" or "off", not "yes"' pan set psw0 1 proxy yes
t 2 '"proxy" given twice' pan set psw0 1 proxy on proxy off
t 2 '"proxy" is set on its own' pan set psw0 1 proxy on miss drop
t 2 'missing argument after "proxy"' pan set psw0 1 proxy

# --- entry --------------------------------------------------------------
t 2 "missing switch name" entry add
t 2 'missing "pan PAN"' entry add psw0 mac $mac drop
t 2 'missing "mac MAC"' entry add psw0 pan 1 drop
t 2 'missing entry mode ("local dev DEV", "xlate ext MAC", "encap ENCAP remote ADDR", "drop" or "hold [ext MAC]")' \
	entry add psw0 pan 1 mac $mac
t 2 '"local" needs "dev DEV"' entry add psw0 pan 1 mac $mac local
t 2 '"dev" is only allowed with "local"' entry add psw0 pan 1 mac $mac drop dev vm1
t 2 'entry mode given twice' entry replace psw0 pan 1 mac $mac drop local dev vm1
t 2 'missing argument after "pan"' entry add psw0 pan
t 2 'invalid MAC address "02:00:00:00:00"' entry add psw0 pan 1 mac 02:00:00:00:00 drop
t 2 'invalid MAC address "02:00:00:00:00:0g"' entry add psw0 pan 1 mac 02:00:00:00:00:0g drop
t 2 'invalid MAC address "02-00-00-00-00-01"' entry add psw0 pan 1 mac 02-00-00-00-00-01 drop
t 2 'invalid MAC address "2:0:0:0:0:1"' entry add psw0 pan 1 mac 2:0:0:0:0:1 drop
t 2 'invalid MAC address "02:00:00:00:00:01:"' entry add psw0 pan 1 mac 02:00:00:00:00:01: drop
t 2 'unknown keyword "drop"' entry del psw0 pan 1 mac $mac drop
t 2 'unknown keyword "dev"' entry show psw0 dev vm1
t 2 '"mac" needs "pan PAN"' entry show psw0 mac $mac
t 2 'unknown keyword "Drop"' entry add psw0 pan 1 mac $mac Drop
ext=52:54:00:00:00:01
t 2 '"xlate" needs "ext MAC"' entry add psw0 pan 1 mac $mac xlate
t 2 'missing argument after "ext"' entry add psw0 pan 1 mac $mac xlate ext
t 2 'invalid MAC address "52:54"' entry add psw0 pan 1 mac $mac xlate ext 52:54
t 2 '"ext" given twice' entry add psw0 pan 1 mac $mac xlate ext $ext ext $ext
t 2 '"ext" is only allowed with "xlate" and "hold"' entry add psw0 pan 1 mac $mac local dev vm1 ext $ext
t 2 '"ext" is only allowed with "xlate" and "hold"' entry add psw0 pan 1 mac $mac drop ext $ext
t 2 '"ext" is only allowed with "xlate" and "hold"' \
	entry replace psw0 pan 1 mac $mac encap vxlan remote 192.0.2.2 ext $ext
t 2 'entry mode given twice' entry add psw0 pan 1 mac $mac xlate ext $ext xlate
t 2 'entry mode given twice' entry add psw0 pan 1 mac $mac xlate ext $ext encap vxlan
t 2 'entry mode given twice' entry add psw0 pan 1 mac $mac encap vxlan encap nvgre
t 2 'entry mode given twice' entry add psw0 pan 1 mac $mac encap etherip remote 192.0.2.2 drop
t 2 'missing argument after "encap"' entry add psw0 pan 1 mac $mac encap
t 2 'unknown encapsulation "gre" (vxlan, nvgre or etherip)' \
	entry add psw0 pan 1 mac $mac encap gre remote 192.0.2.2
t 2 'unknown encapsulation "remote" (vxlan, nvgre or etherip)' \
	entry add psw0 pan 1 mac $mac encap remote 192.0.2.2
t 2 'unknown encapsulation "Vxlan" (vxlan, nvgre or etherip)' \
	entry add psw0 pan 1 mac $mac encap Vxlan remote 192.0.2.2
t 2 '"encap" needs "remote ADDR"' entry add psw0 pan 1 mac $mac encap vxlan
t 2 'missing argument after "remote"' entry add psw0 pan 1 mac $mac encap vxlan remote
for a in foo 192.0.2 192.0.2.256 192.0.2.1/24 2001:db8::1/64 2001:db8:::1 \
	fe80::1%eth0 ' 192.0.2.1' 0x7f000001 "" $mac; do
	t 2 "\"$a\" is not an IPv4 or IPv6 address" \
		entry add psw0 pan 1 mac $mac encap vxlan remote "$a"
done
t 2 '"remote" given twice' \
	entry add psw0 pan 1 mac $mac encap vxlan remote 192.0.2.2 remote 2001:db8::2
t 2 '"remote" is only allowed with "encap"' entry add psw0 pan 1 mac $mac drop remote 192.0.2.2
t 2 '"remote" is only allowed with "encap"' entry add psw0 pan 1 mac $mac hold remote 192.0.2.2
t 2 '"dev" is only allowed with "local"' entry add psw0 pan 1 mac $mac hold dev vm1
t 2 'entry mode given twice' entry add psw0 pan 1 mac $mac hold drop
t 2 '"ext" given twice' entry add psw0 pan 1 mac $mac hold ext $ext ext $ext
t 2 '"remote" is only allowed with "encap"' \
	entry add psw0 pan 1 mac $mac xlate ext $ext remote 192.0.2.2
t 2 '"dev" is only allowed with "local"' \
	entry add psw0 pan 1 mac $mac encap nvgre remote 192.0.2.2 dev vm1
t 2 '"local" needs "dev DEV"' entry add psw0 pan 1 mac $mac local ext $ext
t 2 'unknown keyword "ext"' entry del psw0 pan 1 mac $mac ext $ext
t 2 'unknown keyword "encap"' entry show psw0 encap vxlan
t 2 'unknown keyword "remote"' entry del psw0 pan 1 mac $mac remote 192.0.2.2
t 2 'unknown keyword "vxlan"' entry add psw0 pan 1 mac $mac vxlan remote 192.0.2.2

# --- stats and monitor ----------------------------------------------------
t 2 "missing switch name" stats
t 2 "missing switch name" stats show
t 2 'unknown keyword "dev"' stats psw0 dev vm1
t 2 'missing argument after "port"' stats psw0 port
t 2 'unknown keyword "pan"' stats psw0 port vm1 pan 1
t 2 'PAN id "q" is not a number' stats show psw0 pan q
t 2 'unknown keyword "now"' monitor now
t 2 'unknown keyword "now"' monitor miss now
t 2 'unknown keyword "now"' monitor move now

# --- batch ----------------------------------------------------------------
b=$tmp/batch
printf '# a comment\n\n   \nswitch help\npan add psw0 "12 3"\nfoo\n' >"$b"
t 2 "$b:5: PAN id \"12 3\" is not a number" -b "$b"
out "Usage: panswitch switch"
lines 1 "$tmp/err" "batch: one error line, then stop"
printf 'switch help # trailing comment\npan add psw0 "1\n' >"$b"
t 2 "$b:2: unterminated quoted string" -b "$b"
printf 'help\nbar\n' | "$P" -b - >/dev/null 2>"$tmp/err"
rc=$?
if [ $rc = 2 ] && grep -qF -- '-:2: unknown object "bar"' "$tmp/err"; then
	ok "batch from stdin names line 2"
else
	nok "batch from stdin names line 2" "exit $rc" "$(cat "$tmp/err")"
fi
printf 'switch help\n  # only a comment\n' >"$b"
t 0 "" -b "$b"
# the new commands' usage errors in a batch name their line
printf 'switch help\npan set psw0 100 flood add remote 192.0.2.2\n' >"$b"
t 2 "$b:2: \"remote\" needs \"encap ENCAP\"" -b "$b"
printf '# x\nentry add psw0 pan 1 mac %s encap vxlan remote "192.0.2.2 "\n' $mac >"$b"
t 2 "$b:2: \"192.0.2.2 \" is not an IPv4 or IPv6 address" -b "$b"
printf 'pan help\nentry help\nswitch set psw0 vxlan-port 0\n' >"$b"
t 2 "$b:3: invalid UDP port \"0\" (1..65535)" -b "$b"

# --- without the kernel module --------------------------------------------
if "$P" switch show >/dev/null 2>&1; then
	echo "# the panswitch family is present: skipping the no-module checks"
else
	nf="generic netlink family panswitch not found (is the module loaded?)"
	t 1 "panswitch: $nf" switch show
	t 1 "$nf" switch add psw0
	t 1 "$nf" -j port show
	lines 0 "$tmp/out" "no stdout when the kernel is not reached"
	t 1 "$nf" entry add psw0 pan 1 mac $mac local dev vm1
	t 1 "$nf" monitor
	printf 'switch help\nswitch show\nfoo\n' >"$b"
	t 1 "$b:2: $nf" -b "$b"
	# every new command parses (on the command line and in a batch) and
	# only then needs the kernel
	while read -r cmd; do
		# shellcheck disable=SC2086 # word splitting wanted
		t 1 "$nf" $cmd
		printf 'switch help\n%s\n' "$cmd" >"$b"
		t 1 "$b:2: $nf" -b "$b"
	done <<EOF
switch set psw0 underlay 192.0.2.1
switch set psw0 underlay none underlay6 none vxlan-port 4789
switch set psw0 underlay6 2001:db8::1 vxlan-port 65535 underlay 0.0.0.0
switch set psw0 ext-prefix 02:ee:00:00:00:00/24
switch set psw0 ext-prefix none underlay 192.0.2.1
switch set psw0 ext-prefix 02:ee:00:00:00:01/48
port add psw0 dev vm1 pan 100 mac $mac ext 52:54:00:00:00:01
port add psw0 dev vm1 ext 52:54:00:00:00:01 vm pan 100
port add psw0 dev eth0 uplink vlan 4094
port add psw0 vlan 1 dev eth0 uplink
port set psw0 dev vm1 security off
port set psw0 lldp on dev vm1
port set psw0 dev vm1 security on lldp off
port set psw0 dev vm1 allow none
port set psw0 dev vm1 allow 02:00:00:00:00:01 02:00:00:00:00:02/2001:db8::2 security on
port set psw0 allow 02:00:00:00:00:01/198.51.100.1 dev vm1 lldp off
entry add psw0 pan 100 mac $mac xlate ext 52:54:00:00:00:01
entry replace psw0 pan 100 mac $mac ext 52:54:00:00:00:01 xlate
entry add psw0 pan 100 mac $mac encap vxlan remote 192.0.2.2
entry add psw0 pan 100 mac $mac encap nvgre remote 2001:db8::2
entry replace psw0 remote ::ffff:192.0.2.2 encap etherip mac $mac pan 100
pan set psw0 100 pan-addr 203.0.113.100
pan set psw0 100 pan-addr 2001:db8:100::1 pan-addr 203.0.113.100
pan set psw0 100 pan-addr none
pan set psw0 100 flood add uplink
pan set psw0 100 flood del uplink
pan set psw0 100 flood add remote 192.0.2.2 encap vxlan
pan set psw0 100 flood del encap nvgre remote 2001:db8::2
pan set psw0 100 flood add remote 198.51.100.7 encap etherip
switch set psw0 local 192.0.2.1 local6 2001:db8::1
switch set psw0 local none local6 none
pan set psw0 100 local 203.0.113.100 local 2001:db8:100::1
pan set psw0 100 local none accept any
entry add psw0 pan 100 mac $mac encap ipip remote 192.0.2.2
pan set psw0 100 flood del remote 198.51.100.7 encap ipip
tenant add psw0 oui 02:a1:00 pan 100
tenant add psw0 vlan 200 pan 100
tenant add psw0 vlan 4095 oui 02:A1:00 pan 100
tenant del psw0 oui 02-a1-00 vlan 300
tenant show psw0 oui 02:a1:00
tenant show psw0 pan 100
remote add psw0 192.0.2.2 encaps vxlan,nvgre,ipip
remote set psw0 2001:db8::2 encaps etherip
remote probe psw0 192.0.2.2 timeout 500
switch set psw0 encaps nvgre,vxlan
entry add psw0 pan 100 mac $mac encap auto remote 192.0.2.2
pan set psw0 100 flood add remote 192.0.2.2 encap auto
pan set psw0 100 oui 02:b2:00
port add psw0 dev eth1 trunk classify oui+vlan
port add psw0 classify vlan trunk dev eth1
EOF
	t 1 "$nf" -s switch show
	t 1 "$nf" -j -s switch show psw0
	lines 0 "$tmp/out" "no stdout when the kernel is not reached (-s)"
fi

echo "# $pass passed, $fail failed"
[ $fail = 0 ]
