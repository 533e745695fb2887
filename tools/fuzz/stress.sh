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
#   - underlay: batches set the switch's local addresses and VXLAN port
#     (opening its VXLAN sockets, creating and adopting the namespace's
#     NVGRE devices), the PAN's addresses, which arrivals it accepts,
#     xlate and encap entries and flood list members (its accepted
#     remotes), and take them all away again (deleting the NVGRE
#     devices), as fast as they go, while vm1 and vm2 ping through the
#     encap entries and psw-framefuzz streams VXLAN, NVGRE and EtherIP
#     arrivals and uplink frames for vm3's external MAC at the switch;
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
FRAMEFUZZ=$(command -v psw-framefuzz 2>/dev/null)
# the underlay: psup0 (the uplink) and the remote host behind it
UP_MAC=02:00:00:00:01:01
L4=203.0.113.1
L6=2001:db8:ff::1
R4=203.0.113.2
R6=2001:db8:ff::2
P4=203.0.113.10		# PAN 100's addresses (EtherIP)
P6=2001:db8:ff::10
X3=02:00:00:00:05:03	# vm3's external MAC
MX=02:00:00:00:00:31	# an xlate entry and its external MAC
XX=02:00:00:00:0e:31

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
	check_ping vm1 "$IP2" || return 1
	# The underlay (case_underlay attaches psup0 as the uplink).
	vm_add up psup0 "$UP_MAC" "$R4/24" || return 1
	set_sysctl - net/ipv6/conf/psup0/accept_ra 0
	set_sysctl - net/ipv6/conf/psup0/disable_ipv6 0
	set_sysctl "$(vm_ns up)" net/ipv6/conf/eth0/accept_ra 0
	set_sysctl "$(vm_ns up)" net/ipv6/conf/eth0/disable_ipv6 0
	check_run ip addr add "$L4/24" dev psup0 &&
		check_run ip addr add "$L6/64" dev psup0 nodad &&
		check_run ip addr add "$P4/32" dev psup0 &&
		check_run ip addr add "$P6/128" dev psup0 nodad &&
		check_run ip -n "$(vm_ns up)" addr add "$R6/64" dev eth0 nodad
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

# underlay_batches: $TMPD/uon.PORT (the underlay with VXLAN port PORT, the
# PAN's addresses, xlate and encap entries, flood members) and $TMPD/uoff
# (all of it away again, in an order that the kernel must accept).
underlay_batches()
{
	local port

	for port in 4789 8472; do
		cat >"$TMPD/uon.$port" <<-EOF
		switch set psw0 underlay $L4 underlay6 $L6 vxlan-port $port
		pan set psw0 100 pan-addr $P4 pan-addr $P6
		entry add psw0 pan 100 mac 02:00:00:00:00:21 encap vxlan remote $R4
		entry add psw0 pan 100 mac 02:00:00:00:00:22 encap nvgre remote $R6
		entry add psw0 pan 100 mac 02:00:00:00:00:23 encap etherip remote $R4
		entry add psw0 pan 100 mac $MX xlate ext $XX
		pan set psw0 100 flood add remote $R4 encap vxlan
		pan set psw0 100 flood add remote $R6 encap nvgre
		pan set psw0 100 flood add remote $R4 encap etherip
		pan set psw0 100 flood add uplink
		pan set psw0 100 accept any
		EOF
	done
	cat >"$TMPD/uoff" <<-EOF
	pan set psw0 100 accept remotes
	pan set psw0 100 flood del uplink
	pan set psw0 100 flood del remote $R4 encap etherip
	pan set psw0 100 flood del remote $R6 encap nvgre
	pan set psw0 100 flood del remote $R4 encap vxlan
	entry del psw0 pan 100 mac $MX
	entry del psw0 pan 100 mac 02:00:00:00:00:23
	entry del psw0 pan 100 mac 02:00:00:00:00:22
	entry del psw0 pan 100 mac 02:00:00:00:00:21
	pan set psw0 100 pan-addr none
	switch set psw0 underlay none underlay6 none
	EOF
}

