#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# make fresh-check: the README's two commands on a machine where nothing is
# installed. Builds a clean Debian bookworm root with debootstrap (plus git
# and make, which a clone needs anyway), from the mirror of this machine's
# own Debian source (read from its apt configuration: no host name is
# written into the project), clones this tree (HEAD) into it and runs, in a
# chroot, `make demo` and then `make check KVER=<its 6.1 kernel>`. Prints
# their last lines; exit status 1 if either failed.
#
# Not part of make check or CI (a fresh root takes minutes to build and
# the check itself runs one kernel's whole suite); run it before a release.
#
# Settings: FRESH_DIR (default /var/tmp/panswitch-fresh: the root and the
# logs), FRESH_KEEP=1 keeps the root afterwards.
set -uo pipefail

repo=$(cd "$(dirname "$0")/../.." && pwd)
dir=${FRESH_DIR:-/var/tmp/panswitch-fresh}
root=$dir/root
start=$(date +%s)

say() { printf 'fresh-check: %s\n' "$*"; }
die() {
	printf 'fresh-check: %s\n' "$*" >&2
	exit 1
}

[ "$(id -u)" = 0 ] || die "must run as root (debootstrap, chroot)"
command -v debootstrap >/dev/null 2>&1 || {
	say "installing debootstrap"
	apt-get install -y -qq --no-install-recommends debootstrap >/dev/null ||
		die "cannot install debootstrap"
}

# mirror: the first Debian archive URI of this machine's apt sources.
mirror() {
	local f

	f=/etc/apt/sources.list.d/debian.sources
	if [ -e "$f" ]; then
		awk 'BEGIN { RS = "" } NR == 1' "$f" | sed -n 's/^URIs: *\([^ ]*\).*/\1/p' | head -1
		return
	fi
	grep -shE '^deb .* bookworm( |$)' /etc/apt/sources.list | awk '{ print $2 }' | head -1
}
url=$(mirror)
[ -n "$url" ] || die "no Debian bookworm source in this machine's apt configuration"

mounts=(proc sys dev dev/pts tmp)
unmount() {
	local i

	for ((i = ${#mounts[@]} - 1; i >= 0; i--)); do
		mountpoint -q "$root/${mounts[i]}" && umount -l "$root/${mounts[i]}"
	done
}
cleanup() {
	unmount
	[ "${FRESH_KEEP:-0}" = 1 ] || rm -rf "$root"
}
trap cleanup EXIT

unmount
rm -rf "$root"
mkdir -p "$root"
say "debootstrap bookworm into $root (log: $dir/debootstrap.log)"
if ! debootstrap --include=git,make,ca-certificates bookworm "$root" "$url" \
	>"$dir/debootstrap.log" 2>&1; then
	tail -n 20 "$dir/debootstrap.log" >&2
	die "debootstrap failed"
fi
say "root ready after $(($(date +%s) - start)) s: $(du -sh "$root" | cut -f1)"

mount -t proc proc "$root/proc"
mount -t sysfs sys "$root/sys"
mount --bind /dev "$root/dev"
mount --bind /dev/pts "$root/dev/pts"
mount -t tmpfs tmp "$root/tmp"
cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true

git clone -q "$repo" "$root/root/panswitch" || die "git clone failed"
say "cloned $(git -C "$repo" rev-parse --short HEAD) into /root/panswitch"

# The README's commands, as a user runs them, in a login-like environment.
cat >"$root/root/fresh.sh" <<'EOF'
#!/bin/bash
set -uo pipefail
cd /root/panswitch || exit 1
t0=$(date +%s)
make demo >/root/demo.log 2>&1
demo=$?
t1=$(date +%s)
echo "DEMO $demo $((t1 - t0))"
[ "$demo" = 0 ] || exit 1
k=$(ls /boot/vmlinuz-6.1.*-cloud-amd64 2>/dev/null | sort -V | tail -1)
k=${k#/boot/vmlinuz-}
make check KVER="$k" >/root/check.log 2>&1
check=$?
echo "CHECK $check $(($(date +%s) - t1)) $k"
exit "$check"
EOF
chmod +x "$root/root/fresh.sh"
say "running make demo, then make check on the 6.1 kernel, in the fresh root"
chroot "$root" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
	PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
	/root/fresh.sh >"$dir/fresh.out" 2>&1
rc=$?
cp "$root/root/demo.log" "$root/root/check.log" "$dir/" 2>/dev/null

read -r _ demo_rc demo_s < <(grep '^DEMO ' "$dir/fresh.out") || demo_rc=''
echo "--- make demo (exit ${demo_rc:-?}, ${demo_s:-?} s, install included); last lines:"
tail -n 4 "$dir/demo.log" 2>/dev/null | tr -d '\r'
if read -r _ check_rc check_s kver < <(grep '^CHECK ' "$dir/fresh.out"); then
	echo "--- make check KVER=$kver (exit $check_rc, $check_s s); last lines:"
	tail -n 3 "$dir/check.log"
fi
say "total $(($(date +%s) - start)) s; logs in $dir"
[ "$rc" = 0 ] || die "failed (see $dir/fresh.out, demo.log, check.log)"
say "OK"
