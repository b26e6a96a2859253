// SPDX-License-Identifier: GPL-2.0
/*
 * mmu_tlb.c - the TLB model: bad shapes, LRU against a reference model
 * (direct mapped to fully associative, with ASIDs and flushes), the
 * random policy's reproducibility, switches without ASIDs, and the TLB
 * seen through the MMU: hits, misses, flushes on protect, unmap and
 * clone.
 */

/*
 * The reference: per set, the cached (asid, vpn) pairs, most recently
 * used first.
 */
struct tlb_model_way {
	u32 asid;
	u64 vpn;
};

struct tlb_model {
	u32 sets, ways;
	u32 *nr;			/* per set */
	struct tlb_model_way *w;	/* set s: w[s * ways ...] */
	u64 hits, misses, evictions;
};

static void tlb_model_free(void *arg)
{
	struct tlb_model *m = arg;

	free(m->nr);
	free(m->w);
	free(m);
}

static struct tlb_model *tlb_model_new(u32 entries, u32 ways)
{
	struct tlb_model *m = calloc(1, sizeof(*m));

	ASSERT_NOT_NULL(m);
	m->sets = entries / ways;
	m->ways = ways;
	m->nr = calloc(m->sets, sizeof(*m->nr));
	m->w = calloc(entries, sizeof(*m->w));
	t_defer(tlb_model_free, m);
	ASSERT_NOT_NULL(m->nr);
	ASSERT_NOT_NULL(m->w);
	return m;
}

/* Where (asid, vpn) is in its set, or -1; moved to the front if @touch. */
static int tlb_model_find(struct tlb_model *m, u32 asid, u64 vpn, bool touch)
{
	u32 s = vpn % m->sets, i;
	struct tlb_model_way *set = &m->w[s * m->ways], x;

	for (i = 0; i < m->nr[s]; i++) {
		if (set[i].asid != asid || set[i].vpn != vpn)
			continue;
		if (touch) {
			x = set[i];
			memmove(&set[1], &set[0], i * sizeof(x));
			set[0] = x;
		}
		return i;
	}
	return -1;
}

static bool tlb_model_lookup(struct tlb_model *m, u32 asid, u64 vpn)
{
	bool hit = tlb_model_find(m, asid, vpn, true) >= 0;

	if (hit)
		m->hits++;
	else
		m->misses++;
	return hit;
}

static void tlb_model_fill(struct tlb_model *m, u32 asid, u64 vpn)
{
	u32 s = vpn % m->sets;
	struct tlb_model_way *set = &m->w[s * m->ways];

	if (tlb_model_find(m, asid, vpn, true) >= 0)
		return;
	if (m->nr[s] == m->ways) {
		m->nr[s]--;	/* the least recently used, last */
		m->evictions++;
	}
	memmove(&set[1], &set[0], m->nr[s] * sizeof(*set));
	set[0] = (struct tlb_model_way){ asid, vpn };
	m->nr[s]++;
}

/* Drop the entries for which @match says so. */
static void tlb_model_drop(struct tlb_model *m, u32 asid, u64 lo, u64 hi,
			   bool all)
{
	u32 s, i, k;
	struct tlb_model_way *set;

	for (s = 0; s < m->sets; s++) {
		set = &m->w[s * m->ways];
		for (i = 0, k = 0; i < m->nr[s]; i++) {
			if (all || (set[i].asid == asid && set[i].vpn >= lo &&
				    set[i].vpn < hi))
				continue;
			set[k++] = set[i];
		}
		m->nr[s] = k;
	}
}

static void mmu_tlb_bad_config(void)
{
	static const struct mmlab_tlb_config bad[] = {
		{ 0, 1, 0, false }, { MMLAB_TLB_ENTRIES_MAX + 1, 1, 0, false },
		{ 8, 0, 0, false }, { 8, 16, 0, false }, { 12, 8, 0, false },
		{ 8, 2, MMLAB_TLB_REPL_NR, false },
	};
	struct mmlab_tlb tlb;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		t_variant("%u entries %u ways repl %u", bad[i].entries,
			  bad[i].ways, bad[i].repl);
		ASSERT_EQ(mmlab_tlb_init(&tlb, &bad[i]), -EINVAL);
	}
}

