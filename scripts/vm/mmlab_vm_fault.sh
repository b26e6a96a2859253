#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# A selftest that breaks the run on purpose, to prove the VM harness reads
# each kind of breakage as a failure. /init adds it to the selftests only
# when the kernel command line has mmlabvm.fault=KIND (vmtest.sh:
# MMLAB_VM_FAULT=KIND):
#
#	fail   a failing test: "not ok", exit 1
#	panic  a kernel panic (sysrq c), mid-run
#	hang   a test that never ends and ignores the runner's SIGTERM, like a
#	       task stuck in the kernel: only the host's timeout ends the run
#	dmesg  a passing test that leaves a WARNING: line in the kernel log

echo "TAP version 13"
echo "1..1"
case ${MMLAB_VM_FAULT:-} in
fail)
	echo "# injected failure"
	echo "not ok 1 injected failure"
	exit 1
	;;
panic)
	echo "# injecting a kernel panic"
	echo 1 > /proc/sys/kernel/sysrq
	echo c > /proc/sysrq-trigger
	echo "not ok 1 still alive after sysrq c"
	exit 1
	;;
hang)
	echo "# hanging, deaf to SIGTERM"
	trap '' TERM INT HUP
	while :; do
		sleep 3600
	done
	;;
dmesg)
	echo "WARNING: mmlab-vm injected warning (not a real one)" > /dev/kmsg
	echo "ok 1 injected a WARNING: line into the kernel log"
	exit 0
	;;
*)
	echo "ok 1 # SKIP no MMLAB_VM_FAULT"
	exit 4
	;;
esac
