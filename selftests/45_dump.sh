#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 45_dump.sh - a dump of one switch is consistent while another switch of
# the same namespace keeps changing: dumps of one switch watch that
# switch's generation counter, not the namespace's. And an entry dump
# resumes each callback after the last entry it sent, found by its MAC
# (psw_entry_find, counted with a kprobe), instead of walking the PAN's
# list from its start again: the walk made dumps quadratic (a million
# entries took 133 s to dump; fixed in 9e11d97).
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
	# Exactly what the table needs: a limit equal to the count holds.
	check_run "$PSW" switch set psw0 max-entries "$NENTRIES" || return 1
	for ((i = 0; i < NENTRIES; i++)); do
		printf 'entry add psw0 pan 100 mac 02:00:00:01:%02x:%02x drop\n' \
			$((i / 256)) $((i % 256))
	done >"$TMPD/entries.batch"
	check_run "$PSW" -b "$TMPD/entries.batch" || return 1
	check_json "$PSW" -j switch show psw0 || return 1
	check_jq "$JSON" '.[0].entries == $n' --argjson n "$NENTRIES"
}

# churn_batch: a batch that adds and deletes one entry of psw1, endlessly.
churn_batch()
{
	while :; do
		printf 'entry add psw1 pan 1 mac 02:00:00:aa:00:01 drop\n'
		printf 'entry del psw1 pan 1 mac 02:00:00:aa:00:01\n'
	done
}

case_dump_under_churn()
{
	local mon=$TMPD/monitor.json events rc=0

	"$PSW" -j monitor >"$mon" 2>/dev/null &
	local mon_pid=$!
	defer kill "$mon_pid"
	# $! is panswitch's PID; killing it ends the writer too (SIGPIPE).
	churn_batch | "$PSW" -b - >/dev/null 2>&1 &
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

# case_dump_resumes: one entry dump of psw0 calls psw_entry_find for PAN
# 100 once per callback after the first: more than once (3000 entries need
# several messages of at most a page or two), far fewer than once per
# entry. The kprobe's filter on the PAN keeps anything else out.
case_dump_resumes()
{
	local tr=/sys/kernel/tracing ev=psw_test_resume hits rc=0

	[[ -e $tr/kprobe_events ]] || mount -t tracefs tracefs "$tr" 2>/dev/null
	if [[ ! -w $tr/kprobe_events ]]; then
		fail "no kprobe_events in $tr (CONFIG_KPROBE_EVENTS)"
		return 1
	fi
	echo "-:$ev" >>"$tr/kprobe_events" 2>/dev/null
	check_run sh -c "echo 'p:$ev psw_entry_find pan=\$arg2:u32' >>$tr/kprobe_events" ||
		return 1
	defer sh -c "echo 0 >$tr/events/kprobes/$ev/enable; echo '-:$ev' >>$tr/kprobe_events"
	check_run sh -c "echo 'pan == 100' >$tr/events/kprobes/$ev/filter" || return 1
	: >"$tr/trace"
	check_run sh -c "echo 1 >$tr/events/kprobes/$ev/enable" || return 1
	"$PSW" -j entry show psw0 pan 100 >"$TMPD/resume.json" 2>&1 || rc=$?
	echo 0 >"$tr/events/kprobes/$ev/enable"
	hits=$(grep -c " $ev:" "$tr/trace")
	check_eq "exit status of 'panswitch -j entry show psw0 pan 100'" 0 "$rc" ||
		return 1
	check_jq "$(cat "$TMPD/resume.json")" 'length == $n' --argjson n "$NENTRIES" ||
		return 1
	diag "psw_entry_find calls for PAN 100 during the dump of $NENTRIES entries: $hits"
	if ((hits < 2 || hits > NENTRIES / 20)); then
		fail "psw_entry_find ran $hits times: a dump that resumes by MAC calls it once per message after the first (2 to $((NENTRIES / 20)) here)"
		return 1
	fi
}

require_tools
kmsg_mark
ktap_plan 4
run_setup "two switches, $NENTRIES entries on psw0" case_setup
run_case "dump of psw0 is whole and unflagged while psw1 changes" \
	case_dump_under_churn
run_case "an entry dump resumes after the last entry sent, by MAC" \
	case_dump_resumes
run_case "no kernel warnings" check_kernel_log
ktap_finish