/* LRU TLBs of every associativity against the model, op by op. */
static void mmu_tlb_lru_vs_model(void)
{
	static const u32 shape[][2] = {
		{ 1, 1 }, { 8, 1 }, { 8, 8 }, { 16, 4 }, { 64, 4 },
		{ 4096, 8 }, { 48, 6 }, { 12, 3 },
	};
	unsigned long n = t_iterations(20000), i;
	struct mmlab_tlb_config c = { .repl = MMLAB_TLB_LRU };
	struct mmlab_tlb_entry *e;
	struct tlb_model *m;
	struct mmlab_tlb tlb;
	unsigned int k, mark;
	u64 vpn, r, lo;
	u32 asid;

	for (k = 0; k < ARRAY_SIZE(shape); k++) {
		mark = t_scope();
		c.entries = shape[k][0];
		c.ways = shape[k][1];
		t_variant("%u entries, %u ways", c.entries, c.ways);
		ASSERT_EQ(mmlab_tlb_init(&tlb, &c), 0);
		m = tlb_model_new(c.entries, c.ways);
		for (i = 0; i < n; i++) {
			r = t_rand_below(1000);
			asid = 1 + t_rand_below(3);
			vpn = t_rand_below(c.entries * 2 + 3);
			if (r < 600) {
				e = mmlab_tlb_lookup(&tlb, asid, vpn);
				ASSERT_EQ(!!e, tlb_model_lookup(m, asid, vpn));
				if (e)
					ASSERT_EQ(e->frame, vpn * 7 + asid);
			} else if (r < 990) {
				mmlab_tlb_fill(&tlb, asid, vpn, vpn * 7 + asid,
					       MMLAB_PTE_R);
				tlb_model_fill(m, asid, vpn);
			} else if (r < 995) {
				lo = t_rand_below(c.entries * 2);
				mmlab_tlb_flush_range(&tlb, asid, lo, 5);
				tlb_model_drop(m, asid, lo, lo + 5, false);
			} else if (r < 998) {
				mmlab_tlb_flush_asid(&tlb, asid);
				tlb_model_drop(m, asid, 0, ~0ULL, false);
			} else {
				mmlab_tlb_flush_all(&tlb);
				tlb_model_drop(m, 0, 0, 0, true);
			}
		}
		ASSERT_EQ(tlb.stats.hits, m->hits);
		ASSERT_EQ(tlb.stats.misses, m->misses);
		ASSERT_EQ(tlb.stats.evictions, m->evictions);
		ASSERT_EQ(mmlab_tlb_validate(&tlb), 0U);
		mmlab_tlb_destroy(&tlb);
		t_unwind(mark);
	}
}

/* Random replacement: the same run twice gives the same counts. */
static void mmu_tlb_random_reproducible(void)
{
	struct mmlab_tlb_config c = {
		.entries = 16, .ways = 4, .repl = MMLAB_TLB_RANDOM,
	};
	struct mmlab_tlb a, b;
	u64 vpn, seed = t_rand();
	unsigned int i;

	ASSERT_EQ(mmlab_tlb_init(&a, &c), 0);
	ASSERT_EQ(mmlab_tlb_init(&b, &c), 0);
	for (i = 0; i < 5000; i++) {
		vpn = (seed + i * 2654435761ULL) % 37;
		if (!mmlab_tlb_lookup(&a, 1, vpn))
			mmlab_tlb_fill(&a, 1, vpn, vpn, MMLAB_PTE_R);
		if (!mmlab_tlb_lookup(&b, 1, vpn))
			mmlab_tlb_fill(&b, 1, vpn, vpn, MMLAB_PTE_R);
		ASSERT_TRUE(mmlab_tlb_peek(&a, 1, vpn));
	}
	ASSERT_EQ(a.stats.hits, b.stats.hits);
	ASSERT_EQ(a.stats.evictions, b.stats.evictions);
	ASSERT_GT(a.stats.evictions, 0ULL);
	ASSERT_EQ(mmlab_tlb_valid(&a), 16U);
	ASSERT_EQ(memcmp(a.e, b.e, 16 * sizeof(*a.e)), 0);
	ASSERT_EQ(mmlab_tlb_validate(&a), 0U);
	mmlab_tlb_destroy(&a);
	mmlab_tlb_destroy(&b);
}

/*
 * Two spaces taking turns: with ASIDs their translations stay cached;
 * without, every switch flushes and every access misses again.
 */
static void mmu_tlb_asid_switch(void)
{
	struct mmlab_access_stats s[2];
	struct mmlab_space *sp[2];
	unsigned int no_asid, i, round;
	struct tm *t;

	for (no_asid = 0; no_asid < 2; no_asid++) {
		unsigned int mark = t_scope();

		t_variant("%s", no_asid ? "no ASIDs" : "ASIDs");
		t = tm_new_tlb(256, 16, 4, MMLAB_TLB_LRU, no_asid);
		for (i = 0; i < 2; i++) {
			sp[i] = tm_space(t, "x86-64", 0);
			tm_map(t, sp[i], 0x10000, 0x4000, MMLAB_PTE_R,
			       MMLAB_VMA_DATA, 0);
		}
		for (round = 0; round < 3; round++) {
			for (i = 0; i < 2; i++) {
				u64 refs[4] = { 0x10000, 0x11000, 0x12000,
						0x13000 };
				u32 bad;

				memset(&s[i], 0, sizeof(s[i]));
				ASSERT_EQ(mmlab_mmu_access(&t->m, sp[i], refs, 4,
							   &s[i], &bad), 0);
				if (!round)
					continue;
				ASSERT_EQ(s[i].tlb_hits, no_asid ? 0ULL : 4ULL);
				ASSERT_EQ(s[i].tlb_misses, no_asid ? 4ULL : 0ULL);
			}
		}
		ASSERT_EQ(t->m.tlb.stats.switch_flushes, no_asid ? 5ULL : 0ULL);
		ASSERT_EQ(mmlab_tlb_valid(&t->m.tlb), no_asid ? 4U : 8U);
		tm_check(t);
		t_unwind(mark);
	}
}

