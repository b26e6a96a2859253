#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Runs the mmlab selftests in a QEMU VM on each given kernel (default:
# every kernel `scripts/kver.sh boot` lists) and decides pass or fail from
# the VM's result channel only.
#
#	vmtest.sh [KVER]...
#
# Per kernel: build/vm/KVER/initramfs.cpio (mkinitramfs.sh), then one boot
# under a host timeout. The guest's console goes to build/vm/KVER/
# console.log; its second serial port, the result channel, to
# build/vm/KVER/ktap.log: the KTAP stream of the selftests, the verdict on
# the kernel log and, last, the line "success" iff the guest found no
# failed or missing test and a clean log. A kernel passes iff that line is
# there and the KTAP counts show no failure: a panic, hang, timeout, QEMU
# crash or lost line cannot pass.
#
# Counting: every KTAP result (nested results of a test when it has them,
# else the test's own line), plus one failure per kernel whose run did not
# end with "success". Skips are counted apart, never as passes. The last
# line printed is "N passed, N failed"; the exit status is 1 on any failure.
#
# Environment: MMLAB_VM_TESTS="CAT ..." runs only those selftest
# categories; MMLAB_VM_FAULT=fail|panic|hang|dmesg breaks the run on
# purpose (see prove-harness.sh); MMLAB_VM_PROBE=leak|uaf|lockorder|
# atomic_sleep loads a deliberate bug for the debug kernel's detectors
# (see prove-debug.sh); MMLAB_VM_MEMMAP='SIZE$ADDR' boots with that range
# reserved (memmap=, for the memmap selftests; logs then go to
# build/vm/KVER/memmap/); the knobs of lib.sh and mkinitramfs.sh.
#
# A KVER is a Debian kernel (/boot/vmlinuz-KVER) or the release of the
# debug kernel (scripts/debug-kernel.sh), booted from its tree.

set -eu
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

