/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mmlab_blocks.h - the arena's allocation commands over raw netlink, for
 * the selftests that drive them (mmlab_buddy.c, mmlab_fit.c): allocate,
 * free, BUDDY_GET, the FREELIST and PAGEMAP dumps, events, and the files
 * that show the arena. Static functions, one copy per test program, as
 * mmlab_msg.h.
 *
 * Free lists are compared as text, one group per non-empty order, blocks
 * in list order: "1:[2 6] 3:[8]" is the block at frame 2 then the one at
 * 6 on order 1's lists, and the one at 8 on order 3's.
 */
#ifndef _MMLAB_BLOCKS_H
#define _MMLAB_BLOCKS_H

#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>

#include "mmlab_msg.h"

#ifndef ARRAY_SIZE
#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#endif

#define PAGE		4096ULL
#define MAX_BLOCKS	1024
#define BUDDYINFO	"/proc/mmlab/buddyinfo"
#define PAGETYPEINFO	"/proc/mmlab/pagetypeinfo"
#define DBG		"/sys/kernel/debug/mmlab"
#define STATUS		"/proc/mmlab/status"
#define PROACTIVE	"/sys/module/mmlab/parameters/compact_proactive"

/* ---- requests -------------------------------------------------------- */

struct alloc_req {
	int order;			/* -1: by size */
	__u64 size;
	int mt;				/* -1: default */
	__u32 count;			/* 0: default */
	bool persistent;
};

/* An allocation reply; a fit partition has no order (NO_ORDER). */
#define NO_ORDER	(~0U)

struct got {
	unsigned int n;
	__u64 handle[MAX_BLOCKS];
	__u64 frame[MAX_BLOCKS];
	__u64 frames[MAX_BLOCKS];
	__u32 order[MAX_BLOCKS];
};

/* BUDDY_ALLOC; r gets the ack, g the blocks. Returns r.error or -errno. */
static inline int buddy_alloc(int fd, __u16 fam, const struct alloc_req *q,
		       struct got *g, struct reply *r)
{
	const struct nlattr *tb[MMLAB_A_MAX + 1];
	struct msgbuf m;
	const char *p;
	int err, len;

	msg_init(&m, fam, NLM_F_ACK, MMLAB_CMD_BUDDY_ALLOC,
		 MMLAB_GENL_VERSION);
	if (q->order >= 0) {
		__u32 o = q->order;

		msg_put(&m, MMLAB_A_ORDER, &o, sizeof(o));
	} else {
		msg_put(&m, MMLAB_A_SIZE, &q->size, sizeof(q->size));
	}
	if (q->mt >= 0) {
		__u32 mt = q->mt;

		msg_put(&m, MMLAB_A_MT, &mt, sizeof(mt));
	}
	if (q->count)
		msg_put(&m, MMLAB_A_COUNT, &q->count, sizeof(q->count));
	if (q->persistent)
		msg_put(&m, MMLAB_A_PERSISTENT, NULL, 0);
	memset(g, 0, sizeof(*g));
	err = transact(fd, &m, r);
	if (err)
		return err;
	if (r->error)
		return r->error;
	if (!r->msg.len || parse_genl(&r->msg.nlh, tb, MMLAB_A_MAX))
		return -EBADMSG;
	/* the reply is a list of MMLAB_A_BLOCK: walk it */
	p = (const char *)NLMSG_DATA(&r->msg.nlh) + GENL_HDRLEN;
	len = r->msg.nlh.nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	while (len >= NLA_HDRLEN) {
		const struct nlattr *a = (const struct nlattr *)p;
		const struct nlattr *btb[MMLAB_A_BLOCK_MAX + 1];

		if (a->nla_len < NLA_HDRLEN || a->nla_len > len)
			return -EBADMSG;
		if ((a->nla_type & NLA_TYPE_MASK) == MMLAB_A_BLOCK) {
			if (g->n == MAX_BLOCKS ||
			    parse_nest(a, btb, MMLAB_A_BLOCK_MAX) ||
			    !get_u64(btb[MMLAB_A_BLOCK_HANDLE],
				     &g->handle[g->n]) ||
			    !get_u64(btb[MMLAB_A_BLOCK_FRAME],
				     &g->frame[g->n]) ||
			    !get_u64(btb[MMLAB_A_BLOCK_FRAMES],
				     &g->frames[g->n]))
				return -EBADMSG;
			if (!get_u32(btb[MMLAB_A_BLOCK_ORDER], &g->order[g->n]))
				g->order[g->n] = NO_ORDER;
			g->n++;
		}
		len -= NLA_ALIGN(a->nla_len);
		p += NLA_ALIGN(a->nla_len);
	}
	return 0;
}

