#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The mmlab tool against the module: text and JSON agree with
# /proc/mmlab/status and /proc/mmlab/buddyinfo, mutations need
# CAP_SYS_ADMIN, events reach the monitor, buddy blocks go and come back,
# the frag picture counts what is allocated, the arena goes to the fit
# allocator and back (partitions, its numbers against debugfs, refusals
# while partitions live, the buddy's free lists as they were), and the
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

# The same as nobody: refused with EPERM, one line, exit 1, no effect.
nobody_denied()
{
	_resets=$(mmlab_stat resets)
	_free=$(mmlab_status FramesFree)
	for _cmd in "stats reset" "arena validate" "buddy alloc order 0" \
		    "buddy compact" "allocator set fit" \
		    "allocator set fit policy best" "allocator set buddy"; do
		RC=0
		# shellcheck disable=SC2086
		mmlab_as_nobody "$MMLAB_TOOL" $_cmd > "$MMLAB_TMP/out" 2> "$MMLAB_TMP/err" || RC=$?
		ERR=$(cat "$MMLAB_TMP/err")
		expect_eq "exit status of '$_cmd' as nobody" "$RC" 1
		expect_match "error of '$_cmd' as nobody" "$ERR" "Operation not permitted"
		expect_eq "error lines of '$_cmd' as nobody" "$(printf '%s\n' "$ERR" | wc -l)" 1
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

not_loaded()
{
	if ! mmlab_rmmod; then
		mmlab_bad "rmmod failed: $(cat "$MMLAB_TMP/rmmod.err")"
		return 1
	fi
	for _cmd in "arena show" "-j arena show" "stats show" "buddy show" \
		    "buddy alloc order 0" "buddy pagemap" "frag" "allocator" \
		    "allocator set fit policy best"; do
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

ktap_set_plan 26
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
mmlab_case "without the module: 'not loaded', exit 1; help works" not_loaded
mmlab_finish
