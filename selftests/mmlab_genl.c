// SPDX-License-Identifier: GPL-2.0
/*
 * mmlab_genl - the generic netlink ABI of mmlab.ko, over raw netlink.
 *
 * No libnl and no mmlab tool: every message is built and parsed here, byte
 * by byte, against include/uapi/linux/mmlab.h, so that this test checks
 * the module and nothing else. It needs root and mmlab.ko loaded; without
 * the module every test fails in the fixture setup with
 * "generic netlink family "mmlab" not found".
 *
 * The socket has NETLINK_EXT_ACK set (not NETLINK_CAP_ACK: errors echo our
 * request, so the extack TLVs are found after it) and a receive timeout,
 * so a missing reply or event fails the test instead of hanging it.
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
#include <sys/time.h>
#include <sys/wait.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/mmlab.h>

#include "mmlab_msg.h"

/*
 * The harness itself does not build with -Wextra: an unused parameter of
 * its timeout handler, and a local of each TEST_F() wrapper that gcc
 * thinks setjmp() may clobber. Neither concerns the code below.
 */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wunused-parameter"
#include "kselftest_harness.h"
#pragma GCC diagnostic pop
#pragma GCC diagnostic ignored "-Wclobbered"

/* ---- STATUS_GET ---------------------------------------------------- */

struct status {
	char version[64];
	__u64 size, frames, frames_free;
	__u32 page_size, max_order, chunks, chunk_order_min, chunk_order_max;
	__u32 backing;
	__u64 stats[MMLAB_A_STATS_MAX + 1];
};

/*
 * A STATUS_GET reply, every attribute checked for presence and length.
 * 0, or -1 with the reason in why.
 */
static int parse_status(const struct nlmsghdr *nlh, struct status *st,
			char *why, size_t len)
{
	const struct nlattr *tb[MMLAB_A_MAX + 1];
	const struct nlattr *atb[MMLAB_A_ARENA_MAX + 1];
	const struct nlattr *stb[MMLAB_A_STATS_MAX + 1];
	const char *version;
	int i;

	memset(st, 0, sizeof(*st));
	if (parse_genl(nlh, tb, MMLAB_A_MAX)) {
		snprintf(why, len, "STATUS_GET: malformed reply");
		return -1;
	}

	version = get_str(tb[MMLAB_A_VERSION]);
	if (!version || !*version) {
		snprintf(why, len, "no MMLAB_A_VERSION string");
		return -1;
	}
	snprintf(st->version, sizeof(st->version), "%s", version);

	if (parse_nest(tb[MMLAB_A_ARENA], atb, MMLAB_A_ARENA_MAX)) {
		snprintf(why, len, "no or malformed MMLAB_A_ARENA nest");
		return -1;
	}
	if (!get_u64(atb[MMLAB_A_ARENA_SIZE], &st->size) ||
	    !get_u32(atb[MMLAB_A_ARENA_PAGE_SIZE], &st->page_size) ||
	    !get_u64(atb[MMLAB_A_ARENA_FRAMES], &st->frames) ||
	    !get_u64(atb[MMLAB_A_ARENA_FRAMES_FREE], &st->frames_free) ||
	    !get_u32(atb[MMLAB_A_ARENA_MAX_ORDER], &st->max_order) ||
	    !get_u32(atb[MMLAB_A_ARENA_CHUNKS], &st->chunks) ||
	    !get_u32(atb[MMLAB_A_ARENA_CHUNK_ORDER_MIN],
		     &st->chunk_order_min) ||
	    !get_u32(atb[MMLAB_A_ARENA_CHUNK_ORDER_MAX],
		     &st->chunk_order_max) ||
	    !get_u32(atb[MMLAB_A_ARENA_BACKING], &st->backing)) {
		snprintf(why, len,
			 "an MMLAB_A_ARENA_* attribute is missing or has the wrong size");
		return -1;
	}

	if (parse_nest(tb[MMLAB_A_STATS], stb, MMLAB_A_STATS_MAX)) {
		snprintf(why, len, "no or malformed MMLAB_A_STATS nest");
		return -1;
	}
	for (i = MMLAB_A_STATS_NL_REQUESTS; i <= MMLAB_A_STATS_MAX; i++) {
		if (!get_u64(stb[i], &st->stats[i])) {
			snprintf(why, len,
				 "MMLAB_A_STATS attribute %d missing or not u64",
				 i);
			return -1;
		}
	}
	return 0;
}

