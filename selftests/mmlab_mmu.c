// SPDX-License-Identifier: GPL-2.0
/*
 * mmlab_mmu - the software MMU through the generic netlink ABI (raw
 * netlink, mmlab_msg.h), /proc/mmlab/status and debugfs mmlab/spaces/:
 *
 *   two_level_examples  the textbook's 10/10/12 split of a 32-bit
 *                       address: 0x00403004 walks entry 1 of the top
 *                       table and entry 3 of the second, offset 4;
 *                       0x12345678 walks 0x48 and 0x345, offset 0x678;
 *                       the top entry names the second table, its entry
 *                       the leaf; the bytes read back
 *   faults_reported     segmentation and protection faults counted in the
 *                       reply, in /proc/mmlab/status and multicast as
 *                       fault events; the batch goes on after them
 *   data_survives       patterns written across pages read back the same,
 *                       in a multi-level and an inverted space
 *   clone_cow           a clone sees the parent's bytes; each side's
 *                       writes copy the page and stay its own
 *   tlb                 a 2-entry TLB: hits and misses as LRU says; the
 *                       entry dump; ASIDs keep two spaces' entries (the
 *                       fixture's teardown puts the default TLB back)
 *   frames_back         spaces, clones, shared regions: destroying them
 *                       gives the buddy every frame back
 *   bad_input           every refusal: errno, extack, counted, no change
 *   socket_cleanup      a closed socket's spaces go, persistent ones
 *                       stay; another socket may not change them
 *   debugfs             maps and pagetable show the space
 *   two_cpus            a process per CPU, each its own space, writes
 *                       and reads back patterns; validate finds nothing
 *
 * Runs on the module as loaded (any arena of 4 MiB or more); every test
 * leaves no space of its own behind.
 */
#define _GNU_SOURCE

#include <sched.h>
#include <sys/sysinfo.h>
#include <sys/wait.h>

#include "mmlab_blocks.h"

#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "kselftest_harness.h"
#pragma GCC diagnostic pop
#pragma GCC diagnostic ignored "-Wclobbered"

#define RW	(MMLAB_PROT_READ | MMLAB_PROT_WRITE)

struct space {
	__u32 id, owner, levels, va_bits, pte_size, regions;
	__u64 rss, table_frames;
	bool inverted;
	char geometry[32];
};

static int parse_space(const struct msgbuf *m, struct space *s)
{
	const struct nlattr *tb[MMLAB_A_MAX + 1];
	const struct nlattr *st[MMLAB_A_SPACE_MAX + 1];
	const char *g;

	memset(s, 0, sizeof(*s));
	if (!m->len || parse_genl(&m->nlh, tb, MMLAB_A_MAX) ||
	    parse_nest(tb[MMLAB_A_SPACE], st, MMLAB_A_SPACE_MAX))
		return -EBADMSG;
	g = get_str(st[MMLAB_A_SPACE_S_GEOMETRY]);
	if (!g || !get_u32(st[MMLAB_A_SPACE_S_ID], &s->id) ||
	    !get_u32(st[MMLAB_A_SPACE_OWNER], &s->owner) ||
	    !get_u32(st[MMLAB_A_SPACE_LEVELS], &s->levels) ||
	    !get_u32(st[MMLAB_A_SPACE_VA_BITS], &s->va_bits) ||
	    !get_u32(st[MMLAB_A_SPACE_PTE_SIZE], &s->pte_size) ||
	    !get_u32(st[MMLAB_A_SPACE_REGIONS], &s->regions) ||
	    !get_u64(st[MMLAB_A_SPACE_RSS], &s->rss) ||
	    !get_u64(st[MMLAB_A_SPACE_TABLE_FRAMES], &s->table_frames))
		return -EBADMSG;
	snprintf(s->geometry, sizeof(s->geometry), "%s", g);
	s->inverted = st[MMLAB_A_SPACE_S_INVERTED];
	return 0;
}

static int space_create(int fd, __u16 fam, const char *geom, bool inverted,
			bool persistent, struct space *s, struct reply *r)
{
	static struct msgbuf m;
	int err;

	msg_init(&m, fam, NLM_F_ACK, MMLAB_CMD_SPACE_CREATE,
		 MMLAB_GENL_VERSION);
	if (geom)
		msg_put(&m, MMLAB_A_GEOMETRY, geom, strlen(geom) + 1);
	if (inverted)
		msg_put(&m, MMLAB_A_INVERTED, NULL, 0);
	if (persistent)
		msg_put(&m, MMLAB_A_PERSISTENT, NULL, 0);
	err = transact(fd, &m, r);
	if (err || r->error)
		return err ? err : r->error;
	return s ? parse_space(&r->msg, s) : 0;
}

/* A command on space @id with a u64 address and length (0: left out). */
static int space_cmd(int fd, __u16 fam, __u8 cmd, __u32 id, __u64 addr,
		     __u64 len, int prot, int kind, __u32 shm,
		     struct reply *r)
{
	static struct msgbuf m;
	int err;

	msg_init(&m, fam, NLM_F_ACK, cmd, MMLAB_GENL_VERSION);
	if (id)
		msg_put(&m, MMLAB_A_SPACE_ID, &id, sizeof(id));
	if (addr != ~0ULL)
		msg_put(&m, MMLAB_A_ADDR, &addr, sizeof(addr));
	if (len)
		msg_put(&m, MMLAB_A_RANGE_LEN, &len, sizeof(len));
	if (prot >= 0) {
		__u32 v = prot;

		msg_put(&m, MMLAB_A_PROT, &v, sizeof(v));
	}
	if (kind >= 0) {
		__u32 v = kind;

		msg_put(&m, MMLAB_A_REGION_KIND, &v, sizeof(v));
	}
	if (shm)
		msg_put(&m, MMLAB_A_SHM, &shm, sizeof(shm));
	err = transact(fd, &m, r);
	return err ? err : r->error;
}

