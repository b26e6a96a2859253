#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The mmlab tool against the module: text and JSON agree with
# /proc/mmlab/status and /proc/mmlab/buddyinfo, mutations need
# CAP_SYS_ADMIN, events reach the monitor, buddy blocks go and come back,
# the frag picture counts what is allocated, the arena goes to the fit
# allocator and back (partitions, its numbers against debugfs, refusals
# while partitions live, the buddy's free lists as they were), slab
# caches and kmalloc objects go and come back (slabinfo agrees, the
# kernel's refusals are one line each, transient ones go at exit),
# slabtop's screen is slabinfo's numbers and its SVG well formed, and the
# tool says so plainly when the module is not loaded.
#
# Uses mmlab as loaded (loads it with defaults if it is not); unloads it for
# the "not loaded" checks and loads it back as it was.

# shellcheck disable=SC2317 # case functions run through mmlab_case
set -eu
# shellcheck source-path=SCRIPTDIR source=mmlab_lib.sh
. "$(dirname "$0")/mmlab_lib.sh"

# tool ARG...: run the tool, stdout in $OUT, stderr in $ERR, status in $RC.
tool()
{
	RC=0
	"$MMLAB_TOOL" "$@" > "$MMLAB_TMP/out" 2> "$MMLAB_TMP/err" || RC=$?
	OUT=$(cat "$MMLAB_TMP/out")
	ERR=$(cat "$MMLAB_TMP/err")
}

expect_ok()
{
	[ "$RC" -eq 0 ] || mmlab_bad "mmlab $1: exit $RC: $ERR"
}

# json_get KEY: the scalar value of "KEY" in $OUT (keys are unique here).
json_get()
{
	printf '%s\n' "$OUT" | tr -d '\n' |
		sed -n 's/.*"'"$1"'" *: *"\{0,1\}\([^",}]*\)"\{0,1\}.*/\1/p'
}

help_loaded()
{
	tool help
	expect_ok help
	expect_match "help" "$OUT" "^Usage: mmlab"
	tool --version
	expect_ok --version
	expect_match "--version" "$OUT" "[0-9]+\\.[0-9]+"
}

arena_text()
{
	tool arena show
	expect_ok "arena show"
	expect_match "arena show" "$OUT" "(^|[^0-9])$(mmlab_status Frames)([^0-9]|\$)"
	expect_eq "stderr of arena show" "$ERR" ""
}

arena_json()
{
	tool -j arena show
	expect_ok "-j arena show"
	expect_eq "JSON lines" "$(printf '%s\n' "$OUT" | wc -l)" 1
	expect_match "JSON object" "$OUT" '^\{.*\}$'
	expect_match "JSON version" "$OUT" '"version" *: *"[^"]+"'
	expect_eq "size" "$(json_get size)" $(($(mmlab_status ArenaTotal) * 1024))
	expect_eq "page_size" "$(json_get page_size)" "$(mmlab_status PageSize)"
	expect_eq "frames" "$(json_get frames)" "$(mmlab_status Frames)"
	expect_eq "frames_free" "$(json_get frames_free)" "$(mmlab_status FramesFree)"
	expect_eq "frames_used" "$(json_get frames_used)" \
		$(($(mmlab_status Frames) - $(mmlab_status FramesFree)))
	expect_eq "max_order" "$(json_get max_order)" "$(mmlab_status MaxOrder)"
	expect_eq "chunks" "$(json_get chunks)" "$(mmlab_status Chunks)"
	expect_eq "chunk_order_min" "$(json_get chunk_order_min)" "$(mmlab_status ChunkOrderMin)"
	expect_eq "chunk_order_max" "$(json_get chunk_order_max)" "$(mmlab_status ChunkOrderMax)"
	expect_eq "backing" "$(json_get backing)" "$(mmlab_status Backing)"

	tool -j -p arena show
	expect_ok "-j -p arena show"
	expect_num_le "pretty JSON lines" 2 "$(printf '%s\n' "$OUT" | wc -l)"
	expect_eq "pretty frames" "$(json_get frames)" "$(mmlab_status Frames)"
}

validate_root()
{
	tool arena validate
	expect_ok "arena validate"
	expect_match "arena validate" "$OUT" "(^|[^0-9])0([^0-9]|\$)"
}

stats_root()
{
	tool stats show
	expect_ok "stats show"
	[ -n "$OUT" ] || mmlab_bad "stats show printed nothing"
	for _i in 1 2 3; do
		tool arena show
	done
	expect_num_le "nl_requests after requests" 3 "$(mmlab_stat nl_requests)"
	_resets=$(mmlab_stat resets)
	tool stats reset
	expect_ok "stats reset"
	expect_num_le "nl_requests after stats reset" "$(mmlab_stat nl_requests)" 1
	expect_eq "resets after stats reset" "$(mmlab_stat resets)" $((_resets + 1))
}

# nobody_refused CMD PATTERN: the tool run as nobody with CMD (split on
# spaces) exits 1 with one line on stderr matching PATTERN.
nobody_refused()
{
	RC=0
	# shellcheck disable=SC2086
	mmlab_as_nobody "$MMLAB_TOOL" $1 > "$MMLAB_TMP/out" 2> "$MMLAB_TMP/err" || RC=$?
	ERR=$(cat "$MMLAB_TMP/err")
	expect_eq "exit status of '$1' as nobody" "$RC" 1
	expect_match "error of '$1' as nobody" "$ERR" "$2"
	expect_eq "error lines of '$1' as nobody" "$(printf '%s\n' "$ERR" | wc -l)" 1
}

# The same as nobody: refused with EPERM, one line, exit 1, no effect.
nobody_denied()
{
	_resets=$(mmlab_stat resets)
	_free=$(mmlab_status FramesFree)
	for _cmd in "stats reset" "arena validate" "buddy alloc order 0" \
		    "buddy compact" "allocator set fit" \
		    "allocator set fit policy best" "allocator set buddy"; do
		nobody_refused "$_cmd" "Operation not permitted"
	done
	expect_eq "resets after nobody's attempt" "$(mmlab_stat resets)" "$_resets"
	expect_eq "free frames after nobody's attempt" "$(mmlab_status FramesFree)" "$_free"
	expect_eq "allocator after nobody's attempt" "$(mmlab_status Allocator)" buddy

	# Reading is open to everyone.
	for _cmd in "arena show" "allocator show"; do
		RC=0
		# shellcheck disable=SC2086
		mmlab_as_nobody "$MMLAB_TOOL" $_cmd > /dev/null 2> "$MMLAB_TMP/err" || RC=$?
		expect_eq "$_cmd as nobody" "$RC" 0
	done
}

# -j frag draws as many blocks as buddy pagemap lists, whichever
# allocator has the arena.
frag_blocks_are_pagemap()
{
	tool buddy pagemap
	_blocks=$(printf '%s\n' "$OUT" | wc -l)
	tool -j frag
	expect_eq "blocks: frag vs pagemap" \
		"$(printf '%s\n' "$OUT" | grep -o '"frame":' | wc -l)" "$_blocks"
}

# monitor_until_event CMD: run "mmlab monitor count 1" and, since it
# subscribes only once it has started, CMD (a function making events)
# once a second until it has seen one, for at most 20 s; then check that
# the monitor ended well. Its output is left in $MMLAB_TMP/mon.
monitor_until_event()
{
	"$MMLAB_TOOL" monitor count 1 > "$MMLAB_TMP/mon" 2>&1 &
	_pid=$!
	_i=0
	while kill -0 "$_pid" 2>/dev/null && [ "$_i" -lt 20 ]; do
		sleep 1
		"$1"
		_i=$((_i + 1))
	done
	if kill -0 "$_pid" 2>/dev/null; then
		kill "$_pid"
		wait "$_pid" || true
		mmlab_bad "monitor saw no event in 20 s: $(cat "$MMLAB_TMP/mon")"
		return 1
	fi
	_rc=0
	wait "$_pid" || _rc=$?
	expect_eq "monitor exit status" "$_rc" 0
}

reset_stats()
{
	"$MMLAB_TOOL" stats reset || mmlab_bad "stats reset failed"
}

# A reset is an event.
monitor_event()
{
	monitor_until_event reset_stats || return 1
	_out=$(cat "$MMLAB_TMP/mon")
	expect_eq "monitor lines for count 1" "$(printf '%s\n' "$_out" | wc -l)" 1
	expect_match "monitor output" "$_out" "stats-reset"
}

# used_frames: frames in allocated blocks (FramesFree counts per-CPU ones).
used_frames()
{
	echo $(($(mmlab_status Frames) - $(mmlab_status FramesFree)))
}

# handles_of: the handles in $OUT, one a line.
handles_of()
{
	printf '%s\n' "$OUT" | sed -n 's/.* handle \(0x[0-9a-f]*\).*/\1/p'
}

# map_used: used frames drawn in the map of $OUT (letters of used cells).
map_used()
{
	printf '%s\n' "$OUT" | sed -n 's/^ *[0-9][0-9]* |\(.*\)|$/\1/p' |
		tr -cd 'UMRXumrx' | wc -c
}

buddy_round_trip()
{
	_used=$(used_frames)
	tool buddy alloc order 2 count 3 mt reclaimable persistent
	expect_ok "buddy alloc"
	expect_eq "blocks printed" "$(printf '%s\n' "$OUT" | grep -c ' order 2 used reclaimable handle 0x.* persistent$')" 3
	_h=$(handles_of)
	expect_eq "used frames after alloc" "$(used_frames)" $((_used + 12))
	for _x in $_h; do
		tool buddy pagemap
		expect_match "pagemap has $_x" "$OUT" " order 2 used reclaimable handle $_x "
	done
	# shellcheck disable=SC2086 # the handles are words
	tool buddy free $_h
	expect_ok "buddy free"
	expect_eq "stdout of buddy free" "$OUT" ""
	expect_eq "used frames after free" "$(used_frames)" "$_used"

	# a size: the smallest order that holds it, the bytes remembered
	tool buddy alloc size 5K mt unmovable
	expect_ok "buddy alloc size 5K"
	expect_match "size 5K" "$OUT" "^frame [0-9]+ order 1 used unmovable handle 0x[0-9a-f]+ requested 5120 "
	# decimal handles work as well as hex
	_x=$(handles_of)
	tool buddy free $((_x))
	expect_ok "buddy free $((_x)) (decimal)"
	expect_eq "used frames after the decimal free" "$(used_frames)" "$_used"
}

transient_freed()
{
	_used=$(used_frames)
	tool buddy alloc order 3 transient
	expect_ok "buddy alloc transient"
	expect_match "transient block" "$OUT" "^frame [0-9]+ order 3 used movable handle 0x[0-9a-f]+ "
	expect_no_match "transient block" "$OUT" "persistent"
	# freed with the socket, when the tool exited
	expect_eq "used frames after mmlab exited" "$(used_frames)" "$_used"
}

# bad handles: the kernel refuses, all or none, and says why
bad_handle()
{
	tool buddy alloc order 0
	_x=$(handles_of)
	_used=$(used_frames)
	tool buddy free 0x99
	expect_eq "exit status of a bad handle" "$RC" 1
	expect_match "error of a bad handle" "$ERR" "^mmlab: buddy free: No such file or directory: no such handle"
	expect_eq "error lines" "$(printf '%s\n' "$ERR" | wc -l)" 1
	tool buddy free "$_x" 0x99
	expect_eq "exit status of a good and a bad handle" "$RC" 1
	tool buddy free "$_x" "$_x"
	expect_eq "exit status of a handle given twice" "$RC" 1
	expect_match "error of a handle given twice" "$ERR" "handle given twice"
	expect_eq "used frames after refused frees" "$(used_frames)" "$_used"
	tool buddy free "$_x"
	expect_ok "buddy free of the good handle alone"
	tool buddy alloc order 63
	expect_eq "exit status of order 63" "$RC" 1
	expect_match "error of order 63" "$ERR" "order above the arena's max order"
}

