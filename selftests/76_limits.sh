#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 76_limits.sh - what a request can make the kernel hold, and what a
# deletion announces.
#
# A user-namespace root: uid 65534 (setpriv) makes a user namespace that
# owns a new network namespace (util-linux unshare -U -r -n) and, root
# there and nothing more, creates a switch in it. max-pans and max-entries
# (entries installed by attaching a port included) refuse with a message
# naming the limit, change nothing and count the hit; below a limit the
# same requests succeed; a limit cannot go below what the switch holds;
# switch show prints limits and hits (text and JSON).
#
# A memory cgroup (cgroup v2): PANs, entries and a switch created by a
# process of the cgroup move its memory.current and its memory.stat
# slab + percpu by at least their size; at memory.max, creating PANs is
# refused with ENOMEM ("out of memory for the PAN"), the PANs before the
# refusal stay, the cgroup's OOM killer stays idle, and with the limit
# lifted the same request succeeds. Encap entries to one remote share its
# route cache (charged once); to as many remotes, each remote's is charged.
#
# Notifications (panswitch -j monitor): attaching a port announces the
# port, then its entries; deleting it (or its device) announces each entry
# removed with it, then the port; deleting a PAN announces its entries,
# then the PAN with its flood list; deleting a switch is one switch event,
# whatever it holds. Without a listener no entry message is built (a
# kprobe counts psw_notify_entry() calls: 0, and 300 with one).
#
#   userns-owned netns (uid 65534 outside, 0 inside)     init netns
#   +-------------------------------+      +-------------------------------+
#   | psw0: PANs 1-3, max-pans 3,   |      | psw-m  PANs/entries made from  |
#   |  max-entries 4; vma (port,    |      |        cgroups psw-TAG-*       |
#   |  2 MACs), vmb (refused)       |      | psw0   PANs 10-13, ports vma,  |
#   +-------------------------------+      |        vmb; psw1 (deleted)     |
#                                          +-------------------------------+

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

A1=02:00:00:00:0a:01	# MACs of ports
A2=02:00:00:00:0a:02
B1=02:00:00:00:0b:01
C1=02:00:00:00:0c:01
U1=02:00:00:00:01:01	# MACs of user entries
U2=02:00:00:00:01:02
U3=02:00:00:00:01:03
U4=02:00:00:00:01:04
D1=02:00:00:00:0d:01
D2=02:00:00:00:0d:02
D3=02:00:00:00:0d:03

# ---- the user-namespace root ---------------------------------------------

UNS_PID=""
UNS_PSW=""	# panswitch, run as the user-namespace root in its namespace

# uns CMD...: run CMD as uid 65534 in the user and network namespace of
# UNS_PID, where it is root.
uns()
{
	"${UNPRIV[@]}" nsenter -t "$UNS_PID" -U -n --preserve-credentials "$@"
}

uns_ready()
{
	[[ $(readlink "/proc/$UNS_PID/ns/net") != "$(readlink /proc/self/ns/net)" ]] &&
		grep -q . "/proc/$UNS_PID/uid_map" && uns true
}

# uns_switch FILTER: jq FILTER on psw0 of the user namespace (-s: with hits).
uns_switch()
{
	check_json "$UNS_PSW" -j -s switch show psw0 || return 1
	check_jq "$JSON" ".[0] | $1"
}

uns_master()
{
	uns ip -j link show dev "$1" | jq -r '.[0].master // "null"'
}

case_userns_setup()
{
	local clone=/proc/sys/kernel/unprivileged_userns_clone old

	unpriv_usable || {
		fail "setpriv cannot drop to uid 65534 (util-linux setpriv needed)"
		return 1
	}
	if ! unshare --help 2>&1 | grep -q -- --map-root-user ||
		! nsenter --help 2>&1 | grep -q -- --preserve-credentials; then
		fail "util-linux unshare and nsenter are needed (busybox's lack -r and --preserve-credentials)"
		return 1
	fi
	# Debian's switch for unprivileged user namespaces, where it exists.
	if [[ -e $clone ]] && old=$(cat "$clone") && [[ $old != 1 ]]; then
		echo 1 >"$clone"
		defer sh -c "echo $old >$clone"
	fi
	"${UNPRIV[@]}" unshare -U -r -n sleep 100000 &
	UNS_PID=$!
	defer kill "$UNS_PID"
	if ! wait_until 100 uns_ready; then
		fail "no user and network namespace from: ${UNPRIV[*]} unshare -U -r -n"
		diag_output "$(uns true 2>&1)"
		return 1
	fi
	printf '#!/bin/bash\nexec %s nsenter -t %s -U -n --preserve-credentials %s "$@"\n' \
		"${UNPRIV[*]}" "$UNS_PID" "$PSW" >"$TMPD/uns-psw"
	chmod 755 "$TMPD/uns-psw"
	UNS_PSW=$TMPD/uns-psw
	check_eq "uid of the namespace's root, outside (/proc/PID/status)" 65534 \
		"$(awk '/^Uid:/ { print $2 }' "/proc/$UNS_PID/status")"
	check_eq "uid inside (id -u)" 0 "$(uns id -u 2>&1)"
}

