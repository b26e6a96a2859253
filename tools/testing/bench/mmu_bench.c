// SPDX-License-Identifier: GPL-2.0
/*
 * mmu_bench.c - the software MMU of the portable core, timed in
 * userspace: TLB hits, TLB misses that walk the page table, and page
 * faults (demand-zero and copy-on-write), per page-table geometry and for
 * an inverted space.
 *
 * The same kmod/core files the module runs, compiled here through the
 * userspace seam (tools/testing/shim) as the unit tests are, but at -O2
 * and without sanitizers, as bench.c and slab_bench.c: a 64 MiB arena
 * (16384 frames, max_order 10, one anonymous mapping cut into chunks,
 * struct map_backing of bench.h), a buddy on it (one CPU, pcp_batch 63),
 * and an MMU whose frames, data pages and page tables alike, are
 * unmovable order-N blocks of that buddy tagged MMLAB_TAG_KERNEL, as
 * tools/testing/unit/mmu_helpers.c takes them. The MMU has no fault
 * callback (reporting a fault to an owner is not timed). Its TLB is the
 * default one: 64 entries, 4 ways (16 sets, a page in set vpn % 16), LRU,
 * with address-space ids. The MMU touches the frames' memory (it zeroes
 * tables and data pages and copies pages), so the whole mapping is
 * written once before anything is timed: no page fault of the host's is
 * counted as one of the MMU's.
 *
 * The spaces (one at a time, created and destroyed per pattern: x86-32,
 * sv39, x86-64, x86-64-la57, inverted), the patterns (hit, miss, fault,
 * cow), their setup and their checks are those of
 * kmod/core/mmu_pattern.h, which the module's debugfs mmlab/bench_mmu
 * (kmod/bench_mmu.c) replays too: mmlab_pattern_refs() there says what
 * each space holds before a batch runs. Each reference goes through
 * mmlab_mmu_access() in batches of 4096 (the most one call takes), so the
 * time of a reference includes its share of the batch's checks and of
 * the space switch. After every batch the stats it returned are checked
 * (mmlab_pattern_check()): a hit batch must have hit the TLB with every
 * reference and faulted none, a miss batch must have missed with every
 * one, walked every level of a multi-level table and faulted none, a
 * fault batch must have faulted exactly once per reference, of the
 * expected kind. A wrong count stops the program with exit status 1: a
 * pattern that does not do what its name says is not timed. At the end
 * the MMU is validated (mmlab_mmu_validate()), destroyed, and the buddy
 * must have every frame back, the arena every chunk.
 *
 * Time is the thread's CPU time (CLOCK_THREAD_CPUTIME_ID), taken around
 * each mmlab_mmu_access() call only (mapping, unmapping and cloning
 * between the batches of the fault patterns are not timed). A cell is
 * R runs (-r) of N references (-n, rounded up to whole batches) after
 * one untimed batch; the table gives the median run, in nanoseconds per
 * reference and millions of references (for the fault patterns: faults)
 * per second, with the fastest and slowest runs beside it. The median,
 * not the fastest run as bench.c keeps: it is what the in-kernel replay
 * compares with.
 *
 * --replay PATTERN (hit, miss or fault) runs that pattern alone, with
 * the same checks, and prints one line per space and nothing else:
 *
 *	mmu_bench PATTERN GEOM ns_per_ref=X
 *
 * X being the median of the runs, "%.3f". The module's debugfs
 * mmlab/bench_mmu replays the same batches and prints the same line, so
 * that the two can be compared (the target: the kernel at least 0.5x as
 * fast as userspace; scripts/vm/bench.sh runs both in one VM, -n 4096
 * here: one batch a run, as the module times them).
 *
 * The exit status is 1 when a check failed, 2 on bad arguments, else 0.
 *
 *	mmlab-mmu-bench [-n REFS] [-r REPS] [--replay hit|miss|fault]
 */
#include "seam.h"

