#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 84_learn.sh - learning with ageing, and MAC moves (issue 15, items 5
# and 6). hb's PAN 100 learns the inner source MACs of VXLAN arrivals from
# its remotes hc and hd as encap entries (origin learned); hr, a host of
# the underlay that is no remote of PAN 100, teaches nothing. The cases:
#   - learning is off by default: an arrival teaches nothing; on, the
#     same arrival makes an entry toward its sender, shown with its age;
#   - a learned entry ages out after a short configured ageing time, is
#     counted (aged) and announced (entry del on the notify group);
#   - with miss notify, frames held for a MAC go out through its entry
#     as soon as an arrival teaches it (hold_released), not at hold-time;
#   - a static entry (user) and a local VM's MAC (port) are never taken
#     by learning (learn_static); a learned one is replaced by entry add;
#   - learn-max stops learning and counts learn_limit;
#   - a move (the MAC arriving from hd) emits exactly one MOVE event with
#     the old and new place, and the sequence grows by one per move;
#   - more moves than the damping threshold (5 in 180 s) freeze the entry
#     where it is and count move_frozen;
#   - hr's arrivals are dropped (unknown_remote) and teach nothing, even
#     when the PAN accepts any source (they are delivered, not learned);
#   - absurd ageing and learn-max are refused with a message, nothing
#     changed.
# Waits are on conditions (wait_until), never on durations.
#
#        net (bridge br0): 192.0.2.0/24
#     |              |               |              |
#   u0 .2          u0 .3           u0 .4          u0 .9
#   hb: psw0,      hc: a remote    hd: a remote   hr: no remote
#   PAN 100, VM    of PAN 100      of PAN 100     of anything
#   b100

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

SEND=$(command -v psw-send 2>/dev/null)
HB4=192.0.2.2
HC4=192.0.2.3
HD4=192.0.2.4
HR4=192.0.2.9
VB=02:00:00:00:01:02	# b100, hb's local VM
VXH=0800000000006400	# VXLAN, I flag, VNI 100
BCAST=ff:ff:ff:ff:ff:ff

# from H SRCMAC [DST]: H sends a VXLAN frame for PAN 100 with inner source
# SRCMAC (to DST, broadcast by default) to hb.
from()
{
	hexec "$1" "$SEND" udp "$HB4" 4789 "$VXH$(plain "${3:-$BCAST}" "$2")"
}

# entry MAC: hb's entry for MAC in PAN 100, as "MODE REMOTE-OR-DEV ORIGIN",
# or nothing.
entry()
{
	hpsw hb -j entry show psw0 pan 100 mac "$1" 2>/dev/null |
		jq -r '.[0] | "\(.mode) \(.remote // .dev) \(.origin)"' 2>/dev/null
}

entry_is() # MAC WANT
{
	[[ $(entry "$1") == "$2" ]]
}

# lcount FIELD: PAN 100's learning counter FIELD (pan show's "learn").
lcount()
{
	hpsw hb -j pan show psw0 100 | jq -r --arg f "$1" '.[0].learn[$f]'
}

declare -A L0=()

lsnap()
{
	local f

	L0=()
	for f in count learned learn_limit learn_static moves move_frozen aged; do
		L0[$f]=$(lcount "$f")
	done
}

lexpect() # FIELD N: moved by exactly N since lsnap
{
	check_delta "PAN 100 learn.$1" "${L0[$1]}" "$(lcount "$1")" eq "$2"
}

# moves MAC: the MOVE events for MAC in the move monitor's output, one
# "FROM TO SEQ" line each.
moves()
{
	jq -r --arg m "$1" 'select(.object == "move" and .mac == $m) |
		"\(.from.remote) \(.to.remote) \(.seq)"' "$TMPD/moves.json" 2>/dev/null
}

nmoves() # MAC N: the monitor printed N MOVE events for MAC
{
	[[ $(moves "$1" | wc -l) -eq $2 ]]
}

# ---- setup ----------------------------------------------------------------

