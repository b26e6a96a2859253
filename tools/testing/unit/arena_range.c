// SPDX-License-Identifier: GPL-2.0
/*
 * arena_range.c - mmlab_range_init(), mmlab_range_take(),
 * mmlab_range_put() and mmlab_range_idle(), alone and as the backing of
 * an arena (the module's memmap= backing in miniature).
 *
 * Diagrams show physical frames (pfns); each box is a naturally aligned
 * block (o3: order 3, 8 frames).
 */

/* A block of the reference walk. */
struct rblock {
	u64 pfn;
	unsigned int order;
};

static int cmp_rblock(const void *l, const void *r)
{
	const struct rblock *a = l, *b = r;

	if (a->pfn != b->pfn)
		return a->pfn < b->pfn ? -1 : 1;
	return 0;
}

/*
 * The reference cut, deliberately naive: walk from @pfn and take, each
 * time, the largest order (counted up one at a time) that is <= @max_order,
 * fits in what remains and divides the pfn where the walk stands. Returns
 * the number of blocks, at most @cap of them written to @out.
 */
static unsigned int walk_cut(u64 pfn, u64 nr, unsigned int max_order,
			     struct rblock *out, unsigned int cap)
{
	unsigned int n = 0;

	while (nr) {
		unsigned int k = 0;

		while (k < max_order && k < 63 && (2ULL << k) <= nr &&
		       !(pfn & ((2ULL << k) - 1)))
			k++;
		if (n < cap)
			out[n] = (struct rblock){ pfn, k };
		n++;
		pfn += 1ULL << k;
		nr -= 1ULL << k;
	}
	return n;
}

/*
 * Take every block as mmlab_arena_create() would ask for them (orders
 * that never increase, one order lower after each -ENOMEM), into @out.
 * Returns the number taken, or fails the case if the fill gets stuck.
 */
static unsigned int fill_like_arena(struct mmlab_range *r, u64 nr,
				    unsigned int max_order, struct rblock *out,
				    unsigned int cap)
{
	unsigned int limit = max_order, n = 0;
	u64 placed = 0;

	while (placed < nr) {
		unsigned int order = mmlab_arena_next_order(nr - placed, limit);
		u64 pfn = 0x5e5e5e5e;

		if (mmlab_range_take(r, order, &pfn)) {
			ASSERT_EQ(pfn, 0x5e5e5e5eULL);
			if (!order)
				t_fail(__FILE__, __LINE__,
				       "fill stuck at order 0 with %llu of %llu frames placed",
				       placed, nr);
			limit = order - 1;
			continue;
		}
		ASSERT_LT(n, cap);
		out[n++] = (struct rblock){ pfn, order };
		placed += 1ULL << order;
	}
	return n;
}

/*
 * The cut of the comment atop arena.c: pfns 5..26, max_order 3.
 *
 *   pfn   5  6     8              16             24    26 27
 *         |o0|-o1-|------o3------|------o3------|-o1-|o0|
 *         '-head--'------------ run ------------'-tail--'
 *
 * Expect head 0b11, a run of two o3 at 8, tail 0b11; orders asked from 3
 * down give 8, 16, then -ENOMEM for o3 and o2, then 6, 24, 5, 26, then
 * nothing; the blocks come back in reverse and the range is idle.
 */
