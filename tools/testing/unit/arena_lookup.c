// SPDX-License-Identifier: GPL-2.0
/*
 * arena_lookup.c - mmlab_arena_chunk_of() and mmlab_arena_frame_mem().
 */

/*
 * Lookups in a 640 KiB arena:
 *
 *   frame  0          127 128   159 160
 *          +-------------+--------+
 *          |     o7      |   o5   |  (nothing)
 *          +-------------+--------+
 *           chunk 0        chunk 1
 *
 * Expect frames 0 and 127 in chunk 0, 128 and 159 in chunk 1, each frame
 * at its chunk's memory plus (frame - first) * 4 KiB, and NULL for 160,
 * 161 and 2^64 - 1.
 */
static void chunk_of_640k(void)
{
	struct tb *tb = tb_new();
	struct mmlab_arena *a = make_arena(tb, 160, 10);
	u8 *m0 = a->chunks[0].mem, *m1 = a->chunks[1].mem;

	ASSERT_PTR_EQ(mmlab_arena_chunk_of(a, 0), &a->chunks[0]);
	ASSERT_PTR_EQ(mmlab_arena_chunk_of(a, 127), &a->chunks[0]);
	ASSERT_PTR_EQ(mmlab_arena_chunk_of(a, 128), &a->chunks[1]);
	ASSERT_PTR_EQ(mmlab_arena_chunk_of(a, 159), &a->chunks[1]);
	ASSERT_NULL(mmlab_arena_chunk_of(a, 160));
	ASSERT_NULL(mmlab_arena_chunk_of(a, 161));
	ASSERT_NULL(mmlab_arena_chunk_of(a, ~0ULL));
	ASSERT_PTR_EQ(mmlab_arena_frame_mem(a, 0), m0);
	ASSERT_PTR_EQ(mmlab_arena_frame_mem(a, 127), m0 + 127 * 4096);
	ASSERT_PTR_EQ(mmlab_arena_frame_mem(a, 128), m1);
	ASSERT_PTR_EQ(mmlab_arena_frame_mem(a, 159), m1 + 31 * 4096);
	ASSERT_NULL(mmlab_arena_frame_mem(a, 160));
}

/*
 * Lookups in an empty (zeroed) arena, and in a destroyed one.
 *
 * Expect NULL for any frame: nr_frames is 0.
 */
static void lookup_empty_arena(void)
{
	struct tb *tb = tb_new();
	struct mmlab_arena z = { 0 };
	struct mmlab_arena *a = make_arena(tb, 160, 10);

	ASSERT_NULL(mmlab_arena_chunk_of(&z, 0));
	ASSERT_NULL(mmlab_arena_frame_mem(&z, 0));
	ASSERT_NULL(mmlab_arena_chunk_of(&z, ~0ULL));
	mmlab_arena_destroy(a);
	ASSERT_NULL(mmlab_arena_chunk_of(a, 0));
	ASSERT_NULL(mmlab_arena_frame_mem(a, 5));
}

/*
 * Binary search against a linear scan, every frame of every arena of
 * 1..300 frames with max_order 0..10, e.g. 11 frames, max_order 2:
 *
 *   0    4    8   10  11
 *   +----+----+---+--+
 *   | o2 | o2 |o1 |o0|
 *   +----+----+---+--+
 *
 * Expect chunk_of() to give the chunk the linear scan finds, frame_mem()
 * the address inside it, and NULL past the end.
 */
static void lookup_vs_linear_sizes(void)
{
	unsigned int m;
	u64 n, f;

	for (n = 1; n <= 300; n++) {
		for (m = 0; m <= 10; m++) {
			unsigned int scope = t_scope();
			struct tb *tb = tb_new();
			struct mmlab_arena *a = make_arena(tb, n, m);

			for (f = 0; f < n; f++) {
				int i = linear_chunk_of(a, f);
				const struct mmlab_chunk *c = &a->chunks[i];

				t_variant("nr_frames=%llu max_order=%u frame=%llu",
					  n, m, f);
				ASSERT_GE(i, 0);
				ASSERT_PTR_EQ(mmlab_arena_chunk_of(a, f), c);
				ASSERT_PTR_EQ(mmlab_arena_frame_mem(a, f),
					      (u8 *)c->mem +
					      ((f - c->first) << MMLAB_PAGE_SHIFT));
			}
			ASSERT_NULL(mmlab_arena_chunk_of(a, n));
			ASSERT_NULL(mmlab_arena_chunk_of(a, n + 1000));
			ASSERT_NULL(mmlab_arena_chunk_of(a, ~0ULL));
			t_unwind(scope);
		}
	}
}

/*
 * Binary search against a linear scan on random fragmented arenas: random
 * size up to 3000 frames, random max_order, backing refusing random orders
 * and calls, so that tables hold many chunks of mixed orders:
 *
 *   +--------+----+----+--+--+-+-+-+ ...
 *   |   o6   | o4 | o4 |o2|o2|o0 ...
 *   +--------+----+----+--+--+-+-+-+ ...
 *
 * Expect the same chunk for every frame, and for random frames far out,
 * NULL.
 */
