// SPDX-License-Identifier: GPL-2.0
/*
 * proc.c - /proc/mmlab/: stable, world-readable summaries in the kernel's
 * own formats.
 *
 *   status        meminfo-like: "Key:" padded to 16 columns, the value
 *                 right aligned in 8, " kB" after sizes (as /proc/meminfo
 *                 prints); the arena, then the software MMU (spaces,
 *                 pages, page tables, TLB and fault totals)
 *   buddyinfo     as /proc/buddyinfo: free blocks per order, one line for
 *                 the one zone, named "mmlab"
 *   pagetypeinfo  as /proc/pagetypeinfo: free blocks per order and
 *                 migratetype, then pageblocks per migratetype
 *   slabinfo      as /proc/slabinfo, version 2.1: one line per slab
 *                 cache of mmlab, newest first (mm/slab_common.c's
 *                 cache_show()); objsize is the stride, tunables are the
 *                 per-CPU arrays' limit and batch (sharedfactor 0: no
 *                 shared array), readable by anyone
 *
 * The formats are mm/vmstat.c's (frag_show_print, pagetypeinfo_show), so
 * that tools parsing the kernel's files parse these; the number of order
 * columns is max_order + 1, as the kernel's is NR_PAGE_ORDERS.
 */
#include <linux/proc_fs.h>
#include <linux/seq_file.h>

#include "mmlab.h"

static struct proc_dir_entry *mmlab_proc_dir;

static void show_kb(struct seq_file *m, const char *key, u64 frames)
{
	seq_printf(m, "%-16s%8llu kB\n", key, frames << (PAGE_SHIFT - 10));
}

static void show_num(struct seq_file *m, const char *key, u64 v)
{
	seq_printf(m, "%-16s%8llu\n", key, v);
}

static const char *const backing_names[] = {
	[MMLAB_BACKING_PAGES] = "pages",
	[MMLAB_BACKING_MEMMAP] = "memmap",
};

/* The software MMU's lines of status (meminfo's PageTables: included). */
static int mmu_status_show(struct seq_file *m)
{
	struct mmlab_access_stats t;
	struct mmlab_mmu_usage u;

	if (!mmlab_mmu_lock())
		return 0;
	mmlab_mmu_usage(&mmlab.mmu, &u);
	mmlab_mmu_totals(&mmlab.mmu, &t);
	mmlab_mmu_unlock();
	show_num(m, "Spaces:", u.spaces);
	show_num(m, "SharedObjects:", u.shms);
	show_kb(m, "MmuPages:", u.data_frames);
	show_kb(m, "Mapped:", u.mapped);
	show_kb(m, "PageTables:", u.table_frames);
	seq_printf(m, "%-16s%8llu kB\n", "InvertedTable:",
		   DIV_ROUND_UP(u.ipt_bytes, 1024));
	show_num(m, "TlbHits:", t.tlb_hits);
	show_num(m, "TlbMisses:", t.tlb_misses);
	show_num(m, "Walks:", t.walks);
	show_num(m, "WalkReads:", t.walk_reads);
	show_num(m, "PageFaults:", t.faults[MMLAB_PF_ZERO] +
		 t.faults[MMLAB_PF_SHARED] + t.faults[MMLAB_PF_COW_COPY] +
		 t.faults[MMLAB_PF_COW_REUSE]);
	show_num(m, "SegvFaults:", t.faults[MMLAB_PF_SEGV]);
	show_num(m, "ProtFaults:", t.faults[MMLAB_PF_PROT]);
	show_num(m, "OomFaults:", t.faults[MMLAB_PF_OOM]);
	return 0;
}

static int status_show(struct seq_file *m, void *v)
{
	const struct mmlab_arena *a = &mmlab.arena;
	const struct mmlab_handles *h = &mmlab.handles;
	char allocator[16] = "buddy";
	u64 free;

	/* under the fit allocator the free frames are its holes */
	mmlab_buddy_lock();
	free = mmlab_handles_free_frames(h);
	if (mmlab_handles_fit_on(h))
		snprintf(allocator, sizeof(allocator), "%s-fit",
			 mmlab_fit_policy_name(h->fit.policy));
	mmlab_buddy_unlock(false);
	show_kb(m, "ArenaTotal:", a->nr_frames);
	show_kb(m, "ArenaFree:", free);
	show_kb(m, "ArenaUsed:", a->nr_frames - free);
	show_num(m, "Frames:", a->nr_frames);
	show_num(m, "FramesFree:", free);
	show_num(m, "PageSize:", PAGE_SIZE);
	show_num(m, "MaxOrder:", a->max_order);
	show_num(m, "Chunks:", a->nr_chunks);
	show_num(m, "ChunkOrderMin:", a->chunk_order_min);
	show_num(m, "ChunkOrderMax:", a->chunk_order_max);
	seq_printf(m, "%-16s%8s\n", "Backing:", backing_names[mmlab.backing]);
	seq_printf(m, "%-16s%8s\n", "Allocator:", allocator);
	return mmu_status_show(m);
}

