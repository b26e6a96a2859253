// SPDX-License-Identifier: GPL-2.0
/*
 * Unit tests of the mmlab tool that need no module: the whole tool is
 * compiled into this one file (its main() renamed), so the static parsers
 * and printers can be called directly with replies and errors built here
 * byte by byte, the way the kernel would send them.
 *
 * Expect: every reply/event/error parser takes what the uapi header
 * promises, ignores what it does not know, rejects short or missing
 * attributes without reading past them, and the printers produce the
 * exact text and JSON documented in Documentation/tools/mmlab.rst.
 *
 * Built with -fsanitize=address,undefined by `make test`.
 */
#define main mmlab_main
#include "mmlab.c"
#undef main
#include "nl.c"
#include "print.c"
#include "arena.c"
#include "stats.c"
#include "monitor.c"
#include "parse.c"
#include "buddy.c"
#include "allocator.c"
#include "map.c"
#include "frag.c"
#include "compare.c"
#include "cache.c"
#include "slabtop.c"
#include "space.c"
#include "translate.c"
#include "tlb.c"
#include "access.c"

#ifndef MMLAB_SRCDIR
#define MMLAB_SRCDIR "."
#endif

#include <fcntl.h>
#include <limits.h>
#include <unistd.h>

static int passed, failed;

#define CHECK(cond, ...)						\
	do {								\
		if (cond) {						\
			passed++;					\
		} else {						\
			failed++;					\
			printf("FAIL %s:%d: ", __func__, __LINE__);	\
			printf(__VA_ARGS__);				\
			printf("\n");					\
		}							\
	} while (0)

static bool same(const char *got, const char *want)
{
	if (!strcmp(got, want))
		return true;
	printf("# got:\n%s\n# want:\n%s\n", got, want);
	return false;
}

#define CHECK_STR(got, want)	CHECK(same(got, want), "strings differ")

/* run fn with stdout redirected into buf */
static void capture(char *buf, size_t len, void (*fn)(void *), void *arg)
{
	FILE *tmp = tmpfile();
	int saved;
	size_t n;

	fflush(stdout);
	saved = dup(STDOUT_FILENO);
	dup2(fileno(tmp), STDOUT_FILENO);
	fn(arg);
	fflush(stdout);
	dup2(saved, STDOUT_FILENO);
	close(saved);
	rewind(tmp);
	n = fread(buf, 1, len - 1, tmp);
	buf[n] = '\0';
	fclose(tmp);
}

static struct nl_msg *status_reply(bool with_frames_free, bool short_u64)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *nest;

	genlmsg_put(msg, 0, 1, 0x20, 0, 0, MMLAB_CMD_STATUS_GET, 1);
	nla_put_string(msg, MMLAB_A_VERSION, "0.1.0");
	nla_put_u32(msg, MMLAB_A_MAX + 3, 7);		/* from the future */

	nest = nla_nest_start(msg, MMLAB_A_ARENA);
	if (short_u64)
		nla_put_u32(msg, MMLAB_A_ARENA_SIZE, 1);
	else
		nla_put_u64(msg, MMLAB_A_ARENA_SIZE, 64ULL << 20);
	nla_put_u32(msg, MMLAB_A_ARENA_PAGE_SIZE, 4096);
	nla_put_u64(msg, MMLAB_A_ARENA_FRAMES, 16384);
	if (with_frames_free)
		nla_put_u64(msg, MMLAB_A_ARENA_FRAMES_FREE, 16000);
	nla_put_u32(msg, MMLAB_A_ARENA_MAX_ORDER, 10);
	nla_put_u32(msg, MMLAB_A_ARENA_CHUNKS, 16);
	nla_put_u32(msg, MMLAB_A_ARENA_CHUNK_ORDER_MIN, 10);
	nla_put_u32(msg, MMLAB_A_ARENA_CHUNK_ORDER_MAX, 10);
	nla_put_u32(msg, MMLAB_A_ARENA_BACKING, MMLAB_BACKING_PAGES);
	nla_put_u64(msg, MMLAB_A_ARENA_MAX + 1, 5);	/* from the future */
	nla_nest_end(msg, nest);

	nest = nla_nest_start(msg, MMLAB_A_STATS);
	nla_put_u64(msg, MMLAB_A_STATS_NL_REQUESTS, 12);
	nla_put_u64(msg, MMLAB_A_STATS_NL_ERRORS, 1);
	nla_put_u64(msg, MMLAB_A_STATS_VALIDATE_RUNS, 2);
	nla_put_u64(msg, MMLAB_A_STATS_VALIDATE_ERRORS, 0);
	nla_put_u64(msg, MMLAB_A_STATS_EVENTS, 3);
	nla_put_u64(msg, MMLAB_A_STATS_RESETS, 4);
	nla_nest_end(msg, nest);
	return msg;
}

static struct mmlab_status status;
static struct mmlab test_m;

static void do_print_arena(void *arg)
{
	new_json_obj(test_m.json, test_m.pretty);
	print_arena(arg);
	delete_json_obj();
}

static void do_print_stats(void *arg)
{
	new_json_obj(test_m.json, test_m.pretty);
	print_stats(arg);
	delete_json_obj();
}

static void test_status(void)
{
	struct mmlab_nl nl = { 0 };
	struct nl_msg *msg;
	char buf[2048];
	int err;

	msg = status_reply(true, false);
	err = parse_status(&nl, nlmsg_hdr(msg), &status);
	nlmsg_free(msg);
	CHECK(err == 0, "parse_status: %d %s", err, nl.detail);
	CHECK(status.arena.size == 64ULL << 20, "size");
	CHECK(status.arena.frames_free == 16000, "frames_free");
	CHECK(status.stats.resets == 4, "resets");
	CHECK_STR(status.version, "0.1.0");

	test_m.json = true;
	test_m.pretty = false;
	capture(buf, sizeof(buf), do_print_arena, &status);
	CHECK_STR(buf,
		  "{\"version\":\"0.1.0\",\"arena\":{\"size\":67108864,\"page_size\":4096,\"frames\":16384,\"frames_free\":16000,\"frames_used\":384,\"max_order\":10,\"chunks\":16,\"chunk_order_min\":10,\"chunk_order_max\":10,\"backing\":\"pages\"}}\n");

	test_m.json = false;
	capture(buf, sizeof(buf), do_print_arena, &status);
	CHECK_STR(buf, "module 0.1.0\n"
		  "arena 64 MiB, page size 4096 B: 16384 frames\n"
		  "  free 16000 frames (62.5 MiB), used 384 frames (1.5 MiB)\n"
		  "  max_order 10, 16 chunks of order 10..10, backing pages\n");

	test_m.json = true;
	capture(buf, sizeof(buf), do_print_stats, &status.stats);
	CHECK_STR(buf,
		  "{\"stats\":{\"nl_requests\":12,\"nl_errors\":1,\"validate_runs\":2,\"validate_errors\":0,\"events\":3,\"resets\":4}}\n");

	test_m.pretty = true;
	capture(buf, sizeof(buf), do_print_stats, &status.stats);
	CHECK_STR(buf,
		  "{\n    \"stats\": {\n        \"nl_requests\": 12,\n        \"nl_errors\": 1,\n        \"validate_runs\": 2,\n        \"validate_errors\": 0,\n        \"events\": 3,\n        \"resets\": 4\n    }\n}\n");
	test_m.pretty = false;

	test_m.json = false;
	capture(buf, sizeof(buf), do_print_stats, &status.stats);
	CHECK(!strncmp(buf, "stats\n  nl_requests      12\n", 28),
	      "stats text: %s", buf);

	msg = status_reply(false, false);
	err = parse_status(&nl, nlmsg_hdr(msg), &status);
	nlmsg_free(msg);
	CHECK(err == -EBADMSG, "missing attribute: %d", err);
	CHECK_STR(nl.detail, "reply lacks attribute \"arena frames_free\"");

	msg = status_reply(true, true);
	err = parse_status(&nl, nlmsg_hdr(msg), &status);
	nlmsg_free(msg);
	CHECK(err == -EBADMSG, "short u64: %d", err);
	CHECK(!strncmp(nl.detail, "malformed arena attribute", 25),
	      "detail %s", nl.detail);
}

static void test_validate_reply(void)
{
	struct mmlab_nl nl = { 0 };
	struct nl_msg *msg = nlmsg_alloc();
	__u32 errors = 99;
	int err;

	genlmsg_put(msg, 0, 1, 0x20, 0, 0, MMLAB_CMD_VALIDATE, 1);
	nla_put_u32(msg, MMLAB_A_VALIDATE_ERRORS, 3);
	err = parse_validate(&nl, nlmsg_hdr(msg), &errors);
	CHECK(err == 0 && errors == 3, "validate %d %u", err, errors);
	nlmsg_free(msg);

	msg = nlmsg_alloc();
	genlmsg_put(msg, 0, 1, 0x20, 0, 0, MMLAB_CMD_VALIDATE, 1);
	err = parse_validate(&nl, nlmsg_hdr(msg), &errors);
	CHECK(err == -EBADMSG, "validate without attribute: %d", err);
	nlmsg_free(msg);

	/* a message too short for its genl header */
	msg = nlmsg_alloc();
	nlmsg_put(msg, 0, 1, 0x20, 0, 0);
	err = parse_validate(&nl, nlmsg_hdr(msg), &errors);
	CHECK(err == -EBADMSG, "no genl header: %d", err);
	nlmsg_free(msg);
}

/* an NLMSG_ERROR as the kernel builds it, capped or not */
static int run_error(struct mmlab_nl *nl, bool capped, bool tlvs,
		     const char *text, int cut)
{
	union {
		unsigned char b[512];
		struct nlmsghdr h;
	} u;
	struct nlmsghdr *nlh = &u.h;
	struct nlmsgerr *e;
	struct request rq = { .nl = nl };
	unsigned int off;
	struct nlattr *a;

	memset(&u, 0, sizeof(u));
	nl->detail[0] = '\0';
	nlh->nlmsg_type = NLMSG_ERROR;
	e = (struct nlmsgerr *)(u.b + NLMSG_HDRLEN);
	e->error = -EPERM;
	e->msg.nlmsg_len = NLMSG_HDRLEN + 4 + 8;	/* genl hdr + attr */
	off = NLMSG_HDRLEN + sizeof(*e);
	if (capped)
		nlh->nlmsg_flags |= NLM_F_CAPPED;
	else
		off += e->msg.nlmsg_len - NLMSG_HDRLEN;
	if (tlvs) {
		nlh->nlmsg_flags |= NLM_F_ACK_TLVS;
		a = (struct nlattr *)(u.b + NLMSG_ALIGN(off));
		a->nla_type = NLMSGERR_ATTR_MSG;
		a->nla_len = NLA_HDRLEN + strlen(text) + 1;
		memcpy((char *)a + NLA_HDRLEN, text, strlen(text) + 1);
		off = NLMSG_ALIGN(off) + NLA_ALIGN(a->nla_len);
	}
	nlh->nlmsg_len = off - cut;
	error_cb(NULL, e, &rq);
	CHECK(rq.done && rq.err == -EPERM, "error_cb: %d %d", rq.done,
	      rq.err);
	return rq.err;
}

static void test_error_cb(void)
{
	struct mmlab_nl nl = { 0 };

	run_error(&nl, true, true, "need CAP_SYS_ADMIN", 0);
	CHECK_STR(nl.detail, "need CAP_SYS_ADMIN");
	run_error(&nl, false, true, "uncapped works too", 0);
	CHECK_STR(nl.detail, "uncapped works too");
	run_error(&nl, true, false, "", 0);
	CHECK_STR(nl.detail, "");
	/* nlmsg_len cuts the string attribute: ignored, not overread */
	run_error(&nl, true, true, "truncated message", 8);
	CHECK_STR(nl.detail, "");
	run_error(&nl, true, true, "x", 200);
	CHECK_STR(nl.detail, "");
}

static struct monitor_state mon_state;
static bool mon_stopped;

static void do_event(void *arg)
{
	struct nl_msg *msg = arg;
	struct monitor mon = {
		.nl = &test_m.nl,
		.fn = on_event,
		.arg = &mon_state,
	};

	mon_stopped = event_cb(msg, &mon) == NL_STOP && mon.stop;
}

static struct nl_msg *event_msg(__u8 cmd, __u32 type, __u64 seq,
				int errors)
{
	struct nl_msg *msg = nlmsg_alloc();

	genlmsg_put(msg, 0, 0, 0x20, 0, 0, cmd, 1);
	nla_put_u32(msg, MMLAB_A_EVENT_TYPE, type);
	nla_put_u64(msg, MMLAB_A_EVENT_SEQ, seq);
	if (errors >= 0)
		nla_put_u32(msg, MMLAB_A_VALIDATE_ERRORS, errors);
	return msg;
}

static void test_events(void)
{
	struct {
		__u8 cmd;
		__u32 type;
		__u64 seq;
		int errors;
		bool json;
		const char *out;
	} t[] = {
		{ MMLAB_CMD_EVENT, MMLAB_EVENT_STATS_RESET, 3, -1, false,
		  "seq 3 stats-reset\n" },
		{ MMLAB_CMD_EVENT, MMLAB_EVENT_VALIDATE, 4, 0, false,
		  "seq 4 validate errors 0\n" },
		{ MMLAB_CMD_EVENT, 9, 5, -1, false, "seq 5 event 9\n" },
		{ MMLAB_CMD_STATUS_GET, 1, 6, -1, false, "" },
		{ MMLAB_CMD_EVENT, MMLAB_EVENT_VALIDATE, 6, 2, true,
		  "{\"seq\":6,\"event\":\"validate\",\"event_type\":2,\"validate_errors\":2}\n" },
		{ MMLAB_CMD_EVENT, 9, 7, -1, true,
		  "{\"seq\":7,\"event\":\"unknown\",\"event_type\":9}\n" },
	};
	struct nl_msg *msg;
	char buf[512];
	size_t i;

	test_m.nl.family = 0x20;
	mon_state.m = &test_m;
	for (i = 0; i < ARRAY_SIZE(t); i++) {
		msg = event_msg(t[i].cmd, t[i].type, t[i].seq, t[i].errors);
		test_m.json = t[i].json;
		capture(buf, sizeof(buf), do_event, msg);
		CHECK_STR(buf, t[i].out);
		nlmsg_free(msg);
	}
	CHECK(mon_state.seen == 5, "seen %llu", mon_state.seen);
	CHECK(mon_state.last_seq == 7, "last_seq");

	CHECK(!mon_stopped, "no count: the monitor goes on");

	/* count N stops after N events */
	mon_state.count = 6;
	msg = event_msg(MMLAB_CMD_EVENT, 1, 8, -1);
	capture(buf, sizeof(buf), do_event, msg);
	nlmsg_free(msg);
	CHECK(mon_stopped, "count stops the monitor");
	test_m.json = false;

	/* rmmod: nlctrl's DELFAMILY for "mmlab" ends the monitor */
	{
		struct monitor mon = {
			.nl = &test_m.nl, .fn = on_event, .arg = &mon_state,
		};
		static const char * const names[] = { "other", "mmlab" };

		for (i = 0; i < ARRAY_SIZE(names); i++) {
			msg = nlmsg_alloc();
			genlmsg_put(msg, 0, 0, GENL_ID_CTRL, 0, 0,
				    CTRL_CMD_DELFAMILY, 2);
			nla_put_string(msg, CTRL_ATTR_FAMILY_NAME, names[i]);
			CHECK(event_cb(msg, &mon) == (i ? NL_STOP : NL_SKIP) &&
			      mon.unloaded == !!i, "DELFAMILY %s", names[i]);
			nlmsg_free(msg);
		}
	}
}

static void test_format_size(void)
{
	char buf[SIZE_BUF_LEN];

	CHECK_STR(format_size(buf, sizeof(buf), 0), "0 B");
	CHECK_STR(format_size(buf, sizeof(buf), 1023), "1023 B");
	CHECK_STR(format_size(buf, sizeof(buf), 4096), "4 KiB");
	CHECK_STR(format_size(buf, sizeof(buf), 1536), "1.5 KiB");
	CHECK_STR(format_size(buf, sizeof(buf), 64ULL << 20), "64 MiB");
	CHECK_STR(format_size(buf, sizeof(buf), 3ULL << 40), "3 TiB");
	CHECK_STR(format_size(buf, sizeof(buf), ~0ULL), "16.0 EiB");
}

static void do_json_escape(void *arg)
{
	new_json_obj(true, false);
	print_string(PRINT_ANY, "s", "%s", arg);
	open_json_object("o");
	close_json_object();
	print_u32(PRINT_FP, "hidden", "%u", 1);
	delete_json_obj();
}

