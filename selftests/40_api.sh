#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 40_api.sh - the control interface: permissions, validation and error
# messages (every refusal leaves state_snapshot byte-identical), entry
# replace, batch files, -n NETNS and monitor; each command's policy
# refuses the attributes the command does not take (psw-nlfuzz -x).
#
#  veth pairs in the init netns (the "p" ends stay unattached):
#
#     vm1 (02:00:00:00:00:01)   vm3 (02:00:00:00:00:03)   vm2 (not a port)
#  +--|-------------------------|------+
#  |  PAN 100   user entry 02:00:00:00:00:77 drop |  PAN 200 (empty)
#  +-------------------------------------------------------------------+
#                      psw0
#
#  netns $TAG-api: psw5, created and deleted with panswitch -n

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

M1=02:00:00:00:00:01
M2=02:00:00:00:00:02
M3=02:00:00:00:00:03
DROP_MAC=02:00:00:00:00:77	# a user entry that exists from setup on
NEW_MAC=02:00:00:00:00:99	# a MAC with no entry

setup()
{
	load_kmods veth
	switch_add psw0 || return 1
	check_run ip link set psw0 up || return 1
	check_run "$PSW" pan add psw0 100 || return 1
	check_run "$PSW" pan add psw0 200 || return 1
	veth_add vm1 && veth_add vm2 && veth_add vm3 || return 1
	check_run "$PSW" port add psw0 dev vm1 pan 100 mac "$M1" || return 1
	check_run "$PSW" port add psw0 dev vm3 pan 100 mac "$M3" || return 1
	check_run "$PSW" entry add psw0 pan 100 mac "$DROP_MAC" drop
}

# ---- unprivileged ---------------------------------------------------------

case_unpriv_show()
{
	local args root user

	unpriv_usable || {
		skip "setpriv cannot drop to uid 65534 (needs util-linux setpriv)"
		return
	}
	for args in "switch show" "port show" "pan show" "entry show" \
		"stats show psw0" "port show psw0 dev vm1"; do
		# shellcheck disable=SC2086 # $args is a word list
		root=$("$PSW" -j $args 2>&1)
		# shellcheck disable=SC2086
		check_run "${UNPRIV[@]}" "$PSW" -j $args || continue
		user=$OUT
		if [[ $args == stats* ]]; then
			# Counters may move between the two reads; compare keys.
			root=$(jq -c '[.[] | keys]' <<<"$root" 2>&1)
			user=$(jq -c '[.[] | keys]' <<<"$user" 2>&1)
		fi
		check_eq "panswitch -j $args as uid 65534 prints what root sees" \
			"$root" "$user"
	done
}

# case_unpriv_refused ARGS...: panswitch ARGS as uid 65534 is EPERM.
case_unpriv_refused()
{
	unpriv_usable || {
		skip "setpriv cannot drop to uid 65534 (needs util-linux setpriv)"
		return
	}
	check_fail "${UNPRIV[@]}" "$PSW" "$@" 1 "Operation not permitted"
}

UNPRIV_CHANGES=(
	"switch add psw9"
	"switch del psw0"
	"port add psw0 dev vm2 pan 100 mac 02:00:00:00:00:02"
	"port del psw0 dev vm1"
	"pan add psw0 300"
	"pan del psw0 200"
	"entry add psw0 pan 100 mac $NEW_MAC drop"
	"entry replace psw0 pan 100 mac $DROP_MAC local dev vm1"
	"entry del psw0 pan 100 mac $DROP_MAC"
)

# ---- validation -----------------------------------------------------------

case_pan_out_of_range()
{
	check_fail "$PSW" pan add psw0 "$1" 1 'out of range.*\(attribute '
}

case_pan_limits_accepted()
{
	check_run "$PSW" pan add psw0 1 || return 1
	check_run "$PSW" pan add psw0 16777214 || return 1
	check_json "$PSW" -j pan show psw0 || return 1
	check_jq "$JSON" '[.[].pan] | sort == [1, 100, 200, 16777214]'
	check_run "$PSW" pan del psw0 1
	check_run "$PSW" pan del psw0 16777214
}

case_pan_not_a_number()
{
	check_fail "$PSW" pan add psw0 abc 2 'PAN id "abc" is not a number'
	check_fail "$PSW" port add psw0 dev vm2 pan 1x 2 'PAN id "1x" is not a number'
}