static inline int alloc_one(int fd, __u16 fam, int order, __u64 size, int mt,
		     __u64 *handle, __u64 *frame, struct reply *r)
{
	struct alloc_req q = { .order = order, .size = size, .mt = mt };
	static struct got g;
	int err = buddy_alloc(fd, fam, &q, &g, r);

	if (!err && g.n != 1)
		return -EBADMSG;
	if (!err) {
		*handle = g.handle[0];
		if (frame)
			*frame = g.frame[0];
	}
	return err;
}

/* BUDDY_FREE of n handles. Returns r.error or -errno. */
static inline int buddy_free(int fd, __u16 fam, const __u64 *h, unsigned int n,
		      struct reply *r)
{
	static struct msgbuf m;
	unsigned int i;
	int err;

	msg_init(&m, fam, NLM_F_ACK, MMLAB_CMD_BUDDY_FREE,
		 MMLAB_GENL_VERSION);
	for (i = 0; i < n; i++)
		msg_put(&m, MMLAB_A_HANDLE, &h[i], sizeof(h[i]));
	err = transact(fd, &m, r);
	return err ? err : r->error;
}

struct order_info {
	__u64 free, free_mt[3], allocs, frees, splits, merges;
	__u64 fail_nomem, fail_frag, used, internal;
	__s32 unusable, extfrag;
};

struct buddy {
	__u32 max_order, pb_order, handles;
	__u64 free, pcp, internal, pageblocks[3], compactions;
	__s32 largest, last_fail_order, last_fail_extfrag;
	unsigned int nr_orders;
	struct order_info o[21];
};

static inline int parse_order(const struct nlattr *a, struct buddy *b)
{
	const struct nlattr *tb[MMLAB_A_ORDER_MAX + 1];
	struct order_info *oi;
	const char *p;
	__u32 o;
	int len, mt = 0;

	if (parse_nest(a, tb, MMLAB_A_ORDER_MAX) ||
	    !get_u32(tb[MMLAB_A_ORDER_ORDER], &o) || o > 20)
		return -1;
	oi = &b->o[o];
	if (!get_u64(tb[MMLAB_A_ORDER_FREE], &oi->free) ||
	    !get_u64(tb[MMLAB_A_ORDER_ALLOCS], &oi->allocs) ||
	    !get_u64(tb[MMLAB_A_ORDER_FREES], &oi->frees) ||
	    !get_u64(tb[MMLAB_A_ORDER_SPLITS], &oi->splits) ||
	    !get_u64(tb[MMLAB_A_ORDER_MERGES], &oi->merges) ||
	    !get_u64(tb[MMLAB_A_ORDER_FAIL_NOMEM], &oi->fail_nomem) ||
	    !get_u64(tb[MMLAB_A_ORDER_FAIL_FRAG], &oi->fail_frag) ||
	    !get_u64(tb[MMLAB_A_ORDER_USED], &oi->used) ||
	    !get_u64(tb[MMLAB_A_ORDER_INTERNAL_FRAG], &oi->internal) ||
	    !get_s32(tb[MMLAB_A_ORDER_UNUSABLE], &oi->unusable) ||
	    !get_s32(tb[MMLAB_A_ORDER_EXTFRAG], &oi->extfrag))
		return -1;
	/* FREE_MT repeats, one per migratetype */
	p = ATTR_DATA(a);
	len = ATTR_LEN(a);
	while (len >= NLA_HDRLEN) {
		const struct nlattr *x = (const struct nlattr *)p;

		if (x->nla_len < NLA_HDRLEN || x->nla_len > len)
			return -1;
		if ((x->nla_type & NLA_TYPE_MASK) == MMLAB_A_ORDER_FREE_MT &&
		    (mt > 2 || !get_u64(x, &oi->free_mt[mt++])))
			return -1;
		len -= NLA_ALIGN(x->nla_len);
		p += NLA_ALIGN(x->nla_len);
	}
	if (o + 1 > b->nr_orders)
		b->nr_orders = o + 1;
	return mt == 3 ? 0 : -1;
}

