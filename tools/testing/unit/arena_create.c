// SPDX-License-Identifier: GPL-2.0
/*
 * arena_create.c - mmlab_arena_next_order(), mmlab_arena_create() and
 * mmlab_arena_destroy().
 *
 * Diagrams show the arena in index space, frames 0..nr_frames-1, each box
 * a chunk (o7: order 7, 128 frames). "K" is the largest order the backing
 * still supplies.
 */

/*
 * mmlab_arena_next_order() on its edges:
 *
 *   remaining   1   2^k - 1   2^k   2^64 - 1
 *   limit 63    0   k - 1     k     63
 *
 * and limit 0 (always 0) or a limit above 63 (no limit at all).
 *
 * Expect the largest order k <= limit with 2^k <= remaining.
 */
static void next_order_edges(void)
{
	static const unsigned int limits[] = { 0, 1, 10, 62, 63, 64, 65,
					       100, ~0U };
	unsigned int k, i;

	ASSERT_EQ(mmlab_arena_next_order(1, 0), 0U);
	ASSERT_EQ(mmlab_arena_next_order(1, 10), 0U);
	ASSERT_EQ(mmlab_arena_next_order(2, 10), 1U);
	ASSERT_EQ(mmlab_arena_next_order(3, 10), 1U);
	ASSERT_EQ(mmlab_arena_next_order(160, 10), 7U);
	ASSERT_EQ(mmlab_arena_next_order(~0ULL, 63), 63U);
	ASSERT_EQ(mmlab_arena_next_order(~0ULL, 10), 10U);
	ASSERT_EQ(mmlab_arena_next_order(~0ULL, ~0U), 63U);
	ASSERT_EQ(mmlab_arena_next_order(1ULL << 40, 0), 0U);
	for (k = 0; k < 64; k++) {
		for (i = 0; i < ARRAY_SIZE(limits); i++) {
			unsigned int lim = limits[i];

			t_variant("k=%u limit=%u", k, lim);
			ASSERT_EQ(mmlab_arena_next_order(1ULL << k, lim),
				  min(k, lim));
			if (k > 0)
				ASSERT_EQ(mmlab_arena_next_order((1ULL << k) - 1,
								 lim),
					  min(k - 1, lim));
			if (k > 1)
				ASSERT_EQ(mmlab_arena_next_order((1ULL << k) + 1,
								 lim),
					  min(k, lim));
		}
	}
}

/*
 * mmlab_arena_next_order() against its definition, by brute force: for
 * every remaining in 1..4096 and limit in 0..66, count orders up from 0.
 *
 * Expect the same order every time.
 */
static void next_order_vs_naive(void)
{
	u64 r;
	unsigned int lim;

	for (r = 1; r <= 4096; r++) {
		for (lim = 0; lim <= 66; lim++) {
			unsigned int want = 0;

			while (want < lim && want < 63 && (2ULL << want) <= r)
				want++;
			t_variant("remaining=%llu limit=%u", r, lim);
			ASSERT_EQ(mmlab_arena_next_order(r, lim), want);
		}
	}
}

/*
 * A 64 KiB arena with max_order 4:
 *
 *   0                16
 *   +-----------------+
 *   |       o4        |
 *   +-----------------+
 *
 * Expect one chunk of order 4 at index 0, all 16 frames free, one call to
 * the backing.
 */
static void create_one_chunk(void)
{
	struct tb *tb = tb_new();
	struct mmlab_arena *a = make_arena(tb, 16, 4);

	ASSERT_EQ(a->nr_chunks, 1U);
	ASSERT_EQ(a->chunks[0].first, 0ULL);
	ASSERT_EQ(a->chunks[0].order, 4U);
	ASSERT_EQ(a->nr_frames, 16ULL);
	ASSERT_EQ(a->nr_free, 16ULL);
	ASSERT_EQ(a->max_order, 4U);
	ASSERT_EQ(a->chunk_order_min, 4U);
	ASSERT_EQ(a->chunk_order_max, 4U);
	ASSERT_PTR_EQ(a->ops, &tb_ops);
	ASSERT_PTR_EQ(a->priv, tb);
	ASSERT_EQ(tb->calls, 1UL);
	ASSERT_EQ(mmlab_arena_validate(a), 0U);
	ASSERT_EQ(mmlab_arena_selftest(a), 0ULL);
	mmlab_arena_destroy(a);
	ASSERT_TRUE(tb_balanced(tb));
}