case_unknown_keyword()
{
	check_fail "$PSW" port add psw0 dev vm2 pan 100 foo 2 'unknown keyword "foo"'
}

case_unknown_device()
{
	local re="no such (device|switch)|not found|does not exist|unknown device|cannot find"

	check_fail "$PSW" port add psw0 dev nosuchdev0 pan 100 1 "$re"
	check_fail "$PSW" entry add psw0 pan 100 mac "$NEW_MAC" local dev nosuchdev0 1 "$re"
	check_fail "$PSW" pan add nosuchsw0 300 1 "$re"
}

case_duplicate_entry()
{
	# A user entry, and a port's own MAC.
	check_fail "$PSW" entry add psw0 pan 100 mac "$DROP_MAC" drop 1 "entry exists"
	check_fail "$PSW" entry add psw0 pan 100 mac "$M1" local dev vm3 1 "entry exists"
}

case_bad_mac()
{
	local mac

	for mac in 02:00:00:00:00:zz 02:00:00:00:00 02:00:00:00:00:00:00 zz; do
		check_fail "$PSW" entry add psw0 pan 100 mac "$mac" drop \
			2 "invalid MAC address \"$mac\""
	done
}

case_multicast_mac()
{
	check_fail "$PSW" entry add psw0 pan 100 mac 01:00:5e:00:00:01 drop 1 "unicast|multicast"
	check_fail "$PSW" entry add psw0 pan 100 mac ff:ff:ff:ff:ff:ff drop 1 "unicast|multicast|broadcast"
}

case_local_entry_bad_port()
{
	# vm2 is no port; a local entry must name a vm port of the same PAN.
	check_fail "$PSW" entry add psw0 pan 100 mac "$NEW_MAC" local dev vm2 1 "not a port|no port|not attached|port"
	check_fail "$PSW" entry add psw0 pan 200 mac "$NEW_MAC" local dev vm1 1 "PAN|same"
}

case_port_entry_protected()
{
	local re="belongs to a port|origin|installed|cannot|not a user"

	check_fail "$PSW" entry del psw0 pan 100 mac "$M1" 1 "$re"
	check_fail "$PSW" entry replace psw0 pan 100 mac "$M1" drop 1 "$re|exists"
}

# entry_is JSON_FILTER: the entry NEW_MAC of PAN 100 is the only one with
# that MAC and satisfies JSON_FILTER.
entry_is()
{
	check_json "$PSW" -j entry show psw0 pan 100 || return 1
	check_jq "$JSON" "[.[] | select(.mac == \$m)] | length == 1 and (.[0] | $1)" \
		--arg m "$NEW_MAC"
}

case_entry_replace()
{
	check_run "$PSW" entry add psw0 pan 100 mac "$NEW_MAC" local dev vm1 || return 1
	entry_is '.mode == "local" and .dev == "vm1" and .origin == "user"' || return 1
	check_run "$PSW" entry replace psw0 pan 100 mac "$NEW_MAC" local dev vm3 || return 1
	entry_is '.mode == "local" and .dev == "vm3" and .origin == "user"' || return 1
	check_run "$PSW" entry replace psw0 pan 100 mac "$NEW_MAC" drop || return 1
	entry_is '.mode == "drop" and (has("dev") | not) and .origin == "user"' || return 1
	check_run "$PSW" entry del psw0 pan 100 mac "$NEW_MAC" || return 1
	check_json "$PSW" -j entry show psw0 pan 100 || return 1
	check_jq "$JSON" 'all(.[]; .mac != $m)' --arg m "$NEW_MAC"
}

# ---- batch ----------------------------------------------------------------

# pans_are LIST: the PANs of psw0 are exactly LIST (a JSON array).
pans_are()
{
	check_json "$PSW" -j pan show psw0 || return 1
	check_jq "$JSON" '[.[].pan] | sort == ($want | sort)' --argjson want "$1"
}

case_batch_kernel_error()
{
	local file=$TMPD/batch1 rc=0

	cat >"$file" <<-EOF
		pan add psw0 300
		pan add psw0 301
		pan add psw0 0
		pan add psw0 302
		pan add psw0 303
	EOF
	OUT=$("$PSW" -b "$file" 2>&1) || rc=$?
	check_eq "exit status of panswitch -b $file (line 3 is refused)" 1 "$rc"
	check_match "panswitch -b names the failing line" "$file:3:" "$OUT"
	pans_are '[100, 200, 300, 301]'
	"$PSW" pan del psw0 300 >/dev/null 2>&1
	"$PSW" pan del psw0 301 >/dev/null 2>&1
	return 0
}

