#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The iproute2 plugin (link_panswitch.so) loaded by the installed ip,
# without a kernel module: ip finds it through IP_LIB_DIR, prints its help
# and refuses every "ip link" argument for the kind before it sends a
# request. Positive control: with IP_LIB_DIR at an empty directory ip
# knows no panswitch (its own usage, its own "Garbage" refusal), so the
# messages checked here are the plugin's. What the plugin prints for a
# switch is in selftests/96_link_details.sh.
#
# usage: test-plugin.sh PLUGIN.so      (exit 0: all passed)

so=${1:?usage: $0 PLUGIN.so}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
mkdir "$tmp/lib" "$tmp/none"
cp "$so" "$tmp/lib/link_panswitch.so"
pass=0
fail=0

ok() { pass=$((pass + 1)); echo "ok $((pass + fail)) $1"; }
nok() { fail=$((fail + 1)); echo "not ok $((pass + fail)) $1"; shift; printf '#   %s\n' "$@"; }

# t DIR RC OUTPUT-SUBSTRING ARGS...: IP_LIB_DIR=DIR ip ARGS exits RC and
# prints OUTPUT-SUBSTRING (stdout and stderr).
t() {
	local dir=$1 rc=$2 want=$3 out got
	shift 3
	out=$(IP_LIB_DIR=$tmp/$dir ip "$@" 2>&1)
	got=$?
	if [ "$got" != "$rc" ]; then
		nok "ip $* ($dir) -> $rc" "exit $got" "output: $out"
	elif [[ $out != *"$want"* ]]; then
		nok "ip $* ($dir) -> $rc" "output: $out" "want: $want"
	else
		ok "ip $* ($dir) -> $rc"
	fi
}

t lib 0 "Usage: ip link add NAME type panswitch" link help panswitch
t lib 0 "configure it with" link help panswitch
t none 255 "Usage: ip link" link help panswitch
# refused by the plugin, in ip, before it sends a request
t lib 1 'panswitch takes no "ip link" arguments ("local" given)' \
	link set dev lo type panswitch local 192.0.2.1
t lib 1 'panswitch takes no "ip link" arguments ("vxlan-port" given)' \
	link add psw-plugin-test type panswitch vxlan-port 4789
t lib 1 "Usage: ip link add NAME type panswitch" \
	link add psw-plugin-test type panswitch help
t none 1 'Garbage instead of arguments "local ..."' \
	link set dev lo type panswitch local 192.0.2.1
# the symbol ip looks up, with the layout's fields
if nm -D --defined-only "$so" | grep -qw panswitch_link_util; then
	ok "$so exports panswitch_link_util"
else
	nok "$so exports panswitch_link_util" "$(nm -D --defined-only "$so")"
fi
echo "# iproute2 plugin: $pass passed, $fail failed"
[ "$fail" -eq 0 ]
