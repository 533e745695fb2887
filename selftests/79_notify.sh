#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 79_notify.sh - miss notify (issue 15 item 2, seed 003's policy cache
# miss): a unicast frame from a vm port to a MAC with no entry is held in
# its PAN's hold queue and a controller is told with one PSW_CMD_MISS
# event per destination (panswitch monitor miss); when the entry is added,
# the held frames (hold-frames of them) go out through it in order, the
# rest counted hold_overflow; without an entry they are dropped at
# hold-time (hold_timeout). A VM cannot make the host hold more than
# hold-dests destinations; events are rate limited (miss_lost); only
# CAP_NET_ADMIN over the namespace may listen.
#
#  netns vm1 (sender)   netns vm2 (receiver)      netns vm3 (sender)
#  02:00:00:00:00:01    02:00:00:00:00:02         02:00:00:00:00:03
#  198.51.100.1/24      198.51.100.2/24           198.51.100.3/24
#  +-vm1-----------------vm2------------------+------vm3-------+
#  |           PAN 100 (miss notify)          | PAN 200 (notify)|
#  +------------------------------------------+-----------------+
#                        psw0 (panswitch, init netns)
#
# Crafted frames (psw-send eth) carry a sequence number after an
# experimental ethertype (0x88b5) so the receiver's capture shows their
# order; DST (02:00:00:00:00:99) is the MAC with no entry until the
# controller (the test) adds one that delivers to vm2.

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

MAC1=02:00:00:00:00:01
MAC2=02:00:00:00:00:02
MAC3=02:00:00:00:00:03
DST=02:00:00:00:00:99
TMO=02:00:00:00:00:98
SYNC_N=0	# markers: a new MAC each time (sync_mac)
ARPDST=02:00:00:00:00:b1
IPDST=02:00:00:00:00:b2
NSDST=02:00:00:00:00:b3
IP1=198.51.100.1
IP2=198.51.100.2
IP3=198.51.100.3
IP_UNKNOWN=198.51.100.99
HOLD=02:00:00:00:00:c1	# a VM arriving by migration (hold entry)
IP_HOLD=198.51.100.4

MONLOG=
MONPID=

setup()
{
	load_kmods veth
	switch_add psw0 || return 1
	check_run "$PSW" pan add psw0 100 || return 1
	check_run "$PSW" pan add psw0 200 || return 1
	vm_port_add vm1 "$MAC1" "$IP1" 100 || return 1
	vm_port_add vm2 "$MAC2" "$IP2" 100 || return 1
	vm_port_add vm3 "$MAC3" "$IP3" 200 || return 1
	static_neigh vm1 "$IP_UNKNOWN" "$IPDST" || return 1
	check_run ip link set psw0 up
}

# seqframe DST SRC N: a 60-byte frame of ethertype 0x88b5 whose payload
# starts with N as 4 hex digits.
seqframe()
{
	pad60 "$(hx "$1")$(hx "$2")88b5$(printf '%04x' "$3")"
}

# burst VM DST FIRST LAST: frames FIRST..LAST to DST from VM, one process.
# They are made first, then sent at once: made while sending (a process
# per frame) they would trickle out over more than the hold time in a
# slow guest (a debug kernel), and the first ones would time out.
burst()
{
	local i f=$TMPD/burst

	for ((i = $3; i <= $4; i++)); do
		echo "eth eth0 $(seqframe "$2" "$(vm_mac "$1")" "$i")"
	done >"$f"
	check_run hexec "$1" "$SEND" - <"$f"
}

vm_mac()
{
	case $1 in
	vm1) echo "$MAC1" ;;
	vm3) echo "$MAC3" ;;
	esac
}

# c PAN FIELD: a PAN's counter now.
c()
{
	counter "pan:psw0:$1:$2"
}

# counter_is PAN FIELD N: true when it reads N.
counter_is()
{
	[[ $(c "$1" "$2") == "$3" ]]
}

# moved PAN FIELD N: true when it moved by N since snap.
moved()
{
	local b=${SNAP[pan:psw0:$1:$2]}

	[[ $(c "$1" "$2") == $((b + $3)) ]]
}