setup()
{
	load_kmods veth bridge udp_tunnel ip6_udp_tunnel
	l2net_add net || return 1
	host_add hb && host_add hc && host_add hd && host_add hr || return 1
	l2net_attach net hb u0 02:aa:00:00:00:02 &&
		l2net_attach net hc u0 02:aa:00:00:00:03 &&
		l2net_attach net hd u0 02:aa:00:00:00:04 &&
		l2net_attach net hr u0 02:aa:00:00:00:09 || return 1
	host_addr hb u0 "$HB4/24" && host_addr hc u0 "$HC4/24" &&
		host_addr hd u0 "$HD4/24" && host_addr hr u0 "$HR4/24" || return 1
	host_switch_add hb || return 1
	check_run hpsw hb switch set psw0 underlay "$HB4" &&
		check_run hpsw hb pan add psw0 100 || return 1
	hvm_port_add hb b100 100 "$VB" - 10.0.0.2/24 || return 1
	check_run hpsw hb pan set psw0 100 flood add remote "$HC4" encap vxlan &&
		check_run hpsw hb pan set psw0 100 flood add remote "$HD4" encap vxlan ||
		return 1
	# The defaults, as documented.
	check_json hpsw hb -j pan show psw0 100 || return 1
	check_jq "$JSON" '.[0] | .learning == "off" and .ageing == 300 and
		.learn_max == 4096 and .learn.count == 0' || return 1
	# The MOVE events, for the whole test.
	hpsw hb -j monitor move >"$TMPD/moves.json" 2>"$TMPD/moves.err" &
	defer kill $!
	return 0
}

# ---- learning -------------------------------------------------------------

case_learn()
{
	local m1=02:00:00:00:0c:01 age before

	lsnap
	before=$(hcounter hpan:hb:100:encap_rx)
	check_run from hc "$m1" || return 1
	# It arrived (the positive control of "nothing learned").
	wait_until 100 hmoved hpan:hb:100:encap_rx "$before"
	check_delta "hb PAN 100 encap_rx" "$before" \
		"$(hcounter hpan:hb:100:encap_rx)" eq 1
	check_eq "learning off: no entry for $m1" "" "$(entry "$m1")"
	lexpect learned 0
	check_run hpsw hb pan set psw0 100 learning on || return 1
	check_json hpsw hb -j pan show psw0 100 || return 1
	check_jq "$JSON" '.[0].learning == "on"' || return 1
	check_run from hc "$m1" || return 1
	if ! wait_until 100 entry_is "$m1" "encap $HC4 learned"; then
		fail "learning on: no learned entry toward hc for $m1" \
			"  entry: '$(entry "$m1")'"
		return 1
	fi
	lexpect learned 1
	lexpect count 1
	check_json hpsw hb -j entry show psw0 pan 100 mac "$m1" || return 1
	check_jq "$JSON" '.[0] | .encap == "vxlan" and (.age | type) == "number"' ||
		return 1
	age=$(hpsw hb entry show psw0 pan 100 mac "$m1")
	check_match "entry show: origin learned with its age" "origin learned age [0-9]+" "$age"
	# b100 reaches it through the learned entry: encapsulated toward hc.
	before=$(hcounter hpan:hb:100:encap_tx)
	check_run hexec b100 "$SEND" eth eth0 "$(plain "$m1" "$VB")" || return 1
	wait_until 100 hmoved hpan:hb:100:encap_tx "$before"
	check_delta "hb PAN 100 encap_tx to the learned MAC" "$before" \
		"$(hcounter hpan:hb:100:encap_tx)" eq 1
}

hmoved() # SPEC BEFORE
{
	(($(hcounter "$1") > $2))
}

case_ageing()
{
	local m=02:00:00:00:0c:02 mon=$TMPD/notify.json

	hpsw hb -j monitor >"$mon" 2>&1 &
	defer kill $!
	wait_until 100 monitor_synced "$mon" -n "$(ns_of hb)" ||
		{ fail "the notify monitor did not start"; return 1; }
	check_run from hc "$m" || return 1
	wait_until 100 entry_is "$m" "encap $HC4 learned" ||
		{ fail "no learned entry for $m"; return 1; }
	lsnap
	check_run hpsw hb pan set psw0 100 ageing 1 || return 1
	if ! wait_until 300 learned_now 0; then
		fail "the learned entries did not age out with ageing 1" \
			"  entry: '$(entry "$m")'"
		return 1
	fi
	check_eq "the learned entry $m is gone" "" "$(entry "$m")"
	lexpect aged 2		# this one and case_learn's
	wait_until 100 grep -q "\"event\":\"del\".*\"mac\":\"$m\"" "$mon"
	check_eq "entry del announced for $m" 1 \
		"$(grep -c "\"event\":\"del\".*\"mac\":\"$m\".*\"origin\":\"learned\"" "$mon")"
	check_run hpsw hb pan set psw0 100 ageing 300
}

