// SPDX-License-Identifier: GPL-2.0
/*
 * slab.c - slab caches on the buddy: objects never overlap and keep
 * their bytes, alignment, constructor pattern, per-CPU arrays, lists and
 * the return of empty slabs, coloring, destroy with live objects, bad
 * input, the debug checks (slub_kunit style: corrupt, then count what
 * validate reports) and a randomized run against a model.
 *
 * The slab allocator here sits on a buddy (struct ts) whose page
 * callbacks and lock callbacks check the lock order of slab.c: pages are
 * taken and given back with the CPU not pinned (and at most the cache
 * lock held); a CPU is pinned only inside the cache lock or alone (fast
 * path), and the cache lock is never taken twice or while pinned.
 */

struct ts {
	struct mmlab_slabs r;
	struct mmlab_buddy *b;
	u64 start_free;		/* buddy's free frames before any slab */
	int locked;		/* cache lock depth */
	unsigned long pages;	/* page_alloc calls that succeeded */
	unsigned long page_fail_at; /* fail the Nth page_alloc (1-based) */
	unsigned long page_calls;
	unsigned long order_errors; /* lock-order violations seen */
};

static struct ts *ts_of(void *priv)
{
	return priv;
}

static void *ts_page_alloc(void *priv, unsigned int order, unsigned int mt)
{
	struct ts *t = ts_of(priv);
	void *mem;

	if (t->locked > 1 || shim.pinned)
		t->order_errors++;
	if (++t->page_calls == t->page_fail_at)
		return NULL;
	mem = mmlab_kblock_alloc(t->b, order, mt, 0);
	if (mem)
		t->pages++;
	return mem;
}

static void ts_page_free(void *priv, void *mem)
{
	struct ts *t = ts_of(priv);

	if (t->locked > 1 || shim.pinned)
		t->order_errors++;
	if (mmlab_kblock_free(t->b, mem, 0))
		t->order_errors++;
	else
		t->pages--;
}

static void ts_lock(struct mmlab_slab_cache *c)
{
	struct ts *t = c->root->priv;

	/* the lock is taken first, never while pinned */
	if (t->locked++ || shim.pinned)
		t->order_errors++;
}

static void ts_unlock(struct mmlab_slab_cache *c)
{
	struct ts *t = c->root->priv;

	if (--t->locked || shim.pinned)
		t->order_errors++;
}

static const struct mmlab_slab_ops ts_ops = {
	.page_alloc = ts_page_alloc,
	.page_free = ts_page_free,
	.lock = ts_lock,
	.unlock = ts_unlock,
};

static void ts_cleanup(void *arg)
{
	struct ts *t = arg;

	mmlab_slabs_destroy(&t->r);
	t->order_errors += shim.pin_errors + shim.pinned;
	shim.pin_errors = 0;
	shim.pinned = 0;
	shim.cpu = 0;
	if (t->order_errors)
		t_fail_soft("%lu lock-order violations", t->order_errors);
	if (t->b->arena->nr_free != t->start_free)
		t_fail_soft("the buddy lost %llu frames",
			    t->start_free - t->b->arena->nr_free);
	free(t);
}

/* A slab allocator with @cpus CPUs on a buddy of @frames frames. */
static struct ts *ts_new(u64 frames, unsigned int cpus)
{
	struct ts *t = calloc(1, sizeof(*t));

	ASSERT_NOT_NULL(t);
	t->b = buddy_new(frames, 10, MMLAB_PCP_OFF, 0, NULL, NULL);
	t->start_free = t->b->arena->nr_free;
	ASSERT_EQ(mmlab_slabs_init(&t->r, t->b->arena, cpus, &ts_ops, t), 0);
	t_defer(ts_cleanup, t);
	return t;
}

