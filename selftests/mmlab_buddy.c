// SPDX-License-Identifier: GPL-2.0
/*
 * mmlab_buddy - the buddy allocator of mmlab.ko through its generic
 * netlink ABI, over raw netlink (mmlab_msg.h), plus the /proc and debugfs
 * files that show it.
 *
 * Each test needs an arena of a given number of frames and says which in
 * its name: seed_004_* a 16-frame arena (arena_size=64K), seed_003_* a
 * 256-frame one (1M), the others 1024 frames (4M), all with max_order 10.
 * mmlab_buddy.sh loads the module that way and runs the matching tests
 * with -t; run by hand on another arena, a test fails in its setup with
 * the arena it wanted, rather than testing the wrong thing. The requests,
 * dumps and free-list text are mmlab_blocks.h's.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/wait.h>

#include "mmlab_blocks.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "kselftest_harness.h"
#pragma GCC diagnostic pop
#pragma GCC diagnostic ignored "-Wclobbered"

/* ---- the fixture ------------------------------------------------------ */

FIXTURE(buddy) {
	int fd;
	__u16 fam;
	__u64 frames;
	char why[256];
};

/* The arena's frames, from /proc/mmlab/status. */
static __u64 arena_frames(void)
{
	char buf[2048], *p;

	if (read_file("/proc/mmlab/status", buf, sizeof(buf)))
		return 0;
	p = strstr(buf, "\nFrames:");
	return p ? strtoull(p + 8, NULL, 10) : 0;
}

/* The frames a test needs, from its name (see the top of this file). */
static __u64 frames_wanted(const char *name)
{
	if (!strncmp(name, "seed_004", 8))
		return 16;
	if (!strncmp(name, "seed_003", 8))
		return 256;
	return 1024;
}

FIXTURE_SETUP(buddy)
{
	struct family f;
	__u64 want = frames_wanted(_metadata->name);

	self->fd = nl_socket();
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, resolve_family(self->fd, &f))
		TH_LOG("generic netlink family \"mmlab\" not found");
	self->fam = f.id;
	self->frames = arena_frames();
	ASSERT_EQ(want, self->frames)
		TH_LOG("%s needs an arena of %llu frames (mmlab_buddy.sh loads it)",
		       _metadata->name, (unsigned long long)want);
	ASSERT_EQ(0, write_text(PROACTIVE, "0"));
}

FIXTURE_TEARDOWN(buddy)
{
	write_text(PROACTIVE, "0");
	close(self->fd);
}

static void buddy_get_ok(struct __test_metadata *_metadata, int fd,
			 __u16 fam, struct buddy *b)
{
	char why[256];

	ASSERT_EQ(0, buddy_get(fd, fam, b, why, sizeof(why)))
		TH_LOG("%s", why);
}

#define GET(b)	buddy_get_ok(_metadata, self->fd, self->fam, (b))

/*
 * The textbook example (Knuth; Wikipedia's "Buddy memory allocation"):
 * 1024K in 64K units, here a 16-frame arena, one frame a unit, so that a
 * request of 34K is 34/64 of a frame, asked for by size:
 *
 *	A 34K -> order 0 at 0     0:[1] 1:[2] 2:[4] 3:[8]
 *	B 66K -> order 1 at 2     0:[1] 2:[4] 3:[8]
 *	C 35K -> order 0 at 1     2:[4] 3:[8]
 *	D 67K -> order 1 at 4     1:[6] 3:[8]
 *	B freed: no merge         1:[2 6] 3:[8]
 *	D freed: merges, order 2  1:[2] 2:[4] 3:[8]
 *
 * with the free lists dumped after every step, buddyinfo and the internal
 * fragmentation agreeing, and the kernel's extfrag_index format.
 */
