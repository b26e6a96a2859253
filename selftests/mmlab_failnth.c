// SPDX-License-Identifier: GPL-2.0
/*
 * mmlab_failnth - one operation on mmlab under the kernel's fail-nth.
 *
 *	mmlab_failnth N load MODULE.ko [PARAM=VALUE]...	finit_module()
 *	mmlab_failnth N unload				delete_module("mmlab")
 *	mmlab_failnth N genl status|validate|reset	one genl request
 *
 * Writing N to /proc/thread-self/fail-nth makes the Nth fault-injectable
 * call of this thread fail (failslab, fail_page_alloc: which allocations
 * count is up to their debugfs knobs, see mmlab_failnth.sh), and reading
 * it back gives the calls still to go: 0 once the failure fired. The
 * counter belongs to the task, so the failure can land in an operation
 * only if the task that armed it makes the system call itself; hence this
 * helper instead of insmod, rmmod or the tool. Everything that is not the
 * operation happens before arming (opening the module file, opening the
 * netlink socket and resolving the family) or after reading back, and N
 * 0 runs the operation unarmed.
 *
 * A genl request runs in the sender's task context from sendto() to the
 * ack, so its whole processing counts: the request skb, the genl core's
 * attribute buffer, mmlab's handler, its event (the socket listens on the
 * "events" group) and its reply, the ack.
 *
 * One line on stdout, extack (the rest of the line) last:
 *
 *	fired=0|1 errno=E left=L
 *	fired=0|1 errno=E left=L stage=S reply=0|1 events=K errors=V extack=MSG
 *
 * errno is 0 or the operation's errno: the system call's, or for genl the
 * ack's error or that of the step named by stage (send, recv, ack); left
 * is what fail-nth read back, so an operation that did not fire made
 * N - left counted calls; reply says a reply message came, events counts
 * mmlab's event multicasts received, errors is VALIDATE's
 * MMLAB_A_VALIDATE_ERRORS ("-" if none). Exit status 0 when the operation
 * ran, whatever its outcome; 2 on usage or setup errors.
 */
#define _GNU_SOURCE
#include <errno.h>
#include <fcntl.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/time.h>

#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/mmlab.h>

#include "mmlab_nl.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK	270
#endif

#define FAIL_NTH	"/proc/thread-self/fail-nth"
#define MODULE_NAME	"mmlab"
#define MSG_BUF_LEN	16384
#define RCV_TIMEOUT_S	5
#define EXIT_RAN	0
#define EXIT_SETUP	2

#define ARRAY_SIZE(a)	(sizeof(a) / sizeof((a)[0]))
#define ATTR_DATA(a)	((const void *)((const char *)(a) + NLA_HDRLEN))
#define ATTR_LEN(a)	((int)(a)->nla_len - NLA_HDRLEN)

struct msgbuf {
	union {
		struct nlmsghdr nlh;
		char buf[MSG_BUF_LEN];
	};
	int len;
};

/* what a genl request got back */
struct answer {
	int err;			/* positive errno, 0 */
	const char *stage;		/* where err came from */
	bool reply;
	int events;			/* MMLAB_CMD_EVENT multicasts seen */
	bool has_errors;
	__u32 errors;			/* MMLAB_A_VALIDATE_ERRORS */
	char extack[256];
};

static const struct {
	const char *name;
	__u8 cmd;
} genl_cmds[] = {
	{ "status", MMLAB_CMD_STATUS_GET },
	{ "validate", MMLAB_CMD_VALIDATE },
	{ "reset", MMLAB_CMD_STATS_RESET },
};

static struct msgbuf in, reply;

static void usage(void)
{
	fprintf(stderr,
		"usage: mmlab_failnth N load MODULE.ko [PARAM=VALUE]...\n"
		"       mmlab_failnth N unload\n"
		"       mmlab_failnth N genl status|validate|reset\n");
	exit(EXIT_SETUP);
}

static void die(const char *what, int err)
{
	fprintf(stderr, "mmlab_failnth: %s: %s\n", what, strerror(err));
	exit(EXIT_SETUP);
}

/* ---- fail-nth -------------------------------------------------------- */

static int fail_nth_fd = -1;
static char fail_nth_arm[16];

