# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# lib_topology.sh - selftest topology in the test's own namespace: switches,
# veths, VMs (namespaces behind vm ports), neighbours, pings and frames,
# and queries of a port's master and ifindex.
# Sourced by lib.sh (never by a test directly), after the core helpers it
# uses.

# --------------------------------------------------------------------------
# Topology
# --------------------------------------------------------------------------

declare -A VM_NS=()	# VM name -> its network namespace

# set_sysctl NETNS PATH VALUE: write /proc/sys/PATH in NETNS ("-": here).
set_sysctl()
{
	local ns=$1 path=/proc/sys/$2 value=$3

	if [[ $ns == - ]]; then
		[[ -e $path ]] && echo "$value" >"$path"
	else
		ip netns exec "$ns" bash -c '[[ ! -e $1 ]] || echo "$2" >"$1"' _ "$path" "$value"
	fi
}

# no_ipv6 NETNS DEV: no IPv6 on DEV, so no DAD/MLD/RS frames.
no_ipv6()
{
	set_sysctl "$1" "net/ipv6/conf/$2/disable_ipv6" 1
}

link_exists()
{
	ip link show dev "$1" >/dev/null 2>&1
}

link_absent()
{
	! link_exists "$1"
}

# remove_stale_link NAME: a link of that name left by an earlier run (its
# namespace may still be dying) must go before we create ours.
remove_stale_link()
{
	link_exists "$1" || return 0
	diag "removing stale link $1"
	ip link del dev "$1" 2>/dev/null
	wait_until 100 link_absent "$1"
}

# switch_add NAME: create a switch with the CLI, deleted at exit.
switch_add()
{
	if link_exists "$1"; then
		diag "removing stale switch $1"
		"$PSW" switch del "$1" >/dev/null 2>&1 || ip link del dev "$1" 2>/dev/null
	fi
	check_run "$PSW" switch add "$1" || return 1
	defer ip link del dev "$1"
	defer "$PSW" switch del "$1"
	no_ipv6 - "$1"
}

# veth_add NAME: a veth pair NAME <-> NAME"p", both here, both up, no IPv6.
veth_add()
{
	local name=$1 peer=${1}p

	remove_stale_link "$name" && remove_stale_link "$peer" || return 1
	check_run ip link add "$name" type veth peer name "$peer" || return 1
	defer ip link del dev "$name"
	no_ipv6 - "$name"
	no_ipv6 - "$peer"
	check_run ip link set "$name" up || return 1
	check_run ip link set "$peer" up
}

# vm_add VM PORT MAC ADDR/PLEN: network namespace $TAG-VM with lo and eth0
# (MAC, ADDR), its veth peer PORT here. Everything up, IPv6 off everywhere.
vm_add()
{
	local vm=$1 port=$2 mac=$3 addr=$4
	local ns="$TAG-$vm"

	remove_stale_link "$port" || return 1
	check_run ip netns add "$ns" || return 1
	defer ip netns del "$ns"
	VM_NS[$vm]=$ns
	set_sysctl "$ns" net/ipv6/conf/all/disable_ipv6 1
	set_sysctl "$ns" net/ipv6/conf/default/disable_ipv6 1
	check_run ip link add "$port" type veth peer name eth0 netns "$ns" || return 1
	# Deleted explicitly (synchronously) before its namespace, so that the
	# next test never finds a dying link of the same name.
	defer ip link del dev "$port"
	no_ipv6 - "$port"
	no_ipv6 "$ns" eth0
	check_run ip -n "$ns" link set lo up &&
		check_run ip -n "$ns" link set eth0 address "$mac" &&
		check_run ip -n "$ns" addr add "$addr" dev eth0 &&
		check_run ip -n "$ns" link set eth0 up &&
		check_run ip link set "$port" up
}

# vm_port_add VM MAC IP PAN: VM (a namespace with MAC and IP/24) whose
# host-side veth, also named VM, is a vm port of psw0 in PAN.
vm_port_add()
{
	vm_add "$1" "$1" "$2" "$3/24" || return 1
	check_run "$PSW" port add psw0 dev "$1" pan "$4" mac "$2"
}