case_userns_switch()
{
	local PSW=$UNS_PSW

	check_run "$PSW" switch add psw0 || return 1
	check_run uns ip link set psw0 up || return 1
	check_json "$PSW" -j switch show || return 1
	check_jq "$JSON" 'length == 1 and .[0].ifname == "psw0" and
		.[0].max_pans == 4096 and .[0].max_entries == 262144'
	check_run uns ip link add vma type veth peer name vmap &&
		check_run uns ip link add vmb type veth peer name vmbp &&
		check_run uns ip link set vma up && check_run uns ip link set vmb up
}

case_userns_max_pans()
{
	local PSW=$UNS_PSW

	check_run "$PSW" switch set psw0 max-pans 3 || return 1
	# Below the limit, PANs are created.
	check_run "$PSW" pan add psw0 1 && check_run "$PSW" pan add psw0 2 &&
		check_run "$PSW" pan add psw0 3 || return 1
	uns_switch '.pans == 3 and .limit_hits.pans == 0' || return 1
	check_fail "$PSW" pan add psw0 4 1 "PAN limit \(max-pans\) is reached"
	uns_switch '.pans == 3 and .limit_hits.pans == 1'
	# A PAN that exists is refused for that, not counted as a hit.
	check_fail "$PSW" pan add psw0 3 1 "PAN exists"
	uns_switch '.pans == 3 and .limit_hits.pans == 1'
}

case_userns_max_entries()
{
	local PSW=$UNS_PSW

	check_run "$PSW" switch set psw0 max-entries 4 || return 1
	# Two entries of the port and two user entries: up to the limit.
	check_run "$PSW" port add psw0 dev vma pan 1 mac "$A1" mac "$A2" &&
		check_run "$PSW" entry add psw0 pan 1 mac "$U1" drop &&
		check_run "$PSW" entry add psw0 pan 2 mac "$U2" drop || return 1
	uns_switch '.entries == 4 and .limit_hits.entries == 0' || return 1
	check_fail "$PSW" entry add psw0 pan 3 mac "$U3" drop 1 "entry limit \(max-entries\) is reached"
	uns_switch '.entries == 4 and .limit_hits.entries == 1'
	# Attaching a port installs entries: refused too, and not attached.
	check_fail "$PSW" port add psw0 dev vmb pan 2 mac "$B1" 1 "entry limit \(max-entries\)"
	check_eq "master of vmb in the user namespace" null "$(uns_master vmb 2>&1)"
	uns_switch '.entries == 4 and .ports == 1 and .limit_hits.entries == 2'
	# Replacing an entry adds none.
	check_run "$PSW" entry replace psw0 pan 1 mac "$U1" local dev vma
	uns_switch '.entries == 4 and .limit_hits.entries == 2'
}

case_userns_lower()
{
	local PSW=$UNS_PSW

	check_fail "$PSW" switch set psw0 max-entries 3 1 "max-entries is below the number of entries"
	check_fail "$PSW" switch set psw0 max-pans 2 1 "max-pans is below the number of PANs"
	# All or nothing: a good limit next to a bad one is not applied.
	check_fail "$PSW" switch set psw0 max-pans 10 max-entries 1 1 "below the number of entries"
	uns_switch '.max_pans == 3 and .max_entries == 4' || return 1
	# Down to what the switch holds, and up again.
	check_run "$PSW" switch set psw0 max-pans 3 max-entries 4 &&
		check_run "$PSW" switch set psw0 max-pans 5 max-entries 10 || return 1
	uns_switch '.max_pans == 5 and .max_entries == 10' || return 1
	# Raised: what was refused is accepted.
	check_run "$PSW" pan add psw0 4 &&
		check_run "$PSW" port add psw0 dev vmb pan 2 mac "$B1"
	uns_switch '.pans == 4 and .entries == 5 and .limit_hits == {"pans": 1, "entries": 2}'
}

