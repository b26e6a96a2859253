/* SPDX-License-Identifier: GPL-2.0 */
/*
 * slab.h - slab caches on the arena's buddy blocks.
 *
 * See slab.c for the data structures, their invariants and the lock order.
 */
#ifndef _MMLAB_CORE_SLAB_H
#define _MMLAB_CORE_SLAB_H

#include "seam.h"
#include "arena.h"
#include "slab_layout.h"

/* A cache's name, with its NUL (the kernel's slabinfo pads names to 17). */
#define MMLAB_SLAB_NAME_MAX	32

/*
 * struct mmlab_slab_cache.flags beyond the layout's MMLAB_SLAB_* flags:
 * consistency checks on every allocation and free (SLUB's
 * SLAB_CONSISTENCY_CHECKS): foreign and misaligned pointers, double frees,
 * broken free pointers. A checked cache keeps no per-CPU objects, as SLUB
 * sends its debug caches down the slow path.
 */
#define MMLAB_SLAB_CHECKS	0x10
#define MMLAB_SLAB_DEBUG_FLAGS	(MMLAB_SLAB_RED_ZONE | MMLAB_SLAB_POISON | \
				 MMLAB_SLAB_CHECKS)
#define MMLAB_SLAB_CACHE_FLAGS	(MMLAB_SLAB_FLAGS | MMLAB_SLAB_CHECKS)

/* Bytes, as mm/slub.c's <linux/poison.h> names them. */
#define MMLAB_SLAB_RED_INACTIVE	0xbb	/* red zone of a free object */
#define MMLAB_SLAB_RED_ACTIVE	0xcc	/* red zone of an allocated one */
#define MMLAB_SLAB_POISON_FREE	0x6b	/* a free object's bytes */
#define MMLAB_SLAB_POISON_END	0xa5	/* its last byte */

/* The lists a slab is on (struct mmlab_slab.list). */
enum mmlab_slab_list_id {
	MMLAB_SLAB_FULL,
	MMLAB_SLAB_PARTIAL,
	MMLAB_SLAB_EMPTY,
	MMLAB_SLAB_LISTS,
};

struct mmlab_slab_cache;

/**
 * struct mmlab_slab - one slab: a buddy block cut into objects
 * @cache: the cache it belongs to
 * @mem: the block's first byte
 * @base: the first slot: @mem plus the slab's color
 * @freelist: the first free object, or NULL; each free object holds the
 *	next one's address in its free pointer word
 * @next: next slab on the same list
 * @prev: previous slab on the same list
 * @inuse: objects not on @freelist (handed out, or on a per-CPU array)
 * @color: cache lines @base is past @mem
 * @list: enum mmlab_slab_list_id
 * @requested: kmalloc caches: bytes asked for each object (0: free);
 *	else NULL
 */
struct mmlab_slab {
	struct mmlab_slab_cache *cache;
	u8 *mem;
	u8 *base;
	void *freelist;
	struct mmlab_slab *next;
	struct mmlab_slab *prev;
	u32 inuse;
	u16 color;
	u8 list;
	u32 *requested;
};

/**
 * struct mmlab_slab_cpu - one CPU's array of free objects (a magazine)
 * @objs: up to the cache's @limit free objects, the last one hottest
 * @count: objects in @objs
 * @alloc_fast: allocations served from @objs
 * @free_fast: frees that went to @objs
 * @requested: kmalloc caches: bytes asked for, added on this CPU's
 *	allocations and taken off on its frees (only the sum over the CPUs
 *	means anything)
 * @pad: to 64 bytes, a cache line, so that no two CPUs' fast paths
 *	write the same line
 *
 * Touched only by its CPU (the caller pins itself), or by anyone while
 * that CPU cannot run the fast path (see slab.c "Lock order").
 */
struct mmlab_slab_cpu {
	void **objs;
	u32 count;
	u64 alloc_fast;
	u64 free_fast;
	s64 requested;
	u64 pad[3];	/* a cache line each: CPUs share none */
};

