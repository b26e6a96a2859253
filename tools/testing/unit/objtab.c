// SPDX-License-Identifier: GPL-2.0
/*
 * objtab.c - handles of slab objects: ids name one live object, go stale
 * when removed (even when the entry is reused), growth keeps them, and a
 * failed reservation changes nothing.
 */

static void objtab_cleanup(void *arg)
{
	mmlab_objtab_destroy(arg);
	free(arg);
}

static struct mmlab_objtab *objtab_new(void)
{
	struct mmlab_objtab *t = calloc(1, sizeof(*t));

	ASSERT_NOT_NULL(t);
	mmlab_objtab_init(t);
	t_defer(objtab_cleanup, t);
	return t;
}

static void objtab_ids(void)
{
	struct mmlab_objtab *t = objtab_new();
	static u8 objs[300];
	u64 ids[300], again;
	struct mmlab_obj o = { .owner = 5 };
	unsigned int i;

	ASSERT_EQ(mmlab_objtab_add(t, &o), 0ULL);	/* nothing reserved */
	ASSERT_EQ(mmlab_objtab_reserve(t, 300), 0);
	for (i = 0; i < 300; i++) {
		o.ptr = &objs[i];
		o.bytes = i;
		ids[i] = mmlab_objtab_add(t, &o);
		ASSERT_NE(ids[i], 0ULL);
	}
	ASSERT_EQ(t->live, 300U);
	for (i = 0; i < 300; i++) {
		struct mmlab_obj *e = mmlab_objtab_get(t, ids[i]);

		ASSERT_NOT_NULL(e);
		ASSERT_TRUE(e->ptr == &objs[i]);
		ASSERT_EQ(e->owner, 5U);
		ASSERT_EQ(mmlab_objtab_id(t, e), ids[i]);
	}
	ASSERT_NULL(mmlab_objtab_get(t, 0));
	ASSERT_NULL(mmlab_objtab_get(t, ids[7] + (1ULL << 32)));
	ASSERT_NULL(mmlab_objtab_get(t, 1000));
	mmlab_objtab_remove(t, ids[7]);
	ASSERT_NULL(mmlab_objtab_get(t, ids[7]));
	ASSERT_EQ(mmlab_objtab_validate(t), 0U);
	ASSERT_EQ(mmlab_objtab_reserve(t, 1), 0);
	o.ptr = &objs[7];
	again = mmlab_objtab_add(t, &o);
	ASSERT_EQ(again & 0xffffffffULL, ids[7] & 0xffffffffULL);
	ASSERT_NE(again, ids[7]);
	ASSERT_NULL(mmlab_objtab_get(t, ids[7]));
	for (i = 0; i < 300; i++)
		mmlab_objtab_remove(t, i == 7 ? again : ids[i]);
	ASSERT_EQ(t->live, 0U);
	ASSERT_EQ(mmlab_objtab_validate(t), 0U);
}

static void objtab_reserve_fails(void)
{
	struct mmlab_objtab *t = objtab_new();
	struct mmlab_obj o = { .ptr = t };
	u64 id;

	ASSERT_EQ(mmlab_objtab_reserve(t, 64), 0);
	id = mmlab_objtab_add(t, &o);
	shim_kv_fail_nth(1);
	ASSERT_EQ(mmlab_objtab_reserve(t, 100), -ENOMEM);
	ASSERT_EQ(t->cap, 64U);
	ASSERT_TRUE(mmlab_objtab_get(t, id)->ptr == t);
	ASSERT_EQ(mmlab_objtab_reserve(t, 1U << 31), -ENOMEM);
	ASSERT_EQ(mmlab_objtab_reserve(t, 100), 0);
	ASSERT_TRUE(mmlab_objtab_get(t, id)->ptr == t);
	ASSERT_EQ(mmlab_objtab_validate(t), 0U);
	/* a broken free list is reported */
	mmlab_objtab_remove(t, id);
	t->objs[0].in_use = 1;
	ASSERT_EQ(mmlab_objtab_validate(t), 1U);
	t->objs[0].in_use = 0;
}

static const struct t_case objtab_cases[] = {
	T_CASE(objtab_ids),
	T_CASE(objtab_reserve_fails),
};
