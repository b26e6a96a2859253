// SPDX-License-Identifier: GPL-2.0
/*
 * mmlab_slab - slab caches and kmalloc through the generic netlink ABI
 * (raw netlink, mmlab_msg.h), /proc/mmlab/slabinfo and debugfs
 * mmlab/slab/<cache>/:
 *
 *   lifecycle        create, get, dump, alloc, free, destroy; slabinfo
 *                    parses and agrees; the arena's frames come back
 *   bad_input        every refusal: errno, extack, counted, no change
 *   destroy_busy     refused while an object lives, the log names it
 *   socket_cleanup   a closed socket's caches and objects go, persistent
 *                    ones stay
 *   kmalloc_classes  sizes to classes, granted bytes, bytes asked for
 *   data_kept        bytes written into objects read back the same
 *   debug_detections red zone overwrites counted by validate and free
 *   two_cpus_hammer  two processes, one per CPU, hammer one cache;
 *                    validate() finds nothing after
 *
 * Runs on the module as loaded (any arena of 4 MiB or more, slab_debug
 * off: lifecycle asserts kmalloc-64's plain shape); every test leaves no
 * cache or object of its own behind.
 */
#define _GNU_SOURCE

#include <sched.h>
#include <sys/wait.h>

#include "mmlab_blocks.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "kselftest_harness.h"
#pragma GCC diagnostic pop
#pragma GCC diagnostic ignored "-Wclobbered"

#define SLABINFO	"/proc/mmlab/slabinfo"
#define SLABDBG		DBG "/slab"

struct cache {
	char name[32];
	__u32 object_size, align, flags, stride, objects, order, limit;
	__u32 red_left;
	__u64 active_objs, num_objs, num_slabs, live, requested, errors;
	__u64 alloc_fast, free_fast, alloc_slow, free_slow;
	bool kmalloc, persistent;
};

static int parse_cache(const struct msgbuf *m, struct cache *c)
{
	const struct nlattr *tb[MMLAB_A_MAX + 1];
	const struct nlattr *ct[MMLAB_A_CACHE_MAX + 1];
	const char *name;

	memset(c, 0, sizeof(*c));
	if (!m->len || parse_genl(&m->nlh, tb, MMLAB_A_MAX) ||
	    parse_nest(tb[MMLAB_A_CACHE], ct, MMLAB_A_CACHE_MAX))
		return -EBADMSG;
	name = get_str(ct[MMLAB_A_CACHE_C_NAME]);
	if (!name ||
	    !get_u32(ct[MMLAB_A_CACHE_OBJECT_SIZE], &c->object_size) ||
	    !get_u32(ct[MMLAB_A_CACHE_C_ALIGN], &c->align) ||
	    !get_u32(ct[MMLAB_A_CACHE_C_FLAGS], &c->flags) ||
	    !get_u32(ct[MMLAB_A_CACHE_STRIDE], &c->stride) ||
	    !get_u32(ct[MMLAB_A_CACHE_OBJECTS], &c->objects) ||
	    !get_u32(ct[MMLAB_A_CACHE_ORDER], &c->order) ||
	    !get_u32(ct[MMLAB_A_CACHE_LIMIT], &c->limit) ||
	    !get_u32(ct[MMLAB_A_CACHE_RED_LEFT], &c->red_left) ||
	    !get_u64(ct[MMLAB_A_CACHE_ACTIVE_OBJS], &c->active_objs) ||
	    !get_u64(ct[MMLAB_A_CACHE_NUM_OBJS], &c->num_objs) ||
	    !get_u64(ct[MMLAB_A_CACHE_NUM_SLABS], &c->num_slabs) ||
	    !get_u64(ct[MMLAB_A_CACHE_LIVE], &c->live) ||
	    !get_u64(ct[MMLAB_A_CACHE_REQUESTED], &c->requested) ||
	    !get_u64(ct[MMLAB_A_CACHE_ERRORS], &c->errors) ||
	    !get_u64(ct[MMLAB_A_CACHE_ALLOC_FAST], &c->alloc_fast) ||
	    !get_u64(ct[MMLAB_A_CACHE_FREE_FAST], &c->free_fast) ||
	    !get_u64(ct[MMLAB_A_CACHE_ALLOC_SLOW], &c->alloc_slow) ||
	    !get_u64(ct[MMLAB_A_CACHE_FREE_SLOW], &c->free_slow))
		return -EBADMSG;
	snprintf(c->name, sizeof(c->name), "%s", name);
	c->kmalloc = ct[MMLAB_A_CACHE_KMALLOC];
	c->persistent = ct[MMLAB_A_CACHE_PERSISTENT];
	return 0;
}

struct create_req {
	const char *name;
	__u64 size;
	__u32 align, flags;
	int ctor, mt;		/* -1: none */
	bool persistent;
};

static int cache_create(int fd, __u16 fam, const struct create_req *q,
			struct cache *c, struct reply *r)
{
	static struct msgbuf m;
	int err;