/**
 * struct mmlab_slab_stats - a cache's slow-path counters (cache lock)
 * @alloc_slow: allocations not served by a per-CPU array
 * @free_slow: frees that did not fit in one
 * @refills: batches moved from the slabs to a per-CPU array
 * @drains: batches moved from a per-CPU array back to the slabs
 * @slabs_new: slabs taken from the page allocator
 * @slabs_freed: slabs given back to it
 * @fail: allocations refused for want of a page
 * @errors: debug detections (corruption, bad frees), as validate counts
 */
struct mmlab_slab_stats {
	u64 alloc_slow;
	u64 free_slow;
	u64 refills;
	u64 drains;
	u64 slabs_new;
	u64 slabs_freed;
	u64 fail;
	u64 errors;
};

/**
 * struct mmlab_slab_list - slabs of one kind
 * @head: first slab, or NULL
 * @nr: slabs on the list
 */
struct mmlab_slab_list {
	struct mmlab_slab *head;
	u64 nr;
};

struct mmlab_slabs;

/**
 * struct mmlab_slab_cache - a slab cache
 * @name: NUL-terminated
 * @root: the slab allocator it lives in
 * @l: the slabs' geometry
 * @flags: MMLAB_SLAB_* (layout flags and MMLAB_SLAB_CHECKS)
 * @ctor: CTOR: the byte every object holds when its slab is made
 * @mt: migratetype of the slabs' blocks (unmovable or reclaimable)
 * @min_empty: empty slabs kept rather than given back
 * @limit: objects a per-CPU array holds (0: none)
 * @batch: objects a refill or drain moves
 * @next_color: the color the next slab gets
 * @kmalloc: records bytes asked for per object (a kmalloc class)
 * @lists: full, partial and empty slabs
 * @nr_slabs: slabs in all
 * @inuse: objects off the slabs' free lists
 * @cpu: one per CPU of the allocator
 * @stats: slow-path counters
 * @marks: validate's bitmap of one slab's free objects
 * @next: next cache of @root
 * @priv: the owner's (the module: the cache's lock and netlink owner)
 */
struct mmlab_slab_cache {
	char name[MMLAB_SLAB_NAME_MAX];
	struct mmlab_slabs *root;
	struct mmlab_slab_layout l;
	u32 flags;
	u8 ctor;
	unsigned int mt;
	u32 min_empty;
	u32 limit;
	u32 batch;
	u32 next_color;
	bool kmalloc;
	struct mmlab_slab_list lists[MMLAB_SLAB_LISTS];
	u64 nr_slabs;
	u64 inuse;
	struct mmlab_slab_cpu *cpu;
	struct mmlab_slab_stats stats;
	u64 *marks;
	struct mmlab_slab_cache *next;
	void *priv;
};

/**
 * struct mmlab_slab_ops - how the slab allocator gets pages and locks
 *
 * Pinning to a CPU is the seam's mmlab_cpu_pin()/mmlab_cpu_unpin(), inline:
 * the fast paths make no indirect call.
 * @page_alloc: a block of 2^@order frames of migratetype @mt, or NULL;
 *	may sleep (never called pinned: a cache's slabs come with its lock
 *	held, kmalloc's large blocks without)
 * @page_free: give back a block of @page_alloc
 * @lock: take @c's lock (serializes its slabs; may sleep)
 * @unlock: release it
 */
struct mmlab_slab_ops {
	void *(*page_alloc)(void *priv, unsigned int order, unsigned int mt);
	void (*page_free)(void *priv, void *mem);
	void (*lock)(struct mmlab_slab_cache *c);
	void (*unlock)(struct mmlab_slab_cache *c);
};

/**
 * struct mmlab_slabs - the slab allocator of an arena
 * @arena: where the slabs' blocks live
 * @ops: pages and locks
 * @priv: @ops' argument
 * @nr_cpus: per-CPU arrays each cache keeps
 * @debug: flags every new cache gets (the module's default debug mode)
 * @frame_slab: for each frame of the arena, the slab whose block holds
 *	it, or NULL
 * @caches: the caches, newest first
 * @nr_caches: caches on @caches
 */
