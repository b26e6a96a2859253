// SPDX-License-Identifier: GPL-2.0
/*
 * arena.c - the arena's backing in the module: physically contiguous
 * blocks from the kernel's page allocator.
 *
 * The core (core/arena.c) decides how the arena is cut into chunks and
 * what to do when a chunk cannot be had; this file only gets and returns
 * the pages. Each chunk is one alloc_pages() block of 2^order pages, not
 * compound, so later mechanisms can hand out and map its pages one by one.
 * Its pages are marked PG_reserved while mmlab owns them: no one else may
 * free, migrate or reclaim them, and dumps of the host's memory show them
 * as set aside.
 *
 * Allocations use __GFP_NORETRY | __GFP_NOWARN: when the host cannot spare
 * a block of some order the core falls back to smaller ones instead of
 * having the page allocator invoke the OOM killer on the host's behalf.
 */
#include <linux/mm.h>
#include <linux/gfp.h>
#include <linux/sched.h>
#include <linux/page-flags.h>

#include "mmlab.h"
#include "core/param.h"

static int mmlab_pages_alloc(void *priv, unsigned int order,
			     struct mmlab_chunk *chunk)
{
	struct page *page;
	unsigned long i;

	cond_resched();
	if (mmlab_fault_inject())
		return -ENOMEM;
	page = alloc_pages(GFP_KERNEL | __GFP_NORETRY | __GFP_NOWARN, order);
	if (!page)
		return -ENOMEM;
	for (i = 0; i < (1UL << order); i++)
		SetPageReserved(page + i);
	chunk->pfn = page_to_pfn(page);
	chunk->mem = page_address(page);
	return 0;
}

static void mmlab_pages_free(void *priv, const struct mmlab_chunk *chunk)
{
	struct page *page = pfn_to_page(chunk->pfn);
	unsigned long i;

	for (i = 0; i < (1UL << chunk->order); i++)
		ClearPageReserved(page + i);
	__free_pages(page, chunk->order);
	cond_resched();
}

static const struct mmlab_arena_ops mmlab_page_ops = {
	.chunk_alloc = mmlab_pages_alloc,
	.chunk_free = mmlab_pages_free,
};

/**
 * mmlab_arena_init - take the arena's pages from the kernel
 * @bytes: arena size, already checked against the static bounds
 * @max_order: largest block order, already checked
 *
 * Checks @bytes against the machine's memory, then fills the arena. On
 * failure nothing is held and one line says why.
 *
 * Return: 0, -EINVAL (can never fit), -ENOMEM (cannot be had now).
 */
int mmlab_arena_init(u64 bytes, unsigned int max_order)
{
	u64 ram = (u64)totalram_pages() << PAGE_SHIFT;
	u64 avail = (u64)si_mem_available() << PAGE_SHIFT;
	const char *why;
	int err;

	err = mmlab_check_arena_size(bytes, ram, avail, &why);
	if (err) {
		pr_err("arena_size=%lluK: %s (RAM %llu kB, available %llu kB)\n",
		       bytes >> 10, why, ram >> 10, avail >> 10);
		return err;
	}
	err = mmlab_arena_create(&mmlab.arena, bytes >> PAGE_SHIFT, max_order,
				 &mmlab_page_ops, NULL);
	if (err) {
		pr_err("cannot reserve a %llu kB arena: error %d\n",
		       bytes >> 10, err);
		return err;
	}
	mmlab.backing = MMLAB_BACKING_PAGES;

	if (IS_ENABLED(CONFIG_MMLAB_DEBUG)) {
		u64 bad = mmlab_arena_selftest(&mmlab.arena);
		unsigned int errors = mmlab_arena_validate(&mmlab.arena);

		if (bad || errors) {
			pr_err("arena self-test failed: %llu words lost, %u invariant violations\n",
			       bad, errors);
			mmlab_arena_destroy(&mmlab.arena);
			return -EIO;
		}
		pr_debug("arena self-test passed on %llu frames\n",
			 mmlab.arena.nr_frames);
	}
	return 0;
}

/**
 * mmlab_arena_exit - give the arena's pages back to the kernel
 */
void mmlab_arena_exit(void)
{
	mmlab_arena_destroy(&mmlab.arena);
}
