// SPDX-License-Identifier: GPL-2.0
/*
 * mmu_geom.c - geometries and the multi-level table: presets and splits,
 * bad names, the textbook's two-level translation worked by hand, the
 * entry encoding (swap entries included), walk costs per geometry, and
 * table accounting (tables made on demand, pruned on unmap).
 */

static void mmu_geom_presets(void)
{
	static const struct {
		const char *name;
		unsigned int levels, va_bits, pte_size, order0, shift0;
	} want[] = {
		{ "x86-32", 2, 32, 4, 0, 22 },
		{ "x86-64", 4, 48, 8, 0, 39 },
		{ "x86-64-la57", 5, 57, 8, 0, 48 },
		{ "sv39", 3, 39, 8, 0, 30 },
		{ "sv48", 4, 48, 8, 0, 39 },
		{ "sv57", 5, 57, 8, 0, 48 },
		{ "10/10/12", 2, 32, 4, 0, 22 },
		{ "4/4/12", 2, 20, 4, 0, 16 },
		{ "16/16/12", 2, 44, 8, 7, 28 },
		{ "1/1/1/1/1/12", 5, 17, 4, 0, 16 },
		{ "9/9/9/9/9/12", 5, 57, 8, 0, 48 },
	};
	struct mmlab_geom g;
	unsigned int i, n = 0;

	for (i = 0; i < ARRAY_SIZE(want); i++) {
		t_variant("%s", want[i].name);
		ASSERT_EQ(mmlab_geom_parse(want[i].name, &g), 0);
		ASSERT_EQ(g.levels, want[i].levels);
		ASSERT_EQ(g.va_bits, want[i].va_bits);
		ASSERT_EQ(g.pte_size, want[i].pte_size);
		ASSERT_EQ(g.table_order[0], want[i].order0);
		ASSERT_EQ(g.shift[0], want[i].shift0);
		ASSERT_EQ(g.shift[g.levels - 1], MMLAB_PAGE_SHIFT);
		ASSERT_STR_EQ(g.name, want[i].name);
	}
	while (mmlab_geom_preset(n))
		n++;
	ASSERT_EQ(n, 6U);
}

static void mmu_geom_bad(void)
{
	static const struct {
		const char *name;
		int err;
	} bad[] = {
		{ "", -EINVAL }, { "x86", -EINVAL }, { "10/10", -EINVAL },
		{ "10/10/13", -EINVAL }, { "0/10/12", -EINVAL },
		{ "17/9/12", -EINVAL }, { "10//12", -EINVAL },
		{ "10/10/12/", -EINVAL }, { "/10/10/12", -EINVAL },
		{ "9/9/9/9/9/9/12", -EINVAL }, { "100/1/12", -EINVAL },
		{ "10/10/12x", -EINVAL }, { "12", -EINVAL },
		{ "16/16/16/12", -ERANGE }, { "9/9/9/9/10/12", -ERANGE },
	};
	struct mmlab_geom g;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		t_variant("\"%s\"", bad[i].name);
		ASSERT_EQ(mmlab_geom_parse(bad[i].name, &g), bad[i].err);
	}
}

/*
 * The textbook's two-level example (Tanenbaum, Modern Operating Systems,
 * the 32-bit address with PT1, PT2 and offset fields of 10, 10 and 12
 * bits): 0x00403004 is PT1 = 1, PT2 = 3, offset = 4; and 0x12345678 is
 * directory 0x48, table 0x345, offset 0x678. The walk reads the top
 * table's entry 1, which holds the second-level table's frame, whose
 * entry 3 holds the page's frame.
 */