	msg_init(&m, fam, NLM_F_ACK, MMLAB_CMD_CACHE_CREATE,
		 MMLAB_GENL_VERSION);
	if (q->name)
		msg_put(&m, MMLAB_A_CACHE_NAME, q->name, strlen(q->name) + 1);
	if (q->size)
		msg_put(&m, MMLAB_A_SIZE, &q->size, sizeof(q->size));
	if (q->align)
		msg_put(&m, MMLAB_A_CACHE_ALIGN, &q->align, sizeof(q->align));
	if (q->flags)
		msg_put(&m, MMLAB_A_CACHE_FLAGS, &q->flags, sizeof(q->flags));
	if (q->ctor >= 0) {
		__u32 v = q->ctor;

		msg_put(&m, MMLAB_A_CACHE_CTOR, &v, sizeof(v));
	}
	if (q->mt >= 0) {
		__u32 v = q->mt;

		msg_put(&m, MMLAB_A_MT, &v, sizeof(v));
	}
	if (q->persistent)
		msg_put(&m, MMLAB_A_PERSISTENT, NULL, 0);
	err = transact(fd, &m, r);
	if (err || r->error)
		return err ? err : r->error;
	return c ? parse_cache(&r->msg, c) : 0;
}

/* CACHE_GET do; 0, or the kernel's error */
static int cache_get(int fd, __u16 fam, const char *name, struct cache *c,
		     struct reply *r)
{
	static struct msgbuf m;
	int err;

	msg_init(&m, fam, NLM_F_ACK, MMLAB_CMD_CACHE_GET, MMLAB_GENL_VERSION);
	msg_put(&m, MMLAB_A_CACHE_NAME, name, strlen(name) + 1);
	err = transact(fd, &m, r);
	if (err || r->error)
		return err ? err : r->error;
	return parse_cache(&r->msg, c);
}

static int name_cmd(int fd, __u16 fam, __u8 cmd, const char *name,
		    struct reply *r)
{
	static struct msgbuf m;
	int err;

	msg_init(&m, fam, NLM_F_ACK, cmd, MMLAB_GENL_VERSION);
	if (name)
		msg_put(&m, MMLAB_A_CACHE_NAME, name, strlen(name) + 1);
	err = transact(fd, &m, r);
	return err ? err : r->error;
}

struct caches {
	unsigned int n;
	char names[64][32];
};

static int collect_cache(const struct nlmsghdr *nlh, void *arg)
{
	struct caches *cs = arg;
	struct msgbuf m;
	struct cache c;

	memcpy(m.buf, nlh, nlh->nlmsg_len);
	m.len = nlh->nlmsg_len;
	if (parse_cache(&m, &c) || cs->n == 64)
		return -EBADMSG;
	snprintf(cs->names[cs->n++], 32, "%s", c.name);
	return 0;
}

static int cache_dump(int fd, __u16 fam, struct caches *cs)
{
	static struct msgbuf m;
	struct reply r;
	bool intr;

	memset(cs, 0, sizeof(*cs));
	msg_init(&m, fam, 0, MMLAB_CMD_CACHE_GET, MMLAB_GENL_VERSION);
	return dump(fd, &m, collect_cache, cs, &intr, &r);
}

static bool dumped(const struct caches *cs, const char *name)
{
	unsigned int i;

	for (i = 0; i < cs->n; i++)
		if (!strcmp(cs->names[i], name))
			return true;
	return false;
}

struct objs {
	unsigned int n;
	__u64 h[MAX_BLOCKS];
	char class[32];
	__u64 granted;
};

/* CACHE_ALLOC (name) or KMALLOC (size): the handles */
static int obj_alloc(int fd, __u16 fam, const char *name, __u64 size,
		     __u32 count, bool persistent, struct objs *o,
		     struct reply *r)
{
	const struct nlattr *tb[MMLAB_A_MAX + 1];
	static struct msgbuf m;
	const char *p;
	int err, len;

	msg_init(&m, fam, NLM_F_ACK,
		 name ? MMLAB_CMD_CACHE_ALLOC : MMLAB_CMD_KMALLOC,
		 MMLAB_GENL_VERSION);
	if (name)
		msg_put(&m, MMLAB_A_CACHE_NAME, name, strlen(name) + 1);
	else
		msg_put(&m, MMLAB_A_SIZE, &size, sizeof(size));
	if (count)
		msg_put(&m, MMLAB_A_COUNT, &count, sizeof(count));
	if (persistent)
		msg_put(&m, MMLAB_A_PERSISTENT, NULL, 0);
	memset(o, 0, sizeof(*o));
	err = transact(fd, &m, r);
	if (err || r->error)
		return err ? err : r->error;
	if (!r->msg.len || parse_genl(&r->msg.nlh, tb, MMLAB_A_MAX))
		return -EBADMSG;
	if (!name && (!get_str(tb[MMLAB_A_CACHE_NAME]) ||
		      !get_u64(tb[MMLAB_A_GRANTED], &o->granted)))
		return -EBADMSG;
	if (!name)
		snprintf(o->class, sizeof(o->class), "%s",
			 get_str(tb[MMLAB_A_CACHE_NAME]));
	p = (const char *)NLMSG_DATA(&r->msg.nlh) + GENL_HDRLEN;
	len = r->msg.nlh.nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	while (len >= NLA_HDRLEN) {
		const struct nlattr *a = (const struct nlattr *)p;

		if (a->nla_len < NLA_HDRLEN || a->nla_len > len)
			return -EBADMSG;
		if ((a->nla_type & NLA_TYPE_MASK) == MMLAB_A_HANDLE &&
		    (o->n == MAX_BLOCKS || !get_u64(a, &o->h[o->n++])))
			return -EBADMSG;
		len -= NLA_ALIGN(a->nla_len);
		p += NLA_ALIGN(a->nla_len);
	}
	return 0;
}

