#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Static checks, one verdict per file:
#  - checkpatch.pl (from Debian's linux-source-6.12, extracted by ksrc.sh)
#    on every C source and header, --strict for kernel code;
#  - kernel-doc -Wall on the module, the core and the uapi header (every
#    non-static function and every uapi enum documented).
# Prints "lint: ok|FAIL CHECK FILE" lines and, last, "N passed, N failed".
set -eu

top=$(cd "$(dirname "$0")/.." && pwd)
ksrc=$("$top/scripts/ksrc.sh")
cd "$top"

pass=0
fail=0
verdict() {
	if [ "$1" -eq 0 ]; then
		pass=$((pass + 1))
		[ "${V:-0}" = 1 ] && echo "lint: ok   $2 $3"
	else
		fail=$((fail + 1))
		echo "lint: FAIL $2 $3"
		cat "$4"
	fi
	return 0
}

tmp=$(mktemp)
trap 'rm -f "$tmp"' EXIT

# Fails when checkpatch reports an ERROR, WARNING or CHECK line.
checkpatch() {
	perl "$ksrc/scripts/checkpatch.pl" --no-tree --quiet --show-types \
		--terse "$@" > "$tmp" 2>&1 || true
	! grep -qE ': (ERROR|WARNING|CHECK):' "$tmp"
}

kernel_files=$(ls kmod/*.c kmod/*.h kmod/core/*.c kmod/core/*.h \
	include/uapi/linux/mmlab.h 2>/dev/null)
user_files=$(find tools selftests -name '*.[ch]' 2>/dev/null | sort)

for f in $kernel_files; do
	rc=0
	checkpatch --strict -f "$f" || rc=1
	verdict $rc checkpatch "$f" "$tmp"
done

# Userspace code follows kernel style too; checks that only make sense in
# the kernel are ignored (no kernel types, printk or kernel-only APIs there).
for f in $user_files; do
	rc=0
	checkpatch -f "$f" --ignore PREFER_KERNEL_TYPES,SPLIT_STRING,NEW_TYPEDEFS,VOLATILE,EMBEDDED_FUNCTION_NAME,AVOID_EXTERNS,PREFER_DEFINED_ATTRIBUTE_MACRO || rc=1
	verdict $rc checkpatch "$f" "$tmp"
done

for f in $kernel_files; do
	rc=0
	perl "$ksrc/scripts/kernel-doc" -none -Wall "$f" > "$tmp" 2>&1 || rc=$?
	[ -s "$tmp" ] && rc=1
	verdict $rc kernel-doc "$f" "$tmp"
done

echo "$pass passed, $fail failed"
[ "$fail" -eq 0 ]