struct mmlab_slabs {
	struct mmlab_arena *arena;
	const struct mmlab_slab_ops *ops;
	void *priv;
	unsigned int nr_cpus;
	u32 debug;
	struct mmlab_slab **frame_slab;
	struct mmlab_slab_cache *caches;
	unsigned int nr_caches;
};

/**
 * struct mmlab_slab_cache_req - what a new cache asks for
 * @name: its name, 1..%MMLAB_SLAB_NAME_MAX - 1 printable characters, no
 *	space or '/' (it names a debugfs directory)
 * @size: object size, 1..%MMLAB_SLAB_MAX_SIZE
 * @align: 0 or a power of two up to a frame
 * @flags: MMLAB_SLAB_* flags (%MMLAB_SLAB_CACHE_FLAGS)
 * @ctor: the constructor's byte, for CTOR
 * @mt: MMLAB_MT_UNMOVABLE (0) or MMLAB_MT_RECLAIMABLE (2)
 * @kmalloc: record bytes asked for per object
 */
struct mmlab_slab_cache_req {
	const char *name;
	u32 size;
	u32 align;
	u32 flags;
	u8 ctor;
	unsigned int mt;
	bool kmalloc;
};

/**
 * struct mmlab_slab_info - a cache's totals, as slabinfo shows them
 * @active_objs: objects in use (handed out or on per-CPU arrays)
 * @num_objs: objects the slabs hold
 * @active_slabs: slabs with an object in use
 * @num_slabs: slabs
 * @cpu_objs: free objects on the per-CPU arrays
 * @alloc_fast: sum over the CPUs
 * @free_fast: sum over the CPUs
 * @requested: kmalloc caches: bytes asked for by the objects in use
 * @live: objects handed out and not freed (@active_objs - @cpu_objs)
 */
struct mmlab_slab_info {
	u64 active_objs;
	u64 num_objs;
	u64 active_slabs;
	u64 num_slabs;
	u64 cpu_objs;
	u64 alloc_fast;
	u64 free_fast;
	s64 requested;
	u64 live;
};

/**
 * struct mmlab_slab_walk - a callback over a cache's objects
 * @fn: called with @arg, the slab and the object's index in it
 * @arg: @fn's argument
 */
struct mmlab_slab_walk {
	void (*fn)(void *arg, const struct mmlab_slab *s, u64 index);
	void *arg;
};

/**
 * mmlab_slab_cpu_alloc - the fast path: an object from @cpu's array
 * @c: the cache
 * @cpu: the caller's CPU, pinned
 *
 * Return: an object, or NULL when the array is empty.
 */
static inline void *mmlab_slab_cpu_alloc(struct mmlab_slab_cache *c,
					 unsigned int cpu)
{
	struct mmlab_slab_cpu *pc = &c->cpu[cpu];

	void *obj;

	if (unlikely(!pc->count))
		return NULL;
	pc->alloc_fast++;
	obj = pc->objs[--pc->count];
	/* no stale copy: kmemleak would take it for a reference */
	pc->objs[pc->count] = NULL;
	return obj;
}

/**
 * mmlab_slab_cpu_free - the fast path: put @obj on @cpu's array
 * @c: the cache
 * @cpu: the caller's CPU, pinned
 * @obj: an object of @c
 *
 * Return: true, or false when the array is full (or @c keeps none).
 */
static inline bool mmlab_slab_cpu_free(struct mmlab_slab_cache *c,
				       unsigned int cpu, void *obj)
{
	struct mmlab_slab_cpu *pc = &c->cpu[cpu];

	if (unlikely(pc->count >= c->limit))
		return false;
	pc->free_fast++;
	pc->objs[pc->count++] = obj;
	return true;
}

int mmlab_slabs_init(struct mmlab_slabs *r, struct mmlab_arena *arena,
		     unsigned int nr_cpus, const struct mmlab_slab_ops *ops,
		     void *priv);
