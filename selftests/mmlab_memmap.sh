#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The memmap backing: mmlab adopting, as its arena, a physical range the
# kernel was told at boot to reserve with memmap=SIZE$ADDR.
#
# Skips (exit 4) unless the kernel command line reserves such a range; the
# VM harness boots with one for this test (make vmtest-memmap, or
# MMLAB_VM_MEMMAP='16M$0x10000000' scripts/vm/vmtest.sh). Needs at least
# 64K reserved, at a 4K-aligned address.
#
# Checks: the range is "Reserved" and free; loads of the whole range and
# of the range less a frame at each end (a base aligned to no order),
# read back from /proc/mmlab/status (backing, size, the chunks of the
# aligned cut), sysfs, the load line, /proc/iomem ("mmlab" over it),
# /proc/vmallocinfo (one mapping of it), /dev/mem (refused while mmlab
# holds it), the tool and debugfs validate; unload gives all of it back.
# Every allocation of a load is failed in turn; then each bad range or
# parameter must fail the load with its one line in the kernel log,
# holding nothing.
#
# Leaves mmlab loaded or not, with the parameters it had, as found.

# shellcheck disable=SC2317 # case functions run through mmlab_case
set -eu
# shellcheck source-path=SCRIPTDIR source=mmlab_lib.sh
. "$(dirname "$0")/mmlab_lib.sh"

EINVAL='[Ii]nvalid'
ENXIO='[Nn]o such device or address'

# bytes SIZE: NUMBER[K|M|G|T] or 0xHEX in bytes, or status 1 (as the
# kernel's memparse() reads memmap=, without its silent truncation).
bytes()
{
	case $1 in
	'' | 0[xX]*[!0-9a-fA-F]* | 0[xX]) return 1 ;;
	0[xX]*) echo $(($1)) ;;
	*[!0-9kKmMgGtT]* | [!0-9]* | *[kKmMgGtT]?*) return 1 ;;
	*[kK]) echo $((${1%?} << 10)) ;;
	*[mM]) echo $((${1%?} << 20)) ;;
	*[gG]) echo $((${1%?} << 30)) ;;
	*[tT]) echo $((${1%?} << 40)) ;;
	*) echo $(($1)) ;;
	esac
}

hex()
{
	printf '%#x' "$1"
}

# The first memmap=SIZE$ADDR of the command line: sets RBASE, RSIZE.
find_reservation()
{
	# shellcheck disable=SC2013 # words, not lines
	for _w in $(cat /proc/cmdline); do
		case $_w in
		memmap=*'$'*) ;;
		*) continue ;;
		esac
		_w=${_w#memmap=}
		RSIZE=$(bytes "${_w%%\$*}") || continue
		RBASE=$(bytes "${_w#*\$}") || continue
		return 0
	done
	return 1
}

# /proc/iomem as "FIRST LAST NAME" lines, hex without 0x, all levels.
iomem_entries()
{
	sed -n 's/^ *\([0-9a-f]*\)-\([0-9a-f]*\) : \(.*\)$/\1 \2 \3/p' /proc/iomem
}

# iomem_covers NAME FIRST LAST: an entry called NAME spans [FIRST, LAST].
iomem_covers()
{
	iomem_entries | {
		while read -r _a _b _n; do
			if [ "$_n" = "$1" ] && [ $((0x$_a)) -le "$2" ] &&
			   [ $((0x$_b)) -ge "$3" ]; then
				exit 0
			fi
		done
		exit 1
	}
}

# iomem_exact NAME FIRST LAST: an entry called NAME is exactly [FIRST, LAST].
iomem_exact()
{
	iomem_entries | {
		while read -r _a _b _n; do
			if [ "$_n" = "$1" ] && [ $((0x$_a)) -eq "$2" ] &&
			   [ $((0x$_b)) -eq "$3" ]; then
				exit 0
			fi
		done
		exit 1
	}
}

iomem_count()
{
	iomem_entries | awk -v n="$1" '{ $1 = ""; $2 = ""; sub(/^  /, "") } $0 == n { c++ } END { print c + 0 }'
}

# Mappings of physical address FIRST in /proc/vmallocinfo (memremap()
# of a range that is not RAM is an ioremap_cache() there).
vmap_count()
{
	grep -cE "phys=0x0*$(printf '%x' "$1")( |\$)" /proc/vmallocinfo || true
}

# devmem_readable ADDR: one page of /dev/mem at ADDR can be read.
devmem_readable()
{
	dd if=/dev/mem of=/dev/null bs=4096 skip=$(($1 / 4096)) count=1 \
		2>/dev/null
}