/* CACHE_FREE (kmalloc false, optional name) or KFREE */
static int obj_free(int fd, __u16 fam, bool kmalloc, const char *name,
		    const __u64 *h, unsigned int n, struct reply *r)
{
	static struct msgbuf m;
	unsigned int i;
	int err;

	msg_init(&m, fam, NLM_F_ACK,
		 kmalloc ? MMLAB_CMD_KFREE : MMLAB_CMD_CACHE_FREE,
		 MMLAB_GENL_VERSION);
	if (name)
		msg_put(&m, MMLAB_A_CACHE_NAME, name, strlen(name) + 1);
	for (i = 0; i < n; i++)
		msg_put(&m, MMLAB_A_HANDLE, &h[i], sizeof(h[i]));
	err = transact(fd, &m, r);
	return err ? err : r->error;
}

static int obj_write(int fd, __u16 fam, __u64 h, __s32 off, const void *data,
		     unsigned int len, struct reply *r)
{
	static struct msgbuf m;
	int err;

	msg_init(&m, fam, NLM_F_ACK, MMLAB_CMD_OBJECT_WRITE,
		 MMLAB_GENL_VERSION);
	msg_put(&m, MMLAB_A_HANDLE, &h, sizeof(h));
	msg_put(&m, MMLAB_A_OFFSET, &off, sizeof(off));
	if (len)
		msg_put(&m, MMLAB_A_DATA, data, len);
	err = transact(fd, &m, r);
	return err ? err : r->error;
}

static int obj_read(int fd, __u16 fam, __u64 h, __s32 off, void *data,
		    __u32 len, struct reply *r)
{
	const struct nlattr *tb[MMLAB_A_MAX + 1];
	static struct msgbuf m;
	int err;

	msg_init(&m, fam, NLM_F_ACK, MMLAB_CMD_OBJECT_READ,
		 MMLAB_GENL_VERSION);
	msg_put(&m, MMLAB_A_HANDLE, &h, sizeof(h));
	msg_put(&m, MMLAB_A_OFFSET, &off, sizeof(off));
	msg_put(&m, MMLAB_A_LENGTH, &len, sizeof(len));
	err = transact(fd, &m, r);
	if (err || r->error)
		return err ? err : r->error;
	if (!r->msg.len || parse_genl(&r->msg.nlh, tb, MMLAB_A_MAX) ||
	    !tb[MMLAB_A_DATA] || ATTR_LEN(tb[MMLAB_A_DATA]) != (int)len)
		return -EBADMSG;
	memcpy(data, ATTR_DATA(tb[MMLAB_A_DATA]), len);
	return 0;
}

/* A cache's line of /proc/mmlab/slabinfo, its numbers; 0 or -1 */
struct slabinfo_line {
	unsigned long active, num, objsize, per, pages, limit, batch, shared;
	unsigned long aslabs, nslabs, savail;
};

static int slabinfo_of(const char *name, struct slabinfo_line *s)
{
	static char buf[65536];
	char *line, *save = NULL, n[64];

	if (read_file(SLABINFO, buf, sizeof(buf)))
		return -1;
	if (strncmp(buf, "slabinfo - version: 2.1\n# name ", 31))
		return -1;
	for (line = strtok_r(buf, "\n", &save); line;
	     line = strtok_r(NULL, "\n", &save))
		if (sscanf(line,
			   "%63s %lu %lu %lu %lu %lu : tunables %lu %lu %lu : slabdata %lu %lu %lu",
			   n, &s->active, &s->num, &s->objsize, &s->per,
			   &s->pages, &s->limit, &s->batch, &s->shared,
			   &s->aslabs, &s->nslabs, &s->savail) == 12 &&
		    !strcmp(n, name))
			return 0;
	return -1;
}

static unsigned long long frames_free(void)
{
	char buf[4096];
	const char *v = status_value("FramesFree:", buf, sizeof(buf));

	return v ? strtoull(v, NULL, 10) : 0;
}

static int shrink(const char *cache)
{
	char path[128];

	snprintf(path, sizeof(path), SLABDBG "/%s/shrink", cache);
	return write_text(path, "1");
}

static long validate(const char *cache)
{
	char path[128], buf[64];

	snprintf(path, sizeof(path), SLABDBG "/%s/validate", cache);
	if (read_file(path, buf, sizeof(buf)))
		return -1;
	return strtol(buf, NULL, 10);
}

FIXTURE(slab) {
	int fd;
	__u16 fam;
};

FIXTURE_SETUP(slab)
{
	struct family f;

	self->fd = nl_socket();
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, resolve_family(self->fd, &f))
		TH_LOG("generic netlink family \"mmlab\" not found");
	self->fam = f.id;
}

FIXTURE_TEARDOWN(slab)
{
	close(self->fd);
}

