#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# mmlab's files: /proc/mmlab/status (world-readable, self-consistent) and
# the root-only debugfs directory (validate, stats, reset_stats).
#
# Uses mmlab as loaded (loads it with defaults if it is not, and then
# unloads it again).

# shellcheck disable=SC2317 # case functions run through mmlab_case
set -eu
# shellcheck source-path=SCRIPTDIR source=mmlab_lib.sh
. "$(dirname "$0")/mmlab_lib.sh"

KEYS="ArenaTotal ArenaFree ArenaUsed Frames FramesFree PageSize MaxOrder
Chunks ChunkOrderMin ChunkOrderMax Backing"
STATS="nl_requests nl_errors validate_runs validate_errors events resets"

status_file()
{
	[ -r "$MMLAB_STATUS" ] || { mmlab_bad "$MMLAB_STATUS missing"; return 1; }
	expect_eq "mode" "$(stat -c %a "$MMLAB_STATUS")" 444
	expect_eq "owner" "$(stat -c %u:%g "$MMLAB_STATUS")" 0:0
}

status_nobody()
{
	if ! _out=$(mmlab_as_nobody cat "$MMLAB_STATUS" 2>&1); then
		mmlab_bad "nobody cannot read it: $_out"
		return 1
	fi
	expect_eq "what nobody reads" "$_out" "$(cat "$MMLAB_STATUS")"
}

status_format()
{
	_s=$(cat "$MMLAB_STATUS")
	for k in $KEYS; do
		expect_match "key $k" "$_s" "^$k: +[^ ]+( kB)?\$"
	done
	for k in ArenaTotal ArenaFree ArenaUsed; do
		expect_match "$k unit" "$_s" "^$k: +[0-9]+ kB\$"
	done
	_bad=$(printf '%s\n' "$_s" | grep -Ev '^[A-Za-z]+: +[^ ]+( kB)?$' || true)
	[ -z "$_bad" ] || mmlab_bad "lines not shaped 'Key:  value[ kB]': $_bad"
	return 0
}

status_numbers()
{
	_total=$(mmlab_status ArenaTotal) _free=$(mmlab_status ArenaFree)
	_used=$(mmlab_status ArenaUsed) _frames=$(mmlab_status Frames)
	_ffree=$(mmlab_status FramesFree) _ps=$(mmlab_status PageSize)
	_mo=$(mmlab_status MaxOrder) _cmin=$(mmlab_status ChunkOrderMin)
	_cmax=$(mmlab_status ChunkOrderMax) _chunks=$(mmlab_status Chunks)

	expect_eq "ArenaTotal kB * 1024" $((_total * 1024)) $((_frames * _ps))
	expect_eq "ArenaFree kB * 1024" $((_free * 1024)) $((_ffree * _ps))
	expect_eq "ArenaFree + ArenaUsed" $((_free + _used)) "$_total"
	expect_num_le "FramesFree <= Frames" "$_ffree" "$_frames"
	expect_num_le "ChunkOrderMin <= ChunkOrderMax" "$_cmin" "$_cmax"
	expect_num_le "ChunkOrderMax <= MaxOrder" "$_cmax" "$_mo"
	expect_num_le "Chunks <= Frames" "$_chunks" "$_frames"
	expect_num_le "Frames <= Chunks << ChunkOrderMax" "$_frames" $((_chunks << _cmax))
	expect_eq "MaxOrder vs sysfs" "$_mo" "$(cat "$MMLAB_SYS/parameters/max_order")"
	expect_eq "ArenaTotal vs sysfs arena_size" $((_total * 1024)) \
		"$(mmlab_size_bytes "$(cat "$MMLAB_SYS/parameters/arena_size")")"
}

debugfs_files()
{
	[ -d "$MMLAB_DBG" ] || { mmlab_bad "$MMLAB_DBG missing"; return 1; }
	for f in validate:400 stats:400 reset_stats:200; do
		_p=$MMLAB_DBG/${f%:*}
		if [ -e "$_p" ]; then
			expect_eq "mode of ${f%:*}" "$(stat -c %a "$_p")" "${f#*:}"
		else
			mmlab_bad "$_p missing"
		fi
	done
	return 0
}

validate_zero()
{
	_before=$(mmlab_stat validate_runs)
	_out=$(cat "$MMLAB_DBG/validate") || { mmlab_bad "reading validate failed"; return 1; }
	expect_eq "validate output" "$_out" 0
	expect_eq "validate's output is one line" "$(wc -l < "$MMLAB_DBG/validate")" 1
	_after=$(mmlab_stat validate_runs)
	# Two reads above.
	expect_eq "validate_runs counts the reads" "$_after" $((_before + 2))
	expect_eq "validate_errors" "$(mmlab_stat validate_errors)" 0
}