# events_asked PAN: events sent + lost since snap.
events_asked()
{
	local e=${SNAP[pan:psw0:$1:miss_events]} l=${SNAP[pan:psw0:$1:miss_lost]}

	echo $(($(c "$1" miss_events) + $(c "$1" miss_lost) - e - l))
}

# sync_mac: a MAC never used before, in SYNC.
sync_mac()
{
	SYNC_N=$((SYNC_N + 1))
	printf -v SYNC '02:00:00:00:0a:%02x' "$SYNC_N"
}

# monitor_start: panswitch -j monitor miss in the background, listening
# once a frame to a marker MAC (sent until then) shows up in its output.
monitor_start()
{
	MONLOG=$TMPD/miss-$RANDOM.log
	"$PSW" -j monitor miss >"$MONLOG" 2>&1 &
	MONPID=$!
	defer kill "$MONPID"
	sync_mac
	wait_until 200 monitor_sees vm1 "$SYNC" || {
		fail "panswitch monitor miss never printed a miss (of $SYNC)"
		diag_output "$(cat "$MONLOG")"
		return 1
	}
}

# monitor_sees VM MAC: send one frame to MAC; has the monitor printed it?
monitor_sees()
{
	hexec "$1" "$SEND" eth eth0 "$(seqframe "$2" "$(vm_mac "$1")" 0)"
	sleep 0.1
	grep -q "\"dst\":\"$2\"" "$MONLOG"
}

# monitor_flush: events are delivered in order, so once the miss of a new
# marker is printed, every earlier event is too.
monitor_flush()
{
	sync_mac
	wait_until 200 monitor_sees vm1 "$SYNC" || {
		fail "panswitch monitor miss never printed the miss of $SYNC"
		return 1
	}
}

monitor_stop()
{
	kill "$MONPID" 2>/dev/null
	wait "$MONPID" 2>/dev/null
	MONPID=
}

case_set_notify()
{
	check_run "$PSW" pan set psw0 100 miss notify || return 1
	check_run "$PSW" pan set psw0 100 hold time 60000 || return 1
	check_json "$PSW" -j pan show psw0 100 || return 1
	check_jq "$JSON" '.[0].miss == "notify" and .[0].hold.frames == 4 and
		.[0].hold.dests == 1000 and .[0].hold.time_ms == 60000' || return 1
	check_run "$PSW" pan show psw0 100 || return 1
	check_match "pan show (text)" " miss notify hold frames 4 dests 1000 time 60000" "$OUT" || return 1
	check_json "$PSW" -j stats show psw0 pan 100 || return 1
	check_jq "$JSON" '.[0].miss_notify == 0 and .[0].miss_events == 0 and
		.[0].miss_lost == 0 and .[0].held == 0 and
		.[0].hold_overflow == 0 and .[0].drops.hold_timeout == 0'
}

case_refusals()
{
	local a

	for a in "frames 0" "frames 1025" "dests 0" "dests 16385" "time 0" \
		"time 60001" "frames 4294967295"; do
		# shellcheck disable=SC2086 # two words
		check_fail "$PSW" pan set psw0 100 hold $a 1 "out of range" || return 1
	done
	unpriv_usable || return 0
	check_fail "${UNPRIV[@]}" "$PSW" pan set psw0 100 hold frames 8 1 \
		"Operation not permitted" || return 1
	check_fail "${UNPRIV[@]}" "$PSW" pan set psw0 100 miss flood 1 \
		"Operation not permitted"
}

