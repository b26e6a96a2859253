// SPDX-License-Identifier: GPL-2.0
/*
 * arena_validate.c - mmlab_arena_validate() and mmlab_arena_selftest().
 *
 * Most cases break one invariant of a sound arena on purpose, check that
 * validate() counts exactly the violations expected (each one reported
 * once, so the count and the reports agree) and that the reports name
 * them, then put the arena back and expect 0. They start from this arena
 * (704 KiB, max_order 10), with made-up pfns far apart so that only the
 * corruption at hand trips a check:
 *
 *   index  0                     128     160   176
 *          +----------------------+-------+-----+
 *          |          o7          |  o5   | o4  |
 *          +----------------------+-------+-----+
 *   pfn    1 << 32                2 << 32 3 << 32
 */

#define VAL_FRAMES	176

struct arena_snap {
	struct mmlab_arena a;
	struct mmlab_chunk chunks[8];
};

static void snap_take(struct arena_snap *s, const struct mmlab_arena *a)
{
	ASSERT_LE(a->nr_chunks, (unsigned int)ARRAY_SIZE(s->chunks));
	s->a = *a;
	memcpy(s->chunks, a->chunks, a->nr_chunks * sizeof(*a->chunks));
}

static void snap_restore(const struct arena_snap *s, struct mmlab_arena *a)
{
	*a = s->a;
	memcpy(a->chunks, s->chunks, a->nr_chunks * sizeof(*a->chunks));
}

static struct mmlab_arena *make_val_arena(struct tb *tb)
{
	struct mmlab_arena *a;

	tb->spread_pfn = true;
	a = make_arena(tb, VAL_FRAMES, 10);
	ASSERT_EQ(a->nr_chunks, 3U);
	ASSERT_EQ(a->chunks[0].order, 7U);
	ASSERT_EQ(a->chunks[1].order, 5U);
	ASSERT_EQ(a->chunks[2].order, 4U);
	return a;
}

/* The reports since the last reset name every one of @needles. */
static void expect_reports(unsigned int count, const char *const *needles)
{
	ASSERT_EQ(shim.reports, (unsigned long)count);
	for (; *needles; needles++)
		ASSERT_CONTAINS(shim.report_log, *needles);
}

/*
 * Break the arena with @corrupt, expect @count violations naming
 * @needles (NULL-terminated), put it back, expect none.
 */
static void check_corruption(void (*corrupt)(struct mmlab_arena *a),
			     unsigned int count, const char *const *needles)
{
	struct tb *tb = tb_new();
	struct mmlab_arena *a = make_val_arena(tb);
	struct arena_snap snap;

	snap_take(&snap, a);
	shim_report_reset();
	corrupt(a);
	ASSERT_EQ(mmlab_arena_validate(a), count);
	expect_reports(count, needles);
	if (count == 1)
		ASSERT_CONTAINS(shim.report_last, needles[0]);
	snap_restore(&snap, a);
	shim_report_reset();
	ASSERT_EQ(mmlab_arena_validate(a), 0U);
	ASSERT_EQ(shim.reports, 0UL);
	ASSERT_EQ(mmlab_arena_selftest(a), 0ULL);
	mmlab_arena_destroy(a);
	ASSERT_TRUE(tb_balanced(tb));
}