static struct mmlab_slab_cache *cache_new(struct ts *t, const char *name,
					  u32 size, u32 align, u32 flags)
{
	struct mmlab_slab_cache_req req = {
		.name = name, .size = size, .align = align, .flags = flags,
		.ctor = 0x5c,
	};
	struct mmlab_slab_cache *c = NULL;

	ASSERT_EQ(mmlab_slab_cache_create(&t->r, &req, &c), 0);
	ASSERT_NOT_NULL(c);
	return c;
}

static void drain_all(struct mmlab_slab_cache *c)
{
	unsigned int cpu;

	for (cpu = 0; cpu < c->root->nr_cpus; cpu++)
		mmlab_slab_drain_cpu(c, cpu);
}

static int ptr_cmp(const void *l, const void *r)
{
	const u8 *a = *(void *const *)l, *b = *(void *const *)r;

	return a < b ? -1 : a > b;
}

/* @n objects of @c: each in a slab of @c, none overlapping another. */
static void objects_apart(struct mmlab_slab_cache *c, void **objs, u64 n)
{
	void **sorted = malloc(n * sizeof(void *));
	u64 i;

	ASSERT_NOT_NULL(sorted);
	memcpy(sorted, objs, n * sizeof(void *));
	qsort(sorted, n, sizeof(void *), ptr_cmp);
	for (i = 0; i < n; i++) {
		struct mmlab_slab *s = mmlab_slabs_slab_of(c->root, sorted[i]);

		ASSERT_TRUE(s && s->cache == c);
		ASSERT_NE(mmlab_slab_index(s, sorted[i]), ~0ULL);
		if (i)
			ASSERT_TRUE((u8 *)sorted[i - 1] + c->l.object_size <=
				    (u8 *)sorted[i]);
	}
	free(sorted);
}

static void shuffle(void **objs, u64 n)
{
	u64 i, j;
	void *x;

	for (i = n; i > 1; i--) {
		j = t_rand_below(i);
		x = objs[i - 1];
		objs[i - 1] = objs[j];
		objs[j] = x;
	}
}

static u8 pattern(u64 i)
{
	return (u8)(i * 37 + 11);
}

/*
 * Every object size and flag variant: objects are aligned, apart, keep
 * what is written into them, and every frame comes back after a shrink.
 */
static void slab_sizes_and_flags(void)
{
	static const u32 sizes[] = { 1, 7, 8, 24, 96, 100, 192, 500, 4096,
				     8192, 10000 };
	static const u32 flags[] = {
		0, MMLAB_SLAB_HWCACHE_ALIGN, MMLAB_SLAB_RED_ZONE,
		MMLAB_SLAB_POISON, MMLAB_SLAB_CTOR,
		MMLAB_SLAB_RED_ZONE | MMLAB_SLAB_POISON | MMLAB_SLAB_CHECKS,
	};
	static const u32 aligns[] = { 0, 16, 256 };
	struct ts *t = ts_new(4096, 2);
	unsigned int si, fi, ai;

	for (si = 0; si < ARRAY_SIZE(sizes); si++)
		for (fi = 0; fi < ARRAY_SIZE(flags); fi++)
			for (ai = 0; ai < ARRAY_SIZE(aligns); ai++) {
				struct mmlab_slab_cache *c;
				u64 n, i;
				void **objs;

				t_variant("size %u flags %#x align %u",
					  sizes[si], flags[fi], aligns[ai]);
				c = cache_new(t, "sizes", sizes[si], aligns[ai],
					      flags[fi]);
				n = 2 * c->l.objects + 3;
				objs = calloc(n, sizeof(void *));
				ASSERT_NOT_NULL(objs);
				for (i = 0; i < n; i++) {
					shim.cpu = i % 2;
					objs[i] = mmlab_slab_alloc(c);
					ASSERT_NOT_NULL(objs[i]);
					if (aligns[ai])
						ASSERT_EQ((uintptr_t)objs[i] %
							  aligns[ai], 0UL);
					memset(objs[i], pattern(i), sizes[si]);
				}
				objects_apart(c, objs, n);
				ASSERT_EQ(mmlab_slab_validate(c), 0U);
				for (i = 0; i < n; i++) {
					ASSERT_NULL(first_not(objs[i], sizes[si],
							      pattern(i)));
					if (flags[fi] & MMLAB_SLAB_CTOR)
						memset(objs[i], 0x5c, sizes[si]);
				}
				shuffle(objs, n);
				for (i = 0; i < n; i++) {
					shim.cpu = (i / 3) % 2;
					ASSERT_EQ(mmlab_slab_free(c, objs[i]), 0);
				}
				free(objs);
				ASSERT_EQ(mmlab_slab_validate(c), 0U);
				ASSERT_EQ(c->stats.errors, 0ULL);
				ASSERT_EQ(mmlab_slab_cache_destroy(c), 0);
				ASSERT_EQ(t->b->arena->nr_free, t->start_free);
			}
}

