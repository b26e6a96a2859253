// SPDX-License-Identifier: GPL-2.0
/*
 * netlink_fit.c - which allocator partitions the arena: ALLOCATOR_GET and
 * ALLOCATOR_SET, and the fit allocator's numbers. They follow the house
 * rules of netlink.c; the work is core/handle.c's and core/fit.c's.
 *
 * Lock order: genl_mutex -> mmlab.buddy_lock (taken here) ->
 * mmlab_event_lock (the event is sent after mmlab.buddy_lock is dropped).
 */
#include <net/genetlink.h>

#include "mmlab.h"
#include "netlink.h"

/* The uapi numbers the policies as the core does; keep them the same. */
static_assert(MMLAB_FIT_POLICY_FIRST == (int)MMLAB_FIT_FIRST);
static_assert(MMLAB_FIT_POLICY_NEXT == (int)MMLAB_FIT_NEXT);
static_assert(MMLAB_FIT_POLICY_BEST == (int)MMLAB_FIT_BEST);
static_assert(MMLAB_FIT_POLICY_WORST == (int)MMLAB_FIT_WORST);
static_assert(MMLAB_FIT_POLICY_QUICK == (int)MMLAB_FIT_QUICK);

static int put_f64(struct sk_buff *msg, int type, u64 v)
{
	return nla_put_u64_64bit(msg, type, v, MMLAB_A_FIT_PAD);
}

