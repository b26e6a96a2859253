// SPDX-License-Identifier: GPL-2.0
/*
 * mmlab_fit - the arena under the variable-partition (fit) allocator,
 * through the generic netlink ABI over raw netlink (mmlab_blocks.h), and
 * the /proc and debugfs files that show it.
 *
 * Every test wants a 256-frame arena (arena_size=1M, one order-8 block
 * for the buddy); mmlab_buddy.sh loads the module that way and runs them
 * as "fit.TEST". A test leaves the arena to the buddy, empty, as it found
 * it.
 */
#define _GNU_SOURCE

#include "mmlab_blocks.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "kselftest_harness.h"
#pragma GCC diagnostic pop
#pragma GCC diagnostic ignored "-Wclobbered"

#define FRAMES		256
#define NO_POLICY	(-1)

/* ---- ALLOCATOR_GET and _SET ---------------------------------------- */

struct fit_class {
	__u64 holes, frames;
	__s32 unusable, extfrag;
};

struct allocator {
	__u32 kind, policy;
	bool has_policy, has_fit;
	__u64 frames, free, holes, used, largest, allocs, frees, failures;
	__u64 fail_frag;
	__u64 search_steps, splits, coalesces, internal;
	unsigned int nr_classes;
	struct fit_class c[32];
};

static int parse_class(const struct nlattr *a, struct allocator *al)
{
	const struct nlattr *tb[MMLAB_A_FIT_CLASS_MAX + 1];
	struct fit_class *c;
	__u32 k;

	if (parse_nest(a, tb, MMLAB_A_FIT_CLASS_MAX) ||
	    !get_u32(tb[MMLAB_A_FIT_CLASS_ORDER], &k) ||
	    k != al->nr_classes || k >= 32)
		return -1;
	c = &al->c[k];
	if (!get_u64(tb[MMLAB_A_FIT_CLASS_HOLES], &c->holes) ||
	    !get_u64(tb[MMLAB_A_FIT_CLASS_HOLE_FRAMES], &c->frames) ||
	    !get_s32(tb[MMLAB_A_FIT_CLASS_UNUSABLE], &c->unusable) ||
	    !get_s32(tb[MMLAB_A_FIT_CLASS_EXTFRAG], &c->extfrag))
		return -1;
	al->nr_classes++;
	return 0;
}

static int parse_fit(const struct nlattr *nest, struct allocator *al)
{
	const struct nlattr *tb[MMLAB_A_FIT_MAX + 1];
	const char *p = ATTR_DATA(nest);
	int len = ATTR_LEN(nest);

	if (parse_nest(nest, tb, MMLAB_A_FIT_MAX) ||
	    !get_u64(tb[MMLAB_A_FIT_FRAMES], &al->frames) ||
	    !get_u64(tb[MMLAB_A_FIT_FREE], &al->free) ||
	    !get_u64(tb[MMLAB_A_FIT_HOLES], &al->holes) ||
	    !get_u64(tb[MMLAB_A_FIT_USED], &al->used) ||
	    !get_u64(tb[MMLAB_A_FIT_LARGEST], &al->largest) ||
	    !get_u64(tb[MMLAB_A_FIT_ALLOCS], &al->allocs) ||
	    !get_u64(tb[MMLAB_A_FIT_FREES], &al->frees) ||
	    !get_u64(tb[MMLAB_A_FIT_FAILURES], &al->failures) ||
	    !get_u64(tb[MMLAB_A_FIT_FAIL_FRAG], &al->fail_frag) ||
	    !get_u64(tb[MMLAB_A_FIT_SEARCH_STEPS], &al->search_steps) ||
	    !get_u64(tb[MMLAB_A_FIT_SPLITS], &al->splits) ||
	    !get_u64(tb[MMLAB_A_FIT_COALESCES], &al->coalesces) ||
	    !get_u64(tb[MMLAB_A_FIT_INTERNAL_FRAG], &al->internal))
		return -1;
	while (len >= NLA_HDRLEN) {
		const struct nlattr *a = (const struct nlattr *)p;

		if (a->nla_len < NLA_HDRLEN || a->nla_len > len)
			return -1;
		if ((a->nla_type & NLA_TYPE_MASK) == MMLAB_A_FIT_CLASS &&
		    parse_class(a, al))
			return -1;
		len -= NLA_ALIGN(a->nla_len);
		p += NLA_ALIGN(a->nla_len);
	}
	return 0;
}