static int status_get(int fd, __u16 family, struct status *st, char *why,
		      size_t len)
{
	struct reply r;
	int err;

	err = request(fd, family, MMLAB_CMD_STATUS_GET, &r);
	if (err || r.error) {
		snprintf(why, len, "STATUS_GET: %s%s%.200s",
			 strerror(-(err ? err : r.error)),
			 r.has_extack_msg ? ": " : "", r.extack);
		return -1;
	}
	if (!r.msg.len) {
		snprintf(why, len, "STATUS_GET: no reply");
		return -1;
	}
	return parse_status(&r.msg.nlh, st, why, len);
}

/* ---- /proc/mmlab/status ----------------------------------------------- */

/*
 * The value of "Key:<spaces>value[ kB]" in a meminfo-like buffer, in
 * bytes if the line ends in kB (*kb tells). -1 if the key is missing.
 */
static int proc_value(const char *buf, const char *key,
		      unsigned long long *v, bool *kb)
{
	size_t klen = strlen(key);
	const char *p = buf;

	while (p && *p) {
		if (!strncmp(p, key, klen) && p[klen] == ':') {
			char unit[4] = "";
			int n;

			n = sscanf(p + klen + 1, " %llu %3[kB]", v, unit);
			if (n < 1)
				return -1;
			*kb = !strcmp(unit, "kB");
			return 0;
		}
		p = strchr(p, '\n');
		if (p)
			p++;
	}
	return -1;
}

/* ---- events -------------------------------------------------------- */

/*
 * Wait up to RCV_TIMEOUT_S for an MMLAB_CMD_EVENT of the given type on
 * fd; tb gets its attributes. Events of other types are skipped.
 */
static int wait_event(int fd, __u16 family, __u32 type,
		      const struct nlattr **tb, struct msgbuf *in)
{
	for (;;) {
		const struct nlmsghdr *nlh;
		int n;

		n = recv(fd, in->buf, sizeof(in->buf), 0);
		if (n < 0)
			return -errno;
		for (nlh = &in->nlh; NLMSG_OK(nlh, n); nlh = NLMSG_NEXT(nlh, n)) {
			const struct genlmsghdr *g = NLMSG_DATA(nlh);
			__u32 t;

			if (nlh->nlmsg_type != family ||
			    nlh->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN) ||
			    g->cmd != MMLAB_CMD_EVENT)
				continue;
			if (parse_genl(nlh, tb, MMLAB_A_MAX))
				return -EBADMSG;
			if (get_u32(tb[MMLAB_A_EVENT_TYPE], &t) && t == type)
				return 0;
		}
	}
}

/* ---- the tests -------------------------------------------------------- */

FIXTURE(mmlab) {
	int fd;
	struct family family;
	char why[256];
};

FIXTURE_SETUP(mmlab)
{
	int err;

	self->fd = nl_socket();
	ASSERT_LE(0, self->fd)
		TH_LOG("generic netlink socket: %s", strerror(-self->fd));
	err = resolve_family(self->fd, &self->family);
	ASSERT_NE(-ENOENT, err)
		TH_LOG("generic netlink family \"%s\" not found: is mmlab.ko loaded?",
		       MMLAB_GENL_NAME);
	ASSERT_EQ(0, err)
		TH_LOG("resolving \"%s\": %s", MMLAB_GENL_NAME,
		       strerror(-err));
}

FIXTURE_TEARDOWN(mmlab)
{
	if (self->fd >= 0)
		close(self->fd);
}

TEST_F(mmlab, family)
{
	ASSERT_NE(0, self->family.id);
	ASSERT_EQ((__u32)MMLAB_GENL_VERSION, self->family.version);
	ASSERT_NE(0U, self->family.events_grp)
		TH_LOG("no \"%s\" multicast group", MMLAB_MCGRP_EVENTS);
}

