// SPDX-License-Identifier: GPL-2.0
/*
 * slab_layout.c - the geometry of a slab cache: where an object's bytes,
 * red zones and free pointer go, how big a slab is and how many objects
 * it holds, with the rules of mm/slub.c (calculate_sizes(),
 * calculate_alignment(), calculate_order()), so that mmlab's caches have
 * the shapes /proc/slabinfo shows for the kernel's.
 *
 * Data structures: none kept; mmlab_slab_layout() fills a struct
 * mmlab_slab_layout from a request. One slot of a slab, from its start:
 *
 *   | red_left | object (object_size, word-aligned) | red | free ptr | pad |
 *   ^ slot     ^ object                              ^ inuse          ^ stride
 *
 *   red_left  RED_ZONE: one word (aligned up to @align) guarding the
 *             object's start; else nothing
 *   red       RED_ZONE: one word guarding its end, when word alignment left
 *             no padding to serve as one; else nothing
 *   free ptr  POISON or CTOR: one word after the object, whose bytes must
 *             be kept while it is free; also RED_ZONE with an object
 *             smaller than a word, which could not hold it without writing
 *             over its red zone; else the free pointer is inside the
 *             object, at its middle rounded down to a word, as SLUB has put
 *             it since 5.7 (an overflow of the previous object does not
 *             reach it first)
 *   pad       RED_ZONE: one more word, then alignment to @align
 *
 * Order: the smallest order >= get_order(min_objects * stride) whose
 * leftover (slab size % stride) is at most 1/16 of the slab, else 1/8, 1/4,
 * 1/2 (calc_slab_order()), up to MMLAB_SLAB_MAX_ORDER (or the page
 * allocator's max order, when lower: a small arena); min_objects is
 * 4 * (fls(nr_cpus) + 1) but no more than a max-order slab holds. An
 * object too big for that takes the order of its own size. With 2 CPUs
 * this gives the kernel's kmalloc-8 .. kmalloc-8k shapes (512 objects in
 * a page .. 4 in 8 pages), as /proc/slabinfo of the 2-vCPU test VM shows
 * them without slub_debug. SLUB's cap of 32767 objects a slab never binds
 * here: min_objects stays small, and a 64K frame holds 8192 words.
 *
 * Coloring (SLAB's, which SLUB dropped): a slab's first object may start
 * at any multiple of a cache line within the leftover, so slabs in turn
 * start their objects on different cache lines.
 *
 * Not modelled: SLAB_STORE_USER's tracks, KASAN's metadata, the
 * TYPESAFE_BY_RCU free pointer; they only add to the stride.
 *
 * Invariants (of every layout returned, checked by the unit tests):
 * objects * stride + waste == PAGE_SIZE << order; objects >= 1; stride is
 * a multiple of align; red_left + object_size <= inuse; the free pointer
 * word lies inside the slot and outside the red zones.
 *
 * Lock order: none; a pure function.
 */
#include "seam.h"
#include "slab_layout.h"

static u32 align_up(u32 x, u32 a)
{
	return (x + a - 1) & ~(a - 1);
}

/* The smallest order whose slab holds @bytes (mm's get_order()). */
static u32 order_of(u64 bytes, u32 page_shift)
{
	return bytes > 1ULL << page_shift ?
	       fls64((bytes - 1) >> page_shift) : 0;
}

static u32 objects_at(u32 order, u32 stride, u32 page_shift)
{
	return (u32)((1ULL << (page_shift + order)) / stride);
}

/* calculate_alignment(): HWCACHE_ALIGN halves a line while 2 objects fit */
static u32 alignment(const struct mmlab_slab_layout_req *req)
{
	u32 align = req->align ? req->align : MMLAB_SLAB_WORD;

	if (req->flags & MMLAB_SLAB_HWCACHE_ALIGN) {
		u32 line = MMLAB_SLAB_CACHE_LINE;

		while (req->object_size <= line / 2)
			line /= 2;
		align = max(align, line);
	}
	return align_up(max(align, MMLAB_SLAB_WORD), MMLAB_SLAB_WORD);
}

