// SPDX-License-Identifier: GPL-2.0
/*
 * mmu.c - the software MMU's semantics: demand paging (zeroed frames, A
 * and D bits), data through the translation, segmentation and protection
 * faults, copy on write after a clone, shared regions, heap and stack
 * growth, protect and unmap cutting regions, bad input leaving the state
 * unchanged, running out of frames, release by owner and teardown.
 * Each case runs on a multi-level space and on an inverted one where the
 * table kind could matter.
 */

#define RW	(MMLAB_PTE_R | MMLAB_PTE_W)

static const char *const table_kinds[] = { "multi-level", "inverted" };

static void mmu_demand_zero(void)
{
	struct mmlab_access_stats s;
	struct mmlab_space *sp;
	unsigned int inv;
	u8 buf[64], zero[64] = { 0 };
	u64 pte;

	for (inv = 0; inv < 2; inv++) {
		unsigned int mark = t_scope();
		struct tm *t = tm_new(256);

		t_variant("%s", table_kinds[inv]);
		sp = tm_space(t, "x86-64", inv ? MMLAB_SPACE_INVERTED : 0);
		tm_map(t, sp, 0x10000, 0x10000, RW, MMLAB_VMA_HEAP, 0);
		ASSERT_EQ(t->m.data_frames, 0ULL);	/* nothing yet */
		ASSERT_EQ(tm_pte(t, sp, 0x10000), 0ULL);

		/* frames are zeroed even when the buddy hands out dirt */
		memset(mmlab_arena_frame_mem(t->b->arena, 100), 0x5a, 4096);
		s = tm_touch(t, sp, 0x10008, MMLAB_ACC_READ);
		ASSERT_EQ(tm_fault_of(&s), MMLAB_PF_ZERO);
		ASSERT_EQ(t->last.va, 0x10008ULL);
		ASSERT_EQ(t->last.kind, (u32)MMLAB_PF_ZERO);
		ASSERT_EQ(sp->rss, 1ULL);
		pte = tm_pte(t, sp, 0x10000);
		ASSERT_EQ(pte & (MMLAB_PTE_A | MMLAB_PTE_D), MMLAB_PTE_A);
		ASSERT_EQ(mmlab_pte_frame(pte), t->last.frame);
		tm_read(t, sp, 0x10000, buf, sizeof(buf));
		ASSERT_EQ(memcmp(buf, zero, sizeof(buf)), 0);

		/* a write sets D; a second one is a TLB hit */
		s = tm_touch(t, sp, 0x10010, MMLAB_ACC_WRITE);
		ASSERT_EQ(tm_fault_of(&s), -1);
		ASSERT_EQ(s.tlb_hits, 1ULL);
		ASSERT_EQ(s.walks, 1ULL);	/* the D bit's walk */
		ASSERT_TRUE(tm_pte(t, sp, 0x10000) & MMLAB_PTE_D);
		s = tm_touch(t, sp, 0x10018, MMLAB_ACC_WRITE);
		ASSERT_EQ(s.walks, 0ULL);

		/* a first write maps with D set */
		s = tm_touch(t, sp, 0x1f000, MMLAB_ACC_WRITE);
		ASSERT_EQ(tm_fault_of(&s), MMLAB_PF_ZERO);
		ASSERT_TRUE(tm_pte(t, sp, 0x1f000) & MMLAB_PTE_D);
		ASSERT_EQ(t->m.data_frames, 2ULL);
		ASSERT_EQ(sp->stats.faults[MMLAB_PF_ZERO], 2ULL);
		ASSERT_EQ(sp->stats.accesses, 5ULL);	/* a page read: 1 */
		tm_check(t);
		t_unwind(mark);
	}
}

/* Patterns written across page boundaries read back the same. */
static void mmu_data_survives(void)
{
	static u8 in[3 * 4096 + 100], out[sizeof(in)];
	struct mmlab_space *sp;
	unsigned int inv, i;

	for (i = 0; i < sizeof(in); i++)
		in[i] = (u8)(i * 131 + 7);
	for (inv = 0; inv < 2; inv++) {
		unsigned int mark = t_scope();
		struct tm *t = tm_new(256);

		t_variant("%s", table_kinds[inv]);
		sp = tm_space(t, "sv48", inv ? MMLAB_SPACE_INVERTED : 0);
		tm_map(t, sp, 0x7f0000000000ULL, 0x8000, RW, MMLAB_VMA_DATA, 0);
		tm_write(t, sp, 0x7f0000000ff0ULL, in, sizeof(in));
		ASSERT_EQ(sp->rss, 5ULL);	/* 0xff0 + 12388 bytes */
		memset(out, 0, sizeof(out));
		tm_read(t, sp, 0x7f0000000ff0ULL, out, sizeof(out));
		ASSERT_EQ(memcmp(in, out, sizeof(in)), 0);
		/* and through a TLB that remembers nothing */
		mmlab_tlb_flush_all(&t->m.tlb);
		memset(out, 0, sizeof(out));
		tm_read(t, sp, 0x7f0000000ff0ULL, out, sizeof(out));
		ASSERT_EQ(memcmp(in, out, sizeof(in)), 0);
		tm_check(t);
		t_unwind(mark);
	}
}

