#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 90_teardown.sh - things going away underneath the switch: a port's netdev
# deleted, a VM namespace deleted, a switch's namespace deleted, a switch
# deleted under a ping flood, and finally rmmod with switches (with ports)
# in several namespaces, then insmod again. Runs last; leaves the module
# loaded (re-insmod'ed from $PANSWITCH_KO).
#
#  phase 1 (init netns)                     phase 2 (init netns)
#   netns vm1  netns vm2  netns vm3          netns vm4          netns vm5
#     |          |          |                  |  ping -f ->       |
#  +-vm1--------vm2--------vm3-+          +---vm4----------------vm5---+
#  |         PAN 100           |          |          PAN 100           |
#  +---------------------------+          +----------------------------+
#             psw0                          psw0 (deleted under traffic)
#   ip link del vm1; ip netns del vm2
#
#  phase 3: netns $TAG-x: psw0, PAN 100, port xport; its veth peer xpeer
#           (init netns, 203.0.113.1/24) ping-floods into it while
#           ip netns del $TAG-x runs
#  phase 4: netns $TAG-a, $TAG-b and the init netns each: psw0, PAN 100,
#           one veth port; then rmmod panswitch; then insmod $PANSWITCH_KO

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

IP_A=198.51.100.1
IP_B=198.51.100.2

# reload_module: at exit, whatever happened, the module is loaded again.
reload_module()
{
	module_loaded || insmod "$PANSWITCH_KO"
}

add_vm()
{
	vm_add "$1" "$1" "$2" "$3/24" || return 1
	check_run "$PSW" port add psw0 dev "$1" pan 100 mac "$2"
}

# no_port DEV: panswitch lists no port DEV (on any switch of this netns).
no_port()
{
	"$PSW" -j port show 2>/dev/null | jq -e --arg d "$1" 'all(.[]; .dev != $d)' >/dev/null
}

check_port_gone()
{
	local dev=$1 mac=$2

	# Port removal may be asynchronous (namespace cleanup runs in a
	# workqueue): poll, bounded.
	if ! wait_until 300 no_port "$dev"; then
		fail "port $dev is still listed 30 s after its device went away" \
			"  $(quote_cmd "$PSW" port show):" "$("$PSW" port show 2>&1)"
		return 1
	fi
	check_json "$PSW" -j entry show psw0 || return 1
	check_jq "$JSON" 'all(.[]; .mac != $m and .dev != $d)' --arg m "$mac" --arg d "$dev"
}

setup_phase1()
{
	load_kmods veth
	switch_add psw0 || return 1
	check_run ip link set psw0 up || return 1
	check_run "$PSW" pan add psw0 100 || return 1
	add_vm vm1 02:00:00:00:00:01 198.51.100.1 || return 1
	add_vm vm2 02:00:00:00:00:02 198.51.100.2 || return 1
	add_vm vm3 02:00:00:00:00:03 198.51.100.3 || return 1
	# A user entry pointing to vm1 must go with vm1.
	check_run "$PSW" entry add psw0 pan 100 mac 02:00:00:00:00:11 local dev vm1 || return 1
	check_ping vm1 198.51.100.2
}

case_port_netdev_deleted()
{
	check_run ip link del dev vm1 || return 1
	check_port_gone vm1 02:00:00:00:00:01 || return 1
	check_json "$PSW" -j entry show psw0 pan 100 || return 1
	check_jq "$JSON" 'all(.[]; .mac != "02:00:00:00:00:11")' || return 1
	check_json "$PSW" -j pan show psw0 100 || return 1
	check_jq "$JSON" '.[0].ports == 2 and .[0].entries == 2'
}

case_vm_netns_deleted()
{
	check_run ip netns del "$(vm_ns vm2)" || return 1
	check_port_gone vm2 02:00:00:00:00:02 || return 1
	wait_until 300 link_absent vm2 || fail "link vm2 still exists"
	check_json "$PSW" -j pan show psw0 100 || return 1
	check_jq "$JSON" '.[0].ports == 1 and .[0].entries == 1'
	# The remaining port is still attached.
	check_json "$PSW" -j port show psw0 dev vm3 || return 1
	check_jq "$JSON" 'length == 1 and .[0].pan == 100'
}

