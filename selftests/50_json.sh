#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# 50_json.sh - output formats: -j output of every show command parses with
# jq and has the documented keys and values; -p is the same JSON, pretty;
# show is the default verb; text output has the documented keywords; the
# statistics add up (a PAN's counters are the sum of its ports').
#
#  netns vm1          netns vm2          netns vm3          netns up
#  02:00:00:00:00:01  02:00:00:00:00:02  02:00:00:00:00:01  02:00:00:00:01:01
#  198.51.100.1/24    198.51.100.2/24    198.51.100.1/24    203.0.113.2/24
#     |  veth            |                  |                  |
#  +-vm1----------------vm2--------------+-vm3---------+    psup0 203.0.113.1/24
#  |  PAN 100                            |  PAN 200    |  (uplink)
#  |  user entries: 02:00:00:00:00:99 drop,            |      |
#  |                02:00:00:00:00:98 local dev vm1    |      |
#  +---------------------------------------------------+------+
#                              psw0

# shellcheck source-path=SCRIPTDIR
source "$(dirname "$0")/lib.sh"

M1=02:00:00:00:00:01
M2=02:00:00:00:00:02
DROP_MAC=02:00:00:00:00:99
HAIRPIN_MAC=02:00:00:00:00:98
IP1=198.51.100.1
IP2=198.51.100.2
IP_HAIRPIN=198.51.100.98
REASONS='["switch_down","bad_frame","bad_src_mac","nomem","entry_drop",
	"hairpin","port_down","too_big","no_dest","tx_error"]'
COUNTERS='["rx_packets","rx_bytes","tx_packets","tx_bytes","flooded"]'

setup()
{
	load_kmods veth
	switch_add psw0 || return 1
	check_run "$PSW" pan add psw0 100 || return 1
	check_run "$PSW" pan add psw0 200 || return 1
	vm_port_add vm1 "$M1" "$IP1" 100 || return 1
	vm_port_add vm2 "$M2" "$IP2" 100 || return 1
	vm_port_add vm3 "$M1" "$IP1" 200 || return 1
	vm_add up psup0 02:00:00:00:01:01 203.0.113.2/24 || return 1
	check_run "$PSW" port add psw0 dev psup0 uplink || return 1
	check_run "$PSW" entry add psw0 pan 100 mac "$DROP_MAC" drop || return 1
	check_run "$PSW" entry add psw0 pan 100 mac "$HAIRPIN_MAC" local dev vm1 || return 1
	check_run ip link set psw0 up || return 1
	# Traffic, so that counters are not all zero: a ping, two frames
	# dropped by the drop entry, two hairpin drops.
	static_neigh vm1 198.51.100.99 "$DROP_MAC" || return 1
	static_neigh vm1 "$IP_HAIRPIN" "$HAIRPIN_MAC" || return 1
	check_ping vm1 "$IP2" || return 1
	send_frames vm1 198.51.100.99
	send_frames vm1 "$IP_HAIRPIN"
	# No delayed ARP probe may move counters while we read them.
	flush_neigh vm1 vm2 vm3
}

case_switch_json()
{
	check_json "$PSW" -j switch show || return 1
	check_jq "$JSON" 'type == "array" and length == 1' || return 1
	check_jq "$JSON" '.[0] | has_keys(["entries","ifindex","ifname","pans","ports","vxlan_port",
		"max_pans","max_entries"])'
	check_jq "$JSON" '.[0] | (has("local4") or has("local6") or has("stats") or
		has("limit_hits")) | not'
	check_jq "$JSON" '.[0] | .ifname == "psw0" and .ifindex == $i and
		.pans == 2 and .ports == 4 and .entries == 5 and
		.max_pans == 4096 and .max_entries == 262144' \
		--argjson i "$(ifindex_of psw0)"
	check_json "$PSW" -j switch show psw0 || return 1
	check_jq "$JSON" 'length == 1 and .[0].ifname == "psw0"'
	check_json "$PSW" -j -s switch show psw0 || return 1
	check_jq "$JSON" '.[0].limit_hits == {"pans": 0, "entries": 0} and
		(.[0].stats.rx_packets | type) == "number"'
}