# Nothing of mmlab is left: not loaded, no "mmlab" in /proc/iomem, no
# mapping of the reservation, which /dev/mem reads again.
expect_nothing_held()
{
	[ ! -d "$MMLAB_SYS" ] || mmlab_bad "mmlab is loaded"
	[ ! -e /proc/mmlab ] || mmlab_bad "/proc/mmlab exists"
	expect_eq "\"mmlab\" entries in /proc/iomem" "$(iomem_count mmlab)" 0
	expect_eq "mappings of $(hex "$RBASE") in /proc/vmallocinfo" \
		"$(vmap_count "$RBASE")" 0
	devmem_readable "$RBASE" ||
		mmlab_bad "/dev/mem refuses $(hex "$RBASE") with mmlab gone"
}

# --- cases ------------------------------------------------------------

reservation_free()
{
	iomem_covers Reserved "$RBASE" "$RLAST" ||
		mmlab_bad "/proc/iomem has no \"Reserved\" over [$(hex "$RBASE"), $(hex "$RLAST")]"
	expect_nothing_held
}

# load_case BASE SIZE MAX_ORDER [PARAMS]: PARAMS are more PARAM=VALUE words.
load_case()
{
	_base=$1 _size=$2 _order=$3 _params=${4:-}
	_last=$((_base + _size - 1))
	_frames=$((_size / 4096))
	# shellcheck disable=SC2046 # three numbers
	set -- $(mmlab_expect_chunks "$_frames" "$_order" $((_base / 4096)))
	_chunks=$1 _omin=$2 _omax=$3

	mmlab_mark memmap-load
	# shellcheck disable=SC2086 # PARAM=VALUE words
	if ! mmlab_insmod "memmap_base=$(hex "$_base")" "memmap_size=$_size" \
	     "max_order=$_order" $_params; then
		mmlab_bad "insmod failed: $(cat "$MMLAB_TMP/insmod.err")"
		return 1
	fi
	_log=$(mmlab_dmesg_since)
	expect_eq "Backing" "$(mmlab_status Backing)" memmap
	mmlab_expect_arena "$_size" "$_frames" "$_order" "$_chunks" "$_omin" "$_omax"
	_p=$MMLAB_SYS/parameters
	expect_eq "sysfs memmap_base" "$(cat "$_p/memmap_base")" "$(hex "$_base")"
	expect_eq "sysfs memmap_size" "$(cat "$_p/memmap_size")" "$_size"
	expect_eq "sysfs arena_size (the range's)" "$(cat "$_p/arena_size")" "$_size"
	expect_eq "sysfs memmap_base mode" "$(stat -c %a "$_p/memmap_base")" 444
	expect_eq "sysfs memmap_size mode" "$(stat -c %a "$_p/memmap_size")" 444
	expect_match "adopt line" "$_log" \
		"^mmlab: memmap: adopted \\[mem $(printf '0x%08x-0x%08x' "$_base" "$_last")\\], $((_size / 1024)) kB\$"
	expect_match "load line" "$_log" \
		"^mmlab: loaded: arena $((_size / 1024)) kB, $_frames frames in $_chunks chunks \\(order $_omin\\.\\.$_omax\\), max_order $_order\$"

	iomem_exact mmlab "$_base" "$_last" ||
		mmlab_bad "/proc/iomem has no \"mmlab\" over exactly [$(hex "$_base"), $(hex "$_last")]: $(grep -i -B1 mmlab /proc/iomem | tr '\n' '|')"
	expect_eq "\"mmlab\" entries in /proc/iomem" "$(iomem_count mmlab)" 1
	expect_eq "mappings of $(hex "$_base") in /proc/vmallocinfo" \
		"$(vmap_count "$_base")" 1
	if devmem_readable "$_base"; then
		mmlab_bad "/dev/mem reads $(hex "$_base") while mmlab holds it"
	fi
	expect_eq "debugfs validate" "$(cat "$MMLAB_DBG/validate")" 0
	expect_eq "debugfs chunks lines" \
		"$(grep -c '^ *[0-9]' "$MMLAB_DBG/chunks")" "$_chunks"

	if [ -n "$MMLAB_TOOL" ] && [ -x "$MMLAB_TOOL" ]; then
		_out=$("$MMLAB_TOOL" arena show 2>&1) ||
			mmlab_bad "mmlab arena show: $_out"
		expect_match "mmlab arena show" "$_out" "backing memmap"
		expect_match "mmlab arena show" "$_out" \
			"(^|[^0-9])$_frames([^0-9]|\$)"
		_out=$("$MMLAB_TOOL" -j arena show 2>&1) ||
			mmlab_bad "mmlab -j arena show: $_out"
		expect_match "mmlab -j arena show" "$_out" '"backing" *: *"memmap"'
		expect_match "mmlab -j arena show" "$_out" "\"size\" *: *${_size}[,} ]"
		expect_match "mmlab -j arena show" "$_out" "\"chunks\" *: *${_chunks}[,} ]"
		_out=$("$MMLAB_TOOL" arena validate 2>&1) ||
			mmlab_bad "mmlab arena validate: $_out"
		expect_match "mmlab arena validate" "$_out" "validate: 0 errors"
	else
		mmlab_msg "the mmlab tool is not in PATH: its checks skipped"
	fi

	mmlab_mark memmap-unload
	if ! mmlab_rmmod; then
		mmlab_bad "rmmod failed: $(cat "$MMLAB_TMP/rmmod.err")"
		return 1
	fi
	expect_match "unload line" "$(mmlab_dmesg_since)" \
		"^mmlab: unloaded: released $_chunks chunks, $_frames frames\$"
	expect_nothing_held
	return 0
}