static void fail_nth_open(unsigned int n)
{
	fail_nth_fd = open(FAIL_NTH, O_RDWR | O_CLOEXEC);
	if (fail_nth_fd < 0)
		die(FAIL_NTH " (a kernel without CONFIG_FAULT_INJECTION?)",
		    errno);
	snprintf(fail_nth_arm, sizeof(fail_nth_arm), "%u", n);
}

/*
 * Only a write() between arming and the operation: no allocation of ours
 * can take the failure. 0 disarms.
 */
static void fail_nth_set(const char *val)
{
	ssize_t len = strlen(val);

	if (write(fail_nth_fd, val, len) != len)
		die("write " FAIL_NTH, errno);
}

/* the calls still to go, then disarmed */
static unsigned long fail_nth_left(void)
{
	char buf[32];
	ssize_t n;

	n = pread(fail_nth_fd, buf, sizeof(buf) - 1, 0);
	if (n <= 0)
		die("read " FAIL_NTH, n ? errno : EIO);
	buf[n] = '\0';
	fail_nth_set("0");
	return strtoul(buf, NULL, 10);
}

/* ---- raw generic netlink --------------------------------------------- */

static int nl_socket(void)
{
	int fd = mmlab_nl_socket(RCV_TIMEOUT_S);

	if (fd < 0)
		die("netlink socket", -fd);
	return fd;
}

static void msg_init(struct msgbuf *m, __u16 type, __u8 cmd, __u8 version)
{
	struct genlmsghdr *g;

	memset(m, 0, sizeof(*m));
	m->nlh.nlmsg_type = type;
	m->nlh.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	m->nlh.nlmsg_seq = 1;
	g = NLMSG_DATA(&m->nlh);
	g->cmd = cmd;
	g->version = version;
	m->len = NLMSG_LENGTH(GENL_HDRLEN);
	m->nlh.nlmsg_len = m->len;
}

static void msg_put(struct msgbuf *m, __u16 type, const void *data, int len)
{
	struct nlattr *a = (struct nlattr *)(m->buf + m->len);

	a->nla_type = type;
	a->nla_len = NLA_HDRLEN + len;
	memcpy(a + 1, data, len);
	m->len += NLA_ALIGN(a->nla_len);
	m->nlh.nlmsg_len = m->len;
}

/* attributes into tb[] by type; -1 if malformed */
static int parse_attrs(const void *data, int len, const struct nlattr **tb,
		       int max)
{
	const char *p = data;

	memset(tb, 0, (max + 1) * sizeof(*tb));
	while (len >= NLA_HDRLEN) {
		const struct nlattr *a = (const struct nlattr *)p;
		int type = a->nla_type & NLA_TYPE_MASK;

		if (a->nla_len < NLA_HDRLEN || a->nla_len > len)
			return -1;
		if (type <= max)
			tb[type] = a;
		if (NLA_ALIGN(a->nla_len) >= len)
			break;
		p += NLA_ALIGN(a->nla_len);
		len -= NLA_ALIGN(a->nla_len);
	}
	return 0;
}

static int parse_genl(const struct nlmsghdr *nlh, const struct nlattr **tb,
		      int max)
{
	if (nlh->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN))
		return -1;
	return parse_attrs((const char *)NLMSG_DATA(nlh) + GENL_HDRLEN,
			   nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN), tb, max);
}

/* the error and extack message of an NLMSG_ERROR */
static void parse_ack(const struct nlmsghdr *nlh, struct answer *a)
{
	const struct nlmsgerr *e = NLMSG_DATA(nlh);
	const struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	const struct nlattr *msg;
	const void *tlvs;
	int len;

	a->stage = "ack";
	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*e))) {
		a->err = EBADMSG;
		return;
	}
	a->err = -e->error;
	tlvs = mmlab_nl_err_tlvs(nlh, &len);
	if (!tlvs || parse_attrs(tlvs, len, tb, NLMSGERR_ATTR_MAX))
		return;
	msg = tb[NLMSGERR_ATTR_MSG];
	if (msg && ATTR_LEN(msg) > 0)
		snprintf(a->extack, sizeof(a->extack), "%.*s", ATTR_LEN(msg),
			 (const char *)ATTR_DATA(msg));
}

