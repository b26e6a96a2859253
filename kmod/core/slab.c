// SPDX-License-Identifier: GPL-2.0
/*
 * slab.c - slab caches: objects of one size cut from buddy blocks, with
 * per-CPU arrays of free objects in front (SLAB's "magazines"), SLUB's
 * geometry (slab_layout.c), SLAB's coloring, and SLUB's debug checks.
 *
 * Data structures
 *
 *   struct mmlab_slabs  the allocator of an arena: its caches, and for
 *                       each frame the slab holding it (frame_slab[]),
 *                       which is how a bare object address finds its slab
 *                       and cache (SLUB's virt_to_slab())
 *   struct mmlab_slab_cache
 *       cpu[nr_cpus]    per CPU: objs[0..count) free objects, the last
 *                       one hottest; up to @limit
 *       lists[FULL]     slabs whose objects are all in use
 *       lists[PARTIAL]  slabs with objects in use and free ones
 *       lists[EMPTY]    slabs with no object in use; more than @min_empty
 *                       of them are given back to the page allocator
 *   struct mmlab_slab   a block of 2^order frames; objects at
 *                       base + i * stride + red_left, i < objects; free
 *                       ones chained from @freelist through the word at
 *                       free_offset of their slot
 *
 * An object is "in use" for its slab from the moment it leaves the
 * slab's free list: while it sits on a per-CPU array it is still counted
 * in @inuse (slabinfo's active_objs counts it too, as SLUB's does).
 *
 * Invariants (checked by mmlab_slab_validate()):
 *
 *   1. A slab is on exactly the list its @inuse says: FULL iff inuse ==
 *      objects, EMPTY iff inuse == 0, else PARTIAL; the lists' @nr count
 *      them and add up to @nr_slabs.
 *   2. A slab's free list holds objects - inuse distinct objects of that
 *      slab, each at a slot's object address; no cycle.
 *   3. frame_slab[f] is the slab for every frame f of a slab's block, and
 *      NULL for every frame of no slab (validate checks each slab's first
 *      and last frame).
 *   4. The cache's @inuse is the sum of its slabs' @inuse; every per-CPU
 *      array holds at most @limit objects.
 *   5. With RED_ZONE, the red zones of free objects hold RED_INACTIVE and
 *      those of objects in use RED_ACTIVE; with POISON (and no CTOR), a
 *      free object holds POISON_FREE bytes ending in POISON_END.
 *
 * Debug mode. RED_ZONE and POISON fill and check the bytes above;
 * CHECKS (consistency checks) makes every free prove that the address is
 * an object of this cache (not foreign, not inside an object) and not
 * already free, and every allocation that the free pointer it follows
 * is sane; a checked cache keeps no per-CPU objects, so each object goes
 * through those checks. A detection is reported (mmlab_report()), counted
 * in stats.errors, and refused or repaired: a bad free is refused with
 * -EINVAL and changes nothing; overwritten poison or red zones are
 * restored; a broken free list is cut where it breaks (the objects past
 * the break are lost to the cache, as SLUB does).
 *
 * Lock order (the caller provides the locks through struct
 * mmlab_slab_ops):
 *
 *   cache lock (ops->lock)          the slabs, lists and counters of one
 *                                   cache; may sleep
 *     page allocator (page_alloc)   called with the cache lock, unpinned
 *     CPU pin (mmlab_cpu_pin())     makes cpu[n] the caller's alone; no
 *                                   sleeping while pinned
 *
 * The fast paths (mmlab_slab_cpu_alloc()/mmlab_slab_cpu_free()) only pin:
 * they touch no lock shared with another CPU. Everything that moves
 * objects between a per-CPU array and the slabs holds the cache lock and
 * the pin. Touching another CPU's array (mmlab_slab_drain_cpu()) needs
 * that CPU not to be in a fast path: the module runs it on that CPU.
 */
#include "seam.h"
#include "slab.h"

/* Where an object's slot starts, and its free pointer word. */
static u8 *slot_of(const struct mmlab_slab_cache *c, const void *obj)
{
	return (u8 *)obj - c->l.red_left;
}

static void *get_fp(const struct mmlab_slab_cache *c, const void *obj)
{
	void *p;

	memcpy(&p, slot_of(c, obj) + c->l.free_offset, sizeof(p));
	return p;
}

static void set_fp(const struct mmlab_slab_cache *c, void *obj, void *next)
{
	memcpy(slot_of(c, obj) + c->l.free_offset, &next, sizeof(next));
}

/**
 * mmlab_slab_object - the address of a slab's object
 * @s: the slab
 * @index: below the cache's objects per slab
 *
 * Return: the object's first byte.
 */
void *mmlab_slab_object(const struct mmlab_slab *s, u64 index)
{
	const struct mmlab_slab_cache *c = s->cache;

	return s->base + index * c->l.stride + c->l.red_left;
}

/**
 * mmlab_slab_index - which object of its slab an address is
 * @s: the slab
 * @obj: an address inside @s's block
 *
 * Return: the index, or U64_MAX when @obj is not the first byte of one
 * of @s's objects.
 */
u64 mmlab_slab_index(const struct mmlab_slab *s, const void *obj)
{
	const struct mmlab_slab_cache *c = s->cache;
	const u8 *p = obj;
	u64 off, i;

	if (p < s->base + c->l.red_left)
		return ~0ULL;
	off = (u64)(p - s->base - c->l.red_left);
	i = off / c->l.stride;
	if (off % c->l.stride || i >= c->l.objects)
		return ~0ULL;
	return i;
}

