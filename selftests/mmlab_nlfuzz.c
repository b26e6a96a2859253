// SPDX-License-Identifier: GPL-2.0
/*
 * mmlab_nlfuzz - fuzz the generic netlink family "mmlab" over raw netlink.
 *
 * What it reads. Nothing here lists mmlab's operations or attributes: at
 * start the kernel is asked. CTRL_CMD_GETFAMILY gives the operations
 * (CTRL_ATTR_OPS: each op's id and flags, i.e. do, dump, admin, has a
 * policy), CTRL_CMD_GETPOLICY with CTRL_ATTR_OP gives each operation's
 * attribute policy with its nested policy sets (NL_POLICY_TYPE_ATTR_*: the
 * type, a value range or mask, length bounds, the set of a nest); where a
 * kernel refuses CTRL_ATTR_OP, one dump of the whole family is read
 * instead. Requests are built from these tables, so operations and
 * attributes added later are fuzzed with no change here. From the uapi
 * header only MMLAB_CMD_MAX and MMLAB_A_MAX are used, to go past the ends,
 * and STATUS_GET, VALIDATE and the MMLAB_A_STATS nest for the checks
 * around the fuzzing.
 *
 * What it sends. Bounded random batches of 1 to 5 requests per sendmsg(),
 * from a seeded xorshift generator, in the classes of enum fz_class:
 * valid requests (the no-attribute "control" request of each op, and
 * random policy-valid attributes, some left out), requests without
 * NLM_F_ACK, attributes of wrong length, range, mask or nesting, attribute
 * types the policy does not list, nested garbage, truncated attributes,
 * oversized messages (and one too big for the socket's send buffer),
 * nlmsg_len cut short or pointing past the datagram, unknown commands,
 * NLM_F_DUMP on do-only ops, wrong genl versions, a non-zero genl reserved
 * field, junk nlmsg flags, messages without NLM_F_REQUEST, and random
 * bytes after the headers. It does so as root, as nobody (uid/gid 65534,
 * no groups) and as root without CAP_SYS_ADMIN but with CAP_NET_ADMIN,
 * each in a child process with its own socket.
 *
 * What it expects. Every request's answer is predicted by a small model of
 * the generic netlink core (netlink_rcv_skb(), genl_family_rcv_msg()),
 * in the order the kernel checks:
 *
 *   nlmsg_len < 16, or past the datagram  ignored, with the rest of the
 *                                         datagram
 *   no NLM_F_REQUEST                      ignored; an ack of 0 if NLM_F_ACK
 *   shorter than the genl header          -EINVAL, no extack
 *   genl reserved != 0, nlmsg flags other
 *   than REQUEST, ACK, ECHO, DUMP         -EINVAL with extack
 *   no such op (for do, for dump)         -EOPNOTSUPP, no extack
 *   GENL_ADMIN_PERM, no CAP_NET_ADMIN     -EPERM, no extack (6.1 checks
 *                                         this before the do/dump kind,
 *                                         6.12 after: NLM_F_DUMP on an
 *                                         admin do-only op may give either)
 *   attributes against the op's policy    -EINVAL or -ERANGE with extack
 *   mmlab's handler                       its answer; any error with
 *                                         extack (house rule), -EPERM
 *                                         for admin ops without
 *                                         CAP_SYS_ADMIN (uapi header)
 *
 * The model assumes strict validation (the house rule: no op sets
 * GENL_DONT_VALIDATE_STRICT), so an attribute type the policy dump does
 * not list is refused: NLA_REJECT, NLA_UNSPEC, above maxattr. (NLA_BE16
 * and NLA_BE32, which policy dumps leave out too, would read as refused;
 * mmlab uses neither.)
 *
 * The properties, one KTAP result each, over all three callers:
 *  - answers: each request gets exactly one ack, error or (dump) DONE, a
 *    successful do-request without NLM_F_ACK nothing but its reply, an
 *    error never a reply, and the cases above marked "ignored" nothing;
 *    every answer belongs to a request; nothing is late or lost (a fence,
 *    NLMSG_NOOP with NLM_F_ACK sent after each batch, must be answered
 *    within RCV_TIMEOUT_S);
 *  - errnos: only EINVAL, ERANGE, EOPNOTSUPP, EPERM (core and policy
 *    layer) and ENOENT, EEXIST, EBUSY, ENOSPC, E2BIG (what a handler may
 *    say of a well-formed request naming something absent, present, busy
 *    or too big), and ENOMEM when its extack says the arena is out of
 *    blocks; EMSGSIZE or any other ENOMEM from a handler would be a bug,
 *    as would ENOBUFS on our socket;
 *  - outcomes: each answer is one the model allows;
 *  - extack: every error carries NLMSGERR_ATTR_MSG or _MISS_TYPE, except
 *    those the genl core gives without one (short genl header, no such
 *    op, GENL_ADMIN_PERM);
 *  - control: the control request of each op answers as it did first;
 *  - permissions: admin ops never succeed for nobody (-EPERM from the
 *    core) nor without CAP_SYS_ADMIN (-EPERM with extack from mmlab);
 *  - stats: a STATUS_GET after every batch; between two, with no reset in
 *    between (MMLAB_A_STATS_RESETS unchanged), nl_requests - nl_errors
 *    grows by exactly the successful requests (the closing STATUS_GET
 *    included), and nl_errors by at least the failures that surely
 *    reached a handler (requests without attributes the core let through:
 *    attributes valid by the dump may still break rules it cannot show,
 *    such as a validation function) and at most those that may have:
 *    mmlab counts requests in its handlers only, never the core's or the
 *    policy layer's refusals. So nl_errors never decreases but by a
 *    reset, and a reset must come from a successful admin request.
 * Then: STATUS_GET still works, VALIDATE finds 0 errors, and mmlab
 * unloads (delete_module) and loads again from the same file with the
 * same parameters (finit_module): nothing fuzzed left a reference behind.
 *
 *	mmlab_nlfuzz [-s SEED] [-n COUNT] [-v]
 *
 * SEED (default: from the clock, printed) and COUNT (requests, default
 * 3000, split 2:1:1 between root, nobody and root without CAP_SYS_ADMIN)
 * also come from MMLAB_FUZZ_SEED and MMLAB_FUZZ_COUNT; -v prints every
 * request and its answer (through the kselftest runner:
 * KSELFTEST_MMLAB_NLFUZZ_ARGS=-v). The same seed on the same kernel and
 * module sends the same requests. The module file is MMLAB_KO or the
 * running kernel's mmlab.ko.
 */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <ftw.h>
#include <grp.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>
#include <sys/prctl.h>
#include <sys/socket.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <sys/time.h>
#include <sys/utsname.h>
#include <sys/wait.h>

#include <linux/capability.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/mmlab.h>

#include "mmlab_nl.h"

#include "kselftest.h"

#ifndef SOL_NETLINK
#define SOL_NETLINK		270
#endif

/* NL_ATTR_TYPE_SINT and _UINT are 6.7's: not in every uapi header */
#define FZ_TYPE_SINT		16
#define FZ_TYPE_UINT		17

#define RCV_TIMEOUT_S		5	/* TCG on a loaded host */
#define NOBODY			65534
#define DEFAULT_COUNT		3000
#define RX_LEN			(256 * 1024)
#define MAX_BATCH		5
#define MAX_OPS			64
#define MAX_SETS		32
#define MAX_DEPTH		3
#define MAX_LOG			64	/* top-level attributes remembered */
#define SMALL_BUDGET		2048	/* attribute bytes of a request */
#define BIG_LEN			60000	/* an oversized request that fits */
#define MAX_FAIL_LOG		20

/* ---- the random generator --------------------------------------------- */

static __u64 rng;

static __u64 rnd(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static __u32 below(__u32 n)
{
	return n ? (__u32)(rnd() % n) : 0;
}

static bool chance(unsigned int percent)
{
	return below(100) < percent;
}

static void fill_random(void *p, size_t n)
{
	unsigned char *b = p;

	while (n--)
		*b++ = (unsigned char)rnd();
}

/* a value in [lo, hi], the ends and their neighbours often */
static __u64 pick_u(__u64 lo, __u64 hi)
{
	switch (below(8)) {
	case 0:
		return lo;
	case 1:
		return hi;
	case 2:
		return lo < hi ? lo + 1 : lo;
	case 3:
		return lo < hi ? hi - 1 : hi;
	}
	if (lo == 0 && hi == UINT64_MAX)
		return rnd();
	return lo + rnd() % (hi - lo + 1);
}

static __s64 pick_s(__s64 lo, __s64 hi)
{
	__u64 span = (__u64)hi - (__u64)lo;

	return (__s64)((__u64)lo + pick_u(0, span));
}

/* "EINVAL" for -EINVAL or EINVAL, "0" for 0 */
static const char *ename(int e)
{
	const char *s;

	if (!e)
		return "0";
	s = strerrorname_np(e < 0 ? -e : e);
	return s ? s : "E?";
}

/* ---- the family, as the kernel describes it ----------------------------- */

/* one attribute of a policy set, from its NL_POLICY_TYPE_ATTR_* nest */
struct aspec {
	__u16 type;
	__u32 kind;			/* NL_ATTR_TYPE_* */
	bool has_u, has_s, has_mask, has_min, has_max, has_bf;
	__u64 umin, umax, mask;
	__s64 smin, smax;
	__u32 minlen, maxlen, bf_mask;
	int nested;			/* set of the nest's content, -1 */
	__u32 nested_max;
};

struct pset {
	int n;
	struct aspec *a;
};

struct policy {
	struct pset set[MAX_SETS];
};

struct fop {
	__u32 id, flags;
	struct policy *pol;
	int do_set, dump_set;		/* -1: no policy */
	/* the control request's first answer, per caller */
	bool base_done, base_reply, base_ext;
	int base_err;
};

struct family {
	__u16 id;
	__u32 version, hdrsize, maxattr;
	int nops;
	struct fop ops[MAX_OPS];
	__u32 amax;			/* highest attribute type known */
	__u32 cmax;			/* highest command known */
	bool per_op;			/* policies read per op */
	int status_op;			/* index of STATUS_GET, -1 */
};

static struct family fam;

static bool op_admin(const struct fop *op)
{
	return op->flags & (GENL_ADMIN_PERM | GENL_UNS_ADMIN_PERM);
}

static struct fop *find_op(__u32 cmd)
{
	int i;

	for (i = 0; i < fam.nops; i++)
		if (fam.ops[i].id == cmd)
			return &fam.ops[i];
	return NULL;
}

static const struct pset *op_pset(const struct fop *op, bool dump)
{
	int s = dump ? op->dump_set : op->do_set;

	return s < 0 || !op->pol ? NULL : &op->pol->set[s];
}

static const struct aspec *find_attr(const struct pset *s, __u32 type)
{
	int i;

	for (i = 0; s && i < s->n; i++)
		if (s->a[i].type == type)
			return &s->a[i];
	return NULL;
}

/* ---- netlink plumbing ----------------------------------------------------- */

struct wbuf {
	unsigned char *p;
	size_t len, cap;
};

static void __noreturn fatal(const char *what)
{
	printf("# BUG: %s\n", what);
	fflush(stdout);
	_exit(KSFT_FAIL);
}

static void *wb_put(struct wbuf *w, size_t n)
{
	void *at;

	if (w->len + n > w->cap)
		fatal("message buffer overflow");
	at = w->p + w->len;
	memset(at, 0, n);
	w->len += n;
	return at;
}

static void wb_align(struct wbuf *w)
{
	wb_put(w, NLA_ALIGN(w->len) - w->len);
}

/* start an attribute; wb_end() sets its length and pads */
static size_t wb_start(struct wbuf *w, __u16 type)
{
	struct nlattr *a;
	size_t off;

	wb_align(w);
	off = w->len;
	a = wb_put(w, NLA_HDRLEN);
	a->nla_type = type;
	return off;
}

static void wb_end(struct wbuf *w, size_t off)
{
	struct nlattr *a = (struct nlattr *)(w->p + off);

	if (w->len - off > 0xffff)
		fatal("attribute longer than 64k");
	a->nla_len = (__u16)(w->len - off);
	wb_align(w);
}

/* an attribute of n bytes: random ones if data is NULL */
static void wb_attr(struct wbuf *w, __u16 type, const void *data, size_t n)
{
	size_t off = wb_start(w, type);
	void *p = wb_put(w, n);

	if (data)
		memcpy(p, data, n);
	else
		fill_random(p, n);
	wb_end(w, off);
}

#define ATTR_DATA(a)	((const void *)((const char *)(a) + NLA_HDRLEN))
#define ATTR_LEN(a)	((int)(a)->nla_len - NLA_HDRLEN)
#define ATTR_TYPE(a)	((a)->nla_type & NLA_TYPE_MASK)

/* the next attribute of [*p, *p + *rem), or NULL at the end */
static const struct nlattr *attr_next(const void **p, int *rem)
{
	const struct nlattr *a = *p;

	if (*rem < NLA_HDRLEN || a->nla_len < NLA_HDRLEN || a->nla_len > *rem)
		return NULL;
	*rem -= NLA_ALIGN(a->nla_len);
	*p = (const char *)a + NLA_ALIGN(a->nla_len);
	return a;
}

static bool get_u16(const struct nlattr *a, __u16 *v)
{
	if (ATTR_LEN(a) != sizeof(*v))
		return false;
	memcpy(v, ATTR_DATA(a), sizeof(*v));
	return true;
}

static bool get_u32(const struct nlattr *a, __u32 *v)
{
	if (ATTR_LEN(a) != sizeof(*v))
		return false;
	memcpy(v, ATTR_DATA(a), sizeof(*v));
	return true;
}

static bool get_u64(const struct nlattr *a, __u64 *v)
{
	if (ATTR_LEN(a) != sizeof(*v))
		return false;
	memcpy(v, ATTR_DATA(a), sizeof(*v));
	return true;
}

/*
 * Bytes the kernel's attribute walk (nla_for_each_attr) leaves over in
 * [p, p + len): what follows the last whole attribute. Non-zero is the
 * "bytes leftover" that strict parsing refuses.
 */
static int attr_leftover(const unsigned char *p, int len)
{
	while (len >= NLA_HDRLEN) {
		const struct nlattr *a = (const struct nlattr *)p;

		if (a->nla_len < NLA_HDRLEN || a->nla_len > len)
			break;
		len -= NLA_ALIGN(a->nla_len);
		p += NLA_ALIGN(a->nla_len);
	}
	return len > 0 ? len : 0;
}

static int nl_socket(void)
{
	return mmlab_nl_socket(RCV_TIMEOUT_S);
}

static int nl_send(int fd, const void *buf, size_t len)
{
	struct sockaddr_nl sa = { .nl_family = AF_NETLINK };
	ssize_t n;

	n = sendto(fd, buf, len, 0, (struct sockaddr *)&sa, sizeof(sa));
	if (n < 0)
		return -errno;
	return (size_t)n == len ? 0 : -EIO;
}

static unsigned char rx[RX_LEN] __attribute__((aligned(8)));

/* start a generic netlink message in w (which must be empty or aligned) */
static struct nlmsghdr *msg_start(struct wbuf *w, __u16 type, __u16 flags,
				  __u32 seq, __u8 cmd, __u8 version)
{
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;
	size_t off;

	wb_align(w);
	off = w->len;
	nlh = wb_put(w, NLMSG_HDRLEN);
	nlh->nlmsg_type = type;
	nlh->nlmsg_flags = flags;
	nlh->nlmsg_seq = seq;
	g = wb_put(w, GENL_HDRLEN);
	g->cmd = cmd;
	g->version = version;
	return (struct nlmsghdr *)(w->p + off);
}

/*
 * Send a control-family request (w, one message) and feed every answer of
 * its sequence number to cb until the ack, NLMSG_DONE or an error.
 * Returns 0, the request's -errno, or the callback's.
 */
static int ctrl_xfer(int fd, struct wbuf *w,
		     int (*cb)(const struct nlmsghdr *, void *), void *arg)
{
	const struct nlmsghdr *req = (const struct nlmsghdr *)w->p;
	__u32 seq = req->nlmsg_seq;
	int err;

	((struct nlmsghdr *)w->p)->nlmsg_len = w->len;
	err = nl_send(fd, w->p, w->len);
	if (err)
		return err;
	for (;;) {
		const struct nlmsghdr *nlh;
		int n = recv(fd, rx, sizeof(rx), 0);

		if (n < 0)
			return -errno;
		for (nlh = (void *)rx; NLMSG_OK(nlh, n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			if (nlh->nlmsg_seq != seq)
				continue;
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				const struct nlmsgerr *e = NLMSG_DATA(nlh);

				return e->error;
			}
			if (nlh->nlmsg_type == NLMSG_DONE) {
				int done = 0;

				if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(int)))
					memcpy(&done, NLMSG_DATA(nlh),
					       sizeof(done));
				return done;
			}
			err = cb(nlh, arg);
			if (err)
				return err;
		}
	}
}

