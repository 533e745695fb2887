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
#   BENCH nogen SCENARIO GEN REASON... (a generator a scenario cannot use)
#   BENCH run SCENARIO GEN CONTENDER ROUND DELIVERED USEC SENT
#   BENCH error SCENARIO GEN CONTENDER ROUND WHAT... (a run that failed)
#   BENCH wire SCENARIO GEN CONTENDER ROUND FRAMES COPIES (fanout: the
#         underlay frames the sink received during the run, and the
#         copies per broadcast the contender is built to send;
#         DELIVERED is then FRAMES / COPIES, broadcasts)
#   BENCH window SCENARIO GEN CONTENDER ROUND T0 T1 (the wall clock, in
#         microseconds, before pktgen's start and after its end: the host
#         matches it with the UML process's CPU time and perf's samples)
#   BENCH scale N ROUND DELIVERED USEC SENT (panswitch with N entries)
#   BENCH scale_bridge N ROUND DELIVERED USEC SENT (bridge, N fdb entries)
#   BENCH scale_fixed N ROUND DELIVERED USEC SENT (panswitch with N
#                 entries, every frame to the first: 1-entry run's settings)
#   BENCH scale_bridge_fixed N ROUND DELIVERED USEC SENT (the same, bridge)
#   BENCH scale_ref N ROUND DELIVERED USEC SENT (a second panswitch with
#                 one entry, run in the same round as the N-entry ones:
#                 the paired reference of N against 1 on a loaded host)
#   BENCH scale_window KIND N ROUND T0 T1 (KIND one of the five above)
#   BENCH scale_flooded N FRAMES (panswitch flooded: must be 0)
#   BENCH scale_bridge_flooded N FRAMES (the bridge flooded: must be 0)
#   BENCH mem TOOL N MEMAVAIL_DELTA_BYTES SLAB_DELTA_BYTES
#   BENCH install TOOL N USEC RC
#   BENCH dump TOOL N USEC LINES
#   BENCH done RC
#
# DELIVERED is read at the sink (its rx_otherhost_dropped counter: every
# frame that reached the sink's ip_rcv; fanout: its rx_packets, see
# BENCH wire), never pktgen's own count; USEC is pktgen's elapsed time for
# the run; SENT is pktgen's count.
#
# Settings (environment, else psw_bench_*= on the kernel command line):
#   BENCH_ROUNDS  rounds per generator, the first is discarded (default 8)
#   BENCH_COUNT   frames per run (default 100000)
#   BENCH_GENS    generators, comma separated (default
#                 netif_receive,start_xmit):
#                 netif_receive   pktgen xmit_mode netif_receive into the
#                                 ingress port, a shared skb (pktgen's
#                                 default, the only choice 6.1's pktgen
#                                 has): a switch's rx_handler clones it
#                 netif_unshared  the same with `flag !SHARED` (6.12's
#                                 pktgen): an skb of the receiver's own,
#                                 as a VM's frame from a tap device; where
#                                 pktgen refuses the flag, BENCH nogen
#                 start_xmit      pktgen start_xmit on the veth peer of
#                                 the ingress port, in a source namespace
#   BENCH_SCALE   table sizes for the scale runs, comma separated
#                 (default 1,1000,65536,1048576; empty: no scale runs)
#   BENCH_SCALE_ROUNDS  rounds per table size (default 3)
#   BENCH_SCALE_DUMP    1 (default): time a dump of each table; 0: do not
#   BENCH_SCENARIOS     scenarios, comma separated (default
#                       l2,xlate,encap,decap,flood,fanout,trunk)
#
# Scenarios: a scenario S exists for contender C when the function
# setup_S_C is defined (see "Scenario table" below). A scenario runs only if
# panswitch implements it (setup_S_psw); the floor contenders are part of
# every scenario. A setup function that returns 4 prints why the contender
# cannot take part (BENCH skip); topo() says where each one's generator
# and sink are.
#   l2     local L2: vm port -> vm port (switch in this namespace)
#   xlate  MAC rewrite: vm port -> uplink, both MACs rewritten to external
#          ones (this namespace)
#   encap  VXLAN encap over IPv4: vm port -> VXLAN (VNI 100) to REM4; the
#          switch in its own namespace bw-*, the sink is the far end of the
#          underlay veth
#   decap  VXLAN decap: a Linux vxlan device (VNI 100) in the sender's
#          namespace encapsulates pktgen's frames toward LOC4; the switch
#          (namespace bw-*) decapsulates them to the sink's veth
#   flood  unknown unicast: as l2, but to FMAC, which no table holds; the
#          switch floods it to its two other ports, the sink's and a
#          second VM's (namespace bp-*)
#   fanout a broadcast from a vm port to FANOUT (8) remote VTEPs over
#          VXLAN/IPv4 (issue 16): the encap topology (namespace bw-*), every
#          remote's neighbour entry RMAC; one copy per remote (head-end:
#          panswitch's flood list, Linux vxlan's all-zeros fdb entries) or
#          one to the group GROUP4 (panswitch's `pan set ... group`, a Linux
#          vxlan device with `group`). The sink, the far end of the
#          underlay veth, counts every frame on the wire (rx_packets)
#   trunk  issue 17's classified trunk path: as l2, but the frames enter
#          panswitch through a trunk port (`trunk classify oui`) whose
#          tenant map names PAN 100 for SMAC's OUI: one tenant lookup per
#          frame; against the same switch with a vm port fixed to PAN 100
#          (contender vm, l2's panswitch)
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
SCALE_DUMP=${BENCH_SCALE_DUMP:-$(cmdline_opt scale_dump 1)}
SCENARIO_LIST=${BENCH_SCENARIOS:-$(cmdline_opt scenarios l2,xlate,encap,decap,flood,fanout,trunk)}
PSW=${PANSWITCH:-/usr/sbin/panswitch}
PANSWITCH_KO=${PANSWITCH_KO:-/lib/panswitch/panswitch.ko}

# Scenario table. Order: the floor first (the ratios and marginal costs
# are relative to it), then the contenders, panswitch last.
SCENARIOS=()
for s in l2 xlate encap decap flood fanout trunk; do
	[[ ,$SCENARIO_LIST, == *,$s,* ]] && SCENARIOS+=("$s")
done
# vxhead and head: fanout's head-end contenders (Linux vxlan, panswitch);
# vm: trunk's reference, panswitch with a vm port fixed to the PAN.
CONTENDERS=(floor mirred bridge ovs vxhead head vm psw)
declare -A CODE=([floor]=fl [mirred]=mr [bridge]=br [ovs]=ov [vxhead]=vh [head]=he [vm]=vm [psw]=ps)