TEST_F(mmlab, status)
{
	struct status a, b;
	char buf[4096], sysver[64];
	unsigned long long v;
	bool kb;

	ASSERT_EQ(0, status_get(self->fd, self->family.id, &a, self->why,
				sizeof(self->why)))
		TH_LOG("%s", self->why);

	ASSERT_NE(0U, a.page_size);
	ASSERT_EQ(a.size, a.frames * a.page_size);
	ASSERT_LE(a.frames_free, a.frames);
	ASSERT_LE(1U, a.chunks);
	ASSERT_LE(a.chunk_order_min, a.chunk_order_max);
	ASSERT_LE(a.chunk_order_max, a.max_order);
	ASSERT_TRUE(a.backing == MMLAB_BACKING_PAGES ||
		    a.backing == MMLAB_BACKING_MEMMAP)
		TH_LOG("backing %u", a.backing);

	/* MODULE_VERSION, if the module declares one, is the same */
	if (!read_file("/sys/module/mmlab/version", sysver, sizeof(sysver))) {
		sysver[strcspn(sysver, "\n")] = '\0';
		ASSERT_STREQ(sysver, a.version);
	}

	/* /proc between two GETs: frames_free may only move in between */
	ASSERT_EQ(0, read_file("/proc/mmlab/status", buf, sizeof(buf)))
		TH_LOG("cannot read /proc/mmlab/status");
	ASSERT_EQ(0, status_get(self->fd, self->family.id, &b, self->why,
				sizeof(self->why)))
		TH_LOG("%s", self->why);

	ASSERT_EQ(0, proc_value(buf, "Frames", &v, &kb));
	ASSERT_EQ(a.frames, v);
	ASSERT_EQ(0, proc_value(buf, "PageSize", &v, &kb));
	ASSERT_EQ(a.page_size, v);
	ASSERT_EQ(0, proc_value(buf, "MaxOrder", &v, &kb));
	ASSERT_EQ(a.max_order, v);
	ASSERT_EQ(0, proc_value(buf, "Chunks", &v, &kb));
	ASSERT_EQ(a.chunks, v);
	ASSERT_EQ(0, proc_value(buf, "ArenaTotal", &v, &kb));
	ASSERT_TRUE(kb) TH_LOG("ArenaTotal is not in kB");
	ASSERT_EQ(a.size, v * 1024);
	ASSERT_EQ(0, proc_value(buf, "FramesFree", &v, &kb));
	if (a.frames_free == b.frames_free) {
		ASSERT_EQ(a.frames_free, v);
	} else {
		ASSERT_LE(a.frames_free < b.frames_free ?
			  a.frames_free : b.frames_free, v);
		ASSERT_GE(a.frames_free > b.frames_free ?
			  a.frames_free : b.frames_free, v);
	}
}

TEST_F(mmlab, nl_requests_counted)
{
	struct status a, b;

	ASSERT_EQ(0, status_get(self->fd, self->family.id, &a, self->why,
				sizeof(self->why)))
		TH_LOG("%s", self->why);
	ASSERT_EQ(0, status_get(self->fd, self->family.id, &b, self->why,
				sizeof(self->why)))
		TH_LOG("%s", self->why);
	ASSERT_LE(a.stats[MMLAB_A_STATS_NL_REQUESTS] + 1,
		  b.stats[MMLAB_A_STATS_NL_REQUESTS]);
}

TEST_F(mmlab, stats_reset)
{
	struct status before, after;
	struct reply r;
	int i;

	for (i = 0; i < 10; i++) {
		ASSERT_EQ(0, status_get(self->fd, self->family.id, &before,
					self->why, sizeof(self->why)))
			TH_LOG("%s", self->why);
	}
	ASSERT_LT(5ULL, before.stats[MMLAB_A_STATS_NL_REQUESTS]);

	ASSERT_EQ(0, request(self->fd, self->family.id, MMLAB_CMD_STATS_RESET,
			     &r));
	ASSERT_EQ(0, r.error) TH_LOG("STATS_RESET: %s %s",
				     strerror(-r.error), r.extack);

	ASSERT_EQ(0, status_get(self->fd, self->family.id, &after, self->why,
				sizeof(self->why)))
		TH_LOG("%s", self->why);
	ASSERT_LT(after.stats[MMLAB_A_STATS_NL_REQUESTS],
		  before.stats[MMLAB_A_STATS_NL_REQUESTS]);
	ASSERT_GE(5ULL, after.stats[MMLAB_A_STATS_NL_REQUESTS]);
	ASSERT_EQ(before.stats[MMLAB_A_STATS_RESETS] + 1,
		  after.stats[MMLAB_A_STATS_RESETS]);
}

static void unprivileged_requests(int fd, void *arg, int *res)
{
	__u16 fam = *(__u16 *)arg;
	struct status st;
	struct reply r;
	char why[256];

	res[0] = status_get(fd, fam, &st, why, sizeof(why));
	res[1] = request(fd, fam, MMLAB_CMD_STATS_RESET, &r);
	res[1] = res[1] ? res[1] : r.error;
	res[2] = request(fd, fam, MMLAB_CMD_VALIDATE, &r);
	res[2] = res[2] ? res[2] : r.error;
}

/*
 * As nobody, on a socket opened as nobody: STATUS_GET works, the admin
 * commands get -EPERM.
 */