#define MAP(id, addr, len, prot, kind)					\
	do {								\
		struct reply __r;					\
		ASSERT_EQ(0, space_cmd(self->fd, self->fam, MMLAB_CMD_MAP, \
				       id, addr, len, prot, kind, 0, &__r)) \
			TH_LOG("map: %s", __r.extack);			\
	} while (0)

static int destroy(int fd, __u16 fam, __u32 id)
{
	struct reply r;

	return space_cmd(fd, fam, MMLAB_CMD_SPACE_DESTROY, id, ~0ULL, 0, -1,
			 -1, 0, &r);
}

static int space_get(int fd, __u16 fam, __u32 id, struct space *s,
		     struct reply *r)
{
	int err = space_cmd(fd, fam, MMLAB_CMD_SPACE_GET, id, ~0ULL, 0, -1,
			    -1, 0, r);

	return err ? err : parse_space(&r->msg, s);
}

static int clone_space(int fd, __u16 fam, __u32 id, struct space *s,
		       struct reply *r)
{
	int err = space_cmd(fd, fam, MMLAB_CMD_SPACE_CLONE, id, ~0ULL, 0, -1,
			    -1, 0, r);

	return err ? err : parse_space(&r->msg, s);
}

static int space_write(int fd, __u16 fam, __u32 id, __u64 addr,
		       const void *data, unsigned int len, struct reply *r)
{
	static struct msgbuf m;
	int err;

	msg_init(&m, fam, NLM_F_ACK, MMLAB_CMD_SPACE_WRITE,
		 MMLAB_GENL_VERSION);
	msg_put(&m, MMLAB_A_SPACE_ID, &id, sizeof(id));
	msg_put(&m, MMLAB_A_ADDR, &addr, sizeof(addr));
	msg_put(&m, MMLAB_A_DATA, data, len);
	err = transact(fd, &m, r);
	return err ? err : r->error;
}