static void test_json_escape(void)
{
	char buf[256];

	capture(buf, sizeof(buf), do_json_escape, "a\"b\\c\n\x01");
	CHECK_STR(buf,
		  "{\"s\":\"a\\\"b\\\\c\\n\\u0001\",\"o\":{}}\n");
}

/* --- parse.c ------------------------------------------------------------ */

static void test_parsers(void)
{
	static const struct {
		const char *s;
		int err;
		unsigned long long v;
	} handles[] = {
		{ "0x1f", 0, 31 },
		{ "0X1F", 0, 31 },
		{ "31", 0, 31 },
		{ "0", 0, 0 },
		{ "0x100000001", 0, 0x100000001ULL },
		{ "0xffffffffffffffff", 0, ~0ULL },
		{ "18446744073709551615", 0, ~0ULL },
		{ "0x10000000000000000", -ERANGE, 0 },
		{ "18446744073709551616", -ERANGE, 0 },
		{ "0x", -EINVAL, 0 },
		{ "0xg", -EINVAL, 0 },
		{ "-1", -EINVAL, 0 },
		{ "+1", -EINVAL, 0 },
		{ " 1", -EINVAL, 0 },
		{ "1 ", -EINVAL, 0 },
		{ "", -EINVAL, 0 },
		{ "12abc", -EINVAL, 0 },
	}, sizes[] = {
		{ "4096", 0, 4096 },
		{ "4K", 0, 4096 },
		{ "4k", 0, 4096 },
		{ "2M", 0, 2ULL << 20 },
		{ "1G", 0, 1ULL << 30 },
		{ "0", 0, 0 },
		{ "17179869183G", 0, 17179869183ULL << 30 },
		{ "17179869184G", -ERANGE, 0 },
		{ "4KB", -EINVAL, 0 },
		{ "4T", -EINVAL, 0 },
		{ "K", -EINVAL, 0 },
		{ "1.5K", -EINVAL, 0 },
		{ "0x10", -EINVAL, 0 },
	}, intervals[] = {
		{ "2", 0, 2000 },
		{ "0.5", 0, 500 },
		{ "0.25", 0, 250 },
		{ "1.001", 0, 1001 },
		{ "86400", 0, 86400000 },
		{ "86400.001", -ERANGE, 0 },
		{ "0", -ERANGE, 0 },
		{ "0.000", -ERANGE, 0 },
		{ "0.1234", -EINVAL, 0 },
		{ "1.", -EINVAL, 0 },
		{ ".5", -EINVAL, 0 },
		{ "1s", -EINVAL, 0 },
	};
	unsigned long long v;
	enum mmlab_color c;
	unsigned int u, ms;
	size_t i;
	int err;

	for (i = 0; i < ARRAY_SIZE(handles); i++) {
		v = 0;
		err = mmlab_parse_handle(handles[i].s, &v);
		CHECK(err == handles[i].err && (err || v == handles[i].v),
		      "handle \"%s\": %d %llu", handles[i].s, err, v);
	}
	CHECK(mmlab_parse_handle(NULL, &v) == -EINVAL, "handle NULL");
	for (i = 0; i < ARRAY_SIZE(sizes); i++) {
		v = 0;
		err = mmlab_parse_size(sizes[i].s, &v);
		CHECK(err == sizes[i].err && (err || v == sizes[i].v),
		      "size \"%s\": %d %llu", sizes[i].s, err, v);
	}
	for (i = 0; i < ARRAY_SIZE(intervals); i++) {
		ms = 0;
		err = mmlab_parse_interval(intervals[i].s, &ms);
		CHECK(err == intervals[i].err && (err || ms == intervals[i].v),
		      "interval \"%s\": %d %u", intervals[i].s, err, ms);
	}
	CHECK(!mmlab_parse_u32("1024", 1, 1024, &u) && u == 1024, "u32 max");
	CHECK(mmlab_parse_u32("1025", 1, 1024, &u) == -ERANGE, "u32 above");
	CHECK(mmlab_parse_u32("0", 1, 1024, &u) == -ERANGE, "u32 below");
	CHECK(mmlab_parse_u32("4294967296", 0, ~0U, &u) == -ERANGE,
	      "u32 overflow");
	CHECK(!mmlab_parse_mt("reclaimable", &u) &&
	      u == MMLAB_MIGRATE_RECLAIMABLE, "mt reclaimable");
	CHECK(!mmlab_parse_mt("unmovable", &u) &&
	      u == MMLAB_MIGRATE_UNMOVABLE, "mt unmovable");
	CHECK(mmlab_parse_mt("Movable", &u) == -EINVAL, "mt is exact");
	CHECK(mmlab_parse_mt(NULL, &u) == -EINVAL, "mt NULL");
	CHECK(!mmlab_parse_color("never", &c) && c == MMLAB_COLOR_NEVER,
	      "color never");
	CHECK(mmlab_parse_color("yes", &c) == -EINVAL, "color yes");
	CHECK(!strcmp(mmlab_mt_name(MMLAB_MIGRATE_MOVABLE), "movable") &&
	      !mmlab_mt_name(3), "mt names");
	CHECK(!strcmp(mmlab_state_name(MMLAB_BLOCK_PCP), "pcp") &&
	      !mmlab_state_name(0), "state names");
	CHECK(!mmlab_parse_policy("worst", &u) &&
	      u == MMLAB_FIT_POLICY_WORST, "policy worst");
	CHECK(!mmlab_parse_policy("quick", &u) &&
	      u == MMLAB_FIT_POLICY_QUICK, "policy quick");
	CHECK(mmlab_parse_policy("Best", &u) == -EINVAL &&
	      mmlab_parse_policy("best-fit", &u) == -EINVAL &&
	      mmlab_parse_policy(NULL, &u) == -EINVAL, "policy is exact");
	CHECK(!mmlab_parse_allocator("fit", &u) && u == MMLAB_ALLOCATOR_FIT,
	      "allocator fit");
	CHECK(!mmlab_parse_allocator("buddy", &u) &&
	      u == MMLAB_ALLOCATOR_BUDDY, "allocator buddy");
	CHECK(mmlab_parse_allocator("slab", &u) == -EINVAL &&
	      mmlab_parse_allocator("", &u) == -EINVAL, "allocator slab");
	CHECK(!strcmp(mmlab_policy_name(MMLAB_FIT_POLICY_NEXT), "next") &&
	      !mmlab_policy_name(5) && !mmlab_allocator_name(0) &&
	      !strcmp(mmlab_allocator_name(MMLAB_ALLOCATOR_FIT), "fit") &&
	      !mmlab_allocator_name(3), "allocator and policy names");
}

static void test_format_milli(void)
{
	static const struct {
		int v;
		const char *s;
	} t[] = {
		{ -1000, "-1.000" }, { 0, "0.000" }, { 42, "0.042" },
		{ -5, "-0.005" }, { 1000, "1.000" }, { 958, "0.958" },
		{ 123456, "123.456" }, { INT_MIN, "-2147483.648" },
	};
	char buf[MILLI_BUF_LEN];
	size_t i;

	for (i = 0; i < ARRAY_SIZE(t); i++)
		CHECK_STR(format_milli(buf, sizeof(buf), t[i].v), t[i].s);
}

static void do_json_arrays(void *arg)
{
	(void)arg;
	new_json_obj(true, false);
	open_json_array("a");
	print_u32(PRINT_ANY, NULL, "%u", 1);
	open_json_object(NULL);
	print_hex(PRINT_ANY, "h", "%llx", 0x100000001ULL);
	print_flag(PRINT_ANY, "f", "f", false);
	print_milli(PRINT_ANY, "m", "%s", -1000);
	print_int(PRINT_ANY, "i", "%d", -1);
	close_json_object();
	open_json_array(NULL);
	close_json_array();
	close_json_array();
	print_u32(PRINT_ANY, NULL, "%u", 7);	/* no key in an object */
	close_json_array();			/* nothing open: no-op */
	delete_json_obj();
}

static void do_text_flags(void *arg)
{
	(void)arg;
	new_json_obj(false, false);
	print_flag(PRINT_ANY, "f", " yes", true);
	print_flag(PRINT_ANY, "g", " no", false);
	print_milli(PRINT_ANY, "m", " %s", 42);
	print_hex(PRINT_ANY, "h", " 0x%llx", 0x1fULL);
	print_nl();
	delete_json_obj();
}

static void test_json_arrays(void)
{
	char buf[256];

	capture(buf, sizeof(buf), do_json_arrays, NULL);
	CHECK_STR(buf,
		  "{\"a\":[1,{\"h\":\"0x100000001\",\"f\":false,\"m\":-1.000,\"i\":-1},[]]}\n");
	capture(buf, sizeof(buf), do_text_flags, NULL);
	CHECK_STR(buf, " yes 0.042 0x1f\n");
}

/* --- nl.c: buddy replies ------------------------------------------------ */

enum {
	BUDDY_OK,
	BUDDY_NO_FREE_MT,
	BUDDY_WRONG_ORDER,
	BUDDY_EXTRA_ORDER,
	BUDDY_NO_LARGEST,
	BUDDY_FOUR_MT,
};

/*
 * A BUDDY_GET reply for max_order 1, as netlink_buddy.c builds it:
 * order 0 has 3 free blocks (1 unmovable, 2 movable), order 1 has 2.
 */
static struct nl_msg *buddy_reply(int variant)
{
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *nest, *o;
	unsigned int i, t, nt = variant == BUDDY_FOUR_MT ? 4 : 3;

	genlmsg_put(msg, 0, 1, 0x20, 0, 0, MMLAB_CMD_BUDDY_GET, 1);
	nest = nla_nest_start(msg, MMLAB_A_BUDDY);
	nla_put_u32(msg, MMLAB_A_BUDDY_MAX_ORDER, 1);
	nla_put_u32(msg, MMLAB_A_BUDDY_PAGEBLOCK_ORDER, 1);
	nla_put_u64(msg, MMLAB_A_BUDDY_FREE, 7);
	nla_put_u64(msg, MMLAB_A_BUDDY_PCP, 1);
	nla_put_u32(msg, MMLAB_A_BUDDY_PCP_BATCH, 2);
	nla_put_u32(msg, MMLAB_A_BUDDY_PCP_HIGH, 8);
	nla_put_u64(msg, MMLAB_A_BUDDY_STEALS, 1);
	nla_put_u64(msg, MMLAB_A_BUDDY_CLAIMS, 2);
	nla_put_u64(msg, MMLAB_A_BUDDY_PCP_REFILLS, 3);
	nla_put_u64(msg, MMLAB_A_BUDDY_PCP_DRAINS, 4);
	nla_put_u64(msg, MMLAB_A_BUDDY_PCP_HITS, 5);
	nla_put_u64(msg, MMLAB_A_BUDDY_COMPACTIONS, 6);
	nla_put_u64(msg, MMLAB_A_BUDDY_COMPACT_SCANNED, 7);
	nla_put_u64(msg, MMLAB_A_BUDDY_COMPACT_MOVED, 8);
	if (variant != BUDDY_NO_LARGEST)
		nla_put_s32(msg, MMLAB_A_BUDDY_LARGEST, 1);
	nla_put_u64(msg, MMLAB_A_BUDDY_INTERNAL_FRAG, 3072);
	nla_put_u32(msg, MMLAB_A_BUDDY_HANDLES, 2);
	nla_put_s32(msg, MMLAB_A_BUDDY_LAST_FAIL_ORDER, 1);
	nla_put_s32(msg, MMLAB_A_BUDDY_LAST_FAIL_EXTFRAG, 958);
	for (t = 0; t < nt; t++)
		nla_put_u64(msg, MMLAB_A_BUDDY_PAGEBLOCKS, t + 10);
	for (i = 0; i <= (variant == BUDDY_EXTRA_ORDER ? 2U : 1U); i++) {
		o = nla_nest_start(msg, MMLAB_A_BUDDY_ORDER);
		nla_put_u32(msg, MMLAB_A_ORDER_ORDER,
			    variant == BUDDY_WRONG_ORDER ? 1 - i : i);
		nla_put_u64(msg, MMLAB_A_ORDER_FREE, 3 - i);
		for (t = 0; t < nt && (variant != BUDDY_NO_FREE_MT || i);
		     t++)
			nla_put_u64(msg, MMLAB_A_ORDER_FREE_MT,
				    i ? (t == 1) * 2 : t + (t < 2));
		nla_put_u64(msg, MMLAB_A_ORDER_ALLOCS, 10 + i);
		nla_put_u64(msg, MMLAB_A_ORDER_FREES, 20 + i);
		nla_put_u64(msg, MMLAB_A_ORDER_SPLITS, 30 + i);
		nla_put_u64(msg, MMLAB_A_ORDER_MERGES, 40 + i);
		nla_put_u64(msg, MMLAB_A_ORDER_FAIL_NOMEM, 50 + i);
		nla_put_u64(msg, MMLAB_A_ORDER_FAIL_FRAG, 60 + i);
		nla_put_u64(msg, MMLAB_A_ORDER_USED, 70 + i);
		nla_put_u64(msg, MMLAB_A_ORDER_INTERNAL_FRAG, i * 3072);
		nla_put_s32(msg, MMLAB_A_ORDER_UNUSABLE, i ? 428 : 0);
		nla_put_s32(msg, MMLAB_A_ORDER_EXTFRAG, i ? 958 : -1000);
		nla_put_u32(msg, MMLAB_A_ORDER_MAX + 1, 5);	/* future */
		nla_nest_end(msg, o);
	}
	nla_nest_end(msg, nest);
	return msg;
}

static struct mmlab_buddy_info buddy_info;

static void do_print_buddy(void *arg)
{
	new_json_obj(test_m.json, test_m.pretty);
	print_buddy(arg);
	delete_json_obj();
}

static void test_buddy_reply(void)
{
	static const struct {
		int variant;
		const char *detail;
	} bad[] = {
		{ BUDDY_NO_FREE_MT, "order 0 has 0 free_mt attributes, not 3" },
		{ BUDDY_WRONG_ORDER, "order 1 where order 0 was due" },
		{ BUDDY_EXTRA_ORDER,
		  "more order attributes than max_order 1 allows" },
		{ BUDDY_NO_LARGEST, "reply lacks attribute \"buddy largest\"" },
	};
	struct mmlab_buddy_info *bi = &buddy_info;
	struct mmlab_nl nl = { 0 };
	struct nl_msg *msg;
	char buf[4096];
	size_t i;
	int err;

	msg = buddy_reply(BUDDY_OK);
	memset(bi, 0, sizeof(*bi));
	err = parse_buddy_reply(&nl, nlmsg_hdr(msg), bi);
	nlmsg_free(msg);
	CHECK(err == 0, "parse_buddy_reply: %d %s", err, nl.detail);
	CHECK(bi->max_order == 1 && bi->nr_orders == 2, "orders %u %u",
	      bi->max_order, bi->nr_orders);
	CHECK(bi->pageblocks[2] == 12 && bi->largest == 1 &&
	      bi->last_fail_extfrag == 958, "buddy scalars");
	CHECK(bi->orders[0].free == 3 && bi->orders[0].free_mt[0] == 1 &&
	      bi->orders[0].free_mt[1] == 2 && bi->orders[0].free_mt[2] == 2,
	      "order 0 free_mt");
	CHECK(bi->orders[1].unusable == 428 && bi->orders[1].extfrag == 958 &&
	      bi->orders[1].used == 71, "order 1");

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct mmlab_buddy_info tmp;

		msg = buddy_reply(bad[i].variant);
		memset(&tmp, 0, sizeof(tmp));
		err = parse_buddy_reply(&nl, nlmsg_hdr(msg), &tmp);
		nlmsg_free(msg);
		CHECK(err == -EBADMSG, "variant %d: %d", bad[i].variant, err);
		CHECK_STR(nl.detail, bad[i].detail);
	}

	/* a fourth migratetype from a newer module is ignored */
	msg = buddy_reply(BUDDY_FOUR_MT);
	err = parse_buddy_reply(&nl, nlmsg_hdr(msg), bi);
	nlmsg_free(msg);
	CHECK(err == 0 && bi->pageblocks[2] == 12, "four migratetypes: %d",
	      err);

	test_m.json = false;
	capture(buf, sizeof(buf), do_print_buddy, bi);
	CHECK_STR(buf,
		  "buddy max_order 1, pageblock order 1\n"
		  "  free 7 frames, pcp 1 frames (batch 2, high 8)\n"
		  "  largest free order 1, handles 2, internal fragmentation 3 KiB\n"
		  "  pageblocks unmovable 10, movable 11, reclaimable 12\n"
		  "  steals 1, claims 2\n"
		  "  pcp refills 3, drains 4, hits 5\n"
		  "  compactions 6, scanned 7 frames, moved 8 frames\n"
		  "  last failure order 1, extfrag index 0.958\n"
		  "order    free   unmov   movab   recla  allocs   frees  splits  merges   nomem    frag    used  intfrag unusable  extfrag\n"
		  "    0       3       1       2       2      10      20      30      40      50      60      70        0    0.000   -1.000\n"
		  "    1       2       0       2       0      11      21      31      41      51      61      71     3072    0.428    0.958\n");
	test_m.json = true;
	capture(buf, sizeof(buf), do_print_buddy, bi);
	CHECK_STR(buf,
		  "{\"buddy\":{\"max_order\":1,\"pageblock_order\":1,\"free\":7,\"pcp\":1,\"pcp_batch\":2,\"pcp_high\":8,\"largest\":1,\"handles\":2,\"internal_frag\":3072,"
		  "\"pageblocks\":{\"unmovable\":10,\"movable\":11,\"reclaimable\":12},\"steals\":1,\"claims\":2,\"pcp_refills\":3,\"pcp_drains\":4,\"pcp_hits\":5,"
		  "\"compactions\":6,\"compact_scanned\":7,\"compact_moved\":8,\"last_fail_order\":1,\"last_fail_extfrag\":0.958,\"orders\":["
		  "{\"order\":0,\"free\":3,\"free_mt\":{\"unmovable\":1,\"movable\":2,\"reclaimable\":2},\"allocs\":10,\"frees\":20,\"splits\":30,\"merges\":40,\"fail_nomem\":50,\"fail_frag\":60,\"used\":70,\"internal_frag\":0,\"unusable\":0.000,\"extfrag\":-1.000},"
		  "{\"order\":1,\"free\":2,\"free_mt\":{\"unmovable\":0,\"movable\":2,\"reclaimable\":0},\"allocs\":11,\"frees\":21,\"splits\":31,\"merges\":41,\"fail_nomem\":51,\"fail_frag\":61,\"used\":71,\"internal_frag\":3072,\"unusable\":0.428,\"extfrag\":0.958}]}}\n");
	test_m.json = false;

	/* nothing free, no failure yet */
	bi->largest = -1;
	bi->last_fail_order = -1;
	capture(buf, sizeof(buf), do_print_buddy, bi);
	CHECK(strstr(buf, "  largest free order none, handles 2") &&
	      strstr(buf, "  last failure none\n"), "none: %s", buf);
}

