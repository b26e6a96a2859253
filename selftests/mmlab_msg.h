/* SPDX-License-Identifier: GPL-2.0 */
/*
 * mmlab_msg.h - generic netlink messages, byte by byte, for the C
 * selftests that check the ABI (mmlab_genl, mmlab_buddy, mmlab_fit): a
 * message buffer, attribute building and parsing, request / reply / ack
 * transactions, dumps, resolving the family, and requests as nobody. Everything is checked
 * against include/uapi/linux/mmlab.h, nothing comes from libnl.
 */
#ifndef _MMLAB_SELFTEST_MSG_H
#define _MMLAB_SELFTEST_MSG_H

#include <errno.h>
#include <fcntl.h>
#include <grp.h>
#include <stdbool.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/mmlab.h>

#include "mmlab_nl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif

#define MSG_BUF_LEN	65536
#define RCV_TIMEOUT_S	2
#define NOBODY		65534

/* ---- raw netlink helpers -------------------------------------------- */

struct msgbuf {
	union {
		struct nlmsghdr nlh;
		char buf[MSG_BUF_LEN];
	};
	int len;
};

struct reply {
	int error;			/* from the ack: 0 or -errno */
	bool has_extack_msg;
	char extack[256];
	struct msgbuf msg;		/* the reply, msg.len 0 if none */
};

#define ATTR_DATA(a)	((const void *)((const char *)(a) + NLA_HDRLEN))
#define ATTR_LEN(a)	((int)(a)->nla_len - NLA_HDRLEN)

/* sequence numbers of the requests this program sends */
static inline __u32 seq_next(void)
{
	static __u32 seq = 1;

	return seq++;
}

static inline int nl_socket(void)
{
	return mmlab_nl_socket(RCV_TIMEOUT_S);
}

/* start a generic netlink message */
static inline void msg_init(struct msgbuf *m, __u16 type, __u16 flags,
			    __u8 cmd, __u8 version)
{
	struct genlmsghdr *g;

	memset(m, 0, sizeof(*m));
	m->nlh.nlmsg_type = type;
	m->nlh.nlmsg_flags = NLM_F_REQUEST | flags;
	m->nlh.nlmsg_seq = seq_next();
	g = NLMSG_DATA(&m->nlh);
	g->cmd = cmd;
	g->version = version;
	m->len = NLMSG_LENGTH(GENL_HDRLEN);
	m->nlh.nlmsg_len = m->len;
}

static inline void msg_put(struct msgbuf *m, __u16 type, const void *data,
			   int len)
{
	struct nlattr *a = (struct nlattr *)(m->buf + m->len);

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	if (len)
		memcpy(a + 1, data, len);
	m->len += NLA_ALIGN(a->nla_len);
	m->nlh.nlmsg_len = m->len;
}

static inline int msg_send(int fd, const struct msgbuf *m)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	if (sendto(fd, m->buf, m->len, 0, (struct sockaddr *)&sa,
		   sizeof(sa)) != m->len)
		return -errno;
	return 0;
}

/*
 * Attributes into tb[] by type; types above max are skipped. -EBADMSG if
 * an attribute is shorter than its header or runs past the end.
 */
static inline int parse_attrs(const void *data, int len,
			      const struct nlattr **tb, int max)
{
	const char *p = data;

	memset(tb, 0, (max + 1) * sizeof(*tb));
	while (len >= NLA_HDRLEN) {
		const struct nlattr *a = (const struct nlattr *)p;
		int type = a->nla_type & NLA_TYPE_MASK;
		int step;

		if (a->nla_len < NLA_HDRLEN || a->nla_len > len)
			return -EBADMSG;
		if (type <= max)
			tb[type] = a;
		step = NLA_ALIGN(a->nla_len);
		if (step > len)
			step = len;
		p += step;
		len -= step;
	}
	return 0;
}

static inline int parse_genl(const struct nlmsghdr *nlh,
			     const struct nlattr **tb, int max)
{
	if (nlh->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN))
		return -EBADMSG;
	return parse_attrs((const char *)NLMSG_DATA(nlh) + GENL_HDRLEN,
			   nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN), tb, max);
}

/* the attributes nested in @a into tb[]; -EBADMSG if @a is NULL or bad */
static inline int parse_nest(const struct nlattr *a, const struct nlattr **tb,
			     int max)
{
	if (!a)
		return -EBADMSG;
	return parse_attrs(ATTR_DATA(a), ATTR_LEN(a), tb, max);
}

static inline bool get_u32(const struct nlattr *a, __u32 *v)
{
	if (!a || ATTR_LEN(a) != sizeof(*v))
		return false;
	memcpy(v, ATTR_DATA(a), sizeof(*v));
	return true;
}

