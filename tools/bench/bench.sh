#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# bench.sh - guest side of `make bench` (and of selftests/85_bench_smoke.sh).
# Runs as root inside the test VM, builds one namespace + veth topology per
# (scenario, contender), drives them with in-kernel pktgen in interleaved
# rounds and prints raw results only, one line each; the statistics are done
# on the host (tools/bench/report.py):
#
#   BENCH info KEY VALUE...
#   BENCH skip SCENARIO CONTENDER REASON...
#   BENCH run SCENARIO GEN CONTENDER ROUND DELIVERED USEC SENT
#   BENCH error SCENARIO GEN CONTENDER ROUND WHAT... (a run that failed)
#   BENCH scale N ROUND DELIVERED USEC SENT
#   BENCH scale_flooded N FRAMES (panswitch flooded: must be 0)
#   BENCH mem TOOL N MEMAVAIL_DELTA_BYTES SLAB_DELTA_BYTES
#   BENCH install TOOL N USEC RC
#   BENCH dump TOOL N USEC LINES
#   BENCH done RC
#
# DELIVERED is read at the sink (its rx_otherhost_dropped counter: every
# frame that reached the sink's ip_rcv), never pktgen's own count; USEC is
# pktgen's elapsed time for the run; SENT is pktgen's count.
#
# Settings (environment, else psw_bench_*= on the kernel command line):
#   BENCH_ROUNDS  rounds per generator, the first is discarded (default 8)
#   BENCH_COUNT   frames per run (default 100000)
#   BENCH_GENS    generators: netif_receive start_xmit (default both)
#   BENCH_SCALE   table sizes for the scale runs, comma separated
#                 (default 1,1000,65536,1048576; empty: no scale runs)
#   BENCH_SCALE_ROUNDS  rounds per table size (default 3)
#
# Scenarios: a scenario S exists for contender C when the function
# setup_S_C is defined (see "Scenario table" below). A scenario runs only if
# panswitch implements it (setup_S_psw); the floor contenders are part of
# every scenario. Encap/decap scenarios slot in by adding their functions
# and their name to SCENARIOS.
set -u
export LC_ALL=C PATH=/usr/sbin:/usr/bin:/sbin:/bin

cmdline_opt() {	# NAME DEFAULT
	local a v=$2
	for a in $(</proc/cmdline); do
		case $a in "psw_bench_$1="*) v=${a#*=} ;; esac
	done
	echo "$v"
}
ROUNDS=${BENCH_ROUNDS:-$(cmdline_opt rounds 8)}
COUNT=${BENCH_COUNT:-$(cmdline_opt count 100000)}
GENS=${BENCH_GENS:-$(cmdline_opt gens netif_receive,start_xmit)}
SCALE=${BENCH_SCALE-$(cmdline_opt scale 1,1000,65536,1048576)}
SCALE_ROUNDS=${BENCH_SCALE_ROUNDS:-$(cmdline_opt scale_rounds 3)}
PSW=${PANSWITCH:-/usr/sbin/panswitch}
PANSWITCH_KO=${PANSWITCH_KO:-/lib/panswitch/panswitch.ko}

# Scenario table. Order: the floor first (the ratios and marginal costs
# are relative to it), then the contenders, panswitch last.
SCENARIOS=(l2)		# later: xlate encap decap
CONTENDERS=(floor mirred bridge ovs psw)
declare -A CODE=([floor]=fl [mirred]=mr [bridge]=br [ovs]=ov [psw]=ps)

SMAC=02:00:00:00:10:01	# source VM
DMAC=02:00:00:00:10:02	# destination VM (the entry / fdb / flow)
KMAC=02:00:00:00:10:fe	# the sink's own address: DMAC frames are OTHERHOST there
SIP=198.51.100.1 DIP=198.51.100.2
# Scale: entries are 02:10:00:00:00:00 + 0 .. N-1 (pktgen dst_mac_count N).

out() { echo "BENCH $*"; }
log() { echo "# $*" >&2; }
TMP=$(mktemp -d /tmp/bench.XXXXXX)

# ---------------------------------------------------------------- helpers
nsx() {	# NS CMD...: run CMD in NS ("-" = here)
	local ns=$1
	shift
	if [ "$ns" = - ]; then "$@"; else ip netns exec "$ns" "$@"; fi
}
sysctl_w() { nsx "$1" sh -c "[ ! -e /proc/sys/$2 ] || echo $3 > /proc/sys/$2"; }

