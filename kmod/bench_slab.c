// SPDX-License-Identifier: GPL-2.0
/*
 * bench_slab.c - debugfs mmlab/bench_slab: mmlab's slab caches against
 * the kernel's kmem_cache, in the same boot and the same run.
 *
 *   write  "sizes=LO-HI iters=N batch=B reps=R", every key optional, in
 *          any order, separated by spaces or commas: run the benchmark;
 *          the write returns when it is done
 *   read   the table of the last run
 *
 * Defaults: sizes=16-4096 iters=10000 batch=32 reps=3. Sizes are the
 * powers of two from LO to HI (both powers of two, 8..8192).
 *
 * For each size, a cache of that object size is made on each side: an
 * mmlab cache ("bench-SIZE", no debug flags) and a kernel one
 * (kmem_cache_create("mmlab_bench_SIZE", SIZE, 0, 0, NULL)); both are
 * destroyed after their size's cells. Two patterns:
 *
 *   single  allocate an object and free it, N times
 *   bulk    allocate B objects, then free them in the same order; N / B
 *           rounds
 *
 *   mmlab   mmlab_kcache_alloc() and mmlab_kcache_free(): the module's
 *           entry points (pinned per-CPU arrays; the slow paths take the
 *           cache's mutex), kmemleak registration included, as the kernel
 *           side's is
 *   kernel  kmem_cache_alloc(GFP_KERNEL) and kmem_cache_free()
 *
 * Each object gets one word written, on both sides. Timing is
 * ktime_get_ns() around a whole loop; the fastest of @reps runs counts,
 * after one untimed round of every cell. Under QEMU's TCG the nanoseconds
 * are emulated: only the ratio mmlab / kernel of one run means something.
 *
 * Malformed input or values out of range: -EINVAL. A cache that cannot
 * be made, or an allocation that fails, ends the run with its error.
 *
 * Lock order: bench_slab_lock -> mmlab.slab_mutex (making and destroying
 * the caches only; the timed loops take no lock of their own).
 */
#include <linux/debugfs.h>
#include <linux/ktime.h>
#include <linux/log2.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/utsname.h>

#include "mmlab.h"

#define BS_ITERS_MAX	10000000U
#define BS_BATCH_MAX	4096U
#define BS_REPS_MAX	20U
#define BS_INPUT_MAX	128
#define BS_SIZE_MIN	8U
#define BS_SIZE_MAX	8192U
#define BS_SIZES	(ilog2(BS_SIZE_MAX) - ilog2(BS_SIZE_MIN) + 1)

enum { BS_SINGLE, BS_BULK, BS_NR_PATTERNS };
enum { BS_MMLAB, BS_KERNEL, BS_NR_ALLOCS };

static const char *const bs_pattern_names[BS_NR_PATTERNS] = {
	[BS_SINGLE] = "single",
	[BS_BULK] = "bulk",
};

struct bs_args {
	unsigned int lo;
	unsigned int hi;
	unsigned int iters;
	unsigned int batch;
	unsigned int reps;
};

static DEFINE_MUTEX(bench_slab_lock);
static struct {
	struct bs_args args;
	bool done;
	struct mmlab_bench_cell cell[BS_SIZES][BS_NR_PATTERNS][BS_NR_ALLOCS];
} bs;

struct bs_loop {
	struct mmlab_slab_cache *mc;
	struct kmem_cache *kc;
	unsigned int alloc;
	unsigned int pattern;
	unsigned int batch;
	unsigned int rounds;
	void **objs;
};

static void *bs_get(const struct bs_loop *l)
{
	void *p = l->alloc == BS_MMLAB ?
		  mmlab_kcache_alloc(l->mc, l->mc->l.object_size) :
		  kmem_cache_alloc(l->kc, GFP_KERNEL);

	if (p)
		WRITE_ONCE(*(unsigned long *)p, (unsigned long)p);
	return p;
}

static void bs_put(const struct bs_loop *l, void *p)
{
	if (l->alloc == BS_MMLAB)
		mmlab_kcache_free(l->mc, p);
	else
		kmem_cache_free(l->kc, p);
}

