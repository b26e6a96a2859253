#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The mmlab tool against the module: text and JSON agree with
# /proc/mmlab/status and /proc/mmlab/buddyinfo, mutations need
# CAP_SYS_ADMIN, events reach the monitor, buddy blocks go and come back,
# the frag picture counts what is allocated, and the tool says so plainly
# when the module is not loaded.
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
		    "buddy compact"; do
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

	# Reading is open to everyone.
	RC=0
	mmlab_as_nobody "$MMLAB_TOOL" arena show > /dev/null 2> "$MMLAB_TMP/err" || RC=$?
	expect_eq "arena show as nobody" "$RC" 0
}

monitor_event()
{
	"$MMLAB_TOOL" monitor count 1 > "$MMLAB_TMP/mon" 2>&1 &
	_pid=$!
	# The monitor subscribes after it starts: reset until it has seen one
	# (each reset is an event), for at most 20 s.
	_i=0
	while kill -0 "$_pid" 2>/dev/null && [ "$_i" -lt 20 ]; do
		sleep 1
		"$MMLAB_TOOL" stats reset || mmlab_bad "stats reset failed"
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
		    "frag --watch=0" "frag --svg" "-j frag --svg x"; do
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
	tool buddy pagemap
	_blocks=$(printf '%s\n' "$OUT" | wc -l)
	tool -j frag
	expect_eq "blocks: frag vs pagemap" \
		"$(printf '%s\n' "$OUT" | grep -o '"frame":' | wc -l)" "$_blocks"
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

not_loaded()
{
	if ! mmlab_rmmod; then
		mmlab_bad "rmmod failed: $(cat "$MMLAB_TMP/rmmod.err")"
		return 1
	fi
	for _cmd in "arena show" "-j arena show" "stats show" "buddy show" \
		    "buddy alloc order 0" "buddy pagemap" "frag"; do
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

ktap_set_plan 19
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
mmlab_case "without the module: 'not loaded', exit 1; help works" not_loaded
mmlab_finish
