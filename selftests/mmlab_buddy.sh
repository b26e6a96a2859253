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
# and the tests of mmlab_fit (the arena under the fit allocator, on
# 1M), named fit.TEST below.
#
# One KTAP line per harness test. A harness test that skips fails here:
# each group is loaded so that its tests can run.

# shellcheck disable=SC2317 # case functions run through mmlab_case
set -eu
# shellcheck source-path=SCRIPTDIR source=mmlab_lib.sh
. "$(dirname "$0")/mmlab_lib.sh"

mmlab_init
mmlab_need_module
for p in mmlab_buddy mmlab_fit; do
	[ -x "$MMLAB_LIB_DIR/$p" ] || mmlab_skip_all "$p not built (make -C selftests)"
done

GROUPS_="64K:seed_004_worked_example 1M:seed_003_split_and_merge
	4M:bad_input 4M:socket_owns_blocks 4M:unprivileged
	4M/9:compact_restores_max_order 4M:proactive_compaction
	4M:pagemap_covers_arena 4M:proc_formats
	1M:fit.switch_rules 1M:fit.unprivileged 1M:fit.textbook_placement
	1M:fit.partitions_and_sockets"

# shellcheck disable=SC2086 # one word per group
set -- $GROUPS_
ktap_set_plan $#

# run_test SIZE[/MAX_ORDER] [FIXTURE.]TEST: mmlab loaded with
# arena_size=SIZE and max_order=MAX_ORDER (default 10), then the test of
# mmlab_FIXTURE (default mmlab_buddy).
run_test()
{
	_fix=buddy _t=$2
	case $2 in *.*) _fix=${2%%.*} _t=${2#*.} ;; esac
	_size=${1%/*} _mo=10
	[ "$_size" = "$1" ] || _mo=${1#*/}
	if ! mmlab_loaded ||
	   [ "$(mmlab_params)" != "arena_size=$(mmlab_size_bytes "$_size") max_order=$_mo" ]; then
		mmlab_ensure_unloaded || { mmlab_bad "rmmod: $(cat "$MMLAB_TMP/rmmod.err")"; return 1; }
		mmlab_insmod arena_size="$_size" max_order="$_mo" ||
			{ mmlab_bad "insmod arena_size=$_size max_order=$_mo: $(cat "$MMLAB_TMP/insmod.err")"; return 1; }
	fi
	_rc=0
	"$MMLAB_LIB_DIR/mmlab_$_fix" -t "$_t" > "$MMLAB_TMP/out" 2>&1 || _rc=$?
	sed 's/^/# /' "$MMLAB_TMP/out"
	[ "$_rc" -eq 0 ] || mmlab_bad "mmlab_$_fix -t $_t: exit $_rc"
	expect_match "$2 ran and passed" "$(cat "$MMLAB_TMP/out")" "^ok 1 $_fix\\.$_t\$"
	expect_no_match "$2 skipped nothing" "$(cat "$MMLAB_TMP/out")" "# SKIP"
	expect_eq "validate after $2" "$(cat "$MMLAB_DBG/validate")" 0
}

for g in "$@"; do
	_n=${g#*:}
	case $_n in *.*) ;; *) _n=buddy.$_n ;; esac
	mmlab_case "${_n%%.*} ${_n#*.} (arena ${g%%:*})" run_test "${g%%:*}" "${g#*:}"
done
mmlab_finish
