#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The buddy allocator: runs the tests of mmlab_buddy (a kselftest harness
# program, raw netlink) on the arena each needs, reloading mmlab for each
# group, and puts mmlab back as it was:
#
#	arena_size=64K  (16 frames)    seed 004, the textbook worked example
#	arena_size=1M   (256 frames)   seed 003, 100K from 1M
#	arena_size=4M   (1024 frames)  bad input, ownership, permissions,
#	                               proactive compaction, page map, /proc
#	                               formats; with max_order=9 (two chunks
#	                               of 512): fragmentation, then compaction
#	                               back to a max-order block
#
# One KTAP line per harness test. A harness test that skips fails here:
# each group is loaded so that its tests can run.

# shellcheck disable=SC2317 # case functions run through mmlab_case
set -eu
# shellcheck source-path=SCRIPTDIR source=mmlab_lib.sh
. "$(dirname "$0")/mmlab_lib.sh"

BIN=$MMLAB_LIB_DIR/mmlab_buddy

mmlab_init
mmlab_need_module
[ -x "$BIN" ] || mmlab_skip_all "mmlab_buddy not built (make -C selftests)"

GROUPS_="64K:seed_004_worked_example 1M:seed_003_split_and_merge
	4M:bad_input 4M:socket_owns_blocks 4M:unprivileged
	4M/9:compact_restores_max_order 4M:proactive_compaction
	4M:pagemap_covers_arena 4M:proc_formats"

# shellcheck disable=SC2086 # one word per group
set -- $GROUPS_
ktap_set_plan $#

# run_test SIZE[/MAX_ORDER] TEST: mmlab loaded with arena_size=SIZE and
# max_order=MAX_ORDER (default 10), then the test.
run_test()
{
	_size=${1%/*} _mo=10
	[ "$_size" = "$1" ] || _mo=${1#*/}
	if ! mmlab_loaded ||
	   [ "$(mmlab_params)" != "arena_size=$(mmlab_size_bytes "$_size") max_order=$_mo" ]; then
		mmlab_ensure_unloaded || { mmlab_bad "rmmod: $(cat "$MMLAB_TMP/rmmod.err")"; return 1; }
		mmlab_insmod arena_size="$_size" max_order="$_mo" ||
			{ mmlab_bad "insmod arena_size=$_size max_order=$_mo: $(cat "$MMLAB_TMP/insmod.err")"; return 1; }
	fi
	_rc=0
	"$BIN" -t "$2" > "$MMLAB_TMP/out" 2>&1 || _rc=$?
	sed 's/^/# /' "$MMLAB_TMP/out"
	[ "$_rc" -eq 0 ] || mmlab_bad "mmlab_buddy -t $2: exit $_rc"
	expect_match "$2 ran and passed" "$(cat "$MMLAB_TMP/out")" "^ok 1 buddy\\.$2\$"
	expect_no_match "$2 skipped nothing" "$(cat "$MMLAB_TMP/out")" "# SKIP"
	expect_eq "validate after $2" "$(cat "$MMLAB_DBG/validate")" 0
}

for g in "$@"; do
	mmlab_case "buddy ${g#*:} (arena ${g%%:*})" run_test "${g%%:*}" "${g#*:}"
done
mmlab_finish