SMAC=02:00:00:00:10:01	# source VM
DMAC=02:00:00:00:10:02	# destination VM (the entry / fdb / flow)
KMAC=02:00:00:00:10:fe	# the sink's own address: DMAC frames are OTHERHOST there
FMAC=02:00:00:00:10:99	# flood: a destination no table holds
PMAC=02:00:00:00:10:03	# flood: the second VM behind the switch
SIP=198.51.100.1 DIP=198.51.100.2
# xlate: the external MACs of the source VM (its port's) and of the
# destination VM (the xlate entry, OVS's set(eth()), tc pedit).
SEXT=02:00:00:00:30:01 DEXT=02:00:00:00:30:02
# encap/decap underlay: the switch host LOC4 on its port UMAC; the remote
# VTEP REM4 (encap: a neighbour entry to RMAC, which is not the sink's
# address, so the VXLAN packets are OTHERHOST at the sink; decap: the
# sender's own port, RMAC). VXMAC: the decap floor's neighbour entry for
# LOC4 at the sender, not the switch host's, so the packets end at its ip_rcv.
LOC4=192.0.2.1 REM4=192.0.2.2 UMAC=02:00:00:00:20:01 RMAC=02:00:00:00:20:02
VXMAC=02:00:00:00:20:fe VNI=100 VXPORT=4789
# fanout: FANOUT remote VTEPs 192.0.2.2 .. (REM4 first), all behind RMAC;
# the PAN's / vxlan device's group GROUP4, outer TTL GTTL (panswitch's
# default; Linux vxlan's is 1 for a group: set explicitly).
BMAC=ff:ff:ff:ff:ff:ff FANOUT=8 GROUP4=239.1.1.100 GTTL=16
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

# ns_add NS: create NS (once) with IPv6 off and lo up.
ns_add() {
	ip netns list | grep -qw "^$1" && return 0
	ip netns add "$1" || return 1
	sysctl_w "$1" net/ipv6/conf/all/disable_ipv6 1
	sysctl_w "$1" net/ipv6/conf/default/disable_ipv6 1
	ip -n "$1" link set lo up
}
ipn() {	# NS ARGS...: ip in NS ("-" = here)
	local ns=$1
	shift
	if [ "$ns" = - ]; then ip "$@"; else ip -n "$ns" "$@"; fi
}

# veth_pair NAME NS PEERNAME MAC: NAME here, PEERNAME in NS with MAC; up, no IPv6.
veth_pair() {
	local name=$1 ns=$2 peer=$3 mac=$4
	ns_add "$ns" || return 1
	ip link add "$name" type veth peer name "$peer" netns "$ns" || return 1
	sysctl_w - "net/ipv6/conf/$name/disable_ipv6" 1
	ip -n "$ns" link set "$peer" address "$mac" &&
		ip -n "$ns" link set "$peer" up && ip link set "$name" up
}

# link_pair NS1 DEV1 MAC1 NS2 DEV2 MAC2: a veth pair between two namespaces
# (created as needed), both ends up; MAC "" keeps the random one.
link_pair() {
	local n1=$1 d1=$2 m1=$3 n2=$4 d2=$5 m2=$6
	ns_add "$n1" && ns_add "$n2" || return 1
	ip -n "$n1" link add "$d1" type veth peer name "$d2" netns "$n2" || return 1
	[ -z "$m1" ] || ip -n "$n1" link set "$d1" address "$m1" || return 1
	[ -z "$m2" ] || ip -n "$n2" link set "$d2" address "$m2" || return 1
	ip -n "$n1" link set "$d1" up && ip -n "$n2" link set "$d2" up
}

# otherhost NS DEV: frames DEV dropped at ip_rcv as not for this host
# (one process: under UML every one costs the guest's user space dearly).
otherhost() {
	local j re='"[a-z_]*otherhost[a-z_]*":([0-9]+)'
	j=$(ipn "$1" -j -s -s link show dev "$2" 2>/dev/null)
	[[ $j =~ $re ]] && echo "${BASH_REMATCH[1]}" || echo 0
}

