// SPDX-License-Identifier: GPL-2.0
/*
 * arena_random.c - randomized differential tests: the arena against the
 * naive model of model.c.
 *
 * The random stream comes from the run's seed, printed as the first
 * diagnostic line. To replay a failure:
 *
 *	MMLAB_TEST_SEED=<seed> make run ARGS=arena_random
 *
 * and MMLAB_TEST_ITERS=<n> runs longer (or shorter).
 */

/* A size worth trying: small, around a power of two, or anything. */
static u64 random_size(void)
{
	switch (t_rand_below(4)) {
	case 0:
		return 1 + t_rand_below(64);
	case 1: {
		u64 v = (1ULL << t_rand_below(13)) + t_rand_below(5);

		return v > 2 ? v - 2 : 1;
	}
	default:
		return 1 + t_rand_below(4096);
	}
}

/* Random knobs on @tb: refusals, a budget, -EIO, each now and then. */
static void random_knobs(struct tb *tb, u64 n)
{
	if (t_rand_below(3) == 0)
		tb->fail_above = (int)t_rand_below(14) - 1;
	if (t_rand_below(3) == 0)
		tb->fail_mask = t_rand() & t_rand() & t_rand();
	if (t_rand_below(4) == 0)
		tb->fail_nth = 1 + t_rand_below(2 * n + 8);
	if (t_rand_below(8) == 0)
		tb->eio_nth = 1 + t_rand_below(n + 8);
	if (t_rand_below(8) == 0)
		tb->budget = t_rand_below(n + 2);
}

/*
 * Random arenas on random backings against the model:
 *
 *   random size, max_order 0..12, backing refusing orders above K,
 *   random calls, past a budget, or failing with -EIO; now and then the
 *   shim failing a table allocation
 *
 *           arena.c                         model.c
 *   create ──────────▶ chunks[], err   ==   chunks[], err, calls
 *   chunk_of(f), frame_mem(f)          ==   owner[f], frame by frame
 *
 * Expect the same error, the same number of backing calls, the same chunk
 * table, the same owner for every frame, a sound arena (validate() and
 * selftest() both 0), and, on any failure, nothing held. A table
 * allocation that fails must give -ENOMEM and nothing held.
 */
static void differential_vs_model(void)
{
	unsigned long iter, iters = t_iterations(400);
	unsigned long kv_failures = 0, failures = 0;

	for (iter = 0; iter < iters; iter++) {
		unsigned int scope = t_scope();
		struct tb *tb = tb_new();
		struct mmlab_arena *a = tb_arena(tb);
		u64 n = random_size();
		unsigned int m = (unsigned int)t_rand_below(13);
		unsigned long kv_nth = 0;
		struct model *want;
		int err;

		random_knobs(tb, n);
		if (t_rand_below(10) == 0)
			kv_nth = 1 + t_rand_below(4);
		t_variant("seed=%llu iter=%lu nr_frames=%llu max_order=%u K=%d fail_nth=%lu mask=%#llx eio_nth=%lu budget=%llu kv_nth=%lu",
			  t_seed(), iter, n, m, tb->fail_above, tb->fail_nth,
			  tb->fail_mask, tb->eio_nth, tb->budget, kv_nth);
		want = model_build(n, m, tb, true);
		shim_kv_fail_nth(kv_nth);
		err = mmlab_arena_create(a, n, m, &tb_ops, tb);
		if (kv_nth && !shim.kv_fail_at) {
			/* The table allocation failed. */
			ASSERT_EQ(err, -ENOMEM);
			ASSERT_LE(tb->calls, want->calls);
			expect_nothing_held(a, tb);
			kv_failures++;
			t_unwind(scope);
			continue;
		}
		shim_kv_fail_nth(0);
		ASSERT_EQ(err, want->err);
		ASSERT_EQ(tb->calls, want->calls);
		if (err) {
			expect_nothing_held(a, tb);
			failures++;
			t_unwind(scope);
			continue;
		}
		expect_arena_is_model(a, want);
		expect_lookups_match(a, want);
		expect_memory_disjoint(a);
		ASSERT_EQ(mmlab_arena_selftest(a), 0ULL);
		mmlab_arena_destroy(a);
		ASSERT_TRUE(tb_balanced(tb));
		t_unwind(scope);
	}
	if (t_verbose())
		t_diag("differential: %lu arenas, %lu failed creates, %lu table failures",
		       iters, failures, kv_failures);
}

/*
 * mmlab_arena_next_order() on random 64-bit sizes and limits 0..70,
 * against counting orders up one by one.
 *
 * Expect the same order every time.
 */
static void next_order_random(void)
{
	unsigned long iter, iters = t_iterations(400) * 50;

	for (iter = 0; iter < iters; iter++) {
		u64 r = t_rand() >> t_rand_below(64);
		unsigned int lim = (unsigned int)t_rand_below(71), want = 0;

		if (!r)
			r = 1;
		while (want < lim && want < 63 && (2ULL << want) <= r)
			want++;
		t_variant("remaining=%llu limit=%u", r, lim);
		ASSERT_EQ(mmlab_arena_next_order(r, lim), want);
	}
}

static const struct t_case arena_random_cases[] = {
	T_CASE(differential_vs_model),
	T_CASE(next_order_random),
};
