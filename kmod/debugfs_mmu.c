// SPDX-License-Identifier: GPL-2.0
/*
 * debugfs_mmu.c - the software MMU in debugfs:
 *
 *   mmlab/tlb                 the TLB: its shape and counters, then every
 *                             valid entry, one a line
 *   mmlab/spaces/<id>/maps    the space's regions as /proc/<pid>/maps
 *                             prints them (kind in the path column)
 *   mmlab/spaces/<id>/pagetable
 *                             the page table: tables per level, then one
 *                             line per mapped page, with the index at
 *                             each level (inverted: none; the pages in
 *                             the table's order)
 *   mmlab/spaces/<id>/tlb     the TLB's entries for this space
 *   mmlab/spaces/<id>/stats   what the space's accesses did, "name value"
 *
 * A space's files hold its id in i_private and look it up under
 * mmlab.mmu_lock: once the space is gone they read -ENOENT, until
 * mmlab_mmu_unlock() removes the directory.
 */
#include <linux/debugfs.h>
#include <linux/seq_file.h>

#include "mmlab.h"

/* The space the file names, locked; NULL (unlocked) when gone. */
static struct mmlab_space *space_get(struct seq_file *m)
{
	struct mmlab_space *sp;

	if (!mmlab_mmu_lock())
		return NULL;
	sp = mmlab_space_find(&mmlab.mmu, (u32)(uintptr_t)m->private);
	if (!sp)
		mmlab_mmu_unlock();
	return sp;
}

static void prot_str(char *s, u64 bits, bool shared)
{
	s[0] = bits & MMLAB_PTE_R ? 'r' : '-';
	s[1] = bits & MMLAB_PTE_W ? 'w' : '-';
	s[2] = bits & MMLAB_PTE_X ? 'x' : '-';
	s[3] = shared ? 's' : 'p';
	s[4] = '\0';
}

static int maps_show(struct seq_file *m, void *v)
{
	struct mmlab_space *sp = space_get(m);
	const struct mmlab_vma *r;
	char prot[5];
	u32 i;

	if (!sp)
		return -ENOENT;
	for (i = 0; i < sp->vmas.nr; i++) {
		r = &sp->vmas.v[i];
		prot_str(prot, r->prot, r->shm);
		seq_printf(m, "%08llx-%08llx %s %08llx 00:00 %-10u [%s]\n",
			   r->start, r->end, prot,
			   r->shm ? r->pgoff << PAGE_SHIFT : 0,
			   r->shm ? r->shm->id : 0,
			   mmlab_vma_kind_names[r->kind]);
	}
	mmlab_mmu_unlock();
	return 0;
}

struct pt_dump {
	struct seq_file *m;
	const struct mmlab_space *sp;
};

static int dump_leaf(void *priv, u64 va, u64 pte)
{
	struct pt_dump *d = priv;
	const struct mmlab_geom *g = &d->sp->geom;
	unsigned int l;

	seq_printf(d->m, "%016llx", va);
	if (!(d->sp->flags & MMLAB_SPACE_INVERTED))
		for (l = 0; l < g->levels; l++)
			seq_printf(d->m, " %5u", mmlab_geom_index(g, va, l));
	seq_printf(d->m, "  %016llx %c%c%c%c%c%c%s frame %llu\n", pte,
		   pte & MMLAB_PTE_P ? 'P' : '-', pte & MMLAB_PTE_R ? 'R' : '-',
		   pte & MMLAB_PTE_W ? 'W' : '-', pte & MMLAB_PTE_X ? 'X' : '-',
		   pte & MMLAB_PTE_A ? 'A' : '-', pte & MMLAB_PTE_D ? 'D' : '-',
		   pte & MMLAB_PTE_COW ? " COW" : "", mmlab_pte_frame(pte));
	return 0;
}

static int pagetable_show(struct seq_file *m, void *v)
{
	struct mmlab_space *sp = space_get(m);
	struct pt_dump d = { .m = m, .sp = sp };
	const struct mmlab_geom *g;
	unsigned int l;

	if (!sp)
		return -ENOENT;
	g = &sp->geom;
	seq_printf(m, "geometry %s: %u levels, %u-bit addresses, %u-byte entries\n",
		   g->name, g->levels, g->va_bits, g->pte_size);
	if (sp->flags & MMLAB_SPACE_INVERTED) {
		seq_puts(m, "inverted: translations in the shared hashed table\n");
	} else {
		seq_puts(m, "tables:");
		for (l = 0; l < g->levels; l++)
			seq_printf(m, " L%u %llu", l, sp->pt.tables[l]);
		seq_printf(m, " (%llu frames)\n", mmlab_space_table_frames(sp));
	}
	seq_printf(m, "mapped %llu pages\n", sp->rss);
	mmlab_space_walk(&mmlab.mmu, sp, 0, 1ULL << g->va_bits, dump_leaf, &d);
	mmlab_mmu_unlock();
	return 0;
}

