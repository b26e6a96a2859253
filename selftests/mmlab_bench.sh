#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# debugfs mmlab/bench, the interface of the in-kernel benchmark (the
# benchmark itself is `make bench`, never a test): root only, bad input
# refused with EINVAL, a batch the arena cannot hold with EBUSY, and a
# tiny run that prints a whole table and leaves the allocator as it found
# it. The same for mmlab/bench_slab and mmlab/bench_mmu; the MMU's must
# also leave the MMU as it found it: no space left, the TLB's shape back.
#
# Reloads mmlab with a 16M arena (4096 frames), then for bench_mmu's run
# with 32M (its region alone is 4096 frames), and puts it back as it was.

# shellcheck disable=SC2317 # case functions run through mmlab_case
set -eu
# shellcheck source-path=SCRIPTDIR source=mmlab_lib.sh
. "$(dirname "$0")/mmlab_lib.sh"

BENCH=/sys/kernel/debug/mmlab/bench
# Two patterns by three orders, every cell a number.
ROW='^(pair|batch) +[0-2] +[0-9]+ +[0-9]+ +[0-9]+ +[0-9]+\.[0-9]{3} +[0-9]+\.[0-9]{3}$'

# bench_write TEXT: write TEXT to the file; its stderr in $MMLAB_TMP/err.
bench_write()
{
	(echo "$1" > "$BENCH") 2> "$MMLAB_TMP/err"
}

file_mode()
{
	[ -e "$BENCH" ] || { mmlab_bad "$BENCH missing"; return 1; }
	expect_eq "mode" "$(stat -c %a "$BENCH")" 600
	expect_match "before a run" "$(cat "$BENCH")" "^# no complete run"
}

nobody_denied()
{
	if mmlab_as_nobody cat "$BENCH" > /dev/null 2>&1; then
		mmlab_bad "nobody could read $BENCH"
	fi
	if mmlab_as_nobody sh -c "echo orders=0 > $BENCH" 2>/dev/null; then
		mmlab_bad "nobody could start a run"
	fi
	return 0
}

bad_input()
{
	for _in in orders=3-1 orders=11 orders=x orders=1- iters=0 iters=-1 \
		   iters=10000001 batch=0 batch=4097 'iters=8 batch=16' reps=0 \
		   reps=21 bogus=1 iters orders=0,junk; do
		if bench_write "$_in"; then
			mmlab_bad "'$_in' accepted"
		else
			expect_match "'$_in' refused" "$(cat "$MMLAB_TMP/err")" "Invalid argument"
		fi
	done
	# 129 characters: longer than any valid request
	if bench_write "orders=0 $(printf '%0120d' 0)"; then
		mmlab_bad "a 129-byte request accepted"
	fi
	return 0
}

too_big()
{
	# 8 blocks of order 10 are 8192 frames; the arena has 4096
	if bench_write "orders=10 iters=8 batch=8"; then
		mmlab_bad "a batch the arena cannot hold was accepted"
	else
		expect_match "refused" "$(cat "$MMLAB_TMP/err")" "busy"
	fi
	expect_match "nothing ran" "$(cat "$BENCH")" "^# no complete run"
}

tiny_run()
{
	_free=$(mmlab_status FramesFree)
	bench_write "orders=0-2,iters=64,batch=8,reps=1" ||
		{ mmlab_bad "a tiny run failed: $(cat "$MMLAB_TMP/err")"; return 1; }
	_t=$(cat "$BENCH")
	printf '%s\n' "$_t" | sed 's/^/# /'
	expect_match "header" "$_t" "^# orders 0-2, iters 64, batch 8, best of 1;"
	expect_match "metadata" "$_t" "^# metadata: .* [0-9]+\.[0-9]{3} B per frame"
	expect_eq "rows" "$(printf '%s\n' "$_t" | grep -Ec "$ROW")" 6
	expect_eq "other lines are comments" \
		"$(printf '%s\n' "$_t" | grep -Ev "$ROW" | grep -Evc '^#|^pattern ')" 0
	expect_eq "free frames after the run" "$(mmlab_status FramesFree)" "$_free"
	expect_eq "validate" "$(cat "$MMLAB_DBG/validate")" 0

	# a refused request leaves the last table in place
	bench_write "orders=10 iters=8 batch=8" || true
	expect_eq "the table after a refused run" "$(cat "$BENCH")" "$_t"
}