#include "../../../kmod/core/arena.c"
#include "../../../kmod/core/frag.c"
#include "../../../kmod/core/buddy.c"
#include "../../../kmod/core/pgtable.c"
#include "../../../kmod/core/tlb.c"
#include "../../../kmod/core/ipt.c"
#include "../../../kmod/core/vma.c"
#include "../../../kmod/core/mmu.c"
#include "../../../kmod/core/mmu_pattern.h"
#include "../../../kmod/core/handle.h"

#include <getopt.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#define ARENA_MIB	64
#define MAX_ORDER	10
#define PCP_BATCH	63
#define REPS_MAX	101

/*
 * The region, the batches, the patterns and the spaces are
 * kmod/core/mmu_pattern.h's: --replay takes the first
 * MMLAB_PAT_NR_REPLAY patterns; cow is in the report only.
 */

/**
 * struct bench_mmu - the MMU and what it stands on
 * @map: the arena's backing
 * @arena: the frames
 * @buddy: their allocator
 * @m: the MMU
 * @held: frames the MMU holds (data pages and tables)
 */
struct bench_mmu {
	struct map_backing map;
	struct mmlab_arena arena;
	struct mmlab_buddy buddy;
	struct mmlab_mmu m;
	u64 held;
};

/**
 * struct cell - one pattern in one space
 * @ns: per timed run, nanoseconds per reference
 * @st: what the timed runs' batches did, summed
 * @median: of @ns
 * @lo: the fastest run
 * @hi: the slowest run
 * @levels: table levels of the space (0: inverted)
 */
struct cell {
	double ns[REPS_MAX];
	struct mmlab_access_stats st;
	double median, lo, hi;
	unsigned int levels;
};

static struct cell cells[MMLAB_PAT_NR][MMLAB_PAT_NR_GEOMS];
/* One batch's references, and a setup batch's. */
static u64 refs[MMLAB_PAT_BATCH];
static u64 setup_refs[MMLAB_PAT_BATCH];

static void die(const char *what, int err)
{
	fprintf(stderr, "mmlab-mmu-bench: %s: error %d\n", what, err);
	exit(1);
}

/* A check failed: say which, loudly, and stop. */
static void __printf(1, 2) fail(const char *fmt, ...)
{
	va_list ap;

	fprintf(stderr, "mmlab-mmu-bench: CHECK FAILED: ");
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fprintf(stderr, "\n");
	exit(1);
}

/*
 * The MMU's frames: unmovable blocks of the buddy, tagged as mmlab's
 * own, as the module takes them; counted, so that the teardown can check
 * that every one came back.
 */
static int bm_frame_alloc(void *priv, unsigned int order, u64 *frame)
{
	struct bench_mmu *bm = priv;
	int err = mmlab_buddy_alloc(&bm->buddy, order, MMLAB_MT_UNMOVABLE, 0,
				    0, MMLAB_TAG_KERNEL, frame);

	if (!err)
		bm->held += 1ULL << order;
	return err;
}

static void bm_frame_free(void *priv, u64 frame, unsigned int order)
{
	struct bench_mmu *bm = priv;

	if (mmlab_buddy_free(&bm->buddy, frame, 0))
		fail("frame %llu order %u: the buddy refused it back", frame,
		     order);
	bm->held -= 1ULL << order;
}

static const struct mmlab_mmu_ops bm_ops = {
	.frame_alloc = bm_frame_alloc,
	.frame_free = bm_frame_free,
};

