# SPDX-License-Identifier: GPL-2.0
#
# selftests/json_get.awk, for counter() in lib.sh: reading a counter is the
# suite's most frequent read, and jq 1.6 compiles its builtins at every
# start (about 30 ms on the host, a large multiple of that in a TCG guest);
# mawk starts in about 1 ms. Usage: awk -v path=PATH -f json_get.awk.
#
# json_get: print the scalar at PATH (".0.drops.entry_drop": array indices
# and object keys joined by dots) of the JSON document on stdin, as jq -r
# would print it for a number, true, false, null or a string without escapes;
# exit 1 when PATH is not a scalar of the document. PATH "*" prints every
# scalar as "PATH VALUE" lines, in document order (for its own test).
function ws() {
	while (substr(doc, pos, 1) ~ /[ \t\r\n]/)
		pos++
}
function str(	t) {
	if (!match(substr(doc, pos), /^"([^"\\]|\\.)*"/))
		bad()
	t = substr(doc, pos + 1, RLENGTH - 2)
	pos += RLENGTH
	return t
}
function bad() {
	exit 1
}
function value(p,	c, k, i) {
	ws()
	c = substr(doc, pos, 1)
	if (c == "{" || c == "[") {
		pos++
		ws()
		if (substr(doc, pos, 1) == (c == "{" ? "}" : "]")) {
			pos++
			return
		}
		for (i = 0; ; i++) {
			ws()
			if (c == "{") {
				k = str()
				ws()
				if (substr(doc, pos++, 1) != ":")
					bad()
			} else {
				k = i
			}
			value(p "." k)
			ws()
			k = substr(doc, pos++, 1)
			if (k == (c == "{" ? "}" : "]"))
				return
			if (k != ",")
				bad()
		}
	}
	if (c == "\"")
		k = str()
	else if (match(substr(doc, pos), /^[-+.0-9eE]+|^true|^false|^null/)) {
		k = substr(doc, pos, RLENGTH)
		pos += RLENGTH
	} else
		bad()
	if (path == "*") {
		print p, k
	} else if (p == path) {
		print k
		exit 0
	}
}
{ doc = doc $0 "\n" }
END {
	pos = 1
	value("")
	exit path != "*"
}
