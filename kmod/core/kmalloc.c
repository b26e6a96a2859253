// SPDX-License-Identifier: GPL-2.0
/*
 * kmalloc.c - kmalloc() and kfree() on mmlab's slab caches: the size
 * classes of mm/slab_common.c, and the large path straight to the buddy.
 *
 * Data structures
 *
 *   cls[13]   caches "kmalloc-8" .. "kmalloc-8k": 8, 16, 32, 64, 96, 128,
 *             192, 256, 512, 1k, 2k, 4k, 8k bytes; a request of n bytes
 *             goes to the smallest class of at least n (size_index[] for
 *             n <= 192, fls(n - 1) above, as kmalloc_index())
 *   large     a request above 8k takes a block of get_order(n) frames;
 *             a struct mmlab_slab with no cache describes it (@inuse:
 *             bytes asked for, @color: the order), and the allocator's
 *             frame table names it, so kfree() finds it as it finds a
 *             slab
 *
 * Bytes asked for are recorded per object (struct mmlab_slab.requested
 * of the class caches, @inuse of a large block), so the internal
 * fragmentation of each class, granted minus asked, is exact.
 *
 * Invariants: every class cache exists while @k does (but those too big
 * for a small arena's blocks, NULL) and is a kmalloc cache (records bytes
 * asked for); a large block's descriptor has no
 * cache and its block holds between 8k + 1 bytes and the block's size.
 *
 * Lock order: as slab.c; the large path takes no cache lock, pins only
 * to count.
 */
#include "seam.h"
#include "kmalloc.h"

const u32 mmlab_kmalloc_sizes[MMLAB_KMALLOC_CLASSES] = {
	8, 16, 32, 64, 96, 128, 192, 256, 512, 1024, 2048, 4096, 8192,
};

static const char *const class_names[MMLAB_KMALLOC_CLASSES] = {
	"kmalloc-8", "kmalloc-16", "kmalloc-32", "kmalloc-64", "kmalloc-96",
	"kmalloc-128", "kmalloc-192", "kmalloc-256", "kmalloc-512",
	"kmalloc-1k", "kmalloc-2k", "kmalloc-4k", "kmalloc-8k",
};

/* mm/slab_common.c's size_index[], for (size - 1) / 8, size <= 192. */
static const u8 size_index[24] = {
	0, 1, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5,
	6, 6, 6, 6, 6, 6, 6, 6,
};

/**
 * mmlab_kmalloc_class - the class of a request
 * @size: bytes asked for
 *
 * Return: the class's index; %MMLAB_KMALLOC_CLASSES for a request above
 * %MMLAB_KMALLOC_MAX_CACHE (the large path); -EINVAL for 0 bytes;
 * -E2BIG above %MMLAB_KMALLOC_MAX.
 */
int mmlab_kmalloc_class(u64 size)
{
	if (!size)
		return -EINVAL;
	if (size > MMLAB_KMALLOC_MAX)
		return -E2BIG;
	if (size <= 192)
		return size_index[(size - 1) / 8];
	if (size <= MMLAB_KMALLOC_MAX_CACHE)
		return fls64(size - 1) - 1;
	return MMLAB_KMALLOC_CLASSES;
}

/**
 * mmlab_kmalloc_init - create the class caches
 * @k: the front end
 * @r: the slab allocator to create them in
 *
 * A class whose objects do not fit in the arena's largest block (a small
 * arena) is left out: its cls[] entry is NULL and its requests fail.
 *
 * Return: 0, or the error of mmlab_slab_cache_create() (nothing is left
 * behind).
 */
int mmlab_kmalloc_init(struct mmlab_kmalloc *k, struct mmlab_slabs *r)
{
	unsigned int i;
	int err = 0;

	memset(k, 0, sizeof(*k));
	k->r = r;
	k->large = mmlab_kvcalloc(r->nr_cpus, sizeof(*k->large));
	if (!k->large)
		return -ENOMEM;
	for (i = 0; !err && i < MMLAB_KMALLOC_CLASSES; i++) {
		struct mmlab_slab_cache_req req = {
			.name = class_names[i],
			.size = mmlab_kmalloc_sizes[i],
			.kmalloc = true,
		};

		err = mmlab_slab_cache_create(r, &req, &k->cls[i]);
		/* a small arena has no room for the largest classes */
		if (err == -E2BIG) {
			k->cls[i] = NULL;
			err = 0;
		}
	}
	if (err)
		mmlab_kmalloc_destroy(k);
	return err;
}

/**
 * mmlab_kmalloc_destroy - destroy the class caches
 * @k: the front end; nothing may be allocated from it any more
 *
 * Large blocks still allocated are given back. A class with objects in
 * use stays in the slab allocator (whose own destruction gives its slabs
 * back).
 */
void mmlab_kmalloc_destroy(struct mmlab_kmalloc *k)
{
	struct mmlab_slabs *r = k->r;
	struct mmlab_slab *s;
	unsigned int i;
	u64 f;

	/* large blocks left behind go back (their users are gone) */
	for (f = 0; k->large && f < r->arena->nr_frames; f++) {
		s = r->frame_slab[f];
		if (s && !s->cache &&
		    mmlab_slabs_slab_of(r, s->mem) == s &&
		    mmlab_arena_frame_mem(r->arena, f) == s->mem)
			mmlab_kfree(k, s->mem);
	}
	for (i = 0; i < MMLAB_KMALLOC_CLASSES; i++)
		if (k->cls[i] && !mmlab_slab_cache_destroy(k->cls[i]))
			k->cls[i] = NULL;
	mmlab_kvfree(k->large);
	k->large = NULL;
}

