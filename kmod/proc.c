// SPDX-License-Identifier: GPL-2.0
/*
 * proc.c - /proc/mmlab/: stable, world-readable summaries in the kernel's
 * own formats.
 *
 *   status   meminfo-like: "Key:" padded to 16 columns, the value right
 *            aligned in 8, " kB" after sizes (as /proc/meminfo prints)
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

static int status_show(struct seq_file *m, void *v)
{
	const struct mmlab_arena *a = &mmlab.arena;

	show_kb(m, "ArenaTotal:", a->nr_frames);
	show_kb(m, "ArenaFree:", a->nr_free);
	show_kb(m, "ArenaUsed:", a->nr_frames - a->nr_free);
	show_num(m, "Frames:", a->nr_frames);
	show_num(m, "FramesFree:", a->nr_free);
	show_num(m, "PageSize:", PAGE_SIZE);
	show_num(m, "MaxOrder:", a->max_order);
	show_num(m, "Chunks:", a->nr_chunks);
	show_num(m, "ChunkOrderMin:", a->chunk_order_min);
	show_num(m, "ChunkOrderMax:", a->chunk_order_max);
	seq_printf(m, "%-16s%8s\n", "Backing:", backing_names[mmlab.backing]);
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
	if (!proc_create_single("status", 0444, mmlab_proc_dir, status_show))
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
