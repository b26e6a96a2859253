#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The mmlab tool against the module: text and JSON agree with
# /proc/mmlab/status, mutations need CAP_SYS_ADMIN, events reach the
# monitor, and the tool says so plainly when the module is not loaded.
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
	for _cmd in "stats reset" "arena validate"; do
		RC=0
		# shellcheck disable=SC2086
		mmlab_as_nobody "$MMLAB_TOOL" $_cmd > "$MMLAB_TMP/out" 2> "$MMLAB_TMP/err" || RC=$?
		ERR=$(cat "$MMLAB_TMP/err")
		expect_eq "exit status of '$_cmd' as nobody" "$RC" 1
		expect_match "error of '$_cmd' as nobody" "$ERR" "Operation not permitted"
		expect_eq "error lines of '$_cmd' as nobody" "$(printf '%s\n' "$ERR" | wc -l)" 1
	done
	expect_eq "resets after nobody's attempt" "$(mmlab_stat resets)" "$_resets"

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

not_loaded()
{
	if ! mmlab_rmmod; then
		mmlab_bad "rmmod failed: $(cat "$MMLAB_TMP/rmmod.err")"
		return 1
	fi
	for _cmd in "arena show" "-j arena show" "stats show"; do
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

ktap_set_plan 9
mmlab_case "help and --version" help_loaded
mmlab_case "arena show mentions the frame count of /proc" arena_text
mmlab_case "-j arena show is one JSON line equal to /proc" arena_json
mmlab_case "arena validate as root" validate_root
mmlab_case "stats show and reset as root" stats_root
mmlab_case "stats reset and validate as nobody: Operation not permitted" nobody_denied
mmlab_case "monitor count 1 receives the event of a stats reset" monitor_event
mmlab_case "usage errors exit non-zero" usage_errors
mmlab_case "without the module: 'not loaded', exit 1; help works" not_loaded
mmlab_finish