case_batch_parse_error()
{
	local file=$TMPD/batch2 rc=0

	cat >"$file" <<-EOF
		# comment lines and blank lines count as lines

		pan add psw0 310
		pan add psw0 abc
		pan add psw0 311
	EOF
	OUT=$("$PSW" -b "$file" 2>&1) || rc=$?
	check_eq "exit status of panswitch -b $file (line 4 does not parse)" 2 "$rc"
	check_match "panswitch -b names the failing line" "$file:4:" "$OUT"
	check_match "panswitch -b says what is wrong" 'PAN id "abc" is not a number' "$OUT"
	pans_are '[100, 200, 310]'
	"$PSW" pan del psw0 310 >/dev/null 2>&1
	return 0
}

case_batch_ok()
{
	local file=$TMPD/batch3

	cat >"$file" <<-EOF
		pan add psw0 320
		entry add psw0 pan 320 mac $NEW_MAC drop
		entry del psw0 pan 320 mac $NEW_MAC
		pan del psw0 320
		pan add psw0 321
	EOF
	check_run "$PSW" -b "$file" || return 1
	pans_are '[100, 200, 321]'
	check_run "$PSW" pan del psw0 321
}

# ---- namespaces -----------------------------------------------------------

case_netns_option()
{
	local ns="$TAG-api"

	check_run ip netns add "$ns" || return 1
	defer ip netns del "$ns"
	check_run "$PSW" -n "$ns" switch add psw5 || return 1
	check_eq "link kind of psw5 in $ns" panswitch \
		"$(ip -n "$ns" -j -d link show dev psw5 2>&1 | jq -r '.[0].linkinfo.info_kind' 2>&1)"
	link_absent psw5 || fail "psw5 also exists in the init netns"
	check_json "$PSW" -n "$ns" -j switch show || return 1
	check_jq "$JSON" 'length == 1 and .[0].ifname == "psw5"'
	check_json "$PSW" -j switch show || return 1
	check_jq "$JSON" 'all(.[]; .ifname != "psw5")'
	check_run "$PSW" -n "$ns" pan add psw5 100 || return 1
	check_json "$PSW" -n "$ns" -j pan show || return 1
	check_jq "$JSON" 'length == 1 and .[0].switch == "psw5" and .[0].pan == 100'
	check_run "$PSW" -n "$ns" switch del psw5 || return 1
	check_json "$PSW" -n "$ns" -j switch show || return 1
	check_jq "$JSON" 'length == 0'
}

# ---- monitor --------------------------------------------------------------

MON_JSON=""
MON_TEXT=""

case_monitor_json()
{
	local pid_j pid_t

	MON_JSON=$TMPD/monitor.json
	MON_TEXT=$TMPD/monitor.txt
	"$PSW" -j monitor >"$MON_JSON" 2>"$MON_JSON.stderr" &
	pid_j=$!
	defer kill "$pid_j"
	"$PSW" monitor >"$MON_TEXT" 2>"$MON_TEXT.stderr" &
	pid_t=$!
	defer kill "$pid_t"
	# Both must be listening before the changes we look for.
	if ! wait_until 100 monitor_synced "$MON_JSON" || ! wait_until 100 monitor_synced "$MON_TEXT"; then
		fail "panswitch monitor printed nothing for pan add/del psw0 4000 within 10 s" \
			"  panswitch -j monitor stdout, stderr:"
		diag_output "$(cat "$MON_JSON")"
		diag_output "$(cat "$MON_JSON.stderr")"
		diag "  panswitch monitor stdout, stderr:"
		diag_output "$(cat "$MON_TEXT")"
		diag_output "$(cat "$MON_TEXT.stderr")"
		return 1
	fi
	check_run "$PSW" switch add psw9 || return 1
	defer ip link del dev psw9
	check_run "$PSW" pan add psw0 400 || return 1
	check_run "$PSW" entry add psw0 pan 400 mac "$NEW_MAC" drop || return 1
	check_run "$PSW" entry del psw0 pan 400 mac "$NEW_MAC" || return 1
	check_run "$PSW" pan del psw0 400 || return 1
	check_run "$PSW" switch del psw9 || return 1
	# Wait for the last event to be written, then stop the monitors.
	wait_until 50 grep -qE '"del".*psw9|psw9.*"del"' "$MON_JSON"
	wait_until 50 grep -q '^\[del\] switch psw9' "$MON_TEXT"
	kill "$pid_j" "$pid_t" 2>/dev/null
	wait "$pid_j" "$pid_t" 2>/dev/null

	if ! jq -e . "$MON_JSON" >/dev/null 2>&1; then
		fail "panswitch -j monitor: not one JSON object per line" "  output:"
		diag_output "$(cat "$MON_JSON")"
		return 1
	fi
	JSON=$(jq -s . "$MON_JSON")
	check_jq "$JSON" '[.[] | select(.pan == 400 and .switch == "psw0") |
		"\(.event) \(.object)"] == ["new pan", "new entry", "del entry", "del pan"]'
	check_jq "$JSON" 'any(.[]; .event == "new" and .object == "entry" and
		.switch == "psw0" and .pan == 400 and .mac == $m and
		.mode == "drop" and .origin == "user")' --arg m "$NEW_MAC"
	check_jq "$JSON" 'any(.[]; .event == "new" and .object == "switch" and .ifname == "psw9")'
	check_jq "$JSON" 'any(.[]; .event == "del" and .object == "switch" and .ifname == "psw9")'
}

