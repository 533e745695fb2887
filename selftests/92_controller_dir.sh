#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 92_controller_dir.sh - the whole system on the embedded store: seed 000's
# FIG. 3 (five hosts on two L2 networks joined by a router, three PANs that
# reuse the same MAC and IP addresses) built by panswitch-controller from
# one topology file and by one panswitchd per host, with no switch
# configured by hand (lib_controller.sh).
#
# Asserts: every host reports the controller's generation applied; the
# kernel's tables are what the controller computed (the same VM local,
# xlate or encap by host); VMs of each PAN ping each other and no other
# PAN sees a frame; an agent killed (-9) and restarted under a 10 ms ping
# loses no ping and changes nothing; a new VM changes exactly the hosts
# with its PAN; a VM migrated across the router under a 10 ms ping loses
# at most one ping (the controller's order is 86_migration.sh's: the
# destination holds the VM's frames and the other hosts point at it before
# the move) and is reachable on its new host; the gap is printed, and the
# ping's replies before and after the migration are the positive control.

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib_controller.sh"

require_tools
ensure_module
kmsg_mark
for t in "$CTL" "$AGENT"; do
	[[ -x $t ]] || ktap_skip_all "$t is not built (make -C tools)"
done
ktap_plan 11
run_setup "5 hosts, 2 networks, a router, 3 PANs, 11 VMs: controller apply, 5 agents (dir store)" \
	ctl_setup "dir:$TMPD/store"
run_case "the agents' tables are the controller's: a3, b2, c1 local/xlate/encap by host" case_tables
run_case "PAN 100 (vxlan): VMs ping across modes; PANs 200/300 see no frame" case_pings 100
run_case "PAN 200 (nvgre over IPv6): pings; PANs 100/300 see no frame" case_pings 200
run_case "PAN 300 (EtherIP): pings; PANs 100/200 see no frame" case_pings 300
run_case "an address only other PANs have is unreachable" case_isolation
run_case "agent of h1 killed (-9) and restarted under a 10 ms ping a1 -> a3: 0 lost, 0 changes" \
	case_agent_restart h1 a1 a3
run_case "a new VM in PAN 100 changes exactly h1, h2, h4" case_change
run_case "a3 migrates h4 -> h2 (across the router) under a 10 ms ping from a1: replies before and after" \
	case_migrate a3 h2 a1
timing_case "a3's migration: at most 1 ping lost" "${MIG_LOST-}" 1 "pings lost in the migration"
run_case "no kernel warnings" check_kernel_log
ktap_finish