/*
 * A 640 KiB arena (160 frames) with max_order 10:
 *
 *   0                               128       160
 *   +--------------------------------+---------+
 *   |              o7                |   o5    |
 *   +--------------------------------+---------+
 *        512 KiB                       128 KiB
 *
 * Expect two chunks, orders 7 and 5, at 0 and 128, and chunk orders
 * recorded as 5..7.
 */
static void create_640k(void)
{
	struct tb *tb = tb_new();
	struct mmlab_arena *a = make_arena(tb, 160, 10);

	ASSERT_EQ(a->nr_chunks, 2U);
	ASSERT_EQ(a->chunks[0].first, 0ULL);
	ASSERT_EQ(a->chunks[0].order, 7U);
	ASSERT_EQ(a->chunks[1].first, 128ULL);
	ASSERT_EQ(a->chunks[1].order, 5U);
	ASSERT_EQ(a->chunk_order_min, 5U);
	ASSERT_EQ(a->chunk_order_max, 7U);
	ASSERT_EQ(a->max_order, 10U);
	ASSERT_EQ(mmlab_arena_validate(a), 0U);
	ASSERT_EQ(mmlab_arena_selftest(a), 0ULL);
}

/*
 * A one-frame arena, for every max_order 0..10:
 *
 *   0    1
 *   +----+
 *   | o0 |
 *   +----+
 *
 * Expect a single order-0 chunk whatever max_order allows; max_order is
 * still recorded as asked (the allocators may never build a block that
 * large, but that is theirs to know).
 */
static void create_single_frame(void)
{
	unsigned int order;

	for (order = 0; order <= 10; order++) {
		unsigned int scope = t_scope();
		struct tb *tb = tb_new();
		struct mmlab_arena *a;

		t_variant("max_order=%u", order);
		a = make_arena(tb, 1, order);
		ASSERT_EQ(a->nr_chunks, 1U);
		ASSERT_EQ(a->chunks[0].order, 0U);
		ASSERT_EQ(a->max_order, order);
		ASSERT_EQ(a->chunk_order_min, 0U);
		ASSERT_EQ(a->chunk_order_max, 0U);
		ASSERT_EQ(mmlab_arena_validate(a), 0U);
		ASSERT_EQ(mmlab_arena_selftest(a), 0ULL);
		mmlab_arena_destroy(a);
		ASSERT_TRUE(tb_balanced(tb));
		t_unwind(scope);
	}
}

/*
 * Every size of 1..300 frames with every max_order 0..10 (3300 arenas),
 * e.g. 300 frames, max_order 6:
 *
 *   0      64     128    192    256   288  296 300
 *   +------+------+------+------+-----+----+---+
 *   |  o6  |  o6  |  o6  |  o6  | o5  | o3 |o2 |
 *   +------+------+------+------+-----+----+---+
 *
 * Expect n / 2^m chunks of order m and then one chunk per bit of
 * n mod 2^m, exactly the naive model's table, one backing call per
 * chunk, a sound arena (validate() == 0, selftest() == 0), chunks in
 * distinct memory, and everything given back by destroy().
 */
static void create_sizes_x_orders(void)
{
	u64 n;
	unsigned int m;

	for (n = 1; n <= 300; n++) {
		for (m = 0; m <= 10; m++) {
			unsigned int scope = t_scope();
			struct tb *tb = tb_new();
			struct mmlab_arena *a;
			struct model *model;

			t_variant("nr_frames=%llu max_order=%u", n, m);
			model = model_build(n, m, tb, false);
			a = make_arena(tb, n, m);
			expect_arena_is_model(a, model);
			t_variant("nr_frames=%llu max_order=%u", n, m);
			ASSERT_EQ(a->nr_chunks, expected_nr_chunks(n, m));
			ASSERT_EQ(tb->calls, (unsigned long)a->nr_chunks);
			ASSERT_EQ(tb->frames_live, n);
			expect_memory_disjoint(a);
			ASSERT_EQ(mmlab_arena_selftest(a), 0ULL);
			mmlab_arena_destroy(a);
			ASSERT_TRUE(arena_is_zeroed(a));
			ASSERT_TRUE(tb_balanced(tb));
			ASSERT_EQ(shim.kv_live, t_kv_live_at_start());
			t_unwind(scope);
		}
	}
}