static void mmu_segv_and_prot(void)
{
	struct mmlab_access_stats s = { 0 };
	struct mmlab_space *sp;
	struct tm *t = tm_new(256);
	u64 refs[] = {
		mmlab_ref(0x400000, MMLAB_ACC_EXEC),	/* ok: code */
		mmlab_ref(0x400000, MMLAB_ACC_WRITE),	/* prot */
		mmlab_ref(0x500000, MMLAB_ACC_READ),	/* ok: data */
		mmlab_ref(0x500000, MMLAB_ACC_EXEC),	/* prot: no X */
		mmlab_ref(0x900000, MMLAB_ACC_READ),	/* segv */
		mmlab_ref(0x0, MMLAB_ACC_WRITE),		/* segv */
		mmlab_ref(0x500010, MMLAB_ACC_WRITE),	/* ok */
	};
	u8 b[8] = { 1 };
	u64 fva = 0;
	u32 bad;

	sp = tm_space(t, "x86-32", 0);
	tm_map(t, sp, 0x400000, 0x1000, MMLAB_PTE_R | MMLAB_PTE_X,
	       MMLAB_VMA_CODE, 0);
	tm_map(t, sp, 0x500000, 0x1000, RW, MMLAB_VMA_DATA, 0);
	ASSERT_EQ(mmlab_mmu_access(&t->m, sp, refs, ARRAY_SIZE(refs), &s,
				   &bad), 0);
	ASSERT_EQ(s.accesses, 7ULL);
	ASSERT_EQ(s.faults[MMLAB_PF_SEGV], 2ULL);
	ASSERT_EQ(s.faults[MMLAB_PF_PROT], 2ULL);
	ASSERT_EQ(s.faults[MMLAB_PF_ZERO], 2ULL);
	ASSERT_EQ(s.kinds[MMLAB_ACC_EXEC], 2ULL);
	ASSERT_EQ(t->faults[MMLAB_PF_SEGV], 2UL);
	ASSERT_EQ(t->last.kind, (u32)MMLAB_PF_SEGV);
	ASSERT_EQ(t->last.va, 0x0ULL);
	ASSERT_EQ(sp->stats.faults[MMLAB_PF_PROT], 2ULL);
	/* the write to code changed nothing: the page stays read-only */
	ASSERT_FALSE(tm_pte(t, sp, 0x400000) & MMLAB_PTE_W);
	/* read/write say where it failed, and move nothing */
	ASSERT_EQ(mmlab_mmu_rw(&t->m, sp, 0x400ffc, b, 1, true, &fva), -EFAULT);
	ASSERT_EQ(fva, 0x400ffcULL);
	ASSERT_EQ(mmlab_mmu_rw(&t->m, sp, 0x500ffc, b, 8, true, &fva), -EFAULT);
	ASSERT_EQ(fva, 0x501000ULL);
	ASSERT_EQ(sp->rss, 2ULL);
	tm_check(t);
}

/*
 * fork(): the child sees the parent's bytes; the first write of either
 * copies the page (or, once the other side copied, takes it back whole);
 * neither sees the other's writes; frames are counted once.
 */
