// SPDX-License-Identifier: GPL-2.0
/*
 * handle_fit.c - the handle table over the fit allocator: switching the
 * arena between the buddy and the fit allocator, partitions by handle,
 * the textbook placement of each policy, block walks.
 */

/* Allocate one partition of @frames frames for @owner; its first frame. */
static u64 part(struct mmlab_handles *h, u64 frames, u32 owner, u64 *id)
{
	struct mmlab_handle_req req = {
		.requested = frames << MMLAB_PAGE_SHIFT, .count = 1,
		.owner = owner,
	};
	u64 frame;

	ASSERT_EQ(mmlab_handles_alloc(h, &req, id, &frame), 0);
	return frame;
}

static int part_try(struct mmlab_handles *h, u64 frames, u64 *frame)
{
	struct mmlab_handle_req req = {
		.requested = frames << MMLAB_PAGE_SHIFT, .count = 1,
	};
	u64 id;

	return mmlab_handles_alloc(h, &req, &id, frame);
}

/*
 * The arena goes to the fit allocator only while nothing is allocated,
 * and comes back to the buddy exactly as it was: same free lists.
 */
static void fit_switch(void)
{
	struct mmlab_handles *h = handles_new(67, 6, MMLAB_PCP_OFF);
	struct mmlab_handle_req req = { .order = 1, .mt = 1, .count = 1 };
	u64 id, frame;
	char before[1024];
	unsigned int bad;

	snprintf(before, sizeof(before), "%s", free_lists(h->buddy));
	ASSERT_STR_EQ(before, "0:[66] 1:[64] 6:[0]");
	ASSERT_EQ(mmlab_handles_alloc(h, &req, &id, &frame), 0);
	ASSERT_EQ(mmlab_handles_use_fit(h, MMLAB_FIT_BEST, 0), -EBUSY);
	ASSERT_FALSE(mmlab_handles_fit_on(h));
	ASSERT_EQ(mmlab_handles_check(h, &id, 1, 0, &bad), 0);
	mmlab_handles_free(h, &id, 1, 0);
	ASSERT_STR_EQ(free_lists(h->buddy), before);

	ASSERT_EQ(mmlab_handles_use_fit(h, MMLAB_FIT_NR_POLICIES, 0), -EINVAL);
	ASSERT_FALSE(mmlab_handles_fit_on(h));
	shim_kv_fail_nth(1);
	ASSERT_EQ(mmlab_handles_use_fit(h, MMLAB_FIT_BEST, 0), -ENOMEM);
	shim_kv_fail_nth(0);
	ASSERT_FALSE(mmlab_handles_fit_on(h));
	ASSERT_STR_EQ(free_lists(h->buddy), before);

	ASSERT_EQ(mmlab_handles_use_fit(h, MMLAB_FIT_BEST, 0), 0);
	ASSERT_TRUE(mmlab_handles_fit_on(h));
	handles_ok(h);
	/* the buddy lent everything, as the blocks its lists held */
	ASSERT_EQ(h->buddy->nr_free, 0ULL);
	ASSERT_STR_EQ(free_lists(h->buddy), "");
	ASSERT_EQ(h->buddy->order_stats[6].allocs, 1ULL);
	ASSERT_EQ(h->buddy->order_stats[1].allocs, 2ULL);
	ASSERT_EQ(h->buddy->order_stats[0].allocs, 1ULL);
	ASSERT_EQ(h->fit.nr_units, 67U);
	ASSERT_TRUE(h->fit.policy == MMLAB_FIT_BEST);
	/* mmlab's own blocks have nowhere to come from */
	req.count = 1;
	ASSERT_EQ(mmlab_buddy_alloc(h->buddy, 0, 0, 0, 0, MMLAB_TAG_KERNEL,
				    &frame), -ENOMEM);

	/* empty: the policy changes in place; in use: no change at all */
	ASSERT_EQ(mmlab_handles_use_fit(h, MMLAB_FIT_NEXT, 0), 0);
	ASSERT_TRUE(h->fit.policy == MMLAB_FIT_NEXT);
	ASSERT_EQ(part(h, 40, 1, &id), 0ULL);
	ASSERT_EQ(mmlab_handles_use_fit(h, MMLAB_FIT_WORST, 0), -EBUSY);
	ASSERT_EQ(mmlab_handles_use_fit(h, MMLAB_FIT_NEXT, 0), 0);
	ASSERT_EQ(mmlab_handles_use_buddy(h, 0), -EBUSY);
	ASSERT_TRUE(h->fit.policy == MMLAB_FIT_NEXT);
	handles_ok(h);
	mmlab_handles_free(h, &id, 1, 0);

	ASSERT_EQ(mmlab_handles_use_buddy(h, 0), 0);
	ASSERT_FALSE(mmlab_handles_fit_on(h));
	ASSERT_STR_EQ(free_lists(h->buddy), before);
	ASSERT_EQ(mmlab_handles_use_buddy(h, 0), 0);
	handles_ok(h);
}

/*
 * Order-0 frames the buddy hands out through a per-CPU list are lent
 * too, and a switch back leaves no frame parked on one.
 */
