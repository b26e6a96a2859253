// SPDX-License-Identifier: GPL-2.0
/*
 * pgtable.c - multi-level page tables on the arena's frames: geometries,
 * lookup (the hardware walk, with its trace), install (allocating the
 * missing tables), range walks (dumps, protect, unmap, teardown) and
 * pruning of emptied tables.
 *
 * Data structures
 *
 *   struct mmlab_geom  levels (2..5) and index bits per level, top first;
 *                      the page offset is MMLAB_PAGE_SHIFT bits. A virtual
 *                      address splits, for 10/10/12, as
 *
 *                        31      22 21      12 11         0
 *                        [ index 0 ][ index 1 ][  offset   ]
 *
 *   struct mmlab_pt    the root table's frame and the count of tables per
 *                      level. A table of level l is 2^bits[l] entries of
 *                      pte_size bytes in a block of 2^table_order[l]
 *                      frames; its entries point to tables of level l + 1,
 *                      or, at the last level, to pages.
 *
 * Invariants
 *
 *   1. The root exists from mmlab_pt_create() to mmlab_pt_destroy().
 *   2. A present entry of a level above the last holds the frame of a
 *      table of the next level that no other entry holds; a table is
 *      reached from exactly one entry (or is the root). Such an entry has
 *      P, R, W and X set: permissions live in the leaves.
 *   3. An entry of a level above the last is either present or 0.
 *   4. @tables[l] counts the tables of level l reachable from the root.
 *
 * Lock order: none here. The caller (mmu.c) serializes every call on a
 * table; the table callbacks are called under that serialization.
 */
#include "seam.h"
#include "pgtable.h"

struct geom_preset {
	const char *name;
	unsigned int levels;
	u8 bits[MMLAB_PT_LEVELS_MAX];
};

/* Real formats, by the names their documentation gives them. */
static const struct geom_preset presets[] = {
	{ "x86-32", 2, { 10, 10 } },
	{ "x86-64", 4, { 9, 9, 9, 9 } },
	{ "x86-64-la57", 5, { 9, 9, 9, 9, 9 } },
	{ "sv39", 3, { 9, 9, 9 } },
	{ "sv48", 4, { 9, 9, 9, 9 } },
	{ "sv57", 5, { 9, 9, 9, 9, 9 } },
};

/**
 * mmlab_geom_preset - the name of a preset geometry
 * @i: 0, 1, ...
 *
 * Return: the name, or NULL past the last preset.
 */
const char *mmlab_geom_preset(unsigned int i)
{
	return i < ARRAY_SIZE(presets) ? presets[i].name : NULL;
}

/**
 * mmlab_geom_init - fill a geometry from its levels and bits
 * @g: the geometry
 * @levels: MMLAB_PT_LEVELS_MIN..MMLAB_PT_LEVELS_MAX
 * @bits: index bits of each level, top first, each 1..MMLAB_PT_BITS_MAX
 *
 * @g->name is set to the split ("10/10/12"); a preset's caller renames it.
 *
 * Return: 0, or -EINVAL (bad level count or bits), -ERANGE (addresses
 * wider than MMLAB_VA_BITS_MAX bits).
 */
int mmlab_geom_init(struct mmlab_geom *g, unsigned int levels,
		    const u8 *bits)
{
	unsigned int l, va = MMLAB_PAGE_SHIFT, n = 0;
	u64 bytes;

	if (levels < MMLAB_PT_LEVELS_MIN || levels > MMLAB_PT_LEVELS_MAX)
		return -EINVAL;
	for (l = 0; l < levels; l++) {
		if (!bits[l] || bits[l] > MMLAB_PT_BITS_MAX)
			return -EINVAL;
		va += bits[l];
	}
	if (va > MMLAB_VA_BITS_MAX)
		return -ERANGE;
	memset(g, 0, sizeof(*g));
	g->levels = levels;
	g->va_bits = va;
	g->pte_size = va <= 32 ? 4 : 8;
	for (l = levels; l-- > 0;) {
		g->bits[l] = bits[l];
		g->shift[l] = l == levels - 1 ? MMLAB_PAGE_SHIFT :
				g->shift[l + 1] + bits[l + 1];
		bytes = (u64)g->pte_size << bits[l];
		g->table_order[l] = bytes <= (1ULL << MMLAB_PAGE_SHIFT) ? 0 :
				    ilog2(bytes) - MMLAB_PAGE_SHIFT;
	}
	for (l = 0; l < levels; l++)
		n += snprintf(g->name + n, sizeof(g->name) - n, "%u/",
			      bits[l]);
	snprintf(g->name + n, sizeof(g->name) - n, "%u", MMLAB_PAGE_SHIFT);
	return 0;
}