case_userns_show()
{
	local text

	text=$("$UNS_PSW" switch show psw0 2>&1)
	check_match "switch show: the limits" " max-pans 5 max-entries 10( |\$)" "$text"
	check_no_match "switch show without -s: no hits" "limit hits" "$text"
	text=$("$UNS_PSW" -s switch show psw0 2>&1)
	check_match "switch show -s: the hits" "^ +limit hits: pans 1 entries 2\$" "$text"
	check_json "$UNS_PSW" -j switch show psw0 || return 1
	check_jq "$JSON" '.[0] | .max_pans == 5 and .max_entries == 10 and
		(has("limit_hits") | not)'
	check_json "$UNS_PSW" -j -s switch show psw0 || return 1
	check_jq "$JSON" '.[0].limit_hits == {"pans": 1, "entries": 2}'
}

# ---- memory cgroup --------------------------------------------------------

CGROOT=/sys/fs/cgroup
CG_OK=0
NCPU=1

# cg_new NAME: a new cgroup under CGROOT, removed at exit; its path in CG.
# A new cgroup holds no precharged pages, so its memory.current starts
# at what it is charged for.
cg_new()
{
	CG=$CGROOT/psw-$TAG-$1
	check_run mkdir "$CG" || return 1
	defer rmdir "$CG"
}

# in_cg CMD...: run CMD as a process of the cgroup CG.
in_cg()
{
	bash -c 'echo $$ >"$0/cgroup.procs" && exec "$@"' "$CG" "$@"
}

# cg_stat KEY: a memory.stat field of CG, in bytes.
cg_stat()
{
	awk -v k="$1" '$1 == k { print $2 }' "$CG/memory.stat"
}

# cg_kmem: what CG holds in slab objects and per-CPU areas.
cg_kmem()
{
	echo $(($(cg_stat slab) + $(cg_stat percpu)))
}

cg_event()
{
	awk -v k="$1" '$1 == k { print $2 }' "$CG/memory.events"
}

case_cgroup_setup()
{
	local possible

	if ! grep -q "^[^ ]* $CGROOT cgroup2 " /proc/mounts; then
		mkdir -p "$CGROOT"
		check_run mount -t cgroup2 cgroup2 "$CGROOT" || return 1
		defer umount "$CGROOT"
	fi
	if ! grep -qw memory "$CGROOT/cgroup.controllers"; then
		skip "this kernel has no cgroup v2 memory controller (cgroup.controllers: $(cat "$CGROOT/cgroup.controllers"))"
		return 4
	fi
	if ! grep -qw memory "$CGROOT/cgroup.subtree_control"; then
		check_run sh -c "echo +memory >$CGROOT/cgroup.subtree_control" || return 1
		defer sh -c "echo -memory >$CGROOT/cgroup.subtree_control"
	fi
	# CPUs the per-CPU counters are allocated for: "0-1", "0", "0-3,5"...
	possible=$(cat /sys/devices/system/cpu/possible)
	NCPU=$(tr ',' '\n' <<<"$possible" |
		awk -F- '{ n += ($2 == "" ? 1 : $2 - $1 + 1) } END { print n }')
	diag "possible CPUs: $possible ($NCPU)"
	switch_add psw-m || return 1
	check_run "$PSW" switch set psw-m max-pans 100000 max-entries 1000000 || return 1
	CG_OK=1
}

cg_needed()
{
	((CG_OK)) && return 0
	skip "no cgroup v2 memory controller"
	return 4
}

# cg_grew WHAT MIN C0 C1: C1 - C0 >= MIN bytes.
cg_grew()
{
	diag "$1: $(($4 - $3)) bytes (at least $2 expected)"
	if (($4 - $3 < $2)); then
		fail "$1 grew by $(($4 - $3)) bytes, less than the $2 the objects take" \
			"  (before $3, after $4: the objects are not charged to the cgroup)"
		return 1
	fi
}

