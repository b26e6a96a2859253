// SPDX-License-Identifier: GPL-2.0
/*
 * netlink.c - the generic netlink family "mmlab": the control and data
 * ABI of include/uapi/linux/mmlab.h, and the "events" multicast group.
 *
 * House rules for every handler:
 *  - each request is counted (MMLAB_STAT_NL_REQUESTS) on entry and, if it
 *    fails, once more (MMLAB_STAT_NL_ERRORS) at its single exit;
 *  - every error it returns carries an extack message;
 *  - mutations need CAP_SYS_ADMIN: they carry GENL_ADMIN_PERM (the genl
 *    core checks CAP_NET_ADMIN before the handler runs, and the YNL spec's
 *    admin-perm says so) and check CAP_SYS_ADMIN themselves first thing,
 *    with mmlab_nl_admin(); reads are open to every user.
 *
 * Requests are validated strictly: the policy types every request
 * attribute and refuses every reply-only one; each handler then refuses
 * the request attributes it does not use (mmlab_nl_only()), so nothing in
 * a request is silently ignored.
 *
 * Written against what both 6.1 and 6.12 offer: classic genl_ops with a
 * per-op policy, NLA_U32/NLA_U64, fixed-string extack messages.
 *
 * Lock order: genl_mutex (held by the genl core around handlers, which do
 * not set parallel_ops) -> mmlab.buddy_lock -> mmlab_event_lock. Events
 * are sent after mmlab.buddy_lock is dropped.
 */
#include <linux/mutex.h>
#include <net/genetlink.h>

#include "mmlab.h"
#include "netlink.h"
#include "version.h"

/* Serializes event sending against unregistration. */
static DEFINE_MUTEX(mmlab_event_lock);
static bool mmlab_events_on;

enum mmlab_mcgrp {
	MMLAB_MCGRP_EVENTS_IDX,
};

static const struct genl_multicast_group mmlab_mcgrps[] = {
	[MMLAB_MCGRP_EVENTS_IDX] = { .name = MMLAB_MCGRP_EVENTS },
};

#define MMLAB_REPLY_ONLY \
	{ .type = NLA_REJECT, .reject_message = "attribute is reply-only" }