static void tlb_entry_show(struct seq_file *m, const struct mmlab_tlb *t,
			   u32 i)
{
	const struct mmlab_tlb_entry *e = &t->e[i];

	seq_printf(m, "%4u %3u %5u %016llx %10llu %c%c%c%c\n",
		   i / t->cfg.ways, i % t->cfg.ways, e->asid, e->vpn, e->frame,
		   e->flags & MMLAB_PTE_R ? 'r' : '-',
		   e->flags & MMLAB_PTE_W ? 'w' : '-',
		   e->flags & MMLAB_PTE_X ? 'x' : '-',
		   e->flags & MMLAB_PTE_D ? 'd' : '-');
}

static void tlb_entries_show(struct seq_file *m, u32 asid)
{
	const struct mmlab_tlb *t = &mmlab.mmu.tlb;
	u32 i;

	seq_puts(m, " set way space vpn                   frame flags\n");
	for (i = 0; i < t->cfg.entries; i++)
		if ((t->e[i].flags & MMLAB_TLB_VALID) &&
		    (!asid || t->e[i].asid == asid))
			tlb_entry_show(m, t, i);
}

static int space_tlb_show(struct seq_file *m, void *v)
{
	struct mmlab_space *sp = space_get(m);

	if (!sp)
		return -ENOENT;
	tlb_entries_show(m, sp->id);
	mmlab_mmu_unlock();
	return 0;
}

static void stats_print(struct seq_file *m, const struct mmlab_access_stats *s)
{
	unsigned int k;

	seq_printf(m, "accesses %llu\n", s->accesses);
	for (k = 0; k < MMLAB_ACC_NR; k++)
		seq_printf(m, "%ss %llu\n", mmlab_access_names[k], s->kinds[k]);
	seq_printf(m, "tlb_hits %llu\n", s->tlb_hits);
	seq_printf(m, "tlb_misses %llu\n", s->tlb_misses);
	seq_printf(m, "walks %llu\n", s->walks);
	seq_printf(m, "walk_reads %llu\n", s->walk_reads);
	for (k = 0; k < MMLAB_PT_LEVELS_MAX; k++)
		seq_printf(m, "level%u_reads %llu\n", k, s->level_reads[k]);
	for (k = 0; k < MMLAB_PF_NR; k++)
		seq_printf(m, "fault_%s %llu\n", mmlab_fault_names[k],
			   s->faults[k]);
}

static int space_stats_show(struct seq_file *m, void *v)
{
	struct mmlab_space *sp = space_get(m);

	if (!sp)
		return -ENOENT;
	seq_printf(m, "rss %llu\n", sp->rss);
	seq_printf(m, "table_frames %llu\n", mmlab_space_table_frames(sp));
	seq_printf(m, "regions %u\n", sp->vmas.nr);
	stats_print(m, &sp->stats);
	mmlab_mmu_unlock();
	return 0;
}

static int tlb_show(struct seq_file *m, void *v)
{
	const struct mmlab_tlb *t = &mmlab.mmu.tlb;
	const struct mmlab_tlb_stats *s = &t->stats;

	if (!mmlab_mmu_lock())
		return -ENODEV;
	seq_printf(m, "entries %u ways %u sets %u repl %s asid %s valid %u\n",
		   t->cfg.entries, t->cfg.ways, t->sets,
		   mmlab_tlb_repl_names[t->cfg.repl],
		   t->cfg.no_asid ? "off" : "on", mmlab_tlb_valid(t));
	seq_printf(m, "hits %llu misses %llu fills %llu evictions %llu\n",
		   s->hits, s->misses, s->fills, s->evictions);
	seq_printf(m, "flush_all %llu flush_asid %llu flush_range %llu switch_flushes %llu invalidated %llu\n",
		   s->flush_all, s->flush_asid, s->flush_range,
		   s->switch_flushes, s->invalidated);
	tlb_entries_show(m, 0);
	mmlab_mmu_unlock();
	return 0;
}

DEFINE_SHOW_ATTRIBUTE(maps);
DEFINE_SHOW_ATTRIBUTE(pagetable);
DEFINE_SHOW_ATTRIBUTE(space_tlb);
DEFINE_SHOW_ATTRIBUTE(space_stats);
DEFINE_SHOW_ATTRIBUTE(tlb);

/**
 * mmlab_mmu_debugfs_add - a space's directory
 * @parent: mmlab/spaces
 * @name: the directory's name (the id in decimal)
 * @id: the space's id
 *
 * Return: the directory (an error pointer if debugfs refused it; the
 * debugfs calls take those).
 */
struct dentry *mmlab_mmu_debugfs_add(struct dentry *parent, const char *name,
				     u32 id)
{
	struct dentry *d = debugfs_create_dir(name, parent);
	void *key = (void *)(uintptr_t)id;

	debugfs_create_file("maps", 0400, d, key, &maps_fops);
	debugfs_create_file("pagetable", 0400, d, key, &pagetable_fops);
	debugfs_create_file("tlb", 0400, d, key, &space_tlb_fops);
	debugfs_create_file("stats", 0400, d, key, &space_stats_fops);
	return d;
}

/**
 * mmlab_mmu_debugfs_init - the MMU's files at the top of mmlab/
 * @dir: mmlab/
 */
void mmlab_mmu_debugfs_init(struct dentry *dir)
{
	debugfs_create_file("tlb", 0400, dir, NULL, &tlb_fops);
}
