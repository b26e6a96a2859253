/* SPDX-License-Identifier: GPL-2.0 */
/*
 * arena.h - the arena: the frames mmlab owns, and where they live.
 *
 * See arena.c for the data structures' invariants.
 */
#ifndef _MMLAB_CORE_ARENA_H
#define _MMLAB_CORE_ARENA_H

#include "seam.h"

/* Limits of the arena's size, in bytes (checked by param.c). */
#define MMLAB_ARENA_MIN_SHIFT	16		/* 64 KiB: 16 frames */
#define MMLAB_ARENA_MAX_SHIFT	36		/* 64 GiB */

/**
 * struct mmlab_chunk - a physically contiguous, naturally aligned run of
 *	frames that backs part of the arena
 * @pfn: physical frame number of the first frame (userspace: a fake one)
 * @first: arena frame index of the first frame
 * @order: the chunk holds 2^@order frames
 * @mem: the chunk's memory, mapped and writable
 */
struct mmlab_chunk {
	u64 pfn;
	u64 first;
	unsigned int order;
	void *mem;
};

/**
 * struct mmlab_arena_ops - how the arena gets and returns its backing
 * @chunk_alloc: get 2^@order physically contiguous frames; fill @chunk's
 *	@pfn and @mem. Return 0, -ENOMEM when none can be had at this order
 *	(the arena then tries smaller orders), or another error to give up.
 * @chunk_free: give back a chunk that @chunk_alloc returned.
 */
struct mmlab_arena_ops {
	int (*chunk_alloc)(void *priv, unsigned int order,
			   struct mmlab_chunk *chunk);
	void (*chunk_free)(void *priv, const struct mmlab_chunk *chunk);
};

/**
 * struct mmlab_arena - the frames mmlab owns
 * @ops: backing operations
 * @priv: their argument
 * @nr_frames: frames in the arena
 * @nr_free: frames not handed out
 * @max_order: largest block order allocators may build on the arena
 * @nr_chunks: entries used in @chunks
 * @chunk_cap: entries allocated in @chunks
 * @chunk_order_min: smallest chunk order (0 if no chunk)
 * @chunk_order_max: largest chunk order (0 if no chunk)
 * @chunks: the backing, sorted by @first
 * @scratch: @nr_chunks entries for mmlab_arena_validate() to sort, so that
 *	checking never needs memory (callers serialize validation); @by_mem
 *	follows them in the same allocation
 * @by_mem: a copy of @chunks sorted by address, for
 *	mmlab_arena_mem_frame(); NULL in an arena made by hand
 */
struct mmlab_arena {
	const struct mmlab_arena_ops *ops;
	void *priv;
	u64 nr_frames;
	u64 nr_free;
	unsigned int max_order;
	unsigned int nr_chunks;
	unsigned int chunk_cap;
	unsigned int chunk_order_min;
	unsigned int chunk_order_max;
	struct mmlab_chunk *chunks;
	struct mmlab_chunk *scratch;
	struct mmlab_chunk *by_mem;
};

/**
 * struct mmlab_range - a fixed run of physical frames, cut into naturally
 *	aligned blocks for a backing that owns a range rather than asking an
 *	allocator (memmap=)
 * @base: first pfn of the range
 * @max_order: largest block order
 * @head: frames from @base up to @run, one block per set bit, in
 *	ascending order of size (each block is aligned to its size)
 * @run: first pfn of the run of blocks of order @max_order
 * @nr_run: blocks in that run
 * @tail: frames after the run, one block per set bit, in descending
 *	order of size
 * @head_taken: blocks of @head handed out, one bit per order
 * @tail_taken: blocks of @tail handed out, one bit per order
 * @run_taken: blocks of the run handed out, from its start
 *
 * See mmlab_range_init() for how the range is cut.
 */
struct mmlab_range {
	u64 base;
	unsigned int max_order;
	u64 head;
	u64 run;
	u64 nr_run;
	u64 tail;
	u64 head_taken;
	u64 tail_taken;
	u64 run_taken;
};

unsigned int mmlab_arena_next_order(u64 remaining, unsigned int limit);
int mmlab_arena_create(struct mmlab_arena *a, u64 nr_frames,
		       unsigned int max_order,
		       const struct mmlab_arena_ops *ops, void *priv);
void mmlab_arena_destroy(struct mmlab_arena *a);
const struct mmlab_chunk *mmlab_arena_chunk_of(const struct mmlab_arena *a,
					       u64 frame);
void *mmlab_arena_frame_mem(const struct mmlab_arena *a, u64 frame);
int mmlab_arena_mem_frame(const struct mmlab_arena *a, const void *mem,
			  u64 *frame);
unsigned int mmlab_arena_validate(const struct mmlab_arena *a);
u64 mmlab_arena_selftest(const struct mmlab_arena *a);

int mmlab_range_init(struct mmlab_range *r, u64 pfn, u64 nr_frames,
		     unsigned int max_order);
int mmlab_range_take(struct mmlab_range *r, unsigned int order, u64 *pfn);
int mmlab_range_put(struct mmlab_range *r, unsigned int order, u64 pfn);
bool mmlab_range_idle(const struct mmlab_range *r);

#endif /* _MMLAB_CORE_ARENA_H */
