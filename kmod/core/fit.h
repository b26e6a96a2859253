/* SPDX-License-Identifier: GPL-2.0 */
/*
 * fit.h - the variable-partition allocator: first, next, best, worst and
 * quick fit over a range of allocation units.
 *
 * See fit.c for the data structures, their invariants and the policies.
 */
#ifndef _MMLAB_CORE_FIT_H
#define _MMLAB_CORE_FIT_H

#include "seam.h"
#include "frag.h"

/**
 * enum mmlab_fit_policy - how an allocation picks its hole
 * @MMLAB_FIT_FIRST: the lowest-addressed hole that is big enough
 * @MMLAB_FIT_NEXT: first fit, but the search starts at the hole where the
 *	previous allocation left off (the rover) and wraps around
 * @MMLAB_FIT_BEST: the smallest hole that is big enough, the lowest
 *	addressed among equals; the search stops early on an exact fit
 * @MMLAB_FIT_WORST: the largest hole, the lowest addressed among equals
 * @MMLAB_FIT_QUICK: a hole of exactly the size asked from the size's own
 *	list, for sizes up to %MMLAB_FIT_QUICK_MAX; else first fit among
 *	the larger holes, then the smallest small hole that is big enough
 * @MMLAB_FIT_NR_POLICIES: the number of policies
 */
enum mmlab_fit_policy {
	MMLAB_FIT_FIRST,
	MMLAB_FIT_NEXT,
	MMLAB_FIT_BEST,
	MMLAB_FIT_WORST,
	MMLAB_FIT_QUICK,
	MMLAB_FIT_NR_POLICIES,
};

/* Quick fit keeps one list per size 1..MMLAB_FIT_QUICK_MAX, plus list 0. */
#define MMLAB_FIT_QUICK_MAX	8
#define MMLAB_FIT_NR_LISTS	(MMLAB_FIT_QUICK_MAX + 1)

/* "No unit": the end of a hole list, or no rover. */
#define MMLAB_FIT_NONE		0xffffffffU

/*
 * A unit's tag (struct mmlab_fit_unit): a block's size and three flags,
 * written at the first and the last unit of every block, zero elsewhere.
 */
#define MMLAB_FIT_TAG_SIZE	0x1fffffffU
#define MMLAB_FIT_TAG_TAIL	0x20000000U
#define MMLAB_FIT_TAG_HEAD	0x40000000U
#define MMLAB_FIT_TAG_USED	0x80000000U

/*
 * At most 2^27 units, so that the unit table (12 bytes a unit) stays below
 * the INT_MAX bytes kvmalloc() accepts; a 64 GiB arena has 2^24 frames.
 */
#define MMLAB_FIT_MAX_UNITS	BIT(27)

/* Power-of-two size classes of mmlab_fit_histogram(): [2^k, 2^(k+1)). */
#define MMLAB_FIT_HIST_CLASSES	28

/**
 * struct mmlab_fit_unit - what the allocator knows of one unit
 * @tag: at a block's first and last unit (the same unit for a one-unit
 *	block): the block's size (%MMLAB_FIT_TAG_SIZE bits), whether it is
 *	allocated (%MMLAB_FIT_TAG_USED), and which end this is
 *	(%MMLAB_FIT_TAG_HEAD, %MMLAB_FIT_TAG_TAIL, or both); 0 on every
 *	other unit
 * @next: at a hole's first unit, the next hole on its list, or
 *	%MMLAB_FIT_NONE; at an allocated block's first unit, the word its
 *	owner keeps there (mmlab_fit_set_owner(), %MMLAB_FIT_NONE until
 *	set); meaningless elsewhere
 * @prev: at a hole's first unit, the previous hole on its list, or
 *	%MMLAB_FIT_NONE; meaningless elsewhere
 */
struct mmlab_fit_unit {
	u32 tag;
	u32 next;
	u32 prev;
};

/**
 * struct mmlab_fit_list - a doubly linked list of holes, by first unit
 * @head: the first hole, or %MMLAB_FIT_NONE
 * @tail: the last hole, or %MMLAB_FIT_NONE
 * @count: holes on the list
 */
struct mmlab_fit_list {
	u32 head;
	u32 tail;
	u32 count;
};