static bool fp_valid(const struct mmlab_slab *s, const void *p)
{
	return !p || mmlab_slab_index(s, p) != ~0ULL;
}

/* Lists */

static enum mmlab_slab_list_id list_for(const struct mmlab_slab *s)
{
	if (!s->inuse)
		return MMLAB_SLAB_EMPTY;
	if (s->inuse == s->cache->l.objects)
		return MMLAB_SLAB_FULL;
	return MMLAB_SLAB_PARTIAL;
}

static void slab_unlink(struct mmlab_slab_cache *c, struct mmlab_slab *s)
{
	struct mmlab_slab_list *l = &c->lists[s->list];

	if (s->prev)
		s->prev->next = s->next;
	else
		l->head = s->next;
	if (s->next)
		s->next->prev = s->prev;
	s->next = NULL;
	s->prev = NULL;
	l->nr--;
}

static void slab_link(struct mmlab_slab_cache *c, struct mmlab_slab *s,
		      enum mmlab_slab_list_id id)
{
	struct mmlab_slab_list *l = &c->lists[id];

	s->list = id;
	s->prev = NULL;
	s->next = l->head;
	if (l->head)
		l->head->prev = s;
	l->head = s;
	l->nr++;
}

/* After @s's inuse changed: the list it belongs on. */
static void relist(struct mmlab_slab_cache *c, struct mmlab_slab *s)
{
	enum mmlab_slab_list_id id = list_for(s);

	if (id != s->list) {
		slab_unlink(c, s);
		slab_link(c, s, id);
	}
}

/* Debug bytes */

static u8 *red_right(const struct mmlab_slab_cache *c, void *obj, u32 *len)
{
	*len = c->l.inuse - c->l.red_left - c->l.object_size;
	return (u8 *)obj + c->l.object_size;
}

static bool poisons(const struct mmlab_slab_cache *c)
{
	return (c->flags & MMLAB_SLAB_POISON) && !(c->flags & MMLAB_SLAB_CTOR);
}

static void fill_red(const struct mmlab_slab_cache *c, void *obj, u8 v)
{
	u32 len;
	u8 *r;

	if (!(c->flags & MMLAB_SLAB_RED_ZONE))
		return;
	memset(slot_of(c, obj), v, c->l.red_left);
	r = red_right(c, obj, &len);
	memset(r, v, len);
}

static void fill_poison(const struct mmlab_slab_cache *c, void *obj)
{
	u8 *p = obj;

	if (!poisons(c))
		return;
	memset(p, MMLAB_SLAB_POISON_FREE, c->l.object_size - 1);
	p[c->l.object_size - 1] = MMLAB_SLAB_POISON_END;
}

/* The first byte of [@p, @p + @len) that is not @v, or NULL. */
static const u8 *first_not(const u8 *p, u32 len, u8 v)
{
	u32 i;

	for (i = 0; i < len; i++)
		if (p[i] != v)
			return p + i;
	return NULL;
}

static void report(struct mmlab_slab_cache *c, const struct mmlab_slab *s,
		   const void *obj, const char *what)
{
	u64 idx = s ? mmlab_slab_index(s, obj) : ~0ULL, frame;

	c->stats.errors++;
	if (idx != ~0ULL &&
	    !mmlab_arena_mem_frame(c->root->arena, s->mem, &frame))
		mmlab_report("slab %s: %s (object %llu of the slab at frame %llu)\n",
			     c->name, what, idx, frame);
	else
		mmlab_report("slab %s: %s\n", c->name, what);
}

/*
 * Check the red zones of @obj against @v (and the poison of a free one,
 * @free); report each kind of damage once and repair it. Return the
 * number of damaged areas.
 */
static unsigned int check_bytes(struct mmlab_slab_cache *c,
				const struct mmlab_slab *s, void *obj,
				bool free, bool repair)
{
	u8 v = free ? MMLAB_SLAB_RED_INACTIVE : MMLAB_SLAB_RED_ACTIVE;
	unsigned int bad = 0;
	const u8 *p = obj, *r;
	u32 len;

	if (c->flags & MMLAB_SLAB_RED_ZONE) {
		if (first_not(slot_of(c, obj), c->l.red_left, v)) {
			report(c, s, obj, "left red zone overwritten");
			bad++;
		}
		r = red_right(c, obj, &len);
		if (first_not(r, len, v)) {
			report(c, s, obj, "right red zone overwritten");
			bad++;
		}
		if (bad && repair)
			fill_red(c, obj, v);
	}
	if (free && poisons(c) &&
	    (first_not(p, c->l.object_size - 1, MMLAB_SLAB_POISON_FREE) ||
	     p[c->l.object_size - 1] != MMLAB_SLAB_POISON_END)) {
		report(c, s, obj, "poison overwritten (write after free)");
		bad++;
		if (repair)
			fill_poison(c, obj);
	}
	return bad;
}

/* Slabs */

static struct mmlab_slab **frame_entry(const struct mmlab_slabs *r,
				       const void *mem)
{
	u64 frame;

	if (mmlab_arena_mem_frame(r->arena, mem, &frame))
		return NULL;
	return &r->frame_slab[frame];
}