static void put_block(struct nl_msg *msg, __u64 frame, __u32 order,
		      __u32 state, __u32 mt, __u64 handle, bool persistent)
{
	struct nlattr *nest = nla_nest_start(msg, MMLAB_A_BLOCK);

	if (frame != ~0ULL)
		nla_put_u64(msg, MMLAB_A_BLOCK_FRAME, frame);
	nla_put_u32(msg, MMLAB_A_BLOCK_ORDER, order);
	nla_put_u32(msg, MMLAB_A_BLOCK_STATE, state);
	nla_put_u32(msg, MMLAB_A_BLOCK_MT, mt);
	if (handle) {
		nla_put_u64(msg, MMLAB_A_BLOCK_HANDLE, handle);
		nla_put_u32(msg, MMLAB_A_BLOCK_REQUESTED, 5120);
		nla_put_u32(msg, MMLAB_A_BLOCK_OWNER, 77);
		if (persistent)
			nla_put_flag(msg, MMLAB_A_BLOCK_PERSISTENT);
	}
	nla_nest_end(msg, nest);
}

static struct mmlab_blocks test_blocks;

static void do_print_blocks(void *arg)
{
	new_json_obj(test_m.json, test_m.pretty);
	print_blocks(arg);
	delete_json_obj();
}

static void test_blocks_reply(void)
{
	struct mmlab_nl nl = { 0 };
	struct nl_msg *msg;
	char buf[1024];
	int err;

	/* an allocation reply: two blocks */
	msg = nlmsg_alloc();
	genlmsg_put(msg, 0, 1, 0x20, 0, 0, MMLAB_CMD_BUDDY_ALLOC, 1);
	put_block(msg, 14336, 1, MMLAB_BLOCK_USED, MMLAB_MIGRATE_UNMOVABLE,
		  0x100000004ULL, true);
	put_block(msg, 15387, 0, MMLAB_BLOCK_USED, MMLAB_MIGRATE_MOVABLE,
		  0x200000005ULL, false);
	err = parse_alloc_reply(&nl, nlmsg_hdr(msg), &test_blocks);
	nlmsg_free(msg);
	CHECK(err == 0 && test_blocks.n == 2, "alloc reply: %d %zu", err,
	      test_blocks.n);

	/* dump messages: one block each; 200 of them grow the array */
	for (__u64 f = 0; f < 200; f++) {
		msg = nlmsg_alloc();
		genlmsg_put(msg, 0, 1, 0x20, 0, NLM_F_MULTI,
			    MMLAB_CMD_PAGEMAP_GET, 1);
		/* the first of a state and a type this tool does not know */
		put_block(msg, 16000 + f, 0, f ? f % 3 + 1 : 9, 7, 0, false);
		err = parse_dump_block(&nl, nlmsg_hdr(msg), &test_blocks);
		nlmsg_free(msg);
		if (err)
			break;
	}
	CHECK(err == 0 && test_blocks.n == 202, "dump: %d %zu", err,
	      test_blocks.n);
	if (test_blocks.n != 202) {
		mmlab_blocks_free(&test_blocks);
		return;
	}
	CHECK(test_blocks.v[201].frame == 16199 &&
	      test_blocks.v[201].mt == 7 && !test_blocks.v[201].has_handle,
	      "last dumped block");

	test_m.json = false;
	test_blocks.n = 3;
	capture(buf, sizeof(buf), do_print_blocks, &test_blocks);
	CHECK_STR(buf,
		  "frame 14336 order 1 used unmovable handle 0x100000004 requested 5120 owner 77 persistent\n"
		  "frame 15387 order 0 used movable handle 0x200000005 requested 5120 owner 77\n"
		  "frame 16000 order 0 9 7\n");
	test_m.json = true;
	capture(buf, sizeof(buf), do_print_blocks, &test_blocks);
	CHECK_STR(buf,
		  "{\"blocks\":[{\"frame\":14336,\"order\":1,\"state\":\"used\",\"mt\":\"unmovable\",\"handle\":\"0x100000004\",\"requested\":5120,\"owner\":77,\"persistent\":true},"
		  "{\"frame\":15387,\"order\":0,\"state\":\"used\",\"mt\":\"movable\",\"handle\":\"0x200000005\",\"requested\":5120,\"owner\":77,\"persistent\":false},"
		  "{\"frame\":16000,\"order\":0,\"state\":\"9\",\"mt\":\"7\"}]}\n");
	test_m.json = false;
	mmlab_blocks_free(&test_blocks);
	CHECK(!test_blocks.v && !test_blocks.n, "blocks freed");

	/* a block without its frame, and a dump message without a block */
	msg = nlmsg_alloc();
	genlmsg_put(msg, 0, 1, 0x20, 0, 0, MMLAB_CMD_PAGEMAP_GET, 1);
	put_block(msg, ~0ULL, 0, MMLAB_BLOCK_FREE, 1, 0, false);
	err = parse_dump_block(&nl, nlmsg_hdr(msg), &test_blocks);
	nlmsg_free(msg);
	CHECK(err == -EBADMSG, "block without frame: %d", err);
	CHECK_STR(nl.detail, "reply lacks attribute \"block frame\"");
	msg = nlmsg_alloc();
	genlmsg_put(msg, 0, 1, 0x20, 0, 0, MMLAB_CMD_PAGEMAP_GET, 1);
	err = parse_dump_block(&nl, nlmsg_hdr(msg), &test_blocks);
	nlmsg_free(msg);
	CHECK(err == -EBADMSG, "dump message without block: %d", err);
	mmlab_blocks_free(&test_blocks);
}

/* --- nl.c: blocks of either allocator ------------------------------------ */

/*
 * A block as the module sends it now: FRAMES always, ORDER and MT only for
 * the buddy's (-1: left out), FRAMES left out with 0.
 */
static void put_block2(struct nl_msg *msg, __u64 frame, __u64 frames,
		       int order, __u32 state, int mt, __u64 handle,
		       __u32 requested)
{
	struct nlattr *nest = nla_nest_start(msg, MMLAB_A_BLOCK);

	nla_put_u64(msg, MMLAB_A_BLOCK_FRAME, frame);
	if (frames)
		nla_put_u64(msg, MMLAB_A_BLOCK_FRAMES, frames);
	if (order >= 0)
		nla_put_u32(msg, MMLAB_A_BLOCK_ORDER, order);
	nla_put_u32(msg, MMLAB_A_BLOCK_STATE, state);
	if (mt >= 0)
		nla_put_u32(msg, MMLAB_A_BLOCK_MT, mt);
	if (handle) {
		nla_put_u64(msg, MMLAB_A_BLOCK_HANDLE, handle);
		nla_put_u32(msg, MMLAB_A_BLOCK_REQUESTED, requested);
		nla_put_u32(msg, MMLAB_A_BLOCK_OWNER, 77);
		nla_put_flag(msg, MMLAB_A_BLOCK_PERSISTENT);
	}
	nla_nest_end(msg, nest);
}

/* one dump message of one block into @b; the parser's error */
static int dump_one(struct mmlab_nl *nl, struct mmlab_blocks *b,
		    __u64 frame, __u64 frames, int order, __u32 state,
		    int mt, __u64 handle, __u32 requested)
{
	struct nl_msg *msg = nlmsg_alloc();
	int err;

	genlmsg_put(msg, 0, 1, 0x20, 0, NLM_F_MULTI, MMLAB_CMD_PAGEMAP_GET, 1);
	put_block2(msg, frame, frames, order, state, mt, handle, requested);
	err = parse_dump_block(nl, nlmsg_hdr(msg), b);
	nlmsg_free(msg);
	return err;
}

/*
 * Expect, the 16 frames of the fit allocator's example arena:
 *
 *	frame  0 1 2 | 3 | 4 5 6 7 8 | 9 . . . . . 15
 *	       used  | . | used      | hole of 7
 *
 * partitions of 3 frames (9 KiB asked) and of 5 (20 KiB), holes of 1 and 7
 * frames, dumped with their size and without order or migratetype.
 */
static void fit_example_blocks(struct mmlab_nl *nl, struct mmlab_blocks *b)
{
	int err = 0;

	err |= dump_one(nl, b, 0, 3, -1, MMLAB_BLOCK_USED, -1, 0x100000001ULL,
			9216);
	err |= dump_one(nl, b, 3, 1, -1, MMLAB_BLOCK_FREE, -1, 0, 0);
	err |= dump_one(nl, b, 4, 5, -1, MMLAB_BLOCK_USED, -1, 0x100000002ULL,
			20480);
	err |= dump_one(nl, b, 9, 7, -1, MMLAB_BLOCK_FREE, -1, 0, 0);
	CHECK(!err && b->n == 4, "the example's blocks: %d %zu %s", err, b->n,
	      nl->detail);
}

static void test_blocks_either(void)
{
	static const struct {
		__u64 frames;
		int order;
		const char *detail;
	} bad[] = {
		{ 0, -1, "block at frame 5 has neither frames nor order" },
		{ 0x8000000000000000ULL, -1, NULL },	/* fine: no order */
		{ 3, 2, "block of order 2 has 3 frames" },
		{ 1ULL << 40, 64, "block order 64 out of range" },
	};
	struct mmlab_blocks b = { 0 };
	struct mmlab_nl nl = { 0 };
	char buf[2048];
	size_t i;
	int err;

	/* the buddy's block, now with its frames: printed as before */
	err = dump_one(&nl, &b, 8, 4, 2, MMLAB_BLOCK_USED,
		       MMLAB_MIGRATE_RECLAIMABLE, 0x100000003ULL, 16384);
	CHECK(!err && b.n == 1 && b.v[0].has_order && b.v[0].has_mt &&
	      b.v[0].frames == 4 && b.v[0].order == 2, "buddy block: %d %s",
	      err, nl.detail);
	/* an older module's: the order alone gives the frames */
	err = dump_one(&nl, &b, 16, 0, 4, MMLAB_BLOCK_FREE,
		       MMLAB_MIGRATE_MOVABLE, 0, 0);
	CHECK(!err && b.n == 2 && b.v[1].frames == 16, "order alone: %d %s",
	      err, nl.detail);
	/* a partition and a hole of the fit allocator */
	err = dump_one(&nl, &b, 32, 9, -1, MMLAB_BLOCK_USED, -1,
		       0x100000004ULL, 36000);
	err |= dump_one(&nl, &b, 41, 23, -1, MMLAB_BLOCK_FREE, -1, 0, 0);
	CHECK(!err && b.n == 4 && !b.v[2].has_order && !b.v[2].has_mt &&
	      b.v[2].frames == 9 && b.v[3].frames == 23, "fit blocks: %d %s",
	      err, nl.detail);

	test_m.json = false;
	capture(buf, sizeof(buf), do_print_blocks, &b);
	CHECK_STR(buf,
		  "frame 8 order 2 used reclaimable handle 0x100000003 requested 16384 owner 77 persistent\n"
		  "frame 16 order 4 free movable\n"
		  "frame 32 frames 9 used handle 0x100000004 requested 36000 owner 77 persistent\n"
		  "frame 41 frames 23 free\n");
	test_m.json = true;
	capture(buf, sizeof(buf), do_print_blocks, &b);
	CHECK_STR(buf,
		  "{\"blocks\":[{\"frame\":8,\"order\":2,\"state\":\"used\",\"mt\":\"reclaimable\",\"handle\":\"0x100000003\",\"requested\":16384,\"owner\":77,\"persistent\":true},"
		  "{\"frame\":16,\"order\":4,\"state\":\"free\",\"mt\":\"movable\"},"
		  "{\"frame\":32,\"frames\":9,\"state\":\"used\",\"handle\":\"0x100000004\",\"requested\":36000,\"owner\":77,\"persistent\":true},"
		  "{\"frame\":41,\"frames\":23,\"state\":\"free\"}]}\n");
	test_m.json = false;

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct mmlab_blocks tmp = { 0 };

		nl.detail[0] = '\0';
		err = dump_one(&nl, &tmp, 5, bad[i].frames, bad[i].order,
			       MMLAB_BLOCK_FREE, -1, 0, 0);
		if (bad[i].detail) {
			CHECK(err == -EBADMSG, "bad block %zu: %d", i, err);
			CHECK_STR(nl.detail, bad[i].detail);
		} else {
			CHECK(!err && tmp.v[0].frames == bad[i].frames,
			      "block %zu: %d %s", i, err, nl.detail);
		}
		mmlab_blocks_free(&tmp);
	}
	/* FRAMES 0 is no block */
	{
		struct nl_msg *msg = nlmsg_alloc();
		struct nlattr *nest;
		struct mmlab_blocks tmp = { 0 };

		genlmsg_put(msg, 0, 1, 0x20, 0, 0, MMLAB_CMD_PAGEMAP_GET, 1);
		nest = nla_nest_start(msg, MMLAB_A_BLOCK);
		nla_put_u64(msg, MMLAB_A_BLOCK_FRAME, 5);
		nla_put_u64(msg, MMLAB_A_BLOCK_FRAMES, 0);
		nla_put_u32(msg, MMLAB_A_BLOCK_STATE, MMLAB_BLOCK_FREE);
		nla_nest_end(msg, nest);
		err = parse_dump_block(&nl, nlmsg_hdr(msg), &tmp);
		nlmsg_free(msg);
		CHECK(err == -EBADMSG, "0 frames: %d", err);
		CHECK_STR(nl.detail, "block at frame 5 has 0 frames");
		mmlab_blocks_free(&tmp);
	}
	mmlab_blocks_free(&b);
}

/* --- nl.c, allocator.c: the allocator in charge --------------------------- */

enum {
	FIT_OK,
	FIT_NO_POLICY,
	FIT_NO_FIT,
	FIT_NO_LARGEST,
	FIT_NO_FAIL_FRAG,
	FIT_SHORT_FREE,
	FIT_CLASS_NO_EXTFRAG,
	FIT_CLASS_WRONG_ORDER,
	FIT_EXTRA_CLASS,
	FIT_FEW_CLASSES,
	FIT_ZERO_FRAMES,
	FIT_FREE_ABOVE,
	FIT_HUGE,
	FIT_POLICY_9,
	FIT_NR,
};