static inline bool get_u64(const struct nlattr *a, __u64 *v)
{
	if (!a || ATTR_LEN(a) != sizeof(*v))
		return false;
	memcpy(v, ATTR_DATA(a), sizeof(*v));
	return true;
}

static inline bool get_u16(const struct nlattr *a, __u16 *v)
{
	if (!a || ATTR_LEN(a) != sizeof(*v))
		return false;
	memcpy(v, ATTR_DATA(a), sizeof(*v));
	return true;
}

/* a NUL-terminated string attribute */
static inline const char *get_str(const struct nlattr *a)
{
	const char *s;

	if (!a || ATTR_LEN(a) < 1)
		return NULL;
	s = ATTR_DATA(a);
	return s[ATTR_LEN(a) - 1] == '\0' ? s : NULL;
}

/* the error code and the extack message of an NLMSG_ERROR */
static inline void parse_error(const struct nlmsghdr *nlh, struct reply *r)
{
	const struct nlmsgerr *e = NLMSG_DATA(nlh);
	const struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	const void *tlvs;
	const char *msg;
	int len;

	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*e))) {
		r->error = -EBADMSG;
		return;
	}
	r->error = e->error;
	tlvs = mmlab_nl_err_tlvs(nlh, &len);
	if (!tlvs || parse_attrs(tlvs, len, tb, NLMSGERR_ATTR_MAX))
		return;
	msg = get_str(tb[NLMSGERR_ATTR_MSG]);
	if (msg) {
		r->has_extack_msg = true;
		snprintf(r->extack, sizeof(r->extack), "%s", msg);
	}
}

/*
 * The answer to the request @m, already sent: call @fn on every message of
 * it until the ack (NLMSG_ERROR) or NLMSG_DONE; messages of other sequence
 * numbers (stale acks of garbage sent before) are skipped. The ack's error
 * and extack message go to @r; *@intr tells whether a message was flagged
 * NLM_F_DUMP_INTR. Returns 0 once the answer ended, the error a DONE
 * carries, the first non-zero return of @fn, or -errno (e.g. -EAGAIN
 * after the receive timeout).
 */
static inline int answer(int fd, const struct msgbuf *m,
			 int (*fn)(const struct nlmsghdr *nlh, void *arg),
			 void *arg, bool *intr, struct reply *r)
{
	static struct msgbuf in;
	int ret = 0;

	*intr = false;
	for (;;) {
		const struct nlmsghdr *nlh;
		int n;

		n = recv(fd, in.buf, sizeof(in.buf), 0);
		if (n < 0)
			return -errno;
		for (nlh = &in.nlh; NLMSG_OK(nlh, n); nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_seq != m->nlh.nlmsg_seq)
				continue;
			if (nlh->nlmsg_flags & NLM_F_DUMP_INTR)
				*intr = true;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				parse_error(nlh, r);
				return ret;
			}
			if (nlh->nlmsg_type == NLMSG_DONE) {
				const int *e = NLMSG_DATA(nlh);

				if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(*e)) &&
				    *e < 0)
					return *e;
				return ret;
			}
			if (!ret)
				ret = fn(nlh, arg);
		}
	}
}

/* transact()'s @fn: keep the first reply */
static inline int keep_first(const struct nlmsghdr *nlh, void *arg)
{
	struct reply *r = arg;

	if (!r->msg.len) {
		memcpy(r->msg.buf, nlh, nlh->nlmsg_len);
		r->msg.len = nlh->nlmsg_len;
	}
	return 0;
}

/*
 * Send m (which must ask for an ack) and collect the reply, if any, and
 * the ack. Returns 0 once the ack came (its error is r->error), or -errno
 * (e.g. -EAGAIN after the receive timeout).
 */
static inline int transact(int fd, const struct msgbuf *m, struct reply *r)
{
	bool intr;
	int err;

	memset(r, 0, sizeof(*r));
	err = msg_send(fd, m);
	return err ? err : answer(fd, m, keep_first, r, &intr, r);
}

/*
 * Send the dump request @m (NLM_F_DUMP is added) and call @fn on every
 * message of the answer until NLMSG_DONE. *@intr tells whether one was
 * flagged NLM_F_DUMP_INTR (the dump spanned a change). Returns 0, the
 * kernel's error (with its extack message in @r), the first non-zero
 * return of @fn, or -errno.
 */
static inline int dump(int fd, struct msgbuf *m,
		       int (*fn)(const struct nlmsghdr *nlh, void *arg),
		       void *arg, bool *intr, struct reply *r)
{
	int err;

	memset(r, 0, sizeof(*r));
	m->nlh.nlmsg_flags |= NLM_F_DUMP;
	err = msg_send(fd, m);
	if (!err)
		err = answer(fd, m, fn, arg, intr, r);
	return err ? err : r->error;
}