static void fit_switch_pcp(void)
{
	struct mmlab_handles *h = handles_new(67, 6, 4);
	char before[1024];

	snprintf(before, sizeof(before), "%s", free_lists(h->buddy));
	ASSERT_EQ(mmlab_handles_use_fit(h, MMLAB_FIT_FIRST, 1), 0);
	handles_ok(h);
	ASSERT_EQ(h->buddy->nr_pcp, 0ULL);
	ASSERT_EQ(mmlab_handles_use_buddy(h, 1), 0);
	ASSERT_EQ(h->buddy->nr_pcp, 0ULL);
	ASSERT_STR_EQ(free_lists(h->buddy), before);
	handles_ok(h);
}

/*
 * The memory of Silberschatz's exercise (holes of 100K, 500K, 200K, 300K
 * and 600K, in that order; requests of 212K, 417K, 112K and 426K), with
 * 10K as one frame: where each policy puts each request, and which
 * request finds no hole.
 */
static void fit_textbook(void)
{
	static const u64 holes[] = { 10, 50, 20, 30, 60 };
	static const u64 asks[] = { 21, 42, 11, 43 };
	/* 0: no hole big enough */
	static const u64 want[MMLAB_FIT_NR_POLICIES][4] = {
		[MMLAB_FIT_FIRST] = { 11, 114, 32, 0 },
		[MMLAB_FIT_NEXT] = { 11, 114, 156, 0 },
		[MMLAB_FIT_BEST] = { 83, 11, 62, 114 },
		[MMLAB_FIT_WORST] = { 114, 11, 135, 0 },
		[MMLAB_FIT_QUICK] = { 114, 11, 135, 0 },
	};
	unsigned int p, i;

	for (p = 0; p < MMLAB_FIT_NR_POLICIES; p++) {
		struct mmlab_handles *h = handles_new(256, 8,
							  MMLAB_PCP_OFF);
		u64 ids[5], id, at = 0, frame;

		ASSERT_EQ(mmlab_handles_use_fit(h, p, 0), 0);
		for (i = 0; i < 5; i++) {
			ASSERT_EQ(part(h, holes[i], 1, &ids[i]), at);
			ASSERT_EQ(part(h, 1, 1, &id), at + holes[i]);
			at += holes[i] + 1;
		}
		ASSERT_EQ(part(h, 256 - at, 1, &id), at);
		mmlab_handles_free(h, ids, 5, 0);
		for (i = 0; i < 4; i++) {
			int err = part_try(h, asks[i], &frame);

			if (!want[p][i]) {
				ASSERT_EQ(err, -ENOMEM);
				/* enough frames, no hole: fragmentation */
				ASSERT_EQ(h->fit.ev.fail_frag, 1ULL);
				continue;
			}
			ASSERT_EQ(err, 0);
			ASSERT_EQ(frame, want[p][i]);
		}
		handles_ok(h);
	}
}

/*
 * Partitions are whole frames: what a request leaves unused of its last
 * frame is internal fragmentation. A batch is all or nothing, and a
 * socket's close frees its partitions only.
 */
static void fit_partitions(void)
{
	struct mmlab_handles *h = handles_new(64, 6, MMLAB_PCP_OFF);
	struct mmlab_handle_req req = { .requested = 34 << 10, .count = 5,
					.owner = 2 };
	u64 ids[5], frames[5], id;

	ASSERT_EQ(mmlab_handles_use_fit(h, MMLAB_FIT_FIRST, 0), 0);
	ASSERT_EQ(mmlab_handles_req_frames(&req), 9ULL);
	ASSERT_EQ(mmlab_handles_alloc(h, &req, ids, frames), 0);
	ASSERT_EQ(frames[4], 36ULL);
	ASSERT_EQ(mmlab_handles_internal_frag(h), 5ULL * (2 << 10));
	handles_ok(h);

	/* 3 more fit, not 4: nothing is taken */
	req.count = 4;
	ASSERT_EQ(mmlab_handles_alloc(h, &req, ids, frames), -ENOMEM);
	ASSERT_EQ(h->fit.free_units, 64U - 45U);
	ASSERT_EQ(h->fit.nr_holes, 1U);
	ASSERT_EQ(h->live, 5U);
	ASSERT_EQ(h->fit.ev.failures, 1ULL);
	ASSERT_EQ(h->fit.ev.fail_frag, 0ULL);	/* 1 frame left for 9 */
	handles_ok(h);

	/* by order: 2^order frames, all of them asked for */
	req.requested = 0;
	req.order = 2;
	req.count = 1;
	req.owner = 3;
	ASSERT_EQ(mmlab_handles_alloc(h, &req, &id, frames), 0);
	ASSERT_EQ(frames[0], 45ULL);
	ASSERT_EQ(h->slots[id_slot(id)].frames, 4U);
	ASSERT_EQ(mmlab_handles_internal_frag(h), 5ULL * (2 << 10));

	ASSERT_EQ(mmlab_handles_release(h, 2, 0), 5U);
	ASSERT_EQ(h->live, 1U);
	ASSERT_EQ(h->fit.free_units, 60U);
	ASSERT_EQ(mmlab_handles_internal_frag(h), 0ULL);
	handles_ok(h);
	ASSERT_EQ(mmlab_handles_release(h, 3, 0), 1U);
	ASSERT_EQ(h->fit.nr_holes, 1U);
	ASSERT_EQ(mmlab_handles_use_buddy(h, 0), 0);
	handles_ok(h);
}