case_switch_netns_deleted()
{
	local ns="$TAG-x" pid

	check_run ip netns add "$ns" || return 1
	defer ip netns del "$ns"
	set_sysctl "$ns" net/ipv6/conf/all/disable_ipv6 1
	set_sysctl "$ns" net/ipv6/conf/default/disable_ipv6 1
	remove_stale_link xpeer || return 1
	check_run ip link add xpeer type veth peer name xport netns "$ns" || return 1
	defer ip link del dev xpeer
	no_ipv6 - xpeer
	check_run "$PSW" -n "$ns" switch add psw0 || return 1
	check_run "$PSW" -n "$ns" pan add psw0 100 || return 1
	check_run "$PSW" -n "$ns" port add psw0 dev xport pan 100 mac 02:00:00:00:00:21 || return 1
	check_master xport psw0 "$ns" || return 1
	check_run ip -n "$ns" link set psw0 up || return 1
	check_run ip -n "$ns" link set xport up || return 1
	# Frames into the switch (flooded, no other port: no_dest drops)
	# while the namespace goes away.
	check_run ip addr add 203.0.113.1/24 dev xpeer || return 1
	check_run ip link set xpeer up || return 1
	check_run ip neigh replace 203.0.113.2 lladdr 02:00:00:00:00:99 dev xpeer nud permanent ||
		return 1
	ping -f -q -w 30 203.0.113.2 >/dev/null 2>&1 &
	pid=$!
	defer kill "$pid"
	if ! wait_until 100 ns_rx_at_least "$ns" 100; then
		fail "no frames reached the switch in $ns" \
			"  $(quote_cmd "$PSW" -n "$ns" stats show psw0 port xport):" \
			"$("$PSW" -n "$ns" stats show psw0 port xport 2>&1)"
	fi

	check_run ip netns del "$ns" || return 1
	# The namespace's devices are torn down asynchronously; xpeer goes with
	# its peer xport. The switch cannot be seen from here any more: a leak
	# shows up as a kernel warning (last case), a hang here, or rmmod
	# failing below.
	if ! wait_until 300 link_absent xpeer; then
		fail "xpeer (peer of the port xport in the deleted namespace) still exists after 30 s" \
			"  is the namespace teardown stuck?"
	fi
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	return 0
}

# ns_rx_at_least NS N: port xport of psw0 in NS received (or dropped) N
# frames.
ns_rx_at_least()
{
	local n
	n=$("$PSW" -n "$1" -j stats show psw0 port xport |
		jq -r '[.[0].rx_packets, (.[0].drops | add)] | max')
	[[ $n =~ ^[0-9]+$ ]] && ((n >= $2))
}

case_switch_del_under_traffic()
{
	local pid

	add_vm vm4 02:00:00:00:00:04 "$IP_A" || return 1
	add_vm vm5 02:00:00:00:00:05 "$IP_B" || return 1
	check_ping vm4 "$IP_B" || return 1
	vm_exec vm4 ping -f -q -w 30 "$IP_B" >/dev/null 2>&1 &
	pid=$!
	defer kill "$pid"
	if ! wait_until 100 rx_at_least vm4 200; then
		fail "the ping flood did not get going" \
			"  port vm4 rx_packets: $(counter port:psw0:vm4:rx_packets 2>&1)"
	fi
	check_run "$PSW" switch del psw0 || return 1
	kill "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	link_absent psw0 || fail "link psw0 still exists"
	check_master vm4 null
	check_master vm5 null
	local obj
	for obj in switch port pan entry; do
		check_json "$PSW" -j "$obj" show || continue
		check_jq "$JSON" 'length == 0'
	done
}

