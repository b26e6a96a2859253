/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mmu_pattern.h - the reference patterns the software MMU is timed with,
 * in userspace (tools/testing/bench/mmu_bench.c) and in the module
 * (kmod/bench_mmu.c, debugfs mmlab/bench_mmu): one definition, so that
 * the two replay the very same batches and check them the same way, and
 * the kernel's time per reference can be set against userspace's.
 *
 * A pattern runs in a space of one of the geometries of
 * mmlab_pattern_geom(), which holds one region, mapped by
 * mmlab_pattern_region(). Before the timed batches it is set up:
 * mmlab_pattern_setup_refs() references run once, every one of which must
 * be a demand-zero fault (mmlab_pattern_setup_ok()); a pattern for which
 * mmlab_pattern_remaps() is true instead has its region unmapped, and
 * mapped afresh before each batch (unmapped after it; neither timed).
 * Then every batch is the mmlab_pattern_refs() of the pattern, one
 * mmlab_mmu_access() call, one untimed first; mmlab_pattern_check() says
 * whether the stats a batch returned are what the pattern promises. A
 * pattern that does not do what its name says is not timed.
 *
 * Nothing here allocates, locks or times: those are the caller's.
 */
#ifndef _MMLAB_CORE_MMU_PATTERN_H
#define _MMLAB_CORE_MMU_PATTERN_H

#include "seam.h"
#include "mmu.h"

/* The one region of every space: 1 GiB, below every geometry's va_bits */
#define MMLAB_PAT_REGION_START	0x40000000ULL
#define MMLAB_PAT_REGION_PAGES	4096U		/* 16 MiB */
#define MMLAB_PAT_REGION_LEN	\
	((u64)MMLAB_PAT_REGION_PAGES << MMLAB_PAGE_SHIFT)
/* References in every batch: the most one mmlab_mmu_access() takes */
#define MMLAB_PAT_BATCH		4096U
/* Bytes between the references of a hit batch: a cache line */
#define MMLAB_PAT_HIT_STRIDE	64U

/**
 * enum mmlab_pattern - what a batch does
 * @MMLAB_PAT_HIT: every reference hits the TLB
 * @MMLAB_PAT_MISS: every reference misses the TLB and walks the table
 * @MMLAB_PAT_FAULT: every reference is a demand-zero fault
 * @MMLAB_PAT_COW: every reference copies a copy-on-write page (userspace
 *	only: its setup clones a space, see mmu_bench.c)
 * @MMLAB_PAT_NR: number of patterns
 *
 * The first %MMLAB_PAT_NR_REPLAY are the ones both sides replay.
 */
enum mmlab_pattern {
	MMLAB_PAT_HIT,
	MMLAB_PAT_MISS,
	MMLAB_PAT_FAULT,
	MMLAB_PAT_COW,
	MMLAB_PAT_NR
};

#define MMLAB_PAT_NR_REPLAY	3	/* hit, miss, fault */

/**
 * mmlab_pattern_name - a pattern's name, as the output gives it
 * @p: the pattern
 *
 * Return: "hit", "miss", "fault" or "cow".
 */
static inline const char *mmlab_pattern_name(enum mmlab_pattern p)
{
	static const char *const names[MMLAB_PAT_NR] = {
		[MMLAB_PAT_HIT] = "hit",
		[MMLAB_PAT_MISS] = "miss",
		[MMLAB_PAT_FAULT] = "fault",
		[MMLAB_PAT_COW] = "cow",
	};

	return names[p];
}

/**
 * struct mmlab_pattern_geom - a space the patterns run in
 * @name: as the output names it
 * @geom: its geometry, for mmlab_geom_parse()
 * @flags: %MMLAB_SPACE_INVERTED or 0
 */
struct mmlab_pattern_geom {
	const char *name;
	const char *geom;
	u32 flags;
};

#define MMLAB_PAT_NR_GEOMS	5

/**
 * mmlab_pattern_geom - the spaces, in the order of the output
 * @i: 0 .. %MMLAB_PAT_NR_GEOMS - 1
 *
 *   x86-32       two levels, 10/10/12, 4-byte entries
 *   sv39         three levels, 9/9/9/12
 *   x86-64       four levels, 9/9/9/9/12
 *   x86-64-la57  five levels, 9/9/9/9/9/12
 *   inverted     the x86-64 address split, its translations in the MMU's
 *                inverted (hashed) table instead of a table of its own
 *
 * Return: the @i-th space.
 */