/* the attributes of a generic netlink message */
static void genl_attrs(const struct nlmsghdr *nlh, const void **p, int *len)
{
	*p = (const char *)NLMSG_DATA(nlh) + GENL_HDRLEN;
	*len = nlh->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	if (*len < 0)
		*len = 0;
}

/* ---- discovery: ops and policies ------------------------------------- */

static int family_cb(const struct nlmsghdr *nlh, void *arg)
{
	const struct nlattr *a, *o, *t;
	const void *p, *q, *r;
	int len, rem, rem2;

	(void)arg;
	genl_attrs(nlh, &p, &len);
	while ((a = attr_next(&p, &len))) {
		switch (ATTR_TYPE(a)) {
		case CTRL_ATTR_FAMILY_ID:
			get_u16(a, &fam.id);
			break;
		case CTRL_ATTR_VERSION:
			get_u32(a, &fam.version);
			break;
		case CTRL_ATTR_HDRSIZE:
			get_u32(a, &fam.hdrsize);
			break;
		case CTRL_ATTR_MAXATTR:
			get_u32(a, &fam.maxattr);
			break;
		case CTRL_ATTR_OPS:
			q = ATTR_DATA(a);
			rem = ATTR_LEN(a);
			while ((o = attr_next(&q, &rem))) {
				struct fop *op;

				if (fam.nops == MAX_OPS)
					return -E2BIG;
				op = &fam.ops[fam.nops++];
				op->do_set = -1;
				op->dump_set = -1;
				r = ATTR_DATA(o);
				rem2 = ATTR_LEN(o);
				while ((t = attr_next(&r, &rem2))) {
					if (ATTR_TYPE(t) == CTRL_ATTR_OP_ID)
						get_u32(t, &op->id);
					else if (ATTR_TYPE(t) ==
						 CTRL_ATTR_OP_FLAGS)
						get_u32(t, &op->flags);
				}
			}
			break;
		}
	}
	return 0;
}

static int parse_aspec(const struct nlattr *nest, struct aspec *s)
{
	const struct nlattr *t;
	const void *p = ATTR_DATA(nest);
	int rem = ATTR_LEN(nest);
	__u64 v = 0;
	__u32 v32 = 0;

	memset(s, 0, sizeof(*s));
	s->type = ATTR_TYPE(nest);
	s->nested = -1;
	while ((t = attr_next(&p, &rem))) {
		bool is64 = get_u64(t, &v);
		bool is32 = get_u32(t, &v32);

		switch (ATTR_TYPE(t)) {
		case NL_POLICY_TYPE_ATTR_TYPE:
			if (is32)
				s->kind = v32;
			break;
		case NL_POLICY_TYPE_ATTR_MIN_VALUE_S:
			s->has_s = is64;
			s->smin = (__s64)v;
			break;
		case NL_POLICY_TYPE_ATTR_MAX_VALUE_S:
			s->has_s = is64;
			s->smax = (__s64)v;
			break;
		case NL_POLICY_TYPE_ATTR_MIN_VALUE_U:
			s->has_u = is64;
			s->umin = v;
			break;
		case NL_POLICY_TYPE_ATTR_MAX_VALUE_U:
			s->has_u = is64;
			s->umax = v;
			break;
		case NL_POLICY_TYPE_ATTR_MIN_LENGTH:
			s->has_min = is32;
			s->minlen = v32;
			break;
		case NL_POLICY_TYPE_ATTR_MAX_LENGTH:
			s->has_max = is32;
			s->maxlen = v32;
			break;
		case NL_POLICY_TYPE_ATTR_POLICY_IDX:
			if (is32)
				s->nested = (int)v32;
			break;
		case NL_POLICY_TYPE_ATTR_POLICY_MAXTYPE:
			if (is32)
				s->nested_max = v32;
			break;
		case NL_POLICY_TYPE_ATTR_BITFIELD32_MASK:
			s->has_bf = is32;
			s->bf_mask = v32;
			break;
		case NL_POLICY_TYPE_ATTR_MASK:
			s->has_mask = is64;
			s->mask = v;
			break;
		}
	}
	if (!s->kind || s->nested >= MAX_SETS)
		return -EBADMSG;
	return 0;
}

struct pol_ctx {
	struct policy *pol;
	struct fop *only;		/* per-op dump: the op; else NULL */
};

static int policy_cb(const struct nlmsghdr *nlh, void *arg)
{
	struct pol_ctx *c = arg;
	const struct nlattr *a, *x, *y, *z;
	const void *p, *q, *r, *s;
	int len, rem, rem2, rem3, err;

	genl_attrs(nlh, &p, &len);
	while ((a = attr_next(&p, &len))) {
		q = ATTR_DATA(a);
		rem = ATTR_LEN(a);
		if (ATTR_TYPE(a) == CTRL_ATTR_OP_POLICY) {
			/* { op: { DO: set, DUMP: set } } */
			while ((x = attr_next(&q, &rem))) {
				struct fop *op = find_op(ATTR_TYPE(x));
				__u32 set;

				if (!op || (c->only && op != c->only))
					return -EBADMSG;
				op->pol = c->pol;
				r = ATTR_DATA(x);
				rem2 = ATTR_LEN(x);
				while ((y = attr_next(&r, &rem2))) {
					if (!get_u32(y, &set) || set >= MAX_SETS)
						return -EBADMSG;
					if (ATTR_TYPE(y) == CTRL_ATTR_POLICY_DO)
						op->do_set = (int)set;
					else if (ATTR_TYPE(y) ==
						 CTRL_ATTR_POLICY_DUMP)
						op->dump_set = (int)set;
				}
			}
		} else if (ATTR_TYPE(a) == CTRL_ATTR_POLICY) {
			/* { set: { attr: { NL_POLICY_TYPE_ATTR_* } } } */
			while ((x = attr_next(&q, &rem))) {
				struct pset *ps;

				if (ATTR_TYPE(x) >= MAX_SETS)
					return -E2BIG;
				ps = &c->pol->set[ATTR_TYPE(x)];
				s = ATTR_DATA(x);
				rem3 = ATTR_LEN(x);
				while ((z = attr_next(&s, &rem3))) {
					struct aspec *n;

					n = realloc(ps->a,
						    (ps->n + 1) * sizeof(*n));
					if (!n)
						return -ENOMEM;
					ps->a = n;
					err = parse_aspec(z, &ps->a[ps->n]);
					if (err)
						return err;
					ps->n++;
				}
			}
		}
	}
	return 0;
}

/* one CTRL_CMD_GETPOLICY dump: of one op (op_id >= 0) or of all */
static int dump_policy(int fd, __u32 *seq, struct fop *only)
{
	struct pol_ctx c = { .only = only };
	unsigned char buf[256] __attribute__((aligned(8)));
	struct wbuf w = { .p = buf, .cap = sizeof(buf) };
	__u32 id;

	c.pol = calloc(1, sizeof(*c.pol));
	if (!c.pol)
		return -ENOMEM;
	msg_start(&w, GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_DUMP, (*seq)++,
		  CTRL_CMD_GETPOLICY, 1);
	wb_attr(&w, CTRL_ATTR_FAMILY_NAME, MMLAB_GENL_NAME,
		sizeof(MMLAB_GENL_NAME));
	if (only) {
		id = only->id;
		wb_attr(&w, CTRL_ATTR_OP, &id, sizeof(id));
	}
	return ctrl_xfer(fd, &w, policy_cb, &c);
}

static int discover(int fd, char *why, size_t len)
{
	unsigned char buf[256] __attribute__((aligned(8)));
	struct wbuf w = { .p = buf, .cap = sizeof(buf) };
	__u32 seq = 1;
	int err, i, j, k;

	memset(&fam, 0, sizeof(fam));
	fam.status_op = -1;
	msg_start(&w, GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_ACK, seq++,
		  CTRL_CMD_GETFAMILY, 2);
	wb_attr(&w, CTRL_ATTR_FAMILY_NAME, MMLAB_GENL_NAME,
		sizeof(MMLAB_GENL_NAME));
	err = ctrl_xfer(fd, &w, family_cb, NULL);
	if (err) {
		snprintf(why, len, "CTRL_CMD_GETFAMILY \"%s\": %s",
			 MMLAB_GENL_NAME, strerror(-err));
		return err;
	}
	if (!fam.id || !fam.nops) {
		snprintf(why, len, "no family id or no CTRL_ATTR_OPS");
		return -EBADMSG;
	}

	/* per op; a kernel that refuses CTRL_ATTR_OP gets one dump of all */
	fam.per_op = true;
	for (i = 0; i < fam.nops && fam.per_op; i++) {
		if (!(fam.ops[i].flags & GENL_CMD_CAP_HASPOL))
			continue;
		err = dump_policy(fd, &seq, &fam.ops[i]);
		if (err == -ENODATA)
			continue;
		if (err) {
			printf("# CTRL_CMD_GETPOLICY with CTRL_ATTR_OP %u: %s: reading the whole family's\n",
			       fam.ops[i].id, strerror(-err));
			fam.per_op = false;
		}
	}
	if (!fam.per_op) {
		for (i = 0; i < fam.nops; i++) {
			fam.ops[i].do_set = -1;
			fam.ops[i].dump_set = -1;
		}
		err = dump_policy(fd, &seq, NULL);
		if (err) {
			snprintf(why, len, "CTRL_CMD_GETPOLICY: %s",
				 strerror(-err));
			return err;
		}
	}

	fam.amax = fam.maxattr > MMLAB_A_MAX ? fam.maxattr : MMLAB_A_MAX;
	fam.cmax = MMLAB_CMD_MAX;
	for (i = 0; i < fam.nops; i++) {
		struct fop *op = &fam.ops[i];
		const struct pset *ps = op_pset(op, false);

		if (op->id > fam.cmax)
			fam.cmax = op->id;
		if (op->id == MMLAB_CMD_STATUS_GET)
			fam.status_op = i;
		if ((op->flags & GENL_CMD_CAP_HASPOL) && op->do_set < 0 &&
		    op->dump_set < 0) {
			snprintf(why, len, "op %u has a policy but none was dumped",
				 op->id);
			return -EBADMSG;
		}
		for (j = 0; ps && j < ps->n; j++)
			if (ps->a[j].type > fam.amax)
				fam.amax = ps->a[j].type;
		/* nested sets must exist in the same dump */
		for (j = 0; op->pol && j < MAX_SETS; j++)
			for (k = 0; k < op->pol->set[j].n; k++)
				if (op->pol->set[j].a[k].nested >= MAX_SETS) {
					snprintf(why, len, "bad nested set");
					return -EBADMSG;
				}
	}
	if (fam.cmax > 254)
		fam.cmax = 254;
	return 0;
}