# veth_pair NAME NS PEERNAME MAC: NAME here, PEERNAME in NS with MAC; up, no IPv6.
veth_pair() {
	local name=$1 ns=$2 peer=$3 mac=$4
	ip netns list | grep -qw "^$ns" || {
		ip netns add "$ns" || return 1
		sysctl_w "$ns" net/ipv6/conf/all/disable_ipv6 1
		sysctl_w "$ns" net/ipv6/conf/default/disable_ipv6 1
		ip -n "$ns" link set lo up
	}
	ip link add "$name" type veth peer name "$peer" netns "$ns" || return 1
	sysctl_w - "net/ipv6/conf/$name/disable_ipv6" 1
	ip -n "$ns" link set "$peer" address "$mac" &&
		ip -n "$ns" link set "$peer" up && ip link set "$name" up
}

# otherhost NS DEV: frames DEV dropped at ip_rcv as not for this host.
otherhost() {
	local v
	v=$(nsx "$1" ip -j -s -s link show dev "$2" 2>/dev/null |
		jq -r '[.[0].stats64.rx | to_entries[] | select(.key | test("otherhost")) | .value] | add // 0')
	echo "${v:-0}"
}

# pg_run NS DEV MODE COUNT DSTCOUNT [DSTMAC]: one pktgen run on DEV in NS,
# to DSTMAC (default DMAC; with DSTCOUNT > 1 a random one of DSTMAC +
# 0 .. DSTCOUNT-1); prints "USEC SENT", or fails with pktgen's complaint
# on stderr.
pg_run() {
	nsx "$1" bash -s "$2" "$3" "$4" "$5" "$SMAC" "${6:-$DMAC}" "$SIP" "$DIP" \
		"${PG_SHARED_OFF:-0}" <<'PGEOF'
dev=$1 mode=$2 count=$3 dcount=$4 smac=$5 dmac=$6 sip=$7 dip=$8 noshared=$9
cd /proc/net/pktgen || exit 1
pgset() {	# FILE CMD
	echo "$2" >"$1" 2>/dev/null
	if [ "$1" != pgctrl ] && ! grep -q '^Result: OK' "$1"; then
		echo "pktgen $1: '$2': $(grep '^Result' "$1")" >&2
		return 1
	fi
}
# rem_device_all is asynchronous: wait until the thread lists no device,
# so that "start" never runs a leftover one too.
pg_clear() {
	local i
	echo rem_device_all >kpktgend_0
	for ((i = 0; i < 200; i++)); do
		[ -z "$(sed -n 's/^\(Running\|Stopped\): *//p' kpktgend_0 | tr -d ' \n')" ] && return 0
		sleep 0.05
	done
	echo "pktgen: kpktgend_0 still has devices" >&2
	return 1
}
pg_clear || exit 1
echo "add_device $dev" >kpktgend_0
pgset "$dev" "xmit_mode $mode" || exit 1
pgset "$dev" "count $count" || exit 1
pgset "$dev" "pkt_size 60" || exit 1
pgset "$dev" "delay 0" || exit 1
pgset "$dev" "burst 1" || exit 1
pgset "$dev" "src_mac $smac" || exit 1
pgset "$dev" "dst_mac $dmac" || exit 1
pgset "$dev" "src_min $sip" && pgset "$dev" "src_max $sip" || exit 1
pgset "$dev" "dst $dip" || exit 1
if [ "$dcount" -gt 1 ]; then
	pgset "$dev" "dst_mac_count $dcount" || exit 1
	pgset "$dev" "flag MACDST_RND" || exit 1
fi
if [ "$noshared" = 1 ] && [ "$mode" = netif_receive ]; then
	pgset "$dev" "flag !SHARED" || exit 1
fi
echo start >pgctrl
# "start" returns once no thread is running a device, which under TCG can
# be before the thread even began ("Result: Starting"): wait for the end.
for ((i = 0; i < 6000; i++)); do
	grep -Eq '^Result: (OK: [0-9]+\(c|.*ERROR)' "$dev" && break
	sleep 0.1
done
res=$(grep -A1 '^Result' "$dev")
pg_clear
# Result: OK: 1234(c1200+d34) usec, 100000 (60byte,0frags)
[[ $res =~ Result:\ OK:\ ([0-9]+)\(.*usec,\ ([0-9]+)\ \( ]] ||
	{ echo "pktgen $dev: $res" >&2; exit 1; }
echo "${BASH_REMATCH[1]} ${BASH_REMATCH[2]}"
PGEOF
}

# ------------------------------------------------------- scenario table
# setup_S_C S C: build contender C for scenario S. Names: ${S}${code}i is
# the ingress port (here; its peer eth0 is in namespace bs-${S}${code}, the
# source for start_xmit), ${S}${code}o the egress port (peer eth0 in
# bd-${S}${code}, the sink, where frames are counted; the floor has no
# egress: its frames are counted on the ingress port). setup_all derives
# the names. Returns 4 to skip (reason on stdout).

common_ports() {	# S C [noegress]
	local n=$1${CODE[$2]}
	veth_pair "${n}i" "bs-$n" eth0 "$SMAC" || return 1
	[ "${3:-}" = noegress ] || veth_pair "${n}o" "bd-$n" eth0 "$KMAC"
}

# floor: no switch; frames to DMAC are dropped at the ingress port's ip_rcv.
setup_l2_floor() { common_ports "$1" "$2" noegress; }

# tc matchall + mirred egress redirect: forwarding with no lookup.
setup_l2_mirred() {
	local n=$1${CODE[$2]}
	common_ports "$1" "$2" || return 1
	tc qdisc add dev "${n}i" clsact &&
		tc filter add dev "${n}i" ingress matchall action mirred egress redirect dev "${n}o"
}

# Linux bridge: static fdb entry, learning off, no STP, vlan_filtering 0.
setup_l2_bridge() {
	local n=$1${CODE[$2]} p
	common_ports "$1" "$2" || return 1
	[ -d /sys/module/br_netfilter ] && { echo "br_netfilter is loaded"; return 4; }
	ip link add "${n}b" type bridge stp_state 0 forward_delay 0 vlan_filtering 0 \
		mcast_snooping 0 || return 1
	sysctl_w - "net/ipv6/conf/${n}b/disable_ipv6" 1
	for p in "${n}i" "${n}o"; do
		ip link set "$p" master "${n}b" || return 1
		bridge link set dev "$p" learning off || return 1
	done
	ip link set "${n}b" up || return 1
	bridge fdb add "$DMAC" dev "${n}o" master static || return 1
	for p in "${n}i" "${n}o"; do
		for _ in $(seq 50); do
			bridge -j link show dev "$p" | jq -e '.[0].state == "forwarding"' >/dev/null && break
			sleep 0.1
		done
	done
}

# Open vSwitch kernel datapath, ovs-dpctl only (no ovs-vswitchd), one exact flow.
setup_l2_ovs() {
	local n=$1${CODE[$2]}
	command -v ovs-dpctl >/dev/null || { echo "ovs-dpctl not in the image"; return 4; }
	modprobe openvswitch 2>/dev/null || { echo "no openvswitch module"; return 4; }
	common_ports "$1" "$2" || return 1
	ovs-dpctl add-dp "${n}d" || return 1
	ovs-dpctl add-if "${n}d" "${n}i,port_no=1" || return 1
	ovs-dpctl add-if "${n}d" "${n}o,port_no=2" || return 1
	ovs-dpctl add-flow "${n}d" \
		"in_port(1),eth(src=$SMAC,dst=$DMAC),eth_type(0x0800),ipv4(src=$SIP,dst=$DIP,proto=17,frag=no),udp(src=9,dst=9)" 2
}

# panswitch: both VMs in PAN 100; the ports' MACs are its static local entries.
setup_l2_psw() {
	local n=$1${CODE[$2]}
	[ -d /sys/module/panswitch ] || insmod "$PANSWITCH_KO" || return 1
	common_ports "$1" "$2" || return 1
	"$PSW" switch add "${n}w" && ip link set "${n}w" up &&
		"$PSW" pan add "${n}w" 100 &&
		"$PSW" port add "${n}w" dev "${n}i" pan 100 mac "$SMAC" &&
		"$PSW" port add "${n}w" dev "${n}o" pan 100 mac "$DMAC"
}

# ------------------------------------------------------------ the rounds
declare -A T_IN T_SRC T_SNS T_SDEV
RUNS=()		# "S C" that were set up

setup_all() {
	local s c msg rc
	for s in "${SCENARIOS[@]}"; do
		declare -F "setup_${s}_psw" >/dev/null || continue
		for c in "${CONTENDERS[@]}"; do
			declare -F "setup_${s}_$c" >/dev/null || continue
			rc=0
			msg=$("setup_${s}_$c" "$s" "$c" 2>&1) || rc=$?
			# The function ran in a subshell: recompute the names.
			if [ "$rc" = 0 ]; then
				local n=$s${CODE[$c]}
				T_IN[$s $c]=${n}i T_SRC[$s $c]=bs-$n
				if [ "$c" = floor ]; then
					T_SNS[$s $c]=- T_SDEV[$s $c]=${n}i
				else
					T_SNS[$s $c]=bd-$n T_SDEV[$s $c]=eth0
				fi
				RUNS+=("$s $c")
			else
				[ "$rc" = 4 ] || msg="setup failed (rc $rc): $msg"
				out skip "$s" "$c" "$(echo "$msg" | tr '\n' ' ')"
			fi
		done
	done
}

# one S GEN C ROUND COUNT [DCOUNT]
one() {
	local s=$1 gen=$2 c=$3 r=$4 count=$5 dcount=${6:-1} ns dev b a res
	if [ "$gen" = netif_receive ]; then
		ns=- dev=${T_IN[$s $c]}
	else
		ns=${T_SRC[$s $c]} dev=eth0
	fi
	b=$(otherhost "${T_SNS[$s $c]}" "${T_SDEV[$s $c]}")
	res=$(pg_run "$ns" "$dev" "$gen" "$count" "$dcount") || { out error "$s" "$gen" "$c" "$r" pktgen failed; return 1; }
	sleep 0.2	# let the backlog drain
	a=$(otherhost "${T_SNS[$s $c]}" "${T_SDEV[$s $c]}")
	# shellcheck disable=SC2086 # "USEC SENT" into $1 $2
	set -- $res
	out run "$s" "$gen" "$c" "$r" $((a - b)) "$1" "$2"
}

# ------------------------------------------------------------------ scale
meminfo() { awk -v k="$1:" '$1 == k { print $2 * 1024 }' /proc/meminfo; }
usec_now() { echo "${EPOCHREALTIME/./}"; }	# busybox date has no %N

scale_one() {
	local n=$1 r t0 t1 m0 m1 s0 s1 res a b rc lines
	local sw=scw
	awk -v n="$n" -v sw="$sw" 'BEGIN { for (i = 0; i < n; i++)
		printf "entry add %s pan 100 mac 02:10:%02x:%02x:%02x:%02x local dev scao\n",
			sw, int(i / 16777216) % 256, int(i / 65536) % 256, int(i / 256) % 256, i % 256 }' >"$TMP/psw.batch"
	awk -v n="$n" 'BEGIN { for (i = 0; i < n; i++)
		printf "fdb add 02:10:%02x:%02x:%02x:%02x dev scbo master static\n",
			int(i / 16777216) % 256, int(i / 65536) % 256, int(i / 256) % 256, i % 256 }' >"$TMP/br.batch"

	# panswitch: install, memory, pps with random destinations, dump.
	"$PSW" switch add $sw && ip link set $sw up && "$PSW" pan add $sw 100 &&
		"$PSW" port add $sw dev scai pan 100 mac "$SMAC" &&
		"$PSW" port add $sw dev scao pan 100 mac 02:20:00:00:00:01 || return 1
	sync; echo 3 >/proc/sys/vm/drop_caches 2>/dev/null
	m0=$(meminfo MemAvailable) s0=$(meminfo Slab)
	t0=$(usec_now)
	"$PSW" -b "$TMP/psw.batch" >/dev/null; rc=$?
	t1=$(usec_now)
	m1=$(meminfo MemAvailable) s1=$(meminfo Slab)
	out install panswitch "$n" $((t1 - t0)) "$rc"
	out mem panswitch "$n" $((m0 - m1)) $((s1 - s0))
	for ((r = 0; r < SCALE_ROUNDS; r++)); do
		b=$(otherhost bd-sca eth0)
		res=$(pg_run - scai netif_receive "$SCALE_COUNT" "$n" 02:10:00:00:00:00) || break
		sleep 0.2
		a=$(otherhost bd-sca eth0)
		# shellcheck disable=SC2086
		set -- $res
		out scale "$n" "$r" $((a - b)) "$1" "$2"
	done
	# Every frame must have hit an entry: a flood would measure the wrong path.
	out scale_flooded "$n" "$("$PSW" -j stats show $sw port scai | jq '.[0].flooded')"
	t0=$(usec_now)
	lines=$("$PSW" entry show $sw | wc -l)
	t1=$(usec_now)
	out dump panswitch "$n" $((t1 - t0)) "$lines"
	"$PSW" switch del $sw

	# The bridge with the same N static fdb entries.
	ip link add scbb type bridge stp_state 0 vlan_filtering 0 &&
		ip link set scbo master scbb && ip link set scbb up || return 1
	sync; echo 3 >/proc/sys/vm/drop_caches 2>/dev/null
	m0=$(meminfo MemAvailable) s0=$(meminfo Slab)
	t0=$(usec_now)
	bridge -batch "$TMP/br.batch" >/dev/null; rc=$?
	t1=$(usec_now)
	m1=$(meminfo MemAvailable) s1=$(meminfo Slab)
	out install bridge "$n" $((t1 - t0)) "$rc"
	out mem bridge "$n" $((m0 - m1)) $((s1 - s0))
	t0=$(usec_now)
	lines=$(bridge fdb show br scbb | wc -l)
	t1=$(usec_now)
	out dump bridge "$n" $((t1 - t0)) "$lines"
	ip link del scbb
	rm -f "$TMP/psw.batch" "$TMP/br.batch"
}