static inline const struct mmlab_pattern_geom *
mmlab_pattern_geom(unsigned int i)
{
	static const struct mmlab_pattern_geom geoms[MMLAB_PAT_NR_GEOMS] = {
		{ "x86-32", "x86-32", 0 },
		{ "sv39", "sv39", 0 },
		{ "x86-64", "x86-64", 0 },
		{ "x86-64-la57", "x86-64-la57", 0 },
		{ "inverted", "x86-64", MMLAB_SPACE_INVERTED },
	};

	return &geoms[i];
}

/**
 * mmlab_pattern_region - the region of every space
 * @req: filled in: [%MMLAB_PAT_REGION_START, + %MMLAB_PAT_REGION_LEN),
 *	read-write, private (%MMLAB_VMA_DATA)
 */
static inline void mmlab_pattern_region(struct mmlab_map_req *req)
{
	*req = (struct mmlab_map_req) {
		.start = MMLAB_PAT_REGION_START, .len = MMLAB_PAT_REGION_LEN,
		.prot = MMLAB_PTE_R | MMLAB_PTE_W, .kind = MMLAB_VMA_DATA,
	};
}

/* The reference of page @i of the region, at byte @offset of it. */
static inline u64 mmlab_pattern_ref(u32 i, u32 offset, unsigned int kind)
{
	return mmlab_ref(MMLAB_PAT_REGION_START +
			 ((u64)i << MMLAB_PAGE_SHIFT) + offset, kind);
}

/**
 * mmlab_pattern_remaps - is the region mapped afresh for each batch?
 * @p: the pattern
 *
 * Return: true for %MMLAB_PAT_FAULT: after its space is made, its region
 * is unmapped; before each batch it is mapped (no page present), after
 * the batch unmapped again.
 */
static inline bool mmlab_pattern_remaps(enum mmlab_pattern p)
{
	return p == MMLAB_PAT_FAULT;
}

/**
 * mmlab_pattern_setup_refs - what a new space of a pattern is set up with
 * @p: the pattern
 * @out: %MMLAB_PAT_BATCH slots
 *
 * One batch, run once after the space is made and before the untimed
 * batch:
 *
 *   hit    one read of the region's first page
 *   miss   one read of each of its %MMLAB_PAT_REGION_PAGES pages
 *   fault  nothing (see mmlab_pattern_remaps())
 *   cow    one write of each page (the space is then cloned, see
 *          mmu_bench.c)
 *
 * Every reference of it is a demand-zero fault: mmlab_pattern_setup_ok().
 *
 * Return: the batch's number of references (0: no setup batch).
 */
static inline u32 mmlab_pattern_setup_refs(enum mmlab_pattern p, u64 *out)
{
	u32 i, n;

	switch (p) {
	case MMLAB_PAT_HIT:
		n = 1;
		break;
	case MMLAB_PAT_MISS:
	case MMLAB_PAT_COW:
		n = MMLAB_PAT_REGION_PAGES;
		break;
	default:
		return 0;
	}
	for (i = 0; i < n; i++)
		out[i] = mmlab_pattern_ref(i, 0, p == MMLAB_PAT_COW ?
					   MMLAB_ACC_WRITE : MMLAB_ACC_READ);
	return n;
}

/**
 * mmlab_pattern_setup_ok - did the setup batch map what it touched?
 * @st: the setup batch's stats alone
 * @n: its references
 * @rss: the space's pages mapped after it
 *
 * Return: true if every reference was a demand-zero fault and the space
 * maps exactly those pages.
 */
static inline bool mmlab_pattern_setup_ok(const struct mmlab_access_stats *st,
					  u32 n, u64 rss)
{
	return st->accesses == n && st->faults[MMLAB_PF_ZERO] == n &&
	       rss == n;
}

/**
 * mmlab_pattern_refs - the references of one batch of a pattern
 * @p: the pattern
 * @out: %MMLAB_PAT_BATCH slots
 *
 * These are the batches the module's bench_mmu replays, so they are
 * simple and the same every time: every batch of a pattern is the same
 * 4096 references (%MMLAB_PAT_BATCH, the uapi's MMLAB_ACCESS_BATCH_MAX),
 * and nothing depends on the space. Every space has one region,
 * [%MMLAB_PAT_REGION_START, + %MMLAB_PAT_REGION_PAGES pages) = [1 GiB,
 * 1 GiB + 16 MiB), read-write, private (%MMLAB_VMA_DATA), and what is
 * mapped in it before the batches run is part of the pattern
 * (mmlab_pattern_setup_refs(), mmlab_pattern_remaps()):
 *
 *   hit    4096 reads of the region's first page, reference i at offset
 *          (i * 64) % 4096: a cache line apart, wrapping. Before: one
 *          read of the page (a demand-zero fault), then one untimed
 *          batch. Every reference hits the TLB.
 *   miss   4096 reads, reference i at the start of page i of the region:
 *          one sweep over it. Before: one read of each of the 4096
 *          pages, then one untimed batch. The TLB's 16 sets of 4 ways
 *          each see 256 of the pages in turn, so LRU has always evicted
 *          a page before it comes round again: every reference misses
 *          and walks the table (x86-64: 4 entries read), and faults
 *          none.
 *   fault  4096 writes, reference i at the start of page i of the
 *          region. Before each batch the region is mapped afresh (no
 *          page present; after the batch it is unmapped, neither
 *          timed): every reference is a demand-zero fault, a zeroed
 *          frame taken from the buddy and mapped.
 *   cow    (not replayed) the fault pattern's writes, in a clone of a
 *          space whose 4096 pages were all written: before each batch
 *          the space is cloned and the batch runs in the clone, which
 *          is destroyed after it (neither timed). Every reference
 *          faults and copies its page (%MMLAB_PF_COW_COPY).
 *
 * The miss pattern's promise holds for the TLB the patterns are run
 * with, the default one: 64 entries, 4 ways, LRU, with address-space ids.
 *
 * Return: the batch's number of references, %MMLAB_PAT_BATCH.
 */