BENCH_SLAB=/sys/kernel/debug/mmlab/bench_slab
SLAB_ROW='^(single|bulk) +(16|32|64) +[0-9]+ +[0-9]+ +[0-9]+\.[0-9]{3}$'

slab_write()
{
	(echo "$1" > "$BENCH_SLAB") 2> "$MMLAB_TMP/err"
}

# bench_slab: bad requests refused, a tiny run's table whole, its caches
# gone after it and the arena's frames back
slab_bench()
{
	[ -e "$BENCH_SLAB" ] || { mmlab_bad "$BENCH_SLAB missing"; return 1; }
	expect_eq "mode" "$(stat -c %a "$BENCH_SLAB")" 600
	for _in in sizes=24 sizes=4 sizes=16384 sizes=64-16 iters=0 batch=0 \
		   'iters=8 batch=16' reps=0 reps=21 bogus=1 sizes; do
		if slab_write "$_in"; then
			mmlab_bad "'$_in' accepted"
		else
			expect_match "'$_in' refused" "$(cat "$MMLAB_TMP/err")" \
				"Invalid argument"
		fi
	done
	_free=$(mmlab_status FramesFree)
	slab_write "sizes=16-64,iters=256,batch=16,reps=1" ||
		{ mmlab_bad "a tiny run failed: $(cat "$MMLAB_TMP/err")"; return 1; }
	_t=$(cat "$BENCH_SLAB")
	printf '%s\n' "$_t" | sed 's/^/# /'
	expect_match "header" "$_t" "^# sizes 16-64, iters 256, batch 16, best of 1"
	expect_eq "rows" "$(printf '%s\n' "$_t" | grep -Ec "$SLAB_ROW")" 6
	expect_eq "other lines are comments" \
		"$(printf '%s\n' "$_t" | grep -Ev "$SLAB_ROW" | grep -Evc '^#|^pattern ')" 0
	expect_eq "no bench cache left" \
		"$(grep -c '^bench-' /proc/mmlab/slabinfo || true)" 0
	expect_eq "free frames after the run" "$(mmlab_status FramesFree)" "$_free"
	expect_eq "validate" "$(cat "$MMLAB_DBG/validate")" 0
}

BENCH_MMU=/sys/kernel/debug/mmlab/bench_mmu
MMU_ROW='^mmu_bench (hit|miss|fault) (x86-32|sv39|x86-64|x86-64-la57|inverted) ns_per_ref=[0-9]+\.[0-9]{3}$'

mmu_write()
{
	(echo "$1" > "$BENCH_MMU") 2> "$MMLAB_TMP/err"
}

# What a run of bench_mmu must leave as it found it: the number of
# spaces, and the TLB's shape (the first line of debugfs mmlab/tlb: its
# shape, and no valid entry in either case here).
mmu_state()
{
	echo "spaces $(mmlab_status Spaces); tlb $(head -n 1 "$MMLAB_DBG/tlb")"
}

# bench_mmu: root only, bad requests refused, nothing run before a run
mmu_interface()
{
	[ -e "$BENCH_MMU" ] || { mmlab_bad "$BENCH_MMU missing"; return 1; }
	expect_eq "mode" "$(stat -c %a "$BENCH_MMU")" 600
	expect_match "before a run" "$(cat "$BENCH_MMU")" "^# no complete run"
	if mmlab_as_nobody cat "$BENCH_MMU" > /dev/null 2>&1; then
		mmlab_bad "nobody could read $BENCH_MMU"
	fi
	if mmlab_as_nobody sh -c "echo reps=1 > $BENCH_MMU" 2>/dev/null; then
		mmlab_bad "nobody could start a run"
	fi
	for _in in reps=0 reps=102 reps=-1 reps=x reps= reps 'reps=1 bogus=1' \
		   bogus=1 =1 reps=1,junk; do
		if mmu_write "$_in"; then
			mmlab_bad "'$_in' accepted"
		else
			expect_match "'$_in' refused" "$(cat "$MMLAB_TMP/err")" \
				"Invalid argument"
		fi
	done
	# 64 bytes with the newline: longer than any valid request
	if mmu_write "reps=1 $(printf '%056d' 0)"; then
		mmlab_bad "a 64-byte request accepted"
	fi
	expect_match "nothing ran" "$(cat "$BENCH_MMU")" "^# no complete run"
}

