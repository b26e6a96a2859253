/* SPDX-License-Identifier: GPL-2.0 */
/*
 * frag.h - fragmentation indices, as mm/vmstat.c computes them.
 *
 * See frag.c for the formulas.
 */
#ifndef _MMLAB_CORE_FRAG_H
#define _MMLAB_CORE_FRAG_H

#include "seam.h"

/**
 * struct mmlab_frag_info - the free memory, seen from one request order
 *	(mm/vmstat.c's struct contig_page_info)
 * @free_pages: free frames in all
 * @free_blocks_total: free blocks (holes), whatever their size
 * @free_blocks_suitable: how many blocks of the request's order could be
 *	carved out of the free blocks without merging any
 */
struct mmlab_frag_info {
	u64 free_pages;
	u64 free_blocks_total;
	u64 free_blocks_suitable;
};

/* Verdict on a refused request (mmlab_frag_verdict()). */
enum mmlab_frag_cause {
	MMLAB_FRAG_NONE,	/* a suitable block exists: not refused */
	MMLAB_FRAG_NOMEM,	/* fewer free frames than asked for */
	MMLAB_FRAG_FRAGMENTED,	/* enough frames, but no block big enough */
};

int mmlab_unusable_index(unsigned int order,
			 const struct mmlab_frag_info *info);
int mmlab_extfrag_index(unsigned int order,
			const struct mmlab_frag_info *info);
enum mmlab_frag_cause mmlab_frag_verdict(unsigned int order,
					 const struct mmlab_frag_info *info);

#endif /* _MMLAB_CORE_FRAG_H */
