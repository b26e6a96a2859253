// SPDX-License-Identifier: GPL-2.0
/*
 * buddy_random.c - randomized tests of the buddy allocator.
 *
 * buddy_differential: the buddy against a naive model written the dumb
 * way: one array per order holding the free blocks' first frames, newest
 * first; a buddy is "free" when a linear search finds it. Same policy
 * (smallest order first, head of the list, upper halves back on the
 * lists, merge while the buddy is free and inside the chunk), none of the
 * data structures (no bitmaps, no links, no XOR tricks shared). One
 * migratetype, no per-CPU lists. After every step: the same frame or the
 * same error, the same free lists, validate() == 0.
 *
 * buddy_torture: everything on: three migratetypes, per-CPU lists on two
 * CPUs, compaction now and then, sizes in bytes. After every step
 * validate() == 0; every live block's contents are checked against its
 * stamp at the end and after every compaction; frames are conserved. Half
 * the arenas are poisoned, and poisoning must never report anything
 * (validated every 64th step there: the poison check reads every free
 * byte).
 *
 * Replay a failure with MMLAB_TEST_SEED=<seed> make run ARGS=buddy_random.
 */

struct bmodel {
	u64 *list[MMLAB_BUDDY_ORDERS];
	u64 len[MMLAB_BUDDY_ORDERS];
	u64 cap;
	unsigned int max_order;
};

static void bmodel_free_all(void *arg)
{
	struct bmodel *m = arg;
	unsigned int o;

	for (o = 0; o < MMLAB_BUDDY_ORDERS; o++)
		free(m->list[o]);
	free(m);
}

static void bmodel_push(struct bmodel *m, unsigned int o, u64 frame)
{
	memmove(m->list[o] + 1, m->list[o], m->len[o] * sizeof(u64));
	m->list[o][0] = frame;
	m->len[o]++;
}

/* Remove @frame from order @o's list; false when it is not there. */
static bool bmodel_take(struct bmodel *m, unsigned int o, u64 frame)
{
	u64 i;

	for (i = 0; i < m->len[o]; i++) {
		if (m->list[o][i] == frame) {
			memmove(m->list[o] + i, m->list[o] + i + 1,
				(m->len[o] - i - 1) * sizeof(u64));
			m->len[o]--;
			return true;
		}
	}
	return false;
}

static struct bmodel *bmodel_new(const struct mmlab_arena *a)
{
	struct bmodel *m = calloc(1, sizeof(*m));
	unsigned int o, c;

	ASSERT_NOT_NULL(m);
	m->cap = a->nr_frames + 1;
	m->max_order = a->max_order;
	for (o = 0; o < MMLAB_BUDDY_ORDERS; o++) {
		m->list[o] = calloc(m->cap, sizeof(u64));
		ASSERT_NOT_NULL(m->list[o]);
	}
	t_defer(bmodel_free_all, m);
	for (c = 0; c < a->nr_chunks; c++)
		bmodel_push(m, a->chunks[c].order, a->chunks[c].first);
	return m;
}

/* The chunk order holding @frame: how far a block there may merge. */
static unsigned int bmodel_limit(const struct mmlab_arena *a, u64 frame)
{
	unsigned int c;

	for (c = 0; c < a->nr_chunks; c++)
		if (frame >= a->chunks[c].first &&
		    frame < a->chunks[c].first + (1ULL << a->chunks[c].order))
			return a->chunks[c].order;
	t_fail(__FILE__, __LINE__, "frame %llu in no chunk", frame);
}

static int bmodel_alloc(struct bmodel *m, unsigned int order, u64 *frame)
{
	unsigned int o = order;

	while (o <= m->max_order && !m->len[o])
		o++;
	if (o > m->max_order)
		return -ENOMEM;
	*frame = m->list[o][0];
	bmodel_take(m, o, *frame);
	while (o > order) {
		o--;
		bmodel_push(m, o, *frame + (1ULL << o));
	}
	return 0;
}

static void bmodel_free(struct bmodel *m, const struct mmlab_arena *a,
			u64 frame, unsigned int order)
{
	unsigned int limit = bmodel_limit(a, frame);

	while (order < limit) {
		u64 size = 1ULL << order;
		u64 buddy = frame % (2 * size) ? frame - size : frame + size;

		if (!bmodel_take(m, order, buddy))
			break;
		if (buddy < frame)
			frame = buddy;
		order++;
	}
	bmodel_push(m, order, frame);
}

