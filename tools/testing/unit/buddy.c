// SPDX-License-Identifier: GPL-2.0
/*
 * buddy.c - the buddy allocator: worked examples, split and merge at
 * every order, chunk boundaries, bad input, migratetypes, per-CPU lists,
 * compaction and the fragmentation indices.
 *
 * Free lists are compared as text, one group per non-empty order, blocks
 * in list order (head first), e.g. "1:[2 6] 3:[8]": order 1 holds the
 * blocks at frames 2 and 6, order 3 the block at frame 8.
 */

#define TB_PAGE		(1ULL << MMLAB_PAGE_SHIFT)

static void buddy_cleanup(void *arg)
{
	mmlab_buddy_destroy(arg);
	free(arg);
}

/*
 * A buddy on a fresh arena of @n frames: @max_order, per-CPU batch
 * @batch (MMLAB_PCP_OFF, 0 for the default, or a count), pageblock order
 * @pb (0: default). Destroyed when the case ends.
 */
static struct mmlab_buddy *buddy_new(u64 n, unsigned int max_order,
				     unsigned int batch, unsigned int pb,
				     const struct mmlab_buddy_ops *ops,
				     void *priv)
{
	struct tb *tb = tb_new();
	struct mmlab_arena *a = tb_arena(tb);
	struct mmlab_buddy_config cfg = {
		.nr_cpus = 2, .pcp_batch = batch, .pb_order = pb,
	};
	struct mmlab_buddy *b = calloc(1, sizeof(*b));

	ASSERT_NOT_NULL(b);
	ASSERT_EQ(mmlab_arena_create(a, n, max_order, &tb_ops, tb), 0);
	ASSERT_EQ(mmlab_buddy_create(b, a, &cfg, ops, priv), 0);
	t_defer(buddy_cleanup, b);
	ASSERT_EQ(mmlab_buddy_validate(b), 0U);
	return b;
}

/* The free lists as text (see the top of this file), all migratetypes. */
static const char *free_lists(const struct mmlab_buddy *b)
{
	static char buf[32768];
	size_t len = 0;
	unsigned int o, t;

	buf[0] = '\0';
	for (o = 0; o <= b->max_order; o++) {
		static char blocks[16384];
		size_t n = 0;

		blocks[0] = '\0';
		for (t = 0; t < MMLAB_MT_NR; t++) {
			u32 i;

			for (i = b->free_head[o][t]; i != MMLAB_NIL;
			     i = b->frames[i].next)
				n += snprintf(blocks + n, sizeof(blocks) - n,
					      "%s%u", n ? " " : "", i);
		}
		if (n)
			len += snprintf(buf + len, sizeof(buf) - len,
					"%s%u:[%s]", len ? " " : "", o,
					blocks);
	}
	return buf;
}

static u64 alloc_ok(struct mmlab_buddy *b, u64 bytes, unsigned int mt)
{
	int order = mmlab_buddy_size_order(b, bytes);
	u64 frame = ~0ULL;

	ASSERT_GE(order, 0);
	ASSERT_EQ(mmlab_buddy_alloc(b, order, mt, 0, bytes, 0, &frame), 0);
	ASSERT_EQ(mmlab_buddy_validate(b), 0U);
	return frame;
}

static void free_ok(struct mmlab_buddy *b, u64 frame)
{
	ASSERT_EQ(mmlab_buddy_free(b, frame, 0), 0);
	ASSERT_EQ(mmlab_buddy_validate(b), 0U);
}

/*
 * The textbook example (Knuth; Wikipedia's "Buddy memory allocation"):
 * 1024K in 64K units, scaled here to a 16-frame arena, one frame a unit,
 * so a request of 34K becomes 34/64 of a frame.
 *
 *	A 34K  -> order 0 at 0   splits 4, 3, 2, 1   1:[2] 2:[4] 3:[8] 0:[1]
 *	B 66K  -> order 1 at 2
 *	C 35K  -> order 0 at 1
 *	D 67K  -> order 1 at 4   splits 2            1:[6]
 *	B free -> 1:[2 6]   (its buddy 0-1 holds A and C: no merge)
 *	D free -> merges with 6 into order 2 at 4   1:[2] 2:[4]
 *
 * Expect those frames and lists after every step, validate() == 0, and
 * internal fragmentation exact to the byte.
 */