/* BUDDY_GET, every attribute checked. 0 or -1 with the reason in why. */
static inline int buddy_get(int fd, __u16 fam, struct buddy *b, char *why,
		     size_t wlen)
{
	const struct nlattr *tb[MMLAB_A_MAX + 1];
	const struct nlattr *btb[MMLAB_A_BUDDY_MAX + 1];
	struct reply r;
	const char *p;
	int err, len, pbs = 0;

	memset(b, 0, sizeof(*b));
	err = request(fd, fam, MMLAB_CMD_BUDDY_GET, &r);
	if (err || r.error || !r.msg.len ||
	    parse_genl(&r.msg.nlh, tb, MMLAB_A_MAX) ||
	    parse_nest(tb[MMLAB_A_BUDDY], btb, MMLAB_A_BUDDY_MAX)) {
		snprintf(why, wlen, "BUDDY_GET: %s %.200s",
			 strerror(-(err ? err : r.error)), r.extack);
		return -1;
	}
	if (!get_u32(btb[MMLAB_A_BUDDY_MAX_ORDER], &b->max_order) ||
	    !get_u32(btb[MMLAB_A_BUDDY_PAGEBLOCK_ORDER], &b->pb_order) ||
	    !get_u64(btb[MMLAB_A_BUDDY_FREE], &b->free) ||
	    !get_u64(btb[MMLAB_A_BUDDY_PCP], &b->pcp) ||
	    !get_u64(btb[MMLAB_A_BUDDY_INTERNAL_FRAG], &b->internal) ||
	    !get_u64(btb[MMLAB_A_BUDDY_COMPACTIONS], &b->compactions) ||
	    !get_u32(btb[MMLAB_A_BUDDY_HANDLES], &b->handles) ||
	    !get_s32(btb[MMLAB_A_BUDDY_LARGEST], &b->largest) ||
	    !get_s32(btb[MMLAB_A_BUDDY_LAST_FAIL_ORDER],
		     &b->last_fail_order) ||
	    !get_s32(btb[MMLAB_A_BUDDY_LAST_FAIL_EXTFRAG],
		     &b->last_fail_extfrag)) {
		snprintf(why, wlen, "BUDDY_GET: an attribute is missing");
		return -1;
	}
	p = ATTR_DATA(tb[MMLAB_A_BUDDY]);
	len = ATTR_LEN(tb[MMLAB_A_BUDDY]);
	while (len >= NLA_HDRLEN) {
		const struct nlattr *a = (const struct nlattr *)p;
		int type = a->nla_type & NLA_TYPE_MASK;

		if (a->nla_len < NLA_HDRLEN || a->nla_len > len)
			break;
		if ((type == MMLAB_A_BUDDY_ORDER && parse_order(a, b)) ||
		    (type == MMLAB_A_BUDDY_PAGEBLOCKS &&
		     (pbs > 2 || !get_u64(a, &b->pageblocks[pbs++])))) {
			snprintf(why, wlen, "BUDDY_GET: bad order or pageblock attribute");
			return -1;
		}
		len -= NLA_ALIGN(a->nla_len);
		p += NLA_ALIGN(a->nla_len);
	}
	if (b->nr_orders != b->max_order + 1 || pbs != 3) {
		snprintf(why, wlen, "BUDDY_GET: %u orders, %d pageblock counts",
			 b->nr_orders, pbs);
		return -1;
	}
	return 0;
}

/* ---- dumps --------------------------------------------------------- */

/* A dumped block; a fit partition or hole has no order and no mt. */
struct block {
	__u64 frame, frames, handle;
	__u32 order, state, mt, requested, owner;
	bool has_order, has_mt, has_handle, persistent;
};

struct blocks {
	unsigned int n;
	struct block b[4096];
};

static inline int collect_block(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *tb[MMLAB_A_MAX + 1];
	const struct nlattr *btb[MMLAB_A_BLOCK_MAX + 1];
	struct blocks *bl = arg;
	struct block *b;

	if (bl->n == ARRAY_SIZE(bl->b))
		return -ENOSPC;
	b = &bl->b[bl->n];
	memset(b, 0, sizeof(*b));
	if (parse_genl(nlh, tb, MMLAB_A_MAX) ||
	    parse_nest(tb[MMLAB_A_BLOCK], btb, MMLAB_A_BLOCK_MAX) ||
	    !get_u64(btb[MMLAB_A_BLOCK_FRAME], &b->frame) ||
	    !get_u64(btb[MMLAB_A_BLOCK_FRAMES], &b->frames) ||
	    !get_u32(btb[MMLAB_A_BLOCK_STATE], &b->state))
		return -EBADMSG;
	b->has_order = get_u32(btb[MMLAB_A_BLOCK_ORDER], &b->order);
	b->has_mt = get_u32(btb[MMLAB_A_BLOCK_MT], &b->mt);
	if (b->has_order && b->frames != 1ULL << b->order)
		return -EBADMSG;
	b->has_handle = get_u64(btb[MMLAB_A_BLOCK_HANDLE], &b->handle);
	get_u32(btb[MMLAB_A_BLOCK_REQUESTED], &b->requested);
	get_u32(btb[MMLAB_A_BLOCK_OWNER], &b->owner);
	b->persistent = btb[MMLAB_A_BLOCK_PERSISTENT];
	bl->n++;
	return 0;
}

static inline int dump_blocks(int fd, __u16 fam, __u8 cmd, struct blocks *bl,
		       struct reply *r)
{
	static struct msgbuf m;
	bool intr;
	int err;