/**
 * struct mmlab_fit_events - what the allocator has done since creation or
 *	the last mmlab_fit_reset_stats()
 * @allocs: successful allocations
 * @frees: successful frees
 * @failures: allocations refused for want of a hole (-ENOMEM); bad
 *	arguments (-EINVAL) are not counted
 * @fail_frag: of @failures, those refused although the holes held
 *	enough units in all (external fragmentation); the others lacked
 *	memory
 * @search_steps: holes examined by allocations, failed ones included
 * @insert_steps: blocks stepped over by frees to find a new hole's place
 *	in the address-ordered list (first, next, best and worst fit)
 * @splits: allocations that cut a hole in two
 * @coalesces: merges of a freed block with a neighbouring hole (a free
 *	between two holes counts two)
 */
struct mmlab_fit_events {
	u64 allocs;
	u64 frees;
	u64 failures;
	u64 fail_frag;
	u64 search_steps;
	u64 insert_steps;
	u64 splits;
	u64 coalesces;
};

/**
 * struct mmlab_fit - a variable-partition allocator over units
 *	0..@nr_units-1
 * @nr_units: units managed
 * @policy: the fit policy in force
 * @free_units: units in holes
 * @nr_holes: holes (free blocks)
 * @nr_used: allocated blocks
 * @rover: next fit: the hole the next search starts at, or
 *	%MMLAB_FIT_NONE to start at the lowest hole; %MMLAB_FIT_NONE under
 *	the other policies
 * @lists: hole lists: list 0 holds every hole, in address order, under
 *	first, next, best and worst fit; under quick fit, list k
 *	(1 <= k <= %MMLAB_FIT_QUICK_MAX) holds the holes of exactly k units
 *	and list 0 the larger ones, each most recently changed first
 * @ev: event counters
 * @units: @nr_units entries: boundary tags and hole links
 */
struct mmlab_fit {
	u32 nr_units;
	enum mmlab_fit_policy policy;
	u32 free_units;
	u32 nr_holes;
	u32 nr_used;
	u32 rover;
	struct mmlab_fit_list lists[MMLAB_FIT_NR_LISTS];
	struct mmlab_fit_events ev;
	struct mmlab_fit_unit *units;
};

/**
 * struct mmlab_fit_stats - a snapshot of an allocator's numbers
 * @ev: event counters
 * @nr_units: units managed
 * @free_units: units in holes
 * @used_blocks: allocated blocks
 * @holes: holes
 * @largest_hole: units in the largest hole (0 when full)
 */
struct mmlab_fit_stats {
	struct mmlab_fit_events ev;
	u64 nr_units;
	u64 free_units;
	u64 used_blocks;
	u64 holes;
	u64 largest_hole;
};

/**
 * struct mmlab_fit_hist - holes by power-of-two size class
 * @holes: @holes[k] holes have a size in [2^k, 2^(k+1))
 * @units: the units in those holes
 */
struct mmlab_fit_hist {
	u64 holes[MMLAB_FIT_HIST_CLASSES];
	u64 units[MMLAB_FIT_HIST_CLASSES];
};

const char *mmlab_fit_policy_name(enum mmlab_fit_policy policy);
int mmlab_fit_create(struct mmlab_fit *fit, u64 nr_units,
		     enum mmlab_fit_policy policy);
void mmlab_fit_destroy(struct mmlab_fit *fit);
int mmlab_fit_set_policy(struct mmlab_fit *fit, enum mmlab_fit_policy policy);
int mmlab_fit_alloc(struct mmlab_fit *fit, u64 nr_units, u64 *start);
int mmlab_fit_free(struct mmlab_fit *fit, u64 start);
int mmlab_fit_set_owner(struct mmlab_fit *fit, u64 start, u32 owner);
u32 mmlab_fit_owner(const struct mmlab_fit *fit, u64 start);
u64 mmlab_fit_size_of(const struct mmlab_fit *fit, u64 start);
u64 mmlab_fit_next_block(const struct mmlab_fit *fit, u64 unit, u64 *size,
			 bool *used);
void mmlab_fit_get_stats(const struct mmlab_fit *fit,
			 struct mmlab_fit_stats *st);
void mmlab_fit_reset_stats(struct mmlab_fit *fit);
void mmlab_fit_histogram(const struct mmlab_fit *fit,
			 struct mmlab_fit_hist *h);
void mmlab_fit_frag_info(const struct mmlab_fit *fit, unsigned int order,
			 struct mmlab_frag_info *info);
unsigned int mmlab_fit_validate(const struct mmlab_fit *fit);

#endif /* _MMLAB_CORE_FIT_H */
