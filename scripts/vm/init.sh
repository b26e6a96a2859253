#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# /init of the mmlab test VM (busybox ash; packed by mkinitramfs.sh).
#
# Kernel command line options (mmlabvm.* is never a real module's):
#	mmlabvm.mode=test|shell|demo|bench|probe
#	                                     what to do (default: test)
#	mmlabvm.tests=CAT,CAT                selftest categories (default: all)
#	mmlabvm.fault=fail|panic|hang|dmesg  break the run on purpose, to prove
#	                                     the harness sees it (vmtest.sh's
#	                                     MMLAB_VM_FAULT)
#	mmlabvm.probe=leak|uaf|lockorder|atomic_sleep
#	                                     load mmlab_probe.ko (debug lane)
#	mmlabvm.probe=arena_leak             mmlab leaks an arena block through
#	                                     its debugfs hook (debug lane)
#	mmlabvm.probe=object_leak            the same with a kmalloc object of
#	                                     the arena (debug lane)
#	                                     with that deliberate bug before
#	                                     the tests: the detectors must
#	                                     turn the run red
#	mmlabvm.arena=SIZE                   bench: mmlab's arena_size
#	                                     (default 256M)
#	mmlabvm.bench=KEY=V,KEY=V            bench: what to write to debugfs
#	                                     mmlab/bench (default
#	                                     orders=0-10,iters=20000,reps=10)
#	mmlabvm.bench_slab=KEY=V,KEY=V       bench: the same for
#	                                     mmlab/bench_slab (default
#	                                     sizes=16-4096,iters=20000,reps=5)
#	mmlabvm.bench_mmu=reps=R             bench: the same for
#	                                     mmlab/bench_mmu (default
#	                                     reps=11); mmlab-mmu-bench
#	                                     --replay runs with -r R too
#
# ttyS0 is the console (kernel log, this script's chatter). ttyS1 is the
# result channel, which the host reads and nothing else writes to: in test
# mode the KTAP stream of the selftests, then the verdict on the kernel log,
# then the line "success" if and only if no test failed, every planned test
# reported, the log is clean and mmlab unloaded. A panic, a hang or a
# crash of this script can therefore never produce "success".

export PATH=/usr/sbin:/usr/bin:/sbin:/bin
export HOME=/root TERM=linux

mount -t proc -o nosuid,nodev,noexec proc /proc
mount -t sysfs -o nosuid,nodev,noexec sysfs /sys
mount -t devtmpfs -o nosuid devtmpfs /dev
mkdir -p /dev/pts /dev/shm
mount -t devpts -o nosuid,noexec devpts /dev/pts
mount -t debugfs debugfs /sys/kernel/debug
mount -t tmpfs -o nosuid,nodev,mode=1777 tmpfs /tmp
mount -t tmpfs -o nosuid,nodev tmpfs /run
ln -sf /proc/self/fd /dev/fd
ln -sf /proc/self/fd/0 /dev/stdin
ln -sf /proc/self/fd/1 /dev/stdout	# kselftest/runner.sh logs to it
ln -sf /proc/self/fd/2 /dev/stderr
hostname mmlab-vm

CHAN=/dev/ttyS1
VMLIB=/usr/lib/mmlab-vm
KSFT=/selftests
KVER=$(uname -r)