TEST_F(buddy, seed_004_worked_example)
{
	static const struct {
		__u64 kb;
		__u64 frame;
		__u32 order;
		const char *lists;
	} steps[] = {
		{ 34, 0, 0, "0:[1] 1:[2] 2:[4] 3:[8]" },
		{ 66, 2, 1, "0:[1] 2:[4] 3:[8]" },
		{ 35, 1, 0, "2:[4] 3:[8]" },
		{ 67, 4, 1, "1:[6] 3:[8]" },
	};
	unsigned long long bi[16];
	__u64 h[4], frame;
	struct buddy b;
	struct reply r;
	char buf[512];
	unsigned int i;

	LISTS_ARE("4:[0]");
	for (i = 0; i < 4; i++) {
		ASSERT_EQ(0, alloc_one(self->fd, self->fam, -1,
				       steps[i].kb * PAGE / 64, -1, &h[i],
				       &frame, &r)) TH_LOG("%s", r.extack);
		EXPECT_EQ(steps[i].frame, frame) TH_LOG("step %u", i);
		LISTS_ARE(steps[i].lists);
	}
	GET(&b);
	EXPECT_EQ(2 * PAGE - (34 + 35) * PAGE / 64, b.o[0].internal);
	EXPECT_EQ(4 * PAGE - (66 + 67) * PAGE / 64, b.o[1].internal);
	EXPECT_EQ(4U, b.handles);
	EXPECT_EQ(1U, b.o[4].splits);

	ASSERT_EQ(0, buddy_free(self->fd, self->fam, &h[1], 1, &r))
		TH_LOG("%s", r.extack);
	LISTS_ARE("1:[2 6] 3:[8]");
	GET(&b);
	EXPECT_EQ(0U, b.o[1].merges);
	ASSERT_EQ(0, buddy_free(self->fd, self->fam, &h[3], 1, &r));
	LISTS_ARE("1:[2] 2:[4] 3:[8]");
	GET(&b);
	EXPECT_EQ(1U, b.o[1].merges);
	EXPECT_EQ(2 * PAGE - (34 + 35) * PAGE / 64, b.internal);

	ASSERT_EQ(0, read_file(BUDDYINFO, buf, sizeof(buf)));
	ASSERT_EQ(11, parse_buddyinfo(buf, bi, 16)) TH_LOG("%s", buf);
	EXPECT_EQ(0ULL, bi[0]);
	EXPECT_EQ(1ULL, bi[1]);
	EXPECT_EQ(1ULL, bi[2]);
	EXPECT_EQ(1ULL, bi[3]);
	EXPECT_EQ(0ULL, bi[4]);

	/* 14 frames free in blocks of 2, 4, 8: Fi(4) = 0.375, Fu(3) 0.428 */
	ASSERT_EQ(0, read_file(DBG "/extfrag/extfrag_index", buf,
			       sizeof(buf)));
	EXPECT_NE(NULL, strstr(buf, "Node 0, zone    mmlab -1.000 -1.000 -1.000 -1.000  0.375 "))
		TH_LOG("%s", buf);
	ASSERT_EQ(0, read_file(DBG "/extfrag/unusable_index", buf,
			       sizeof(buf)));
	EXPECT_NE(NULL, strstr(buf, "mmlab 0.000 0.000 0.142 0.428 1.000 "))
		TH_LOG("%s", buf);

	ASSERT_EQ(0, buddy_free(self->fd, self->fam, &h[0], 1, &r));
	ASSERT_EQ(0, buddy_free(self->fd, self->fam, &h[2], 1, &r));
	LISTS_ARE("4:[0]");
}

/*
 * 100K from 1M (256 frames): rounds up to 128K, order 5; 512K, 256K and
 * 128K halves are split off; freeing merges all the way back.
 */
