#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Argument checks of the fuzzers and psw-send, run by `make -C tools test`
# without the module: a malformed number ("1e6", "10k", "-5", "") must be
# refused with the usage text and exit 2, never read as a smaller count
# that lets a fuzz run pass having sent almost nothing.
#
# usage: test-args.sh [DIR]    (DIR holds the built tools; exit 0: passed)
# Each run has 10 s: one that hangs (a huge count read as a count) fails.

D=${1:-.}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
n=0
fail=0

# refused TOOL ARGS...: exit 2, "usage:" on stderr, nothing sent
refused() {
	local tool=$1 rc
	shift
	n=$((n + 1))
	timeout 10 "$D/$tool" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
	if [ "$rc" = 2 ] && grep -q '^usage:' "$tmp/err" && ! grep -q seed "$tmp/out"; then
		echo "ok $n $tool $* -> refused"
	else
		fail=$((fail + 1))
		echo "not ok $n $tool $* -> exit $rc, stdout: $(head -c 200 "$tmp/out")"
	fi
}

# parsed TOOL ARGS...: the arguments were taken (the run's header line
# names seed 7 and count 16); what happens next needs the module or root.
parsed() {
	local tool=$1
	shift
	n=$((n + 1))
	timeout 10 "$D/$tool" "$@" >"$tmp/out" 2>"$tmp/err"
	if grep -q 'seed 7 count 16' "$tmp/out"; then
		echo "ok $n $tool $* -> parsed"
	else
		fail=$((fail + 1))
		echo "not ok $n $tool $* -> stdout: $(head -c 200 "$tmp/out")"
	fi
}

for bad in 1e6 10k -5 "" " 5" 0x 18446744073709551616; do
	refused psw-nlfuzz -n "$bad" -s 7
	refused psw-nlfuzz -s "$bad" -n 16
	refused psw-framefuzz -i nosuch0 -n "$bad" -s 7
	refused psw-framefuzz -i nosuch0 -s "$bad" -n 16
	refused psw-send udp 127.0.0.1 "$bad" 00
	refused psw-send udp 127.0.0.1 9 00 "$bad"
	refused psw-send eth lo 0180c200000002000000000188cc "$bad"
done
refused psw-framefuzz -i nosuch0 -n 16 -s 7 -P 16777216
refused psw-framefuzz -i nosuch0 -n 16 -s 7 -p 0
refused psw-framefuzz -i nosuch0 -n 16 -s 7 -p 65536
refused psw-framefuzz -i nosuch0 -n 16 -s 7 -d 02:00:00:00:00
refused psw-send raw 127.0.0.1 256 00
refused psw-send udp 127.0.0.1 0 00
for bad in 1e6 10k -5 "" 18446744073709551616; do
	refused psw-send frame lo 02:00:00:00:00:01 192.0.2.1 192.0.2.2 47 00 "$bad"
done
refused psw-send frame lo 02:00:00:00:00:01 192.0.2.1 192.0.2.2 256 00
refused psw-send frame lo 02:00:00:00:00:01 192.0.2.1 192.0.2.2 udp:0 00
refused psw-send frame lo 02:00:00:00:00:01 192.0.2.1 192.0.2.2 udp:65536 00
refused psw-send frame lo 02:00:00:00:00:01 192.0.2.1 192.0.2.2 udp:x 00
refused psw-send frame lo 02:00:00:00:00 192.0.2.1 192.0.2.2 47 00
refused psw-send frame lo 02:00:00:00:00:01:02 192.0.2.1 192.0.2.2 47 00
refused psw-send frame lo 02:00:00:00:00:01 192.0.2.1 2001:db8::2 47 00
refused psw-send frame lo 02:00:00:00:00:01 192.0.2.1 192.0.2.2 47
refused psw-send eth lo
refused psw-send eth lo 0180c2000000 1 2

parsed psw-nlfuzz -n 16 -s 7
parsed psw-nlfuzz -n 0x10 -s 07
parsed psw-framefuzz -i nosuch0 -n 16 -s 7 -P 0xffffff -p 4789
parsed psw-framefuzz -i nosuch0 -n 16 -s 7 -K tunnel -D 02:00:00:00:00:01 -4 192.0.2.1 \
	-r 192.0.2.2 -L "$tmp/frames"
n=$((n + 1))
if timeout 10 "$D/psw-send" udp 127.0.0.1 9 00 2; then
	echo "ok $n psw-send with good numbers"
else
	fail=$((fail + 1))
	echo "not ok $n psw-send with good numbers"
fi
# psw-send -: a bad line among good ones stops the run with the usage
# and names the line; good lines all run.
n=$((n + 1))
printf 'udp 127.0.0.1 9 00\n\nudp 127.0.0.1 9 00 1e6\nudp 127.0.0.1 9 00\n' |
	timeout 10 "$D/psw-send" - >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" = 2 ] && grep -q '^usage:' "$tmp/err" && grep -q 'line 3$' "$tmp/err"; then
	echo "ok $n psw-send - with a bad line 3 -> refused"
else
	fail=$((fail + 1))
	echo "not ok $n psw-send - with a bad line 3 -> exit $rc, stderr: $(head -c 200 "$tmp/err")"
fi
n=$((n + 1))
printf 'udp 127.0.0.1 9 00 2\nraw 127.0.0.1 256 00 a b c d e f g h\n' |
	timeout 10 "$D/psw-send" - >"$tmp/out" 2>"$tmp/err"
rc=$?
if [ "$rc" = 2 ] && grep -q 'line 2$' "$tmp/err"; then
	echo "ok $n psw-send - with too many words on line 2 -> refused"
else
	fail=$((fail + 1))
	echo "not ok $n psw-send - with too many words -> exit $rc, stderr: $(head -c 200 "$tmp/err")"
fi
n=$((n + 1))
if printf 'udp 127.0.0.1 9 00 2\nudp ::1 9 0011\n' | timeout 10 "$D/psw-send" -; then
	echo "ok $n psw-send - with good lines"
else
	fail=$((fail + 1))
	echo "not ok $n psw-send - with good lines"
fi

echo "# test-args: $((n - fail)) passed, $fail failed"
[ "$fail" = 0 ]