static void buddy_seed_004(void)
{
	struct mmlab_buddy *b = buddy_new(16, 10, 0, 0, NULL, NULL);
	u64 unit = TB_PAGE, A, B, C, D;

	ASSERT_EQ(b->pcp_batch, 0U);
	ASSERT_STR_EQ(free_lists(b), "4:[0]");
	A = alloc_ok(b, 34 * unit / 64, MMLAB_MT_MOVABLE);
	ASSERT_EQ(A, 0ULL);
	ASSERT_STR_EQ(free_lists(b), "0:[1] 1:[2] 2:[4] 3:[8]");
	ASSERT_EQ(b->order_stats[4].splits, 1ULL);
	ASSERT_EQ(b->order_stats[1].splits, 1ULL);
	B = alloc_ok(b, 66 * unit / 64, MMLAB_MT_MOVABLE);
	ASSERT_EQ(B, 2ULL);
	ASSERT_STR_EQ(free_lists(b), "0:[1] 2:[4] 3:[8]");
	C = alloc_ok(b, 35 * unit / 64, MMLAB_MT_MOVABLE);
	ASSERT_EQ(C, 1ULL);
	ASSERT_STR_EQ(free_lists(b), "2:[4] 3:[8]");
	D = alloc_ok(b, 67 * unit / 64, MMLAB_MT_MOVABLE);
	ASSERT_EQ(D, 4ULL);
	ASSERT_STR_EQ(free_lists(b), "1:[6] 3:[8]");
	ASSERT_EQ(mmlab_buddy_internal_frag(b, 0),
		  2 * unit - (34 + 35) * unit / 64);
	ASSERT_EQ(mmlab_buddy_internal_frag(b, 1),
		  4 * unit - (66 + 67) * unit / 64);

	free_ok(b, B);
	ASSERT_STR_EQ(free_lists(b), "1:[2 6] 3:[8]");
	ASSERT_EQ(b->order_stats[1].merges, 0ULL);
	free_ok(b, D);
	ASSERT_STR_EQ(free_lists(b), "1:[2] 2:[4] 3:[8]");
	ASSERT_EQ(b->order_stats[1].merges, 1ULL);
	ASSERT_EQ(mmlab_buddy_internal_frag(b, -1),
		  2 * unit - (34 + 35) * unit / 64);

	free_ok(b, A);
	free_ok(b, C);
	ASSERT_STR_EQ(free_lists(b), "4:[0]");
	ASSERT_EQ(b->arena->nr_free, 16ULL);
}

/*
 * 100K from 1M (4K frames: 256 frames, order 8): the request rounds up to
 * 128K, order 5; 512K, 256K and 128K halves are split off; freeing merges
 * all the way back.
 */
static void buddy_seed_003(void)
{
	struct mmlab_buddy *b = buddy_new(256, 10, 0, 0, NULL, NULL);
	u64 f;

	ASSERT_STR_EQ(free_lists(b), "8:[0]");
	f = alloc_ok(b, 100 * 1024, MMLAB_MT_MOVABLE);
	ASSERT_EQ(f, 0ULL);
	ASSERT_STR_EQ(free_lists(b), "5:[32] 6:[64] 7:[128]");
	ASSERT_EQ(b->order_stats[8].splits + b->order_stats[7].splits +
		  b->order_stats[6].splits, 3ULL);
	ASSERT_EQ(mmlab_buddy_internal_frag(b, 5), 28ULL * 1024);
	free_ok(b, f);
	ASSERT_STR_EQ(free_lists(b), "8:[0]");
	ASSERT_EQ(b->order_stats[5].merges + b->order_stats[6].merges +
		  b->order_stats[7].merges, 3ULL);
}

/*
 * At every order k of a max_order-10 arena: allocating 2^k frames splits
 * the single block into one free block at each order k..9, at frame 2^j
 * for order j; freeing merges back to one block.
 */
static void buddy_split_merge_every_order(void)
{
	struct mmlab_buddy *b = buddy_new(1024, 10, MMLAB_PCP_OFF, 0, NULL,
					  NULL);
	unsigned int k, j;

	for (k = 0; k <= 10; k++) {
		u64 f = ~0ULL;

		t_variant("order %u", k);
		ASSERT_EQ(mmlab_buddy_alloc(b, k, MMLAB_MT_MOVABLE, 0, 0, 7,
					    &f), 0);
		ASSERT_EQ(f, 0ULL);
		ASSERT_EQ(mmlab_buddy_validate(b), 0U);
		for (j = 0; j <= 10; j++)
			ASSERT_EQ(mmlab_buddy_free_blocks(b, j, -1),
				  j >= k && j < 10 ? 1ULL : 0ULL);
		for (j = k; j < 10; j++)
			ASSERT_EQ(b->free_head[j][MMLAB_MT_MOVABLE],
				  (u32)(1U << j));
		ASSERT_EQ(b->arena->nr_free, 1024ULL - (1ULL << k));
		free_ok(b, f);
		ASSERT_STR_EQ(free_lists(b), "10:[0]");
	}
}

/*
 * A 24-frame arena is two chunks, 16 + 8 frames, not physically adjacent:
 * with everything free there is one block of order 4 and one of order 3,
 * never one of order 5, whatever the order of the frees.
 */