static void mmu_clone_cow(void)
{
	struct mmlab_space *p, *c;
	struct mmlab_access_stats s;
	unsigned int inv;
	char buf[16];

	for (inv = 0; inv < 2; inv++) {
		unsigned int mark = t_scope();
		struct tm *t = tm_new(256);
		u64 frames;

		t_variant("%s", table_kinds[inv]);
		p = tm_space(t, "x86-64", inv ? MMLAB_SPACE_INVERTED : 0);
		tm_map(t, p, 0x1000, 0x3000, RW, MMLAB_VMA_DATA, 0);
		tm_map(t, p, 0x8000, 0x1000, MMLAB_PTE_R, MMLAB_VMA_CODE, 0);
		tm_write(t, p, 0x1000, "parent page one", 16);
		tm_write(t, p, 0x2000, "parent page two", 16);
		tm_read(t, p, 0x8000, buf, 4);
		frames = t->m.data_frames;
		ASSERT_EQ(frames, 3ULL);

		ASSERT_EQ(mmlab_space_clone(&t->m, p, 0, 2, &c), 0);
		ASSERT_EQ(c->owner, 2U);
		ASSERT_EQ(c->flags, p->flags);
		ASSERT_EQ(c->vmas.nr, 2U);
		ASSERT_EQ(c->rss, 3ULL);
		ASSERT_EQ(t->m.data_frames, frames);	/* nothing copied */
		ASSERT_TRUE(tm_pte(t, p, 0x1000) & MMLAB_PTE_COW);
		ASSERT_FALSE(tm_pte(t, p, 0x1000) & MMLAB_PTE_W);
		ASSERT_FALSE(tm_pte(t, c, 0x1000) & MMLAB_PTE_A);
		/* read-only pages are COW too (a protect may open them) */
		ASSERT_TRUE(tm_pte(t, c, 0x8000) & MMLAB_PTE_COW);
		ASSERT_EQ(mmlab_pte_frame(tm_pte(t, c, 0x2000)),
			  mmlab_pte_frame(tm_pte(t, p, 0x2000)));
		tm_check(t);

		tm_read(t, c, 0x1000, buf, 16);
		ASSERT_STR_EQ(buf, "parent page one");
		s = tm_touch(t, c, 0x1000, MMLAB_ACC_WRITE);
		ASSERT_EQ(tm_fault_of(&s), MMLAB_PF_COW_COPY);
		ASSERT_EQ(t->m.data_frames, frames + 1);
		tm_write(t, c, 0x1000, "child  page one", 16);
		tm_read(t, p, 0x1000, buf, 16);
		ASSERT_STR_EQ(buf, "parent page one");
		tm_read(t, c, 0x1000, buf, 16);
		ASSERT_STR_EQ(buf, "child  page one");
		/* the parent is the page's only user now: no copy */
		s = tm_touch(t, p, 0x1000, MMLAB_ACC_WRITE);
		ASSERT_EQ(tm_fault_of(&s), MMLAB_PF_COW_REUSE);
		ASSERT_EQ(t->m.data_frames, frames + 1);
		ASSERT_FALSE(tm_pte(t, p, 0x1000) & MMLAB_PTE_COW);
		/* a page never written after the clone: zero-fill in both */
		s = tm_touch(t, c, 0x3000, MMLAB_ACC_READ);
		ASSERT_EQ(tm_fault_of(&s), MMLAB_PF_ZERO);
		/* a parent write to page two copies; the child keeps it */
		tm_write(t, p, 0x2000, "parent wrote 2!", 16);
		tm_read(t, c, 0x2000, buf, 16);
		ASSERT_STR_EQ(buf, "parent page two");
		ASSERT_EQ(p->stats.faults[MMLAB_PF_COW_COPY], 1ULL);
		ASSERT_EQ(c->stats.faults[MMLAB_PF_COW_COPY], 1ULL);
		tm_check(t);

		/* a read-only page made writable in the child: copied */
		ASSERT_EQ(mmlab_space_protect(&t->m, c, 0x8000, 0x1000, RW), 0);
		ASSERT_FALSE(tm_pte(t, c, 0x8000) & MMLAB_PTE_W);
		tm_write(t, c, 0x8000, "child code", 11);
		ASSERT_EQ(c->stats.faults[MMLAB_PF_COW_COPY], 2ULL);
		tm_read(t, p, 0x8000, buf, 11);
		ASSERT_EQ(buf[0], 0);
		tm_check(t);

		/* a clone of a clone, then the middle one goes */
		{
			struct mmlab_space *g;

			ASSERT_EQ(mmlab_space_clone(&t->m, c, 0, 2, &g), 0);
			mmlab_space_destroy(&t->m, c);
			tm_read(t, g, 0x1000, buf, 16);
			ASSERT_STR_EQ(buf, "child  page one");
			s = tm_touch(t, g, 0x1000, MMLAB_ACC_WRITE);
			ASSERT_EQ(tm_fault_of(&s), MMLAB_PF_COW_REUSE);
			tm_check(t);
		}
		tm_destroy(t);
		t_unwind(mark);
	}
}

