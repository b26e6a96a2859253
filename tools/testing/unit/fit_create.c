// SPDX-License-Identifier: GPL-2.0
/*
 * fit_create.c - the fit allocator's life cycle, policy changes, and its
 * numbers: mmlab_fit_create(), mmlab_fit_destroy(),
 * mmlab_fit_set_policy(), mmlab_fit_get_stats(), mmlab_fit_reset_stats(),
 * mmlab_fit_histogram() and mmlab_fit_policy_name().
 */

/* The allocator is all zeroes, as after a failed create or a destroy. */
static bool fit_is_zeroed(const struct mmlab_fit *fit)
{
	static const struct mmlab_fit zero;

	return !memcmp(fit, &zero, sizeof(zero));
}

/*
 * A fresh allocator of N units, for N in 1, 2, 8, 9, 16, 1000 and every
 * policy:
 *
 *   0                N
 *   +----------------+
 *   |................|
 *   +----------------+
 *
 * Expect one hole of N units at 0, on list N under quick fit when N is
 * at most QUICK_MAX (8) and on list 0 otherwise; no rover; zero counters;
 * one table of the core allocated, and none after destroy, which zeroes
 * the allocator and may be called again.
 */
static void create_empty(void)
{
	static const u32 sizes[] = { 1, 2, 8, 9, 16, 1000 };
	unsigned int p, i, l;

	for (p = 0; p < MMLAB_FIT_NR_POLICIES; p++) {
		for (i = 0; i < ARRAY_SIZE(sizes); i++) {
			struct mmlab_fit fit;
			u32 n = sizes[i];
			unsigned int want_list;

			t_variant("%s fit, %u units",
				  mmlab_fit_policy_name(p), n);
			memset(&fit, 0xa5, sizeof(fit));	/* stale */
			ASSERT_EQ(mmlab_fit_create(&fit, n, p), 0);
			ASSERT_EQ(shim.kv_live, t_kv_live_at_start() + 1);
			ASSERT_EQ(fit.nr_units, n);
			ASSERT_EQ(fit.policy, (enum mmlab_fit_policy)p);
			ASSERT_EQ(fit.free_units, n);
			ASSERT_EQ(fit.nr_holes, 1U);
			ASSERT_EQ(fit.nr_used, 0U);
			ASSERT_EQ(fit.rover, MMLAB_FIT_NONE);
			ASSERT_EQ(fit.ev.allocs + fit.ev.frees +
				  fit.ev.failures + fit.ev.search_steps +
				  fit.ev.insert_steps + fit.ev.splits +
				  fit.ev.coalesces, 0ULL);
			want_list = p == MMLAB_FIT_QUICK &&
				    n <= MMLAB_FIT_QUICK_MAX ? n : 0;
			for (l = 0; l < MMLAB_FIT_NR_LISTS; l++) {
				u32 w = l == want_list ? 0 : MMLAB_FIT_NONE;

				ASSERT_EQ(fit.lists[l].head, w);
				ASSERT_EQ(fit.lists[l].tail, w);
				ASSERT_EQ(fit.lists[l].count,
					  (u32)(l == want_list));
			}
			ASSERT_EQ(mmlab_fit_size_of(&fit, 0), 0ULL);
			ASSERT_EQ(mmlab_fit_validate(&fit), 0U);
			ASSERT_EQ(shim.reports, 0UL);
			mmlab_fit_destroy(&fit);
			ASSERT_TRUE(fit_is_zeroed(&fit));
			ASSERT_EQ(shim.kv_live, t_kv_live_at_start());
			mmlab_fit_destroy(&fit);
			ASSERT_TRUE(fit_is_zeroed(&fit));
			ASSERT_EQ(mmlab_fit_validate(&fit), 0U);
		}
	}
}

/*
 * Refused creates: 0 units, MAX_UNITS + 1, 2^32 (a u32 would read 0),
 * 2^32 + 5 (a u32 would read 5), ~0; a policy of NR_POLICIES or ~0.
 *
 * Expect -EINVAL, the allocator zeroed (it was stale), no allocation
 * attempted. And the calls on the zeroed allocator refused, not crashing.
 */