static const char *kind_name(__u32 kind)
{
	static const char * const names[] = {
		"invalid", "flag", "u8", "u16", "u32", "u64", "s8", "s16",
		"s32", "s64", "binary", "string", "nul-string", "nested",
		"nested-array", "bitfield32", "sint", "uint",
	};

	return kind < ARRAY_SIZE(names) ? names[kind] : "?";
}

static void print_family(void)
{
	int i, j, s;

	printf("# family %s: id %u, version %u, hdrsize %u, maxattr %u, %d ops, policies read %s\n",
	       MMLAB_GENL_NAME, fam.id, fam.version, fam.hdrsize, fam.maxattr,
	       fam.nops, fam.per_op ? "per op" : "for the whole family");
	for (i = 0; i < fam.nops; i++) {
		const struct fop *op = &fam.ops[i];

		printf("#   op %u:%s%s%s%s, do policy set %d, dump policy set %d\n",
		       op->id,
		       op->flags & GENL_CMD_CAP_DO ? " do" : "",
		       op->flags & GENL_CMD_CAP_DUMP ? " dump" : "",
		       op_admin(op) ? " admin" : "",
		       op->flags & GENL_CMD_CAP_HASPOL ? " policy" : "",
		       op->do_set, op->dump_set);
		for (s = 0; op->pol && s < MAX_SETS; s++) {
			const struct pset *ps = &op->pol->set[s];

			if (!ps->n)
				continue;
			printf("#     set %d:", s);
			for (j = 0; j < ps->n; j++)
				printf(" %u=%s", ps->a[j].type,
				       kind_name(ps->a[j].kind));
			printf("\n");
		}
	}
}

/* ---- attribute generators ------------------------------------------------- */

/* policy verdicts of attributes, from harmless to refused */
enum { V_NONE, V_VALID, V_MAYBE, V_INVALID };

static int vmax(int a, int b)
{
	return a > b ? a : b;
}

static size_t gen_limit;		/* w->len the generators stop at */

static int kind_size(__u32 kind)
{
	switch (kind) {
	case NL_ATTR_TYPE_U8:
	case NL_ATTR_TYPE_S8:
		return 1;
	case NL_ATTR_TYPE_U16:
	case NL_ATTR_TYPE_S16:
		return 2;
	case NL_ATTR_TYPE_U32:
	case NL_ATTR_TYPE_S32:
		return 4;
	case NL_ATTR_TYPE_U64:
	case NL_ATTR_TYPE_S64:
	case NL_ATTR_TYPE_BITFIELD32:
		return 8;
	}
	return 0;
}

static bool kind_signed(__u32 kind)
{
	return kind == NL_ATTR_TYPE_S8 || kind == NL_ATTR_TYPE_S16 ||
	       kind == NL_ATTR_TYPE_S32 || kind == NL_ATTR_TYPE_S64 ||
	       kind == FZ_TYPE_SINT;
}

/* the range a type can hold, before any policy narrows it */
static void kind_range_u(__u32 kind, __u64 *lo, __u64 *hi)
{
	int n = kind == FZ_TYPE_UINT ? 8 : kind_size(kind);

	*lo = 0;
	*hi = n >= 8 ? UINT64_MAX : (1ULL << (8 * n)) - 1;
}

static void kind_range_s(__u32 kind, __s64 *lo, __s64 *hi)
{
	int n = kind == FZ_TYPE_SINT ? 8 : kind_size(kind);

	*hi = n >= 8 ? INT64_MAX : (__s64)((1ULL << (8 * n - 1)) - 1);
	*lo = -*hi - 1;
}

static void spec_range_u(const struct aspec *a, __u64 *lo, __u64 *hi)
{
	kind_range_u(a->kind, lo, hi);
	if (a->has_u) {
		*lo = a->umin;
		*hi = a->umax;
	}
}

static void spec_range_s(const struct aspec *a, __s64 *lo, __s64 *hi)
{
	kind_range_s(a->kind, lo, hi);
	if (a->has_s) {
		*lo = a->smin;
		*hi = a->smax;
	}
}

/* an integer attribute of n bytes holding v (little endian, as on x86) */
static void put_int(struct wbuf *w, __u16 type, __u64 v, int n)
{
	wb_attr(w, type, &v, n);
}

static int put_valid_set(struct wbuf *w, const struct policy *pol, int set,
			 int depth, void (*log)(struct wbuf *, size_t, int));

/* one policy-valid attribute of a */
static int put_valid(struct wbuf *w, const struct policy *pol,
		     const struct aspec *a, int depth)
{
	__u16 nested = a->type | NLA_F_NESTED;
	size_t off, n, max;
	__u64 lo, hi, v;
	__s64 slo, shi;
	char *s;
	int verdict = V_VALID;
	int i;

	switch (a->kind) {
	case NL_ATTR_TYPE_FLAG:
		wb_attr(w, a->type, NULL, 0);
		break;
	case NL_ATTR_TYPE_U8:
	case NL_ATTR_TYPE_U16:
	case NL_ATTR_TYPE_U32:
	case NL_ATTR_TYPE_U64:
	case FZ_TYPE_UINT:
		spec_range_u(a, &lo, &hi);
		v = a->has_mask ? rnd() & a->mask : pick_u(lo, hi);
		if (a->kind != FZ_TYPE_UINT)
			put_int(w, a->type, v, kind_size(a->kind));
		else
			put_int(w, a->type, v,
				v > UINT32_MAX || chance(30) ? 8 : 4);
		break;
	case NL_ATTR_TYPE_S8:
	case NL_ATTR_TYPE_S16:
	case NL_ATTR_TYPE_S32:
	case NL_ATTR_TYPE_S64:
	case FZ_TYPE_SINT:
		spec_range_s(a, &slo, &shi);
		v = (__u64)pick_s(slo, shi);
		if (a->kind != FZ_TYPE_SINT)
			put_int(w, a->type, v, kind_size(a->kind));
		else
			put_int(w, a->type, v,
				(__s64)v != (__s32)v || chance(30) ? 8 : 4);
		break;
	case NL_ATTR_TYPE_BITFIELD32: {
		__u32 bf[2];		/* value, selector */

		bf[1] = (__u32)rnd() & a->bf_mask;
		bf[0] = (__u32)rnd() & bf[1];
		wb_attr(w, a->type, bf, sizeof(bf));
		break;
	}
	case NL_ATTR_TYPE_BINARY:
		max = a->has_max ? a->maxlen : 64;
		if (max > 256)
			max = 256;
		n = a->has_min ? a->minlen : 0;
		if (max > n)
			n += below(max - n + 1);
		wb_attr(w, a->type, NULL, n);
		break;
	case NL_ATTR_TYPE_STRING:
	case NL_ATTR_TYPE_NUL_STRING:
		/* a minimum length is no rule of the policy layer here */
		if (a->has_min)
			verdict = V_MAYBE;
		max = a->has_max ? a->maxlen : 32;
		if (max > 256)
			max = 256;
		n = below(max + 1);
		if (a->kind == NL_ATTR_TYPE_STRING && n == 0)
			n = 1;
		off = wb_start(w, a->type);
		s = wb_put(w, n);
		for (i = 0; i < (int)n; i++)
			s[i] = 'a' + below(26);
		if (a->kind == NL_ATTR_TYPE_NUL_STRING || chance(50))
			wb_put(w, 1);
		wb_end(w, off);
		break;
	case NL_ATTR_TYPE_NESTED:
		off = wb_start(w, nested);
		if (a->nested >= 0 && depth < MAX_DEPTH)
			verdict = vmax(verdict, put_valid_set(w, pol, a->nested,
							      depth + 1, NULL));
		wb_end(w, off);
		break;
	case NL_ATTR_TYPE_NESTED_ARRAY:
		off = wb_start(w, nested);
		n = a->nested >= 0 && depth < MAX_DEPTH ? below(3) : 0;
		for (i = 1; i <= (int)n; i++) {
			size_t e = wb_start(w, i | NLA_F_NESTED);

			verdict = vmax(verdict, put_valid_set(w, pol, a->nested,
							      depth + 1, NULL));
			wb_end(w, e);
		}
		wb_end(w, off);
		break;
	default:
		/* a kind newer than this file */
		wb_attr(w, a->type, NULL, below(17));
		verdict = V_MAYBE;
	}
	return verdict;
}

/*
 * Random policy-valid attributes of a set: each listed attribute with
 * probability 1/2 (so any of them may be missing), in random order, now
 * and then twice. log, if given, is told of each top-level attribute.
 */
static int put_valid_set(struct wbuf *w, const struct policy *pol, int set,
			 int depth, void (*log)(struct wbuf *, size_t, int))
{
	const struct pset *ps = &pol->set[set];
	int verdict = V_NONE;
	int i, n;

	if (!ps->n)
		return V_NONE;
	n = below(2 * ps->n + 1);
	for (i = 0; i < n && w->len < gen_limit; i++) {
		const struct aspec *a = &ps->a[below(ps->n)];
		size_t off = NLA_ALIGN(w->len);
		int v = put_valid(w, pol, a, depth);

		if (log)
			log(w, off, v);
		verdict = vmax(verdict, v);
	}
	return verdict;
}

/*
 * One attribute of a that the policy layer must refuse (V_INVALID), or, if
 * no way to break this kind is known, something random (V_MAYBE).
 */
static int put_invalid(struct wbuf *w, const struct policy *pol,
		       const struct aspec *a, int depth)
{
	bool nest = a->kind == NL_ATTR_TYPE_NESTED ||
		    a->kind == NL_ATTR_TYPE_NESTED_ARRAY;
	int size = kind_size(a->kind);
	__u64 lo, hi, tlo, thi;
	__s64 slo, shi, tslo, tshi;
	size_t off;
	int n;

	/* NLA_F_NESTED on what is no nest: "NLA_F_NESTED not expected" */
	if (!nest && a->kind <= FZ_TYPE_UINT && chance(20)) {
		wb_attr(w, a->type | NLA_F_NESTED, NULL, size ? size : 4);
		return V_INVALID;
	}

	switch (a->kind) {
	case NL_ATTR_TYPE_FLAG:
		wb_attr(w, a->type, NULL, 1 + below(8));
		return V_INVALID;
	case NL_ATTR_TYPE_U8:
	case NL_ATTR_TYPE_U16:
	case NL_ATTR_TYPE_U32:
	case NL_ATTR_TYPE_U64:
	case NL_ATTR_TYPE_S8:
	case NL_ATTR_TYPE_S16:
	case NL_ATTR_TYPE_S32:
	case NL_ATTR_TYPE_S64:
		spec_range_u(a, &lo, &hi);
		kind_range_u(a->kind, &tlo, &thi);
		spec_range_s(a, &slo, &shi);
		kind_range_s(a->kind, &tslo, &tshi);
		if (chance(50)) {
			/* a wrong length: "invalid attribute length" */
			do {
				n = below(17);
			} while (n == size);
			wb_attr(w, a->type, NULL, n);
		} else if (a->has_mask && (a->mask & thi) != thi) {
			lo = rnd() & thi & ~a->mask;
			put_int(w, a->type, lo ? lo : thi & ~a->mask, size);
		} else if (!kind_signed(a->kind) && a->has_u && lo > tlo) {
			put_int(w, a->type, pick_u(tlo, lo - 1), size);
		} else if (!kind_signed(a->kind) && a->has_u && hi < thi) {
			put_int(w, a->type, pick_u(hi + 1, thi), size);
		} else if (kind_signed(a->kind) && a->has_s && slo > tslo) {
			put_int(w, a->type, (__u64)pick_s(tslo, slo - 1), size);
		} else if (kind_signed(a->kind) && a->has_s && shi < tshi) {
			put_int(w, a->type, (__u64)pick_s(shi + 1, tshi), size);
		} else {
			wb_attr(w, a->type, NULL, size + 1 + below(8));
		}
		return V_INVALID;
	case FZ_TYPE_UINT:
	case FZ_TYPE_SINT:
		do {
			n = below(17);
		} while (n == 4 || n == 8);
		wb_attr(w, a->type, NULL, n);
		return V_INVALID;
	case NL_ATTR_TYPE_BITFIELD32:
		if (a->bf_mask != UINT32_MAX && chance(50)) {
			__u32 bf[2];

			bf[1] = ~a->bf_mask;
			bf[0] = bf[1];
			wb_attr(w, a->type, bf, sizeof(bf));
		} else {
			wb_attr(w, a->type, NULL, chance(50) ? 4 : 12);
		}
		return V_INVALID;
	case NL_ATTR_TYPE_BINARY:
		if (a->has_max && a->maxlen < 4096 && chance(70)) {
			wb_attr(w, a->type, NULL, a->maxlen + 1 + below(64));
			return V_INVALID;
		}
		if (a->has_min && a->minlen > 0) {
			wb_attr(w, a->type, NULL, below(a->minlen));
			return V_INVALID;
		}
		wb_attr(w, a->type | NLA_F_NESTED, NULL, below(16));
		return V_INVALID;
	case NL_ATTR_TYPE_STRING:
		if (a->has_max && a->maxlen < 4096 && chance(70)) {
			/*
			 * Too long, and no NUL at the end: the kernel does
			 * not count a trailing NUL against the length.
			 * (The length is taken apart from wb_put(): in one
			 * call the order of evaluation is unspecified, and
			 * zeros were sent, a NUL-terminated string.)
			 */
			n = a->maxlen + 1 + below(16);
			off = wb_start(w, a->type);
			memset(wb_put(w, n), 'x', n);
			wb_end(w, off);
		} else {
			wb_attr(w, a->type, NULL, 0);	/* empty */
		}
		return V_INVALID;
	case NL_ATTR_TYPE_NUL_STRING:
		n = below(40);
		off = wb_start(w, a->type);
		memset(wb_put(w, n), 'y', n);
		wb_end(w, off);		/* no NUL anywhere */
		return V_INVALID;
	case NL_ATTR_TYPE_NESTED:
	case NL_ATTR_TYPE_NESTED_ARRAY:
		switch (below(3)) {
		case 0:		/* "NLA_F_NESTED is missing" */
			off = wb_start(w, a->type);
			if (a->nested >= 0)
				put_valid_set(w, pol, a->nested, MAX_DEPTH,
					      NULL);
			wb_end(w, off);
			return V_INVALID;
		case 1:		/* shorter than an attribute header */
			wb_attr(w, a->type | NLA_F_NESTED, NULL,
				1 + below(3));
			return V_INVALID;
		}
		if (a->nested < 0 || !pol->set[a->nested].n ||
		    depth >= MAX_DEPTH) {
			wb_attr(w, a->type, NULL, 4);
			return V_INVALID;
		}
		/* a broken attribute inside */
		off = wb_start(w, a->type | NLA_F_NESTED);
		if (a->kind == NL_ATTR_TYPE_NESTED_ARRAY) {
			size_t e = wb_start(w, 1 | NLA_F_NESTED);
			const struct pset *ps = &pol->set[a->nested];

			n = put_invalid(w, pol, &ps->a[below(ps->n)],
					depth + 1);
			wb_end(w, e);
		} else {
			const struct pset *ps = &pol->set[a->nested];

			n = put_invalid(w, pol, &ps->a[below(ps->n)],
					depth + 1);
		}
		wb_end(w, off);
		return n;
	}
	wb_attr(w, a->type, NULL, below(17));
	return V_MAYBE;
}