case_burst_one_event()
{
	local n

	monitor_start || return 1
	snap pan:psw0:100:miss_notify pan:psw0:100:miss_events \
		pan:psw0:100:hold_overflow pan:psw0:100:held \
		port:psw0:vm1:drops.hold_overflow
	burst vm1 "$DST" 0 99 || return 1
	monitor_flush || return 1
	expect_delta pan:psw0:100:miss_notify ge 100
	expect_delta pan:psw0:100:hold_overflow eq 96
	expect_delta port:psw0:vm1:drops.hold_overflow eq 96
	n=$(grep -c "\"dst\":\"$DST\"" "$MONLOG")
	check_eq "miss events for $DST (a burst of 100 frames)" 1 "$n" || {
		diag_output "$(cat "$MONLOG")"
		diag_output "$("$PSW" -j stats show psw0 pan 100 2>&1)"
		return 1
	}
	check_jq "$(grep "\"dst\":\"$DST\"" "$MONLOG")" \
		'.event == "miss" and .switch == "psw0" and .pan == 100 and
		 .port == "vm1" and .src == $s and (has("ip") | not)' \
		--arg s "$MAC1"
}

case_ip_of_misses()
{
	local arp ns t

	# A unicast ARP request for 198.51.100.99, an IPv4 packet to it, and
	# an IPv6 neighbour solicitation for 2001:db8::99.
	arp="$(hx "$ARPDST")$(hx "$MAC1")08060001080006040001$(hx "$MAC1")$(hexip "$IP1")000000000000$(hexip "$IP_UNKNOWN")"
	t=20010db8000000000000000000000099
	ns="$(hx "$NSDST")$(hx "$MAC1")86dd6000000000203aff"
	ns+="fe800000000000000000000000000001${t}8700000000000000${t}"
	vsend vm1 "$(pad60 "$arp")" "$ns" || return 1
	send_frames vm1 "$IP_UNKNOWN"
	monitor_flush || return 1
	if ! check_jq "$(grep "\"dst\":\"$ARPDST\"" "$MONLOG")" '.ip == "198.51.100.99"' ||
		! check_jq "$(grep "\"dst\":\"$IPDST\"" "$MONLOG")" '.ip == "198.51.100.99" and .src == $s' --arg s "$MAC1" ||
		! check_jq "$(grep "\"dst\":\"$NSDST\"" "$MONLOG")" '.ip == "2001:db8::99"'; then
		diag_output "$(cat "$MONLOG")"
		return 1
	fi
	check_run "$PSW" monitor help
}

# vm2_got N: vm2's eth0 received N frames since snap.
vm2_got()
{
	local b=${SNAP[vm:vm2:rx]}

	(($(counter vm:vm2:rx) >= b + $1))
}

# held_accounted N: since snap, PAN 100's held gauge fell by N plus the
# frames of other destinations that timed out meanwhile (earlier cases'
# frames are held too; a slow guest may reach their hold time), read
# from one stats dump.
held_accounted()
{
	local j h t h0=${SNAP[pan:psw0:100:held]}
	local t0=${SNAP[pan:psw0:100:hold_timeout]}

	j=$("$PSW" -j stats show psw0 pan 100) || return 1
	h=$(jq -r '.[0].held' <<<"$j")
	t=$(jq -r '.[0].hold_timeout' <<<"$j")
	((h0 - h == $1 + t - t0))
}

case_release_in_order()
{
	local seqs

	snap pan:psw0:100:hold_released pan:psw0:100:held \
		pan:psw0:100:hold_timeout vm:vm2:rx
	cap_start rx vm2 eth0 ether dst "$DST" || return 1
	check_run "$PSW" entry add psw0 pan 100 mac "$DST" local dev vm2 || return 1
	wait_until 100 moved 100 hold_released 4
	# after the entry, frames go through it at once: number 100
	burst vm1 "$DST" 100 100 || return 1
	wait_until 100 vm2_got 5
	cap_stop rx
	expect_delta pan:psw0:100:hold_released eq 4
	wait_until 50 held_accounted 4 ||
		fail "PAN 100's held gauge did not fall by the 4 frames released" \
			"  $("$PSW" -j stats show psw0 pan 100 2>&1)"
	seqs=$(cap_bytes rx | awk '{ print $15 $16 }' | tr '\n' ' ')
	check_eq "sequence numbers that reached vm2, in order" \
		"0000 0001 0002 0003 0064 " "$seqs"
}