/*
 * Through the MMU: a one-entry TLB misses on every change of page; a
 * two-entry fully associative LRU one keeps the last two pages.
 */
static void mmu_tlb_through_mmu(void)
{
	static const struct {
		u32 entries, ways;
		const char *pages;	/* pages touched, in order */
		const char *want;	/* h: hit, m: miss */
	} runs[] = {
		{ 1, 1, "ABABAA", "mmmmmh" },
		{ 2, 2, "ABABCAB", "mmhhmmm" },
		{ 2, 1, "ABABCAC", "mmhhmmm" },
		{ 4, 4, "ABCDABCDE", "mmmmhhhhm" },
	};
	struct mmlab_access_stats s;
	struct mmlab_space *sp;
	unsigned int r, i;
	struct tm *t;

	for (r = 0; r < ARRAY_SIZE(runs); r++) {
		unsigned int mark = t_scope();

		t_variant("%u entries %u ways %s", runs[r].entries,
			  runs[r].ways, runs[r].pages);
		t = tm_new_tlb(256, runs[r].entries, runs[r].ways,
			       MMLAB_TLB_LRU, false);
		sp = tm_space(t, "sv39", 0);
		tm_map(t, sp, 0, 0x10000, MMLAB_PTE_R, MMLAB_VMA_DATA, 0);
		for (i = 0; runs[r].pages[i]; i++) {
			s = tm_touch(t, sp,
				     (u64)(runs[r].pages[i] - 'A') << 12,
				     MMLAB_ACC_READ);
			ASSERT_EQ(s.tlb_hits, runs[r].want[i] == 'h' ? 1ULL : 0ULL);
			ASSERT_EQ(s.walks, runs[r].want[i] == 'm' ? 1ULL : 0ULL);
		}
		tm_check(t);
		t_unwind(mark);
	}
}

/*
 * The TLB never grants more than the leaf: after protect, unmap or a
 * clone's write protection, a write must not hit a stale writable entry.
 */
static void mmu_tlb_coherence(void)
{
	struct tm *t = tm_new(256);
	struct mmlab_space *sp = tm_space(t, "x86-64", 0), *child;
	struct mmlab_access_stats s;
	u64 va = 0x400000;

	tm_map(t, sp, va, 0x2000, MMLAB_PTE_R | MMLAB_PTE_W, MMLAB_VMA_DATA, 0);
	s = tm_touch(t, sp, va, MMLAB_ACC_WRITE);
	ASSERT_EQ(tm_fault_of(&s), MMLAB_PF_ZERO);
	s = tm_touch(t, sp, va, MMLAB_ACC_WRITE);
	ASSERT_EQ(s.tlb_hits, 1ULL);
	ASSERT_EQ(mmlab_space_protect(&t->m, sp, va, 0x1000, MMLAB_PTE_R), 0);
	ASSERT_FALSE(mmlab_tlb_peek(&t->m.tlb, sp->id, va >> 12));
	s = tm_touch(t, sp, va, MMLAB_ACC_WRITE);
	ASSERT_EQ(tm_fault_of(&s), MMLAB_PF_PROT);
	s = tm_touch(t, sp, va, MMLAB_ACC_READ);
	ASSERT_EQ(tm_fault_of(&s), -1);
	tm_check(t);

	/* a clone write-protects the parent: its next write copies */
	ASSERT_EQ(mmlab_space_protect(&t->m, sp, va, 0x1000,
				      MMLAB_PTE_R | MMLAB_PTE_W), 0);
	tm_touch(t, sp, va, MMLAB_ACC_WRITE);
	ASSERT_EQ(mmlab_space_clone(&t->m, sp, 0, 1, &child), 0);
	ASSERT_FALSE(mmlab_tlb_peek(&t->m.tlb, sp->id, va >> 12));
	s = tm_touch(t, sp, va, MMLAB_ACC_WRITE);
	ASSERT_EQ(tm_fault_of(&s), MMLAB_PF_COW_COPY);
	tm_check(t);

	/* unmap: the next access is a segmentation fault, not a hit */
	ASSERT_EQ(mmlab_space_unmap(&t->m, sp, va, 0x2000), 0);
	s = tm_touch(t, sp, va, MMLAB_ACC_READ);
	ASSERT_EQ(s.tlb_hits, 0ULL);
	ASSERT_EQ(tm_fault_of(&s), MMLAB_PF_SEGV);
	tm_check(t);
}

static const struct t_case mmu_tlb_cases[] = {
	T_CASE(mmu_tlb_bad_config),
	T_CASE(mmu_tlb_lru_vs_model),
	T_CASE(mmu_tlb_random_reproducible),
	T_CASE(mmu_tlb_asid_switch),
	T_CASE(mmu_tlb_through_mmu),
	T_CASE(mmu_tlb_coherence),
};