# cg_charged NAME MIN CMD...: CMD, run in a new cgroup NAME, moves its
# memory.current and its slab + percpu by at least MIN bytes. (A new
# cgroup, because pages a cgroup has precharged and not used yet are in
# its memory.current already, and the next objects take them without
# moving it.)
cg_charged()
{
	local name=$1 min=$2 c0 k0
	shift 2

	cg_new "${name// /-}" || return 1
	CGS+=("$CG")
	c0=$(cat "$CG/memory.current") k0=$(cg_kmem)
	check_run in_cg "$@" || return 1
	cg_grew "memory.current, $name" "$min" "$c0" "$(cat "$CG/memory.current")"
	# memory.stat is flushed from per-CPU deltas lazily (at a threshold,
	# and every 2 s on 6.12): give it up to 5 s to show what was charged.
	wait_until 50 cg_kmem_reached $((k0 + min))
	cg_grew "memory.stat slab + percpu, $name" "$min" "$k0" "$(cg_kmem)"
}

cg_kmem_reached()
{
	(($(cg_kmem) >= $1))
}

CGS=()

# entry_slab_size: bytes per object of the entries' slab cache
# (psw_entry: 120 on a plain kernel; KASAN's redzones or slub_debug add to
# it, as they do to every object), 120 when the slab has no sysfs.
entry_slab_size()
{
	local f=/sys/kernel/slab/psw_entry/slab_size

	if [ -r "$f" ]; then
		cat "$f"
	else
		echo 120
	fi
}

# PANs: each at least a 128-byte object and 240 bytes of counters per
# possible CPU. Entries: 120 bytes each (their own slab cache), 128 with
# the cgroup's pointer per object: at most the slab's object size + 40
# each measured (160 on a plain kernel), else they are rounded up again
# (kmalloc-192 was 200); objects between 128 and 160 bytes mean the entry
# grew. A switch: the net_device with the switch in its private area
# (what the core accounts) and the switch's own counters.
case_cgroup_charged()
{
	local n=1000 i per slab

	cg_needed || return
	for ((i = 1; i <= n; i++)); do
		echo "pan add psw-m $i"
	done >"$TMPD/pans.batch"
	for ((i = 0; i < 4 * n; i++)); do
		printf 'entry add psw-m pan 1 mac 02:10:00:00:%02x:%02x drop\n' $((i / 256)) $((i % 256))
	done >"$TMPD/entries.batch"

	cg_charged "$n PANs" $((n * (128 + 240 * NCPU))) "$PSW" -b "$TMPD/pans.batch"
	cg_charged "$((4 * n)) entries" $((4 * n * 120)) "$PSW" -b "$TMPD/entries.batch"
	per=$(($(cg_kmem) / (4 * n)))
	slab=$(entry_slab_size)
	diag "slab + percpu per entry: $per bytes (psw_entry slab objects: $slab bytes)"
	((slab <= 128 || slab > 160)) ||
		fail "psw_entry objects are $slab bytes (at most 128 without a debug option that adds to each)"
	((per <= slab + 40)) ||
		fail "$((4 * n)) entries cost $per bytes each in slab + percpu (at most $((slab + 40)) expected)"
	cg_charged "a switch" $((2048 + 240 * NCPU)) "$PSW" switch add psw-c
	defer ip link del dev psw-c

	# Deleted, the objects are uncharged (after their grace period).
	check_run ip link del dev psw-c && check_run "$PSW" switch del psw-m || return 1
	for CG in "${CGS[@]}"; do
		wait_until 300 cg_below $((64 * 1024)) ||
			fail "$CG: memory.stat slab + percpu still $(cg_kmem) bytes 30 s after the objects were deleted"
	done
	switch_add psw-m &&
		check_run "$PSW" switch set psw-m max-pans 100000 max-entries 1000000
}