static void fit_create_rejects_bad_args(void)
{
	static const u64 bad_n[] = { 0, MMLAB_FIT_MAX_UNITS + 1ULL,
				     1ULL << 32, (1ULL << 32) + 5, ~0ULL };
	struct mmlab_fit fit;
	unsigned long calls = shim.kv_calls;
	u64 start, size;
	bool used;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad_n); i++) {
		t_variant("%llu units", bad_n[i]);
		memset(&fit, 0x5a, sizeof(fit));
		ASSERT_EQ(mmlab_fit_create(&fit, bad_n[i], MMLAB_FIT_FIRST),
			  -EINVAL);
		ASSERT_TRUE(fit_is_zeroed(&fit));
	}
	t_variant(NULL);
	memset(&fit, 0x5a, sizeof(fit));
	ASSERT_EQ(mmlab_fit_create(&fit, 10, MMLAB_FIT_NR_POLICIES), -EINVAL);
	ASSERT_TRUE(fit_is_zeroed(&fit));
	ASSERT_EQ(mmlab_fit_create(&fit, 10, (enum mmlab_fit_policy)~0U),
		  -EINVAL);
	ASSERT_TRUE(fit_is_zeroed(&fit));
	ASSERT_EQ(shim.kv_calls, calls);

	ASSERT_EQ(mmlab_fit_alloc(&fit, 1, &start), -EINVAL);
	ASSERT_EQ(mmlab_fit_free(&fit, 0), -EINVAL);
	ASSERT_EQ(mmlab_fit_set_policy(&fit, MMLAB_FIT_BEST), -EINVAL);
	ASSERT_EQ(mmlab_fit_size_of(&fit, 0), 0ULL);
	ASSERT_EQ(mmlab_fit_next_block(&fit, 0, &size, &used), 0ULL);
	ASSERT_EQ(mmlab_fit_validate(&fit), 0U);
	ASSERT_TRUE(fit_is_zeroed(&fit));
}

/*
 * The table allocation fails (the shim fails the Nth mmlab_kvcalloc()),
 * for N = 1, 2, ... until create no longer reaches the failure, for
 * sizes 1, 16 and 1000 and every policy.
 *
 * Expect N = 1 to give -ENOMEM with the allocator zeroed and nothing
 * held; N = 2 to succeed (create allocates exactly once) with a sound
 * allocator.
 */
static void create_fail_nth(void)
{
	static const u32 sizes[] = { 1, 16, 1000 };
	unsigned int p, i;
	unsigned long nth;

	for (p = 0; p < MMLAB_FIT_NR_POLICIES; p++) {
		for (i = 0; i < ARRAY_SIZE(sizes); i++) {
			for (nth = 1; ; nth++) {
				struct mmlab_fit fit;
				int err;

				t_variant("%s fit, %u units, fail_nth=%lu",
					  mmlab_fit_policy_name(p), sizes[i],
					  nth);
				memset(&fit, 0x3c, sizeof(fit));
				shim_kv_fail_nth(nth);
				err = mmlab_fit_create(&fit, sizes[i], p);
				if (!err) {
					ASSERT_NE(shim.kv_fail_at, 0UL);
					shim_kv_fail_nth(0);
					ASSERT_EQ(nth, 2UL);
					ASSERT_EQ(mmlab_fit_validate(&fit), 0U);
					mmlab_fit_destroy(&fit);
					break;
				}
				ASSERT_EQ(err, -ENOMEM);
				ASSERT_EQ(shim.kv_fail_at, 0UL);
				ASSERT_TRUE(fit_is_zeroed(&fit));
				ASSERT_EQ(shim.kv_live, t_kv_live_at_start());
			}
		}
	}
}

/*
 * Changing the policy. 100 units, first fit: allocate 10 (at 0), try to
 * switch to best fit, free, switch.
 *
 *   ##########|.........     set_policy -> -EBUSY, nothing changed
 *   ....................     set_policy -> 0
 *
 * Then from every policy to every policy (the same one included) on an
 * empty allocator of 5 units (quick fit: list 5) and of 100 (list 0).
 *
 * Expect -EBUSY with the state unchanged while a block is allocated,
 * -EINVAL for values that are not policies, and each switch to leave a
 * sound allocator with its one hole on the new policy's list, the rover
 * reset and the counters kept.
 */
