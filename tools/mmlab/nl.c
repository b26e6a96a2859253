// SPDX-License-Identifier: GPL-2.0
/*
 * The netlink layer: socket, family resolution, the request/ack loop and
 * the parsing of replies and events into structs (see nl.h).
 *
 * Every request asks for an ack (NLM_F_ACK) so that a "do" ends the same
 * way whether it has a reply or not: the reply, if any, arrives first and
 * is parsed by the VALID callback; then the ack (error 0) or an error
 * ends the loop. The socket has NETLINK_EXT_ACK and NETLINK_CAP_ACK set,
 * so an error carries the kernel's extack TLVs right after struct
 * nlmsgerr instead of a copy of our request.
 *
 * Replies are parsed with a policy for every attribute set, so a short
 * attribute is rejected before it is read; attributes this tool does not
 * know (a newer module) are skipped by nla_parse(); attributes it needs
 * and does not find make the reply malformed (-EBADMSG).
 */
#include <linux/mmlab.h>

#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/socket.h>

#include <netlink/netlink.h>
#include <netlink/attr.h>
#include <netlink/msg.h>
#include <netlink/genl/genl.h>
#include <netlink/genl/ctrl.h>

#include "nl.h"

static const struct nla_policy mmlab_policy[MMLAB_A_MAX + 1] = {
	[MMLAB_A_VERSION]		= { .type = NLA_STRING },
	[MMLAB_A_ARENA]			= { .type = NLA_NESTED },
	[MMLAB_A_STATS]			= { .type = NLA_NESTED },
	[MMLAB_A_VALIDATE_ERRORS]	= { .type = NLA_U32 },
	[MMLAB_A_EVENT_TYPE]		= { .type = NLA_U32 },
	[MMLAB_A_EVENT_SEQ]		= { .type = NLA_U64 },
};

static const struct nla_policy arena_policy[MMLAB_A_ARENA_MAX + 1] = {
	[MMLAB_A_ARENA_SIZE]		= { .type = NLA_U64 },
	[MMLAB_A_ARENA_PAGE_SIZE]	= { .type = NLA_U32 },
	[MMLAB_A_ARENA_FRAMES]		= { .type = NLA_U64 },
	[MMLAB_A_ARENA_FRAMES_FREE]	= { .type = NLA_U64 },
	[MMLAB_A_ARENA_MAX_ORDER]	= { .type = NLA_U32 },
	[MMLAB_A_ARENA_CHUNKS]		= { .type = NLA_U32 },
	[MMLAB_A_ARENA_CHUNK_ORDER_MIN]	= { .type = NLA_U32 },
	[MMLAB_A_ARENA_CHUNK_ORDER_MAX]	= { .type = NLA_U32 },
	[MMLAB_A_ARENA_BACKING]		= { .type = NLA_U32 },
};

static const struct nla_policy stats_policy[MMLAB_A_STATS_MAX + 1] = {
	[MMLAB_A_STATS_NL_REQUESTS]	= { .type = NLA_U64 },
	[MMLAB_A_STATS_NL_ERRORS]	= { .type = NLA_U64 },
	[MMLAB_A_STATS_VALIDATE_RUNS]	= { .type = NLA_U64 },
	[MMLAB_A_STATS_VALIDATE_ERRORS]	= { .type = NLA_U64 },
	[MMLAB_A_STATS_EVENTS]		= { .type = NLA_U64 },
	[MMLAB_A_STATS_RESETS]		= { .type = NLA_U64 },
};

static const struct nla_policy extack_policy[NLMSGERR_ATTR_MAX + 1] = {
	[NLMSGERR_ATTR_MSG]		= { .type = NLA_STRING },
	[NLMSGERR_ATTR_OFFS]		= { .type = NLA_U32 },
	[NLMSGERR_ATTR_MISS_TYPE]	= { .type = NLA_U32 },
	[NLMSGERR_ATTR_MISS_NEST]	= { .type = NLA_U32 },
};

