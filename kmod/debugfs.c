// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs.c - /sys/kernel/debug/mmlab/: root-only detail and knobs.
 *
 *   validate     read: run every invariant checker, print the number of
 *                violations (each is also logged)
 *   stats        read: one "name value" line per counter
 *   reset_stats  write a true value ("1", "y"): zero the resettable
 *                counters
 *   fail_nth     read/write: the allocation-failure injector (fault.c)
 *   chunks       read: the arena's backing, one chunk a line: first arena
 *                frame, order, frames (never an address)
 *   extfrag/unusable_index
 *   extfrag/extfrag_index
 *                read: the indices per order, in the formats of the
 *                kernel's own /sys/kernel/debug/extfrag files
 *   pagemap      read: one line per frame: its block's first frame,
 *                order, state, migratetype, pageblock migratetype, and
 *                for blocks allocated through netlink the owner's port id
 *                and the handle
 *   compact      write an order: compact for a free block of that order;
 *                read: the result of the last compaction started here
 *   leak_block   MMLAB_DEBUG builds only, a test hook: write 1 to take a
 *                block with mmlab_page_alloc() and lose its address, as a
 *                buggy mechanism would; kmemleak reports it
 *   leak_object  MMLAB_DEBUG builds only, the same for a kmalloc object
 *                of the arena (mmlab_kmalloc_obj(100)): kmemleak reports
 *                it as it reports a leaked kmalloc() of the kernel's
 *   poison_corrupt
 *                MMLAB_DEBUG builds only, a test hook: write a frame
 *                index to overwrite one byte of that frame if it is free
 *                (-EBUSY if not), as a use-after-free would; with
 *                poison=1 the next validate reports it once
 *   bench        write "orders=0-10 iters=N": time mmlab's buddy against
 *                the kernel's page allocator; read: the table (bench.c)
 *   bench_slab   write "sizes=16-4096 iters=N": time mmlab's slab caches
 *                against the kernel's kmem_cache; read: the table
 *                (bench_slab.c)
 *   slab/        a directory per slab cache (debugfs_slab.c)
 *
 * As everywhere in debugfs, failures to create files are not errors: the
 * module works without them.
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>

#include "mmlab.h"

struct dentry *mmlab_debugfs_dir;

static int validate_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%u\n", mmlab_validate());
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(validate);

