#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 77_encap_route.sh - encapsulated frames follow the underlay's routing as
# it changes. The switch caches the route to each remote (a dst_cache per
# remote and encapsulation, Documentation/transport.md, "Route cache");
# these cases change what that route should be, under traffic, and count
# where the next frames go:
#   - every remote's route replaced by one through the other link
#     (ip route replace), while a VM is sending: the next frames leave on
#     the new link, none on the old;
#   - the routes deleted: every frame dropped as no_route, none sent;
#     restored: sent on the first link again;
#   - the switch's underlay address changed to one that a policy rule
#     (ip rule from ADDR) routes through the other link: the frames
#     follow, with the new source address, and come back with the old one;
#   - the link of the route in use going down, a second route with a
#     higher metric through the other link: the frames follow.
# Each remote is in turn the first one sent to after a change, and every
# case first shows the frames on the path they are expected to leave
# (the positive control). Every encapsulation (VXLAN, NVGRE, EtherIP)
# over IPv4 and IPv6, through encap entries and through flood list
# members (a broadcast from the VM: one copy per member).
#
# A cache that is never invalidated fails here: after the first burst
# every remote's cached route leads to u1; the next bursts would leave
# on u1 after the replace, be sent instead of dropped after the delete,
# and stay on u1 after the underlay change, each a failed count below.
#
#   VM v1 (PAN 100) -- h1: psw0, local 192.0.2.1 / 2001:db8:1::1 (on lo)
#                      u1 10.1.0.1 fd00:1::1 -- r: u1 (next hop .2 / ::2)
#                      u2 10.2.0.1 fd00:2::1 -- r: u2 (next hop .2 / ::2)
#
# The next hops are permanent neighbours of h1 with MACs nobody has: r's
# ends drop what they get. The frames are counted by captures on h1's u1
# and u2, per outer destination.

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

SEND=$(command -v psw-send 2>/dev/null)
N=20				# frames per remote and burst
PAN=100
M1=02:00:00:00:78:01
LOC4=192.0.2.1
LOC6=2001:db8:1::1
ALT4=192.0.2.11			# the other underlay address
ALT6=2001:db8:1::11
NH1_4=10.1.0.2
NH2_4=10.2.0.2
NH1_6=fd00:1::2
NH2_6=fd00:2::2

# Targets: NAME MAC (the frame's destination; ff:..: the flood list)
# REMOTE ENCAP. Two flood members, so a broadcast makes one copy each.
TARGETS=(
	"vxlan4 02:00:00:00:78:11 192.0.2.21 vxlan"
	"nvgre4 02:00:00:00:78:12 192.0.2.22 nvgre"
	"ipip4 02:00:00:00:78:13 192.0.2.23 ipip"
	"vxlan6 02:00:00:00:78:14 2001:db8:1::21 vxlan"
	"nvgre6 02:00:00:00:78:15 2001:db8:1::22 nvgre"
	"ipip6 02:00:00:00:78:16 2001:db8:1::23 ipip"
	"flood4 ff:ff:ff:ff:ff:ff 192.0.2.24 vxlan"
	"flood6 ff:ff:ff:ff:ff:ff 2001:db8:1::24 nvgre"
)

# remotes: every target's remote address, one per line.
remotes()
{
	local t name mac rem

	for t in "${TARGETS[@]}"; do
		read -r name mac rem _ <<<"$t"
		echo "$rem"
	done
}

# to_remotes: a capture filter matching every packet to any remote.
to_remotes()
{
	local r f=""

	while read -r r; do
		f+="${f:+ or }dst host $r"
	done <<<"$(remotes)"
	echo "$f"
}

