# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# lib_transport.sh - selftest helpers for tunnels and translation across
# hosts: hosts (namespaces with a switch of their own), physical networks,
# per-host counters and packet captures.
# Sourced by lib.sh (never by a test directly), after the core helpers it
# uses.

# --------------------------------------------------------------------------
# Hosts, physical networks and captures (MAC translation, encapsulation)
# --------------------------------------------------------------------------
#
# A "host" is a network namespace with a switch of its own, psw0 (switch
# names are per namespace). A "physical network" is a namespace holding a
# bridge br0 into which hosts' devices are plugged with veth pairs. VMs are
# namespaces behind veth pairs whose host end (named like the VM) is in a
# host. Everything is removed at exit like the rest (see defer).
#
#   host_add H                 namespace $TAG-H; links born with IPv6 off
#   hexec H CMD...             CMD in H's namespace (H: a host, net or VM)
#   hpsw H ARGS...             panswitch -n <H's namespace> ARGS
#   host_switch_add H          psw0 in H, up
#   l2net_add NET              namespace $TAG-NET with the bridge br0
#   l2net_attach NET H DEV MAC veth DEV in H, its peer H_DEV a port of br0
#   link_pair H1 D1 M1 H2 D2 M2  a veth pair D1 (in H1) <-> D2 (in H2)
#   host_addr H DEV ADDR/PLEN...  addresses on DEV (an IPv6 one turns IPv6
#                              on for DEV, without DAD), DEV up
#   hvm_add H VM MAC ADDR4/PLEN|- [ADDR6/PLEN]
#                              VM namespace whose eth0 has MAC and the
#                              addresses; the veth's other end, VM, in H
#   hvm_port_add H VM PAN MAC EXT|- ADDR4/PLEN|- [ADDR6/PLEN]
#                              hvm_add, then VM is a vm port of H's psw0 in
#                              PAN with MAC and external MAC EXT
#   check_hping H ADDR         H (its own stack) gets a reply from ADDR
# counters   hcounter SPEC; hsnap SPEC...; [hnow SPEC...;] hexpect_delta
#            SPEC OP N, where SPEC is any counter SPEC (see the top) or
#              hpan:H:PAN:FIELD   panswitch -n H -j stats show psw0 pan PAN
#              hport:H:DEV:FIELD  panswitch -n H -j stats show psw0 port DEV
#              hsw:H:FIELD        panswitch -n H -j -s switch show psw0,
#                                 its "stats" object
#              hlink:H:DEV:rx|tx  packets of DEV in H
#              snmp:H:Proto:Field /proc/net/snmp of H (Udp:NoPorts, ...)
#              snmp6:H:Field      /proc/net/snmp6 of H (Udp6NoPorts, ...)
#            hsnap and hnow read each host's switch once (one panswitch
#            and one jq per host, not per counter: TCG is slow). hnow
#            takes the "after" values of its SPECs at once; hexpect_delta
#            uses them until the next hsnap, and reads on its own any SPEC
#            hnow did not read.
#            hpan_stats H PAN prints the PAN's whole stats object: two
#            equal prints mean that not one frame of the PAN moved.
# captures   cap_start NAME H DEV [TCPDUMP_ARGS...] (tcpdump -w
#            $TMPD/NAME.pcap, returns once it listens); cap_stop NAME;
#            cap_read NAME [TCPDUMP_ARGS...] (tcpdump -r -nn);
#            cap_bytes NAME [FILTER...]: one line per frame, its bytes in
#            hex (" 02 00 ... "); mac_bytes MAC in the same form.
#
# VMs made here keep learnt neighbours REACHABLE, and never re-probe them,
# for the length of a test (quiet_neigh): after the first resolution, no
# ARP or ND frame moves a counter behind the test's back.

declare -A HOST_NS=()	# host or physical network name -> its namespace

# ns_of NAME: the namespace of a host, network or VM; NAME itself if none.
ns_of()
{
	if [[ -n ${HOST_NS[$1]-} ]]; then
		echo "${HOST_NS[$1]}"
	elif [[ -n ${VM_NS[$1]-} ]]; then
		echo "${VM_NS[$1]}"
	else
		echo "$1"
	fi
}

hexec()
{
	local ns

	ns=$(ns_of "$1")
	shift
	ip netns exec "$ns" "$@"
}

hpsw()
{
	local ns

	ns=$(ns_of "$1")
	shift
	"$PSW" -n "$ns" "$@"
}