/*
 * The ALLOCATOR_GET reply of the example arena (fit_example_blocks()),
 * best fit; its classes as kmod/core/frag.c computes them: 8 frames free
 * in holes of 1 and 7; a request of 2 frames fits 0 + 3 times (6 of the 8
 * frames usable: 0.250 unusable), of 8 frames nowhere (fragmentation
 * index 1000 - (1000 + 8 * 1000 / 8) / 2 = 0), of 16 frames nowhere
 * either (1000 - (1000 + 500) / 2 = 250).
 *
 *	class  holes  frames  unusable  extfrag
 *	    0      1       1     0.000   -1.000
 *	    1      0       0     0.250   -1.000
 *	    2      1       7     0.500   -1.000
 *	    3      0       0     1.000    0.000
 *	    4      0       0     1.000    0.250
 */
static struct nl_msg *fit_reply(int variant)
{
	static const struct {
		__u64 holes, frames;
		int unusable, extfrag;
	} cls[] = {
		{ 1, 1, 0, -1000 }, { 0, 0, 250, -1000 }, { 1, 7, 500, -1000 },
		{ 0, 0, 1000, 0 }, { 0, 0, 1000, 250 }, { 0, 0, 1000, 250 },
	};
	struct nl_msg *msg = nlmsg_alloc();
	struct nlattr *nest, *c;
	unsigned int k, n = 5;
	__u64 frames = 16;

	if (variant == FIT_EXTRA_CLASS)
		n = 6;
	else if (variant == FIT_FEW_CLASSES)
		n = 4;
	if (variant == FIT_ZERO_FRAMES)
		frames = 0;
	else if (variant == FIT_HUGE)
		frames = 1ULL << 32;
	genlmsg_put(msg, 0, 1, 0x20, 0, 0, MMLAB_CMD_ALLOCATOR_GET, 1);
	nla_put_u32(msg, MMLAB_A_ALLOCATOR, MMLAB_ALLOCATOR_FIT);
	if (variant != FIT_NO_POLICY)
		nla_put_u32(msg, MMLAB_A_FIT_POLICY,
			    variant == FIT_POLICY_9 ? 9 : MMLAB_FIT_POLICY_BEST);
	if (variant == FIT_NO_FIT)
		return msg;
	nest = nla_nest_start(msg, MMLAB_A_FIT);
	nla_put_u64(msg, MMLAB_A_FIT_FRAMES, frames);
	if (variant == FIT_SHORT_FREE)
		nla_put_u32(msg, MMLAB_A_FIT_FREE, 8);
	else
		nla_put_u64(msg, MMLAB_A_FIT_FREE,
			    variant == FIT_FREE_ABOVE ? 17 : 8);
	nla_put_u64(msg, MMLAB_A_FIT_HOLES, 2);
	nla_put_u64(msg, MMLAB_A_FIT_USED, 2);
	if (variant != FIT_NO_LARGEST)
		nla_put_u64(msg, MMLAB_A_FIT_LARGEST, 7);
	nla_put_u64(msg, MMLAB_A_FIT_ALLOCS, 5);
	nla_put_u64(msg, MMLAB_A_FIT_FREES, 3);
	nla_put_u64(msg, MMLAB_A_FIT_FAILURES, 1);
	if (variant != FIT_NO_FAIL_FRAG)
		nla_put_u64(msg, MMLAB_A_FIT_FAIL_FRAG, 1);
	nla_put_u64(msg, MMLAB_A_FIT_SEARCH_STEPS, 12);
	nla_put_u64(msg, MMLAB_A_FIT_INSERT_STEPS, 3);
	nla_put_u64(msg, MMLAB_A_FIT_SPLITS, 4);
	nla_put_u64(msg, MMLAB_A_FIT_COALESCES, 2);
	nla_put_u64(msg, MMLAB_A_FIT_INTERNAL_FRAG, 3072);
	nla_put_u64(msg, MMLAB_A_FIT_MAX + 1, 5);	/* from the future */
	for (k = 0; k < n; k++) {
		c = nla_nest_start(msg, MMLAB_A_FIT_CLASS);
		nla_put_u32(msg, MMLAB_A_FIT_CLASS_ORDER,
			    variant == FIT_CLASS_WRONG_ORDER && k == 1 ? 2 : k);
		nla_put_u64(msg, MMLAB_A_FIT_CLASS_HOLES, cls[k].holes);
		nla_put_u64(msg, MMLAB_A_FIT_CLASS_HOLE_FRAMES, cls[k].frames);
		nla_put_s32(msg, MMLAB_A_FIT_CLASS_UNUSABLE, cls[k].unusable);
		if (variant != FIT_CLASS_NO_EXTFRAG || k != 3)
			nla_put_s32(msg, MMLAB_A_FIT_CLASS_EXTFRAG,
				    cls[k].extfrag);
		nla_put_u32(msg, MMLAB_A_FIT_CLASS_MAX + 1, 1);	/* future */
		nla_nest_end(msg, c);
	}
	nla_nest_end(msg, nest);
	return msg;
}

static struct mmlab_allocator_info alloc_info;

static void do_print_allocator(void *arg)
{
	new_json_obj(test_m.json, test_m.pretty);
	print_allocator(arg);
	delete_json_obj();
}

static const char fit_text[] =
	"allocator fit, policy best\n"
	"  frames 16, free 8 in 2 holes, largest hole 7 frames\n"
	"  partitions 2, internal fragmentation 3 KiB\n"
	"  allocs 5, frees 3, failures 1 (1 for fragmentation)\n"
	"  search steps 12, insert steps 3, splits 4, coalesces 2\n"
	"class    holes   frames  share  hole frames                 unusable  extfrag\n"
	"    0        1        1  12.5% |###                     |     0.000   -1.000\n"
	"    1        0        0   0.0% |                        |     0.250   -1.000\n"
	"    2        1        7  87.5% |#####################   |     0.500   -1.000\n"
	"    3        0        0   0.0% |                        |     1.000    0.000\n"
	"    4        0        0   0.0% |                        |     1.000    0.250\n";

static void test_allocator_reply(void)
{
	static const struct {
		int variant;
		const char *detail;
	} bad[] = {
		{ FIT_NO_POLICY, "reply lacks attribute \"fit_policy\"" },
		{ FIT_NO_FIT, "reply lacks attribute \"fit\"" },
		{ FIT_NO_LARGEST, "reply lacks attribute \"fit largest\"" },
		{ FIT_NO_FAIL_FRAG, "reply lacks attribute \"fit fail_frag\"" },
		{ FIT_SHORT_FREE, "malformed fit attribute" },
		{ FIT_CLASS_NO_EXTFRAG,
		  "reply lacks attribute \"class extfrag\"" },
		{ FIT_CLASS_WRONG_ORDER, "class 2 where class 1 was due" },
		{ FIT_EXTRA_CLASS, "more class attributes than 16 frames have" },
		{ FIT_FEW_CLASSES, "fit has 4 class attributes, not 5" },
		{ FIT_ZERO_FRAMES, "fit allocator of 0 frames" },
		{ FIT_FREE_ABOVE, "fit has 17 free of 16 frames" },
		{ FIT_HUGE, "fit frames 4294967296 out of range" },
	};
	struct mmlab_allocator_info *ai = &alloc_info;
	struct mmlab_nl nl = { 0 };
	struct nl_msg *msg;
	char buf[4096];
	size_t i;
	int err;

	/* the buddy: the allocator alone */
	msg = nlmsg_alloc();
	genlmsg_put(msg, 0, 1, 0x20, 0, 0, MMLAB_CMD_ALLOCATOR_GET, 1);
	nla_put_u32(msg, MMLAB_A_ALLOCATOR, MMLAB_ALLOCATOR_BUDDY);
	memset(ai, 0, sizeof(*ai));
	err = parse_allocator_reply(&nl, nlmsg_hdr(msg), ai);
	nlmsg_free(msg);
	CHECK(!err && !ai->is_fit && ai->allocator == MMLAB_ALLOCATOR_BUDDY,
	      "buddy reply: %d %s", err, nl.detail);
	test_m.json = false;
	capture(buf, sizeof(buf), do_print_allocator, ai);
	CHECK_STR(buf, "allocator buddy\n");
	test_m.json = true;
	capture(buf, sizeof(buf), do_print_allocator, ai);
	CHECK_STR(buf, "{\"allocator\":\"buddy\"}\n");

	/* an allocator from the future: its number, no numbers */
	msg = nlmsg_alloc();
	genlmsg_put(msg, 0, 1, 0x20, 0, 0, MMLAB_CMD_ALLOCATOR_GET, 1);
	nla_put_u32(msg, MMLAB_A_ALLOCATOR, 7);
	memset(ai, 0, sizeof(*ai));
	err = parse_allocator_reply(&nl, nlmsg_hdr(msg), ai);
	nlmsg_free(msg);
	CHECK(!err && !ai->is_fit && ai->allocator == 7, "allocator 7: %d",
	      err);
	capture(buf, sizeof(buf), do_print_allocator, ai);
	CHECK_STR(buf, "{\"allocator\":\"7\"}\n");
	test_m.json = false;
	capture(buf, sizeof(buf), do_print_allocator, ai);
	CHECK_STR(buf, "allocator 7\n");

	/* no allocator at all */
	msg = nlmsg_alloc();
	genlmsg_put(msg, 0, 1, 0x20, 0, 0, MMLAB_CMD_ALLOCATOR_GET, 1);
	memset(ai, 0, sizeof(*ai));
	err = parse_allocator_reply(&nl, nlmsg_hdr(msg), ai);
	nlmsg_free(msg);
	CHECK(err == -EBADMSG, "no allocator: %d", err);
	CHECK_STR(nl.detail, "reply lacks attribute \"allocator\"");

	for (i = 0; i < ARRAY_SIZE(bad); i++) {
		struct mmlab_allocator_info tmp;

		msg = fit_reply(bad[i].variant);
		memset(&tmp, 0, sizeof(tmp));
		err = parse_allocator_reply(&nl, nlmsg_hdr(msg), &tmp);
		nlmsg_free(msg);
		CHECK(err == -EBADMSG, "fit variant %d: %d", bad[i].variant,
		      err);
		CHECK(!strncmp(nl.detail, bad[i].detail,
			       strlen(bad[i].detail)),
		      "fit variant %d: \"%s\", not \"%s\"", bad[i].variant,
		      nl.detail, bad[i].detail);
	}

	msg = fit_reply(FIT_OK);
	memset(ai, 0, sizeof(*ai));
	err = parse_allocator_reply(&nl, nlmsg_hdr(msg), ai);
	nlmsg_free(msg);
	CHECK(!err && ai->is_fit && ai->policy == MMLAB_FIT_POLICY_BEST &&
	      ai->fit.frames == 16 && ai->fit.free == 8 &&
	      ai->fit.largest == 7 && ai->fit.coalesces == 2 &&
	      ai->fit.failures == 1 && ai->fit.fail_frag == 1 &&
	      ai->fit.internal_frag == 3072 && ai->fit.nr_classes == 5 &&
	      ai->fit.classes[2].hole_frames == 7 &&
	      ai->fit.classes[4].extfrag == 250, "fit reply: %d %s", err,
	      nl.detail);

	test_m.json = false;
	capture(buf, sizeof(buf), do_print_allocator, ai);
	CHECK_STR(buf, fit_text);
	test_m.json = true;
	capture(buf, sizeof(buf), do_print_allocator, ai);
	CHECK_STR(buf,
		  "{\"allocator\":\"fit\",\"policy\":\"best\",\"fit\":{\"frames\":16,\"free\":8,\"holes\":2,\"largest\":7,\"used\":2,\"internal_frag\":3072,"
		  "\"allocs\":5,\"frees\":3,\"failures\":1,\"fail_frag\":1,\"search_steps\":12,\"insert_steps\":3,\"splits\":4,\"coalesces\":2,\"classes\":["
		  "{\"order\":0,\"holes\":1,\"hole_frames\":1,\"unusable\":0.000,\"extfrag\":-1.000},"
		  "{\"order\":1,\"holes\":0,\"hole_frames\":0,\"unusable\":0.250,\"extfrag\":-1.000},"
		  "{\"order\":2,\"holes\":1,\"hole_frames\":7,\"unusable\":0.500,\"extfrag\":-1.000},"
		  "{\"order\":3,\"holes\":0,\"hole_frames\":0,\"unusable\":1.000,\"extfrag\":0.000},"
		  "{\"order\":4,\"holes\":0,\"hole_frames\":0,\"unusable\":1.000,\"extfrag\":0.250}]}}\n");
	test_m.json = false;

	/* a policy from the future: its number */
	msg = fit_reply(FIT_POLICY_9);
	{
		struct mmlab_allocator_info tmp;

		memset(&tmp, 0, sizeof(tmp));
		err = parse_allocator_reply(&nl, nlmsg_hdr(msg), &tmp);
		CHECK(!err && tmp.policy == 9, "policy 9: %d", err);
		capture(buf, sizeof(buf), do_print_allocator, &tmp);
		CHECK(!strncmp(buf, "allocator fit, policy 9\n", 24),
		      "policy 9: %s", buf);
	}
	nlmsg_free(msg);
}

/* ALLOCATOR events in the monitor */
static void test_allocator_events(void)
{
	struct nl_msg *msg;
	char buf[256];

	mon_state.count = 0;
	msg = event_msg(MMLAB_CMD_EVENT, MMLAB_EVENT_ALLOCATOR, 10, -1);
	nla_put_u32(msg, MMLAB_A_ALLOCATOR, MMLAB_ALLOCATOR_FIT);
	nla_put_u32(msg, MMLAB_A_FIT_POLICY, MMLAB_FIT_POLICY_QUICK);
	test_m.json = false;
	capture(buf, sizeof(buf), do_event, msg);
	CHECK_STR(buf, "seq 10 allocator fit policy quick\n");
	test_m.json = true;
	capture(buf, sizeof(buf), do_event, msg);
	CHECK_STR(buf,
		  "{\"seq\":10,\"event\":\"allocator\",\"event_type\":4,\"allocator\":\"fit\",\"policy\":\"quick\"}\n");
	nlmsg_free(msg);

	msg = event_msg(MMLAB_CMD_EVENT, MMLAB_EVENT_ALLOCATOR, 11, -1);
	nla_put_u32(msg, MMLAB_A_ALLOCATOR, MMLAB_ALLOCATOR_BUDDY);
	capture(buf, sizeof(buf), do_event, msg);
	CHECK_STR(buf,
		  "{\"seq\":11,\"event\":\"allocator\",\"event_type\":4,\"allocator\":\"buddy\"}\n");
	test_m.json = false;
	capture(buf, sizeof(buf), do_event, msg);
	CHECK_STR(buf, "seq 11 allocator buddy\n");
	nlmsg_free(msg);
}

/* NLMSG_DONE ends a dump; it may carry the dump's error and extack */
static void test_done(void)
{
	struct mmlab_nl nl = { 0 };
	struct request rq = { .nl = &nl };
	struct nl_msg *msg;
	int e;

	msg = nlmsg_alloc_simple(NLMSG_DONE, NLM_F_MULTI);
	e = 0;
	nlmsg_append(msg, &e, sizeof(e), NLMSG_ALIGNTO);
	CHECK(done_cb(msg, &rq) == NL_STOP && rq.done && !rq.err,
	      "DONE 0: %d", rq.err);
	nlmsg_free(msg);

	memset(&rq, 0, sizeof(rq));
	rq.nl = &nl;
	msg = nlmsg_alloc_simple(NLMSG_DONE, NLM_F_MULTI | NLM_F_ACK_TLVS);
	e = -EINVAL;
	nlmsg_append(msg, &e, sizeof(e), NLMSG_ALIGNTO);
	nla_put_string(msg, NLMSGERR_ATTR_MSG, "bad dump");
	done_cb(msg, &rq);
	CHECK(rq.done && rq.err == -EINVAL, "DONE error: %d", rq.err);
	CHECK_STR(nl.detail, "bad dump");
	nlmsg_free(msg);

	/* too short for its int: ends the dump, no error read */
	memset(&rq, 0, sizeof(rq));
	rq.nl = &nl;
	msg = nlmsg_alloc_simple(NLMSG_DONE, NLM_F_MULTI);
	CHECK(done_cb(msg, &rq) == NL_STOP && rq.done && !rq.err,
	      "short DONE");
	CHECK(dump_intr_cb(msg, &rq) == NL_OK && rq.interrupted,
	      "DUMP_INTR noted, reading goes on");
	nlmsg_free(msg);
}

static void do_print_compact(void *arg)
{
	new_json_obj(test_m.json, test_m.pretty);
	open_json_object("compact");
	print_compact(arg, false);
	close_json_object();
	delete_json_obj();
}

