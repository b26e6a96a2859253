// SPDX-License-Identifier: GPL-2.0
/*
 * fit_alloc.c - the fit allocator's placements: mmlab_fit_alloc() under
 * each policy, worked through by hand.
 *
 * Maps show the units in address order, '#' allocated and '.' free, one
 * box per block. Every case runs validate() after each step.
 */

/*
 * Tanenbaum's exercise (MOS, chapter 3 problems: "a swapping system in
 * which memory consists of the following hole sizes in memory order"):
 * holes of 10, 4, 20, 18, 7, 9, 12 and 15 units, here apart by one
 * allocated unit each (103 units in all):
 *
 *   start  0          11     16           37          56     64
 *          +----------+-+----+-+----------+-+---------+-+----+-+-----+-+
 *          |   10     |#| 4  |#|   20     |#|   18    |#|  7 |#|  9  |#|..
 *          +----------+-+----+-+----------+-+---------+-+----+-+-----+-+
 *   start  74            87
 *        ..+------------+-+-------------+-+
 *          |     12     |#|     15      |#|
 *          +------------+-+-------------+-+
 *
 * Requests of 12, 10 and 9 units, in that order.
 *
 * Expect the textbook's holes: first fit 20, 10, 18; next fit 20, 18, 9;
 * best fit 12, 10, 9; worst fit 20, 18, 15. Quick fit (the holes freed
 * in address order, so list 0 holds 15, 12, 9, 18, 20, 10 most recent
 * first; 4 and 7 are on their own lists) takes the first big enough on
 * list 0 each time: 15, 12, 9. And the search steps (holes examined) of
 * each request, as the comment atop fit.c defines the searches.
 */
static const u32 tb_sizes[] = { 10, 1, 4, 1, 20, 1, 18, 1, 7, 1, 9, 1,
				12, 1, 15, 1 };
static const bool tb_holes[] = { 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0,
				 1, 0, 1, 0 };

static void tanenbaum_exercise(void)
{
	static const struct {
		enum mmlab_fit_policy policy;
		u64 start[3];
		u64 steps[3];
		const char *map;
	} want[] = {
		{ MMLAB_FIT_FIRST, { 16, 0, 37 }, { 3, 1, 3 },
		  "##########|#|....|#|############|........|#|"
		  "#########|.........|#|.......|#|.........|#|"
		  "............|#|...............|#" },
		{ MMLAB_FIT_NEXT, { 16, 37, 64 }, { 3, 2, 3 },
		  "..........|#|....|#|############|........|#|"
		  "##########|........|#|.......|#|#########|#|"
		  "............|#|...............|#" },
		{ MMLAB_FIT_BEST, { 74, 0, 64 }, { 7, 1, 5 },
		  "##########|#|....|#|....................|#|"
		  "..................|#|.......|#|#########|#|"
		  "############|#|...............|#" },
		{ MMLAB_FIT_WORST, { 16, 37, 87 }, { 8, 8, 8 },
		  "..........|#|....|#|############|........|#|"
		  "##########|........|#|.......|#|.........|#|"
		  "............|#|#########|......|#" },
		{ MMLAB_FIT_QUICK, { 87, 74, 64 }, { 1, 1, 1 },
		  "..........|#|....|#|....................|#|"
		  "..................|#|.......|#|#########|#|"
		  "##########|..|#|############|...|#" },
	};
	static const u64 req[3] = { 12, 10, 9 };
	unsigned int p, i;

	for (p = 0; p < ARRAY_SIZE(want); p++) {
		unsigned int scope = t_scope();
		struct mmlab_fit *fit;

		t_variant("%s fit", mmlab_fit_policy_name(want[p].policy));
		fit = fit_new(103, want[p].policy);
		fit_layout(fit, tb_sizes, tb_holes, ARRAY_SIZE(tb_sizes),
			   NULL);
		ASSERT_EQ(fit->nr_holes, 8U);
		for (i = 0; i < 3; i++) {
			u64 before = fit->ev.search_steps;

			t_variant("%s fit, request %u of %llu units",
				  mmlab_fit_policy_name(want[p].policy), i,
				  req[i]);
			EXPECT_ALLOC(fit, req[i], want[p].start[i]);
			ASSERT_EQ(fit->ev.search_steps - before,
				  want[p].steps[i]);
			ASSERT_EQ(mmlab_fit_validate(fit), 0U);
		}
		EXPECT_MAP(fit, want[p].map);
		t_unwind(scope);
	}
}

