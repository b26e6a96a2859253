#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The debug lane: mmlab on the debug kernel (scripts/debug-kernel.sh:
# KASAN, UBSAN, kmemleak, lockdep, KFENCE, fault injection).
#
#	debug-lane.sh build    build (once) the kernel, then mmlab.ko (an
#	                       MMLAB_DEBUG build: self-tests, poisoning) and the
#	                       probe module against it with W=1; fails on any
#	                       warning
#	debug-lane.sh vmtest   every selftest on the debug kernel, then a
#	                       kmemleak scan; any detector report fails it
#	debug-lane.sh probes   the negative tests: one boot per deliberate bug
#	                       of selftests/probe (leak, use-after-free, lock
#	                       order, sleep in atomic context); each boot must
#	                       FAIL and show that bug's report, or the lane is
#	                       blind to it
#
# Each prints "N passed, N failed" last and exits 1 on any failure.
set -eu
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

cmd=${1:-}
tree=$("$VM_TOP/scripts/debug-kernel.sh" | tail -n 1)
kver=$(cat "$tree/include/config/kernel.release")

# mirror SRC OUT: a folder of symlinks to SRC's files, to build in.
mirror()
{
	mkdir -p "$2"
	cp -rsf "$1/." "$2/"
}

build()
{
	_log=$VM_BUILD/$kver-build.log
	mkdir -p "$VM_BUILD"
	rm -f "$VM_TOP/build/$kver/kmod/mmlab.ko" \
		"$VM_TOP/build/$kver/probe/mmlab_probe.ko"
	mirror "$VM_TOP/selftests/probe" "$VM_TOP/build/$kver/probe"
	{
		make -C "$VM_TOP/kmod" debug KDIR="$tree" \
			OUT="$VM_TOP/build/$kver/kmod" W=1 &&
		make -C "$tree" M="$VM_TOP/build/$kver/probe" W=1 modules
	} > "$_log" 2>&1 || { cat "$_log"; return 1; }
	cat "$_log"
	! grep -qiE '(warning|error):' "$_log"
}

# The reports each probe must produce, one pattern a line, every one
# found (grep -E on console and channel).
expect()
{
	case $1 in
	leak) echo 'unreferenced object' ;;
	arena_leak)
		# exactly one leak, a page, allocated by mmlab_page_alloc
		echo 'kmemleak: 1 leaks$'
		echo 'unreferenced object 0x[0-9a-f]+ \(size 4096\)'
		echo 'mmlab_page_alloc'
		;;
	object_leak)
		# exactly one leak, a kmalloc object of the arena
		echo 'kmemleak: 1 leaks$'
		echo 'unreferenced object 0x[0-9a-f]+ \(size 100\)'
		echo 'mmlab_kmalloc_obj'
		;;
	uaf) echo 'BUG: KASAN: [a-z-]*use-after-free' ;;
	lockorder) echo 'possible circular locking dependency detected' ;;
	atomic_sleep) echo 'BUG: sleeping function called from invalid context' ;;
	esac
}

# Extra boot parameters for a probe. KFENCE samples one allocation every
# kfence.sample_interval ms and, when it has the probe's kmalloc(), reports
# "BUG: KFENCE: use-after-free" instead of KASAN. The uaf probe's boot turns
# sampling off so that the report it must produce does not depend on timing.
probe_cmdline()
{
	case $1 in
	uaf) echo 'kfence.sample_interval=0' ;;
	esac
}

probes()
{
	_pass=0 _fail=0
	for _p in ${MMLAB_PROBES:-leak uaf lockorder atomic_sleep arena_leak object_leak}; do
		_log=$VM_BUILD/$kver/probe-$_p.log
		_rc=0
		MMLAB_VM_PROBE=$_p MMLAB_VM_TESTS=files \
			MMLAB_VM_CMDLINE="$(probe_cmdline "$_p")" \
			"$VM_DIR/vmtest.sh" "$kver" > "$_log" 2>&1 || _rc=$?
		mkdir -p "$VM_BUILD/$kver/probe-$_p"
		cp "$VM_BUILD/$kver/console.log" "$VM_BUILD/$kver/ktap.log" \
			"$VM_BUILD/$kver/probe-$_p/" 2>/dev/null || true
		_want=$(expect "$_p" | tr "\n" " ")
		_seen=$(expect "$_p" | while IFS= read -r _re; do
			_l=$(cat "$VM_BUILD/$kver/probe-$_p/console.log" \
				"$VM_BUILD/$kver/probe-$_p/ktap.log" \
				2>/dev/null | tr -d '\r' | grep -E -m 1 "$_re")
			[ -n "$_l" ] || { echo MISSING; break; }
			echo "$_l"
		done | tr '\n' ' ')
		case $_seen in *MISSING*) _seen= ;; esac
		_verdict=$(tail -n 1 "$_log")
		if [ "$_rc" -ne 0 ] && [ -n "$_seen" ]; then
			echo "ok   probe $_p: lane red ($_verdict), report: $_seen"
			_pass=$((_pass + 1))
		else
			echo "FAIL probe $_p: exit $_rc ($_verdict), report /$_want/ ${_seen:-not found}"
			tail -n 30 "$_log" | sed 's/^/   | /'
			_fail=$((_fail + 1))
		fi
	done
	echo "$_pass passed, $_fail failed"
	[ "$_fail" -eq 0 ]
}

case $cmd in
build)
	if build; then
		echo "1 passed, 0 failed"
	else
		echo "0 passed, 1 failed"
		exit 1
	fi
	;;
vmtest)
	# The debug kernel is 3-4x slower under TCG than the stock ones: the
	# suite took 588 s on a loaded 2-CPU host (2026-11-22), so the limit
	# leaves room for a busy CI machine.
	MMLAB_VM_TIMEOUT=${MMLAB_VM_TIMEOUT:-1200}
	export MMLAB_VM_TIMEOUT
	exec "$VM_DIR/vmtest.sh" "$kver"
	;;
probes)
	probes
	;;
*)
	echo "usage: $0 build|vmtest|probes" >&2
	exit 2
	;;
esac