# Usage errors are found before any request is sent.
usage_no_request()
{
	_n=$(mmlab_stat nl_requests)
	for _cmd in "buddy alloc" "buddy alloc order x" "buddy alloc order 1 size 4K" \
		    "buddy alloc size 0" "buddy alloc order 1 count 1025" \
		    "buddy alloc order 1 mt sticky" "buddy free" "buddy free 0xg" \
		    "buddy compact order" "buddy bogus" "frag --group 3" \
		    "frag --watch=0" "frag --svg" "-j frag --svg x" \
		    "allocator set" "allocator set slab" \
		    "allocator set fit policy good" \
		    "allocator set buddy policy first"; do
		# shellcheck disable=SC2086
		tool $_cmd
		expect_eq "exit status of '$_cmd'" "$RC" 2
		expect_eq "error lines of '$_cmd'" "$(printf '%s\n' "$ERR" | wc -l)" 1
	done
	expect_eq "requests sent by usage errors" "$(mmlab_stat nl_requests)" "$_n"
}

# show's free blocks per order are /proc/mmlab/buddyinfo's
show_buddyinfo()
{
	tool buddy alloc order 1 count 5
	_h=$(handles_of)
	tool buddy show
	expect_ok "buddy show"
	_show=$(printf '%s\n' "$OUT" | awk 'f { printf "%s ", $2 } /^order/ { f = 1 }')
	_proc=$(awk '{ for (i = 5; i <= NF; i++) printf "%s ", $i }' /proc/mmlab/buddyinfo)
	expect_eq "free blocks per order, buddy show vs buddyinfo" "$_show" "$_proc"
	expect_eq "order rows" "$(printf '%s\n' "$OUT" | awk 'f { n++ } /^order/ { f = 1 } END { print n }')" \
		$(($(mmlab_status MaxOrder) + 1))
	expect_match "handles" "$OUT" "handles [1-9]"
	tool -j buddy show
	expect_ok "-j buddy show"
	expect_match "JSON max_order" "$OUT" "^\\{\"buddy\":\\{\"max_order\":$(mmlab_status MaxOrder),"
	expect_eq "JSON orders" "$(printf '%s\n' "$OUT" | grep -o '"order":' | wc -l)" \
		$(($(mmlab_status MaxOrder) + 1))
	# shellcheck disable=SC2086
	tool buddy free $_h
}

frag_map()
{
	_used=$(used_frames)
	tool buddy alloc order 2 count 3
	_h=$(handles_of)
	tool buddy alloc order 0 mt unmovable
	_h="$_h $(handles_of)"
	expect_eq "used frames after alloc" "$(used_frames)" $((_used + 13))
	tool frag --group 1 --width 80 --color=never
	expect_ok "frag --group 1"
	expect_eq "stderr of frag" "$ERR" ""
	expect_eq "map rows" "$(printf '%s\n' "$OUT" | grep -c '^ *[0-9][0-9]* |')" \
		$((($(mmlab_status Frames) + 63) / 64))
	expect_eq "used frames in the map" "$(map_used)" "$(used_frames)"
	expect_eq "used frames in the map, from the baseline" "$(map_used)" $((_used + 13))
	expect_match "an unmovable block" "$OUT" "U"
	expect_match "legend" "$OUT" "^legend: a cell is 1 frame"
	expect_match "order 0 bar" "$OUT" "^ +0 +[0-9]+ +[0-9]+ +[0-9.]+% \\|"
	# the default fits the map in 32 rows
	tool frag
	expect_ok "frag"
	expect_num_le "rows of the fitted map" "$(printf '%s\n' "$OUT" | grep -c '^ *[0-9][0-9]* |')" 32
	# shellcheck disable=SC2086
	tool buddy free $_h
	tool frag --group 1
	expect_eq "used frames in the map after free" "$(map_used)" "$_used"
}

frag_json()
{
	tool buddy alloc order 4
	_h=$(handles_of)
	tool -j frag
	expect_ok "-j frag"
	expect_eq "JSON lines" "$(printf '%s\n' "$OUT" | wc -l)" 1
	expect_match "JSON object" "$OUT" '^\{"frag":\{.*\}\}$'
	expect_eq "{ and }" "$(printf '%s' "$OUT" | tr -cd '{' | wc -c)" \
		"$(printf '%s' "$OUT" | tr -cd '}' | wc -c)"
	expect_eq "[ and ]" "$(printf '%s' "$OUT" | tr -cd '[' | wc -c)" \
		"$(printf '%s' "$OUT" | tr -cd ']' | wc -c)"
	expect_eq "frames" "$(printf '%s\n' "$OUT" | sed -n 's/^{"frag":{"frames":\([0-9]*\),.*/\1/p')" \
		"$(mmlab_status Frames)"
	expect_eq "used" "$(printf '%s\n' "$OUT" | sed -n 's/.*"max_order":[0-9]*,"used":\([0-9]*\),.*/\1/p')" \
		"$(used_frames)"
	expect_match "our block" "$OUT" "\"order\":4,\"state\":\"used\",\"mt\":\"movable\",\"handle\":\"$_h\""
	expect_match "consistent" "$OUT" '"inconsistent":false\}\}$'
	frag_blocks_are_pagemap
	tool buddy free "$_h"
}

frag_svg()
{
	rm -f "$MMLAB_TMP/a.svg"
	tool frag --svg "$MMLAB_TMP/a.svg"
	expect_ok "frag --svg"
	expect_eq "stdout of frag --svg" "$OUT" ""
	[ -s "$MMLAB_TMP/a.svg" ] || mmlab_bad "no SVG written"
	expect_eq "first line" "$(head -n 1 "$MMLAB_TMP/a.svg")" '<?xml version="1.0" encoding="UTF-8"?>'
	expect_match "second line" "$(sed -n 2p "$MMLAB_TMP/a.svg")" '^<svg xmlns="http://www.w3.org/2000/svg" '
	expect_eq "last line" "$(tail -n 1 "$MMLAB_TMP/a.svg")" "</svg>"
	[ ! -e "$MMLAB_TMP/a.svg.tmp" ] || mmlab_bad "temporary file left"
	tool frag --svg "$MMLAB_TMP/no/such/dir/a.svg"
	expect_eq "exit status of an unwritable SVG" "$RC" 1
	expect_match "error of an unwritable SVG" "$ERR" "No such file or directory"
}

compact_result()
{
	_runs=$(tool -j buddy show; printf '%s\n' "$OUT" | sed -n 's/.*"compactions":\([0-9]*\),.*/\1/p')
	tool buddy compact
	expect_ok "buddy compact"
	expect_match "result" "$OUT" "^compact order $(mmlab_status MaxOrder): scanned [0-9]+ frames, moved [0-9]+ frames in [0-9]+ blocks$"
	expect_match "indices" "$OUT" "^  unusable [0-9]\\.[0-9]{3} -> [0-9]\\.[0-9]{3}, largest free order ([0-9]+|none) -> ([0-9]+|none)$"
	tool -j buddy compact order 3
	expect_ok "-j buddy compact order 3"
	expect_match "JSON" "$OUT" '^\{"compact":\{"order":3,"scanned":[0-9]+,"moved":[0-9]+,"blocks":[0-9]+,"unusable_before":'
	tool -j buddy show
	expect_eq "compactions after two" "$(printf '%s\n' "$OUT" | sed -n 's/.*"compactions":\([0-9]*\),.*/\1/p')" $((_runs + 2))
}

frag_watch()
{
	"$MMLAB_TOOL" frag --watch 0.2 > "$MMLAB_TMP/watch" 2>&1 &
	_pid=$!
	sleep 2
	kill -INT "$_pid"
	_rc=0
	wait "$_pid" || _rc=$?
	expect_eq "exit status of frag --watch after SIGINT" "$_rc" 0
	expect_num_le "pictures drawn" 2 "$(grep -c '^arena ' "$MMLAB_TMP/watch")"
	expect_eq "errors of frag --watch" "$(grep -c '^mmlab:' "$MMLAB_TMP/watch")" 0
}

# --- the fit allocator ---------------------------------------------------

# The handles of the partitions the fit cases allocated.
FIT_H=

# Whatever happens, leave the arena to the buddy: free every block the
# page map names by handle, then switch back.
back_to_buddy()
{
	# shellcheck disable=SC2046 # the handles are words
	"$MMLAB_TOOL" buddy free $("$MMLAB_TOOL" buddy pagemap 2>/dev/null |
		sed -n 's/.* handle \(0x[0-9a-f]*\).*/\1/p') > /dev/null 2>&1
	"$MMLAB_TOOL" allocator set buddy > /dev/null 2>&1 || true
}

# fit_numbers: "policy frames free holes largest used internal_frag" of
# the -j allocator output in $OUT, in the documented key order.
fit_numbers()
{
	printf '%s\n' "$OUT" | sed -n 's/^{"allocator":"fit","policy":"\([a-z]*\)","fit":{"frames":\([0-9]*\),"free":\([0-9]*\),"holes":\([0-9]*\),"largest":\([0-9]*\),"used":\([0-9]*\),"internal_frag":\([0-9]*\),.*/\1 \2 \3 \4 \5 \6 \7/p'
}

# dbg_fit KEY: a line "KEY value" of debugfs mmlab/allocator.
dbg_fit()
{
	awk -v k="$1" '$1 == k { print $2; f = 1; exit } END { exit !f }' "$MMLAB_DBG/allocator"
}

# log2 N: floor(log2(N)), N > 0
log2()
{
	_l=0 _n=$1
	while [ "$_n" -gt 1 ]; do
		_n=$((_n / 2))
		_l=$((_l + 1))
	done
	echo "$_l"
}

# free frames and holes of the page map in $OUT: "FRAMES HOLES"
pagemap_holes()
{
	printf '%s\n' "$OUT" | awk '$3 == "frames" && $5 == "free" { f += $4; n++ }
		END { printf "%d %d\n", f, n }'
}

allocator_default()
{
	tool allocator
	expect_ok allocator
	expect_eq "allocator" "$OUT" "allocator buddy"
	tool -j allocator show
	expect_ok "-j allocator show"
	expect_eq "-j allocator" "$OUT" '{"allocator":"buddy"}'
	expect_eq "Allocator in /proc" "$(mmlab_status Allocator)" buddy
}

fit_switch()
{
	_frames=$(mmlab_status Frames)
	mmlab_on_exit back_to_buddy
	# compaction drains the per-CPU lists: the free lists hold every frame
	tool buddy compact
	expect_ok "buddy compact before the switch"
	cp /proc/mmlab/buddyinfo "$MMLAB_TMP/buddyinfo.before"
	expect_eq "free frames before the switch" "$(mmlab_status FramesFree)" "$_frames"

	tool allocator set fit policy worst
	expect_ok "allocator set fit policy worst"
	expect_match "set's reply" "$OUT" "^allocator fit, policy worst$"
	expect_eq "Allocator in /proc" "$(mmlab_status Allocator)" worst-fit
	# the policy changes in place while nothing is allocated
	tool -j allocator set fit policy best
	expect_ok "allocator set fit policy best"
	expect_eq "Allocator in /proc after the policy" "$(mmlab_status Allocator)" best-fit
	expect_eq "one empty hole: policy frames free holes largest used intfrag" \
		"$(fit_numbers)" "best $_frames $_frames 1 $_frames 0 0"
	expect_eq "free frames under fit" "$(mmlab_status FramesFree)" "$_frames"
	expect_eq "debugfs allocator" "$(sed -n 1,2p "$MMLAB_DBG/allocator" | tr '\n' ' ')" \
		"allocator fit policy best "
	# one class per order of the arena's size, the one hole in the last
	expect_eq "classes" "$(printf '%s\n' "$OUT" | grep -o '"order":' | wc -l)" \
		$(($(log2 "$_frames") + 1))
	expect_match "the hole's class" "$OUT" \
		"\\{\"order\":$(log2 "$_frames"),\"holes\":1,\"hole_frames\":$_frames,\"unusable\":0\\.000,\"extfrag\":-1\\.000\\}\\]\\}\\}\$"
	# the buddy has lent every frame
	tool -j buddy show
	expect_match "the buddy's free frames" "$OUT" '"free":0,"pcp":0,'
}

