/* SPDX-License-Identifier: GPL-2.0 */
/*
 * kmalloc.h - kmalloc's size classes on mmlab's slab caches.
 *
 * See kmalloc.c for the classes, the large path and the invariants.
 */
#ifndef _MMLAB_CORE_KMALLOC_H
#define _MMLAB_CORE_KMALLOC_H

#include "seam.h"
#include "slab.h"

/* The classes: 8, 16, 32, 64, 96, 128, 192, 256, 512, 1k, 2k, 4k, 8k. */
#define MMLAB_KMALLOC_CLASSES	13
/* Larger requests take a buddy block of their own (KMALLOC_MAX_CACHE_SIZE). */
#define MMLAB_KMALLOC_MAX_CACHE	8192U
/* The largest request: a block of the arena's max order at most. */
#define MMLAB_KMALLOC_MAX	BIT(30)

/**
 * struct mmlab_kmalloc_large - one CPU's counters of the large path
 * @allocs: blocks handed out
 * @frees: blocks given back
 * @bytes: bytes of the blocks in use, added here, taken off where freed
 * @requested: bytes asked for by them, likewise
 */
struct mmlab_kmalloc_large {
	u64 allocs;
	u64 frees;
	s64 bytes;
	s64 requested;
};

/**
 * struct mmlab_kmalloc - the kmalloc front end of a slab allocator
 * @r: the slab allocator
 * @cls: the size classes' caches, smallest first
 * @large: per CPU, the large path's counters
 */
struct mmlab_kmalloc {
	struct mmlab_slabs *r;
	struct mmlab_slab_cache *cls[MMLAB_KMALLOC_CLASSES];
	struct mmlab_kmalloc_large *large;
};

/**
 * struct mmlab_kmalloc_large_info - the large path's totals
 * @allocs: blocks handed out
 * @frees: blocks given back
 * @live: blocks in use
 * @bytes: their bytes
 * @requested: bytes asked for by them
 */
struct mmlab_kmalloc_large_info {
	u64 allocs;
	u64 frees;
	u64 live;
	u64 bytes;
	u64 requested;
};

extern const u32 mmlab_kmalloc_sizes[MMLAB_KMALLOC_CLASSES];

int mmlab_kmalloc_init(struct mmlab_kmalloc *k, struct mmlab_slabs *r);
void mmlab_kmalloc_destroy(struct mmlab_kmalloc *k);
int mmlab_kmalloc_class(u64 size);
void *mmlab_kmalloc(struct mmlab_kmalloc *k, u64 size);
int mmlab_kfree(struct mmlab_kmalloc *k, void *p);
u64 mmlab_ksize(const struct mmlab_kmalloc *k, const void *p);
bool mmlab_kmalloc_is_class(const struct mmlab_kmalloc *k,
			    const struct mmlab_slab_cache *c);
void mmlab_kmalloc_large_info(const struct mmlab_kmalloc *k,
			      struct mmlab_kmalloc_large_info *info);

#endif /* _MMLAB_CORE_KMALLOC_H */
