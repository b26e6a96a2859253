#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# make check: every tier, in order, each counted:
#   lint           checkpatch + kernel-doc, one test per file and check
#   build          the module for every installed kernel with W=1 (a test
#                  each: fails on any warning), the tool and the selftests
#   unit           the portable core in userspace under ASan+UBSan
#   tool           the tool's module-independent behaviour
#   vmtest         the selftests in QEMU on every installed kernel
#   vmtest-memmap  the memmap backing's selftests, one boot per kernel with
#                  a range reserved at boot (memmap=16M$0x10000000); they
#                  must run, a skip counts as a failure
#   debug lane     the debug kernel (KASAN, UBSAN, kmemleak, lockdep,
#                  KFENCE, fault injection; built once, cached outside the
#                  tree): its config checked, mmlab built against it with
#                  W=1, every selftest on it with a kmemleak scan, and one
#                  boot per deliberate bug that must turn the lane red
# A tier that prints a "N passed, N failed" line is counted by it; a tier
# that fails without one counts as one failure. Logs go to build/check/.
# The last line is the sum: "N passed, N failed". Exit 1 on any failure.
set -u

top=$(cd "$(dirname "$0")/.." && pwd)
cd "$top"
logs=$top/build/check
rm -rf "$logs"
mkdir -p "$logs"

pass=0
fail=0

# tier NAME COMMAND...: run, log, count.
tier() {
	name=$1
	shift
	log=$logs/$name.log
	start=$(date +%s)
	rc=0
	"$@" > "$log" 2>&1 || rc=$?
	secs=$(( $(date +%s) - start ))
	line=$(grep -E '^([A-Za-z-]+: )?[0-9]+ passed, [0-9]+ failed' "$log" | tail -n 1)
	if [ -n "$line" ]; then
		p=$(echo "$line" | sed -E 's/^([A-Za-z-]+: )?([0-9]+) passed.*/\2/')
		f=$(echo "$line" | sed -E 's/.* ([0-9]+) failed.*/\1/')
	elif [ "$rc" -eq 0 ]; then
		p=1 f=0
	else
		p=0 f=1
	fi
	# A command that failed must never read as a pass.
	[ "$rc" -ne 0 ] && [ "$f" -eq 0 ] && f=1
	pass=$((pass + p))
	fail=$((fail + f))
	if [ "$f" -eq 0 ]; then
		printf 'check: %-28s ok   %4d passed (%ds)\n' "$name" "$p" "$secs"
	else
		printf 'check: %-28s FAIL %4d passed, %d failed (%ds), log %s\n' \
			"$name" "$p" "$f" "$secs" "$log"
		tail -n 40 "$log" | sed 's/^/    /'
	fi
}

# A W=1 build passes only with no warning and no error at all.
build_kmod() {
	make -C kmod KDIR="/lib/modules/$1/build" OUT="$top/build/$1/kmod" \
		W=1 2>&1 | tee "$logs/.kmod-$1"
	[ -f "$top/build/$1/kmod/mmlab.ko" ] || return 1
	! grep -qiE '(warning|error):' "$logs/.kmod-$1"
}

# The memmap category on a guest booted with a reserved range. A skip
# there means the reservation never reached the guest: one failure more.
vmtest_memmap() {
	MMLAB_VM_MEMMAP=yes MMLAB_VM_TESTS=memmap scripts/vm/vmtest.sh "$@" \
		> "$logs/.vmtest-memmap" 2>&1
	rc=$?
	cat "$logs/.vmtest-memmap"
	grep -q 'skipped, not counted' "$logs/.vmtest-memmap" || return $rc
	# shellcheck disable=SC2046 # "P passed, F failed"
	set -- $(tail -n 1 "$logs/.vmtest-memmap")
	echo "vmtest-memmap: the memmap tests skipped"
	echo "$1 passed, $(($3 + 1)) failed"
	return 1
}

kvers=$(scripts/kver.sh list)
if [ -z "$kvers" ]; then
	echo "check: no kernel headers under /lib/modules: run 'make deps'"
	echo "0 passed, 1 failed"
	exit 1
fi

tier lint scripts/lint.sh
for k in $kvers; do
	rm -f "$top/build/$k/kmod/mmlab.ko"
	tier "build-kmod-$k" build_kmod "$k"
done
tier build-tools make -C tools/mmlab
tier build-selftests make selftests
tier unit make -C tools/testing run
tier tool-unit make -C tools/mmlab test-unit run-test-unit
tier tool-cli make -C tools/mmlab mmlab run-test-cli
tier spec tools/mmlab/check-spec.sh
tier vmtest scripts/vm/vmtest.sh $(scripts/kver.sh boot)
tier vmtest-memmap vmtest_memmap $(scripts/kver.sh boot)
tier debug-build scripts/vm/debug-lane.sh build
tier debug-config make --no-print-directory check-config-debug
tier debug-vmtest scripts/vm/debug-lane.sh vmtest
tier debug-probes scripts/vm/debug-lane.sh probes

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
