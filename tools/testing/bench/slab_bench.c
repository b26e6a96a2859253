// SPDX-License-Identifier: GPL-2.0
/*
 * slab_bench.c - the slab allocator of the portable core, timed in
 * userspace against glibc's malloc, jemalloc and tcmalloc.
 *
 * The same kmod/core files the module runs, compiled here through the
 * userspace seam (tools/testing/shim) as the unit tests are, but at -O2
 * and without sanitizers: a buddy on a 64 MiB arena (-a; one CPU,
 * pcp_batch 63, max_order 10), a slab allocator on it whose pages are
 * mmlab_kblock_alloc() blocks, and one cache per object size (flags 0:
 * no debug, no HWCACHE_ALIGN), 16 to 4096 bytes in powers of two. The
 * arena's backing is one anonymous mapping cut into 4 MiB chunks, as
 * bench.c's.
 *
 * Patterns, for each size:
 *
 *   single  allocate an object and free it, N times: every allocator
 *           stays on its fast path (mmlab: the per-CPU array; glibc: the
 *           tcache up to 1032 bytes; jemalloc: the thread cache; tcmalloc:
 *           the thread cache's free list)
 *   bulk    allocate B objects, then free them in the same order, N / B
 *           rounds (rounded up). B (256) is more than any mmlab per-CPU
 *           array holds (24 to 120 objects), so the refills and drains
 *           between the arrays and the slabs are timed too.
 *
 * Each object gets one word written through a volatile pointer after it
 * is allocated (what a caller does to an object, and what keeps the
 * compiler from eliding a malloc()/free() pair); B pointers are kept in
 * an array. The time is per alloc+free pair.
 *
 * Allocators (columns):
 *
 *   mmlab        mmlab_slab_alloc() and mmlab_slab_free(): the public
 *                path, pinning through the seam's mmlab_cpu_pin() and
 *                mmlab_cpu_unpin() (the shim's: a counter and CPU 0).
 *                This is the column the target is judged on.
 *   mmlab-inl    mmlab_slab_cpu_alloc()/mmlab_slab_cpu_free(), the inline
 *                fast path of slab.h, on CPU 0, falling back to
 *                mmlab_slab_alloc_slow()/mmlab_slab_free_slow(): what a
 *                caller in the module that pins itself pays
 *   glibc        malloc() and free() of the C library
 *   jemalloc     the same calls, libjemalloc.so.2 (Debian libjemalloc2)
 *   tcmalloc     the same calls, libtcmalloc_minimal.so.4 (Debian
 *                libtcmalloc-minimal4: gperftools' tcmalloc without the
 *                heap profiler and checker, the allocator alone)
 *
 * The arena's size is not neutral: the slow path finds an object's slab
 * through mmlab_slabs_slab_of(), whose mmlab_arena_mem_frame() scans the
 * arena's chunks one by one, so the bulk pattern slows down as the arena
 * has more chunks (-a 1024: 256 chunks). 64 MiB (16 chunks) is a small
 * arena; the module's default 256 MiB has 64 chunks.
 *
 * The callbacks here take no lock (one thread); pinning is the seam's
 * inline mmlab_cpu_pin()/mmlab_cpu_unpin(), in the shim a counter and
 * CPU 0, around every allocation and every free. In the module the slow
 * path takes the cache's lock; the fast path takes none, its pin and
 * unpin are get_cpu() and put_cpu(): preempt_disable() and
 * preempt_enable(). A userspace malloc's fast path is a thread-local
 * cache without atomics too: fast paths of the same kind. The core's .c
 * files are in this translation unit, as in bench.c, so the compiler may
 * inline what a caller in the module calls; GCC 12 at -O2 still calls
 * alloc_req() and mmlab_slab_free() out of line, and malloc() and free()
 * are calls through the PLT.
 *
 * Only one malloc() can be in a process, so the program is its own
 * driver: it runs itself (-c NAME, through /proc/self/exe) once per
 * allocator and round, with LD_PRELOAD naming the library for jemalloc
 * and tcmalloc and no LD_PRELOAD for glibc and mmlab, and reads the
 * child's cells from a pipe. A malloc's child checks, with dladdr() on
 * the malloc() the dynamic linker resolved, that the library it was meant
 * to time is the one serving it; when the library could not be preloaded
 * (its package is not installed), it says so and the driver shows the
 * allocator as skipped, naming the package. One binary, one table, the
 * same loops for every malloc; tc_malloc() and friends would have needed
 * tcmalloc at link time, and a second binary for jemalloc.
 *
 * Time is the thread's CPU time (CLOCK_THREAD_CPUTIME_ID), so that time
 * spent preempted on a busy host is not counted. Each child runs every
 * cell once untimed (which faults the memory in and fills every cache),
 * then once timed. There are R rounds (-r), each a fresh process per
 * allocator, the allocators taking turns, and the fastest of the R runs
 * counts. What a busy host does to the caches, and what a process's
 * layout does to the timing (tcmalloc's single pattern at 16 B once took
 * 4.7 ns a pair in one process and 7.4 in the next), then fall on every
 * allocator alike. The mmlab child also validates its caches, destroys
 * them and checks that the buddy got every frame back.
 *
 * The claim at the end says whether the target (mmlab at most
 * 1.0x tcmalloc on the fast path: the single pattern, every size) is
 * met; a target missed is reported, not an error. The exit status is 1
 * when an allocator failed (NULL, a child that crashed) or
 * mmlab_slab_validate() finds errors after the runs, 4 when an allocator
 * was skipped (nothing failed, but the table is not complete), else 0.
 * The cache table after the timings gives each cache's geometry and how
 * often the bulk pattern took the slow path.
 *
 *	mmlab-slab-bench [-a MIB] [-n ITERS] [-r REPS] [-b BULK] [-s LO-HI]
 */