#define CREATE(q, c)							\
	do {								\
		struct reply __r;					\
		ASSERT_EQ(0, cache_create(self->fd, self->fam, q, c,	\
					  &__r))			\
			TH_LOG("create: %s", __r.extack);		\
	} while (0)

/*
 * A cache from creation to destruction: its shape (kmalloc-64's: 64
 * objects in an order-0 slab), GET and the dump agree, 100 objects live
 * in ceil(100 / 64) slabs or more, slabinfo shows the same, and after the
 * frees, a shrink and the destroy the arena has every frame back.
 */
TEST_F(slab, lifecycle)
{
	struct create_req q = { .name = "st-life", .size = 64, .ctor = -1,
				.mt = -1 };
	unsigned long long free0 = frames_free();
	struct slabinfo_line si;
	static struct objs o;
	struct caches cs;
	struct cache c;
	struct reply r;

	CREATE(&q, &c);
	EXPECT_STREQ("st-life", c.name);
	EXPECT_EQ(64U, c.object_size);
	EXPECT_EQ(64U, c.stride);
	EXPECT_EQ(64U, c.objects);
	EXPECT_EQ(0U, c.order);
	EXPECT_EQ(120U, c.limit);
	EXPECT_FALSE(c.persistent);
	EXPECT_EQ(0ULL, c.num_slabs);

	ASSERT_EQ(0, obj_alloc(self->fd, self->fam, "st-life", 0, 100, false,
			       &o, &r)) TH_LOG("%s", r.extack);
	ASSERT_EQ(100U, o.n);
	ASSERT_EQ(0, cache_get(self->fd, self->fam, "st-life", &c, &r));
	EXPECT_EQ(100ULL, c.live);
	EXPECT_LE(2ULL, c.num_slabs);
	EXPECT_LE(100ULL, c.active_objs);
	EXPECT_EQ(c.num_slabs * 64, c.num_objs);
	ASSERT_EQ(0, slabinfo_of("st-life", &si)) TH_LOG("no slabinfo line");
	EXPECT_EQ(c.active_objs, si.active);
	EXPECT_EQ(c.num_objs, si.num);
	EXPECT_EQ(64UL, si.objsize);
	EXPECT_EQ(64UL, si.per);
	EXPECT_EQ(1UL, si.pages);
	EXPECT_EQ(120UL, si.limit);
	EXPECT_EQ(60UL, si.batch);
	EXPECT_EQ(c.num_slabs, si.nslabs);
	EXPECT_GT(free0, frames_free());

	ASSERT_EQ(0, cache_dump(self->fd, self->fam, &cs));
	EXPECT_TRUE(dumped(&cs, "st-life"));
	EXPECT_TRUE(dumped(&cs, "kmalloc-64"));
	EXPECT_TRUE(dumped(&cs, "kmalloc-8k"));
	EXPECT_STREQ("st-life", cs.names[0]);	/* newest first */

	ASSERT_EQ(0, obj_free(self->fd, self->fam, false, "st-life", o.h,
			      o.n, &r)) TH_LOG("%s", r.extack);
	ASSERT_EQ(0, cache_get(self->fd, self->fam, "st-life", &c, &r));
	EXPECT_EQ(0ULL, c.live);
	EXPECT_EQ(0, validate("st-life"));
	ASSERT_EQ(0, shrink("st-life"));
	ASSERT_EQ(0, cache_get(self->fd, self->fam, "st-life", &c, &r));
	EXPECT_EQ(0ULL, c.num_slabs);
	EXPECT_EQ(free0, frames_free());
	ASSERT_EQ(0, name_cmd(self->fd, self->fam, MMLAB_CMD_CACHE_DESTROY,
			      "st-life", &r)) TH_LOG("%s", r.extack);
	EXPECT_EQ(-ENOENT, cache_get(self->fd, self->fam, "st-life", &c, &r));
	EXPECT_NE(0, slabinfo_of("st-life", &si));
	EXPECT_EQ(free0, frames_free());
}

/*
 * Bad requests: each refused with its errno and an extack message,
 * counted in nl-errors, changing nothing (the set of caches, the object
 * still there).
 */