static void test_compact(void)
{
	struct mmlab_compact res = { 0 };
	struct mmlab_nl nl = { 0 };
	struct nl_msg *msg;
	struct nlattr *nest;
	char buf[512];
	int err;

	msg = nlmsg_alloc();
	genlmsg_put(msg, 0, 1, 0x20, 0, 0, MMLAB_CMD_BUDDY_COMPACT, 1);
	nest = nla_nest_start(msg, MMLAB_A_COMPACT);
	nla_put_u32(msg, MMLAB_A_COMPACT_ORDER, 10);
	nla_put_u64(msg, MMLAB_A_COMPACT_SCANNED, 512);
	nla_put_u64(msg, MMLAB_A_COMPACT_MOVED, 6);
	nla_put_u64(msg, MMLAB_A_COMPACT_BLOCKS, 3);
	nla_put_s32(msg, MMLAB_A_COMPACT_UNUSABLE_BEFORE, 750);
	nla_put_s32(msg, MMLAB_A_COMPACT_UNUSABLE_AFTER, 0);
	nla_put_s32(msg, MMLAB_A_COMPACT_LARGEST_BEFORE, -1);
	nla_put_s32(msg, MMLAB_A_COMPACT_LARGEST_AFTER, 10);
	nla_nest_end(msg, nest);
	err = parse_compact_reply(&nl, nlmsg_hdr(msg), &res);
	nlmsg_free(msg);
	CHECK(err == 0 && res.blocks == 3 && res.largest_before == -1 &&
	      !res.proactive, "compact reply: %d", err);

	test_m.json = false;
	capture(buf, sizeof(buf), do_print_compact, &res);
	CHECK_STR(buf,
		  "compact order 10: scanned 512 frames, moved 6 frames in 3 blocks\n"
		  "  unusable 0.750 -> 0.000, largest free order none -> 10\n");
	test_m.json = true;
	capture(buf, sizeof(buf), do_print_compact, &res);
	CHECK_STR(buf,
		  "{\"compact\":{\"order\":10,\"scanned\":512,\"moved\":6,\"blocks\":3,\"unusable_before\":0.750,\"unusable_after\":0.000,\"largest_before\":-1,\"largest_after\":10,\"proactive\":false}}\n");
	test_m.json = false;

	/* the event: one line in the monitor */
	{
		struct monitor mon = {
			.nl = &test_m.nl, .fn = on_event, .arg = &mon_state,
		};

		msg = event_msg(MMLAB_CMD_EVENT, MMLAB_EVENT_COMPACT, 9, -1);
		nest = nla_nest_start(msg, MMLAB_A_COMPACT);
		nla_put_u32(msg, MMLAB_A_COMPACT_ORDER, 3);
		nla_put_u64(msg, MMLAB_A_COMPACT_SCANNED, 64);
		nla_put_u64(msg, MMLAB_A_COMPACT_MOVED, 2);
		nla_put_u64(msg, MMLAB_A_COMPACT_BLOCKS, 1);
		nla_put_s32(msg, MMLAB_A_COMPACT_UNUSABLE_BEFORE, 500);
		nla_put_s32(msg, MMLAB_A_COMPACT_UNUSABLE_AFTER, 250);
		nla_put_s32(msg, MMLAB_A_COMPACT_LARGEST_BEFORE, 2);
		nla_put_s32(msg, MMLAB_A_COMPACT_LARGEST_AFTER, 3);
		nla_put_flag(msg, MMLAB_A_COMPACT_PROACTIVE);
		nla_nest_end(msg, nest);
		mon_state.count = 0;
		capture(buf, sizeof(buf), do_event, msg);
		CHECK_STR(buf,
			  "seq 9 compact order 3 scanned 64 moved 2 blocks 1 unusable 0.500->0.250 largest 2->3 proactive\n");
		(void)mon;
		nlmsg_free(msg);
	}
}

/* mmlab_dump: a dump flagged inconsistent is tried again, five times */
static unsigned int fake_calls, fake_intr;

static int fake_dump(struct mmlab_nl *nl, struct mmlab_blocks *b)
{
	struct mmlab_block *blk = blocks_push(b);

	(void)nl;
	if (!blk)
		return -ENOMEM;
	blk->frame = fake_calls++;
	b->interrupted = fake_calls <= fake_intr;
	return 0;
}

static int fake_dump_fails(struct mmlab_nl *nl, struct mmlab_blocks *b)
{
	(void)b;
	snprintf(nl->detail, sizeof(nl->detail), "bad dump");
	return -EINVAL;
}

static void test_dump_retry(void)
{
	struct mmlab_blocks b = { 0 };
	struct mmlab m = { 0 };
	bool inconsistent;
	int err, saved, null;

	/* stderr to /dev/null: the warnings are expected */
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	null = open("/dev/null", O_WRONLY);
	dup2(null, STDERR_FILENO);
	close(null);

	fake_calls = 0;
	fake_intr = 2;
	err = mmlab_dump(&m, "test", fake_dump, &b, &inconsistent);
	CHECK(!err && !inconsistent && fake_calls == 3 && b.n == 1 &&
	      b.v[0].frame == 2, "two interrupted dumps, then a good one");

	fake_calls = 0;
	fake_intr = 100;
	err = mmlab_dump(&m, "test", fake_dump, &b, &inconsistent);
	CHECK(!err && inconsistent && fake_calls == MMLAB_DUMP_TRIES &&
	      b.n == 1 && b.v[0].frame == MMLAB_DUMP_TRIES - 1,
	      "always interrupted: %u tries, the last snapshot kept",
	      fake_calls);

	err = mmlab_dump(&m, "test", fake_dump_fails, &b, &inconsistent);
	CHECK(err == MMLAB_EXIT_FAIL && !b.v && !b.n, "a failing dump");

	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	mmlab_blocks_free(&b);
}

/* --- frag.c: the picture under the fit allocator ------------------------- */

static struct frag_snap frag_s;
static struct map_layout frag_l;
static struct map_cell frag_cells[16];
static unsigned long long frag_totals[MAP_NR_KINDS];

static void do_print_frag(void *arg)
{
	(void)arg;
	new_json_obj(test_m.json, false);
	if (test_m.json)
		print_frag_json(&frag_s, frag_totals);
	else
		print_frag_text(&frag_s, &frag_l, frag_cells, frag_totals,
				false);
	delete_json_obj();
}

/*
 * Expect, the example arena of fit_example_blocks() and fit_reply(): its
 * partitions and holes frame by frame, the holes colored by their class
 * (1 frame: class 0, 7 frames: class 2), the header naming best fit, the
 * class table of ALLOCATOR_GET, and JSON with the same keys as under the
 * buddy where they mean the same.
 */
static void test_frag_fit(void)
{
	struct mmlab_nl nl = { 0 };
	struct nl_msg *msg;
	char buf[4096], want[2048], map[17];
	unsigned int i;
	int err;

	memset(&frag_s, 0, sizeof(frag_s));
	frag_s.st.arena.frames = 16;
	frag_s.st.arena.page_size = 4096;
	msg = fit_reply(FIT_OK);
	err = parse_allocator_reply(&nl, nlmsg_hdr(msg), &frag_s.ai);
	nlmsg_free(msg);
	CHECK(!err, "fit reply: %d", err);
	fit_example_blocks(&nl, &frag_s.blocks);
	CHECK(snap_blocks_match(&frag_s), "fit blocks match the fit");
	CHECK(!snap_view(&frag_s), "snap_view");
	CHECK(!frag_s.view.typed && frag_s.view.nr_orders == 5 &&
	      frag_s.view.largest == 2 && frag_s.view.largest_frames == 7 &&
	      frag_s.partitions == 2 && frag_s.holes == 2, "fit view");

	map_layout(16, 80, 32, 1, &frag_l);
	map_cells(&frag_s.view, &frag_l, frag_cells);
	map_totals(&frag_s.view, frag_totals);
	for (i = 0; i < 16; i++)
		map[i] = map_char(&frag_cells[i]);
	map[16] = '\0';
	CHECK_STR(map, "Xxx.Xxxxx.......");
	CHECK(frag_cells[3].free_order == 0 && frag_cells[15].free_order == 2,
	      "holes by class: %d %d", frag_cells[3].free_order,
	      frag_cells[15].free_order);

	test_m.json = false;
	capture(buf, sizeof(buf), do_print_frag, NULL);
	/* the class table is allocator show's, without its counters */
	snprintf(want, sizeof(want), "%s%s%s",
		 "arena 16 frames of 4 KiB, fit allocator, best fit; 1 frame a cell\n"
		 "0 |Xxx.Xxxxx.......|\n"
		 "legend: a cell is 1 frame, drawn as what most of it is\n"
		 "  X used  . free\n"
		 "  capital: a partition starts in the cell\n"
		 "used 8 frames in 2 partitions, free 8 frames in 2 holes\n",
		 strstr(fit_text, "class "),
		 "largest hole 7 frames, internal fragmentation 3 KiB\n");
	CHECK_STR(buf, want);
	test_m.json = true;
	capture(buf, sizeof(buf), do_print_frag, NULL);
	CHECK_STR(buf,
		  "{\"frag\":{\"allocator\":\"fit\",\"policy\":\"best\",\"frames\":16,\"page_size\":4096,\"used\":8,\"partitions\":2,\"free\":8,\"holes\":2,"
		  "\"internal_frag\":3072,\"largest_hole\":7,\"orders\":["
		  "{\"order\":0,\"free\":1,\"frames\":1,\"unusable\":0.000,\"extfrag\":-1.000},"
		  "{\"order\":1,\"free\":0,\"frames\":0,\"unusable\":0.250,\"extfrag\":-1.000},"
		  "{\"order\":2,\"free\":1,\"frames\":7,\"unusable\":0.500,\"extfrag\":-1.000},"
		  "{\"order\":3,\"free\":0,\"frames\":0,\"unusable\":1.000,\"extfrag\":0.000},"
		  "{\"order\":4,\"free\":0,\"frames\":0,\"unusable\":1.000,\"extfrag\":0.250}],\"blocks\":["
		  "{\"frame\":0,\"frames\":3,\"state\":\"used\",\"handle\":\"0x100000001\",\"requested\":9216,\"owner\":77,\"persistent\":true},"
		  "{\"frame\":3,\"frames\":1,\"state\":\"free\"},"
		  "{\"frame\":4,\"frames\":5,\"state\":\"used\",\"handle\":\"0x100000002\",\"requested\":20480,\"owner\":77,\"persistent\":true},"
		  "{\"frame\":9,\"frames\":7,\"state\":\"free\"}],\"inconsistent\":false}}\n");
	test_m.json = false;

	/* a buddy block in a fit snapshot, or the other way: fetched again */
	frag_s.blocks.v[1].has_order = true;
	CHECK(!snap_blocks_match(&frag_s), "a buddy block under the fit");
	frag_s.blocks.v[1].has_order = false;
	frag_s.ai.is_fit = false;
	CHECK(!snap_blocks_match(&frag_s), "fit blocks under the buddy");
	snap_free(&frag_s);
}

/* --- compare.c, sim.c: the replay of a trace ------------------------------ */

/*
 * Write @text to a new temporary file named after @tmpl ("...XXXXXX");
 * its name in @path (32 bytes). 0, or -errno (no file left behind).
 */
static int text_file(const char *text, const char *tmpl, char *path)
{
	int fd;
	FILE *f;

	snprintf(path, 32, "%s", tmpl);
	fd = mkstemp(path);
	if (fd < 0)
		return -errno;
	f = fdopen(fd, "w");
	if (!f) {
		close(fd);
		unlink(path);
		return -EIO;
	}
	fputs(text, f);
	fclose(f);
	return 0;
}

/* write @text to a temporary file, read it as a trace */
static int read_trace_text(const char *text, struct sim_trace *t, char *err,
			   size_t err_len, char *path)
{
	int ret = text_file(text, "/tmp/mmlab-trace-XXXXXX", path);

	if (ret)
		return ret;
	ret = trace_read(path, t, err, err_len);
	unlink(path);
	return ret;
}

static void test_trace_errors(void)
{
	static const struct {
		const char *text;
		const char *why;	/* after "path:" */
	} t[] = {
		{ "a x 4K\nf y\n", "2: \"y\" is not allocated" },
		{ "a x 4K\na x 8K\n", "2: \"x\" is allocated already" },
		{ "a x 4K\nf x\nf x\n", "3: \"x\" is not allocated" },
		{ "# c\n\na x 0\n", "3: a size is bytes > 0 (K, M, G), not \"0\"" },
		{ "a x 4Q\n", "1: a size is bytes > 0 (K, M, G), not \"4Q\"" },
		{ "a x\n", "1: \"a\" takes an ID and a SIZE" },
		{ "f\n", "1: \"f\" takes an ID" },
		{ "a x 1 2\n", "1: \"a\" takes an ID and a SIZE" },
		{ "a x 1 2 3\n", "1: too many words" },
		{ "m x\n", "1: unknown event \"m\" (a, f, arena, max_order)" },
		{ "a x 4K\narena 16\n", "2: \"arena\" after the first event" },
		{ "arena 0\n", "1: arena needs frames 1..134217728, not \"0\"" },
		{ "arena 134217729\n",
		  "1: arena needs frames 1..134217728, not \"134217729\"" },
		{ "max_order 21\n", "1: max_order needs 0..20, not \"21\"" },
		{ "max_order\n", "1: \"max_order\" takes one number" },
	};
	char err[256], path[32], want[300];
	struct sim_trace tr;
	size_t i;
	int ret;

	for (i = 0; i < ARRAY_SIZE(t); i++) {
		ret = read_trace_text(t[i].text, &tr, err, sizeof(err), path);
		snprintf(want, sizeof(want), "%s:%s", path, t[i].why);
		CHECK(ret == -EINVAL && !tr.events, "trace %zu: %d", i, ret);
		CHECK_STR(err, want);
	}

	/* comments, blanks, ids used again, the defaults */
	ret = read_trace_text("  # only a comment\n\ta one 1\t# the rest\nf one\na one 5000\n",
			      &tr, err, sizeof(err), path);
	CHECK(ret == 0 && tr.nr_events == 3 && tr.nr_ids == 1 &&
	      tr.frames == 1024 && tr.max_order == 10 &&
	      tr.events[2].alloc && tr.events[2].size == 5000 &&
	      !tr.events[1].alloc, "a good trace: %d %s", ret, err);
	free(tr.events);

	ret = trace_read("/nonexistent/trace", &tr, err, sizeof(err));
	CHECK(ret == -ENOENT, "no file: %d", ret);
	CHECK_STR(err, "/nonexistent/trace: No such file or directory");
}

/*
 * Expect, from traces/tiny.trace (16 frames, max_order 4), worked out by
 * hand in Documentation/tools/mmlab.rst:
 *
 *	buddy	MmmmmmmmMMM.Mmmm	E and J refused
 *	first	XxxX.X...XXxxx..	G refused
 *	next	Xxx..X...XXxxxX.	G refused; K goes on from the rover
 *	best	XxxxxXXxxXXxxxX.
 *	worst	Xxx..XX..XXxxx..	G refused
 *	quick	XxxxxXXxxXXxxxX.
 */
