// SPDX-License-Identifier: GPL-2.0
/*
 * netlink_buddy.c - the buddy allocator's netlink commands: GET, ALLOC,
 * FREE, COMPACT, and the FREELIST and PAGEMAP dumps. They follow the
 * house rules of netlink.c; the work is core/buddy.c's and
 * core/handle.c's. Under the fit allocator (netlink_fit.c) ALLOC, FREE
 * and PAGEMAP work on its partitions; COMPACT runs but moves nothing,
 * since the buddy, having lent every frame, has no free target.
 *
 * Lock order: genl_mutex -> mmlab.buddy_lock (taken here) ->
 * mmlab_event_lock (events are sent after mmlab.buddy_lock is dropped).
 *
 * Dumps hold mmlab.buddy_lock while filling one message, and remember in
 * cb->args where to go on; cb->seq is the buddy's change counter, so a
 * dump that spans a change is flagged NLM_F_DUMP_INTR for the reader.
 */
#include <net/genetlink.h>

#include "mmlab.h"
#include "netlink.h"

/* Payload bytes of one %MMLAB_A_BLOCK of an allocation reply, at most. */
#define MMLAB_NL_BLOCK_SIZE	64

/* A u64 of the ORDER nest, and one of the BUDDY nest. */
static int put_u64(struct sk_buff *msg, int type, u64 v)
{
	return nla_put_u64_64bit(msg, type, v, MMLAB_A_ORDER_PAD);
}

static int put_b64(struct sk_buff *msg, int type, u64 v)
{
	return nla_put_u64_64bit(msg, type, v, MMLAB_A_BUDDY_PAD);
}