/* Two spaces map one shared object: one frame, both see every write. */
static void mmu_shared_region(void)
{
	struct mmlab_space *a, *b, *c;
	struct mmlab_access_stats s;
	unsigned int inv;
	char buf[8];
	u32 shm;

	for (inv = 0; inv < 2; inv++) {
		unsigned int mark = t_scope();
		struct tm *t = tm_new(256);

		t_variant("%s", table_kinds[inv]);
		a = tm_space(t, "x86-64", inv ? MMLAB_SPACE_INVERTED : 0);
		b = tm_space(t, "sv39", 0);
		shm = tm_map(t, a, 0x100000, 0x4000, RW, MMLAB_VMA_SHARED, 0);
		ASSERT_NE(shm, 0U);
		ASSERT_EQ(tm_map(t, b, 0x7000, 0x2000, MMLAB_PTE_R,
				 MMLAB_VMA_SHARED, shm), shm);
		ASSERT_EQ(t->m.nr_shms, 1U);
		tm_write(t, a, 0x100000, "shared!", 8);
		s = tm_touch(t, b, 0x7000, MMLAB_ACC_READ);
		ASSERT_EQ(tm_fault_of(&s), MMLAB_PF_SHARED);
		tm_read(t, b, 0x7000, buf, 8);
		ASSERT_STR_EQ(buf, "shared!");
		ASSERT_EQ(mmlab_pte_frame(tm_pte(t, a, 0x100000)),
			  mmlab_pte_frame(tm_pte(t, b, 0x7000)));
		ASSERT_EQ(t->m.data_frames, 1ULL);
		/* b maps read-only */
		s = tm_touch(t, b, 0x7000, MMLAB_ACC_WRITE);
		ASSERT_EQ(tm_fault_of(&s), MMLAB_PF_PROT);
		/* the first touch from b creates the page a then finds */
		s = tm_touch(t, b, 0x8000, MMLAB_ACC_READ);
		ASSERT_EQ(tm_fault_of(&s), MMLAB_PF_ZERO);
		s = tm_touch(t, a, 0x101000, MMLAB_ACC_WRITE);
		ASSERT_EQ(tm_fault_of(&s), MMLAB_PF_SHARED);
		tm_check(t);

		/* a clone shares too: its writes reach a and b */
		ASSERT_EQ(mmlab_space_clone(&t->m, a, 0, 1, &c), 0);
		ASSERT_EQ(c->rss, 0ULL);	/* shared pages fault in */
		tm_write(t, c, 0x100000, "clone!", 7);
		tm_read(t, b, 0x7000, buf, 7);
		ASSERT_STR_EQ(buf, "clone!");
		ASSERT_EQ(t->m.data_frames, 2ULL);
		tm_check(t);

		/* the object lives while a region maps it */
		ASSERT_EQ(mmlab_space_unmap(&t->m, a, 0x100000, 0x4000), 0);
		mmlab_space_destroy(&t->m, c);
		ASSERT_EQ(t->m.nr_shms, 1U);
		tm_read(t, b, 0x7000, buf, 7);
		ASSERT_STR_EQ(buf, "clone!");
		ASSERT_EQ(mmlab_space_unmap(&t->m, b, 0x7000, 0x1000), 0);
		ASSERT_EQ(t->m.nr_shms, 1U);	/* 0x8000 still maps it */
		ASSERT_EQ(mmlab_space_unmap(&t->m, b, 0x8000, 0x1000), 0);
		ASSERT_EQ(t->m.nr_shms, 0U);
		ASSERT_EQ(t->m.data_frames, 0ULL);
		tm_check(t);
		t_unwind(mark);
	}
}

static void mmu_grow(void)
{
	struct tm *t = tm_new(256);
	struct mmlab_space *sp = tm_space(t, "x86-32", 0);
	struct mmlab_access_stats s;
	u64 edge = 0;

	tm_map(t, sp, 0x100000, 0x1000, RW, MMLAB_VMA_HEAP, 0);
	tm_map(t, sp, 0xbfff0000, 0x10000, RW, MMLAB_VMA_STACK, 0);
	tm_map(t, sp, 0x104000, 0x1000, MMLAB_PTE_R, MMLAB_VMA_DATA, 0);
	s = tm_touch(t, sp, 0x101000, MMLAB_ACC_WRITE);
	ASSERT_EQ(tm_fault_of(&s), MMLAB_PF_SEGV);

	ASSERT_EQ(mmlab_space_grow(&t->m, sp, 0x100000, 3, &edge), 0);
	ASSERT_EQ(edge, 0x104000ULL);
	s = tm_touch(t, sp, 0x103ff8, MMLAB_ACC_WRITE);
	ASSERT_EQ(tm_fault_of(&s), MMLAB_PF_ZERO);
	/* into the data region: refused */
	ASSERT_EQ(mmlab_space_grow(&t->m, sp, 0x100000, 1, &edge), -EEXIST);
	/* shrinking gives the pages back */
	ASSERT_EQ(t->m.data_frames, 1ULL);
	ASSERT_EQ(mmlab_space_grow(&t->m, sp, 0x100000, -3, &edge), 0);
	ASSERT_EQ(edge, 0x101000ULL);
	ASSERT_EQ(t->m.data_frames, 0ULL);
	ASSERT_EQ(mmlab_space_grow(&t->m, sp, 0x100000, -1, &edge), -EINVAL);

	/* the stack grows down */
	ASSERT_EQ(mmlab_space_grow(&t->m, sp, 0xbffffff0, 16, &edge), 0);
	ASSERT_EQ(edge, 0xbffe0000ULL);
	s = tm_touch(t, sp, 0xbffe0000, MMLAB_ACC_WRITE);
	ASSERT_EQ(tm_fault_of(&s), MMLAB_PF_ZERO);
	ASSERT_EQ(mmlab_space_grow(&t->m, sp, 0xbffe0000, -1, &edge), -EINVAL);
	ASSERT_EQ(mmlab_space_grow(&t->m, sp, 0xbffe0000, 0xc0000, &edge),
		  -ERANGE);
	/* not a heap or stack; no region; 0 pages */
	ASSERT_EQ(mmlab_space_grow(&t->m, sp, 0x104000, 1, &edge), -EINVAL);
	ASSERT_EQ(mmlab_space_grow(&t->m, sp, 0x200000, 1, &edge), -EFAULT);
	ASSERT_EQ(mmlab_space_grow(&t->m, sp, 0x100000, 0, &edge), -EINVAL);
	ASSERT_EQ(mmlab_space_grow(&t->m, sp, ~0ULL, 1, &edge), -EFAULT);
	/* the heap up to the end of the addresses */
	ASSERT_EQ(mmlab_space_grow(&t->m, sp, 0x100000, 0x100000, &edge),
		  -ERANGE);
	tm_check(t);
}

