#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 93_controller_etcd.sh - 92_controller_dir.sh's system on a real etcd
# (etcd-server, started here on 127.0.0.1 of the VM; the agents live in
# the host namespaces and reach it with --store-netns).
#
# Asserts, besides 92's (among them: a migration under a 10 ms ping loses
# at most one): with etcd stopped for 10 s under a 10 ms ping,
# forwarding goes on (no ping lost, every agent still running), the
# controller's apply is refused meanwhile, and after etcd is back the
# change made meanwhile is applied by exactly the hosts it concerns
# (which needs the agents to have re-read and watched again).

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib_controller.sh"

case_outage()
{
	local h out

	ping_start outage a1 "$(vm_ip a3)" || return 1
	etcd_stop
	sleep 10
	for h in "${HOSTS[@]}"; do
		kill -0 "${AGENT_PID[$h]}" 2>/dev/null ||
			fail "$h's agent exited while etcd was away"
	done
	out=$("$CTL" -s "etcd:$ETCD_URL" apply "$TOPO" 2>&1)
	check_match "apply while etcd is away is refused" "Couldn't connect" "$out"
	etcd_start || return 1
	sleep 1
	ping_stop outage
	diag "etcd stopped 10 s under a 10 ms ping a1 -> a3 (encap): $PING_TX sent, $PING_RX received, longest gap ${PING_GAP_MS} ms"
	check_eq "pings lost while etcd was away" 0 $((PING_TX - PING_RX))
	((PING_RX >= 300)) || fail "the ping got only $PING_RX replies (positive control: at least 300)"
	for h in "${HOSTS[@]}"; do
		grep -q "kernel tables kept" "$TMPD/agent-$h.log" ||
			fail "$h's agent did not notice etcd was away" \
				"$(tail -5 "$TMPD/agent-$h.log")"
	done
}

require_tools
ensure_module
kmsg_mark
for t in "$CTL" "$AGENT"; do
	[[ -x $t ]] || ktap_skip_all "$t is not built (make -C tools)"
done
command -v etcd >/dev/null || ktap_skip_all "etcd is not installed (etcd-server)"
ktap_plan 9
run_setup "etcd on 127.0.0.1, 5 hosts, 3 PANs, 11 VMs: controller apply, 5 agents" \
	ctl_setup_etcd
run_case "the agents' tables are the controller's: a3, b2, c1 local/xlate/encap by host" case_tables
run_case "PAN 100 (vxlan): VMs ping across modes; PANs 200/300 see no frame" case_pings 100
run_case "agent of h4 killed (-9) and restarted under a 10 ms ping a1 -> a3: 0 lost, 0 changes" \
	case_agent_restart h4 a1 a3
run_case "etcd stopped 10 s under a 10 ms ping: 0 lost, agents keep running, apply refused" case_outage
run_case "after etcd's restart, the change made meanwhile reaches exactly h1, h2, h4" case_change
run_case "a3 migrates h4 -> h2 (across the router) under a 10 ms ping from a1: replies before and after" \
	case_migrate a3 h2 a1
timing_case "a3's migration: at most 1 ping lost" "${MIG_LOST-}" 1 "pings lost in the migration"
run_case "no kernel warnings" check_kernel_log
ktap_finish
