#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Allocation-failure sweeps with the kernel's own fault injection:
# failslab and fail_page_alloc, driven per task by
# /proc/thread-self/fail-nth (Documentation/fault-injection/
# fault-injection.rst in a kernel tree). Only the debug kernel has them
# (CONFIG_FAULT_INJECTION, FAILSLAB, FAIL_PAGE_ALLOC,
# FAULT_INJECTION_DEBUG_FS); on Debian's stock kernels the test skips.
# mmlab_fault.sh sweeps with mmlab's own injector, which reaches only
# mmlab's own allocation sites; this one fails, one at a time, every
# allocation the kernel makes for the operation: mmlab's, and those of the
# module loader, sysfs, procfs, debugfs, the genl core and netlink, and
# the debug kernel's own bookkeeping (kmemleak, KASAN's stack depot).
#
# mmlab_failnth (the helper) arms fail-nth for its own thread and makes the
# system call itself, then reads back whether the failure fired. A sweep
# arms N = 1, 2, ... until the operation completes with the failure not
# fired: then every counted allocation of it has failed once.
#
# Knobs, set for the whole test and restored at exit: failslab and
# fail_page_alloc count every allocation (ignore-gfp-wait N, and for pages
# ignore-gfp-highmem N and min-order 0), never fail on their own
# (probability 0, interval 1, times -1, space 0, no task filter), and do
# not log each failure (verbose 0; MMLAB_FAILNTH_VERBOSE=2 logs each one
# with its stack, rate limit lifted, to see where a failure landed).
#
#  - load, sampled: unfiltered, a load makes about 400 counted calls
#    (finit_module reading the file, the loader, sysfs, mmlab's init, the
#    debug bookkeeping); a full sweep takes about 4 min under TCG, so
#    LOADER_SAMPLES evenly spaced ones are failed (MMLAB_FAILNTH_STEP=1
#    fails them all). Any errno is a fine refusal; a crash, a WARN, a KASAN
#    report or a leak (kmemleak, after the tests) is not.
#  - load, mmlab's init: with the stack-trace filter requiring a return
#    address above the kernel image (where x86-64 puts modules), only the
#    calls made with mmlab's code on the stack count: its parameter setters
#    and its init (the filter sees 32 frames; mmlab's are within 12).
#    The first INIT_ALL are each failed, then INIT_SAMPLES evenly spaced
#    ones of the rest (the slab caches' debugfs files made the init's
#    count grow to about 480): a refused load must say ENOMEM and leave no trace
#    (not loaded, no /proc/mmlab, no debugfs mmlab), a completed one must
#    validate to 0 and have the whole arena.
#  - the init sweep's failure paths replayed, warmed up, with MemFree
#    measured around them (slab caches shrunk, which empties KASAN's
#    quarantine): a lost arena chunk is 4096 kB (16M arena).
#  - genl status, validate and reset, one raw request each, the helper's
#    socket listening for events: a fired failure ends in success (with its
#    reply; an event may be lost), ENOMEM or ENOBUFS (the request or the
#    ack lost), never anything else, and validate stays 0.
#  - unload: delete_module cannot fail; with each of its allocations
#    failed mmlab must be gone and give all its memory back.
#  - after all that, mmlab unloads and loads again.
#
# Leaves mmlab loaded or not, with the parameters it had, as found.

# shellcheck disable=SC2317 # case functions run through mmlab_case
set -eu
# shellcheck source-path=SCRIPTDIR source=mmlab_lib.sh
. "$(dirname "$0")/mmlab_lib.sh"

FAIL_NTH=/proc/thread-self/fail-nth
FAILSLAB=/sys/kernel/debug/failslab
FAIL_PAGE=/sys/kernel/debug/fail_page_alloc
SIZE=16M		# 4 chunks of order 10: a leaked chunk is 4096 kB
FRAMES=4096
TOLERANCE_KB=2048	# MemFree drop allowed over the replay (about 10 loads)
# ... and over the unload sweep: its 16 load/unload cycles move MemFree by
# up to 1.5 MB on the debug kernel even with the slabs shrunk (KASAN's
# stack depot and vmalloc shadow, page tables); still less than a chunk
UNLOAD_TOLERANCE_KB=3072
INIT_MAX=1024		# mmlab's init: more counted calls than that fails
# mmlab's init since the slab caches (each kmalloc class with its debugfs
# directory of five files) makes about 480 counted calls: every one of
# the first INIT_ALL, then INIT_SAMPLES evenly spaced ones of the rest
# (MMLAB_FAILNTH_STEP=1 fails them all, in about 5 min under TCG)
INIT_ALL=32
INIT_SAMPLES=${MMLAB_FAILNTH_INIT_SAMPLES:-32}
GENL_MAX=256
UNLOAD_MAX=256
LOADER_SAMPLES=${MMLAB_FAILNTH_SAMPLES:-24}
LOADER_STEP=${MMLAB_FAILNTH_STEP:-}
VERBOSE=${MMLAB_FAILNTH_VERBOSE:-0}
BIG=1000000		# a fail-nth no operation reaches: counts the calls
ULONG_MAX=0xffffffffffffffff