# Item 6's one step: frames a PAN with miss notify holds for a MAC go out
# through the entry learning makes for it, as soon as it is learned (not
# at hold-time: 60 s here). The positive control of "held": nothing left
# for hc before the MAC arrived from it.
case_learn_releases_held()
{
	local m=02:00:00:00:0c:20 i tx rel

	check_run hpsw hb pan set psw0 100 learning on || return 1
	check_run hpsw hb pan set psw0 100 miss notify || return 1
	defer hpsw hb pan set psw0 100 miss flood
	check_run hpsw hb pan set psw0 100 hold time 60000 || return 1
	defer hpsw hb pan set psw0 100 hold time 1000
	tx=$(hcounter hpan:hb:100:encap_tx)
	rel=$(hcounter hpan:hb:100:hold_released)
	for i in 1 2 3; do
		check_run hexec b100 "$SEND" eth eth0 "$(plain "$m" "$VB")" ||
			return 1
	done
	if ! wait_until 100 held_is 3; then
		fail "3 frames to $m not held" "  held: $(hcounter hpan:hb:100:held)"
		return 1
	fi
	check_delta "hb PAN 100 encap_tx while held" "$tx" \
		"$(hcounter hpan:hb:100:encap_tx)" eq 0
	check_run from hc "$m" || return 1
	wait_until 100 entry_is "$m" "encap $HC4 learned" ||
		{ fail "no learned entry for $m"; return 1; }
	wait_until 100 held_is 0
	check_delta "hb PAN 100 hold_released" "$rel" \
		"$(hcounter hpan:hb:100:hold_released)" eq 3
	check_delta "hb PAN 100 encap_tx: the held frames, toward hc" "$tx" \
		"$(hcounter hpan:hb:100:encap_tx)" eq 3
	check_eq "frames held for $m" 0 "$(hcounter hpan:hb:100:held)"
	check_run hpsw hb pan set psw0 100 miss flood &&
		check_run hpsw hb pan set psw0 100 hold time 1000
}

held_is() # N: hb's PAN 100 holds N frames
{
	[[ $(hcounter hpan:hb:100:held) == "$1" ]]
}

# A static entry, and a local VM's MAC, are never taken by learning; a
# learned entry is replaced by a static add.
case_static()
{
	local ms=02:00:00:00:0c:03 ml=02:00:00:00:0c:04 before

	check_run hpsw hb entry add psw0 pan 100 mac "$ms" encap vxlan remote "$HD4" ||
		return 1
	lsnap
	check_run from hc "$ms" || return 1
	check_run from hc "$VB" || return 1
	wait_until 100 lmoved learn_static 2
	lexpect learn_static 2
	lexpect learned 0
	check_eq "the user entry stays" "encap $HD4 user" "$(entry "$ms")"
	check_eq "b100's MAC stays its port's" "local b100 port" "$(entry "$VB")"
	# b100 still gets its frames (it was not stolen).
	before=$(counter vm:b100:rx)
	check_run from hc 02:00:00:00:0c:05 "$VB" || return 1
	wait_until 100 vm_rx_moved "$before"
	check_delta "b100 rx after the attempt" "$before" "$(counter vm:b100:rx)" ge 1
	# Positive control: a learned entry is replaced by a static add.
	check_run from hc "$ml" || return 1
	wait_until 100 entry_is "$ml" "encap $HC4 learned" ||
		{ fail "no learned entry for $ml"; return 1; }
	check_run hpsw hb entry add psw0 pan 100 mac "$ml" encap vxlan remote "$HD4" ||
		return 1
	check_eq "the learned entry replaced by the user one" "encap $HD4 user" \
		"$(entry "$ml")"
	check_run hpsw hb entry del psw0 pan 100 mac "$ml" &&
		check_run hpsw hb entry del psw0 pan 100 mac "$ms"
}