TEST_F(buddy, seed_003_split_and_merge)
{
	struct buddy before, after;
	struct reply r;
	__u64 h, frame;

	LISTS_ARE("8:[0]");
	GET(&before);
	ASSERT_EQ(0, alloc_one(self->fd, self->fam, -1, 100 * 1024, -1, &h,
			       &frame, &r)) TH_LOG("%s", r.extack);
	EXPECT_EQ(0ULL, frame);
	LISTS_ARE("5:[32] 6:[64] 7:[128]");
	GET(&after);
	EXPECT_EQ(before.o[8].splits + 1, after.o[8].splits);
	EXPECT_EQ(before.o[7].splits + 1, after.o[7].splits);
	EXPECT_EQ(before.o[6].splits + 1, after.o[6].splits);
	EXPECT_EQ(28ULL * 1024, after.o[5].internal);
	ASSERT_EQ(0, buddy_free(self->fd, self->fam, &h, 1, &r));
	LISTS_ARE("8:[0]");
	GET(&after);
	EXPECT_EQ(before.o[5].merges + 1, after.o[5].merges);
	EXPECT_EQ(before.o[7].merges + 1, after.o[7].merges);
}

/*
 * The next COMPACT event on @fd (others are skipped): its MMLAB_A_COMPACT
 * nest into ctb[]. 0, or -errno (-EAGAIN: none within the timeout).
 */
static int compact_event(int fd, __u16 fam, const struct nlattr **ctb)
{
	const struct nlattr *tb[MMLAB_A_MAX + 1];
	int err = next_event(fd, fam, MMLAB_EVENT_COMPACT, tb);

	if (err)
		return err;
	return parse_nest(tb[MMLAB_A_COMPACT], ctb,
			  MMLAB_A_COMPACT_MAX) ? -EBADMSG : 0;
}

/* Counters and lists that a refused request must leave as they were. */
static void same_state(struct __test_metadata *_metadata,
		       const struct buddy *a, const struct buddy *b)
{
	unsigned int o;

	ASSERT_EQ(a->free, b->free);
	ASSERT_EQ(a->handles, b->handles);
	for (o = 0; o <= a->max_order; o++) {
		ASSERT_EQ(a->o[o].free, b->o[o].free);
		ASSERT_EQ(a->o[o].used, b->o[o].used);
		ASSERT_EQ(a->o[o].allocs, b->o[o].allocs);
		ASSERT_EQ(a->o[o].frees, b->o[o].frees);
	}
}

/*
 * Bad requests, each refused with its errno (-ERANGE where the policy's
 * range check refuses it) and an extack message, counted in nl_errors
 * when a handler refused it, the allocator's state unchanged: order
 * above max, size 0 and too large, order and size both or neither, a
 * migratetype and counts out of range, an attribute the command does not
 * use, a reply-only attribute, unknown, stale, repeated handles, and no
 * handle at all.
 */