/* A constructed object keeps the constructor's bytes through reuse. */
static void slab_ctor_kept(void)
{
	struct ts *t = ts_new(256, 1);
	struct mmlab_slab_cache *c = cache_new(t, "ctor", 40, 0,
					       MMLAB_SLAB_CTOR |
					       MMLAB_SLAB_POISON);
	void *objs[300];
	unsigned int i, round;

	ASSERT_TRUE(c->l.free_offset >= c->l.object_size);
	for (round = 0; round < 3; round++) {
		for (i = 0; i < ARRAY_SIZE(objs); i++) {
			objs[i] = mmlab_slab_alloc(c);
			ASSERT_NOT_NULL(objs[i]);
			ASSERT_NULL(first_not(objs[i], 40, 0x5c));
		}
		for (i = 0; i < ARRAY_SIZE(objs); i++)
			ASSERT_EQ(mmlab_slab_free(c, objs[i]), 0);
		drain_all(c);
		mmlab_slab_shrink(c, round);	/* new slabs, too */
	}
	ASSERT_EQ(mmlab_slab_validate(c), 0U);
}

/*
 * The per-CPU arrays: a free parks the object on its CPU's array and the
 * next allocation there takes it back (LIFO) without the lock; an
 * empty array refills a batch; a full one drains a batch.
 */
static void slab_cpu_arrays(void)
{
	struct ts *t = ts_new(1024, 2);
	struct mmlab_slab_cache *c = cache_new(t, "pcp", 64, 0, 0);
	struct mmlab_slab_info in;
	void *a, *b, *objs[400];
	unsigned int i;

	ASSERT_EQ(c->limit, 120U);
	ASSERT_EQ(c->batch, 60U);
	a = mmlab_slab_alloc(c);
	ASSERT_EQ(c->stats.alloc_slow, 1ULL);
	ASSERT_EQ(c->stats.refills, 1ULL);
	ASSERT_EQ(c->cpu[0].count, 59U);
	ASSERT_EQ(c->inuse, 60ULL);
	b = mmlab_slab_alloc(c);
	ASSERT_EQ(c->cpu[0].alloc_fast, 1ULL);
	ASSERT_EQ(mmlab_slab_free(c, b), 0);
	ASSERT_EQ(c->cpu[0].free_fast, 1ULL);
	ASSERT_TRUE(mmlab_slab_alloc(c) == b);	/* hot object back */

	/* CPU 1 has its own array */
	shim.cpu = 1;
	ASSERT_EQ(mmlab_slab_free(c, a), 0);
	ASSERT_EQ(c->cpu[1].count, 1U);
	ASSERT_TRUE(mmlab_slab_alloc(c) == a);
	ASSERT_EQ(c->cpu[1].count, 0U);

	/* 400 frees on CPU 1: its array fills to 120, then drains 60 */
	for (i = 0; i < ARRAY_SIZE(objs); i++)
		ASSERT_NOT_NULL(objs[i] = mmlab_slab_alloc(c));
	for (i = 0; i < ARRAY_SIZE(objs); i++)
		ASSERT_EQ(mmlab_slab_free(c, objs[i]), 0);
	ASSERT_TRUE(c->cpu[1].count <= c->limit);
	ASSERT_TRUE(c->stats.drains >= 4);
	/* no stale copies past the arrays' ends: kmemleak would see them */
	for (i = c->cpu[1].count; i < c->limit; i++)
		ASSERT_NULL(c->cpu[1].objs[i]);
	for (i = c->cpu[0].count; i < c->limit; i++)
		ASSERT_NULL(c->cpu[0].objs[i]);
	mmlab_slab_info(c, &in);
	ASSERT_EQ(in.active_objs, in.cpu_objs + 2);	/* a and b */
	ASSERT_EQ(in.live, 2ULL);
	ASSERT_EQ(mmlab_slab_validate(c), 0U);

	/* drained, only the two live objects keep a slab */
	drain_all(c);
	mmlab_slab_shrink(c, 0);
	mmlab_slab_info(c, &in);
	ASSERT_EQ(in.active_objs, 2ULL);
	ASSERT_TRUE(in.num_slabs <= 2);
	ASSERT_EQ(mmlab_slab_free(c, a), 0);
	ASSERT_EQ(mmlab_slab_free(c, b), 0);
	ASSERT_EQ(mmlab_slab_cache_destroy(c), 0);
	ASSERT_EQ(t->b->arena->nr_free, t->start_free);
}