mode=test tests='' fault='' probe=''
bench_arena=256M bench_args=orders=0-10,iters=20000,reps=10
bench_slab_args=sizes=16-4096,iters=20000,reps=5
bench_mmu_args=reps=11
# shellcheck disable=SC2013 # words, not lines
for w in $(cat /proc/cmdline); do
	case $w in
	mmlabvm.mode=*) mode=${w#*=} ;;
	mmlabvm.tests=*) tests=$(echo "${w#*=}" | tr ',' ' ') ;;
	mmlabvm.fault=*) fault=${w#*=} ;;
	mmlabvm.probe=*) probe=${w#*=} ;;
	mmlabvm.arena=*) bench_arena=${w#*=} ;;
	mmlabvm.bench=*) bench_args=${w#*=} ;;
	mmlabvm.bench_slab=*) bench_slab_args=${w#*=} ;;
	mmlabvm.bench_mmu=*) bench_mmu_args=${w#*=} ;;
	esac
done

# Keep the channel open (and raw) throughout; its last close, before the
# power-off, waits until everything written has left the UART.
exec 9> "$CHAN"
stty -F "$CHAN" raw -echo 2>/dev/null

say()
{
	echo "mmlab-vm: $*"
}

halt_vm()
{
	exec 9>&-
	sync
	poweroff -f
	# Not reached; if it were, returning from /init panics, and
	# panic=-1 with -no-reboot ends QEMU.
	sleep 5
	exit 1
}

# load_mmlab [PARAM=VALUE]...
load_mmlab()
{
	ko=$(find "/lib/modules/$KVER" -name 'mmlab.ko*' | head -n 1)
	if [ -z "$ko" ]; then
		say "no mmlab.ko for $KVER in the initramfs"
		return 1
	fi
	insmod "$ko" "$@"
}

# Where kmemleak runs (debug kernel), ask it for a scan of the whole run:
# two scans, as the kernel's documentation advises, the second after the
# minimum object age (5 s) so that objects of the last test count.
kmemleak_scan()
{
	_k=/sys/kernel/debug/kmemleak
	[ -w "$_k" ] || return 0
	echo scan > "$_k"
	sleep 6
	echo scan > "$_k"
	cat "$_k"
}

run_probe()
{
	case $probe in
	arena_leak | object_leak)
		# mmlab itself (an MMLAB_DEBUG build) loses an arena block,
		# or a kmalloc object of the arena; it stays loaded through
		# the tests, so the final kmemleak scan sees the leak
		_hook=leak_block
		[ "$probe" = arena_leak ] || _hook=leak_object
		_ko=$(find "/lib/modules/$KVER" -name 'mmlab.ko*' | head -n 1)
		say "probe $probe: insmod mmlab.ko, write debugfs $_hook"
		insmod "$_ko" 2>&1 || true
		echo 1 > "/sys/kernel/debug/mmlab/$_hook" 2>&1 || true
		return
		;;
	esac
	_ko=$(find "/lib/modules/$KVER" -name 'mmlab_probe.ko' | head -n 1)
	if [ -z "$_ko" ]; then
		say "probe $probe: no mmlab_probe.ko for $KVER"
		return
	fi
	say "probe $probe: loading mmlab_probe.ko probe=$probe"
	insmod "$_ko" "probe=$probe" 2>&1 || true
}

run_tests()
{
	[ -z "$probe" ] || run_probe
	if [ -n "$fault" ]; then
		cp "$VMLIB/mmlab_vm_fault.sh" "$KSFT/mmlab/"
		echo "mmlab:mmlab_vm_fault.sh" >> "$KSFT/kselftest-list.txt"
		export MMLAB_VM_FAULT="$fault"
		say "fault injection: $fault"
	fi
	set --
	[ -z "$tests" ] || set -- -t "$tests${fault:+ vm_fault}"
	say "running $KSFT/mmlab/run_mmlab_tests.sh $*"

	# KTAP to the channel, to a copy for the verdict, and to the console.
	"$KSFT/mmlab/run_mmlab_tests.sh" "$@" < /dev/null 2>&1 |
		tee /tmp/ktap.log "$CHAN"

	# shellcheck disable=SC2046 # "pass P fail F ..."
	set -- $(awk -f "$VMLIB/ktap-summary.awk" /tmp/ktap.log)
	pass=$2 fail=$4 skip=$6 plan=$8 results=${10}
	ok=1
	{
		echo "# mmlab-vm: $KVER: pass $pass fail $fail skip $skip (plan $plan, results $results)"
		if [ "$fail" -ne 0 ]; then
			ok=
		fi
		if [ "$plan" -eq 0 ] || [ "$results" -ne "$plan" ]; then
			echo "# mmlab-vm: $results results for a plan of $plan"
			ok=
		fi
		if [ -d /sys/module/mmlab ]; then
			echo "# mmlab-vm: mmlab still loaded after the tests"
			ok=
		fi

		kmemleak_scan > /tmp/kmemleak.log
		if [ -s /tmp/kmemleak.log ]; then
			echo "# mmlab-vm: kmemleak: $(grep -c '^unreferenced object' /tmp/kmemleak.log) leaks"
			head -n 60 /tmp/kmemleak.log | sed 's/^/# mmlab-vm: kmemleak: /'
			ok=
		elif [ -w /sys/kernel/debug/kmemleak ]; then
			echo "# mmlab-vm: kmemleak: clean"
		fi

		dmesg -r > /tmp/dmesg.log
		awk -f "$VMLIB/dmesg-scan.awk" /tmp/dmesg.log > /tmp/dmesg.bad
		nbad=$(wc -l < /tmp/dmesg.bad)
		if [ "$nbad" -eq 0 ]; then
			echo "# mmlab-vm: dmesg: clean"
		else
			echo "# mmlab-vm: dmesg: $nbad offending lines"
			head -n 50 /tmp/dmesg.bad | sed 's/^/# mmlab-vm: dmesg: /'
			ok=
		fi
		if [ -n "$ok" ]; then
			echo success
		fi
	} > /tmp/verdict.log
	cat /tmp/verdict.log
	cat /tmp/verdict.log > "$CHAN"
}