# arrivals_loop SECONDS KIND ARGS...: psw-framefuzz -K KIND from the remote
# host, batch after batch, until SECONDS have passed.
arrivals_loop()
{
	local end=$((SECONDS + $1)) kind=$2 n=0
	shift 2

	while ((SECONDS < end)); do
		ip netns exec "$(vm_ns up)" "$FRAMEFUZZ" -q -K "$kind" -i eth0 \
			-n 2000 -s "$RANDOM" -S "$UP_MAC" "$@" >/dev/null 2>&1 || break
		n=$((n + 1))
	done
	echo "$n"
}

case_underlay()
{
	local end n=0 rc=0 start t tun_pid up_pid ip

	[[ -x $FRAMEFUZZ ]] || { skip "psw-framefuzz not installed"; return; }
	"$PSW" port del psw0 dev vm3 >/dev/null 2>&1
	check_run "$PSW" port add psw0 dev psup0 uplink || return 1
	check_run "$PSW" port add psw0 dev vm3 pan 100 mac "$M3" ext "$X3" || return 1
	underlay_batches
	# vm1 and vm2 ping through the encap entries (nobody answers) and
	# each other.
	for ip in 21 22 23 31; do
		static_neigh vm1 "198.51.100.$ip" "02:00:00:00:00:$ip" || return 1
	done
	traffic_start vm1 "$IP2"
	traffic_start vm2 "$IP1"
	for ip in 21 22 23 31; do
		traffic_start vm1 "198.51.100.$ip"
	done
	arrivals_loop "$((STRESS_SECONDS / 2))" tunnel -D "$(ip -j link show dev psup0 |
		jq -r '.[0].address')" -4 "$L4" -6 "$L6" -p 4789 -P 100 \
		-a "100=$P4" -a "100=$P6" -r "$R4" -r "$R6" \
		-d "$M1" -d "$M2" -d "$M3" -k vxlan,nvgre,etherip -c sure \
		>"$TMPD/tun" &
	tun_pid=$!
	arrivals_loop "$((STRESS_SECONDS / 2))" uplink -E "$X3" -R "$XX" \
		-k arp,nd,ip >"$TMPD/upl" &
	up_pid=$!
	start=$SECONDS
	end=$((SECONDS + STRESS_SECONDS / 2))
	while ((SECONDS < end)); do
		"$PSW" -b - <"$TMPD/uon.$((n % 2 ? 8472 : 4789))" >"$TMPD/out" 2>&1 ||
			{ rc=1; break; }
		"$PSW" -b - <"$TMPD/uoff" >"$TMPD/out" 2>&1 || { rc=1; break; }
		n=$((n + 1))
	done
	t=$((SECONDS - start))
	wait "$tun_pid" "$up_pid"
	traffic_stop
	# The uplink ARPs lie by design (sender 198.51.100.x, any MAC), so the
	# VMs' caches may hold vm1 or vm2 at a MAC nobody has: forget them.
	flush_neigh vm1 vm2
	((rc == 0)) || fail "panswitch -b - failed" "$(cat "$TMPD/out")"
	diag "$n underlay set/clear cycles in ${t}s, $(cat "$TMPD/tun") tunnel and" \
		"$(cat "$TMPD/upl") uplink batches of 2000 frames"
	((n > 0)) || fail "no underlay cycle completed"
	check_json "$PSW" -j switch show psw0 || return 1
	check_jq "$JSON" '.[0] | (has("local4") or has("local6")) | not'
	check_json "$PSW" -j pan show psw0 100 || return 1
	check_jq "$JSON" '.[0] | .entries == 3 and .ports == 3 and
		(.flood | length) == 0 and (has("local4") | not) and .accept == "remotes"'
	check_eq "NVGRE devices after the last clear (deleted with their last user)" "" \
		"$(ip -o link show 2>&1 | grep -oE 'psw-nvgre[46]')"
	check_run "$PSW" port del psw0 dev vm3 &&
		check_run "$PSW" port del psw0 dev psup0
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
ktap_plan 8
run_setup "switch, PAN 100, three VMs, an underlay" setup
run_case "entry add/del batches and port add/del loops under traffic" case_entries
run_case "underlay, flood list and xlate/encap entry churn under tunnel and uplink arrivals" \
	case_underlay
run_case "namespace with a switch deleted under traffic" case_netns_delete
run_case "switch deleted under traffic and re-created" case_switch_delete
run_case "no kernel warnings after the churn" check_kernel_log
run_case "rmmod panswitch under traffic, insmod again" case_rmmod
run_case "no kernel warnings after rmmod" check_kernel_log
ktap_finish