case_port_json()
{
	check_json "$PSW" -j port show || return 1
	check_jq "$JSON" 'length == 4' || return 1
	check_jq "$JSON" 'all(.[] | select(.role == "vm");
		has_keys(["dev","ifindex","lldp","macs","pan","role","security","switch"]) and
		(.security | type) == "boolean" and (.lldp | type) == "boolean")'
	check_jq "$JSON" 'all(.[] | select(.role == "uplink");
		has_keys(["dev","ifindex","role","switch"]) and
		(has("pan") or has("macs") or has("security") or has("lldp") or
		 has("vlan") | not))'
	check_jq "$JSON" '.[] | select(.dev == "vm1") | .switch == "psw0" and
		.role == "vm" and .pan == 100 and .macs == [$m] and .ifindex == $i' \
		--arg m "$M1" --argjson i "$(ifindex_of vm1)"
	check_jq "$JSON" '.[] | select(.dev == "vm3") | .pan == 200 and .macs == [$m]' \
		--arg m "$M1"
	check_jq "$JSON" '[.[] | select(.role == "uplink") | .dev] == ["psup0"]'
	check_json "$PSW" -j port show psw0 dev vm2 || return 1
	check_jq "$JSON" 'length == 1 and .[0].dev == "vm2" and .[0].pan == 100'
}

case_pan_json()
{
	check_json "$PSW" -j pan show || return 1
	check_jq "$JSON" 'length == 2' || return 1
	check_jq "$JSON" 'all(.[]; has_keys(["entries","pan","ports","switch"]))'
	check_jq "$JSON" '.[] | select(.pan == 100) | .switch == "psw0" and
		.ports == 2 and .entries == 4'
	check_jq "$JSON" '.[] | select(.pan == 200) | .ports == 1 and .entries == 1'
	check_json "$PSW" -j pan show psw0 200 || return 1
	check_jq "$JSON" 'length == 1 and .[0].pan == 200'
}

case_entry_json()
{
	check_json "$PSW" -j entry show || return 1
	check_jq "$JSON" 'length == 5' || return 1
	check_jq "$JSON" 'all(.[] | select(.mode == "local");
		has_keys(["dev","mac","mode","origin","pan","switch"]))'
	check_jq "$JSON" 'all(.[] | select(.mode == "drop");
		has_keys(["mac","mode","origin","pan","switch"]) and (has("dev") | not))'
	check_jq "$JSON" 'any(.[]; .switch == "psw0" and .pan == 100 and
		.mac == $m and .mode == "local" and .dev == "vm1" and .origin == "port")' \
		--arg m "$M1"
	check_jq "$JSON" 'any(.[]; .pan == 200 and .mac == $m and .dev == "vm3")' --arg m "$M1"
	check_jq "$JSON" 'any(.[]; .pan == 100 and .mac == $m and .mode == "drop" and
		.origin == "user")' --arg m "$DROP_MAC"
	check_jq "$JSON" 'any(.[]; .pan == 100 and .mac == $m and .mode == "local" and
		.dev == "vm1" and .origin == "user")' --arg m "$HAIRPIN_MAC"
	check_json "$PSW" -j entry show psw0 pan 100 || return 1
	check_jq "$JSON" 'length == 4 and all(.[]; .pan == 100)'
	check_json "$PSW" -j entry show psw0 pan 100 mac "$M2" || return 1
	check_jq "$JSON" 'length == 1 and .[0].mac == $m and .[0].dev == "vm2"' --arg m "$M2"
}

# stats_shape: every object in $JSON has the counters and every drop
# reason, all numbers.
stats_shape()
{
	check_jq "$JSON" 'all(.[]; . as $o | has("switch") and
		all($c[]; ($o[.] | type) == "number") and
		($o.drops | type) == "object" and
		all($r[]; ($o.drops[.] | type) == "number"))' \
		--argjson c "$COUNTERS" --argjson r "$REASONS"
}

case_stats_all_json()
{
	check_json "$PSW" -j stats show psw0 || return 1
	stats_shape || return 1
	# Every port, then every PAN.
	check_jq "$JSON" '[.[] | if has("port") then "port" else "pan" end] ==
		["port","port","port","port","pan","pan"]'
	check_jq "$JSON" '[.[] | select(has("port")) | .port] | sort == ["psup0","vm1","vm2","vm3"]'
	check_jq "$JSON" '[.[] | select(has("pan")) | .pan] | sort == [100, 200]'
	# What setup sent is there.
	check_jq "$JSON" '.[] | select(.port == "vm1") | .rx_packets >= 6 and
		.rx_bytes > .rx_packets and .tx_packets >= 2 and .flooded >= 1 and
		.drops.entry_drop >= 2 and .drops.hairpin >= 2'
	# A PAN's counters are the sum of its vm ports'.
	pan_sums_check
}

