// SPDX-License-Identifier: GPL-2.0
/*
 * fit_random.c - randomized differential tests: the fit allocator against
 * the naive model of fit_model.c.
 *
 * The random stream comes from the run's seed, printed as the first
 * diagnostic line. To replay a failure:
 *
 *	MMLAB_TEST_SEED=<seed> make run ARGS=fit_random
 *
 * and MMLAB_TEST_ITERS=<n> runs longer (or shorter).
 */

/*
 * A request size: mostly small (quick fit's sizes and just above), so
 * that many blocks and holes live at once; some up to a sixteenth or a
 * quarter of the range; now and then anything.
 */
static u64 fr_request(u32 n)
{
	unsigned int r = (unsigned int)t_rand_below(100);

	if (r < 80)
		return 1 + t_rand_below(min_t(u32, n, MMLAB_FIT_QUICK_MAX + 2));
	if (r < 95)
		return 1 + t_rand_below(max_t(u32, n / 16, 1));
	if (r < 99)
		return 1 + t_rand_below(max_t(u32, n / 4, 1));
	return 1 + t_rand_below(n);
}

/* The allocator and the model agree on every unit. */
static void fr_compare_map(const struct mmlab_fit *fit, struct fit_model *m)
{
	u64 u, size, i;
	bool used;

	for (u = mmlab_fit_next_block(fit, 0, &size, &used); u < m->n;
	     u = mmlab_fit_next_block(fit, u + size, &size, &used)) {
		u32 want;

		if (used) {
			ASSERT_EQ(m->size[u], (u32)size);
		} else {
			ASSERT_EQ(fm_hole_at(m, u, &want), (u32)u);
			ASSERT_EQ(want, (u32)size);
		}
		for (i = u; i < u + size; i++)
			ASSERT_EQ(m->used[i], (u8)used);
	}
	ASSERT_EQ(u, (u64)m->n);
}

/* Sound, and the same numbers as the model; with @map, the same map. */
static void fr_compare(const struct mmlab_fit *fit, struct fit_model *m,
		       bool map)
{
	struct mmlab_fit_stats st;
	u32 i, free_units = 0, largest = 0, holes = fm_holes(m);

	ASSERT_EQ(mmlab_fit_validate(fit), 0U);
	ASSERT_EQ(shim.reports, 0UL);
	for (i = 0; i < holes; i++) {
		free_units += m->hz[i];
		largest = max(largest, m->hz[i]);
	}
	mmlab_fit_get_stats(fit, &st);
	ASSERT_EQ(st.free_units, (u64)free_units);
	ASSERT_EQ(st.holes, (u64)holes);
	ASSERT_EQ(st.largest_hole, (u64)largest);
	ASSERT_EQ(st.used_blocks, (u64)m->nr_used);
	ASSERT_EQ(st.ev.allocs, m->ev.allocs);
	ASSERT_EQ(st.ev.frees, m->ev.frees);
	ASSERT_EQ(st.ev.failures, m->ev.failures);
	ASSERT_EQ(st.ev.fail_frag, m->ev.fail_frag);
	ASSERT_EQ(st.ev.search_steps, m->ev.search_steps);
	ASSERT_EQ(st.ev.splits, m->ev.splits);
	ASSERT_EQ(st.ev.coalesces, m->ev.coalesces);
	ASSERT_EQ(fit->rover, m->rover);
	if (map)
		fr_compare_map(fit, m);
}

struct fr_live {
	u32 *start;
	u32 nr;
};

static void fr_live_drop(struct fr_live *l, u32 start)
{
	u32 i;

	for (i = 0; i < l->nr; i++) {
		if (l->start[i] == start) {
			l->start[i] = l->start[--l->nr];
			return;
		}
	}
	t_fail(__FILE__, __LINE__, "freed %u, which the test never had",
	       start);
}

/* Free @start in both; expect the same verdict. */
static void fr_free(struct mmlab_fit *fit, struct fit_model *m,
		    struct fr_live *live, u64 start)
{
	int want = fm_free_block(m, start);

	ASSERT_EQ(mmlab_fit_free(fit, start), want);
	if (!want)
		fr_live_drop(live, (u32)start);
}

/*
 * @iters random steps on an allocator of @n units that starts under
 * @policy, the model beside it:
 *
 *   58.0 %  allocate a random size         same error, same start
 *   34.0 %  free a random allocated block  same merges
 *    3.0 %  free a random unit, or a huge  same verdict (mostly -EINVAL)
 *    2.0 %  allocate 0 or more than n      -EINVAL
 *    2.9 %  switch to a random policy      -EBUSY unless empty
 *    0.1 %  free everything, and half of the time switch policy
 *
 * Expect after every step: validate() 0, and the same counters (search
 * steps included), free units, holes, largest hole, blocks and rover as
 * the model; the same map every step for small ranges, every 32 steps
 * otherwise.
 */
