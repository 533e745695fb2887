#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 80_fuzz.sh - hostile input, short version (make fuzz runs the long one:
# the counts come from fuzz.conf next to this script when it exists).
#
# While vm1 pings vm2 every 5 ms (PAN 100), psw-nlfuzz sends random,
# mutated and valid genetlink requests as root in a namespace of its own (so
# that it cannot delete the switch under test), and psw-framefuzz injects
# malformed frames from vm1's side of its veth (they enter the switch), on
# vm2's port (they go to vm2) and on the uplink. Then the same for PAN 200
# (vm3 pings vm4, frames from vm3). psw-nlfuzz then runs as uid 65534
# against psw0: every change must be refused with EPERM, nothing may change.
#
# Checks: not one frame reaches the other PAN; every frame that entered a
# port was delivered or counted under a drop reason (port rx accounting is
# exact), exactly the injected frames with a bad source MAC are counted as
# bad_src_mac, a PAN's drops are the sum of its ports'; the state is
# consistent; no kernel warning; the module unloads under traffic and
# reloads.
#
#  netns vm1 (PAN 100)  vm2 (PAN 100)  vm3 (PAN 200)  vm4 (PAN 200)  up
#  02:00:00:00:00:01    ...:02         ...:01         ...:02         (uplink)
#  198.51.100.1/24      .2             .1             .2  (same MACs and IPs)
#        |                |              |              |             |
#  +----vm1--------------vm2------------vm3------------vm4----------psup0--+
#  |                              psw0                                     |
#  +-----------------------------------------------------------------------+
#  netns $TAG-fz: psw-nlfuzz's own switches fz0..fz3, veths fzv0..fzv3

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

# Counts (make fuzz overrides them in fuzz.conf).
FUZZ_NL=10000		# root genetlink messages (two runs of half)
FUZZ_NL_UNPRIV=2000	# genetlink messages as uid 65534
FUZZ_FRAMES=10000	# malformed frames, all injection points together
FUZZ_SEED=${FUZZ_SEED:-$(( (RANDOM << 15) | RANDOM ))}
# shellcheck source=/dev/null
[[ -e $(dirname "$0")/fuzz.conf ]] && source "$(dirname "$0")/fuzz.conf"

NLFUZZ=$(command -v psw-nlfuzz 2>/dev/null)
FRAMEFUZZ=$(command -v psw-framefuzz 2>/dev/null)
M1=02:00:00:00:00:01
M2=02:00:00:00:00:02
IP1=198.51.100.1
IP2=198.51.100.2
FZNS="$TAG-fz"
REASONS=(switch_down bad_frame bad_src_mac nomem entry_drop hairpin
	 port_down too_big no_dest tx_error)

setup()
{
	load_kmods veth
	diag "seed $FUZZ_SEED (FUZZ_SEED=$FUZZ_SEED reproduces the run)"
	# No receive backlog drop may blur the accounting.
	set_sysctl - net/core/netdev_max_backlog 100000
	switch_add psw0 || return 1
	check_run "$PSW" pan add psw0 100 || return 1
	check_run "$PSW" pan add psw0 200 || return 1
	vm_add vm1 vm1 "$M1" "$IP1/24" || return 1
	vm_add vm2 vm2 "$M2" "$IP2/24" || return 1
	vm_add vm3 vm3 "$M1" "$IP1/24" || return 1
	vm_add vm4 vm4 "$M2" "$IP2/24" || return 1
	vm_add up psup0 02:00:00:00:01:01 203.0.113.2/24 || return 1
	check_run "$PSW" port add psw0 dev vm1 pan 100 mac "$M1" || return 1
	check_run "$PSW" port add psw0 dev vm2 pan 100 mac "$M2" || return 1
	check_run "$PSW" port add psw0 dev vm3 pan 200 mac "$M1" || return 1
	check_run "$PSW" port add psw0 dev vm4 pan 200 mac "$M2" || return 1
	check_run "$PSW" port add psw0 dev psup0 uplink || return 1
	# vm2 and vm4 take less than the others send: drops.too_big.
	check_run ip link set vm2 mtu 1400 || return 1
	check_run ip link set vm4 mtu 1400 || return 1
	check_run ip link set psw0 up || return 1
	check_ping vm1 "$IP2" || return 1
	check_ping vm3 "$IP2" || return 1

	# psw-nlfuzz's playground: its own namespace with veths to attach.
	check_run ip netns add "$FZNS" || return 1
	defer ip netns del "$FZNS"
	local i
	for i in 0 1 2 3; do
		check_run ip -n "$FZNS" link add "fzv$i" type veth peer name "fzv${i}p" ||
			return 1
		ip -n "$FZNS" link set "fzv$i" up
		ip -n "$FZNS" link set "fzv${i}p" up
	done
}