static void buddy_chunk_boundary(void)
{
	struct mmlab_buddy *b = buddy_new(24, 10, MMLAB_PCP_OFF, 0, NULL,
					  NULL);
	u64 f[24];
	unsigned int i;

	ASSERT_STR_EQ(free_lists(b), "3:[16] 4:[0]");
	for (i = 0; i < 24; i++)
		ASSERT_EQ(mmlab_buddy_alloc(b, 0, MMLAB_MT_MOVABLE, 0, 0, i,
					    &f[i]), 0);
	ASSERT_EQ(mmlab_buddy_alloc(b, 0, MMLAB_MT_MOVABLE, 0, 0, 0, &f[0]),
		  -ENOMEM);
	ASSERT_EQ(b->order_stats[0].fail_nomem, 1ULL);
	for (i = 0; i < 24; i++)
		free_ok(b, f[23 - i]);
	ASSERT_EQ(mmlab_buddy_free_blocks(b, 3, -1), 1ULL);
	ASSERT_EQ(mmlab_buddy_free_blocks(b, 4, -1), 1ULL);
	ASSERT_EQ(mmlab_buddy_largest_free(b), 4);
}

/*
 * Bad requests: order above max, unknown migratetype, CPU out of range,
 * requested bytes above the block; frees of a frame out of range, inside
 * a block, of a free block, twice. Each gets -EINVAL and changes nothing:
 * the frame table, the lists and the counters are the same bytes.
 */
static void buddy_bad_input(void)
{
	struct mmlab_buddy *b = buddy_new(64, 4, MMLAB_PCP_OFF, 0, NULL, NULL);
	struct mmlab_buddy *snap = calloc(1, sizeof(*snap));
	struct mmlab_frame *frames = calloc(64, sizeof(*frames));
	u64 f, g, out = 12345;

	ASSERT_NOT_NULL(snap);
	ASSERT_NOT_NULL(frames);
	t_defer(free, snap);
	t_defer(free, frames);
	ASSERT_EQ(mmlab_buddy_alloc(b, 1, MMLAB_MT_MOVABLE, 0, 0, 0, &f), 0);
	ASSERT_EQ(mmlab_buddy_free(b, f, 0), 0);
	ASSERT_EQ(mmlab_buddy_alloc(b, 2, MMLAB_MT_MOVABLE, 0, 0, 0, &g), 0);
	memcpy(snap, b, sizeof(*b));
	memcpy(frames, b->frames, 64 * sizeof(*frames));

	ASSERT_EQ(mmlab_buddy_alloc(b, 5, MMLAB_MT_MOVABLE, 0, 0, 0, &out),
		  -EINVAL);
	ASSERT_EQ(mmlab_buddy_alloc(b, 0, MMLAB_MT_NR, 0, 0, 0, &out),
		  -EINVAL);
	ASSERT_EQ(mmlab_buddy_alloc(b, 0, MMLAB_MT_MOVABLE, 2, 0, 0, &out),
		  -EINVAL);
	ASSERT_EQ(mmlab_buddy_alloc(b, 0, MMLAB_MT_MOVABLE, 0,
				    TB_PAGE + 1, 0, &out), -EINVAL);
	ASSERT_EQ(out, 12345ULL);
	ASSERT_EQ(mmlab_buddy_free(b, 64, 0), -EINVAL);
	ASSERT_EQ(mmlab_buddy_free(b, ~0ULL, 0), -EINVAL);
	ASSERT_EQ(mmlab_buddy_free(b, g + 1, 0), -EINVAL);
	ASSERT_EQ(mmlab_buddy_free(b, g + 4, 0), -EINVAL);
	ASSERT_EQ(mmlab_buddy_free(b, g, 5), -EINVAL);
	ASSERT_EQ(memcmp(snap, b, sizeof(*b)), 0);
	ASSERT_EQ(memcmp(frames, b->frames, 64 * sizeof(*frames)), 0);

	free_ok(b, g);
	memcpy(snap, b, sizeof(*b));
	ASSERT_EQ(mmlab_buddy_free(b, g, 0), -EINVAL);
	ASSERT_EQ(memcmp(snap, b, sizeof(*b)), 0);
	ASSERT_EQ(mmlab_buddy_validate(b), 0U);

	ASSERT_EQ(mmlab_buddy_size_order(b, 0), -EINVAL);
	ASSERT_EQ(mmlab_buddy_size_order(b, 1), 0);
	ASSERT_EQ(mmlab_buddy_size_order(b, TB_PAGE), 0);
	ASSERT_EQ(mmlab_buddy_size_order(b, TB_PAGE + 1), 1);
	ASSERT_EQ(mmlab_buddy_size_order(b, 3 * TB_PAGE), 2);
	ASSERT_EQ(mmlab_buddy_size_order(b, 16 * TB_PAGE), 4);
	ASSERT_EQ(mmlab_buddy_size_order(b, 16 * TB_PAGE + 1), -EINVAL);
	ASSERT_EQ(mmlab_buddy_compact(b, 5, (void *)snap), -EINVAL);
}