# check_transfer FILE FROM TO ADDR PORT: FROM sends FILE over TCP (socat)
# to a listener in TO on ADDR:PORT (an IPv4 address or a bracketed IPv6
# one); the same bytes arrive (size and SHA-256). FROM and TO are hosts,
# networks or VMs (ns_of).
check_transfer()
{
	local file=$1 from=$2 to=$3 addr=$4 port=$5 out=$TMPD/rx-$3 rpid rc=0

	if ! command -v socat >/dev/null 2>&1; then
		fail "socat is not installed (tools/testvm/mkinitramfs.sh copies it)"
		return 1
	fi
	rm -f "$out"
	hexec "$to" timeout 120 socat -u "TCP-LISTEN:$port,reuseaddr" \
		"OPEN:$out,creat,trunc" >"$out.log" 2>&1 &
	rpid=$!
	check_run hexec "$from" timeout 120 socat -u "OPEN:$file" \
		"TCP:$addr:$port,retry=100,interval=0.1"
	wait "$rpid" || rc=$?
	if ((rc != 0)); then
		fail "receiving socat in $to exited $rc" "  its output:"
		diag_output "$(cat "$out.log")"
	fi
	check_eq "bytes $to received" "$(stat -c %s "$file")" "$(stat -c %s "$out" 2>&1)"
	check_eq "SHA-256 of what $to received" \
		"$(sha256sum <"$file" | cut -d' ' -f1)" "$(sha256sum <"$out" | cut -d' ' -f1)"
}

# set_sysctls NETNS PATH=VALUE...: write each /proc/sys/PATH (that exists)
# in NETNS, with one process.
set_sysctls()
{
	local ns=$1
	shift

	ip netns exec "$ns" bash -c '
		for kv in "$@"; do
			f=/proc/sys/${kv%%=*}
			[[ ! -e $f ]] || echo "${kv#*=}" >"$f"
		done' _ "$@"
}

# ns_new NETNS: a namespace, deleted at exit, whose links are born with
# IPv6 off (no DAD, MLD or router solicitation), and lo up.
ns_new()
{
	check_run ip netns add "$1" || return 1
	defer ip netns del "$1"
	set_sysctls "$1" net/ipv6/conf/default/disable_ipv6=1
	check_run ip -n "$1" link set lo up
}

host_add()
{
	ns_new "$TAG-$1" || return 1
	HOST_NS[$1]="$TAG-$1"
}

# ipv6_on NETNS DEV: IPv6 on DEV, with neither DAD nor router solicitation.
ipv6_on()
{
	set_sysctls "$1" "net/ipv6/conf/$2/accept_dad=0" \
		"net/ipv6/conf/$2/router_solicitations=0" \
		"net/ipv6/conf/$2/disable_ipv6=0"
}

# quiet_neigh NETNS DEV: neighbours learnt on DEV stay REACHABLE for 5 to
# 15 minutes, and one that went STALE is not probed for 10 minutes.
quiet_neigh()
{
	set_sysctls "$1" "net/ipv4/neigh/$2/base_reachable_time_ms=600000" \
		"net/ipv4/neigh/$2/delay_first_probe_time=600" \
		"net/ipv6/neigh/$2/base_reachable_time_ms=600000" \
		"net/ipv6/neigh/$2/delay_first_probe_time=600"
}

host_switch_add()
{
	local ns

	ns=$(ns_of "$1")
	check_run "$PSW" -n "$ns" switch add psw0 || return 1
	defer "$PSW" -n "$ns" switch del psw0
	check_run ip -n "$ns" link set psw0 up
}

l2net_add()
{
	local ns="$TAG-$1"

	ns_new "$ns" || return 1
	HOST_NS[$1]=$ns
	check_run ip -n "$ns" link add name br0 type bridge || return 1
	# No snooping: every multicast frame is flooded, like on a hub.
	check_run ip -n "$ns" link set br0 type bridge mcast_snooping 0 stp_state 0 &&
		check_run ip -n "$ns" link set br0 up
}

l2net_attach()
{
	local nns hns dev=$3 mac=$4 peer="$2_$3"

	nns=$(ns_of "$1")
	hns=$(ns_of "$2")
	check_run ip -n "$hns" link add name "$dev" address "$mac" type veth \
		peer name "$peer" netns "$nns" || return 1
	check_run ip -n "$nns" link set "$peer" master br0 &&
		check_run ip -n "$nns" link set "$peer" up &&
		check_run ip -n "$hns" link set "$dev" up
}

link_pair()
{
	local ns1 ns2

	ns1=$(ns_of "$1")
	ns2=$(ns_of "$4")
	check_run ip -n "$ns1" link add name "$2" address "$3" type veth \
		peer name "$5" address "$6" netns "$ns2" || return 1
	check_run ip -n "$ns1" link set "$2" up &&
		check_run ip -n "$ns2" link set "$5" up
}