/**
 * mmlab_slabs_slab_of - the slab holding an address
 * @r: the slab allocator
 * @obj: any address
 *
 * Safe without the cache lock while @obj is an object in use (its slab
 * cannot go away).
 *
 * Return: the slab, or NULL when @obj is in no slab.
 */
struct mmlab_slab *mmlab_slabs_slab_of(const struct mmlab_slabs *r,
				       const void *obj)
{
	struct mmlab_slab **e = frame_entry(r, obj);

	return e ? *e : NULL;
}

/**
 * mmlab_slabs_set_frames - name the holder of a block's frames
 * @r: the slab allocator
 * @mem: the block's first byte, in the arena
 * @order: the block is 2^@order frames
 * @v: what mmlab_slabs_slab_of() answers for its addresses (NULL: none)
 *
 * Return: 0, or -EINVAL when @mem is not in the arena.
 */
int mmlab_slabs_set_frames(struct mmlab_slabs *r, const void *mem,
			   unsigned int order, struct mmlab_slab *v)
{
	struct mmlab_slab **e = frame_entry(r, mem);
	u64 i;

	if (!e)
		return -EINVAL;
	for (i = 0; i < 1ULL << order; i++)
		e[i] = v;
	return 0;
}

static u64 slab_bytes(const struct mmlab_slab_cache *c)
{
	return 1ULL << (MMLAB_PAGE_SHIFT + c->l.order);
}

static u32 color_step(const struct mmlab_slab_cache *c)
{
	return max(MMLAB_SLAB_CACHE_LINE, c->l.align);
}

/* A new slab on the empty list, its objects constructed; or NULL. */
static struct mmlab_slab *slab_new(struct mmlab_slab_cache *c)
{
	struct mmlab_slabs *r = c->root;
	struct mmlab_slab *s;
	size_t extra = c->kmalloc ? c->l.objects * sizeof(u32) : 0;
	void *prev = NULL;
	u8 *mem;
	u64 i;

	mem = r->ops->page_alloc(r->priv, c->l.order, c->mt);
	if (!mem)
		return NULL;
	s = mmlab_kvcalloc(1, sizeof(*s) + extra);
	if (!s || !frame_entry(r, mem)) {
		mmlab_kvfree(s);
		r->ops->page_free(r->priv, mem);
		return NULL;
	}
	if (extra)
		s->requested = (u32 *)(s + 1);
	s->cache = c;
	s->mem = mem;
	s->color = c->next_color;
	c->next_color = (c->next_color + 1) % c->l.colors;
	s->base = mem + (u64)s->color * color_step(c);
	/* objects chained in address order, the first one first */
	for (i = c->l.objects; i-- > 0;) {
		void *obj = mmlab_slab_object(s, i);

		if (c->flags & MMLAB_SLAB_CTOR)
			memset(obj, c->ctor, c->l.object_size);
		fill_poison(c, obj);
		fill_red(c, obj, MMLAB_SLAB_RED_INACTIVE);
		set_fp(c, obj, prev);
		prev = obj;
	}
	s->freelist = prev;
	mmlab_slabs_set_frames(r, mem, c->l.order, s);
	slab_link(c, s, MMLAB_SLAB_EMPTY);
	c->nr_slabs++;
	c->stats.slabs_new++;
	return s;
}

static void slab_free(struct mmlab_slab_cache *c, struct mmlab_slab *s)
{
	struct mmlab_slabs *r = c->root;

	slab_unlink(c, s);
	mmlab_slabs_set_frames(r, s->mem, c->l.order, NULL);
	c->nr_slabs--;
	c->stats.slabs_freed++;
	r->ops->page_free(r->priv, s->mem);
	mmlab_kvfree(s);
}

/* Give back empty slabs beyond @keep; return how many. */
static u64 trim(struct mmlab_slab_cache *c, u64 keep)
{
	u64 n = 0;

	while (c->lists[MMLAB_SLAB_EMPTY].nr > keep) {
		slab_free(c, c->lists[MMLAB_SLAB_EMPTY].head);
		n++;
	}
	return n;
}

/*
 * Take the first free object of @s. Under CHECKS the free pointer it
 * leaves behind must be sane; a broken one ends the free list there.
 */
static void *slab_take(struct mmlab_slab_cache *c, struct mmlab_slab *s)
{
	void *obj = s->freelist;
	void *next = get_fp(c, obj);
	u32 lost, i;

	if ((c->flags & MMLAB_SLAB_CHECKS) && !fp_valid(s, next)) {
		report(c, s, obj, "free pointer corrupt, free list cut");
		/* the objects past the break count as in use, for good */
		lost = c->l.objects - s->inuse - 1;
		s->inuse += lost;
		c->inuse += lost;
		next = NULL;
		for (i = 0; i < c->l.objects; i++) {
			void *o = mmlab_slab_object(s, i);

			if ((c->flags & MMLAB_SLAB_RED_ZONE) && o != obj &&
			    *slot_of(c, o) == MMLAB_SLAB_RED_INACTIVE)
				fill_red(c, o, MMLAB_SLAB_RED_ACTIVE);
		}
	}
	if (c->flags & (MMLAB_SLAB_RED_ZONE | MMLAB_SLAB_POISON)) {
		check_bytes(c, s, obj, true, true);
		fill_red(c, obj, MMLAB_SLAB_RED_ACTIVE);
	}
	s->freelist = next;
	s->inuse++;
	c->inuse++;
	relist(c, s);
	return obj;
}