/* A decimal number of at most two digits at *@s; advances *@s. */
static int parse_bits(const char **s, unsigned int *v)
{
	const char *p = *s;
	unsigned int n = 0, digits = 0;

	while (*p >= '0' && *p <= '9' && digits < 3) {
		n = n * 10 + (*p++ - '0');
		digits++;
	}
	if (!digits || digits > 2)
		return -EINVAL;
	*v = n;
	*s = p;
	return 0;
}

/**
 * mmlab_geom_parse - a geometry from its name
 * @s: a preset ("x86-32", "x86-64", "x86-64-la57", "sv39", "sv48",
 *	"sv57") or a split "B0/B1[/B2...]/12": the index bits of 2 to 5
 *	levels, top first, then the page offset, which must be
 *	MMLAB_PAGE_SHIFT
 * @g: the geometry, on success
 *
 * Return: 0, -EINVAL (not a preset, malformed, bad bits or offset) or
 * -ERANGE (addresses wider than MMLAB_VA_BITS_MAX bits).
 */
int mmlab_geom_parse(const char *s, struct mmlab_geom *g)
{
	u8 bits[MMLAB_PT_LEVELS_MAX + 1];
	unsigned int i, n = 0, v;
	int err;

	for (i = 0; i < ARRAY_SIZE(presets); i++) {
		if (strcmp(s, presets[i].name))
			continue;
		err = mmlab_geom_init(g, presets[i].levels, presets[i].bits);
		if (!err)
			strscpy(g->name, presets[i].name, sizeof(g->name));
		return err;
	}
	for (;;) {
		if (n == ARRAY_SIZE(bits) || parse_bits(&s, &v))
			return -EINVAL;
		bits[n++] = v;
		if (!*s)
			break;
		if (*s++ != '/')
			return -EINVAL;
	}
	if (n < MMLAB_PT_LEVELS_MIN + 1 || bits[n - 1] != MMLAB_PAGE_SHIFT)
		return -EINVAL;
	return mmlab_geom_init(g, n - 1, bits);
}

/**
 * mmlab_pt_leaf_max_frame - the largest frame an entry can hold
 * @g: the geometry
 *
 * Return: the frame number.
 */
u64 mmlab_pt_leaf_max_frame(const struct mmlab_geom *g)
{
	unsigned int width = g->pte_size == 4 ? 32 : 63;

	return ((1ULL << width) - 1) >> MMLAB_PTE_FRAME_SHIFT;
}

static void *table_mem(const struct mmlab_pt *pt, u64 frame)
{
	return mmlab_arena_frame_mem(pt->arena, frame);
}

static struct mmlab_ptep entry_at(const struct mmlab_pt *pt, void *table,
				  u32 index)
{
	struct mmlab_ptep e = {
		.p = (u8 *)table + (size_t)index * pt->geom->pte_size,
		.size = pt->geom->pte_size,
	};

	return e;
}

static int table_new(struct mmlab_pt *pt, unsigned int level, u64 *frame)
{
	unsigned int order = pt->geom->table_order[level];
	int err = pt->ops->table_alloc(pt->priv, order, frame);

	if (err)
		return err;
	if (*frame > mmlab_pt_leaf_max_frame(pt->geom)) {
		pt->ops->table_free(pt->priv, *frame, order);
		return -ENOMEM;
	}
	memset(table_mem(pt, *frame), 0, (size_t)1 << (order + MMLAB_PAGE_SHIFT));
	pt->tables[level]++;
	return 0;
}

static void table_put(struct mmlab_pt *pt, unsigned int level, u64 frame)
{
	pt->ops->table_free(pt->priv, frame, pt->geom->table_order[level]);
	pt->tables[level]--;
}

/**
 * mmlab_pt_create - a page table with an empty root
 * @pt: the table
 * @g: its geometry (must outlive @pt)
 * @arena: where the frames live
 * @ops: frame callbacks
 * @priv: their argument
 *
 * Return: 0, or the error of @ops->table_alloc.
 */
int mmlab_pt_create(struct mmlab_pt *pt, const struct mmlab_geom *g,
		    const struct mmlab_arena *arena,
		    const struct mmlab_pt_ops *ops, void *priv)
{
	memset(pt, 0, sizeof(*pt));
	pt->geom = g;
	pt->arena = arena;
	pt->ops = ops;
	pt->priv = priv;
	return table_new(pt, 0, &pt->root);
}