# route_all VERB [ARGS...]: ip route VERB REMOTE ARGS for every remote
# (ARGS: "via4 A via6 B ..." are picked per family).
route_all()
{
	local verb=$1 nh4=$2 nh6=$3 r
	shift 3

	while read -r r; do
		if [[ $r == *:* ]]; then
			check_run hexec h1 ip -6 route "$verb" "$r/128" ${nh6:+via "$nh6"} "$@" ||
				return 1
		else
			check_run hexec h1 ip route "$verb" "$r/32" ${nh4:+via "$nh4"} "$@" ||
				return 1
		fi
	done <<<"$(remotes)"
}

setup()
{
	local t name mac rem encap

	[[ -x $SEND ]] || { fail "psw-send is not installed (make -C tools/fuzz)"; return 1; }
	load_kmods veth udp_tunnel ip6_udp_tunnel
	host_add h1 && host_add r || return 1
	link_pair h1 u1 02:aa:00:00:78:01 r u1 02:bb:00:00:78:01 &&
		link_pair h1 u2 02:aa:00:00:78:02 r u2 02:bb:00:00:78:02 || return 1
	host_addr h1 u1 10.1.0.1/24 fd00:1::1/64 &&
		host_addr h1 u2 10.2.0.1/24 fd00:2::1/64 &&
		host_addr h1 lo "$LOC4/32" "$ALT4/32" "$LOC6/128" "$ALT6/128" || return 1
	# Next hops that never answer nor need to: permanent neighbours.
	check_run hexec h1 ip neigh replace "$NH1_4" lladdr 02:cc:00:00:78:01 dev u1 nud permanent &&
		check_run hexec h1 ip neigh replace "$NH2_4" lladdr 02:cc:00:00:78:02 dev u2 nud permanent &&
		check_run hexec h1 ip -6 neigh replace "$NH1_6" lladdr 02:cc:00:00:78:01 dev u1 nud permanent &&
		check_run hexec h1 ip -6 neigh replace "$NH2_6" lladdr 02:cc:00:00:78:02 dev u2 nud permanent ||
		return 1
	host_switch_add h1 || return 1
	check_run hpsw h1 switch set psw0 local "$LOC4" local6 "$LOC6" &&
		check_run hpsw h1 pan add psw0 "$PAN" || return 1
	hvm_port_add h1 v1 "$PAN" "$M1" - - || return 1
	for t in "${TARGETS[@]}"; do
		read -r name mac rem encap <<<"$t"
		if [[ $mac == ff:* ]]; then
			check_run hpsw h1 pan set psw0 "$PAN" flood add remote "$rem" encap "$encap"
		else
			check_run hpsw h1 entry add psw0 pan "$PAN" mac "$mac" encap "$encap" remote "$rem"
		fi || return 1
	done
	route_all add "$NH1_4" "$NH1_6"
}

# send_all: N frames from v1 to each target's MAC, in turn (the flood
# targets share one MAC: its burst goes once).
send_all()
{
	local t name mac sent=""

	for t in "${TARGETS[@]}"; do
		read -r name mac _ <<<"$t"
		[[ " $sent " == *" $mac "* ]] && continue
		sent+=" $mac"
		check_run hexec v1 "$SEND" eth eth0 "$(plain "$mac" "$M1")" "$N" || return 1
	done
}

# Headers only, and a large buffer: a slow tcpdump (TCG) must not lose the
# two copies of each broadcast, sent back to back, to a full ring.
CAP_ARGS=(-s 128 -B 8192)

# burst NAME [TOTAL]: captures on u1 and u2 (NAME-u1, NAME-u2) around
# send_all, stopped once they hold TOTAL packets to the remotes between
# them (default: every target's N; tcpdump may not have written the last
# ones yet when the sender returns) or, if they never do, after 10 s (and
# the counts below fail).
burst()
{
	local total=${2:-$(($(ntargets) * N))}

	cap_start "$1-u1" h1 u1 "${CAP_ARGS[@]}" &&
		cap_start "$1-u2" h1 u2 "${CAP_ARGS[@]}" || return 1
	send_all
	((total == 0)) || wait_until 100 captured "$total" "$1-u1" "$1-u2"
	cap_stop "$1-u1"
	cap_stop "$1-u2"
}

