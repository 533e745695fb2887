#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Install what building and testing panswitch needs on a Debian bookworm
# host (run as root). Idempotent: quick when everything is already there.
#
# The bookworm-backports entry is derived from the machine's own Debian
# source file, so no mirror host name is written into the project.
set -euo pipefail

pkgs=(build-essential bc flex bison libelf-dev libssl-dev pkg-config
      qemu-system-x86 busybox-static kmod iproute2 iputils-ping
      libnl-3-dev libnl-genl-3-dev jq python3 cpio gzip xz-utils
      tcpdump util-linux coreutils socat
      openvswitch-switch
      linux-image-cloud-amd64 linux-headers-cloud-amd64
      linux-source-6.1)

bp_list=/etc/apt/sources.list.d/panswitch-backports.sources
if [ ! -e "$bp_list" ]; then
	src=$(ls /etc/apt/sources.list.d/debian.sources 2>/dev/null || true)
	if [ -n "$src" ]; then
		# First stanza only (the main archive), Suites set to backports.
		awk 'BEGIN{RS=""; ORS="\n\n"} NR==1' "$src" |
			sed -e 's/^Suites:.*/Suites: bookworm-backports/' >"$bp_list"
	else
		line=$(grep -hE '^deb .* bookworm( |$)' /etc/apt/sources.list | head -1)
		echo "${line/ bookworm / bookworm-backports }" >"$bp_list.list"
		mv "$bp_list.list" /etc/apt/sources.list.d/panswitch-backports.list
		bp_list=/etc/apt/sources.list.d/panswitch-backports.list
	fi
	need_update=1
fi

have_all=1
for p in "${pkgs[@]}"; do
	dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'ok installed' ||
		{ have_all=0; break; }
done
ls /boot/vmlinuz-6.12.*-cloud-amd64 >/dev/null 2>&1 || have_all=0
# QEMU 7.2 (bookworm) corrupts 6.12 guests under TCG (random oopses at
# boot); the one from bookworm-backports does not.
qemu_major=$(qemu-system-x86_64 --version 2>/dev/null | awk 'NR == 1 { print int($4) }')
[ "${qemu_major:-0}" -ge 8 ] || have_all=0

if [ "$have_all" = 1 ] && [ -z "${need_update:-}" ]; then
	exit 0
fi

export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
apt-get install -y -qq --no-install-recommends "${pkgs[@]}" >/dev/null
apt-get install -y -qq --no-install-recommends -t bookworm-backports \
	qemu-system-x86 >/dev/null
# The 6.12 cloud kernel and its headers from bookworm-backports.
apt-get install -y -qq --no-install-recommends -t bookworm-backports \
	linux-image-cloud-amd64 linux-headers-cloud-amd64 >/dev/null 2>&1 ||
	true
if ! ls /boot/vmlinuz-6.12.*-cloud-amd64 >/dev/null 2>&1; then
	ver=$(apt-cache -t bookworm-backports search '^linux-image-6\.12\..*-cloud-amd64$' |
		awk '{print $1}' | grep -v unsigned | sort -V | tail -1)
	ver=${ver#linux-image-}
	apt-get install -y -qq --no-install-recommends -t bookworm-backports \
		"linux-image-$ver" "linux-headers-$ver" >/dev/null
fi