/**
 * mmlab_pt_lookup - the hardware walk: find @va's leaf entry
 * @pt: the table
 * @va: virtual address (below 2^va_bits)
 * @t: if not NULL, each entry read is appended to it
 *
 * Reads one entry a level, top first, and stops at a table that is not
 * there. Changes nothing.
 *
 * Return: the leaf entry, or one with a NULL @p when a table on the way
 * is missing.
 */
struct mmlab_ptep mmlab_pt_lookup(const struct mmlab_pt *pt, u64 va,
				  struct mmlab_walk_trace *t)
{
	const struct mmlab_geom *g = pt->geom;
	struct mmlab_ptep e = { NULL, g->pte_size };
	u64 frame = pt->root, v;
	unsigned int l;
	u32 idx;

	for (l = 0; l < g->levels; l++) {
		idx = mmlab_geom_index(g, va, l);
		e = entry_at(pt, table_mem(pt, frame), idx);
		v = mmlab_ptep_get(e);
		if (t) {
			if (t->nr < MMLAB_TRACE_MAX)
				t->step[t->nr++] = (struct mmlab_walk_step){
					.level = l, .index = idx, .entry = v,
					.table = frame,
				};
			t->reads++;
		}
		if (l + 1 == g->levels)
			break;
		if (!mmlab_pte_present(v)) {
			e.p = NULL;
			break;
		}
		frame = mmlab_pte_frame(v);
	}
	return e;
}

/**
 * mmlab_pt_install - find @va's leaf entry, making the tables on the way
 * @pt: the table
 * @va: virtual address (below 2^va_bits)
 * @e: the leaf entry, on success
 *
 * Return: 0, or -ENOMEM (a table could not be had; the tables made on
 * the way stay, empty, until mmlab_pt_prune() or mmlab_pt_destroy()).
 */
int mmlab_pt_install(struct mmlab_pt *pt, u64 va, struct mmlab_ptep *e)
{
	const struct mmlab_geom *g = pt->geom;
	u64 frame = pt->root, v;
	unsigned int l;
	int err;

	for (l = 0;; l++) {
		*e = entry_at(pt, table_mem(pt, frame),
			      mmlab_geom_index(g, va, l));
		if (l + 1 == g->levels)
			return 0;
		v = mmlab_ptep_get(*e);
		if (!mmlab_pte_present(v)) {
			err = table_new(pt, l + 1, &frame);
			if (err)
				return err;
			mmlab_ptep_set(*e, mmlab_pte_mk(frame, MMLAB_PTE_PROT));
		} else {
			frame = mmlab_pte_frame(v);
		}
	}
}

/* The part of [@start, @end) that the entry @idx of @level covers. */
static void entry_span(const struct mmlab_geom *g, unsigned int level,
		       u64 base, u32 idx, u64 start, u64 end, u64 *s, u64 *e)
{
	u64 lo = base + ((u64)idx << g->shift[level]);
	u64 hi = lo + (1ULL << g->shift[level]);

	*s = max(lo, start);
	*e = min(hi, end);
}

/*
 * Walk the entries of the table @frame of @level, which covers the
 * addresses from @base, that overlap [@start, @end).
 */
static int walk_level(struct mmlab_pt_walk *w, unsigned int level,
		      u64 frame, u64 base, u64 start, u64 end)
{
	const struct mmlab_geom *g = w->pt->geom;
	void *table = table_mem(w->pt, frame);
	u32 idx = mmlab_geom_index(g, start, level);
	u32 last = mmlab_geom_index(g, end - 1, level);
	struct mmlab_ptep e;
	u64 v, s, t, child, cbase;
	int ret = 0;

	for (; idx <= last && !ret; idx++) {
		e = entry_at(w->pt, table, idx);
		v = mmlab_ptep_get(e);
		entry_span(g, level, base, idx, start, end, &s, &t);
		if (level + 1 == g->levels) {
			if (v)
				ret = w->ops->pte(w, s, e);
			continue;
		}
		if (!mmlab_pte_present(v)) {
			if (w->ops->hole)
				ret = w->ops->hole(w, s, t, level + 1);
			continue;
		}
		child = mmlab_pte_frame(v);
		cbase = base + ((u64)idx << g->shift[level]);
		ret = walk_level(w, level + 1, child, cbase, s, t);
		if (!ret && w->ops->table_done)
			ret = w->ops->table_done(w, level + 1, child, cbase,
						 cbase + (1ULL << g->shift[level]));
		mmlab_cond_resched();
	}
	return ret;
}

