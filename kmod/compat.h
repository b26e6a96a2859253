/* SPDX-License-Identifier: GPL-2.0 */
/*
 * compat.h - the differences between the kernels mmlab builds against
 * (6.1 and 6.12), kept in one place. Everything else is written against
 * what both offer: classic genl_ops with a per-op policy, NLA_U32/NLA_U64,
 * fixed-string extack messages.
 */
#ifndef _MMLAB_COMPAT_H
#define _MMLAB_COMPAT_H

#include <linux/mmzone.h>
#include <linux/version.h>
#include <net/genetlink.h>

/*
 * The largest order the page allocator hands out in one block. 6.8 renamed
 * MAX_ORDER to MAX_PAGE_ORDER, inclusive; in 6.1 MAX_ORDER was exclusive
 * (orders 0..MAX_ORDER-1). (6.4-6.7, not supported, had an inclusive
 * MAX_ORDER: there this is merely one order too cautious.)
 */
#ifdef MAX_PAGE_ORDER
#define MMLAB_PAGE_ORDER_MAX	MAX_PAGE_ORDER
#else
#define MMLAB_PAGE_ORDER_MAX	(MAX_ORDER - 1)
#endif

/*
 * The attributes of a dump request, parsed and checked against the op's
 * policy by the genl core. 6.2 moved them from genl_dumpit_info's attrs
 * into a struct genl_info inside it (genl_info_dump()).
 */
static inline struct nlattr **mmlab_dump_attrs(struct netlink_callback *cb)
{
#if LINUX_VERSION_CODE >= KERNEL_VERSION(6, 2, 0)
	return genl_info_dump(cb)->attrs;
#else
	return genl_dumpit_info(cb)->attrs;
#endif
}

#endif /* _MMLAB_COMPAT_H */
