// SPDX-License-Identifier: GPL-2.0
/*
 * fit_free.c - mmlab_fit_free() and coalescing, refused calls,
 * mmlab_fit_size_of() and mmlab_fit_next_block().
 *
 * Maps as in fit_alloc.c: '#' allocated, '.' free, '|' between blocks.
 */

/*
 * Coalescing, from five allocated blocks filling 12 units:
 *
 *   0  2   5  7   10
 *   +--+---+--+---+--+
 *   |A |B  |C |D  |E |        ##|###|##|###|##
 *   +--+---+--+---+--+
 *
 * and a sequence of frees per scenario; after each free the map and the
 * coalesce count are as listed. Every scenario runs under every policy.
 *
 * Expect, e.g. for "left": freeing B leaves a lone hole (no merge), then
 * freeing C merges it with B on its left (one merge); "ends": A at the
 * start and E at the end merge with nothing, then B merges left with A and
 * D right with E; "all": the last free merges both ways into one hole.
 */
static void coalesce_neighbours(void)
{
	static const u32 sizes[] = { 2, 3, 2, 3, 2 };
	static const u64 at[] = { 0, 2, 5, 7, 10 };	/* A..E */
	static const struct {
		const char *name;
		unsigned int nr;
		unsigned int order[5];		/* blocks freed, A = 0 */
		u64 coalesces[5];		/* after each free */
		const char *map[5];
	} sc[] = {
		{ "left", 2, { 1, 2 }, { 0, 1 },
		  { "##|...|##|###|##", "##|.....|###|##" } },
		{ "right", 2, { 2, 1 }, { 0, 1 },
		  { "##|###|..|###|##", "##|.....|###|##" } },
		{ "both", 3, { 1, 3, 2 }, { 0, 0, 2 },
		  { "##|...|##|###|##", "##|...|##|...|##",
		    "##|........|##" } },
		{ "ends", 4, { 0, 4, 1, 3 }, { 0, 0, 1, 2 },
		  { "..|###|##|###|##", "..|###|##|###|..",
		    ".....|##|###|..", ".....|##|....." } },
		{ "all", 5, { 0, 2, 4, 1, 3 }, { 0, 0, 0, 2, 4 },
		  { "..|###|##|###|##", "..|###|..|###|##",
		    "..|###|..|###|..", ".......|###|..",
		    "............" } },
	};
	unsigned int p, s, i;

	for (p = 0; p < MMLAB_FIT_NR_POLICIES; p++) {
		for (s = 0; s < ARRAY_SIZE(sc); s++) {
			unsigned int scope = t_scope();
			struct mmlab_fit *fit = fit_new(12, p);
			bool none[ARRAY_SIZE(sizes)] = { 0 };

			fit_layout(fit, sizes, none, ARRAY_SIZE(sizes), NULL);
			EXPECT_MAP(fit, "##|###|##|###|##");
			for (i = 0; i < sc[s].nr; i++) {
				unsigned int b = sc[s].order[i];

				t_variant("%s fit, %s, free %c",
					  mmlab_fit_policy_name(p), sc[s].name,
					  'A' + b);
				ASSERT_EQ(mmlab_fit_free(fit, at[b]), 0);
				ASSERT_EQ(fit->ev.coalesces,
					  sc[s].coalesces[i]);
				ASSERT_EQ(mmlab_fit_validate(fit), 0U);
				EXPECT_MAP(fit, sc[s].map[i]);
			}
			if (sc[s].nr == 5) {
				ASSERT_EQ(fit->nr_holes, 1U);
				ASSERT_EQ(fit->free_units, 12U);
				ASSERT_EQ(fit->nr_used, 0U);
			}
			ASSERT_EQ(fit->ev.frees, (u64)sc[s].nr);
			t_unwind(scope);
		}
	}
}

/*
 * A new hole that merges with nothing finds its place on the
 * address-ordered list by walking blocks outwards, left first. Two holes
 * of 2 at the ends and six single allocated units between:
 *
 *   0  2 3 4 5 6 7 8
 *   +--+-+-+-+-+-+-+--+
 *   |..|#|#|#|#|#|#|..|
 *   +--+-+-+-+-+-+-+--+
 *
 * Free 5: left 4, right 6, left 3, right 7, left 2, right 8 (a hole):
 * six steps, and the hole goes before 8. Free 3: left 2, right 4, left 0
 * (a hole): three steps, and it goes after 0.
 *
 * Expect list 0 = 0, 3, 5, 8, insert_steps 6 then 9 under first, next,
 * best and worst fit; 0 under quick fit, whose lists are not ordered.
 */