case_timeout()
{
	# PAN 200, where nothing is held yet: its counters are this case's
	check_run "$PSW" pan set psw0 200 miss notify || return 1
	check_run "$PSW" pan set psw0 200 hold time 200 || return 1
	snap pan:psw0:200:hold_timeout pan:psw0:200:hold_released \
		pan:psw0:200:miss_notify port:psw0:vm3:drops.hold_timeout \
		pan:psw0:200:held
	burst vm3 "$TMO" 0 2 || return 1
	# wait on the counter, never on a duration
	wait_until 600 moved 200 hold_timeout 3
	expect_delta pan:psw0:200:miss_notify eq 3
	expect_delta pan:psw0:200:hold_timeout eq 3
	expect_delta port:psw0:vm3:drops.hold_timeout eq 3
	expect_delta pan:psw0:200:held eq 0
	# an entry added now finds nothing held
	check_run "$PSW" entry add psw0 pan 200 mac "$TMO" drop || return 1
	expect_delta pan:psw0:200:hold_released eq 0
	check_run "$PSW" entry del psw0 pan 200 mac "$TMO"
}

# vm4_got N: vm4's eth0 received at least N frames (it is new: from 0).
vm4_got()
{
	(($(counter vm:vm4:rx) >= $1))
}

# A hold entry (PSW_MODE_HOLD): the VM it waits for arrives as a port.
case_hold_entry()
{
	local seqs out

	# An external MAC needs an uplink (psw0 has none): refused, nothing
	# changed (check_fail compares the state before and after).
	check_fail "$PSW" entry add psw0 pan 200 mac "$HOLD" hold \
		ext 02:ee:00:00:00:c1 1 "needs an uplink" || return 1
	# The hold time applies to a hold entry's frames too: long enough
	# here (case_timeout left 200 ms) for the port to come first.
	check_run "$PSW" pan set psw0 200 hold time 60000 || return 1
	check_run "$PSW" entry add psw0 pan 200 mac "$HOLD" hold || return 1
	check_match "entry show" '"mode":"hold"' \
		"$("$PSW" -j entry show psw0 pan 200 mac "$HOLD")" || return 1
	snap pan:psw0:200:held pan:psw0:200:hold_released \
		pan:psw0:200:miss_notify pan:psw0:200:hold_timeout
	burst vm3 "$HOLD" 0 2 || return 1
	wait_until 100 moved 200 held 3 || fail "3 frames were not held"
	# Held for the entry, not missed: no miss, no event.
	expect_delta pan:psw0:200:miss_notify eq 0
	# The VM arrives: its port replaces the hold entry (no replace) and
	# gets the 3 frames, in order, then a new one at once.
	vm_add vm4 vm4 "$HOLD" "$IP_HOLD/24" || return 1
	cap_start hold vm4 eth0 ether dst "$HOLD" || return 1
	check_run "$PSW" port add psw0 dev vm4 pan 200 mac "$HOLD" || return 1
	wait_until 100 moved 200 hold_released 3
	burst vm3 "$HOLD" 3 3 || return 1
	wait_until 100 vm4_got 4
	cap_stop hold
	expect_delta pan:psw0:200:hold_released eq 3
	expect_delta pan:psw0:200:held eq 0
	expect_delta pan:psw0:200:hold_timeout eq 0
	seqs=$(cap_bytes hold | awk '{ print $15 $16 }' | tr '\n' ' ')
	check_eq "sequence numbers that reached vm4, in order" \
		"0000 0001 0002 0003 " "$seqs"
	out=$("$PSW" -j entry show psw0 pan 200 mac "$HOLD")
	check_match "the port's entry replaced the hold entry" \
		'"mode":"local".*"dev":"vm4"' "$out"
	check_run "$PSW" port del psw0 dev vm4
}