static int put_order(struct sk_buff *msg, const struct mmlab_buddy *b,
		     unsigned int o)
{
	const struct mmlab_buddy_order_stats *os = &b->order_stats[o];
	struct mmlab_frag_info info;
	struct nlattr *nest;
	unsigned int t;

	mmlab_buddy_frag_info(b, o, &info);
	nest = nla_nest_start(msg, MMLAB_A_BUDDY_ORDER);
	if (!nest ||
	    nla_put_u32(msg, MMLAB_A_ORDER_ORDER, o) ||
	    put_u64(msg, MMLAB_A_ORDER_FREE,
		    mmlab_buddy_free_blocks(b, o, -1)))
		return -EMSGSIZE;
	for (t = 0; t < MMLAB_MT_NR; t++)
		if (put_u64(msg, MMLAB_A_ORDER_FREE_MT,
			    mmlab_buddy_free_blocks(b, o, t)))
			return -EMSGSIZE;
	if (put_u64(msg, MMLAB_A_ORDER_ALLOCS, os->allocs) ||
	    put_u64(msg, MMLAB_A_ORDER_FREES, os->frees) ||
	    put_u64(msg, MMLAB_A_ORDER_SPLITS, os->splits) ||
	    put_u64(msg, MMLAB_A_ORDER_MERGES, os->merges) ||
	    put_u64(msg, MMLAB_A_ORDER_FAIL_NOMEM, os->fail_nomem) ||
	    put_u64(msg, MMLAB_A_ORDER_FAIL_FRAG, os->fail_frag) ||
	    put_u64(msg, MMLAB_A_ORDER_USED, os->used) ||
	    put_u64(msg, MMLAB_A_ORDER_INTERNAL_FRAG,
		    mmlab_buddy_internal_frag(b, o)) ||
	    nla_put_s32(msg, MMLAB_A_ORDER_UNUSABLE,
			mmlab_unusable_index(o, &info)) ||
	    nla_put_s32(msg, MMLAB_A_ORDER_EXTFRAG,
			mmlab_extfrag_index(o, &info)))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int fill_buddy(struct sk_buff *msg, const void *arg)
{
	const struct mmlab_buddy *b = arg;
	const struct mmlab_buddy_stats *st = &b->stats;
	struct nlattr *nest;
	unsigned int o, t;

	nest = nla_nest_start(msg, MMLAB_A_BUDDY);
	if (!nest ||
	    nla_put_u32(msg, MMLAB_A_BUDDY_MAX_ORDER, b->max_order) ||
	    nla_put_u32(msg, MMLAB_A_BUDDY_PAGEBLOCK_ORDER, b->pb_order) ||
	    put_b64(msg, MMLAB_A_BUDDY_FREE, b->nr_free) ||
	    put_b64(msg, MMLAB_A_BUDDY_PCP, b->nr_pcp) ||
	    nla_put_u32(msg, MMLAB_A_BUDDY_PCP_BATCH, b->pcp_batch) ||
	    nla_put_u32(msg, MMLAB_A_BUDDY_PCP_HIGH, b->pcp_high) ||
	    put_b64(msg, MMLAB_A_BUDDY_STEALS, st->steals) ||
	    put_b64(msg, MMLAB_A_BUDDY_CLAIMS, st->claims) ||
	    put_b64(msg, MMLAB_A_BUDDY_PCP_REFILLS, st->pcp_refills) ||
	    put_b64(msg, MMLAB_A_BUDDY_PCP_DRAINS, st->pcp_drains) ||
	    put_b64(msg, MMLAB_A_BUDDY_PCP_HITS, st->pcp_hits) ||
	    put_b64(msg, MMLAB_A_BUDDY_COMPACTIONS, st->compactions) ||
	    put_b64(msg, MMLAB_A_BUDDY_COMPACT_SCANNED, st->compact_scanned) ||
	    put_b64(msg, MMLAB_A_BUDDY_COMPACT_MOVED, st->compact_moved) ||
	    nla_put_s32(msg, MMLAB_A_BUDDY_LARGEST,
			mmlab_buddy_largest_free(b)) ||
	    put_b64(msg, MMLAB_A_BUDDY_INTERNAL_FRAG,
		    mmlab_buddy_internal_frag(b, -1)) ||
	    nla_put_u32(msg, MMLAB_A_BUDDY_HANDLES, mmlab.handles.live) ||
	    nla_put_s32(msg, MMLAB_A_BUDDY_LAST_FAIL_ORDER,
			st->last_fail_order) ||
	    nla_put_s32(msg, MMLAB_A_BUDDY_LAST_FAIL_EXTFRAG,
			st->last_fail_extfrag))
		return -EMSGSIZE;
	for (t = 0; t < MMLAB_MT_NR; t++)
		if (put_b64(msg, MMLAB_A_BUDDY_PAGEBLOCKS,
			    mmlab_buddy_pageblocks(b, t)))
			return -EMSGSIZE;
	for (o = 0; o <= b->max_order; o++)
		if (put_order(msg, b, o))
			return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/**
 * mmlab_nl_buddy_get - %MMLAB_CMD_BUDDY_GET
 * @skb: the request
 * @info: its info
 *
 * Return: 0 or an error with an extack message.
 */
int mmlab_nl_buddy_get(struct sk_buff *skb, struct genl_info *info)
{
	int ret;

	mmlab_stat_add(MMLAB_STAT_NL_REQUESTS, 1);
	ret = mmlab_nl_only(info->nlhdr, info->extack, 0);
	if (!ret) {
		mmlab_buddy_lock();
		ret = mmlab_nl_reply(info, MMLAB_CMD_BUDDY_GET, fill_buddy,
				     &mmlab.buddy);
		mmlab_buddy_unlock(false);
	}
	return mmlab_nl_done(ret);
}

/*
 * One block, as %MMLAB_A_BLOCK: where, how big, what state and type, and
 * for blocks allocated through netlink their handle and owner. A block of
 * the fit allocator has no order and no migratetype.
 */
static int put_block(struct sk_buff *msg, const struct mmlab_block_info *bi)
{
	const struct mmlab_handles *h = &mmlab.handles;
	const struct mmlab_handle_slot *slot = NULL;
	struct nlattr *nest;

	if (bi->slot >= 0)
		slot = &h->slots[bi->slot];
	nest = nla_nest_start(msg, MMLAB_A_BLOCK);
	if (!nest ||
	    nla_put_u64_64bit(msg, MMLAB_A_BLOCK_FRAME, bi->head,
			      MMLAB_A_BLOCK_PAD) ||
	    nla_put_u64_64bit(msg, MMLAB_A_BLOCK_FRAMES, bi->frames,
			      MMLAB_A_BLOCK_PAD) ||
	    (bi->order >= 0 &&
	     nla_put_u32(msg, MMLAB_A_BLOCK_ORDER, bi->order)) ||
	    nla_put_u32(msg, MMLAB_A_BLOCK_STATE, bi->state) ||
	    (bi->mt >= 0 && nla_put_u32(msg, MMLAB_A_BLOCK_MT, bi->mt)) ||
	    (bi->state == MMLAB_FRAME_USED &&
	     nla_put_u32(msg, MMLAB_A_BLOCK_REQUESTED, bi->requested)) ||
	    (slot &&
	     (nla_put_u64_64bit(msg, MMLAB_A_BLOCK_HANDLE,
				mmlab_handles_id(h, bi->slot),
				MMLAB_A_BLOCK_PAD) ||
	      nla_put_u32(msg, MMLAB_A_BLOCK_OWNER, slot->owner) ||
	      ((slot->flags & MMLAB_HANDLE_PERSISTENT) &&
	       nla_put_flag(msg, MMLAB_A_BLOCK_PERSISTENT))))) {
		nla_nest_cancel(msg, nest);
		return -EMSGSIZE;
	}
	nla_nest_end(msg, nest);
	return 0;
}

/* What an allocation reply carries: the new blocks. */
struct alloc_reply {
	const u64 *frames;
	unsigned int count;
};

static int fill_alloc(struct sk_buff *msg, const void *arg)
{
	const struct alloc_reply *r = arg;
	struct mmlab_block_info bi;
	unsigned int i;

	for (i = 0; i < r->count; i++)
		if (mmlab_handles_block(&mmlab.handles, r->frames[i], &bi) ||
		    put_block(msg, &bi))
			return -EMSGSIZE;
	return 0;
}

/*
 * A size for the fit allocator: 1 byte up to the arena (a partition may
 * be as large), within the u32 a block's requested bytes are kept in.
 */
static bool fit_size_ok(u64 bytes)
{
	u64 arena = mmlab.arena.nr_frames << PAGE_SHIFT;

	return bytes && bytes <= min_t(u64, arena, U32_MAX);
}

/* Parse an allocation request into @req; extack says what is wrong. */
static int parse_alloc(struct genl_info *info, struct mmlab_handle_req *req)
{
	struct nlattr **tb = info->attrs;
	const struct mmlab_buddy *b = &mmlab.buddy;
	bool fit = mmlab_handles_fit_on(&mmlab.handles);

	if (!!tb[MMLAB_A_ORDER] == !!tb[MMLAB_A_SIZE]) {
		GENL_SET_ERR_MSG(info, "give either an order or a size");
		return -EINVAL;
	}
	if (tb[MMLAB_A_ORDER]) {
		req->order = nla_get_u32(tb[MMLAB_A_ORDER]);
		req->requested = 0;
		if (req->order > b->max_order) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[MMLAB_A_ORDER],
					    "order above the arena's max order");
			return -EINVAL;
		}
	} else if (fit) {
		u64 bytes = nla_get_u64(tb[MMLAB_A_SIZE]);

		if (!fit_size_ok(bytes)) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[MMLAB_A_SIZE],
					    "size is 0 or above the arena (or 4 GiB)");
			return -EINVAL;
		}
		req->order = 0;
		req->requested = bytes;
	} else {
		u64 bytes = nla_get_u64(tb[MMLAB_A_SIZE]);
		int order = mmlab_buddy_size_order(b, bytes);

		if (order < 0) {
			NL_SET_ERR_MSG_ATTR(info->extack, tb[MMLAB_A_SIZE],
					    "size is 0 or above a max-order block");
			return -EINVAL;
		}
		req->order = order;
		req->requested = bytes;
	}
	if (fit && tb[MMLAB_A_MT]) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[MMLAB_A_MT],
				    "the fit allocator has no migratetypes");
		return -EINVAL;
	}
	req->mt = tb[MMLAB_A_MT] ? nla_get_u32(tb[MMLAB_A_MT]) :
				   MMLAB_MIGRATE_MOVABLE;
	req->count = tb[MMLAB_A_COUNT] ? nla_get_u32(tb[MMLAB_A_COUNT]) : 1;
	req->flags = nla_get_flag(tb[MMLAB_A_PERSISTENT]) ?
		     MMLAB_HANDLE_PERSISTENT : 0;
	req->owner = info->snd_portid;
	return 0;
}