	bl->n = 0;
	msg_init(&m, fam, 0, cmd, MMLAB_GENL_VERSION);
	err = dump(fd, &m, collect_block, bl, &intr, r);
	if (!err && intr)
		err = -EINTR;
	return err;
}

/* The free lists as text (see the top of this file), or NULL. */
static inline const char *free_lists(int fd, __u16 fam)
{
	static struct blocks bl;
	static char buf[8192];
	struct reply r;
	size_t len = 0;
	unsigned int i;
	int last = -1;

	if (dump_blocks(fd, fam, MMLAB_CMD_FREELIST_GET, &bl, &r))
		return NULL;
	buf[0] = '\0';
	for (i = 0; i < bl.n; i++) {
		const struct block *b = &bl.b[i];

		if (b->state != MMLAB_BLOCK_FREE || !b->has_order)
			return NULL;
		if ((int)b->order != last) {
			len += snprintf(buf + len, sizeof(buf) - len,
					"%s%u:[%llu", last < 0 ? "" : "] ",
					b->order, (unsigned long long)b->frame);
			last = b->order;
		} else {
			len += snprintf(buf + len, sizeof(buf) - len, " %llu",
					(unsigned long long)b->frame);
		}
	}
	if (last >= 0)
		snprintf(buf + len, sizeof(buf) - len, "]");
	return buf;
}

/*
 * In a kselftest_harness test whose fixture has fd and fam: the free
 * lists are @want (as text, see the top of this file).
 */
#define LISTS_ARE(want)							\
	do {								\
		const char *__l = free_lists(self->fd, self->fam);	\
		ASSERT_NE(NULL, __l);					\
		ASSERT_STREQ(want, __l);				\
	} while (0)

/* ---- files ------------------------------------------------------------ */

static inline int write_text(const char *path, const char *s)
{
	ssize_t n;
	int fd;

	fd = open(path, O_WRONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = write(fd, s, strlen(s));
	close(fd);
	return n < 0 ? -errno : 0;
}

/*
 * /proc/mmlab/buddyinfo as a parser of /proc/buddyinfo reads it: "Node N,
 * zone NAME" then one count per order. Returns the number of counts.
 */
static inline int parse_buddyinfo(const char *text, unsigned long long *v, int max)
{
	char zone[32];
	int node, off = 0, n = 0;

	if (sscanf(text, "Node %d, zone %31s%n", &node, zone, &off) != 2 ||
	    node != 0 || strcmp(zone, "mmlab"))
		return -1;
	text += off;
	while (n < max && sscanf(text, "%llu%n", &v[n], &off) == 1) {
		text += off;
		n++;
	}
	return *text == ' ' || *text == '\n' ? n : -1;
}

/* A socket on the "events" group, or -errno. */
static inline int events_socket(void)
{
	struct family f;
	__u32 grp;
	int fd = nl_socket();

	if (fd < 0)
		return fd;
	if (resolve_family(fd, &f) || !f.events_grp) {
		close(fd);
		return -ENOENT;
	}
	grp = f.events_grp;
	if (setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &grp,
		       sizeof(grp))) {
		close(fd);
		return -errno;
	}
	return fd;
}

/*
 * The next event of @type on @fd (others are skipped), parsed into tb[].
 * 0, or -errno (-EAGAIN: none within the socket's timeout).
 */
static inline int next_event(int fd, __u16 fam, __u32 type,
		      const struct nlattr **tb)
{
	static struct msgbuf in;
	__u32 t;

	for (;;) {
		if (recv(fd, in.buf, sizeof(in.buf), 0) < 0)
			return -errno;
		if (in.nlh.nlmsg_type == fam &&
		    !parse_genl(&in.nlh, tb, MMLAB_A_MAX) &&
		    get_u32(tb[MMLAB_A_EVENT_TYPE], &t) && t == type)
			return 0;
	}
}

/* debugfs stats' nl_errors: requests mmlab's handlers refused */
static inline unsigned long long nl_errors(void)
{
	char buf[1024], *p;

	if (read_file(DBG "/stats", buf, sizeof(buf)))
		return ~0ULL;
	p = strstr(buf, "nl_errors");
	return p ? strtoull(p + strlen("nl_errors"), NULL, 10) : ~0ULL;
}

/* A line "Key:   value" of /proc/mmlab/status, as text. */
static inline const char *status_value(const char *key, char *buf, size_t len)
{
	char *p, *e;

	if (read_file(STATUS, buf, len))
		return "";
	p = strstr(buf, key);
	if (!p)
		return "";
	p += strlen(key);
	while (*p == ' ')
		p++;
	e = strchr(p, '\n');
	if (e)
		*e = '\0';
	return p;
}

#endif /* _MMLAB_BLOCKS_H */
