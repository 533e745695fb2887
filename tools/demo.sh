#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# demo.sh - the whole panswitch system in one run. Run as root inside the
# test VM (make demo: embedded store; make demo-etcd: a real etcd), with
# the module loaded (or $PANSWITCH_KO to load).
#
# usage: demo.sh [dir|etcd]
#
# Seed 000's FIG. 3 in network namespaces: five hosts on two L2 networks
# joined by a router, three PANs whose VMs reuse the same MAC and IP
# addresses, and no switch configured by hand. panswitch-controller is fed
# one topology file and computes every host's table; one panswitchd per
# host applies its own. The topology, the VMs and the checks are the
# controller selftests' (selftests/lib_controller.sh, 92/93_controller):
#
#          net A (192.0.2.0/25)   router r   net B (192.0.2.128/25)
#        h1            h2            h3       h4            h5
#        a1 a4 b1      a2 c1         b2 c2    a3 c3         b3 c4
#   PAN 100 (VXLAN): a1-a4   PAN 200 (NVGRE, IPv6): b1-b3
#   PAN 300 (EtherIP): c1-c4   xN: MAC 02:00:00:00:00:0N, 198.51.100.N
#
# It prints one VM's entry in three hosts' kernel tables side by side
# (local on its host, xlate from its network, encap across the router),
# pings inside each PAN and none across them with the PANs' counters,
# then migrates a VM across the router under a 10 ms ping, prints the
# gap and checks that at most one ping was lost. Ends with "demo OK" and
# status 0, or "demo FAILED" and 1.

# lib.sh (sourced by lib_controller.sh) sets the EXIT trap that removes
# everything made here. Next to this file in the tree (tools/), and
# /demo.sh next to /selftests in the test VM.
# shellcheck source-path=SCRIPTDIR source=../selftests/lib_controller.sh
source "$(dirname "$0")/../selftests/lib_controller.sh"

MODE=${1:-dir}

say()
{
	echo
	echo "=== $* ==="
}

die()
{
	echo "demo: $*" >&2
	echo "demo FAILED"
	exit 1
}

# ---- one VM in several hosts' tables ------------------------------------------

# entry_json H PAN MAC: H's kernel entry for MAC in PAN ([] if none).
entry_json()
{
	hpsw "$1" -j entry show psw0 pan "$2" mac "$3" 2>/dev/null || echo '[]'
}

# side_by_side VM H=MODE...: VM's entry in each host's kernel table (what
# the agents applied), one column per host, then the lines the controller
# computed; each host's mode must be MODE ("none": no entry there).
side_by_side()
{
	local vm=$1 pan mac spec h f mode
	local -A json=() want=()
	local hosts=()
	shift

	pan=${VM_PAN[$vm]} mac=$(int_mac "$vm")
	for spec; do
		h=${spec%=*}
		hosts+=("$h")
		want[$h]=${spec#*=}
		json[$h]=$(entry_json "$h" "$pan" "$mac")
	done
	echo "$vm (PAN $pan, MAC $mac) on ${VM_HOST[$vm]}, in each host's kernel:"
	echo "  (panswitch -n HOST -j entry show psw0 pan $pan mac $mac)"
	printf '  %-8s' ""
	for h in "${hosts[@]}"; do
		printf ' %-24s' "$h (net ${HOST_NET[$h]})"
	done
	echo
	for f in mode dev ext encap remote origin; do
		printf '  %-8s' "$f"
		for h in "${hosts[@]}"; do
			printf ' %-24s' "$(jq -r --arg f "$f" '.[0][$f] // "-"' <<<"${json[$h]}")"
		done
		echo
	done
	echo "the controller's lines for $vm (panswitch-controller show TOPOLOGY --vm $vm):"
	"$CTL" -s "$STORE" show "$TOPO" --vm "$vm" | sed 's/^/  /'
	for h in "${hosts[@]}"; do
		mode=$(jq -r '.[0].mode // "none"' <<<"${json[$h]}")
		check_eq "$h's entry for $vm" "${want[$h]}" "$mode"
	done
}

case_side_by_side()
{
	side_by_side a1 h1=local h2=xlate h4=encap
}

# ---- pings and counters ---------------------------------------------------------

# pan_counts NAME: NAME["H PAN"] = "RX TX", the packets of every PAN of
# every host.
pan_counts()
{
	local -n c=$1
	local h pan rx tx

	c=()
	for h in "${HOSTS[@]}"; do
		while read -r pan rx tx; do
			# shellcheck disable=SC2034 # a nameref: the caller's array
			c["$h $pan"]="$rx $tx"
		done <<<"$(hpsw "$h" -j stats show psw0 |
			jq -r '.[] | select(has("pan")) | "\(.pan) \(.rx_packets) \(.tx_packets)"')"
	done
}