/*
 * Say in extack why the allocator in charge refused @req; @nomem and @frag
 * are its counters from before: the buddy's fail_nomem and fail_frag at
 * the request's order, or the fit allocator's failures and fail_frag.
 */
static void alloc_refused(struct genl_info *info,
			  const struct mmlab_handle_req *req, u64 nomem,
			  u64 frag, int ret)
{
	const struct mmlab_handles *h = &mmlab.handles;
	const struct mmlab_buddy_order_stats *os;

	os = &mmlab.buddy.order_stats[req->order];
	if (mmlab_handles_fit_on(h) && h->fit.ev.fail_frag != frag) {
		GENL_SET_ERR_MSG(info,
				 "no hole big enough: free memory is fragmented");
	} else if (mmlab_handles_fit_on(h) && h->fit.ev.failures != nomem) {
		GENL_SET_ERR_MSG(info,
				 "not enough free memory for the partitions asked for");
	} else if (!mmlab_handles_fit_on(h) && os->fail_frag != frag) {
		GENL_SET_ERR_MSG(info,
				 "no free block of that order: free memory is fragmented");
	} else if (!mmlab_handles_fit_on(h) && os->fail_nomem != nomem) {
		GENL_SET_ERR_MSG(info,
				 "not enough free memory for the blocks asked for");
	} else if (ret == -ENOMEM) {
		GENL_SET_ERR_MSG(info, "no memory for the handle table");
	} else {
		GENL_SET_ERR_MSG(info, "request refused by the allocator");
	}
}

