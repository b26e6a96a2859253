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
run buddy help
check "buddy help" is_help "mmlab buddy alloc { order N | size SIZE }"
run buddy help
check "buddy help tells that transient blocks go at exit" \
	is_help "freed when it exits"
run frag help
check "frag help" is_help "mmlab frag \[ show \] \[ --svg FILE \]"
run help
check "help lists buddy, allocator and frag" \
	is_help "OBJECT := { arena | stats | monitor | buddy | allocator | frag |"
run help
check "help lists cache, kmalloc, kfree and slabtop" \
	is_help "^ *cache | kmalloc | kfree | slabtop |$"
run help
check "help lists space, translate, tlb and access" \
	is_help "^ *space | translate | tlb | access }$"
run space help
check "space help" is_help "mmlab space map ID ADDR LEN \[ prot PROT \] \[ kind KIND \] \[ shm SHM \]"
run space help
check "space help tells that spaces are persistent" \
	is_help "Spaces are persistent"
run translate help
check "translate help" is_help "mmlab translate SPACE ADDR"
run tlb help
check "tlb help" is_help "mmlab tlb set \[ entries N \] \[ ways W \] \[ repl { lru | random } \] \[ no-asid \]"
run tlb help
check "tlb help tells of the defaults of set" \
	is_help "defaults (64 entries, 4 ways, lru, with ASIDs)"
run access help
check "access help" is_help "mmlab access SPACE --trace FILE"
run cache help
check "cache help" is_help "mmlab cache create NAME size SIZE \[ align A \]"
run cache help
check "cache help tells that caches and objects are persistent" \
	is_help "Caches and objects are persistent"
run kmalloc help
check "kmalloc help" is_help "mmlab kmalloc SIZE \[ count N \] \[ persistent | transient \]"
run kfree help
check "kfree help" is_help "mmlab kfree HANDLE..."
run slabtop help
check "slabtop help" is_help "mmlab slabtop \[ -d | --delay SECS \] \[ -s | --sort KEY \] \[ -o | --once \]"
run help
check "help has the allocator's grammar" \
	is_help "mmlab allocator { show | set { buddy | fit \[ policy POLICY \] } | help }"
run allocator help
check "allocator help" \
	is_help "mmlab allocator set { buddy | fit \[ policy POLICY \] }"
run allocator help
check "allocator help names the policies" \
	is_help "POLICY := { first | next | best | worst | quick }"
run buddy help
check "buddy help tells of partitions under the fit allocator" \
	is_help "Under the fit allocator"

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
run --color=sometimes frag
check "--color=sometimes: exit 2, one line" \
	is_usage_error '--color takes auto, always or never, not "sometimes"'