# captured TOTAL CAP...: the captures hold at least TOTAL packets to the
# remotes between them (read while tcpdump writes them).
captured()
{
	local total=$1 n=0 cap
	shift

	for cap in "$@"; do
		n=$((n + $(count "$cap" "$(to_remotes)")))
	done
	((n >= total))
}

# count CAP FILTER...: the frames of capture CAP that FILTER matches (the
# lines that start with a timestamp: tcpdump prints an inner frame of VXLAN
# and NVGRE, and its unknown ethertype's bytes, on lines of their own).
count()
{
	local cap=$1
	shift

	cap_read "$cap" "$@" | grep -cE '^[0-9]+:[0-9]+:[0-9]+\.[0-9]+ '
}

# expect_path NAME ON OFF [SRC4 SRC6]: burst NAME left every remote's N
# frames on link ON (from SRC4/SRC6 if given) and none on OFF.
expect_path()
{
	local name=$1 on=$2 off=$3 src4=${4:-} src6=${5:-} t tn rem src

	for t in "${TARGETS[@]}"; do
		read -r tn _ rem _ <<<"$t"
		check_eq "$tn: frames to $rem on $on" "$N" "$(count "$name-$on" dst host "$rem")"
		check_eq "$tn: frames to $rem on $off" 0 "$(count "$name-$off" dst host "$rem")"
		[[ $rem == *:* ]] && src=$src6 || src=$src4
		[[ -z $src ]] ||
			check_eq "$tn: frames to $rem from $src on $on" "$N" \
				"$(count "$name-$on" dst host "$rem" and src host "$src")"
	done
}

# ntargets: how many encapsulated copies one send_all makes.
ntargets()
{
	echo "${#TARGETS[@]}"
}

# background_send: v1 sends to every target's MAC in the background, 100
# times 5 frames each (paced by starting psw-send each time, so that no
# queue overflows and drops frames of a later burst); pids in BG_PIDS.
BG_PIDS=()
background_send()
{
	local t name mac sent="" ns

	BG_PIDS=()
	ns=$(ns_of v1)
	for t in "${TARGETS[@]}"; do
		read -r name mac _ <<<"$t"
		[[ " $sent " == *" $mac "* ]] && continue
		sent+=" $mac"
		ip netns exec "$ns" bash -c 'for ((i = 0; i < 100; i++)); do
			"$0" eth eth0 "$1" 5 || exit 1; done' \
			"$SEND" "$(plain "$mac" "$M1")" >/dev/null 2>&1 &
		BG_PIDS+=($!)
	done
}

# background_wait: the senders are done and their frames through the
# switch (v1's port counts no more).
background_wait()
{
	local p

	for p in "${BG_PIDS[@]}"; do
		wait "$p"
	done
	BG_PIDS=()
	wait_until 100 port_quiet
}

# port_quiet: v1's port received nothing in 0.2 s.
port_quiet()
{
	local a

	a=$(hcounter hport:h1:v1:rx_packets)
	sleep 0.2
	[[ $a == "$(hcounter hport:h1:v1:rx_packets)" ]]
}

case_replace()
{
	# Positive control: the caches are filled with routes through u1.
	burst first || return 1
	expect_path first u1 u2
	# The replace happens under traffic.
	hsnap "hpan:h1:$PAN:encap_tx"
	background_send
	route_all replace "$NH2_4" "$NH2_6"
	background_wait
	hnow "hpan:h1:$PAN:encap_tx"
	hexpect_delta "hpan:h1:$PAN:encap_tx" ge 1
	burst replaced || return 1
	expect_path replaced u2 u1
}

