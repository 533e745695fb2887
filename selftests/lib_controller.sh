# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# lib_controller.sh - the controller's selftests (92_controller_dir.sh,
# 93_controller_etcd.sh): seed 000's FIG. 3 in namespaces, five hosts on
# two L2 networks joined by a router (the underlay of 60_seed_topology.sh),
# VMs that are namespaces behind veth pairs, and no switch at all: the
# agents (panswitchd, one per host) build every switch from what the
# controller (panswitch-controller) computed from one topology file.
#
#   ctl_setup STORE        underlay, VMs, topology file, controller apply,
#                          agents started (STORE: dir:PATH or etcd:URL)
#   ctl_setup_etcd         the same on an etcd started here (etcd_start,
#                          etcd_stop: etcd-server on the VM's 127.0.0.1)
#   agent_start H | agent_kill H   one host's agent (kill -9)
#   wait_applied H GEN     H's agent reports GEN (or newer) applied, ok
#   (ping_start NAME VM ADDR; ping_stop NAME: a 10 ms ping in the
#                          background, in lib_topology.sh)
#   the case functions shared by both back ends (case_*)
#
# Sourced by the selftests and by tools/demo.sh (make demo): lib.sh is
# found next to this file, not next to the script.
# shellcheck source-path=SCRIPTDIR
source "$(dirname "${BASH_SOURCE[0]}")/lib.sh"

CTL=${PANSWITCH_CONTROLLER:-$(command -v panswitch-controller || echo /usr/sbin/panswitch-controller)}
AGENT=${PANSWITCHD:-$(command -v panswitchd || echo /usr/sbin/panswitchd)}
TOPO=""		# the topology file
STORE=""
AGENT_ARGS=()	# extra agent arguments (etcd: --store-netns)

# shellcheck source=lib_fig3.sh
source "$(dirname "${BASH_SOURCE[0]}")/lib_fig3.sh"
# The controller gives every host a PAN 300 address (h1 has none in 60).
declare -A PAN300_LOCAL=([h2]=192.0.2.102 [h3]=192.0.2.103 [h4]=192.0.2.204
	[h5]=192.0.2.205 [h1]=192.0.2.101)
declare -A AGENT_PID=()

vm_ip() { echo "198.51.100.$(vm_idx "$1")"; }

# ---- topology ----------------------------------------------------------------

# ctl_topology FILE: the topology, as the file the controller is fed.
ctl_topology()
{
	local h vm

	{
		echo "# 92/93_controller: seed 000's FIG. 3 in namespaces"
		echo "version: 1"
		echo 'ext-mac-pool: {base: "02:ee:00:00:00:00", size: 256}'
		echo "hosts:"
		for h in "${HOSTS[@]}"; do
			echo "  - {name: $h, segment: ${HOST_NET[$h]}, ip4: ${HOST_IP4[$h]}, ip6: \"${HOST_IP6[$h]}\", uplink: up0}"
		done
		echo "pans:"
		echo "  - {id: 100, encap: vxlan}"
		echo "  - {id: 200, encap: nvgre, family: 6}"
		echo "  - id: 300"
		echo "    encap: etherip"
		echo "    pan-addrs:"
		for h in "${HOSTS[@]}"; do
			echo "      $h: ${PAN300_LOCAL[$h]}"
		done
		echo "vms:"
		for vm in "${VMS[@]}"; do
			echo "  - {name: $vm, pan: ${VM_PAN[$vm]}, host: ${VM_HOST[$vm]}, mac: \"$(int_mac "$vm")\", ip: $(vm_ip "$vm")}"
		done
	} >"$1"
}

