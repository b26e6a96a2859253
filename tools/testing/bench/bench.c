// SPDX-License-Identifier: GPL-2.0
/*
 * bench.c - the buddy allocator of the portable core, timed in userspace.
 *
 * The same kmod/core files the module runs, compiled here through the
 * userspace seam (tools/testing/shim) as the unit tests are, but at -O2
 * and without sanitizers. Two arenas side by side, 16 MiB (4096 frames)
 * and 4 GiB (1M frames), to show that the cost of an allocation does not
 * grow with the arena; then the metadata the buddy keeps per frame.
 *
 * Patterns, as debugfs mmlab/bench runs them in the module (kmod/bench.c):
 *
 *   pair   allocate a block and free it, N times
 *   batch  allocate B blocks, then free them in the same order, N / B
 *          rounds
 *
 * B is 32, less at high orders so that the small arena holds B blocks at
 * half occupancy (order 10: 2); both arenas use the same B. The blocks are
 * UNMOVABLE, as in the module's benchmark; one CPU, per-CPU batch 63 (the
 * module's default for arenas of 252 MiB and more) in both arenas, so the
 * arena's size is the only difference. Each cell is run R times, arenas
 * alternating, after one untimed round, and the fastest run counts. Time
 * is the thread's CPU time (CLOCK_THREAD_CPUTIME_ID), so that time spent
 * preempted on a busy host is not counted; what a busy host does to the
 * caches still is, which is why the fastest run is the one kept.
 *
 * The arena's backing is one mmap(MAP_NORESERVE) region, cut into chunks
 * in order: the buddy never touches a frame's memory (only compaction
 * copies, and the benchmark does not compact), so 4 GiB of arena cost no
 * RAM; the peak resident size is printed to show it.
 *
 * The claims at the end say whether the targets are met; a target
 * missed is reported, not an error. The exit status is 1 only when the
 * allocator failed or its invariants do not hold after the runs.
 *
 *	mmlab-bench [-n ITERS] [-r REPS] [-o LO-HI]
 */
#include "seam.h"

#include "../../../kmod/core/arena.c"
#include "../../../kmod/core/frag.c"
#include "../../../kmod/core/buddy.c"
#include "../../../kmod/core/handle.h"

#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/resource.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#define NR_ARENAS	2
#define BATCH_MAX	32
#define REPS_MAX	100
#define PCP_BATCH	63
#define FLAT_LIMIT	1.25	/* 4 GiB vs 16 MiB, either way */
#define META_BUDGET	16.0	/* bytes per frame */

enum pattern { PAIR, BATCH, NR_PATTERNS };

static const char *const pattern_names[NR_PATTERNS] = { "pair", "batch" };

/* One arena and its allocator, over a lazily mapped backing. */
struct bench_arena {
	const char *name;
	u64 frames;
	struct map_backing map;
	struct mmlab_arena arena;
	struct mmlab_buddy buddy;
};

static void die(const char *what, int err)
{
	fprintf(stderr, "mmlab-bench: %s: error %d\n", what, err);
	exit(1);
}