static void slab_put(struct mmlab_slab_cache *c, struct mmlab_slab *s,
		     void *obj)
{
	if (c->flags & MMLAB_SLAB_RED_ZONE) {
		check_bytes(c, s, obj, false, true);
		fill_red(c, obj, MMLAB_SLAB_RED_INACTIVE);
	}
	fill_poison(c, obj);
	if (s->requested)
		s->requested[mmlab_slab_index(s, obj)] = 0;
	set_fp(c, obj, s->freelist);
	s->freelist = obj;
	s->inuse--;
	c->inuse--;
	relist(c, s);
}

/* A slab with a free object, partial ones first; or NULL. */
static struct mmlab_slab *slab_with_free(struct mmlab_slab_cache *c)
{
	if (c->lists[MMLAB_SLAB_PARTIAL].head)
		return c->lists[MMLAB_SLAB_PARTIAL].head;
	return c->lists[MMLAB_SLAB_EMPTY].head;
}

/* The allocator */

/**
 * mmlab_slabs_init - a slab allocator with no cache
 * @r: the allocator
 * @arena: the arena its slabs come from
 * @nr_cpus: CPUs (each cache keeps an array per CPU), >= 1
 * @ops: pages and locks
 * @priv: @ops' argument
 *
 * Return: 0, -EINVAL for no CPU, or -ENOMEM.
 */
int mmlab_slabs_init(struct mmlab_slabs *r, struct mmlab_arena *arena,
		     unsigned int nr_cpus, const struct mmlab_slab_ops *ops,
		     void *priv)
{
	memset(r, 0, sizeof(*r));
	if (!nr_cpus)
		return -EINVAL;
	r->frame_slab = mmlab_kvcalloc(arena->nr_frames,
				       sizeof(*r->frame_slab));
	if (!r->frame_slab)
		return -ENOMEM;
	r->arena = arena;
	r->nr_cpus = nr_cpus;
	r->ops = ops;
	r->priv = priv;
	return 0;
}

static void cache_free(struct mmlab_slab_cache *c)
{
	mmlab_kvfree(c);
}

/**
 * mmlab_slabs_destroy - forget every cache and give back every slab
 * @r: the allocator
 *
 * Objects still in use are lost with their slabs; the module's unload
 * gets here only after the users of the caches are gone.
 */
void mmlab_slabs_destroy(struct mmlab_slabs *r)
{
	struct mmlab_slab_cache *c;
	unsigned int i;

	while ((c = r->caches)) {
		r->caches = c->next;
		r->ops->lock(c);
		for (i = 0; i < MMLAB_SLAB_LISTS; i++)
			while (c->lists[i].head)
				slab_free(c, c->lists[i].head);
		r->ops->unlock(c);
		cache_free(c);
	}
	mmlab_kvfree(r->frame_slab);
	r->frame_slab = NULL;
	r->nr_caches = 0;
}

/**
 * mmlab_slabs_find - a cache by name
 * @r: the allocator
 * @name: its name
 *
 * Return: the cache, or NULL.
 */
struct mmlab_slab_cache *mmlab_slabs_find(const struct mmlab_slabs *r,
					  const char *name)
{
	struct mmlab_slab_cache *c;

	size_t n = strlen(name) + 1;

	for (c = r->caches; c; c = c->next)
		if (!memcmp(c->name, name, min(n, sizeof(c->name))))
			return c;
	return NULL;
}

/**
 * mmlab_slab_name_ok - is @name a good cache name?
 * @name: NUL-terminated, or NULL
 *
 * Return: true for 1..%MMLAB_SLAB_NAME_MAX - 1 printable characters, none
 * a space or '/'.
 */
bool mmlab_slab_name_ok(const char *name)
{
	size_t i, n = name ? strlen(name) : 0;

	if (!n || n >= MMLAB_SLAB_NAME_MAX)
		return false;
	for (i = 0; i < n; i++)
		if (name[i] <= ' ' || name[i] > '~' || name[i] == '/')
			return false;
	return true;
}

/* SLAB's enable_cpucache() limits, by object size. */
static u32 cpu_limit(u32 size)
{
	if (size > 131072)
		return 1;
	if (size > 4096)
		return 8;
	if (size > 1024)
		return 24;
	if (size > 256)
		return 54;
	return 120;
}

/*
 * Bytes of a cache with its validate bitmap, per-CPU structs (a cache
 * line each) and arrays in one block; 0 on overflow.
 */
static size_t cache_bytes(const struct mmlab_slab_layout *l,
			  unsigned int nr_cpus, u32 limit, size_t *off_cpu,
			  size_t *off_objs)
{
	size_t marks = (l->objects + 63) / 64 * sizeof(u64), cpus, objs, n;

	*off_cpu = sizeof(struct mmlab_slab_cache) + marks;
	*off_cpu = (*off_cpu + MMLAB_SLAB_CACHE_LINE - 1) &
		   ~(size_t)(MMLAB_SLAB_CACHE_LINE - 1);
	if (check_mul_overflow((size_t)nr_cpus,
			       sizeof(struct mmlab_slab_cpu), &cpus) ||
	    check_mul_overflow((size_t)nr_cpus * limit, sizeof(void *),
			       &objs) ||
	    check_add_overflow(*off_cpu, cpus, off_objs) ||
	    check_add_overflow(*off_objs, objs, &n))
		return 0;
	return n;
}