TEST_F(slab, bad_input)
{
	/* the policy refuses some before the handler counts them */
	static const struct {
		struct create_req q;
		int err;
		bool policy;
	} bad[] = {
		{ { .size = 64, .ctor = -1, .mt = -1 }, -EINVAL, false },
		{ { .name = "st-bad", .ctor = -1, .mt = -1 }, -EINVAL, false },
		{ { .name = "st-bad", .size = (1 << 20) + 1, .ctor = -1,
		    .mt = -1 }, -EINVAL, false },
		{ { .name = "st-bad", .size = 64, .align = 3, .ctor = -1,
		    .mt = -1 }, -EINVAL, false },
		{ { .name = "st-bad", .size = 64, .align = 8192, .ctor = -1,
		    .mt = -1 }, -EINVAL, false },
		{ { .name = "st-bad", .size = 64, .flags = 0x100, .ctor = -1,
		    .mt = -1 }, -EINVAL, true },
		{ { .name = "st-bad", .size = 64, .ctor = 256, .mt = -1 },
		  -ERANGE, true },
		{ { .name = "st-bad", .size = 64, .ctor = -1, .mt = 1 },
		  -EINVAL, false },
		{ { .name = "st/bad", .size = 64, .ctor = -1, .mt = -1 },
		  -EINVAL, false },
		{ { .name = "st bad", .size = 64, .ctor = -1, .mt = -1 },
		  -EINVAL, false },
		{ { .name = "kmalloc-64", .size = 64, .ctor = -1, .mt = -1 },
		  -EEXIST, false },
	};
	struct create_req ok = { .name = "st-bad-ok", .size = 100,
				 .ctor = -1, .mt = -1 };
	static struct objs o, k, none;
	struct caches before, after;
	unsigned long long errs;
	char data[8] = "abcdefg";
	__u64 twice[2], bogus;
	struct cache c;
	struct reply r;
	unsigned int i;

	CREATE(&ok, &c);
	ASSERT_EQ(0, obj_alloc(self->fd, self->fam, NULL, 40, 1, false, &k,
			       &r));
	ASSERT_EQ(0, cache_dump(self->fd, self->fam, &before));
	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		errs = nl_errors();
		EXPECT_EQ(bad[i].err, cache_create(self->fd, self->fam,
						   &bad[i].q, NULL, &r))
			TH_LOG("case %u", i);
		EXPECT_TRUE(r.has_extack_msg) TH_LOG("case %u", i);
		EXPECT_EQ(errs + !bad[i].policy, nl_errors())
			TH_LOG("case %u", i);
	}
	EXPECT_EQ(-ENOENT, name_cmd(self->fd, self->fam,
				    MMLAB_CMD_CACHE_DESTROY, "st-none", &r));
	EXPECT_TRUE(r.has_extack_msg);
	EXPECT_EQ(-EPERM, name_cmd(self->fd, self->fam,
				   MMLAB_CMD_CACHE_DESTROY, "kmalloc-64", &r));
	EXPECT_TRUE(r.has_extack_msg);
	EXPECT_EQ(-EINVAL, name_cmd(self->fd, self->fam,
				    MMLAB_CMD_CACHE_DESTROY, NULL, &r));
	EXPECT_EQ(-ENOENT, obj_alloc(self->fd, self->fam, "st-none", 0, 1,
				     false, &o, &r));
	EXPECT_EQ(-EINVAL, obj_alloc(self->fd, self->fam, NULL, 0, 1, false,
				     &o, &r));
	EXPECT_EQ(-EINVAL, obj_alloc(self->fd, self->fam, NULL,
				     (1ULL << 30) + 1, 1, false, &o, &r));
	/* frees: unknown, twice, the wrong kind, the wrong cache */
	ASSERT_EQ(0, obj_alloc(self->fd, self->fam, "st-bad-ok", 0, 1, false,
			       &o, &r));
	bogus = o.h[0] + (1ULL << 32);
	EXPECT_EQ(-ENOENT, obj_free(self->fd, self->fam, false, NULL, &bogus,
				    1, &r));
	EXPECT_TRUE(r.has_extack_msg);
	twice[0] = twice[1] = o.h[0];
	EXPECT_EQ(-EINVAL, obj_free(self->fd, self->fam, false, NULL, twice,
				    2, &r));
	EXPECT_EQ(-EINVAL, obj_free(self->fd, self->fam, true, NULL, o.h, 1,
				    &r));
	EXPECT_EQ(-EINVAL, obj_free(self->fd, self->fam, false, NULL, k.h, 1,
				    &r));
	EXPECT_EQ(-EINVAL, obj_free(self->fd, self->fam, false, "kmalloc-64",
				    o.h, 1, &r));
	EXPECT_EQ(-EINVAL, obj_free(self->fd, self->fam, false, NULL, NULL, 0,
				    &r));
	/* writes: outside the slot, no data */
	EXPECT_EQ(-ERANGE, obj_write(self->fd, self->fam, o.h[0], 100 + 4,
				     data, 8, &r));
	EXPECT_EQ(-ERANGE, obj_write(self->fd, self->fam, o.h[0], -8, data,
				     8, &r));
	EXPECT_EQ(-EINVAL, obj_write(self->fd, self->fam, o.h[0], 0, data, 0,
				     &r));
	EXPECT_EQ(-ERANGE, obj_read(self->fd, self->fam, k.h[0], 0, data,
				    4096, &r));
	EXPECT_EQ(-ENOENT, obj_read(self->fd, self->fam, 0, 0, data, 8, &r));
	/* a block larger than the arena's largest: -E2BIG, not "full" */
	EXPECT_EQ(-E2BIG, obj_alloc(self->fd, self->fam, NULL, 1ULL << 30, 1,
				    false, &none, &r));
	EXPECT_TRUE(r.has_extack_msg);
	/* nothing changed: the caches, the objects */
	ASSERT_EQ(0, cache_dump(self->fd, self->fam, &after));
	EXPECT_EQ(before.n, after.n);
	ASSERT_EQ(0, cache_get(self->fd, self->fam, "st-bad-ok", &c, &r));
	EXPECT_EQ(1ULL, c.live);
	EXPECT_EQ(0, obj_free(self->fd, self->fam, false, "st-bad-ok", o.h,
			      1, &r));
	EXPECT_EQ(0, obj_free(self->fd, self->fam, true, NULL, k.h, 1, &r));
	EXPECT_EQ(-ENOENT, obj_free(self->fd, self->fam, true, NULL, k.h, 1,
				    &r));	/* stale now */
	EXPECT_EQ(0, name_cmd(self->fd, self->fam, MMLAB_CMD_CACHE_DESTROY,
			      "st-bad-ok", &r)) TH_LOG("%s", r.extack);
}