stats_format()
{
	_s=$(cat "$MMLAB_DBG/stats")
	for k in $STATS; do
		expect_match "counter $k" "$_s" "^$k +[0-9]+\$"
	done
	_bad=$(printf '%s\n' "$_s" | grep -Ev '^[a-z_]+ +[0-9]+$' || true)
	[ -z "$_bad" ] || mmlab_bad "lines not shaped 'name value': $_bad"
	return 0
}

reset_stats()
{
	cat "$MMLAB_DBG/validate" > /dev/null
	if [ -n "$MMLAB_TOOL" ]; then
		for _i in 1 2 3; do
			"$MMLAB_TOOL" arena show > /dev/null ||
				mmlab_bad "mmlab arena show failed"
		done
		expect_num_le "nl_requests after 3 requests" 3 "$(mmlab_stat nl_requests)"
	else
		mmlab_msg "no mmlab tool: checking the reset on validate_runs only"
	fi
	expect_num_le "validate_runs before the reset" 1 "$(mmlab_stat validate_runs)"
	_resets=$(mmlab_stat resets)

	echo 1 > "$MMLAB_DBG/reset_stats" || { mmlab_bad "writing reset_stats failed"; return 1; }
	expect_num_le "nl_requests after the reset" "$(mmlab_stat nl_requests)" 1
	expect_eq "nl_errors after the reset" "$(mmlab_stat nl_errors)" 0
	expect_eq "validate_runs after the reset" "$(mmlab_stat validate_runs)" 0
	expect_eq "validate_errors after the reset" "$(mmlab_stat validate_errors)" 0
	expect_eq "resets counts the reset" "$(mmlab_stat resets)" $((_resets + 1))

	echo 0 > "$MMLAB_DBG/reset_stats" || mmlab_bad "writing 0 to reset_stats failed"
	expect_eq "writing 0 does not reset" "$(mmlab_stat resets)" $((_resets + 1))

	# bad input: refused (kstrtobool), state unchanged
	if (echo junk > "$MMLAB_DBG/reset_stats") 2>/dev/null; then
		mmlab_bad "writing 'junk' to reset_stats succeeded"
	fi
	expect_eq "writing 'junk' does not reset" "$(mmlab_stat resets)" $((_resets + 1))
}

nobody_denied()
{
	cat "$MMLAB_DBG/validate" > /dev/null
	_runs=$(mmlab_stat validate_runs)
	_resets=$(mmlab_stat resets)
	if mmlab_as_nobody sh -c "echo 1 > $MMLAB_DBG/reset_stats" 2>/dev/null; then
		mmlab_bad "nobody could write reset_stats"
	fi
	if mmlab_as_nobody cat "$MMLAB_DBG/validate" >/dev/null 2>&1; then
		mmlab_bad "nobody could read validate"
	fi
	if mmlab_as_nobody cat "$MMLAB_DBG/stats" >/dev/null 2>&1; then
		mmlab_bad "nobody could read stats"
	fi
	expect_eq "resets after nobody's attempt" "$(mmlab_stat resets)" "$_resets"
	expect_eq "validate_runs after nobody's attempts" "$(mmlab_stat validate_runs)" "$_runs"
}

params_readonly()
{
	for _p in arena_size max_order; do
		_f=$MMLAB_SYS/parameters/$_p
		_v=$(cat "$_f")
		if (echo "$_v" > "$_f") 2>/dev/null; then
			mmlab_bad "root could write $_f"
		fi
		expect_eq "$_p after the write attempt" "$(cat "$_f")" "$_v"
	done
}

mmlab_init
mmlab_need_runas
mmlab_need_loaded

ktap_set_plan 10
mmlab_case "/proc/mmlab/status exists, mode 0444, root-owned" status_file
mmlab_case "/proc/mmlab/status readable by nobody" status_nobody
mmlab_case "/proc/mmlab/status lines are 'Key:  value[ kB]'" status_format
mmlab_case "/proc/mmlab/status numbers are consistent" status_numbers
mmlab_case "debugfs mmlab/ files present with their modes" debugfs_files
mmlab_case "debugfs validate prints 0 and is counted" validate_zero
mmlab_case "debugfs stats lines are 'name value'" stats_format
mmlab_case "debugfs reset_stats zeroes the counters" reset_stats
mmlab_case "nobody cannot reset or read the debugfs files" nobody_denied
mmlab_case "module parameters are read-only" params_readonly
mmlab_finish