static int stats_show(struct seq_file *m, void *v)
{
	int i;

	for (i = 0; i < MMLAB_STAT_NR; i++)
		seq_printf(m, "%-16s %llu\n", mmlab_stat_descs[i].name,
			   mmlab_stat_read(i));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(stats);

static int chunks_show(struct seq_file *m, void *v)
{
	const struct mmlab_arena *a = &mmlab.arena;
	unsigned int i;

	seq_puts(m, "# chunk      first  order     frames\n");
	for (i = 0; i < a->nr_chunks; i++) {
		const struct mmlab_chunk *c = &a->chunks[i];

		seq_printf(m, "%7u %10llu %6u %10llu\n", i, c->first,
			   c->order, 1ULL << c->order);
		cond_resched();
	}
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(chunks);

static ssize_t reset_stats_write(struct file *file, const char __user *buf,
				 size_t len, loff_t *ppos)
{
	bool reset;
	int err;

	err = kstrtobool_from_user(buf, len, &reset);
	if (err)
		return err;
	if (reset)
		mmlab_stats_reset();
	return len;
}

static const struct file_operations reset_stats_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = reset_stats_write,
	.llseek = noop_llseek,
};

/* mm/vmstat.c's extfrag_show_print()/unusable_show_print() formats. */
static int frag_show(struct seq_file *m, bool extfrag)
{
	const struct mmlab_buddy *b = &mmlab.buddy;
	struct mmlab_frag_info info;
	unsigned int o;

	mmlab_buddy_lock();
	seq_printf(m, "Node %d, zone %8s ", 0, "mmlab");
	for (o = 0; o <= b->max_order; o++) {
		int index;

		mmlab_buddy_frag_info(b, o, &info);
		if (extfrag) {
			/*
			 * The kernel's "%2d.%03d" of index / 1000 and
			 * index % 1000, but signed right: an index in
			 * (-1000, 0), a request larger than all the free
			 * memory in one block, prints "-0.500", where the
			 * kernel would print " 0.-500".
			 */
			index = mmlab_extfrag_index(o, &info);
			seq_printf(m, "%s%d.%03d ", index < 0 ? "-" : " ",
				   abs(index) / 1000, abs(index) % 1000);
		} else {
			index = mmlab_unusable_index(o, &info);
			seq_printf(m, "%d.%03d ", index / 1000, index % 1000);
		}
	}
	seq_putc(m, '\n');
	mmlab_buddy_unlock(false);
	return 0;
}

static int unusable_index_show(struct seq_file *m, void *v)
{
	return frag_show(m, false);
}
DEFINE_SHOW_ATTRIBUTE(unusable_index);

static int extfrag_index_show(struct seq_file *m, void *v)
{
	return frag_show(m, true);
}
DEFINE_SHOW_ATTRIBUTE(extfrag_index);

static const char *const state_names[] = {
	[MMLAB_FRAME_FREE] = "free",
	[MMLAB_FRAME_USED] = "used",
	[MMLAB_FRAME_PCP] = "pcp",
};

/* The page map walks frames; the lock is held from start to stop. */
static void *pagemap_start(struct seq_file *m, loff_t *pos)
{
	mmlab_buddy_lock();
	if (!*pos)
		return SEQ_START_TOKEN;
	return *pos <= mmlab.buddy.nr_frames ? pos : NULL;
}

static void *pagemap_next(struct seq_file *m, void *v, loff_t *pos)
{
	++*pos;
	return *pos <= mmlab.buddy.nr_frames ? pos : NULL;
}

static void pagemap_stop(struct seq_file *m, void *v)
{
	mmlab_buddy_unlock(false);
}

/*
 * The block of the last line, while the arena has not changed: finding a
 * fit partition's head from a frame inside it walks back to it, so a
 * line a frame would cost O(frames^2) without it. Under mmlab.buddy_lock.
 */
static struct mmlab_block_info pagemap_last;
static unsigned int pagemap_last_gen;
static bool pagemap_last_ok;

/*
 * One line a frame: its block as the allocator in charge sees it. The fit
 * allocator's partitions and holes have no order and no migratetype
 * ("-"), and their size in frames is the next block's head minus this one.
 */
static int pagemap_show(struct seq_file *m, void *v)
{
	const struct mmlab_handles *h = &mmlab.handles;
	struct mmlab_block_info *bi = &pagemap_last;
	struct mmlab_frame_info fi;
	u64 frame;

	if (v == SEQ_START_TOKEN) {
		seq_puts(m, "#    frame       head order state mt          pageblock          owner handle\n");
		return 0;
	}
	frame = *(loff_t *)v - 1;
	if (!pagemap_last_ok || pagemap_last_gen != mmlab.buddy_gen ||
	    frame < bi->head || frame >= bi->head + bi->frames) {
		pagemap_last_ok = !mmlab_handles_block(h, frame, bi);
		pagemap_last_gen = mmlab.buddy_gen;
		if (!pagemap_last_ok)
			return 0;
	}
	seq_printf(m, "%10llu %10llu ", frame, bi->head);
	if (bi->order >= 0 && !mmlab_buddy_frame_info(&mmlab.buddy, frame, &fi))
		seq_printf(m, "%5u %-5s %-11s %-11s", fi.order,
			   state_names[fi.state], mmlab_mt_names[fi.mt],
			   mmlab_mt_names[fi.pageblock_mt]);
	else
		seq_printf(m, "%5s %-5s %-11s %-11s", "-",
			   state_names[bi->state], "-", "-");
	if (bi->slot >= 0)
		seq_printf(m, " %10u %#llx\n", h->slots[bi->slot].owner,
			   mmlab_handles_id(h, bi->slot));
	else
		seq_printf(m, " %10s -\n", "-");
	return 0;
}

static const struct seq_operations pagemap_sops = {
	.start = pagemap_start,
	.next = pagemap_next,
	.stop = pagemap_stop,
	.show = pagemap_show,
};
DEFINE_SEQ_ATTRIBUTE(pagemap);

/* The last compaction started through debugfs (under mmlab.buddy_lock). */
static struct mmlab_compact_result last_compact;
static bool compacted;

static int compact_show(struct seq_file *m, void *v)
{
	struct mmlab_compact_result r;
	bool ran;

	mmlab_buddy_lock();
	r = last_compact;
	ran = compacted;
	mmlab_buddy_unlock(false);
	if (!ran)
		return 0;
	seq_printf(m, "order %u\nscanned %llu\nmoved %llu\nblocks %llu\n",
		   r.order, r.scanned, r.moved, r.blocks);
	seq_printf(m, "unusable_before %d.%03d\nunusable_after %d.%03d\n",
		   r.unusable_before / 1000, r.unusable_before % 1000,
		   r.unusable_after / 1000, r.unusable_after % 1000);
	seq_printf(m, "largest_before %d\nlargest_after %d\n",
		   r.largest_before, r.largest_after);
	return 0;
}

static int compact_open(struct inode *inode, struct file *file)
{
	return single_open(file, compact_show, NULL);
}

static ssize_t compact_write(struct file *file, const char __user *buf,
			     size_t len, loff_t *ppos)
{
	struct mmlab_event_info ev = { 0 };
	unsigned int order;
	int err;

	err = kstrtouint_from_user(buf, len, 10, &order);
	if (err)
		return err;
	mmlab_buddy_lock();
	err = mmlab_buddy_compact(&mmlab.buddy, order, &ev.compact);
	if (!err) {
		last_compact = ev.compact;
		compacted = true;
	}
	mmlab_buddy_unlock(!err);
	if (err)
		return err;
	mmlab_genl_event(MMLAB_EVENT_COMPACT, &ev);
	return len;
}

static const struct file_operations compact_fops = {
	.owner = THIS_MODULE,
	.open = compact_open,
	.read = seq_read,
	.write = compact_write,
	.llseek = seq_lseek,
	.release = single_release,
};

/*
 * The allocator in charge; for the fit allocator its numbers and, as
 * buddyinfo has per order, its holes per size class 2^k..2^(k+1)-1 with
 * the indices of a request of 2^k frames.
 */
static int allocator_show(struct seq_file *m, void *v)
{
	const struct mmlab_handles *h = &mmlab.handles;
	const struct mmlab_fit *fit = &h->fit;
	struct mmlab_frag_info info;
	struct mmlab_fit_hist hist;
	struct mmlab_fit_stats st;
	unsigned int k;

	mmlab_buddy_lock();
	if (!mmlab_handles_fit_on(h)) {
		seq_puts(m, "allocator buddy\n");
		goto out;
	}
	mmlab_fit_get_stats(fit, &st);
	mmlab_fit_histogram(fit, &hist);
	seq_printf(m, "allocator fit\npolicy %s\n",
		   mmlab_fit_policy_name(fit->policy));
	seq_printf(m, "frames %llu\nfree %llu\nholes %llu\nlargest %llu\nused %llu\n",
		   st.nr_units, st.free_units, st.holes, st.largest_hole,
		   st.used_blocks);
	seq_printf(m, "allocs %llu\nfrees %llu\nfailures %llu\nfail_frag %llu\n",
		   st.ev.allocs, st.ev.frees, st.ev.failures, st.ev.fail_frag);
	seq_printf(m, "search_steps %llu\ninsert_steps %llu\nsplits %llu\ncoalesces %llu\n",
		   st.ev.search_steps, st.ev.insert_steps, st.ev.splits,
		   st.ev.coalesces);
	seq_printf(m, "internal_frag %llu\n", mmlab_handles_internal_frag(h));
	seq_puts(m, "# class      holes     frames unusable extfrag\n");
	for (k = 0; k <= ilog2(fit->nr_units); k++) {
		int u, e;

		mmlab_fit_frag_info(fit, k, &info);
		u = mmlab_unusable_index(k, &info);
		e = mmlab_extfrag_index(k, &info);
		seq_printf(m, "%7u %10llu %10llu    %d.%03d %s%d.%03d\n", k,
			   hist.holes[k], hist.units[k], u / 1000, u % 1000,
			   e < 0 ? "-" : " ", abs(e) / 1000, abs(e) % 1000);
	}
out:
	mmlab_buddy_unlock(false);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(allocator);

#ifdef CONFIG_MMLAB_DEBUG
static ssize_t poison_corrupt_write(struct file *file, const char __user *buf,
				    size_t len, loff_t *ppos)
{
	struct mmlab_frame_info fi;
	u64 frame;
	int err;

	err = kstrtoull_from_user(buf, len, 0, &frame);
	if (err)
		return err;
	mmlab_buddy_lock();
	err = mmlab_buddy_frame_info(&mmlab.buddy, frame, &fi);
	if (!err && fi.state == MMLAB_FRAME_USED)
		err = -EBUSY;
	if (!err) {
		u8 *p = mmlab_arena_frame_mem(&mmlab.arena, frame);

		p[123] ^= 0xff;
		pr_info("poison_corrupt: wrote into free frame %llu on purpose\n",
			frame);
	}
	mmlab_buddy_unlock(false);
	return err ? err : len;
}

static const struct file_operations poison_corrupt_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = poison_corrupt_write,
	.llseek = noop_llseek,
};

static ssize_t leak_block_write(struct file *file, const char __user *buf,
				size_t len, loff_t *ppos)
{
	bool leak;
	void *p;
	int err;

	err = kstrtobool_from_user(buf, len, &leak);
	if (err)
		return err;
	if (!leak)
		return len;
	p = mmlab_page_alloc(0, MMLAB_MT_UNMOVABLE);
	if (!p)
		return -ENOMEM;
	memset(p, 0x6b, PAGE_SIZE);
	pr_info("leak_block: one arena block leaked on purpose\n");
	/* the only reference goes out of scope here */
	return len;
}

static const struct file_operations leak_block_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = leak_block_write,
	.llseek = noop_llseek,
};

