// SPDX-License-Identifier: GPL-2.0
/*
 * mmu_helpers.c - an MMU on a buddy for the software-MMU tests.
 *
 * struct tm holds an MMU whose frames come from a buddy on a test arena
 * (frames unmovable, tagged as the module tags them). It counts the
 * frames the MMU holds, can refuse frames from the Nth request on, and
 * keeps the faults the MMU reports. When the case ends the MMU is
 * destroyed and the case fails unless the buddy got every frame back.
 */

struct tm {
	struct mmlab_mmu m;
	struct mmlab_buddy *b;
	u64 start_free;
	unsigned long calls;	/* frame_alloc calls */
	unsigned long fail_from; /* refuse call N and later (0: never) */
	u64 held;		/* frames the MMU holds */
	unsigned long faults[MMLAB_PF_NR];
	unsigned long gone;	/* spaces destroyed */
	struct mmlab_fault_info last;
	bool destroyed;
};

static int tm_frame_alloc(void *priv, unsigned int order, u64 *frame)
{
	struct tm *t = priv;
	int err;

	if (++t->calls >= t->fail_from && t->fail_from)
		return -ENOMEM;
	err = mmlab_buddy_alloc(t->b, order, MMLAB_MT_UNMOVABLE, 0, 0,
				MMLAB_TAG_KERNEL, frame);
	if (!err)
		t->held += 1ULL << order;
	return err;
}

static void tm_frame_free(void *priv, u64 frame, unsigned int order)
{
	struct tm *t = priv;

	if (mmlab_buddy_free(t->b, frame, 0))
		t_fail_soft("frame %llu order %u: bad free", frame, order);
	t->held -= 1ULL << order;
}

static void tm_fault(void *priv, const struct mmlab_fault_info *f)
{
	struct tm *t = priv;

	t->faults[f->kind]++;
	t->last = *f;
}

static void tm_space_gone(void *priv, struct mmlab_space *sp)
{
	struct tm *t = priv;

	if (mmlab_space_find(&t->m, sp->id) != sp)
		t_fail_soft("space %u gone twice", sp->id);
	t->gone++;
}

static const struct mmlab_mmu_ops tm_ops = {
	.frame_alloc = tm_frame_alloc,
	.frame_free = tm_frame_free,
	.fault = tm_fault,
	.space_gone = tm_space_gone,
};

static void tm_cleanup(void *arg)
{
	struct tm *t = arg;

	if (!t->destroyed)
		mmlab_mmu_destroy(&t->m);
	if (t->held || t->b->arena->nr_free != t->start_free)
		t_fail_soft("mmu teardown: %llu frames held, %llu of %llu free",
			    t->held, t->b->arena->nr_free, t->start_free);
	free(t);
}

/* An MMU on @frames frames with a TLB of @entries entries, @ways ways. */
static struct tm *tm_new_tlb(u64 frames, u32 entries, u32 ways, u32 repl,
			     bool no_asid)
{
	struct mmlab_tlb_config tc = {
		.entries = entries, .ways = ways, .repl = repl,
		.no_asid = no_asid,
	};
	struct tm *t = calloc(1, sizeof(*t));

	ASSERT_NOT_NULL(t);
	t->b = buddy_new(frames, 10, MMLAB_PCP_OFF, 0, NULL, NULL);
	t->start_free = t->b->arena->nr_free;
	ASSERT_EQ(mmlab_mmu_create(&t->m, t->b->arena, &tm_ops, t, &tc), 0);
	t_defer(tm_cleanup, t);
	return t;
}

static struct tm *tm_new(u64 frames)
{
	return tm_new_tlb(frames, MMLAB_TLB_ENTRIES_DFL, MMLAB_TLB_WAYS_DFL,
			  MMLAB_TLB_LRU, false);
}

/* Destroy the MMU now, and check that every frame came back. */
static void tm_destroy(struct tm *t)
{
	mmlab_mmu_destroy(&t->m);
	t->destroyed = true;
	ASSERT_EQ(t->held, 0ULL);
	ASSERT_EQ(t->b->arena->nr_free, t->start_free);
	ASSERT_EQ(mmlab_buddy_validate(t->b), 0U);
}

static void tm_check(struct tm *t)
{
	ASSERT_EQ(mmlab_mmu_validate(&t->m), 0U);
	ASSERT_EQ(t->held, t->m.data_frames + t->m.table_frames);
	ASSERT_EQ(t->b->arena->nr_free + t->held, t->start_free);
}

static struct mmlab_space *tm_space(struct tm *t, const char *geom,
				    u32 flags)
{
	struct mmlab_space *sp = NULL;
	struct mmlab_geom g;

	ASSERT_EQ(mmlab_geom_parse(geom, &g), 0);
	ASSERT_EQ(mmlab_space_create(&t->m, &g, flags, 1, &sp), 0);
	ASSERT_NOT_NULL(sp);
	return sp;
}

static u32 tm_map(struct tm *t, struct mmlab_space *sp, u64 start, u64 len,
		  u32 prot, u32 kind, u32 shm)
{
	struct mmlab_map_req r = {
		.start = start, .len = len, .prot = prot, .kind = kind,
		.shm = shm,
	};
	u32 id = 0;

	ASSERT_EQ(mmlab_space_map(&t->m, sp, &r, &id), 0);
	return id;
}

/* One access; returns what it did. */
static struct mmlab_access_stats tm_touch(struct tm *t,
					  struct mmlab_space *sp, u64 va,
					  unsigned int kind)
{
	struct mmlab_access_stats s = { 0 };
	u64 ref = mmlab_ref(va, kind);
	u32 bad;

	ASSERT_EQ(mmlab_mmu_access(&t->m, sp, &ref, 1, &s, &bad), 0);
	return s;
}

/* The one fault kind an access raised, or -1 for none. */
static int tm_fault_of(const struct mmlab_access_stats *s)
{
	int k, found = -1;

	for (k = 0; k < MMLAB_PF_NR; k++) {
		if (!s->faults[k])
			continue;
		if (found >= 0 || s->faults[k] != 1)
			t_fail(__FILE__, __LINE__, "several faults");
		found = k;
	}
	return found;
}

static void tm_write(struct tm *t, struct mmlab_space *sp, u64 va,
		     const void *buf, u32 len)
{
	u64 fva = 0;

	ASSERT_EQ(mmlab_mmu_rw(&t->m, sp, va, (void *)buf, len, true, &fva), 0);
}

static void tm_read(struct tm *t, struct mmlab_space *sp, u64 va, void *buf,
		    u32 len)
{
	u64 fva = 0;

	ASSERT_EQ(mmlab_mmu_rw(&t->m, sp, va, buf, len, false, &fva), 0);
}

/* The leaf of @va as translate sees it (0: none). */
static u64 tm_pte(struct tm *t, struct mmlab_space *sp, u64 va)
{
	struct mmlab_translation x;

	ASSERT_EQ(mmlab_mmu_translate(&t->m, sp, va, &x), 0);
	return x.pte;
}