# counts_table BEFORE AFTER: what each PAN's counters moved on each host.
counts_table()
{
	local -n b=$1 a=$2
	local h pan k r0 t0 r1 t1

	echo "PAN counters moved (panswitch -n HOST -j stats show psw0; -: no such PAN there):"
	printf '  %-4s' ""
	for pan in 100 200 300; do
		printf ' %-20s' "PAN $pan"
	done
	echo
	for h in "${HOSTS[@]}"; do
		printf '  %-4s' "$h"
		for pan in 100 200 300; do
			k="$h $pan"
			if [[ -z ${a[$k]-} ]]; then
				printf ' %-20s' "-"
				continue
			fi
			read -r r0 t0 <<<"${b[$k]:-0 0}"
			read -r r1 t1 <<<"${a[$k]}"
			printf ' %-20s' "rx +$((r1 - r0)) tx +$((t1 - t0))"
		done
		echo
	done
}

# mode_at H VM: how H's table reaches VM (the controller's line).
mode_at()
{
	"$CTL" -s "$STORE" show "$TOPO" --vm "$2" |
		awk -v h="$1" '$1 == h { print $3 == "port" ? "local" : $5 }'
}

# show_ping U V: a visible ping from VM U to VM V's address.
show_ping()
{
	local u=$1 v=$2 out rc=0 how

	how=$(mode_at "${VM_HOST[$u]}" "$v")
	out=$(vm_exec "$u" ping -c 2 -i 0.2 -W 2 "$(vm_ip "$v")" 2>&1) || rc=$?
	printf '  %s (%s) -> %s %s (%s, %s): %s\n' "$u" "${VM_HOST[$u]}" "$v" \
		"$(vm_ip "$v")" "${VM_HOST[$v]}" "${how:-?}" \
		"$(sed -n 's/.*transmitted, \([0-9]*\) received.*/\1/p' <<<"$out")/2 replies"
	((rc == 0)) || fail "ping $u -> $v got no reply" "$out"
}

# case_demo_pings PAN: the PAN's first VM pings the others, visibly; then
# the selftests' case (every mode, and every other PAN's counters on
# every host unchanged).
case_demo_pings()
{
	local pan=$1 vm first=""

	for vm in "${VMS[@]}"; do
		[[ ${VM_PAN[$vm]} == "$pan" ]] || continue
		if [[ -z $first ]]; then
			first=$vm
		else
			show_ping "$first" "$vm"
		fi
	done
	case_pings "$pan"
}

case_demo_isolation()
{
	case_isolation || return 1
	echo "  b1 (h1) -> 198.51.100.4: $(grep -m1 'transmitted' <<<"$OUT")"
}

# shellcheck disable=SC2034 # filled and read through namerefs
declare -A C0=() C1=()

pings_step()
{
	pan_counts C0
	run_case "$1" "${@:2}"
	pan_counts C1
	counts_table C0 C1
}

# ---- migration ------------------------------------------------------------------

