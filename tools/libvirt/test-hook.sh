#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The libvirt qemu hook (tools/libvirt/qemu) on the domain XMLs of
# testdata/, as libvirt runs it (DOMAIN OPERATION SUB-OPERATION EXTRA,
# the XML on stdin), with fake-panswitch as the CLI: the exact port
# add/del calls per XML and operation, none for foreign or malformed XML,
# the exit status libvirt acts on, and the samples against libvirt's
# schema (virt-xml-validate, libvirt-clients). Needs no kernel module.
#
# usage: test-hook.sh [HOOK]     (exit 0: all passed)

# ok and nok never fail, so "A && ok || nok" is if-then-else here
# shellcheck disable=SC2015
here=$(cd "$(dirname "$0")" && pwd)
hook=${1:-$here/qemu}
data=$here/testdata
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
export PANSWITCH_CLI=$here/fake-panswitch PANSWITCH_HOOK_SYSLOG=0
export FAKE_STATE=$tmp/state
pass=0
fail=0

ok() { pass=$((pass + 1)); echo "ok $((pass + fail)) $1"; }
nok() { fail=$((fail + 1)); echo "not ok $((pass + fail)) $1"; shift; printf '#   %s\n' "$@"; }

# host SWITCHES PANS DEVS [PORTS]: reset the fake's host: switch names,
# "SW PAN" pairs, existing devices, ports ("SW DEV PAN MAC [EXT]"), each
# a comma-separated list.
host() {
	rm -rf "$FAKE_STATE"
	mkdir -p "$FAKE_STATE"
	tr , '\n' <<<"$1" >"$FAKE_STATE/switches"
	tr , '\n' <<<"$2" >"$FAKE_STATE/pans"
	tr , '\n' <<<"$3" >"$FAKE_STATE/devs"
	tr , '\n' <<<"${4:-}" >"$FAKE_STATE/ports"
}

# hook XML OP: run the hook as libvirt does; RC, OUT (stdout), ERR
# (stderr), CALLS (the change calls it made, refused ones included, one a
# line) and ALL (every call, the -j shows included).
hook() {
	local xml=$1 op=$2 sub=begin dom
	case $op in stopped | release) sub=end ;; esac
	dom=$(sed -n 's|.*<name>\(.*\)</name>.*|\1|p' "$data/$xml" | head -1)
	: >"$FAKE_STATE/calls"
	"$hook" "${dom:-broken}" "$op" "$sub" - <"$data/$xml" >"$tmp/out" 2>"$tmp/err"
	RC=$?
	OUT=$(cat "$tmp/out")
	ERR=$(cat "$tmp/err")
	ALL=$(cat "$FAKE_STATE/calls")
	CALLS=$(grep -v '^-j ' "$FAKE_STATE/calls")
}

# expect DESC RC CALLS [ERR-SUBSTRING]: the last hook run's exit status and
# change calls (exactly, in order), and a message on stderr.
expect() {
	local desc=$1 rc=$2 calls=$3 msg=${4:-}

	if [ "$RC" != "$rc" ]; then
		nok "$desc" "exit $RC, want $rc" "stderr: $ERR"
	elif [ "$CALLS" != "$calls" ]; then
		nok "$desc" "calls:" "$CALLS" "want:" "$calls" "stderr: $ERR"
	elif [ -n "$msg" ] && [[ $ERR != *"$msg"* ]]; then
		nok "$desc" "stderr: $ERR" "want: $msg"
	elif [ -n "$OUT" ]; then
		nok "$desc" "stdout must stay empty, got: $OUT"
	else
		ok "$desc"
	fi
}

# ports: the fake's ports now
ports() { cat "$FAKE_STATE/ports"; }

W1_ADD='port add psw0 dev vnet3 pan 7 mac 52:54:00:6b:3c:01'
W1_DEL='port del psw0 dev vnet3'
DB_ADD='port add psw0 dev vnet5 pan 100 mac 52:54:00:a1:02:01
port add psw0 dev db2-back pan 200 mac 52:54:00:a1:02:02 ext 0a:00:00:00:02:02'
DB_DEL='port del psw0 dev vnet5
port del psw0 dev db2-back'
HOST=(psw0 "psw0 7,psw0 8,psw0 100,psw0 200,psw0 9" "vnet3,vnet5,vnet6,db2-back,vnet7,vnet8,vnet9,vnet10")

