#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Installs what mmlab needs to build and test, from Debian's packages only,
# on a Debian 12 (bookworm) machine. Idempotent.
#
#   deps.sh               install (or upgrade to) everything listed below
#   deps.sh --if-missing  do nothing when everything is already installed
#   deps.sh --list        print the package list
#
# The kernels: Debian's 6.1 series (linux-image-amd64) and the 6.12 series
# (linux-image-6.12-amd64), each with its headers; both are booted in the
# test VM, never on this machine. linux-source-6.12 is a tarball from which
# scripts/ksrc.sh extracts the kselftest headers, lib.mk, checkpatch.pl and
# YNL at build time, and scripts/debug-kernel.sh builds the debug kernel
# (which needs bc, flex, bison, libelf-dev and libssl-dev). libxml2-utils
# gives xmllint, with which the tool's tests check that its SVG output is
# well-formed XML; libncurses-dev the full screen of mmlab slabtop. libjemalloc2 and libtcmalloc-minimal4 are the mallocs
# the slab benchmark (tools/testing/bench/slab_bench.c) compares mmlab's
# slab caches with, preloaded at run time: no -dev package is needed.
set -eu

PKGS="
make gcc libc6-dev perl python3 python3-yaml python3-jsonschema xz-utils
linux-headers-amd64 linux-image-amd64
linux-headers-6.12-amd64 linux-image-6.12-amd64
linux-source-6.12 bc flex bison libelf-dev libssl-dev kmod
qemu-system-x86 busybox-static cpio
libnl-3-dev libnl-genl-3-dev pkg-config libncurses-dev
clang libxml2-utils
libjemalloc2 libtcmalloc-minimal4
"

missing() {
	for p in $PKGS; do
		s=$(dpkg-query -W -f='${db:Status-Status}' "$p" 2>/dev/null || true)
		[ "$s" = installed ] || echo "$p"
	done
}

case "${1:-}" in
--list)
	echo $PKGS
	exit 0
	;;
--if-missing)
	m=$(missing)
	[ -z "$m" ] && exit 0
	echo "deps: missing:" $m >&2
	;;
"") ;;
*)
	echo "usage: $0 [--if-missing|--list]" >&2
	exit 2
	;;
esac

if [ "$(id -u)" != 0 ]; then
	echo "deps: must run as root (apt-get): sudo $0" >&2
	exit 1
fi

export DEBIAN_FRONTEND=noninteractive
# The kernels are only booted in QEMU with mmlab's own initramfs: skip the
# host initramfs generation that the image packages trigger.
export INITRD=No
apt-get update -q
# shellcheck disable=SC2086
apt-get install -y -q --no-install-recommends $PKGS
m=$(missing)
if [ -n "$m" ]; then
	echo "deps: still missing after install:" $m >&2
	exit 1
fi
echo "deps: all installed"