/**
 * mmlab_slab_cache_create - a new, empty cache
 * @r: the allocator
 * @req: name, size, alignment, flags, constructor byte, migratetype
 * @cp: the cache, on success
 *
 * The allocator's default debug flags (@r->debug) are added to
 * @req->flags. The caller serializes creation and destruction.
 *
 * Return: 0; -EINVAL for a bad name, size, alignment, flags or
 * migratetype; -E2BIG when one object does not fit in a slab of the
 * arena's largest block; -EEXIST when the name is taken; -ENOMEM.
 */
int mmlab_slab_cache_create(struct mmlab_slabs *r,
			    const struct mmlab_slab_cache_req *req,
			    struct mmlab_slab_cache **cp)
{
	struct mmlab_slab_layout_req lreq = {
		.object_size = req->size,
		.align = req->align,
		.nr_cpus = r->nr_cpus,
		.page_shift = MMLAB_PAGE_SHIFT,
	};
	size_t size, off_cpu, off_objs;
	struct mmlab_slab_cache *c;
	struct mmlab_slab_layout l;
	u32 flags = req->flags | r->debug, limit;
	unsigned int cpu;
	int err;

	if (!mmlab_slab_name_ok(req->name) ||
	    (flags & ~MMLAB_SLAB_CACHE_FLAGS) || (req->mt != 0 && req->mt != 2))
		return -EINVAL;
	if (mmlab_slabs_find(r, req->name))
		return -EEXIST;
	lreq.flags = flags & MMLAB_SLAB_FLAGS;
	lreq.orders = min(r->arena->max_order, r->arena->chunk_order_max) + 1;
	err = mmlab_slab_layout(&lreq, &l);
	if (err)
		return err;
	limit = flags & MMLAB_SLAB_CHECKS ? 0 : cpu_limit(l.stride);
	/* one allocation: the cache, its bitmap, its CPUs and their arrays */
	size = cache_bytes(&l, r->nr_cpus, limit, &off_cpu, &off_objs);
	c = size ? mmlab_kvcalloc(1, size) : NULL;
	if (!c)
		return -ENOMEM;
	c->l = l;
	c->marks = (u64 *)(c + 1);
	c->cpu = (struct mmlab_slab_cpu *)((u8 *)c + off_cpu);
	for (cpu = 0; limit && cpu < r->nr_cpus; cpu++)
		c->cpu[cpu].objs = (void **)((u8 *)c + off_objs) +
				   (size_t)cpu * limit;
	memcpy(c->name, req->name, strlen(req->name) + 1);
	c->root = r;
	c->flags = flags;
	c->ctor = req->ctor;
	c->mt = req->mt;
	c->kmalloc = req->kmalloc;
	/* SLUB's min_partial: ilog2(size) / 2, within 5..10 */
	c->min_empty = min_t(u32, max_t(u32, ilog2(c->l.stride) / 2, 5), 10);
	c->limit = limit;
	c->batch = (c->limit + 1) / 2;
	c->next = r->caches;
	r->caches = c;
	r->nr_caches++;
	*cp = c;
	return 0;
}

/**
 * mmlab_slab_cache_destroy - destroy a cache with no object in use
 * @c: the cache; nobody may use it any more
 *
 * The per-CPU arrays are drained first (their objects are free). With
 * objects still in use nothing else changes: the caller may list them
 * (mmlab_slab_walk_live()) and try again after freeing them.
 *
 * Return: 0, or -EBUSY when objects are in use.
 */
int mmlab_slab_cache_destroy(struct mmlab_slab_cache *c)
{
	struct mmlab_slabs *r = c->root;
	struct mmlab_slab_cache **pp;
	unsigned int cpu;

	for (cpu = 0; cpu < r->nr_cpus; cpu++)
		mmlab_slab_drain_cpu(c, cpu);
	r->ops->lock(c);
	if (c->inuse) {
		r->ops->unlock(c);
		return -EBUSY;
	}
	trim(c, 0);
	r->ops->unlock(c);
	for (pp = &r->caches; *pp != c; pp = &(*pp)->next)
		;
	*pp = c->next;
	r->nr_caches--;
	cache_free(c);
	return 0;
}

/* Allocation and free */

static void note_requested(struct mmlab_slab_cache *c, unsigned int cpu,
			   void *obj, u32 requested)
{
	struct mmlab_slab *s;

	if (!c->kmalloc || !obj)
		return;
	s = mmlab_slabs_slab_of(c->root, obj);
	s->requested[mmlab_slab_index(s, obj)] = requested;
	c->cpu[cpu].requested += requested;
}

/* Pinned to @cpu: @obj of @s is freed, its bytes asked for are not. */
static void forget_requested(struct mmlab_slab_cache *c, unsigned int cpu,
			     struct mmlab_slab *s, const void *obj)
{
	u32 *req;

	if (!c->kmalloc)
		return;
	req = &s->requested[mmlab_slab_index(s, obj)];
	c->cpu[cpu].requested -= *req;
	*req = 0;
}

/*
 * Under the cache lock, pinned to @cpu: fill @cpu's array with up to a
 * batch of free objects and return one (or, for a cache without arrays,
 * one object straight from a slab). NULL when the slabs have none free.
 */