#define _GNU_SOURCE	/* dladdr(), RTLD_DEFAULT */
#include "seam.h"

#include "../../../kmod/core/arena.c"
#include "../../../kmod/core/frag.c"
#include "../../../kmod/core/buddy.c"
#include "../../../kmod/core/fit.c"
#include "../../../kmod/core/handle.c"
#include "../../../kmod/core/slab_layout.c"
#include "../../../kmod/core/slab.c"

#include <dlfcn.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include "bench.h"

#define ARENA_MIB	64
#define ARENA_MIB_MAX	4096
#define PCP_BATCH	63
#define NR_SIZES	9	/* 16 .. 4096 */
#define MIN_SHIFT	4
#define BULK_MAX	4096
#define REPS_MAX	100
#define TARGET		1.0	/* mmlab / tcmalloc, single pattern */
#define EXIT_SKIP	4

/*
 * Attributes the kernel names (compiler_attributes.h) and the shim lacks;
 * __always_inline is the attribute alone here, so "inline" is spelt out.
 */
#ifndef __always_unused
#define __always_unused	__attribute__((unused))
#endif
#ifndef __always_inline
#define __always_inline	__attribute__((always_inline))
#endif
#ifndef noinline
#define noinline	__attribute__((noinline))
#endif

enum pattern { SINGLE, BULK, NR_PATTERNS };

static const char *const pattern_names[NR_PATTERNS] = { "single", "bulk" };

/* How a loop allocates: the code is the same, these calls differ. */
enum kind { K_MMLAB, K_INLINE, K_MALLOC };

enum alloc_id {
	A_MMLAB, A_INLINE, A_GLIBC, A_JEMALLOC, A_TCMALLOC, NR_ALLOCS
};

/**
 * struct allocator - a column of the table
 * @name: its heading, and the child's -c argument
 * @preload: LD_PRELOAD for the child (NULL: none, the C library's)
 * @lib: the file name of the object malloc() must come from
 * @pkg: the Debian package that has it
 */
struct allocator {
	const char *name;
	const char *preload;
	const char *lib;
	const char *pkg;
};

static const struct allocator allocators[NR_ALLOCS] = {
	[A_MMLAB] = { "mmlab" },
	[A_INLINE] = { "mmlab-inl" },
	[A_GLIBC] = { "glibc", NULL, "libc.so.6", "libc6" },
	[A_JEMALLOC] = { "jemalloc", "libjemalloc.so.2", "libjemalloc.so.2",
			 "libjemalloc2" },
	[A_TCMALLOC] = { "tcmalloc", "libtcmalloc_minimal.so.4",
			 "libtcmalloc_minimal.so.4", "libtcmalloc-minimal4" },
};

struct params {
	unsigned int arena_mib;
	unsigned int iters;
	unsigned int reps;
	unsigned int bulk;
	unsigned int lo, hi;	/* size indices: 16 << index */
};