scale_all() {
	local n
	[ -n "${SCALE//,/}" ] || return 0
	[ -d /sys/module/panswitch ] || insmod "$PANSWITCH_KO" || return 1
	veth_pair scai bs-sca eth0 "$SMAC" && veth_pair scao bd-sca eth0 "$KMAC" &&
		ip link add scbo type veth peer name scbp && ip link set scbo up &&
		ip link set scbp up || return 1
	for n in ${SCALE//,/ }; do
		log "scale: $n entries"
		scale_one "$n" || out skip scale "$n" "setup failed"
	done
	ip link del scai; ip link del scao; ip link del scbo
	ip netns del bs-sca; ip netns del bd-sca
}

# ------------------------------------------------------------------ main
teardown() {
	local ns d
	for d in $(ovs-dpctl dump-dps 2>/dev/null); do ovs-dpctl del-dp "${d#system@}"; done
	for ns in $(ip netns list | awk '$1 ~ /^b[sd]-/ { print $1 }'); do ip netns del "$ns"; done
	ip -o link show | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' |
		grep -E '^(l2|sc)[a-z]+[iowb]$|^scbo$|^scw$' | while read -r d; do ip link del "$d" 2>/dev/null; done
	rm -rf "$TMP"
}
trap teardown EXIT

modprobe veth; modprobe pktgen || { out info error "no pktgen"; out "done" 1; exit 1; }
modprobe sch_ingress 2>/dev/null; modprobe cls_matchall 2>/dev/null; modprobe act_mirred 2>/dev/null
modprobe bridge
SCALE_COUNT=${BENCH_SCALE_COUNT:-$(cmdline_opt scale_count "$COUNT")}
out info kernel "$(uname -r)"
out info cpus "$(nproc)"
out info cpu "$(awk -F': ' '/^model name/ { print $2; exit }' /proc/cpuinfo)"
out info rounds "$ROUNDS"
out info count "$COUNT"
out info ovs "$(ovs-dpctl --version 2>/dev/null | head -1)"

setup_all
[ ${#RUNS[@]} -gt 0 ] || { out "done" 1; exit 1; }

# Does pktgen accept "flag !SHARED" in netif_receive mode? (A shared skb
# makes the receiver clone it, skb_share_check; a header rewrite would then
# copy.) Probe once on the first ingress device.
probe=$(cd /proc/net/pktgen && echo "add_device ${T_IN[${RUNS[0]}]}" >kpktgend_0 &&
	echo "xmit_mode netif_receive" >"${T_IN[${RUNS[0]}]}" &&
	echo "flag !SHARED" >"${T_IN[${RUNS[0]}]}" && grep '^Result' "${T_IN[${RUNS[0]}]}";
	echo rem_device_all >kpktgend_0)
if [[ $probe == *"Result: OK"* ]]; then
	out info shared_flag accepted "$probe"
	PG_SHARED_OFF=1
else
	out info shared_flag refused "$(echo "$probe" | head -1)"
	PG_SHARED_OFF=0
fi

IFS=, read -ra GENLIST <<<"$GENS"
for ((r = 0; r < ROUNDS; r++)); do
	for gen in "${GENLIST[@]}"; do
		for t in "${RUNS[@]}"; do
			# shellcheck disable=SC2086
			set -- $t
			one "$1" "$gen" "$2" "$r" "$COUNT"
		done
	done
	log "round $r done"
done

scale_all
out "done" 0