/* names for "reply lacks ..." messages; NULL: not required */
static const char * const mmlab_required[MMLAB_A_MAX + 1] = {
	[MMLAB_A_VERSION]		= "version",
	[MMLAB_A_ARENA]			= "arena",
	[MMLAB_A_STATS]			= "stats",
};

static const char * const arena_required[MMLAB_A_ARENA_MAX + 1] = {
	[MMLAB_A_ARENA_SIZE]		= "arena size",
	[MMLAB_A_ARENA_PAGE_SIZE]	= "arena page_size",
	[MMLAB_A_ARENA_FRAMES]		= "arena frames",
	[MMLAB_A_ARENA_FRAMES_FREE]	= "arena frames_free",
	[MMLAB_A_ARENA_MAX_ORDER]	= "arena max_order",
	[MMLAB_A_ARENA_CHUNKS]		= "arena chunks",
	[MMLAB_A_ARENA_CHUNK_ORDER_MIN]	= "arena chunk_order_min",
	[MMLAB_A_ARENA_CHUNK_ORDER_MAX]	= "arena chunk_order_max",
	[MMLAB_A_ARENA_BACKING]		= "arena backing",
};

static const char * const stats_required[MMLAB_A_STATS_MAX + 1] = {
	[MMLAB_A_STATS_NL_REQUESTS]	= "stats nl_requests",
	[MMLAB_A_STATS_NL_ERRORS]	= "stats nl_errors",
	[MMLAB_A_STATS_VALIDATE_RUNS]	= "stats validate_runs",
	[MMLAB_A_STATS_VALIDATE_ERRORS]	= "stats validate_errors",
	[MMLAB_A_STATS_EVENTS]		= "stats events",
	[MMLAB_A_STATS_RESETS]		= "stats resets",
};

/* a libnl error (negative NLE_*) as a negative errno, with a detail */
static int nl_error(struct mmlab_nl *nl, int nlerr)
{
	switch (-nlerr) {
	case NLE_NOMEM:
		return -ENOMEM;
	case NLE_PERM:
		return -EPERM;
	case NLE_NOACCESS:
		return -EACCES;
	case NLE_INTR:
		return -EINTR;
	case NLE_AGAIN:
		return -EAGAIN;
	case NLE_OBJ_NOTFOUND:
		return -ENOENT;
	case NLE_OPNOTSUPP:
		return -EOPNOTSUPP;
	case NLE_INVAL:
		return -EINVAL;
	default:
		snprintf(nl->detail, sizeof(nl->detail), "libnl: %s",
			 nl_geterror(nlerr));
		return -EPROTO;
	}
}

static int bad_msg(struct mmlab_nl *nl, const char *what, int nlerr)
{
	snprintf(nl->detail, sizeof(nl->detail), "malformed %s: %s", what,
		 nl_geterror(nlerr));
	return -EBADMSG;
}

static int check_required(struct mmlab_nl *nl, struct nlattr **tb,
			  const char * const *names, int max)
{
	int i;

	for (i = 0; i <= max; i++) {
		if (names[i] && !tb[i]) {
			snprintf(nl->detail, sizeof(nl->detail),
				 "reply lacks attribute \"%s\"", names[i]);
			return -EBADMSG;
		}
	}
	return 0;
}

int mmlab_nl_open(struct mmlab_nl *nl)
{
	int one = 1;
	int err;

	memset(nl, 0, sizeof(*nl));
	nl->sk = nl_socket_alloc();
	if (!nl->sk)
		return -ENOMEM;

	err = genl_connect(nl->sk);
	if (err < 0) {
		err = nl_error(nl, err);
		goto err_free;
	}

	/*
	 * Both options exist since Linux 4.12; without them errors merely
	 * lose their message, so a failure here is not fatal.
	 */
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_EXT_ACK,
		   &one, sizeof(one));
	setsockopt(nl_socket_get_fd(nl->sk), SOL_NETLINK, NETLINK_CAP_ACK,
		   &one, sizeof(one));

	err = genl_ctrl_resolve(nl->sk, MMLAB_GENL_NAME);
	if (err < 0) {
		err = nl_error(nl, err);
		goto err_free;
	}
	nl->family = err;
	return 0;