static void *refill(struct mmlab_slab_cache *c, unsigned int cpu)
{
	struct mmlab_slab_cpu *pc = &c->cpu[cpu];
	struct mmlab_slab *s;
	void *obj;
	u32 n = 0;

	if (!c->limit) {
		s = slab_with_free(c);
		return s ? slab_take(c, s) : NULL;
	}
	while (n < c->batch && pc->count < c->limit &&
	       (s = slab_with_free(c))) {
		pc->objs[pc->count++] = slab_take(c, s);
		n++;
	}
	if (!n)
		return NULL;
	c->stats.refills++;
	obj = pc->objs[--pc->count];
	pc->objs[pc->count] = NULL;	/* as mmlab_slab_cpu_alloc() */
	return obj;
}

/**
 * mmlab_slab_alloc_slow - allocate when @c's per-CPU array is empty
 * @c: the cache
 *
 * Takes the cache lock; makes a new slab when none has a free object;
 * pins itself and refills its CPU's array from the slabs.
 *
 * Return: an object, or NULL when no page could be had.
 */
void *mmlab_slab_alloc_slow(struct mmlab_slab_cache *c)
{
	const struct mmlab_slab_ops *ops = c->root->ops;
	unsigned int cpu;
	void *obj = NULL;

	ops->lock(c);
	c->stats.alloc_slow++;
	if (slab_with_free(c) || slab_new(c)) {
		cpu = mmlab_cpu_pin();
		obj = refill(c, cpu);
		mmlab_cpu_unpin();
	}
	if (!obj)
		c->stats.fail++;
	ops->unlock(c);
	return obj;
}

/**
 * mmlab_slab_alloc_bytes - allocate an object for a request of @bytes
 * @c: the cache, of at least @bytes objects
 * @bytes: bytes asked for (a kmalloc cache records them)
 *
 * Return: as mmlab_slab_alloc().
 */
void *mmlab_slab_alloc_bytes(struct mmlab_slab_cache *c, u32 bytes)
{
	unsigned int cpu = mmlab_cpu_pin();
	void *obj = mmlab_slab_cpu_alloc(c, cpu);

	if (!obj) {
		mmlab_cpu_unpin();
		obj = mmlab_slab_alloc_slow(c);
		if (!obj || !c->kmalloc)
			return obj;
		cpu = mmlab_cpu_pin();
	}
	note_requested(c, cpu, obj, bytes);
	mmlab_cpu_unpin();
	return obj;
}

/**
 * mmlab_slab_check_free - would freeing @obj to @c be right?
 * @c: the cache
 * @obj: the address to free
 *
 * The checks of a CHECKS cache, for any cache: @obj is an object of one
 * of @c's slabs, at an object's first byte, and not free in its slab.
 * Takes the cache lock. An object parked on a per-CPU array is not found
 * free here: only CHECKS caches, which keep no arrays, catch every
 * double free.
 *
 * Return: 0; -EINVAL for an address of no slab of @c or inside an
 * object; -EALREADY for an object that is free.
 */
int mmlab_slab_check_free(struct mmlab_slab_cache *c, const void *obj)
{
	struct mmlab_slab *s = mmlab_slabs_slab_of(c->root, obj);
	int err = 0;

	c->root->ops->lock(c);
	if (!s || s->cache != c || mmlab_slab_index(s, obj) == ~0ULL)
		err = -EINVAL;
	else if (mmlab_slab_object_free(s, obj))
		err = -EALREADY;
	c->root->ops->unlock(c);
	return err;
}

/*
 * Under the cache lock, pinned to @cpu: move the @n oldest objects of
 * @cpu's array back to their slabs.
 */
static void drain(struct mmlab_slab_cache *c, unsigned int cpu, u32 n)
{
	struct mmlab_slab_cpu *pc = &c->cpu[cpu];
	u32 i;

	n = min(n, pc->count);
	if (!n)
		return;
	for (i = 0; i < n; i++)
		slab_put(c, mmlab_slabs_slab_of(c->root, pc->objs[i]),
			 pc->objs[i]);
	pc->count -= n;
	memmove(pc->objs, pc->objs + n, pc->count * sizeof(void *));
	/* no stale copies past the end (see mmlab_slab_cpu_alloc()) */
	memset(pc->objs + pc->count, 0, n * sizeof(void *));
	c->stats.drains++;
}

static int free_checked(struct mmlab_slab_cache *c, struct mmlab_slab *s,
			void *obj)
{
	if (!s || s->cache != c || mmlab_slab_index(s, obj) == ~0ULL) {
		report(c, NULL, obj, "free of an address that is no object of this cache");
		return -EINVAL;
	}
	if (mmlab_slab_object_free(s, obj)) {
		report(c, s, obj, "double free");
		return -EALREADY;
	}
	return 0;
}

/**
 * mmlab_slab_free_slow - free when @c's per-CPU array is full
 * @c: the cache
 * @obj: the object
 *
 * Takes the cache lock, pins itself, drains a batch of its CPU's array
 * to the slabs and parks @obj there; gives back empty slabs beyond the
 * cache's minimum. A cache without arrays frees @obj to its slab, after
 * the CHECKS checks when it has them.
 *
 * Return: 0, or (CHECKS only) -EINVAL or -EALREADY as
 * mmlab_slab_check_free(), with nothing changed.
 */