# vm_place VM H: VM's namespace (made if needed) gets a fresh eth0 whose
# veth peer, named VM, is in host H: a VM that starts or arrives there.
vm_place()
{
	local vm=$1 h=$2 ns="$TAG-$1" hns

	hns=$(ns_of "$h")
	if [[ -z ${VM_NS[$vm]-} ]]; then
		hvm_add "$h" "$vm" "$(int_mac "$vm")" "$(vm_ip "$vm")/24"
		return
	fi
	check_run ip -n "$hns" link add name "$vm" type veth \
		peer name eth0 netns "$ns" || return 1
	ip -n "$ns" link set eth0 address "$(int_mac "$vm")" &&
		ip -n "$ns" addr add "$(vm_ip "$vm")/24" dev eth0 &&
		ip -n "$ns" link set eth0 up && ip -n "$hns" link set "$vm" up
}

# ---- agents ------------------------------------------------------------------

agent_start()
{
	local h=$1 log=$TMPD/agent-$1.log

	# ip netns exec execs the agent: $! is the agent's pid
	ip netns exec "$(ns_of "$h")" "$AGENT" -s "$STORE" -H "$h" \
		"${AGENT_ARGS[@]}" >>"$log" 2>&1 &
	AGENT_PID[$h]=$!
	defer kill "${AGENT_PID[$h]}"
}

agent_kill()
{
	kill -9 "${AGENT_PID[$1]}" 2>/dev/null
	wait "${AGENT_PID[$1]}" 2>/dev/null
}

# status_of H: H's status document, one "key value" per line
status_of()
{
	"$CTL" -s "$STORE" status -r "$1" 2>/dev/null
}

# status_field H KEY
status_field()
{
	status_of "$1" | sed -n "s/^$2 //p"
}

applied()
{
	local h=$1 gen=$2 st g

	st=$(status_of "$h")
	g=$(sed -n 's/^generation //p' <<<"$st")
	[[ -n $g ]] && ((g >= gen)) && grep -qx 'result ok' <<<"$st" &&
		grep -qx 'pending' <<<"$st"
}

# desired_gen H: the generation the controller wrote for H
desired_gen()
{
	"$CTL" -s "$STORE" status "$1" | awk -v h="$1" '$1 == h { print $2 }'
}

wait_applied()
{
	local h=$1 gen=$2

	if ! wait_until 600 applied "$h" "$gen"; then
		fail "$h's agent did not report generation $gen applied" \
			"  its status:"
		diag_output "$(status_of "$h")"
		diag_output "$(tail -20 "$TMPD/agent-$h.log")"
		return 1
	fi
}

wait_all_applied()
{
	local h

	for h in "${HOSTS[@]}"; do
		wait_applied "$h" "$(desired_gen "$h")" || return 1
	done
}

ctl_setup()
{
	local vm h

	STORE=$1
	load_kmods veth bridge vxlan udp_tunnel ip6_udp_tunnel ip_gre ip6_gre
	fig3_underlay || return 1
	for vm in "${VMS[@]}"; do
		vm_place "$vm" "${VM_HOST[$vm]}" || return 1
	done
	TOPO=$TMPD/topology.yaml
	ctl_topology "$TOPO"
	check_run "$CTL" -s "$STORE" apply "$TOPO" || return 1
	diag "$OUT"
	for h in "${HOSTS[@]}"; do
		# (deferred first, run last: the agent is gone by then)
		defer "$PSW" -n "$(ns_of "$h")" switch del psw0
		agent_start "$h"
	done
	wait_all_applied
}

# ---- etcd ---------------------------------------------------------------------

ETCD_URL=http://127.0.0.1:2379
ETCD_PID=""

etcd_start()
{
	etcd --name psw --data-dir "$TMPD/etcd" \
		--listen-client-urls "$ETCD_URL" --advertise-client-urls "$ETCD_URL" \
		--listen-peer-urls http://127.0.0.1:2380 \
		--initial-advertise-peer-urls http://127.0.0.1:2380 \
		--initial-cluster psw=http://127.0.0.1:2380 \
		>>"$TMPD/etcd.log" 2>&1 &
	ETCD_PID=$!
	defer kill "$ETCD_PID"
	if ! wait_until 600 "$CTL" -s "etcd:$ETCD_URL" status; then
		fail "etcd did not answer on $ETCD_URL" "  its log:"
		diag_output "$(tail -20 "$TMPD/etcd.log")"
		return 1
	fi
}