static const char *bmodel_lists(const struct bmodel *m)
{
	static char buf[32768];
	size_t len = 0;
	unsigned int o;
	u64 i;

	buf[0] = '\0';
	for (o = 0; o <= m->max_order; o++) {
		if (!m->len[o])
			continue;
		len += snprintf(buf + len, sizeof(buf) - len, "%s%u:[",
				len ? " " : "", o);
		for (i = 0; i < m->len[o]; i++)
			len += snprintf(buf + len, sizeof(buf) - len, "%s%llu",
					i ? " " : "", m->list[o][i]);
		len += snprintf(buf + len, sizeof(buf) - len, "]");
	}
	return buf;
}

struct live {
	u64 frame;
	unsigned int order;
	u32 tag;
};

/* An order worth asking for: mostly small, sometimes anything. */
static unsigned int random_order(unsigned int max_order)
{
	if (t_rand_below(4))
		return (unsigned int)t_rand_below(min(max_order, 2U) + 1);
	return (unsigned int)t_rand_below(max_order + 1);
}

static void buddy_differential(void)
{
	unsigned long arenas = t_iterations(400) / 8 + 1, iter;

	for (iter = 0; iter < arenas; iter++) {
		unsigned int scope = t_scope();
		u64 n = 1 + t_rand_below(t_rand_below(2) ? 64 : 700);
		unsigned int mo = (unsigned int)t_rand_below(9);
		struct mmlab_buddy *b = buddy_new(n, mo, MMLAB_PCP_OFF, 0,
						  NULL, NULL);
		struct bmodel *m = bmodel_new(b->arena);
		struct live *live = calloc(n, sizeof(*live));
		unsigned long step, steps = 40 + 4 * n;
		u64 nr_live = 0;

		ASSERT_NOT_NULL(live);
		t_defer(free, live);
		for (step = 0; step < steps; step++) {
			bool do_alloc = !nr_live || t_rand_below(100) < 55;

			t_variant("seed=%llu arena=%lu n=%llu max_order=%u step=%lu",
				  t_seed(), iter, n, mo, step);
			if (do_alloc) {
				unsigned int o = random_order(mo);
				u64 got = ~0ULL, want = ~0ULL;
				int err = mmlab_buddy_alloc(b, o,
						MMLAB_MT_MOVABLE, 0, 0, 0,
						&got);

				ASSERT_EQ(err, bmodel_alloc(m, o, &want));
				if (!err) {
					ASSERT_EQ(got, want);
					live[nr_live].frame = got;
					live[nr_live].order = o;
					nr_live++;
				}
			} else {
				u64 k = t_rand_below(nr_live);

				ASSERT_EQ(mmlab_buddy_free(b, live[k].frame,
							   0), 0);
				bmodel_free(m, b->arena, live[k].frame,
					    live[k].order);
				live[k] = live[--nr_live];
			}
			ASSERT_STR_EQ(free_lists(b), bmodel_lists(m));
			ASSERT_EQ(mmlab_buddy_validate(b), 0U);
		}
		t_unwind(scope);
	}
	t_variant("%s", "");
}

struct torture {
	struct live *live;
	u64 nr_live;
	u64 *where;		/* by tag: where the block is now */
};

static void torture_moved(void *priv, u32 tag, u32 from, u32 to)
{
	struct torture *t = priv;

	ASSERT_EQ(t->where[tag], (u64)from);
	t->where[tag] = to;
}

static const struct mmlab_buddy_ops torture_ops = { .moved = torture_moved };

static void torture_stamp(struct mmlab_buddy *b, u64 frame,
			  unsigned int order, u32 tag, bool check)
{
	u64 *w = mmlab_arena_frame_mem(b->arena, frame);
	u64 i, n = (TB_PAGE << order) / sizeof(*w);

	/* two words in each frame: enough to see a lost or misplaced copy */
	for (i = 0; i < n; i += TB_PAGE / sizeof(*w) / 2) {
		u64 want = ((u64)tag << 32) ^ i;

		if (check)
			ASSERT_EQ(w[i], want);
		else
			w[i] = want;
	}
}

static unsigned int a_chunks(const struct mmlab_buddy *b)
{
	return b->arena->nr_chunks;
}

