#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# stress.sh - churn under traffic (part of make fuzz; runs in the test VM
# as a selftest, next to selftests/lib.sh). STRESS_SECONDS (default 30, or
# from fuzz.conf) bounds each loop.
#
#   - entries: `panswitch -b -` adds and deletes batches of drop entries as
#     fast as it goes, while vm1 and vm2 ping each other and vm3 flaps in
#     and out of PAN 100 (port add/del loop);
#   - a namespace holding a switch, its PAN and two VM veths is deleted
#     while the VMs ping through it, repeatedly;
#   - the switch is deleted under traffic, re-created, repeatedly;
#   - rmmod panswitch under traffic, then insmod again.
# Passes when every loop ran, the state stays consistent, and the kernel
# log has no warning.

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

STRESS_SECONDS=30
# shellcheck source=/dev/null
[[ -e $(dirname "$0")/fuzz.conf ]] && source "$(dirname "$0")/fuzz.conf"

M1=02:00:00:00:00:01
M2=02:00:00:00:00:02
M3=02:00:00:00:00:03
IP1=198.51.100.1
IP2=198.51.100.2

setup()
{
	load_kmods veth
	switch_add psw0 || return 1
	check_run "$PSW" pan add psw0 100 || return 1
	vm_add vm1 vm1 "$M1" "$IP1/24" || return 1
	vm_add vm2 vm2 "$M2" "$IP2/24" || return 1
	vm_add vm3 vm3 "$M3" 198.51.100.3/24 || return 1
	check_run "$PSW" port add psw0 dev vm1 pan 100 mac "$M1" || return 1
	check_run "$PSW" port add psw0 dev vm2 pan 100 mac "$M2" || return 1
	check_run ip link set psw0 up || return 1
	check_ping vm1 "$IP2"
}

# traffic_start VM ADDR: ping ADDR from VM in the background ($TRAFFIC).
TRAFFIC=()
traffic_start()
{
	ip netns exec "$(vm_ns "$1")" ping -q -i 0.005 -w 3600 "$2" >/dev/null 2>&1 &
	TRAFFIC+=($!)
}

traffic_stop()
{
	local p

	for p in "${TRAFFIC[@]}"; do
		kill "$p" 2>/dev/null
		wait "$p" 2>/dev/null
	done
	TRAFFIC=()
}

# port_loop SECONDS: vm3 in and out of PAN 100 (prints the count).
port_loop()
{
	local end=$((SECONDS + $1)) n=0

	while ((SECONDS < end)); do
		"$PSW" port add psw0 dev vm3 pan 100 mac "$M3" >/dev/null 2>&1 &&
			"$PSW" port del psw0 dev vm3 >/dev/null 2>&1 && n=$((n + 1))
	done
	echo "$n"
}

case_entries()
{
	local end n=0 batch=2000 i start t port_out rc=0

	# One batch file adds $batch entries, one deletes them.
	for ((i = 0; i < batch; i++)); do
		printf 'entry add psw0 pan 100 mac 02:fe:%02x:%02x:00:01 drop\n' \
			$((i >> 8)) $((i & 255))
	done >"$TMPD/add"
	sed 's/^entry add \(.*\) drop$/entry del \1/' "$TMPD/add" >"$TMPD/del"

	traffic_start vm1 "$IP2"
	traffic_start vm2 "$IP1"
	port_loop "$STRESS_SECONDS" >"$TMPD/ports" &
	port_out=$!
	start=$SECONDS
	end=$((SECONDS + STRESS_SECONDS))
	while ((SECONDS < end)); do
		"$PSW" -b - <"$TMPD/add" >"$TMPD/out" 2>&1 || { rc=1; break; }
		"$PSW" -b - <"$TMPD/del" >"$TMPD/out" 2>&1 || { rc=1; break; }
		n=$((n + 2 * batch))
	done
	t=$((SECONDS - start))
	wait "$port_out"
	traffic_stop
	((rc == 0)) || fail "panswitch -b - failed" "$(cat "$TMPD/out")"
	diag "$n entry adds and deletes in ${t}s ($((n / (t ? t : 1))) per second)," \
		"$(cat "$TMPD/ports") port add/del cycles"
	((n > 0)) || fail "no entry batch completed"
	check_json "$PSW" -j pan show psw0 100 || return 1
	check_jq "$JSON" '.[0].entries == 2 and .[0].ports == 2'
	check_ping vm1 "$IP2"
}

