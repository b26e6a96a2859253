/* SPDX-License-Identifier: GPL-2.0 */
/*
 * pgtable.h - the software MMU's page-table formats: the geometry of an
 * address space, the entry (PTE) encoding shared by every level and by the
 * inverted table, and the multi-level (radix) tables and their walker.
 *
 * See pgtable.c for the data structures, their invariants and the walk.
 */
#ifndef _MMLAB_CORE_PGTABLE_H
#define _MMLAB_CORE_PGTABLE_H

#include "seam.h"
#include "arena.h"

#define MMLAB_PT_LEVELS_MIN	2
#define MMLAB_PT_LEVELS_MAX	5
#define MMLAB_PT_BITS_MAX	16	/* index bits of one level */
#define MMLAB_VA_BITS_MAX	57	/* as x86-64 with 5 levels (LA57) */
#define MMLAB_GEOM_NAME_MAX	32	/* "9/9/9/9/9/12" and the presets */

/* A virtual page is a frame's size: 4 KiB on the machines mmlab runs on. */
#define MMLAB_PG_SIZE		BIT_ULL(MMLAB_PAGE_SHIFT)
#define MMLAB_PG_OFFSET		(MMLAB_PG_SIZE - 1)

/*
 * The entry format, one for every level (a table entry holds the next
 * table's frame, a leaf the page's frame) and for the inverted table:
 *
 *   bit 0      P    present
 *   bit 1      R    readable
 *   bit 2      W    writable
 *   bit 3      X    executable
 *   bit 4      A    accessed (set by the walker on every use)
 *   bit 5      D    dirty (set by the walker on a write)
 *   bit 6      COW  copy on write: a private page shared after a clone;
 *                   W is clear while it is set
 *   bits 12..  the frame number (arena frame index)
 *
 * Not present (P clear): 0 is "none"; anything else is a swap entry, as
 * Linux keeps one in a non-present PTE: type in bits 1..6, offset in
 * bits 12 and up. No swap area exists yet; the fault path refuses such an
 * entry until one does.
 *
 * Entries are 4 bytes wide in an address space of at most 32 bits (the
 * classic x86-32 two-level table: 1024 entries fill one 4 KiB page) and
 * 8 bytes wide above. A 4-byte entry holds frames below 2^20.
 */
#define MMLAB_PTE_P		0x01ULL
#define MMLAB_PTE_R		0x02ULL
#define MMLAB_PTE_W		0x04ULL
#define MMLAB_PTE_X		0x08ULL
#define MMLAB_PTE_A		0x10ULL
#define MMLAB_PTE_D		0x20ULL
#define MMLAB_PTE_COW		0x40ULL
#define MMLAB_PTE_PROT		(MMLAB_PTE_R | MMLAB_PTE_W | MMLAB_PTE_X)
#define MMLAB_PTE_FLAGS		0xfffULL
#define MMLAB_PTE_FRAME_SHIFT	12
#define MMLAB_SWP_TYPE_SHIFT	1
#define MMLAB_SWP_TYPE_MASK	0x3fULL
#define MMLAB_SWP_TYPES		64

static inline bool mmlab_pte_present(u64 pte)
{
	return pte & MMLAB_PTE_P;
}

static inline u64 mmlab_pte_frame(u64 pte)
{
	return pte >> MMLAB_PTE_FRAME_SHIFT;
}

static inline u64 mmlab_pte_mk(u64 frame, u64 flags)
{
	return frame << MMLAB_PTE_FRAME_SHIFT | (flags & MMLAB_PTE_FLAGS) |
	       MMLAB_PTE_P;
}

static inline bool mmlab_pte_is_swap(u64 pte)
{
	return pte && !mmlab_pte_present(pte);
}

static inline u64 mmlab_swp_entry(unsigned int type, u64 offset)
{
	return offset << MMLAB_PTE_FRAME_SHIFT |
	       ((u64)type & MMLAB_SWP_TYPE_MASK) << MMLAB_SWP_TYPE_SHIFT;
}

static inline unsigned int mmlab_swp_type(u64 pte)
{
	return (pte >> MMLAB_SWP_TYPE_SHIFT) & MMLAB_SWP_TYPE_MASK;
}

static inline u64 mmlab_swp_offset(u64 pte)
{
	return pte >> MMLAB_PTE_FRAME_SHIFT;
}

/**
 * struct mmlab_geom - how an address space's virtual addresses are cut
 * @levels: table levels, MMLAB_PT_LEVELS_MIN..MMLAB_PT_LEVELS_MAX
 * @bits: index bits of each level, the top level first
 * @shift: where each level's index starts in an address (@shift[levels-1]
 *	is MMLAB_PAGE_SHIFT)
 * @table_order: buddy order of a table of each level
 * @va_bits: sum of @bits and MMLAB_PAGE_SHIFT: addresses are below
 *	2^@va_bits
 * @pte_size: 4 or 8 bytes
 * @name: the preset's name, or the split ("10/10/12")
 */
struct mmlab_geom {
	u8 levels;
	u8 bits[MMLAB_PT_LEVELS_MAX];
	u8 shift[MMLAB_PT_LEVELS_MAX];
	u8 table_order[MMLAB_PT_LEVELS_MAX];
	u8 va_bits;
	u8 pte_size;
	char name[MMLAB_GEOM_NAME_MAX];
};

/**
 * struct mmlab_ptep - where one entry lives
 * @p: the entry's bytes (NULL: no entry)
 * @size: 4 or 8
 */