# Encap entries: each an entry (120 bytes) and a use of a row of its
# PAN's accepted remotes (kmalloc-128 per PAN and remote address), which
# holds the route cache of each encapsulation sent with (a struct
# dst_cache_pcpu: 40 bytes per possible CPU). N entries to one remote
# share one row and its cache; N entries to N remotes have one each. The
# figures per entry are printed (they are in Documentation/transport.md,
# "Route cache"), each beside N drop entries of the same switch, the
# baseline, so that what a debug kernel adds to every object (KASAN's
# redzones) cancels out: a remote each must cost at least a row and a
# cache more than a drop entry (the positive control), entries to one
# remote less than a cache more, else the cache is not shared.
case_cgroup_route_cache()
{
	local n=1000 i ns base one many min

	cg_needed || return
	host_add rc || return 1
	ns=$(ns_of rc)
	check_run ip -n "$ns" addr add 192.0.2.1/32 dev lo &&
		check_run "$PSW" -n "$ns" switch add psw0 || return 1
	defer "$PSW" -n "$ns" switch del psw0
	check_run "$PSW" -n "$ns" switch set psw0 local 192.0.2.1 &&
		check_run "$PSW" -n "$ns" pan add psw0 1 &&
		check_run "$PSW" -n "$ns" pan add psw0 2 &&
		check_run "$PSW" -n "$ns" pan add psw0 3 || return 1
	for ((i = 0; i < n; i++)); do
		printf 'entry add psw0 pan 3 mac 02:40:00:00:%02x:%02x drop\n' \
			$((i / 256)) $((i % 256))
	done >"$TMPD/drop.batch"
	for ((i = 0; i < n; i++)); do
		printf 'entry add psw0 pan 1 mac 02:20:00:00:%02x:%02x encap vxlan remote 198.18.0.1\n' \
			$((i / 256)) $((i % 256))
	done >"$TMPD/one-remote.batch"
	for ((i = 0; i < n; i++)); do
		printf 'entry add psw0 pan 2 mac 02:30:00:00:%02x:%02x encap vxlan remote 198.18.%d.%d\n' \
			$((i / 256)) $((i % 256)) $((1 + i / 250)) $((1 + i % 250))
	done >"$TMPD/many-remotes.batch"

	cg_charged "$n drop entries (the baseline)" $((n * 120)) \
		"$PSW" -n "$ns" -b "$TMPD/drop.batch" || return 1
	base=$(($(cg_kmem) / n))
	cg_charged "$n encap entries to one remote" $((n * 120)) \
		"$PSW" -n "$ns" -b "$TMPD/one-remote.batch" || return 1
	one=$(($(cg_kmem) / n))
	min=$((n * (120 + 128 + 40 * NCPU)))
	cg_charged "$n encap entries to $n remotes" "$min" \
		"$PSW" -n "$ns" -b "$TMPD/many-remotes.batch" || return 1
	many=$(($(cg_kmem) / n))
	diag "slab + percpu per entry: $base bytes as a drop entry, $one as an" \
		"encap entry to one remote, $many with a remote each ($NCPU possible CPUs)"
	# The positive control: a remote each costs its row and cache.
	((many - base >= 128 + 40 * NCPU)) ||
		fail "$n encap entries to $n remotes cost $many bytes each, a drop entry" \
			"$base: less than a remote's row (128) and route cache (40 x $NCPU CPUs) more"
	((one - base < 40 * NCPU)) ||
		fail "$n encap entries to one remote cost $one bytes each, a drop entry" \
			"$base: as much more as a route cache (40 x $NCPU CPUs) each"
}

# cg_below BYTES: CG holds less than BYTES in slab + percpu.
cg_below()
{
	(($(cg_kmem) < $1))
}

# pans_in FIRST LAST: how many of PANs FIRST..LAST psw-m has.
pans_in()
{
	"$PSW" -j pan show psw-m | jq --argjson a "$1" --argjson b "$2" \
		'[.[] | select(.pan >= $a and .pan <= $b)] | length'
}