# usage errors of buddy and frag: found before the module is looked for,
# so they are usage errors with or without it
usage_cases=(
	"buddy bogus|buddy: unknown command \"bogus\""
	"buddy show extra|unexpected argument \"extra\""
	"buddy alloc|buddy alloc: needs an order or a size"
	"buddy alloc order|order needs a number 0..63, not \"\""
	"buddy alloc order x|order needs a number 0..63, not \"x\""
	"buddy alloc order -1|order needs a number 0..63"
	"buddy alloc order 64|order needs a number 0..63"
	"buddy alloc order 1 size 4K|give an order or a size, once"
	"buddy alloc order 1 order 2|give an order or a size, once"
	"buddy alloc size 0|size needs bytes > 0"
	"buddy alloc size 4KB|size needs bytes > 0"
	"buddy alloc size 17179869184G|size needs bytes > 0"
	"buddy alloc order 1 mt sticky|mt needs unmovable, movable or reclaimable"
	"buddy alloc order 1 mt|mt needs unmovable"
	"buddy alloc order 1 count 0|count needs a number 1..1024"
	"buddy alloc order 1 count 1025|count needs a number 1..1024"
	"buddy alloc order 1 forever|unknown argument \"forever\""
	"buddy free|buddy free: needs a handle"
	"buddy free 0x|a handle is a 64-bit number"
	"buddy free 0xg|a handle is a 64-bit number"
	"buddy free 0x1 -2|not \"-2\""
	"buddy free 18446744073709551616|a handle is a 64-bit number"
	"buddy compact order|order needs a number 0..63"
	"buddy compact order 1 now|unexpected argument \"now\""
	"buddy compact 3|unexpected argument \"3\""
	"buddy freelist all|unexpected argument \"all\""
	"buddy pagemap all|unexpected argument \"all\""
	"frag bogus|frag: unknown argument \"bogus\""
	"frag --svg|--svg needs a file name"
	"frag --svg=|--svg needs a file name"
	"frag --group 3|--group needs a power of two, not \"3\""
	"frag --group 0|--group needs a power of two"
	"frag --group|--group needs a power of two"
	"frag --width 5|--width needs columns 16..4096"
	"frag --watch=0|--watch needs seconds > 0"
	"frag --watch=1.2345|--watch needs seconds > 0"
	"frag --watch 2 3|frag: unknown argument \"3\""
	"frag --color=rainbow|--color takes auto, always or never"
	"-j frag --svg x.svg|--svg and -j exclude each other"
	"allocator bogus|allocator: unknown command \"bogus\""
	"allocator show extra|allocator show: unexpected argument \"extra\""
	"allocator set|allocator set: needs buddy or fit"
	"allocator set slab|allocator set: unknown allocator \"slab\" (buddy, fit)"
	"allocator set Fit|unknown allocator \"Fit\""
	"allocator set fit policy|policy needs first, next, best, worst or quick, not \"\""
	"allocator set fit policy good|policy needs first, next, best, worst or quick, not \"good\""
	"allocator set fit policy best-fit|not \"best-fit\""
	"allocator set fit policy best worst|allocator set: unexpected argument \"worst\""
	"allocator set fit best|allocator set: unexpected argument \"best\""
	"allocator set buddy policy first|allocator set: a policy is for the fit allocator"
	"allocator set buddy fit|allocator set: unexpected argument \"fit\""
	"cache bogus|cache: unknown command \"bogus\""
	"cache create|cache create: needs a cache name"
	"cache create x|cache create: needs a size"
	"cache create x size|cache create: size needs bytes > 0 (K, M, G suffixes), not \"\""
	"cache create x size 0|size needs bytes > 0"
	"cache create x size 1Q|size needs bytes > 0"
	"cache create x size 64 align 3|cache create: align needs 0 or a power of two, not \"3\""
	"cache create x size 64 align|align needs 0 or a power of two"
	"cache create x size 64 flags red|flags needs FLAG\[,FLAG...\] of hwcache-align, red-zone, poison, ctor, checks, not \"red\""
	"cache create x size 64 flags red-zone,|flags needs FLAG"
	"cache create x size 64 ctor 256|ctor needs a byte 0..255 (0xHEX or decimal), not \"256\""
	"cache create x size 64 ctor 0xg|ctor needs a byte 0..255"
	"cache create x size 64 mt movable|mt needs unmovable or reclaimable (slabs never move), not \"movable\""
	"cache create x size 64 mt|mt needs unmovable or reclaimable"
	"cache create x size 64 forever|cache create: unknown argument \"forever\""
	"cache create 0123456789abcdef0123456789abcdef size 64|a cache name has at most 31 characters, not 32"
	"cache destroy|cache destroy: needs a cache name"
	"cache destroy a b|cache destroy: unexpected argument \"b\""
	"cache show a b|cache show: unexpected argument \"b\""
	"cache alloc|cache alloc: needs a cache name"
	"cache alloc x count 0|cache alloc: count needs a number 1..1024, not \"0\""
	"cache alloc x count 1025|count needs a number 1..1024"
	"cache alloc x count|count needs a number 1..1024, not \"\""
	"cache alloc x 5|cache alloc: unknown argument \"5\""
	"cache free|cache free: needs a handle"
	"cache free x|cache free: needs a handle"
	"cache free x 0xg|cache free: a handle is a 64-bit number, 0xHEX or decimal, not \"0xg\""
	"cache free 0x1 x|a handle is a 64-bit number, 0xHEX or decimal, not \"x\""
	"kmalloc|kmalloc: needs a size"
	"kmalloc 0|kmalloc: size needs bytes > 0 (K, M, G suffixes), not \"0\""
	"kmalloc 1X|size needs bytes > 0"
	"kmalloc 64 count 0|kmalloc: count needs a number 1..1024"
	"kmalloc 64 often|kmalloc: unknown argument \"often\""
	"kfree|kfree: needs a handle"
	"kfree 0x1 y|kfree: a handle is a 64-bit number"
	"slabtop bogus|slabtop: unknown argument \"bogus\""
	"slabtop -d 0|slabtop: -d needs seconds > 0 (up to 3 decimals), not \"0\""
	"slabtop -d|-d needs seconds > 0 (up to 3 decimals), not \"\""
	"slabtop --delay=x|-d needs seconds > 0"
	"slabtop -s x|slabtop: -s needs a sort key (a b c l v n o p s u L, or a word), not \"x\""
	"slabtop --sort=|-s needs a sort key"
	"slabtop -s|-s needs a sort key"
	"slabtop --svg|slabtop: --svg needs a file name"
	"slabtop -o extra|slabtop: unknown argument \"extra\""
	"-j slabtop --svg x.svg|slabtop: --svg and -j exclude each other"
)
for c in "${usage_cases[@]}"; do
	# shellcheck disable=SC2086 # split the command words
	run ${c%%|*}
	check "${c%%|*}: exit 2, one line" is_usage_error "${c#*|}"