static const struct nla_policy mmlab_nl_policy[MMLAB_A_MAX + 1] = {
	[MMLAB_A_PAD]			= MMLAB_REPLY_ONLY,
	[MMLAB_A_VERSION]		= MMLAB_REPLY_ONLY,
	[MMLAB_A_ARENA]			= MMLAB_REPLY_ONLY,
	[MMLAB_A_STATS]			= MMLAB_REPLY_ONLY,
	[MMLAB_A_VALIDATE_ERRORS]	= MMLAB_REPLY_ONLY,
	[MMLAB_A_EVENT_TYPE]		= MMLAB_REPLY_ONLY,
	[MMLAB_A_EVENT_SEQ]		= MMLAB_REPLY_ONLY,
	[MMLAB_A_ORDER]			= { .type = NLA_U32 },
	[MMLAB_A_SIZE]			= { .type = NLA_U64 },
	[MMLAB_A_MT]			= NLA_POLICY_MAX(NLA_U32,
						MMLAB_MIGRATE_RECLAIMABLE),
	[MMLAB_A_COUNT]			= NLA_POLICY_RANGE(NLA_U32, 1,
						MMLAB_HANDLE_BATCH_MAX),
	[MMLAB_A_PERSISTENT]		= { .type = NLA_FLAG },
	[MMLAB_A_HANDLE]		= { .type = NLA_U64 },
	[MMLAB_A_BLOCK]			= MMLAB_REPLY_ONLY,
	[MMLAB_A_BUDDY]			= MMLAB_REPLY_ONLY,
	[MMLAB_A_COMPACT]		= MMLAB_REPLY_ONLY,
	[MMLAB_A_ALLOCATOR]		= NLA_POLICY_RANGE(NLA_U32,
						MMLAB_ALLOCATOR_BUDDY,
						MMLAB_ALLOCATOR_FIT),
	[MMLAB_A_FIT_POLICY]		= NLA_POLICY_MAX(NLA_U32,
						MMLAB_FIT_POLICY_QUICK),
	[MMLAB_A_FIT]			= MMLAB_REPLY_ONLY,
	[MMLAB_A_CACHE_NAME]		= { .type = NLA_STRING,
					    .len = MMLAB_SLAB_NAME_MAX - 1 },
	[MMLAB_A_CACHE_ALIGN]		= { .type = NLA_U32 },
	[MMLAB_A_CACHE_FLAGS]		= NLA_POLICY_MASK(NLA_U32,
						MMLAB_SLAB_CACHE_FLAGS),
	[MMLAB_A_CACHE_CTOR]		= NLA_POLICY_MAX(NLA_U32, 255),
	[MMLAB_A_CACHE]			= MMLAB_REPLY_ONLY,
	[MMLAB_A_OFFSET]		= { .type = NLA_S32 },
	[MMLAB_A_DATA]			= NLA_POLICY_RANGE(NLA_BINARY, 1, 4096),
	[MMLAB_A_LENGTH]		= NLA_POLICY_RANGE(NLA_U32, 1, 4096),
	[MMLAB_A_GRANTED]		= MMLAB_REPLY_ONLY,
	[MMLAB_A_SPACE_ID]		= NLA_POLICY_MIN(NLA_U32, 1),
	[MMLAB_A_GEOMETRY]		= { .type = NLA_NUL_STRING,
					    .len = MMLAB_GEOM_NAME_MAX - 1 },
	[MMLAB_A_INVERTED]		= { .type = NLA_FLAG },
	[MMLAB_A_SPACE]			= MMLAB_REPLY_ONLY,
	[MMLAB_A_ADDR]			= { .type = NLA_U64 },
	[MMLAB_A_RANGE_LEN]		= { .type = NLA_U64 },
	[MMLAB_A_PROT]			= NLA_POLICY_MASK(NLA_U32,
						MMLAB_PROT_READ |
						MMLAB_PROT_WRITE |
						MMLAB_PROT_EXEC),
	[MMLAB_A_REGION_KIND]		= NLA_POLICY_MAX(NLA_U32,
						MMLAB_REGION_SHARED),
	[MMLAB_A_SHM]			= NLA_POLICY_MIN(NLA_U32, 1),
	[MMLAB_A_PAGES]			= { .type = NLA_S64 },
	/* a binary range's bounds are s16: the handler checks the rest */
	[MMLAB_A_REFS]			= { .type = NLA_BINARY,
					    .len = MMLAB_ACCESS_BATCH_MAX * 8 },
	[MMLAB_A_ACCESS]		= MMLAB_REPLY_ONLY,
	[MMLAB_A_REGION]		= MMLAB_REPLY_ONLY,
	[MMLAB_A_TRANSLATION]		= MMLAB_REPLY_ONLY,
	[MMLAB_A_TLB]			= MMLAB_REPLY_ONLY,
	[MMLAB_A_TLB_ENTRY]		= MMLAB_REPLY_ONLY,
	[MMLAB_A_TLB_ENTRIES]		= NLA_POLICY_RANGE(NLA_U32, 1,
						MMLAB_TLB_ENTRIES_MAX),
	[MMLAB_A_TLB_WAYS]		= NLA_POLICY_RANGE(NLA_U32, 1,
						MMLAB_TLB_ENTRIES_MAX),
	[MMLAB_A_TLB_REPL]		= NLA_POLICY_MAX(NLA_U32,
						MMLAB_TLB_REPL_RANDOM),
	[MMLAB_A_TLB_NO_ASID]		= { .type = NLA_FLAG },
	[MMLAB_A_FAULT]			= MMLAB_REPLY_ONLY,
	[MMLAB_A_MMU]			= MMLAB_REPLY_ONLY,
};

/**
 * mmlab_nl_only - refuse the attributes a command does not use
 * @nlh: the request
 * @extack: where to say which attribute, and why
 * @allowed: a mask of BIT_ULL(type) of the attributes the command uses
 *
 * The policy has checked the attributes' types; this checks that the
 * command uses them. Works on the raw message, so dumps can call it too.
 *
 * Return: 0 or -EINVAL.
 */
int mmlab_nl_only(const struct nlmsghdr *nlh, struct netlink_ext_ack *extack,
		  u64 allowed)
{
	const struct nlattr *nla;
	int rem;

	nla_for_each_attr(nla, nlmsg_attrdata(nlh, GENL_HDRLEN),
			  nlmsg_attrlen(nlh, GENL_HDRLEN), rem) {
		int type = nla_type(nla);

		if (type > MMLAB_A_MAX || !(allowed & BIT_ULL(type))) {
			NL_SET_ERR_MSG_ATTR(extack, nla,
					    "attribute not used by this command");
			return -EINVAL;
		}
	}
	return 0;
}