/* An ALLOCATOR_GET/SET reply, or an ALLOCATOR event's attributes. */
static int parse_allocator(const struct nlattr **tb, struct allocator *al)
{
	memset(al, 0, sizeof(*al));
	if (!get_u32(tb[MMLAB_A_ALLOCATOR], &al->kind))
		return -1;
	al->has_policy = get_u32(tb[MMLAB_A_FIT_POLICY], &al->policy);
	al->has_fit = tb[MMLAB_A_FIT];
	return al->has_fit ? parse_fit(tb[MMLAB_A_FIT], al) : 0;
}

static int allocator_reply(struct reply *r, struct allocator *al)
{
	const struct nlattr *tb[MMLAB_A_MAX + 1];

	if (r->error)
		return r->error;
	if (!r->msg.len || parse_genl(&r->msg.nlh, tb, MMLAB_A_MAX) ||
	    parse_allocator(tb, al))
		return -EBADMSG;
	return 0;
}

static int allocator_get(int fd, __u16 fam, struct allocator *al)
{
	struct reply r;
	int err = request(fd, fam, MMLAB_CMD_ALLOCATOR_GET, &r);

	return err ? err : allocator_reply(&r, al);
}

/* ALLOCATOR_SET; @kind 0 or @policy NO_POLICY: the attribute left out. */
static int allocator_set(int fd, __u16 fam, __u32 kind, int policy,
			 struct allocator *al, struct reply *r)
{
	static struct msgbuf m;
	int err;

	msg_init(&m, fam, NLM_F_ACK, MMLAB_CMD_ALLOCATOR_SET,
		 MMLAB_GENL_VERSION);
	if (kind)
		msg_put(&m, MMLAB_A_ALLOCATOR, &kind, sizeof(kind));
	if (policy != NO_POLICY) {
		__u32 p = policy;

		msg_put(&m, MMLAB_A_FIT_POLICY, &p, sizeof(p));
	}
	err = transact(fd, &m, r);
	return err ? err : allocator_reply(r, al);
}

/* One partition of @frames frames, by size; its first frame in *frame. */
static int part(int fd, __u16 fam, __u64 frames, __u64 *handle,
		__u64 *frame, struct reply *r)
{
	return alloc_one(fd, fam, -1, frames * PAGE, -1, handle, frame, r);
}

/* ---- the fixture ---------------------------------------------------- */

FIXTURE(fit) {
	int fd;
	__u16 fam;
};

FIXTURE_SETUP(fit)
{
	struct allocator al;
	struct family f;
	char buf[2048];

	self->fd = nl_socket();
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, resolve_family(self->fd, &f))
		TH_LOG("generic netlink family \"mmlab\" not found");
	self->fam = f.id;
	ASSERT_STREQ("256", status_value("Frames:", buf, sizeof(buf)))
		TH_LOG("mmlab_fit needs a 256-frame arena (mmlab_fit.sh loads it)");
	ASSERT_EQ(0, allocator_get(self->fd, self->fam, &al));
	ASSERT_EQ((__u32)MMLAB_ALLOCATOR_BUDDY, al.kind);
}

FIXTURE_TEARDOWN(fit)
{
	struct allocator al;
	struct reply r;

	allocator_set(self->fd, self->fam, MMLAB_ALLOCATOR_BUDDY, NO_POLICY,
		      &al, &r);
	close(self->fd);
}

#define SET_OK(kind, policy, al)					\
	do {								\
		struct reply __r;					\
		ASSERT_EQ(0, allocator_set(self->fd, self->fam, kind,	\
					   policy, al, &__r))		\
			TH_LOG("%s", __r.extack);			\
	} while (0)

/*
 * The arena changes allocator only while nothing is allocated; bad
 * requests are refused with their errno and an extack message, and
 * change nothing. Under the fit allocator the buddy has lent every
 * frame: its free lists and buddyinfo are empty, compaction moves
 * nothing, migratetypes are refused, /proc/mmlab/status counts the holes
 * as free.
 * Every switch sends an ALLOCATOR event; the buddy gets its block back.
 */