# pg_run NS DEV MODE COUNT DSTCOUNT [DSTMAC]: one pktgen run on DEV in NS
# (MODE: netif_receive, netif_unshared or start_xmit),
# to DSTMAC (default DMAC; with DSTCOUNT > 1 a random one of DSTMAC +
# 0 .. DSTCOUNT-1); prints "USEC SENT T0 T1" (T0, T1: the wall clock in
# microseconds before the start and after the end), or fails with
# pktgen's complaint on stderr.
pg_run() {
	nsx "$1" bash -s "$2" "$3" "$4" "$5" "$SMAC" "${6:-$DMAC}" "$SIP" "$DIP" <<'PGEOF'
dev=$1 mode=$2 count=$3 dcount=$4 smac=$5 dmac=$6 sip=$7 dip=$8 noshared=0
# netif_unshared: netif_receive with "flag !SHARED" (see BENCH_GENS).
[ "$mode" = netif_unshared ] && mode=netif_receive noshared=1
cd /proc/net/pktgen || exit 1
# Files are read with bash's own read, no grep or sed: every process
# costs the guest's user space dearly under UML (ptrace).
pg_result() {	# FILE: its "Result: ..." line into REPLY
	local line
	REPLY=""
	while IFS= read -r line; do
		[[ $line == Result:* ]] && { REPLY=$line; return 0; }
	done <"$1"
}
pgset() {	# FILE CMD
	echo "$2" >"$1" 2>/dev/null
	[ "$1" = pgctrl ] && return 0
	pg_result "$1"
	[[ $REPLY == "Result: OK"* ]] && return 0
	echo "pktgen $1: '$2': $REPLY" >&2
	return 1
}
pg_idle() {	# kpktgend_0 lists no device, running or stopped
	local line re='^ *(Running|Stopped):(.*)$'
	while IFS= read -r line; do
		[[ $line =~ $re ]] && [ -n "${BASH_REMATCH[2]// /}" ] && return 1
	done <kpktgend_0
	return 0
}
# rem_device_all is asynchronous: wait until the thread lists no device,
# so that "start" never runs a leftover one too. With no device listed,
# send none: the thread may act on it only later, after add_device, and
# remove the new device under the run (seen under TCG).
pg_clear() {
	local i
	pg_idle && return 0
	echo rem_device_all >kpktgend_0
	for ((i = 0; i < 200; i++)); do
		pg_idle && return 0
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
if [ "$noshared" = 1 ]; then
	pgset "$dev" "flag !SHARED" || exit 1
fi
t0=${EPOCHREALTIME/./}
echo start >pgctrl
t1=${EPOCHREALTIME/./}
# "start" returns once no thread is running a device, which under TCG can
# be before the thread even began ("Result: Starting"): wait for the end.
done_re='^Result: (OK: [0-9]+\(c|.*ERROR)'
for ((i = 0; i < 6000; i++)); do
	[ -e "$dev" ] || { echo "pktgen $dev: the device left pktgen during the run" >&2; exit 1; }
	pg_result "$dev"
	[[ $REPLY =~ $done_re ]] && break
	sleep 0.1
	t1=${EPOCHREALTIME/./}
done
res=$REPLY
pg_clear
# Result: OK: 1234(c1200+d34) usec, 100000 (60byte,0frags)
[[ $res =~ Result:\ OK:\ ([0-9]+)\(.*usec,\ ([0-9]+)\ \( ]] ||
	{ echo "pktgen $dev: $res" >&2; exit 1; }
echo "${BASH_REMATCH[1]} ${BASH_REMATCH[2]} $t0 $t1"
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

# bridge_make NS BR PORT...: a Linux bridge in NS with no STP,
# vlan_filtering 0, no multicast snooping, the PORTs enslaved with
# learning off; returns once they forward.
bridge_make() {
	local ns=$1 br=$2 p i
	shift 2
	[ -d /sys/module/br_netfilter ] && { echo "br_netfilter is loaded"; return 4; }
	ipn "$ns" link add "$br" type bridge stp_state 0 forward_delay 0 vlan_filtering 0 \
		mcast_snooping 0 || return 1
	[ "$ns" = - ] && sysctl_w - "net/ipv6/conf/$br/disable_ipv6" 1
	for p in "$@"; do
		ipn "$ns" link set "$p" master "$br" || return 1
		nsx "$ns" bridge link set dev "$p" learning off || return 1
	done
	ipn "$ns" link set "$br" up || return 1
	for p in "$@"; do
		for ((i = 0; i < 50; i++)); do
			[[ $(nsx "$ns" bridge -j link show dev "$p") == *'"state":"forwarding"'* ]] && break
			sleep 0.1
		done
	done
}

# Linux bridge: static fdb entry, learning off, no STP, vlan_filtering 0.
setup_l2_bridge() {
	local n=$1${CODE[$2]}
	common_ports "$1" "$2" || return 1
	bridge_make - "${n}b" "${n}i" "${n}o" || return
	bridge fdb add "$DMAC" dev "${n}o" master static
}

# The flow every OVS contender matches (after in_port): both MACs,
# eth_type, the IPv4 addresses/protocol, the UDP ports.
OVS_MATCH="eth(src=$SMAC,dst=$DMAC),eth_type(0x0800),ipv4(src=$SIP,dst=$DIP,proto=17,frag=no),udp(src=9,dst=9)"

ovs_ready() {
	command -v ovs-dpctl >/dev/null || { echo "ovs-dpctl not in the image"; return 4; }
	modprobe openvswitch 2>/dev/null || { echo "no openvswitch module"; return 4; }
}

# ovs_dp NS DP PORT...: datapath DP in NS with the PORTs as ports 1, 2, ...
# (a PORT may carry options: "vxlan0,type=vxlan,...").
ovs_dp() {
	local ns=$1 dp=$2 i=1 p
	shift 2
	nsx "$ns" ovs-dpctl add-dp "$dp" || return 1
	for p in "$@"; do
		nsx "$ns" ovs-dpctl add-if "$dp" "$p,port_no=$i" || return 1
		i=$((i + 1))
	done
}

# Open vSwitch kernel datapath, ovs-dpctl only (no ovs-vswitchd), one exact flow.
setup_l2_ovs() {
	local n=$1${CODE[$2]}
	ovs_ready || return
	common_ports "$1" "$2" || return 1
	ovs_dp - "${n}d" "${n}i" "${n}o" || return 1
	ovs-dpctl add-flow "${n}d" "in_port(1),$OVS_MATCH" 2
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

# xlate: the frame to DMAC leaves with destination DEXT and source SEXT
# (the sender's external MAC); the sink (KMAC) counts it as OTHERHOST.
setup_xlate_floor() { common_ports "$1" "$2" noegress; }

# tc matchall + pedit of both MACs + mirred redirect: the rewrite with no lookup.
setup_xlate_mirred() {
	local n=$1${CODE[$2]}
	modprobe act_pedit 2>/dev/null || { echo "no act_pedit module"; return 4; }
	common_ports "$1" "$2" || return 1
	tc qdisc add dev "${n}i" clsact &&
		tc filter add dev "${n}i" ingress matchall \
			action pedit ex munge eth dst set "$DEXT" munge eth src set "$SEXT" pipe \
			action mirred egress redirect dev "${n}o"
}

setup_xlate_bridge() { echo "the Linux bridge cannot rewrite MAC addresses"; return 4; }

setup_xlate_ovs() {
	local n=$1${CODE[$2]}
	ovs_ready || return
	common_ports "$1" "$2" || return 1
	ovs_dp - "${n}d" "${n}i" "${n}o" || return 1
	ovs-dpctl add-flow "${n}d" "in_port(1),$OVS_MATCH" "set(eth(src=$SEXT,dst=$DEXT)),2"
}

# panswitch: the source port has the external MAC SEXT, the egress port
# is the uplink, DMAC an xlate entry to DEXT.
setup_xlate_psw() {
	local n=$1${CODE[$2]}
	[ -d /sys/module/panswitch ] || insmod "$PANSWITCH_KO" || return 1
	common_ports "$1" "$2" || return 1
	"$PSW" switch add "${n}w" && ip link set "${n}w" up &&
		"$PSW" pan add "${n}w" 100 &&
		"$PSW" port add "${n}w" dev "${n}i" pan 100 mac "$SMAC" ext "$SEXT" &&
		"$PSW" port add "${n}w" dev "${n}o" uplink &&
		"$PSW" entry add "${n}w" pan 100 mac "$DMAC" xlate ext "$DEXT"
}

# encap: everything of contender C in namespace bw-$n (its own UDP port
# 4789, address and routes): ingress ${n}i (source bs-$n), underlay ${n}o
# with LOC4/24 whose far end is the sink bd-$n (KMAC, no address);
# neighbour REM4 -> RMAC is permanent, so no ARP and every VXLAN packet is
# OTHERHOST at the sink. Linux's vxlan devices are set to send a zero
# UDP checksum, as panswitch does over IPv4 (OVS and tc: no csum flag).
encap_ports() {	# S C [noegress]
	local n=$1${CODE[$2]} w=bw-$1${CODE[$2]}
	link_pair "bs-$n" eth0 "$SMAC" "$w" "${n}i" "" || return 1
	[ "${3:-}" = noegress ] && return 0
	link_pair "bd-$n" eth0 "$KMAC" "$w" "${n}o" "$UMAC" || return 1
	ip -n "$w" addr add "$LOC4/24" dev "${n}o" &&
		ip -n "$w" neigh replace "$REM4" lladdr "$RMAC" dev "${n}o" nud permanent
}

# floor: frames to DMAC end at ip_rcv of the ingress port, as in l2.
setup_encap_floor() { encap_ports "$1" "$2" noegress; }

# tc matchall + tunnel_key set + mirred to a collect-metadata vxlan device.
setup_encap_mirred() {
	local n=$1${CODE[$2]} w=bw-$1${CODE[$2]}
	modprobe act_tunnel_key 2>/dev/null || { echo "no act_tunnel_key module"; return 4; }
	modprobe vxlan 2>/dev/null || { echo "no vxlan module"; return 4; }
	encap_ports "$1" "$2" || return 1
	ip -n "$w" link add vx type vxlan external dstport "$VXPORT" &&
		ip -n "$w" link set vx up || return 1
	nsx "$w" tc qdisc add dev "${n}i" clsact &&
		nsx "$w" tc filter add dev "${n}i" ingress matchall \
			action tunnel_key set src_ip "$LOC4" dst_ip "$REM4" id "$VNI" \
			dst_port "$VXPORT" ttl 64 nocsum \
			action mirred egress redirect dev vx
}

# Linux bridge + vxlan device (VNI 100, no learning): static fdb entry
# DMAC -> vx in the bridge, and DMAC -> REM4 in the vxlan device.
setup_encap_bridge() {
	local n=$1${CODE[$2]} w=bw-$1${CODE[$2]}
	modprobe vxlan 2>/dev/null || { echo "no vxlan module"; return 4; }
	encap_ports "$1" "$2" || return 1
	ip -n "$w" link add vx type vxlan id "$VNI" local "$LOC4" dstport "$VXPORT" \
		nolearning noudpcsum && ip -n "$w" link set vx up || return 1
	bridge_make "$w" "${n}b" "${n}i" vx || return
	nsx "$w" bridge fdb add "$DMAC" dev vx master static &&
		nsx "$w" bridge fdb add "$DMAC" dev vx dst "$REM4" self permanent
}

# OVS with a vxlan vport (ovs-dpctl creates vxlan_sys_4789, a
# collect-metadata vxlan device): the flow sets the tunnel and outputs to it.
setup_encap_ovs() {
	local n=$1${CODE[$2]} w=bw-$1${CODE[$2]}
	ovs_ready || return
	encap_ports "$1" "$2" || return 1
	ovs_dp "$w" "${n}d" "${n}i" vxlan0,type=vxlan,remote_ip=flow,key=flow || return 1
	nsx "$w" ovs-dpctl add-flow "${n}d" "in_port(1),$OVS_MATCH" \
		"set(tunnel(tun_id=$(printf 0x%x "$VNI"),src=$LOC4,dst=$REM4,ttl=64,tp_dst=$VXPORT,flags(key))),2"
}

# panswitch: local address LOC4, the VM in PAN 100, DMAC an encap vxlan
# entry to REM4 (routed by bw-$n's table out of ${n}o).
setup_encap_psw() {
	local n=$1${CODE[$2]} w=bw-$1${CODE[$2]}
	[ -d /sys/module/panswitch ] || insmod "$PANSWITCH_KO" || return 1
	encap_ports "$1" "$2" || return 1
	nsx "$w" "$PSW" switch add "${n}w" && ip -n "$w" link set "${n}w" up &&
		nsx "$w" "$PSW" switch set "${n}w" underlay "$LOC4" vxlan-port "$VXPORT" &&
		nsx "$w" "$PSW" pan add "${n}w" "$VNI" &&
		nsx "$w" "$PSW" port add "${n}w" dev "${n}i" pan "$VNI" mac "$SMAC" &&
		nsx "$w" "$PSW" entry add "${n}w" pan "$VNI" mac "$DMAC" encap vxlan remote "$REM4"
}

# decap: the sender bs-$n has eth0 (RMAC, REM4/24) and vx, a Linux vxlan
# device (VNI 100, remote LOC4, zero UDP checksum) on which pktgen sends:
# the same sender for every contender. Its far end ${n}u (UMAC, LOC4/24)
# is in bw-$n with the switch; ${n}o - the sink bd-$n (KMAC) is the
# egress. The sender's neighbour entry for LOC4 is permanent: UMAC, or
# for the floor VXMAC, so that there the packets end at ip_rcv of ${n}u.
decap_ports() {	# S C [floor]
	local n=$1${CODE[$2]} w=bw-$1${CODE[$2]} nb=$UMAC
	modprobe vxlan 2>/dev/null || { echo "no vxlan module"; return 4; }
	[ "${3:-}" = floor ] && nb=$VXMAC
	link_pair "bs-$n" eth0 "$RMAC" "$w" "${n}u" "$UMAC" || return 1
	ip -n "bs-$n" addr add "$REM4/24" dev eth0 &&
		ip -n "bs-$n" neigh replace "$LOC4" lladdr "$nb" dev eth0 nud permanent &&
		ip -n "$w" addr add "$LOC4/24" dev "${n}u" &&
		ip -n "$w" neigh replace "$REM4" lladdr "$RMAC" dev "${n}u" nud permanent || return 1
	ip -n "bs-$n" link add vx type vxlan id "$VNI" local "$REM4" remote "$LOC4" \
		dstport "$VXPORT" nolearning noudpcsum && ip -n "bs-$n" link set vx up || return 1
	[ "${3:-}" = floor ] && return 0
	link_pair "bd-$n" eth0 "$KMAC" "$w" "${n}o" ""
}

setup_decap_floor() { decap_ports "$1" "$2" floor; }

# collect-metadata vxlan device, tc matchall tunnel_key unset + mirred.
setup_decap_mirred() {
	local n=$1${CODE[$2]} w=bw-$1${CODE[$2]}
	modprobe act_tunnel_key 2>/dev/null || { echo "no act_tunnel_key module"; return 4; }
	decap_ports "$1" "$2" || return
	ip -n "$w" link add vx type vxlan external dstport "$VXPORT" &&
		ip -n "$w" link set vx up || return 1
	nsx "$w" tc qdisc add dev vx clsact &&
		nsx "$w" tc filter add dev vx ingress matchall action tunnel_key unset \
			action mirred egress redirect dev "${n}o"
}

# Linux bridge + vxlan device (VNI 100, no learning), static fdb DMAC -> ${n}o.
setup_decap_bridge() {
	local n=$1${CODE[$2]} w=bw-$1${CODE[$2]}
	decap_ports "$1" "$2" || return
	ip -n "$w" link add vx type vxlan id "$VNI" local "$LOC4" dstport "$VXPORT" \
		nolearning noudpcsum && ip -n "$w" link set vx up || return 1
	bridge_make "$w" "${n}b" vx "${n}o" || return
	nsx "$w" bridge fdb add "$DMAC" dev "${n}o" master static
}

# OVS vxlan vport; the flow matches the tunnel (VNI, both addresses, TTL,
# key flag; the hashed UDP source port is wildcarded) and the inner frame.
setup_decap_ovs() {
	local n=$1${CODE[$2]} w=bw-$1${CODE[$2]}
	ovs_ready || return
	decap_ports "$1" "$2" || return
	ovs_dp "$w" "${n}d" "${n}o" vxlan0,type=vxlan,remote_ip=flow,key=flow || return 1
	nsx "$w" ovs-dpctl add-flow "${n}d" \
		"tunnel(tun_id=$(printf 0x%x "$VNI"),src=$REM4,dst=$LOC4,ttl=64,flags(+key)),in_port(2),$OVS_MATCH" 1
}

# panswitch: local address LOC4 (its VXLAN socket), PAN 100 (= VNI) with
# the egress port, whose MAC DMAC is the local entry; the sender REM4 is a
# remote of the PAN (a flood list member), so that its arrivals are
# accepted (Documentation/trust.md).
setup_decap_psw() {
	local n=$1${CODE[$2]} w=bw-$1${CODE[$2]}
	[ -d /sys/module/panswitch ] || insmod "$PANSWITCH_KO" || return 1
	decap_ports "$1" "$2" || return
	nsx "$w" "$PSW" switch add "${n}w" && ip -n "$w" link set "${n}w" up &&
		nsx "$w" "$PSW" switch set "${n}w" underlay "$LOC4" vxlan-port "$VXPORT" &&
		nsx "$w" "$PSW" pan add "${n}w" "$VNI" &&
		nsx "$w" "$PSW" port add "${n}w" dev "${n}o" pan "$VNI" mac "$DMAC" &&
		nsx "$w" "$PSW" pan set "${n}w" "$VNI" flood add remote "$REM4" encap vxlan
}

# flood: the l2 topology plus a second VM's port ${n}p (peer eth0 in
# bp-$n, PMAC); the frames go to FMAC, which no table holds: each switch
# sends a copy out of ${n}o (counted at the sink) and one out of ${n}p.
flood_ports() {	# S C
	local n=$1${CODE[$2]}
	common_ports "$1" "$2" && veth_pair "${n}p" "bp-$n" eth0 "$PMAC"
}

setup_flood_floor() { common_ports "$1" "$2" noegress; }

# tc matchall: mirred egress mirror to ${n}p, then redirect to ${n}o: the
# copies with no lookup.
setup_flood_mirred() {
	local n=$1${CODE[$2]}
	flood_ports "$1" "$2" || return 1
	tc qdisc add dev "${n}i" clsact &&
		tc filter add dev "${n}i" ingress matchall \
			action mirred egress mirror dev "${n}p" pipe \
			action mirred egress redirect dev "${n}o"
}

# Linux bridge with three ports and no fdb entry for FMAC: unknown unicast
# flooding (the ports' default flood flag).
setup_flood_bridge() {
	local n=$1${CODE[$2]}
	flood_ports "$1" "$2" || return 1
	bridge_make - "${n}b" "${n}i" "${n}o" "${n}p"
}

# OVS: no ovs-vswitchd to answer the miss; the flow a flooding
# ovs-vswitchd would install, output to both other ports.
setup_flood_ovs() {
	local n=$1${CODE[$2]}
	ovs_ready || return
	flood_ports "$1" "$2" || return 1
	ovs_dp - "${n}d" "${n}i" "${n}o" "${n}p" || return 1
	ovs-dpctl add-flow "${n}d" "in_port(1),${OVS_MATCH/dst=$DMAC/dst=$FMAC}" 2,3
}

# panswitch: the three VMs in PAN 100, their MACs its static local
# entries; FMAC has none, so the frame is flooded to the PAN's other vm
# ports (an empty flood list).
setup_flood_psw() {
	local n=$1${CODE[$2]}
	setup_l2_psw "$1" "$2" && veth_pair "${n}p" "bp-$n" eth0 "$PMAC" &&
		"$PSW" port add "${n}w" dev "${n}p" pan 100 mac "$PMAC"
}

# fanout: the encap topology (encap_ports: ingress ${n}i, underlay ${n}o
# with LOC4/24, the sink bd-$n behind it) with FANOUT remotes REM4 ..,
# each a permanent neighbour entry to RMAC (no ARP; the VXLAN packets are
# OTHERHOST at the sink), and the group's route (224.0.0.0/4 out of
# ${n}o: the group's copies, to 01:00:5e:01:01:64, are MULTICAST there).
# rem_list: the remotes' addresses.
rem_list() {
	local i
	for ((i = 0; i < FANOUT; i++)); do echo "192.0.2.$((2 + i))"; done
}

fanout_ports() {	# S C
	local n=$1${CODE[$2]} w=bw-$1${CODE[$2]} r
	modprobe vxlan 2>/dev/null || { echo "no vxlan module"; return 4; }
	encap_ports "$1" "$2" || return 1
	for r in $(rem_list); do
		ip -n "$w" neigh replace "$r" lladdr "$RMAC" dev "${n}o" nud permanent || return 1
	done
	ip -n "$w" route add 224.0.0.0/4 dev "${n}o"
}

# fanout_copies C: the copies per broadcast C is built to send.
fanout_copies() {
	case $1 in
	vxhead | head) echo "$FANOUT" ;;
	*) echo 1 ;;
	esac
}

# Linux bridge + vxlan device with `group` (its default destination, the
# all-zeros fdb entry, is the group; joined when the device opens): the
# bridge floods the broadcast to the vxlan device, which sends one copy.
setup_fanout_bridge() {
	local n=$1${CODE[$2]} w=bw-$1${CODE[$2]}
	fanout_ports "$1" "$2" || return
	ip -n "$w" link add vx type vxlan id "$VNI" local "$LOC4" group "$GROUP4" \
		dev "${n}o" ttl "$GTTL" dstport "$VXPORT" nolearning noudpcsum &&
		ip -n "$w" link set vx up || return 1
	bridge_make "$w" "${n}b" "${n}i" vx
}

# Linux bridge + vxlan device, head-end: one all-zeros fdb entry per
# remote (`bridge fdb append`), the way a vxlan device floods without a
# group (FRR EVPN's default).
setup_fanout_vxhead() {
	local n=$1${CODE[$2]} w=bw-$1${CODE[$2]} r
	fanout_ports "$1" "$2" || return
	ip -n "$w" link add vx type vxlan id "$VNI" local "$LOC4" dstport "$VXPORT" \
		nolearning noudpcsum && ip -n "$w" link set vx up || return 1
	bridge_make "$w" "${n}b" "${n}i" vx || return
	for r in $(rem_list); do
		nsx "$w" bridge fdb append 00:00:00:00:00:00 dev vx dst "$r" self permanent || return 1
	done
}

# panswitch_fanout S C: the switch in bw-$n with underlay LOC4 (its VXLAN
# socket) and PAN 100 (= VNI) holding the source VM's port.
panswitch_fanout() {
	local n=$1${CODE[$2]} w=bw-$1${CODE[$2]}
	[ -d /sys/module/panswitch ] || insmod "$PANSWITCH_KO" || return 1
	fanout_ports "$1" "$2" || return
	nsx "$w" "$PSW" switch add "${n}w" && ip -n "$w" link set "${n}w" up &&
		nsx "$w" "$PSW" switch set "${n}w" underlay "$LOC4" vxlan-port "$VXPORT" &&
		nsx "$w" "$PSW" pan add "${n}w" "$VNI" &&
		nsx "$w" "$PSW" port add "${n}w" dev "${n}i" pan "$VNI" mac "$SMAC"
}

# panswitch, head-end: the FANOUT remotes in the PAN's flood list.
setup_fanout_head() {
	local n=$1${CODE[$2]} w=bw-$1${CODE[$2]} r
	panswitch_fanout "$1" "$2" || return
	for r in $(rem_list); do
		nsx "$w" "$PSW" pan set "${n}w" "$VNI" flood add remote "$r" encap vxlan || return 1
	done
}

# panswitch, the PAN's group (issue 16; selftests/87_mcast.sh): an empty
# flood list; the switch joins the group on ${n}o (the PAN has a vm port)
# and sends one copy per broadcast to it.
setup_fanout_psw() {
	local n=$1${CODE[$2]} w=bw-$1${CODE[$2]}
	panswitch_fanout "$1" "$2" || return
	nsx "$w" "$PSW" pan set "${n}w" "$VNI" group "$GROUP4" encap vxlan ttl "$GTTL"
}

# trunk (issue 17): the l2 topology; the frames to DMAC enter panswitch
# by the ingress port ${n}i, either a vm port fixed to PAN 100 (vm: l2's
# panswitch, MAC SMAC) or a trunk port classifying by OUI (psw) whose
# tenant map entry names PAN 100 for SMAC's OUI (selftests/88_tenant.sh).
# Same switch otherwise: DMAC is the local entry of the egress vm port.
setup_trunk_floor() { common_ports "$1" "$2" noegress; }

setup_trunk_vm() { setup_l2_psw "$1" "$2"; }

setup_trunk_psw() {
	local n=$1${CODE[$2]}
	[ -d /sys/module/panswitch ] || insmod "$PANSWITCH_KO" || return 1
	common_ports "$1" "$2" || return 1
	"$PSW" switch add "${n}w" && ip link set "${n}w" up &&
		"$PSW" pan add "${n}w" 100 &&
		"$PSW" port add "${n}w" dev "${n}i" trunk classify oui &&
		"$PSW" tenant add "${n}w" oui "${SMAC:0:8}" pan 100 &&
		"$PSW" port add "${n}w" dev "${n}o" pan 100 mac "$DMAC"
}

# fanout_joined: panswitch's membership of its group (pan show's
# mcast.joined; setup_all reports it as BENCH info fanout_joined).
fanout_joined() {
	local n=fanout${CODE[psw]}
	nsx "bw-$n" "$PSW" -j pan show "${n}w" "$VNI" | jq -c '.[0].mcast | {group, ttl, joined}'
}

# topo S C: where C's generators and sink are, as "IN_NS IN_DEV SRC_NS
# SRC_DEV SINK_NS SINK_DEV": netif_receive into IN_DEV ("" in IN_DEV: none),
# start_xmit on SRC_DEV, frames counted on SINK_DEV.
topo() {
	local s=$1 c=$2 n=$1${CODE[$2]}
	case $s in
	l2 | xlate | flood | trunk)
		if [ "$c" = floor ]; then echo "- ${n}i bs-$n eth0 - ${n}i"
		else echo "- ${n}i bs-$n eth0 bd-$n eth0"; fi ;;
	encap)
		if [ "$c" = floor ]; then echo "bw-$n ${n}i bs-$n eth0 bw-$n ${n}i"
		else echo "bw-$n ${n}i bs-$n eth0 bd-$n eth0"; fi ;;
	fanout) echo "bw-$n ${n}i bs-$n eth0 bd-$n eth0" ;;
	decap)
		if [ "$c" = floor ]; then echo "- '' bs-$n vx bw-$n ${n}u"
		else echo "- '' bs-$n vx bd-$n eth0"; fi ;;
	esac
}

