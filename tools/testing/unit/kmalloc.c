// SPDX-License-Identifier: GPL-2.0
/*
 * kmalloc.c - the kmalloc front end: the class of every size, exact bytes
 * asked for per class, natural alignment, the large path, bad frees.
 */

static struct mmlab_kmalloc *km_new(struct ts *t);

static void km_cleanup(void *arg)
{
	mmlab_kmalloc_destroy(arg);
	free(arg);
}

static struct mmlab_kmalloc *km_new(struct ts *t)
{
	struct mmlab_kmalloc *k = calloc(1, sizeof(*k));

	ASSERT_NOT_NULL(k);
	ASSERT_EQ(mmlab_kmalloc_init(k, &t->r), 0);
	t_defer(km_cleanup, k);
	return k;
}

/* Every size from 1 to 8k + 1 goes to the smallest class that holds it. */
static void kmalloc_classes(void)
{
	u64 size;

	ASSERT_EQ(mmlab_kmalloc_class(0), -EINVAL);
	ASSERT_EQ(mmlab_kmalloc_class(MMLAB_KMALLOC_MAX + 1ULL), -E2BIG);
	for (size = 1; size <= MMLAB_KMALLOC_MAX_CACHE + 1; size++) {
		int i = mmlab_kmalloc_class(size), j;

		t_variant("size %llu", size);
		if (size > MMLAB_KMALLOC_MAX_CACHE) {
			ASSERT_EQ(i, MMLAB_KMALLOC_CLASSES);
			continue;
		}
		ASSERT_TRUE(i >= 0 && i < MMLAB_KMALLOC_CLASSES);
		ASSERT_GE(mmlab_kmalloc_sizes[i], (u32)size);
		for (j = 0; j < i; j++)
			ASSERT_LT(mmlab_kmalloc_sizes[j], (u32)size);
	}
}

/*
 * Bytes asked for are recorded per class, exactly, through the fast and
 * slow paths on two CPUs; ksize is the class's size; power-of-two classes
 * are naturally aligned.
 */
static void kmalloc_requested(void)
{
	struct ts *t = ts_new(2048, 2);
	struct mmlab_kmalloc *k = km_new(t);
	static void *p[MMLAB_KMALLOC_CLASSES][300];
	s64 want[MMLAB_KMALLOC_CLASSES] = { 0 };
	unsigned int i, j;

	for (j = 0; j < 300; j++)
		for (i = 0; i < MMLAB_KMALLOC_CLASSES; i++) {
			u32 lo = i ? mmlab_kmalloc_sizes[i - 1] + 1 : 1;
			u32 size = lo + (u32)t_rand_below(mmlab_kmalloc_sizes[i] - lo + 1);

			if (i >= 10 && j >= 40)	/* 2k..8k: fewer */
				continue;
			shim.cpu = (i + j) % 2;
			p[i][j] = mmlab_kmalloc(k, size);
			ASSERT_NOT_NULL(p[i][j]);
			ASSERT_EQ(mmlab_ksize(k, p[i][j]),
				  (u64)mmlab_kmalloc_sizes[i]);
			if (is_power_of_2(mmlab_kmalloc_sizes[i]))
				ASSERT_EQ((uintptr_t)p[i][j] %
					  mmlab_kmalloc_sizes[i], 0UL);
			memset(p[i][j], 0xee, size);
			want[i] += size;
		}
	for (i = 0; i < MMLAB_KMALLOC_CLASSES; i++) {
		struct mmlab_slab_info in;

		mmlab_slab_info(k->cls[i], &in);
		t_variant("%s", k->cls[i]->name);
		ASSERT_EQ(in.requested, want[i]);
		ASSERT_EQ(mmlab_slab_validate(k->cls[i]), 0U);
	}
	/* free half, on the other CPU: the sums follow */
	for (i = 0; i < MMLAB_KMALLOC_CLASSES; i++)
		for (j = 0; j < 300; j += 2) {
			struct mmlab_slab *s;

			if (!p[i][j])
				continue;
			s = mmlab_slabs_slab_of(&t->r, p[i][j]);
			want[i] -= s->requested[mmlab_slab_index(s, p[i][j])];
			shim.cpu = (i + j + 1) % 2;
			ASSERT_EQ(mmlab_kfree(k, p[i][j]), 0);
			p[i][j] = NULL;
		}
	for (i = 0; i < MMLAB_KMALLOC_CLASSES; i++) {
		struct mmlab_slab_info in;

		mmlab_slab_info(k->cls[i], &in);
		t_variant("%s after frees", k->cls[i]->name);
		ASSERT_EQ(in.requested, want[i]);
		for (j = 0; j < 300; j++)
			if (p[i][j])
				ASSERT_EQ(mmlab_kfree(k, p[i][j]), 0);
		mmlab_slab_info(k->cls[i], &in);
		ASSERT_EQ(in.requested, 0LL);
		ASSERT_EQ(in.live, 0ULL);
	}
}

