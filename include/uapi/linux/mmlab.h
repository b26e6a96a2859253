/* SPDX-License-Identifier: GPL-2.0 WITH Linux-syscall-note */
/*
 * mmlab - a memory-management laboratory on a private page arena.
 *
 * The one ABI header: the generic netlink family "mmlab", its commands,
 * attributes and enums. Used by the module, the mmlab tool and the
 * selftests alike; Documentation/netlink/mmlab.yaml describes the same
 * family as a YNL spec and must be kept in sync with this file.
 *
 * Conventions:
 *  - Every 64-bit attribute is NLA_U64 and aligned with the *_PAD
 *    attribute of its set (nla_put_u64_64bit()).
 *  - Attributes marked "reply" are only sent by the kernel; putting one in
 *    a request is rejected with -EINVAL and an extack message.
 *  - Commands marked "admin" need CAP_SYS_ADMIN, and CAP_NET_ADMIN as
 *    every GENL_ADMIN_PERM operation does (-EPERM otherwise); the others
 *    are open to every user.
 */
#ifndef _UAPI_LINUX_MMLAB_H
#define _UAPI_LINUX_MMLAB_H

#include <linux/types.h>

#define MMLAB_GENL_NAME		"mmlab"
#define MMLAB_GENL_VERSION	1
#define MMLAB_MCGRP_EVENTS	"events"

/**
 * enum mmlab_cmd - generic netlink commands of the "mmlab" family
 * @MMLAB_CMD_UNSPEC: unused
 * @MMLAB_CMD_STATUS_GET: do: reply with %MMLAB_A_VERSION, %MMLAB_A_ARENA
 *	and %MMLAB_A_STATS. Unprivileged.
 * @MMLAB_CMD_STATS_RESET: do: zero the resettable statistics and send a
 *	%MMLAB_EVENT_STATS_RESET event. Admin.
 * @MMLAB_CMD_VALIDATE: do: run the arena invariant checker; reply with
 *	%MMLAB_A_VALIDATE_ERRORS and send a %MMLAB_EVENT_VALIDATE event. Admin.
 * @MMLAB_CMD_EVENT: notification only, multicast on the "events" group with
 *	%MMLAB_A_EVENT_TYPE, %MMLAB_A_EVENT_SEQ and type-specific attributes.
 *	Not a request (-EOPNOTSUPP).
 * @__MMLAB_CMD_MAX: internal, one past the last command
 * @MMLAB_CMD_MAX: the highest command
 */
enum mmlab_cmd {
	MMLAB_CMD_UNSPEC,
	MMLAB_CMD_STATUS_GET,
	MMLAB_CMD_STATS_RESET,
	MMLAB_CMD_VALIDATE,
	MMLAB_CMD_EVENT,

	__MMLAB_CMD_MAX,
	MMLAB_CMD_MAX = __MMLAB_CMD_MAX - 1
};

/**
 * enum mmlab_attr - top-level attributes
 * @MMLAB_A_UNSPEC: unused
 * @MMLAB_A_PAD: padding for 64-bit attributes
 * @MMLAB_A_VERSION: reply, string: module version ("0.1.0")
 * @MMLAB_A_ARENA: reply, nest of &enum mmlab_arena_attr
 * @MMLAB_A_STATS: reply, nest of &enum mmlab_stats_attr
 * @MMLAB_A_VALIDATE_ERRORS: reply/event, u32: invariant violations found
 * @MMLAB_A_EVENT_TYPE: event, u32: &enum mmlab_event
 * @MMLAB_A_EVENT_SEQ: event, u64: event sequence number, starts at 1 at
 *	module load and never resets; a gap means events were lost
 * @__MMLAB_A_MAX: internal, one past the last attribute
 * @MMLAB_A_MAX: the highest attribute
 */
enum mmlab_attr {
	MMLAB_A_UNSPEC,
	MMLAB_A_PAD,
	MMLAB_A_VERSION,
	MMLAB_A_ARENA,
	MMLAB_A_STATS,
	MMLAB_A_VALIDATE_ERRORS,
	MMLAB_A_EVENT_TYPE,
	MMLAB_A_EVENT_SEQ,

	__MMLAB_A_MAX,
	MMLAB_A_MAX = __MMLAB_A_MAX - 1
};