# nogen S GEN: why S cannot use GEN (empty: it can). PG_UNSHARED: the
# probe's verdict on pktgen's "flag !SHARED" (below).
nogen() {
	case $1:$2 in
	decap:netif_receive | decap:netif_unshared)
		echo "pktgen cannot build VXLAN packets: the decap frames come from a Linux vxlan device, start_xmit only" ;;
	*:netif_unshared)
		[ "${PG_UNSHARED:-0}" = 1 ] ||
			echo "this kernel's pktgen refuses \"flag !SHARED\" in netif_receive mode (${PG_UNSHARED_WHY:-not probed}): it always hands the receiver a shared skb" ;;
	esac
}

# ------------------------------------------------------------ the rounds
declare -A T_INNS T_IN T_SRC T_SRCDEV T_SNS T_SDEV
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
				local t
				eval "t=($(topo "$s" "$c"))"
				T_INNS[$s $c]=${t[0]} T_IN[$s $c]=${t[1]}
				T_SRC[$s $c]=${t[2]} T_SRCDEV[$s $c]=${t[3]}
				T_SNS[$s $c]=${t[4]} T_SDEV[$s $c]=${t[5]}
				RUNS+=("$s $c")
				[ "$s $c" != "fanout psw" ] || out info fanout_joined "$(fanout_joined)"
			else
				[ "$rc" = 4 ] || msg="setup failed (rc $rc): $msg"
				msg=$(echo "$msg" | tr '\n' ' ')
				out skip "$s" "$c" "${msg% }"
			fi
		done
	done
}

