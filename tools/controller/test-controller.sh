#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# panswitch-controller with the embedded store, host side (no kernel, no
# agent: a shell loop stands in for the agents' status reports): invalid
# topologies leave the store untouched; apply writes only what changed;
# a migration rewrites only the hosts that have the VM's PAN, in the
# order of FIG. 8 and selftests/86_migration.sh (the destination holds
# the VM's frames, the others point at it, the move, the source), and the
# topology file's one value.
#
# usage: test-controller.sh [PATH-TO-panswitch-controller]
set -u
C=${1:-panswitch-controller}
here=$(cd "$(dirname "$0")" && pwd)
tmp=$(mktemp -d)
fake=""
trap '[ -n "$fake" ] && kill "$fake" 2>/dev/null; rm -rf "$tmp"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); echo "ok $((pass + fail)) $1"; }
nok() {
	fail=$((fail + 1))
	echo "not ok $((pass + fail)) $1"
	shift
	printf '#   %s\n' "$@"
}
check() { # DESC COND-STATUS [DIAG...]
	local d=$1 st=$2
	shift 2
	if [ "$st" = 0 ]; then ok "$d"; else nok "$d" "$@"; fi
}

# files under the store, with their contents' hashes
store_snap() { (cd "$1" 2>/dev/null && find . -type f ! -name lock -print0 |
	sort -z | xargs -0 -r sha256sum); }

st=$tmp/store
cp "$here/tests/fig3.yaml" "$tmp/fig3.yaml"

# ---- invalid input: refused, nothing written ----
bad() { # DESC EXPECTED-SUBSTRING FILE
	local desc=$1 want=$2 out rc before after
	before=$(store_snap "$st")
	out=$("$C" -s "dir:$st" apply "$3" 2>&1)
	rc=$?
	after=$(store_snap "$st")
	if [ "$rc" = 1 ] && [[ $out == *"$want"* ]] && [ "$before" = "$after" ] &&
		! cmp -s "$3" "$tmp/fig3.yaml"; then
		ok "refused, store untouched: $desc"
	else
		nok "refused, store untouched: $desc" "exit $rc" "output: $out" \
			"want: $want" "store changed: $([ "$before" = "$after" ] && echo no || echo yes)"
	fi
}
"$C" -s "dir:$st" apply "$tmp/fig3.yaml" >/dev/null
sed 's/mac: "02:00:00:00:00:02", ip: 198.51.100.2}$/mac: "02:00:00:00:00:01", ip: 198.51.100.2}/' \
	"$tmp/fig3.yaml" >"$tmp/b1.yaml"
bad "duplicate MAC in a PAN (B takes A's)" \
	'b1.yaml:29:41: vms[1].mac: duplicate MAC 02:00:00:00:00:01 in PAN 2: VM "A" (line 28) has it already' "$tmp/b1.yaml"
sed 's/host: host5, mac: "02:00:00:00:00:02"/host: host9, mac: "02:00:00:00:00:02"/' \
	"$tmp/fig3.yaml" >"$tmp/b2.yaml"
bad "VM on an unknown host" 'b2.yaml:45:29: vms[17].host: unknown host "host9" (not in hosts)' "$tmp/b2.yaml"
sed 's/{id: 6, encap: vxlan}/{id: 16777216, encap: vxlan}/' "$tmp/fig3.yaml" >"$tmp/b3.yaml"
bad "PAN id out of range" 'b3.yaml:26:10: pans[5].id: 16777216 is out of range 1..16777214' "$tmp/b3.yaml"
printf 'hosts: [{name: a, segment: s, ip4: 192.0.2.1}\n' >"$tmp/b4.yaml"
bad "malformed YAML" "b4.yaml:2:1: did not find expected ',' or ']'" "$tmp/b4.yaml"
printf '{"hosts": [{"name": "a", "segment": "s", "ip4": "192.0.2.1"}],\n "pans": [{"id": 1 "encap": "vxlan"}]}\n' >"$tmp/b5.yaml"
bad "malformed JSON" "b5.yaml:2:27: did not find expected ',' or '}'" "$tmp/b5.yaml"
sed 's/size: 64}/size: 17}/' "$tmp/fig3.yaml" >"$tmp/b6.yaml"
bad "external MAC pool exhausted" \
	'b6.yaml:13:1: ext-mac-pool: exhausted: 17 external MACs, and VM "R" (line 45) needs one more' "$tmp/b6.yaml"