/**
 * mmlab_pt_walk_range - call @w->ops for every entry of [@start, @end)
 * @w: the walk: its table, callbacks and their data
 * @start: first address (page aligned)
 * @end: end of the range, exclusive (page aligned, at most 2^va_bits)
 *
 * Leaves that are not none are passed to @w->ops->pte in address order;
 * missing tables to @w->ops->hole. The callbacks may change leaf entries
 * but not the tables.
 *
 * Return: 0, or the first non-zero value a callback returned.
 */
int mmlab_pt_walk_range(struct mmlab_pt_walk *w, u64 start, u64 end)
{
	if (start >= end)
		return 0;
	return walk_level(w, 0, w->pt->root, 0, start, end);
}

static bool table_empty(const struct mmlab_pt *pt, unsigned int level,
			u64 frame)
{
	const u8 *p = table_mem(pt, frame);
	size_t i, n = (size_t)pt->geom->pte_size << pt->geom->bits[level];

	for (i = 0; i < n; i++)
		if (p[i])
			return false;
	return true;
}

static void prune_level(struct mmlab_pt *pt, unsigned int level, u64 frame,
			u64 base, u64 start, u64 end)
{
	const struct mmlab_geom *g = pt->geom;
	void *table = table_mem(pt, frame);
	u32 idx = mmlab_geom_index(g, start, level);
	u32 last = mmlab_geom_index(g, end - 1, level);
	struct mmlab_ptep e;
	u64 v, s, t, child;

	if (level + 1 == g->levels)
		return;
	for (; idx <= last; idx++) {
		e = entry_at(pt, table, idx);
		v = mmlab_ptep_get(e);
		if (!mmlab_pte_present(v))
			continue;
		entry_span(g, level, base, idx, start, end, &s, &t);
		child = mmlab_pte_frame(v);
		prune_level(pt, level + 1, child,
			    base + ((u64)idx << g->shift[level]), s, t);
		if (table_empty(pt, level + 1, child)) {
			mmlab_ptep_set(e, 0);
			table_put(pt, level + 1, child);
		}
	}
}

/**
 * mmlab_pt_prune - give back the tables below the root that [@start,
 *	@end) reaches and that hold only none entries (as free_pgtables()
 *	does after munmap)
 * @pt: the table
 * @start: first address (page aligned)
 * @end: end, exclusive (page aligned, at most 2^va_bits)
 *
 * Return: tables given back.
 */
unsigned int mmlab_pt_prune(struct mmlab_pt *pt, u64 start, u64 end)
{
	u64 before = mmlab_pt_nr_tables(pt);

	if (start < end)
		prune_level(pt, 0, pt->root, 0, start, end);
	return before - mmlab_pt_nr_tables(pt);
}

static void free_level(struct mmlab_pt *pt, unsigned int level, u64 frame)
{
	void *table = table_mem(pt, frame);
	u32 idx, n = 1U << pt->geom->bits[level];
	u64 v;

	if (level + 1 < pt->geom->levels) {
		for (idx = 0; idx < n; idx++) {
			v = mmlab_ptep_get(entry_at(pt, table, idx));
			if (mmlab_pte_present(v))
				free_level(pt, level + 1, mmlab_pte_frame(v));
		}
	}
	table_put(pt, level, frame);
}

/**
 * mmlab_pt_destroy - give back every table, the root last
 * @pt: the table; its leaves must no longer hold anything the caller
 *	needs (the caller drops the pages first)
 */
void mmlab_pt_destroy(struct mmlab_pt *pt)
{
	free_level(pt, 0, pt->root);
	pt->root = 0;
}

/**
 * mmlab_pt_nr_tables - tables of a page table
 * @pt: the table
 *
 * Return: the tables of every level, the root included.
 */
u64 mmlab_pt_nr_tables(const struct mmlab_pt *pt)
{
	u64 n = 0;
	unsigned int l;

	for (l = 0; l < pt->geom->levels; l++)
		n += pt->tables[l];
	return n;
}

/**
 * mmlab_pt_table_frames - frames the tables take
 * @pt: the table
 *
 * Return: the frames of every table, the root included.
 */
u64 mmlab_pt_table_frames(const struct mmlab_pt *pt)
{
	u64 n = 0;
	unsigned int l;

	for (l = 0; l < pt->geom->levels; l++)
		n += pt->tables[l] << pt->geom->table_order[l];
	return n;
}