case_delete()
{
	local n

	n=$(( $(ntargets) * N ))
	background_send
	route_all del "" ""
	background_wait
	hsnap "hpan:h1:$PAN:drops.no_route" "hpan:h1:$PAN:encap_tx"
	burst deleted 0 || return 1
	hnow "hpan:h1:$PAN:drops.no_route" "hpan:h1:$PAN:encap_tx"
	hexpect_delta "hpan:h1:$PAN:drops.no_route" eq "$n"
	hexpect_delta "hpan:h1:$PAN:encap_tx" eq 0
	check_eq "frames to the remotes on u1 with no route" 0 \
		"$(count deleted-u1 "$(to_remotes)")"
	check_eq "frames to the remotes on u2 with no route" 0 \
		"$(count deleted-u2 "$(to_remotes)")"
	# Restored: through u1 again (and counted as sent, not dropped).
	route_all add "$NH1_4" "$NH1_6" || return 1
	hsnap "hpan:h1:$PAN:drops.no_route" "hpan:h1:$PAN:encap_tx"
	burst restored || return 1
	hnow "hpan:h1:$PAN:drops.no_route" "hpan:h1:$PAN:encap_tx"
	hexpect_delta "hpan:h1:$PAN:drops.no_route" eq 0
	hexpect_delta "hpan:h1:$PAN:encap_tx" eq "$n"
	expect_path restored u1 u2
}

case_underlay()
{
	local rc=0

	# Sources ALT4 and ALT6 are routed through u2 by table 100.
	check_run hexec h1 ip rule add from "$ALT4" lookup 100 &&
		check_run hexec h1 ip -6 rule add from "$ALT6" lookup 100 || return 1
	defer ip -n "$(ns_of h1)" rule del from "$ALT4" lookup 100
	defer ip -n "$(ns_of h1)" -6 rule del from "$ALT6" lookup 100
	route_all add "$NH2_4" "$NH2_6" table 100 || return 1
	# Positive control (and the caches filled after the rule's flush).
	burst local1 || return 1
	expect_path local1 u1 u2 "$LOC4" "$LOC6"
	check_run hpsw h1 switch set psw0 local "$ALT4" local6 "$ALT6" || return 1
	burst local2 || rc=1
	((rc)) || expect_path local2 u2 u1 "$ALT4" "$ALT6"
	check_run hpsw h1 switch set psw0 local "$LOC4" local6 "$LOC6" || return 1
	((rc)) && return 1
	burst local3 || return 1
	expect_path local3 u1 u2 "$LOC4" "$LOC6"
}

case_link_down()
{
	local tx1 rc=0 t tn rem

	# A second route to every remote, through u2, with a higher metric
	# than the first's (IPv4's default 0, IPv6's 1024).
	route_all append "$NH2_4" "$NH2_6" metric 2000 || return 1
	burst up || return 1
	expect_path up u1 u2
	check_run hexec h1 ip link set u1 down || return 1
	tx1=$(hcounter hlink:h1:u1:tx)
	cap_start down-u2 h1 u2 "${CAP_ARGS[@]}" || rc=1
	((rc)) || send_all
	((rc)) || wait_until 100 captured $(($(ntargets) * N)) down-u2
	cap_stop down-u2
	check_eq "frames on u1 while it is down" "$tx1" "$(hcounter hlink:h1:u1:tx)"
	check_run hexec h1 ip link set u1 up
	((rc)) && return 1
	for t in "${TARGETS[@]}"; do
		read -r tn _ rem _ <<<"$t"
		check_eq "$tn: frames to $rem on u2 after u1 went down" "$N" \
			"$(count down-u2 dst host "$rem")"
	done
}

require_tools
ensure_module
kmsg_mark
ktap_plan 6
run_setup "a VM, 8 remotes (VXLAN, NVGRE, EtherIP, flood; IPv4, IPv6), routes through u1" setup
run_case "route replaced under traffic: frames follow to u2, none on u1" case_replace
run_case "routes deleted: every frame dropped no_route, none sent; restored: u1" case_delete
run_case "underlay address routed elsewhere by a rule: frames follow, new source" case_underlay
run_case "link of the route down: frames take the route with the higher metric" case_link_down
run_case "no kernel warnings" check_kernel_log
ktap_finish
