/* SPDX-License-Identifier: GPL-2.0 */
/*
 * The netlink layer of the mmlab tool: the only file that knows libnl.
 *
 * It opens a generic netlink socket, resolves the "mmlab" family, sends
 * requests, waits for the kernel's ack or error (keeping the extack
 * message) and turns replies and events into the plain structs below.
 * The object commands (arena.c, stats.c, monitor.c) see only these.
 *
 * Functions return 0 or a negative errno. After an error, nl->detail
 * holds the kernel's extack message or a description of a malformed
 * reply ("" if there is none); mmlab_perror() prints both.
 */
#ifndef _MMLAB_NL_H
#define _MMLAB_NL_H

#include <stdbool.h>
#include <linux/types.h>

struct nl_sock;

#define MMLAB_NL_DETAIL_LEN	256
#define MMLAB_NL_VERSION_LEN	32

struct mmlab_nl {
	struct nl_sock *sk;
	int family;
	char detail[MMLAB_NL_DETAIL_LEN];
};

struct mmlab_arena {
	__u64 size;
	__u64 frames;
	__u64 frames_free;
	__u32 page_size;
	__u32 max_order;
	__u32 chunks;
	__u32 chunk_order_min;
	__u32 chunk_order_max;
	__u32 backing;			/* enum mmlab_backing */
};

struct mmlab_stats {
	__u64 nl_requests;
	__u64 nl_errors;
	__u64 validate_runs;
	__u64 validate_errors;
	__u64 events;
	__u64 resets;
};

struct mmlab_status {
	char version[MMLAB_NL_VERSION_LEN];
	struct mmlab_arena arena;
	struct mmlab_stats stats;
};

struct mmlab_nl_event {
	__u32 type;			/* enum mmlab_event, maybe unknown */
	bool has_seq;
	bool has_validate_errors;
	__u64 seq;
	__u32 validate_errors;
};

/* return 0 to go on, 1 to stop the monitor */
typedef int (*mmlab_event_fn)(const struct mmlab_nl_event *ev, void *arg);

/* -ENOENT: the family is not registered (module not loaded) */
int mmlab_nl_open(struct mmlab_nl *nl);
void mmlab_nl_close(struct mmlab_nl *nl);

int mmlab_nl_status_get(struct mmlab_nl *nl, struct mmlab_status *st);
int mmlab_nl_stats_reset(struct mmlab_nl *nl);
int mmlab_nl_validate(struct mmlab_nl *nl, __u32 *errors);

/*
 * Join the "events" group and call fn for each event until it returns 1
 * or an error occurs. Lost events (receive buffer overrun) are reported
 * on stderr and the monitor goes on; the module's unloading ends it with
 * -ENODEV.
 */
int mmlab_nl_monitor(struct mmlab_nl *nl, mmlab_event_fn fn, void *arg);

#endif /* _MMLAB_NL_H */