# --- one interface, one PAN (web1) ---
host "${HOST[@]}"
hook web1.xml started
expect "web1 started: its tap attached to psw0 pan 7 with its MAC" 0 "$W1_ADD"
[ "$(ports)" = "psw0 vnet3 7 52:54:00:6b:3c:01" ] &&
	ok "the fake has the port" || nok "the fake has the port" "$(ports)"
hook web1.xml started
expect "web1 started again: attached already, no call" 0 "" "attached to psw0 pan 7 already"
hook web1.xml reconnect
expect "web1 reconnect: attached already, no call" 0 ""
hook web1.xml stopped
expect "web1 stopped: detached" 0 "$W1_DEL"
hook web1.xml release
expect "web1 release after stopped: gone already is fine" 0 "" "detached already"

host "${HOST[@]}"
hook web1.xml start
expect "web1 start (the tap exists, QEMU not yet): attached" 0 "$W1_ADD"
hook web1.xml started
expect "web1 started after start: no second add" 0 ""

host "${HOST[@]}" "psw0 vnet3 8 52:54:00:6b:3c:01"
hook web1.xml reconnect
expect "web1 reconnect with its tap in pan 8: moved to pan 7" 0 "$W1_DEL
$W1_ADD"

# the tap's name belongs to another domain by now: not ours to detach
host "${HOST[@]}" "psw0 vnet3 7 52:54:00:99:99:99"
hook web1.xml release
expect "web1 release: vnet3 is another MAC's port now, left alone" 0 "" "detached already"
[ "$(ports)" = "psw0 vnet3 7 52:54:00:99:99:99" ] &&
	ok "the other domain's port is still there" ||
	nok "the other domain's port is still there" "$(ports)"

# --- required port: prepare, start and started fail; reconnect never ---
host "${HOST[@]}"
hook web1-inactive.xml prepare
expect "web1 prepare, psw0 and pan 7 exist: ok, nothing changed" 0 ""
[[ $ALL == *"-j switch show"*"-j pan show"* ]] &&
	ok "prepare read the switches and the PANs" ||
	nok "prepare read the switches and the PANs" "$ALL"
host "" "" "vnet3"
hook web1-inactive.xml prepare
expect "web1 prepare, no switch psw0: refused (required)" 1 "" "switch psw0 does not exist: required, refusing to start"
host psw0 "psw0 8" "vnet3"
hook web1-inactive.xml prepare
expect "web1 prepare, no pan 7: refused (required)" 1 "" "PAN 7 does not exist on psw0"
hook web1.xml started
expect "web1 started, no pan 7: refused (required)" 1 "$W1_ADD" "vnet3 not attached"
hook web1.xml reconnect
expect "web1 reconnect, no pan 7: not attached, but exit 0 (QEMU lives)" 0 "$W1_ADD" "vnet3 not attached"
hook web1-inactive.xml started
expect "web1 started without a <target dev>: refused (required)" 1 "" "has no tap"

# --- two interfaces in two PANs (db2): one by MAC, one by dev, ext ---
host "${HOST[@]}"
hook db2.xml prepare
expect "db2 prepare: ok" 0 ""
hook db2.xml started
expect "db2 started: two taps, two PANs; the network interface untouched" 0 "$DB_ADD"
hook db2.xml stopped
expect "db2 stopped: both detached" 0 "$DB_DEL"
host psw0 "psw0 200" "vnet5,db2-back"
hook db2.xml prepare
expect "db2 prepare, no pan 100 (not required): ok, with a warning" 0 "" "PAN 100 does not exist on psw0: not attached at start"
hook db2.xml started
expect "db2 started, no pan 100: the other port attached, exit 0" 0 "$DB_ADD" "vnet5 not attached"
[ "$(ports)" = "psw0 db2-back 200 52:54:00:a1:02:02 0a:00:00:00:02:02" ] &&
	ok "only db2-back is a port" || nok "only db2-back is a port" "$(ports)"
host psw0 "psw0 100" "vnet5,db2-back"
hook db2.xml prepare
expect "db2 prepare, no pan 200 (required): refused" 1 "" "PAN 200 does not exist on psw0"