static void fr_run(enum mmlab_fit_policy policy, u32 n, unsigned long iters)
{
	unsigned int scope = t_scope();
	struct mmlab_fit *fit = fit_new(n, policy);
	struct fit_model *m = fm_new(n, policy);
	struct fr_live live = { 0 };
	unsigned long step, fails = 0;
	u32 got, max_holes = 0;
	u64 start;

	live.start = calloc(n, sizeof(*live.start));
	ASSERT_NOT_NULL(live.start);
	t_defer(free, live.start);
	for (step = 0; step < iters; step++) {
		unsigned int r = (unsigned int)t_rand_below(1000);
		u64 req;
		int err;

		t_variant("seed=%llu %s fit, %u units, step %lu (now %s fit)",
			  t_seed(), mmlab_fit_policy_name(policy), n, step,
			  mmlab_fit_policy_name(m->policy));
		if (r < 580 || (r < 920 && !live.nr)) {
			req = fr_request(n);
			err = fm_alloc(m, req, &got);
			start = ~0ULL;
			ASSERT_EQ(mmlab_fit_alloc(fit, req, &start), err);
			if (err) {
				ASSERT_EQ(start, ~0ULL);
				fails++;
			} else {
				ASSERT_EQ(start, (u64)got);
				ASSERT_EQ(mmlab_fit_size_of(fit, start), req);
				live.start[live.nr++] = got;
			}
		} else if (r < 920) {
			fr_free(fit, m, &live,
				live.start[t_rand_below(live.nr)]);
		} else if (r < 950) {
			start = t_rand_below(4) ? t_rand_below(n + 2ULL) :
				t_rand();
			fr_free(fit, m, &live, start);
		} else if (r < 970) {
			req = t_rand_below(2) ? 0 : n + 1 + t_rand_below(4);
			ASSERT_EQ(mmlab_fit_alloc(fit, req, &start), -EINVAL);
		} else if (r < 999) {
			enum mmlab_fit_policy p = t_rand_below(MMLAB_FIT_NR_POLICIES);

			err = mmlab_fit_set_policy(fit, p);
			ASSERT_EQ(err, m->nr_used ? -EBUSY : 0);
			if (!err)
				fm_set_policy(m, p);
		} else {
			enum mmlab_fit_policy p = t_rand_below(MMLAB_FIT_NR_POLICIES);

			while (live.nr)
				fr_free(fit, m, &live,
					live.start[t_rand_below(live.nr)]);
			ASSERT_EQ(fit->nr_holes, 1U);
			if (t_rand_below(2)) {
				ASSERT_EQ(mmlab_fit_set_policy(fit, p), 0);
				fm_set_policy(m, p);
			}
		}
		fr_compare(fit, m, n <= 128 || step % 32 == 0);
		max_holes = max(max_holes, fit->nr_holes);
	}
	fr_compare(fit, m, true);
	if (t_verbose())
		t_diag("%s fit, %u units: %lu steps, %llu allocs, %lu refused, %llu search steps, %llu insert steps, %u holes at most",
		       mmlab_fit_policy_name(policy), n, iters,
		       fit->ev.allocs, fails, fit->ev.search_steps,
		       fit->ev.insert_steps, max_holes);
	t_unwind(scope);
}

static void fr_policy(enum mmlab_fit_policy policy)
{
	static const struct {
		u32 n;
		unsigned long iters;
	} runs[] = { { 1, 500 }, { 2, 1000 }, { 16, 4000 }, { 100, 8000 },
		     { 1000, 8000 }, { 4096, 4000 } };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(runs); i++)
		fr_run(policy, runs[i].n, t_iterations(runs[i].iters));
}

static void differential_first(void)
{
	fr_policy(MMLAB_FIT_FIRST);
}

static void differential_next(void)
{
	fr_policy(MMLAB_FIT_NEXT);
}

static void differential_best(void)
{
	fr_policy(MMLAB_FIT_BEST);
}

static void differential_worst(void)
{
	fr_policy(MMLAB_FIT_WORST);
}

static void differential_quick(void)
{
	fr_policy(MMLAB_FIT_QUICK);
}

static const struct t_case fit_random_cases[] = {
	T_CASE(differential_first),
	T_CASE(differential_next),
	T_CASE(differential_best),
	T_CASE(differential_worst),
	T_CASE(differential_quick),
};