# pan_sums_check: for PANs 100 (vm1 vm2) and 200 (vm3), every counter and
# drop reason of the PAN equals the sum over its ports (read in one dump).
pan_sums_check()
{
	local filter='
		. as $all
		| [$c[] | [.]] + [$r[] | ["drops", .]]
		| . as $paths
		| [ ($members | to_entries[]) as $m
		  | ($all[] | select(.pan == ($m.key | tonumber))) as $pan
		  | $paths[] as $path
		  | ([$all[] | select(.port as $d | $m.value | index([$d])) | getpath($path)] | add) as $sum
		  | select($pan | getpath($path) != $sum)
		  | "PAN \($m.key) \($path | join(".")): \($pan | getpath($path)) != sum of ports \($sum)" ]
		| if length == 0 then empty else .[] end'
	local members='{"100": ["vm1", "vm2"], "200": ["vm3"]}' bad

	bad=$(jq -r --argjson c "$COUNTERS" --argjson r "$REASONS" \
		--argjson members "$members" "$filter" <<<"$JSON" 2>&1)
	if [[ -n $bad ]]; then
		fail "PAN counters are not the sum of their ports' counters" "$bad"
		return 1
	fi
}

case_stats_selector_json()
{
	check_json "$PSW" -j stats show psw0 port vm2 || return 1
	stats_shape || return 1
	check_jq "$JSON" 'length == 1 and .[0].switch == "psw0" and .[0].port == "vm2" and
		(.[0] | has("pan") | not) and .[0].tx_packets >= 3'
	check_json "$PSW" -j stats show psw0 pan 100 || return 1
	stats_shape || return 1
	check_jq "$JSON" 'length == 1 and .[0].pan == 100 and (.[0] | has("port") | not)'
	check_json "$PSW" -j stats psw0 pan 200 || return 1
	check_jq "$JSON" 'length == 1 and .[0].pan == 200'
}

case_pretty_and_default_verb()
{
	local obj plain

	for obj in switch port pan entry; do
		check_json "$PSW" -j "$obj" show || continue
		plain=$(jq -cS . <<<"$JSON")
		check_json "$PSW" -j -p "$obj" show || continue
		check_eq "panswitch -j -p $obj show is the same JSON as -j" \
			"$plain" "$(jq -cS . <<<"$JSON")"
		(($(wc -l <<<"$JSON") > 1)) ||
			fail "panswitch -j -p $obj show is not pretty (one line)" "  $JSON"
		check_json "$PSW" -j "$obj" || continue
		check_eq "panswitch -j $obj (show is the default verb)" \
			"$plain" "$(jq -cS . <<<"$JSON")"
	done
}

# norm TEXT: squeeze runs of blanks, drop trailing blanks.
norm()
{
	sed -E 's/[[:blank:]]+/ /g; s/ $//' <<<"$1"
}

case_text_switch_port_pan()
{
	local n

	check_run "$PSW" switch show || return 1
	check_match "switch show" \
		"^psw0 ifindex $(ifindex_of psw0) pans 2 ports 4 entries 5 vxlan-port 4789 max-pans 4096 max-entries 262144\$" \
		"$(norm "$OUT")"
	check_run "$PSW" port show || return 1
	n=$(norm "$OUT")
	check_match "port show, vm port" \
		"^psw0 dev vm1 vm pan 100 mac $M1 security on lldp off\$" "$n"
	check_match "port show, vm port in PAN 200" \
		"^psw0 dev vm3 vm pan 200 mac $M1 security on lldp off\$" "$n"
	check_match "port show, uplink" '^psw0 dev psup0 uplink$' "$n"
	check_run "$PSW" pan show || return 1
	n=$(norm "$OUT")
	check_match "pan show" '^psw0 pan 100 ports 2 entries 4 accept remotes miss flood proxy off neighbours 0 learning off ageing 300 learn-max 4096 learned-now 0 learned 0 learn_limit 0 learn_static 0 moves 0 move_frozen 0 aged 0 etherip addr$' "$n"
	check_match "pan show" '^psw0 pan 200 ports 1 entries 1 accept remotes miss flood proxy off neighbours 0 learning off ageing 300 learn-max 4096 learned-now 0 learned 0 learn_limit 0 learn_static 0 moves 0 move_frozen 0 aged 0 etherip addr$' "$n"
}