# One round: netns $TAG-sw with a switch and two VM namespaces attached
# by veths, pinging each other; then delete the switch's namespace.
netns_round()
{
	local ns=$TAG-sw a=$TAG-a b=$TAG-b

	ip netns add "$ns" && ip netns add "$a" && ip netns add "$b" || return 1
	ip -n "$ns" link add pa type veth peer name eth0 netns "$a" &&
		ip -n "$ns" link add pb type veth peer name eth0 netns "$b" || return 1
	ip -n "$a" link set eth0 address "$M1" && ip -n "$b" link set eth0 address "$M2"
	ip -n "$a" addr add "$IP1/24" dev eth0 && ip -n "$b" addr add "$IP2/24" dev eth0
	ip -n "$a" link set eth0 up && ip -n "$b" link set eth0 up
	ip -n "$ns" link set pa up && ip -n "$ns" link set pb up
	"$PSW" -n "$ns" switch add s0 && "$PSW" -n "$ns" pan add s0 7 &&
		"$PSW" -n "$ns" port add s0 dev pa pan 7 mac "$M1" &&
		"$PSW" -n "$ns" port add s0 dev pb pan 7 mac "$M2" &&
		ip -n "$ns" link set s0 up || return 1
	ip netns exec "$a" ping -q -i 0.005 -w 60 "$IP2" >/dev/null 2>&1 &
	TRAFFIC+=($!)
	ip netns exec "$b" ping -q -i 0.005 -w 60 "$IP1" >/dev/null 2>&1 &
	TRAFFIC+=($!)
	sleep 0.5
	ip netns del "$ns"
	sleep 0.2
	traffic_stop
	ip netns del "$a"
	ip netns del "$b"
}

case_netns_delete()
{
	local end=$((SECONDS + STRESS_SECONDS / 2)) n=0

	while ((SECONDS < end)); do
		netns_round || { fail "round $n failed to set up"; break; }
		n=$((n + 1))
	done
	diag "$n namespaces with a switch deleted under traffic"
	((n > 0))
}

case_switch_delete()
{
	local end=$((SECONDS + STRESS_SECONDS / 2)) n=0

	"$PSW" port del psw0 dev vm3 >/dev/null 2>&1
	while ((SECONDS < end)); do
		traffic_start vm1 "$IP2"
		sleep 0.3
		check_run "$PSW" switch del psw0 || break
		traffic_stop
		check_run "$PSW" switch add psw0 &&
			check_run "$PSW" pan add psw0 100 &&
			check_run "$PSW" port add psw0 dev vm1 pan 100 mac "$M1" &&
			check_run "$PSW" port add psw0 dev vm2 pan 100 mac "$M2" &&
			check_run ip link set psw0 up || break
		n=$((n + 1))
	done
	traffic_stop
	diag "$n switch deletions under traffic"
	check_ping vm1 "$IP2"
}

case_rmmod()
{
	traffic_start vm1 "$IP2"
	traffic_start vm2 "$IP1"
	sleep 0.5
	check_run timeout 60 rmmod panswitch
	traffic_stop
	module_loaded && fail "panswitch still loaded"
	check_run insmod "$PANSWITCH_KO"
}

require_tools
ensure_module
kmsg_mark
ktap_plan 7
run_setup "switch, PAN 100, three VMs" setup
run_case "entry add/del batches and port add/del loops under traffic" case_entries
run_case "namespace with a switch deleted under traffic" case_netns_delete
run_case "switch deleted under traffic and re-created" case_switch_delete
run_case "no kernel warnings after the churn" check_kernel_log
run_case "rmmod panswitch under traffic, insmod again" case_rmmod
run_case "no kernel warnings after rmmod" check_kernel_log
ktap_finish