# rx_packets NS DEV: every frame DEV received (fanout's sink: the
# copies on the wire, unicast and multicast alike).
rx_packets() {
	local j re='"rx":\{"bytes":[0-9]+,"packets":([0-9]+)'
	j=$(ipn "$1" -j -s link show dev "$2" 2>/dev/null)
	[[ $j =~ $re ]] && echo "${BASH_REMATCH[1]}" || echo 0
}

# sink_count S NS DEV: the sink's counter of scenario S.
sink_count() {
	if [ "$1" = fanout ]; then rx_packets "$2" "$3"; else otherhost "$2" "$3"; fi
}

# one S GEN C ROUND COUNT
one() {
	local s=$1 gen=$2 c=$3 r=$4 count=$5 ns dev b a res dmac=$DMAC copies
	if [ "$gen" = netif_receive ] || [ "$gen" = netif_unshared ]; then
		ns=${T_INNS[$s $c]} dev=${T_IN[$s $c]}
	else
		ns=${T_SRC[$s $c]} dev=${T_SRCDEV[$s $c]}
	fi
	[ "$s" = flood ] && dmac=$FMAC
	[ "$s" = fanout ] && dmac=$BMAC
	b=$(sink_count "$s" "${T_SNS[$s $c]}" "${T_SDEV[$s $c]}")
	res=$(pg_run "$ns" "$dev" "$gen" "$count" 1 "$dmac") || { out error "$s" "$gen" "$c" "$r" pktgen failed; return 1; }
	sleep 0.2	# let the backlog drain
	a=$(sink_count "$s" "${T_SNS[$s $c]}" "${T_SDEV[$s $c]}")
	# shellcheck disable=SC2086 # "USEC SENT T0 T1" into $1 .. $4
	set -- $res
	if [ "$s" = fanout ]; then
		# broadcasts delivered: the frames on the wire over the copies
		# each makes (report.py shows frames per broadcast, FRAMES / SENT)
		copies=$(fanout_copies "$c")
		out wire "$s" "$gen" "$c" "$r" $((a - b)) "$copies"
		out run "$s" "$gen" "$c" "$r" $(((a - b) / copies)) "$1" "$2"
	else
		out run "$s" "$gen" "$c" "$r" $((a - b)) "$1" "$2"
	fi
	out window "$s" "$gen" "$c" "$r" "$3" "$4"
}