# bench_mmu in the 16M arena: the miss pattern's region (4096 frames and
# its tables) does not fit; the run stops with ENOMEM, and leaves the MMU
# and the arena as they were
mmu_too_small()
{
	_before=$(mmu_state)
	_free=$(mmlab_status FramesFree)
	if mmu_write "reps=1"; then
		mmlab_bad "a run in a 16M arena succeeded"
	else
		expect_match "refused" "$(cat "$MMLAB_TMP/err")" \
			"Cannot allocate memory"
	fi
	expect_match "no result" "$(cat "$BENCH_MMU")" "^# no complete run"
	expect_eq "the MMU after the run" "$(mmu_state)" "$_before"
	expect_eq "free frames after the run" "$(mmlab_status FramesFree)" "$_free"
	expect_eq "validate" "$(cat "$MMLAB_DBG/validate")" 0
}

# bench_mmu, reps=1 in a 32M arena: one line per pattern and space, and
# the MMU and the arena as they were
mmu_tiny_run()
{
	if ! mmlab_rmmod || ! mmlab_insmod arena_size=32M max_order=10; then
		mmlab_bad "reload with a 32M arena: $(cat "$MMLAB_TMP/rmmod.err" "$MMLAB_TMP/insmod.err" 2>/dev/null)"
		return 1
	fi
	_before=$(mmu_state)
	_free=$(mmlab_status FramesFree)
	mmu_write "reps=1" ||
		{ mmlab_bad "a tiny run failed: $(cat "$MMLAB_TMP/err")"; return 1; }
	_t=$(cat "$BENCH_MMU")
	printf '%s\n' "$_t" | sed 's/^/# /'
	expect_match "header" "$_t" "^# reps 1: ns_per_ref is the median of 1 runs"
	expect_eq "rows" "$(printf '%s\n' "$_t" | grep -Ec "$MMU_ROW")" 15
	for _p in hit miss fault; do
		for _g in x86-32 sv39 x86-64 x86-64-la57 inverted; do
			expect_eq "$_p $_g: one line" \
				"$(printf '%s\n' "$_t" | grep -c "^mmu_bench $_p $_g ns_per_ref=")" 1
		done
	done
	expect_eq "other lines are comments" \
		"$(printf '%s\n' "$_t" | grep -Ev "$MMU_ROW" | grep -Evc '^#')" 0
	expect_eq "the MMU after the run" "$(mmu_state)" "$_before"
	expect_eq "free frames after the run" "$(mmlab_status FramesFree)" "$_free"
	expect_eq "validate" "$(cat "$MMLAB_DBG/validate")" 0
}

mmlab_init
mmlab_need_module
mmlab_need_runas
mmlab_ensure_unloaded || mmlab_skip_all "rmmod: $(cat "$MMLAB_TMP/rmmod.err")"
mmlab_insmod arena_size=16M max_order=10 ||
	mmlab_skip_all "insmod arena_size=16M: $(cat "$MMLAB_TMP/insmod.err")"

ktap_set_plan 9
mmlab_case "debugfs bench exists, mode 0600, empty before a run" file_mode
mmlab_case "nobody can neither read nor run the bench" nobody_denied
mmlab_case "malformed or out-of-range requests get EINVAL" bad_input
mmlab_case "a batch larger than the arena gets EBUSY" too_big
mmlab_case "a tiny run prints the whole table, frees all it took" tiny_run
mmlab_case "bench_slab: bad input refused, a tiny run whole, nothing left" slab_bench
mmlab_case "bench_mmu: mode 0600, nobody denied, bad input refused" mmu_interface
mmlab_case "bench_mmu: a region the arena cannot hold gets ENOMEM, MMU as found" mmu_too_small
mmlab_case "bench_mmu: a tiny run, a line per cell, MMU as found" mmu_tiny_run
mmlab_finish