host_addr()
{
	local ns dev=$2 a
	ns=$(ns_of "$1")
	shift 2

	for a in "$@"; do
		if [[ $a == *:* ]]; then
			ipv6_on "$ns" "$dev"
			check_run ip -n "$ns" -6 addr add "$a" dev "$dev" nodad || return 1
		else
			check_run ip -n "$ns" addr add "$a" dev "$dev" || return 1
		fi
	done
	check_run ip -n "$ns" link set "$dev" up
}

hvm_add()
{
	local hns vm=$2 mac=$3 addr4=$4 addr6=${5:-}
	local ns="$TAG-$2"

	hns=$(ns_of "$1")
	ns_new "$ns" || return 1
	# shellcheck disable=SC2004 # VM_NS is associative (lib_topology.sh)
	VM_NS[$vm]=$ns
	check_run ip -n "$hns" link add name "$vm" type veth \
		peer name eth0 netns "$ns" || return 1
	quiet_neigh "$ns" eth0
	check_run ip -n "$ns" link set eth0 address "$mac" || return 1
	if [[ $addr4 != - ]]; then
		check_run ip -n "$ns" addr add "$addr4" dev eth0 || return 1
	fi
	if [[ -n $addr6 ]]; then
		ipv6_on "$ns" eth0
		check_run ip -n "$ns" -6 addr add "$addr6" dev eth0 nodad || return 1
	fi
	check_run ip -n "$ns" link set eth0 up &&
		check_run ip -n "$hns" link set "$vm" up
}

hvm_port_add()
{
	local h=$1 vm=$2 pan=$3 mac=$4 ext=$5 ext_args=()

	hvm_add "$h" "$vm" "$mac" "$6" "${7:-}" || return 1
	[[ $ext == - ]] || ext_args=(ext "$ext")
	check_run hpsw "$h" port add psw0 dev "$vm" pan "$pan" mac "$mac" "${ext_args[@]}"
}

check_hping()
{
	local ns

	ns=$(ns_of "$1")
	check_run ip netns exec "$ns" "${PING_OK[@]}" "$2"
}

# hcounter SPEC: the current value of a counter (see above).
hcounter()
{
	local kind a b field ns

	IFS=: read -r kind a b field <<<"$1"
	case $kind in
	hpan | hport)
		hpsw "$a" -j stats show psw0 "${kind#h}" "$b" |
			json_get ".0.$field"
		;;
	hsw)
		hpsw "$a" -j -s switch show psw0 | json_get ".0.stats.$b"
		;;
	hlink)
		ns=$(ns_of "$a")
		ip -n "$ns" -j -s link show dev "$b" |
			json_get ".0.stats64.$field.packets"
		;;
	snmp)
		hexec "$a" awk -v p="$b:" -v f="$field" '$1 == p {
			if (!col) { for (i = 2; i <= NF; i++) if ($i == f) col = i; next }
			print $col }' /proc/net/snmp
		;;
	snmp6)
		hexec "$a" awk -v f="$b" '$1 == f { print $2 }' /proc/net/snmp6
		;;
	*)
		counter "$1"
		;;
	esac
}

hcounter_what()
{
	local kind a b field

	IFS=: read -r kind a b field <<<"$1"
	case $kind in
	hpan) echo "$a: PAN $b $field (panswitch -n $(ns_of "$a") -j stats show psw0 pan $b)" ;;
	hport) echo "$a: port $b $field (panswitch -n $(ns_of "$a") -j stats show psw0 port $b)" ;;
	hsw) echo "$a: switch $b (panswitch -n $(ns_of "$a") -j -s switch show psw0)" ;;
	hlink) echo "$a: $b $field packets (ip -n $(ns_of "$a") -s link show $b)" ;;
	snmp) echo "$a: $b $field (/proc/net/snmp)" ;;
	snmp6) echo "$a: $b (/proc/net/snmp6)" ;;
	*) counter_what "$1" ;;
	esac
}

declare -A HSNAP=()
declare -A HNOW=()

