// SPDX-License-Identifier: GPL-2.0
/*
 * mmu_random.c - random maps, unmaps, protects, reads, writes, access
 * batches and translations against a naive model (a dictionary: page ->
 * mapped, rights, touched, bytes), on a multi-level space and on an
 * inverted one fed the very same operations. Both must agree with the
 * model on every result, fault and byte; and their translations must be
 * the same up to the naming of frames: the same pages present with the
 * same bits, in frames holding the same bytes, and at the end the frames
 * of the one pair up one to one with those of the other.
 *
 * The geometries are small (20-bit addresses: 256 pages) so that the
 * model is an array and random addresses hit regions often.
 */

#define RM_PAGES	256

struct rm_page {
	bool mapped;
	bool present;
	u32 prot;
};

struct rm {
	struct rm_page pg[RM_PAGES];
	u8 *mem;			/* RM_PAGES * 4096 bytes */
	u64 *bij;			/* multi-level frame -> inverted + 1 */
};

static void rm_free(void *arg)
{
	struct rm *m = arg;

	free(m->mem);
	free(m->bij);
	free(m);
}

static struct rm *rm_new(u64 frames)
{
	struct rm *m = calloc(1, sizeof(*m));

	ASSERT_NOT_NULL(m);
	m->mem = calloc(RM_PAGES, 4096);
	m->bij = calloc(frames, sizeof(*m->bij));
	t_defer(rm_free, m);
	ASSERT_NOT_NULL(m->mem);
	ASSERT_NOT_NULL(m->bij);
	return m;
}

/* What the model says an access of @kind at page @p does. */
static int rm_access(struct rm *m, u64 p, unsigned int kind)
{
	if (!m->pg[p].mapped)
		return MMLAB_PF_SEGV;
	if (!(m->pg[p].prot & access_right[kind]))
		return MMLAB_PF_PROT;
	if (!m->pg[p].present) {
		m->pg[p].present = true;
		return MMLAB_PF_ZERO;
	}
	return -1;
}

/* Can [va, va + len) be accessed with @right? Else the first bad va. */
static bool rm_rw_ok(const struct rm *m, u64 va, u64 len, u32 right,
		     u64 *fva)
{
	u64 p;

	for (p = va >> 12; p <= (va + len - 1) >> 12; p++) {
		if (!m->pg[p].mapped || !(m->pg[p].prot & right)) {
			*fva = max(p << 12, va);
			return false;
		}
	}
	return true;
}

/*
 * @va translates alike in both spaces and as the model says: present or
 * not, the same bits, frames holding the model's bytes. With @bij, the
 * frames must also pair up one to one across the calls that share it.
 */
static void rm_frames_agree(struct tm *t[2], struct mmlab_space *sp[2],
			    struct rm *m, u64 va, bool bij)
{
	struct mmlab_translation x[2];
	unsigned int k;

	for (k = 0; k < 2; k++)
		ASSERT_EQ(mmlab_mmu_translate(&t[k]->m, sp[k], va, &x[k]), 0);
	ASSERT_EQ(x[0].present, m->pg[va >> 12].present);
	ASSERT_EQ(x[1].present, x[0].present);
	if (!x[0].present)
		return;
	ASSERT_EQ(x[0].pte & MMLAB_PTE_FLAGS, x[1].pte & MMLAB_PTE_FLAGS);
	for (k = 0; k < 2; k++)
		ASSERT_EQ(memcmp(mmlab_arena_frame_mem(t[k]->b->arena,
						       x[k].frame),
				 m->mem + (va & ~0xfffULL), 4096), 0);
	if (!bij)
		return;
	ASSERT_EQ(m->bij[x[0].frame], 0ULL);
	m->bij[x[0].frame] = x[1].frame + 1;
	for (k = 0; k < 512; k++)
		if (k != x[0].frame)
			ASSERT_NE(m->bij[k], x[1].frame + 1);
}