static void lookup_vs_linear_random(void)
{
	unsigned long iter, iters = t_iterations(200);
	u64 f;

	for (iter = 0; iter < iters; iter++) {
		unsigned int scope = t_scope();
		struct tb *tb = tb_new();
		u64 n = 1 + t_rand_below(3000);
		unsigned int m = (unsigned int)t_rand_below(11);
		struct mmlab_arena *a;
		struct model *want;

		tb->fail_mask = t_rand() & t_rand() & t_rand();
		tb->fail_above = (int)t_rand_below(12);
		t_variant("iter=%lu nr_frames=%llu max_order=%u", iter, n, m);
		/* A refusal at order 0 fails the create: skip those. */
		want = model_build(n, m, tb, false);
		a = tb_arena(tb);
		ASSERT_EQ(mmlab_arena_create(a, n, m, &tb_ops, tb), want->err);
		if (want->err) {
			t_unwind(scope);
			continue;
		}
		ASSERT_EQ(mmlab_arena_validate(a), 0U);
		for (f = 0; f < n; f++) {
			int i = linear_chunk_of(a, f);

			ASSERT_GE(i, 0);
			ASSERT_PTR_EQ(mmlab_arena_chunk_of(a, f),
				      &a->chunks[i]);
		}
		for (f = 0; f < 64; f++) {
			u64 far = n + t_rand_below(~0ULL - n);

			ASSERT_NULL(mmlab_arena_chunk_of(a, far));
		}
		t_unwind(scope);
	}
}

/*
 * Bytes written through frame_mem() land in the right chunk at the right
 * offset. Every byte of every frame gets a value naming the frame, then
 * each chunk's memory is read directly:
 *
 *   frame_mem(f)[k] = stamp(f, k)   ->   chunk(f).mem[(f - first) * 4K + k]
 *
 * Expect every byte where it belongs, for every arena of 1..64 frames with
 * max_order 0..6 (AddressSanitizer would catch a write past a chunk).
 */
static u8 byte_stamp(u64 f, unsigned int k)
{
	return (u8)(f * 131 + k * 7 + (k >> 8));
}

/* Every byte of chunk @i's memory holds the stamp of its frame. */
static void expect_chunk_stamped(const struct mmlab_arena *a, unsigned int i)
{
	const unsigned int frame_bytes = 1U << MMLAB_PAGE_SHIFT;
	const struct mmlab_chunk *c = &a->chunks[i];
	const u8 *mem = c->mem;
	unsigned int k;
	u64 f;

	for (f = 0; f < (1ULL << c->order); f++)
		for (k = 0; k < frame_bytes; k++)
			if (mem[f * frame_bytes + k] !=
			    byte_stamp(c->first + f, k))
				t_fail(__FILE__, __LINE__,
				       "chunk %u frame %llu byte %u", i, f, k);
}

static void frame_mem_writes_land(void)
{
	const unsigned int frame_bytes = 1U << MMLAB_PAGE_SHIFT;
	unsigned int m, k, i;
	u64 n, f;

	for (n = 1; n <= 64; n++) {
		for (m = 0; m <= 6; m++) {
			unsigned int scope = t_scope();
			struct tb *tb = tb_new();
			struct mmlab_arena *a = make_arena(tb, n, m);

			t_variant("nr_frames=%llu max_order=%u", n, m);
			for (f = 0; f < n; f++) {
				u8 *p = mmlab_arena_frame_mem(a, f);

				for (k = 0; k < frame_bytes; k++)
					p[k] = byte_stamp(f, k);
			}
			for (i = 0; i < a->nr_chunks; i++)
				expect_chunk_stamped(a, i);
			t_unwind(scope);
		}
	}
}

/*
 * mmlab_arena_mem_frame() inverts mmlab_arena_frame_mem() at every byte
 * offset worth trying of every frame (first, middle, last byte), and
 * refuses addresses outside every chunk.
 */
static void mem_frame_inverts(void)
{
	struct tb *tb = tb_new();
	struct mmlab_arena *a = tb_arena(tb);
	static const size_t offs[] = { 0, 1, 2048, 4095 };
	u64 f, got;
	unsigned int i;
	u8 x;

	ASSERT_EQ(mmlab_arena_create(a, 1000, 6, &tb_ops, tb), 0);
	for (f = 0; f < a->nr_frames; f++) {
		u8 *m = mmlab_arena_frame_mem(a, f);

		for (i = 0; i < ARRAY_SIZE(offs); i++) {
			t_variant("frame %llu offset %zu", f, offs[i]);
			ASSERT_EQ(mmlab_arena_mem_frame(a, m + offs[i], &got), 0);
			ASSERT_EQ(got, f);
		}
	}
	t_variant("%s", "");
	got = 77;
	ASSERT_EQ(mmlab_arena_mem_frame(a, &x, &got), -EINVAL);
	ASSERT_EQ(got, 77ULL);
	ASSERT_EQ(mmlab_arena_mem_frame(a, NULL, &got), -EINVAL);
}

static const struct t_case arena_lookup_cases[] = {
	T_CASE(mem_frame_inverts),
	T_CASE(chunk_of_640k),
	T_CASE(lookup_empty_arena),
	T_CASE(lookup_vs_linear_sizes),
	T_CASE(lookup_vs_linear_random),
	T_CASE(frame_mem_writes_land),
};