# A batch (-f: it goes on after a failing line) is started in the root
# cgroup, and every path it takes is warmed up there: a PAN made, one
# refused with its error printed, a show. Then it moves into a cgroup with
# memory.max 512 KiB: what it has touched stays charged to the root
# cgroup, so only the kernel objects it asks for count against the limit,
# and printing the refusal needs no page the limit could deny (its
# stderr's pages exist already). Without that, the batch's own stack
# growth would meet the limit right after the refusal and the cgroup's OOM
# killer would take it.
case_cgroup_enomem()
{
	local n=8000 warm=3 i pid rc=0 line k max0 err
	local fifo=$TMPD/batch.fifo errf=$TMPD/enomem.err

	cg_needed || return
	cg_new enomem || return 1
	check_run mkfifo "$fifo" || return 1
	head -c 1048576 /dev/zero | tr '\0' '\n' >"$errf"
	"$PSW" -f -b - <"$fifo" >/dev/null 2<>"$errf" &
	pid=$!
	defer kill "$pid"
	exec 9>"$fifo"
	printf 'pan add psw-m 20001\npan add psw-m 20001\nswitch show psw-m\n' >&9
	if ! wait_until 100 grep -q "^-:2: kernel reports: PAN exists" "$errf"; then
		exec 9>&-
		fail "the batch did not run its first lines within 10 s"
		diag_output "$(grep . "$errf")"
		return 1
	fi
	if ! check_run sh -c "echo $pid >$CG/cgroup.procs" ||
		! check_run sh -c "echo $((512 * 1024)) >$CG/memory.max"; then
		exec 9>&-
		return 1
	fi
	max0=$(cg_event max)
	for ((i = 1; i <= n; i++)); do
		echo "pan add psw-m $((30000 + i))"
	done >&9
	exec 9>&-
	wait "$pid" || rc=$?
	check_run sh -c "echo max >$CG/memory.max"

	err=$(grep -m1 "out of memory" "$errf")
	line=$(sed -nE 's/^-:([0-9]+):.*/\1/p' <<<"$err")
	k=$((${line:-0} - warm))
	diag "memory.max 512 KiB: the batch's PAN $k of $n was refused: $err"
	check_eq "exit status of the batch (-f: its first failing line's)" 1 "$rc"
	check_match "the refusal" "^-:[0-9]+: kernel reports: out of memory for the (PAN|switch's PAN index)\$" "$err" ||
		return 1
	# Positive control: below the limit PANs were made; the refused one
	# was not.
	if ! ((k > 1 && k < n)); then
		fail "PAN $k of $n was refused: expected some PANs first, and a refusal"
		return 1
	fi
	check_eq "PANs 30001..$((30000 + k - 1)) made before the refusal" $((k - 1)) \
		"$(pans_in 30001 $((30000 + k - 1)))"
	check_eq "PAN $((30000 + k)) (refused)" 0 "$(pans_in $((30000 + k)) $((30000 + k)))"
	check_delta "memory.events max of the cgroup (the limit was hit)" "$max0" "$(cg_event max)" gt 0
	check_eq "memory.events oom (the OOM killer was not woken)" 0 "$(cg_event oom)"
	check_eq "memory.events oom_kill" 0 "$(cg_event oom_kill)"
	# Without the limit, the same request succeeds.
	check_run in_cg "$PSW" pan add psw-m $((30000 + k))
}

# ---- notifications ----------------------------------------------------------

MON=""
MON_PID=""
MON_MARK=0	# lines of MON before the running case's changes
SENTINEL=0

# mon_start NAME: panswitch -j monitor, printing to $TMPD/NAME.json (MON).
mon_start()
{
	MON=$TMPD/$1.json
	"$PSW" -j monitor >"$MON" 2>"$MON.stderr" &
	MON_PID=$!
	defer kill "$MON_PID"
	wait_until 50 mon_sync || {
		fail "panswitch -j monitor printed nothing within 5 s"
		diag_output "$(cat "$MON" "$MON.stderr")"
		return 1
	}
}

# mon_sync: a change of its own, then wait until the monitor printed it:
# everything before it has been printed too.
mon_sync()
{
	SENTINEL=$((SENTINEL + 1))
	"$PSW" pan add psw0 $((9000 + SENTINEL)) >/dev/null 2>&1
	"$PSW" pan del psw0 $((9000 + SENTINEL)) >/dev/null 2>&1
	wait_until 100 grep -q "\"pan\":$((9000 + SENTINEL))," "$MON"
}

# mon_mark: later mon_events see only what the monitor prints from now on.
mon_mark()
{
	MON_MARK=$(grep -c . "$MON")
}

# mon_events FILTER: the events since mon_mark that match the jq FILTER,
# one compact summary per line, in order: [event, object, MAC (entries),
# device (ports) or PAN id (PANs), origin (entries) or role (ports)].
mon_events()
{
	tail -n "+$((MON_MARK + 1))" "$MON" |
		jq -c "select($1) | [.event, .object, .mac // .dev // .pan,
			.origin // .role // empty]"
}

# mon_expect WHAT FILTER EXPECTED: the summaries of the matching events,
# joined by spaces, are EXPECTED.
mon_expect()
{
	check_eq "$1 (monitor events, in order)" "$3" \
		"$(mon_events "$2" | tr '\n' ' ' | sed 's/ $//')"
}

# ev EVENT OBJECT KEY [ORIGIN]: one summary as mon_events prints it.
ev()
{
	local key=\"$3\"

	[[ $3 =~ ^[0-9]+$ ]] && key=$3
	printf '["%s","%s",%s%s]' "$1" "$2" "$key" "${4:+,\"$4\"}"
}

case_notify_setup()
{
	switch_add psw0 && switch_add psw1 || return 1
	check_run "$PSW" pan add psw0 10 && check_run "$PSW" pan add psw0 11 || return 1
	veth_add vma && veth_add vmb && veth_add vmc
}