/**
 * mmlab_nl_buddy_alloc - %MMLAB_CMD_BUDDY_ALLOC
 * @skb: the request
 * @info: its info
 *
 * Return: 0 or an error with an extack message; on error nothing is
 * allocated.
 */
int mmlab_nl_buddy_alloc(struct sk_buff *skb, struct genl_info *info)
{
	const struct mmlab_buddy_order_stats *os;
	struct mmlab_handle_req req = { 0 };
	u64 *ids = NULL, *frames = NULL, nomem, frag;
	struct alloc_reply r;
	int ret;

	mmlab_stat_add(MMLAB_STAT_NL_REQUESTS, 1);
	ret = mmlab_nl_admin(skb, info);
	if (!ret)
		ret = mmlab_nl_only(info->nlhdr, info->extack,
				    BIT_ULL(MMLAB_A_ORDER) |
				    BIT_ULL(MMLAB_A_SIZE) |
				    BIT_ULL(MMLAB_A_MT) |
				    BIT_ULL(MMLAB_A_COUNT) |
				    BIT_ULL(MMLAB_A_PERSISTENT));
	if (ret)
		return mmlab_nl_done(ret);

	req.cpu = mmlab_buddy_lock();
	ret = parse_alloc(info, &req);
	if (ret)
		goto out;
	ids = mmlab_kvcalloc(req.count, sizeof(*ids));
	frames = mmlab_kvcalloc(req.count, sizeof(*frames));
	if (!ids || !frames) {
		GENL_SET_ERR_MSG(info, "no memory for the request");
		ret = -ENOMEM;
		goto out;
	}
	/* the allocator counts why it refuses: remember where it stood */
	os = &mmlab.buddy.order_stats[req.order];
	nomem = os->fail_nomem;
	frag = os->fail_frag;
	if (mmlab_handles_fit_on(&mmlab.handles)) {
		nomem = mmlab.handles.fit.ev.failures;
		frag = mmlab.handles.fit.ev.fail_frag;
	}
	ret = mmlab_handles_alloc(&mmlab.handles, &req, ids, frames);
	if (ret) {
		alloc_refused(info, &req, nomem, frag, ret);
		goto out;
	}
	r.frames = frames;
	r.count = req.count;
	ret = mmlab_nl_reply_size(info, MMLAB_CMD_BUDDY_ALLOC,
				  NLMSG_GOODSIZE +
				  (size_t)req.count * MMLAB_NL_BLOCK_SIZE,
				  fill_alloc, &r);
	if (ret)	/* the caller never learns the handles: take them back */
		mmlab_handles_free(&mmlab.handles, ids, req.count, req.cpu);
out:
	mmlab_buddy_unlock(!ret);
	mmlab_kvfree(ids);
	mmlab_kvfree(frames);
	return mmlab_nl_done(ret);
}

/**
 * mmlab_nl_buddy_free - %MMLAB_CMD_BUDDY_FREE
 * @skb: the request
 * @info: its info
 *
 * All handles are checked before any block is freed. Afterwards the
 * proactive threshold may run compaction (and send its event).
 *
 * Return: 0 or an error with an extack message pointing at the first bad
 * handle; nothing is freed then.
 */