/* an attribute type set s does not list: 0, unlisted, past every end */
static __u16 unlisted_type(const struct pset *s, __u32 max)
{
	__u32 t;
	int tries;

	for (tries = 0; tries < 100; tries++) {
		switch (below(5)) {
		case 0:
			t = 0;
			break;
		case 1:
			t = 1 + below(max);
			break;
		case 2:
			t = max + 1 + below(16);
			break;
		case 3:
			t = MMLAB_A_MAX + 1;
			break;
		default:
			t = max + 1 + below(NLA_TYPE_MASK - max);
		}
		if (t <= (__u32)NLA_TYPE_MASK && !find_attr(s, t))
			return (__u16)t;
	}
	return (__u16)(max + 1);
}

static __u16 flag_bits(void)
{
	__u16 f = 0;

	if (chance(25))
		f |= NLA_F_NESTED;
	if (chance(10))
		f |= NLA_F_NET_BYTEORDER;
	return f;
}

/* a nest of random attributes, nests in it down to depth */
static void put_garbage(struct wbuf *w, int depth, size_t limit)
{
	int i, n = 1 + below(6);

	for (i = 0; i < n && w->len < limit; i++) {
		__u16 type = below(NLA_TYPE_MASK + 1) | flag_bits();

		if (depth > 0 && chance(40)) {
			size_t off = wb_start(w, type | NLA_F_NESTED);

			put_garbage(w, depth - 1, limit);
			wb_end(w, off);
		} else {
			wb_attr(w, type, NULL, below(24));
		}
	}
}

/* ---- requests ------------------------------------------------------------- */

enum fz_class {
	C_CONTROL,		/* no attributes, as every op's baseline */
	C_VALID,		/* policy-valid attributes */
	C_NO_ACK,		/* control or valid, without NLM_F_ACK */
	C_BAD_ATTR,		/* a listed attribute, wrongly */
	C_UNKNOWN_ATTR,		/* a type the policy does not list */
	C_NEST_GARBAGE,		/* nested garbage */
	C_TRUNC_ATTR,		/* last attribute runs past the message */
	C_OVERSIZED,		/* a request of tens of kilobytes */
	C_SEND_TOO_BIG,		/* a datagram beyond the send buffer */
	C_TRUNC_MSG,		/* nlmsg_len cut short */
	C_LONG_MSG,		/* nlmsg_len past the datagram */
	C_UNKNOWN_CMD,		/* a command no op has */
	C_DUMP_ON_DO,		/* NLM_F_DUMP */
	C_BAD_VERSION,		/* genlmsghdr.version not the family's */
	C_BAD_RESERVED,		/* genlmsghdr.reserved != 0 */
	C_JUNK_FLAGS,		/* nlmsg_flags beyond REQUEST|ACK|ECHO|DUMP */
	C_NOT_REQUEST,		/* no NLM_F_REQUEST */
	C_CHAOS,		/* random bytes after the headers */
	C_NR,
	C_SNAPSHOT = C_NR,	/* the STATUS_GET between batches */
	C_BASELINE,		/* the control requests at start */
	C_ALL
};

static const char * const class_name[C_ALL] = {
	"control", "valid", "no-ack", "bad-attr", "unknown-attr",
	"nest-garbage", "trunc-attr", "oversized", "send-too-big",
	"trunc-msg", "long-msg", "unknown-cmd", "dump-on-do", "bad-version",
	"bad-reserved", "junk-flags", "not-request", "chaos", "snapshot",
	"baseline",
};

/* per-mille weight of each class */
static const unsigned int class_weight[C_NR] = {
	[C_CONTROL] = 130, [C_VALID] = 80, [C_NO_ACK] = 50,
	[C_BAD_ATTR] = 100, [C_UNKNOWN_ATTR] = 90, [C_NEST_GARBAGE] = 60,
	[C_TRUNC_ATTR] = 50, [C_OVERSIZED] = 15, [C_SEND_TOO_BIG] = 5,
	[C_TRUNC_MSG] = 55, [C_LONG_MSG] = 25, [C_UNKNOWN_CMD] = 60,
	[C_DUMP_ON_DO] = 50, [C_BAD_VERSION] = 50, [C_BAD_RESERVED] = 40,
	[C_JUNK_FLAGS] = 50, [C_NOT_REQUEST] = 30, [C_CHAOS] = 60,
};

/* answers the model allows */
enum {
	O_IGNORED	= 1 << 0,	/* nothing at all */
	O_ACK0		= 1 << 1,	/* an ack of 0 if NLM_F_ACK, else nothing */
	O_EINVAL_CORE	= 1 << 2,	/* -EINVAL, extack not needed */
	O_EINVAL_EXT	= 1 << 3,	/* -EINVAL with extack */
	O_EOPNOTSUPP	= 1 << 4,	/* -EOPNOTSUPP, extack not needed */
	O_EPERM_CORE	= 1 << 5,	/* -EPERM, extack not needed */
	O_EPERM_EXT	= 1 << 6,	/* -EPERM with extack (mmlab's) */
	O_POLICY	= 1 << 7,	/* -EINVAL or -ERANGE with extack */
	O_CONTROL	= 1 << 8,	/* as the op's baseline */
	O_HANDLER	= 1 << 9,	/* success, or an allowed errno + extack */
};

#define O_NO_EXTACK	(O_EINVAL_CORE | O_EOPNOTSUPP | O_EPERM_CORE)

/* does the request reach mmlab's handler? */
enum { R_NO, R_MAYBE, R_YES };

/* callers */
enum { ID_ROOT, ID_NOBODY, ID_NETADMIN, ID_NR };

static const char * const id_name[ID_NR] = {
	"root", "nobody", "root without CAP_SYS_ADMIN",
};

static const char * const id_tag[ID_NR] = { "root", "nobody", "netadmin" };

struct req {
	int cls;
	int op;				/* index in fam.ops, -1 */
	__u8 cmd;
	__u16 flags;
	__u32 seq;
	size_t off;			/* in the datagram */
	__u32 len;			/* nlmsg_len */
	size_t sent;			/* bytes of it in the datagram */
	/* what the kernel will make of it */
	bool ignored;			/* never reaches genl */
	bool request;			/* NLM_F_REQUEST */
	bool short_hdr;			/* shorter than the genl header */
	bool hdr_bad;			/* reserved, or junk flags */
	bool dump;			/* NLM_F_DUMP */
	bool control;			/* no attributes, the baseline's twin */
	bool bad_version;
	int verdict;			/* V_* of its attributes */
	unsigned int allow;		/* O_* */
	int reach;			/* R_* */
	/* what came back */
	int n_term, n_done, n_reply, n_other;
	int error;
	bool ext_msg, ext_miss;
	char extack[96];
	unsigned char reply[1024] __attribute__((aligned(8)));
	int reply_len;
};

/* properties, one KTAP result each */
enum {
	P_ANSWER, P_ERRNO, P_OUTCOME, P_EXTACK, P_CONTROL, P_PERM, P_STATS,
	P_NR
};

static const char * const prop_name[P_NR] = {
	"answers", "errnos", "outcomes", "extack", "control", "permissions",
	"stats",
};

/* what a caller's phase found, handed to the parent through a pipe */
struct phase_res {
	unsigned long viol[P_NR];
	unsigned long checked[P_NR];
	unsigned long sent, batches, windows, windows_exact, windows_reset;
	unsigned long cls[C_ALL];
	unsigned long acks, errors, replies, dones, silent, ignored, refused;
	unsigned long err_by[256];
	unsigned long ext_msg, ext_miss;
	unsigned long exempt_by[256];
	unsigned long nl_err_delta;
	bool aborted;
	bool done;
};

struct phase {
	int id;
	int fd;
	__u32 seq;
	bool verbose;
	bool baseline;			/* running the baselines */
	int sndbuf;
	unsigned long nfail_log;
	struct phase_res *res;
	struct req rq[MAX_BATCH];
	int n;
	struct wbuf d;			/* the datagram */
	/* attribute log of the message being built */
	size_t msg_off, attr_off;
	int nlog;
	bool log_full;
	size_t log_end[MAX_LOG];
	int log_verdict[MAX_LOG];
};

static struct phase *cur;		/* for the generators' log callback */

static void top_log(struct wbuf *w, size_t off, int verdict)
{
	const struct nlattr *a = (const struct nlattr *)(w->p + off);

	if (cur->nlog == MAX_LOG) {
		cur->log_full = true;
		return;
	}
	cur->log_end[cur->nlog] = off + a->nla_len - cur->msg_off;
	cur->log_verdict[cur->nlog++] = verdict;
}

static void __printf(4, 5) violation(struct phase *ph, int prop, const struct req *r,
		      const char *fmt, ...)
{
	va_list ap;

	ph->res->viol[prop]++;
	if (ph->nfail_log++ >= MAX_FAIL_LOG) {
		if (ph->nfail_log == MAX_FAIL_LOG + 1)
			printf("# %s: more violations, not shown\n",
			       id_tag[ph->id]);
		return;
	}
	printf("# FAIL %s: %s: ", id_tag[ph->id], prop_name[prop]);
	if (r)
		printf("seq %u %s cmd %u flags %#x len %u: ", r->seq,
		       class_name[r->cls], r->cmd, r->flags, r->len);
	va_start(ap, fmt);
	vprintf(fmt, ap);
	va_end(ap);
	if (r && r->n_term)
		printf(" (got %s%s%s)", r->error ? ename(r->error) :
		       "0", r->extack[0] ? ", extack: " : "", r->extack);
	printf("\n");
}

/*
 * The model: which answers the generic netlink core, the policy layer and
 * mmlab may give r, in the order the kernel checks (see the top of the
 * file), and whether r reaches the handler.
 */
static void model(const struct phase *ph, struct req *r)
{
	const struct fop *op;
	bool admin;
	int v;

	r->reach = R_NO;
	if (r->ignored) {
		r->allow = O_IGNORED;
		return;
	}
	if (!r->request) {
		r->allow = O_ACK0;
		return;
	}
	if (r->short_hdr) {
		r->allow = O_EINVAL_CORE;
		return;
	}
	if (r->hdr_bad) {
		r->allow = O_EINVAL_EXT;
		return;
	}
	op = find_op(r->cmd);
	admin = op && op_admin(op);
	if (!op || !(op->flags & (r->dump ? GENL_CMD_CAP_DUMP :
				  GENL_CMD_CAP_DO))) {
		r->allow = O_EOPNOTSUPP;
		/* 6.1 checks the permission before the do/dump kind */
		if (admin && ph->id == ID_NOBODY)
			r->allow |= O_EPERM_CORE;
		return;
	}
	if (admin && ph->id == ID_NOBODY) {
		r->allow = O_EPERM_CORE;
		return;
	}
	v = r->verdict;
	if (!(op->flags & GENL_CMD_CAP_HASPOL) || !op_pset(op, r->dump))
		v = V_NONE;		/* nothing parses the attributes */
	if (v == V_INVALID) {
		r->allow = O_POLICY;
		return;
	}
	/*
	 * Attributes valid by the dump may still fail rules it cannot show
	 * (a validation function, NLA_POLICY_MIN_LEN): only a request
	 * without any surely reaches the handler.
	 */
	r->reach = v == V_NONE ? R_YES : R_MAYBE;
	if (admin && ph->id == ID_NETADMIN)
		r->allow = O_EPERM_EXT | (v != V_NONE ? O_POLICY : 0);
	else if (v != V_NONE && v != V_VALID)
		r->allow = O_HANDLER;
	else if (r->control && !ph->baseline)
		r->allow = O_CONTROL;
	else
		r->allow = O_HANDLER;
	if (r->bad_version) {
		/* ignored by the kernel; mmlab could refuse it */
		r->allow |= O_EINVAL_EXT;
		if (r->reach == R_YES)
			r->reach = R_MAYBE;
	}
}