static void test_replay_tiny(void)
{
	static const struct {
		unsigned long long failures, free, holes, largest, intfrag;
		unsigned long long steps;
		const char *map;
		int unusable[5], extfrag[5];
	} want[SIM_NR_ALLOCS] = {
		[SIM_BUDDY] = { 2, 1, 1, 1, 16384, 0, "MmmmmmmmMMM.Mmmm",
				{ 0, 1000, 1000, 1000, 1000 },
				{ -1000, -500, -250, -125, -62 } },
		[SIM_FIRST] = { 1, 6, 3, 3, 0, 12, "XxxX.X...XXxxx..",
				{ 0, 333, 1000, 1000, 1000 },
				{ -1000, -1000, 167, 417, 542 } },
		[SIM_NEXT] = { 1, 6, 3, 3, 0, 12, "Xxx..X...XXxxxX.",
			       { 0, 333, 1000, 1000, 1000 },
			       { -1000, -1000, 167, 417, 542 } },
		[SIM_BEST] = { 0, 1, 1, 1, 0, 10, "XxxxxXXxxXXxxxX.",
			       { 0, 1000, 1000, 1000, 1000 },
			       { -1000, -500, -250, -125, -62 } },
		[SIM_WORST] = { 1, 6, 3, 2, 0, 15, "Xxx..XX..XXxxx..",
				{ 0, 0, 1000, 1000, 1000 },
				{ -1000, -1000, 167, 417, 542 } },
		[SIM_QUICK] = { 0, 1, 1, 1, 0, 9, "XxxxxXXxxXXxxxX.",
				{ 0, 1000, 1000, 1000, 1000 },
				{ -1000, -500, -250, -125, -62 } },
	};
	struct sim_result r;
	struct sim_trace t;
	struct map_layout l;
	struct map_cell cells[16];
	struct map_view v;
	char err[256], note[192], map[17];
	unsigned int a, o, i;
	int ret;

	ret = trace_read(MMLAB_SRCDIR "/traces/tiny.trace", &t, err,
			 sizeof(err));
	CHECK(ret == 0 && t.frames == 16 && t.max_order == 4 &&
	      t.nr_events == 12, "tiny.trace: %d %s", ret, err);
	if (ret)
		return;
	for (a = 0; a < SIM_NR_ALLOCS; a++) {
		ret = sim_run(&t, a, 5, &r, err, sizeof(err));
		CHECK(ret == 0, "%s: %d %s", sim_alloc_name(a), ret, err);
		if (ret)
			continue;
		CHECK(r.failures == want[a].failures &&
		      r.allocs + r.failures == 9 &&
		      r.free == want[a].free && r.holes == want[a].holes &&
		      r.largest == want[a].largest &&
		      r.internal_frag == want[a].intfrag,
		      "%s: failures %llu free %llu holes %llu largest %llu intfrag %llu",
		      r.name, r.failures, r.free, r.holes, r.largest,
		      r.internal_frag);
		CHECK(r.has_steps == (a != SIM_BUDDY) &&
		      r.search_steps == want[a].steps, "%s: %llu steps",
		      r.name, r.search_steps);
		/* the buddy skips the free of E, which it refused */
		CHECK(r.skipped == (a == SIM_BUDDY) &&
		      r.frees == 3 - r.skipped, "%s: frees", r.name);
		CHECK(r.nr_orders == 5, "%s: orders", r.name);
		for (o = 0; o < 5; o++)
			CHECK(r.orders[o].unusable == want[a].unusable[o] &&
			      r.orders[o].extfrag == want[a].extfrag[o],
			      "%s order %u: unusable %d extfrag %d", r.name, o,
			      r.orders[o].unusable, r.orders[o].extfrag);

		result_view(&r, a == SIM_BUDDY, 16, &v, note, sizeof(note));
		map_layout(16, 80, 8, 1, &l);
		map_cells(&v, &l, cells);
		for (i = 0; i < 16; i++)
			map[i] = map_char(&cells[i]);
		map[16] = '\0';
		CHECK_STR(map, want[a].map);

		/* samples after events 5, 10 and the last, 12 */
		CHECK(r.nr_samples == 3 && r.samples[0].event == 5 &&
		      r.samples[2].event == 12 &&
		      r.samples[2].largest == want[a].largest,
		      "%s: %zu samples", r.name, r.nr_samples);
		if (r.nr_samples == 3 && a == SIM_BUDDY)
			CHECK(r.samples[0].failures == 1 &&
			      r.samples[0].free == 2 &&
			      r.samples[1].largest == 2, "buddy samples");
		if (r.nr_samples == 3 && a == SIM_FIRST)
			CHECK(r.samples[0].free == 0 &&
			      r.samples[1].failures == 1 &&
			      r.samples[1].free == 11 &&
			      r.samples[1].largest == 6 &&
			      r.samples[1].holes == 3, "first fit samples");
		sim_result_free(&r);
	}
	free(t.events);
}

/* a request larger than a max-order block, or than the arena: refused */
static void test_replay_too_big(void)
{
	struct sim_event ev[] = {
		{ true, 0, 17 * SIM_PAGE_SIZE },	/* > 16 frames */
		{ true, 1, 9 * SIM_PAGE_SIZE },		/* > order 3 */
		{ false, 1, 0 },
	};
	struct sim_trace t = { 16, 3, 2, ARRAY_SIZE(ev), ev };
	struct sim_result r;
	char err[256];
	int ret;

	ret = sim_run(&t, SIM_BUDDY, 0, &r, err, sizeof(err));
	CHECK(ret == 0 && r.failures == 2 && r.skipped == 1 &&
	      r.free == 16 && !r.nr_samples, "buddy too big: %d", ret);
	sim_result_free(&r);
	ret = sim_run(&t, SIM_BEST, 0, &r, err, sizeof(err));
	CHECK(ret == 0 && r.failures == 1 && r.free == 16 && r.frees == 1,
	      "best fit too big: %d", ret);
	sim_result_free(&r);

	/* an arena the fit allocator cannot have */
	t.frames = SIM_MAX_FRAMES + 1;
	ret = sim_run(&t, SIM_FIRST, 0, &r, err, sizeof(err));
	CHECK(ret == -EINVAL, "too many units: %d", ret);
	CHECK(!strncmp(err, "first fit: cannot manage", 24), "%s", err);
}

/* --- map.c ------------------------------------------------------------- */

static void test_map_layout(void)
{
	struct map_layout l;

	/* 16384 frames, 80 columns: 64 cells a row, 8 frames a cell */
	CHECK(!map_layout(16384, 80, 32, 0, &l), "layout 16384");
	CHECK(l.cols == 64 && l.group == 8 && l.cells == 2048 &&
	      l.rows == 32 && l.label_w == 5, "16384: %u %llu %llu %u %u",
	      l.cols, l.group, l.cells, l.rows, l.label_w);
	/* wider: 128 a row, 4 frames a cell */
	CHECK(!map_layout(16384, 140, 32, 0, &l) && l.cols == 128 &&
	      l.group == 4 && l.rows == 32, "16384 at 140: %u %llu",
	      l.cols, l.group);
	/* forced group: no row limit */
	CHECK(!map_layout(16384, 80, 32, 1, &l) && l.group == 1 &&
	      l.rows == 256, "group 1: %u rows", l.rows);
	/* small arena: one row, no wider than the frames */
	CHECK(!map_layout(16, 80, 32, 0, &l) && l.cols == 16 &&
	      l.group == 1 && l.rows == 1 && l.label_w == 1,
	      "16 frames: %u %llu %u", l.cols, l.group, l.rows);
	/* a partial last row; narrow terminal: at least 8 a row */
	CHECK(!map_layout(100, 10, 100, 0, &l) && l.cols == 8 &&
	      l.rows == 13 && l.label_w == 2, "100 at 10: %u %u %u",
	      l.cols, l.rows, l.label_w);
	CHECK(map_layout(16384, 80, 32, 3, &l) == -EINVAL, "group 3");
	CHECK(map_layout(1ULL << 21, 80, 32, 1, &l) == -E2BIG, "too many");
	CHECK(!map_layout(0, 80, 32, 0, &l) && l.rows == 0 && l.cells == 0,
	      "empty");
}

/*
 * Expect, 16 frames in cells of 4:
 *
 *	frame  0 1 2 3 | 4 5 6 7 | 8 . . 11 | 12 . . 15
 *	       M f F F | U U U U | F F F F  | F F F F
 *	cell   "."       "U"       "."        "."
 *
 * and of 1: "M...Uuuu........"; in cells of 2, M wins the 1:1 tie.
 */
static const struct map_run test_runs[] = {
	{ 0, 1, MAP_MOVABLE, -1 },
	{ 1, 1, MAP_FREE, 0 },
	{ 2, 2, MAP_FREE, 1 },
	{ 4, 4, MAP_UNMOVABLE, -1 },
	{ 8, 8, MAP_FREE, 3 },
};

static void test_map_cells(void)
{
	struct map_view v = {
		.frames = 16, .runs = test_runs,
		.nr_runs = ARRAY_SIZE(test_runs),
	};
	struct map_cell cells[16];
	unsigned long long totals[MAP_NR_KINDS];
	struct map_layout l;
	char got[17];
	unsigned int i;

	map_layout(16, 80, 32, 4, &l);
	map_cells(&v, &l, cells);
	for (i = 0; i < l.cells; i++)
		got[i] = map_char(&cells[i]);
	got[i] = '\0';
	CHECK_STR(got, ".U..");
	CHECK(cells[0].count[MAP_FREE] == 3 && cells[0].free_order == 1 &&
	      cells[2].free_order == 3, "cell 0 counts");

	map_layout(16, 80, 32, 1, &l);
	map_cells(&v, &l, cells);
	for (i = 0; i < l.cells; i++)
		got[i] = map_char(&cells[i]);
	got[i] = '\0';
	CHECK_STR(got, "M...Uuuu........");

	map_layout(16, 80, 32, 2, &l);
	map_cells(&v, &l, cells);
	CHECK(map_dominant(&cells[0]) == MAP_MOVABLE, "1:1 tie");
	CHECK(map_char(&cells[2]) == 'U' && map_char(&cells[3]) == 'u',
	      "a block over two cells");

	/* a tie goes to the used kind */
	{
		struct map_cell c = { .count = { [MAP_MOVABLE] = 2,
						 [MAP_FREE] = 2 } };

		CHECK(map_dominant(&c) == MAP_MOVABLE && map_char(&c) == 'm',
		      "tie");
		memset(&c, 0, sizeof(c));
		CHECK(map_char(&c) == ' ', "no run covers it");
	}

	map_totals(&v, totals);
	CHECK(totals[MAP_FREE] == 11 && totals[MAP_UNMOVABLE] == 4 &&
	      totals[MAP_MOVABLE] == 1, "totals");

	CHECK(map_order_level(0, 10) == 0 && map_order_level(10, 10) == 5 &&
	      map_order_level(5, 10) == 2 && map_order_level(-1, 10) == 0 &&
	      map_order_level(0, 0) == 5, "levels");
}

static struct map_view print_view = {
	.title = "test arena",
	.typed = true,
	.frames = 16,
	.nr_orders = 4,
	.orders = {
		{ 1, 1, 0, -1000 }, { 1, 2, 0, -1000 }, { 0, 0, 273, -1000 },
		{ 1, 8, 273, -1000 },
	},
	.internal_frag = 1024,
	.largest = 3,
	.runs = test_runs,
	.nr_runs = ARRAY_SIZE(test_runs),
};

static void do_map_print(void *arg)
{
	struct map_cell cells[16];
	struct map_layout l;

	map_layout(16, 12, 32, 1, &l);		/* 8 a row */
	map_cells(&print_view, &l, cells);
	map_print(stdout, &l, cells, 3, arg);
	map_print_legend(stdout, &print_view, &l, false);
	map_print_orders(stdout, &print_view, false);
}

static void test_map_print(void)
{
	char buf[4096];

	capture(buf, sizeof(buf), do_map_print, NULL);
	CHECK_STR(buf,
		  "0 |M...Uuuu|\n"
		  "8 |........|\n"
		  "legend: a cell is 1 frame, drawn as what most of it is\n"
		  "  U unmovable  M movable  R reclaimable  p per-CPU  . free\n"
		  "  capital: a block starts in the cell\n"
		  "order   blocks   frames  share  free frames                 unusable  extfrag\n"
		  "    0        1        1   9.1% |##                      |     0.000   -1.000\n"
		  "    1        1        2  18.2% |####                    |     0.000   -1.000\n"
		  "    2        0        0   0.0% |                        |     0.273   -1.000\n"
		  "    3        1        8  72.7% |#################       |     0.273   -1.000\n");

	/* colors: one escape where the style changes, a reset per row */
	capture(buf, sizeof(buf), do_map_print, "color");
	CHECK(!strncmp(buf, "0 |\033[0;97;44mM\033[0;31m.\033[0;91m..\033[0;97;41mUuuu\033[0m|\n"
		       "8 |\033[0;92m........\033[0m|\n", 63),
	      "colored rows: %s", buf);
}

static void do_svg_escape(void *arg)
{
	svg_escape(stdout, arg);
}

static void test_svg(void)
{
	struct map_cell cells[16];
	struct map_layout l;
	struct map_panel p = { &print_view, &l, cells };
	static const char *const names[] = { "a<", "b" };
	static const unsigned long long x[] = { 7 }, y[] = { 3, 0 };
	/* one sample: no x range, no division by it */
	struct svg_chart chart = { "chart", 2, names, x, y, 1, NULL };
	char buf[65536], path[] = "/tmp/mmlab-test-XXXXXX";
	size_t n;
	FILE *f;
	int fd;

	capture(buf, sizeof(buf), do_svg_escape,
		"a<b>&\"c\"'d'\x01\te\n");
	CHECK_STR(buf, "a&lt;b&gt;&amp;&quot;c&quot;&apos;d&apos;?\te\n");

	map_layout(16, 80, 32, 0, &l);
	map_cells(&print_view, &l, cells);
	fd = mkstemp(path);
	f = fd >= 0 ? fdopen(fd, "w+") : NULL;
	CHECK(f, "temporary file");
	if (!f)
		return;
	CHECK(svg_write(f, "title <&>", &p, 1, &chart, 1) == 0, "svg_write");
	rewind(f);
	n = fread(buf, 1, sizeof(buf) - 1, f);
	buf[n] = '\0';
	fclose(f);
	CHECK(!strncmp(buf, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<svg ",
		       44), "SVG prologue: %.60s", buf);
	CHECK(n > 7 && !strcmp(buf + n - 7, "</svg>\n"), "SVG end");
	CHECK(strstr(buf, "<title>title &lt;&amp;&gt;</title>"),
	      "SVG title escaped");
	CHECK(strstr(buf, "<title>a&lt;: 7:3</title>") &&
	      strstr(buf, "<title>b: 7:0</title>"),
	      "SVG chart: a line a series, its points in its title");
	/* one rect per run of equal cells: M, free 0, free 1, U, free 3 */
	CHECK(strstr(buf, "fill=\"#1f77b4\"") && strstr(buf, "fill=\"#d62728\""),
	      "SVG has the used colors");
	/* well-formed XML, if xmllint is there to say so */
	if (!system("command -v xmllint >/dev/null 2>&1")) {
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "xmllint --noout %s", path);
		CHECK(system(cmd) == 0, "xmllint %s", path);
	} else {
		printf("# xmllint not installed: SVG well-formedness not checked\n");
	}
	unlink(path);
}

/* --- slab caches, kmalloc, slabtop ------------------------------------- */

/*
 * Expect, three caches as the module would describe them (page 4096):
 *
 *	st-x        100-byte objects at a stride of 104, 39 to an order-0
 *	            slab (40 bytes of waste); 2 slabs, one of them empty;
 *	            3 objects live, 36 more on the per-CPU arrays
 *	kmalloc-96  the class of 96 bytes, 42 to a slab; 1 slab; 3 live
 *	            objects of 90 bytes asked each, 7 on per-CPU arrays
 *	big         5000-byte objects, 6 to an order-3 slab; no slab yet
 *
 *	           slab bytes   live x size   loss    efficiency   use
 *	st-x          8192          300       7892      0.036     0.500
 *	kmalloc-96    4096          288       3808      0.070     0.238
 *	big              0            0          0      1.000     0.000
 */
static const struct mmlab_cache test_caches[] = {
	{ .name = "st-x", .object_size = 100, .align = 8,
	  .flags = MMLAB_CACHE_RED_ZONE | MMLAB_CACHE_CTOR, .ctor = 0x2a,
	  .stride = 104, .red_left = 8, .objects = 39, .order = 0,
	  .waste = 40, .colors = 1, .limit = 120, .batch = 60,
	  .min_empty = 1, .active_objs = 39, .num_objs = 78,
	  .active_slabs = 1, .num_slabs = 2, .cpu_objs = 36, .live = 3,
	  .alloc_fast = 3, .alloc_slow = 1, .refills = 1, .slabs_new = 2 },
	{ .name = "kmalloc-96", .object_size = 96, .align = 8, .stride = 96,
	  .objects = 42, .order = 0, .waste = 64, .colors = 1, .limit = 120,
	  .batch = 60, .min_empty = 1, .active_objs = 10, .num_objs = 42,
	  .active_slabs = 1, .num_slabs = 1, .cpu_objs = 7, .live = 3,
	  .requested = 270, .kmalloc = true, .persistent = true,
	  .alloc_fast = 5, .free_fast = 2, .refills = 1, .slabs_new = 1 },
	{ .name = "big", .object_size = 5000, .align = 8, .stride = 5000,
	  .objects = 6, .order = 3, .waste = 2768, .colors = 1, .limit = 8,
	  .batch = 4, .min_empty = 1, .persistent = true },
};