/* keeps the first reply in reply */
static void parse_reply(const struct nlmsghdr *nlh, struct answer *a)
{
	const struct nlattr *tb[MMLAB_A_MAX + 1];
	const struct nlattr *v;

	if (a->reply)
		return;
	a->reply = true;
	memcpy(reply.buf, nlh, nlh->nlmsg_len);
	reply.len = nlh->nlmsg_len;
	if (parse_genl(nlh, tb, MMLAB_A_MAX))
		return;
	v = tb[MMLAB_A_VALIDATE_ERRORS];
	if (v && ATTR_LEN(v) == sizeof(a->errors)) {
		memcpy(&a->errors, ATTR_DATA(v), sizeof(a->errors));
		a->has_errors = true;
	}
}

static bool is_event(const struct nlmsghdr *nlh, __u16 family)
{
	const struct genlmsghdr *g = NLMSG_DATA(nlh);

	return family && nlh->nlmsg_type == family &&
	       nlh->nlmsg_len >= NLMSG_LENGTH(GENL_HDRLEN) &&
	       g->cmd == MMLAB_CMD_EVENT;
}

/*
 * Send m and read until its ack: the reply, if any, and mmlab's events
 * (of family, 0 for none) on the way. A failed send or receive ends it
 * with that errno (a lost ack shows as ENOBUFS on the socket).
 */
static void transact(int fd, const struct msgbuf *m, __u16 family,
		     struct answer *a)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };

	memset(a, 0, sizeof(*a));
	if (sendto(fd, m->buf, m->len, 0, (struct sockaddr *)&sa,
		   sizeof(sa)) != m->len) {
		a->err = errno;
		a->stage = "send";
		return;
	}
	for (;;) {
		const struct nlmsghdr *nlh;
		int n;

		n = recv(fd, in.buf, sizeof(in.buf), 0);
		if (n < 0) {
			a->err = errno;
			a->stage = "recv";
			return;
		}
		for (nlh = &in.nlh; NLMSG_OK(nlh, n); nlh = NLMSG_NEXT(nlh, n)) {
			if (is_event(nlh, family))
				a->events++;
			if (nlh->nlmsg_seq != m->nlh.nlmsg_seq)
				continue;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				parse_ack(nlh, a);
				return;
			}
			parse_reply(nlh, a);
		}
	}
}

/* the "events" group's id in a CTRL_ATTR_MCAST_GROUPS nest, 0 if none */
static __u32 events_group(const struct nlattr *groups)
{
	const struct nlattr *gtb[CTRL_ATTR_MCAST_GRP_MAX + 1];
	const struct nlattr *g = ATTR_DATA(groups);
	int rem = ATTR_LEN(groups);
	const struct nlattr *name, *id;
	__u32 grp;

	while (rem >= NLA_HDRLEN && g->nla_len >= NLA_HDRLEN &&
	       g->nla_len <= rem) {
		name = NULL;
		id = NULL;
		if (!parse_attrs(ATTR_DATA(g), ATTR_LEN(g), gtb,
				 CTRL_ATTR_MCAST_GRP_MAX)) {
			name = gtb[CTRL_ATTR_MCAST_GRP_NAME];
			id = gtb[CTRL_ATTR_MCAST_GRP_ID];
		}
		if (name && id && ATTR_LEN(id) == sizeof(grp) &&
		    ATTR_LEN(name) == sizeof(MMLAB_MCGRP_EVENTS) &&
		    !memcmp(ATTR_DATA(name), MMLAB_MCGRP_EVENTS,
			    sizeof(MMLAB_MCGRP_EVENTS))) {
			memcpy(&grp, ATTR_DATA(id), sizeof(grp));
			return grp;
		}
		rem -= NLA_ALIGN(g->nla_len);
		g = (const struct nlattr *)((const char *)g +
					    NLA_ALIGN(g->nla_len));
	}
	return 0;
}

/* the family's id; its "events" group's in *grp */
static __u16 resolve_family(int fd, __u32 *grp)
{
	const struct nlattr *tb[CTRL_ATTR_MAX + 1];
	struct answer a;
	struct msgbuf m;
	__u16 id;

	msg_init(&m, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, 2);
	msg_put(&m, CTRL_ATTR_FAMILY_NAME, MMLAB_GENL_NAME,
		sizeof(MMLAB_GENL_NAME));
	transact(fd, &m, 0, &a);
	if (a.err)
		die("generic netlink family " MMLAB_GENL_NAME, a.err);
	if (!a.reply || parse_genl(&reply.nlh, tb, CTRL_ATTR_MAX) ||
	    !tb[CTRL_ATTR_FAMILY_ID] ||
	    ATTR_LEN(tb[CTRL_ATTR_FAMILY_ID]) != sizeof(id))
		die("CTRL_CMD_GETFAMILY reply", EBADMSG);
	memcpy(&id, ATTR_DATA(tb[CTRL_ATTR_FAMILY_ID]), sizeof(id));
	*grp = tb[CTRL_ATTR_MCAST_GROUPS] ?
	       events_group(tb[CTRL_ATTR_MCAST_GROUPS]) : 0;
	return id;
}

