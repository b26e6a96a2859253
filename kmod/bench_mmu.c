// SPDX-License-Identifier: GPL-2.0
/*
 * bench_mmu.c - debugfs mmlab/bench_mmu: the module's software MMU timed
 * on the very batches userspace times it on, so that the two can be
 * compared in the same boot.
 *
 *   write  "reps=R" (the key optional; spaces or commas between keys):
 *          run the benchmark; the write returns when it is done
 *   read   the lines of the last run
 *
 * Default reps=11, at most 101, as mmlab-mmu-bench's -r.
 *
 * The patterns, the spaces, the setup of a space and the checks of a
 * batch are those of core/mmu_pattern.h, which
 * tools/testing/bench/mmu_bench.c runs in userspace; its --replay mode
 * with "-n 4096 -r R" times what this file times. For each replayed
 * pattern (hit, miss, fault) and each space of mmlab_pattern_geom(), one
 * cell, on the module's own MMU (mmlab.mmu), all of it under
 * mmlab.mmu_lock:
 *
 *   - the TLB's shape is saved and an empty default one set (64 entries,
 *     4 ways, LRU, with address-space ids: the miss pattern's promise
 *     needs that shape), and fault events are turned off
 *     (mmlab_mmu_events(0): faults are only counted)
 *   - a space is created (owner 0 and persistent: no socket's close
 *     takes it away), its region mapped and its setup batch run
 *   - one untimed batch, then R timed ones: mmlab_mmu_access() of the
 *     pattern's 4096 references, ktime_get_ns() around the call and
 *     nothing else (the fault pattern's mapping and unmapping of the
 *     region around each batch are not timed); the stats every batch
 *     returns are checked with mmlab_pattern_check()
 *   - the space is destroyed, the MMU must hold as many data and table
 *     frames as before it, and an empty TLB of the saved shape is put
 *     back.
 *
 * The lock is dropped between cells, never within one: no one else can
 * touch the space or the TLB during a cell. Between cells the MMU is as
 * the run found it (its spaces, the TLB's shape), except that the TLB
 * is empty and its counters zero; the accesses of the bench count in the
 * MMU's totals (the stats of destroyed spaces). cond_resched() between
 * cells; a fatal signal ends the run. A cell holds the lock for its R+2
 * batches (and the fault pattern's mapping and unmapping): about 0.1 s
 * under QEMU's TCG at R = 11 (measured), so about a second at R = 101,
 * a tenth of that on hardware.
 *
 * The result of a cell is the median of its R runs in nanoseconds per
 * reference, printed as mmlab-mmu-bench --replay prints it:
 *
 *	mmu_bench PATTERN GEOM ns_per_ref=X
 *
 * ktime_get_ns() is wall time; userspace takes the thread's CPU time.
 * With the mutex held and nothing else runnable on the CPU the two
 * agree, but an interrupt during a batch counts here. Under TCG the
 * nanoseconds are emulated: only ratios of one boot mean something.
 *
 * Malformed input or values out of range: -EINVAL. A region the arena
 * cannot hold (a fault ended out of memory: the region is 4096 frames,
 * plus its tables; a 16 MiB arena cannot hold it): -ENOMEM, as when a
 * space or a TLB cannot be allocated. A batch that did not do what its
 * pattern promises: -EIO, with the counts in the kernel log. The run
 * then has no result ("# no complete run").
 *
 * Lock order: bench_mmu_lock -> mmlab.mmu_lock (-> mmlab.buddy_lock, in
 * the MMU's frame callbacks).
 */
#include <linux/debugfs.h>
#include <linux/ktime.h>
#include <linux/math64.h>
#include <linux/mutex.h>
#include <linux/sched.h>
#include <linux/sched/signal.h>
#include <linux/seq_file.h>
#include <linux/slab.h>
#include <linux/sort.h>
#include <linux/string.h>
#include <linux/uaccess.h>
#include <linux/utsname.h>

#include "mmlab.h"
#include "core/mmu_pattern.h"

#define BM_REPS_DFL	11U
#define BM_REPS_MAX	101U
#define BM_INPUT_MAX	64