TEST_F(buddy, bad_input)
{
	static const struct {
		const char *what;
		int order;
		__u64 size;
		int mt;
		__u32 count;
		int err;
		const char *msg;
	} bad[] = {
		{ "order 11", 11, 0, -1, 0, -EINVAL, "max order" },
		{ "size 0", -1, 0, -1, 0, -EINVAL, "size" },
		{ "size 4M + 1", -1, (4ULL << 20) + 1, -1, 0, -EINVAL, "size" },
		{ "mt 3", 0, 0, 3, 0, -ERANGE, "" },
		{ "count 1025", 0, 0, -1, 1025, -ERANGE, "" },
	};
	struct alloc_req q = { 0 };
	static struct got g;
	struct buddy before, after;
	struct msgbuf m;
	struct reply r;
	__u64 h, bogus[2];
	__u32 zero = 0, o = 0;
	unsigned long long errors;
	unsigned int i;

	ASSERT_EQ(0, alloc_one(self->fd, self->fam, 0, 0, -1, &h, NULL, &r));
	GET(&before);
	errors = nl_errors();
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		q.order = bad[i].order;
		q.size = bad[i].size;
		q.mt = bad[i].mt;
		q.count = bad[i].count;
		EXPECT_EQ(bad[i].err, buddy_alloc(self->fd, self->fam, &q,
						  &g, &r)) TH_LOG("%s", bad[i].what);
		EXPECT_TRUE(r.has_extack_msg) TH_LOG("%s: no message", bad[i].what);
		EXPECT_NE(NULL, strstr(r.extack, bad[i].msg))
			TH_LOG("%s: \"%s\"", bad[i].what, r.extack);
	}

	/* count 0 (policy), order and size, neither, unused attribute */
	msg_init(&m, self->fam, NLM_F_ACK, MMLAB_CMD_BUDDY_ALLOC,
		 MMLAB_GENL_VERSION);
	msg_put(&m, MMLAB_A_ORDER, &o, sizeof(o));
	msg_put(&m, MMLAB_A_COUNT, &zero, sizeof(zero));
	ASSERT_EQ(0, transact(self->fd, &m, &r));
	EXPECT_EQ(-ERANGE, r.error);
	msg_init(&m, self->fam, NLM_F_ACK, MMLAB_CMD_BUDDY_ALLOC,
		 MMLAB_GENL_VERSION);
	msg_put(&m, MMLAB_A_ORDER, &o, sizeof(o));
	msg_put(&m, MMLAB_A_SIZE, &h, sizeof(h));
	ASSERT_EQ(0, transact(self->fd, &m, &r));
	EXPECT_EQ(-EINVAL, r.error);
	EXPECT_STREQ("give either an order or a size", r.extack);
	msg_init(&m, self->fam, NLM_F_ACK, MMLAB_CMD_BUDDY_ALLOC,
		 MMLAB_GENL_VERSION);
	ASSERT_EQ(0, transact(self->fd, &m, &r));
	EXPECT_EQ(-EINVAL, r.error);
	EXPECT_STREQ("give either an order or a size", r.extack);
	msg_init(&m, self->fam, NLM_F_ACK, MMLAB_CMD_BUDDY_ALLOC,
		 MMLAB_GENL_VERSION);
	msg_put(&m, MMLAB_A_ORDER, &o, sizeof(o));
	msg_put(&m, MMLAB_A_HANDLE, &h, sizeof(h));
	ASSERT_EQ(0, transact(self->fd, &m, &r));
	EXPECT_EQ(-EINVAL, r.error);
	EXPECT_STREQ("attribute not used by this command", r.extack);
	msg_init(&m, self->fam, NLM_F_ACK, MMLAB_CMD_BUDDY_GET,
		 MMLAB_GENL_VERSION);
	msg_put(&m, MMLAB_A_BUDDY, NULL, 0);
	ASSERT_EQ(0, transact(self->fd, &m, &r));
	EXPECT_EQ(-EINVAL, r.error);
	EXPECT_STREQ("attribute is reply-only", r.extack);

	/* frees: unknown, repeated, none */
	bogus[0] = 12345;
	EXPECT_EQ(-ENOENT, buddy_free(self->fd, self->fam, bogus, 1, &r));
	EXPECT_NE(NULL, strstr(r.extack, "no such handle"));
	bogus[0] = h;
	bogus[1] = h;
	EXPECT_EQ(-EINVAL, buddy_free(self->fd, self->fam, bogus, 2, &r));
	EXPECT_STREQ("handle given twice", r.extack);
	EXPECT_EQ(-EINVAL, buddy_free(self->fd, self->fam, bogus, 0, &r));
	EXPECT_STREQ("needs a handle to free", r.extack);
	bogus[1] = h + (1ULL << 32);	/* a later generation of h's slot */
	EXPECT_EQ(-ENOENT, buddy_free(self->fd, self->fam, bogus, 2, &r));

	GET(&after);
	same_state(_metadata, &before, &after);
	/*
	 * Each refusal by a handler is counted: 6 allocations and 4 frees
	 * above; the 4 the policy refuses (mt, both counts, reply-only)
	 * never reach mmlab and are not.
	 */
	EXPECT_EQ(errors + 10, nl_errors());

	/* stale: freed once, the second time it is unknown */
	ASSERT_EQ(0, buddy_free(self->fd, self->fam, &h, 1, &r));
	EXPECT_EQ(-ENOENT, buddy_free(self->fd, self->fam, &h, 1, &r));
	EXPECT_NE(NULL, strstr(r.extack, "no such handle"));
	ASSERT_EQ(0, read_file(DBG "/validate", self->why, sizeof(self->why)));
	EXPECT_STREQ("0\n", self->why);
}