/*
 * Lists: a slab moves empty -> partial -> full and back; empty slabs
 * beyond the minimum go back to the buddy as soon as they empty.
 */
static void slab_lists(void)
{
	struct ts *t = ts_new(1024, 2);
	struct mmlab_slab_cache *c = cache_new(t, "lists", 1024, 0,
					       MMLAB_SLAB_CHECKS);
	u32 per = c->l.objects, i, nslabs = c->min_empty + 3;
	void **objs = calloc(per * nslabs, sizeof(void *));

	ASSERT_NOT_NULL(objs);
	ASSERT_EQ(c->limit, 0U);		/* checked: no arrays */
	ASSERT_EQ(per, 16U);			/* kmalloc-1k's shape */
	ASSERT_EQ(c->l.order, 2U);
	objs[0] = mmlab_slab_alloc(c);
	ASSERT_EQ(c->lists[MMLAB_SLAB_PARTIAL].nr, 1ULL);
	for (i = 1; i < per; i++)
		objs[i] = mmlab_slab_alloc(c);
	ASSERT_EQ(c->lists[MMLAB_SLAB_FULL].nr, 1ULL);
	ASSERT_EQ(c->lists[MMLAB_SLAB_PARTIAL].nr, 0ULL);
	for (i = per; i < per * nslabs; i++)
		ASSERT_NOT_NULL(objs[i] = mmlab_slab_alloc(c));
	ASSERT_EQ(c->nr_slabs, (u64)nslabs);
	ASSERT_EQ(t->b->arena->nr_free,
		  t->start_free - ((u64)nslabs << c->l.order));
	ASSERT_EQ(mmlab_slab_free(c, objs[0]), 0);
	ASSERT_EQ(c->lists[MMLAB_SLAB_PARTIAL].nr, 1ULL);
	for (i = 0; i < per * nslabs; i++)
		if (i)
			ASSERT_EQ(mmlab_slab_free(c, objs[i]), 0);
	ASSERT_EQ(c->lists[MMLAB_SLAB_EMPTY].nr, (u64)c->min_empty);
	ASSERT_EQ(c->stats.slabs_freed, 3ULL);
	ASSERT_EQ(mmlab_slab_validate(c), 0U);
	ASSERT_EQ(mmlab_slab_shrink(c, 0), (u64)c->min_empty);
	ASSERT_EQ(t->b->arena->nr_free, t->start_free);
	free(objs);
}