# ---- apply: only what changed ----
rm -rf "$st"
out=$("$C" -s "dir:$st" apply "$tmp/fig3.yaml")
[[ $out == *"17 keys written on 5 of 5 hosts"* ]]
check "first apply: 17 keys (5 switches, 12 PAN tables) on 5 hosts" $? "$out"
out=$("$C" -s "dir:$st" apply "$tmp/fig3.yaml")
[[ $out == *"0 keys written on 0 of 5 hosts"* ]]
check "the same topology again: nothing written" $? "$out"
[ "$(cat "$st/hosts/host2/desired/generation")" = 1 ]
check "host 2 is at generation 1" $?
diff <("$C" show "$tmp/fig3.yaml" host2 | sed -n '/^# host2 pans\/5/,/^# /p' | grep -v '^#') \
	<(cat "$st/hosts/host2/desired/pans/5") >/dev/null
check "what show prints is what was written (host 2, N5)" $?

out=$("$C" show "$tmp/fig3.yaml" --vm E)
[ "$(echo "$out" | awk '{print $1 "/" $3 "/" $5}' | tr '\n' ' ')" = "host1/entry/encap host2/entry/xlate host4/port/vm " ]
check "show --vm E: one line per host with E: encap (host 1), xlate (host 2), local (host 4)" $? "$out"
echo "$out" | sed 's/^/#   /'


# ---- migrate E (N2) from host 4 to host 1, across the router ----
# A stand-in for the agents: report every host's generation as applied.
(while :; do
	for h in "$st"/hosts/*; do
		g=$(cat "$h/desired/generation" 2>/dev/null) || continue
		printf 'generation %s\nresult ok\npending\n' "$g" >"$h/status.tmp"
		mv "$h/status.tmp" "$h/status"
		# what a destination was prepared with (the hold entry)
		grep -ls ' hold' "$h"/desired/pans/* 2>/dev/null |
			while read -r f; do cp "$f" "$tmp/prepared-${h##*/}"; done
	done
	sleep 0.05
done) &
fake=$!
store_snap "$st" >"$tmp/before"
out=$("$C" -s "dir:$st" -v -w 5 migrate "$tmp/fig3.yaml" E host1 --exec true)
rc=$?
echo "$out" | sed 's/^/#   /'
check "migrate E host1 succeeds" $rc "$out"
changed=$(diff <(cat "$tmp/before") <(store_snap "$st") | sed -n 's/^> [0-9a-f]*  \.\///p' |
	grep -v status | sort | tr '\n' ' ')
[ "$changed" = "hosts/host1/desired/generation hosts/host1/desired/pans/2 hosts/host2/desired/generation hosts/host2/desired/pans/2 hosts/host4/desired/generation " ]
check "only the hosts with PAN 2 were written (1, 2, 4); 3 and 5 untouched" $? "changed: $changed"
[ ! -e "$st/hosts/host4/desired/pans/2" ]
check "host 4 had its last VM of N2 leave: N2 is removed there (FIG. 8)" $?
grep -q "port E vm E" "$st/hosts/host1/desired/pans/2" &&
	grep -q "entry 02:00:00:00:00:03 encap vxlan remote 192.0.2.129 vm E" "$st/hosts/host2/desired/pans/2"