vm_ns()
{
	echo "${VM_NS[$1]}"
}

# vm_exec VM CMD...: run CMD inside VM's namespace.
vm_exec()
{
	local ns=${VM_NS[$1]}
	shift
	ip netns exec "$ns" "$@"
}

# flush_neigh VM...: forget learnt neighbours (not permanent ones), so the
# next packet ARPs again and no delayed ARP probe is pending.
flush_neigh()
{
	local vm

	for vm in "$@"; do
		ip -n "${VM_NS[$vm]}" neigh flush dev eth0 >/dev/null 2>&1
	done
}

# static_neigh VM ADDR MAC: a permanent neighbour entry in VM.
static_neigh()
{
	check_run ip -n "${VM_NS[$1]}" neigh replace "$2" lladdr "$3" dev eth0 nud permanent
}

PING_OK=(ping -c 2 -i 0.2 -W 2)
PING_NOREPLY=(ping -c 2 -i 0.2 -W 1)

# check_ping VM ADDR: VM gets a reply from ADDR.
check_ping()
{
	local ns=${VM_NS[$1]}

	check_run ip netns exec "$ns" "${PING_OK[@]}" "$2" && return 0
	diag "  neighbours in $ns:"
	diag_output "$(ip -n "$ns" neigh show 2>&1)"
	return 1
}

# check_no_ping VM ADDR: VM gets no reply from ADDR.
check_no_ping()
{
	local ns=${VM_NS[$1]} rc=0 cmd

	cmd=(ip netns exec "$ns" "${PING_NOREPLY[@]}" "$2")
	OUT=$("${cmd[@]}" 2>&1) || rc=$?
	if ((rc == 0)); then
		fail "ping got a reply: $(quote_cmd "${cmd[@]}")" \
			"  expected: no reply (non-zero exit)" \
			"  actual:   exit 0, output:"
		diag_output "$OUT"
		return 1
	fi
}

# send_frames VM ADDR: two ICMP echo requests, replies or not.
send_frames()
{
	vm_exec "$1" "${PING_NOREPLY[@]}" "$2" >/dev/null 2>&1
	return 0
}

# send_broadcast VM BCAST_ADDR: two ICMP echo requests to the broadcast
# address (ff:ff:ff:ff:ff:ff); nobody answers (icmp_echo_ignore_broadcasts).
send_broadcast()
{
	vm_exec "$1" "${PING_NOREPLY[@]}" -b "$2" >/dev/null 2>&1
	return 0
}

# arping_cmd: prints the arping command to use, or fails.
arping_cmd()
{
	if command -v arping >/dev/null 2>&1; then
		echo arping
	elif busybox --list 2>/dev/null | grep -x arping >/dev/null; then
		echo "busybox arping"
	else
		return 1
	fi
}

# send_arping VM ADDR: two broadcast ARP requests, if an arping exists.
send_arping()
{
	local cmd

	cmd=$(arping_cmd) || return 1
	# shellcheck disable=SC2086 # "busybox arping" is two words
	vm_exec "$1" $cmd -b -c 2 -w 2 -I eth0 "$2" >/dev/null 2>&1
	return 0
}

# --------------------------------------------------------------------------
# A 10 ms ping in the background (agent restarts, migrations)
# --------------------------------------------------------------------------
#
#   ping_start NAME VM ADDR [COUNT]
#                   ping -D -i 0.01 -W 1 from VM to ADDR (COUNT echo
#                   requests, else until ping_stop); returns once the first
#                   reply is in
#   ping_stop NAME  SIGINT (ping prints its summary), then ping_stats
#   ping_done NAME  waits (at most 120 s) for a COUNT ping to end by
#                   itself, so that no request is still in flight, then
#                   ping_stats
#   ping_stats NAME PING_TX, PING_RX: ping's summary; PING_LOST_SEQS: the
#                   sequence numbers sent (1..PING_TX) that got no reply,
#                   PING_LOST_N their number; PING_GAP_MS: the longest
#                   time between two consecutive replies, PING_GAP_AFTER
#                   the sequence number of the reply that ended it

