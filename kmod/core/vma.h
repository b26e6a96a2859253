/* SPDX-License-Identifier: GPL-2.0 */
/*
 * vma.h - the regions (segments) of an address space.
 *
 * See vma.c for the data structures and invariants.
 */
#ifndef _MMLAB_CORE_VMA_H
#define _MMLAB_CORE_VMA_H

#include "seam.h"

/* Most regions a space may hold (Linux: vm.max_map_count). */
#define MMLAB_VMAS_MAX		1024

/**
 * enum mmlab_vma_kind - what a region is for
 * @MMLAB_VMA_CODE: program text
 * @MMLAB_VMA_DATA: initialized data
 * @MMLAB_VMA_HEAP: the heap: grows up (brk)
 * @MMLAB_VMA_STACK: a stack: grows down
 * @MMLAB_VMA_SHARED: pages shared with other spaces that map the same
 *	shared object; a clone shares them too
 * @MMLAB_VMA_KIND_NR: number of kinds
 */
enum mmlab_vma_kind {
	MMLAB_VMA_CODE,
	MMLAB_VMA_DATA,
	MMLAB_VMA_HEAP,
	MMLAB_VMA_STACK,
	MMLAB_VMA_SHARED,
	MMLAB_VMA_KIND_NR
};

/**
 * struct mmlab_shm - a shared object: the pages a shared region shows
 * @id: its id (shared regions of other spaces attach to it by id)
 * @refs: regions that map it
 * @nr_pages: its size
 * @frames: per page, its frame, or MMLAB_SHM_NONE before the first touch
 */
struct mmlab_shm {
	u32 id;
	u32 refs;
	u64 nr_pages;
	u64 *frames;
};

#define MMLAB_SHM_NONE		(~0ULL)

/**
 * struct mmlab_vma - one region
 * @start: first address (page aligned)
 * @end: end, exclusive (page aligned, > @start)
 * @prot: MMLAB_PTE_R/W/X
 * @kind: &enum mmlab_vma_kind
 * @shm: SHARED: the shared object; else NULL
 * @pgoff: SHARED: the page of @shm at @start
 */
struct mmlab_vma {
	u64 start;
	u64 end;
	u32 prot;
	u32 kind;
	struct mmlab_shm *shm;
	u64 pgoff;
};

/**
 * struct mmlab_vmas - a space's regions, sorted by address
 * @v: the regions
 * @nr: regions in @v
 * @cap: entries allocated in @v
 */
struct mmlab_vmas {
	struct mmlab_vma *v;
	u32 nr;
	u32 cap;
};

extern const char *const mmlab_vma_kind_names[MMLAB_VMA_KIND_NR];

void mmlab_vmas_destroy(struct mmlab_vmas *vs);
int mmlab_vmas_reserve(struct mmlab_vmas *vs, u32 more);
struct mmlab_vma *mmlab_vma_find(const struct mmlab_vmas *vs, u64 va);
u32 mmlab_vma_first_end_above(const struct mmlab_vmas *vs, u64 va);
bool mmlab_vma_overlaps(const struct mmlab_vmas *vs, u64 start, u64 end);
bool mmlab_vma_covered(const struct mmlab_vmas *vs, u64 start, u64 end);
int mmlab_vma_insert(struct mmlab_vmas *vs, const struct mmlab_vma *v);
int mmlab_vma_split(struct mmlab_vmas *vs, u64 at);
void mmlab_vma_delete(struct mmlab_vmas *vs, u32 i);
void mmlab_vma_merge(struct mmlab_vmas *vs);
unsigned int mmlab_vma_validate(const struct mmlab_vmas *vs, u64 limit);

#endif /* _MMLAB_CORE_VMA_H */