#define CORRUPTION_CASE(name, count, ...)				\
	static void name(void)						\
	{								\
		static const char *const needles[] = { __VA_ARGS__, NULL }; \
									\
		check_corruption(corrupt_##name, count, needles);	\
	}

/*
 * A gap in index space: chunks 1 and 2 moved up by 32, the arena grown to
 * match (so the end still lines up):
 *
 *   0                     128     160     192   208
 *   +----------------------+ - - - +-------+-----+
 *   |          o7          |  gap  |  o5   | o4  |
 *   +----------------------+ - - - +-------+-----+
 *
 * Expect 1 violation: chunk 1 does not start where chunk 0 ends.
 */
static void corrupt_validate_gap(struct mmlab_arena *a)
{
	a->chunks[1].first += 32;
	a->chunks[2].first += 32;
	a->nr_frames += 32;
}

CORRUPTION_CASE(validate_gap, 1, "chunk 1: starts at 160, expected 128")

/*
 * Chunk 2 slides back over chunk 1 (index space overlap):
 *
 *   0                     128   144  160
 *   +----------------------+-----+----+
 *   |          o7          |  o5 |####|    o4 at 144 (aligned to 16)
 *   +----------------------+-----+----+
 *
 * Expect 2 violations: chunk 2's start, and an arena no longer covered to
 * its end (160 of 176 frames).
 */
static void corrupt_validate_index_overlap(struct mmlab_arena *a)
{
	a->chunks[2].first = 144;
}

CORRUPTION_CASE(validate_index_overlap, 2,
		"chunk 2: starts at 144, expected 160",
		"chunks cover 160 frames, arena has 176")

/*
 * A pfn off by one (chunk 1 no longer naturally aligned in physical
 * memory, as alloc_pages() would never return it):
 *
 *   pfn   2 << 32 + 1
 *
 * Expect 1 violation naming chunk 1's pfn.
 */
static void corrupt_validate_pfn_misaligned(struct mmlab_arena *a)
{
	a->chunks[1].pfn += 1;
}

CORRUPTION_CASE(validate_pfn_misaligned, 1,
		"chunk 1: pfn 8589934593 not aligned to order 5")

/*
 * max_order lowered under the largest chunk (o7 > 6):
 *
 * Expect 1 violation, chunk 0's order, and no knock-on report about the
 * chunks after it.
 */
static void corrupt_validate_order_above_max(struct mmlab_arena *a)
{
	a->max_order = 6;
}

CORRUPTION_CASE(validate_order_above_max, 1,
		"chunk 0: order 7 above max_order 6")

/*
 * An order that cannot even be a shift count (64) on the middle chunk:
 *
 *   0                     128     160   176
 *   +----------------------+- - - -+-----+
 *   |          o7          |  o64  | o4  |
 *   +----------------------+- - - -+-----+
 *
 * Expect its report and, since nothing about that chunk's size can be
 * trusted, one about the next chunk's start: exactly 2, and no shift by
 * 64 anywhere, the physical check included (UBSan is watching).
 */
static void corrupt_validate_order_out_of_range(struct mmlab_arena *a)
{
	a->chunks[1].order = 64;
}

CORRUPTION_CASE(validate_order_out_of_range, 2,
		"chunk 1: order 64 out of range",
		"chunk 2: starts at 160, expected 128")

/*
 * Two chunks on the same physical frames:
 *
 *   pfn    1 << 32
 *          [======== o7 ========]
 *          [== o5 ==]                 chunk 1 moved onto chunk 0
 *
 * Expect 1 violation, a physical overlap.
 */
static void corrupt_validate_phys_overlap(struct mmlab_arena *a)
{
	a->chunks[1].pfn = a->chunks[0].pfn;
}

CORRUPTION_CASE(validate_phys_overlap, 1, "overlap in physical memory")

/*
 * Two chunks nested in a third, apart from each other:
 *
 *   pfn    P          P+32      P+64           P+128
 *          [=================== o7 ===============]
 *                     [== o5 ==]
 *                               [o4]
 *
 * Expect 2 violations: chunk 1 and chunk 2 each overlap chunk 0, though
 * they do not overlap each other.
 */
static void corrupt_validate_phys_nested(struct mmlab_arena *a)
{
	a->chunks[1].pfn = a->chunks[0].pfn + 32;
	a->chunks[2].pfn = a->chunks[0].pfn + 64;
}

CORRUPTION_CASE(validate_phys_nested, 2,
		"chunks at index 0 and 128 overlap in physical memory",
		"chunks at index 0 and 160 overlap in physical memory")

/*
 * Chunks physically adjacent, in any order, are fine (only overlap is
 * wrong):
 *
 *   pfn    P                  P+128    P+160
 *          [====== o7 ======][== o5 ==][o4]
 *
 * Expect 0 violations.
 */
static void corrupt_validate_phys_adjacent(struct mmlab_arena *a)
{
	a->chunks[1].pfn = a->chunks[0].pfn + 128;
	a->chunks[2].pfn = a->chunks[0].pfn + 160;
}

static void validate_phys_adjacent(void)
{
	static const char *const none[] = { NULL };

	check_corruption(corrupt_validate_phys_adjacent, 0, none);
}

/*
 * More frames free than the arena has.
 *
 * Expect 1 violation naming both numbers.
 */
static void corrupt_validate_nr_free(struct mmlab_arena *a)
{
	a->nr_free = a->nr_frames + 1;
}

CORRUPTION_CASE(validate_nr_free, 1, "177 free frames of 176")

/*
 * chunk_order_min or chunk_order_max not what the table holds.
 *
 * Expect 1 violation each, with the orders seen and the ones recorded.
 */
static void corrupt_validate_order_min(struct mmlab_arena *a)
{
	a->chunk_order_min = 5;
}

CORRUPTION_CASE(validate_order_min, 1, "chunk orders 4..7 recorded as 5..7")

static void corrupt_validate_order_max(struct mmlab_arena *a)
{
	a->chunk_order_max = 8;
}

CORRUPTION_CASE(validate_order_max, 1, "chunk orders 4..7 recorded as 4..8")

/*
 * A chunk without memory.
 *
 * Expect 1 violation naming the chunk.
 */
static void corrupt_validate_no_mem(struct mmlab_arena *a)
{
	a->chunks[2].mem = NULL;
}

CORRUPTION_CASE(validate_no_mem, 1, "chunk 2: no memory")

/*
 * Coverage short of nr_frames, twice: the arena claims one frame more, or
 * it lost its last chunk (orders recorded to match):
 *
 *   0                     128     160   176 177        0      128     160   176
 *   +----------------------+-------+-----+ ?           +-------+-------+ - - +
 *   |          o7          |  o5   | o4  |             |  o7   |  o5   |     |
 *   +----------------------+-------+-----+             +-------+-------+ - - +
 *
 * Expect 1 violation each, saying how far the chunks reach.
 */
static void corrupt_validate_cover_short(struct mmlab_arena *a)
{
	a->nr_frames += 1;
}

CORRUPTION_CASE(validate_cover_short, 1,
		"chunks cover 176 frames, arena has 177")

static void corrupt_validate_lost_chunk(struct mmlab_arena *a)
{
	a->nr_chunks--;
	a->chunk_order_min = 5;
}

CORRUPTION_CASE(validate_lost_chunk, 1,
		"chunks cover 160 frames, arena has 176")

/*
 * Frames but no chunk at all.
 *
 * Expect 1 violation.
 */
static void corrupt_validate_no_chunks(struct mmlab_arena *a)
{
	a->nr_chunks = 0;
}

CORRUPTION_CASE(validate_no_chunks, 1, "176 frames but no chunk")

/*
 * The scratch buffer that validate() sorts in is gone:
 *
 *   chunks[] ok, scratch = NULL
 *
 * Expect 1 violation saying the overlap could not be checked.
 */
static void corrupt_validate_no_scratch(struct mmlab_arena *a)
{
	a->scratch = NULL;
}

CORRUPTION_CASE(validate_no_scratch, 1,
		"no scratch buffer to check chunk overlap")

/*
 * A sound arena, and the shim armed to fail the very next allocation:
 *
 *   chunks[] ok, scratch ok, kv_fail_nth = 1
 *
 * Expect validate() to find 0 violations and the armed failure still
 * pending afterwards: checking never allocates, so it can never mistake
 * "no memory" for "unsound".
 */
static void validate_allocates_nothing(void)
{
	struct tb *tb = tb_new();
	struct mmlab_arena *a = make_val_arena(tb);
	unsigned long calls = shim.kv_calls;

	shim_kv_fail_nth(1);
	ASSERT_EQ(mmlab_arena_validate(a), 0U);
	ASSERT_EQ(shim.kv_calls, calls);
	ASSERT_NE(shim.kv_fail_at, 0UL);
	shim_kv_fail_nth(0);
	mmlab_arena_destroy(a);
	ASSERT_TRUE(tb_balanced(tb));
}

/*
 * Hand-built tables that create could never produce.
 *
 * Orders that increase (each chunk still aligned, the tiling exact):
 *
 *   0    1    2         4
 *   +----+----+---------+
 *   | o0 | o0 |   o1    |
 *   +----+----+---------+
 *
 * Expect 1 violation: chunk 2's order above the previous one.
 *
 * A chunk not aligned to its own size:
 *
 *   0    1         3
 *   +----+---------+
 *   | o0 |   o1    |      o1 at index 1
 *   +----+---------+
 *
 * Expect 2 violations: the misalignment and the rising order (with exact
 * tiling, one cannot happen without the other).
 */
static void build_table(struct mmlab_arena *a, struct mmlab_chunk *chunks,
			const unsigned int *orders, unsigned int nr)
{
	static struct mmlab_chunk scratch[64];
	static u64 dummy;
	unsigned int i;
	u64 first = 0;

	ASSERT_LE(nr, (unsigned int)ARRAY_SIZE(scratch));
	memset(a, 0, sizeof(*a));
	a->chunks = chunks;
	a->scratch = scratch;
	a->nr_chunks = nr;
	a->chunk_cap = nr;
	a->chunk_order_min = ~0U;
	for (i = 0; i < nr; i++) {
		chunks[i].first = first;
		chunks[i].order = orders[i];
		chunks[i].pfn = (u64)(i + 1) << 32;
		chunks[i].mem = &dummy;
		first += 1ULL << orders[i];
		a->max_order = max(a->max_order, orders[i]);
		a->chunk_order_min = min(a->chunk_order_min, orders[i]);
		a->chunk_order_max = max(a->chunk_order_max, orders[i]);
	}
	a->nr_frames = first;
	a->nr_free = first;
}

static void validate_hand_built(void)
{
	static const unsigned int rising[] = { 0, 0, 1 };
	static const unsigned int misaligned[] = { 0, 1 };
	static const char *const rising_says[] = {
		"chunk 2: order 1 above previous 0", NULL };
	static const char *const misaligned_says[] = {
		"chunk 1: index 1 not aligned to order 1",
		"chunk 1: order 1 above previous 0", NULL };
	struct mmlab_chunk chunks[4];
	struct mmlab_arena a;

	build_table(&a, chunks, rising, ARRAY_SIZE(rising));
	shim_report_reset();
	ASSERT_EQ(mmlab_arena_validate(&a), 1U);
	expect_reports(1, rising_says);

	build_table(&a, chunks, misaligned, ARRAY_SIZE(misaligned));
	shim_report_reset();
	ASSERT_EQ(mmlab_arena_validate(&a), 2U);
	expect_reports(2, misaligned_says);
}

/*
 * Sound arenas of every size 1..300 frames and max_order 0..10, and the
 * zeroed arena:
 *
 * Expect 0 violations and not a single report.
 */
static void validate_sound(void)
{
	struct mmlab_arena z = { 0 };
	unsigned int m;
	u64 n;

	ASSERT_EQ(mmlab_arena_validate(&z), 0U);
	z.nr_free = 3;
	ASSERT_EQ(mmlab_arena_validate(&z), 1U);
	ASSERT_CONTAINS(shim.report_last, "but no chunk");
	shim_report_reset();
	for (n = 1; n <= 300; n++) {
		for (m = 0; m <= 10; m++) {
			unsigned int scope = t_scope();
			struct tb *tb = tb_new();
			struct mmlab_arena *a = make_arena(tb, n, m);

			t_variant("nr_frames=%llu max_order=%u", n, m);
			ASSERT_EQ(mmlab_arena_validate(a), 0U);
			t_unwind(scope);
		}
	}
	ASSERT_EQ(shim.reports, 0UL);
}

/*
 * A broken backing that hands out the same memory twice: 32 frames,
 * max_order 4, the second chunk aliasing the first:
 *
 *   index   0         16        32
 *           +---------+---------+
 *           |   o4    |   o4    |
 *           +---------+---------+
 *   memory  [  M0   ] [  M0   ]      same bytes, same pfn
 *
 * Expect selftest() to find every stamp of both chunks wrong (the second
 * chunk's stamps overwrite the first's, and the first's check zeroes the
 * second's): 2 words x 32 frames; validate() to report the physical
 * overlap, once. Also with a smaller alias (o3 on o4) and a distant one
 * (chunk 2 on chunk 0, chunk 1 untouched).
 */
static void selftest_aliasing(void)
{
	static const struct {
		u64 n;
		unsigned int m;
		unsigned long alias_nth;
		u64 bad;
	} cases[] = {
		{ 32, 4, 2, 2 * 32 },
		{ 24, 4, 2, 2 * 2 * 8 },
		{ 48, 4, 3, 2 * 2 * 16 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(cases); i++) {
		unsigned int scope = t_scope();
		struct tb *tb = tb_new();
		struct mmlab_arena *a;

		t_variant("nr_frames=%llu alias_nth=%lu", cases[i].n,
			  cases[i].alias_nth);
		tb->alias_nth = cases[i].alias_nth;
		a = make_arena(tb, cases[i].n, cases[i].m);
		ASSERT_TRUE(tb->log[cases[i].alias_nth - 1].alias);
		ASSERT_EQ(mmlab_arena_selftest(a), cases[i].bad);
		shim_report_reset();
		ASSERT_EQ(mmlab_arena_validate(a), 1U);
		ASSERT_CONTAINS(shim.report_last,
				"overlap in physical memory");
		mmlab_arena_destroy(a);
		ASSERT_TRUE(tb_balanced(tb));
		t_unwind(scope);
	}
}

/*
 * Aliasing that validate() cannot see: the chunk table says two different
 * pfns, but chunk 1's mem points at chunk 0's bytes (a wrong mapping).
 *
 * Expect validate() == 0 (pfns are fine) but selftest() > 0: the two
 * checks are complementary.
 */
static void selftest_sees_bad_mapping(void)
{
	struct tb *tb = tb_new();
	struct mmlab_arena *a = make_arena(tb, 32, 4);
	void *mem1 = a->chunks[1].mem;

	a->chunks[1].mem = a->chunks[0].mem;
	ASSERT_EQ(mmlab_arena_validate(a), 0U);
	ASSERT_EQ(mmlab_arena_selftest(a), 2ULL * 32);
	a->chunks[1].mem = mem1;
	ASSERT_EQ(mmlab_arena_selftest(a), 0ULL);
}

/*
 * What selftest() leaves behind: every frame filled with 0x5a first.
 *
 *   frame   [ w0 | 0x5a 0x5a ... 0x5a | w511 ]
 *
 * Expect 0 mismatches, the first and last words of every frame zeroed,
 * every other byte untouched; for sizes 1..40 and max_order 0..5.
 */
static void selftest_leaves_frames_clean(void)
{
	const unsigned int words = (1U << MMLAB_PAGE_SHIFT) / sizeof(u64);
	unsigned int m, w;
	u64 n, f;

	for (n = 1; n <= 40; n++) {
		for (m = 0; m <= 5; m++) {
			unsigned int scope = t_scope();
			struct tb *tb = tb_new();
			struct mmlab_arena *a = make_arena(tb, n, m);

			t_variant("nr_frames=%llu max_order=%u", n, m);
			for (f = 0; f < n; f++)
				memset(mmlab_arena_frame_mem(a, f), 0x5a,
				       1U << MMLAB_PAGE_SHIFT);
			ASSERT_EQ(mmlab_arena_selftest(a), 0ULL);
			for (f = 0; f < n; f++) {
				u64 *p = mmlab_arena_frame_mem(a, f);

				ASSERT_EQ(p[0], 0ULL);
				ASSERT_EQ(p[words - 1], 0ULL);
				for (w = 1; w < words - 1; w++)
					ASSERT_EQ(p[w], 0x5a5a5a5a5a5a5a5aULL);
			}
			t_unwind(scope);
		}
	}
}

static const struct t_case arena_validate_cases[] = {
	T_CASE(validate_sound),
	T_CASE(validate_gap),
	T_CASE(validate_index_overlap),
	T_CASE(validate_pfn_misaligned),
	T_CASE(validate_order_above_max),
	T_CASE(validate_order_out_of_range),
	T_CASE(validate_phys_overlap),
	T_CASE(validate_phys_nested),
	T_CASE(validate_phys_adjacent),
	T_CASE(validate_nr_free),
	T_CASE(validate_order_min),
	T_CASE(validate_order_max),
	T_CASE(validate_no_mem),
	T_CASE(validate_cover_short),
	T_CASE(validate_lost_chunk),
	T_CASE(validate_no_chunks),
	T_CASE(validate_no_scratch),
	T_CASE(validate_allocates_nothing),
	T_CASE(validate_hand_built),
	T_CASE(selftest_aliasing),
	T_CASE(selftest_sees_bad_mapping),
	T_CASE(selftest_leaves_frames_clean),
};