done

# usage errors of the software MMU's commands, found before netlink
mmu_usage=(
	"space bogus|space: unknown command \"bogus\""
	"space show x|space show: a space id is a number 1..4294967295, not \"x\""
	"space show 0|a space id is a number 1..4294967295, not \"0\""
	"space show 4294967296|a space id is a number 1..4294967295"
	"space show 1 2|space show: unexpected argument \"2\""
	"space create bogus|space create: unknown argument \"bogus\""
	"space create geometry|space create: geometry needs a preset or a split such as 10/10/12 (1..31 characters), not \"\""
	"space create geometry 0123456789012345678901234567890123|geometry needs a preset"
	"space create inverted 2|space create: unknown argument \"2\""
	"space destroy|space destroy: needs a space id"
	"space destroy -1|space destroy: a space id is a number 1..4294967295, not \"-1\""
	"space destroy 1 2|space destroy: unexpected argument \"2\""
	"space map|space map: needs a space id"
	"space map 1|space map: needs an address"
	"space map 1 0x1000|space map: needs a length"
	"space map 1 zz 4K|space map: an address is 0xHEX or decimal, not \"zz\""
	"space map 1 0x1000 0|space map: a length is bytes > 0 (0xHEX, or K, M, G suffixes), not \"0\""
	"space map 1 0x1000 4Q|a length is bytes > 0"
	"space map 1 0x1000 0x|a length is bytes > 0"
	"space map 1 0x1000 4K prot|space map: needs protections"
	"space map 1 0x1000 4K prot rwq|space map: protections are r, w, x (as \"rw\" or \"r-x\") or none, not \"rwq\""
	"space map 1 0x1000 4K prot rr|protections are r, w, x"
	"space map 1 0x1000 4K prot RW|protections are r, w, x"
	"space map 1 0x1000 4K prot r-|protections are r, w, x"
	"space map 1 0x1000 4K kind|space map: kind needs code, data, heap, stack or shared, not \"\""
	"space map 1 0x1000 4K kind text|kind needs code, data, heap, stack or shared, not \"text\""
	"space map 1 0x1000 4K shm|space map: shm needs a shared object id 1..4294967295, not \"\""
	"space map 1 0x1000 4K shm 0|shm needs a shared object id"
	"space map 1 0x1000 4K kind heap shm 2|space map: shm is for a shared region, not a heap one"
	"space map 1 0x1000 4K private|space map: unknown argument \"private\""
	"space unmap 1 0x1000|space unmap: needs a length"
	"space unmap 1 0x1000 4K x|space unmap: unexpected argument \"x\""
	"space protect 1 0x1000 4K|space protect: needs protections"
	"space protect 1 0x1000 4K rwy|space protect: protections are r, w, x"
	"space protect 1 0x1000 4K r x|space protect: unexpected argument \"x\""
	"space grow 1 0x1000|space grow: needs a number of pages"
	"space grow 1 0x1000 0|space grow: pages is a non-zero number (negative shrinks a heap), not \"0\""
	"space grow 1 0x1000 x|pages is a non-zero number"
	"space grow 1 0x1000 +2|pages is a non-zero number"
	"space grow 1 0x1000 1 2|space grow: unexpected argument \"2\""
	"space grow 1 -0x1000 1|space grow: an address is 0xHEX or decimal, not \"-0x1000\""
	"space clone|space clone: needs a space id"
	"space clone 1 forever|space clone: unexpected argument \"forever\""
	"space maps|space maps: needs a space id"
	"space maps 1 2|space maps: unexpected argument \"2\""
	"space write 1 0x1000|space write: needs a string of at least one byte"
	"space write 1 0x1000 a b|space write: unexpected argument \"b\""
	"space read 1 0x1000|space read: needs a length"
	"space read 1 0x1000 0|space read: a length is bytes > 0"
	"space read 1 0x1000 65537|space read: reads 1..65536 bytes, not 65537"
	"space read 1 0x1000 4K more|space read: unexpected argument \"more\""
	"translate|translate: needs a space id"
	"translate 1|translate: needs an address"
	"translate x 0x1000|translate: a space id is a number 1..4294967295, not \"x\""
	"translate 1 0xg|translate: an address is 0xHEX or decimal, not \"0xg\""
	"translate 1 0x1000 2|translate: unexpected argument \"2\""
	"tlb bogus|tlb: unknown command \"bogus\""
	"tlb show all|tlb show: unexpected argument \"all\""
	"tlb set entries|tlb set: entries needs a number 1..4096, not \"\""
	"tlb set entries 0|tlb set: entries needs a number 1..4096, not \"0\""
	"tlb set entries 4097|entries needs a number 1..4096"
	"tlb set ways x|tlb set: ways needs a number 1..4096, not \"x\""
	"tlb set repl fifo|tlb set: repl needs lru or random, not \"fifo\""
	"tlb set repl|repl needs lru or random"
	"tlb set asid|tlb set: unknown argument \"asid\""
	"access|access: needs a space id"
	"access 1|access: needs --trace FILE"
	"access x --trace t|access: a space id is a number 1..4294967295, not \"x\""
	"access 1 --trace|access: --trace needs a file name (- for stdin)"
	"access 1 --trace=|access: --trace needs a file name"
	"access 1 t|access: unknown argument \"t\""
	"access 1 --trace t extra|access: unknown argument \"extra\""
)
for c in "${mmu_usage[@]}"; do
	# shellcheck disable=SC2086 # split the command words
	run ${c%%|*}
	check "${c%%|*}: exit 2, one line" is_usage_error "${c#*|}"