/*
 * Arguments create refuses: nr_frames 0, and max_order 64 or more (a
 * chunk of 2^64 frames cannot even be counted).
 *
 * Expect -EINVAL, a zeroed arena and no call to the backing; max_order 63
 * is accepted (small arenas simply never reach it).
 */
static void create_rejects_bad_args(void)
{
	static const unsigned int bad_orders[] = { 64, 65, 100, ~0U };
	struct tb *tb = tb_new();
	struct mmlab_arena *a = tb_arena(tb);
	unsigned int i;

	memset(a, 0xa5, sizeof(*a));
	ASSERT_EQ(mmlab_arena_create(a, 0, 4, &tb_ops, tb), -EINVAL);
	ASSERT_TRUE(arena_is_zeroed(a));
	for (i = 0; i < ARRAY_SIZE(bad_orders); i++) {
		t_variant("max_order=%u", bad_orders[i]);
		memset(a, 0xa5, sizeof(*a));
		ASSERT_EQ(mmlab_arena_create(a, 16, bad_orders[i], &tb_ops, tb),
			  -EINVAL);
		ASSERT_TRUE(arena_is_zeroed(a));
	}
	t_variant(NULL);
	ASSERT_EQ(tb->calls, 0UL);
	ASSERT_EQ(mmlab_arena_create(a, 5, 63, &tb_ops, tb), 0);
	ASSERT_EQ(a->nr_chunks, 2U);		/* o2 + o0 */
	ASSERT_EQ(a->max_order, 63U);
	ASSERT_EQ(mmlab_arena_validate(a), 0U);
}

/*
 * create on an arena struct full of garbage (a stale one).
 *
 * Expect create not to trust a byte of it: the arena comes out exactly as
 * from a zeroed struct.
 */
static void create_on_stale_arena(void)
{
	struct tb *tb = tb_new();
	struct mmlab_arena *a = tb_arena(tb);

	memset(a, 0xff, sizeof(*a));
	ASSERT_EQ(mmlab_arena_create(a, 160, 10, &tb_ops, tb), 0);
	ASSERT_EQ(a->nr_chunks, 2U);
	ASSERT_EQ(mmlab_arena_validate(a), 0U);
	mmlab_arena_destroy(a);
	ASSERT_TRUE(tb_balanced(tb));
}

/*
 * The backing refuses every order above K (a fragmented host), 160 frames
 * with max_order 10 and K = 4:
 *
 *   tries o7 (refused), o6 (refused), o5 (refused), then:
 *   0    16   32   48   64   80   96  112  128  144  160
 *   +----+----+----+----+----+----+----+----+----+----+
 *   | o4 | o4 | o4 | o4 | o4 | o4 | o4 | o4 | o4 | o4 |
 *   +----+----+----+----+----+----+----+----+----+----+
 *
 * For every size 1..200 (and 1024, 1000) and every K < max_order 0..10:
 * expect the arena a greedy fill with max_order K would give, orders
 * non-increasing, validate() == 0, max_order still the one asked for, and
 * exactly one refused call per order tried above K.
 */
static void fallback_orders_above_k(void)
{
	static const u64 extra[] = { 1000, 1024 };
	unsigned int m, k, i;
	u64 n;

	for (n = 1; n <= 200 + ARRAY_SIZE(extra); n++) {
		u64 size = n <= 200 ? n : extra[n - 201];

		for (m = 0; m <= 10; m++) {
			for (k = 0; k < m; k++) {
				unsigned int scope = t_scope();
				struct tb *tb = tb_new();
				struct mmlab_arena *a;
				struct model *want;
				unsigned int first;

				t_variant("nr_frames=%llu max_order=%u K=%u",
					  size, m, k);
				tb->fail_above = (int)k;
				want = model_build(size, k, tb, false);
				want->max_order = m;
				a = make_arena(tb, size, m);
				expect_arena_is_model(a, want);
				t_variant("nr_frames=%llu max_order=%u K=%u",
					  size, m, k);
				for (i = 1; i < a->nr_chunks; i++)
					ASSERT_LE(a->chunks[i].order,
						  a->chunks[i - 1].order);
				ASSERT_LE(a->chunk_order_max, k);
				first = mmlab_arena_next_order(size, m);
				ASSERT_EQ(tb->refused,
					  first > k ? (unsigned long)(first - k)
						    : 0UL);
				mmlab_arena_destroy(a);
				ASSERT_TRUE(tb_balanced(tb));
				t_unwind(scope);
			}
		}
	}
}