fit_partitions()
{
	_frames=$(mmlab_status Frames)
	tool buddy alloc size 36K
	expect_ok "buddy alloc size 36K"
	expect_match "a partition of 9 frames" "$OUT" \
		"^frame [0-9]+ frames 9 used handle 0x[0-9a-f]+ requested 36864 owner [0-9]+ persistent$"
	FIT_H=$(handles_of)
	tool buddy alloc order 2 count 2
	expect_ok "buddy alloc order 2 count 2"
	expect_eq "partitions of 4 frames" \
		"$(printf '%s\n' "$OUT" | grep -Ec '^frame [0-9]+ frames 4 used handle 0x[0-9a-f]+ requested 16384 ')" 2
	_mid=$(handles_of | head -n 1)
	_mid_frame=$(printf '%s\n' "$OUT" | sed -n '1s/^frame \([0-9]*\) .*/\1/p')
	FIT_H="$FIT_H $(handles_of)"
	tool buddy alloc size 5000
	expect_ok "buddy alloc size 5000"
	expect_match "a partition of 2 frames" "$OUT" " frames 2 used handle 0x[0-9a-f]+ requested 5000 "
	FIT_H="$FIT_H $(handles_of)"
	expect_eq "used frames" "$(used_frames)" 19

	tool -j allocator
	expect_ok "-j allocator"
	# 2 * 4096 - 5000 bytes not asked for
	expect_eq "policy frames free holes largest used intfrag" "$(fit_numbers)" \
		"best $_frames $((_frames - 19)) 1 $((_frames - 19)) 4 3192"
	expect_match "four allocations, no failure" "$OUT" '"allocs":4,"frees":0,"failures":0,'
	expect_eq "debugfs vs -j allocator" \
		"$(dbg_fit policy) $(dbg_fit frames) $(dbg_fit free) $(dbg_fit holes) $(dbg_fit largest) $(dbg_fit used) $(dbg_fit internal_frag)" \
		"$(fit_numbers)"
	for _k in allocs failures fail_frag; do
		expect_eq "debugfs $_k vs -j allocator" "$(dbg_fit "$_k")" "$(json_get "$_k")"
	done
	expect_eq "classes' frames" \
		"$(printf '%s\n' "$OUT" | grep -o '"hole_frames":[0-9]*' | awk -F: '{ s += $2 } END { print s }')" \
		$((_frames - 19))

	# a hole between partitions; best fit fills it exactly
	tool buddy free "$_mid"
	expect_ok "buddy free of the first order-2 partition"
	tool buddy pagemap
	expect_match "its hole" "$OUT" "^frame $_mid_frame frames 4 free$"
	_ph=$(pagemap_holes)
	tool -j allocator
	expect_eq "free frames and holes: allocator vs pagemap" \
		"$(fit_numbers | cut -d' ' -f3,4)" "$_ph"
	expect_eq "holes after the free" "$(fit_numbers | cut -d' ' -f4)" 2
	# one frame more than the largest hole: enough free, but in two holes
	_largest=$(fit_numbers | cut -d' ' -f5)
	tool buddy alloc size $(((_largest + 1) * 4))K
	expect_eq "exit status of a partition above the largest hole" "$RC" 1
	expect_eq "error of a partition above the largest hole" "$ERR" \
		"mmlab: buddy alloc: Cannot allocate memory: no hole big enough: free memory is fragmented"
	tool buddy alloc size $(((_largest + 5) * 4))K
	expect_eq "exit status of a partition above the free frames" "$RC" 1
	expect_eq "error of a partition above the free frames" "$ERR" \
		"mmlab: buddy alloc: Cannot allocate memory: not enough free memory for the partitions asked for"
	tool -j allocator
	expect_match "two failures, one for fragmentation" "$OUT" '"failures":2,"fail_frag":1,'
	tool allocator
	expect_match "in text" "$OUT" "^  allocs 4, frees 1, failures 2 \\(1 for fragmentation\\)$"
	tool buddy alloc size 16K
	expect_ok "buddy alloc size 16K"
	expect_match "best fit takes the hole of 4" "$OUT" "^frame $_mid_frame frames 4 used "
	FIT_H=$(for _x in $FIT_H; do [ "$_x" = "$_mid" ] || echo "$_x"; done)
	FIT_H="$FIT_H $(handles_of)"
	tool -j allocator
	expect_eq "one hole again" "$(fit_numbers | cut -d' ' -f4)" 1
	expect_match "counters" "$OUT" '"allocs":5,"frees":1,"failures":2,"fail_frag":1,'
}

fit_frag()
{
	tool frag --group 1 --width 80 --color=never
	expect_ok "frag --group 1 under fit"
	expect_eq "stderr of frag" "$ERR" ""
	expect_match "header" "$OUT" "^arena $(mmlab_status Frames) frames of 4 KiB, fit allocator, best fit; 1 frame a cell$"
	expect_eq "used frames in the map" "$(map_used)" "$(used_frames)"
	expect_eq "partition heads in the map" "$(printf '%s\n' "$OUT" |
		sed -n 's/^ *[0-9][0-9]* |\(.*\)|$/\1/p' | tr -cd 'X' | wc -c)" 4
	expect_match "legend" "$OUT" "^  capital: a partition starts in the cell$"
	expect_match "totals" "$OUT" "^used 19 frames in 4 partitions, free [0-9]+ frames in 1 hole$"
	expect_match "class table" "$OUT" "^class +holes +frames +share +hole frames +unusable +extfrag$"
	expect_eq "class rows" "$(printf '%s\n' "$OUT" | awk 'f && /^ +[0-9]+ / { n++ } /^class/ { f = 1 } END { print n }')" \
		$(($(log2 "$(mmlab_status Frames)") + 1))
	expect_match "largest hole" "$OUT" "^largest hole $(($(mmlab_status Frames) - 19)) frames, internal fragmentation "

	tool -j frag
	expect_ok "-j frag under fit"
	expect_eq "JSON lines" "$(printf '%s\n' "$OUT" | wc -l)" 1
	expect_match "JSON head" "$OUT" \
		"^\\{\"frag\":\\{\"allocator\":\"fit\",\"policy\":\"best\",\"frames\":$(mmlab_status Frames),\"page_size\":4096,\"used\":19,\"partitions\":4,\"free\":$(mmlab_status FramesFree),\"holes\":1,"
	expect_match "consistent" "$OUT" '"inconsistent":false\}\}$'
	frag_blocks_are_pagemap
	rm -f "$MMLAB_TMP/fit.svg"
	tool frag --svg "$MMLAB_TMP/fit.svg"
	expect_ok "frag --svg under fit"
	expect_eq "last line of the SVG" "$(tail -n 1 "$MMLAB_TMP/fit.svg")" "</svg>"
	expect_match "the SVG names the fit" "$(cat "$MMLAB_TMP/fit.svg")" "fit allocator, best fit"
}

# While partitions live: no switch, no policy change, no migratetype; one
# line each, with the kernel's reason. Compaction runs but moves nothing:
# the buddy lent every frame.
fit_refusals()
{
	for _c in "allocator set buddy|Device or resource busy: partitions are allocated: free them first" \
		  "allocator set fit policy first|Device or resource busy: partitions are allocated" \
		  "buddy alloc size 4K mt movable|Invalid argument: the fit allocator has no migratetypes" \
		  "buddy alloc size $(($(mmlab_status Frames) * 4 + 4))K|Invalid argument: size is 0 or above the arena"; do
		# shellcheck disable=SC2086 # split the command words
		tool ${_c%%|*}
		expect_eq "exit status of '${_c%%|*}'" "$RC" 1
		expect_match "error of '${_c%%|*}'" "$ERR" "^mmlab: [a-z ]+: ${_c#*|}"
		expect_eq "error lines of '${_c%%|*}'" "$(printf '%s\n' "$ERR" | wc -l)" 1
		expect_eq "stdout of '${_c%%|*}'" "$OUT" ""
	done
	tool buddy compact
	expect_ok "buddy compact under the fit allocator"
	expect_match "compaction moved nothing" "$OUT" ", moved 0 frames in 0 blocks$"
	expect_eq "Allocator after the refusals" "$(mmlab_status Allocator)" best-fit
	expect_eq "used frames after the refusals" "$(used_frames)" 19
}

fit_back()
{
	# shellcheck disable=SC2086 # the handles are words
	tool buddy free $FIT_H
	expect_ok "buddy free of the partitions"
	expect_eq "used frames after the free" "$(used_frames)" 0
	tool allocator set buddy
	expect_ok "allocator set buddy"
	expect_eq "set's reply" "$OUT" "allocator buddy"
	expect_eq "Allocator in /proc" "$(mmlab_status Allocator)" buddy
	expect_eq "free frames" "$(mmlab_status FramesFree)" "$(mmlab_status Frames)"
	expect_eq "buddyinfo, as before the fit allocator" \
		"$(cat /proc/mmlab/buddyinfo)" "$(cat "$MMLAB_TMP/buddyinfo.before")"
	tool frag --color=never
	expect_match "frag draws the buddy again" "$OUT" "^arena [0-9]+ frames of 4 KiB, max_order [0-9]+; "
	tool buddy alloc order 0
	expect_ok "buddy alloc order 0 under the buddy again"
	expect_match "a buddy block" "$OUT" "^frame [0-9]+ order 0 used movable handle "
	tool buddy free "$(handles_of)"
}

switch_allocator()
{
	"$MMLAB_TOOL" allocator set fit policy next > /dev/null ||
		mmlab_bad "allocator set fit failed"
	"$MMLAB_TOOL" allocator set buddy > /dev/null ||
		mmlab_bad "allocator set buddy failed"
}

# An allocator event: switch back and forth until the monitor saw one.
monitor_allocator()
{
	monitor_until_event switch_allocator || return 1
	expect_match "the event" "$(cat "$MMLAB_TMP/mon")" \
		"^seq [0-9]+ allocator (fit policy next|buddy)$"
	expect_eq "Allocator after the events" "$(mmlab_status Allocator)" buddy
}

# --- slab caches, kmalloc, slabtop ----------------------------------------

# The persistent objects the slab cases hold ("CACHE HANDLE" a line, in
# $MMLAB_TMP/slab_objs) and their caches (tt-*): the exit hook frees and
# destroys what a failed case left.
slab_leftovers()
{
	if [ -s "$MMLAB_TMP/slab_objs" ]; then
		# shellcheck disable=SC2046 # the handles are words
		"$MMLAB_TOOL" cache free $(awk '$1 != "kmalloc" { print $2 }' \
			"$MMLAB_TMP/slab_objs") > /dev/null 2>&1
		# shellcheck disable=SC2046
		"$MMLAB_TOOL" kfree $(awk '$1 == "kmalloc" { print $2 }' \
			"$MMLAB_TMP/slab_objs") > /dev/null 2>&1
	fi
	for _c in tt-a tt-k tt-b tt-s tt-w; do
		"$MMLAB_TOOL" cache destroy "$_c" > /dev/null 2>&1
	done
	return 0
}

# hold KIND HANDLE...: note persistent objects (KIND: a cache, or kmalloc)
hold()
{
	_hold_kind=$1
	shift
	for _hold_x in "$@"; do
		echo "$_hold_kind $_hold_x" >> "$MMLAB_TMP/slab_objs"
	done
}

# let_go HANDLE...: they were freed
let_go()
{
	for _let_x in "$@"; do
		grep -v " $_let_x\$" "$MMLAB_TMP/slab_objs" > "$MMLAB_TMP/slab_objs.new"
		mv "$MMLAB_TMP/slab_objs.new" "$MMLAB_TMP/slab_objs"
	done
}