/* Destroy is refused while an object lives, and names it in the log. */
TEST_F(slab, destroy_busy)
{
	struct create_req q = { .name = "st-busy", .size = 200, .ctor = -1,
				.mt = -1 };
	static struct objs o;
	struct cache c;
	struct reply r;
	char log[4096];
	FILE *f;

	CREATE(&q, &c);
	ASSERT_EQ(0, obj_alloc(self->fd, self->fam, "st-busy", 0, 3, false,
			       &o, &r));
	ASSERT_EQ(0, obj_free(self->fd, self->fam, false, NULL, o.h, 2, &r));
	EXPECT_EQ(-EBUSY, name_cmd(self->fd, self->fam,
				   MMLAB_CMD_CACHE_DESTROY, "st-busy", &r));
	EXPECT_TRUE(r.has_extack_msg);
	ASSERT_EQ(0, cache_get(self->fd, self->fam, "st-busy", &c, &r));
	EXPECT_EQ(1ULL, c.live);
	f = popen("dmesg | grep 'slab st-busy: object' | wc -l", "r");
	ASSERT_NE(NULL, f);
	ASSERT_NE(NULL, fgets(log, sizeof(log), f));
	pclose(f);
	EXPECT_EQ(1, atoi(log));
	ASSERT_EQ(0, obj_free(self->fd, self->fam, false, NULL, &o.h[2], 1,
			      &r));
	EXPECT_EQ(0, name_cmd(self->fd, self->fam, MMLAB_CMD_CACHE_DESTROY,
			      "st-busy", &r)) TH_LOG("%s", r.extack);
}

/*
 * A socket's caches and objects go when it closes; persistent ones stay,
 * and another socket may free them.
 */
TEST_F(slab, socket_cleanup)
{
	struct create_req mine = { .name = "st-sock", .size = 48, .ctor = -1,
				   .mt = -1 };
	struct create_req kept = { .name = "st-kept", .size = 48, .ctor = -1,
				   .mt = -1, .persistent = true };
	static struct objs o, p, k;
	struct cache c, k96;
	struct reply r;
	int fd2 = nl_socket(), tries;

	ASSERT_LE(0, fd2);
	ASSERT_EQ(0, cache_get(self->fd, self->fam, "kmalloc-96", &k96, &r));
	ASSERT_EQ(0, cache_create(fd2, self->fam, &mine, &c, &r));
	ASSERT_EQ(0, cache_create(fd2, self->fam, &kept, &c, &r));
	EXPECT_TRUE(c.persistent);
	ASSERT_EQ(0, obj_alloc(fd2, self->fam, "st-sock", 0, 10, false, &o,
			       &r));
	ASSERT_EQ(0, obj_alloc(fd2, self->fam, "st-kept", 0, 5, true, &p,
			       &r));
	ASSERT_EQ(0, obj_alloc(fd2, self->fam, "st-kept", 0, 5, false, &o,
			       &r));
	ASSERT_EQ(0, obj_alloc(fd2, self->fam, NULL, 90, 7, false, &k, &r));
	EXPECT_STREQ("kmalloc-96", k.class);
	/* another socket may not free them */
	EXPECT_EQ(-ENOENT, obj_free(self->fd, self->fam, true, NULL, k.h, 1,
				    &r));
	close(fd2);
	for (tries = 0; tries < 50; tries++) {
		if (cache_get(self->fd, self->fam, "st-sock", &c, &r) ==
		    -ENOENT)
			break;
		usleep(20000);
	}
	EXPECT_EQ(-ENOENT, cache_get(self->fd, self->fam, "st-sock", &c,
				     &r));
	ASSERT_EQ(0, cache_get(self->fd, self->fam, "st-kept", &c, &r));
	EXPECT_EQ(5ULL, c.live);
	ASSERT_EQ(0, cache_get(self->fd, self->fam, "kmalloc-96", &c, &r));
	EXPECT_EQ(k96.live, c.live);
	EXPECT_EQ(k96.requested, c.requested);
	EXPECT_EQ(0, obj_free(self->fd, self->fam, false, "st-kept", p.h,
			      p.n, &r)) TH_LOG("%s", r.extack);
	EXPECT_EQ(0, name_cmd(self->fd, self->fam, MMLAB_CMD_CACHE_DESTROY,
			      "st-kept", &r)) TH_LOG("%s", r.extack);
}

/*
 * kmalloc: each size to the smallest class that holds it (above 8k a
 * block of its own); bytes asked for are added up per class, exactly.
 */