/* Creation: bad configs refused, every table failure leaves nothing. */
static void buddy_create_errors(void)
{
	struct tb *tb = tb_new();
	struct mmlab_arena *a = tb_arena(tb);
	struct mmlab_buddy b;
	struct mmlab_buddy_config cfg = { .nr_cpus = 1 };
	unsigned long nth;

	ASSERT_EQ(mmlab_arena_create(a, 100, 4, &tb_ops, tb), 0);
	cfg.nr_cpus = 0;
	ASSERT_EQ(mmlab_buddy_create(&b, a, &cfg, NULL, NULL), -EINVAL);
	cfg.nr_cpus = 1;
	cfg.pb_order = 5;
	ASSERT_EQ(mmlab_buddy_create(&b, a, &cfg, NULL, NULL), -EINVAL);
	cfg.pb_order = 0;
	for (nth = 1; nth <= 4; nth++) {
		unsigned long live = shim.kv_live;

		t_variant("fail_nth %lu", nth);
		shim_kv_fail_nth(nth);
		ASSERT_EQ(mmlab_buddy_create(&b, a, &cfg, NULL, NULL),
			  -ENOMEM);
		shim_kv_fail_nth(0);
		ASSERT_EQ(shim.kv_live, live);
		ASSERT_NULL(b.frames);
	}
	ASSERT_EQ(mmlab_buddy_create(&b, a, &cfg, NULL, NULL), 0);
	ASSERT_EQ(b.pb_order, 4U);
	ASSERT_EQ(b.nr_pageblocks, 7ULL);
	ASSERT_EQ(mmlab_buddy_validate(&b), 0U);
	mmlab_buddy_destroy(&b);
}

/*
 * Migratetypes: 64 frames, pageblocks of 16, all MOVABLE at first. An
 * UNMOVABLE order-0 request steals: the largest MOVABLE block (order 4,
 * a whole pageblock) is claimed for UNMOVABLE; the next UNMOVABLE
 * requests are served from that pageblock; MOVABLE ones stay out of it.
 * Freed blocks return to their pageblock's type.
 */
static void buddy_migratetype_steal(void)
{
	struct mmlab_buddy *b = buddy_new(64, 4, MMLAB_PCP_OFF, 4, NULL, NULL);
	u64 u1, u2, m1;

	ASSERT_EQ(mmlab_buddy_pageblocks(b, MMLAB_MT_MOVABLE), 4ULL);
	u1 = alloc_ok(b, 1, MMLAB_MT_UNMOVABLE);
	ASSERT_EQ(b->stats.steals, 1ULL);
	ASSERT_EQ(b->stats.claims, 1ULL);
	ASSERT_EQ(mmlab_buddy_pageblocks(b, MMLAB_MT_UNMOVABLE), 1ULL);
	ASSERT_EQ(mmlab_buddy_free_blocks(b, 0, MMLAB_MT_UNMOVABLE), 1ULL);
	u2 = alloc_ok(b, 1, MMLAB_MT_UNMOVABLE);
	ASSERT_EQ(b->stats.steals, 1ULL);
	ASSERT_EQ(u1 >> 4, u2 >> 4);
	m1 = alloc_ok(b, 1, MMLAB_MT_MOVABLE);
	ASSERT_NE(m1 >> 4, u1 >> 4);
	free_ok(b, u1);
	free_ok(b, u2);
	ASSERT_EQ(mmlab_buddy_free_blocks(b, 4, MMLAB_MT_UNMOVABLE), 1ULL);
	free_ok(b, m1);
	ASSERT_EQ(b->arena->nr_free, 64ULL);
}

/*
 * Per-CPU lists, batch 4 (high 16): the first order-0 request refills 4
 * frames and takes one; frees park on the list; the 17th parked frame
 * drains a batch back to the free lists; mmlab_buddy_drain() gives back
 * the rest and everything merges into one block.
 */
static void buddy_pcp(void)
{
	struct mmlab_buddy *b = buddy_new(64, 6, 4, 0, NULL, NULL);
	u64 f[20];
	unsigned int i;

	ASSERT_EQ(b->pcp_high, 16U);
	for (i = 0; i < 20; i++)
		f[i] = alloc_ok(b, 1, MMLAB_MT_MOVABLE);
	ASSERT_EQ(b->stats.pcp_refills, 5ULL);
	ASSERT_EQ(b->stats.pcp_hits, 15ULL);
	ASSERT_EQ(b->nr_pcp, 0ULL);
	for (i = 0; i < 16; i++)
		free_ok(b, f[i]);
	ASSERT_EQ(b->nr_pcp, 16ULL);
	ASSERT_EQ(b->arena->nr_free, 60ULL);
	free_ok(b, f[16]);
	ASSERT_EQ(b->nr_pcp, 13ULL);
	ASSERT_EQ(b->stats.pcp_drains, 1ULL);
	for (i = 17; i < 20; i++)
		free_ok(b, f[i]);
	mmlab_buddy_drain(b);
	ASSERT_EQ(mmlab_buddy_validate(b), 0U);
	ASSERT_STR_EQ(free_lists(b), "6:[0]");
}