case_dests_bounded()
{
	local i f=$TMPD/dests

	monitor_stop
	check_run "$PSW" pan set psw0 200 hold dests 8 time 60000 || return 1
	# 300 destinations, two frames each, with nobody listening. The frames
	# are built first and sent by one process: built while sending, they
	# took longer than the hold time on a debug kernel, and the first
	# destinations' frames timed out, freeing their slots.
	for ((i = 0; i < 300; i++)); do
		printf 'eth eth0 %s 2\n' "$(seqframe "$(printf '02:00:00:00:%02x:%02x' $((i / 256 + 1)) $((i % 256)))" "$MAC3" "$i")"
	done >"$f"
	snap pan:psw0:200:held pan:psw0:200:hold_overflow \
		pan:psw0:200:miss_notify pan:psw0:200:miss_events \
		pan:psw0:200:miss_lost pan:psw0:200:hold_timeout
	check_run hexec vm3 "$SEND" - <"$f" || return 1
	wait_until 100 moved 200 miss_notify 600
	expect_delta pan:psw0:200:miss_notify eq 600
	expect_delta pan:psw0:200:held eq 16
	expect_delta pan:psw0:200:hold_overflow eq 584 || {
		diag_output "$("$PSW" -j stats show psw0 port vm3)"
		diag_output "$("$PSW" -j stats show psw0 pan 200)"
	}
	# held until now, none timed out (what the counts above assume)
	expect_delta pan:psw0:200:hold_timeout eq 0
	# nobody listened: no event built, none lost
	expect_delta pan:psw0:200:miss_events eq 0
	expect_delta pan:psw0:200:miss_lost eq 0
}

