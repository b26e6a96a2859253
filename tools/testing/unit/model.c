// SPDX-License-Identifier: GPL-2.0
/*
 * model.c - helpers shared by the arena tests, and the reference model.
 *
 * The model is deliberately naive. It works out the chunk table the way
 * the comment atop arena.c describes it, with none of arena.c's tricks: the
 * order of the next chunk is found by counting up one order at a time, and
 * the owner of every frame is written down frame by frame. The backing's
 * decisions are replayed with tb_verdict(), so the model knows which call
 * fails without calling anything.
 */

struct model_chunk {
	u64 first;
	unsigned int order;
};

struct model {
	int err;
	u64 nr_frames;
	unsigned int max_order;
	unsigned long calls;		/* chunk_alloc() calls made */
	unsigned int nr;		/* chunks */
	unsigned int cap;
	struct model_chunk *chunks;
	unsigned int *owner;		/* frame -> chunk, when asked for */
};

static void model_free(void *arg)
{
	struct model *m = arg;

	free(m->chunks);
	free(m->owner);
	free(m);
}

/*
 * What mmlab_arena_create(@nr_frames, @max_order) must do on a backing
 * with @knobs; with @owners, also the owner of every frame.
 */
static struct model *model_build(u64 nr_frames, unsigned int max_order,
				 const struct tb *knobs, bool owners)
{
	struct model *m = calloc(1, sizeof(*m));
	unsigned int limit = max_order, i;
	u64 placed = 0, live = 0, f;

	ASSERT_NOT_NULL(m);
	t_defer(model_free, m);
	m->nr_frames = nr_frames;
	m->max_order = max_order;
	if (!nr_frames || max_order >= 64) {
		m->err = -EINVAL;
		return m;
	}
	while (placed < nr_frames) {
		unsigned int order = 0;
		int verdict;

		while (order < limit && order < 63 &&
		       (2ULL << order) <= nr_frames - placed)
			order++;
		verdict = tb_verdict(knobs, ++m->calls, order, live);
		if (verdict == -ENOMEM && order > 0) {
			limit = order - 1;
			continue;
		}
		if (verdict) {
			m->err = verdict;
			m->nr = 0;
			return m;
		}
		if (m->nr == m->cap) {
			m->cap = m->cap ? 2 * m->cap : 64;
			m->chunks = realloc(m->chunks,
					    m->cap * sizeof(*m->chunks));
			ASSERT_NOT_NULL(m->chunks);
		}
		m->chunks[m->nr].first = placed;
		m->chunks[m->nr].order = order;
		m->nr++;
		placed += 1ULL << order;
		live += 1ULL << order;
	}
	if (!owners)
		return m;
	m->owner = calloc(nr_frames, sizeof(*m->owner));
	ASSERT_NOT_NULL(m->owner);
	for (i = 0, f = 0; i < m->nr; i++) {
		u64 k;

		for (k = 0; k < (1ULL << m->chunks[i].order); k++)
			m->owner[f++] = i;
	}
	ASSERT_EQ(f, nr_frames);
	return m;
}

/* Chunks of a greedy fill without failures: n / 2^m whole chunks of order
 * m, then one chunk per bit set in what is left.
 */
static unsigned int expected_nr_chunks(u64 n, unsigned int m)
{
	u64 rest = n & ((1ULL << m) - 1);

	return (unsigned int)(n >> m) + __builtin_popcountll(rest);
}

/* The chunk holding @frame, by looking at every chunk; -1 if none. */
static int linear_chunk_of(const struct mmlab_arena *a, u64 frame)
{
	unsigned int i;

	for (i = 0; i < a->nr_chunks; i++) {
		const struct mmlab_chunk *c = &a->chunks[i];

		if (frame >= c->first && frame - c->first < (1ULL << c->order))
			return (int)i;
	}
	return -1;
}

/* The arena holds exactly the model's chunk table and is sound. */
static void expect_arena_is_model(const struct mmlab_arena *a,
				  const struct model *m)
{
	unsigned int i;

	ASSERT_EQ(m->err, 0);
	ASSERT_EQ(a->nr_frames, m->nr_frames);
	ASSERT_EQ(a->nr_free, m->nr_frames);
	ASSERT_EQ(a->max_order, m->max_order);
	ASSERT_EQ(a->nr_chunks, m->nr);
	for (i = 0; i < m->nr; i++) {
		t_variant("chunk %u of %u", i, m->nr);
		ASSERT_EQ(a->chunks[i].first, m->chunks[i].first);
		ASSERT_EQ(a->chunks[i].order, m->chunks[i].order);
	}
	t_variant(NULL);
	ASSERT_EQ(a->chunk_order_max, m->chunks[0].order);
	ASSERT_EQ(a->chunk_order_min, m->chunks[m->nr - 1].order);
	ASSERT_EQ(mmlab_arena_validate(a), 0U);
	ASSERT_EQ(shim.reports, 0UL);
}