static void insert_walk(void)
{
	static const u32 sizes[] = { 2, 1, 1, 1, 1, 1, 1, 2 };
	static const bool holes[] = { 1, 0, 0, 0, 0, 0, 0, 1 };
	unsigned int p;

	for (p = 0; p < MMLAB_FIT_NR_POLICIES; p++) {
		unsigned int scope = t_scope();
		bool quick = p == MMLAB_FIT_QUICK;
		struct mmlab_fit *fit;
		u64 base;

		t_variant("%s fit", mmlab_fit_policy_name(p));
		fit = fit_new(10, p);
		fit_layout(fit, sizes, holes, ARRAY_SIZE(sizes), NULL);
		base = fit->ev.insert_steps;
		ASSERT_EQ(mmlab_fit_free(fit, 5), 0);
		ASSERT_EQ(fit->ev.insert_steps - base, quick ? 0ULL : 6ULL);
		ASSERT_EQ(mmlab_fit_free(fit, 3), 0);
		ASSERT_EQ(fit->ev.insert_steps - base, quick ? 0ULL : 9ULL);
		ASSERT_EQ(mmlab_fit_validate(fit), 0U);
		EXPECT_MAP(fit, "..|#|.|#|.|#|#|..");
		if (!quick) {
			const struct mmlab_fit_unit *u = fit->units;

			ASSERT_EQ(fit->lists[0].head, 0U);
			ASSERT_EQ(u[0].next, 3U);
			ASSERT_EQ(u[3].next, 5U);
			ASSERT_EQ(u[5].next, 8U);
			ASSERT_EQ(fit->lists[0].tail, 8U);
		}
		t_unwind(scope);
	}
}

/*
 * The walk's ends: five single units, all allocated, no hole at all.
 *
 *   free 2: left 1, right 3, left 0, right 4, unit 0 reached: the first
 *           hole (4 steps)
 *   free 0: unit 0 already: the new head (no step)
 *   free 4: left 3, then the end of the range: the new tail (1 step)
 *
 * Expect list 0 = 0, 2, 4 and 5 steps in all (first fit).
 */
static void insert_walk_ends(void)
{
	static const u32 sizes[] = { 1, 1, 1, 1, 1 };
	static const bool none[] = { 0, 0, 0, 0, 0 };
	struct mmlab_fit *fit = fit_new(5, MMLAB_FIT_FIRST);

	fit_layout(fit, sizes, none, ARRAY_SIZE(sizes), NULL);
	ASSERT_EQ(fit->lists[0].head, MMLAB_FIT_NONE);
	ASSERT_EQ(mmlab_fit_free(fit, 2), 0);
	ASSERT_EQ(fit->ev.insert_steps, 4ULL);
	ASSERT_EQ(mmlab_fit_free(fit, 0), 0);
	ASSERT_EQ(fit->ev.insert_steps, 4ULL);
	ASSERT_EQ(mmlab_fit_free(fit, 4), 0);
	ASSERT_EQ(fit->ev.insert_steps, 5ULL);
	ASSERT_EQ(fit->lists[0].head, 0U);
	ASSERT_EQ(fit->units[0].next, 2U);
	ASSERT_EQ(fit->units[2].next, 4U);
	ASSERT_EQ(fit->lists[0].tail, 4U);
	ASSERT_EQ(mmlab_fit_validate(fit), 0U);
	EXPECT_MAP(fit, ".|#|.|#|.");
}

/*
 * Refused calls change nothing. 16 units:
 *
 *   0   3  5    9
 *   +---+--+----+-------+
 *   |###|..|####|.......|
 *   +---+--+----+-------+
 *
 * alloc of 0 units, of 17, of 2^32 + 1 (which a u32 would read as 1) and
 * of ~0; free of 16, 17, 2^32 (a u32 would read 0, an allocated start),
 * ~0, of 1 and 2 (inside the first block), 3 and 4 (a hole's head and
 * tail), 6 and 8 (inside and at the end of the block at 5), 9 and 15 (a
 * hole); and free 5 twice.
 *
 * Expect -EINVAL each time with the whole state (struct and unit table)
 * byte for byte as before, validate() 0; and, once 5 is freed, an
 * -ENOMEM (alloc 14: the largest hole has 13) to change nothing but
 * failures and search_steps. Under every policy.
 */