static void buddy_torture(void)
{
	unsigned long arenas = t_iterations(400) / 20 + 1, iter;

	for (iter = 0; iter < arenas; iter++) {
		unsigned int scope = t_scope();
		u64 n = 16 + t_rand_below(2000);
		unsigned int mo = 1 + (unsigned int)t_rand_below(10);
		struct torture *t = calloc(1, sizeof(*t));
		struct mmlab_buddy *b;
		unsigned long step, steps = 3 * n;
		u32 next_tag = 0;
		u64 k;

		ASSERT_NOT_NULL(t);
		t_defer(free, t);
		t->live = calloc(n, sizeof(*t->live));
		t->where = calloc(steps + 1, sizeof(*t->where));
		ASSERT_NOT_NULL(t->live);
		ASSERT_NOT_NULL(t->where);
		t_defer(free, t->live);
		t_defer(free, t->where);
		b = buddy_new(n, mo, 1 + (unsigned int)t_rand_below(8), 0,
			      &torture_ops, t);
		/* half the arenas poisoned: no false positive, ever */
		b->poison = t_rand_below(2);
		if (b->poison)
			for (k = 0; k < a_chunks(b); k++)
				memset(b->arena->chunks[k].mem, MMLAB_POISON,
				       TB_PAGE << b->arena->chunks[k].order);
		for (step = 0; step < steps; step++) {
			unsigned int r = (unsigned int)t_rand_below(100);

			t_variant("seed=%llu arena=%lu n=%llu max_order=%u step=%lu",
				  t_seed(), iter, n, mo, step);
			if (r < 2) {
				struct mmlab_compact_result res;
				unsigned int o = (unsigned int)
					t_rand_below(mo + 1);

				ASSERT_EQ(mmlab_buddy_compact(b, o, &res), 0);
				/*
				 * Like the kernel's, a run that fails can
				 * leave the largest block smaller: no
				 * claim on that, only on what it did.
				 */
				ASSERT_LE(res.blocks, t->nr_live);
				ASSERT_LE(res.moved, n);
				ASSERT_EQ(res.largest_after,
					  mmlab_buddy_largest_free(b));
				for (k = 0; k < t->nr_live; k++)
					torture_stamp(b,
						t->where[t->live[k].tag],
						t->live[k].order,
						t->live[k].tag, true);
			} else if (!t->nr_live || r < 55) {
				unsigned int o = random_order(mo);
				u64 bytes = 1 + t_rand_below(TB_PAGE << o);
				u32 tag = next_tag++;
				u64 f;
				int err;

				err = mmlab_buddy_alloc(b, o,
						(unsigned int)t_rand_below(3),
						(unsigned int)t_rand_below(2),
						(u32)bytes, tag, &f);
				if (err) {
					ASSERT_EQ(err, -ENOMEM);
					ASSERT_LT(mmlab_buddy_largest_free(b),
						  (int)o);
					continue;
				}
				t->where[tag] = f;
				t->live[t->nr_live].order = o;
				t->live[t->nr_live].tag = tag;
				t->nr_live++;
				torture_stamp(b, f, o, tag, false);
			} else {
				struct live *l;

				k = t_rand_below(t->nr_live);
				l = &t->live[k];
				torture_stamp(b, t->where[l->tag], l->order,
					      l->tag, true);
				ASSERT_EQ(mmlab_buddy_free(b,
						t->where[l->tag],
						(unsigned int)t_rand_below(2)),
					  0);
				*l = t->live[--t->nr_live];
			}
			/*
			 * Checking the poison reads every free byte: on
			 * poisoned arenas every 64th step (allocations check
			 * their own blocks on every step anyway).
			 */
			if (!b->poison || step % 64 == 0)
				ASSERT_EQ(mmlab_buddy_validate(b), 0U);
		}
		for (k = 0; k < t->nr_live; k++) {
			struct live *l = &t->live[k];

			torture_stamp(b, t->where[l->tag], l->order, l->tag,
				      true);
			ASSERT_EQ(mmlab_buddy_free(b, t->where[l->tag], 0), 0);
		}
		mmlab_buddy_drain(b);
		ASSERT_EQ(mmlab_buddy_validate(b), 0U);
		ASSERT_EQ(b->stats.poison_errors, 0ULL);
		ASSERT_EQ(b->arena->nr_free, n);
		ASSERT_EQ(mmlab_buddy_internal_frag(b, -1), 0ULL);
		t_unwind(scope);
	}
	t_variant("%s", "");
}

static const struct t_case buddy_random_cases[] = {
	T_CASE(buddy_differential),
	T_CASE(buddy_torture),
};