static void range_essay_example(void)
{
	static const struct rblock want[] = {
		{ 8, 3 }, { 16, 3 }, { 6, 1 }, { 24, 1 }, { 5, 0 }, { 26, 0 },
	};
	struct mmlab_range r;
	unsigned int i;
	u64 pfn;

	ASSERT_EQ(mmlab_range_init(&r, 5, 22, 3), 0);
	ASSERT_EQ(r.base, 5ULL);
	ASSERT_EQ(r.head, 3ULL);
	ASSERT_EQ(r.run, 8ULL);
	ASSERT_EQ(r.nr_run, 2ULL);
	ASSERT_EQ(r.tail, 3ULL);
	ASSERT_TRUE(mmlab_range_idle(&r));

	ASSERT_EQ(mmlab_range_take(&r, 3, &pfn), 0);
	ASSERT_EQ(pfn, 8ULL);
	ASSERT_EQ(mmlab_range_take(&r, 3, &pfn), 0);
	ASSERT_EQ(pfn, 16ULL);
	ASSERT_EQ(mmlab_range_take(&r, 3, &pfn), -ENOMEM);
	ASSERT_EQ(mmlab_range_take(&r, 2, &pfn), -ENOMEM);
	ASSERT_EQ(mmlab_range_take(&r, 4, &pfn), -ENOMEM);
	ASSERT_EQ(mmlab_range_take(&r, 1, &pfn), 0);
	ASSERT_EQ(pfn, 6ULL);
	ASSERT_EQ(mmlab_range_take(&r, 1, &pfn), 0);
	ASSERT_EQ(pfn, 24ULL);
	ASSERT_EQ(mmlab_range_take(&r, 1, &pfn), -ENOMEM);
	ASSERT_EQ(mmlab_range_take(&r, 0, &pfn), 0);
	ASSERT_EQ(pfn, 5ULL);
	ASSERT_EQ(mmlab_range_take(&r, 0, &pfn), 0);
	ASSERT_EQ(pfn, 26ULL);
	ASSERT_EQ(mmlab_range_take(&r, 0, &pfn), -ENOMEM);
	ASSERT_FALSE(mmlab_range_idle(&r));

	for (i = ARRAY_SIZE(want); i-- > 0;) {
		t_variant("put %u", i);
		ASSERT_EQ(mmlab_range_put(&r, want[i].order, want[i].pfn), 0);
	}
	ASSERT_TRUE(mmlab_range_idle(&r));
}

/*
 * Ranges that cannot be cut, and the edges of those that can:
 *
 *   0 frames; max_order 64; pfn + nr reaching 2^64        -> EINVAL, zeroed
 *   pfn 1024, 4096 frames, max_order 10 (all aligned)     -> run only
 *   pfn 1, 1 frame                                        -> head o0 only
 *   pfn 2^64 - 17, 16 frames, max_order 10 (aligning up
 *   to 2^10 would wrap)                                   -> no run
 *   pfn 0, 2^63 frames, max_order 63                      -> one o63
 *
 * Expect those cuts, and a failed init to leave the cut zeroed.
 */
static void range_init_edges(void)
{
	static const struct mmlab_range zero;
	struct mmlab_range r;
	u64 pfn;

	memset(&r, 0xa5, sizeof(r));
	ASSERT_EQ(mmlab_range_init(&r, 16, 0, 4), -EINVAL);
	ASSERT_EQ(memcmp(&r, &zero, sizeof(r)), 0);
	memset(&r, 0xa5, sizeof(r));
	ASSERT_EQ(mmlab_range_init(&r, 16, 16, 64), -EINVAL);
	ASSERT_EQ(memcmp(&r, &zero, sizeof(r)), 0);
	ASSERT_EQ(mmlab_range_init(&r, 16, 16, ~0U), -EINVAL);
	ASSERT_EQ(mmlab_range_init(&r, ~0ULL - 15, 16, 4), -EINVAL);
	ASSERT_EQ(mmlab_range_init(&r, 1, ~0ULL, 4), -EINVAL);

	ASSERT_EQ(mmlab_range_init(&r, 1024, 4096, 10), 0);
	ASSERT_EQ(r.head, 0ULL);
	ASSERT_EQ(r.run, 1024ULL);
	ASSERT_EQ(r.nr_run, 4ULL);
	ASSERT_EQ(r.tail, 0ULL);

	ASSERT_EQ(mmlab_range_init(&r, 1, 1, 10), 0);
	ASSERT_EQ(r.head, 1ULL);
	ASSERT_EQ(r.nr_run, 0ULL);
	ASSERT_EQ(r.tail, 0ULL);
	ASSERT_EQ(mmlab_range_take(&r, 0, &pfn), 0);
	ASSERT_EQ(pfn, 1ULL);

	ASSERT_EQ(mmlab_range_init(&r, ~0ULL - 16, 16, 10), 0);
	ASSERT_EQ(r.nr_run, 0ULL);
	ASSERT_EQ(r.head + r.tail, 16ULL);
	ASSERT_EQ(mmlab_range_take(&r, 4, &pfn), -ENOMEM);
	ASSERT_EQ(mmlab_range_take(&r, 3, &pfn), 0);
	ASSERT_EQ(pfn, ~0ULL - 15);

	ASSERT_EQ(mmlab_range_init(&r, 0, 1ULL << 63, 63), 0);
	ASSERT_EQ(r.nr_run, 1ULL);
	ASSERT_EQ(mmlab_range_take(&r, 63, &pfn), 0);
	ASSERT_EQ(pfn, 0ULL);
	ASSERT_EQ(mmlab_range_take(&r, 63, &pfn), -ENOMEM);
	ASSERT_EQ(mmlab_range_put(&r, 63, 0), 0);
	ASSERT_TRUE(mmlab_range_idle(&r));
}