/* Slabs in turn start their objects a cache line further on. */
static void slab_coloring(void)
{
	struct ts *t = ts_new(1024, 1);
	/* 700 B: 5 in a page... SLUB takes order 2: 23 objects, 16 colors */
	struct mmlab_slab_cache *c = cache_new(t, "color", 700, 0,
					       MMLAB_SLAB_CHECKS);
	u32 colors = c->l.waste / 64 + 1, i;
	void *objs[64];

	ASSERT_TRUE(colors > 2);
	for (i = 0; i < colors + 1; i++) {
		struct mmlab_slab *s;

		objs[i] = mmlab_slab_alloc(c);
		s = mmlab_slabs_slab_of(c->root, objs[i]);
		/* one object a slab: fill the rest so the next is new */
		ASSERT_EQ((u64)(s->base - s->mem), (u64)(i % colors) * 64);
		while (s->freelist)
			ASSERT_NOT_NULL(mmlab_slab_alloc(c));
	}
	ASSERT_EQ(mmlab_slab_validate(c), 0U);
}

struct live_seen {
	u64 n;
	const struct mmlab_slab *s;
	u64 index;
};

static void see_live(void *arg, const struct mmlab_slab *s, u64 index)
{
	struct live_seen *ls = arg;

	ls->n++;
	ls->s = s;
	ls->index = index;
}

/* Destroy with an object in use fails, changes nothing, names it. */
static void slab_destroy_busy(void)
{
	struct ts *t = ts_new(256, 2);
	struct mmlab_slab_cache *c = cache_new(t, "busy", 128, 0, 0);
	struct live_seen ls = { 0 };
	struct mmlab_slab_walk w = { see_live, &ls };
	void *a = mmlab_slab_alloc(c), *b = mmlab_slab_alloc(c);
	u64 slabs = c->nr_slabs;

	ASSERT_EQ(mmlab_slab_free(c, a), 0);
	ASSERT_EQ(mmlab_slab_cache_destroy(c), -EBUSY);
	ASSERT_EQ(c->nr_slabs, slabs);
	ASSERT_TRUE(mmlab_slabs_find(&t->r, "busy") == c);
	ASSERT_EQ(mmlab_slab_walk_live(c, &w), 1ULL);
	ASSERT_TRUE(mmlab_slab_object(ls.s, ls.index) == b);
	ASSERT_EQ(mmlab_slab_validate(c), 0U);
	ASSERT_EQ(mmlab_slab_free(c, b), 0);
	ASSERT_EQ(mmlab_slab_cache_destroy(c), 0);
	ASSERT_NULL(mmlab_slabs_find(&t->r, "busy"));
}

/* Bad requests are refused and leave nothing behind. */
static void slab_bad_create(void)
{
	static const struct {
		const char *name;
		u32 size, align, flags;
		unsigned int mt;
		int err;
	} bad[] = {
		{ "zero", 0, 0, 0, 0, -EINVAL },
		{ "huge", MMLAB_SLAB_MAX_SIZE + 1, 0, 0, 0, -EINVAL },
		{ "align3", 64, 3, 0, 0, -EINVAL },
		{ "alignbig", 64, 8192, 0, 0, -EINVAL },
		{ "flags", 64, 0, 0x8000, 0, -EINVAL },
		{ "movable", 64, 0, 0, 1, -EINVAL },
		{ "", 64, 0, 0, 0, -EINVAL },
		{ "a b", 64, 0, 0, 0, -EINVAL },
		{ "a/b", 64, 0, 0, 0, -EINVAL },
		{ "0123456789012345678901234567890123", 64, 0, 0, 0, -EINVAL },
		{ "dup", 64, 0, 0, 0, -EEXIST },
		/* slabs of order 8 on an arena of 128 frames */
		{ "big", 1 << 20, 0, 0, 0, -E2BIG },
	};
	struct ts *t = ts_new(128, 1);	/* order-7 blocks at most */
	struct mmlab_slab_cache *dup = cache_new(t, "dup", 32, 0, 0), *c;
	unsigned long live = shim.kv_live;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct mmlab_slab_cache_req req = {
			.name = bad[i].name, .size = bad[i].size,
			.align = bad[i].align, .flags = bad[i].flags,
			.mt = bad[i].mt,
		};

		t_variant("%s", bad[i].name);
		c = NULL;
		ASSERT_EQ(mmlab_slab_cache_create(&t->r, &req, &c), bad[i].err);
		ASSERT_NULL(c);
		ASSERT_EQ(shim.kv_live, live);
		ASSERT_EQ(t->r.nr_caches, 1U);
	}
	t_variant(NULL);
	ASSERT_TRUE(t->r.caches == dup);
	for (i = 1; i < 8; i++) {
		struct mmlab_slab_cache_req req = { .name = "nomem", .size = 8 };

		shim_kv_fail_nth(i);
		c = NULL;
		if (mmlab_slab_cache_create(&t->r, &req, &c) == 0) {
			ASSERT_EQ(mmlab_slab_cache_destroy(c), 0);
			shim_kv_fail_nth(0);
			break;
		}
		ASSERT_EQ(shim.kv_live, live);
	}
}