done

# access: the trace is read whole before the module is asked anything, so
# a bad line is a usage error (exit 2, FILE:LINE) with or without it
refs=$here/traces/x86-32.refs
bad_refs=(
	"R 0x1000\nQ 0x2000\n|:2: unknown access \"Q\" (R, W or X, either case)"
	"# c\n\nW\n|:3: \"W\" needs an address"
	"R 0x1000 W\n|:1: too many words: a line is KIND ADDR"
	"x 0xg\n|:1: an address is 0xHEX or decimal, not \"0xg\""
	"R 0x4000000000000000\n|:1: an address is below 2^62, not \"0x4000000000000000\""
	"RW 4096\n|:1: unknown access \"RW\""
)
for c in "${bad_refs[@]}"; do
	printf '%b' "${c%%|*}" > "$tmp/bad.refs"
	run access 1 --trace "$tmp/bad.refs"
	check "access of a bad trace (${c#*|}): exit 2, file:line" \
		is_usage_error "^mmlab: access: $tmp/bad.refs${c#*|}"
done
printf 'R 0x1000\nQ\n' > "$tmp/stdin.refs"
run access 1 --trace - < "$tmp/stdin.refs"
check "access of a bad trace on stdin: exit 2, -:2" \
	is_usage_error '^mmlab: access: -:2: unknown access "Q"'
printf '# nothing\n' > "$tmp/empty.refs"
run access 1 --trace "$tmp/empty.refs"
check "access of a trace without references: exit 2" \
	is_usage_error "access: $tmp/empty.refs has no reference"
run access 1 --trace "$tmp/none.refs"
no_refs()
{
	[ "$rc" -eq 1 ] && [ ! -s "$tmp/out" ] && [ "$(lines "$tmp/err")" -eq 1 ] &&
		has "$tmp/err" "^mmlab: access: $tmp/none.refs: No such file or directory\$"
}
check "access of no file: exit 1, one line" no_refs

# 1024 handles are fine for the parser, 1025 are not
many=$(seq 1 1025 | tr '\n' ' ')
# shellcheck disable=SC2086
run buddy free $many
check "buddy free of 1025 handles: exit 2" is_usage_error 'more than 1024 handles'
# shellcheck disable=SC2086
run cache free x $many
check "cache free of 1025 handles: exit 2" \
	is_usage_error 'cache free: more than 1024 handles'
# shellcheck disable=SC2086
run kfree $many
check "kfree of 1025 handles: exit 2" is_usage_error 'kfree: more than 1024 handles'