/*
 * A walk by mmlab_handles_block() tiles the arena with the allocator's
 * blocks, names each partition's handle, and finds a block's head from
 * any of its frames.
 */
static void fit_block_walk(void)
{
	struct mmlab_handles *h = handles_new(32, 5, MMLAB_PCP_OFF);
	struct mmlab_block_info bi;
	struct mmlab_frag_info fi;
	u64 a, b, f, seen = 0;
	unsigned int blocks = 0;

	/* under the buddy: its blocks, orders and types */
	ASSERT_EQ(mmlab_handles_block(h, 7, &bi), 0);
	ASSERT_EQ(bi.head, 0ULL);
	ASSERT_EQ(bi.frames, 32ULL);
	ASSERT_EQ(bi.order, 5);
	ASSERT_EQ(bi.state, (unsigned int)MMLAB_FRAME_FREE);
	ASSERT_EQ(bi.slot, -1LL);
	ASSERT_EQ(mmlab_handles_block(h, 32, &bi), -EINVAL);

	ASSERT_EQ(mmlab_handles_use_fit(h, MMLAB_FIT_FIRST, 0), 0);
	part(h, 3, 1, &a);
	part(h, 5, 1, &b);
	mmlab_handles_free(h, &a, 1, 0);
	for (f = 0; f < 32; f = bi.head + bi.frames) {
		ASSERT_EQ(mmlab_handles_block(h, f, &bi), 0);
		ASSERT_EQ(bi.head, f);
		ASSERT_EQ(bi.order, -1);
		seen += bi.frames;
		blocks++;
	}
	ASSERT_EQ(seen, 32ULL);
	ASSERT_EQ(blocks, 3U);
	ASSERT_EQ(mmlab_handles_block(h, 6, &bi), 0);
	ASSERT_EQ(bi.head, 3ULL);
	ASSERT_EQ(bi.frames, 5ULL);
	ASSERT_EQ(bi.state, (unsigned int)MMLAB_FRAME_USED);
	ASSERT_EQ(bi.requested, 5U << MMLAB_PAGE_SHIFT);
	ASSERT_EQ(mmlab_handles_id(h, bi.slot), b);
	ASSERT_EQ(mmlab_handles_block(h, 1, &bi), 0);
	ASSERT_EQ(bi.state, (unsigned int)MMLAB_FRAME_FREE);
	ASSERT_EQ(bi.slot, -1LL);
	ASSERT_EQ(mmlab_handles_block(h, 32, &bi), -EINVAL);

	/* holes of 3 and 24 frames serve 0 + 6 requests of 4, unaligned */
	mmlab_fit_frag_info(&h->fit, 2, &fi);
	ASSERT_EQ(fi.free_pages, 27ULL);
	ASSERT_EQ(fi.free_blocks_total, 2ULL);
	ASSERT_EQ(fi.free_blocks_suitable, 6ULL);
	mmlab_fit_frag_info(&h->fit, 5, &fi);
	ASSERT_EQ(fi.free_blocks_suitable, 0ULL);
	ASSERT_EQ(mmlab_extfrag_index(5, &fi), 1000 - (1000 + 27 * 1000 / 32) / 2);
}

/* validate() sees a partition lost by its handle, and a frame the buddy kept. */
static void fit_validate_catches(void)
{
	struct mmlab_handles *h = handles_new(16, 4, MMLAB_PCP_OFF);
	u64 id, frame;

	ASSERT_EQ(mmlab_handles_use_fit(h, MMLAB_FIT_FIRST, 0), 0);
	frame = part(h, 4, 1, &id);
	ASSERT_EQ(mmlab_fit_set_owner(&h->fit, frame, 7), 0);
	ASSERT_EQ(mmlab_handles_validate(h), 1U);
	ASSERT_EQ(mmlab_fit_set_owner(&h->fit, frame, id_slot(id)), 0);
	ASSERT_EQ(mmlab_fit_set_owner(&h->fit, frame + 1, 0), -EINVAL);
	ASSERT_EQ(mmlab_handles_validate(h), 0U);
	h->fit_requested++;
	ASSERT_EQ(mmlab_handles_validate(h), 1U);
	h->fit_requested--;
	h->buddy->nr_free++;
	ASSERT_EQ(mmlab_handles_validate(h), 1U);
	h->buddy->nr_free--;
	handles_ok(h);
}

static const struct t_case handle_fit_cases[] = {
	T_CASE(fit_switch),
	T_CASE(fit_switch_pcp),
	T_CASE(fit_textbook),
	T_CASE(fit_partitions),
	T_CASE(fit_block_walk),
	T_CASE(fit_validate_catches),
};