TEST_F(fit, switch_rules)
{
	static const struct {
		const char *what;
		__u32 kind;
		int policy;
		int err;
		const char *msg;
	} bad[] = {
		{ "no allocator", 0, NO_POLICY, -EINVAL, "needs the allocator" },
		{ "allocator 3", 3, NO_POLICY, -ERANGE, "" },
		{ "policy 5", MMLAB_ALLOCATOR_FIT, 5, -ERANGE, "" },
		{ "buddy with a policy", MMLAB_ALLOCATOR_BUDDY,
		  MMLAB_FIT_POLICY_BEST, -EINVAL, "fit policy is for the fit" },
	};
	const struct nlattr *ctb[MMLAB_A_COMPACT_MAX + 1];
	const struct nlattr *tb[MMLAB_A_MAX + 1];
	unsigned long long bi[16];
	__u64 moved = 1;
	struct allocator al, ev;
	struct buddy b;
	struct reply r;
	char buf[2048], why[256];
	struct alloc_req q = { 0 };
	static struct got g;
	__u64 h, frame;
	unsigned int i;
	int efd;

	efd = events_socket();
	ASSERT_LE(0, efd);
	ASSERT_EQ(0, allocator_get(self->fd, self->fam, &al));
	EXPECT_FALSE(al.has_policy || al.has_fit);
	EXPECT_STREQ("buddy", status_value("Allocator:", buf, sizeof(buf)));

	/* a buddy block in the way */
	ASSERT_EQ(0, alloc_one(self->fd, self->fam, 0, 0, -1, &h, &frame, &r));
	EXPECT_EQ(-EBUSY, allocator_set(self->fd, self->fam,
					MMLAB_ALLOCATOR_FIT,
					MMLAB_FIT_POLICY_BEST, &al, &r));
	EXPECT_NE(NULL, strstr(r.extack, "free them first")) TH_LOG("%s", r.extack);
	ASSERT_EQ(0, allocator_get(self->fd, self->fam, &al));
	EXPECT_EQ((__u32)MMLAB_ALLOCATOR_BUDDY, al.kind);
	ASSERT_EQ(0, buddy_free(self->fd, self->fam, &h, 1, &r));
	LISTS_ARE("8:[0]");

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		EXPECT_EQ(bad[i].err, allocator_set(self->fd, self->fam,
						    bad[i].kind,
						    bad[i].policy, &al, &r))
			TH_LOG("%s", bad[i].what);
		EXPECT_NE(NULL, strstr(r.extack, bad[i].msg))
			TH_LOG("%s: \"%s\"", bad[i].what, r.extack);
		ASSERT_EQ(0, allocator_get(self->fd, self->fam, &al));
		EXPECT_EQ((__u32)MMLAB_ALLOCATOR_BUDDY, al.kind);
	}

	SET_OK(MMLAB_ALLOCATOR_FIT, MMLAB_FIT_POLICY_BEST, &al);
	EXPECT_EQ((__u32)MMLAB_ALLOCATOR_FIT, al.kind);
	EXPECT_EQ((__u32)MMLAB_FIT_POLICY_BEST, al.policy);
	ASSERT_TRUE(al.has_fit);
	EXPECT_EQ((__u64)FRAMES, al.frames);
	EXPECT_EQ((__u64)FRAMES, al.free);
	EXPECT_EQ(1ULL, al.holes);
	EXPECT_EQ((__u64)FRAMES, al.largest);
	EXPECT_EQ(9U, al.nr_classes);
	EXPECT_EQ(1ULL, al.c[8].holes);
	ASSERT_EQ(0, next_event(efd, self->fam, MMLAB_EVENT_ALLOCATOR, tb));
	ASSERT_EQ(0, parse_allocator(tb, &ev));
	EXPECT_EQ((__u32)MMLAB_ALLOCATOR_FIT, ev.kind);
	EXPECT_EQ((__u32)MMLAB_FIT_POLICY_BEST, ev.policy);

	/* the buddy lent it all */
	ASSERT_EQ(0, buddy_get(self->fd, self->fam, &b, why, sizeof(why)))
		TH_LOG("%s", why);
	EXPECT_EQ(0ULL, b.free);
	EXPECT_EQ(-1, b.largest);
	LISTS_ARE("");
	ASSERT_EQ(0, read_file(BUDDYINFO, buf, sizeof(buf)));
	ASSERT_EQ(11, parse_buddyinfo(buf, bi, 16)) TH_LOG("%s", buf);
	for (i = 0; i < 11; i++)
		EXPECT_EQ(0ULL, bi[i]);
	EXPECT_STREQ("best-fit", status_value("Allocator:", buf, sizeof(buf)));
	EXPECT_STREQ("256", status_value("FramesFree:", buf, sizeof(buf)));

	/* compaction runs, but the buddy lent every frame: no target */
	EXPECT_EQ(0, request(self->fd, self->fam, MMLAB_CMD_BUDDY_COMPACT, &r));
	ASSERT_EQ(0, r.error) TH_LOG("%s", r.extack);
	ASSERT_EQ(0, parse_genl(&r.msg.nlh, tb, MMLAB_A_MAX));
	ASSERT_EQ(0, parse_nest(tb[MMLAB_A_COMPACT], ctb, MMLAB_A_COMPACT_MAX));
	ASSERT_TRUE(get_u64(ctb[MMLAB_A_COMPACT_MOVED], &moved));
	EXPECT_EQ(0ULL, moved);
	ASSERT_EQ(0, next_event(efd, self->fam, MMLAB_EVENT_COMPACT, tb));
	q.order = -1;
	q.size = PAGE;
	q.mt = MMLAB_MIGRATE_MOVABLE;
	EXPECT_EQ(-EINVAL, buddy_alloc(self->fd, self->fam, &q, &g,
				       &r));
	EXPECT_NE(NULL, strstr(r.extack, "no migratetypes"));
	q.mt = -1;
	q.size = FRAMES * PAGE + 1;
	EXPECT_EQ(-EINVAL, buddy_alloc(self->fd, self->fam, &q, &g,
				       &r));
	EXPECT_NE(NULL, strstr(r.extack, "above the arena"));
	q.size = 0;
	EXPECT_EQ(-EINVAL, buddy_alloc(self->fd, self->fam, &q, &g,
				       &r));
	/* the whole arena is one partition */
	q.size = FRAMES * PAGE;
	ASSERT_EQ(0, buddy_alloc(self->fd, self->fam, &q, &g, &r))
		TH_LOG("%s", r.extack);
	EXPECT_EQ((__u64)FRAMES, g.frames[0]);
	EXPECT_EQ(NO_ORDER, g.order[0]);
	EXPECT_EQ(-EBUSY, allocator_set(self->fd, self->fam,
					MMLAB_ALLOCATOR_BUDDY,
					NO_POLICY, &al, &r));
	EXPECT_NE(NULL, strstr(r.extack, "partitions are allocated"));
	EXPECT_EQ(-EBUSY, allocator_set(self->fd, self->fam,
					MMLAB_ALLOCATOR_FIT,
					MMLAB_FIT_POLICY_WORST, &al,
					&r));
	/* the policy in force: nothing to change, nothing refused */
	EXPECT_EQ(0, allocator_set(self->fd, self->fam, MMLAB_ALLOCATOR_FIT,
				   MMLAB_FIT_POLICY_BEST, &al, &r));
	EXPECT_EQ(1ULL, al.used);
	ASSERT_EQ(0, buddy_free(self->fd, self->fam, &g.handle[0], 1,
				&r));

	/* empty again: the policy changes in place */
	SET_OK(MMLAB_ALLOCATOR_FIT, MMLAB_FIT_POLICY_FIRST, &al);
	EXPECT_EQ((__u32)MMLAB_FIT_POLICY_FIRST, al.policy);
	ASSERT_EQ(0, next_event(efd, self->fam, MMLAB_EVENT_ALLOCATOR, tb));
	ASSERT_EQ(0, parse_allocator(tb, &ev));
	EXPECT_EQ((__u32)MMLAB_FIT_POLICY_FIRST, ev.policy);

	SET_OK(MMLAB_ALLOCATOR_BUDDY, NO_POLICY, &al);
	EXPECT_EQ((__u32)MMLAB_ALLOCATOR_BUDDY, al.kind);
	EXPECT_FALSE(al.has_fit);
	ASSERT_EQ(0, next_event(efd, self->fam, MMLAB_EVENT_ALLOCATOR, tb));
	ASSERT_EQ(0, parse_allocator(tb, &ev));
	EXPECT_EQ((__u32)MMLAB_ALLOCATOR_BUDDY, ev.kind);
	EXPECT_FALSE(ev.has_policy);
	LISTS_ARE("8:[0]");
	EXPECT_STREQ("buddy", status_value("Allocator:", buf, sizeof(buf)));
	close(efd);
}