# kprobe_hits EVENT CMD...: how often the kprobe EVENT fired while CMD ran
# ("-" if CMD failed).
kprobe_hits()
{
	local tr=/sys/kernel/tracing ev=$1 rc=0
	shift

	: >"$tr/trace"
	echo 1 >"$tr/events/kprobes/$ev/enable"
	"$@" >/dev/null 2>&1 || rc=$?
	echo 0 >"$tr/events/kprobes/$ev/enable"
	if ((rc)); then
		echo -
	else
		grep -c " $ev:" "$tr/trace"
	fi
}

# Without a listener, flushing entries builds no message; with one, one
# per entry. psw_notify_entry() is where an entry's message is built.
case_notify_no_listener()
{
	local tr=/sys/kernel/tracing ev=psw_test_notify hits i pan

	[[ -e $tr/kprobe_events ]] || mount -t tracefs tracefs "$tr" 2>/dev/null
	if [[ ! -w $tr/kprobe_events ]]; then
		fail "no kprobe_events in $tr (CONFIG_KPROBE_EVENTS)"
		return 1
	fi
	for pan in 12 13; do
		check_run "$PSW" pan add psw0 "$pan" || return 1
		for ((i = 0; i < 300; i++)); do
			printf 'entry add psw0 pan %d mac 02:20:00:00:%02x:%02x drop\n' \
				"$pan" $((i / 256)) $((i % 256))
		done >"$TMPD/pan$pan.batch"
		check_run "$PSW" -b "$TMPD/pan$pan.batch" || return 1
	done
	echo "-:$ev" >>"$tr/kprobe_events" 2>/dev/null
	check_run sh -c "echo 'p:$ev psw_notify_entry' >>$tr/kprobe_events" || return 1
	defer sh -c "echo 0 >$tr/events/kprobes/$ev/enable; echo '-:$ev' >>$tr/kprobe_events"

	hits=$(kprobe_hits "$ev" "$PSW" pan del psw0 12)
	check_eq "psw_notify_entry calls while a PAN of 300 entries is deleted, no listener" 0 "$hits"

	# Positive control: with a listener, one call (and event) per entry.
	mon_start monitor-kprobe || return 1
	mon_mark
	hits=$(kprobe_hits "$ev" "$PSW" pan del psw0 13)
	check_eq "psw_notify_entry calls while a PAN of 300 entries is deleted, a listener" 300 "$hits"
	mon_sync || return 1
	check_eq "entry deletions of PAN 13 the monitor printed" 300 \
		"$(mon_events '.object == "entry" and .pan == 13 and .event == "del"' | grep -c .)"
	kill "$MON_PID"
	wait "$MON_PID" 2>/dev/null
	return 0
}

case_notify_monitor()
{
	mon_start monitor
}

# vm port: [new] port, then its entries; port del: its entries (its own
# and the user entry delivering to it, in the order they were added),
# then the port. The drop entry of the same PAN stays, unannounced.
case_notify_port_del()
{
	mon_mark
	check_run "$PSW" port add psw0 dev vma pan 10 mac "$A1" mac "$A2" &&
		check_run "$PSW" entry add psw0 pan 10 mac "$U1" local dev vma &&
		check_run "$PSW" entry add psw0 pan 10 mac "$U2" drop &&
		check_run "$PSW" port del psw0 dev vma || return 1
	mon_sync || return 1
	mon_expect "port add, entries, port del" '.object == "port" or .object == "entry"' \
		"$(ev new port vma vm) $(ev new entry "$A1" port) $(ev new entry "$A2" port) \
$(ev new entry "$U1" user) $(ev new entry "$U2" user) \
$(ev del entry "$A1" port) $(ev del entry "$A2" port) $(ev del entry "$U1" user) \
$(ev del port vma vm)"
	check_json "$PSW" -j entry show psw0 pan 10 || return 1
	check_jq "$JSON" 'map(.mac) == [$m]' --arg m "$U2"
}

# The port's device deleted: the same as port del.
case_notify_dev_del()
{
	mon_mark
	check_run "$PSW" port add psw0 dev vmb pan 10 mac "$B1" &&
		check_run "$PSW" entry add psw0 pan 10 mac "$U3" local dev vmb &&
		check_run ip link del dev vmb || return 1
	mon_sync || return 1
	mon_expect "port add, entry, device deleted" '.object == "port" or .object == "entry"' \
		"$(ev new port vmb vm) $(ev new entry "$B1" port) $(ev new entry "$U3" user) \
$(ev del entry "$B1" port) $(ev del entry "$U3" user) $(ev del port vmb vm)"
}