TEST_F(slab, kmalloc_classes)
{
	static const struct {
		__u64 size;
		const char *class;
		__u64 granted;
	} want[] = {
		{ 1, "kmalloc-8", 8 }, { 8, "kmalloc-8", 8 },
		{ 9, "kmalloc-16", 16 }, { 65, "kmalloc-96", 96 },
		{ 96, "kmalloc-96", 96 }, { 97, "kmalloc-128", 128 },
		{ 150, "kmalloc-192", 192 }, { 193, "kmalloc-256", 256 },
		{ 1000, "kmalloc-1k", 1024 }, { 8192, "kmalloc-8k", 8192 },
		{ 8193, "kmalloc-large", 16384 },
		{ 3 * 4096 + 1, "kmalloc-large", 16384 },
	};
	static struct objs o[ARRAY_SIZE(want)];
	struct cache before, after;
	struct reply r;
	unsigned int i;

	ASSERT_EQ(0, cache_get(self->fd, self->fam, "kmalloc-192", &before,
			       &r));
	for (i = 0; i < ARRAY_SIZE(want); i++) {
		ASSERT_EQ(0, obj_alloc(self->fd, self->fam, NULL, want[i].size,
				       3, false, &o[i], &r))
			TH_LOG("%llu: %s", want[i].size, r.extack);
		EXPECT_EQ(3U, o[i].n);
		EXPECT_STREQ(want[i].class, o[i].class);
		EXPECT_EQ(want[i].granted, o[i].granted);
	}
	ASSERT_EQ(0, cache_get(self->fd, self->fam, "kmalloc-192", &after,
			       &r));
	EXPECT_EQ(before.live + 3, after.live);
	EXPECT_EQ(before.requested + 3 * 150, after.requested);
	EXPECT_TRUE(after.kmalloc);
	for (i = 0; i < ARRAY_SIZE(want); i++)
		EXPECT_EQ(0, obj_free(self->fd, self->fam, true, NULL, o[i].h,
				      o[i].n, &r)) TH_LOG("%s", r.extack);
	ASSERT_EQ(0, cache_get(self->fd, self->fam, "kmalloc-192", &after,
			       &r));
	EXPECT_EQ(before.live, after.live);
	EXPECT_EQ(before.requested, after.requested);
}

/* Bytes written into objects read back the same, whatever else happens. */
TEST_F(slab, data_kept)
{
	struct create_req q = { .name = "st-data", .size = 333, .ctor = -1,
				.mt = -1 };
	static struct objs a, b;
	unsigned char in[333], out[333];
	struct cache c;
	struct reply r;
	unsigned int i, j;

	CREATE(&q, &c);
	ASSERT_EQ(0, obj_alloc(self->fd, self->fam, "st-data", 0, 50, false,
			       &a, &r));
	for (i = 0; i < a.n; i++) {
		for (j = 0; j < sizeof(in); j++)
			in[j] = (unsigned char)(i * 7 + j);
		ASSERT_EQ(0, obj_write(self->fd, self->fam, a.h[i], 0, in,
				       sizeof(in), &r)) TH_LOG("%s", r.extack);
	}
	/* churn: others come and go between */
	for (i = 0; i < 5; i++) {
		ASSERT_EQ(0, obj_alloc(self->fd, self->fam, "st-data", 0, 40,
				       false, &b, &r));
		ASSERT_EQ(0, obj_free(self->fd, self->fam, false, NULL, b.h,
				      b.n, &r));
	}
	for (i = 0; i < a.n; i++) {
		ASSERT_EQ(0, obj_read(self->fd, self->fam, a.h[i], 0, out,
				      sizeof(out), &r)) TH_LOG("%s", r.extack);
		for (j = 0; j < sizeof(in); j++)
			in[j] = (unsigned char)(i * 7 + j);
		EXPECT_EQ(0, memcmp(in, out, sizeof(in))) TH_LOG("object %u", i);
	}
	ASSERT_EQ(0, obj_free(self->fd, self->fam, false, NULL, a.h, a.n, &r));
	EXPECT_EQ(0, name_cmd(self->fd, self->fam, MMLAB_CMD_CACHE_DESTROY,
			      "st-data", &r)) TH_LOG("%s", r.extack);
}

/*
 * Debug mode: a byte written past an object's end or before its start
 * lands in a red zone (0xcc while allocated); validate() reports it, the
 * free reports and counts it once and repairs it.
 */