# hread_host H WITH_SWITCH: every counter of H's psw0, one "KEY VALUE" line
# each, KEY being a SPEC without ":H" (hpan:PAN:FIELD, hport:DEV:FIELD,
# and with WITH_SWITCH=1 hsw:FIELD).
hread_host()
{
	{
		hpsw "$1" -j stats show psw0
		[[ $2 == 0 ]] || hpsw "$1" -j -s switch show psw0
	} 2>/dev/null | jq -r '.[] |
		(if has("port") then "hport:\(.port):"
		 elif has("pan") then "hpan:\(.pan):"
		 else "hsw:" end) as $k |
		(if $k == "hsw:" then (.stats // {}) else . end) |
		paths(scalars) as $p |
		"\($k)\($p | map(tostring) | join(".")) \(getpath($p))"' 2>/dev/null
}

# hread ARRAY SPEC...: ARRAY[SPEC] = the value of each SPEC, the hpan,
# hport and hsw ones from one hread_host per host.
# shellcheck disable=SC2004,SC2034 # hread_out: the caller's array (nameref)
hread()
{
	local -n hread_out=$1
	local spec kind a b field key k v
	local -A hosts=() sw=() vals=()
	shift

	for spec in "$@"; do
		IFS=: read -r kind a b field <<<"$spec"
		case $kind in
		hpan | hport) hosts[$a]=1 ;;
		hsw) hosts[$a]=1 sw[$a]=1 ;;
		esac
	done
	for a in "${!hosts[@]}"; do
		# (A here-string: the guest has no /dev/fd for "< <(...)".)
		while read -r k v; do
			[[ -n $k ]] && vals["$a $k"]=$v
		done <<<"$(hread_host "$a" "${sw[$a]:-0}")"
	done
	for spec in "$@"; do
		IFS=: read -r kind a b field <<<"$spec"
		case $kind in
		hpan | hport) key="$a $kind:$b:$field" ;;
		hsw) key="$a hsw:$b" ;;
		*)
			hread_out[$spec]=$(hcounter "$spec" 2>&1)
			continue
			;;
		esac
		hread_out[$spec]=${vals[$key]-"(no such counter)"}
	done
}

# hcounter_ge SPEC N: the counter is at least N.
hcounter_ge()
{
	local v

	v=$(hcounter "$1")
	[[ $v =~ ^[0-9]+$ ]] && ((v >= $2))
}

hsnap()
{
	HSNAP=()
	HNOW=()
	hread HSNAP "$@"
}

hnow()
{
	HNOW=()
	hread HNOW "$@"
}

hexpect_delta()
{
	local spec=$1 before now

	before=${HSNAP[$spec]-"(not snapped)"}
	if [[ -n ${HNOW[$spec]+set} ]]; then
		now=${HNOW[$spec]}
	else
		now=$(hcounter "$spec" 2>&1)
	fi
	now=$(grown "$2" "$3" "$before" "$now" hcounter "$spec")
	check_delta "$(hcounter_what "$spec")" "$before" "$now" "$2" "$3"
}

hpan_stats()
{
	hpsw "$1" -j stats show psw0 pan "$2" 2>&1 | jq -c '.[0]' 2>&1
}

declare -A CAP_PID=()

cap_start()
{
	local name=$1 dev=$3 ns pid file=$TMPD/$1.pcap
	ns=$(ns_of "$2")
	shift 3

	if ! command -v tcpdump >/dev/null 2>&1; then
		fail "tcpdump is not installed"
		return 1
	fi
	# -Z root: Debian's tcpdump drops to user tcpdump, who cannot write
	# into $TMPD. --immediate-mode: every frame is written as it arrives.
	ip netns exec "$ns" tcpdump -i "$dev" -nn -U --immediate-mode -Z root \
		-w "$file" "$@" >"$file.log" 2>&1 &
	pid=$!
	CAP_PID[$name]=$pid
	defer kill "$pid"
	if ! wait_until 100 grep -q "listening on" "$file.log"; then
		fail "tcpdump -i $dev in $ns did not start listening" "  its output:"
		diag_output "$(cat "$file.log")"
		return 1
	fi
}

cap_stop()
{
	local file=$TMPD/$1.pcap pid=${CAP_PID[$1]-} prev=-1 size i

	[[ -n $pid ]] || return 0
	# Until the file stops growing (at most 6 s), then stop tcpdump.
	for ((i = 0; i < 30; i++)); do
		size=$(stat -c %s "$file" 2>/dev/null || echo 0)
		[[ $size == "$prev" ]] && break
		prev=$size
		sleep 0.2
	done
	kill -INT "$pid" 2>/dev/null
	wait "$pid" 2>/dev/null
	CAP_PID[$1]=""
	return 0
}

cap_read()
{
	local file=$TMPD/$1.pcap
	shift

	tcpdump -r "$file" -nn "$@" 2>/dev/null
}

cap_bytes()
{
	local file=$TMPD/$1.pcap
	shift

	tcpdump -r "$file" -nn -t -xx "$@" 2>/dev/null | awk '
		/^[ \t]+0x[0-9a-f]+:/ {
			for (i = 2; i <= NF; i++) {
				line = line " " substr($i, 1, 2)
				if (length($i) == 4)
					line = line " " substr($i, 3, 2)
			}
			next
		}
		{ if (line != "") print line " "; line = "" }
		END { if (line != "") print line " " }'
}

mac_bytes()
{
	echo " ${1//:/ } "
}