/* a small file, NUL-terminated; 0 or -errno */
static inline int read_file(const char *path, char *buf, size_t len)
{
	ssize_t n;
	int fd;

	fd = open(path, O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		return -errno;
	n = read(fd, buf, len - 1);
	close(fd);
	if (n < 0)
		return -errno;
	buf[n] = '\0';
	return 0;
}

static inline bool get_s32(const struct nlattr *a, __s32 *v)
{
	return get_u32(a, (__u32 *)v);
}

/* a request with no attributes */
static inline int request(int fd, __u16 family, __u8 cmd, struct reply *r)
{
	struct msgbuf m;

	msg_init(&m, family, NLM_F_ACK, cmd, MMLAB_GENL_VERSION);
	return transact(fd, &m, r);
}

/* ---- the family ------------------------------------------------------ */

struct family {
	__u16 id;
	__u32 version;
	__u32 events_grp;		/* 0: no "events" group */
};

static inline int resolve_family(int fd, struct family *f)
{
	const struct nlattr *tb[CTRL_ATTR_MAX + 1];
	const struct nlattr *gtb[CTRL_ATTR_MCAST_GRP_MAX + 1];
	const struct nlattr *grp;
	struct reply r;
	struct msgbuf m;
	int err, rem;

	memset(f, 0, sizeof(*f));
	msg_init(&m, GENL_ID_CTRL, NLM_F_ACK, CTRL_CMD_GETFAMILY, 2);
	msg_put(&m, CTRL_ATTR_FAMILY_NAME, MMLAB_GENL_NAME,
		sizeof(MMLAB_GENL_NAME));
	err = transact(fd, &m, &r);
	if (err)
		return err;
	if (r.error)
		return r.error;
	if (!r.msg.len || parse_genl(&r.msg.nlh, tb, CTRL_ATTR_MAX) ||
	    !get_u16(tb[CTRL_ATTR_FAMILY_ID], &f->id) ||
	    !get_u32(tb[CTRL_ATTR_VERSION], &f->version))
		return -EBADMSG;

	if (!tb[CTRL_ATTR_MCAST_GROUPS])
		return 0;
	grp = ATTR_DATA(tb[CTRL_ATTR_MCAST_GROUPS]);
	rem = ATTR_LEN(tb[CTRL_ATTR_MCAST_GROUPS]);
	while (rem >= NLA_HDRLEN && grp->nla_len >= NLA_HDRLEN &&
	       grp->nla_len <= rem) {
		const char *name;
		__u32 id;

		if (!parse_attrs(ATTR_DATA(grp), ATTR_LEN(grp), gtb,
				 CTRL_ATTR_MCAST_GRP_MAX)) {
			name = get_str(gtb[CTRL_ATTR_MCAST_GRP_NAME]);
			if (name && !strcmp(name, MMLAB_MCGRP_EVENTS) &&
			    get_u32(gtb[CTRL_ATTR_MCAST_GRP_ID], &id))
				f->events_grp = id;
		}
		rem -= NLA_ALIGN(grp->nla_len);
		grp = (const struct nlattr *)((const char *)grp +
					      NLA_ALIGN(grp->nla_len));
	}
	return 0;
}

/*
 * Run fn(fd, arg, res) in a child process as nobody (uid and gid NOBODY,
 * no groups), fd a netlink socket the child opened as nobody; fn fills
 * res[0..n-1], which come back through a pipe. 0, or -1 when the child
 * could not drop its privileges, open its socket or report. (Callers
 * define _GNU_SOURCE, for setresuid().)
 */
static inline int as_nobody(void (*fn)(int fd, void *arg, int *res),
			    void *arg, int *res, size_t n)
{
	ssize_t len = n * sizeof(*res);
	int pfd[2], status, fd;
	bool got;
	pid_t pid;

	if (pipe(pfd))
		return -1;
	pid = fork();
	if (pid < 0) {
		close(pfd[0]);
		close(pfd[1]);
		return -1;
	}
	if (pid == 0) {
		close(pfd[0]);
		if (setgroups(0, NULL) || setresgid(NOBODY, NOBODY, NOBODY) ||
		    setresuid(NOBODY, NOBODY, NOBODY))
			_exit(2);
		fd = nl_socket();
		if (fd < 0)
			_exit(3);
		fn(fd, arg, res);
		_exit(write(pfd[1], res, len) == len ? 0 : 4);
	}
	close(pfd[1]);
	got = read(pfd[0], res, len) == len;
	close(pfd[0]);
	if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
	    WEXITSTATUS(status) || !got)
		return -1;
	return 0;
}

#endif /* _MMLAB_SELFTEST_MSG_H */
