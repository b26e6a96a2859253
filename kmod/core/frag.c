// SPDX-License-Identifier: GPL-2.0
/*
 * frag.c - fragmentation indices, with mm/vmstat.c's formulas.
 *
 * Each allocator (buddy.c, fit.c) describes its free memory, as seen from
 * a request of 2^order frames, in a struct mmlab_frag_info; the indices
 * below are then computed the way the kernel computes them for
 * /sys/kernel/debug/extfrag/{unusable_index,extfrag_index}, in
 * thousandths (fixed point, no floating point in the kernel):
 *
 *   unusable free index (Mel Gorman's "Fu"): the share of free memory
 *   that cannot serve the request because it sits in blocks too small.
 *
 *	Fu(order) = (free_pages - suitable * 2^order) * 1000 / free_pages
 *	            (1000 when nothing is free)
 *
 *   fragmentation index: when a request of this order would fail, does
 *   it fail for lack of memory (towards 0) or because of fragmentation
 *   (towards 1000)? -1000 when it would not fail; 0 when nothing is free.
 *
 *	Fi(order) = 1000 - (1000 + free_pages * 1000 / 2^order)
 *	                   / free_blocks_total
 *
 * Data structures: none kept. Lock order: none; pure functions.
 */
#include "seam.h"
#include "frag.h"

/**
 * mmlab_unusable_index - unusable free index at @order, in thousandths
 * @order: the request's order
 * @info: free memory as seen from @order
 *
 * Return: 0..1000, as mm/vmstat.c's unusable_free_index().
 */
int mmlab_unusable_index(unsigned int order,
			 const struct mmlab_frag_info *info)
{
	u64 usable = info->free_blocks_suitable << order;

	if (!info->free_pages)
		return 1000;
	if (WARN_ON_ONCE(usable > info->free_pages))
		return 0;
	return (int)((info->free_pages - usable) * 1000 / info->free_pages);
}

/**
 * mmlab_extfrag_index - fragmentation index at @order, in thousandths
 * @order: the request's order
 * @info: free memory as seen from @order
 *
 * Return: -1000 when a block of @order is free, 0 when nothing is free,
 * else 0..1000 as mm/vmstat.c's __fragmentation_index().
 */
int mmlab_extfrag_index(unsigned int order,
			const struct mmlab_frag_info *info)
{
	u64 requested = 1ULL << order;

	if (!info->free_blocks_total)
		return 0;
	if (info->free_blocks_suitable)
		return -1000;
	return 1000 - (int)((1000 + info->free_pages * 1000 / requested) /
			    info->free_blocks_total);
}

/**
 * mmlab_frag_verdict - why a request of @order cannot be served
 * @order: the request's order
 * @info: free memory as seen from @order
 *
 * Return: MMLAB_FRAG_NONE if it can, MMLAB_FRAG_NOMEM when fewer than
 * 2^@order frames are free, MMLAB_FRAG_FRAGMENTED when enough frames are
 * free but no block of @order can be carved from them.
 */
enum mmlab_frag_cause mmlab_frag_verdict(unsigned int order,
					 const struct mmlab_frag_info *info)
{
	if (info->free_blocks_suitable)
		return MMLAB_FRAG_NONE;
	if (info->free_pages < (1ULL << order))
		return MMLAB_FRAG_NOMEM;
	return MMLAB_FRAG_FRAGMENTED;
}