/*
 * Silberschatz's exercise (Operating System Concepts, main memory
 * chapter: "given five memory partitions of 100 KB, 500 KB, 200 KB,
 * 300 KB, and 600 KB (in order), how would the first-fit, best-fit, and
 * worst-fit algorithms place processes of 212 KB, 417 KB, 112 KB, and
 * 426 KB (in order)?"), one unit a KB, the holes apart by one allocated
 * unit each (1705 units):
 *
 *   start  0     101      602      803      1104
 *          +---+-+------+-+------+-+------+-+-------+-+
 *          |100|#| 500  |#| 200  |#| 300  |#|  600  |#|
 *          +---+-+------+-+------+-+------+-+-------+-+
 *
 * Expect the textbook's answers: first fit puts 212 in the 500, 417 in
 * the 600, 112 in what is left of the 500 (288 at 313), and 426 must
 * wait (-ENOMEM); best fit 300, 500, 200, 600, all placed; worst fit
 * 600, 500, what is left of the 600 (388 at 1316), and 426 waits. Next
 * fit: 500, 600, the rest of the 600 (183 at 1521, the rover), 426
 * waits. Quick fit (list 0 most recent first: 600, 300, 200, 500, 100,
 * and each remainder pushed in front): 600, 500, the 388 left of the
 * 600, 426 waits.
 */
static void silberschatz_exercise(void)
{
	static const u32 sizes[] = { 100, 1, 500, 1, 200, 1, 300, 1, 600, 1 };
	static const bool holes[] = { 1, 0, 1, 0, 1, 0, 1, 0, 1, 0 };
	static const u64 req[4] = { 212, 417, 112, 426 };
	static const struct {
		enum mmlab_fit_policy policy;
		s64 start[4];			/* -1: -ENOMEM */
	} want[] = {
		{ MMLAB_FIT_FIRST, { 101, 1104, 313, -1 } },
		{ MMLAB_FIT_NEXT, { 101, 1104, 1521, -1 } },
		{ MMLAB_FIT_BEST, { 803, 101, 602, 1104 } },
		{ MMLAB_FIT_WORST, { 1104, 101, 1316, -1 } },
		{ MMLAB_FIT_QUICK, { 1104, 101, 1316, -1 } },
	};
	unsigned int p, i;

	for (p = 0; p < ARRAY_SIZE(want); p++) {
		unsigned int scope = t_scope();
		struct mmlab_fit *fit;

		fit = fit_new(1705, want[p].policy);
		fit_layout(fit, sizes, holes, ARRAY_SIZE(sizes), NULL);
		for (i = 0; i < 4; i++) {
			u64 start = ~0ULL;
			int err;

			t_variant("%s fit, %llu units",
				  mmlab_fit_policy_name(want[p].policy),
				  req[i]);
			err = mmlab_fit_alloc(fit, req[i], &start);
			if (want[p].start[i] < 0) {
				ASSERT_EQ(err, -ENOMEM);
				ASSERT_EQ(start, ~0ULL);
			} else {
				ASSERT_EQ(err, 0);
				ASSERT_EQ(start, (u64)want[p].start[i]);
			}
			ASSERT_EQ(mmlab_fit_validate(fit), 0U);
		}
		t_unwind(scope);
	}
}

/*
 * Quick fit on small sizes (QUICK_MAX is 8): holes of 3, 8, 5 and 20
 * units, apart by one allocated unit each:
 *
 *   start  0     4          13      19                    39
 *          +---+-+--------+-+-----+-+--------------------+-+
 *          | 3 |#|   8    |#|  5  |#|         20         |#|
 *          +---+-+--------+-+-----+-+--------------------+-+
 *   list     3      8          5             0
 *
 * Expect, request by request:
 *   5   list 5 holds the 5 at 13: taken whole, one step
 *   5   list 5 empty: list 0, the 20 at 19; 15 left at 24 (list 0)
 *   2   list 2 empty: list 0, the 15 at 24; 13 left at 26 (list 0)
 *   13  list 0, the 13 at 26, taken whole: list 0 is empty
 *   2   lists 2, 0 empty: the smallest small list above, 3 (the hole
 *       at 0); 1 left at 2 (list 1)
 *   4   lists 4, 0, 5, 6, 7 empty: list 8 (the hole at 4); 4 left at 8
 *   4   list 4: the 4 at 8, one step
 *   2   only a 1 is left: -ENOMEM, no hole examined
 *   1   list 1: the 1 at 2
 * and the allocator full.
 */