# ------------------------------------------------------------------ scale
meminfo() { awk -v k="$1:" '$1 == k { print $2 * 1024 }' /proc/meminfo; }
usec_now() { echo "${EPOCHREALTIME/./}"; }	# busybox date has no %N

# install_table TOOL N CMD...: run CMD (one batch of N entries); print the
# install and mem lines (drop_caches first, so the deltas are the table's).
install_table() {
	local tool=$1 n=$2 t0 t1 m0 m1 s0 s1 rc
	shift 2
	sync; echo 3 >/proc/sys/vm/drop_caches 2>/dev/null
	m0=$(meminfo MemAvailable) s0=$(meminfo Slab)
	t0=$(usec_now)
	"$@" >/dev/null; rc=$?
	t1=$(usec_now)
	m1=$(meminfo MemAvailable) s1=$(meminfo Slab)
	out install "$tool" "$n" $((t1 - t0)) "$rc"
	out mem "$tool" "$n" $((m0 - m1)) $((s1 - s0))
	return "$rc"
}

# A batch is fed in chunks of CHUNK lines, one process each: iproute2's
# `bridge -batch` grows with every line it runs; one of 65,536 lines was
# killed under UML (its pages exceeded the host's vm.max_map_count) and one
# of 1M lines under QEMU (a 2 GB guest's OOM killer). Both tools alike.
CHUNK=20000