/*
 * Blocks belong to their socket: another socket cannot free them (-ENOENT,
 * "another socket"), closing the socket frees them, persistent ones stay
 * and may be freed by anyone with CAP_SYS_ADMIN.
 */
TEST_F(buddy, socket_owns_blocks)
{
	struct alloc_req q = { .order = 1, .mt = -1, .count = 10 };
	static struct got g, p;
	struct buddy before, mid, after;
	struct reply r;
	int fd2;

	GET(&before);
	fd2 = nl_socket();
	ASSERT_LE(0, fd2);
	ASSERT_EQ(0, buddy_alloc(fd2, self->fam, &q, &g, &r))
		TH_LOG("%s", r.extack);
	ASSERT_EQ(10U, g.n);
	q.count = 2;
	q.persistent = true;
	ASSERT_EQ(0, buddy_alloc(fd2, self->fam, &q, &p, &r));
	GET(&mid);
	EXPECT_EQ(before.handles + 12, mid.handles);

	EXPECT_EQ(-ENOENT, buddy_free(self->fd, self->fam, g.handle, 1, &r));
	EXPECT_STREQ("handle belongs to another socket", r.extack);

	close(fd2);
	usleep(100 * 1000);
	GET(&after);
	EXPECT_EQ(before.handles + 2, after.handles);
	EXPECT_EQ(before.free - 4 - after.pcp + before.pcp, after.free);

	ASSERT_EQ(0, buddy_free(self->fd, self->fam, p.handle, 2, &r))
		TH_LOG("%s", r.extack);
	GET(&after);
	EXPECT_EQ(before.handles, after.handles);
}

static void unprivileged_requests(int fd, void *arg, int *res)
{
	struct alloc_req q = { .order = 0, .mt = -1 };
	__u16 fam = *(__u16 *)arg;
	static struct blocks bl;
	static struct got g;
	struct buddy b;
	struct reply r;
	char why[256];
	__u64 h = 1;

	res[0] = buddy_get(fd, fam, &b, why, sizeof(why)) |
		 dump_blocks(fd, fam, MMLAB_CMD_PAGEMAP_GET, &bl, &r);
	res[1] = buddy_alloc(fd, fam, &q, &g, &r);
	res[2] = buddy_free(fd, fam, &h, 1, &r);
	res[3] = request(fd, fam, MMLAB_CMD_BUDDY_COMPACT, &r);
	res[3] = res[3] ? res[3] : r.error;
}

/* As nobody: BUDDY_GET and the dumps work, ALLOC/FREE/COMPACT do not. */
TEST_F(buddy, unprivileged)
{
	int res[4] = { 1, 1, 1, 1 };

	ASSERT_EQ(0, as_nobody(unprivileged_requests, &self->fam, res, 4));
	EXPECT_EQ(0, res[0]);
	EXPECT_EQ(-EPERM, res[1]);
	EXPECT_EQ(-EPERM, res[2]);
	EXPECT_EQ(-EPERM, res[3]);
}

/*
 * On a 1024-frame arena with max_order 9 (two chunks of 512 frames; the
 * shell wrapper loads it so), fill the arena with order-0 MOVABLE blocks
 * (two requests of 512), then: one more is refused for lack of memory,
 * all or nothing for a batch; free every other block: 512 frames free but
 * no order-1 block, so an order-1 request is refused for fragmentation.
 * Compaction, asked for no order (the max order), then rebuilds a
 * max-order block: the reply and the event say so, the free lists agree,
 * and the blocks' handles still free them.
 */