# frag compare: a userspace replay, no module needed. traces/tiny.trace
# is worked out by hand in Documentation/tools/mmlab.rst.
tiny=$here/traces/tiny.trace
run frag compare help
check "frag compare help" is_help "mmlab frag compare TRACE \[ --every N \]"
run frag compare "$tiny" --color=never
check "frag compare tiny.trace: exit 0, nothing on stderr" \
	test "$rc" -eq 0 -a ! -s "$tmp/err"
for row in "buddy +7 +2 +1 +1 +1 +16 KiB +-" \
	   "first fit +8 +1 +6 +3 +3 +0 B +12" \
	   "next fit +8 +1 +6 +3 +3 +0 B +12" \
	   "best fit +9 +0 +1 +1 +1 +0 B +10" \
	   "worst fit +8 +1 +6 +3 +2 +0 B +15" \
	   "quick fit +9 +0 +1 +1 +1 +0 B +9"; do
	check "tiny.trace: ${row%% +*} ${row#* +}" grep -Eq "^$row\$" "$tmp/out"
done
# the map row under the allocator's name
map_of() { sed -n "/^maps/,\$ { /^$1\$/ { n; p } }" "$tmp/out"; }
for m in "buddy|MmmmmmmmMMM.Mmmm" "first fit|XxxX.X...XXxxx.." \
	 "next fit|Xxx..X...XXxxxX." "best fit|XxxxxXXxxXXxxxX." \
	 "worst fit|Xxx..XX..XXxxx.." "quick fit|XxxxxXXxxXXxxxX."; do
	check "tiny.trace: the map of ${m%|*}" \
		test "$(map_of "${m%|*}")" = "0 |${m#*|}|"
done
check "tiny.trace: unusable index of first fit" \
	grep -Eq '^first fit +0\.000 +0\.333 +1\.000 +1\.000 +1\.000$' "$tmp/out"
check "tiny.trace: fragmentation index of worst fit" \
	grep -Eq '^worst fit +-1\.000 +-1\.000 +0\.167 +0\.417 +0\.542$' "$tmp/out"

run frag compare "$tiny" --every 5 --color=never
check "tiny.trace --every 5: samples at 5, 10, 12" \
	test "$(sed -n '/^over time/,/^$/p' "$tmp/out" | awk '$1 ~ /^[0-9]+$/ { printf "%s:%s:%s ", $1, $2, $6 }')" = "5:1/2:0/0 10:1/2:1/6 12:2/1:1/2 "
run -j frag compare "$tiny"
one_json() { [ "$rc" -eq 0 ] && [ "$(lines "$tmp/out")" -eq 1 ]; }
check "-j frag compare: one line" one_json
check "-j frag compare: worst fit's numbers" \
	has "$tmp/out" '"name":"worst fit","served":8,"failures":1,"frees":3,"skipped":0,"free":6,"holes":3,"largest":2,"internal_frag":0,"search_steps":15,'
check "-j frag compare: the buddy's first block" \
	has "$tmp/out" '"blocks":\[{"start":0,"frames":8,"state":"used"},{"start":8,'
run frag compare "$tiny" --svg "$tmp/c.svg"
svg_ok()
{
	[ "$rc" -eq 0 ] && [ ! -s "$tmp/out" ] &&
		[ "$(head -n 1 "$tmp/c.svg")" = '<?xml version="1.0" encoding="UTF-8"?>' ] &&
		[ "$(tail -n 1 "$tmp/c.svg")" = '</svg>' ] &&
		{ ! command -v xmllint >/dev/null || xmllint --noout "$tmp/c.svg"; }
}
check "frag compare --svg: a well-formed SVG document" svg_ok
check "frag compare --svg without --every: no charts" \
	test "$(grep -c '<polyline' "$tmp/c.svg")" -eq 0
run frag compare "$tiny" --every 5 --svg "$tmp/c.svg"
check "frag compare --every --svg: a well-formed SVG document" svg_ok
check "frag compare --every --svg: two charts of 6 lines" \
	test "$(grep -c '<polyline' "$tmp/c.svg")" -eq 12
check "frag compare --every --svg: the buddy's largest block over time" \
	has "$tmp/c.svg" '<title>buddy: 5:2 10:2 12:1</title>'
check "frag compare --every --svg: worst fit's refusals over time" \
	has "$tmp/c.svg" '<title>worst fit: 5:0 10:1 12:1</title>'
run frag compare "$here/traces/churn.trace" --every 1000 --color=never
check "frag compare churn.trace: every allocator, 3 samples" \
	test "$rc" -eq 0 -a "$(grep -Ec '^(buddy|(first|next|best|worst|quick) fit) +[0-9]+ ' "$tmp/out")" -eq 6 \
	-a "$(sed -n '/^over time/,/^$/p' "$tmp/out" | grep -Ec '^ +[0-9]+ ')" -eq 3

