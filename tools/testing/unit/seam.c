// SPDX-License-Identifier: GPL-2.0
/*
 * seam.c - tests of the userspace seam itself (tools/testing/shim).
 *
 * The core's tests are only as good as the shim under them: a shim whose
 * check_shl_overflow() is looser than the kernel's would let a bug of
 * param.c pass here and bite in the module. These cases pin the shim to
 * the kernel's semantics.
 */

/*
 * fls64(), ilog2(), is_power_of_2(), BIT(), ARRAY_SIZE() and min()/max()
 * on their edges:
 *
 *   x        0   1   2   3   2^63   2^64-1
 *   fls64    0   1   2   2   64     64
 *   ilog2   -1   0   1   1   63     63     (0 for a constant 0)
 *
 * Expect the kernel's values, and ilog2() of a constant to be a constant
 * expression (usable in BUILD_BUG_ON()).
 */
static void seam_bitops(void)
{
	static const int table[] = { 1, 2, 3, 4, 5 };
	volatile u64 zero = 0;	/* not a constant: the out-of-line ilog2 */
	unsigned int k;
	u64 v;

	BUILD_BUG_ON(ilog2(4096) != 12);
	BUILD_BUG_ON(ilog2(1ULL << 63) != 63);
	BUILD_BUG_ON(ARRAY_SIZE(table) != 5);
	BUILD_BUG_ON(sizeof(u64) != 8 || sizeof(u32) != 4 ||
		     sizeof(u16) != 2 || sizeof(u8) != 1);

	ASSERT_EQ(fls64(0), 0);
	ASSERT_EQ(fls64(1), 1);
	ASSERT_EQ(fls64(3), 2);
	ASSERT_EQ(fls64(1ULL << 63), 64);
	ASSERT_EQ(fls64(~0ULL), 64);
	for (k = 0; k < 64; k++) {
		t_variant("k=%u", k);
		v = 1ULL << k;
		ASSERT_EQ(fls64(v), (int)k + 1);
		ASSERT_EQ(ilog2(v), (int)k);
		ASSERT_EQ(ilog2(v | (v - 1)), (int)k);
		ASSERT_TRUE(is_power_of_2(v));
		ASSERT_EQ(is_power_of_2(v + 3), k == 0);
	}
	t_variant(NULL);
	BUILD_BUG_ON(ilog2(0) != 0 || ilog2(1) != 0);
	ASSERT_EQ(ilog2(zero), -1);
	ASSERT_FALSE(is_power_of_2(0));
	ASSERT_EQ(BIT(0), 1UL);
	ASSERT_EQ(BIT(63), 1UL << 63);
	ASSERT_EQ(min(3U, 5U), 3U);
	ASSERT_EQ(max(-3, 5), 5);
	ASSERT_EQ(min_t(u64, ~0ULL, 7U), 7ULL);
	ASSERT_EQ(max_t(int, -1, 0U), 0);
	k = 0;
	ASSERT_EQ(min(k++, 10U), 0U);	/* evaluated once */
	ASSERT_EQ(k, 1U);
	ASSERT_TRUE(likely(1) && !unlikely(0));
}

/*
 * check_add_overflow(), check_mul_overflow() and check_shl_overflow() at
 * the edge of their types. check_shl_overflow(a, s, d) must say true
 * exactly when a << s does not fit in *d, as the kernel's does:
 *
 *   a    s    *d type   overflow
 *   1    63   u64       no
 *   1    64   u64       yes  (shift as wide as the type)
 *   3    63   u64       yes  (bit shifted out)
 *   1    31   s32       yes  (into the sign bit)
 *   1    -1   u64       yes  (negative shift)
 *
 * Expect those verdicts and, when there is no overflow, the result in *d.
 */
