// SPDX-License-Identifier: GPL-2.0
/*
 * fit_validate.c - mmlab_fit_validate() against corrupted allocators.
 *
 * Each case breaks one invariant of a sound allocator on purpose, checks
 * that validate() counts exactly the violations expected (each reported
 * once, so the count and the reports agree) and that the reports name
 * them, then puts the state back and expects 0. They start from this
 * allocator of 24 units:
 *
 *   0       4     7 8           14   16              24
 *   +-------+-----+-+-----------+----+---------------+
 *   |###4###|..3..|#|.....6.....|##2#|.......8.......|
 *   +-------+-----+-+-----------+----+---------------+
 *
 * with list 0 = 4, 8, 16 (first and next fit), or lists 3 = { 4 },
 * 6 = { 8 }, 8 = { 16 } (quick fit).
 */

#define VAL_TAIL	MMLAB_FIT_TAG_TAIL
#define VAL_HEAD	MMLAB_FIT_TAG_HEAD

static const u32 val_sizes[] = { 4, 3, 1, 6, 2, 8 };
static const bool val_holes[] = { 0, 1, 0, 1, 0, 1 };

/* The reports since the last reset name every one of @needles. */
static void fit_expect_reports(unsigned int count, const char *const *needles)
{
	ASSERT_EQ(shim.reports, (unsigned long)count);
	for (; *needles; needles++)
		ASSERT_CONTAINS(shim.report_log, *needles);
}

/*
 * Break the allocator (under @policy) with @corrupt, expect @count
 * violations naming @needles (NULL-terminated), put it back, expect none.
 */
static void fit_check_corruption(enum mmlab_fit_policy policy,
				 void (*corrupt)(struct mmlab_fit *fit),
				 unsigned int count,
				 const char *const *needles)
{
	struct mmlab_fit *fit = fit_new(24, policy);
	struct fit_snap *snap;

	fit_layout(fit, val_sizes, val_holes, ARRAY_SIZE(val_sizes), NULL);
	snap = fit_snap_take(fit);
	shim_report_reset();
	corrupt(fit);
	ASSERT_EQ(mmlab_fit_validate(fit), count);
	fit_expect_reports(count, needles);
	fit_snap_restore(snap, fit);
	shim_report_reset();
	ASSERT_EQ(mmlab_fit_validate(fit), 0U);
	ASSERT_EQ(shim.reports, 0UL);
}

#define FIT_CORRUPTION_CASE(name, policy, count, ...)			\
	static void name(void)						\
	{								\
		static const char *const needles[] = { __VA_ARGS__, NULL }; \
									\
		fit_check_corruption(policy, corrupt_##name, count,	\
				     needles);				\
	}

/* An inner unit of the 6-unit hole tagged. Expect 1 violation. */
static void corrupt_val_inner_tag(struct mmlab_fit *fit)
{
	fit->units[10].tag = 5;
}

FIT_CORRUPTION_CASE(val_inner_tag, MMLAB_FIT_FIRST, 1,
		    "block at 8: inner unit 10 has tag 0x5")

/* The 3-unit hole's tail says 2. Expect 1 violation. */
static void corrupt_val_tail_size(struct mmlab_fit *fit)
{
	fit->units[6].tag = 2 | VAL_TAIL;
}

FIT_CORRUPTION_CASE(val_tail_size, MMLAB_FIT_FIRST, 1,
		    "block at 4: tail tag 0x20000002 at 6, expected 0x20000003")

/* The first block's tail says free, its head allocated. Expect 1. */
static void corrupt_val_tail_state(struct mmlab_fit *fit)
{
	fit->units[3].tag = 4 | VAL_TAIL;
}

FIT_CORRUPTION_CASE(val_tail_state, MMLAB_FIT_NEXT, 1,
		    "block at 0: tail tag 0x20000004 at 3, expected 0xa0000004")

/*
 * The unit at 7 made a hole by hand, without merging, with every list
 * and count updated to match:
 *
 *   |###4###|..3..|.|.....6.....|##2#|.......8.......|
 *
 * Expect 2 violations: 4 and 7 adjacent, 7 and 8 adjacent.
 */
