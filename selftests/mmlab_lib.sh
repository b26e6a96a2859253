# SPDX-License-Identifier: GPL-2.0
#
# Helpers shared by the mmlab shell selftests (POSIX sh; busybox ash in the
# test VM). A test sources this file, then:
#
#	mmlab_init                     KTAP header, root check, exit trap
#	mmlab_need_module              skip the whole test if mmlab.ko is missing
#	ktap_set_plan N
#	mmlab_case "description" fn [arg]...    one KTAP result per call
#	mmlab_finish                   totals and the kselftest exit code
#
# A case function reports problems with mmlab_bad (or the expect_*
# helpers), which print a "# " diagnostic and mark the case failed; it
# returns $KSFT_SKIP to skip. Case functions run in an "if" context, so
# `set -e` does not apply inside them: check every command.
#
# State a test changes is put back by the exit trap: whether mmlab is
# loaded and with which parameters, printk_devkmsg, debugfs mount, open
# expect-errors regions in the kernel log, plus whatever the test queues
# with mmlab_on_exit.
#
# Kernel-log markers: code that provokes kernel errors on purpose wraps
# them in mmlab_expect_errors_begin/_end. The VM's dmesg scan ignores
# error-level lines about mmlab and allocation-failure stack dumps between
# the two markers (never WARNING/BUG/Oops/sanitizer reports).

MMLAB_LIB_DIR=$(cd "$(dirname "$0")" && pwd)
MMLAB_TEST=$(basename "$0")

# The kselftest KTAP helpers: installed next to the runner (kselftest
# install layout: <base>/kselftest/ and <base>/mmlab/), or in KSFT_SRC
# when run from the source tree.
for _d in "${BASE_DIR:-}" "$MMLAB_LIB_DIR/.." "${KSFT_SRC:-}"; do
	if [ -n "$_d" ] && [ -r "$_d/kselftest/ktap_helpers.sh" ]; then
		# shellcheck disable=SC1091 # from the kernel tree
		. "$_d/kselftest/ktap_helpers.sh"
		break
	fi
done
if ! command -v ktap_test_pass >/dev/null 2>&1; then
	echo "$MMLAB_TEST: kselftest/ktap_helpers.sh not found (set BASE_DIR or KSFT_SRC)" >&2
	exit 4
fi

MMLAB_SYS=/sys/module/mmlab
MMLAB_STATUS=/proc/mmlab/status
MMLAB_DBG=/sys/kernel/debug/mmlab
MMLAB_TMP=
MMLAB_MARKS=0
MMLAB_MARK=
MMLAB_EXPECTING=0
MMLAB_WAS_LOADED=0
MMLAB_WAS_PARAMS=
MMLAB_EXIT_HOOKS=
MMLAB_DEVKMSG_OLD=
MMLAB_DEBUGFS_MOUNTED=0
MMLAB_CASE_FAILED=0
MMLAB_SKIP_REASON=

mmlab_msg()
{
	printf '# %s\n' "$*"
}

# Mark the running case failed, with a reason.
mmlab_bad()
{
	printf '# FAIL: %s\n' "$*"
	MMLAB_CASE_FAILED=1
	return 1
}

mmlab_skip_case()
{
	MMLAB_SKIP_REASON=$*
	return "$KSFT_SKIP"
}

# expect_eq WHAT GOT WANT
expect_eq()
{
	[ "$2" = "$3" ] || mmlab_bad "$1: got '$2', want '$3'"
}

# expect_match WHAT TEXT ERE: TEXT (may be several lines) has a line
# matching the extended regular expression ERE.
expect_match()
{
	printf '%s\n' "$2" | grep -Eq -- "$3" ||
		mmlab_bad "$1: no line matches /$3/ in: $(printf '%s' "$2" | head -c 300)"
}

expect_no_match()
{
	if printf '%s\n' "$2" | grep -Eq -- "$3"; then
		mmlab_bad "$1: unexpected /$3/ in: $(printf '%s' "$2" | head -c 300)"
	fi
	return 0
}

