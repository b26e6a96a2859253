// SPDX-License-Identifier: GPL-2.0
/*
 * handle.c - the handle table: ids, ownership, all-or-nothing requests,
 * release on close, compaction moving blocks under their handles.
 */

static void handles_cleanup(void *arg)
{
	mmlab_handles_destroy(arg);
	free(arg);
}

static struct mmlab_handles *handles_new(u64 n, unsigned int max_order,
					 unsigned int batch)
{
	struct mmlab_handles *h = calloc(1, sizeof(*h));
	static const struct mmlab_buddy_ops ops = {
		.moved = mmlab_handles_moved,
	};

	ASSERT_NOT_NULL(h);
	/* the buddy's cleanup runs after the table's (reverse order) */
	mmlab_handles_init(h, buddy_new(n, max_order, batch, 0, &ops, h));
	t_defer(handles_cleanup, h);
	return h;
}

static void handles_ok(const struct mmlab_handles *h)
{
	ASSERT_EQ(mmlab_handles_validate(h), 0U);
	ASSERT_EQ(mmlab_buddy_validate(h->buddy), 0U);
}

/*
 * Ids are neither frames nor addresses, name exactly one live block, and
 * go stale when freed, even when the slot is reused.
 */
static void handle_ids(void)
{
	struct mmlab_handles *h = handles_new(16, 4, MMLAB_PCP_OFF);
	struct mmlab_handle_req req = { .order = 0, .mt = 1, .count = 3,
					.owner = 7 };
	const struct mmlab_handle_slot *s;
	u64 ids[3], frames[3], again, f;
	unsigned int bad;

	ASSERT_EQ(mmlab_handles_alloc(h, &req, ids, frames), 0);
	handles_ok(h);
	ASSERT_EQ(h->live, 3U);
	ASSERT_NE(ids[0], ids[1]);
	ASSERT_EQ(mmlab_handles_lookup(h, ids[2], &s), 0);
	ASSERT_EQ((u64)s->frame, frames[2]);
	ASSERT_EQ(mmlab_handles_lookup(h, 0, &s), -ENOENT);
	ASSERT_EQ(mmlab_handles_lookup(h, frames[1], &s), -ENOENT);
	ASSERT_EQ(mmlab_handles_lookup(h, ids[0] + 1000, &s), -ENOENT);
	ASSERT_EQ(mmlab_handles_lookup(h, ids[0] ^ (1ULL << 40), &s),
		  -ENOENT);

	ASSERT_EQ(mmlab_handles_check(h, &ids[1], 1, 7, &bad), 0);
	mmlab_handles_free(h, &ids[1], 1, 0);
	handles_ok(h);
	ASSERT_EQ(mmlab_handles_lookup(h, ids[1], &s), -ENOENT);
	ASSERT_EQ(mmlab_handles_check(h, &ids[1], 1, 7, &bad), -ENOENT);
	ASSERT_EQ(bad, 0U);

	req.count = 1;
	ASSERT_EQ(mmlab_handles_alloc(h, &req, &again, &f), 0);
	ASSERT_EQ(again & 0xffffffffULL, ids[1] & 0xffffffffULL);
	ASSERT_NE(again, ids[1]);
	ASSERT_EQ(mmlab_handles_lookup(h, ids[1], &s), -ENOENT);
	handles_ok(h);
}

/*
 * A free request is checked whole first: an unknown, foreign or repeated
 * handle anywhere in it refuses it all and frees nothing.
 */
static void handle_check_all_first(void)
{
	struct mmlab_handles *h = handles_new(16, 4, MMLAB_PCP_OFF);
	struct mmlab_handle_req mine = { .mt = 1, .count = 2, .owner = 1 };
	struct mmlab_handle_req theirs = { .mt = 1, .count = 1, .owner = 2 };
	struct mmlab_handle_req pers = { .mt = 1, .count = 1, .owner = 2,
					 .flags = MMLAB_HANDLE_PERSISTENT };
	u64 m[2], t, p, f[2], req[4];
	unsigned int bad;

	ASSERT_EQ(mmlab_handles_alloc(h, &mine, m, f), 0);
	ASSERT_EQ(mmlab_handles_alloc(h, &theirs, &t, f), 0);
	ASSERT_EQ(mmlab_handles_alloc(h, &pers, &p, f), 0);

	req[0] = m[0];
	req[1] = t;
	ASSERT_EQ(mmlab_handles_check(h, req, 2, 1, &bad), -EPERM);
	ASSERT_EQ(bad, 1U);
	req[1] = m[0];
	ASSERT_EQ(mmlab_handles_check(h, req, 2, 1, &bad), -EINVAL);
	ASSERT_EQ(bad, 1U);
	req[1] = m[1];
	req[2] = 12345;
	ASSERT_EQ(mmlab_handles_check(h, req, 3, 1, &bad), -ENOENT);
	ASSERT_EQ(bad, 2U);
	ASSERT_EQ(mmlab_handles_check(h, req, 0, 1, &bad), -EINVAL);
	ASSERT_EQ(h->live, 4U);
	handles_ok(h);

	req[2] = p;		/* persistent: anyone may free it */
	ASSERT_EQ(mmlab_handles_check(h, req, 3, 1, &bad), 0);
	mmlab_handles_free(h, req, 3, 0);
	handles_ok(h);
	ASSERT_EQ(h->live, 1U);
}