#define ZONE_NAME	"mmlab"

static int buddyinfo_show(struct seq_file *m, void *v)
{
	const struct mmlab_buddy *b = &mmlab.buddy;
	unsigned int o;

	mmlab_buddy_lock();
	seq_printf(m, "Node %d, zone %8s ", 0, ZONE_NAME);
	for (o = 0; o <= b->max_order; o++)
		seq_printf(m, "%6llu ", mmlab_buddy_free_blocks(b, o, -1));
	seq_putc(m, '\n');
	mmlab_buddy_unlock(false);
	return 0;
}

static int pagetypeinfo_show(struct seq_file *m, void *v)
{
	const struct mmlab_buddy *b = &mmlab.buddy;
	unsigned int o, t;

	mmlab_buddy_lock();
	seq_printf(m, "Page block order: %u\n", b->pb_order);
	seq_printf(m, "Pages per block:  %llu\n", 1ULL << b->pb_order);
	seq_putc(m, '\n');
	seq_printf(m, "%-43s ", "Free pages count per migrate type at order");
	for (o = 0; o <= b->max_order; o++)
		seq_printf(m, "%6u ", o);
	seq_putc(m, '\n');
	for (t = 0; t < MMLAB_MT_NR; t++) {
		seq_printf(m, "Node %4d, zone %8s, type %12s ", 0, ZONE_NAME,
			   mmlab_mt_names[t]);
		for (o = 0; o <= b->max_order; o++)
			seq_printf(m, "%6llu ",
				   mmlab_buddy_free_blocks(b, o, t));
		seq_putc(m, '\n');
	}
	seq_printf(m, "\n%-23s", "Number of blocks type ");
	for (t = 0; t < MMLAB_MT_NR; t++)
		seq_printf(m, "%12s ", mmlab_mt_names[t]);
	seq_putc(m, '\n');
	seq_printf(m, "Node %d, zone %8s ", 0, ZONE_NAME);
	for (t = 0; t < MMLAB_MT_NR; t++)
		seq_printf(m, "%12llu ", mmlab_buddy_pageblocks(b, t));
	seq_putc(m, '\n');
	mmlab_buddy_unlock(false);
	return 0;
}

static int slabinfo_show(struct seq_file *m, void *v)
{
	const struct mmlab_slab_cache *c;
	struct mmlab_slab_info in;

	seq_puts(m, "slabinfo - version: 2.1\n");
	seq_puts(m, "# name            <active_objs> <num_objs> <objsize> <objperslab> <pagesperslab>");
	seq_puts(m, " : tunables <limit> <batchcount> <sharedfactor>");
	seq_puts(m, " : slabdata <active_slabs> <num_slabs> <sharedavail>\n");
	mutex_lock(&mmlab.slab_mutex);
	for (c = mmlab.slabs.caches; c; c = c->next) {
		mmlab_slab_info(c, &in);
		seq_printf(m, "%-17s %6llu %6llu %6u %4u %4d", c->name,
			   in.active_objs, in.num_objs, c->l.stride,
			   c->l.objects, 1 << c->l.order);
		seq_printf(m, " : tunables %4u %4u %4u", c->limit, c->batch, 0);
		seq_printf(m, " : slabdata %6llu %6llu %6u\n", in.active_slabs,
			   in.num_slabs, 0);
	}
	mutex_unlock(&mmlab.slab_mutex);
	return 0;
}

/**
 * mmlab_proc_init - create /proc/mmlab and its files
 *
 * Return: 0 or -ENOMEM.
 */
int mmlab_proc_init(void)
{
	mmlab_proc_dir = proc_mkdir("mmlab", NULL);
	if (!mmlab_proc_dir)
		goto err;
	if (!proc_create_single("status", 0444, mmlab_proc_dir, status_show) ||
	    !proc_create_single("buddyinfo", 0444, mmlab_proc_dir,
				buddyinfo_show) ||
	    !proc_create_single("pagetypeinfo", 0444, mmlab_proc_dir,
				pagetypeinfo_show) ||
	    !proc_create_single("slabinfo", 0444, mmlab_proc_dir,
				slabinfo_show))
		goto err;
	return 0;
err:
	pr_err("cannot create /proc/mmlab\n");
	proc_remove(mmlab_proc_dir);
	return -ENOMEM;
}

/**
 * mmlab_proc_exit - remove /proc/mmlab; waits for readers to finish
 */
void mmlab_proc_exit(void)
{
	proc_remove(mmlab_proc_dir);
}
