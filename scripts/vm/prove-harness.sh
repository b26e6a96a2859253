#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Proves that vmtest.sh reads every kind of broken run as a failure, by
# breaking runs on purpose (MMLAB_VM_FAULT, acted on by the guest's /init
# through the mmlab_vm_fault.sh selftest):
#
#	control  no fault: must pass (else the proofs below prove nothing)
#	fail     a selftest fails
#	panic    the guest kernel panics mid-run (sysrq c)
#	hang     a selftest hangs, deaf to SIGTERM: only the host timeout
#	         (MMLAB_VM_TIMEOUT, 60 s here) ends the run
#	dmesg    every test passes but the kernel log has a WARNING: line
#
# Each fault must make vmtest.sh exit non-zero with "N passed, M failed",
# M > 0, as its last line. To stay short each run boots with the "files"
# selftests only (MMLAB_PROVE_TESTS to change). Not part of `make check`.
#
#	prove-harness.sh [KVER]     default: the newest kernel
#
# Prints what each run ended with, then "N passed, N failed" over the
# proofs; exits 1 if any proof did not hold.

set -eu
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

kver=${1:-$("$VM_TOP/scripts/kver.sh" newest)}
tests=${MMLAB_PROVE_TESTS:-files}
hang_timeout=${MMLAB_PROVE_HANG_TIMEOUT:-60}
log=$VM_BUILD/$kver/prove
mkdir -p "$log"
passed=0 failed=0

# prove NAME WANT(pass|fail) [VAR=VALUE]...
prove()
{
	name=$1 want=$2
	shift 2
	start=$(date +%s)
	rc=0
	env MMLAB_VM_TESTS="$tests" "$@" "$VM_DIR/vmtest.sh" "$kver" \
		> "$log/$name.log" 2>&1 || rc=$?
	secs=$(($(date +%s) - start))
	last=$(tail -n 1 "$log/$name.log")
	why=$(sed -n "s/^   $kver: .*: //p" "$log/$name.log" | tail -n 1)
	held=
	case $want in
	pass)
		if [ "$rc" -eq 0 ] && echo "$last" | grep -Eq '^[1-9][0-9]* passed, 0 failed$'; then
			held=1
		fi
		;;
	fail)
		if [ "$rc" -ne 0 ] && echo "$last" | grep -Eq '^[0-9]+ passed, [1-9][0-9]* failed$'; then
			held=1
		fi
		;;
	esac
	if [ -n "$held" ]; then
		passed=$((passed + 1))
		verdict="holds"
	else
		failed=$((failed + 1))
		verdict="DOES NOT HOLD"
	fi
	printf '%-8s want %-4s -> exit %d, "%s", %s (%ss): %s\n' \
		"$name" "$want" "$rc" "$last" "$why" "$secs" "$verdict"
}

echo "prove-harness: $kver, selftests '$tests', logs in $log/"
prove control pass
prove fail fail MMLAB_VM_FAULT=fail
prove panic fail MMLAB_VM_FAULT=panic
prove hang fail MMLAB_VM_FAULT=hang MMLAB_VM_TIMEOUT="$hang_timeout"
prove dmesg fail MMLAB_VM_FAULT=dmesg
echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
