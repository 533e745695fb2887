#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 45_dump.sh - a dump of one switch is consistent while another switch of
# the same namespace keeps changing: dumps of one switch watch that
# switch's generation counter, not the namespace's.
#
#   init netns
#   +---------------------------+     +---------------------------------+
#   | psw0  PAN 100             |     | psw1  PAN 1                     |
#   |   3000 drop entries,      |     |   one entry added and deleted   |
#   |   dumped (many callbacks) |     |   in a loop (panswitch -b -)    |
#   +---------------------------+     +---------------------------------+

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

NENTRIES=3000
CHURN_PID=""

case_setup()
{
	local i

	switch_add psw0 || return 1
	switch_add psw1 || return 1
	check_run "$PSW" pan add psw0 100 || return 1
	check_run "$PSW" pan add psw1 1 || return 1
	for ((i = 0; i < NENTRIES; i++)); do
		printf 'entry add psw0 pan 100 mac 02:00:00:01:%02x:%02x drop\n' \
			$((i / 256)) $((i % 256))
	done >"$TMPD/entries.batch"
	check_run "$PSW" -b "$TMPD/entries.batch" || return 1
	check_json "$PSW" -j switch show psw0 || return 1
	check_jq "$JSON" '.[0].entries == $n' --argjson n "$NENTRIES"
}

# churn: add and delete one entry of psw1 until killed.
churn()
{
	while :; do
		printf 'entry add psw1 pan 1 mac 02:00:00:aa:00:01 drop\n'
		printf 'entry del psw1 pan 1 mac 02:00:00:aa:00:01\n'
	done | "$PSW" -b - >/dev/null 2>&1
}

case_dump_under_churn()
{
	local mon=$TMPD/monitor.json events rc=0

	"$PSW" -j monitor >"$mon" 2>/dev/null &
	local mon_pid=$!
	defer kill "$mon_pid"
	churn &
	CHURN_PID=$!
	defer kill "$CHURN_PID"
	# Let the churn get going before the dump starts.
	wait_until 200 grep -q psw1 "$mon" || {
		fail "psw1 is not changing: no monitor event within 20 s"
		return 1
	}

	"$PSW" -j entry show psw0 >"$TMPD/dump.json" 2>"$TMPD/dump.err" || rc=$?
	events=$(grep -c '"psw1"' "$mon")
	kill "$CHURN_PID" "$mon_pid" 2>/dev/null
	wait "$CHURN_PID" "$mon_pid" 2>/dev/null

	diag "psw1 changes seen by the monitor while dumping: $events"
	check_eq "exit status of 'panswitch -j entry show psw0'" 0 "$rc" ||
		return 1
	check_no_match "stderr of the dump (no inconsistency warning)" \
		'warning' "$(cat "$TMPD/dump.err")" || return 1
	check_jq "$(cat "$TMPD/dump.json")" \
		'length == $n and all(.[]; .switch == "psw0")' \
		--argjson n "$NENTRIES"
}

require_tools
kmsg_mark
ktap_plan 3
run_setup "two switches, $NENTRIES entries on psw0" case_setup
run_case "dump of psw0 is whole and unflagged while psw1 changes" \
	case_dump_under_churn
run_case "no kernel warnings" check_kernel_log
ktap_finish