struct moves {
	u64 where[256];
	unsigned long calls;
};

static void record_move(void *priv, u32 tag, u32 from, u32 to)
{
	struct moves *m = priv;

	ASSERT_EQ(m->where[tag], (u64)from);
	m->where[tag] = to;
	m->calls++;
}

static const struct mmlab_buddy_ops move_ops = { .moved = record_move };

static void stamp(struct mmlab_buddy *b, u64 frame, u32 tag)
{
	u32 *w = mmlab_arena_frame_mem(b->arena, frame);
	unsigned int i;

	for (i = 0; i < TB_PAGE / sizeof(*w); i++)
		w[i] = tag * 2654435761U + i;
}

static bool stamped(struct mmlab_buddy *b, u64 frame, u32 tag)
{
	u32 *w = mmlab_arena_frame_mem(b->arena, frame);
	unsigned int i;

	for (i = 0; i < TB_PAGE / sizeof(*w); i++)
		if (w[i] != tag * 2654435761U + i)
			return false;
	return true;
}

/*
 * Compaction after a movable-only fragmenting workload: 256 frames filled
 * with order-0 MOVABLE blocks, every other one freed: 128 frames free and
 * no free block above order 0. compact(7) moves the lower half's blocks
 * into the upper half's holes (the free scanner starts at the top) until
 * the lower half is one free order-7 block. Block 201 is UNMOVABLE: it
 * must stay where it is. Expect: largest free order 7, the unusable index
 * at 7 down from 1000, every moved block reported once, every block's
 * data intact at its new place, validate() == 0.
 */
static void buddy_compaction(void)
{
	struct moves *m = calloc(1, sizeof(*m));
	struct mmlab_buddy *b;
	struct mmlab_compact_result res;
	unsigned int i;

	ASSERT_NOT_NULL(m);
	t_defer(free, m);
	b = buddy_new(256, 8, MMLAB_PCP_OFF, 0, &move_ops, m);
	for (i = 0; i < 256; i++) {
		unsigned int mt = i == 201 ? MMLAB_MT_UNMOVABLE :
				  MMLAB_MT_MOVABLE;

		ASSERT_EQ(mmlab_buddy_alloc(b, 0, mt, 0, 0, i, &m->where[i]),
			  0);
		stamp(b, m->where[i], i);
	}
	for (i = 0; i < 256; i += 2)
		free_ok(b, m->where[i]);
	ASSERT_EQ(mmlab_buddy_largest_free(b), 0);

	ASSERT_EQ(mmlab_buddy_compact(b, 7, &res), 0);
	ASSERT_EQ(mmlab_buddy_validate(b), 0U);
	ASSERT_EQ(res.largest_before, 0);
	ASSERT_EQ(res.largest_after, 7);
	ASSERT_EQ(res.unusable_before, 1000);
	ASSERT_LT(res.unusable_after, 1000);
	ASSERT_EQ(res.blocks, (u64)m->calls);
	ASSERT_EQ(res.moved, res.blocks);
	ASSERT_GT(res.blocks, 0ULL);
	ASSERT_EQ(m->where[201], 201ULL);
	for (i = 1; i < 256; i += 2) {
		struct mmlab_frame_info fi;

		t_variant("block %u at %llu", i, m->where[i]);
		ASSERT_TRUE(stamped(b, m->where[i], i));
		ASSERT_EQ(mmlab_buddy_frame_info(b, m->where[i], &fi), 0);
		ASSERT_EQ(fi.state, (unsigned int)MMLAB_FRAME_USED);
		ASSERT_EQ(fi.tag, i);
	}
	t_variant("%s", "");
	for (i = 1; i < 256; i += 2)
		free_ok(b, m->where[i]);
	ASSERT_STR_EQ(free_lists(b), "8:[0]");
}

/*
 * The indices on the seed-004 end state, free blocks of 2, 4 and 8
 * frames (14 free, 3 blocks), against mm/vmstat.c's formulas by hand:
 *
 *	order 3: suitable 1: Fu = (14 - 8) * 1000 / 14 = 428, Fi = -1000
 *	order 4: suitable 0: Fu = 1000, Fi = 1000 - (1000 + 14000/16)/3
 *	                                  = 1000 - 625 = 375
 *
 * and a refused request is blamed on the right cause.
 */