/* @c as an %MMLAB_A_CACHE nest, without the attribute @skip (0: none) */
static void put_cache(struct nl_msg *msg, const struct mmlab_cache *c,
		      int skip)
{
	struct nlattr *nest = nla_nest_start(msg, MMLAB_A_CACHE);
	const struct {
		int type;
		__u32 v;
	} u32s[] = {
		{ MMLAB_A_CACHE_OBJECT_SIZE, c->object_size },
		{ MMLAB_A_CACHE_C_ALIGN, c->align },
		{ MMLAB_A_CACHE_C_FLAGS, c->flags },
		{ MMLAB_A_CACHE_C_CTOR, c->ctor },
		{ MMLAB_A_CACHE_STRIDE, c->stride },
		{ MMLAB_A_CACHE_RED_LEFT, c->red_left },
		{ MMLAB_A_CACHE_OBJECTS, c->objects },
		{ MMLAB_A_CACHE_ORDER, c->order },
		{ MMLAB_A_CACHE_WASTE, c->waste },
		{ MMLAB_A_CACHE_COLORS, c->colors },
		{ MMLAB_A_CACHE_LIMIT, c->limit },
		{ MMLAB_A_CACHE_BATCH, c->batch },
		{ MMLAB_A_CACHE_MIN_EMPTY, c->min_empty },
	};
	const struct {
		int type;
		__u64 v;
	} u64s[] = {
		{ MMLAB_A_CACHE_ACTIVE_OBJS, c->active_objs },
		{ MMLAB_A_CACHE_NUM_OBJS, c->num_objs },
		{ MMLAB_A_CACHE_ACTIVE_SLABS, c->active_slabs },
		{ MMLAB_A_CACHE_NUM_SLABS, c->num_slabs },
		{ MMLAB_A_CACHE_CPU_OBJS, c->cpu_objs },
		{ MMLAB_A_CACHE_LIVE, c->live },
		{ MMLAB_A_CACHE_REQUESTED, c->requested },
		{ MMLAB_A_CACHE_ALLOC_FAST, c->alloc_fast },
		{ MMLAB_A_CACHE_ALLOC_SLOW, c->alloc_slow },
		{ MMLAB_A_CACHE_FREE_FAST, c->free_fast },
		{ MMLAB_A_CACHE_FREE_SLOW, c->free_slow },
		{ MMLAB_A_CACHE_REFILLS, c->refills },
		{ MMLAB_A_CACHE_DRAINS, c->drains },
		{ MMLAB_A_CACHE_SLABS_NEW, c->slabs_new },
		{ MMLAB_A_CACHE_SLABS_FREED, c->slabs_freed },
		{ MMLAB_A_CACHE_FAIL, c->fail },
		{ MMLAB_A_CACHE_ERRORS, c->errors },
	};
	size_t i;

	if (skip != MMLAB_A_CACHE_C_NAME)
		nla_put_string(msg, MMLAB_A_CACHE_C_NAME, c->name);
	for (i = 0; i < ARRAY_SIZE(u32s); i++)
		if (u32s[i].type != skip)
			nla_put_u32(msg, u32s[i].type, u32s[i].v);
	for (i = 0; i < ARRAY_SIZE(u64s); i++)
		if (u64s[i].type != skip)
			nla_put_u64(msg, u64s[i].type, u64s[i].v);
	if (c->kmalloc)
		nla_put_flag(msg, MMLAB_A_CACHE_KMALLOC);
	if (c->persistent)
		nla_put_flag(msg, MMLAB_A_CACHE_PERSISTENT);
	nla_put_u32(msg, MMLAB_A_CACHE_MAX + 2, 9);	/* from the future */
	nla_nest_end(msg, nest);
}

/* a CACHE_GET reply of @c, parsed into @out; the parser's error */
static int cache_reply(struct mmlab_nl *nl, const struct mmlab_cache *c,
		       int skip, struct mmlab_cache *out)
{
	struct nl_msg *msg = nlmsg_alloc();
	int err;

	genlmsg_put(msg, 0, 1, 0x20, 0, 0, MMLAB_CMD_CACHE_GET, 1);
	put_cache(msg, c, skip);
	err = parse_cache_reply(nl, nlmsg_hdr(msg), out);
	nlmsg_free(msg);
	return err;
}

static void test_cache_reply(void)
{
	struct mmlab_caches caches = { 0 };
	struct mmlab_nl nl = { 0 };
	struct mmlab_cache c, bad;
	struct nl_msg *msg;
	int err, i;

	err = cache_reply(&nl, &test_caches[0], 0, &c);
	CHECK(err == 0, "cache reply: %d %s", err, nl.detail);
	CHECK(!memcmp(&c, &test_caches[0], sizeof(c)),
	      "every field of the cache back as sent");
	err = cache_reply(&nl, &test_caches[1], 0, &c);
	CHECK(err == 0 && c.kmalloc && c.persistent && c.requested == 270,
	      "kmalloc class: %d", err);

	/* every attribute but the flags is needed */
	err = cache_reply(&nl, &test_caches[0], MMLAB_A_CACHE_LIVE, &c);
	CHECK(err == -EBADMSG, "no live: %d", err);
	CHECK_STR(nl.detail, "reply lacks attribute \"cache live\"");
	err = cache_reply(&nl, &test_caches[0], MMLAB_A_CACHE_C_NAME, &c);
	CHECK(err == -EBADMSG, "no name: %d", err);

	/* a name of 32 characters, or counts of no cache */
	bad = test_caches[0];
	memset(bad.name, 'n', sizeof(bad.name) - 1);
	bad.name[sizeof(bad.name) - 1] = '\0';
	err = cache_reply(&nl, &bad, 0, &c);
	CHECK(err == 0 && strlen(c.name) == 31, "a name of 31: %d", err);
	msg = nlmsg_alloc();
	genlmsg_put(msg, 0, 1, 0x20, 0, 0, MMLAB_CMD_CACHE_GET, 1);
	{
		struct nlattr *nest = nla_nest_start(msg, MMLAB_A_CACHE);
		char name[40];

		memset(name, 'n', sizeof(name) - 1);
		name[sizeof(name) - 1] = '\0';
		nla_put_string(msg, MMLAB_A_CACHE_C_NAME, name);
		nla_nest_end(msg, nest);
	}
	err = parse_cache_reply(&nl, nlmsg_hdr(msg), &c);
	nlmsg_free(msg);
	CHECK(err == -EBADMSG, "a name of 39: %d %s", err, nl.detail);
	bad = test_caches[0];
	bad.live = bad.active_objs + 1;
	err = cache_reply(&nl, &bad, 0, &c);
	CHECK(err == -EBADMSG, "more live than active: %d", err);
	CHECK_STR(nl.detail, "cache st-x has inconsistent counts");
	bad = test_caches[0];
	bad.num_objs--;
	CHECK(cache_reply(&nl, &bad, 0, &c) == -EBADMSG,
	      "objects not slabs x objects per slab");

	/* the dump: one cache a message, the array grows past 16 */
	for (i = 0; i < 40; i++) {
		msg = nlmsg_alloc();
		genlmsg_put(msg, 0, 1, 0x20, 0, NLM_F_MULTI,
			    MMLAB_CMD_CACHE_GET, 1);
		put_cache(msg, &test_caches[i % 3], 0);
		err = parse_dump_cache(&nl, nlmsg_hdr(msg), &caches);
		nlmsg_free(msg);
		if (err)
			break;
	}
	CHECK(err == 0 && caches.n == 40, "dump of 40: %d %zu", err,
	      caches.n);
	CHECK(caches.n == 40 && !strcmp(caches.v[39].name, "st-x") &&
	      !strcmp(caches.v[38].name, "big"), "dumped in order");
	msg = nlmsg_alloc();
	genlmsg_put(msg, 0, 1, 0x20, 0, NLM_F_MULTI, MMLAB_CMD_CACHE_GET, 1);
	put_cache(msg, &test_caches[0], MMLAB_A_CACHE_ORDER);
	err = parse_dump_cache(&nl, nlmsg_hdr(msg), &caches);
	nlmsg_free(msg);
	CHECK(err == -EBADMSG && caches.n == 40,
	      "a bad dump message is not counted: %d %zu", err, caches.n);
	mmlab_caches_free(&caches);
}

/* a CACHE_ALLOC (@class NULL) or KMALLOC reply of @n handles */
static int objects_reply(struct mmlab_nl *nl, unsigned int n,
			 const char *class, bool granted,
			 struct mmlab_objects *o)
{
	struct nl_msg *msg = nlmsg_alloc();
	unsigned int i;
	int err;

	genlmsg_put(msg, 0, 1, 0x20, 0, 0, MMLAB_CMD_KMALLOC, 1);
	for (i = 0; i < n; i++)
		nla_put_u64(msg, MMLAB_A_HANDLE, 0x100000001ULL + i);
	if (class)
		nla_put_string(msg, MMLAB_A_CACHE_NAME, class);
	if (granted)
		nla_put_u64(msg, MMLAB_A_GRANTED, 128);
	o->has_class = class || granted;
	err = parse_objects(nl, nlmsg_hdr(msg), o);
	nlmsg_free(msg);
	return err;
}

static void test_objects_reply(void)
{
	struct mmlab_objects o = { 0 };
	struct mmlab_nl nl = { 0 };
	int err;

	err = objects_reply(&nl, 3, NULL, false, &o);
	CHECK(err == 0 && o.n == 3 && o.v[2] == 0x100000003ULL,
	      "cache alloc reply: %d %zu", err, o.n);
	mmlab_objects_free(&o);
	err = objects_reply(&nl, 100, "kmalloc-128", true, &o);
	CHECK(err == 0 && o.n == 100 && o.granted == 128 &&
	      !strcmp(o.class, "kmalloc-128"), "kmalloc reply: %d %zu", err,
	      o.n);
	mmlab_objects_free(&o);
	err = objects_reply(&nl, 0, NULL, false, &o);
	CHECK(err == -EBADMSG, "no handle: %d", err);
	CHECK_STR(nl.detail, "reply lacks attribute \"handle\"");
	err = objects_reply(&nl, 1, NULL, true, &o);
	CHECK(err == -EBADMSG, "kmalloc without its class: %d", err);
	CHECK_STR(nl.detail, "reply lacks attribute \"cache_name\"");
	mmlab_objects_free(&o);
	err = objects_reply(&nl, 1, "kmalloc-8", false, &o);
	CHECK(err == -EBADMSG, "kmalloc without granted: %d", err);
	mmlab_objects_free(&o);
}

static void test_cache_flags(void)
{
	unsigned int f = 0;

	CHECK(mmlab_parse_cache_flags("red-zone,poison", &f) == 0 &&
	      f == (MMLAB_CACHE_RED_ZONE | MMLAB_CACHE_POISON),
	      "red-zone,poison: %#x", f);
	CHECK(mmlab_parse_cache_flags("hwcache-align,red-zone,poison,ctor,checks",
				      &f) == 0 && f == 0x1f, "all: %#x", f);
	CHECK(mmlab_parse_cache_flags("checks", &f) == 0 &&
	      f == MMLAB_CACHE_CHECKS, "checks: %#x", f);
	CHECK(mmlab_parse_cache_flags("poison,poison", &f) == 0 &&
	      f == MMLAB_CACHE_POISON, "twice: %#x", f);
	f = 77;
	CHECK(mmlab_parse_cache_flags("", &f) == -EINVAL && f == 77, "empty");
	CHECK(mmlab_parse_cache_flags(NULL, &f) == -EINVAL, "NULL");
	CHECK(mmlab_parse_cache_flags("poison,", &f) == -EINVAL, "trailing ,");
	CHECK(mmlab_parse_cache_flags(",poison", &f) == -EINVAL, "leading ,");
	CHECK(mmlab_parse_cache_flags("Poison", &f) == -EINVAL, "case");
	CHECK(mmlab_parse_cache_flags("redzone", &f) == -EINVAL, "redzone");
	CHECK(mmlab_parse_cache_flags("hwcache-align-and-more-than-16",
				      &f) == -EINVAL, "a long word");
	CHECK(f == 77, "flags untouched by failures");
	CHECK(!strcmp(mmlab_cache_flag_name(1), "red-zone") &&
	      !mmlab_cache_flag_name(5), "flag names");
}

/* Expect the loss and efficiency of the table above test_caches[]. */
static void test_cache_usage(void)
{
	static const struct {
		unsigned long long slab_bytes, used, loss;
		unsigned int efficiency, use;
		unsigned long long granted, requested;
	} want[] = {
		{ 8192, 300, 7892, 36, 500, 0, 0 },
		{ 4096, 288, 3808, 70, 238, 288, 270 },
		{ 0, 0, 0, 1000, 0, 0, 0 },
	};
	struct mmlab_cache c = test_caches[0];
	struct cache_usage u;
	unsigned int i;

	for (i = 0; i < ARRAY_SIZE(want); i++) {
		cache_usage(&test_caches[i], 4096, &u);
		CHECK(u.slab_bytes == want[i].slab_bytes &&
		      u.used == want[i].used && u.loss == want[i].loss &&
		      u.efficiency == want[i].efficiency &&
		      u.use == want[i].use && u.granted == want[i].granted &&
		      u.requested == want[i].requested,
		      "%s: %llu %llu %llu %u %u %llu %llu", test_caches[i].name,
		      u.slab_bytes, u.used, u.loss, u.efficiency, u.use,
		      u.granted, u.requested);
	}
	/* 64 KiB pages: the slabs are 16 times as big */
	cache_usage(&test_caches[0], 65536, &u);
	CHECK(u.slab_bytes == 131072 && u.loss == 131072 - 300,
	      "64 KiB pages: %llu %llu", u.slab_bytes, u.loss);
	/* every object live: what is lost is the waste and the padding */
	c.active_objs = c.num_objs;
	c.live = c.num_objs;
	c.active_slabs = c.num_slabs;
	cache_usage(&c, 4096, &u);
	CHECK(u.loss == 2 * (40 + 39 * 4) && u.efficiency == 952 &&
	      u.use == 1000, "full: %llu %u %u", u.loss, u.efficiency, u.use);
}

static const struct mmlab_cache *print_cache_arg;

static void do_print_cache(void *arg)
{
	new_json_obj(test_m.json, test_m.pretty);
	open_json_object("cache");
	print_cache(print_cache_arg, 4096);
	close_json_object();
	delete_json_obj();
	(void)arg;
}

static void do_print_cache_row(void *arg)
{
	print_cache_row(arg, 4096);
}

static const char cache_text[] =
	"cache st-x: object size 100, stride 104, align 8\n"
	"  flags red-zone,ctor, ctor 0x2a, red zone left 8 B\n"
	"  slab order 0 (4 KiB): 39 objects, waste 40 B, 1 color\n"
	"  per-CPU limit 120, batch 60, empty slabs kept 1\n"
	"  objects live 3, active 39 (36 on per-CPU arrays), total 78\n"
	"  slabs active 1, total 2: 8 KiB\n"
	"  loss 7.7 KiB, efficiency 3%\n"
	"  allocs fast 3, slow 1; frees fast 0, slow 0\n"
	"  refills 1, drains 0, slabs new 2, freed 0, failures 0, errors 0\n";

static void test_print_cache(void)
{
	char buf[4096];

	test_m.json = false;
	print_cache_arg = &test_caches[0];
	capture(buf, sizeof(buf), do_print_cache, NULL);
	CHECK_STR(buf, cache_text);
	print_cache_arg = &test_caches[1];
	capture(buf, sizeof(buf), do_print_cache, NULL);
	CHECK_STR(buf,
		  "cache kmalloc-96 (kmalloc class): object size 96, stride 96, align 8, persistent\n"
		  "  flags none, red zone left 0 B\n"
		  "  slab order 0 (4 KiB): 42 objects, waste 64 B, 1 color\n"
		  "  per-CPU limit 120, batch 60, empty slabs kept 1\n"
		  "  objects live 3, active 10 (7 on per-CPU arrays), total 42\n"
		  "  slabs active 1, total 1: 4 KiB\n"
		  "  loss 3.7 KiB, efficiency 7%\n"
		  "  kmalloc requested 270 B of 288 B granted\n"
		  "  allocs fast 5, slow 0; frees fast 2, slow 0\n"
		  "  refills 1, drains 0, slabs new 1, freed 0, failures 0, errors 0\n");

	test_m.json = true;
	print_cache_arg = &test_caches[0];
	capture(buf, sizeof(buf), do_print_cache, NULL);
	CHECK_STR(buf,
		  "{\"cache\":{\"name\":\"st-x\",\"object_size\":100,\"stride\":104,\"align\":8,\"persistent\":false,\"kmalloc\":false,"
		  "\"flags\":[\"red-zone\",\"ctor\"],\"ctor\":42,\"red_left\":8,\"order\":0,\"obj_per_slab\":39,\"waste\":40,\"colors\":1,"
		  "\"limit\":120,\"batch\":60,\"min_empty\":1,\"live\":3,\"active_objs\":39,\"cpu_objs\":36,\"num_objs\":78,"
		  "\"active_slabs\":1,\"num_slabs\":2,\"cache_size\":8192,\"loss\":7892,\"efficiency\":0.036,\"use\":0.500,"
		  "\"alloc_fast\":3,\"alloc_slow\":1,\"free_fast\":0,\"free_slow\":0,\"refills\":1,\"drains\":0,\"slabs_new\":2,"
		  "\"slabs_freed\":0,\"fail\":0,\"errors\":0}}\n");
	print_cache_arg = &test_caches[1];
	capture(buf, sizeof(buf), do_print_cache, NULL);
	CHECK(strstr(buf, "\"persistent\":true,\"kmalloc\":true,\"flags\":[],\"ctor\":0,") &&
	      strstr(buf, "\"efficiency\":0.070,\"use\":0.238,\"requested\":270,\"granted\":288,"),
	      "kmalloc class in JSON: %s", buf);
	test_m.json = false;

	capture(buf, sizeof(buf), do_print_cache_row, (void *)&test_caches[0]);
	CHECK_STR(buf,
		  "st-x                       100    104     8       39     0      2      78      39       3          -          - red-zone,ctor\n");
	capture(buf, sizeof(buf), do_print_cache_row, (void *)&test_caches[1]);
	CHECK_STR(buf,
		  "kmalloc-96                  96     96     8       42     0      1      42      10       3        270        288 kmalloc,persistent\n");
	capture(buf, sizeof(buf), do_print_cache_row, (void *)&test_caches[2]);
	CHECK_STR(buf,
		  "big                       5000   5000     8        6     3      0       0       0       0          -          - persistent\n");
	CHECK(strlen(CACHE_ROW_HEAD) == strlen(buf) - strlen("persistent") +
	      strlen("FLAGS"), "the head's columns are the rows'");
}