/* calc_slab_order(): the first order from @min whose leftover is small */
static u32 slab_order(u32 stride, u32 min, u32 max, u32 fraction,
		      u32 page_shift)
{
	u32 order;

	for (order = min; order <= max; order++) {
		u64 slab = 1ULL << (page_shift + order);

		if (slab % stride <= slab / fraction)
			break;
	}
	return order;
}

/*
 * calculate_order(), with slub_max_order = @max: -1 when one object does
 * not fit in a slab of @limit or lower.
 */
static s32 choose_order(u32 stride, u32 nr_cpus, u32 page_shift, u32 max,
			u32 limit)
{
	u32 min_objects = 4 * (fls64(nr_cpus) + 1);
	u32 max_objects = max(objects_at(max, stride, page_shift), 1U);
	u32 min_order, fraction, order;

	min_objects = min(min_objects, max_objects);
	min_order = order_of((u64)min_objects * stride, page_shift);
	for (fraction = 16; fraction > 1; fraction /= 2) {
		order = slab_order(stride, min_order, max, fraction,
				   page_shift);
		if (order <= max)
			return order;
	}
	order = order_of(stride, page_shift);
	return order <= limit ? (s32)order : -1;
}

/**
 * mmlab_slab_layout - lay out the slabs of a cache
 * @req: object size, alignment, flags, CPUs and frame size
 * @out: the layout, on success (untouched on error)
 *
 * Return: 0; -EINVAL for an object size of 0 or above
 * %MMLAB_SLAB_MAX_SIZE, an alignment that is not a power of two or is
 * above a frame, unknown flags, no CPU, or a frame size outside 4K..64K;
 * -E2BIG when one object does not fit in a slab of the orders allowed.
 */
int mmlab_slab_layout(const struct mmlab_slab_layout_req *req,
		      struct mmlab_slab_layout *out)
{
	struct mmlab_slab_layout t, *l = &t;
	bool red = req->flags & MMLAB_SLAB_RED_ZONE;
	u32 size, limit;
	s32 order;
	bool keep = (req->flags & (MMLAB_SLAB_POISON | MMLAB_SLAB_CTOR)) ||
		    (red && req->object_size < MMLAB_SLAB_WORD);

	if (!req->object_size || req->object_size > MMLAB_SLAB_MAX_SIZE ||
	    (req->align && !is_power_of_2(req->align)) ||
	    req->page_shift < 12 || req->page_shift > 16 ||
	    req->align > 1U << req->page_shift ||
	    (req->flags & ~MMLAB_SLAB_FLAGS) || !req->nr_cpus)
		return -EINVAL;

	memset(l, 0, sizeof(*l));
	l->object_size = req->object_size;
	l->align = alignment(req);
	size = align_up(req->object_size, MMLAB_SLAB_WORD);
	if (red && size == req->object_size)
		size += MMLAB_SLAB_WORD;
	l->inuse = size;
	if (keep) {
		l->free_offset = size;
		size += MMLAB_SLAB_WORD;
	} else {
		l->free_offset = (req->object_size / 2) &
				 ~(MMLAB_SLAB_WORD - 1);
	}
	if (red) {
		size += MMLAB_SLAB_WORD;
		l->red_left = align_up(MMLAB_SLAB_WORD, l->align);
		size += l->red_left;
		l->inuse += l->red_left;
		l->free_offset += l->red_left;
	}
	l->stride = align_up(size, l->align);
	limit = req->orders ? req->orders - 1 : ~0U;
	order = choose_order(l->stride, req->nr_cpus, req->page_shift,
			     min(limit, MMLAB_SLAB_MAX_ORDER), limit);
	if (order < 0)
		return -E2BIG;
	l->order = order;
	l->objects = objects_at(l->order, l->stride, req->page_shift);
	l->waste = (u32)((1ULL << (req->page_shift + l->order)) -
			 (u64)l->objects * l->stride);
	l->colors = l->waste / max(MMLAB_SLAB_CACHE_LINE, l->align) + 1;
	*out = t;
	return 0;
}
