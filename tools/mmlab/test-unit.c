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
#include "map.c"
#include "frag.c"

#include <fcntl.h>
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

int main(void)
{
	test_status();
	test_validate_reply();
	test_error_cb();
	test_events();
	test_format_size();
	test_json_escape();
	printf("%d passed, %d failed\n", passed, failed);
	return failed ? 1 : 0;
}