static void set_policy_only_when_empty(void)
{
	static const u32 sizes[] = { 5, 100 };
	struct mmlab_fit *fit = fit_new(100, MMLAB_FIT_FIRST);
	unsigned int from, to, i;
	struct fit_snap *snap;

	EXPECT_ALLOC(fit, 10, 0);
	snap = fit_snap_take(fit);
	ASSERT_EQ(mmlab_fit_set_policy(fit, MMLAB_FIT_BEST), -EBUSY);
	ASSERT_EQ(mmlab_fit_set_policy(fit, MMLAB_FIT_FIRST), -EBUSY);
	ASSERT_TRUE(fit_snap_same(snap, fit));
	ASSERT_EQ(mmlab_fit_free(fit, 0), 0);
	snap = fit_snap_take(fit);
	ASSERT_EQ(mmlab_fit_set_policy(fit, MMLAB_FIT_NR_POLICIES), -EINVAL);
	ASSERT_EQ(mmlab_fit_set_policy(fit, (enum mmlab_fit_policy)~0U),
		  -EINVAL);
	ASSERT_TRUE(fit_snap_same(snap, fit));
	ASSERT_EQ(mmlab_fit_set_policy(fit, MMLAB_FIT_BEST), 0);
	ASSERT_EQ((unsigned int)fit->policy, (unsigned int)MMLAB_FIT_BEST);
	ASSERT_EQ(fit->ev.allocs, 1ULL);
	ASSERT_EQ(fit->ev.frees, 1ULL);
	ASSERT_EQ(mmlab_fit_validate(fit), 0U);

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		for (from = 0; from < MMLAB_FIT_NR_POLICIES; from++) {
			for (to = 0; to < MMLAB_FIT_NR_POLICIES; to++) {
				unsigned int scope = t_scope();
				unsigned int l;

				t_variant("%u units, %s to %s", sizes[i],
					  mmlab_fit_policy_name(from),
					  mmlab_fit_policy_name(to));
				fit = fit_new(sizes[i], from);
				/* Leave next fit a rover to reset. */
				EXPECT_ALLOC(fit, 1, 0);
				ASSERT_EQ(mmlab_fit_free(fit, 0), 0);
				ASSERT_EQ(mmlab_fit_set_policy(fit, to), 0);
				ASSERT_EQ(mmlab_fit_validate(fit), 0U);
				ASSERT_EQ(fit->rover, MMLAB_FIT_NONE);
				l = to == MMLAB_FIT_QUICK &&
				    sizes[i] <= MMLAB_FIT_QUICK_MAX ?
				    sizes[i] : 0;
				ASSERT_EQ(fit->lists[l].head, 0U);
				ASSERT_EQ(fit->ev.allocs, 1ULL);
				EXPECT_ALLOC(fit, sizes[i], 0);
				t_unwind(scope);
			}
		}
	}
}

/*
 * The numbers of a known map, 64 units: holes of 1, 2, 3, 4, 7, 8 and 16
 * units apart by single allocated units, then 17 allocated:
 *
 *   start  0   2    5     9      14        22         31          47
 *          |.|#|..|#|...|#|....|#|.......|#|........|#|.. 16 ..|#|# 17 #|
 *
 *   class (2^k..2^(k+1)-1)   0    1      2      3    4
 *   holes                    1    2      2      1    1
 *   units                    1    5      11     8    16
 *
 * Expect these histogram rows (the same under every policy), 41 free
 * units in 7 holes, 7 blocks, a largest hole of 16, the unusable free
 * space index for 8 units (order 3) of (41 - 24) / 41, the counters of
 * the 14 allocations and 7 frees that made the map, and
 * mmlab_fit_reset_stats() to zero the counters but not the state.
 */