/*
 * The backing refuses one order once (call 2), 384 frames, max_order 7:
 *
 *   call 1 o7 ok, call 2 o7 refused: the limit drops to 6 for good.
 *   0              128      192      256      320      384
 *   +---------------+--------+--------+--------+--------+
 *   |      o7       |   o6   |   o6   |   o6   |   o6   |
 *   +---------------+--------+--------+--------+--------+
 *
 * Expect order 7 never to be tried again after the refusal (the limit
 * never rises): five chunks, six calls.
 */
static void fallback_limit_never_rises(void)
{
	struct tb *tb = tb_new();
	struct mmlab_arena *a;

	tb->fail_nth = 2;
	a = make_arena(tb, 384, 7);
	ASSERT_EQ(a->nr_chunks, 5U);
	ASSERT_EQ(a->chunks[0].order, 7U);
	ASSERT_EQ(a->chunks[1].order, 6U);
	ASSERT_EQ(a->chunks[4].order, 6U);
	ASSERT_EQ(a->chunks[4].first, 320ULL);
	ASSERT_EQ(tb->calls, 6UL);
	ASSERT_EQ(tb->refused, 1UL);
	ASSERT_EQ(mmlab_arena_validate(a), 0U);
	ASSERT_EQ(mmlab_arena_selftest(a), 0ULL);
}

/*
 * Every order fails (K = -1): 160 frames, max_order 10:
 *
 *   tries o7, o6, o5, o4, o3, o2, o1, o0: all refused
 *
 * For every size 1..130 and max_order 0..10: expect -ENOMEM after exactly
 * one call per order from the first one down to 0, nothing held and a
 * zeroed arena.
 */
static void fallback_all_orders_fail(void)
{
	unsigned int m;
	u64 n;

	for (n = 1; n <= 130; n++) {
		for (m = 0; m <= 10; m++) {
			unsigned int scope = t_scope();
			struct tb *tb = tb_new();
			struct mmlab_arena *a = tb_arena(tb);

			t_variant("nr_frames=%llu max_order=%u", n, m);
			tb->fail_above = -1;
			ASSERT_EQ(mmlab_arena_create(a, n, m, &tb_ops, tb),
				  -ENOMEM);
			ASSERT_EQ(tb->calls,
				  (unsigned long)mmlab_arena_next_order(n, m) + 1);
			ASSERT_EQ(tb->allocs, 0UL);
			expect_nothing_held(a, tb);
			t_unwind(scope);
		}
	}
}

/*
 * The backing runs dry part way: it can hand out @budget frames in all.
 * 160 frames, max_order 10, budget 150:
 *
 *   0                               128  144 148 150
 *   +--------------------------------+----+--+-+ . . . . . ( o0 refused)
 *   |              o7                | o4 |o2|o1|
 *   +--------------------------------+----+--+-+
 *
 * For every size 1..100, budget 0..size-1 and max_order 0..7: expect
 * -ENOMEM once even order 0 is refused, every chunk taken given back
 * exactly once, the chunk table freed, and a zeroed arena.
 */
static void fallback_runs_dry(void)
{
	unsigned int m;
	u64 n, budget;

	for (n = 1; n <= 100; n++) {
		for (budget = 0; budget < n; budget++) {
			for (m = 0; m <= 7; m++) {
				unsigned int scope = t_scope();
				struct tb *tb = tb_new();
				struct mmlab_arena *a = tb_arena(tb);

				t_variant("nr_frames=%llu budget=%llu max_order=%u",
					  n, budget, m);
				tb->budget = budget;
				ASSERT_EQ(mmlab_arena_create(a, n, m, &tb_ops, tb),
					  -ENOMEM);
				ASSERT_EQ(tb->frames_live, 0ULL);
				expect_nothing_held(a, tb);
				t_unwind(scope);
			}
		}
	}
}