static void buddy_frag_indices(void)
{
	struct mmlab_buddy *b = buddy_new(16, 4, MMLAB_PCP_OFF, 0, NULL, NULL);
	struct mmlab_frag_info info;
	u64 f[16], x;
	unsigned int i;

	ASSERT_EQ(mmlab_buddy_alloc(b, 0, 1, 0, 0, 0, &f[0]), 0);
	ASSERT_EQ(mmlab_buddy_alloc(b, 0, 1, 0, 0, 0, &f[1]), 0);
	ASSERT_STR_EQ(free_lists(b), "1:[2] 2:[4] 3:[8]");
	mmlab_buddy_frag_info(b, 3, &info);
	ASSERT_EQ(info.free_pages, 14ULL);
	ASSERT_EQ(info.free_blocks_total, 3ULL);
	ASSERT_EQ(info.free_blocks_suitable, 1ULL);
	ASSERT_EQ(mmlab_unusable_index(3, &info), 428);
	ASSERT_EQ(mmlab_extfrag_index(3, &info), -1000);
	mmlab_buddy_frag_info(b, 4, &info);
	ASSERT_EQ(mmlab_unusable_index(4, &info), 1000);
	ASSERT_EQ(mmlab_extfrag_index(4, &info), 375);
	mmlab_buddy_frag_info(b, 0, &info);
	ASSERT_EQ(info.free_blocks_suitable, 14ULL);
	ASSERT_EQ(mmlab_unusable_index(0, &info), 0);

	/* 14 free < 16 asked: lack of memory */
	ASSERT_EQ(mmlab_buddy_alloc(b, 4, 1, 0, 0, 0, &x), -ENOMEM);
	ASSERT_EQ(b->order_stats[4].fail_nomem, 1ULL);
	ASSERT_EQ(b->stats.last_fail_extfrag, 375);

	/* 8 single free frames, 2 asked: fragmentation */
	for (i = 2; i < 16; i++)
		ASSERT_EQ(mmlab_buddy_alloc(b, 0, 1, 0, 0, 0, &f[i]), 0);
	for (i = 0; i < 16; i++)
		if (f[i] % 2)
			free_ok(b, f[i]);
	ASSERT_EQ(mmlab_buddy_alloc(b, 1, 1, 0, 0, 0, &x), -ENOMEM);
	ASSERT_EQ(b->order_stats[1].fail_frag, 1ULL);
	ASSERT_EQ(b->order_stats[1].fail_nomem, 0ULL);
	ASSERT_EQ(b->stats.last_fail_order, 1);
	/* Fi = 1000 - (1000 + 8000 / 2) / 8 = 375 */
	ASSERT_EQ(b->stats.last_fail_extfrag, 375);
	mmlab_buddy_frag_info(b, 4, &info);
	ASSERT_EQ((int)mmlab_frag_verdict(4, &info), (int)MMLAB_FRAG_NOMEM);
	mmlab_buddy_frag_info(b, 3, &info);
	ASSERT_EQ((int)mmlab_frag_verdict(3, &info),
		  (int)MMLAB_FRAG_FRAGMENTED);
	mmlab_buddy_frag_info(b, 0, &info);
	ASSERT_EQ((int)mmlab_frag_verdict(0, &info), (int)MMLAB_FRAG_NONE);

	/* nothing free at all */
	memset(&info, 0, sizeof(info));
	ASSERT_EQ(mmlab_unusable_index(2, &info), 1000);
	ASSERT_EQ(mmlab_extfrag_index(2, &info), 0);
}

/* The page map: every frame names its block's head, state and order. */
static void buddy_frame_info(void)
{
	struct mmlab_buddy *b = buddy_new(16, 4, MMLAB_PCP_OFF, 0, NULL, NULL);
	struct mmlab_frame_info fi;
	u64 f;
	unsigned int i;

	ASSERT_EQ(mmlab_buddy_alloc(b, 2, MMLAB_MT_RECLAIMABLE, 0, 5000, 9,
				    &f), 0);
	ASSERT_EQ(f, 0ULL);
	for (i = 0; i < 16; i++) {
		t_variant("frame %u", i);
		ASSERT_EQ(mmlab_buddy_frame_info(b, i, &fi), 0);
		if (i < 4) {
			ASSERT_EQ(fi.head, 0ULL);
			ASSERT_EQ(fi.state, (unsigned int)MMLAB_FRAME_USED);
			ASSERT_EQ(fi.order, 2U);
			ASSERT_EQ(fi.mt, (unsigned int)MMLAB_MT_RECLAIMABLE);
			ASSERT_EQ(fi.tag, 9U);
			ASSERT_EQ(fi.requested, 5000U);
		} else {
			ASSERT_EQ(fi.state, (unsigned int)MMLAB_FRAME_FREE);
			ASSERT_EQ(fi.head, i < 8 ? 4ULL : 8ULL);
			ASSERT_EQ(fi.order, i < 8 ? 2U : 3U);
		}
	}
	ASSERT_EQ(mmlab_buddy_frame_info(b, 16, &fi), -EINVAL);
}