static void unprivileged_requests(int fd, void *arg, int *res)
{
	__u16 fam = *(__u16 *)arg;
	struct allocator al;
	struct reply r;

	res[0] = allocator_get(fd, fam, &al);
	res[1] = allocator_set(fd, fam, MMLAB_ALLOCATOR_FIT, NO_POLICY, &al,
			       &r);
}

/* Anyone reads which allocator is in charge; only an admin switches. */
TEST_F(fit, unprivileged)
{
	int res[2] = { 1, 1 };

	ASSERT_EQ(0, as_nobody(unprivileged_requests, &self->fam, res, 2));
	EXPECT_EQ(0, res[0]);
	EXPECT_EQ(-EPERM, res[1]);
}

/*
 * The page map under the fit allocator: partitions and holes, with their
 * size in frames and no order or migratetype, tile the arena; the
 * numbers of ALLOCATOR_GET agree with it, the indices of each size class
 * included (recomputed here from the holes, with mm/vmstat.c's formulas).
 */
static void check_against_pagemap(struct __test_metadata *_metadata,
				  int fd, __u16 fam)
{
	static struct blocks bl;
	struct allocator al;
	__u64 at = 0, free = 0, holes = 0, largest = 0, used = 0;
	unsigned int i, k;
	struct reply r;

	ASSERT_EQ(0, dump_blocks(fd, fam, MMLAB_CMD_PAGEMAP_GET, &bl, &r));
	ASSERT_EQ(0, allocator_get(fd, fam, &al));
	for (i = 0; i < bl.n; i++) {
		const struct block *b = &bl.b[i];

		ASSERT_EQ(at, b->frame);
		ASSERT_FALSE(b->has_order || b->has_mt);
		ASSERT_LT(0ULL, b->frames);
		at += b->frames;
		if (b->state == MMLAB_BLOCK_USED) {
			ASSERT_TRUE(b->has_handle);
			used++;
			continue;
		}
		ASSERT_EQ((__u32)MMLAB_BLOCK_FREE, b->state);
		/* coalescing is complete: no two holes side by side */
		ASSERT_FALSE(i && bl.b[i - 1].state == MMLAB_BLOCK_FREE);
		free += b->frames;
		holes++;
		if (b->frames > largest)
			largest = b->frames;
	}
	ASSERT_EQ((__u64)FRAMES, at);
	EXPECT_EQ(free, al.free);
	EXPECT_EQ(holes, al.holes);
	EXPECT_EQ(largest, al.largest);
	EXPECT_EQ(used, al.used);
	ASSERT_EQ(9U, al.nr_classes);
	for (k = 0; k < al.nr_classes; k++) {
		__u64 n = 0, f = 0, suitable = 0;
		__s32 unusable, extfrag;

		for (i = 0; i < bl.n; i++) {
			__u64 s = bl.b[i].frames;

			if (bl.b[i].state != MMLAB_BLOCK_FREE)
				continue;
			suitable += s >> k;
			if (s >> k == 1) {
				n++;
				f += s;
			}
		}
		EXPECT_EQ(n, al.c[k].holes) TH_LOG("class %u", k);
		EXPECT_EQ(f, al.c[k].frames) TH_LOG("class %u", k);
		unusable = free ? (free - (suitable << k)) * 1000 / free : 1000;
		if (!holes)
			extfrag = 0;
		else if (suitable)
			extfrag = -1000;
		else
			extfrag = 1000 - (1000 + free * 1000 / (1ULL << k)) /
					 holes;
		EXPECT_EQ(unusable, al.c[k].unusable) TH_LOG("class %u", k);
		EXPECT_EQ(extfrag, al.c[k].extfrag) TH_LOG("class %u", k);
	}
}