/* The buddy and slab allocator of the mmlab side. */
struct bench_slabs {
	struct map_backing map;
	struct mmlab_arena arena;
	struct mmlab_buddy buddy;
	struct mmlab_slabs slabs;
	struct mmlab_slab_cache *caches[NR_SIZES];
};

/* Cells: ns per pair, < 0 when not run. */
static double cells[NR_SIZES][NR_PATTERNS][NR_ALLOCS];
/* The objects of a bulk round. */
static void *objs[BULK_MAX];
/* Where each object of the single pattern is stored before its free. */
static void *volatile sink;
static bool failed;

static u32 size_of(unsigned int i)
{
	return 1U << (i + MIN_SHIFT);
}

static void die(const char *what, int err)
{
	fprintf(stderr, "mmlab-slab-bench: %s: error %d\n", what, err);
	exit(1);
}

/*
 * The slab callbacks: pages from the buddy as the module takes them, and
 * no locking at all (one thread).
 */
static void *bs_page_alloc(void *priv, unsigned int order, unsigned int mt)
{
	struct bench_slabs *bs = priv;

	return mmlab_kblock_alloc(&bs->buddy, order, mt, 0);
}

static void bs_page_free(void *priv, void *mem)
{
	struct bench_slabs *bs = priv;

	if (mmlab_kblock_free(&bs->buddy, mem, 0))
		die("mmlab_kblock_free", -EINVAL);
}

static void bs_lock(struct mmlab_slab_cache *c __always_unused)
{
}

static void bs_unlock(struct mmlab_slab_cache *c __always_unused)
{
}

static const struct mmlab_slab_ops bs_ops = {
	.page_alloc = bs_page_alloc,
	.page_free = bs_page_free,
	.lock = bs_lock,
	.unlock = bs_unlock,
};

