// SPDX-License-Identifier: GPL-2.0
/*
 * bench.c - debugfs mmlab/bench: mmlab's buddy allocator against the
 * kernel's page allocator, in the same boot and the same run.
 *
 *   write  "orders=LO-HI iters=N batch=B reps=R", every key optional, in
 *          any order, separated by spaces or commas: run the benchmark;
 *          the write returns when it is done (seconds under QEMU's TCG)
 *   read   the table of the last run
 *
 * Defaults: orders=0-max_order iters=10000 batch=32 reps=3.
 *
 * For each order LO..HI and each of two patterns, three allocators are
 * timed:
 *
 *   pattern pair   allocate a block and free it, N times
 *   pattern batch  allocate B blocks, then free them in the same order;
 *                  N / B rounds (the pair loop also runs in rounds of B)
 *
 *   mmlab   mmlab_buddy_alloc() and mmlab_buddy_free(), each call between
 *           mmlab_buddy_lock() and mmlab_buddy_unlock(true), as the
 *           netlink handlers call them: the mutex is inside the timed loop
 *   held    the same calls with mmlab.buddy_lock taken once per round of
 *           B operations: the allocator's own cost, without the mutex
 *   kernel  alloc_pages(GFP_KERNEL | __GFP_NOWARN, order) and
 *           __free_pages(), in the same pattern (__GFP_NOWARN only keeps
 *           a failure out of the log; it is counted, not retried)
 *
 * The result is nanoseconds per alloc+free pair. Timing is ktime_get_ns()
 * around a whole loop; nothing is disabled (no preemption or interrupts
 * off), so a loop also pays for whatever the kernel does meanwhile. Each
 * cell is run @reps times, the cells of an order interleaved, and the
 * fastest run is kept. One untimed round of every cell comes first, so the
 * per-CPU lists of both allocators start warm. cond_resched() between
 * loops; a fatal signal stops the run.
 *
 * mmlab's blocks are UNMOVABLE, what GFP_KERNEL asks of the kernel, so
 * compaction never moves one under the benchmark, and carry the tag
 * MMLAB_NIL, which names no handle. The kernel's side zeroes its pages
 * when init_on_alloc is on (the default of Debian's kernels); the table's
 * header says whether it was: mmlab never touches a frame's memory.
 *
 * A run needs B blocks of order HI free in the arena: -EBUSY otherwise.
 * Malformed input or values out of range: -EINVAL.
 *
 * Lock order: bench_lock -> mmlab.buddy_lock.
 */
#include <linux/debugfs.h>
#include <linux/gfp.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/mm.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/utsname.h>

#include "mmlab.h"

#define BENCH_ITERS_MAX		10000000U
#define BENCH_BATCH_MAX		4096U
#define BENCH_REPS_MAX		20U
#define BENCH_INPUT_MAX		128

#define BENCH_GFP		(GFP_KERNEL | __GFP_NOWARN)

enum bench_pattern {
	BENCH_PAIR,
	BENCH_BATCH,
	BENCH_NR_PATTERNS,
};

enum bench_alloc {
	BENCH_MMLAB,
	BENCH_HELD,
	BENCH_KERNEL,
	BENCH_NR_ALLOCS,
};

static const char *const bench_pattern_names[BENCH_NR_PATTERNS] = {
	[BENCH_PAIR] = "pair",
	[BENCH_BATCH] = "batch",
};

/**
 * struct bench_args - what a write asks for
 * @lo: first order
 * @hi: last order
 * @iters: alloc+free pairs per loop (rounded up to a multiple of @batch)
 * @batch: blocks held at once by the batch pattern; operations per lock
 *	hold in the "held" variant
 * @reps: runs of each cell; the fastest counts
 */
struct bench_args {
	unsigned int lo;
	unsigned int hi;
	unsigned int iters;
	unsigned int batch;
	unsigned int reps;
};

/**
 * struct bench_state - the last run, under bench_lock
 * @args: its arguments
 * @done: a run completed
 * @init_on_alloc: the kernel zeroed the pages GFP_KERNEL asked for
 * @meta: mmlab's buddy tables
 * @cell: the results
 */
struct bench_state {
	struct bench_args args;
	bool done;
	bool init_on_alloc;
	struct mmlab_buddy_meta meta;
	struct mmlab_bench_cell cell[MMLAB_BUDDY_ORDERS][BENCH_NR_PATTERNS]
			      [BENCH_NR_ALLOCS];
};