# batch_chunks PREFIX CMD...: run CMD FILE for each PREFIX.N in order;
# stops at the first failure, with its status.
batch_chunks() {
	local prefix=$1 i rc
	shift
	for ((i = 0; ; i++)); do
		[ -e "$prefix.$i" ] || return 0
		"$@" "$prefix.$i" || { rc=$?; return "$rc"; }
	done
}

# dump_table TOOL N CMD...: time CMD listing the whole table; print the dump line.
dump_table() {
	local tool=$1 n=$2 t0 t1 lines
	shift 2
	t0=$(usec_now)
	lines=$("$@" | wc -l)
	t1=$(usec_now)
	out dump "$tool" "$n" $((t1 - t0)) "$lines"
}

# scale_run KIND N ROUND IN SINK_NS [DCOUNT]: one pktgen netif_receive run
# into IN with random destinations over DCOUNT (default N) of the entries:
# DCOUNT 1 sends every frame to the first one, 02:10:00:00:00:00, which
# every table size holds; prints "BENCH KIND ...".
scale_run() {
	local kind=$1 n=$2 r=$3 b a res
	b=$(otherhost "$5" eth0)
	res=$(pg_run - "$4" netif_receive "$SCALE_COUNT" "${6:-$n}" 02:10:00:00:00:00) || return 1
	sleep 0.2
	a=$(otherhost "$5" eth0)
	# shellcheck disable=SC2086
	set -- $res
	out "$kind" "$n" "$r" $((a - b)) "$1" "$2"
	out scale_window "$kind" "$n" "$r" "$3" "$4"
}

# scale_one N: panswitch with N entries (local, to the port scao) and the
# Linux bridge with the same N static fdb entries (to scbo), side by side:
# install both, then rounds that run one after the other, then dump both.
# Frames a switch floods instead of forwarding would measure another path:
# panswitch counts them on its ingress port; the bridge's reach the
# witness port scbf (its far end in bf-scb counts them).
scale_one() {
	local n=$1 r sw=scw br=scbb fl0 fl1 bridge_ok=1 why
	awk -v n="$n" -v sw="$sw" -v c=$CHUNK -v f="$TMP/psw.batch" 'BEGIN { for (i = 0; i < n; i++)
		printf "entry add %s pan 100 mac 02:10:%02x:%02x:%02x:%02x local dev scao\n",
			sw, int(i / 16777216) % 256, int(i / 65536) % 256, int(i / 256) % 256, i % 256 \
			>(f "." int(i / c)) }'
	awk -v n="$n" -v c=$CHUNK -v f="$TMP/br.batch" 'BEGIN { for (i = 0; i < n; i++)
		printf "fdb add 02:10:%02x:%02x:%02x:%02x dev scbo master static\n",
			int(i / 16777216) % 256, int(i / 65536) % 256, int(i / 256) % 256, i % 256 \
			>(f "." int(i / c)) }'

	# panswitch: install, memory, pps with random destinations, dump.
	# The table holds the n entries and the two ports' own: above the
	# default max-entries from 262144 entries on.
	"$PSW" switch add $sw && ip link set $sw up &&
		"$PSW" switch set $sw max-entries $((n + 2)) && "$PSW" pan add $sw 100 &&
		"$PSW" port add $sw dev scai pan 100 mac "$SMAC" &&
		"$PSW" port add $sw dev scao pan 100 mac 02:20:00:00:00:01 || return 1
	install_table panswitch "$n" batch_chunks "$TMP/psw.batch" "$PSW" -b || return 1
	why=$(bridge_make - $br scbi scbo scbf) || {
		out skip scale_bridge "$n" "${why:-bridge setup failed}"
		bridge_ok=0
	}
	if [ "$bridge_ok" = 1 ] && ! install_table bridge "$n" batch_chunks "$TMP/br.batch" bridge -batch; then
		out skip scale_bridge "$n" "bridge -batch failed"
		bridge_ok=0
	fi
	rm -f "$TMP"/psw.batch.* "$TMP"/br.batch.*

	# Two destination sets per size: random over the N installed entries
	# (scale, scale_bridge) and, from 2 entries on, the one fixed
	# destination of the 1-entry run (scale_fixed, scale_bridge_fixed):
	# the same pktgen settings as N = 1, so N against 1 compares the
	# tables, not the cache misses of N random destinations.
	fl0=$(otherhost bf-scb eth0)
	for ((r = 0; r < SCALE_ROUNDS; r++)); do
		scale_run scale "$n" "$r" scai bd-sca || break
		if ((n > 1)); then
			scale_run scale_fixed "$n" "$r" scai bd-sca 1 || break
			scale_run scale_ref "$n" "$r" sc1i bd-sc1 || break
		fi
		[ "$bridge_ok" = 1 ] || continue
		scale_run scale_bridge "$n" "$r" scbi bd-scb || bridge_ok=0
		if [ "$bridge_ok" = 1 ] && ((n > 1)); then
			scale_run scale_bridge_fixed "$n" "$r" scbi bd-scb 1 || bridge_ok=0
		fi
	done
	fl1=$(otherhost bf-scb eth0)
	out scale_flooded "$n" "$("$PSW" -j stats show $sw port scai | jq '.[0].flooded')"
	if [ "$bridge_ok" = 1 ]; then
		out scale_bridge_flooded "$n" $((fl1 - fl0))
	fi
	[ "$SCALE_DUMP" = 0 ] || dump_table panswitch "$n" "$PSW" entry show $sw
	"$PSW" switch del $sw
	if ip link show $br >/dev/null 2>&1; then
		[ "$SCALE_DUMP" = 0 ] || dump_table bridge "$n" bridge fdb show br $br
		ip link del $br
	fi
}

