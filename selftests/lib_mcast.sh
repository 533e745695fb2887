# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# lib_mcast.sh - a PAN's underlay multicast group as the host shows it,
# shared by 81_mcast_membership.sh, 87_mcast.sh and 89_mcast_fig6.sh: the
# kernel's memberships (ip maddr), the IGMP/MLD reports on the wire
# (captures from lib_transport.sh), pan show's membership and counters,
# the monitor's join and leave lines. The caller sources lib.sh first.
#
# MCAST_DEV is the hosts' underlay device (u0 unless the test says).

MCAST_DEV=${MCAST_DEV:-u0}

# joined H GROUP: GROUP (IPv4 or IPv6) is among the multicast addresses
# of H's $MCAST_DEV (ip maddr: what the kernel joined; the reports follow).
joined()
{
	ip -n "$(ns_of "$1")" maddr show dev "$MCAST_DEV" |
		grep -qE "inet6? +${2//./\\.}( |\$)"
}

# not_joined H GROUP WHY: H is no member of GROUP; else fail with WHY.
not_joined()
{
	if joined "$1" "$2"; then
		fail "$3"
		return 1
	fi
}

# pan_joined H PAN yes|no: pan show says so (JSON and text).
pan_joined()
{
	local want=true

	[[ $3 == yes ]] || want=false
	check_json hpsw "$1" -j pan show psw0 "$2" || return 1
	check_jq "$JSON" ".[0].mcast.joined == $want" || return 1
	check_run hpsw "$1" pan show psw0 "$2" || return 1
	check_match "$1: pan show psw0 $2 (text)" " joined $3 " "$OUT"
}

# mcast_count H PAN tx|rx: the PAN's multicast group counter
mcast_count()
{
	hpsw "$1" -j pan show psw0 "$2" | jq -r ".[0].mcast.$3"
}

# reports CAP GROUP to_ex|to_in: the IGMPv3/MLDv2 group records of GROUP
# in capture CAP that change it to exclude no source (a join) or include
# none (a leave), one a line (tcpdump -vv prints a record's sources, -v
# only their count).
reports()
{
	cap_read "$1" -vv | grep -oE "gaddr $2 $3 \\{ \\}"
}

# join_seen CAP GROUP: a report joining GROUP (IGMPv2, or a v3/MLDv2
# record to exclude no source) is in capture CAP.
join_seen()
{
	cap_read "$1" -vv | grep -qE "v2 report $2|gaddr $2 to_ex \\{ \\}"
}

# leave_seen CAP GROUP: an IGMP leave of GROUP (v2), or a v3 report that
# changes it to include no source, in capture CAP.
leave_seen()
{
	cap_read "$1" -vv | grep -qE "leave $2|gaddr $2 to_in \\{ \\}"
}
