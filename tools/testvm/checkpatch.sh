#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Run the kernel's checkpatch.pl on kmod/*.c and kmod/*.h; fail on any
# ERROR. checkpatch.pl comes from an unpacked /usr/src/linux-source-*, or
# is extracted (with the two data files it reads) from the linux-source
# tarball into build/checkpatch/.
set -euo pipefail
shopt -s nullglob
repo=$(cd "$(dirname "$0")/../.." && pwd)
cache=$repo/build/checkpatch

cp=
for f in /usr/src/linux-source-*/scripts/checkpatch.pl \
	 "$cache"/linux-source-*/scripts/checkpatch.pl; do
	[ -e "$(dirname "$f")/spelling.txt" ] && cp=$f
done
if [ -z "$cp" ]; then
	tars=(/usr/src/linux-source-*.tar.xz)
	[ ${#tars[@]} -gt 0 ] ||
		{ echo "checkpatch: no /usr/src/linux-source-*.tar.xz (run tools/testvm/install-deps.sh)" >&2; exit 1; }
	tarball=$(printf '%s\n' "${tars[@]}" | sort -V | tail -1)
	top=$(basename "$tarball" .tar.xz)
	mkdir -p "$cache"
	echo "checkpatch: extracting checkpatch.pl from $tarball"
	tar -xJf "$tarball" -C "$cache" "$top/scripts/checkpatch.pl" \
		"$top/scripts/spelling.txt" "$top/scripts/const_structs.checkpatch"
	cp=$cache/$top/scripts/checkpatch.pl
fi

cd "$repo"
files=(kmod/*.c kmod/*.h)
[ ${#files[@]} -gt 0 ] || { echo "checkpatch: no kmod/*.c or kmod/*.h" >&2; exit 1; }
out=$(perl "$cp" --no-tree --show-types -f "${files[@]}" || true)
printf '%s\n' "$out"
if grep -q '^ERROR:' <<<"$out"; then
	echo "checkpatch: errors found" >&2
	exit 1
fi