static void bench_setup(struct bench_mmu *bm)
{
	struct mmlab_buddy_config cfg = { .nr_cpus = 1,
					  .pcp_batch = PCP_BATCH };
	struct mmlab_tlb_config tc = {
		.entries = MMLAB_TLB_ENTRIES_DFL, .ways = MMLAB_TLB_WAYS_DFL,
		.repl = MMLAB_TLB_LRU,
	};
	u64 frames = (u64)ARENA_MIB << (20 - MMLAB_PAGE_SHIFT);
	int err;

	bm->map.len = (size_t)frames << MMLAB_PAGE_SHIFT;
	bm->map.mem = mmap(NULL, bm->map.len, PROT_READ | PROT_WRITE,
			   MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (bm->map.mem == MAP_FAILED)
		die("mmap", errno);
	/* the host's page faults now, not in a timed batch */
	memset(bm->map.mem, 0, bm->map.len);
	err = mmlab_arena_create(&bm->arena, frames, MAX_ORDER, &map_ops,
				 &bm->map);
	if (err)
		die("mmlab_arena_create", err);
	err = mmlab_buddy_create(&bm->buddy, &bm->arena, &cfg, NULL, NULL);
	if (err)
		die("mmlab_buddy_create", err);
	err = mmlab_mmu_create(&bm->m, &bm->arena, &bm_ops, bm, &tc);
	if (err)
		die("mmlab_mmu_create", err);
}

/*
 * Validate the MMU, destroy it, and check that the buddy got every frame
 * back, the arena every chunk, the seam every allocation.
 */
static void bench_teardown(struct bench_mmu *bm)
{
	unsigned int bad = mmlab_mmu_validate(&bm->m);

	if (bad)
		fail("mmlab_mmu_validate: %u invariant violations (last: %s)",
		     bad, shim.report_last);
	mmlab_mmu_destroy(&bm->m);
	if (bm->held)
		fail("mmu destroyed, %llu frames not given back", bm->held);
	bad = mmlab_buddy_validate(&bm->buddy);
	if (bad || bm->arena.nr_free != bm->arena.nr_frames)
		fail("buddy: %u invariant violations, %llu of %llu frames free",
		     bad, bm->arena.nr_free, bm->arena.nr_frames);
	mmlab_buddy_destroy(&bm->buddy);
	mmlab_arena_destroy(&bm->arena);
	if (bm->map.returned != bm->map.len >> MMLAB_PAGE_SHIFT)
		fail("arena: %llu of %zu frames' chunks given back",
		     bm->map.returned, bm->map.len >> MMLAB_PAGE_SHIFT);
	munmap(bm->map.mem, bm->map.len);
	if (shim.warnings || shim.reports || shim.kv_live)
		fail("seam: %lu warnings, %lu reports, %lu allocations live",
		     shim.warnings, shim.reports, shim.kv_live);
}

static void map_region(struct bench_mmu *bm, struct mmlab_space *sp)
{
	struct mmlab_map_req req;
	int err;

	mmlab_pattern_region(&req);
	err = mmlab_space_map(&bm->m, sp, &req, NULL);
	if (err)
		die("mmlab_space_map", err);
}

static void unmap_region(struct bench_mmu *bm, struct mmlab_space *sp)
{
	int err = mmlab_space_unmap(&bm->m, sp, MMLAB_PAT_REGION_START,
				    MMLAB_PAT_REGION_LEN);

	if (err)
		die("mmlab_space_unmap", err);
	if (sp->rss)
		fail("%llu pages still mapped after the unmap", sp->rss);
}

static struct mmlab_space *space_new(struct bench_mmu *bm,
				     const struct mmlab_pattern_geom *bg)
{
	struct mmlab_space *sp;
	struct mmlab_geom g;
	int err = mmlab_geom_parse(bg->geom, &g);

	if (err)
		die("mmlab_geom_parse", err);
	err = mmlab_space_create(&bm->m, &g, bg->flags, 1, &sp);
	if (err)
		die("mmlab_space_create", err);
	map_region(bm, sp);
	return sp;
}

/* One batch; the nanoseconds it took, what it did added to @st. */
static u64 run_batch(struct bench_mmu *bm, struct mmlab_space *sp,
		     const u64 *r, u32 n, struct mmlab_access_stats *st)
{
	u64 start;
	u32 bad;
	int err;

	start = now_ns();
	err = mmlab_mmu_access(&bm->m, sp, r, n, st, &bad);
	start = now_ns() - start;
	if (err)
		die("mmlab_mmu_access", err);
	return start;
}

/* The pattern's setup batch, if it has one (untimed). */
static void setup_space(struct bench_mmu *bm, struct mmlab_space *sp,
			enum mmlab_pattern p)
{
	struct mmlab_access_stats st = { 0 };
	u32 n = mmlab_pattern_setup_refs(p, setup_refs);

	if (!n)
		return;
	run_batch(bm, sp, setup_refs, n, &st);
	if (!mmlab_pattern_setup_ok(&st, n, sp->rss))
		fail("%s: %u pages touched, %llu demand-zero faults, rss %llu",
		     sp->geom.name, n, st.faults[MMLAB_PF_ZERO], sp->rss);
}

/*
 * Did the batch do what its pattern promises? @st is the batch's alone;
 * @levels the space's table levels (0: inverted).
 */
static void check_batch(enum mmlab_pattern p,
			const struct mmlab_pattern_geom *bg,
			unsigned int levels,
			const struct mmlab_access_stats *st, u32 n)
{
	const char *why = mmlab_pattern_check(p, levels, st, n);

	if (why)
		fail("%s %s: %s: %llu of %u references ran, %llu TLB hits, %llu misses, %llu walks reading %llu entries (%u levels), faults: %llu demand-zero, %llu COW copies, %llu in all",
		     mmlab_pattern_name(p), bg->name, why, st->accesses, n,
		     st->tlb_hits, st->tlb_misses, st->walks, st->walk_reads,
		     levels, st->faults[MMLAB_PF_ZERO],
		     st->faults[MMLAB_PF_COW_COPY], mmlab_pattern_faults(st));
}

/*
 * One batch of a fault pattern, with its untimed setup and cleanup: the
 * region mapped afresh (fault), or a clone of @sp (cow).
 */
static u64 fault_batch(struct bench_mmu *bm, enum mmlab_pattern p,
		       struct mmlab_space *sp, u32 n,
		       struct mmlab_access_stats *st)
{
	struct mmlab_space *run_in = sp;
	u64 t;
	int err;

	if (p == MMLAB_PAT_COW) {
		err = mmlab_space_clone(&bm->m, sp, 0, 1, &run_in);
		if (err)
			die("mmlab_space_clone", err);
	} else {
		map_region(bm, sp);
	}
	t = run_batch(bm, run_in, refs, n, st);
	if (p == MMLAB_PAT_COW)
		mmlab_space_destroy(&bm->m, run_in);
	else
		unmap_region(bm, sp);
	return t;
}

static int cmp_double(const void *a, const void *b)
{
	double x = *(const double *)a, y = *(const double *)b;

	return x < y ? -1 : x > y;
}

/*
 * Time pattern @p in a new space of @bg: its setup, one untimed batch,
 * then @reps runs of @rounds batches; every batch checked.
 */
static void time_cell(struct bench_mmu *bm, enum mmlab_pattern p,
		      unsigned int g, unsigned int rounds, unsigned int reps)
{
	const struct mmlab_pattern_geom *bg = mmlab_pattern_geom(g);
	struct cell *c = &cells[p][g];
	struct mmlab_access_stats st;
	double sorted[REPS_MAX];
	struct mmlab_space *sp;
	unsigned int rep, r;
	u32 n = mmlab_pattern_refs(p, refs);
	u64 t;

	sp = space_new(bm, bg);
	c->levels = bg->flags & MMLAB_SPACE_INVERTED ? 0 : sp->geom.levels;
	setup_space(bm, sp, p);
	if (mmlab_pattern_remaps(p))
		unmap_region(bm, sp);	/* each batch maps it afresh */
	for (rep = 0; rep <= reps; rep++) {
		t = 0;
		/* rep 0 is the untimed warm-up: one batch */
		for (r = 0; r < (rep ? rounds : 1); r++) {
			memset(&st, 0, sizeof(st));
			if (mmlab_pattern_remaps(p) || p == MMLAB_PAT_COW)
				t += fault_batch(bm, p, sp, n, &st);
			else
				t += run_batch(bm, sp, refs, n, &st);
			check_batch(p, bg, c->levels, &st, n);
			if (rep)
				mmlab_access_stats_add(&c->st, &st);
		}
		if (rep)
			c->ns[rep - 1] = (double)t / ((double)rounds * n);
	}
	if (p == MMLAB_PAT_MISS && sp->rss != MMLAB_PAT_REGION_PAGES)
		fail("miss %s: rss %llu after the runs, %u pages touched",
		     bg->name, sp->rss, MMLAB_PAT_REGION_PAGES);
	mmlab_space_destroy(&bm->m, sp);
	if (bm->m.data_frames || bm->m.table_frames || bm->held)
		fail("%s %s: space destroyed, %llu data and %llu table frames, %llu held",
		     mmlab_pattern_name(p), bg->name, bm->m.data_frames,
		     bm->m.table_frames, bm->held);

	memcpy(sorted, c->ns, reps * sizeof(*sorted));
	qsort(sorted, reps, sizeof(*sorted), cmp_double);
	c->median = reps & 1 ? sorted[reps / 2] :
		    (sorted[reps / 2 - 1] + sorted[reps / 2]) / 2;
	c->lo = sorted[0];
	c->hi = sorted[reps - 1];
}

static double per_ref(u64 v, const struct cell *c)
{
	return (double)v / (double)c->st.accesses;
}

static void print_table(unsigned int lo, unsigned int hi)
{
	unsigned int p, g;

	printf("%-7s %-12s %6s %6s %9s %9s %9s %9s %8s %8s %8s\n", "pattern",
	       "space", "levels", "batch", "ns/ref", "min", "max", "Mref/s",
	       "hit/ref", "walk/ref", "fault/ref");
	for (p = lo; p <= hi; p++) {
		for (g = 0; g < MMLAB_PAT_NR_GEOMS; g++) {
			const struct cell *c = &cells[p][g];
			char lv[12];

			if (c->levels)
				snprintf(lv, sizeof(lv), "%u", c->levels);
			else
				snprintf(lv, sizeof(lv), "ipt");
			printf("%-7s %-12s %6s %6u %9.2f %9.2f %9.2f %9.2f %8.3f %8.3f %8.3f\n",
			       mmlab_pattern_name(p), mmlab_pattern_geom(g)->name, lv,
			       MMLAB_PAT_BATCH, c->median, c->lo, c->hi,
			       1000.0 / c->median, per_ref(c->st.tlb_hits, c),
			       per_ref(c->st.walk_reads, c),
			       per_ref(mmlab_pattern_faults(&c->st), c));
		}
	}
}

static void print_summary(void)
{
	unsigned int g;

	printf("\n# per space, the medians again: a TLB hit, a miss (the walk), a demand-zero fault, a COW copy;\n");
	printf("# miss/hit: what a walk multiplies a reference's cost by; faults/s, cow/s: per second of CPU time\n");
	printf("%-12s %9s %9s %9s %9s %10s %12s %12s\n", "space", "hit_ns",
	       "miss_ns", "fault_ns", "cow_ns", "miss/hit", "faults/s",
	       "cow/s");
	for (g = 0; g < MMLAB_PAT_NR_GEOMS; g++)
		printf("%-12s %9.2f %9.2f %9.2f %9.2f %10.2f %12.0f %12.0f\n",
		       mmlab_pattern_geom(g)->name, cells[MMLAB_PAT_HIT][g].median,
		       cells[MMLAB_PAT_MISS][g].median, cells[MMLAB_PAT_FAULT][g].median,
		       cells[MMLAB_PAT_COW][g].median,
		       cells[MMLAB_PAT_MISS][g].median / cells[MMLAB_PAT_HIT][g].median,
		       1e9 / cells[MMLAB_PAT_FAULT][g].median,
		       1e9 / cells[MMLAB_PAT_COW][g].median);
}

static void usage(void)
{
	fprintf(stderr, "usage: mmlab-mmu-bench [-n REFS] [-r REPS] [--replay hit|miss|fault]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct option longopts[] = {
		{ "replay", required_argument, NULL, 'R' },
		{ NULL, 0, NULL, 0 },
	};
	unsigned int iters = 131072, reps = 11, lo = 0, hi = MMLAB_PAT_NR - 1;
	static struct bench_mmu bm;
	bool replay = false;
	unsigned int p, g;
	char cpu[128];
	int c;

	while ((c = getopt_long(argc, argv, "n:r:", longopts, NULL)) != -1) {
		switch (c) {
		case 'n':
			iters = strtoul(optarg, NULL, 10);
			break;
		case 'r':
			reps = strtoul(optarg, NULL, 10);
			break;
		case 'R':
			for (p = 0; p < MMLAB_PAT_NR_REPLAY; p++)
				if (!strcmp(optarg, mmlab_pattern_name(p)))
					break;
			if (p == MMLAB_PAT_NR_REPLAY)
				usage();
			replay = true;
			lo = hi = p;
			break;
		default:
			usage();
		}
	}
	if (!iters || !reps || reps > REPS_MAX || optind != argc)
		usage();

	bench_setup(&bm);
	if (!replay) {
		cpu_model(cpu, sizeof(cpu));
		printf("# mmlab software MMU in userspace (kmod/core through tools/testing/shim, -O2, no sanitizers)\n");
		printf("# %s, %ld CPUs online; arena %u MiB (%llu frames) on a buddy (one per-CPU list, pcp_batch %d),\n",
		       cpu, sysconf(_SC_NPROCESSORS_ONLN), ARENA_MIB,
		       bm.arena.nr_frames, PCP_BATCH);
		printf("#   frames unmovable, tag KERNEL; TLB %u entries, %u ways, %s, with ASIDs\n",
		       bm.m.tlb.cfg.entries, bm.m.tlb.cfg.ways,
		       mmlab_tlb_repl_names[bm.m.tlb.cfg.repl]);
		printf("# one region of %u pages at %#llx per space; mmlab_mmu_access() batches of %u references\n",
		       MMLAB_PAT_REGION_PAGES, MMLAB_PAT_REGION_START, MMLAB_PAT_BATCH);
		printf("# %u references per run (whole batches), %u runs per cell after an untimed batch;\n",
		       iters, reps);
		printf("# ns: the thread's CPU time per reference, median run (min, max beside it);\n");
		printf("#   hit/ref, walk/ref (page-table entries read), fault/ref: over the timed runs\n\n");
		fflush(stdout);
	}
	for (p = lo; p <= hi; p++) {
		unsigned int rounds = (iters + MMLAB_PAT_BATCH - 1) / MMLAB_PAT_BATCH;

		for (g = 0; g < MMLAB_PAT_NR_GEOMS; g++) {
			time_cell(&bm, p, g, rounds, reps);
			if (replay)
				printf("mmu_bench %s %s ns_per_ref=%.3f\n",
				       mmlab_pattern_name(p), mmlab_pattern_geom(g)->name,
				       cells[p][g].median);
		}
	}
	bench_teardown(&bm);
	if (replay)
		return 0;

	print_table(lo, hi);
	print_summary();
	printf("\n# checks (each batch; a failure stops the run with exit status 1)\n");
	printf("  hit: every reference a TLB hit, no walk, no fault: ok\n");
	printf("  miss: every reference a TLB miss that walks every level (inverted: anchor + chain), no fault: ok\n");
	printf("  fault: one demand-zero fault per reference; cow: one COW copy per reference: ok\n");
	printf("  teardown: mmlab_mmu_validate() clean, every frame back in the buddy, every chunk in the backing: ok\n");
	return 0;
}