struct mmlab_ptep {
	void *p;
	unsigned int size;
};

static inline u64 mmlab_ptep_get(struct mmlab_ptep e)
{
	return e.size == 4 ? *(u32 *)e.p : *(u64 *)e.p;
}

static inline void mmlab_ptep_set(struct mmlab_ptep e, u64 v)
{
	if (e.size == 4)
		*(u32 *)e.p = (u32)v;
	else
		*(u64 *)e.p = v;
}

/* A translation's trace: one step a level (radix) or a chain link (ipt). */
#define MMLAB_TRACE_MAX		8

/**
 * struct mmlab_walk_step - one entry a walk read
 * @level: radix: the level (0 is the top); inverted: 0 for the hash
 *	anchor, 1 for each chain entry
 * @index: radix: the index into the level's table; inverted: the anchor's
 *	bucket or the chain entry's slot
 * @entry: the entry's value (radix: the PTE; inverted: the anchor's first
 *	slot, or the chain entry's PTE)
 * @table: radix: the frame of the table read; inverted: the entry's
 *	virtual page number
 */
struct mmlab_walk_step {
	u32 level;
	u32 index;
	u64 entry;
	u64 table;
};

/**
 * struct mmlab_walk_trace - what a translation read, in order
 * @nr: steps recorded (at most MMLAB_TRACE_MAX; @reads counts them all)
 * @reads: entries read in all
 * @step: the steps
 */
struct mmlab_walk_trace {
	u32 nr;
	u32 reads;
	struct mmlab_walk_step step[MMLAB_TRACE_MAX];
};

/**
 * struct mmlab_pt_ops - how the tables get their frames
 * @table_alloc: a zeroed block of 2^@order frames for a table; return 0
 *	and its first frame, or -ENOMEM
 * @table_free: give back a table's block
 */
struct mmlab_pt_ops {
	int (*table_alloc)(void *priv, unsigned int order, u64 *frame);
	void (*table_free)(void *priv, u64 frame, unsigned int order);
};

/**
 * struct mmlab_pt - a multi-level page table
 * @geom: its geometry
 * @arena: where its tables' frames live
 * @ops: frame callbacks
 * @priv: their argument
 * @root: the frame of the top-level table
 * @tables: tables allocated, the root included, per level
 */
struct mmlab_pt {
	const struct mmlab_geom *geom;
	const struct mmlab_arena *arena;
	const struct mmlab_pt_ops *ops;
	void *priv;
	u64 root;
	u64 tables[MMLAB_PT_LEVELS_MAX];
};

struct mmlab_pt_walk;

/**
 * struct mmlab_pt_walk_ops - what a range walk calls (as mm/pagewalk.c's
 *	struct mm_walk_ops does)
 * @pte: a leaf entry that is not none, at virtual address @va; may change
 *	it through @e. Return 0 to go on, else the walk stops and returns it.
 * @hole: [@start, @end) has no table at @level (optional)
 * @table_done: after the entries of a table at @level were walked; the
 *	table is @frame and covers [@start, @end) (optional)
 */
struct mmlab_pt_walk_ops {
	int (*pte)(struct mmlab_pt_walk *w, u64 va, struct mmlab_ptep e);
	int (*hole)(struct mmlab_pt_walk *w, u64 start, u64 end,
		    unsigned int level);
	int (*table_done)(struct mmlab_pt_walk *w, unsigned int level,
			  u64 frame, u64 start, u64 end);
};

/**
 * struct mmlab_pt_walk - one range walk
 * @pt: the table walked
 * @ops: callbacks
 * @priv: the caller's
 */
struct mmlab_pt_walk {
	struct mmlab_pt *pt;
	const struct mmlab_pt_walk_ops *ops;
	void *priv;
};

int mmlab_geom_parse(const char *s, struct mmlab_geom *g);
int mmlab_geom_init(struct mmlab_geom *g, unsigned int levels,
		    const u8 *bits);
const char *mmlab_geom_preset(unsigned int i);

/**
 * mmlab_geom_index - the index of @va into a table of @level
 * @g: the geometry
 * @va: virtual address
 * @level: 0 is the top
 *
 * Return: the index.
 */
static inline u32 mmlab_geom_index(const struct mmlab_geom *g, u64 va,
				   unsigned int level)
{
	return (va >> g->shift[level]) & ((1U << g->bits[level]) - 1);
}

int mmlab_pt_create(struct mmlab_pt *pt, const struct mmlab_geom *g,
		    const struct mmlab_arena *arena,
		    const struct mmlab_pt_ops *ops, void *priv);
void mmlab_pt_destroy(struct mmlab_pt *pt);
struct mmlab_ptep mmlab_pt_lookup(const struct mmlab_pt *pt, u64 va,
				  struct mmlab_walk_trace *t);
int mmlab_pt_install(struct mmlab_pt *pt, u64 va, struct mmlab_ptep *e);
int mmlab_pt_walk_range(struct mmlab_pt_walk *w, u64 start, u64 end);
unsigned int mmlab_pt_prune(struct mmlab_pt *pt, u64 start, u64 end);
u64 mmlab_pt_nr_tables(const struct mmlab_pt *pt);
u64 mmlab_pt_table_frames(const struct mmlab_pt *pt);
u64 mmlab_pt_leaf_max_frame(const struct mmlab_geom *g);

#endif /* _MMLAB_CORE_PGTABLE_H */