static void stats_and_histogram(void)
{
	static const u32 sizes[] = { 1, 1, 2, 1, 3, 1, 4, 1, 7, 1, 8, 1,
				     16, 17 };
	static const bool holes[] = { 1, 0, 1, 0, 1, 0, 1, 0, 1, 0, 1, 0,
				      1, 0 };
	static const u64 want_holes[MMLAB_FIT_HIST_CLASSES] = { 1, 2, 2, 1,
								 1 };
	static const u64 want_units[MMLAB_FIT_HIST_CLASSES] = { 1, 5, 11, 8,
								 16 };
	unsigned int p, k;

	for (p = 0; p < MMLAB_FIT_NR_POLICIES; p++) {
		unsigned int scope = t_scope();
		struct mmlab_fit_stats st;
		struct mmlab_fit_hist h;
		struct mmlab_fit *fit;
		u64 usable = 0;

		t_variant("%s fit", mmlab_fit_policy_name(p));
		fit = fit_new(64, p);
		fit_layout(fit, sizes, holes, ARRAY_SIZE(sizes), NULL);
		mmlab_fit_histogram(fit, &h);
		for (k = 0; k < MMLAB_FIT_HIST_CLASSES; k++) {
			ASSERT_EQ(h.holes[k], want_holes[k]);
			ASSERT_EQ(h.units[k], want_units[k]);
			if (k >= 3)
				usable += h.units[k];
		}
		ASSERT_EQ(usable, 24ULL);
		mmlab_fit_get_stats(fit, &st);
		ASSERT_EQ(st.nr_units, 64ULL);
		ASSERT_EQ(st.free_units, 41ULL);
		ASSERT_EQ(st.holes, 7ULL);
		ASSERT_EQ(st.used_blocks, 7ULL);
		ASSERT_EQ(st.largest_hole, 16ULL);
		ASSERT_EQ(st.ev.allocs, 14ULL);
		ASSERT_EQ(st.ev.frees, 7ULL);
		ASSERT_EQ(st.ev.failures, 0ULL);
		ASSERT_EQ(st.ev.splits, 13ULL);
		ASSERT_EQ(st.ev.coalesces, 0ULL);
		ASSERT_EQ(st.ev.search_steps, 14ULL);

		mmlab_fit_reset_stats(fit);
		mmlab_fit_get_stats(fit, &st);
		ASSERT_EQ(st.ev.allocs + st.ev.frees + st.ev.failures +
			  st.ev.search_steps + st.ev.insert_steps +
			  st.ev.splits + st.ev.coalesces, 0ULL);
		ASSERT_EQ(st.free_units, 41ULL);
		ASSERT_EQ(st.holes, 7ULL);
		ASSERT_EQ(st.largest_hole, 16ULL);
		ASSERT_EQ(mmlab_fit_validate(fit), 0U);
		t_unwind(scope);
	}
}

/*
 * A full allocator and an empty one, the extremes:
 *
 *   ################    largest hole 0, no hole in the histogram
 *   ................    largest hole 16, one hole in class 4
 */
static void stats_full_and_empty(void)
{
	struct mmlab_fit *fit = fit_new(16, MMLAB_FIT_WORST);
	struct mmlab_fit_stats st;
	struct mmlab_fit_hist h;
	unsigned int k;

	mmlab_fit_get_stats(fit, &st);
	ASSERT_EQ(st.largest_hole, 16ULL);
	mmlab_fit_histogram(fit, &h);
	ASSERT_EQ(h.holes[4], 1ULL);
	ASSERT_EQ(h.units[4], 16ULL);
	EXPECT_ALLOC(fit, 16, 0);
	mmlab_fit_get_stats(fit, &st);
	ASSERT_EQ(st.largest_hole, 0ULL);
	ASSERT_EQ(st.holes, 0ULL);
	ASSERT_EQ(st.free_units, 0ULL);
	ASSERT_EQ(st.used_blocks, 1ULL);
	mmlab_fit_histogram(fit, &h);
	for (k = 0; k < MMLAB_FIT_HIST_CLASSES; k++)
		ASSERT_EQ(h.holes[k] + h.units[k], 0ULL);
}

/* Expect the names the tools show, and NULL for what is not a policy. */
static void policy_names(void)
{
	ASSERT_STR_EQ(mmlab_fit_policy_name(MMLAB_FIT_FIRST), "first");
	ASSERT_STR_EQ(mmlab_fit_policy_name(MMLAB_FIT_NEXT), "next");
	ASSERT_STR_EQ(mmlab_fit_policy_name(MMLAB_FIT_BEST), "best");
	ASSERT_STR_EQ(mmlab_fit_policy_name(MMLAB_FIT_WORST), "worst");
	ASSERT_STR_EQ(mmlab_fit_policy_name(MMLAB_FIT_QUICK), "quick");
	ASSERT_NULL(mmlab_fit_policy_name(MMLAB_FIT_NR_POLICIES));
	ASSERT_NULL(mmlab_fit_policy_name((enum mmlab_fit_policy)~0U));
}

static const struct t_case fit_create_cases[] = {
	T_CASE(create_empty),
	T_CASE(fit_create_rejects_bad_args),
	T_CASE(create_fail_nth),
	T_CASE(set_policy_only_when_empty),
	T_CASE(stats_and_histogram),
	T_CASE(stats_full_and_empty),
	T_CASE(policy_names),
};