# expect_num_le WHAT A B: A <= B, both integers.
expect_num_le()
{
	case "$2$3" in
	*[!0-9-]* | '') mmlab_bad "$1: not numbers: '$2' '$3'"; return 1 ;;
	esac
	[ "$2" -le "$3" ] || mmlab_bad "$1: $2 > $3"
}

# mmlab_result ok|"not ok" DESCRIPTION [DIRECTIVE]: one KTAP line, counted
# in ktap_helpers.sh's counters (printed with printf: its __ktap_test
# echoes unquoted, which globs and squeezes descriptions).
mmlab_result()
{
	printf '%s %d %s%s\n' "$1" "$KTAP_TESTNO" "$2" "${3:+ # $3}"
	KTAP_TESTNO=$((KTAP_TESTNO + 1))
	case $1 in
	"not ok") KTAP_CNT_FAIL=$((KTAP_CNT_FAIL + 1)) ;;
	*)
		case ${3:-} in
		SKIP*) KTAP_CNT_SKIP=$((KTAP_CNT_SKIP + 1)) ;;
		*) KTAP_CNT_PASS=$((KTAP_CNT_PASS + 1)) ;;
		esac
		;;
	esac
}

# mmlab_case DESCRIPTION FUNCTION [ARG]...
mmlab_case()
{
	_mc_desc=$1
	shift
	MMLAB_CASE_FAILED=0
	MMLAB_SKIP_REASON=
	_mc_rc=0
	"$@" || _mc_rc=$?
	if [ "$_mc_rc" -eq "$KSFT_SKIP" ] && [ "$MMLAB_CASE_FAILED" -eq 0 ]; then
		mmlab_result ok "$_mc_desc" "SKIP $MMLAB_SKIP_REASON"
	elif [ "$_mc_rc" -eq 0 ] && [ "$MMLAB_CASE_FAILED" -eq 0 ]; then
		mmlab_result ok "$_mc_desc"
	else
		[ "$MMLAB_CASE_FAILED" -ne 0 ] || mmlab_msg "FAIL: step returned $_mc_rc"
		mmlab_result "not ok" "$_mc_desc"
	fi
}

# Queue a command (a string, eval'd) for the exit trap, last in first run.
mmlab_on_exit()
{
	MMLAB_EXIT_HOOKS="$1
$MMLAB_EXIT_HOOKS"
}

mmlab_skip_all()
{
	echo "1..0 # SKIP $*"
	exit "$KSFT_SKIP"
}

mmlab_init()
{
	ktap_print_header
	if [ "$(id -u)" -ne 0 ]; then
		mmlab_skip_all "must be run as root"
	fi
	MMLAB_TMP=$(mktemp -d /tmp/mmlab-selftest.XXXXXX)
	trap mmlab_cleanup EXIT
	trap 'exit 130' INT
	trap 'exit 143' TERM
	trap 'exit 129' HUP

	# Userspace writes to /dev/kmsg are rate limited by default: the
	# markers below must never be dropped.
	if [ -w /proc/sys/kernel/printk_devkmsg ]; then
		_old=$(cat /proc/sys/kernel/printk_devkmsg)
		if [ "$_old" != on ] && echo on > /proc/sys/kernel/printk_devkmsg 2>/dev/null; then
			MMLAB_DEVKMSG_OLD=$_old
		fi
	fi
	if ! grep -q ' /sys/kernel/debug debugfs ' /proc/mounts; then
		mount -t debugfs debugfs /sys/kernel/debug 2>/dev/null &&
			MMLAB_DEBUGFS_MOUNTED=1
	fi

	MMLAB_KO=$(mmlab_find_ko)
	MMLAB_TOOL=${MMLAB_TOOL:-$(command -v mmlab || true)}
	MMLAB_RUNAS=${MMLAB_RUNAS:-}
	for _r in "$MMLAB_LIB_DIR/mmlab_runas" "$MMLAB_LIB_DIR/../build/selftests/mmlab_runas"; do
		if [ -z "$MMLAB_RUNAS" ] && [ -x "$_r" ]; then
			MMLAB_RUNAS=$_r
		fi
	done
	NOBODY_UID=$(id -u nobody 2>/dev/null || echo 65534)
	NOBODY_GID=$(id -g nobody 2>/dev/null || echo 65534)
	mmlab_save_state
}

