// SPDX-License-Identifier: GPL-2.0
/*
 * backing.c - the arena's test backing. See backing.h.
 */
#include <stdint.h>
#include <stdlib.h>

#include <sanitizer/asan_interface.h>

#include "seam.h"
#include "arena.h"
#include "backing.h"
#include "test.h"

/*
 * Chunks given back are kept for reuse rather than freed: thousands of
 * arenas are built per run, and a fresh large aligned_alloc() costs an
 * mmap(), its munmap() and their TLB flushes, which made the run ten times
 * slower. A cached buffer is poisoned for AddressSanitizer, so a use after
 * chunk_free() is still caught (until the buffer is handed out again).
 * At most TB_CACHE_BYTES per order are kept; the cache stays reachable, so
 * LeakSanitizer does not count it.
 */
#define TB_CACHE_BYTES	(64UL << 20)
#define TB_CACHE_MAX	1024
#define TB_MAX_ORDER	20

static struct {
	void *bufs[TB_CACHE_MAX];
	unsigned int nr;
} tb_cache[TB_MAX_ORDER + 1];

static unsigned int tb_cache_cap(unsigned int order)
{
	unsigned long n = TB_CACHE_BYTES >> (order + MMLAB_PAGE_SHIFT);

	return (unsigned int)min_t(unsigned long, n, TB_CACHE_MAX);
}

static void *tb_mem_get(unsigned int order)
{
	size_t bytes = (size_t)1 << (order + MMLAB_PAGE_SHIFT);
	void *p;

	if (tb_cache[order].nr) {
		p = tb_cache[order].bufs[--tb_cache[order].nr];
		ASAN_UNPOISON_MEMORY_REGION(p, bytes);
		return p;
	}
	return aligned_alloc(bytes, bytes);
}

static void tb_mem_put(void *p, unsigned int order)
{
	size_t bytes = (size_t)1 << (order + MMLAB_PAGE_SHIFT);

	if (tb_cache[order].nr < tb_cache_cap(order)) {
		ASAN_POISON_MEMORY_REGION(p, bytes);
		tb_cache[order].bufs[tb_cache[order].nr++] = p;
		return;
	}
	free(p);
}

int tb_verdict(const struct tb *tb, unsigned long call, unsigned int order,
	       u64 frames_live)
{
	if (tb->eio_nth == call)
		return -EIO;
	if (tb->fail_nth == call)
		return -ENOMEM;
	if (call >= 1 && call <= 64 && (tb->fail_mask >> (call - 1)) & 1)
		return -ENOMEM;
	if ((long)order > (long)tb->fail_above)
		return -ENOMEM;
	if (frames_live + (1ULL << order) > tb->budget ||
	    frames_live + (1ULL << order) < frames_live)
		return -ENOMEM;
	return 0;
}

static int tb_chunk_alloc(void *priv, unsigned int order,
			  struct mmlab_chunk *chunk)
{
	struct tb *tb = priv;
	struct tb_chunk *e;
	size_t bytes;
	int err;

	tb->calls++;
	err = tb_verdict(tb, tb->calls, order, tb->frames_live);
	if (err) {
		tb->refused++;
		return err;
	}
	if (order > TB_MAX_ORDER)	/* 4 GiB: no test needs that much */
		t_fail(__FILE__, __LINE__, "chunk of order %u asked for",
		       order);
	if (tb->nr_log == tb->log_cap) {
		unsigned int cap = tb->log_cap ? tb->log_cap * 2 : 64;
		struct tb_chunk *n = realloc(tb->log, cap * sizeof(*n));

		if (!n)
			t_fail(__FILE__, __LINE__, "out of memory");
		tb->log = n;
		tb->log_cap = cap;
	}
	e = &tb->log[tb->nr_log];
	memset(e, 0, sizeof(*e));
	e->order = order;
	bytes = (size_t)1 << (order + MMLAB_PAGE_SHIFT);
	if (tb->alias_nth == tb->calls && tb->nr_log &&
	    tb->log[0].order >= order) {
		e->mem = tb->log[0].mem;
		e->pfn = tb->log[0].pfn;
		e->alias = true;
	} else {
		e->mem = tb_mem_get(order);
		if (!e->mem)
			t_fail(__FILE__, __LINE__, "aligned_alloc(%zu) failed",
			       bytes);
		if (tb->spread_pfn)
			e->pfn = (u64)(tb->nr_log + 1) << 32;
		else
			e->pfn = (uintptr_t)e->mem >> MMLAB_PAGE_SHIFT;
	}
	tb->nr_log++;
	tb->allocs++;
	tb->frames_live += 1ULL << order;
	chunk->mem = e->mem;
	chunk->pfn = e->pfn;
	return 0;
}