/* ---- building a batch ---------------------------------------------------- */

static int pick_class(void)
{
	unsigned int x = below(1000), sum = 0;
	int c;

	for (c = 0; c < C_NR; c++) {
		sum += class_weight[c];
		if (x < sum)
			return c;
	}
	return C_CONTROL;
}

static int pick_op(bool need_do)
{
	int i, n = 0, idx[MAX_OPS];

	for (i = 0; i < fam.nops; i++)
		if (!need_do || (fam.ops[i].flags & GENL_CMD_CAP_DO))
			idx[n++] = i;
	return n ? idx[below(n)] : -1;
}

static __u8 unknown_cmd(bool dump)
{
	int tries;

	for (tries = 0; tries < 100; tries++) {
		__u32 c;
		const struct fop *op;

		switch (below(4)) {
		case 0:
			c = 0;
			break;
		case 1:
			c = fam.cmax + 1 + below(4);
			break;
		case 2:
			c = below(fam.cmax + 1);
			break;
		default:
			c = below(256);
		}
		op = find_op(c);
		if (c < 256 && (!op || !(op->flags & (dump ? GENL_CMD_CAP_DUMP :
						       GENL_CMD_CAP_DO))))
			return (__u8)c;
	}
	return 255;
}

/* valid attributes for r's op, logged */
static int gen_valid_attrs(struct phase *ph, const struct fop *op, bool dump)
{
	int set = dump ? op->dump_set : op->do_set;

	if (set < 0 || !op->pol)
		return V_NONE;
	return put_valid_set(&ph->d, op->pol, set, 0, top_log);
}

/* one attribute the op's policy must refuse, logged */
static int gen_bad_attr(struct phase *ph, const struct fop *op, bool dump,
			bool listed)
{
	const struct pset *ps = op_pset(op, dump);
	size_t off = NLA_ALIGN(ph->d.len);
	int v;

	if (listed && ps && ps->n) {
		v = put_invalid(&ph->d, op->pol, &ps->a[below(ps->n)], 0);
	} else {
		wb_attr(&ph->d, unlisted_type(ps, fam.amax) | flag_bits(),
			NULL, below(33));
		v = V_INVALID;
	}
	top_log(&ph->d, off, v);
	return v;
}

/* valid attributes with one bad one somewhere among them */
static int gen_valid_with_bad(struct phase *ph, const struct fop *op,
			      bool dump, bool listed)
{
	int v = V_NONE;

	if (chance(50))
		v = vmax(v, gen_valid_attrs(ph, op, dump));
	v = vmax(v, gen_bad_attr(ph, op, dump, listed));
	if (chance(50))
		v = vmax(v, gen_valid_attrs(ph, op, dump));
	return v;
}

static __u16 junk_flags(__u16 base)
{
	static const __u16 junk[] = {
		NLM_F_MULTI, NLM_F_DUMP_INTR, NLM_F_DUMP_FILTERED, 0x40, 0x80,
		NLM_F_ROOT, NLM_F_MATCH, NLM_F_ATOMIC, NLM_F_APPEND, 0x1000,
		0x2000, 0x4000, 0x8000,
	};
	__u16 f, rest;

	do {
		f = base;
		if (chance(70))
			f |= junk[below(ARRAY_SIZE(junk))];
		else
			f |= (__u16)rnd();
		rest = f;
		if ((rest & NLM_F_DUMP) == NLM_F_DUMP)
			rest &= ~NLM_F_DUMP;
	} while (!(rest & ~(NLM_F_REQUEST | NLM_F_ACK | NLM_F_ECHO)));
	return f;
}

/*
 * Append one request of class cls to the datagram. Returns false if the
 * batch must end after it (the kernel stops reading the datagram there,
 * or it must travel alone).
 */
static bool gen_req(struct phase *ph, struct req *r, int cls)
{
	struct wbuf *d = &ph->d;
	struct nlmsghdr *nlh;
	struct genlmsghdr *g;
	const struct fop *op;
	bool more = true;
	__u16 flags = NLM_F_REQUEST | NLM_F_ACK;
	__u8 version = fam.version;
	int v = V_NONE;
	size_t hdr;
	int i;

	memset(r, 0, sizeof(*r));
	r->cls = cls;
	r->seq = ph->seq++;
	r->request = true;
	r->op = pick_op(true);
	if (r->op < 0)
		fatal("no op with do");
	op = &fam.ops[r->op];
	r->cmd = op->id;
	if (chance(10))
		flags |= NLM_F_ECHO;

	wb_align(d);
	r->off = d->len;
	ph->msg_off = d->len;
	ph->nlog = 0;
	ph->log_full = false;
	gen_limit = d->len + SMALL_BUDGET;
	nlh = msg_start(d, fam.id, 0, r->seq, r->cmd, version);
	wb_put(d, NLA_ALIGN(fam.hdrsize));	/* a family header, zeroed */
	ph->attr_off = d->len;
	hdr = d->len - r->off;

	switch (cls) {
	case C_CONTROL:
	case C_BASELINE:
	case C_SNAPSHOT:
		break;
	case C_VALID:
		v = gen_valid_attrs(ph, op, false);
		break;
	case C_NO_ACK:
		flags &= ~NLM_F_ACK;
		if (chance(50))
			v = gen_valid_attrs(ph, op, false);
		break;
	case C_BAD_ATTR:
		v = gen_valid_with_bad(ph, op, false, true);
		break;
	case C_UNKNOWN_ATTR:
		v = gen_valid_with_bad(ph, op, false, false);
		break;
	case C_NEST_GARBAGE: {
		const struct pset *ps = op_pset(op, false);
		const struct aspec *nest = NULL;
		size_t off;

		for (i = 0; ps && i < ps->n; i++)
			if (ps->a[i].kind == NL_ATTR_TYPE_NESTED && chance(50))
				nest = &ps->a[i];
		if (chance(50))
			v = gen_valid_attrs(ph, op, false);
		off = wb_start(d, (nest ? nest->type :
				   unlisted_type(ps, fam.amax)) | NLA_F_NESTED);
		put_garbage(d, below(12), d->len + 1024);
		if (nest && nest->nested >= 0) {
			/* end in a truncated attribute: leftover bytes */
			struct nlattr *a = wb_put(d, NLA_HDRLEN);

			a->nla_type = below(NLA_TYPE_MASK);
			a->nla_len = NLA_HDRLEN + 8 + below(64);
		}
		wb_end(d, off);
		top_log(d, off, !nest || nest->nested >= 0 ?
			V_INVALID : V_MAYBE);
		v = vmax(v, !nest || nest->nested >= 0 ? V_INVALID : V_MAYBE);
		break;
	}
	case C_TRUNC_ATTR: {
		struct nlattr *a;
		int n = below(12);

		if (chance(50))
			v = gen_valid_attrs(ph, op, false);
		wb_align(d);
		if (chance(20)) {
			/* fewer bytes than an attribute header */
			fill_random(wb_put(d, 1 + below(3)), 1);
		} else {
			a = wb_put(d, NLA_HDRLEN);
			a->nla_type = below(fam.amax + 2);
			a->nla_len = chance(15) ? below(NLA_HDRLEN) :
				NLA_HDRLEN + n + 1 + below(200);
			fill_random(wb_put(d, n), n);
		}
		v = V_INVALID;
		break;
	}
	case C_OVERSIZED: {
		const struct pset *ps = op_pset(op, false);
		size_t big = ph->sndbuf / 3 > BIG_LEN ? BIG_LEN : ph->sndbuf / 3;
		size_t off;

		gen_limit = d->len + big;
		if (ps && ps->n && chance(50)) {
			/* many valid attributes, maybe one bad at the end */
			while (d->len + 512 < gen_limit)
				v = vmax(v, gen_valid_attrs(ph, op, false));
			if (chance(50))
				v = vmax(v, gen_bad_attr(ph, op, false, true));
		} else if (chance(50)) {
			/* one huge attribute nobody accepts */
			off = NLA_ALIGN(d->len);
			wb_attr(d, unlisted_type(ps, fam.amax), NULL,
				big - 512 < 0xff00 ? big - 512 : 0xff00);
			top_log(d, off, V_INVALID);
			v = V_INVALID;
		} else {
			/* a long run of small unknown ones */
			while (d->len + 64 < gen_limit && ph->nlog < MAX_LOG) {
				off = NLA_ALIGN(d->len);
				wb_attr(d, unlisted_type(ps, fam.amax), NULL,
					below(1024));
				top_log(d, off, V_INVALID);
			}
			v = V_INVALID;
		}
		break;
	}
	case C_SEND_TOO_BIG:
		/* the datagram beyond sk_sndbuf - 32: sendmsg says EMSGSIZE */
		while (d->len < (size_t)ph->sndbuf)
			wb_attr(d, unlisted_type(NULL, fam.amax), NULL, 0xff00);
		v = V_INVALID;
		more = false;
		break;
	case C_TRUNC_MSG:
		if (chance(60))
			v = gen_valid_attrs(ph, op, false);
		else
			v = gen_valid_with_bad(ph, op, false, chance(50));
		break;
	case C_LONG_MSG:
		v = gen_valid_attrs(ph, op, false);
		more = false;
		break;
	case C_UNKNOWN_CMD:
		r->dump = chance(20);
		if (r->dump)
			flags |= NLM_F_DUMP;
		r->cmd = unknown_cmd(r->dump);
		if (chance(50))
			put_garbage(d, 2, d->len + 256);
		v = V_MAYBE;
		break;
	case C_DUMP_ON_DO:
		r->op = pick_op(false);
		op = &fam.ops[r->op];
		r->cmd = op->id;
		r->dump = true;
		flags |= NLM_F_DUMP;
		if (chance(50))
			flags &= ~NLM_F_ACK;
		v = gen_valid_attrs(ph, op, true);
		if (op->flags & GENL_CMD_CAP_DUMP)
			more = false;	/* one dump at a time per socket */
		break;
	case C_BAD_VERSION:
		do {
			version = (__u8)rnd();
		} while (version == fam.version);
		break;
	case C_BAD_RESERVED:
		r->hdr_bad = true;
		if (chance(50))
			v = gen_valid_attrs(ph, op, false);
		break;
	case C_JUNK_FLAGS:
		r->hdr_bad = true;
		flags = junk_flags(flags);
		if (chance(50))
			v = gen_valid_attrs(ph, op, false);
		break;
	case C_NOT_REQUEST:
		r->request = false;
		flags = chance(50) ? NLM_F_ACK : 0;
		if (chance(30))
			flags |= (__u16)rnd() & ~NLM_F_REQUEST;
		if (chance(50))
			put_garbage(d, 2, d->len + 256);
		break;
	case C_CHAOS: {
		int n = 1 + below(256);

		if (chance(30))
			v = gen_valid_attrs(ph, op, false);
		fill_random(wb_put(d, n), n);
		v = attr_leftover(d->p + ph->attr_off,
				  d->len - ph->attr_off) ? V_INVALID : V_MAYBE;
		break;
	}
	}

	/* the headers, now that the class has had its say */
	nlh = (struct nlmsghdr *)(d->p + r->off);
	g = NLMSG_DATA(nlh);
	nlh->nlmsg_flags = flags;
	g->cmd = r->cmd;
	g->version = version;
	if (cls == C_BAD_RESERVED)
		g->reserved = 1 + below(0xffff);
	r->flags = flags;
	r->verdict = v;
	r->control = v == V_NONE && cls != C_NOT_REQUEST && !r->dump;
	r->bad_version = cls == C_BAD_VERSION;
	r->len = d->len - r->off;
	r->sent = r->len;

	if (cls == C_TRUNC_MSG) {
		/* cut it anywhere, even into the headers */
		__u32 cut = 1 + (chance(20) ? below(hdr - 1) :
				 below(r->len - 1));
		int left;

		r->len = cut;
		r->sent = cut;
		d->len = r->off + cut;
		if (cut < NLMSG_HDRLEN) {
			r->ignored = true;
			more = false;
		} else if (cut < NLMSG_HDRLEN + GENL_HDRLEN + fam.hdrsize) {
			r->short_hdr = true;
		} else if (cut < hdr) {
			r->verdict = V_MAYBE;	/* in the family header's padding */
		} else {
			/* whole attributes that remain, and the bytes after */
			v = V_NONE;
			for (i = 0; i < ph->nlog; i++)
				if (ph->log_end[i] <= cut)
					v = vmax(v, ph->log_verdict[i]);
			left = attr_leftover(d->p + ph->attr_off, cut - hdr);
			if (ph->log_full)
				v = V_MAYBE;
			r->verdict = left ? V_INVALID : v;
			r->control = r->verdict == V_NONE;
		}
	} else if (cls == C_LONG_MSG) {
		r->len += 1 + below(4096);
		r->ignored = true;
	}
	if (r->len >= sizeof(__u32))
		nlh->nlmsg_len = r->len;
	else if (r->len)
		memcpy(nlh, &r->len, r->len);	/* what is left of it */
	if (r->ignored)
		more = false;
	model(ph, r);
	return more;
}