/* Cutting regions: protect and unmap a middle part, then join again. */
static void mmu_split_and_merge(void)
{
	struct tm *t = tm_new(256);
	struct mmlab_space *sp = tm_space(t, "sv39", 0);
	struct mmlab_access_stats s;
	u64 va;

	tm_map(t, sp, 0x10000, 0x8000, RW, MMLAB_VMA_DATA, 0);
	for (va = 0x10000; va < 0x18000; va += 0x1000)
		tm_touch(t, sp, va, MMLAB_ACC_WRITE);
	ASSERT_EQ(mmlab_space_protect(&t->m, sp, 0x12000, 0x2000,
				      MMLAB_PTE_R), 0);
	ASSERT_EQ(sp->vmas.nr, 3U);
	ASSERT_EQ(sp->vmas.v[1].start, 0x12000ULL);
	ASSERT_EQ(sp->vmas.v[1].end, 0x14000ULL);
	ASSERT_EQ(sp->vmas.v[1].prot, (u32)MMLAB_PTE_R);
	s = tm_touch(t, sp, 0x13000, MMLAB_ACC_WRITE);
	ASSERT_EQ(tm_fault_of(&s), MMLAB_PF_PROT);
	s = tm_touch(t, sp, 0x14000, MMLAB_ACC_WRITE);
	ASSERT_EQ(tm_fault_of(&s), -1);
	ASSERT_EQ(mmlab_space_protect(&t->m, sp, 0x12000, 0x2000, RW), 0);
	ASSERT_EQ(sp->vmas.nr, 1U);	/* merged back */
	tm_check(t);

	ASSERT_EQ(mmlab_space_unmap(&t->m, sp, 0x13000, 0x2000), 0);
	ASSERT_EQ(sp->vmas.nr, 2U);
	ASSERT_EQ(sp->rss, 6ULL);
	s = tm_touch(t, sp, 0x14000, MMLAB_ACC_READ);
	ASSERT_EQ(tm_fault_of(&s), MMLAB_PF_SEGV);
	/* protect across the hole: refused, nothing changes */
	ASSERT_EQ(mmlab_space_protect(&t->m, sp, 0x12000, 0x4000,
				      MMLAB_PTE_R), -EFAULT);
	ASSERT_EQ(sp->vmas.nr, 2U);
	ASSERT_EQ(sp->vmas.v[0].prot, (u32)RW);
	/* unmap over a hole and beyond: fine */
	ASSERT_EQ(mmlab_space_unmap(&t->m, sp, 0x0, 0x100000), 0);
	ASSERT_EQ(sp->vmas.nr, 0U);
	ASSERT_EQ(sp->rss, 0ULL);
	tm_check(t);
}