# a bad trace: exit 1, one line naming the file and line; no such file
printf 'a x 4K\nf y\n' > "$tmp/bad.trace"
run frag compare "$tmp/bad.trace"
bad_trace()
{
	[ "$rc" -eq 1 ] && [ ! -s "$tmp/out" ] && [ "$(lines "$tmp/err")" -eq 1 ] &&
		has "$tmp/err" "^mmlab: frag compare: $tmp/bad.trace:2: \"y\" is not allocated\$"
}
check "frag compare of a bad trace: exit 1, file:line" bad_trace
run frag compare "$tmp/none.trace"
no_trace()
{
	[ "$rc" -eq 1 ] && [ "$(lines "$tmp/err")" -eq 1 ] &&
		has "$tmp/err" "No such file or directory"
}
check "frag compare of no file: exit 1, one line" no_trace
compare_usage=(
	"frag compare|needs a trace file"
	"frag compare --every 5|needs a trace file before the options"
	"frag compare t --every 0|--every needs a number of events > 0"
	"frag compare t --every|--every needs a number of events > 0"
	"frag compare t --bogus|unknown argument \"--bogus\""
	"frag compare t u|unknown argument \"u\""
	"frag compare t --group 6|--group needs a power of two"
	"-j frag compare t --svg x|--svg and -j exclude each other"
)
for c in "${compare_usage[@]}"; do
	# shellcheck disable=SC2086 # split the command words
	run ${c%%|*}
	check "${c%%|*}: exit 2, one line" is_usage_error "${c#*|}"
done

if [ -d /sys/module/mmlab ]; then
	echo "# mmlab.ko is loaded: skipping the not-loaded checks"
else
	for cmd in "arena show" "arena" "arena validate" "stats show" \
		   "stats reset" "monitor" "monitor count 1" "buddy" \
		   "buddy show" "buddy alloc order 0" "buddy alloc size 4K transient" \
		   "buddy free 0x100000001 7" "buddy compact" "buddy compact order 3" \
		   "buddy freelist" "buddy pagemap" "frag" "allocator" \
		   "allocator show" "allocator set buddy" \
		   "allocator set fit" "allocator set fit policy quick" \
		   "frag --watch 1" "frag --group 1 --width 100" \
		   "cache" "cache show" "cache show st-x" \
		   "cache create st-x size 64 flags red-zone,poison ctor 7" \
		   "cache create st-x size 64 transient" "cache destroy st-x" \
		   "cache alloc st-x count 3" "cache alloc st-x transient" \
		   "cache free 0x100000001" "cache free st-x 0x1 2" \
		   "kmalloc 100" "kmalloc 9K count 2 transient" "kfree 0x1" \
		   "slabtop -o" "slabtop -s L --once" "slabtop" "slabtop -d 0.2" \
		   "space" "space show" "space show 1" "space create" \
		   "space create geometry x86-32 inverted transient" \
		   "space destroy 1" "space map 1 0x400000 8K prot r-x kind code" \
		   "space map 1 0x600000 0x2000 kind shared shm 2" \
		   "space unmap 1 0x400000 4K" "space protect 1 0x400000 4K none" \
		   "space grow 1 0x600000 -1" "space clone 1 transient" \
		   "space maps 1" "space write 1 0x403004 hello" \
		   "space read 1 0x403000 64K" "translate 1 0x00403004" \
		   "tlb" "tlb show" "tlb set" \
		   "tlb set entries 16 ways 2 repl random no-asid" \
		   "access 1 --trace $refs" "access 1 --trace=$refs"; do
		# shellcheck disable=SC2086 # split the command words
		run $cmd
		check "$cmd without the module: exit 1, one line" \
			is_not_loaded
		# shellcheck disable=SC2086
		run -j $cmd
		check "-j $cmd without the module: exit 1, one line" \
			is_not_loaded
	done
	no_svg() { is_not_loaded && [ ! -e "$tmp/x.svg" ]; }
	run frag --svg "$tmp/x.svg"
	check "frag --svg without the module: exit 1, one line, no file" \
		no_svg
	run slabtop --svg "$tmp/x.svg"
	check "slabtop --svg without the module: exit 1, one line, no file" \
		no_svg
fi

echo "$passed passed, $failed failed"
[ "$failed" -eq 0 ]
