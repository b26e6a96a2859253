// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs_slab.c - mmlab/slab/<cache>/, one directory per slab cache:
 *
 *   stats     the cache's event counters, SLUB's names
 *             (/sys/kernel/slab/<cache>/alloc_fastpath ...), one
 *             "name value" a line; write 0 to clear them
 *   validate  read: walk every slab (core/slab.c's invariants) and print
 *             the number of violations, each also logged
 *   shrink    write 1: drain every CPU's array, give every empty slab
 *             back to the buddy
 *   slabs     the slabs, one a line: list, first frame, order, color,
 *             objects in use, objects
 *   hammer    a test hook: write N to run N rounds of "allocate 16
 *             objects, fill each with a pattern of its own, check them,
 *             free them" on the writer's CPU; -EIO if a pattern came back
 *             changed (an object handed out twice), -ENOMEM if the arena
 *             ran dry. Two writers on two CPUs hammer the fast and slow
 *             paths at once.
 *
 * The files hold the cache in i_private. They take no mmlab.slab_mutex:
 * destroying the cache removes them first, which waits for their users.
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>
#include <linux/uaccess.h>

#include "mmlab.h"

static struct dentry *slab_dir;

static const char *const list_names[MMLAB_SLAB_LISTS] = {
	[MMLAB_SLAB_FULL] = "full",
	[MMLAB_SLAB_PARTIAL] = "partial",
	[MMLAB_SLAB_EMPTY] = "empty",
};

static int stats_show(struct seq_file *m, void *v)
{
	struct mmlab_slab_cache *c = m->private;
	struct mmlab_slab_stats st;
	struct mmlab_slab_info in;

	mmlab_slab_info(c, &in);
	st = c->stats;
	seq_printf(m, "alloc_fastpath %llu\n", in.alloc_fast);
	seq_printf(m, "alloc_slowpath %llu\n", st.alloc_slow);
	seq_printf(m, "free_fastpath %llu\n", in.free_fast);
	seq_printf(m, "free_slowpath %llu\n", st.free_slow);
	seq_printf(m, "cpu_refill %llu\n", st.refills);
	seq_printf(m, "cpu_drain %llu\n", st.drains);
	seq_printf(m, "alloc_slab %llu\n", st.slabs_new);
	seq_printf(m, "free_slab %llu\n", st.slabs_freed);
	seq_printf(m, "alloc_failed %llu\n", st.fail);
	seq_printf(m, "debug_errors %llu\n", st.errors);
	seq_printf(m, "cpu_objects %llu\n", in.cpu_objs);
	return 0;
}

static int stats_open(struct inode *inode, struct file *file)
{
	return single_open(file, stats_show, inode->i_private);
}

static ssize_t stats_write(struct file *file, const char __user *buf,
			   size_t len, loff_t *ppos)
{
	struct mmlab_slab_cache *c = file_inode(file)->i_private;
	struct mmlab_kcache *kc = c->priv;
	unsigned int v;
	int err;

	err = kstrtouint_from_user(buf, len, 0, &v);
	if (err)
		return err;
	if (v)
		return -EINVAL;		/* as SLUB's stat files: only 0 */
	mutex_lock(&kc->lock);
	mmlab_slab_reset_stats(c);
	mutex_unlock(&kc->lock);
	return len;
}

static const struct file_operations stats_fops = {
	.owner = THIS_MODULE,
	.open = stats_open,
	.read = seq_read,
	.write = stats_write,
	.llseek = seq_lseek,
	.release = single_release,
};

static int validate_show(struct seq_file *m, void *v)
{
	seq_printf(m, "%u\n", mmlab_slab_validate(m->private));
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(validate);

static int slabs_show(struct seq_file *m, void *v)
{
	struct mmlab_slab_cache *c = m->private;
	struct mmlab_kcache *kc = c->priv;
	const struct mmlab_slab *s;
	unsigned int l;
	u64 frame;

	seq_puts(m, "# list    frame order color inuse objects\n");
	mutex_lock(&kc->lock);
	for (l = 0; l < MMLAB_SLAB_LISTS; l++)
		for (s = c->lists[l].head; s; s = s->next) {
			if (mmlab_arena_mem_frame(&mmlab.arena, s->mem, &frame))
				continue;
			seq_printf(m, "%-7s %7llu %5u %5u %5u %7u\n",
				   list_names[l], frame, c->l.order, s->color,
				   s->inuse, c->l.objects);
		}
	mutex_unlock(&kc->lock);
	return 0;
}
DEFINE_SHOW_ATTRIBUTE(slabs);

static ssize_t shrink_write(struct file *file, const char __user *buf,
			    size_t len, loff_t *ppos)
{
	struct mmlab_slab_cache *c = file->private_data;
	bool go;
	int err;

	err = kstrtobool_from_user(buf, len, &go);
	if (err)
		return err;
	if (go) {
		mmlab_slab_drain_all(c);
		mmlab_slab_shrink(c, 0);
	}
	return len;
}

static const struct file_operations shrink_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = shrink_write,
	.llseek = noop_llseek,
};

#define HAMMER_BATCH	16
#define HAMMER_MAX	BIT(24)

static u8 hammer_byte(unsigned long round, unsigned int i, unsigned int cpu)
{
	return (u8)(round * 31 + i * 7 + cpu * 101 + 1);
}

static int hammer(struct mmlab_slab_cache *c, unsigned int rounds)
{
	u32 size = c->l.object_size;
	void *objs[HAMMER_BATCH];
	unsigned int r, i, n, cpu = raw_smp_processor_id();
	int err = 0;

	for (r = 0; !err && r < rounds; r++) {
		for (n = 0; n < HAMMER_BATCH; n++) {
			objs[n] = mmlab_kcache_alloc(c, size);
			if (!objs[n])
				break;
			memset(objs[n], hammer_byte(r, n, cpu), size);
		}
		if (n < HAMMER_BATCH)
			err = -ENOMEM;
		for (i = 0; i < n; i++) {
			if (memchr_inv(objs[i], hammer_byte(r, i, cpu), size))
				err = -EIO;
			if (mmlab_kcache_free(c, objs[i]))
				err = -EIO;
		}
		cond_resched();
	}
	return err;
}

static ssize_t hammer_write(struct file *file, const char __user *buf,
			    size_t len, loff_t *ppos)
{
	unsigned int rounds;
	int err;

	err = kstrtouint_from_user(buf, len, 0, &rounds);
	if (err)
		return err;
	if (rounds > HAMMER_MAX)
		return -ERANGE;
	err = hammer(file->private_data, rounds);
	return err ? err : len;
}

static const struct file_operations hammer_fops = {
	.owner = THIS_MODULE,
	.open = simple_open,
	.write = hammer_write,
	.llseek = noop_llseek,
};

/**
 * mmlab_slab_debugfs_add - create mmlab/slab/<name>/ for a cache
 * @c: the cache (its struct mmlab_kcache attached)
 */
void mmlab_slab_debugfs_add(struct mmlab_slab_cache *c)
{
	struct mmlab_kcache *kc = c->priv;
	struct dentry *d;

	if (!slab_dir)
		slab_dir = debugfs_create_dir("slab", mmlab_debugfs_dir);
	d = debugfs_create_dir(c->name, slab_dir);
	kc->dir = d;
	debugfs_create_file("stats", 0600, d, c, &stats_fops);
	debugfs_create_file("validate", 0400, d, c, &validate_fops);
	debugfs_create_file("slabs", 0400, d, c, &slabs_fops);
	debugfs_create_file("shrink", 0200, d, c, &shrink_fops);
	debugfs_create_file("hammer", 0200, d, c, &hammer_fops);
}

/**
 * mmlab_slab_debugfs_remove - remove a cache's directory, waiting for
 *	its files' users
 * @c: the cache
 */
void mmlab_slab_debugfs_remove(struct mmlab_slab_cache *c)
{
	struct mmlab_kcache *kc = c->priv;

	debugfs_remove(kc->dir);
	kc->dir = NULL;
}

/**
 * mmlab_slab_debugfs_exit - forget mmlab/slab (removed with mmlab/)
 */
void mmlab_slab_debugfs_exit(void)
{
	slab_dir = NULL;
}