# The reference of every size: a switch with the one entry 02:10:00:00:00:00
# (on its own ports sc1i, sc1o), whose runs alternate with the N-entry
# switch's in each round, so that N against 1 is a ratio paired per round.
scale_all() {
	local n sw=sc1w
	[ -n "${SCALE//,/}" ] || return 0
	[ -d /sys/module/panswitch ] || insmod "$PANSWITCH_KO" || return 1
	veth_pair scai bs-sca eth0 "$SMAC" && veth_pair scao bd-sca eth0 "$KMAC" &&
		veth_pair scbi bs-scb eth0 "$SMAC" && veth_pair scbo bd-scb eth0 "$KMAC" &&
		veth_pair scbf bf-scb eth0 02:20:00:00:00:02 &&
		veth_pair sc1i bs-sc1 eth0 "$SMAC" && veth_pair sc1o bd-sc1 eth0 "$KMAC" || return 1
	"$PSW" switch add $sw && ip link set $sw up && "$PSW" pan add $sw 100 &&
		"$PSW" port add $sw dev sc1i pan 100 mac "$SMAC" &&
		"$PSW" port add $sw dev sc1o pan 100 mac 02:20:00:00:00:01 &&
		"$PSW" entry add $sw pan 100 mac 02:10:00:00:00:00 local dev sc1o || return 1
	for n in ${SCALE//,/ }; do
		log "scale: $n entries"
		scale_one "$n" || out skip scale "$n" "setup failed"
	done
	"$PSW" switch del $sw
	for n in scai scao scbi scbo scbf sc1i sc1o; do ip link del $n; done
	for n in bs-sca bd-sca bs-scb bd-scb bf-scb bs-sc1 bd-sc1; do ip netns del $n; done
}

# ------------------------------------------------------------------ main
teardown() {
	local ns d
	for ns in - $(ip netns list | awk '$1 ~ /^bw-/ { print $1 }'); do
		for d in $(nsx "$ns" ovs-dpctl dump-dps 2>/dev/null); do
			nsx "$ns" ovs-dpctl del-dp "${d#system@}"
		done
	done
	for ns in $(ip netns list | awk '$1 ~ /^b[sdwpf]-/ { print $1 }'); do ip netns del "$ns"; done
	ip -o link show | awk -F': ' '{ sub(/@.*/, "", $2); print $2 }' |
		grep -E '^(l2|xlate|flood|trunk|sc)[a-z]+[iowbpf]$|^scw$|^pgprobe0$' |
		while read -r d; do ip link del "$d" 2>/dev/null; done
	rm -rf "$TMP"
}
trap teardown EXIT

modprobe veth; modprobe pktgen || { out info error "no pktgen"; out "done" 1; exit 1; }
modprobe sch_ingress 2>/dev/null; modprobe cls_matchall 2>/dev/null; modprobe act_mirred 2>/dev/null
modprobe bridge
modprobe vxlan 2>/dev/null
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
# copy.) Probe once on a veth of its own. Only the generator
# netif_unshared uses the flag: netif_receive is pktgen's default, a
# shared skb, on every kernel.
ip link add pgprobe0 type veth peer name pgprobe1 && ip link set pgprobe0 up
probe=$(cd /proc/net/pktgen && echo "add_device pgprobe0" >kpktgend_0 &&
	echo "xmit_mode netif_receive" >pgprobe0 &&
	echo "flag !SHARED" >pgprobe0 && grep '^Result' pgprobe0;
	echo rem_device_all >kpktgend_0)
# Until the thread has acted on rem_device_all: a flag still pending would
# remove the first run's device (see pg_clear).
for ((i = 0; i < 100; i++)); do
	grep -q pgprobe0 /proc/net/pktgen/kpktgend_0 || break
	sleep 0.1
done
ip link del pgprobe0
if [[ $probe == *"Result: OK"* ]]; then
	out info shared_flag accepted "$probe"
	PG_UNSHARED=1
else
	PG_UNSHARED_WHY=$(echo "$probe" | head -1)
	out info shared_flag refused "$PG_UNSHARED_WHY"
	PG_UNSHARED=0
fi

IFS=, read -ra GENLIST <<<"$GENS"
for s in "${SCENARIOS[@]}"; do
	for gen in "${GENLIST[@]}"; do
		why=$(nogen "$s" "$gen")
		[ -z "$why" ] || out nogen "$s" "$gen" "$why"
	done
done
for ((r = 0; r < ROUNDS; r++)); do
	for gen in "${GENLIST[@]}"; do
		for t in "${RUNS[@]}"; do
			# shellcheck disable=SC2086
			set -- $t
			[ -z "$(nogen "$1" "$gen")" ] || continue
			one "$1" "$gen" "$2" "$r" "$COUNT"
		done
	done
	log "round $r done"
done

scale_all
out "done" 0