static void mmu_geom_two_level_example(void)
{
	struct tm *t = tm_new(64);
	struct mmlab_space *sp = tm_space(t, "x86-32", 0);
	struct mmlab_translation x;
	u8 buf[4];

	tm_map(t, sp, 0x00400000, 0x4000, MMLAB_PTE_R | MMLAB_PTE_W,
	       MMLAB_VMA_DATA, 0);
	ASSERT_EQ(mmlab_mmu_translate(&t->m, sp, 0x00403004, &x), 0);
	ASSERT_EQ(x.trace.nr, 1U);	/* PT1 read: no second table yet */
	ASSERT_EQ(x.trace.step[0].index, 1U);
	ASSERT_EQ(x.trace.step[0].entry, 0ULL);
	ASSERT_FALSE(x.present);
	ASSERT_EQ(x.offset, 4U);

	tm_write(t, sp, 0x00403004, "seed", 4);
	ASSERT_EQ(mmlab_mmu_translate(&t->m, sp, 0x00403004, &x), 0);
	ASSERT_EQ(x.trace.nr, 2U);
	ASSERT_EQ(x.trace.reads, 2U);
	ASSERT_EQ(x.trace.step[0].level, 0U);
	ASSERT_EQ(x.trace.step[0].index, 1U);
	ASSERT_EQ(x.trace.step[0].table, sp->pt.root);
	ASSERT_TRUE(mmlab_pte_present(x.trace.step[0].entry));
	ASSERT_EQ(x.trace.step[1].level, 1U);
	ASSERT_EQ(x.trace.step[1].index, 3U);
	ASSERT_EQ(x.trace.step[1].table,
		  mmlab_pte_frame(x.trace.step[0].entry));
	ASSERT_EQ(x.trace.step[1].entry, x.pte);
	ASSERT_TRUE(x.present);
	ASSERT_EQ(x.offset, 4U);
	ASSERT_EQ(x.pte & (MMLAB_PTE_R | MMLAB_PTE_W | MMLAB_PTE_X),
		  MMLAB_PTE_R | MMLAB_PTE_W);
	ASSERT_EQ(x.pte & (MMLAB_PTE_A | MMLAB_PTE_D),
		  MMLAB_PTE_A | MMLAB_PTE_D);
	/* the bytes are in the frame the leaf names, at the offset */
	ASSERT_EQ(memcmp((u8 *)mmlab_arena_frame_mem(t->b->arena, x.frame) + 4,
			 "seed", 4), 0);
	/* one table of each level: a 4 KiB directory and a 4 KiB table */
	ASSERT_EQ(sp->pt.tables[0], 1ULL);
	ASSERT_EQ(sp->pt.tables[1], 1ULL);
	ASSERT_EQ(mmlab_space_table_frames(sp), 2ULL);

	tm_map(t, sp, 0x12345000, 0x1000, MMLAB_PTE_R, MMLAB_VMA_CODE, 0);
	tm_read(t, sp, 0x12345678, buf, 4);
	ASSERT_EQ(buf[0] | buf[1] | buf[2] | buf[3], 0);
	ASSERT_EQ(mmlab_mmu_translate(&t->m, sp, 0x12345678, &x), 0);
	ASSERT_EQ(x.trace.step[0].index, 0x48U);
	ASSERT_EQ(x.trace.step[1].index, 0x345U);
	ASSERT_EQ(x.offset, 0x678U);
	ASSERT_EQ(x.pte & (MMLAB_PTE_A | MMLAB_PTE_D), MMLAB_PTE_A);
	ASSERT_EQ(mmlab_space_table_frames(sp), 3ULL);
	tm_check(t);
}

static void mmu_geom_pte_encoding(void)
{
	u64 pte = mmlab_pte_mk(0x12345, MMLAB_PTE_R | MMLAB_PTE_X);
	u64 swp;
	unsigned int type;

	ASSERT_TRUE(mmlab_pte_present(pte));
	ASSERT_EQ(mmlab_pte_frame(pte), 0x12345ULL);
	ASSERT_EQ(pte & MMLAB_PTE_FLAGS,
		  MMLAB_PTE_P | MMLAB_PTE_R | MMLAB_PTE_X);
	ASSERT_FALSE(mmlab_pte_is_swap(0));
	ASSERT_FALSE(mmlab_pte_is_swap(pte));
	for (type = 0; type < MMLAB_SWP_TYPES; type++) {
		t_variant("type %u", type);
		swp = mmlab_swp_entry(type, 0xabcdef12ULL + type);
		ASSERT_FALSE(mmlab_pte_present(swp));
		ASSERT_TRUE(mmlab_pte_is_swap(swp) ||
			    (!type && !(0xabcdef12ULL + type)));
		ASSERT_EQ(mmlab_swp_type(swp), type);
		ASSERT_EQ(mmlab_swp_offset(swp), 0xabcdef12ULL + type);
	}
}

/*
 * Every geometry: a TLB miss reads one entry per level (or, inverted,
 * the anchor and the chain), and a hit reads none.
 */
static void mmu_geom_walk_cost(void)
{
	static const char *const geoms[] = {
		"x86-32", "sv39", "x86-64", "x86-64-la57", "4/4/12",
		"3/3/3/3/3/12", "16/4/12",
	};
	struct mmlab_access_stats s;
	struct mmlab_space *sp;
	unsigned int i, l, inv;
	struct tm *t;

	for (i = 0; i < ARRAY_SIZE(geoms); i++) {
		for (inv = 0; inv < 2; inv++) {
			unsigned int mark = t_scope();

			t_variant("%s%s", geoms[i], inv ? " inverted" : "");
			t = tm_new(512);
			sp = tm_space(t, geoms[i], inv ? MMLAB_SPACE_INVERTED : 0);
			tm_map(t, sp, 0x8000, 0x2000,
			       MMLAB_PTE_R | MMLAB_PTE_W, MMLAB_VMA_HEAP, 0);
			s = tm_touch(t, sp, 0x8010, MMLAB_ACC_READ);
			ASSERT_EQ(tm_fault_of(&s), MMLAB_PF_ZERO);
			ASSERT_EQ(s.tlb_misses, 1ULL);
			ASSERT_EQ(s.walks, 1ULL);
			/* the top entry, or the anchor of an empty chain */
			ASSERT_EQ(s.walk_reads, 1ULL);
			ASSERT_EQ(s.level_reads[0], 1ULL);
			s = tm_touch(t, sp, 0x8ff8, MMLAB_ACC_READ);
			ASSERT_EQ(s.tlb_hits, 1ULL);
			ASSERT_EQ(s.walks, 0ULL);
			ASSERT_EQ(tm_fault_of(&s), -1);
			mmlab_tlb_flush_all(&t->m.tlb);
			s = tm_touch(t, sp, 0x8000, MMLAB_ACC_READ);
			ASSERT_EQ(s.tlb_misses, 1ULL);
			ASSERT_EQ(tm_fault_of(&s), -1);
			if (inv) {
				ASSERT_GE(s.walk_reads, 2ULL);
				ASSERT_EQ(s.level_reads[0], 1ULL);
				ASSERT_EQ(s.level_reads[1], s.walk_reads - 1);
			} else {
				ASSERT_EQ(s.walk_reads, (u64)sp->geom.levels);
				for (l = 0; l < sp->geom.levels; l++)
					ASSERT_EQ(s.level_reads[l], 1ULL);
			}
			tm_check(t);
			t_unwind(mark);
		}
	}
}