static const struct mmlab_tlb_config bm_tlb = {
	.entries = MMLAB_TLB_ENTRIES_DFL, .ways = MMLAB_TLB_WAYS_DFL,
	.repl = MMLAB_TLB_LRU,
};

static DEFINE_MUTEX(bench_mmu_lock);
/* Everything below is bench_mmu_lock's. */
static struct {
	unsigned int reps;
	bool done;
	/* per cell: the median run, thousandths of a ns per reference */
	u64 median[MMLAB_PAT_NR_REPLAY][MMLAB_PAT_NR_GEOMS];
	/* the runs of the cell being timed, as median[] */
	u64 run[BM_REPS_MAX];
} bm;

/*
 * A batch broke its pattern's promise (@why). Out of memory is the
 * arena's size, not a bug: -ENOMEM, quietly. Anything else is -EIO, and
 * the counts go to the log.
 */
static int bm_broken(enum mmlab_pattern p,
		     const struct mmlab_pattern_geom *pg, const char *why,
		     const struct mmlab_access_stats *st, u32 n,
		     unsigned int levels)
{
	if (st->faults[MMLAB_PF_OOM])
		return -ENOMEM;
	pr_err("bench_mmu: %s %s: %s: %llu of %u references ran, %llu TLB hits, %llu misses, %llu walks reading %llu entries (%u levels), faults: %llu demand-zero, %llu in all\n",
	       mmlab_pattern_name(p), pg->name, why, st->accesses, n,
	       st->tlb_hits, st->tlb_misses, st->walks, st->walk_reads,
	       levels, st->faults[MMLAB_PF_ZERO], mmlab_pattern_faults(st));
	return -EIO;
}

static int bm_map(struct mmlab_space *sp)
{
	struct mmlab_map_req req;

	mmlab_pattern_region(&req);
	return mmlab_space_map(&mmlab.mmu, sp, &req, NULL);
}

static int bm_unmap(struct mmlab_space *sp)
{
	int err = mmlab_space_unmap(&mmlab.mmu, sp, MMLAB_PAT_REGION_START,
				    MMLAB_PAT_REGION_LEN);

	if (!err && sp->rss) {
		pr_err("bench_mmu: %llu pages still mapped after the unmap\n",
		       sp->rss);
		err = -EIO;
	}
	return err;
}

/*
 * Pattern @p in the new space @sp: map, set up, one untimed batch and
 * @reps timed ones into bm.run[]. @refs and @setup: MMLAB_PAT_BATCH
 * slots each. mmlab.mmu_lock held.
 */
static int bm_space_run(enum mmlab_pattern p,
			const struct mmlab_pattern_geom *pg,
			struct mmlab_space *sp, unsigned int reps, u64 *refs,
			u64 *setup)
{
	unsigned int levels = pg->flags & MMLAB_SPACE_INVERTED ? 0 :
			      sp->geom.levels;
	bool remap = mmlab_pattern_remaps(p);
	struct mmlab_access_stats st;
	unsigned int rep;
	const char *why;
	u32 n, bad;
	u64 t;
	int err;

	err = bm_map(sp);
	if (err)
		return err;
	n = mmlab_pattern_setup_refs(p, setup);
	if (n) {
		memset(&st, 0, sizeof(st));
		err = mmlab_mmu_access(&mmlab.mmu, sp, setup, n, &st, &bad);
		if (err)
			return err;
		if (!mmlab_pattern_setup_ok(&st, n, sp->rss))
			return bm_broken(p, pg, "setup: not one demand-zero fault per page touched",
					 &st, n, levels);
	}
	if (remap) {
		err = bm_unmap(sp);	/* each batch maps it afresh */
		if (err)
			return err;
	}
	n = mmlab_pattern_refs(p, refs);
	/* rep 0 is the untimed batch */
	for (rep = 0; rep <= reps; rep++) {
		if (remap) {
			err = bm_map(sp);
			if (err)
				return err;
		}
		memset(&st, 0, sizeof(st));
		t = ktime_get_ns();
		err = mmlab_mmu_access(&mmlab.mmu, sp, refs, n, &st, &bad);
		t = ktime_get_ns() - t;
		if (err)
			return err;
		if (remap) {
			err = bm_unmap(sp);
			if (err)
				return err;
		}
		why = mmlab_pattern_check(p, levels, &st, n);
		if (why)
			return bm_broken(p, pg, why, &st, n, levels);
		if (rep)
			bm.run[rep - 1] = div_u64(t * 1000, n);
	}
	if (p == MMLAB_PAT_MISS && sp->rss != MMLAB_PAT_REGION_PAGES) {
		pr_err("bench_mmu: miss %s: rss %llu after the runs, %u pages touched\n",
		       pg->name, sp->rss, MMLAB_PAT_REGION_PAGES);
		return -EIO;
	}
	return 0;
}