case_text_entry()
{
	local n

	check_run "$PSW" entry show || return 1
	n=$(norm "$OUT")
	check_match "entry show, port entry" \
		"^psw0 pan 100 mac $M1 local dev vm1 origin port\$" "$n"
	check_match "entry show, user local entry" \
		"^psw0 pan 100 mac $HAIRPIN_MAC local dev vm1 origin user\$" "$n"
	check_match "entry show, drop entry" \
		"^psw0 pan 100 mac $DROP_MAC drop origin user\$" "$n"
	check_eq "entry show line count" 5 "$(grep -c . <<<"$n")"
}

case_text_stats()
{
	local n num='[0-9]+'
	local counters="rx $num packets $num bytes tx $num packets $num bytes flooded $num"

	check_run "$PSW" stats show psw0 || return 1
	n=$(norm "$OUT")
	check_match "stats, port line" "^psw0 port vm1 $counters\$" "$n"
	check_match "stats, PAN line" "^psw0 pan 100 $counters\$" "$n"
	# vm1 has drops: the line after its counters lists the nonzero ones.
	check_match "stats, vm1's drops line" '^ ?drops: .*hairpin [1-9]' \
		"$(grep -A1 '^psw0 port vm1 ' <<<"$n" | tail -n 1)"
	check_match "stats, vm1's drops line" '^ ?drops: .*entry_drop [1-9]' \
		"$(grep -A1 '^psw0 port vm1 ' <<<"$n" | tail -n 1)"
	check_no_match "stats text lists zero drop reasons" \
		'drops:.* (switch_down|bad_frame|bad_src_mac|nomem|port_down|too_big|tx_error) 0( |$)' "$n"
	# vm2 dropped nothing: no drops line after it.
	check_no_match "stats, no drops line for vm2" '^ ?drops:' \
		"$(grep -A1 '^psw0 port vm2 ' <<<"$n" | tail -n 1)"
	check_run "$PSW" stats psw0 port vm1 || return 1
	check_match "stats psw0 port vm1 (text)" "^psw0 port vm1 $counters\$" "$(norm "$OUT")"
}

# json_get (lib.sh: counter's reader, awk instead of jq) must read every
# scalar of the JSON the suite reads counters from exactly as jq does: the
# same paths, in the same order, with the same values. Its control: a path
# that is not there is an error, not an empty or zero counter.
case_json_get()
{
	local src json mine theirs

	for src in "$PSW -j stats show psw0 port vm1" \
		"$PSW -j stats show psw0 pan 100" \
		"$PSW -j -s switch show psw0" \
		"ip -j -s link show dev vm1"; do
		# shellcheck disable=SC2086 # $src is a word list
		json=$($src 2>&1)
		mine=$(json_get '*' <<<"$json" 2>&1)
		theirs=$(jq -r 'paths(scalars) as $p |
			"." + ($p | map(tostring) | join(".")) + " " +
			(getpath($p) | tostring)' <<<"$json" 2>&1)
		check_eq "json_get '*' and jq agree on $src" "$theirs" "$mine" ||
			return 1
		check_match "$src has nested counters" '^\.0(\.[a-z0-9_]+){2,} [0-9]+$' \
			"$mine" || return 1
	done
	check_eq "a nested counter" "$(jq -r '.[0].drops.entry_drop' <<<"$(
		"$PSW" -j stats show psw0 port vm1)")" "$(counter port:psw0:vm1:drops.entry_drop)" ||
		return 1
	if json_get .0.no_such_counter <<<"$json" >/dev/null; then
		fail "json_get .0.no_such_counter succeeded"
		return 1
	fi
}

require_tools
ensure_module
kmsg_mark
ktap_plan 13
run_setup "psw0 with two PANs, an uplink, entries and some traffic is set up" setup
run_case "switch show -j: keys and values" case_switch_json
run_case "port show -j: keys and values (vm and uplink)" case_port_json
run_case "pan show -j: keys and values" case_pan_json
run_case "entry show -j: keys and values (local and drop)" case_entry_json
run_case "stats -j without selector: every port, then every PAN; PAN = sum of ports" case_stats_all_json
run_case "stats -j with port and pan selectors" case_stats_selector_json
run_case "-p pretty JSON equals -j; show is the default verb" case_pretty_and_default_verb
run_case "text: switch, port and pan show" case_text_switch_port_pan
run_case "text: entry show" case_text_entry
run_case "text: stats" case_text_stats
run_case "json_get, the counters' reader, reads what jq reads" case_json_get
run_case "no kernel warnings" check_kernel_log
ktap_finish