/**
 * enum mmlab_arena_attr - attributes nested in %MMLAB_A_ARENA (all reply)
 * @MMLAB_A_ARENA_UNSPEC: unused
 * @MMLAB_A_ARENA_PAD: padding for 64-bit attributes
 * @MMLAB_A_ARENA_SIZE: u64, arena size in bytes
 * @MMLAB_A_ARENA_PAGE_SIZE: u32, bytes per frame
 * @MMLAB_A_ARENA_FRAMES: u64, frames in the arena
 * @MMLAB_A_ARENA_FRAMES_FREE: u64, frames not handed out
 * @MMLAB_A_ARENA_MAX_ORDER: u32, largest block order of the arena
 * @MMLAB_A_ARENA_CHUNKS: u32, physically contiguous chunks backing it
 * @MMLAB_A_ARENA_CHUNK_ORDER_MIN: u32, order of the smallest chunk
 * @MMLAB_A_ARENA_CHUNK_ORDER_MAX: u32, order of the largest chunk
 * @MMLAB_A_ARENA_BACKING: u32, &enum mmlab_backing
 * @__MMLAB_A_ARENA_MAX: internal, one past the last attribute
 * @MMLAB_A_ARENA_MAX: the highest attribute
 */
enum mmlab_arena_attr {
	MMLAB_A_ARENA_UNSPEC,
	MMLAB_A_ARENA_PAD,
	MMLAB_A_ARENA_SIZE,
	MMLAB_A_ARENA_PAGE_SIZE,
	MMLAB_A_ARENA_FRAMES,
	MMLAB_A_ARENA_FRAMES_FREE,
	MMLAB_A_ARENA_MAX_ORDER,
	MMLAB_A_ARENA_CHUNKS,
	MMLAB_A_ARENA_CHUNK_ORDER_MIN,
	MMLAB_A_ARENA_CHUNK_ORDER_MAX,
	MMLAB_A_ARENA_BACKING,

	__MMLAB_A_ARENA_MAX,
	MMLAB_A_ARENA_MAX = __MMLAB_A_ARENA_MAX - 1
};

/**
 * enum mmlab_stats_attr - attributes nested in %MMLAB_A_STATS (all reply)
 * @MMLAB_A_STATS_UNSPEC: unused
 * @MMLAB_A_STATS_PAD: padding for 64-bit attributes
 * @MMLAB_A_STATS_NL_REQUESTS: u64, netlink requests that reached mmlab's
 *	handlers; those refused by the genl core or by the attribute policy
 *	(unknown command, missing permission, bad attribute) are not counted
 *	(resettable)
 * @MMLAB_A_STATS_NL_ERRORS: u64, of those, requests that failed
 *	(resettable)
 * @MMLAB_A_STATS_VALIDATE_RUNS: u64, invariant checker runs (resettable)
 * @MMLAB_A_STATS_VALIDATE_ERRORS: u64, violations found over all runs
 *	(resettable)
 * @MMLAB_A_STATS_EVENTS: u64, events multicast (resettable)
 * @MMLAB_A_STATS_RESETS: u64, statistics resets since load (never reset)
 * @__MMLAB_A_STATS_MAX: internal, one past the last attribute
 * @MMLAB_A_STATS_MAX: the highest attribute
 */
enum mmlab_stats_attr {
	MMLAB_A_STATS_UNSPEC,
	MMLAB_A_STATS_PAD,
	MMLAB_A_STATS_NL_REQUESTS,
	MMLAB_A_STATS_NL_ERRORS,
	MMLAB_A_STATS_VALIDATE_RUNS,
	MMLAB_A_STATS_VALIDATE_ERRORS,
	MMLAB_A_STATS_EVENTS,
	MMLAB_A_STATS_RESETS,

	__MMLAB_A_STATS_MAX,
	MMLAB_A_STATS_MAX = __MMLAB_A_STATS_MAX - 1
};

/**
 * enum mmlab_backing - where the arena's frames come from
 * @MMLAB_BACKING_PAGES: physically contiguous chunks from the page allocator
 * @MMLAB_BACKING_MEMMAP: a physical range reserved at boot with memmap=
 */
enum mmlab_backing {
	MMLAB_BACKING_PAGES,
	MMLAB_BACKING_MEMMAP,
};

/**
 * enum mmlab_event - value of %MMLAB_A_EVENT_TYPE
 * @MMLAB_EVENT_UNSPEC: unused
 * @MMLAB_EVENT_STATS_RESET: statistics were reset
 * @MMLAB_EVENT_VALIDATE: the invariant checker ran; carries
 *	%MMLAB_A_VALIDATE_ERRORS
 */
enum mmlab_event {
	MMLAB_EVENT_UNSPEC,
	MMLAB_EVENT_STATS_RESET,
	MMLAB_EVENT_VALIDATE,
};

#endif /* _UAPI_LINUX_MMLAB_H */