/* No page, no object: NULL, counted, nothing half done. */
static void slab_no_page(void)
{
	struct ts *t = ts_new(64, 1);
	struct mmlab_slab_cache *c = cache_new(t, "nopage", 2048, 0, 0);
	void *objs[64];
	unsigned int n = 0;

	t->page_fail_at = 1;
	ASSERT_NULL(mmlab_slab_alloc(c));
	ASSERT_EQ(c->stats.fail, 1ULL);
	ASSERT_EQ(c->nr_slabs, 0ULL);
	/* descriptor allocation failing gives the page back */
	shim_kv_fail_nth(1);
	ASSERT_NULL(mmlab_slab_alloc(c));
	ASSERT_EQ(t->pages, 0UL);
	/* the buddy runs dry: 64 frames, slabs of order 3 */
	while (n < ARRAY_SIZE(objs) && (objs[n] = mmlab_slab_alloc(c)))
		n++;
	ASSERT_EQ(n, 64U / 8 * c->l.objects);
	ASSERT_EQ(mmlab_slab_validate(c), 0U);
	while (n--)
		ASSERT_EQ(mmlab_slab_free(c, objs[n]), 0);
}

/*
 * Debug mode, in the style of lib/slub_kunit.c: corrupt an object the way
 * a buggy user would, then count what validate() and the next alloc or
 * free report.
 */
static struct mmlab_slab_cache *debug_cache(struct ts *t, const char *name,
					    u32 size)
{
	shim.warn_quiet = true;
	return cache_new(t, name, size, 0, MMLAB_SLAB_DEBUG_FLAGS);
}

static void slab_debug_red_zone(void)
{
	struct ts *t = ts_new(256, 1);
	struct mmlab_slab_cache *c = debug_cache(t, "rz", 64);
	u8 *p = mmlab_slab_alloc(c);

	ASSERT_EQ(p[-1], MMLAB_SLAB_RED_ACTIVE);
	ASSERT_EQ(p[64], MMLAB_SLAB_RED_ACTIVE);
	p[64] = 0x12;			/* one byte past the end */
	shim_report_reset();
	ASSERT_EQ(mmlab_slab_validate(c), 1U);
	ASSERT_EQ(c->stats.errors, 0ULL);
	ASSERT_EQ(mmlab_slab_free(c, p), 0);	/* reported, repaired */
	ASSERT_EQ(c->stats.errors, 1ULL);
	ASSERT_TRUE(strstr(shim.report_last, "right red zone"));
	ASSERT_EQ(mmlab_slab_validate(c), 0U);

	p = mmlab_slab_alloc(c);
	p[-3] = 0;			/* before the start */
	ASSERT_EQ(mmlab_slab_validate(c), 1U);
	ASSERT_EQ(mmlab_slab_free(c, p), 0);
	ASSERT_TRUE(strstr(shim.report_last, "left red zone"));
	ASSERT_EQ(c->stats.errors, 2ULL);
	ASSERT_EQ(mmlab_slab_validate(c), 0U);
}

