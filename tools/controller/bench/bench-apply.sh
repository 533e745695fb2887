#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The agent's apply rate into the kernel (make bench-agent: run in the test
# VM as its demo script, where panswitch.ko is loaded). Reports, asserts
# nothing but that each run applied what it should.
#
# One host, h0, alone on its segment; BENCH_PANS PANs (default 10), each
# with one VM on h0 (a veth) and BENCH_PER_PAN VMs (default 10,000) on
# BENCH_HOSTS_PER_PAN hosts of its own (default 10) on other segments:
# h0's desired state is BENCH_PANS x BENCH_PER_PAN encap entries
# (100,000), the PANs' ports and a flood list of BENCH_HOSTS_PER_PAN
# remotes per PAN. Timed, each from an empty
# switch in a fresh namespace unless said:
#   panswitchd --once      read the store, dump the kernel, apply the diff
#   panswitchd --once      again on the full switch: nothing to change
#                          (the restart of an agent)
#   panswitch -b FILE      the same objects as CLI batch lines, made from
#                          the same desired state documents
set -uo pipefail

CTL=${PANSWITCH_CONTROLLER:-$(command -v panswitch-controller || echo /usr/sbin/panswitch-controller)}
AGENT=${PANSWITCHD:-$(command -v panswitchd || echo /usr/sbin/panswitchd)}
PSW=${PANSWITCH:-$(command -v panswitch || echo /usr/sbin/panswitch)}
P=${BENCH_PANS:-10} PER=${BENCH_PER_PAN:-10000} HP=${BENCH_HOSTS_PER_PAN:-10}
N=$((P * PER)) R=$((P * HP))
tmp=$(mktemp -d)
ns=pswbench$$

cleanup()
{
	ip netns del "$ns" 2>/dev/null
	rm -rf "$tmp"
}
trap cleanup EXIT

die()
{
	echo "bench-apply: $*" >&2
	exit 1
}

# fresh_ns: an empty namespace with h0's VM devices (v1..vP).
fresh_ns()
{
	local p

	ip netns del "$ns" 2>/dev/null
	ip netns add "$ns" || return 1
	ip -n "$ns" link set lo up
	for ((p = 1; p <= P; p++)); do
		ip -n "$ns" link add "v$p" type veth peer name "v${p}p" &&
			ip -n "$ns" link set "v$p" up || return 1
	done
}

# timed CMD...: run CMD, print its wall time in seconds (bash's clock:
# the VM's date is busybox's, without %N).
timed()
{
	local t0=$EPOCHREALTIME t1

	"$@" >"$tmp/out" 2>&1 || { cat "$tmp/out" >&2; return 1; }
	t1=$EPOCHREALTIME
	awk -v a="$t0" -v b="$t1" 'BEGIN { printf "%.3f", b - a }'
}

entries() # the encap entries in the namespace's switch
{
	"$PSW" -n "$ns" -j entry show psw0 | jq '[.[] | select(.mode == "encap")] | length'
}

rate() # N SECONDS
{
	awk -v n="$1" -v t="$2" 'BEGIN { printf "%.0f", n / t }'
}

[[ $EUID == 0 ]] || die "run as root, with panswitch.ko loaded (make bench-agent)"
[[ -d /sys/module/panswitch ]] || insmod "${PANSWITCH_KO:-/lib/panswitch/panswitch.ko}" ||
	die "panswitch.ko is not loaded"
for t in "$CTL" "$AGENT" "$PSW"; do
	[[ -x $t ]] || die "$t is not built (make -C tools)"
done
modprobe -q vxlan 2>/dev/null