err_free:
	nl_socket_free(nl->sk);
	nl->sk = NULL;
	return err;
}

void mmlab_nl_close(struct mmlab_nl *nl)
{
	if (nl->sk)
		nl_socket_free(nl->sk);
	nl->sk = NULL;
}

struct request {
	struct mmlab_nl *nl;
	int (*parse)(struct mmlab_nl *nl, struct nlmsghdr *nlh, void *arg);
	void *arg;
	bool done;
	bool replied;
	int err;		/* from the kernel */
	int parse_err;		/* from parse() */
};

/*
 * The kernel's error: keep errno and the extack message. With
 * NLM_F_CAPPED the payload is struct nlmsgerr alone, otherwise our
 * request follows it; the TLVs (NLM_F_ACK_TLVS) come after that. Every
 * length is checked against nlmsg_len before it is used.
 */
static int error_cb(struct sockaddr_nl *nla, struct nlmsgerr *e, void *arg)
{
	struct nlmsghdr *nlh = (struct nlmsghdr *)((char *)e - NLMSG_HDRLEN);
	struct nlattr *tb[NLMSGERR_ATTR_MAX + 1];
	struct request *rq = arg;
	unsigned int ack_len = sizeof(*e);

	(void)nla;
	rq->done = true;
	rq->err = e->error < 0 ? e->error : -EPROTO;

	if (!(nlh->nlmsg_flags & NLM_F_ACK_TLVS))
		return NL_STOP;
	if (!(nlh->nlmsg_flags & NLM_F_CAPPED)) {
		if (e->msg.nlmsg_len < NLMSG_HDRLEN)
			return NL_STOP;
		ack_len += e->msg.nlmsg_len - NLMSG_HDRLEN;
	}
	ack_len = NLMSG_ALIGN(ack_len);
	if (nlh->nlmsg_len < NLMSG_HDRLEN ||
	    nlh->nlmsg_len - NLMSG_HDRLEN <= ack_len)
		return NL_STOP;

	if (nla_parse(tb, NLMSGERR_ATTR_MAX,
		      (struct nlattr *)((char *)e + ack_len),
		      nlh->nlmsg_len - NLMSG_HDRLEN - ack_len,
		      extack_policy) < 0)
		return NL_STOP;
	if (tb[NLMSGERR_ATTR_MSG])
		nla_strlcpy(rq->nl->detail, tb[NLMSGERR_ATTR_MSG],
			    sizeof(rq->nl->detail));
	else if (tb[NLMSGERR_ATTR_MISS_TYPE])
		snprintf(rq->nl->detail, sizeof(rq->nl->detail),
			 "missing attribute %u",
			 nla_get_u32(tb[NLMSGERR_ATTR_MISS_TYPE]));
	return NL_STOP;
}

static int ack_cb(struct nl_msg *msg, void *arg)
{
	struct request *rq = arg;

	(void)msg;
	rq->done = true;
	return NL_STOP;
}

static int valid_cb(struct nl_msg *msg, void *arg)
{
	struct request *rq = arg;
	int err;

	rq->replied = true;
	if (!rq->parse || rq->parse_err)
		return NL_SKIP;
	err = rq->parse(rq->nl, nlmsg_hdr(msg), rq->arg);
	if (err)
		rq->parse_err = err;
	/* keep reading: the ack must be consumed too */
	return NL_SKIP;
}