/*
 * An allocation of many blocks that runs out part-way gives everything
 * back: same free lists, same live count, failure counted once.
 */
static void handle_alloc_all_or_nothing(void)
{
	struct mmlab_handles *h = handles_new(16, 4, MMLAB_PCP_OFF);
	struct mmlab_handle_req req = { .order = 2, .mt = 1, .count = 5,
					.owner = 3 };
	u64 ids[16], frames[16];
	char before[1024];

	/* the (empty) table cannot grow: -ENOMEM, nothing taken */
	shim_kv_fail_nth(1);
	ASSERT_EQ(mmlab_handles_alloc(h, &req, ids, frames), -ENOMEM);
	shim_kv_fail_nth(0);
	ASSERT_EQ(h->buddy->arena->nr_free, 16ULL);
	ASSERT_EQ(h->buddy->order_stats[2].fail_nomem, 0ULL);

	snprintf(before, sizeof(before), "%s", free_lists(h->buddy));
	ASSERT_EQ(mmlab_handles_alloc(h, &req, ids, frames), -ENOMEM);
	ASSERT_STR_EQ(free_lists(h->buddy), before);
	ASSERT_EQ(h->live, 0U);
	ASSERT_EQ(h->buddy->order_stats[2].fail_nomem, 1ULL);
	handles_ok(h);
	req.count = 0;
	ASSERT_EQ(mmlab_handles_alloc(h, &req, ids, frames), -EINVAL);
	req.count = MMLAB_HANDLE_BATCH_MAX + 1;
	ASSERT_EQ(mmlab_handles_alloc(h, &req, ids, frames), -EINVAL);
	req.count = 4;
	ASSERT_EQ(mmlab_handles_alloc(h, &req, ids, frames), 0);
	ASSERT_EQ(h->buddy->arena->nr_free, 0ULL);
	handles_ok(h);
}

/* Closing a socket frees its blocks, not others', not persistent ones. */
static void handle_release(void)
{
	struct mmlab_handles *h = handles_new(64, 6, MMLAB_PCP_OFF);
	struct mmlab_handle_req req = { .mt = 1, .count = 10, .owner = 5 };
	u64 ids[10], frames[10];

	ASSERT_EQ(mmlab_handles_alloc(h, &req, ids, frames), 0);
	req.owner = 6;
	ASSERT_EQ(mmlab_handles_alloc(h, &req, ids, frames), 0);
	req.owner = 5;
	req.count = 3;
	req.flags = MMLAB_HANDLE_PERSISTENT;
	ASSERT_EQ(mmlab_handles_alloc(h, &req, ids, frames), 0);
	ASSERT_EQ(mmlab_handles_release(h, 5, 0), 10U);
	handles_ok(h);
	ASSERT_EQ(h->live, 13U);
	ASSERT_EQ(mmlab_handles_release(h, 5, 0), 0U);
	ASSERT_EQ(mmlab_handles_release(h, 6, 0), 10U);
	ASSERT_EQ(h->live, 3U);
	ASSERT_EQ(h->buddy->arena->nr_free, 61ULL);
	handles_ok(h);
}

/* Compaction moves a block; its handle follows, its contents too. */
static void handle_follows_compaction(void)
{
	struct mmlab_handles *h = handles_new(64, 6, MMLAB_PCP_OFF);
	struct mmlab_handle_req req = { .mt = MMLAB_MT_MOVABLE, .count = 64,
					.owner = 1 };
	struct mmlab_compact_result res;
	const struct mmlab_handle_slot *s;
	u64 ids[64], frames[64];
	unsigned int i;

	ASSERT_EQ(mmlab_handles_alloc(h, &req, ids, frames), 0);
	for (i = 0; i < 64; i++)
		stamp(h->buddy, frames[i], i);
	for (i = 0; i < 64; i += 2)
		mmlab_handles_free(h, &ids[i], 1, 0);
	ASSERT_EQ(mmlab_buddy_compact(h->buddy, 5, &res), 0);
	ASSERT_EQ(res.largest_after, 5);
	handles_ok(h);
	for (i = 1; i < 64; i += 2) {
		ASSERT_EQ(mmlab_handles_lookup(h, ids[i], &s), 0);
		ASSERT_TRUE(stamped(h->buddy, s->frame, i));
	}
}

static const struct t_case handle_cases[] = {
	T_CASE(handle_ids),
	T_CASE(handle_check_all_first),
	T_CASE(handle_alloc_all_or_nothing),
	T_CASE(handle_release),
	T_CASE(handle_follows_compaction),
};