/*
 * Blocks given back that were not out:
 *
 *   pfns 5..26, max_order 3 (the essay's cut), all taken, then
 *   put o3 @8 before o3 @16 (run out of turn)   -> EINVAL
 *   put o1 @7, o2 @8, o0 @6, o64 @5             -> EINVAL (no such block)
 *   put o0 @5 twice                             -> 0, then EINVAL
 *   take o64                                    -> ENOMEM
 *
 * Expect each refusal to change nothing, and the range idle once the
 * real blocks are back.
 */
static void range_put_misuse(void)
{
	struct mmlab_range r, before;
	u64 pfn;

	ASSERT_EQ(mmlab_range_init(&r, 5, 22, 3), 0);
	while (!mmlab_range_take(&r, 3, &pfn))
		;
	while (!mmlab_range_take(&r, 1, &pfn))
		;
	while (!mmlab_range_take(&r, 0, &pfn))
		;
	ASSERT_EQ(mmlab_range_take(&r, 64, &pfn), -ENOMEM);
	ASSERT_EQ(mmlab_range_take(&r, ~0U, &pfn), -ENOMEM);
	before = r;
	ASSERT_EQ(mmlab_range_put(&r, 3, 8), -EINVAL);
	ASSERT_EQ(mmlab_range_put(&r, 1, 7), -EINVAL);
	ASSERT_EQ(mmlab_range_put(&r, 2, 8), -EINVAL);
	ASSERT_EQ(mmlab_range_put(&r, 0, 6), -EINVAL);
	ASSERT_EQ(mmlab_range_put(&r, 64, 5), -EINVAL);
	ASSERT_EQ(mmlab_range_put(&r, ~0U, 5), -EINVAL);
	ASSERT_EQ(memcmp(&r, &before, sizeof(r)), 0);

	ASSERT_EQ(mmlab_range_put(&r, 0, 5), 0);
	ASSERT_EQ(mmlab_range_put(&r, 0, 5), -EINVAL);
	ASSERT_EQ(mmlab_range_put(&r, 0, 26), 0);
	ASSERT_EQ(mmlab_range_put(&r, 1, 24), 0);
	ASSERT_EQ(mmlab_range_put(&r, 1, 6), 0);
	ASSERT_EQ(mmlab_range_put(&r, 3, 16), 0);
	ASSERT_FALSE(mmlab_range_idle(&r));
	ASSERT_EQ(mmlab_range_put(&r, 3, 8), 0);
	ASSERT_EQ(mmlab_range_put(&r, 3, 8), -EINVAL);
	ASSERT_TRUE(mmlab_range_idle(&r));
}

/*
 * Check one range: the arena-like fill takes blocks that, sorted by pfn,
 * are exactly the naive walk's (same pfns, same orders, so each block is
 * naturally aligned, within max_order, and they tile the range); every
 * block comes back in reverse and the range ends idle.
 */
static void expect_cut_is_walk(u64 pfn, u64 nr, unsigned int max_order,
			       struct rblock *want, struct rblock *got,
			       unsigned int cap)
{
	struct mmlab_range r;
	unsigned int nwant, ngot, i;

	t_variant("pfn=%llu nr=%llu max_order=%u", pfn, nr, max_order);
	nwant = walk_cut(pfn, nr, max_order, want, cap);
	ASSERT_LE(nwant, cap);
	ASSERT_EQ(mmlab_range_init(&r, pfn, nr, max_order), 0);
	ngot = fill_like_arena(&r, nr, max_order, got, cap);
	ASSERT_EQ(ngot, nwant);
	for (i = 1; i < ngot; i++)
		ASSERT_LE(got[i].order, got[i - 1].order);
	/* Back in the reverse order of the fill, as the arena does. */
	for (i = ngot; i-- > 0;)
		ASSERT_EQ(mmlab_range_put(&r, got[i].order, got[i].pfn), 0);
	qsort(got, ngot, sizeof(*got), cmp_rblock);
	for (i = 0; i < ngot; i++) {
		ASSERT_EQ(got[i].pfn, want[i].pfn);
		ASSERT_EQ(got[i].order, want[i].order);
	}
	ASSERT_TRUE(mmlab_range_idle(&r));
}

