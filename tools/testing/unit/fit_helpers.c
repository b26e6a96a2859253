// SPDX-License-Identifier: GPL-2.0
/*
 * fit_helpers.c - helpers shared by the fit allocator's tests: a fresh
 * allocator freed when the case ends, a map of the blocks as text, a
 * layout built from a list of block sizes, and snapshots of the whole
 * state.
 */

/* A fresh allocator that must be made; destroyed when the case ends. */
static void fit_cleanup(void *arg)
{
	struct mmlab_fit *fit = arg;

	mmlab_fit_destroy(fit);
	free(fit);
}

static struct mmlab_fit *fit_new(u64 n, enum mmlab_fit_policy policy)
{
	struct mmlab_fit *fit = calloc(1, sizeof(*fit));

	ASSERT_NOT_NULL(fit);
	t_defer(fit_cleanup, fit);
	ASSERT_EQ(mmlab_fit_create(fit, n, policy), 0);
	ASSERT_EQ(mmlab_fit_validate(fit), 0U);
	return fit;
}

/*
 * The map of @fit in @buf: every block as its units, '#' allocated and
 * '.' free, blocks apart by '|'. "##|...|#" is a 2-unit block, a 3-unit
 * hole and a 1-unit block.
 */
static const char *fit_map(const struct mmlab_fit *fit, char *buf,
			   size_t len)
{
	size_t at = 0;
	u64 u, size, i;
	bool used;

	buf[0] = '\0';
	for (u = mmlab_fit_next_block(fit, 0, &size, &used); u < fit->nr_units;
	     u = mmlab_fit_next_block(fit, u + size, &size, &used)) {
		if (u && at + 1 < len)
			buf[at++] = '|';
		for (i = 0; i < size && at + 1 < len; i++)
			buf[at++] = used ? '#' : '.';
	}
	buf[at] = '\0';
	return buf;
}

#define EXPECT_MAP(fit, want)						\
	do {								\
		char __map[512];					\
									\
		ASSERT_STR_EQ(fit_map(fit, __map, sizeof(__map)), want); \
	} while (0)

/*
 * Lay out @fit (empty, every unit free) as blocks of @sizes[i] units,
 * allocating each in turn (with one hole, every policy takes its low
 * end), then free those whose @hole[i] is set, in address order. The
 * sizes must add up to the whole range, so that the last allocation
 * leaves no hole and next fit no rover. @starts, if not NULL, gets each
 * block's start.
 */
static void fit_layout(struct mmlab_fit *fit, const u32 *sizes,
		       const bool *hole, unsigned int nr, u64 *starts)
{
	u64 start, at = 0;
	unsigned int i;

	for (i = 0; i < nr; i++) {
		ASSERT_EQ(mmlab_fit_alloc(fit, sizes[i], &start), 0);
		ASSERT_EQ(start, at);
		if (starts)
			starts[i] = start;
		at += sizes[i];
	}
	ASSERT_EQ(at, (u64)fit->nr_units);
	ASSERT_EQ(fit->rover, MMLAB_FIT_NONE);
	for (i = 0, at = 0; i < nr; i++) {
		if (hole[i])
			ASSERT_EQ(mmlab_fit_free(fit, at), 0);
		at += sizes[i];
	}
	ASSERT_EQ(mmlab_fit_validate(fit), 0U);
}

/* A copy of the whole state, to prove that a refused call changed none. */
struct fit_snap {
	struct mmlab_fit fit;
	struct mmlab_fit_unit *units;
};

static void fit_snap_free(void *arg)
{
	struct fit_snap *s = arg;

	free(s->units);
	free(s);
}

static struct fit_snap *fit_snap_take(const struct mmlab_fit *fit)
{
	struct fit_snap *s = calloc(1, sizeof(*s));

	ASSERT_NOT_NULL(s);
	t_defer(fit_snap_free, s);
	s->fit = *fit;
	s->units = malloc(fit->nr_units * sizeof(*s->units));
	ASSERT_NOT_NULL(s->units);
	memcpy(s->units, fit->units, fit->nr_units * sizeof(*s->units));
	return s;
}

static bool fit_snap_same(const struct fit_snap *s,
			  const struct mmlab_fit *fit)
{
	return !memcmp(&s->fit, fit, sizeof(*fit)) &&
	       !memcmp(s->units, fit->units,
		       fit->nr_units * sizeof(*s->units));
}

/* Put back the state of @s on the allocator it was taken of. */
static void fit_snap_restore(const struct fit_snap *s, struct mmlab_fit *fit)
{
	*fit = s->fit;
	memcpy(fit->units, s->units, fit->nr_units * sizeof(*fit->units));
}

/* Allocate @n units and expect them at @want. */
#define EXPECT_ALLOC(fit, n, want)					\
	do {								\
		u64 __s = ~0ULL;					\
									\
		ASSERT_EQ(mmlab_fit_alloc(fit, n, &__s), 0);		\
		ASSERT_EQ(__s, (u64)(want));				\
	} while (0)