static int bm_cmp(const void *a, const void *b)
{
	u64 x = *(const u64 *)a, y = *(const u64 *)b;

	return x < y ? -1 : x > y;
}

/* The median of bm.run[0..@reps), as mmlab-mmu-bench takes it. */
static u64 bm_median(unsigned int reps)
{
	sort(bm.run, reps, sizeof(bm.run[0]), bm_cmp, NULL);
	if (reps & 1)
		return bm.run[reps / 2];
	return (bm.run[reps / 2 - 1] + bm.run[reps / 2]) / 2;
}

/*
 * One cell: pattern @p in a new space of geometry @g, under
 * mmlab.mmu_lock, the TLB the default one for its length.
 */
static int bm_cell(enum mmlab_pattern p, unsigned int g, unsigned int reps,
		   u64 *refs, u64 *setup)
{
	const struct mmlab_pattern_geom *pg = mmlab_pattern_geom(g);
	struct mmlab_mmu *m = &mmlab.mmu;
	struct mmlab_tlb_config old;
	struct mmlab_space *sp;
	struct mmlab_geom geom;
	u64 data, tables;
	int err, err2;

	err = mmlab_geom_parse(pg->geom, &geom);
	if (err)
		return err;
	if (!mmlab_mmu_lock())
		return -ENODEV;
	old = m->tlb.cfg;
	err = mmlab_mmu_set_tlb(m, &bm_tlb);
	if (err)
		goto unlock;
	mmlab_mmu_events(0);
	data = m->data_frames;
	tables = m->table_frames;
	err = mmlab_space_create(m, &geom,
				 pg->flags | MMLAB_SPACE_PERSISTENT, 0, &sp);
	if (!err) {
		err = bm_space_run(p, pg, sp, reps, refs, setup);
		mmlab_space_destroy(m, sp);
		if (!err && (m->data_frames != data ||
			     m->table_frames != tables)) {
			pr_err("bench_mmu: %s %s: space destroyed, MMU frames: %llu data (%llu before), %llu tables (%llu before)\n",
			       mmlab_pattern_name(p), pg->name, m->data_frames,
			       data, m->table_frames, tables);
			err = -EIO;
		}
	}
	/* the faults counted while events were off: none to report */
	mmlab_mmu_events(0);
	err2 = mmlab_mmu_set_tlb(m, &old);
	if (!err)
		err = err2;
unlock:
	mmlab_mmu_unlock();
	if (!err)
		bm.median[p][g] = bm_median(reps);
	return err;
}

static int bm_run(unsigned int reps)
{
	enum mmlab_pattern p;
	unsigned int g;
	u64 *refs;
	int err = 0;

	refs = kvmalloc_array(2 * MMLAB_PAT_BATCH, sizeof(*refs), GFP_KERNEL);
	if (!refs)
		return -ENOMEM;
	bm.done = false;
	bm.reps = reps;
	memset(bm.median, 0, sizeof(bm.median));
	for (p = 0; p < MMLAB_PAT_NR_REPLAY && !err; p++) {
		for (g = 0; g < MMLAB_PAT_NR_GEOMS && !err; g++) {
			err = bm_cell(p, g, reps, refs,
				      refs + MMLAB_PAT_BATCH);
			cond_resched();
			if (!err && fatal_signal_pending(current))
				err = -EINTR;
		}
	}
	bm.done = !err;
	kvfree(refs);
	return err;
}