static int request(struct mmlab_nl *nl, __u8 cmd,
		   int (*parse)(struct mmlab_nl *, struct nlmsghdr *, void *),
		   void *arg)
{
	struct request rq = {
		.nl = nl,
		.parse = parse,
		.arg = arg,
	};
	struct nl_msg *msg;
	struct nl_cb *cb = NULL;
	int err;

	nl->detail[0] = '\0';
	msg = nlmsg_alloc();
	if (!msg)
		return -ENOMEM;
	if (!genlmsg_put(msg, NL_AUTO_PORT, NL_AUTO_SEQ, nl->family, 0,
			 NLM_F_ACK, cmd, MMLAB_GENL_VERSION)) {
		err = -EMSGSIZE;
		goto out;
	}

	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb) {
		err = -ENOMEM;
		goto out;
	}
	nl_cb_err(cb, NL_CB_CUSTOM, error_cb, &rq);
	nl_cb_set(cb, NL_CB_ACK, NL_CB_CUSTOM, ack_cb, &rq);
	nl_cb_set(cb, NL_CB_FINISH, NL_CB_CUSTOM, ack_cb, &rq);
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, valid_cb, &rq);

	err = nl_send_auto(nl->sk, msg);
	if (err < 0) {
		err = nl_error(nl, err);
		goto out;
	}

	while (!rq.done) {
		err = nl_recvmsgs(nl->sk, cb);
		if (err < 0 && !rq.done) {
			err = nl_error(nl, err);
			goto out;
		}
	}

	err = rq.err;
	if (!err)
		err = rq.parse_err;
	if (!err && parse && !rq.replied) {
		snprintf(nl->detail, sizeof(nl->detail), "no reply");
		err = -EBADMSG;
	}
out:
	nl_cb_put(cb);
	nlmsg_free(msg);
	return err;
}

static int parse_arena(struct mmlab_nl *nl, struct nlattr *nest,
		       struct mmlab_arena *a)
{
	struct nlattr *tb[MMLAB_A_ARENA_MAX + 1];
	int err;

	err = nla_parse_nested(tb, MMLAB_A_ARENA_MAX, nest, arena_policy);
	if (err < 0)
		return bad_msg(nl, "arena attribute", err);
	err = check_required(nl, tb, arena_required, MMLAB_A_ARENA_MAX);
	if (err)
		return err;

	a->size = nla_get_u64(tb[MMLAB_A_ARENA_SIZE]);
	a->page_size = nla_get_u32(tb[MMLAB_A_ARENA_PAGE_SIZE]);
	a->frames = nla_get_u64(tb[MMLAB_A_ARENA_FRAMES]);
	a->frames_free = nla_get_u64(tb[MMLAB_A_ARENA_FRAMES_FREE]);
	a->max_order = nla_get_u32(tb[MMLAB_A_ARENA_MAX_ORDER]);
	a->chunks = nla_get_u32(tb[MMLAB_A_ARENA_CHUNKS]);
	a->chunk_order_min = nla_get_u32(tb[MMLAB_A_ARENA_CHUNK_ORDER_MIN]);
	a->chunk_order_max = nla_get_u32(tb[MMLAB_A_ARENA_CHUNK_ORDER_MAX]);
	a->backing = nla_get_u32(tb[MMLAB_A_ARENA_BACKING]);
	return 0;
}

static int parse_stats(struct mmlab_nl *nl, struct nlattr *nest,
		       struct mmlab_stats *s)
{
	struct nlattr *tb[MMLAB_A_STATS_MAX + 1];
	int err;

	err = nla_parse_nested(tb, MMLAB_A_STATS_MAX, nest, stats_policy);
	if (err < 0)
		return bad_msg(nl, "stats attribute", err);
	err = check_required(nl, tb, stats_required, MMLAB_A_STATS_MAX);
	if (err)
		return err;

	s->nl_requests = nla_get_u64(tb[MMLAB_A_STATS_NL_REQUESTS]);
	s->nl_errors = nla_get_u64(tb[MMLAB_A_STATS_NL_ERRORS]);
	s->validate_runs = nla_get_u64(tb[MMLAB_A_STATS_VALIDATE_RUNS]);
	s->validate_errors = nla_get_u64(tb[MMLAB_A_STATS_VALIDATE_ERRORS]);
	s->events = nla_get_u64(tb[MMLAB_A_STATS_EVENTS]);
	s->resets = nla_get_u64(tb[MMLAB_A_STATS_RESETS]);
	return 0;
}

