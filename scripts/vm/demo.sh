#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Shows what mmlab does, on a freshly booted test VM: loads the module and
# runs cat /proc/mmlab/status, mmlab arena show, mmlab -j -p arena show,
# mmlab stats show, lists the debugfs files, reads validate, unloads.
#
#	demo.sh [KVER]      default: the newest kernel
#
# The guest writes the demo on its result channel (build/vm/KVER/demo.log)
# between two markers and this prints only that, so no boot noise shows.
# Exits 1 if the VM did not get to the end marker (the console log,
# build/vm/KVER/demo-console.log, is printed then).

set -eu
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

vm_prepare "${1:-}"
dir=$VM_BUILD/$kver
chan=$dir/demo.log
console=$dir/demo-console.log
rm -f "$chan" "$console"

rc=0
vm_qemu "$accel" "$kver" "$initrd" "$(vm_cmdline "$kver" demo) quiet" \
	"${MMLAB_VM_TIMEOUT:-120}" "file:$console" "file:$chan" || rc=$?

if grep -qx mmlab-demo-end "$chan" 2>/dev/null; then
	tr -d '\r' < "$chan" | sed -n '/^mmlab-demo-begin$/,/^mmlab-demo-end$/p' |
		sed '1d;$d'
	exit 0
fi
echo "demo: the VM did not finish the demo (QEMU/timeout exit status $rc)" >&2
if [ -s "$chan" ]; then
	echo "-- what it showed ($chan):" >&2
	tr -d '\r' < "$chan" | sed 's/^/   | /' >&2
fi
echo "-- console tail ($console):" >&2
tail -n 30 "$console" 2>/dev/null | tr -d '\r' | sed 's/^/   | /' >&2
exit 1