static void seam_overflow(void)
{
	u64 d64;
	u32 d32;
	s32 s32v;
	int neg = -1;
	unsigned int s;

	ASSERT_FALSE(check_add_overflow(~0ULL - 1, 1ULL, &d64));
	ASSERT_EQ(d64, ~0ULL);
	ASSERT_TRUE(check_add_overflow(~0ULL, 1ULL, &d64));
	ASSERT_FALSE(check_mul_overflow(1ULL << 32, (1ULL << 32) - 1, &d64));
	ASSERT_TRUE(check_mul_overflow(1ULL << 32, 1ULL << 32, &d64));
	ASSERT_TRUE(check_add_overflow(0xffffffffU, 1U, &d32));

	for (s = 0; s < 64; s++) {
		t_variant("s=%u", s);
		ASSERT_FALSE(check_shl_overflow(1ULL, s, &d64));
		ASSERT_EQ(d64, 1ULL << s);
		ASSERT_EQ(check_shl_overflow(3ULL, s, &d64), s == 63);
		ASSERT_EQ(check_shl_overflow(~0ULL >> s, s, &d64), false);
		ASSERT_EQ(check_shl_overflow((~0ULL >> s) + 1, s, &d64),
			  s != 0);
	}
	t_variant(NULL);
	ASSERT_TRUE(check_shl_overflow(1ULL, 64, &d64));
	ASSERT_TRUE(check_shl_overflow(1ULL, 200, &d64));
	ASSERT_TRUE(check_shl_overflow(1ULL, neg, &d64));
	ASSERT_FALSE(check_shl_overflow(1U, 31, &d32));
	ASSERT_TRUE(check_shl_overflow(1U, 32, &d32));
	ASSERT_TRUE(check_shl_overflow(1ULL << 32, 0, &d32));
	ASSERT_FALSE(check_shl_overflow(1, 30, &s32v));
	ASSERT_TRUE(check_shl_overflow(1, 31, &s32v));
	ASSERT_TRUE(check_shl_overflow(-1, 0, &s32v));
	/* The source may be the destination, as param.c uses it. */
	d64 = 5;
	ASSERT_FALSE(check_shl_overflow(d64, 10, &d64));
	ASSERT_EQ(d64, 5ULL << 10);
}

/*
 * The allocation counters and the fault-injection knob:
 *
 *   shim_kv_fail_nth(2);  kvcalloc -> ok,  kvcalloc -> NULL,  kvcalloc -> ok
 *
 * Expect the live count to follow allocations and frees, the Nth call
 * from the knob's setting (and only it) to fail, and a size that
 * overflows to fail as kvcalloc() does.
 */
static void seam_kvcalloc(void)
{
	unsigned long live = shim.kv_live, total = shim.kv_total;
	void *p, *q, *r;

	p = mmlab_kvcalloc(4, 8);
	ASSERT_NOT_NULL(p);
	ASSERT_EQ(((u64 *)p)[3], 0ULL);		/* zeroed */
	ASSERT_EQ(shim.kv_live, live + 1);
	ASSERT_EQ(shim.kv_total, total + 1);
	shim_kv_fail_nth(2);
	q = mmlab_kvcalloc(1, 1);
	ASSERT_NOT_NULL(q);
	r = mmlab_kvcalloc(1, 1);
	ASSERT_NULL(r);
	ASSERT_EQ(shim.kv_fail_at, 0UL);	/* one-shot */
	r = mmlab_kvcalloc(1, 1);
	ASSERT_NOT_NULL(r);
	ASSERT_EQ(shim.kv_live, live + 3);
	ASSERT_NULL(mmlab_kvcalloc(~(size_t)0 / 2, 4));
	mmlab_kvfree(p);
	mmlab_kvfree(q);
	mmlab_kvfree(r);
	mmlab_kvfree(NULL);
	ASSERT_EQ(shim.kv_live, live);
	ASSERT_EQ(shim.kv_total, total + 3);
	shim_kv_fail_nth(0);
	ASSERT_EQ(shim.kv_fail_at, 0UL);
}

/*
 * mmlab_report() and WARN_ON_ONCE():
 *
 * Expect each report counted, the last one kept whole and all of them in
 * the log; WARN_ON_ONCE() to return its condition and count every hit.
 */
static void seam_report_and_warn(void)
{
	int i, hits = 0;

	shim_report_reset();
	mmlab_report("chunk %u: first\n", 1U);
	mmlab_report("chunk %u: second\n", 2U);
	ASSERT_EQ(shim.reports, 2UL);
	ASSERT_STR_EQ(shim.report_last, "chunk 2: second\n");
	ASSERT_STR_EQ(shim.report_log, "chunk 1: first\nchunk 2: second\n");
	shim_report_reset();
	ASSERT_EQ(shim.reports, 0UL);
	ASSERT_STR_EQ(shim.report_last, "");

	shim.warn_quiet = true;
	for (i = 0; i < 3; i++)
		if (WARN_ON_ONCE(i > 0))
			hits++;
	shim.warn_quiet = false;
	ASSERT_EQ(hits, 2);
	t_expect_warnings(2);
}

/*
 * mmlab_sort() sorts with the kernel's sort() comparison convention.
 */
static int cmp_u64(const void *l, const void *r)
{
	u64 a = *(const u64 *)l, b = *(const u64 *)r;

	return a < b ? -1 : a > b;
}

static void seam_sort(void)
{
	u64 v[100];
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(v); i++)
		v[i] = t_rand();
	mmlab_sort(v, ARRAY_SIZE(v), sizeof(v[0]), cmp_u64);
	for (i = 1; i < ARRAY_SIZE(v); i++)
		ASSERT_LE(v[i - 1], v[i]);
}

static const struct t_case shim_cases[] = {
	T_CASE(seam_bitops),
	T_CASE(seam_overflow),
	T_CASE(seam_kvcalloc),
	T_CASE(seam_report_and_warn),
	T_CASE(seam_sort),
};