static DEFINE_MUTEX(bench_lock);
static struct bench_state bench;

/**
 * struct bench_loop - one timed loop
 * @order: block order
 * @pattern: &enum bench_pattern
 * @alloc: &enum bench_alloc
 * @batch: operations per round
 * @rounds: rounds
 * @frames: @batch entries, mmlab's blocks held by a batch round
 * @pages: @batch entries, the kernel's
 */
struct bench_loop {
	unsigned int order;
	enum bench_pattern pattern;
	enum bench_alloc alloc;
	unsigned int batch;
	unsigned int rounds;
	u64 *frames;
	struct page **pages;
};

/* mmlab: one allocation; takes the lock unless @held (then @cpu is). */
static int mmlab_get(unsigned int order, bool held, unsigned int cpu,
		     u64 *frame)
{
	int err;

	if (!held)
		cpu = mmlab_buddy_lock();
	err = mmlab_buddy_alloc(&mmlab.buddy, order, MMLAB_MT_UNMOVABLE, cpu,
				0, MMLAB_NIL, frame);
	if (!held)
		mmlab_buddy_unlock(!err);
	return err;
}

static void mmlab_put(u64 frame, bool held, unsigned int cpu)
{
	if (!held)
		cpu = mmlab_buddy_lock();
	WARN_ON_ONCE(mmlab_buddy_free(&mmlab.buddy, frame, cpu));
	if (!held)
		mmlab_buddy_unlock(true);
}

static int round_mmlab(const struct bench_loop *l)
{
	bool held = l->alloc == BENCH_HELD;
	unsigned int i, got = 0, cpu = 0;
	int err = 0;

	if (held)
		cpu = mmlab_buddy_lock();
	if (l->pattern == BENCH_PAIR) {
		for (i = 0; i < l->batch && !err; i++) {
			err = mmlab_get(l->order, held, cpu, &l->frames[0]);
			if (!err)
				mmlab_put(l->frames[0], held, cpu);
		}
	} else {
		for (; got < l->batch; got++) {
			err = mmlab_get(l->order, held, cpu, &l->frames[got]);
			if (err)
				break;
		}
		for (i = 0; i < got; i++)
			mmlab_put(l->frames[i], held, cpu);
	}
	if (held)
		mmlab_buddy_unlock(true);
	return err;
}

static int round_kernel(const struct bench_loop *l)
{
	unsigned int i, got = 0;
	struct page *page;

	if (l->pattern == BENCH_PAIR) {
		for (i = 0; i < l->batch; i++) {
			page = alloc_pages(BENCH_GFP, l->order);
			if (!page)
				return -ENOMEM;
			__free_pages(page, l->order);
		}
		return 0;
	}
	for (; got < l->batch; got++) {
		l->pages[got] = alloc_pages(BENCH_GFP, l->order);
		if (!l->pages[got])
			break;
	}
	for (i = 0; i < got; i++)
		__free_pages(l->pages[i], l->order);
	return got < l->batch ? -ENOMEM : 0;
}

/* Run @l's rounds; 0 and the time taken, or the first error. */
static int run_loop(const struct bench_loop *l, u64 *ns)
{
	unsigned int r;
	u64 start;
	int err = 0;

	start = ktime_get_ns();
	for (r = 0; r < l->rounds && !err; r++)
		err = l->alloc == BENCH_KERNEL ? round_kernel(l) :
						 round_mmlab(l);
	*ns = ktime_get_ns() - start;
	return err;
}

/* Every cell of @order: a warm-up round each, then @a->reps timed runs. */
static int bench_order(const struct bench_args *a, unsigned int order,
		       u64 *frames, struct page **pages)
{
	struct bench_loop l = {
		.order = order, .batch = a->batch, .frames = frames,
		.pages = pages,
	};
	unsigned int rep;

	for (rep = 0; rep <= a->reps; rep++) {
		for (l.pattern = 0; l.pattern < BENCH_NR_PATTERNS; l.pattern++) {
			for (l.alloc = 0; l.alloc < BENCH_NR_ALLOCS; l.alloc++) {
				struct mmlab_bench_cell *c =
					&bench.cell[order][l.pattern][l.alloc];
				u64 ns;
				int err;

				/* rep 0 is the untimed warm-up round */
				l.rounds = rep ? DIV_ROUND_UP(a->iters, a->batch) : 1;
				err = run_loop(&l, &ns);
				cond_resched();
				if (fatal_signal_pending(current))
					return -EINTR;
				if (err) {
					c->err = err;
					continue;
				}
				if (!rep || c->err)
					continue;
				c->pairs = (u64)l.rounds * l.batch;
				if (!c->ns || ns < c->ns)
					c->ns = ns;
			}
		}
	}
	return 0;
}