shell()
{
	if load_mmlab; then
		say "$(dmesg | grep 'mmlab: loaded:' | tail -n 1 | sed 's/^\[[^]]*\] //')"
	fi
	cat <<EOF

mmlab test VM, kernel $KVER
  mmlab arena show | cat /proc/mmlab/status | ls /sys/kernel/debug/mmlab
  $KSFT/mmlab/run_mmlab_tests.sh -l       the selftests (-t CATEGORY to pick)
  poweroff -f (or exit)                    stop the VM; Ctrl-A X kills QEMU

EOF
	cd /root || true
	setsid cttyhack sh -l
}

# The textbook buddy example (Documentation/design/buddy.rst) on a
# 16-frame arena: 1024K in 64K units, one frame a unit, so 34K is asked
# as 34/64 of a frame, 2176 bytes.
demo_buddy()
{
	echo
	echo "# The worked example of Documentation/design/buddy.rst"
	echo
	echo "\$ insmod mmlab.ko arena_size=64K"
	load_mmlab arena_size=64K || echo "(insmod failed)"
	step mmlab frag --color=never --group 1
	for _ab in A:2176 B:4224 C:2240 D:4288; do
		echo
		echo "\$ mmlab buddy alloc size ${_ab#*:}        # ${_ab%%:*}"
		_out=$(mmlab buddy alloc size "${_ab#*:}" 2>&1) ||
			echo "(exit status $?)"
		echo "$_out"
		eval "h_${_ab%%:*}=\$(echo \"\$_out\" | sed -n 's/.*handle \\(0x[0-9a-f]*\\).*/\\1/p')"
		step mmlab buddy freelist
	done
	step mmlab frag --color=never --group 1
	# shellcheck disable=SC2154 # set by the eval above
	step mmlab buddy free "$h_B"
	step mmlab buddy freelist
	# shellcheck disable=SC2154
	step mmlab buddy free "$h_D"
	step mmlab buddy freelist
	step cat /proc/mmlab/buddyinfo
	step cat /sys/kernel/debug/mmlab/extfrag/unusable_index
	step cat /sys/kernel/debug/mmlab/extfrag/extfrag_index
	step mmlab frag --color=never --group 1
	step mmlab buddy show
	step rmmod mmlab
}

demo()
{
	{
		echo "mmlab-demo-begin"
		step()
		{
			echo
			echo "\$ $*"
			"$@" 2>&1 || echo "(exit status $?)"
		}
		echo "mmlab on Linux $KVER (QEMU, $(nproc) CPUs, $(awk '/MemTotal/ { printf "%d", $2 / 1024 }' /proc/meminfo) MiB RAM)"
		echo
		echo "\$ insmod mmlab.ko"
		if load_mmlab; then
			dmesg | sed -n 's/^\[[^]]*\] //; /mmlab: loaded:/p' | tail -n 1
		else
			echo "(insmod failed)"
		fi
		step cat /proc/mmlab/status
		step mmlab arena show
		step mmlab -j -p arena show
		step mmlab stats show
		step ls -l /sys/kernel/debug/mmlab
		step cat /sys/kernel/debug/mmlab/validate
		step rmmod mmlab
		dmesg | sed -n 's/^\[[^]]*\] //; /mmlab: unloaded:/p' | tail -n 1
		demo_buddy
		echo
		echo "mmlab-demo-end"
	} > "$CHAN" 2>&1
}