# Every allocation of a memmap load (the mapping, the chunk table and its
# scratch copy, then whatever the rest of the load asks for) is failed in
# turn with fail_nth=N, until a load completes with the injector still
# armed. Each failed load must say why and hold nothing.
failnth_case()
{
	_n=1
	while [ "$_n" -le 40 ]; do
		mmlab_expect_errors_begin
		_rc=0
		mmlab_insmod "fail_nth=$_n" "memmap_base=$(hex "$RBASE")" \
			"memmap_size=$RSIZE" || _rc=$?
		_log=$(mmlab_dmesg_since)
		mmlab_expect_errors_end
		if [ "$_rc" -eq 0 ]; then
			_left=$(cat "$MMLAB_DBG/fail_nth")
			mmlab_rmmod || mmlab_bad "rmmod failed"
			if [ "$_left" -gt 0 ]; then
				mmlab_msg "fail_nth=$_n: loaded, $_left allocations short of the failure; $((_n - 1)) failures seen"
				expect_nothing_held
				[ "$_n" -gt 2 ] ||
					mmlab_bad "only $((_n - 1)) allocations in a memmap load"
				return 0
			fi
			# The failure hit something with a fallback.
			expect_nothing_held
		else
			expect_match "fail_nth=$_n: kernel log" "$_log" "^mmlab: "
			[ "$_n" -ne 1 ] || expect_match "fail_nth=1: kernel log" \
				"$_log" "cannot be mapped \\(memremap failed\\)"
			expect_nothing_held
		fi
		_n=$((_n + 1))
	done
	mmlab_bad "a load still fails at fail_nth=$_n"
}

# bad_case WHY_ERE ERRNO_ERE PARAM=VALUE...: insmod must fail with an
# error matching ERRNO_ERE, log a "mmlab: " line matching WHY_ERE (a value
# refused while parsing also gets the kernel's own "invalid for parameter"
# line), and hold nothing.
bad_case()
{
	_why=$1 _err=$2
	shift 2
	mmlab_load_fails "$_err" "$_why" "$@" || return 1
	expect_nothing_held
}

# A 16M range of System RAM, away from the reservation.
ram_case()
{
	_b=$((16 << 20))
	if ! iomem_covers "System RAM" "$_b" $((_b + (16 << 20) - 1)); then
		mmlab_skip_case "no System RAM at 16M..32M"
		return
	fi
	bad_case "overlaps System RAM" "$EINVAL" \
		"memmap_base=$(hex "$_b")" "memmap_size=16M"
}

# The last 8M of the reservation and the 8M after it.
straddle_case()
{
	_b=$((RLAST + 1 - (8 << 20)))
	if [ "$RSIZE" -lt $((8 << 20)) ] ||
	   ! iomem_covers "System RAM" $((RLAST + 1)) $((RLAST + (8 << 20))); then
		mmlab_skip_case "no System RAM in the 8M after the reservation"
		return
	fi
	bad_case "overlaps System RAM" "$EINVAL" \
		"memmap_base=$(hex "$_b")" "memmap_size=16M"
}

# 16M at 4G: in this VM neither RAM nor reserved.
unreserved_case()
{
	_b=$((4 << 30))
	if iomem_covers Reserved "$_b" "$_b" ||
	   iomem_covers "System RAM" "$_b" "$_b"; then
		mmlab_skip_case "4G is reserved or RAM here"
		return
	fi
	bad_case "is not reserved" "$ENXIO" \
		"memmap_base=$(hex "$_b")" "memmap_size=16M"
}