/* ---- sending, receiving, checking ------------------------------------- */

static void parse_extack(const struct nlattr *p, int len, struct req *r)
{
	const struct nlattr *a;
	const void *q = p;

	while ((a = attr_next(&q, &len))) {
		if (ATTR_TYPE(a) == NLMSGERR_ATTR_MSG && ATTR_LEN(a) > 0) {
			r->ext_msg = true;
			snprintf(r->extack, sizeof(r->extack), "%.*s",
				 ATTR_LEN(a), (const char *)ATTR_DATA(a));
		} else if (ATTR_TYPE(a) == NLMSGERR_ATTR_MISS_TYPE) {
			r->ext_miss = true;
			if (!r->ext_msg)
				snprintf(r->extack, sizeof(r->extack),
					 "missing attribute");
		}
	}
}

static void on_error(const struct nlmsghdr *nlh, struct req *r)
{
	const struct nlmsgerr *e = NLMSG_DATA(nlh);
	const void *tlvs;
	int len;

	r->n_term++;
	if (nlh->nlmsg_len < NLMSG_LENGTH(sizeof(*e))) {
		r->error = -EBADMSG;
		return;
	}
	r->error = e->error;
	tlvs = mmlab_nl_err_tlvs(nlh, &len);
	if (tlvs)
		parse_extack(tlvs, len, r);
}

static void on_done(const struct nlmsghdr *nlh, struct req *r)
{
	size_t off = NLMSG_ALIGN(sizeof(int));

	r->n_term++;
	r->n_done++;
	if (nlh->nlmsg_len >= NLMSG_LENGTH(sizeof(int)))
		memcpy(&r->error, NLMSG_DATA(nlh), sizeof(int));
	if ((nlh->nlmsg_flags & NLM_F_ACK_TLVS) &&
	    NLMSG_LENGTH(off) < nlh->nlmsg_len)
		parse_extack((const void *)((const char *)NLMSG_DATA(nlh) +
					    off),
			     nlh->nlmsg_len - NLMSG_LENGTH(off), r);
}

/*
 * ENOMEM is a handler's answer only when the arena itself is out of the
 * blocks asked for (BUDDY_ALLOC says which: lack of memory or
 * fragmentation, of buddy blocks or, under the fit allocator, of
 * partitions); any other ENOMEM means the kernel ran short under the
 * fuzzer, a bug.
 */
static bool arena_exhausted(const struct req *r)
{
	return r->ext_msg &&
	       (!strncmp(r->extack, "not enough free memory", 22) ||
		!strncmp(r->extack, "no free block of that order", 27) ||
		!strncmp(r->extack, "no hole big enough", 18));
}

static bool errno_allowed(int e, const struct req *r)
{
	if (e == ENOMEM)
		return arena_exhausted(r);
	switch (e) {
	case EINVAL:
	case ERANGE:
	case EOPNOTSUPP:
	case EPERM:
	case ENOENT:
	case EEXIST:
	case EBUSY:
	case ENOSPC:
	case E2BIG:
		return true;
	}
	return false;
}

/* does the answer of r fit outcome o? */
static bool fits(const struct req *r, unsigned int o)
{
	int e = r->n_term ? r->error : 0;
	const struct fop *op = r->op >= 0 ? &fam.ops[r->op] : NULL;

	switch (o) {
	case O_IGNORED:
		return !r->n_term && !r->n_reply;
	case O_ACK0:
		return !r->n_reply && (r->flags & NLM_F_ACK ?
				       r->n_term == 1 && !e : !r->n_term);
	case O_EINVAL_CORE:
	case O_EINVAL_EXT:
		return e == -EINVAL;
	case O_EOPNOTSUPP:
		return e == -EOPNOTSUPP;
	case O_EPERM_CORE:
	case O_EPERM_EXT:
		return e == -EPERM;
	case O_POLICY:
		return e == -EINVAL || e == -ERANGE;
	case O_CONTROL:
		return op && op->base_done && e == op->base_err &&
		       (e || !r->n_reply == !op->base_reply);
	case O_HANDLER:
		return !e || errno_allowed(-e, r);
	}
	return false;
}

static void check_req(struct phase *ph, struct req *r)
{
	struct phase_res *res = ph->res;
	const struct fop *op = r->op >= 0 ? &fam.ops[r->op] : NULL;
	bool admin = op && op_admin(op) && find_op(r->cmd) == op;
	int e = r->n_term ? r->error : 0;
	unsigned int o, matched = 0;
	bool need_ext;

	res->cls[r->cls]++;
	if (ph->verbose)
		printf("#   %s seq %u %s cmd %u flags %#x len %u/%zu: %s%s%s%s\n",
		       id_tag[ph->id], r->seq, class_name[r->cls], r->cmd,
		       r->flags, r->len, r->sent,
		       r->n_term ? (e ? ename(e) : "ok") :
		       "no answer", r->n_reply ? " + reply" : "",
		       r->extack[0] ? " / " : "", r->extack);

	/* answers: the shape */
	res->checked[P_ANSWER]++;
	if (r->n_term > 1)
		violation(ph, P_ANSWER, r, "%d acks/errors/DONEs", r->n_term);
	if (r->n_other)
		violation(ph, P_ANSWER, r, "%d messages of unexpected type",
			  r->n_other);
	if (e && r->n_reply && !r->dump)
		violation(ph, P_ANSWER, r, "an error and a reply");
	if (!r->dump && r->n_reply > 1)
		violation(ph, P_ANSWER, r, "%d replies", r->n_reply);
	if (r->allow != O_IGNORED && r->request) {
		if ((r->flags & NLM_F_ACK) && !r->n_term && !r->dump)
			violation(ph, P_ANSWER, r, "no ack although asked");
		if (r->dump && !r->n_term)
			violation(ph, P_ANSWER, r, "a dump without NLMSG_DONE");
		if (!(r->flags & NLM_F_ACK) && r->n_term && !e && !r->dump)
			violation(ph, P_ANSWER, r, "an ack nobody asked for");
	}
	if (r->allow == O_IGNORED && (r->n_term || r->n_reply))
		violation(ph, P_ANSWER, r, "answered, but must be ignored");

	/* counts */
	if (r->allow == O_IGNORED)
		res->ignored++;
	else if (!r->n_term)
		res->silent++;
	else if (!e)
		res->acks++;
	else
		res->errors++;
	res->dones += r->n_done;
	res->replies += r->n_reply;
	if (e)
		res->err_by[-e > 0 && -e < 256 ? -e : 0]++;
	if (r->ext_msg)
		res->ext_msg++;
	else if (r->ext_miss)
		res->ext_miss++;

	/* errnos */
	if (e) {
		res->checked[P_ERRNO]++;
		if (!errno_allowed(-e, r))
			violation(ph, P_ERRNO, r, "errno %d (%s) not expected",
				  -e, ename(e));
	}

	/* outcomes */
	for (o = 1; o <= O_HANDLER; o <<= 1)
		if ((r->allow & o) && fits(r, o))
			matched |= o;
	if (r->allow == O_CONTROL) {
		res->checked[P_CONTROL]++;
		if (!matched)
			violation(ph, P_CONTROL, r,
				  "baseline was %s%s, now it is not",
				  op->base_err ? ename(op->base_err) :
				  "success", op->base_reply ? " + reply" : "");
	} else if (r->allow & (O_EPERM_CORE | O_EPERM_EXT) &&
		   !(r->allow & ~(O_EPERM_CORE | O_EPERM_EXT))) {
		res->checked[P_PERM]++;
		if (!matched)
			violation(ph, P_PERM, r, "want EPERM");
	} else {
		res->checked[P_OUTCOME]++;
		if (!matched)
			violation(ph, P_OUTCOME, r, "model allows %#x",
				  r->allow);
	}
	if (admin && ph->id != ID_ROOT && r->request) {
		res->checked[P_PERM]++;
		if (r->n_term ? !e : r->allow != O_IGNORED)
			violation(ph, P_PERM, r,
				  "admin op done by an unprivileged caller");
	}

	/* extack: every error, but those the core gives without one */
	if (e && matched) {
		need_ext = !(matched & O_NO_EXTACK);
		if (matched == O_CONTROL)
			need_ext = op->base_ext;
		if (!need_ext) {
			res->exempt_by[-e > 0 && -e < 256 ? -e : 0]++;
		} else {
			res->checked[P_EXTACK]++;
			if (!r->ext_msg && !r->ext_miss)
				violation(ph, P_EXTACK, r,
					  "%s without extack message",
					  ename(e));
		}
	}
}

/*
 * Send the datagram, then a fence (NLMSG_NOOP with NLM_F_ACK) in a datagram
 * of its own, and take every answer until the fence is acked and each dump
 * is done: the kernel handles a datagram in sendmsg(), so whatever its
 * requests bring is queued before the fence's ack. Returns -1 if the
 * socket went quiet or broke (the phase ends).
 */
static int exec_batch(struct phase *ph)
{
	struct nlmsghdr fence = {
		.nlmsg_len = NLMSG_HDRLEN,
		.nlmsg_type = NLMSG_NOOP,
		.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK,
	};
	bool fenced = false, refused = false;
	__u32 first = ph->rq[0].seq;
	int err, i;

	fence.nlmsg_seq = ph->seq++;
	err = nl_send(ph->fd, ph->d.p, ph->d.len);
	if (err == -EMSGSIZE && ph->n == 1 && ph->rq[0].cls == C_SEND_TOO_BIG) {
		refused = true;
		ph->res->refused++;
		ph->rq[0].allow = O_IGNORED;	/* the kernel never saw it */
		ph->rq[0].reach = R_NO;
	} else if (err) {
		violation(ph, P_ANSWER, &ph->rq[0], "sendmsg of %zu bytes: %s",
			  ph->d.len, strerror(-err));
		return -1;
	} else if (ph->n == 1 && ph->rq[0].cls == C_SEND_TOO_BIG) {
		violation(ph, P_ANSWER, &ph->rq[0],
			  "a %zu-byte datagram was taken (sndbuf %d)",
			  ph->d.len, ph->sndbuf);
	}
	err = nl_send(ph->fd, &fence, sizeof(fence));
	if (err) {
		violation(ph, P_ANSWER, NULL, "sending the fence: %s",
			  strerror(-err));
		return -1;
	}

	for (;;) {
		const struct nlmsghdr *nlh;
		bool dumps_done = true;
		int n;

		for (i = 0; i < ph->n; i++)
			if (ph->rq[i].dump && ph->rq[i].allow != O_IGNORED &&
			    !refused && ph->rq[i].request && !ph->rq[i].n_term)
				dumps_done = false;
		if (fenced && dumps_done)
			break;
		n = recv(ph->fd, rx, sizeof(rx), MSG_TRUNC);
		if (n < 0) {
			violation(ph, P_ANSWER, NULL,
				  "batch of %d from seq %u: %s", ph->n, first,
				  errno == EAGAIN ? "no answer within the timeout" :
				  strerror(errno));
			return -1;
		}
		if (n > (int)sizeof(rx)) {
			violation(ph, P_ANSWER, NULL, "a %d-byte answer", n);
			return -1;
		}
		for (nlh = (void *)rx; NLMSG_OK(nlh, n);
		     nlh = NLMSG_NEXT(nlh, n)) {
			struct req *r = NULL;

			if (nlh->nlmsg_seq == fence.nlmsg_seq) {
				fenced = true;
				continue;
			}
			if (nlh->nlmsg_seq - first < (__u32)ph->n)
				r = &ph->rq[nlh->nlmsg_seq - first];
			if (!r) {
				violation(ph, P_ANSWER, NULL,
					  "an answer (type %u) to seq %u, which is no request of this batch",
					  nlh->nlmsg_type, nlh->nlmsg_seq);
				continue;
			}
			if (nlh->nlmsg_type == NLMSG_ERROR) {
				on_error(nlh, r);
			} else if (nlh->nlmsg_type == NLMSG_DONE) {
				on_done(nlh, r);
			} else if (nlh->nlmsg_type == fam.id) {
				if (!r->n_reply &&
				    nlh->nlmsg_len <= sizeof(r->reply)) {
					memcpy(r->reply, nlh, nlh->nlmsg_len);
					r->reply_len = nlh->nlmsg_len;
				}
				r->n_reply++;
			} else {
				r->n_other++;
			}
		}
	}
	return 0;
}

/* begin a batch */
static void batch_reset(struct phase *ph)
{
	ph->n = 0;
	ph->d.len = 0;
}

/* ---- the statistics ----------------------------------------------------- */

struct stats {
	__u64 req, err, resets;
};

struct window {
	unsigned long succ, hfail_min, hfail_max, admin_succ;
	bool inexact;
};

static bool stats_of(const struct req *r, struct stats *st)
{
	const struct nlattr *a, *s;
	const void *p, *q;
	int len, rem;
	bool got[3] = { false, false, false };

	if (!r->reply_len)
		return false;
	genl_attrs((const struct nlmsghdr *)r->reply, &p, &len);
	while ((a = attr_next(&p, &len))) {
		if (ATTR_TYPE(a) != MMLAB_A_STATS)
			continue;
		q = ATTR_DATA(a);
		rem = ATTR_LEN(a);
		while ((s = attr_next(&q, &rem))) {
			switch (ATTR_TYPE(s)) {
			case MMLAB_A_STATS_NL_REQUESTS:
				got[0] = get_u64(s, &st->req);
				break;
			case MMLAB_A_STATS_NL_ERRORS:
				got[1] = get_u64(s, &st->err);
				break;
			case MMLAB_A_STATS_RESETS:
				got[2] = get_u64(s, &st->resets);
				break;
			}
		}
	}
	return got[0] && got[1] && got[2];
}