/* Size class @k: its holes, and the indices for a request of 2^@k. */
static int put_class(struct sk_buff *msg, const struct mmlab_fit *fit,
		     const struct mmlab_fit_hist *hist, unsigned int k)
{
	struct mmlab_frag_info info;
	struct nlattr *nest;

	mmlab_fit_frag_info(fit, k, &info);
	nest = nla_nest_start(msg, MMLAB_A_FIT_CLASS);
	if (!nest ||
	    nla_put_u32(msg, MMLAB_A_FIT_CLASS_ORDER, k) ||
	    nla_put_u64_64bit(msg, MMLAB_A_FIT_CLASS_HOLES, hist->holes[k],
			      MMLAB_A_FIT_CLASS_PAD) ||
	    nla_put_u64_64bit(msg, MMLAB_A_FIT_CLASS_HOLE_FRAMES,
			      hist->units[k], MMLAB_A_FIT_CLASS_PAD) ||
	    nla_put_s32(msg, MMLAB_A_FIT_CLASS_UNUSABLE,
			mmlab_unusable_index(k, &info)) ||
	    nla_put_s32(msg, MMLAB_A_FIT_CLASS_EXTFRAG,
			mmlab_extfrag_index(k, &info)))
		return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

static int put_fit(struct sk_buff *msg, const struct mmlab_handles *h)
{
	const struct mmlab_fit *fit = &h->fit;
	struct mmlab_fit_hist hist;
	struct mmlab_fit_stats st;
	struct nlattr *nest;
	unsigned int k;

	mmlab_fit_get_stats(fit, &st);
	mmlab_fit_histogram(fit, &hist);
	nest = nla_nest_start(msg, MMLAB_A_FIT);
	if (!nest ||
	    put_f64(msg, MMLAB_A_FIT_FRAMES, st.nr_units) ||
	    put_f64(msg, MMLAB_A_FIT_FREE, st.free_units) ||
	    put_f64(msg, MMLAB_A_FIT_HOLES, st.holes) ||
	    put_f64(msg, MMLAB_A_FIT_USED, st.used_blocks) ||
	    put_f64(msg, MMLAB_A_FIT_LARGEST, st.largest_hole) ||
	    put_f64(msg, MMLAB_A_FIT_ALLOCS, st.ev.allocs) ||
	    put_f64(msg, MMLAB_A_FIT_FREES, st.ev.frees) ||
	    put_f64(msg, MMLAB_A_FIT_FAILURES, st.ev.failures) ||
	    put_f64(msg, MMLAB_A_FIT_FAIL_FRAG, st.ev.fail_frag) ||
	    put_f64(msg, MMLAB_A_FIT_SEARCH_STEPS, st.ev.search_steps) ||
	    put_f64(msg, MMLAB_A_FIT_INSERT_STEPS, st.ev.insert_steps) ||
	    put_f64(msg, MMLAB_A_FIT_SPLITS, st.ev.splits) ||
	    put_f64(msg, MMLAB_A_FIT_COALESCES, st.ev.coalesces) ||
	    put_f64(msg, MMLAB_A_FIT_INTERNAL_FRAG,
		    mmlab_handles_internal_frag(h)))
		return -EMSGSIZE;
	for (k = 0; k <= ilog2(fit->nr_units); k++)
		if (put_class(msg, fit, &hist, k))
			return -EMSGSIZE;
	nla_nest_end(msg, nest);
	return 0;
}

/**
 * mmlab_nl_put_allocator - which allocator is in charge, as attributes
 * @msg: the message
 * @h: the handle table (under mmlab.buddy_lock)
 * @numbers: add the fit allocator's %MMLAB_A_FIT (not in events)
 *
 * Return: 0 or -EMSGSIZE.
 */
int mmlab_nl_put_allocator(struct sk_buff *msg, const struct mmlab_handles *h,
			   bool numbers)
{
	if (!mmlab_handles_fit_on(h))
		return nla_put_u32(msg, MMLAB_A_ALLOCATOR, MMLAB_ALLOCATOR_BUDDY);
	if (nla_put_u32(msg, MMLAB_A_ALLOCATOR, MMLAB_ALLOCATOR_FIT) ||
	    nla_put_u32(msg, MMLAB_A_FIT_POLICY, h->fit.policy))
		return -EMSGSIZE;
	return numbers ? put_fit(msg, h) : 0;
}

static int fill_allocator(struct sk_buff *msg, const void *arg)
{
	return mmlab_nl_put_allocator(msg, arg, true);
}

/* The reply holds one class per order of the arena's size, at most 28. */
#define MMLAB_NL_FIT_SIZE	(NLMSG_GOODSIZE + 40 * 64)

/**
 * mmlab_nl_allocator_get - %MMLAB_CMD_ALLOCATOR_GET
 * @skb: the request
 * @info: its info
 *
 * Return: 0 or an error with an extack message.
 */
int mmlab_nl_allocator_get(struct sk_buff *skb, struct genl_info *info)
{
	int ret;

	mmlab_stat_add(MMLAB_STAT_NL_REQUESTS, 1);
	ret = mmlab_nl_only(info->nlhdr, info->extack, 0);
	if (!ret) {
		mmlab_buddy_lock();
		ret = mmlab_nl_reply_size(info, MMLAB_CMD_ALLOCATOR_GET,
					  MMLAB_NL_FIT_SIZE, fill_allocator,
					  &mmlab.handles);
		mmlab_buddy_unlock(false);
	}
	return mmlab_nl_done(ret);
}

/* What is allocated, for the -EBUSY message. */
static void say_busy(struct genl_info *info, const struct mmlab_handles *h)
{
	if (mmlab_handles_fit_on(h))
		GENL_SET_ERR_MSG(info,
				 "partitions are allocated: free them first");
	else if (h->live)
		GENL_SET_ERR_MSG(info,
				 "blocks are allocated through netlink: free them first");
	else
		GENL_SET_ERR_MSG(info,
				 "blocks are allocated by mmlab itself: the arena is not empty");
}

/**
 * mmlab_nl_allocator_set - %MMLAB_CMD_ALLOCATOR_SET
 * @skb: the request
 * @info: its info
 *
 * Return: 0 or an error with an extack message; nothing changes on error.
 */
int mmlab_nl_allocator_set(struct sk_buff *skb, struct genl_info *info)
{
	struct nlattr **tb = info->attrs;
	struct mmlab_handles *h = &mmlab.handles;
	struct mmlab_event_info ev = { 0 };
	unsigned int cpu;
	enum mmlab_fit_policy was_policy;
	bool changed, was_fit;
	int ret;

	mmlab_stat_add(MMLAB_STAT_NL_REQUESTS, 1);
	ret = mmlab_nl_admin(skb, info);
	if (!ret)
		ret = mmlab_nl_only(info->nlhdr, info->extack,
				    BIT_ULL(MMLAB_A_ALLOCATOR) |
				    BIT_ULL(MMLAB_A_FIT_POLICY));
	if (ret)
		return mmlab_nl_done(ret);
	if (!tb[MMLAB_A_ALLOCATOR]) {
		GENL_SET_ERR_MSG(info, "needs the allocator to use");
		return mmlab_nl_done(-EINVAL);
	}
	ev.allocator = nla_get_u32(tb[MMLAB_A_ALLOCATOR]);
	ev.fit_policy = tb[MMLAB_A_FIT_POLICY] ?
			nla_get_u32(tb[MMLAB_A_FIT_POLICY]) : MMLAB_FIT_FIRST;
	if (ev.allocator == MMLAB_ALLOCATOR_BUDDY && tb[MMLAB_A_FIT_POLICY]) {
		NL_SET_ERR_MSG_ATTR(info->extack, tb[MMLAB_A_FIT_POLICY],
				    "a fit policy is for the fit allocator");
		return mmlab_nl_done(-EINVAL);
	}

	cpu = mmlab_buddy_lock();
	was_fit = mmlab_handles_fit_on(h);
	was_policy = h->fit.policy;
	if (ev.allocator == MMLAB_ALLOCATOR_FIT)
		ret = mmlab_handles_use_fit(h, ev.fit_policy, cpu);
	else
		ret = mmlab_handles_use_buddy(h, cpu);
	if (ret == -EBUSY)
		say_busy(info, h);
	else if (ret == -EINVAL)
		GENL_SET_ERR_MSG(info,
				 "the arena has too many frames for the fit allocator");
	else if (ret == -ENOMEM)
		GENL_SET_ERR_MSG(info, "no memory for the fit allocator's table");
	else if (ret)
		GENL_SET_ERR_MSG(info, "the buddy could not lend its frames");
	/* what the core did, not what was asked: a no-op sends no event */
	changed = was_fit != mmlab_handles_fit_on(h) ||
		  (was_fit && was_policy != h->fit.policy);
	/* a reply that cannot be sent does not undo the change */
	if (!ret)
		ret = mmlab_nl_reply_size(info, MMLAB_CMD_ALLOCATOR_SET,
					  MMLAB_NL_FIT_SIZE, fill_allocator, h);
	mmlab_buddy_unlock(changed);
	if (changed)
		mmlab_genl_event(MMLAB_EVENT_ALLOCATOR, &ev);
	return mmlab_nl_done(ret);
}
