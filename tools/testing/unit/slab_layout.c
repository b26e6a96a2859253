// SPDX-License-Identifier: GPL-2.0
/*
 * slab_layout.c - slab geometry: the kernel's kmalloc shapes, alignment,
 * the debug metadata's place, coloring, the invariants over a sweep of
 * sizes and flags, and bad requests.
 */

static struct mmlab_slab_layout layout_of(u32 size, u32 align, u32 flags,
					  u32 cpus)
{
	struct mmlab_slab_layout_req req = {
		.object_size = size, .align = align, .flags = flags,
		.nr_cpus = cpus, .page_shift = 12,
	};
	struct mmlab_slab_layout l;

	ASSERT_EQ(mmlab_slab_layout(&req, &l), 0);
	return l;
}

/*
 * The kmalloc caches of /proc/slabinfo on a 2-CPU x86-64 guest: objects
 * per slab and pages per slab, as read in the 6.12 test VM booted with
 * MMLAB_VM_CMDLINE=slub_debug=- (its default slub_debug=FZPU adds debug
 * metadata). Bigger machines take larger slabs (kmalloc-256: 32 objects
 * in 2 pages with 64 CPUs, by mm/slub.c's rule).
 */
static void slab_kmalloc_shapes(void)
{
	static const struct {
		u32 size, objects, order, cpus;
	} want[] = {
		{ 8, 512, 0, 2 }, { 16, 256, 0, 2 }, { 32, 128, 0, 2 },
		{ 64, 64, 0, 2 }, { 96, 42, 0, 2 }, { 128, 32, 0, 2 },
		{ 192, 21, 0, 2 }, { 256, 16, 0, 2 }, { 512, 16, 1, 2 },
		{ 1024, 16, 2, 2 }, { 2048, 16, 3, 2 }, { 4096, 8, 3, 2 },
		{ 8192, 4, 3, 2 },
		{ 256, 32, 1, 64 }, { 1024, 32, 3, 64 }, { 512, 32, 2, 8 },
	};
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(want); i++) {
		struct mmlab_slab_layout l = layout_of(want[i].size, 0, 0,
						       want[i].cpus);

		t_variant("kmalloc-%u, %u CPUs", want[i].size, want[i].cpus);
		ASSERT_EQ(l.stride, want[i].size);
		ASSERT_EQ(l.objects, want[i].objects);
		ASSERT_EQ(l.order, want[i].order);
		ASSERT_EQ(l.red_left, 0U);
		ASSERT_EQ(l.free_offset, want[i].size / 2 & ~7U);
	}
	/* kmalloc-96: 64 bytes left over, room for two colors */
	ASSERT_EQ(layout_of(96, 0, 0, 2).waste, 64U);
	ASSERT_EQ(layout_of(96, 0, 0, 2).colors, 2U);
	ASSERT_EQ(layout_of(64, 0, 0, 2).colors, 1U);
	/* too big for an order-3 slab: a slab of its own size */
	ASSERT_EQ(layout_of(100000, 0, 0, 2).order, 5U);
	ASSERT_EQ(layout_of(100000, 0, 0, 2).objects, 1U);
	ASSERT_EQ(layout_of(MMLAB_SLAB_MAX_SIZE, 0, 0, 2).order, 8U);
}

/* Words by default; a cache line's fraction for HWCACHE_ALIGN; as asked. */
static void slab_alignment(void)
{
	ASSERT_EQ(layout_of(1, 0, 0, 2).stride, 8U);
	ASSERT_EQ(layout_of(20, 0, 0, 2).stride, 24U);
	ASSERT_EQ(layout_of(20, 0, MMLAB_SLAB_HWCACHE_ALIGN, 2).align, 32U);
	ASSERT_EQ(layout_of(20, 0, MMLAB_SLAB_HWCACHE_ALIGN, 2).stride, 32U);
	ASSERT_EQ(layout_of(100, 0, MMLAB_SLAB_HWCACHE_ALIGN, 2).stride, 128U);
	ASSERT_EQ(layout_of(100, 256, 0, 2).stride, 256U);
	ASSERT_EQ(layout_of(100, 4, 0, 2).align, 8U);
}

/*
 * The debug metadata: red zones on both sides, the free pointer after the
 * object when its bytes must be kept (poison, constructor), inside it
 * otherwise.
 */
static void slab_debug_metadata(void)
{
	struct mmlab_slab_layout l;

	l = layout_of(64, 0, MMLAB_SLAB_RED_ZONE | MMLAB_SLAB_POISON, 2);
	ASSERT_EQ(l.red_left, 8U);
	ASSERT_EQ(l.inuse, 8U + 64 + 8);
	ASSERT_EQ(l.free_offset, 8U + 64 + 8);
	ASSERT_EQ(l.stride, 8U + 64 + 8 + 8 + 8);
	l = layout_of(64, 0, MMLAB_SLAB_RED_ZONE, 2);
	ASSERT_EQ(l.free_offset, 8U + 32);
	ASSERT_EQ(l.stride, 8U + 64 + 8 + 8);
	l = layout_of(64, 0, MMLAB_SLAB_POISON, 2);
	ASSERT_EQ(l.free_offset, 64U);
	ASSERT_EQ(l.stride, 72U);
	l = layout_of(60, 0, MMLAB_SLAB_CTOR, 2);
	ASSERT_EQ(l.free_offset, 64U);
	/* word padding serves as the right red zone */
	l = layout_of(60, 0, MMLAB_SLAB_RED_ZONE, 2);
	ASSERT_EQ(l.inuse, 8U + 64);
	/* the left red zone keeps the object aligned */
	l = layout_of(100, 128, MMLAB_SLAB_RED_ZONE, 2);
	ASSERT_EQ(l.red_left, 128U);
	ASSERT_EQ(l.stride % 128, 0U);
}

