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
# shellcheck source=lib-root.sh
. "$repo/tools/testvm/lib-root.sh"

cleanup() {
	root_unmount
	[ "${FRESH_KEEP:-0}" = 1 ] || rm -rf "$root"
}
trap cleanup EXIT

mkdir -p "$dir"
say "debootstrap bookworm into $root (log: $dir/debootstrap.log)"
root_debootstrap "$dir/debootstrap.log" --include=git,make,ca-certificates ||
	die "debootstrap failed"
say "root ready after $(($(date +%s) - start)) s: $(du -sh "$root" | cut -f1)"
root_mount

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
root_run /root/fresh.sh >"$dir/fresh.out" 2>&1
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