now()
{
	read -r _up _ < /proc/uptime
	echo "$_up"
}

# since T0: seconds since an earlier now(), one decimal
since()
{
	awk -v a="$1" -v b="$(now)" 'BEGIN { printf "%.1f", b - a }'
}

# helper ARG...: run mmlab_failnth and parse its line (without forking:
# a sweep runs it hundreds of times under TCG) into h_fired, h_errno,
# h_left, and for genl h_stage, h_reply, h_events, h_errors, h_extack.
# The line is in h_out. 1 if the helper failed.
helper()
{
	h_fired='' h_errno='' h_left='' h_stage='' h_reply='' h_events=''
	h_errors='' h_extack='' h_out=''
	if ! "$HELPER" "$@" > "$MMLAB_TMP/helper" 2>&1; then
		h_out=$(cat "$MMLAB_TMP/helper")
		return 1
	fi
	IFS= read -r h_out < "$MMLAB_TMP/helper" || return 1
	_rest=$h_out
	while [ -n "$_rest" ]; do
		case $_rest in
		extack=*) h_extack=${_rest#extack=}; break ;;
		esac
		_w=${_rest%% *}
		case $_w in
		fired=*) h_fired=${_w#*=} ;;
		errno=*) h_errno=${_w#*=} ;;
		left=*) h_left=${_w#*=} ;;
		stage=*) h_stage=${_w#*=} ;;
		reply=*) h_reply=${_w#*=} ;;
		events=*) h_events=${_w#*=} ;;
		errors=*) h_errors=${_w#*=} ;;
		esac
		[ "$_w" != "$_rest" ] || break
		_rest=${_rest#* }
	done
	[ -n "$h_fired" ] && [ -n "$h_errno" ] && [ -n "$h_left" ]
}

# knob FILE VALUE: set a debugfs knob; the exit trap puts it back
knob()
{
	_old=$(cat "$1") || return 1
	mmlab_on_exit "echo '$_old' > '$1'"
	echo "$2" > "$1"
}

knobs_setup()
{
	for _d in $FAIL_DIRS; do
		knob "$_d/probability" 0 &&
		knob "$_d/interval" 1 &&
		knob "$_d/times" -1 &&
		knob "$_d/space" 0 &&
		knob "$_d/verbose" "$VERBOSE" &&
		knob "$_d/task-filter" N &&
		knob "$_d/ignore-gfp-wait" N || return 1
		if [ -n "$STACK_FILTER" ]; then
			knob "$_d/stacktrace-depth" 32 &&
			knob "$_d/require-start" 0 &&
			knob "$_d/require-end" "$ULONG_MAX" &&
			knob "$_d/reject-start" 0 &&
			knob "$_d/reject-end" 0 || return 1
		fi
	done
	if [ "$VERBOSE" -ne 0 ]; then
		for _d in $FAIL_DIRS; do
			knob "$_d/verbose_ratelimit_interval_ms" 0 || return 1
		done
	fi
	if [ -d "$FAIL_PAGE" ]; then
		knob "$FAIL_PAGE/ignore-gfp-highmem" N &&
		knob "$FAIL_PAGE/min-order" 0 || return 1
	fi
}

# filter START: count only calls with a return address at or above START
# on the stack (0: count all)
filter()
{
	for _d in $FAIL_DIRS; do
		echo "$1" > "$_d/require-start" || return 1
	done
}

# The first address above the kernel image, if mmlab's code is above it:
# else (or with addresses hidden) nothing, and the init sweep skips.
modules_start()
{
	_end=$(awk '$3 == "_end" { print $1; exit }' /proc/kallsyms)
	case $_end in
	'' | *[!0-9a-f]* | 0000000000000000) return 0 ;;
	esac
	mmlab_insmod "arena_size=$SIZE" || return 1
	_mod=$(awk '$1 == "mmlab" { print $6; exit }' /proc/modules)
	mmlab_rmmod || return 1
	_mod=${_mod#0x}
	case $_mod in
	'' | *[!0-9a-f]* | 0000000000000000) return 0 ;;
	esac
	awk -v e="$_end" -v m="$_mod" 'BEGIN {
		if (length(m) == length(e) && (m "") > (e "")) print "0x" e }'
}