int mmlab_slab_free_slow(struct mmlab_slab_cache *c, void *obj)
{
	const struct mmlab_slab_ops *ops = c->root->ops;
	struct mmlab_slab *s = mmlab_slabs_slab_of(c->root, obj);
	unsigned int cpu;
	int err = 0;

	ops->lock(c);
	c->stats.free_slow++;
	cpu = mmlab_cpu_pin();
	if (c->flags & MMLAB_SLAB_CHECKS)
		err = free_checked(c, s, obj);
	if (!err)
		forget_requested(c, cpu, s, obj);
	if (!err && c->limit) {
		drain(c, cpu, c->batch);
		c->cpu[cpu].objs[c->cpu[cpu].count++] = obj;
	} else if (!err) {
		slab_put(c, s, obj);
	}
	mmlab_cpu_unpin();
	trim(c, c->min_empty);
	ops->unlock(c);
	return err;
}

/**
 * mmlab_slab_free_bytes - free an object of a kmalloc class
 * @c: its cache
 * @obj: the object
 *
 * As mmlab_slab_free(), and the bytes asked for are forgotten.
 *
 * Return: as mmlab_slab_free_slow().
 */
int mmlab_slab_free_bytes(struct mmlab_slab_cache *c, void *obj)
{
	unsigned int cpu = mmlab_cpu_pin();
	bool parked = mmlab_slab_cpu_free(c, cpu, obj);

	if (parked && c->kmalloc)
		forget_requested(c, cpu, mmlab_slabs_slab_of(c->root, obj), obj);
	mmlab_cpu_unpin();
	if (parked)
		return 0;
	return mmlab_slab_free_slow(c, obj);
}

/**
 * mmlab_slab_drain_locked - give @cpu's parked objects back to the slabs
 * @c: the cache, locked
 * @cpu: the caller's CPU, pinned (or a CPU that cannot run a fast path
 *	of @c meanwhile)
 */
void mmlab_slab_drain_locked(struct mmlab_slab_cache *c, unsigned int cpu)
{
	drain(c, cpu, c->cpu[cpu].count);
}

/**
 * mmlab_slab_drain_cpu - mmlab_slab_drain_locked(), taking the cache lock
 * @c: the cache
 * @cpu: a CPU that cannot be in a fast path of @c meanwhile (offline, or
 *	nobody uses @c any more)
 */
void mmlab_slab_drain_cpu(struct mmlab_slab_cache *c, unsigned int cpu)
{
	c->root->ops->lock(c);
	drain(c, cpu, c->cpu[cpu].count);
	c->root->ops->unlock(c);
}

/**
 * mmlab_slab_shrink - give back empty slabs
 * @c: the cache
 * @keep: empty slabs to keep
 *
 * Objects parked on per-CPU arrays keep their slabs: drain the arrays
 * first (mmlab_slab_drain_cpu()) to give back all that can be. Takes the
 * cache lock.
 *
 * Return: slabs given back.
 */
u64 mmlab_slab_shrink(struct mmlab_slab_cache *c, u32 keep)
{
	u64 n;

	c->root->ops->lock(c);
	n = trim(c, keep);
	c->root->ops->unlock(c);
	return n;
}

/* Mark @s's free objects in c->marks; return how many, or -1 (broken). */
static s64 mark_free(struct mmlab_slab_cache *c, const struct mmlab_slab *s,
		     bool quiet)
{
	u64 n = 0, i;
	void *p;

	memset(c->marks, 0, (c->l.objects + 63) / 64 * sizeof(u64));
	for (p = s->freelist; p; p = get_fp(c, p)) {
		i = mmlab_slab_index(s, p);
		if (i == ~0ULL || (c->marks[i / 64] & BIT(i % 64)) ||
		    ++n > c->l.objects) {
			if (!quiet)
				mmlab_report("slab %s: free list broken at object %llu of a slab\n",
					     c->name, n);
			return -1;
		}
		c->marks[i / 64] |= BIT(i % 64);
	}
	return n;
}

/**
 * mmlab_slab_object_free - is an object on its slab's free list?
 * @s: the slab
 * @obj: one of its objects (mmlab_slab_index() != U64_MAX)
 *
 * Walks the free list; with RED_ZONE the red zone's state decides
 * instead (SLUB's check of a double free). Cache lock held.
 *
 * Return: true when @obj is free in @s.
 */
bool mmlab_slab_object_free(const struct mmlab_slab *s, const void *obj)
{
	const struct mmlab_slab_cache *c = s->cache;
	const void *p;
	u64 n = 0;

	if (c->flags & MMLAB_SLAB_RED_ZONE)
		return *slot_of(c, obj) == MMLAB_SLAB_RED_INACTIVE;
	for (p = s->freelist; p && n <= c->l.objects; p = get_fp(c, p), n++)
		if (p == obj)
			return true;
	return false;
}

static unsigned int validate_slab(struct mmlab_slab_cache *c,
				  struct mmlab_slab *s,
				  enum mmlab_slab_list_id on)
{
	unsigned int bad = 0;
	s64 nfree;
	u64 i;