int mmlab_nl_buddy_free(struct sk_buff *skb, struct genl_info *info)
{
	struct mmlab_event_info ev = { 0 };
	unsigned int n, bad, cpu;
	bool compacted = false;
	u64 *ids = NULL;
	int ret;

	mmlab_stat_add(MMLAB_STAT_NL_REQUESTS, 1);
	ret = mmlab_nl_admin(skb, info);
	if (!ret)
		ret = mmlab_nl_only(info->nlhdr, info->extack,
				    BIT_ULL(MMLAB_A_HANDLE));
	if (!ret)
		ret = mmlab_nl_handles(info, &ids, &n);
	if (ret)
		return mmlab_nl_done(ret);

	cpu = mmlab_buddy_lock();
	ret = mmlab_handles_check(&mmlab.handles, ids, n, info->snd_portid,
				  &bad);
	if (!ret) {
		mmlab_handles_free(&mmlab.handles, ids, n, cpu);
		compacted = mmlab_buddy_maybe_compact(&ev.compact);
	}
	mmlab_buddy_unlock(!ret);
	mmlab_kvfree(ids);

	switch (ret) {
	case 0:
		break;
	case -EPERM:
		NL_SET_ERR_MSG_ATTR(info->extack, mmlab_nl_nth_handle(info, bad),
				    "handle belongs to another socket");
		ret = -ENOENT;
		break;
	case -EINVAL:
		NL_SET_ERR_MSG_ATTR(info->extack, mmlab_nl_nth_handle(info, bad),
				    "handle given twice");
		break;
	default:
		NL_SET_ERR_MSG_ATTR(info->extack, mmlab_nl_nth_handle(info, bad),
				    "no such handle (never allocated, or freed)");
		break;
	}
	if (compacted) {
		ev.proactive = true;
		mmlab_genl_event(MMLAB_EVENT_COMPACT, &ev);
	}
	return mmlab_nl_done(ret);
}

/**
 * mmlab_nl_put_compact - a compaction result as %MMLAB_A_COMPACT
 * @msg: the message
 * @res: the result
 * @proactive: run by the threshold
 *
 * Return: 0 or -EMSGSIZE.
 */