static ssize_t leak_object_write(struct file *file, const char __user *buf,
				 size_t len, loff_t *ppos)
{
	bool leak;
	void *p;
	int err;

	err = kstrtobool_from_user(buf, len, &leak);
	if (err)
		return err;
	if (!leak)
		return len;
	p = mmlab_kmalloc_obj(100);
	if (!p)
		return -ENOMEM;
	memset(p, 0x6b, 100);
	pr_info("leak_object: one kmalloc-128 object of the arena leaked on purpose\n");
	/* the only reference goes out of scope here */
	return len;
}

static const struct file_operations leak_object_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = leak_object_write,
	.llseek = noop_llseek,
};
#endif

/**
 * mmlab_debugfs_init - create /sys/kernel/debug/mmlab and its files
 */
void mmlab_debugfs_init(void)
{
	struct dentry *d = debugfs_create_dir("mmlab", NULL);

	mmlab_debugfs_dir = d;
	debugfs_create_file("validate", 0400, d, NULL, &validate_fops);
	debugfs_create_file("stats", 0400, d, NULL, &stats_fops);
	debugfs_create_file("chunks", 0400, d, NULL, &chunks_fops);
	debugfs_create_file("reset_stats", 0200, d, NULL, &reset_stats_fops);
	debugfs_create_atomic_t("fail_nth", 0600, d, &mmlab_fail_nth);
	debugfs_create_file("pagemap", 0400, d, NULL, &pagemap_fops);
	debugfs_create_file("compact", 0600, d, NULL, &compact_fops);
	debugfs_create_file("allocator", 0400, d, NULL, &allocator_fops);
#ifdef CONFIG_MMLAB_DEBUG
	debugfs_create_file("poison_corrupt", 0200, d, NULL,
			    &poison_corrupt_fops);
	debugfs_create_file("leak_block", 0200, d, NULL, &leak_block_fops);
	debugfs_create_file("leak_object", 0200, d, NULL, &leak_object_fops);
#endif
	mmlab_bench_debugfs_init(d);
	mmlab_bench_slab_debugfs_init(d);
	mmlab_bench_mmu_debugfs_init(d);
	d = debugfs_create_dir("extfrag", d);
	debugfs_create_file("unusable_index", 0400, d, NULL,
			    &unusable_index_fops);
	debugfs_create_file("extfrag_index", 0400, d, NULL,
			    &extfrag_index_fops);
}

/**
 * mmlab_debugfs_exit - remove mmlab's debugfs files; waits for users
 */
void mmlab_debugfs_exit(void)
{
	debugfs_remove(mmlab_debugfs_dir);
	mmlab_debugfs_dir = NULL;
}
