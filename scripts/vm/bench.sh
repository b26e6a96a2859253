#!/bin/sh
# SPDX-License-Identifier: GPL-2.0
#
# The in-kernel benchmarks: boots the test VM, loads mmlab with a 256 MiB
# arena, runs debugfs mmlab/bench (kmod/bench.c), which times mmlab's
# buddy allocator and the kernel's alloc_pages()/__free_pages() in the
# same boot, then mmlab/bench_slab (kmod/bench_slab.c), mmlab's slab
# caches against kmem_cache_alloc()/kmem_cache_free(), then
# mmlab/bench_mmu (kmod/bench_mmu.c), the software MMU in the module,
# and in the same boot the same batches in userspace (mmlab-mmu-bench
# --replay, tools/testing's benchmark statically linked, built here),
# and prints the tables and the claims that depend on them.
#
#	bench.sh [KVER]...      default: the newest kernel
#
# Per kernel the guest writes on its result channel (build/vm/KVER/
# bench.log) between two markers; the table is copied to build/bench/
# vm-KVER.txt. Exits 1 if a VM did not get to the end marker or the bench
# failed (the console log, build/vm/KVER/bench-console.log, is shown).
#
# Under TCG (the usual case: see lib.sh) every instruction is emulated:
# the nanoseconds are not hardware's, only the ratios of one run mean
# something.
#
# Environment: MMLAB_BENCH_ARGS (default "orders=0-10,iters=20000,reps=10",
# written to mmlab/bench with commas for spaces), MMLAB_BENCH_MMU_ARGS
# (default "reps=11", written to mmlab/bench_mmu; userspace replays with
# as many runs), MMLAB_BENCH_ARENA
# (default 256M), MMLAB_VM_MEM (default 1G here: the arena plus the
# kernel's side, 32 blocks of 4 MiB at order 10), MMLAB_VM_TIMEOUT
# (default 1200), and the knobs of lib.sh.

set -eu
# shellcheck source-path=SCRIPTDIR source=lib.sh
. "$(dirname "$0")/lib.sh"

MMLAB_VM_MEM=${MMLAB_VM_MEM:-1G}
args=${MMLAB_BENCH_ARGS:-orders=0-10,iters=20000,reps=10}
mmu_args=${MMLAB_BENCH_MMU_ARGS:-reps=11}
arena=${MMLAB_BENCH_ARENA:-256M}
case $args$mmu_args$arena in
*[!A-Za-z0-9=,-]*) vm_die "MMLAB_BENCH_ARGS/MMU_ARGS/ARENA: letters, digits, '=', ',' and '-' only" ;;
esac
out=$VM_TOP/build/bench
mkdir -p "$out"

# claims FILE: the issue's targets, checked against the table.
claims()
{
	awk '
	/^(pair|batch) / {
		pat = $1; o = $2; m = $3; h = $4; k = $5; r = $6
		if (r == "-") {
			printf "  %-5s order %2d: no ratio (mmlab %s, kernel %s)\n", pat, o, m, k
			bad++
			next
		}
		t = o == 0 ? 0.5 : 1.0
		ok = r + 0 <= t
		printf "  %-5s order %2d: mmlab %7d ns, kernel %7d ns, ratio %s (target <= %.1f) %s   [lock held: %d ns, ratio %s]\n",
			pat, o, m, k, r, t, ok ? "met" : "NOT MET", h, $7
		if (!ok)
			missed++
	}
	/^(single|bulk) / {
		pat = $1; sz = $2; m = $3; k = $4; r = $5
		if (r == "-") {
			printf "  slab %-6s %4d B: no ratio (mmlab %s, kernel %s)\n", pat, sz, m, k
			bad++
			next
		}
		ok = r + 0 <= 1.0
		printf "  slab %-6s %4d B: mmlab %7d ns, kernel %7d ns, ratio %s (target <= 1.0) %s\n",
			pat, sz, m, k, r, ok ? "met" : "NOT MET"
		if (!ok)
			missed++
	}
	/^# metadata:/ {
		sub(/^# /, "")
		meta = $0
	}
	# the MMU: the module'"'"'s lines, then userspace'"'"'s, the same cells
	/^# mmu: kernel$/ { side = "k" }
	/^# mmu: userspace$/ { side = "u" }
	/^mmu_bench / && side != "" {
		key = $2 " " $3
		v = $4
		sub(/^ns_per_ref=/, "", v)
		if (side == "k") {
			cells[++ncells] = key
			kns[key] = v
		} else {
			uns[key] = v
		}
	}
	END {
		if (meta != "")
			print "  " meta " (target <= 16)"
		for (i = 1; i <= ncells; i++) {
			key = cells[i]
			split(key, pg, " ")
			if (!(key in uns) || kns[key] + 0 <= 0) {
				printf "  mmu %-5s %-12s: no ratio (kernel %s ns, userspace %s ns)\n", pg[1], pg[2], kns[key], key in uns ? uns[key] : "-"
				bad++
				continue
			}
			r = uns[key] / kns[key]
			ok = r >= 0.5
			printf "  mmu %-5s %-12s: kernel %9.3f ns/ref, userspace %9.3f ns/ref, userspace/kernel %.3f (target >= 0.5) %s\n",
				pg[1], pg[2], kns[key], uns[key], r, ok ? "met" : "NOT MET"
			if (!ok)
				missed++
		}
		printf "  %d ratio(s) off target, %d cell(s) without a ratio\n", missed, bad
	}' "$1"
}