static void slab_debug_use_after_free(void)
{
	struct ts *t = ts_new(256, 1);
	struct mmlab_slab_cache *c = debug_cache(t, "uaf", 64);
	u8 *p = mmlab_slab_alloc(c), *q;

	ASSERT_EQ(mmlab_slab_free(c, p), 0);
	ASSERT_EQ(p[0], MMLAB_SLAB_POISON_FREE);
	ASSERT_EQ(p[63], MMLAB_SLAB_POISON_END);
	p[10] = 0x77;			/* write after free */
	ASSERT_EQ(mmlab_slab_validate(c), 1U);
	q = mmlab_slab_alloc(c);	/* the same object, LIFO */
	ASSERT_TRUE(q == p);
	ASSERT_EQ(c->stats.errors, 1ULL);
	ASSERT_TRUE(strstr(shim.report_last, "poison overwritten"));
	ASSERT_EQ(mmlab_slab_free(c, q), 0);
	ASSERT_EQ(mmlab_slab_validate(c), 0U);
}

static void slab_debug_bad_frees(void)
{
	struct ts *t = ts_new(256, 1);
	struct mmlab_slab_cache *c = debug_cache(t, "df", 64);
	struct mmlab_slab_cache *o = debug_cache(t, "other", 64);
	u8 *p = mmlab_slab_alloc(c), *q = mmlab_slab_alloc(o);
	u64 inuse = c->inuse;
	int local;

	ASSERT_EQ(mmlab_slab_check_free(c, p), 0);
	ASSERT_EQ(mmlab_slab_free(c, q), -EINVAL);	/* another cache's */
	ASSERT_EQ(mmlab_slab_free(c, p + 8), -EINVAL);	/* inside */
	ASSERT_EQ(mmlab_slab_free(c, &local), -EINVAL);	/* not the arena */
	ASSERT_EQ(c->inuse, inuse);
	ASSERT_EQ(mmlab_slab_free(c, p), 0);
	ASSERT_EQ(mmlab_slab_check_free(c, p), -EALREADY);
	ASSERT_EQ(mmlab_slab_free(c, p), -EALREADY);	/* double free */
	ASSERT_EQ(c->stats.errors, 4ULL);
	ASSERT_EQ(c->inuse, inuse - 1);
	ASSERT_EQ(mmlab_slab_validate(c), 0U);
	ASSERT_EQ(mmlab_slab_validate(o), 0U);
	ASSERT_EQ(mmlab_slab_free(o, q), 0);
}

/* Without red zones, a double free is found on the slab's free list. */
static void slab_debug_double_free_list(void)
{
	struct ts *t = ts_new(256, 1);
	struct mmlab_slab_cache *c = cache_new(t, "dfl", 64, 0,
					       MMLAB_SLAB_CHECKS);
	void *p = mmlab_slab_alloc(c);

	shim.warn_quiet = true;
	ASSERT_EQ(mmlab_slab_free(c, p), 0);
	ASSERT_EQ(mmlab_slab_free(c, p), -EALREADY);
	ASSERT_EQ(c->stats.errors, 1ULL);
	ASSERT_EQ(mmlab_slab_validate(c), 0U);
}

static void slab_debug_free_pointer(void)
{
	struct ts *t = ts_new(256, 1);
	struct mmlab_slab_cache *c = debug_cache(t, "fp", 64);
	u8 *a = mmlab_slab_alloc(c), *b = mmlab_slab_alloc(c);
	u64 garbage = 0x4141414141414141ULL;

	ASSERT_EQ(mmlab_slab_free(c, b), 0);
	ASSERT_EQ(mmlab_slab_free(c, a), 0);	/* a -> b -> ... */
	/* POISON keeps the free pointer after the object */
	memcpy(a - c->l.red_left + c->l.free_offset, &garbage, 8);
	ASSERT_EQ(mmlab_slab_validate(c), 1U);
	ASSERT_TRUE(strstr(shim.report_last, "free list broken"));
	ASSERT_TRUE(mmlab_slab_alloc(c) == a);	/* cut after a */
	ASSERT_EQ(c->stats.errors, 1ULL);
	ASSERT_TRUE(strstr(shim.report_last, "free pointer corrupt"));
	ASSERT_EQ(mmlab_slab_validate(c), 0U);
	ASSERT_EQ(c->lists[MMLAB_SLAB_FULL].nr, 1ULL);
	ASSERT_EQ(mmlab_slab_free(c, a), 0);
	ASSERT_EQ(mmlab_slab_validate(c), 0U);
	/* the rest of the slab is lost to the cache, as in SLUB */
	ASSERT_EQ(mmlab_slab_cache_destroy(c), -EBUSY);
	mmlab_slabs_destroy(&t->r);
}