TEST_F(mmlab, unprivileged)
{
	int res[3] = { 1, 1, 1 };

	ASSERT_EQ(0, as_nobody(unprivileged_requests, &self->family.id, res,
			       3));
	EXPECT_EQ(0, res[0]) TH_LOG("STATUS_GET as nobody failed");
	EXPECT_EQ(-EPERM, res[1]) TH_LOG("STATS_RESET as nobody");
	EXPECT_EQ(-EPERM, res[2]) TH_LOG("VALIDATE as nobody");
}

TEST_F(mmlab, unknown_command)
{
	static const __u8 cmds[] = {
		MMLAB_CMD_UNSPEC, MMLAB_CMD_EVENT, MMLAB_CMD_MAX + 5,
	};
	struct reply r;
	unsigned int i;

	for (i = 0; i < sizeof(cmds); i++) {
		ASSERT_EQ(0, request(self->fd, self->family.id, cmds[i], &r));
		EXPECT_EQ(-EOPNOTSUPP, r.error) TH_LOG("command %u", cmds[i]);
		EXPECT_EQ(0, r.msg.len) TH_LOG("command %u replied", cmds[i]);
	}
}

TEST_F(mmlab, reply_only_attribute)
{
	struct reply r;
	struct msgbuf m;
	__u32 zero = 0;

	msg_init(&m, self->family.id, NLM_F_ACK, MMLAB_CMD_STATUS_GET,
		 MMLAB_GENL_VERSION);
	msg_put(&m, MMLAB_A_VERSION, "0.1.0", sizeof("0.1.0"));
	ASSERT_EQ(0, transact(self->fd, &m, &r));
	ASSERT_EQ(-EINVAL, r.error);
	ASSERT_TRUE(r.has_extack_msg) TH_LOG("no extack message");
	ASSERT_NE(0UL, strlen(r.extack));
	ASSERT_EQ(0, r.msg.len) TH_LOG("a rejected request was answered");

	msg_init(&m, self->family.id, NLM_F_ACK, MMLAB_CMD_STATUS_GET,
		 MMLAB_GENL_VERSION);
	msg_put(&m, MMLAB_A_MAX + 1, &zero, sizeof(zero));
	ASSERT_EQ(0, transact(self->fd, &m, &r));
	ASSERT_EQ(-EINVAL, r.error);
	ASSERT_EQ(0, r.msg.len);
}

TEST_F(mmlab, validate)
{
	const struct nlattr *tb[MMLAB_A_MAX + 1];
	struct reply r;
	__u32 errors;

	ASSERT_EQ(0, request(self->fd, self->family.id, MMLAB_CMD_VALIDATE,
			     &r));
	ASSERT_EQ(0, r.error) TH_LOG("VALIDATE: %s %s", strerror(-r.error),
				     r.extack);
	ASSERT_NE(0, r.msg.len) TH_LOG("VALIDATE sent no reply");
	ASSERT_EQ(0, parse_genl(&r.msg.nlh, tb, MMLAB_A_MAX));
	ASSERT_TRUE(get_u32(tb[MMLAB_A_VALIDATE_ERRORS], &errors))
		TH_LOG("no u32 MMLAB_A_VALIDATE_ERRORS");
	ASSERT_EQ(0U, errors);
}

TEST_F(mmlab, events)
{
	const struct nlattr *tb[MMLAB_A_MAX + 1];
	static struct msgbuf in;
	__u64 seq1, seq2;
	__u32 grp = self->family.events_grp;
	__u32 errors;
	struct reply r;
	int efd, err;

	ASSERT_NE(0U, grp);
	efd = nl_socket();
	ASSERT_LE(0, efd);
	ASSERT_EQ(0, setsockopt(efd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP,
				&grp, sizeof(grp)));

	ASSERT_EQ(0, request(self->fd, self->family.id, MMLAB_CMD_STATS_RESET,
			     &r));
	ASSERT_EQ(0, r.error);
	err = wait_event(efd, self->family.id, MMLAB_EVENT_STATS_RESET, tb,
			 &in);
	ASSERT_EQ(0, err) TH_LOG("no stats-reset event: %s", strerror(-err));
	ASSERT_TRUE(get_u64(tb[MMLAB_A_EVENT_SEQ], &seq1))
		TH_LOG("stats-reset event without u64 MMLAB_A_EVENT_SEQ");
	ASSERT_LE(1ULL, seq1);

	ASSERT_EQ(0, request(self->fd, self->family.id, MMLAB_CMD_VALIDATE,
			     &r));
	ASSERT_EQ(0, r.error);
	err = wait_event(efd, self->family.id, MMLAB_EVENT_VALIDATE, tb, &in);
	ASSERT_EQ(0, err) TH_LOG("no validate event: %s", strerror(-err));
	ASSERT_TRUE(get_u32(tb[MMLAB_A_VALIDATE_ERRORS], &errors))
		TH_LOG("validate event without u32 MMLAB_A_VALIDATE_ERRORS");
	ASSERT_EQ(0U, errors);
	ASSERT_TRUE(get_u64(tb[MMLAB_A_EVENT_SEQ], &seq2));
	ASSERT_LT(seq1, seq2);
	close(efd);
}