/* ---- the operations -------------------------------------------------- */

static int do_load(unsigned int n, int argc, char **argv)
{
	size_t len = 1;
	char *params;
	int fd, i, err;
	unsigned long left;

	if (argc < 1)
		usage();
	for (i = 1; i < argc; i++)
		len += strlen(argv[i]) + 1;
	params = calloc(1, len);
	if (!params)
		die("params", ENOMEM);
	for (i = 1; i < argc; i++) {
		if (i > 1)
			strcat(params, " ");
		strcat(params, argv[i]);
	}
	fd = open(argv[0], O_RDONLY | O_CLOEXEC);
	if (fd < 0)
		die(argv[0], errno);

	fail_nth_open(n);
	if (n)
		fail_nth_set(fail_nth_arm);
	err = syscall(SYS_finit_module, fd, params, 0) ? errno : 0;
	left = fail_nth_left();

	printf("fired=%d errno=%d left=%lu\n", n && !left, err, left);
	close(fd);
	free(params);
	return EXIT_RAN;
}

static int do_unload(unsigned int n)
{
	unsigned long left;
	int err;

	fail_nth_open(n);
	if (n)
		fail_nth_set(fail_nth_arm);
	err = syscall(SYS_delete_module, MODULE_NAME, O_NONBLOCK) ?
	      errno : 0;
	left = fail_nth_left();

	printf("fired=%d errno=%d left=%lu\n", n && !left, err, left);
	return EXIT_RAN;
}

static int do_genl(unsigned int n, const char *name)
{
	static struct msgbuf m;
	unsigned long left;
	struct answer a;
	char errors[16];
	int fd, one = 1;
	__u16 family;
	size_t i;
	__u32 grp;

	for (i = 0; i < ARRAY_SIZE(genl_cmds); i++)
		if (!strcmp(name, genl_cmds[i].name))
			break;
	if (i == ARRAY_SIZE(genl_cmds))
		usage();

	fd = nl_socket();
	family = resolve_family(fd, &grp);
	if (!grp)
		die("no \"" MMLAB_MCGRP_EVENTS "\" group", ENOENT);
	/*
	 * A listener, so that mmlab builds and multicasts its events (in
	 * this task, within the request); an event lost to an overrun must
	 * not turn into ENOBUFS on the socket and hide the ack.
	 */
	if (setsockopt(fd, SOL_NETLINK, NETLINK_ADD_MEMBERSHIP, &grp,
		       sizeof(grp)) ||
	    setsockopt(fd, SOL_NETLINK, NETLINK_NO_ENOBUFS, &one, sizeof(one)))
		die("joining the events group", errno);
	msg_init(&m, family, genl_cmds[i].cmd, MMLAB_GENL_VERSION);
	m.nlh.nlmsg_seq = 2;

	fail_nth_open(n);
	if (n)
		fail_nth_set(fail_nth_arm);
	transact(fd, &m, family, &a);
	left = fail_nth_left();

	if (a.has_errors)
		snprintf(errors, sizeof(errors), "%u", a.errors);
	else
		snprintf(errors, sizeof(errors), "-");
	printf("fired=%d errno=%d left=%lu stage=%s reply=%d events=%d errors=%s extack=%s\n",
	       n && !left, a.err, left, a.stage ? a.stage : "-", a.reply,
	       a.events, errors, a.extack);
	close(fd);
	return EXIT_RAN;
}

int main(int argc, char **argv)
{
	unsigned long n;
	char *end;

	if (argc < 3)
		usage();
	errno = 0;
	n = strtoul(argv[1], &end, 10);
	if (errno || end == argv[1] || *end || n > 0x7fffffffUL)
		usage();

	if (!strcmp(argv[2], "load"))
		return do_load(n, argc - 3, argv + 3);
	if (!strcmp(argv[2], "unload") && argc == 3)
		return do_unload(n);
	if (!strcmp(argv[2], "genl") && argc == 4)
		return do_genl(n, argv[3]);
	usage();
	return EXIT_SETUP;
}