awk -v P="$P" -v PER="$PER" -v HP="$HP" -v R="$R" 'BEGIN {
	print "version: 1"
	print "ext-mac-pool: {base: \"02:ee:00:00:00:00\", size: 16777216}"
	print "hosts:"
	print "  - {name: h0, segment: A, ip4: 198.18.0.1}"
	for (h = 1; h <= R; h++)
		printf "  - {name: h%d, segment: s%d, ip4: 198.19.%d.%d}\n", h, h, int(h / 256), h % 256
	print "pans:"
	for (p = 1; p <= P; p++)
		printf "  - {id: %d}\n", p
	print "vms:"
	for (p = 1; p <= P; p++) {
		printf "  - {name: l%d, pan: %d, host: h0, mac: \"02:00:00:00:00:01\", dev: v%d}\n", p, p, p
		for (v = 0; v < PER; v++)
			printf "  - {name: r%d-%d, pan: %d, host: h%d, mac: \"02:01:00:%02x:%02x:%02x\"}\n", p, v, p, (p - 1) * HP + v % HP + 1, int(v / 65536) % 256, int(v / 256) % 256, v % 256
	}
}' >"$tmp/t.yaml"
echo "topology: h0 and $R other hosts, $P PANs of one VM on h0 and $PER on $HP other hosts"
t=$(timed "$CTL" -s "dir:$tmp/store" apply "$tmp/t.yaml") || die "controller apply failed"
echo "controller apply (every host, dir store): $t s"

# the same state as CLI batch lines, from h0's documents
"$CTL" show "$tmp/t.yaml" h0 | awk '
	/^# h0 pans\// { pan = substr($3, 6); next }
	/^#/ { next }
	$1 == "switch" { print "switch add " $2; sw = $2; next }
	$1 == "local4" { print "switch set " sw " underlay " $2; next }
	$1 == "local6" { print "switch set " sw " underlay6 " $2; next }
	$1 == "vxlan-port" || $1 == "uplink" { next }
	$1 == "pan" { print "pan add " sw " " $2; next }
	$1 == "port" { printf "port add %s dev %s pan %s mac %s\n", sw, $2, pan, $6; next }
	$1 == "entry" { printf "entry add %s pan %s mac %s encap %s remote %s\n", sw, pan, $2, $4, $6; next }
	$1 == "flood" && $2 == "remote" { printf "pan set %s %s flood add remote %s encap %s\n", sw, pan, $3, $5; next }
	{ print "bench-apply: unexpected line: " $0 > "/dev/stderr"; exit 1 }
' >"$tmp/batch" || die "cannot make the batch file"
echo "batch file: $(wc -l <"$tmp/batch") lines, $(grep -c '^entry add' "$tmp/batch") entries"

fresh_ns || die "namespace"
t1=$(timed ip netns exec "$ns" "$AGENT" -s "dir:$tmp/store" -H h0 --once) ||
	die "panswitchd --once failed"
n=$(entries)
[[ $n == "$N" ]] || die "panswitchd applied $n encap entries, not $N"
echo "BENCH agent_apply entries=$N seconds=$t1 rate=$(rate "$N" "$t1")"
t2=$(timed ip netns exec "$ns" "$AGENT" -s "dir:$tmp/store" -H h0 --once) ||
	die "panswitchd --once (again) failed"
echo "BENCH agent_resync entries=$N seconds=$t2 rate=$(rate "$N" "$t2") (nothing to change)"

fresh_ns || die "namespace"
t3=$(timed "$PSW" -n "$ns" -b "$tmp/batch") || die "panswitch -b failed"
n=$(entries)
[[ $n == "$N" ]] || die "panswitch -b made $n encap entries, not $N"
echo "BENCH cli_batch entries=$N seconds=$t3 rate=$(rate "$N" "$t3")"

echo
echo "| what | $N entries | entries/s |"
echo "|---|---|---|"
echo "| panswitchd --once, empty switch | $t1 s | $(rate "$N" "$t1") |"
echo "| panswitchd --once, nothing to change | $t2 s | $(rate "$N" "$t2") |"
echo "| panswitch -b, same objects | $t3 s | $(rate "$N" "$t3") |"
