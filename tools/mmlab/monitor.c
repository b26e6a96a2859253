// SPDX-License-Identifier: GPL-2.0
/*
 * mmlab monitor [ count N ]
 *
 * One line per event of the "events" multicast group, flushed at once so
 * that a pipe sees it immediately:
 *
 *	seq 3 stats-reset
 *	seq 4 validate errors 0
 *	seq 5 compact order 10 scanned 512 moved 6 blocks 3 unusable
 *	      0.750->0.000 largest 9->10		(one line)
 *	seq 6 allocator fit policy best
 *	seq 7 allocator buddy
 *	seq 8 fault space 1 zero write 0x403004 frame 8
 *	seq 9 fault space 1 segv read 0x900000
 *	seq 10 event 9				(a type this tool does not know)
 *
 * JSON: one object per line, {"seq":4,"event":"validate","event_type":2,
 * "validate_errors":0}; a compact event has "compact":{...} with the keys
 * of `buddy compact`; an allocator event "allocator":"fit" and
 * "policy":"best" (the fit allocator only); a fault event "fault":
 * {"space":1,"kind":"zero","access":"write","addr":"0x403004","frame":8}
 * ("frame" for the faults that mapped one: zero, shared, cow-copy,
 * cow-reuse); an unknown type has
 * "event":"unknown".
 *
 * Sequence numbers have no gaps unless events were lost (the socket's
 * receive buffer overran); a gap is reported on stderr.
 */
#include <linux/mmlab.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>

#include "mmlab.h"
#include "print.h"

struct monitor_state {
	struct mmlab *m;
	unsigned long long count;	/* 0: forever */
	unsigned long long seen;
	bool have_seq;
	__u64 last_seq;
};

static void monitor_help(FILE *f)
{
	fprintf(f,
		"Usage: mmlab monitor [ count N ]\n"
		"       mmlab monitor help\n");
}

static const char *event_name(__u32 type)
{
	switch (type) {
	case MMLAB_EVENT_STATS_RESET:
		return "stats-reset";
	case MMLAB_EVENT_VALIDATE:
		return "validate";
	case MMLAB_EVENT_COMPACT:
		return "compact";
	case MMLAB_EVENT_ALLOCATOR:
		return "allocator";
	case MMLAB_EVENT_FAULT:
		return "fault";
	}
	return NULL;
}

static void print_event(const struct mmlab_nl_event *ev)
{
	const char *name = event_name(ev->type);

	if (ev->has_seq)
		print_u64(PRINT_ANY, "seq", "seq %llu ", ev->seq);
	if (name) {
		print_string(PRINT_ANY, "event", "%s", name);
	} else {
		print_string(PRINT_JSON, "event", NULL, "unknown");
		print_u32(PRINT_FP, NULL, "event %u", ev->type);
	}
	print_u32(PRINT_JSON, "event_type", NULL, ev->type);
	if (ev->has_validate_errors)
		print_u32(PRINT_ANY, "validate_errors", " errors %u",
			  ev->validate_errors);
	if (ev->has_compact) {
		open_json_object("compact");
		print_compact(&ev->compact, true);
		close_json_object();
	}
	if (ev->has_allocator)
		print_enum(PRINT_ANY, "allocator", " %s",
			   mmlab_allocator_name(ev->allocator), ev->allocator);
	if (ev->has_fit_policy)
		print_enum(PRINT_ANY, "policy", " policy %s",
			   mmlab_policy_name(ev->fit_policy), ev->fit_policy);
	if (ev->has_fault) {
		const struct mmlab_fault *f = &ev->fault;

		open_json_object("fault");
		print_u32(PRINT_ANY, "space", " space %u", f->space);
		print_enum(PRINT_ANY, "kind", " %s", mmlab_fault_name(f->kind),
			   f->kind);
		print_enum(PRINT_ANY, "access", " %s",
			   mmlab_access_kind_name(f->access), f->access);
		print_hex(PRINT_ANY, "addr", " 0x%llx", f->addr);
		/* a frame only means something when one was mapped */
		if (f->has_frame && f->kind < MMLAB_FAULT_SEGV)
			print_u64(PRINT_ANY, "frame", " frame %llu", f->frame);
		close_json_object();
	}
	print_nl();
}

static int on_event(const struct mmlab_nl_event *ev, void *arg)
{
	struct monitor_state *ms = arg;

	if (ev->has_seq) {
		if (ms->have_seq && ev->seq > ms->last_seq + 1)
			fprintf(stderr, "mmlab: monitor: %llu events lost\n",
				(unsigned long long)(ev->seq - ms->last_seq -
						     1));
		ms->have_seq = true;
		ms->last_seq = ev->seq;
	}

	new_json_obj(ms->m->json, ms->m->pretty);
	print_event(ev);
	delete_json_obj();

	ms->seen++;
	return ms->count && ms->seen >= ms->count;
}

static int parse_count(const char *s, unsigned long long *count)
{
	char *end;

	if (!s || *s < '0' || *s > '9')
		return -EINVAL;
	errno = 0;
	*count = strtoull(s, &end, 10);
	if (errno || *end || *count == 0)
		return -EINVAL;
	return 0;
}

int cmd_monitor(struct mmlab *m)
{
	struct monitor_state ms = { .m = m };
	int err;

	while (mmlab_argv(m)) {
		if (mmlab_argv_match(m, "help")) {
			monitor_help(stdout);
			return MMLAB_EXIT_OK;
		} else if (mmlab_argv_match(m, "count")) {
			if (parse_count(mmlab_argv(m), &ms.count))
				return mmlab_usage_error("monitor help",
							 "monitor: count needs a positive integer");
			mmlab_arg_inc(m);
		} else {
			return mmlab_usage_error("monitor help",
						 "monitor: unknown argument \"%s\"",
						 mmlab_argv(m));
		}
	}

	err = mmlab_nl(m);
	if (err)
		return err;
	err = mmlab_nl_monitor(&m->nl, on_event, &ms);
	if (err)
		return mmlab_perror(m, "monitor", err);
	return MMLAB_EXIT_OK;
}