case_demo_migrate()
{
	local late

	side_by_side a3 h1=encap h2=encap h4=local
	echo "moving a3 h4 -> h2 (net B -> net A): panswitch-controller migrate TOPOLOGY a3 h2 --exec MOVE"
	case_migrate a3 h2 a1 || return 1
	# what ping's summary counts besides: requests sent just before it
	# was stopped, whose replies were still on their way
	late=$((PING_TX - PING_RX - PING_LOST_IN))
	echo
	echo "MIGRATION GAP: a3 h4 -> h2 under a 10 ms ping from a1: $PING_TX sent, $PING_RX received, $PING_LOST_IN lost (at most 1 asserted next; $late more in flight when ping stopped), longest gap between replies ${PING_GAP_MS} ms; $PING_BEFORE replies before the migration, $PING_AFTER after"
	echo
	# h4 had no other VM of PAN 100: it left the PAN
	side_by_side a3 h1=xlate h2=local h4=none
}

# ---- main -------------------------------------------------------------------------

[[ $EUID == 0 ]] || die "run as root (inside the test VM: make demo)"
case $MODE in
dir | etcd) ;;
*) die "usage: demo.sh [dir|etcd]" ;;
esac
require_tools
ensure_module
kmsg_mark
for t in "$CTL" "$AGENT"; do
	[[ -x $t ]] || die "$t is not built (make -C tools)"
done
if [[ $MODE == etcd ]]; then
	command -v etcd >/dev/null || die "etcd is not installed (etcd-server)"
fi
start=$SECONDS

say "1. Five hosts, two networks and a router; the controller fed one topology file; one agent per host ($MODE store)"
if [[ $MODE == etcd ]]; then
	run_setup "etcd on 127.0.0.1; underlay, 11 VMs, controller apply, 5 agents applied" \
		ctl_setup_etcd
else
	run_setup "underlay, 11 VMs, controller apply (dir store), 5 agents applied" \
		ctl_setup "dir:$TMPD/store"
fi
echo "the topology file ($TOPO):"
sed 's/^/  /' "$TOPO"
echo "what each agent reports (panswitch-controller -s $STORE status):"
"$CTL" -s "$STORE" status | sed 's/^/  /'

say "2. One VM, three tables: local on its host, xlate on its network, encap behind the router"
run_case "every host's kernel tables are the controller's (a3, b2, c1 on every host)" case_tables
run_case "a1 is local on h1, xlate on h2, encap on h4" case_side_by_side

say "3. Pings inside each PAN (the same MACs and addresses in all three)"
pings_step "PAN 100 (VXLAN): a1 pings a2, a3, a4; PANs 200/300 see no frame" case_demo_pings 100
pings_step "PAN 200 (NVGRE over IPv6): b1 pings b2, b3; PANs 100/300 see no frame" case_demo_pings 200
pings_step "PAN 300 (EtherIP): c1 pings c2, c3, c4; PANs 100/200 see no frame" case_demo_pings 300

say "4. None across: b1 (PAN 200) pings 198.51.100.4, which only a4 (PAN 100) and c4 (PAN 300) have"
pings_step "no reply; b2 saw b1's ARP requests (PAN 200), PANs 100/300 nothing" case_demo_isolation

say "5. a3 migrates across the router under a 10 ms ping"
run_case "a3 migrated h4 -> h2 under a 10 ms ping: replies before and after, reachable there" case_demo_migrate
timing_case "a3's migration: at most 1 ping lost" "${MIG_LOST-}" 1 "pings lost in the migration"

say "6. The kernel"
run_case "no kernel warnings" check_kernel_log

echo
if ((KTAP_FAIL)); then
	echo "demo FAILED: $KTAP_FAIL step(s) failed (the # FAIL lines above say why)"
	exit 1
fi
echo "demo OK ($MODE store: $KTAP_PASS steps in $((SECONDS - start)) s)"