/* Every layout of a sweep keeps the invariants of slab_layout.c. */
static void slab_layout_invariants(void)
{
	static const u32 aligns[] = { 0, 8, 16, 64, 512, 4096 };
	u32 size, flags, a, cpus;

	for (size = 1; size <= 70000; size += size < 300 ? 1 : 997)
		for (flags = 0; flags <= MMLAB_SLAB_FLAGS; flags++)
			for (a = 0; a < ARRAY_SIZE(aligns); a++)
				for (cpus = 1; cpus <= 256; cpus *= 16) {
					struct mmlab_slab_layout l =
						layout_of(size, aligns[a],
							  flags, cpus);
					u64 slab = 4096ULL << l.order;

					t_variant("size %u align %u flags %#x cpus %u",
						  size, aligns[a], flags, cpus);
					ASSERT_GE(l.objects, 1U);
					ASSERT_EQ((u64)l.objects * l.stride +
						  l.waste, slab);
					ASSERT_LE((u64)l.waste, slab / 2);
					ASSERT_EQ(l.stride % l.align, 0U);
					ASSERT_GE(l.align, 8U);
					ASSERT_LE(l.red_left + size, l.inuse);
					ASSERT_LE(l.free_offset + 8, l.stride);
					ASSERT_GE(l.free_offset, l.red_left);
					if (flags & (MMLAB_SLAB_POISON |
						     MMLAB_SLAB_CTOR))
						ASSERT_GE(l.free_offset,
							  l.red_left + size);
					/* the free pointer is off the red zones */
					if (flags & MMLAB_SLAB_RED_ZONE)
						ASSERT_TRUE(l.free_offset + 8 <=
							    l.red_left + size ||
							    l.free_offset >= l.inuse);
					ASSERT_EQ(l.colors,
						  l.waste / (l.align > 64 ?
							     l.align : 64) + 1);
				}
}

static void slab_layout_bad(void)
{
	static const struct mmlab_slab_layout_req bad[] = {
		{ 0, 0, 0, 2, 12, 0 },
		{ MMLAB_SLAB_MAX_SIZE + 1, 0, 0, 2, 12, 0 },
		{ 64, 24, 0, 2, 12, 0 },
		{ 64, 8192, 0, 2, 12, 0 },
		{ 64, 0, 0x10, 2, 12, 0 },
		{ 64, 0, 0, 0, 12, 0 },
		{ 64, 0, 0, 2, 11, 0 },
		{ 64, 0, 0, 2, 17, 0 },
	};
	struct mmlab_slab_layout l = { .stride = 12345 };
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		t_variant("bad request %u", i);
		ASSERT_EQ(mmlab_slab_layout(&bad[i], &l), -EINVAL);
		ASSERT_EQ(l.stride, 12345U);
	}
}

/*
 * A small arena: slabs stay within its largest block (fewer objects a
 * slab), and an object that does not fit in one is refused with -E2BIG,
 * the layout untouched.
 */
static void slab_layout_small_arena(void)
{
	struct mmlab_slab_layout_req req = {
		.object_size = 8192, .nr_cpus = 2, .page_shift = 12,
	};
	struct mmlab_slab_layout l = { .stride = 12345 };

	ASSERT_EQ(mmlab_slab_layout(&req, &l), 0);	/* kmalloc-8k */
	ASSERT_EQ(l.order, 3U);
	ASSERT_EQ(l.objects, 4U);
	req.orders = 2;					/* max order 1 */
	ASSERT_EQ(mmlab_slab_layout(&req, &l), 0);
	ASSERT_EQ(l.order, 1U);
	ASSERT_EQ(l.objects, 1U);
	req.orders = 1;					/* one frame */
	l.stride = 12345;
	ASSERT_EQ(mmlab_slab_layout(&req, &l), -E2BIG);
	ASSERT_EQ(l.stride, 12345U);
	req.object_size = 64;				/* kmalloc-64 */
	ASSERT_EQ(mmlab_slab_layout(&req, &l), 0);
	ASSERT_EQ(l.order, 0U);
	ASSERT_EQ(l.objects, 64U);
	/* an object above SLUB's max order still gets a slab of its own */
	req.object_size = 40000;
	req.orders = 11;
	ASSERT_EQ(mmlab_slab_layout(&req, &l), 0);
	ASSERT_EQ(l.order, 4U);
	ASSERT_EQ(l.objects, 1U);
}

static const struct t_case slab_layout_cases[] = {
	T_CASE(slab_layout_small_arena),
	T_CASE(slab_kmalloc_shapes),
	T_CASE(slab_alignment),
	T_CASE(slab_debug_metadata),
	T_CASE(slab_layout_invariants),
	T_CASE(slab_layout_bad),
};
