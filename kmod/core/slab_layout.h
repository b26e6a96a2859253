/* SPDX-License-Identifier: GPL-2.0 */
/*
 * slab_layout.h - how a slab cache lays out its objects: the stride of an
 * object with its metadata, the order of a slab, objects per slab, the
 * bytes left over and the colors they allow.
 *
 * See slab_layout.c for the rules (those of mm/slub.c) and their limits.
 */
#ifndef _MMLAB_CORE_SLAB_LAYOUT_H
#define _MMLAB_CORE_SLAB_LAYOUT_H

#include "seam.h"

/* struct mmlab_slab_layout_req.flags, as the kernel's SLAB_* name them */
#define MMLAB_SLAB_HWCACHE_ALIGN	0x1	/* align objects to cache lines */
#define MMLAB_SLAB_RED_ZONE		0x2	/* guard words around an object */
#define MMLAB_SLAB_POISON		0x4	/* poison freed objects */
#define MMLAB_SLAB_CTOR			0x8	/* free objects keep a pattern */
#define MMLAB_SLAB_FLAGS		0xf

/* The word the free pointer and each red zone take. */
#define MMLAB_SLAB_WORD			8U
/* The cache line HWCACHE_ALIGN and coloring use (x86-64). */
#define MMLAB_SLAB_CACHE_LINE		64U
/* mm/slub.c's slub_max_order default (PAGE_ALLOC_COSTLY_ORDER). */
#define MMLAB_SLAB_MAX_ORDER		3U
/* Object sizes accepted: larger requests go to the buddy whole. */
#define MMLAB_SLAB_MAX_SIZE		BIT(20)

/**
 * struct mmlab_slab_layout_req - what a cache asks for
 * @object_size: bytes the user of an object may touch, 1..%MMLAB_SLAB_MAX_SIZE
 * @align: the object's alignment, 0 (a word) or a power of two up to a page
 * @flags: %MMLAB_SLAB_* flags
 * @nr_cpus: CPUs, which set the objects a slab should at least hold, as
 *	mm/slub.c's calculate_order() does (4 * (fls(nr_cpus) + 1))
 * @page_shift: log2 of the frame size
 * @orders: slab orders the page allocator has (its max order + 1); 0:
 *	no limit. Slabs stay below this, and at most of
 *	%MMLAB_SLAB_MAX_ORDER unless one object needs more.
 */
struct mmlab_slab_layout_req {
	u32 object_size;
	u32 align;
	u32 flags;
	u32 nr_cpus;
	u32 page_shift;
	u32 orders;
};

/**
 * struct mmlab_slab_layout - a cache's slab geometry
 * @object_size: as asked
 * @align: the alignment in force (at least a word; a cache line's power
 *	of two fraction for HWCACHE_ALIGN)
 * @red_left: red zone bytes before the object (0 without RED_ZONE)
 * @inuse: where the metadata after the object starts, from the slot's
 *	start: past the left red zone, the object and its right red zone
 * @free_offset: where the free pointer lives, from the slot's start
 *	(inside the object, at its start, unless POISON or CTOR keep the
 *	object's bytes: then just after @inuse)
 * @stride: bytes from one object's slot to the next (aligned)
 * @order: a slab is 2^@order frames
 * @objects: objects per slab
 * @waste: bytes of a slab no slot uses (slab size - objects * stride)
 * @colors: distinct first-object offsets coloring can use, a cache line
 *	(or @align, when larger) apart: @waste / max(%MMLAB_SLAB_CACHE_LINE,
 *	@align) + 1 (1: no room to color)
 */
struct mmlab_slab_layout {
	u32 object_size;
	u32 align;
	u32 red_left;
	u32 inuse;
	u32 free_offset;
	u32 stride;
	u32 order;
	u32 objects;
	u32 waste;
	u32 colors;
};

int mmlab_slab_layout(const struct mmlab_slab_layout_req *req,
		      struct mmlab_slab_layout *l);

#endif /* _MMLAB_CORE_SLAB_LAYOUT_H */