case_monitor_text()
{
	[[ -n $MON_TEXT && -e $MON_TEXT ]] || {
		fail "the monitor case did not run"
		return 1
	}
	local text
	# Runs of blanks squeezed: the keywords are what matters.
	text=$(sed -E 's/[[:blank:]]+/ /g; s/ $//' "$MON_TEXT")
	check_match "text monitor: new entry" \
		"^\[new\] entry psw0 pan 400 mac $NEW_MAC drop origin user\$" "$text"
	check_match "text monitor: deleted entry" \
		"^\[del\] entry psw0 pan 400 mac $NEW_MAC drop origin user\$" "$text"
	check_match "text monitor: new pan" '^\[new\] pan psw0 pan 400( |$)' "$text"
	check_match "text monitor: new switch" '^\[new\] switch psw9( |$)' "$text"
}

# ---- the policy of each command ----------------------------------------------

# psw-nlfuzz -x: for every command, each attribute its request does not
# take (netlink/panswitch.yaml, through tools/fuzz/spec.h) is refused by
# the command's policy: EINVAL, the extended ack pointing at it, a message.
# Its control: the same request without the attribute gets past the policy
# (to the handler's "no such switch"). A dump refuses an attribute only the
# do request takes. Nothing changes.
case_stray_attributes()
{
	local nlfuzz before after n controls

	nlfuzz=$(command -v psw-nlfuzz) || {
		fail "psw-nlfuzz not found (tools/fuzz, in the VM's initramfs)"
		return 1
	}
	before=$(state_snapshot)
	check_run "$nlfuzz" -x || return 1
	after=$(state_snapshot)
	check_eq "state unchanged by the refused requests" "$before" "$after" ||
		return 1
	n=$(grep -c '^ok ' <<<"$OUT")
	diag "$(grep 'stray checks' <<<"$OUT")"
	check_match "every check passed and was counted" \
		"stray checks $n, failed 0" "$OUT" || return 1
	controls=$(grep -c '^ok .* control: refused by the handler' <<<"$OUT")
	check_eq "a control for each of the 17 commands (at least)" 1 \
		"$((controls >= 17))" || return 1
	check_eq "more stray attributes than controls" 1 \
		"$((n - controls > controls))" || return 1
	check_match "a stray attribute: strict validation names it" \
		'^ok .* pan_new with stray attribute .*"Unsupported attribute"' \
		"$OUT" || return 1
	check_match "a read-only attribute: refused as such" \
		'^ok .* switch_set with stray attribute .*"read-only attribute"' \
		"$OUT" || return 1
	check_match "port security at attach time: the reason is given" \
		'^ok .* port_new with stray attribute .*"port security is set with PSW_CMD_PORT_SET"' \
		"$OUT" || return 1
	check_match "a dump: an attribute only the do request takes" \
		'^ok .* entry_get dump with attribute .*"attribute not taken by a dump"' \
		"$OUT"
}

# ---- the refusal check itself -------------------------------------------------

# snap_differs WHAT CMD...: CMD changes state_snapshot.
snap_differs()
{
	local what=$1 before
	shift

	before=$(state_snapshot)
	check_run "$@" || return 1
	[[ $before != "$(state_snapshot)" ]] && return 0
	fail "state_snapshot missed a change: $what ($(quote_cmd "$@"))"
	return 1
}