static int bench_run(const struct bench_args *a)
{
	struct page **pages;
	unsigned int order;
	u64 need = (u64)a->batch << a->hi, avail, *frames;
	int err = 0;

	mmlab_buddy_lock();
	avail = mmlab.arena.nr_free;
	mmlab_buddy_metadata(&mmlab.buddy, &bench.meta);
	mmlab_buddy_unlock(false);
	if (need > avail) {
		pr_info("bench: %u blocks of order %u need %llu free frames, the arena has %llu\n",
			a->batch, a->hi, need, avail);
		return -EBUSY;
	}

	frames = kvmalloc_array(a->batch, sizeof(*frames), GFP_KERNEL);
	pages = kvmalloc_array(a->batch, sizeof(*pages), GFP_KERNEL);
	if (!frames || !pages) {
		err = -ENOMEM;
		goto out;
	}
	memset(bench.cell, 0, sizeof(bench.cell));
	bench.args = *a;
	bench.done = false;
	bench.init_on_alloc = want_init_on_alloc(GFP_KERNEL);
	for (order = a->lo; order <= a->hi && !err; order++)
		err = bench_order(a, order, frames, pages);
	bench.done = !err;
out:
	kvfree(frames);
	kvfree(pages);
	return err;
}

/* "orders=LO-HI iters=N batch=B reps=R" into @a; -EINVAL if malformed. */
static int bench_parse(char *buf, struct bench_args *a)
{
	char *tok;

	while ((tok = strsep(&buf, " ,\t\n"))) {
		char *val = strchr(tok, '=');
		int err = 0;

		if (!*tok)
			continue;
		if (!val)
			return -EINVAL;
		*val++ = '\0';
		if (!strcmp(tok, "orders")) {
			char *hi = strchr(val, '-');

			if (hi)
				*hi++ = '\0';
			err = kstrtouint(val, 10, &a->lo);
			if (!err)
				err = kstrtouint(hi ? hi : val, 10, &a->hi);
		} else if (!strcmp(tok, "iters")) {
			err = kstrtouint(val, 10, &a->iters);
		} else if (!strcmp(tok, "batch")) {
			err = kstrtouint(val, 10, &a->batch);
		} else if (!strcmp(tok, "reps")) {
			err = kstrtouint(val, 10, &a->reps);
		} else {
			return -EINVAL;
		}
		if (err)
			return -EINVAL;
	}
	if (a->lo > a->hi || a->hi > mmlab.buddy.max_order ||
	    !a->iters || a->iters > BENCH_ITERS_MAX ||
	    !a->batch || a->batch > BENCH_BATCH_MAX || a->batch > a->iters ||
	    !a->reps || a->reps > BENCH_REPS_MAX)
		return -EINVAL;
	return 0;
}

static ssize_t bench_write(struct file *file, const char __user *ubuf,
			   size_t len, loff_t *ppos)
{
	struct bench_args a = {
		.lo = 0, .hi = mmlab.buddy.max_order, .iters = 10000,
		.batch = 32, .reps = 3,
	};
	char *buf;
	int err;

	if (len >= BENCH_INPUT_MAX)
		return -EINVAL;
	buf = memdup_user_nul(ubuf, len);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	err = bench_parse(buf, &a);
	kfree(buf);
	if (err)
		return err;
	if (mutex_lock_interruptible(&bench_lock))
		return -EINTR;
	err = bench_run(&a);
	mutex_unlock(&bench_lock);
	return err ? err : len;
}

/**
 * mmlab_bench_cell_ns - a cell's nanoseconds per pair, or why it has none
 * @c: the cell
 * @buf: where to print
 * @n: its size
 *
 * Return: @buf.
 */
const char *mmlab_bench_cell_ns(const struct mmlab_bench_cell *c, char *buf,
				size_t n)
{
	if (c->err)
		snprintf(buf, n, "err%d", c->err);
	else if (!c->pairs)
		snprintf(buf, n, "-");
	else
		snprintf(buf, n, "%llu", div64_u64(c->ns, c->pairs));
	return buf;
}

/**
 * mmlab_bench_cell_ratio - mmlab's time over the kernel's
 * @m: mmlab's cell
 * @k: the kernel's, of as many pairs
 * @buf: where to print, "%u.%03u" or "-"
 * @n: its size
 *
 * Return: @buf.
 */
