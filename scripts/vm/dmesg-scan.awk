# SPDX-License-Identifier: GPL-2.0
#
# Scans the guest's kernel log (dmesg -r: "<PRI>[ time] text") after the
# selftests and prints every line that makes the run a failure; prints
# nothing when the log is clean.
#
# Always a failure, anywhere:
#	WARNING:, BUG:, Oops, Kernel panic, general protection fault,
#	UBSAN:, KASAN:, KFENCE:, kmemleak reports (suspected memory leaks,
#	unreferenced object), hung tasks ("blocked for more than"), RCU
#	stalls ("detected stall")
# A failure outside expect-errors regions:
#	"Call Trace" (stack dumps), and kernel lines (facility 0) at level
#	err or worse (<0>..<3>) that mention mmlab
# An expect-errors region is what a selftest wrapped in
#	mmlab-selftest: expect-errors-begin ID
#	mmlab-selftest: expect-errors-end ID
# written to /dev/kmsg around errors it provokes on purpose (bad module
# parameters, an arena too big to have). A region left open, or closed
# without being opened, is a failure too.

function bad(why) {
	print why ": " $0
	n++
}

{
	sub(/\r$/, "")
	pri = -1
	text = $0
	if (match(text, /^<[0-9]+>/)) {
		pri = substr(text, 2, RLENGTH - 2) + 0
		text = substr(text, RLENGTH + 1)
	}
	sub(/^\[[^]]*\] ?/, "", text)
}

text ~ /^mmlab-selftest: expect-errors-begin / {
	if (open != "")
		bad("expect-errors region opened inside " open)
	open = substr(text, length("mmlab-selftest: expect-errors-begin ") + 1)
	next
}

text ~ /^mmlab-selftest: expect-errors-end / {
	id = substr(text, length("mmlab-selftest: expect-errors-end ") + 1)
	if (open != id)
		bad("expect-errors region closed but not open")
	open = ""
	next
}

text ~ /WARNING:|BUG:|Oops|Kernel panic|general protection fault|UBSAN:|KASAN:|KFENCE:|suspected memory leak|unreferenced object|blocked for more than|detected stall/ {
	bad("kernel bug report")
	next
}

open == "" && text ~ /Call Trace/ {
	bad("stack dump")
	next
}

open == "" && pri >= 0 && pri < 8 && pri <= 3 && text ~ /mmlab/ {
	bad("mmlab error")
	next
}

END {
	if (open != "") {
		$0 = "mmlab-selftest: expect-errors-begin " open
		bad("expect-errors region never closed")
	}
}
