/* SPDX-License-Identifier: GPL-2.0 */
/*
 * map_backing.h - the benchmarks' arena backing: one mapping cut into
 * chunks in order, from its start (bench.c, slab_bench.c).
 *
 * The mapping is the caller's (mmap(MAP_NORESERVE), unmapped whole at the
 * end); the backing hands out consecutive pieces of it as chunks, with
 * made-up physical frame numbers aligned like their offsets, and counts
 * the frames mmlab_arena_destroy() gives back, so that a benchmark can
 * check that the arena returned everything.
 */
#ifndef _MMLAB_BENCH_MAP_BACKING_H
#define _MMLAB_BENCH_MAP_BACKING_H

/**
 * struct map_backing - a mapping handed out as chunks
 * @mem: the mapping
 * @len: its bytes
 * @next: bytes of it handed out
 * @returned: frames given back by mmlab_arena_destroy()
 */
struct map_backing {
	u8 *mem;
	size_t len;
	u64 next;
	u64 returned;
};

static int map_chunk_alloc(void *priv, unsigned int order,
			   struct mmlab_chunk *chunk)
{
	struct map_backing *mb = priv;
	size_t bytes = (size_t)1 << (order + MMLAB_PAGE_SHIFT);

	if (mb->next + bytes > mb->len)
		return -ENOMEM;
	chunk->mem = mb->mem + mb->next;
	/* a made-up physical frame number, aligned like the offset */
	chunk->pfn = (1ULL << 32) + (mb->next >> MMLAB_PAGE_SHIFT);
	mb->next += bytes;
	return 0;
}

/* The mapping is unmapped whole at the end; count what comes back. */
static void map_chunk_free(void *priv, const struct mmlab_chunk *chunk)
{
	struct map_backing *mb = priv;

	mb->returned += 1ULL << chunk->order;
}

static const struct mmlab_arena_ops map_ops = {
	.chunk_alloc = map_chunk_alloc,
	.chunk_free = map_chunk_free,
};

#endif /* _MMLAB_BENCH_MAP_BACKING_H */