/* Bad requests: an error each, and nothing changes. */
static void mmu_bad_input(void)
{
	struct tm *t = tm_new(256);
	struct mmlab_space *sp = tm_space(t, "x86-32", 0), *big;
	struct mmlab_map_req r = {
		.start = 0x10000, .len = 0x1000, .prot = MMLAB_PTE_R,
		.kind = MMLAB_VMA_DATA,
	};
	static const struct {
		u64 start, len;
		u32 prot, kind, shm;
		int err;
	} maps[] = {
		{ 0x10800, 0x1000, 1, 0, 0, -EINVAL },	/* unaligned */
		{ 0x10000, 0x800, 1, 0, 0, -EINVAL },
		{ 0x10000, 0, 1, 0, 0, -EINVAL },		/* empty */
		{ 0x100000000ULL, 0x1000, 1, 0, 0, -ERANGE },	/* > 32 bits */
		{ 0xfffff000, 0x2000, 1, 0, 0, -ERANGE },
		{ 0x0, 0x10000000000ULL, 1, 0, 0, -ERANGE },
		{ 0x10000, 0x1000, 0x10, 0, 0, -EINVAL },	/* prot */
		{ 0x10000, 0x1000, 2, MMLAB_VMA_KIND_NR, 0, -EINVAL },
		{ 0x10000, 0x1000, 2, MMLAB_VMA_DATA, 5, -EINVAL },
		{ 0x50000, 0x1000, 2, MMLAB_VMA_SHARED, 77, -ENOENT },
		{ 0x0f000, 0x2000, 2, MMLAB_VMA_DATA, 0, -EEXIST }, /* overlap */
		{ 0x10000, 0x1000, 2, MMLAB_VMA_HEAP, 0, -EEXIST },
		{ 0x00000, 0x80000000ULL, 2, MMLAB_VMA_SHARED, 0, -EEXIST },
	};
	struct mmlab_access_stats s = { 0 };
	u64 refs[2], fva, free0;
	u8 buf[8] = { 0 };
	unsigned int i;
	u32 bad = 0, shm;

	ASSERT_EQ(mmlab_space_map(&t->m, sp, &r, NULL), 0);
	tm_touch(t, sp, 0x10000, MMLAB_ACC_READ);
	free0 = t->b->arena->nr_free;
	for (i = 0; i < ARRAY_SIZE(maps); i++) {
		struct mmlab_map_req q = {
			.start = maps[i].start, .len = maps[i].len,
			.prot = maps[i].prot, .kind = maps[i].kind,
			.shm = maps[i].shm,
		};

		t_variant("map %u [%#llx + %#llx)", i, maps[i].start,
			  maps[i].len);
		shm = 99;
		ASSERT_EQ(mmlab_space_map(&t->m, sp, &q, &shm), maps[i].err);
		ASSERT_EQ(shm, 99U);
		ASSERT_EQ(sp->vmas.nr, 1U);
		ASSERT_EQ(t->m.nr_shms, 0U);
		ASSERT_EQ(t->b->arena->nr_free, free0);
	}
	t_variant("%s", "");
	/* a shared object too large (for a space large enough) */
	r.start = 0;
	r.len = ((u64)MMLAB_SHM_PAGES_MAX + 1) << 12;
	r.kind = MMLAB_VMA_SHARED;
	ASSERT_EQ(mmlab_space_map(&t->m, sp, &r, NULL), -ERANGE);
	big = tm_space(t, "x86-64", 0);
	ASSERT_EQ(mmlab_space_map(&t->m, big, &r, NULL), -E2BIG);
	ASSERT_EQ(big->vmas.nr, 0U);
	mmlab_space_destroy(&t->m, big);
	/* a region longer than the object it maps */
	r.len = 0x1000;
	r.start = 0x20000;
	ASSERT_EQ(mmlab_space_map(&t->m, sp, &r, &shm), 0);
	r.start = 0x30000;
	r.len = 0x2000;
	r.shm = shm;
	ASSERT_EQ(mmlab_space_map(&t->m, sp, &r, NULL), -E2BIG);
	ASSERT_EQ(t->m.shms[0]->refs, 1U);
	ASSERT_EQ(mmlab_space_unmap(&t->m, sp, 0x20000, 0x1000), 0);

	ASSERT_EQ(mmlab_space_unmap(&t->m, sp, 0x10001, 0x1000), -EINVAL);
	ASSERT_EQ(mmlab_space_unmap(&t->m, sp, 0x10000, 0), -EINVAL);
	ASSERT_EQ(mmlab_space_unmap(&t->m, sp, 0x100000000ULL, 0x1000),
		  -ERANGE);
	ASSERT_EQ(mmlab_space_protect(&t->m, sp, 0x10000, 0x1000, 0x8 << 1),
		  -EINVAL);
	ASSERT_EQ(mmlab_space_protect(&t->m, sp, 0x11000, 0x1000, 1 << 1),
		  -EFAULT);

	/* batches: bad length, kind, address; nothing runs */
	refs[0] = mmlab_ref(0x10000, MMLAB_ACC_READ);
	refs[1] = 3ULL << MMLAB_REF_KIND_SHIFT;
	ASSERT_EQ(mmlab_mmu_access(&t->m, sp, refs, 2, &s, &bad), -EINVAL);
	ASSERT_EQ(bad, 1U);
	refs[1] = mmlab_ref(0x100000000ULL, MMLAB_ACC_READ);
	ASSERT_EQ(mmlab_mmu_access(&t->m, sp, refs, 2, &s, &bad), -ERANGE);
	ASSERT_EQ(bad, 1U);
	ASSERT_EQ(mmlab_mmu_access(&t->m, sp, refs, 0, &s, &bad), -EINVAL);
	ASSERT_EQ(mmlab_mmu_access(&t->m, sp, refs,
				   MMLAB_MMU_BATCH_MAX + 1, &s, &bad),
		  -EINVAL);
	ASSERT_EQ(s.accesses, 0ULL);
	ASSERT_EQ(sp->stats.accesses, 1ULL);
	/* read/write: length, range */
	ASSERT_EQ(mmlab_mmu_rw(&t->m, sp, 0x10000, buf, 0, false, &fva), -EINVAL);
	ASSERT_EQ(mmlab_mmu_rw(&t->m, sp, 0x10000, buf, MMLAB_RW_MAX + 1, false,
			       &fva), -EINVAL);
	ASSERT_EQ(mmlab_mmu_rw(&t->m, sp, 0xfffffffcULL, buf, 8, false, &fva),
		  -ERANGE);
	ASSERT_EQ(mmlab_mmu_rw(&t->m, sp, 0x10000, buf, 8, true, &fva), -EFAULT);
	ASSERT_EQ(fva, 0x10000ULL);
	/* translate: out of range */
	{
		struct mmlab_translation x;

		ASSERT_EQ(mmlab_mmu_translate(&t->m, sp, 1ULL << 32, &x),
			  -ERANGE);
	}
	/* clone: bad flags */
	ASSERT_EQ(mmlab_space_clone(&t->m, sp, MMLAB_SPACE_INVERTED, 1, &big),
		  -EINVAL);
	ASSERT_EQ(t->m.nr_spaces, 1U);
	ASSERT_EQ(t->b->arena->nr_free, free0);
	ASSERT_EQ(sp->rss, 1ULL);
	tm_check(t);
}