/*
 * Silberschatz's exercise (holes of 100K, 500K, 200K, 300K and 600K in
 * that order; requests of 212K, 417K, 112K and 426K) with 10K as one
 * frame, under each policy: where each request lands, and which finds no
 * hole, refused for fragmentation (enough frames free, no hole big
 * enough); a request above all the free frames is refused for lack of
 * memory. The page map and ALLOCATOR_GET agree after every step.
 */
TEST_F(fit, textbook_placement)
{
	static const __u64 holes[] = { 10, 50, 20, 30, 60 };
	static const __u64 asks[] = { 21, 42, 11, 43 };
	static const struct {
		int policy;
		__u64 at[4];	/* 0: no hole big enough */
	} want[] = {
		{ MMLAB_FIT_POLICY_FIRST, { 11, 114, 32, 0 } },
		{ MMLAB_FIT_POLICY_NEXT, { 11, 114, 156, 0 } },
		{ MMLAB_FIT_POLICY_BEST, { 83, 11, 62, 114 } },
		{ MMLAB_FIT_POLICY_WORST, { 114, 11, 135, 0 } },
		{ MMLAB_FIT_POLICY_QUICK, { 114, 11, 135, 0 } },
	};
	unsigned int p, i;

	for (p = 0; p < ARRAY_SIZE(want); p++) {
		__u64 h[32], frame, at = 0, failures, frag = 0;
		unsigned int n = 0, first_hole[5];
		struct allocator al;
		struct reply r;

		SET_OK(MMLAB_ALLOCATOR_FIT, want[p].policy, &al);
		for (i = 0; i < 5; i++) {
			first_hole[i] = n;
			ASSERT_EQ(0, part(self->fd, self->fam, holes[i], &h[n++],
					  &frame, &r)) TH_LOG("%s", r.extack);
			ASSERT_EQ(at, frame);
			ASSERT_EQ(0, part(self->fd, self->fam, 1, &h[n++],
					  &frame, &r));
			at += holes[i] + 1;
		}
		ASSERT_EQ(0, part(self->fd, self->fam, FRAMES - at, &h[n++],
				  &frame, &r));
		for (i = 0; i < 5; i++)
			ASSERT_EQ(0, buddy_free(self->fd, self->fam,
						&h[first_hole[i]], 1, &r));
		check_against_pagemap(_metadata, self->fd, self->fam);

		for (i = 0; i < 4; i++) {
			int err = part(self->fd, self->fam, asks[i], &h[n],
				       &frame, &r);

			if (!want[p].at[i]) {
				EXPECT_EQ(-ENOMEM, err)
					TH_LOG("policy %d, request %u", p, i);
				EXPECT_NE(NULL, strstr(r.extack,
						       "no hole big enough"))
					TH_LOG("%s", r.extack);
				frag++;
				continue;
			}
			ASSERT_EQ(0, err) TH_LOG("policy %d, request %u: %s",
						 p, i, r.extack);
			EXPECT_EQ(want[p].at[i], frame)
				TH_LOG("policy %d, request %u", p, i);
			n++;
		}
		check_against_pagemap(_metadata, self->fd, self->fam);

		ASSERT_EQ(0, allocator_get(self->fd, self->fam, &al));
		EXPECT_EQ(frag, al.failures);
		EXPECT_EQ(frag, al.fail_frag);
		failures = al.failures;
		EXPECT_EQ(-ENOMEM, part(self->fd, self->fam, al.free + 1,
					&h[n], &frame, &r));
		EXPECT_NE(NULL, strstr(r.extack, "not enough free memory"))
			TH_LOG("%s", r.extack);
		ASSERT_EQ(0, allocator_get(self->fd, self->fam, &al));
		EXPECT_EQ(failures + 1, al.failures);
		EXPECT_EQ(frag, al.fail_frag);

		/* free the partitions left: one hole, then the buddy again */
		for (i = 0; i < n; i++) {
			bool hole = false;
			unsigned int j;

			for (j = 0; j < 5; j++)
				hole |= first_hole[j] == i;
			if (!hole)
				ASSERT_EQ(0, buddy_free(self->fd, self->fam,
							&h[i], 1, &r));
		}
		ASSERT_EQ(0, allocator_get(self->fd, self->fam, &al));
		EXPECT_EQ(1ULL, al.holes);
		EXPECT_EQ(0ULL, al.used);
		SET_OK(MMLAB_ALLOCATOR_BUDDY, NO_POLICY, &al);
		LISTS_ARE("8:[0]");
	}
}

