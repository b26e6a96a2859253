// SPDX-License-Identifier: GPL-2.0
/*
 * vma.c - the regions (segments) of an address space: a sorted array,
 * searched by address, split at a boundary, merged with like neighbours.
 * What a region's pages hold is mmu.c's business.
 *
 * Data structures
 *
 *   struct mmlab_vmas  v[0..nr), sorted by @start; grown by doubling up
 *                      to MMLAB_VMAS_MAX. An array, not a tree: a space
 *                      has few regions, and the segment-table picture the
 *                      textbooks draw is an array too.
 *   struct mmlab_vma   [start, end), protections, kind; a shared region
 *                      holds one reference on its shared object and
 *                      shows its pages from @pgoff on.
 *
 * Invariants (checked by mmlab_vma_validate())
 *
 *   1. Every region is page aligned, non-empty and below the space's
 *      address limit; regions do not overlap and are sorted.
 *   2. A region has a shared object iff its kind is SHARED, and then
 *      [pgoff, pgoff + pages) lies inside the object.
 *   3. @prot holds only MMLAB_PTE_R/W/X.
 *
 * Lock order: none; the MMU's caller serializes every call.
 */
#include "seam.h"
#include "vma.h"
#include "pgtable.h"

const char *const mmlab_vma_kind_names[MMLAB_VMA_KIND_NR] = {
	[MMLAB_VMA_CODE] = "code",
	[MMLAB_VMA_DATA] = "data",
	[MMLAB_VMA_HEAP] = "heap",
	[MMLAB_VMA_STACK] = "stack",
	[MMLAB_VMA_SHARED] = "shared",
};

/**
 * mmlab_vmas_destroy - free the array (the regions must be gone)
 * @vs: the regions
 */
void mmlab_vmas_destroy(struct mmlab_vmas *vs)
{
	mmlab_kvfree(vs->v);
	memset(vs, 0, sizeof(*vs));
}

/**
 * mmlab_vmas_reserve - room for @more regions
 * @vs: the regions
 * @more: how many may be added
 *
 * Return: 0, -ENOSPC (more than MMLAB_VMAS_MAX in all) or -ENOMEM;
 * nothing changes on failure.
 */
int mmlab_vmas_reserve(struct mmlab_vmas *vs, u32 more)
{
	u32 need = vs->nr + more, cap = vs->cap ? vs->cap : 8;
	struct mmlab_vma *v;

	if (need > MMLAB_VMAS_MAX)
		return -ENOSPC;
	if (need <= vs->cap)
		return 0;
	while (cap < need)
		cap *= 2;
	cap = min_t(u32, cap, MMLAB_VMAS_MAX);
	v = mmlab_kvcalloc(cap, sizeof(*v));
	if (!v)
		return -ENOMEM;
	if (vs->nr)
		memcpy(v, vs->v, vs->nr * sizeof(*v));
	mmlab_kvfree(vs->v);
	vs->v = v;
	vs->cap = cap;
	return 0;
}

/**
 * mmlab_vma_first_end_above - the first region that ends above @va
 * @vs: the regions
 * @va: an address
 *
 * Return: its index, or @vs->nr when there is none: the regions that
 * overlap [va, ...) start there, in order.
 */
u32 mmlab_vma_first_end_above(const struct mmlab_vmas *vs, u64 va)
{
	u32 lo = 0, hi = vs->nr, mid;

	while (lo < hi) {
		mid = lo + (hi - lo) / 2;
		if (vs->v[mid].end > va)
			hi = mid;
		else
			lo = mid + 1;
	}
	return lo;
}

/**
 * mmlab_vma_find - the region holding @va
 * @vs: the regions
 * @va: an address
 *
 * Return: the region, or NULL (a segmentation fault, for an access).
 */
struct mmlab_vma *mmlab_vma_find(const struct mmlab_vmas *vs, u64 va)
{
	u32 i = mmlab_vma_first_end_above(vs, va);

	return i < vs->nr && vs->v[i].start <= va ? &vs->v[i] : NULL;
}

/**
 * mmlab_vma_overlaps - does any region overlap [@start, @end)?
 * @vs: the regions
 * @start: first address
 * @end: end, exclusive
 *
 * Return: true if one does.
 */
bool mmlab_vma_overlaps(const struct mmlab_vmas *vs, u64 start, u64 end)
{
	u32 i = mmlab_vma_first_end_above(vs, start);

	return i < vs->nr && vs->v[i].start < end;
}

/**
 * mmlab_vma_covered - do regions cover every address of [@start, @end)?
 * @vs: the regions
 * @start: first address
 * @end: end, exclusive (> @start)
 *
 * Return: true if there is no hole.
 */
bool mmlab_vma_covered(const struct mmlab_vmas *vs, u64 start, u64 end)
{
	u32 i = mmlab_vma_first_end_above(vs, start);
	u64 at = start;

	for (; i < vs->nr && at < end; i++) {
		if (vs->v[i].start > at)
			return false;
		at = vs->v[i].end;
	}
	return at >= end;
}