# rx_at_least VM N: the switch received N frames from VM's port.
rx_at_least()
{
	local n
	n=$(counter "port:psw0:$1:rx_packets")
	[[ $n =~ ^[0-9]+$ ]] && ((n >= $2))
}

# ns_switch NS: in NS (or here for "-"), a switch psw0, PAN 100, and a
# veth pair rport-rpeer with rport attached.
ns_switch()
{
	local ns=$1 ipn=()

	if [[ $ns != - ]]; then
		check_run ip netns add "$ns" || return 1
		defer ip netns del "$ns"
		ipn=(-n "$ns")
		check_run "$PSW" -n "$ns" switch add psw0 || return 1
	else
		remove_stale_link rport || return 1
		switch_add psw0 || return 1
	fi
	check_run ip "${ipn[@]}" link add rport type veth peer name rpeer || return 1
	[[ $ns != - ]] || defer ip link del dev rport
	check_run ip "${ipn[@]}" link set rport up || return 1
	check_run ip "${ipn[@]}" link set psw0 up || return 1
	if [[ $ns != - ]]; then
		check_run "$PSW" -n "$ns" pan add psw0 100 &&
			check_run "$PSW" -n "$ns" port add psw0 dev rport pan 100 mac 02:00:00:00:00:31
	else
		check_run "$PSW" pan add psw0 100 &&
			check_run "$PSW" port add psw0 dev rport pan 100 mac 02:00:00:00:00:31
	fi
}

case_rmmod_with_switches()
{
	ns_switch "$TAG-a" || return 1
	ns_switch "$TAG-b" || return 1
	ns_switch - || return 1
	check_master rport psw0 "$TAG-a" || return 1
	check_master rport psw0 || return 1

	check_run rmmod panswitch || return 1
	module_loaded && fail "/sys/module/panswitch still exists after rmmod"
	link_absent psw0 || fail "psw0 still exists after rmmod"
	check_master rport null
	check_master rport null "$TAG-a"
	check_master rport null "$TAG-b"
	# The family must be gone. genetlink loads the module again for a
	# lookup of its family (MODULE_ALIAS_GENL_FAMILY, as modprobe'd
	# modules do), so the lookup runs with module loading off.
	local mp
	mp=$(</proc/sys/kernel/modprobe)
	echo /nonexistent/modprobe >/proc/sys/kernel/modprobe
	if "$PSW" switch show >/dev/null 2>&1; then
		fail "panswitch switch show still works without the module (genl family left registered?)"
	fi
	echo "$mp" >/proc/sys/kernel/modprobe
	if module_loaded; then
		fail "the module was loaded again"
	fi
}

case_reinsmod()
{
	if module_loaded; then
		fail "the module is still loaded; cannot test insmod"
		return 1
	fi
	check_run insmod "$PANSWITCH_KO" || return 1
	check_run "$PSW" switch show || return 1
	check_run "$PSW" switch add psw0 || return 1
	check_run ip link add psw1 type panswitch || return 1
	check_json "$PSW" -j switch show || return 1
	check_jq "$JSON" '[.[].ifname] | sort == ["psw0", "psw1"]'
	check_run "$PSW" switch del psw0
	check_run ip link del dev psw1
}

require_tools
ensure_module
kmsg_mark
defer reload_module
ktap_plan 8
run_setup "psw0 with vm1 vm2 vm3 in PAN 100 is set up" setup_phase1
run_case "deleting a port's netdev removes the port and its entries" case_port_netdev_deleted
run_case "deleting a VM namespace removes its port" case_vm_netns_deleted
run_case "deleting a namespace with a switch and a port in it is clean" case_switch_netns_deleted
run_case "switch del under a ping flood leaves nothing behind" case_switch_del_under_traffic
run_case "rmmod with switches and ports in three namespaces" case_rmmod_with_switches
run_case "insmod again: the module works" case_reinsmod
run_case "no kernel warnings" check_kernel_log
ktap_finish