# A "Reserved" range of the firmware's own (BIOS, ACPI) above 1M, at
# least 64K, not the reservation: reserved, not RAM, and still refused.
firmware_case()
{
	_fw=$(iomem_entries | while read -r _a _b _n; do
		[ "$_n" = Reserved ] || continue
		_a=$((0x$_a)) _b=$((0x$_b))
		[ "$_a" -ge $((1 << 20)) ] || continue
		[ $((_a % 4096)) -eq 0 ] || continue
		_s=$(((_b + 1 - _a) / 4096 * 4096))
		[ "$_s" -ge 65536 ] || continue
		[ "$_s" -le $((64 << 30)) ] || continue
		[ "$_b" -lt "$RBASE" ] || [ "$_a" -gt "$RLAST" ] || continue
		echo "$_a $_s"
		break
	done)
	if [ -z "$_fw" ]; then
		mmlab_skip_case "no firmware \"Reserved\" range of 64K or more above 1M"
		return
	fi
	# shellcheck disable=SC2086 # two numbers
	set -- $_fw
	mmlab_msg "firmware-reserved: $(hex "$1"), $2 bytes"
	bad_case "not RAM in the firmware's map" "$EINVAL" \
		"memmap_base=$(hex "$1")" "memmap_size=$2"
}

mmlab_init
mmlab_need_module
if ! find_reservation; then
	mmlab_skip_all "no memmap=SIZE\$ADDR on the kernel command line (boot with MMLAB_VM_MEMMAP='16M\$0x10000000')"
fi
if [ "$RSIZE" -lt 65536 ] || [ $((RBASE % 4096)) -ne 0 ] ||
   [ $((RSIZE % 4096)) -ne 0 ]; then
	mmlab_skip_all "memmap=$RSIZE\$$(hex "$RBASE"): need 64K or more, 4K aligned"
fi
RLAST=$((RBASE + RSIZE - 1))
[ -r /dev/mem ] || mknod -m 600 /dev/mem c 1 1

ktap_set_plan 21
mmlab_msg "reservation: $(hex "$RBASE")..$(hex "$RLAST") ($RSIZE bytes)"

if ! mmlab_ensure_unloaded; then
	echo "Bail out! cannot unload mmlab: $(cat "$MMLAB_TMP/rmmod.err")"
	exit "$KSFT_FAIL"
fi

B=$(hex "$RBASE")
mmlab_case "the reservation is \"Reserved\" in /proc/iomem, free, readable in /dev/mem" \
	reservation_free
mmlab_case "load the whole reservation, max_order 10" \
	load_case "$RBASE" "$RSIZE" 10
mmlab_case "load it less a frame at each end (base aligned to no order), max_order 10" \
	load_case $((RBASE + 4096)) $((RSIZE - 8192)) 10
mmlab_case "load it less a frame at each end, max_order 3" \
	load_case $((RBASE + 4096)) $((RSIZE - 8192)) 3
mmlab_case "load with arena_size equal to memmap_size" \
	load_case "$RBASE" "$RSIZE" 10 "arena_size=$RSIZE"
mmlab_case "fail every allocation of a memmap load in turn: each fails clean" \
	failnth_case
mmlab_case "reject an unaligned base" bad_case "base not a multiple of the frame size" \
	"$EINVAL" "memmap_base=$(hex $((RBASE + 2048)))" "memmap_size=$RSIZE"
mmlab_case "reject a size below 64K" bad_case "below the minimum" "$EINVAL" \
	"memmap_base=$B" "memmap_size=32K"
mmlab_case "reject a size not a multiple of the frame size" \
	bad_case "not a multiple of the frame size" "$EINVAL" \
	"memmap_base=$B" "memmap_size=$((RSIZE - 2048))"
mmlab_case "reject a size above 64G" bad_case "above the maximum" "$EINVAL" \
	"memmap_base=$B" "memmap_size=128G"
mmlab_case "reject base + size beyond 64 bits" bad_case "beyond 64 bits" "$EINVAL" \
	"memmap_base=0xfffffffffffff000" "memmap_size=16M"
mmlab_case "reject a range of System RAM" ram_case
mmlab_case "reject a range half reserved, half System RAM" straddle_case
mmlab_case "reject a range that is not reserved" unreserved_case
mmlab_case "reject a range the firmware reserved" firmware_case
mmlab_case "reject memmap_base without memmap_size" bad_case "go together" \
	"$EINVAL" "memmap_base=$B"
mmlab_case "reject memmap_size without memmap_base" bad_case "go together" \
	"$EINVAL" "memmap_size=$RSIZE"
mmlab_case "reject an arena_size that differs from memmap_size" \
	bad_case "arena_size differs" "$EINVAL" \
	"memmap_base=$B" "memmap_size=$RSIZE" "arena_size=$((RSIZE * 2))"
mmlab_case "reject memmap_base=junk" bad_case "not an address" "$EINVAL" \
	"memmap_base=0x1g" "memmap_size=$RSIZE"
mmlab_case "reject a memmap_base beyond 64 bits" bad_case "too large" "$EINVAL" \
	"memmap_base=0x10000000000000000" "memmap_size=$RSIZE"
mmlab_case "reject memmap_size=junk" bad_case "not a size" "$EINVAL" \
	"memmap_base=$B" "memmap_size=16Q"

mmlab_finish