/* Every frame's chunk and address match the model's owner map. */
static void expect_lookups_match(const struct mmlab_arena *a,
				 const struct model *m)
{
	u64 f;

	for (f = 0; f < m->nr_frames; f++) {
		const struct mmlab_chunk *c = &a->chunks[m->owner[f]];
		u8 *want = (u8 *)c->mem + ((f - c->first) << MMLAB_PAGE_SHIFT);

		if (mmlab_arena_chunk_of(a, f) != c)
			t_fail(__FILE__, __LINE__,
			       "frame %llu: chunk_of() gives chunk %ld, model %u",
			       f, (long)(mmlab_arena_chunk_of(a, f) - a->chunks),
			       m->owner[f]);
		if (mmlab_arena_frame_mem(a, f) != want)
			t_fail(__FILE__, __LINE__,
			       "frame %llu: frame_mem() %p, model %p", f,
			       mmlab_arena_frame_mem(a, f), (void *)want);
	}
	ASSERT_NULL(mmlab_arena_chunk_of(a, m->nr_frames));
	ASSERT_NULL(mmlab_arena_chunk_of(a, m->nr_frames + 1));
	ASSERT_NULL(mmlab_arena_chunk_of(a, ~0ULL));
	ASSERT_NULL(mmlab_arena_frame_mem(a, m->nr_frames));
	ASSERT_NULL(mmlab_arena_frame_mem(a, ~0ULL));
}

/* The chunks' memory ranges are pairwise disjoint (sort by address). */
static int cmp_chunk_mem(const void *l, const void *r)
{
	const struct mmlab_chunk *a = l, *b = r;

	if (a->mem == b->mem)
		return 0;
	return (uintptr_t)a->mem < (uintptr_t)b->mem ? -1 : 1;
}

static void expect_memory_disjoint(const struct mmlab_arena *a)
{
	struct mmlab_chunk *byaddr;
	unsigned int i;

	if (a->nr_chunks < 2)
		return;
	byaddr = malloc(a->nr_chunks * sizeof(*byaddr));
	ASSERT_NOT_NULL(byaddr);
	memcpy(byaddr, a->chunks, a->nr_chunks * sizeof(*byaddr));
	qsort(byaddr, a->nr_chunks, sizeof(*byaddr), cmp_chunk_mem);
	for (i = 0; i + 1 < a->nr_chunks; i++) {
		uintptr_t end = (uintptr_t)byaddr[i].mem +
				((uintptr_t)1 << (byaddr[i].order +
						  MMLAB_PAGE_SHIFT));

		if (end > (uintptr_t)byaddr[i + 1].mem) {
			u64 l = byaddr[i].first, r = byaddr[i + 1].first;

			free(byaddr);
			t_fail(__FILE__, __LINE__,
			       "chunks at index %llu and %llu share memory",
			       l, r);
		}
	}
	free(byaddr);
}

/* A fresh arena of @nr_frames on @tb, which must succeed. */
static struct mmlab_arena *make_arena(struct tb *tb, u64 nr_frames,
				      unsigned int max_order)
{
	struct mmlab_arena *a = tb_arena(tb);
	int err = mmlab_arena_create(a, nr_frames, max_order, &tb_ops, tb);

	ASSERT_EQ(err, 0);
	return a;
}

/* The arena is all zeroes, as after a failed create or a destroy. */
static bool arena_is_zeroed(const struct mmlab_arena *a)
{
	static const struct mmlab_arena zero;

	return !memcmp(a, &zero, sizeof(zero));
}

/* After a failed create: nothing held, by the arena or the backing. */
static void expect_nothing_held(const struct mmlab_arena *a,
				const struct tb *tb)
{
	ASSERT_TRUE(arena_is_zeroed(a));
	ASSERT_EQ(tb_live(tb), 0U);
	ASSERT_TRUE(tb_balanced(tb));
	ASSERT_EQ(shim.kv_live, t_kv_live_at_start());
}
