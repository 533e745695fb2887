#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Tests of the selftests' KTAP helpers that decide a result on their own:
# timing_case (a bound that holds at a stock kernel's speed: passes within
# it, fails above it or unmeasured, and is a SKIP above it only under
# slow_kernel) and run_case's rule that a failed check is not turned into
# a pass by a later skip. A script sourcing selftests/lib.sh runs the
# cases; its KTAP lines are compared with the expected ones.
#
# usage: test-ktap.sh   Prints TAP; exit status 1 if a case failed.
set -uo pipefail

here=$(cd "$(dirname "$0")" && pwd)
lib=$here/../../selftests/lib.sh
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

n=0 failed=0
check()
{
	local what=$1 want=$2 got=$3

	n=$((n + 1))
	if [[ $got == "$want" ]]; then
		echo "ok $n - $what"
	else
		failed=$((failed + 1))
		echo "not ok $n - $what"
		echo "#   expected: $want"
		echo "#   actual:   $got"
	fi
}

cat >"$tmp/t.sh" <<SCRIPT
#!/bin/bash
source "$lib"
KMSG_MARK=none	# no kernel log here
slow_kernel() { [[ \${FAKE_SLOW:-0} == 1 ]]; }
failed_then_skip() { fail "a check"; skip "a reason"; }
ktap_plan 6
timing_case "within" 1 1 "pings lost"
timing_case "above" 5 1 "pings lost"
timing_case "unmeasured" "" 1 "pings lost"
FAKE_SLOW=1 timing_case "above, slow kernel" 5 1 "pings lost"
FAKE_SLOW=1 timing_case "unmeasured, slow kernel" "" 1 "pings lost"
run_case "failed, then skipped" failed_then_skip
ktap_finish
SCRIPT
out=$(bash "$tmp/t.sh" 2>&1)
rc=$?
results=$(grep -E '^(not )?ok ' <<<"$out" | sed 's/ # SKIP .*/ # SKIP/')
line() { sed -n "$1p" <<<"$results"; }

check "timing_case within the bound passes" "ok 1 within" "$(line 1)"
check "timing_case above the bound fails" "not ok 2 above" "$(line 2)"
check "timing_case without a measurement fails" "not ok 3 unmeasured" "$(line 3)"
check "timing_case above the bound under a slow kernel is a SKIP" \
	"ok 4 above, slow kernel # SKIP" "$(line 4)"
check "the SKIP says the count" 1 \
	"$(grep -c '^ok 4 .* # SKIP 5 pings lost under a kernel with lockdep' <<<"$out")"
check "timing_case without a measurement fails under a slow kernel too" \
	"not ok 5 unmeasured, slow kernel" "$(line 5)"
check "a failed check then a skip: the case fails" \
	"not ok 6 failed, then skipped" "$(line 6)"
check "totals and exit status" \
	"# Totals: pass:1 fail:4 xfail:0 xpass:0 skip:1 error:0 rc=1" \
	"$(grep '^# Totals' <<<"$out") rc=$rc"

echo "1..$n"
((failed == 0))