	if (s->cache != c || s->list != on || list_for(s) != on) {
		mmlab_report("slab %s: slab on the wrong list (%u objects in use)\n",
			     c->name, s->inuse);
		bad++;
	}
	if (mmlab_slabs_slab_of(c->root, s->mem) != s ||
	    mmlab_slabs_slab_of(c->root, s->mem + slab_bytes(c) - 1) != s) {
		mmlab_report("slab %s: frame table does not name the slab\n",
			     c->name);
		bad++;
	}
	nfree = mark_free(c, s, false);
	if (nfree < 0)
		return bad + 1;
	if ((u64)nfree != c->l.objects - s->inuse) {
		mmlab_report("slab %s: %lld objects free, %u in use of %u\n",
			     c->name, nfree, s->inuse, c->l.objects);
		bad++;
	}
	if (!(c->flags & (MMLAB_SLAB_RED_ZONE | MMLAB_SLAB_POISON)))
		return bad;
	for (i = 0; i < c->l.objects; i++) {
		bool free = c->marks[i / 64] & BIT(i % 64);

		bad += check_bytes(c, s, mmlab_slab_object(s, i), free,
				   false);
	}
	return bad;
}

/**
 * mmlab_slab_validate - check every slab of a cache
 * @c: the cache
 *
 * Takes the cache lock. Reports each violation (mmlab_report()) and
 * repairs nothing; debug detections found here are not added to
 * stats.errors (they count what alloc and free detected).
 *
 * Return: the number of violations found.
 */
unsigned int mmlab_slab_validate(struct mmlab_slab_cache *c)
{
	u64 errors = c->stats.errors, inuse = 0, slabs = 0, nr;
	unsigned int bad = 0, cpu, i;
	struct mmlab_slab *s;

	c->root->ops->lock(c);
	for (i = 0; i < MMLAB_SLAB_LISTS; i++) {
		nr = 0;
		for (s = c->lists[i].head; s; s = s->next) {
			bad += validate_slab(c, s, i);
			inuse += s->inuse;
			nr++;
			mmlab_cond_resched();
		}
		if (nr != c->lists[i].nr) {
			mmlab_report("slab %s: list %u has %llu slabs, counted %llu\n",
				     c->name, i, nr, c->lists[i].nr);
			bad++;
		}
		slabs += nr;
	}
	if (inuse != c->inuse || slabs != c->nr_slabs) {
		mmlab_report("slab %s: %llu objects in use in %llu slabs, counted %llu in %llu\n",
			     c->name, inuse, slabs, c->inuse, c->nr_slabs);
		bad++;
	}
	for (cpu = 0; cpu < c->root->nr_cpus; cpu++)
		if (c->cpu[cpu].count > c->limit) {
			mmlab_report("slab %s: CPU %u holds %u objects, limit %u\n",
				     c->name, cpu, c->cpu[cpu].count, c->limit);
			bad++;
		}
	c->stats.errors = errors;
	c->root->ops->unlock(c);
	return bad;
}

/**
 * mmlab_slab_walk_live - call @w->fn for each object in use
 * @c: the cache, locked by the caller
 * @w: the callback, and its argument
 *
 * Objects parked on per-CPU arrays count as in use: drain first to see
 * only those handed out. Slabs whose free list is broken are skipped.
 *
 * Return: objects visited.
 */
u64 mmlab_slab_walk_live(struct mmlab_slab_cache *c,
			 const struct mmlab_slab_walk *w)
{
	struct mmlab_slab *s;
	u64 n = 0, i;
	int l;

	for (l = MMLAB_SLAB_FULL; l <= MMLAB_SLAB_PARTIAL; l++)
		for (s = c->lists[l].head; s; s = s->next) {
			if (mark_free(c, s, true) < 0)
				continue;
			for (i = 0; i < c->l.objects; i++)
				if (!(c->marks[i / 64] & BIT(i % 64))) {
					w->fn(w->arg, s, i);
					n++;
				}
		}
	return n;
}

/**
 * mmlab_slab_info - a cache's totals
 * @c: the cache (no lock needed: a snapshot of counters that may move)
 * @info: filled
 */
void mmlab_slab_info(const struct mmlab_slab_cache *c,
		     struct mmlab_slab_info *info)
{
	unsigned int cpu;

	memset(info, 0, sizeof(*info));
	info->num_slabs = c->nr_slabs;
	info->active_slabs = c->nr_slabs - c->lists[MMLAB_SLAB_EMPTY].nr;
	info->num_objs = c->nr_slabs * c->l.objects;
	info->active_objs = c->inuse;
	for (cpu = 0; cpu < c->root->nr_cpus; cpu++) {
		const struct mmlab_slab_cpu *pc = &c->cpu[cpu];

		info->cpu_objs += pc->count;
		info->alloc_fast += pc->alloc_fast;
		info->free_fast += pc->free_fast;
		info->requested += pc->requested;
	}
	info->live = info->active_objs - min(info->cpu_objs,
					     info->active_objs);
}

/**
 * mmlab_slab_reset_stats - zero a cache's counters of events
 * @c: the cache (cache lock held; per-CPU counters are reset racily)
 */
void mmlab_slab_reset_stats(struct mmlab_slab_cache *c)
{
	u64 errors = c->stats.errors;
	unsigned int cpu;

	memset(&c->stats, 0, sizeof(c->stats));
	c->stats.errors = errors;
	for (cpu = 0; cpu < c->root->nr_cpus; cpu++) {
		c->cpu[cpu].alloc_fast = 0;
		c->cpu[cpu].free_fast = 0;
	}
}