static int bs_round(const struct bs_loop *l)
{
	unsigned int i, n;

	if (l->pattern == BS_SINGLE) {
		for (i = 0; i < l->batch; i++) {
			void *p = bs_get(l);

			if (!p)
				return -ENOMEM;
			bs_put(l, p);
		}
		return 0;
	}
	for (n = 0; n < l->batch; n++) {
		l->objs[n] = bs_get(l);
		if (!l->objs[n])
			break;
	}
	for (i = 0; i < n; i++)
		bs_put(l, l->objs[i]);
	return n < l->batch ? -ENOMEM : 0;
}

static int bs_size(const struct bs_args *a, unsigned int size, void **objs)
{
	struct mmlab_slab_cache_req req = { .size = size };
	struct mmlab_bench_cell *cells = &bs.cell[ilog2(size) -
						  ilog2(BS_SIZE_MIN)][0][0];
	struct bs_loop l = { .batch = a->batch, .objs = objs };
	char name[MMLAB_SLAB_NAME_MAX];
	unsigned int rep, r;
	int err;

	snprintf(name, sizeof(name), "bench-%u", size);
	req.name = name;
	mutex_lock(&mmlab.slab_mutex);
	err = mmlab_kcache_create(&req, 0, &l.mc);
	mutex_unlock(&mmlab.slab_mutex);
	if (err)
		return err;
	snprintf(name, sizeof(name), "mmlab_bench_%u", size);
	l.kc = kmem_cache_create(name, size, 0, 0, NULL);
	if (!l.kc) {
		err = -ENOMEM;
		goto out;
	}
	for (rep = 0; rep <= a->reps && !err; rep++) {
		for (l.pattern = 0; l.pattern < BS_NR_PATTERNS; l.pattern++) {
			for (l.alloc = 0; l.alloc < BS_NR_ALLOCS; l.alloc++) {
				struct mmlab_bench_cell *c =
					&cells[l.pattern * BS_NR_ALLOCS + l.alloc];
				u64 start, ns;

				/* rep 0 is the untimed warm-up round */
				l.rounds = rep ? DIV_ROUND_UP(a->iters, a->batch) : 1;
				start = ktime_get_ns();
				for (r = 0; r < l.rounds && !err; r++)
					err = bs_round(&l);
				ns = ktime_get_ns() - start;
				cond_resched();
				if (fatal_signal_pending(current))
					err = -EINTR;
				if (err) {
					c->err = err;
					break;
				}
				if (!rep)
					continue;
				c->pairs = (u64)l.rounds * l.batch;
				if (!c->ns || ns < c->ns)
					c->ns = ns;
			}
		}
	}
	kmem_cache_destroy(l.kc);
out:
	mutex_lock(&mmlab.slab_mutex);
	WARN_ON_ONCE(mmlab_kcache_destroy(l.mc));
	mutex_unlock(&mmlab.slab_mutex);
	return err;
}

static int bs_run(const struct bs_args *a)
{
	unsigned int size;
	void **objs;
	int err = 0;

	objs = kvmalloc_array(a->batch, sizeof(*objs), GFP_KERNEL);
	if (!objs)
		return -ENOMEM;
	memset(bs.cell, 0, sizeof(bs.cell));
	bs.args = *a;
	bs.done = false;
	for (size = a->lo; size <= a->hi && !err; size *= 2)
		err = bs_size(a, size, objs);
	bs.done = !err;
	kvfree(objs);
	return err;
}