vm_need_tools
# shellcheck disable=SC2046 # a list of releases
[ $# -gt 0 ] || set -- $("$VM_TOP/scripts/kver.sh" boot)
[ $# -gt 0 ] || vm_die "no kernel with headers and /boot/vmlinuz found"

total_pass=0 total_fail=0 total_skip=0
summary=
qpid=

# QEMU runs in the background, where a non-interactive shell ignores
# SIGINT: stop it (through timeout, which passes the signal on) ourselves.
trap '[ -z "$qpid" ] || kill "$qpid" 2>/dev/null; exit 130' INT
trap '[ -z "$qpid" ] || kill "$qpid" 2>/dev/null; exit 143' TERM

# Progress: the top-level results as the guest writes them.
follow()
{
	tail -n +1 -s 0.5 -f --pid="$1" "$2" 2>/dev/null |
		tr -d '\r' | grep --line-buffered -E '^(not )?ok [0-9]+ ' |
		sed -u 's/^/    /'
}

run_kernel()
{
	kver=$1
	dir=$VM_BUILD/$kver${MMLAB_VM_MEMMAP:+/memmap}
	mkdir -p "$dir"
	chan=$dir/ktap.log
	console=$dir/console.log
	rm -f "$chan" "$dir/channel.raw" "$console"

	echo "== $kver"
	if ! vm_kernel "$kver" >/dev/null; then
		record "$kver" 0 0 0 0 "no kernel image for $kver"
		return
	fi
	if ! (vm_memmap_check "$kver"); then
		record "$kver" 0 0 0 0 "bad MMLAB_VM_MEMMAP for this guest"
		return
	fi
	if ! initrd=$(vm_initramfs "$kver"); then
		record "$kver" 0 0 0 0 "initramfs build failed"
		return
	fi
	accel=$(vm_accel "$kver" "$initrd")
	cmdline=$(vm_cmdline "$kver" test)
	if [ -n "${MMLAB_VM_TESTS:-}" ]; then
		cmdline="$cmdline mmlabvm.tests=$(echo "$MMLAB_VM_TESTS" | tr ' ' ',')"
	fi
	if [ -n "${MMLAB_VM_FAULT:-}" ]; then
		cmdline="$cmdline mmlabvm.fault=$MMLAB_VM_FAULT"
	fi
	if [ -n "${MMLAB_VM_PROBE:-}" ]; then
		cmdline="$cmdline mmlabvm.probe=$MMLAB_VM_PROBE"
	fi
	echo "   $accel, timeout ${VM_TIMEOUT}s: $cmdline"

	start=$(date +%s)
	: > "$dir/channel.raw"
	VM_EXEC=1 vm_qemu "$accel" "$kver" "$initrd" "$cmdline" "$VM_TIMEOUT" \
		"file:$console" "file:$dir/channel.raw" > "$dir/qemu.log" 2>&1 &
	qpid=$!
	follow "$qpid" "$dir/channel.raw" &
	fpid=$!
	rc=0
	wait "$qpid" || rc=$?
	qpid=
	wait "$fpid" || true
	secs=$(($(date +%s) - start))
	tr -d '\r' < "$dir/channel.raw" > "$chan"
	rm -f "$dir/channel.raw"

	# shellcheck disable=SC2046 # "pass P fail F ..."
	set -- $(awk -f "$VM_DIR/ktap-summary.awk" "$chan")
	pass=$2 fail=$4 skip=$6 plan=$8 results=${10}

	# Why the run itself failed (one extra failure), beyond failed tests.
	why=
	if grep -qx success "$chan"; then
		if [ "$fail" -ne 0 ] || [ "$plan" -eq 0 ] || [ "$results" -ne "$plan" ]; then
			why="success line but KTAP shows failures"
		fi
	elif grep -q "^# mmlab-vm: $kver: pass" "$chan"; then
		# The guest finished and said why not.
		if grep -q '^# mmlab-vm: kmemleak: [0-9]* leaks' "$chan"; then
			why="kmemleak found leaks"
		elif grep -q '^# mmlab-vm: dmesg: [0-9]* offending' "$chan"; then
			why="kernel log not clean"
		elif grep -q '^# mmlab-vm: mmlab still loaded' "$chan"; then
			why="mmlab still loaded after the tests"
		elif [ "$plan" -eq 0 ] || [ "$results" -ne "$plan" ]; then
			why="$results results for a plan of $plan"
		elif [ "$fail" -eq 0 ]; then
			why="no success line"
		fi
	elif [ "$rc" -eq 124 ] || [ "$rc" -eq 137 ]; then
		why="timed out after ${VM_TIMEOUT}s"
	elif grep -qs 'Kernel panic' "$console"; then
		why="guest kernel panic"
	elif [ "$rc" -ne 0 ]; then
		why="QEMU exit status $rc: $(tail -n 3 "$dir/qemu.log" | tr '\n' ' ')"
	else
		why="the guest stopped before its verdict"
	fi
	record "$kver" "$pass" "$fail" "$skip" "$secs" "$why" "$accel"

	if [ -n "$why" ] || [ "$fail" -ne 0 ]; then
		echo "-- failed tests ($chan):"
		awk -v mode=failures -f "$VM_DIR/ktap-summary.awk" "$chan" |
			tail -n 80 | sed 's/^/   | /'
		grep '^# mmlab-vm:' "$chan" | sed 's/^/   | /' || true
		echo "-- console tail ($console):"
		tail -n 40 "$console" 2>/dev/null | tr -d '\r' | sed 's/^/   | /'
	fi
}

# record KVER PASS FAIL SKIP SECONDS WHY [ACCEL]
record()
{
	_f=$3
	[ -z "$6" ] || _f=$((_f + 1))
	total_pass=$((total_pass + $2))
	total_fail=$((total_fail + _f))
	total_skip=$((total_skip + $4))
	if [ -z "$6" ] && [ "$_f" -eq 0 ]; then
		_v=ok
	else
		_v="FAILED${6:+ ($6)}"
	fi
	_line="$1: $2 passed, $_f failed, $4 skipped, ${5}s${7:+ ($7)}: $_v"
	echo "   $_line"
	summary="$summary$_line
"
}

for k in "$@"; do
	run_kernel "$k"
done

echo "== summary"
printf '%s' "$summary" | sed 's/^/   /'
[ "$total_skip" -eq 0 ] || echo "   ($total_skip skipped, not counted as passed)"
echo "$total_pass passed, $total_fail failed"
[ "$total_fail" -eq 0 ]