static void rm_run(const char *geom)
{
	struct tm *t[2] = { tm_new(512), tm_new(512) };
	struct mmlab_space *sp[2] = {
		tm_space(t[0], geom, 0),
		tm_space(t[1], geom, MMLAB_SPACE_INVERTED),
	};
	unsigned long n = t_iterations(3000), i;
	static u8 buf[6000], got[6000];
	struct rm *m = rm_new(512);
	u64 p, np, q, va, len, fva, want_fva, refs[64];
	struct mmlab_access_stats s[2];
	unsigned int k, r, nr, kind;
	u64 want[MMLAB_PF_NR];
	int err, wr;
	u32 prot, bad;

	ASSERT_EQ(sp[0]->geom.va_bits, 20U);
	for (i = 0; i < n; i++) {
		r = t_rand_below(100);
		p = t_rand_below(RM_PAGES);
		np = 1 + t_rand_below(min_t(u64, 16, RM_PAGES - p));
		prot = t_rand_below(8) << 1;
		if (r < 15) {			/* map */
			struct mmlab_map_req req = {
				.start = p << 12, .len = np << 12, .prot = prot,
				.kind = t_rand_below(MMLAB_VMA_SHARED),
			};

			wr = 0;
			for (q = p; q < p + np; q++)
				if (m->pg[q].mapped)
					wr = -EEXIST;
			for (k = 0; k < 2; k++)
				ASSERT_EQ(mmlab_space_map(&t[k]->m, sp[k], &req,
							  NULL), wr);
			for (q = p; q < p + np && !wr; q++) {
				m->pg[q] = (struct rm_page){ true, false, prot };
				memset(m->mem + (q << 12), 0, 4096);
			}
		} else if (r < 22) {		/* unmap */
			for (k = 0; k < 2; k++)
				ASSERT_EQ(mmlab_space_unmap(&t[k]->m, sp[k],
							    p << 12, np << 12), 0);
			for (q = p; q < p + np; q++)
				m->pg[q] = (struct rm_page){ 0 };
		} else if (r < 30) {		/* protect */
			wr = 0;
			for (q = p; q < p + np; q++)
				if (!m->pg[q].mapped)
					wr = -EFAULT;
			for (k = 0; k < 2; k++)
				ASSERT_EQ(mmlab_space_protect(&t[k]->m, sp[k],
							      p << 12, np << 12,
							      prot), wr);
			for (q = p; q < p + np && !wr; q++)
				m->pg[q].prot = prot;
		} else if (r < 55) {		/* write or read bytes */
			bool write = r < 43;

			va = t_rand_below(RM_PAGES << 12);
			len = 1 + t_rand_below(min_t(u64, sizeof(buf),
						     (RM_PAGES << 12) - va));
			for (q = 0; q < len; q++)
				buf[q] = (u8)t_rand();
			wr = rm_rw_ok(m, va, len, write ? MMLAB_PTE_W : MMLAB_PTE_R,
				      &want_fva) ? 0 : -EFAULT;
			for (k = 0; k < 2; k++) {
				fva = 0;
				err = mmlab_mmu_rw(&t[k]->m, sp[k], va,
						   write ? buf : got, len, write,
						   &fva);
				ASSERT_EQ(err, wr);
				if (err)
					ASSERT_EQ(fva, want_fva);
				else if (!write)
					ASSERT_EQ(memcmp(got, m->mem + va, len), 0);
			}
			if (wr)
				continue;
			for (q = va >> 12; q <= (va + len - 1) >> 12; q++)
				m->pg[q].present = true;
			if (write)
				memcpy(m->mem + va, buf, len);
		} else if (r < 85) {		/* an access batch */
			nr = 1 + t_rand_below(ARRAY_SIZE(refs));
			memset(want, 0, sizeof(want));
			for (q = 0; q < nr; q++) {
				kind = t_rand_below(MMLAB_ACC_NR);
				va = t_rand_below(RM_PAGES << 12);
				refs[q] = mmlab_ref(va, kind);
				wr = rm_access(m, va >> 12, kind);
				if (wr >= 0)
					want[wr]++;
			}
			for (k = 0; k < 2; k++) {
				memset(&s[k], 0, sizeof(s[k]));
				ASSERT_EQ(mmlab_mmu_access(&t[k]->m, sp[k], refs,
							   nr, &s[k], &bad), 0);
				ASSERT_EQ(s[k].accesses, (u64)nr);
				ASSERT_EQ(memcmp(s[k].faults, want, sizeof(want)),
					  0);
			}
			/* the same TLB in both: the same hits */
			ASSERT_EQ(s[0].tlb_hits, s[1].tlb_hits);
		} else {			/* translate */
			rm_frames_agree(t, sp, m, p << 12 |
					t_rand_below(4096), false);
		}
		if (i % 64 == 63 || t_verbose()) {
			for (k = 0; k < 2; k++) {
				tm_check(t[k]);
				ASSERT_EQ(sp[k]->rss, sp[0]->rss);
			}
		}
	}
	for (p = 0; p < RM_PAGES; p++)
		rm_frames_agree(t, sp, m, p << 12, true);
	for (k = 0; k < 2; k++) {
		tm_check(t[k]);
		tm_destroy(t[k]);
	}
}

static void mmu_random_two_levels(void)
{
	rm_run("4/4/12");
}

static void mmu_random_four_levels(void)
{
	rm_run("2/2/2/2/12");
}

static void mmu_random_five_levels(void)
{
	rm_run("1/2/2/2/1/12");
}

static const struct t_case mmu_random_cases[] = {
	T_CASE(mmu_random_two_levels),
	T_CASE(mmu_random_four_levels),
	T_CASE(mmu_random_five_levels),
};
