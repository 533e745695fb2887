#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# The bash completion (tools/completion/panswitch) driven as bash drives
# it: COMP_WORDS and COMP_CWORD set, _panswitch called, COMPREPLY read.
# A fake panswitch answers the -j shows (two switches; PANs and ports per
# switch, and per namespace with -n) and records its calls. Each case
# checks words that must be offered and words that must not.
#
# usage: test-completion.sh [COMPLETION-FILE]     (exit 0: all passed)

# ok and nok never fail, so "A && ok || nok" is if-then-else here
# shellcheck disable=SC2015
here=$(cd "$(dirname "$0")" && pwd)
comp=${1:-$here/panswitch}
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
pass=0
fail=0

ok() { pass=$((pass + 1)); echo "ok $((pass + fail)) $1"; }
nok() { fail=$((fail + 1)); echo "not ok $((pass + fail)) $1"; shift; printf '#   %s\n' "$@"; }

cat >"$tmp/panswitch" <<'EOF'
#!/bin/bash
echo "$*" >>"${0%/*}/calls"
ns=
[ "$1" = -n ] && { ns=$2; shift 2; }
case "$ns|$*" in
"|-j switch show") echo '[{"ifname":"psw0","ifindex":5},{"ifname":"psw1","ifindex":6}]' ;;
"blue|-j switch show") echo '[{"ifname":"pswblue","ifindex":2}]' ;;
"|-j pan show psw0") echo '[{"switch":"psw0","pan":7,"ports":1},{"switch":"psw0","pan":100,"ports":0}]' ;;
"|-j pan show psw1") echo '[{"switch":"psw1","pan":42,"ports":0}]' ;;
"|-j port show psw0") echo '[{"switch":"psw0","dev":"vnet3","ifindex":9,"role":"vm","pan":7,"macs":["02:00:00:00:00:01"]}]' ;;
"blue|-j port show pswblue") echo '[{"switch":"pswblue","dev":"tapblue","ifindex":3,"role":"vm","pan":9,"macs":[]}]' ;;
*) exit 1 ;;
esac
EOF
chmod +x "$tmp/panswitch"
export PATH=$tmp:$PATH

# shellcheck source=/dev/null
source "$comp"
complete -p panswitch 2>/dev/null | grep -q -- '-F _panswitch' &&
	ok "'complete -F _panswitch panswitch' registered" ||
	nok "'complete -F _panswitch panswitch' registered" "$(complete -p panswitch 2>&1)"

# c LINE WANT NOT: complete LINE (the cursor at its end; a trailing space
# starts a new word); every word of WANT must be offered, none of NOT.
c() {
	local line=$1 want=$2 not=$3 w got bad=""

	read -r -a COMP_WORDS <<<"$line"
	[[ $line == *" " ]] && COMP_WORDS+=("")
	COMP_CWORD=$((${#COMP_WORDS[@]} - 1))
	COMP_LINE=$line
	COMP_POINT=${#line}
	COMPREPLY=()
	_panswitch panswitch "${COMP_WORDS[COMP_CWORD]}" "${COMP_WORDS[COMP_CWORD - 1]}"
	# one element per word offered
	got="|$(IFS='|' && echo "${COMPREPLY[*]}")|"
	for w in $want; do
		[[ $got == *"|$w|"* ]] || bad+=" missing: $w"
	done
	for w in $not; do
		[[ $got == *"|$w|"* ]] && bad+=" offered: $w"
	done
	if [ -z "$want" ] && [ ${#COMPREPLY[@]} != 0 ]; then
		bad+=" offered something"
	fi
	if [ -n "$bad" ]; then
		nok "'$line' -> $got" "$bad"
	else
		ok "'$line' -> $got"
	fi
}

c "panswitch " "switch port pan entry neigh tenant stats monitor" "add dev"
c "panswitch po" "port" "pan switch"
c "panswitch -j -n blue " "switch port pan" "-j"
c "panswitch --st" "--stats" "--json switch"
c "panswitch port " "add set del show" "replace miss"
c "panswitch entry " "add replace del show" "set"
c "panswitch port add " "psw0 psw1" "pswblue add"
c "panswitch port add psw0 " "dev pan mac uplink vlan trunk tep" "security psw0"
c "panswitch port add psw0 dev vnet3 tep " "tpid" "pan mac classify"
c "panswitch port set psw0 dev vnet3 " "security lldp allow isolated" "pan mac"
c "panswitch port set psw0 dev vnet3 isolated " "on off" "dev"
c "panswitch port add psw0 dev vnet3 trunk " "classify" "pan mac"
c "panswitch port add psw0 dev vnet3 trunk classify " "oui vlan oui+vlan" "pan"
c "panswitch tenant " "add del show" "set"
c "panswitch tenant add psw0 " "oui vlan pan" "dev"
c "panswitch port add psw0 dev vnet3 pan " "7 100" "42"
c "panswitch port del psw0 dev " "vnet3" "tapblue"
c "panswitch -n blue port del pswblue dev " "tapblue" "vnet3"
grep -qx -- "-n blue -j port show pswblue" "$tmp/calls" &&
	ok "-n NETNS is passed to panswitch" ||
	nok "-n NETNS is passed to panswitch" "$(cat "$tmp/calls")"
c "panswitch pan del psw1 " "42" "7 100"
c "panswitch pan set psw0 7 " "miss accept flood hold proxy learning pan-addr oui" "dev add security"
c "panswitch pan set psw0 7 " "etherip mcast-share" ""
c "panswitch pan set psw0 7 etherip " "addr oui" "remotes"
c "panswitch pan set psw0 7 miss " "flood drop notify anycast" "accept"
c "panswitch pan set psw0 7 flood add " "remote uplink" "add"
c "panswitch pan set psw0 7 flood add remote 192.0.2.1 encap " "vxlan nvgre etherip" "ipip"
c "panswitch entry add psw0 pan 7 " "mac" "pan local"
c "panswitch entry add psw0 pan 7 mac 02 : 00 : 00 : 00 : 00 : 01 " "local xlate encap drop" "mac pan"
c "panswitch entry add psw0 pan 7 mac 02 : 00 : 00 : 00 : 00 : 01 local " "dev" "local"
c "panswitch entry add psw0 pan 7 mac 02 : 00 : 00 : 00 : 00 : 01 local dev " "vnet3" ""
c "panswitch entry add psw0 pan 7 mac 02 :" "" "local"
c "panswitch stats " "show psw0 psw1" "pan"
c "panswitch stats psw0 " "port pan" "psw0"
c "panswitch monitor " "miss move" "show"
c "panswitch switch set psw0 " "underlay underlay6 vxlan-port max-pans ext-prefix vlan-pool" "dev"
c "panswitch switch set psw0 vlan-pool " "none" "dev"
c "panswitch switch set psw0 underlay " "none" "underlay"
c "panswitch switch add " "" "psw0"

echo "# $pass passed, $fail failed"
[ $fail = 0 ]