/**
 * mmlab_nl_admin - mutations need CAP_SYS_ADMIN
 * @skb: the request
 * @info: its info, for the extack message
 *
 * CAP_SYS_ADMIN in the user namespace that owns the socket's network
 * namespace (only init_net: the family is not netnsok).
 *
 * Return: 0 or -EPERM.
 */
int mmlab_nl_admin(struct sk_buff *skb, struct genl_info *info)
{
	if (netlink_capable(skb, CAP_SYS_ADMIN))
		return 0;
	GENL_SET_ERR_MSG(info, "needs CAP_SYS_ADMIN");
	return -EPERM;
}

/**
 * mmlab_nl_start - a handler's first steps: count the request, check the
 *	caller's capability and the attributes the command uses
 * @skb: the request
 * @info: its info
 * @admin: the command changes state: needs CAP_SYS_ADMIN
 * @allowed: as mmlab_nl_only()
 *
 * Return: 0, or an error already counted (mmlab_nl_done()) with an
 * extack message: the handler returns it as it is.
 */
int mmlab_nl_start(struct sk_buff *skb, struct genl_info *info, bool admin,
		   u64 allowed)
{
	int ret = 0;

	mmlab_stat_add(MMLAB_STAT_NL_REQUESTS, 1);
	if (admin)
		ret = mmlab_nl_admin(skb, info);
	if (!ret)
		ret = mmlab_nl_only(info->nlhdr, info->extack, allowed);
	return ret ? mmlab_nl_done(ret) : 0;
}

/**
 * mmlab_nl_done - a handler's single exit: count a failure
 * @ret: what the handler returns
 *
 * Return: @ret.
 */
int mmlab_nl_done(int ret)
{
	if (ret)
		mmlab_stat_add(MMLAB_STAT_NL_ERRORS, 1);
	return ret;
}

/**
 * mmlab_nl_handles - collect the request's (repeated) %MMLAB_A_HANDLE
 * @info: the request
 * @ids: a new array of them (mmlab_kvfree() it), on success
 * @n: how many
 *
 * Return: 0, or -EINVAL (none, or more than %MMLAB_HANDLE_BATCH_MAX) or
 * -ENOMEM, with an extack message.
 */
int mmlab_nl_handles(struct genl_info *info, u64 **ids, unsigned int *n)
{
	const struct nlattr *nla;
	unsigned int i = 0;
	int rem;

	*n = 0;
	nla_for_each_attr(nla, genlmsg_data(info->genlhdr),
			  genlmsg_len(info->genlhdr), rem)
		if (nla_type(nla) == MMLAB_A_HANDLE)
			(*n)++;
	if (!*n) {
		GENL_SET_ERR_MSG(info, "needs a handle to free");
		return -EINVAL;
	}
	if (*n > MMLAB_HANDLE_BATCH_MAX) {
		GENL_SET_ERR_MSG(info, "more than 1024 handles in one request");
		return -EINVAL;
	}
	*ids = mmlab_kvcalloc(*n, sizeof(**ids));
	if (!*ids) {
		GENL_SET_ERR_MSG(info, "no memory for the request");
		return -ENOMEM;
	}
	nla_for_each_attr(nla, genlmsg_data(info->genlhdr),
			  genlmsg_len(info->genlhdr), rem)
		if (nla_type(nla) == MMLAB_A_HANDLE)
			(*ids)[i++] = nla_get_u64(nla);
	return 0;
}

/**
 * mmlab_nl_nth_handle - the @i-th %MMLAB_A_HANDLE of the request
 * @info: the request
 * @i: from 0
 *
 * Return: the attribute (for an extack pointer), or NULL.
 */
const struct nlattr *mmlab_nl_nth_handle(struct genl_info *info,
					 unsigned int i)
{
	const struct nlattr *nla;
	int rem;

	nla_for_each_attr(nla, genlmsg_data(info->genlhdr),
			  genlmsg_len(info->genlhdr), rem)
		if (nla_type(nla) == MMLAB_A_HANDLE && !i--)
			return nla;
	return NULL;
}