# The software MMU, in the module (debugfs mmlab/bench_mmu) and then in
# userspace (mmlab-mmu-bench --replay, the core built into a static
# program), on the same batches (kmod/core/mmu_pattern.h) and as many
# runs: two sections of "mmu_bench PATTERN GEOM ns_per_ref=X" lines, each
# after a "# mmu: kernel" or "# mmu: userspace" line. The host
# (bench.sh) sets them side by side.
bench_mmu()
{
	_margs=$(echo "$bench_mmu_args" | tr ',' ' ')
	echo "# echo '$_margs' > /sys/kernel/debug/mmlab/bench_mmu"
	_s=$(date +%s)
	if echo "$_margs" > /sys/kernel/debug/mmlab/bench_mmu; then
		echo "# took $(($(date +%s) - _s)) s"
		echo "# mmu: kernel"
		cat /sys/kernel/debug/mmlab/bench_mmu
	else
		echo "# the MMU bench failed"
		dmesg | grep 'mmlab:' | tail -n 3 | sed 's/^/# /'
	fi
	# the module's reps (its default if none given) are userspace's -r
	_reps=11
	for _w in $_margs; do
		case $_w in
		reps=*) _reps=${_w#reps=} ;;
		esac
	done
	if ! command -v mmlab-mmu-bench > /dev/null; then
		echo "# mmu: userspace: mmlab-mmu-bench is not in the initramfs"
		return
	fi
	echo "# mmlab-mmu-bench --replay hit|miss|fault -n 4096 -r $_reps"
	_s=$(date +%s)
	echo "# mmu: userspace"
	for _p in hit miss fault; do
		mmlab-mmu-bench --replay "$_p" -n 4096 -r "$_reps" ||
			echo "# mmlab-mmu-bench --replay $_p: exit status $?"
	done
	echo "# took $(($(date +%s) - _s)) s"
}

# The benchmarks (kmod/bench.c, kmod/bench_slab.c, then kmod/bench_mmu.c
# and its userspace twin) on a freshly booted VM: their tables between
# two markers on the channel, then the invariant checker's verdict and
# any kernel log line the dmesg scan objects to.
bench()
{
	{
		echo "mmlab-bench-begin"
		echo "# VM: Linux $KVER, $(nproc) CPUs, $(awk '/MemTotal/ { printf "%d", $2 / 1024 }' /proc/meminfo) MiB RAM"
		echo "# cmdline: $(cat /proc/cmdline)"
		if ! load_mmlab "arena_size=$bench_arena" 2>&1; then
			echo "# insmod mmlab.ko arena_size=$bench_arena failed"
			dmesg | grep 'mmlab:' | tail -n 3 | sed 's/^/# /'
		else
			_args=$(echo "$bench_args" | tr ',' ' ')
			echo "# echo '$_args' > /sys/kernel/debug/mmlab/bench"
			_s=$(date +%s)
			if echo "$_args" > /sys/kernel/debug/mmlab/bench; then
				echo "# took $(($(date +%s) - _s)) s"
				cat /sys/kernel/debug/mmlab/bench
			else
				echo "# the bench failed"
				dmesg | grep 'mmlab:' | tail -n 3 | sed 's/^/# /'
			fi
			_sargs=$(echo "$bench_slab_args" | tr ',' ' ')
			echo "# echo '$_sargs' > /sys/kernel/debug/mmlab/bench_slab"
			_s=$(date +%s)
			if echo "$_sargs" > /sys/kernel/debug/mmlab/bench_slab; then
				echo "# took $(($(date +%s) - _s)) s"
				cat /sys/kernel/debug/mmlab/bench_slab
			else
				echo "# the slab bench failed"
				dmesg | grep 'mmlab:' | tail -n 3 | sed 's/^/# /'
			fi
			bench_mmu
			echo "# validate: $(cat /sys/kernel/debug/mmlab/validate) violations"
			rmmod mmlab
		fi
		dmesg -r > /tmp/dmesg.log
		awk -f "$VMLIB/dmesg-scan.awk" /tmp/dmesg.log | sed 's/^/# dmesg: /'
		echo "mmlab-bench-end"
	} > "$CHAN" 2>&1
}

case $mode in
test) run_tests ;;
shell) shell ;;
demo) demo ;;
bench) bench ;;
probe) echo "mmlab-vm-probe-ok" > "$CHAN" ;;
*) say "unknown mmlabvm.mode=$mode" ;;
esac
halt_vm