TEST_F(buddy, compact_restores_max_order)
{
	struct alloc_req q = { .order = 0, .mt = MMLAB_MIGRATE_MOVABLE,
			       .count = 512 };
	static struct got a, b, x;
	const struct nlattr *tb[MMLAB_A_MAX + 1];
	const struct nlattr *ctb[MMLAB_A_COMPACT_MAX + 1];
	struct buddy st;
	struct msgbuf m;
	struct reply r;
	__u64 odd[512];
	__s32 largest;
	unsigned int i, n = 0;
	int evfd;

	ASSERT_EQ(0, buddy_alloc(self->fd, self->fam, &q, &a, &r))
		TH_LOG("%s", r.extack);
	ASSERT_EQ(0, buddy_alloc(self->fd, self->fam, &q, &b, &r))
		TH_LOG("%s", r.extack);
	q.count = 1;
	EXPECT_EQ(-ENOMEM, buddy_alloc(self->fd, self->fam, &q, &x, &r));
	EXPECT_STREQ("not enough free memory for the blocks asked for",
		     r.extack);

	/* free the blocks at even frames */
	for (i = 0; i < 512; i++) {
		if (a.frame[i] % 2 == 0)
			odd[n++] = a.handle[i];
		if (b.frame[i] % 2 == 0)
			odd[n++] = b.handle[i];
	}
	ASSERT_EQ(512U, n);
	ASSERT_EQ(0, buddy_free(self->fd, self->fam, odd, 512, &r))
		TH_LOG("%s", r.extack);
	q.order = 1;
	EXPECT_EQ(-ENOMEM, buddy_alloc(self->fd, self->fam, &q, &x, &r));
	EXPECT_STREQ("no free block of that order: free memory is fragmented",
		     r.extack);
	GET(&st);
	EXPECT_EQ(1U, st.o[1].fail_frag);
	EXPECT_EQ(0, st.largest);
	EXPECT_EQ(1, st.last_fail_order);
	/* Fi(1) = 1000 - (1000 + 512000 / 2) / 512 = 1000 - 501 = 499 */
	EXPECT_EQ(499, st.last_fail_extfrag);

	/* listen for the event, then compact */
	evfd = events_socket();
	ASSERT_LE(0, evfd);
	ASSERT_EQ(9U, st.max_order) TH_LOG("needs max_order=9");
	msg_init(&m, self->fam, NLM_F_ACK, MMLAB_CMD_BUDDY_COMPACT,
		 MMLAB_GENL_VERSION);
	ASSERT_EQ(0, transact(self->fd, &m, &r));
	ASSERT_EQ(0, r.error) TH_LOG("%s", r.extack);
	ASSERT_EQ(0, parse_genl(&r.msg.nlh, tb, MMLAB_A_MAX));
	ASSERT_NE(NULL, tb[MMLAB_A_COMPACT]);
	ASSERT_EQ(0, parse_nest(tb[MMLAB_A_COMPACT], ctb, MMLAB_A_COMPACT_MAX));
	ASSERT_TRUE(get_s32(ctb[MMLAB_A_COMPACT_LARGEST_AFTER], &largest));
	EXPECT_EQ(9, largest);
	ASSERT_TRUE(get_s32(ctb[MMLAB_A_COMPACT_LARGEST_BEFORE], &largest));
	EXPECT_EQ(0, largest);
	GET(&st);
	EXPECT_EQ(9, st.largest);
	EXPECT_EQ(1ULL, st.o[9].free);

	ASSERT_EQ(0, compact_event(evfd, self->fam, ctb))
		TH_LOG("no COMPACT event");
	EXPECT_EQ(NULL, ctb[MMLAB_A_COMPACT_PROACTIVE]);
	ASSERT_TRUE(get_s32(ctb[MMLAB_A_COMPACT_LARGEST_AFTER], &largest));
	EXPECT_EQ(9, largest);
	close(evfd);

	/* the moved blocks still answer to their handles */
	n = 0;
	for (i = 0; i < 512; i++) {
		if (a.frame[i] % 2)
			odd[n++] = a.handle[i];
		if (b.frame[i] % 2)
			odd[n++] = b.handle[i];
	}
	ASSERT_EQ(0, buddy_free(self->fd, self->fam, odd, n, &r))
		TH_LOG("%s", r.extack);
	GET(&st);
	EXPECT_EQ(0U, st.handles);
	EXPECT_EQ(self->frames, st.free + st.pcp);
}

