#!/bin/bash
# SPDX-License-Identifier: GPL-2.0
#
# Module-independent tests of the mmlab command line: the grammar, help,
# --version, usage errors (exit 2, one line) and, when the module is not
# loaded, the "module not loaded" path (exit 1, one line). Prints one
# "ok"/"not ok" line per check and "N passed, N failed" last; exits
# non-zero if anything failed.
#
# Usage: test-cli.sh [ path/to/mmlab ]

here=$(cd "$(dirname "$0")" && pwd)
MMLAB=${1:-$here/mmlab}
passed=0
failed=0
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

check()
{
	local desc=$1

	shift
	if "$@"; then
		passed=$((passed + 1))
		echo "ok $((passed + failed)) $desc"
	else
		failed=$((failed + 1))
		echo "not ok $((passed + failed)) $desc"
		echo "#   rc=$rc stdout: $(head -c 300 "$tmp/out")"
		echo "#   stderr: $(head -c 300 "$tmp/err")"
	fi
}

# run mmlab ARGS...: sets rc, fills $tmp/out and $tmp/err
run()
{
	timeout 10 "$MMLAB" "$@" >"$tmp/out" 2>"$tmp/err"
	rc=$?
}

lines() { wc -l <"$1"; }
has() { grep -q -- "$2" "$1"; }

# exit 0, stdout contains $1, nothing on stderr
is_help()
{
	[ "$rc" -eq 0 ] && has "$tmp/out" "$1" && [ ! -s "$tmp/err" ]
}

# exit 2, stdout empty, exactly one line on stderr mentioning $1
is_usage_error()
{
	[ "$rc" -eq 2 ] && [ ! -s "$tmp/out" ] &&
		[ "$(lines "$tmp/err")" -eq 1 ] && has "$tmp/err" "$1"
}

is_not_loaded()
{
	[ "$rc" -eq 1 ] && [ ! -s "$tmp/out" ] &&
		[ "$(lines "$tmp/err")" -eq 1 ] &&
		has "$tmp/err" "^mmlab: module not loaded"
}

if [ ! -x "$MMLAB" ]; then
	echo "not ok 1 $MMLAB is not an executable"
	echo "0 passed, 1 failed"
	exit 1
fi

grammar='Usage: mmlab \[ OPTIONS \] OBJECT { COMMAND | help }'

run help
check "help exits 0 and prints the grammar" is_help "$grammar"
run -h
check "-h exits 0 and prints the grammar" is_help "$grammar"
run --help
check "--help exits 0 and prints the grammar" is_help "$grammar"
run -j help
check "-j help still prints the grammar" is_help "$grammar"
run arena help
check "arena help" is_help "mmlab arena validate"
run stats help
check "stats help" is_help "mmlab stats reset"
run monitor help
check "monitor help" is_help "mmlab monitor \[ count N \]"

version=$(sed -n 's/^#define MMLAB_VERSION[[:space:]]*"\(.*\)"/\1/p' \
	"$here/../../kmod/version.h" 2>/dev/null)
[ -n "$version" ] || version='[0-9][0-9.]*'
is_version()
{
	[ "$rc" -eq 0 ] && grep -qx "mmlab $version" "$tmp/out"
}

run --version
check "--version prints \"mmlab $version\"" is_version
run -V
check "-V prints \"mmlab $version\"" is_version

run
check "no object: usage on stderr, exit 2" \
	test "$rc" -eq 2 -a ! -s "$tmp/out" -a -s "$tmp/err"
run bogus
check "unknown object: exit 2, one line" is_usage_error 'unknown object "bogus"'
run arena bogus
check "unknown arena command: exit 2, one line" \
	is_usage_error 'arena: unknown command "bogus"'
run stats bogus
check "unknown stats command: exit 2, one line" \
	is_usage_error 'stats: unknown command "bogus"'
run -x arena show
check "unknown option: exit 2, one line" is_usage_error 'unknown option "-x"'
run --bogus
check "unknown long option: exit 2, one line" \
	is_usage_error 'unknown option "--bogus"'
run arena show extra
check "extra argument: exit 2, one line" \
	is_usage_error 'unexpected argument "extra"'
run monitor count 0
check "monitor count 0: exit 2, one line" is_usage_error 'count'
run monitor count x
check "monitor count x: exit 2, one line" is_usage_error 'count'
run monitor count
check "monitor count without N: exit 2, one line" is_usage_error 'count'

if [ -d /sys/module/mmlab ]; then
	echo "# mmlab.ko is loaded: skipping the not-loaded checks"
else
	for cmd in "arena show" "arena" "arena validate" "stats show" \
		   "stats reset" "monitor" "monitor count 1"; do
		# shellcheck disable=SC2086 # split the command words
		run $cmd
		check "$cmd without the module: exit 1, one line" \
			is_not_loaded
		# shellcheck disable=SC2086
		run -j $cmd
		check "-j $cmd without the module: exit 1, one line" \
			is_not_loaded
	done
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