static void refused_calls_change_nothing(void)
{
	static const u32 sizes[] = { 3, 2, 4, 7 };
	static const bool holes[] = { 0, 1, 0, 1 };
	static const u64 bad_alloc[] = { 0, 17, (1ULL << 32) + 1, ~0ULL };
	static const u64 bad_free[] = { 16, 17, 1ULL << 32, ~0ULL, 1, 2, 3,
					4, 6, 8, 9, 15 };
	unsigned int p, i;

	for (p = 0; p < MMLAB_FIT_NR_POLICIES; p++) {
		unsigned int scope = t_scope();
		struct mmlab_fit *fit;
		struct fit_snap *snap;
		u64 start;

		t_variant("%s fit", mmlab_fit_policy_name(p));
		fit = fit_new(16, p);
		fit_layout(fit, sizes, holes, ARRAY_SIZE(sizes), NULL);
		snap = fit_snap_take(fit);
		for (i = 0; i < ARRAY_SIZE(bad_alloc); i++) {
			t_variant("%s fit, alloc %llu",
				  mmlab_fit_policy_name(p), bad_alloc[i]);
			start = 12345;
			ASSERT_EQ(mmlab_fit_alloc(fit, bad_alloc[i], &start),
				  -EINVAL);
			ASSERT_EQ(start, 12345ULL);
			ASSERT_TRUE(fit_snap_same(snap, fit));
		}
		for (i = 0; i < ARRAY_SIZE(bad_free); i++) {
			t_variant("%s fit, free %llu",
				  mmlab_fit_policy_name(p), bad_free[i]);
			ASSERT_EQ(mmlab_fit_free(fit, bad_free[i]), -EINVAL);
			ASSERT_TRUE(fit_snap_same(snap, fit));
			ASSERT_EQ(mmlab_fit_validate(fit), 0U);
		}
		t_variant("%s fit, double free", mmlab_fit_policy_name(p));
		ASSERT_EQ(mmlab_fit_free(fit, 5), 0);
		snap = fit_snap_take(fit);
		ASSERT_EQ(mmlab_fit_free(fit, 5), -EINVAL);
		ASSERT_TRUE(fit_snap_same(snap, fit));

		t_variant("%s fit, -ENOMEM", mmlab_fit_policy_name(p));
		ASSERT_EQ(mmlab_fit_alloc(fit, 14, &start), -ENOMEM);
		ASSERT_EQ(fit->ev.failures, snap->fit.ev.failures + 1);
		ASSERT_EQ(fit->ev.fail_frag, snap->fit.ev.fail_frag +
			  (fit->free_units >= 14));
		ASSERT_GT(fit->ev.search_steps, snap->fit.ev.search_steps);
		fit->ev.failures = snap->fit.ev.failures;
		fit->ev.fail_frag = snap->fit.ev.fail_frag;
		fit->ev.search_steps = snap->fit.ev.search_steps;
		ASSERT_TRUE(fit_snap_same(snap, fit));
		ASSERT_EQ(mmlab_fit_validate(fit), 0U);
		t_unwind(scope);
	}
}

/*
 * mmlab_fit_size_of() on the 16-unit map of the previous case:
 *
 *   0   3  5    9
 *   |###|..|####|.......|
 *
 * Expect 3 at 0 and 4 at 5; 0 everywhere else (inside blocks, holes,
 * past the end, 2^32 which a u32 would read as 0).
 */
static void size_of_blocks(void)
{
	static const u32 sizes[] = { 3, 2, 4, 7 };
	static const bool holes[] = { 0, 1, 0, 1 };
	struct mmlab_fit *fit = fit_new(16, MMLAB_FIT_BEST);
	u64 u;

	fit_layout(fit, sizes, holes, ARRAY_SIZE(sizes), NULL);
	for (u = 0; u < 20; u++) {
		t_variant("unit %llu", u);
		ASSERT_EQ(mmlab_fit_size_of(fit, u),
			  u == 0 ? 3ULL : u == 5 ? 4ULL : 0ULL);
	}
	ASSERT_EQ(mmlab_fit_size_of(fit, 1ULL << 32), 0ULL);
	ASSERT_EQ(mmlab_fit_size_of(fit, ~0ULL), 0ULL);
}

/*
 * mmlab_fit_next_block() from every unit of a 10-unit map:
 *
 *   0   3  5
 *   |###|..|#####|
 *
 * Expect from 0 the block at 0 (3, used); from 1..3 the hole at 3 (2,
 * free); from 4..5 the block at 5 (5, used); from 6 and beyond, 10 (no
 * block) with @size and @used untouched.
 */
static void next_block_from_anywhere(void)
{
	static const u32 sizes[] = { 3, 2, 5 };
	static const bool holes[] = { 0, 1, 0 };
	struct mmlab_fit *fit = fit_new(10, MMLAB_FIT_FIRST);
	u64 u, size;
	bool used;

	fit_layout(fit, sizes, holes, ARRAY_SIZE(sizes), NULL);
	for (u = 0; u < 14; u++) {
		u64 want = u == 0 ? 0 : u <= 3 ? 3 : u <= 5 ? 5 : 10;

		t_variant("from unit %llu", u);
		size = 99;
		used = false;
		ASSERT_EQ(mmlab_fit_next_block(fit, u, &size, &used), want);
		if (want == 10) {
			ASSERT_EQ(size, 99ULL);
			continue;
		}
		ASSERT_EQ(size, want == 0 ? 3ULL : want == 3 ? 2ULL : 5ULL);
		ASSERT_EQ(used, want != 3);
	}
	ASSERT_EQ(mmlab_fit_next_block(fit, ~0ULL, &size, &used), 10ULL);
}

static const struct t_case fit_free_cases[] = {
	T_CASE(coalesce_neighbours),
	T_CASE(insert_walk),
	T_CASE(insert_walk_ends),
	T_CASE(refused_calls_change_nothing),
	T_CASE(size_of_blocks),
	T_CASE(next_block_from_anywhere),
};