etcd_stop()
{
	kill "$ETCD_PID" && wait "$ETCD_PID" 2>/dev/null
	ETCD_PID=""
}

# ctl_setup_etcd: ctl_setup on an etcd started here; the agents, in the
# host namespaces, reach it on the VM's 127.0.0.1 (--store-netns).
ctl_setup_etcd()
{
	AGENT_ARGS=(--store-netns /proc/1/ns/net --ttl 6)
	etcd_start || return 1
	ctl_setup "etcd:$ETCD_URL"
}

# ---- cases -------------------------------------------------------------------

# The tables the agents built are the ones the controller computed: the
# same VM is local, xlate or encap by where the host is.
case_tables()
{
	local h vm line want mode

	for vm in a3 b2 c1; do
		for h in "${HOSTS[@]}"; do
			line=$("$CTL" -s "$STORE" show "$TOPO" --vm "$vm" | awk -v h="$h" '$1 == h')
			[[ -n $line ]] || continue
			diag "$line"
			want=$(awk '{ print $3 == "port" ? "local" : $5 }' <<<"$line")
			check_json hpsw "$h" -j entry show psw0 pan "${VM_PAN[$vm]}" mac "$(int_mac "$vm")" ||
				return 1
			mode=$(jq -r '.[0].mode' <<<"$JSON")
			check_eq "$h's entry for $vm (panswitch -n $(ns_of "$h") entry show psw0 pan ${VM_PAN[$vm]})" \
				"$want" "$mode"
		done
	done
	# one local, one xlate and one encap of a3 at least
	check_match "a3's modes" 'local' "$(hpsw h4 -j entry show psw0 pan 100 mac "$(int_mac a3)")"
}

declare -A ISO=()
pan_stats_other() # H PAN: compact stats of H's other PANs
{
	hpsw "$1" -j stats show psw0 2>&1 |
		jq -c --argjson p "$2" '[.[] | select(has("pan") and .pan != $p)]' 2>&1
}

# case_pings PAN: the PAN's VMs ping each other (every mode), and no other
# PAN sees a frame (its counters on every host; positive control: this
# PAN's tx counters moved).
case_pings()
{
	local pan=$1 vms=() vm u h before

	for vm in "${VMS[@]}"; do
		[[ ${VM_PAN[$vm]} == "$pan" ]] && vms+=("$vm")
	done
	ISO=()
	for h in "${HOSTS[@]}"; do
		ISO[$h]=$(pan_stats_other "$h" "$pan")
	done
	before=$(hpsw "${VM_HOST[${vms[0]}]}" -j stats show psw0 pan "$pan" | jq '.[0].rx_packets')
	flush_neigh "${vms[@]}"
	u=${vms[0]}
	for vm in "${vms[@]:1}"; do
		check_ping "$u" "$(vm_ip "$vm")"
	done
	check_ping "${vms[-1]}" "$(vm_ip "${vms[1]}")"
	check_delta "PAN $pan rx on ${VM_HOST[$u]} (positive control)" "$before" \
		"$(hpsw "${VM_HOST[$u]}" -j stats show psw0 pan "$pan" | jq '.[0].rx_packets')" ge 2
	for h in "${HOSTS[@]}"; do
		check_eq "$h: every counter of every PAN but $pan" "${ISO[$h]}" \
			"$(pan_stats_other "$h" "$pan")"
	done
}

# An address only PAN 100 and 300 have (.4: a4, c4) is unreachable from
# PAN 200, whose b2 sees the ARP requests (positive control).
case_isolation()
{
	snap vm:b2:rx
	check_no_ping b1 198.51.100.4
	expect_delta vm:b2:rx ge 2
}

