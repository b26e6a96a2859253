#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Poisoning of free arena frames: with poison=1 every free frame holds a
# pattern; a write into a free frame (a use-after-free) is reported exactly
# once by validate, as one "overwritten" line in the kernel log, and a
# write into an allocated frame is not. The write comes from the debugfs
# test hook poison_corrupt, which exists only in MMLAB_DEBUG builds (the
# debug lane's): elsewhere the test is skipped.
#
# Loads mmlab itself (arena_size=64K poison=1) and puts it back as it was.

# shellcheck disable=SC2317 # case functions run through mmlab_case
set -eu
# shellcheck source-path=SCRIPTDIR source=mmlab_lib.sh
. "$(dirname "$0")/mmlab_lib.sh"

mmlab_init
mmlab_need_module
mmlab_ensure_unloaded || true
if ! mmlab_insmod arena_size=64K poison=1; then
	echo "Bail out! cannot load mmlab poison=1: $(cat "$MMLAB_TMP/insmod.err")"
	exit "$KSFT_FAIL"
fi
# reload as it was (or unload) at exit, whatever happens: the corrupted
# arena must not outlive the test
mmlab_on_exit "rmmod mmlab 2>/dev/null"
[ -e "$MMLAB_DBG/poison_corrupt" ] ||
	mmlab_skip_all "no debugfs poison_corrupt: not an MMLAB_DEBUG build (make debug)"

ktap_set_plan 3

clean_at_load()
{
	expect_eq "poison parameter" "$(cat "$MMLAB_SYS/parameters/poison")" Y
	expect_eq "validate" "$(cat "$MMLAB_DBG/validate")" 0
}

# one write into free frame 9, one validate: one report, exactly
one_report()
{
	mmlab_expect_errors_begin
	echo 9 > "$MMLAB_DBG/poison_corrupt" || mmlab_bad "poison_corrupt 9 refused"
	_v=$(cat "$MMLAB_DBG/validate")
	_log=$(mmlab_dmesg_since)
	mmlab_expect_errors_end
	expect_eq "validate after the write" "$_v" 1
	expect_eq "reports" "$(printf '%s\n' "$_log" | grep -c 'overwritten')" 1
	expect_match "the report names the block and byte" "$_log" \
		"free block [0-9]+ \\(order [0-9]+\\) overwritten at byte [0-9]+: 0x55 \\(validate\\)"
}

# a frame out of the arena, or not a number: refused, nothing written
bad_frames()
{
	for _f in 16 -1 x 99999999999999999999; do
		! echo "$_f" > "$MMLAB_DBG/poison_corrupt" 2>/dev/null ||
			mmlab_bad "poison_corrupt accepted '$_f'"
	done
	# the corruption of the case before is still there: reported again
	mmlab_expect_errors_begin
	_v=$(cat "$MMLAB_DBG/validate")
	mmlab_expect_errors_end
	expect_eq "validate (the earlier write only)" "$_v" 1
}

mmlab_case "a fresh arena is poisoned and clean" clean_at_load
mmlab_case "a write to a free frame is reported once" one_report
mmlab_case "frames outside the arena are refused" bad_frames
mmlab_finish