static void tb_chunk_free(void *priv, const struct mmlab_chunk *chunk)
{
	struct tb *tb = priv;
	unsigned int i;

	/* The latest matching chunk still out: arenas free in LIFO order. */
	for (i = tb->nr_log; i-- > 0;) {
		struct tb_chunk *e = &tb->log[i];

		if (e->frees || e->mem != chunk->mem ||
		    e->pfn != chunk->pfn || e->order != chunk->order)
			continue;
		e->frees++;
		e->freed_seq = ++tb->frees;
		tb->frames_live -= 1ULL << e->order;
		if (!e->alias)
			tb_mem_put(e->mem, e->order);
		return;
	}
	tb->bad_frees++;
}

const struct mmlab_arena_ops tb_ops = {
	.chunk_alloc = tb_chunk_alloc,
	.chunk_free = tb_chunk_free,
};

unsigned int tb_live(const struct tb *tb)
{
	unsigned int i, live = 0;

	for (i = 0; i < tb->nr_log; i++)
		if (!tb->log[i].frees)
			live++;
	return live;
}

bool tb_balanced(const struct tb *tb)
{
	unsigned int i;

	if (tb->bad_frees || tb->frames_live)
		return false;
	for (i = 0; i < tb->nr_log; i++)
		if (tb->log[i].frees != 1)
			return false;
	return true;
}

void tb_reset(struct tb *tb)
{
	if (tb_live(tb))
		t_fail(__FILE__, __LINE__, "%s() with %u chunk(s) out",
		       __func__, tb_live(tb));
	tb->nr_log = 0;
	tb->calls = 0;
	tb->refused = 0;
	tb->allocs = 0;
	tb->frees = 0;
	tb->bad_frees = 0;
}

static void tb_cleanup(void *arg)
{
	struct tb *tb = arg;
	unsigned int i, leaked = 0;

	for (i = 0; i < tb->nr_arenas; i++) {
		mmlab_arena_destroy(tb->arenas[i]);
		free(tb->arenas[i]);
	}
	for (i = 0; i < tb->nr_log; i++) {
		struct tb_chunk *e = &tb->log[i];

		if (e->frees)
			continue;
		leaked++;
		e->frees++;
		if (!e->alias)
			tb_mem_put(e->mem, e->order);
	}
	if (leaked)
		t_fail_soft("%u chunk(s) never given back to the backing",
			    leaked);
	if (tb->bad_frees)
		t_fail_soft("%lu chunk_free() call(s) for a chunk not out",
			    tb->bad_frees);
	free(tb->log);
	free(tb);
}

struct tb *tb_new(void)
{
	struct tb *tb = calloc(1, sizeof(*tb));

	if (!tb)
		t_fail(__FILE__, __LINE__, "out of memory");
	tb->fail_above = 64;
	tb->budget = ~0ULL;
	t_defer(tb_cleanup, tb);
	return tb;
}

struct mmlab_arena *tb_arena(struct tb *tb)
{
	struct mmlab_arena *a;

	if (tb->nr_arenas == TB_MAX_ARENAS)
		t_fail(__FILE__, __LINE__, "more than %d arenas",
		       TB_MAX_ARENAS);
	a = calloc(1, sizeof(*a));
	if (!a)
		t_fail(__FILE__, __LINE__, "out of memory");
	tb->arenas[tb->nr_arenas++] = a;
	return a;
}
