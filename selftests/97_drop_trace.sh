#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 97_drop_trace.sh - panswitch's drops on the kernel's skb:kfree_skb
# tracepoint (what perf trace and dropwatch read), each with a panswitch
# function as its location and the kernel drop reason the mapping table
# (Documentation/transport.md, "Drops in the kernel's tools") gives panswitch's reason:
#   - a frame to a drop entry (entry_drop): NOT_SPECIFIED;
#   - an 802.1Q-tagged frame from a vm port (vlan_tagged): UNHANDLED_PROTO;
#   - a frame while psw0 is down (switch_down): DEV_READY.
# Each time as many tracepoint hits as panswitch's own counter moved, and
# no other panswitch hit. Frames the switch delivers, in the same window
# as dropped ones, leave no hit.
#
# The tracepoint is read with a hist trigger keyed on location.sym and
# reason: the event's own text prints the location as a hashed pointer on
# 6.1 (%p), and the histogram resolves it to a symbol on every kernel.
# The reason is a number there; the event's format file names it.
#
#  netns vm1          netns vm2
#  02:00:00:00:00:01  02:00:00:00:00:02
#  198.51.100.1/24    198.51.100.2/24
#     |                  |
#  +-vm1----------------vm2-+
#  |        PAN 100         |   psw0 (panswitch, init netns)
#  +------------------------+
# vm1 reaches 198.51.100.99 at 02:00:00:00:00:99, which has a drop entry.

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

MAC1=02:00:00:00:00:01
MAC2=02:00:00:00:00:02
DROPPED=02:00:00:00:00:99
IP1=198.51.100.1
IP2=198.51.100.2
IP_DROPPED=198.51.100.99
TR=/sys/kernel/tracing
EV=$TR/events/skb/kfree_skb
TRIGGER="hist:keys=location.sym,reason:vals=hitcount:size=256"

setup()
{
	load_kmods veth
	if [[ ! -e $EV/trigger ]]; then
		mount -t tracefs tracefs "$TR" 2>/dev/null
		[[ -e $EV/trigger ]] || {
			fail "no $EV/trigger (tracefs, CONFIG_HIST_TRIGGERS)"
			return 1
		}
	fi
	switch_add psw0 || return 1
	check_run "$PSW" pan add psw0 100 || return 1
	vm_port_add vm1 "$MAC1" "$IP1" 100 && vm_port_add vm2 "$MAC2" "$IP2" 100 ||
		return 1
	check_run "$PSW" entry add psw0 pan 100 mac "$DROPPED" drop || return 1
	static_neigh vm1 "$IP2" "$MAC2" && static_neigh vm2 "$IP1" "$MAC1" &&
		static_neigh vm1 "$IP_DROPPED" "$DROPPED" || return 1
	check_run ip link set psw0 up
}

# reason_nr NAME: the number of SKB_DROP_REASON_NAME, from the event's
# format ('{ 2, "NOT_SPECIFIED" }' in its print fmt).
reason_nr()
{
	grep -oE "\\{ [0-9]+, \"$1\" \\}" "$EV/format" | grep -oE '[0-9]+' | head -n1
}

# hist_start / hist_stop: count skb:kfree_skb by location and reason.
hist_start()
{
	echo "!$TRIGGER" >>"$EV/trigger" 2>/dev/null
	check_run sh -c "echo '$TRIGGER' >>'$EV/trigger'" || return 1
	defer sh -c "echo '!$TRIGGER' >>'$EV/trigger' 2>/dev/null; true"
}

# hist_panswitch: the histogram's panswitch rows, "SYMBOL REASON HITS" each.
hist_panswitch()
{
	sed -nE 's/^\{ location: *\[[0-9a-f]+\] ([^ ]+) +\[panswitch\] *, reason: *([0-9]+) *\} hitcount: *([0-9]+).*/\1 \2 \3/p' \
		"$EV/hist"
}

hist_stop()
{
	HIST=$(cat "$EV/hist")
	ROWS=$(hist_panswitch)
	echo "!$TRIGGER" >>"$EV/trigger"
	diag "panswitch rows of the skb:kfree_skb histogram (symbol reason hits):"
	diag_output "${ROWS:-(none)}"
}

# check_rows SKB_REASON N: the panswitch rows are all of SKB_REASON, at
# panswitch functions (psw_*), N hits in all.
check_rows()
{
	local nr sum=0 sym r hits

	nr=$(reason_nr "$1")
	[[ -n $nr ]] || { fail "no drop reason $1 in $EV/format"; return 1; }
	if [[ -z $ROWS ]]; then
		fail "no panswitch location on skb:kfree_skb" "  the histogram:"
		diag_output "$HIST"
		return 1
	fi
	while read -r sym r hits; do
		if [[ $r != "$nr" || $sym != psw_* ]]; then
			fail "a panswitch row that is not reason $1 ($nr) at a psw_ function" \
				"  row: $sym $r $hits"
			return 1
		fi
		sum=$((sum + hits))
	done <<<"$ROWS"
	check_eq "skb:kfree_skb hits at panswitch locations with reason $1" "$2" "$sum"
}

# drop_case PSW_REASON SKB_REASON N CMD...: CMD drops N frames of vm1's
# under PSW_REASON; the tracepoint shows N, at panswitch, as SKB_REASON.
drop_case()
{
	local psw=$1 skb=$2 n=$3 spec=port:psw0:vm1:drops.$1
	shift 3

	snap "$spec" pan:psw0:100:drops."$psw" vm:vm2:rx
	hist_start || return 1
	"$@"
	hist_stop
	expect_delta "$spec" eq "$n" || return 1
	expect_delta pan:psw0:100:drops."$psw" eq "$n"
	expect_delta vm:vm2:rx eq 0
	check_rows "$skb" "$n"
}

case_entry_drop()
{
	drop_case entry_drop NOT_SPECIFIED 2 send_frames vm1 "$IP_DROPPED"
}

case_vlan_tagged()
{
	local f

	f=$(tagged "$MAC2" "$MAC1" 8100 0064)
	drop_case vlan_tagged UNHANDLED_PROTO 3 vsend vm1 "$f" "$f" "$f"
}

switch_down_send()
{
	check_run ip link set psw0 down || return 1
	send_frames vm1 "$IP2"
	check_run ip link set psw0 up
}

case_switch_down()
{
	drop_case switch_down DEV_READY 2 switch_down_send
}

# Delivered frames (the pings between vm1 and vm2) in the same window as
# two dropped ones: the two drops are the only panswitch hits.
case_delivered_not_traced()
{
	snap port:psw0:vm1:drops.entry_drop vm:vm2:rx vm:vm1:rx
	hist_start || return 1
	check_ping vm1 "$IP2"
	send_frames vm1 "$IP_DROPPED"
	hist_stop
	expect_delta vm:vm2:rx ge 2 || return 1
	expect_delta vm:vm1:rx ge 2 || return 1
	expect_delta port:psw0:vm1:drops.entry_drop eq 2 || return 1
	check_rows NOT_SPECIFIED 2
}

require_tools
ensure_module
kmsg_mark
ktap_plan 6
run_setup "PAN 100 (vm1 vm2), a drop entry, the kfree_skb histogram" setup
run_case "a drop entry: at panswitch, NOT_SPECIFIED, as often as entry_drop" case_entry_drop
run_case "a tagged frame from a vm port: UNHANDLED_PROTO, as often as vlan_tagged" case_vlan_tagged
run_case "psw0 down: DEV_READY, as often as switch_down" case_switch_down
run_case "delivered frames leave no panswitch hit" case_delivered_not_traced
run_case "no kernel warnings" check_kernel_log
ktap_finish