# case_agent_restart H VM PEER: kill -9 H's agent and start it again
# under a 10 ms ping from VM to PEER: no ping lost, nothing changed.
case_agent_restart()
{
	local h=$1 gen pid

	gen=$(desired_gen "$h")
	ping_start restart "$2" "$(vm_ip "$3")" || return 1
	sleep 1
	agent_kill "$h"
	sleep 1
	agent_start "$h"
	pid=${AGENT_PID[$h]}
	wait_until 300 status_pid_is "$h" "$pid" || {
		fail "the restarted agent of $h (pid $pid) did not report"
		diag_output "$(tail -5 "$TMPD/agent-$h.log")"
	}
	sleep 1
	ping_stop restart
	diag "restart of $h's agent under ping $2 -> $3: $PING_TX sent, $PING_RX received, longest gap ${PING_GAP_MS} ms"
	check_eq "ping replies lost while $h's agent was killed and restarted" 0 $((PING_TX - PING_RX))
	((PING_RX >= 100)) || fail "the ping got only $PING_RX replies (positive control: at least 100)"
	check_eq "kernel changes made by the restarted agent (status 'changes')" 0 "$(status_field "$h" changes)"
	check_eq "generation the restarted agent applied" "$gen" "$(status_field "$h" generation)"
}

status_pid_is()
{
	[[ $(status_field "$1" pid) == "$2" ]]
}

# case_change: a new VM a5 in PAN 100 on h2; exactly the hosts with PAN
# 100 (h1, h2, h4) get a new generation, the others none.
case_change()
{
	local h out
	local -A gen=()

	for h in "${HOSTS[@]}"; do
		gen[$h]=$(desired_gen "$h")
	done
	VMS+=(a5)
	VM_HOST[a5]=h2
	VM_PAN[a5]=100
	vm_place a5 h2 || return 1
	echo "  - {name: a5, pan: 100, host: h2, mac: \"$(int_mac a5)\", ip: $(vm_ip a5)}" >>"$TOPO"
	check_run "$CTL" -s "$STORE" -v apply "$TOPO" || return 1
	diag "$OUT"
	for h in "${HOSTS[@]}"; do
		case $h in
		h1 | h2 | h4)
			check_delta "$h's generation (it has PAN 100)" "${gen[$h]}" "$(desired_gen "$h")" gt 0
			wait_applied "$h" "$(desired_gen "$h")"
			;;
		*)
			check_delta "$h's generation (no PAN 100 there)" "${gen[$h]}" "$(desired_gen "$h")" eq 0
			;;
		esac
	done
	out=$(grep -c ': put ' <<<"$OUT")
	check_eq "keys written for one new VM (h1, h4: pans/100; h2: pans/100)" 3 "$out"
	check_ping a5 "$(vm_ip a3)"
	check_ping a1 "$(vm_ip a5)"
}

# ping_window NAME T0 T1: of ping NAME's replies (ping_stats read its
# summary), PING_BEFORE came before T0 and PING_AFTER after T1 (epoch
# seconds, as ping -D and EPOCHREALTIME say them); PING_LOST_IN: the
# requests up to the last one answered that got no reply (what ping's
# summary counts besides: those sent just before it was stopped), and
# PING_LOST_IN_SEQS their sequence numbers; PING_SEQ0, PING_SEQ1: the
# last request answered before T0 and the first answered after T1.
ping_window()
{
	local f=$TMPD/ping-$1.log

	read -r PING_BEFORE PING_AFTER PING_LOST_IN PING_LOST_IN_SEQS PING_SEQ0 PING_SEQ1 \
		<<<"$(awk -F'[][]' -v t0="$2" -v t1="$3" '/bytes from/ {
			t = $2 + 0; s = $0; sub(/.*icmp_seq=/, "", s); s += 0
			got[s] = 1; if (s > last) last = s
			if (t < t0 + 0) { b++; if (s > s0) s0 = s }
			if (t > t1 + 0) { a++; if (!s1 || s < s1) s1 = s } }
		END { for (i = 1; i <= last; i++) if (!(i in got)) { n++; l = l (l == "" ? "" : ",") i }
			printf "%d %d %d %s %d %d\n", b, a, n, l == "" ? "-" : l, s0, s1 }' "$f")"
}