void mmlab_slabs_destroy(struct mmlab_slabs *r);
struct mmlab_slab_cache *mmlab_slabs_find(const struct mmlab_slabs *r,
					  const char *name);
struct mmlab_slab *mmlab_slabs_slab_of(const struct mmlab_slabs *r,
				       const void *obj);
int mmlab_slabs_set_frames(struct mmlab_slabs *r, const void *mem,
			   unsigned int order, struct mmlab_slab *v);

bool mmlab_slab_name_ok(const char *name);
int mmlab_slab_cache_create(struct mmlab_slabs *r,
			    const struct mmlab_slab_cache_req *req,
			    struct mmlab_slab_cache **cp);
int mmlab_slab_cache_destroy(struct mmlab_slab_cache *c);

void *mmlab_slab_alloc_bytes(struct mmlab_slab_cache *c, u32 bytes);
void *mmlab_slab_alloc_slow(struct mmlab_slab_cache *c);
int mmlab_slab_free_bytes(struct mmlab_slab_cache *c, void *obj);
int mmlab_slab_free_slow(struct mmlab_slab_cache *c, void *obj);

/**
 * mmlab_slab_alloc - allocate an object
 * @c: the cache
 *
 * The fast path, inline: pin the caller and take the hottest object of
 * its CPU's array; when that is empty, mmlab_slab_alloc_slow(). A kmalloc
 * class records the bytes asked for: mmlab_slab_alloc_bytes().
 *
 * Return: an object, or NULL when no page could be had.
 */
static inline void *mmlab_slab_alloc(struct mmlab_slab_cache *c)
{
	unsigned int cpu;
	void *obj;

	if (unlikely(c->kmalloc))
		return mmlab_slab_alloc_bytes(c, c->l.object_size);
	cpu = mmlab_cpu_pin();
	obj = mmlab_slab_cpu_alloc(c, cpu);
	mmlab_cpu_unpin();
	return likely(obj) ? obj : mmlab_slab_alloc_slow(c);
}

/**
 * mmlab_slab_free - free an object
 * @c: its cache
 * @obj: the object
 *
 * The fast path, inline: park it on the caller's CPU's array; when that
 * is full, mmlab_slab_free_slow(). A kmalloc class forgets the bytes
 * asked for: mmlab_slab_free_bytes().
 *
 * Return: 0, or (CHECKS only) -EINVAL or -EALREADY as
 * mmlab_slab_check_free(), with nothing changed.
 */
static inline int mmlab_slab_free(struct mmlab_slab_cache *c, void *obj)
{
	unsigned int cpu;
	bool parked;

	if (unlikely(c->kmalloc))
		return mmlab_slab_free_bytes(c, obj);
	cpu = mmlab_cpu_pin();
	parked = mmlab_slab_cpu_free(c, cpu, obj);
	mmlab_cpu_unpin();
	return likely(parked) ? 0 : mmlab_slab_free_slow(c, obj);
}

int mmlab_slab_check_free(struct mmlab_slab_cache *c, const void *obj);

void mmlab_slab_drain_locked(struct mmlab_slab_cache *c, unsigned int cpu);
void mmlab_slab_drain_cpu(struct mmlab_slab_cache *c, unsigned int cpu);
u64 mmlab_slab_shrink(struct mmlab_slab_cache *c, u32 keep);
unsigned int mmlab_slab_validate(struct mmlab_slab_cache *c);
void mmlab_slab_info(const struct mmlab_slab_cache *c,
		     struct mmlab_slab_info *info);
void mmlab_slab_reset_stats(struct mmlab_slab_cache *c);
u64 mmlab_slab_index(const struct mmlab_slab *s, const void *obj);
void *mmlab_slab_object(const struct mmlab_slab *s, u64 index);
bool mmlab_slab_object_free(const struct mmlab_slab *s, const void *obj);
u64 mmlab_slab_walk_live(struct mmlab_slab_cache *c,
			 const struct mmlab_slab_walk *w);

#endif /* _MMLAB_CORE_SLAB_H */