# cache_num NAME KEY: KEY of -j cache show NAME
cache_num()
{
	tool -j cache show "$1"
	json_get "$2"
}

# slabinfo_line NAME: the cache's line of /proc/mmlab/slabinfo
slabinfo_line()
{
	awk -v n="$1" 'NR > 2 && $1 == n' /proc/mmlab/slabinfo
}

# wait_live NAME N: the cache's live objects come to N within 5 s (a
# closed socket's objects go when the module hears of it)
wait_live()
{
	_i=0
	while [ "$(cache_num "$1" live)" != "$2" ] && [ "$_i" -lt 50 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	expect_eq "live objects of $1" "$(cache_num "$1" live)" "$2"
}

# one_line_error WHAT STATUS ERE: the last tool run failed with STATUS,
# printed nothing, and said ERE in one line
one_line_error()
{
	expect_eq "exit status of $1" "$RC" "$2"
	expect_eq "stdout of $1" "$OUT" ""
	expect_eq "error lines of $1" "$(printf '%s\n' "$ERR" | wc -l)" 1
	expect_match "error of $1" "$ERR" "$3"
}

cache_lifecycle()
{
	mmlab_on_exit slab_leftovers
	tool cache create tt-a size 100 flags red-zone,poison ctor 0x2a
	expect_ok "cache create"
	expect_match "create's reply" "$OUT" "^cache tt-a: object size 100, stride [0-9]+, align [0-9]+, persistent$"
	expect_match "flags and ctor" "$OUT" "^  flags red-zone,poison,ctor, ctor 0x2a, red zone left [0-9]+ B$"
	expect_match "no object yet" "$OUT" "^  objects live 0, active 0 \\(0 on per-CPU arrays\\), total 0$"
	# another run of the tool sees it: persistent by default
	tool cache show tt-a
	expect_ok "cache show tt-a"
	expect_match "show" "$OUT" "^cache tt-a: object size 100, .*, persistent$"
	tool -j cache show tt-a
	expect_ok "-j cache show tt-a"
	expect_eq "JSON lines" "$(printf '%s\n' "$OUT" | wc -l)" 1
	expect_match "JSON" "$OUT" '^\{"cache":\{"name":"tt-a","object_size":100,"stride":[0-9]+,"align":[0-9]+,"persistent":true,"kmalloc":false,"flags":\["red-zone","poison","ctor"\],"ctor":42,'
	expect_eq "stride vs slabinfo's objsize" "$(json_get stride)" "$(slabinfo_line tt-a | awk '{ print $4 }')"
	expect_eq "objects per slab vs slabinfo" "$(json_get obj_per_slab)" "$(slabinfo_line tt-a | awk '{ print $5 }')"

	# the table: a row per line of slabinfo, ours among them
	tool cache show
	expect_ok "cache show"
	expect_match "the table's head" "$OUT" "^NAME +SIZE +STRIDE +ALIGN +OBJ/SLAB +ORDER +SLABS +OBJS +ACTIVE +LIVE +REQUESTED +GRANTED +FLAGS$"
	expect_eq "rows" "$(($(printf '%s\n' "$OUT" | wc -l) - 1))" "$(($(wc -l < /proc/mmlab/slabinfo) - 2))"
	expect_match "our row" "$OUT" "^tt-a +100 .* persistent,red-zone,poison,ctor$"
	expect_match "a kmalloc class" "$OUT" "^kmalloc-64 +64 +64 .* kmalloc,persistent$"

	tool cache alloc tt-a count 5
	expect_ok "cache alloc tt-a count 5"
	expect_eq "objects printed" "$(printf '%s\n' "$OUT" | grep -Ec '^tt-a handle 0x[0-9a-f]+ persistent$')" 5
	_h=$(handles_of)
	# shellcheck disable=SC2086 # the handles are words
	hold tt-a $_h
	expect_eq "live after alloc" "$(cache_num tt-a live)" 5
	expect_num_le "slabinfo's active objects" 5 "$(slabinfo_line tt-a | awk '{ print $2 }')"
	tool cache show tt-a
	expect_match "text live" "$OUT" "^  objects live 5, active [0-9]+ "
	_two=$(printf '%s\n' "$_h" | head -n 2)
	_three=$(printf '%s\n' "$_h" | tail -n 3)
	# shellcheck disable=SC2086
	tool cache free tt-a $_two
	expect_ok "cache free tt-a (two)"
	expect_eq "stdout of cache free" "$OUT" ""
	# shellcheck disable=SC2086
	let_go $_two
	expect_eq "live after freeing two" "$(cache_num tt-a live)" 3
	# without the name, by handle alone, one decimal
	_d=$(printf '%s\n' "$_three" | head -n 1)
	# shellcheck disable=SC2046
	tool cache free $((_d)) $(printf '%s\n' "$_three" | tail -n 2)
	expect_ok "cache free of three, one in decimal"
	# shellcheck disable=SC2086
	let_go $_three
	expect_eq "live after freeing all" "$(cache_num tt-a live)" 0
	tool cache destroy tt-a
	expect_ok "cache destroy tt-a"
	expect_eq "stdout of cache destroy" "$OUT" ""
	tool cache show tt-a
	one_line_error "cache show of a destroyed cache" 1 "^mmlab: cache show: No such file or directory: no such cache$"
	expect_eq "slabinfo after destroy" "$(slabinfo_line tt-a)" ""
}

# Transient caches and objects go when the tool exits; the tool says
# what they held.
cache_transient()
{
	tool cache create tt-t size 64 transient
	expect_ok "cache create transient"
	expect_match "not persistent" "$OUT" "^cache tt-t: object size 64, stride [0-9]+, align [0-9]+$"
	expect_match "the note" "$OUT" "^transient: destroyed when mmlab exits$"
	_i=0
	while [ -n "$(slabinfo_line tt-t)" ] && [ "$_i" -lt 50 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	expect_eq "slabinfo after the transient create" "$(slabinfo_line tt-t)" ""
	tool cache show tt-t
	expect_eq "exit status of show of a transient cache" "$RC" 1

	tool cache create tt-k size 64
	expect_ok "cache create tt-k"
	tool cache alloc tt-k count 3 transient
	expect_ok "cache alloc transient"
	expect_eq "objects printed" "$(printf '%s\n' "$OUT" | grep -Ec '^tt-k handle 0x[0-9a-f]+$')" 3
	expect_match "what they held" "$OUT" "^held until mmlab exited: tt-k live 3, active [0-9]+ of [0-9]+ objects in [0-9]+ slabs?$"
	tool -j cache alloc tt-k count 2 transient
	expect_ok "-j cache alloc transient"
	expect_match "JSON" "$OUT" '^\{"objects":\[\{"cache":"tt-k","handle":"0x[0-9a-f]+","persistent":false\},\{.*\}\],"held":\{"cache":"tt-k","live":2,'
	wait_live tt-k 0
	tool cache destroy tt-k
	expect_ok "cache destroy tt-k"
}

kmalloc_round_trip()
{
	_live=$(cache_num kmalloc-128 live)
	_req=$(cache_num kmalloc-128 requested)
	tool kmalloc 100 count 3
	expect_ok "kmalloc 100 count 3"
	expect_eq "objects printed" "$(printf '%s\n' "$OUT" | grep -Ec '^kmalloc-128 handle 0x[0-9a-f]+ requested 100 granted 128 persistent$')" 3
	_h=$(handles_of)
	# shellcheck disable=SC2086
	hold kmalloc $_h
	expect_eq "kmalloc-128 live" "$(cache_num kmalloc-128 live)" $((_live + 3))
	expect_eq "kmalloc-128 requested" "$(cache_num kmalloc-128 requested)" $((_req + 300))
	tool cache show kmalloc-128
	expect_match "requested vs granted" "$OUT" "^  kmalloc requested .* of .* granted$"
	tool kmalloc 9K
	expect_ok "kmalloc 9K"
	expect_match "a large one" "$OUT" "^kmalloc-large handle 0x[0-9a-f]+ requested 9216 granted 16384 persistent$"
	_l=$(handles_of)
	hold kmalloc "$_l"
	tool -j kmalloc 1
	expect_ok "-j kmalloc 1"
	expect_match "JSON" "$OUT" '^\{"objects":\[\{"cache":"kmalloc-8","handle":"0x[0-9a-f]+","requested":1,"granted":8,"persistent":true\}\]\}$'
	_e=$(printf '%s\n' "$OUT" | sed -n 's/.*"handle":"\(0x[0-9a-f]*\)".*/\1/p')
	hold kmalloc "$_e"
	# shellcheck disable=SC2086
	tool kfree $_h "$_l" "$_e"
	expect_ok "kfree"
	# shellcheck disable=SC2086
	let_go $_h "$_l" "$_e"
	expect_eq "kmalloc-128 live after kfree" "$(cache_num kmalloc-128 live)" "$_live"
	expect_eq "kmalloc-128 requested after kfree" "$(cache_num kmalloc-128 requested)" "$_req"

	tool kmalloc 100 transient
	expect_ok "kmalloc transient"
	expect_match "what it held" "$OUT" "^held until mmlab exited: kmalloc-128 live $((_live + 1)), "
	wait_live kmalloc-128 "$_live"
}

# The kernel's refusals: exit 1, one line with errno and its reason,
# nothing changed.
slab_refusals()
{
	tool cache create tt-b size 200
	expect_ok "cache create tt-b"
	tool cache alloc tt-b
	_b=$(handles_of)
	hold tt-b "$_b"
	tool kmalloc 40
	_k=$(handles_of)
	hold kmalloc "$_k"
	_n=$(wc -l < /proc/mmlab/slabinfo)
	for _c in "cache create kmalloc-64 size 64|File exists: a cache of that name exists" \
		  "cache create tt-b size 64|File exists: a cache of that name exists" \
		  "cache create tt/x size 64|Invalid argument: a cache name is 1..31 printable characters, no space or ./." \
		  "cache create tt-x size 2M|Invalid argument: object size out of range \\(1..1 MiB\\)" \
		  "cache create tt-x size 64 align 8192|Invalid argument: alignment is 0 or a power of two up to a page" \
		  "cache destroy kmalloc-64|Operation not permitted: the kmalloc classes belong to the module" \
		  "cache destroy tt-none|No such file or directory: no such cache" \
		  "cache destroy tt-b|Device or resource busy: objects in use \\(the kernel log lists them\\)" \
		  "cache show tt-none|No such file or directory: no such cache" \
		  "cache alloc tt-none|No such file or directory: no such cache" \
		  "cache free 0x99|No such file or directory: no such object \\(never allocated, or freed\\)" \
		  "cache free $_b $_b|Invalid argument: handle given twice" \
		  "cache free $_k|Invalid argument: object of another cache" \
		  "cache free kmalloc-64 $_b|Invalid argument: object of another cache" \
		  "kfree $_b|Invalid argument: not a kmalloc object \\(cache-free frees it\\)" \
		  "kmalloc 2G|Invalid argument: size out of range \\(1..1 GiB\\)"; do
		# shellcheck disable=SC2086 # split the command words
		set -- ${_c%%|*}
		_what=$1
		[ "$1" != cache ] || _what="$1 $2"
		tool "$@"
		one_line_error "'${_c%%|*}'" 1 "^mmlab: $_what: ${_c#*|}$"
	done
	expect_eq "caches after the refusals" "$(wc -l < /proc/mmlab/slabinfo)" "$_n"
	expect_eq "tt-b's object after the refusals" "$(cache_num tt-b live)" 1
	tool cache free tt-b "$_b"
	expect_ok "cache free tt-b"
	tool kfree "$_k"
	expect_ok "kfree"
	let_go "$_b" "$_k"
	tool cache destroy tt-b
	expect_ok "cache destroy tt-b"
}

# Mutations need CAP_SYS_ADMIN; reading is open.
slab_nobody()
{
	_n=$(wc -l < /proc/mmlab/slabinfo)
	for _cmd in "cache create tt-n size 64" "cache destroy kmalloc-64" \
		    "cache alloc kmalloc-64" "cache free 0x1" "kmalloc 64" \
		    "kfree 0x1"; do
		nobody_refused "$_cmd" "^mmlab: [a-z ]+: Operation not permitted$"
	done
	expect_eq "caches after nobody's attempts" "$(wc -l < /proc/mmlab/slabinfo)" "$_n"
	for _cmd in "cache show" "cache show kmalloc-64" "slabtop -o"; do
		RC=0
		# shellcheck disable=SC2086
		mmlab_as_nobody "$MMLAB_TOOL" $_cmd > /dev/null 2> "$MMLAB_TMP/err" || RC=$?
		expect_eq "$_cmd as nobody" "$RC" 0
	done
}

# slabtop -o: procps' head and columns; every cache of slabinfo with its
# numbers; sorted as asked; the loss as tools/mm/slabinfo.c has it.
slabtop_once()
{
	tool cache create tt-s size 200
	expect_ok "cache create tt-s"
	tool cache alloc tt-s count 10
	expect_ok "cache alloc tt-s count 10"
	_h=$(handles_of)
	# shellcheck disable=SC2086
	hold tt-s $_h

	tool slabtop -o
	expect_ok "slabtop -o"
	expect_eq "stderr of slabtop -o" "$ERR" ""
	expect_match "head" "$OUT" "^ Active / Total Objects \\(% used\\) +: [0-9]+ / [0-9]+ \\([0-9.]+%\\)$"
	expect_match "loss in the head" "$OUT" "^ Live objects / Loss / Efficiency +: [0-9]+ / [0-9.]+K / [0-9.]+%$"
	expect_match "columns" "$OUT" "^  OBJS ACTIVE  USE OBJ SIZE  SLABS OBJ/SLAB CACHE SIZE +LOSS  EFF NAME$"
	_kb=$(($(mmlab_status PageSize) / 1024))
	# "name objs active slabs per-slab cache-size-K" from both
	printf '%s\n' "$OUT" | awk '/^ +OBJS ACTIVE/ { f = 1; next }
		f { print $10, $1, $2, $5, $6, $7 }' | sort > "$MMLAB_TMP/st.rows"
	awk -v kb="$_kb" 'NR > 2 { printf "%s %s %s %s %s %dK\n", $1, $3, $2, $15, $5, $15 * $6 * kb }' \
		/proc/mmlab/slabinfo | sort > "$MMLAB_TMP/si.rows"
	expect_eq "slabtop -o vs /proc/mmlab/slabinfo" "$(cat "$MMLAB_TMP/st.rows")" "$(cat "$MMLAB_TMP/si.rows")"
	expect_num_le "caches" 14 "$(wc -l < "$MMLAB_TMP/st.rows")"
	expect_eq "sorted by objects" "$(printf '%s\n' "$OUT" | awk '/^ +OBJS ACTIVE/ { f = 1; next }
		f { if (seen && $1 + 0 > last) bad = 1; last = $1 + 0; seen = 1 }
		END { print bad + 0 }')" 0
	expect_match "our row" "$OUT" "^ +[0-9]+ +[0-9]+ +[0-9]+% +0\\.[0-9]{2}K +[0-9]+ +[0-9]+ +[0-9]+K +[0-9.]+K +[0-9]+% tt-s$"

	# -s n: by name; -s L: by loss
	tool slabtop -o -s n
	expect_ok "slabtop -o -s n"
	_names=$(printf '%s\n' "$OUT" | awk '/^ +OBJS ACTIVE/ { f = 1; next } f { print $10 }')
	expect_eq "sorted by name" "$_names" "$(printf '%s\n' "$_names" | LC_ALL=C sort)"
	tool slabtop --once --sort=L
	expect_ok "slabtop --once --sort=L"
	expect_eq "sorted by loss" "$(printf '%s\n' "$OUT" | awk '/^ +OBJS ACTIVE/ { f = 1; next } f { l = $8; sub(/K$/, "", l); if (seen && l + 0 > last + 0) bad = 1; last = l; seen = 1 } END { print bad + 0 }')" 0

	# JSON: the loss is the slabs' bytes less the live objects'
	tool -j slabtop -o
	expect_ok "-j slabtop -o"
	expect_eq "JSON lines" "$(printf '%s\n' "$OUT" | wc -l)" 1
	expect_match "JSON head" "$OUT" '^\{"slabtop":\{"sort":"objs","totals":\{"active_objs":[0-9]+,'
	_row=$(printf '%s\n' "$OUT" | grep -o '{"name":"tt-s",[^}]*}')
	_size=$(printf '%s\n' "$_row" | sed -n 's/.*"cache_size":\([0-9]*\),.*/\1/p')
	expect_match "tt-s in JSON" "$_row" '"live":10,.*"object_size":200,'
	expect_eq "slabs' bytes" "$_size" "$(slabinfo_line tt-s | awk -v p="$(mmlab_status PageSize)" '{ print $15 * $6 * p }')"
	expect_match "loss" "$_row" "\"loss\":$((_size - 2000)),"

	# shellcheck disable=SC2086
	tool cache free tt-s $_h
	expect_ok "cache free tt-s"
	# shellcheck disable=SC2086
	let_go $_h
	tool cache destroy tt-s
	expect_ok "cache destroy tt-s"
}

# Without -o and off a terminal: a screen every delay until SIGINT.
slabtop_batch()
{
	"$MMLAB_TOOL" slabtop -d 0.2 > "$MMLAB_TMP/slabtop" 2>&1 &
	_pid=$!
	sleep 2
	kill -INT "$_pid"
	_rc=0
	wait "$_pid" || _rc=$?
	expect_eq "exit status of slabtop after SIGINT" "$_rc" 0
	expect_num_le "screens" 2 "$(grep -c '^ Active / Total Objects' "$MMLAB_TMP/slabtop")"
	expect_eq "errors of slabtop" "$(grep -c '^mmlab:' "$MMLAB_TMP/slabtop")" 0
}

# slabtop --svg: bars a cache, their numbers in the <title>s, well formed
# as far as a shell can tell (xmllint checks it in test-unit).
slabtop_svg()
{
	tool cache create tt-w size 512
	expect_ok "cache create tt-w"
	tool cache alloc tt-w count 3
	_h=$(handles_of)
	# shellcheck disable=SC2086
	hold tt-w $_h
	rm -f "$MMLAB_TMP/s.svg"
	tool slabtop --svg "$MMLAB_TMP/s.svg" -s n
	expect_ok "slabtop --svg"
	expect_eq "stdout of slabtop --svg" "$OUT" ""
	_svg=$(cat "$MMLAB_TMP/s.svg")
	expect_eq "first line" "$(head -n 1 "$MMLAB_TMP/s.svg")" '<?xml version="1.0" encoding="UTF-8"?>'
	expect_match "second line" "$(sed -n 2p "$MMLAB_TMP/s.svg")" '^<svg xmlns="http://www.w3.org/2000/svg" '
	expect_eq "last line" "$(tail -n 1 "$MMLAB_TMP/s.svg")" "</svg>"
	[ ! -e "$MMLAB_TMP/s.svg.tmp" ] || mmlab_bad "temporary file left"
	expect_eq "<g> and </g>" "$(grep -c '^<g ' "$MMLAB_TMP/s.svg")" "$(grep -c '^</g>$' "$MMLAB_TMP/s.svg")"
	expect_eq "<text> and </text>" "$(grep -c '<text ' "$MMLAB_TMP/s.svg")" "$(grep -c '</text>$' "$MMLAB_TMP/s.svg")"
	expect_eq "lines that are no element" "$(grep -vc '^<' "$MMLAB_TMP/s.svg")" 0
	_caches=$(($(wc -l < /proc/mmlab/slabinfo) - 2))
	expect_match "title" "$_svg" "<title>mmlab slabtop: $_caches caches by name</title>"
	expect_match "tt-w's objects" "$_svg" "<title>objects: .* tt-w:$(slabinfo_line tt-w | awk '{ print $3 }')( |<)"
	expect_match "tt-w's live objects" "$_svg" "<title>live: .* tt-w:3( |<)"
	expect_eq "bars" "$(grep -c '^<rect x="[0-9]*" y="[0-9]*" width="7" ' "$MMLAB_TMP/s.svg")" $((6 * _caches))
	tool slabtop --svg "$MMLAB_TMP/no/such/dir/s.svg"
	one_line_error "an unwritable SVG" 1 "^mmlab: slabtop: .*: No such file or directory$"
	# shellcheck disable=SC2086
	tool cache free tt-w $_h
	# shellcheck disable=SC2086
	let_go $_h
	tool cache destroy tt-w
	expect_ok "cache destroy tt-w"
}

# Usage errors of the slab commands are found before any request.
slab_usage_no_request()
{
	_n=$(mmlab_stat nl_requests)
	for _cmd in "cache create" "cache create tt-u" "cache create tt-u size 0" \
		    "cache create tt-u size 64 flags bogus" \
		    "cache create tt-u size 64 mt movable" "cache alloc" \
		    "cache alloc tt-u count 0" "cache free" "cache free tt-u 0xg" \
		    "cache bogus" "kmalloc" "kmalloc 0" "kfree" "kfree x" \
		    "slabtop -d 0" "slabtop -s q" "slabtop bogus" \
		    "-j slabtop --svg x"; do
		# shellcheck disable=SC2086
		tool $_cmd
		expect_eq "exit status of '$_cmd'" "$RC" 2
		expect_eq "error lines of '$_cmd'" "$(printf '%s\n' "$ERR" | wc -l)" 1
	done
	expect_eq "requests sent by usage errors" "$(mmlab_stat nl_requests)" "$_n"
}

# --- the software MMU: spaces, translate, the TLB, access -----------------

# The spaces the MMU cases made (one id a line, $MMLAB_TMP/spaces): the
# exit hook destroys what a failed case left, and puts the TLB back.
space_leftovers()
{
	if [ -s "$MMLAB_TMP/spaces" ]; then
		while read -r _sl_id; do
			"$MMLAB_TOOL" space destroy "$_sl_id" > /dev/null 2>&1
		done < "$MMLAB_TMP/spaces"
	fi
	"$MMLAB_TOOL" tlb set > /dev/null 2>&1
	return 0
}

# space_id: the id of the space $OUT prints ("space ID: ..."), noted
# for the exit hook
space_id()
{
	_si=$(printf '%s\n' "$OUT" | sed -n '1s/^space \([0-9][0-9]*\): .*/\1/p')
	[ -n "$_si" ] && echo "$_si" >> "$MMLAB_TMP/spaces"
	echo "$_si"
}

# space_gone ID: destroyed, and no more in the exit hook's list
space_gone()
{
	grep -vx "$1" "$MMLAB_TMP/spaces" > "$MMLAB_TMP/spaces.new"
	mv "$MMLAB_TMP/spaces.new" "$MMLAB_TMP/spaces"
}

# mmu_spaces: the spaces the MMU has, from -j arena show
mmu_spaces()
{
	tool -j arena show
	json_get spaces
}

# The ids of the spaces the cases below share.
MMU_S=
MMU_C=
MMU_A=
MMU_I=
MMU_SPACES0=

space_lifecycle()
{
	mmlab_on_exit space_leftovers
	: > "$MMLAB_TMP/spaces"
	MMU_SPACES0=$(mmu_spaces)
	expect_match "-j arena show has the MMU" "$MMU_SPACES0" '^[0-9]+$'
	tool space create geometry x86-32
	expect_ok "space create geometry x86-32"
	expect_match "create's reply" "$OUT" \
		"^space [0-9]+: x86-32 \\(10/10/12\\), 2 levels, 32-bit addresses, 4-byte entries, persistent$"
	expect_match "a new space" "$OUT" "^  regions 0, rss 0 pages, table frames [1-9][0-9]*$"
	expect_match "no access yet" "$OUT" "^  accesses 0: reads 0, writes 0, execs 0$"
	MMU_S=$(space_id)
	[ -n "$MMU_S" ] || { mmlab_bad "no space id in: $OUT"; return 1; }
	expect_eq "spaces in arena show" "$(mmu_spaces)" $((MMU_SPACES0 + 1))
	tool arena show
	expect_match "arena show's MMU" "$OUT" \
		"^mmu [0-9]+ spaces?, [0-9]+ shared objects?: [0-9]+ data frames, [0-9]+ table frames, [0-9]+ pages mapped$"

	# another run of the tool sees it: persistent by default
	tool space show "$MMU_S"
	expect_ok "space show $MMU_S"
	expect_match "show" "$OUT" "^space $MMU_S: x86-32 \\(10/10/12\\), 2 levels, .*, persistent$"
	tool -j space show "$MMU_S"
	expect_ok "-j space show $MMU_S"
	expect_eq "JSON lines" "$(printf '%s\n' "$OUT" | wc -l)" 1
	expect_match "JSON" "$OUT" \
		"^\\{\"space\":\\{\"id\":$MMU_S,\"geometry\":\"x86-32\",\"split\":\"10/10/12\",\"levels\":2,\"bits\":\\[10,10\\],\"offset_bits\":12,\"va_bits\":32,\"pte_size\":4,\"inverted\":false,\"owner\":0,\"persistent\":true,\"regions\":0,\"rss\":0,"
	expect_match "JSON access" "$OUT" '"access":\{"accesses":0,.*"faults_total":0\}\}\}$'
	tool space show
	expect_ok "space show"
	expect_match "the table's head" "$OUT" \
		"^ +ID GEOMETRY +LEVELS +VA INVERTED REGIONS +RSS +TABLES +ACCESSES +TLB HITS +WALKS +FAULTS OWNER$"
	expect_match "our row" "$OUT" "^ +$MMU_S x86-32 +2 +32 no +0 +0 +[0-9]+ +0 +0 +0 +0 persistent$"
	expect_eq "rows: the spaces of arena show" \
		"$(($(printf '%s\n' "$OUT" | wc -l) - 1))" "$(mmu_spaces)"
	tool -j space show
	expect_match "the dump in JSON" "$OUT" "^\\{\"spaces\":\\[.*\\{\"id\":$MMU_S,\"geometry\":\"x86-32\","

	# a transient space goes when the tool exits
	tool space create geometry sv39 transient
	expect_ok "space create transient"
	expect_match "sv39" "$OUT" "^space [0-9]+: sv39 \\(9/9/9/12\\), 3 levels, 39-bit addresses, 8-byte entries, owner [0-9]+$"
	expect_match "the note" "$OUT" "^transient: destroyed when mmlab exits$"
	_t=$(printf '%s\n' "$OUT" | sed -n '1s/^space \([0-9]*\): .*/\1/p')
	_i=0
	while tool space show "$_t" && [ "$RC" -eq 0 ] && [ "$_i" -lt 50 ]; do
		sleep 0.1
		_i=$((_i + 1))
	done
	one_line_error "space show of a transient space" 1 "^mmlab: space show: No such file or directory"
	expect_eq "spaces after the transient one" "$(mmu_spaces)" $((MMU_SPACES0 + 1))
}

# The textbook's walk: 0x00403004 on x86-32 is index 1 of the top table,
# index 3 of the second, offset 4.
space_translate()
{
	[ -n "$MMU_S" ] || return "$KSFT_SKIP"
	tool space map "$MMU_S" 0x00400000 16K
	expect_ok "space map data"
	expect_eq "stdout of a private map" "$OUT" ""
	tool space write "$MMU_S" 0x00403004 hello
	expect_ok "space write"
	expect_eq "stdout of space write" "$OUT" ""
	tool space read "$MMU_S" 0x00403000 16
	expect_ok "space read"
	expect_eq "read back" "$OUT" \
		"00403000  00 00 00 00 68 65 6c 6c  6f 00 00 00 00 00 00 00  |....hello.......|"
	tool -j space read "$MMU_S" 0x00403004 5
	expect_eq "read back in JSON" "$OUT" '{"addr":"0x403004","length":5,"data":"68656c6c6f"}'
	tool space show "$MMU_S"
	expect_match "one page" "$OUT" "^  regions 1, rss 1 pages, table frames [0-9]+$"
	expect_match "the page's fault" "$OUT" "^  faults 1: zero 1, "

	tool translate "$MMU_S" 0x00403004
	expect_ok "translate 0x00403004"
	expect_eq "stderr of translate" "$ERR" ""
	expect_match "head" "$OUT" "^translate 0x00403004 in space $MMU_S: x86-32 \\(10/10/12\\), 2 levels, 4-byte entries$"
	expect_match "fields" "$OUT" "^ +level 0 +level 1 +offset$"
	expect_match "bits" "$OUT" "^  bits +31\\.\\.22 +21\\.\\.12 +11\\.\\.0$"
	expect_match "binary" "$OUT" "^  binary +0000000001 +0000000011 +000000000100$"
	expect_match "PT1 1, PT2 3, offset 4" "$OUT" "^  index +1 +3 +4$"
	expect_match "level 0" "$OUT" \
		"^  level 0: table at frame [0-9]+, entry 1 = 0x[0-9a-f]{8} P R W X -> level 1 table at frame [0-9]+$"
	expect_match "level 1" "$OUT" \
		"^  level 1: table at frame [0-9]+, entry 3 = 0x[0-9a-f]{8} P R W A D -> page frame [0-9]+$"
	_t1=$(printf '%s\n' "$OUT" | sed -n 's/^  level 0: .* -> level 1 table at frame \([0-9]*\)$/\1/p')
	expect_match "the level 1 table is the one level 0 names" "$OUT" \
		"^  level 1: table at frame $_t1, "
	_f=$(printf '%s\n' "$OUT" | sed -n 's/^  level 1: .* -> page frame \([0-9]*\)$/\1/p')
	expect_match "frame, offset, arena address" "$OUT" \
		"^  page frame $_f, offset 0x004: arena address $(printf '0x%x' $((_f * 4096 + 4)))$"
	expect_match "the entry names the frame" "$OUT" \
		"entry 3 = $(printf '0x%05x' "$_f")[0-9a-f]{3} "
	expect_match "reads, TLB" "$OUT" "^  2 entries read; the TLB holds the translation$"
	MMU_FRAME=$_f

	tool -j translate "$MMU_S" 0x00403004
	expect_ok "-j translate"
	expect_eq "JSON lines" "$(printf '%s\n' "$OUT" | wc -l)" 1
	expect_match "JSON fields" "$OUT" \
		'"fields":\[\{"level":0,"high":31,"low":22,"bits":10,"index":1\},\{"level":1,"high":21,"low":12,"bits":10,"index":3\}\]'
	expect_match "JSON result" "$OUT" \
		"\"result\":\"mapped\",\"pte\":\"0x[0-9a-f]+\",\"present\":true,\"frame\":$_f,\"physical\":\"$(printf '0x%x' $((_f * 4096 + 4)))\",\"reads\":2,\"tlb_cached\":true\\}\\}$"
	expect_match "JSON offset" "$OUT" '"offset_bits":12,"offset":4,'

	# no level 1 table for 0x00800000; a table but no page at 0x00400000
	tool translate "$MMU_S" 0x00800000
	expect_ok "translate of an address without a table"
	expect_match "stopped" "$OUT" "^  stopped at level 0: no level 1 table covers the address: not mapped$"
	expect_match "one entry read" "$OUT" "^  1 entry read; the TLB does not hold it$"
	tool translate "$MMU_S" 0x00400000
	expect_match "no page" "$OUT" "^  not present: no page is mapped at the address$"
	tool -j translate "$MMU_S" 0x00400000
	expect_match "JSON not present" "$OUT" '"result":"not-present","pte":"0x0","present":false,"reads":2,'
	# an inspection: it counts nothing
	tool space show "$MMU_S"
	# write, read, read: translations are no accesses
	expect_match "translations are no accesses" "$OUT" "^  accesses 3: reads 2, writes 1, execs 0$"
	# open to every user
	RC=0
	mmlab_as_nobody "$MMLAB_TOOL" translate "$MMU_S" 0x00403004 > "$MMLAB_TMP/out" 2>&1 || RC=$?
	expect_eq "translate as nobody" "$RC" 0
}

# clone: copy on write, shared regions shared; maps, protect, grow, unmap
space_clone_maps()
{
	[ -n "$MMU_S" ] || return "$KSFT_SKIP"
	tool space map "$MMU_S" 0x00600000 8K kind shared
	expect_ok "space map shared"
	expect_match "the new object" "$OUT" "^shm [0-9]+$"
	_shm=$(printf '%s\n' "$OUT" | sed -n 's/^shm //p')
	tool space map "$MMU_S" 0x00800000 8K kind heap
	expect_ok "space map heap"
	tool space map "$MMU_S" 0xbfffe000 0x2000 kind stack
	expect_ok "space map stack"
	tool space map "$MMU_S" 0x00100000 4096 kind code
	expect_ok "space map code"
	tool space write "$MMU_S" 0x00600000 shared-data
	expect_ok "space write shared"
	tool space maps "$MMU_S"
	expect_ok "space maps"
	expect_eq "maps" "$OUT" "00100000-00101000 r-xp code   rss 0
00400000-00404000 rw-p data   rss 1
00600000-00602000 rw-s shared shm $_shm rss 1
00800000-00802000 rw-p heap   rss 0
bfffe000-c0000000 rw-p stack  rss 0"
	tool -j space maps "$MMU_S"
	expect_match "JSON maps" "$OUT" \
		"\\{\"start\":\"0x600000\",\"end\":\"0x602000\",\"prot\":\"rw-\",\"kind\":\"shared\",\"shm\":$_shm,\"pgoff\":0,\"rss\":1\\}"

	tool space clone "$MMU_S"
	expect_ok "space clone"
	expect_match "the child" "$OUT" "^space [0-9]+: x86-32 \\(10/10/12\\), 2 levels, .*, persistent$"
	# the private page, copy on write; the shared one faults in anew
	expect_match "the child's regions and page" "$OUT" "^  regions 5, rss 1 pages, "
	MMU_C=$(space_id)
	[ -n "$MMU_C" ] || { mmlab_bad "no child id in: $OUT"; return 1; }
	tool translate "$MMU_C" 0x00403004
	expect_match "the child maps the parent's frame, copy on write" "$OUT" \
		"^  level 1: .* P R( A)? D COW -> page frame $MMU_FRAME$"
	tool translate "$MMU_S" 0x00403004
	expect_match "so does the parent" "$OUT" "^  level 1: .* COW -> page frame $MMU_FRAME$"
	tool space write "$MMU_C" 0x00403004 HELLO
	expect_ok "space write in the child"
	tool space read "$MMU_C" 0x00403004 5
	expect_match "the child's copy" "$OUT" "\\|HELLO\\|$"
	tool space read "$MMU_S" 0x00403004 5
	expect_match "the parent's page" "$OUT" "\\|hello\\|$"
	tool translate "$MMU_C" 0x00403004
	expect_no_match "the child's own frame" "$OUT" " -> page frame $MMU_FRAME$"
	expect_match "writable, no more COW" "$OUT" "^  level 1: .* P R W A D -> page frame [0-9]+$"
	tool space show "$MMU_C"
	expect_match "a copy-on-write copy" "$OUT" ", cow-copy 1, "
	# the shared region is shared
	tool space write "$MMU_C" 0x00600000 SHARED
	tool space read "$MMU_S" 0x00600000 6
	expect_match "the parent sees the child's write" "$OUT" "\\|SHARED\\|$"

	# protect: read only, then a write is refused
	tool space protect "$MMU_S" 0x00400000 16K r
	expect_ok "space protect r"
	expect_eq "stdout of protect" "$OUT" ""
	tool space maps "$MMU_S"
	expect_match "read only" "$OUT" "^00400000-00404000 r--p data +rss 1$"
	tool space write "$MMU_S" 0x00403004 x
	one_line_error "a write to a read-only region" 1 "^mmlab: space write: Bad address"
	tool translate "$MMU_S" 0x00403004
	expect_no_match "no W in the leaf" "$OUT" "^  level 1: .* W .* -> page frame"

	# grow the heap and the stack, shrink the heap, unmap
	tool space grow "$MMU_S" 0x00800000 2
	expect_ok "space grow heap"
	expect_eq "the heap's new end" "$OUT" "edge 0x804000"
	tool -j space grow "$MMU_S" 0x00800000 -1
	expect_ok "space grow heap -1"
	expect_eq "the heap's end, JSON" "$OUT" '{"edge":"0x803000"}'
	tool space grow "$MMU_S" 0xbffff000 1
	expect_ok "space grow stack"
	expect_eq "the stack's new start" "$OUT" "edge 0xbfffd000"
	tool space unmap "$MMU_S" 0x00800000 0x3000
	expect_ok "space unmap"
	expect_eq "stdout of unmap" "$OUT" ""
	tool space maps "$MMU_S"
	expect_no_match "no heap" "$OUT" " heap "
	expect_match "the stack" "$OUT" "^bfffd000-c0000000 rw-p stack +rss 0$"
	expect_eq "regions" "$(printf '%s\n' "$OUT" | wc -l)" 4
}

TLB_HEAD='^tlb [0-9]+ entries: [0-9]+ sets of [0-9]+ ways?, (lru|random), with(out)? ASIDs; [0-9]+ valid$'

tlb_show_set()
{
	tool tlb show
	expect_ok "tlb show"
	expect_match "head" "$OUT" "$TLB_HEAD"
	expect_match "counters" "$OUT" "^  hits [0-9]+, misses [0-9]+: hit ratio [0-9]+\\.[0-9]%; fills [0-9]+, evictions [0-9]+$"
	expect_match "flushes" "$OUT" "^  flushes: all [0-9]+ \\([0-9]+ on a switch of spaces\\), of a space [0-9]+, of a range [0-9]+; [0-9]+ entries invalidated$"
	tool tlb set entries 16 ways 2 repl random
	expect_ok "tlb set entries 16 ways 2 repl random"
	expect_match "the new TLB" "$OUT" "^tlb 16 entries: 8 sets of 2 ways, random, with ASIDs; 0 valid$"
	expect_match "its counters" "$OUT" "^  hits 0, misses 0: hit ratio 0\\.0%; fills 0, evictions 0$"
	tool -j tlb show
	expect_ok "-j tlb show"
	expect_match "JSON" "$OUT" \
		'^\{"tlb":\{"entries":16,"sets":8,"ways":2,"repl":"random","no_asid":false,"valid":0,"hits":0,"misses":0,"hit_ratio":0\.000,.*"contents":\[\]\}\}$'
	# what set leaves out takes the defaults, not the old TLB's values
	tool tlb set no-asid
	expect_ok "tlb set no-asid"
	expect_match "defaults, no ASIDs" "$OUT" "^tlb 64 entries: 16 sets of 4 ways, lru, without ASIDs; 0 valid$"
	tool tlb set entries 8 ways 8
	expect_match "fully associative" "$OUT" "^tlb 8 entries: 1 set of 8 ways, lru, with ASIDs; 0 valid$"
	# entries after a read: one row a page, its space and frame
	tool space read "$MMU_S" 0x00403004 1
	tool tlb show
	expect_match "valid" "$OUT" "; 1 valid$"
	expect_match "the head of the rows" "$OUT" "^  SET  WAY  SPACE +VPN +FRAME PROT DIRTY$"
	expect_match "the row" "$OUT" "^ +0 +[0-9] +$MMU_S +0x403 +$MMU_FRAME r-- +(yes|no)$"
	tool -j tlb show
	expect_match "the row in JSON" "$OUT" \
		"\"contents\":\\[\\{\"set\":0,\"way\":[0-9],\"space\":$MMU_S,\"vpn\":\"0x403\",\"frame\":$MMU_FRAME,\"prot\":\"r--\",\"dirty\":(true|false)\\}\\]"
	tool tlb set
	expect_match "the defaults" "$OUT" "^tlb 64 entries: 16 sets of 4 ways, lru, with ASIDs; 0 valid$"
}

# tools/mmlab/traces/x86-32.refs, which explains every line
write_x86_32_refs()
{
	cat > "$1" <<'REFS'
# code at 0x00400000 (2 pages, r-x), data at 0x00600000 (2 pages, rw-)
X 0x00400000
X 0x00400004
X 0x00401000
R 0x00600000
W 0x00600008
R 0x00600010
W 0x00601000
R 0x00601ff8
X 0x00400008
W 0x00400000
R 0x00800000
r 0x00403004
REFS
}

ACCESS_LINES="  accesses 12: reads 5, writes 3, execs 4
  TLB hits 6, misses 6: hit ratio 50.0%
  walks 8, entries read 14: 1.750 a walk; level 0 8 (1.000), level 1 6 (0.750)
  faults 7: zero 4, shared 0, cow-copy 0, cow-reuse 0, segv 2, prot 1, oom 0"

# The example trace on a fresh x86-32 space and an empty TLB: its totals
# are worked out in the trace, reference by reference.
access_trace()
{
	tool space create geometry x86-32
	expect_ok "space create for access"
	MMU_A=$(space_id)
	[ -n "$MMU_A" ] || { mmlab_bad "no space id in: $OUT"; return 1; }
	tool space map "$MMU_A" 0x00400000 8K kind code
	expect_ok "space map code"
	tool space map "$MMU_A" 0x00600000 8K
	expect_ok "space map data"
	write_x86_32_refs "$MMLAB_TMP/x86-32.refs"
	tool tlb set
	expect_ok "tlb set"
	tool access "$MMU_A" --trace "$MMLAB_TMP/x86-32.refs"
	expect_ok "access --trace x86-32.refs"
	expect_eq "stderr of access" "$ERR" ""
	expect_eq "the totals" "$OUT" "trace $MMLAB_TMP/x86-32.refs: space $MMU_A (x86-32), 12 references in 1 batch
$ACCESS_LINES"
	tool space show "$MMU_A"
	expect_eq "the space's accesses are the trace's" \
		"$(printf '%s\n' "$OUT" | sed -n '3,6p')" "$ACCESS_LINES"
	expect_match "4 pages" "$OUT" "^  regions 2, rss 4 pages, "
	tool tlb show
	expect_match "the TLB's 4 pages" "$OUT" "; 4 valid$"
	expect_match "its counters" "$OUT" "^  hits 6, misses 6: hit ratio 50\\.0%; fills 4, evictions 0$"
	expect_eq "rows of the space" "$(printf '%s\n' "$OUT" | grep -Ec "^ +[0-9]+ +[0-9]+ +$MMU_A +0x(400|401|600|601) ")" 4
	expect_match "a dirty data page" "$OUT" "^ +[0-9]+ +[0-9]+ +$MMU_A +0x600 +[0-9]+ rw- +yes$"
	expect_match "a clean code page" "$OUT" "^ +[0-9]+ +[0-9]+ +$MMU_A +0x400 +[0-9]+ r-x +no$"

	# again, from stdin, in JSON: the pages are there, the TLB warm but
	# for the two pages nothing maps (misses and walks: segv again)
	RC=0
	"$MMLAB_TOOL" -j access "$MMU_A" --trace - < "$MMLAB_TMP/x86-32.refs" \
		> "$MMLAB_TMP/out" 2> "$MMLAB_TMP/err" || RC=$?
	OUT=$(cat "$MMLAB_TMP/out")
	expect_ok "-j access --trace -"
	expect_match "JSON" "$OUT" \
		"^\\{\"access\":\\{\"trace\":\"-\",\"space\":$MMU_A,\"references\":12,\"batches\":1,\"accesses\":12,\"reads\":5,\"writes\":3,\"execs\":4,\"tlb_hits\":10,\"tlb_misses\":2,"
	expect_match "no new page" "$OUT" '"faults":\{"zero":0,"shared":0,"cow_copy":0,"cow_reuse":0,"segv":2,"prot":1,"oom":0\},"faults_total":3,"events_dropped":0\}\}$'

	# 10000 references: three batches, summed
	awk 'BEGIN { for (i = 0; i < 10000; i++) printf "R 0x%x\n", 0x600000 + (i % 2) * 4096 + (i * 8) % 4096 }' \
		> "$MMLAB_TMP/long.refs"
	tool access "$MMU_A" --trace "$MMLAB_TMP/long.refs"
	expect_ok "access of 10000 references"
	expect_match "three batches" "$OUT" ": space $MMU_A \\(x86-32\\), 10000 references in 3 batches$"
	expect_match "all run" "$OUT" "^  accesses 10000: reads 10000, writes 0, execs 0$"
	expect_match "all hits" "$OUT" "^  TLB hits 10000, misses 0: hit ratio 100\\.0%$"

	# an address beyond the space: refused before anything runs
	printf 'R 0x1000\nR 0x100000000\n' > "$MMLAB_TMP/far.refs"
	tool space show "$MMU_A"
	_before=$(printf '%s\n' "$OUT" | sed -n 3p)
	tool access "$MMU_A" --trace "$MMLAB_TMP/far.refs"
	one_line_error "access beyond the space" 1 \
		"^mmlab: access: $MMLAB_TMP/far.refs:2: address 0x100000000 is beyond the 32-bit addresses of space $MMU_A$"
	tool space show "$MMU_A"
	expect_eq "nothing ran" "$(printf '%s\n' "$OUT" | sed -n 3p)" "$_before"
}

segv_once()
{
	printf 'R 0x00900000\n' | "$MMLAB_TOOL" access "$MMU_A" --trace - > /dev/null ||
		mmlab_bad "access failed"
}

# A fault is an event.
monitor_fault()
{
	[ -n "$MMU_A" ] || return "$KSFT_SKIP"
	monitor_until_event segv_once || return 1
	expect_match "the event" "$(cat "$MMLAB_TMP/mon")" \
		"^seq [0-9]+ fault space $MMU_A segv read 0x900000$"
}

# An inverted space: the hash bucket and the chain.
space_inverted()
{
	tool space create inverted
	expect_ok "space create inverted"
	expect_match "the inverted x86-64 space" "$OUT" \
		"^space [0-9]+: x86-64 \\(9/9/9/9/12\\), inverted table, 48-bit addresses, 8-byte entries, persistent$"
	MMU_I=$(space_id)
	[ -n "$MMU_I" ] || { mmlab_bad "no space id in: $OUT"; return 1; }
	tool space map "$MMU_I" 0x00400000 8K
	tool space write "$MMU_I" 0x00400004 inverted
	expect_ok "space write inverted"
	tool translate "$MMU_I" 0x00400004
	expect_ok "translate in an inverted space"
	expect_match "head" "$OUT" "^translate 0x000000400004 in space $MMU_I: x86-64 \\(9/9/9/9/12\\), inverted table, 8-byte entries$"
	expect_match "page and offset" "$OUT" "^  virtual page 0x400, offset 0x004$"
	expect_match "the bucket" "$OUT" "^  hash anchor: bucket [0-9]+ -> slot [0-9]+$"
	expect_match "the entry" "$OUT" "^  chain: slot [0-9]+: vpn 0x400, entry 0x[0-9a-f]{16} P R W A D -> frame [0-9]+ \\(this page\\)$"
	expect_match "the frame" "$OUT" "^  page frame [0-9]+, offset 0x004: arena address 0x[0-9a-f]+$"
	tool space read "$MMU_I" 0x00400004 8
	expect_match "read back" "$OUT" "\\|inverted\\|$"
	tool arena show
	expect_match "the inverted table" "$OUT" "^  inverted table [0-9.]+ [KMG]?i?B, [1-9][0-9]* entries used$"
	tool space show "$MMU_I"
	expect_match "anchors and chains" "$OUT" "^  walks [0-9]+, entries read [0-9]+: [0-9.]+ a walk; anchors [0-9]+ \\([0-9.]+\\), chain [0-9]+ \\([0-9.]+\\)$"
}

# The kernel's refusals: exit 1, one line, errno first.
mmu_refusals()
{
	[ -n "$MMU_S" ] || return "$KSFT_SKIP"
	for _c in "space show 99999|space show: No such file or directory" \
		  "space destroy 99999|space destroy: No such file or directory" \
		  "space create geometry 7/7|space create: Invalid argument" \
		  "space map $MMU_S 0x00a00001 4K|space map: Invalid argument" \
		  "space map $MMU_S 0x00400000 4K|space map: File exists" \
		  "space map $MMU_S 0x100000000 4K|space map: Numerical result out of range" \
		  "space map $MMU_S 0x00a00000 4K shm 99999|space map: No such file or directory" \
		  "space protect $MMU_S 0x00f00000 4K r|space protect: Bad address" \
		  "space grow $MMU_S 0x00400000 1|space grow: Invalid argument" \
		  "space grow $MMU_S 0x00f00000 1|space grow: Bad address" \
		  "space read $MMU_S 0x00f00000 4|space read: Bad address" \
		  "space write $MMU_S 0x00f00000 x|space write: Bad address" \
		  "translate $MMU_S 0x100000000|translate: Numerical result out of range" \
		  "tlb set entries 6 ways 4|tlb set: Invalid argument"; do
		# shellcheck disable=SC2086 # split the command words
		tool ${_c%%|*}
		one_line_error "'${_c%%|*}'" 1 "^mmlab: ${_c#*|}"
	done
	tool space maps "$MMU_S"
	expect_eq "regions after the refusals" "$(printf '%s\n' "$OUT" | wc -l)" 4
}

# Mutations need CAP_SYS_ADMIN; reading is open.
mmu_nobody()
{
	[ -n "$MMU_S" ] || return "$KSFT_SKIP"
	_n=$(mmu_spaces)
	for _cmd in "space create" "space destroy $MMU_S" \
		    "space map $MMU_S 0x00a00000 4K" \
		    "space unmap $MMU_S 0x00400000 4K" \
		    "space protect $MMU_S 0x00400000 4K rw" \
		    "space grow $MMU_S 0xbfffd000 1" "space clone $MMU_S" \
		    "space write $MMU_S 0x00600000 x" \
		    "space read $MMU_S 0x00600000 4" "tlb set"; do
		nobody_refused "$_cmd" "^mmlab: [a-z ]+: Operation not permitted$"
	done
	RC=0
	mmlab_as_nobody "$MMLAB_TOOL" access "$MMU_S" --trace - < "$MMLAB_TMP/x86-32.refs" \
		> "$MMLAB_TMP/out" 2> "$MMLAB_TMP/err" || RC=$?
	expect_eq "exit status of access as nobody" "$RC" 1
	expect_match "error of access as nobody" "$(cat "$MMLAB_TMP/err")" "^mmlab: access: batch 1 of 1: Operation not permitted$"
	expect_eq "spaces after nobody's attempts" "$(mmu_spaces)" "$_n"
	for _cmd in "space show" "space show $MMU_S" "space maps $MMU_S" \
		    "translate $MMU_S 0x00403004" "tlb show"; do
		RC=0
		# shellcheck disable=SC2086
		mmlab_as_nobody "$MMLAB_TOOL" $_cmd > /dev/null 2> "$MMLAB_TMP/err" || RC=$?
		expect_eq "$_cmd as nobody" "$RC" 0
	done
}

# Usage errors of the MMU's commands are found before any request.
mmu_usage_no_request()
{
	printf 'R 0x1000\nQ 0x2000\n' > "$MMLAB_TMP/bad.refs"
	_n=$(mmlab_stat nl_requests)
	for _cmd in "space bogus" "space show x" "space create bogus" \
		    "space map 1 0x1000" "space map 1 0x1000 4K prot rwz" \
		    "space map 1 0x1000 4K kind text" "space map 1 0x1000 0" \
		    "space protect 1 0x1000 4K" "space grow 1 0x1000 0" \
		    "space read 1 0x1000 65537" "space write 1 0x1000" \
		    "translate 1" "translate 1 0xg" "tlb set entries 0" \
		    "tlb set repl fifo" "tlb set asid" "access 1" \
		    "access 1 --trace $MMLAB_TMP/bad.refs"; do
		# shellcheck disable=SC2086
		tool $_cmd
		expect_eq "exit status of '$_cmd'" "$RC" 2
		expect_eq "error lines of '$_cmd'" "$(printf '%s\n' "$ERR" | wc -l)" 1
	done
	expect_match "a bad trace names its line" "$ERR" \
		"^mmlab: access: $MMLAB_TMP/bad.refs:2: unknown access \"Q\" \\(R, W or X, either case\\); try \"mmlab access help\"$"
	expect_eq "requests sent by usage errors" "$(mmlab_stat nl_requests)" "$_n"
}

# Every space destroyed: none of ours is left, the MMU as it was.
mmu_destroy()
{
	for _id in $MMU_C $MMU_S $MMU_A $MMU_I; do
		tool space destroy "$_id"
		expect_ok "space destroy $_id"
		expect_eq "stdout of space destroy" "$OUT" ""
		space_gone "$_id"
		tool space show "$_id"
		one_line_error "space show of a destroyed space" 1 "^mmlab: space show: No such file or directory"
	done
	expect_eq "spaces" "$(mmu_spaces)" "$MMU_SPACES0"
	tool space show
	expect_no_match "none of ours" "$OUT" "^ +($MMU_C|$MMU_S|$MMU_A|$MMU_I) "
	tool tlb set
	expect_ok "tlb set"
}

not_loaded()
{
	if ! mmlab_rmmod; then
		mmlab_bad "rmmod failed: $(cat "$MMLAB_TMP/rmmod.err")"
		return 1
	fi
	# a good trace: what access says without the module
	write_x86_32_refs "$MMLAB_TMP/x86-32.refs"
	for _cmd in "arena show" "-j arena show" "stats show" "buddy show" \
		    "buddy alloc order 0" "buddy pagemap" "frag" "allocator" \
		    "allocator set fit policy best" "cache show" \
		    "cache create tt-a size 64" "cache alloc kmalloc-64" \
		    "kmalloc 64" "kfree 0x1" "slabtop -o" "slabtop" \
		    "space show" "space create geometry x86-32" \
		    "space map 1 0x400000 4K" "translate 1 0x00403004" \
		    "tlb show" "tlb set" "access 1 --trace $MMLAB_TMP/x86-32.refs"; do
		# shellcheck disable=SC2086
		tool $_cmd
		expect_eq "exit status of '$_cmd' without the module" "$RC" 1
		expect_match "error of '$_cmd'" "$ERR" "not loaded"
		expect_eq "error lines of '$_cmd'" "$(printf '%s\n' "$ERR" | wc -l)" 1
		expect_eq "stdout of '$_cmd'" "$OUT" ""
	done
	tool help
	expect_ok "help without the module"
	expect_match "help without the module" "$OUT" "^Usage: mmlab"
	tool --version
	expect_ok "--version without the module"
}

usage_errors()
{
	tool arena frobnicate
	[ "$RC" -ne 0 ] || mmlab_bad "'arena frobnicate' succeeded"
	[ -n "$ERR" ] || mmlab_bad "'arena frobnicate' said nothing on stderr"
	tool --no-such-option
	[ "$RC" -ne 0 ] || mmlab_bad "'--no-such-option' succeeded"
	return 0
}

mmlab_init
mmlab_need_tool
mmlab_need_runas
mmlab_need_loaded
# not_loaded unloads mmlab; the exit trap loads it back as it was.
mmlab_need_module

ktap_set_plan 46
mmlab_case "help and --version" help_loaded
mmlab_case "arena show mentions the frame count of /proc" arena_text
mmlab_case "-j arena show is one JSON line equal to /proc" arena_json
mmlab_case "arena validate as root" validate_root
mmlab_case "stats show and reset as root" stats_root
mmlab_case "stats reset and validate as nobody: Operation not permitted" nobody_denied
mmlab_case "monitor count 1 receives the event of a stats reset" monitor_event
mmlab_case "usage errors exit non-zero" usage_errors
mmlab_case "buddy alloc and free: persistent blocks, handles in hex and decimal" buddy_round_trip
mmlab_case "buddy alloc transient: freed when mmlab exits" transient_freed
mmlab_case "buddy free of a bad handle: exit 1, the kernel's message, nothing freed" bad_handle
mmlab_case "usage errors of buddy and frag: exit 2 and no request sent" usage_no_request
mmlab_case "buddy show: free blocks per order equal /proc/mmlab/buddyinfo" show_buddyinfo
mmlab_case "frag: the map shows exactly the used frames" frag_map
mmlab_case "-j frag: one JSON line, blocks and numbers of the arena" frag_json
mmlab_case "frag --svg writes an SVG document" frag_svg
mmlab_case "buddy compact prints its result and counts a run" compact_result
mmlab_case "frag --watch redraws until SIGINT, then exits 0" frag_watch
mmlab_case "allocator: the buddy by default, in text, JSON and /proc" allocator_default
mmlab_case "allocator set fit: policies, one hole, numbers of /proc and debugfs" fit_switch
mmlab_case "buddy alloc under fit: partitions in frames, -j allocator vs debugfs, best fit" fit_partitions
mmlab_case "frag under fit: partitions and holes, the class table, JSON, SVG" fit_frag
mmlab_case "while partitions live: set buddy, policy and mt refused, compact moves nothing" fit_refusals
mmlab_case "partitions freed: set buddy, buddyinfo as before" fit_back
mmlab_case "monitor: an allocator event" monitor_allocator
mmlab_case "cache create, show, alloc, free, destroy: persistent, text, JSON, slabinfo" cache_lifecycle
mmlab_case "transient caches and objects: gone at exit, what they held said" cache_transient
mmlab_case "kmalloc and kfree: classes, granted and requested bytes, transient" kmalloc_round_trip
mmlab_case "slab refusals: exit 1, errno and the kernel's reason in one line" slab_refusals
mmlab_case "slab mutations as nobody: Operation not permitted; reading open" slab_nobody
mmlab_case "slabtop -o: head, columns, rows of /proc/mmlab/slabinfo, sorting, loss" slabtop_once
mmlab_case "slabtop off a terminal redraws until SIGINT, then exits 0" slabtop_batch
mmlab_case "slabtop --svg: bars a cache, numbers in titles, well formed" slabtop_svg
mmlab_case "usage errors of cache, kmalloc, slabtop: exit 2 and no request sent" slab_usage_no_request
mmlab_case "space create, show, dump, JSON; transient spaces gone at exit; the MMU in arena show" space_lifecycle
mmlab_case "space map, write, read back; translate 0x00403004 on x86-32: indices 1 and 3, offset 4" space_translate
mmlab_case "space clone (copy on write, shared regions), maps, protect, grow, unmap" space_clone_maps
mmlab_case "tlb show and set: shape, counters, defaults, entries" tlb_show_set
mmlab_case "access --trace: the totals of traces/x86-32.refs, stdin, batches, addresses beyond" access_trace
mmlab_case "monitor: a fault event" monitor_fault
mmlab_case "an inverted space: translate shows the bucket and the chain" space_inverted
mmlab_case "MMU refusals: exit 1, errno in one line, nothing changed" mmu_refusals
mmlab_case "MMU mutations as nobody: Operation not permitted; reading open" mmu_nobody
mmlab_case "usage errors of space, translate, tlb, access: exit 2 and no request sent" mmu_usage_no_request
mmlab_case "space destroy: every space of the cases gone" mmu_destroy
mmlab_case "without the module: 'not loaded', exit 1; help works" not_loaded
mmlab_finish