mmlab_cleanup()
{
	_rc=$?
	set +e
	if [ "$MMLAB_EXPECTING" -eq 1 ]; then
		mmlab_expect_errors_end
	fi
	_hooks=$MMLAB_EXIT_HOOKS
	MMLAB_EXIT_HOOKS=
	printf '%s\n' "$_hooks" | while IFS= read -r _h; do
		[ -z "$_h" ] || eval "$_h"
	done
	if ! mmlab_restore_state; then
		mmlab_msg "FAIL: could not restore mmlab's state ($MMLAB_WAS_LOADED '$MMLAB_WAS_PARAMS')"
		[ "$_rc" -ne 0 ] || _rc=$KSFT_FAIL
	fi
	if [ -n "$MMLAB_DEVKMSG_OLD" ]; then
		echo "$MMLAB_DEVKMSG_OLD" > /proc/sys/kernel/printk_devkmsg
	fi
	if [ "$MMLAB_DEBUGFS_MOUNTED" -eq 1 ]; then
		umount /sys/kernel/debug
	fi
	[ -z "$MMLAB_TMP" ] || rm -rf "$MMLAB_TMP"
	exit "$_rc"
}

mmlab_finish()
{
	ktap_print_totals
	_ran=$((KTAP_CNT_PASS + KTAP_CNT_FAIL + KTAP_CNT_SKIP))
	if [ "$_ran" -ne "$KSFT_NUM_TESTS" ]; then
		mmlab_msg "planned $KSFT_NUM_TESTS tests but ran $_ran"
		exit "$KSFT_FAIL"
	fi
	if [ "$KTAP_CNT_FAIL" -ne 0 ]; then
		exit "$KSFT_FAIL"
	fi
	if [ "$KTAP_CNT_PASS" -eq 0 ] && [ "$KTAP_CNT_SKIP" -ne 0 ]; then
		exit "$KSFT_SKIP"
	fi
	exit "$KSFT_PASS"
}

# --- the module ---------------------------------------------------------

# MMLAB_KO overrides; else the running kernel's module tree.
mmlab_find_ko()
{
	if [ -n "${MMLAB_KO:-}" ]; then
		[ -r "$MMLAB_KO" ] && echo "$MMLAB_KO"
		return 0
	fi
	find "/lib/modules/$(uname -r)" -name 'mmlab.ko*' 2>/dev/null | head -n 1
}

# Tests that load and unload mmlab themselves need the module file.
mmlab_need_module()
{
	if [ -z "$MMLAB_KO" ]; then
		mmlab_skip_all "mmlab.ko not found (set MMLAB_KO or install the module)"
	fi
}

# Tests that use a loaded mmlab: load it with defaults if it is not (the
# exit trap unloads it again).
mmlab_need_loaded()
{
	mmlab_loaded && return 0
	[ -n "$MMLAB_KO" ] ||
		mmlab_skip_all "mmlab is not loaded and mmlab.ko was not found (set MMLAB_KO)"
	if ! mmlab_insmod; then
		echo "Bail out! cannot load mmlab: $(cat "$MMLAB_TMP/insmod.err")"
		exit "$KSFT_FAIL"
	fi
}

mmlab_need_tool()
{
	if [ -z "$MMLAB_TOOL" ] || [ ! -x "$MMLAB_TOOL" ]; then
		mmlab_skip_all "the mmlab tool is not in PATH (set MMLAB_TOOL)"
	fi
}

mmlab_need_runas()
{
	if [ -z "$MMLAB_RUNAS" ]; then
		mmlab_skip_all "mmlab_runas helper not built (make -C selftests)"
	fi
}

mmlab_loaded()
{
	[ -d "$MMLAB_SYS" ]
}

# The parameters mmlab was loaded with, as insmod words (a memmap range
# included; arena_size then reads back as the range's size).
mmlab_params()
{
	_pp=$MMLAB_SYS/parameters _pm=
	if [ -r "$_pp/memmap_size" ] && [ "$(cat "$_pp/memmap_size")" != 0 ]; then
		_pm=" memmap_base=$(cat "$_pp/memmap_base") memmap_size=$(cat "$_pp/memmap_size")"
	fi
	echo "arena_size=$(cat "$_pp/arena_size") max_order=$(cat "$_pp/max_order")$_pm"
}