/*
 * Malformed requests: each is rejected or ignored, none may crash the
 * kernel; the family still answers and the arena is still consistent.
 */
TEST_F(mmlab, garbage)
{
	const struct nlattr *tb[MMLAB_A_MAX + 1];
	struct status st;
	struct msgbuf m;
	struct nlattr *a;
	struct reply r;
	__u32 errors;
	int err;

	/* nlmsg_len too short for the genetlink header */
	msg_init(&m, self->family.id, NLM_F_ACK, MMLAB_CMD_STATUS_GET,
		 MMLAB_GENL_VERSION);
	m.len = NLMSG_HDRLEN;
	m.nlh.nlmsg_len = m.len;
	err = transact(self->fd, &m, &r);
	ASSERT_TRUE(err == -EAGAIN || (err == 0 && r.error < 0))
		TH_LOG("short message: err %d, ack %d", err, r.error);
	EXPECT_EQ(0, r.msg.len);

	/* half a genetlink header */
	msg_init(&m, self->family.id, NLM_F_ACK, MMLAB_CMD_STATUS_GET,
		 MMLAB_GENL_VERSION);
	m.len = NLMSG_HDRLEN + 2;
	m.nlh.nlmsg_len = m.len;
	err = transact(self->fd, &m, &r);
	ASSERT_TRUE(err == -EAGAIN || (err == 0 && r.error < 0))
		TH_LOG("half header: err %d, ack %d", err, r.error);

	/* an attribute whose length runs past the message */
	msg_init(&m, self->family.id, NLM_F_ACK, MMLAB_CMD_VALIDATE,
		 MMLAB_GENL_VERSION);
	a = (struct nlattr *)(m.buf + m.len);
	a->nla_type = MMLAB_A_VALIDATE_ERRORS;
	a->nla_len = 200;
	m.len += NLA_HDRLEN;
	m.nlh.nlmsg_len = m.len;
	err = transact(self->fd, &m, &r);
	ASSERT_TRUE(err == -EAGAIN || (err == 0 && r.error < 0))
		TH_LOG("overlong attribute: err %d, ack %d", err, r.error);
	EXPECT_EQ(0, r.msg.len);

	/* an attribute shorter than its own header */
	msg_init(&m, self->family.id, NLM_F_ACK, MMLAB_CMD_STATUS_GET,
		 MMLAB_GENL_VERSION);
	a = (struct nlattr *)(m.buf + m.len);
	a->nla_type = MMLAB_A_ARENA;
	a->nla_len = 2;
	m.len += NLA_HDRLEN;
	m.nlh.nlmsg_len = m.len;
	err = transact(self->fd, &m, &r);
	ASSERT_TRUE(err == -EAGAIN || (err == 0 && r.error < 0))
		TH_LOG("short attribute: err %d, ack %d", err, r.error);

	/* nlmsg_len beyond what was sent: the kernel drops it silently */
	msg_init(&m, self->family.id, NLM_F_ACK, MMLAB_CMD_STATUS_GET,
		 MMLAB_GENL_VERSION);
	m.nlh.nlmsg_len = m.len + 64;
	err = transact(self->fd, &m, &r);
	ASSERT_TRUE(err == -EAGAIN || (err == 0 && r.error < 0))
		TH_LOG("long nlmsg_len: err %d, ack %d", err, r.error);

	/* still alive, still consistent */
	ASSERT_EQ(0, status_get(self->fd, self->family.id, &st, self->why,
				sizeof(self->why)))
		TH_LOG("%s", self->why);
	ASSERT_EQ(0, request(self->fd, self->family.id, MMLAB_CMD_VALIDATE,
			     &r));
	ASSERT_EQ(0, r.error);
	ASSERT_EQ(0, parse_genl(&r.msg.nlh, tb, MMLAB_A_MAX));
	ASSERT_TRUE(get_u32(tb[MMLAB_A_VALIDATE_ERRORS], &errors));
	ASSERT_EQ(0U, errors);
}

TEST_HARNESS_MAIN