static void slabs_setup(struct bench_slabs *bs, const struct params *p)
{
	struct mmlab_buddy_config cfg = { .nr_cpus = 1,
					  .pcp_batch = PCP_BATCH };
	u64 frames = (u64)p->arena_mib << (20 - MMLAB_PAGE_SHIFT);
	unsigned int i;
	int err;

	bs->map.len = (size_t)frames << MMLAB_PAGE_SHIFT;
	bs->map.mem = mmap(NULL, bs->map.len, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (bs->map.mem == MAP_FAILED)
		die("mmap", errno);
	err = mmlab_arena_create(&bs->arena, frames, 10, &map_ops, &bs->map);
	if (err)
		die("mmlab_arena_create", err);
	err = mmlab_buddy_create(&bs->buddy, &bs->arena, &cfg, NULL, NULL);
	if (err)
		die("mmlab_buddy_create", err);
	err = mmlab_slabs_init(&bs->slabs, &bs->arena, 1, &bs_ops, bs);
	if (err)
		die("mmlab_slabs_init", err);
	for (i = p->lo; i <= p->hi; i++) {
		struct mmlab_slab_cache_req req = { .size = size_of(i) };
		char name[MMLAB_SLAB_NAME_MAX];

		snprintf(name, sizeof(name), "bench-%u", size_of(i));
		req.name = name;
		err = mmlab_slab_cache_create(&bs->slabs, &req,
					      &bs->caches[i]);
		if (err)
			die("mmlab_slab_cache_create", err);
	}
}

/* Validate, destroy, and check that every frame came back. */
static unsigned int slabs_teardown(struct bench_slabs *bs,
				   const struct params *p)
{
	unsigned int i, bad = 0;

	for (i = p->lo; i <= p->hi; i++) {
		struct mmlab_slab_cache *c = bs->caches[i];
		unsigned int v = mmlab_slab_validate(c);

		if (v || c->stats.errors || c->stats.fail) {
			printf("# cache %s: %u invariant violations, %llu errors, %llu failed allocations\n",
			       c->name, v, c->stats.errors, c->stats.fail);
			bad++;
		}
		if (mmlab_slab_cache_destroy(c)) {
			printf("# cache %s: objects still in use\n", c->name);
			bad++;
		}
	}
	mmlab_slabs_destroy(&bs->slabs);
	if (mmlab_buddy_validate(&bs->buddy) ||
	    bs->arena.nr_free != bs->arena.nr_frames) {
		printf("# buddy: invariants broken or frames lost (%llu of %llu free)\n",
		       bs->arena.nr_free, bs->arena.nr_frames);
		bad++;
	}
	mmlab_buddy_destroy(&bs->buddy);
	mmlab_arena_destroy(&bs->arena);
	if (bs->map.returned != bs->map.len >> MMLAB_PAGE_SHIFT) {
		printf("# arena: chunks not all given back\n");
		bad++;
	}
	munmap(bs->map.mem, bs->map.len);
	return bad;
}

/* An object, or NULL; @k is a constant wherever this is inlined. */
static inline __always_inline void *get(enum kind k,
					struct mmlab_slab_cache *c,
					size_t size)
{
	void *obj;

	switch (k) {
	case K_MMLAB:
		return mmlab_slab_alloc(c);
	case K_INLINE:
		obj = mmlab_slab_cpu_alloc(c, 0);
		return likely(obj) ? obj : mmlab_slab_alloc_slow(c);
	default:
		return malloc(size);
	}
}

static inline __always_inline void put(enum kind k,
				       struct mmlab_slab_cache *c, void *obj)
{
	switch (k) {
	case K_MMLAB:
		mmlab_slab_free(c, obj);
		break;
	case K_INLINE:
		if (unlikely(!mmlab_slab_cpu_free(c, 0, obj)))
			mmlab_slab_free_slow(c, obj);
		break;
	default:
		free(obj);
	}
}

/* One word written, as a user would: no pair can be elided. */
static inline __always_inline void touch(void *obj, unsigned long v)
{
	if (unlikely(!obj)) {
		failed = true;
		return;
	}
	*(volatile unsigned long *)obj = v;
}

/*
 * @rounds rounds of @batch pairs of pattern @p; the nanoseconds taken.
 * A failed allocation sets @failed and the run goes on (its cell is then
 * meaningless, and the exit status says so).
 */
static inline __always_inline u64 run(enum kind k,
				      struct mmlab_slab_cache *c, size_t size,
				      enum pattern p, unsigned int batch,
				      unsigned int rounds)
{
	u64 start = now_ns();
	unsigned int r, i;
	void *obj;

	for (r = 0; r < rounds; r++) {
		if (p == SINGLE) {
			for (i = 0; i < batch; i++) {
				obj = get(k, c, size);
				touch(obj, i);
				sink = obj;
				if (likely(obj))
					put(k, c, obj);
			}
			continue;
		}
		for (i = 0; i < batch; i++) {
			objs[i] = get(k, c, size);
			touch(objs[i], i);
		}
		for (i = 0; i < batch; i++)
			if (likely(objs[i]))
				put(k, c, objs[i]);
	}
	return now_ns() - start;
}

static noinline u64 run_mmlab(struct mmlab_slab_cache *c, enum pattern p,
			      unsigned int batch, unsigned int rounds)
{
	return run(K_MMLAB, c, 0, p, batch, rounds);
}

static noinline u64 run_inline(struct mmlab_slab_cache *c, enum pattern p,
			       unsigned int batch, unsigned int rounds)
{
	return run(K_INLINE, c, 0, p, batch, rounds);
}

static noinline u64 run_malloc(size_t size, enum pattern p,
			       unsigned int batch, unsigned int rounds)
{
	return run(K_MALLOC, NULL, size, p, batch, rounds);
}

/* Pairs per round for @p, and rounds for @iters pairs. */
static unsigned int batch_of(const struct params *prm, enum pattern p)
{
	return p == BULK ? prm->bulk : min_t(unsigned int, prm->iters, 1024);
}

static unsigned int rounds_of(const struct params *prm, enum pattern p)
{
	unsigned int b = batch_of(prm, p);

	return (prm->iters + b - 1) / b;
}

/* ns per pair of the fastest of @reps timed runs, after one untimed. */
static double time_cell(enum kind k, struct mmlab_slab_cache *c, u32 size,
			const struct params *prm, enum pattern p)
{
	unsigned int b = batch_of(prm, p), rounds = rounds_of(prm, p), rep;
	u64 best = ~0ULL, t;

	for (rep = 0; rep <= prm->reps; rep++) {
		unsigned int n = rep ? rounds : 1;

		if (k == K_MMLAB)
			t = run_mmlab(c, p, b, n);
		else if (k == K_INLINE)
			t = run_inline(c, p, b, n);
		else
			t = run_malloc(size, p, b, n);
		if (rep)
			best = min(best, t);
	}
	return (double)best / ((double)rounds * b);
}

/*
 * The child "mmlab": both of mmlab's columns, cell by cell; each cache's
 * geometry and its slow-path counts in the bulk pattern (both columns,
 * warm-ups included, per 1000 pairs); then the checks of the teardown.
 */
static int child_mmlab(const struct params *prm)
{
	static struct bench_slabs bs;
	unsigned int i, bad;
	enum pattern p;

	slabs_setup(&bs, prm);
	printf("chunks %u\n", bs.arena.nr_chunks);
	for (i = prm->lo; i <= prm->hi; i++) {
		struct mmlab_slab_cache *c = bs.caches[i];
		double k = 2.0 * ((double)prm->reps * rounds_of(prm, BULK) +
				  1) * prm->bulk / 1000.0;

		for (p = 0; p < NR_PATTERNS; p++) {
			mmlab_slab_reset_stats(c);
			printf("cell %u %u %u %.3f\n", i, p, A_MMLAB,
			       time_cell(K_MMLAB, c, 0, prm, p));
			printf("cell %u %u %u %.3f\n", i, p, A_INLINE,
			       time_cell(K_INLINE, c, 0, prm, p));
		}
		printf("slab %u %u %u %u %u %u %.2f %.2f %.2f %.2f\n", i,
		       c->l.stride, c->l.order, c->l.objects, c->limit,
		       c->batch, c->stats.refills / k, c->stats.drains / k,
		       c->stats.slabs_new / k, c->stats.slabs_freed / k);
	}
	bad = slabs_teardown(&bs, prm);
	if (failed)
		printf("# an mmlab allocation failed\n");
	return bad || failed ? 1 : 0;
}

/*
 * A malloc's child: check that malloc() comes from the library this
 * allocator names (else it was not preloaded: skip), then its cells.
 */
static int child_malloc(const struct params *prm, enum alloc_id id)
{
	const struct allocator *a = &allocators[id];
	const char *file = "(unknown)";
	Dl_info info = { 0 };
	unsigned int i;
	enum pattern p;
	void *fn;

	fn = dlsym(RTLD_DEFAULT, "malloc");
	if (fn && dladdr(fn, &info) && info.dli_fname) {
		file = strrchr(info.dli_fname, '/');
		file = file ? file + 1 : info.dli_fname;
	}
	if (strcmp(file, a->lib)) {
		printf("skip malloc() comes from %s, not %s\n", file, a->lib);
		return EXIT_SKIP;
	}
	printf("lib %s\n", info.dli_fname);
	for (i = prm->lo; i <= prm->hi; i++)
		for (p = 0; p < NR_PATTERNS; p++)
			printf("cell %u %u %u %.3f\n", i, p, id,
			       time_cell(K_MALLOC, NULL, size_of(i), prm, p));
	return failed ? 1 : 0;
}

static int child(const struct params *prm, const char *name)
{
	unsigned int id;

	if (!strcmp(name, allocators[A_MMLAB].name))
		return child_mmlab(prm);
	for (id = A_GLIBC; id < NR_ALLOCS; id++)
		if (!strcmp(name, allocators[id].name))
			return child_malloc(prm, id);
	return 2;
}

/* A cache's geometry and slow-path counts, as the mmlab child gives them. */
struct cache_line {
	u32 stride, order, objects, limit, batch;
	double refills, drains, slabs_new, slabs_freed;
};

/* What the driver learns from the children besides the cells. */
struct findings {
	unsigned int chunks;
	char lib[NR_ALLOCS][256];
	struct cache_line slab[NR_SIZES];
};

/* Keep the fastest of what the rounds measured. */
static void keep(unsigned int i, unsigned int p, unsigned int id, double ns)
{
	if (cells[i][p][id] < 0 || ns < cells[i][p][id])
		cells[i][p][id] = ns;
}

/* One line of a child's output; return the cells it had (0 or 1). */
static unsigned int parse_line(char *line, const struct params *prm,
			       enum alloc_id id, struct findings *fd)
{
	struct cache_line cl;
	unsigned int i, p, a;
	double ns;

	line[strcspn(line, "\n")] = '\0';
	if (sscanf(line, "cell %u %u %u %lf", &i, &p, &a, &ns) == 4 &&
	    i >= prm->lo && i <= prm->hi && p < NR_PATTERNS &&
	    (a == id || (id == A_MMLAB && a == A_INLINE))) {
		keep(i, p, a, ns);
		return 1;
	}
	if (sscanf(line, "slab %u %u %u %u %u %u %lf %lf %lf %lf", &i,
		   &cl.stride, &cl.order, &cl.objects, &cl.limit, &cl.batch,
		   &cl.refills, &cl.drains, &cl.slabs_new,
		   &cl.slabs_freed) == 10 && i < NR_SIZES) {
		fd->slab[i] = cl;
	} else if (sscanf(line, "chunks %u", &fd->chunks) == 1) {
		/* the mmlab child's arena */
	} else if (!strncmp(line, "lib ", 4) || !strncmp(line, "skip ", 5)) {
		snprintf(fd->lib[id], sizeof(fd->lib[id]), "%s",
			 strchr(line, ' ') + 1);
	} else if (line[0] == '#') {
		printf("%s\n", line);	/* the teardown's complaints */
	}
	return 0;
}

/*
 * Run this program as the child of @id (-c), with one timed run of each
 * cell and LD_PRELOAD set as @id needs, and keep what it measured.
 * Return 0, EXIT_SKIP or 1 (the child failed or did not finish).
 */
static int spawn(const struct params *prm, enum alloc_id id,
		 struct findings *fd)
{
	const struct allocator *a = &allocators[id];
	unsigned int got = 0, want = (prm->hi - prm->lo + 1) * NR_PATTERNS;
	char n[16], b[16], m[16], s[32], line[512];
	int fds[2], status;
	pid_t pid;
	FILE *f;

	if (id == A_MMLAB)
		want *= 2;	/* and A_INLINE's */
	snprintf(n, sizeof(n), "%u", prm->iters);
	snprintf(b, sizeof(b), "%u", prm->bulk);
	snprintf(m, sizeof(m), "%u", prm->arena_mib);
	snprintf(s, sizeof(s), "%u-%u", size_of(prm->lo), size_of(prm->hi));
	fflush(stdout);
	if (pipe(fds))
		die("pipe", errno);
	pid = fork();
	if (pid < 0)
		die("fork", errno);
	if (!pid) {
		close(fds[0]);
		dup2(fds[1], STDOUT_FILENO);
		close(fds[1]);
		if (a->preload)
			setenv("LD_PRELOAD", a->preload, 1);
		else
			unsetenv("LD_PRELOAD");
		execl("/proc/self/exe", "mmlab-slab-bench", "-a", m, "-n", n,
		      "-r", "1", "-b", b, "-s", s, "-c", a->name,
		      (char *)NULL);
		_exit(127);
	}
	close(fds[1]);
	f = fdopen(fds[0], "r");
	if (!f)
		die("fdopen", errno);
	while (fgets(line, sizeof(line), f))
		got += parse_line(line, prm, id, fd);
	fclose(f);
	if (waitpid(pid, &status, 0) < 0)
		die("waitpid", errno);
	if (WIFEXITED(status) && WEXITSTATUS(status) == EXIT_SKIP)
		return EXIT_SKIP;
	if (WIFEXITED(status) && !WEXITSTATUS(status) && got == want)
		return 0;
	return 1;
}

/* "%8.2f" of @a / @b, or "-" when either is missing. */
static void print_ratio(double a, double b)
{
	if (a < 0 || b <= 0)
		printf(" %8s", "-");
	else
		printf(" %8.2f", a / b);
}

/* @state: per allocator, 0, EXIT_SKIP or 1 (failed); A_INLINE: unused. */
static void print_table(const struct params *prm, const int *state)
{
	unsigned int i, a;
	enum pattern p;

	printf("%5s %-7s", "size", "pattern");
	for (a = 0; a < NR_ALLOCS; a++)
		printf(" %9s", allocators[a].name);
	printf(" %8s %8s %8s %8s\n", "mm/tc", "mm/glibc", "mm/je",
	       "inl/tc");
	for (p = 0; p < NR_PATTERNS; p++) {
		for (i = prm->lo; i <= prm->hi; i++) {
			double *c = cells[i][p];

			printf("%5u %-7s", size_of(i), pattern_names[p]);
			for (a = 0; a < NR_ALLOCS; a++) {
				int st = state[a == A_INLINE ? A_MMLAB : a];

				if (c[a] >= 0)
					printf(" %9.2f", c[a]);
				else
					printf(" %9s", st == EXIT_SKIP ?
					       "skipped" : "failed");
			}
			print_ratio(c[A_MMLAB], c[A_TCMALLOC]);
			print_ratio(c[A_MMLAB], c[A_GLIBC]);
			print_ratio(c[A_MMLAB], c[A_JEMALLOC]);
			print_ratio(c[A_INLINE], c[A_TCMALLOC]);
			printf("\n");
		}
	}
}

static void print_geometry(const struct params *prm,
			   const struct findings *fd)
{
	unsigned int i;

	printf("\n# mmlab caches, and the slow path in the bulk pattern's runs (per 1000 pairs)\n");
	printf("%5s %6s %5s %7s %5s %5s %8s %8s %8s %8s\n", "size", "stride",
	       "order", "objects", "limit", "batch", "refills", "drains",
	       "slab_new", "slab_free");
	for (i = prm->lo; i <= prm->hi; i++)
		printf("%5u %6u %5u %7u %5u %5u %8.2f %8.2f %8.2f %8.2f\n",
		       size_of(i), fd->slab[i].stride, fd->slab[i].order,
		       fd->slab[i].objects, fd->slab[i].limit,
		       fd->slab[i].batch, fd->slab[i].refills,
		       fd->slab[i].drains, fd->slab[i].slabs_new,
		       fd->slab[i].slabs_freed);
}

/* The claim: the single pattern, mmlab's public path against tcmalloc. */
static void print_claims(const struct params *prm, bool tc_ok)
{
	double worst = 0, worst_inl = 0, worst_bulk = 0;
	unsigned int i, at = prm->lo, at_bulk = prm->lo;

	printf("\n# claims\n");
	if (!tc_ok) {
		printf("  fast path <= %.1fx tcmalloc: NOT JUDGED (mmlab or tcmalloc missing)\n",
		       TARGET);
		return;
	}
	for (i = prm->lo; i <= prm->hi; i++) {
		double r = cells[i][SINGLE][A_MMLAB] /
			   cells[i][SINGLE][A_TCMALLOC];
		double rb = cells[i][BULK][A_MMLAB] /
			    cells[i][BULK][A_TCMALLOC];

		if (r > worst) {
			worst = r;
			at = i;
		}
		if (rb > worst_bulk) {
			worst_bulk = rb;
			at_bulk = i;
		}
		worst_inl = max(worst_inl, cells[i][SINGLE][A_INLINE] /
					   cells[i][SINGLE][A_TCMALLOC]);
	}
	printf("  fast path (single, mmlab_slab_alloc/free) <= %.1fx tcmalloc at every size: worst %.2fx (%u B) %s\n",
	       TARGET, worst, size_of(at), worst <= TARGET ? "met" : "NOT MET");
	printf("  (inline fast path mmlab_slab_cpu_alloc/cpu_free: worst %.2fx; bulk, no target: worst %.2fx at %u B)\n",
	       worst_inl, worst_bulk, size_of(at_bulk));
}

static void usage(void)
{
	fprintf(stderr, "usage: mmlab-slab-bench [-a MIB] [-n ITERS] [-r REPS] [-b BULK] [-s LO-HI]\n");
	fprintf(stderr, "       (-c mmlab|glibc|jemalloc|tcmalloc: one allocator's cells, the driver's child)\n");
	exit(2);
}

/* "LO-HI" in bytes, powers of two within 16..4096, into size indices. */
static bool parse_sizes(const char *arg, struct params *prm)
{
	unsigned int lo, hi;

	if (sscanf(arg, "%u-%u", &lo, &hi) != 2 || lo > hi || lo < 16 ||
	    hi > size_of(NR_SIZES - 1) || (lo & (lo - 1)) || (hi & (hi - 1)))
		return false;
	prm->lo = ilog2(lo) - MIN_SHIFT;
	prm->hi = ilog2(hi) - MIN_SHIFT;
	return true;
}

int main(int argc, char **argv)
{
	struct params prm = { .arena_mib = ARENA_MIB, .iters = 200000,
			      .reps = 11, .bulk = 256,
			      .lo = 0, .hi = NR_SIZES - 1 };
	static struct findings fd;
	int state[NR_ALLOCS] = { 0 };	/* 0, EXIT_SKIP or 1 (failed) */
	unsigned int i, a, round, errors = 0, skipped = 0;
	const char *child_of = NULL;
	char cpu[128];
	int c;

	while ((c = getopt(argc, argv, "a:n:r:b:s:c:")) != -1) {
		switch (c) {
		case 'a':
			prm.arena_mib = strtoul(optarg, NULL, 10);
			break;
		case 'n':
			prm.iters = strtoul(optarg, NULL, 10);
			break;
		case 'r':
			prm.reps = strtoul(optarg, NULL, 10);
			break;
		case 'b':
			prm.bulk = strtoul(optarg, NULL, 10);
			break;
		case 's':
			if (!parse_sizes(optarg, &prm))
				usage();
			break;
		case 'c':
			child_of = optarg;
			break;
		default:
			usage();
		}
	}
	if (!prm.iters || !prm.reps || prm.reps > REPS_MAX || !prm.bulk ||
	    prm.bulk > BULK_MAX || prm.arena_mib < 16 ||
	    prm.arena_mib > ARENA_MIB_MAX || optind != argc)
		usage();
	for (i = 0; i < NR_SIZES; i++)
		for (a = 0; a < NR_ALLOCS; a++) {
			cells[i][SINGLE][a] = -1;
			cells[i][BULK][a] = -1;
		}
	if (child_of)
		return child(&prm, child_of);

	cpu_model(cpu, sizeof(cpu));
	printf("# mmlab slab caches in userspace (kmod/core through tools/testing/shim, -O2, no sanitizers)\n");
	printf("# against malloc()/free(); %s, %ld CPUs online, one thread\n",
	       cpu, sysconf(_SC_NPROCESSORS_ONLN));
	printf("# single: alloc+free, %u pairs; bulk: %u allocs then %u frees, %u rounds; one word written per object\n",
	       prm.iters, prm.bulk, prm.bulk, rounds_of(&prm, BULK));
	printf("# ns: the thread's CPU time per alloc+free pair, fastest of %u runs, each in a fresh\n",
	       prm.reps);
	printf("#   process per allocator after a warm-up, the allocators taking turns\n");

	for (round = 0; round < prm.reps; round++) {
		for (a = A_MMLAB; a < NR_ALLOCS; a++) {
			if (a == A_INLINE || state[a])
				continue;
			state[a] = spawn(&prm, a, &fd);
		}
	}

	printf("# mmlab: mmlab_slab_alloc/free, one cache per size (flags 0), arena %u MiB in %u chunks;\n",
	       prm.arena_mib, fd.chunks);
	printf("#   callbacks without locks, mmlab_cpu_pin() = CPU 0 (one thread): the module's fast path adds\n");
	printf("#   preempt_disable/enable only\n");
	printf("# mmlab-inl: the inline fast path mmlab_slab_cpu_alloc/cpu_free, slow path on a miss\n");
	for (a = A_MMLAB; a < NR_ALLOCS; a++) {
		if (a == A_INLINE)
			continue;
		if (state[a] == EXIT_SKIP) {
			printf("# %s: SKIPPED, not timed: %s (install the Debian package %s)\n",
			       allocators[a].name, fd.lib[a], allocators[a].pkg);
			skipped++;
		} else if (state[a]) {
			printf("# %s: FAILED (a run did not finish, or its checks failed)\n",
			       allocators[a].name);
			errors++;
		} else if (a != A_MMLAB) {
			printf("# %s: %s\n", allocators[a].name, fd.lib[a]);
		}
		if (state[a]) {
			for (i = 0; i < NR_SIZES; i++) {
				cells[i][SINGLE][a] = -1;
				cells[i][BULK][a] = -1;
				if (a == A_MMLAB) {
					cells[i][SINGLE][A_INLINE] = -1;
					cells[i][BULK][A_INLINE] = -1;
				}
			}
		}
	}
	printf("\n");
	print_table(&prm, state);
	if (!state[A_MMLAB])
		print_geometry(&prm, &fd);
	print_claims(&prm, !state[A_MMLAB] && !state[A_TCMALLOC]);

	if (skipped)
		printf("# %u allocator(s) SKIPPED: the table is incomplete (exit status %d)\n",
		       skipped, EXIT_SKIP);
	if (errors)
		return 1;
	return skipped ? EXIT_SKIP : 0;
}