static int mmlab_nl_put_arena(struct sk_buff *msg)
{
	const struct mmlab_arena *a = &mmlab.arena;
	struct nlattr *nest;
	u64 free;

	mmlab_buddy_lock();
	free = mmlab_handles_free_frames(&mmlab.handles);
	mmlab_buddy_unlock(false);
	nest = nla_nest_start(msg, MMLAB_A_ARENA);
	if (!nest)
		return -EMSGSIZE;
	if (nla_put_u64_64bit(msg, MMLAB_A_ARENA_SIZE,
			      a->nr_frames << PAGE_SHIFT, MMLAB_A_ARENA_PAD) ||
	    nla_put_u32(msg, MMLAB_A_ARENA_PAGE_SIZE, PAGE_SIZE) ||
	    nla_put_u64_64bit(msg, MMLAB_A_ARENA_FRAMES, a->nr_frames,
			      MMLAB_A_ARENA_PAD) ||
	    nla_put_u64_64bit(msg, MMLAB_A_ARENA_FRAMES_FREE, free,
			      MMLAB_A_ARENA_PAD) ||
	    nla_put_u32(msg, MMLAB_A_ARENA_MAX_ORDER, a->max_order) ||
	    nla_put_u32(msg, MMLAB_A_ARENA_CHUNKS, a->nr_chunks) ||
	    nla_put_u32(msg, MMLAB_A_ARENA_CHUNK_ORDER_MIN,
			a->chunk_order_min) ||
	    nla_put_u32(msg, MMLAB_A_ARENA_CHUNK_ORDER_MAX,
			a->chunk_order_max) ||
	    nla_put_u32(msg, MMLAB_A_ARENA_BACKING, mmlab.backing)) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

static int mmlab_nl_put_stats(struct sk_buff *msg)
{
	struct nlattr *nest;
	int i;

	nest = nla_nest_start(msg, MMLAB_A_STATS);
	if (!nest)
		return -EMSGSIZE;
	for (i = 0; i < MMLAB_STAT_NR; i++) {
		if (nla_put_u64_64bit(msg, mmlab_stat_descs[i].attr,
				      mmlab_stat_read(i), MMLAB_A_STATS_PAD)) {
			nla_nest_cancel(msg, nest);
			return -EMSGSIZE;
		}
	}
	nla_nest_end(msg, nest);
	return 0;
}

/**
 * mmlab_nl_new - a new message; every one goes through the fault injector
 * @size: payload bytes
 *
 * Return: the message, or NULL.
 */
struct sk_buff *mmlab_nl_new(size_t size)
{
	if (mmlab_fault_inject())
		return NULL;
	return genlmsg_new(size, GFP_KERNEL);
}

/**
 * mmlab_nl_reply_size - build and send the reply of a do-request
 * @info: the request
 * @cmd: the reply's command
 * @size: payload bytes to allocate
 * @fill: puts the attributes
 * @arg: its argument
 *
 * On failure sets the extack message.
 *
 * Return: 0, or the error for the handler to return.
 */
int mmlab_nl_reply_size(struct genl_info *info, u8 cmd, size_t size,
			mmlab_nl_fill_t fill, const void *arg)
{
	struct sk_buff *msg;
	void *hdr;
	int ret;

	msg = mmlab_nl_new(size);
	if (!msg) {
		GENL_SET_ERR_MSG(info, "no memory for the reply");
		return -ENOMEM;
	}
	hdr = genlmsg_put_reply(msg, info, &mmlab_genl_family, 0, cmd);
	if (!hdr || fill(msg, arg)) {
		nlmsg_free(msg);
		GENL_SET_ERR_MSG(info, "reply does not fit in a message");
		return -EMSGSIZE;
	}
	genlmsg_end(msg, hdr);
	ret = genlmsg_reply(msg, info);
	if (ret)
		GENL_SET_ERR_MSG(info, "cannot send the reply");
	return ret;
}

/**
 * mmlab_nl_reply - mmlab_nl_reply_size() in a message of the usual size
 * @info: the request
 * @cmd: the reply's command
 * @fill: puts the attributes
 * @arg: its argument
 *
 * Return: 0, or the error for the handler to return.
 */
int mmlab_nl_reply(struct genl_info *info, u8 cmd, mmlab_nl_fill_t fill,
		   const void *arg)
{
	return mmlab_nl_reply_size(info, cmd, NLMSG_GOODSIZE, fill, arg);
}

static int mmlab_nl_fill_status(struct sk_buff *msg, const void *arg)
{
	if (nla_put_string(msg, MMLAB_A_VERSION, MMLAB_VERSION) ||
	    mmlab_nl_put_arena(msg) || mmlab_nl_put_stats(msg) ||
	    mmlab_nl_put_mmu(msg))
		return -EMSGSIZE;
	return 0;
}

static int mmlab_nl_status_get(struct sk_buff *skb, struct genl_info *info)
{
	int ret;

	mmlab_stat_add(MMLAB_STAT_NL_REQUESTS, 1);
	ret = mmlab_nl_only(info->nlhdr, info->extack, 0);
	if (!ret)
		ret = mmlab_nl_reply(info, MMLAB_CMD_STATUS_GET,
				     mmlab_nl_fill_status, NULL);
	return mmlab_nl_done(ret);
}

static int mmlab_nl_stats_reset(struct sk_buff *skb, struct genl_info *info)
{
	int ret;

	mmlab_stat_add(MMLAB_STAT_NL_REQUESTS, 1);
	ret = mmlab_nl_admin(skb, info);
	if (!ret)
		ret = mmlab_nl_only(info->nlhdr, info->extack, 0);
	if (!ret)
		mmlab_stats_reset();
	return mmlab_nl_done(ret);
}

static int mmlab_nl_fill_validate(struct sk_buff *msg, const void *arg)
{
	const unsigned int *errors = arg;

	return nla_put_u32(msg, MMLAB_A_VALIDATE_ERRORS, *errors);
}

static int mmlab_nl_validate(struct sk_buff *skb, struct genl_info *info)
{
	unsigned int errors;
	int ret;

	mmlab_stat_add(MMLAB_STAT_NL_REQUESTS, 1);
	ret = mmlab_nl_admin(skb, info);
	if (!ret)
		ret = mmlab_nl_only(info->nlhdr, info->extack, 0);
	if (!ret) {
		errors = mmlab_validate();
		ret = mmlab_nl_reply(info, MMLAB_CMD_VALIDATE,
				     mmlab_nl_fill_validate, &errors);
	}
	return mmlab_nl_done(ret);
}

static const struct genl_ops mmlab_genl_ops[] = {
	{
		.cmd = MMLAB_CMD_STATUS_GET,
		.doit = mmlab_nl_status_get,
		.policy = mmlab_nl_policy,
		.maxattr = MMLAB_A_MAX,
	},
	{
		.cmd = MMLAB_CMD_STATS_RESET,
		.doit = mmlab_nl_stats_reset,
		.policy = mmlab_nl_policy,
		.maxattr = MMLAB_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MMLAB_CMD_VALIDATE,
		.doit = mmlab_nl_validate,
		.policy = mmlab_nl_policy,
		.maxattr = MMLAB_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MMLAB_CMD_BUDDY_GET,
		.doit = mmlab_nl_buddy_get,
		.policy = mmlab_nl_policy,
		.maxattr = MMLAB_A_MAX,
	},
	{
		.cmd = MMLAB_CMD_BUDDY_ALLOC,
		.doit = mmlab_nl_buddy_alloc,
		.policy = mmlab_nl_policy,
		.maxattr = MMLAB_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MMLAB_CMD_BUDDY_FREE,
		.doit = mmlab_nl_buddy_free,
		.policy = mmlab_nl_policy,
		.maxattr = MMLAB_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MMLAB_CMD_BUDDY_COMPACT,
		.doit = mmlab_nl_buddy_compact,
		.policy = mmlab_nl_policy,
		.maxattr = MMLAB_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MMLAB_CMD_FREELIST_GET,
		.dumpit = mmlab_nl_freelist_dump,
		.policy = mmlab_nl_policy,
		.maxattr = MMLAB_A_MAX,
	},
	{
		.cmd = MMLAB_CMD_PAGEMAP_GET,
		.dumpit = mmlab_nl_pagemap_dump,
		.policy = mmlab_nl_policy,
		.maxattr = MMLAB_A_MAX,
	},
	{
		.cmd = MMLAB_CMD_ALLOCATOR_GET,
		.doit = mmlab_nl_allocator_get,
		.policy = mmlab_nl_policy,
		.maxattr = MMLAB_A_MAX,
	},
	{
		.cmd = MMLAB_CMD_ALLOCATOR_SET,
		.doit = mmlab_nl_allocator_set,
		.policy = mmlab_nl_policy,
		.maxattr = MMLAB_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MMLAB_CMD_CACHE_CREATE,
		.doit = mmlab_nl_cache_create,
		.policy = mmlab_nl_policy,
		.maxattr = MMLAB_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MMLAB_CMD_CACHE_DESTROY,
		.doit = mmlab_nl_cache_destroy,
		.policy = mmlab_nl_policy,
		.maxattr = MMLAB_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MMLAB_CMD_CACHE_GET,
		.doit = mmlab_nl_cache_get,
		.dumpit = mmlab_nl_cache_dump,
		.policy = mmlab_nl_policy,
		.maxattr = MMLAB_A_MAX,
	},
	{
		.cmd = MMLAB_CMD_CACHE_ALLOC,
		.doit = mmlab_nl_cache_alloc,
		.policy = mmlab_nl_policy,
		.maxattr = MMLAB_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MMLAB_CMD_CACHE_FREE,
		.doit = mmlab_nl_cache_free,
		.policy = mmlab_nl_policy,
		.maxattr = MMLAB_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MMLAB_CMD_KMALLOC,
		.doit = mmlab_nl_kmalloc,
		.policy = mmlab_nl_policy,
		.maxattr = MMLAB_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MMLAB_CMD_KFREE,
		.doit = mmlab_nl_kfree,
		.policy = mmlab_nl_policy,
		.maxattr = MMLAB_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MMLAB_CMD_OBJECT_WRITE,
		.doit = mmlab_nl_object_write,
		.policy = mmlab_nl_policy,
		.maxattr = MMLAB_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MMLAB_CMD_OBJECT_READ,
		.doit = mmlab_nl_object_read,
		.policy = mmlab_nl_policy,
		.maxattr = MMLAB_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MMLAB_CMD_SPACE_CREATE,
		.doit = mmlab_nl_space_create,
		.policy = mmlab_nl_policy,
		.maxattr = MMLAB_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MMLAB_CMD_SPACE_DESTROY,
		.doit = mmlab_nl_space_destroy,
		.policy = mmlab_nl_policy,
		.maxattr = MMLAB_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MMLAB_CMD_SPACE_GET,
		.doit = mmlab_nl_space_get,
		.dumpit = mmlab_nl_space_dump,
		.policy = mmlab_nl_policy,
		.maxattr = MMLAB_A_MAX,
	},
	{
		.cmd = MMLAB_CMD_SPACE_CLONE,
		.doit = mmlab_nl_space_clone,
		.policy = mmlab_nl_policy,
		.maxattr = MMLAB_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MMLAB_CMD_MAP,
		.doit = mmlab_nl_map,
		.policy = mmlab_nl_policy,
		.maxattr = MMLAB_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MMLAB_CMD_UNMAP,
		.doit = mmlab_nl_unmap,
		.policy = mmlab_nl_policy,
		.maxattr = MMLAB_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MMLAB_CMD_PROTECT,
		.doit = mmlab_nl_protect,
		.policy = mmlab_nl_policy,
		.maxattr = MMLAB_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MMLAB_CMD_GROW,
		.doit = mmlab_nl_grow,
		.policy = mmlab_nl_policy,
		.maxattr = MMLAB_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MMLAB_CMD_REGION_GET,
		.dumpit = mmlab_nl_region_dump,
		.policy = mmlab_nl_policy,
		.maxattr = MMLAB_A_MAX,
	},
	{
		.cmd = MMLAB_CMD_ACCESS,
		.doit = mmlab_nl_access,
		.policy = mmlab_nl_policy,
		.maxattr = MMLAB_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MMLAB_CMD_SPACE_WRITE,
		.doit = mmlab_nl_space_write,
		.policy = mmlab_nl_policy,
		.maxattr = MMLAB_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MMLAB_CMD_SPACE_READ,
		.doit = mmlab_nl_space_read,
		.policy = mmlab_nl_policy,
		.maxattr = MMLAB_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MMLAB_CMD_TRANSLATE,
		.doit = mmlab_nl_translate,
		.policy = mmlab_nl_policy,
		.maxattr = MMLAB_A_MAX,
	},
	{
		.cmd = MMLAB_CMD_TLB_GET,
		.doit = mmlab_nl_tlb_get,
		.policy = mmlab_nl_policy,
		.maxattr = MMLAB_A_MAX,
	},
	{
		.cmd = MMLAB_CMD_TLB_SET,
		.doit = mmlab_nl_tlb_set,
		.policy = mmlab_nl_policy,
		.maxattr = MMLAB_A_MAX,
		.flags = GENL_ADMIN_PERM,
	},
	{
		.cmd = MMLAB_CMD_TLB_ENTRY_GET,
		.dumpit = mmlab_nl_tlb_entry_dump,
		.policy = mmlab_nl_policy,
		.maxattr = MMLAB_A_MAX,
	},
};

struct genl_family mmlab_genl_family __ro_after_init = {
	.name = MMLAB_GENL_NAME,
	.version = MMLAB_GENL_VERSION,
	.maxattr = MMLAB_A_MAX,
	.module = THIS_MODULE,
	.ops = mmlab_genl_ops,
	.n_ops = ARRAY_SIZE(mmlab_genl_ops),
	.mcgrps = mmlab_mcgrps,
	.n_mcgrps = ARRAY_SIZE(mmlab_mcgrps),
};

/**
 * mmlab_genl_event - multicast an event on the "events" group
 * @type: what happened
 * @info: what the event carries besides its type, or NULL
 *
 * Every call takes the next sequence number, listeners or not, so a
 * listener that sees a gap knows it missed events. Sending may sleep.
 */
void mmlab_genl_event(enum mmlab_event type,
		      const struct mmlab_event_info *info)
{
	u64 seq = atomic64_inc_return(&mmlab.event_seq);
	struct sk_buff *msg;
	void *hdr;

	mutex_lock(&mmlab_event_lock);
	if (!mmlab_events_on ||
	    !genl_has_listeners(&mmlab_genl_family, &init_net,
				MMLAB_MCGRP_EVENTS_IDX))
		goto out;
	msg = mmlab_nl_new(NLMSG_GOODSIZE);
	if (!msg)
		goto out;
	hdr = genlmsg_put(msg, 0, 0, &mmlab_genl_family, 0, MMLAB_CMD_EVENT);
	if (!hdr ||
	    nla_put_u32(msg, MMLAB_A_EVENT_TYPE, type) ||
	    nla_put_u64_64bit(msg, MMLAB_A_EVENT_SEQ, seq, MMLAB_A_PAD) ||
	    (type == MMLAB_EVENT_VALIDATE &&
	     nla_put_u32(msg, MMLAB_A_VALIDATE_ERRORS,
			 info->validate_errors)) ||
	    (type == MMLAB_EVENT_COMPACT &&
	     mmlab_nl_put_compact(msg, &info->compact, info->proactive)) ||
	    (type == MMLAB_EVENT_ALLOCATOR &&
	     (nla_put_u32(msg, MMLAB_A_ALLOCATOR, info->allocator) ||
	      (info->allocator == MMLAB_ALLOCATOR_FIT &&
	       nla_put_u32(msg, MMLAB_A_FIT_POLICY, info->fit_policy)))) ||
	    (type == MMLAB_EVENT_FAULT &&
	     mmlab_nl_put_fault(msg, &info->fault))) {
		nlmsg_free(msg);
		goto out;
	}
	genlmsg_end(msg, hdr);
	if (!genlmsg_multicast(&mmlab_genl_family, msg, 0,
			       MMLAB_MCGRP_EVENTS_IDX, GFP_KERNEL))
		mmlab_stat_add(MMLAB_STAT_EVENTS, 1);
out:
	mutex_unlock(&mmlab_event_lock);
}

/**
 * mmlab_genl_init - register the "mmlab" family; called last at load
 *
 * Return: 0 or the error of genl_register_family().
 */
int mmlab_genl_init(void)
{
	int ret = genl_register_family(&mmlab_genl_family);

	if (ret) {
		pr_err("cannot register generic netlink family %s: %d\n",
		       MMLAB_GENL_NAME, ret);
		return ret;
	}
	mutex_lock(&mmlab_event_lock);
	mmlab_events_on = true;
	mutex_unlock(&mmlab_event_lock);
	return 0;
}

/**
 * mmlab_genl_exit - unregister the family; called first at unload
 *
 * After it returns no handler runs and no event is sent.
 */
void mmlab_genl_exit(void)
{
	mutex_lock(&mmlab_event_lock);
	mmlab_events_on = false;
	mutex_unlock(&mmlab_event_lock);
	genl_unregister_family(&mmlab_genl_family);
}