# mmlab_insmod [PARAM=VALUE]...: insmod's stderr is left in $MMLAB_TMP/insmod.err.
mmlab_insmod()
{
	insmod "$MMLAB_KO" "$@" 2> "$MMLAB_TMP/insmod.err"
}

mmlab_rmmod()
{
	rmmod mmlab 2> "$MMLAB_TMP/rmmod.err"
}

mmlab_save_state()
{
	if mmlab_loaded; then
		MMLAB_WAS_LOADED=1
		MMLAB_WAS_PARAMS=$(mmlab_params)
	fi
}

mmlab_restore_state()
{
	if [ "$MMLAB_WAS_LOADED" -eq 1 ]; then
		if mmlab_loaded; then
			[ "$(mmlab_params)" != "$MMLAB_WAS_PARAMS" ] || return 0
			rmmod mmlab || return 1
		fi
		[ -n "$MMLAB_KO" ] || return 1
		# shellcheck disable=SC2086 # PARAM=VALUE words
		insmod "$MMLAB_KO" $MMLAB_WAS_PARAMS
	elif mmlab_loaded; then
		rmmod mmlab
	fi
}

# Load with the given parameters unless already loaded (with any).
mmlab_ensure_loaded()
{
	mmlab_loaded || mmlab_insmod "$@"
}

mmlab_ensure_unloaded()
{
	! mmlab_loaded || mmlab_rmmod
}

# mmlab_status KEY: the first word of KEY's value in /proc/mmlab/status.
mmlab_status()
{
	awk -v k="$1" -F: '
		$1 == k { sub(/^[ \t]+/, "", $2); split($2, w, " "); print w[1]; f = 1; exit }
		END { exit !f }' "$MMLAB_STATUS"
}

# mmlab_stat NAME: a counter of debugfs mmlab/stats ("name value" lines).
mmlab_stat()
{
	awk -v k="$1" '$1 == k { print $2; f = 1; exit } END { exit !f }' "$MMLAB_DBG/stats"
}

# mmlab_size_bytes SIZE: "64M", "640K", "1G", "65536" -> bytes.
mmlab_size_bytes()
{
	awk -v s="$1" 'BEGIN {
		m = 1; u = substr(s, length(s))
		if (u == "K" || u == "k") m = 1024
		else if (u == "M" || u == "m") m = 1048576
		else if (u == "G" || u == "g") m = 1073741824
		printf "%.0f\n", (s + 0) * m }'
}

# mmlab_expect_chunks FRAMES MAX_ORDER [PFN] -> "CHUNKS ORDER_MIN ORDER_MAX":
# the cut the arena must have, written apart from the module's arithmetic
# on purpose: from PFN (default 0), the largest block of at most MAX_ORDER
# that fits in what remains and is aligned where it stands, again and
# again. From pfn 0 the blocks only shrink, so this is the greedy cut of
# the page backing; a memmap range at an unaligned base cuts differently.
mmlab_expect_chunks()
{
	_rem=$1 _pfn=${3:-0} _n=0 _min=99 _max=-1
	while [ "$_rem" -gt 0 ]; do
		_o=0
		while [ "$_o" -lt "$2" ] && [ $((2 << _o)) -le "$_rem" ] &&
		      [ $((_pfn % (2 << _o))) -eq 0 ]; do
			_o=$((_o + 1))
		done
		_pfn=$((_pfn + (1 << _o)))
		_rem=$((_rem - (1 << _o)))
		_n=$((_n + 1))
		[ "$_o" -ge "$_min" ] || _min=$_o
		[ "$_o" -le "$_max" ] || _max=$_o
	done
	echo "$_n $_min $_max"
}