# now_ms: milliseconds since boot (/proc/uptime: busybox's date has no %N).
now_ms()
{
	local up

	read -r up _ </proc/uptime
	echo $((10#${up/./} * 10))
}

case_events_rate_limited()
{
	local i t0 t1 ev lost bound e0 l0

	monitor_start || return 1
	snap pan:psw0:200:miss_events pan:psw0:200:miss_lost
	# 500 new destinations, none held (dests full): 500 events asked for
	# as fast as this machine sends them. The bucket gives at most
	# PSW_MISS_EVENT_BURST (100) at once and PSW_MISS_EVENT_RATE (100) a
	# second: what went is bounded by the time it took (measured, so
	# the bound holds on a slow machine too; no duration is asserted).
	t0=$(now_ms)
	for ((i = 0; i < 500; i++)); do
		printf 'eth eth0 %s\n' "$(seqframe "$(printf '02:00:00:01:%02x:%02x' $((i / 256)) $((i % 256)))" "$MAC3" "$i")"
	done | check_run hexec vm3 "$SEND" - || return 1
	wait_until 100 eval '(($(events_asked 200) >= 500))'
	t1=$(now_ms)
	e0=${SNAP[pan:psw0:200:miss_events]}
	l0=${SNAP[pan:psw0:200:miss_lost]}
	ev=$(($(c 200 miss_events) - e0))
	lost=$(($(c 200 miss_lost) - l0))
	# one token per 10 ms, the clock's resolution (10 ms) at both ends
	bound=$((100 + (t1 - t0) / 10 + 4))
	diag "500 misses in $((t1 - t0)) ms: $ev events, $lost lost (bound $bound)"
	check_eq "events sent + lost" 500 "$((ev + lost))" || return 1
	expect_delta pan:psw0:200:miss_events gt 0
	((ev <= bound)) || {
		fail "more events than the token bucket allows: $ev > $bound"
		return 1
	}
}

case_unpriv_cannot_listen()
{
	local rc=0 pid

	unpriv_usable || {
		skip "setpriv cannot drop to uid 65534 (needs util-linux setpriv)"
		return 4
	}
	check_fail timeout 20 "${UNPRIV[@]}" "$PSW" monitor miss 1 \
		"not permitted" || return 1
	# positive control: the same user may listen to configuration changes
	"${UNPRIV[@]}" "$PSW" monitor >"$TMPD/unpriv-monitor.log" 2>&1 &
	pid=$!
	defer kill "$pid"
	sleep 2
	kill -0 "$pid" 2>/dev/null || rc=1
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	((rc == 0)) || {
		fail "uid 65534's panswitch monitor (configuration changes) did not keep listening"
		diag_output "$(cat "$TMPD/unpriv-monitor.log")"
		return 1
	}
}

case_userns_root_sees_nothing()
{
	local clone=/proc/sys/kernel/unprivileged_userns_clone old pid
	local log=$TMPD/uns-miss.log

	if ! unpriv_usable ||
		! unshare --help 2>&1 | grep -q -- --map-root-user; then
		skip "util-linux setpriv and unshare are needed"
		return 4
	fi
	if [[ -e $clone ]] && old=$(cat "$clone") && [[ $old != 1 ]]; then
		echo 1 >"$clone"
		defer sh -c "echo $old >$clone"
	fi
	# root of a user namespace, in its own network namespace: it may
	# listen there (CAP_NET_ADMIN over that namespace), and hears nothing
	# of this namespace's misses
	"${UNPRIV[@]}" unshare -U -r -n "$PSW" -j monitor miss >"$log" 2>&1 &
	pid=$!
	defer kill "$pid"
	sleep 2
	if ! kill -0 "$pid" 2>/dev/null; then
		fail "a user namespace's root could not listen in its own namespace"
		diag_output "$(cat "$log")"
		return 1
	fi
	# positive control: our own listener sees a miss the other does not
	monitor_start || return 1
	sync_mac
	wait_until 200 monitor_sees vm3 "$SYNC" || return 1
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	check_eq "what the user namespace's root heard" "" "$(cat "$log")"
}

case_policy_change_releases()
{
	snap pan:psw0:200:held pan:psw0:200:hold_released pan:psw0:200:miss_flood
	check_run "$PSW" pan set psw0 200 miss flood || return 1
	expect_delta pan:psw0:200:hold_released eq "${SNAP[pan:psw0:200:held]}"
	check_eq "frames held in PAN 200 after miss flood" 0 "$(c 200 held)"
	expect_delta pan:psw0:200:miss_flood eq "${SNAP[pan:psw0:200:held]}"
}

case_teardown_frees_held()
{
	local held

	# frames of vm1 held (the markers, and two more), then its port goes
	burst vm1 02:00:00:00:00:c1 0 1 || return 1
	held=$(c 100 held)
	((held > 0)) || { fail "nothing held in PAN 100 before the port goes"; return 1; }
	check_run "$PSW" port del psw0 dev vm1 || return 1
	check_eq "frames held in PAN 100 after vm1's port is deleted" 0 "$(c 100 held)" || return 1
	check_json "$PSW" -j stats show psw0 pan 100 || return 1
	check_jq "$JSON" '.[0].drops.hold_flush == ($h | tonumber)' --arg h "$held" || return 1
	# and a PAN with held frames... vm3 holds in PAN 200 again, then the
	# switch goes with them (kmemleak and the kernel log watch this)
	check_run "$PSW" pan set psw0 200 miss notify || return 1
	burst vm3 02:00:00:00:00:c2 0 1 || return 1
	check_run ip link del psw0
}

kmsg_mark
ktap_plan 15
run_setup "PAN 100 (vm1 vm2) and PAN 200 (vm3) on psw0" setup
run_case "pan set ... miss notify / hold: shown, counters zero" case_set_notify
run_case "hold bounds 0 or too large, and uid 65534: refused, nothing changed" case_refusals
run_case "a burst of 100 frames to one unknown MAC: one miss event, 96 overflow" case_burst_one_event
run_case "the event names the ARP target, the IPv4 destination, the NS target" case_ip_of_misses
run_case "entry add: exactly the 4 held frames reach vm2, in order, then new ones" case_release_in_order
run_case "no entry: held frames dropped at hold-time (hold_timeout)" case_timeout
run_case "hold entry: 3 frames held without a miss, then delivered in order to the arriving port" case_hold_entry
run_case "300 destinations: hold-dests (8) held, the rest overflow; no listener, no event" case_dests_bounded
run_case "miss events are rate limited per PAN (miss_lost)" case_events_rate_limited
run_case "uid 65534 cannot join the events group (but may monitor)" case_unpriv_cannot_listen
run_case "a user namespace's root in its own netns hears none of ours" case_userns_root_sees_nothing
run_case "leaving miss notify sends held frames through the new policy" case_policy_change_releases
run_case "port and switch deletion free held frames (hold_flush)" case_teardown_frees_held
run_case "no kernel warnings" check_kernel_log
ktap_finish