# MemFree (kB) with the slab caches shrunk first: that empties KASAN's
# quarantine, which otherwise holds up to 1/32 of RAM of freed objects and
# moves MemFree by megabytes from one load to the next.
settled_free_kb()
{
	for _f in /sys/kernel/slab/*/shrink; do
		[ ! -w "$_f" ] || echo 1 > "$_f"
	done
	mmlab_free_kb
}

# validate_errors: what validate says, in v_errors; debugfs if mmlab has
# its files (it ignores debugfs errors, as the kernel asks), else netlink
validate_errors()
{
	v_errors=
	if [ -r "$MMLAB_DBG/validate" ]; then
		read -r v_errors < "$MMLAB_DBG/validate"
		return 0
	fi
	no_debugfs=$((no_debugfs + 1))
	helper 0 genl validate && v_errors=$h_errors
}

# status_read: Frames and Chunks of /proc/mmlab/status in st_frames,
# st_chunks
status_read()
{
	st_frames='' st_chunks=''
	while read -r _k _v _; do
		case $_k in
		Frames:) st_frames=$_v ;;
		Chunks:) st_chunks=$_v ;;
		esac
	done < "$MMLAB_STATUS"
}

# try_load N: one load with fail-nth N, checked, and unloaded again.
# Sets tl_fired, tl_errno, tl_left, tl_chunks (0 if refused); 1 on a
# failure that ends the sweep.
try_load()
{
	tl_chunks=0
	if ! helper "$1" load "$MMLAB_KO" "arena_size=$SIZE"; then
		mmlab_bad "fail-nth $1: mmlab_failnth load: $h_out"
		return 1
	fi
	tl_fired=$h_fired tl_errno=$h_errno tl_left=$h_left
	if [ "$tl_errno" -ne 0 ]; then
		if mmlab_loaded; then
			mmlab_bad "fail-nth $1: load refused (errno $tl_errno) but mmlab is loaded"
			mmlab_rmmod || true
			return 1
		fi
		[ ! -e /proc/mmlab ] ||
			mmlab_bad "fail-nth $1: /proc/mmlab left by a refused load"
		[ ! -e "$MMLAB_DBG" ] ||
			mmlab_bad "fail-nth $1: $MMLAB_DBG left by a refused load"
		[ "$tl_fired" -eq 1 ] ||
			mmlab_bad "fail-nth $1: load refused (errno $tl_errno) with no failure injected"
		return 0
	fi
	if ! mmlab_loaded; then
		mmlab_bad "fail-nth $1: load succeeded but mmlab is not loaded"
		return 1
	fi
	validate_errors
	expect_eq "validate after a load with fail-nth $1" "$v_errors" 0
	status_read
	expect_eq "frames after a load with fail-nth $1" "$st_frames" "$FRAMES"
	tl_chunks=$st_chunks
	if ! mmlab_rmmod; then
		mmlab_bad "fail-nth $1: rmmod failed: $(cat "$MMLAB_TMP/rmmod.err")"
		return 1
	fi
}

# errno_summary ERRNO...: "12:5 105:1", errno:count in numeric order
errno_summary()
{
	[ $# -gt 0 ] || { echo none; return; }
	printf '%s\n' "$@" | sort -n | uniq -c |
		awk '{ printf "%s%s:%s", sep, $2, $1; sep = " " } END { print "" }'
}

# The whole load, sampled: with nothing filtered a load makes about 400
# counted calls, at about half a second a load under TCG too many to fail
# each in the time a test gets (MMLAB_FAILNTH_STEP=1 does: about 4 min).
load_loader_sample()
{
	_t0=$(now)
	no_debugfs=0 _tried=0 _refused='' _fellback=0
	try_load "$BIG" || return 1
	if [ "$tl_errno" -ne 0 ]; then
		mmlab_bad "a load with nothing failed was refused: errno $tl_errno"
		return 1
	fi
	_calls=$((BIG - tl_left))
	_step=${LOADER_STEP:-$(((_calls + LOADER_SAMPLES - 1) / LOADER_SAMPLES))}
	[ "$_step" -ge 1 ] || _step=1
	mmlab_expect_errors_begin
	_n=1
	while [ "$_n" -le "$_calls" ]; do
		try_load "$_n" || break
		_tried=$((_tried + 1))
		if [ "$tl_errno" -ne 0 ]; then
			_refused="$_refused $tl_errno"
		elif [ "$tl_fired" -eq 1 ]; then
			_fellback=$((_fellback + 1))
		fi
		_n=$((_n + _step))
	done
	mmlab_expect_errors_end
	# shellcheck disable=SC2086 # a list of numbers
	mmlab_msg "whole load: $_calls counted calls; $_tried failed (1 in $_step): $(set -- $_refused; echo $#) refused (errno:count $(errno_summary $_refused)), $_fellback completed ($no_debugfs without debugfs files) ($(since "$_t0") s)"
	if [ -z "$_refused" ]; then
		mmlab_bad "no failure refused a load: is fail-nth counting?"
	fi
}

# mmlab's init: every allocation made with mmlab's code on the stack
# failed once. The loads that took a failure path (refused, or completed
# with smaller chunks) are kept in init_paths for the replay.
load_init_sweep()
{
	init_paths=''
	if [ -z "$MODULES_START" ]; then
		mmlab_skip_case "no stack-trace filter, or module addresses not above the kernel's"
		return
	fi
	_t0=$(now)
	no_debugfs=0 _refused=0 _fellback=0 _smaller=0
	filter "$MODULES_START" ||
		{ mmlab_bad "cannot set the stack filter"; return 1; }
	# count the calls once: a failure never reached
	try_load "$BIG" || { filter 0; return 1; }
	_calls=$((BIG - tl_left)) _step=1
	if [ "${LOADER_STEP:-}" != 1 ] && [ "$_calls" -gt "$INIT_ALL" ]; then
		_step=$(((_calls - INIT_ALL + INIT_SAMPLES - 1) / INIT_SAMPLES))
	fi
	if [ "$_calls" -gt "$INIT_MAX" ]; then
		filter 0
		mmlab_bad "mmlab's init: $_calls counted calls, more than $INIT_MAX"
		return 1
	fi
	mmlab_expect_errors_begin
	_n=1 _tried=0
	while [ "$_n" -le "$_calls" ]; do
		try_load "$_n" || break
		_tried=$((_tried + 1))
		if [ "$tl_errno" -ne 0 ]; then
			expect_eq "errno of the load refused at mmlab allocation $_n" \
				"$tl_errno" 12
			_refused=$((_refused + 1))
			init_paths="$init_paths $_n"
		elif [ "$tl_fired" -eq 0 ]; then
			break
		else
			_fellback=$((_fellback + 1))
			if [ "$tl_chunks" -ne 4 ]; then
				_smaller=$((_smaller + 1))
				init_paths="$init_paths $_n"
			fi
		fi
		if [ "$_n" -lt "$INIT_ALL" ]; then
			_n=$((_n + 1))
		else
			_n=$((_n + _step))
		fi
	done
	mmlab_expect_errors_end
	filter 0 || mmlab_bad "cannot clear the stack filter"
	mmlab_msg "mmlab's init: $_calls counted calls; $_tried failed one at a time (all of the first $INIT_ALL, then 1 in $_step): $_refused loads refused (ENOMEM), $_fellback completed ($_smaller with smaller chunks, $no_debugfs without debugfs files) ($(since "$_t0") s)"
	if [ "$_n" -le "$_calls" ] && [ "$tl_fired" -ne 0 ]; then
		mmlab_bad "mmlab's init: the sweep stopped at allocation $_n of $_calls"
	fi
	if [ "$_refused" -eq 0 ]; then
		mmlab_bad "no failure refused a load: is the filter counting mmlab's init?"
	fi
}

# The loads of init_paths again, now that their paths are warmed up (the
# first run grows KASAN's stack depot and the slab caches): MemFree must
# not drop by a chunk. Leaked chunks are pages, which kmemleak does not
# track; everything else mmlab and the loader allocate it does.
load_init_replay()
{
	if [ -z "$init_paths" ]; then
		mmlab_skip_case "no failure path found by the init sweep"
		return
	fi
	_t0=$(now)
	_again=0
	filter "$MODULES_START" ||
		{ mmlab_bad "cannot set the stack filter"; return 1; }
	_before=$(settled_free_kb)
	mmlab_expect_errors_begin
	for _n in $init_paths; do
		try_load "$_n" || break
		if [ "$tl_errno" -ne 0 ] || [ "$tl_chunks" -ne 4 ]; then
			_again=$((_again + 1))
		fi
	done
	mmlab_expect_errors_end
	_after=$(settled_free_kb)
	filter 0 || mmlab_bad "cannot clear the stack filter"
	mmlab_msg "replayed mmlab allocations$init_paths: $_again took the same kind of failure path again ($(since "$_t0") s)"
	mmlab_msg "MemFree before the replay $_before kB, after $_after kB"
	expect_num_le "MemFree drop over the replay (kB)" \
		$((_before - _after)) "$TOLERANCE_KB"
}

# genl_sweep CMD: the request CMD with each of its allocations failed.
# validate and reset multicast an event (the helper listens): a failure may
# lose it, never anything else.
genl_sweep()
{
	mmlab_ensure_loaded "arena_size=$SIZE" ||
		{ mmlab_bad "cannot load mmlab"; return 1; }
	_event=1
	[ "$1" != status ] || _event=0
	_t0=$(now)
	no_debugfs=0 _n=1 _ok=0 _lost=0 _nomem=0 _nobufs=0 _nobufs_send=0
	_extack=0
	mmlab_expect_errors_begin
	while [ "$_n" -le "$GENL_MAX" ]; do
		if ! helper "$_n" genl "$1"; then
			mmlab_bad "mmlab_failnth genl $1: $h_out"
			break
		fi
		if [ "$h_fired" -eq 0 ]; then
			expect_eq "genl $1 with no failure: errno events" \
				"$h_errno $h_events" "0 $_event"
			break
		fi
		case $h_errno in
		0)
			_ok=$((_ok + 1))
			if [ "$1" != reset ]; then
				expect_eq "genl $1 ok with allocation $_n failed: reply" "$h_reply" 1
			fi
			if [ "$1" = validate ]; then
				expect_eq "genl validate errors with allocation $_n failed" "$h_errors" 0
			fi
			[ "$h_events" -eq "$_event" ] || _lost=$((_lost + 1))
			;;
		12)
			_nomem=$((_nomem + 1))
			[ -z "$h_extack" ] || _extack=$((_extack + 1))
			;;
		105)
			_nobufs=$((_nobufs + 1))
			[ "$h_stage" != send ] || _nobufs_send=$((_nobufs_send + 1))
			;;
		*)
			mmlab_bad "genl $1 with allocation $_n failed: want 0, ENOMEM or ENOBUFS: $h_out"
			;;
		esac
		expect_num_le "genl $1 with allocation $_n failed: events" \
			"$h_events" "$_event"
		validate_errors
		expect_eq "validate after genl $1 with allocation $_n failed" \
			"$v_errors" 0
		_n=$((_n + 1))
	done
	mmlab_expect_errors_end
	_n=$((_n - 1))
	mmlab_msg "genl $1: $_n allocations failed one at a time: $_ok succeeded ($_lost without their event), $_nomem ENOMEM ($_extack with an extack message), $_nobufs ENOBUFS ($_nobufs_send of the request, the others of the ack) ($(since "$_t0") s)"
	if [ "$_n" -ge "$GENL_MAX" ]; then
		mmlab_bad "genl $1: the sweep did not end within $GENL_MAX allocations"
	fi
	if [ "$_n" -eq 0 ]; then
		mmlab_bad "genl $1: no allocation counted: is fail-nth counting?"
	fi
}

unload_sweep()
{
	mmlab_ensure_unloaded || { mmlab_bad "cannot unload mmlab"; return 1; }
	_t0=$(now)
	_before=$(settled_free_kb)
	_n=1
	mmlab_expect_errors_begin
	while [ "$_n" -le "$UNLOAD_MAX" ]; do
		if ! mmlab_insmod "arena_size=$SIZE"; then
			mmlab_bad "insmod failed: $(cat "$MMLAB_TMP/insmod.err")"
			break
		fi
		if ! helper "$_n" unload; then
			mmlab_bad "mmlab_failnth unload: $h_out"
			break
		fi
		expect_eq "unload with allocation $_n failed: errno" "$h_errno" 0
		if mmlab_loaded; then
			mmlab_bad "mmlab still loaded after an unload with allocation $_n failed"
			mmlab_rmmod || break
		fi
		[ ! -e /proc/mmlab ] ||
			mmlab_bad "/proc/mmlab left by an unload with allocation $_n failed"
		[ ! -e "$MMLAB_DBG" ] ||
			mmlab_bad "$MMLAB_DBG left by an unload with allocation $_n failed"
		[ "$h_fired" -eq 1 ] || break
		_n=$((_n + 1))
	done
	mmlab_expect_errors_end
	_after=$(settled_free_kb)
	_n=$((_n - 1))
	mmlab_msg "unload: $_n allocations failed one at a time ($(since "$_t0") s)"
	mmlab_msg "MemFree before the sweep $_before kB, after $_after kB"
	if [ "$_n" -ge "$UNLOAD_MAX" ]; then
		mmlab_bad "unload: the sweep did not end within $UNLOAD_MAX allocations"
	fi
	expect_num_le "MemFree drop over the unload sweep (kB)" \
		$((_before - _after)) "$UNLOAD_TOLERANCE_KB"
}

reload()
{
	mmlab_ensure_unloaded || { mmlab_bad "cannot unload mmlab"; return 1; }
	for _i in 1 2; do
		if ! mmlab_insmod; then
			mmlab_bad "load $_i failed: $(cat "$MMLAB_TMP/insmod.err")"
			return 1
		fi
		expect_eq "debugfs validate after load $_i" \
			"$(cat "$MMLAB_DBG/validate")" 0
		helper 0 genl validate ||
			mmlab_bad "mmlab_failnth genl validate: $h_out"
		expect_eq "genl validate after load $_i" "$h_errno $h_errors" "0 0"
		if ! mmlab_rmmod; then
			mmlab_bad "unload $_i failed: $(cat "$MMLAB_TMP/rmmod.err")"
			return 1
		fi
	done
}

mmlab_init
if [ ! -e "$FAIL_NTH" ] || [ ! -d "$FAILSLAB" ]; then
	mmlab_skip_all "no $FAIL_NTH or $FAILSLAB: a kernel without CONFIG_FAULT_INJECTION, FAILSLAB or FAULT_INJECTION_DEBUG_FS"
fi
mmlab_need_module
HELPER=
for _h in "$MMLAB_LIB_DIR/mmlab_failnth" "$MMLAB_LIB_DIR/../build/selftests/mmlab_failnth"; do
	if [ -z "$HELPER" ] && [ -x "$_h" ]; then
		HELPER=$_h
	fi
done
[ -n "$HELPER" ] || mmlab_skip_all "mmlab_failnth helper not built (make -C selftests)"
FAIL_DIRS=$FAILSLAB
[ ! -d "$FAIL_PAGE" ] || FAIL_DIRS="$FAIL_DIRS $FAIL_PAGE"
STACK_FILTER=
[ ! -e "$FAILSLAB/require-start" ] || STACK_FILTER=1

ktap_set_plan 8
mmlab_save_state
mmlab_ensure_unloaded || mmlab_bad "cannot unload mmlab"
if ! knobs_setup; then
	echo "Bail out! cannot set the fault-injection knobs"
	exit "$KSFT_FAIL"
fi
MODULES_START=
if [ -n "$STACK_FILTER" ]; then
	MODULES_START=$(modules_start) || {
		echo "Bail out! cannot load mmlab: $(cat "$MMLAB_TMP/insmod.err")"
		exit "$KSFT_FAIL"
	}
fi
mmlab_msg "failing through $FAIL_DIRS; mmlab's code is above ${MODULES_START:-?}"
mmlab_case "load: the whole load's allocations failed, sampled" load_loader_sample
mmlab_case "load: every allocation of mmlab's init failed once" load_init_sweep
mmlab_case "load: its failure paths hold no memory (replayed)" load_init_replay
mmlab_case "genl status: every allocation failed once" genl_sweep status
mmlab_case "genl validate: every allocation failed once" genl_sweep validate
mmlab_case "genl reset: every allocation failed once" genl_sweep reset
mmlab_case "unload: every allocation failed once" unload_sweep
mmlab_case "after the sweeps mmlab unloads and loads again" reload
mmlab_finish