# pan del: its entries, then the PAN as it was without them, with the
# flood list that goes with it.
case_notify_pan_del()
{
	check_run "$PSW" switch set psw0 underlay 192.0.2.1 &&
		check_run "$PSW" pan set psw0 11 flood add remote 192.0.2.2 encap vxlan || return 1
	mon_mark
	check_run "$PSW" entry add psw0 pan 11 mac "$D1" drop &&
		check_run "$PSW" entry add psw0 pan 11 mac "$D2" encap vxlan remote 192.0.2.3 &&
		check_run "$PSW" entry add psw0 pan 11 mac "$D3" drop &&
		check_run "$PSW" pan del psw0 11 || return 1
	mon_sync || return 1
	mon_expect "entries, then pan del" '.pan == 11' \
		"$(ev new entry "$D1" user) $(ev new entry "$D2" user) $(ev new entry "$D3" user) \
$(ev del entry "$D1" user) $(ev del entry "$D2" user) $(ev del entry "$D3" user) \
$(ev del pan 11)"
	JSON=$(tail -n "+$((MON_MARK + 1))" "$MON" |
		jq -s -c 'map(select(.object == "pan" and .pan == 11))')
	check_jq "$JSON" 'length == 1 and .[0].entries == 0 and
		.[0].flood == [{"remote": "192.0.2.2", "encap": "vxlan"}]'
}

# switch del: one event, with the switch as it was; nothing of its
# contents, which it implies.
case_notify_switch_del()
{
	local evs

	mon_mark
	check_run "$PSW" pan add psw1 1 &&
		check_run "$PSW" port add psw1 dev vmc pan 1 mac "$C1" &&
		check_run "$PSW" entry add psw1 pan 1 mac "$U4" local dev vmc &&
		check_run "$PSW" entry add psw1 pan 1 mac "$U1" drop || return 1
	mon_sync || return 1
	# Positive control: psw1's objects were announced as they came.
	check_eq "events of psw1's PAN, port and entries as they were made" 5 \
		"$(mon_events '.switch == "psw1"' | grep -c .)"
	mon_mark
	check_run "$PSW" switch del psw1 || return 1
	mon_sync || return 1
	evs=$(tail -n "+$((MON_MARK + 1))" "$MON" | jq -c 'select(.switch == "psw1" or .ifname == "psw1")')
	check_eq "events about psw1 or anything of it, after switch del" 1 "$(grep -c . <<<"$evs")"
	check_jq "$evs" '.event == "del" and .object == "switch" and .pans == 1 and
		.ports == 1 and .entries == 3'
	check_master vmc null
}

case_monitor_lost_nothing()
{
	check_eq "panswitch -j monitor's stderr (nothing lost)" "" "$(cat "$MON.stderr" 2>&1)"
}

require_tools
ensure_module
kmsg_mark
ktap_plan 19
run_setup "a user-namespace root, uid 65534 outside, in a netns of its own" case_userns_setup
run_setup "it creates a switch there, with the default limits" case_userns_switch
run_case "max-pans: PANs up to it are made, the next refused and counted" case_userns_max_pans
run_case "max-entries: port and user entries count; refused and counted; replace is not" \
	case_userns_max_entries
run_case "a limit below what the switch holds is refused, all or nothing" case_userns_lower
run_case "switch show prints limits; -s the hits (text and JSON)" case_userns_show
run_setup "cgroup v2 with the memory controller" case_cgroup_setup
run_case "PANs, entries and a switch are charged to the cgroup of their maker" \
	case_cgroup_charged
run_case "encap entries share their remote's route cache; each remote's is charged" \
	case_cgroup_route_cache
run_case "at memory.max: ENOMEM, nothing half made, no OOM kill" case_cgroup_enomem
run_setup "psw0 and psw1 with PANs, veths vma vmb vmc" case_notify_setup
run_case "deleting a PAN builds entry messages only for a listener" case_notify_no_listener
run_setup "panswitch -j monitor listens" case_notify_monitor
run_case "port add announces its entries; port del their deletion first" case_notify_port_del
run_case "a port's device deleted: its entries, then the port" case_notify_dev_del
run_case "pan del: its entries, then the PAN with its flood list" case_notify_pan_del
run_case "switch del: one event for the switch and all it holds" case_notify_switch_del
run_case "the monitor lost nothing" case_monitor_lost_nothing
run_case "no kernel warnings" check_kernel_log
ktap_finish