# The userspace side of the MMU comparison, for the initramfs.
make -s -C "$VM_TOP/tools/testing" bench-mmu-static ||
	vm_die "make -C tools/testing bench-mmu-static failed"

rc=0
# shellcheck disable=SC2046 # a list of releases
[ $# -gt 0 ] || set -- $("$VM_TOP/scripts/kver.sh" newest)
for k in "$@"; do
	vm_prepare "$k"
	dir=$VM_BUILD/$kver
	chan=$dir/bench.log
	console=$dir/bench-console.log
	cmdline="$(vm_cmdline "$kver" bench) quiet mmlabvm.arena=$arena mmlabvm.bench=$args mmlabvm.bench_mmu=$mmu_args"
	echo "== bench: $kver ($accel, $(vm_mem "$kver") RAM, $VM_SMP CPUs)"
	[ "$accel" = kvm ] || echo "   TCG: emulated time, compare only the ratios of one run"
	for attempt in 1 2; do
		rm -f "$chan" "$console"
		qrc=0
		vm_qemu "$accel" "$kver" "$initrd" "$cmdline" \
			"${MMLAB_VM_TIMEOUT:-1200}" "file:$console" "file:$chan" ||
			qrc=$?
		# Under TCG a boot very rarely dies of an int3 Oops while
		# the kernel patches its own code (seen once in about ten
		# boots of 6.12 here, in the idle loop). One more boot, only when
		# the guest never reached /init and mmlab is nowhere in the
		# log: a failure of mmlab's is never retried.
		if [ "$attempt" -eq 1 ] && [ ! -s "$chan" ] &&
		   grep -qs 'Kernel panic' "$console" &&
		   ! grep -qs mmlab "$console"; then
			mv "$console" "$console.1"
			echo "   the guest kernel panicked while booting, before /init ($console.1): booting once more"
			continue
		fi
		break
	done

	if ! grep -qx mmlab-bench-end "$chan" 2>/dev/null; then
		echo "bench: the VM did not finish (QEMU/timeout exit status $qrc)" >&2
		[ ! -s "$chan" ] || tr -d '\r' < "$chan" | sed 's/^/   | /' >&2
		echo "-- console tail ($console):" >&2
		tail -n 30 "$console" 2>/dev/null | tr -d '\r' | sed 's/^/   | /' >&2
		rc=1
		continue
	fi
	table=$out/vm-$kver.txt
	{
		echo "# $(date -u '+%Y-%m-%d %H:%M UTC'), QEMU $accel, host $(uname -r)"
		tr -d '\r' < "$chan" |
			sed -n '/^mmlab-bench-begin$/,/^mmlab-bench-end$/p' | sed '1d;$d'
	} > "$table"
	sed 's/^/   /' "$table"
	if ! grep -qE '^(pair|batch) ' "$table" ||
	   ! grep -qE '^(single|bulk) ' "$table" ||
	   ! grep -qx '# mmu: kernel' "$table" ||
	   ! grep -qx '# mmu: userspace' "$table" ||
	   grep -q '^# mmlab-mmu-bench --replay .*: exit status' "$table" ||
	   grep -qE '^# (dmesg: |validate: [1-9])' "$table"; then
		echo "bench: $kver: no table, a bench failed, invariant violations or a dirty log (above)" >&2
		rc=1
		continue
	fi
	echo "-- claims ($kver, ratios of this run only):"
	claims "$table"
done
exit $rc
