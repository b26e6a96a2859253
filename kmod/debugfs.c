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
 *
 * As everywhere in debugfs, failures to create files are not errors: the
 * module works without them.
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>

#include "mmlab.h"

static struct dentry *mmlab_debugfs_dir;

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
}

/**
 * mmlab_debugfs_exit - remove mmlab's debugfs files; waits for users
 */
void mmlab_debugfs_exit(void)
{
	debugfs_remove(mmlab_debugfs_dir);
	mmlab_debugfs_dir = NULL;
}