declare -A PING_PID=()
PING_TX=0 PING_RX=0 PING_GAP_MS=0 PING_GAP_AFTER=0 PING_LOST_SEQS="" PING_LOST_N=0

ping_start()
{
	local name=$1 vm=$2 addr=$3 count=()

	[[ -z ${4:-} ]] || count=(-c "$4")
	# ip netns exec execs ping: $! is ping's pid (SIGINT: its summary)
	ip netns exec "$(vm_ns "$vm")" ping -D -i 0.01 -W 1 "${count[@]}" "$addr" \
		>"$TMPD/ping-$name.log" 2>&1 &
	PING_PID[$name]=$!
	defer kill "${PING_PID[$name]}"
	# going: the first reply is in
	wait_until 100 grep -q 'bytes from' "$TMPD/ping-$name.log"
}

ping_stop()
{
	kill -INT "${PING_PID[$1]}" 2>/dev/null
	wait "${PING_PID[$1]}" 2>/dev/null
	ping_stats "$1"
}

ping_done()
{
	wait_until 1200 eval "! kill -0 ${PING_PID[$1]}"
	ping_stop "$1"
}

# shellcheck disable=SC2034 # the results, read by the tests
ping_stats()
{
	local f=$TMPD/ping-$1.log

	PING_TX=$(sed -n 's/^\([0-9]*\) packets transmitted.*/\1/p' "$f")
	PING_RX=$(sed -n 's/.* \([0-9]*\) received.*/\1/p' "$f")
	PING_TX=${PING_TX:-0} PING_RX=${PING_RX:-0}
	read -r PING_GAP_MS PING_GAP_AFTER <<<"$(awk -F'[][]' '/bytes from/ {
			t = $2 + 0; s = $0; sub(/.*icmp_seq=/, "", s); s += 0
			if (p && t - p > g) { g = t - p; a = s }
			p = t }
		END { printf "%d %d\n", g * 1000, a }' "$f")"
	PING_LOST_SEQS=$(awk -v tx="$PING_TX" '/bytes from/ {
			s = $0; sub(/.*icmp_seq=/, "", s); got[s + 0] = 1 }
		END { for (i = 1; i <= tx; i++) if (!(i in got)) printf "%s%d", n++ ? " " : "", i }' "$f")
	PING_LOST_N=$(wc -w <<<"$PING_LOST_SEQS")
}

# ping_lost_runs NAME T0: the requests of ping NAME that got no reply, as
# runs of consecutive sequence numbers, each with the times (seconds from
# T0, epoch seconds) of the replies around it: where in a migration the
# loss was. One line per run, or one saying none was lost.
ping_lost_runs()
{
	awk -F'[][]' -v t0="$2" '/bytes from/ {
			s = $0; sub(/.*icmp_seq=/, "", s); s += 0
			t[s] = $2 - t0; if (s > last) last = s }
		function at(s) { return s in t ? sprintf("%+.2f s", t[s]) : "none" }
		END { for (i = 1; i <= last; i++) {
				if (i in t) continue
				j = i; while (j + 1 <= last && !(j + 1 in t)) j++
				printf "lost %d-%d (%d): the reply before at %s, after at %s\n",
					i, j, j - i + 1, at(i - 1), at(j + 1)
				n++; i = j }
			if (!n) print "no request without a reply" }' "$TMPD/ping-$1.log"
}

# --------------------------------------------------------------------------
# Switch state queries
# --------------------------------------------------------------------------

# port_master DEV [NETNS]: the master of DEV per ip link, "null" if none.
port_master()
{
	if [[ -n ${2:-} ]]; then
		ip -n "$2" -j link show dev "$1"
	else
		ip -j link show dev "$1"
	fi | jq -r '.[0].master // "null"'
}

# check_master DEV EXPECTED [NETNS]: EXPECTED is a switch name or "null".
check_master()
{
	check_eq "master of $1 (ip -j link show dev $1 | jq .[0].master)" \
		"$2" "$(port_master "$1" "${3:-}" 2>&1)"
}

ifindex_of()
{
	ip -j link show dev "$1" | jq -r '.[0].ifindex'
}