/*
 * The backing fails with -EIO (not a shortage: a broken backing) at call
 * N, for every N the arena would make, 300 frames, max_order 4 (19 chunks):
 *
 *   0    16   32        N-1
 *   +----+----+ ... +----+ . . . . . (call N: -EIO)
 *   | o4 | o4 |     | o4 |
 *   +----+----+ ... +----+
 *
 * Expect -EIO returned as is, no call after the failing one (no fallback
 * to smaller orders), everything given back, a zeroed arena. Also -EIO
 * right after refused orders (K = 1, -EIO at call 3).
 */
static void eio_aborts(void)
{
	static const struct {
		u64 n;
		unsigned int m;
	} geo[] = { { 300, 4 }, { 160, 10 }, { 1, 0 }, { 17, 0 } };
	unsigned int g;
	unsigned long nth;

	for (g = 0; g < ARRAY_SIZE(geo); g++) {
		unsigned int chunks = expected_nr_chunks(geo[g].n, geo[g].m);

		for (nth = 1; nth <= chunks; nth++) {
			unsigned int scope = t_scope();
			struct tb *tb = tb_new();
			struct mmlab_arena *a = tb_arena(tb);

			t_variant("nr_frames=%llu max_order=%u eio_nth=%lu",
				  geo[g].n, geo[g].m, nth);
			tb->eio_nth = nth;
			ASSERT_EQ(mmlab_arena_create(a, geo[g].n, geo[g].m,
						     &tb_ops, tb), -EIO);
			ASSERT_EQ(tb->calls, nth);
			ASSERT_EQ(tb->allocs, nth - 1);
			expect_nothing_held(a, tb);
			t_unwind(scope);
		}
	}
	t_variant(NULL);
	{
		struct tb *tb = tb_new();
		struct mmlab_arena *a = tb_arena(tb);

		tb->fail_above = 1;
		tb->eio_nth = 3;	/* o7 refused, o6 refused, o5: -EIO */
		ASSERT_EQ(mmlab_arena_create(a, 160, 10, &tb_ops, tb), -EIO);
		ASSERT_EQ(tb->calls, 3UL);
		expect_nothing_held(a, tb);
	}
}

/*
 * The chunk table cannot grow (the shim fails its Nth allocation), for
 * every N until create no longer hits the failure. 40 frames, max_order
 * 0: 40 order-0 chunks, and the table grows as chunks come in:
 *
 *   chunks  [0 .. 15][16 .. 31][32 .. 39]
 *           ^ grow    ^ grow    ^ grow
 *
 * For several geometries: expect every failing create to return -ENOMEM
 * with every chunk (the one in hand included) given back and no table
 * left, and a later N to succeed with a sound arena.
 */
static void table_growth_fails(void)
{
	static const struct {
		u64 n;
		unsigned int m;
	} geo[] = { { 40, 0 }, { 1, 0 }, { 16, 0 }, { 17, 0 }, { 300, 1 },
		    { 300, 3 }, { 1000, 0 } };
	unsigned int g;
	unsigned long nth, failures;

	for (g = 0; g < ARRAY_SIZE(geo); g++) {
		failures = 0;
		for (nth = 1; ; nth++) {
			unsigned int scope = t_scope();
			struct tb *tb = tb_new();
			struct mmlab_arena *a = tb_arena(tb);
			int err;

			t_variant("nr_frames=%llu max_order=%u kv_fail_nth=%lu",
				  geo[g].n, geo[g].m, nth);
			shim_kv_fail_nth(nth);
			err = mmlab_arena_create(a, geo[g].n, geo[g].m,
						 &tb_ops, tb);
			if (!err) {
				/* The failure was never reached. */
				ASSERT_NE(shim.kv_fail_at, 0UL);
				shim_kv_fail_nth(0);
				ASSERT_EQ(mmlab_arena_validate(a), 0U);
				mmlab_arena_destroy(a);
				ASSERT_TRUE(tb_balanced(tb));
				t_unwind(scope);
				break;
			}
			ASSERT_EQ(err, -ENOMEM);
			ASSERT_GE(tb->allocs, 1UL);
			expect_nothing_held(a, tb);
			failures++;
			/* table growths (at most one a chunk) + scratch */
			ASSERT_LE(failures,
				  (unsigned long)expected_nr_chunks(geo[g].n,
								    geo[g].m) + 1);
			t_unwind(scope);
		}
		ASSERT_GE(failures, 1UL);
	}
}