/*
 * Tables are made on the way down on first touch and given back when an
 * unmap empties them; the root stays until the space goes.
 */
static void mmu_geom_tables_on_demand(void)
{
	struct tm *t = tm_new(1024);
	struct mmlab_space *sp = tm_space(t, "x86-64", 0);
	u64 free0;

	ASSERT_EQ(mmlab_space_table_frames(sp), 1ULL);
	ASSERT_EQ(t->m.table_frames, 1ULL);
	/* two pages 1 GiB apart: they share the top two levels only */
	tm_map(t, sp, 0x40000000, 0x1000, MMLAB_PTE_R, MMLAB_VMA_DATA, 0);
	tm_map(t, sp, 0x80000000, 0x1000, MMLAB_PTE_R, MMLAB_VMA_DATA, 0);
	ASSERT_EQ(mmlab_space_table_frames(sp), 1ULL); /* nothing touched */
	tm_touch(t, sp, 0x40000000, MMLAB_ACC_READ);
	ASSERT_EQ(mmlab_space_table_frames(sp), 4ULL);
	tm_touch(t, sp, 0x80000000, MMLAB_ACC_READ);
	ASSERT_EQ(mmlab_space_table_frames(sp), 6ULL);
	ASSERT_EQ(sp->pt.tables[1], 1ULL);
	ASSERT_EQ(sp->pt.tables[2], 2ULL);
	ASSERT_EQ(sp->pt.tables[3], 2ULL);
	ASSERT_EQ(t->m.data_frames, 2ULL);
	tm_check(t);
	free0 = t->b->arena->nr_free;
	ASSERT_EQ(mmlab_space_unmap(&t->m, sp, 0x40000000, 0x1000), 0);
	ASSERT_EQ(mmlab_space_table_frames(sp), 4ULL);
	ASSERT_EQ(t->b->arena->nr_free, free0 + 3);
	ASSERT_EQ(mmlab_space_unmap(&t->m, sp, 0, 1ULL << 47), 0);
	ASSERT_EQ(mmlab_space_table_frames(sp), 1ULL);
	ASSERT_EQ(sp->vmas.nr, 0U);
	ASSERT_EQ(t->m.data_frames, 0ULL);
	tm_check(t);
}

/*
 * A geometry whose top table needs a block larger than the arena has;
 * then one whose root cannot be had.
 */
static void mmu_geom_table_too_big(void)
{
	struct tm *t = tm_new(64);
	struct mmlab_space *sp = NULL;
	struct mmlab_geom g;

	ASSERT_LT(t->b->arena->chunk_order_max, 7U);
	ASSERT_EQ(mmlab_geom_parse("16/16/12", &g), 0);
	ASSERT_EQ(g.table_order[0], 7U);
	ASSERT_EQ(mmlab_space_create(&t->m, &g, 0, 1, &sp), -E2BIG);
	ASSERT_NULL(sp);
	ASSERT_EQ(mmlab_geom_parse("x86-64", &g), 0);
	t->fail_from = 1;
	ASSERT_EQ(mmlab_space_create(&t->m, &g, 0, 1, &sp), -ENOMEM);
	ASSERT_EQ(mmlab_space_create(&t->m, &g, MMLAB_SPACE_FLAGS + 1, 1, &sp),
		  -EINVAL);
	ASSERT_NULL(sp);
	ASSERT_EQ(t->m.nr_spaces, 0U);
	tm_check(t);
}

static const struct t_case mmu_geom_cases[] = {
	T_CASE(mmu_geom_presets),
	T_CASE(mmu_geom_bad),
	T_CASE(mmu_geom_two_level_example),
	T_CASE(mmu_geom_pte_encoding),
	T_CASE(mmu_geom_walk_cost),
	T_CASE(mmu_geom_tables_on_demand),
	T_CASE(mmu_geom_table_too_big),
};
