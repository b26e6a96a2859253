/* SPDX-License-Identifier: GPL-2.0 */
/*
 * backing.h - a test backing for the arena: struct mmlab_arena_ops on
 * aligned_alloc(), with knobs to make it fail and counters to prove that
 * the arena gave back exactly what it took.
 *
 * A chunk of order k is aligned_alloc(2^k frames, aligned to its own
 * size), so pfn = address >> MMLAB_PAGE_SHIFT is aligned to the order as
 * alloc_pages() would give it. With @spread_pfn the pfns are made up
 * instead, far apart (chunk i gets (i + 1) << 32): tests that corrupt a
 * pfn on purpose then know no other check trips by accident.
 *
 * Knobs, decided per chunk_alloc() call by tb_verdict():
 *
 *	eio_nth      call N fails with -EIO (the arena must give up)
 *	fail_nth     call N fails with -ENOMEM (one refused order)
 *	fail_mask    calls 1..64 whose bit (N - 1) is set fail with -ENOMEM
 *	fail_above   every order above K fails with -ENOMEM (fragmented host);
 *	             -1: every order fails
 *	budget       the frames it can hand out in all; beyond, -ENOMEM
 *	alias_nth    call N returns the memory (and pfn) of the first chunk:
 *	             a broken backing that the self-test must catch
 *
 * Every chunk handed out is logged; chunk_free() finds it in the log, so a
 * chunk freed twice, or one never handed out, is counted in @bad_frees
 * instead of reaching free(). When the case ends, the backing's cleanup
 * (registered by tb_new()) destroys the arenas made with tb_arena(), frees
 * what was never given back and fails the case if anything was.
 */
#ifndef _MMLAB_TEST_BACKING_H
#define _MMLAB_TEST_BACKING_H

#include "seam.h"
#include "arena.h"

#define TB_MAX_ARENAS	8

struct tb_chunk {
	void *mem;
	u64 pfn;
	unsigned int order;
	bool alias;
	unsigned int frees;
	unsigned long freed_seq;
};

struct tb {
	/* knobs */
	unsigned long eio_nth;
	unsigned long fail_nth;
	u64 fail_mask;
	int fail_above;
	u64 budget;
	unsigned long alias_nth;
	bool spread_pfn;

	/* counters */
	unsigned long calls;
	unsigned long refused;
	unsigned long allocs;
	unsigned long frees;
	unsigned long bad_frees;
	u64 frames_live;

	/* every chunk handed out, in order */
	struct tb_chunk *log;
	unsigned int nr_log;
	unsigned int log_cap;

	struct mmlab_arena *arenas[TB_MAX_ARENAS];
	unsigned int nr_arenas;
};

extern const struct mmlab_arena_ops tb_ops;

/* A backing with every knob off, cleaned up when the case ends. */
struct tb *tb_new(void);

/* A zeroed arena, destroyed (if still built) when the case ends. */
struct mmlab_arena *tb_arena(struct tb *tb);

/*
 * What chunk_alloc() call number @call asking for @order gets when
 * @frames_live frames are out: 0, -ENOMEM or -EIO. The reference models
 * use it to replay the backing's decisions.
 */
int tb_verdict(const struct tb *tb, unsigned long call, unsigned int order,
	       u64 frames_live);

/* Chunks handed out and not given back. */
unsigned int tb_live(const struct tb *tb);

/* Every chunk handed out was given back exactly once. */
bool tb_balanced(const struct tb *tb);

/* Forget the log and the counters (nothing may be live). */
void tb_reset(struct tb *tb);

#endif /* _MMLAB_TEST_BACKING_H */