/* Above 8k: a buddy block of its own, found again by kfree. */
static void kmalloc_large(void)
{
	struct ts *t = ts_new(256, 2);
	struct mmlab_kmalloc *k = km_new(t);
	struct mmlab_kmalloc_large_info li;
	u64 free0 = t->b->arena->nr_free;
	u8 *a = mmlab_kmalloc(k, 8193), *b = mmlab_kmalloc(k, 3 * 4096 + 1);

	ASSERT_NOT_NULL(a);
	ASSERT_NOT_NULL(b);
	ASSERT_EQ((uintptr_t)a % 4096, 0UL);
	ASSERT_EQ(mmlab_ksize(k, a), 16384ULL);
	ASSERT_EQ(mmlab_ksize(k, b), 16384ULL);
	ASSERT_EQ(mmlab_ksize(k, a + 8), 0ULL);
	ASSERT_EQ(t->b->arena->nr_free, free0 - 8);
	mmlab_kmalloc_large_info(k, &li);
	ASSERT_EQ(li.live, 2ULL);
	ASSERT_EQ(li.bytes, 32768ULL);
	ASSERT_EQ(li.requested, 8193ULL + 3 * 4096 + 1);
	memset(a, 1, 8193);
	ASSERT_EQ(mmlab_kfree(k, a + 4096), -EINVAL);	/* inside */
	ASSERT_EQ(mmlab_kfree(k, a), 0);
	ASSERT_EQ(mmlab_kfree(k, b), 0);
	mmlab_kmalloc_large_info(k, &li);
	ASSERT_EQ(li.live, 0ULL);
	ASSERT_EQ(li.requested, 0ULL);
	ASSERT_EQ(li.frees, 2ULL);
	ASSERT_EQ(t->b->arena->nr_free, free0);
	/* too big for the arena, zero, too big for kmalloc */
	ASSERT_NULL(mmlab_kmalloc(k, 512 * 4096));
	ASSERT_NULL(mmlab_kmalloc(k, 0));
	ASSERT_NULL(mmlab_kmalloc(k, MMLAB_KMALLOC_MAX + 1ULL));
	/* left allocated: destroy gives it back */
	ASSERT_NOT_NULL(mmlab_kmalloc(k, 20000));
}

/* kfree refuses what kmalloc did not hand out, and changes nothing. */
static void kmalloc_bad_free(void)
{
	struct ts *t = ts_new(256, 1);
	struct mmlab_kmalloc *k = km_new(t);
	struct mmlab_slab_cache *c = cache_new(t, "mine", 64, 0, 0);
	u8 *p = mmlab_kmalloc(k, 64), *q = mmlab_slab_alloc(c);
	int local;

	ASSERT_EQ(mmlab_kfree(k, NULL), 0);
	ASSERT_EQ(mmlab_kfree(k, &local), -EINVAL);
	ASSERT_EQ(mmlab_kfree(k, p + 1), -EINVAL);
	ASSERT_EQ(mmlab_kfree(k, q), -EINVAL);	/* not a kmalloc cache's */
	ASSERT_EQ(mmlab_ksize(k, q), 0ULL);
	ASSERT_EQ(k->cls[3]->inuse, (u64)k->cls[3]->batch);
	ASSERT_EQ(mmlab_kfree(k, p), 0);
	ASSERT_EQ(mmlab_slab_free(c, q), 0);
	ASSERT_EQ(mmlab_slab_validate(k->cls[3]), 0U);
}

static const struct t_case kmalloc_cases[] = {
	T_CASE(kmalloc_classes),
	T_CASE(kmalloc_requested),
	T_CASE(kmalloc_large),
	T_CASE(kmalloc_bad_free),
};