static void quick_small_sizes(void)
{
	static const u32 sizes[] = { 3, 1, 8, 1, 5, 1, 20, 1 };
	static const bool holes[] = { 1, 0, 1, 0, 1, 0, 1, 0 };
	static const struct {
		u64 n;
		int err;
		u64 start;
		u64 steps;
	} req[] = {
		{ 5, 0, 13, 1 }, { 5, 0, 19, 1 }, { 2, 0, 24, 1 },
		{ 13, 0, 26, 1 }, { 2, 0, 0, 1 }, { 4, 0, 4, 1 },
		{ 4, 0, 8, 1 }, { 2, -ENOMEM, 0, 0 }, { 1, 0, 2, 1 },
	};
	struct mmlab_fit *fit = fit_new(40, MMLAB_FIT_QUICK);
	unsigned int i;

	fit_layout(fit, sizes, holes, ARRAY_SIZE(sizes), NULL);
	ASSERT_EQ(fit->lists[3].head, 0U);
	ASSERT_EQ(fit->lists[8].head, 4U);
	ASSERT_EQ(fit->lists[5].head, 13U);
	ASSERT_EQ(fit->lists[0].head, 19U);
	for (i = 0; i < ARRAY_SIZE(req); i++) {
		u64 before = fit->ev.search_steps, start = ~0ULL;

		t_variant("request %u of %llu units", i, req[i].n);
		ASSERT_EQ(mmlab_fit_alloc(fit, req[i].n, &start), req[i].err);
		if (!req[i].err)
			ASSERT_EQ(start, req[i].start);
		else
			ASSERT_EQ(start, ~0ULL);
		ASSERT_EQ(fit->ev.search_steps - before, req[i].steps);
		ASSERT_EQ(mmlab_fit_validate(fit), 0U);
	}
	ASSERT_EQ(fit->free_units, 0U);
	ASSERT_EQ(fit->nr_holes, 0U);
	ASSERT_EQ(fit->ev.failures, 1ULL);
	EXPECT_MAP(fit, "##|#|#|####|####|#|#####|#|#####|##|"
			"#############|#");
}

/*
 * Quick fit: a free pushes the merged hole at the front of its size's
 * list, after the holes it merged with left theirs. Three 2-unit holes
 * apart by single allocated units (list 2: 6, 3, 0, most recent first):
 *
 *   0    3    6
 *   +--+-+--+-+--+-+
 *   |..|#|..|#|..|#|
 *   +--+-+--+-+--+-+
 *
 * Free the unit at 2: the holes at 0 and 3 merge into 5 units at 0
 * (list 5). Then allocate 2: list 2 holds only the hole at 6.
 *
 * Expect list 2 = { 6 }, list 5 = { 0 }, two coalesces, and the
 * allocation at 6.
 */
static void quick_free_moves_lists(void)
{
	static const u32 sizes[] = { 2, 1, 2, 1, 2, 1 };
	static const bool holes[] = { 1, 0, 1, 0, 1, 0 };
	struct mmlab_fit *fit = fit_new(9, MMLAB_FIT_QUICK);

	fit_layout(fit, sizes, holes, ARRAY_SIZE(sizes), NULL);
	ASSERT_EQ(fit->lists[2].head, 6U);
	ASSERT_EQ(fit->lists[2].count, 3U);
	ASSERT_EQ(mmlab_fit_free(fit, 2), 0);
	ASSERT_EQ(fit->ev.coalesces, 2ULL);
	ASSERT_EQ(fit->lists[2].head, 6U);
	ASSERT_EQ(fit->lists[2].tail, 6U);
	ASSERT_EQ(fit->lists[2].count, 1U);
	ASSERT_EQ(fit->lists[5].head, 0U);
	ASSERT_EQ(mmlab_fit_validate(fit), 0U);
	EXPECT_ALLOC(fit, 2, 6);
	EXPECT_MAP(fit, ".....|#|##|#");
}