/*
 * Proactive compaction: with the threshold at 500, the free that leaves
 * the arena fragmented past it compacts by itself (a COMPACT event with
 * the PROACTIVE flag, a compaction counted).
 */
TEST_F(buddy, proactive_compaction)
{
	struct alloc_req q = { .order = 0, .mt = MMLAB_MIGRATE_MOVABLE,
			       .count = 512 };
	const struct nlattr *ctb[MMLAB_A_COMPACT_MAX + 1];
	static struct got a, b;
	struct buddy before, after;
	struct reply r;
	__u64 even[512];
	unsigned int i, n = 0;
	int evfd;

	ASSERT_EQ(0, buddy_alloc(self->fd, self->fam, &q, &a, &r));
	ASSERT_EQ(0, buddy_alloc(self->fd, self->fam, &q, &b, &r));
	for (i = 0; i < 512; i++) {
		if (a.frame[i] % 2 == 0)
			even[n++] = a.handle[i];
		if (b.frame[i] % 2 == 0)
			even[n++] = b.handle[i];
	}
	GET(&before);
	evfd = events_socket();
	ASSERT_LE(0, evfd);
	ASSERT_EQ(0, write_text(PROACTIVE, "500"));
	ASSERT_EQ(0, buddy_free(self->fd, self->fam, even, n, &r));
	GET(&after);
	EXPECT_EQ(before.compactions + 1, after.compactions);
	EXPECT_LE((int)after.pb_order, after.largest);
	ASSERT_EQ(0, compact_event(evfd, self->fam, ctb))
		TH_LOG("no COMPACT event");
	EXPECT_NE(NULL, ctb[MMLAB_A_COMPACT_PROACTIVE]);
	close(evfd);

	/* out of range: refused, with one error line each (expected) */
	ASSERT_EQ(0, write_text("/dev/kmsg",
				"mmlab-selftest: expect-errors-begin mmlab_buddy#proactive"));
	EXPECT_EQ(-EINVAL, write_text(PROACTIVE, "1001"));
	EXPECT_EQ(-EINVAL, write_text(PROACTIVE, "x"));
	ASSERT_EQ(0, write_text("/dev/kmsg",
				"mmlab-selftest: expect-errors-end mmlab_buddy#proactive"));
}

/*
 * The page map dump covers every frame exactly once, in order, in blocks
 * aligned to their order; our blocks carry their handles and our port;
 * the free blocks are those of the free list dump.
 */