/* "reps=R" into @reps; -EINVAL if malformed. */
static int bm_parse(char *buf, unsigned int *reps)
{
	char *tok, *val;

	while ((tok = strsep(&buf, " ,\t\n"))) {
		if (!*tok)
			continue;
		val = strchr(tok, '=');
		if (!val)
			return -EINVAL;
		*val++ = '\0';
		if (strcmp(tok, "reps") || kstrtouint(val, 10, reps))
			return -EINVAL;
	}
	if (!*reps || *reps > BM_REPS_MAX)
		return -EINVAL;
	return 0;
}

static ssize_t bm_write(struct file *file, const char __user *ubuf,
			size_t len, loff_t *ppos)
{
	unsigned int reps = BM_REPS_DFL;
	char *buf;
	int err;

	if (len >= BM_INPUT_MAX)
		return -EINVAL;
	buf = memdup_user_nul(ubuf, len);
	if (IS_ERR(buf))
		return PTR_ERR(buf);
	err = bm_parse(buf, &reps);
	kfree(buf);
	if (err)
		return err;
	if (mutex_lock_interruptible(&bench_mmu_lock))
		return -EINTR;
	err = bm_run(reps);
	mutex_unlock(&bench_mmu_lock);
	return err ? err : len;
}

/*
 * A cell's median is kept in thousandths of a nanosecond per reference,
 *
 *	median = 1000 * ns of the batch / 4096 references (truncated),
 *
 * the median of the R runs (the mean of the middle two for an even R),
 * and printed as "%llu.%03llu": the "%.3f" mmlab-mmu-bench prints, to
 * within a thousandth.
 */
static int bm_show(struct seq_file *m, void *v)
{
	enum mmlab_pattern p;
	unsigned int g;

	if (mutex_lock_interruptible(&bench_mmu_lock))
		return -EINTR;
	if (!bm.done) {
		seq_puts(m, "# no complete run: write e.g. \"reps=11\" here\n");
		goto out;
	}
	seq_printf(m, "# mmlab bench_mmu on Linux %s, %u CPUs: mmlab.mmu, TLB %u entries, %u ways, %s, with ASIDs; batches of %u references (core/mmu_pattern.h)\n",
		   init_utsname()->release, num_online_cpus(), bm_tlb.entries,
		   bm_tlb.ways, mmlab_tlb_repl_names[bm_tlb.repl],
		   MMLAB_PAT_BATCH);
	seq_printf(m, "# reps %u: ns_per_ref is the median of %u runs of one batch after an untimed batch, ktime_get_ns() around each mmlab_mmu_access(), as mmlab-mmu-bench --replay PATTERN -n %u -r %u times them\n",
		   bm.reps, bm.reps, MMLAB_PAT_BATCH, bm.reps);
	for (p = 0; p < MMLAB_PAT_NR_REPLAY; p++)
		for (g = 0; g < MMLAB_PAT_NR_GEOMS; g++)
			seq_printf(m, "mmu_bench %s %s ns_per_ref=%llu.%03llu\n",
				   mmlab_pattern_name(p),
				   mmlab_pattern_geom(g)->name,
				   bm.median[p][g] / 1000,
				   bm.median[p][g] % 1000);
out:
	mutex_unlock(&bench_mmu_lock);
	return 0;
}

static int bm_open(struct inode *inode, struct file *file)
{
	return single_open(file, bm_show, NULL);
}

static const struct file_operations bm_fops = {
	.owner = THIS_MODULE,
	.open = bm_open,
	.read = seq_read,
	.write = bm_write,
	.llseek = seq_lseek,
	.release = single_release,
};

/**
 * mmlab_bench_mmu_debugfs_init - create mmlab/bench_mmu in debugfs
 * @dir: the mmlab directory
 */
void mmlab_bench_mmu_debugfs_init(struct dentry *dir)
{
	debugfs_create_file("bench_mmu", 0600, dir, NULL, &bm_fops);
}
