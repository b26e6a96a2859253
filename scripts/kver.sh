#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Lists the kernels mmlab can be built and tested against.
#
#   kver.sh list     every release under /lib/modules with a build tree,
#                    oldest first (version order)
#   kver.sh newest   the newest of those
#   kver.sh boot     releases that also have /boot/vmlinuz-RELEASE (bootable
#                    in the test VM), oldest first
set -eu

list() {
	for d in /lib/modules/*/build; do
		[ -e "$d/Makefile" ] || continue
		r=${d%/build}
		echo "${r##*/}"
	done | sort -V
}

case "${1:-list}" in
list) list ;;
newest) list | tail -n 1 ;;
boot)
	list | while read -r k; do
		[ -r "/boot/vmlinuz-$k" ] && echo "$k"
	done
	;;
*) echo "usage: $0 list|newest|boot" >&2; exit 2 ;;
esac
