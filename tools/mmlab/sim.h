/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The replay of an alloc/free trace against the module's own allocator
 * code, built in userspace: the buddy allocator (kmod/core/buddy.c) and
 * the variable-partition allocator under each fit policy
 * (kmod/core/fit.c), for `mmlab frag compare`.
 *
 * sim.c is its own translation unit: it includes the userspace seam
 * (tools/testing/shim/seam.h) and the core's .c files. This header uses
 * plain C types only, so that the tool's other files never see the seam.
 *
 * Frames are pages of SIM_PAGE_SIZE bytes. The buddy serves a request of
 * SIZE bytes with the smallest block of 2^order frames that holds it;
 * the fit allocator with ceil(SIZE / page) frames, one unit a frame.
 * The buddy runs without per-CPU lists, every block movable, so that the
 * free lists show every free frame.
 */
#ifndef _MMLAB_SIM_H
#define _MMLAB_SIM_H

#include <stdbool.h>
#include <stddef.h>

#include "map.h"

#define SIM_PAGE_SIZE		4096ULL
#define SIM_MAX_ORDER		20	/* the buddy's MMLAB_BUDDY_ORDER_MAX */
#define SIM_MAX_FRAMES		(1ULL << 27)	/* the fit's unit limit */

/* the allocators a trace is replayed against, in the order printed */
enum sim_alloc {
	SIM_BUDDY,
	SIM_FIRST,
	SIM_NEXT,
	SIM_BEST,
	SIM_WORST,
	SIM_QUICK,
	SIM_NR_ALLOCS,
};

/* one event: allocate @size bytes as @id, or free @id */
struct sim_event {
	bool alloc;
	unsigned int id;
	unsigned long long size;
};

/* a trace: events over ids 0..nr_ids-1, checked for consistency */
struct sim_trace {
	unsigned long long frames;
	unsigned int max_order;
	unsigned int nr_ids;
	size_t nr_events;
	struct sim_event *events;
};

/* numbers taken every so many events (the fragmentation over time) */
struct sim_sample {
	unsigned long long event;	/* events replayed */
	unsigned long long failures;	/* so far */
	unsigned long long free;	/* frames */
	unsigned long long largest;	/* frames in the largest free block */
	unsigned long long holes;	/* free blocks */
};

/*
 * What an allocator looks like after the replay. @largest and @free are
 * frames; @internal_frag bytes granted but not asked for; @orders the
 * free blocks by order and the indices of kmod/core/frag.c (for the fit
 * allocator, a hole of n units holds n >> order blocks of an order: it
 * needs no alignment); @runs the arena, block by block, for the map.
 */
struct sim_result {
	const char *name;
	unsigned long long allocs;	/* served */
	unsigned long long failures;	/* refused */
	unsigned long long frees;
	unsigned long long skipped;	/* frees of refused allocations */
	unsigned long long free;
	unsigned long long holes;
	unsigned long long largest;
	unsigned long long internal_frag;
	bool has_steps;			/* the fits: */
	unsigned long long search_steps;	/* holes examined */
	unsigned long long insert_steps;	/* blocks walked by frees */
	unsigned int nr_orders;
	struct map_order orders[MAP_ORDERS];
	struct map_run *runs;
	size_t nr_runs;
	struct sim_sample *samples;
	size_t nr_samples;
};

const char *sim_alloc_name(enum sim_alloc a);

/*
 * Replay @t against @a, sampling every @every events (0: never) and after
 * the last one. 0, -ENOMEM, or -EINVAL for an arena the allocator cannot
 * have (@err says why), or -EIO if its invariant checker found
 * violations after the replay (a bug in the core).
 */
int sim_run(const struct sim_trace *t, enum sim_alloc a,
	    unsigned long long every, struct sim_result *r, char *err,
	    size_t err_len);
void sim_result_free(struct sim_result *r);

#endif /* _MMLAB_SIM_H */