/**
 * mmlab_vma_insert - add a region
 * @vs: the regions
 * @v: the region (checked by the caller: aligned, in range)
 *
 * Return: 0, -EEXIST (it overlaps a region), -ENOSPC or -ENOMEM; nothing
 * changes on failure.
 */
int mmlab_vma_insert(struct mmlab_vmas *vs, const struct mmlab_vma *v)
{
	u32 i;
	int err;

	if (mmlab_vma_overlaps(vs, v->start, v->end))
		return -EEXIST;
	err = mmlab_vmas_reserve(vs, 1);
	if (err)
		return err;
	i = mmlab_vma_first_end_above(vs, v->start);
	memmove(&vs->v[i + 1], &vs->v[i], (vs->nr - i) * sizeof(*v));
	vs->v[i] = *v;
	vs->nr++;
	return 0;
}

/**
 * mmlab_vma_split - make @at a boundary between regions
 * @vs: the regions
 * @at: a page-aligned address
 *
 * A region holding @at strictly inside becomes two; a shared one takes a
 * second reference on its object. Nothing happens when @at is already a
 * boundary or in no region.
 *
 * Return: 0, -ENOSPC or -ENOMEM (nothing changes).
 */
int mmlab_vma_split(struct mmlab_vmas *vs, u64 at)
{
	struct mmlab_vma *v = mmlab_vma_find(vs, at);
	u32 i;
	int err;

	if (!v || v->start == at)
		return 0;
	err = mmlab_vmas_reserve(vs, 1);
	if (err)
		return err;
	v = mmlab_vma_find(vs, at); /* the array may have moved */
	i = v - vs->v;
	memmove(&vs->v[i + 1], &vs->v[i], (vs->nr - i) * sizeof(*v));
	vs->nr++;
	vs->v[i].end = at;
	vs->v[i + 1].start = at;
	if (vs->v[i + 1].shm) {
		vs->v[i + 1].pgoff += (at - vs->v[i].start) >> MMLAB_PAGE_SHIFT;
		vs->v[i + 1].shm->refs++;
	}
	return 0;
}

/**
 * mmlab_vma_delete - forget region @i (its pages and its shared object's
 *	reference are the caller's to drop first)
 * @vs: the regions
 * @i: the index
 */
void mmlab_vma_delete(struct mmlab_vmas *vs, u32 i)
{
	memmove(&vs->v[i], &vs->v[i + 1], (vs->nr - i - 1) * sizeof(vs->v[0]));
	vs->nr--;
}

static bool mergeable(const struct mmlab_vma *a, const struct mmlab_vma *b)
{
	return a->end == b->start && a->prot == b->prot &&
	       a->kind == b->kind && a->shm == b->shm &&
	       (!a->shm || a->pgoff + ((a->end - a->start) >>
				       MMLAB_PAGE_SHIFT) == b->pgoff);
}

/**
 * mmlab_vma_merge - join neighbours that differ in nothing but place
 *	(as vma_merge() does after an mprotect)
 * @vs: the regions
 */
void mmlab_vma_merge(struct mmlab_vmas *vs)
{
	u32 i = 0;

	while (i + 1 < vs->nr) {
		if (!mergeable(&vs->v[i], &vs->v[i + 1])) {
			i++;
			continue;
		}
		vs->v[i].end = vs->v[i + 1].end;
		if (vs->v[i].shm)
			vs->v[i].shm->refs--;
		mmlab_vma_delete(vs, i + 1);
	}
}

/**
 * mmlab_vma_validate - check the invariants of vma.c
 * @vs: the regions
 * @limit: the space's address limit (2^va_bits)
 *
 * Return: the number of violations found (each reported).
 */
unsigned int mmlab_vma_validate(const struct mmlab_vmas *vs, u64 limit)
{
	const struct mmlab_vma *v;
	unsigned int errors = 0;
	bool shared;
	u32 i;

	for (i = 0; i < vs->nr; i++) {
		v = &vs->v[i];
		shared = v->kind == MMLAB_VMA_SHARED;
		if ((v->start & MMLAB_PG_OFFSET) || (v->end & MMLAB_PG_OFFSET) ||
		    v->start >= v->end || v->end > limit ||
		    (i && vs->v[i - 1].end > v->start)) {
			mmlab_report("vma %u: [%#llx, %#llx) misplaced\n", i,
				     v->start, v->end);
			errors++;
		}
		if (!!v->shm != shared || v->kind >= MMLAB_VMA_KIND_NR ||
		    (v->prot & ~(u32)MMLAB_PTE_PROT) ||
		    (v->shm && (v->pgoff > v->shm->nr_pages ||
				v->shm->nr_pages - v->pgoff <
				(v->end - v->start) >> MMLAB_PAGE_SHIFT))) {
			mmlab_report("vma %u: [%#llx, %#llx) kind %u prot %#x bad\n",
				     i, v->start, v->end, v->kind, v->prot);
			errors++;
		}
	}
	return errors;
}