static void arena_setup(struct bench_arena *ba, const char *name, u64 frames)
{
	struct mmlab_buddy_config cfg = { .nr_cpus = 1,
					  .pcp_batch = PCP_BATCH };
	int err;

	ba->name = name;
	ba->frames = frames;
	ba->map.len = frames << MMLAB_PAGE_SHIFT;
	ba->map.mem = mmap(NULL, ba->map.len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (ba->map.mem == MAP_FAILED)
		die("mmap", errno);
	err = mmlab_arena_create(&ba->arena, frames, 10, &map_ops, &ba->map);
	if (err)
		die("mmlab_arena_create", err);
	err = mmlab_buddy_create(&ba->buddy, &ba->arena, &cfg, NULL, NULL);
	if (err)
		die("mmlab_buddy_create", err);
}

static void arena_teardown(struct bench_arena *ba)
{
	mmlab_buddy_destroy(&ba->buddy);
	mmlab_arena_destroy(&ba->arena);
	if (ba->map.returned != ba->frames)
		die("chunks not all given back", -EIO);
	munmap(ba->map.mem, ba->map.len);
}

static void get(struct mmlab_buddy *b, unsigned int order, u64 *frame)
{
	int err = mmlab_buddy_alloc(b, order, MMLAB_MT_UNMOVABLE, 0, 0,
				    MMLAB_NIL, frame);

	if (err)
		die("mmlab_buddy_alloc", err);
}

static void put(struct mmlab_buddy *b, u64 frame)
{
	int err = mmlab_buddy_free(b, frame, 0);

	if (err)
		die("mmlab_buddy_free", err);
}

/* @rounds rounds of @batch pairs; the nanoseconds taken. */
static u64 run(struct mmlab_buddy *b, enum pattern p, unsigned int order,
	       unsigned int batch, unsigned int rounds)
{
	u64 frames[BATCH_MAX], start = now_ns();
	unsigned int r, i;

	for (r = 0; r < rounds; r++) {
		if (p == PAIR) {
			for (i = 0; i < batch; i++) {
				get(b, order, &frames[0]);
				put(b, frames[0]);
			}
			continue;
		}
		for (i = 0; i < batch; i++)
			get(b, order, &frames[i]);
		for (i = 0; i < batch; i++)
			put(b, frames[i]);
	}
	return now_ns() - start;
}

static double per_frame(u64 bytes, u64 frames)
{
	return (double)bytes / (double)frames;
}

static void usage(void)
{
	fprintf(stderr, "usage: mmlab-bench [-n ITERS] [-r REPS] [-o LO-HI]\n");
	exit(2);
}

int main(int argc, char **argv)
{
	static const struct { const char *name; u64 frames; } sizes[NR_ARENAS] = {
		{ "16 MiB", 4096 }, { "4 GiB", 1ULL << 20 },
	};
	static u64 best[MMLAB_BUDDY_ORDERS][NR_PATTERNS][NR_ARENAS];
	struct bench_arena ba[NR_ARENAS] = { 0 };
	unsigned int iters = 200000, reps = 11, lo = 0, hi = 10;
	unsigned int o, a, rep, errors = 0;
	double worst = 1.0, meta[NR_ARENAS];
	struct rusage ru;
	char cpu[128];
	enum pattern p;
	int c;

	while ((c = getopt(argc, argv, "n:r:o:")) != -1) {
		switch (c) {
		case 'n':
			iters = strtoul(optarg, NULL, 10);
			break;
		case 'r':
			reps = strtoul(optarg, NULL, 10);
			break;
		case 'o':
			if (sscanf(optarg, "%u-%u", &lo, &hi) != 2)
				usage();
			break;
		default:
			usage();
		}
	}
	if (!iters || !reps || reps > REPS_MAX || lo > hi || hi > 10)
		usage();

	for (a = 0; a < NR_ARENAS; a++)
		arena_setup(&ba[a], sizes[a].name, sizes[a].frames);

	cpu_model(cpu, sizeof(cpu));
	printf("# mmlab core in userspace (kmod/core through tools/testing/shim, -O2, no sanitizers)\n");
	printf("# %s, %ld CPUs online; one per-CPU list, pcp_batch %d; UNMOVABLE blocks\n",
	       cpu, sysconf(_SC_NPROCESSORS_ONLN), PCP_BATCH);
	printf("# %u pairs per run (rounded up to whole rounds), %u runs per arena, arenas alternating;\n",
	       iters, reps);
	printf("# ns: the thread's CPU time per alloc+free pair in the fastest run; 4G/16M: their ratio\n");
	printf("%-7s %5s %5s %10s %10s %10s %10s %9s\n", "pattern", "order",
	       "batch", "16M_ns", "4G_ns", "16M_Mops", "4G_Mops", "4G/16M");

	for (o = lo; o <= hi; o++) {
		unsigned int batch = min_t(unsigned int, BATCH_MAX,
					   (4096U >> o) / 2);
		unsigned int rounds = (iters + batch - 1) / batch;

		for (p = 0; p < NR_PATTERNS; p++) {
			double ns[NR_ARENAS], ratio;

			for (rep = 0; rep <= reps; rep++) {
				for (a = 0; a < NR_ARENAS; a++) {
					u64 t = run(&ba[a].buddy, p, o, batch,
						    rep ? rounds : 1);

					/* rep 0 is the untimed warm-up */
					if (rep && (!best[o][p][a] ||
						    t < best[o][p][a]))
						best[o][p][a] = t;
				}
			}
			for (a = 0; a < NR_ARENAS; a++)
				ns[a] = (double)best[o][p][a] /
					((double)rounds * batch);
			ratio = ns[1] / ns[0];
			/* how far apart, either way: 1.0 is flat */
			worst = max(worst, ratio > 1.0 ? ratio : 1.0 / ratio);
			printf("%-7s %5u %5u %10.1f %10.1f %10.2f %10.2f %9.3f\n",
			       pattern_names[p], o, batch, ns[0], ns[1],
			       1000.0 / ns[0], 1000.0 / ns[1], ratio);
		}
	}

	printf("\n# metadata the buddy keeps per frame (mmlab_buddy_metadata())\n");
	printf("%-7s %8s %9s %8s %10s %8s %8s %10s\n", "arena", "frames",
	       "frames_B", "bitmap_B", "pageblk_B", "B/frame", "pcp_B",
	       "chunks_B/f");
	for (a = 0; a < NR_ARENAS; a++) {
		struct mmlab_buddy_meta m;
		u64 chunk_bytes = 2ULL * ba[a].arena.chunk_cap *
				  sizeof(struct mmlab_chunk);

		mmlab_buddy_metadata(&ba[a].buddy, &m);
		meta[a] = per_frame(m.frames + m.bitmaps + m.pageblocks,
				    ba[a].frames);
		printf("%-7s %8llu %9llu %8llu %10llu %8.3f %8llu %10.3f\n",
		       ba[a].name, ba[a].frames, m.frames, m.bitmaps,
		       m.pageblocks, meta[a], m.pcp,
		       per_frame(chunk_bytes, ba[a].frames));
	}
	printf("# B/frame = (frames + bitmaps + pageblocks) / frames; the per-CPU heads are per CPU,\n");
	printf("# the arena's chunk table (chunks + scratch) is the arena's, a handle slot (%zu B)\n",
	       sizeof(struct mmlab_handle_slot));
	printf("# is per block allocated through netlink: none of them per frame.\n");

	for (a = 0; a < NR_ARENAS; a++) {
		unsigned int bad = mmlab_buddy_validate(&ba[a].buddy);

		if (bad || ba[a].buddy.arena->nr_free != ba[a].frames) {
			printf("# %s arena: %u invariant violations, %llu of %llu frames free\n",
			       ba[a].name, bad, ba[a].buddy.arena->nr_free,
			       ba[a].frames);
			errors++;
		}
	}
	getrusage(RUSAGE_SELF, &ru);
	printf("# peak resident set %ld MiB for %llu MiB of arenas: the frames' memory is never touched\n",
	       ru.ru_maxrss >> 10,
	       (ba[0].frames + ba[1].frames) >> (20 - MMLAB_PAGE_SHIFT));

	printf("\n# claims\n");
	printf("  cost flat in arena size: 4 GiB vs 16 MiB within %.3fx in every cell (target: within %.2fx) %s\n",
	       worst, FLAT_LIMIT, worst <= FLAT_LIMIT ? "met" : "NOT MET");
	printf("  metadata: %.3f B/frame (16 MiB), %.3f B/frame (4 GiB) (target <= %.0f) %s\n",
	       meta[0], meta[1], META_BUDGET,
	       meta[0] <= META_BUDGET && meta[1] <= META_BUDGET ?
	       "met" : "NOT MET");

	for (a = 0; a < NR_ARENAS; a++)
		arena_teardown(&ba[a]);
	return errors ? 1 : 0;
}