# check_fail's "state unchanged" is only as good as state_snapshot: it must
# see a change to each object a refused request could touch, and (the
# control) nothing when nothing changed.
case_snapshot_sees_changes()
{
	local a b

	load_kmods bridge
	a=$(state_snapshot)
	b=$(state_snapshot)
	check_eq "two snapshots with no change between them" "$a" "$b" ||
		return 1
	snap_differs "an entry" "$PSW" entry add psw0 pan 100 mac "$NEW_MAC" drop &&
		snap_differs "an entry's mode" "$PSW" entry replace psw0 pan 100 mac "$NEW_MAC" \
			local dev vm1 &&
		snap_differs "an entry gone" "$PSW" entry del psw0 pan 100 mac "$NEW_MAC" &&
		snap_differs "a PAN" "$PSW" pan add psw0 300 &&
		snap_differs "a PAN gone" "$PSW" pan del psw0 300 &&
		snap_differs "a neighbour" "$PSW" neigh add psw0 pan 100 ip 10.0.40.2 mac "$M1" &&
		snap_differs "a neighbour gone" "$PSW" neigh del psw0 pan 100 ip 10.0.40.2 &&
		snap_differs "a tenant map entry" "$PSW" tenant add psw0 oui 02:40:40 pan 200 &&
		snap_differs "a tenant map entry gone" "$PSW" tenant del psw0 oui 02:40:40 &&
		snap_differs "a port" "$PSW" port add psw0 dev vm2 pan 200 mac "$M2" &&
		snap_differs "a port's policy" "$PSW" port set psw0 dev vm2 security off &&
		snap_differs "a port gone" "$PSW" port del psw0 dev vm2 &&
		snap_differs "a link's address" ip link set vm2 address 02:00:00:00:40:02 &&
		snap_differs "a link" ip link add snapbr0 type bridge &&
		snap_differs "a link's master" ip link set vm2 master snapbr0 &&
		snap_differs "a link's master gone" ip link set vm2 nomaster &&
		snap_differs "a link gone" ip link del snapbr0
}

require_tools
ensure_module
kmsg_mark
ktap_plan $((24 + ${#UNPRIV_CHANGES[@]}))
run_setup "psw0 with ports, PANs and a user entry is set up" setup
run_case "unprivileged: every show works and prints what root sees" case_unpriv_show
for change in "${UNPRIV_CHANGES[@]}"; do
	# shellcheck disable=SC2086 # $change is a word list
	run_case "unprivileged: '$change' is refused with EPERM" case_unpriv_refused $change
done
run_case "PAN id 0 is out of range" case_pan_out_of_range 0
run_case "PAN id 16777215 is out of range" case_pan_out_of_range 16777215
run_case "PAN id 4294967295 is out of range" case_pan_out_of_range 4294967295
run_case "PAN ids 1 and 16777214 are accepted" case_pan_limits_accepted
run_case "a PAN id that is not a number is a usage error (exit 2)" case_pan_not_a_number
run_case "an unknown keyword is a usage error (exit 2)" case_unknown_keyword
run_case "unknown device or switch is refused" case_unknown_device
run_case "a duplicate entry is refused (entry exists)" case_duplicate_entry
run_case "a bad MAC is a usage error naming the MAC (exit 2)" case_bad_mac
run_case "a multicast or broadcast entry MAC is refused by the kernel" case_multicast_mac
run_case "a local entry must name a vm port of the same PAN" case_local_entry_bad_port
run_case "an origin-port entry cannot be deleted or replaced" case_port_entry_protected
run_case "entry replace replaces an entry" case_entry_replace
run_case "batch: a refused line 3 stops the batch after lines 1-2" case_batch_kernel_error
run_case "batch: comments and blank lines count; parse error names line 4" case_batch_parse_error
run_case "batch: a good file applies every line" case_batch_ok
run_case "-n NETNS works in that namespace only" case_netns_option
run_case "monitor -j prints one JSON object per change" case_monitor_json
run_case "monitor prints one text line per change" case_monitor_text
run_case "every command's policy refuses an attribute it does not take, naming it" case_stray_attributes
run_case "state_snapshot (check_fail's) sees each kind of change, and none without one" \
	case_snapshot_sees_changes
run_case "no kernel warnings" check_kernel_log
ktap_finish