/*
 * Next fit's rover, step by step. Holes of 4, 4, 4 and 5 units:
 *
 *   0      5      10     15
 *   +----+-+----+-+----+-+-----+
 *   |....|#|....|#|....|#|.....|
 *   +----+-+----+-+----+-+-----+
 *
 * Expect:
 *   4  from the lowest hole (no rover yet): 0; taken whole, the rover
 *      moves to the next hole, 5
 *   4  5, whole; rover 10
 *   2  10; the rest (2 at 12) is the rover
 *   3  12 is too small, 15 fits: 15, two steps; rover 18 (2 left)
 *   2  18, whole; no hole above: the rover wraps to 12
 *   free 10: its block merges with the rover's hole at 12; the rover
 *      follows to the merged hole at 10
 *   1  10; rover 11 (3 left)
 *   4  11 too small, and it is the only hole: -ENOMEM after one step
 */
static void next_fit_rover(void)
{
	static const u32 sizes[] = { 4, 1, 4, 1, 4, 1, 5 };
	static const bool holes[] = { 1, 0, 1, 0, 1, 0, 1 };
	struct mmlab_fit *fit = fit_new(20, MMLAB_FIT_NEXT);
	u64 start = ~0ULL;

	fit_layout(fit, sizes, holes, ARRAY_SIZE(sizes), NULL);
	mmlab_fit_reset_stats(fit);
	EXPECT_ALLOC(fit, 4, 0);
	ASSERT_EQ(fit->rover, 5U);
	EXPECT_ALLOC(fit, 4, 5);
	ASSERT_EQ(fit->rover, 10U);
	EXPECT_ALLOC(fit, 2, 10);
	ASSERT_EQ(fit->rover, 12U);
	EXPECT_ALLOC(fit, 3, 15);
	ASSERT_EQ(fit->rover, 18U);
	ASSERT_EQ(fit->ev.search_steps, 5ULL);
	EXPECT_ALLOC(fit, 2, 18);
	ASSERT_EQ(fit->rover, 12U);
	EXPECT_MAP(fit, "####|#|####|#|##|..|#|###|##");
	ASSERT_EQ(mmlab_fit_validate(fit), 0U);

	ASSERT_EQ(mmlab_fit_free(fit, 10), 0);
	ASSERT_EQ(fit->rover, 10U);
	EXPECT_MAP(fit, "####|#|####|#|....|#|###|##");
	ASSERT_EQ(mmlab_fit_validate(fit), 0U);
	EXPECT_ALLOC(fit, 1, 10);
	ASSERT_EQ(fit->rover, 11U);
	ASSERT_EQ(mmlab_fit_alloc(fit, 4, &start), -ENOMEM);
	ASSERT_EQ(start, ~0ULL);
	ASSERT_EQ(fit->ev.search_steps, 8ULL);
	ASSERT_EQ(fit->ev.failures, 1ULL);
	ASSERT_EQ(mmlab_fit_validate(fit), 0U);
}

/*
 * Best fit stops at the first exact fit; worst fit takes the lowest of
 * equal largest holes. Holes of 6, 3, 6, 3:
 *
 *   0        7     11       18
 *   +------+-+---+-+------+-+---+-+
 *   |......|#|...|#|......|#|...|#|
 *   +------+-+---+-+------+-+---+-+
 *
 * Expect best fit for 3 at 7 after 2 steps, for 3 again at 18 after 3
 * steps (the 6s are passed over), for 4 at 0 after 2 steps (both 6s
 * equal: the lower); worst fit for 2 at 0 (4 steps), then for 5 at 11
 * (the 6 at 11 is now the largest), then 6: -ENOMEM after 4 steps.
 */