static inline u32 mmlab_pattern_refs(enum mmlab_pattern p, u64 *out)
{
	u32 i, off;

	/*
	 * A batch is one mmlab_mmu_access() call, and reference i of a
	 * sweep is page i of the region: as many as the region has pages.
	 */
	BUILD_BUG_ON(MMLAB_PAT_BATCH > MMLAB_MMU_BATCH_MAX);
	BUILD_BUG_ON(MMLAB_PAT_REGION_PAGES != MMLAB_PAT_BATCH);
	for (i = 0; i < MMLAB_PAT_BATCH; i++) {
		switch (p) {
		case MMLAB_PAT_HIT:
			off = (i * MMLAB_PAT_HIT_STRIDE) % (u32)MMLAB_PG_SIZE;
			out[i] = mmlab_pattern_ref(0, off, MMLAB_ACC_READ);
			break;
		case MMLAB_PAT_MISS:
			out[i] = mmlab_pattern_ref(i, 0, MMLAB_ACC_READ);
			break;
		default:
			out[i] = mmlab_pattern_ref(i, 0, MMLAB_ACC_WRITE);
		}
	}
	return MMLAB_PAT_BATCH;
}

/**
 * mmlab_pattern_faults - the faults of every kind a batch took
 * @st: its stats
 *
 * Return: the sum of @st->faults.
 */
static inline u64 mmlab_pattern_faults(const struct mmlab_access_stats *st)
{
	u64 sum = 0;
	unsigned int k;

	for (k = 0; k < MMLAB_PF_NR; k++)
		sum += st->faults[k];
	return sum;
}

/**
 * mmlab_pattern_check - did a batch do what its pattern promises?
 * @p: the pattern
 * @levels: the space's table levels (0: inverted)
 * @st: the batch's stats alone
 * @n: its references
 *
 *   all    every reference ran
 *   hit    every reference a TLB hit; no walk, no fault
 *   miss   every reference a TLB miss and a walk, no fault; a
 *          multi-level table's walks read one entry per level, an
 *          inverted table's lookups at least two (anchor and entry)
 *   fault  one demand-zero fault per reference, and no other
 *   cow    one copy-on-write copy per reference, and no other fault
 *
 * Return: NULL if it did, else which promise it broke.
 */
static inline const char *
mmlab_pattern_check(enum mmlab_pattern p, unsigned int levels,
		    const struct mmlab_access_stats *st, u32 n)
{
	u64 faults = mmlab_pattern_faults(st);

	if (st->accesses != n)
		return "not every reference ran";
	switch (p) {
	case MMLAB_PAT_HIT:
		if (st->tlb_hits != n || st->walks || faults)
			return "not every reference a TLB hit without a walk or a fault";
		break;
	case MMLAB_PAT_MISS:
		if (st->tlb_misses != n || st->walks != n || faults)
			return "not every reference a TLB miss and a walk without a fault";
		if (levels && st->walk_reads != (u64)n * levels)
			return "walks that did not read one entry per level";
		if (!levels && st->walk_reads < 2ULL * n)
			return "inverted lookups that read fewer than 2 entries (anchor + entry)";
		break;
	case MMLAB_PAT_FAULT:
		if (st->faults[MMLAB_PF_ZERO] != n || faults != n)
			return "not one demand-zero fault per reference";
		break;
	case MMLAB_PAT_COW:
		if (st->faults[MMLAB_PF_COW_COPY] != n || faults != n)
			return "not one copy-on-write copy per reference";
		break;
	default:
		return "no such pattern";
	}
	return NULL;
}

#endif /* _MMLAB_CORE_MMU_PATTERN_H */