# mmlab_expect_arena BYTES FRAMES MAX_ORDER CHUNKS ORDER_MIN ORDER_MAX: a
# freshly loaded arena, as /proc/mmlab/status shows it: that size, all
# frames free, that cut.
mmlab_expect_arena()
{
	expect_eq "ArenaTotal (kB)" "$(mmlab_status ArenaTotal)" $(($1 / 1024))
	expect_eq "Frames" "$(mmlab_status Frames)" "$2"
	expect_eq "FramesFree" "$(mmlab_status FramesFree)" "$2"
	expect_eq "MaxOrder" "$(mmlab_status MaxOrder)" "$3"
	expect_eq "Chunks" "$(mmlab_status Chunks)" "$4"
	expect_eq "ChunkOrderMin" "$(mmlab_status ChunkOrderMin)" "$5"
	expect_eq "ChunkOrderMax" "$(mmlab_status ChunkOrderMax)" "$6"
}

# mmlab_load_fails ERRNO_ERE WHY_ERE [PARAM=VALUE]...: insmod with those
# parameters must fail with an error matching ERRNO_ERE and log a
# "mmlab: " line matching WHY_ERE (any, if empty), inside expect-errors
# markers, and leave mmlab unloaded. Returns 1 if it loaded.
mmlab_load_fails()
{
	_lf_err=$1 _lf_why=$2
	shift 2

	mmlab_expect_errors_begin
	_lf_rc=0
	mmlab_insmod "$@" || _lf_rc=$?
	_lf_log=$(mmlab_dmesg_since)
	mmlab_expect_errors_end

	if [ "$_lf_rc" -eq 0 ]; then
		mmlab_bad "insmod $* succeeded"
		mmlab_rmmod || true
		return 1
	fi
	expect_match "insmod's error" "$(cat "$MMLAB_TMP/insmod.err")" "$_lf_err"
	expect_match "kernel log" "$_lf_log" "^mmlab: .*$_lf_why"
	[ ! -d "$MMLAB_SYS" ] || mmlab_bad "mmlab is loaded after a failed insmod"
	[ ! -e /proc/mmlab ] || mmlab_bad "/proc/mmlab exists after a failed insmod"
	return 0
}

# --- the kernel log -----------------------------------------------------

mmlab_kmsg()
{
	echo "mmlab-selftest: $*" > /dev/kmsg
}

# The kernel log without timestamps.
mmlab_dmesg()
{
	dmesg | sed 's/^\[[^]]*\] //'
}

# A fresh marker in the kernel log; mmlab_dmesg_since prints what follows.
mmlab_mark()
{
	MMLAB_MARKS=$((MMLAB_MARKS + 1))
	MMLAB_MARK="$MMLAB_TEST#$$.$MMLAB_MARKS"
	mmlab_kmsg "${1:-mark} $MMLAB_MARK"
}

mmlab_dmesg_since()
{
	mmlab_dmesg | awk -v m=" $MMLAB_MARK" '
		f { print }
		length($0) >= length(m) && substr($0, length($0) - length(m) + 1) == m { f = 1 }'
}

mmlab_expect_errors_begin()
{
	mmlab_mark expect-errors-begin
	MMLAB_EXPECTING=1
}

mmlab_expect_errors_end()
{
	mmlab_kmsg "expect-errors-end $MMLAB_MARK"
	MMLAB_EXPECTING=0
}

# --- users and memory ---------------------------------------------------

# mmlab_as_nobody PROGRAM [ARG]...
mmlab_as_nobody()
{
	"$MMLAB_RUNAS" "$NOBODY_UID" "$NOBODY_GID" "$@"
}

# MemFree in kB, after giving back what the page cache holds.
#
# No compaction: it drained the per-CPU page lists (pages parked there
# are not counted free), but did not remove the noise it was added for,
# and on 6.12 under TCG, with page_poison=1, a whole-memory compaction
# after the MMU's tests ran for minutes (a soft lockup in
# __kernel_poison_pages under migrate_pages, and no end within a test's
# 240 s), SIGKILL or not. The leak checks allow for the per-CPU lists.
mmlab_free_kb()
{
	sync
	echo 3 > /proc/sys/vm/drop_caches 2>/dev/null || true
	awk '$1 == "MemFree:" { print $2 }' /proc/meminfo
}