static void best_worst_ties(void)
{
	static const u32 sizes[] = { 6, 1, 3, 1, 6, 1, 3, 1 };
	static const bool holes[] = { 1, 0, 1, 0, 1, 0, 1, 0 };
	struct mmlab_fit *fit = fit_new(22, MMLAB_FIT_BEST);
	u64 start;

	fit_layout(fit, sizes, holes, ARRAY_SIZE(sizes), NULL);
	mmlab_fit_reset_stats(fit);
	EXPECT_ALLOC(fit, 3, 7);
	ASSERT_EQ(fit->ev.search_steps, 2ULL);
	EXPECT_ALLOC(fit, 3, 18);
	ASSERT_EQ(fit->ev.search_steps, 5ULL);
	EXPECT_ALLOC(fit, 4, 0);
	ASSERT_EQ(fit->ev.search_steps, 7ULL);
	ASSERT_EQ(mmlab_fit_validate(fit), 0U);

	fit = fit_new(22, MMLAB_FIT_WORST);
	fit_layout(fit, sizes, holes, ARRAY_SIZE(sizes), NULL);
	mmlab_fit_reset_stats(fit);
	EXPECT_ALLOC(fit, 2, 0);
	ASSERT_EQ(fit->ev.search_steps, 4ULL);
	EXPECT_ALLOC(fit, 5, 11);
	ASSERT_EQ(fit->ev.search_steps, 8ULL);
	ASSERT_EQ(mmlab_fit_alloc(fit, 6, &start), -ENOMEM);
	ASSERT_EQ(fit->ev.search_steps, 12ULL);
	EXPECT_MAP(fit, "##|....|#|...|#|#####|.|#|...|#");
	ASSERT_EQ(mmlab_fit_validate(fit), 0U);
}

/*
 * Splits: an allocation smaller than its hole cuts it in two and counts
 * a split; one of the hole's size takes it whole and counts none. From
 * one hole of 10 units, every policy:
 *
 *   alloc 3   ###|.......      split
 *   alloc 7   ###|#######      whole
 *   alloc 1   -ENOMEM
 *
 * Expect the same starts, counters and maps under every policy.
 */
static void split_and_whole(void)
{
	unsigned int p;

	for (p = 0; p < MMLAB_FIT_NR_POLICIES; p++) {
		unsigned int scope = t_scope();
		struct mmlab_fit *fit;
		u64 start;

		t_variant("%s fit", mmlab_fit_policy_name(p));
		fit = fit_new(10, p);
		EXPECT_ALLOC(fit, 3, 0);
		EXPECT_MAP(fit, "###|.......");
		ASSERT_EQ(fit->ev.splits, 1ULL);
		EXPECT_ALLOC(fit, 7, 3);
		EXPECT_MAP(fit, "###|#######");
		ASSERT_EQ(fit->ev.splits, 1ULL);
		ASSERT_EQ(fit->nr_holes, 0U);
		ASSERT_EQ(mmlab_fit_alloc(fit, 1, &start), -ENOMEM);
		ASSERT_EQ(fit->ev.allocs, 2ULL);
		ASSERT_EQ(fit->ev.failures, 1ULL);
		ASSERT_EQ(mmlab_fit_validate(fit), 0U);
		t_unwind(scope);
	}
}

/*
 * A one-unit allocator, every policy:
 *
 *   .   alloc 1 -> 0   #   alloc 1 -> -ENOMEM   free 0   .
 *
 * Expect that, a second free of 0 refused, and the state sound all
 * along.
 */
static void one_unit(void)
{
	unsigned int p;

	for (p = 0; p < MMLAB_FIT_NR_POLICIES; p++) {
		unsigned int scope = t_scope();
		struct mmlab_fit *fit;
		u64 start;

		t_variant("%s fit", mmlab_fit_policy_name(p));
		fit = fit_new(1, p);
		EXPECT_MAP(fit, ".");
		EXPECT_ALLOC(fit, 1, 0);
		EXPECT_MAP(fit, "#");
		ASSERT_EQ(mmlab_fit_validate(fit), 0U);
		ASSERT_EQ(mmlab_fit_size_of(fit, 0), 1ULL);
		ASSERT_EQ(mmlab_fit_alloc(fit, 1, &start), -ENOMEM);
		ASSERT_EQ(mmlab_fit_alloc(fit, 2, &start), -EINVAL);
		ASSERT_EQ(mmlab_fit_free(fit, 0), 0);
		ASSERT_EQ(mmlab_fit_free(fit, 0), -EINVAL);
		EXPECT_MAP(fit, ".");
		ASSERT_EQ(fit->free_units, 1U);
		ASSERT_EQ(mmlab_fit_validate(fit), 0U);
		t_unwind(scope);
	}
}

static const struct t_case fit_alloc_cases[] = {
	T_CASE(tanenbaum_exercise),
	T_CASE(silberschatz_exercise),
	T_CASE(quick_small_sizes),
	T_CASE(quick_free_moves_lists),
	T_CASE(next_fit_rover),
	T_CASE(best_worst_ties),
	T_CASE(split_and_whole),
	T_CASE(one_unit),
};