/* validate() notices what it claims to check. */
static void buddy_validate_catches(void)
{
	struct mmlab_buddy *b = buddy_new(16, 4, MMLAB_PCP_OFF, 0, NULL, NULL);
	u64 f;

	ASSERT_EQ(mmlab_buddy_alloc(b, 0, 1, 0, 0, 0, &f), 0);
	shim_report_reset();

	b->frames[5].state = MMLAB_FRAME_FREE;		/* inside block 4 */
	ASSERT_GT(mmlab_buddy_validate(b), 0U);
	b->frames[5].state = MMLAB_FRAME_TAIL;

	b->bitmap[b->bitmap_off[1]] ^= 1;		/* block 0 order 1 */
	ASSERT_GT(mmlab_buddy_validate(b), 0U);
	b->bitmap[b->bitmap_off[1]] ^= 1;

	b->nr_free_blocks[2][1]++;
	ASSERT_GT(mmlab_buddy_validate(b), 0U);
	b->nr_free_blocks[2][1]--;

	b->order_stats[0].used++;
	ASSERT_GT(mmlab_buddy_validate(b), 0U);
	b->order_stats[0].used--;

	b->frames[b->free_head[3][1]].next = 2;		/* a loop-ish link */
	ASSERT_GT(mmlab_buddy_validate(b), 0U);
	b->frames[b->free_head[3][1]].next = MMLAB_NIL;

	ASSERT_EQ(mmlab_buddy_validate(b), 0U);
	shim_report_reset();
}

/*
 * Poisoning: free frames hold MMLAB_POISON. A write into a freed block is
 * reported exactly once by validate() (which changes nothing) and once
 * when the block is handed out again, and counted; blocks written only
 * while allocated never are. Compaction checks its targets too.
 */
static void buddy_poison(void)
{
	struct tb *tb = tb_new();
	struct mmlab_arena *a = tb_arena(tb);
	struct mmlab_buddy_config cfg = {
		.nr_cpus = 1, .pcp_batch = MMLAB_PCP_OFF, .poison = true,
	};
	struct mmlab_buddy *b = calloc(1, sizeof(*b));
	struct mmlab_compact_result res;
	u64 f, g, h;
	u8 *p;

	ASSERT_NOT_NULL(b);
	ASSERT_EQ(mmlab_arena_create(a, 16, 4, &tb_ops, tb), 0);
	ASSERT_EQ(mmlab_buddy_create(b, a, &cfg, NULL, NULL), 0);
	t_defer(buddy_cleanup, b);
	p = mmlab_arena_frame_mem(a, 9);
	ASSERT_EQ(p[0], MMLAB_POISON);
	ASSERT_EQ(mmlab_buddy_validate(b), 0U);

	/* written while allocated, then freed: no report */
	ASSERT_EQ(mmlab_buddy_alloc(b, 1, 1, 0, 0, 0, &f), 0);
	memset(mmlab_arena_frame_mem(a, f), 0x5a, 2 * TB_PAGE);
	ASSERT_EQ(mmlab_buddy_free(b, f, 0), 0);
	ASSERT_EQ(mmlab_buddy_validate(b), 0U);

	/* written after free: one report from validate, one at reuse */
	ASSERT_EQ(mmlab_buddy_alloc(b, 0, 1, 0, 0, 0, &f), 0);
	ASSERT_EQ(mmlab_buddy_free(b, f, 0), 0);
	shim_report_reset();
	((u8 *)mmlab_arena_frame_mem(a, f))[100] = 0;
	ASSERT_EQ(mmlab_buddy_validate(b), 1U);
	ASSERT_EQ(shim.reports, 1UL);
	ASSERT_CONTAINS(shim.report_last, "overwritten");
	ASSERT_EQ(mmlab_buddy_alloc(b, 0, 1, 0, 0, 0, &g), 0);
	ASSERT_EQ(g, f);
	ASSERT_EQ(shim.reports, 2UL);
	ASSERT_EQ(b->stats.poison_errors, 1ULL);
	ASSERT_EQ(mmlab_buddy_validate(b), 0U);
	ASSERT_EQ(mmlab_buddy_free(b, g, 0), 0);

	/* compaction checks the block it moves into */
	ASSERT_EQ(mmlab_buddy_alloc(b, 0, 1, 0, 0, 0, &f), 0);
	ASSERT_EQ(mmlab_buddy_alloc(b, 0, 1, 0, 0, 0, &g), 0);
	ASSERT_EQ(mmlab_buddy_alloc(b, 0, 1, 0, 0, 0, &h), 0);
	ASSERT_EQ(mmlab_buddy_free(b, g, 0), 0);
	((u8 *)mmlab_arena_frame_mem(a, 15))[7] = 1;
	shim_report_reset();
	ASSERT_EQ(mmlab_buddy_compact(b, 4, &res), 0);
	ASSERT_GT(res.blocks, 0ULL);
	ASSERT_EQ(b->stats.poison_errors, 2ULL);
	ASSERT_EQ(shim.reports, 1UL);
	shim_report_reset();
}