check "E is a port on host 1 and encap from host 2 (now behind the router)" $?
steps=$(echo "$out" | grep -o '[1-4]\. [a-z]*\|host[0-9]: put pans/2\|host[0-9]: delete pans/2' | tr '\n' ' ')
[ "$steps" = "host1: put pans/2 1. destination host2: put pans/2 2. other 3. moving host4: delete pans/2 4. source host1: put pans/2 " ]
check "the workflow's order (86_migration's): destination with a hold entry, other hosts toward it, move, source and destination's final table" $? "$steps"
[[ $out == *"4. source host4 cleaned: 1 keys (its last VM of the PAN left"* ]] &&
	[[ $out == *"2. other hosts pointed at host1: 1 keys on 1 hosts"* ]] &&
	[[ $out == *"host1's hold entry and bounds removed: 1 keys"* ]]
check "keys counted: destination 1 (+1 after the move), others 1 (host 2), source 1 (a delete)" $? "$out"
grep -qx "entry 02:00:00:00:00:03 hold ext 0a:00:00:00:00:05 vm E" "$tmp/prepared-host1" 2>/dev/null &&
	grep -qx "hold frames 1024 time 5000" "$tmp/prepared-host1" &&
	grep -q "^port E vm E mac 02:00:00:00:00:03" "$tmp/prepared-host1" &&
	! grep -q "hold" "$st/hosts/host1/desired/pans/2"
check "the prepared destination had E's port, a hold entry for its MAC (its external MAC: host 1 shares a network) and hold bounds of -w (5 s); its final table has neither" $? \
	"prepared: $(cat "$tmp/prepared-host1" 2>&1)" "final: $(cat "$st/hosts/host1/desired/pans/2")"
diff <(sed 's/name: E, pan: 2, host: host4/name: E, pan: 2, host: host1/' "$here/tests/fig3.yaml") \
	"$tmp/fig3.yaml" >/dev/null
check "the topology file changed in E's host value only" $?
out=$("$C" -s "dir:$st" apply "$tmp/fig3.yaml")
[[ $out == *"0 keys written"* ]]
check "applying the rewritten topology changes nothing more" $? "$out"
out=$("$C" -s "dir:$st" -w 1 migrate "$tmp/fig3.yaml" E host1 2>&1)
[ $? = 1 ] && [[ $out == *"is on host host1 already"* ]]
check "migrating to where the VM is: refused" $? "$out"
before=$(store_snap "$st")
out=$("$C" -s "dir:$st" -w 5 migrate "$tmp/fig3.yaml" E host4 --exec false 2>&1)
[ $? = 1 ] && [[ $out == *'"false" failed'* ]] &&
	[ "$(store_snap "$st" | grep -v -e status -e generation)" = "$(echo "$before" | grep -v -e status -e generation)" ] &&
	[[ $out == *"host4 put back as it was: 1 keys"* ]] &&
	[[ $out == *"host2 put back as it was: 1 keys"* ]]
check "a failed move: the prepared destination and the other hosts are put back as they were" $? "$out"
grep -q "name: E, pan: 2, host: host1" "$tmp/fig3.yaml"
check "and the topology file says E is still on host 1" $?
kill "$fake"
fake=""

# a host with many more VMs than the topology has PANs: each PAN is
# computed once (the host's PAN list was once sized by the PAN count)
{
	echo "hosts: [{name: x1, segment: A, ip4: 192.0.2.1}, {name: x2, segment: B, ip4: 192.0.2.2}]"
	echo "pans: [{id: 7}]"
	echo "vms:"
	for i in $(seq 0 299); do
		printf '  - {name: v%d, pan: 7, host: x%d, mac: "02:00:00:00:%02x:%02x"}\n' \
			"$i" $((i % 2 + 1)) $((i / 256)) $((i % 256))
	done
} >"$tmp/many.yaml"
out=$("$C" show "$tmp/many.yaml" x1 2>&1)
[ $? = 0 ] && [ "$(grep -c '^# x1 pans/' <<<"$out")" = 1 ] &&
	[ "$(grep -c '^port ' <<<"$out")" = 150 ] && [ "$(grep -c '^entry ' <<<"$out")" = 150 ]
check "300 VMs of one PAN on two hosts: one table per host, 150 ports and 150 entries" $? \
	"$(tail -3 <<<"$out")"

echo "1..$((pass + fail))"
echo "# test-controller: $pass passed, $fail failed"
[ "$fail" = 0 ]