# --- incoming migration (db2, the migratable XML) ---
host "${HOST[@]}"
hook db2-migrate.xml migrate
if [ "$RC" = 0 ] && [ -z "$OUT" ] && [ -z "$ALL" ] &&
	[[ $ERR == *"XML left as it is"* ]]; then
	ok "db2 migrate: exit 0, no output (XML unchanged), no call"
else
	nok "db2 migrate: exit 0, no output (XML unchanged), no call" \
		"exit $RC" "stdout: $OUT" "calls: $ALL" "stderr: $ERR"
fi
hook db2-migrate.xml prepare
expect "db2 prepare on the destination: ok" 0 ""
hook db2-migrate.xml start
expect "db2 start from the migratable XML: the named tap attached, the vnet one waits" 0 \
	"port add psw0 dev db2-back pan 200 mac 52:54:00:a1:02:02 ext 0a:00:00:00:02:02" "has no tap"
hook db2.xml started
expect "db2 started (live XML, vnet5 named): the rest attached" 0 \
	"port add psw0 dev vnet5 pan 100 mac 52:54:00:a1:02:01"

# --- foreign XML: nothing, whatever the operation ---
for op in prepare start started reconnect attach stopped release migrate restore; do
	host "${HOST[@]}"
	hook foreign.xml "$op"
	if [ "$RC" = 0 ] && [ -z "$ALL" ] && [ -z "$OUT" ] &&
		[[ $ERR == *"no panswitch metadata"* || $op == migrate || $op == restore ]]; then
		ok "foreign XML, $op: exit 0, no call at all"
	else
		nok "foreign XML, $op: exit 0, no call at all" "exit $RC" "calls: $ALL" "stderr: $ERR"
	fi
done
# positive control: the same fake host and a MAC foreign.xml shares
hook web1.xml started
expect "control: web1 (foreign.xml's bridge MAC) on that host is attached" 0 "$W1_ADD"

# --- malformed XML: ignored, even where a good one would be refused ---
host "" "" ""
for op in prepare started stopped; do
	hook malformed.xml "$op"
	if [ "$RC" = 0 ] && [ -z "$ALL" ] && [[ $ERR == *"cannot parse the domain XML"* ]]; then
		ok "malformed XML, $op: exit 0, no call, a log line"
	else
		nok "malformed XML, $op: exit 0, no call, a log line" "exit $RC" "calls: $ALL" "stderr: $ERR"
	fi
done
hook web1.xml started
expect "control: web1.xml (malformed.xml's whole) on that host is refused" 1 "$W1_ADD" "no such switch"

# --- odd metadata: bad ports are logged and skipped, a good one works ---
host "${HOST[@]}"
hook odd.xml started
expect "odd3 started: only the one good port attached" 0 \
	"port add psw0 dev vnet10 pan 9 mac 52:54:00:c3:07:02" "interface type 'bridge'"
for m in "pan= is missing or not in 1..16777214" "no interface of odd3 matches" \
	"unknown element {urn:panswitch:libvirt:1}portx"; do
	[[ $ERR == *"$m"* ]] && ok "odd3: logged: $m" || nok "odd3: logged: $m" "stderr: $ERR"
done

# --- not called as libvirt calls it ---
"$hook" web1 </dev/null >/dev/null 2>"$tmp/err"
rc=$?
[ $rc = 2 ] && ok "too few arguments: exit 2" || nok "too few arguments: exit 2" "exit $rc"
host "${HOST[@]}"
hook web1.xml define
expect "an operation it does not know: exit 0, no call" 0 ""

# --- the samples are libvirt's format (and malformed.xml is not) ---
if ! command -v virt-xml-validate >/dev/null; then
	nok "virt-xml-validate (libvirt-clients) is installed" \
		"run tools/testvm/install-deps.sh"
else
	for f in "$data"/*.xml; do
		n=${f##*/}
		if virt-xml-validate "$f" domain >"$tmp/v" 2>&1; then
			[ "$n" != malformed.xml ] && ok "$n validates against libvirt's domain schema" ||
				nok "$n must not validate"
		else
			[ "$n" = malformed.xml ] && ok "$n does not validate" ||
				nok "$n validates against libvirt's domain schema" "$(cat "$tmp/v")"
		fi
	done
fi

echo "# $pass passed, $fail failed"
[ $fail = 0 ]
