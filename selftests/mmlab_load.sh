#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# Loading and unloading mmlab: the arena geometry that each parameter set
# gives (read back from /proc/mmlab/status, sysfs and the load/unload log
# lines), parameters that must be refused, and an arena too big to have.
#
# Leaves mmlab loaded or not, with the parameters it had, as found.

# shellcheck disable=SC2317 # case functions run through mmlab_case
set -eu
# shellcheck source-path=SCRIPTDIR source=mmlab_lib.sh
. "$(dirname "$0")/mmlab_lib.sh"

# load_case PARAMS ARENA_BYTES MAX_ORDER
load_case()
{
	_params=$1 _bytes=$2 _order=$3
	_frames=$((_bytes / 4096))
	# shellcheck disable=SC2046 # three numbers
	set -- $(mmlab_expect_chunks "$_frames" "$_order")
	_chunks=$1 _omin=$2 _omax=$3

	mmlab_mark load
	# shellcheck disable=SC2086 # PARAM=VALUE words
	if ! mmlab_insmod $_params; then
		mmlab_bad "insmod $_params failed: $(cat "$MMLAB_TMP/insmod.err")"
		return 1
	fi
	if [ ! -r "$MMLAB_STATUS" ]; then
		mmlab_bad "$MMLAB_STATUS missing after load"
	else
		expect_eq "PageSize" "$(mmlab_status PageSize)" 4096
		mmlab_expect_arena "$_bytes" "$_frames" "$_order" "$_chunks" \
			"$_omin" "$_omax"
	fi
	_p=$MMLAB_SYS/parameters
	expect_eq "sysfs arena_size (bytes)" \
		"$(mmlab_size_bytes "$(cat "$_p/arena_size")")" "$_bytes"
	expect_eq "sysfs max_order" "$(cat "$_p/max_order")" "$_order"
	expect_eq "sysfs arena_size mode" "$(stat -c %a "$_p/arena_size")" 444
	expect_eq "sysfs max_order mode" "$(stat -c %a "$_p/max_order")" 444
	expect_match "load line" "$(mmlab_dmesg_since)" \
		"^mmlab: loaded: arena $((_bytes / 1024)) kB, $_frames frames in $_chunks chunks \\(order $_omin\\.\\.$_omax\\), max_order $_order\$"

	mmlab_mark unload
	if ! mmlab_rmmod; then
		mmlab_bad "rmmod failed: $(cat "$MMLAB_TMP/rmmod.err")"
		return 1
	fi
	expect_match "unload line" "$(mmlab_dmesg_since)" \
		"^mmlab: unloaded: released $_chunks chunks, $_frames frames\$"
	[ ! -e /proc/mmlab ] || mmlab_bad "/proc/mmlab still there after rmmod"
	[ ! -e "$MMLAB_DBG" ] || mmlab_bad "$MMLAB_DBG still there after rmmod"
	[ ! -d "$MMLAB_SYS" ] || mmlab_bad "$MMLAB_SYS still there after rmmod"
	return 0
}

# bad_case PARAMS ERRNO_ERE [DMESG_ERE]: insmod must fail with an error
# whose text matches ERRNO_ERE, log a "mmlab: " line (matching DMESG_ERE
# when given) and leave nothing loaded.
bad_case()
{
	# shellcheck disable=SC2086 # PARAMS: several words
	mmlab_load_fails "$2" "${3:-}" $1
}

EINVAL='[Ii]nvalid'
ENOMEM='[Mm]emory'

# Twice the RAM (at most 64G, the largest arena): valid as a size, refused
# at load because the machine does not have it.
MEMTOTAL_KB=$(awk '$1 == "MemTotal:" { print $2 }' /proc/meminfo)
OVER_RAM_KB=$((MEMTOTAL_KB * 2 / 4 * 4))
[ "$OVER_RAM_KB" -le $((64 << 20)) ] || OVER_RAM_KB=$((64 << 20))

over_ram_case()
{
	if [ "$OVER_RAM_KB" -le "$MEMTOTAL_KB" ]; then
		mmlab_skip_case "RAM is 64G or more"
		return
	fi
	bad_case "arena_size=${OVER_RAM_KB}K" "$EINVAL" "exceeds"
}

# An arena under MemTotal that cannot be had: refused with ENOMEM, and the
# pages taken on the way (if any) are all given back.
nomem_case()
{
	_kb=$((MEMTOTAL_KB * 95 / 100 / 4 * 4))
	_before=$(mmlab_free_kb)
	bad_case "arena_size=${_kb}K" "$ENOMEM" || return 1
	_after=$(mmlab_free_kb)
	mmlab_msg "MemFree before $_before kB, after $_after kB"
	# a failed unwinding leaks chunks of up to 4 MB each, most of 95%
	# of RAM; the kernel's reclaim around so large an attempt moves
	# MemFree by itself (8000 and 8632 kB were seen on 6.12)
	expect_num_le "MemFree drop (kB) after the failed load" \
		$((_before - _after)) 12288
}

mmlab_init
mmlab_need_module

BAD="arena_size=0 arena_size=junk arena_size=12K5 arena_size=63K
arena_size=65537 arena_size=68719480832 arena_size=-64M max_order=11
max_order=-1 max_order=x"

# shellcheck disable=SC2086 # a list
set -- $BAD
ktap_set_plan $((6 + $# + 3))

if ! mmlab_ensure_unloaded; then
	echo "Bail out! cannot unload mmlab: $(cat "$MMLAB_TMP/rmmod.err")"
	exit "$KSFT_FAIL"
fi

mmlab_case "load with defaults (64M, max_order 10)" load_case "" $((64 << 20)) 10
mmlab_case "load arena_size=64K max_order=4" load_case "arena_size=64K max_order=4" 65536 4
mmlab_case "load arena_size=1M max_order=0" load_case "arena_size=1M max_order=0" 1048576 0
mmlab_case "load arena_size=640K (two chunks)" load_case "arena_size=640K" 655360 10
mmlab_case "load arena_size=2M max_order=10 (order capped by size)" \
	load_case "arena_size=2M max_order=10" 2097152 10
mmlab_case "load arena_size=1048576 max_order=3 (bytes, small order)" \
	load_case "arena_size=1048576 max_order=3" 1048576 3

for p in $BAD; do
	mmlab_case "reject $p" bad_case "$p" "$EINVAL"
done
mmlab_case "reject arena_size=100G (above 64G)" bad_case "arena_size=100G" "$EINVAL" "64G"
mmlab_case "reject arena_size=${OVER_RAM_KB}K (exceeds RAM)" over_ram_case
mmlab_case "refuse an arena of 95% of MemTotal (ENOMEM, nothing held)" nomem_case

mmlab_finish