static struct mmlab_objects print_objs;
static struct mmlab_cache held_cache;
static bool print_objs_transient;

static void do_print_objects(void *arg)
{
	new_json_obj(test_m.json, test_m.pretty);
	print_objects(&print_objs, arg, print_objs.has_class ? 100 : 0,
		      !print_objs_transient,
		      print_objs_transient ? &held_cache : NULL);
	delete_json_obj();
}

static void test_print_objects(void)
{
	__u64 h[2] = { 0x100000001ULL, 0x200000002ULL };
	char buf[2048];

	print_objs.v = h;
	print_objs.n = 2;
	test_m.json = false;
	capture(buf, sizeof(buf), do_print_objects, "st-x");
	CHECK_STR(buf, "st-x handle 0x100000001 persistent\n"
		  "st-x handle 0x200000002 persistent\n");
	test_m.json = true;
	capture(buf, sizeof(buf), do_print_objects, "st-x");
	CHECK_STR(buf,
		  "{\"objects\":[{\"cache\":\"st-x\",\"handle\":\"0x100000001\",\"persistent\":true},"
		  "{\"cache\":\"st-x\",\"handle\":\"0x200000002\",\"persistent\":true}]}\n");

	/* kmalloc, transient: what the class held before the exit */
	print_objs.has_class = true;
	print_objs.granted = 128;
	print_objs.n = 1;
	print_objs_transient = true;
	held_cache = test_caches[1];
	snprintf(held_cache.name, sizeof(held_cache.name), "kmalloc-128");
	test_m.json = false;
	capture(buf, sizeof(buf), do_print_objects, "kmalloc-128");
	CHECK_STR(buf, "kmalloc-128 handle 0x100000001 requested 100 granted 128\n"
		  "held until mmlab exited: kmalloc-128 live 3, active 10 of 42 objects in 1 slab\n");
	test_m.json = true;
	capture(buf, sizeof(buf), do_print_objects, "kmalloc-128");
	CHECK_STR(buf,
		  "{\"objects\":[{\"cache\":\"kmalloc-128\",\"handle\":\"0x100000001\",\"requested\":100,\"granted\":128,\"persistent\":false}],"
		  "\"held\":{\"cache\":\"kmalloc-128\",\"live\":3,\"active_objs\":10,\"num_objs\":42,\"num_slabs\":1}}\n");
	/* kmalloc-large: no cache to read */
	memset(&held_cache, 0, sizeof(held_cache));
	test_m.json = false;
	capture(buf, sizeof(buf), do_print_objects, "kmalloc-large");
	CHECK_STR(buf, "kmalloc-large handle 0x100000001 requested 100 granted 128\n"
		  "held until mmlab exited: kmalloc-large\n");
	memset(&print_objs, 0, sizeof(print_objs));
	print_objs_transient = false;
}

/* slabtop's rows of test_caches[], sorted by @key: their names */
static void sorted_names(enum slabtop_sort key, char *buf, size_t len)
{
	struct mmlab_caches caches = {
		.v = (struct mmlab_cache *)test_caches,
		.n = ARRAY_SIZE(test_caches),
	};
	struct slab_row *rows = slab_rows(&caches, 4096, key);
	size_t i;

	buf[0] = '\0';
	for (i = 0; rows && i < caches.n; i++)
		snprintf(buf + strlen(buf), len - strlen(buf), "%s%s",
			 i ? " " : "", rows[i].c->name);
	free(rows);
}

/*
 * Expect slabtop to sort largest first, by name on a tie and for "n";
 * every key by its letter and its word.
 */
static void test_slabtop_sort(void)
{
	static const struct {
		const char *key;
		const char *order;
	} want[] = {
		{ "o", "st-x kmalloc-96 big" },
		{ "objs", "st-x kmalloc-96 big" },
		{ "a", "st-x kmalloc-96 big" },
		{ "b", "kmalloc-96 st-x big" },
		{ "c", "st-x kmalloc-96 big" },
		{ "l", "st-x kmalloc-96 big" },
		{ "v", "kmalloc-96 st-x big" },	/* a tie of 1 */
		{ "n", "big kmalloc-96 st-x" },
		{ "name", "big kmalloc-96 st-x" },
		{ "p", "big kmalloc-96 st-x" },
		{ "s", "big st-x kmalloc-96" },
		{ "size", "big st-x kmalloc-96" },
		{ "u", "st-x kmalloc-96 big" },
		{ "L", "st-x kmalloc-96 big" },
		{ "loss", "st-x kmalloc-96 big" },
	};
	char buf[128];
	unsigned int i;
	int k;

	for (i = 0; i < ARRAY_SIZE(want); i++) {
		k = parse_sort(want[i].key);
		CHECK(k >= 0, "sort key %s", want[i].key);
		if (k < 0)
			continue;
		sorted_names(k, buf, sizeof(buf));
		CHECK(!strcmp(buf, want[i].order), "-s %s: %s", want[i].key,
		      buf);
	}
	CHECK(parse_sort("x") < 0 && parse_sort("") < 0 &&
	      parse_sort("oo") < 0 && parse_sort("l ") < 0 &&
	      parse_sort(NULL) < 0 && parse_sort("Loss") < 0,
	      "no such sort key");
}

/* parse_slabtop() of the words @args; its result and the options */
static int slabtop_args(const char *args, struct slabtop_opts *o,
			bool json)
{
	char copy[256], *argv[16], *tok, *save = NULL;
	struct mmlab m = { 0 };
	int argc = 0, err, saved;

	snprintf(copy, sizeof(copy), "%s", args);
	for (tok = strtok_r(copy, " ", &save); tok && argc < 16;
	     tok = strtok_r(NULL, " ", &save))
		argv[argc++] = tok;
	m.argc = argc;
	m.argv = argv;
	m.json = json;
	memset(o, 0, sizeof(*o));
	/* usage errors go to stderr: keep the test's output clean */
	fflush(stderr);
	saved = dup(STDERR_FILENO);
	dup2(open("/dev/null", O_WRONLY), STDERR_FILENO);
	err = parse_slabtop(&m, o);
	fflush(stderr);
	dup2(saved, STDERR_FILENO);
	close(saved);
	return err;
}

static void test_slabtop_args(void)
{
	struct slabtop_opts o;

	CHECK(slabtop_args("", &o, false) == 0 && o.delay_ms == 3000 &&
	      o.sort == SORT_OBJS && !o.once && !o.svg, "defaults");
	CHECK(slabtop_args("-d 0.5 -s c -o", &o, false) == 0 &&
	      o.delay_ms == 500 && o.sort == SORT_CACHE_SIZE && o.once,
	      "-d 0.5 -s c -o");
	CHECK(slabtop_args("-d2 -sL --once", &o, false) == 0 &&
	      o.delay_ms == 2000 && o.sort == SORT_LOSS && o.once,
	      "-d2 -sL --once");
	CHECK(slabtop_args("--delay=1.25 --sort=name --svg=x.svg", &o,
			   false) == 0 && o.delay_ms == 1250 &&
	      o.sort == SORT_NAME && !strcmp(o.svg, "x.svg"),
	      "long options with =");
	CHECK(slabtop_args("--delay 7 --sort use --svg y", &o, false) == 0 &&
	      o.delay_ms == 7000 && o.sort == SORT_USE && !strcmp(o.svg, "y"),
	      "long options with a word");
	CHECK(slabtop_args("-d", &o, false) == 2, "-d without seconds");
	CHECK(slabtop_args("-d 0", &o, false) == 2, "-d 0");
	CHECK(slabtop_args("-s x", &o, false) == 2, "-s x");
	CHECK(slabtop_args("-s", &o, false) == 2, "-s without a key");
	CHECK(slabtop_args("--svg", &o, false) == 2, "--svg without a file");
	CHECK(slabtop_args("--svg x", &o, true) == 2, "--svg and -j");
	CHECK(slabtop_args("-x", &o, false) == 2, "-x");
	CHECK(slabtop_args("once", &o, false) == 2, "once");
}

static struct slab_row *print_rows;

static void do_print_slabtop(void *arg)
{
	new_json_obj(test_m.json, test_m.pretty);
	print_slabtop(print_rows, ARRAY_SIZE(test_caches),
		      *(enum slabtop_sort *)arg);
	delete_json_obj();
}

/*
 * Expect procps slabtop's head and columns, the numbers of the table
 * above test_caches[], and in the totals: 7892 + 3808 bytes lost, 588
 * of 12288 used (0.047), kmalloc's 270 of 288 bytes asked for.
 */
static void test_slabtop_print(void)
{
	struct mmlab_caches caches = {
		.v = (struct mmlab_cache *)test_caches,
		.n = ARRAY_SIZE(test_caches),
	};
	enum slabtop_sort key = SORT_OBJS;
	char buf[8192];

	print_rows = slab_rows(&caches, 4096, key);
	test_m.json = false;
	capture(buf, sizeof(buf), do_print_slabtop, &key);
	CHECK_STR(buf,
		  " Active / Total Objects (% used)    : 49 / 120 (40.8%)\n"
		  " Active / Total Slabs (% used)      : 2 / 3 (66.7%)\n"
		  " Active / Total Caches (% used)     : 2 / 3 (66.7%)\n"
		  " Active / Total Size (% used)       : 4.90K / 11.86K (41.3%)\n"
		  " Minimum / Average / Maximum Object : 0.09K / 0.10K / 4.88K\n"
		  " Live objects / Loss / Efficiency   : 6 / 11.43K / 4.7%\n"
		  " kmalloc Requested / Granted        : 0.26K / 0.28K (93.8%)\n"
		  "\n"
		  "  OBJS ACTIVE  USE OBJ SIZE  SLABS OBJ/SLAB CACHE SIZE      LOSS  EFF NAME\n"
		  "    78     39  50%    0.10K      2       39         8K     7.71K   3% st-x\n"
		  "    42     10  23%    0.09K      1       42         4K     3.72K   7% kmalloc-96\n"
		  "     0      0   0%    4.88K      0        6         0K     0.00K 100% big\n");
	test_m.json = true;
	capture(buf, sizeof(buf), do_print_slabtop, &key);
	CHECK_STR(buf,
		  "{\"slabtop\":{\"sort\":\"objs\",\"totals\":{\"active_objs\":49,\"num_objs\":120,\"active_slabs\":2,\"num_slabs\":3,"
		  "\"active_caches\":2,\"caches\":3,\"active_size\":5016,\"total_size\":12144,\"min_obj\":96,\"avg_obj\":101,"
		  "\"max_obj\":5000,\"live\":6,\"cache_size\":12288,\"loss\":11700,\"efficiency\":0.047,\"requested\":270,"
		  "\"granted\":288},\"caches\":["
		  "{\"name\":\"st-x\",\"objs\":78,\"active\":39,\"live\":3,\"use\":0.500,\"obj_size\":104,\"object_size\":100,"
		  "\"slabs\":2,\"active_slabs\":1,\"obj_per_slab\":39,\"pages_per_slab\":1,\"cache_size\":8192,\"loss\":7892,"
		  "\"efficiency\":0.036,\"kmalloc\":false},"
		  "{\"name\":\"kmalloc-96\",\"objs\":42,\"active\":10,\"live\":3,\"use\":0.238,\"obj_size\":96,\"object_size\":96,"
		  "\"slabs\":1,\"active_slabs\":1,\"obj_per_slab\":42,\"pages_per_slab\":1,\"cache_size\":4096,\"loss\":3808,"
		  "\"efficiency\":0.070,\"kmalloc\":true,\"requested\":270,\"granted\":288},"
		  "{\"name\":\"big\",\"objs\":0,\"active\":0,\"live\":0,\"use\":0.000,\"obj_size\":5000,\"object_size\":5000,"
		  "\"slabs\":0,\"active_slabs\":0,\"obj_per_slab\":6,\"pages_per_slab\":8,\"cache_size\":0,\"loss\":0,"
		  "\"efficiency\":1.000,\"kmalloc\":false}]}}\n");
	test_m.json = false;
	free(print_rows);
	print_rows = NULL;
}

/* Expect the bars of slabtop --svg: a <g> a series, a rect a bar, labels. */
static void test_svg_bars(void)
{
	struct mmlab_caches caches = {
		.v = (struct mmlab_cache *)test_caches,
		.n = ARRAY_SIZE(test_caches),
	};
	char path[] = "/tmp/mmlab-test-XXXXXX", buf[65536], *p;
	struct slab_row *rows = slab_rows(&caches, 4096, SORT_NAME);
	unsigned int rects = 0;
	FILE *f;
	size_t n;
	int fd;

	fd = mkstemp(path);
	CHECK(fd >= 0 && rows, "temporary file");
	if (fd < 0 || !rows)
		return;
	close(fd);
	CHECK(slabtop_svg(path, rows, caches.n, SORT_NAME) == 0,
	      "slabtop_svg");
	f = fopen(path, "r");
	n = f ? fread(buf, 1, sizeof(buf) - 1, f) : 0;
	buf[n] = '\0';
	if (f)
		fclose(f);
	CHECK(strstr(buf, "<title>mmlab slabtop: 3 caches by name</title>"),
	      "SVG title");
	CHECK(strstr(buf, "<title>objects: big:0 kmalloc-96:42 st-x:78</title>") &&
	      strstr(buf, "<title>active: big:0 kmalloc-96:10 st-x:39</title>") &&
	      strstr(buf, "<title>live: big:0 kmalloc-96:3 st-x:3</title>"),
	      "the objects of each cache");
	CHECK(strstr(buf, "<title>cache size (bytes): big:0 kmalloc-96:4096 st-x:8192</title>") &&
	      strstr(buf, "<title>loss (bytes): big:0 kmalloc-96:3808 st-x:7892</title>"),
	      "the bytes of each cache");
	for (p = buf; (p = strstr(p, "<rect x=")); p++)
		rects++;
	/* two charts of 3 series of 3 bars, and 6 legend swatches */
	CHECK(rects == 2 * 3 * 3 + 6, "rects: %u", rects);
	CHECK(!strstr(buf, "<polyline"), "no lines");
	CHECK(strstr(buf, ">st-x</text>"), "a label per cache");
	if (!system("command -v xmllint >/dev/null 2>&1")) {
		char cmd[128];

		snprintf(cmd, sizeof(cmd), "xmllint --noout %s", path);
		CHECK(system(cmd) == 0, "xmllint %s", path);
	}
	unlink(path);
	free(rows);
}

#include "test-mmu.c"

int main(void)
{
	test_status();
	test_validate_reply();
	test_error_cb();
	test_events();
	test_format_size();
	test_json_escape();
	test_parsers();
	test_format_milli();
	test_json_arrays();
	test_buddy_reply();
	test_blocks_reply();
	test_blocks_either();
	test_allocator_reply();
	test_done();
	test_compact();
	test_allocator_events();
	test_dump_retry();
	test_frag_fit();
	test_trace_errors();
	test_replay_tiny();
	test_replay_too_big();
	test_map_layout();
	test_map_cells();
	test_map_print();
	test_svg();
	test_cache_reply();
	test_objects_reply();
	test_cache_flags();
	test_cache_usage();
	test_print_cache();
	test_print_objects();
	test_slabtop_sort();
	test_slabtop_args();
	test_slabtop_print();
	test_svg_bars();
	test_mmu();
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