# case_migrate VM DEST PEER: migrate VM to DEST under a 10 ms ping from
# PEER (the controller's order is 86_migration.sh's: the destination
# holds the VM's frames and the others point at it before the move); the
# pings lost in the migration go to MIG_LOST, whose bound (at most one)
# the test asserts in a case of its own (timing_case); the positive
# controls: the ping got replies before the migration started and after
# it ended, and PEER reaches VM on DEST.
case_migrate()
{
	local vm=$1 dest=$2 peer=$3 src=${VM_HOST[$1]} t0 t1 h

	# the move: the VM's device leaves src and appears on dest
	cat >"$TMPD/move.sh" <<-EOF
		#!/bin/bash
		ip -n $(ns_of "$src") link del $vm || exit 1
		ip -n $(ns_of "$dest") link add name $vm type veth peer name eth0 netns ${VM_NS[$vm]} || exit 1
		ip -n ${VM_NS[$vm]} link set eth0 address $(int_mac "$vm")
		ip -n ${VM_NS[$vm]} addr add $(vm_ip "$vm")/24 dev eth0
		ip -n ${VM_NS[$vm]} link set eth0 up
		ip -n $(ns_of "$dest") link set $vm up
	EOF
	chmod +x "$TMPD/move.sh"
	ping_start mig "$peer" "$(vm_ip "$vm")" || return 1
	sleep 1
	t0=$EPOCHREALTIME
	check_run "$CTL" -s "$STORE" -w 60 migrate "$TOPO" "$vm" "$dest" --exec "$TMPD/move.sh"
	t1=$EPOCHREALTIME
	diag "$OUT"
	wait_all_applied
	wait_until 100 vm_exec "$peer" ping -c 1 -W 1 "$(vm_ip "$vm")" >/dev/null
	sleep 1
	ping_stop mig
	ping_window mig "$t0" "$t1"
	VM_HOST[$vm]=$dest
	diag "migration of $vm $src -> $dest under a 10 ms ping from $peer: $PING_TX sent, $PING_RX received, $PING_LOST_IN lost (sequence numbers: $PING_LOST_IN_SEQS; ping's summary: $((PING_TX - PING_RX)), with the requests in flight when it was stopped), longest gap between replies ${PING_GAP_MS} ms (ended by icmp_seq=$PING_GAP_AFTER); $PING_BEFORE replies before the migration started (the last icmp_seq=$PING_SEQ0), $PING_AFTER after it ended (the first icmp_seq=$PING_SEQ1)"
	diag "$(ping_lost_runs mig "$t0")"
	if ((PING_LOST_IN > 1)); then
		# where they went: the PAN's drops on each host, the neighbour
		# tables of the two VMs
		for h in "$src" "$dest" "${VM_HOST[$peer]}"; do
			diag "$h: $(hpsw "$h" stats show psw0 pan "${VM_PAN[$vm]}" 2>&1)"
		done
		diag "$peer's neighbours: $(ip -n "${VM_NS[$peer]}" -s neigh 2>&1)" \
			"$vm's neighbours: $(ip -n "${VM_NS[$vm]}" -s neigh 2>&1)"
	fi
	((PING_BEFORE >= 25 && PING_AFTER >= 25)) ||
		fail "the ping was not going on both sides of the migration: $PING_BEFORE replies before, $PING_AFTER after (positive control: at least 25 each)"
	# shellcheck disable=SC2034 # read by the test's timing_case
	MIG_LOST=$PING_LOST_IN
	check_ping "$peer" "$(vm_ip "$vm")"
	check_match "$vm's port on $dest" '"mode":"local"' \
		"$(hpsw "$dest" -j entry show psw0 pan "${VM_PAN[$vm]}" mac "$(int_mac "$vm")" | jq -c '.[0]')"
}