/*
 * Every range of pfn 0..160 and 1..160 frames, for max_order 0, 1, 2, 3,
 * 5, 7, 10 and 63.
 *
 * Expect the fill to take exactly the naive walk's blocks.
 */
static void range_vs_walk_grid(void)
{
	static const unsigned int orders[] = { 0, 1, 2, 3, 5, 7, 10, 63 };
	const unsigned int cap = 256;
	struct rblock *want = calloc(cap, sizeof(*want));
	struct rblock *got = calloc(cap, sizeof(*got));
	unsigned int o;
	u64 pfn, nr;

	t_defer(free, want);
	t_defer(free, got);
	ASSERT_NOT_NULL(want);
	ASSERT_NOT_NULL(got);
	for (o = 0; o < ARRAY_SIZE(orders); o++)
		for (pfn = 0; pfn <= 160; pfn++)
			for (nr = 1; nr <= 160; nr++)
				expect_cut_is_walk(pfn, nr, orders[o], want,
						   got, cap);
}

/*
 * Random ranges: pfn below 2^40 (or just below 2^64), up to 2^14 frames,
 * max_order 0..10.
 *
 * Expect the fill to take exactly the naive walk's blocks.
 */
static void range_vs_walk_random(void)
{
	const unsigned int cap = (1U << 14) + 64;
	struct rblock *want = calloc(cap, sizeof(*want));
	struct rblock *got = calloc(cap, sizeof(*got));
	unsigned long i, iters = t_iterations(2000);

	t_defer(free, want);
	t_defer(free, got);
	ASSERT_NOT_NULL(want);
	ASSERT_NOT_NULL(got);
	for (i = 0; i < iters; i++) {
		u64 nr = 1 + t_rand_below(1ULL << (1 + t_rand_below(14)));
		u64 pfn = t_rand_below(1ULL << 40);
		unsigned int max_order = (unsigned int)t_rand_below(11);

		if (!(i % 16))
			pfn = ~0ULL - nr - t_rand_below(1ULL << 12);
		expect_cut_is_walk(pfn, nr, max_order, want, got, cap);
	}
}

/*
 * The module's memmap= backing in miniature: an arena whose backing is a
 * range of fake pfns mapped onto one buffer, frame f of the range at
 * buf + (f - base) pages.
 */
struct rb {
	struct mmlab_range range;
	u64 base;
	u8 *buf;
	unsigned long bad_puts;
};

static int rb_chunk_alloc(void *priv, unsigned int order,
			  struct mmlab_chunk *chunk)
{
	struct rb *rb = priv;
	u64 pfn;
	int err;

	err = mmlab_range_take(&rb->range, order, &pfn);
	if (err)
		return err;
	chunk->pfn = pfn;
	chunk->mem = rb->buf + ((pfn - rb->base) << MMLAB_PAGE_SHIFT);
	return 0;
}

static void rb_chunk_free(void *priv, const struct mmlab_chunk *chunk)
{
	struct rb *rb = priv;

	if (mmlab_range_put(&rb->range, chunk->order, chunk->pfn))
		rb->bad_puts++;
}

static const struct mmlab_arena_ops rb_ops = {
	.chunk_alloc = rb_chunk_alloc,
	.chunk_free = rb_chunk_free,
};

/*
 * Arenas on ranges that start anywhere, e.g. pfn 0x10001, 4099 frames,
 * max_order 10:
 *
 *   0x10001                    0x10400               0x11400   0x11404
 *   |o0|o1|o2|...|o9|          |==o10==|==o10==|...   |o1|o0|   (etc.)
 *
 * Expect create to succeed, the arena to pass mmlab_arena_validate() and
 * mmlab_arena_selftest(), its chunks sorted by pfn to tile the range with
 * each chunk's memory at its place in the buffer, and destroy to give
 * every block back (the range idle, no bad put).
 */