int mmlab_nl_put_compact(struct sk_buff *msg,
			 const struct mmlab_compact_result *res,
			 bool proactive)
{
	struct nlattr *nest = nla_nest_start(msg, MMLAB_A_COMPACT);

	if (!nest ||
	    nla_put_u32(msg, MMLAB_A_COMPACT_ORDER, res->order) ||
	    nla_put_u64_64bit(msg, MMLAB_A_COMPACT_SCANNED, res->scanned,
			      MMLAB_A_COMPACT_PAD) ||
	    nla_put_u64_64bit(msg, MMLAB_A_COMPACT_MOVED, res->moved,
			      MMLAB_A_COMPACT_PAD) ||
	    nla_put_u64_64bit(msg, MMLAB_A_COMPACT_BLOCKS, res->blocks,
			      MMLAB_A_COMPACT_PAD) ||
	    nla_put_s32(msg, MMLAB_A_COMPACT_UNUSABLE_BEFORE,
			res->unusable_before) ||
	    nla_put_s32(msg, MMLAB_A_COMPACT_UNUSABLE_AFTER,
			res->unusable_after) ||
	    nla_put_s32(msg, MMLAB_A_COMPACT_LARGEST_BEFORE,
			res->largest_before) ||
	    nla_put_s32(msg, MMLAB_A_COMPACT_LARGEST_AFTER,
			res->largest_after) ||
	    (proactive && nla_put_flag(msg, MMLAB_A_COMPACT_PROACTIVE)))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int fill_compact(struct sk_buff *msg, const void *arg)
{
	return mmlab_nl_put_compact(msg, arg, false);
}

/**
 * mmlab_nl_buddy_compact - %MMLAB_CMD_BUDDY_COMPACT
 * @skb: the request
 * @info: its info
 *
 * Return: 0 or an error with an extack message.
 */
int mmlab_nl_buddy_compact(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr *order_attr = info->attrs[MMLAB_A_ORDER];
	struct mmlab_event_info ev = { 0 };
	unsigned int order;
	int ret;

	mmlab_stat_add(MMLAB_STAT_NL_REQUESTS, 1);
	ret = mmlab_nl_admin(skb, info);
	if (!ret)
		ret = mmlab_nl_only(info->nlhdr, info->extack,
				    BIT_ULL(MMLAB_A_ORDER));
	if (ret)
		return mmlab_nl_done(ret);

	mmlab_buddy_lock();
	order = order_attr ? nla_get_u32(order_attr) : mmlab.buddy.max_order;
	if (order > mmlab.buddy.max_order) {
		NL_SET_ERR_MSG_ATTR(info->extack, order_attr,
				    "order above the arena's max order");
		ret = -EINVAL;
	} else {
		mmlab_buddy_compact(&mmlab.buddy, order, &ev.compact);
	}
	mmlab_buddy_unlock(!ret);
	if (!ret) {
		ret = mmlab_nl_reply(info, MMLAB_CMD_BUDDY_COMPACT,
				     fill_compact, &ev.compact);
		mmlab_genl_event(MMLAB_EVENT_COMPACT, &ev);
	}
	return mmlab_nl_done(ret);
}

/*
 * One dump message holding one block. Return 0, or -EMSGSIZE when @skb
 * is full (the dump goes on in the next one).
 */
static int dump_block(struct sk_buff *skb, struct netlink_callback *cb,
		      u8 cmd, const struct mmlab_block_info *bi)
{
	void *hdr;

	hdr = genlmsg_put(skb, NETLINK_CB(cb->skb).portid, cb->nlh->nlmsg_seq,
			  &mmlab_genl_family, NLM_F_MULTI, cmd);
	if (!hdr)
		return -EMSGSIZE;
	genl_dump_check_consistent(cb, hdr);
	if (put_block(skb, bi)) {
		genlmsg_cancel(skb, hdr);
		return -EMSGSIZE;
	}
	genlmsg_end(skb, hdr);
	return 0;
}

/* First call of a dump: count it and check the request's attributes. */
static int dump_start(struct netlink_callback *cb)
{
	int ret;

	if (cb->args[3])
		return 0;
	cb->args[3] = 1;
	mmlab_stat_add(MMLAB_STAT_NL_REQUESTS, 1);
	ret = mmlab_nl_only(cb->nlh, cb->extack, 0);
	return ret ? mmlab_nl_done(ret) : 0;
}

/**
 * mmlab_nl_freelist_dump - %MMLAB_CMD_FREELIST_GET
 * @skb: the message to fill
 * @cb: the dump's state: args[0] the list (order * types + type),
 *	args[1] the position on it
 *
 * Return: the bytes put, 0 at the end, or an error.
 */
int mmlab_nl_freelist_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct mmlab_buddy *b = &mmlab.buddy;
	unsigned long list = cb->args[0], pos = cb->args[1];
	int ret = dump_start(cb);

	if (ret)
		return ret;
	mmlab_buddy_lock();
	cb->seq = mmlab.buddy_gen + 1;
	for (; list < (b->max_order + 1UL) * MMLAB_MT_NR; list++, pos = 0) {
		unsigned int order = list / MMLAB_MT_NR, mt = list % MMLAB_MT_NR;
		unsigned long i = 0;
		u32 f;

		for (f = b->free_head[order][mt]; f != MMLAB_NIL;
		     f = b->frames[f].next, i++) {
			struct mmlab_block_info bi;

			if (i < pos)
				continue;
			mmlab_handles_block(&mmlab.handles, f, &bi);
			if (dump_block(skb, cb, MMLAB_CMD_FREELIST_GET, &bi))
				goto full;
			pos = i + 1;
		}
	}
full:
	mmlab_buddy_unlock(false);
	cb->args[0] = list;
	cb->args[1] = pos;
	return skb->len;
}

/**
 * mmlab_nl_pagemap_dump - %MMLAB_CMD_PAGEMAP_GET
 * @skb: the message to fill
 * @cb: the dump's state: args[0] the next frame
 *
 * Return: the bytes put, 0 at the end, or an error.
 */
int mmlab_nl_pagemap_dump(struct sk_buff *skb, struct netlink_callback *cb)
{
	const struct mmlab_buddy *b = &mmlab.buddy;
	u64 frame = cb->args[0];
	int ret = dump_start(cb);

	if (ret)
		return ret;
	mmlab_buddy_lock();
	cb->seq = mmlab.buddy_gen + 1;
	while (frame < b->nr_frames) {
		struct mmlab_block_info bi;

		if (mmlab_handles_block(&mmlab.handles, frame, &bi) ||
		    dump_block(skb, cb, MMLAB_CMD_PAGEMAP_GET, &bi))
			break;
		frame = bi.head + bi.frames;
	}
	mmlab_buddy_unlock(false);
	cb->args[0] = frame;
	return skb->len;
}