# snapshot ARRAY: every counter of psw0 and of the VMs' eth0 into ARRAY
# (keys: port.DEV.FIELD, port.DEV.drops.REASON, pan.ID..., VM.rx|tx).
STATS_JQ='.[] | (if has("port") then "port.\(.port)" else "pan.\(.pan)" end) as $k |
	(to_entries[] | select(.value | type == "number") | "\($k).\(.key)=\(.value)"),
	(.drops | to_entries[] | "\($k).drops.\(.key)=\(.value)")'
LINK_JQ='.[0].stats64 | "rx=\(.rx.packets)", "tx=\(.tx.packets)"'

links()
{
	local vm

	for vm in vm1 vm2 vm3 vm4; do
		ip -n "$(vm_ns "$vm")" -j -s link show dev eth0 | jq -r "$LINK_JQ" |
			sed "s/^/$vm./"
	done
}

# The VMs' stacks may still send (ARP retries for an address the garbage
# named): take the switch's counters between two identical readings of
# the VMs' counters, a moment after the first, so that no frame is in
# flight.
snapshot()
{
	local -n _s=$1
	local k v l1 l2 stats try

	for ((try = 0; try < 50; try++)); do
		l1=$(links)
		sleep 0.2
		stats=$("$PSW" -j stats show psw0 | jq -r "$STATS_JQ")
		l2=$(links)
		[[ $l1 == "$l2" ]] && break
	done
	_s=()
	while IFS='=' read -r k v; do
		_s["$k"]=$v
	done <<<"$stats
$l2"
}

declare -A B=() A=()
# d KEY: the change of a counter between the snapshots B and A.
d()
{
	echo $(( ${A[$1]:-0} - ${B[$1]:-0} ))
}

# drops PORT|PAN: the change of the sum of all drop reasons.
drops()
{
	local r n=0

	for r in "${REASONS[@]}"; do
		n=$((n + $(d "$1.drops.$r")))
	done
	echo "$n"
}

# field NAME OUTPUT: the number after NAME on psw-framefuzz's summary line
# ("psw-framefuzz: sent N bad_src N core_drop N").
field()
{
	grep '^psw-framefuzz: sent ' <<<"$2" | grep -oE "(^| )$1 [0-9]+" |
		awk '{ print $NF }' | head -1
}

declare -A NL_ROOT_RC=()
declare -A NL_ROOT_OUT=()
FRAMES_OUT=""

# phase PAN SENDER PEER OTHER1 OTHER2 SEED: traffic and garbage into PAN.
phase()
{
	local pan=$1 sender=$2 peer=$3 seed=$6 ping_pid nl_pid port_pid up_pid n
	local n_vm=$((FUZZ_FRAMES * 4 / 10)) n_port=$((FUZZ_FRAMES / 20))
	local n_up=$((FUZZ_FRAMES / 20))

	flush_neigh vm1 vm2 vm3 vm4
	sleep 0.2
	snapshot B
	# ip netns exec execs ping: $! is ping's pid.
	ip netns exec "$(vm_ns "$sender")" ping -q -i 0.005 -w 600 "$IP2" >/dev/null 2>&1 &
	ping_pid=$!
	ip netns exec "$FZNS" "$NLFUZZ" -q -m -n $((FUZZ_NL / 2)) -s "$seed" \
		-P fzv0 -P fzv1 -P fzv2 -P fzv3 -N fz >"$TMPD/nl.$pan" 2>&1 &
	nl_pid=$!
	"$FRAMEFUZZ" -q -i "$peer" -n "$n_port" -s "$seed" -d "$M2" >"$TMPD/port.$pan" 2>&1 &
	port_pid=$!
	ip netns exec "$(vm_ns up)" "$FRAMEFUZZ" -q -i eth0 -n "$n_up" -s "$seed" \
		>"$TMPD/up.$pan" 2>&1 &
	up_pid=$!
	FRAMES_OUT=$(vm_exec "$sender" "$FRAMEFUZZ" -q -i eth0 -n "$n_vm" -s "$seed" \
		-S "$M1" -d "$M2" -d "$M1" -d 02:00:00:00:00:99 2>&1)
	diag "$FRAMES_OUT"
	wait "$port_pid" || fail "psw-framefuzz on port $peer failed" "$(cat "$TMPD/port.$pan")"
	wait "$up_pid" || fail "psw-framefuzz on the uplink failed" "$(cat "$TMPD/up.$pan")"
	wait "$nl_pid"
	NL_ROOT_RC[$pan]=$?
	NL_ROOT_OUT[$pan]=$(cat "$TMPD/nl.$pan")
	kill "$ping_pid" 2>/dev/null
	wait "$ping_pid" 2>/dev/null
	# Let the receive backlogs drain.
	sleep 0.5
	snapshot A
	n=$(field sent "$FRAMES_OUT")
	[[ -n $n && $n -gt 0 ]] || fail "psw-framefuzz sent nothing" "$FRAMES_OUT"
}

