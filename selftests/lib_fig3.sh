# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# lib_fig3.sh - seed 000's FIG. 3 topology, shared by 60_seed_topology.sh
# and lib_controller.sh (92, 93 and the demo): five hosts on two L2
# networks (A: h1-h3, B: h4-h5) joined by the router r, and the eleven
# VMs of PANs 100, 200 and 300. The caller sources lib.sh first and sets
# PAN300_LOCAL (the hosts' PAN 300 addresses for EtherIP) before
# fig3_underlay.
# shellcheck disable=SC2034 # the tables are used by the sourcing scripts

HOSTS=(h1 h2 h3 h4 h5)
declare -A HOST_NET=([h1]=A [h2]=A [h3]=A [h4]=B [h5]=B)
declare -A HOST_IP4=([h1]=192.0.2.1 [h2]=192.0.2.2 [h3]=192.0.2.3
	[h4]=192.0.2.129 [h5]=192.0.2.130)
declare -A HOST_IP6=([h1]=2001:db8:a::1 [h2]=2001:db8:a::2 [h3]=2001:db8:a::3
	[h4]=2001:db8:b::4 [h5]=2001:db8:b::5)
declare -A NET_PLEN4=([A]=25 [B]=25)
declare -A ROUTER_IP4=([A]=192.0.2.126 [B]=192.0.2.254)
declare -A ROUTER_IP6=([A]=2001:db8:a::ff [B]=2001:db8:b::ff)

VMS=(a1 a2 a3 a4 b1 b2 b3 c1 c2 c3 c4)
declare -A VM_HOST=([a1]=h1 [a2]=h2 [a3]=h4 [a4]=h1
	[b1]=h1 [b2]=h3 [b3]=h5
	[c1]=h2 [c2]=h3 [c3]=h4 [c4]=h5)
declare -A VM_PAN=([a1]=100 [a2]=100 [a3]=100 [a4]=100
	[b1]=200 [b2]=200 [b3]=200
	[c1]=300 [c2]=300 [c3]=300 [c4]=300)

vm_idx() { echo "${1:1}"; }
int_mac() { echo "02:00:00:00:00:0$(vm_idx "$1")"; }

# fig3_underlay: the two networks, the router (forwarding), each host's
# uplink up0 with its addresses (and its PAN300_LOCAL address, if any)
# and default routes through the router.
fig3_underlay()
{
	local h net n=0

	l2net_add netA && l2net_add netB || return 1
	host_add r || return 1
	l2net_attach netA r eA 02:ab:00:00:00:0a &&
		l2net_attach netB r eB 02:ab:00:00:00:0b || return 1
	for net in A B; do
		host_addr r "e$net" "${ROUTER_IP4[$net]}/${NET_PLEN4[$net]}" \
			"${ROUTER_IP6[$net]}/64" || return 1
	done
	set_sysctl "$(ns_of r)" net/ipv4/ip_forward 1
	set_sysctl "$(ns_of r)" net/ipv6/conf/all/forwarding 1
	for h in "${HOSTS[@]}"; do
		n=$((n + 1))
		net=${HOST_NET[$h]}
		host_add "$h" || return 1
		l2net_attach "net$net" "$h" up0 "02:aa:00:00:00:0$n" || return 1
		host_addr "$h" up0 "${HOST_IP4[$h]}/${NET_PLEN4[$net]}" \
			"${HOST_IP6[$h]}/64" || return 1
		if [[ -n ${PAN300_LOCAL[$h]-} ]]; then
			host_addr "$h" up0 "${PAN300_LOCAL[$h]}/${NET_PLEN4[$net]}" || return 1
		fi
		check_run hexec "$h" ip route add default via "${ROUTER_IP4[$net]}" &&
			check_run hexec "$h" ip -6 route add default via "${ROUTER_IP6[$net]}" ||
			return 1
	done
}