/* a STATUS_GET, run through the same checks as any request */
static int snapshot(struct phase *ph, struct stats *st)
{
	struct req *r = &ph->rq[0];

	batch_reset(ph);
	gen_req(ph, r, C_SNAPSHOT);
	/* gen_req picked a random op: make it STATUS_GET */
	r->op = fam.status_op;
	r->cmd = fam.ops[r->op].id;
	((struct genlmsghdr *)NLMSG_DATA((struct nlmsghdr *)ph->d.p))->cmd =
		r->cmd;
	model(ph, r);
	ph->n = 1;
	if (exec_batch(ph))
		return -1;
	check_req(ph, r);
	if (r->error || !stats_of(r, st)) {
		violation(ph, P_STATS, r, "STATUS_GET without the MMLAB_A_STATS counters");
		return -1;
	}
	return 0;
}

static void window_add(const struct phase *ph, struct window *w)
{
	int i;

	for (i = 0; i < ph->n; i++) {
		const struct req *r = &ph->rq[i];
		const struct fop *op = find_op(r->cmd);
		bool ok;

		if (r->allow == O_IGNORED || !r->request ||
		    r->cls == C_SEND_TOO_BIG)
			continue;
		ok = r->n_term ? !r->error : true;
		if (r->dump && r->reach != R_NO)
			w->inexact = true;
		if (ok) {
			w->succ++;
			if (op && op_admin(op))
				w->admin_succ++;
		} else if (r->reach == R_YES) {
			w->hfail_min++;
			w->hfail_max++;
		} else if (r->reach == R_MAYBE) {
			w->hfail_max++;
		}
	}
}

/*
 * Between snapshots a and b (b's own STATUS_GET counted in w): without a
 * reset nl_requests - nl_errors grows by the successes exactly, nl_errors
 * by the handler failures; a reset needs a successful admin request.
 */
static void window_check(struct phase *ph, const struct stats *a,
			 const struct stats *b, const struct window *w)
{
	long long dreq = (long long)(b->req - a->req);
	long long derr = (long long)(b->err - a->err);

	ph->res->windows++;
	ph->res->checked[P_STATS]++;
	if (b->resets == a->resets) {
		if (!w->inexact) {
			ph->res->windows_exact++;
			if (dreq - derr != (long long)w->succ)
				violation(ph, P_STATS, NULL,
					  "nl_requests +%lld, nl_errors +%lld, but %lu successful requests",
					  dreq, derr, w->succ);
		}
		if (derr < (long long)w->hfail_min ||
		    (!w->inexact && derr > (long long)w->hfail_max))
			violation(ph, P_STATS, NULL,
				  "nl_errors +%lld, but %lu to %lu failures in mmlab's handlers",
				  derr, w->hfail_min, w->hfail_max);
		if (derr > 0)
			ph->res->nl_err_delta += derr;
		return;
	}
	ph->res->windows_reset++;
	if (b->resets < a->resets ||
	    b->resets - a->resets > w->admin_succ)
		violation(ph, P_STATS, NULL,
			  "resets %llu -> %llu with %lu successful admin requests",
			  (unsigned long long)a->resets,
			  (unsigned long long)b->resets, w->admin_succ);
	if (b->req < b->err || b->req - b->err > w->succ ||
	    b->err > w->hfail_max)
		violation(ph, P_STATS, NULL,
			  "after a reset nl_requests %llu, nl_errors %llu, but %lu successes, %lu possible handler failures",
			  (unsigned long long)b->req,
			  (unsigned long long)b->err, w->succ, w->hfail_max);
}

/* ---- a caller's phase ------------------------------------------------ */

static int become(int id)
{
	struct __user_cap_header_struct h = {
		.version = _LINUX_CAPABILITY_VERSION_3,
	};
	struct __user_cap_data_struct c[2];
	int w = CAP_SYS_ADMIN / 32;
	__u32 bit = 1U << (CAP_SYS_ADMIN % 32);

	switch (id) {
	case ID_NOBODY:
		if (setgroups(0, NULL) || setresgid(NOBODY, NOBODY, NOBODY) ||
		    setresuid(NOBODY, NOBODY, NOBODY))
			return -errno;
		return geteuid() == NOBODY ? 0 : -EPERM;
	case ID_NETADMIN:
		if (prctl(PR_CAPBSET_DROP, CAP_SYS_ADMIN, 0, 0, 0) ||
		    syscall(SYS_capget, &h, c))
			return -errno;
		c[w].effective &= ~bit;
		c[w].permitted &= ~bit;
		c[w].inheritable &= ~bit;
		if (syscall(SYS_capset, &h, c) || syscall(SYS_capget, &h, c))
			return -errno;
		if ((c[w].effective & bit) ||
		    !(c[CAP_NET_ADMIN / 32].effective &
		      (1U << (CAP_NET_ADMIN % 32))))
			return -EPERM;
		return 0;
	}
	return 0;
}

static void print_res(const struct phase *ph, double secs)
{
	const struct phase_res *res = ph->res;
	int c, e;

	printf("# %s: %lu requests in %lu batches (1 to %d per sendmsg), %.1f s; %lu stats windows (%lu exact, %lu with a reset)\n",
	       id_tag[ph->id], res->sent, res->batches, MAX_BATCH, secs,
	       res->windows, res->windows_exact, res->windows_reset);
	printf("# %s: classes:", id_tag[ph->id]);
	for (c = 0; c < C_ALL; c++)
		if (res->cls[c])
			printf(" %s %lu", class_name[c], res->cls[c]);
	printf("\n# %s: answers: ack %lu, error %lu, reply %lu, dump done %lu, silent success %lu, ignored %lu, refused by sendmsg %lu\n",
	       id_tag[ph->id], res->acks, res->errors, res->replies,
	       res->dones, res->silent, res->ignored, res->refused);
	printf("# %s: errnos:", id_tag[ph->id]);
	for (e = 0; e < 256; e++)
		if (res->err_by[e])
			printf(" %s %lu", e ? ename(e) : "other",
			       res->err_by[e]);
	printf("\n# %s: extack: message %lu, missing-attribute %lu; errors of the core, exempt:",
	       id_tag[ph->id], res->ext_msg, res->ext_miss);
	for (e = 0; e < 256; e++)
		if (res->exempt_by[e])
			printf(" %s %lu", e ? ename(e) : "other",
			       res->exempt_by[e]);
	printf("; mmlab's nl_errors +%lu\n", res->nl_err_delta);
}

/* the control request of every op with do, the answer kept per op */
static int baselines(struct phase *ph)
{
	int i;

	ph->baseline = true;
	for (i = 0; i < fam.nops; i++) {
		struct fop *op = &fam.ops[i];
		struct req *r = &ph->rq[0];

		op->base_done = false;
		if (!(op->flags & GENL_CMD_CAP_DO))
			continue;
		batch_reset(ph);
		gen_req(ph, r, C_BASELINE);
		r->op = i;
		r->cmd = op->id;
		((struct genlmsghdr *)NLMSG_DATA((struct nlmsghdr *)ph->d.p))->cmd =
			r->cmd;
		model(ph, r);
		ph->n = 1;
		if (exec_batch(ph))
			return -1;
		check_req(ph, r);
		op->base_done = true;
		op->base_err = r->n_term ? r->error : 0;
		op->base_reply = r->n_reply > 0;
		op->base_ext = r->ext_msg || r->ext_miss;
		printf("# %s: baseline of op %u: %s%s%s%s\n", id_tag[ph->id],
		       op->id, op->base_err ? ename(op->base_err) :
		       "ok", op->base_reply ? " + reply" : "",
		       r->extack[0] ? ", extack: " : "", r->extack);
	}
	ph->baseline = false;
	return 0;
}

static void run_phase(struct phase *ph, unsigned long count)
{
	struct phase_res *res = ph->res;
	struct stats a, b;
	struct timespec t0, t1;
	socklen_t sl = sizeof(ph->sndbuf);

	clock_gettime(CLOCK_MONOTONIC, &t0);
	ph->fd = nl_socket();
	if (ph->fd < 0 ||
	    getsockopt(ph->fd, SOL_SOCKET, SO_SNDBUF, &ph->sndbuf, &sl)) {
		violation(ph, P_ANSWER, NULL, "socket: %s", strerror(errno));
		res->aborted = true;
		return;
	}
	ph->d.cap = ph->sndbuf + 2 * 0x10000;
	ph->d.p = malloc(ph->d.cap);
	if (!ph->d.p)
		fatal("out of memory");
	ph->seq = 1;
	cur = ph;

	if (baselines(ph) || fam.status_op < 0 || snapshot(ph, &a)) {
		if (fam.status_op < 0)
			violation(ph, P_STATS, NULL, "no STATUS_GET op");
		res->aborted = true;
		goto out;
	}

	while (res->sent < count) {
		struct window w = { 0 };
		int nmax = chance(40) ? 1 : 2 + below(MAX_BATCH - 1);
		int i;

		batch_reset(ph);
		for (i = 0; i < nmax && res->sent < count; i++) {
			int cls = pick_class();
			bool more;

			/* a too-big datagram travels alone */
			if (cls == C_SEND_TOO_BIG && i > 0)
				cls = C_CONTROL;
			more = gen_req(ph, &ph->rq[i], cls);
			ph->n++;
			res->sent++;
			if (!more || ph->d.len > (size_t)ph->sndbuf / 2)
				break;
		}
		res->batches++;
		if (exec_batch(ph)) {
			res->aborted = true;
			break;
		}
		for (i = 0; i < ph->n; i++)
			check_req(ph, &ph->rq[i]);
		window_add(ph, &w);
		if (snapshot(ph, &b)) {
			res->aborted = true;
			break;
		}
		w.succ++;		/* the snapshot itself */
		window_check(ph, &a, &b, &w);
		a = b;
	}
out:
	close(ph->fd);
	clock_gettime(CLOCK_MONOTONIC, &t1);
	print_res(ph, (t1.tv_sec - t0.tv_sec) +
		  (t1.tv_nsec - t0.tv_nsec) / 1e9);
}

/* run a caller's phase in a child, its result back through a pipe */
static void phase_in_child(int id, __u64 seed, unsigned long count,
			   bool verbose, struct phase_res *res)
{
	int pfd[2], status, err;
	pid_t pid;

	memset(res, 0, sizeof(*res));
	fflush(stdout);
	pid = pipe(pfd) ? -1 : fork();
	if (pid < 0) {
		res->aborted = true;
		res->viol[P_ANSWER]++;
		return;
	}
	if (pid == 0) {
		static struct phase ph;

		close(pfd[0]);
		ph.id = id;
		ph.verbose = verbose;
		ph.res = res;
		rng = seed;
		err = become(id);
		if (err) {
			printf("# %s: cannot become %s: %s\n", id_tag[id],
			       id_name[id], strerror(-err));
			res->aborted = true;
			res->viol[P_ANSWER]++;
		} else {
			run_phase(&ph, count);
		}
		res->done = true;
		if (write(pfd[1], res, sizeof(*res)) != sizeof(*res))
			_exit(1);
		fflush(stdout);
		_exit(0);
	}
	close(pfd[1]);
	if (read(pfd[0], res, sizeof(*res)) != sizeof(*res) || !res->done) {
		memset(res, 0, sizeof(*res));
		res->aborted = true;
		res->viol[P_ANSWER]++;
		printf("# %s: the child died before its report\n", id_tag[id]);
	}
	close(pfd[0]);
	if (waitpid(pid, &status, 0) != pid ||
	    !WIFEXITED(status) || WEXITSTATUS(status)) {
		printf("# %s: child status %#x\n", id_tag[id], status);
		res->aborted = true;
		res->viol[P_ANSWER]++;
	}
}

/* ---- after the fuzzing ----------------------------------------------------- */

/* one request of an op by id, with NLM_F_ACK; r gets the answer */
static int simple_request(int fd, __u8 cmd, struct req *r)
{
	static struct phase ph;
	static unsigned char buf[256] __attribute__((aligned(8)));

	memset(&ph, 0, sizeof(ph));
	ph.fd = fd;
	ph.res = calloc(1, sizeof(*ph.res));
	ph.d.p = buf;
	ph.d.cap = sizeof(buf);
	ph.seq = 1;
	if (!ph.res)
		return -ENOMEM;
	cur = &ph;
	memset(r, 0, sizeof(*r));
	msg_start(&ph.d, fam.id, NLM_F_REQUEST | NLM_F_ACK, 1, cmd,
		  fam.version);
	((struct nlmsghdr *)buf)->nlmsg_len = ph.d.len;
	r->seq = 1;
	r->cmd = cmd;
	r->op = -1;
	r->request = true;
	r->flags = NLM_F_REQUEST | NLM_F_ACK;
	r->allow = O_HANDLER;
	ph.seq = 2;
	ph.rq[0] = *r;
	ph.n = 1;
	if (exec_batch(&ph)) {
		free(ph.res);
		return -ETIMEDOUT;
	}
	*r = ph.rq[0];
	free(ph.res);
	return 0;
}