/* "sizes=LO-HI iters=N batch=B reps=R" into @a; -EINVAL if malformed. */
static int bs_parse(char *buf, struct bs_args *a)
{
	char *tok;

	while ((tok = strsep(&buf, " ,\t\n"))) {
		char *val = strchr(tok, '=');
		char *dash;
		int err;

		if (!*tok)
			continue;
		if (!val)
			return -EINVAL;
		*val++ = '\0';
		if (!strcmp(tok, "sizes")) {
			dash = strchr(val, '-');
			if (dash)
				*dash++ = '\0';
			err = kstrtouint(val, 10, &a->lo);
			if (!err)
				err = kstrtouint(dash ? dash : val, 10, &a->hi);
		} else if (!strcmp(tok, "iters")) {
			err = kstrtouint(val, 10, &a->iters);
		} else if (!strcmp(tok, "batch")) {
			err = kstrtouint(val, 10, &a->batch);
		} else if (!strcmp(tok, "reps")) {
			err = kstrtouint(val, 10, &a->reps);
		} else {
			err = -EINVAL;
		}
		if (err)
			return -EINVAL;
	}
	if (!is_power_of_2(a->lo) || !is_power_of_2(a->hi) ||
	    a->lo < BS_SIZE_MIN || a->hi > BS_SIZE_MAX || a->lo > a->hi ||
	    !a->iters || a->iters > BS_ITERS_MAX || !a->batch ||
	    a->batch > BS_BATCH_MAX || a->batch > a->iters || !a->reps ||
	    a->reps > BS_REPS_MAX)
		return -EINVAL;
	return 0;
}

static ssize_t bs_write(struct file *file, const char __user *ubuf,
			size_t len, loff_t *ppos)
{
	struct bs_args a = {
		.lo = 16, .hi = 4096, .iters = 10000, .batch = 32, .reps = 3,
	};
	char *buf;
	int err;

	if (len >= BS_INPUT_MAX)
		return -EINVAL;
	buf = memdup_user_nul(ubuf, len);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	err = bs_parse(buf, &a);
	kfree(buf);
	if (err)
		return err;
	if (mutex_lock_interruptible(&bench_slab_lock))
		return -EINTR;
	err = bs_run(&a);
	mutex_unlock(&bench_slab_lock);
	return err ? err : len;
}

static int bs_show(struct seq_file *m, void *v)
{
	const struct bs_args *a = &bs.args;
	unsigned int size, p;

	if (mutex_lock_interruptible(&bench_slab_lock))
		return -EINTR;
	if (!bs.done) {
		seq_puts(m, "# no complete run: write e.g. \"sizes=16-4096 iters=10000\" here\n");
		goto out;
	}
	seq_printf(m, "# mmlab bench_slab on Linux %s, %u CPUs\n",
		   init_utsname()->release, num_online_cpus());
	seq_printf(m, "# sizes %u-%u, iters %u, batch %u, best of %u\n",
		   a->lo, a->hi, a->iters, a->batch, a->reps);
	seq_puts(m, "# ns per alloc+free pair. mmlab: mmlab_kcache_alloc/free; kernel: kmem_cache_alloc/free of a cache of the same size; ratio = mmlab / kernel\n");
	seq_printf(m, "%-7s %5s %10s %10s %7s\n", "pattern", "size", "mmlab",
		   "kernel", "ratio");
	for (p = 0; p < BS_NR_PATTERNS; p++) {
		for (size = a->lo; size <= a->hi; size *= 2) {
			const struct mmlab_bench_cell *c =
				bs.cell[ilog2(size) - ilog2(BS_SIZE_MIN)][p];
			char b[3][24];

			seq_printf(m, "%-7s %5u %10s %10s %7s\n",
				   bs_pattern_names[p], size,
				   mmlab_bench_cell_ns(&c[BS_MMLAB], b[0],
						       sizeof(b[0])),
				   mmlab_bench_cell_ns(&c[BS_KERNEL], b[1],
						       sizeof(b[1])),
				   mmlab_bench_cell_ratio(&c[BS_MMLAB],
							  &c[BS_KERNEL], b[2],
							  sizeof(b[2])));
		}
	}
out:
	mutex_unlock(&bench_slab_lock);
	return 0;
}

static int bs_open(struct inode *inode, struct file *file)
{
	return single_open(file, bs_show, NULL);
}

static const struct file_operations bs_fops = {
	.owner = THIS_MODULE,
	.open = bs_open,
	.read = seq_read,
	.write = bs_write,
	.llseek = seq_lseek,
	.release = single_release,
};

/**
 * mmlab_bench_slab_debugfs_init - create mmlab/bench_slab in debugfs
 * @dir: the mmlab directory
 */
void mmlab_bench_slab_debugfs_init(struct dentry *dir)
{
	debugfs_create_file("bench_slab", 0600, dir, NULL, &bs_fops);
}