TEST_F(buddy, pagemap_covers_arena)
{
	struct alloc_req q = { .order = 3, .mt = MMLAB_MIGRATE_RECLAIMABLE,
			       .count = 5 };
	static struct blocks pm, fl;
	static struct got g;
	struct reply r;
	__u64 next = 0, free_frames = 0, listed = 0;
	unsigned int i, j, mine = 0;

	ASSERT_EQ(0, buddy_alloc(self->fd, self->fam, &q, &g, &r));
	ASSERT_EQ(0, dump_blocks(self->fd, self->fam, MMLAB_CMD_PAGEMAP_GET,
				 &pm, &r)) TH_LOG("%s", r.extack);
	for (i = 0; i < pm.n; i++) {
		const struct block *b = &pm.b[i];

		ASSERT_EQ(next, b->frame);
		ASSERT_EQ(0ULL, b->frame % (1ULL << b->order));
		next += 1ULL << b->order;
		if (b->state == MMLAB_BLOCK_FREE)
			free_frames += 1ULL << b->order;
		for (j = 0; j < g.n; j++) {
			if (b->frame != g.frame[j])
				continue;
			mine++;
			EXPECT_EQ((__u32)MMLAB_BLOCK_USED, b->state);
			EXPECT_TRUE(b->has_handle);
			EXPECT_EQ(g.handle[j], b->handle);
			EXPECT_EQ(3U, b->order);
			EXPECT_EQ((__u32)MMLAB_MIGRATE_RECLAIMABLE, b->mt);
			EXPECT_EQ(8 * PAGE, b->requested);
			EXPECT_FALSE(b->persistent);
		}
	}
	EXPECT_EQ(self->frames, next);
	EXPECT_EQ(5U, mine);
	ASSERT_EQ(0, dump_blocks(self->fd, self->fam, MMLAB_CMD_FREELIST_GET,
				 &fl, &r));
	for (i = 0; i < fl.n; i++)
		listed += 1ULL << fl.b[i].order;
	EXPECT_EQ(free_frames, listed);
}

/*
 * /proc/mmlab/buddyinfo and pagetypeinfo in the kernel's formats, their
 * numbers those of BUDDY_GET: per order, and per migratetype.
 */
TEST_F(buddy, proc_formats)
{
	struct alloc_req q = { .order = 2, .mt = MMLAB_MIGRATE_UNMOVABLE,
			       .count = 3 };
	unsigned long long bi[16], v;
	static struct got g;
	static char buf[8192];
	struct buddy st;
	struct reply r;
	const char *p;
	char name[32];
	unsigned int o, t, n;
	int got;

	ASSERT_EQ(0, buddy_alloc(self->fd, self->fam, &q, &g, &r));
	GET(&st);
	ASSERT_EQ(0, read_file(BUDDYINFO, buf, sizeof(buf)));
	ASSERT_EQ((int)st.max_order + 1, parse_buddyinfo(buf, bi, 16))
		TH_LOG("%s", buf);
	for (o = 0; o <= st.max_order; o++)
		EXPECT_EQ(st.o[o].free, bi[o]) TH_LOG("order %u", o);

	ASSERT_EQ(0, read_file(PAGETYPEINFO, buf, sizeof(buf)));
	got = sscanf(buf, "Page block order: %u", &n);
	ASSERT_EQ(1, got);
	EXPECT_EQ(st.pb_order, n);
	p = strstr(buf, "Free pages count per migrate type at order");
	ASSERT_NE(NULL, p);
	for (t = 0; t < 3; t++) {
		static const char *const names[] = {
			"Unmovable", "Movable", "Reclaimable",
		};
		int off;

		p = strstr(p, "Node    0, zone    mmlab, type ");
		ASSERT_NE(NULL, p) TH_LOG("type %u", t);
		got = sscanf(p + 31, "%31s%n", name, &off);
		ASSERT_EQ(1, got);
		EXPECT_STREQ(names[t], name);
		p += 31 + off;
		for (o = 0; o <= st.max_order; o++) {
			got = sscanf(p, "%llu%n", &v, &off);
			ASSERT_EQ(1, got);
			EXPECT_EQ(st.o[o].free_mt[t], v);
			p += off;
		}
	}
	p = strstr(p, "Number of blocks type     Unmovable      Movable  Reclaimable ");
	ASSERT_NE(NULL, p) TH_LOG("%s", buf);
	p = strstr(p, "Node 0, zone    mmlab ");
	ASSERT_NE(NULL, p);
	p += strlen("Node 0, zone    mmlab ");
	for (t = 0; t < 3; t++) {
		int off;

		got = sscanf(p, "%llu%n", &v, &off);
		ASSERT_EQ(1, got);
		EXPECT_EQ(st.pageblocks[t], v);
		p += off;
	}
	EXPECT_LT(0ULL, st.pageblocks[MMLAB_MIGRATE_UNMOVABLE]);
}

TEST_HARNESS_MAIN