/*
 * A partition is whole frames: a 34K request takes 9 frames, 2K of them
 * internal fragmentation, as ALLOCATOR_GET, the block's requested bytes,
 * /proc/mmlab/status and debugfs mmlab/allocator all say; debugfs's page
 * map shows partitions and holes. The partitions
 * of a socket go when it closes, its persistent ones stay; while one
 * stays the arena cannot go back to the buddy.
 */
TEST_F(fit, partitions_and_sockets)
{
	static struct blocks bl;
	static char big[65536];
	struct allocator al;
	struct reply r;
	char buf[4096];
	__u64 h, frame, kept = 0;
	unsigned int i;
	int fd2;

	SET_OK(MMLAB_ALLOCATOR_FIT, MMLAB_FIT_POLICY_FIRST, &al);
	ASSERT_EQ(0, alloc_one(self->fd, self->fam, -1, 34 * 1024, -1, &h,
			       &frame, &r)) TH_LOG("%s", r.extack);
	EXPECT_EQ(0ULL, frame);
	ASSERT_EQ(0, dump_blocks(self->fd, self->fam, MMLAB_CMD_PAGEMAP_GET,
				 &bl, &r));
	ASSERT_LE(1U, bl.n);
	EXPECT_EQ(9ULL, bl.b[0].frames);
	EXPECT_EQ(34U * 1024, bl.b[0].requested);
	ASSERT_EQ(0, allocator_get(self->fd, self->fam, &al));
	EXPECT_EQ(2048ULL, al.internal);
	EXPECT_STREQ("247", status_value("FramesFree:", buf, sizeof(buf)));
	ASSERT_EQ(0, read_file(DBG "/allocator", buf, sizeof(buf)));
	EXPECT_NE(NULL, strstr(buf, "allocator fit\npolicy first\n"))
		TH_LOG("%s", buf);
	EXPECT_NE(NULL, strstr(buf, "\ninternal_frag 2048\n"));
	EXPECT_NE(NULL, strstr(buf, "\nused 1\n"));
	/* debugfs's page map: the partition and the hole, no order, no mt */
	ASSERT_EQ(0, read_file(DBG "/pagemap", big, sizeof(big)));
	EXPECT_NE(NULL, strstr(big, "\n         8          0     - used  -           -           "))
		TH_LOG("%.400s", big);
	EXPECT_NE(NULL, strstr(big, "\n         9          9     - free  -           -                    - -\n"))
		TH_LOG("%.400s", big);

	/* another socket: 3 partitions by order, one of them persistent */
	fd2 = nl_socket();
	ASSERT_LE(0, fd2);
	for (i = 0; i < 3; i++) {
		struct alloc_req q = { .order = 2, .mt = -1,
				       .persistent = i == 1 };
		static struct got g;

		ASSERT_EQ(0, buddy_alloc(fd2, self->fam, &q, &g, &r))
			TH_LOG("%s", r.extack);
		EXPECT_EQ(4ULL, g.frames[0]);
		EXPECT_EQ(9ULL + 4 * i, g.frame[0]);
		if (q.persistent)
			kept = g.handle[0];
	}
	close(fd2);
	ASSERT_EQ(0, allocator_get(self->fd, self->fam, &al));
	EXPECT_EQ(2ULL, al.used);
	EXPECT_EQ(2ULL, al.holes);
	EXPECT_EQ(2048ULL, al.internal);

	ASSERT_EQ(0, buddy_free(self->fd, self->fam, &h, 1, &r));
	EXPECT_EQ(-EBUSY, allocator_set(self->fd, self->fam,
					MMLAB_ALLOCATOR_BUDDY, NO_POLICY, &al,
					&r));
	ASSERT_EQ(0, buddy_free(self->fd, self->fam, &kept, 1, &r))
		TH_LOG("%s", r.extack);
	SET_OK(MMLAB_ALLOCATOR_BUDDY, NO_POLICY, &al);
	LISTS_ARE("8:[0]");
	ASSERT_EQ(0, read_file(DBG "/allocator", buf, sizeof(buf)));
	EXPECT_STREQ("allocator buddy\n", buf);
}

TEST_HARNESS_MAIN