case_phase()
{
	local pan=$1 seed

	seed=$((FUZZ_SEED + pan))
	phase "$@" "$seed"
}

case_nl_root()
{
	local pan=$1

	diag_output "${NL_ROOT_OUT[$pan]}"
	check_eq "psw-nlfuzz exit status" 0 "${NL_ROOT_RC[$pan]}" || return 1
	check_match "psw-nlfuzz summary" '^psw-nlfuzz: sent [0-9]+' "${NL_ROOT_OUT[$pan]}"
}

# case_isolated OTHER_PAN VM...: nothing reached the other PAN.
case_isolated()
{
	local pan=$1 vm
	shift

	for vm in "$@"; do
		check_eq "frames received by $vm's eth0 (other PAN)" 0 "$(d "$vm.rx")"
		check_eq "frames sent by port $vm (other PAN)" 0 "$(d "port.$vm.tx_packets")"
		check_eq "frames received by port $vm (other PAN)" 0 "$(d "port.$vm.rx_packets")"
	done
	check_eq "PAN $pan tx_packets" 0 "$(d "pan.$pan.tx_packets")"
	check_eq "PAN $pan drops" 0 "$(drops "pan.$pan")"
}

# case_accounted SENDER PEER: every frame that entered each of the two
# ports was delivered to the other one or counted under a drop reason.
case_accounted()
{
	local p=$1 q=$2 core

	core=$(field core_drop "$FRAMES_OUT")
	diag "$p: eth0 sent $(d "$p.tx"), port $q tx $(d "port.$q.tx_packets")," \
		"port $p drops $(drops "port.$p"), freed before the switch $core"
	check_eq "frames from $p = delivered to $q + dropped by reason + freed before the switch" \
		"$(d "$p.tx")" "$(($(d "port.$q.tx_packets") + $(drops "port.$p") + core))"
	check_eq "frames from $q = delivered to $p + dropped by reason" \
		"$(d "$q.tx")" "$(($(d "port.$p.tx_packets") + $(drops "port.$q")))"
	check_eq "port $p: rx_packets + early drops = frames from $p" \
		"$(($(d "$p.tx") - core))" \
		"$(($(d "port.$p.rx_packets") + $(d "port.$p.drops.switch_down") +
		    $(d "port.$p.drops.bad_frame") + $(d "port.$p.drops.bad_src_mac") +
		    $(d "port.$p.drops.nomem")))"
	check_eq "port $p drops.bad_src_mac = injected frames with a bad source MAC" \
		"$(field bad_src "$FRAMES_OUT")" "$(d "port.$p.drops.bad_src_mac")"
	(($(drops "port.$p") > 0)) || fail "no drop counted on port $p"
	(($(d "port.$p.drops.too_big") > 0)) ||
		diag "no too_big drop on port $p (no oversize frame to $q this run)"
}

# case_pan_sum PAN PORT...: the PAN's drops are the sum of its ports'.
case_pan_sum()
{
	local pan=$1 r sum port
	shift

	for r in "${REASONS[@]}"; do
		sum=0
		for port in "$@"; do
			sum=$((sum + $(d "port.$port.drops.$r")))
		done
		check_eq "PAN $pan drops.$r = sum over its ports" "$sum" \
			"$(d "pan.$pan.drops.$r")"
	done
}

# stateless_snapshot: state_snapshot without the counters.
stateless_snapshot()
{
	local obj

	for obj in switch port pan entry; do
		echo "== panswitch -j $obj show"
		"$PSW" -j "$obj" show 2>&1 | jq -cS 'walk(if type == "object" then
			del(.rx_packets, .rx_bytes, .tx_packets, .tx_bytes,
			    .flooded, .drops) else . end)' 2>&1
	done
	echo "== masters"
	ip -j link show 2>&1 | jq -c '[.[] | {ifname, master}]' 2>&1
}

