# SPDX-License-Identifier: GPL-2.0
# shellcheck shell=bash
#
# A Debian bookworm root made with debootstrap, for fresh-check.sh and
# deb-check.sh (sourced, not run). The mirror is this machine's own
# (read from its apt configuration: no host name is written into the
# project). The caller sets $root and calls root_unmount on exit.
root=${root:?lib-root.sh: set root first}

# root_mirror: the first Debian archive URI of this machine's apt sources.
root_mirror() {
	local f

	f=/etc/apt/sources.list.d/debian.sources
	if [ -e "$f" ]; then
		awk 'BEGIN { RS = "" } NR == 1' "$f" | sed -n 's/^URIs: *\([^ ]*\).*/\1/p' | head -1
		return
	fi
	grep -shE '^deb .* bookworm( |$)' /etc/apt/sources.list | awk '{ print $2 }' | head -1
}

# root_debootstrap LOG [DEBOOTSTRAP ARGS...]: a fresh bookworm in $root
# (installing debootstrap first if needed); its output in LOG.
root_debootstrap() {
	local log=$1 url

	shift
	command -v debootstrap >/dev/null 2>&1 || {
		echo "installing debootstrap"
		apt-get install -y -qq --no-install-recommends debootstrap >/dev/null ||
			return 1
	}
	url=$(root_mirror)
	[ -n "$url" ] || {
		echo "no Debian bookworm source in this machine's apt configuration" >&2
		return 1
	}
	root_unmount
	rm -rf "$root"
	mkdir -p "$root"
	if ! debootstrap "$@" bookworm "$root" "$url" >"$log" 2>&1; then
		tail -n 20 "$log" >&2
		return 1
	fi
}

root_mounts=(proc sys dev dev/pts tmp)

# root_mount: /proc, /sys, /dev, /dev/pts and a /tmp in $root, and the
# host's resolv.conf.
root_mount() {
	mount -t proc proc "$root/proc"
	mount -t sysfs sys "$root/sys"
	mount --bind /dev "$root/dev"
	mount --bind /dev/pts "$root/dev/pts"
	mount -t tmpfs tmp "$root/tmp"
	cp -L /etc/resolv.conf "$root/etc/resolv.conf" 2>/dev/null || true
}

root_unmount() {
	local i

	for ((i = ${#root_mounts[@]} - 1; i >= 0; i--)); do
		if mountpoint -q "$root/${root_mounts[i]}"; then
			umount -l "$root/${root_mounts[i]}"
		fi
	done
}

# root_run CMD...: CMD in $root with a login-like environment.
root_run() {
	chroot "$root" /usr/bin/env -i HOME=/root TERM=dumb LANG=C.UTF-8 \
		DEBIAN_FRONTEND=noninteractive \
		PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin \
		"$@"
}