/*
 * The tables' sizes, for a 4096-frame arena (one chunk of order 12,
 * max_order 10, pageblocks of order 9, 2 CPUs):
 *
 *	frames      4096 x 12 B                         49152
 *	bitmaps     4096 + 2048 + ... + 4 bits, one
 *	            64-bit word at least per order:
 *	            64+32+16+8+4+2+1+1+1+1+1 = 131 words  1048
 *	pageblocks  4096 / 512                             8
 *
 * Expect those bytes, and at most 16 bytes a frame (the budget)
 * for sizes that are not powers of two as well. Tiny arenas are over it:
 * each order's bitmap takes a word at least, so 16 frames take 281 bytes
 * (17.6 a frame).
 */
static void buddy_metadata(void)
{
	static const u64 sizes[] = { 1024, 4097, 12345, 65536 };
	struct mmlab_buddy *b = buddy_new(4096, 10, 0, 0, NULL, NULL);
	struct mmlab_buddy_meta m;
	unsigned int i;

	mmlab_buddy_metadata(b, &m);
	ASSERT_EQ(sizeof(struct mmlab_frame), 12UL);
	ASSERT_EQ(m.frames, 49152ULL);
	ASSERT_EQ(m.bitmaps, 1048ULL);
	ASSERT_EQ(m.pageblocks, 8ULL);
	ASSERT_EQ(m.pcp, 2 * sizeof(struct mmlab_pcp));
	b = buddy_new(16, 10, 0, 0, NULL, NULL);
	mmlab_buddy_metadata(b, &m);
	ASSERT_EQ(m.frames + m.bitmaps + m.pageblocks, 281ULL);

	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		unsigned int scope = t_scope();

		t_variant("%llu frames", sizes[i]);
		b = buddy_new(sizes[i], 10, 0, 0, NULL, NULL);
		mmlab_buddy_metadata(b, &m);
		ASSERT_LE(m.frames + m.bitmaps + m.pageblocks,
			  16 * sizes[i]);
		t_unwind(scope);
	}
}

/*
 * Resetting the counters zeroes what happened and keeps what is: blocks
 * in use and their requested bytes, so validate() still holds and the
 * next free counts from zero.
 */
static void buddy_reset_stats(void)
{
	struct mmlab_buddy *b = buddy_new(16, 4, MMLAB_PCP_OFF, 0, NULL, NULL);
	u64 f, g, x;

	ASSERT_EQ(mmlab_buddy_alloc(b, 1, 1, 0, 5000, 0, &f), 0);
	ASSERT_EQ(mmlab_buddy_alloc(b, 0, 1, 0, 0, 0, &g), 0);
	ASSERT_EQ(mmlab_buddy_alloc(b, 4, 1, 0, 0, 0, &x), -ENOMEM);
	ASSERT_EQ(mmlab_buddy_free(b, g, 0), 0);
	mmlab_buddy_reset_stats(b);
	ASSERT_EQ(mmlab_buddy_validate(b), 0U);
	ASSERT_EQ(b->order_stats[1].allocs, 0ULL);
	ASSERT_EQ(b->order_stats[4].splits, 0ULL);
	ASSERT_EQ(b->order_stats[0].merges, 0ULL);
	ASSERT_EQ(b->order_stats[4].fail_nomem, 0ULL);
	ASSERT_EQ(b->stats.last_fail_order, -1);
	ASSERT_EQ(b->order_stats[1].used, 1ULL);
	ASSERT_EQ(b->order_stats[1].requested, 5000ULL);
	ASSERT_EQ(mmlab_buddy_free(b, f, 0), 0);
	ASSERT_EQ(b->order_stats[1].frees, 1ULL);
	ASSERT_EQ(b->order_stats[1].used, 0ULL);
	ASSERT_EQ(mmlab_buddy_validate(b), 0U);
}

static const struct t_case buddy_cases[] = {
	T_CASE(buddy_reset_stats),
	T_CASE(buddy_poison),
	T_CASE(buddy_seed_004),
	T_CASE(buddy_seed_003),
	T_CASE(buddy_split_merge_every_order),
	T_CASE(buddy_chunk_boundary),
	T_CASE(buddy_bad_input),
	T_CASE(buddy_create_errors),
	T_CASE(buddy_migratetype_steal),
	T_CASE(buddy_pcp),
	T_CASE(buddy_compaction),
	T_CASE(buddy_frag_indices),
	T_CASE(buddy_frame_info),
	T_CASE(buddy_validate_catches),
	T_CASE(buddy_metadata),
};