learned_now() # N
{
	[[ $(lcount count) == "$1" ]]
}

lmoved() # FIELD N
{
	(($(lcount "$1") - ${L0[$1]} >= $2))
}

vm_rx_moved() # BEFORE
{
	(($(counter vm:b100:rx) > $1))
}

case_limit()
{
	local i n

	n=$(lcount count)
	check_run hpsw hb pan set psw0 100 learn-max $((n + 3)) || return 1
	lsnap
	for i in 1 2 3 4 5; do
		check_run from hc "02:00:00:00:0d:0$i" || return 1
	done
	wait_until 100 lmoved learn_limit 2
	lexpect learned 3
	lexpect learn_limit 2
	check_eq "learned entries at learn-max" $((n + 3)) "$(lcount count)"
	check_eq "the fourth MAC is not learned" "" "$(entry 02:00:00:00:0d:04)"
	# A refresh of a learned entry is no new entry: not limited.
	check_run from hc 02:00:00:00:0d:01 || return 1
	check_eq "a learned entry at the limit stays" "encap $HC4 learned" \
		"$(entry 02:00:00:00:0d:01)"
	check_run hpsw hb pan set psw0 100 learn-max 4096
}

# Start making MOVE events of MACs of our own until the monitor prints one.
move_synced()
{
	local m

	SYNC=$((SYNC + 1))
	m=$(printf '02:00:00:00:0e:%02x' $((SYNC % 256)))
	from hc "$m" && wait_until 20 entry_is "$m" "encap $HC4 learned" &&
		from hd "$m" && wait_until 20 nmoves "$m" 1
}

SYNC=0

case_move()
{
	local m=02:00:00:00:0c:06 s1 s2

	wait_until 30 move_synced || {
		fail "the move monitor printed nothing" "$(cat "$TMPD/moves.err")"
		return 1
	}
	check_run from hc "$m" || return 1
	wait_until 100 entry_is "$m" "encap $HC4 learned" ||
		{ fail "no learned entry for $m"; return 1; }
	lsnap
	check_run from hd "$m" || return 1
	if ! wait_until 100 nmoves "$m" 1; then
		fail "no MOVE event for $m" "$(cat "$TMPD/moves.json")"
		return 1
	fi
	check_eq "the entry moved to hd" "encap $HD4 learned" "$(entry "$m")"
	lexpect moves 1
	# More frames from the new place: no more moves, no more events.
	check_run from hd "$m" && check_run from hd "$m" || return 1
	check_run from hc "$m" || return 1
	wait_until 100 nmoves "$m" 2
	check_eq "MOVE events for $m: one per move" 2 "$(moves "$m" | wc -l)"
	check_eq "first move" "$HC4 $HD4" "$(moves "$m" | sed -n 1p | cut -d' ' -f1,2)"
	check_eq "second move" "$HD4 $HC4" "$(moves "$m" | sed -n 2p | cut -d' ' -f1,2)"
	s1=$(moves "$m" | sed -n 1p | cut -d' ' -f3)
	s2=$(moves "$m" | sed -n 2p | cut -d' ' -f3)
	check_eq "the sequence grows by one per move ($s1, $s2)" $((s1 + 1)) "$s2"
	lexpect moves 2
}

case_flap()
{
	local m=02:00:00:00:0c:07 i h=hd

	check_run from hc "$m" || return 1
	wait_until 100 entry_is "$m" "encap $HC4 learned" ||
		{ fail "no learned entry for $m"; return 1; }
	lsnap
	# Five moves, hd and hc in turn, are made; two more are frozen.
	for i in 1 2 3 4 5; do
		check_run from "$h" "$m" || return 1
		wait_until 100 nmoves "$m" "$i" ||
			{ fail "move $i of $m: no event"; return 1; }
		[[ $h == hd ]] && h=hc || h=hd
	done
	for i in 1 2; do
		check_run from hc "$m" || return 1
		wait_until 100 lmoved move_frozen "$i" ||
			{ fail "move $((i + 5)) of $m: not frozen"; return 1; }
	done
	lexpect moves 5
	lexpect move_frozen 2
	check_eq "MOVE events for the flapping MAC" 5 "$(moves "$m" | wc -l)"
	# It stays where its fifth move put it (hd).
	check_eq "the frozen entry stays" "encap $HD4 learned" "$(entry "$m")"
}