static void corrupt_val_adjacent(struct mmlab_fit *fit)
{
	fit->units[7].tag = 1 | VAL_HEAD | VAL_TAIL;
	fit_list_link(fit, 0, 4, 8, 7);
	fit->nr_holes++;
	fit->free_units++;
	fit->nr_used--;
}

FIT_CORRUPTION_CASE(val_adjacent, MMLAB_FIT_BEST, 2,
		    "holes at 4 and 7 are adjacent",
		    "holes at 7 and 8 are adjacent")

/* Hole 8 links back to 16 instead of 4. Expect 1 violation. */
static void corrupt_val_prev_link(struct mmlab_fit *fit)
{
	fit->units[8].prev = 16;
}

FIT_CORRUPTION_CASE(val_prev_link, MMLAB_FIT_FIRST, 1,
		    "list 0: hole 8 links back to 16, expected 4")

/*
 * List 0 relinked as 4, 16, 8, consistently both ways. Expect 1
 * violation: not in address order.
 */
static void corrupt_val_order(struct mmlab_fit *fit)
{
	fit->units[4].next = 16;
	fit->units[16].prev = 4;
	fit->units[16].next = 8;
	fit->units[8].prev = 16;
	fit->units[8].next = MMLAB_FIT_NONE;
	fit->lists[0].tail = 8;
}

FIT_CORRUPTION_CASE(val_order, MMLAB_FIT_WORST, 1,
		    "list 0: hole 8 after hole 16")

/* Quick fit: list 6's count off by one. Expect 1 violation. */
static void corrupt_val_quick_count(struct mmlab_fit *fit)
{
	fit->lists[6].count = 2;
}

FIT_CORRUPTION_CASE(val_quick_count, MMLAB_FIT_QUICK, 1,
		    "list 6: count 2, 1 holes on it")

/* List 0's count off by one. Expect 1 violation. */
static void corrupt_val_count(struct mmlab_fit *fit)
{
	fit->lists[0].count++;
}

FIT_CORRUPTION_CASE(val_count, MMLAB_FIT_FIRST, 1,
		    "list 0: count 4, 3 holes on it")

/* List 0's tail at 8 instead of 16. Expect 1 violation. */
static void corrupt_val_tail(struct mmlab_fit *fit)
{
	fit->lists[0].tail = 8;
}

FIT_CORRUPTION_CASE(val_tail, MMLAB_FIT_FIRST, 1,
		    "list 0: tail 8, last hole 16")

/*
 * Hole 8 links on to unit 100, out of range. Expect 2 violations: the
 * link, and the lists holding 2 holes where the blocks have 3.
 */
static void corrupt_val_link_range(struct mmlab_fit *fit)
{
	fit->units[8].next = 100;
}

FIT_CORRUPTION_CASE(val_link_range, MMLAB_FIT_FIRST, 2,
		    "list 0: link out of range after 2 holes",
		    "lists hold 2 holes, the blocks 3")

/*
 * Hole 16 links on to hole 4: a cycle. The walk goes round until it has
 * seen 24 holes (as many as units), and each of the 7 times it comes back
 * to 4 finds 4 linking back to none (MMLAB_FIT_NONE) and out of order.
 *
 * Expect 16 violations: 7 x 2, the cycle, and 24 holes listed for 3.
 */
static void corrupt_val_cycle(struct mmlab_fit *fit)
{
	fit->units[16].next = 4;
}

FIT_CORRUPTION_CASE(val_cycle, MMLAB_FIT_FIRST, 16,
		    "list 0: a cycle after 24 holes",
		    "hole 4 links back to 4294967295, expected 16",
		    "hole 4 after hole 16",
		    "lists hold 24 holes, the blocks 3")

/*
 * List 0 starts at the allocated block at 0. Expect 2 violations: not a
 * hole (the walk stops there), and no hole listed.
 */
static void corrupt_val_used_on_list(struct mmlab_fit *fit)
{
	fit->lists[0].head = 0;
}

FIT_CORRUPTION_CASE(val_used_on_list, MMLAB_FIT_NEXT, 2,
		    "list 0: unit 0 (tag 0xc0000004) is not a hole",
		    "lists hold 0 holes, the blocks 3")