/*
 * arena_push_chunk() (static), straight: 40 pushes on an empty arena.
 *
 * Expect the table to keep every chunk pushed, in order, across growths,
 * and a growth that fails to return -ENOMEM with the table untouched.
 */
static void push_chunk_grows(void)
{
	struct mmlab_arena a = { 0 };
	struct mmlab_chunk c = { 0 };
	unsigned int i;

	for (i = 0; i < 40; i++) {
		c.first = i;
		c.pfn = 1000 + i;
		ASSERT_EQ(arena_push_chunk(&a, &c), 0);
		ASSERT_GE(a.chunk_cap, a.nr_chunks);
	}
	for (i = 0; i < 40; i++) {
		ASSERT_EQ(a.chunks[i].first, (u64)i);
		ASSERT_EQ(a.chunks[i].pfn, 1000ULL + i);
	}
	/* Fill to capacity, then make the growth fail. */
	while (a.nr_chunks < a.chunk_cap)
		ASSERT_EQ(arena_push_chunk(&a, &c), 0);
	i = a.nr_chunks;
	shim_kv_fail_nth(1);
	ASSERT_EQ(arena_push_chunk(&a, &c), -ENOMEM);
	ASSERT_EQ(a.nr_chunks, i);
	ASSERT_EQ(a.chunk_cap, i);
	ASSERT_EQ(a.chunks[39].pfn, 1039ULL);
	mmlab_kvfree(a.chunks);
}

/*
 * destroy twice, and destroy of a zeroed arena:
 *
 *   create -> destroy -> destroy        memset(0) -> destroy
 *
 * Expect the second destroy to do nothing (no chunk freed twice), and a
 * zeroed arena's destroy to call nothing at all.
 */
static void destroy_twice_and_zeroed(void)
{
	struct tb *tb = tb_new();
	struct mmlab_arena *a = make_arena(tb, 160, 10);
	struct mmlab_arena z;

	mmlab_arena_destroy(a);
	ASSERT_TRUE(arena_is_zeroed(a));
	ASSERT_EQ(tb->frees, 2UL);
	mmlab_arena_destroy(a);
	ASSERT_TRUE(arena_is_zeroed(a));
	ASSERT_EQ(tb->frees, 2UL);
	ASSERT_TRUE(tb_balanced(tb));

	memset(&z, 0, sizeof(z));
	mmlab_arena_destroy(&z);
	ASSERT_TRUE(arena_is_zeroed(&z));
	ASSERT_EQ(tb->frees, 2UL);
}

/*
 * destroy gives chunks back in the reverse order of their allocation:
 *
 *   alloc  c0 c1 c2 c3 ...     free  ... c3 c2 c1 c0
 *
 * Expect exactly that order, for every size 1..70 and max_order 0..3.
 */
static void destroy_reverse_order(void)
{
	unsigned int m, i;
	u64 n;

	for (n = 1; n <= 70; n++) {
		for (m = 0; m <= 3; m++) {
			unsigned int scope = t_scope();
			struct tb *tb = tb_new();
			struct mmlab_arena *a;

			t_variant("nr_frames=%llu max_order=%u", n, m);
			a = make_arena(tb, n, m);
			mmlab_arena_destroy(a);
			ASSERT_TRUE(tb_balanced(tb));
			for (i = 0; i < tb->nr_log; i++)
				ASSERT_EQ(tb->log[i].freed_seq,
					  (unsigned long)(tb->nr_log - i));
			t_unwind(scope);
		}
	}
}

static const struct t_case arena_create_cases[] = {
	T_CASE(next_order_edges),
	T_CASE(next_order_vs_naive),
	T_CASE(create_one_chunk),
	T_CASE(create_640k),
	T_CASE(create_single_frame),
	T_CASE(create_sizes_x_orders),
	T_CASE(create_rejects_bad_args),
	T_CASE(create_on_stale_arena),
	T_CASE(fallback_orders_above_k),
	T_CASE(fallback_limit_never_rises),
	T_CASE(fallback_all_orders_fail),
	T_CASE(fallback_runs_dry),
	T_CASE(eio_aborts),
	T_CASE(table_growth_fails),
	T_CASE(push_chunk_grows),
	T_CASE(destroy_twice_and_zeroed),
	T_CASE(destroy_reverse_order),
};