TEST_F(slab, debug_detections)
{
	struct create_req q = { .name = "st-debug", .size = 64, .ctor = -1,
				.mt = -1,
				.flags = MMLAB_CACHE_RED_ZONE |
					 MMLAB_CACHE_POISON |
					 MMLAB_CACHE_CHECKS };
	unsigned char red[8], x = 0x42;
	static struct objs o;
	struct cache c;
	struct reply r;

	CREATE(&q, &c);
	EXPECT_EQ(0U, c.limit);		/* checked: no per-CPU arrays */
	EXPECT_EQ(8U, c.red_left);
	ASSERT_EQ(0, obj_alloc(self->fd, self->fam, "st-debug", 0, 2, false,
			       &o, &r));
	ASSERT_EQ(0, obj_read(self->fd, self->fam, o.h[0], 64, red, 8, &r));
	EXPECT_EQ(0xcc, red[0]);
	EXPECT_EQ(0xcc, red[7]);
	ASSERT_EQ(0, obj_read(self->fd, self->fam, o.h[0], -8, red, 8, &r));
	EXPECT_EQ(0xcc, red[7]);

	ASSERT_EQ(0, write_text("/dev/kmsg",
				"mmlab-selftest: expect-errors-begin mmlab_slab#debug"));
	ASSERT_EQ(0, obj_write(self->fd, self->fam, o.h[0], 64, &x, 1, &r));
	ASSERT_EQ(0, obj_write(self->fd, self->fam, o.h[1], -1, &x, 1, &r));
	EXPECT_EQ(2, validate("st-debug"));
	EXPECT_EQ(0, obj_free(self->fd, self->fam, false, NULL, o.h, 2, &r));
	ASSERT_EQ(0, write_text("/dev/kmsg",
				"mmlab-selftest: expect-errors-end mmlab_slab#debug"));
	ASSERT_EQ(0, cache_get(self->fd, self->fam, "st-debug", &c, &r));
	EXPECT_EQ(2ULL, c.errors);
	EXPECT_EQ(0, validate("st-debug"));

	/*
	 * A red zone written over to look free: the checks take the free
	 * for a double free and refuse it; the object and its handle stay.
	 */
	ASSERT_EQ(0, obj_alloc(self->fd, self->fam, "st-debug", 0, 1, false,
			       &o, &r));
	memset(red, 0xbb, sizeof(red));
	ASSERT_EQ(0, write_text("/dev/kmsg",
				"mmlab-selftest: expect-errors-begin mmlab_slab#refused"));
	ASSERT_EQ(0, obj_write(self->fd, self->fam, o.h[0], -8, red, 8, &r));
	EXPECT_EQ(-EINVAL, obj_free(self->fd, self->fam, false, NULL, o.h, 1,
				    &r));
	EXPECT_TRUE(r.has_extack_msg);
	ASSERT_EQ(0, write_text("/dev/kmsg",
				"mmlab-selftest: expect-errors-end mmlab_slab#refused"));
	ASSERT_EQ(0, cache_get(self->fd, self->fam, "st-debug", &c, &r));
	EXPECT_EQ(1ULL, c.live);
	EXPECT_EQ(3ULL, c.errors);
	memset(red, 0xcc, sizeof(red));
	ASSERT_EQ(0, obj_write(self->fd, self->fam, o.h[0], -8, red, 8, &r));
	EXPECT_EQ(0, obj_free(self->fd, self->fam, false, NULL, o.h, 1, &r))
		TH_LOG("%s", r.extack);
	EXPECT_EQ(0, validate("st-debug"));
	EXPECT_EQ(0, name_cmd(self->fd, self->fam, MMLAB_CMD_CACHE_DESTROY,
			      "st-debug", &r)) TH_LOG("%s", r.extack);
}

/* One hammer writer, pinned to @cpu: 0 or the write's -errno. */
static int hammer_on(int cpu, const char *cache, const char *rounds)
{
	char path[128];
	cpu_set_t set;

	CPU_ZERO(&set);
	CPU_SET(cpu, &set);
	if (sched_setaffinity(0, sizeof(set), &set))
		return -errno;
	snprintf(path, sizeof(path), SLABDBG "/%s/hammer", cache);
	return write_text(path, rounds);
}

/*
 * Two processes, one on each of two CPUs, hammer one cache at once: both
 * the lock-free fast paths and the locked slow paths run side by side;
 * no object comes back changed, validate() finds nothing after, and the
 * counters add up.
 */
TEST_F(slab, two_cpus_hammer)
{
	struct create_req q = { .name = "st-hammer", .size = 128, .ctor = -1,
				.mt = -1 };
	pid_t pid[2];
	struct cache c;
	struct reply r;
	int i, status;

	if (sysconf(_SC_NPROCESSORS_ONLN) < 2)
		SKIP(return, "needs 2 CPUs online");
	CREATE(&q, &c);
	for (i = 0; i < 2; i++) {
		pid[i] = fork();
		ASSERT_LE(0, pid[i]);
		if (!pid[i])
			_exit(hammer_on(i, "st-hammer", "4000") ? 1 : 0);
	}
	for (i = 0; i < 2; i++) {
		ASSERT_EQ(pid[i], waitpid(pid[i], &status, 0));
		EXPECT_TRUE(WIFEXITED(status) && !WEXITSTATUS(status))
			TH_LOG("hammer %d failed", i);
	}
	EXPECT_EQ(0, validate("st-hammer"));
	ASSERT_EQ(0, cache_get(self->fd, self->fam, "st-hammer", &c, &r));
	EXPECT_EQ(0ULL, c.live);
	EXPECT_EQ(0ULL, c.errors);
	/* every allocation and free counted once, on one path */
	EXPECT_EQ(2ULL * 4000 * 16, c.alloc_fast + c.alloc_slow);
	EXPECT_EQ(2ULL * 4000 * 16, c.free_fast + c.free_slow);
	EXPECT_LT(c.alloc_slow, c.alloc_fast);
	EXPECT_EQ(0, name_cmd(self->fd, self->fam, MMLAB_CMD_CACHE_DESTROY,
			      "st-hammer", &r)) TH_LOG("%s", r.extack);
}

TEST_HARNESS_MAIN
