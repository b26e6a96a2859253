# SPDX-License-Identifier: GPL-2.0
#
# Counts the results of a kselftest runner's KTAP stream. Used by the guest
# (to decide whether to say "success") and by the host (to count), so both
# read the stream the same way.
#
#	awk -f ktap-summary.awk ktap.log
#	  -> "pass P fail F skip S plan N results R"
#	awk -v mode=failures -f ktap-summary.awk ktap.log
#	  -> the output of every failed top-level test, then its result line,
#	     and that of a test that never reported
#
# Leaves are counted: a top-level test ("ok 3 selftests: mmlab: x.sh") that
# printed nested results ("# ok 1 ...", the runner prefixes its output
# with "# ") contributes those; one without nested results contributes
# itself. A top-level "not ok" with no nested failure (crash, timeout, bad
# exit) adds one failure. "# SKIP" is a skip, never a pass; "# XFAIL"
# passes. Deeper nesting ("# # ok") is the test's own business.

function directive(line) {
	if (line ~ /#[ \t]*[Ss][Kk][Ii][Pp]/)
		return "skip"
	return ""
}

function flush_top(ok, line) {
	if (np + nf + ns > 0) {
		pass += np; fail += nf; skip += ns
		if (!ok && nf == 0)
			fail++
	} else if (!ok) {
		fail++
	} else if (directive(line) == "skip") {
		skip++
	} else {
		pass++
	}
	if (mode == "failures" && (!ok || nf > 0)) {
		printf "%s", block
		print line
	}
	np = nf = ns = 0
	block = ""
	results++
}

{ sub(/\r$/, "") }

/^TAP version/ { next }

/^1\.\.[0-9]+/ && !plan_seen {
	plan = substr($1, 4) + 0
	plan_seen = 1
	next
}

/^(not )?ok [0-9]+/ {
	flush_top($0 !~ /^not ok/, $0)
	next
}

/^Bail out!/ {
	fail++
	if (mode == "failures")
		print
	next
}

/^# (not )?ok [0-9]+/ {
	if ($0 ~ /^# not ok/)
		nf++
	else if (directive($0) == "skip")
		ns++
	else
		np++
}

{ block = block $0 "\n" }

END {
	# A test that started but never reported: the run stopped in it.
	if (mode == "failures" && block ~ /(^|\n)# selftests: /) {
		sub(/\n# mmlab-vm:.*/, "\n", block)
		printf "%s", block
		print "(no result: the run stopped here)"
	}
	if (mode != "failures")
		printf "pass %d fail %d skip %d plan %d results %d\n",
		       pass, fail, skip, plan, results
}