static int parse_status(struct mmlab_nl *nl, struct nlmsghdr *nlh, void *arg)
{
	struct nlattr *tb[MMLAB_A_MAX + 1];
	struct mmlab_status *st = arg;
	int err;

	err = genlmsg_parse(nlh, 0, tb, MMLAB_A_MAX, mmlab_policy);
	if (err < 0)
		return bad_msg(nl, "reply", err);
	err = check_required(nl, tb, mmlab_required, MMLAB_A_MAX);
	if (err)
		return err;

	nla_strlcpy(st->version, tb[MMLAB_A_VERSION], sizeof(st->version));
	err = parse_arena(nl, tb[MMLAB_A_ARENA], &st->arena);
	if (err)
		return err;
	return parse_stats(nl, tb[MMLAB_A_STATS], &st->stats);
}

int mmlab_nl_status_get(struct mmlab_nl *nl, struct mmlab_status *st)
{
	memset(st, 0, sizeof(*st));
	return request(nl, MMLAB_CMD_STATUS_GET, parse_status, st);
}

int mmlab_nl_stats_reset(struct mmlab_nl *nl)
{
	return request(nl, MMLAB_CMD_STATS_RESET, NULL, NULL);
}

static int parse_validate(struct mmlab_nl *nl, struct nlmsghdr *nlh,
			  void *arg)
{
	struct nlattr *tb[MMLAB_A_MAX + 1];
	__u32 *errors = arg;
	int err;

	err = genlmsg_parse(nlh, 0, tb, MMLAB_A_MAX, mmlab_policy);
	if (err < 0)
		return bad_msg(nl, "reply", err);
	if (!tb[MMLAB_A_VALIDATE_ERRORS]) {
		snprintf(nl->detail, sizeof(nl->detail),
			 "reply lacks attribute \"validate_errors\"");
		return -EBADMSG;
	}
	*errors = nla_get_u32(tb[MMLAB_A_VALIDATE_ERRORS]);
	return 0;
}

int mmlab_nl_validate(struct mmlab_nl *nl, __u32 *errors)
{
	return request(nl, MMLAB_CMD_VALIDATE, parse_validate, errors);
}

struct monitor {
	struct mmlab_nl *nl;
	mmlab_event_fn fn;
	void *arg;
	bool stop;
	bool unloaded;
};

static const struct nla_policy ctrl_policy[CTRL_ATTR_MAX + 1] = {
	[CTRL_ATTR_FAMILY_NAME]		= { .type = NLA_STRING },
};

/* nlctrl's notification that our family went away (rmmod) */
static bool family_deleted(struct nlmsghdr *nlh)
{
	struct nlattr *tb[CTRL_ATTR_MAX + 1];
	struct genlmsghdr *gnlh = nlmsg_data(nlh);

	if (gnlh->cmd != CTRL_CMD_DELFAMILY ||
	    genlmsg_parse(nlh, 0, tb, CTRL_ATTR_MAX, ctrl_policy) < 0 ||
	    !tb[CTRL_ATTR_FAMILY_NAME])
		return false;
	return !strcmp(nla_get_string(tb[CTRL_ATTR_FAMILY_NAME]),
		       MMLAB_GENL_NAME);
}