case_rogue()
{
	local m=02:00:00:00:0c:08 mc=02:00:00:00:0c:09 before

	before=$(hcounter hsw:hb:drops.unknown_remote)
	lsnap
	check_run from hr "$m" || return 1
	wait_until 100 hmoved hsw:hb:drops.unknown_remote "$before"
	check_delta "hb unknown_remote drops" "$before" \
		"$(hcounter hsw:hb:drops.unknown_remote)" eq 1
	# Positive control: hc's arrival is learned.
	check_run from hc "$mc" || return 1
	wait_until 100 entry_is "$mc" "encap $HC4 learned" ||
		{ fail "control: hc's $mc not learned"; return 1; }
	check_eq "hr taught nothing" "" "$(entry "$m")"
	lexpect learned 1
	# Accept any: hr's frames are let in (delivered), but teach nothing.
	check_run hpsw hb pan set psw0 100 accept any || return 1
	before=$(counter vm:b100:rx)
	check_run from hr "$m" "$VB" || return 1
	wait_until 100 vm_rx_moved "$before"
	check_delta "b100 rx from hr with accept any" "$before" "$(counter vm:b100:rx)" eq 1
	check_eq "hr taught nothing with accept any" "" "$(entry "$m")"
	# Nor can it move a MAC learned from hc.
	before=$(hcounter hpan:hb:100:encap_rx)
	check_run from hr "$mc" || return 1
	wait_until 100 hmoved hpan:hb:100:encap_rx "$before"
	check_delta "hb PAN 100 encap_rx from hr" "$before" \
		"$(hcounter hpan:hb:100:encap_rx)" eq 1
	check_eq "hr moved nothing" "encap $HC4 learned" "$(entry "$mc")"
	lexpect moves 0
	check_run hpsw hb pan set psw0 100 accept remotes
}

case_bad_input()
{
	hcheck_fail hb hpsw hb pan set psw0 100 ageing 0 1 "ageing|range|small"
	hcheck_fail hb hpsw hb pan set psw0 100 ageing 1000001 1 "ageing|range|large"
	hcheck_fail hb hpsw hb pan set psw0 100 learn-max 0 1 "learn-max|range|small"
	hcheck_fail hb hpsw hb pan set psw0 100 learn-max 4294967295 1 "learn-max|range|large"
	hcheck_fail hb hpsw hb pan set psw0 100 learn-max 1 1 "below the PAN's learned"
	hcheck_fail hb hpsw hb pan set psw0 100 learning maybe 2 "on.*off"
	hcheck_fail hb hpsw hb pan set psw0 100 ageing 10 learning on learn-max 0 1 \
		"learn-max|range|small"
	# Positive control: a good value is taken.
	check_run hpsw hb pan set psw0 100 ageing 600 learn-max 5000 || return 1
	check_json hpsw hb -j pan show psw0 100 || return 1
	check_jq "$JSON" '.[0] | .ageing == 600 and .learn_max == 5000'
}

require_tools
[[ -x $SEND ]] || ktap_skip_all "psw-send not installed (make -C tools/fuzz)"
ensure_module
kmsg_mark
ktap_plan 11
run_setup "hb (PAN 100, VM b100), its remotes hc and hd, hr (no remote)" setup
run_case "learning off teaches nothing; on, an arrival makes a learned entry" case_learn
run_case "a learned entry ages out after a short ageing time, announced" case_ageing
run_case "frames held for a MAC (miss notify) go out through its learned entry" case_learn_releases_held
run_case "static and local VM MACs are never learned; a static add replaces" case_static
run_case "learn-max stops learning and counts learn_limit" case_limit
run_case "a move emits exactly one MOVE event, the sequence grows" case_move
run_case "flapping beyond 5 moves in 180 s freezes the entry" case_flap
run_case "a host that is no remote teaches nothing, even with accept any" case_rogue
run_case "absurd ageing and learn-max refused with a message, nothing changed" case_bad_input
run_case "no kernel warnings" check_kernel_log
ktap_finish