struct live_obj {
	struct mmlab_slab_cache *c;
	u8 *p;
	u32 size;
	u8 fill;
};

/*
 * Random allocs and frees on three caches and two CPUs against a list
 * of live objects, each filled with its own byte: a byte changed is an
 * overlap or a bad reuse. validate() now and then; at the end every
 * frame is back.
 */
static void slab_random(void)
{
	static const u32 sizes[] = { 24, 192, 3000 };
	unsigned long iters = t_iterations(20000), it;
	struct ts *t = ts_new(2048, 2);
	struct mmlab_slab_cache *cs[3];
	struct live_obj *live = calloc(4096, sizeof(*live));
	unsigned int n = 0, i;

	ASSERT_NOT_NULL(live);
	cs[0] = cache_new(t, "r0", sizes[0], 0, 0);
	cs[1] = cache_new(t, "r1", sizes[1], 0, MMLAB_SLAB_RED_ZONE);
	cs[2] = cache_new(t, "r2", sizes[2], 64, MMLAB_SLAB_DEBUG_FLAGS);
	for (it = 0; it < iters; it++) {
		bool alloc = n < 4096 && (n == 0 || t_rand_below(100) < 55);

		shim.cpu = t_rand_below(2);
		if (alloc) {
			unsigned int k = t_rand_below(3);
			struct live_obj *o = &live[n];

			o->c = cs[k];
			o->size = sizes[k];
			o->p = mmlab_slab_alloc(cs[k]);
			if (!o->p)	/* the arena is full */
				continue;
			o->fill = (u8)t_rand();
			memset(o->p, o->fill, o->size);
			n++;
		} else {
			i = t_rand_below(n);
			ASSERT_NULL(first_not(live[i].p, live[i].size,
					      live[i].fill));
			ASSERT_EQ(mmlab_slab_free(live[i].c, live[i].p), 0);
			live[i] = live[--n];
		}
		if (it % 2048 == 0)
			for (i = 0; i < 3; i++)
				ASSERT_EQ(mmlab_slab_validate(cs[i]), 0U);
	}
	while (n--) {
		ASSERT_NULL(first_not(live[n].p, live[n].size, live[n].fill));
		ASSERT_EQ(mmlab_slab_free(live[n].c, live[n].p), 0);
	}
	for (i = 0; i < 3; i++) {
		ASSERT_EQ(mmlab_slab_validate(cs[i]), 0U);
		ASSERT_EQ(cs[i]->stats.errors, 0ULL);
		ASSERT_EQ(mmlab_slab_cache_destroy(cs[i]), 0);
	}
	ASSERT_EQ(t->b->arena->nr_free, t->start_free);
	free(live);
}

static const struct t_case slab_cases[] = {
	T_CASE(slab_sizes_and_flags),
	T_CASE(slab_ctor_kept),
	T_CASE(slab_cpu_arrays),
	T_CASE(slab_lists),
	T_CASE(slab_coloring),
	T_CASE(slab_destroy_busy),
	T_CASE(slab_bad_create),
	T_CASE(slab_no_page),
	T_CASE(slab_debug_red_zone),
	T_CASE(slab_debug_use_after_free),
	T_CASE(slab_debug_bad_frees),
	T_CASE(slab_debug_double_free_list),
	T_CASE(slab_debug_free_pointer),
	T_CASE(slab_random),
};