/* Quick fit: the 3-unit hole moved to list 0. Expect 1 violation. */
static void corrupt_val_quick_wrong_list(struct mmlab_fit *fit)
{
	fit_list_del(fit, 3, 4);
	fit_list_push(fit, 0, 4);
}

FIT_CORRUPTION_CASE(val_quick_wrong_list, MMLAB_FIT_QUICK, 1,
		    "list 0: hole 4 of 3 units belongs on list 3")

/*
 * First fit: the 3-unit hole moved to list 3, as quick fit would keep
 * it. Expect 2 violations: the wrong list, and a small list in use.
 */
static void corrupt_val_small_list_used(struct mmlab_fit *fit)
{
	fit_list_del(fit, 0, 4);
	fit_list_push(fit, 3, 4);
}

FIT_CORRUPTION_CASE(val_small_list_used, MMLAB_FIT_FIRST, 2,
		    "list 3: hole 4 of 3 units belongs on list 0",
		    "list 3 holds 1 holes under first fit")

/* One free unit too many recorded. Expect 1 violation. */
static void corrupt_val_free_units(struct mmlab_fit *fit)
{
	fit->free_units++;
}

FIT_CORRUPTION_CASE(val_free_units, MMLAB_FIT_FIRST, 1,
		    "free units, holes, blocks 18 3 3 recorded, 17 3 3 found")

/* A rover under first fit. Expect 1 violation. */
static void corrupt_val_rover_policy(struct mmlab_fit *fit)
{
	fit->rover = 8;
}

FIT_CORRUPTION_CASE(val_rover_policy, MMLAB_FIT_FIRST, 1,
		    "rover 8 is not a hole under first fit")

/* Next fit's rover inside a hole, not at its head. Expect 1 violation. */
static void corrupt_val_rover_inside(struct mmlab_fit *fit)
{
	fit->rover = 5;
}

FIT_CORRUPTION_CASE(val_rover_inside, MMLAB_FIT_NEXT, 1,
		    "rover 5 is not a hole under next fit")

/*
 * The first block's head tag lost: the block walk cannot start. Expect 3
 * violations: the walk, the lists holding 3 holes for none found, and the
 * recorded numbers against 0 0 0.
 */
static void corrupt_val_head_lost(struct mmlab_fit *fit)
{
	fit->units[0].tag = 0;
}

FIT_CORRUPTION_CASE(val_head_lost, MMLAB_FIT_FIRST, 3,
		    "unit 0: tag 0 heads no block of <= 24 units",
		    "lists hold 3 holes, the blocks 0",
		    "recorded, 0 0 0 found")

/* A policy out of range. Expect 1 violation, and nothing else read. */
static void corrupt_val_policy(struct mmlab_fit *fit)
{
	fit->policy = (enum mmlab_fit_policy)7;
}

FIT_CORRUPTION_CASE(val_policy, MMLAB_FIT_FIRST, 1,
		    "policy 7 out of range")

/* No table, 24 units. Expect 1 violation. */
static void corrupt_val_no_table(struct mmlab_fit *fit)
{
	fit->units = NULL;
}

FIT_CORRUPTION_CASE(val_no_table, MMLAB_FIT_FIRST, 1,
		    "24 units but no table")

static const struct t_case fit_validate_cases[] = {
	T_CASE(val_inner_tag),
	T_CASE(val_tail_size),
	T_CASE(val_tail_state),
	T_CASE(val_adjacent),
	T_CASE(val_prev_link),
	T_CASE(val_order),
	T_CASE(val_quick_count),
	T_CASE(val_count),
	T_CASE(val_tail),
	T_CASE(val_link_range),
	T_CASE(val_cycle),
	T_CASE(val_used_on_list),
	T_CASE(val_quick_wrong_list),
	T_CASE(val_small_list_used),
	T_CASE(val_free_units),
	T_CASE(val_rover_policy),
	T_CASE(val_rover_inside),
	T_CASE(val_head_lost),
	T_CASE(val_policy),
	T_CASE(val_no_table),
};