static void range_backs_arena(void)
{
	static const u64 bases[] = { 0, 1, 3, 5, 7, 1023, 1025, 0x10001,
				     (1ULL << 40) + 3 };
	static const u64 sizes[] = { 16, 17, 22, 100, 1000, 1024, 1025,
				     4099 };
	static const unsigned int orders[] = { 0, 3, 10 };
	u8 *buf = malloc(4099ULL << MMLAB_PAGE_SHIFT);
	unsigned int b, s, o;

	t_defer(free, buf);
	ASSERT_NOT_NULL(buf);
	for (b = 0; b < ARRAY_SIZE(bases); b++) {
		for (s = 0; s < ARRAY_SIZE(sizes); s++) {
			for (o = 0; o < ARRAY_SIZE(orders); o++) {
				struct rb rb = { .base = bases[b], .buf = buf };
				struct mmlab_arena a;
				struct mmlab_chunk *byp;
				unsigned int i;
				u64 next;

				t_variant("base=%llu nr=%llu max_order=%u",
					  bases[b], sizes[s], orders[o]);
				ASSERT_EQ(mmlab_range_init(&rb.range, bases[b],
							   sizes[s], orders[o]),
					  0);
				ASSERT_EQ(mmlab_arena_create(&a, sizes[s],
							     orders[o], &rb_ops,
							     &rb), 0);
				ASSERT_EQ(mmlab_arena_validate(&a), 0U);
				ASSERT_EQ(mmlab_arena_selftest(&a), 0ULL);
				ASSERT_EQ(a.nr_chunks,
					  walk_cut(bases[b], sizes[s], orders[o],
						   NULL, 0));
				byp = a.scratch;
				memcpy(byp, a.chunks, a.nr_chunks * sizeof(*byp));
				mmlab_sort(byp, a.nr_chunks, sizeof(*byp),
					   chunk_cmp_pfn);
				next = bases[b];
				for (i = 0; i < a.nr_chunks; i++) {
					ASSERT_EQ(byp[i].pfn, next);
					ASSERT_PTR_EQ(byp[i].mem,
						      buf + ((next - bases[b]) <<
							     MMLAB_PAGE_SHIFT));
					next += 1ULL << byp[i].order;
				}
				ASSERT_EQ(next, bases[b] + sizes[s]);
				mmlab_arena_destroy(&a);
				ASSERT_TRUE(mmlab_range_idle(&rb.range));
				ASSERT_EQ(rb.bad_puts, 0UL);
			}
		}
	}
}

/*
 * A failed create on a range: the chunk table's allocation fails at
 * every point of the fill in turn (the shim's fail-nth).
 *
 * Expect -ENOMEM each time, every block taken so far given back (the
 * range idle, no bad put), then a create that succeeds.
 */
static void range_arena_create_fails_clean(void)
{
	u8 *buf = malloc(4099ULL << MMLAB_PAGE_SHIFT);
	unsigned long n;

	t_defer(free, buf);
	ASSERT_NOT_NULL(buf);
	for (n = 1; ; n++) {
		struct rb rb = { .base = 0x10001, .buf = buf };
		struct mmlab_arena a;
		int err;

		t_variant("kv_fail_nth=%lu", n);
		ASSERT_EQ(mmlab_range_init(&rb.range, rb.base, 4099, 10), 0);
		shim_kv_fail_nth(n);
		err = mmlab_arena_create(&a, 4099, 10, &rb_ops, &rb);
		if (!err) {
			/* The failure was never reached. */
			ASSERT_NE(shim.kv_fail_at, 0UL);
			shim_kv_fail_nth(0);
			ASSERT_EQ(mmlab_arena_validate(&a), 0U);
			mmlab_arena_destroy(&a);
			ASSERT_TRUE(mmlab_range_idle(&rb.range));
			ASSERT_EQ(rb.bad_puts, 0UL);
			break;
		}
		ASSERT_EQ(err, -ENOMEM);
		ASSERT_TRUE(mmlab_range_idle(&rb.range));
		ASSERT_EQ(rb.bad_puts, 0UL);
		ASSERT_LT(n, 100UL);
	}
	ASSERT_GT(n, 1UL);
}

static const struct t_case arena_range_cases[] = {
	T_CASE(range_essay_example),
	T_CASE(range_init_edges),
	T_CASE(range_put_misuse),
	T_CASE(range_vs_walk_grid),
	T_CASE(range_vs_walk_random),
	T_CASE(range_backs_arena),
	T_CASE(range_arena_create_fails_clean),
};