static int space_read(int fd, __u16 fam, __u32 id, __u64 addr, void *data,
		      __u32 len, struct reply *r)
{
	const struct nlattr *tb[MMLAB_A_MAX + 1];
	static struct msgbuf m;
	int err;

	msg_init(&m, fam, NLM_F_ACK, MMLAB_CMD_SPACE_READ, MMLAB_GENL_VERSION);
	msg_put(&m, MMLAB_A_SPACE_ID, &id, sizeof(id));
	msg_put(&m, MMLAB_A_ADDR, &addr, sizeof(addr));
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

struct access {
	__u64 accesses, hits, misses, walks, walk_reads, dropped;
	__u64 faults[MMLAB_FAULT_OOM + 1];
};

static int access_batch(int fd, __u16 fam, __u32 id, const __u64 *refs,
			unsigned int n, struct access *a, struct reply *r)
{
	static const int fattr[] = {
		MMLAB_A_ACCESS_FAULTS_ZERO, MMLAB_A_ACCESS_FAULTS_SHARED,
		MMLAB_A_ACCESS_FAULTS_COW_COPY, MMLAB_A_ACCESS_FAULTS_COW_REUSE,
		MMLAB_A_ACCESS_FAULTS_SEGV, MMLAB_A_ACCESS_FAULTS_PROT,
		MMLAB_A_ACCESS_FAULTS_OOM,
	};
	const struct nlattr *tb[MMLAB_A_MAX + 1];
	const struct nlattr *at[MMLAB_A_ACCESS_MAX + 1];
	static struct msgbuf m;
	unsigned int i;
	int err;

	msg_init(&m, fam, NLM_F_ACK, MMLAB_CMD_ACCESS, MMLAB_GENL_VERSION);
	msg_put(&m, MMLAB_A_SPACE_ID, &id, sizeof(id));
	msg_put(&m, MMLAB_A_REFS, refs, n * sizeof(*refs));
	err = transact(fd, &m, r);
	if (err || r->error)
		return err ? err : r->error;
	memset(a, 0, sizeof(*a));
	if (!r->msg.len || parse_genl(&r->msg.nlh, tb, MMLAB_A_MAX) ||
	    parse_nest(tb[MMLAB_A_ACCESS], at, MMLAB_A_ACCESS_MAX) ||
	    !get_u64(at[MMLAB_A_ACCESS_ACCESSES], &a->accesses) ||
	    !get_u64(at[MMLAB_A_ACCESS_TLB_HITS], &a->hits) ||
	    !get_u64(at[MMLAB_A_ACCESS_TLB_MISSES], &a->misses) ||
	    !get_u64(at[MMLAB_A_ACCESS_WALKS], &a->walks) ||
	    !get_u64(at[MMLAB_A_ACCESS_WALK_READS], &a->walk_reads) ||
	    !get_u64(at[MMLAB_A_ACCESS_EVENTS_DROPPED], &a->dropped))
		return -EBADMSG;
	for (i = 0; i < ARRAY_SIZE(fattr); i++)
		if (!get_u64(at[fattr[i]], &a->faults[i]))
			return -EBADMSG;
	return 0;
}

static __u64 ref(__u64 addr, int kind)
{
	return (__u64)kind << MMLAB_ACCESS_KIND_SHIFT | addr;
}

struct step {
	__u32 level, index, shift, bits;
	__u64 entry, table;
};

struct translation {
	__u64 pte, frame;
	__u32 offset, reads, nsteps;
	bool present, cached;
	struct step step[8];
};

static int translate(int fd, __u16 fam, __u32 id, __u64 addr,
		     struct translation *x, struct reply *r)
{
	const struct nlattr *tb[MMLAB_A_MAX + 1];
	const struct nlattr *tt[MMLAB_A_TRANSLATION_MAX + 1];
	const struct nlattr *st[MMLAB_A_STEP_MAX + 1];
	const struct nlattr *a;
	int err, rem;

	err = space_cmd(fd, fam, MMLAB_CMD_TRANSLATE, id, addr, 0, -1, -1, 0,
			r);
	if (err)
		return err;
	memset(x, 0, sizeof(*x));
	if (!r->msg.len || parse_genl(&r->msg.nlh, tb, MMLAB_A_MAX) ||
	    parse_nest(tb[MMLAB_A_TRANSLATION], tt, MMLAB_A_TRANSLATION_MAX) ||
	    !get_u64(tt[MMLAB_A_TRANSLATION_PTE], &x->pte) ||
	    !get_u32(tt[MMLAB_A_TRANSLATION_OFFSET], &x->offset) ||
	    !get_u32(tt[MMLAB_A_TRANSLATION_READS], &x->reads))
		return -EBADMSG;
	x->present = tt[MMLAB_A_TRANSLATION_PRESENT];
	x->cached = tt[MMLAB_A_TRANSLATION_TLB_CACHED];
	if (x->present && !get_u64(tt[MMLAB_A_TRANSLATION_FRAME], &x->frame))
		return -EBADMSG;
	/* the repeated steps, in order */
	a = ATTR_DATA(tb[MMLAB_A_TRANSLATION]);
	rem = ATTR_LEN(tb[MMLAB_A_TRANSLATION]);
	for (; rem >= NLA_HDRLEN; rem -= NLA_ALIGN(a->nla_len),
	     a = (const void *)((const char *)a + NLA_ALIGN(a->nla_len))) {
		struct step *s = &x->step[x->nsteps];

		if ((a->nla_type & NLA_TYPE_MASK) != MMLAB_A_TRANSLATION_STEP)
			continue;
		if (x->nsteps == 8 || parse_nest(a, st, MMLAB_A_STEP_MAX) ||
		    !get_u32(st[MMLAB_A_STEP_LEVEL], &s->level) ||
		    !get_u32(st[MMLAB_A_STEP_INDEX], &s->index) ||
		    !get_u64(st[MMLAB_A_STEP_ENTRY], &s->entry))
			return -EBADMSG;
		get_u64(st[MMLAB_A_STEP_TABLE], &s->table);
		get_u32(st[MMLAB_A_STEP_SHIFT], &s->shift);
		get_u32(st[MMLAB_A_STEP_BITS], &s->bits);
		x->nsteps++;
	}
	return 0;
}

static unsigned long long status_num(const char *key)
{
	char buf[4096];
	const char *v = status_value(key, buf, sizeof(buf));

	return v ? strtoull(v, NULL, 10) : ~0ULL;
}

static long validate(void)
{
	char buf[64];

	if (read_file(DBG "/validate", buf, sizeof(buf)))
		return -1;
	return strtol(buf, NULL, 10);
}

/* Regions of a space, by the REGION_GET dump. */
struct regions {
	unsigned int n;
	__u64 start[64], end[64], rss[64];
	__u32 prot[64], kind[64];
};

static int collect_region(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *tb[MMLAB_A_MAX + 1];
	const struct nlattr *rt[MMLAB_A_REGION_MAX + 1];
	struct regions *rs = arg;
	unsigned int i = rs->n;

	if (i == 64 || parse_genl(nlh, tb, MMLAB_A_MAX) ||
	    parse_nest(tb[MMLAB_A_REGION], rt, MMLAB_A_REGION_MAX) ||
	    !get_u64(rt[MMLAB_A_REGION_START], &rs->start[i]) ||
	    !get_u64(rt[MMLAB_A_REGION_END], &rs->end[i]) ||
	    !get_u64(rt[MMLAB_A_REGION_RSS], &rs->rss[i]) ||
	    !get_u32(rt[MMLAB_A_REGION_R_PROT], &rs->prot[i]) ||
	    !get_u32(rt[MMLAB_A_REGION_R_KIND], &rs->kind[i]))
		return -EBADMSG;
	rs->n++;
	return 0;
}

static int regions(int fd, __u16 fam, __u32 id, struct regions *rs,
		   struct reply *r)
{
	static struct msgbuf m;
	bool intr;

	memset(rs, 0, sizeof(*rs));
	msg_init(&m, fam, 0, MMLAB_CMD_REGION_GET, MMLAB_GENL_VERSION);
	msg_put(&m, MMLAB_A_SPACE_ID, &id, sizeof(id));
	return dump(fd, &m, collect_region, rs, &intr, r);
}

FIXTURE(mmu) {
	int fd;
	__u16 fam;
};

FIXTURE_SETUP(mmu)
{
	struct family f;

	self->fd = nl_socket();
	ASSERT_LE(0, self->fd);
	ASSERT_EQ(0, resolve_family(self->fd, &f))
		TH_LOG("generic netlink family \"mmlab\" not found");
	self->fam = f.id;
}

/* The default TLB back, whatever a test did to it. */
static int tlb_default(int fd, __u16 fam)
{
	static struct msgbuf m;
	struct reply r;
	int err;

	msg_init(&m, fam, NLM_F_ACK, MMLAB_CMD_TLB_SET, MMLAB_GENL_VERSION);
	err = transact(fd, &m, &r);
	return err ? err : r.error;
}

FIXTURE_TEARDOWN(mmu)
{
	tlb_default(self->fd, self->fam);
	close(self->fd);
}

static int count_entry(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *tb[MMLAB_A_MAX + 1];
	const struct nlattr *et[MMLAB_A_TLB_ENTRY_MAX + 1];
	__u32 *n = arg, space;

	if (parse_genl(nlh, tb, MMLAB_A_MAX) ||
	    parse_nest(tb[MMLAB_A_TLB_ENTRY], et, MMLAB_A_TLB_ENTRY_MAX) ||
	    !get_u32(et[MMLAB_A_TLB_ENTRY_SPACE], &space))
		return -EBADMSG;
	n[space < 64 ? space : 0]++;
	return 0;
}

/* The valid TLB entries per space id (ids below 64), by the dump. */
static int tlb_entries(int fd, __u16 fam, __u32 *per_space)
{
	static struct msgbuf m;
	struct reply r;
	bool intr;

	memset(per_space, 0, 64 * sizeof(*per_space));
	msg_init(&m, fam, 0, MMLAB_CMD_TLB_ENTRY_GET, MMLAB_GENL_VERSION);
	return dump(fd, &m, count_entry, per_space, &intr, &r);
}

#define CREATE(geom, inverted, s)					\
	do {								\
		struct reply __r;					\
		ASSERT_EQ(0, space_create(self->fd, self->fam, geom,	\
					  inverted, false, s, &__r))	\
			TH_LOG("create: %s", __r.extack);		\
	} while (0)

/*
 * The textbook's two-level example (Tanenbaum, Modern Operating Systems:
 * a 32-bit address cut 10/10/12 into PT1, PT2 and offset).
 */
TEST_F(mmu, two_level_examples)
{
	static const struct {
		__u64 va;
		__u32 pt1, pt2, offset;
	} ex[] = {
		{ 0x00403004, 1, 3, 4 },
		{ 0x12345678, 0x48, 0x345, 0x678 },
	};
	struct translation x;
	struct space s;
	struct reply r;
	char buf[8];
	unsigned int i;

	CREATE("x86-32", false, &s);
	EXPECT_STREQ("x86-32", s.geometry);
	EXPECT_EQ(2U, s.levels);
	EXPECT_EQ(32U, s.va_bits);
	EXPECT_EQ(4U, s.pte_size);
	EXPECT_EQ(1ULL, s.table_frames);
	for (i = 0; i < ARRAY_SIZE(ex); i++) {
		__u64 page = ex[i].va & ~0xfffULL;

		MAP(s.id, page, 0x1000, RW, MMLAB_REGION_DATA);
		ASSERT_EQ(0, translate(self->fd, self->fam, s.id, ex[i].va,
				       &x, &r)) TH_LOG("%s", r.extack);
		EXPECT_FALSE(x.present);	/* not touched yet */
		EXPECT_EQ(ex[i].pt1, x.step[0].index);
		ASSERT_EQ(0, space_write(self->fd, self->fam, s.id, ex[i].va,
					 "seed!", 6, &r)) TH_LOG("%s", r.extack);
		ASSERT_EQ(0, translate(self->fd, self->fam, s.id, ex[i].va,
				       &x, &r));
		ASSERT_TRUE(x.present);
		ASSERT_EQ(2U, x.nsteps);
		EXPECT_EQ(2U, x.reads);
		EXPECT_EQ(0U, x.step[0].level);
		EXPECT_EQ(ex[i].pt1, x.step[0].index);
		EXPECT_EQ(22U, x.step[0].shift);
		EXPECT_EQ(10U, x.step[0].bits);
		EXPECT_EQ(1U, x.step[1].level);
		EXPECT_EQ(ex[i].pt2, x.step[1].index);
		EXPECT_EQ(12U, x.step[1].shift);
		/* the top entry names the second table; its entry the page */
		EXPECT_EQ(x.step[0].entry >> 12, x.step[1].table);
		EXPECT_EQ(x.pte, x.step[1].entry);
		EXPECT_EQ(x.frame, x.pte >> 12);
		EXPECT_EQ(ex[i].offset, x.offset);
		EXPECT_EQ(0x37ULL, x.pte & 0xfff);	/* P R W A D */
		EXPECT_TRUE(x.cached);
		ASSERT_EQ(0, space_read(self->fd, self->fam, s.id, ex[i].va,
					buf, 6, &r));
		EXPECT_STREQ("seed!", buf);
	}
	ASSERT_EQ(0, space_get(self->fd, self->fam, s.id, &s, &r));
	EXPECT_EQ(3ULL, s.table_frames);	/* the top and two tables */
	EXPECT_EQ(2ULL, s.rss);
	EXPECT_EQ(0, destroy(self->fd, self->fam, s.id));
}

TEST_F(mmu, faults_reported)
{
	const struct nlattr *tb[MMLAB_A_MAX + 1], *ft[MMLAB_A_FAULT_MAX + 1];
	unsigned long long segv0 = status_num("SegvFaults:");
	unsigned long long prot0 = status_num("ProtFaults:");
	__u64 refs[] = {
		ref(0x400000, MMLAB_ACCESS_EXEC),	/* zero fault */
		ref(0x400000, MMLAB_ACCESS_WRITE),	/* prot */
		ref(0x900000, MMLAB_ACCESS_READ),	/* segv */
		ref(0x400008, MMLAB_ACCESS_READ),	/* hit */
	};
	static __u64 many[100];
	__u32 kind, space;
	unsigned int i;
	__u64 addr;
	struct access a;
	struct space s;
	struct reply r;
	int ev;

	ev = events_socket();
	ASSERT_LE(0, ev);
	CREATE("sv39", false, &s);
	MAP(s.id, 0x400000, 0x1000, MMLAB_PROT_READ | MMLAB_PROT_EXEC,
	    MMLAB_REGION_CODE);
	ASSERT_EQ(0, access_batch(self->fd, self->fam, s.id, refs, 4, &a, &r))
		TH_LOG("%s", r.extack);
	EXPECT_EQ(4ULL, a.accesses);
	EXPECT_EQ(1ULL, a.faults[MMLAB_FAULT_ZERO]);
	EXPECT_EQ(1ULL, a.faults[MMLAB_FAULT_PROT]);
	EXPECT_EQ(1ULL, a.faults[MMLAB_FAULT_SEGV]);
	EXPECT_EQ(0ULL, a.dropped);
	EXPECT_LE(1ULL, a.hits);
	EXPECT_EQ(segv0 + 1, status_num("SegvFaults:"));
	EXPECT_EQ(prot0 + 1, status_num("ProtFaults:"));
	/* three events, in order */
	ASSERT_EQ(0, next_event(ev, self->fam, MMLAB_EVENT_FAULT, tb));
	ASSERT_EQ(0, parse_nest(tb[MMLAB_A_FAULT], ft, MMLAB_A_FAULT_MAX));
	ASSERT_TRUE(get_u32(ft[MMLAB_A_FAULT_KIND], &kind));
	ASSERT_TRUE(get_u32(ft[MMLAB_A_FAULT_SPACE], &space));
	EXPECT_EQ((__u32)MMLAB_FAULT_ZERO, kind);
	EXPECT_EQ(s.id, space);
	EXPECT_TRUE(ft[MMLAB_A_FAULT_FRAME] != NULL);
	ASSERT_EQ(0, next_event(ev, self->fam, MMLAB_EVENT_FAULT, tb));
	ASSERT_EQ(0, parse_nest(tb[MMLAB_A_FAULT], ft, MMLAB_A_FAULT_MAX));
	ASSERT_TRUE(get_u32(ft[MMLAB_A_FAULT_KIND], &kind));
	EXPECT_EQ((__u32)MMLAB_FAULT_PROT, kind);
	ASSERT_EQ(0, next_event(ev, self->fam, MMLAB_EVENT_FAULT, tb));
	ASSERT_EQ(0, parse_nest(tb[MMLAB_A_FAULT], ft, MMLAB_A_FAULT_MAX));
	ASSERT_TRUE(get_u32(ft[MMLAB_A_FAULT_KIND], &kind));
	ASSERT_TRUE(get_u64(ft[MMLAB_A_FAULT_F_ADDR], &addr));
	EXPECT_EQ((__u32)MMLAB_FAULT_SEGV, kind);
	EXPECT_EQ(0x900000ULL, addr);
	EXPECT_TRUE(ft[MMLAB_A_FAULT_FRAME] == NULL);

	/* a big batch: 32 events, the rest counted as dropped */
	for (i = 0; i < 100; i++)
		many[i] = ref(0x1000000 + i * 8, MMLAB_ACCESS_READ);
	ASSERT_EQ(0, access_batch(self->fd, self->fam, s.id, many, 100, &a,
				  &r));
	EXPECT_EQ(100ULL, a.faults[MMLAB_FAULT_SEGV]);
	EXPECT_EQ(100ULL - MMLAB_FAULT_EVENTS_MAX, a.dropped);
	close(ev);
	EXPECT_EQ(0, destroy(self->fd, self->fam, s.id));
}

TEST_F(mmu, data_survives)
{
	static unsigned char in[3 * 4096], out[sizeof(in)];
	struct space s;
	struct reply r;
	unsigned int i, inv, off;

	for (i = 0; i < sizeof(in); i++)
		in[i] = (unsigned char)(i * 131 + 7);
	for (inv = 0; inv < 2; inv++) {
		CREATE("x86-64", inv, &s);
		EXPECT_EQ((bool)inv, s.inverted);
		MAP(s.id, 0x7f0000000000ULL, 0x10000, RW, MMLAB_REGION_HEAP);
		/* 4096 bytes a request, from mid-page: every write spans two */
		for (off = 0; off < sizeof(in); off += 4096) {
			ASSERT_EQ(0, space_write(self->fd, self->fam, s.id,
						 0x7f0000000800ULL + off,
						 in + off, 4096, &r))
				TH_LOG("%s", r.extack);
		}
		for (off = 0; off < sizeof(in); off += 1000) {
			ASSERT_EQ(0, space_read(self->fd, self->fam, s.id,
						0x7f0000000800ULL + off,
						out + off,
						sizeof(in) - off < 1000 ?
						sizeof(in) - off : 1000, &r));
		}
		EXPECT_EQ(0, memcmp(in, out, sizeof(in)));
		ASSERT_EQ(0, space_get(self->fd, self->fam, s.id, &s, &r));
		EXPECT_EQ(4ULL, s.rss);
		EXPECT_EQ(0, destroy(self->fd, self->fam, s.id));
	}
}

TEST_F(mmu, clone_cow)
{
	__u64 w = ref(0x10000, MMLAB_ACCESS_WRITE);
	struct space p, c;
	struct access a;
	struct reply r;
	char buf[16];

	CREATE("x86-64", false, &p);
	MAP(p.id, 0x10000, 0x2000, RW, MMLAB_REGION_DATA);
	ASSERT_EQ(0, space_write(self->fd, self->fam, p.id, 0x10000,
				 "parent's bytes", 15, &r));
	ASSERT_EQ(0, clone_space(self->fd, self->fam, p.id, &c, &r))
		TH_LOG("%s", r.extack);
	EXPECT_NE(p.id, c.id);
	EXPECT_EQ(1ULL, c.rss);
	ASSERT_EQ(0, space_read(self->fd, self->fam, c.id, 0x10000, buf, 15,
				&r));
	EXPECT_STREQ("parent's bytes", buf);
	ASSERT_EQ(0, access_batch(self->fd, self->fam, c.id, &w, 1, &a, &r));
	EXPECT_EQ(1ULL, a.faults[MMLAB_FAULT_COW_COPY]);
	ASSERT_EQ(0, space_write(self->fd, self->fam, c.id, 0x10000,
				 "child's bytes!", 15, &r));
	ASSERT_EQ(0, space_read(self->fd, self->fam, p.id, 0x10000, buf, 15,
				&r));
	EXPECT_STREQ("parent's bytes", buf);
	ASSERT_EQ(0, access_batch(self->fd, self->fam, p.id, &w, 1, &a, &r));
	EXPECT_EQ(1ULL, a.faults[MMLAB_FAULT_COW_REUSE]);
	ASSERT_EQ(0, space_read(self->fd, self->fam, c.id, 0x10000, buf, 15,
				&r));
	EXPECT_STREQ("child's bytes!", buf);
	EXPECT_EQ(0, validate());
	EXPECT_EQ(0, destroy(self->fd, self->fam, c.id));
	EXPECT_EQ(0, destroy(self->fd, self->fam, p.id));
}

/* Through a 2-entry fully associative LRU TLB, then the default back. */
TEST_F(mmu, tlb)
{
	static const char *const pages = "ABABCAB";
	static const char *const want = "mmhhmmm";
	static struct msgbuf m;
	__u32 per_space[64];
	struct space s, t;
	struct access a;
	struct reply r;
	__u32 v;
	unsigned int i;

	msg_init(&m, self->fam, NLM_F_ACK, MMLAB_CMD_TLB_SET,
		 MMLAB_GENL_VERSION);
	v = 2;
	msg_put(&m, MMLAB_A_TLB_ENTRIES, &v, sizeof(v));
	msg_put(&m, MMLAB_A_TLB_WAYS, &v, sizeof(v));
	ASSERT_EQ(0, transact(self->fd, &m, &r));
	ASSERT_EQ(0, r.error) TH_LOG("%s", r.extack);
	CREATE("sv39", false, &s);
	CREATE("sv39", false, &t);
	MAP(s.id, 0, 0x10000, MMLAB_PROT_READ, MMLAB_REGION_DATA);
	MAP(t.id, 0, 0x10000, MMLAB_PROT_READ, MMLAB_REGION_DATA);
	for (i = 0; pages[i]; i++) {
		__u64 q = ref((__u64)(pages[i] - 'A') << 12,
			      MMLAB_ACCESS_READ);

		ASSERT_EQ(0, access_batch(self->fd, self->fam, s.id, &q, 1,
					  &a, &r));
		EXPECT_EQ(want[i] == 'h' ? 1ULL : 0ULL, a.hits)
			TH_LOG("access %u", i);
	}
	/* the other space's access evicts one of s's entries, not all */
	{
		__u64 q = ref(0, MMLAB_ACCESS_READ);

		ASSERT_EQ(0, access_batch(self->fd, self->fam, t.id, &q, 1,
					  &a, &r));
		q = ref(0x1000, MMLAB_ACCESS_READ);
		ASSERT_EQ(0, access_batch(self->fd, self->fam, s.id, &q, 1,
					  &a, &r));
		EXPECT_EQ(1ULL, a.hits);
	}
	/* the dump: one entry of each space (ids < 64 in a fresh VM) */
	if (s.id < 64 && t.id < 64) {
		ASSERT_EQ(0, tlb_entries(self->fd, self->fam, per_space));
		EXPECT_EQ(1U, per_space[s.id]);
		EXPECT_EQ(1U, per_space[t.id]);
	}
	EXPECT_EQ(0, validate());
	ASSERT_EQ(0, tlb_default(self->fd, self->fam));
	ASSERT_EQ(0, tlb_entries(self->fd, self->fam, per_space));
	EXPECT_EQ(0U, per_space[s.id < 64 ? s.id : 0]);
	EXPECT_EQ(0, destroy(self->fd, self->fam, s.id));
	EXPECT_EQ(0, destroy(self->fd, self->fam, t.id));
}

/* Every frame back: spaces, a clone, a shared object, an inverted one. */
TEST_F(mmu, frames_back)
{
	unsigned long long free0 = status_num("FramesFree:");
	static __u64 refs[MMLAB_ACCESS_BATCH_MAX];
	struct space s[3], c;
	struct access a;
	struct reply r;
	unsigned int i, k;
	__u32 shm;

	CREATE("x86-64", false, &s[0]);
	CREATE("x86-64-la57", false, &s[1]);
	CREATE("sv48", true, &s[2]);
	for (k = 0; k < 3; k++) {
		MAP(s[k].id, 0x1000000, 0x100000, RW, MMLAB_REGION_HEAP);
		for (i = 0; i < 256; i++)
			refs[i] = ref(0x1000000 + i * 4096ULL,
				      MMLAB_ACCESS_WRITE);
		ASSERT_EQ(0, access_batch(self->fd, self->fam, s[k].id, refs,
					  256, &a, &r)) TH_LOG("%s", r.extack);
		EXPECT_EQ(256ULL, a.faults[MMLAB_FAULT_ZERO]);
	}
	ASSERT_EQ(0, space_cmd(self->fd, self->fam, MMLAB_CMD_MAP, s[0].id,
			       0x40000000, 0x4000, RW, MMLAB_REGION_SHARED, 0,
			       &r)) TH_LOG("%s", r.extack);
	{
		const struct nlattr *tb[MMLAB_A_MAX + 1];

		ASSERT_EQ(0, parse_genl(&r.msg.nlh, tb, MMLAB_A_MAX));
		ASSERT_TRUE(get_u32(tb[MMLAB_A_SHM], &shm));
	}
	MAP(s[1].id, 0x50000000, 0x4000, MMLAB_PROT_READ, MMLAB_REGION_DATA);
	ASSERT_EQ(0, space_cmd(self->fd, self->fam, MMLAB_CMD_MAP, s[1].id,
			       0x60000000, 0x4000, RW, MMLAB_REGION_SHARED,
			       shm, &r)) TH_LOG("%s", r.extack);
	ASSERT_EQ(0, space_write(self->fd, self->fam, s[0].id, 0x40000000,
				 "shared", 7, &r));
	{
		char buf[8];

		ASSERT_EQ(0, space_read(self->fd, self->fam, s[1].id,
					0x60000000, buf, 7, &r));
		EXPECT_STREQ("shared", buf);
	}
	ASSERT_EQ(0, clone_space(self->fd, self->fam, s[0].id, &c, &r));
	EXPECT_LT(0ULL, status_num("PageTables:"));
	EXPECT_LT(0ULL, status_num("InvertedTable:"));
	EXPECT_EQ(0, validate());
	EXPECT_GT(free0, status_num("FramesFree:"));
	EXPECT_EQ(0, destroy(self->fd, self->fam, s[0].id));
	EXPECT_EQ(0, destroy(self->fd, self->fam, c.id));
	EXPECT_EQ(0, destroy(self->fd, self->fam, s[1].id));
	EXPECT_EQ(0, destroy(self->fd, self->fam, s[2].id));
	EXPECT_EQ(0ULL, status_num("PageTables:"));
	EXPECT_EQ(0ULL, status_num("InvertedTable:"));
	EXPECT_EQ(0ULL, status_num("MmuPages:"));
	EXPECT_EQ(0ULL, status_num("SharedObjects:"));
	EXPECT_EQ(free0, status_num("FramesFree:"));
	EXPECT_EQ(0, validate());
}

TEST_F(mmu, bad_input)
{
	static const struct {
		__u64 addr, len;
		int prot, kind;
		__u32 shm;
		int err;
		bool policy;
	} maps[] = {
		{ 0x10800, 0x1000, RW, 1, 0, -EINVAL, false },
		{ 0x10000, 0x800, RW, 1, 0, -EINVAL, false },
		{ 0x100000000ULL, 0x1000, RW, 1, 0, -ERANGE, false },
		{ 0x10000, 0x1000, 8, 1, 0, -EINVAL, true },
		{ 0x10000, 0x1000, RW, 5, 0, -ERANGE, true },
		{ 0x50000, 0x1000, RW, MMLAB_REGION_DATA, 9, -EINVAL, false },
		{ 0x50000, 0x1000, RW, MMLAB_REGION_SHARED, 999, -ENOENT, false },
		{ 0x0f000, 0x2000, RW, MMLAB_REGION_DATA, 0, -EEXIST, false },
	};
	unsigned long long errs;
	struct regions rs;
	struct access a;
	struct space s, s2;
	struct reply r;
	__u64 refs[2];
	unsigned int i;
	char buf[4];

	CREATE("x86-32", false, &s);
	MAP(s.id, 0x10000, 0x1000, RW, MMLAB_REGION_DATA);
	for (i = 0; i < ARRAY_SIZE(maps); i++) {
		errs = nl_errors();
		EXPECT_EQ(maps[i].err,
			  space_cmd(self->fd, self->fam, MMLAB_CMD_MAP, s.id,
				    maps[i].addr, maps[i].len, maps[i].prot,
				    maps[i].kind, maps[i].shm, &r))
			TH_LOG("map %u", i);
		EXPECT_TRUE(r.has_extack_msg) TH_LOG("map %u", i);
		EXPECT_EQ(errs + !maps[i].policy, nl_errors())
			TH_LOG("map %u", i);
	}
	/* geometry, space ids, ranges, batches, reads */
	EXPECT_EQ(-EINVAL, space_create(self->fd, self->fam, "10/10/13",
					false, false, NULL, &r));
	EXPECT_TRUE(r.has_extack_msg);
	EXPECT_EQ(-ERANGE, space_create(self->fd, self->fam, "16/16/16/12",
					false, false, NULL, &r));
	EXPECT_EQ(-ENOENT, destroy(self->fd, self->fam, 99999));
	EXPECT_EQ(-ENOENT, space_get(self->fd, self->fam, 99999, &s2, &r));
	EXPECT_EQ(-EINVAL, space_cmd(self->fd, self->fam, MMLAB_CMD_MAP, 0,
				     0x20000, 0x1000, RW, 1, 0, &r));
	EXPECT_EQ(-EINVAL, space_cmd(self->fd, self->fam, MMLAB_CMD_MAP, s.id,
				     ~0ULL, 0x1000, RW, 1, 0, &r));
	EXPECT_EQ(-EFAULT, space_cmd(self->fd, self->fam, MMLAB_CMD_PROTECT,
				     s.id, 0x10000, 0x2000, 1, -1, 0, &r));
	EXPECT_TRUE(r.has_extack_msg);
	EXPECT_EQ(-EINVAL, space_cmd(self->fd, self->fam, MMLAB_CMD_UNMAP,
				     s.id, 0x10001, 0x1000, -1, -1, 0, &r));
	refs[0] = ref(0x10000, MMLAB_ACCESS_READ);
	refs[1] = ref(0x100000000ULL, MMLAB_ACCESS_READ);
	EXPECT_EQ(-ERANGE, access_batch(self->fd, self->fam, s.id, refs, 2,
					&a, &r));
	EXPECT_TRUE(r.has_extack_msg);
	refs[1] = 3ULL << MMLAB_ACCESS_KIND_SHIFT;
	EXPECT_EQ(-EINVAL, access_batch(self->fd, self->fam, s.id, refs, 2,
					&a, &r));
	EXPECT_EQ(-EFAULT, space_read(self->fd, self->fam, s.id, 0x10ffe, buf,
				      4, &r));
	EXPECT_TRUE(r.has_extack_msg);
	EXPECT_EQ(-EFAULT, space_write(self->fd, self->fam, s.id, 0x20000,
				       "x", 1, &r));
	/* nothing changed: one region, nothing mapped */
	ASSERT_EQ(0, regions(self->fd, self->fam, s.id, &rs, &r));
	ASSERT_EQ(1U, rs.n);
	EXPECT_EQ(0x10000ULL, rs.start[0]);
	EXPECT_EQ(0x11000ULL, rs.end[0]);
	EXPECT_EQ(0ULL, rs.rss[0]);
	EXPECT_EQ((__u32)RW, rs.prot[0]);
	ASSERT_EQ(0, space_get(self->fd, self->fam, s.id, &s2, &r));
	EXPECT_EQ(0ULL, s2.rss);
	EXPECT_EQ(0, destroy(self->fd, self->fam, s.id));
	EXPECT_EQ(-ENOENT, regions(self->fd, self->fam, s.id, &rs, &r));
}

TEST_F(mmu, socket_cleanup)
{
	struct space owned, kept, s;
	struct reply r;
	int fd2 = nl_socket();

	ASSERT_LE(0, fd2);
	ASSERT_EQ(0, space_create(fd2, self->fam, NULL, false, false, &owned,
				  &r));
	ASSERT_EQ(0, space_create(fd2, self->fam, NULL, false, true, &kept,
				  &r));
	EXPECT_NE(0U, owned.owner);
	EXPECT_EQ(0U, kept.owner);
	EXPECT_STREQ("x86-64", owned.geometry);
	/* another socket may read it, not change it */
	EXPECT_EQ(0, space_get(self->fd, self->fam, owned.id, &s, &r));
	EXPECT_EQ(-EPERM, space_cmd(self->fd, self->fam, MMLAB_CMD_MAP,
				    owned.id, 0x1000, 0x1000, RW, 1, 0, &r));
	EXPECT_TRUE(r.has_extack_msg);
	EXPECT_EQ(-EPERM, destroy(self->fd, self->fam, owned.id));
	MAP(kept.id, 0x1000, 0x1000, RW, MMLAB_REGION_DATA);
	close(fd2);
	EXPECT_EQ(-ENOENT, space_get(self->fd, self->fam, owned.id, &s, &r));
	EXPECT_EQ(0, space_get(self->fd, self->fam, kept.id, &s, &r));
	EXPECT_EQ(1U, s.regions);
	EXPECT_EQ(0, destroy(self->fd, self->fam, kept.id));
}

TEST_F(mmu, debugfs)
{
	char path[128], buf[4096];
	struct space s;
	struct reply r;

	CREATE("x86-32", false, &s);
	MAP(s.id, 0x00400000, 0x2000, MMLAB_PROT_READ | MMLAB_PROT_EXEC,
	    MMLAB_REGION_CODE);
	ASSERT_EQ(0, space_read(self->fd, self->fam, s.id, 0x00401000, buf, 4,
				&r));
	snprintf(path, sizeof(path), DBG "/spaces/%u/maps", s.id);
	ASSERT_EQ(0, read_file(path, buf, sizeof(buf)));
	EXPECT_STREQ("00400000-00402000 r-xp 00000000 00:00 0          [code]\n",
		     buf);
	snprintf(path, sizeof(path), DBG "/spaces/%u/pagetable", s.id);
	ASSERT_EQ(0, read_file(path, buf, sizeof(buf)));
	EXPECT_TRUE(strstr(buf, "geometry x86-32: 2 levels") != NULL) TH_LOG("%s", buf);
	EXPECT_TRUE(strstr(buf, "0000000000401000     1     1  ") != NULL)
		TH_LOG("%s", buf);
	snprintf(path, sizeof(path), DBG "/spaces/%u/stats", s.id);
	ASSERT_EQ(0, read_file(path, buf, sizeof(buf)));
	EXPECT_TRUE(strstr(buf, "fault_zero 1\n") != NULL) TH_LOG("%s", buf);
	EXPECT_EQ(0, destroy(self->fd, self->fam, s.id));
	EXPECT_NE(0, read_file(path, buf, sizeof(buf)));
}

static int hammer(int fd, __u16 fam, unsigned int seed)
{
	static unsigned char in[4096], out[4096];
	struct space s;
	struct reply r;
	unsigned int round, i;

	if (space_create(fd, fam, seed & 1 ? "sv39" : "x86-64", seed & 2,
			 false, &s, &r) ||
	    space_cmd(fd, fam, MMLAB_CMD_MAP, s.id, 0x100000, 0x40000, RW,
		      MMLAB_REGION_HEAP, 0, &r))
		return 1;
	for (round = 0; round < 200; round++) {
		__u64 va = 0x100000 + (round % 64) * 4096ULL;

		for (i = 0; i < sizeof(in); i++)
			in[i] = (unsigned char)(seed * 31 + round * 7 + i);
		if (space_write(fd, fam, s.id, va, in, sizeof(in), &r) ||
		    space_read(fd, fam, s.id, va, out, sizeof(out), &r))
			return 2;
		if (memcmp(in, out, sizeof(in)))
			return 3;
	}
	return destroy(fd, fam, s.id) ? 4 : 0;
}

/* Two processes, one per CPU, each its own space. */
TEST_F(mmu, two_cpus)
{
	pid_t pid[2];
	int status, k;

	for (k = 0; k < 2; k++) {
		pid[k] = fork();
		ASSERT_LE(0, pid[k]);
		if (!pid[k]) {
			cpu_set_t set;
			int fd = nl_socket();

			CPU_ZERO(&set);
			CPU_SET(k % get_nprocs(), &set);
			sched_setaffinity(0, sizeof(set), &set);
			/* one multi-level (sv39), one inverted (x86-64) */
			_exit(fd < 0 ? 9 : hammer(fd, self->fam, k + 1));
		}
	}
	for (k = 0; k < 2; k++) {
		ASSERT_EQ(pid[k], waitpid(pid[k], &status, 0));
		EXPECT_TRUE(WIFEXITED(status));
		EXPECT_EQ(0, WEXITSTATUS(status)) TH_LOG("process %d", k);
	}
	EXPECT_EQ(0, validate());
}

TEST_HARNESS_MAIN