/* Too many regions: -ENOSPC, also for a cut that would add one. */
static void mmu_region_limit(void)
{
	struct tm *t = tm_new(256);
	struct mmlab_space *sp = tm_space(t, "x86-32", 0);
	struct mmlab_map_req r = { .len = 0x1000, .prot = MMLAB_PTE_R };
	unsigned int i;

	for (i = 0; i < MMLAB_VMAS_MAX; i++) {
		r.start = (u64)i * 0x4000;
		r.len = i ? 0x1000 : 0x2000;
		ASSERT_EQ(mmlab_space_map(&t->m, sp, &r, NULL), 0);
	}
	r.start = (u64)i * 0x4000;
	ASSERT_EQ(mmlab_space_map(&t->m, sp, &r, NULL), -ENOSPC);
	/* a whole region needs no cut; half of one does */
	ASSERT_EQ(mmlab_space_protect(&t->m, sp, 0x4000, 0x1000, MMLAB_PTE_W), 0);
	ASSERT_EQ(mmlab_space_protect(&t->m, sp, 0x0, 0x1000, MMLAB_PTE_W),
		  -ENOSPC);
	ASSERT_EQ(mmlab_space_unmap(&t->m, sp, 0x1000, 0x1000), -ENOSPC);
	ASSERT_EQ(sp->vmas.nr, (u32)MMLAB_VMAS_MAX);
	ASSERT_EQ(sp->vmas.v[0].end, 0x2000ULL);
	ASSERT_EQ(sp->vmas.v[0].prot, (u32)MMLAB_PTE_R);
	/* an unmap of a whole region makes room */
	ASSERT_EQ(mmlab_space_unmap(&t->m, sp, 0x4000, 0x1000), 0);
	ASSERT_EQ(mmlab_space_protect(&t->m, sp, 0x0, 0x1000, MMLAB_PTE_W), 0);
	tm_check(t);
}

/*
 * Out of frames: the fault that cannot get one is an OOM fault, counted;
 * nothing half-made stays; freeing lets the next access through.
 */
static void mmu_out_of_frames(void)
{
	struct mmlab_space *sp;
	struct mmlab_access_stats s;
	unsigned int inv;
	u64 va, mapped;

	for (inv = 0; inv < 2; inv++) {
		unsigned int mark = t_scope();
		struct tm *t = tm_new(64);

		t_variant("%s", table_kinds[inv]);
		sp = tm_space(t, "x86-64", inv ? MMLAB_SPACE_INVERTED : 0);
		tm_map(t, sp, 0, 0x100000, RW, MMLAB_VMA_HEAP, 0);
		for (va = 0; va < 0x100000; va += 0x1000) {
			s = tm_touch(t, sp, va, MMLAB_ACC_WRITE);
			if (tm_fault_of(&s) == MMLAB_PF_OOM)
				break;
			ASSERT_EQ(tm_fault_of(&s), MMLAB_PF_ZERO);
		}
		ASSERT_LT(va, 0x100000ULL);
		ASSERT_EQ(t->b->arena->nr_free, 0ULL);
		mapped = sp->rss;
		ASSERT_EQ(tm_pte(t, sp, va), 0ULL);
		tm_check(t);
		s = tm_touch(t, sp, va, MMLAB_ACC_READ);
		ASSERT_EQ(tm_fault_of(&s), MMLAB_PF_OOM);
		ASSERT_EQ(sp->rss, mapped);
		ASSERT_EQ(mmlab_space_unmap(&t->m, sp, 0, 0x1000), 0);
		s = tm_touch(t, sp, va, MMLAB_ACC_READ);
		ASSERT_EQ(tm_fault_of(&s), MMLAB_PF_ZERO);
		tm_check(t);
		/*
		 * A clone that cannot get its tables (multi-level) or its
		 * entries (inverted: one per frame, and each shared page
		 * needs two): gone, the parent intact.
		 */
		{
			struct mmlab_space *c = NULL;

			ASSERT_EQ(mmlab_space_clone(&t->m, sp, 0, 1, &c),
				  -ENOMEM);
			ASSERT_NULL(c);
			ASSERT_EQ(t->m.nr_spaces, 1U);
			ASSERT_EQ(sp->rss, mapped);
			tm_check(t);
		}
		tm_destroy(t);
		t_unwind(mark);
	}
}