static int after_checks(char *why, size_t len)
{
	const struct nlattr *a;
	const void *p;
	struct req r;
	struct stats st;
	__u32 errors = 1;
	int fd, plen, err;

	fd = nl_socket();
	if (fd < 0) {
		snprintf(why, len, "socket: %s", strerror(-fd));
		return -1;
	}
	err = simple_request(fd, MMLAB_CMD_STATUS_GET, &r);
	if (err || r.error || !stats_of(&r, &st)) {
		snprintf(why, len, "STATUS_GET: %s %s",
			 strerror(-(err ? err : r.error)), r.extack);
		close(fd);
		return -1;
	}
	err = simple_request(fd, MMLAB_CMD_VALIDATE, &r);
	close(fd);
	if (err || r.error || !r.reply_len) {
		snprintf(why, len, "VALIDATE: %s %s",
			 strerror(-(err ? err : r.error)), r.extack);
		return -1;
	}
	genl_attrs((const struct nlmsghdr *)r.reply, &p, &plen);
	while ((a = attr_next(&p, &plen)))
		if (ATTR_TYPE(a) == MMLAB_A_VALIDATE_ERRORS)
			get_u32(a, &errors);
	printf("# after: nl_requests %llu, nl_errors %llu, resets %llu; VALIDATE: %u errors\n",
	       (unsigned long long)st.req, (unsigned long long)st.err,
	       (unsigned long long)st.resets, errors);
	if (errors) {
		snprintf(why, len, "VALIDATE found %u errors", errors);
		return -1;
	}
	return 0;
}

/* ---- the module ------------------------------------------------------------- */

static char ko_path[4096];

static int find_ko_cb(const char *path, const struct stat *sb, int type,
		      struct FTW *ftw)
{
	const char *base = path + ftw->base;

	(void)sb;
	if (type == FTW_F && !strcmp(base, "mmlab.ko")) {
		snprintf(ko_path, sizeof(ko_path), "%s", path);
		return 1;
	}
	return 0;
}

/* MMLAB_KO, else the running kernel's mmlab.ko, as the runner finds it */
static const char *find_ko(void)
{
	const char *env = getenv("MMLAB_KO");
	struct utsname u;
	char dir[512];

	if (env && *env)
		return access(env, R_OK) ? NULL : env;
	if (uname(&u))
		return NULL;
	snprintf(dir, sizeof(dir), "/lib/modules/%s", u.release);
	ko_path[0] = '\0';
	nftw(dir, find_ko_cb, 16, FTW_PHYS);
	return ko_path[0] ? ko_path : NULL;
}

static bool mmlab_loaded(void)
{
	return !access("/sys/module/mmlab", F_OK);
}

/* "name=value ..." of the loaded module's readable parameters */
static void module_params(char *buf, size_t len)
{
	DIR *d = opendir("/sys/module/mmlab/parameters");
	struct dirent *e;
	size_t used = 0;

	buf[0] = '\0';
	while (d && (e = readdir(d))) {
		char path[512], val[256];
		ssize_t n;
		int fd;

		if (e->d_name[0] == '.')
			continue;
		snprintf(path, sizeof(path), "/sys/module/mmlab/parameters/%s",
			 e->d_name);
		fd = open(path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue;
		n = read(fd, val, sizeof(val) - 1);
		close(fd);
		if (n <= 0)
			continue;
		val[n] = '\0';
		val[strcspn(val, "\n")] = '\0';
		used += snprintf(buf + used, used < len ? len - used : 0,
				 "%s%s=%s", used ? " " : "", e->d_name, val);
	}
	if (d)
		closedir(d);
}

static void read_line(const char *path, char *buf, size_t len)
{
	int fd = open(path, O_RDONLY | O_CLOEXEC);
	ssize_t n = fd < 0 ? -1 : read(fd, buf, len - 1);

	if (fd >= 0)
		close(fd);
	buf[n > 0 ? n : 0] = '\0';
	buf[strcspn(buf, "\n")] = '\0';
}

static int load_module(const char *ko, const char *params)
{
	int fd = open(ko, O_RDONLY | O_CLOEXEC);
	int err = 0;

	if (fd < 0)
		return -errno;
	if (syscall(SYS_finit_module, fd, params, 0))
		err = -errno;
	close(fd);
	return err;
}

static int unload_module(void)
{
	int i;

	/* a socket closed a moment ago may still hold a dump's reference */
	for (i = 0; i < 20; i++) {
		if (!syscall(SYS_delete_module, "mmlab", O_NONBLOCK))
			return 0;
		if (errno != EWOULDBLOCK && errno != EBUSY)
			return -errno;
		usleep(100000);
	}
	return -EBUSY;
}

static int ignore_cb(const struct nlmsghdr *nlh, void *arg)
{
	(void)nlh;
	(void)arg;
	return 0;
}

/* rmmod, check it is gone, insmod the same file with the same parameters */
static int reload(const char *ko, char *why, size_t len)
{
	char params[1024], src0[128], src1[128], refcnt[32];
	int fd, err;
	__u32 seq = 1;
	unsigned char buf[256] __attribute__((aligned(8)));
	struct wbuf w = { .p = buf, .cap = sizeof(buf) };

	module_params(params, sizeof(params));
	read_line("/sys/module/mmlab/srcversion", src0, sizeof(src0));
	read_line("/sys/module/mmlab/refcnt", refcnt, sizeof(refcnt));
	err = unload_module();
	if (err) {
		snprintf(why, len, "rmmod mmlab: %s (refcnt %s)",
			 strerror(-err), refcnt);
		return -1;
	}
	if (mmlab_loaded()) {
		snprintf(why, len, "/sys/module/mmlab still there after rmmod");
		return -1;
	}
	fd = nl_socket();
	if (fd >= 0) {
		msg_start(&w, GENL_ID_CTRL, NLM_F_REQUEST | NLM_F_ACK, seq++,
			  CTRL_CMD_GETFAMILY, 2);
		wb_attr(&w, CTRL_ATTR_FAMILY_NAME, MMLAB_GENL_NAME,
			sizeof(MMLAB_GENL_NAME));
		err = ctrl_xfer(fd, &w, ignore_cb, NULL);
		close(fd);
		if (err != -ENOENT) {
			snprintf(why, len, "family still resolves after rmmod (%s)",
				 strerror(-err));
			return -1;
		}
	}
	err = load_module(ko, params);
	if (err) {
		snprintf(why, len, "insmod %s %s: %s", ko, params,
			 strerror(-err));
		return -1;
	}
	read_line("/sys/module/mmlab/srcversion", src1, sizeof(src1));
	if (strcmp(src0, src1)) {
		snprintf(why, len, "reloaded srcversion %s, was %s", src1,
			 src0);
		return -1;
	}
	printf("# unload: rmmod mmlab, insmod %s %s (srcversion %s)\n", ko,
	       params, src1[0] ? src1 : "none");
	return 0;
}

/* ---- main ---------------------------------------------------------------- */

static void usage(const char *prog)
{
	fprintf(stderr,
		"usage: %s [-s SEED] [-n COUNT] [-v]\n"
		"  -s SEED   the generator's seed (MMLAB_FUZZ_SEED; default: the clock)\n"
		"  -n COUNT  requests to send (MMLAB_FUZZ_COUNT; default %d)\n"
		"  -v        print every request and its answer\n",
		prog, DEFAULT_COUNT);
}

int main(int argc, char **argv)
{
	const char *env_seed = getenv("MMLAB_FUZZ_SEED");
	const char *env_count = getenv("MMLAB_FUZZ_COUNT");
	const char *seed_s = env_seed, *count_s = env_count;
	static struct phase_res res[ID_NR];
	unsigned long total[P_NR] = { 0 }, checked[P_NR] = { 0 };
	unsigned long count = DEFAULT_COUNT, share;
	bool verbose = false, loaded_here = false, aborted = false;
	const char *ko;
	char why[512], *end;
	struct timespec t0, t1;
	__u64 seed;
	int opt, fd, err, i, p;

	while ((opt = getopt(argc, argv, "s:n:vh")) != -1) {
		switch (opt) {
		case 's':
			seed_s = optarg;
			break;
		case 'n':
			count_s = optarg;
			break;
		case 'v':
			verbose = true;
			break;
		default:
			usage(argv[0]);
			return opt == 'h' ? 0 : KSFT_FAIL;
		}
	}
	if (seed_s && *seed_s) {
		seed = strtoull(seed_s, &end, 0);
		if (*end) {
			usage(argv[0]);
			return KSFT_FAIL;
		}
	} else {
		struct timespec ts;

		clock_gettime(CLOCK_REALTIME, &ts);
		seed = (__u64)ts.tv_sec * 1000000007ULL ^ ts.tv_nsec ^
		       ((__u64)getpid() << 32);
	}
	if (count_s && *count_s) {
		count = strtoul(count_s, &end, 0);
		if (*end || !count) {
			usage(argv[0]);
			return KSFT_FAIL;
		}
	}
	if (!seed)
		seed = 0x9e3779b97f4a7c15ULL;

	clock_gettime(CLOCK_MONOTONIC, &t0);
	ksft_print_header();
	if (geteuid())
		ksft_exit_skip("must be run as root\n");
	ko = find_ko();
	if (!mmlab_loaded()) {
		if (!ko)
			ksft_exit_skip("mmlab is not loaded and mmlab.ko was not found (set MMLAB_KO)\n");
		err = load_module(ko, "");
		if (err)
			ksft_exit_fail_msg("insmod %s: %s\n", ko, strerror(-err));
		loaded_here = true;
	}
	ksft_set_plan(3 + P_NR);
	ksft_print_msg("seed %#llx, %lu requests: reproduce with MMLAB_FUZZ_SEED=%#llx MMLAB_FUZZ_COUNT=%lu (or -s, -n)\n",
		       (unsigned long long)seed, count,
		       (unsigned long long)seed, count);

	fd = nl_socket();
	err = fd < 0 ? fd : discover(fd, why, sizeof(why));
	if (fd >= 0)
		close(fd);
	if (err) {
		ksft_test_result_fail("discovery: %s\n", why);
		for (i = 1; i < 3 + P_NR; i++)
			ksft_test_result_skip("no tables to fuzz from\n");
		ksft_finished();
	}
	print_family();
	ksft_test_result_pass("discovery: %d ops and their policies from CTRL_CMD_GETFAMILY and CTRL_CMD_GETPOLICY\n",
			      fam.nops);

	for (i = 0; i < ID_NR; i++) {
		share = i == ID_ROOT ? count / 2 :
			i == ID_NOBODY ? count / 4 : count - count / 2 - count / 4;
		ksft_print_msg("fuzzing as %s: %lu requests\n", id_name[i],
			       share);
		phase_in_child(i, seed + 0x9e3779b97f4a7c15ULL * i, share,
			       verbose, &res[i]);
		for (p = 0; p < P_NR; p++) {
			total[p] += res[i].viol[p];
			checked[p] += res[i].checked[p];
		}
		aborted |= res[i].aborted;
	}
	if (aborted)
		ksft_print_msg("a phase ended early: see above\n");

	ksft_test_result(!total[P_ANSWER] && !aborted,
			 "answers: every request answered once or legitimately ignored (%lu checked, %lu violations)\n",
			 checked[P_ANSWER], total[P_ANSWER]);
	ksft_test_result(!total[P_ERRNO],
			 "errnos: only EINVAL ERANGE EOPNOTSUPP EPERM, and ENOENT EEXIST EBUSY ENOSPC E2BIG, arena ENOMEM from handlers (%lu errors, %lu violations)\n",
			 checked[P_ERRNO], total[P_ERRNO]);
	ksft_test_result(!total[P_OUTCOME] && checked[P_OUTCOME],
			 "outcomes: each request answered as the genl core, the policy and mmlab must (%lu checked, %lu violations)\n",
			 checked[P_OUTCOME], total[P_OUTCOME]);
	ksft_test_result(!total[P_EXTACK] && checked[P_EXTACK],
			 "extack: every policy and handler error carries an extack message (%lu checked, %lu violations)\n",
			 checked[P_EXTACK], total[P_EXTACK]);
	ksft_test_result(!total[P_CONTROL] && checked[P_CONTROL],
			 "control: valid requests keep their first answer (%lu checked, %lu violations)\n",
			 checked[P_CONTROL], total[P_CONTROL]);
	ksft_test_result(!total[P_PERM] && checked[P_PERM],
			 "permissions: admin ops refused without CAP_NET_ADMIN or CAP_SYS_ADMIN (%lu checked, %lu violations)\n",
			 checked[P_PERM], total[P_PERM]);
	ksft_test_result(!total[P_STATS] && checked[P_STATS],
			 "stats: nl_requests and nl_errors follow the answers of mmlab's handlers (%lu windows, %lu violations)\n",
			 checked[P_STATS], total[P_STATS]);

	err = after_checks(why, sizeof(why));
	ksft_test_result(!err, "after: STATUS_GET works and VALIDATE finds 0 errors%s%s\n",
			 err ? ": " : "", err ? why : "");

	if (!ko) {
		ksft_test_result_skip("unload: mmlab.ko not found (set MMLAB_KO)\n");
	} else {
		err = reload(ko, why, sizeof(why));
		ksft_test_result(!err, "unload: mmlab unloads after the fuzzing and loads again%s%s\n",
				 err ? ": " : "", err ? why : "");
	}
	if (loaded_here && mmlab_loaded())
		unload_module();
	clock_gettime(CLOCK_MONOTONIC, &t1);
	ksft_print_msg("%.1f s in all\n", (t1.tv_sec - t0.tv_sec) +
		       (t1.tv_nsec - t0.tv_nsec) / 1e9);
	ksft_finished();
}