const char *mmlab_bench_cell_ratio(const struct mmlab_bench_cell *m,
				   const struct mmlab_bench_cell *k, char *buf,
				   size_t n)
{
	u64 r;

	if (m->err || k->err || !m->pairs || !k->pairs || !k->ns) {
		snprintf(buf, n, "-");
		return buf;
	}
	/* same pairs on both sides: the ratio of the totals */
	r = div64_u64(m->ns * 1000, k->ns);
	snprintf(buf, n, "%llu.%03llu", r / 1000, r % 1000);
	return buf;
}

static void bench_print_meta(struct seq_file *m)
{
	const struct mmlab_buddy_meta *mt = &bench.meta;
	u64 frames = max_t(u64, mmlab.buddy.nr_frames, 1);
	u64 per = div64_u64((mt->frames + mt->bitmaps + mt->pageblocks) * 1000,
			    frames);

	seq_printf(m, "# metadata: frames %llu B, bitmaps %llu B, pageblocks %llu B: %llu.%03llu B per frame (per-CPU heads %llu B; handle slots %zu B per netlink block, apart)\n",
		   mt->frames, mt->bitmaps, mt->pageblocks, per / 1000,
		   per % 1000, mt->pcp, sizeof(struct mmlab_handle_slot));
}

static int bench_show(struct seq_file *m, void *v)
{
	const struct bench_args *a = &bench.args;
	unsigned int o, p;

	if (mutex_lock_interruptible(&bench_lock))
		return -EINTR;
	if (!bench.done) {
		seq_puts(m, "# no complete run: write e.g. \"orders=0-10 iters=10000\" here\n");
		goto out;
	}
	seq_printf(m, "# mmlab bench on Linux %s, %u CPUs: arena %llu frames, max_order %u, pcp_batch %u\n",
		   init_utsname()->release, num_online_cpus(),
		   mmlab.buddy.nr_frames, mmlab.buddy.max_order,
		   mmlab.buddy.pcp_batch);
	seq_printf(m, "# orders %u-%u, iters %u, batch %u, best of %u; kernel: GFP_KERNEL, init_on_alloc %d\n",
		   a->lo, a->hi, a->iters, a->batch, a->reps,
		   bench.init_on_alloc);
	seq_puts(m, "# ns per alloc+free pair. mmlab: mmlab.buddy_lock around every call, inside the timed loop (as netlink); held: lock once per batch; ratio = mmlab / kernel\n");
	bench_print_meta(m);
	seq_printf(m, "%-7s %5s %10s %10s %10s %7s %10s\n", "pattern", "order",
		   "mmlab", "held", "kernel", "ratio", "ratio_held");
	for (p = 0; p < BENCH_NR_PATTERNS; p++) {
		for (o = a->lo; o <= a->hi; o++) {
			const struct mmlab_bench_cell *c = bench.cell[o][p];
			char b[5][24];

			mmlab_bench_cell_ns(&c[BENCH_MMLAB], b[0], sizeof(b[0]));
			mmlab_bench_cell_ns(&c[BENCH_HELD], b[1], sizeof(b[1]));
			mmlab_bench_cell_ns(&c[BENCH_KERNEL], b[2], sizeof(b[2]));
			mmlab_bench_cell_ratio(&c[BENCH_MMLAB], &c[BENCH_KERNEL],
					       b[3], sizeof(b[3]));
			mmlab_bench_cell_ratio(&c[BENCH_HELD], &c[BENCH_KERNEL],
					       b[4], sizeof(b[4]));
			seq_printf(m, "%-7s %5u %10s %10s %10s %7s %10s\n",
				   bench_pattern_names[p], o, b[0], b[1], b[2],
				   b[3], b[4]);
		}
	}
out:
	mutex_unlock(&bench_lock);
	return 0;
}

static int bench_open(struct inode *inode, struct file *file)
{
	return single_open(file, bench_show, NULL);
}

static const struct file_operations bench_fops = {
	.owner = THIS_MODULE,
	.open = bench_open,
	.read = seq_read,
	.write = bench_write,
	.llseek = seq_lseek,
	.release = single_release,
};

/**
 * mmlab_bench_debugfs_init - create mmlab/bench in debugfs
 * @dir: the mmlab directory
 */
void mmlab_bench_debugfs_init(struct dentry *dir)
{
	debugfs_create_file("bench", 0600, dir, NULL, &bench_fops);
}