/* The spaces of an owner go when it leaves, persistent ones stay. */
static void mmu_release_owner(void)
{
	struct tm *t = tm_new(256);
	struct mmlab_geom g;
	struct mmlab_space *sp[4];
	unsigned int i;

	ASSERT_EQ(mmlab_geom_parse("x86-64", &g), 0);
	for (i = 0; i < 4; i++) {
		ASSERT_EQ(mmlab_space_create(&t->m, &g,
					     i == 1 ? MMLAB_SPACE_PERSISTENT : 0,
					     i < 3 ? 7 : 8, &sp[i]), 0);
		tm_map(t, sp[i], 0x1000, 0x1000, RW, MMLAB_VMA_DATA, 0);
		tm_touch(t, sp[i], 0x1000, MMLAB_ACC_WRITE);
	}
	ASSERT_EQ(sp[0]->id, 1U);
	ASSERT_EQ(sp[3]->id, 4U);
	ASSERT_EQ(mmlab_mmu_release(&t->m, 7), 2U);
	ASSERT_EQ(t->gone, 2UL);
	ASSERT_EQ(t->m.nr_spaces, 2U);
	ASSERT_PTR_EQ(mmlab_space_find(&t->m, 2), sp[1]);
	ASSERT_NULL(mmlab_space_find(&t->m, 1));
	ASSERT_EQ(t->m.data_frames, 2ULL);
	/* ids are not reused at once */
	ASSERT_EQ(mmlab_space_create(&t->m, &g, 0, 7, &sp[0]), 0);
	ASSERT_EQ(sp[0]->id, 5U);
	{
		struct mmlab_access_stats tot;

		mmlab_mmu_totals(&t->m, &tot);
		ASSERT_EQ(tot.accesses, 4ULL);
		ASSERT_EQ(tot.faults[MMLAB_PF_ZERO], 4ULL);
	}
	tm_check(t);
	tm_destroy(t);
	ASSERT_EQ(t->gone, 5UL);
}

/* The memory usage the interfaces show. */
static void mmu_usage(void)
{
	struct tm *t = tm_new(512);
	struct mmlab_space *a = tm_space(t, "x86-64", 0);
	struct mmlab_space *b = tm_space(t, "x86-64", MMLAB_SPACE_INVERTED);
	struct mmlab_mmu_usage u;
	u64 va;

	tm_map(t, a, 0, 0x10000, RW, MMLAB_VMA_DATA, 0);
	tm_map(t, b, 0, 0x10000, RW, MMLAB_VMA_DATA, 0);
	for (va = 0; va < 0x10000; va += 0x1000) {
		tm_touch(t, a, va, MMLAB_ACC_READ);
		tm_touch(t, b, va, MMLAB_ACC_READ);
	}
	mmlab_mmu_usage(&t->m, &u);
	ASSERT_EQ(u.spaces, 2U);
	ASSERT_EQ(u.data_frames, 32ULL);
	ASSERT_EQ(u.mapped, 32ULL);
	ASSERT_EQ(u.table_frames, 4ULL);	/* a's four levels */
	ASSERT_EQ(u.ipt_used, 16ULL);
	/* one entry per frame of the arena, one anchor per bucket */
	ASSERT_EQ(u.ipt_bytes, 512ULL * sizeof(struct mmlab_ipt_entry) +
			       512ULL * sizeof(u32));
	mmlab_space_destroy(&t->m, b);
	mmlab_mmu_usage(&t->m, &u);
	ASSERT_EQ(u.ipt_bytes, 0ULL);
	tm_check(t);
}

static const struct t_case mmu_cases[] = {
	T_CASE(mmu_demand_zero),
	T_CASE(mmu_data_survives),
	T_CASE(mmu_segv_and_prot),
	T_CASE(mmu_clone_cow),
	T_CASE(mmu_shared_region),
	T_CASE(mmu_grow),
	T_CASE(mmu_split_and_merge),
	T_CASE(mmu_bad_input),
	T_CASE(mmu_region_limit),
	T_CASE(mmu_out_of_frames),
	T_CASE(mmu_release_owner),
	T_CASE(mmu_usage),
};