/**
 * mmlab_kmalloc_is_class - is @c one of the class caches?
 * @k: the front end
 * @c: a cache
 *
 * Return: true for a class cache.
 */
bool mmlab_kmalloc_is_class(const struct mmlab_kmalloc *k,
			    const struct mmlab_slab_cache *c)
{
	int i = mmlab_kmalloc_class(c->l.object_size);

	return i >= 0 && i < MMLAB_KMALLOC_CLASSES && k->cls[i] == c;
}

static void count_large(struct mmlab_kmalloc *k, const struct mmlab_slab *s,
			bool alloc)
{
	unsigned int cpu = mmlab_cpu_pin();
	struct mmlab_kmalloc_large *l = &k->large[cpu];
	s64 bytes = 1LL << (MMLAB_PAGE_SHIFT + s->color);

	if (alloc) {
		l->allocs++;
		l->bytes += bytes;
		l->requested += s->inuse;
	} else {
		l->frees++;
		l->bytes -= bytes;
		l->requested -= s->inuse;
	}
	mmlab_cpu_unpin();
}

static void *large_alloc(struct mmlab_kmalloc *k, u64 size)
{
	struct mmlab_slabs *r = k->r;
	unsigned int order = fls64((size - 1) >> MMLAB_PAGE_SHIFT);
	struct mmlab_slab *s;
	u8 *mem;

	if (order > min(r->arena->max_order, r->arena->chunk_order_max))
		return NULL;
	s = mmlab_kvcalloc(1, sizeof(*s));
	if (!s)
		return NULL;
	mem = r->ops->page_alloc(r->priv, order, 0);
	if (!mem || mmlab_slabs_set_frames(r, mem, order, s)) {
		if (mem)
			r->ops->page_free(r->priv, mem);
		mmlab_kvfree(s);
		return NULL;
	}
	s->mem = mem;
	s->base = mem;
	s->inuse = (u32)size;
	s->color = order;
	count_large(k, s, true);
	return mem;
}

/**
 * mmlab_kmalloc - allocate @size bytes
 * @k: the front end
 * @size: bytes, 1..%MMLAB_KMALLOC_MAX
 *
 * Return: the memory, or NULL (a bad size, or no memory).
 */
void *mmlab_kmalloc(struct mmlab_kmalloc *k, u64 size)
{
	int i = mmlab_kmalloc_class(size);

	if (i < 0)
		return NULL;
	if (i == MMLAB_KMALLOC_CLASSES)
		return large_alloc(k, size);
	if (!k->cls[i])
		return NULL;
	return mmlab_slab_alloc_bytes(k->cls[i], (u32)size);
}

/**
 * mmlab_kfree - free memory of mmlab_kmalloc()
 * @k: the front end
 * @p: the memory, or NULL (nothing to do)
 *
 * Return: 0, or -EINVAL when @p is no object of a class cache nor the
 * start of a large block (nothing changes), or the error of
 * mmlab_slab_free().
 */
int mmlab_kfree(struct mmlab_kmalloc *k, void *p)
{
	struct mmlab_slabs *r = k->r;
	struct mmlab_slab *s;

	if (!p)
		return 0;
	s = mmlab_slabs_slab_of(r, p);
	if (!s)
		return -EINVAL;
	if (s->cache) {
		if (!mmlab_kmalloc_is_class(k, s->cache) ||
		    mmlab_slab_index(s, p) == ~0ULL)
			return -EINVAL;
		return mmlab_slab_free(s->cache, p);
	}
	if (p != s->mem)
		return -EINVAL;
	count_large(k, s, false);
	mmlab_slabs_set_frames(r, s->mem, s->color, NULL);
	r->ops->page_free(r->priv, s->mem);
	mmlab_kvfree(s);
	return 0;
}

/**
 * mmlab_ksize - the bytes usable at @p
 * @k: the front end
 * @p: memory of mmlab_kmalloc()
 *
 * Return: the class's object size, or the large block's size; 0 when @p
 * is not such memory.
 */
u64 mmlab_ksize(const struct mmlab_kmalloc *k, const void *p)
{
	const struct mmlab_slab *s = mmlab_slabs_slab_of(k->r, p);

	if (!s)
		return 0;
	if (!s->cache)
		return p == s->mem ? 1ULL << (MMLAB_PAGE_SHIFT + s->color) : 0;
	if (!mmlab_kmalloc_is_class(k, s->cache) ||
	    mmlab_slab_index(s, p) == ~0ULL)
		return 0;
	return s->cache->l.object_size;
}

/**
 * mmlab_kmalloc_large_info - the large path's totals
 * @k: the front end
 * @info: filled (a snapshot of per-CPU counters)
 */
void mmlab_kmalloc_large_info(const struct mmlab_kmalloc *k,
			      struct mmlab_kmalloc_large_info *info)
{
	s64 bytes = 0, requested = 0;
	unsigned int cpu;

	memset(info, 0, sizeof(*info));
	for (cpu = 0; cpu < k->r->nr_cpus; cpu++) {
		info->allocs += k->large[cpu].allocs;
		info->frees += k->large[cpu].frees;
		bytes += k->large[cpu].bytes;
		requested += k->large[cpu].requested;
	}
	info->live = info->allocs - min(info->frees, info->allocs);
	info->bytes = max_t(s64, bytes, 0);
	info->requested = max_t(s64, requested, 0);
}