case_nl_unpriv()
{
	local before after rc=0 out

	unpriv_usable || { skip "setpriv cannot drop to uid 65534"; return; }
	before=$(stateless_snapshot)
	out=$("$NLFUZZ" -q -u -m -n "$FUZZ_NL_UNPRIV" -s "$((FUZZ_SEED + 3))" \
		-S psw0 -P vm1 -P vm2 -P vm3 -P vm4 -P psup0 -N psw 2>&1) || rc=$?
	after=$(stateless_snapshot)
	diag_output "$out"
	check_eq "psw-nlfuzz -u exit status (1: a change was not refused with EPERM)" 0 "$rc"
	check_match "some changes were checked" 'changes checked [1-9]' "$out"
	if [[ $before != "$after" ]]; then
		echo "$before" >"$TMPD/before"
		echo "$after" >"$TMPD/after"
		fail "unprivileged requests changed the state"
		diag_output "$(diff "$TMPD/before" "$TMPD/after")"
	fi
}

case_fz_state()
{
	local obj

	for obj in switch port pan entry; do
		check_json "$PSW" -n "$FZNS" -j "$obj" show || return 1
	done
	check_run ip netns del "$FZNS" || return 1
	# The namespace goes with the switches the fuzzer left in it.
	wait_until 100 bash -c "! ip netns list | grep -qw '$FZNS'"
}

case_state()
{
	local obj

	for obj in switch port pan entry; do
		check_json "$PSW" -j "$obj" show psw0 || return 1
	done
	check_json "$PSW" -j pan show psw0 || return 1
	check_jq "$JSON" 'length == 2 and all(.[]; .ports == 2 and .entries == 2)'
	check_json "$PSW" -j port show psw0 || return 1
	check_jq "$JSON" 'length == 5'
	flush_neigh vm1 vm2 vm3 vm4
	check_ping vm1 "$IP2"
	check_ping vm3 "$IP2"
}

case_unload()
{
	local ping_pid

	ip netns exec "$(vm_ns vm1)" ping -q -i 0.005 -w 60 "$IP2" >/dev/null 2>&1 &
	ping_pid=$!
	sleep 1
	check_run timeout 60 rmmod panswitch
	kill "$ping_pid" 2>/dev/null
	wait "$ping_pid" 2>/dev/null
	module_loaded && fail "panswitch still loaded after rmmod"
	link_exists psw0 && fail "psw0 still exists after rmmod"
	check_eq "master of vm1 after rmmod" null "$(port_master vm1)"
	check_run insmod "$PANSWITCH_KO" || return 1
	check_run "$PSW" switch add psw0 || return 1
	check_json "$PSW" -j switch show || return 1
	check_run "$PSW" switch del psw0
}

require_tools
[[ -x $NLFUZZ && -x $FRAMEFUZZ ]] ||
	ktap_skip_all "psw-nlfuzz or psw-framefuzz not installed (make -C tools/fuzz)"
ensure_module
kmsg_mark
ktap_plan 17
run_setup "two PANs with the same addresses, an uplink, a fuzzing namespace" setup
run_case "PAN 100: pings, $((FUZZ_FRAMES / 2)) malformed frames, root genetlink fuzzing" \
	case_phase 100 vm1 vm2 vm3 vm4
run_case "root genetlink fuzzer (PAN 100 phase) ran to the end" case_nl_root 100
run_case "not one frame reached PAN 200" case_isolated 200 vm3 vm4
run_case "PAN 100: every frame delivered or counted under a drop reason" \
	case_accounted vm1 vm2
run_case "PAN 100: PAN drops are the sum of its ports'" case_pan_sum 100 vm1 vm2
run_case "PAN 200: pings, $((FUZZ_FRAMES / 2)) malformed frames, root genetlink fuzzing" \
	case_phase 200 vm3 vm4 vm1 vm2
run_case "root genetlink fuzzer (PAN 200 phase) ran to the end" case_nl_root 200
run_case "not one frame reached PAN 100" case_isolated 100 vm1 vm2
run_case "PAN 200: every frame delivered or counted under a drop reason" \
	case_accounted vm3 vm4
run_case "PAN 200: PAN drops are the sum of its ports'" case_pan_sum 200 vm3 vm4
run_case "uid 65534: $FUZZ_NL_UNPRIV requests, every change refused with EPERM, state unchanged" \
	case_nl_unpriv
run_case "fuzzed namespace: show commands give JSON, the namespace deletes" case_fz_state
run_case "psw0 is consistent: show commands, JSON, pings in both PANs" case_state
run_case "no kernel warnings after fuzzing" check_kernel_log
run_case "rmmod under traffic, insmod, the module works again" case_unload
run_case "no kernel warnings after unload and reload" check_kernel_log
ktap_finish