static int event_cb(struct nl_msg *msg, void *arg)
{
	struct nlmsghdr *nlh = nlmsg_hdr(msg);
	struct nlattr *tb[MMLAB_A_MAX + 1];
	struct monitor *mon = arg;
	struct mmlab_nl_event ev = { 0 };
	struct genlmsghdr *gnlh;
	int err;

	if (!genlmsg_valid_hdr(nlh, 0))
		return NL_SKIP;
	if (nlh->nlmsg_type == GENL_ID_CTRL && family_deleted(nlh)) {
		mon->unloaded = true;
		return NL_STOP;
	}
	if (nlh->nlmsg_type != mon->nl->family)
		return NL_SKIP;
	gnlh = nlmsg_data(nlh);
	if (gnlh->cmd != MMLAB_CMD_EVENT)
		return NL_SKIP;

	err = genlmsg_parse(nlh, 0, tb, MMLAB_A_MAX, mmlab_policy);
	if (err < 0) {
		fprintf(stderr, "mmlab: monitor: malformed event ignored: %s\n",
			nl_geterror(err));
		return NL_SKIP;
	}

	if (tb[MMLAB_A_EVENT_TYPE])
		ev.type = nla_get_u32(tb[MMLAB_A_EVENT_TYPE]);
	if (tb[MMLAB_A_EVENT_SEQ]) {
		ev.seq = nla_get_u64(tb[MMLAB_A_EVENT_SEQ]);
		ev.has_seq = true;
	}
	if (tb[MMLAB_A_VALIDATE_ERRORS]) {
		ev.validate_errors = nla_get_u32(tb[MMLAB_A_VALIDATE_ERRORS]);
		ev.has_validate_errors = true;
	}

	if (mon->fn(&ev, mon->arg)) {
		mon->stop = true;
		return NL_STOP;
	}
	return NL_OK;
}

/* Multicast events carry sequence number 0: accept every one. */
static int seq_any_cb(struct nl_msg *msg __attribute__((unused)),
		      void *arg __attribute__((unused)))
{
	return NL_OK;
}

int mmlab_nl_monitor(struct mmlab_nl *nl, mmlab_event_fn fn, void *arg)
{
	struct monitor mon = {
		.nl = nl,
		.fn = fn,
		.arg = arg,
	};
	struct nl_cb *cb;
	int grp, ctrl_grp, err;

	nl->detail[0] = '\0';
	grp = genl_ctrl_resolve_grp(nl->sk, MMLAB_GENL_NAME,
				    MMLAB_MCGRP_EVENTS);
	if (grp < 0) {
		if (grp != -NLE_OBJ_NOTFOUND)
			return nl_error(nl, grp);
		snprintf(nl->detail, sizeof(nl->detail),
			 "multicast group \"%s\" not found",
			 MMLAB_MCGRP_EVENTS);
		return -ENOENT;
	}

	cb = nl_cb_alloc(NL_CB_DEFAULT);
	if (!cb)
		return -ENOMEM;
	nl_cb_set(cb, NL_CB_VALID, NL_CB_CUSTOM, event_cb, &mon);
	/*
	 * nl_socket_disable_seq_check() changes only the socket's own
	 * callback set; nl_recvmsgs() below uses @cb, so turn it off there.
	 */
	nl_cb_set(cb, NL_CB_SEQ_CHECK, NL_CB_CUSTOM, seq_any_cb, NULL);

	err = nl_socket_add_membership(nl->sk, grp);
	if (err < 0) {
		err = nl_error(nl, err);
		goto out;
	}
	/* best effort: without it, an rmmod merely goes unnoticed */
	ctrl_grp = genl_ctrl_resolve_grp(nl->sk, "nlctrl", "notify");
	if (ctrl_grp >= 0)
		nl_socket_add_membership(nl->sk, ctrl_grp);

	for (;;) {
		err = nl_recvmsgs(nl->sk, cb);
		if (mon.stop) {
			err = 0;
			break;
		}
		if (mon.unloaded) {
			snprintf(nl->detail, sizeof(nl->detail),
				 "module unloaded");
			err = -ENODEV;
			break;
		}
		/* libnl reports ENOBUFS, a receive buffer overrun, as NOMEM */
		if (err == -NLE_NOMEM) {
			fprintf(stderr,
				"mmlab: monitor: receive buffer overrun, events lost\n");
			continue;
		}
		if (err < 0) {
			err = nl_error(nl, err);
			break;
		}
	}
out:
	nl_cb_put(cb);
	return err;
}
